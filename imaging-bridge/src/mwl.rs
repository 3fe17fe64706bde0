//! HL7 v2 imaging order → DICOM Modality Worklist items (PS3.4 Annex K, Table K.6-1), per
//! IHE RAD TF-2 Appendix B (Table B-1, "HL7 Order Mapping to DICOM MWL") for ORM^O01 v2.3.1
//! (RAD-2/3/4 with OBR-18/19/20, ZDS-1, ORC-7) and OMI^O23 v2.5.1 (IPC-1..9, TQ1-7/9).
//!
//! # Sources
//! The field table follows the mapping note written for this crate (issue 7), which compares:
//! IHE RAD TF-2 Appendix B Table B-1 as restated (with IHE's notes quoted verbatim) by the
//! dcm4chee-arc HL7 conformance statement (`dcm4chee-arc-hl7cs`, `source/orm/inbound.rst`);
//! dcm4chee-arc-light's `hl7-order2dcm.xsl`; mwlkit 0.1.0 (`map.rs`); and the HL7 v2-to-FHIR IG.
//! Where they disagree, [`MwlOptions`] has one option per disputed field, with the default and
//! each choice's source documented on the option.
//!
//! # Rules
//! - One data set per Scheduled Procedure Step, each with exactly one (0040,0100) item
//!   (PS3.4 K.6.1.2): one per IPC (OMI; IPCs with the same IPC-4 merge their IPC-6 protocol
//!   codes), one per ORC/OBR (ORM; consecutive OBRs with the same OBR-20 merge their
//!   OBR-4.4-6 protocol codes into one step, IHE RAD TF-2 4.4.4.1.2). The rules are chosen by
//!   segment presence (IPC or not), not by MSH-9: dcm4che's `ORM^O01-GeneralOrder.hl7` is an
//!   OMI^O23 with ZDS and OBR-18/19/20.
//! - Type 1 attributes with no source are written present-empty with a warning; Type 2
//!   present-empty; Type 3 omitted. HL7 `""` (explicit null) becomes present-empty (RAD-13
//!   "delete").
//! - Nothing is dropped silently: each field that could not be mapped gives a located
//!   [`Warning`].
//!
//! # Deviations and open points
//! - Character set: `hl7v2-imaging` decodes bytes that are valid UTF-8 as UTF-8 even when
//!   MSH-18 says `8859/1` (dcm4che's OMI sample has a UTF-8 en dash in OBR-31), with a warning;
//!   (0008,0005) is still written from MSH-18 (dcm4chee-arc does the same).
//! - The IHE RAD TF-2 Table B-1 PDF was not read directly: the IHE rows are as the
//!   dcm4chee-arc HL7 conformance statement restates them (it quotes IHE's notes verbatim).
//! - The ORC-1 × ORC-5 rows marked `warn` in [`default_sps_status_map`] extend dcm4chee-arc's
//!   default table; they are this crate's proposal, not any source's.

use crate::ids;
use crate::names::Name;
use crate::v2::{Ce, Dtm, OrderGroup, Seg, View, valid_date};
use crate::{Error, Warning};
use dicom_core::value::DataSetSequence;
use dicom_core::{DataElement, PrimitiveValue, Tag, VR};
use dicom_dictionary_std::tags;
use dicom_object::InMemDicomObject;
use hl7v2_imaging::Message;
use std::collections::BTreeMap;

/// A DICOM data set (dicom-rs in-memory object), as `dicom-json-codec` encodes it.
pub type DataSet = InMemDicomObject;

/// Where (0032,1060) Requested Procedure Description and (0032,1064) Requested Procedure Code
/// Sequence come from.
///
/// IHE RAD TF-2 Table B-1 (via the dcm4chee-arc HL7 conformance statement) and dcm4chee-arc's
/// `hl7-order2dcm.xsl` take OBR-44; mwlkit takes OBR-4.1-3; the HL7 v2-to-FHIR IG maps OBR-4 to
/// `ServiceRequest.code` and leaves OBR-44 unmapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum RequestedProcedureCodeSource {
    /// OBR-44, else OBR-4.1-3 with a warning (default; IHE RAD TF-2 Table B-1, dcm4chee).
    #[default]
    Obr44ThenObr4,
    /// OBR-4.1-3, else OBR-44 (mwlkit's field, with a fallback).
    Obr4ThenObr44,
    /// OBR-44 only.
    Obr44Only,
    /// OBR-4.1-3 only (mwlkit).
    Obr4Only,
}

/// Where an ORM^O01 (v2.3.1, no IPC) takes the Scheduled Protocol Code and the Scheduled
/// Procedure Step Description.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ScheduledProtocolSource {
    /// OBR-4 components 4-6 (default; IHE RAD TF-2 Table B-1, dcm4chee-arc default
    /// `hl7ScheduledProtocolCodeInOrder=OBR_4_4`).
    #[default]
    Obr4Alt,
    /// OBR-4 components 1-3 (dcm4chee-arc option `OBR_4_1`, arc-light issue #579; mwlkit's
    /// description).
    Obr4Primary,
}

/// HL7 priority (TQ.6, table 0027; TQ1-9, table 0485) → (0040,1003) Requested Procedure
/// Priority (enumerated STAT, HIGH, ROUTINE, MEDIUM, LOW).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum PriorityMap {
    /// IHE RAD TF-2 Table B-1 Note 1 (quoted by the dcm4chee-arc HL7 conformance statement, and
    /// used by `hl7-order2dcm.xsl`): S→STAT, A/P/C→HIGH, R→ROUTINE, T→MEDIUM (default).
    #[default]
    Ihe,
    /// mwlkit 0.1.0: S→STAT, A→HIGH, R→ROUTINE, P→MEDIUM, T→HIGH, C unmapped.
    Mwlkit,
}

/// What to do when no Study Instance UID is in the order (IPC-3, ZDS-1, or an OBX with
/// DCM 110180/113014).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum StudyUidPolicy {
    /// Generate a deterministic `2.25` UID from MSH-3, the accession number and the requested
    /// procedure id, with a warning (default; dcm4chee-arc generates one too).
    #[default]
    Generate,
    /// Fail with [`Error::Missing`].
    Refuse,
}

/// What to do with a value longer than its VR allows (PS3.5 §6.2: AE/SH/CS 16, LO/UI/PN 64).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum LengthPolicy {
    /// Keep the value and warn (default; dcm4chee-arc keeps them, pydicom and dcm4che read
    /// them; the dcm4che OMI sample has 20-25 character AE/SH values).
    #[default]
    KeepAndWarn,
    /// Cut to the maximum and warn; AE and UI values are never cut (a cut AE title is another
    /// station, a cut UID another study): they are kept with a warning.
    Truncate,
    /// Fail with [`Error::TooLong`] (mwlkit's default).
    Refuse,
}

/// What a worklist store should do with an item, from ORC-1 × ORC-5 (IHE RAD-4/RAD-13).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SpsAction {
    /// A new step (ORC-1 `NW`).
    Create,
    /// A replacement of an existing step (ORC-1 `XO`, ORC-5 `SC`).
    Replace,
    /// A status update of an existing step.
    Update,
    /// A cancelled step: delete it or mark it (ORC-1 `CA`).
    Cancel,
    /// A discontinued step (ORC-1 `DC`).
    Discontinue,
    /// Unknown combination: the item is produced without (0040,0020) and with a warning.
    Unknown,
}

/// One row of the ORC-1 × ORC-5 → (0040,0020) table.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SpsStatusRule {
    /// The (0040,0020) Scheduled Procedure Step Status value; `None` writes no status.
    pub status: Option<String>,
    /// What the store should do.
    pub action: SpsAction,
    /// Warn when this row is used (rows that extend dcm4chee's default table).
    pub warn: bool,
}

impl SpsStatusRule {
    /// A rule.
    pub fn new(status: Option<&str>, action: SpsAction, warn: bool) -> Self {
        SpsStatusRule {
            status: status.map(str::to_owned),
            action,
            warn,
        }
    }
}

/// The default ORC-1 × ORC-5 table (mapping note Table 1.6a).
///
/// dcm4chee-arc's shipped default (`HL7_ORDER_SPS_STATUSES`): SCHEDULED ← NW_SC, NW_IP, XO_SC;
/// CANCELLED ← CA_CA; DISCONTINUED ← DC_CA; COMPLETED ← XO_CM. PS3.3 C.4.10 defines only
/// SCHEDULED, ARRIVED, READY and STARTED; CANCELLED, DISCONTINUED and COMPLETED are dcm4chee
/// extensions (use [`SpsAction`] to drop those items when only PS3.3 terms may be written). The
/// rows marked `warn` extend dcm4chee's table (the note's proposal; dcm4chee rejects them).
pub fn default_sps_status_map() -> BTreeMap<(String, String), SpsStatusRule> {
    let rows: &[(&str, &str, Option<&str>, SpsAction, bool)] = &[
        ("NW", "SC", Some("SCHEDULED"), SpsAction::Create, false),
        ("NW", "IP", Some("SCHEDULED"), SpsAction::Create, false),
        ("NW", "", Some("SCHEDULED"), SpsAction::Create, true),
        ("XO", "SC", Some("SCHEDULED"), SpsAction::Replace, false),
        ("XO", "CM", Some("COMPLETED"), SpsAction::Update, false),
        ("CA", "CA", Some("CANCELLED"), SpsAction::Cancel, false),
        (
            "DC",
            "CA",
            Some("DISCONTINUED"),
            SpsAction::Discontinue,
            false,
        ),
        ("XO", "IP", Some("STARTED"), SpsAction::Update, true),
        ("SC", "IP", Some("STARTED"), SpsAction::Update, true),
        ("SC", "CM", Some("COMPLETED"), SpsAction::Update, true),
        (
            "SC",
            "DC",
            Some("DISCONTINUED"),
            SpsAction::Discontinue,
            true,
        ),
    ];
    rows.iter()
        .map(|(c, s, st, a, w)| {
            (
                ((*c).to_owned(), (*s).to_owned()),
                SpsStatusRule::new(*st, *a, *w),
            )
        })
        .collect()
}

/// Options of the order → worklist mapping. `Default` gives the documented defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MwlOptions {
    /// (0032,1060)/(0032,1064) source. Default OBR-44 then OBR-4.
    pub requested_procedure_code_source: RequestedProcedureCodeSource,
    /// ORM scheduled protocol source. Default OBR-4.4-6.
    pub scheduled_protocol_source: ScheduledProtocolSource,
    /// Priority table. Default IHE.
    pub priority_map: PriorityMap,
    /// (0040,0001) when the order has no IPC-9 (ORM: IHE says "generated by the DSS").
    pub default_station_ae: Option<String>,
    /// Take (0040,0001) from ORC-18 when IPC-9 is empty (dcm4chee-arc
    /// `hl7ScheduledStationAETInOrder=ORC_18`, arc-light issue #599). Default off.
    pub station_ae_from_orc18: bool,
    /// No Study Instance UID in the order. Default generate (warned).
    pub study_uid_policy: StudyUidPolicy,
    /// Over-long values. Default keep and warn.
    pub length_policy: LengthPolicy,
    /// ORC-1 × ORC-5 → (0040,0020). Default [`default_sps_status_map`].
    pub sps_status: BTreeMap<(String, String), SpsStatusRule>,
    /// (0008,0005) to write instead of the one derived from MSH-18 (dcm4chee-arc
    /// `hl7DICOMCharacterSet`). Default none.
    pub character_set_override: Option<String>,
    /// When no start time is in ORC-7.4/OBR-27.4/OBR-36 (ORM) or TQ1-7 (OMI), use ORC-15
    /// (order effective date/time). Default off: the step's start is not invented.
    pub start_fallback_order_effective: bool,
    /// Read an OBR-34 written with components (`^`) instead of CNN subcomponents (`&`) as XCN
    /// (first component numeric or empty) or XPN. Default off (present-empty + warning, as
    /// dcm4chee and mwlkit produce).
    pub lenient_obr34: bool,
    /// Bounds on the output ([`Limits`](crate::Limits)).
    pub limits: crate::Limits,
}

impl Default for MwlOptions {
    fn default() -> Self {
        MwlOptions {
            requested_procedure_code_source: RequestedProcedureCodeSource::default(),
            scheduled_protocol_source: ScheduledProtocolSource::default(),
            priority_map: PriorityMap::default(),
            default_station_ae: None,
            station_ae_from_orc18: false,
            study_uid_policy: StudyUidPolicy::default(),
            length_policy: LengthPolicy::default(),
            sps_status: default_sps_status_map(),
            character_set_override: None,
            start_fallback_order_effective: false,
            lenient_obr34: false,
            limits: crate::Limits::default(),
        }
    }
}

/// One worklist item (one Scheduled Procedure Step).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct MwlItem {
    /// The data set, with exactly one item in (0040,0100).
    pub data_set: DataSet,
    /// What the worklist store should do with it (ORC-1 × ORC-5).
    pub action: SpsAction,
}

/// The result of the order → worklist mapping.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct MwlOutput {
    /// One item per Scheduled Procedure Step, in message order.
    pub items: Vec<MwlItem>,
    /// What could not be mapped, or was mapped by a fallback, located.
    pub warnings: Vec<Warning>,
}

impl MwlOutput {
    /// The items as a DICOM JSON array (PS3.18 F.2), keys in ascending tag order.
    pub fn to_json(&self, pretty: bool) -> Result<Vec<u8>, Error> {
        let sets: Vec<DataSet> = self.items.iter().map(|i| i.data_set.clone()).collect();
        let mut opts = dicom_json_codec::EncodeOptions::new();
        opts.pretty(pretty);
        opts.to_vec_array(&sets)
            .map_err(|e| Error::invalid("MWL item", format!("DICOM JSON encoding: {e}")))
    }
}

/// Parse an HL7 v2 message and map it with [`order_to_mwl`].
pub fn order_bytes_to_mwl(input: &[u8], opts: &MwlOptions) -> Result<MwlOutput, Error> {
    let msg = Message::parse(input).map_err(|e| Error::Hl7(e.to_string()))?;
    order_to_mwl(&msg, opts)
}

/// Map an ORM^O01, OMI^O23 or OMG^O19 order to worklist items (module docs give the rules).
///
/// ```
/// use imaging_bridge::{MwlOptions, order_bytes_to_mwl};
/// let er7 = b"MSH|^~\\&|RIS|H|PACS|H|20240101||ORM^O01|M1|P|2.3.1\r\
/// PID|||12345^^^HOSP||DOE^JANE||19700101|F\r\
/// ORC|NW|A100|||SC||^^^20240102080000^^R\r\
/// OBR|1|A100||CT1^CT HEAD^LOCAL||||||||||||||ACC1|RP1|SPS1||||CT\r\
/// ZDS|1.2.3.4^100^Application^DICOM\r";
/// let out = order_bytes_to_mwl(er7, &MwlOptions::default())?;
/// let ds = &out.items[0].data_set;
/// let get = |t| ds.get(t).and_then(|e| e.to_str().ok()).unwrap_or_default().into_owned();
/// assert_eq!(get(dicom_dictionary_std::tags::ACCESSION_NUMBER), "ACC1");
/// assert_eq!(get(dicom_dictionary_std::tags::PATIENT_NAME), "DOE^JANE");
/// assert_eq!(get(dicom_dictionary_std::tags::REQUESTED_PROCEDURE_PRIORITY), "ROUTINE");
/// # Ok::<(), imaging_bridge::Error>(())
/// ```
pub fn order_to_mwl(msg: &Message<'_>, opts: &MwlOptions) -> Result<MwlOutput, Error> {
    let view = order_view(msg)?;
    crate::Limits::check(opts.limits.max_orders, view.groups.len(), "max_orders")?;
    let mut ctx = Ctx {
        opts,
        warnings: Vec::new(),
    };
    structure_warnings(msg, &mut ctx.warnings);
    let mut common = DataSet::new_empty();
    ctx.character_set(&view, msg, &mut common);
    ctx.patient(&view, &mut common)?;
    let mut items: Vec<MwlItem> = Vec::new();
    // The SPS id of the previous ORM step, to merge OBRs sharing OBR-20.
    let mut prev_orm_sps: Option<(String, usize)> = None;
    for g in &view.groups {
        if g.ipcs.is_empty() {
            let sps_id = g.obr.map(|o| o.c(20, 1)).unwrap_or_default();
            if let Some((prev, idx)) = &prev_orm_sps
                && !sps_id.is_empty()
                && *prev == sps_id
                && let Some(item) = items.get_mut(*idx)
            {
                ctx.merge_orm_protocol(g, &mut item.data_set)?;
                continue;
            }
            crate::Limits::check(opts.limits.max_items, items.len() + 1, "max_items")?;
            let item = ctx.step(&view, g, None, &common)?;
            prev_orm_sps = Some((sps_id, items.len()));
            items.push(item);
        } else {
            // One step per IPC; IPCs with the same IPC-4 merge their IPC-6.
            let mut seen: Vec<(String, usize)> = Vec::new();
            for ipc in &g.ipcs {
                let sps_id = ipc.c(4, 1);
                if let Some((_, idx)) = seen.iter().find(|(s, _)| !s.is_empty() && *s == sps_id)
                    && let Some(item) = items.get_mut(*idx)
                {
                    ctx.merge_ipc_protocol(ipc, &mut item.data_set)?;
                    continue;
                }
                seen.push((sps_id, items.len()));
                crate::Limits::check(opts.limits.max_items, items.len() + 1, "max_items")?;
                let item = ctx.step(&view, g, Some(ipc), &common)?;
                items.push(item);
            }
        }
    }
    request_level_consistency(&items, &mut ctx.warnings);
    crate::v2::warn_unread(msg, MWL_FIELDS, "the worklist", &mut ctx.warnings);
    Ok(MwlOutput {
        items,
        warnings: ctx.warnings,
    })
}

/// The fields the worklist mapping reads (module docs; mapping note §1).
const MWL_FIELDS: crate::v2::UsedFields = &[
    ("PID", &[1, 3, 5, 6, 7, 8, 18]),
    ("PV1", &[1, 2, 3, 8, 15, 19]),
    ("NTE", &[1, 2, 3]),
    ("ORC", &[1, 2, 3, 5, 7, 12, 15, 18]),
    ("TQ1", &[1, 7, 9]),
    (
        "OBR",
        &[
            1, 2, 3, 4, 12, 13, 16, 18, 19, 20, 24, 27, 30, 31, 34, 36, 44,
        ],
    ),
    ("OBX", &[1, 2, 3, 5, 6, 11]),
    ("IPC", &[1, 2, 3, 4, 5, 6, 7, 8, 9]),
    ("ZDS", &[1]),
];

/// The message as an order, or why not.
pub(crate) fn order_view<'a>(msg: &Message<'a>) -> Result<View<'a>, Error> {
    let view = View::new(msg).ok_or_else(|| Error::WrongMessage {
        location: "MSH".into(),
        message: "no MSH segment".into(),
    })?;
    let code = view.msh.c(9, 1);
    if !matches!(code.as_str(), "ORM" | "OMI" | "OMG") {
        return Err(Error::WrongMessage {
            location: "MSH-9".into(),
            message: format!("`{code}` is not an imaging order (ORM^O01, OMI^O23 or OMG^O19)"),
        });
    }
    if view.groups.is_empty() {
        return Err(Error::Missing {
            location: "ORC".into(),
            what: "ORC segment (common order)",
        });
    }
    Ok(view)
}

/// Grammar and character-set findings of `hl7v2-imaging`, as warnings (the mapping goes on).
pub(crate) fn structure_warnings(msg: &Message<'_>, warnings: &mut Vec<Warning>) {
    let (code, _, _) = msg.message_type();
    if code != "OMG"
        && let Err(e) = hl7v2_imaging::typed::OrderMessage::from_message(msg)
    {
        warnings.push(Warning::new(
            "MSH-9",
            format!("message structure does not match HL7's ({e}); mapped segment by segment"),
        ));
    }
    let info = msg.charset_info();
    if info.mismatch {
        warnings.push(Warning::new(
            "MSH-18",
            format!(
                "MSH-18 `{}` does not match the bytes; text decoded as {}",
                info.declared.trim(),
                info.effective.as_str()
            ),
        ));
    }
}

fn request_level_consistency(items: &[MwlItem], warnings: &mut Vec<Warning>) {
    for tag in [
        tags::ACCESSION_NUMBER,
        tags::REQUESTED_PROCEDURE_ID,
        tags::STUDY_INSTANCE_UID,
    ] {
        let mut values: Vec<String> = items.iter().map(|i| text(&i.data_set, tag)).collect();
        values.sort();
        values.dedup();
        if values.len() > 1 {
            warnings.push(Warning::new(
                tag_str(tag),
                format!(
                    "the message's steps disagree ({}); IHE RAD-4 expects one requested procedure per message",
                    values.join(", ")
                ),
            ));
        }
    }
}

/// A string value of a data set element, empty when absent.
pub(crate) fn text(ds: &DataSet, tag: Tag) -> String {
    ds.get(tag)
        .and_then(|e| e.to_str().ok())
        .map(|s| s.into_owned())
        .unwrap_or_default()
}

/// `(GGGG,EEEE)`.
pub(crate) fn tag_str(tag: Tag) -> String {
    format!("({:04X},{:04X})", tag.0, tag.1)
}

/// PS3.5 §6.2 maximum value length in characters, for the VRs written here.
fn max_len(vr: VR) -> Option<usize> {
    Some(match vr {
        VR::AE | VR::SH | VR::CS | VR::DS => 16,
        VR::LO | VR::UI | VR::PN => 64,
        VR::DA => 8,
        VR::TM => 14,
        VR::LT => 10240,
        _ => return None,
    })
}

fn vr_name(vr: VR) -> &'static str {
    vr.to_string()
}

struct Ctx<'o> {
    opts: &'o MwlOptions,
    warnings: Vec<Warning>,
}

fn put_empty(ds: &mut DataSet, tag: Tag, vr: VR) {
    ds.put(DataElement::new(tag, vr, PrimitiveValue::Empty));
}

fn put_seq(ds: &mut DataSet, tag: Tag, items: Vec<DataSet>) {
    ds.put(DataElement::new(tag, VR::SQ, DataSetSequence::from(items)));
}

impl Ctx<'_> {
    fn warn(&mut self, loc: impl Into<String>, msg: impl Into<String>) {
        self.warnings.push(Warning::new(loc, msg));
    }

    /// Check a value's length against its VR and apply the [`LengthPolicy`].
    fn fit(&mut self, tag: Tag, vr: VR, value: &str, loc: &str) -> Result<String, Error> {
        if value.contains('\\') && !matches!(vr, VR::LT | VR::ST | VR::UT | VR::UR) {
            self.warn(
                format!("{} {}", tag_str(tag), loc),
                format!(
                    "`\\` is the DICOM value delimiter (PS3.5 §6.4): VR {} readers will see several values",
                    vr_name(vr)
                ),
            );
        }
        let Some(max) = max_len(vr) else {
            return Ok(value.to_owned());
        };
        let len = if vr == VR::PN {
            value
                .split('=')
                .map(|g| g.chars().count())
                .max()
                .unwrap_or(0)
        } else {
            value.chars().count()
        };
        if len <= max {
            return Ok(value.to_owned());
        }
        let at = format!("{} {}", tag_str(tag), loc);
        match self.opts.length_policy {
            LengthPolicy::Refuse => Err(Error::TooLong {
                location: at,
                vr: vr_name(vr),
                len,
                max,
            }),
            LengthPolicy::Truncate if !matches!(vr, VR::AE | VR::UI | VR::PN) => {
                self.warn(
                    at,
                    format!(
                        "{len} characters, longer than VR {} allows ({max}); truncated",
                        vr_name(vr)
                    ),
                );
                Ok(value.chars().take(max).collect())
            }
            _ => {
                self.warn(
                    at,
                    format!(
                        "{len} characters, longer than VR {} allows ({max}); kept",
                        vr_name(vr)
                    ),
                );
                Ok(value.to_owned())
            }
        }
    }

    /// A value, or present-empty when `value` is empty or `""`.
    fn put(
        &mut self,
        ds: &mut DataSet,
        tag: Tag,
        vr: VR,
        value: &str,
        loc: &str,
    ) -> Result<(), Error> {
        if value.is_empty() || value == "\"\"" {
            put_empty(ds, tag, vr);
            return Ok(());
        }
        let v = self.fit(tag, vr, value, loc)?;
        ds.put(DataElement::new(tag, vr, PrimitiveValue::from(v)));
        Ok(())
    }

    /// The valued NTE-3 texts of `ntes` joined with CR LF as one LT, located at the first NTE;
    /// nothing when none is valued.
    fn put_notes(&mut self, ds: &mut DataSet, tag: Tag, ntes: &[Seg<'_>]) -> Result<(), Error> {
        let notes: Vec<String> = ntes
            .iter()
            .map(|n| n.c(3, 1))
            .filter(|s| !s.is_empty())
            .collect();
        if notes.is_empty() {
            return Ok(());
        }
        let loc = ntes.first().map(|n| n.loc(3)).unwrap_or_default();
        self.put(ds, tag, VR::LT, &notes.join("\r\n"), &loc)
    }

    /// Type 1: as [`Ctx::put`], with a warning when empty.
    fn put1(
        &mut self,
        ds: &mut DataSet,
        tag: Tag,
        vr: VR,
        value: &str,
        loc: &str,
        what: &str,
    ) -> Result<(), Error> {
        if value.is_empty() {
            self.warn(
                loc,
                format!("{what} missing: {} (Type 1) written empty", tag_str(tag)),
            );
        }
        self.put(ds, tag, vr, value, loc)
    }

    /// Type 3: only when valued (`""` gives present-empty, the RAD-13 delete).
    fn put3(
        &mut self,
        ds: &mut DataSet,
        tag: Tag,
        vr: VR,
        value: &str,
        loc: &str,
    ) -> Result<(), Error> {
        if value.is_empty() {
            return Ok(());
        }
        self.put(ds, tag, vr, value, loc)
    }

    /// Several values (VM 1-n); present-empty when none.
    fn put_multi(
        &mut self,
        ds: &mut DataSet,
        tag: Tag,
        vr: VR,
        values: &[String],
        loc: &str,
    ) -> Result<(), Error> {
        let mut out = Vec::new();
        for v in values.iter().filter(|v| !v.is_empty()) {
            out.push(self.fit(tag, vr, v, loc)?);
        }
        if out.is_empty() {
            put_empty(ds, tag, vr);
        } else {
            ds.put(DataElement::new(tag, vr, PrimitiveValue::Strs(out.into())));
        }
        Ok(())
    }

    /// A code sequence item (PS3.3 Table 8.8-1): (0008,0100), (0008,0102), (0008,0104).
    /// Written only when code value and scheme are present; an empty meaning takes the code.
    fn code_item(&mut self, ce: &Ce, loc: &str) -> Result<Option<DataSet>, Error> {
        if ce.code.is_empty() || ce.system.is_empty() {
            if !ce.is_empty() {
                self.warn(
                    loc,
                    format!(
                        "code `{}^{}^{}` has no code value or coding scheme: no code item written",
                        ce.code, ce.text, ce.system
                    ),
                );
            }
            return Ok(None);
        }
        let mut item = DataSet::new_empty();
        self.put(&mut item, tags::CODE_VALUE, VR::SH, &ce.code, loc)?;
        self.put(
            &mut item,
            tags::CODING_SCHEME_DESIGNATOR,
            VR::SH,
            &ce.system,
            loc,
        )?;
        let meaning = if ce.text.is_empty() {
            self.warn(loc, "code has no text: code value used as code meaning");
            &ce.code
        } else {
            &ce.text
        };
        self.put(&mut item, tags::CODE_MEANING, VR::LO, meaning, loc)?;
        Ok(Some(item))
    }

    /// An issuer item (PS3.3 Table 10-17 HL7v2 Hierarchic Designator Macro) from the
    /// namespace id, universal id and its type; `None` when all are empty.
    fn issuer_item(
        &mut self,
        ns: &str,
        uid: &str,
        uid_type: &str,
        loc: &str,
    ) -> Result<Option<DataSet>, Error> {
        if ns.is_empty() && uid.is_empty() && uid_type.is_empty() {
            return Ok(None);
        }
        let mut item = DataSet::new_empty();
        self.put3(&mut item, tags::LOCAL_NAMESPACE_ENTITY_ID, VR::UT, ns, loc)?;
        self.put3(&mut item, tags::UNIVERSAL_ENTITY_ID, VR::UT, uid, loc)?;
        self.put3(
            &mut item,
            tags::UNIVERSAL_ENTITY_ID_TYPE,
            VR::CS,
            uid_type,
            loc,
        )?;
        Ok(Some(item))
    }

    /// (0008,0005) from MSH-18 (HL7 table 0211 → PS3.3 C.12.1.1.2; dcm4chee-arc HL7
    /// conformance statement `tab_hl7_dicom_charset`).
    fn character_set(&mut self, view: &View<'_>, msg: &Message<'_>, ds: &mut DataSet) {
        if let Some(cs) = &self.opts.character_set_override {
            ds.put(DataElement::new(
                tags::SPECIFIC_CHARACTER_SET,
                VR::CS,
                PrimitiveValue::from(cs.clone()),
            ));
            return;
        }
        let declared = view.msh.c(18, 1);
        let key = declared.trim().to_ascii_uppercase();
        let value: Option<&[&str]> = match key.as_str() {
            "" | "ASCII" => None,
            "8859/1" => Some(&["ISO_IR 100"]),
            "8859/2" => Some(&["ISO_IR 101"]),
            "8859/3" => Some(&["ISO_IR 109"]),
            "8859/4" => Some(&["ISO_IR 110"]),
            "8859/5" => Some(&["ISO_IR 144"]),
            "8859/6" => Some(&["ISO_IR 127"]),
            "8859/7" => Some(&["ISO_IR 126"]),
            "8859/8" => Some(&["ISO_IR 138"]),
            "8859/9" => Some(&["ISO_IR 148"]),
            "8859/15" => Some(&["ISO_IR 203"]),
            "ISO IR14" => Some(&["ISO_IR 13"]),
            "ISO IR87" => Some(&["", "ISO 2022 IR 87"]),
            "ISO IR159" => Some(&["", "ISO 2022 IR 159"]),
            "KS X 1001" => Some(&["", "ISO 2022 IR 149"]),
            "UNICODE UTF-8" => Some(&["ISO_IR 192"]),
            "GB 18030-2000" => Some(&["GB18030"]),
            _ => {
                self.warn(
                    "MSH-18",
                    format!(
                        "character set `{declared}` has no DICOM equivalent: (0008,0005) omitted"
                    ),
                );
                None
            }
        };
        if declared.trim().is_empty() && view.msh.has(18) {
            self.warn(
                "MSH-18",
                "blank MSH-18 read as ASCII (the HL7 default): (0008,0005) omitted",
            );
        }
        if let Some(v) = value {
            // The bytes were decoded to UTF-8 by hl7v2-imaging; when they were not in the
            // declared set, say that DICOM readers will see UTF-8 text under this term.
            let info = msg.charset_info();
            if info.mismatch {
                self.warn(
                    "MSH-18",
                    format!(
                        "text was decoded as {}, not as declared; (0008,0005) written from MSH-18",
                        info.effective.as_str()
                    ),
                );
            }
            let vals: Vec<String> = v.iter().map(|s| (*s).to_owned()).collect();
            ds.put(DataElement::new(
                tags::SPECIFIC_CHARACTER_SET,
                VR::CS,
                PrimitiveValue::Strs(vals.into()),
            ));
        }
    }

    /// Patient identification, demographics, medical and visit attributes (PS3.4 Table K.6-1;
    /// mapping note §1.2-1.3).
    fn patient(&mut self, view: &View<'_>, ds: &mut DataSet) -> Result<(), Error> {
        let Some(pid) = view.pid else {
            self.warn("PID", "no PID segment: patient attributes written empty");
            for (t, vr) in [
                (tags::PATIENT_NAME, VR::PN),
                (tags::PATIENT_ID, VR::LO),
                (tags::PATIENT_BIRTH_DATE, VR::DA),
                (tags::PATIENT_SEX, VR::CS),
            ] {
                put_empty(ds, t, vr);
            }
            return Ok(());
        };
        // (0010,0010) PID-5 first repetition, XPN → PN (PS3.5 §6.2).
        let name = Name::from_xpn(pid.rep1(5), 0);
        if !name.suffix.is_empty() || !name.prefix.is_empty() {
            self.warn(
                pid.loc(5),
                "name prefix/suffix reordered to DICOM PN order (PS3.5 §6.2)",
            );
        }
        if pid.is_null(5) {
            put_empty(ds, tags::PATIENT_NAME, VR::PN);
        } else {
            self.put(ds, tags::PATIENT_NAME, VR::PN, &name.to_pn(), &pid.loc(5))?;
        }
        // (0010,0020)/(0010,0021)/(0010,0024) PID-3 first repetition.
        let ids = pid.reps(3);
        let first = ids.first().copied();
        let id = crate::v2::comp(first, 1);
        self.put1(
            ds,
            tags::PATIENT_ID,
            VR::LO,
            &id,
            &pid.loc(3),
            "patient id (PID-3.1)",
        )?;
        let issuer = crate::v2::sub(first, 4, 1);
        self.put3(
            ds,
            tags::ISSUER_OF_PATIENT_ID,
            VR::LO,
            &issuer,
            &pid.loc_c(3, 4),
        )?;
        let uid = crate::v2::sub(first, 4, 2);
        if !uid.is_empty() {
            let t = crate::v2::sub(first, 4, 3);
            if let Some(item) = self.issuer_item("", &uid, &t, &pid.loc_c(3, 4))? {
                put_seq(
                    ds,
                    tags::ISSUER_OF_PATIENT_ID_QUALIFIERS_SEQUENCE,
                    vec![item],
                );
            }
        }
        // (0010,1002) Other Patient IDs Sequence from PID-3 repetitions 2..n.
        let mut others = Vec::new();
        for (i, rep) in ids.iter().enumerate().skip(1) {
            let loc = format!("{}[{}]", pid.loc(3), i + 1);
            let mut item = DataSet::new_empty();
            self.put(
                &mut item,
                tags::PATIENT_ID,
                VR::LO,
                &crate::v2::comp(Some(*rep), 1),
                &loc,
            )?;
            self.put3(
                &mut item,
                tags::ISSUER_OF_PATIENT_ID,
                VR::LO,
                &crate::v2::sub(Some(*rep), 4, 1),
                &loc,
            )?;
            self.put(&mut item, tags::TYPE_OF_PATIENT_ID, VR::CS, "TEXT", &loc)?;
            others.push(item);
        }
        if !others.is_empty() {
            put_seq(ds, tags::OTHER_PATIENT_I_DS_SEQUENCE, others);
        }
        // (0010,0030) PID-7 first 8 digits, validated.
        let birth = pid.c(7, 1);
        let date = birth.get(..8).unwrap_or("");
        if birth.is_empty() || birth == "\"\"" {
            put_empty(ds, tags::PATIENT_BIRTH_DATE, VR::DA);
        } else if valid_date(date) {
            self.put(ds, tags::PATIENT_BIRTH_DATE, VR::DA, date, &pid.loc(7))?;
            if birth.len() > 8 {
                self.warn(
                    pid.loc(7),
                    "time of birth not mapped ((0010,0032) is Type 3)",
                );
            }
        } else {
            self.warn(
                pid.loc(7),
                format!("`{birth}` is not a date: (0010,0030) written empty"),
            );
            put_empty(ds, tags::PATIENT_BIRTH_DATE, VR::DA);
        }
        // (0010,0040) PID-8 (table 0001 → M/F/O).
        let sex = pid.c(8, 1);
        let dicom_sex = match sex.as_str() {
            "M" | "F" | "O" => sex.clone(),
            "A" | "N" => {
                self.warn(
                    pid.loc(8),
                    format!("sex `{sex}` written as O (dcm4chee-arc `sex` template)"),
                );
                "O".into()
            }
            "" | "U" | "\"\"" => String::new(),
            other => {
                self.warn(
                    pid.loc(8),
                    format!("sex `{other}` is not in HL7 table 0001: written empty"),
                );
                String::new()
            }
        };
        self.put(ds, tags::PATIENT_SEX, VR::CS, &dicom_sex, &pid.loc(8))?;
        // (0010,1060) PID-6 mother's maiden name.
        let mother = Name::from_xpn(pid.rep1(6), 0);
        if !mother.is_empty() {
            self.put(
                ds,
                tags::PATIENT_MOTHER_BIRTH_NAME,
                VR::PN,
                &mother.to_pn(),
                &pid.loc(6),
            )?;
        }
        // (0010,4000) NTE-3 after PID.
        self.put_notes(ds, tags::PATIENT_COMMENTS, &view.pid_ntes)?;
        self.visit(view, pid, ds)
    }

    fn visit(&mut self, view: &View<'_>, pid: Seg<'_>, ds: &mut DataSet) -> Result<(), Error> {
        let pv1 = view.pv1;
        // (0008,0090) Referring Physician's Name: PV1-8 only (IHE Table B-1); Type 2.
        let referring = pv1
            .map(|p| Name::from_xpn(p.rep1(8), 1))
            .unwrap_or_default();
        let loc = pv1.map(|p| p.loc(8)).unwrap_or_else(|| "PV1-8".into());
        self.put(
            ds,
            tags::REFERRING_PHYSICIAN_NAME,
            VR::PN,
            &referring.to_pn(),
            &loc,
        )?;
        // (0038,0010) Admission ID: PV1-19.1, else PID-18.1 (dcm4chee-arc HL7 CS note 3).
        let visit = pv1.map(|p| p.c(19, 1)).unwrap_or_default();
        if !visit.is_empty() {
            let p = pv1.map(|p| p.loc(19)).unwrap_or_default();
            self.put(ds, tags::ADMISSION_ID, VR::LO, &visit, &p)?;
            if let Some(p1) = pv1 {
                let r = p1.rep1(19);
                let (ns, uid, t) = (
                    crate::v2::sub(r, 4, 1),
                    crate::v2::sub(r, 4, 2),
                    crate::v2::sub(r, 4, 3),
                );
                if let Some(item) = self.issuer_item(&ns, &uid, &t, &p1.loc_c(19, 4))? {
                    put_seq(ds, tags::ISSUER_OF_ADMISSION_ID_SEQUENCE, vec![item]);
                }
            }
        } else {
            let account = pid.c(18, 1);
            if !account.is_empty() {
                self.warn(
                    pid.loc(18),
                    "no PV1-19: admission id taken from PID-18 (patient account number)",
                );
                self.put(ds, tags::ADMISSION_ID, VR::LO, &account, &pid.loc(18))?;
            }
        }
        let Some(pv1) = pv1 else {
            return Ok(());
        };
        // (0038,0016) Route of Admissions: PV1-2 (Type 3; no invented `U`).
        self.put3(
            ds,
            tags::ROUTE_OF_ADMISSIONS,
            VR::LO,
            &pv1.c(2, 1),
            &pv1.loc(2),
        )?;
        // (0038,0300) Current Patient Location: PV1-3 PL.1-3 joined by a space.
        let pl: Vec<String> = (1..=3)
            .map(|c| pv1.c(3, c))
            .filter(|s| !s.is_empty())
            .collect();
        if !pl.is_empty() {
            self.put(
                ds,
                tags::CURRENT_PATIENT_LOCATION,
                VR::LO,
                &pl.join(" "),
                &pv1.loc(3),
            )?;
        }
        // (0010,21C0) Pregnancy Status: PV1-15 `B6` → 3 (dcm4chee-arc `pregnancyStatus`).
        let amb = pv1.c(15, 1);
        if amb == "B6" {
            ds.put(DataElement::new(
                tags::PREGNANCY_STATUS,
                VR::US,
                PrimitiveValue::from(3_u16),
            ));
        } else if !amb.is_empty() {
            self.warn(
                pv1.loc(15),
                format!("ambulatory status `{amb}` has no (0010,21C0) equivalent: not mapped"),
            );
        }
        Ok(())
    }

    /// Weight and size from OBX (dcm4chee-arc HL7 CS note 16).
    fn observations(&mut self, g: &OrderGroup<'_>, ds: &mut DataSet) -> Result<(), Error> {
        for obx in &g.obx {
            let code = obx.c(3, 1);
            let text = obx.c(3, 2).to_ascii_lowercase();
            let unit = obx.c(6, 1);
            let value = obx.c(5, 1);
            let weight = text == "body weight" || matches!(code.as_str(), "29463-7" | "3141-9");
            let height = text == "body height" || code == "8302-2";
            if weight && unit.eq_ignore_ascii_case("kg") {
                self.put(ds, tags::PATIENT_WEIGHT, VR::DS, &value, &obx.loc(5))?;
            } else if height && unit == "m" {
                self.put(ds, tags::PATIENT_SIZE, VR::DS, &value, &obx.loc(5))?;
            } else if height && unit == "cm" {
                match value.parse::<f64>() {
                    Ok(cm) => {
                        self.warn(obx.loc(6), "height in cm converted to m");
                        self.put(
                            ds,
                            tags::PATIENT_SIZE,
                            VR::DS,
                            &format!("{}", cm / 100.0),
                            &obx.loc(5),
                        )?;
                    }
                    Err(_) => self.warn(
                        obx.loc(5),
                        format!("height `{value}` is not a number: not mapped"),
                    ),
                }
            } else if matches!(
                (code.as_str(), obx.c(3, 3).as_str()),
                ("110180" | "113014", "DCM")
            ) {
                // Study Instance UID observations are read by `study_uid`.
            } else {
                self.warn(
                    obx.loc(3),
                    format!("observation `{}^{}` not mapped", code, obx.c(3, 2)),
                );
            }
        }
        Ok(())
    }

    /// One worklist data set for a step (`ipc` for OMI; `None` for ORM-style OBR-18/19/20).
    fn step(
        &mut self,
        view: &View<'_>,
        g: &OrderGroup<'_>,
        ipc: Option<&Seg<'_>>,
        common: &DataSet,
    ) -> Result<MwlItem, Error> {
        let mut ds = common.clone();
        let orc = g.orc;
        let obr = g.obr;
        if obr.is_none() {
            self.warn(
                orc.loc(1),
                "order has no OBR: procedure attributes written empty",
            );
        }
        let obr_c = |f: usize, c: usize| obr.map(|o| o.c(f, c)).unwrap_or_default();
        let obr_loc = |f: usize| obr.map(|o| o.loc(f)).unwrap_or_else(|| format!("OBR-{f}"));

        self.observations(g, &mut ds)?;

        // (0008,0050) Accession Number: IPC-1.1 (OMI), else OBR-18 (IHE Table B-1).
        let obr18 = obr_c(18, 1);
        let (acc, acc_loc) = match ipc {
            Some(i) => {
                let v = i.c(1, 1);
                if v.is_empty() && !obr18.is_empty() {
                    self.warn(i.loc(1), "IPC-1 empty: accession number taken from OBR-18");
                    (obr18.clone(), obr_loc(18))
                } else {
                    if !obr18.is_empty() && obr18 != v {
                        self.warn(
                            obr_loc(18),
                            format!("OBR-18 `{obr18}` differs from IPC-1 `{v}`: IPC-1 used"),
                        );
                    }
                    (v, i.loc(1))
                }
            }
            None => (obr18, obr_loc(18)),
        };
        if acc.is_empty() {
            self.warn(
                acc_loc.clone(),
                "accession number missing: (0008,0050) written empty",
            );
        }
        self.put(&mut ds, tags::ACCESSION_NUMBER, VR::SH, &acc, &acc_loc)?;
        if let Some(i) = ipc
            && let Some(item) = self.issuer_item(&i.c(1, 2), &i.c(1, 3), &i.c(1, 4), &i.loc(1))?
        {
            put_seq(
                &mut ds,
                tags::ISSUER_OF_ACCESSION_NUMBER_SEQUENCE,
                vec![item],
            );
        }
        // (0008,1110) Referenced Study Sequence: present, zero items (Type 2).
        put_seq(&mut ds, tags::REFERENCED_STUDY_SEQUENCE, Vec::new());

        // (0040,2016)/(0040,0026) placer, (0040,2017)/(0040,0027) filler: ORC-2/3, else OBR-2/3.
        for (field, num_tag, seq_tag) in [
            (
                2,
                tags::PLACER_ORDER_NUMBER_IMAGING_SERVICE_REQUEST,
                tags::ORDER_PLACER_IDENTIFIER_SEQUENCE,
            ),
            (
                3,
                tags::FILLER_ORDER_NUMBER_IMAGING_SERVICE_REQUEST,
                tags::ORDER_FILLER_IDENTIFIER_SEQUENCE,
            ),
        ] {
            let src = if orc.c(field, 1).is_empty() {
                obr.unwrap_or(orc)
            } else {
                orc
            };
            let v = src.c(field, 1);
            self.put(&mut ds, num_tag, VR::LO, &v, &src.loc(field))?;
            if let Some(item) = self.issuer_item(
                &src.c(field, 2),
                &src.c(field, 3),
                &src.c(field, 4),
                &src.loc(field),
            )? {
                put_seq(&mut ds, seq_tag, vec![item]);
            }
        }
        // (0032,1032) Requesting Physician: OBR-16, else ORC-12.
        let mut req = obr
            .map(|o| Name::from_xpn(o.rep1(16), 1))
            .unwrap_or_default();
        let mut req_loc = obr_loc(16);
        if req.is_empty() {
            req = Name::from_xpn(orc.rep1(12), 1);
            req_loc = orc.loc(12);
        }
        if !req.is_empty() {
            self.put(
                &mut ds,
                tags::REQUESTING_PHYSICIAN,
                VR::PN,
                &req.to_pn(),
                &req_loc,
            )?;
        }
        // (0010,2000) Medical Alerts: OBR-13; (0038,0500) Patient State: OBR-12.
        self.put3(
            &mut ds,
            tags::MEDICAL_ALERTS,
            VR::LO,
            &obr_c(13, 1),
            &obr_loc(13),
        )?;
        self.put3(
            &mut ds,
            tags::PATIENT_STATE,
            VR::LO,
            &obr_c(12, 1),
            &obr_loc(12),
        )?;

        // (0040,1001) Requested Procedure ID: IPC-2.1 (else OBR-19) / OBR-19.
        let obr19 = obr_c(19, 1);
        let (rp, rp_loc) = match ipc {
            Some(i) if !i.c(2, 1).is_empty() => (i.c(2, 1), i.loc(2)),
            Some(i) if !obr19.is_empty() => {
                self.warn(
                    i.loc(2),
                    "IPC-2 empty: requested procedure id taken from OBR-19",
                );
                (obr19, obr_loc(19))
            }
            Some(i) => (String::new(), i.loc(2)),
            None => (obr19, obr_loc(19)),
        };
        self.put1(
            &mut ds,
            tags::REQUESTED_PROCEDURE_ID,
            VR::SH,
            &rp,
            &rp_loc,
            "requested procedure id",
        )?;

        // (0020,000D) Study Instance UID: IPC-3.1 / ZDS-1.1 / OBX DCM 110180|113014.
        let uid = self.study_uid(view, g, ipc, &acc, &rp)?;
        self.put(
            &mut ds,
            tags::STUDY_INSTANCE_UID,
            VR::UI,
            &uid,
            "(study uid)",
        )?;

        // (0032,1060)/(0032,1064) requested procedure, per RequestedProcedureCodeSource.
        self.requested_procedure(g, &mut ds)?;

        // (0040,1003) priority.
        self.priority(g, &mut ds)?;

        // (0040,1002)/(0040,100A) reason: OBR-31.
        if let Some(o) = obr {
            let ce = Ce::read(o.rep1(31));
            let reason = if ce.text.is_empty() {
                ce.code.clone()
            } else {
                ce.text.clone()
            };
            self.put3(
                &mut ds,
                tags::REASON_FOR_THE_REQUESTED_PROCEDURE,
                VR::LO,
                &reason,
                &o.loc_c(31, 2),
            )?;
            if !ce.system.is_empty()
                && let Some(item) = self.code_item(&ce, &o.loc(31))?
            {
                put_seq(
                    &mut ds,
                    tags::REASON_FOR_REQUESTED_PROCEDURE_CODE_SEQUENCE,
                    vec![item],
                );
            }
            // (0040,1004) Patient Transport Arrangements: OBR-30.
            self.put3(
                &mut ds,
                tags::PATIENT_TRANSPORT_ARRANGEMENTS,
                VR::LO,
                &o.c(30, 1),
                &o.loc(30),
            )?;
        }
        // (0040,1400) Requested Procedure Comments: NTE-3 after OBR.
        self.put_notes(&mut ds, tags::REQUESTED_PROCEDURE_COMMENTS, &g.obr_ntes)?;

        // (0040,0100) the step.
        let (sps, action) = self.sps(g, ipc)?;
        put_seq(&mut ds, tags::SCHEDULED_PROCEDURE_STEP_SEQUENCE, vec![sps]);
        Ok(MwlItem {
            data_set: ds,
            action,
        })
    }

    fn study_uid(
        &mut self,
        view: &View<'_>,
        g: &OrderGroup<'_>,
        ipc: Option<&Seg<'_>>,
        acc: &str,
        rp: &str,
    ) -> Result<String, Error> {
        let mut found: Vec<(String, String)> = Vec::new();
        if let Some(i) = ipc {
            found.push((i.c(3, 1), i.loc(3)));
        }
        if let Some(z) = g.zds {
            found.push((z.c(1, 1), z.loc(1)));
        }
        for obx in &g.obx {
            if matches!(obx.c(3, 1).as_str(), "110180" | "113014") && obx.c(3, 3) == "DCM" {
                found.push((obx.c(5, 1), obx.loc(5)));
            }
        }
        found.retain(|(v, _)| !v.is_empty());
        match found.first() {
            Some((uid, _)) => {
                for (other, loc) in found.iter().skip(1) {
                    if other != uid {
                        self.warn(
                            loc.clone(),
                            format!(
                                "study instance UID `{other}` differs from `{uid}`: first one used"
                            ),
                        );
                    }
                }
                Ok(uid.clone())
            }
            None => match self.opts.study_uid_policy {
                StudyUidPolicy::Refuse => Err(Error::Missing {
                    location: ipc.map(|i| i.loc(3)).unwrap_or_else(|| "ZDS-1".into()),
                    what: "study instance UID",
                }),
                StudyUidPolicy::Generate => {
                    let uid = ids::uid_2_25(&[&view.msh.c(3, 1), acc, rp, &view.control_id()]);
                    self.warn(
                        ipc.map(|i| i.loc(3)).unwrap_or_else(|| "ZDS-1".into()),
                        format!("no study instance UID in the order: generated {uid}"),
                    );
                    Ok(uid)
                }
            },
        }
    }

    fn requested_procedure(&mut self, g: &OrderGroup<'_>, ds: &mut DataSet) -> Result<(), Error> {
        let Some(obr) = g.obr else {
            put_empty(ds, tags::REQUESTED_PROCEDURE_DESCRIPTION, VR::LO);
            return Ok(());
        };
        let obr44 = Ce::read(obr.rep1(44));
        let obr4 = Ce::read(obr.rep1(4));
        use RequestedProcedureCodeSource as S;
        let order: &[(usize, &Ce)] = match self.opts.requested_procedure_code_source {
            S::Obr44ThenObr4 => &[(44, &obr44), (4, &obr4)],
            S::Obr4ThenObr44 => &[(4, &obr4), (44, &obr44)],
            S::Obr44Only => &[(44, &obr44)],
            S::Obr4Only => &[(4, &obr4)],
        };
        let chosen = order.iter().enumerate().find(|(_, (_, ce))| !ce.is_empty());
        let Some((n, (field, ce))) = chosen else {
            self.warn(
                obr.loc(44),
                "no requested procedure code (OBR-44 and OBR-4 empty): (0032,1060) written empty",
            );
            put_empty(ds, tags::REQUESTED_PROCEDURE_DESCRIPTION, VR::LO);
            return Ok(());
        };
        if n > 0 {
            self.warn(
                obr.loc(*field),
                format!("requested procedure code taken from OBR-{field} (preferred field empty)"),
            );
        }
        let desc = if ce.text.is_empty() {
            &ce.code
        } else {
            &ce.text
        };
        self.put(
            ds,
            tags::REQUESTED_PROCEDURE_DESCRIPTION,
            VR::LO,
            desc,
            &obr.loc_c(*field, 2),
        )?;
        let ce = Ce {
            alt_code: String::new(),
            alt_text: String::new(),
            alt_system: String::new(),
            ..(*ce).clone()
        };
        if let Some(item) = self.code_item(&ce, &obr.loc(*field))? {
            put_seq(ds, tags::REQUESTED_PROCEDURE_CODE_SEQUENCE, vec![item]);
        }
        Ok(())
    }

    /// (0040,1003), mapping note Table 1.5a. OMI (TQ1 present): TQ1-9.1, then ORC-7.6;
    /// ORM: ORC-7.6, then OBR-27.6.
    fn priority(&mut self, g: &OrderGroup<'_>, ds: &mut DataSet) -> Result<(), Error> {
        let mut cands: Vec<(String, String)> = Vec::new();
        if let Some(t) = g.tq1 {
            cands.push((t.c(9, 1), t.loc_c(9, 1)));
        }
        cands.push((g.orc.c(7, 6), g.orc.loc_c(7, 6)));
        if g.tq1.is_none()
            && let Some(o) = g.obr
        {
            cands.push((o.c(27, 6), o.loc_c(27, 6)));
        }
        let valued: Vec<&(String, String)> = cands.iter().filter(|(v, _)| !v.is_empty()).collect();
        let Some((code, loc)) = valued.first().map(|(c, l)| (c.clone(), l.clone())) else {
            put_empty(ds, tags::REQUESTED_PROCEDURE_PRIORITY, VR::SH);
            return Ok(());
        };
        for (other, oloc) in valued.iter().skip(1) {
            if *other != code {
                self.warn(
                    oloc.clone(),
                    format!("priority `{other}` differs from `{code}` at {loc}: {loc} used"),
                );
            }
        }
        let ihe = self.opts.priority_map == PriorityMap::Ihe;
        let mapped = match code.as_str() {
            "S" => Some("STAT"),
            "A" => Some("HIGH"),
            "R" => Some("ROUTINE"),
            "P" if ihe => Some("HIGH"),
            "P" => Some("MEDIUM"),
            "C" if ihe => Some("HIGH"),
            "T" if ihe => Some("MEDIUM"),
            "T" => Some("HIGH"),
            c if ["TS", "TM", "TH", "TD", "TW", "TL"]
                .iter()
                .any(|p| c.starts_with(p))
                && c.get(2..)
                    .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())) =>
            {
                self.warn(
                    loc.clone(),
                    format!("timing-critical priority `{c}` written as MEDIUM (same meaning as T)"),
                );
                Some("MEDIUM")
            }
            _ => None,
        };
        match mapped {
            Some(p) => self.put(ds, tags::REQUESTED_PROCEDURE_PRIORITY, VR::SH, p, &loc),
            None => {
                self.warn(loc, format!("`{code}` is not a priority of HL7 table 0027/0485 this map knows: (0040,1003) written empty"));
                put_empty(ds, tags::REQUESTED_PROCEDURE_PRIORITY, VR::SH);
                Ok(())
            }
        }
    }

    /// The (0040,0100) item and the store action.
    fn sps(
        &mut self,
        g: &OrderGroup<'_>,
        ipc: Option<&Seg<'_>>,
    ) -> Result<(DataSet, SpsAction), Error> {
        let mut sps = DataSet::new_empty();
        let orc = g.orc;
        let obr = g.obr;
        let obr_loc = |f: usize| obr.map(|o| o.loc(f)).unwrap_or_else(|| format!("OBR-{f}"));

        // >(0040,0001) Scheduled Station AE Title: IPC-9 (every repetition), default, ORC-18.
        let mut aes: Vec<String> = ipc
            .map(|i| {
                i.reps(9)
                    .iter()
                    .map(|r| crate::v2::comp(Some(*r), 1))
                    .collect()
            })
            .unwrap_or_default();
        let mut ae_loc = ipc
            .map(|i| i.loc(9))
            .unwrap_or_else(|| "(0040,0100)[0].(0040,0001)".into());
        aes.retain(|a| !a.is_empty());
        if aes.is_empty() && self.opts.station_ae_from_orc18 && !orc.c(18, 1).is_empty() {
            aes.push(orc.c(18, 1));
            ae_loc = orc.loc(18);
        }
        if aes.is_empty()
            && let Some(d) = &self.opts.default_station_ae
        {
            aes.push(d.clone());
            ae_loc = "options.default_station_ae".into();
        }
        if aes.is_empty() {
            self.warn(
                ae_loc.clone(),
                "scheduled station AE title missing (no IPC-9, no default_station_ae): (0040,0001) (Type 1) written empty",
            );
        }
        self.put_multi(
            &mut sps,
            tags::SCHEDULED_STATION_AE_TITLE,
            VR::AE,
            &aes,
            &ae_loc,
        )?;

        // >(0040,0002)/(0040,0003) start: TQ1-7 → ORC-7.4 (OMI); ORC-7.4 → OBR-27.4 → OBR-36 (ORM).
        let mut cands: Vec<(String, String)> = Vec::new();
        if let Some(t) = g.tq1 {
            cands.push((t.c(7, 1), t.loc(7)));
        }
        cands.push((orc.c(7, 4), orc.loc_c(7, 4)));
        if g.tq1.is_none()
            && let Some(o) = obr
        {
            cands.push((o.c(27, 4), o.loc_c(27, 4)));
            cands.push((o.c(36, 1), o.loc(36)));
        }
        if self.opts.start_fallback_order_effective {
            cands.push((orc.c(15, 1), orc.loc(15)));
        }
        let start = cands.iter().find(|(v, _)| !v.is_empty());
        match start {
            Some((v, loc)) => match Dtm::parse(v) {
                Some(d) => {
                    self.put(
                        &mut sps,
                        tags::SCHEDULED_PROCEDURE_STEP_START_DATE,
                        VR::DA,
                        &d.date,
                        loc,
                    )?;
                    if d.time.is_empty() {
                        self.warn(loc.clone(), "start has no time: (0040,0003) written empty");
                    }
                    self.put(
                        &mut sps,
                        tags::SCHEDULED_PROCEDURE_STEP_START_TIME,
                        VR::TM,
                        &d.time,
                        loc,
                    )?;
                    if !d.offset.is_empty() {
                        self.warn(
                            loc.clone(),
                            format!("time zone offset {} dropped from (0040,0003)", d.offset),
                        );
                    }
                }
                None => {
                    self.warn(
                        loc.clone(),
                        format!("`{v}` is not an HL7 DTM: start date/time written empty"),
                    );
                    put_empty(&mut sps, tags::SCHEDULED_PROCEDURE_STEP_START_DATE, VR::DA);
                    put_empty(&mut sps, tags::SCHEDULED_PROCEDURE_STEP_START_TIME, VR::TM);
                }
            },
            None => {
                let looked: Vec<&str> = cands.iter().map(|(_, l)| l.as_str()).collect();
                self.warn(
                    cands.first().map(|(_, l)| l.clone()).unwrap_or_default(),
                    format!("no start date/time (looked at {}): (0040,0002) (Type 1) and (0040,0003) written empty", looked.join(", ")),
                );
                put_empty(&mut sps, tags::SCHEDULED_PROCEDURE_STEP_START_DATE, VR::DA);
                put_empty(&mut sps, tags::SCHEDULED_PROCEDURE_STEP_START_TIME, VR::TM);
            }
        }

        // >(0008,0060) Modality: IPC-5.1 / OBR-24.
        let (raw_mod, mod_loc) = match ipc {
            Some(i) => (i.c(5, 1), i.loc(5)),
            None => (obr.map(|o| o.c(24, 1)).unwrap_or_default(), obr_loc(24)),
        };
        let modality = self.modality(&raw_mod, &mod_loc);
        self.put1(
            &mut sps,
            tags::MODALITY,
            VR::CS,
            &modality,
            &mod_loc,
            "modality",
        )?;

        // >(0040,0006) Scheduled Performing Physician's Name: OBR-34.1 CNN subcomponents.
        let perf = self.performing(obr);
        self.put(
            &mut sps,
            tags::SCHEDULED_PERFORMING_PHYSICIAN_NAME,
            VR::PN,
            &perf,
            &obr_loc(34),
        )?;

        // >(0040,0007) description and >(0040,0008) protocol codes.
        let (protocols, ploc): (Vec<Ce>, String) = match ipc {
            Some(i) => (
                i.reps(6).iter().map(|r| Ce::read(Some(*r))).collect(),
                i.loc(6),
            ),
            None => {
                let ce = obr.map(|o| Ce::read(o.rep1(4))).unwrap_or_default();
                let p = match self.opts.scheduled_protocol_source {
                    ScheduledProtocolSource::Obr4Alt => ce.alternate(),
                    ScheduledProtocolSource::Obr4Primary => ce,
                };
                (if p.is_empty() { Vec::new() } else { vec![p] }, obr_loc(4))
            }
        };
        let desc = protocols
            .first()
            .map(|p| {
                if p.text.is_empty() {
                    p.code.clone()
                } else {
                    p.text.clone()
                }
            })
            .unwrap_or_default();
        if desc.is_empty() {
            self.warn(ploc.clone(), "no scheduled protocol: (0040,0007) omitted");
        } else {
            self.put(
                &mut sps,
                tags::SCHEDULED_PROCEDURE_STEP_DESCRIPTION,
                VR::LO,
                &desc,
                &ploc,
            )?;
        }
        let mut items = Vec::new();
        for p in &protocols {
            if let Some(item) = self.code_item(p, &ploc)? {
                items.push(item);
            }
        }
        if !items.is_empty() {
            put_seq(&mut sps, tags::SCHEDULED_PROTOCOL_CODE_SEQUENCE, items);
        }

        // >(0040,0009) Scheduled Procedure Step ID: IPC-4.1 / OBR-20.
        let (sps_id, sps_loc) = match ipc {
            Some(i) => (i.c(4, 1), i.loc(4)),
            None => (obr.map(|o| o.c(20, 1)).unwrap_or_default(), obr_loc(20)),
        };
        self.put1(
            &mut sps,
            tags::SCHEDULED_PROCEDURE_STEP_ID,
            VR::SH,
            &sps_id,
            &sps_loc,
            "scheduled procedure step id",
        )?;

        // >(0040,0010) Scheduled Station Name: IPC-7 (all repetitions); >(0040,0011) IPC-8.1.
        let (names, locs) = match ipc {
            Some(i) => (
                i.reps(7)
                    .iter()
                    .map(|r| crate::v2::comp(Some(*r), 1))
                    .collect::<Vec<_>>(),
                i.c(8, 1),
            ),
            None => (Vec::new(), String::new()),
        };
        let name_loc = ipc.map(|i| i.loc(7)).unwrap_or_else(|| "IPC-7".into());
        self.put_multi(
            &mut sps,
            tags::SCHEDULED_STATION_NAME,
            VR::SH,
            &names,
            &name_loc,
        )?;
        let loc_loc = ipc.map(|i| i.loc(8)).unwrap_or_else(|| "IPC-8".into());
        self.put(
            &mut sps,
            tags::SCHEDULED_PROCEDURE_STEP_LOCATION,
            VR::SH,
            &locs,
            &loc_loc,
        )?;

        // >(0040,0020) status from ORC-1 × ORC-5.
        let key = (orc.c(1, 1), orc.c(5, 1));
        let action = match self.opts.sps_status.get(&key) {
            Some(rule) => {
                if rule.warn {
                    self.warn(
                        orc.loc(5),
                        format!(
                            "ORC-1 `{}` with ORC-5 `{}` is not in dcm4chee-arc's default table: status {}",
                            key.0,
                            key.1,
                            rule.status.as_deref().unwrap_or("(none)")
                        ),
                    );
                }
                if let Some(s) = &rule.status {
                    self.put(
                        &mut sps,
                        tags::SCHEDULED_PROCEDURE_STEP_STATUS,
                        VR::CS,
                        s,
                        &orc.loc(5),
                    )?;
                }
                rule.action
            }
            None => {
                self.warn(
                    orc.loc(1),
                    format!(
                        "ORC-1 `{}` with ORC-5 `{}` has no step status: (0040,0020) omitted",
                        key.0, key.1
                    ),
                );
                SpsAction::Unknown
            }
        };
        Ok((sps, action))
    }

    /// (0008,0060): DICOM defined terms (PS3.3 C.7.3.1.1.1) pass; HL7 table 0074 codes with one
    /// DICOM meaning are translated (mwlkit's table); anything else is kept with a warning.
    fn modality(&mut self, raw: &str, loc: &str) -> String {
        const DICOM: &[&str] = &[
            "AR",
            "ASMT",
            "AU",
            "BDUS",
            "BI",
            "BMD",
            "CR",
            "CT",
            "CTPROTOCOL",
            "DG",
            "DOC",
            "DX",
            "ECG",
            "EPS",
            "ES",
            "FID",
            "GM",
            "HC",
            "HD",
            "IO",
            "IOL",
            "IVOCT",
            "IVUS",
            "KER",
            "KO",
            "LEN",
            "LS",
            "MG",
            "MR",
            "M3D",
            "NM",
            "OAM",
            "OCT",
            "OP",
            "OPM",
            "OPT",
            "OPTBSV",
            "OPTENF",
            "OPV",
            "OSS",
            "OT",
            "PLAN",
            "PR",
            "PT",
            "PX",
            "REG",
            "RESP",
            "RF",
            "RG",
            "RTDOSE",
            "RTIMAGE",
            "RTPLAN",
            "RTRECORD",
            "RTSTRUCT",
            "RWV",
            "SEG",
            "SM",
            "SMR",
            "SR",
            "SRF",
            "STAIN",
            "TEXTUREMAP",
            "TG",
            "US",
            "VA",
            "XA",
            "XC",
        ];
        let up = raw.trim().to_ascii_uppercase();
        if up.is_empty() || DICOM.contains(&up.as_str()) {
            return up;
        }
        let translated = match up.as_str() {
            "MRI" | "NMR" => Some("MR"),
            "NMS" => Some("NM"),
            "RUS" | "VUS" => Some("US"),
            "XRC" => Some("XA"),
            "OTH" => Some("OT"),
            _ => None,
        };
        match translated {
            Some(t) => {
                self.warn(
                    loc,
                    format!("HL7 table 0074 code `{raw}` written as DICOM modality {t}"),
                );
                t.to_owned()
            }
            None => {
                self.warn(
                    loc,
                    format!("`{raw}` is not a DICOM modality defined term: kept as sent"),
                );
                up
            }
        }
    }

    /// OBR-34.1 as CNN subcomponents (dcm4chee-arc HL7 CS note 4: "only sub-components of the
    /// first component of the first repetition").
    fn performing(&mut self, obr: Option<Seg<'_>>) -> String {
        let Some(o) = obr else {
            return String::new();
        };
        let Some(rep) = o.rep1(34) else {
            return String::new();
        };
        let raw = rep.raw();
        if raw.is_empty() {
            return String::new();
        }
        let comp1 = rep.component(1).map(|c| c.raw()).unwrap_or_default();
        let has_sub = comp1.contains(&b'&');
        if has_sub {
            return Name::from_cnn(Some(rep)).to_pn();
        }
        let shown = String::from_utf8_lossy(raw).into_owned();
        if raw.contains(&b'^') && self.opts.lenient_obr34 {
            let id_like = comp1.is_empty() || comp1.iter().all(u8::is_ascii_digit);
            let name = Name::from_xpn(Some(rep), usize::from(id_like));
            self.warn(
                o.loc(34),
                format!(
                    "OBR-34 `{shown}` read as {} (lenient_obr34)",
                    if id_like { "XCN" } else { "XPN" }
                ),
            );
            return name.to_pn();
        }
        if raw.contains(&b'^') {
            self.warn(
                o.loc(34),
                format!("OBR-34 `{shown}` uses components, not CNN subcomponents (`&`): (0040,0006) written empty"),
            );
            return String::new();
        }
        // A single value without structure: the CNN ID only, no name.
        self.warn(
            o.loc(34),
            format!("OBR-34 `{shown}` holds no name: (0040,0006) written empty"),
        );
        String::new()
    }

    /// A further ORM OBR with the same OBR-20: its protocol code joins the step.
    fn merge_orm_protocol(&mut self, g: &OrderGroup<'_>, ds: &mut DataSet) -> Result<(), Error> {
        let Some(obr) = g.obr else {
            return Ok(());
        };
        let ce = Ce::read(obr.rep1(4));
        let p = match self.opts.scheduled_protocol_source {
            ScheduledProtocolSource::Obr4Alt => ce.alternate(),
            ScheduledProtocolSource::Obr4Primary => ce,
        };
        let item = self.code_item(&p, &obr.loc(4))?;
        self.add_protocol(ds, item, obr.loc(20));
        Ok(())
    }

    fn merge_ipc_protocol(&mut self, ipc: &Seg<'_>, ds: &mut DataSet) -> Result<(), Error> {
        for r in ipc.reps(6) {
            let item = self.code_item(&Ce::read(Some(r)), &ipc.loc(6))?;
            self.add_protocol(ds, item, ipc.loc(4));
        }
        Ok(())
    }

    fn add_protocol(&mut self, ds: &mut DataSet, item: Option<DataSet>, loc: String) {
        let Some(item) = item else {
            return;
        };
        let Some(sps) = ds
            .get(tags::SCHEDULED_PROCEDURE_STEP_SEQUENCE)
            .and_then(|e| e.items())
            .and_then(|i| i.first())
            .cloned()
        else {
            return;
        };
        let mut sps = sps;
        let mut codes: Vec<DataSet> = sps
            .get(tags::SCHEDULED_PROTOCOL_CODE_SEQUENCE)
            .and_then(|e| e.items())
            .map(|i| i.to_vec())
            .unwrap_or_default();
        codes.push(item);
        put_seq(&mut sps, tags::SCHEDULED_PROTOCOL_CODE_SEQUENCE, codes);
        put_seq(ds, tags::SCHEDULED_PROCEDURE_STEP_SEQUENCE, vec![sps]);
        self.warn(
            loc,
            "same scheduled procedure step id as the step before: protocol code added to it",
        );
    }
}

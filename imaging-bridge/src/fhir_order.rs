//! HL7 v2 imaging order → FHIR transaction Bundle with Patient, Practitioner (requester) and
//! ServiceRequest, FHIR R4 (4.0.1) or R5 (5.0.0), per the HL7 v2-to-FHIR IG segment maps
//! (`PID[Patient]`, `ORC[ServiceRequest]`, `OBR[ServiceRequest]`, `TQ1[ServiceRequest]`) and
//! datatype maps (`XPN[HumanName]`, `CX[Identifier]`, `CWE[CodeableConcept]`), plus the imaging
//! fields that IG leaves open:
//!
//! - accession number (OBR-18 / IPC-1) as an identifier of type `ACSN` (v2-0203), as the FHIR
//!   ImagingStudy examples use it;
//! - Study Instance UID (ZDS-1 / IPC-3) as `{"system":"urn:dicom:uid","value":"urn:oid:…"}`;
//! - Requested Procedure ID (OBR-19 / IPC-2) and Scheduled Procedure Step IDs (OBR-20 / IPC-4)
//!   as identifiers with `type.text` (needed for the v2 → FHIR → OMI round trip; the HL7 imaging
//!   ServiceRequest IG draft models the step as a Task instead);
//! - modality (OBR-24 / IPC-5) in `orderDetail` (R4 CodeableConcept; R5
//!   `orderDetail.parameter` with code DCM 121139 "Modality").
//!
//! R4 → R5: `code` becomes a CodeableReference (`{"concept":…}`), `reasonCode` becomes
//! `reason[].concept`, `orderDetail` becomes a BackboneElement with `parameter`.
//!
//! Dates: FHIR `dateTime` with a time must carry seconds and a zone (FHIR R5
//! datatypes.html#dateTime). HL7 DTMs without an offset keep only their date unless
//! [`FhirOptions::assume_offset`] is set; each dropped time is a warning.

use crate::ids;
use crate::mwl::order_view;
use crate::names::Name;
use crate::terminology::{DCM, DICOM_UID_SYSTEM, V2_0203, system_for};
use crate::v2::{Ce, Dtm, OrderGroup, Seg, View, comp, sub, valid_date};
use crate::{Error, Warning};
use hl7v2_imaging::{Element, Message};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// FHIR release of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum FhirVersion {
    /// FHIR R4 (4.0.1).
    #[default]
    R4,
    /// FHIR R5 (5.0.0).
    R5,
}

/// Options of the FHIR mappings. `Default` gives the documented defaults.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct FhirOptions {
    /// R4 or R5. Default R4.
    pub version: FhirVersion,
    /// The offset (`+00:00`) to assume for HL7 DTM / DICOM DA+TM values without one. Default
    /// none: only the date is kept, with a warning.
    pub assume_offset: Option<String>,
    /// Extra coding scheme designator → system URI pairs (e.g. `ERL_MESA` → a local URI);
    /// designators with no URI keep code and display without `system`, with a warning.
    pub coding_systems: BTreeMap<String, String>,
    /// Bounds on the input and output ([`Limits`](crate::Limits)).
    pub limits: crate::Limits,
}

/// The result of a mapping to FHIR: one Bundle and the warnings.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct FhirOutput {
    /// The Bundle (JSON, FHIR R4 or R5 per [`FhirOutput::version`]).
    pub bundle: Value,
    /// The FHIR release of the Bundle.
    pub version: FhirVersion,
    /// What could not be mapped, or was mapped by a fallback, located.
    pub warnings: Vec<Warning>,
}

impl FhirOutput {
    /// The Bundle as FHIR JSON, encoded by `fhir-imaging` (`resourceType` first, FHIR R5
    /// json.html) after a strict decode; if `fhir-imaging` cannot decode it, an error names
    /// the element.
    pub fn to_json(&self, pretty: bool) -> Result<Vec<u8>, Error> {
        fhir_encode(&self.bundle, self.version, pretty)
    }

    /// The Bundle as `fhir-imaging`'s typed FHIR R4 model (strict decode; an error when the
    /// output is R5).
    pub fn to_r4(&self) -> Result<fhir_imaging::r4::Bundle, Error> {
        if self.version != FhirVersion::R4 {
            return Err(Error::invalid("Bundle", "the output is FHIR R5"));
        }
        fhir_imaging::from_str(&self.bundle.to_string())
            .map_err(|e| Error::invalid(e.path(), format!("fhir-imaging: {e}")))
    }

    /// The Bundle as `fhir-imaging`'s typed FHIR R5 model (strict decode; an error when the
    /// output is R4).
    pub fn to_r5(&self) -> Result<fhir_imaging::r5::Bundle, Error> {
        if self.version != FhirVersion::R5 {
            return Err(Error::invalid("Bundle", "the output is FHIR R4"));
        }
        fhir_imaging::from_str(&self.bundle.to_string())
            .map_err(|e| Error::invalid(e.path(), format!("fhir-imaging: {e}")))
    }

    /// Validate the Bundle with `fhir-imaging` (strict decode, then `fhir_imaging::validate`):
    /// one line per issue, empty when valid.
    pub fn validate(&self) -> Result<Vec<String>, Error> {
        fhir_validate(&self.bundle, self.version)
    }
}

/// Decode a Bundle with `fhir-imaging` and re-encode it canonically.
pub(crate) fn fhir_encode(
    bundle: &Value,
    version: FhirVersion,
    pretty: bool,
) -> Result<Vec<u8>, Error> {
    let text = bundle.to_string();
    let bad =
        |e: fhir_imaging::Error| Error::invalid(e.path().to_owned(), format!("fhir-imaging: {e}"));
    let out = match (version, pretty) {
        (FhirVersion::R4, false) => fhir_imaging::to_string(
            &fhir_imaging::from_str::<fhir_imaging::r4::Bundle>(&text).map_err(bad)?,
        ),
        (FhirVersion::R4, true) => fhir_imaging::to_string_pretty(
            &fhir_imaging::from_str::<fhir_imaging::r4::Bundle>(&text).map_err(bad)?,
        ),
        (FhirVersion::R5, false) => fhir_imaging::to_string(
            &fhir_imaging::from_str::<fhir_imaging::r5::Bundle>(&text).map_err(bad)?,
        ),
        (FhirVersion::R5, true) => fhir_imaging::to_string_pretty(
            &fhir_imaging::from_str::<fhir_imaging::r5::Bundle>(&text).map_err(bad)?,
        ),
    };
    Ok(out.into_bytes())
}

/// Validate a Bundle with `fhir-imaging`.
pub(crate) fn fhir_validate(bundle: &Value, version: FhirVersion) -> Result<Vec<String>, Error> {
    let text = bundle.to_string();
    let bad =
        |e: fhir_imaging::Error| Error::invalid(e.path().to_owned(), format!("fhir-imaging: {e}"));
    let issues = match version {
        FhirVersion::R4 => fhir_imaging::validate(
            &fhir_imaging::from_str::<fhir_imaging::r4::Bundle>(&text).map_err(bad)?,
        ),
        FhirVersion::R5 => fhir_imaging::validate(
            &fhir_imaging::from_str::<fhir_imaging::r5::Bundle>(&text).map_err(bad)?,
        ),
    };
    Ok(issues.iter().map(ToString::to_string).collect())
}

/// The fields the order → FHIR mapping reads (module docs; mapping note §2).
const FHIR_ORDER_FIELDS: crate::v2::UsedFields = &[
    ("PID", &[1, 3, 5, 6, 7, 8, 11]),
    ("PV1", &[1]),
    ("NTE", &[1, 2, 3]),
    ("ORC", &[1, 2, 3, 5, 7, 9, 12]),
    ("TQ1", &[1, 7, 9]),
    (
        "OBR",
        &[1, 2, 3, 4, 5, 6, 12, 13, 16, 18, 19, 20, 24, 27, 31, 44],
    ),
    ("IPC", &[1, 2, 3, 4, 5]),
    ("ZDS", &[1]),
];

/// Parse an HL7 v2 message and map it with [`order_to_fhir`].
pub fn order_bytes_to_fhir(input: &[u8], opts: &FhirOptions) -> Result<FhirOutput, Error> {
    let msg = Message::parse(input).map_err(|e| Error::Hl7(e.to_string()))?;
    order_to_fhir(&msg, opts)
}

/// Map an ORM^O01 / OMI^O23 order to a FHIR transaction Bundle: the Patient, the requester
/// Practitioner, and one ServiceRequest per ORC group (module docs give the rules).
///
/// Entry `fullUrl`s are `urn:uuid:`s derived from MSH-10 and the segment, so the same message
/// always gives the same Bundle.
pub fn order_to_fhir(msg: &Message<'_>, opts: &FhirOptions) -> Result<FhirOutput, Error> {
    let view = order_view(msg)?;
    crate::Limits::check(opts.limits.max_orders, view.groups.len(), "max_orders")?;
    let mut m = Mapper {
        opts,
        warnings: Vec::new(),
    };
    crate::mwl::structure_warnings(msg, &mut m.warnings);
    let control = view.control_id();
    let sender = view.msh.c(3, 1);
    let patient_url = ids::urn_uuid(&[&sender, &control, "Patient"]);
    let mut entries = Vec::new();
    let (patient, if_none) = m.patient(&view);
    entries.push(entry(&patient_url, patient, "Patient", if_none));
    for (gi, g) in view.groups.iter().enumerate() {
        let gi = gi.to_string();
        let (requester, req_loc) = requester(g);
        let requester_url = if requester.is_empty() {
            None
        } else {
            let url = ids::urn_uuid(&[&sender, &control, &gi, "Practitioner"]);
            entries.push(entry(&url, practitioner(&requester), "Practitioner", None));
            Some(url)
        };
        let sr = m.service_request(&view, g, &patient_url, requester_url.as_deref(), &req_loc)?;
        let url = ids::urn_uuid(&[&sender, &control, &gi, "ServiceRequest"]);
        entries.push(entry(&url, sr, "ServiceRequest", None));
    }
    crate::v2::warn_unread(msg, FHIR_ORDER_FIELDS, "FHIR", &mut m.warnings);
    let bundle = json!({
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": entries,
    });
    Ok(FhirOutput {
        bundle,
        version: opts.version,
        warnings: m.warnings,
    })
}

pub(crate) fn entry(
    full_url: &str,
    resource: Value,
    ty: &str,
    if_none_exist: Option<String>,
) -> Value {
    let mut request = Map::new();
    request.insert("method".into(), "POST".into());
    request.insert("url".into(), ty.into());
    if let Some(q) = if_none_exist {
        request.insert("ifNoneExist".into(), q.into());
    }
    json!({ "fullUrl": full_url, "resource": resource, "request": request })
}

/// ORC-12, else OBR-16 (V2FHIR ORC-12 → requester; OBR-16 "IF ORC-12 NOT VALUED").
fn requester(g: &OrderGroup<'_>) -> (Name, String) {
    let n = Name::from_xpn(g.orc.rep1(12), 1);
    if !n.is_empty() {
        return (n, g.orc.loc(12));
    }
    match g.obr {
        Some(o) => (Name::from_xpn(o.rep1(16), 1), o.loc(16)),
        None => (Name::default(), g.orc.loc(12)),
    }
}

/// A Practitioner from an XCN (V2FHIR `XCN[Practitioner]`).
pub(crate) fn practitioner(n: &Name) -> Value {
    let mut p = Map::new();
    p.insert("resourceType".into(), "Practitioner".into());
    if !n.id.is_empty() {
        p.insert("identifier".into(), json!([{ "value": n.id }]));
    }
    let name = n.to_fhir();
    if name.as_object().is_some_and(|o| !o.is_empty()) {
        p.insert("name".into(), json!([name]));
    }
    Value::Object(p)
}

/// Identifier `type` with a v2-0203 code.
fn id_type(code: &str) -> Value {
    json!({ "coding": [{ "system": V2_0203, "code": code }] })
}

/// EI → Identifier (V2FHIR `EI[Identifier]`): EI.3 with EI.4 `ISO` → `urn:oid:` system, else
/// EI.2 → `assigner.display`.
pub(crate) fn ei_identifier(e: Option<Element<'_>>, type_code: Option<&str>) -> Option<Value> {
    let value = comp(e, 1);
    if value.is_empty() || value == "\"\"" {
        return None;
    }
    let mut id = Map::new();
    if let Some(t) = type_code {
        id.insert("type".into(), id_type(t));
    }
    let (ns, uid, uid_type) = (comp(e, 2), comp(e, 3), comp(e, 4));
    let iso = uid_type == "ISO" && !uid.is_empty();
    if iso {
        id.insert("system".into(), format!("urn:oid:{uid}").into());
    }
    id.insert("value".into(), value.into());
    if !ns.is_empty() && !iso {
        id.insert("assigner".into(), json!({ "display": ns }));
    }
    Some(Value::Object(id))
}

fn text_identifier(text: &str, value: &str) -> Value {
    json!({ "type": { "text": text }, "value": value })
}

/// The R5 form of a CodeableConcept where R5 uses CodeableReference.
fn concept(version: FhirVersion, cc: Value) -> Value {
    match version {
        FhirVersion::R4 => cc,
        FhirVersion::R5 => json!({ "concept": cc }),
    }
}

pub(crate) struct Mapper<'o> {
    pub(crate) opts: &'o FhirOptions,
    pub(crate) warnings: Vec<Warning>,
}

impl<'o> Mapper<'o> {
    pub(crate) fn new(opts: &'o FhirOptions) -> Self {
        Mapper {
            opts,
            warnings: Vec::new(),
        }
    }

    pub(crate) fn warn(&mut self, loc: impl Into<String>, msg: impl Into<String>) {
        self.warnings.push(Warning::new(loc, msg));
    }

    /// DTM → FHIR dateTime (module docs).
    pub(crate) fn date_time(&mut self, dtm: &str, loc: &str) -> Option<String> {
        if dtm.is_empty() {
            return None;
        }
        let Some(d) = Dtm::parse(dtm) else {
            self.warn(loc, format!("`{dtm}` is not an HL7 DTM: not mapped"));
            return None;
        };
        let (v, dropped) = d.to_fhir(self.opts.assume_offset.as_deref());
        if dropped {
            self.warn(
                loc,
                "time dropped: no time zone in the value and no assume_offset",
            );
        }
        Some(v)
    }

    /// CE/CWE → CodeableConcept (V2FHIR `CWE[CodeableConcept]`), primary triple only.
    pub(crate) fn codeable(&mut self, ce: &Ce, loc: &str) -> Value {
        let mut coding = Map::new();
        if !ce.system.is_empty() {
            match system_for(&ce.system, &self.opts.coding_systems) {
                Some(uri) => {
                    coding.insert("system".into(), uri.into());
                }
                None => self.warn(
                    loc,
                    format!("coding system `{}` has no FHIR URI (configure coding_systems): system left out", ce.system),
                ),
            }
        }
        if !ce.code.is_empty() {
            coding.insert("code".into(), ce.code.clone().into());
        }
        if !ce.text.is_empty() {
            coding.insert("display".into(), ce.text.clone().into());
        }
        let mut cc = Map::new();
        if coding.contains_key("code") {
            cc.insert("coding".into(), json!([coding]));
        }
        let text = if ce.original_text.is_empty() {
            &ce.text
        } else {
            &ce.original_text
        };
        if !text.is_empty() {
            cc.insert("text".into(), text.clone().into());
        }
        Value::Object(cc)
    }

    /// PID → Patient (V2FHIR `PID[Patient]`). Returns the resource and `ifNoneExist`.
    pub(crate) fn patient(&mut self, view: &View<'_>) -> (Value, Option<String>) {
        let mut p = Map::new();
        p.insert("resourceType".into(), "Patient".into());
        let Some(pid) = view.pid else {
            self.warn("PID", "no PID segment: Patient has no identifier or name");
            return (Value::Object(p), None);
        };
        let mut idents = Vec::new();
        let mut if_none = None;
        for r in pid.reps(3) {
            let e = Some(r);
            let value = comp(e, 1);
            if value.is_empty() {
                continue;
            }
            let mut id = Map::new();
            let t = comp(e, 5);
            if !t.is_empty() {
                id.insert("type".into(), id_type(&t));
            }
            let (ns, uid, uid_type) = (sub(e, 4, 1), sub(e, 4, 2), sub(e, 4, 3));
            let iso = uid_type == "ISO" && !uid.is_empty();
            if iso {
                let system = format!("urn:oid:{uid}");
                if if_none.is_none() {
                    if_none = Some(format!("identifier={system}|{value}"));
                }
                id.insert("system".into(), system.into());
            }
            id.insert("value".into(), value.into());
            if !ns.is_empty() && !iso {
                id.insert("assigner".into(), json!({ "display": ns }));
            }
            idents.push(Value::Object(id));
        }
        if !idents.is_empty() {
            p.insert("identifier".into(), idents.into());
        } else {
            self.warn(pid.loc(3), "no patient identifier");
        }
        let mut names = Vec::new();
        for r in pid.reps(5) {
            let n = Name::from_xpn(Some(r), 0);
            if n.is_empty() {
                continue;
            }
            let mut hn = n.to_fhir();
            let use_ = match comp(Some(r), 7).as_str() {
                "L" => Some("official"),
                "D" => Some("usual"),
                "M" => Some("maiden"),
                "A" => Some("nickname"),
                _ => None,
            };
            if let (Some(u), Some(o)) = (use_, hn.as_object_mut()) {
                o.insert("use".into(), u.into());
            }
            names.push(hn);
        }
        if !names.is_empty() {
            p.insert("name".into(), names.into());
        }
        let birth = pid.c(7, 1);
        if let Some(d) = birth.get(..8).filter(|d| valid_date(d)) {
            let date = Dtm {
                date: d.to_owned(),
                ..Dtm::default()
            };
            p.insert("birthDate".into(), date.to_fhir(None).0.into());
            if birth.len() > 8 {
                self.warn(
                    pid.loc(7),
                    "time of birth not mapped (patient-birthTime extension not written)",
                );
            }
        } else if !birth.is_empty() {
            self.warn(
                pid.loc(7),
                format!("`{birth}` is not a date: birthDate left out"),
            );
        }
        let sex = pid.c(8, 1);
        let gender = match sex.as_str() {
            "F" => Some("female"),
            "M" => Some("male"),
            "O" | "A" | "N" => Some("other"),
            "U" => Some("unknown"),
            "" => None,
            other => {
                self.warn(
                    pid.loc(8),
                    format!("sex `{other}` is not in HL7 table 0001: gender left out"),
                );
                None
            }
        };
        if let Some(g) = gender {
            p.insert("gender".into(), g.into());
        }
        let mut addresses = Vec::new();
        for r in pid.reps(11) {
            let e = Some(r);
            let mut a = Map::new();
            let line = sub(e, 1, 1);
            if !line.is_empty() {
                a.insert("line".into(), json!([line]));
            }
            for (c, key) in [(3, "city"), (4, "state"), (5, "postalCode"), (6, "country")] {
                let v = comp(e, c);
                if !v.is_empty() {
                    a.insert(key.into(), v.into());
                }
            }
            if !a.is_empty() {
                addresses.push(Value::Object(a));
            }
        }
        if !addresses.is_empty() {
            p.insert("address".into(), addresses.into());
        }
        let mother = Name::from_xpn(pid.rep1(6), 0);
        if !mother.family.is_empty() {
            p.insert(
                "extension".into(),
                json!([{
                    "url": "http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName",
                    "valueString": mother.family,
                }]),
            );
        }
        for (f, what) in [
            (18, "patient account number (V2FHIR: Account)"),
            (10, "race"),
            (22, "ethnic group"),
        ] {
            if pid.has(f) {
                self.warn(pid.loc(f), format!("{what} not mapped"));
            }
        }
        if let Some(pv1) = view.pv1 {
            for (f, what) in [(8, "referring doctor"), (19, "visit number")] {
                if pv1.has(f) {
                    self.warn(
                        pv1.loc(f),
                        format!("{what} not mapped (no Encounter is written)"),
                    );
                }
            }
        }
        (Value::Object(p), if_none)
    }

    fn service_request(
        &mut self,
        view: &View<'_>,
        g: &OrderGroup<'_>,
        patient_url: &str,
        requester_url: Option<&str>,
        requester_loc: &str,
    ) -> Result<Value, Error> {
        let v = self.opts.version;
        let orc = g.orc;
        let obr = g.obr;
        let ipc = g.ipcs.first();
        let mut sr = Map::new();
        sr.insert("resourceType".into(), "ServiceRequest".into());

        // identifiers: PLAC, FILL, ACSN, Study UID, RP ID, SPS IDs.
        let mut idents = Vec::new();
        for (f, code) in [(2, "PLAC"), (3, "FILL")] {
            let src: Seg<'_> = if orc.c(f, 1).is_empty() {
                obr.unwrap_or(orc)
            } else {
                orc
            };
            if let Some(id) = ei_identifier(src.rep1(f), Some(code)) {
                idents.push(id);
            }
        }
        let acc = match ipc {
            Some(i) if !i.c(1, 1).is_empty() => ei_identifier(i.rep1(1), Some("ACSN")),
            _ => obr.and_then(|o| ei_identifier(o.rep1(18), Some("ACSN"))),
        };
        match acc {
            Some(a) => idents.push(a),
            None => self.warn(
                obr.map(|o| o.loc(18)).unwrap_or_default(),
                "no accession number",
            ),
        }
        let uid = ipc
            .map(|i| i.c(3, 1))
            .filter(|u| !u.is_empty())
            .or_else(|| g.zds.map(|z| z.c(1, 1)).filter(|u| !u.is_empty()));
        match &uid {
            Some(u) => {
                idents.push(json!({ "system": DICOM_UID_SYSTEM, "value": format!("urn:oid:{u}") }))
            }
            None => self.warn("ZDS-1", "no Study Instance UID (ZDS-1 / IPC-3)"),
        }
        let rp = ipc
            .map(|i| i.c(2, 1))
            .filter(|r| !r.is_empty())
            .or_else(|| obr.map(|o| o.c(19, 1)).filter(|r| !r.is_empty()));
        if let Some(rp) = rp {
            idents.push(text_identifier("Requested Procedure ID", &rp));
        }
        let mut sps_ids: Vec<String> = g
            .ipcs
            .iter()
            .map(|i| i.c(4, 1))
            .filter(|s| !s.is_empty())
            .collect();
        if sps_ids.is_empty()
            && let Some(s) = obr.map(|o| o.c(20, 1)).filter(|s| !s.is_empty())
        {
            sps_ids.push(s);
        }
        sps_ids.dedup();
        for s in &sps_ids {
            idents.push(text_identifier("Scheduled Procedure Step ID", s));
        }
        if !idents.is_empty() {
            sr.insert("identifier".into(), idents.into());
        }

        // status: ORC-5 if valued, else ORC-1 (V2FHIR OrderStatus / OrderControlCode maps).
        let (orc1, orc5) = (orc.c(1, 1), orc.c(5, 1));
        let status = if !orc5.is_empty() {
            match orc5.as_str() {
                "SC" | "IP" | "A" => "active",
                "CM" => "completed",
                "CA" | "DC" | "RP" => "revoked",
                "HD" => "on-hold",
                "ER" => "entered-in-error",
                other => {
                    self.warn(
                        orc.loc(5),
                        format!("order status `{other}` has no ServiceRequest.status: unknown"),
                    );
                    "unknown"
                }
            }
        } else {
            match orc1.as_str() {
                "NW" | "OK" | "SC" => "active",
                "XO" => {
                    self.warn(
                        orc.loc(1),
                        "XO is unmapped in the v2-to-FHIR IG: status active",
                    );
                    "active"
                }
                "CA" => {
                    self.warn(
                        orc.loc(1),
                        "CA with empty ORC-5: revoked (the IG says active, a cancel request)",
                    );
                    "revoked"
                }
                "OC" | "CR" | "DC" | "OD" | "DR" => "revoked",
                "HD" | "OH" | "HR" => "on-hold",
                other => {
                    self.warn(
                        orc.loc(1),
                        format!("order control `{other}` has no ServiceRequest.status: unknown"),
                    );
                    "unknown"
                }
            }
        };
        sr.insert("status".into(), status.into());
        sr.insert("intent".into(), "order".into());

        // code: OBR-4.1-3, else OBR-44 (V2FHIR OBR-4 → code; OBR-4.4-6 not an alternate coding
        // in IHE RAD v2.3.1, where they are the scheduled protocol).
        if let Some(o) = obr {
            let obr4 = Ce::read(o.rep1(4));
            let obr44 = Ce::read(o.rep1(44));
            let (ce, loc) = if !obr4.is_empty() {
                (obr4, o.loc(4))
            } else if !obr44.is_empty() {
                self.warn(o.loc(4), "OBR-4 empty: code taken from OBR-44");
                (obr44, o.loc(44))
            } else {
                self.warn(o.loc(4), "no procedure code (OBR-4, OBR-44)");
                (Ce::default(), o.loc(4))
            };
            if !ce.is_empty() {
                let cc = self.codeable(&ce, &loc);
                sr.insert("code".into(), concept(v, cc));
            }
            if !o.c(4, 4).is_empty() && ipc.is_none() {
                self.warn(
                    o.loc_c(4, 4),
                    "OBR-4.4-6 is the IHE scheduled protocol code: not mapped to ServiceRequest",
                );
            }
            // orderDetail: modality.
            let modality = ipc
                .map(|i| i.c(5, 1))
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| o.c(24, 1));
            if !modality.is_empty() {
                let coding = json!({ "coding": [{ "system": DCM, "code": modality }] });
                let detail = match v {
                    FhirVersion::R4 => coding,
                    FhirVersion::R5 => json!({ "parameter": [{
                        "code": { "coding": [{ "system": DCM, "code": "121139", "display": "Modality" }] },
                        "valueCodeableConcept": coding,
                    }]}),
                };
                sr.insert("orderDetail".into(), json!([detail]));
            }
        }

        // priority: TQ1-9 (2.5.1) then ORC-7.6; ORC-7.6 then OBR-27.6, OBR-5 (2.3.1).
        let mut prio: Vec<(String, String)> = Vec::new();
        if let Some(t) = g.tq1 {
            prio.push((t.c(9, 1), t.loc(9)));
        }
        prio.push((orc.c(7, 6), orc.loc_c(7, 6)));
        if let Some(o) = obr {
            prio.push((o.c(27, 6), o.loc_c(27, 6)));
            prio.push((o.c(5, 1), o.loc(5)));
        }
        if let Some((code, loc)) = prio.into_iter().find(|(c, _)| !c.is_empty()) {
            match code.as_str() {
                "S" => {
                    sr.insert("priority".into(), "stat".into());
                }
                "A" => {
                    sr.insert("priority".into(), "asap".into());
                }
                "R" => {
                    sr.insert("priority".into(), "routine".into());
                }
                other => self.warn(
                    loc,
                    format!("priority `{other}` is unmapped in table-hl70485-to-request-priority"),
                ),
            }
        }

        // occurrenceDateTime: TQ1-7; ORC-7.4 → OBR-27.4 → OBR-6.
        let mut starts: Vec<(String, String)> = Vec::new();
        if let Some(t) = g.tq1 {
            starts.push((t.c(7, 1), t.loc(7)));
        }
        starts.push((orc.c(7, 4), orc.loc_c(7, 4)));
        if let Some(o) = obr {
            starts.push((o.c(27, 4), o.loc_c(27, 4)));
            starts.push((o.c(6, 1), o.loc(6)));
        }
        match starts.iter().find(|(s, _)| !s.is_empty()) {
            Some((s, loc)) => {
                if let Some(dt) = self.date_time(s, loc) {
                    sr.insert("occurrenceDateTime".into(), dt.into());
                }
            }
            None => self.warn(
                orc.loc_c(7, 4),
                "no start date/time: occurrence[x] left out",
            ),
        }
        // authoredOn: ORC-9.
        let authored = orc.c(9, 1);
        if !authored.is_empty()
            && let Some(dt) = self.date_time(&authored, &orc.loc(9))
        {
            sr.insert("authoredOn".into(), dt.into());
        }
        sr.insert("subject".into(), json!({ "reference": patient_url }));
        match requester_url {
            Some(u) => {
                sr.insert("requester".into(), json!({ "reference": u }));
            }
            None => self.warn(requester_loc, "no ordering provider (ORC-12, OBR-16)"),
        }
        if let Some(o) = obr {
            let mut reasons = Vec::new();
            for r in o.reps(31) {
                let ce = Ce::read(Some(r));
                let cc = self.codeable(&ce, &o.loc(31));
                reasons.push(concept(v, cc));
            }
            if !reasons.is_empty() {
                let key = if v == FhirVersion::R4 {
                    "reasonCode"
                } else {
                    "reason"
                };
                sr.insert(key.into(), reasons.into());
            }
            let mut notes: Vec<Value> = Vec::new();
            for f in [12, 13] {
                let t = o.c(f, 1);
                if !t.is_empty() {
                    notes.push(json!({ "text": t }));
                }
            }
            for n in &g.obr_ntes {
                let t = n.c(3, 1);
                if !t.is_empty() {
                    notes.push(json!({ "text": t }));
                }
            }
            if !notes.is_empty() {
                sr.insert("note".into(), notes.into());
            }
            for (f, what) in [
                (30, "transport mode"),
                (34, "technician"),
                (41, "transport arranged"),
            ] {
                if o.has(f) {
                    self.warn(o.loc(f), format!("{what} (OBR-{f}) not mapped"));
                }
            }
        }
        for obx in &g.obx {
            self.warn(
                obx.loc(3),
                "observation not mapped (supportingInfo is not written)",
            );
        }
        for i in &g.ipcs {
            for (f, what) in [
                (6, "protocol code"),
                (7, "station name"),
                (8, "step location"),
                (9, "station AE title"),
            ] {
                if i.has(f) {
                    self.warn(
                        i.loc(f),
                        format!("{what} (IPC-{f}) has no ServiceRequest element: not mapped"),
                    );
                }
            }
        }
        if orc.has(17) {
            self.warn(orc.loc(17), "entering organization (ORC-17) not mapped");
        }
        let _ = view;
        Ok(Value::Object(sr))
    }
}

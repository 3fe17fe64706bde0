//! FHIR ServiceRequest (+ Patient, + requester Practitioner) → HL7 v2.5.1 OMI^O23 (IHE RAD-4
//! with TQ1 and IPC), and → Modality Worklist items through that OMI, so that FHIR-first and
//! v2-first orders give the same worklist items.
//!
//! The field pairs are the reverse of [`crate::order_to_fhir`] (mapping note §3), checked
//! against the HL7 imaging ServiceRequest IG draft's ConceptMap `mwl-entry-from-fhir`
//! (ACSN→(0008,0050), PLAC→(0040,2016), FILL→(0040,2017), requester→(0032,1032),
//! code→(0032,1064), priority→(0040,1003), reason→(0040,1002), `urn:dicom:uid`
//! identifier→(0020,000D), patient identifier/name/birthDate/gender→(0010,*)):
//!
//! | HL7 | FHIR |
//! |---|---|
//! | PID-3 (CX: value, CX.4 assigner / `urn:oid` system, CX.5 type) | `Patient.identifier` |
//! | PID-5 (`family^given^further given^suffix^prefix^degree`) | `Patient.name[0]` |
//! | PID-7 / PID-8 | `birthDate` / `gender` |
//! | ORC-1 / ORC-5 | `status` (active → NW/SC, or XO/SC for an update; revoked → CA/CA; completed → XO/CM) |
//! | ORC-2, OBR-2 / ORC-3, OBR-3 | identifier PLAC / FILL |
//! | ORC-9 | `authoredOn` |
//! | ORC-12, OBR-16 (XCN) | `requester` → Practitioner |
//! | TQ1-7 / TQ1-9 | `occurrenceDateTime` (or `occurrencePeriod.start`) / `priority` |
//! | OBR-4 and OBR-44 (CWE) | `code` (R5 `code.concept`) |
//! | OBR-18, IPC-1 / OBR-19, IPC-2 / OBR-20, IPC-4 | identifier ACSN / "Requested Procedure ID" / "Scheduled Procedure Step ID" |
//! | IPC-3 | identifier `urn:dicom:uid` without `urn:oid:` |
//! | IPC-5 | `orderDetail` modality (R5 `orderDetail.parameter`) |
//! | OBR-31 | `reasonCode` (R5 `reason.concept`) |
//! | NTE after OBR | `note` |
//! | IPC-7 / IPC-8 / IPC-9 | [`OmiOptions`] (no ServiceRequest element) |
//!
//! All text is HL7-escaped by `hl7v2_imaging::MessageBuf::set`.

use crate::mwl::{MwlOptions, MwlOutput, StudyUidPolicy, order_bytes_to_mwl};
use crate::names::Name;
use crate::terminology::{DCM, DICOM_UID_SYSTEM, designator_for};
use crate::{Error, Warning, ids};
use hl7v2_imaging::MessageBuf;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// Options of the FHIR → OMI^O23 mapping (MSH header values and the step's station, which
/// have no ServiceRequest element).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct OmiOptions {
    /// MSH-3 sending application. Default `IMAGING-BRIDGE`.
    pub sending_application: String,
    /// MSH-4 sending facility.
    pub sending_facility: String,
    /// MSH-5 receiving application.
    pub receiving_application: String,
    /// MSH-6 receiving facility.
    pub receiving_facility: String,
    /// MSH-7, as an HL7 DTM. Default: now (UTC).
    pub timestamp: Option<String>,
    /// MSH-10. Default: derived from the ServiceRequest identifiers (stable).
    pub control_id: Option<String>,
    /// Write ORC-1 `XO` (RAD-13 update) instead of `NW` for active requests. Default off.
    pub update: bool,
    /// IPC-9 scheduled station AE title.
    pub station_ae: Option<String>,
    /// IPC-7 scheduled station name.
    pub station_name: Option<String>,
    /// IPC-8 scheduled procedure step location.
    pub location: Option<String>,
    /// No `urn:dicom:uid` identifier: generate a `2.25` UID (default, warned) or refuse.
    pub study_uid_policy: StudyUidPolicy,
    /// Extra coding scheme designator ↔ system URI pairs (as [`crate::FhirOptions`]).
    pub coding_systems: BTreeMap<String, String>,
    /// Bounds on the input ([`Limits`](crate::Limits)).
    pub limits: crate::Limits,
}

impl Default for OmiOptions {
    fn default() -> Self {
        OmiOptions {
            sending_application: "IMAGING-BRIDGE".into(),
            sending_facility: String::new(),
            receiving_application: String::new(),
            receiving_facility: String::new(),
            timestamp: None,
            control_id: None,
            update: false,
            station_ae: None,
            station_name: None,
            location: None,
            study_uid_policy: StudyUidPolicy::default(),
            coding_systems: BTreeMap::new(),
            limits: crate::Limits::default(),
        }
    }
}

/// An HL7 v2 message made by a mapping, with its warnings.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Hl7Output {
    /// The message as ER7, segments ended by CR.
    pub message: Vec<u8>,
    /// What could not be mapped, located (FHIR paths).
    pub warnings: Vec<Warning>,
}

/// A ServiceRequest with the Patient and requester it references.
type Gathered<'v> = (&'v Value, Option<&'v Value>, Option<&'v Value>);

/// The ServiceRequests of `input` (a Bundle, or one ServiceRequest) with the Patient and
/// requester each references (resolved among the Bundle's entries by `fullUrl` or
/// `Type/id`, the first entry that matches winning; a lone ServiceRequest may carry them in
/// `contained`). More than `max_orders` ServiceRequests is [`Error::LimitExceeded`], before any
/// reference is resolved; references are looked up in a map, and nothing is cloned.
fn gather<'v>(
    input: &'v Value,
    patient: Option<&'v Value>,
    max_orders: usize,
) -> Result<Vec<Gathered<'v>>, Error> {
    let mut pool: HashMap<String, &'v Value> = HashMap::new();
    let mut requests: Vec<&'v Value> = Vec::new();
    match input["resourceType"].as_str() {
        Some("Bundle") => {
            for e in input["entry"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                let r = &e["resource"];
                let url = e["fullUrl"].as_str().unwrap_or("").to_owned();
                if r["resourceType"] == "ServiceRequest" {
                    requests.push(r);
                    crate::Limits::check(max_orders, requests.len(), "max_orders")?;
                }
                let local = format!(
                    "{}/{}",
                    r["resourceType"].as_str().unwrap_or(""),
                    r["id"].as_str().unwrap_or("")
                );
                pool.entry(url).or_insert(r);
                pool.entry(local).or_insert(r);
            }
        }
        Some("ServiceRequest") => {
            for c in input["contained"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                pool.entry(format!("#{}", c["id"].as_str().unwrap_or("")))
                    .or_insert(c);
            }
            requests.push(input);
        }
        other => {
            return Err(Error::invalid(
                "resourceType",
                format!(
                    "expected a Bundle or a ServiceRequest, found {}",
                    other.unwrap_or("nothing")
                ),
            ));
        }
    }
    if requests.is_empty() {
        return Err(Error::Missing {
            location: "Bundle.entry".into(),
            what: "a ServiceRequest",
        });
    }
    let find = |r: &Value| -> Option<&'v Value> {
        let reference = r["reference"].as_str()?;
        pool.get(reference).copied()
    };
    Ok(requests
        .into_iter()
        .map(|sr| {
            let p = find(&sr["subject"]).or(patient);
            let req = find(&sr["requester"]);
            (sr, p, req)
        })
        .collect())
}

/// Map a FHIR ServiceRequest (or a Bundle of them, R4 or R5 forms) to one OMI^O23 message.
pub fn fhir_to_omi(
    input: &Value,
    patient: Option<&Value>,
    opts: &OmiOptions,
) -> Result<Hl7Output, Error> {
    let requests = gather(input, patient, opts.limits.max_orders)?;
    let mut b = Builder {
        msg: MessageBuf::new(),
        warnings: Vec::new(),
        counts: BTreeMap::new(),
        opts,
    };
    let first_ids: Vec<String> = requests
        .iter()
        .flat_map(|(sr, _, _)| sr["identifier"].as_array().cloned().unwrap_or_default())
        .filter_map(|i| i["value"].as_str().map(str::to_owned))
        .collect();
    let control = opts.control_id.clone().unwrap_or_else(|| {
        let refs: Vec<&str> = first_ids.iter().map(String::as_str).collect();
        ids::uuid(&refs).replace('-', "").chars().take(20).collect()
    });
    b.set("MSH-3", &opts.sending_application)?;
    b.set("MSH-4", &opts.sending_facility)?;
    b.set("MSH-5", &opts.receiving_application)?;
    b.set("MSH-6", &opts.receiving_facility)?;
    let ts = opts.timestamp.clone().unwrap_or_else(now_dtm);
    b.set("MSH-7", &ts)?;
    b.set("MSH-9.1", "OMI")?;
    b.set("MSH-9.2", "O23")?;
    b.set("MSH-9.3", "OMI_O23")?;
    b.set("MSH-10", &control)?;
    b.set("MSH-11", "P")?;
    b.set("MSH-12", "2.5.1")?;
    let patient = requests.iter().find_map(|(_, p, _)| *p);
    b.patient(patient)?;
    for (i, (sr, _, req)) in requests.iter().enumerate() {
        b.order(i, sr, *req)?;
    }
    let mut message = b.msg.to_bytes();
    if !message.is_ascii() {
        let mut msg = b.msg.clone();
        msg.set("MSH-18", "UNICODE UTF-8").map_err(hl7)?;
        message = msg.to_bytes();
    }
    Ok(Hl7Output {
        message,
        warnings: b.warnings,
    })
}

/// FHIR ServiceRequest (+ Patient) → worklist items, through [`fhir_to_omi`] and
/// [`crate::order_to_mwl`]; the warnings of both steps are returned.
pub fn fhir_to_mwl(
    input: &Value,
    patient: Option<&Value>,
    omi: &OmiOptions,
    mwl: &MwlOptions,
) -> Result<MwlOutput, Error> {
    let msg = fhir_to_omi(input, patient, omi)?;
    let mut out = order_bytes_to_mwl(&msg.message, mwl)?;
    let mut warnings = msg.warnings;
    warnings.append(&mut out.warnings);
    out.warnings = warnings;
    Ok(out)
}

fn hl7(e: hl7v2_imaging::Error) -> Error {
    Error::Hl7(e.to_string())
}

/// The current UTC time as an HL7 DTM with offset (`YYYYMMDDHHMMSS+0000`).
fn now_dtm() -> String {
    format!("{}+0000", hl7v2_imaging::dtm::now_utc())
}

/// FHIR date/dateTime → HL7 DTM (`2000-08-16T15:10:00+00:00` → `20000816151000+0000`).
pub(crate) fn dtm(v: &str) -> String {
    let (main, offset) = match v.find('T') {
        Some(t) => {
            let time_part = v.get(t..).unwrap_or("");
            match time_part.rfind(['+', '-']).or_else(|| time_part.find('Z')) {
                Some(o) => (v.get(..t + o).unwrap_or(v), v.get(t + o..).unwrap_or("")),
                None => (v, ""),
            }
        }
        None => (v, ""),
    };
    let mut out: String = main
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    match offset {
        "" => {}
        "Z" => out.push_str("+0000"),
        o => out.extend(o.chars().filter(|c| *c != ':')),
    }
    out
}

struct Builder<'o> {
    msg: MessageBuf,
    warnings: Vec<Warning>,
    counts: BTreeMap<&'static str, usize>,
    opts: &'o OmiOptions,
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

impl Builder<'_> {
    fn warn(&mut self, loc: impl Into<String>, msg: impl Into<String>) {
        self.warnings.push(Warning::new(loc, msg));
    }

    fn set(&mut self, path: &str, value: &str) -> Result<(), Error> {
        if value.is_empty() {
            return Ok(());
        }
        self.msg.set(path, value).map(|_| ()).map_err(hl7)
    }

    /// Start the next occurrence of a segment; returns its occurrence number.
    fn segment(&mut self, id: &'static str) -> Result<usize, Error> {
        let n = self.counts.entry(id).or_insert(0);
        *n += 1;
        let occ = *n;
        self.msg.set(&format!("{id}[{occ}]-1"), "").map_err(hl7)?;
        Ok(occ)
    }

    fn cwe(&mut self, prefix: &str, cc: &Value, loc: &str) -> Result<(), Error> {
        let coding = &cc["coding"][0];
        let code = s(&coding["code"]);
        let display = if s(&coding["display"]).is_empty() {
            s(&cc["text"])
        } else {
            s(&coding["display"])
        };
        self.set(&format!("{prefix}.1"), code)?;
        self.set(&format!("{prefix}.2"), display)?;
        let system = s(&coding["system"]);
        if !system.is_empty() {
            match designator_for(system, &self.opts.coding_systems) {
                Some(d) => self.set(&format!("{prefix}.3"), &d)?,
                None => self.warn(loc, format!("system `{system}` has no coding scheme designator (configure coding_systems): CWE.3 left empty")),
            }
        } else if !code.is_empty() {
            self.warn(loc, "coding without system: CWE.3 left empty");
        }
        Ok(())
    }

    fn patient(&mut self, p: Option<&Value>) -> Result<(), Error> {
        self.segment("PID")?;
        self.set("PID-1", "1")?;
        let Some(p) = p else {
            self.warn(
                "ServiceRequest.subject",
                "no Patient found: PID has no identifier or name",
            );
            self.segment("PV1")?;
            return self.set("PV1-2", "U");
        };
        let idents = p["identifier"].as_array().cloned().unwrap_or_default();
        let mut n = 0;
        for id in &idents {
            let value = s(&id["value"]);
            if value.is_empty() {
                continue;
            }
            n += 1;
            self.set(&format!("PID-3[{n}].1"), value)?;
            self.set(&format!("PID-3[{n}].4.1"), s(&id["assigner"]["display"]))?;
            let system = s(&id["system"]);
            if let Some(oid) = system.strip_prefix("urn:oid:") {
                self.set(&format!("PID-3[{n}].4.2"), oid)?;
                self.set(&format!("PID-3[{n}].4.3"), "ISO")?;
            } else if !system.is_empty() {
                self.set(&format!("PID-3[{n}].4.2"), system)?;
                self.set(&format!("PID-3[{n}].4.3"), "URI")?;
            }
            self.set(
                &format!("PID-3[{n}].5"),
                s(&id["type"]["coding"][0]["code"]),
            )?;
        }
        if n == 0 {
            self.warn("Patient.identifier", "no identifier: PID-3 empty");
        }
        let names = p["name"].as_array().cloned().unwrap_or_default();
        let name = names
            .iter()
            .find(|n| n["use"] == "official")
            .or_else(|| names.first())
            .map(Name::from_fhir)
            .unwrap_or_default();
        self.set("PID-5.1", &name.family)?;
        self.set("PID-5.2", &name.given)?;
        self.set("PID-5.3", &name.middle)?;
        self.set("PID-5.4", &name.suffix)?;
        self.set("PID-5.5", &name.prefix)?;
        self.set("PID-5.6", &name.degree)?;
        self.set("PID-7", &dtm(s(&p["birthDate"])))?;
        let sex = match s(&p["gender"]) {
            "male" => "M",
            "female" => "F",
            "other" => "O",
            "unknown" => "U",
            _ => "",
        };
        self.set("PID-8", sex)?;
        self.segment("PV1")?;
        self.set("PV1-1", "1")?;
        self.set("PV1-2", "U")
    }

    fn order(&mut self, index: usize, sr: &Value, requester: Option<&Value>) -> Result<(), Error> {
        let at = format!("Bundle.ServiceRequest[{index}]");
        let orc = self.segment("ORC")?;
        let ids = sr["identifier"].as_array().cloned().unwrap_or_default();
        let typed = |code: &str| -> Option<Value> {
            ids.iter()
                .find(|i| i["type"]["coding"][0]["code"] == code)
                .cloned()
        };
        let texted = |text: &str| -> Vec<String> {
            ids.iter()
                .filter(|i| i["type"]["text"] == text)
                .filter_map(|i| i["value"].as_str().map(str::to_owned))
                .collect()
        };
        // ORC-1 / ORC-5 from status.
        let (orc1, orc5) = match s(&sr["status"]) {
            "active" if self.opts.update => ("XO", "SC"),
            "active" => ("NW", "SC"),
            "revoked" => ("CA", "CA"),
            "completed" => ("XO", "CM"),
            "on-hold" => {
                self.warn(
                    format!("{at}.status"),
                    "on-hold has no IHE RAD-4 equivalent: HD/HD",
                );
                ("HD", "HD")
            }
            "entered-in-error" => {
                self.warn(
                    format!("{at}.status"),
                    "entered-in-error sent as a cancel (CA/CA)",
                );
                ("CA", "CA")
            }
            other => {
                return Err(Error::invalid(
                    format!("{at}.status"),
                    format!("status `{other}` cannot be sent as an order (draft/unknown)"),
                ));
            }
        };
        self.set(&format!("ORC[{orc}]-1"), orc1)?;
        self.set(&format!("ORC[{orc}]-5"), orc5)?;
        let ei = |id: &Option<Value>| -> (String, String, String) {
            let Some(id) = id else {
                return Default::default();
            };
            let system = s(&id["system"]);
            let (uid, ty) = match system.strip_prefix("urn:oid:") {
                Some(o) => (o.to_owned(), "ISO".to_owned()),
                None => (String::new(), String::new()),
            };
            (
                s(&id["value"]).to_owned(),
                s(&id["assigner"]["display"]).to_owned(),
                format!("{uid}^{ty}"),
            )
        };
        let plac = ei(&typed("PLAC"));
        let fill = ei(&typed("FILL"));
        let tq1 = self.segment("TQ1")?;
        self.set(&format!("TQ1[{tq1}]-1"), "1")?;
        let obr = self.segment("OBR")?;
        self.set(&format!("OBR[{obr}]-1"), &obr.to_string())?;
        for (seg, occ) in [("ORC", orc), ("OBR", obr)] {
            for (field, (value, ns, uid)) in [(2, &plac), (3, &fill)] {
                self.set(&format!("{seg}[{occ}]-{field}.1"), value)?;
                self.set(&format!("{seg}[{occ}]-{field}.2"), ns)?;
                let (u, t) = uid.split_once('^').unwrap_or(("", ""));
                self.set(&format!("{seg}[{occ}]-{field}.3"), u)?;
                self.set(&format!("{seg}[{occ}]-{field}.4"), t)?;
            }
        }
        if plac.0.is_empty() && fill.0.is_empty() {
            self.warn(
                format!("{at}.identifier"),
                "no PLAC or FILL identifier: ORC-2/ORC-3 empty",
            );
        }
        self.set(&format!("ORC[{orc}]-9"), &dtm(s(&sr["authoredOn"])))?;
        // Requester → ORC-12 and OBR-16 (XCN).
        if let Some(r) = requester {
            let mut n = r["name"]
                .as_array()
                .and_then(|a| a.first())
                .map(Name::from_fhir)
                .unwrap_or_default();
            n.id = s(&r["identifier"][0]["value"]).to_owned();
            for path in [format!("ORC[{orc}]-12"), format!("OBR[{obr}]-16")] {
                for (c, v) in [
                    (1, &n.id),
                    (2, &n.family),
                    (3, &n.given),
                    (4, &n.middle),
                    (5, &n.suffix),
                    (6, &n.prefix),
                    (7, &n.degree),
                ] {
                    self.set(&format!("{path}.{c}"), v)?;
                }
            }
        } else if !sr["requester"].is_null() {
            self.warn(
                format!("{at}.requester"),
                "requester not found in the Bundle: ORC-12 empty",
            );
        }
        // TQ1-7 start, TQ1-9 priority.
        let start = if sr["occurrenceDateTime"].is_string() {
            s(&sr["occurrenceDateTime"]).to_owned()
        } else {
            s(&sr["occurrencePeriod"]["start"]).to_owned()
        };
        if start.is_empty() {
            self.warn(
                format!("{at}.occurrence[x]"),
                "no occurrence: TQ1-7 empty (required by IHE RAD-4)",
            );
        }
        self.set(&format!("TQ1[{tq1}]-7"), &dtm(&start))?;
        let prio = match s(&sr["priority"]) {
            "stat" => "S",
            "asap" => "A",
            "urgent" => {
                self.warn(
                    format!("{at}.priority"),
                    "urgent has no table 0485 code: sent as A (ASAP)",
                );
                "A"
            }
            "routine" => "R",
            _ => "",
        };
        self.set(&format!("TQ1[{tq1}]-9"), prio)?;
        // Code → OBR-4 and OBR-44.
        let code = if sr["code"]["concept"].is_object() {
            &sr["code"]["concept"]
        } else {
            &sr["code"]
        };
        if code.is_object() {
            self.cwe(&format!("OBR[{obr}]-4"), code, &format!("{at}.code"))?;
            self.cwe(&format!("OBR[{obr}]-44"), code, &format!("{at}.code"))?;
        } else {
            self.warn(format!("{at}.code"), "no code: OBR-4 and OBR-44 empty");
        }
        // Identifiers → OBR-18/19/20.
        let acc = typed("ACSN")
            .map(|a| s(&a["value"]).to_owned())
            .unwrap_or_default();
        let rp = texted("Requested Procedure ID")
            .into_iter()
            .next()
            .unwrap_or_default();
        let mut sps = texted("Scheduled Procedure Step ID");
        self.set(&format!("OBR[{obr}]-18"), &acc)?;
        self.set(&format!("OBR[{obr}]-19"), &rp)?;
        self.set(
            &format!("OBR[{obr}]-20"),
            sps.first().map(String::as_str).unwrap_or(""),
        )?;
        // Reasons → OBR-31 (repeating).
        let reasons: Vec<Value> = match (sr["reasonCode"].as_array(), sr["reason"].as_array()) {
            (Some(r), _) => r.clone(),
            (None, Some(r)) => r
                .iter()
                .map(|x| x["concept"].clone())
                .filter(Value::is_object)
                .collect(),
            _ => Vec::new(),
        };
        for (i, r) in reasons.iter().enumerate() {
            self.cwe(
                &format!("OBR[{obr}]-31[{}]", i + 1),
                r,
                &format!("{at}.reason[{i}]"),
            )?;
        }
        // Notes → NTE after OBR.
        for (i, note) in sr["note"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let nte = self.segment("NTE")?;
            self.set(&format!("NTE[{nte}]-1"), &(i + 1).to_string())?;
            self.set(&format!("NTE[{nte}]-3"), s(&note["text"]))?;
        }
        // IPC: one per Scheduled Procedure Step ID.
        let uid = ids
            .iter()
            .find(|i| i["system"] == DICOM_UID_SYSTEM)
            .and_then(|i| i["value"].as_str())
            .map(|v| v.strip_prefix("urn:oid:").unwrap_or(v).to_owned());
        let uid = match uid {
            Some(u) => u,
            None => match self.opts.study_uid_policy {
                StudyUidPolicy::Refuse => {
                    return Err(Error::Missing {
                        location: format!("{at}.identifier"),
                        what: "a urn:dicom:uid Study Instance UID identifier",
                    });
                }
                _ => {
                    let u = ids::uid_2_25(&[&acc, &rp, &plac.0]);
                    self.warn(
                        format!("{at}.identifier"),
                        format!("no urn:dicom:uid identifier: generated {u}"),
                    );
                    u
                }
            },
        };
        crate::Limits::check(self.opts.limits.max_items, sps.len(), "max_items")?;
        let modality = self.modality(sr, &at);
        if sps.is_empty() {
            let stem = [rp.as_str(), acc.as_str(), plac.0.as_str()]
                .into_iter()
                .find(|v| !v.is_empty())
                .unwrap_or("SPS");
            let generated = format!("{stem}-1");
            self.warn(
                format!("{at}.identifier"),
                format!("no Scheduled Procedure Step ID: {generated} used"),
            );
            sps.push(generated);
        }
        for step in &sps {
            let ipc = self.segment("IPC")?;
            self.set(&format!("IPC[{ipc}]-1"), &acc)?;
            self.set(&format!("IPC[{ipc}]-2"), &rp)?;
            self.set(&format!("IPC[{ipc}]-3"), &uid)?;
            self.set(&format!("IPC[{ipc}]-4"), step)?;
            self.set(&format!("IPC[{ipc}]-5"), &modality)?;
            for (f, v) in [
                (7, &self.opts.station_name),
                (8, &self.opts.location),
                (9, &self.opts.station_ae),
            ] {
                if let Some(v) = v.clone() {
                    self.set(&format!("IPC[{ipc}]-{f}"), &v)?;
                }
            }
        }
        Ok(())
    }

    fn modality(&mut self, sr: &Value, at: &str) -> String {
        for d in sr["orderDetail"].as_array().cloned().unwrap_or_default() {
            if d["coding"][0]["system"] == DCM {
                return s(&d["coding"][0]["code"]).to_owned();
            }
            for p in d["parameter"].as_array().cloned().unwrap_or_default() {
                if p["code"]["coding"][0]["code"] == "121139" {
                    return s(&p["valueCodeableConcept"]["coding"][0]["code"]).to_owned();
                }
            }
        }
        self.warn(
            format!("{at}.orderDetail"),
            "no modality (DCM coding): IPC-5 empty",
        );
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fhir_date_time_to_dtm() {
        assert_eq!(dtm("2000-08-16T15:10:00+00:00"), "20000816151000+0000");
        assert_eq!(dtm("2000-08-16T15:10:00-05:00"), "20000816151000-0500");
        assert_eq!(dtm("2000-08-16T15:10:00.25Z"), "20000816151000.25+0000");
        assert_eq!(dtm("2000-08-16"), "20000816");
        assert_eq!(dtm(""), "");
        let now = now_dtm();
        assert_eq!(now.len(), 19, "{now}");
        assert!(now.starts_with("20"), "{now}");
    }
}

//! HL7 v2 ORU^R01 imaging report ⇄ FHIR DiagnosticReport (R4, R5) with the ImagingStudy
//! reference, per the HL7 v2-to-FHIR IG (`OBR[DiagnosticReport]`, `ResultStatus[Non-Queries]`)
//! and the OBX layout of IHE radiology reports (dcm4che `hl7-oru2dsr.xsl` reads the same one).
//!
//! | DiagnosticReport | HL7 |
//! |---|---|
//! | `status` | OBR-25 (O/I/S→registered, P→preliminary, C→corrected, R→partial, F→final, X→cancelled); OBR-25 empty and every valued OBX-11 `F` → final (warned) |
//! | `identifier` PLAC / FILL | ORC-2/OBR-2, ORC-3/OBR-3 |
//! | `basedOn` | OBR-18 accession (`{type: ServiceRequest, identifier: ACSN}`) |
//! | `code` | OBR-4 (empty → `{text: "Imaging report"}`, warned) |
//! | `category` | OBR-24 when a table 0074 code (`v2-0074`) |
//! | `effectiveDateTime` | OBR-7 |
//! | `issued` | OBR-22, only with seconds and an offset (an instant) |
//! | `resultsInterpreter` | OBR-32 (CNN subcomponents) → Practitioner |
//! | `imagingStudy` (R5 `study`) | OBX-5 where OBX-3 = DCM 113014 "DICOM Study" or 110180 "Study Instance UID" |
//! | `presentedForm` | the TX/FT/ST OBX-5 values (UID observations excluded), joined by line breaks, `text/plain; charset=utf-8` |
//! | `conclusion` | OBX-5 where OBX-3.1 = LOINC 19005-8 (Impression) |

use crate::fhir_order::{FhirOptions, FhirOutput, FhirVersion, entry};
use crate::names::Name;
use crate::omi::{Hl7Output, OmiOptions};
use crate::terminology::{DICOM_UID_SYSTEM, V2_0203, designator_for};
use crate::v2::{Ce, Dtm, Seg, View};
use crate::{Error, Warning, ids};
use base64::Engine as _;
use hl7v2_imaging::{Message, MessageBuf};
use serde_json::{Map, Value, json};

/// HL7 table 0074 diagnostic service section ids (category).
const TABLE_0074: &[&str] = &[
    "AU", "BG", "BLB", "CG", "CH", "CP", "CT", "CTH", "CUS", "EC", "EN", "HM", "ICU", "IMM", "LAB",
    "MB", "MCB", "MYC", "NMR", "NMS", "NRS", "OSL", "OT", "OTH", "OUS", "PF", "PHR", "PHY", "PT",
    "RAD", "RC", "RT", "RUS", "RX", "SP", "SR", "TX", "VR", "VUS", "XRC",
];

/// The fields the report → FHIR mapping reads (module docs).
const REPORT_FIELDS: crate::v2::UsedFields = &[
    ("PID", &[1, 3, 5, 6, 7, 8, 11]),
    ("PV1", &[1]),
    ("ORC", &[1, 2, 3]),
    ("OBR", &[1, 2, 3, 4, 6, 7, 18, 22, 24, 25, 32]),
    ("OBX", &[1, 2, 3, 4, 5, 11]),
];

/// Parse an HL7 v2 message and map it with [`report_to_fhir`].
pub fn report_bytes_to_fhir(input: &[u8], opts: &FhirOptions) -> Result<FhirOutput, Error> {
    let msg = Message::parse(input).map_err(|e| Error::Hl7(e.to_string()))?;
    report_to_fhir(&msg, opts)
}

/// Map an ORU^R01 to a FHIR transaction Bundle: the Patient, one DiagnosticReport per OBR, and
/// a Practitioner per results interpreter (module docs give the rules).
pub fn report_to_fhir(msg: &Message<'_>, opts: &FhirOptions) -> Result<FhirOutput, Error> {
    let view = View::new(msg).ok_or_else(|| Error::WrongMessage {
        location: "MSH".into(),
        message: "no MSH segment".into(),
    })?;
    let code = view.msh.c(9, 1);
    if code != "ORU" {
        return Err(Error::WrongMessage {
            location: "MSH-9".into(),
            message: format!("`{code}` is not a result message (ORU^R01)"),
        });
    }
    if view.reports.is_empty() {
        return Err(Error::Missing {
            location: "OBR".into(),
            what: "an OBR segment",
        });
    }
    crate::Limits::check(opts.limits.max_orders, view.reports.len(), "max_orders")?;
    let mut warnings = Vec::new();
    if let Err(e) = hl7v2_imaging::typed::ReportMessage::from_message(msg) {
        warnings.push(Warning::new(
            "MSH-9",
            format!("message structure does not match HL7's ({e}); mapped segment by segment"),
        ));
    }
    let mut fo = crate::fhir_order::Mapper::new(opts);
    fo.warnings = warnings;
    let (patient, if_none) = fo.patient(&view);
    let sender = view.msh.c(3, 1);
    let control = view.control_id();
    let patient_url = ids::urn_uuid(&[&sender, &control, "Patient"]);
    let mut entries = vec![entry(&patient_url, patient, "Patient", if_none)];
    for (i, (obr, obx)) in view.reports.iter().enumerate() {
        let orc = view.report_orcs.get(i).copied().flatten();
        let n = i.to_string();
        let interpreter = Name::from_cnn(obr.rep1(32));
        let interp_url = if interpreter.is_empty() {
            None
        } else {
            let u = ids::urn_uuid(&[&sender, &control, &n, "Practitioner"]);
            entries.push(entry(
                &u,
                crate::fhir_order::practitioner(&interpreter),
                "Practitioner",
                None,
            ));
            Some(u)
        };
        let dr = diagnostic_report(&mut fo, obr, orc, obx, &patient_url, interp_url.as_deref());
        let u = ids::urn_uuid(&[&sender, &control, &n, "DiagnosticReport"]);
        entries.push(entry(&u, dr, "DiagnosticReport", None));
    }
    crate::v2::warn_unread(msg, REPORT_FIELDS, "FHIR", &mut fo.warnings);
    Ok(FhirOutput {
        bundle: json!({ "resourceType": "Bundle", "type": "transaction", "entry": entries }),
        version: opts.version,
        warnings: fo.warnings,
    })
}

fn is_uid_obs(obx: &Seg<'_>) -> Option<&'static str> {
    let (code, text, system) = (obx.c(3, 1), obx.c(3, 2), obx.c(3, 3));
    if matches!(code.as_str(), "113014" | "110180") && system == "DCM" {
        return Some("study");
    }
    let t = text.to_ascii_lowercase();
    if t.ends_with("instance uid") || code == "112002" || code == "121139" {
        return Some("other");
    }
    None
}

fn diagnostic_report(
    m: &mut crate::fhir_order::Mapper<'_>,
    obr: &Seg<'_>,
    orc: Option<Seg<'_>>,
    obx: &[Seg<'_>],
    patient_url: &str,
    interpreter_url: Option<&str>,
) -> Value {
    let v = m.opts.version;
    let mut dr = Map::new();
    dr.insert("resourceType".into(), "DiagnosticReport".into());
    // identifiers
    let mut idents = Vec::new();
    for (f, code) in [(2, "PLAC"), (3, "FILL")] {
        let src = match orc {
            Some(o) if !o.c(f, 1).is_empty() => o,
            _ => *obr,
        };
        if let Some(id) = crate::fhir_order::ei_identifier(src.rep1(f), Some(code)) {
            idents.push(id);
        }
    }
    if !idents.is_empty() {
        dr.insert("identifier".into(), idents.into());
    }
    let acc = obr.c(18, 1);
    if !acc.is_empty() {
        dr.insert(
            "basedOn".into(),
            json!([{ "type": "ServiceRequest", "identifier": {
                "type": { "coding": [{ "system": V2_0203, "code": "ACSN" }] }, "value": acc } }]),
        );
    }
    // status
    let result = obr.c(25, 1);
    let status = match result.as_str() {
        "O" | "I" | "S" => "registered",
        "P" => "preliminary",
        "C" => "corrected",
        "R" => "partial",
        "F" => "final",
        "X" => "cancelled",
        "" => {
            let obs: Vec<String> = obx
                .iter()
                .map(|o| o.c(11, 1))
                .filter(|s| !s.is_empty())
                .collect();
            if !obs.is_empty() && obs.iter().all(|s| s == "F") {
                m.warn(
                    obr.loc(25),
                    "result status empty: final, because every valued OBX-11 is F",
                );
                "final"
            } else {
                m.warn(obr.loc(25), "result status empty: unknown");
                "unknown"
            }
        }
        other => {
            m.warn(
                obr.loc(25),
                format!("result status `{other}` has no DiagnosticReport.status: unknown"),
            );
            "unknown"
        }
    };
    dr.insert("status".into(), status.into());
    let section = obr.c(24, 1);
    if TABLE_0074.contains(&section.as_str()) {
        dr.insert(
            "category".into(),
            json!([{ "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/v2-0074", "code": section }] }]),
        );
    } else if !section.is_empty() {
        m.warn(
            obr.loc(24),
            format!("`{section}` is not an HL7 table 0074 code: no category"),
        );
    }
    let code = Ce::read(obr.rep1(4));
    let cc = if code.is_empty() {
        m.warn(obr.loc(4), "no report code: `Imaging report` text used");
        json!({ "text": "Imaging report" })
    } else {
        m.codeable(&code, &obr.loc(4))
    };
    dr.insert("code".into(), cc);
    dr.insert("subject".into(), json!({ "reference": patient_url }));
    let observed = obr.c(7, 1);
    if !observed.is_empty() {
        if let Some(dt) = m.date_time(&observed, &obr.loc(7)) {
            dr.insert("effectiveDateTime".into(), dt.into());
        }
    } else if !obr.c(6, 1).is_empty() {
        m.warn(
            obr.loc(6),
            "OBR-6 is the requested time, not the observation time: effective left out",
        );
    }
    let issued = obr.c(22, 1);
    if !issued.is_empty() {
        match Dtm::parse(&issued) {
            Some(d) if d.time.len() >= 6 && !d.offset.is_empty() => {
                dr.insert("issued".into(), d.to_fhir(None).0.into());
            }
            _ => m.warn(
                obr.loc(22),
                "OBR-22 has no seconds or no offset: issued (an instant) left out",
            ),
        }
    }
    if let Some(u) = interpreter_url {
        dr.insert("resultsInterpreter".into(), json!([{ "reference": u }]));
    }
    // OBX: study references, text, conclusion.
    let mut studies = Vec::new();
    let mut lines = Vec::new();
    let mut conclusion = Vec::new();
    for o in obx {
        let vt = o.c(2, 1);
        let values: Vec<String> = o
            .field(5)
            .map(|f| {
                f.parts()
                    .map(|r| r.value().replace("\\.br\\", "\n"))
                    .collect()
            })
            .unwrap_or_default();
        let text = values.join("\n");
        match is_uid_obs(o) {
            Some("study") => {
                studies.push(json!({ "type": "ImagingStudy",
                    "identifier": { "system": DICOM_UID_SYSTEM, "value": format!("urn:oid:{}", text.trim()) } }));
                continue;
            }
            Some(_) => {
                m.warn(
                    o.loc(5),
                    format!(
                        "`{}` belongs in the ImagingStudy, not the report: not mapped",
                        o.c(3, 2)
                    ),
                );
                continue;
            }
            None => {}
        }
        if o.c(3, 1) == "19005-8" {
            conclusion.push(text);
            continue;
        }
        match vt.as_str() {
            "TX" | "FT" | "ST" => lines.push(text),
            _ => m.warn(
                o.loc(5),
                format!(
                    "coded observation ({vt}) not mapped (result Observations are not written)"
                ),
            ),
        }
    }
    if !studies.is_empty() {
        let key = if v == FhirVersion::R4 {
            "imagingStudy"
        } else {
            "study"
        };
        dr.insert(key.into(), studies.into());
    }
    if !lines.is_empty() {
        let data = base64::engine::general_purpose::STANDARD.encode(lines.join("\n"));
        dr.insert(
            "presentedForm".into(),
            json!([{ "contentType": "text/plain; charset=utf-8", "data": data }]),
        );
    }
    if conclusion.is_empty() {
        m.warn(
            obr.loc(4),
            "no Impression OBX (LOINC 19005-8): no conclusion",
        );
    } else {
        dr.insert("conclusion".into(), conclusion.join("\n").into());
    }
    if obr.has(16) {
        m.warn(
            obr.loc(16),
            "ordering provider (OBR-16) not mapped on the report",
        );
    }
    Value::Object(dr)
}

/// A FHIR DiagnosticReport (a Bundle with one, R4 or R5) → ORU^R01 v2.5.1 (the reverse table
/// of the module docs): OBR-2/3 from PLAC/FILL, OBR-4 from `code`, OBR-7 from `effective`,
/// OBR-18 from `basedOn` ACSN, OBR-22 from `issued`, OBR-24 from a v2-0074 category, OBR-25
/// from `status`; OBX `113014^DICOM Study^DCM` per referenced study, one TX OBX per line of
/// the text `presentedForm`, and `19005-8^Impression^LN` for the conclusion.
pub fn fhir_to_oru(input: &Value, opts: &OmiOptions) -> Result<Hl7Output, Error> {
    let mut pool: Vec<(String, Value)> = Vec::new();
    let report = match input["resourceType"].as_str() {
        Some("DiagnosticReport") => input.clone(),
        Some("Bundle") => {
            let mut found = None;
            for e in input["entry"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                pool.push((
                    e["fullUrl"].as_str().unwrap_or("").to_owned(),
                    e["resource"].clone(),
                ));
                if e["resource"]["resourceType"] == "DiagnosticReport" && found.is_none() {
                    found = Some(e["resource"].clone());
                }
            }
            found.ok_or(Error::Missing {
                location: "Bundle.entry".into(),
                what: "a DiagnosticReport",
            })?
        }
        other => {
            return Err(Error::invalid(
                "resourceType",
                format!(
                    "expected a Bundle or a DiagnosticReport, found {}",
                    other.unwrap_or("nothing")
                ),
            ));
        }
    };
    let s = |v: &Value| v.as_str().unwrap_or("").to_owned();
    let mut warnings = Vec::new();
    let mut msg = MessageBuf::new();
    let mut set = |path: &str, value: &str| -> Result<(), Error> {
        if value.is_empty() {
            return Ok(());
        }
        msg.set(path, value)
            .map(|_| ())
            .map_err(|e| Error::Hl7(e.to_string()))
    };
    set("MSH-3", &opts.sending_application)?;
    set("MSH-4", &opts.sending_facility)?;
    set("MSH-5", &opts.receiving_application)?;
    set("MSH-6", &opts.receiving_facility)?;
    set("MSH-7", opts.timestamp.as_deref().unwrap_or("19700101"))?;
    set("MSH-9.1", "ORU")?;
    set("MSH-9.2", "R01")?;
    set("MSH-9.3", "ORU_R01")?;
    let ids_v: Vec<String> = report["identifier"]
        .as_array()
        .map(|a| a.iter().map(|i| s(&i["value"])).collect())
        .unwrap_or_default();
    let refs: Vec<&str> = ids_v.iter().map(String::as_str).collect();
    let control = opts
        .control_id
        .clone()
        .unwrap_or_else(|| ids::uuid(&refs).replace('-', "").chars().take(20).collect());
    set("MSH-10", &control)?;
    set("MSH-11", "P")?;
    set("MSH-12", "2.5.1")?;
    // PID from the subject, when the Bundle holds it.
    let subject = s(&report["subject"]["reference"]);
    set("PID-1", "1")?;
    if let Some((_, p)) = pool.iter().find(|(u, _)| *u == subject) {
        if let Some(id) = p["identifier"].as_array().and_then(|a| a.first()) {
            set("PID-3.1", &s(&id["value"]))?;
            set("PID-3.4.1", &s(&id["assigner"]["display"]))?;
        }
        let n = p["name"]
            .as_array()
            .and_then(|a| a.first())
            .map(Name::from_fhir)
            .unwrap_or_default();
        set("PID-5.1", &n.family)?;
        set("PID-5.2", &n.given)?;
        set("PID-5.3", &n.middle)?;
    } else {
        warnings.push(Warning::new(
            "DiagnosticReport.subject",
            "Patient not in the Bundle: PID-3/PID-5 empty",
        ));
    }
    set("OBR-1", "1")?;
    for i in report["identifier"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let f = match s(&i["type"]["coding"][0]["code"]).as_str() {
            "PLAC" => 2,
            "FILL" => 3,
            _ => continue,
        };
        set(&format!("OBR-{f}.1"), &s(&i["value"]))?;
        set(&format!("OBR-{f}.2"), &s(&i["assigner"]["display"]))?;
    }
    let code = &report["code"]["coding"][0];
    set("OBR-4.1", &s(&code["code"]))?;
    set("OBR-4.2", &s(&code["display"]))?;
    if let Some(d) = designator_for(&s(&code["system"]), &opts.coding_systems) {
        set("OBR-4.3", &d)?;
    }
    set("OBR-7", &crate::omi::dtm(&s(&report["effectiveDateTime"])))?;
    let acc = report["basedOn"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|b| b["identifier"]["type"]["coding"][0]["code"] == "ACSN")
        })
        .map(|b| s(&b["identifier"]["value"]))
        .unwrap_or_default();
    set("OBR-18", &acc)?;
    set("OBR-22", &crate::omi::dtm(&s(&report["issued"])))?;
    for c in report["category"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        if c["coding"][0]["system"] == "http://terminology.hl7.org/CodeSystem/v2-0074" {
            set("OBR-24", &s(&c["coding"][0]["code"]))?;
        }
    }
    let status = match s(&report["status"]).as_str() {
        "final" => "F",
        "preliminary" => "P",
        "corrected" | "amended" | "appended" => "C",
        "partial" => "R",
        "registered" => "S",
        "cancelled" => "X",
        "entered-in-error" => {
            warnings.push(Warning::new(
                "DiagnosticReport.status",
                "entered-in-error sent as W (table 0123)",
            ));
            "W"
        }
        other => {
            warnings.push(Warning::new(
                "DiagnosticReport.status",
                format!("`{other}` has no OBR-25 code: left empty"),
            ));
            ""
        }
    };
    set("OBR-25", status)?;
    let mut n = 0;
    let mut obx = |vt: &str,
                   code: &str,
                   value: &str,
                   set: &mut dyn FnMut(&str, &str) -> Result<(), Error>|
     -> Result<(), Error> {
        n += 1;
        set(&format!("OBX[{n}]-1"), &n.to_string())?;
        set(&format!("OBX[{n}]-2"), vt)?;
        let mut parts = code.split('^');
        for c in 1..=3 {
            set(&format!("OBX[{n}]-3.{c}"), parts.next().unwrap_or(""))?;
        }
        set(&format!("OBX[{n}]-5"), value)?;
        set(&format!("OBX[{n}]-11"), status)
    };
    let studies = if report["imagingStudy"].is_array() {
        &report["imagingStudy"]
    } else {
        &report["study"]
    };
    for st in studies.as_array().map(Vec::as_slice).unwrap_or_default() {
        let uid = s(&st["identifier"]["value"]);
        let uid = uid.strip_prefix("urn:oid:").unwrap_or(&uid).to_owned();
        if uid.is_empty() {
            warnings.push(Warning::new(
                "DiagnosticReport.imagingStudy",
                "reference without a urn:dicom:uid identifier: not sent",
            ));
            continue;
        }
        obx("ST", "113014^DICOM Study^DCM", &uid, &mut set)?;
    }
    for form in report["presentedForm"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        if !s(&form["contentType"]).starts_with("text/plain") {
            warnings.push(Warning::new(
                "DiagnosticReport.presentedForm",
                "non-text attachment not sent",
            ));
            continue;
        }
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(s(&form["data"]))
            .map_err(|e| Error::invalid("DiagnosticReport.presentedForm.data", e.to_string()))?;
        for line in String::from_utf8_lossy(&bytes).lines() {
            obx(
                "TX",
                "18782-3^Radiology Study observation^LN",
                line,
                &mut set,
            )?;
        }
    }
    let conclusion = s(&report["conclusion"]);
    if !conclusion.is_empty() {
        obx("TX", "19005-8^Impression^LN", &conclusion, &mut set)?;
    }
    let mut message = msg.to_bytes();
    if !message.is_ascii() {
        msg.set("MSH-18", "UNICODE UTF-8")
            .map_err(|e| Error::Hl7(e.to_string()))?;
        message = msg.to_bytes();
    }
    Ok(Hl7Output { message, warnings })
}

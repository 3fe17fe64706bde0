//! ORU^R01 ⇄ FHIR DiagnosticReport (mapping note §5 and §6.4; HL7 v2-to-FHIR IG
//! `OBR[DiagnosticReport]`, `ResultStatus[Non-Queries]`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use base64::Engine as _;
use imaging_bridge::{FhirOptions, FhirVersion, OmiOptions, fhir_to_oru, report_bytes_to_fhir};
use serde_json::{Value, json};
use std::path::Path;

const SR: &[u8] = include_bytes!("data/hl7v2/ORU_R01-SR.hl7");
const ORU: &[u8] = include_bytes!("data/hl7v2/ORU_R01.hl7");

fn opts(v: FhirVersion, offset: Option<&str>) -> FhirOptions {
    let mut o = FhirOptions::default();
    o.version = v;
    o.assume_offset = offset.map(str::to_owned);
    o
}

fn report(b: &Value) -> &Value {
    b["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .find(|r| r["resourceType"] == "DiagnosticReport")
        .unwrap()
}

fn text(dr: &Value) -> String {
    let data = dr["presentedForm"][0]["data"].as_str().unwrap();
    String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(data)
            .unwrap(),
    )
    .unwrap()
}

/// Mapping note §6.4: `ORU^R01-SR.hl7`.
#[test]
fn oru_sr_to_diagnostic_report() {
    let out = report_bytes_to_fhir(SR, &opts(FhirVersion::R4, Some("+00:00"))).unwrap();
    let dr = report(&out.bundle);
    assert_eq!(dr["status"], "final", "OBR-25 F");
    assert_eq!(
        dr["identifier"][0]["value"], "PlacerOrderNumberImagingServiceRequest",
        "OBR-2 (no ORC)"
    );
    assert_eq!(
        dr["identifier"][1]["value"], "FillerOrderNumberImagingServiceRequest",
        "OBR-3"
    );
    assert_eq!(
        dr["basedOn"][0]["identifier"]["value"], "AccessionNumber",
        "OBR-18"
    );
    assert_eq!(
        dr["code"]["coding"][0],
        json!({"system": "http://loinc.org", "code": "10637-7", "display": "Microscopic Observation"}),
        "OBR-4"
    );
    assert_eq!(
        dr["effectiveDateTime"], "2022-03-24T19:30:57+00:00",
        "OBR-7"
    );
    assert_eq!(
        dr["imagingStudy"],
        json!([{"type": "ImagingStudy", "identifier": {"system": "urn:dicom:uid", "value": "urn:oid:1.2.392.200036.9125.0.198811291108.7"}}]),
        "OBX[1] 113014^DICOM Study^DCM"
    );
    assert_eq!(
        dr["presentedForm"][0]["contentType"],
        "text/plain; charset=utf-8"
    );
    let t = text(dr);
    let lines: Vec<&str> = t.lines().collect();
    assert_eq!(lines.len(), 9, "TX OBX 4, 5, 6, 7, 9, 11, 13, 14, 15:\n{t}");
    assert!(lines[0].starts_with("The right kidney"));
    assert_eq!(lines[2], "4mmx6mm");
    assert!(lines[8].starts_with("Internal technical scan parameters"));
    assert!(dr.get("conclusion").is_none());
    let pr = out.bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["resource"]["resourceType"] == "Practitioner")
        .unwrap();
    assert_eq!(
        pr["resource"]["name"][0],
        json!({"family": "VerifyingObserverFN", "given": ["VerifyingObserverGN", "VerifyingObserverMN"], "prefix": ["DR"], "suffix": ["Md"]}),
        "OBR-32 CNN subcomponents"
    );
    assert_eq!(dr["resultsInterpreter"][0]["reference"], pr["fullUrl"]);
    for loc in ["OBX[2]-5", "OBX[3]-5", "OBX[8]-5", "OBX[10]-5", "OBX[12]-5"] {
        assert!(
            out.warnings.iter().any(|w| w.location == loc),
            "no warning at {loc}: {:?}",
            out.warnings
        );
    }
    assert!(
        out.warnings
            .iter()
            .any(|w| w.message.contains("conclusion"))
    );
    assert!(out.validate().unwrap().is_empty(), "{:?}", out.validate());

    let out5 = report_bytes_to_fhir(SR, &opts(FhirVersion::R5, None)).unwrap();
    let dr5 = report(&out5.bundle);
    assert_eq!(
        dr5["study"][0]["identifier"]["value"], "urn:oid:1.2.392.200036.9125.0.198811291108.7",
        "R5 study"
    );
    assert!(dr5.get("imagingStudy").is_none());
    assert_eq!(dr5["effectiveDateTime"], "2022-03-24", "no zone: date only");
    assert!(out5.validate().unwrap().is_empty(), "{:?}", out5.validate());
}

/// `ORU^R01.hl7`: OBR-25 empty (the F slipped into OBR-24): final via every OBX-11 F, warned.
#[test]
fn shifted_status_falls_back_to_obx_11() {
    let out = report_bytes_to_fhir(ORU, &opts(FhirVersion::R4, None)).unwrap();
    let dr = report(&out.bundle);
    assert_eq!(dr["status"], "final");
    assert!(out.warnings.iter().any(|w| w.location == "OBR[1]-25"));
    assert!(
        out.warnings.iter().any(|w| w.location == "OBR[1]-24"),
        "F is not a table 0074 code"
    );
    assert!(dr.get("category").is_none());
    assert_eq!(
        dr["imagingStudy"][0]["identifier"]["value"],
        "urn:oid:1.113654.1.2001.30.2.2"
    );
    assert_eq!(dr["basedOn"][0]["identifier"]["value"], "ACC1");
    assert!(
        dr.get("effectiveDateTime").is_none(),
        "OBR-6 is a requested time"
    );
    assert!(out.validate().unwrap().is_empty(), "{:?}", out.validate());
}

/// DiagnosticReport → ORU^R01 → DiagnosticReport keeps status, code, accession, study and text.
#[test]
fn round_trip_through_oru() {
    let first = report_bytes_to_fhir(SR, &opts(FhirVersion::R4, Some("+00:00"))).unwrap();
    let mut oo = OmiOptions::default();
    oo.timestamp = Some("20240101120000+0000".into());
    let oru = fhir_to_oru(&first.bundle, &oo).unwrap();
    let msg = hl7v2_imaging::Message::parse(&oru.message).unwrap();
    hl7v2_imaging::typed::ReportMessage::from_message(&msg).unwrap();
    assert_eq!(msg.get("OBR-25").unwrap().as_deref(), Some("F"));
    assert_eq!(msg.get("OBX[1]-3.1").unwrap().as_deref(), Some("113014"));
    assert_eq!(msg.get("PID-3.1").unwrap().as_deref(), Some("PID_1"));
    let second =
        report_bytes_to_fhir(&oru.message, &opts(FhirVersion::R4, Some("+00:00"))).unwrap();
    let (a, b) = (report(&first.bundle), report(&second.bundle));
    for key in [
        "status",
        "code",
        "basedOn",
        "imagingStudy",
        "effectiveDateTime",
        "identifier",
    ] {
        assert_eq!(a[key], b[key], "{key}");
    }
    assert_eq!(text(a), text(b));
}

/// The report Bundles validate with Python's fhir.resources (R4B, R5).
#[test]
fn report_bundles_validate_with_fhir_resources() {
    let dir = common::temp_dir("report-fhir");
    for (v, name) in [(FhirVersion::R4, "r4"), (FhirVersion::R5, "r5")] {
        let mut files = Vec::new();
        for (i, msg) in [SR, ORU].iter().enumerate() {
            let out = report_bytes_to_fhir(msg, &opts(v, Some("+00:00"))).unwrap();
            let p = dir.join(format!("{name}-{i}.json"));
            std::fs::write(&p, out.to_json(false).unwrap()).unwrap();
            files.push(p);
        }
        let mut args: Vec<&Path> = vec![Path::new(name)];
        args.extend(files.iter().map(|p| p.as_path()));
        if common::python("fhir_validate.py", &args).is_none() {
            return;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

//! HL7 v2 order → FHIR transaction Bundle (R4, R5), field by field on the dcm4che corpus orders
//! (mapping note §2 and §6; HL7 v2-to-FHIR IG segment maps), validated by `fhir-imaging` and by
//! Python's `fhir.resources` (R4B and R5 models).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use imaging_bridge::{FhirOptions, FhirOutput, FhirVersion, order_bytes_to_fhir};
use serde_json::{Value, json};

const ORM: &[u8] = include_bytes!("data/hl7v2/ORM_O01.hl7");
const OMI: &[u8] = include_bytes!("data/hl7v2/OMI_O23-ImagingOrder.hl7");
const OMI_VET: &[u8] = include_bytes!("data/hl7v2/OMI_O23.hl7");
const GENERAL: &[u8] = include_bytes!("data/hl7v2/ORM_O01-GeneralOrder.hl7");

fn opts(version: FhirVersion, offset: Option<&str>) -> FhirOptions {
    let mut o = FhirOptions::default();
    o.version = version;
    o.assume_offset = offset.map(str::to_owned);
    o
}

fn map(input: &[u8], o: &FhirOptions) -> FhirOutput {
    order_bytes_to_fhir(input, o).unwrap_or_else(|e| panic!("{e}"))
}

fn resource<'a>(b: &'a Value, ty: &str) -> &'a Value {
    b["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .find(|r| r["resourceType"] == ty)
        .unwrap_or_else(|| panic!("no {ty}"))
}

fn identifier(sr: &Value, pred: impl Fn(&Value) -> bool) -> Option<&Value> {
    sr["identifier"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| pred(i))
}

fn typed_id(sr: &Value, code: &str) -> Option<String> {
    identifier(sr, |i| i["type"]["coding"][0]["code"] == code)
        .map(|i| i["value"].as_str().unwrap().to_owned())
}

fn text_id(sr: &Value, text: &str) -> Option<String> {
    identifier(sr, |i| i["type"]["text"] == text).map(|i| i["value"].as_str().unwrap().to_owned())
}

/// Mapping note §6.1 (FHIR): `ORM^O01.hl7`.
#[test]
fn orm_o01_to_fhir_r4() {
    let out = map(ORM, &opts(FhirVersion::R4, Some("+00:00")));
    let b = &out.bundle;
    assert_eq!(b["type"], "transaction");
    let p = resource(b, "Patient");
    assert_eq!(
        p["identifier"],
        json!([{"value": "583295", "assigner": {"display": "ADT1"}}]),
        "PID-3 (CX.4.1 → assigner)"
    );
    assert_eq!(
        p["name"],
        json!([{"family": "DOE", "given": ["J1"]}]),
        "PID-5"
    );
    assert_eq!(p["gender"], "male", "PID-8 M");
    assert!(p.get("birthDate").is_none(), "PID-7 empty");
    let sr = resource(b, "ServiceRequest");
    assert_eq!(sr["status"], "active", "ORC-5 SC");
    assert_eq!(sr["intent"], "order");
    assert_eq!(typed_id(sr, "PLAC").as_deref(), Some("A103Z"), "ORC-2.1");
    assert_eq!(
        identifier(sr, |i| i["value"] == "A103Z").unwrap()["assigner"]["display"],
        "MESA_ORDPLC",
        "ORC-2.2"
    );
    assert_eq!(typed_id(sr, "FILL").as_deref(), Some("B103Z"), "ORC-3.1");
    assert_eq!(typed_id(sr, "ACSN").as_deref(), Some("MOF5026"), "OBR-18");
    assert!(
        identifier(sr, |i| i["system"] == "urn:dicom:uid"
            && i["value"] == "urn:oid:1.113654.3.13.1026")
        .is_some(),
        "ZDS-1.1"
    );
    assert_eq!(
        text_id(sr, "Requested Procedure ID").as_deref(),
        Some("RP1026"),
        "OBR-19"
    );
    assert_eq!(
        text_id(sr, "Scheduled Procedure Step ID").as_deref(),
        Some("SPS2032"),
        "OBR-20"
    );
    assert_eq!(
        sr["code"],
        json!({"coding": [{"code": "P1", "display": "Procedure 1"}], "text": "Procedure 1"}),
        "OBR-4.1-3; ERL_MESA has no system unless configured"
    );
    assert_eq!(sr["priority"], "stat", "ORC-7.6 S");
    assert!(
        sr.get("occurrenceDateTime").is_none(),
        "no ORC-7.4/OBR-27.4/OBR-6"
    );
    assert_eq!(
        sr["authoredOn"], "2000-07-01T09:00:00+00:00",
        "ORC-9 with assume_offset"
    );
    assert_eq!(
        sr["orderDetail"],
        json!([{"coding": [{"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "MR"}]}]),
        "OBR-24"
    );
    assert_eq!(sr["note"], json!([{"text": "xxx"}]), "OBR-13");
    let pr = resource(b, "Practitioner");
    assert_eq!(
        pr,
        &json!({"resourceType": "Practitioner", "identifier": [{"value": "7101"}],
                "name": [{"family": "ESTRADA", "given": ["JAIME", "P"], "prefix": ["DR"]}]}),
        "ORC-12"
    );
    // References resolve to entries of the Bundle.
    let urls: Vec<&str> = b["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["fullUrl"].as_str().unwrap())
        .collect();
    assert!(urls.contains(&sr["subject"]["reference"].as_str().unwrap()));
    assert!(urls.contains(&sr["requester"]["reference"].as_str().unwrap()));
    assert!(
        out.warnings
            .iter()
            .any(|w| w.location == "OBR[1]-4" && w.message.contains("ERL_MESA"))
    );
    assert!(out.warnings.iter().any(|w| w.location == "ORC[1]-7.4"));
}

/// Without assume_offset, a time without a zone is dropped (FHIR dateTime needs one), warned.
#[test]
fn time_without_zone_keeps_the_date() {
    let out = map(ORM, &opts(FhirVersion::R4, None));
    let sr = resource(&out.bundle, "ServiceRequest");
    assert_eq!(sr["authoredOn"], "2000-07-01", "ORC-9 200007010900");
    assert!(
        out.warnings
            .iter()
            .any(|w| w.location == "ORC[1]-9" && w.message.contains("time dropped"))
    );
}

/// Mapping note §6.2 (FHIR), R4 and R5 forms.
#[test]
fn omi_o23_to_fhir_r4_and_r5() {
    let out = map(OMI, &opts(FhirVersion::R4, Some("+00:00")));
    let p = resource(&out.bundle, "Patient");
    assert_eq!(p["birthDate"], "2014-10-14", "PID-7");
    assert_eq!(p["gender"], "female", "PID-8 F");
    assert_eq!(
        p["address"],
        json!([{"line": ["PatientAddress"]}]),
        "PID-11"
    );
    assert_eq!(
        p["name"],
        json!([{"family": "Smith", "given": ["Lucy", "Mark"]}]),
        "PID-5"
    );
    let sr = resource(&out.bundle, "ServiceRequest");
    let loinc = json!({"coding": [{"system": "http://loinc.org", "code": "10637-7", "display": "Microscopic Observation"}],
                       "text": "Microscopic Observation"});
    assert_eq!(sr["code"], loinc, "OBR-4 (LN → loinc.org)");
    assert_eq!(
        typed_id(sr, "ACSN").as_deref(),
        Some("AccessionNumber"),
        "IPC-1"
    );
    assert_eq!(
        text_id(sr, "Scheduled Procedure Step ID").as_deref(),
        Some("ScheduledProcStepID"),
        "IPC-4"
    );
    assert!(
        sr.get("priority").is_none(),
        "ORC-7.6 not a 0485 code (warned)"
    );
    assert_eq!(
        sr["occurrenceDateTime"], "2000-08-16T15:10:00+00:00",
        "TQ1-7"
    );
    assert_eq!(
        sr["reasonCode"][0]["coding"][0]["code"], "D1304",
        "OBR-31.1; HIPPS has no system"
    );
    assert!(sr["reasonCode"][0]["coding"][0].get("system").is_none());
    assert_eq!(
        sr["note"],
        json!([{"text": "PatientState"}, {"text": "MedicalAlerts"}, {"text": "RequestedProcedureComments"}]),
        "OBR-12, OBR-13, NTE"
    );
    let pr = resource(&out.bundle, "Practitioner");
    assert_eq!(
        pr["name"],
        json!([{"family": "RequestingPhysicianFN", "given": ["RequestingPhysicianGN", "RequestingPhysicianMN"],
                "prefix": ["DR"], "suffix": ["Md"]}]),
        "ORC-12 empty → OBR-16"
    );
    assert!(out.warnings.iter().any(|w| w.location == "ORC[1]-7.6"));

    let out = map(OMI, &opts(FhirVersion::R5, Some("+00:00")));
    let sr = resource(&out.bundle, "ServiceRequest");
    assert_eq!(
        sr["code"],
        json!({"concept": loinc}),
        "R5 CodeableReference"
    );
    assert_eq!(
        sr["reason"][0]["concept"]["coding"][0]["code"], "D1304",
        "R5 reason[].concept"
    );
    assert!(sr.get("reasonCode").is_none());
    assert_eq!(
        sr["orderDetail"][0]["parameter"][0]["code"]["coding"][0]["code"],
        "121139"
    );
    assert_eq!(
        sr["orderDetail"][0]["parameter"][0]["valueCodeableConcept"]["coding"][0]["code"], "CT",
        "IPC-5"
    );
}

/// OBR-4 empty → the code falls back to OBR-44, warned (mapping note §6.3).
#[test]
fn code_falls_back_to_obr44() {
    let out = map(OMI_VET, &opts(FhirVersion::R4, None));
    let sr = resource(&out.bundle, "ServiceRequest");
    assert_eq!(sr["code"]["coding"][0]["code"], "24725-4");
    assert!(
        out.warnings
            .iter()
            .any(|w| w.location == "OBR[1]-4" && w.message.contains("OBR-44"))
    );
}

/// The same message gives the same Bundle (deterministic fullUrls).
#[test]
fn deterministic() {
    let a = map(OMI, &opts(FhirVersion::R4, None));
    let b = map(OMI, &opts(FhirVersion::R4, None));
    assert_eq!(a.bundle, b.bundle);
}

/// Every Bundle validates with fhir-imaging (strict decode + validate) and with Python's
/// fhir.resources (R4B models for R4, R5 models for R5).
#[test]
fn bundles_validate_with_fhir_imaging_and_fhir_resources() {
    let dir = common::temp_dir("fhir-order");
    let mut files = [Vec::new(), Vec::new()];
    for (name, msg) in [
        ("orm", ORM),
        ("omi", OMI),
        ("vet", OMI_VET),
        ("general", GENERAL),
    ] {
        for (vi, v) in [FhirVersion::R4, FhirVersion::R5].into_iter().enumerate() {
            for offset in [None, Some("+01:00")] {
                let out = map(msg, &opts(v, offset));
                let issues = out
                    .validate()
                    .unwrap_or_else(|e| panic!("{name} {v:?}: {e}"));
                assert!(issues.is_empty(), "{name} {v:?}: {issues:?}");
                let path = dir.join(format!("{name}-{vi}-{}.json", offset.is_some()));
                std::fs::write(&path, out.to_json(true).unwrap()).unwrap();
                files[vi].push(path);
            }
        }
    }
    for (vi, v) in ["r4", "r5"].iter().enumerate() {
        let mut args: Vec<&std::path::Path> = vec![std::path::Path::new(v)];
        args.extend(files[vi].iter().map(|p| p.as_path()));
        if let Some(out) = common::python("fhir_validate.py", &args) {
            assert_eq!(
                out.lines().filter(|l| l.starts_with("ok ")).count(),
                files[vi].len(),
                "{out}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The output is also available as fhir-imaging's typed models.
#[test]
fn typed_bundles() {
    let r4 = map(OMI, &opts(FhirVersion::R4, None));
    let typed = r4.to_r4().unwrap();
    assert_eq!(typed.entry.len(), 3);
    assert!(r4.to_r5().is_err());
    let r5 = map(OMI, &opts(FhirVersion::R5, None));
    assert_eq!(r5.to_r5().unwrap().entry.len(), 3);
}

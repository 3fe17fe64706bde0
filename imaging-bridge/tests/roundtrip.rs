//! Round trips (issue 7 checks; mapping note §3): v2 order → FHIR ServiceRequest → OMI^O23 →
//! worklist item keeps the order's identifiers, patient and procedure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use dicom_core::Tag;
use imaging_bridge::{
    DataSet, FhirOptions, FhirVersion, MwlOptions, OmiOptions, fhir_to_mwl, fhir_to_omi,
    order_bytes_to_fhir, order_bytes_to_mwl,
};
use serde_json::json;

const ORM: &[u8] = include_bytes!("data/hl7v2/ORM_O01.hl7");
const OMI: &[u8] = include_bytes!("data/hl7v2/OMI_O23-ImagingOrder.hl7");
const OMI_VET: &[u8] = include_bytes!("data/hl7v2/OMI_O23.hl7");
const GENERAL: &[u8] = include_bytes!("data/hl7v2/ORM_O01-GeneralOrder.hl7");

fn value(ds: &DataSet, path: &[(u16, u16)]) -> String {
    let mut cur = ds.clone();
    for (i, (g, e)) in path.iter().enumerate() {
        let Some(el) = cur.get(Tag(*g, *e)) else {
            return "<absent>".into();
        };
        if i + 1 == path.len() {
            if let Some(items) = el.items() {
                // A code sequence: its first item's code value and scheme.
                return items
                    .first()
                    .map(|it| {
                        format!(
                            "{}|{}",
                            value(it, &[(0x0008, 0x0100)]),
                            value(it, &[(0x0008, 0x0102)])
                        )
                    })
                    .unwrap_or_default();
            }
            return el.to_str().map(|s| s.into_owned()).unwrap_or_default();
        }
        cur = el.items().unwrap()[0].clone();
    }
    unreachable!()
}

/// The attributes the round trip must keep (mapping note §3 "Round-trip invariant").
const KEPT: &[(&str, &[(u16, u16)])] = &[
    ("PatientID", &[(0x0010, 0x0020)]),
    ("IssuerOfPatientID", &[(0x0010, 0x0021)]),
    ("PatientName", &[(0x0010, 0x0010)]),
    ("PatientBirthDate", &[(0x0010, 0x0030)]),
    ("PatientSex", &[(0x0010, 0x0040)]),
    ("AccessionNumber", &[(0x0008, 0x0050)]),
    ("RequestedProcedureID", &[(0x0040, 0x1001)]),
    ("StudyInstanceUID", &[(0x0020, 0x000D)]),
    ("PlacerOrderNumber", &[(0x0040, 0x2016)]),
    ("FillerOrderNumber", &[(0x0040, 0x2017)]),
    ("RequestedProcedureCodeSequence", &[(0x0032, 0x1064)]),
    (
        "ScheduledProcedureStepID",
        &[(0x0040, 0x0100), (0x0040, 0x0009)],
    ),
    ("Modality", &[(0x0040, 0x0100), (0x0008, 0x0060)]),
    ("SPSStartDate", &[(0x0040, 0x0100), (0x0040, 0x0002)]),
];

#[test]
fn v2_to_fhir_to_omi_to_mwl_keeps_the_order() {
    // Local coding schemes need a URI both ways, or CE.3 is lost (mapping note §2, coding systems).
    let mut systems = std::collections::BTreeMap::new();
    systems.insert("ERL_MESA".to_owned(), "urn:oid:1.2.3.999.1".to_owned());
    for (name, msg) in [
        ("orm", ORM),
        ("omi", OMI),
        ("vet", OMI_VET),
        ("general", GENERAL),
    ] {
        for v in [FhirVersion::R4, FhirVersion::R5] {
            let direct = order_bytes_to_mwl(msg, &MwlOptions::default()).unwrap();
            let mut fo = FhirOptions::default();
            fo.version = v;
            fo.assume_offset = Some("+00:00".into());
            fo.coding_systems = systems.clone();
            let bundle = order_bytes_to_fhir(msg, &fo).unwrap().bundle;
            let mut oo = OmiOptions::default();
            oo.coding_systems = systems.clone();
            oo.timestamp = Some("20240101120000+0000".into());
            let via = fhir_to_mwl(&bundle, None, &oo, &MwlOptions::default()).unwrap();
            assert_eq!(via.items.len(), direct.items.len(), "{name} {v:?}");
            for (a, b) in direct.items.iter().zip(&via.items) {
                for (what, path) in KEPT {
                    assert_eq!(
                        value(&a.data_set, path),
                        value(&b.data_set, path),
                        "{name} {v:?}: {what}"
                    );
                }
            }
        }
    }
}

/// The OMI^O23 written from FHIR passes hl7v2-imaging's OMI_O23 grammar check and carries the
/// values where IHE RAD-4 puts them.
#[test]
fn omi_from_fhir_is_well_formed() {
    let mut fo = FhirOptions::default();
    fo.assume_offset = Some("+01:00".into());
    let bundle = order_bytes_to_fhir(OMI, &fo).unwrap().bundle;
    let mut oo = OmiOptions::default();
    oo.timestamp = Some("20240101120000+0000".into());
    oo.control_id = Some("MSG1".into());
    oo.station_ae = Some("CT01".into());
    let out = fhir_to_omi(&bundle, None, &oo).unwrap();
    let msg = hl7v2_imaging::Message::parse(&out.message).unwrap();
    let order = hl7v2_imaging::typed::OrderMessage::from_message(&msg).unwrap();
    assert_eq!(order.orders().len(), 1);
    let get = |p: &str| {
        msg.get(p)
            .unwrap()
            .map(|c| c.into_owned())
            .unwrap_or_default()
    };
    assert_eq!(get("MSH-9"), "OMI^O23^OMI_O23");
    assert_eq!(get("MSH-10"), "MSG1");
    assert_eq!(get("MSH-12"), "2.5.1");
    assert_eq!(
        get("MSH-18"),
        "UNICODE UTF-8",
        "the en dash of OBR-31 is non-ASCII"
    );
    assert_eq!(get("PID-3.1"), "PID_1");
    assert_eq!(get("PID-3.4.1"), "ADT1");
    assert_eq!(get("PID-5.1"), "Smith");
    assert_eq!(get("PID-7"), "20141014");
    assert_eq!(get("ORC-1"), "NW");
    assert_eq!(get("ORC-5"), "SC");
    assert_eq!(get("ORC-2.1"), "PlacerOrderNumberImagingServiceRequest");
    assert_eq!(get("TQ1-7"), "20000816151000+0100");
    assert_eq!(get("OBR-4.1"), "10637-7");
    assert_eq!(get("OBR-4.3"), "LN");
    assert_eq!(get("OBR-44.1"), "10637-7");
    assert_eq!(get("OBR-16.2"), "RequestingPhysicianFN");
    assert_eq!(get("OBR-16.6"), "DR");
    // FHIR's suffix list does not say which suffix was the degree: it comes back in XCN.5,
    // and the DICOM PN suffix component is the same either way.
    assert_eq!(get("OBR-16.5"), "Md");
    assert_eq!(get("OBR-31.1"), "D1304");
    assert_eq!(get("IPC-1"), "AccessionNumber");
    assert_eq!(get("IPC-3"), "1.2.392.200036.9125.0.198811291108.7");
    assert_eq!(get("IPC-4"), "ScheduledProcStepID");
    assert_eq!(get("IPC-5"), "CT");
    assert_eq!(get("IPC-9"), "CT01");
    // The same input gives the same message (deterministic control id when none is given).
    oo.control_id = None;
    assert_eq!(
        fhir_to_omi(&bundle, None, &oo).unwrap().message,
        fhir_to_omi(&bundle, None, &oo).unwrap().message
    );
}

/// A lone ServiceRequest with a separate Patient; status and priority maps; refusals.
#[test]
fn lone_service_request() {
    let sr = json!({"resourceType": "ServiceRequest", "status": "revoked", "intent": "order", "priority": "urgent",
        "identifier": [{"system": "urn:dicom:uid", "value": "urn:oid:1.2.3"},
                       {"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "ACSN"}]}, "value": "A1"}],
        "code": {"coding": [{"system": "http://loinc.org", "code": "24725-4", "display": "CT Head"}]},
        "orderDetail": [{"coding": [{"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "CT"}]}],
        "occurrenceDateTime": "2024-01-02", "subject": {"reference": "Patient/p"}});
    let patient = json!({"resourceType": "Patient", "identifier": [{"system": "urn:oid:1.2.3.4", "value": "P1"}],
        "name": [{"family": "Doe", "given": ["Jane", "Q"], "prefix": ["Dr"]}], "gender": "female", "birthDate": "1970-01-02"});
    let mut oo = OmiOptions::default();
    oo.timestamp = Some("20240101".into());
    let out = fhir_to_omi(&sr, Some(&patient), &oo).unwrap();
    let msg = hl7v2_imaging::Message::parse(&out.message).unwrap();
    let get = |p: &str| {
        msg.get(p)
            .unwrap()
            .map(|c| c.into_owned())
            .unwrap_or_default()
    };
    assert_eq!(
        (get("ORC-1"), get("ORC-5")),
        ("CA".into(), "CA".into()),
        "revoked"
    );
    assert_eq!(get("TQ1-9"), "A", "urgent → A (warned)");
    assert!(
        out.warnings
            .iter()
            .any(|w| w.location.ends_with(".priority"))
    );
    assert_eq!(get("PID-3.4.2"), "1.2.3.4");
    assert_eq!(get("PID-3.4.3"), "ISO");
    assert_eq!(get("PID-5"), "Doe^Jane^Q^^Dr");
    assert_eq!(
        get("IPC-4"),
        "A1-1",
        "no SPS ID: generated from the accession, warned"
    );
    let mwl = fhir_to_mwl(&sr, Some(&patient), &oo, &MwlOptions::default()).unwrap();
    assert_eq!(
        value(
            &mwl.items[0].data_set,
            &[(0x0040, 0x0100), (0x0040, 0x0020)]
        ),
        "CANCELLED"
    );
    assert_eq!(
        value(&mwl.items[0].data_set, &[(0x0010, 0x0010)]),
        "Doe^Jane^Q^Dr"
    );

    let mut draft = sr.clone();
    draft["status"] = json!("draft");
    assert!(fhir_to_omi(&draft, Some(&patient), &oo).is_err());
    assert!(fhir_to_omi(&json!({"resourceType": "Patient"}), None, &oo).is_err());
    assert!(
        fhir_to_omi(
            &json!({"resourceType": "Bundle", "type": "collection"}),
            None,
            &oo
        )
        .is_err()
    );
}

/// hl7apy (strict validation of the v2.5.1 OMI_O23 structure) accepts the OMI^O23 written from
/// each corpus order's FHIR Bundle, and the ORU^R01 written from a DiagnosticReport.
#[test]
fn hl7apy_accepts_the_messages_we_write() {
    let dir = common::temp_dir("hl7apy");
    let mut files = Vec::new();
    for (name, msg) in [
        ("orm", ORM),
        ("omi", OMI),
        ("vet", OMI_VET),
        ("general", GENERAL),
    ] {
        let mut fo = FhirOptions::default();
        fo.assume_offset = Some("+00:00".into());
        let bundle = order_bytes_to_fhir(msg, &fo).unwrap().bundle;
        let mut oo = OmiOptions::default();
        oo.timestamp = Some("20240101120000+0000".into());
        let out = fhir_to_omi(&bundle, None, &oo).unwrap();
        let path = dir.join(format!("{name}.hl7"));
        std::fs::write(&path, &out.message).unwrap();
        files.push(path);
    }
    let report = imaging_bridge::report_bytes_to_fhir(
        include_bytes!("data/hl7v2/ORU_R01-SR.hl7"),
        &FhirOptions::default(),
    )
    .unwrap();
    let mut oo = OmiOptions::default();
    oo.timestamp = Some("20240101120000+0000".into());
    let oru = imaging_bridge::fhir_to_oru(&report.bundle, &oo).unwrap();
    let path = dir.join("oru.hl7");
    std::fs::write(&path, &oru.message).unwrap();
    files.push(path);
    let args: Vec<&std::path::Path> = files.iter().map(|p| p.as_path()).collect();
    if let Some(out) = common::python("hl7apy_validate.py", &args) {
        assert_eq!(
            out.lines().filter(|l| l.starts_with("ok ")).count(),
            files.len(),
            "{out}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

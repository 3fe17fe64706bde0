//! Typed imaging messages over the corpus: accessors and located grammar errors
//! (IHE RAD TF-2 RAD-4/13 orders, RAD-12 patient updates; HL7 v2.5.1 Ch. 3, 4, 7).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hl7v2_imaging::typed::{AdtMessage, OrderMessage, ReportMessage, Structure};
use hl7v2_imaging::{ErrorKind, Message};

const DCM: &str = "tests/data/hl7v2/dcm4che/dcm4che-assembly/src/etc/testdata/hl7/";

fn read(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(DCM)
            .join(name),
    )
    .unwrap()
}

/// ORM^O01 v2.3.1 with ZDS (IHE RAD-4 as in the MESA tools).
#[test]
fn orm_o01_accessors() {
    let b = read("ORM^O01.hl7");
    let m = Message::parse(&b).unwrap();
    let o = OrderMessage::from_message(&m).unwrap();
    assert_eq!(o.structure(), Structure::OrmO01);
    let p = o.patient().unwrap();
    assert_eq!(p.identifiers()[0].id, "583295");
    assert_eq!(p.identifiers()[0].assigning_authority, "ADT1");
    assert_eq!(p.name().family, "DOE");
    assert_eq!(p.name().given, "J1");
    assert_eq!(p.sex(), "M");
    assert_eq!(p.birth_date(), "");
    let doc = &p.referring_doctors()[0];
    assert_eq!(
        (
            doc.id.as_ref(),
            doc.name.family.as_ref(),
            doc.name.given.as_ref()
        ),
        ("5101", "NELL", "FREDERICK")
    );
    assert_eq!(p.visit_number().unwrap().id, "V103-1");
    assert_eq!(o.orders().len(), 1);
    let order = &o.orders()[0];
    assert_eq!(order.order_control().as_str(), "NW");
    assert_eq!(order.order_status(), "SC");
    assert_eq!(order.placer_order_number(), "A103Z");
    assert_eq!(order.filler_order_number(), "B103Z");
    let usi = order.universal_service_id().unwrap();
    assert_eq!(
        (
            usi.identifier.as_ref(),
            usi.text.as_ref(),
            usi.coding_system.as_ref()
        ),
        ("P1", "Procedure 1", "ERL_MESA")
    );
    let sp = order.scheduled_protocol().unwrap();
    assert_eq!(
        (
            sp.identifier.as_ref(),
            sp.text.as_ref(),
            sp.coding_system.as_ref()
        ),
        ("X1_A1", "SP Action Item X1_A1", "DSS_MESA")
    );
    assert_eq!(order.accession_number(), "MOF5026");
    assert_eq!(order.requested_procedure_id(), "RP1026");
    assert_eq!(order.scheduled_procedure_step_id(), "SPS2032");
    assert_eq!(order.modality(), "MR");
    assert_eq!(order.procedure_code().unwrap().identifier, "P1");
    assert_eq!(
        order.study_instance_uid().as_deref(),
        Some("1.113654.3.13.1026")
    );
    assert!(order.ipcs().is_empty());
}

/// OMI^O23 v2.5.1 with TQ1 and IPC (IHE RAD-4, v2.5.1 option).
#[test]
fn omi_o23_accessors() {
    let b = read("OMI^O23-ImagingOrder.hl7");
    let m = Message::parse(&b).unwrap();
    let o = OrderMessage::from_message(&m).unwrap();
    assert_eq!(o.structure(), Structure::OmiO23);
    let order = &o.orders()[0];
    let ipc = &order.ipcs()[0];
    assert_eq!(ipc.accession_identifier(), "AccessionNumber");
    assert_eq!(ipc.requested_procedure_id(), "RequestedProcID");
    assert_eq!(
        ipc.study_instance_uid(),
        "1.2.392.200036.9125.0.198811291108.7"
    );
    assert_eq!(ipc.scheduled_procedure_step_id(), "ScheduledProcStepID");
    assert_eq!(ipc.modality().unwrap().identifier, "CT");
    assert_eq!(ipc.protocol_codes()[0].coding_system, "LN");
    assert_eq!(ipc.scheduled_station_name(), "ScheduledStationName");
    assert_eq!(
        ipc.scheduled_procedure_step_locations(),
        vec!["ScheduledProcStepLocation"]
    );
    assert_eq!(
        ipc.scheduled_station_ae_titles(),
        vec!["ScheduledStationAET1", "ScheduledStationAET2"]
    );
    assert_eq!(order.timing().unwrap().start_datetime(), "200008161510");
    assert_eq!(order.timing().unwrap().priority(), None);
    assert_eq!(order.accession_number(), "AccessionNumber");
    assert_eq!(order.modality(), "CT");
    assert_eq!(
        order.study_instance_uid().as_deref(),
        Some("1.2.392.200036.9125.0.198811291108.7")
    );
    let p = o.patient().unwrap();
    assert_eq!(p.birth_date(), "20141014");
    assert_eq!(p.sex(), "F");
    assert_eq!(p.referring_doctors()[0].name.family, "ReferringPhysicianFN");
}

/// OMI^O23 without IPC (dcm4che's ORM^O01-GeneralOrder.hl7 carries ZDS instead): a located
/// grammar error.
#[test]
fn omi_without_ipc_is_a_located_grammar_error() {
    let b = read("ORM^O01-GeneralOrder.hl7");
    let m = Message::parse(&b).unwrap();
    let e = OrderMessage::from_message(&m).unwrap_err();
    assert!(e.is_grammar(), "{e}");
    assert_eq!(
        e.kind(),
        &ErrorKind::MissingSegment {
            structure: "OMI_O23",
            expected: "IPC"
        }
    );
    assert!(e.location().segment.is_some(), "{e}");
}

/// ADT^A08 (RAD-12) and ADT^A40: dcm4che's A40 lacks EVN (required by ADT_A39).
#[test]
fn adt_messages() {
    let b = read("ADT^A08.hl7");
    let m = Message::parse(&b).unwrap();
    let a = AdtMessage::from_message(&m).unwrap();
    assert_eq!(a.structure(), Structure::AdtA01);
    assert_eq!(a.patient().unwrap().identifiers().len(), 1);
    assert_eq!(a.patient().unwrap().identifiers()[0].id, "583295");

    let b = read("ADT^A40-PatientMerge.hl7");
    let m = Message::parse(&b).unwrap();
    let e = AdtMessage::from_message(&m).unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::MissingSegment {
            structure: "ADT_A39",
            expected: "EVN"
        }
    );
    assert_eq!(e.location().segment, Some(2));

    let fixed = String::from_utf8(b)
        .unwrap()
        .replacen('\r', "\rEVN||20220324193152\r", 1)
        .replace("NTE|||PatientComments||\r", "");
    let m = Message::parse(fixed.as_bytes()).unwrap();
    let a = AdtMessage::from_message(&m).unwrap();
    assert_eq!(a.prior_identifiers()[0].id, "OLD_PID_1");
    assert_eq!(a.patient().unwrap().identifiers()[0].id, "NEW_PID_1");
}

/// ORU^R01 report with `\.br\` text.
#[test]
fn oru_report_text() {
    let er7 = b"MSH|^~\\&|RIS|H|PACS|H|20240101||ORU^R01|R1|P|2.5.1\rPID|||1^^^H||DOE^J\rOBR|1|A|B|CT1^CT HEAD\rOBX|1|TX|RPT||Line 1\\.br\\Line 2~Line 3||||||F\r";
    let m = Message::parse(er7).unwrap();
    let r = ReportMessage::from_message(&m).unwrap();
    assert_eq!(r.observations().len(), 1);
    assert_eq!(r.observations()[0].text(), "Line 1\nLine 2\nLine 3");
    let wrong = OrderMessage::from_message(&m).unwrap_err();
    assert_eq!(
        wrong.kind(),
        &ErrorKind::WrongMessageType {
            expected: "ORM^O01 or OMI^O23"
        }
    );
    assert_eq!(wrong.location().field, Some(9));
}

/// An unexpected segment is located at its index.
#[test]
fn unexpected_segment() {
    let er7 = b"MSH|^~\\&|A|B|C|D|20240101||ORM^O01|1|P|2.3.1\rPID|1\rORC|NW\rOBR|1\rPV1|1\r";
    let m = Message::parse(er7).unwrap();
    let e = OrderMessage::from_message(&m).unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::UnexpectedSegment {
            structure: "ORM_O01"
        }
    );
    assert_eq!(e.location().segment, Some(5));
    assert_eq!(e.location().segment_id.unwrap().as_str(), "PV1");
}

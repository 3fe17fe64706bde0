//! FHIRcast 3.0 imaging events (event catalog: ImagingStudy-open/close,
//! DiagnosticReport-open/update/select/close): decode, typed context, encode, validation.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fhir_imaging::fhircast::{ContextEntry, ImagingEvent, Notification};
use fhir_imaging::{CodeableConcept, Reference, r4};

const PATIENT: &str = r#"{"resourceType":"Patient","id":"ewUbXT9RWEbSj5wPEdgRaBw3","identifier":[{"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}]},"value":"185444","system":"urn:oid:2.16.840.1.113883.6.1000"}]}"#;
const STUDY: &str = r#"{"resourceType":"ImagingStudy","id":"8i7tbu6fby5ftfbku6fniuf","status":"available","identifier":[{"system":"urn:dicom:uid","value":"urn:oid:2.16.124.113543.6003.1154777499.30246.19789.3503430045"}],"subject":{"reference":"Patient/ewUbXT9RWEbSj5wPEdgRaBw3"}}"#;
const REPORT: &str = r#"{"resourceType":"DiagnosticReport","id":"2402d3bd-e988-414b-b7f2-4322e86c9327","status":"unknown","code":{"text":"CT head"},"subject":{"reference":"Patient/ewUbXT9RWEbSj5wPEdgRaBw3"},"imagingStudy":[{"reference":"ImagingStudy/8i7tbu6fby5ftfbku6fniuf"}]}"#;

fn notification(event: &str, context: &str) -> String {
    format!(
        r#"{{"timestamp":"2018-01-08T01:37:05.14Z","id":"q9v3jubddqt63n1","event":{{"hub.topic":"fdb2f928-5546-4f52-87a0-0648e9ded065","hub.event":"{event}","context":[{context}]}}}}"#
    )
}

/// FHIRcast 3.0 ImagingStudy-open example (shape of the catalog's example).
#[test]
fn imaging_study_open() {
    let text = notification(
        "ImagingStudy-open",
        &format!(
            r#"{{"key":"patient","resource":{PATIENT}}},{{"key":"study","resource":{STUDY}}}"#
        ),
    );
    let n: Notification = fhir_imaging::from_str(&text).unwrap();
    assert!(fhir_imaging::validate(&n).is_empty());
    let Ok(ImagingEvent::ImagingStudyOpen {
        patient,
        study,
        encounter,
    }) = n.imaging_event()
    else {
        panic!("{:?}", n.imaging_event())
    };
    assert_eq!(
        patient.unwrap().identifier[0]
            .value
            .as_ref()
            .unwrap()
            .as_str(),
        Some("185444")
    );
    assert_eq!(study.status.as_ref().unwrap().as_str(), Some("available"));
    assert!(encounter.is_none());
    let out = fhir_imaging::to_string(&n);
    let again: Notification = fhir_imaging::from_str(&out).unwrap();
    assert_eq!(again, n);
    assert!(
        fhir_imaging::Json::parse(&text)
            .unwrap()
            .eq_unordered(&fhir_imaging::Json::parse(&out).unwrap())
    );
}

#[test]
fn every_imaging_event_types_its_context() {
    let ctx_study =
        format!(r#"{{"key":"patient","resource":{PATIENT}}},{{"key":"study","resource":{STUDY}}}"#);
    let ctx_report = format!(
        r#"{{"key":"report","resource":{REPORT}}},{{"key":"patient","resource":{PATIENT}}},{{"key":"study","resource":{STUDY}}}"#
    );
    let updates = r#"{"key":"updates","resource":{"resourceType":"Bundle","type":"transaction","entry":[{"request":{"method":"PUT","url":"Observation/o1"},"resource":{"resourceType":"Observation","id":"o1","status":"preliminary","code":{"text":"x"}}}]}}"#;
    let select = r#"{"key":"select","resources":[{"resourceType":"Observation","id":"o1"}]}"#;
    let cases = [
        ("ImagingStudy-close", ctx_study.clone()),
        ("DiagnosticReport-open", ctx_report.clone()),
        ("diagnosticreport-close", ctx_report.clone()),
        (
            "DiagnosticReport-update",
            format!(r#"{{"key":"report","resource":{REPORT}}},{updates}"#),
        ),
        (
            "DiagnosticReport-select",
            format!(r#"{{"key":"report","resource":{REPORT}}},{select}"#),
        ),
    ];
    for (event, ctx) in cases {
        let n: Notification = fhir_imaging::from_str(&notification(event, &ctx)).unwrap();
        let ev = n
            .imaging_event()
            .unwrap_or_else(|e| panic!("{event}: {e:?}"));
        let ok = match (event, &ev) {
            ("ImagingStudy-close", ImagingEvent::ImagingStudyClose { .. }) => true,
            ("DiagnosticReport-open", ImagingEvent::DiagnosticReportOpen { study, .. }) => {
                study.len() == 1
            }
            ("diagnosticreport-close", ImagingEvent::DiagnosticReportClose { .. }) => true,
            (
                "DiagnosticReport-update",
                ImagingEvent::DiagnosticReportUpdate {
                    updates, patient, ..
                },
            ) => updates.entry.len() == 1 && patient.is_none(),
            ("DiagnosticReport-select", ImagingEvent::DiagnosticReportSelect { select, .. }) => {
                select.len() == 1
            }
            _ => false,
        };
        assert!(ok, "{event}: {ev:?}");
        assert!(fhir_imaging::validate(&n).is_empty(), "{event}");
    }
}

#[test]
fn missing_context_is_reported_with_location() {
    let n: Notification = fhir_imaging::from_str(&notification(
        "ImagingStudy-open",
        &format!(r#"{{"key":"patient","resource":{PATIENT}}}"#),
    ))
    .unwrap();
    let problems = n.imaging_event().unwrap_err();
    assert_eq!(
        problems,
        vec!["ImagingStudy-open: context `study` (ImagingStudy) is required".to_owned()]
    );
    let issues = fhir_imaging::validate(&n);
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].path, "Notification.event.context");
    // Unknown member in strict mode, located.
    let bad = notification(
        "ImagingStudy-open",
        r#"{"key":"patient","resource":{"resourceType":"Patient"},"extra":1}"#,
    );
    let e = fhir_imaging::from_str::<Notification>(&bad).unwrap_err();
    assert_eq!(e.path(), "Notification.event.context[0].extra");
}

#[test]
fn build_and_send() {
    let mut patient = r4::Patient::new();
    patient.id = Some("p1".into());
    let mut report =
        r4::DiagnosticReport::new("preliminary", CodeableConcept::from_text("CT head"));
    report.id = Some("r1".into());
    report.subject = Some(Reference::new("Patient/p1"));
    let n = Notification::new(
        "n1",
        "2024-05-01T10:00:00Z",
        "topic-1",
        "DiagnosticReport-close",
        vec![
            ContextEntry::new("report", report),
            ContextEntry::new("patient", patient),
        ],
    );
    let text = fhir_imaging::to_string(&n);
    assert!(text.starts_with(r#"{"timestamp":"2024-05-01T10:00:00Z","id":"n1","event":{"hub.topic":"topic-1","hub.event":"DiagnosticReport-close""#), "{text}");
    let back: Notification = fhir_imaging::from_str(&text).unwrap();
    assert!(matches!(
        back.imaging_event(),
        Ok(ImagingEvent::DiagnosticReportClose { .. })
    ));
}

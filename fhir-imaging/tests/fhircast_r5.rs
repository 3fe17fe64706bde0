//! FHIRcast 3.0 (STU3) imaging events with FHIR R5 resources in the context
//! (`fhircast::r5`): the event pages' examples (tests/data/fhircast, see SOURCES.md) decode,
//! type their context, and re-encode to the same JSON value; a payload without a required
//! context key is refused with the key named; R4 and R5 read the same payload differently.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fhir_imaging::fhircast::r5::{ContextEntry, ImagingEvent, Notification};
use fhir_imaging::{Json, fhircast, r5};

fn example(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fhircast")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

/// Decode, re-encode, compare as JSON values, decode again.
fn round_trip(text: &str) -> Notification {
    let n: Notification = fhir_imaging::from_str(text).unwrap_or_else(|e| panic!("{e}"));
    let out = fhir_imaging::to_string(&n);
    assert!(
        Json::parse(text)
            .unwrap()
            .eq_unordered(&Json::parse(&out).unwrap()),
        "{out}"
    );
    let again: Notification = fhir_imaging::from_str(&out).unwrap();
    assert_eq!(again, n);
    n
}

/// FHIRcast 3.0 DiagnosticReport-open "Event Example" (with `context.versionId`): its
/// DiagnosticReport uses `study`, the R5 name of R4's `imagingStudy`.
#[test]
fn diagnostic_report_open_example() {
    let text = example("DiagnosticReport-open.json");
    let n = round_trip(&text);
    let Ok(ImagingEvent::DiagnosticReportOpen {
        report,
        patient,
        study,
    }) = n.imaging_event()
    else {
        panic!("{:?}", n.imaging_event())
    };
    assert_eq!(
        report.study[0].reference.as_ref().unwrap().as_str(),
        Some("ImagingStudy/e25c1d31-20a2-41f8-8d85-fe2fdeac74fd")
    );
    assert_eq!(
        patient.name[0].family.as_ref().unwrap().as_str(),
        Some("Smith")
    );
    assert_eq!(study.len(), 1);
    // R5 ImagingStudy.basedOn with the accession number (the profile's R5 guidance).
    let acsn = study[0].based_on[0].identifier.as_ref().unwrap();
    assert_eq!(acsn.value.as_ref().unwrap().as_str(), Some("GH339884"));
    let event = n.event.as_ref().unwrap();
    assert_eq!(
        event.context_version_id.as_ref().unwrap().as_str(),
        Some("b9574cb0-e9e5-4be1-8957-5fcb51ef33c1")
    );
    // The example's timestamp ("2023-04-01T011:14:24.31": a three-digit hour, no zone) is
    // the only thing validation finds.
    let issues = fhir_imaging::validate(&n);
    assert_eq!(issues.len(), 1, "{issues:#?}");
    assert_eq!(issues[0].path, "Notification.timestamp");
    // The R4 types refuse it: `DiagnosticReport.study` is not an R4 element.
    let e = fhir_imaging::from_str::<fhircast::Notification>(&text).unwrap_err();
    assert_eq!(e.path(), "Notification.event.context[0].resource.study");
}

/// FHIRcast 3.0 DiagnosticReport-update "Event Example" (the hub's, with
/// `context.priorVersionId`).
#[test]
fn diagnostic_report_update_example() {
    let text = example("DiagnosticReport-update.json");
    let n = round_trip(&text);
    let event = n.event.as_ref().unwrap();
    assert_eq!(
        event.context_prior_version_id.as_ref().unwrap().as_str(),
        Some("b9574cb0-e9e5-4be1-8957-5fcb51ef33c1")
    );
    let Ok(ImagingEvent::DiagnosticReportUpdate {
        report,
        patient,
        study,
        updates,
    }) = n.imaging_event()
    else {
        panic!("{:?}", n.imaging_event())
    };
    assert_eq!(
        report.id.as_ref().unwrap().as_str(),
        Some("2402d3bd-e988-414b-b7f2-4322e86c9327")
    );
    assert!(patient.is_none() && study.is_none());
    assert_eq!(updates.entry.len(), 2);
    let Some(r5::Resource::ImagingStudy(s)) = &updates.entry[0].resource else {
        panic!("{:?}", updates.entry[0].resource)
    };
    assert_eq!(s.description.as_ref().unwrap().as_str(), Some("CHEST XRAY"));
    // Its resources are partial (FHIRcast sends `_elements`-limited resources): validation
    // names what FHIR requires, e.g. the report's status.
    let issues = fhir_imaging::validate(&n);
    assert!(
        issues
            .iter()
            .any(|i| i.code == "required"
                && i.path == "Notification.event.context[0].resource.status"),
        "{issues:#?}"
    );
}

/// FHIRcast 3.0 DiagnosticReport-select example: `report` and `select` are references.
#[test]
fn diagnostic_report_select_example() {
    let n = round_trip(&example("DiagnosticReport-select.json"));
    assert!(fhir_imaging::validate(&n).is_empty());
    let Ok(ImagingEvent::DiagnosticReportSelect {
        report,
        report_reference,
        select,
        select_reference,
        ..
    }) = n.imaging_event()
    else {
        panic!("{:?}", n.imaging_event())
    };
    assert!(report.is_none() && select.is_empty());
    assert_eq!(
        report_reference.unwrap().reference.unwrap().as_str(),
        Some("DiagnosticReport/2402d3bd-e988-414b-b7f2-4322e86c9327")
    );
    assert_eq!(select_reference.len(), 1);
    assert_eq!(
        select_reference[0].reference.as_ref().unwrap().as_str(),
        Some("Observation/40afe766-3628-4ded-b5bd-925727c013b3")
    );
}

const PATIENT: &str = r#"{"resourceType":"Patient","id":"503824b8-fe8c-4227-b061-7181ba6c3926","identifier":[{"system":"urn:oid:2.999.16.840.1.113883.19.5","value":"4438001"}]}"#;
/// An R5 ImagingStudy in the shape of the ImagingStudy-open/-close examples, with the
/// accession number in `basedOn` (R5) and an R5 `modality` CodeableConcept on the series.
const STUDY: &str = r#"{"resourceType":"ImagingStudy","id":"e25c1d31-20a2-41f8-8d85-fe2fdeac74fd","identifier":[{"system":"urn:dicom:uid","value":"urn:oid:1.2.999.840.83474.8.231.875.3.15.661594731"}],"status":"available","subject":{"reference":"Patient/503824b8-fe8c-4227-b061-7181ba6c3926"},"basedOn":[{"type":"ServiceRequest","identifier":{"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"ACSN"}]},"value":"GH339884"}}],"series":[{"uid":"1.2.3","modality":{"coding":[{"system":"http://dicom.nema.org/resources/ontology/DCM","code":"CT"}]}}]}"#;
const REPORT: &str = r#"{"resourceType":"DiagnosticReport","id":"2402d3bd-e988-414b-b7f2-4322e86c9327","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"19005-8"}]},"subject":{"reference":"Patient/503824b8-fe8c-4227-b061-7181ba6c3926"},"study":[{"reference":"ImagingStudy/e25c1d31-20a2-41f8-8d85-fe2fdeac74fd"}]}"#;

fn notification(event: &str, context: &str) -> String {
    format!(
        r#"{{"timestamp":"2023-04-01T11:13:12.42Z","id":"bccaeba4-494a-459b-adf3-be0cf29dd2a0","event":{{"hub.topic":"fdb2f928-5546-4f52-87a0-0648e9ded065","hub.event":"{event}","context":[{context}]}}}}"#
    )
}

#[test]
fn imaging_study_open_and_close() {
    let ctx =
        format!(r#"{{"key":"study","resource":{STUDY}}},{{"key":"patient","resource":{PATIENT}}}"#);
    for event in ["ImagingStudy-open", "ImagingStudy-close"] {
        let n = round_trip(&notification(event, &ctx));
        let issues = fhir_imaging::validate(&n);
        assert!(issues.is_empty(), "{event}: {issues:#?}");
        let ev = n.imaging_event().unwrap();
        let (patient, study) = match ev {
            ImagingEvent::ImagingStudyOpen { patient, study, .. } if event.ends_with("open") => {
                (patient, study)
            }
            ImagingEvent::ImagingStudyClose { patient, study } if event.ends_with("close") => {
                (patient, study)
            }
            other => panic!("{event}: {other:?}"),
        };
        assert!(patient.is_some());
        assert_eq!(
            study.series[0].modality.as_ref().unwrap().coding[0]
                .code
                .as_ref()
                .unwrap()
                .as_str(),
            Some("CT")
        );
    }
    // The R4 types refuse the R5 modality (a CodeableConcept, not a Coding).
    let e =
        fhir_imaging::from_str::<fhircast::Notification>(&notification("ImagingStudy-open", &ctx))
            .unwrap_err();
    assert!(
        e.path()
            .starts_with("Notification.event.context[0].resource.series[0].modality"),
        "{e}"
    );
}

#[test]
fn diagnostic_report_close_built_and_sent() {
    let report: r5::DiagnosticReport = fhir_imaging::from_str(REPORT).unwrap();
    let patient: r5::Patient = fhir_imaging::from_str(PATIENT).unwrap();
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
    let back = round_trip(&text);
    assert!(matches!(
        back.imaging_event(),
        Ok(ImagingEvent::DiagnosticReportClose { .. })
    ));
    assert!(fhir_imaging::validate(&back).is_empty());
}

#[test]
fn missing_required_context_is_refused() {
    let cases = [
        // ImagingStudy-open: study (1..1).
        (
            "ImagingStudy-open",
            format!(r#"{{"key":"patient","resource":{PATIENT}}}"#),
            "ImagingStudy-open: context `study` (ImagingStudy) is required",
        ),
        // ImagingStudy-close: the patient SHALL be present when the study's subject is one.
        (
            "ImagingStudy-close",
            format!(r#"{{"key":"study","resource":{STUDY}}}"#),
            "ImagingStudy-close: context `patient` (Patient) is required: the study's subject is a Patient",
        ),
        // DiagnosticReport-open: patient (1..1).
        (
            "DiagnosticReport-open",
            format!(
                r#"{{"key":"report","resource":{REPORT}}},{{"key":"study","resource":{STUDY}}}"#
            ),
            "DiagnosticReport-open: context `patient` (Patient) is required",
        ),
        // DiagnosticReport-update: updates (1..1).
        (
            "DiagnosticReport-update",
            format!(r#"{{"key":"report","resource":{REPORT}}}"#),
            "DiagnosticReport-update: context `updates` (Bundle) is required",
        ),
        // DiagnosticReport-select: select.
        (
            "DiagnosticReport-select",
            r#"{"key":"report","reference":[{"reference":"DiagnosticReport/r1"}]}"#.to_owned(),
            "DiagnosticReport-select: context `select` is required",
        ),
        // DiagnosticReport-close: report (1..1).
        (
            "DiagnosticReport-close",
            format!(r#"{{"key":"patient","resource":{PATIENT}}}"#),
            "DiagnosticReport-close: context `report` (DiagnosticReport) is required",
        ),
    ];
    for (event, ctx, problem) in cases {
        let n: Notification = fhir_imaging::from_str(&notification(event, &ctx)).unwrap();
        assert_eq!(n.imaging_event(), Err(vec![problem.to_owned()]), "{event}");
        let issues = fhir_imaging::validate(&n);
        assert!(
            issues.iter().any(|i| i.code == "required"
                && i.path == "Notification.event.context"
                && i.message == problem),
            "{event}: {issues:#?}"
        );
    }
    // A study whose subject is a Device needs no patient.
    let device_study = STUDY.replace(
        "Patient/503824b8-fe8c-4227-b061-7181ba6c3926",
        "Device/calibration-1",
    );
    let n: Notification = fhir_imaging::from_str(&notification(
        "ImagingStudy-open",
        &format!(r#"{{"key":"study","resource":{device_study}}}"#),
    ))
    .unwrap();
    assert!(matches!(
        n.imaging_event(),
        Ok(ImagingEvent::ImagingStudyOpen { patient: None, .. })
    ));
}

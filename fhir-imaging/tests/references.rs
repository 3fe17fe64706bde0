//! Reference target types (FHIR R4/R5 imagingstudy.html: `subject` is
//! `Reference(Patient | Device | Group)`, `encounter` `Reference(Encounter)`, `referrer`
//! `Reference(Practitioner | PractitionerRole)`, `endpoint` and `series.endpoint`
//! `Reference(Endpoint)`), checked through the literal reference and `Reference.type`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fhir_imaging::{Issue, r4, r5};

/// The issues' paths, sorted (fields are validated before the resource's own rules).
fn paths(issues: &[Issue]) -> Vec<&str> {
    let mut p: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
    p.sort_unstable();
    p
}

const STUDY_R4: &str = r#"{"resourceType":"ImagingStudy","status":"available",
  "subject":{"reference":"SUBJECT"},
  "encounter":{"reference":"Encounter/e1"},
  "referrer":{"reference":"http://example.org/fhir/Practitioner/pr1/_history/2"},
  "endpoint":[{"reference":"Endpoint/wado"},{"reference":"ENDPOINT"}],
  "series":[{"uid":"1.2.3","modality":{"system":"http://dicom.nema.org/resources/ontology/DCM","code":"CT"},
    "endpoint":[{"reference":"SERIES_ENDPOINT"}]}]}"#;

fn r4_study(subject: &str, endpoint: &str, series_endpoint: &str) -> Vec<Issue> {
    let text = STUDY_R4
        .replace("SUBJECT", subject)
        .replace("SERIES_ENDPOINT", series_endpoint)
        .replace("ENDPOINT", endpoint);
    let s: r4::ImagingStudy = fhir_imaging::from_str(&text).unwrap();
    fhir_imaging::validate(&s)
}

#[test]
fn allowed_targets_are_clean() {
    for subject in [
        "Patient/p1",
        "Device/d1",
        "Group/g1",
        "https://fhir.example.org/Patient/p1/_history/3",
        "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a",
    ] {
        assert_eq!(
            r4_study(subject, "Endpoint/e2", "Endpoint/e3"),
            [],
            "{subject}"
        );
    }
}

#[test]
fn wrong_targets_are_located() {
    let issues = r4_study("Practitioner/x", "Patient/p1", "Device/d9");
    assert_eq!(
        paths(&issues),
        [
            "ImagingStudy.endpoint[1].reference",
            "ImagingStudy.series[0].endpoint[0].reference",
            "ImagingStudy.subject.reference",
        ],
        "{issues:?}"
    );
    assert!(issues.iter().all(|i| i.code == "invalid"));
    let subject = issues
        .iter()
        .find(|i| i.path == "ImagingStudy.subject.reference")
        .unwrap();
    assert!(
        subject
            .message
            .contains("Practitioner is not allowed here (Reference(Patient | Device | Group))"),
        "{subject:?}"
    );

    // An absolute URL names its type too.
    let issues = r4_study(
        "http://example.org/fhir/Organization/o1",
        "Endpoint/e",
        "Endpoint/e",
    );
    assert_eq!(paths(&issues), ["ImagingStudy.subject.reference"]);
}

#[test]
fn reference_type_element_is_checked_in_r5() {
    let text = r#"{"resourceType":"ImagingStudy","status":"available",
      "subject":{"type":"Location","identifier":{"system":"urn:oid:1.2.3","value":"x"}},
      "referrer":{"type":"http://hl7.org/fhir/StructureDefinition/PractitionerRole","display":"Dr X"}}"#;
    let s: r5::ImagingStudy = fhir_imaging::from_str(text).unwrap();
    let issues = fhir_imaging::validate(&s);
    assert_eq!(paths(&issues), ["ImagingStudy.subject.type"], "{issues:?}");
    assert!(issues[0].message.contains("type Location"));
}

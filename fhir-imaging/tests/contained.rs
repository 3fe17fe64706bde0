//! Contained resources (FHIR R4/R5 domainresource.html, invariants dom-2 to dom-5;
//! references.html#contained): dom-3, "If the resource is contained in another resource, it
//! SHALL be referred to from elsewhere in the resource or SHALL refer to the containing
//! resource", reported at `Type.contained[i]`; dom-2 (no nested contained), dom-4 (no
//! meta.versionId / meta.lastUpdated) and dom-5 (no meta.security) on contained resources.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fhir_imaging::{Decoder, Issue, Severity, r4, r5};

/// A valid R4 ImagingStudy with `CONTAINED` (a JSON array) and `SUBJECT` (a reference) to fill.
const STUDY_R4: &str = r##"{"resourceType":"ImagingStudy","contained":CONTAINED,"status":"available","subject":{"reference":"SUBJECT"}EXTRA}"##;
const STUDY_R5: &str = r##"{"resourceType":"ImagingStudy","contained":CONTAINED,"status":"available","subject":{"reference":"SUBJECT"}EXTRA}"##;

fn fill(base: &str, contained: &str, subject: &str, extra: &str) -> String {
    base.replace("CONTAINED", contained)
        .replace("SUBJECT", subject)
        .replace("EXTRA", extra)
}

fn r4_issues(contained: &str, subject: &str, extra: &str) -> Vec<Issue> {
    let s: r4::ImagingStudy = fhir_imaging::from_str(&fill(STUDY_R4, contained, subject, extra))
        .unwrap_or_else(|e| panic!("{e}"));
    fhir_imaging::validate(&s)
}

fn r5_issues(contained: &str, subject: &str, extra: &str) -> Vec<Issue> {
    let s: r5::ImagingStudy = fhir_imaging::from_str(&fill(STUDY_R5, contained, subject, extra))
        .unwrap_or_else(|e| panic!("{e}"));
    fhir_imaging::validate(&s)
}

/// The (code, path) of every error whose message names `rule`.
fn errors<'a>(issues: &'a [Issue], rule: &str) -> Vec<(&'a str, &'a str)> {
    issues
        .iter()
        .filter(|i| i.severity == Severity::Error && i.message.starts_with(rule))
        .map(|i| (i.code, i.path.as_str()))
        .collect()
}

const PATIENT_P: &str = r#"{"resourceType":"Patient","id":"p"}"#;

#[test]
fn referenced_contained_is_clean() {
    let issues = r4_issues(&format!("[{PATIENT_P}]"), "#p", "");
    assert!(issues.is_empty(), "{issues:#?}");
    let issues = r5_issues(&format!("[{PATIENT_P}]"), "#p", "");
    assert!(issues.is_empty(), "{issues:#?}");
}

#[test]
fn unreferenced_contained_is_dom3_error() {
    // Two contained resources, the second is referenced, the first is not.
    let contained = format!(r#"[{{"resourceType":"Patient","id":"q"}},{PATIENT_P}]"#);
    for issues in [
        r4_issues(&contained, "#p", ""),
        r5_issues(&contained, "#p", ""),
    ] {
        assert_eq!(
            errors(&issues, "dom-3"),
            [("invariant", "ImagingStudy.contained[0]")],
            "{issues:#?}"
        );
        assert!(issues[0].message.contains("`q`"), "{issues:#?}");
        assert!(fhir_imaging::has_errors(&issues));
    }
    // The OperationOutcome carries the location.
    let issues = r4_issues(&contained, "#p", "");
    let oo = r4::OperationOutcome::from_issues(&issues);
    let text = fhir_imaging::to_string(&oo);
    assert!(
        text.contains(r#""expression":["ImagingStudy.contained[0]"]"#),
        "{text}"
    );
}

#[test]
fn contained_without_id_must_refer_to_container() {
    let issues = r4_issues(
        r#"[{"resourceType":"Patient","gender":"male"}]"#,
        "Patient/x",
        "",
    );
    assert_eq!(
        errors(&issues, "dom-3"),
        [("invariant", "ImagingStudy.contained[0]")],
        "{issues:#?}"
    );
    // A contained resource kept as JSON (Provenance is not modelled here) that refers to its
    // container with `#` is fine, with or without an id.
    let prov = r##"[{"resourceType":"Provenance","target":[{"reference":"#"}],"recorded":"2024-01-01T00:00:00Z","agent":[{"who":{"display":"x"}}]}]"##;
    let issues = r4_issues(prov, "Patient/x", "");
    assert!(issues.is_empty(), "{issues:#?}");
}

#[test]
fn typed_contained_referring_to_container_is_clean() {
    // R5 ImagingSelection has `derivedFrom` Reference(ImagingStudy | DocumentReference).
    let sel = r##"[{"resourceType":"ImagingSelection","id":"s","status":"available","code":{"text":"key images"},"derivedFrom":[{"reference":"#"}]}]"##;
    let issues = r5_issues(sel, "Patient/x", "");
    assert!(issues.is_empty(), "{issues:#?}");
    // Without the `#`, it is an error.
    let sel = sel.replace(
        r##""derivedFrom":[{"reference":"#"}]"##,
        r#""studyUid":"1.2.3""#,
    );
    let issues = r5_issues(&sel, "Patient/x", "");
    assert_eq!(
        errors(&issues, "dom-3"),
        [("invariant", "ImagingStudy.contained[0]")],
        "{issues:#?}"
    );
}

#[test]
fn references_from_other_contained_resources_count() {
    // contained[1] (Endpoint `e`) refers to contained[0] by `#p`; the container refers to
    // contained[1] through `endpoint`.
    let contained = format!(
        r##"[{PATIENT_P},{{"resourceType":"Endpoint","id":"e","status":"active","connectionType":{{"system":"http://terminology.hl7.org/CodeSystem/endpoint-connection-type","code":"dicom-wado-rs"}},"payloadType":[{{"text":"DICOM"}}],"address":"https://pacs.example.org/dicom-web","managingOrganization":{{"reference":"#p"}}}}]"##
    );
    let extra = r##","endpoint":[{"reference":"#e"}]"##;
    let issues = r4_issues(&contained, "Patient/x", extra);
    assert!(errors(&issues, "dom-3").is_empty(), "{issues:#?}");
    // Drop the container's reference to `#e`: contained[1] is now unreferenced.
    let issues = r4_issues(&contained, "Patient/x", "");
    assert_eq!(
        errors(&issues, "dom-3"),
        [("invariant", "ImagingStudy.contained[1]")],
        "{issues:#?}"
    );
}

#[test]
fn references_in_extensions_count() {
    // A valueReference.
    let extra =
        r##","extension":[{"url":"http://example.org/ext","valueReference":{"reference":"#p"}}]"##;
    let issues = r4_issues(&format!("[{PATIENT_P}]"), "Patient/x", extra);
    assert!(issues.is_empty(), "{issues:#?}");
    // A valueCanonical (dom-3 counts canonical, uri and url values too).
    let extra = r##","extension":[{"url":"http://example.org/ext","valueCanonical":"#p"}]"##;
    let issues = r4_issues(&format!("[{PATIENT_P}]"), "Patient/x", extra);
    assert!(issues.is_empty(), "{issues:#?}");
    // A datatype kept as JSON (Expression), in a modifierExtension deeper down.
    let extra = r##","series":[{"uid":"1.2.3","modality":{"system":"http://dicom.nema.org/resources/ontology/DCM","code":"CT"},"modifierExtension":[{"url":"http://example.org/ext","valueExpression":{"language":"text/fhirpath","reference":"#p"}}]}]"##;
    let issues = r4_issues(&format!("[{PATIENT_P}]"), "Patient/x", extra);
    assert!(issues.is_empty(), "{issues:#?}");
    // A string value that starts with `#` is not a reference in a typed element.
    let extra = r##","description":"#p""##;
    let issues = r4_issues(&format!("[{PATIENT_P}]"), "Patient/x", extra);
    assert_eq!(
        errors(&issues, "dom-3"),
        [("invariant", "ImagingStudy.contained[0]")],
        "{issues:#?}"
    );
}

#[test]
fn references_in_lenient_unknown_members_count() {
    let text = fill(
        STUDY_R4,
        &format!("[{PATIENT_P}]"),
        "Patient/x",
        r##","futureElement":{"who":{"reference":"#p"}}"##,
    );
    let s: r4::ImagingStudy = Decoder::new().strict(false).from_str(&text).unwrap();
    let issues = fhir_imaging::validate(&s);
    // The unknown element is reported; dom-3 is not.
    assert!(errors(&issues, "dom-3").is_empty(), "{issues:#?}");
    assert!(
        issues
            .iter()
            .any(|i| i.code == "structure" && i.path == "ImagingStudy.futureElement"),
        "{issues:#?}"
    );
}

#[test]
fn dom2_nested_contained() {
    let contained = r##"[{"resourceType":"DiagnosticReport","id":"r","contained":[{"resourceType":"Patient","id":"n"}],"status":"final","code":{"text":"x"},"subject":{"reference":"#n"},"imagingStudy":[{"reference":"#"}]}]"##;
    let issues = r4_issues(contained, "Patient/x", "");
    assert_eq!(
        errors(&issues, "dom-2"),
        [("invariant", "ImagingStudy.contained[0]")],
        "{issues:#?}"
    );
}

#[test]
fn dom4_dom5_contained_meta() {
    let contained = r#"[{"resourceType":"Patient","id":"p","meta":{"versionId":"2","lastUpdated":"2024-01-01T00:00:00Z","security":[{"code":"R"}]}}]"#;
    let issues = r4_issues(contained, "#p", "");
    assert_eq!(
        errors(&issues, "dom-4"),
        [
            ("invariant", "ImagingStudy.contained[0].meta.versionId"),
            ("invariant", "ImagingStudy.contained[0].meta.lastUpdated"),
        ],
        "{issues:#?}"
    );
    assert_eq!(
        errors(&issues, "dom-5"),
        [("invariant", "ImagingStudy.contained[0].meta.security")],
        "{issues:#?}"
    );
    // The same rules for a contained resource kept as JSON.
    let contained = r##"[{"resourceType":"Provenance","meta":{"security":[{"code":"R"}]},"target":[{"reference":"#"}],"recorded":"2024-01-01T00:00:00Z","agent":[{"who":{"display":"x"}}]}]"##;
    let issues = r5_issues(contained, "Patient/x", "");
    assert_eq!(
        errors(&issues, "dom-5"),
        [("invariant", "ImagingStudy.contained[0].meta.security")],
        "{issues:#?}"
    );
    // A top-level resource may have all three.
    let text = r#"{"resourceType":"Patient","meta":{"versionId":"2","lastUpdated":"2024-01-01T00:00:00Z","security":[{"code":"R"}]}}"#;
    let p: r4::Patient = fhir_imaging::from_str(text).unwrap();
    assert!(fhir_imaging::validate(&p).is_empty());
}

#[test]
fn bundle_entries_are_checked_one_by_one() {
    // Entry 0 references its contained Patient; entry 1 has the same id but no reference:
    // entry 0's reference does not count for entry 1.
    let text = r##"{"resourceType":"Bundle","type":"collection","entry":[
      {"fullUrl":"urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a","resource":{"resourceType":"ImagingStudy","contained":[{"resourceType":"Patient","id":"p"}],"status":"available","subject":{"reference":"#p"}}},
      {"fullUrl":"urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0b","resource":{"resourceType":"ImagingStudy","contained":[{"resourceType":"Patient","id":"p"}],"status":"available","subject":{"reference":"Patient/x"}}}]}"##;
    let b: r4::Bundle = fhir_imaging::from_str(text).unwrap();
    let issues = fhir_imaging::validate(&b);
    assert_eq!(
        errors(&issues, "dom-3"),
        [("invariant", "Bundle.entry[1].resource.contained[0]")],
        "{issues:#?}"
    );
}

//! FHIR JSON rules (FHIR R5 json.html, FHIR R4 json.html): lossless primitives, `_name`
//! partners, decimals, integer64, lenient vs strict, output shape, limits.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fhir_imaging::{Decoder, ErrorKind, Json, Limits, r4, r5};

fn round_trip_r4(text: &str) -> String {
    let r: r4::Resource = fhir_imaging::from_str(text).unwrap_or_else(|e| panic!("{e}"));
    let out = fhir_imaging::to_string(&r);
    assert!(
        Json::parse(text)
            .unwrap()
            .eq_unordered(&Json::parse(&out).unwrap()),
        "{text}\n{out}"
    );
    out
}

fn round_trip_r5(text: &str) -> String {
    let r: r5::Resource = fhir_imaging::from_str(text).unwrap_or_else(|e| panic!("{e}"));
    let out = fhir_imaging::to_string(&r);
    assert!(
        Json::parse(text)
            .unwrap()
            .eq_unordered(&Json::parse(&out).unwrap()),
        "{text}\n{out}"
    );
    out
}

/// json.html §2.6.2 decimal: the text is kept (`1.50` is not `1.5`, `1e3` stays `1e3`).
#[test]
fn decimals_keep_their_text() {
    let text = r#"{"resourceType":"ImagingSelection","status":"available","code":{"text":"x"},"instance":[{"uid":"1.2","imageRegion3D":[{"regionType":"point","coordinate":[1.50,-0.0,1e3,12345678901234567890.123456789]}]}]}"#;
    let out = round_trip_r5(text);
    assert_eq!(out, text);
    let sel: r5::ImagingSelection = fhir_imaging::from_str(text).unwrap();
    let c = &sel.instance[0].image_region_3d[0].coordinate;
    assert_eq!(c[0].value().unwrap().as_str(), "1.50");
    assert_eq!(
        c[3].value().unwrap().as_str(),
        "12345678901234567890.123456789"
    );
}

/// json.html §2.6.2: `_name` carries id and extensions; also when given before the value,
/// and without a value at all.
#[test]
fn primitive_extensions_round_trip() {
    let text = r#"{"resourceType":"Patient","_gender":{"id":"g","extension":[{"url":"http://e.org/x","valueCode":"M"}]},"gender":"male","_birthDate":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason","valueCode":"unknown"}]}}"#;
    round_trip_r4(text);
    let p: r4::Patient = fhir_imaging::from_str(text).unwrap();
    let g = p.gender.as_ref().unwrap();
    assert_eq!(g.as_str(), Some("male"));
    assert_eq!(g.element.as_ref().unwrap().id.as_deref(), Some("g"));
    let b = p.birth_date.as_ref().unwrap();
    assert!(b.value.is_none() && b.element.is_some());
}

/// json.html §2.6.2: primitive arrays align with their `_` partner by index, `null` filling.
#[test]
fn primitive_arrays_align_with_nulls() {
    let text = r#"{"resourceType":"Patient","name":[{"given":["A",null,"C"],"_given":[null,{"extension":[{"url":"http://e.org/x","valueString":"b"}]},{"id":"c"}]}]}"#;
    round_trip_r4(text);
    let p: r4::Patient = fhir_imaging::from_str(text).unwrap();
    let given = &p.name[0].given;
    assert_eq!(given.len(), 3);
    assert!(given[1].value.is_none() && given[1].element.is_some());
    assert_eq!(given[2].element.as_ref().unwrap().id.as_deref(), Some("c"));
    // Partner first.
    let text2 =
        r#"{"resourceType":"Patient","name":[{"_given":[{"id":"a"},null],"given":["A","B"]}]}"#;
    round_trip_r4(text2);
}

/// R5 integer64 is a JSON string; Attachment.size is unsignedInt (number) in R4, integer64 in R5.
#[test]
fn integer64_and_attachment_size() {
    let r5 = r#"{"resourceType":"DiagnosticReport","status":"final","code":{"text":"x"},"presentedForm":[{"contentType":"application/pdf","size":"9007199254740993"}]}"#;
    assert_eq!(round_trip_r5(r5), r5);
    let r4 = r#"{"resourceType":"DiagnosticReport","status":"final","code":{"text":"x"},"presentedForm":[{"contentType":"application/pdf","size":2147483647}]}"#;
    assert_eq!(round_trip_r4(r4), r4);
    let bad = r4.replace("2147483647", "\"12\"");
    assert!(matches!(
        fhir_imaging::from_str::<r4::Resource>(&bad)
            .unwrap_err()
            .kind(),
        ErrorKind::WrongType { .. }
    ));
    let bad5 = r5.replace("\"9007199254740993\"", "12");
    assert!(fhir_imaging::from_str::<r5::Resource>(&bad5).is_err());
}

/// dateTime/date/instant precision is kept as given.
#[test]
fn partial_dates_kept() {
    let text = r#"{"resourceType":"ImagingStudy","status":"available","subject":{"reference":"Patient/1"},"started":"2011","note":[{"time":"2011-02","text":"x"}]}"#;
    round_trip_r4(text);
}

/// json.html: resourceType first on output, whatever the input order.
#[test]
fn resource_type_first() {
    let text = r#"{"status":"available","subject":{"reference":"Patient/1"},"resourceType":"ImagingStudy"}"#;
    let out = round_trip_r4(text);
    assert!(
        out.starts_with(r#"{"resourceType":"ImagingStudy","#),
        "{out}"
    );
    let contained = r##"{"resourceType":"DiagnosticReport","contained":[{"id":"p","resourceType":"Patient"}],"status":"final","code":{"text":"x"},"subject":{"reference":"#p"}}"##;
    let out = round_trip_r4(contained);
    assert!(
        out.contains(r#""contained":[{"resourceType":"Patient","id":"p"}]"#),
        "{out}"
    );
}

/// Lenient mode keeps unknown elements (nested too) and writes them back; strict refuses them.
#[test]
fn unknown_elements_strict_and_lenient() {
    let text = r#"{"resourceType":"ImagingStudy","status":"available","subject":{"reference":"Patient/1","x-ref":[1,{"a":null}]},"x-top":1.50}"#;
    let err = fhir_imaging::from_str::<r4::ImagingStudy>(text).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::UnknownElement("x-ref".into()));
    assert_eq!(err.path(), "ImagingStudy.subject.x-ref");
    let study: r4::ImagingStudy = Decoder::new().strict(false).from_str(text).unwrap();
    assert_eq!(study.unknown.len(), 1);
    assert_eq!(study.subject.as_ref().unwrap().unknown.len(), 1);
    let out = fhir_imaging::to_string(&study);
    assert!(
        Json::parse(text)
            .unwrap()
            .eq_unordered(&Json::parse(&out).unwrap())
    );
    let issues = fhir_imaging::validate(&study);
    assert_eq!(issues.len(), 2, "{issues:#?}");
    assert!(
        issues
            .iter()
            .all(|i| i.severity == fhir_imaging::Severity::Error && i.code == "structure")
    );
    assert_eq!(issues[0].path, "ImagingStudy.subject.x-ref");
}

/// No empty objects or arrays are written, whatever the model holds.
#[test]
fn no_empty_values_on_output() {
    let mut study = r4::ImagingStudy::new("available", fhir_imaging::Reference::new("Patient/1"));
    study.modality.push(fhir_imaging::Coding::default());
    study.identifier.push(fhir_imaging::Identifier::default());
    study.note.push(fhir_imaging::Annotation::new("n"));
    study.meta = Some(fhir_imaging::Meta::default());
    let out = fhir_imaging::to_string(&study);
    assert_eq!(
        out,
        r#"{"resourceType":"ImagingStudy","status":"available","subject":{"reference":"Patient/1"},"note":[{"text":"n"}]}"#
    );
}

/// Escapes decode and re-encode to the same string.
#[test]
fn string_escapes() {
    let text =
        r#"{"resourceType":"Patient","name":[{"text":"\u00e9\n\"q\" \\ \ud83d\ude00 \u0001"}]}"#;
    let p: r4::Patient = fhir_imaging::from_str(text).unwrap();
    assert_eq!(
        p.name[0].text.as_ref().unwrap().as_str(),
        Some("é\n\"q\" \\ 😀 \u{1}")
    );
    let out = fhir_imaging::to_string(&p);
    let again: r4::Patient = fhir_imaging::from_str(&out).unwrap();
    assert_eq!(again, p);
    for bad in [
        r#"{"resourceType":"Patient","id":"\ud83d"}"#,
        r#"{"resourceType":"Patient","id":"a	b"}"#,
    ] {
        assert!(
            matches!(
                fhir_imaging::from_str::<r4::Patient>(bad)
                    .unwrap_err()
                    .kind(),
                ErrorKind::Syntax(_)
            ),
            "{bad}"
        );
    }
}

/// Errors carry line and column.
#[test]
fn errors_have_line_and_column() {
    let text = "{\n  \"resourceType\": \"Patient\",\n  \"gender\": 1\n}";
    let e = fhir_imaging::from_str::<r4::Patient>(text).unwrap_err();
    assert_eq!((e.line(), e.column()), (3, 13));
    assert_eq!(e.path(), "Patient.gender");
    assert_eq!(
        e.to_string(),
        "Patient.gender: wrong JSON type: expected string at line 3 column 13 (byte 43)"
    );
}

/// Each limit refuses what goes over it, with the limit's name.
#[test]
fn limits() {
    fn limit_of(text: &str, limits: Limits) -> &'static str {
        match Decoder::new()
            .limits(limits)
            .from_str::<r4::Resource>(text)
            .unwrap_err()
            .kind()
        {
            ErrorKind::LimitExceeded { limit, .. } => limit,
            other => panic!("{other:?}"),
        }
    }
    let mut l = Limits::default();
    l.max_array_len = 2;
    assert_eq!(
        limit_of(
            r#"{"resourceType":"Patient","name":[{"text":"a"},{"text":"b"},{"text":"c"}]}"#,
            l
        ),
        "max_array_len"
    );
    let mut l = Limits::default();
    l.max_string_bytes = 3;
    assert_eq!(
        limit_of(r#"{"resourceType":"Patient","id":"abcd"}"#, l),
        "max_string_bytes"
    );
    let mut l = Limits::default();
    l.max_input_bytes = 10;
    assert_eq!(
        limit_of(r#"{"resourceType":"Patient"}"#, l),
        "max_input_bytes"
    );
    let mut nested = String::from(r#"{"url":"u","valueString":"x"}"#);
    for _ in 0..10 {
        nested = format!(r#"{{"url":"u","extension":[{nested}]}}"#);
    }
    assert_eq!(
        limit_of(
            &format!(r#"{{"resourceType":"Patient","extension":[{nested}]}}"#),
            Limits::default()
        ),
        "max_extension_depth"
    );
    let mut deep = String::from(r#"{"resourceType":"Patient"}"#);
    for _ in 0..10 {
        deep = format!(
            r#"{{"resourceType":"Bundle","type":"collection","entry":[{{"resource":{deep}}}]}}"#
        );
    }
    assert_eq!(limit_of(&deep, Limits::default()), "max_resource_depth");
    let deep_json = format!(
        r#"{{"resourceType":"Procedure","x":{}1{}}}"#,
        "[".repeat(100),
        "]".repeat(100)
    );
    assert_eq!(limit_of(&deep_json, Limits::default()), "max_depth");
}

/// Validation issues become an OperationOutcome that itself validates.
#[test]
fn operation_outcome_from_issues() {
    let study: r4::ImagingStudy =
        fhir_imaging::from_str(r#"{"resourceType":"ImagingStudy","status":"done"}"#).unwrap();
    let issues = fhir_imaging::validate(&study);
    assert_eq!(issues.len(), 2);
    let oo = r4::OperationOutcome::from_issues(&issues);
    assert_eq!(oo.issue.len(), 2);
    assert!(fhir_imaging::validate(&oo).is_empty());
    let text = fhir_imaging::to_string(&oo);
    assert!(
        text.contains(r#""expression":["ImagingStudy.status"]"#),
        "{text}"
    );
    let ok = r5::OperationOutcome::from_issues(&[]);
    assert!(fhir_imaging::validate(&ok).is_empty());
}

/// The bridge's path: build every resource in Rust, put them in a transaction Bundle, encode,
/// decode, compare, validate.
#[test]
fn build_transaction_bundle_r4_and_r5() {
    use fhir_imaging::{
        Attachment, CodeableConcept, Coding, HumanName, Identifier, ImagingStudySeriesInstance,
        Reference, ServiceRequestOccurrence, connection_type,
    };
    let mut patient = r4::Patient::new();
    patient
        .identifier
        .push(Identifier::new("urn:oid:1.2.3", "MRN1"));
    patient
        .name
        .push(HumanName::new("Doe", ["John".to_owned()]));
    patient.gender = Some("male".into());
    patient.birth_date = Some("1970-01-01".into());
    let mut order = r4::ServiceRequest::new(
        "active",
        "order",
        Reference::new("urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a"),
    );
    order
        .identifier
        .push(Identifier::accession("urn:oid:1.2.4", "ACC1"));
    order.code = Some(CodeableConcept::from_coding(
        Coding::new("http://loinc.org", "24627-2").with_display("Chest CT"),
    ));
    order.priority = Some("stat".into());
    order.occurrence = Some(ServiceRequestOccurrence::DateTime(
        "2024-05-01T10:00:00Z".into(),
    ));
    let endpoint = r4::Endpoint::dicomweb(
        connection_type::DICOM_WADO_RS,
        "https://pacs.example.org/dicom-web",
    );
    let mut study = r4::ImagingStudy::new(
        "available",
        Reference::new("urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a"),
    );
    study.endpoint.push(Reference::new(
        "urn:uuid:2b3f8d4e-0000-4000-8000-000000000001",
    ));
    let mut series = r4::ImagingStudySeries::new("1.2.840.1.2", Coding::dicom("CT"));
    series.instance.push(ImagingStudySeriesInstance::new(
        "1.2.840.1.2.3",
        "1.2.840.10008.5.1.4.1.1.2",
    ));
    study.series.push(series);
    let mut report = r4::DiagnosticReport::new("final", CodeableConcept::from_text("CT chest"));
    report.conclusion = Some("No acute findings.".into());
    report.presented_form.push(Attachment::new(
        "application/pdf",
        "https://x.example.org/r.pdf",
    ));
    let mut bundle = r4::Bundle::new("transaction");
    for (uuid, res, url) in [
        (
            "61ebe359-bfdc-4613-8bf2-c5e300945f0a",
            r4::Resource::from(patient),
            "Patient",
        ),
        (
            "61ebe359-bfdc-4613-8bf2-c5e300945f0b",
            order.into(),
            "ServiceRequest",
        ),
        (
            "2b3f8d4e-0000-4000-8000-000000000001",
            endpoint.into(),
            "Endpoint",
        ),
        (
            "61ebe359-bfdc-4613-8bf2-c5e300945f0c",
            study.into(),
            "ImagingStudy",
        ),
        (
            "61ebe359-bfdc-4613-8bf2-c5e300945f0d",
            report.into(),
            "DiagnosticReport",
        ),
    ] {
        bundle
            .entry
            .push(r4::BundleEntry::new(format!("urn:uuid:{uuid}"), res).with_request("POST", url));
    }
    let text = fhir_imaging::to_string(&bundle);
    let back: r4::Bundle = fhir_imaging::from_str(&text).unwrap();
    assert_eq!(back, bundle);
    assert_eq!(fhir_imaging::validate(&back), vec![]);
    assert_eq!(fhir_imaging::to_vec(&back), text.as_bytes());

    // R5: modality is a CodeableConcept, the endpoint has payload[].
    let mut study = r5::ImagingStudy::new("available", Reference::new("Patient/1"));
    let mut series = r5::ImagingStudySeries::new(
        "1.2.840.1.2",
        CodeableConcept::from_coding(Coding::dicom("MR")),
    );
    series.instance.push(ImagingStudySeriesInstance::new(
        "1.2.840.1.2.3",
        "1.2.840.10008.5.1.4.1.1.4",
    ));
    study.series.push(series);
    let mut bundle = r5::Bundle::new("collection");
    bundle.entry.push(r5::BundleEntry::new(
        "https://fhir.example.org/ImagingStudy/1",
        study,
    ));
    bundle.entry.push(r5::BundleEntry::new(
        "https://fhir.example.org/Endpoint/1",
        r5::Endpoint::dicomweb(
            connection_type::DICOM_QIDO_RS,
            "https://pacs.example.org/dicom-web",
        ),
    ));
    let text = fhir_imaging::to_string(&bundle);
    let back: r5::Bundle = fhir_imaging::from_str(&text).unwrap();
    assert_eq!(back, bundle);
    assert_eq!(fhir_imaging::validate(&back), vec![]);
}

/// Pretty output is the same JSON.
#[test]
fn pretty_output() {
    let text = r#"{"resourceType":"Patient","gender":"male","name":[{"given":["A"]}]}"#;
    let p: r4::Patient = fhir_imaging::from_str(text).unwrap();
    let pretty = fhir_imaging::to_string_pretty(&p);
    assert!(pretty.contains("\n  \"gender\": \"male\""), "{pretty}");
    let again: r4::Patient = fhir_imaging::from_str(&pretty).unwrap();
    assert_eq!(again, p);
}

/// Arrays of one element type nested in each other (extensions in extensions, Bundles in
/// Bundles) decode each into its own list, and string values shared with the input compare
/// and detach by content.
#[test]
fn nested_arrays_of_one_type_and_shared_strings() {
    let text = r#"{"resourceType":"Patient","extension":[{"url":"http://x.org/a","extension":[{"url":"http://x.org/a1","valueString":"one"},{"url":"http://x.org/a2","valueString":"t\u00e9\"wo"}]},{"url":"http://x.org/b","valueCode":"bee"}],"gender":"male"}"#;
    let p: r4::Patient = fhir_imaging::from_str(text).unwrap();
    assert_eq!(p.extension.len(), 2);
    assert_eq!(p.extension[0].extension.len(), 2);
    assert_eq!(p.extension[1].extension.len(), 0);
    let inner: Vec<&str> = p.extension[0]
        .extension
        .iter()
        .map(|e| e.url.as_ref().unwrap().as_str().unwrap())
        .collect();
    assert_eq!(inner, ["http://x.org/a1", "http://x.org/a2"]);
    match &p.extension[0].extension[1].value {
        Some(fhir_imaging::ExtensionValue::String(s)) => assert_eq!(s.as_str(), Some("té\"wo")),
        other => panic!("{other:?}"),
    }
    let mut gender = p.gender.clone().unwrap().value.unwrap();
    assert!(gender.is_shared());
    gender.detach();
    assert!(!gender.is_shared());
    assert_eq!(gender, "male");
    round_trip_r4(text);

    let bundle = r#"{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a"},{"fullUrl":"urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0b"}]}},{"fullUrl":"urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0c"}]}"#;
    let b: r4::Bundle = fhir_imaging::from_str(bundle).unwrap();
    assert_eq!(b.entry.len(), 2);
    match b.entry[0].resource.as_ref() {
        Some(r4::Resource::Bundle(inner)) => assert_eq!(inner.entry.len(), 2),
        other => panic!("{other:?}"),
    }
    round_trip_r4(bundle);
}

//! Differential check against Python `fhir.resources` (R4 documents with its R4B models, R5
//! with its R5 models; tests/peers/fhir_resources_check.py): on the corpus examples and on a
//! table of invalid documents, both sides agree on valid/invalid, except where
//! `fhir.resources` is known to be lenient (shared/PEERS.md), which the table says. Each
//! invalid document also asserts our located error.
//!
//! Without Python or `fhir.resources` the peer half prints `skipped: ...` (it fails instead
//! when IMAGING_REQUIRE_PEERS=1); our half always runs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fhir_imaging::{r4, r5};
use std::io::Write;
use std::process::{Command, Stdio};

#[derive(Debug, Clone, Copy, PartialEq)]
enum V {
    R4,
    R5,
}

/// What we report.
#[derive(Debug)]
enum Ours {
    /// A decode error: a fragment of the error kind's Debug text, and the path.
    Decode(&'static str, &'static str),
    /// A validation issue: issue-type code and path.
    Issue(&'static str, &'static str),
}

/// What fhir.resources does.
#[derive(Debug, PartialEq)]
enum Py {
    Rejects,
    /// Known leniency of fhir.resources: it accepts the document.
    Lenient(&'static str),
}

const R4_STUDY: &str = r#"{"resourceType":"ImagingStudy","id":"x","status":"available","subject":{"reference":"Patient/p1"},"started":"2011-01-01T11:01:20+03:00","numberOfSeries":1,"series":[{"uid":"1.2.3","modality":{"system":"http://dicom.nema.org/resources/ontology/DCM","code":"CT"},"instance":[{"uid":"1.2.3.4","sopClass":{"system":"urn:ietf:rfc:3986","code":"urn:oid:1.2.840.10008.5.1.4.1.1.2"}}]}]}"#;
const R5_STUDY: &str = r#"{"resourceType":"ImagingStudy","id":"x","status":"available","subject":{"reference":"Patient/p1"},"series":[{"uid":"1.2.3","modality":{"coding":[{"system":"http://dicom.nema.org/resources/ontology/DCM","code":"CT"}]},"instance":[{"uid":"1.2.3.4","sopClass":{"system":"urn:ietf:rfc:3986","code":"urn:oid:1.2.840.10008.5.1.4.1.1.2"}}]}]}"#;
const R4_PATIENT: &str = r#"{"resourceType":"Patient","id":"p1","name":[{"family":"Doe","given":["John","Q"]}],"gender":"male","birthDate":"1970-01-01"}"#;
const R4_ENDPOINT: &str = r#"{"resourceType":"Endpoint","id":"e","status":"active","connectionType":{"system":"http://terminology.hl7.org/CodeSystem/endpoint-connection-type","code":"dicom-wado-rs"},"payloadType":[{"text":"DICOM"}],"address":"https://pacs.example.org/dicom-web"}"#;
const R4_ORDER: &str = r#"{"resourceType":"ServiceRequest","id":"o","identifier":[{"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"ACSN"}]},"value":"A1"}],"status":"active","intent":"order","priority":"routine","code":{"text":"CT head"},"subject":{"reference":"Patient/p1"},"occurrenceDateTime":"2024-05-01"}"#;
const R4_REPORT: &str = r#"{"resourceType":"DiagnosticReport","id":"r","status":"final","code":{"text":"CT head"},"subject":{"reference":"Patient/p1"},"imagingStudy":[{"reference":"ImagingStudy/x"}],"conclusion":"Normal."}"#;
const R5_SELECTION: &str = r#"{"resourceType":"ImagingSelection","id":"s","status":"available","code":{"text":"key images"},"studyUid":"1.2.3","instance":[{"uid":"1.2.3.4.5","imageRegion2D":[{"regionType":"point","coordinate":[1.50,2]}]}]}"#;
const R4_BUNDLE: &str = r#"{"resourceType":"Bundle","type":"transaction","entry":[{"fullUrl":"urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a","resource":{"resourceType":"Patient","gender":"male"},"request":{"method":"POST","url":"Patient"}}]}"#;

fn p(base: &str, from: &str, to: &str) -> String {
    assert!(base.contains(from), "{from} not in {base}");
    base.replacen(from, to, 1)
}

struct Case {
    name: &'static str,
    v: V,
    text: String,
    ours: Ours,
    py: Py,
}

fn cases() -> Vec<Case> {
    use Ours::{Decode as D, Issue as I};
    use Py::{Lenient as L, Rejects as R};
    let c = |name, v, text: String, ours, py| Case {
        name,
        v,
        text,
        ours,
        py,
    };
    vec![
        // Required elements and cardinalities (FHIR R4 ImagingStudy, Endpoint, ServiceRequest, ...).
        c(
            "missing status",
            V::R4,
            p(R4_STUDY, r#""status":"available","#, ""),
            I("required", "ImagingStudy.status"),
            R,
        ),
        c(
            "missing subject",
            V::R4,
            p(R4_STUDY, r#""subject":{"reference":"Patient/p1"},"#, ""),
            I("required", "ImagingStudy.subject"),
            R,
        ),
        c(
            "missing series uid",
            V::R4,
            p(R4_STUDY, r#""uid":"1.2.3","#, ""),
            I("required", "ImagingStudy.series[0].uid"),
            R,
        ),
        c(
            "missing instance sopClass",
            V::R4,
            p(
                R4_STUDY,
                r#","sopClass":{"system":"urn:ietf:rfc:3986","code":"urn:oid:1.2.840.10008.5.1.4.1.1.2"}"#,
                "",
            ),
            I("required", "ImagingStudy.series[0].instance[0].sopClass"),
            R,
        ),
        c(
            "endpoint missing address",
            V::R4,
            p(
                R4_ENDPOINT,
                r#","address":"https://pacs.example.org/dicom-web""#,
                "",
            ),
            I("required", "Endpoint.address"),
            R,
        ),
        c(
            "endpoint missing payloadType",
            V::R4,
            p(R4_ENDPOINT, r#""payloadType":[{"text":"DICOM"}],"#, ""),
            I("required", "Endpoint.payloadType"),
            R,
        ),
        c(
            "order missing intent",
            V::R4,
            p(R4_ORDER, r#""intent":"order","#, ""),
            I("required", "ServiceRequest.intent"),
            R,
        ),
        c(
            "report missing code",
            V::R4,
            p(R4_REPORT, r#""code":{"text":"CT head"},"#, ""),
            I("required", "DiagnosticReport.code"),
            R,
        ),
        c(
            "bundle missing type",
            V::R4,
            p(R4_BUNDLE, r#""type":"transaction","#, ""),
            I("required", "Bundle.type"),
            R,
        ),
        c(
            "r5 selection missing code",
            V::R5,
            p(R5_SELECTION, r#""code":{"text":"key images"},"#, ""),
            I("required", "ImagingSelection.code"),
            R,
        ),
        c(
            "extension without url",
            V::R4,
            p(
                R4_PATIENT,
                r#""gender":"male""#,
                r#""gender":"male","_gender":{"extension":[{"valueString":"x"}]}"#,
            ),
            I("required", "Patient.gender.extension[0].url"),
            R,
        ),
        // JSON types (FHIR R4 json.html).
        c(
            "status is a number",
            V::R4,
            p(R4_STUDY, r#""status":"available""#, r#""status":5"#),
            D("WrongType", "ImagingStudy.status"),
            R,
        ),
        c(
            "R4 series modality as array",
            V::R4,
            p(
                R4_STUDY,
                r#""modality":{"system":"http://dicom.nema.org/resources/ontology/DCM","code":"CT"}"#,
                r#""modality":[{"code":"CT"}]"#,
            ),
            D("WrongType", "ImagingStudy.series[0].modality"),
            R,
        ),
        c(
            "R5 study modality as a single object",
            V::R5,
            p(
                R5_STUDY,
                r#""status":"available","#,
                r#""status":"available","modality":{"coding":[{"code":"CT"}]},"#,
            ),
            D("WrongType", "ImagingStudy.modality"),
            R,
        ),
        c(
            "unsignedInt negative",
            V::R4,
            p(R4_STUDY, r#""numberOfSeries":1"#, r#""numberOfSeries":-1"#),
            D("InvalidValue", "ImagingStudy.numberOfSeries"),
            R,
        ),
        c(
            "unsignedInt with fraction",
            V::R4,
            p(R4_STUDY, r#""numberOfSeries":1"#, r#""numberOfSeries":1.5"#),
            D("InvalidValue", "ImagingStudy.numberOfSeries"),
            R,
        ),
        c(
            "unsignedInt as string",
            V::R4,
            p(R4_STUDY, r#""numberOfSeries":1"#, r#""numberOfSeries":"1""#),
            D("WrongType", "ImagingStudy.numberOfSeries"),
            L("coerces numeric strings to integers"),
        ),
        c(
            "boolean as string",
            V::R4,
            p(
                R4_PATIENT,
                r#""gender":"male""#,
                r#""gender":"male","active":"true""#,
            ),
            D("WrongType", "Patient.active"),
            L("coerces \"true\" to a boolean"),
        ),
        c(
            "decimal as string",
            V::R5,
            p(R5_SELECTION, "[1.50,2]", r#"["1.50",2]"#),
            D(
                "WrongType",
                "ImagingSelection.instance[0].imageRegion2D[0].coordinate[0]",
            ),
            L("coerces numeric strings to decimals"),
        ),
        c(
            "R5 integer64 as number",
            V::R5,
            p(
                R5_SELECTION,
                r#""studyUid":"1.2.3","#,
                r#""studyUid":"1.2.3","subject":{"reference":"Patient/p1","extension":[{"url":"http://e.org/s","valueInteger64":12}]},"#,
            ),
            D(
                "WrongType",
                "ImagingSelection.subject.extension[0].valueInteger64",
            ),
            L("accepts a JSON number for integer64"),
        ),
        c(
            "primitive extension not an object",
            V::R4,
            p(
                R4_PATIENT,
                r#""gender":"male""#,
                r#""gender":"male","_gender":"x""#,
            ),
            D("WrongType", "Patient._gender"),
            R,
        ),
        // Empty values and nulls (FHIR R4 json.html).
        c(
            "empty array",
            V::R4,
            p(
                R4_STUDY,
                r#""numberOfSeries":1,"#,
                r#""numberOfSeries":1,"endpoint":[],"#,
            ),
            D("EmptyArray", "ImagingStudy.endpoint"),
            L("accepts empty arrays"),
        ),
        c(
            "empty object",
            V::R4,
            p(
                R4_STUDY,
                r#""subject":{"reference":"Patient/p1"}"#,
                r#""subject":{}"#,
            ),
            D("EmptyObject", "ImagingStudy.subject"),
            L("accepts an empty object for a Reference"),
        ),
        c(
            "empty string",
            V::R4,
            p(R4_STUDY, r#""id":"x","#, r#""id":"x","description":"","#),
            D("EmptyString", "ImagingStudy.description"),
            R,
        ),
        c(
            "null primitive",
            V::R4,
            p(R4_STUDY, r#""id":"x","#, r#""id":"x","description":null,"#),
            D("Null", "ImagingStudy.description"),
            L("accepts null for an optional element"),
        ),
        c(
            "null in primitive array without _ partner",
            V::R4,
            p(R4_PATIENT, r#"["John","Q"]"#, r#"["John",null]"#),
            D("NullWithoutExtension", "Patient.name[0].given[1]"),
            L("accepts null inside primitive arrays without a `_` partner"),
        ),
        c(
            "primitive array and _ partner lengths differ",
            V::R4,
            p(
                R4_PATIENT,
                r#"["John","Q"]}"#,
                r#"["John","Q"],"_given":[null]}"#,
            ),
            D("PrimitiveArrayMismatch", "Patient.name[0]._given"),
            L("does not align primitive arrays with their _ partner"),
        ),
        // Resource types and unknown elements.
        c(
            "bad resourceType",
            V::R4,
            p(
                R4_STUDY,
                r#""resourceType":"ImagingStudy""#,
                r#""resourceType":"ImagingStudyX""#,
            ),
            D("UnknownResourceType", "resourceType"),
            R,
        ),
        c(
            "R5-only resourceType in R4",
            V::R4,
            p(R5_SELECTION, "", ""),
            D("UnknownResourceType", "resourceType"),
            R,
        ),
        c(
            "missing resourceType",
            V::R4,
            p(R4_STUDY, r#""resourceType":"ImagingStudy","#, ""),
            D("MissingResourceType", ""),
            R,
        ),
        c(
            "unknown element",
            V::R4,
            p(R4_STUDY, r#""id":"x","#, r#""id":"x","colour":"blue","#),
            D("UnknownElement", "ImagingStudy.colour"),
            R,
        ),
        c(
            "R4 element in R5 (procedureCode)",
            V::R5,
            p(
                R5_STUDY,
                r#""id":"x","#,
                r#""id":"x","procedureCode":[{"text":"CT"}],"#,
            ),
            D("UnknownElement", "ImagingStudy.procedureCode"),
            R,
        ),
        c(
            "R5 element in R4 (Attachment.height)",
            V::R4,
            p(
                R4_REPORT,
                r#""conclusion":"Normal.""#,
                r#""presentedForm":[{"contentType":"application/pdf","url":"http://x.org/r.pdf","height":5}]"#,
            ),
            D("UnknownElement", "DiagnosticReport.presentedForm[0].height"),
            R,
        ),
        c(
            "two types for one choice element",
            V::R4,
            p(
                R4_ORDER,
                r#""occurrenceDateTime":"2024-05-01""#,
                r#""occurrenceDateTime":"2024-05-01","occurrencePeriod":{"start":"2024-05-01"}"#,
            ),
            D("DuplicateElement", "ServiceRequest.occurrencePeriod"),
            R,
        ),
        c(
            "JSON syntax: trailing comma",
            V::R4,
            p(
                R4_PATIENT,
                r#""birthDate":"1970-01-01"}"#,
                r#""birthDate":"1970-01-01",}"#,
            ),
            D("Syntax", "Patient"),
            R,
        ),
        // Value sets with required bindings.
        c(
            "study status not in value set",
            V::R4,
            p(R4_STUDY, r#""status":"available""#, r#""status":"done""#),
            I("code-invalid", "ImagingStudy.status"),
            L("does not check required bindings"),
        ),
        c(
            "order priority not in value set",
            V::R4,
            p(R4_ORDER, r#""priority":"routine""#, r#""priority":"soon""#),
            I("code-invalid", "ServiceRequest.priority"),
            L("does not check required bindings"),
        ),
        c(
            "gender not in value set",
            V::R4,
            p(R4_PATIENT, r#""gender":"male""#, r#""gender":"M""#),
            I("code-invalid", "Patient.gender"),
            L("does not check required bindings"),
        ),
        c(
            "R5 2D region type not in value set",
            V::R5,
            p(
                R5_SELECTION,
                r#""regionType":"point""#,
                r#""regionType":"square""#,
            ),
            I(
                "code-invalid",
                "ImagingSelection.instance[0].imageRegion2D[0].regionType",
            ),
            L("does not check required bindings"),
        ),
        // Lexical forms of primitives.
        c(
            "dateTime out of range",
            V::R4,
            p(R4_STUDY, "2011-01-01T11:01:20+03:00", "2011-13-01"),
            I("value", "ImagingStudy.started"),
            R,
        ),
        c(
            "date with slashes",
            V::R4,
            p(R4_PATIENT, "1970-01-01", "1970/01/01"),
            I("value", "Patient.birthDate"),
            R,
        ),
        c(
            "code with leading space",
            V::R4,
            p(R4_PATIENT, r#""gender":"male""#, r#""gender":" male""#),
            I("value", "Patient.gender"),
            R,
        ),
        // Invariants (imaging).
        c(
            "series uid not a DICOM UID",
            V::R4,
            p(R4_STUDY, r#""uid":"1.2.3""#, r#""uid":"abc""#),
            I("invariant", "ImagingStudy.series[0].uid"),
            L("checks only the id pattern, not DICOM UID form"),
        ),
        c(
            "instance uid with leading zero component",
            V::R4,
            p(R4_STUDY, r#""uid":"1.2.3.4""#, r#""uid":"1.2.03.4""#),
            I("invariant", "ImagingStudy.series[0].instance[0].uid"),
            L("checks only the id pattern, not DICOM UID form"),
        ),
        c(
            "DICOMweb endpoint not http(s)",
            V::R4,
            p(
                R4_ENDPOINT,
                "https://pacs.example.org/dicom-web",
                "ftp://pacs.example.org/dicom-web",
            ),
            I("invariant", "Endpoint.address"),
            L("does not check Endpoint.address against the connection type"),
        ),
        c(
            "extension with value and extensions",
            V::R4,
            p(
                R4_PATIENT,
                r#""gender":"male""#,
                r#""gender":"male","extension":[{"url":"http://e.org/a","valueString":"x","extension":[{"url":"b","valueString":"y"}]}]"#,
            ),
            I("invariant", "Patient.extension[0]"),
            L("does not check invariant ext-1"),
        ),
        c(
            "bundle entry without request in a transaction",
            V::R4,
            p(
                R4_BUNDLE,
                r#","request":{"method":"POST","url":"Patient"}"#,
                "",
            ),
            I("invariant", "Bundle.entry[0]"),
            L("does not check invariant bdl-3"),
        ),
        c(
            "http verb not in value set",
            V::R4,
            p(R4_BUNDLE, r#""method":"POST""#, r#""method":"SEND""#),
            I("code-invalid", "Bundle.entry[0].request.method"),
            L("does not check required bindings"),
        ),
        // References (FHIR R4 references.html).
        c(
            "reference with whitespace",
            V::R4,
            p(R4_STUDY, "Patient/p1", "Patient p1"),
            I("invalid", "ImagingStudy.subject.reference"),
            L("does not check reference format"),
        ),
        c(
            "reference to unknown type",
            V::R4,
            p(R4_STUDY, "Patient/p1", "Pateint/p1"),
            I("invalid", "ImagingStudy.subject.reference"),
            L("does not check reference format"),
        ),
        c(
            "unresolved #contained reference",
            V::R4,
            p(R4_STUDY, "Patient/p1", "#p1"),
            I("invariant", "ImagingStudy.subject.reference"),
            L("does not resolve contained references"),
        ),
        c(
            // dom-3 (domainresource.html): a contained resource is referenced from its
            // container or refers to it.
            "unreferenced contained resource",
            V::R4,
            p(
                R4_STUDY,
                r#""status":"available","#,
                r#""contained":[{"resourceType":"Patient","id":"q"}],"status":"available","#,
            ),
            I("invariant", "ImagingStudy.contained[0]"),
            L("does not check invariant dom-3"),
        ),
    ]
}

fn decode_and_validate(v: V, text: &str) -> Result<Vec<fhir_imaging::Issue>, fhir_imaging::Error> {
    match v {
        V::R4 => fhir_imaging::from_str::<r4::Resource>(text).map(|r| fhir_imaging::validate(&r)),
        V::R5 => fhir_imaging::from_str::<r5::Resource>(text).map(|r| fhir_imaging::validate(&r)),
    }
}

/// Run the peer on all documents at once; `None` when it is not available.
fn peer(docs: &[(V, String)]) -> Option<Vec<String>> {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/peers/fhir_resources_check.py"
    );
    let require = std::env::var("IMAGING_REQUIRE_PEERS").is_ok_and(|v| v == "1");
    let child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            assert!(!require, "python3 is required: {e}");
            println!("skipped: python3 not available: {e}");
            return None;
        }
    };
    let mut input = String::new();
    for (v, text) in docs {
        let version = if *v == V::R4 { "r4" } else { "r5" };
        input.push_str(&serde_json::json!({"version": version, "text": text}).to_string());
        input.push('\n');
    }
    // A peer that fails on start (fhir.resources not installed) closes its stdin: the write
    // then fails with a broken pipe, and the exit status below says why.
    let wrote = child.stdin.take().unwrap().write_all(input.as_bytes());
    let out = child.wait_with_output().unwrap();
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr).into_owned();
        let why = format!("{why} (write: {wrote:?})");
        assert!(!require, "fhir.resources peer failed: {why}");
        println!("skipped: fhir.resources peer not available: {why}");
        return None;
    }
    wrote.unwrap();
    let lines: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(lines.len(), docs.len());
    Some(lines)
}

#[test]
fn invalid_documents_are_located() {
    let cases = cases();
    assert!(cases.len() >= 30);
    for case in &cases {
        let got = decode_and_validate(case.v, &case.text);
        match (&case.ours, got) {
            (Ours::Decode(kind, path), Err(e)) => {
                assert!(
                    format!("{:?}", e.kind()).contains(kind),
                    "{}: got {e}",
                    case.name
                );
                assert_eq!(e.path(), *path, "{}: {e}", case.name);
                assert!(e.line() >= 1 && e.column() >= 1, "{}", case.name);
            }
            (Ours::Issue(code, path), Ok(issues)) => {
                assert!(
                    issues.iter().any(|i| i.code == *code && i.path == *path),
                    "{}: expected {code} at {path}, got {issues:#?}",
                    case.name
                );
                assert!(fhir_imaging::has_errors(&issues), "{}", case.name);
            }
            (want, got) => panic!("{}: expected {want:?}, got {got:?}", case.name),
        }
    }
}

#[test]
fn bases_are_valid() {
    for (v, text) in [
        (V::R4, R4_STUDY),
        (V::R5, R5_STUDY),
        (V::R4, R4_PATIENT),
        (V::R4, R4_ENDPOINT),
        (V::R4, R4_ORDER),
        (V::R4, R4_REPORT),
        (V::R5, R5_SELECTION),
        (V::R4, R4_BUNDLE),
    ] {
        let issues = decode_and_validate(v, text).unwrap();
        assert!(issues.is_empty(), "{text}: {issues:#?}");
    }
}

fn corpus() -> Vec<(V, String)> {
    let mut docs = Vec::new();
    for (dir, v) in [("r4", V::R4), ("r5", V::R5)] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(dir);
        let mut files: Vec<_> = std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files {
            if f.extension().is_some_and(|e| e == "json") {
                docs.push((v, std::fs::read_to_string(f).unwrap()));
            }
        }
    }
    docs
}

#[test]
fn agrees_with_fhir_resources() {
    let cases = cases();
    let corpus = corpus();
    let mut docs: Vec<(V, String)> = corpus.clone();
    docs.extend(cases.iter().map(|c| (c.v, c.text.clone())));
    let Some(verdicts) = peer(&docs) else { return };
    let (corpus_verdicts, case_verdicts) = verdicts.split_at(corpus.len());
    for ((_, text), verdict) in corpus.iter().zip(corpus_verdicts) {
        assert_eq!(
            verdict,
            "ok",
            "the peer rejects an official example: {}",
            &text[..80.min(text.len())]
        );
    }
    let mut lenient = 0;
    let mut disagreements = Vec::new();
    for (case, verdict) in cases.iter().zip(case_verdicts) {
        match &case.py {
            Py::Rejects if !verdict.starts_with("invalid") => {
                disagreements.push(format!("{}: fhir.resources accepts it", case.name))
            }
            Py::Lenient(why) if verdict != "ok" => disagreements.push(format!(
                "{}: fhir.resources is no longer lenient here ({why}): {verdict}",
                case.name
            )),
            Py::Lenient(_) => lenient += 1,
            Py::Rejects => {}
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    println!(
        "fhir.resources: {} examples valid on both sides; {} invalid documents: {} rejected by both, {} accepted by the peer (known leniency)",
        corpus.len(),
        cases.len(),
        cases.len() - lenient,
        lenient
    );
}

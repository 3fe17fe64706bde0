//! Every official example of the corpus (tests/data/r4, tests/data/r5; see
//! tests/data/SOURCES.md): decodes in strict mode, re-encodes to JSON equal to the input as a
//! JSON value (member order aside; numbers compared by their text), and validates clean.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fhir_imaging::{Json, r4, r5};
use std::path::Path;

fn files(version: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(version);
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    v
}

fn check<T: fhir_imaging::FhirResource + std::fmt::Debug + PartialEq>(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.display();
    let res: T = fhir_imaging::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let out = fhir_imaging::to_string(&res);
    // Exact: our own JSON value, numbers by text, member order aside.
    let a = Json::parse(&text).unwrap();
    let b = Json::parse(&out).unwrap();
    assert!(a.eq_unordered(&b), "{name}: re-encoded JSON differs\n{out}");
    // Independent: serde_json's view of both.
    let sa: serde_json::Value = serde_json::from_str(&text).unwrap();
    let sb: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(sa, sb, "{name}");
    assert!(out.starts_with("{\"resourceType\":"), "{name}");
    // Decoding our output gives the same model.
    let again: T = fhir_imaging::from_str(&out).unwrap();
    assert_eq!(again, res, "{name}");
    fhir_imaging::validate(&res)
        .into_iter()
        .map(|i| format!("{name}: {i}"))
        .collect()
}

#[test]
fn r4_examples_round_trip_and_validate() {
    let files = files("r4");
    assert_eq!(files.len(), 16);
    let issues: Vec<String> = files
        .iter()
        .flat_map(|f| check::<r4::Resource>(f))
        .collect();
    assert!(issues.is_empty(), "{}", issues.join("\n"));
}

#[test]
fn r5_examples_round_trip_and_validate() {
    let files = files("r5");
    assert_eq!(files.len(), 22);
    let issues: Vec<String> = files
        .iter()
        .flat_map(|f| check::<r5::Resource>(f))
        .collect();
    assert!(issues.is_empty(), "{}", issues.join("\n"));
}

/// The typed variants are used (not the escape hatch) for the resources this crate models.
#[test]
fn modelled_examples_decode_as_typed_resources() {
    for f in files("r4") {
        let text = std::fs::read_to_string(&f).unwrap();
        let r: r4::Resource = fhir_imaging::from_str(&text).unwrap();
        let other = matches!(r, r4::Resource::Other(_));
        let expect_other = ["Media", "Procedure"].contains(&r.resource_type());
        assert_eq!(other, expect_other, "{}", f.display());
    }
    for f in files("r5") {
        let text = std::fs::read_to_string(&f).unwrap();
        let r: r5::Resource = fhir_imaging::from_str(&text).unwrap();
        let other = matches!(r, r5::Resource::Other(_));
        let expect_other = ["DocumentReference", "Procedure"].contains(&r.resource_type());
        assert_eq!(other, expect_other, "{}", f.display());
    }
}

//! `imaging fhir check` as a script sees it (shared/CLI.md): exit codes, located errors,
//! lossless `--print`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn imaging(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_imaging"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the imaging binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn corpus(path: &str) -> String {
    format!(
        "{}/../fhir-imaging/tests/data/{path}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn valid_examples_exit_0() {
    for (file, v) in [
        ("r4/ImagingStudy-example-xr.json", "r4"),
        ("r4/Bundle-bundle-transaction.json", "r4"),
        (
            "r5/ImagingSelection-example-3d-image-region-selection.json",
            "r5",
        ),
        ("r5/DiagnosticReport-f201.json", "r5"),
    ] {
        let out = imaging(&["fhir", "check", &corpus(file), "--fhir", v], "");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn print_is_lossless() {
    let text = r#"{"resourceType":"ImagingSelection","status":"available","code":{"text":"x"},"instance":[{"uid":"1.2","imageRegion2D":[{"regionType":"point","coordinate":[1.50,2.0]}]}],"_status":{"id":"s"}}"#;
    let out = imaging(&["fhir", "check", "-", "--print"], text);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(
        printed.starts_with(r#"{"resourceType":"ImagingSelection""#),
        "{printed}"
    );
    assert!(
        printed.contains("[1.50,2.0]") && printed.contains(r#""_status":{"id":"s"}"#),
        "{printed}"
    );
    let pretty = imaging(&["fhir", "check", "-", "--print", "--pretty"], text);
    assert!(
        String::from_utf8(pretty.stdout)
            .unwrap()
            .contains("\n  \"status\": \"available\"")
    );
}

#[test]
fn unknown_elements_are_printed_and_reported() {
    let text = r#"{"resourceType":"Patient","gender":"male","x-colour":[1.50]}"#;
    let out = imaging(&["fhir", "check", "-", "--fhir", "r4", "--print"], text);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains(r#""x-colour":[1.50]"#)
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("Patient.x-colour"), "{err}");
}

#[test]
fn every_validation_problem_is_one_located_line() {
    let text = r#"{"resourceType":"ImagingStudy","status":"done","series":[{"uid":"abc","modality":{"code":"CT"}}]}"#;
    let out = imaging(&["fhir", "check", "-", "--fhir", "r4"], text);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(
        err.contains("ImagingStudy.status: error (code-invalid)"),
        "{err}"
    );
    assert!(
        err.contains("ImagingStudy.subject: error (required)"),
        "{err}"
    );
    assert!(
        err.contains("ImagingStudy.series[0].uid: error (invariant)"),
        "{err}"
    );
}

#[test]
fn json_errors_exit_1_with_path_and_position() {
    let out = imaging(
        &["fhir", "check", "-", "--fhir", "r4"],
        r#"{"resourceType":"ImagingStudy","series":[]}"#,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("ImagingStudy.series: empty array") && err.contains("line 1 column 41"),
        "{err}"
    );
    // An R5-only resource in R4.
    let out = imaging(
        &[
            "fhir",
            "check",
            &corpus("r5/ImagingSelection-example-basic-image-selection.json"),
            "--fhir",
            "r4",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("unknown resourceType `ImagingSelection`")
    );
}

#[test]
fn usage_error_exits_2() {
    let out = imaging(&["fhir", "check", "-", "--fhir", "r3"], "{}");
    assert_eq!(out.status.code(), Some(2));
}

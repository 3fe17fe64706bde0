//! The `imaging` binary's exit codes and help, as a script would see them (shared/CLI.md).
#![allow(clippy::expect_used, reason = "test helpers fail loudly")]

use std::process::{Command, Output};

fn imaging(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_imaging"))
        .args(args)
        .output()
        .expect("the imaging binary runs")
}

#[test]
fn help_lists_every_subcommand() {
    let out = imaging(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for sub in ["dicom", "multipart", "dicomweb", "hl7", "fhir", "demo"] {
        assert!(text.contains(sub), "--help does not mention {sub}:\n{text}");
    }
}

#[test]
fn subcommand_help_explains_each_command() {
    let out = imaging(&["hl7", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for sub in ["get", "to-json", "ack", "to-mwl", "to-fhir"] {
        assert!(
            text.contains(sub),
            "hl7 --help does not mention {sub}:\n{text}"
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["frobnicate"][..],
        &["dicom", "from-json", "x.json"],
        &["hl7", "get", "m.hl7"],
    ] {
        let out = imaging(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}: a usage error says why");
    }
}

#[test]
fn missing_input_file_exits_1_with_its_name() {
    let out = imaging(&["hl7", "get", "/nonexistent/file.hl7", "PID-5"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/nonexistent/file.hl7") || err.contains("not built yet"),
        "{err}"
    );
}

#[test]
fn demo_runs_and_says_what_it_does() {
    let dir = std::env::temp_dir().join(format!("imaging-demo-test-{}", std::process::id()));
    let out = imaging(&["demo", "--out", dir.to_str().expect("utf-8 temp dir")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("step 1"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

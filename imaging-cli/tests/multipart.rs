//! `imaging multipart split|join` (shared/CLI.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Output};

fn imaging(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_imaging"));
    cmd.args(args);
    match stdin {
        None => cmd.output().unwrap(),
        Some(input) => {
            use std::io::Write;
            let mut child = cmd
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            child.stdin.take().unwrap().write_all(input).unwrap();
            child.wait_with_output().unwrap()
        }
    }
}

fn tmp(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("imaging-mp-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn join_then_split_round_trips() {
    let dir = tmp("rt");
    let a = dir.join("a.bin");
    let b = dir.join("b.bin");
    std::fs::write(&a, b"first body\r\n--almost").unwrap();
    std::fs::write(&b, vec![0u8; 5000]).unwrap();
    let out = imaging(
        &[
            "multipart",
            "join",
            "--type",
            "application/dicom",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let content_type = String::from_utf8(out.stderr).unwrap().trim().to_owned();
    assert!(
        content_type.starts_with("multipart/related; type=\"application/dicom\"; boundary="),
        "{content_type}"
    );
    let body = dir.join("body");
    std::fs::write(&body, &out.stdout).unwrap();
    let parts = dir.join("parts");
    let out = imaging(
        &[
            "multipart",
            "split",
            body.to_str().unwrap(),
            "--content-type",
            &content_type,
            "-o",
            parts.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["index"], 1);
    assert_eq!(lines[0]["content_type"], "application/dicom");
    assert_eq!(lines[0]["length"], 20);
    assert_eq!(lines[1]["length"], 5000);
    assert!(lines[0]["content_location"].is_null());
    assert_eq!(
        std::fs::read(parts.join("part-0001.body")).unwrap(),
        b"first body\r\n--almost"
    );
    assert_eq!(
        std::fs::read(parts.join("part-0002.body")).unwrap(),
        vec![0u8; 5000]
    );
    let h = std::fs::read_to_string(parts.join("part-0002.headers")).unwrap();
    assert_eq!(
        h,
        "Content-Type: application/dicom\r\nContent-Length: 5000\r\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn split_reads_stdin_and_reports_truncation_after_complete_parts() {
    let dir = tmp("trunc");
    let body = b"--b\r\nContent-Type: text/plain\r\nContent-Location: /x/1\r\n\r\none\r\n--b\r\n\r\ntwo, cut";
    let out = imaging(
        &[
            "multipart",
            "split",
            "-",
            "--content-type",
            "multipart/related; boundary=\"b\"",
            "-o",
            dir.to_str().unwrap(),
        ],
        Some(body),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("truncated multipart body in part 2 at byte 77"),
        "{err}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1);
    assert!(stdout.contains("\"content_location\":\"/x/1\""), "{stdout}");
    assert_eq!(std::fs::read(dir.join("part-0001.body")).unwrap(), b"one");
    assert!(!dir.join("part-0002.body").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_content_type_and_boundary() {
    let dir = tmp("bad");
    let out = imaging(
        &[
            "multipart",
            "split",
            "-",
            "--content-type",
            "multipart/related",
            "-o",
            dir.to_str().unwrap(),
        ],
        Some(b""),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no boundary parameter"));
    let f = dir.join("f");
    std::fs::write(&f, b"x\r\n--sep\r\n").unwrap();
    let out = imaging(
        &[
            "multipart",
            "join",
            "--type",
            "text/plain",
            "--boundary",
            "sep",
            f.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("boundary delimiter"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = imaging(
        &[
            "multipart",
            "join",
            "--type",
            "text/plain",
            "--boundary",
            "bad;b",
            f.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

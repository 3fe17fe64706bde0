//! `imaging dicom to-json | from-json | check-json` as a script sees them (shared/CLI.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn imaging(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_imaging"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the imaging binary runs");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

/// The pydicom corpus vendored by dicom-json-codec (see its tests/data/pydicom/SOURCES.md).
fn corpus(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../dicom-json-codec/tests/data/pydicom")
        .join(name)
        .to_str()
        .unwrap()
        .to_owned()
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("imaging-dicom-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn to_json_one_file_is_an_object_without_group_0002() {
    let out = imaging(&["dicom", "to-json", &corpus("CT_small.dcm")], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let obj = v.as_object().unwrap();
    assert!(
        obj.keys()
            .all(|k| !k.starts_with("0002") && !k.ends_with("0000"))
    );
    let keys: Vec<&String> = obj.keys().collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "keys in ascending tag order");
    assert_eq!(v["00100010"]["vr"], "PN");
    assert!(v["7FE00010"]["InlineBinary"].is_string());
}

#[test]
fn to_json_several_files_is_an_array_with_bulk_uris() {
    let out = imaging(
        &[
            "dicom",
            "to-json",
            &corpus("MR_small.dcm"),
            &corpus("JPEG2000.dcm"),
            "--bulk-threshold",
            "1024",
            "--bulk-uri-base",
            "http://pacs.example/bulk",
            "--numbers",
            "string",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let a = v.as_array().unwrap();
    assert_eq!(a.len(), 2);
    assert_eq!(
        a[0]["7FE00010"]["BulkDataURI"],
        "http://pacs.example/bulk/1/7FE00010"
    );
    assert_eq!(
        a[1]["7FE00010"]["BulkDataURI"],
        "http://pacs.example/bulk/2/7FE00010"
    );
    // --numbers string: DS values are strings.
    assert!(a[0]["00280030"]["Value"][0].is_string());
}

#[test]
fn to_json_encapsulated_without_base_is_a_located_error() {
    let out = imaging(&["dicom", "to-json", &corpus("JPEG2000.dcm")], None);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("JPEG2000.dcm") && err.contains("(7FE0,0010)"),
        "{err}"
    );
}

#[test]
fn threshold_without_base_is_a_usage_error() {
    let out = imaging(
        &[
            "dicom",
            "to-json",
            &corpus("MR_small.dcm"),
            "--bulk-threshold",
            "10",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn from_json_then_to_json_gives_the_same_json() {
    let first = imaging(&["dicom", "to-json", &corpus("MR_small.dcm")], None);
    assert_eq!(first.status.code(), Some(0));
    let json = tmp("mr.json");
    std::fs::write(&json, &first.stdout).unwrap();
    let dcm = tmp("mr.dcm");
    let out = imaging(
        &[
            "dicom",
            "from-json",
            json.to_str().unwrap(),
            "-o",
            dcm.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let second = imaging(&["dicom", "to-json", dcm.to_str().unwrap()], None);
    assert_eq!(second.status.code(), Some(0));
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn from_json_unresolved_bulk_data_lists_paths_then_resolves_or_drops() {
    let json = tmp("bulk.json");
    std::fs::write(
        &json,
        br#"{"00080016":{"vr":"UI","Value":["1.2.840.10008.5.1.4.1.1.7"]},"00080018":{"vr":"UI","Value":["1.2.3.4"]},"00091010":{"vr":"OB","BulkDataURI":"file:blob.bin"},"0040A730":{"vr":"SQ","Value":[{"00091011":{"vr":"OB","BulkDataURI":"http://elsewhere/x"}}]}}"#,
    )
    .unwrap();
    let dcm = tmp("bulk.dcm");
    let out = imaging(
        &[
            "dicom",
            "from-json",
            json.to_str().unwrap(),
            "-o",
            dcm.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("(0009,1010)"), "{err}");
    assert!(err.contains("(0040,A730)[0].(0009,1011)"), "{err}");

    let out = imaging(
        &[
            "dicom",
            "from-json",
            json.to_str().unwrap(),
            "-o",
            dcm.to_str().unwrap(),
            "--drop-bulk",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // --bulk-dir resolves file: URIs; the http one stays unresolved.
    std::fs::write(json.with_file_name("blob.bin"), [1u8, 2, 3, 4]).unwrap();
    let out = imaging(
        &[
            "dicom",
            "from-json",
            json.to_str().unwrap(),
            "-o",
            dcm.to_str().unwrap(),
            "--bulk-dir",
            json.parent().unwrap().to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        !err.contains("(0009,1010)") && err.contains("(0009,1011)"),
        "{err}"
    );
}

#[test]
fn check_json_reports_location_and_path() {
    let bad = br#"{"00400275":{"vr":"SQ","Value":[{"00081150":{"vr":"UI","Value":[5]}}]}}"#;
    let out = imaging(&["dicom", "check-json", "-"], Some(bad));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("line 1 column 65 (byte 64)"), "{err}");
    assert!(err.contains("(0040,0275)[0].(0008,1150)"), "{err}");
}

#[test]
fn check_json_lenient_repairs_and_prints() {
    let input =
        br#"[{"00100010":{"vr":"PN","Value":["Doe^Jane"]},"00201208":{"vr":"IS","Value":[0012]}}]"#;
    // 0012 is not a JSON number: a syntax error even in lenient mode.
    let out = imaging(&["dicom", "check-json", "-", "--lenient"], Some(input));
    assert_eq!(out.status.code(), Some(1));
    let input = br#"[{"00100010":{"vr":"PN","Value":["Doe^Jane"]},"00201208":{"vr":"IS","Value":["0012",null,7]}}]"#;
    let strict = imaging(&["dicom", "check-json", "-"], Some(input));
    assert_eq!(strict.status.code(), Some(1));
    let out = imaging(
        &["dicom", "check-json", "-", "--lenient", "--print"],
        Some(input),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("person name given as a string"));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "[{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^Jane\"}]},\"00201208\":{\"vr\":\"IS\",\"Value\":[\"0012\",null,7]}}]\n"
    );
}

//! `imaging hl7 get | to-json | ack` as a script sees them (shared/CLI.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// IHE RAD-4 style ORM^O01 v2.3.1 with ZDS, escapes and repetitions.
const ORM: &str = "MSH|^~\\&|RIS|HOSP|PACS|HOSP|20240101120000||ORM^O01|MSG7|P|2.3.1\r\
PID|||111^^^H~222^^^OTHER||O\\S\\BRIEN^JANE||19700101|F\r\
ORC|NW|A100|||SC\r\
OBR|1|A100||CT1^CT HEAD^LOCAL||||||||||||||ACC1|RP1|SPS1||||CT\r\
ZDS|1.2.3.4^100^Application^DICOM\r\
OBX|1|TX|RPT||first\\.br\\second\r\
OBX|2|TX|RPT||two\r";

fn imaging(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_imaging"))
        .args(args)
        .output()
        .expect("the imaging binary runs")
}

fn temp(name: &str, content: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("imaging-hl7-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

#[test]
fn get_prints_one_decoded_value_per_line() {
    let f = temp("orm.hl7", ORM.as_bytes());
    let out = imaging(&[
        "hl7",
        "get",
        f.to_str().unwrap(),
        "PID-5.1",
        "PID-3[2].1",
        "OBR-4.2",
        "MSH-9.1",
        "ZDS-1.1",
        "OBX[2]-5",
        "OBX-5",
        "PID-99",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "O^BRIEN\n222\nCT HEAD\nORM\n1.2.3.4\ntwo\nfirst\nsecond\n\n"
    );
}

#[test]
fn get_message_n_of_a_file_with_lf_terminators() {
    let two =
        format!("{}{}", ORM.replace("MSG7", "M1"), ORM.replace("MSG7", "M2")).replace('\r', "\n");
    let f = temp("two.hl7", two.as_bytes());
    let out = imaging(&[
        "hl7",
        "get",
        f.to_str().unwrap(),
        "MSH-10",
        "--message",
        "2",
    ]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "M2\n");
    let out = imaging(&[
        "hl7",
        "get",
        f.to_str().unwrap(),
        "MSH-10",
        "--message",
        "3",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no message 3"));
}

#[test]
fn bad_path_is_a_usage_error_and_bad_input_is_located() {
    let f = temp("orm2.hl7", ORM.as_bytes());
    let out = imaging(&["hl7", "get", f.to_str().unwrap(), "pid-5"]);
    assert_eq!(out.status.code(), Some(2));
    let bad = temp("bad.hl7", b"MSH||A|B\r");
    let out = imaging(&["hl7", "get", bad.to_str().unwrap(), "MSH-3"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.hl7") && err.contains("byte 0") && err.contains("field 2"),
        "{err}"
    );
}

#[test]
fn to_json_gives_the_tree() {
    let f = temp("orm3.hl7", ORM.as_bytes());
    let out = imaging(&["hl7", "to-json", f.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let m = &v[0];
    assert_eq!(m["control_id"], "MSG7");
    assert_eq!(m["segments"][0]["id"], "MSH");
    assert_eq!(m["segments"][0]["fields"][0][0][0][0], "|");
    // PID-3 repetition 2, component 4.
    assert_eq!(m["segments"][1]["fields"][2][1][3][0], "OTHER");
    // PID-5.1 decoded.
    assert_eq!(m["segments"][1]["fields"][4][0][0][0], "O^BRIEN");
    assert_eq!(m["segments"].as_array().unwrap().len(), 7);
}

#[test]
fn ack_answers_msh10() {
    let f = temp("orm4.hl7", ORM.as_bytes());
    let out = imaging(&["hl7", "ack", f.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\rMSA|AA|MSG7\r"), "{text:?}");
    assert!(text.starts_with("MSH|^~\\&|PACS|HOSP|RIS|HOSP|"));
    assert!(!text.contains('\n'));
    let out = imaging(&[
        "hl7",
        "ack",
        f.to_str().unwrap(),
        "--code",
        "AR",
        "--text",
        "no room",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\rMSA|AR|MSG7|no room\r"), "{text:?}");
}

#[test]
fn ack_of_a_grammar_violation_is_ae_with_err() {
    let bad = ORM.replace("ORC|NW|A100|||SC\r", "");
    let f = temp("orm5.hl7", bad.as_bytes());
    let out = imaging(&["hl7", "ack", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\rMSA|AE|MSG7\r"), "{text:?}");
    assert!(text.contains("\rERR|"), "{text:?}");
}

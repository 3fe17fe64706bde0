//! ACK/NAK (HL7 v2.5.1 Ch. 2 §2.9, §2.14.1): MSA-2 is the original MSH-10, ERR from our
//! errors, enhanced mode, and hl7apy strict v2.5.1 structure validation of what we generate.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hl7v2_imaging::ack::{Ack, AckCode, AckError, ErrorCode};
use hl7v2_imaging::typed::{AckMessage, OrderMessage, Structure};
use hl7v2_imaging::{Message, MessageBuf};
use std::io::Write;
use std::process::{Command, Stdio};

const ORDER: &[u8] = b"MSH|^~\\&|RIS|HOSP|PACS|HOSP|20240101120000||OMI^O23^OMI_O23|CTRL42|P|2.5.1\rPID|||1^^^H||DOE^J\rORC|NW|A1\rOBR|1|A1||CT1^CT HEAD\r";

#[test]
fn original_mode_ack_with_err() {
    let m = Message::parse(ORDER).unwrap();
    let problem = Structure::OmiO23.check(&m).unwrap_err();
    let ack = Ack::new(&m, AckCode::AE)
        .errors_from([&problem])
        .control_id("ACK1")
        .timestamp("20240101120001")
        .text("missing IPC")
        .build();
    let bytes = ack.to_bytes();
    let a = Message::parse(&bytes).unwrap();
    assert_eq!(a.get("MSH-3").unwrap().as_deref(), Some("PACS"));
    assert_eq!(a.get("MSH-5").unwrap().as_deref(), Some("RIS"));
    assert_eq!(a.get("MSH-9").unwrap().as_deref(), Some("ACK^O23^ACK"));
    assert_eq!(a.get("MSA-1").unwrap().as_deref(), Some("AE"));
    assert_eq!(a.get("MSA-2").unwrap().as_deref(), Some("CTRL42"));
    assert_eq!(a.get("MSA-3").unwrap().as_deref(), Some("missing IPC"));
    assert_eq!(a.get("ERR-2.1").unwrap().as_deref(), Some("IPC"));
    assert_eq!(a.get("ERR-3.1").unwrap().as_deref(), Some("100"));
    assert_eq!(a.get("ERR-3.3").unwrap().as_deref(), Some("HL70357"));
    assert_eq!(a.get("ERR-4").unwrap().as_deref(), Some("E"));
    let typed = AckMessage::from_message(&a).unwrap();
    assert_eq!(typed.code(), "AE");
    assert_eq!(typed.acknowledged_control_id(), "CTRL42");
}

#[test]
fn enhanced_mode_uses_commit_codes() {
    let er7 = b"MSH|^~\\&|RIS|HOSP|PACS|HOSP|20240101||ORM^O01|C9|P|2.5.1|||AL|NE\r";
    let m = Message::parse(er7).unwrap();
    assert!(Ack::is_enhanced(&m));
    let a = Ack::new(&m, AckCode::AR)
        .timestamp("20240101")
        .build()
        .to_bytes();
    let a = Message::parse(&a).unwrap();
    assert_eq!(a.get("MSA-1").unwrap().as_deref(), Some("CR"));
}

#[test]
fn error_mapping_is_in_one_place() {
    let m = Message::parse(b"MSH|^~\\&|A|B|C|D|1||ORM^O01|1|P|2.3.1\rORC|NW\rPID|1\r").unwrap();
    let e = Structure::OrmO01.check(&m).unwrap_err();
    let ae = AckError::from_error(&e, Some(&m));
    assert_eq!(ae.code, ErrorCode::SEGMENT_SEQUENCE);
    assert_eq!(ae.segment_id.as_deref(), Some("PID"));
    assert_eq!(ae.segment_sequence, Some(1));
    // v2.3.1: ERR-1 (ELD) form.
    let a = Ack::new(&m, AckCode::AE)
        .errors_from([&e])
        .timestamp("1")
        .build()
        .to_bytes();
    let a = Message::parse(&a).unwrap();
    assert_eq!(a.get("ERR-1.1").unwrap().as_deref(), Some("PID"));
    assert_eq!(a.get("ERR-1.4.1").unwrap().as_deref(), Some("100"));
}

fn peers_required() -> bool {
    std::env::var("IMAGING_REQUIRE_PEERS").is_ok_and(|v| v == "1")
}

/// Run tests/peers/hl7apy_validate.py on messages; `None` when the peer is missing.
fn hl7apy_validate(messages: &[Vec<u8>]) -> Option<Vec<String>> {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/peers/hl7apy_validate.py"
    );
    let mut input = Vec::new();
    for m in messages {
        input.extend_from_slice(m);
        input.push(0);
    }
    let child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        assert!(!peers_required(), "python3 is missing");
        println!("skipped: python3 is missing");
        return None;
    };
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    if out.status.code() == Some(3) {
        assert!(
            !peers_required(),
            "hl7apy is missing: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        println!("skipped: hl7apy is not installed");
        return None;
    }
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect(),
    )
}

/// Our ACKs and generated messages pass hl7apy's strict v2.5.1 structure validation.
#[test]
fn hl7apy_strict_validation() {
    let m = Message::parse(ORDER).unwrap();
    let problem = Structure::OmiO23.check(&m).unwrap_err();
    let acks = vec![
        Ack::new(&m, AckCode::AA)
            .timestamp("20240101120001")
            .build()
            .to_bytes(),
        Ack::new(&m, AckCode::AE)
            .errors_from([&problem])
            .timestamp("20240101120001")
            .text("missing IPC")
            .build()
            .to_bytes(),
        Ack::new(&m, AckCode::AR)
            .timestamp("20240101120001")
            .build()
            .to_bytes(),
    ];
    // A generated OMI^O23 (v2.5.1), built with MessageBuf.
    let mut omi = MessageBuf::new();
    for (p, v) in [
        ("MSH-3", "RIS"),
        ("MSH-4", "HOSP"),
        ("MSH-5", "PACS"),
        ("MSH-6", "HOSP"),
        ("MSH-7", "20240101120000"),
        ("MSH-9.1", "OMI"),
        ("MSH-9.2", "O23"),
        ("MSH-9.3", "OMI_O23"),
        ("MSH-10", "GEN1"),
        ("MSH-11", "P"),
        ("MSH-12", "2.5.1"),
        ("PID-3.1", "P1"),
        ("PID-5.1", "DOE"),
        ("PID-5.2", "JANE"),
        ("ORC-1", "NW"),
        ("ORC-2", "A1"),
        ("ORC-5", "SC"),
        ("TQ1-7", "20240102080000"),
        ("OBR-2", "A1"),
        ("OBR-4.1", "CT1"),
        ("OBR-4.2", "CT HEAD"),
        ("IPC-1", "ACC1"),
        ("IPC-2", "RP1"),
        ("IPC-3", "1.2.3.4"),
        ("IPC-4", "SPS1"),
        ("IPC-5", "CT"),
    ] {
        omi.set(p, v).unwrap();
    }
    let omi = omi.to_bytes();
    let gm = Message::parse(&omi).unwrap();
    OrderMessage::from_message(&gm).unwrap();
    let mut all = acks;
    all.push(omi);
    let Some(lines) = hl7apy_validate(&all) else {
        return;
    };
    assert_eq!(lines.len(), all.len(), "{lines:?}");
    for (l, m) in lines.iter().zip(&all) {
        assert_eq!(
            l,
            "ok",
            "{}",
            String::from_utf8_lossy(m).replace('\r', "\n")
        );
    }
}

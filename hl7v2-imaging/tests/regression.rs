//! Fuzz crashes turned into regression tests (inputs in tests/data/regression/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hl7v2_imaging::ack::{Ack, AckCode};

/// hl7v2_parse fuzz crash: the default ACK control id was cut at byte 20 inside a multi-byte
/// character (String::truncate panicked). Now cut on characters.
#[test]
fn ack_control_id_cut_on_char_boundary() {
    let input = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/regression/fuzz-ack-control-id-char-boundary.hl7"
    ))
    .unwrap();
    let file = hl7v2_imaging::parse_file(&input).unwrap();
    for m in file.ok_messages() {
        let ack = Ack::new(m, AckCode::AA).timestamp("20240101").build();
        let _ = ack.to_bytes();
    }
    let m = hl7v2_imaging::Message::parse("MSH|^~\\&|||||||ACK|ééééééééééééééééééé\r".as_bytes())
        .unwrap();
    let ack = Ack::new(&m, AckCode::AA).timestamp("1").build().to_bytes();
    let a = hl7v2_imaging::Message::parse(&ack).unwrap();
    assert_eq!(a.get("MSH-10").unwrap().unwrap().chars().count(), 20);
}

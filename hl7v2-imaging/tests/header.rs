//! Header quirks (HL7 v2.5.1 Ch. 2 §2.5.4, §2.15.9; v2.7 §2.5.5.2): MSH-1 is the field
//! separator, MSH-2 the encoding characters (3, 4 or 5 of them), for MSH, FHS and BHS alike.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hl7v2_imaging::{ErrorKind, Message, parse_file};

#[test]
fn five_character_msh2_does_not_shift_fields() {
    let m = Message::parse(
        b"MSH|^~\\&#|SEND|FAC|RECV|FAC|20240101||ORM^O01|C1|P|2.7\rNTE|1||cut\\P\\here\r",
    )
    .unwrap();
    assert_eq!(m.delimiters().truncation, Some(b'#'));
    assert_eq!(m.get("MSH-2").unwrap().as_deref(), Some("^~\\&#"));
    assert_eq!(m.get("MSH-3").unwrap().as_deref(), Some("SEND"));
    assert_eq!(m.get("MSH-9.2").unwrap().as_deref(), Some("O01"));
    assert_eq!(m.get("MSH-12").unwrap().as_deref(), Some("2.7"));
    assert_eq!(m.get("NTE-3").unwrap().as_deref(), Some("cut#here"));
}

#[test]
fn three_character_msh2_has_no_subcomponents() {
    let m = Message::parse(b"MSH|^~\\|A\rPID|||1&2^X\r").unwrap();
    assert_eq!(m.delimiters().subcomponent, None);
    assert_eq!(m.get("PID-3.1").unwrap().as_deref(), Some("1&2"));
    assert_eq!(m.get("PID-3.1.1").unwrap().as_deref(), Some("1&2"));
}

#[test]
fn bad_headers_are_located_errors() {
    for (input, want) in [
        (&b"PID|1\r"[..], "first segment"),
        (b"MSH|^~|A\r", "fewer than 3"),
        (b"MSH|^~\\&$%|A\r", "more than 5"),
        (b"MSH|^^\\&|A\r", "not distinct"),
        (b"MSH", "no field separator"),
    ] {
        let e = Message::parse(input).unwrap_err();
        assert!(e.to_string().contains(want), "{e}");
        assert_eq!(e.location().offset, 0);
        if !matches!(e.kind(), ErrorKind::MissingHeader) {
            assert_eq!(e.location().segment, Some(1));
        }
    }
}

#[test]
fn fhs_and_bhs_use_the_same_numbering() {
    let f = parse_file(b"FHS|^~\\&|APP|FAC\rBHS|^~\\&|APP2\rMSH|^~\\&|X\rPID|1\rBTS|1\rFTS|1\r")
        .unwrap();
    let fhs = f.batch_segment("FHS").unwrap();
    assert_eq!(fhs.field(1).unwrap().value(), "|");
    assert_eq!(fhs.field(2).unwrap().value(), "^~\\&");
    assert_eq!(fhs.value(3), "APP");
    assert_eq!(f.batch_segment("BHS").unwrap().value(3), "APP2");
    assert_eq!(f.batch_segment("BTS").unwrap().value(1), "1");
    assert_eq!(f.messages.len(), 1);
}

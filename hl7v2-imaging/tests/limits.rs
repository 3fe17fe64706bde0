//! Limits against hostile input: each limit at its value passes, one over fails, located.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hl7v2_imaging::{ErrorKind, Limit, Limits, Message, parse_file_with};

fn limit_of(r: Result<Message<'_>, hl7v2_imaging::Error>) -> Option<Limit> {
    match r {
        Err(e) => match e.kind() {
            ErrorKind::LimitExceeded { limit, .. } => Some(*limit),
            other => panic!("{other:?}"),
        },
        Ok(_) => None,
    }
}

#[test]
fn message_bytes() {
    let m = b"MSH|^~\\&|A\r";
    let mut l = Limits::default();
    l.max_message_bytes(m.len());
    assert_eq!(limit_of(Message::parse_with(m, &l)), None);
    l.max_message_bytes(m.len() - 1);
    assert_eq!(
        limit_of(Message::parse_with(m, &l)),
        Some(Limit::MessageBytes)
    );
}

#[test]
fn segments() {
    let m = b"MSH|^~\\&\rPID|1\rPV1|1\r";
    let mut l = Limits::default();
    l.max_segments(3);
    assert_eq!(limit_of(Message::parse_with(m, &l)), None);
    l.max_segments(2);
    let e = Message::parse_with(m, &l).unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::LimitExceeded {
            limit: Limit::Segments,
            max: 2
        }
    );
    assert_eq!(e.location().segment, Some(3));
    assert_eq!(e.location().offset, 15);
}

#[test]
fn fields_per_segment() {
    let seg = format!("PID{}", "|x".repeat(20));
    let m = format!("MSH|^~\\&\r{seg}\r");
    let mut l = Limits::default();
    l.max_fields_per_segment(20);
    assert_eq!(limit_of(Message::parse_with(m.as_bytes(), &l)), None);
    l.max_fields_per_segment(19);
    assert_eq!(
        limit_of(Message::parse_with(m.as_bytes(), &l)),
        Some(Limit::FieldsPerSegment)
    );
}

#[test]
fn field_bytes_and_repetitions() {
    let m = format!(
        "MSH|^~\\&\rOBX|1|ED|||{}\rPID|||{}\r",
        "A".repeat(100),
        "1~".repeat(30)
    );
    let mut l = Limits::default();
    l.max_field_bytes(100).max_repetitions(31);
    assert_eq!(limit_of(Message::parse_with(m.as_bytes(), &l)), None);
    l.max_field_bytes(99);
    let e = Message::parse_with(m.as_bytes(), &l).unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::LimitExceeded {
            limit: Limit::FieldBytes,
            max: 99
        }
    );
    assert_eq!(
        (e.location().segment, e.location().field),
        (Some(2), Some(5))
    );
    l.max_field_bytes(100).max_repetitions(30);
    assert_eq!(
        limit_of(Message::parse_with(m.as_bytes(), &l)),
        Some(Limit::Repetitions)
    );
}

#[test]
fn messages_per_file() {
    let f = "MSH|^~\\&|A\r".repeat(5);
    let mut l = Limits::default();
    l.max_messages(5);
    assert_eq!(parse_file_with(f.as_bytes(), &l).unwrap().messages.len(), 5);
    l.max_messages(4);
    let e = parse_file_with(f.as_bytes(), &l).unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::LimitExceeded {
            limit: Limit::Messages,
            max: 4
        }
    );
}

#[test]
fn lf_terminators_are_reported_once_and_not_merged() {
    let m = Message::parse(b"MSH|^~\\&\nPID|1\nPV1|1\n").unwrap();
    assert_eq!(m.segment_count(), 3);
    let n = m
        .warnings()
        .iter()
        .filter(|w| matches!(w, hl7v2_imaging::Warning::Terminator { .. }))
        .count();
    assert_eq!(n, 1);
    assert_eq!(m.to_canonical(), b"MSH|^~\\&\rPID|1\rPV1|1\r");
}

#[test]
fn canonical_trims_trailing_delimiters() {
    let m = Message::parse(b"MSH|^~\\&|A||\rPID|1|a^^~^|b&&^||\r").unwrap();
    assert_eq!(m.to_canonical(), b"MSH|^~\\&|A\rPID|1|a|b\r");
}

//! The `serde` feature: vocabulary types as HL7 writes them (HL7 v2.5.1 Ch. 2: MSH-18 table
//! 0211, MSA-1 table 0008, ERR-3 table 0357, ERR-4 table 0516, ORC-1 table 0119), through JSON.
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hl7v2_imaging::ack::{AckCode, ErrorCode, Severity};
use hl7v2_imaging::typed::OrderControl;
use hl7v2_imaging::{Charset, Limit, Limits, SegmentId, TersePath};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::borrow::Cow;
use std::fmt::Debug;

/// `value` serializes to `json`, and `json` reads back to `value`.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: T, json: &str) {
    assert_eq!(serde_json::to_string(&value).unwrap(), json);
    assert_eq!(serde_json::from_str::<T>(json).unwrap(), value);
}

fn refused<T: DeserializeOwned + Debug>(json: &str, expect: &str) {
    let e = serde_json::from_str::<T>(json).unwrap_err().to_string();
    assert!(e.contains(expect), "{json}: {e}");
}

#[test]
fn terse_paths_are_their_string() {
    for p in ["PID-3[2].1.2", "OBX[2]-5", "MSH-9.1", "ZDS-1"] {
        round_trip(p.parse::<TersePath>().unwrap(), &format!("\"{p}\""));
    }
    // `.` is accepted for `-` on input; output is canonical.
    let p: TersePath = serde_json::from_str("\"PID.5.1\"").unwrap();
    assert_eq!(serde_json::to_string(&p).unwrap(), "\"PID-5.1\"");
    refused::<TersePath>("\"PID-0\"", "terse path");
    refused::<TersePath>("12", "terse path");
}

#[test]
fn charsets_are_their_table_0211_spelling() {
    for (cs, s) in [
        (Charset::Ascii, "ASCII"),
        (Charset::Iso8859_1, "8859/1"),
        (Charset::Iso8859_2, "8859/2"),
        (Charset::Iso8859_3, "8859/3"),
        (Charset::Iso8859_4, "8859/4"),
        (Charset::Iso8859_5, "8859/5"),
        (Charset::Iso8859_6, "8859/6"),
        (Charset::Iso8859_7, "8859/7"),
        (Charset::Iso8859_8, "8859/8"),
        (Charset::Iso8859_9, "8859/9"),
        (Charset::Iso8859_15, "8859/15"),
        (Charset::Windows1250, "CP1250"),
        (Charset::Utf8, "UNICODE UTF-8"),
    ] {
        round_trip(cs, &format!("\"{s}\""));
    }
    // Field spellings are read, the table spelling is written.
    for (json, cs) in [
        ("\"ISO8859_1\"", Charset::Iso8859_1),
        ("\"ISO IR192\"", Charset::Utf8),
    ] {
        assert_eq!(serde_json::from_str::<Charset>(json).unwrap(), cs);
    }
    refused::<Charset>("\"UNICODE UTF-16\"", "table 0211");
    refused::<Charset>("\"\"", "table 0211");
}

#[test]
fn ack_codes_severities_and_error_codes() {
    for (c, s) in [
        (AckCode::AA, "AA"),
        (AckCode::AE, "AE"),
        (AckCode::AR, "AR"),
        (AckCode::CA, "CA"),
        (AckCode::CE, "CE"),
        (AckCode::CR, "CR"),
    ] {
        round_trip(c, &format!("\"{s}\""));
    }
    refused::<AckCode>("\"aa\"", "table 0008");
    for (sv, s) in [
        (Severity::Error, "E"),
        (Severity::Warning, "W"),
        (Severity::Information, "I"),
    ] {
        round_trip(sv, &format!("\"{s}\""));
    }
    refused::<Severity>("\"X\"", "table 0516");
    round_trip(ErrorCode::APPLICATION_INTERNAL, "207");
    round_trip(ErrorCode(0), "0");
    assert_eq!(
        serde_json::from_str::<ErrorCode>("\"101\"").unwrap(),
        ErrorCode::REQUIRED_FIELD_MISSING
    );
    refused::<ErrorCode>("70000", "table 0357");
    refused::<ErrorCode>("-1", "table 0357");
    refused::<ErrorCode>("\"+1\"", "table 0357");
}

#[test]
fn segment_ids_and_limit_names() {
    round_trip(SegmentId(*b"ZDS"), "\"ZDS\"");
    refused::<SegmentId>("\"PIDX\"", "three-character");
    for (l, s) in [
        (Limit::MessageBytes, "max_message_bytes"),
        (Limit::Segments, "max_segments"),
        (Limit::FieldsPerSegment, "max_fields_per_segment"),
        (Limit::Repetitions, "max_repetitions"),
        (Limit::FieldBytes, "max_field_bytes"),
        (Limit::Messages, "max_messages"),
        (Limit::FrameBytes, "max_frame_bytes"),
    ] {
        round_trip(l, &format!("\"{s}\""));
    }
    refused::<Limit>("\"max_depth\"", "Limits");
}

#[test]
fn limits_are_a_map_with_defaults() {
    let mut l = Limits::default();
    l.max_segments(500).max_frame_bytes(4096);
    round_trip(
        l.clone(),
        "{\"max_message_bytes\":67108864,\"max_segments\":500,\"max_fields_per_segment\":1000,\
         \"max_repetitions\":10000,\"max_field_bytes\":16777216,\"max_messages\":1000000,\
         \"max_frame_bytes\":4096}",
    );
    let partial: Limits =
        serde_json::from_str("{\"max_segments\":500,\"max_frame_bytes\":4096}").unwrap();
    assert_eq!(partial, l);
    assert_eq!(
        serde_json::from_str::<Limits>("{}").unwrap(),
        Limits::default()
    );
    refused::<Limits>("{\"max_segmnts\":1}", "unknown field");
}

#[test]
fn order_control_borrows_when_it_can() {
    let json = String::from("[\"NW\",\"X\\u004F\"]");
    let codes: Vec<OrderControl<'_>> = serde_json::from_str(&json).unwrap();
    assert!(matches!(codes[0].0, Cow::Borrowed("NW")));
    // An escaped JSON string must be copied.
    assert!(matches!(&codes[1].0, Cow::Owned(s) if s == OrderControl::CHANGE));
    assert_eq!(serde_json::to_string(&codes).unwrap(), "[\"NW\",\"XO\"]");
}

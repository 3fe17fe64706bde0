//! Bad input, one class per row: each asserts the error kind, its byte offset (and so line and
//! column) and the tag path (PS3.18 Annex F; RFC 8259 for the JSON layer).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dicom_json_codec::{Category, DecodeOptions, ErrorKind, Limit, Limits};

/// Where the error must be: the first occurrence of a marker, or the end of the input.
enum At {
    Marker(&'static str),
    End,
}

struct Case {
    name: &'static str,
    input: &'static str,
    kind: fn(&ErrorKind) -> bool,
    at: At,
    path: &'static str,
}

macro_rules! case {
    ($name:literal, $input:expr, $kind:pat, $at:expr, $path:literal) => {
        Case {
            name: $name,
            input: $input,
            kind: |k| matches!(k, $kind),
            at: $at,
            path: $path,
        }
    };
}

use At::{End, Marker};

fn cases() -> Vec<Case> {
    vec![
        case!("empty input", "", ErrorKind::UnexpectedEof, End, ""),
        case!("truncated object", "{", ErrorKind::UnexpectedEof, End, ""),
        case!(
            "truncated string value",
            r#"{"00100020":{"vr":"LO","Value":["ab"#,
            ErrorKind::UnexpectedEof,
            End,
            "(0010,0020)"
        ),
        case!(
            "top-level number",
            "5",
            ErrorKind::NotAnObject,
            Marker("5"),
            ""
        ),
        case!(
            "trailing characters",
            "{} x",
            ErrorKind::TrailingCharacters,
            Marker("x"),
            ""
        ),
        case!(
            "tag key too short",
            r#"{"0010001":{"vr":"LO"}}"#,
            ErrorKind::InvalidTag(_),
            Marker("\"0010001\""),
            ""
        ),
        case!(
            "tag key not hex",
            r#"{"0010001G":{"vr":"LO"}}"#,
            ErrorKind::InvalidTag(_),
            Marker("\"0010001G\""),
            ""
        ),
        case!(
            "lowercase tag key (strict)",
            r#"{"0020000d":{"vr":"UI"}}"#,
            ErrorKind::InvalidTag(_),
            Marker("\"0020000d\""),
            ""
        ),
        case!(
            "item tag as key",
            r#"{"FFFEE000":{"vr":"UN"}}"#,
            ErrorKind::InvalidTag(_),
            Marker("\"FFFE"),
            ""
        ),
        case!(
            "missing vr",
            r#"{"00100020":{}}"#,
            ErrorKind::MissingVr,
            Marker("{}"),
            "(0010,0020)"
        ),
        case!(
            "missing vr with Value",
            r#"{"00100020":{"Value":["x"]}}"#,
            ErrorKind::MissingVr,
            Marker("{\"Value"),
            "(0010,0020)"
        ),
        case!(
            "unknown VR",
            r#"{"00100020":{"vr":"XX"}}"#,
            ErrorKind::InvalidVr(_),
            Marker("\"XX\""),
            "(0010,0020)"
        ),
        case!(
            "lowercase VR (strict)",
            r#"{"00100020":{"vr":"lo"}}"#,
            ErrorKind::InvalidVr(_),
            Marker("\"lo\""),
            "(0010,0020)"
        ),
        case!(
            "vr not a string",
            r#"{"00100020":{"vr":5}}"#,
            ErrorKind::InvalidType(_),
            Marker("5"),
            "(0010,0020)"
        ),
        case!(
            "VR contradicts the dictionary",
            r#"{"00100010":{"vr":"LO"}}"#,
            ErrorKind::VrMismatch { .. },
            Marker("\"LO\""),
            "(0010,0010)"
        ),
        case!(
            "unknown member (strict)",
            r#"{"00100020":{"vr":"LO","Foo":1}}"#,
            ErrorKind::UnknownMember(_),
            Marker("\"Foo\""),
            "(0010,0020)"
        ),
        case!(
            "Value and InlineBinary",
            r#"{"00091010":{"vr":"OB","InlineBinary":"AA==","Value":[1]}}"#,
            ErrorKind::ConflictingValues,
            Marker("\"Value\""),
            "(0009,1010)"
        ),
        case!(
            "InlineBinary and BulkDataURI",
            r#"{"00091010":{"vr":"OB","InlineBinary":"AA==","BulkDataURI":"x"}}"#,
            ErrorKind::ConflictingValues,
            Marker("\"BulkDataURI\""),
            "(0009,1010)"
        ),
        case!(
            "invalid base64",
            r#"{"00091010":{"vr":"OB","InlineBinary":"A*=="}}"#,
            ErrorKind::InvalidBase64,
            Marker("\"A*"),
            "(0009,1010)"
        ),
        case!(
            "OW of odd length",
            r#"{"00091010":{"vr":"OW","InlineBinary":"AAAA"}}"#,
            ErrorKind::BinaryLength { .. },
            Marker("\"AAAA"),
            "(0009,1010)"
        ),
        case!(
            "InlineBinary on LO (strict)",
            r#"{"00100020":{"vr":"LO","InlineBinary":"AA=="}}"#,
            ErrorKind::MemberNotAllowed {
                member: "InlineBinary",
                ..
            },
            Marker("\"AA=="),
            "(0010,0020)"
        ),
        case!(
            "Value on OB",
            r#"{"00091010":{"vr":"OB","Value":[1]}}"#,
            ErrorKind::MemberNotAllowed {
                member: "Value",
                ..
            },
            Marker("[1]"),
            "(0009,1010)"
        ),
        case!(
            "BulkDataURI on PN",
            r#"{"00100010":{"vr":"PN","BulkDataURI":"x"}}"#,
            ErrorKind::MemberNotAllowed {
                member: "BulkDataURI",
                ..
            },
            Marker("\"x\""),
            "(0010,0010)"
        ),
        case!(
            "PN as a string (strict)",
            r#"{"00100010":{"vr":"PN","Value":["Doe^Jane"]}}"#,
            ErrorKind::InvalidType(_),
            Marker("\"Doe"),
            "(0010,0010)"
        ),
        case!(
            "'=' inside a PN group",
            r#"{"00100010":{"vr":"PN","Value":[{"Alphabetic":"A=B"}]}}"#,
            ErrorKind::InvalidValue { .. },
            Marker("\"A=B"),
            "(0010,0010)"
        ),
        case!(
            "unknown PN group (strict)",
            r#"{"00100010":{"vr":"PN","Value":[{"Kanji":"x"}]}}"#,
            ErrorKind::UnknownMember(_),
            Marker("\"Kanji"),
            "(0010,0010)"
        ),
        case!(
            "Value not an array (strict)",
            r#"{"00100020":{"vr":"LO","Value":"x"}}"#,
            ErrorKind::InvalidType(_),
            Marker("\"x\""),
            "(0010,0020)"
        ),
        case!(
            "number for a string VR",
            r#"{"00100020":{"vr":"LO","Value":[5]}}"#,
            ErrorKind::InvalidType(_),
            Marker("5"),
            "(0010,0020)"
        ),
        case!(
            "US out of range",
            r#"{"00280010":{"vr":"US","Value":[70000]}}"#,
            ErrorKind::NumberOutOfRange(_),
            Marker("70000"),
            "(0028,0010)"
        ),
        case!(
            "US fraction",
            r#"{"00280010":{"vr":"US","Value":[1.5]}}"#,
            ErrorKind::NumberOutOfRange(_),
            Marker("1.5"),
            "(0028,0010)"
        ),
        case!(
            "US as a string (strict)",
            r#"{"00280010":{"vr":"US","Value":["5"]}}"#,
            ErrorKind::InvalidType(_),
            Marker("\"5\""),
            "(0028,0010)"
        ),
        case!(
            "UV beyond 2^64",
            r#"{"00091010":{"vr":"UV","Value":["18446744073709551616"]}}"#,
            ErrorKind::NumberOutOfRange(_),
            Marker("\"1844"),
            "(0009,1010)"
        ),
        case!(
            "FD null entry",
            r#"{"00189305":{"vr":"FD","Value":[1.0,null]}}"#,
            ErrorKind::InvalidType(_),
            Marker("null"),
            "(0018,9305)"
        ),
        case!(
            "FD overflow to infinity",
            r#"{"00189305":{"vr":"FD","Value":[1e999]}}"#,
            ErrorKind::NumberOutOfRange(_),
            Marker("1e999"),
            "(0018,9305)"
        ),
        case!(
            "IS with a fraction",
            r#"{"00201208":{"vr":"IS","Value":[1.5]}}"#,
            ErrorKind::InvalidValue { .. },
            Marker("1.5"),
            "(0020,1208)"
        ),
        case!(
            "DS not a decimal string",
            r#"{"00281050":{"vr":"DS","Value":["abc"]}}"#,
            ErrorKind::InvalidValue { .. },
            Marker("\"abc"),
            "(0028,1050)"
        ),
        case!(
            "AT not 8 hex digits",
            r#"{"00209165":{"vr":"AT","Value":["0010001"]}}"#,
            ErrorKind::InvalidValue { .. },
            Marker("\"0010001\""),
            "(0020,9165)"
        ),
        case!(
            "leading zero number",
            r#"{"00201208":{"vr":"IS","Value":[012]}}"#,
            ErrorKind::Syntax(_),
            Marker("12]"),
            "(0020,1208)"
        ),
        case!(
            "SQ item not an object",
            r#"{"00400275":{"vr":"SQ","Value":[1]}}"#,
            ErrorKind::InvalidType(_),
            Marker("1]"),
            "(0040,0275)[0]"
        ),
        case!(
            "error deep in a sequence",
            r#"{"00400275":{"vr":"SQ","Value":[{"00081150":{"vr":"UI","Value":[5]}}]}}"#,
            ErrorKind::InvalidType(_),
            Marker("5]"),
            "(0040,0275)[0].(0008,1150)"
        ),
        case!(
            "duplicate attribute (strict)",
            r#"{"00100020":{"vr":"LO"},"00100020":{"vr":"LO"}}"#,
            ErrorKind::DuplicateTag,
            Marker("\"00100020\":{\"vr\":\"LO\"}}"),
            "(0010,0020)"
        ),
        case!(
            "invalid escape",
            r#"{"00100020":{"vr":"LO","Value":["a\qb"]}}"#,
            ErrorKind::Syntax(_),
            Marker("\\q"),
            "(0010,0020)"
        ),
        case!(
            "control character in a string",
            "{\"00100020\":{\"vr\":\"LO\",\"Value\":[\"a\u{1}b\"]}}",
            ErrorKind::Syntax(_),
            Marker("\u{1}"),
            "(0010,0020)"
        ),
        case!(
            "lone surrogate",
            r#"{"00100020":{"vr":"LO","Value":["\ud800x"]}}"#,
            ErrorKind::Syntax(_),
            Marker("x\""),
            "(0010,0020)"
        ),
        case!(
            "missing colon",
            r#"{"00100020" {"vr":"LO"}}"#,
            ErrorKind::Syntax(_),
            Marker("{\"vr\""),
            ""
        ),
        case!(
            "array element not an object",
            r#"[{}, 5]"#,
            ErrorKind::NotAnObject,
            Marker("5"),
            "[1]"
        ),
        case!(
            "comma then no key",
            r#"{"00100020":{"vr":"LO"},]"#,
            ErrorKind::InvalidType(_),
            Marker("]"),
            ""
        ),
    ]
}

fn offset(case: &Case) -> usize {
    match case.at {
        Marker(m) => case
            .input
            .find(m)
            .unwrap_or_else(|| panic!("{}: marker {m:?} not in input", case.name)),
        End => case.input.len(),
    }
}

#[test]
fn malformed_documents() {
    let cases = cases();
    assert!(cases.len() >= 30);
    for case in &cases {
        let input = if case.name == "array element not an object" {
            let e = DecodeOptions::new()
                .decode_array(case.input.as_bytes())
                .unwrap_err();
            check(case, &e);
            continue;
        } else {
            case.input.as_bytes()
        };
        let e = DecodeOptions::new().decode(input).unwrap_err();
        check(case, &e);
        // The zero-copy view runs the same parser: the same error at the same place.
        let v = DecodeOptions::new().view(input).unwrap_err();
        check(case, &v);
        assert_eq!(v, e, "{}", case.name);
    }
}

fn check(case: &Case, e: &dicom_json_codec::Error) {
    assert!((case.kind)(e.kind()), "{}: kind {:?}", case.name, e.kind());
    let pos = e.position().unwrap();
    assert_eq!(pos.offset, offset(case), "{}: offset ({e})", case.name);
    assert_eq!(pos.line, 1, "{}", case.name);
    assert_eq!(pos.column, pos.offset + 1, "{}", case.name);
    assert_eq!(e.path().to_string(), case.path, "{}: path ({e})", case.name);
    // Display says what and where.
    let text = e.to_string();
    assert!(text.contains(&format!("byte {}", pos.offset)), "{text}");
}

#[test]
fn line_and_column_count_lines() {
    let input = "{\n  \"00100020\": {\n    \"vr\": \"LO\",\n    \"Value\": [7]\n  }\n}";
    let e = dicom_json_codec::from_str(input).unwrap_err();
    let p = e.position().unwrap();
    assert_eq!((p.line, p.column), (4, 15), "{e}");
}

#[test]
fn eof_is_classified() {
    let e = dicom_json_codec::from_str(r#"{"00100020":{"vr":"LO","Value":["#).unwrap_err();
    assert!(e.is_eof());
    assert_eq!(e.category(), Category::Eof);
    let e = dicom_json_codec::from_str("{}}").unwrap_err();
    assert_eq!(e.category(), Category::Syntax);
}

#[test]
fn invalid_utf8_is_located() {
    let e = dicom_json_codec::from_slice(b"{\"00100020\":{\"vr\":\"LO\",\"Value\":[\"\xff\"]}}")
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::InvalidUtf8);
    assert_eq!(e.offset(), Some(33));
}

fn limited(f: impl FnOnce(&mut Limits)) -> DecodeOptions {
    let mut limits = Limits::default();
    f(&mut limits);
    let mut o = DecodeOptions::new();
    o.limits(limits);
    o
}

fn nested(levels: usize) -> String {
    let mut s = String::new();
    for _ in 0..levels {
        s.push_str(r#"{"0040A730":{"vr":"SQ","Value":["#);
    }
    s.push_str("{}");
    for _ in 0..levels {
        s.push_str("]}}");
    }
    s
}

fn limit_of(e: &dicom_json_codec::Error) -> Limit {
    match e.kind() {
        ErrorKind::LimitExceeded { limit, .. } => *limit,
        other => panic!("not a limit error: {other:?}"),
    }
}

/// One SQ level per depth unit; limit and limit + 1 (style: serde_json test_stack_overflow).
#[test]
fn depth_limit() {
    let o = limited(|l| {
        l.max_depth(3);
    });
    assert!(o.decode(nested(3).as_bytes()).is_ok());
    let e = o.decode(nested(4).as_bytes()).unwrap_err();
    assert_eq!(limit_of(&e), Limit::Depth);
    assert_eq!(
        e.path().to_string(),
        "(0040,A730)[0].(0040,A730)[0].(0040,A730)[0].(0040,A730)"
    );
    // The default stops a hostile document long before the stack runs out.
    let e = dicom_json_codec::from_str(&nested(100_000)).unwrap_err();
    assert_eq!(limit_of(&e), Limit::Depth);
}

#[test]
fn string_length_limit() {
    let o = limited(|l| {
        l.max_string_bytes(100);
    });
    let doc = |value: &str| format!(r#"{{"00091010":{{"vr":"LT","Value":["{value}"]}}}}"#);
    assert!(o.decode(doc(&"a".repeat(100)).as_bytes()).is_ok());
    let e = o.decode(doc(&"a".repeat(101)).as_bytes()).unwrap_err();
    assert_eq!(limit_of(&e), Limit::StringBytes);
    // Escaped strings are limited after unescaping.
    let e = o
        .decode(doc(&format!("\\n{}", "a".repeat(100))).as_bytes())
        .unwrap_err();
    assert_eq!(limit_of(&e), Limit::StringBytes);
}

#[test]
fn element_count_limit() {
    let o = limited(|l| {
        l.max_elements(2);
    });
    assert!(
        o.decode(br#"{"00100020":{"vr":"LO"},"00100030":{"vr":"DA"}}"#)
            .is_ok()
    );
    let input = r#"{"00100020":{"vr":"LO"},"00100030":{"vr":"DA"},"00100040":{"vr":"CS"}}"#;
    let e = o.decode(input.as_bytes()).unwrap_err();
    assert_eq!(limit_of(&e), Limit::Elements);
    assert_eq!(e.offset(), input.find("\"00100040"));
}

#[test]
fn binary_and_input_limits() {
    let o = limited(|l| {
        l.max_binary_bytes(3);
    });
    assert!(
        o.decode(br#"{"00091010":{"vr":"OB","InlineBinary":"AAEC"}}"#)
            .is_ok()
    );
    let e = o
        .decode(br#"{"00091010":{"vr":"OB","InlineBinary":"AAECAw=="}}"#)
        .unwrap_err();
    assert_eq!(limit_of(&e), Limit::BinaryBytes);
    let o = limited(|l| {
        l.max_input_bytes(10);
    });
    let e = o.decode(br#"{"00100020":{"vr":"LO"}}"#).unwrap_err();
    assert_eq!(limit_of(&e), Limit::InputBytes);
}

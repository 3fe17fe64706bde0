//! Escape sequences, table-driven (HL7 v2.5.1 Ch. 2 §2.7), with the default and with
//! non-default delimiters.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hl7v2_imaging::{Charset, Delimiters, Message, escape};

/// (raw with `\` as escape, decoded with delimiters `|^~\&#`). The same table is re-run with
/// delimiters `#$*!@%` by mapping each default delimiter to its counterpart.
#[rustfmt::skip]
const CASES: &[(&str, &str)] = &[
    // §2.7.1 delimiters
    (r"A\F\B", "A|B"),
    (r"A\S\B", "A^B"),
    (r"A\T\B", "A&B"),
    (r"A\R\B", "A~B"),
    (r"A\E\B", r"A\B"),
    (r"\E\R\", r"\R\"), // `\E\` is the escape character, then `R` and a lone escape character
    (r"A\P\B", "A#B"),  // v2.7 truncation character
    // §2.7.2 highlighting removed
    (r"\H\bold\N\", "bold"),
    // §2.7.4 hex
    (r"\X41\", "A"),
    (r"\X0D\", "\r"),
    (r"\X000d\", "\0\r"),
    (r"\XC3\\XA9\", "é"),
    (r"\XZZ\", r"\XZZ\"),
    (r"\X4\", r"\X4\"),
    // §2.7.6 formatting
    (r"a\.br\b", "a\nb"),
    (r"a\.sp 2\b", "a\n\nb"),
    (r"a\.sk 3\b", "a   b"),
    (r"a\.in 4\b\.ti 2\c\.fi\\.nf\\.ce\", "abc"),
    (r"a\.sp 100000\b", "(100 line breaks: the count is clamped)"),
    // §2.7.3 local, §2.7.5 charset switches
    (r"\Zabc\", r"\Zabc\"),
    (r"x\C2842\y\M2442\z", "xyz"),
    // lone and unknown
    (r"tail\", r"tail\"),
    (r"\", r"\"),
    (r"\\", r"\\"),
    (r"\Q\", r"\Q\"),
];

fn map(s: &str, from: &[u8], to: &[u8]) -> String {
    s.chars()
        .map(|c| match from.iter().position(|&b| char::from(b) == c) {
            Some(i) => char::from(to[i]),
            None => c,
        })
        .collect()
}

#[test]
fn table_default_and_non_default_delimiters() {
    let default = Delimiters::from_header(b'|', b"^~\\&#").unwrap();
    let other = Delimiters::from_header(b'#', b"$*!@%").unwrap();
    let from = default.all();
    let to = other.all();
    for (raw, want) in CASES {
        if raw.contains(".sp 100000") {
            let got = escape::decode(raw.as_bytes(), &default, Charset::Ascii);
            assert_eq!(got.matches('\n').count(), 100, "{raw}");
            continue;
        }
        if *raw == r"\E\R\" {
            // `\E\` is the escape character; `R\` is text with a lone escape character.
            let got = escape::decode(raw.as_bytes(), &default, Charset::Ascii);
            assert_eq!(got, r"\R\");
            continue;
        }
        let got = escape::decode(raw.as_bytes(), &default, Charset::Utf8);
        assert_eq!(got, *want, "{raw}");
        // Same sequence with other delimiters: the escape character and the decoded
        // delimiters follow the message's own MSH-2.
        let raw2 = map(raw, &from[3..4], &to[3..4]);
        let want2 = map(want, &from, &to);
        let got2 = escape::decode(raw2.as_bytes(), &other, Charset::Utf8);
        assert_eq!(got2, want2, "{raw2} with {other}");
    }
}

#[test]
fn hex_bytes_follow_the_charset() {
    let d = Delimiters::default();
    assert_eq!(escape::decode(br"\XE9\", &d, Charset::Iso8859_1), "é");
    assert_eq!(escape::decode(br"\XE9\", &d, Charset::Iso8859_7), "ι");
    // Not UTF-8 in a UTF-8 message: read as 8859/1 (documented fallback).
    assert_eq!(escape::decode(br"\XE9\", &d, Charset::Utf8), "é");
}

#[test]
fn encode_escapes_every_delimiter() {
    let d = Delimiters::from_header(b'#', b"$*!@%").unwrap();
    let v = "a#b$c*d!e@f%g\rh\ni|^~\\&";
    let e = escape::encode(v, &d);
    assert_eq!(e, "a!F!b!S!c!R!d!E!e!T!f!P!g!X0D!h!X0A!i|^~\\&");
    assert_eq!(escape::decode(e.as_bytes(), &d, Charset::Utf8), v);
}

#[test]
fn decoding_happens_on_read_with_the_message_delimiters() {
    let m = Message::parse(b"MSH#$*!@#A#B\rPID#1##!F!X!S!Y$Z\r").unwrap();
    assert_eq!(m.get("PID-3.1").unwrap().as_deref(), Some("#X$Y"));
    assert_eq!(m.get("PID-3.2").unwrap().as_deref(), Some("Z"));
    let el = m.element(&"PID-3.1".parse().unwrap()).unwrap();
    assert_eq!(el.raw(), b"!F!X!S!Y");
    // Borrowed when there is nothing to decode.
    assert!(matches!(
        m.get("PID-3.2").unwrap().unwrap(),
        std::borrow::Cow::Borrowed(_)
    ));
}

//! Property tests: random messages survive build -> write -> parse -> read, and parse -> write
//! is byte-identical (HL7 v2.5.1 Ch. 2 §2.5-§2.7).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hl7v2_imaging::{Delimiters, Message, MessageBuf};
use proptest::prelude::*;

fn delimiters() -> impl Strategy<Value = Delimiters> {
    prop::sample::subsequence(b"|^~\\&#$*!@%".to_vec(), 6)
        .prop_shuffle()
        .prop_map(|v| Delimiters::from_header(v[0], &v[1..5]).unwrap())
}

fn value() -> impl Strategy<Value = String> {
    prop::string::string_regex("[ -~éü\u{2013}\r\n]{0,12}").unwrap()
}

proptest! {
    #[test]
    fn set_then_get(
        d in delimiters(),
        vals in prop::collection::vec((0usize..4, 1usize..8, 1usize..3, 1usize..4, value()), 1..12),
    ) {
        let ids = ["PID", "OBR", "ZDS", "OBX"];
        let mut m = MessageBuf::with_delimiters(d);
        let mut expected = std::collections::BTreeMap::new();
        for (seg, field, rep, comp, v) in &vals {
            let path = format!("{}-{field}[{rep}].{comp}", ids[*seg]);
            m.set(&path, v).unwrap();
            expected.insert(path, v.clone());
        }
        let bytes = m.to_bytes();
        let parsed = Message::parse(&bytes).unwrap();
        for (path, v) in &expected {
            prop_assert_eq!(parsed.get(path).unwrap().unwrap_or_default(), v.as_str(), "{}", path);
        }
        prop_assert_eq!(parsed.to_bytes(), bytes.clone());
        prop_assert_eq!(MessageBuf::from(&parsed), m);
    }

    /// Any bytes: parsing never panics, and whatever parses writes back losslessly.
    #[test]
    fn arbitrary_bytes(tail in prop::collection::vec(any::<u8>(), 0..300)) {
        let mut input = b"MSH|^~\\&|".to_vec();
        input.extend(tail);
        if let Ok(m) = Message::parse(&input) {
            let out = m.to_bytes();
            let again = Message::parse(&out).unwrap();
            prop_assert_eq!(again.segment_count(), m.segment_count());
            for s in m.segments() {
                for f in s.fields() {
                    let _ = f.value();
                }
            }
        }
    }
}

//! Inputs found by fuzzing (fuzz/fuzz_targets/dicom_json_*.rs), each kept as a test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dicom_json_codec::{DecodeOptions, RepairKind, same_content};

/// dicom_json_roundtrip crash-e34a2e0a: a lenient decode keeps a VR that contradicts the
/// dictionary ((0010,1000) Other Patient IDs is LO, given as PN); our output of it decodes
/// again in lenient mode (with the same repair) and to the same data set, and is refused in
/// strict mode with the path of the element.
#[test]
fn lenient_vr_mismatch_round_trips_leniently() {
    let input = r#"{"00101000":{"vr":"PN","Valuc":["Doe^Jane"]},"0020000d":{"vr":"ui","Value":"0.2"},"00091010":{"vr":"OB","InlineBinary":["AA=="]}}"#;
    let mut lenient = DecodeOptions::new();
    lenient.lenient(true);
    let first = lenient.decode_array(input.as_bytes()).unwrap();
    let json = dicom_json_codec::to_vec_array(&first.value).unwrap();
    let second = lenient.decode_array(&json).unwrap();
    assert!(same_content(&first.value[0], &second.value[0]));
    assert!(
        second
            .repairs
            .iter()
            .all(|r| matches!(r.kind, RepairKind::VrMismatch { .. }))
    );
    let e = dicom_json_codec::from_slice_array(&json).unwrap_err();
    assert_eq!(e.path().to_string(), "[0].(0010,1000)");
}

/// dicom_json_roundtrip crash (2FE1,0000): group length attributes are dropped on decode, as
/// the encoder never writes them, so decode → encode → decode is stable.
#[test]
fn group_lengths_are_dropped_on_decode() {
    let input = r#"[{"00080000":{"vr":"UL","Value":[4]},"00080060":{"vr":"CS","Value":["CT"]}}]"#;
    let ds = dicom_json_codec::from_slice_array(input.as_bytes()).unwrap();
    assert!(ds[0].get(dicom_core::Tag(0x0008, 0x0000)).is_none());
    let d = DecodeOptions::new()
        .lenient(true)
        .decode_array(input.as_bytes())
        .unwrap();
    assert_eq!(d.repairs.len(), 1);
    assert!(matches!(d.repairs[0].kind, RepairKind::GroupLength));
    let json = dicom_json_codec::to_vec_array(&ds).unwrap();
    assert_eq!(json, br#"[{"00080060":{"vr":"CS","Value":["CT"]}}]"#);
}

/// dicom_json_roundtrip crashes: lenient PN strings are cut like PN objects ("Doe^J=" reads as
/// "Doe^J"); IS/DS strings of any length are accepted like JSON numbers of any length; lenient
/// InlineBinary is only for binary numbers and AT (never text, whose padding and charset it
/// cannot carry).
#[test]
fn lenient_forms_are_stable() {
    let mut lenient = DecodeOptions::new();
    lenient.lenient(true);
    for input in [
        r#"{"00100010":{"vr":"PN","Value":["Doe^J="]}}"#,
        r#"{"00201208":{"vr":"IS","Value":["128888888888888888888888888888",-5]}}"#,
        r#"{"00281000":{"vr":"DS","Value":["0.80088888888888888888888888888880"]}}"#,
    ] {
        let first = lenient.decode(input.as_bytes()).unwrap();
        let json = dicom_json_codec::to_vec(&first.value).unwrap();
        let second = dicom_json_codec::from_slice(&json).unwrap();
        assert!(same_content(&first.value, &second), "{input}");
        for p in [
            dicom_json_codec::NumberPolicy::String,
            dicom_json_codec::NumberPolicy::Number,
        ] {
            let j = dicom_json_codec::EncodeOptions::new()
                .numbers(p)
                .to_vec(&second)
                .unwrap();
            assert!(dicom_json_codec::from_slice(&j).is_ok(), "{input}");
        }
    }
    assert!(
        lenient
            .decode(br#"{"00100400":{"vr":"PN","InlineBinary":"XHA9"}}"#)
            .is_err()
    );
    assert!(
        lenient
            .decode(br#"{"00100010":{"vr":"PN","Value":["a=b=c=d"]}}"#)
            .is_err()
    );
}

//! The zero-copy view (`dicom_json_codec::view`) and the full decoder run the same parser: on
//! every input they must agree (same Ok/Err, same error kind, position and tag path, same
//! repairs), the view's conversion must equal the full decoder's data set, and encoding from the
//! view must give the bytes of encoding that data set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dicom_core::{Tag, VR};
use dicom_json_codec::view::{self, ValueKind};
use dicom_json_codec::{DecodeOptions, EncodeOptions};
use std::path::PathBuf;

/// Structural identity (`==` on dicom-rs data sets is false for any sequence: undefined
/// lengths never compare equal).
fn dbg<T: std::fmt::Debug + ?Sized>(v: &T) -> String {
    format!("{v:?}")
}

/// Assert that the view and the full decoder agree on `input` under `opts`.
fn agree(input: &[u8], opts: &DecodeOptions) {
    let show = || String::from_utf8_lossy(input).into_owned();
    // One object.
    match (opts.decode(input), opts.view(input)) {
        (Ok(full), Ok(v)) => {
            assert_eq!(v.len(), 1, "{}", show());
            let ds = v.get(0).unwrap();
            assert_eq!(
                dbg(&ds.to_data_set().unwrap()),
                dbg(&full.value),
                "{}",
                show()
            );
            assert_eq!(v.repairs(), &full.repairs[..], "{}", show());
            let enc = EncodeOptions::new();
            match enc.to_vec(&full.value) {
                Ok(want) => {
                    let mut got = Vec::new();
                    enc.to_writer_view(&mut got, ds).unwrap();
                    assert_eq!(
                        String::from_utf8(got).unwrap(),
                        String::from_utf8(want).unwrap()
                    );
                }
                Err(e) => {
                    let got = enc.to_writer_view(&mut Vec::new(), ds).unwrap_err();
                    assert_eq!(got.kind(), e.kind());
                    assert_eq!(got.path(), e.path());
                }
            }
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.kind(), b.kind(), "{}", show());
            assert_eq!(a.position(), b.position(), "{}", show());
            assert_eq!(a.path(), b.path(), "{}", show());
        }
        (a, b) => panic!(
            "{}: full {:?} view {:?}",
            show(),
            a.map(|_| ()),
            b.map(|_| ())
        ),
    }
    // A top-level array.
    match (opts.decode_array(input), opts.view_array(input)) {
        (Ok(full), Ok(v)) => {
            assert_eq!(
                dbg(&v.to_data_sets().unwrap()),
                dbg(&full.value),
                "{}",
                show()
            );
            assert_eq!(v.repairs(), &full.repairs[..], "{}", show());
            let enc = EncodeOptions::new();
            if let Ok(want) = enc.to_vec_array(&full.value) {
                let mut got = Vec::new();
                enc.to_writer_view_array(&mut got, &v).unwrap();
                assert_eq!(got, want, "{}", show());
            }
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.kind(), b.kind(), "{}", show());
            assert_eq!(a.position(), b.position(), "{}", show());
            assert_eq!(a.path(), b.path(), "{}", show());
        }
        (a, b) => panic!(
            "{}: full {:?} view {:?}",
            show(),
            a.map(|_| ()),
            b.map(|_| ())
        ),
    }
}

fn both_modes(input: &[u8]) {
    agree(input, &DecodeOptions::new());
    agree(input, DecodeOptions::new().lenient(true));
}

/// Documents covering every VR class, escapes, PN groups, sequences, bulk data, key order,
/// duplicates, members before `vr`, and what lenient mode repairs.
const DOCS: &[&str] = &[
    r#"{}"#,
    r#"[]"#,
    r#"[{},{}]"#,
    r#"{"00080005":{"vr":"CS","Value":["ISO_IR 192"]},"00080020":{"vr":"DA","Value":["20240101"]},"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane","Ideographic":"山田^花子","Phonetic":"やまだ^はなこ"},null,{"Alphabetic":"A  "},{"Ideographic":"I"},{}]}}"#,
    r#"{"00100020":{"vr":"LO","Value":["a\"b\/d\u00e9\ud83d\ude00", null, "  pad  ", ""]},"00104000":{"vr":"LT","Value":["back\\slash\nline"]}}"#,
    r#"{"00281050":{"vr":"DS","Value":[0.8000,null,"40"," 1.5 ","+5",".5","1e3"]},"00201208":{"vr":"IS","Value":[12,"-3"," 7 "]}}"#,
    r#"{"00280010":{"vr":"US","Value":[512,0,65535]},"00191000":{"vr":"SS","Value":[-5]},"00191007":{"vr":"FD","Value":[1.5,-0.0,1e300]},"00191008":{"vr":"FD","Value":[2]},"00191001":{"vr":"FL","Value":[0.1]},"00191002":{"vr":"UL","Value":[4294967295]},"00191003":{"vr":"SL","Value":[-2147483648]},"00191004":{"vr":"UV","Value":["18446744073709551615",5]},"00191005":{"vr":"SV","Value":[-9223372036854775808,"12"]},"00191006":{"vr":"US","Value":[5.0,1.5e1]}}"#,
    r#"{"00209165":{"vr":"AT","Value":["00100010","7FE00010"]}}"#,
    r#"{"00091010":{"vr":"OB","InlineBinary":"AAECAw=="},"00091011":{"vr":"OW","InlineBinary":"AAECAw"},"00091012":{"vr":"OD","InlineBinary":""},"00091013":{"vr":"UN","InlineBinary":"q\/8="},"7FE00010":{"vr":"OW","BulkDataURI":"http:\/\/pacs\/bulk\/7FE00010"}}"#,
    r#"{"00400275":{"vr":"SQ","Value":[{"00081150":{"vr":"UI","Value":["1.2"]},"00400008":{"vr":"SQ","Value":[{},{"00080100":{"vr":"SH","Value":["X"]}}]}},{}]},"00081115":{"vr":"SQ"},"00081140":{"vr":"SQ","Value":[]}}"#,
    r#"{"00400275":{"vr":"SQ","Value":[{"00400008":{"vr":"SQ","Value":[{"00080100":{"vr":"SH","Value":["deep"]}}]},"00081150":{"vr":"UI","Value":["1.2"]}},{"00081150":{"vr":"UI","Value":["3"]}}]},"00100010":{"vr":"PN"}}"#,
    r#"{"00100020":{"vr":"LO","Value":["B"]},"00080050":{"vr":"SH","Value":["A"]},"00080020":{"vr":"DA"}}"#,
    r#"{"00100020":{"Value":["late vr"],"vr":"LO"},"00280010":{"Value":[1],"vr":"US"},"00400275":{"Value":[{"00100020":{"Value":["x"],"vr":"LO"}}],"vr":"SQ"}}"#,
    r#"{"00100020":{"vr":"LO","Value":["A"]},"00100020":{"vr":"LO","Value":["B"]}}"#,
    r#"{"00080000":{"vr":"UL","Value":[10]},"00080020":{"vr":"DA","Value":["20240101"]}}"#,
    r#"{"00100010":{"vr":"PN","Value":["Doe^Jane=山田"]},"00100020":{"vr":"lo","Value":"A"},"0010002a":{"vr":"LO"}}"#,
    r#"{"00091010":{"vr":"OB","InlineBinary":["AAEC"]},"00280010":{"vr":"US","InlineBinary":"AAE="},"00100020":{"vr":"LO","Value":null,"Extra":{"a":[1,2,{"b":null}]}}}"#,
    r#"{"00280010":{"vr":"US","Value":["5"]},"00100010":{"vr":"PN","Value":[{"Alphabetic":"A","Other":"x"}]},"00100030":{"vr":"UL","Value":[1]}}"#,
    r#"{"00100020":{"vr":"LO","Value":["a\\b"]}}"#,
    r#"{"00400275":{"vr":"SQ","Value":{"00081150":{"vr":"UI","Value":["1.2"]}}}}"#,
    r#"{"00100020":{"vr":"LO","Value":["x"],"InlineBinary":"AA=="}}"#,
    r#"{"00280010":{"vr":"US","Value":[65536]}}"#,
    r#"{"00201208":{"vr":"IS","Value":[1.5]}}"#,
    r#"{"00100010":{"vr":"PN","Value":[{"Alphabetic":"A=B"}]}}"#,
    r#"{"FFFEE000":{"vr":"SQ"}}"#,
    r#"{"00100020":{"vr":"XX"}}"#,
    r#"{"00100020":{"Value":["x"]}}"#,
    r#"{"00091010":{"vr":"OB","InlineBinary":"A*=="}}"#,
    r#"{"00091011":{"vr":"OW","InlineBinary":"AAE="}}"#,
    r#"[{"00091001":{"Value":["a"],"vr":"LO"},"00100020":{"Value":["x"],"vr":"LO"}},{"00091001":{"Value":[5],"vr":"US"},"00100020":{"Value":[5],"vr":"LO"}},{"00091001":{"Value":["b"],"vr":"SH"}},{"00091001":{"Value":["b",1],"vr":"SH"}}]"#,
];

/// Documents with `vr` after `Value` (as Orthanc writes), for `vr_last_elements_*`.
const VR_LAST: &[&str] = &[
    r#"{"00080020":{"Value":["20240101"],"vr":"DA"},"00091001":{"Value":["a","b"],"vr":"LO"},"00091002":{"Value":[1,2],"vr":"US"},"00091003":{"Value":[{"Alphabetic":"A^B","Ideographic":"I"}],"vr":"PN"},"00091004":{"Value":[1.5,"2"],"vr":"DS"},"00091005":{"Value":["00100010"],"vr":"AT"},"00400275":{"Value":[{"00081150":{"Value":["1.2"],"vr":"UI"},"00400008":{"Value":[{}],"vr":"SQ"}}],"vr":"SQ"},"7FE00010":{"BulkDataURI":"http://x/1","vr":"OW"}}"#,
];

/// The second data set of an array decodes its `vr`-last elements with the VRs the first one
/// had (strict mode); the result, or the error, must be what decoding it alone gives.
#[test]
fn vr_last_elements_decode_the_same_after_an_earlier_data_set() {
    let strict = DecodeOptions::new();
    for doc in VR_LAST {
        let bytes = doc.as_bytes();
        let alone = strict.decode(bytes).unwrap();
        let mut variants: Vec<Vec<u8>> = vec![bytes.to_vec()];
        // Byte 0 stays `{` (else the top-level structure itself changes).
        for (i, &b) in bytes.iter().enumerate().skip(1) {
            for repl in [b'"', b'}', b'x', b'0', b'[', b'{', b',', b'-', b'n'] {
                if repl != b && b.is_ascii() {
                    let mut v = bytes.to_vec();
                    v[i] = repl;
                    variants.push(v);
                }
            }
        }
        for v in variants {
            let mut pair = b"[".to_vec();
            pair.extend_from_slice(bytes);
            pair.push(b',');
            let shift = pair.len();
            pair.extend_from_slice(&v);
            pair.push(b']');
            let first = strict.decode_array(&v);
            let second = strict.decode_array(&pair);
            let show = || String::from_utf8_lossy(&v).into_owned();
            match (first, second) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(b.value.len(), a.value.len() + 1, "{}", show());
                    assert_eq!(dbg(&b.value[0]), dbg(&alone.value), "{}", show());
                    assert_eq!(dbg(&b.value[1..]), dbg(&a.value), "{}", show());
                }
                // Errors inside an element (they have a tag path; errors at the top level
                // differ between an object and an array element by nature).
                (Err(a), Err(b)) if !a.path().is_empty() => {
                    assert_eq!(a.kind(), b.kind(), "{}", show());
                    let (pa, pb) = (a.position().unwrap(), b.position().unwrap());
                    // An error at the end of input is at the pair's end (after its `]`).
                    if pa.offset < v.len() {
                        assert_eq!(pa.offset + shift, pb.offset, "{}: {a} / {b}", show());
                        assert_eq!(
                            a.path().segments().collect::<Vec<_>>(),
                            b.path().segments().collect::<Vec<_>>(),
                            "{}",
                            show()
                        );
                    }
                }
                (Err(a), _) if a.path().is_empty() => {}
                (a, b) => panic!(
                    "{}: alone {:?} after another {:?}",
                    show(),
                    a.map(|_| ()),
                    b.map(|_| ())
                ),
            }
        }
    }
}

#[test]
fn view_and_decoder_agree_on_documents_and_their_truncations() {
    for doc in DOCS {
        let bytes = doc.as_bytes();
        both_modes(bytes);
        // Every prefix (truncated input: EOF errors at every kind of position).
        for end in 0..bytes.len() {
            if doc.is_char_boundary(end) {
                both_modes(&bytes[..end]);
            }
        }
        // Some single-byte damage.
        for (i, &b) in bytes.iter().enumerate().step_by(5) {
            for repl in [b'"', b'}', b'x', b'\\', b'0'] {
                if repl != b && b.is_ascii() {
                    let mut v = bytes.to_vec();
                    v[i] = repl;
                    both_modes(&v);
                }
            }
        }
    }
    // As an array of the documents.
    let objects: Vec<&str> = DOCS
        .iter()
        .copied()
        .filter(|d| d.starts_with('{'))
        .collect();
    both_modes(format!("[{}]", objects.join(",")).as_bytes());
}

#[test]
fn view_and_decoder_agree_on_limits() {
    let doc = DOCS[9].as_bytes();
    for depth in 0..4 {
        let mut limits = dicom_json_codec::Limits::default();
        limits
            .max_depth(depth)
            .max_elements(3)
            .max_string_bytes(64)
            .max_binary_bytes(2);
        let mut opts = DecodeOptions::new();
        opts.limits(limits);
        agree(doc, &opts);
        agree(DOCS[8].as_bytes(), &opts);
        agree(DOCS[3].as_bytes(), &opts);
    }
}

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/pydicom")
        .join(name)
}

#[test]
fn view_and_decoder_agree_on_the_pydicom_files() {
    let dir = data("");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "dcm") {
            continue;
        }
        let mut enc = EncodeOptions::new();
        enc.skip_file_meta(true)
            .bulk_data_base(1024, "http://pacs.example/bulk");
        let Ok(json) = dicom_json_codec::file_to_json(&path, &enc) else {
            continue;
        };
        both_modes(&json);
        n += 1;
    }
    assert!(n >= 20, "only {n} files");
}

#[test]
fn accessors() {
    let v = view::from_slice(DOCS[3].as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let ds = v.get(0).unwrap();
    assert_eq!(ds.len(), 3);
    let tags: Vec<Tag> = ds.iter().map(|e| e.tag()).collect();
    assert_eq!(
        tags,
        [
            Tag(0x0008, 0x0005),
            Tag(0x0008, 0x0020),
            Tag(0x0010, 0x0010)
        ]
    );
    assert!(ds.get(Tag(0x0010, 0x0020)).is_none());
    let pn = ds.get(Tag(0x0010, 0x0010)).unwrap();
    assert_eq!(
        (pn.vr(), pn.kind(), pn.len()),
        (VR::PN, ValueKind::Value, 5)
    );
    let first = pn.person_name(0).unwrap();
    assert_eq!(first.alphabetic.as_deref(), Some("Doe^Jane"));
    assert_eq!(first.ideographic.as_deref(), Some("山田^花子"));
    assert_eq!(first.phonetic.as_deref(), Some("やまだ^はなこ"));
    assert!(pn.person_name(1).is_none());
    assert_eq!(pn.person_name(3).unwrap().alphabetic, None);
    assert_eq!(pn.text(3).as_deref(), Some("=I"));

    let v = view::from_slice(DOCS[4].as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let lo = v.get(0).unwrap().get(Tag(0x0010, 0x0020)).unwrap();
    let texts: Vec<Option<String>> = lo.texts().map(|t| t.map(|t| t.into_owned())).collect();
    assert_eq!(
        texts,
        [
            Some("a\"b/dé😀".to_owned()),
            None,
            Some("  pad  ".to_owned()),
            Some(String::new())
        ]
    );
    // Borrowed when there is nothing to unescape.
    assert!(matches!(lo.text(2), Some(std::borrow::Cow::Borrowed(_))));

    let v = view::from_slice(DOCS[6].as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let ds = v.get(0).unwrap();
    let uv = ds.get(Tag(0x0019, 0x1004)).unwrap();
    assert_eq!(uv.to_u64(0), Some(u64::MAX));
    assert_eq!(uv.to_i64(0), None);
    assert_eq!(
        ds.get(Tag(0x0019, 0x1005)).unwrap().to_i64(0),
        Some(i64::MIN)
    );
    let fd = ds.get(Tag(0x0019, 0x1007)).unwrap();
    assert_eq!(fd.text(2).as_deref(), Some("1e300"));
    assert_eq!(fd.to_f64(2), Some(1e300));
    let ds_v = view::from_slice(DOCS[5].as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let dsv = ds_v.get(0).unwrap().get(Tag(0x0028, 0x1050)).unwrap();
    assert_eq!(dsv.text(0).as_deref(), Some("0.8000"));
    assert_eq!(dsv.to_f64(3), Some(1.5));

    let v = view::from_slice(DOCS[7].as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let at = v.get(0).unwrap().get(Tag(0x0020, 0x9165)).unwrap();
    assert_eq!(at.to_tag(1), Some(Tag(0x7FE0, 0x0010)));

    let v = view::from_slice(DOCS[8].as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let ds = v.get(0).unwrap();
    let ob = ds.get(Tag(0x0009, 0x1010)).unwrap();
    assert_eq!(ob.kind(), ValueKind::InlineBinary);
    assert_eq!(ob.inline_binary(), Some(vec![0, 1, 2, 3]));
    assert_eq!(
        ds.get(Tag(0x0009, 0x1013)).unwrap().inline_binary(),
        Some(vec![0xAB, 0xFF])
    );
    let px = ds.get(Tag(0x7FE0, 0x0010)).unwrap();
    assert_eq!(px.kind(), ValueKind::BulkDataUri);
    assert_eq!(
        px.bulk_data_uri().as_deref(),
        Some("http://pacs/bulk/7FE00010")
    );
    assert_eq!(ob.bulk_data_uri(), None);

    let v = view::from_slice(DOCS[9].as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let ds = v.get(0).unwrap();
    let sq = ds.get(Tag(0x0040, 0x0275)).unwrap();
    assert_eq!((sq.kind(), sq.len()), (ValueKind::Items, 2));
    let inner = sq.item(0).unwrap().get(Tag(0x0040, 0x0008)).unwrap();
    assert_eq!(inner.items().len(), 2);
    assert!(inner.item(0).unwrap().is_empty());
    let code = inner.item(1).unwrap().get(Tag(0x0008, 0x0100)).unwrap();
    assert_eq!(code.text(0).as_deref(), Some("X"));
    assert!(sq.item(1).unwrap().is_empty());
    assert_eq!(
        ds.get(Tag(0x0008, 0x1115)).unwrap().kind(),
        ValueKind::Empty
    );

    // Keys out of order are sorted: `get` finds them.
    let v = view::from_slice(DOCS[11].as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let ds = v.get(0).unwrap();
    assert_eq!(
        ds.get(Tag(0x0008, 0x0050)).unwrap().text(0).as_deref(),
        Some("A")
    );
    assert_eq!(
        ds.iter().map(|e| e.tag()).collect::<Vec<_>>(),
        [
            Tag(0x0008, 0x0020),
            Tag(0x0008, 0x0050),
            Tag(0x0010, 0x0020)
        ]
    );
}

#[test]
fn a_vr_that_differs_from_the_earlier_one_is_used() {
    let doc = br#"[{"00091001":{"Value":["a"],"vr":"LO"}},{"00091001":{"Value":[5],"vr":"US"}},{"00091001":{"Value":["b"],"vr":"SH"}},{"00091001":{"Value":["c"],"vr":"SH"}}]"#;
    let ds = dicom_json_codec::from_slice_array(doc).unwrap();
    let got: Vec<String> = ds
        .iter()
        .map(|d| {
            let e = d.get(Tag(0x0009, 0x1001)).unwrap();
            format!("{} {:?}", e.vr(), e.value())
        })
        .collect();
    assert_eq!(
        got,
        [
            r#"LO Primitive(Strs(["a"]))"#,
            "US Primitive(U16([5]))",
            r#"SH Primitive(Strs(["b"]))"#,
            r#"SH Primitive(Strs(["c"]))"#
        ]
    );
}

#[test]
fn strict_duplicates_are_refused_and_lenient_keeps_the_last() {
    let doc = DOCS[13].as_bytes();
    let e = view::from_slice(doc).unwrap_err();
    assert_eq!(e.kind(), &dicom_json_codec::ErrorKind::DuplicateTag);
    let v = DecodeOptions::new().lenient(true).view(doc).unwrap();
    let lo = v.get(0).unwrap().get(Tag(0x0010, 0x0020)).unwrap();
    assert_eq!(lo.text(0).as_deref(), Some("B"));
    assert_eq!(v.repairs().len(), 1);
}

/// Nested `vr`-last sequences after a warm-up data set, with a bad value at the bottom: each
/// guess is tried once and not inside another guess, so this ends at once (nested guesses
/// would re-parse the innermost value 2^40 times).
#[test]
fn nested_guesses_do_not_multiply_the_work() {
    fn nested(depth: usize, leaf: &str) -> String {
        let mut s = format!(r#"{{"00280010":{{"Value":[{leaf}],"vr":"US"}}}}"#);
        for _ in 0..depth {
            s = format!(r#"{{"00400275":{{"Value":[{s}],"vr":"SQ"}}}}"#);
        }
        s
    }
    let input = format!("[{},{}]", nested(40, "1"), nested(40, "70000"));
    let e = dicom_json_codec::from_slice_array(input.as_bytes()).unwrap_err();
    assert!(
        matches!(e.kind(), dicom_json_codec::ErrorKind::NumberOutOfRange(_)),
        "{e}"
    );
    assert_eq!(e.path().array_index(), Some(1));
    let v = view::from_slice_array(input.as_bytes()).unwrap_err();
    assert_eq!(v, e);
}

//! One row per rule of the DICOM JSON Model (PS3.18 Annex F, F.2): the input, what the data
//! set holds, and the JSON written back. Each accepted input also round-trips:
//! decode → encode → decode gives the same data set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dicom_core::value::{PrimitiveValue, Value};
use dicom_core::{Tag, VR};
use dicom_json_codec::{
    ArrayReader, DataSet, DecodeOptions, EncodeOptions, NumberPolicy, RepairKind, Resolved,
    bulk_data_uri, bulk_data_uris, same_content,
};

struct Rule {
    section: &'static str,
    input: &'static str,
    /// The output when it differs from the input.
    output: Option<&'static str>,
    check: fn(&DataSet),
}

fn prim(ds: &DataSet, g: u16, e: u16) -> PrimitiveValue {
    match ds.get(Tag(g, e)).unwrap().value() {
        Value::Primitive(p) => p.clone(),
        _ => panic!("not primitive"),
    }
}

fn strs(ds: &DataSet, g: u16, e: u16) -> Vec<String> {
    match prim(ds, g, e) {
        PrimitiveValue::Strs(v) => v.to_vec(),
        other => panic!("not Strs: {other:?}"),
    }
}

fn rules() -> Vec<Rule> {
    vec![
        Rule {
            section: "F.2.1.1 keys are 8 uppercase hex digits in ascending order",
            input: r#"{"00100020":{"vr":"LO","Value":["B"]},"00080050":{"vr":"SH","Value":["A"]}}"#,
            output: Some(
                r#"{"00080050":{"vr":"SH","Value":["A"]},"00100020":{"vr":"LO","Value":["B"]}}"#,
            ),
            check: |ds| assert_eq!(ds.iter().count(), 2),
        },
        Rule {
            section: "F.2.2 vr is always present, also for an empty value",
            input: r#"{"00100010":{"vr":"PN"}}"#,
            output: None,
            check: |ds| assert_eq!(prim(ds, 0x0010, 0x0010), PrimitiveValue::Empty),
        },
        Rule {
            section: "F.2.3 string VRs: one JSON string per value",
            input: r#"{"00080008":{"vr":"CS","Value":["ORIGINAL","PRIMARY","AXIAL"]}}"#,
            output: None,
            check: |ds| assert_eq!(strs(ds, 0x0008, 0x0008), ["ORIGINAL", "PRIMARY", "AXIAL"]),
        },
        Rule {
            section: "F.2.3 LT/ST/UT keep a backslash as text (VM 1)",
            input: r#"{"00204000":{"vr":"LT","Value":["a\\b"]}}"#,
            output: None,
            check: |ds| assert_eq!(strs(ds, 0x0020, 0x4000), ["a\\b"]),
        },
        Rule {
            section: "F.2.3 trailing padding is not part of the value",
            input: r#"{"00100020":{"vr":"LO","Value":["ABC  "]}}"#,
            output: Some(r#"{"00100020":{"vr":"LO","Value":["ABC"]}}"#),
            check: |_| {},
        },
        Rule {
            section: "F.2.3.1 IS/DS as JSON numbers keep their exact text",
            input: r#"{"00201208":{"vr":"IS","Value":[12345678901]},"00281050":{"vr":"DS","Value":[0.8000,1E3,-0.0]}}"#,
            output: None,
            check: |ds| {
                assert_eq!(strs(ds, 0x0028, 0x1050), ["0.8000", "1E3", "-0.0"]);
                assert_eq!(strs(ds, 0x0020, 0x1208), ["12345678901"]);
            },
        },
        Rule {
            section: "F.2.3.1 IS/DS as strings: auto writes a number when the text is one",
            input: r#"{"00281050":{"vr":"DS","Value":["40","+5",".5","1."]}}"#,
            output: Some(r#"{"00281050":{"vr":"DS","Value":[40,"+5",".5","1."]}}"#),
            check: |ds| assert_eq!(strs(ds, 0x0028, 0x1050), ["40", "+5", ".5", "1."]),
        },
        Rule {
            section: "F.2.3.1 SV/UV beyond 2^53 are strings and never pass through f64",
            input: r#"{"00091010":{"vr":"UV","Value":["18446744073709551615",9007199254740991]},"00091011":{"vr":"SV","Value":["-9223372036854775808"]}}"#,
            output: None,
            check: |ds| {
                assert_eq!(
                    prim(ds, 0x0009, 0x1010),
                    PrimitiveValue::U64([u64::MAX, 9_007_199_254_740_991].into_iter().collect())
                );
                assert_eq!(
                    prim(ds, 0x0009, 0x1011),
                    PrimitiveValue::I64([i64::MIN].into_iter().collect())
                );
            },
        },
        Rule {
            section: "F.2.3.1 SV/UV given as a number beyond 2^53 are read exactly",
            input: r#"{"00091010":{"vr":"UV","Value":[18446744073709551615]}}"#,
            output: Some(r#"{"00091010":{"vr":"UV","Value":["18446744073709551615"]}}"#),
            check: |ds| {
                assert_eq!(
                    prim(ds, 0x0009, 0x1010),
                    PrimitiveValue::U64([u64::MAX].into_iter().collect())
                )
            },
        },
        Rule {
            section: "F.2.3 FL/FD/US/SS/UL/SL are JSON numbers",
            input: r#"{"00091010":{"vr":"FD","Value":[1.5,-0.0,1e300,5e-324]},"00091011":{"vr":"FL","Value":[0.1]},"00091012":{"vr":"US","Value":[65535]},"00091013":{"vr":"SS","Value":[-32768]},"00091014":{"vr":"UL","Value":[4294967295]},"00091015":{"vr":"SL","Value":[-2147483648]}}"#,
            output: None,
            check: |ds| {
                assert_eq!(
                    prim(ds, 0x0009, 0x1011),
                    PrimitiveValue::F32([0.1f32].into_iter().collect())
                );
                assert_eq!(
                    prim(ds, 0x0009, 0x1012),
                    PrimitiveValue::U16([65535].into_iter().collect())
                );
            },
        },
        Rule {
            section: "F.2.3 AT is \"GGGGEEEE\"",
            input: r#"{"00209165":{"vr":"AT","Value":["00100010","7FE00010"]}}"#,
            output: None,
            check: |ds| {
                assert_eq!(
                    prim(ds, 0x0020, 0x9165),
                    PrimitiveValue::Tags(
                        [Tag(0x0010, 0x0010), Tag(0x7FE0, 0x0010)]
                            .into_iter()
                            .collect()
                    )
                )
            },
        },
        Rule {
            section: "F.2.2 PN: an object with only the non-empty component groups",
            input: r#"{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Yamada^Tarou","Ideographic":"山田^太郎","Phonetic":"やまだ^たろう"},{"Ideographic":"X"},{"Alphabetic":"A","Ideographic":""}]}}"#,
            output: Some(
                r#"{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Yamada^Tarou","Ideographic":"山田^太郎","Phonetic":"やまだ^たろう"},{"Ideographic":"X"},{"Alphabetic":"A"}]}}"#,
            ),
            check: |ds| {
                assert_eq!(
                    strs(ds, 0x0010, 0x0010),
                    ["Yamada^Tarou=山田^太郎=やまだ^たろう", "=X", "A"]
                )
            },
        },
        Rule {
            section: "F.2.5 null entries of a multi-valued attribute are kept",
            input: r#"{"00080008":{"vr":"CS","Value":["A",null,"B",null]},"00100010":{"vr":"PN","Value":[null,{"Alphabetic":"B"}]},"00281050":{"vr":"DS","Value":[null,1]}}"#,
            output: None,
            check: |ds| {
                assert_eq!(strs(ds, 0x0008, 0x0008), ["A", "", "B", ""]);
                assert_eq!(strs(ds, 0x0010, 0x0010), ["", "B"]);
            },
        },
        Rule {
            section: "F.2.5 an empty value has no Value member ([null], [\"\"] and [] are empty)",
            input: r#"{"00080050":{"vr":"SH","Value":[null]},"00080090":{"vr":"PN","Value":[{}]},"00100020":{"vr":"LO","Value":[""]},"00100030":{"vr":"DA","Value":[]}}"#,
            output: Some(
                r#"{"00080050":{"vr":"SH"},"00080090":{"vr":"PN"},"00100020":{"vr":"LO"},"00100030":{"vr":"DA"}}"#,
            ),
            check: |ds| assert_eq!(prim(ds, 0x0010, 0x0020), PrimitiveValue::Empty),
        },
        Rule {
            section: "F.2.2 SQ: items are objects; an empty item is {}; no items: no Value",
            input: r#"{"00081140":{"vr":"SQ","Value":[{},{"00081150":{"vr":"UI","Value":["1.2"]}}]},"00081199":{"vr":"SQ"}}"#,
            output: None,
            check: |ds| {
                let items = ds.get(Tag(0x0008, 0x1140)).unwrap().items().unwrap();
                assert_eq!(items.len(), 2);
                assert_eq!(items[0].iter().count(), 0);
                assert_eq!(
                    ds.get(Tag(0x0008, 0x1199)).unwrap().items().unwrap().len(),
                    0
                );
            },
        },
        Rule {
            section: "F.2.6 BulkDataURI is kept, also inside sequences",
            input: r#"{"0040A730":{"vr":"SQ","Value":[{"7FE00010":{"vr":"OW","BulkDataURI":"http://pacs/bulk/1"}}]},"7FE00010":{"vr":"OB","BulkDataURI":"http://pacs/bulk/7FE00010"}}"#,
            output: None,
            check: |ds| {
                let all = bulk_data_uris(ds);
                assert_eq!(all.len(), 2);
                assert_eq!(all[0].0.to_string(), "(0040,A730)[0].(7FE0,0010)");
                assert_eq!(all[1].2, "http://pacs/bulk/7FE00010");
                assert_eq!(
                    bulk_data_uri(&prim(ds, 0x7FE0, 0x0010)),
                    Some("http://pacs/bulk/7FE00010")
                );
            },
        },
        Rule {
            section: "F.2.6 BulkDataURI on a text or number VR",
            input: r#"{"00420011":{"vr":"OB","BulkDataURI":"u1"},"00540081":{"vr":"US","BulkDataURI":"u2"},"00700001":{"vr":"SQ"}}"#,
            output: None,
            check: |_| {},
        },
        Rule {
            section: "F.2.7 InlineBinary: base64 of the little-endian bytes",
            input: r#"{"00091010":{"vr":"OW","InlineBinary":"AQACAA=="},"00091011":{"vr":"OB","InlineBinary":"AAECAw=="},"00091012":{"vr":"OF","InlineBinary":"AADAPw=="},"00091013":{"vr":"UN","InlineBinary":"/w=="}}"#,
            output: None,
            check: |ds| {
                assert_eq!(
                    prim(ds, 0x0009, 0x1010),
                    PrimitiveValue::U16([1, 2].into_iter().collect())
                );
                assert_eq!(
                    prim(ds, 0x0009, 0x1012),
                    PrimitiveValue::F32([1.5].into_iter().collect())
                );
            },
        },
        Rule {
            section: "F.2.2 private creator and private elements keep their VR",
            input: r#"{"00090010":{"vr":"LO","Value":["ACME 1.1"]},"00091001":{"vr":"DS","Value":[1.50]},"00091002":{"vr":"UN","InlineBinary":"AAE="}}"#,
            output: None,
            check: |ds| assert_eq!(ds.get(Tag(0x0009, 0x1002)).unwrap().vr(), VR::UN),
        },
        Rule {
            section: "F.2.1.1 vr member after Value (as Orthanc writes it)",
            input: r#"{"00100020":{"Value":["X"],"vr":"LO"}}"#,
            output: Some(r#"{"00100020":{"vr":"LO","Value":["X"]}}"#),
            check: |ds| assert_eq!(strs(ds, 0x0010, 0x0020), ["X"]),
        },
        Rule {
            section: "RFC 8259 §7 escapes are decoded and re-encoded minimally",
            input: r#"{"00204000":{"vr":"LT","Value":["tab\tquote\"nl\n\u00e9\ud83d\ude00\/"]}}"#,
            output: Some("{\"00204000\":{\"vr\":\"LT\",\"Value\":[\"tab\\tquote\\\"nl\\né😀/\"]}}"),
            check: |ds| assert_eq!(strs(ds, 0x0020, 0x4000), ["tab\tquote\"nl\né😀/"]),
        },
    ]
}

#[test]
fn f2_rules() {
    for rule in rules() {
        let ds = dicom_json_codec::from_str(rule.input)
            .unwrap_or_else(|e| panic!("{}: {e}", rule.section));
        (rule.check)(&ds);
        let out = dicom_json_codec::to_string(&ds).unwrap();
        assert_eq!(out, rule.output.unwrap_or(rule.input), "{}", rule.section);
        let again = dicom_json_codec::from_str(&out).unwrap();
        assert!(
            same_content(&again, &ds),
            "{}: decode(encode(x)) == x",
            rule.section
        );
        // Pretty output holds the same data.
        let pretty = EncodeOptions::new().pretty(true).to_string(&ds).unwrap();
        assert!(pretty.contains('\n'));
        assert!(
            same_content(&dicom_json_codec::from_str(&pretty).unwrap(), &ds),
            "{}",
            rule.section
        );
    }
}

#[test]
fn number_policies() {
    let ds = dicom_json_codec::from_str(
        r#"{"00281050":{"vr":"DS","Value":["+5",0.50,null]},"00091010":{"vr":"UV","Value":[5]}}"#,
    )
    .unwrap();
    let with = |p| EncodeOptions::new().numbers(p).to_string(&ds).unwrap();
    assert_eq!(
        with(NumberPolicy::Number),
        r#"{"00091010":{"vr":"UV","Value":[5]},"00281050":{"vr":"DS","Value":[5.0,0.50,null]}}"#
    );
    assert_eq!(
        with(NumberPolicy::String),
        r#"{"00091010":{"vr":"UV","Value":["5"]},"00281050":{"vr":"DS","Value":["+5","0.50",null]}}"#
    );
}

#[test]
fn non_finite_floats_are_an_error_not_invalid_json() {
    let mut ds = DataSet::new_empty();
    ds.put(dicom_core::DataElement::new(
        Tag(0x0018, 0x9305),
        VR::FD,
        PrimitiveValue::F64([f64::NAN].into_iter().collect()),
    ));
    let e = dicom_json_codec::to_string(&ds).unwrap_err();
    assert_eq!(e.kind(), &dicom_json_codec::ErrorKind::NonFinite);
    assert_eq!(e.path().to_string(), "(0018,9305)");
}

#[test]
fn group_lengths_and_file_meta_are_not_written() {
    let mut ds = DataSet::new_empty();
    ds.put(dicom_core::DataElement::new(
        Tag(0x0008, 0x0000),
        VR::UL,
        PrimitiveValue::from(4u32),
    ));
    ds.put(dicom_core::DataElement::new(
        Tag(0x0002, 0x0010),
        VR::UI,
        PrimitiveValue::from("1.2.840.10008.1.2.1"),
    ));
    ds.put(dicom_core::DataElement::new(
        Tag(0x0008, 0x0060),
        VR::CS,
        PrimitiveValue::from("CT"),
    ));
    assert_eq!(
        EncodeOptions::new()
            .skip_file_meta(true)
            .to_string(&ds)
            .unwrap(),
        r#"{"00080060":{"vr":"CS","Value":["CT"]}}"#
    );
}

#[test]
fn values_built_by_callers_are_encoded() {
    // Str values (as dicom-rs and callers build them), dates, numbers for IS/DS.
    let mut ds = DataSet::new_empty();
    ds.put(dicom_core::DataElement::new(
        Tag(0x0008, 0x0008),
        VR::CS,
        PrimitiveValue::from("A\\B"),
    ));
    ds.put(dicom_core::DataElement::new(
        Tag(0x0020, 0x0013),
        VR::IS,
        PrimitiveValue::from(7i32),
    ));
    ds.put(dicom_core::DataElement::new(
        Tag(0x0028, 0x1050),
        VR::DS,
        PrimitiveValue::from(40.5f64),
    ));
    ds.put(dicom_core::DataElement::new(
        Tag(0x0040, 0x0002),
        VR::DA,
        PrimitiveValue::from(dicom_core::value::DicomDate::from_ymd(2024, 3, 15).unwrap()),
    ));
    assert_eq!(
        dicom_json_codec::to_string(&ds).unwrap(),
        r#"{"00080008":{"vr":"CS","Value":["A","B"]},"00200013":{"vr":"IS","Value":[7]},"00281050":{"vr":"DS","Value":[40.5]},"00400002":{"vr":"DA","Value":["20240315"]}}"#
    );
}

#[test]
fn bulk_threshold_and_uri_builder() {
    let ds = dicom_json_codec::from_str(
        r#"{"0040A730":{"vr":"SQ","Value":[{"00091010":{"vr":"OB","InlineBinary":"AAECAw=="}}]},"00091011":{"vr":"OB","InlineBinary":"AA=="}}"#,
    )
    .unwrap();
    let out = EncodeOptions::new()
        .bulk_data(2, |r| format!("urn:{}:{}:{}", r.path, r.vr, r.len))
        .to_string(&ds)
        .unwrap();
    assert_eq!(
        out,
        r#"{"00091011":{"vr":"OB","InlineBinary":"AA=="},"0040A730":{"vr":"SQ","Value":[{"00091010":{"vr":"OB","BulkDataURI":"urn:(0040,A730)[0].(0009,1010):OB:4"}}]}}"#
    );
}

#[test]
fn resolver_replaces_bulk_data_in_sequences() {
    let mut ds = dicom_json_codec::from_str(
        r#"{"0040A730":{"vr":"SQ","Value":[{"00091010":{"vr":"OW","BulkDataURI":"u1"}}]},"00091011":{"vr":"OB","BulkDataURI":"u2"}}"#,
    )
    .unwrap();
    let mut seen = Vec::new();
    dicom_json_codec::resolve_bulk_data(&mut ds, &mut |path, vr, uri| {
        seen.push(format!("{path} {vr} {uri}"));
        Ok(if uri == "u1" {
            Resolved::Bytes(vec![1, 0, 2, 0])
        } else {
            Resolved::Keep
        })
    })
    .unwrap();
    assert_eq!(
        seen,
        ["(0009,1011) OB u2", "(0040,A730)[0].(0009,1010) OW u1"]
    );
    assert_eq!(
        dicom_json_codec::to_string(&ds).unwrap(),
        r#"{"00091011":{"vr":"OB","BulkDataURI":"u2"},"0040A730":{"vr":"SQ","Value":[{"00091010":{"vr":"OW","InlineBinary":"AQACAA=="}}]}}"#
    );
}

/// What real servers send, accepted in lenient mode with one repair each.
#[test]
fn lenient_repairs() {
    type Row = (&'static str, &'static str, fn(&RepairKind) -> bool);
    let rows: &[Row] = &[
        (
            r#"{"00091010":{"vr":"OB","InlineBinary":["AA=="]}}"#,
            r#"{"00091010":{"vr":"OB","InlineBinary":"AA=="}}"#,
            |k| matches!(k, RepairKind::InlineBinaryArray),
        ),
        (
            r#"{"00100020":{"vr":"LO","Value":"X"}}"#,
            r#"{"00100020":{"vr":"LO","Value":["X"]}}"#,
            |k| matches!(k, RepairKind::SingleValue),
        ),
        (
            r#"{"00081140":{"vr":"SQ","Value":{}}}"#,
            r#"{"00081140":{"vr":"SQ","Value":[{}]}}"#,
            |k| matches!(k, RepairKind::SingleValue),
        ),
        (
            r#"{"00100010":{"vr":"PN","Value":["Doe^Jane"]}}"#,
            r#"{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane"}]}}"#,
            |k| matches!(k, RepairKind::PersonNameString),
        ),
        (
            r#"{"0020000d":{"vr":"UI","Value":["1.2"]}}"#,
            r#"{"0020000D":{"vr":"UI","Value":["1.2"]}}"#,
            |k| matches!(k, RepairKind::LowercaseTag),
        ),
        (
            r#"{"00100020":{"vr":"lo"}}"#,
            r#"{"00100020":{"vr":"LO"}}"#,
            |k| matches!(k, RepairKind::LowercaseVr),
        ),
        (
            r#"{"00100020":{"vr":"LO","Foo":[1,{"a":2}]}}"#,
            r#"{"00100020":{"vr":"LO"}}"#,
            |k| matches!(k, RepairKind::UnknownMember(_)),
        ),
        (
            r#"{"00100010":{"vr":"LO","Value":["X"]}}"#,
            r#"{"00100010":{"vr":"LO","Value":["X"]}}"#,
            |k| matches!(k, RepairKind::VrMismatch { .. }),
        ),
        (
            r#"{"00280010":{"vr":"US","Value":["512"]}}"#,
            r#"{"00280010":{"vr":"US","Value":[512]}}"#,
            |k| matches!(k, RepairKind::NumberType),
        ),
        (
            r#"{"00100020":{"vr":"LO","Value":null}}"#,
            r#"{"00100020":{"vr":"LO"}}"#,
            |k| matches!(k, RepairKind::SingleValue),
        ),
        (
            r#"{"00100020":{"vr":"LO","Value":["A"]},"00100020":{"vr":"LO","Value":["B"]}}"#,
            r#"{"00100020":{"vr":"LO","Value":["B"]}}"#,
            |k| matches!(k, RepairKind::DuplicateTag),
        ),
        (
            r#"{"00280010":{"vr":"US","InlineBinary":"AAI="}}"#,
            r#"{"00280010":{"vr":"US","Value":[512]}}"#,
            |k| matches!(k, RepairKind::InlineBinaryVr(_)),
        ),
    ];
    for (input, output, kind) in rows {
        assert!(
            dicom_json_codec::from_str(input).is_err(),
            "strict accepts {input}"
        );
        let d = DecodeOptions::new()
            .lenient(true)
            .decode(input.as_bytes())
            .unwrap();
        assert_eq!(d.repairs.len(), 1, "{input}: {:?}", d.repairs);
        assert!(kind(&d.repairs[0].kind), "{input}: {:?}", d.repairs[0]);
        assert_eq!(dicom_json_codec::to_string(&d.value).unwrap(), *output);
    }
}

#[test]
fn repairs_carry_path_and_position() {
    let input = r#"[{},{"0040A730":{"vr":"SQ","Value":[{"00100010":{"vr":"PN","Value":["X"]}}]}}]"#;
    let d = DecodeOptions::new()
        .lenient(true)
        .decode_array(input.as_bytes())
        .unwrap();
    assert_eq!(d.repairs.len(), 1);
    let r = &d.repairs[0];
    assert_eq!(r.path.to_string(), "[1].(0040,A730)[0].(0010,0010)");
    assert_eq!(r.position.offset, input.find("\"X\"").unwrap());
}

fn metadata(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"00080018":{{"vr":"UI","Value":["1.2.{i}"]}},"7FE00010":{{"vr":"OW","BulkDataURI":"http://x/{i}"}}}}"#))
        .collect();
    format!("[\n{}\n]", items.join(",\n"))
}

/// F.2.1.1 top-level arrays: whole, iterated over a slice, and streamed from a reader.
#[test]
fn arrays_whole_iterated_and_streamed() {
    let input = metadata(5);
    let whole = dicom_json_codec::from_str_array(&input).unwrap();
    assert_eq!(whole.len(), 5);
    let opts = DecodeOptions::new();
    let iterated: Vec<DataSet> = opts
        .iter_array(input.as_bytes())
        .map(|d| d.unwrap().value)
        .collect();
    assert!(iterated.iter().zip(&whole).all(|(a, b)| same_content(a, b)));
    // A reader that hands out 7 bytes at a time.
    struct Trickle<'a>(&'a [u8]);
    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(7).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let streamed: Vec<DataSet> = ArrayReader::new(Trickle(input.as_bytes()), DecodeOptions::new())
        .map(|d| d.unwrap().value)
        .collect();
    assert!(streamed.iter().zip(&whole).all(|(a, b)| same_content(a, b)));
    assert_eq!(streamed.len(), whole.len());
    // Encoding the array gives our canonical array back.
    let out = dicom_json_codec::to_vec_array(&whole).unwrap();
    assert_eq!(dicom_json_codec::from_slice_array(&out).unwrap(), whole);
    // Empty array, single object.
    assert_eq!(
        ArrayReader::new(&b" [ ] "[..], DecodeOptions::new()).count(),
        0
    );
    assert_eq!(opts.iter_array(b"[]").count(), 0);
    assert_eq!(
        ArrayReader::new(&b"{}"[..], DecodeOptions::new()).count(),
        1
    );
    assert_eq!(opts.iter_array(b"{}").count(), 1);
}

#[test]
fn streamed_errors_are_located_in_the_whole_stream() {
    let input = "[{},\n {\"00100020\":{\"vr\":\"LO\",\"Value\":[5]}}]";
    let results: Vec<_> = ArrayReader::new(input.as_bytes(), DecodeOptions::new()).collect();
    assert_eq!(results.len(), 2);
    let e = results[1].as_ref().unwrap_err();
    let p = e.position().unwrap();
    assert_eq!(p.offset, input.find("5]").unwrap());
    assert_eq!((p.line, p.column), (2, 34));
    assert_eq!(e.path().to_string(), "[1].(0010,0020)");
    // The same error from the slice iterator.
    let opts = DecodeOptions::new();
    let e2 = opts
        .iter_array(input.as_bytes())
        .nth(1)
        .unwrap()
        .unwrap_err();
    assert_eq!(e2.position(), e.position());
    assert_eq!(e2.path(), e.path());
    // Truncated stream.
    let e = ArrayReader::new(&b"[{},{\"00100020\":"[..], DecodeOptions::new())
        .nth(1)
        .unwrap()
        .unwrap_err();
    assert!(e.is_eof());
}

#[test]
fn streamed_data_set_limit() {
    let input = metadata(3);
    let mut limits = dicom_json_codec::Limits::default();
    limits.max_data_set_bytes(40);
    let mut opts = DecodeOptions::new();
    opts.limits(limits);
    let e = ArrayReader::new(input.as_bytes(), opts)
        .next()
        .unwrap()
        .unwrap_err();
    assert!(matches!(
        e.kind(),
        dicom_json_codec::ErrorKind::LimitExceeded {
            limit: dicom_json_codec::Limit::DataSetBytes,
            ..
        }
    ));
}

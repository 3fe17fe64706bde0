//! Arbitrary data sets (every VR of PS3.5 Table 6.2-1, nested sequences, empty values, null
//! entries, BulkDataURIs) survive encode → decode exactly, and re-encoding gives the same bytes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dicom_core::value::{DataSetSequence, PrimitiveValue};
use dicom_core::{DataElement, Length, Tag, VR};
use dicom_json_codec::{DataSet, EncodeOptions, NumberPolicy, bulk_data_value, same_content};
use proptest::collection::vec;
use proptest::prelude::*;

/// A value as the decoder produces it (see the crate docs): no padding, empty = `Empty`.
#[derive(Debug, Clone)]
enum V {
    P(PrimitiveValue),
    Sq(Vec<Vec<(VR, V)>>),
}

fn strs(values: Vec<String>) -> PrimitiveValue {
    if values.is_empty() || (values.len() == 1 && values[0].is_empty()) {
        PrimitiveValue::Empty
    } else {
        PrimitiveValue::Strs(values.into_iter().collect())
    }
}

fn text(re: &'static str, multi: bool) -> impl Strategy<Value = PrimitiveValue> {
    let one = re.prop_map(|s: String| s.trim_end_matches(' ').to_owned());
    let n = if multi { 0..4usize } else { 0..2usize };
    vec(one, n).prop_map(strs)
}

fn pn() -> impl Strategy<Value = PrimitiveValue> {
    let group = "[A-Za-z^山田é]{0,6}";
    vec((group, group, group), 0..3).prop_map(|names| {
        strs(
            names
                .into_iter()
                .map(|(a, i, p)| {
                    let g = [a, i, p];
                    match g.iter().rposition(|s| !s.is_empty()) {
                        Some(last) => g[..=last].join("="),
                        None => String::new(),
                    }
                })
                .collect(),
        )
    })
}

fn nums<T: Arbitrary + Clone + std::fmt::Debug + 'static>(
    f: fn(Vec<T>) -> PrimitiveValue,
) -> impl Strategy<Value = PrimitiveValue> {
    vec(any::<T>(), 0..4).prop_map(move |v| {
        if v.is_empty() {
            PrimitiveValue::Empty
        } else {
            f(v)
        }
    })
}

fn primitive(vr: VR) -> BoxedStrategy<PrimitiveValue> {
    use VR::*;
    let printable = "[A-Za-z0-9 ._^/:-]{0,12}";
    match vr {
        AE | CS | SH | LO | UC => text(printable, true).boxed(),
        AS => text("[0-9]{3}[DWMY]", true).boxed(),
        DA => text("20[0-9]{2}0[1-9][0-2][0-9]", true).boxed(),
        DT => text("20[0-9]{6}[0-9]{0,6}", true).boxed(),
        TM => text("[0-2][0-9][0-5][0-9]([0-5][0-9](\\.[0-9]{1,6})?)?", true).boxed(),
        UI => text("[1-9][0-9]{0,3}(\\.[1-9][0-9]{0,5}){1,4}", true).boxed(),
        LT | ST | UT => text("[ -\\[\\]-~\\\\é\n\t\"]{0,20}", false).boxed(),
        UR => text("http://[a-z]{1,8}/[a-z0-9]{0,8}", false).boxed(),
        PN => pn().boxed(),
        IS => vec(
            prop_oneof!["-?[1-9][0-9]{0,8}", "0", Just(String::new())],
            0..4,
        )
        .prop_map(strs)
        .boxed(),
        DS => vec(
            prop_oneof![
                "-?[0-9]{1,5}(\\.[0-9]{1,4})?",
                "[0-9]\\.[0-9]{1,3}[eE]-?[0-9]{1,2}",
                "\\+[0-9]{1,3}",
                Just(String::new())
            ],
            0..4,
        )
        .prop_map(strs)
        .boxed(),
        US => nums::<u16>(|v| PrimitiveValue::U16(v.into_iter().collect())).boxed(),
        SS => nums::<i16>(|v| PrimitiveValue::I16(v.into_iter().collect())).boxed(),
        UL => nums::<u32>(|v| PrimitiveValue::U32(v.into_iter().collect())).boxed(),
        SL => nums::<i32>(|v| PrimitiveValue::I32(v.into_iter().collect())).boxed(),
        UV => nums::<u64>(|v| PrimitiveValue::U64(v.into_iter().collect())).boxed(),
        SV => nums::<i64>(|v| PrimitiveValue::I64(v.into_iter().collect())).boxed(),
        FL | OF => vec(proptest::num::f32::NORMAL | proptest::num::f32::ZERO, 0..4)
            .prop_map(|v| {
                if v.is_empty() {
                    PrimitiveValue::Empty
                } else {
                    PrimitiveValue::F32(v.into_iter().collect())
                }
            })
            .boxed(),
        FD | OD => vec(
            proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO,
            0..4,
        )
        .prop_map(|v| {
            if v.is_empty() {
                PrimitiveValue::Empty
            } else {
                PrimitiveValue::F64(v.into_iter().collect())
            }
        })
        .boxed(),
        AT => nums::<(u16, u16)>(|v| {
            PrimitiveValue::Tags(v.into_iter().map(|(g, e)| Tag(g, e)).collect())
        })
        .boxed(),
        OB | UN => prop_oneof![
            4 => nums::<u8>(|v| PrimitiveValue::U8(v.into_iter().collect())),
            1 => "http://pacs/bulk/[a-z0-9]{1,8}".prop_map(|u| bulk_data_value(&u)),
        ]
        .boxed(),
        OW => nums::<u16>(|v| PrimitiveValue::U16(v.into_iter().collect())).boxed(),
        OL => nums::<u32>(|v| PrimitiveValue::U32(v.into_iter().collect())).boxed(),
        OV => nums::<u64>(|v| PrimitiveValue::U64(v.into_iter().collect())).boxed(),
        SQ => Just(PrimitiveValue::Empty).boxed(),
    }
}

const VRS: [VR; 33] = {
    use VR::*;
    [
        AE, AS, AT, CS, DA, DS, DT, FL, FD, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SS, ST,
        SV, TM, UC, UI, UL, UN, UR, US, UT, UV,
    ]
};

fn leaf() -> impl Strategy<Value = (VR, V)> {
    proptest::sample::select(VRS.to_vec())
        .prop_flat_map(|vr| primitive(vr).prop_map(move |p| (vr, V::P(p))))
}

fn element() -> impl Strategy<Value = (VR, V)> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            3 => inner.clone(),
            1 => vec(vec(inner, 0..4), 0..3).prop_map(|items| (VR::SQ, V::Sq(items))),
        ]
    })
}

fn build(elements: Vec<(VR, V)>) -> DataSet {
    // Private tags (0019,10xx): any VR is allowed there, in ascending order.
    DataSet::from_element_iter(elements.into_iter().enumerate().map(|(i, (vr, v))| {
        let tag = Tag(0x0019, 0x1000 + i as u16);
        match v {
            V::P(p) => DataElement::new(tag, vr, p),
            V::Sq(items) => DataElement::new(
                tag,
                VR::SQ,
                DataSetSequence::new(
                    items.into_iter().map(build).collect::<Vec<_>>(),
                    Length::UNDEFINED,
                ),
            ),
        }
    }))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn round_trip(elements in vec(element(), 0..12), pretty: bool) {
        let ds = build(elements);
        let mut enc = EncodeOptions::new();
        enc.pretty(pretty);
        let json = enc.to_vec(&ds).unwrap();
        let text = String::from_utf8(json.clone()).unwrap();
        let back = dicom_json_codec::from_slice(&json)
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        prop_assert!(same_content(&ds, &back), "{}", text);
        prop_assert_eq!(enc.to_vec(&back).unwrap(), json.clone());
        // The zero-copy view converts to the same data set and encodes to the same bytes.
        let view = dicom_json_codec::view::from_slice(&json).unwrap();
        let ds_view = view.get(0).unwrap();
        prop_assert_eq!(format!("{:?}", ds_view.to_data_set().unwrap()), format!("{back:?}"));
        let mut from_view = Vec::new();
        enc.to_writer_view(&mut from_view, ds_view).unwrap();
        prop_assert_eq!(from_view, json);
        // Every number policy decodes to the same values.
        for p in [NumberPolicy::Number, NumberPolicy::String] {
            let j = EncodeOptions::new().numbers(p).to_vec(&ds).unwrap();
            let b = dicom_json_codec::from_slice(&j).unwrap();
            if p == NumberPolicy::String {
                prop_assert!(same_content(&ds, &b));
            }
        }
    }
}

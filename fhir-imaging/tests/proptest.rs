//! proptest: generated resources survive encode -> decode unchanged (and encode -> decode ->
//! encode gives the same bytes), for R4 and R5.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fhir_imaging::{
    Annotation, CodeableConcept, Coding, DecimalValue, Extension, ExtensionValue, Identifier,
    ImagingStudySeriesInstance, Prim, Reference, r4, r5,
};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    // Any non-empty string: escapes, controls, non-ASCII.
    "\\PC{1,12}|[a-z\"\\\\\n\t\u{1}é😀]{1,8}"
}

fn uid() -> impl Strategy<Value = String> {
    proptest::collection::vec(0u32..100_000, 2..8).prop_map(|v| {
        format!(
            "1.{}",
            v.iter().map(u32::to_string).collect::<Vec<_>>().join(".")
        )
    })
}

fn decimal() -> impl Strategy<Value = DecimalValue> {
    (any::<i32>(), 0u32..6, any::<bool>()).prop_map(|(i, scale, exp)| {
        let mut s = i.to_string();
        if scale > 0 {
            s.push('.');
            s.push_str(&"0".repeat(scale as usize));
        }
        if exp {
            s.push_str("e-3");
        }
        s.parse().unwrap()
    })
}

fn extension() -> impl Strategy<Value = Extension> {
    (text(), text(), decimal(), 0..3u8).prop_map(|(url, s, d, which)| {
        let value = match which {
            0 => ExtensionValue::String(s.into()),
            1 => ExtensionValue::Decimal(Prim::new(d)),
            _ => ExtensionValue::Coding(Coding::new("http://x.org", "c")),
        };
        Extension::new(url, value)
    })
}

prop_compose! {
    fn r4_study()(
        status in prop::sample::select(vec!["registered", "available", "cancelled"]),
        subject in text(),
        description in proptest::option::of(text()),
        n in proptest::option::of(0u32..1000),
        exts in proptest::collection::vec(extension(), 0..3),
        series in proptest::collection::vec((uid(), proptest::collection::vec((uid(), proptest::option::of(0u32..50)), 0..4)), 0..3),
        note in proptest::option::of(text()),
        given_ext in any::<bool>(),
    ) -> r4::ImagingStudy {
        let mut s = r4::ImagingStudy::new(status, Reference::new(subject));
        s.description = description.map(Into::into);
        s.number_of_series = n.map(Into::into);
        s.extension = exts.clone().into();
        s.identifier.push(Identifier::accession("urn:oid:1.2.3", "A1"));
        if given_ext {
            let mut st = s.status.take().unwrap();
            let mut el = fhir_imaging::PrimitiveElement::default();
            el.id = Some("s1".into());
            el.extension = exts.into();
            st.element = Some(Box::new(el));
            s.status = Some(st);
        }
        for (suid, instances) in series {
            let mut se = r4::ImagingStudySeries::new(suid, Coding::dicom("CT"));
            for (iuid, num) in instances {
                let mut i = ImagingStudySeriesInstance::new(iuid, "1.2.840.10008.5.1.4.1.1.2");
                i.number = num.map(Into::into);
                se.instance.push(i);
            }
            s.series.push(se);
        }
        if let Some(n) = note {
            s.note.push(Annotation::new(n));
        }
        s
    }
}

prop_compose! {
    fn r5_selection()(
        coords in proptest::collection::vec(decimal(), 1..7),
        uid in uid(),
        subset in proptest::collection::vec(proptest::option::of(text()), 1..4),
    ) -> r5::ImagingSelection {
        let mut s = r5::ImagingSelection::new("available", CodeableConcept::from_text("x"));
        let mut inst = r5::ImagingSelectionInstance::default();
        inst.uid = Some(uid.into());
        // Primitive array with nulls: a null value needs an id in its `_` partner.
        inst.subset = subset
            .into_iter()
            .map(|o| match o {
                Some(t) => Prim::new(t),
                None => {
                    let mut el = fhir_imaging::PrimitiveElement::default();
                    el.id = Some("n".into());
                    Prim { value: None, element: Some(Box::new(el)) }
                }
            })
            .collect();
        let mut region = r5::ImagingSelectionImageRegion3D::default();
        region.region_type = Some("point".into());
        region.coordinate = coords.into_iter().map(Prim::new).collect();
        inst.image_region_3d.push(region);
        s.instance.push(inst);
        s
    }
}

proptest! {
    #[test]
    fn r4_imaging_study_round_trips(s in r4_study()) {
        let text = fhir_imaging::to_string(&s);
        let back: r4::ImagingStudy = fhir_imaging::from_str(&text).unwrap();
        prop_assert_eq!(&back, &s);
        prop_assert_eq!(fhir_imaging::to_string(&back), text);
        // Also through the generic Resource enum.
        let any: r4::Resource = fhir_imaging::from_str(&fhir_imaging::to_string(&s)).unwrap();
        prop_assert_eq!(any, r4::Resource::from(s));
    }

    #[test]
    fn r5_imaging_selection_round_trips(s in r5_selection()) {
        let text = fhir_imaging::to_string(&s);
        let back: r5::ImagingSelection = fhir_imaging::from_str(&text).unwrap();
        prop_assert_eq!(&back, &s);
        prop_assert_eq!(fhir_imaging::to_string(&back), text);
    }

    /// Arbitrary bytes never panic, in strict and lenient mode.
    #[test]
    fn arbitrary_input_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = fhir_imaging::from_slice::<r4::Resource>(&bytes);
        let _ = fhir_imaging::Decoder::new().strict(false).from_slice::<r5::Resource>(&bytes);
    }
}

//! DICOM JSON Model (PS3.18 Annex F) decode and encode throughput: `dicom-json-codec` side by
//! side with `dicom-json` 0.10.1 and the floors every decoder is compared against,
//! `serde_json::Value` (builds a generic tree) and `serde::de::IgnoredAny` (a validating scan
//! that builds nothing), on a QIDO-RS study list (2,000 studies) and a WADO-RS metadata
//! response (500 CT instances, ~120 attributes each).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dicom_object::InMemDicomObject;
use std::hint::black_box;

fn inputs() -> [(&'static str, Vec<u8>); 2] {
    [
        ("qido_2000_studies", benches::qido_study_list(2_000)),
        ("wado_metadata_500_ct", benches::wado_ct_metadata(500)),
    ]
}

/// dicom-json 0.10.1 has no array entry point: serde_json drives its per-object
/// `Deserialize` impl over the array.
fn peer_decode(text: &str) -> Vec<InMemDicomObject> {
    serde_json::from_str::<Vec<dicom_json::DicomJson<InMemDicomObject>>>(text)
        .unwrap()
        .into_iter()
        .map(dicom_json::DicomJson::into_inner)
        .collect()
}

fn decode(c: &mut Criterion) {
    for (name, input) in inputs() {
        let text = std::str::from_utf8(&input).unwrap();
        // Every decoder accepts the input before it is timed.
        assert_eq!(
            dicom_json_codec::from_slice_array(&input).unwrap().len(),
            peer_decode(text).len()
        );
        assert_eq!(
            dicom_json_codec::view::from_slice_array(&input)
                .unwrap()
                .len(),
            peer_decode(text).len()
        );
        let mut g = c.benchmark_group(format!("{name}/decode"));
        g.throughput(Throughput::Bytes(input.len() as u64));
        g.bench_function("dicom-json-codec", |b| {
            b.iter(|| dicom_json_codec::from_slice_array(black_box(&input)).unwrap())
        });
        g.bench_function("dicom-json-codec streaming", |b| {
            b.iter(|| {
                let opts = dicom_json_codec::DecodeOptions::new();
                let mut n = 0;
                for ds in dicom_json_codec::ArrayReader::new(black_box(&input[..]), opts) {
                    black_box(ds.unwrap());
                    n += 1;
                }
                n
            })
        });
        // The zero-copy, fully validating view (same parser and rules): builds no dicom-rs
        // objects, so it is not bound by the model floor below.
        g.bench_function("dicom-json-codec view", |b| {
            b.iter(|| dicom_json_codec::view::from_slice_array(black_box(&input)).unwrap())
        });
        // The view and its conversion to InMemDicomObject (what `from_slice_array` does).
        g.bench_function("dicom-json-codec view + to_data_set", |b| {
            b.iter(|| {
                dicom_json_codec::view::from_slice_array(black_box(&input))
                    .unwrap()
                    .to_data_sets()
                    .unwrap()
            })
        });
        g.bench_function("dicom-json 0.10.1", |b| {
            b.iter(|| peer_decode(black_box(text)))
        });
        g.bench_function("serde_json::Value", |b| {
            b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&input)).unwrap())
        });
        // Not a decoder: cloning the decoded data sets, i.e. only allocating and copying the
        // dicom-rs data model. No decoder that builds InMemDicomObject can go below this.
        let decoded = dicom_json_codec::from_slice_array(&input).unwrap();
        g.bench_function("InMemDicomObject clone (model floor)", |b| {
            b.iter(|| black_box(&decoded).clone())
        });
        g.bench_function("serde::de::IgnoredAny", |b| {
            b.iter(|| serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&input)).unwrap())
        });
        g.finish();
    }
}

fn encode(c: &mut Criterion) {
    for (name, input) in inputs() {
        let data_sets = dicom_json_codec::from_slice_array(&input).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&input).unwrap();
        let ours = dicom_json_codec::to_vec_array(&data_sets).unwrap();
        let mut g = c.benchmark_group(format!("{name}/encode"));
        g.throughput(Throughput::Bytes(ours.len() as u64));
        let mut buf = Vec::with_capacity(ours.len() * 2);
        g.bench_function("dicom-json-codec", |b| {
            b.iter(|| {
                buf.clear();
                dicom_json_codec::EncodeOptions::new()
                    .to_writer_array(&mut buf, black_box(&data_sets))
                    .unwrap();
                buf.len()
            })
        });
        g.bench_function("dicom-json 0.10.1", |b| {
            b.iter(|| {
                buf.clear();
                dicom_json::to_writer(&mut buf, black_box(&data_sets[..])).unwrap();
                buf.len()
            })
        });
        g.bench_function("serde_json::Value", |b| {
            b.iter(|| {
                buf.clear();
                serde_json::to_writer(&mut buf, black_box(&value)).unwrap();
                buf.len()
            })
        });
        g.finish();
    }
}

criterion_group!(benches, decode, encode);
criterion_main!(benches);

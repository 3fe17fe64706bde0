//! The floors every DICOM JSON decoder is compared against: `serde_json::Value` (builds a
//! generic tree) and `serde::de::IgnoredAny` (a validating scan that builds nothing), on a
//! QIDO-RS study list of 2,000 studies.
#![allow(missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn json_floor(c: &mut Criterion) {
    let input = benches::qido_study_list(2_000);
    let mut g = c.benchmark_group("qido_2000_studies/decode");
    g.throughput(Throughput::Bytes(input.len() as u64));
    g.bench_function("serde_json::Value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&input)))
    });
    g.bench_function("serde::de::IgnoredAny", |b| {
        b.iter(|| serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&input)))
    });
    g.finish();
}

criterion_group!(benches, json_floor);
criterion_main!(benches);

//! FHIR JSON decode and encode of a Bundle of 1,000 R4 ImagingStudy resources (3 series x 20
//! instances each): fhir-imaging (typed, lossless) vs `serde_json::Value` vs fhir-model 0.13
//! (fhir-sdk's generated R4B models; only with `--features peer-fhir-model`, it takes minutes to
//! build), in the same groups.
//!
//! `cargo bench -p benches --features peer-fhir-model --bench fhir`
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use fhir_imaging::{
    Coding, DateTime, Identifier, ImagingStudySeriesInstance, Reference, UnsignedInt, r4,
};
use std::hint::black_box;

/// The input: a searchset Bundle of `studies` ImagingStudy resources.
fn bundle(studies: usize) -> String {
    let mut b = r4::Bundle::new("searchset");
    b.total = Some(UnsignedInt::new(u32::try_from(studies).unwrap()));
    for s in 0..studies {
        let study_uid = format!("1.2.826.0.1.3680043.8.498.{}", 10_000 + s);
        let mut st = r4::ImagingStudy::new("available", Reference::new(format!("Patient/p{s}")));
        st.id = Some(format!("s{s}").into());
        st.identifier.push(Identifier::new(
            "urn:dicom:uid",
            format!("urn:oid:{study_uid}"),
        ));
        st.identifier.push(Identifier::accession(
            "http://hospital.example.org/acsn",
            format!("A{s:08}"),
        ));
        st.modality.push(Coding::dicom("CT"));
        st.started = Some(DateTime::new("2024-05-01T10:15:00+02:00".to_owned()));
        st.number_of_series = Some(3.into());
        st.number_of_instances = Some(60.into());
        st.endpoint.push(Reference::new("Endpoint/wadors"));
        st.description = Some("CT CHEST W/O CONTRAST".into());
        for se in 0..3 {
            let series_uid = format!("{study_uid}.{}", se + 1);
            let mut series = r4::ImagingStudySeries::new(series_uid.clone(), Coding::dicom("CT"));
            series.number = Some(u32::try_from(se + 1).unwrap().into());
            series.number_of_instances = Some(20.into());
            series.description = Some("Axial 1.25mm".into());
            series.body_site =
                Some(Coding::new("http://snomed.info/sct", "51185008").with_display("Thorax"));
            for i in 0..20 {
                let mut inst = ImagingStudySeriesInstance::new(
                    format!("{series_uid}.{}", i + 1),
                    "1.2.840.10008.5.1.4.1.1.2",
                );
                inst.number = Some(u32::try_from(i + 1).unwrap().into());
                series.instance.push(inst);
            }
            st.series.push(series);
        }
        b.entry.push(r4::BundleEntry::new(
            format!("https://fhir.example.org/ImagingStudy/s{s}"),
            st,
        ));
    }
    fhir_imaging::to_string(&b)
}

fn benches(c: &mut Criterion) {
    let text = bundle(1000);
    let ours: r4::Bundle = fhir_imaging::from_str(&text).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    #[cfg(feature = "peer-fhir-model")]
    let peer: fhir_model::r4b::resources::Bundle = serde_json::from_str(&text).unwrap();

    let mut g = c.benchmark_group("fhir_decode");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    g.bench_function("fhir-imaging", |b| {
        b.iter(|| fhir_imaging::from_str::<r4::Bundle>(black_box(&text)).unwrap())
    });
    g.bench_function("serde_json::Value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&text)).unwrap())
    });
    #[cfg(feature = "peer-fhir-model")]
    g.bench_function("fhir-model 0.13 R4B", |b| {
        b.iter(|| {
            serde_json::from_str::<fhir_model::r4b::resources::Bundle>(black_box(&text)).unwrap()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("fhir_encode");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    g.bench_function("fhir-imaging", |b| {
        b.iter(|| fhir_imaging::to_vec(black_box(&ours)))
    });
    g.bench_function("serde_json::Value", |b| {
        b.iter(|| serde_json::to_vec(black_box(&value)).unwrap())
    });
    #[cfg(feature = "peer-fhir-model")]
    g.bench_function("fhir-model 0.13 R4B", |b| {
        b.iter(|| serde_json::to_vec(black_box(&peer)).unwrap())
    });
    g.finish();
}

criterion_group!(fhir, benches);
criterion_main!(fhir);

//! multipart/related splitting (RFC 2046 §5.1.1, PS3.18 §8.6): `dicomweb-types`' sans-IO
//! parser against `multer` and against the floor, a bare `memchr::memmem` scan for the
//! delimiter over the same 64 KiB chunks. Bodies: 200 parts of 512 KiB and 20,000 parts of 2 KiB.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use bytes::Bytes;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dicomweb_types::multipart::{Boundary, Encoder, Event, Parser, PartHeaders};
use std::hint::black_box;

const BOUNDARY: &str = "DICOMwebBoundary-7a3f9c21e8";
const CHUNK: usize = 64 * 1024;

/// A STOW-RS-like body: `parts` parts of `size` pseudo-random bytes each.
fn body(parts: usize, size: usize) -> Bytes {
    let headers = PartHeaders::from_fields([("Content-Type", "application/dicom")]).unwrap();
    let mut enc = Encoder::new(
        Vec::with_capacity(parts * (size + 100)),
        Boundary::new(BOUNDARY).unwrap(),
    );
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut part = vec![0u8; size];
    for _ in 0..parts {
        for b in part.iter_mut() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *b = (state >> 24) as u8;
        }
        enc.write_part(&headers, &part).unwrap();
    }
    Bytes::from(enc.finish().unwrap())
}

fn chunks(body: &Bytes) -> Vec<Bytes> {
    (0..body.len())
        .step_by(CHUNK)
        .map(|i| body.slice(i..(i + CHUNK).min(body.len())))
        .collect()
}

fn ours(chunks: &[Bytes]) -> (usize, u64) {
    let mut parser = Parser::new(&Boundary::new(BOUNDARY).unwrap());
    let (mut parts, mut bytes) = (0usize, 0u64);
    for c in chunks {
        parser
            .feed(c, |ev| match ev {
                Event::PartEnd => parts += 1,
                Event::Body { data, .. } => bytes += data.len() as u64,
                _ => {}
            })
            .unwrap();
    }
    parser.finish().unwrap();
    (parts, bytes)
}

fn floor(chunks: &[Bytes], finder: &memchr::memmem::Finder<'_>) -> usize {
    chunks.iter().map(|c| finder.find_iter(c).count()).sum()
}

fn multer(chunks: &[Bytes]) -> (usize, u64) {
    let stream = futures_util::stream::iter(
        chunks
            .iter()
            .cloned()
            .map(Ok::<Bytes, std::convert::Infallible>),
    );
    let mut mp = multer::Multipart::new(stream, BOUNDARY);
    futures_executor::block_on(async move {
        let (mut parts, mut bytes) = (0usize, 0u64);
        while let Some(mut field) = mp.next_field().await.unwrap() {
            while let Some(c) = field.chunk().await.unwrap() {
                bytes += c.len() as u64;
            }
            parts += 1;
        }
        (parts, bytes)
    })
}

fn split(c: &mut Criterion) {
    let finder = memchr::memmem::Finder::new(b"\r\n--DICOMwebBoundary-7a3f9c21e8");
    for (name, parts, size) in [
        ("200x512KiB", 200usize, 512 * 1024usize),
        ("20000x2KiB", 20_000, 2048),
    ] {
        let body = body(parts, size);
        let chunks = chunks(&body);
        // Same answers before timing anything.
        assert_eq!(ours(&chunks), (parts, (parts * size) as u64));
        assert_eq!(multer(&chunks), (parts, (parts * size) as u64));
        let mut g = c.benchmark_group(format!("multipart_split/{name}"));
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_function("memmem floor", |b| {
            b.iter(|| floor(black_box(&chunks), &finder))
        });
        g.bench_function("dicomweb-types", |b| b.iter(|| ours(black_box(&chunks))));
        g.bench_function("multer", |b| b.iter(|| multer(black_box(&chunks))));
        g.finish();
    }
}

criterion_group!(benches, split);
criterion_main!(benches);

//! The multipart/related parser on arbitrary bytes, with the input split at a fuzzer-chosen
//! point and fed one chunk at a time: same events as one whole feed, no panic; and a body built
//! by the encoder from the input parses back to the same parts.
#![no_main]

use bytes::Bytes;
use dicomweb_types::Limits;
use dicomweb_types::multipart::{self, Boundary, Encoder, Event, Parser, PartHeaders};
use libfuzzer_sys::fuzz_target;

fn events(data: &[u8], cut: usize, step: usize) -> (Vec<(u8, Vec<u8>)>, bool) {
    let boundary = Boundary::new("bd").unwrap();
    let mut limits = Limits::default();
    limits.set_max_part_header_bytes(64).set_max_parts(64);
    let mut p = Parser::with_limits(&boundary, &limits);
    let mut out: Vec<(u8, Vec<u8>)> = Vec::new();
    let mut push = |k: u8, d: &[u8]| match out.last_mut() {
        Some((lk, ld)) if *lk == k && k != 1 && k != 2 => ld.extend_from_slice(d),
        _ => out.push((k, d.to_vec())),
    };
    let (a, b) = data.split_at(cut.min(data.len()));
    let mut chunks: Vec<&[u8]> = vec![a];
    chunks.extend(b.chunks(step.max(1)));
    for c in chunks {
        let r = p.feed(c, |ev| match ev {
            Event::Preamble(d) => push(0, d),
            Event::PartStart(h) => push(1, h.as_str().as_bytes()),
            Event::Body { data, .. } => push(3, data),
            Event::PartEnd => push(2, b""),
            Event::Epilogue(d) => push(4, d),
            _ => {}
        });
        if r.is_err() {
            return (out, false);
        }
    }
    let ok = p.finish().is_ok();
    (out, ok)
}

fuzz_target!(|input: (u16, u8, &[u8])| {
    let (cut, step, data) = input;
    let whole = events(data, data.len(), data.len().max(1));
    let split = events(data, cut as usize, step as usize);
    assert_eq!(whole, split);

    // Encode slices of the input as parts; they must come back unchanged.
    let h = PartHeaders::from_fields([("Content-Type", "application/octet-stream")]).unwrap();
    let mut enc = Encoder::new(Vec::new(), Boundary::new("bd").unwrap());
    let mut kept = Vec::new();
    for body in data.split(|&b| b == 0xff) {
        if enc.write_part(&h, body).is_ok() {
            kept.push(body.to_vec());
        }
    }
    let body = Bytes::from(enc.finish().unwrap());
    let parts =
        multipart::collect(&body, &Boundary::new("bd").unwrap(), &Limits::default()).unwrap();
    let got: Vec<Vec<u8>> = parts.iter().map(|p| p.body.to_vec()).collect();
    assert_eq!(got, kept);
});

//! multipart/related parser, collector and encoder (RFC 2046 §5.1.1, RFC 2387, PS3.18 §8.6).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use bytes::Bytes;
use dicomweb_types::multipart::{self, Boundary, Encoder, Event, Parser, PartHeaders};
use dicomweb_types::{Error, ErrorKind, Limit, Limits, MediaType};
use proptest::prelude::*;
use std::io::Write;

#[derive(Debug, Default, PartialEq, Eq, Clone)]
struct Parsed {
    preamble: Vec<u8>,
    parts: Vec<(String, Vec<u8>)>,
    complete: usize,
    epilogue: Vec<u8>,
}

/// Feeds `body` split at `cuts` (sorted offsets) and collects everything.
fn parse_split(
    body: &[u8],
    boundary: &str,
    cuts: &[usize],
    limits: &Limits,
) -> (Parsed, Result<(), Error>) {
    let mut p = Parser::with_limits(&Boundary::parse(boundary).unwrap(), limits);
    let mut out = Parsed::default();
    let mut last = 0;
    let mut bounds: Vec<usize> = cuts.iter().copied().filter(|&c| c <= body.len()).collect();
    bounds.push(body.len());
    let mut expect_offset = 0u64;
    for c in bounds {
        let c = c.max(last);
        let res = p.feed(&body[last..c], |ev| match ev {
            Event::Preamble(d) => out.preamble.extend_from_slice(d),
            Event::PartStart(h) => {
                out.parts.push((h.as_str().to_owned(), Vec::new()));
                expect_offset = u64::MAX;
            }
            Event::Body { offset, data } => {
                let part = out.parts.last_mut().unwrap();
                if expect_offset != u64::MAX {
                    assert_eq!(offset, expect_offset, "body chunks are contiguous");
                }
                assert!(
                    body[offset as usize..].starts_with(data),
                    "offset {offset} points at the data"
                );
                expect_offset = offset + data.len() as u64;
                part.1.extend_from_slice(data);
            }
            Event::PartEnd => out.complete += 1,
            Event::Epilogue(d) => out.epilogue.extend_from_slice(d),
            _ => {}
        });
        if let Err(e) = res {
            return (out, Err(e));
        }
        last = c;
    }
    let r = p.finish();
    (out, r)
}

fn parse_all_ways(body: &[u8], boundary: &str) -> (Parsed, Result<(), Error>) {
    let whole = parse_split(body, boundary, &[], &Limits::default());
    let bytewise: Vec<usize> = (0..body.len()).collect();
    let one = parse_split(body, boundary, &bytewise, &Limits::default());
    assert_eq!(whole, one, "one byte at a time gives the same result");
    for step in [2, 3, 5, 7, 13] {
        let cuts: Vec<usize> = (0..body.len()).step_by(step).collect();
        assert_eq!(
            whole,
            parse_split(body, boundary, &cuts, &Limits::default()),
            "chunks of {step}"
        );
    }
    whole
}

/// PS3.18 §8.6.1.2 style body with a quoted boundary in the Content-Type (the form in the
/// standard's examples), parsed through the media type.
#[test]
fn quoted_boundary_from_content_type() {
    let ct = r#"multipart/related; type="application/dicom"; boundary="DICOMwebBoundary""#;
    let b = MediaType::parse(ct).unwrap().boundary().unwrap();
    assert_eq!(b.as_str(), "DICOMwebBoundary");
    let body = b"--DICOMwebBoundary\r\nContent-Type: application/dicom\r\n\r\nAAAA\r\n--DICOMwebBoundary\r\nContent-Type: application/dicom\r\nContent-Location: /studies/1.2\r\n\r\nBB\r\n--DICOMwebBoundary--\r\n";
    let (p, r) = parse_all_ways(body, b.as_str());
    r.unwrap();
    assert_eq!(p.parts.len(), 2);
    assert_eq!(p.complete, 2);
    assert_eq!(p.parts[0].1, b"AAAA");
    assert_eq!(p.parts[1].1, b"BB");
    let h = PartHeaders::parse(p.parts[1].0.as_bytes()).unwrap();
    assert_eq!(h.content_location().as_deref(), Some("/studies/1.2"));
}

/// RFC 2046 §5.1.1: the close delimiter may end the body with or without a CRLF.
#[test]
fn close_delimiter_with_and_without_crlf() {
    for tail in [&b"--"[..], b"--\r\n", b"--  \r\n", b"--\r\nepilogue text"] {
        let mut body = b"--x\r\n\r\nlast part\r\n--x".to_vec();
        body.extend_from_slice(tail);
        let (p, r) = parse_all_ways(&body, "x");
        r.unwrap_or_else(|e| panic!("{tail:?}: {e}"));
        assert_eq!(
            p.parts,
            vec![(String::new(), b"last part".to_vec())],
            "{tail:?}"
        );
        assert_eq!(p.complete, 1);
        if tail.ends_with(b"text") {
            assert_eq!(p.epilogue, b"epilogue text");
        }
    }
}

/// RFC 2046 §5.1.1: preamble, transport padding after delimiters, epilogue.
#[test]
fn preamble_padding_epilogue() {
    let body = b"This is the preamble.\r\n--b \t \r\nContent-Type: text/plain\r\n\r\none\r\n--b  \r\n\r\ntwo\r\n--b-- \r\nThis is the epilogue.";
    let (p, r) = parse_all_ways(body, "b");
    r.unwrap();
    assert_eq!(p.preamble, b"This is the preamble.");
    assert_eq!(p.parts.len(), 2);
    assert_eq!(
        p.parts[0],
        ("Content-Type: text/plain".to_owned(), b"one".to_vec())
    );
    assert_eq!(p.parts[1], (String::new(), b"two".to_vec()));
    assert_eq!(p.epilogue, b"This is the epilogue.");
}

/// Lines that look like a delimiter but are not one are body data.
#[test]
fn boundary_like_lines_in_bodies() {
    let inner: &[&[u8]] = &[
        b"\r\n--bound",
        b"\r\n--boundaryX\r\n",
        b"--boundary\r\n",
        b"\r\n--boundary-x",
        b"\r\n--boundary \tq",
        b"\r\n--boundary\rX",
        b"\r\n\r\n\r\n--",
        b"\r\r\n-\r\n--b",
        b"\r\n--boundary  \r\r",
    ];
    for data in inner {
        let mut body = b"--boundary\r\n\r\n".to_vec();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n--boundary--");
        let (p, r) = parse_all_ways(&body, "boundary");
        r.unwrap_or_else(|e| panic!("{data:?}: {e}"));
        assert_eq!(p.parts.len(), 1, "{data:?}");
        assert_eq!(p.parts[0].1, *data, "{data:?}");
    }
    // In the preamble, too.
    let body = b"--boundaryX\r\n--boundary\r\n\r\nz\r\n--boundary--";
    let (p, r) = parse_all_ways(body, "boundary");
    r.unwrap();
    assert_eq!(p.preamble, b"--boundaryX");
    assert_eq!(p.parts[0].1, b"z");
}

/// Empty bodies, empty header blocks, folded headers.
#[test]
fn empty_parts_and_folded_headers() {
    let body = b"--q\r\n\r\n\r\n--q\r\nX-A: 1\r\nX-Long: a\r\n  b\r\n\r\n\r\n--q--";
    let (p, r) = parse_all_ways(body, "q");
    r.unwrap();
    assert_eq!(p.parts.len(), 2);
    assert!(p.parts.iter().all(|(_, b)| b.is_empty()));
    let h = PartHeaders::parse(p.parts[1].0.as_bytes()).unwrap();
    assert_eq!(h.get("x-long").as_deref(), Some("a b"));
    assert_eq!(h.get("X-A").as_deref(), Some("1"));
}

/// Truncation and a missing close delimiter are errors with the offset, after the complete
/// parts have been delivered.
#[test]
fn truncation_is_a_located_error_after_complete_parts() {
    let full = b"--b\r\nContent-Type: application/dicom\r\n\r\nfirst\r\n--b\r\nContent-Type: application/dicom\r\n\r\nsecond part\r\n--b--\r\n";
    // Cut inside the second body.
    let cut = full.windows(6).position(|w| w == b"second").unwrap() + 3;
    let (p, r) = parse_all_ways(&full[..cut], "b");
    let e = r.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Truncated);
    assert_eq!(e.offset(), Some(cut as u64));
    assert!(e.to_string().contains("part 2"), "{e}");
    assert_eq!(p.complete, 1);
    assert_eq!(p.parts[0].1, b"first");
    // Cut inside the headers of the second part.
    let cut = full.windows(4).rposition(|w| w == b"appl").unwrap();
    let (p, r) = parse_all_ways(&full[..cut], "b");
    assert_eq!(r.unwrap_err().kind(), &ErrorKind::Truncated);
    assert_eq!(p.complete, 1);
    // Cut inside the close delimiter, and right after a delimiter line.
    let end = full.len() - 4;
    let (p, r) = parse_all_ways(&full[..end], "b");
    assert_eq!(r.unwrap_err().kind(), &ErrorKind::MissingCloseDelimiter);
    assert_eq!(p.parts.len(), 2);
    let body = b"--b\r\n\r\nonly\r\n--b\r\n";
    let (p, r) = parse_all_ways(body, "b");
    let e = r.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::MissingCloseDelimiter);
    assert_eq!(e.offset(), Some(body.len() as u64));
    assert_eq!(p.complete, 1);
    // No delimiter at all.
    let (_, r) = parse_all_ways(b"hello world", "b");
    assert_eq!(r.unwrap_err().kind(), &ErrorKind::MissingDelimiter);
    // Cut inside a partial delimiter match in a body.
    let (p, r) = parse_all_ways(b"--b\r\n\r\nabc\r\n-", "b");
    assert_eq!(r.unwrap_err().kind(), &ErrorKind::Truncated);
    assert_eq!(p.parts[0].1, b"abc");
}

#[test]
fn bad_headers_are_located() {
    let body = b"--b\r\nno colon here\r\n\r\nx\r\n--b--";
    let (_, r) = parse_all_ways(body, "b");
    let e = r.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::InvalidHeader("no colon"));
    assert_eq!(e.offset(), Some(5));
    let body = b"--b\r\nA: 1\r\nBad Name: 2\r\n\r\nx\r\n--b--";
    let e = parse_all_ways(body, "b").1.unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::InvalidHeader("character not allowed in field name")
    );
    assert_eq!(e.offset(), Some(14));
}

/// Limits: header bytes per part, number of parts, part size (limit and limit + 1).
#[test]
fn limits_are_enforced() {
    let body = b"--b\r\nX-H: 0123456789\r\n\r\nbody-bytes\r\n--b\r\n\r\nxx\r\n--b--";
    let header_len = "X-H: 0123456789".len();
    for (limits, ok, limit) in [
        (
            Limits::default()
                .set_max_part_header_bytes(header_len)
                .clone(),
            true,
            None,
        ),
        (
            Limits::default()
                .set_max_part_header_bytes(header_len - 1)
                .clone(),
            false,
            Some(Limit::PartHeaderBytes),
        ),
        (Limits::default().set_max_parts(2).clone(), true, None),
        (
            Limits::default().set_max_parts(1).clone(),
            false,
            Some(Limit::Parts),
        ),
        (Limits::default().set_max_part_bytes(10).clone(), true, None),
        (
            Limits::default().set_max_part_bytes(9).clone(),
            false,
            Some(Limit::PartBytes),
        ),
    ] {
        for cuts in [vec![], (0..body.len()).collect::<Vec<_>>()] {
            let (p, r) = parse_split(body, "b", &cuts, &limits);
            match limit {
                None => {
                    assert!(r.is_ok(), "{limits:?}: {r:?}");
                    assert_eq!(p.complete, 2);
                }
                Some(l) => {
                    let e = r.unwrap_err();
                    assert_eq!(e.kind(), &ErrorKind::LimitExceeded(l));
                    assert_eq!(e.status(), 413);
                }
            }
            let _ = ok;
        }
    }
}

#[test]
fn collect_is_zero_copy() {
    let h = PartHeaders::from_fields([
        ("Content-Type", "application/dicom"),
        ("Content-ID", "<1@x>"),
    ])
    .unwrap();
    let bodies: Vec<Vec<u8>> = vec![
        b"one".to_vec(),
        vec![],
        vec![7u8; 100_000],
        b"\r\n--not".to_vec(),
    ];
    let mut enc = Encoder::new(Vec::new(), Boundary::new("zz").unwrap());
    for b in &bodies {
        enc.write_part(&h, b).unwrap();
    }
    let body = Bytes::from(enc.finish().unwrap());
    let parts =
        multipart::collect(&body, &Boundary::new("zz").unwrap(), &Limits::default()).unwrap();
    assert_eq!(parts.len(), bodies.len());
    let range = body.as_ptr() as usize..body.as_ptr() as usize + body.len();
    for (p, b) in parts.iter().zip(&bodies) {
        assert_eq!(&p.body[..], &b[..]);
        assert_eq!(p.headers.content_id().as_deref(), Some("<1@x>"));
        if !b.is_empty() {
            assert!(
                range.contains(&(p.body.as_ptr() as usize)),
                "the body is a slice of the input"
            );
        }
        assert_eq!(
            &body[p.offset as usize..p.offset as usize + p.body.len()],
            &b[..]
        );
    }
    // Complete parts survive a truncation.
    let cut = body.slice(..body.len() - 20);
    let (parts, err) =
        multipart::collect_complete(&cut, &Boundary::new("zz").unwrap(), &Limits::default());
    assert_eq!(parts.len(), 3);
    assert_eq!(err.unwrap().kind(), &ErrorKind::Truncated);
}

#[test]
fn encoder_refuses_the_boundary_in_a_body() {
    let h = PartHeaders::empty();
    let b = Boundary::new("sep").unwrap();
    for bad in [
        &b"a\r\n--sep"[..],
        b"--sep",
        b"x\r\n--sep--",
        b"\r\n--sepmore",
    ] {
        let mut enc = Encoder::new(Vec::new(), b.clone());
        let e = enc.write_part(&h, bad).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidData, "{bad:?}");
        let inner = e.get_ref().unwrap().downcast_ref::<Error>().unwrap();
        assert_eq!(inner.kind(), &ErrorKind::BoundaryInBody);
        assert!(
            enc.finish().unwrap() == b"--sep--\r\n",
            "nothing of the part was written"
        );
    }
    // Streaming: the delimiter split over two writes is caught too.
    let mut enc = Encoder::new(Vec::new(), b.clone());
    {
        let mut w = enc.start_part(&h).unwrap();
        w.write_all(b"abc\r\n-").unwrap();
        assert!(w.write_all(b"-sep").is_err());
    }
    let mut enc2 = Encoder::new(Vec::new(), b.clone());
    {
        let mut w = enc2.start_part(&h).unwrap();
        w.write_all(b"--se").unwrap();
        w.write_all(b"p").unwrap_err();
    }
    // Near misses are fine and round-trip.
    let mut enc = Encoder::new(Vec::new(), b.clone());
    {
        let mut w = enc.start_part(&h).unwrap();
        for piece in [&b"\r\n--se"[..], b"x\r\n", b"-", b"-sex", b"\r"] {
            w.write_all(piece).unwrap();
        }
    }
    let body = Bytes::from(enc.finish().unwrap());
    let parts = multipart::collect(&body, &b, &Limits::default()).unwrap();
    assert_eq!(&parts[0].body[..], b"\r\n--sex\r\n--sex\r");
}

#[test]
fn boundaries_are_checked() {
    assert!(Boundary::new(&"a".repeat(70)).is_ok());
    assert_eq!(
        Boundary::new(&"a".repeat(71)).unwrap_err().kind(),
        &ErrorKind::InvalidBoundary("longer than 70 characters")
    );
    assert!(Boundary::new("with space inside").is_ok());
    assert!(Boundary::new("semi;colon").is_err());
    assert!(Boundary::parse("semi;colon").is_ok());
    assert!(Boundary::parse("line\nbreak").is_err());
    let a = Boundary::random();
    let b = Boundary::random();
    assert_ne!(a, b);
    assert!(Boundary::new(a.as_str()).is_ok());
}

fn near_boundary_body() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just(b"\r\n".to_vec()),
            Just(b"\r".to_vec()),
            Just(b"-".to_vec()),
            Just(b"--".to_vec()),
            Just(b"--bd".to_vec()),
            Just(b"\r\n--bd".to_vec()),
            Just(b"\r\n--b".to_vec()),
            Just(b"\r\n--bdX".to_vec()),
            Just(b" ".to_vec()),
            prop::collection::vec(any::<u8>(), 0..20),
        ],
        0..12,
    );
    pieces.prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Encode random parts, split the body at random places, parse back equal.
    #[test]
    fn roundtrip_random_parts_and_chunks(
        bodies in prop::collection::vec(near_boundary_body(), 0..6),
        cuts in prop::collection::vec(0usize..400, 0..30),
        fixed in any::<bool>(),
    ) {
        let boundary = if fixed { Boundary::new("bd").unwrap() } else { Boundary::random() };
        let h = PartHeaders::from_fields([("Content-Type", "application/octet-stream")]).unwrap();
        let mut enc = Encoder::new(Vec::new(), boundary.clone());
        let mut kept = Vec::new();
        for b in &bodies {
            match enc.write_part(&h, b) {
                Ok(()) => kept.push(b.clone()),
                Err(_) => {
                    // Refused only when the body really holds the delimiter.
                    let mut probe = b"\r\n".to_vec();
                    probe.extend_from_slice(b);
                    let d = boundary.delimiter();
                    prop_assert!(probe.windows(d.len()).any(|w| w == &d[..]));
                }
            }
        }
        let body = enc.finish().unwrap();
        let mut cuts = cuts;
        cuts.sort_unstable();
        let (p, r) = parse_split(&body, boundary.as_str(), &cuts, &Limits::default());
        prop_assert!(r.is_ok(), "{:?}", r);
        let got: Vec<Vec<u8>> = p.parts.iter().map(|(_, b)| b.clone()).collect();
        prop_assert_eq!(got, kept.clone());
        prop_assert_eq!(p.complete, kept.len());
        let collected = multipart::collect(&Bytes::from(body), &boundary, &Limits::default()).unwrap();
        prop_assert_eq!(collected.len(), kept.len());
    }

    /// Any input: one byte at a time and all at once agree, and nothing panics.
    #[test]
    fn any_input_any_chunking(body in near_boundary_body(), cuts in prop::collection::vec(0usize..100, 0..10)) {
        let mut full = b"--bd\r\n\r\n".to_vec();
        full.extend_from_slice(&body);
        let mut cuts = cuts;
        cuts.sort_unstable();
        let a = parse_split(&full, "bd", &[], &Limits::default());
        let b = parse_split(&full, "bd", &cuts, &Limits::default());
        prop_assert_eq!(a, b);
    }
}

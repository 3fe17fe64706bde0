//! The `tokio-codec` feature: `MllpCodec` as tokio-util `Decoder`/`Encoder` (HL7 v2.5.1
//! Appendix C framing), fed through a `BytesMut` in random chunks, pipelined, oversized, and
//! through tokio-util's `FramedRead`.
#![cfg(feature = "tokio-codec")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use bytes::BytesMut;
use hl7v2_imaging::mllp::{CodecError, Deframer, Event, MllpCodec, frame};
use hl7v2_imaging::{ErrorKind, Limit, Limits};
use proptest::prelude::*;
use tokio_util::codec::{Decoder, Encoder, FramedRead};

type Out = Result<Event, ErrorKind>;

fn kind(e: CodecError) -> ErrorKind {
    match e {
        CodecError::Mllp(e) => e.kind().clone(),
        other => panic!("unexpected {other:?}"),
    }
}

/// Feed `stream` to the codec through one `BytesMut`, `chunks` bytes at a time (cycled), calling
/// `decode` until it returns `None` after each chunk, then `decode_eof` until `None`.
fn decode_chunked(stream: &[u8], chunks: &[usize], max: usize) -> Vec<Out> {
    let mut codec = MllpCodec::new(max);
    let mut buf = BytesMut::new();
    let mut out = Vec::new();
    let mut pos = 0;
    for n in chunks.iter().cycle() {
        if pos >= stream.len() {
            break;
        }
        let end = (pos + n.max(&1)).min(stream.len());
        buf.extend_from_slice(&stream[pos..end]);
        pos = end;
        loop {
            match codec.decode(&mut buf) {
                Ok(Some(ev)) => out.push(Ok(ev)),
                Ok(None) => break,
                Err(e) => out.push(Err(kind(e))),
            }
        }
        // Never more buffered than the limit plus a start block plus one chunk.
        assert!(buf.len() <= max + 3 + n, "buffered {}", buf.len());
    }
    loop {
        match codec.decode_eof(&mut buf) {
            Ok(Some(ev)) => out.push(Ok(ev)),
            Ok(None) => break,
            Err(e) => out.push(Err(kind(e))),
        }
    }
    assert!(buf.is_empty());
    assert_eq!(codec.offset(), stream.len() as u64);
    out
}

/// The same stream through the sans-IO `Deframer`, in the same chunks.
fn deframer_events(stream: &[u8], chunks: &[usize], max: usize) -> Vec<Out> {
    let mut d = Deframer::new(max);
    let mut out = Vec::new();
    let mut pos = 0;
    for n in chunks.iter().cycle() {
        if pos >= stream.len() {
            break;
        }
        let end = (pos + n.max(&1)).min(stream.len());
        d.handle_input(&stream[pos..end]);
        pos = end;
        while let Some(ev) = d.poll_event() {
            out.push(ev.map_err(|e| e.kind().clone()));
        }
    }
    out
}

fn frames(events: &[Out]) -> Vec<&[u8]> {
    events
        .iter()
        .filter_map(|e| match e {
            Ok(Event::Frame(p)) => Some(&p[..]),
            _ => None,
        })
        .collect()
}

#[test]
fn pipelined_frames_in_one_read_come_out_one_by_one() {
    let mut wire = Vec::new();
    for p in [
        &b"MSH|^~\\&|1\r"[..],
        b"MSH|^~\\&|2\r",
        b"",
        b"MSH|^~\\&|3\r",
    ] {
        wire.extend(frame(p));
    }
    let events = decode_chunked(&wire, &[wire.len()], 1024);
    assert_eq!(
        events,
        vec![
            Ok(Event::Frame(b"MSH|^~\\&|1\r".to_vec())),
            Ok(Event::Frame(b"MSH|^~\\&|2\r".to_vec())),
            Ok(Event::Frame(Vec::new())),
            Ok(Event::Frame(b"MSH|^~\\&|3\r".to_vec())),
        ]
    );
}

#[test]
fn byte_by_byte_reads() {
    let mut wire = frame(b"MSH|^~\\&|A\r");
    wire.extend(frame(b"MSH|^~\\&|B\r"));
    let events = decode_chunked(&wire, &[1], 1024);
    assert_eq!(
        frames(&events),
        vec![&b"MSH|^~\\&|A\r"[..], b"MSH|^~\\&|B\r"]
    );
    assert_eq!(events.len(), 2);
}

#[test]
fn junk_between_frames_is_reported_with_its_stream_offset() {
    let mut wire = frame(b"A"); // 4 bytes
    wire.extend_from_slice(b"\r\nnoise"); // 7 bytes of junk at offset 4
    wire.extend(frame(b"B"));
    let events = decode_chunked(&wire, &[3, 1, 2], 1024);
    assert_eq!(events.first(), Some(&Ok(Event::Frame(b"A".to_vec()))));
    assert_eq!(events.last(), Some(&Ok(Event::Frame(b"B".to_vec()))));
    let junk: Vec<(u64, usize)> = events
        .iter()
        .filter_map(|e| match e {
            Ok(Event::Junk { offset, len, .. }) => Some((*offset, *len)),
            _ => None,
        })
        .collect();
    assert_eq!(junk.first().map(|j| j.0), Some(4));
    assert_eq!(junk.iter().map(|j| j.1).sum::<usize>(), 7);
}

#[test]
fn oversized_frame_is_an_error_at_its_offset_then_the_next_frame_decodes() {
    // limit 10: payloads of 9 and 10 bytes pass, 11 fails (HL7 v2.5.1 Appendix C has no
    // maximum; the limit is ours, Limits::max_frame_bytes).
    let mut wire = frame(&[b'a'; 9]); // offset 0, 12 bytes
    wire.extend(frame(&[b'b'; 10])); // offset 12, 13 bytes
    wire.extend(frame(&[b'c'; 11])); // offset 25, 14 bytes
    wire.extend(frame(b"after")); // offset 39
    for chunks in [&[wire.len()][..], &[1], &[5, 7]] {
        let events = decode_chunked(&wire, chunks, 10);
        assert_eq!(
            events,
            vec![
                Ok(Event::Frame(vec![b'a'; 9])),
                Ok(Event::Frame(vec![b'b'; 10])),
                Err(ErrorKind::LimitExceeded {
                    limit: Limit::FrameBytes,
                    max: 10
                }),
                Ok(Event::Frame(b"after".to_vec())),
            ],
            "chunks {chunks:?}"
        );
    }
    // The error says where the frame started.
    let mut codec = MllpCodec::new(10);
    let mut buf = BytesMut::from(&wire[25..]);
    match codec.decode(&mut buf) {
        Err(CodecError::Mllp(e)) => assert_eq!(e.location().offset, 0),
        other => panic!("{other:?}"),
    }
}

#[test]
fn oversized_frame_without_end_block_is_not_buffered() {
    let mut codec = MllpCodec::with_limits(Limits::default().max_frame_bytes(100));
    let mut buf = BytesMut::from(&b"\x0b"[..]);
    buf.extend_from_slice(&[b'x'; 101]);
    assert!(matches!(codec.decode(&mut buf), Err(CodecError::Mllp(_))));
    // The rest of the oversized frame is dropped as it arrives.
    for _ in 0..10 {
        buf.extend_from_slice(&[b'x'; 1000]);
        assert_eq!(codec.decode(&mut buf).unwrap(), None);
        assert!(buf.is_empty());
    }
    buf.extend_from_slice(b"\x1c\r");
    buf.extend(frame(b"next"));
    assert_eq!(
        codec.decode(&mut buf).unwrap(),
        Some(Event::Frame(b"next".to_vec()))
    );
    assert_eq!(codec.offset(), 1 + 101 + 10_000 + 2 + 7);
}

#[test]
fn stream_ending_inside_a_frame_reports_the_tail_as_junk() {
    let mut wire = frame(b"whole");
    wire.extend_from_slice(b"\x0bhalf a mess");
    let events = decode_chunked(&wire, &[4], 1024);
    assert_eq!(
        events,
        vec![
            Ok(Event::Frame(b"whole".to_vec())),
            Ok(Event::Junk {
                offset: 8,
                len: 12,
                reason: "stream ended inside a frame"
            }),
        ]
    );
}

#[test]
fn encoder_frames_and_refuses_what_cannot_be_framed() {
    let mut codec = MllpCodec::new(5);
    let mut dst = BytesMut::new();
    codec.encode(&b"MSH|^"[..], &mut dst).unwrap();
    codec.encode(b"".to_vec(), &mut dst).unwrap();
    assert_eq!(&dst[..], b"\x0bMSH|^\x1c\r\x0b\x1c\r");
    // Over the limit: nothing written.
    let e = codec.encode(&b"MSH|^~"[..], &mut dst).unwrap_err();
    assert_eq!(
        kind(e),
        ErrorKind::LimitExceeded {
            limit: Limit::FrameBytes,
            max: 5
        }
    );
    // A start block or FS in the payload would end or cut the frame for the peer.
    for (payload, at) in [(&b"ab\x0bc"[..], 2), (b"a\x1c\rb", 1)] {
        match codec.encode(payload, &mut dst) {
            Err(CodecError::Mllp(e)) => {
                assert!(matches!(e.kind(), ErrorKind::Framing(_)));
                assert_eq!(e.location().offset, at);
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(dst.len(), 11);
}

/// Poll a `FramedRead` to completion without a runtime: `&[u8]` is always ready.
fn collect_framed(wire: &[u8], max: usize) -> Vec<Result<Event, String>> {
    use futures_core::Stream;
    use std::pin::Pin;
    use std::task::{Context, Poll, Waker};
    let mut framed = FramedRead::new(wire, MllpCodec::new(max));
    let mut cx = Context::from_waker(Waker::noop());
    let mut out = Vec::new();
    let mut nones = 0;
    // After an error tokio-util yields one `None`; poll again to go on (see MllpCodec docs).
    while nones < 2 {
        match Pin::new(&mut framed).poll_next(&mut cx) {
            Poll::Ready(Some(r)) => {
                nones = 0;
                out.push(r.map_err(|e| e.to_string()));
            }
            Poll::Ready(None) => nones += 1,
            Poll::Pending => panic!("a slice reader is never pending"),
        }
    }
    out
}

#[test]
fn framed_read_over_a_stream_larger_than_its_buffer() {
    // 300 frames of ~120 bytes: FramedRead's 8 KiB reads cut frames at arbitrary places.
    let mut wire = Vec::new();
    let mut expected = Vec::new();
    for i in 0..300 {
        let p = format!(
            "MSH|^~\\&|RIS|H|PACS|H|20240101||ORM^O01|MSG{i:05}|P|2.3.1\rPID|||{i}\rOBR|1|A{i}||||||||||||||||ACC{i}\r"
        );
        wire.extend(frame(p.as_bytes()));
        expected.push(p.into_bytes());
    }
    // An oversized frame, then a frame, then a truncated one.
    wire.extend(frame(&[b'z'; 5000]));
    wire.extend(frame(b"MSH|^~\\&|LAST\r"));
    wire.extend_from_slice(b"\x0bMSH|^~\\&|CUT");
    let events = collect_framed(&wire, 4096);
    let got: Vec<&[u8]> = events
        .iter()
        .filter_map(|e| match e {
            Ok(Event::Frame(p)) => Some(&p[..]),
            _ => None,
        })
        .collect();
    let mut want: Vec<&[u8]> = expected.iter().map(|p| &p[..]).collect();
    want.push(b"MSH|^~\\&|LAST\r");
    assert_eq!(got, want);
    let errors: Vec<&String> = events.iter().filter_map(|e| e.as_ref().err()).collect();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].contains("max_frame_bytes"), "{}", errors[0]);
    assert!(
        matches!(
            events.last(),
            Some(Ok(Event::Junk {
                offset,
                len: 13,
                reason: "stream ended inside a frame",
            })) if *offset == wire.len() as u64 - 13
        ),
        "{:?}",
        &events[events.len().saturating_sub(3)..]
    );
}

/// A stream made of frames, junk and oversized frames.
fn stream_part() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => prop::collection::vec(any::<u8>(), 0..40).prop_map(|p| frame(&p)),
        1 => prop::collection::vec(any::<u8>(), 0..10),
        1 => (41usize..120).prop_map(|n| frame(&vec![b'o'; n])),
    ]
}

proptest! {
    /// Any byte stream, any chunking: the codec yields exactly the sans-IO `Deframer`'s events
    /// (frames, junk with offsets, limit errors), plus the end-of-stream tail as junk.
    #[test]
    fn codec_matches_the_deframer(
        parts in prop::collection::vec(stream_part(), 0..12),
        chunks in prop::collection::vec(1usize..50, 1..8),
    ) {
        let stream: Vec<u8> = parts.concat();
        let mut codec = decode_chunked(&stream, &chunks, 40);
        let reference = deframer_events(&stream, &chunks, 40);
        if let Some(Ok(Event::Junk { reason: "stream ended inside a frame", .. })) = codec.last() {
            codec.pop();
        }
        prop_assert_eq!(codec, reference);
    }

    /// Encoding then decoding in random chunks gives the payloads back.
    #[test]
    fn encode_decode_round_trip(
        payloads in prop::collection::vec(prop::collection::vec(any::<u8>().prop_filter("framing bytes", |b| *b != 0x0b && *b != 0x1c), 0..200), 0..8),
        chunks in prop::collection::vec(1usize..64, 1..8),
    ) {
        let mut codec = MllpCodec::new(200);
        let mut wire = BytesMut::new();
        for p in &payloads {
            codec.encode(p, &mut wire).unwrap();
        }
        let events = decode_chunked(&wire, &chunks, 200);
        let want: Vec<Out> = payloads.into_iter().map(|p| Ok(Event::Frame(p))).collect();
        prop_assert_eq!(events, want);
    }
}

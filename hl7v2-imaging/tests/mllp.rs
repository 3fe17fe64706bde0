//! MLLP framing (HL7 v2.5.1 Appendix C): random chunking, pipelined frames, junk, limits.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hl7v2_imaging::mllp::{Deframed, Deframer, Event, deframe, frame};
use hl7v2_imaging::{ErrorKind, Limit};
use proptest::prelude::*;

fn run(stream: &[u8], chunks: &[usize], max: usize) -> Vec<Result<Event, ErrorKind>> {
    let mut d = Deframer::new(max);
    let mut out = Vec::new();
    let mut pos = 0;
    let mut i = 0;
    while pos < stream.len() {
        let n = chunks
            .get(i % chunks.len().max(1))
            .copied()
            .unwrap_or(1)
            .max(1);
        let end = (pos + n).min(stream.len());
        d.handle_input(&stream[pos..end]);
        pos = end;
        i += 1;
        while let Some(ev) = d.poll_event() {
            out.push(ev.map_err(|e| e.kind().clone()));
        }
    }
    out
}

#[test]
fn pipelined_frames_come_out_one_by_one() {
    let mut stream = Vec::new();
    for p in [&b"MSH|1\r"[..], b"MSH|2\r", b"MSH|3\r"] {
        stream.extend(frame(p));
    }
    let events = run(&stream, &[stream.len()], 1024);
    assert_eq!(
        events,
        vec![
            Ok(Event::Frame(b"MSH|1\r".to_vec())),
            Ok(Event::Frame(b"MSH|2\r".to_vec())),
            Ok(Event::Frame(b"MSH|3\r".to_vec())),
        ]
    );
}

#[test]
fn junk_between_frames_is_reported_with_its_offset() {
    let mut stream = frame(b"A");
    stream.extend_from_slice(b"\r\nnoise");
    stream.extend(frame(b"B"));
    let events = run(&stream, &[3, 1, 2], 1024);
    assert_eq!(events[0], Ok(Event::Frame(b"A".to_vec())));
    assert!(matches!(events[1], Ok(Event::Junk { offset: 4, .. })));
    assert_eq!(events.last(), Some(&Ok(Event::Frame(b"B".to_vec()))));
    let junk: usize = events
        .iter()
        .map(|e| match e {
            Ok(Event::Junk { len, .. }) => *len,
            _ => 0,
        })
        .sum();
    assert_eq!(junk, 7);
}

#[test]
fn unterminated_frame_cut_by_a_new_start_block() {
    let buf = b"\x0bhalf\x0bfull\x1c\r";
    assert_eq!(
        deframe(buf, 100).unwrap(),
        Deframed::Junk {
            len: 5,
            reason: "frame without end block before a new start block"
        }
    );
    assert_eq!(
        deframe(&buf[5..], 100).unwrap(),
        Deframed::Frame {
            payload: b"full",
            consumed: 7
        }
    );
}

#[test]
fn frame_size_limit_and_resync() {
    // limit - 1, limit, limit + 1 payload bytes.
    for (len, ok) in [(9, true), (10, true), (11, false)] {
        let f = frame(&vec![b'x'; len]);
        let r = deframe(&f, 10);
        assert_eq!(r.is_ok(), ok, "{len}");
        if let Err(e) = r {
            assert_eq!(
                e.kind(),
                &ErrorKind::LimitExceeded {
                    limit: Limit::FrameBytes,
                    max: 10
                }
            );
        }
    }
    // Without an end block, the limit stops buffering.
    let mut d = Deframer::new(10);
    d.handle_input(b"\x0b");
    d.handle_input(&[b'y'; 50]);
    assert!(matches!(d.poll_event(), Some(Err(_))));
    assert_eq!(d.poll_event(), None);
    d.handle_input(b"yyy\x1c\r");
    d.handle_input(&frame(b"ok"));
    let mut got = Vec::new();
    while let Some(e) = d.poll_event() {
        got.push(e.unwrap());
    }
    assert_eq!(got.last(), Some(&Event::Frame(b"ok".to_vec())));
}

#[test]
fn fs_without_cr_is_junk() {
    assert!(matches!(
        deframe(b"\x0babc\x1cX", 100).unwrap(),
        Deframed::Junk { len: 5, .. }
    ));
    assert_eq!(deframe(b"\x0babc\x1c", 100).unwrap(), Deframed::Partial);
}

proptest! {
    /// Any payloads (without the framing bytes), any chunking: the frames come back in order.
    #[test]
    fn random_chunking(
        payloads in prop::collection::vec(prop::collection::vec(any::<u8>().prop_filter("no framing bytes", |b| *b != 0x0b && *b != 0x1c), 0..200), 1..8),
        chunks in prop::collection::vec(1usize..64, 1..10),
    ) {
        let mut stream = Vec::new();
        for p in &payloads {
            stream.extend(frame(p));
        }
        let events = run(&stream, &chunks, 1 << 16);
        let frames: Vec<Vec<u8>> = events.into_iter().map(|e| match e {
            Ok(Event::Frame(f)) => f,
            other => panic!("unexpected {other:?}"),
        }).collect();
        prop_assert_eq!(frames, payloads);
    }

    /// Any bytes (frames, junk, cut and oversized frames), any chunking: the same frames as when
    /// the whole stream arrives at once, and every byte accounted for (a frame read in many
    /// chunks is scanned incrementally; this checks the scan resumes at the right place).
    #[test]
    fn frames_do_not_depend_on_chunking(
        parts in prop::collection::vec(prop_oneof![
            3 => prop::collection::vec(any::<u8>(), 0..30).prop_map(|p| frame(&p)),
            1 => prop::collection::vec(prop_oneof![Just(0x0bu8), Just(0x1c), Just(0x0d), any::<u8>()], 0..12),
            1 => (31usize..80).prop_map(|n| frame(&vec![b'o'; n])),
        ], 0..12),
        chunks in prop::collection::vec(1usize..40, 1..8),
    ) {
        let stream = parts.concat();
        let frames = |events: Vec<Result<Event, ErrorKind>>| -> Vec<Vec<u8>> {
            events.into_iter().filter_map(|e| match e {
                Ok(Event::Frame(f)) => Some(f),
                _ => None,
            }).collect()
        };
        let whole = frames(run(&stream, &[stream.len().max(1)], 30));
        let chunked = frames(run(&stream, &chunks, 30));
        prop_assert_eq!(chunked, whole);
    }
}

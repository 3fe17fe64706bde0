#![no_main]
//! Feed arbitrary bytes to the MLLP deframer in arbitrary chunks; every frame it returns must
//! be what the one-shot `deframe` loop returns, and memory stays bounded.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u8, u16, &[u8])| {
    let (chunk, max, data) = input;
    let chunk = usize::from(chunk).max(1);
    let max = usize::from(max);
    let mut d = hl7v2_imaging::mllp::Deframer::new(max);
    let mut frames = Vec::new();
    for part in data.chunks(chunk) {
        d.handle_input(part);
        while let Some(ev) = d.poll_event() {
            if let Ok(hl7v2_imaging::mllp::Event::Frame(f)) = ev {
                assert!(f.len() <= max);
                frames.push(f);
            }
        }
        assert!(d.buffered() <= max + 3 + chunk);
    }
    for f in &frames {
        let framed = hl7v2_imaging::mllp::frame(f);
        assert_eq!(
            hl7v2_imaging::mllp::deframe(&framed, max),
            Ok(hl7v2_imaging::mllp::Deframed::Frame {
                payload: f,
                consumed: framed.len()
            })
        );
    }
});

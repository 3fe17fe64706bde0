#![no_main]
//! Parse arbitrary bytes as a file of HL7 v2 messages; read every element; check that the
//! lossless writer gives the segments back and that the owned twin round-trips.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(file) = hl7v2_imaging::parse_file(data) else {
        return;
    };
    for msg in file.ok_messages() {
        for seg in msg.segments() {
            for f in seg.fields() {
                let _ = f.value();
                for r in f.parts() {
                    for c in r.parts() {
                        for s in c.parts() {
                            let _ = s.value();
                        }
                    }
                }
            }
        }
        let _ = msg.get("PID-3[2].1.2");
        let _ = hl7v2_imaging::typed::OrderMessage::from_message(msg);
        let _ = hl7v2_imaging::ack::Ack::new(msg, hl7v2_imaging::ack::AckCode::AA)
            .timestamp("20240101")
            .build();
        let owned = msg.into_owned();
        let bytes = owned.to_bytes();
        let again = hl7v2_imaging::Message::parse(&bytes).expect("owned output re-parses");
        assert_eq!(owned, again);
        let _ = msg.to_canonical();
    }
});

#![no_main]
//! Decode arbitrary bytes as an escaped value with arbitrary delimiters and character set, and
//! check that encoding then decoding a string gives it back.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u8, [u8; 5], &[u8])| {
    let (cs, enc, data) = input;
    let Ok(d) = hl7v2_imaging::Delimiters::from_header(enc[0], &enc[1..5]) else {
        return;
    };
    let charsets = [
        hl7v2_imaging::Charset::Ascii,
        hl7v2_imaging::Charset::Iso8859_1,
        hl7v2_imaging::Charset::Iso8859_7,
        hl7v2_imaging::Charset::Windows1250,
        hl7v2_imaging::Charset::Utf8,
    ];
    let charset = charsets[usize::from(cs) % charsets.len()];
    let _ = hl7v2_imaging::escape::decode(data, &d, charset);
    if let Ok(s) = std::str::from_utf8(data) {
        if d.all().iter().all(u8::is_ascii_punctuation) {
            let enc = hl7v2_imaging::escape::encode(s, &d);
            let back =
                hl7v2_imaging::escape::decode(enc.as_bytes(), &d, hl7v2_imaging::Charset::Utf8);
            assert_eq!(back, s);
        }
    }
});

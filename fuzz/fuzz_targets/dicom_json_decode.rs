//! Any bytes into the DICOM JSON decoder, strict and lenient, whole and streamed, with the
//! limits taken from the input: never a panic, never unbounded memory.
#![no_main]

use dicom_json_codec::{ArrayReader, DecodeOptions, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u8, &[u8])| {
    let (knobs, data) = input;
    let mut limits = Limits::default();
    limits
        .max_depth(usize::from(knobs & 0x0F))
        .max_elements(64)
        .max_string_bytes(1024)
        .max_binary_bytes(4096)
        .max_data_set_bytes(1 << 16);
    let mut opts = DecodeOptions::new();
    opts.lenient(knobs & 0x10 != 0).limits(limits);
    let _ = opts.decode(data);
    let _ = opts.decode_array(data);
    for r in opts.iter_array(data).take(64) {
        let _ = r;
    }
    for r in ArrayReader::new(data, opts.clone()).take(64) {
        let _ = r;
    }
    let _ = dicom_json_codec::from_slice(data);
});

//! Any bytes into the DICOM JSON decoder, strict and lenient, whole and streamed, with the
//! limits taken from the input: never a panic, never unbounded memory. The zero-copy view
//! must agree with the full decoder: the same Ok/Err, the same error (kind, position, tag
//! path), and on Ok the same data sets, repairs and encoded bytes.
#![no_main]

use dicom_json_codec::{ArrayReader, DecodeOptions, EncodeOptions, Limits};
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
    match (opts.decode(data), opts.view(data)) {
        (Ok(full), Ok(view)) => {
            let ds = view.get(0).expect("a view of one object has one data set");
            let built = ds.to_data_set().expect("a view converts");
            assert_eq!(format!("{built:?}"), format!("{:?}", full.value));
            assert_eq!(view.repairs(), &full.repairs[..]);
            let enc = EncodeOptions::new();
            let mut from_view = Vec::new();
            match (
                enc.to_vec(&full.value),
                enc.to_writer_view(&mut from_view, ds),
            ) {
                (Ok(a), Ok(())) => assert_eq!(a, from_view),
                (Err(a), Err(b)) => assert_eq!(a, b),
                (a, b) => panic!("encode: full {a:?} view {b:?}"),
            }
        }
        (Err(a), Err(b)) => assert_eq!(a, b),
        (a, b) => panic!("full {:?} view {:?}", a.map(|_| ()), b.map(|_| ())),
    }
    match (opts.decode_array(data), opts.view_array(data)) {
        (Ok(full), Ok(view)) => {
            let built = view.to_data_sets().expect("a view converts");
            assert_eq!(format!("{built:?}"), format!("{:?}", full.value));
            assert_eq!(view.repairs(), &full.repairs[..]);
        }
        (Err(a), Err(b)) => assert_eq!(a, b),
        (a, b) => panic!("full {:?} view {:?}", a.map(|_| ()), b.map(|_| ())),
    }
    for r in opts.iter_array(data).take(64) {
        let _ = r;
    }
    for r in ArrayReader::new(data, opts.clone()).take(64) {
        let _ = r;
    }
    let _ = dicom_json_codec::from_slice(data);
});

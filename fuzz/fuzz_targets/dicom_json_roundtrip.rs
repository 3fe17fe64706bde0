//! decode → encode → decode gives the same data set, and encoding it again gives the same
//! bytes (PS3.18 Annex F round trip), in strict and lenient mode.
#![no_main]

use dicom_json_codec::{DecodeOptions, EncodeOptions, NumberPolicy, same_content};
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(|input: (bool, &[u8])| -> Corpus {
    let (lenient, data) = input;
    let mut opts = DecodeOptions::new();
    opts.lenient(lenient);
    let Ok(first) = opts.decode_array(data) else {
        return Corpus::Reject;
    };
    let enc = EncodeOptions::new();
    let json = match enc.to_vec_array(&first.value) {
        Ok(j) => j,
        // Values only a lenient decode accepts may have no conforming form.
        Err(_) if lenient => return Corpus::Keep,
        Err(e) => panic!("strict-decoded data set does not encode: {e}"),
    };
    // Same leniency: a lenient decode keeps a VR that contradicts the dictionary, which a
    // strict decode of our output rightly refuses.
    let second = opts.decode_array(&json).unwrap_or_else(|e| {
        panic!(
            "our output does not decode: {e}\n{}",
            String::from_utf8_lossy(&json)
        )
    });
    assert_eq!(first.value.len(), second.value.len());
    for (a, b) in first.value.iter().zip(&second.value) {
        assert!(same_content(a, b), "{}", String::from_utf8_lossy(&json));
    }
    assert_eq!(enc.to_vec_array(&second.value).unwrap(), json);
    // The other policies produce JSON that decodes too.
    for p in [NumberPolicy::Number, NumberPolicy::String] {
        if let Ok(j) = EncodeOptions::new().numbers(p).to_vec_array(&first.value) {
            assert!(
                opts.decode_array(&j).is_ok(),
                "{}",
                String::from_utf8_lossy(&j)
            );
        }
    }
    Corpus::Keep
});

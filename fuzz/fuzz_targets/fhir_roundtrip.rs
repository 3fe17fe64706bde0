//! decode -> encode -> decode: what decodes (lenient, so unknown elements are kept) encodes to
//! JSON that decodes to the same model and re-encodes to the same bytes.
#![no_main]

use fhir_imaging::{Decoder, r4, r5};
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(|data: &[u8]| -> Corpus {
    let mut dec = Decoder::new();
    dec.strict(false);
    let mut any = false;
    if let Ok(first) = dec.from_slice::<r4::Resource>(data) {
        let text = fhir_imaging::to_vec(&first);
        let second: r4::Resource = dec.from_slice(&text).expect("our R4 output decodes");
        assert_eq!(first, second);
        assert_eq!(fhir_imaging::to_vec(&second), text);
        any = true;
    }
    if let Ok(first) = dec.from_slice::<r5::Resource>(data) {
        let text = fhir_imaging::to_vec(&first);
        let second: r5::Resource = dec.from_slice(&text).expect("our R5 output decodes");
        assert_eq!(first, second);
        assert_eq!(fhir_imaging::to_vec(&second), text);
        any = true;
    }
    if any { Corpus::Keep } else { Corpus::Reject }
});

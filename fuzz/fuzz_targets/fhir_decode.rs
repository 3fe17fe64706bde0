//! Raw bytes into the FHIR decoders (R4 and R5, strict and lenient) and the validator: never
//! a panic, whatever the input.
#![no_main]

use fhir_imaging::{Decoder, r4, r5};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(r) = fhir_imaging::from_slice::<r4::Resource>(data) {
        let _ = fhir_imaging::validate(&r);
    }
    if let Ok(r) = Decoder::new()
        .strict(false)
        .from_slice::<r5::Resource>(data)
    {
        let _ = fhir_imaging::validate(&r);
    }
});

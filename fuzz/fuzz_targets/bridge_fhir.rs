#![no_main]
//! Map arbitrary JSON as FHIR input of the FHIR-first mappings: a ServiceRequest (or a Bundle of
//! them, with or without a separate Patient) to OMI^O23 and to worklist items, and a
//! DiagnosticReport (or a Bundle holding one) to ORU^R01. Nothing may panic or take time that
//! grows faster than the input (the bridge's Limits bound the orders).
use imaging_bridge::{MwlOptions, OmiOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let mut omi = OmiOptions::default();
    omi.timestamp = Some("20240101".into());
    let _ = imaging_bridge::fhir_to_omi(&input, None, &omi);
    // The same document as a separate Patient, when it is one (or anything else).
    let _ = imaging_bridge::fhir_to_omi(&input, Some(&input), &omi);
    let _ = imaging_bridge::fhir_to_mwl(&input, None, &omi, &MwlOptions::default());
    let _ = imaging_bridge::fhir_to_oru(&input, &omi);
});

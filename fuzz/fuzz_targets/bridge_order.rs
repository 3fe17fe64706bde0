#![no_main]
//! Map arbitrary bytes as an HL7 v2 order and report: to worklist items (and their DICOM JSON),
//! to FHIR Bundles (R4, R5), and the ServiceRequest Bundle back to OMI^O23 and worklist items.
//! Nothing may panic; every mapping either succeeds or returns an error.
use imaging_bridge::{FhirOptions, FhirVersion, MwlOptions, OmiOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(out) = imaging_bridge::order_bytes_to_mwl(data, &MwlOptions::default()) {
        let _ = out.to_json(false);
    }
    for v in [FhirVersion::R4, FhirVersion::R5] {
        let mut o = FhirOptions::default();
        o.version = v;
        o.assume_offset = Some("+00:00".into());
        if let Ok(out) = imaging_bridge::order_bytes_to_fhir(data, &o) {
            let _ = out.validate();
            let mut omi = OmiOptions::default();
            omi.timestamp = Some("20240101".into());
            let _ = imaging_bridge::fhir_to_mwl(&out.bundle, None, &omi, &MwlOptions::default());
        }
        if let Ok(out) = imaging_bridge::report_bytes_to_fhir(data, &o) {
            let _ = imaging_bridge::fhir_to_oru(&out.bundle, &OmiOptions::default());
        }
    }
});

#![no_main]
//! Map arbitrary bytes as DICOM JSON (WADO-RS metadata / QIDO-RS results) to an ImagingStudy
//! Bundle (R4, R5), then to the QIDO-RS query of each study. Nothing may panic.
use imaging_bridge::{FhirOptions, FhirVersion};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for v in [FhirVersion::R4, FhirVersion::R5] {
        let mut o = FhirOptions::default();
        o.version = v;
        let Ok(out) = imaging_bridge::study_json_to_fhir(data, "http://127.0.0.1/dicom-web", &o)
        else {
            return;
        };
        let _ = out.to_json(false);
        for e in out.bundle["entry"].as_array().into_iter().flatten() {
            if e["resource"]["resourceType"] == "ImagingStudy" {
                let _ = imaging_bridge::qido_query_for(&e["resource"], Some(&out.bundle), None);
            }
        }
    }
});

//! Mappings between HL7 v2 imaging orders, DICOM (Modality Worklist items, studies, DICOMweb)
//! and FHIR imaging resources, per IHE RAD TF-2 Appendix B and the HL7 v2-to-FHIR IG.
//!
//! Every mapping reports what it could not map; nothing is dropped silently.
#![forbid(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations)]

mod error;

pub use crate::error::Error;

//! Mappings between HL7 v2 imaging orders and reports, DICOM (Modality Worklist items, studies,
//! DICOMweb) and FHIR imaging resources (R4 and R5), per IHE RAD TF-2 Appendix B and the HL7
//! v2-to-FHIR IG, with the fields those sources leave open (or disagree on) documented one by
//! one and made options where they disagree.
//!
//! Every mapping reports what it could not map as located [`Warning`]s; nothing is dropped
//! silently. A mapping that cannot be done at all returns an [`Error`] saying where.
//!
//! - [`order_to_mwl`]: ORM^O01 (v2.3.1) / OMI^O23 (v2.5.1) → DICOM Modality Worklist items
//!   (PS3.4 Annex K), one per Scheduled Procedure Step, with [`MwlOptions`].
//! - [`order_to_fhir`]: the same orders → a FHIR R4/R5 transaction Bundle (Patient,
//!   Practitioner, ServiceRequest) per the HL7 v2-to-FHIR IG, with [`FhirOptions`].
//! - [`fhir_to_omi`] / [`fhir_to_mwl`]: FHIR ServiceRequest (+ Patient) → OMI^O23, and → worklist
//!   items through it, so that FHIR-first orders reach the modality the same way.
//! - [`report_to_fhir`] / [`fhir_to_oru`]: ORU^R01 report ⇄ FHIR DiagnosticReport with the
//!   ImagingStudy reference.
//! - [`study_to_fhir`] / [`study_json_to_fhir`]: a DICOM study (WADO-RS metadata or QIDO-RS
//!   results) → FHIR ImagingStudy + DICOMweb Endpoint; [`qido_query_for`]: ImagingStudy → the
//!   QIDO-RS query that finds it again; [`stow_response_to_imaging_study`]: a STOW-RS response
//!   updates the ImagingStudy.
//!
//! The field-by-field rules and their sources are on each function's documentation.
//!
//! ```
//! use imaging_bridge::{FhirOptions, FhirVersion, MwlOptions};
//! let er7 = b"MSH|^~\\&|RIS|H|PACS|H|20240101||OMI^O23^OMI_O23|M1|P|2.5.1\r\
//! PID|||12345^^^HOSP||DOE^JANE||19700101|F\r\
//! ORC|NW|A100|||SC\r\
//! TQ1|||||||20240102080000+0100||S\r\
//! OBR|1|A100||24725-4^CT Head^LN\r\
//! IPC|ACC1|RP1|1.2.3.4|SPS1|CT||STATION1||CT01\r";
//! // One worklist item per IPC (IHE RAD TF-2 Table B-1).
//! let mwl = imaging_bridge::order_bytes_to_mwl(er7, &MwlOptions::default())?;
//! let json = String::from_utf8(mwl.to_json(false)?).unwrap();
//! assert!(json.contains(r#""00401003":{"vr":"SH","Value":["STAT"]}"#));
//! // The same order as a FHIR R5 transaction Bundle (TQ1-7 has a zone: kept with its time).
//! let mut opts = FhirOptions::default();
//! opts.version = FhirVersion::R5;
//! let fhir = imaging_bridge::order_bytes_to_fhir(er7, &opts)?;
//! assert!(fhir.validate()?.is_empty());
//! let sr = &fhir.bundle["entry"][1]["resource"]; // [Patient, ServiceRequest]: no requester here
//! assert_eq!(sr["occurrenceDateTime"], "2024-01-02T08:00:00+01:00");
//! assert_eq!(sr["code"]["concept"]["coding"][0]["system"], "http://loinc.org");
//! # Ok::<(), imaging_bridge::Error>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations)]

mod error;
mod fhir_order;
mod ids;
mod limits;
mod mwl;
mod names;
mod omi;
mod report;
mod study;
mod terminology;
mod v2;
mod warning;

pub use crate::error::Error;
pub use crate::fhir_order::{
    FhirOptions, FhirOutput, FhirVersion, order_bytes_to_fhir, order_to_fhir,
};
pub use crate::limits::Limits;
pub use crate::mwl::{
    DataSet, LengthPolicy, MwlItem, MwlOptions, MwlOutput, PriorityMap,
    RequestedProcedureCodeSource, ScheduledProtocolSource, SpsAction, SpsStatusRule,
    StudyUidPolicy, default_sps_status_map, order_bytes_to_mwl, order_to_mwl,
};
pub use crate::omi::{Hl7Output, OmiOptions, fhir_to_mwl, fhir_to_omi};
pub use crate::report::{fhir_to_oru, report_bytes_to_fhir, report_to_fhir};
pub use crate::study::{
    QidoQuery, qido_query_for, stow_response_to_imaging_study, study_json_to_fhir, study_to_fhir,
};
pub use crate::warning::Warning;

//! FHIR imaging resources for R4 (4.0.1) and R5 (5.0.0): ImagingStudy, ImagingSelection,
//! Endpoint, ServiceRequest, DiagnosticReport, Patient, Bundle and OperationOutcome, with
//! lossless JSON per [FHIR json.html][json] and validation with located errors.
//!
//! [json]: https://hl7.org/fhir/R5/json.html
#![forbid(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations)]

mod error;
mod limits;

pub use crate::{error::Error, limits::Limits};

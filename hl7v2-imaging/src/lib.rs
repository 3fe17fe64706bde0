//! HL7 v2 for imaging: a zero-copy ER7 parser and lossless writer (HL7 v2.5.1 Ch. 2), MLLP
//! framing (HL7 v2.5.1 Appendix C), typed radiology messages (ORM^O01, OMI^O23, ORU^R01,
//! ADT) per IHE Radiology Scheduled Workflow, and acknowledgements.
//!
//! No JSON, DICOM or async dependency.
#![forbid(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations)]

mod error;
mod limits;

pub use crate::{error::Error, limits::Limits};

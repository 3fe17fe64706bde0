//! DICOM JSON Model codec ([DICOM PS3.18 Annex F][f]) for dicom-rs data sets.
//!
//! Decodes DICOM JSON (one data set, or the top-level array of a QIDO-RS or WADO-RS metadata
//! response) into [`dicom_object::InMemDicomObject`] and encodes it back, without losing the
//! exact text of IS/DS values, `null` entries (PS3.18 F.2.5), BulkDataURI values or private
//! elements.
//!
//! [f]: https://dicom.nema.org/medical/dicom/current/output/chtml/part18/chapter_F.html
#![forbid(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations)]

mod error;
mod limits;

pub use crate::{error::Error, limits::Limits};

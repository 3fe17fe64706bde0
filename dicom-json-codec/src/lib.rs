//! DICOM JSON Model codec ([DICOM PS3.18 Annex F][f]) for dicom-rs data sets: lossless,
//! conforming, streaming.
//!
//! Decodes DICOM JSON (one data set, or the top-level array of a QIDO-RS or WADO-RS metadata
//! response) into [`dicom_object::InMemDicomObject`] ([`DataSet`]) and encodes data sets back,
//! straight to any [`std::io::Write`]. Nothing is lost on the way: the exact text of IS/DS
//! values, `null` entries of multi-valued attributes (F.2.5), absent versus empty values,
//! BulkDataURI values (kept in the data set, also inside sequences, see [`bulk_data_value`]),
//! private elements with their VR, and 64-bit integers (never passed through `f64`). It also
//! converts DICOM Part 10 files to JSON and back ([`file_to_json`], [`json_to_file`]).
//!
//! It is not a DICOMweb client and does no network I/O; it reads and writes bytes.
//!
//! ```
//! use dicom_json_codec::{DataSet, EncodeOptions};
//! let json = r#"{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane"}]},"00201208":{"vr":"IS","Value":[12]},"00281050":{"vr":"DS","Value":[0.8000,null,"40"]}}"#;
//! let ds: DataSet = dicom_json_codec::from_str(json)?;
//! assert_eq!(ds.get(dicom_core::Tag(0x0010, 0x0010)).unwrap().to_str()?, "Doe^Jane");
//! // Encoding gives the same bytes back (numbers' text, null entries and PN groups kept).
//! let back = dicom_json_codec::to_string(&ds)?;
//! assert_eq!(back, r#"{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane"}]},"00201208":{"vr":"IS","Value":[12]},"00281050":{"vr":"DS","Value":[0.8000,null,40]}}"#);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Guided tour
//!
//! - Fast read-only decoding: [`view`] — a zero-copy, fully validating view (same parser,
//!   rules, limits and errors as the full decoder) with `get(Tag)`, borrowed strings, numbers
//!   as text or parsed, PN groups, bulk data and items; convert to a [`DataSet`] on demand.
//! - Decoding: [`from_str`], [`from_slice`], [`from_slice_array`]; [`DecodeOptions`] for
//!   lenient mode (with the list of [`Repair`]s made) and [`Limits`]; [`DecodeOptions::iter_array`]
//!   and [`ArrayReader`] to decode a top-level array one data set at a time, from a slice or
//!   from any `io::Read` with memory bounded by the largest data set.
//! - Encoding: [`to_string`], [`to_vec`], [`to_writer`], [`to_vec_array`]; [`EncodeOptions`]
//!   for the [`NumberPolicy`], the bulk-data threshold and URI builder, and pretty output.
//! - Bulk data: [`bulk_data_value`], [`bulk_data_uri`], [`bulk_data_uris`],
//!   [`resolve_bulk_data`], [`drop_bulk_data`].
//! - Part 10: [`read_file`], [`file_to_json`], [`json_to_file`], [`write_file`].
//! - Errors: [`Error`] with its [`ErrorKind`], JSON [`Position`] and [`TagPath`].
//!
//! The value mapping for every VR is on the [`DecodeOptions`] module docs (`de`), and the
//! output rules on [`EncodeOptions`] (`ser`).
//!
//! # Which decoder to choose
//!
//! Both decoders run one parser. [`view::from_slice_array`] stops after validation and keeps
//! a flat record of the elements (byte spans into the input); [`from_slice_array`] then builds
//! `InMemDicomObject`s from it. Building dicom-rs data sets has a floor: one allocation per
//! element value and per tree node. The bench row "InMemDicomObject clone (model floor)",
//! which only clones already decoded data sets, takes about a quarter of what dicom-json
//! 0.10.1 needs for its whole decode (measured between a fifth and a half as the machine's
//! load varied), so no decoder that returns `InMemDicomObject` can be 5× faster than
//! dicom-json; ours is about 2.5×. Measured in one run (`cargo bench -p benches --bench
//! dicom_json`, 2-core machine shared with other work, ratios against dicom-json 0.10.1):
//!
//! | input | [`view`] | [`from_slice_array`] | clone floor | encode ([`to_writer`]) |
//! |---|---|---|---|---|
//! | QIDO-RS, 2,000 studies | 7.2× (1.02× the `IgnoredAny` scan) | 2.5× | 3.8× | 4.0× |
//! | WADO-RS metadata, 500 CT × 141 | 7.3× (1.03× the scan) | 2.5× | 3.9× | 3.3× |
//!
//! Use the view to read attributes of many data sets (QIDO-RS lists, WADO-RS metadata);
//! use the full decoder (or [`view::DataSetView::to_data_set`] on the data sets you keep) to
//! edit data sets or write Part 10. [`ArrayReader`] decodes a stream with bounded memory.
//!
//! [f]: https://dicom.nema.org/medical/dicom/current/output/chtml/part18/chapter_F.html
#![cfg_attr(doctest, doc = include_str!("../README.md"))]
#![forbid(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations)]

mod bulk;
mod de;
mod eq;
mod error;
mod file;
mod limits;
mod path;
mod ser;
mod stream;
mod tape;
pub mod view;
mod vr;

/// A DICOM data set as this crate decodes and encodes it.
pub type DataSet = dicom_object::InMemDicomObject;

pub use crate::{
    bulk::{
        BULK_DATA_MARKER, Resolved, bulk_data_uri, bulk_data_uris, bulk_data_value, drop_bulk_data,
        resolve_bulk_data,
    },
    de::{
        ArrayIter, DecodeOptions, Decoded, from_slice, from_slice_array, from_str, from_str_array,
    },
    eq::same_content,
    error::{Category, Error, ErrorKind, Position, Repair, RepairKind},
    file::{FileOptions, file_to_json, json_to_file, read_file, write_file},
    limits::{Limit, Limits},
    path::{PathSegment, TagPath},
    ser::{BulkDataRef, EncodeOptions, NumberPolicy, to_string, to_vec, to_vec_array, to_writer},
    stream::ArrayReader,
};

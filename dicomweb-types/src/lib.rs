//! DICOMweb vocabulary ([DICOM PS3.18][ps18]): the multipart/related codec (RFC 2387,
//! PS3.18 §8.6), media types and `Accept` negotiation (PS3.18 §8.7), resource paths
//! (PS3.18 Table 10.1-1) and the QIDO-RS, WADO-RS, STOW-RS and UPS-RS request and response
//! models.
//!
//! Sans-IO: bytes and strings in, typed values out; it fits any HTTP stack. It does no
//! network I/O.
//!
//! # Guided tour
//!
//! - [`multipart`]: [`multipart::Parser`] (incremental, events), [`multipart::collect`]
//!   (zero-copy parts of a [`bytes::Bytes`] body), [`multipart::Encoder`] and
//!   [`multipart::encode`] (to any `io::Write`), [`multipart::Boundary`].
//! - [`MediaType`], [`Accept`] with [`Accept::negotiate`] for a [`Payload`], and
//!   [`TransferSyntax`] UIDs with their names.
//! - [`Request`] and [`Resource`]: every request target of PS3.18 Table 10.1-1, UPS-RS and
//!   WADO-URI, parsed and built; [`Error::status`] gives the HTTP status for any error.
//! - [`qido`]: [`qido::QidoQuery`], paging ([`qido::Page`]) and `Warning: 299`
//!   ([`qido::Warning`]); [`RenderingParams`] for rendered resources.
//! - [`stow`]: the STOW-RS response and its status; [`ups`]: the UPS state machine.
//!
//! # Crate features
//!
//! - `dicom`: STOW-RS response and UPS workitem over `dicom_object::InMemDicomObject`, and
//!   keyword lookup through the full PS3.6 dictionary.
//! - `json`: DICOM JSON for those payloads through `dicom-json-codec`.
//! - `http`: conversions to and from the `http` crate (`Request::from_http`,
//!   `Request::to_http`, `Accept::from_headers`, `MediaType::from_header`, `HeaderValue`s).
//!
//! ```
//! use dicomweb_types::{Accept, Payload, Request};
//! let req = Request::parse("GET", "/studies/1.2.3/series/4.5/metadata")?;
//! assert_eq!(req.resource.name(), "series-metadata");
//! let accept = Accept::parse("application/dicom+json")?;
//! let chosen = accept.negotiate(req.resource.payload().unwrap_or(Payload::Metadata), &[])?;
//! assert_eq!(chosen.to_string(), "application/dicom+json");
//! # Ok::<(), dicomweb_types::Error>(())
//! ```
//!
//! [ps18]: https://dicom.nema.org/medical/dicom/current/output/chtml/part18/PS3.18.html
#![forbid(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations)]

mod attribute;
mod error;
#[cfg(feature = "http")]
mod http;
mod limits;
pub mod media_type;
pub mod multipart;
mod percent;
pub mod qido;
mod rendering;
mod resource;
pub mod stow;
mod transfer_syntax;
mod uid;
pub mod ups;

pub use crate::{
    attribute::{AttributePath, Tag, keyword_table, keyword_to_tag},
    error::{Error, ErrorKind, Limit, Position},
    limits::Limits,
    media_type::{Accept, MediaRange, MediaType, Payload},
    rendering::{RenderingParams, Viewport, Window},
    resource::{
        Method, Request, Resource, SearchScope, Service, SubscriptionTarget, Target, WadoUri,
        parse_frame_list,
    },
    transfer_syntax::TransferSyntax,
    uid::Uid,
};

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

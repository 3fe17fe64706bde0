//! DICOMweb vocabulary ([DICOM PS3.18][ps18]): the multipart/related codec (RFC 2387,
//! PS3.18 §8.6), media types and `Accept` negotiation (PS3.18 §8.7), resource paths
//! (PS3.18 Table 10.1-1) and the QIDO-RS, WADO-RS, STOW-RS and UPS-RS request and response
//! models.
//!
//! Sans-IO: bytes and strings in, typed values out; it fits any HTTP stack.
//!
//! [ps18]: https://dicom.nema.org/medical/dicom/current/output/chtml/part18/PS3.18.html
#![forbid(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations)]

mod attribute;
mod error;
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

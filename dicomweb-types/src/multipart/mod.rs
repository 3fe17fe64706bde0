//! multipart/related bodies ([RFC 2046 §5.1.1][r], [RFC 2387][r2], [PS3.18 §8.6][p]): a
//! sans-IO incremental [`Parser`], a zero-copy [`collect`] over [`bytes::Bytes`], and an
//! [`Encoder`] to any [`std::io::Write`].
//!
//! ```
//! use bytes::Bytes;
//! use dicomweb_types::multipart::{self, Boundary, Encoder, PartHeaders};
//! let headers = PartHeaders::from_fields([("Content-Type", "application/dicom")])?;
//! let mut enc = Encoder::new(Vec::new(), Boundary::random());
//! enc.write_part(&headers, b"first")?;
//! enc.write_part(&headers, b"second")?;
//! let content_type = enc.content_type("application/dicom");
//! let body = Bytes::from(enc.finish()?);
//!
//! let boundary = dicomweb_types::MediaType::parse(&content_type)?.boundary()?;
//! let parts = multipart::collect(&body, &boundary, &Default::default())?;
//! assert_eq!(parts.len(), 2);
//! assert_eq!(&parts[1].body[..], b"second");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [r]: https://www.rfc-editor.org/rfc/rfc2046#section-5.1.1
//! [r2]: https://www.rfc-editor.org/rfc/rfc2387
//! [p]: https://dicom.nema.org/medical/dicom/current/output/chtml/part18/sect_8.6.html

mod boundary;
mod encoder;
mod headers;
mod parser;

pub use boundary::{Boundary, MAX_BOUNDARY_LEN};
pub use encoder::{Encoder, PartWriter, encode};
pub use headers::PartHeaders;
pub use parser::{Event, Parser};

use crate::{Error, Limits};
use bytes::Bytes;

/// One collected part: its headers and its body as a slice of the input (no copy).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Part {
    /// The part's header fields.
    pub headers: PartHeaders<'static>,
    /// The part's body: shares the input's memory.
    pub body: Bytes,
    /// Offset of the body's first byte in the multipart body.
    pub offset: u64,
}

impl Part {
    /// A part from headers and body (for tests and encoders).
    pub fn new(headers: PartHeaders<'static>, body: Bytes) -> Self {
        Part {
            headers,
            body,
            offset: 0,
        }
    }
}

/// Splits a whole multipart body into its parts without copying their bodies; see [`Parser`].
/// Any error (truncation, missing close delimiter, limits, bad headers) fails the whole call;
/// use [`collect_complete`] to keep the complete parts before the error.
pub fn collect(body: &Bytes, boundary: &Boundary, limits: &Limits) -> Result<Vec<Part>, Error> {
    match collect_complete(body, boundary, limits) {
        (parts, None) => Ok(parts),
        (_, Some(e)) => Err(e),
    }
}

/// [`collect`] driven by a `Content-Type` header value: checks it is `multipart/related`
/// (or another `multipart/*`) and takes its boundary.
///
/// ```
/// use bytes::Bytes;
/// let body = Bytes::from_static(b"--b\r\nContent-Type: application/dicom+json\r\n\r\n[]\r\n--b--");
/// let parts = dicomweb_types::multipart::split(&body, "multipart/related; type=\"application/dicom+json\"; boundary=b")?;
/// assert_eq!(&parts[0].body[..], b"[]");
/// # Ok::<(), dicomweb_types::Error>(())
/// ```
pub fn split(body: &Bytes, content_type: &str) -> Result<Vec<Part>, Error> {
    let mt = crate::MediaType::parse(content_type)?;
    if mt.type_() != "multipart" {
        return Err(Error::new(
            crate::ErrorKind::UnsupportedMediaType,
            crate::Position::None,
        )
        .with_detail(content_type));
    }
    collect(body, &mt.boundary()?, &Limits::default())
}

/// Like [`collect`], but returns the parts that were complete before an error, and the error.
pub fn collect_complete(
    body: &Bytes,
    boundary: &Boundary,
    limits: &Limits,
) -> (Vec<Part>, Option<Error>) {
    let mut parser = Parser::with_limits(boundary, limits);
    let mut parts = Vec::new();
    let mut current: Option<(PartHeaders<'static>, Option<(u64, u64)>)> = None;
    let len = body.len() as u64;
    let res = parser.feed(body, |event| match event {
        Event::PartStart(h) => current = Some((h.into_owned(), None)),
        Event::Body { offset, data } => {
            if let Some((_, range)) = current.as_mut() {
                let end = offset + data.len() as u64;
                *range = Some(match *range {
                    None => (offset, end),
                    Some((start, _)) => (start, end),
                });
            }
        }
        Event::PartEnd => {
            if let Some((headers, range)) = current.take() {
                let (start, end) = range.unwrap_or((0, 0));
                let body = if start <= end && end <= len {
                    body.slice(start as usize..end as usize)
                } else {
                    Bytes::new()
                };
                parts.push(Part {
                    headers,
                    body,
                    offset: start,
                });
            }
        }
        _ => {}
    });
    let err = res.and_then(|()| parser.finish()).err();
    (parts, err)
}

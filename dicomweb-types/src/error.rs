//! The crate's error type, and its mapping to the HTTP status a DICOMweb server answers
//! ([PS3.18 §8.5][s]).
//!
//! [s]: https://dicom.nema.org/medical/dicom/current/output/chtml/part18/sect_8.5.html

use std::fmt;

/// A limit from [`Limits`](crate::Limits) that the input went over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Limit {
    /// [`Limits::max_part_header_bytes`](crate::Limits::max_part_header_bytes).
    PartHeaderBytes,
    /// [`Limits::max_parts`](crate::Limits::max_parts).
    Parts,
    /// [`Limits::max_part_bytes`](crate::Limits::max_part_bytes).
    PartBytes,
    /// [`Limits::max_url_bytes`](crate::Limits::max_url_bytes).
    UrlBytes,
    /// [`Limits::max_query_params`](crate::Limits::max_query_params).
    QueryParams,
    /// [`Limits::max_list_items`](crate::Limits::max_list_items).
    ListItems,
    /// [`Limits::max_header_value_bytes`](crate::Limits::max_header_value_bytes).
    HeaderValueBytes,
    /// [`Limits::max_media_ranges`](crate::Limits::max_media_ranges).
    MediaRanges,
}

impl Limit {
    /// The limit's field name in [`Limits`](crate::Limits).
    pub fn as_str(self) -> &'static str {
        match self {
            Limit::PartHeaderBytes => "max_part_header_bytes",
            Limit::Parts => "max_parts",
            Limit::PartBytes => "max_part_bytes",
            Limit::UrlBytes => "max_url_bytes",
            Limit::QueryParams => "max_query_params",
            Limit::ListItems => "max_list_items",
            Limit::HeaderValueBytes => "max_header_value_bytes",
            Limit::MediaRanges => "max_media_ranges",
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A multipart body ended inside a part (RFC 2046 §5.1.1).
    Truncated,
    /// A multipart body ended after a complete part without the close delimiter
    /// (`--boundary--`, RFC 2046 §5.1.1).
    MissingCloseDelimiter,
    /// No boundary delimiter at all in a multipart body.
    MissingDelimiter,
    /// A boundary that RFC 2046 §5.1.1 does not allow (1 to 70 characters from `bchars`).
    InvalidBoundary(&'static str),
    /// A part header block that is not `name: value` lines (RFC 2045 §3, RFC 5322 §2.2).
    InvalidHeader(&'static str),
    /// A part body contains the boundary delimiter, so it cannot be encoded (RFC 2046 §5.1.1).
    BoundaryInBody,
    /// A media type or `Accept` value that does not follow RFC 9110 §8.3.1 / §12.5.1.
    InvalidMediaType(&'static str),
    /// No acceptable media type can be produced for the resource (PS3.18 §8.7.8): 406.
    NotAcceptable,
    /// The request body's media type is not one the resource accepts (PS3.18 §10.5.3): 415.
    UnsupportedMediaType,
    /// The path names no DICOMweb resource (PS3.18 Table 10.1-1): 404.
    NotFound,
    /// The resource exists but not with this method (PS3.18 Table 10.1-1): 405.
    MethodNotAllowed,
    /// A UID that is not a valid UID (PS3.5 §9.1): 400.
    InvalidUid,
    /// A frame list that is not a comma-separated list of positive integers (PS3.18 §10.4.1.1.6): 400.
    InvalidFrameList(&'static str),
    /// A query parameter that is not valid (PS3.18 §8.3.4): 400.
    InvalidQuery(&'static str),
    /// An attribute keyword or tag that is not known or not valid (PS3.18 §8.3.4.1): 400.
    UnknownAttribute,
    /// A percent-encoding that is not valid (RFC 3986 §2.1): 400.
    InvalidPercentEncoding,
    /// A header value (other than a media type) that does not follow its grammar, e.g. a
    /// `Warning` (RFC 7234 §5.5).
    InvalidHeaderValue(&'static str),
    /// A DICOM payload (STOW-RS response, workitem) that lacks what the standard requires.
    InvalidPayload(&'static str),
    /// A configured limit was exceeded: 413 for bodies, 414 for URLs, else 400.
    LimitExceeded(Limit),
}

impl ErrorKind {
    fn describe(&self) -> String {
        match self {
            ErrorKind::Truncated => "truncated multipart body".into(),
            ErrorKind::MissingCloseDelimiter => "missing close delimiter".into(),
            ErrorKind::MissingDelimiter => "no boundary delimiter found".into(),
            ErrorKind::InvalidBoundary(w) => format!("invalid boundary: {w}"),
            ErrorKind::InvalidHeader(w) => format!("invalid part header: {w}"),
            ErrorKind::BoundaryInBody => "part body contains the boundary delimiter".into(),
            ErrorKind::InvalidMediaType(w) => format!("invalid media type: {w}"),
            ErrorKind::NotAcceptable => "no acceptable media type".into(),
            ErrorKind::UnsupportedMediaType => "unsupported media type".into(),
            ErrorKind::NotFound => "no such DICOMweb resource".into(),
            ErrorKind::MethodNotAllowed => "method not allowed for this resource".into(),
            ErrorKind::InvalidUid => "invalid UID".into(),
            ErrorKind::InvalidFrameList(w) => format!("invalid frame list: {w}"),
            ErrorKind::InvalidQuery(w) => format!("invalid query: {w}"),
            ErrorKind::UnknownAttribute => "unknown attribute".into(),
            ErrorKind::InvalidPercentEncoding => "invalid percent-encoding".into(),
            ErrorKind::InvalidHeaderValue(w) => format!("invalid header value: {w}"),
            ErrorKind::InvalidPayload(w) => format!("invalid payload: {w}"),
            ErrorKind::LimitExceeded(l) => format!("limit exceeded: {l}"),
        }
    }
}

/// Where an error is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Position {
    /// Nowhere in particular.
    None,
    /// A byte offset in a multipart body, and the 1-based part it falls in (if any).
    Byte {
        /// Offset from the first byte of the body.
        offset: u64,
        /// The 1-based part number.
        part: Option<usize>,
    },
    /// A byte offset in a header value (media type, `Accept`, `Warning`).
    Char(usize),
    /// A 1-based path segment of a request URL.
    Segment(usize),
    /// A query parameter, by name.
    Param(String),
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::None => Ok(()),
            Position::Byte { offset, part: None } => write!(f, " at byte {offset}"),
            Position::Byte {
                offset,
                part: Some(p),
            } => write!(f, " in part {p} at byte {offset}"),
            Position::Char(c) => write!(f, " at character {c}"),
            Position::Segment(s) => write!(f, " in path segment {s}"),
            Position::Param(p) => write!(f, " in query parameter `{p}`"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    position: Position,
    detail: Option<String>,
}

/// What went wrong, and where. Boxed, so `Result<T, Error>` stays small.
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Box<Inner>);

impl Error {
    /// An error of `kind` at `position`.
    pub fn new(kind: ErrorKind, position: Position) -> Self {
        Error(Box::new(Inner {
            kind,
            position,
            detail: None,
        }))
    }

    /// Adds the offending value (or another short human detail) to the message.
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        let mut d: String = detail.into();
        if d.len() > 120 {
            let mut end = 120;
            while !d.is_char_boundary(end) {
                end -= 1;
            }
            d.truncate(end);
            d.push('…');
        }
        self.0.detail = Some(d);
        self
    }

    pub(crate) fn at(kind: ErrorKind, offset: u64, part: Option<usize>) -> Self {
        Error::new(kind, Position::Byte { offset, part })
    }

    pub(crate) fn param(kind: ErrorKind, name: &str) -> Self {
        Error::new(kind, Position::Param(name.to_owned()))
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// Where it went wrong.
    pub fn position(&self) -> &Position {
        &self.0.position
    }

    /// The offending value, when one was recorded.
    pub fn detail(&self) -> Option<&str> {
        self.0.detail.as_deref()
    }

    /// The byte offset, for multipart errors.
    pub fn offset(&self) -> Option<u64> {
        match self.0.position {
            Position::Byte { offset, .. } => Some(offset),
            _ => None,
        }
    }

    /// True when more input could have avoided the error (a truncated multipart body).
    pub fn is_eof(&self) -> bool {
        matches!(
            self.0.kind,
            ErrorKind::Truncated | ErrorKind::MissingCloseDelimiter | ErrorKind::MissingDelimiter
        )
    }

    /// The HTTP status code an origin server answers for this error (PS3.18 §8.5, Table 8.5-1;
    /// §10.4.3, §10.5.3, §10.6.3): 400 for malformed requests and bodies, 404 for unknown
    /// resources, 405, 406 when no representation is acceptable, 413/414 for limits on bodies and
    /// URLs, 415 for an unsupported request body.
    ///
    /// ```
    /// let e = dicomweb_types::Request::parse("GET", "/studies/1.2/frames/1").unwrap_err();
    /// assert_eq!(e.status(), 404);
    /// let e = dicomweb_types::Accept::parse("image/png").unwrap()
    ///     .negotiate(dicomweb_types::Payload::Metadata, &[]).unwrap_err();
    /// assert_eq!(e.status(), 406);
    /// ```
    pub fn status(&self) -> u16 {
        match &self.0.kind {
            ErrorKind::NotAcceptable => 406,
            ErrorKind::UnsupportedMediaType => 415,
            ErrorKind::NotFound => 404,
            ErrorKind::MethodNotAllowed => 405,
            ErrorKind::LimitExceeded(Limit::UrlBytes) => 414,
            ErrorKind::LimitExceeded(Limit::Parts | Limit::PartBytes | Limit::PartHeaderBytes) => {
                413
            }
            _ => 400,
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.0.kind)
            .field("position", &self.0.position)
            .field("detail", &self.0.detail)
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.kind.describe())?;
        if let Some(d) = &self.0.detail {
            write!(f, " `{d}`")?;
        }
        write!(f, "{}", self.0.position)
    }
}

impl std::error::Error for Error {}

impl From<Error> for std::io::Error {
    fn from(e: Error) -> Self {
        std::io::Error::new(std::io::ErrorKind::InvalidData, e)
    }
}

//! The crate's error type: what went wrong, at which JSON position and at which tag path.
//!
//! Every decode error carries the byte offset in the input (and its line and column) and the
//! tag path of the element being decoded, e.g. `(0040,0275)[0].(0008,1150)` for the Referenced
//! SOP Class UID in the first item of the Request Attributes Sequence. Encode errors carry the
//! tag path only.

use crate::limits::Limit;
use crate::path::TagPath;
use std::fmt;

/// A position in a JSON input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Position {
    /// Byte offset from the start of the input (0-based).
    pub offset: usize,
    /// Line number (1-based).
    pub line: usize,
    /// Column number in bytes (1-based).
    pub column: usize,
}

impl Position {
    /// The start of an input.
    pub const START: Position = Position {
        offset: 0,
        line: 1,
        column: 1,
    };

    /// Compute the line and column of `offset` in `input`.
    pub(crate) fn locate(input: &[u8], offset: usize) -> Self {
        let end = offset.min(input.len());
        let head = input.get(..end).unwrap_or_default();
        let line = 1 + memchr_count(b'\n', head);
        let line_start = head.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        Position {
            offset,
            line,
            column: end - line_start + 1,
        }
    }
}

fn memchr_count(needle: u8, hay: &[u8]) -> usize {
    hay.iter().filter(|&&b| b == needle).count()
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {} column {} (byte {})",
            self.line, self.column, self.offset
        )
    }
}

/// The class of an error, for callers that only need to know how to react.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Category {
    /// The input ended early; more input may make it valid.
    Eof,
    /// The input is not JSON.
    Syntax,
    /// The input is JSON but not a valid DICOM JSON Model document (PS3.18 Annex F), or a
    /// data set cannot be expressed in it.
    Data,
    /// A configured [`Limits`](crate::Limits) value was exceeded.
    Limit,
    /// Reading or writing failed, or dicom-rs reported a Part 10 error.
    Io,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input ended in the middle of a JSON value.
    #[error("unexpected end of input")]
    UnexpectedEof,
    /// Invalid JSON; the text names what was expected.
    #[error("invalid JSON: {0}")]
    Syntax(&'static str),
    /// The input is not UTF-8 (RFC 8259 §8.1).
    #[error("input is not valid UTF-8")]
    InvalidUtf8,
    /// Data after the top-level value.
    #[error("trailing characters after the JSON value")]
    TrailingCharacters,
    /// The top level is neither an object nor an array of objects (PS3.18 F.2.1).
    #[error("expected a DICOM JSON object or array of objects")]
    NotAnObject,
    /// An attribute key is not 8 uppercase hexadecimal digits (PS3.18 F.2.2).
    #[error("invalid attribute tag key {0:?}")]
    InvalidTag(String),
    /// The same attribute appears twice in one data set.
    #[error("duplicate attribute")]
    DuplicateTag,
    /// An attribute object has no `vr` member (PS3.18 F.2.2).
    #[error("missing \"vr\"")]
    MissingVr,
    /// The `vr` is not one of PS3.5 Table 6.2-1.
    #[error("invalid VR {0:?}")]
    InvalidVr(String),
    /// The `vr` contradicts the data dictionary for a standard attribute (strict mode).
    #[error("VR {found} contradicts the dictionary ({expected})")]
    VrMismatch {
        /// The VR in the input.
        found: String,
        /// The VR(s) the dictionary allows.
        expected: String,
    },
    /// A member other than `vr`, `Value`, `InlineBinary`, `BulkDataURI` (strict mode).
    #[error("unknown member {0:?}")]
    UnknownMember(String),
    /// More than one of `Value`, `InlineBinary`, `BulkDataURI` (PS3.18 F.2.2).
    #[error("more than one of Value, InlineBinary, BulkDataURI")]
    ConflictingValues,
    /// `InlineBinary` or `BulkDataURI` or `Value` on a VR that does not allow it (PS3.18 F.2.3).
    #[error("{member} is not allowed for VR {vr}")]
    MemberNotAllowed {
        /// The member name.
        member: &'static str,
        /// The attribute's VR.
        vr: String,
    },
    /// A JSON value of the wrong type; the text names what was expected.
    #[error("expected {0}")]
    InvalidType(&'static str),
    /// A value that is the right JSON type but not a valid value for the VR.
    #[error("invalid {vr} value: {reason}")]
    InvalidValue {
        /// The attribute's VR.
        vr: String,
        /// Why.
        reason: &'static str,
    },
    /// A number that does not fit the VR's binary type.
    #[error("number out of range for VR {0}")]
    NumberOutOfRange(String),
    /// Invalid base64 in `InlineBinary` (RFC 4648 §4).
    #[error("invalid base64 in InlineBinary")]
    InvalidBase64,
    /// The decoded binary length does not fit the VR's element size.
    #[error("binary length {len} is not a multiple of {size} for VR {vr}")]
    BinaryLength {
        /// Decoded length.
        len: usize,
        /// Element size in bytes.
        size: usize,
        /// The attribute's VR.
        vr: String,
    },
    /// A configured limit was exceeded.
    #[error("limit exceeded: {limit} (maximum {max})")]
    LimitExceeded {
        /// Which limit.
        limit: Limit,
        /// The configured maximum.
        max: usize,
    },
    /// NaN or an infinity has no JSON form (RFC 8259 §6).
    #[error("NaN or infinity has no JSON representation")]
    NonFinite,
    /// Encapsulated pixel data without a BulkDataURI base (PS3.18 F.2.6).
    #[error("encapsulated pixel data needs a BulkDataURI base (no inline form exists)")]
    EncapsulatedPixelData,
    /// A value type that cannot be written for the attribute's VR.
    #[error("value cannot be encoded as VR {0}")]
    Unencodable(String),
    /// BulkDataURI values that were not resolved before writing a Part 10 file.
    #[error("unresolved BulkDataURI")]
    UnresolvedBulkData,
    /// The caller's resolver failed for a BulkDataURI.
    #[error("cannot resolve BulkDataURI {uri:?}: {reason}")]
    BulkDataResolution {
        /// The URI.
        uri: String,
        /// The resolver's message.
        reason: String,
    },
    /// An I/O error (the message of the `std::io::Error`).
    #[error("I/O error: {0}")]
    Io(String),
    /// dicom-rs failed to read or write Part 10 data.
    #[error("DICOM Part 10: {0}")]
    Dicom(String),
}

impl ErrorKind {
    /// The class of this error.
    pub fn category(&self) -> Category {
        match self {
            ErrorKind::UnexpectedEof => Category::Eof,
            ErrorKind::Syntax(_) | ErrorKind::InvalidUtf8 | ErrorKind::TrailingCharacters => {
                Category::Syntax
            }
            ErrorKind::LimitExceeded { .. } => Category::Limit,
            ErrorKind::Io(_) | ErrorKind::Dicom(_) => Category::Io,
            _ => Category::Data,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    position: Option<Position>,
    path: TagPath,
}

/// A decode or encode error: an [`ErrorKind`], where in the JSON ([`Position`]) and where in
/// the data set ([`TagPath`]).
///
/// Display: `invalid base64 in InlineBinary at line 1 column 40 (byte 39), at (7FE0,0010)`.
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Box<Inner>);

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Error(Box::new(Inner {
            kind,
            position: None,
            path: TagPath::default(),
        }))
    }

    pub(crate) fn at_offset(kind: ErrorKind, offset: usize) -> Self {
        Error(Box::new(Inner {
            kind,
            position: Some(Position {
                offset,
                line: 0,
                column: 0,
            }),
            path: TagPath::default(),
        }))
    }

    pub(crate) fn at_position(kind: ErrorKind, position: Position) -> Self {
        Error(Box::new(Inner {
            kind,
            position: Some(position),
            path: TagPath::default(),
        }))
    }

    pub(crate) fn limit(limit: Limit, max: usize, offset: usize) -> Self {
        Error::at_offset(ErrorKind::LimitExceeded { limit, max }, offset)
    }

    /// Fill line and column from `input`; the offset is relative to `input`, which starts at
    /// byte `base.offset`, line `base.line`, column `base.column` of the whole stream.
    pub(crate) fn locate(mut self, input: &[u8], base: Position) -> Self {
        if let Some(p) = self.0.position.as_mut()
            && p.line == 0
        {
            let local = Position::locate(input, p.offset);
            p.offset = local.offset + base.offset;
            p.line = local.line + base.line - 1;
            p.column = if local.line == 1 {
                local.column + base.column - 1
            } else {
                local.column
            };
        }
        self
    }

    pub(crate) fn with_path(mut self, path: TagPath) -> Self {
        self.0.path = path;
        self
    }

    /// Prepend a tag (and the item index inside it, when the error is inside an item).
    pub(crate) fn in_element(mut self, tag: dicom_core::Tag) -> Self {
        self.0.path.push_front_tag(tag);
        self
    }

    pub(crate) fn in_item(mut self, index: usize) -> Self {
        self.0.path.push_front_item(index);
        self
    }

    pub(crate) fn in_array(mut self, index: usize) -> Self {
        self.0.path.set_array_index(index);
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// Where in the JSON input (decode errors), if known.
    pub fn position(&self) -> Option<Position> {
        self.0.position
    }

    /// Byte offset in the input, if known.
    pub fn offset(&self) -> Option<usize> {
        self.0.position.map(|p| p.offset)
    }

    /// Where in the data set: the tag path of the element being decoded or encoded.
    pub fn path(&self) -> &TagPath {
        &self.0.path
    }

    /// The class of this error.
    pub fn category(&self) -> Category {
        self.0.kind.category()
    }

    /// `true` when the input ended early (more input may make it valid).
    pub fn is_eof(&self) -> bool {
        self.category() == Category::Eof
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.0.kind)
            .field("position", &self.0.position)
            .field("path", &self.0.path.to_string())
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.kind)?;
        if let Some(p) = self.0.position {
            write!(f, " at {p}")?;
        }
        if !self.0.path.is_empty() {
            write!(f, ", at {}", self.0.path)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::new(ErrorKind::Io(e.to_string()))
    }
}

/// A repair the lenient decoder made to accept non-conforming input (see
/// [`DecodeOptions::lenient`](crate::DecodeOptions::lenient)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// What was repaired.
    pub kind: RepairKind,
    /// Where in the input (line and column filled in).
    pub position: Position,
    /// The tag path of the element.
    pub path: TagPath,
}

impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "repaired: {} at {}", self.kind, self.position)?;
        if !self.path.is_empty() {
            write!(f, ", at {}", self.path)?;
        }
        Ok(())
    }
}

/// The kinds of non-conforming input the lenient decoder accepts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RepairKind {
    /// A tag key in lowercase hex, read as uppercase.
    #[error("lowercase hex in tag key")]
    LowercaseTag,
    /// A lowercase VR, read as uppercase.
    #[error("lowercase VR")]
    LowercaseVr,
    /// An unknown member, ignored.
    #[error("unknown member {0:?} ignored")]
    UnknownMember(String),
    /// `InlineBinary` given as an array of one string.
    #[error("InlineBinary given as an array")]
    InlineBinaryArray,
    /// A single value where an array is expected.
    #[error("single value where an array is expected")]
    SingleValue,
    /// A Person Name given as a plain string (read as the Alphabetic group).
    #[error("person name given as a string")]
    PersonNameString,
    /// A VR that contradicts the dictionary, kept as given.
    #[error("VR {found} contradicts the dictionary ({expected}), kept")]
    VrMismatch {
        /// The VR in the input.
        found: String,
        /// The dictionary's VR(s).
        expected: String,
    },
    /// A number given as a string for a binary-number VR, or an integral float for an integer VR.
    #[error("number given in the wrong JSON type")]
    NumberType,
    /// A duplicate attribute; the last one is kept.
    #[error("duplicate attribute, last one kept")]
    DuplicateTag,
    /// A group length attribute (gggg,0000), dropped.
    #[error("group length attribute dropped")]
    GroupLength,
    /// `InlineBinary` on a binary-number VR or AT, read as the values' little-endian bytes.
    #[error("InlineBinary on VR {0}")]
    InlineBinaryVr(String),
}

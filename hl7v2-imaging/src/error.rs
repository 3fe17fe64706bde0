//! The crate's error type: what went wrong and where (byte offset, segment, field).

use std::fmt;

/// A segment identifier such as `MSH`, `PID` or `ZDS` (HL7 v2.5.1 Ch. 2 §2.5.2: three characters).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SegmentId(pub [u8; 3]);

impl SegmentId {
    /// The id as text (non-ASCII bytes shown as `?`).
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// The first three bytes of a segment, if there are three.
    pub fn from_bytes(b: &[u8]) -> Option<Self> {
        match b {
            [a, b, c, ..] => Some(SegmentId([*a, *b, *c])),
            _ => None,
        }
    }
}

impl fmt::Debug for SegmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl fmt::Display for SegmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where in the input or in the message structure an error or warning applies.
///
/// Every member is optional except the byte offset; `Display` prints the known parts, e.g.
/// `byte 312, segment 4 (OBR), field 18`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Location {
    /// Byte offset into the input (0-based).
    pub offset: usize,
    /// Segment index in the message (1-based; the header is 1).
    pub segment: Option<usize>,
    /// Segment id.
    pub segment_id: Option<SegmentId>,
    /// Field number (1-based, HL7 numbering: `MSH-1` is the field separator).
    pub field: Option<usize>,
}

impl Location {
    /// A location that is only a byte offset.
    pub fn at(offset: usize) -> Self {
        Location {
            offset,
            ..Location::default()
        }
    }

    /// A location in a segment.
    pub fn segment(offset: usize, index: usize, id: Option<SegmentId>) -> Self {
        Location {
            offset,
            segment: Some(index),
            segment_id: id,
            field: None,
        }
    }

    /// The same location narrowed to a field.
    #[must_use]
    pub fn with_field(mut self, field: usize) -> Self {
        self.field = Some(field);
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "byte {}", self.offset)?;
        if let Some(i) = self.segment {
            write!(f, ", segment {i}")?;
            if let Some(id) = self.segment_id {
                write!(f, " ({id})")?;
            }
        }
        if let Some(n) = self.field {
            write!(f, ", field {n}")?;
        }
        Ok(())
    }
}

/// Which [`Limits`](crate::Limits) bound was exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Limit {
    /// [`Limits::max_message_bytes`](crate::Limits::max_message_bytes).
    MessageBytes,
    /// [`Limits::max_segments`](crate::Limits::max_segments).
    Segments,
    /// [`Limits::max_fields_per_segment`](crate::Limits::max_fields_per_segment).
    FieldsPerSegment,
    /// [`Limits::max_repetitions`](crate::Limits::max_repetitions).
    Repetitions,
    /// [`Limits::max_field_bytes`](crate::Limits::max_field_bytes).
    FieldBytes,
    /// [`Limits::max_messages`](crate::Limits::max_messages).
    Messages,
    /// [`Limits::max_frame_bytes`](crate::Limits::max_frame_bytes).
    FrameBytes,
}

impl Limit {
    /// The limit's name as in [`Limits`](crate::Limits).
    pub fn as_str(self) -> &'static str {
        match self {
            Limit::MessageBytes => "max_message_bytes",
            Limit::Segments => "max_segments",
            Limit::FieldsPerSegment => "max_fields_per_segment",
            Limit::Repetitions => "max_repetitions",
            Limit::FieldBytes => "max_field_bytes",
            Limit::Messages => "max_messages",
            Limit::FrameBytes => "max_frame_bytes",
        }
    }
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input holds no segment at all.
    Empty,
    /// The first segment is not `MSH`, `FHS` or `BHS` (HL7 v2.5.1 Ch. 2 §2.5.1).
    MissingHeader,
    /// The header's delimiters (MSH-1, MSH-2) are missing or unusable (HL7 v2.5.1 Ch. 2 §2.5.4).
    BadDelimiters(&'static str),
    /// A second `MSH` in input given to [`Message::parse`](crate::Message::parse); use
    /// [`parse_file`](crate::parse_file) for files holding several messages.
    MultipleMessages,
    /// A configured limit was exceeded.
    LimitExceeded {
        /// Which limit.
        limit: Limit,
        /// Its configured maximum.
        max: usize,
    },
    /// A terse path does not follow the syntax `SEG[n]-F[r].C.S`.
    InvalidPath(&'static str),
    /// A value cannot be set at this path (for example `MSH-1`, `MSH-2`).
    NotSettable(&'static str),
    /// A segment is where the message structure does not allow it.
    UnexpectedSegment {
        /// The message structure being checked, e.g. `OMI_O23`.
        structure: &'static str,
    },
    /// A segment the message structure requires is missing.
    MissingSegment {
        /// The message structure being checked.
        structure: &'static str,
        /// The required segment.
        expected: &'static str,
    },
    /// The message type (MSH-9) is not the one the typed view needs.
    WrongMessageType {
        /// What the typed view accepts, e.g. `OMI^O23`.
        expected: &'static str,
    },
    /// A field the typed view requires is empty.
    MissingField(&'static str),
    /// A code or name is not one this crate knows (e.g. a character set).
    InvalidValue(&'static str),
    /// MLLP framing: bytes outside a frame, a start block inside a frame, or a bad end block.
    Framing(&'static str),
}

/// An error with its location. Boxed to keep `Result` small.
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Box<Inner>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    location: Location,
}

impl Error {
    /// A new error.
    pub fn new(kind: ErrorKind, location: Location) -> Self {
        Error(Box::new(Inner { kind, location }))
    }

    pub(crate) fn limit(limit: Limit, max: usize, location: Location) -> Self {
        Error::new(ErrorKind::LimitExceeded { limit, max }, location)
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// Where.
    pub fn location(&self) -> Location {
        self.0.location
    }

    /// True when the error is about the message structure (grammar) rather than the syntax.
    pub fn is_grammar(&self) -> bool {
        matches!(
            self.0.kind,
            ErrorKind::UnexpectedSegment { .. }
                | ErrorKind::MissingSegment { .. }
                | ErrorKind::WrongMessageType { .. }
                | ErrorKind::MissingField(_)
        )
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.0.kind)
            .field("location", &self.0.location)
            .finish()
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Empty => f.write_str("no segment in input"),
            ErrorKind::MissingHeader => f.write_str("first segment is not MSH, FHS or BHS"),
            ErrorKind::BadDelimiters(why) => write!(f, "bad delimiters: {why}"),
            ErrorKind::MultipleMessages => f.write_str("second MSH in a single-message input"),
            ErrorKind::LimitExceeded { limit, max } => {
                write!(f, "limit exceeded: {} (maximum {max})", limit.as_str())
            }
            ErrorKind::InvalidPath(why) => write!(f, "invalid terse path: {why}"),
            ErrorKind::NotSettable(why) => write!(f, "cannot set value: {why}"),
            ErrorKind::UnexpectedSegment { structure } => {
                write!(f, "segment not allowed here by {structure}")
            }
            ErrorKind::MissingSegment {
                structure,
                expected,
            } => write!(f, "{structure} requires segment {expected}"),
            ErrorKind::WrongMessageType { expected } => {
                write!(f, "message type is not {expected}")
            }
            ErrorKind::MissingField(name) => write!(f, "required field {name} is empty"),
            ErrorKind::Framing(why) => write!(f, "MLLP framing: {why}"),
            ErrorKind::InvalidValue(why) => write!(f, "invalid value: {why}"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}", self.0.kind, self.0.location)
    }
}

impl std::error::Error for Error {}

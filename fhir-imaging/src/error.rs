//! The crate's error type: what went wrong, at which byte (line, column) and at which element
//! path (`ImagingStudy.series[0].instance[2].uid`).

use std::borrow::Cow;
use std::fmt;

/// What went wrong while decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is not UTF-8 (RFC 8259 §8.1).
    InvalidUtf8,
    /// The input ended inside a value.
    Eof,
    /// The input is not JSON (RFC 8259); the text says what was expected.
    Syntax(&'static str),
    /// Something follows the top-level value.
    TrailingData,
    /// An element the resource or datatype does not define (strict mode; FHIR R5 json.html
    /// "unknown elements").
    UnknownElement(String),
    /// The same element twice in one object, or two types for one choice element `x[x]`.
    DuplicateElement,
    /// `{}`: FHIR R5 json.html, objects are never empty.
    EmptyObject,
    /// `[]`: FHIR R5 json.html, arrays are never empty.
    EmptyArray,
    /// `""`: FHIR R5 datatypes.html, a primitive value is never empty.
    EmptyString,
    /// `null` where FHIR JSON allows none (null is only for alignment inside primitive arrays).
    Null,
    /// A JSON value of the wrong type for the element (e.g. a number for a `string`).
    WrongType {
        /// The FHIR or JSON type expected.
        expected: &'static str,
    },
    /// A value of the right JSON type that the FHIR type does not allow (e.g. `1.5` for an
    /// `integer`, `2147483648` for an `unsignedInt`).
    InvalidValue(&'static str),
    /// A primitive array and its `_` partner differ in length (FHIR R5 json.html §2.6.2).
    PrimitiveArrayMismatch {
        /// Length of the value array.
        values: usize,
        /// Length of the `_` array.
        extensions: usize,
    },
    /// A `null` in a primitive array without an id or extension at the same index of the `_`
    /// partner (FHIR R5 json.html §2.6.2).
    NullWithoutExtension,
    /// A resource object without `resourceType`.
    MissingResourceType,
    /// A `resourceType` that is not a resource of this FHIR version.
    UnknownResourceType(String),
    /// A `resourceType` other than the one asked for.
    ResourceTypeMismatch {
        /// The type asked for.
        expected: &'static str,
        /// The type found.
        found: String,
    },
    /// A configured [`Limits`](crate::Limits) value was exceeded.
    LimitExceeded {
        /// The name of the limit (the `Limits` field).
        limit: &'static str,
        /// The configured maximum.
        max: usize,
    },
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::InvalidUtf8 => f.write_str("input is not UTF-8"),
            ErrorKind::Eof => f.write_str("unexpected end of input"),
            ErrorKind::Syntax(what) => write!(f, "JSON syntax error: expected {what}"),
            ErrorKind::TrailingData => f.write_str("trailing characters after the JSON value"),
            ErrorKind::UnknownElement(name) => write!(f, "unknown element `{name}`"),
            ErrorKind::DuplicateElement => f.write_str("element given more than once"),
            ErrorKind::EmptyObject => {
                f.write_str("empty object (FHIR JSON objects are never empty)")
            }
            ErrorKind::EmptyArray => f.write_str("empty array (FHIR JSON arrays are never empty)"),
            ErrorKind::EmptyString => {
                f.write_str("empty string (FHIR primitive values are never empty)")
            }
            ErrorKind::Null => f.write_str("null is not allowed here"),
            ErrorKind::WrongType { expected } => write!(f, "wrong JSON type: expected {expected}"),
            ErrorKind::InvalidValue(why) => write!(f, "invalid value: {why}"),
            ErrorKind::PrimitiveArrayMismatch { values, extensions } => write!(
                f,
                "primitive array has {values} values but its `_` partner has {extensions}"
            ),
            ErrorKind::NullWithoutExtension => {
                f.write_str("null in a primitive array without id or extension in the `_` partner")
            }
            ErrorKind::MissingResourceType => f.write_str("missing `resourceType`"),
            ErrorKind::UnknownResourceType(t) => write!(f, "unknown resourceType `{t}`"),
            ErrorKind::ResourceTypeMismatch { expected, found } => {
                write!(f, "resourceType is `{found}`, expected `{expected}`")
            }
            ErrorKind::LimitExceeded { limit, max } => {
                write!(f, "limit exceeded: {limit} (maximum {max})")
            }
        }
    }
}

/// One step of an element path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(Cow<'static, str>),
    Index(usize),
}

/// A decoding error: its [`ErrorKind`], the element path (`ImagingStudy.series[0].uid`) and the
/// byte offset, line and column in the input.
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Box<Inner>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    offset: usize,
    line: usize,
    column: usize,
    root: Option<Cow<'static, str>>,
    /// Innermost first while the error propagates; see [`Error::path`].
    segs: Vec<Seg>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, offset: usize) -> Self {
        Error(Box::new(Inner {
            kind,
            offset,
            line: 0,
            column: 0,
            root: None,
            segs: Vec::new(),
        }))
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// Byte offset in the input (0-based) where the problem was found.
    pub fn offset(&self) -> usize {
        self.0.offset
    }

    /// Line in the input (1-based).
    pub fn line(&self) -> usize {
        self.0.line
    }

    /// Column in the input (1-based, in bytes).
    pub fn column(&self) -> usize {
        self.0.column
    }

    /// The FHIRPath-like location of the element, spelled with JSON member names:
    /// `ImagingStudy.series[0].instance[2].uid`, `Patient._gender.extension[0].url`.
    pub fn path(&self) -> String {
        let mut s = String::new();
        if let Some(root) = &self.0.root {
            s.push_str(root);
        }
        for seg in self.0.segs.iter().rev() {
            match seg {
                Seg::Key(k) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(k);
                }
                Seg::Index(i) => {
                    s.push('[');
                    s.push_str(&i.to_string());
                    s.push(']');
                }
            }
        }
        s
    }

    pub(crate) fn in_key(mut self, key: &str) -> Self {
        self.0.segs.push(Seg::Key(Cow::Owned(key.to_owned())));
        self
    }

    pub(crate) fn in_static(mut self, key: &'static str) -> Self {
        self.0.segs.push(Seg::Key(Cow::Borrowed(key)));
        self
    }

    pub(crate) fn in_index(mut self, i: usize) -> Self {
        self.0.segs.push(Seg::Index(i));
        self
    }

    /// Name the resource this path starts from; the outermost call wins.
    pub(crate) fn in_resource(mut self, rt: &str) -> Self {
        self.0.root = Some(Cow::Owned(rt.to_owned()));
        self
    }

    pub(crate) fn locate(mut self, input: &[u8]) -> Self {
        let end = self.0.offset.min(input.len());
        let head = input.get(..end).unwrap_or_default();
        self.0.line = 1 + head.iter().filter(|&&b| b == b'\n').count();
        let line_start = head.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        self.0.column = end - line_start + 1;
        self
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.0.kind)
            .field("path", &self.path())
            .field("offset", &self.0.offset)
            .field("line", &self.0.line)
            .field("column", &self.0.column)
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path();
        if !path.is_empty() {
            write!(f, "{path}: ")?;
        }
        write!(
            f,
            "{} at line {} column {} (byte {})",
            self.0.kind, self.0.line, self.0.column, self.0.offset
        )
    }
}

impl std::error::Error for Error {}

//! Decoding DICOM JSON (PS3.18 Annex F) into dicom-rs data sets.
//!
//! A hand-written single-pass parser over the input bytes builds the
//! [`InMemDicomObject`] directly: no intermediate JSON tree, string values borrowed from the
//! input until they are stored, numbers kept as their literal text until the VR says what they
//! become (IS/DS keep the text; SV/UV are parsed as 64-bit integers, never through `f64`).
//!
//! # What the decoded data set holds (PS3.18 F.2.3)
//!
//! | VR | JSON | dicom-rs value |
//! |---|---|---|
//! | AE AS CS DA DT LO LT SH ST TM UC UI UR UT | strings | `Strs`, one entry per value |
//! | PN | `{"Alphabetic","Ideographic","Phonetic"}` | `Strs` of `A=I=P`, trailing empty groups cut |
//! | IS DS | numbers or strings | `Strs` holding the exact text (number literal or string) |
//! | SS US SL UL | numbers | `I16` `U16` `I32` `U32` |
//! | SV UV | numbers or strings | `I64` `U64` (parsed from the text, never through `f64`) |
//! | FL FD | numbers | `F32` `F64` |
//! | AT | `"GGGGEEEE"` strings | `Tags` |
//! | SQ | array of objects | `Sequence` of data sets (`{}` is an empty item) |
//! | OB OD OF OL OV OW UN | `InlineBinary` | `U8` (OB, UN), `U16` (OW), `F32` (OF), `F64` (OD), `U32` (OL), `U64` (OV) |
//! | any VR of F.2.6 | `BulkDataURI` | the [BulkDataURI marker](crate::bulk_data_value) |
//!
//! No `Value` member (F.2.5) gives `PrimitiveValue::Empty` (an empty sequence for SQ). A
//! `null` entry of a multi-valued attribute (F.2.5) is an empty string entry in `Strs`, so
//! `["A", null, "B"]` is `Strs(["A", "", "B"])` and is written back as `["A",null,"B"]`. A
//! `Value` array whose only entry is `null` or `""` is an empty value (it has no other form in
//! DICOM), read as `Empty`.

use crate::DataSet;
use crate::bulk::bulk_data_value;
use crate::error::{Error, ErrorKind, Position, Repair, RepairKind};
use crate::limits::{Limit, Limits};
use crate::path::TagPath;
use crate::vr::{self, Class};
use base64::Engine as _;
use dicom_core::value::{C, DataSetSequence, PrimitiveValue};
use dicom_core::{DataElement, Length, Tag, VR};
use dicom_object::mem::InMemElement;
use std::borrow::Cow;

/// Decoder options: strict or lenient, and [`Limits`].
///
/// ```
/// use dicom_json_codec::DecodeOptions;
/// // A QIDO-RS answer from a server that writes PN as a plain string.
/// let json = r#"[{"00100010":{"vr":"PN","Value":["Doe^Jane"]}}]"#;
/// assert!(DecodeOptions::new().decode_array(json.as_bytes()).is_err());
/// let decoded = DecodeOptions::new().lenient(true).decode_array(json.as_bytes())?;
/// assert_eq!(decoded.value.len(), 1);
/// assert_eq!(decoded.repairs.len(), 1);
/// # Ok::<(), dicom_json_codec::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct DecodeOptions {
    pub(crate) lenient: bool,
    pub(crate) limits: Limits,
}

/// A decoded value and the repairs the lenient decoder made (always empty in strict mode).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Decoded<T> {
    /// The decoded value.
    pub value: T,
    /// What the lenient decoder repaired, in input order.
    pub repairs: Vec<Repair>,
}

impl DecodeOptions {
    /// Strict decoding with default [`Limits`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Accept what real servers send, and report each repair (default: strict).
    ///
    /// Strict mode rejects: unknown members in attribute objects, unknown or lowercase VRs,
    /// lowercase hex in tag keys, PN given as a plain string, `InlineBinary` on a VR that does
    /// not allow it (F.2.7), a VR that contradicts the data dictionary for a standard
    /// attribute (UN is always accepted), a single value where an array is expected, numbers
    /// given as strings for FL/FD/SS/US/SL/UL, duplicate attributes and a backslash inside a
    /// value of a multi-valued VR.
    ///
    /// Lenient mode accepts all of these and records a [`Repair`] for each: `InlineBinary` as
    /// a one-element array, a single object or string where an array is expected, PN as a
    /// string (the Alphabetic group), lowercase hex keys and VRs, unknown members (ignored),
    /// a contradicting VR (kept as given), `"Value": null` (empty), duplicates (last kept),
    /// `InlineBinary` on a binary-number VR (US, SS, UL, SL, UV, SV, FL, FD) or AT.
    ///
    /// In both modes group length attributes (gggg,0000) are read, checked and dropped: they
    /// have no meaning in the JSON model (the encoder never writes them); lenient mode reports
    /// each as a repair.
    /// Limits and JSON syntax are never relaxed.
    pub fn lenient(&mut self, yes: bool) -> &mut Self {
        self.lenient = yes;
        self
    }

    /// Replace the limits.
    pub fn limits(&mut self, limits: Limits) -> &mut Self {
        self.limits = limits;
        self
    }

    /// Decode one DICOM JSON object (PS3.18 F.2.1).
    pub fn decode(&self, input: &[u8]) -> Result<Decoded<DataSet>, Error> {
        let mut p = Parser::new(input, self)?;
        let r = p.top_object();
        p.finish(r)
    }

    /// Decode a top-level array of DICOM JSON objects, as in QIDO-RS and WADO-RS metadata
    /// responses (PS3.18 F.2.1.1). A single top-level object is accepted as an array of one.
    pub fn decode_array(&self, input: &[u8]) -> Result<Decoded<Vec<DataSet>>, Error> {
        let mut p = Parser::new(input, self)?;
        let r = p.top_array();
        p.finish(r)
    }

    /// Iterate over the data sets of a top-level array one at a time (each decoded when the
    /// iterator reaches it). A single top-level object yields one data set.
    pub fn iter_array<'a>(&'a self, input: &'a [u8]) -> ArrayIter<'a> {
        match Parser::new(input, self) {
            Ok(parser) => ArrayIter {
                parser: Some(parser),
                state: IterState::Start,
                index: 0,
                pending_error: None,
            },
            Err(e) => ArrayIter {
                parser: None,
                state: IterState::Done,
                index: 0,
                pending_error: Some(e),
            },
        }
    }
}

/// Decode one DICOM JSON object (strict, default limits).
///
/// ```
/// let ds = dicom_json_codec::from_str(r#"{"00100020":{"vr":"LO","Value":["A1"]}}"#)?;
/// assert_eq!(ds.get(dicom_core::Tag(0x0010, 0x0020)).unwrap().to_str()?, "A1");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn from_str(input: &str) -> Result<DataSet, Error> {
    from_slice(input.as_bytes())
}

/// Decode one DICOM JSON object from bytes (strict, default limits).
pub fn from_slice(input: &[u8]) -> Result<DataSet, Error> {
    DecodeOptions::new().decode(input).map(|d| d.value)
}

/// Decode a top-level array of DICOM JSON objects (QIDO-RS, WADO-RS metadata), strict,
/// default limits. A single top-level object gives a vector of one.
pub fn from_slice_array(input: &[u8]) -> Result<Vec<DataSet>, Error> {
    DecodeOptions::new().decode_array(input).map(|d| d.value)
}

/// Decode a top-level array of DICOM JSON objects from a string (see [`from_slice_array`]).
pub fn from_str_array(input: &str) -> Result<Vec<DataSet>, Error> {
    from_slice_array(input.as_bytes())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IterState {
    Start,
    InArray,
    Single,
    Done,
}

/// An iterator over the data sets of a top-level array in a byte slice
/// ([`DecodeOptions::iter_array`]). Yields each data set with the repairs made in it; the
/// first error ends the iteration.
#[derive(Debug)]
pub struct ArrayIter<'a> {
    parser: Option<Parser<'a>>,
    state: IterState,
    index: usize,
    pending_error: Option<Error>,
}

impl Iterator for ArrayIter<'_> {
    type Item = Result<Decoded<DataSet>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.pending_error.take() {
            self.state = IterState::Done;
            return Some(Err(e));
        }
        let p = self.parser.as_mut()?;
        let index = self.index;
        let r: R<Option<DataSet>> = match self.state {
            IterState::Done => return None,
            IterState::Start => match p.iter_start() {
                Ok(Start::Single) => {
                    self.state = IterState::Single;
                    p.data_set(0).and_then(|ds| p.end().map(|()| Some(ds)))
                }
                Ok(Start::Empty) => Ok(None),
                Ok(Start::Array) => {
                    self.state = IterState::InArray;
                    p.array_next(0).map_err(|e| e.in_array(0))
                }
                Err(e) => Err(e),
            },
            IterState::Single => Ok(None),
            IterState::InArray => p.array_next(index).map_err(|e| e.in_array(index)),
        };
        match r {
            Ok(Some(ds)) => {
                self.index += 1;
                let in_array = self.state == IterState::InArray;
                let repairs = p
                    .take_repairs()
                    .into_iter()
                    .map(|mut r| {
                        if in_array {
                            r.path.set_array_index(index);
                        }
                        r
                    })
                    .collect();
                Some(Ok(Decoded { value: ds, repairs }))
            }
            Ok(None) => {
                self.state = IterState::Done;
                None
            }
            Err(e) => {
                self.state = IterState::Done;
                Some(Err(p.locate(e)))
            }
        }
    }
}

/// How a top-level value starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    Single,
    Array,
    Empty,
}

/// Strings up to this length always pass the string limit (tag keys, VRs, member names).
const MIN_STRING_LIMIT: usize = 64;

/// Bytes that need attention inside a JSON string: `"`, `\` and control characters.
static STRING_STOP: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// The parser state over one input (or one buffered data set of a stream).
#[derive(Debug)]
pub(crate) struct Parser<'a> {
    text: &'a str,
    pos: usize,
    lenient: bool,
    limits: &'a Limits,
    /// Repairs with chunk-relative offsets (line/column filled in by `take_repairs`).
    repairs: Vec<(RepairKind, usize, TagPath)>,
    /// Current element path, only maintained for repairs (lenient mode).
    path: TagPath,
    /// Where this chunk sits in the whole stream.
    base: Position,
}

type R<T> = Result<T, Error>;

/// A value member whose parsing waits for the VR (Orthanc writes `vr` last).
#[derive(Debug, Clone, Copy)]
enum Member {
    Value,
    InlineBinary,
    BulkDataUri,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(input: &'a [u8], opts: &'a DecodeOptions) -> R<Self> {
        if input.len() > opts.limits.input_bytes {
            return Err(Error::limit(Limit::InputBytes, opts.limits.input_bytes, 0)
                .locate(&[], Position::START));
        }
        let text = match std::str::from_utf8(input) {
            Ok(t) => t,
            Err(e) => {
                return Err(Error::at_offset(ErrorKind::InvalidUtf8, e.valid_up_to())
                    .locate(input, Position::START));
            }
        };
        Ok(Parser {
            text,
            pos: 0,
            lenient: opts.lenient,
            limits: &opts.limits,
            repairs: Vec::new(),
            path: TagPath::new(),
            base: Position::START,
        })
    }

    pub(crate) fn with_base(mut self, base: Position) -> Self {
        self.base = base;
        self
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    pub(crate) fn locate(&self, e: Error) -> Error {
        e.locate(self.bytes(), self.base)
    }

    pub(crate) fn take_repairs(&mut self) -> Vec<Repair> {
        let bytes = self.bytes();
        let base = self.base;
        std::mem::take(&mut self.repairs)
            .into_iter()
            .map(|(kind, offset, path)| {
                let local = Position::locate(bytes, offset);
                Repair {
                    kind,
                    position: Position {
                        offset: local.offset + base.offset,
                        line: local.line + base.line - 1,
                        column: if local.line == 1 {
                            local.column + base.column - 1
                        } else {
                            local.column
                        },
                    },
                    path,
                }
            })
            .collect()
    }

    fn finish<T>(&mut self, r: R<T>) -> R<Decoded<T>> {
        match r.and_then(|v| self.end().map(|()| v)) {
            Ok(value) => Ok(Decoded {
                value,
                repairs: self.take_repairs(),
            }),
            Err(e) => Err(self.locate(e)),
        }
    }

    fn repair(&mut self, kind: RepairKind, offset: usize) {
        self.repairs.push((kind, offset, self.path.clone()));
    }

    // ---- lexical layer -------------------------------------------------------------------

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    #[inline]
    fn ws(&mut self) {
        let b = self.bytes();
        while let Some(&c) = b.get(self.pos) {
            if c == b' ' || c == b'\n' || c == b'\r' || c == b'\t' {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// Skip whitespace and return the next byte (not consumed).
    #[inline]
    fn next_token(&mut self) -> R<u8> {
        self.ws();
        self.peek()
            .ok_or_else(|| Error::at_offset(ErrorKind::UnexpectedEof, self.pos))
    }

    fn err<T>(&self, kind: ErrorKind) -> R<T> {
        Err(Error::at_offset(kind, self.pos))
    }

    #[inline]
    fn expect(&mut self, c: u8, what: &'static str) -> R<()> {
        if self.next_token()? == c {
            self.pos += 1;
            Ok(())
        } else {
            self.err(ErrorKind::Syntax(what))
        }
    }

    pub(crate) fn end(&mut self) -> R<()> {
        self.ws();
        if self.pos < self.bytes().len() {
            self.err(ErrorKind::TrailingCharacters)
        } else {
            Ok(())
        }
    }

    /// After a member or element: `,` (returns true) or the closing byte (returns false).
    #[inline]
    fn comma_or(&mut self, close: u8, what: &'static str) -> R<bool> {
        match self.next_token()? {
            b',' => {
                self.pos += 1;
                Ok(true)
            }
            c if c == close => {
                self.pos += 1;
                Ok(false)
            }
            _ => self.err(ErrorKind::Syntax(what)),
        }
    }

    /// Parse a JSON string at the current position (after whitespace). Returns the unescaped
    /// text and whether it contained an escaped backslash.
    fn string(&mut self) -> R<(Cow<'a, str>, bool)> {
        if self.next_token()? != b'"' {
            return self.err(ErrorKind::InvalidType("a string"));
        }
        let start = self.pos + 1;
        let bytes = self.bytes();
        let mut i = start;
        while let Some(&c) = bytes.get(i) {
            if STRING_STOP[c as usize] {
                break;
            }
            i += 1;
        }
        match bytes.get(i) {
            Some(b'"') => {
                if i - start > self.limits.string_bytes.max(MIN_STRING_LIMIT) {
                    return Err(Error::limit(
                        Limit::StringBytes,
                        self.limits.string_bytes,
                        start,
                    ));
                }
                self.pos = i + 1;
                let s = self
                    .text
                    .get(start..i)
                    .ok_or_else(|| Error::at_offset(ErrorKind::InvalidUtf8, start))?;
                Ok((Cow::Borrowed(s), false))
            }
            Some(b'\\') => self.string_escaped(start, i),
            Some(_) => Err(Error::at_offset(
                ErrorKind::Syntax("control character in string"),
                i,
            )),
            None => Err(Error::at_offset(ErrorKind::UnexpectedEof, i)),
        }
    }

    fn string_escaped(&mut self, start: usize, first: usize) -> R<(Cow<'a, str>, bool)> {
        let bytes = self.bytes();
        let mut out = String::new();
        out.push_str(
            self.text
                .get(start..first)
                .ok_or_else(|| Error::at_offset(ErrorKind::InvalidUtf8, start))?,
        );
        let mut backslash = false;
        let mut i = first;
        loop {
            if out.len() > self.limits.string_bytes.max(MIN_STRING_LIMIT) {
                return Err(Error::limit(
                    Limit::StringBytes,
                    self.limits.string_bytes,
                    start,
                ));
            }
            let Some(&c) = bytes.get(i) else {
                return Err(Error::at_offset(ErrorKind::UnexpectedEof, i));
            };
            match c {
                b'"' => {
                    self.pos = i + 1;
                    return Ok((Cow::Owned(out), backslash));
                }
                b'\\' => {
                    let Some(&e) = bytes.get(i + 1) else {
                        return Err(Error::at_offset(ErrorKind::UnexpectedEof, i + 1));
                    };
                    i += 2;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => {
                            backslash = true;
                            out.push('\\')
                        }
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4(i)?;
                            i += 4;
                            let ch = if (0xD800..0xDC00).contains(&hi) {
                                if bytes.get(i) != Some(&b'\\') || bytes.get(i + 1) != Some(&b'u') {
                                    return Err(Error::at_offset(
                                        ErrorKind::Syntax("lone surrogate in \\u escape"),
                                        i,
                                    ));
                                }
                                let lo = self.hex4(i + 2)?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(Error::at_offset(
                                        ErrorKind::Syntax("lone surrogate in \\u escape"),
                                        i,
                                    ));
                                }
                                i += 6;
                                char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                            } else {
                                char::from_u32(hi)
                            };
                            match ch {
                                Some(ch) => out.push(ch),
                                None => {
                                    return Err(Error::at_offset(
                                        ErrorKind::Syntax("lone surrogate in \\u escape"),
                                        i - 6,
                                    ));
                                }
                            }
                        }
                        _ => {
                            return Err(Error::at_offset(
                                ErrorKind::Syntax("invalid escape"),
                                i - 2,
                            ));
                        }
                    }
                }
                c if c < 0x20 => {
                    return Err(Error::at_offset(
                        ErrorKind::Syntax("control character in string"),
                        i,
                    ));
                }
                _ => {
                    // Copy the run up to the next special byte.
                    let run_start = i;
                    while let Some(&c) = bytes.get(i) {
                        if STRING_STOP[c as usize] {
                            break;
                        }
                        i += 1;
                    }
                    out.push_str(
                        self.text
                            .get(run_start..i)
                            .ok_or_else(|| Error::at_offset(ErrorKind::InvalidUtf8, run_start))?,
                    );
                }
            }
        }
    }

    fn hex4(&self, at: usize) -> R<u32> {
        let mut v = 0u32;
        for k in 0..4 {
            let Some(&c) = self.bytes().get(at + k) else {
                return Err(Error::at_offset(ErrorKind::UnexpectedEof, at + k));
            };
            let d = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => {
                    return Err(Error::at_offset(
                        ErrorKind::Syntax("invalid \\u escape"),
                        at + k,
                    ));
                }
            };
            v = v * 16 + u32::from(d);
        }
        Ok(v)
    }

    /// Parse a JSON number literal (RFC 8259 §6) and return its exact text.
    fn number(&mut self) -> R<&'a str> {
        let bytes = self.bytes();
        let start = self.pos;
        let mut i = start;
        if bytes.get(i) == Some(&b'-') {
            i += 1;
        }
        match bytes.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                while matches!(bytes.get(i), Some(b'0'..=b'9')) {
                    i += 1;
                }
            }
            Some(_) => return Err(Error::at_offset(ErrorKind::Syntax("invalid number"), i)),
            None => return Err(Error::at_offset(ErrorKind::UnexpectedEof, i)),
        }
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            if !matches!(bytes.get(i), Some(b'0'..=b'9')) {
                return Err(Error::at_offset(ErrorKind::Syntax("invalid number"), i));
            }
            while matches!(bytes.get(i), Some(b'0'..=b'9')) {
                i += 1;
            }
        }
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(bytes.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !matches!(bytes.get(i), Some(b'0'..=b'9')) {
                return Err(Error::at_offset(ErrorKind::Syntax("invalid number"), i));
            }
            while matches!(bytes.get(i), Some(b'0'..=b'9')) {
                i += 1;
            }
        }
        if i - start > self.limits.string_bytes {
            return Err(Error::limit(
                Limit::StringBytes,
                self.limits.string_bytes,
                start,
            ));
        }
        self.pos = i;
        self.text
            .get(start..i)
            .ok_or_else(|| Error::at_offset(ErrorKind::Syntax("invalid number"), start))
    }

    /// Consume a literal (`null`, `true`, `false`).
    fn literal(&mut self, word: &'static str) -> R<()> {
        let end = self.pos + word.len();
        match self.bytes().get(self.pos..end) {
            Some(s) if s == word.as_bytes() => {
                self.pos = end;
                Ok(())
            }
            Some(_) => self.err(ErrorKind::Syntax("invalid literal")),
            None => Err(Error::at_offset(
                ErrorKind::UnexpectedEof,
                self.bytes().len(),
            )),
        }
    }

    /// Skip any JSON value (used for ignored members in lenient mode and for members that
    /// come before `vr`). Iterative, bounded by the depth limit.
    fn skip_value(&mut self) -> R<()> {
        let max = self.limits.depth.saturating_mul(3).saturating_add(3);
        let mut stack: Vec<u8> = Vec::new();
        loop {
            match self.next_token()? {
                b'{' => {
                    self.pos += 1;
                    if stack.len() >= max {
                        return Err(Error::limit(Limit::Depth, self.limits.depth, self.pos));
                    }
                    if self.next_token()? == b'}' {
                        self.pos += 1;
                    } else {
                        stack.push(b'}');
                        self.string()?;
                        self.expect(b':', "expected ':'")?;
                        continue;
                    }
                }
                b'[' => {
                    self.pos += 1;
                    if stack.len() >= max {
                        return Err(Error::limit(Limit::Depth, self.limits.depth, self.pos));
                    }
                    if self.next_token()? == b']' {
                        self.pos += 1;
                    } else {
                        stack.push(b']');
                        continue;
                    }
                }
                b'"' => {
                    self.string()?;
                }
                b'n' => self.literal("null")?,
                b't' => self.literal("true")?,
                b'f' => self.literal("false")?,
                _ => {
                    self.number()?;
                }
            }
            // After a complete value: close containers or move to the next element.
            loop {
                let Some(&close) = stack.last() else {
                    return Ok(());
                };
                if self.comma_or(close, "expected ',' or a closing bracket")? {
                    if close == b'}' {
                        self.string()?;
                        self.expect(b':', "expected ':'")?;
                    }
                    break;
                }
                stack.pop();
            }
        }
    }

    // ---- DICOM JSON layer ------------------------------------------------------------------

    fn top_object(&mut self) -> R<DataSet> {
        match self.next_token()? {
            b'{' => self.data_set(0),
            _ => self.err(ErrorKind::NotAnObject),
        }
    }

    fn top_array(&mut self) -> R<Vec<DataSet>> {
        match self.next_token()? {
            b'{' => Ok(vec![self.data_set(0)?]),
            b'[' => {
                self.pos += 1;
                let mut out = Vec::new();
                if self.next_token()? == b']' {
                    self.pos += 1;
                    return Ok(out);
                }
                loop {
                    let index = out.len();
                    if self.next_token()? != b'{' {
                        return Err(
                            Error::at_offset(ErrorKind::NotAnObject, self.pos).in_array(index)
                        );
                    }
                    self.path.set_array_index(index);
                    let ds = self.data_set(0).map_err(|e| e.in_array(index))?;
                    out.push(ds);
                    if !self.comma_or(b']', "expected ',' or ']'")? {
                        return Ok(out);
                    }
                }
            }
            _ => self.err(ErrorKind::NotAnObject),
        }
    }

    /// Start of an iteration.
    fn iter_start(&mut self) -> R<Start> {
        match self.next_token()? {
            b'{' => Ok(Start::Single),
            b'[' => {
                self.pos += 1;
                if self.next_token()? == b']' {
                    self.pos += 1;
                    self.end()?;
                    return Ok(Start::Empty);
                }
                Ok(Start::Array)
            }
            _ => self.err(ErrorKind::NotAnObject),
        }
    }

    /// The next data set of an array (`index` 0 is the first, right after `[`), or `None`
    /// after the closing `]` (then the input must end).
    fn array_next(&mut self, index: usize) -> R<Option<DataSet>> {
        if index > 0 && !self.comma_or(b']', "expected ',' or ']'")? {
            self.end()?;
            return Ok(None);
        }
        if self.next_token()? != b'{' {
            return self.err(ErrorKind::NotAnObject);
        }
        self.path.set_array_index(index);
        let ds = self.data_set(0)?;
        Ok(Some(ds))
    }

    /// Parse one data set object at the current position (the next token is `{`).
    pub(crate) fn data_set(&mut self, depth: usize) -> R<DataSet> {
        self.expect(b'{', "expected '{'")?;
        // Elements go straight into the object's map (keys usually come in ascending order,
        // so each insert appends): no temporary vector, no sort.
        let mut ds = DataSet::new_empty();
        let mut count = 0usize;
        if self.next_token()? == b'}' {
            self.pos += 1;
            return Ok(ds);
        }
        loop {
            let key_pos = self.next_token().map(|_| self.pos)?;
            let tag = self.tag_key()?;
            self.expect(b':', "expected ':' after the tag key")?;
            if count >= self.limits.elements {
                return Err(Error::limit(Limit::Elements, self.limits.elements, key_pos));
            }
            count += 1;
            if self.lenient {
                self.path.push_tag(tag);
            }
            let elem = self.element(tag, depth).map_err(|e| e.in_element(tag));
            if self.lenient {
                self.path.pop();
            }
            let elem = elem?;
            if tag.element() == 0 {
                // Group length (gggg,0000): no meaning in the JSON model and wrong after any
                // edit; the encoder never writes one. Read, checked, dropped.
                if self.lenient {
                    self.repair(RepairKind::GroupLength, key_pos);
                }
            } else if ds.put(elem).is_some() {
                if self.lenient {
                    self.repair(RepairKind::DuplicateTag, key_pos);
                } else {
                    return Err(Error::at_offset(ErrorKind::DuplicateTag, key_pos).in_element(tag));
                }
            }
            if !self.comma_or(b'}', "expected ',' or '}' after an attribute")? {
                break;
            }
        }
        Ok(ds)
    }

    /// An 8-hex-digit tag key (PS3.18 F.2.2).
    fn tag_key(&mut self) -> R<Tag> {
        let at = self.next_token().map(|_| self.pos)?;
        let (key, _) = self.string()?;
        let b = key.as_bytes();
        let mut v: u32 = 0;
        let mut lower = false;
        if b.len() != 8 {
            return Err(Error::at_offset(
                ErrorKind::InvalidTag(key.into_owned()),
                at,
            ));
        }
        for &c in b {
            let d = match c {
                b'0'..=b'9' => c - b'0',
                b'A'..=b'F' => c - b'A' + 10,
                b'a'..=b'f' => {
                    lower = true;
                    c - b'a' + 10
                }
                _ => {
                    return Err(Error::at_offset(
                        ErrorKind::InvalidTag(key.into_owned()),
                        at,
                    ));
                }
            };
            v = (v << 4) | u32::from(d);
        }
        if lower {
            if self.lenient {
                self.repair(RepairKind::LowercaseTag, at);
            } else {
                return Err(Error::at_offset(
                    ErrorKind::InvalidTag(key.into_owned()),
                    at,
                ));
            }
        }
        let tag = Tag((v >> 16) as u16, (v & 0xFFFF) as u16);
        if tag.group() == 0xFFFE {
            // Item and delimitation tags are not attributes (PS3.5 §7.5).
            return Err(Error::at_offset(
                ErrorKind::InvalidTag(key.into_owned()),
                at,
            ));
        }
        Ok(tag)
    }

    fn vr_member(&mut self) -> R<VR> {
        let at = self.next_token().map(|_| self.pos)?;
        let (s, _) = self.string()?;
        let b = s.as_bytes();
        let up: [u8; 2] = match b {
            [a, c] => [*a, *c],
            _ => return Err(Error::at_offset(ErrorKind::InvalidVr(s.into_owned()), at)),
        };
        if let Some(vr) = vr_from_bytes(up) {
            return Ok(vr);
        }
        let upper = [up[0].to_ascii_uppercase(), up[1].to_ascii_uppercase()];
        if self.lenient
            && let Some(vr) = vr_from_bytes(upper)
        {
            self.repair(RepairKind::LowercaseVr, at);
            return Ok(vr);
        }
        Err(Error::at_offset(ErrorKind::InvalidVr(s.into_owned()), at))
    }

    /// One attribute object `{"vr":..., "Value"|"InlineBinary"|"BulkDataURI": ...}`.
    fn element(&mut self, tag: Tag, depth: usize) -> R<InMemElement> {
        let obj_at = self.next_token().map(|_| self.pos)?;
        if self.peek() != Some(b'{') {
            return self.err(ErrorKind::InvalidType("an attribute object"));
        }
        self.pos += 1;
        let mut vr: Option<VR> = None;
        let mut value: Option<Value> = None;
        let mut pending: Option<(Member, usize)> = None;
        let mut seen_value = false;
        if self.next_token()? == b'}' {
            return Err(Error::at_offset(ErrorKind::MissingVr, obj_at));
        }
        loop {
            let key_at = self.next_token().map(|_| self.pos)?;
            let (key, _) = self.string()?;
            self.expect(b':', "expected ':'")?;
            let member = match key.as_ref() {
                "vr" => {
                    if vr.is_some() {
                        return Err(Error::at_offset(
                            ErrorKind::Syntax("duplicate \"vr\" member"),
                            key_at,
                        ));
                    }
                    let vr_at = self.next_token().map(|_| self.pos)?;
                    let v = self.vr_member()?;
                    self.check_dictionary(tag, v, vr_at)?;
                    vr = Some(v);
                    if let Some((m, at)) = pending.take() {
                        // Parse the value member that came before `vr`.
                        let resume = self.pos;
                        self.pos = at;
                        value = Some(self.member(m, tag, v, depth)?);
                        self.pos = resume;
                    }
                    None
                }
                "Value" => Some(Member::Value),
                "InlineBinary" => Some(Member::InlineBinary),
                "BulkDataURI" => Some(Member::BulkDataUri),
                other => {
                    if self.lenient {
                        let other = other.to_owned();
                        self.repair(RepairKind::UnknownMember(other), key_at);
                        self.skip_value()?;
                        None
                    } else {
                        return Err(Error::at_offset(
                            ErrorKind::UnknownMember(other.to_owned()),
                            key_at,
                        ));
                    }
                }
            };
            if let Some(m) = member {
                if seen_value {
                    return Err(Error::at_offset(ErrorKind::ConflictingValues, key_at));
                }
                seen_value = true;
                match vr {
                    Some(v) => value = Some(self.member(m, tag, v, depth)?),
                    None => {
                        let at = self.next_token().map(|_| self.pos)?;
                        pending = Some((m, at));
                        self.skip_value()?;
                    }
                }
            }
            if !self.comma_or(b'}', "expected ',' or '}' in an attribute object")? {
                break;
            }
        }
        let Some(vr) = vr else {
            return Err(Error::at_offset(ErrorKind::MissingVr, obj_at));
        };
        let value = match value {
            Some(v) => v,
            None if vr == VR::SQ => Value::Sequence(C::new()),
            None => Value::Primitive(PrimitiveValue::Empty),
        };
        Ok(match value {
            Value::Primitive(p) => DataElement::new(tag, vr, p),
            Value::Sequence(items) => {
                DataElement::new(tag, vr, DataSetSequence::new(items, Length::UNDEFINED))
            }
        })
    }

    fn check_dictionary(&mut self, tag: Tag, vr: VR, at: usize) -> R<()> {
        if let Some(expected) = vr::dictionary_mismatch(tag, vr) {
            if self.lenient {
                self.repair(
                    RepairKind::VrMismatch {
                        found: vr.to_string().to_owned(),
                        expected: expected.to_owned(),
                    },
                    at,
                );
            } else {
                return Err(Error::at_offset(
                    ErrorKind::VrMismatch {
                        found: vr.to_string().to_owned(),
                        expected: expected.to_owned(),
                    },
                    at,
                ));
            }
        }
        Ok(())
    }

    fn member(&mut self, m: Member, tag: Tag, vr: VR, depth: usize) -> R<Value> {
        match m {
            Member::Value => self.value(tag, vr, depth),
            Member::InlineBinary => self.inline_binary(vr).map(Value::Primitive),
            Member::BulkDataUri => {
                let at = self.next_token().map(|_| self.pos)?;
                if !vr::allows_bulk_data(vr) {
                    return Err(Error::at_offset(
                        ErrorKind::MemberNotAllowed {
                            member: "BulkDataURI",
                            vr: vr.to_string().to_owned(),
                        },
                        at,
                    ));
                }
                let (uri, _) = self.string()?;
                Ok(Value::Primitive(bulk_data_value(&uri)))
            }
        }
    }

    fn inline_binary(&mut self, vr: VR) -> R<PrimitiveValue> {
        let at = self.next_token().map(|_| self.pos)?;
        let allowed = vr::class(vr) == Class::Binary;
        if !allowed {
            // Lenient: binary numbers and tags only (their bytes have one meaning); text
            // VRs would need charset and padding rules that InlineBinary does not carry.
            if self.lenient && matches!(vr::class(vr), Class::Number | Class::Tag) {
                self.repair(RepairKind::InlineBinaryVr(vr.to_string().to_owned()), at);
            } else {
                return Err(Error::at_offset(
                    ErrorKind::MemberNotAllowed {
                        member: "InlineBinary",
                        vr: vr.to_string().to_owned(),
                    },
                    at,
                ));
            }
        }
        let text = if self.peek() == Some(b'[') && self.lenient {
            self.repair(RepairKind::InlineBinaryArray, at);
            self.pos += 1;
            let (s, _) = self.string()?;
            self.expect(b']', "expected ']' after the InlineBinary string")?;
            s
        } else {
            self.string()?.0
        };
        let max = self.limits.binary_bytes;
        // Decoded size is at most 3/4 of the text; check before allocating.
        if text.len() / 4 * 3 > max.saturating_add(3) {
            return Err(Error::limit(Limit::BinaryBytes, max, at));
        }
        let bytes =
            decode_base64(&text).ok_or_else(|| Error::at_offset(ErrorKind::InvalidBase64, at))?;
        if bytes.len() > max {
            return Err(Error::limit(Limit::BinaryBytes, max, at));
        }
        crate::bulk::bytes_to_value(vr, bytes).map_err(|e| Error::at_offset(e.kind().clone(), at))
    }

    /// The `Value` member for `vr`.
    fn value(&mut self, tag: Tag, vr: VR, depth: usize) -> R<Value> {
        let at = self.next_token().map(|_| self.pos)?;
        let class = vr::class(vr);
        if class == Class::Binary {
            return Err(Error::at_offset(
                ErrorKind::MemberNotAllowed {
                    member: "Value",
                    vr: vr.to_string().to_owned(),
                },
                at,
            ));
        }
        let single = match self.peek() {
            Some(b'[') => {
                self.pos += 1;
                false
            }
            Some(b'n') if self.lenient => {
                self.literal("null")?;
                self.repair(RepairKind::SingleValue, at);
                return Ok(if class == Class::Sequence {
                    Value::Sequence(C::new())
                } else {
                    Value::Primitive(PrimitiveValue::Empty)
                });
            }
            Some(_) if self.lenient => {
                self.repair(RepairKind::SingleValue, at);
                true
            }
            _ => return self.err(ErrorKind::InvalidType("an array")),
        };
        if class == Class::Sequence {
            return self.items(tag, depth, single).map(Value::Sequence);
        }
        // Empty array.
        if !single && self.next_token()? == b']' {
            self.pos += 1;
            return Ok(Value::Primitive(PrimitiveValue::Empty));
        }
        let v = match class {
            Class::Text | Class::NumberText | Class::PersonName => {
                let mut out: C<String> = C::new();
                loop {
                    let entry_at = self.next_token().map(|_| self.pos)?;
                    let s = self.text_entry(vr, class)?;
                    let _ = entry_at;
                    out.push(s);
                    if single || !self.comma_or(b']', "expected ',' or ']'")? {
                        break;
                    }
                }
                if out.len() == 1 && out.first().is_some_and(String::is_empty) {
                    PrimitiveValue::Empty
                } else {
                    PrimitiveValue::Strs(out)
                }
            }
            Class::Number => self.numbers(vr, single)?,
            Class::Tag => {
                let mut out: C<Tag> = C::new();
                loop {
                    let entry_at = self.next_token().map(|_| self.pos)?;
                    let (s, _) = self.string()?;
                    out.push(parse_at(&s).ok_or_else(|| {
                        Error::at_offset(
                            ErrorKind::InvalidValue {
                                vr: "AT".into(),
                                reason: "expected 8 uppercase hex digits",
                            },
                            entry_at,
                        )
                    })?);
                    if single || !self.comma_or(b']', "expected ',' or ']'")? {
                        break;
                    }
                }
                PrimitiveValue::Tags(out)
            }
            Class::Sequence | Class::Binary => PrimitiveValue::Empty,
        };
        Ok(Value::Primitive(v))
    }

    /// One entry of a text, IS/DS or PN value: `null` gives an empty string (F.2.5).
    fn text_entry(&mut self, vr: VR, class: Class) -> R<String> {
        let at = self.pos;
        match self.peek() {
            Some(b'n') => {
                self.literal("null")?;
                Ok(String::new())
            }
            Some(b'"') => {
                if class == Class::PersonName {
                    if self.lenient {
                        self.repair(RepairKind::PersonNameString, at);
                    } else {
                        return self.err(ErrorKind::InvalidType("a Person Name object"));
                    }
                }
                let (s, backslash) = self.string()?;
                if backslash && !vr::backslash_allowed(vr) && !self.lenient {
                    return Err(Error::at_offset(
                        ErrorKind::InvalidValue {
                            vr: vr.to_string().to_owned(),
                            reason: "backslash inside a value of a multi-valued VR",
                        },
                        at,
                    ));
                }
                if class == Class::NumberText {
                    check_number_text(vr, &s, at)?;
                }
                let t = trimmed(class, s);
                if class == Class::PersonName {
                    // Lenient PN string: `A=I=P`, cut like a PN object (no trailing empty
                    // groups), so it is written back and read again unchanged.
                    if t.split('=').count() > 3 {
                        return Err(Error::at_offset(
                            ErrorKind::InvalidValue {
                                vr: "PN".into(),
                                reason: "more than three component groups",
                            },
                            at,
                        ));
                    }
                    let cut = t.trim_end_matches('=').trim_end_matches([' ', '\0']);
                    let cut = cut.trim_end_matches('=');
                    return Ok(cut.to_owned());
                }
                Ok(t)
            }
            Some(b'{') if class == Class::PersonName => self.person_name(),
            Some(b'-' | b'0'..=b'9') if class == Class::NumberText => {
                let n = self.number()?;
                if vr == VR::IS && n.contains(['.', 'e', 'E']) {
                    return Err(Error::at_offset(
                        ErrorKind::InvalidValue {
                            vr: "IS".into(),
                            reason: "not an integer",
                        },
                        at,
                    ));
                }
                Ok(n.to_owned())
            }
            Some(_) => self.err(ErrorKind::InvalidType(match class {
                Class::PersonName => "a Person Name object or null",
                Class::NumberText => "a number, a string or null",
                _ => "a string or null",
            })),
            None => self.err(ErrorKind::UnexpectedEof),
        }
    }

    /// `{"Alphabetic": .., "Ideographic": .., "Phonetic": ..}` (PS3.18 F.2.2) to `A=I=P`.
    fn person_name(&mut self) -> R<String> {
        self.pos += 1;
        let mut groups: [Option<Cow<'a, str>>; 3] = [None, None, None];
        if self.next_token()? == b'}' {
            self.pos += 1;
            return Ok(String::new());
        }
        loop {
            let key_at = self.next_token().map(|_| self.pos)?;
            let (key, _) = self.string()?;
            self.expect(b':', "expected ':'")?;
            let slot = match key.as_ref() {
                "Alphabetic" => Some(0),
                "Ideographic" => Some(1),
                "Phonetic" => Some(2),
                other => {
                    if self.lenient {
                        let other = other.to_owned();
                        self.repair(RepairKind::UnknownMember(other), key_at);
                        self.skip_value()?;
                        None
                    } else {
                        return Err(Error::at_offset(
                            ErrorKind::UnknownMember(other.to_owned()),
                            key_at,
                        ));
                    }
                }
            };
            if let Some(slot) = slot {
                let at = self.next_token().map(|_| self.pos)?;
                let text = if self.peek() == Some(b'n') {
                    self.literal("null")?;
                    Cow::Borrowed("")
                } else {
                    let (s, backslash) = self.string()?;
                    if s.contains('=') || (backslash && !self.lenient) {
                        return Err(Error::at_offset(
                            ErrorKind::InvalidValue {
                                vr: "PN".into(),
                                reason: "'=' or '\\' inside a component group",
                            },
                            at,
                        ));
                    }
                    s
                };
                match groups.get_mut(slot) {
                    Some(g @ None) => *g = Some(text),
                    _ => {
                        return Err(Error::at_offset(
                            ErrorKind::Syntax("duplicate Person Name group"),
                            key_at,
                        ));
                    }
                }
            }
            if !self.comma_or(b'}', "expected ',' or '}' in a Person Name")? {
                break;
            }
        }
        // Trailing padding of the last group is not part of the value (PS3.5 §6.2), so a group
        // of spaces only is empty.
        if let Some(g) = groups.iter_mut().rev().find(|g| g.is_some())
            && let Some(text) = g.as_mut()
        {
            let t = text.trim_end_matches([' ', '\0']);
            if t.len() != text.len() {
                *text = Cow::Owned(t.to_owned());
            }
        }
        let last = groups
            .iter()
            .rposition(|g| g.as_ref().is_some_and(|s| !s.is_empty()));
        let Some(last) = last else {
            return Ok(String::new());
        };
        let mut out = String::new();
        for (i, g) in groups.iter().take(last + 1).enumerate() {
            if i > 0 {
                out.push('=');
            }
            if let Some(g) = g {
                out.push_str(g);
            }
        }
        Ok(out)
    }

    fn numbers(&mut self, vr: VR, single: bool) -> R<PrimitiveValue> {
        macro_rules! collect {
            ($variant:ident, $parse:expr) => {{
                let mut out = C::new();
                loop {
                    let at = self.next_token().map(|_| self.pos)?;
                    let text = self.number_text(vr)?;
                    let v = $parse(&*text).ok_or_else(|| {
                        Error::at_offset(ErrorKind::NumberOutOfRange(vr.to_string().to_owned()), at)
                    })?;
                    out.push(v);
                    if single || !self.comma_or(b']', "expected ',' or ']'")? {
                        break;
                    }
                }
                PrimitiveValue::$variant(out)
            }};
        }
        Ok(match vr {
            VR::US => collect!(U16, parse_int::<u16>),
            VR::SS => collect!(I16, parse_int::<i16>),
            VR::UL => collect!(U32, parse_int::<u32>),
            VR::SL => collect!(I32, parse_int::<i32>),
            VR::UV => collect!(U64, parse_int::<u64>),
            VR::SV => collect!(I64, parse_int::<i64>),
            VR::FL => collect!(F32, |s: &str| s
                .parse::<f32>()
                .ok()
                .filter(|v| v.is_finite())),
            _ => collect!(F64, |s: &str| s
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())),
        })
    }

    /// The text of one binary-number entry: a JSON number, or a string for SV/UV (F.2.3.1) or
    /// in lenient mode.
    fn number_text(&mut self, vr: VR) -> R<Cow<'a, str>> {
        let at = self.pos;
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => self.number().map(Cow::Borrowed),
            Some(b'"') => {
                let string_ok = matches!(vr, VR::SV | VR::UV);
                if !string_ok {
                    if self.lenient {
                        self.repair(RepairKind::NumberType, at);
                    } else {
                        return self.err(ErrorKind::InvalidType("a number"));
                    }
                }
                let (s, _) = self.string()?;
                let t = s.trim();
                if t.len() != s.len() {
                    Ok(Cow::Owned(t.to_owned()))
                } else {
                    Ok(s)
                }
            }
            Some(_) => self.err(ErrorKind::InvalidType("a number")),
            None => self.err(ErrorKind::UnexpectedEof),
        }
    }

    fn items(&mut self, tag: Tag, depth: usize, single: bool) -> R<C<DataSet>> {
        let mut items: C<DataSet> = C::new();
        if !single && self.next_token()? == b']' {
            self.pos += 1;
            return Ok(items);
        }
        if depth >= self.limits.depth {
            return Err(Error::limit(Limit::Depth, self.limits.depth, self.pos));
        }
        loop {
            let index = items.len();
            if self.next_token()? != b'{' {
                return Err(
                    Error::at_offset(ErrorKind::InvalidType("an item object"), self.pos)
                        .in_item(index),
                );
            }
            if self.lenient {
                self.path.push_item(index);
            }
            let item = self.data_set(depth + 1).map_err(|e| e.in_item(index));
            if self.lenient {
                self.path.pop();
            }
            items.push(item?);
            if single || !self.comma_or(b']', "expected ',' or ']'")? {
                break;
            }
        }
        let _ = tag;
        Ok(items)
    }
}

/// A text value without its padding (PS3.5 §6.2: trailing spaces, and NUL for UI, are not
/// part of the value; IS and DS also drop leading spaces), as the encoder writes it.
fn trimmed(class: Class, s: Cow<'_, str>) -> String {
    let t = s.trim_end_matches([' ', '\0']);
    let t = if class == Class::NumberText {
        t.trim_start_matches(' ')
    } else {
        t
    };
    if t.len() == s.len() {
        s.into_owned()
    } else {
        t.to_owned()
    }
}

/// A parsed value member: primitive or sequence items.
enum Value {
    Primitive(PrimitiveValue),
    Sequence(C<DataSet>),
}

fn vr_from_bytes(b: [u8; 2]) -> Option<VR> {
    use VR::*;
    Some(match &b {
        b"AE" => AE,
        b"AS" => AS,
        b"AT" => AT,
        b"CS" => CS,
        b"DA" => DA,
        b"DS" => DS,
        b"DT" => DT,
        b"FL" => FL,
        b"FD" => FD,
        b"IS" => IS,
        b"LO" => LO,
        b"LT" => LT,
        b"OB" => OB,
        b"OD" => OD,
        b"OF" => OF,
        b"OL" => OL,
        b"OV" => OV,
        b"OW" => OW,
        b"PN" => PN,
        b"SH" => SH,
        b"SL" => SL,
        b"SQ" => SQ,
        b"SS" => SS,
        b"ST" => ST,
        b"SV" => SV,
        b"TM" => TM,
        b"UC" => UC,
        b"UI" => UI,
        b"UL" => UL,
        b"UN" => UN,
        b"UR" => UR,
        b"US" => US,
        b"UT" => UT,
        b"UV" => UV,
        _ => return None,
    })
}

/// `"GGGGEEEE"` (PS3.18 F.2.3, AT).
fn parse_at(s: &str) -> Option<Tag> {
    if s.len() != 8 || !s.bytes().all(|c| matches!(c, b'0'..=b'9' | b'A'..=b'F')) {
        return None;
    }
    let v = u32::from_str_radix(s, 16).ok()?;
    Some(Tag((v >> 16) as u16, (v & 0xFFFF) as u16))
}

/// Parse an integer literal exactly (no `f64`); a JSON number with fraction or exponent is
/// accepted only when it is integral and written without loss (`5.0`, `1e3`).
fn parse_int<T: TryFrom<i128>>(s: &str) -> Option<T> {
    if let Ok(v) = s.parse::<i128>() {
        return T::try_from(v).ok();
    }
    // `5.0`, `1.5e1`: exact decimal arithmetic on the digits.
    let (mant, exp) = match s.find(['e', 'E']) {
        Some(i) => (s.get(..i)?, s.get(i + 1..)?.parse::<i32>().ok()?),
        None => (s, 0),
    };
    let (neg, mant) = match mant.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mant),
    };
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    let frac = frac.trim_end_matches('0');
    let digits: String = [int, frac].concat();
    let scale = exp - i32::try_from(frac.len()).ok()?;
    if !(0..=40).contains(&scale) || digits.len() > 40 {
        return None;
    }
    let mut v: i128 = digits.parse().ok()?;
    for _ in 0..scale {
        v = v.checked_mul(10)?;
    }
    T::try_from(if neg { -v } else { v }).ok()
}

/// Validate the text of an IS or DS value given as a JSON string (PS3.5 §6.2): leading and
/// trailing spaces are allowed; an empty string is an empty value. The PS3.5 lengths (12 and
/// 16 bytes) are not enforced, as they cannot be for JSON numbers either: real data exceeds
/// them and the text is kept as given.
fn check_number_text(vr: VR, s: &str, at: usize) -> R<()> {
    let t = s.trim_matches(' ');
    if t.is_empty() {
        return Ok(());
    }
    let ok = if vr == VR::IS {
        let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
        !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit())
    } else {
        t.bytes()
            .all(|c| matches!(c, b'0'..=b'9' | b'+' | b'-' | b'.' | b'e' | b'E'))
            && t.parse::<f64>().is_ok()
    };
    if ok {
        Ok(())
    } else {
        Err(Error::at_offset(
            ErrorKind::InvalidValue {
                vr: vr.to_string().to_owned(),
                reason: if vr == VR::IS {
                    "not an Integer String"
                } else {
                    "not a Decimal String"
                },
            },
            at,
        ))
    }
}

/// Standard base64 with padding (RFC 4648 §4); a missing final padding is accepted.
fn decode_base64(s: &str) -> Option<Vec<u8>> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    const ENGINE: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    ENGINE.decode(s).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_exact() {
        assert_eq!(parse_int::<u64>("18446744073709551615"), Some(u64::MAX));
        assert_eq!(parse_int::<i64>("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_int::<u64>("18446744073709551616"), None);
        assert_eq!(parse_int::<u16>("5.0"), Some(5));
        assert_eq!(parse_int::<u16>("1.5e1"), Some(15));
        assert_eq!(parse_int::<u16>("1.5"), None);
        assert_eq!(parse_int::<u16>("-1"), None);
    }
}

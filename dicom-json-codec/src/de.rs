//! Decoding DICOM JSON (PS3.18 Annex F) into dicom-rs data sets.
//!
//! A hand-written single-pass parser over the input bytes validates everything (JSON syntax,
//! the DICOM JSON Model rules, strict or lenient, and the [`Limits`]) and records each element
//! on a flat tape: tag, VR, and byte spans of its value entries (no JSON tree, nothing copied).
//! The [`view`](crate::view) hands that tape out as is; this module builds
//! [`InMemDicomObject`]s from it: numbers are kept as their literal text until the VR says what
//! they become (IS/DS keep the text; SV/UV are parsed as 64-bit integers, never through `f64`).
//!
//! When `Value` comes before `vr` (Orthanc's member order), the general path skips the value
//! and parses it once the VR is known. In strict mode the parser first tries the VR the same
//! tag had earlier in the input; when `vr` agrees, that parse stands (it accepted exactly the
//! bytes the skip would have), else it is undone and the general path runs, so the result and
//! every error are the same either way.
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
use crate::error::{Error, ErrorKind, Position, Repair, RepairKind};
use crate::limits::{Limit, Limits};
use crate::path::TagPath;
use crate::tape::{self, EntryKind, Node, NodeKind, Span, Tape, parse_at, parse_int};
use crate::vr::{self, Class};
use dicom_core::{Tag, VR};
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
        let r = p.top_object().and_then(|s| p.build(s));
        p.finish(r)
    }

    /// Decode a top-level array of DICOM JSON objects, as in QIDO-RS and WADO-RS metadata
    /// responses (PS3.18 F.2.1.1). A single top-level object is accepted as an array of one.
    pub fn decode_array(&self, input: &[u8]) -> Result<Decoded<Vec<DataSet>>, Error> {
        let mut p = Parser::new(input, self)?;
        let r = p.top_array().and_then(|spans| {
            let mut out = Vec::with_capacity(spans.len());
            for (i, s) in spans.into_iter().enumerate() {
                out.push(p.build(s).map_err(|e| e.in_array(i))?);
            }
            Ok(out)
        });
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
                    p.data_set_owned().and_then(|ds| p.end().map(|()| Some(ds)))
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
    limits: Limits,
    /// Repairs with chunk-relative offsets (line/column filled in by `take_repairs`).
    repairs: Vec<(RepairKind, usize, TagPath)>,
    /// Current element path, only maintained for repairs (lenient mode).
    path: TagPath,
    /// Where this chunk sits in the whole stream.
    base: Position,
    /// What the parser recorded (elements, value entries, items).
    pub(crate) tape: Tape,
    /// (tag, VR) pairs already checked against the dictionary, direct-mapped by tag.
    dict_ok: Vec<(Tag, VR)>,
    /// Reused by `skip_value`.
    skip_stack: Vec<u8>,
    /// Set while parsing a value with a guessed VR, and while re-parsing one after a wrong
    /// guess: no guesses inside, so nested guesses can never multiply the work.
    no_guess: bool,
}

/// What a parser allocates and can hand to the next one (the streaming reader makes one
/// parser per data set).
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    tape: Tape,
    dict_ok: Vec<(Tag, VR)>,
    skip_stack: Vec<u8>,
}

/// Slots of the dictionary check cache (a power of two).
const DICT_CACHE: usize = 4096;

type R<T> = Result<T, Error>;

/// A value member whose parsing waits for the VR (Orthanc writes `vr` last).
#[derive(Debug, Clone, Copy)]
enum Member {
    Value,
    InlineBinary,
    BulkDataUri,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(input: &'a [u8], opts: &DecodeOptions) -> R<Self> {
        // Offsets are kept as u32 (the tape): inputs of 4 GiB or more are refused.
        let max_input = opts.limits.input_bytes.min(u32::MAX as usize - 1);
        if input.len() > max_input {
            return Err(Error::limit(Limit::InputBytes, max_input, 0).locate(&[], Position::START));
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
            limits: opts.limits.clone(),
            repairs: Vec::new(),
            path: TagPath::new(),
            base: Position::START,
            tape: Tape::default(),
            dict_ok: Vec::new(),
            skip_stack: Vec::new(),
            no_guess: false,
        })
    }

    /// Reuse what an earlier parser allocated.
    pub(crate) fn with_scratch(mut self, scratch: Scratch) -> Self {
        self.tape = scratch.tape;
        self.tape.clear();
        self.dict_ok = scratch.dict_ok;
        self.skip_stack = scratch.skip_stack;
        self
    }

    /// Hand the allocations on (see [`with_scratch`](Self::with_scratch)).
    pub(crate) fn take_scratch(&mut self) -> Scratch {
        Scratch {
            tape: std::mem::take(&mut self.tape),
            dict_ok: std::mem::take(&mut self.dict_ok),
            skip_stack: std::mem::take(&mut self.skip_stack),
        }
    }

    pub(crate) fn with_base(mut self, base: Position) -> Self {
        self.base = base;
        self
    }

    pub(crate) fn text(&self) -> &'a str {
        self.text
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

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    #[inline(always)]
    fn ws(&mut self) {
        let b = self.bytes();
        // Compact JSON: usually no whitespace at all.
        if b.get(self.pos).is_some_and(|&c| c > b' ') {
            return;
        }
        while let Some(&c) = b.get(self.pos) {
            if c == b' ' || c == b'\n' || c == b'\r' || c == b'\t' {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// Skip whitespace and return the next byte (not consumed).
    #[inline(always)]
    fn next_token(&mut self) -> R<u8> {
        self.ws();
        match self.peek() {
            Some(c) => Ok(c),
            None => self.err(ErrorKind::UnexpectedEof),
        }
    }

    #[cold]
    #[inline(never)]
    fn err<T>(&self, kind: ErrorKind) -> R<T> {
        Err(Error::at_offset(kind, self.pos))
    }

    #[inline(always)]
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
    #[inline(always)]
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

    /// Scan the JSON string at the current position (after whitespace) up to its closing quote
    /// or its first backslash. Returns the offset after the opening quote and either `Ok(end)`
    /// (the closing quote; the string is consumed) or `Err(first)` (the first backslash; nothing
    /// is consumed). Errors: not a string, control character, end of input, string limit.
    #[inline]
    fn scan_string(&mut self) -> R<(usize, Result<usize, usize>)> {
        if self.next_token()? != b'"' {
            return self.err(ErrorKind::InvalidType("a string"));
        }
        let start = self.pos + 1;
        let i = stop_byte(self.bytes(), start);
        match self.bytes().get(i) {
            Some(b'"') => {
                if i - start > self.limits.string_bytes.max(MIN_STRING_LIMIT) {
                    return Err(Error::limit(
                        Limit::StringBytes,
                        self.limits.string_bytes,
                        start,
                    ));
                }
                self.pos = i + 1;
                Ok((start, Ok(i)))
            }
            Some(b'\\') => Ok((start, Err(i))),
            Some(_) => Err(Error::at_offset(
                ErrorKind::Syntax("control character in string"),
                i,
            )),
            None => Err(Error::at_offset(ErrorKind::UnexpectedEof, i)),
        }
    }

    /// The bytes of a JSON string without escapes at the current position (after whitespace),
    /// consumed; `None`, with nothing consumed, when it holds escapes (then use `string`).
    /// Errors as `string`.
    #[inline]
    fn plain_string(&mut self) -> R<Option<&'a [u8]>> {
        Ok(match self.scan_string()? {
            (start, Ok(end)) => self.bytes().get(start..end),
            (_, Err(_)) => None,
        })
    }

    /// Skip a JSON string (validated).
    #[inline]
    fn skip_string(&mut self) -> R<()> {
        if self.plain_string()?.is_none() {
            self.string()?;
        }
        Ok(())
    }

    /// A member name: its bytes (unescaped when it holds escapes).
    #[inline]
    fn key_bytes(&mut self) -> R<Cow<'a, [u8]>> {
        Ok(match self.plain_string()? {
            Some(b) => Cow::Borrowed(b),
            None => match self.string()?.0 {
                Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
                Cow::Owned(s) => Cow::Owned(s.into_bytes()),
            },
        })
    }

    /// Parse a JSON string at the current position (after whitespace). Returns the unescaped
    /// text and whether it contained an escaped backslash.
    fn string(&mut self) -> R<(Cow<'a, str>, bool)> {
        match self.scan_string()? {
            (start, Ok(end)) => {
                let s = self
                    .text
                    .get(start..end)
                    .ok_or_else(|| Error::at_offset(ErrorKind::InvalidUtf8, start))?;
                Ok((Cow::Borrowed(s), false))
            }
            (start, Err(first)) => self.string_escaped(start, first),
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
        let mut stack = std::mem::take(&mut self.skip_stack);
        stack.clear();
        let r = self.skip_value_with(&mut stack);
        self.skip_stack = stack;
        r
    }

    fn skip_value_with(&mut self, stack: &mut Vec<u8>) -> R<()> {
        let max = self.limits.depth.saturating_mul(3).saturating_add(3);
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
                        self.skip_string()?;
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
                    self.skip_string()?;
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
                        self.skip_string()?;
                        self.expect(b':', "expected ':'")?;
                    }
                    break;
                }
                stack.pop();
            }
        }
    }

    // ---- DICOM JSON layer ------------------------------------------------------------------

    pub(crate) fn top_object(&mut self) -> R<Span> {
        match self.next_token()? {
            b'{' => self.data_set(0),
            _ => self.err(ErrorKind::NotAnObject),
        }
    }

    pub(crate) fn top_array(&mut self) -> R<Vec<Span>> {
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
        let ds = self.data_set_owned()?;
        Ok(Some(ds))
    }

    /// Parse one data set at the current position and build it (the tape is then emptied).
    pub(crate) fn data_set_owned(&mut self) -> R<DataSet> {
        self.tape.clear();
        let span = self.data_set(0)?;
        let ds = self.build(span);
        self.tape.clear();
        ds
    }

    /// Build the data set `span` of the tape.
    pub(crate) fn build(&self, span: Span) -> R<DataSet> {
        tape::build(self.text, &self.tape, span)
    }

    /// Parse one data set object at the current position (the next token is `{`) onto the
    /// tape; returns its range of nodes (sorted by tag).
    pub(crate) fn data_set(&mut self, depth: usize) -> R<Span> {
        self.expect(b'{', "expected '{'")?;
        let base = self.tape.begin_data_set();
        let mut count = 0usize;
        if self.next_token()? == b'}' {
            self.pos += 1;
            return Ok(self.tape.end_data_set(base));
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
            let node = self.element(tag, depth).map_err(|e| e.in_element(tag));
            if self.lenient {
                self.path.pop();
            }
            let node = node?;
            if tag.element() == 0 {
                // Group length (gggg,0000): no meaning in the JSON model and wrong after any
                // edit; the encoder never writes one. Read, checked, dropped.
                if self.lenient {
                    self.repair(RepairKind::GroupLength, key_pos);
                }
            } else if self.tape.put(base, node, self.lenient) {
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
        Ok(self.tape.end_data_set(base))
    }

    /// An 8-hex-digit tag key (PS3.18 F.2.2).
    fn tag_key(&mut self) -> R<Tag> {
        let at = self.next_token().map(|_| self.pos)?;
        if let Some([b'"', key @ .., b'"']) = self.bytes().get(at..at + 10)
            && let Some(tag) = upper_hex_tag(key)
            && tag.group() != 0xFFFE
        {
            self.pos = at + 10;
            return Ok(tag);
        }
        if let Some(b) = self.plain_string()?
            && let Some(tag) = upper_hex_tag(b)
            && tag.group() != 0xFFFE
        {
            return Ok(tag);
        }
        // Anything else (escapes, lowercase, errors): the general path.
        self.pos = at;
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
        if let Some(&[b'"', a, c, b'"']) = self.bytes().get(at..at + 4)
            && let Some(vr) = vr_from_bytes([a, c])
        {
            self.pos = at + 4;
            return Ok(vr);
        }
        if let Some(&[a, c]) = self.plain_string()?
            && let Some(vr) = vr_from_bytes([a, c])
        {
            return Ok(vr);
        }
        self.pos = at;
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
    fn element(&mut self, tag: Tag, depth: usize) -> R<Node> {
        let obj_at = self.next_token().map(|_| self.pos)?;
        if self.peek() != Some(b'{') {
            return self.err(ErrorKind::InvalidType("an attribute object"));
        }
        self.pos += 1;
        let mut vr: Option<VR> = None;
        let mut value: Option<(NodeKind, Span)> = None;
        let mut pending: Option<(Member, usize)> = None;
        let mut speculative: Option<(VR, (NodeKind, Span), tape::Mark)> = None;
        let mut guessed_wrong = false;
        let mut seen_value = false;
        if self.next_token()? == b'}' {
            return Err(Error::at_offset(ErrorKind::MissingVr, obj_at));
        }
        loop {
            let key_at = self.next_token().map(|_| self.pos)?;
            // The two usual members written exactly so: one comparison each.
            let bytes = self.bytes();
            let key: Cow<'a, [u8]> = if bytes.get(key_at..key_at + 5) == Some(b"\"vr\":") {
                self.pos += 5;
                Cow::Borrowed(b"vr")
            } else if bytes.get(key_at..key_at + 8) == Some(b"\"Value\":") {
                self.pos += 8;
                Cow::Borrowed(b"Value")
            } else {
                let key = self.key_bytes()?;
                self.expect(b':', "expected ':'")?;
                key
            };
            let member = match key.as_ref() {
                b"vr" => {
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
                    if let Some((guess, parsed, mark)) = speculative.take() {
                        if guess == v {
                            value = Some(parsed);
                            pending = None;
                        } else {
                            self.tape.undo(mark);
                            guessed_wrong = true;
                        }
                    }
                    if let Some((m, at)) = pending.take() {
                        // Parse the value member that came before `vr`. After a failed or
                        // wrong guess, with no guessing inside: every byte is then parsed at
                        // most twice more, whatever the nesting (no exponential blow-up).
                        let resume = self.pos;
                        self.pos = at;
                        let no_guess = self.no_guess;
                        self.no_guess |= guessed_wrong;
                        let r = self.member(m, tag, v, depth);
                        self.no_guess = no_guess;
                        value = Some(r?);
                        self.pos = resume;
                    }
                    None
                }
                b"Value" => Some(Member::Value),
                b"InlineBinary" => Some(Member::InlineBinary),
                b"BulkDataURI" => Some(Member::BulkDataUri),
                other => {
                    let other = String::from_utf8_lossy(other);
                    if self.lenient {
                        let other = other.into_owned();
                        self.repair(RepairKind::UnknownMember(other), key_at);
                        self.skip_value()?;
                        None
                    } else {
                        return Err(Error::at_offset(
                            ErrorKind::UnknownMember(other.into_owned()),
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
                        // Orthanc writes `vr` last. Strict mode: parse the value with the VR
                        // this tag had before; if `vr` then says the same, that parse stands
                        // (it accepted exactly the bytes `skip_value` would have skipped and
                        // nothing else is observable). Otherwise undo it and take the general
                        // path below: skip now, parse when `vr` is known.
                        // No guessing inside a guess either (see `no_guess`).
                        let guess = match m {
                            Member::Value if !self.lenient && !self.no_guess => self.seen_vr(tag),
                            _ => None,
                        };
                        let mut skip = true;
                        if let Some(g) = guess {
                            let mark = self.tape.mark();
                            self.no_guess = true;
                            let r = self.member(m, tag, g, depth);
                            self.no_guess = false;
                            match r {
                                Ok(v) => {
                                    speculative = Some((g, v, mark));
                                    skip = false;
                                }
                                Err(_) => {
                                    self.tape.undo(mark);
                                    self.pos = at;
                                    guessed_wrong = true;
                                }
                            }
                        }
                        if skip {
                            self.skip_value()?;
                        }
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
        let (kind, span) = value.unwrap_or((NodeKind::Empty, Span::default()));
        Ok(Node {
            tag,
            vr,
            kind,
            span,
        })
    }

    /// The VR this tag had in an earlier element that passed the dictionary check.
    #[inline]
    fn seen_vr(&self, tag: Tag) -> Option<VR> {
        let key = (u32::from(tag.group()) << 16) | u32::from(tag.element());
        let slot = (key.wrapping_mul(0x9E37_79B1) >> 20) as usize & (DICT_CACHE - 1);
        match self.dict_ok.get(slot) {
            Some(&(t, vr)) if t == tag => Some(vr),
            _ => None,
        }
    }

    fn check_dictionary(&mut self, tag: Tag, vr: VR, at: usize) -> R<()> {
        // Metadata repeats the same tags in every data set: remember the pairs that agree.
        let key = (u32::from(tag.group()) << 16) | u32::from(tag.element());
        let slot = (key.wrapping_mul(0x9E37_79B1) >> 20) as usize & (DICT_CACHE - 1);
        if self.dict_ok.get(slot) == Some(&(tag, vr)) {
            return Ok(());
        }
        let mismatch = vr::dictionary_mismatch(tag, vr);
        if mismatch.is_none() {
            if self.dict_ok.is_empty() {
                self.dict_ok = vec![(Tag(0xFFFF, 0xFFFF), VR::UN); DICT_CACHE];
            }
            if let Some(s) = self.dict_ok.get_mut(slot) {
                *s = (tag, vr);
            }
        }
        if let Some(expected) = mismatch {
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

    fn member(&mut self, m: Member, tag: Tag, vr: VR, depth: usize) -> R<(NodeKind, Span)> {
        match m {
            Member::Value => self.value(tag, vr, depth),
            Member::InlineBinary => self.inline_binary(vr),
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
                let start = self.pos + 1;
                let (uri, _) = self.string()?;
                let escaped = matches!(uri, Cow::Owned(_));
                Ok((
                    NodeKind::BulkDataUri { escaped },
                    Span::new(start, self.pos - 1),
                ))
            }
        }
    }

    fn inline_binary(&mut self, vr: VR) -> R<(NodeKind, Span)> {
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
        let array = self.peek() == Some(b'[') && self.lenient;
        if array {
            self.repair(RepairKind::InlineBinaryArray, at);
            self.pos += 1;
            self.ws();
        }
        let start = self.pos + 1;
        let (text, _) = self.string()?;
        let span = Span::new(start, self.pos - 1);
        if array {
            self.expect(b']', "expected ']' after the InlineBinary string")?;
        }
        let max = self.limits.binary_bytes;
        // Decoded size is at most 3/4 of the text; check before allocating.
        if text.len() / 4 * 3 > max.saturating_add(3) {
            return Err(Error::limit(Limit::BinaryBytes, max, at));
        }
        let bytes = tape::decode_base64(&text)
            .ok_or_else(|| Error::at_offset(ErrorKind::InvalidBase64, at))?;
        if bytes.len() > max {
            return Err(Error::limit(Limit::BinaryBytes, max, at));
        }
        crate::bulk::check_bytes(vr, &bytes).map_err(|e| Error::at_offset(e.kind().clone(), at))?;
        let escaped = matches!(text, Cow::Owned(_));
        Ok((NodeKind::InlineBinary { escaped }, span))
    }

    /// The `Value` member for `vr`.
    fn value(&mut self, tag: Tag, vr: VR, depth: usize) -> R<(NodeKind, Span)> {
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
                return Ok((NodeKind::Empty, Span::default()));
            }
            Some(_) if self.lenient => {
                self.repair(RepairKind::SingleValue, at);
                true
            }
            _ => return self.err(ErrorKind::InvalidType("an array")),
        };
        if class == Class::Sequence {
            return self
                .items(tag, depth, single)
                .map(|span| (NodeKind::Items, span));
        }
        // Empty array.
        if !single && self.next_token()? == b']' {
            self.pos += 1;
            return Ok((NodeKind::Empty, Span::default()));
        }
        let first = self.tape.entries.len();
        loop {
            self.ws();
            match class {
                Class::Text | Class::NumberText | Class::PersonName => {
                    self.text_entry(vr, class)?
                }
                Class::Number => self.number_entry(vr)?,
                _ => self.tag_entry()?,
            }
            if single || !self.comma_or(b']', "expected ',' or ']'")? {
                break;
            }
        }
        Ok((NodeKind::Values, self.tape.entries_from(first)))
    }

    /// Parse a string at the current position: its value, its raw span and entry kind.
    #[inline]
    fn string_entry(&mut self) -> R<(Cow<'a, str>, bool, Span, EntryKind)> {
        self.ws();
        let start = self.pos + 1;
        let (s, backslash) = self.string()?;
        let kind = if matches!(s, Cow::Owned(_)) {
            EntryKind::StrEscaped
        } else {
            EntryKind::Str
        };
        Ok((s, backslash, Span::new(start, self.pos - 1), kind))
    }

    /// One AT entry: `"GGGGEEEE"` (PS3.18 F.2.3).
    fn tag_entry(&mut self) -> R<()> {
        let entry_at = self.pos;
        if let Some(b) = self.plain_string()?
            && upper_hex_tag(b).is_some()
        {
            self.tape.push_entry(
                EntryKind::Str,
                Span::new(entry_at + 1, entry_at + 1 + b.len()),
            );
            return Ok(());
        }
        self.pos = entry_at;
        let (s, _, span, kind) = self.string_entry()?;
        if parse_at(&s).is_none() {
            return Err(Error::at_offset(
                ErrorKind::InvalidValue {
                    vr: "AT".into(),
                    reason: "expected 8 uppercase hex digits",
                },
                entry_at,
            ));
        }
        self.tape.push_entry(kind, span);
        Ok(())
    }

    /// One entry of a text, IS/DS or PN value: `null` is an empty entry (F.2.5).
    fn text_entry(&mut self, vr: VR, class: Class) -> R<()> {
        let at = self.pos;
        match self.peek() {
            Some(b'n') => {
                self.literal("null")?;
                self.tape.push_entry(EntryKind::Null, Span::new(at, at));
                Ok(())
            }
            Some(b'"') => {
                if class != Class::PersonName {
                    // Fast path: no escapes (so no backslash inside the value either).
                    let start = self.pos + 1;
                    if let Some(b) = self.plain_string()? {
                        if class == Class::NumberText {
                            let s = std::str::from_utf8(b)
                                .map_err(|_| Error::at_offset(ErrorKind::InvalidUtf8, at))?;
                            check_number_text(vr, s, at)?;
                        }
                        self.tape
                            .push_entry(EntryKind::Str, Span::new(start, start + b.len()));
                        return Ok(());
                    }
                }
                if class == Class::PersonName {
                    if self.lenient {
                        self.repair(RepairKind::PersonNameString, at);
                    } else {
                        return self.err(ErrorKind::InvalidType("a Person Name object"));
                    }
                }
                let (s, backslash, span, kind) = self.string_entry()?;
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
                if class == Class::PersonName
                    && s.trim_end_matches([' ', '\0']).split('=').count() > 3
                {
                    return Err(Error::at_offset(
                        ErrorKind::InvalidValue {
                            vr: "PN".into(),
                            reason: "more than three component groups",
                        },
                        at,
                    ));
                }
                self.tape.push_entry(kind, span);
                Ok(())
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
                self.tape
                    .push_entry(EntryKind::Number, Span::new(at, self.pos));
                Ok(())
            }
            Some(_) => self.err(ErrorKind::InvalidType(match class {
                Class::PersonName => "a Person Name object or null",
                Class::NumberText => "a number, a string or null",
                _ => "a string or null",
            })),
            None => self.err(ErrorKind::UnexpectedEof),
        }
    }

    /// `{"Alphabetic": .., "Ideographic": .., "Phonetic": ..}` (PS3.18 F.2.2): a
    /// `PersonName` entry and one entry per group.
    fn person_name(&mut self) -> R<()> {
        let obj_at = self.pos;
        self.pos += 1;
        let head = self.tape.entries.len();
        self.tape
            .push_entry(EntryKind::PersonName, Span::new(obj_at, obj_at));
        for _ in 0..3 {
            self.tape.push_entry(EntryKind::Absent, Span::default());
        }
        if self.next_token()? == b'}' {
            self.pos += 1;
            return self.end_person_name(head, obj_at);
        }
        loop {
            let key_at = self.next_token().map(|_| self.pos)?;
            let key = self.key_bytes()?;
            self.expect(b':', "expected ':'")?;
            let slot = match key.as_ref() {
                b"Alphabetic" => Some(1),
                b"Ideographic" => Some(2),
                b"Phonetic" => Some(3),
                other => {
                    let other = String::from_utf8_lossy(other);
                    if self.lenient {
                        let other = other.into_owned();
                        self.repair(RepairKind::UnknownMember(other), key_at);
                        self.skip_value()?;
                        None
                    } else {
                        return Err(Error::at_offset(
                            ErrorKind::UnknownMember(other.into_owned()),
                            key_at,
                        ));
                    }
                }
            };
            if let Some(slot) = slot {
                let at = self.next_token().map(|_| self.pos)?;
                let entry = if self.peek() == Some(b'n') {
                    self.literal("null")?;
                    (EntryKind::Null, Span::new(at, at))
                } else if let Some(b) = self.plain_string()?
                    && !b.contains(&b'=')
                {
                    (EntryKind::Str, Span::new(at + 1, at + 1 + b.len()))
                } else {
                    self.pos = at;
                    let (s, backslash, span, kind) = self.string_entry()?;
                    if s.contains('=') || (backslash && !self.lenient) {
                        return Err(Error::at_offset(
                            ErrorKind::InvalidValue {
                                vr: "PN".into(),
                                reason: "'=' or '\\' inside a component group",
                            },
                            at,
                        ));
                    }
                    (kind, span)
                };
                match self.tape.entries.get_mut(head + slot) {
                    Some(g) if g.kind == EntryKind::Absent => {
                        g.kind = entry.0;
                        g.span = entry.1;
                    }
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
        self.end_person_name(head, obj_at)
    }

    /// Record the object's span on its `PersonName` entry.
    fn end_person_name(&mut self, head: usize, obj_at: usize) -> R<()> {
        if let Some(e) = self.tape.entries.get_mut(head) {
            e.span = Span::new(obj_at, self.pos);
        }
        Ok(())
    }

    /// One entry of a binary-number value (US SS UL SL UV SV FL FD), checked for range.
    fn number_entry(&mut self, vr: VR) -> R<()> {
        let at = self.pos;
        let (text, span, kind) = self.number_text(vr)?;
        let t: &str = &text;
        let ok = match vr {
            VR::US => parse_int::<u16>(t).is_some(),
            VR::SS => parse_int::<i16>(t).is_some(),
            VR::UL => parse_int::<u32>(t).is_some(),
            VR::SL => parse_int::<i32>(t).is_some(),
            VR::UV => parse_int::<u64>(t).is_some(),
            VR::SV => parse_int::<i64>(t).is_some(),
            VR::FL => tape::parse_f32(t).is_some(),
            _ => tape::parse_f64(t).is_some(),
        };
        if !ok {
            return Err(Error::at_offset(
                ErrorKind::NumberOutOfRange(vr.to_string().to_owned()),
                at,
            ));
        }
        self.tape.push_entry(kind, span);
        Ok(())
    }

    /// The text of one binary-number entry: a JSON number, or a string for SV/UV (F.2.3.1) or
    /// in lenient mode (trimmed).
    fn number_text(&mut self, vr: VR) -> R<(Cow<'a, str>, Span, EntryKind)> {
        let at = self.pos;
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => {
                let n = self.number()?;
                Ok((Cow::Borrowed(n), Span::new(at, self.pos), EntryKind::Number))
            }
            Some(b'"') => {
                let string_ok = matches!(vr, VR::SV | VR::UV);
                if !string_ok {
                    if self.lenient {
                        self.repair(RepairKind::NumberType, at);
                    } else {
                        return self.err(ErrorKind::InvalidType("a number"));
                    }
                }
                let (s, _, span, kind) = self.string_entry()?;
                let t = s.trim();
                let t = if t.len() != s.len() {
                    Cow::Owned(t.to_owned())
                } else {
                    s
                };
                Ok((t, span, kind))
            }
            Some(_) => self.err(ErrorKind::InvalidType("a number")),
            None => self.err(ErrorKind::UnexpectedEof),
        }
    }

    fn items(&mut self, tag: Tag, depth: usize, single: bool) -> R<Span> {
        let base = self.tape.begin_items();
        if !single && self.next_token()? == b']' {
            self.pos += 1;
            return Ok(self.tape.end_items(base));
        }
        if depth >= self.limits.depth {
            return Err(Error::limit(Limit::Depth, self.limits.depth, self.pos));
        }
        let mut index = 0;
        loop {
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
            self.tape.push_item(item?);
            index += 1;
            if single || !self.comma_or(b']', "expected ',' or ']'")? {
                break;
            }
        }
        let _ = tag;
        Ok(self.tape.end_items(base))
    }
}

/// Index of the first byte at or after `start` that ends a plain run in a JSON string (`"`,
/// `\\` or a control character), or the input length.
///
/// Eight bytes at a time (SWAR): in each word, the lowest flagged byte of the classic
/// "has a byte below n / equal to c" bit tricks is exact, so its index is the answer.
#[inline(always)]
fn stop_byte(bytes: &[u8], start: usize) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut i = start;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let v = <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes);
        let below = v.wrapping_sub(LO * 0x20) & !v;
        let q = v ^ (LO * u64::from(b'"'));
        let quote = q.wrapping_sub(LO) & !q;
        let b = v ^ (LO * u64::from(b'\\'));
        let backslash = b.wrapping_sub(LO) & !b;
        let hits = (below | quote | backslash) & HI;
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&c) = bytes.get(i) {
        if STRING_STOP[c as usize] {
            break;
        }
        i += 1;
    }
    i
}

/// Eight uppercase hex digits as a tag (PS3.18 F.2.2), else `None`.
#[inline(always)]
fn upper_hex_tag(b: &[u8]) -> Option<Tag> {
    if b.len() != 8 {
        return None;
    }
    let mut v: u32 = 0;
    for &c in b {
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'A'..=b'F' => c - b'A' + 10,
            _ => return None,
        };
        v = (v << 4) | u32::from(d);
    }
    Some(Tag((v >> 16) as u16, (v & 0xFFFF) as u16))
}

/// The VRs of PS3.5 Table 6.2-1 by their two uppercase letters.
static VR_TABLE: [Option<VR>; 26 * 26] = {
    use VR::*;
    const ALL: [VR; 34] = [
        AE, AS, AT, CS, DA, DS, DT, FL, FD, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS,
        ST, SV, TM, UC, UI, UL, UN, UR, US, UT, UV,
    ];
    const CODES: [&[u8; 2]; 34] = [
        b"AE", b"AS", b"AT", b"CS", b"DA", b"DS", b"DT", b"FL", b"FD", b"IS", b"LO", b"LT", b"OB",
        b"OD", b"OF", b"OL", b"OV", b"OW", b"PN", b"SH", b"SL", b"SQ", b"SS", b"ST", b"SV", b"TM",
        b"UC", b"UI", b"UL", b"UN", b"UR", b"US", b"UT", b"UV",
    ];
    let mut t = [None; 26 * 26];
    let mut i = 0;
    while i < ALL.len() {
        let c = CODES[i];
        t[(c[0] - b'A') as usize * 26 + (c[1] - b'A') as usize] = Some(ALL[i]);
        i += 1;
    }
    t
};

#[inline]
fn vr_from_bytes(b: [u8; 2]) -> Option<VR> {
    let [a, c] = b;
    if !a.is_ascii_uppercase() || !c.is_ascii_uppercase() {
        return None;
    }
    VR_TABLE
        .get(usize::from(a - b'A') * 26 + usize::from(c - b'A'))
        .copied()
        .flatten()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vr_table_knows_every_vr_and_nothing_else() {
        let mut n = 0;
        for a in 0..=255u8 {
            for c in 0..=255u8 {
                if let Some(vr) = vr_from_bytes([a, c]) {
                    assert_eq!(vr.to_string().as_bytes(), [a, c]);
                    n += 1;
                }
            }
        }
        assert_eq!(n, 34);
    }

    #[test]
    fn stop_byte_matches_a_byte_by_byte_scan() {
        let naive = |b: &[u8], start: usize| {
            b.iter()
                .skip(start)
                .position(|&c| STRING_STOP[c as usize])
                .map_or(b.len(), |i| start + i)
        };
        for special in [
            0u8, 0x1F, b'"', b'\\', b'\n', 0x20, 0x7F, 0x80, 0x9F, 0xA0, 0xE5, 0xFF,
        ] {
            for len in 0..24 {
                for at in 0..len {
                    let mut v = vec![b'a'; len];
                    v[at] = special;
                    if at > 0 {
                        v[at - 1] = 0xFF;
                    }
                    for start in 0..len.min(9) {
                        assert_eq!(stop_byte(&v, start), naive(&v, start), "{v:?} {start}");
                    }
                }
            }
        }
    }
}

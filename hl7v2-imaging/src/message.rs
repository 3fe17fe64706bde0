//! The borrowed message view (HL7 v2.5.1 Ch. 2 §2.5-§2.6): segments found in one pass, fields,
//! repetitions, components and subcomponents found lazily when read.

use crate::charset::{self, Charset, CharsetInfo};
use crate::error::{Error, ErrorKind, Limit, Location, SegmentId};
use crate::path::TersePath;
use crate::{Delimiters, Limits, escape};
use std::borrow::Cow;

/// How a segment ended in the input (HL7 v2.5.1 Ch. 2 §2.5.2 requires CR; LF and CRLF are
/// tolerated and reported).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Terminator {
    /// Carriage return (`0x0D`), the standard terminator.
    Cr,
    /// Line feed (`0x0A`) alone.
    Lf,
    /// CR followed by LF.
    CrLf,
    /// End of input without a terminator.
    None,
}

impl Terminator {
    /// The terminator's bytes.
    pub fn as_bytes(self) -> &'static [u8] {
        match self {
            Terminator::Cr => b"\r",
            Terminator::Lf => b"\n",
            Terminator::CrLf => b"\r\n",
            Terminator::None => b"",
        }
    }
}

/// Something tolerated but not standard, with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// A segment ended with LF or CRLF instead of CR (reported once per kind, at the first one).
    Terminator {
        /// The terminator seen.
        kind: Terminator,
        /// Where the first such segment starts.
        location: Location,
    },
    /// An empty line between segments (skipped).
    EmptyLine(Location),
    /// A segment whose first three bytes are not an uppercase/digit id followed by the field
    /// separator (kept as a segment, never merged into the previous one).
    BadSegmentId(Location),
    /// MSH-18 contradicts the bytes, or is unknown (see [`crate::charset`]).
    CharsetMismatch(Location),
}

#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    term: Terminator,
}

/// Decoding context shared by every value of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ctx {
    pub(crate) delims: Delimiters,
    pub(crate) charset: Charset,
}

const MAX_WARNINGS: usize = 1000;

/// A borrowed, lazily decoded view of one HL7 v2 message in ER7 (pipe) encoding.
///
/// [`Message::parse`] makes one pass to find segment boundaries and check [`Limits`]; fields,
/// repetitions, components and subcomponents are located when read, and escapes and the
/// character set (MSH-18) are decoded only then, borrowing when nothing changes.
///
/// ```
/// let msg = hl7v2_imaging::Message::parse(
///     b"MSH|^~\\&|RIS|HOSP|PACS|HOSP|20240101||ORM^O01|MSG1|P|2.3.1\rPID|||12345^^^HOSP||DOE^JANE\r",
/// )?;
/// assert_eq!(msg.get("MSH-9.1")?.as_deref(), Some("ORM"));
/// assert_eq!(msg.get("PID-5.2")?.as_deref(), Some("JANE"));
/// assert_eq!(msg.to_bytes(), msg.as_bytes());
/// # Ok::<(), hl7v2_imaging::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Message<'a> {
    input: &'a [u8],
    base: usize,
    ctx: Ctx,
    charset_mismatch: bool,
    segments: Vec<Span>,
    warnings: Vec<Warning>,
}

/// True for a segment id: three uppercase letters or digits.
pub(crate) fn is_segment_id(b: &[u8]) -> bool {
    b.len() >= 3
        && b.iter()
            .take(3)
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// True for the header segments whose field 1 is the field separator itself.
pub(crate) fn is_header_id(b: &[u8]) -> bool {
    matches!(b.get(..3), Some(b"MSH" | b"FHS" | b"BHS"))
}

/// Delimiters from a header segment (`MSH|^~\&|...`).
pub(crate) fn header_delimiters(line: &[u8], at: Location) -> Result<Delimiters, Error> {
    let Some(&field) = line.get(3) else {
        return Err(Error::new(
            ErrorKind::BadDelimiters("header has no field separator (MSH-1)"),
            at,
        ));
    };
    if matches!(field, b'\r' | b'\n') {
        return Err(Error::new(
            ErrorKind::BadDelimiters("header has no field separator (MSH-1)"),
            at,
        ));
    }
    let rest = line.get(4..).unwrap_or_default();
    let msh2 = match memchr::memchr(field, rest) {
        Some(i) => rest.get(..i).unwrap_or_default(),
        None => rest,
    };
    Delimiters::from_header(field, msh2)
        .map_err(|why| Error::new(ErrorKind::BadDelimiters(why), at.with_field(2)))
}

/// Split input into lines: (start, end, terminator). Empty lines included.
pub(crate) struct Lines<'a> {
    input: &'a [u8],
    pos: usize,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(input: &'a [u8]) -> Self {
        Lines { input, pos: 0 }
    }
}

impl Iterator for Lines<'_> {
    type Item = (usize, usize, Terminator);
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let start = self.pos;
        let rest = self.input.get(start..)?;
        if rest.is_empty() {
            return None;
        }
        match memchr::memchr2(b'\r', b'\n', rest) {
            None => {
                self.pos = self.input.len();
                Some((start, self.input.len(), Terminator::None))
            }
            Some(i) => {
                let end = start + i;
                let (term, len) = match (rest.get(i), rest.get(i + 1)) {
                    (Some(b'\r'), Some(b'\n')) => (Terminator::CrLf, 2),
                    (Some(b'\r'), _) => (Terminator::Cr, 1),
                    _ => (Terminator::Lf, 1),
                };
                self.pos = end + len;
                Some((start, end, term))
            }
        }
    }
}

impl<'a> Message<'a> {
    /// Parse one message with the default [`Limits`].
    pub fn parse(input: &'a [u8]) -> Result<Self, Error> {
        Self::parse_with(input, &Limits::default())
    }

    /// Parse one message with the given limits.
    ///
    /// Errors: empty input, a first segment that is not `MSH`, unusable delimiters, a second
    /// `MSH` (use [`parse_file`](crate::parse_file)), or a limit exceeded. Everything else
    /// (LF/CRLF terminators, empty lines, odd segment ids, charset contradictions) is tolerated
    /// and listed in [`Message::warnings`].
    pub fn parse_with(input: &'a [u8], limits: &Limits) -> Result<Self, Error> {
        Self::parse_at(input, 0, limits)
    }

    pub(crate) fn parse_at(input: &'a [u8], base: usize, limits: &Limits) -> Result<Self, Error> {
        if input.len() > limits.max_message_bytes {
            return Err(Error::limit(
                Limit::MessageBytes,
                limits.max_message_bytes,
                Location::at(base),
            ));
        }
        let mut segments: Vec<Span> = Vec::with_capacity(16);
        let mut warnings = Vec::new();
        let mut seen_lf = false;
        let mut seen_crlf = false;
        let mut delims = Delimiters::default();
        for (start, end, term) in Lines::new(input) {
            let line = input.get(start..end).unwrap_or_default();
            let index = segments.len() + 1;
            let loc = Location::segment(base + start, index, SegmentId::from_bytes(line));
            if line.is_empty() {
                if warnings.len() < MAX_WARNINGS {
                    warnings.push(Warning::EmptyLine(Location::at(base + start)));
                }
                continue;
            }
            if segments.is_empty() {
                if !line.starts_with(b"MSH") {
                    return Err(Error::new(ErrorKind::MissingHeader, loc));
                }
                delims = header_delimiters(line, loc)?;
            } else if line.starts_with(b"MSH") && line.get(3) == Some(&delims.field) {
                return Err(Error::new(ErrorKind::MultipleMessages, loc));
            } else if !(is_segment_id(line)
                && (line.len() == 3 || line.get(3) == Some(&delims.field)))
                && warnings.len() < MAX_WARNINGS
            {
                warnings.push(Warning::BadSegmentId(loc));
            }
            match term {
                Terminator::Lf if !seen_lf => {
                    seen_lf = true;
                    warnings.push(Warning::Terminator {
                        kind: term,
                        location: loc,
                    });
                }
                Terminator::CrLf if !seen_crlf => {
                    seen_crlf = true;
                    warnings.push(Warning::Terminator {
                        kind: term,
                        location: loc,
                    });
                }
                _ => {}
            }
            if segments.len() >= limits.max_segments {
                return Err(Error::limit(Limit::Segments, limits.max_segments, loc));
            }
            check_segment_limits(line, &delims, limits, loc)?;
            segments.push(Span { start, end, term });
        }
        let Some(first) = segments.first() else {
            return Err(Error::new(ErrorKind::Empty, Location::at(base)));
        };
        let msh = input.get(first.start..first.end).unwrap_or_default();
        let msh18 = nth_field_raw(msh, delims.field, 17)
            .map(|f| first_part(f, delims.repetition))
            .map(|f| first_part(f, delims.component))
            .unwrap_or_default();
        let (charset, charset_mismatch) = charset::resolve(msh18, input);
        if charset_mismatch {
            warnings.push(Warning::CharsetMismatch(
                Location::segment(base + first.start, 1, Some(SegmentId(*b"MSH"))).with_field(18),
            ));
        }
        Ok(Message {
            input,
            base,
            ctx: Ctx { delims, charset },
            charset_mismatch,
            segments,
            warnings,
        })
    }

    /// The input bytes of the message.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.input
    }

    /// The message's delimiters (MSH-1, MSH-2).
    pub fn delimiters(&self) -> Delimiters {
        self.ctx.delims
    }

    /// The character set used to decode text (MSH-18 with the fallback of [`crate::charset`]).
    pub fn charset(&self) -> Charset {
        self.ctx.charset
    }

    /// Declared and effective character set and the mismatch flag.
    pub fn charset_info(&self) -> CharsetInfo {
        let msh18 = self
            .header()
            .and_then(|h| h.field(18))
            .map(|f| f.raw())
            .unwrap_or_default();
        CharsetInfo {
            declared: msh18.iter().map(|&b| char::from(b)).collect(),
            effective: self.ctx.charset,
            mismatch: self.charset_mismatch,
        }
    }

    /// Tolerated irregularities, each located.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Number of segments.
    pub fn segment_count(&self) -> usize {
        self.segments.len()
    }

    /// The segments in order.
    pub fn segments(&self) -> impl ExactSizeIterator<Item = Segment<'a>> + '_ {
        self.segments
            .iter()
            .enumerate()
            .map(move |(i, s)| self.make_segment(i, *s))
    }

    fn make_segment(&self, i: usize, s: Span) -> Segment<'a> {
        Segment {
            raw: self.input.get(s.start..s.end).unwrap_or_default(),
            ctx: self.ctx,
            index: i + 1,
            offset: self.base + s.start,
            terminator: s.term,
        }
    }

    /// Segment at `index` (1-based; the MSH is 1).
    pub fn segment(&self, index: usize) -> Option<Segment<'a>> {
        let i = index.checked_sub(1)?;
        self.segments.get(i).map(|s| self.make_segment(i, *s))
    }

    /// The `occurrence`-th (1-based) segment with this id.
    pub fn segment_by_id(&self, id: &str, occurrence: usize) -> Option<Segment<'a>> {
        let id = id.as_bytes();
        let n = occurrence.checked_sub(1)?;
        self.segments
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                self.input
                    .get(s.start..s.end)
                    .is_some_and(|l| l.get(..3) == Some(id))
            })
            .nth(n)
            .map(|(i, s)| self.make_segment(i, *s))
    }

    /// The MSH segment.
    pub fn header(&self) -> Option<Segment<'a>> {
        self.segment(1)
    }

    /// MSH-9 components: message code, trigger event, message structure (empty strings when absent).
    pub fn message_type(&self) -> (Cow<'a, str>, Cow<'a, str>, Cow<'a, str>) {
        let Some(h) = self.header() else {
            return (Cow::Borrowed(""), Cow::Borrowed(""), Cow::Borrowed(""));
        };
        (
            h.component_value(9, 1),
            h.component_value(9, 2),
            h.component_value(9, 3),
        )
    }

    /// MSH-10, the message control id.
    pub fn control_id(&self) -> Cow<'a, str> {
        self.header()
            .map(|h| h.component_value(10, 1))
            .unwrap_or(Cow::Borrowed(""))
    }

    /// MSH-12.1, the version id (`2.5.1`).
    pub fn version(&self) -> Cow<'a, str> {
        self.header()
            .map(|h| h.component_value(12, 1))
            .unwrap_or(Cow::Borrowed(""))
    }

    /// The value at a terse path (`PID-3[2].1`, `OBX[2]-5`, `MSH-9.1`): see [`TersePath`] and
    /// [`Element::value`]. `Ok(None)` when the message has nothing there.
    pub fn get(&self, path: &str) -> Result<Option<Cow<'a, str>>, Error> {
        let p: TersePath = path.parse()?;
        Ok(self.get_path(&p))
    }

    /// The value at a parsed terse path.
    pub fn get_path(&self, path: &TersePath) -> Option<Cow<'a, str>> {
        self.element(path).map(|e| e.value())
    }

    /// The element at a parsed terse path.
    pub fn element(&self, path: &TersePath) -> Option<Element<'a>> {
        let seg = self.segment_by_id(path.segment.as_str(), path.occurrence)?;
        seg.element(path)
    }

    /// Lossless writer: every segment with its original terminator, empty lines dropped. For a
    /// CR-terminated message without empty lines this is the input, byte for byte.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.input.len());
        for s in &self.segments {
            out.extend_from_slice(self.input.get(s.start..s.end).unwrap_or_default());
            out.extend_from_slice(s.term.as_bytes());
        }
        out
    }

    /// Canonical writer: CR after every segment and no trailing empty fields, repetitions,
    /// components or subcomponents (HL7 v2.5.1 Ch. 2 §2.5.3: trailing delimiters may be omitted).
    pub fn to_canonical(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.input.len());
        for seg in self.segments() {
            out.extend_from_slice(&canonical_segment(seg.raw(), &self.ctx.delims));
            out.push(b'\r');
        }
        out
    }
}

/// Trim trailing empty parts at every level of one segment.
pub(crate) fn canonical_segment(raw: &[u8], d: &Delimiters) -> Vec<u8> {
    let header = is_header_id(raw);
    let mut fields: Vec<Vec<u8>> = raw.split(|&b| b == d.field).map(<[u8]>::to_vec).collect();
    let skip = if header { 2 } else { 1 };
    for f in fields.iter_mut().skip(skip) {
        *f = trim_level(f, d, 0);
    }
    while fields.len() > skip && fields.last().is_some_and(Vec::is_empty) {
        fields.pop();
    }
    fields.join(&d.field)
}

fn trim_level(raw: &[u8], d: &Delimiters, level: usize) -> Vec<u8> {
    let sep = match level {
        0 => Some(d.repetition),
        1 => Some(d.component),
        2 => d.subcomponent,
        _ => None,
    };
    let Some(sep) = sep else {
        return raw.to_vec();
    };
    let mut parts: Vec<Vec<u8>> = raw
        .split(|&b| b == sep)
        .map(|p| trim_level(p, d, level + 1))
        .collect();
    while parts.len() > 1 && parts.last().is_some_and(Vec::is_empty) {
        parts.pop();
    }
    parts.join(&sep)
}

fn check_segment_limits(
    line: &[u8],
    d: &Delimiters,
    limits: &Limits,
    loc: Location,
) -> Result<(), Error> {
    // Fast paths: a segment shorter than a limit cannot exceed it.
    if line.len() > limits.max_fields_per_segment {
        let n = memchr::memchr_iter(d.field, line).count();
        if n > limits.max_fields_per_segment {
            return Err(Error::limit(
                Limit::FieldsPerSegment,
                limits.max_fields_per_segment,
                loc,
            ));
        }
    }
    if line.len() > limits.max_field_bytes || line.len() > limits.max_repetitions {
        for (i, f) in line.split(|&b| b == d.field).enumerate() {
            if f.len() > limits.max_field_bytes {
                return Err(Error::limit(
                    Limit::FieldBytes,
                    limits.max_field_bytes,
                    loc.with_field(i),
                ));
            }
            if f.len() > limits.max_repetitions
                && memchr::memchr_iter(d.repetition, f).count() >= limits.max_repetitions
            {
                return Err(Error::limit(
                    Limit::Repetitions,
                    limits.max_repetitions,
                    loc.with_field(i),
                ));
            }
        }
    }
    Ok(())
}

/// The `n`-th (0-based) part of `raw` split on `sep`.
#[inline]
pub(crate) fn nth_part(raw: &[u8], sep: u8, n: usize) -> Option<&[u8]> {
    let mut rest = raw;
    for _ in 0..n {
        let i = memchr::memchr(sep, rest)?;
        rest = rest.get(i + 1..)?;
    }
    Some(match memchr::memchr(sep, rest) {
        Some(i) => rest.get(..i).unwrap_or_default(),
        None => rest,
    })
}

fn first_part(raw: &[u8], sep: u8) -> &[u8] {
    nth_part(raw, sep, 0).unwrap_or_default()
}

/// Raw bytes of field `n` (HL7 numbering) of a header segment line, for n >= 2.
fn nth_field_raw(line: &[u8], sep: u8, n: usize) -> Option<&[u8]> {
    nth_part(line, sep, n)
}

/// An iterator over the parts of `raw` split on `sep` (one part when `sep` is `None`).
#[derive(Debug, Clone)]
struct Parts<'a> {
    rest: Option<&'a [u8]>,
    sep: Option<u8>,
}

impl<'a> Iterator for Parts<'a> {
    type Item = &'a [u8];
    fn next(&mut self) -> Option<&'a [u8]> {
        let rest = self.rest?;
        let Some(sep) = self.sep else {
            self.rest = None;
            return Some(rest);
        };
        match memchr::memchr(sep, rest) {
            Some(i) => {
                self.rest = rest.get(i + 1..);
                rest.get(..i)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// One segment of a message (HL7 v2.5.1 Ch. 2 §2.5.2).
#[derive(Debug, Clone, Copy)]
pub struct Segment<'a> {
    raw: &'a [u8],
    ctx: Ctx,
    index: usize,
    offset: usize,
    terminator: Terminator,
}

impl<'a> Segment<'a> {
    pub(crate) fn standalone(
        raw: &'a [u8],
        delims: Delimiters,
        charset: Charset,
        offset: usize,
    ) -> Self {
        Segment {
            raw,
            ctx: Ctx { delims, charset },
            index: 1,
            offset,
            terminator: Terminator::None,
        }
    }

    /// The segment's bytes, without terminator.
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// The segment id (`PID`).
    pub fn id(&self) -> SegmentId {
        SegmentId::from_bytes(self.raw).unwrap_or_default()
    }

    /// The segment id as text; empty when the segment is shorter than 3 bytes.
    pub fn id_str(&self) -> &'a str {
        self.raw
            .get(..3)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }

    /// Index in the message (1-based).
    pub fn index(&self) -> usize {
        self.index
    }

    /// Byte offset of the segment's start in the input.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// How the segment ended in the input.
    pub fn terminator(&self) -> Terminator {
        self.terminator
    }

    /// The location of this segment, for errors.
    pub fn location(&self) -> Location {
        Location::segment(self.offset, self.index, Some(self.id()))
    }

    /// True for `MSH`, `FHS` and `BHS`, whose field 1 is the field separator and field 2 the
    /// encoding characters (HL7 v2.5.1 Ch. 2 §2.15.9.1).
    pub fn is_header(&self) -> bool {
        is_header_id(self.raw)
    }

    /// Number of fields (HL7 numbering: `PID|1|2` has 2, `MSH|^~\&|A` has 3).
    pub fn field_count(&self) -> usize {
        let seps = memchr::memchr_iter(self.ctx.delims.field, self.raw).count();
        if self.is_header() { seps + 1 } else { seps }
    }

    /// Field `n` (1-based, HL7 numbering); `None` beyond the last field.
    #[inline]
    pub fn field(&self, n: usize) -> Option<Field<'a>> {
        if n == 0 {
            return None;
        }
        let header = self.is_header();
        if header && n == 1 {
            return Some(Element {
                raw: self.raw.get(3..4)?,
                ctx: self.ctx,
                level: Level::Field,
                literal: true,
            });
        }
        let part = if header { n - 1 } else { n };
        let raw = nth_part(self.raw, self.ctx.delims.field, part)?;
        Some(Element {
            raw,
            ctx: self.ctx,
            level: Level::Field,
            literal: header && n == 2,
        })
    }

    /// The fields in order, from field 1 (one linear pass).
    pub fn fields(&self) -> impl Iterator<Item = Field<'a>> + 'a {
        let header = self.is_header();
        let ctx = self.ctx;
        let first = if header { self.field(1) } else { None };
        let mut parts = Parts {
            rest: Some(self.raw),
            sep: Some(self.ctx.delims.field),
        };
        // Skip the segment id.
        let _ = parts.next();
        let rest = parts.enumerate().map(move |(i, raw)| Element {
            raw,
            ctx,
            level: Level::Field,
            literal: header && i == 0,
        });
        first.into_iter().chain(rest)
    }

    /// The decoded value of component `c` of the first repetition of field `n` (empty when absent).
    pub fn component_value(&self, n: usize, c: usize) -> Cow<'a, str> {
        self.field(n)
            .and_then(|f| f.component(c))
            .map(|c| c.value())
            .unwrap_or(Cow::Borrowed(""))
    }

    /// The decoded value of field `n`'s first repetition as a whole (see [`Element::value`]).
    pub fn value(&self, n: usize) -> Cow<'a, str> {
        self.field(n)
            .and_then(|f| f.repetition(1))
            .map(|r| r.value())
            .unwrap_or(Cow::Borrowed(""))
    }

    /// The element a terse path addresses in this segment (the path's segment id and occurrence
    /// are not checked).
    pub fn element(&self, path: &TersePath) -> Option<Element<'a>> {
        let field = self.field(path.field)?;
        let mut el = match (path.repetition, path.component) {
            (Some(r), _) => field.repetition(r)?,
            (None, Some(_)) => field.repetition(1)?,
            (None, None) => return Some(field),
        };
        if let Some(c) = path.component {
            el = el.component(c)?;
            if let Some(s) = path.subcomponent {
                el = el.subcomponent(s)?;
            }
        }
        Some(el)
    }
}

/// The level of an [`Element`] in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// A whole field with its repetitions.
    Field,
    /// One repetition of a field.
    Repetition,
    /// One component.
    Component,
    /// One subcomponent.
    Subcomponent,
}

/// A field, repetition, component or subcomponent: raw bytes plus the message's decoding context.
#[derive(Debug, Clone, Copy)]
pub struct Element<'a> {
    raw: &'a [u8],
    ctx: Ctx,
    level: Level,
    /// `MSH-1`/`MSH-2`: delimiters themselves, never split or unescaped.
    literal: bool,
}

/// A field (HL7 v2.5.1 Ch. 2 §2.5.3).
pub type Field<'a> = Element<'a>;

impl<'a> Element<'a> {
    /// The raw bytes, escapes and delimiters as in the input.
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// The element's level.
    pub fn level(&self) -> Level {
        self.level
    }

    /// True when the element is present but empty (`||`): "not sent" (HL7 v2.5.1 Ch. 2 §2.5.3).
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// True for `""`, the explicit null: "delete the value" (HL7 v2.5.1 Ch. 2 §2.5.3),
    /// distinct from empty.
    pub fn is_null(&self) -> bool {
        self.raw == b"\"\""
    }

    fn child_sep(&self) -> Option<u8> {
        if self.literal {
            return None;
        }
        let d = &self.ctx.delims;
        match self.level {
            Level::Field => Some(d.repetition),
            Level::Repetition => Some(d.component),
            Level::Component => d.subcomponent,
            Level::Subcomponent => None,
        }
    }

    fn child_level(&self) -> Level {
        match self.level {
            Level::Field => Level::Repetition,
            Level::Repetition => Level::Component,
            Level::Component | Level::Subcomponent => Level::Subcomponent,
        }
    }

    /// True when the element holds no delimiter of a lower level (it is a leaf value).
    pub fn is_leaf(&self) -> bool {
        if self.literal {
            return true;
        }
        let d = &self.ctx.delims;
        let sub = d.subcomponent;
        match self.level {
            Level::Subcomponent => true,
            Level::Component => sub.is_none_or(|s| memchr::memchr(s, self.raw).is_none()),
            Level::Repetition => {
                memchr::memchr(d.component, self.raw).is_none()
                    && sub.is_none_or(|s| memchr::memchr(s, self.raw).is_none())
            }
            Level::Field => {
                memchr::memchr2(d.repetition, d.component, self.raw).is_none()
                    && sub.is_none_or(|s| memchr::memchr(s, self.raw).is_none())
            }
        }
    }

    /// The text of the element, in UTF-8.
    ///
    /// For a leaf (no lower-level delimiter inside) the escapes are decoded (see
    /// [`crate::escape`]); for an element with structure, its ER7 text as written (delimiters and
    /// escapes kept, so nothing becomes ambiguous). `MSH-1` and `MSH-2` are returned as written.
    /// `""` (null) is returned as the two characters `""`; check [`Element::is_null`].
    pub fn value(&self) -> Cow<'a, str> {
        if self.literal || !self.is_leaf() {
            self.ctx.charset.decode(self.raw)
        } else {
            escape::decode(self.raw, &self.ctx.delims, self.ctx.charset)
        }
    }

    /// The text with escapes decoded even when the element has structure (delimiters inside stay).
    pub fn decoded(&self) -> Cow<'a, str> {
        if self.literal {
            self.ctx.charset.decode(self.raw)
        } else {
            escape::decode(self.raw, &self.ctx.delims, self.ctx.charset)
        }
    }

    fn children(&self) -> Parts<'a> {
        Parts {
            rest: Some(self.raw),
            sep: self.child_sep(),
        }
    }

    fn child(&self, n: usize) -> Option<Element<'a>> {
        let i = n.checked_sub(1)?;
        let level = self.child_level();
        let raw = match self.child_sep() {
            Some(sep) => nth_part(self.raw, sep, i)?,
            None if i == 0 => self.raw,
            None => return None,
        };
        Some(Element {
            raw,
            ctx: self.ctx,
            level,
            literal: self.literal,
        })
    }

    /// The parts one level down: repetitions of a field, components of a repetition,
    /// subcomponents of a component (a subcomponent yields itself).
    pub fn parts(&self) -> impl Iterator<Item = Element<'a>> + '_ {
        let level = self.child_level();
        let ctx = self.ctx;
        let literal = self.literal;
        self.children().map(move |raw| Element {
            raw,
            ctx,
            level,
            literal,
        })
    }

    /// Repetition `r` (1-based) of a field; on other levels, `self` for `r == 1`.
    pub fn repetition(&self, r: usize) -> Option<Element<'a>> {
        match self.level {
            Level::Field => self.child(r),
            _ if r == 1 => Some(*self),
            _ => None,
        }
    }

    /// Component `c` (1-based); on a field, of its first repetition.
    pub fn component(&self, c: usize) -> Option<Element<'a>> {
        match self.level {
            Level::Field => self.child(1)?.child(c),
            Level::Repetition => self.child(c),
            _ if c == 1 => Some(*self),
            _ => None,
        }
    }

    /// Subcomponent `s` (1-based) of a component.
    pub fn subcomponent(&self, s: usize) -> Option<Element<'a>> {
        match self.level {
            Level::Component => self.child(s),
            Level::Subcomponent if s == 1 => Some(*self),
            Level::Subcomponent => None,
            _ => self.component(1)?.subcomponent(s),
        }
    }
}

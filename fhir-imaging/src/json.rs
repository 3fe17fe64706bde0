//! The JSON layer: a tokenizer that keeps number text exactly as written, a writer, and
//! [`Json`], a JSON value that keeps member order and number text (for unknown elements in
//! lenient mode and for resources outside this crate's set).
//!
//! # Why not serde_json
//! FHIR decimals must keep their text (`1.50` stays `1.50`; FHIR R5 json.html "decimal").
//! serde_json only does that with its `arbitrary_precision` feature, and Cargo features are
//! unified across a workspace: turning it on here would change how every other crate of the
//! workspace (and of any application using this one) parses numbers. The hand-written
//! tokenizer below reads numbers as the text slice they are, enforces the FHIR JSON rules
//! (no empty objects, arrays or strings; `null` only inside primitive arrays) where they are
//! met, and decodes straight into the typed models without an intermediate tree.

#![allow(
    unreachable_pub,
    reason = "Reader and Writer are sealed internals, public in a private module"
)]

use crate::Version;
use crate::error::{Error, ErrorKind};
use crate::limits::Limits;
use crate::shared_str::SharedStr;
use std::any::TypeId;
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// A JSON value that keeps member order and the exact text of numbers.
///
/// Used for unknown elements kept in lenient mode, for resources outside this crate's set
/// ([`OtherResource`](crate::OtherResource)) and for datatypes this crate does not model.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Json {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as written (RFC 8259 §6 grammar).
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, members in input order.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// Parse a JSON text (RFC 8259) keeping member order and number text. FHIR's rules on
    /// empty values do not apply here.
    ///
    /// ```
    /// let v = fhir_imaging::Json::parse(r#"{"a":1.50}"#).unwrap();
    /// assert_eq!(v.to_string(), r#"{"a":1.50}"#);
    /// ```
    pub fn parse(s: &str) -> Result<Json> {
        let opts = DecodeOptions::default();
        let mut r = Reader::new(s, &opts, Version::R5);
        let v = r.json_value().and_then(|v| r.end().map(|()| v));
        v.map_err(|e| e.locate(s.as_bytes()))
    }

    /// Equal as JSON values: object member order is ignored, numbers compare by text.
    pub fn eq_unordered(&self, other: &Json) -> bool {
        match (self, other) {
            (Json::Array(a), Json::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.eq_unordered(y))
            }
            (Json::Object(a), Json::Object(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .all(|(k, v)| b.iter().any(|(k2, v2)| k == k2 && v.eq_unordered(v2)))
            }
            _ => self == other,
        }
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        match self {
            Json::Null => w.raw("null"),
            Json::Bool(b) => w.raw(if *b { "true" } else { "false" }),
            Json::Number(n) => w.raw(n),
            Json::String(s) => w.string(s),
            Json::Array(items) => {
                w.begin_array();
                for item in items {
                    w.elem();
                    item.write(w);
                }
                w.end_array();
            }
            Json::Object(members) => {
                w.begin_object();
                for (k, v) in members {
                    w.key_escaped(k);
                    v.write(w);
                }
                w.end_object();
            }
        }
    }

    /// Write with two-space indentation.
    pub fn to_string_pretty(&self) -> String {
        let mut out = String::new();
        self.pretty(&mut out, 0);
        out
    }

    fn pretty(&self, out: &mut String, indent: usize) {
        fn nl(out: &mut String, indent: usize) {
            out.push('\n');
            for _ in 0..indent {
                out.push_str("  ");
            }
        }
        match self {
            Json::Array(items) if !items.is_empty() => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    nl(out, indent + 1);
                    item.pretty(out, indent + 1);
                }
                nl(out, indent);
                out.push(']');
            }
            Json::Object(members) if !members.is_empty() => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    nl(out, indent + 1);
                    let mut w = Writer::new(Version::R5);
                    w.string(k);
                    out.push_str(&w.into_string());
                    out.push_str(": ");
                    v.pretty(out, indent + 1);
                }
                nl(out, indent);
                out.push('}');
            }
            other => out.push_str(&other.to_string()),
        }
    }
}

impl fmt::Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut w = Writer::new(Version::R5);
        self.write(&mut w);
        f.write_str(&w.into_string())
    }
}

/// How to decode: strict or lenient about unknown elements, and the [`Limits`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeOptions {
    /// Unknown elements are an error (`true`, the default) or kept in the model's `unknown`
    /// member and written back out (`false`). They are never dropped.
    pub strict: bool,
    /// Bounds against hostile input.
    pub limits: Limits,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        Self {
            strict: true,
            limits: Limits::default(),
        }
    }
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// The index of the first byte that is `"`, `\\` or a control character (< 0x20): the bytes a
/// JSON string cannot hold as they are. Eight bytes at a time (SWAR): for each test the lowest
/// flagged byte is exact, and only the lowest is used.
/// Whether any of the eight bytes is `"`, `\\` or a control character (SWAR; exact for the
/// any-test).
#[inline]
fn has_special(x: u64) -> bool {
    special_mask(x) != 0
}

/// The high bit of the lowest flagged byte is exact (higher flags may be false positives).
#[inline]
fn special_mask(x: u64) -> u64 {
    let q = x ^ (LO * u64::from(b'"'));
    let s = x ^ (LO * u64::from(b'\\'));
    ((q.wrapping_sub(LO) & !q) | (s.wrapping_sub(LO) & !s) | (x.wrapping_sub(LO * 0x20) & !x)) & HI
}

#[inline]
fn find_special(bytes: &[u8]) -> Option<usize> {
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut arr = [0u8; 8];
        arr.copy_from_slice(chunk);
        let m = special_mask(u64::from_le_bytes(arr));
        if m != 0 {
            return Some(i + (m.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    let tail = bytes.get(i..).unwrap_or_default();
    tail.iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .map(|p| i + p)
}

/// Where decoded string values keep their text (see [`SharedStr`]).
#[derive(Debug)]
enum Share {
    /// Each value copies its text (documents parsed for [`Json`] values).
    Copy,
    /// Ranges of the current chunk: a copy of the input from the first string that did not
    /// fit the previous chunk, and where in the input it starts.
    Chunks(Option<(Arc<crate::shared_str::Buf>, usize)>),
}

/// Bytes of input per shared chunk. Chunks of this size come from the allocator's heap and
/// are reused from one document to the next, where one copy of a whole large document is
/// mapped fresh (and page-faulted) for every decode. A kept value also keeps only its chunk
/// alive, not the whole document.
const CHUNK: usize = 32 * 1024;

/// A copy of `src` from `from` (a char boundary), at least to `to` and about [`CHUNK`] bytes.
#[cold]
fn new_chunk(src: &str, from: usize, to: usize) -> (Arc<crate::shared_str::Buf>, usize) {
    let mut end = to.max(from.saturating_add(CHUNK)).min(src.len());
    while !src.is_char_boundary(end) {
        end += 1;
    }
    (
        Arc::new(Box::from(src.get(from..end).unwrap_or_default())),
        from,
    )
}

/// The pull tokenizer the generated decoders drive.
#[derive(Debug)]
pub struct Reader<'a> {
    src: &'a str,
    buf: &'a [u8],
    pub(crate) pos: usize,
    depth: usize,
    pub(crate) opts: &'a DecodeOptions,
    pub(crate) version: Version,
    pub(crate) ext_depth: usize,
    pub(crate) res_depth: usize,
    /// Where the string values decoded from `src` keep their text.
    share: Share,
    /// Per element type, the length of the last array decoded: arrays of one type in one
    /// document tend to have like lengths (instances per series, series per study), so the
    /// next one starts at that capacity. Growing from empty by doubling copied a series'
    /// instances three times over and left up to half of the allocation unused.
    len_hints: Vec<(TypeId, usize)>,
}

pub type Result<T> = std::result::Result<T, Error>;

impl<'a> Reader<'a> {
    pub(crate) fn new(src: &'a str, opts: &'a DecodeOptions, version: Version) -> Self {
        Reader {
            src,
            buf: src.as_bytes(),
            pos: 0,
            depth: 0,
            opts,
            version,
            ext_depth: 0,
            res_depth: 0,
            share: Share::Copy,
            len_hints: Vec::new(),
        }
    }

    /// How long the last array of `T` elements was: the capacity to start the next one with.
    #[inline]
    pub(crate) fn len_hint<T: 'static>(&self) -> usize {
        let id = TypeId::of::<T>();
        self.len_hints
            .iter()
            .find_map(|&(k, n)| (k == id).then_some(n))
            .unwrap_or(0)
    }

    /// Record the length of an array of `T` elements.
    #[inline]
    pub(crate) fn set_len_hint<T: 'static>(&mut self, n: usize) {
        let id = TypeId::of::<T>();
        match self.len_hints.iter_mut().find(|(k, _)| *k == id) {
            Some(slot) => slot.1 = n,
            None => self.len_hints.push((id, n)),
        }
    }

    /// A reader whose string values are ranges of shared copies of `src`, made a chunk at a
    /// time as decoding reaches them.
    pub(crate) fn chunked(src: &'a str, opts: &'a DecodeOptions, version: Version) -> Self {
        let mut r = Reader::new(src, opts, version);
        r.share = Share::Chunks(None);
        r
    }

    #[cold]
    pub(crate) fn err(&self, kind: ErrorKind) -> Error {
        Error::new(kind, self.pos)
    }

    #[cold]
    fn err_at(&self, kind: ErrorKind, pos: usize) -> Error {
        Error::new(kind, pos)
    }

    pub(crate) fn limit(&self, limit: &'static str, max: usize) -> Error {
        self.err(ErrorKind::LimitExceeded { limit, max })
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(&b) = self.buf.get(self.pos) {
            if b == b' ' || b == b'\n' || b == b'\r' || b == b'\t' {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    #[inline]
    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.buf.get(self.pos).copied()
    }

    /// After the top-level value: only whitespace may follow.
    pub(crate) fn end(&mut self) -> Result<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.err(ErrorKind::TrailingData)),
        }
    }

    fn eof_or(&self, what: &'static str) -> Error {
        if self.pos >= self.buf.len() {
            self.err(ErrorKind::Eof)
        } else {
            self.err(ErrorKind::Syntax(what))
        }
    }

    /// A wrong-type error for the value at the cursor; `null`, `{}`, `[]` get their own kinds.
    #[cold]
    fn wrong(&mut self, expected: &'static str) -> Error {
        match self.peek() {
            None => self.err(ErrorKind::Eof),
            Some(b'n') if self.buf.get(self.pos..self.pos + 4) == Some(b"null") => {
                self.err(ErrorKind::Null)
            }
            _ => self.err(ErrorKind::WrongType { expected }),
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > self.opts.limits.max_depth {
            return Err(self.limit("max_depth", self.opts.limits.max_depth));
        }
        Ok(())
    }

    /// `{` with at least one member (FHIR: no empty objects).
    pub(crate) fn begin_object(&mut self) -> Result<()> {
        if self.peek() != Some(b'{') {
            return Err(self.wrong("object"));
        }
        let start = self.pos;
        self.pos += 1;
        self.enter()?;
        if self.peek() == Some(b'}') {
            return Err(self.err_at(ErrorKind::EmptyObject, start));
        }
        Ok(())
    }

    /// The next member's key, or `None` after the closing `}`.
    #[inline]
    pub(crate) fn next_key(&mut self, first: &mut bool) -> Result<Option<Cow<'a, str>>> {
        match self.peek() {
            Some(b'}') => {
                self.pos += 1;
                self.depth -= 1;
                return Ok(None);
            }
            Some(b',') if !*first => {
                self.pos += 1;
                self.skip_ws();
            }
            _ if *first => {}
            _ => return Err(self.eof_or("`,` or `}`")),
        }
        *first = false;
        if self.buf.get(self.pos) != Some(&b'"') {
            return Err(self.eof_or("a member name"));
        }
        let key = self.string_raw()?;
        if self.peek() != Some(b':') {
            return Err(self.eof_or("`:`"));
        }
        self.pos += 1;
        Ok(Some(key))
    }

    /// `[` with at least one element (FHIR: no empty arrays).
    pub(crate) fn begin_array(&mut self) -> Result<()> {
        if self.peek() != Some(b'[') {
            return Err(self.wrong("array"));
        }
        let start = self.pos;
        self.pos += 1;
        self.enter()?;
        if self.peek() == Some(b']') {
            return Err(self.err_at(ErrorKind::EmptyArray, start));
        }
        Ok(())
    }

    /// Whether another element follows; `count` is the number read so far.
    #[inline]
    pub(crate) fn next_elem(&mut self, count: usize) -> Result<bool> {
        match self.peek() {
            Some(b']') => {
                self.pos += 1;
                self.depth -= 1;
                Ok(false)
            }
            Some(b',') if count > 0 => {
                self.pos += 1;
                if count >= self.opts.limits.max_array_len {
                    return Err(self.limit("max_array_len", self.opts.limits.max_array_len));
                }
                Ok(true)
            }
            _ if count == 0 => Ok(true),
            _ => Err(self.eof_or("`,` or `]`")),
        }
    }

    /// Consume a `null` if one is at the cursor.
    #[inline]
    pub(crate) fn take_null(&mut self) -> bool {
        if self.peek() == Some(b'n') && self.buf.get(self.pos..self.pos + 4) == Some(b"null") {
            self.pos += 4;
            true
        } else {
            false
        }
    }

    /// A non-empty JSON string.
    #[inline]
    pub(crate) fn string(&mut self) -> Result<Cow<'a, str>> {
        if self.peek() != Some(b'"') {
            return Err(self.wrong("string"));
        }
        let start = self.pos;
        let s = self.string_raw()?;
        if s.is_empty() {
            return Err(self.err_at(ErrorKind::EmptyString, start));
        }
        Ok(s)
    }

    /// A non-empty JSON string as a [`SharedStr`]: a range of the shared input when it has no
    /// escapes, else its own buffer.
    #[inline]
    pub(crate) fn text(&mut self) -> Result<SharedStr> {
        if self.peek() != Some(b'"') {
            return Err(self.wrong("string"));
        }
        let start = self.pos;
        let s = self.string_raw()?;
        if s.is_empty() {
            return Err(self.err_at(ErrorKind::EmptyString, start));
        }
        Ok(match s {
            Cow::Borrowed(b) => {
                let (from, to) = (start + 1, start + 1 + b.len());
                let shared = match &mut self.share {
                    Share::Copy => None,
                    Share::Chunks(chunk) => {
                        let (buf, base) = match chunk {
                            Some((buf, base)) if *base <= from && to - *base <= buf.len() => {
                                (&*buf, *base)
                            }
                            _ => {
                                let (buf, base) = chunk.insert(new_chunk(self.src, from, to));
                                (&*buf, *base)
                            }
                        };
                        SharedStr::slice(buf, from - base, to - base)
                    }
                };
                shared.unwrap_or_else(|| SharedStr::from(b))
            }
            Cow::Owned(o) => SharedStr::from(o),
        })
    }

    /// A JSON string (cursor on the opening quote), possibly empty.
    #[inline(always)]
    fn string_raw(&mut self) -> Result<Cow<'a, str>> {
        self.pos += 1;
        let start = self.pos;
        let rest = self.buf.get(start..).unwrap_or_default();
        let Some(i) = find_special(rest) else {
            self.pos = self.buf.len();
            return Err(self.err(ErrorKind::Eof));
        };
        match rest.get(i) {
            Some(b'"') => {
                let end = start + i;
                self.check_len(i)?;
                self.pos = end + 1;
                match self.src.get(start..end) {
                    Some(s) => Ok(Cow::Borrowed(s)),
                    None => Err(self.err(ErrorKind::InvalidUtf8)),
                }
            }
            Some(b'\\') => {
                self.pos = start + i;
                let mut out = String::with_capacity(i + 16);
                out.push_str(self.src.get(start..start + i).unwrap_or_default());
                self.string_escaped(out).map(Cow::Owned)
            }
            _ => {
                self.pos = start + i;
                Err(self.err(ErrorKind::Syntax("no control characters in strings")))
            }
        }
    }

    fn check_len(&self, len: usize) -> Result<()> {
        if len > self.opts.limits.max_string_bytes {
            return Err(self.limit("max_string_bytes", self.opts.limits.max_string_bytes));
        }
        Ok(())
    }

    fn string_escaped(&mut self, mut out: String) -> Result<String> {
        loop {
            let run_start = self.pos;
            while let Some(&b) = self.buf.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(
                self.src
                    .get(run_start..self.pos)
                    .ok_or_else(|| self.err(ErrorKind::InvalidUtf8))?,
            );
            self.check_len(out.len())?;
            match self.buf.get(self.pos) {
                None => return Err(self.err(ErrorKind::Eof)),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = match self.buf.get(self.pos) {
                        None => return Err(self.err(ErrorKind::Eof)),
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if self.buf.get(self.pos..self.pos + 2) != Some(b"\\u") {
                                    return Err(self.err(ErrorKind::Syntax("a low surrogate")));
                                }
                                self.pos += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err(ErrorKind::Syntax("a low surrogate")));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            let c = char::from_u32(code).ok_or_else(|| {
                                self.err(ErrorKind::Syntax("a Unicode scalar value"))
                            })?;
                            out.push(c);
                            continue;
                        }
                        Some(_) => return Err(self.err(ErrorKind::Syntax("a valid escape"))),
                    };
                    self.pos += 1;
                    out.push(c);
                }
                Some(_) => {
                    return Err(self.err(ErrorKind::Syntax("no control characters in strings")));
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.buf.get(self.pos) {
                None => return Err(self.err(ErrorKind::Eof)),
                Some(&b) => (b as char)
                    .to_digit(16)
                    .ok_or_else(|| self.err(ErrorKind::Syntax("four hex digits")))?,
            };
            v = v * 16 + d;
            self.pos += 1;
        }
        Ok(v)
    }

    /// A JSON number, as its text (RFC 8259 §6).
    #[inline]
    pub(crate) fn number(&mut self) -> Result<&'a str> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => {}
            _ => return Err(self.wrong("number")),
        }
        let start = self.pos;
        let b = self.buf;
        let at = |p: usize| b.get(p).copied().unwrap_or(0);
        let mut p = start;
        if at(p) == b'-' {
            p += 1;
        }
        match at(p) {
            b'0' => p += 1,
            b'1'..=b'9' => {
                while at(p).is_ascii_digit() {
                    p += 1;
                }
            }
            _ => {
                self.pos = p;
                return Err(self.eof_or("a digit"));
            }
        }
        if at(p) == b'.' {
            p += 1;
            if !at(p).is_ascii_digit() {
                self.pos = p;
                return Err(self.eof_or("a digit after `.`"));
            }
            while at(p).is_ascii_digit() {
                p += 1;
            }
        }
        if matches!(at(p), b'e' | b'E') {
            p += 1;
            if matches!(at(p), b'+' | b'-') {
                p += 1;
            }
            if !at(p).is_ascii_digit() {
                self.pos = p;
                return Err(self.eof_or("a digit in the exponent"));
            }
            while at(p).is_ascii_digit() {
                p += 1;
            }
        }
        if at(p).is_ascii_digit() {
            self.pos = p;
            return Err(self.err(ErrorKind::Syntax("no leading zeros")));
        }
        self.pos = p;
        self.check_len(p - start)?;
        self.src
            .get(start..p)
            .ok_or_else(|| self.err(ErrorKind::InvalidUtf8))
    }

    /// `true` or `false`.
    #[inline]
    pub(crate) fn boolean(&mut self) -> Result<bool> {
        match self.peek() {
            Some(b't') if self.buf.get(self.pos..self.pos + 4) == Some(b"true") => {
                self.pos += 4;
                Ok(true)
            }
            Some(b'f') if self.buf.get(self.pos..self.pos + 5) == Some(b"false") => {
                self.pos += 5;
                Ok(false)
            }
            _ => Err(self.wrong("boolean")),
        }
    }

    /// Any JSON value (RFC 8259), empty objects/arrays/strings allowed.
    pub(crate) fn json_value(&mut self) -> Result<Json> {
        match self.peek() {
            None => Err(self.err(ErrorKind::Eof)),
            Some(b'{') => {
                self.pos += 1;
                self.enter()?;
                let mut members = Vec::new();
                if self.peek() == Some(b'}') {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(Json::Object(members));
                }
                let mut first = true;
                while let Some(k) = self.next_key(&mut first)? {
                    if members.len() >= self.opts.limits.max_array_len {
                        return Err(self.limit("max_array_len", self.opts.limits.max_array_len));
                    }
                    let k = k.into_owned();
                    let v = self.json_value().map_err(|e| e.in_key(&k))?;
                    members.push((k, v));
                }
                Ok(Json::Object(members))
            }
            Some(b'[') => {
                self.pos += 1;
                self.enter()?;
                let mut items = Vec::new();
                if self.peek() == Some(b']') {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(Json::Array(items));
                }
                while self.next_elem(items.len())? {
                    let i = items.len();
                    items.push(self.json_value().map_err(|e| e.in_index(i))?);
                }
                Ok(Json::Array(items))
            }
            Some(b'"') => Ok(Json::String(self.string_raw()?.into_owned())),
            Some(b't' | b'f') => Ok(Json::Bool(self.boolean()?)),
            Some(b'n') => {
                if self.take_null() {
                    Ok(Json::Null)
                } else {
                    Err(self.eof_or("a JSON value"))
                }
            }
            Some(_) => Ok(Json::Number(self.number()?.to_owned())),
        }
    }

    /// Skip one value (for looking ahead to `resourceType`).
    pub(crate) fn skip_value(&mut self) -> Result<()> {
        self.json_value().map(drop)
    }

    /// Find the `resourceType` of the object at the cursor without consuming it.
    pub(crate) fn peek_resource_type(&mut self) -> Result<Cow<'a, str>> {
        let (pos, depth) = (self.pos, self.depth);
        self.begin_object()?;
        let mut first = true;
        let mut found = None;
        while let Some(k) = self.next_key(&mut first)? {
            if k == "resourceType" {
                let at = self.pos;
                let rt = self.string().map_err(|e| e.in_static("resourceType"))?;
                found = Some((rt, at));
                break;
            }
            self.skip_value().map_err(|e| e.in_key(&k))?;
        }
        let here = self.pos;
        self.pos = pos;
        self.depth = depth;
        match found {
            Some((rt, _)) => Ok(rt),
            None => Err(self.err_at(ErrorKind::MissingResourceType, here.min(pos))),
        }
    }

    /// An unknown member: an error in strict mode, else kept.
    #[cold]
    pub(crate) fn unknown(
        &mut self,
        key: &str,
        keep: &mut crate::ThinVec<(String, Json)>,
    ) -> Result<()> {
        if self.opts.strict {
            return Err(self
                .err(ErrorKind::UnknownElement(key.to_owned()))
                .in_key(key));
        }
        let v = self.json_value().map_err(|e| e.in_key(key))?;
        keep.push((key.to_owned(), v));
        Ok(())
    }
}

/// The JSON writer the generated encoders drive.
#[derive(Debug)]
pub struct Writer {
    pub(crate) out: Vec<u8>,
    comma: bool,
    pub(crate) version: Version,
}

/// A point to roll back to when an object turns out empty.
#[derive(Debug, Clone, Copy)]
pub struct Mark(usize, bool);

impl Writer {
    pub(crate) fn new(version: Version) -> Self {
        Writer {
            out: Vec::with_capacity(256),
            comma: false,
            version,
        }
    }

    pub(crate) fn into_string(self) -> String {
        // Only UTF-8 is ever written: str slices, ASCII punctuation and escapes.
        String::from_utf8(self.out).unwrap_or_default()
    }

    #[inline]
    pub(crate) fn mark(&self) -> Mark {
        Mark(self.out.len(), self.comma)
    }

    #[inline]
    pub(crate) fn reset(&mut self, m: Mark) {
        self.out.truncate(m.0);
        self.comma = m.1;
    }

    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.out.len()
    }

    /// `"key":` for a name known to need no escaping.
    #[inline]
    pub(crate) fn key(&mut self, k: &str) {
        if self.comma {
            self.out.push(b',');
        }
        self.out.push(b'"');
        self.out.extend_from_slice(k.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.comma = false;
    }

    /// `"keySuffix":` (choice elements: `"valueString":`).
    #[inline]
    pub(crate) fn key2(&mut self, k: &str, suffix: &str) {
        if self.comma {
            self.out.push(b',');
        }
        self.out.push(b'"');
        self.out.extend_from_slice(k.as_bytes());
        self.out.extend_from_slice(suffix.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.comma = false;
    }

    /// `"_keySuffix":`
    #[inline]
    pub(crate) fn ext_key2(&mut self, k: &str, suffix: &str) {
        if self.comma {
            self.out.push(b',');
        }
        self.out.extend_from_slice(b"\"_");
        self.out.extend_from_slice(k.as_bytes());
        self.out.extend_from_slice(suffix.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.comma = false;
    }

    pub(crate) fn key_escaped(&mut self, k: &str) {
        if self.comma {
            self.out.push(b',');
        }
        self.string(k);
        self.out.push(b':');
        self.comma = false;
    }

    #[inline]
    pub(crate) fn begin_object(&mut self) {
        self.out.push(b'{');
        self.comma = false;
    }

    #[inline]
    pub(crate) fn end_object(&mut self) {
        self.out.push(b'}');
        self.comma = true;
    }

    #[inline]
    pub(crate) fn begin_array(&mut self) {
        self.out.push(b'[');
        self.comma = false;
    }

    #[inline]
    pub(crate) fn end_array(&mut self) {
        self.out.push(b']');
        self.comma = true;
    }

    /// Before an array element.
    #[inline]
    pub(crate) fn elem(&mut self) {
        if self.comma {
            self.out.push(b',');
        }
        self.comma = false;
    }

    /// A number or literal, as is.
    #[inline]
    pub(crate) fn raw(&mut self, s: &str) {
        self.out.extend_from_slice(s.as_bytes());
        self.comma = true;
    }

    /// An integer, without going through `fmt` or a temporary `String`.
    #[inline]
    pub(crate) fn int(&mut self, v: i64) {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        let mut n = v.unsigned_abs();
        loop {
            i -= 1;
            if let Some(d) = buf.get_mut(i) {
                *d = b'0' + (n % 10) as u8;
            }
            n /= 10;
            if n == 0 || i == 0 {
                break;
            }
        }
        if v < 0 {
            self.out.push(b'-');
        }
        self.out.extend_from_slice(buf.get(i..).unwrap_or_default());
        self.comma = true;
    }

    /// A JSON string, escaped per RFC 8259 §7.
    ///
    /// Strings of up to 64 bytes without characters to escape (nearly all FHIR values: ids,
    /// codes, systems, UIDs) are scanned and copied eight bytes at a time with fixed-size
    /// copies (no `memcpy` call per value); the copy may run past the end of the value and is
    /// cut back to its length.
    #[inline]
    pub(crate) fn string(&mut self, s: &str) {
        let bytes = s.as_bytes();
        if bytes.len() <= 64 && self.string_short(bytes) {
            self.comma = true;
            return;
        }
        self.string_general(bytes);
    }

    /// The fast path of [`string`](Self::string): `false` (and nothing written) if a byte
    /// needs escaping.
    #[inline]
    fn string_short(&mut self, bytes: &[u8]) -> bool {
        const SPACES: [u8; 8] = [b' '; 8];
        let n = bytes.len();
        let start = self.out.len();
        self.out.reserve(n + 10);
        self.out.push(b'"');
        if n < 8 {
            // Pad with spaces, which need no escaping; write all eight, cut back below.
            let mut x = u64::from_le_bytes(SPACES);
            for (i, &b) in bytes.iter().enumerate() {
                let shift = 8 * (i as u32);
                x = (x & !(0xff << shift)) | (u64::from(b) << shift);
            }
            if has_special(x) {
                self.out.truncate(start);
                return false;
            }
            self.out.extend_from_slice(&x.to_le_bytes());
        } else {
            let mut chunks = bytes.chunks_exact(8);
            for chunk in &mut chunks {
                let arr: [u8; 8] = chunk.try_into().unwrap_or(SPACES);
                if has_special(u64::from_le_bytes(arr)) {
                    self.out.truncate(start);
                    return false;
                }
                self.out.extend_from_slice(&arr);
            }
            if !chunks.remainder().is_empty() {
                // The last eight bytes, overlapping the chunks already written.
                let last: [u8; 8] = bytes
                    .get(n - 8..)
                    .and_then(|t| t.try_into().ok())
                    .unwrap_or(SPACES);
                if has_special(u64::from_le_bytes(last)) {
                    self.out.truncate(start);
                    return false;
                }
                self.out.truncate(start + 1 + n - 8);
                self.out.extend_from_slice(&last);
            }
        }
        self.out.truncate(start + 1 + n);
        self.out.push(b'"');
        true
    }

    fn string_general(&mut self, bytes: &[u8]) {
        self.out.reserve(bytes.len() + 2);
        self.out.push(b'"');
        let mut start = 0;
        while let Some(off) = find_special(bytes.get(start..).unwrap_or_default()) {
            let i = start + off;
            self.out
                .extend_from_slice(bytes.get(start..i).unwrap_or_default());
            let b = bytes.get(i).copied().unwrap_or(0);
            match b {
                b'"' => self.out.extend_from_slice(b"\\\""),
                b'\\' => self.out.extend_from_slice(b"\\\\"),
                b'\n' => self.out.extend_from_slice(b"\\n"),
                b'\r' => self.out.extend_from_slice(b"\\r"),
                b'\t' => self.out.extend_from_slice(b"\\t"),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.out.extend_from_slice(b"\\u00");
                    self.out.push(HEX[usize::from(b >> 4)]);
                    self.out.push(HEX[usize::from(b & 0xf)]);
                }
            }
            start = i + 1;
        }
        self.out
            .extend_from_slice(bytes.get(start..).unwrap_or_default());
        self.out.push(b'"');
        self.comma = true;
    }

    /// A precomputed `"key":`.
    #[inline]
    pub(crate) fn raw_key(&mut self, key: &str) {
        if self.comma {
            self.out.push(b',');
        }
        self.out.extend_from_slice(key.as_bytes());
        self.comma = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8259 §7 escaping, one byte at a time: the reference for the chunked writer.
    fn reference(s: &str) -> String {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    #[test]
    fn string_escapes_at_every_length_and_position() {
        for len in 0..80 {
            let plain: String = (0..len).map(|i| (b'a' + (i % 26) as u8) as char).collect();
            let mut w = Writer::new(Version::R5);
            w.raw("x");
            w.string(&plain);
            assert_eq!(w.into_string(), format!("x{}", reference(&plain)), "{len}");
            for pos in 0..len {
                for special in ['"', '\\', '\n', '\u{1}', '\u{1f}', 'é'] {
                    let mut s: Vec<char> = plain.chars().collect();
                    s[pos] = special;
                    let s: String = s.into_iter().collect();
                    let mut w = Writer::new(Version::R5);
                    w.string(&s);
                    assert_eq!(w.into_string(), reference(&s), "{len} {pos} {special:?}");
                }
            }
        }
    }

    #[test]
    fn integers() {
        for v in [
            0,
            1,
            9,
            10,
            99,
            2_147_483_647,
            -1,
            -2_147_483_648,
            i64::MIN,
            i64::MAX,
        ] {
            let mut w = Writer::new(Version::R5);
            w.int(v);
            assert_eq!(w.into_string(), v.to_string());
        }
    }
}

//! The flat record the parser writes while it validates (one [`Node`] per element, one
//! [`Entry`] per value entry, byte spans into the input), and its conversion to dicom-rs data
//! sets.
//!
//! Both decoders share it: [`View`](crate::view::View) hands the record out as is (zero-copy),
//! and the full decoder ([`DecodeOptions::decode`](crate::DecodeOptions::decode)) converts it
//! with [`build`]. So both paths run the same validation and produce the same data.

use crate::DataSet;
use crate::bulk::bulk_data_value;
use crate::error::{Error, ErrorKind};
use crate::vr::{self, Class};
use dicom_core::value::{C, DataSetSequence, PrimitiveValue};
use dicom_core::{DataElement, Length, Tag, VR};
use dicom_object::mem::InMemElement;
use std::borrow::Cow;

/// A half-open range of indices (into `nodes`, `entries` or `items`) or of input bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Span {
    pub(crate) start: u32,
    pub(crate) end: u32,
}

impl Span {
    pub(crate) fn new(start: usize, end: usize) -> Self {
        // Inputs are at most u32::MAX bytes (checked by the parser), and every index counts
        // fewer things than there are input bytes.
        Span {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }

    pub(crate) fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// What an element's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NodeKind {
    /// No value (no member, `"Value": []`, lenient `"Value": null`).
    Empty,
    /// `Value` entries: `span` indexes `entries`.
    Values,
    /// `InlineBinary`: `span` is the string's bytes (between the quotes).
    InlineBinary { escaped: bool },
    /// `BulkDataURI`: `span` is the string's bytes.
    BulkDataUri { escaped: bool },
    /// Sequence items: `span` indexes `items`.
    Items,
}

/// One element of a data set.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Node {
    pub(crate) tag: Tag,
    pub(crate) vr: VR,
    pub(crate) kind: NodeKind,
    pub(crate) span: Span,
}

/// What one entry of a `Value` array is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntryKind {
    /// `null` (F.2.5).
    Null,
    /// A string without escapes: the span is its text.
    Str,
    /// A string with escapes: the span is its raw text (between the quotes).
    StrEscaped,
    /// A number literal: the span is its text.
    Number,
    /// A Person Name object (F.2.2); the next three entries are its Alphabetic, Ideographic
    /// and Phonetic groups (`Absent`, `Null`, `Str` or `StrEscaped`).
    PersonName,
    /// A Person Name group that is not present.
    Absent,
}

/// One entry of a `Value` array.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    pub(crate) kind: EntryKind,
    pub(crate) span: Span,
}

/// The parser's output: data sets as ranges of `nodes`, kept sorted by tag.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tape {
    pub(crate) nodes: Vec<Node>,
    pub(crate) entries: Vec<Entry>,
    /// Sequence items as ranges of `nodes`; one sequence's items are contiguous.
    pub(crate) items: Vec<Span>,
    /// The data sets of the current data sets being parsed (innermost last).
    scratch: Vec<Node>,
    item_scratch: Vec<Span>,
}

/// The lengths of a tape's vectors, to undo what was recorded after it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mark {
    nodes: usize,
    entries: usize,
    items: usize,
    scratch: usize,
    item_scratch: usize,
}

impl Tape {
    pub(crate) fn mark(&self) -> Mark {
        Mark {
            nodes: self.nodes.len(),
            entries: self.entries.len(),
            items: self.items.len(),
            scratch: self.scratch.len(),
            item_scratch: self.item_scratch.len(),
        }
    }

    /// Forget everything recorded since `mark` (the parser only appends, so truncating is
    /// enough).
    pub(crate) fn undo(&mut self, mark: Mark) {
        self.nodes.truncate(mark.nodes);
        self.entries.truncate(mark.entries);
        self.items.truncate(mark.items);
        self.scratch.truncate(mark.scratch);
        self.item_scratch.truncate(mark.item_scratch);
    }

    pub(crate) fn clear(&mut self) {
        self.nodes.clear();
        self.entries.clear();
        self.items.clear();
        self.scratch.clear();
        self.item_scratch.clear();
    }

    /// Where the next data set's elements start in the scratch stack.
    pub(crate) fn begin_data_set(&self) -> usize {
        self.scratch.len()
    }

    /// Add an element of the data set that starts at `base`, in tag order. Returns `true` when
    /// the tag was already there (then the new element replaces it when `replace`).
    pub(crate) fn put(&mut self, base: usize, node: Node, replace: bool) -> bool {
        let ds = self.scratch.get(base..).unwrap_or_default();
        match ds.last() {
            None => {
                self.scratch.push(node);
                false
            }
            Some(last) if last.tag < node.tag => {
                self.scratch.push(node);
                false
            }
            Some(_) => match ds.binary_search_by(|n| n.tag.cmp(&node.tag)) {
                Ok(i) => {
                    if replace && let Some(slot) = self.scratch.get_mut(base + i) {
                        *slot = node;
                    }
                    true
                }
                Err(i) => {
                    self.scratch.insert(base + i, node);
                    false
                }
            },
        }
    }

    /// Close the data set that starts at `base`: its elements move to `nodes`.
    pub(crate) fn end_data_set(&mut self, base: usize) -> Span {
        let start = self.nodes.len();
        if base < self.scratch.len() {
            self.nodes.extend(self.scratch.drain(base..));
        }
        Span::new(start, self.nodes.len())
    }

    pub(crate) fn begin_items(&self) -> usize {
        self.item_scratch.len()
    }

    pub(crate) fn push_item(&mut self, item: Span) {
        self.item_scratch.push(item);
    }

    pub(crate) fn end_items(&mut self, base: usize) -> Span {
        let start = self.items.len();
        if base < self.item_scratch.len() {
            self.items.extend(self.item_scratch.drain(base..));
        }
        Span::new(start, self.items.len())
    }

    pub(crate) fn push_entry(&mut self, kind: EntryKind, span: Span) {
        self.entries.push(Entry { kind, span });
    }

    pub(crate) fn entries_from(&self, start: usize) -> Span {
        Span::new(start, self.entries.len())
    }

    pub(crate) fn nodes(&self, span: Span) -> &[Node] {
        self.nodes.get(span.range()).unwrap_or_default()
    }

    pub(crate) fn entries(&self, span: Span) -> &[Entry] {
        self.entries.get(span.range()).unwrap_or_default()
    }

    pub(crate) fn items(&self, span: Span) -> &[Span] {
        self.items.get(span.range()).unwrap_or_default()
    }
}

// ---- reading spans ---------------------------------------------------------------------------

/// The text of a span of the input.
pub(crate) fn raw(text: &str, span: Span) -> &str {
    text.get(span.range()).unwrap_or_default()
}

/// The value of a validated JSON string's raw text (between the quotes), unescaped only when
/// `escaped`.
pub(crate) fn string<'a>(text: &'a str, span: Span, escaped: bool) -> Cow<'a, str> {
    let s = raw(text, span);
    if escaped {
        Cow::Owned(unescape(s))
    } else {
        Cow::Borrowed(s)
    }
}

/// The text of an entry (`None` for `null`, a Person Name object and an absent group).
pub(crate) fn entry_text<'a>(text: &'a str, e: &Entry) -> Option<Cow<'a, str>> {
    match e.kind {
        EntryKind::Str | EntryKind::Number => Some(Cow::Borrowed(raw(text, e.span))),
        EntryKind::StrEscaped => Some(string(text, e.span, true)),
        EntryKind::Null | EntryKind::PersonName | EntryKind::Absent => None,
    }
}

/// Unescape the raw text of a JSON string the parser has validated (RFC 8259 §7).
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let hi = hex4(&mut chars);
                let cp = if (0xD800..0xDC00).contains(&hi) {
                    // The parser checked that `\uDCxx` follows.
                    chars.next();
                    chars.next();
                    let lo = hex4(&mut chars);
                    0x10000 + ((hi - 0xD800) << 10) + (lo.wrapping_sub(0xDC00) & 0x3FF)
                } else {
                    hi
                };
                out.push(char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

fn hex4(chars: &mut std::str::Chars<'_>) -> u32 {
    let mut v = 0;
    for _ in 0..4 {
        v = v * 16 + chars.next().and_then(|c| c.to_digit(16)).unwrap_or(0);
    }
    v
}

// ---- conversion to dicom-rs --------------------------------------------------------------------

/// Build the data set made of `span` (a range of `tape.nodes`).
pub(crate) fn build(text: &str, tape: &Tape, span: Span) -> Result<DataSet, Error> {
    // Nodes are sorted by tag, so each insert appends to the map's last leaf: cheaper than
    // collecting, sorting and bulk-building (measured).
    let mut ds = DataSet::new_empty();
    for n in tape.nodes(span) {
        ds.put(element(text, tape, n).map_err(|e| e.in_element(n.tag))?);
    }
    Ok(ds)
}

/// Build one element.
pub(crate) fn element(text: &str, tape: &Tape, n: &Node) -> Result<InMemElement, Error> {
    if n.kind == NodeKind::Items || (n.kind == NodeKind::Empty && n.vr == VR::SQ) {
        let items = if n.kind == NodeKind::Items {
            let spans = tape.items(n.span);
            let mut items = C::with_capacity(spans.len());
            for (i, s) in spans.iter().enumerate() {
                items.push(build(text, tape, *s).map_err(|e| e.in_item(i))?);
            }
            items
        } else {
            C::new()
        };
        return Ok(DataElement::new(
            n.tag,
            n.vr,
            DataSetSequence::new(items, Length::UNDEFINED),
        ));
    }
    Ok(DataElement::new(n.tag, n.vr, primitive(text, tape, n)?))
}

/// The primitive value of a non-sequence element.
pub(crate) fn primitive(text: &str, tape: &Tape, n: &Node) -> Result<PrimitiveValue, Error> {
    let at = n.span.start as usize;
    match n.kind {
        NodeKind::Empty | NodeKind::Items => Ok(PrimitiveValue::Empty),
        NodeKind::BulkDataUri { escaped } => Ok(bulk_data_value(&string(text, n.span, escaped))),
        NodeKind::InlineBinary { escaped } => {
            let s = string(text, n.span, escaped);
            let bytes =
                decode_base64(&s).ok_or_else(|| Error::at_offset(ErrorKind::InvalidBase64, at))?;
            crate::bulk::bytes_to_value(n.vr, bytes)
        }
        NodeKind::Values => values(text, n.vr, tape.entries(n.span)),
    }
}

fn values(text: &str, vr: VR, entries: &[Entry]) -> Result<PrimitiveValue, Error> {
    let class = vr::class(vr);
    match class {
        Class::Text | Class::NumberText | Class::PersonName => {
            let mut out: C<String> = C::new();
            let mut i = 0;
            while let Some(e) = entries.get(i) {
                if e.kind == EntryKind::PersonName {
                    out.push(person_name(
                        text,
                        entries.get(i + 1..i + 4).unwrap_or_default(),
                    ));
                    i += 4;
                    continue;
                }
                i += 1;
                let Some(s) = entry_text(text, e) else {
                    out.push(String::new());
                    continue;
                };
                if e.kind == EntryKind::Number {
                    out.push(s.into_owned());
                } else if class == Class::PersonName {
                    // Lenient PN string: `A=I=P`, cut like a PN object (no trailing empty
                    // groups), so it is written back and read again unchanged.
                    let t = s.trim_end_matches([' ', '\0']);
                    let cut = t.trim_end_matches('=').trim_end_matches([' ', '\0']);
                    out.push(cut.trim_end_matches('=').to_owned());
                } else {
                    out.push(trimmed(class, s));
                }
            }
            if out.len() == 1 && out.first().is_some_and(String::is_empty) {
                Ok(PrimitiveValue::Empty)
            } else {
                Ok(PrimitiveValue::Strs(out))
            }
        }
        Class::Number => {
            macro_rules! collect {
                ($variant:ident, $parse:expr) => {{
                    let mut out = C::with_capacity(entries.len());
                    for e in entries {
                        let t = entry_text(text, e).unwrap_or_default();
                        let v = $parse(t.trim()).ok_or_else(|| {
                            Error::at_offset(
                                ErrorKind::NumberOutOfRange(vr.to_string().to_owned()),
                                e.span.start as usize,
                            )
                        })?;
                        out.push(v);
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
                VR::FL => collect!(F32, parse_f32),
                _ => collect!(F64, parse_f64),
            })
        }
        Class::Tag => {
            let mut out: C<Tag> = C::with_capacity(entries.len());
            for e in entries {
                let t = entry_text(text, e).unwrap_or_default();
                out.push(parse_at(&t).ok_or_else(|| {
                    Error::at_offset(
                        ErrorKind::InvalidValue {
                            vr: "AT".into(),
                            reason: "expected 8 uppercase hex digits",
                        },
                        e.span.start as usize,
                    )
                })?);
            }
            Ok(PrimitiveValue::Tags(out))
        }
        Class::Sequence | Class::Binary => Ok(PrimitiveValue::Empty),
    }
}

/// The three groups of a Person Name object to `A=I=P` (PS3.18 F.2.2): trailing padding of the
/// last present group removed (PS3.5 §6.2), trailing empty groups cut.
pub(crate) fn person_name(text: &str, groups: &[Entry]) -> String {
    let mut g: [Option<Cow<'_, str>>; 3] = [None, None, None];
    for (slot, e) in g.iter_mut().zip(groups) {
        *slot = match e.kind {
            EntryKind::Absent => None,
            EntryKind::Null => Some(Cow::Borrowed("")),
            _ => entry_text(text, e),
        };
    }
    if let Some(last) = g.iter_mut().rev().find(|g| g.is_some())
        && let Some(t) = last.as_mut()
    {
        let cut = t.trim_end_matches([' ', '\0']);
        if cut.len() != t.len() {
            *t = Cow::Owned(cut.to_owned());
        }
    }
    let Some(last) = g
        .iter()
        .rposition(|g| g.as_ref().is_some_and(|s| !s.is_empty()))
    else {
        return String::new();
    };
    let mut out = String::new();
    for (i, g) in g.iter().take(last + 1).enumerate() {
        if i > 0 {
            out.push('=');
        }
        if let Some(g) = g {
            out.push_str(g);
        }
    }
    out
}

/// A text value without its padding (PS3.5 §6.2: trailing spaces, and NUL for UI, are not
/// part of the value; IS and DS also drop leading spaces), as the encoder writes it.
pub(crate) fn trimmed(class: Class, s: Cow<'_, str>) -> String {
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

pub(crate) fn parse_f32(s: &str) -> Option<f32> {
    s.parse::<f32>().ok().filter(|v| v.is_finite())
}

pub(crate) fn parse_f64(s: &str) -> Option<f64> {
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// `"GGGGEEEE"` (PS3.18 F.2.3, AT).
pub(crate) fn parse_at(s: &str) -> Option<Tag> {
    if s.len() != 8 || !s.bytes().all(|c| matches!(c, b'0'..=b'9' | b'A'..=b'F')) {
        return None;
    }
    let v = u32::from_str_radix(s, 16).ok()?;
    Some(Tag((v >> 16) as u16, (v & 0xFFFF) as u16))
}

/// Parse an integer literal exactly (no `f64`); a JSON number with fraction or exponent is
/// accepted only when it is integral and written without loss (`5.0`, `1e3`).
pub(crate) fn parse_int<T: TryFrom<i128>>(s: &str) -> Option<T> {
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

/// Standard base64 with padding (RFC 4648 §4); a missing final padding is accepted.
pub(crate) fn decode_base64(s: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
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

    #[test]
    fn unescape_matches_json() {
        for (raw, want) in [
            (r#"a\"b"#, "a\"b"),
            (r"\\\/\b\f\n\r\t", "\\/\u{8}\u{c}\n\r\t"),
            (r"\u00e9\ud83d\ude00x", "é😀x"),
        ] {
            assert_eq!(unescape(raw), want);
        }
    }
}

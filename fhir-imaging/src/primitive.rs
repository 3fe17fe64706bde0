//! FHIR primitive types ([FHIR R5 datatypes.html §2.1.28.0][p]) and their JSON form
//! ([FHIR R5 json.html §2.6.2][j]): a value plus, through the `_name` partner member, an
//! element id and extensions.
//!
//! Every primitive is a [`Prim<K>`] where `K` is a marker from [`kind`] naming the FHIR type;
//! the crate root exports an alias per type ([`Code`](crate::Code), [`DateTime`](crate::DateTime),
//! [`Decimal`](crate::Decimal), ...). Text-valued types keep the text exactly as given, as a
//! [`SharedStr`]: a `dateTime` of `2011` stays `2011`, a `decimal` of `1.50` stays `1.50`.
//!
//! [p]: https://hl7.org/fhir/R5/datatypes.html#primitive
//! [j]: https://hl7.org/fhir/R5/json.html#primitive

use crate::Version;
use crate::datatypes::PrimitiveElement;
use crate::error::ErrorKind;
use crate::json::{Reader, Result, Writer};
use crate::shared_str::SharedStr;
use std::fmt;

/// What a FHIR primitive type is: its name and the Rust type of its value.
pub trait PrimitiveKind:
    fmt::Debug + Clone + Copy + PartialEq + Eq + std::hash::Hash + Default + 'static
{
    /// The Rust type holding the value.
    type Value: fmt::Debug + Clone + PartialEq + Eq + std::hash::Hash;
    /// The FHIR type name (`dateTime`, `code`, ...).
    const NAME: &'static str;
}

/// A primitive element: its value and the `_name` partner (id and extensions).
///
/// A primitive may have an extension and no value (FHIR R5 json.html §2.6.2), so both are
/// optional; one of them is always present in a decoded document.
///
/// ```
/// let status: fhir_imaging::Code = "available".into();
/// assert_eq!(status.as_str(), Some("available"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prim<K: PrimitiveKind> {
    /// The value.
    pub value: Option<K::Value>,
    /// The `_name` partner: element id and extensions.
    pub element: Option<Box<PrimitiveElement>>,
}

impl<K: PrimitiveKind> Default for Prim<K> {
    fn default() -> Self {
        Prim {
            value: None,
            element: None,
        }
    }
}

impl<K: PrimitiveKind> Prim<K> {
    /// A primitive with a value and no id or extension.
    pub fn new(value: impl Into<K::Value>) -> Self {
        Prim {
            value: Some(value.into()),
            element: None,
        }
    }

    /// The value, if any.
    pub fn value(&self) -> Option<&K::Value> {
        self.value.as_ref()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.value.is_none() && self.element.is_none()
    }
}

impl<K: PrimitiveKind<Value = SharedStr>> Prim<K> {
    /// The value as text.
    pub fn as_str(&self) -> Option<&str> {
        self.value.as_deref()
    }
}

impl<K: PrimitiveKind<Value = SharedStr>> From<&str> for Prim<K> {
    fn from(s: &str) -> Self {
        Prim::new(s)
    }
}

impl<K: PrimitiveKind<Value = SharedStr>> From<SharedStr> for Prim<K> {
    fn from(s: SharedStr) -> Self {
        Prim::new(s)
    }
}

impl<K: PrimitiveKind<Value = SharedStr>> From<String> for Prim<K> {
    fn from(s: String) -> Self {
        Prim::new(s)
    }
}

impl From<bool> for Prim<kind::Boolean> {
    fn from(b: bool) -> Self {
        Prim::new(b)
    }
}

impl From<i32> for Prim<kind::Integer> {
    fn from(v: i32) -> Self {
        Prim::new(v)
    }
}

impl<K: PrimitiveKind<Value = u32>> From<u32> for Prim<K> {
    fn from(v: u32) -> Self {
        Prim::new(v)
    }
}

impl From<DecimalValue> for Prim<kind::Decimal> {
    fn from(v: DecimalValue) -> Self {
        Prim::new(v)
    }
}

/// A FHIR `decimal`, kept as the exact text of the JSON number (FHIR R5 datatypes.html
/// "decimal": precision is significant, `1.50` is not `1.5`).
///
/// ```
/// let d: fhir_imaging::DecimalValue = "1.50".parse().unwrap();
/// assert_eq!(d.as_str(), "1.50");
/// assert_eq!(d.to_f64(), 1.5);
/// assert!("1.".parse::<fhir_imaging::DecimalValue>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct DecimalValue(String);

impl DecimalValue {
    /// The number as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The nearest `f64` (lossy).
    pub fn to_f64(&self) -> f64 {
        self.0.parse().unwrap_or(f64::NAN)
    }

    pub(crate) fn from_json_text(s: &str) -> Self {
        DecimalValue(s.to_owned())
    }
}

impl fmt::Display for DecimalValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The text is not a JSON number (RFC 8259 §6), which is FHIR's `decimal` grammar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseDecimalError;

impl fmt::Display for ParseDecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a FHIR decimal")
    }
}

impl std::error::Error for ParseDecimalError {}

impl std::str::FromStr for DecimalValue {
    type Err = ParseDecimalError;
    fn from_str(s: &str) -> std::result::Result<Self, ParseDecimalError> {
        let opts = crate::DecodeOptions::default();
        let mut r = Reader::new(s, &opts, Version::R5);
        match r.number() {
            Ok(n) if n.len() == s.len() => Ok(DecimalValue(s.to_owned())),
            _ => Err(ParseDecimalError),
        }
    }
}

impl From<i64> for DecimalValue {
    fn from(v: i64) -> Self {
        DecimalValue(v.to_string())
    }
}

impl From<u32> for DecimalValue {
    fn from(v: u32) -> Self {
        DecimalValue(v.to_string())
    }
}

/// The codec side of a primitive kind (crate-internal).
pub(crate) trait KindCodec: PrimitiveKind {
    fn decode(r: &mut Reader<'_>) -> Result<Self::Value>;
    fn encode(v: &Self::Value, w: &mut Writer);
    /// A problem with the value's lexical form, for validation.
    fn check(_v: &Self::Value) -> Option<&'static str> {
        None
    }
    /// The value as a code, for required-binding checks.
    fn code(_v: &Self::Value) -> Option<&str> {
        None
    }
}

/// Marker types naming each FHIR primitive type.
pub mod kind {
    macro_rules! kinds {
        ($($(#[$m:meta])* $name:ident = $fhir:literal : $v:ty;)*) => {$(
            $(#[$m])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
            pub struct $name;
            impl super::PrimitiveKind for $name {
                type Value = $v;
                const NAME: &'static str = $fhir;
            }
        )*};
    }
    kinds! {
        /// `base64Binary`
        Base64Binary = "base64Binary": crate::SharedStr;
        /// `boolean`
        Boolean = "boolean": bool;
        /// `canonical`
        Canonical = "canonical": crate::SharedStr;
        /// `code`
        Code = "code": crate::SharedStr;
        /// `date` (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, kept as given)
        Date = "date": crate::SharedStr;
        /// `dateTime` (partial precision kept as given)
        DateTime = "dateTime": crate::SharedStr;
        /// `decimal` (exact text)
        Decimal = "decimal": super::DecimalValue;
        /// `id`
        Id = "id": crate::SharedStr;
        /// `instant`
        Instant = "instant": crate::SharedStr;
        /// `integer` (32-bit)
        Integer = "integer": i32;
        /// `integer64` (R5; a JSON string)
        Integer64 = "integer64": crate::SharedStr;
        /// `markdown`
        Markdown = "markdown": crate::SharedStr;
        /// `oid`
        Oid = "oid": crate::SharedStr;
        /// `positiveInt`
        PositiveInt = "positiveInt": u32;
        /// `string`
        String = "string": crate::SharedStr;
        /// `time`
        Time = "time": crate::SharedStr;
        /// `unsignedInt`
        UnsignedInt = "unsignedInt": u32;
        /// `uri`
        Uri = "uri": crate::SharedStr;
        /// `url`
        Url = "url": crate::SharedStr;
        /// `uuid`
        Uuid = "uuid": crate::SharedStr;
        /// `xhtml` (Narrative.div)
        Xhtml = "xhtml": crate::SharedStr;
        /// `Attachment.size`: `unsignedInt` (a JSON number) in R4, `integer64` (a JSON string) in R5.
        AttachmentSize = "unsignedInt|integer64": crate::SharedStr;
    }
}

macro_rules! text_kind {
    ($($k:ident => $check:expr;)*) => {$(
        impl KindCodec for kind::$k {
            #[inline]
            fn decode(r: &mut Reader<'_>) -> Result<SharedStr> {
                r.text()
            }
            #[inline]
            fn encode(v: &SharedStr, w: &mut Writer) {
                w.string(v)
            }
            fn check(v: &SharedStr) -> Option<&'static str> {
                let f: fn(&str) -> Option<&'static str> = $check;
                f(v)
            }
            fn code(v: &SharedStr) -> Option<&str> {
                Some(v)
            }
        }
    )*};
}

text_kind! {
    Base64Binary => check_base64;
    Canonical => check_uri;
    Code => check_code;
    Date => |v| (!is_date(v)).then_some("not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
    DateTime => |v| (!is_date_time(v)).then_some("not a dateTime (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss[.f]+zz:zz)");
    Id => check_id;
    Instant => |v| (!is_instant(v)).then_some("not an instant (YYYY-MM-DDThh:mm:ss[.f]+zz:zz)");
    Markdown => check_string;
    Oid => |v| (!v.strip_prefix("urn:oid:").is_some_and(is_oid)).then_some("not an oid (urn:oid:1.2.3)");
    String => check_string;
    Time => |v| (!is_time(v)).then_some("not a time (hh:mm:ss[.f])");
    Uri => check_uri;
    Url => check_uri;
    Uuid => check_uuid;
    Xhtml => |v| (!(v.starts_with("<div") && (v.ends_with("</div>") || v.ends_with("/>")))).then_some("xhtml must be a single <div> element");
}

impl KindCodec for kind::Boolean {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<bool> {
        r.boolean()
    }
    #[inline]
    fn encode(v: &bool, w: &mut Writer) {
        w.raw(if *v { "true" } else { "false" })
    }
}

fn whole(r: &mut Reader<'_>, what: &'static str) -> Result<i64> {
    let start = r.pos;
    let n = r.number()?;
    n.parse::<i64>().map_err(|_| {
        let mut e = r.err(ErrorKind::InvalidValue(what));
        if e.offset() != start {
            e = crate::error::Error::new(ErrorKind::InvalidValue(what), start);
        }
        e
    })
}

impl KindCodec for kind::Integer {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<i32> {
        let start = r.pos;
        let v = whole(r, "integer must be a whole number")?;
        i32::try_from(v).map_err(|_| {
            crate::error::Error::new(
                ErrorKind::InvalidValue("integer out of 32-bit range"),
                start,
            )
        })
    }
    #[inline]
    fn encode(v: &i32, w: &mut Writer) {
        w.int(i64::from(*v))
    }
}

fn unsigned(r: &mut Reader<'_>, min: i64, what: &'static str) -> Result<u32> {
    let start = r.pos;
    let v = whole(r, what)?;
    if v < min || v > i64::from(i32::MAX) {
        return Err(crate::error::Error::new(
            ErrorKind::InvalidValue(what),
            start,
        ));
    }
    u32::try_from(v).map_err(|_| crate::error::Error::new(ErrorKind::InvalidValue(what), start))
}

impl KindCodec for kind::UnsignedInt {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<u32> {
        unsigned(r, 0, "unsignedInt must be a whole number in 0..=2147483647")
    }
    #[inline]
    fn encode(v: &u32, w: &mut Writer) {
        w.int(i64::from(*v))
    }
}

impl KindCodec for kind::PositiveInt {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<u32> {
        unsigned(r, 1, "positiveInt must be a whole number in 1..=2147483647")
    }
    #[inline]
    fn encode(v: &u32, w: &mut Writer) {
        w.int(i64::from(*v))
    }
    fn check(v: &u32) -> Option<&'static str> {
        (*v == 0).then_some("positiveInt must be at least 1")
    }
}

impl KindCodec for kind::Decimal {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<DecimalValue> {
        r.number().map(DecimalValue::from_json_text)
    }
    fn encode(v: &DecimalValue, w: &mut Writer) {
        w.raw(&v.0)
    }
    fn check(v: &DecimalValue) -> Option<&'static str> {
        v.0.parse::<DecimalValue>()
            .is_err()
            .then_some("not a decimal")
    }
}

fn is_integer64(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    (digits == "0" || (!digits.starts_with('0') && !digits.is_empty()))
        && digits.bytes().all(|b| b.is_ascii_digit())
        && s.parse::<i64>().is_ok()
}

impl KindCodec for kind::Integer64 {
    fn decode(r: &mut Reader<'_>) -> Result<SharedStr> {
        let start = r.pos;
        let s = r.text()?;
        if !is_integer64(&s) {
            return Err(crate::error::Error::new(
                ErrorKind::InvalidValue("integer64 must be a 64-bit whole number in a JSON string"),
                start,
            ));
        }
        Ok(s)
    }
    fn encode(v: &SharedStr, w: &mut Writer) {
        w.string(v)
    }
    fn check(v: &SharedStr) -> Option<&'static str> {
        (!is_integer64(v)).then_some("not an integer64")
    }
}

impl KindCodec for kind::AttachmentSize {
    fn decode(r: &mut Reader<'_>) -> Result<SharedStr> {
        match r.version {
            Version::R4 => kind::UnsignedInt::decode(r).map(|v| SharedStr::from(v.to_string())),
            _ => kind::Integer64::decode(r),
        }
    }
    fn encode(v: &SharedStr, w: &mut Writer) {
        match w.version {
            Version::R4 => w.raw(v),
            _ => w.string(v),
        }
    }
    fn check(v: &SharedStr) -> Option<&'static str> {
        (!is_integer64(v) || v.starts_with('-')).then_some("size must be a whole number >= 0")
    }
}

fn check_string(v: &str) -> Option<&'static str> {
    if v.is_empty() {
        Some("empty string")
    } else if v.len() > 1024 * 1024 {
        Some("strings are at most 1 MB (FHIR R5 datatypes.html string)")
    } else {
        None
    }
}

fn check_code(v: &str) -> Option<&'static str> {
    // [^\s]+( [^\s]+)*
    let ok = !v.is_empty()
        && !v.starts_with(' ')
        && !v.ends_with(' ')
        && !v.contains("  ")
        && !v.chars().any(|c| c.is_whitespace() && c != ' ');
    (!ok).then_some("not a code (no leading, trailing or repeated whitespace)")
}

fn check_id(v: &str) -> Option<&'static str> {
    let ok = !v.is_empty()
        && v.len() <= 64
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    (!ok).then_some("not an id (1-64 of A-Z a-z 0-9 - .)")
}

fn check_uri(v: &str) -> Option<&'static str> {
    v.chars()
        .any(char::is_whitespace)
        .then_some("not a uri (no whitespace)")
}

fn check_uuid(v: &str) -> Option<&'static str> {
    let ok = v.strip_prefix("urn:uuid:").is_some_and(|u| {
        u.len() == 36
            && u.bytes().enumerate().all(|(i, b)| {
                if matches!(i, 8 | 13 | 18 | 23) {
                    b == b'-'
                } else {
                    b.is_ascii_digit() || (b'a'..=b'f').contains(&b)
                }
            })
    });
    (!ok).then_some("not a uuid (urn:uuid: + lower-case 8-4-4-4-12 hex)")
}

fn check_base64(v: &str) -> Option<&'static str> {
    let n = v.bytes().filter(|b| !b.is_ascii_whitespace()).count();
    let ok = n % 4 == 0
        && v.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || b == b'+'
                || b == b'/'
                || b == b'='
                || b.is_ascii_whitespace()
        });
    (!ok).then_some("not base64")
}

/// `0|[1-9][0-9]*` components joined by `.`, first component 0-2 (ISO/IEC 8824; DICOM PS3.5 §9.1).
pub(crate) fn is_oid(s: &str) -> bool {
    let mut parts = s.split('.');
    let first_ok = matches!(parts.next(), Some("0" | "1" | "2"));
    let mut n = 0;
    let rest_ok = parts.all(|p| {
        n += 1;
        !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && (p == "0" || !p.starts_with('0'))
    });
    first_ok && rest_ok && n >= 1
}

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

fn num(s: &str) -> u32 {
    s.parse().unwrap_or(u32::MAX)
}

fn is_date(v: &str) -> bool {
    let mut it = v.splitn(3, '-');
    let Some(y) = it.next() else { return false };
    if !digits(y, 4) {
        return false;
    }
    match it.next() {
        None => true,
        Some(m) => {
            if !digits(m, 2) || !(1..=12).contains(&num(m)) {
                return false;
            }
            match it.next() {
                None => true,
                Some(d) => digits(d, 2) && (1..=31).contains(&num(d)),
            }
        }
    }
}

fn is_time(v: &str) -> bool {
    let (main, frac) = match v.split_once('.') {
        Some((m, f)) => (m, Some(f)),
        None => (v, None),
    };
    let mut it = main.split(':');
    let (Some(h), Some(m), Some(s), None) = (it.next(), it.next(), it.next(), it.next()) else {
        return false;
    };
    digits(h, 2)
        && num(h) <= 23
        && digits(m, 2)
        && num(m) <= 59
        && digits(s, 2)
        && num(s) <= 60
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

fn is_zone(z: &str) -> bool {
    if z == "Z" {
        return true;
    }
    let Some(rest) = z.strip_prefix(['+', '-']) else {
        return false;
    };
    let Some((h, m)) = rest.split_once(':') else {
        return false;
    };
    digits(h, 2) && num(h) <= 14 && digits(m, 2) && num(m) <= 59
}

fn split_zone(t: &str) -> Option<(&str, &str)> {
    if let Some(p) = t.strip_suffix('Z') {
        return Some((p, "Z"));
    }
    let i = t.rfind(['+', '-'])?;
    Some((t.get(..i)?, t.get(i..)?))
}

fn is_date_time(v: &str) -> bool {
    match v.split_once('T') {
        None => is_date(v),
        Some((d, t)) => {
            digits(d.get(..4).unwrap_or(""), 4)
                && d.len() == 10
                && is_date(d)
                && split_zone(t).is_some_and(|(time, zone)| is_time(time) && is_zone(zone))
        }
    }
}

fn is_instant(v: &str) -> bool {
    v.contains('T') && is_date_time(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FHIR R5 datatypes.html: the regexes of date, dateTime, instant, time, oid.
    #[test]
    fn lexical_forms() {
        for ok in ["2011", "2011-02", "2011-02-28"] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in [
            "11",
            "2011-2",
            "2011-13",
            "2011-02-32",
            "2011-02-28T10:00:00Z",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
        for ok in [
            "2011",
            "2015-02-07T13:28:17-05:00",
            "2017-01-01T00:00:00.000Z",
            "2011-01-01T11:00:00+14:00",
        ] {
            assert!(is_date_time(ok), "{ok}");
        }
        for bad in [
            "2015-02-07T13:28:17",
            "2015-02-07T13:28Z",
            "2015-02-07 13:28:17Z",
            "2015-02-07T25:28:17Z",
        ] {
            assert!(!is_date_time(bad), "{bad}");
        }
        assert!(is_instant("2015-02-07T13:28:17.239+02:00"));
        assert!(!is_instant("2015-02-07"));
        assert!(is_time("13:28:17.5"));
        assert!(!is_time("13:28"));
        assert!(is_oid("1.2.840.10008.5.1.4.1.1.2"));
        for bad in ["3.1", "1", "1.02", "1..2", "1.2.", "a.b"] {
            assert!(!is_oid(bad), "{bad}");
        }
        assert!(check_code("final").is_none());
        assert!(check_code(" final").is_some());
        assert!(check_id("a".repeat(65).as_str()).is_some());
        assert!(check_uuid("urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a").is_none());
        assert!(is_integer64("-9223372036854775808"));
        assert!(!is_integer64("01"));
    }
}

//! Media types ([RFC 9110 §8.3.1][m], [PS3.18 §8.7][p]), `Accept` ([RFC 9110 §12.5.1][a]) and
//! the choice of a response representation.
//!
//! [m]: https://www.rfc-editor.org/rfc/rfc9110#section-8.3.1
//! [a]: https://www.rfc-editor.org/rfc/rfc9110#section-12.5.1
//! [p]: https://dicom.nema.org/medical/dicom/current/output/chtml/part18/sect_8.7.html

use crate::error::{Error, ErrorKind, Limit, Position};
use crate::multipart::Boundary;
use crate::{Limits, TransferSyntax};
use std::fmt;

/// RFC 9110 §5.6.2 `tchar`.
pub(crate) fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// `multipart/related; type="T"; boundary=B` (PS3.18 §8.6.1.2).
pub(crate) fn multipart_related(part_type: &str, boundary: &Boundary) -> String {
    let mut mt = MediaType::new("multipart", "related");
    mt.set_param("type", part_type);
    mt.set_param("boundary", boundary.as_str());
    mt.to_string()
}

/// A media type with its parameters: `type/subtype; name=value; ...`.
///
/// Type, subtype and parameter names are case-insensitive and kept in lower case; values are
/// kept as received, unquoted. Parsing accepts quoted and unquoted values (also unquoted values
/// with `/`, as in `type=application/dicom`), spaces around `;` and `=`, empty parameters
/// (`;;`), and, for `multipart/related`, parameters inside the quoted `type` value (Orthanc's
/// `type="application/octet-stream; transfer-syntax=..."`), which [`MediaType::related_type`]
/// and [`MediaType::transfer_syntax`] see. Display prints one canonical form: lower case,
/// `"; "` between parameters, values quoted only when they are not tokens.
///
/// ```
/// use dicomweb_types::MediaType;
/// let mt = MediaType::parse(r#"Multipart/Related; type="application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1"; boundary=abc"#)?;
/// assert!(mt.is_multipart_related());
/// assert_eq!(mt.related_type().unwrap().essence(), "application/octet-stream");
/// assert_eq!(mt.transfer_syntax().as_deref(), Some("1.2.840.10008.1.2.1"));
/// assert_eq!(mt.boundary()?.as_str(), "abc");
/// let again: MediaType = mt.to_string().parse()?;
/// assert_eq!(again, mt);
/// # Ok::<(), dicomweb_types::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MediaType {
    ty: String,
    subtype: String,
    params: Vec<(String, String)>,
}

impl MediaType {
    /// `application/dicom`: a DICOM Part 10 file (PS3.18 §8.7.3.1).
    pub const APPLICATION_DICOM: &'static str = "application/dicom";
    /// `application/dicom+json`: the DICOM JSON Model (PS3.18 Annex F).
    pub const APPLICATION_DICOM_JSON: &'static str = "application/dicom+json";
    /// `application/dicom+xml`: the Native DICOM Model (PS3.19 Annex A).
    pub const APPLICATION_DICOM_XML: &'static str = "application/dicom+xml";
    /// `application/octet-stream`: uncompressed bulk data (PS3.18 §8.7.3.3).
    pub const APPLICATION_OCTET_STREAM: &'static str = "application/octet-stream";
    /// `application/json`.
    pub const APPLICATION_JSON: &'static str = "application/json";
    /// `multipart/related` (RFC 2387).
    pub const MULTIPART_RELATED: &'static str = "multipart/related";
    /// `image/jpeg`.
    pub const IMAGE_JPEG: &'static str = "image/jpeg";
    /// `image/png`.
    pub const IMAGE_PNG: &'static str = "image/png";
    /// `image/gif`.
    pub const IMAGE_GIF: &'static str = "image/gif";
    /// `image/jp2`.
    pub const IMAGE_JP2: &'static str = "image/jp2";
    /// `image/jls`.
    pub const IMAGE_JLS: &'static str = "image/jls";
    /// `image/jpx`.
    pub const IMAGE_JPX: &'static str = "image/jpx";
    /// `image/dicom-rle`.
    pub const IMAGE_DICOM_RLE: &'static str = "image/dicom-rle";
    /// `video/mpeg`.
    pub const VIDEO_MPEG: &'static str = "video/mpeg";
    /// `video/mp4`.
    pub const VIDEO_MP4: &'static str = "video/mp4";

    /// `type/subtype` without parameters. Names are lower-cased.
    pub fn new(ty: &str, subtype: &str) -> Self {
        MediaType {
            ty: ty.to_ascii_lowercase(),
            subtype: subtype.to_ascii_lowercase(),
            params: Vec::new(),
        }
    }

    /// Parses one media type with default [`Limits`].
    pub fn parse(s: &str) -> Result<Self, Error> {
        Self::parse_with_limits(s, &Limits::default())
    }

    /// Parses one media type.
    pub fn parse_with_limits(s: &str, limits: &Limits) -> Result<Self, Error> {
        let mut cur = Cursor::new(s, limits)?;
        let mt = cur.media_type(false, limits)?;
        cur.ows();
        if !cur.at_end() {
            return Err(cur.err("unexpected character after the media type"));
        }
        Ok(mt)
    }

    /// The type, e.g. `application`.
    pub fn type_(&self) -> &str {
        &self.ty
    }

    /// The subtype, e.g. `dicom+json`.
    pub fn subtype(&self) -> &str {
        &self.subtype
    }

    /// The structured syntax suffix (RFC 6839), e.g. `json` for `application/dicom+json`.
    pub fn suffix(&self) -> Option<&str> {
        self.subtype.rsplit_once('+').map(|(_, s)| s)
    }

    /// `type/subtype`.
    pub fn essence(&self) -> String {
        format!("{}/{}", self.ty, self.subtype)
    }

    /// True when `type/subtype` equals `essence` (case-insensitive).
    pub fn is(&self, essence: &str) -> bool {
        essence.split_once('/').is_some_and(|(t, s)| {
            self.ty.eq_ignore_ascii_case(t) && self.subtype.eq_ignore_ascii_case(s)
        })
    }

    /// The parameters in order, names in lower case.
    pub fn params(&self) -> impl Iterator<Item = (&str, &str)> {
        self.params.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// The first parameter named `name` (case-insensitive).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Sets a parameter, replacing one of the same name.
    pub fn set_param(&mut self, name: &str, value: &str) -> &mut Self {
        let name = name.to_ascii_lowercase();
        match self.params.iter_mut().find(|(n, _)| *n == name) {
            Some(p) => p.1 = value.to_owned(),
            None => self.params.push((name, value.to_owned())),
        }
        self
    }

    /// Builder form of [`MediaType::set_param`].
    #[must_use]
    pub fn with_param(mut self, name: &str, value: &str) -> Self {
        self.set_param(name, value);
        self
    }

    /// Removes a parameter.
    pub fn remove_param(&mut self, name: &str) -> Option<String> {
        let i = self
            .params
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case(name))?;
        Some(self.params.remove(i).1)
    }

    /// True for `multipart/related`.
    pub fn is_multipart_related(&self) -> bool {
        self.ty == "multipart" && self.subtype == "related"
    }

    /// The `boundary` parameter (RFC 2046 §5.1.1).
    pub fn boundary(&self) -> Result<Boundary, Error> {
        match self.param("boundary") {
            Some(b) => Boundary::parse(b),
            None => Err(Error::new(
                ErrorKind::InvalidMediaType("no boundary parameter"),
                Position::None,
            )
            .with_detail(self.to_string())),
        }
    }

    /// The `type` parameter of a `multipart/related` type (RFC 2387 §3.1), as a media type,
    /// with any parameters that were inside its quotes.
    pub fn related_type(&self) -> Option<MediaType> {
        let t = self.param("type")?;
        MediaType::parse(t).ok()
    }

    /// The `transfer-syntax` parameter (PS3.18 §8.7.3.5.2): on this type, or, for
    /// `multipart/related`, inside the quoted `type` value.
    pub fn transfer_syntax(&self) -> Option<String> {
        if let Some(ts) = self.param("transfer-syntax") {
            return Some(ts.to_owned());
        }
        if self.is_multipart_related() {
            return self
                .related_type()
                .and_then(|t| t.param("transfer-syntax").map(str::to_owned));
        }
        None
    }

    /// The `charset` parameter.
    pub fn charset(&self) -> Option<&str> {
        self.param("charset")
    }

    /// True when this (a media range, possibly with `*`) matches `other`: type and subtype
    /// equal or wildcards, and every parameter of the range present with the same value in
    /// `other` (case-insensitive; `transfer-syntax=*` matches any; the `q` weight ignored).
    pub fn matches(&self, other: &MediaType) -> bool {
        let type_ok = self.ty == "*" || self.ty == other.ty;
        let sub_ok = self.subtype == "*" || self.subtype == other.subtype;
        if !(type_ok && sub_ok) {
            return false;
        }
        self.params.iter().all(|(n, v)| {
            if n == "q" {
                return true;
            }
            if n == "transfer-syntax" && v == "*" {
                return true;
            }
            if n == "type" && other.is_multipart_related() {
                let (Ok(a), Some(b)) = (MediaType::parse(v), other.related_type()) else {
                    return false;
                };
                return a.ty == b.ty && a.subtype == b.subtype;
            }
            let theirs = if n == "transfer-syntax" {
                other.transfer_syntax()
            } else {
                other.param(n).map(str::to_owned)
            };
            theirs.is_some_and(|t| t.eq_ignore_ascii_case(v))
        })
    }
}

fn write_value(f: &mut fmt::Formatter<'_>, v: &str) -> fmt::Result {
    if !v.is_empty() && v.bytes().all(is_tchar) {
        f.write_str(v)
    } else {
        f.write_str("\"")?;
        for c in v.chars() {
            if c == '"' || c == '\\' {
                f.write_str("\\")?;
            }
            write!(f, "{c}")?;
        }
        f.write_str("\"")
    }
}

impl fmt::Display for MediaType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.ty, self.subtype)?;
        for (n, v) in &self.params {
            write!(f, "; {n}=")?;
            write_value(f, v)?;
        }
        Ok(())
    }
}

impl std::str::FromStr for MediaType {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for MediaType {
    type Error = Error;
    fn try_from(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of one header value, refused when longer than
    /// [`Limits::max_header_value_bytes`].
    fn new(s: &'a str, limits: &Limits) -> Result<Self, Error> {
        if s.len() > limits.max_header_value_bytes {
            return Err(Error::new(
                ErrorKind::LimitExceeded(Limit::HeaderValueBytes),
                Position::Char(limits.max_header_value_bytes),
            ));
        }
        Ok(Cursor {
            s: s.as_bytes(),
            i: 0,
        })
    }
}

impl Cursor<'_> {
    fn err(&self, what: &'static str) -> Error {
        Error::new(ErrorKind::InvalidMediaType(what), Position::Char(self.i))
            .with_detail(String::from_utf8_lossy(self.s).into_owned())
    }
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn at_end(&self) -> bool {
        self.i >= self.s.len()
    }
    fn ows(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }
    fn token(&mut self) -> &str {
        let start = self.i;
        while self.peek().is_some_and(is_tchar) {
            self.i += 1;
        }
        std::str::from_utf8(self.s.get(start..self.i).unwrap_or_default()).unwrap_or_default()
    }
    fn quoted(&mut self) -> Result<String, Error> {
        // At the opening quote.
        self.i += 1;
        let mut out = Vec::new();
        loop {
            match self.peek() {
                None => return Err(self.err("unterminated quoted string")),
                Some(b'"') => {
                    self.i += 1;
                    break;
                }
                Some(b'\\') => {
                    self.i += 1;
                    match self.peek() {
                        Some(c) => out.push(c),
                        None => return Err(self.err("unterminated quoted string")),
                    }
                    self.i += 1;
                }
                Some(b'\r' | b'\n') => return Err(self.err("line break in quoted string")),
                Some(c) => {
                    out.push(c);
                    self.i += 1;
                }
            }
        }
        String::from_utf8(out).map_err(|_| self.err("quoted string is not UTF-8"))
    }
    fn unquoted(&mut self) -> String {
        let start = self.i;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_graphic() && !matches!(b, b';' | b',' | b'"'))
        {
            self.i += 1;
        }
        String::from_utf8_lossy(self.s.get(start..self.i).unwrap_or_default()).into_owned()
    }

    /// `type "/" subtype *( OWS ";" OWS parameter )`; in a list, stops before a top-level `,`.
    fn media_type(&mut self, in_list: bool, limits: &Limits) -> Result<MediaType, Error> {
        self.ows();
        let ty = self.token().to_ascii_lowercase();
        if ty.is_empty() {
            return Err(self.err("missing type"));
        }
        if self.peek() != Some(b'/') {
            return Err(self.err("missing '/' after the type"));
        }
        self.i += 1;
        let subtype = self.token().to_ascii_lowercase();
        if subtype.is_empty() {
            return Err(self.err("missing subtype"));
        }
        if ty == "*" && subtype != "*" {
            return Err(self.err("'*/subtype' is not a media range"));
        }
        let mut mt = MediaType {
            ty,
            subtype,
            params: Vec::new(),
        };
        loop {
            self.ows();
            match self.peek() {
                None => return Ok(mt),
                Some(b',') if in_list => return Ok(mt),
                Some(b';') => self.i += 1,
                Some(_) => return Err(self.err("expected ';'")),
            }
            self.ows();
            match self.peek() {
                None => return Ok(mt),
                Some(b',') if in_list => return Ok(mt),
                Some(b';') => continue,
                _ => {}
            }
            let name = self.token().to_ascii_lowercase();
            if name.is_empty() {
                return Err(self.err("missing parameter name"));
            }
            self.ows();
            if self.peek() != Some(b'=') {
                return Err(self.err("missing '=' after the parameter name"));
            }
            self.i += 1;
            self.ows();
            let value = if self.peek() == Some(b'"') {
                self.quoted()?
            } else {
                let v = self.unquoted();
                if v.is_empty() {
                    return Err(self.err("empty parameter value"));
                }
                v
            };
            if mt.params.len() >= limits.max_media_ranges {
                return Err(Error::new(
                    ErrorKind::LimitExceeded(Limit::MediaRanges),
                    Position::Char(self.i),
                ));
            }
            mt.params.push((name, value));
        }
    }
}

/// One media range of an `Accept` value, with its weight.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MediaRange {
    /// The range (`*/*`, `image/*` or a media type), without the `q` parameter.
    pub media_type: MediaType,
    /// The weight in thousandths: `q=0.5` is 500; absent is 1000 (RFC 9110 §12.4.2).
    pub q: u16,
}

impl MediaRange {
    /// How specific the range is: 0 for `*/*`, 1 for `type/*`, 2 for a type, plus the number
    /// of its parameters (RFC 9110 §12.5.1).
    pub fn specificity(&self) -> usize {
        let mt = &self.media_type;
        if mt.ty == "*" {
            0
        } else if mt.subtype == "*" {
            1
        } else {
            2 + mt.params.len()
        }
    }
}

impl fmt::Display for MediaRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.media_type)?;
        if self.q != 1000 {
            let whole = self.q / 1000;
            let frac = format!("{:03}", self.q % 1000);
            let frac = frac.trim_end_matches('0');
            if frac.is_empty() {
                write!(f, "; q={whole}")?;
            } else {
                write!(f, "; q={whole}.{frac}")?;
            }
        }
        Ok(())
    }
}

fn parse_q(v: &str) -> Option<u16> {
    // RFC 9110 §12.4.2: ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut f = 0u16;
    for (k, b) in frac.bytes().enumerate() {
        f += u16::from(b - b'0') * [100, 10, 1].get(k).copied().unwrap_or(0);
    }
    match int {
        "0" => Some(f),
        "1" if f == 0 => Some(1000),
        _ => None,
    }
}

/// An `Accept` header value ([RFC 9110 §12.5.1], PS3.18 §8.7.5): media ranges with weights.
///
/// [RFC 9110 §12.5.1]: https://www.rfc-editor.org/rfc/rfc9110#section-12.5.1
///
/// ```
/// use dicomweb_types::{Accept, MediaType};
/// let accept = Accept::parse(r#"multipart/related; type="application/dicom"; transfer-syntax=*, application/dicom+json;q=0.5"#)?;
/// assert_eq!(accept.ranges().len(), 2);
/// assert_eq!(accept.ranges()[1].q, 500);
/// assert_eq!(accept.ranges()[0].media_type.transfer_syntax().as_deref(), Some("*"));
/// # Ok::<(), dicomweb_types::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Accept {
    ranges: Vec<MediaRange>,
}

impl Accept {
    /// Parses one `Accept` value with default [`Limits`].
    pub fn parse(s: &str) -> Result<Self, Error> {
        Self::parse_with_limits(s, &Limits::default())
    }

    /// Parses one `Accept` value. Empty list elements (`a, ,b`) are skipped (RFC 9110 §5.6.1).
    pub fn parse_with_limits(s: &str, limits: &Limits) -> Result<Self, Error> {
        let mut accept = Accept::default();
        accept.extend_from(s, limits)?;
        Ok(accept)
    }

    /// Parses several `Accept` header lines as one list (RFC 9110 §5.3).
    pub fn parse_all<'s>(
        values: impl IntoIterator<Item = &'s str>,
        limits: &Limits,
    ) -> Result<Self, Error> {
        let mut accept = Accept::default();
        for v in values {
            accept.extend_from(v, limits)?;
        }
        Ok(accept)
    }

    fn extend_from(&mut self, s: &str, limits: &Limits) -> Result<(), Error> {
        let mut cur = Cursor::new(s, limits)?;
        loop {
            cur.ows();
            match cur.peek() {
                None => return Ok(()),
                Some(b',') => {
                    cur.i += 1;
                    continue;
                }
                _ => {}
            }
            let start = cur.i;
            let mut mt = cur.media_type(true, limits)?;
            // RFC 9110 §12.5.1: the first `q` is the weight; what follows it are accept
            // extensions, not media type parameters, and are dropped.
            let q_at = mt.params.iter().position(|(n, _)| n == "q");
            let q_value = q_at.and_then(|i| mt.params.get(i).map(|(_, v)| v.clone()));
            if let Some(i) = q_at {
                mt.params.truncate(i);
            }
            let q = match q_value {
                None => 1000,
                Some(v) => parse_q(&v).ok_or_else(|| {
                    Error::new(
                        ErrorKind::InvalidMediaType("invalid q weight"),
                        Position::Char(start),
                    )
                    .with_detail(v)
                })?,
            };
            if self.ranges.len() >= limits.max_media_ranges {
                return Err(Error::new(
                    ErrorKind::LimitExceeded(Limit::MediaRanges),
                    Position::Char(start),
                ));
            }
            self.ranges.push(MediaRange { media_type: mt, q });
        }
    }

    /// An `Accept` with one range of weight 1.
    pub fn new(media_type: MediaType) -> Self {
        Accept {
            ranges: vec![MediaRange {
                media_type,
                q: 1000,
            }],
        }
    }

    /// Adds a range with weight `q` (thousandths, at most 1000).
    #[must_use]
    pub fn with(mut self, media_type: MediaType, q: u16) -> Self {
        self.ranges.push(MediaRange {
            media_type,
            q: q.min(1000),
        });
        self
    }

    /// The ranges in the order received.
    pub fn ranges(&self) -> &[MediaRange] {
        &self.ranges
    }

    /// True when there are no ranges (an absent or empty header).
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// The weight the client gives `candidate`: that of the most specific matching range
    /// (RFC 9110 §12.5.1), or `None` when no range matches. An empty `Accept` accepts
    /// everything with weight 1000.
    pub fn weight_of(&self, candidate: &MediaType) -> Option<u16> {
        if self.ranges.is_empty() {
            return Some(1000);
        }
        self.ranges
            .iter()
            .filter(|r| r.media_type.matches(candidate))
            .max_by_key(|r| r.specificity())
            .map(|r| r.q)
    }

    /// Chooses the response representation of `payload` (PS3.18 §8.7.5, §8.7.8): among the
    /// representations the origin server offers for it ([`Payload::offers`], in the server's
    /// order of preference, with the transfer syntaxes in `transfer_syntaxes` besides Explicit
    /// VR Little Endian), the one with the highest client weight; ties go to the server's
    /// order. Fails with [`ErrorKind::NotAcceptable`] (406) when nothing has a weight above 0.
    ///
    /// A range with `transfer-syntax=*` is answered with `transfer-syntax=*` (the server sends
    /// what it has stored).
    ///
    /// ```
    /// use dicomweb_types::{Accept, Payload};
    /// let accept = Accept::parse("application/dicom+xml;q=0.9, application/dicom+json")?;
    /// let chosen = accept.negotiate(Payload::Metadata, &[])?;
    /// assert_eq!(chosen.essence(), "application/dicom+json");
    /// let none = Accept::parse("image/png")?.negotiate(Payload::Metadata, &[]);
    /// assert_eq!(none.unwrap_err().status(), 406);
    /// # Ok::<(), dicomweb_types::Error>(())
    /// ```
    pub fn negotiate(
        &self,
        payload: Payload,
        transfer_syntaxes: &[&str],
    ) -> Result<MediaType, Error> {
        let mut best: Option<(u16, MediaType)> = None;
        for candidate in payload.offers(transfer_syntaxes) {
            let Some(q) = self.weight_of(&candidate) else {
                continue;
            };
            if q == 0 {
                continue;
            }
            if best.as_ref().is_none_or(|(bq, _)| q > *bq) {
                best = Some((q, candidate));
            }
        }
        let Some((_, mut chosen)) = best else {
            return Err(
                Error::new(ErrorKind::NotAcceptable, Position::None).with_detail(self.to_string())
            );
        };
        // A wildcard transfer syntax in the winning range means "as stored".
        let star = self.ranges.iter().any(|r| {
            r.q > 0
                && r.media_type.transfer_syntax().as_deref() == Some("*")
                && r.media_type.matches(&chosen)
        });
        if star && chosen.transfer_syntax().is_some() {
            chosen.set_param("transfer-syntax", "*");
        }
        Ok(chosen)
    }
}

impl fmt::Display for Accept {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, r) in self.ranges.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{r}")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for Accept {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

/// What a DICOMweb response carries, which decides the representations a server offers
/// (PS3.18 §8.7.3, §10.4.1 Table 10.4.1-2 (retrieve), §10.6 (search), §10.5 (store), §11 (UPS)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Payload {
    /// Study, series or instance resources: DICOM instances.
    Instances,
    /// Metadata resources: DICOM JSON or XML.
    Metadata,
    /// Bulk data, pixel data and frames.
    Bulkdata,
    /// Rendered and thumbnail resources: consumer formats.
    Rendered,
    /// QIDO-RS search results.
    SearchResults,
    /// The STOW-RS response, UPS workitems and other DICOM JSON/XML bodies.
    DicomJsonOrXml,
}

impl Payload {
    /// The representations an origin server offers, default first (PS3.18 §8.7.3.5: the
    /// default transfer syntax is Explicit VR Little Endian; `transfer_syntaxes` adds others,
    /// `"*"` meaning as stored).
    pub fn offers(self, transfer_syntaxes: &[&str]) -> Vec<MediaType> {
        let related = |t: &str| MediaType::new("multipart", "related").with_param("type", t);
        let default_ts = TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN.uid;
        let mut out = Vec::new();
        match self {
            Payload::Instances => {
                for ts in std::iter::once(default_ts).chain(transfer_syntaxes.iter().copied()) {
                    out.push(
                        related(MediaType::APPLICATION_DICOM).with_param("transfer-syntax", ts),
                    );
                }
                out.push(
                    MediaType::new("application", "dicom")
                        .with_param("transfer-syntax", default_ts),
                );
            }
            Payload::Metadata | Payload::SearchResults | Payload::DicomJsonOrXml => {
                out.push(MediaType::new("application", "dicom+json"));
                out.push(related(MediaType::APPLICATION_DICOM_XML));
                out.push(MediaType::new("application", "dicom+xml"));
                out.push(MediaType::new("application", "json"));
            }
            Payload::Bulkdata => {
                out.push(
                    related(MediaType::APPLICATION_OCTET_STREAM)
                        .with_param("transfer-syntax", default_ts),
                );
                for ts in transfer_syntaxes {
                    let mt = TransferSyntax::lookup(ts)
                        .map(|t| t.pixel_media_type)
                        .unwrap_or(MediaType::APPLICATION_OCTET_STREAM);
                    out.push(related(mt).with_param("transfer-syntax", ts));
                }
                out.push(MediaType::new("application", "octet-stream"));
            }
            Payload::Rendered => {
                for t in [
                    MediaType::IMAGE_JPEG,
                    MediaType::IMAGE_PNG,
                    MediaType::IMAGE_GIF,
                    MediaType::IMAGE_JP2,
                    MediaType::VIDEO_MPEG,
                    MediaType::VIDEO_MP4,
                    "text/html",
                    "text/plain",
                    "application/pdf",
                ] {
                    if let Ok(mt) = MediaType::parse(t) {
                        out.push(mt);
                    }
                }
            }
        }
        out
    }
}

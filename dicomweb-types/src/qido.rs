//! QIDO-RS (and UPS-RS search) query parameters ([PS3.18 §8.3.4][q]), the `Warning: 299`
//! header model ([PS3.18 §8.4.3][w]) and paging.
//!
//! [q]: https://dicom.nema.org/medical/dicom/current/output/chtml/part18/sect_8.3.4.html
//! [w]: https://dicom.nema.org/medical/dicom/current/output/chtml/part18/sect_8.4.3.html

use crate::attribute::{AttributePath, Tag};
use crate::error::{Error, ErrorKind, Limit, Position};
use crate::percent;
use crate::{Limits, Uid};
use std::fmt;

/// The value of one match key, typed by the attribute's VR (PS3.18 §8.3.4.1, PS3.4 §C.2.2.2).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MatchValue {
    /// An empty value: universal matching (PS3.4 §C.2.2.2.3), or, with
    /// `emptyvaluematching=true`, a match on empty values.
    Universal,
    /// Single value matching.
    Single(String),
    /// Wild card matching: the value holds `*` or `?` (not for UI, DA, TM, DT and numbers).
    Wildcard(String),
    /// UID list matching: UIDs separated by `,` or `\`.
    UidList(Vec<Uid>),
    /// Range matching on DA, TM and DT: `from-to`, `-to` or `from-`.
    Range {
        /// Start of the range, inclusive.
        from: Option<String>,
        /// End of the range, inclusive.
        to: Option<String>,
    },
}

impl MatchValue {
    /// Types a raw query value for an attribute of the given VR (`None`: unknown VR).
    pub fn parse(value: &str, vr: Option<&str>, max_items: usize) -> Result<Self, Error> {
        if value.is_empty() {
            return Ok(MatchValue::Universal);
        }
        match vr {
            Some("UI") => {
                let mut uids = Vec::new();
                for u in value.split([',', '\\']) {
                    if uids.len() >= max_items {
                        return Err(Error::new(
                            ErrorKind::LimitExceeded(Limit::ListItems),
                            Position::None,
                        ));
                    }
                    uids.push(Uid::new(u)?);
                }
                if uids.len() == 1 {
                    return Ok(MatchValue::Single(value.to_owned()));
                }
                Ok(MatchValue::UidList(uids))
            }
            Some(vr @ ("DA" | "TM" | "DT")) => {
                let check = |s: &str| -> Result<(), Error> {
                    let ok = match vr {
                        "DA" => s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()),
                        "TM" => {
                            !s.is_empty()
                                && s.len() <= 13
                                && s.bytes()
                                    .all(|b| b.is_ascii_digit() || b == b'.' || b == b':')
                        }
                        _ => {
                            !s.is_empty()
                                && s.len() <= 26
                                && s.bytes().all(|b| b.is_ascii_digit() || b"+-.".contains(&b))
                        }
                    };
                    if ok {
                        Ok(())
                    } else {
                        Err(Error::new(
                            ErrorKind::InvalidQuery("invalid date/time value"),
                            Position::None,
                        )
                        .with_detail(s))
                    }
                };
                // DT values may carry a "+hhmm"/"-hhmm" offset; a range is split at a '-' that
                // is not inside one (PS3.4 §C.2.2.2.5).
                let split = if vr == "DT" {
                    value
                        .char_indices()
                        .filter(|&(i, c)| c == '-' && (i == 0 || i >= 8))
                        .map(|(i, _)| i)
                        .find(|&i| {
                            let (a, b) = (
                                value.get(..i).unwrap_or(""),
                                value.get(i + 1..).unwrap_or(""),
                            );
                            (a.is_empty() || check(a).is_ok())
                                && (b.is_empty() || check(b).is_ok())
                                && !(a.is_empty() && b.is_empty())
                        })
                } else {
                    value.find('-')
                };
                match split {
                    Some(i) => {
                        let (a, b) = (
                            value.get(..i).unwrap_or(""),
                            value.get(i + 1..).unwrap_or(""),
                        );
                        if a.is_empty() && b.is_empty() {
                            return Err(Error::new(
                                ErrorKind::InvalidQuery("empty range"),
                                Position::None,
                            ));
                        }
                        for s in [a, b] {
                            if !s.is_empty() {
                                check(s)?;
                            }
                        }
                        Ok(MatchValue::Range {
                            from: (!a.is_empty()).then(|| a.to_owned()),
                            to: (!b.is_empty()).then(|| b.to_owned()),
                        })
                    }
                    None => {
                        check(value)?;
                        Ok(MatchValue::Single(value.to_owned()))
                    }
                }
            }
            Some("IS" | "DS" | "US" | "SS" | "UL" | "SL" | "FL" | "FD" | "UV" | "SV") => {
                Ok(MatchValue::Single(value.to_owned()))
            }
            _ if value.contains(['*', '?']) => Ok(MatchValue::Wildcard(value.to_owned())),
            _ => Ok(MatchValue::Single(value.to_owned())),
        }
    }
}

impl fmt::Display for MatchValue {
    /// The value as it goes into a query string (before percent-encoding).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MatchValue::Universal => Ok(()),
            MatchValue::Single(s) | MatchValue::Wildcard(s) => f.write_str(s),
            MatchValue::UidList(u) => {
                for (i, uid) in u.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    f.write_str(uid.as_str())?;
                }
                Ok(())
            }
            MatchValue::Range { from, to } => {
                write!(
                    f,
                    "{}-{}",
                    from.as_deref().unwrap_or(""),
                    to.as_deref().unwrap_or("")
                )
            }
        }
    }
}

/// One `{attributeID}={value}` match key.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MatchKey {
    /// The attribute (possibly inside sequences).
    pub path: AttributePath,
    /// The typed value.
    pub value: MatchValue,
}

/// `includefield` (PS3.18 §8.3.4.3): extra attributes to return, or `all`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum IncludeField {
    /// No `includefield`: the default attributes only.
    #[default]
    Default,
    /// `includefield=all`.
    All,
    /// These attributes too.
    List(Vec<AttributePath>),
}

/// A QIDO-RS query (PS3.18 §8.3.4, Table 8.3.4-1): match keys, `includefield`,
/// `fuzzymatching`, `limit`, `offset`, `emptyvaluematching`, `multiplevaluematching`. The same
/// syntax serves UPS-RS searches and filtered subscriptions.
///
/// Parsing follows the standard's rules and answers errors with 400: unknown attributes, a
/// repeated match key, invalid UIDs in a UID list, invalid dates and ranges, and boolean and
/// integer parameters that are not `true`/`false` or decimal numbers. Building writes tags as
/// `GGGGEEEE` and percent-encodes values (everything but RFC 3986 unreserved characters,
/// `*` and `,`).
///
/// ```
/// use dicomweb_types::qido::{MatchValue, QidoQuery};
/// let q = QidoQuery::parse("PatientID=A%5E1&StudyDate=20200101-20201231&includefield=00081030,StudyID&limit=10&fuzzymatching=true")?;
/// assert_eq!(q.limit, Some(10));
/// assert_eq!(q.matches[1].value, MatchValue::Range { from: Some("20200101".into()), to: Some("20201231".into()) });
/// let mut built = QidoQuery::default();
/// built.add("PatientName", "Doe^J*")?.add("ModalitiesInStudy", "CT")?;
/// built.limit = Some(5);
/// assert_eq!(built.to_query_string(), "00100010=Doe%5EJ*&00080061=CT&limit=5");
/// # Ok::<(), dicomweb_types::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct QidoQuery {
    /// The match keys, in order.
    pub matches: Vec<MatchKey>,
    /// `includefield`.
    pub include: IncludeField,
    /// `fuzzymatching`.
    pub fuzzymatching: Option<bool>,
    /// `limit`: the most results to return.
    pub limit: Option<u64>,
    /// `offset`: results to skip.
    pub offset: Option<u64>,
    /// `emptyvaluematching`.
    pub emptyvaluematching: Option<bool>,
    /// `multiplevaluematching`.
    pub multiplevaluematching: Option<bool>,
    /// The `charset` query parameter (PS3.18 §8.3.3.2).
    pub charset: Option<String>,
    /// The `accept` query parameter (PS3.18 §8.3.3.1).
    pub accept: Option<String>,
}

fn parse_bool(name: &str, v: &str) -> Result<bool, Error> {
    match v {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(
            Error::param(ErrorKind::InvalidQuery("expected true or false"), name).with_detail(v),
        ),
    }
}

fn parse_u64(name: &str, v: &str) -> Result<u64, Error> {
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::param(
            ErrorKind::InvalidQuery("expected a non-negative integer"),
            name,
        )
        .with_detail(v));
    }
    v.parse().map_err(|_| {
        Error::param(ErrorKind::InvalidQuery("integer too large"), name).with_detail(v)
    })
}

impl QidoQuery {
    /// Parses a query string (without the `?`) with default [`Limits`].
    pub fn parse(query: &str) -> Result<Self, Error> {
        Self::parse_with_limits(query, &Limits::default())
    }

    /// Parses a query string (without the `?`).
    pub fn parse_with_limits(query: &str, limits: &Limits) -> Result<Self, Error> {
        let pairs = percent::query_pairs(query, limits.max_query_params)?;
        Self::from_pairs(&pairs, limits)
    }

    /// Builds the query from decoded `(name, value)` pairs.
    pub fn from_pairs(pairs: &[(String, String)], limits: &Limits) -> Result<Self, Error> {
        let mut q = QidoQuery::default();
        for (name, value) in pairs {
            let n = name.as_str();
            match n {
                "includefield" => {
                    for item in value.split(',') {
                        if item == "all" {
                            q.include = IncludeField::All;
                            continue;
                        }
                        let path = AttributePath::parse(item)
                            .map_err(|e| Error::param(e.kind().clone(), n).with_detail(item))?;
                        match &mut q.include {
                            IncludeField::All => {}
                            IncludeField::Default => q.include = IncludeField::List(vec![path]),
                            IncludeField::List(l) => {
                                if l.len() >= limits.max_list_items {
                                    return Err(Error::param(
                                        ErrorKind::LimitExceeded(Limit::ListItems),
                                        n,
                                    ));
                                }
                                l.push(path);
                            }
                        }
                    }
                }
                "fuzzymatching" => q.fuzzymatching = Some(parse_bool(n, value)?),
                "emptyvaluematching" => q.emptyvaluematching = Some(parse_bool(n, value)?),
                "multiplevaluematching" => q.multiplevaluematching = Some(parse_bool(n, value)?),
                "limit" => q.limit = Some(parse_u64(n, value)?),
                "offset" => q.offset = Some(parse_u64(n, value)?),
                "charset" => q.charset = Some(value.clone()),
                "accept" => q.accept = Some(value.clone()),
                _ => {
                    let path =
                        AttributePath::parse(n).map_err(|e| Error::param(e.kind().clone(), n))?;
                    if q.matches.iter().any(|m| m.path == path) {
                        return Err(Error::param(
                            ErrorKind::InvalidQuery("repeated match key"),
                            n,
                        ));
                    }
                    let v = MatchValue::parse(
                        value,
                        crate::attribute::vr_of(path.leaf()),
                        limits.max_list_items,
                    )
                    .map_err(|e| {
                        let mut err = Error::param(e.kind().clone(), n);
                        if let Some(d) = e.detail() {
                            err = err.with_detail(d);
                        }
                        err
                    })?;
                    q.matches.push(MatchKey { path, value: v });
                }
            }
        }
        Ok(q)
    }

    /// Adds a match key by keyword, tag (`ggggeeee`) or dotted path; the value is typed by
    /// the attribute's VR.
    pub fn add(&mut self, attribute: &str, value: &str) -> Result<&mut Self, Error> {
        let path = AttributePath::parse(attribute)?;
        let v = MatchValue::parse(
            value,
            crate::attribute::vr_of(path.leaf()),
            Limits::default().max_list_items,
        )?;
        self.matches.push(MatchKey { path, value: v });
        Ok(self)
    }

    /// Adds an attribute to `includefield`.
    pub fn include(&mut self, attribute: &str) -> Result<&mut Self, Error> {
        let path = AttributePath::parse(attribute)?;
        match &mut self.include {
            IncludeField::All => {}
            IncludeField::Default => self.include = IncludeField::List(vec![path]),
            IncludeField::List(l) => l.push(path),
        }
        Ok(self)
    }

    /// The match key on `tag` at the top level, if any.
    pub fn get(&self, tag: Tag) -> Option<&MatchValue> {
        self.matches
            .iter()
            .find(|m| m.path.tags() == [tag])
            .map(|m| &m.value)
    }

    /// The query string, without the leading `?`.
    pub fn to_query_string(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let enc = |s: &str| percent::encode(s, b"*,");
        for m in &self.matches {
            parts.push(format!("{}={}", m.path, enc(&m.value.to_string())));
        }
        match &self.include {
            IncludeField::Default => {}
            IncludeField::All => parts.push("includefield=all".into()),
            IncludeField::List(l) => {
                let v: Vec<String> = l.iter().map(ToString::to_string).collect();
                parts.push(format!("includefield={}", v.join(",")));
            }
        }
        let flags = [
            ("fuzzymatching", self.fuzzymatching),
            ("emptyvaluematching", self.emptyvaluematching),
            ("multiplevaluematching", self.multiplevaluematching),
        ];
        for (n, v) in flags {
            if let Some(v) = v {
                parts.push(format!("{n}={v}"));
            }
        }
        if let Some(l) = self.limit {
            parts.push(format!("limit={l}"));
        }
        if let Some(o) = self.offset {
            parts.push(format!("offset={o}"));
        }
        if let Some(c) = &self.charset {
            parts.push(format!("charset={}", enc(c)));
        }
        if let Some(a) = &self.accept {
            parts.push(format!("accept={}", enc(a)));
        }
        parts.join("&")
    }
}

impl fmt::Display for QidoQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_query_string())
    }
}

/// One page of search results (PS3.18 §8.3.4.4): which results to return, and whether more
/// remain, in which case the response carries [`Warning::additional_results`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Page {
    /// First result to return (0-based).
    pub start: usize,
    /// One past the last result to return.
    pub end: usize,
    /// More results match than this page returns.
    pub more: bool,
}

impl Page {
    /// The page for `total` matches, the query's `offset` and `limit`, and the server's own
    /// maximum (`server_max`, applied when `limit` is absent or larger).
    pub fn new(total: usize, offset: Option<u64>, limit: Option<u64>, server_max: usize) -> Page {
        let start = usize::try_from(offset.unwrap_or(0))
            .unwrap_or(usize::MAX)
            .min(total);
        let limit = limit
            .map(|l| usize::try_from(l).unwrap_or(usize::MAX))
            .unwrap_or(server_max)
            .min(server_max);
        let end = start.saturating_add(limit).min(total);
        Page {
            start,
            end,
            more: end < total,
        }
    }

    /// The HTTP status of a search response: 204 No Content when the page is empty, else 200
    /// (PS3.18 §10.6.3).
    pub fn status(&self) -> u16 {
        if self.start == self.end { 204 } else { 200 }
    }
}

/// True when a search response means "no results": 204 No Content (PS3.18 §10.6.3), or a 200
/// with an empty JSON array (what Orthanc and others send). Clients should treat both alike.
///
/// ```
/// assert!(dicomweb_types::qido::is_empty_result(204, b""));
/// assert!(dicomweb_types::qido::is_empty_result(200, b" [ ]\n"));
/// assert!(!dicomweb_types::qido::is_empty_result(200, b"[{}]"));
/// ```
pub fn is_empty_result(status: u16, body: &[u8]) -> bool {
    if status == 204 {
        return true;
    }
    if status != 200 {
        return false;
    }
    let trimmed: Vec<u8> = body
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    trimmed == b"[]"
}

/// A `Warning` header ([RFC 7234 §5.5], PS3.18 §8.4.3): `299 {agent} "text"`.
///
/// [RFC 7234 §5.5]: https://www.rfc-editor.org/rfc/rfc7234#section-5.5
///
/// ```
/// use dicomweb_types::qido::Warning;
/// let w = Warning::parse(r#"299 pacs.example: "The fuzzymatching parameter is not supported. Only literal matching has been performed.""#)?;
/// assert_eq!(w.code, 299);
/// assert_eq!(w, Warning::fuzzy_matching_not_supported("pacs.example"));
/// assert_eq!(Warning::parse(&w.to_string())?, w);
/// # Ok::<(), dicomweb_types::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Warning {
    /// The warn-code; DICOMweb uses 299 (Miscellaneous Persistent Warning).
    pub code: u16,
    /// The warn-agent: the server's host and port, or a pseudonym. A trailing `:` is dropped.
    pub agent: String,
    /// The warn-text.
    pub text: String,
}

impl Warning {
    /// A 299 warning.
    pub fn new(agent: &str, text: &str) -> Self {
        Warning {
            code: 299,
            agent: agent.trim_end_matches(':').to_owned(),
            text: text.to_owned(),
        }
    }

    /// PS3.18 §8.3.4.4: more results than the page returns.
    pub fn additional_results(agent: &str) -> Self {
        Self::new(agent, "There are additional results that can be requested.")
    }

    /// PS3.18 §8.3.4.2: fuzzy matching requested but not supported.
    pub fn fuzzy_matching_not_supported(agent: &str) -> Self {
        Self::new(
            agent,
            "The fuzzymatching parameter is not supported. Only literal matching has been performed.",
        )
    }

    /// PS3.18 §8.3.4.3: an `includefield` attribute the server does not support.
    pub fn unsupported_include_field(agent: &str, attribute: &AttributePath) -> Self {
        Self::new(
            agent,
            &format!("The following includefield attribute is not supported: {attribute}"),
        )
    }

    /// PS3.18 §8.3.4.1: a match key the server ignored.
    pub fn unsupported_match_key(agent: &str, attribute: &AttributePath) -> Self {
        Self::new(
            agent,
            &format!("The following attribute is not supported for matching: {attribute}"),
        )
    }

    /// Parses one warning-value: `code SP agent SP quoted-text [SP date]`.
    pub fn parse(s: &str) -> Result<Self, Error> {
        let bad =
            |what, at| Error::new(ErrorKind::InvalidQuery(what), Position::Char(at)).with_detail(s);
        let s_trim = s.trim();
        let (code, rest) = s_trim
            .split_once(' ')
            .ok_or_else(|| bad("no warn-agent in Warning", 0))?;
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("warn-code is not 3 digits", 0));
        }
        let code: u16 = code
            .parse()
            .map_err(|_| bad("warn-code is not 3 digits", 0))?;
        let rest = rest.trim_start();
        let (agent, text) = rest
            .split_once(' ')
            .ok_or_else(|| bad("no warn-text in Warning", 4))?;
        let text = text.trim_start();
        let Some(body) = text.strip_prefix('"') else {
            return Err(bad("warn-text is not quoted", s.len() - text.len()));
        };
        let mut out = String::new();
        let mut chars = body.chars();
        let mut closed = false;
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    if let Some(n) = chars.next() {
                        out.push(n);
                    }
                }
                '"' => {
                    closed = true;
                    break;
                }
                c => out.push(c),
            }
        }
        if !closed {
            return Err(bad("unterminated warn-text", s.len()));
        }
        Ok(Warning {
            code,
            agent: agent.trim_end_matches(':').to_owned(),
            text: out,
        })
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:03} {}: \"", self.code, self.agent)?;
        for c in self.text.chars() {
            if c == '"' || c == '\\' {
                f.write_str("\\")?;
            }
            write!(f, "{c}")?;
        }
        f.write_str("\"")
    }
}

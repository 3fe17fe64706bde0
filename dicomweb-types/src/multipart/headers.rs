//! The header block of one body part ([RFC 2046 §5.1.1][r], [RFC 2045 §3][h]).
//!
//! [r]: https://www.rfc-editor.org/rfc/rfc2046#section-5.1.1
//! [h]: https://www.rfc-editor.org/rfc/rfc2045#section-3

use crate::error::{Error, ErrorKind};
use std::borrow::Cow;
use std::fmt;

/// The header fields of one part, as received: `name: value` lines (folded lines allowed),
/// kept verbatim and looked up case-insensitively. Borrowed from the input when the whole block
/// was in one input, owned otherwise ([`PartHeaders::into_owned`]).
///
/// ```
/// use dicomweb_types::multipart::PartHeaders;
/// let h = PartHeaders::parse(b"Content-Type: application/dicom\r\ncontent-id: <a@b>").unwrap();
/// assert_eq!(h.content_type().as_deref(), Some("application/dicom"));
/// assert_eq!(h.content_id().as_deref(), Some("<a@b>"));
/// assert_eq!(h.len(), 2);
/// ```
#[derive(Clone, PartialEq, Eq, Default)]
pub struct PartHeaders<'a> {
    raw: Cow<'a, str>,
}

fn is_token(b: u8) -> bool {
    crate::media_type::is_tchar(b)
}

impl<'a> PartHeaders<'a> {
    /// No header fields (a part that starts with an empty line).
    pub fn empty() -> PartHeaders<'static> {
        PartHeaders {
            raw: Cow::Borrowed(""),
        }
    }

    /// Checks a header block: the lines between the delimiter's CRLF and the empty line,
    /// without the final CRLF. Each line is `name ":" value` or a continuation line that
    /// starts with a space or tab; no bare CR or LF.
    pub fn parse(raw: &'a [u8]) -> Result<Self, Error> {
        Self::parse_at(raw, 0, None)
    }

    pub(crate) fn parse_at(raw: &'a [u8], base: u64, part: Option<usize>) -> Result<Self, Error> {
        let text = std::str::from_utf8(raw).map_err(|e| {
            Error::at(
                ErrorKind::InvalidHeader("not UTF-8"),
                base + e.valid_up_to() as u64,
                part,
            )
        })?;
        if text.is_empty() {
            return Ok(PartHeaders {
                raw: Cow::Borrowed(text),
            });
        }
        let bytes = text.as_bytes();
        let mut pos = 0usize;
        let mut first = true;
        loop {
            let rest = bytes.get(pos..).unwrap_or_default();
            let (line, next) = match memchr::memchr2(b'\r', b'\n', rest) {
                None => (rest, None),
                Some(i) => {
                    if rest.get(i) == Some(&b'\r') && rest.get(i + 1) == Some(&b'\n') {
                        (rest.get(..i).unwrap_or_default(), Some(pos + i + 2))
                    } else {
                        return Err(Error::at(
                            ErrorKind::InvalidHeader("bare CR or LF"),
                            base + (pos + i) as u64,
                            part,
                        ));
                    }
                }
            };
            let at = |k: usize| base + (pos + k) as u64;
            if matches!(line.first(), Some(b' ' | b'\t')) {
                if first {
                    return Err(Error::at(
                        ErrorKind::InvalidHeader("continuation line before the first field"),
                        at(0),
                        part,
                    ));
                }
            } else {
                let Some(colon) = memchr::memchr(b':', line) else {
                    return Err(Error::at(ErrorKind::InvalidHeader("no colon"), at(0), part));
                };
                let name = line.get(..colon).unwrap_or_default();
                if name.is_empty() {
                    return Err(Error::at(
                        ErrorKind::InvalidHeader("empty field name"),
                        at(0),
                        part,
                    ));
                }
                if let Some(i) = name.iter().position(|&b| !is_token(b)) {
                    return Err(Error::at(
                        ErrorKind::InvalidHeader("character not allowed in field name"),
                        at(i),
                        part,
                    ));
                }
            }
            first = false;
            match next {
                Some(n) => pos = n,
                None => break,
            }
        }
        Ok(PartHeaders {
            raw: Cow::Borrowed(text),
        })
    }

    /// A block already checked by the parser.
    pub(crate) fn trusted(text: &'a str) -> Self {
        PartHeaders {
            raw: Cow::Borrowed(text),
        }
    }

    /// Builds a header block from fields (checked like [`PartHeaders::parse`]).
    pub fn from_fields<'n, I>(fields: I) -> Result<PartHeaders<'static>, Error>
    where
        I: IntoIterator<Item = (&'n str, &'n str)>,
    {
        let mut raw = String::new();
        for (name, value) in fields {
            if !raw.is_empty() {
                raw.push_str("\r\n");
            }
            raw.push_str(name);
            raw.push_str(": ");
            raw.push_str(value);
        }
        PartHeaders::parse(raw.as_bytes())?;
        Ok(PartHeaders {
            raw: Cow::Owned(raw),
        })
    }

    /// The block as received, lines separated by CRLF, without the final empty line.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// An owned copy.
    pub fn into_owned(self) -> PartHeaders<'static> {
        PartHeaders {
            raw: Cow::Owned(self.raw.into_owned()),
        }
    }

    /// The fields in order: name as received, value with surrounding whitespace removed and
    /// folded lines joined by a single space.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Cow<'_, str>)> + '_ {
        Fields { rest: &self.raw }
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// True when there are no fields.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// The first field named `name` (ASCII case-insensitive).
    pub fn get(&self, name: &str) -> Option<Cow<'_, str>> {
        self.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// `Content-Type` (RFC 2045 §5), the part's media type with its parameters.
    pub fn content_type(&self) -> Option<Cow<'_, str>> {
        self.get("content-type")
    }

    /// `Content-Location` (RFC 2557 §4.2; PS3.18 §8.6.1.2), the part's URL.
    pub fn content_location(&self) -> Option<Cow<'_, str>> {
        self.get("content-location")
    }

    /// `Content-ID` (RFC 2045 §7).
    pub fn content_id(&self) -> Option<Cow<'_, str>> {
        self.get("content-id")
    }

    /// `Content-Length`, when present and a decimal number. The parser frames parts by the
    /// boundary alone (RFC 2046 §5.1.1); this is the sender's claim.
    pub fn content_length(&self) -> Option<u64> {
        self.get("content-length")
            .and_then(|v| v.parse::<u64>().ok())
    }
}

struct Fields<'h> {
    rest: &'h str,
}

impl<'h> Iterator for Fields<'h> {
    type Item = (&'h str, Cow<'h, str>);
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.rest.is_empty() {
                return None;
            }
            // One field: its first line and any continuation lines.
            let mut end = self.rest.len();
            let mut search = 0;
            while let Some(i) = self.rest.get(search..).and_then(|s| s.find("\r\n")) {
                let crlf = search + i;
                let next = self.rest.as_bytes().get(crlf + 2).copied();
                if matches!(next, Some(b' ' | b'\t')) {
                    search = crlf + 2;
                } else {
                    end = crlf;
                    break;
                }
            }
            let field = self.rest.get(..end).unwrap_or("");
            self.rest = self.rest.get(end + 2..).unwrap_or("");
            let Some((name, value)) = field.split_once(':') else {
                continue;
            };
            let value = value.trim_matches([' ', '\t', '\r', '\n']);
            let value = if value.contains("\r\n") {
                let mut s = String::with_capacity(value.len());
                for (k, piece) in value.split("\r\n").enumerate() {
                    if k > 0 {
                        s.push(' ');
                    }
                    s.push_str(piece.trim_matches([' ', '\t']));
                }
                Cow::Owned(s)
            } else {
                Cow::Borrowed(value)
            };
            return Some((name, value));
        }
    }
}

impl fmt::Debug for PartHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

//! Percent-encoding of URL paths and queries (RFC 3986 §2.1).

use crate::error::{Error, ErrorKind, Position};

/// Decodes `%XX` escapes. `+` is kept as is (RFC 3986 gives it no meaning in a query; PS3.18
/// §8.3.4 queries encode a space as `%20`). The result must be UTF-8.
pub(crate) fn decode(s: &str, pos: &dyn Fn() -> Position) -> Result<String, Error> {
    if !s.contains('%') {
        return Ok(s.to_owned());
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let hex = |k: usize| b.get(k).and_then(|&h| (h as char).to_digit(16));
            match (hex(i + 1), hex(i + 2)) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                }
                _ => {
                    return Err(Error::new(ErrorKind::InvalidPercentEncoding, pos()).with_detail(s));
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    String::from_utf8(out)
        .map_err(|_| Error::new(ErrorKind::InvalidPercentEncoding, pos()).with_detail(s))
}

/// Encodes everything but RFC 3986 unreserved characters and those in `keep`.
pub(crate) fn encode(s: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || keep.contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b & 15)]));
        }
    }
    out
}

/// Splits a query string into decoded `(name, value)` pairs (empty pairs skipped).
pub(crate) fn query_pairs(q: &str, max: usize) -> Result<Vec<(String, String)>, Error> {
    let mut out = Vec::new();
    for pair in q.split('&') {
        if pair.is_empty() {
            continue;
        }
        if out.len() >= max {
            return Err(Error::new(
                ErrorKind::LimitExceeded(crate::Limit::QueryParams),
                Position::None,
            ));
        }
        let (n, v) = pair.split_once('=').unwrap_or((pair, ""));
        let name = decode(n, &|| Position::Param(n.to_owned()))?;
        let value = decode(v, &|| Position::Param(name.clone()))?;
        out.push((name, value));
    }
    Ok(out)
}

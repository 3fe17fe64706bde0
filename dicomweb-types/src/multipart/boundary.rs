//! The boundary parameter ([RFC 2046 §5.1.1][r]).
//!
//! [r]: https://www.rfc-editor.org/rfc/rfc2046#section-5.1.1

use crate::error::{Error, ErrorKind, Position};
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

/// A multipart boundary: 1 to 70 characters, not ending in a space ([RFC 2046 §5.1.1]).
///
/// > `boundary := 0*69<bchars> bcharsnospace`
/// >
/// > `bchars := bcharsnospace / " "`
/// >
/// > `bcharsnospace := DIGIT / ALPHA / "'" / "(" / ")" / "+" / "_" / "," / "-" / "." / "/" / ":" / "=" / "?"`
///
/// [`Boundary::new`] enforces that grammar (use it for bodies you write);
/// [`Boundary::parse`] also accepts any other visible ASCII character, as found in the field
/// (use it for bodies you read).
///
/// [RFC 2046 §5.1.1]: https://www.rfc-editor.org/rfc/rfc2046#section-5.1.1
///
/// ```
/// use dicomweb_types::multipart::Boundary;
/// assert!(Boundary::new("DICOMwebBoundary").is_ok());
/// assert!(Boundary::new("").is_err());
/// assert!(Boundary::new("trailing ").is_err());
/// assert_eq!(Boundary::random().as_str().len(), 32);
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Boundary(String);

/// The longest boundary RFC 2046 §5.1.1 allows.
pub const MAX_BOUNDARY_LEN: usize = 70;

fn is_bchar_nospace(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'\'' | b'(' | b')' | b'+' | b'_' | b',' | b'-' | b'.' | b'/' | b':' | b'=' | b'?'
        )
}

impl Boundary {
    /// A boundary in the strict RFC 2046 grammar.
    pub fn new(s: &str) -> Result<Self, Error> {
        Self::check(s, true)
    }

    /// A boundary as received: 1 to 70 visible ASCII characters or spaces, not ending in a space.
    pub fn parse(s: &str) -> Result<Self, Error> {
        Self::check(s, false)
    }

    fn check(s: &str, strict: bool) -> Result<Self, Error> {
        let err = |w| Error::new(ErrorKind::InvalidBoundary(w), Position::None).with_detail(s);
        if s.is_empty() {
            return Err(err("empty"));
        }
        if s.len() > MAX_BOUNDARY_LEN {
            return Err(err("longer than 70 characters"));
        }
        if s.ends_with(' ') {
            return Err(err("ends with a space"));
        }
        for (i, b) in s.bytes().enumerate() {
            let ok = if strict {
                is_bchar_nospace(b) || b == b' '
            } else {
                b == b' ' || b.is_ascii_graphic()
            };
            if !ok {
                return Err(Error::new(
                    ErrorKind::InvalidBoundary("character not allowed"),
                    Position::Char(i),
                )
                .with_detail(s));
            }
        }
        Ok(Boundary(s.to_owned()))
    }

    /// A fresh random boundary of 32 letters and digits (from the standard library's randomly
    /// seeded hasher; unpredictable enough that a body colliding with it by chance is
    /// negligible, and the encoder checks anyway).
    pub fn random() -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        const ALPHABET: &[u8; 62] =
            b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        let mut out = String::with_capacity(32);
        let state = std::collections::hash_map::RandomState::new();
        let mut round = 0u64;
        while out.len() < 32 {
            let mut h = state.build_hasher();
            h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
            h.write_u64(round);
            if let Ok(d) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
                h.write_u128(d.as_nanos());
            }
            let mut v = h.finish();
            for _ in 0..10 {
                if out.len() == 32 {
                    break;
                }
                let idx = (v % 62) as usize;
                out.push(char::from(ALPHABET.get(idx).copied().unwrap_or(b'0')));
                v /= 62;
            }
            round += 1;
        }
        Boundary(out)
    }

    /// The boundary text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The delimiter that separates parts: `CRLF "--" boundary`.
    pub fn delimiter(&self) -> Vec<u8> {
        let mut d = Vec::with_capacity(self.0.len() + 4);
        d.extend_from_slice(b"\r\n--");
        d.extend_from_slice(self.0.as_bytes());
        d
    }

    /// True when the boundary must be quoted in a `Content-Type` parameter (it has characters
    /// that are not RFC 9110 `tchar`s).
    pub fn needs_quotes(&self) -> bool {
        !self.0.bytes().all(crate::media_type::is_tchar)
    }
}

impl fmt::Display for Boundary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Boundary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Boundary({:?})", self.0)
    }
}

impl std::str::FromStr for Boundary {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

impl AsRef<str> for Boundary {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

//! [`SharedStr`]: the immutable text of a primitive value, usually a slice of the decoded
//! document shared with every other value decoded from it.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

/// Immutable text, either owned or a range of a shared buffer.
///
/// Behaves like a `str` (`Deref<Target = str>`); equality, ordering and hashing are by
/// content. Cloning is cheap (a reference count).
///
/// # Why
/// A Bundle of imaging studies is mostly short strings (UIDs, systems, codes). Copying each one
/// into its own heap block made decoding allocation-bound and left the strings scattered over
/// the heap, which made encoding cache-bound. [`from_str`](crate::from_str) instead copies the
/// document into reference-counted chunks of about 32 KB as it goes, and every string without
/// JSON escapes is a range of a chunk: no allocation per string, and the strings stay in
/// document order.
///
/// # Memory
/// A value decoded from a document keeps the chunk it points into alive for as long as the
/// value (or a clone of it) lives: keeping one `Coding` out of a 10 MB Bundle keeps about
/// 32 KB. When that matters, [`SharedStr::detach`] copies the text into a buffer of its own.
/// Values built in code (`Code::from("final")`) own their text from the start.
///
/// ```
/// use fhir_imaging::SharedStr;
/// let s = SharedStr::from("1.2.840.10008.5.1.4.1.1.2");
/// assert_eq!(s, "1.2.840.10008.5.1.4.1.1.2");
/// assert!(s.starts_with("1.2.840"));
/// assert_eq!(s.as_str().len(), 25);
/// let owned: String = s.into();
/// # let _ = owned;
/// ```
#[derive(Clone)]
pub struct SharedStr {
    // A thin pointer (an `Arc<str>` would be two words). With a 32-bit start, a 24-bit length
    // and the `Kind` byte the type is two words, two thirds of a `String`, and the `Kind`
    // byte leaves a niche so that `Option<Prim<_>>` is no larger than `Prim<_>`. Ranges
    // longer than 16 MiB are copied into a buffer of their own.
    buf: Arc<Buf>,
    // For `Kind::Range`, the range `start..start + len` of `buf`, on char boundaries.
    start: u32,
    len_lo: u16,
    len_hi: u8,
    kind: Kind,
}

/// The shared text.
pub(crate) type Buf = Box<str>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The value is all of `buf`.
    Owned,
    /// The value is a range of `buf`.
    Range,
}

/// Longest range kept as a slice (24-bit length).
const MAX_RANGE: usize = (1 << 24) - 1;

impl SharedStr {
    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        if self.kind == Kind::Owned {
            return &self.buf;
        }
        let start = self.start as usize;
        let len = usize::from(self.len_lo) | (usize::from(self.len_hi) << 16);
        // The range is checked when the value is made; `get` keeps this panic-free anyway.
        self.buf.get(start..start + len).unwrap_or_default()
    }

    /// Whether this value is a range of a larger buffer (part of a decoded document) that it
    /// keeps alive.
    pub fn is_shared(&self) -> bool {
        self.kind == Kind::Range
    }

    /// Copy the text into a buffer of its own if it shares a larger one, so that it no
    /// longer keeps (part of) the decoded document alive.
    ///
    /// ```
    /// let study: fhir_imaging::r4::Patient =
    ///     fhir_imaging::from_str(r#"{"resourceType":"Patient","gender":"male"}"#)?;
    /// let mut gender = study.gender.unwrap().value.unwrap();
    /// assert!(gender.is_shared());
    /// gender.detach();
    /// assert!(!gender.is_shared());
    /// assert_eq!(gender, "male");
    /// # Ok::<(), fhir_imaging::Error>(())
    /// ```
    pub fn detach(&mut self) {
        if self.is_shared() {
            *self = SharedStr::from(self.as_str());
        }
    }

    /// A range of a shared buffer; `None` if the range is not on char boundaries of `buf` or
    /// does not fit the 32-bit offsets.
    #[inline]
    pub(crate) fn slice(buf: &Arc<Buf>, start: usize, end: usize) -> Option<SharedStr> {
        buf.get(start..end)?;
        let len = end - start;
        if len > MAX_RANGE {
            return None;
        }
        Some(SharedStr {
            buf: Arc::clone(buf),
            start: u32::try_from(start).ok()?,
            len_lo: (len & 0xffff) as u16,
            len_hi: (len >> 16) as u8,
            kind: Kind::Range,
        })
    }
}

impl Default for SharedStr {
    fn default() -> Self {
        SharedStr::from("")
    }
}

impl Deref for SharedStr {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> Self {
        SharedStr::owned(Box::from(s))
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> Self {
        SharedStr::owned(s.into_boxed_str())
    }
}

impl From<&String> for SharedStr {
    fn from(s: &String) -> Self {
        SharedStr::from(s.as_str())
    }
}

impl From<Box<str>> for SharedStr {
    fn from(s: Box<str>) -> Self {
        SharedStr::owned(s)
    }
}

impl SharedStr {
    fn owned(text: Box<str>) -> Self {
        SharedStr {
            buf: Arc::new(text),
            start: 0,
            len_lo: 0,
            len_hi: 0,
            kind: Kind::Owned,
        }
    }
}

impl From<SharedStr> for String {
    fn from(s: SharedStr) -> Self {
        s.as_str().to_owned()
    }
}

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for SharedStr {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedStr {}

impl PartialOrd for SharedStr {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SharedStr {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for SharedStr {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SharedStr {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<SharedStr> for str {
    fn eq(&self, other: &SharedStr) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<SharedStr> for &str {
    fn eq(&self, other: &SharedStr) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<SharedStr> for String {
    fn eq(&self, other: &SharedStr) -> bool {
        self.as_str() == other.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_share_and_detach() {
        let buf: Arc<Buf> = Arc::new(Box::from("abc\u{e9}def"));
        let s = SharedStr::slice(&buf, 1, 3).unwrap_or_default();
        assert_eq!(s, "bc");
        assert!(s.is_shared());
        assert_eq!(Arc::strong_count(&buf), 2);
        // Not on a char boundary (é is two bytes at 3..5).
        assert!(SharedStr::slice(&buf, 4, 5).is_none());
        let mut d = s.clone();
        d.detach();
        assert!(!d.is_shared());
        assert_eq!(d, s);
        drop(s);
        assert_eq!(Arc::strong_count(&buf), 1);
        assert_eq!(format!("{d:?} {d}"), "\"bc\" bc");
    }
}

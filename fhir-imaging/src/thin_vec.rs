//! [`ThinVec`]: a one-pointer list for members that are usually absent.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::{Deref, DerefMut};

/// A list that takes one pointer when empty (a `Vec` takes three), for members that almost
/// every element has and almost no document uses: `extension`, `modifierExtension` and the
/// lenient decoder's `unknown` members. A Coding or an ImagingStudy instance carries these on
/// every occurrence; thin lists keep such hot structs small.
///
/// It derefs to a slice (`len`, `is_empty`, `iter`, indexing, ...) and converts from and to
/// `Vec`; [`as_mut_vec`](ThinVec::as_mut_vec) gives the full `Vec` API.
///
/// ```
/// use fhir_imaging::{Extension, ExtensionValue, ThinVec};
/// let mut exts: ThinVec<Extension> = ThinVec::new();
/// assert!(exts.is_empty());
/// exts.push(Extension::new("http://example.org/x", ExtensionValue::Boolean(true.into())));
/// assert_eq!(exts.len(), 1);
/// let v: Vec<Extension> = exts.into();
/// let back = ThinVec::from(v);
/// assert_eq!(back.len(), 1);
/// ```
#[allow(
    clippy::box_collection,
    reason = "the point: one pointer when empty, where a Vec is three words"
)]
pub struct ThinVec<T>(Option<Box<Vec<T>>>);

impl<T> ThinVec<T> {
    /// An empty list (no allocation).
    pub const fn new() -> Self {
        ThinVec(None)
    }

    /// Append an element.
    pub fn push(&mut self, value: T) {
        self.as_mut_vec().push(value);
    }

    /// Remove and return the last element.
    pub fn pop(&mut self) -> Option<T> {
        self.0.as_mut().and_then(|v| v.pop())
    }

    /// Remove every element (and free the storage).
    pub fn clear(&mut self) {
        self.0 = None;
    }

    /// The elements as a slice.
    #[inline]
    pub fn as_slice(&self) -> &[T] {
        match &self.0 {
            Some(v) => v,
            None => &[],
        }
    }

    /// The elements as a `Vec`, allocated on first use.
    pub fn as_mut_vec(&mut self) -> &mut Vec<T> {
        self.0.get_or_insert_with(Box::default)
    }

    /// The elements as a `Vec`.
    pub fn into_vec(self) -> Vec<T> {
        self.0.map(|b| *b).unwrap_or_default()
    }
}

impl<T> Default for ThinVec<T> {
    fn default() -> Self {
        ThinVec::new()
    }
}

impl<T: Clone> Clone for ThinVec<T> {
    fn clone(&self) -> Self {
        ThinVec::from(self.as_slice().to_vec())
    }
}

impl<T: fmt::Debug> fmt::Debug for ThinVec<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl<T: PartialEq> PartialEq for ThinVec<T> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Eq> Eq for ThinVec<T> {}

impl<T: PartialEq> PartialEq<Vec<T>> for ThinVec<T> {
    fn eq(&self, other: &Vec<T>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Hash> Hash for ThinVec<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state)
    }
}

impl<T> Deref for ThinVec<T> {
    type Target = [T];
    #[inline]
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T> DerefMut for ThinVec<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        match &mut self.0 {
            Some(v) => v,
            None => &mut [],
        }
    }
}

impl<T> From<Vec<T>> for ThinVec<T> {
    fn from(v: Vec<T>) -> Self {
        if v.is_empty() {
            ThinVec(None)
        } else {
            ThinVec(Some(Box::new(v)))
        }
    }
}

impl<T> From<ThinVec<T>> for Vec<T> {
    fn from(v: ThinVec<T>) -> Self {
        v.into_vec()
    }
}

impl<T> FromIterator<T> for ThinVec<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        ThinVec::from(iter.into_iter().collect::<Vec<T>>())
    }
}

impl<T> Extend<T> for ThinVec<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        let mut it = iter.into_iter().peekable();
        if it.peek().is_some() {
            self.as_mut_vec().extend(it);
        }
    }
}

impl<T> IntoIterator for ThinVec<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl<'a, T> IntoIterator for &'a ThinVec<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl<'a, T> IntoIterator for &'a mut ThinVec<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.deref_mut().iter_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::ThinVec;

    #[test]
    fn empty_is_one_pointer_and_equal_however_emptied() {
        assert_eq!(size_of::<ThinVec<String>>(), size_of::<usize>());
        let mut a: ThinVec<u8> = ThinVec::new();
        a.push(1);
        assert_eq!(a.pop(), Some(1));
        // Emptied (an allocated empty Vec) still equals never-used.
        assert_eq!(a, ThinVec::new());
        a.extend([2, 3]);
        assert_eq!(a.iter().copied().collect::<Vec<_>>(), vec![2, 3]);
        a.clear();
        assert!(a.is_empty());
    }
}

//! Tag paths: where an element sits in a data set, e.g. `(0040,0275)[0].(0008,1150)`.

use dicom_core::Tag;
use std::collections::VecDeque;
use std::fmt;

/// One step of a [`TagPath`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PathSegment {
    /// An attribute.
    Tag(Tag),
    /// An item of the preceding sequence attribute (0-based).
    Item(usize),
}

/// The location of an element: attributes and sequence item indices from the top-level data
/// set down, displayed as `(0040,0275)[0].(0008,1150)`. When decoding a top-level array, the
/// index of the data set in the array is [`TagPath::array_index`] and displays as a `[N]` prefix.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct TagPath {
    array_index: Option<usize>,
    segments: VecDeque<PathSegment>,
}

impl TagPath {
    /// The empty path (the top-level data set).
    pub fn new() -> Self {
        Self::default()
    }

    /// The segments, outermost first.
    pub fn segments(&self) -> impl Iterator<Item = PathSegment> + '_ {
        self.segments.iter().copied()
    }

    /// The index of the data set in a top-level array, if decoding one.
    pub fn array_index(&self) -> Option<usize> {
        self.array_index
    }

    /// `true` for the top-level data set itself.
    pub fn is_empty(&self) -> bool {
        self.segments.is_empty() && self.array_index.is_none()
    }

    /// Append an attribute.
    pub fn push_tag(&mut self, tag: Tag) {
        self.segments.push_back(PathSegment::Tag(tag));
    }

    /// Append an item index.
    pub fn push_item(&mut self, index: usize) {
        self.segments.push_back(PathSegment::Item(index));
    }

    /// Remove the last segment.
    pub fn pop(&mut self) -> Option<PathSegment> {
        self.segments.pop_back()
    }

    /// The last attribute of the path.
    pub fn last_tag(&self) -> Option<Tag> {
        self.segments.iter().rev().find_map(|s| match s {
            PathSegment::Tag(t) => Some(*t),
            PathSegment::Item(_) => None,
        })
    }

    pub(crate) fn push_front_tag(&mut self, tag: Tag) {
        self.segments.push_front(PathSegment::Tag(tag));
    }

    pub(crate) fn push_front_item(&mut self, index: usize) {
        self.segments.push_front(PathSegment::Item(index));
    }

    pub(crate) fn set_array_index(&mut self, index: usize) {
        self.array_index = Some(index);
    }
}

impl fmt::Display for TagPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(i) = self.array_index {
            write!(f, "[{i}]")?;
        }
        let mut first = self.array_index.is_none();
        for s in &self.segments {
            match s {
                PathSegment::Tag(t) => {
                    if !first {
                        f.write_str(".")?;
                    }
                    write!(f, "({:04X},{:04X})", t.group(), t.element())?;
                }
                PathSegment::Item(i) => write!(f, "[{i}]")?,
            }
            first = false;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display() {
        let mut p = TagPath::new();
        p.push_tag(Tag(0x0040, 0x0275));
        p.push_item(0);
        p.push_tag(Tag(0x0008, 0x1150));
        assert_eq!(p.to_string(), "(0040,0275)[0].(0008,1150)");
        p.set_array_index(3);
        assert_eq!(p.to_string(), "[3].(0040,0275)[0].(0008,1150)");
    }
}

//! The owned twin of [`Message`]: build and edit messages, then write ER7.

use crate::error::{Error, ErrorKind, Location};
use crate::message::{canonical_segment, is_header_id};
use crate::path::TersePath;
use crate::{Delimiters, Limits, Message, escape};

/// An owned message for building and storing: segments as ER7 bytes, edited through terse paths.
///
/// Values given to [`MessageBuf::set`] are escaped with the message's delimiters
/// ([`crate::escape::encode`]) and written as UTF-8; set MSH-18 to `UNICODE UTF-8` when they are
/// not ASCII.
///
/// ```
/// use hl7v2_imaging::{Message, MessageBuf};
/// let mut m = MessageBuf::new();
/// m.set("MSH-9", "ORM^O01")?; // set_raw would keep `^` as a component separator
/// m.set_raw("MSH-9", "ORM^O01")?;
/// m.set("PID-5.1", "O'BRIEN|SMITH")?;
/// m.set("PID-3[2].1", "A2")?;
/// let bytes = m.to_bytes();
/// assert_eq!(bytes, b"MSH|^~\\&|||||||ORM^O01\rPID|||~A2||O'BRIEN\\F\\SMITH\r");
/// let msg = Message::parse(&bytes)?;
/// assert_eq!(msg.get("PID-5.1")?.as_deref(), Some("O'BRIEN|SMITH"));
/// assert_eq!(MessageBuf::from(&msg), m);
/// # Ok::<(), hl7v2_imaging::Error>(())
/// ```
///
/// # No `to_ref()`
///
/// The owned twins in this workspace's style offer `to_ref()`, a borrowed view of themselves.
/// `MessageBuf` does not, by design: a [`Message`] is a view over *one contiguous ER7 buffer*
/// (segment spans into the input, the charset and warnings worked out from those bytes), while a
/// `MessageBuf` keeps one `Vec<u8>` per segment so that [`MessageBuf::set`] rewrites one segment
/// without moving the rest of the message. There are no contiguous bytes to borrow, so a view
/// needs them written first, and that is a copy and a parse, which can fail (a pushed raw segment
/// may hold a second `MSH` or a CR, or the message may exceed a [`Limits`]): not the infallible,
/// free `to_ref()` the name promises. Keeping the bytes contiguous instead would make every edit
/// move the tail of the message, and [`MessageBuf::segments`] would have to change. The
/// equivalent is explicit:
///
/// ```
/// use hl7v2_imaging::{Message, MessageBuf};
/// let mut m = MessageBuf::new();
/// m.set_raw("MSH-9", "ADT^A08")?;
/// m.set("PID-5.1", "DOE")?;
/// let er7 = m.to_bytes(); // the one copy
/// let view = Message::parse(&er7)?; // one pass over the segments
/// assert_eq!(view.get("PID-5.1")?.as_deref(), Some("DOE"));
/// assert_eq!(view, m); // PartialEq across the pair; From<&Message> goes back
/// # Ok::<(), hl7v2_imaging::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageBuf {
    delims: Delimiters,
    segments: Vec<Vec<u8>>,
}

impl Default for MessageBuf {
    fn default() -> Self {
        Self::new()
    }
}

impl MessageBuf {
    /// A message holding only `MSH|^~\&`.
    pub fn new() -> Self {
        Self::with_delimiters(Delimiters::default())
    }

    /// A message holding only an MSH with these delimiters.
    pub fn with_delimiters(delims: Delimiters) -> Self {
        let mut msh = b"MSH".to_vec();
        msh.push(delims.field);
        msh.extend(delims.encoding_characters());
        MessageBuf {
            delims,
            segments: vec![msh],
        }
    }

    /// The delimiters.
    pub fn delimiters(&self) -> Delimiters {
        self.delims
    }

    /// The segments' ER7 bytes.
    pub fn segments(&self) -> &[Vec<u8>] {
        &self.segments
    }

    pub(crate) fn segments_vec_mut(&mut self) -> &mut Vec<Vec<u8>> {
        &mut self.segments
    }

    /// Append a segment given as ER7 bytes (no terminator).
    pub fn push_segment_raw(&mut self, raw: impl Into<Vec<u8>>) -> &mut Self {
        self.segments.push(raw.into());
        self
    }

    /// Append an empty segment with this id.
    pub fn push_segment(&mut self, id: &str) -> &mut Self {
        self.segments.push(id.as_bytes().to_vec());
        self
    }

    /// Set the value at a terse path, escaping delimiters in it. A missing segment occurrence
    /// (the next one after the last) is appended; missing fields, repetitions and components
    /// are created empty. `MSH-1` and `MSH-2` cannot be set (they are the delimiters).
    pub fn set(&mut self, path: &str, value: &str) -> Result<&mut Self, Error> {
        let p: TersePath = path.parse()?;
        let escaped = escape::encode(value, &self.delims).into_owned();
        self.set_path_raw(&p, escaped.as_bytes())?;
        Ok(self)
    }

    /// Set ER7 text at a terse path as is (its delimiters act as delimiters).
    pub fn set_raw(&mut self, path: &str, er7: &str) -> Result<&mut Self, Error> {
        let p: TersePath = path.parse()?;
        self.set_path_raw(&p, er7.as_bytes())?;
        Ok(self)
    }

    /// Set raw ER7 bytes at a parsed path.
    pub fn set_path_raw(&mut self, p: &TersePath, raw: &[u8]) -> Result<(), Error> {
        let id = p.segment.0;
        let mut seen = 0;
        let mut index = None;
        for (i, s) in self.segments.iter().enumerate() {
            if s.get(..3) == Some(&id[..]) {
                seen += 1;
                if seen == p.occurrence {
                    index = Some(i);
                    break;
                }
            }
        }
        let index = match index {
            Some(i) => i,
            None if seen + 1 == p.occurrence => {
                self.segments.push(id.to_vec());
                self.segments.len() - 1
            }
            None => {
                return Err(Error::new(
                    ErrorKind::NotSettable("segment occurrence more than one past the last"),
                    Location::default(),
                ));
            }
        };
        let d = self.delims;
        let Some(seg) = self.segments.get_mut(index) else {
            return Err(Error::new(
                ErrorKind::NotSettable("no such segment"),
                Location::default(),
            ));
        };
        let header = is_header_id(seg);
        let part = if header {
            if p.field <= 2 {
                return Err(Error::new(
                    ErrorKind::NotSettable("MSH-1 and MSH-2 are the delimiters"),
                    Location::default().with_field(p.field),
                ));
            }
            p.field - 1
        } else {
            p.field
        };
        let levels: Vec<(u8, usize)> = {
            let mut v = vec![(d.field, part)];
            match (p.repetition, p.component) {
                (Some(r), _) => v.push((d.repetition, r - 1)),
                (None, Some(_)) => v.push((d.repetition, 0)),
                (None, None) => {}
            }
            if let Some(c) = p.component {
                v.push((d.component, c - 1));
                if let Some(s) = p.subcomponent {
                    let Some(sub) = d.subcomponent else {
                        return Err(Error::new(
                            ErrorKind::NotSettable("the message has no subcomponent separator"),
                            Location::default(),
                        ));
                    };
                    v.push((sub, s - 1));
                }
            }
            v
        };
        *seg = replace_nested(seg, &levels, raw);
        Ok(())
    }

    /// Write ER7 with a CR after every segment.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.segments.iter().map(|s| s.len() + 1).sum());
        for s in &self.segments {
            out.extend_from_slice(s);
            out.push(b'\r');
        }
        out
    }

    /// Write canonical ER7: CR terminators, no trailing empty parts.
    pub fn to_canonical(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for s in &self.segments {
            out.extend(canonical_segment(s, &self.delims));
            out.push(b'\r');
        }
        out
    }

    /// Parse bytes into an owned message.
    pub fn parse(input: &[u8]) -> Result<Self, Error> {
        Ok(MessageBuf::from(&Message::parse_with(
            input,
            &Limits::default(),
        )?))
    }
}

fn replace_nested(raw: &[u8], levels: &[(u8, usize)], value: &[u8]) -> Vec<u8> {
    let Some(((sep, idx), rest)) = levels.split_first() else {
        return value.to_vec();
    };
    let mut parts: Vec<Vec<u8>> = raw.split(|b| b == sep).map(<[u8]>::to_vec).collect();
    // Bounded: terse path numbers have at most 6 digits.
    if parts.len() <= *idx {
        parts.resize(idx + 1, Vec::new());
    }
    if let Some(slot) = parts.get_mut(*idx) {
        *slot = replace_nested(slot, rest, value);
    }
    parts.join(sep)
}

impl From<&Message<'_>> for MessageBuf {
    fn from(m: &Message<'_>) -> Self {
        MessageBuf {
            delims: m.delimiters(),
            segments: m.segments().map(|s| s.raw().to_vec()).collect(),
        }
    }
}

impl Message<'_> {
    /// An owned copy.
    pub fn into_owned(&self) -> MessageBuf {
        MessageBuf::from(self)
    }
}

impl PartialEq<Message<'_>> for MessageBuf {
    /// Same delimiters and the same segment bytes (terminators are not compared).
    fn eq(&self, other: &Message<'_>) -> bool {
        self.delims == other.delimiters()
            && self.segments.len() == other.segment_count()
            && self
                .segments
                .iter()
                .zip(other.segments())
                .all(|(a, b)| a == b.raw())
    }
}

impl PartialEq<MessageBuf> for Message<'_> {
    fn eq(&self, other: &MessageBuf) -> bool {
        other == self
    }
}

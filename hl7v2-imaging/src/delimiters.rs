//! The message's delimiters (HL7 v2.5.1 Ch. 2 §2.5.4), read from MSH-1 and MSH-2.

use std::fmt;

/// The delimiters of one message: MSH-1 is the field separator, MSH-2 holds the component,
/// repetition, escape and subcomponent characters, then (v2.7 and later) the truncation
/// character (HL7 v2.5.1 Ch. 2 §2.5.4, v2.7 §2.5.5.2).
///
/// Any distinct bytes other than CR and LF are accepted; MSH-2 may have 3, 4 or 5 characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Delimiters {
    /// Field separator (MSH-1), normally `|`.
    pub field: u8,
    /// Component separator, normally `^`.
    pub component: u8,
    /// Repetition separator, normally `~`.
    pub repetition: u8,
    /// Escape character, normally `\`.
    pub escape: u8,
    /// Subcomponent separator, normally `&`; absent when MSH-2 has 3 characters.
    pub subcomponent: Option<u8>,
    /// Truncation character (v2.7), normally `#`; absent before v2.7.
    pub truncation: Option<u8>,
}

impl Default for Delimiters {
    /// `|^~\&`, the recommended delimiters.
    fn default() -> Self {
        Delimiters {
            field: b'|',
            component: b'^',
            repetition: b'~',
            escape: b'\\',
            subcomponent: Some(b'&'),
            truncation: None,
        }
    }
}

impl Delimiters {
    /// Read the delimiters from MSH-1 (one byte) and MSH-2 (3 to 5 bytes).
    pub fn from_header(field: u8, msh2: &[u8]) -> Result<Self, &'static str> {
        let (component, repetition, escape, sub, trunc) = match *msh2 {
            [c, r, e] => (c, r, e, None, None),
            [c, r, e, s] => (c, r, e, Some(s), None),
            [c, r, e, s, t] => (c, r, e, Some(s), Some(t)),
            [] => return Err("MSH-2 (encoding characters) is empty"),
            [_] | [_, _] => return Err("MSH-2 has fewer than 3 characters"),
            _ => return Err("MSH-2 has more than 5 characters"),
        };
        let d = Delimiters {
            field,
            component,
            repetition,
            escape,
            subcomponent: sub,
            truncation: trunc,
        };
        let all = d.all();
        let n = all.len();
        for (i, a) in all.iter().enumerate() {
            if matches!(a, b'\r' | b'\n') {
                return Err("a delimiter is CR or LF");
            }
            if all.get(i + 1..n).is_some_and(|rest| rest.contains(a)) {
                return Err("delimiters are not distinct");
            }
        }
        Ok(d)
    }

    /// All delimiters in MSH-1, MSH-2 order.
    pub fn all(&self) -> Vec<u8> {
        let mut v = vec![self.field, self.component, self.repetition, self.escape];
        v.extend(self.subcomponent);
        v.extend(self.truncation);
        v
    }

    /// MSH-2 as written: component, repetition, escape, then subcomponent and truncation if any.
    pub fn encoding_characters(&self) -> Vec<u8> {
        let mut v = vec![self.component, self.repetition, self.escape];
        v.extend(self.subcomponent);
        v.extend(self.truncation);
        v
    }

    /// True when `b` is one of the delimiters.
    #[inline]
    pub fn is_delimiter(&self, b: u8) -> bool {
        b == self.field
            || b == self.component
            || b == self.repetition
            || b == self.escape
            || Some(b) == self.subcomponent
            || Some(b) == self.truncation
    }
}

impl fmt::Display for Delimiters {
    /// MSH-1 followed by MSH-2, e.g. `|^~\&`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.all() {
            write!(f, "{}", char::from(b))?;
        }
        Ok(())
    }
}

//! Terse paths: `PID-3[2].1.2`, `OBX[2]-5`, `MSH-9.1` (the syntax of `imaging hl7 get`).

use crate::error::{Error, ErrorKind, Location, SegmentId};
use std::fmt;
use std::str::FromStr;

/// A location in a message: segment id, optional segment occurrence in brackets, field number,
/// optional field repetition in brackets, optional component and subcomponent, all 1-based.
///
/// > `SEG[occurrence]-FIELD[repetition].COMPONENT.SUBCOMPONENT`
///
/// Without a repetition, a path with a component reads the first repetition, and a path without
/// component names the whole field (all repetitions). `FromStr` and `Display` round-trip; the
/// printed form omits `[1]` only where it was omitted.
///
/// ```
/// use hl7v2_imaging::TersePath;
/// let p: TersePath = "PID-3[2].1.2".parse()?;
/// assert_eq!((p.field, p.repetition, p.component, p.subcomponent), (3, Some(2), Some(1), Some(2)));
/// let p: TersePath = "OBX[2]-5".parse()?;
/// assert_eq!((p.segment.as_str(), p.occurrence, p.field), ("OBX", 2, 5));
/// assert_eq!(p.to_string(), "OBX[2]-5");
/// # Ok::<(), hl7v2_imaging::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct TersePath {
    /// Segment id.
    pub segment: SegmentId,
    /// Segment occurrence (1-based).
    pub occurrence: usize,
    /// Whether the occurrence was written.
    pub occurrence_written: bool,
    /// Field number (1-based).
    pub field: usize,
    /// Field repetition (1-based), if written.
    pub repetition: Option<usize>,
    /// Component (1-based), if written.
    pub component: Option<usize>,
    /// Subcomponent (1-based), if written.
    pub subcomponent: Option<usize>,
}

impl TersePath {
    /// A path to a field.
    pub fn field(segment: &str, field: usize) -> Result<Self, Error> {
        format!("{segment}-{field}").parse()
    }
}

fn bad(why: &'static str, at: usize) -> Error {
    Error::new(ErrorKind::InvalidPath(why), Location::at(at))
}

fn number(s: &str, at: usize) -> Result<(usize, usize), Error> {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    let digits = s.get(..len).unwrap_or_default();
    if digits.is_empty() {
        return Err(bad("expected a number", at));
    }
    if len > 6 {
        return Err(bad("number too large", at));
    }
    let n: usize = digits.parse().map_err(|_| bad("expected a number", at))?;
    if n == 0 {
        return Err(bad("numbers are 1-based", at));
    }
    Ok((n, len))
}

fn bracket(s: &str, at: usize) -> Result<(Option<usize>, usize), Error> {
    let Some(inner) = s.strip_prefix('[') else {
        return Ok((None, 0));
    };
    let (n, len) = number(inner, at + 1)?;
    if inner.as_bytes().get(len) != Some(&b']') {
        return Err(bad("expected `]`", at + 1 + len));
    }
    Ok((Some(n), len + 2))
}

impl FromStr for TersePath {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let b = s.as_bytes();
        let Some(id) = b.get(..3) else {
            return Err(bad("a segment id has three characters", 0));
        };
        if !crate::message::is_segment_id(id) {
            return Err(bad("a segment id is three uppercase letters or digits", 0));
        }
        let segment = SegmentId::from_bytes(id).unwrap_or_default();
        let mut pos = 3;
        let (occ, used) = bracket(s.get(pos..).unwrap_or_default(), pos)?;
        pos += used;
        if !matches!(b.get(pos), Some(b'-' | b'.')) {
            return Err(bad("expected `-` and a field number", pos));
        }
        pos += 1;
        let (field, used) = number(s.get(pos..).unwrap_or_default(), pos)?;
        pos += used;
        let (repetition, used) = bracket(s.get(pos..).unwrap_or_default(), pos)?;
        pos += used;
        let mut comps = [None, None];
        for slot in &mut comps {
            if b.get(pos) == Some(&b'.') {
                pos += 1;
                let (n, used) = number(s.get(pos..).unwrap_or_default(), pos)?;
                *slot = Some(n);
                pos += used;
            }
        }
        if pos != b.len() {
            return Err(bad("unexpected text after the path", pos));
        }
        Ok(TersePath {
            segment,
            occurrence: occ.unwrap_or(1),
            occurrence_written: occ.is_some(),
            field,
            repetition,
            component: comps[0],
            subcomponent: comps[1],
        })
    }
}

impl TryFrom<&str> for TersePath {
    type Error = Error;
    fn try_from(s: &str) -> Result<Self, Error> {
        s.parse()
    }
}

impl fmt::Display for TersePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.segment)?;
        if self.occurrence_written || self.occurrence != 1 {
            write!(f, "[{}]", self.occurrence)?;
        }
        write!(f, "-{}", self.field)?;
        if let Some(r) = self.repetition {
            write!(f, "[{r}]")?;
        }
        if let Some(c) = self.component {
            write!(f, ".{c}")?;
        }
        if let Some(s) = self.subcomponent {
            write!(f, ".{s}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax() {
        for ok in [
            "PID-3",
            "PID-3[2].1.2",
            "OBX[2]-5",
            "MSH-9.1",
            "ZDS-1.1",
            "PID-5[1]",
        ] {
            let p: TersePath = ok.parse().unwrap();
            assert_eq!(p.to_string(), ok);
        }
        for (bad, at) in [
            ("PI", 0),
            ("pid-3", 0),
            ("PID3", 3),
            ("PID-", 4),
            ("PID-0", 4),
            ("PID-3[", 6),
            ("PID-3[2", 7),
            ("PID-3.1.2.3", 9),
            ("PID-3x", 5),
        ] {
            let e = bad.parse::<TersePath>().unwrap_err();
            assert_eq!(e.location().offset, at, "{bad}: {e}");
        }
    }
}

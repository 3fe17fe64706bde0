//! UIDs ([PS3.5 §9.1][u]).
//!
//! [u]: https://dicom.nema.org/medical/dicom/current/output/chtml/part05/chapter_9.html

use crate::error::{Error, ErrorKind, Position};
use std::fmt;

/// A UID: 1 to 64 characters, numeric components separated by `.`, no component with a
/// leading zero unless it is `0` ([PS3.5 §9.1]).
///
/// [PS3.5 §9.1]: https://dicom.nema.org/medical/dicom/current/output/chtml/part05/chapter_9.html
///
/// ```
/// use dicomweb_types::Uid;
/// assert!(Uid::new("1.2.840.10008.5.1.4.34.5").is_ok());
/// assert!(Uid::new("1.02").is_err());
/// assert!(Uid::new("1..2").is_err());
/// assert!(Uid::new(&"1".repeat(65)).is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Uid(String);

impl Uid {
    /// Checks and wraps a UID.
    pub fn new(s: &str) -> Result<Self, Error> {
        if Self::is_valid(s) {
            Ok(Uid(s.to_owned()))
        } else {
            Err(Error::new(ErrorKind::InvalidUid, Position::None).with_detail(s))
        }
    }

    /// True when `s` is a valid UID.
    pub fn is_valid(s: &str) -> bool {
        !s.is_empty()
            && s.len() <= 64
            && s.split('.').all(|c| {
                !c.is_empty()
                    && c.bytes().all(|b| b.is_ascii_digit())
                    && (c == "0" || !c.starts_with('0'))
            })
    }

    /// The UID text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Uid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Uid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Uid({})", self.0)
    }
}

impl std::str::FromStr for Uid {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Uid::new(s)
    }
}

impl AsRef<str> for Uid {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

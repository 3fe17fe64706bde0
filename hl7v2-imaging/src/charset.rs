//! Character sets of MSH-18 (HL7 v2.5.1 Ch. 2 §2.15.9.18, table 0211): text is decoded to UTF-8
//! when a value is read.
//!
//! # Background
//! Real traffic often contradicts MSH-18: a message declares `8859/1` and carries UTF-8 bytes, or
//! declares nothing and carries UTF-8. [`CharsetInfo`] records the declared set, the set actually
//! used to decode, and a `mismatch` flag. The documented fallback is:
//! - declared single-byte set (or none, or ASCII) and the bytes are valid UTF-8 with non-ASCII
//!   content: decode as UTF-8 and flag a mismatch (ASCII/none declared with UTF-8 bytes is flagged too);
//! - declared UTF-8 and the bytes are not valid UTF-8: decode as 8859/1 and flag a mismatch;
//! - declared none or ASCII with non-UTF-8 bytes above 0x7F: decode as 8859/1 and flag a mismatch;
//! - an unknown or unsupported MSH-18 value (e.g. `UNICODE UTF-16`, ISO 2022 sets): decode as
//!   UTF-8 when valid, else 8859/1, and flag a mismatch.

use crate::charset_tables as tables;
use std::borrow::Cow;

/// A character set of HL7 table 0211 that this crate can decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Charset {
    /// `ASCII`: US-ASCII (the default when MSH-18 is empty).
    Ascii,
    /// `8859/1` (also `ISO IR100`, `ISO8859_1`, `ISO-8859-1`, `LATIN1`): Latin-1.
    Iso8859_1,
    /// `8859/2` (`ISO IR101`): Latin-2.
    Iso8859_2,
    /// `8859/3` (`ISO IR109`): Latin-3.
    Iso8859_3,
    /// `8859/4` (`ISO IR110`): Latin-4.
    Iso8859_4,
    /// `8859/5` (`ISO IR144`): Cyrillic.
    Iso8859_5,
    /// `8859/6` (`ISO IR127`): Arabic.
    Iso8859_6,
    /// `8859/7` (`ISO IR126`): Greek.
    Iso8859_7,
    /// `8859/8` (`ISO IR138`): Hebrew.
    Iso8859_8,
    /// `8859/9` (`ISO IR148`): Latin-5.
    Iso8859_9,
    /// `8859/15`: Latin-9.
    Iso8859_15,
    /// `CP1250` / `WINDOWS-1250` (seen in the field; not in table 0211).
    Windows1250,
    /// `UNICODE UTF-8` (also `UTF-8`, `UTF8`, `ISO IR192`).
    Utf8,
}

impl Charset {
    /// Recognise an MSH-18 value (case-insensitive, spaces, `-` and `_` ignored).
    /// `None` for an empty value or one this crate cannot decode.
    ///
    /// ```
    /// use hl7v2_imaging::Charset;
    /// assert_eq!(Charset::from_msh18("8859/1"), Some(Charset::Iso8859_1));
    /// assert_eq!(Charset::from_msh18("ISO8859_1"), Some(Charset::Iso8859_1));
    /// assert_eq!(Charset::from_msh18("UNICODE UTF-8"), Some(Charset::Utf8));
    /// assert_eq!(Charset::from_msh18("CP1250"), Some(Charset::Windows1250));
    /// ```
    pub fn from_msh18(value: &str) -> Option<Self> {
        let mut buf = [0u8; 16];
        let mut n = 0;
        for b in value.bytes() {
            if matches!(b, b' ' | b'-' | b'_' | b'/') {
                continue;
            }
            match buf.get_mut(n) {
                Some(slot) => *slot = b.to_ascii_uppercase(),
                None => return None,
            }
            n += 1;
        }
        let key = buf.get(..n).unwrap_or_default();
        let cs = match key {
            b"ASCII" | b"ISOIR6" | b"USASCII" => Charset::Ascii,
            b"88591" | b"ISO88591" | b"ISOIR100" | b"LATIN1" | b"ISOLATIN1" => Charset::Iso8859_1,
            b"88592" | b"ISO88592" | b"ISOIR101" | b"LATIN2" => Charset::Iso8859_2,
            b"88593" | b"ISO88593" | b"ISOIR109" => Charset::Iso8859_3,
            b"88594" | b"ISO88594" | b"ISOIR110" => Charset::Iso8859_4,
            b"88595" | b"ISO88595" | b"ISOIR144" => Charset::Iso8859_5,
            b"88596" | b"ISO88596" | b"ISOIR127" => Charset::Iso8859_6,
            b"88597" | b"ISO88597" | b"ISOIR126" => Charset::Iso8859_7,
            b"88598" | b"ISO88598" | b"ISOIR138" => Charset::Iso8859_8,
            b"88599" | b"ISO88599" | b"ISOIR148" => Charset::Iso8859_9,
            b"885915" | b"ISO885915" => Charset::Iso8859_15,
            b"CP1250" | b"WINDOWS1250" => Charset::Windows1250,
            b"UNICODEUTF8" | b"UTF8" | b"ISOIR192" | b"UNICODE" => Charset::Utf8,
            _ => return None,
        };
        Some(cs)
    }

    /// The table 0211 spelling (`CP1250` for Windows-1250).
    pub fn as_str(self) -> &'static str {
        match self {
            Charset::Ascii => "ASCII",
            Charset::Iso8859_1 => "8859/1",
            Charset::Iso8859_2 => "8859/2",
            Charset::Iso8859_3 => "8859/3",
            Charset::Iso8859_4 => "8859/4",
            Charset::Iso8859_5 => "8859/5",
            Charset::Iso8859_6 => "8859/6",
            Charset::Iso8859_7 => "8859/7",
            Charset::Iso8859_8 => "8859/8",
            Charset::Iso8859_9 => "8859/9",
            Charset::Iso8859_15 => "8859/15",
            Charset::Windows1250 => "CP1250",
            Charset::Utf8 => "UNICODE UTF-8",
        }
    }

    fn table(self) -> Option<&'static [u16; 128]> {
        Some(match self {
            Charset::Iso8859_2 => &tables::ISO_8859_2,
            Charset::Iso8859_3 => &tables::ISO_8859_3,
            Charset::Iso8859_4 => &tables::ISO_8859_4,
            Charset::Iso8859_5 => &tables::ISO_8859_5,
            Charset::Iso8859_6 => &tables::ISO_8859_6,
            Charset::Iso8859_7 => &tables::ISO_8859_7,
            Charset::Iso8859_8 => &tables::ISO_8859_8,
            Charset::Iso8859_9 => &tables::ISO_8859_9,
            Charset::Iso8859_15 => &tables::ISO_8859_15,
            Charset::Windows1250 => &tables::WINDOWS_1250,
            _ => return None,
        })
    }

    /// Decode bytes in this character set to UTF-8. ASCII input (and valid UTF-8 for
    /// [`Charset::Utf8`]) is borrowed. Bytes above 0x7F under [`Charset::Ascii`] are read as
    /// 8859/1; invalid UTF-8 under [`Charset::Utf8`] is read as 8859/1 (no replacement characters,
    /// no loss: the raw bytes stay available on the value).
    ///
    /// ```
    /// use hl7v2_imaging::Charset;
    /// assert_eq!(Charset::Iso8859_1.decode(b"M\xfcller"), "Müller");
    /// assert_eq!(Charset::Iso8859_2.decode(b"\xb1"), "ą");
    /// assert_eq!(Charset::Utf8.decode("Müller".as_bytes()), "Müller");
    /// ```
    pub fn decode(self, bytes: &[u8]) -> Cow<'_, str> {
        if bytes.is_ascii() {
            // ASCII is valid UTF-8; from_utf8 cannot fail here, the fallback is unreachable.
            return match std::str::from_utf8(bytes) {
                Ok(s) => Cow::Borrowed(s),
                Err(_) => Cow::Owned(latin1(bytes)),
            };
        }
        match self {
            Charset::Utf8 => match std::str::from_utf8(bytes) {
                Ok(s) => Cow::Borrowed(s),
                Err(_) => Cow::Owned(latin1(bytes)),
            },
            Charset::Ascii | Charset::Iso8859_1 => Cow::Owned(latin1(bytes)),
            other => {
                let Some(table) = other.table() else {
                    return Cow::Owned(latin1(bytes));
                };
                let mut s = String::with_capacity(bytes.len() * 2);
                for &b in bytes {
                    if b < 0x80 {
                        s.push(char::from(b));
                    } else {
                        let cp = table.get(usize::from(b - 0x80)).copied().unwrap_or(0xFFFD);
                        s.push(char::from_u32(u32::from(cp)).unwrap_or('\u{FFFD}'));
                    }
                }
                Cow::Owned(s)
            }
        }
    }

    /// True for single-byte sets (everything except UTF-8).
    pub fn is_single_byte(self) -> bool {
        !matches!(self, Charset::Utf8)
    }
}

fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

impl std::fmt::Display for Charset {
    /// The table 0211 spelling.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Charset {
    type Err = crate::Error;
    /// The spellings of [`Charset::from_msh18`]; an empty or unknown value is
    /// [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue).
    fn from_str(s: &str) -> Result<Self, crate::Error> {
        Charset::from_msh18(s).ok_or_else(|| {
            crate::Error::new(
                crate::ErrorKind::InvalidValue("unknown character set (HL7 table 0211)"),
                crate::Location::default(),
            )
        })
    }
}

/// The character set a message declares and the one used to decode it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CharsetInfo {
    /// MSH-18 (first repetition) as written, empty when absent.
    pub declared: String,
    /// The set used to decode text (see the module docs for the fallback).
    pub effective: Charset,
    /// True when the declared set contradicts the bytes, or is unknown.
    pub mismatch: bool,
}

impl CharsetInfo {
    /// Work out the effective set from MSH-18 and the message bytes.
    pub fn detect(msh18: &[u8], message: &[u8]) -> Self {
        let declared: String = msh18.iter().map(|&b| char::from(b)).collect();
        let (effective, mismatch) = resolve(msh18, message);
        CharsetInfo {
            declared,
            effective,
            mismatch,
        }
    }
}

/// The effective character set and the mismatch flag (see the module docs).
pub(crate) fn resolve(msh18: &[u8], message: &[u8]) -> (Charset, bool) {
    {
        let trimmed = std::str::from_utf8(msh18).unwrap_or("\u{FFFD}").trim();
        let ascii = message.is_ascii();
        let utf8_ok = ascii || std::str::from_utf8(message).is_ok();
        let (effective, mismatch) = match Charset::from_msh18(trimmed) {
            _ if ascii => (
                Charset::from_msh18(trimmed).unwrap_or(Charset::Ascii),
                !trimmed.is_empty() && Charset::from_msh18(trimmed).is_none(),
            ),
            Some(Charset::Utf8) => {
                if utf8_ok {
                    (Charset::Utf8, false)
                } else {
                    (Charset::Iso8859_1, true)
                }
            }
            Some(cs @ Charset::Ascii) | Some(cs @ Charset::Iso8859_1) if !utf8_ok => {
                (Charset::Iso8859_1, cs == Charset::Ascii)
            }
            Some(_) | None if utf8_ok => (Charset::Utf8, true),
            Some(cs) => (cs, false),
            None => (Charset::Iso8859_1, true),
        };
        (effective, mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// HL7 v2.5.1 Ch. 2 table 0211 spellings, and field spellings.
    #[test]
    fn spellings() {
        for (s, cs) in [
            ("ASCII", Charset::Ascii),
            ("8859/1", Charset::Iso8859_1),
            ("8859/9", Charset::Iso8859_9),
            ("ISO IR100", Charset::Iso8859_1),
            ("iso-8859-2", Charset::Iso8859_2),
            ("UNICODE UTF-8", Charset::Utf8),
            ("cp1250", Charset::Windows1250),
        ] {
            assert_eq!(Charset::from_msh18(s), Some(cs), "{s}");
        }
        assert_eq!(Charset::from_msh18(""), None);
        assert_eq!(Charset::from_msh18("UNICODE UTF-16"), None);
    }

    #[test]
    fn display_from_str_round_trip() {
        for cs in [
            Charset::Ascii,
            Charset::Iso8859_1,
            Charset::Iso8859_15,
            Charset::Windows1250,
            Charset::Utf8,
        ] {
            assert_eq!(cs.to_string().parse::<Charset>().unwrap(), cs);
        }
        assert!("EBCDIC".parse::<Charset>().is_err());
    }

    #[test]
    fn tables() {
        assert_eq!(Charset::Iso8859_5.decode(b"\xb0"), "А");
        assert_eq!(Charset::Iso8859_7.decode(b"\xe1"), "α");
        assert_eq!(Charset::Iso8859_9.decode(b"\xfd"), "ı");
        assert_eq!(Charset::Windows1250.decode(b"\x8a"), "Š");
        assert_eq!(Charset::Iso8859_15.decode(b"\xa4"), "€");
    }

    #[test]
    fn detect_fallbacks() {
        let utf8 = "é".as_bytes();
        let i = CharsetInfo::detect(b"8859/1", utf8);
        assert_eq!((i.effective, i.mismatch), (Charset::Utf8, true));
        let i = CharsetInfo::detect(b"UNICODE UTF-8", b"\xe9");
        assert_eq!((i.effective, i.mismatch), (Charset::Iso8859_1, true));
        let i = CharsetInfo::detect(b"8859/1", b"\xe9");
        assert_eq!((i.effective, i.mismatch), (Charset::Iso8859_1, false));
        let i = CharsetInfo::detect(b"", b"abc");
        assert_eq!((i.effective, i.mismatch), (Charset::Ascii, false));
        let i = CharsetInfo::detect(b"8859/2", b"\xb1");
        assert_eq!((i.effective, i.mismatch), (Charset::Iso8859_2, false));
    }
}

#![cfg(feature = "serde")]
//! `Serialize` and `Deserialize` for the vocabulary types (feature `serde`), in the form HL7
//! writes them, so that configurations, logs and JSON reports say what an ER7 message says:
//!
//! | type | form | example |
//! |---|---|---|
//! | [`TersePath`] | its `Display` string; any `FromStr` spelling is read | `"PID-3[2].1"` |
//! | [`Charset`] | the table 0211 spelling (MSH-18); every spelling of [`Charset::from_msh18`] is read | `"8859/1"`, `"UNICODE UTF-8"` |
//! | [`AckCode`] | MSA-1 (table 0008) | `"AA"` |
//! | [`Severity`] | ERR-4 (table 0516) | `"E"` |
//! | [`ErrorCode`] | ERR-3 (table 0357) as a number; a string of digits is read too | `207` |
//! | [`SegmentId`] | three characters | `"ZDS"` |
//! | [`Limit`] | the [`Limits`] field name | `"max_frame_bytes"` |
//! | [`Limits`] | a map of its fields; missing fields take the defaults, unknown fields are refused | `{"max_segments": 500}` |
//! | [`OrderControl`] | ORC-1 (table 0119), borrowed from the input when it can be | `"NW"` |
//!
//! Messages themselves are not serialized: ER7 is their format (`to_bytes`), and
//! `imaging hl7 to-json` gives a JSON view.

use crate::ack::{AckCode, ErrorCode, Severity};
use crate::typed::OrderControl;
use crate::{Charset, Limit, Limits, SegmentId, TersePath};
use ::serde::de::{self, Deserializer, Unexpected, Visitor};
use ::serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// Deserialize a string (borrowed, transient or owned) with `parse`, naming `expecting`.
fn from_str_with<'de, D, T>(
    d: D,
    expecting: &'static str,
    parse: fn(&str) -> Option<T>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct V<T> {
        expecting: &'static str,
        parse: fn(&str) -> Option<T>,
    }
    impl<T> Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            (self.parse)(v).ok_or_else(|| E::invalid_value(Unexpected::Str(v), &self))
        }
    }
    d.deserialize_str(V { expecting, parse })
}

impl Serialize for TersePath {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TersePath {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        from_str_with(
            d,
            "a terse path such as `PID-3[2].1.2` or `OBX[2]-5`",
            |s| s.parse().ok(),
        )
    }
}

impl Serialize for Charset {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Charset {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        from_str_with(
            d,
            "an MSH-18 character set (HL7 table 0211) such as `8859/1` or `UNICODE UTF-8`",
            Charset::from_msh18,
        )
    }
}

impl Serialize for AckCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for AckCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        from_str_with(
            d,
            "an acknowledgment code (HL7 table 0008): AA, AE, AR, CA, CE or CR",
            |s| s.parse().ok(),
        )
    }
}

impl Serialize for Severity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Severity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        from_str_with(
            d,
            "an error severity (HL7 table 0516): E, W or I",
            |s| match s {
                "E" => Some(Severity::Error),
                "W" => Some(Severity::Warning),
                "I" => Some(Severity::Information),
                _ => None,
            },
        )
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u16(self.0)
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = ErrorCode;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an HL7 error code (table 0357), 0 to 65535")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ErrorCode, E> {
                u16::try_from(v)
                    .map(ErrorCode)
                    .map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ErrorCode, E> {
                u16::try_from(v)
                    .map(ErrorCode)
                    .map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ErrorCode, E> {
                // ERR-3.1 is written as text in ER7.
                match v.parse::<u16>() {
                    Ok(n) if v.bytes().all(|b| b.is_ascii_digit()) => Ok(ErrorCode(n)),
                    _ => Err(E::invalid_value(Unexpected::Str(v), &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for SegmentId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(&self.0) {
            Ok(id) => s.serialize_str(id),
            Err(_) => Err(::serde::ser::Error::custom(
                "segment id is not UTF-8 (HL7 v2.5.1 Ch. 2 §2.5.2)",
            )),
        }
    }
}

impl<'de> Deserialize<'de> for SegmentId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        from_str_with(
            d,
            "a three-character segment id such as `PID`",
            |s| match s.as_bytes() {
                [a, b, c] => Some(SegmentId([*a, *b, *c])),
                _ => None,
            },
        )
    }
}

const LIMITS: [Limit; 7] = [
    Limit::MessageBytes,
    Limit::Segments,
    Limit::FieldsPerSegment,
    Limit::Repetitions,
    Limit::FieldBytes,
    Limit::Messages,
    Limit::FrameBytes,
];

impl Serialize for Limit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Limit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        from_str_with(d, "a `Limits` field name such as `max_frame_bytes`", |s| {
            LIMITS.into_iter().find(|l| l.as_str() == s)
        })
    }
}

/// The wire shape of [`Limits`]: its fields, each defaulting to [`Limits::default`].
#[derive(Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct LimitsRepr {
    max_message_bytes: usize,
    max_segments: usize,
    max_fields_per_segment: usize,
    max_repetitions: usize,
    max_field_bytes: usize,
    max_messages: usize,
    max_frame_bytes: usize,
}

impl Default for LimitsRepr {
    fn default() -> Self {
        LimitsRepr::from(&Limits::default())
    }
}

impl From<&Limits> for LimitsRepr {
    fn from(l: &Limits) -> Self {
        LimitsRepr {
            max_message_bytes: l.max_message_bytes,
            max_segments: l.max_segments,
            max_fields_per_segment: l.max_fields_per_segment,
            max_repetitions: l.max_repetitions,
            max_field_bytes: l.max_field_bytes,
            max_messages: l.max_messages,
            max_frame_bytes: l.max_frame_bytes,
        }
    }
}

impl Serialize for Limits {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        LimitsRepr::from(self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Limits {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = LimitsRepr::deserialize(d)?;
        let mut l = Limits::default();
        l.max_message_bytes(r.max_message_bytes)
            .max_segments(r.max_segments)
            .max_fields_per_segment(r.max_fields_per_segment)
            .max_repetitions(r.max_repetitions)
            .max_field_bytes(r.max_field_bytes)
            .max_messages(r.max_messages)
            .max_frame_bytes(r.max_frame_bytes);
        Ok(l)
    }
}

impl Serialize for OrderControl<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Borrows from the input when the format gives a borrowed string (an unescaped JSON string
/// read from a slice), else copies.
impl<'de: 'a, 'a> Deserialize<'de> for OrderControl<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OrderControl<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an order control code (HL7 table 0119) such as `NW`")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(OrderControl(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(OrderControl(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(OrderControl(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

//! Escape sequences in text (HL7 v2.5.1 Ch. 2 §2.7).
//!
//! Decoding happens only when a leaf value is read; the raw bytes stay available. What each
//! sequence decodes to (`E` is the message's escape character):
//!
//! | sequence | decoded |
//! |---|---|
//! | `EFE` `ESE` `ETE` `ERE` `EEE` | the message's own field, component, subcomponent, repetition, escape character (§2.7.1) |
//! | `EPE` | the truncation character (v2.7), when the message has one |
//! | `EXhhhh..E` | the bytes, decoded in the message character set; consecutive hex escapes are joined first (so `\XC3\\XA9\` is `é` in UTF-8); bytes that are not valid UTF-8 in a UTF-8 message are read as 8859/1 (§2.7.4) |
//! | `EHE` `ENE` | highlighting on/off: removed (§2.7.2) |
//! | `E.brE` | `"\n"` (§2.7.6) |
//! | `E.sp nE` | `n` line breaks (default 1, at most 100) |
//! | `E.sk nE` | `n` spaces (default 1, at most 100) |
//! | `E.fiE` `E.nfE` `E.in nE` `E.ti nE` `E.ceE` | removed (layout only) |
//! | `EZ..E` | kept verbatim (locally defined, §2.7.3) |
//! | `ECxxyyE` `EMxxyy[zz]E` | removed (character set switches, §2.7.5; the switch itself is not applied) |
//! | unknown sequence, malformed `EX..E`, or a lone escape character | kept verbatim |

use crate::{Charset, Delimiters};
use std::borrow::Cow;

/// Decode the escape sequences of a leaf value and transcode it to UTF-8.
///
/// ```
/// use hl7v2_imaging::{Charset, Delimiters, escape};
/// let d = Delimiters::default();
/// assert_eq!(escape::decode(br"A\S\B\.br\C", &d, Charset::Ascii), "A^B\nC");
/// assert_eq!(escape::decode(br"\XC3\\XA9\", &d, Charset::Utf8), "é");
/// assert_eq!(escape::decode(br"no escapes", &d, Charset::Ascii), "no escapes");
/// ```
pub fn decode<'a>(raw: &'a [u8], delims: &Delimiters, charset: Charset) -> Cow<'a, str> {
    let esc = delims.escape;
    let Some(first) = memchr::memchr(esc, raw) else {
        return charset.decode(raw);
    };
    let mut out = String::with_capacity(raw.len());
    let mut hex: Vec<u8> = Vec::new();
    let mut pos = 0;
    let mut next = Some(first);
    while let Some(start) = next {
        let text = raw.get(pos..start).unwrap_or_default();
        if !text.is_empty() {
            flush_hex(&mut hex, &mut out, charset);
            out.push_str(&charset.decode(text));
        }
        let after = start + 1;
        let rest = raw.get(after..).unwrap_or_default();
        match memchr::memchr(esc, rest) {
            None => {
                // Lone escape character: kept verbatim with the rest.
                flush_hex(&mut hex, &mut out, charset);
                out.push_str(&charset.decode(raw.get(start..).unwrap_or_default()));
                return Cow::Owned(out);
            }
            Some(len) => {
                let body = rest.get(..len).unwrap_or_default();
                let verbatim = raw.get(start..after + len + 1).unwrap_or_default();
                if let Some(bytes) = hex_bytes(body) {
                    hex.extend_from_slice(&bytes);
                } else {
                    flush_hex(&mut hex, &mut out, charset);
                    decode_one(body, verbatim, delims, charset, &mut out);
                }
                pos = after + len + 1;
            }
        }
        next = raw
            .get(pos..)
            .and_then(|r| memchr::memchr(esc, r))
            .map(|i| i + pos);
    }
    flush_hex(&mut hex, &mut out, charset);
    out.push_str(&charset.decode(raw.get(pos..).unwrap_or_default()));
    Cow::Owned(out)
}

fn flush_hex(hex: &mut Vec<u8>, out: &mut String, charset: Charset) {
    if !hex.is_empty() {
        out.push_str(&charset.decode(hex));
        hex.clear();
    }
}

fn hex_bytes(body: &[u8]) -> Option<Vec<u8>> {
    let digits = body.strip_prefix(b"X")?;
    if digits.is_empty() || digits.len() % 2 != 0 {
        return None;
    }
    digits
        .chunks(2)
        .map(|p| {
            let s = std::str::from_utf8(p).ok()?;
            u8::from_str_radix(s, 16).ok()
        })
        .collect()
}

fn count_arg(arg: &[u8]) -> usize {
    let s = std::str::from_utf8(arg).unwrap_or("").trim();
    if s.is_empty() {
        1
    } else {
        s.parse::<usize>().unwrap_or(1).min(100)
    }
}

fn decode_one(body: &[u8], verbatim: &[u8], d: &Delimiters, cs: Charset, out: &mut String) {
    let single = match body {
        b"F" => Some(d.field),
        b"S" => Some(d.component),
        b"T" => d.subcomponent,
        b"R" => Some(d.repetition),
        b"E" => Some(d.escape),
        b"P" => d.truncation,
        _ => None,
    };
    if let Some(b) = single {
        out.push_str(&cs.decode(&[b]));
        return;
    }
    match body {
        b"H" | b"N" => {}
        b".br" => out.push('\n'),
        b".fi" | b".nf" | b".ce" => {}
        _ if body.starts_with(b".sp") => {
            out.extend(std::iter::repeat_n(
                '\n',
                count_arg(body.get(3..).unwrap_or_default()),
            ));
        }
        _ if body.starts_with(b".sk") => {
            out.extend(std::iter::repeat_n(
                ' ',
                count_arg(body.get(3..).unwrap_or_default()),
            ));
        }
        _ if body.starts_with(b".in") || body.starts_with(b".ti") => {}
        [b'C', rest @ ..] if rest.len() == 4 && rest.iter().all(u8::is_ascii_hexdigit) => {}
        [b'M', rest @ ..]
            if matches!(rest.len(), 4 | 6) && rest.iter().all(u8::is_ascii_hexdigit) => {}
        _ => out.push_str(&cs.decode(verbatim)),
    }
}

/// Escape every delimiter in a value for ER7 (HL7 v2.5.1 Ch. 2 §2.7.1); CR and LF become
/// `\X0D\` and `\X0A\` (segment terminators cannot appear in a value). Borrowed when nothing
/// needs escaping.
///
/// ```
/// use hl7v2_imaging::{Delimiters, escape};
/// let d = Delimiters::default();
/// assert_eq!(escape::encode("A|B^C~D\\E&F", &d), r"A\F\B\S\C\R\D\E\E\T\F");
/// assert_eq!(escape::encode("plain", &d), "plain");
/// ```
pub fn encode<'v>(value: &'v str, delims: &Delimiters) -> Cow<'v, str> {
    let bytes = value.as_bytes();
    if !bytes
        .iter()
        .any(|&b| delims.is_delimiter(b) || b == b'\r' || b == b'\n')
    {
        return Cow::Borrowed(value);
    }
    let e = char::from(delims.escape);
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        let seq = match u8::try_from(c) {
            Ok(b) if b == delims.field => Some("F"),
            Ok(b) if b == delims.component => Some("S"),
            Ok(b) if Some(b) == delims.subcomponent => Some("T"),
            Ok(b) if b == delims.repetition => Some("R"),
            Ok(b) if b == delims.escape => Some("E"),
            Ok(b) if Some(b) == delims.truncation => Some("P"),
            Ok(b'\r') => Some("X0D"),
            Ok(b'\n') => Some("X0A"),
            _ => None,
        };
        match seq {
            Some(s) => {
                out.push(e);
                out.push_str(s);
                out.push(e);
            }
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

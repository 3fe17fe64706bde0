//! BulkDataURI values (PS3.18 F.2.6) kept inside the data set.
//!
//! # Representation
//!
//! A `BulkDataURI` is a first-class value of its element: the element keeps its tag and VR and
//! its value is `PrimitiveValue::Str` holding [`BULK_DATA_MARKER`] followed by the URI. The
//! marker starts with a NUL character, which never appears at the start of a value this crate
//! decodes (values are always `PrimitiveValue::Strs` or binary), so the encoder recognises it
//! and writes `"BulkDataURI": "<uri>"` back, also inside sequences. Use [`bulk_data_value`] to
//! make one, [`bulk_data_uri`] to read one, [`bulk_data_uris`] to list them with their tag
//! paths and [`resolve_bulk_data`] to replace them by the bytes a caller fetches.
//!
//! Writing a data set that still holds a marker as Part 10 is refused
//! ([`ErrorKind::UnresolvedBulkData`](crate::ErrorKind::UnresolvedBulkData)), so a marker can
//! never end up as file content.

use crate::DataSet;
use crate::error::{Error, ErrorKind};
use crate::path::TagPath;
use crate::vr::{Class, binary_unit, class};
use dicom_core::header::Header as _;
use dicom_core::value::{PrimitiveValue, Value};
use dicom_core::{DataElement, Tag, VR};

/// The prefix that marks a `PrimitiveValue::Str` as a BulkDataURI (see the module docs).
pub const BULK_DATA_MARKER: &str = "\u{0}BulkDataURI\u{0}";

/// A value holding a BulkDataURI, for an element of any VR that allows one (PS3.18 F.2.6).
///
/// ```
/// use dicom_json_codec::{bulk_data_uri, bulk_data_value};
/// let v = bulk_data_value("http://pacs/bulk/7FE00010");
/// assert_eq!(bulk_data_uri(&v), Some("http://pacs/bulk/7FE00010"));
/// ```
pub fn bulk_data_value(uri: &str) -> PrimitiveValue {
    let mut s = String::with_capacity(BULK_DATA_MARKER.len() + uri.len());
    s.push_str(BULK_DATA_MARKER);
    s.push_str(uri);
    PrimitiveValue::Str(s)
}

/// The BulkDataURI a value holds, if it is one.
pub fn bulk_data_uri(value: &PrimitiveValue) -> Option<&str> {
    match value {
        PrimitiveValue::Str(s) => s.strip_prefix(BULK_DATA_MARKER),
        _ => None,
    }
}

pub(crate) fn value_bulk_uri<I, P>(value: &Value<I, P>) -> Option<&str> {
    match value {
        Value::Primitive(p) => bulk_data_uri(p),
        _ => None,
    }
}

/// Every BulkDataURI in the data set (sequences included), with its tag path and VR, in tag
/// order.
pub fn bulk_data_uris(ds: &DataSet) -> Vec<(TagPath, VR, String)> {
    let mut out = Vec::new();
    let mut path = TagPath::new();
    collect(ds, &mut path, &mut out);
    out
}

fn collect(ds: &DataSet, path: &mut TagPath, out: &mut Vec<(TagPath, VR, String)>) {
    for e in ds.iter() {
        path.push_tag(e.tag());
        match e.value() {
            Value::Primitive(p) => {
                if let Some(uri) = bulk_data_uri(p) {
                    out.push((path.clone(), e.vr(), uri.to_owned()));
                }
            }
            Value::Sequence(seq) => {
                for (i, item) in seq.items().iter().enumerate() {
                    path.push_item(i);
                    collect(item, path, out);
                    path.pop();
                }
            }
            Value::PixelSequence(_) => {}
        }
        path.pop();
    }
}

/// What a resolver decides for one BulkDataURI.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Resolved {
    /// The value's bytes, little-endian, as InlineBinary would hold them (PS3.18 F.2.7).
    Bytes(Vec<u8>),
    /// Leave the BulkDataURI in place.
    Keep,
    /// Remove the element.
    Drop,
}

/// Replace BulkDataURI values by the bytes a resolver returns (sequences included).
///
/// The resolver gets the tag path, the VR and the URI. Bytes are read as the VR's values: text
/// VRs as UTF-8 text (split on `\` where the VR is multi-valued), binary VRs as little-endian
/// values. A resolver error becomes [`ErrorKind::BulkDataResolution`] at the element's path.
///
/// ```
/// use dicom_json_codec::{from_str, resolve_bulk_data, Resolved};
/// let mut ds = from_str(r#"{"7FE00010":{"vr":"OW","BulkDataURI":"file:px.raw"}}"#)?;
/// resolve_bulk_data(&mut ds, &mut |_path, _vr, _uri| Ok(Resolved::Bytes(vec![1, 0, 2, 0])))?;
/// let px = ds.get(dicom_core::Tag(0x7FE0, 0x0010)).unwrap();
/// assert_eq!(px.value().to_bytes()?.as_ref(), &[1, 0, 2, 0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn resolve_bulk_data<F>(ds: &mut DataSet, resolver: &mut F) -> Result<(), Error>
where
    F: FnMut(&TagPath, VR, &str) -> Result<Resolved, String>,
{
    let mut path = TagPath::new();
    resolve_in(ds, &mut path, resolver)
}

fn resolve_in<F>(ds: &mut DataSet, path: &mut TagPath, resolver: &mut F) -> Result<(), Error>
where
    F: FnMut(&TagPath, VR, &str) -> Result<Resolved, String>,
{
    let tags: Vec<Tag> = ds
        .iter()
        .filter(|e| matches!(e.value(), Value::Sequence(_)) || value_bulk_uri(e.value()).is_some())
        .map(|e| e.tag())
        .collect();
    for tag in tags {
        let Some(mut elem) = ds.take(tag) else {
            continue;
        };
        path.push_tag(tag);
        let vr = elem.vr();
        if let Some(uri) = value_bulk_uri(elem.value()).map(str::to_owned) {
            match resolver(path, vr, &uri) {
                Ok(Resolved::Bytes(bytes)) => {
                    let value = bytes_to_value(vr, bytes).map_err(|e| e.with_path(path.clone()))?;
                    ds.put(DataElement::new(tag, vr, value));
                }
                Ok(Resolved::Keep) => {
                    ds.put(elem);
                }
                Ok(Resolved::Drop) => {}
                Err(reason) => {
                    return Err(Error::new(ErrorKind::BulkDataResolution { uri, reason })
                        .with_path(path.clone()));
                }
            }
        } else {
            if let Some(items) = elem.items_mut() {
                for (i, item) in items.iter_mut().enumerate() {
                    path.push_item(i);
                    resolve_in(item, path, resolver)?;
                    path.pop();
                }
            }
            ds.put(elem);
        }
        path.pop();
    }
    Ok(())
}

/// The size of one value of `vr` in little-endian bytes (PS3.18 F.2.7), `None` for text VRs.
fn le_unit(vr: VR) -> Result<Option<usize>, Error> {
    Ok(Some(match class(vr) {
        Class::Binary => binary_unit(vr),
        Class::Number => match vr {
            VR::SS | VR::US => 2,
            VR::SL | VR::UL | VR::FL => 4,
            _ => 8,
        },
        Class::Tag => 4,
        Class::Text | Class::NumberText | Class::PersonName => return Ok(None),
        Class::Sequence => return Err(Error::new(ErrorKind::Unencodable("SQ".into()))),
    }))
}

fn not_utf8(vr: VR) -> Error {
    Error::new(ErrorKind::InvalidValue {
        vr: vr.to_string().to_owned(),
        reason: "bytes are not UTF-8 text",
    })
}

fn check_len(vr: VR, unit: usize, len: usize) -> Result<(), Error> {
    if len.is_multiple_of(unit) {
        Ok(())
    } else {
        Err(Error::new(ErrorKind::BinaryLength {
            len,
            size: unit,
            vr: vr.to_string().to_owned(),
        }))
    }
}

/// Would [`bytes_to_value`] accept these bytes for `vr`? (The same checks, nothing built.)
pub(crate) fn check_bytes(vr: VR, bytes: &[u8]) -> Result<(), Error> {
    match le_unit(vr)? {
        Some(unit) => check_len(vr, unit, bytes.len()),
        None => std::str::from_utf8(bytes)
            .map(drop)
            .map_err(|_| not_utf8(vr)),
    }
}

/// Read bytes (little-endian, PS3.18 F.2.7) as a value of `vr`.
pub(crate) fn bytes_to_value(vr: VR, bytes: Vec<u8>) -> Result<PrimitiveValue, Error> {
    if let Some(unit) = le_unit(vr)? {
        check_len(vr, unit, bytes.len())?;
        return Ok(if bytes.is_empty() {
            PrimitiveValue::Empty
        } else {
            le_value(vr, bytes)
        });
    }
    let text = String::from_utf8(bytes).map_err(|_| not_utf8(vr))?;
    let text = text.trim_end_matches(['\0', ' ']);
    if text.is_empty() {
        return Ok(PrimitiveValue::Empty);
    }
    if crate::vr::backslash_allowed(vr) {
        return Ok(PrimitiveValue::Strs(
            std::iter::once(text.to_owned()).collect(),
        ));
    }
    Ok(PrimitiveValue::Strs(
        text.split('\\').map(str::to_owned).collect(),
    ))
}

/// Build the natural dicom-rs value of `vr` from little-endian bytes (length already checked).
pub(crate) fn le_value(vr: VR, bytes: Vec<u8>) -> PrimitiveValue {
    fn chunks<const N: usize>(b: &[u8]) -> impl Iterator<Item = [u8; N]> + '_ {
        b.chunks_exact(N).map(|c| {
            let mut a = [0u8; N];
            a.copy_from_slice(c);
            a
        })
    }
    match vr {
        VR::OW | VR::US => {
            PrimitiveValue::U16(chunks::<2>(&bytes).map(u16::from_le_bytes).collect())
        }
        VR::SS => PrimitiveValue::I16(chunks::<2>(&bytes).map(i16::from_le_bytes).collect()),
        VR::OL | VR::UL => {
            PrimitiveValue::U32(chunks::<4>(&bytes).map(u32::from_le_bytes).collect())
        }
        VR::SL => PrimitiveValue::I32(chunks::<4>(&bytes).map(i32::from_le_bytes).collect()),
        VR::OF | VR::FL => {
            PrimitiveValue::F32(chunks::<4>(&bytes).map(f32::from_le_bytes).collect())
        }
        VR::OD | VR::FD => {
            PrimitiveValue::F64(chunks::<8>(&bytes).map(f64::from_le_bytes).collect())
        }
        VR::OV | VR::UV => {
            PrimitiveValue::U64(chunks::<8>(&bytes).map(u64::from_le_bytes).collect())
        }
        VR::SV => PrimitiveValue::I64(chunks::<8>(&bytes).map(i64::from_le_bytes).collect()),
        VR::AT => PrimitiveValue::Tags(
            chunks::<4>(&bytes)
                .map(|c| {
                    Tag(
                        u16::from_le_bytes([c[0], c[1]]),
                        u16::from_le_bytes([c[2], c[3]]),
                    )
                })
                .collect(),
        ),
        _ => PrimitiveValue::U8(bytes.into()),
    }
}

/// Remove every BulkDataURI element (sequences included).
pub fn drop_bulk_data(ds: &mut DataSet) -> Result<(), Error> {
    resolve_bulk_data(ds, &mut |_, _, _| Ok(Resolved::Drop))
}

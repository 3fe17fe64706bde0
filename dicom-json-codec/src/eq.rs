//! Content equality of data sets.

use crate::DataSet;
use dicom_core::header::Header as _;
use dicom_core::value::Value;

/// `true` when both data sets hold the same attributes with the same VRs and values,
/// sequences compared item by item.
///
/// Use this instead of `==`: dicom-rs compares element header lengths too, and an undefined
/// length (which every sequence decoded from JSON has) is unequal even to itself, so
/// `ds == ds` is `false` for any data set holding a sequence.
///
/// ```
/// let a = dicom_json_codec::from_str(r#"{"00081140":{"vr":"SQ","Value":[{}]}}"#)?;
/// assert!(a != a.clone()); // dicom-rs: undefined lengths never compare equal
/// assert!(dicom_json_codec::same_content(&a, &a.clone()));
/// # Ok::<(), dicom_json_codec::Error>(())
/// ```
pub fn same_content(a: &DataSet, b: &DataSet) -> bool {
    let mut ia = a.iter();
    let mut ib = b.iter();
    loop {
        match (ia.next(), ib.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) => {
                if x.tag() != y.tag() || x.vr() != y.vr() {
                    return false;
                }
                let same = match (x.value(), y.value()) {
                    (Value::Primitive(p), Value::Primitive(q)) => p == q,
                    (Value::Sequence(s), Value::Sequence(t)) => {
                        s.items().len() == t.items().len()
                            && s.items()
                                .iter()
                                .zip(t.items())
                                .all(|(i, j)| same_content(i, j))
                    }
                    (Value::PixelSequence(p), Value::PixelSequence(q)) => {
                        p.offset_table() == q.offset_table() && p.fragments() == q.fragments()
                    }
                    _ => false,
                };
                if !same {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

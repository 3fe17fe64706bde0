//! How each VR of PS3.5 Table 6.2-1 is written in the DICOM JSON Model (PS3.18 F.2.3).

use dicom_core::VR;
use dicom_core::dictionary::{DataDictionary, DataDictionaryEntry, VirtualVr};
use dicom_dictionary_std::StandardDataDictionary;

/// The JSON form of a VR's values (PS3.18 F.2.3, Table F.2.3-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// JSON strings (AE, AS, CS, DA, DT, LO, LT, SH, ST, TM, UC, UI, UR, UT).
    Text,
    /// Person Name objects (PN, F.2.2).
    PersonName,
    /// Decimal/Integer String: JSON numbers or strings, text kept exactly (F.2.3.1).
    NumberText,
    /// Binary numbers (FL, FD, SL, SS, UL, US, SV, UV).
    Number,
    /// Attribute Tag as `"GGGGEEEE"`.
    Tag,
    /// Sequence of items.
    Sequence,
    /// Bulk binary (OB, OD, OF, OL, OV, OW, UN): `InlineBinary` or `BulkDataURI` only.
    Binary,
}

pub(crate) fn class(vr: VR) -> Class {
    use VR::*;
    match vr {
        AE | AS | CS | DA | DT | LO | LT | SH | ST | TM | UC | UI | UR | UT => Class::Text,
        PN => Class::PersonName,
        DS | IS => Class::NumberText,
        FL | FD | SL | SS | UL | US | SV | UV => Class::Number,
        AT => Class::Tag,
        SQ => Class::Sequence,
        OB | OD | OF | OL | OV | OW | UN => Class::Binary,
    }
}

/// VRs whose values may be given as a BulkDataURI (PS3.18 F.2.6).
pub(crate) fn allows_bulk_data(vr: VR) -> bool {
    use VR::*;
    matches!(
        vr,
        DS | FL
            | FD
            | IS
            | LT
            | OB
            | OD
            | OF
            | OL
            | OV
            | OW
            | SL
            | SS
            | ST
            | SV
            | UC
            | UL
            | UN
            | UR
            | US
            | UT
            | UV
    )
}

/// VRs whose value is a single string in which a backslash is an ordinary character
/// (PS3.5 §6.2: LT, ST, UT, UR have VM 1).
pub(crate) fn backslash_allowed(vr: VR) -> bool {
    matches!(vr, VR::LT | VR::ST | VR::UT | VR::UR)
}

/// Size in bytes of one value of a binary VR (for InlineBinary, PS3.18 F.2.7).
pub(crate) fn binary_unit(vr: VR) -> usize {
    match vr {
        VR::OW => 2,
        VR::OF | VR::OL => 4,
        VR::OD | VR::OV => 8,
        _ => 1,
    }
}

/// Does `vr` agree with the standard data dictionary for `tag`? Returns the dictionary's VR
/// text when it does not. Private tags, unknown tags and UN always agree.
pub(crate) fn dictionary_mismatch(tag: dicom_core::Tag, vr: VR) -> Option<&'static str> {
    if tag.group() % 2 == 1 || vr == VR::UN {
        return None;
    }
    let entry = StandardDataDictionary.by_tag(tag)?;
    let ok = match entry.vr() {
        VirtualVr::Exact(v) => v == vr,
        VirtualVr::Xs => matches!(vr, VR::US | VR::SS),
        VirtualVr::Ox | VirtualVr::Px => matches!(vr, VR::OB | VR::OW),
        VirtualVr::Lt => matches!(vr, VR::US | VR::SS | VR::OW),
        _ => true,
    };
    if ok {
        None
    } else {
        Some(match entry.vr() {
            VirtualVr::Exact(v) => v.to_string(),
            VirtualVr::Xs => "US or SS",
            VirtualVr::Ox | VirtualVr::Px => "OB or OW",
            VirtualVr::Lt => "US, SS or OW",
            _ => "?",
        })
    }
}

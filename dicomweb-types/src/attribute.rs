//! Attribute tags, keywords and dotted attribute paths as QIDO-RS and UPS-RS queries name
//! them ([PS3.18 §8.3.4.1][q]).
//!
//! Keywords resolve through a built-in table of the attributes DICOMweb searches and UPS
//! workitems use (PS3.18 Tables 10.6.1-5 to 10.6.1-7 and the UPS attributes of PS3.4
//! Table CC.2.5-3), with their VRs; other attributes are named by tag (`ggggeeee`). The table
//! is small on purpose: `dicomweb-types` does not depend on a full data dictionary.
//!
//! [q]: https://dicom.nema.org/medical/dicom/current/output/chtml/part18/sect_8.3.4.html

use crate::error::{Error, ErrorKind, Position};
use std::fmt;

/// A data element tag (PS3.5 §7.1): group and element in one `u32`, `0xGGGGEEEE`.
///
/// Parses `ggggeeee`, `gggg,eeee` or `(gggg,eeee)` (hex, any case); displays `(GGGG,EEEE)`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag(pub u32);

impl Tag {
    /// The group number.
    pub fn group(self) -> u16 {
        (self.0 >> 16) as u16
    }
    /// The element number.
    pub fn element(self) -> u16 {
        (self.0 & 0xffff) as u16
    }
    /// Parses one of the accepted spellings.
    pub fn parse(s: &str) -> Option<Tag> {
        let t = s.trim_start_matches('(').trim_end_matches(')');
        let hex: String = match t.split_once(',') {
            Some((g, e)) if g.len() == 4 && e.len() == 4 => format!("{g}{e}"),
            Some(_) => return None,
            None if t.len() == 8 => t.to_owned(),
            None => return None,
        };
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(&hex, 16).ok().map(Tag)
    }
    /// `GGGGEEEE`, the form a query string uses.
    pub fn to_hex(self) -> String {
        format!("{:08X}", self.0)
    }
    /// The keyword, when the built-in table knows the tag.
    pub fn keyword(self) -> Option<&'static str> {
        KEYWORDS.iter().find(|k| k.1 == self.0).map(|k| k.0)
    }
    /// The VR, when the built-in table knows the tag.
    pub fn vr(self) -> Option<&'static str> {
        KEYWORDS.iter().find(|k| k.1 == self.0).map(|k| k.2)
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({:04X},{:04X})", self.group(), self.element())
    }
}

impl fmt::Debug for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tag{self}")
    }
}

/// Looks a keyword up (exact case, as PS3.6 spells it): in the built-in table, then, with the
/// `dicom` feature, in the full PS3.6 dictionary of `dicom-dictionary-std`.
pub fn keyword_to_tag(keyword: &str) -> Option<Tag> {
    if let Some(k) = KEYWORDS.iter().find(|k| k.0 == keyword) {
        return Some(Tag(k.1));
    }
    #[cfg(feature = "dicom")]
    {
        use dicom_core::dictionary::{DataDictionary, DataDictionaryEntry, TagRange};
        let entry = dicom_dictionary_std::StandardDataDictionary.by_name(keyword)?;
        if let TagRange::Single(t) = entry.tag_range() {
            return Some(Tag((u32::from(t.group()) << 16) | u32::from(t.element())));
        }
    }
    None
}

/// The VR of a tag: from the built-in table, then, with the `dicom` feature, from the full
/// dictionary.
pub(crate) fn vr_of(tag: Tag) -> Option<&'static str> {
    if let Some(vr) = tag.vr() {
        return Some(vr);
    }
    #[cfg(feature = "dicom")]
    {
        use dicom_core::dictionary::{DataDictionary, DataDictionaryEntry, VirtualVr};
        let t = dicom_core::Tag(tag.group(), tag.element());
        let entry = dicom_dictionary_std::StandardDataDictionary.by_tag(t)?;
        if let VirtualVr::Exact(vr) = entry.vr() {
            return Some(vr.to_string());
        }
    }
    None
}

/// A path to an attribute, possibly inside sequences: `00400275.00321060` or
/// `RequestAttributesSequence.RequestedProcedureID` (PS3.18 §8.3.4.1).
///
/// ```
/// use dicomweb_types::{AttributePath, Tag};
/// let p = AttributePath::parse("RequestAttributesSequence.00400009")?;
/// assert_eq!(p.tags(), &[Tag(0x0040_0275), Tag(0x0040_0009)]);
/// assert_eq!(p.to_string(), "00400275.00400009");
/// assert!(AttributePath::parse("NoSuchKeyword").is_err());
/// # Ok::<(), dicomweb_types::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct AttributePath(Vec<Tag>);

impl AttributePath {
    /// One attribute at the top level.
    pub fn tag(tag: Tag) -> Self {
        AttributePath(vec![tag])
    }

    /// Parses a dotted path of keywords or `ggggeeee` tags.
    pub fn parse(s: &str) -> Result<Self, Error> {
        let mut tags = Vec::new();
        for (i, part) in s.split('.').enumerate() {
            if i >= 16 {
                return Err(Error::new(ErrorKind::UnknownAttribute, Position::None).with_detail(s));
            }
            let tag = keyword_to_tag(part)
                .or_else(|| (part.len() == 8).then(|| Tag::parse(part)).flatten())
                .ok_or_else(|| {
                    Error::new(ErrorKind::UnknownAttribute, Position::None).with_detail(s)
                })?;
            tags.push(tag);
        }
        Ok(AttributePath(tags))
    }

    /// The tags from the top level down.
    pub fn tags(&self) -> &[Tag] {
        &self.0
    }

    /// The attribute the path ends at.
    pub fn leaf(&self) -> Tag {
        self.0.last().copied().unwrap_or(Tag(0))
    }

    /// The path with keywords where the table knows them (`PatientName`, `A.B`).
    pub fn to_keyword_string(&self) -> String {
        self.0
            .iter()
            .map(|t| t.keyword().map(str::to_owned).unwrap_or_else(|| t.to_hex()))
            .collect::<Vec<_>>()
            .join(".")
    }
}

impl fmt::Display for AttributePath {
    /// `GGGGEEEE.GGGGEEEE`: the canonical query form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, t) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{:08X}", t.0)?;
        }
        Ok(())
    }
}

impl From<Tag> for AttributePath {
    fn from(t: Tag) -> Self {
        AttributePath::tag(t)
    }
}

/// The built-in keyword table as `(keyword, tag, VR)` (for tests that check it against PS3.6).
#[doc(hidden)]
pub fn keyword_table() -> &'static [(&'static str, u32, &'static str)] {
    KEYWORDS
}

/// (keyword, tag, VR): the built-in table.
pub(crate) const KEYWORDS: &[(&str, u32, &str)] = &[
    ("SpecificCharacterSet", 0x0008_0005, "CS"),
    ("SOPClassUID", 0x0008_0016, "UI"),
    ("SOPInstanceUID", 0x0008_0018, "UI"),
    ("StudyDate", 0x0008_0020, "DA"),
    ("SeriesDate", 0x0008_0021, "DA"),
    ("AcquisitionDate", 0x0008_0022, "DA"),
    ("ContentDate", 0x0008_0023, "DA"),
    ("AcquisitionDateTime", 0x0008_002A, "DT"),
    ("StudyTime", 0x0008_0030, "TM"),
    ("SeriesTime", 0x0008_0031, "TM"),
    ("ContentTime", 0x0008_0033, "TM"),
    ("AccessionNumber", 0x0008_0050, "SH"),
    ("IssuerOfAccessionNumberSequence", 0x0008_0051, "SQ"),
    ("QueryRetrieveLevel", 0x0008_0052, "CS"),
    ("RetrieveAETitle", 0x0008_0054, "AE"),
    ("InstanceAvailability", 0x0008_0056, "CS"),
    ("Modality", 0x0008_0060, "CS"),
    ("ModalitiesInStudy", 0x0008_0061, "CS"),
    ("SOPClassesInStudy", 0x0008_0062, "UI"),
    ("ReferringPhysicianName", 0x0008_0090, "PN"),
    ("TimezoneOffsetFromUTC", 0x0008_0201, "SH"),
    ("RetrieveURL", 0x0008_1190, "UR"),
    ("StationName", 0x0008_1010, "SH"),
    ("StudyDescription", 0x0008_1030, "LO"),
    ("ProcedureCodeSequence", 0x0008_1032, "SQ"),
    ("SeriesDescription", 0x0008_103E, "LO"),
    ("InstitutionalDepartmentName", 0x0008_1040, "LO"),
    ("PerformingPhysicianName", 0x0008_1050, "PN"),
    ("ReferencedSOPClassUID", 0x0008_1150, "UI"),
    ("ReferencedSOPInstanceUID", 0x0008_1155, "UI"),
    ("WarningReason", 0x0008_1196, "US"),
    ("FailureReason", 0x0008_1197, "US"),
    ("FailedSOPSequence", 0x0008_1198, "SQ"),
    ("ReferencedSOPSequence", 0x0008_1199, "SQ"),
    ("OtherFailuresSequence", 0x0008_119A, "SQ"),
    ("PatientName", 0x0010_0010, "PN"),
    ("PatientID", 0x0010_0020, "LO"),
    ("IssuerOfPatientID", 0x0010_0021, "LO"),
    ("PatientBirthDate", 0x0010_0030, "DA"),
    ("PatientSex", 0x0010_0040, "CS"),
    ("OtherPatientIDsSequence", 0x0010_1002, "SQ"),
    ("PatientAge", 0x0010_1010, "AS"),
    ("BodyPartExamined", 0x0018_0015, "CS"),
    ("StudyInstanceUID", 0x0020_000D, "UI"),
    ("SeriesInstanceUID", 0x0020_000E, "UI"),
    ("StudyID", 0x0020_0010, "SH"),
    ("SeriesNumber", 0x0020_0011, "IS"),
    ("InstanceNumber", 0x0020_0013, "IS"),
    ("NumberOfFrames", 0x0028_0008, "IS"),
    ("Rows", 0x0028_0010, "US"),
    ("Columns", 0x0028_0011, "US"),
    ("BitsAllocated", 0x0028_0100, "US"),
    ("NumberOfStudyRelatedSeries", 0x0020_1206, "IS"),
    ("NumberOfStudyRelatedInstances", 0x0020_1208, "IS"),
    ("NumberOfSeriesRelatedInstances", 0x0020_1209, "IS"),
    ("RequestingPhysician", 0x0032_1032, "PN"),
    ("RequestedProcedureDescription", 0x0032_1060, "LO"),
    ("RequestedProcedureCodeSequence", 0x0032_1064, "SQ"),
    ("AdmissionID", 0x0038_0010, "LO"),
    ("ScheduledStationAETitle", 0x0040_0001, "AE"),
    ("ScheduledProcedureStepStartDate", 0x0040_0002, "DA"),
    ("ScheduledProcedureStepStartTime", 0x0040_0003, "TM"),
    ("ScheduledPerformingPhysicianName", 0x0040_0006, "PN"),
    ("ScheduledProcedureStepDescription", 0x0040_0007, "LO"),
    ("ScheduledProcedureStepID", 0x0040_0009, "SH"),
    ("ScheduledProcedureStepSequence", 0x0040_0100, "SQ"),
    ("RequestedProcedureID", 0x0040_1001, "SH"),
    ("PerformedProcedureStepStartDate", 0x0040_0244, "DA"),
    ("PerformedProcedureStepStartTime", 0x0040_0245, "TM"),
    ("RequestAttributesSequence", 0x0040_0275, "SQ"),
    ("ScheduledWorkitemCodeSequence", 0x0040_4018, "SQ"),
    ("InputInformationSequence", 0x0040_4021, "SQ"),
    ("ScheduledStationNameCodeSequence", 0x0040_4025, "SQ"),
    ("ScheduledStationClassCodeSequence", 0x0040_4026, "SQ"),
    (
        "ScheduledStationGeographicLocationCodeSequence",
        0x0040_4027,
        "SQ",
    ),
    ("ScheduledHumanPerformersSequence", 0x0040_4034, "SQ"),
    ("ActualHumanPerformersSequence", 0x0040_4035, "SQ"),
    ("HumanPerformerCodeSequence", 0x0040_4009, "SQ"),
    ("ScheduledProcedureStepPriority", 0x0074_1200, "CS"),
    ("WorklistLabel", 0x0074_1202, "LO"),
    ("ProcedureStepLabel", 0x0074_1204, "LO"),
    (
        "ScheduledProcedureStepModificationDateTime",
        0x0040_4010,
        "DT",
    ),
    ("ScheduledProcedureStepStartDateTime", 0x0040_4005, "DT"),
    ("ExpectedCompletionDateTime", 0x0040_4011, "DT"),
    (
        "ScheduledProcedureStepExpirationDateTime",
        0x0040_4008,
        "DT",
    ),
    ("ProcedureStepState", 0x0074_1000, "CS"),
    (
        "ProcedureStepProgressInformationSequence",
        0x0074_1002,
        "SQ",
    ),
    ("ProcedureStepCancellationDateTime", 0x0040_4052, "DT"),
    ("ReasonForCancellation", 0x0074_1238, "LT"),
    ("TransactionUID", 0x0008_1195, "UI"),
    (
        "UnifiedProcedureStepPerformedProcedureSequence",
        0x0074_1216,
        "SQ",
    ),
    ("ReceivingAE", 0x0074_1234, "AE"),
    ("RequestingAE", 0x0074_1236, "AE"),
    ("CodeValue", 0x0008_0100, "SH"),
    ("CodingSchemeDesignator", 0x0008_0102, "SH"),
    ("CodeMeaning", 0x0008_0104, "LO"),
    ("AvailableTransferSyntaxUID", 0x0008_3002, "UI"),
    ("InstanceCreationDate", 0x0008_0012, "DA"),
    ("InstanceCreationTime", 0x0008_0013, "TM"),
    ("PerformedProcedureStepStartDateTime", 0x0040_4050, "DT"),
];

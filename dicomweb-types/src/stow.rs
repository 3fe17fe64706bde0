//! The STOW-RS response ([PS3.18 §10.5.3][s], Annex I): which instances were stored, which
//! failed and why, and the HTTP status that follows.
//!
//! The model stands alone; with the `dicom` feature it converts to and from a
//! `dicom_object::InMemDicomObject` (the Store Instances Response Module), and with the `json`
//! feature to and from DICOM JSON through `dicom-json-codec`.
//!
//! [s]: https://dicom.nema.org/medical/dicom/current/output/chtml/part18/sect_10.5.3.html

use crate::Uid;
use std::fmt;

macro_rules! codes {
    ($ty:ident, $doc:literal, $($(#[$m:meta])* $name:ident = $v:literal, $text:literal;)*) => {
        #[doc = $doc]
        ///
        /// An open code set: unknown values are kept.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $ty(pub u16);
        impl $ty {
            $( $(#[$m])* pub const $name: $ty = $ty($v); )*
            /// The meaning PS3.18 Annex I / PS3.4 gives the code, if known.
            pub fn meaning(self) -> Option<&'static str> {
                match self.0 { $( $v => Some($text), )* _ => None }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.meaning() {
                    Some(m) => write!(f, "{:04X}H ({m})", self.0),
                    None => write!(f, "{:04X}H", self.0),
                }
            }
        }
    };
}

codes! {
    FailureReason, "Failure Reason (0008,1197) of a Failed SOP Sequence item (PS3.18 Annex I, PS3.4 Annex GG).",
    /// Processing failure (Orthanc answers it for a study mismatch).
    PROCESSING_FAILURE = 0x0110, "Processing failure";
    /// No such object instance.
    NO_SUCH_OBJECT_INSTANCE = 0x0112, "No such object instance";
    /// Referenced SOP Class not supported.
    SOP_CLASS_NOT_SUPPORTED = 0x0122, "Referenced SOP Class not supported";
    /// Not authorized.
    NOT_AUTHORIZED = 0x0124, "Not authorized";
    /// Out of resources.
    OUT_OF_RESOURCES = 0xA700, "Out of resources";
    /// Data Set does not match SOP Class.
    DATA_SET_DOES_NOT_MATCH_SOP_CLASS = 0xA900, "Data Set does not match SOP Class";
    /// Cannot understand.
    CANNOT_UNDERSTAND = 0xC000, "Cannot understand";
    /// Referenced Transfer Syntax not supported.
    TRANSFER_SYNTAX_NOT_SUPPORTED = 0xC122, "Referenced Transfer Syntax not supported";
}

codes! {
    WarningReason, "Warning Reason (0008,1196) of a Referenced SOP Sequence item (PS3.18 Annex I).",
    /// Coercion of data elements.
    COERCION_OF_DATA_ELEMENTS = 0xB000, "Coercion of data elements";
    /// Elements discarded.
    ELEMENTS_DISCARDED = 0xB006, "Elements discarded";
    /// Data Set does not match SOP Class.
    DATA_SET_DOES_NOT_MATCH_SOP_CLASS = 0xB007, "Data Set does not match SOP Class";
}

/// An instance the server stored (an item of Referenced SOP Sequence (0008,1199)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StoredInstance {
    /// Referenced SOP Class UID (0008,1150).
    pub sop_class: Uid,
    /// Referenced SOP Instance UID (0008,1155).
    pub sop_instance: Uid,
    /// Retrieve URL (0008,1190).
    pub retrieve_url: Option<String>,
    /// Warning Reason (0008,1196), when stored with a warning.
    pub warning: Option<WarningReason>,
}

/// An instance the server did not store (an item of Failed SOP Sequence (0008,1198)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FailedInstance {
    /// Referenced SOP Class UID (0008,1150).
    pub sop_class: Option<Uid>,
    /// Referenced SOP Instance UID (0008,1155).
    pub sop_instance: Option<Uid>,
    /// Failure Reason (0008,1197).
    pub reason: FailureReason,
}

/// The Store Instances Response (PS3.18 §10.5.3, Table 10.5.3-3).
///
/// ```
/// use dicomweb_types::stow::{FailureReason, StowResponse};
/// let mut r = StowResponse::default();
/// assert_eq!(r.status(), 400, "nothing stored, nothing failed: the request was not understood");
/// r.add_stored("1.2.840.10008.5.1.4.1.1.2", "1.2.3", None)?;
/// assert_eq!(r.status(), 200);
/// r.add_failed(Some("1.2.840.10008.5.1.4.1.1.2"), Some("1.2.4"), FailureReason::OUT_OF_RESOURCES)?;
/// assert_eq!(r.status(), 202);
/// # Ok::<(), dicomweb_types::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct StowResponse {
    /// Retrieve URL (0008,1190) of the study, when all instances are in one.
    pub retrieve_url: Option<String>,
    /// Referenced SOP Sequence (0008,1199).
    pub stored: Vec<StoredInstance>,
    /// Failed SOP Sequence (0008,1198).
    pub failed: Vec<FailedInstance>,
}

impl StowResponse {
    /// Adds a stored instance.
    pub fn add_stored(
        &mut self,
        sop_class: &str,
        sop_instance: &str,
        warning: Option<WarningReason>,
    ) -> Result<&mut Self, crate::Error> {
        self.stored.push(StoredInstance {
            sop_class: Uid::new(sop_class)?,
            sop_instance: Uid::new(sop_instance)?,
            retrieve_url: None,
            warning,
        });
        Ok(self)
    }

    /// Adds a failed instance.
    pub fn add_failed(
        &mut self,
        sop_class: Option<&str>,
        sop_instance: Option<&str>,
        reason: FailureReason,
    ) -> Result<&mut Self, crate::Error> {
        self.failed.push(FailedInstance {
            sop_class: sop_class.map(Uid::new).transpose()?,
            sop_instance: sop_instance.map(Uid::new).transpose()?,
            reason,
        });
        Ok(self)
    }

    /// The HTTP status of this response (PS3.18 §10.5.3, Table 10.5.3-2):
    /// 200 when every instance was stored without warnings; 202 when some were stored and
    /// others failed or were stored with warnings; 409 when none was stored because of a
    /// conflict (any failure reason other than "cannot understand"); 400 when none was stored
    /// and the request was not understood. (415 is the answer to a body that is not
    /// `multipart/related; type="application/dicom"` before any of this: see
    /// [`ErrorKind::UnsupportedMediaType`](crate::ErrorKind::UnsupportedMediaType).)
    pub fn status(&self) -> u16 {
        let warned = self.stored.iter().any(|s| s.warning.is_some());
        match (self.stored.is_empty(), self.failed.is_empty()) {
            (false, true) if !warned => 200,
            (false, _) => 202,
            (true, false)
                if self
                    .failed
                    .iter()
                    .any(|f| f.reason != FailureReason::CANNOT_UNDERSTAND) =>
            {
                409
            }
            (true, _) => 400,
        }
    }
}

/// Checks the request body's media type of a STOW-RS request (PS3.18 §10.5.2): it must be
/// `multipart/related` with a part type of `application/dicom` (or DICOM JSON/XML metadata
/// with bulk data), else 415.
pub fn check_request_type(content_type: &str) -> Result<crate::MediaType, crate::Error> {
    use crate::error::{Error, ErrorKind, Position};
    let mt = crate::MediaType::parse(content_type).map_err(|_| {
        Error::new(ErrorKind::UnsupportedMediaType, Position::None).with_detail(content_type)
    })?;
    let part_ok = mt.related_type().is_some_and(|t| {
        t.is(crate::MediaType::APPLICATION_DICOM)
            || t.is(crate::MediaType::APPLICATION_DICOM_JSON)
            || t.is(crate::MediaType::APPLICATION_DICOM_XML)
    });
    if !mt.is_multipart_related() || !part_ok {
        return Err(
            Error::new(ErrorKind::UnsupportedMediaType, Position::None).with_detail(content_type)
        );
    }
    mt.boundary()?;
    Ok(mt)
}

#[cfg(feature = "dicom")]
mod dataset {
    use super::{FailedInstance, FailureReason, StoredInstance, StowResponse, WarningReason};
    use crate::Uid;
    use crate::error::{Error, ErrorKind, Position};
    use dicom_core::value::{DataSetSequence, PrimitiveValue, Value};
    use dicom_core::{DataElement, Length, Tag, VR};
    use dicom_object::InMemDicomObject;

    const RETRIEVE_URL: Tag = Tag(0x0008, 0x1190);
    const REFERENCED_SOP_SEQUENCE: Tag = Tag(0x0008, 0x1199);
    const FAILED_SOP_SEQUENCE: Tag = Tag(0x0008, 0x1198);
    const SOP_CLASS: Tag = Tag(0x0008, 0x1150);
    const SOP_INSTANCE: Tag = Tag(0x0008, 0x1155);
    const WARNING_REASON: Tag = Tag(0x0008, 0x1196);
    const FAILURE_REASON: Tag = Tag(0x0008, 0x1197);

    fn text(obj: &InMemDicomObject, tag: Tag) -> Option<String> {
        obj.get(tag)
            .and_then(|e| e.to_str().ok())
            .map(|s| s.trim_end_matches(['\0', ' ']).to_owned())
            .filter(|s| !s.is_empty())
    }

    fn code(obj: &InMemDicomObject, tag: Tag) -> Option<u16> {
        obj.get(tag).and_then(|e| e.to_int::<u16>().ok())
    }

    fn items(obj: &InMemDicomObject, tag: Tag) -> &[InMemDicomObject] {
        obj.get(tag).and_then(|e| e.items()).unwrap_or_default()
    }

    fn bad(tag: Tag, what: &str) -> Error {
        Error::new(
            ErrorKind::InvalidQuery("invalid STOW-RS response"),
            Position::None,
        )
        .with_detail(format!("{tag}: {what}"))
    }

    impl StowResponse {
        /// Reads the Store Instances Response Module from a data set.
        pub fn from_dataset(obj: &InMemDicomObject) -> Result<Self, Error> {
            let mut r = StowResponse {
                retrieve_url: text(obj, RETRIEVE_URL),
                ..Default::default()
            };
            for item in items(obj, REFERENCED_SOP_SEQUENCE) {
                let class = text(item, SOP_CLASS).ok_or_else(|| bad(SOP_CLASS, "missing"))?;
                let inst = text(item, SOP_INSTANCE).ok_or_else(|| bad(SOP_INSTANCE, "missing"))?;
                r.stored.push(StoredInstance {
                    sop_class: Uid::new(&class)?,
                    sop_instance: Uid::new(&inst)?,
                    retrieve_url: text(item, RETRIEVE_URL),
                    warning: code(item, WARNING_REASON).map(WarningReason),
                });
            }
            for item in items(obj, FAILED_SOP_SEQUENCE) {
                r.failed.push(FailedInstance {
                    sop_class: text(item, SOP_CLASS).map(|u| Uid::new(&u)).transpose()?,
                    sop_instance: text(item, SOP_INSTANCE).map(|u| Uid::new(&u)).transpose()?,
                    reason: FailureReason(
                        code(item, FAILURE_REASON).ok_or_else(|| bad(FAILURE_REASON, "missing"))?,
                    ),
                });
            }
            Ok(r)
        }

        /// Writes the Store Instances Response Module as a data set.
        pub fn to_dataset(&self) -> InMemDicomObject {
            let mut obj = InMemDicomObject::new_empty();
            if let Some(u) = &self.retrieve_url {
                obj.put(DataElement::new(
                    RETRIEVE_URL,
                    VR::UR,
                    PrimitiveValue::from(u.as_str()),
                ));
            }
            let mut stored = Vec::new();
            for s in &self.stored {
                let mut item = InMemDicomObject::new_empty();
                item.put(DataElement::new(
                    SOP_CLASS,
                    VR::UI,
                    PrimitiveValue::from(s.sop_class.as_str()),
                ));
                item.put(DataElement::new(
                    SOP_INSTANCE,
                    VR::UI,
                    PrimitiveValue::from(s.sop_instance.as_str()),
                ));
                if let Some(u) = &s.retrieve_url {
                    item.put(DataElement::new(
                        RETRIEVE_URL,
                        VR::UR,
                        PrimitiveValue::from(u.as_str()),
                    ));
                }
                if let Some(w) = s.warning {
                    item.put(DataElement::new(
                        WARNING_REASON,
                        VR::US,
                        PrimitiveValue::from(w.0),
                    ));
                }
                stored.push(item);
            }
            let mut failed = Vec::new();
            for f in &self.failed {
                let mut item = InMemDicomObject::new_empty();
                if let Some(c) = &f.sop_class {
                    item.put(DataElement::new(
                        SOP_CLASS,
                        VR::UI,
                        PrimitiveValue::from(c.as_str()),
                    ));
                }
                if let Some(i) = &f.sop_instance {
                    item.put(DataElement::new(
                        SOP_INSTANCE,
                        VR::UI,
                        PrimitiveValue::from(i.as_str()),
                    ));
                }
                item.put(DataElement::new(
                    FAILURE_REASON,
                    VR::US,
                    PrimitiveValue::from(f.reason.0),
                ));
                failed.push(item);
            }
            if !stored.is_empty() {
                obj.put(DataElement::new(
                    REFERENCED_SOP_SEQUENCE,
                    VR::SQ,
                    Value::from(DataSetSequence::new(stored, Length::UNDEFINED)),
                ));
            }
            if !failed.is_empty() {
                obj.put(DataElement::new(
                    FAILED_SOP_SEQUENCE,
                    VR::SQ,
                    Value::from(DataSetSequence::new(failed, Length::UNDEFINED)),
                ));
            }
            obj
        }
    }

    #[cfg(feature = "json")]
    impl StowResponse {
        /// Decodes a DICOM JSON response body (PS3.18 Annex F) with `dicom-json-codec`.
        pub fn from_json(body: &[u8]) -> Result<Self, Error> {
            let obj = dicom_json_codec::from_slice(body).map_err(|e| {
                Error::new(
                    ErrorKind::InvalidQuery("invalid DICOM JSON"),
                    Position::None,
                )
                .with_detail(e.to_string())
            })?;
            Self::from_dataset(&obj)
        }

        /// Encodes the response as DICOM JSON.
        pub fn to_json(&self) -> Result<Vec<u8>, Error> {
            dicom_json_codec::to_vec(&self.to_dataset()).map_err(|e| {
                Error::new(
                    ErrorKind::InvalidQuery("cannot encode DICOM JSON"),
                    Position::None,
                )
                .with_detail(e.to_string())
            })
        }
    }
}

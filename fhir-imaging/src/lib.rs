//! FHIR imaging resources for R4 (4.0.1) and R5 (5.0.0): ImagingStudy, ImagingSelection (R5),
//! Endpoint, ServiceRequest, DiagnosticReport, Patient, Bundle and OperationOutcome, with
//! lossless JSON per [FHIR R5 json.html][json] / [FHIR R4 json.html][json4] and validation
//! with located errors.
//!
//! This crate models the resources an imaging gateway needs, not all of FHIR: it compiles in
//! seconds and decodes straight from the JSON text into typed structs. Every other resource
//! type is kept as JSON ([`OtherResource`]) so that nothing is lost.
//!
//! ```
//! use fhir_imaging::r4;
//!
//! let text = r#"{"resourceType":"ImagingStudy","status":"available",
//!   "subject":{"reference":"Patient/p1"},
//!   "series":[{"uid":"1.2.3","modality":{"system":"http://dicom.nema.org/resources/ontology/DCM","code":"CT"},
//!     "instance":[{"uid":"1.2.3.4","sopClass":{"system":"urn:ietf:rfc:3986","code":"urn:oid:1.2.840.10008.5.1.4.1.1.2"}}]}]}"#;
//! let study: r4::ImagingStudy = fhir_imaging::from_str(text)?;
//! assert_eq!(study.series[0].instance[0].uid.as_ref().and_then(|u| u.as_str()), Some("1.2.3.4"));
//! assert!(fhir_imaging::validate(&study).is_empty());
//!
//! // Errors name the element.
//! let err = fhir_imaging::from_str::<r4::ImagingStudy>(r#"{"resourceType":"ImagingStudy","series":[]}"#).unwrap_err();
//! assert_eq!(err.path(), "ImagingStudy.series");
//! # Ok::<(), fhir_imaging::Error>(())
//! ```
//!
//! # JSON rules kept (FHIR R5 json.html)
//! - Primitive ids and extensions through `_name`, also for primitive arrays with `null`
//!   alignment; `null` anywhere else, empty objects, empty arrays and empty strings are errors.
//! - Decimals keep their text (`1.50` stays `1.50`, see [`DecimalValue`]); `integer64` is a
//!   JSON string (R5); date/dateTime/instant keep their precision as given.
//! - `resourceType` is written first; empty objects and arrays are never written.
//! - Unknown elements: an error in strict mode (the default), kept in each model's `unknown`
//!   member and written back in lenient mode ([`Decoder::strict`]); never dropped.
//!
//! # Strings and memory
//! Text values are [`SharedStr`]s: [`from_str`] copies the document into shared chunks of
//! about 32 KB and every string without JSON escapes is a range of one, so decoding allocates
//! per object, not per string. A decoded value keeps its chunk alive; [`SharedStr::detach`]
//! copies one value out. Arrays start at the length of the previous array of their element
//! type and are trimmed to fit. The
//! members most elements have and few documents use (`extension`, `modifierExtension`,
//! lenient `unknown`) are [`ThinVec`]s, one pointer when empty.
//!
//! # Versions
//! [`r4`] and [`r5`] hold the resources; datatypes and backbone elements that agree are shared
//! (the R5-only elements of shared datatypes, such as `Attachment.height`, are refused when
//! decoding R4).
//!
//! [json]: https://hl7.org/fhir/R5/json.html
//! [json4]: https://hl7.org/fhir/R4/json.html
#![forbid(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations)]

mod codec;
mod datatypes;
mod error;
mod json;
mod limits;
mod primitive;
mod resource;
mod shared;
mod shared_str;
mod thin_vec;
mod validate;

pub mod fhircast;
pub mod r4;
pub mod r5;

pub use crate::datatypes::*;
pub use crate::error::{Error, ErrorKind};
pub use crate::json::{DecodeOptions, Json};
pub use crate::limits::Limits;
pub use crate::primitive::{DecimalValue, ParseDecimalError, Prim, PrimitiveKind, kind};
pub use crate::resource::{
    FhirResource, OtherResource, R4_RESOURCES, R5_RESOURCES, is_resource_type,
};
pub use crate::shared::{
    ADMINISTRATIVE_GENDER, BUNDLE_TYPE_R4, BUNDLE_TYPE_R5, DIAGNOSTIC_REPORT_STATUS_R4,
    DIAGNOSTIC_REPORT_STATUS_R5, DiagnosticReportEffective, ENDPOINT_STATUS_R4, ENDPOINT_STATUS_R5,
    HTTP_VERB, IMAGING_SELECTION_STATUS, IMAGING_STUDY_STATUS, ISSUE_SEVERITY, ISSUE_TYPE,
    ImagingStudySeriesInstance, ImagingStudySeriesPerformer, LINK_TYPE, PatientDeceased,
    PatientMultipleBirth, REQUEST_INTENT, REQUEST_PRIORITY, REQUEST_STATUS, SEARCH_ENTRY_MODE,
    ServiceRequestAsNeeded, ServiceRequestOccurrence, ServiceRequestQuantity, connection_type,
};
pub use crate::shared_str::SharedStr;
pub use crate::thin_vec::ThinVec;
pub use crate::validate::{Issue, Severity};

use crate::primitive::kind as k;

/// FHIR `base64Binary`.
pub type Base64Binary = Prim<k::Base64Binary>;
/// FHIR `boolean`.
pub type Boolean = Prim<k::Boolean>;
/// FHIR `canonical`.
pub type Canonical = Prim<k::Canonical>;
/// FHIR `code`.
pub type Code = Prim<k::Code>;
/// FHIR `date` (precision kept as given).
pub type Date = Prim<k::Date>;
/// FHIR `dateTime` (precision kept as given).
pub type DateTime = Prim<k::DateTime>;
/// FHIR `decimal` (exact text).
pub type Decimal = Prim<k::Decimal>;
/// FHIR `id`.
pub type Id = Prim<k::Id>;
/// FHIR `instant`.
pub type Instant = Prim<k::Instant>;
/// FHIR `integer`.
pub type Integer = Prim<k::Integer>;
/// FHIR `integer64` (R5; a JSON string, kept as text).
pub type Integer64 = Prim<k::Integer64>;
/// FHIR `markdown`.
pub type Markdown = Prim<k::Markdown>;
/// FHIR `oid`.
pub type Oid = Prim<k::Oid>;
/// FHIR `positiveInt`.
pub type PositiveInt = Prim<k::PositiveInt>;
/// FHIR `time`.
pub type Time = Prim<k::Time>;
/// FHIR `unsignedInt`.
pub type UnsignedInt = Prim<k::UnsignedInt>;
/// FHIR `uri`.
pub type Uri = Prim<k::Uri>;
/// FHIR `url`.
pub type Url = Prim<k::Url>;
/// FHIR `uuid`.
pub type Uuid = Prim<k::Uuid>;
/// FHIR `xhtml` (Narrative.div).
pub type Xhtml = Prim<k::Xhtml>;

/// A FHIR version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Version {
    /// FHIR R4 (4.0.1).
    R4,
    /// FHIR R5 (5.0.0).
    R5,
}

/// Decoder configuration: strict or lenient, and [`Limits`].
///
/// ```
/// use fhir_imaging::{r5, Decoder};
/// let text = r#"{"resourceType":"Patient","gender":"male","favouriteColour":"blue"}"#;
/// assert!(fhir_imaging::from_str::<r5::Patient>(text).is_err());
/// let p: r5::Patient = Decoder::new().strict(false).from_str(text)?;
/// assert_eq!(p.unknown.len(), 1);
/// assert_eq!(fhir_imaging::to_string(&p), text); // kept and written back
/// # Ok::<(), fhir_imaging::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Decoder {
    opts: DecodeOptions,
}

impl Decoder {
    /// Strict, with default limits.
    pub fn new() -> Self {
        Self::default()
    }

    /// Unknown elements are an error (`true`, the default) or kept (`false`).
    pub fn strict(&mut self, strict: bool) -> &mut Self {
        self.opts.strict = strict;
        self
    }

    /// Set the limits.
    pub fn limits(&mut self, limits: Limits) -> &mut Self {
        self.opts.limits = limits;
        self
    }

    /// Decode a resource of type `T` (or any resource with `r4::Resource`/`r5::Resource`).
    #[allow(
        clippy::should_implement_trait,
        reason = "takes options; mirrors serde_json::from_str"
    )]
    pub fn from_str<T: FhirResource>(&self, s: &str) -> Result<T, Error> {
        if s.len() > self.opts.limits.max_input_bytes {
            return Err(Error::new(
                ErrorKind::LimitExceeded {
                    limit: "max_input_bytes",
                    max: self.opts.limits.max_input_bytes,
                },
                0,
            )
            .locate(s.as_bytes()));
        }
        self.decode(s, json::Reader::chunked(s, &self.opts, T::VERSION))
    }

    fn decode<T: FhirResource>(&self, s: &str, mut r: json::Reader<'_>) -> Result<T, Error> {
        let res = T::decode(&mut r).and_then(|v| r.end().map(|()| v));
        res.map_err(|e| {
            let e = match T::ROOT {
                Some(root) => e.in_resource(root),
                None => e,
            };
            e.locate(s.as_bytes())
        })
    }

    /// Decode from bytes (UTF-8, RFC 8259 §8.1).
    pub fn from_slice<T: FhirResource>(&self, b: &[u8]) -> Result<T, Error> {
        match std::str::from_utf8(b) {
            Ok(s) => self.from_str(s),
            Err(e) => Err(Error::new(ErrorKind::InvalidUtf8, e.valid_up_to()).locate(b)),
        }
    }
}

/// Decode a resource in strict mode with default limits.
///
/// `T` is a resource type of [`r4`] or [`r5`], or a version's `Resource` enum for any resource.
pub fn from_str<T: FhirResource>(s: &str) -> Result<T, Error> {
    Decoder::new().from_str(s)
}

/// Decode a resource from UTF-8 bytes in strict mode with default limits.
pub fn from_slice<T: FhirResource>(b: &[u8]) -> Result<T, Error> {
    Decoder::new().from_slice(b)
}

/// Encode compact JSON: `resourceType` first, no empty objects or arrays.
pub fn to_vec<T: FhirResource>(value: &T) -> Vec<u8> {
    let mut w = json::Writer::new(T::VERSION);
    if !value.encode(&mut w) {
        w.out.extend_from_slice(b"{}");
    }
    w.out
}

/// Encode compact JSON as a `String`.
pub fn to_string<T: FhirResource>(value: &T) -> String {
    let mut w = json::Writer::new(T::VERSION);
    if !value.encode(&mut w) {
        w.out.extend_from_slice(b"{}");
    }
    w.into_string()
}

/// Encode JSON indented by two spaces.
pub fn to_string_pretty<T: FhirResource>(value: &T) -> String {
    let compact = to_string(value);
    match Json::parse(&compact) {
        Ok(v) => v.to_string_pretty(),
        Err(_) => compact,
    }
}

/// Validate a resource: every problem, located (`ImagingStudy.series[0].uid`). An empty list
/// means valid. [`r5::OperationOutcome::from_issues`] turns the list into an OperationOutcome.
pub fn validate<T: FhirResource>(value: &T) -> Vec<Issue> {
    let mut v = validate::Validator::new(T::VERSION, value.resource_type());
    value.validate(&mut v);
    v.issues
}

/// Whether any issue is an error.
pub fn has_errors(issues: &[Issue]) -> bool {
    issues.iter().any(|i| i.severity == Severity::Error)
}

/// The README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

//! Resource parts that R4 and R5 define alike: backbone elements shared as types, and
//! templates (macros expanded in [`r4`](crate::r4) and [`r5`](crate::r5)) for resources whose
//! shape agrees but whose `contained`/`resource` members hold that version's `Resource`.

use crate::codec::{fhir_choice, fhir_struct};
use crate::datatypes::FhirString;
use crate::primitive::is_oid;
use crate::validate::Validator;
use crate::{
    Address, Boolean, Code, CodeableConcept, Coding, ContactPoint, DateTime, Decimal, HumanName,
    Id, Instant, Integer, Period, Quantity, Range, Ratio, Reference, Timing, UnsignedInt, Uri,
};

/// FHIR R5 valueset-imagingstudy-status (required).
pub const IMAGING_STUDY_STATUS: &[&str] = &[
    "registered",
    "available",
    "cancelled",
    "entered-in-error",
    "unknown",
];
/// FHIR R5 valueset-imagingselection-status (required).
pub const IMAGING_SELECTION_STATUS: &[&str] = &["available", "entered-in-error", "unknown"];
/// FHIR R4 valueset-endpoint-status (required).
pub const ENDPOINT_STATUS_R4: &[&str] = &[
    "active",
    "suspended",
    "error",
    "off",
    "entered-in-error",
    "test",
];
/// FHIR R5 valueset-endpoint-status (required).
pub const ENDPOINT_STATUS_R5: &[&str] =
    &["active", "suspended", "error", "off", "entered-in-error"];
/// FHIR R5 valueset-request-status (required).
pub const REQUEST_STATUS: &[&str] = &[
    "draft",
    "active",
    "on-hold",
    "revoked",
    "completed",
    "entered-in-error",
    "unknown",
];
/// FHIR R5 valueset-request-intent (required).
pub const REQUEST_INTENT: &[&str] = &[
    "proposal",
    "plan",
    "directive",
    "order",
    "original-order",
    "reflex-order",
    "filler-order",
    "instance-order",
    "option",
];
/// FHIR R5 valueset-request-priority (required).
pub const REQUEST_PRIORITY: &[&str] = &["routine", "urgent", "asap", "stat"];
/// FHIR R4 valueset-diagnostic-report-status (required).
pub const DIAGNOSTIC_REPORT_STATUS_R4: &[&str] = &[
    "registered",
    "partial",
    "preliminary",
    "final",
    "amended",
    "corrected",
    "appended",
    "cancelled",
    "entered-in-error",
    "unknown",
];
/// FHIR R5 valueset-diagnostic-report-status (required; adds `modified`).
pub const DIAGNOSTIC_REPORT_STATUS_R5: &[&str] = &[
    "registered",
    "partial",
    "preliminary",
    "modified",
    "final",
    "amended",
    "corrected",
    "appended",
    "cancelled",
    "entered-in-error",
    "unknown",
];
/// FHIR R5 valueset-administrative-gender (required).
pub const ADMINISTRATIVE_GENDER: &[&str] = &["male", "female", "other", "unknown"];
/// FHIR R5 valueset-link-type (required).
pub const LINK_TYPE: &[&str] = &["replaced-by", "replaces", "refer", "seealso"];
/// FHIR R4 valueset-bundle-type (required).
pub const BUNDLE_TYPE_R4: &[&str] = &[
    "document",
    "message",
    "transaction",
    "transaction-response",
    "batch",
    "batch-response",
    "history",
    "searchset",
    "collection",
];
/// FHIR R5 valueset-bundle-type (required; adds `subscription-notification`).
pub const BUNDLE_TYPE_R5: &[&str] = &[
    "document",
    "message",
    "transaction",
    "transaction-response",
    "batch",
    "batch-response",
    "history",
    "searchset",
    "collection",
    "subscription-notification",
];
/// FHIR R5 valueset-http-verb (required).
pub const HTTP_VERB: &[&str] = &["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"];
/// FHIR R5 valueset-search-entry-mode (required).
pub const SEARCH_ENTRY_MODE: &[&str] = &["match", "include", "outcome"];
/// FHIR R5 valueset-issue-severity (required; `success` is R5 only).
pub const ISSUE_SEVERITY: &[&str] = &["fatal", "error", "warning", "information", "success"];
/// FHIR R5 valueset-issue-type (required).
pub const ISSUE_TYPE: &[&str] = &[
    "invalid",
    "structure",
    "required",
    "value",
    "invariant",
    "security",
    "login",
    "unknown",
    "expired",
    "forbidden",
    "suppressed",
    "processing",
    "not-supported",
    "duplicate",
    "multiple-matches",
    "not-found",
    "deleted",
    "too-long",
    "code-invalid",
    "extension",
    "too-costly",
    "business-rule",
    "conflict",
    "limited-filter",
    "transient",
    "lock-error",
    "no-store",
    "exception",
    "timeout",
    "incomplete",
    "throttled",
    "informational",
    "success",
];

/// A DICOM UID: an OID of at most 64 characters (DICOM PS3.5 §9.1; FHIR ImagingStudy.series.uid).
pub(crate) fn check_dicom_uid(uid: Option<&Id>, v: &mut Validator, name: &'static str) {
    if let Some(text) = uid.and_then(|u| u.as_str()) {
        let text = text.strip_prefix("urn:oid:").unwrap_or(text);
        if text.len() > 64 || !is_oid(text) {
            v.at(name, |v| {
                v.error("invariant", format!("`{text}` is not a DICOM UID (digits and dots, at most 64 characters; PS3.5 §9.1)"))
            });
        }
    }
}

fhir_struct! {
    /// Who performed the series (FHIR R4/R5 ImagingStudy.series.performer).
    pub struct ImagingStudySeriesPerformer : backbone "ImagingStudy.series.performer" {
        /// Type of performance.
        pub function: Option<CodeableConcept> = "function";
        /// Who performed the series (1..1).
        pub actor: Option<Reference> = "actor" min 1;
    }
}

impl ImagingStudySeriesPerformer {
    /// A performer.
    pub fn new(actor: Reference) -> Self {
        ImagingStudySeriesPerformer {
            actor: Some(actor),
            ..Default::default()
        }
    }
}

fhir_struct! {
    /// A single SOP instance from the series (FHIR R4/R5 ImagingStudy.series.instance).
    pub struct ImagingStudySeriesInstance : backbone "ImagingStudy.series.instance", invariants = instance_invariants {
        /// DICOM SOP Instance UID (1..1).
        pub uid: Option<Id> = "uid" min 1;
        /// DICOM class type (1..1).
        pub sop_class: Option<Coding> = "sopClass" min 1;
        /// The number of this instance in the series.
        pub number: Option<UnsignedInt> = "number";
        /// Description of instance.
        pub title: Option<FhirString> = "title";
    }
}

impl ImagingStudySeriesInstance {
    /// An instance from its SOP Instance UID and SOP Class UID (coded in `urn:ietf:rfc:3986` as
    /// `urn:oid:<uid>`).
    pub fn new(uid: impl Into<String>, sop_class_uid: &str) -> Self {
        ImagingStudySeriesInstance {
            uid: Some(Id::new(uid.into())),
            sop_class: Some(Coding::new(
                "urn:ietf:rfc:3986",
                format!("urn:oid:{sop_class_uid}"),
            )),
            ..Default::default()
        }
    }
}

fn instance_invariants(i: &ImagingStudySeriesInstance, v: &mut Validator) {
    check_dicom_uid(i.uid.as_ref(), v, "uid");
}

fhir_struct! {
    /// A media item of a report (FHIR R4/R5 DiagnosticReport.media).
    pub struct DiagnosticReportMedia : backbone "DiagnosticReport.media" {
        /// Comment about the image or data (e.g. explanation).
        pub comment: Option<FhirString> = "comment";
        /// Reference to the image or data source (1..1).
        pub link: Option<Reference> = "link" min 1;
    }
}

fhir_struct! {
    /// A contact party for the patient (FHIR R4/R5 Patient.contact).
    pub struct PatientContact : backbone "Patient.contact", invariants = contact_invariants {
        /// The kind of relationship.
        pub relationship: Vec<CodeableConcept> = "relationship";
        /// A name associated with the contact person.
        pub name: Option<HumanName> = "name";
        /// A contact detail for the person.
        pub telecom: Vec<ContactPoint> = "telecom";
        /// Address for the contact person.
        pub address: Option<Address> = "address";
        /// male | female | other | unknown.
        pub gender: Option<Code> = "gender" bind ADMINISTRATIVE_GENDER;
        /// Organization that is associated with the contact.
        pub organization: Option<Reference> = "organization";
        /// The period during which this contact person or organization is valid.
        pub period: Option<Period> = "period";
    }
}

fn contact_invariants(c: &PatientContact, v: &mut Validator) {
    if c.name.is_none() && c.telecom.is_empty() && c.address.is_none() && c.organization.is_none() {
        v.error(
            "invariant",
            "pat-1: SHALL at least contain a contact's details or a reference to an organization"
                .into(),
        );
    }
}

fhir_struct! {
    /// A language used to communicate with the patient (FHIR R4/R5 Patient.communication).
    pub struct PatientCommunication : backbone "Patient.communication" {
        /// The language (1..1).
        pub language: Option<CodeableConcept> = "language" min 1;
        /// Language preference indicator.
        pub preferred: Option<Boolean> = "preferred";
    }
}

fhir_struct! {
    /// Link to another patient resource about the same person (FHIR R4/R5 Patient.link).
    pub struct PatientLink : backbone "Patient.link" {
        /// The other patient or related person resource (1..1).
        pub other: Option<Reference> = "other" min 1;
        /// replaced-by | replaces | refer | seealso (1..1).
        pub r#type: Option<Code> = "type" min 1 bind LINK_TYPE;
    }
}

fhir_struct! {
    /// A link related to a Bundle (FHIR R4/R5 Bundle.link).
    pub struct BundleLink : backbone "Bundle.link" {
        /// See IANA link relations (1..1; R4 string, R5 code).
        pub relation: Option<FhirString> = "relation" min 1;
        /// Reference details for the link (1..1).
        pub url: Option<Uri> = "url" min 1;
    }
}

fhir_struct! {
    /// Search related information (FHIR R4/R5 Bundle.entry.search).
    pub struct BundleEntrySearch : backbone "Bundle.entry.search" {
        /// match | include | outcome.
        pub mode: Option<Code> = "mode" bind SEARCH_ENTRY_MODE;
        /// Search ranking (between 0 and 1).
        pub score: Option<Decimal> = "score";
    }
}

fhir_struct! {
    /// Additional execution information (transaction/batch/history) (FHIR R4/R5 Bundle.entry.request).
    pub struct BundleEntryRequest : backbone "Bundle.entry.request" {
        /// GET | HEAD | POST | PUT | DELETE | PATCH (1..1).
        pub method: Option<Code> = "method" min 1 bind HTTP_VERB;
        /// URL for HTTP equivalent of this entry (1..1).
        pub url: Option<Uri> = "url" min 1;
        /// For managing cache currency.
        pub if_none_match: Option<FhirString> = "ifNoneMatch";
        /// For managing cache currency.
        pub if_modified_since: Option<Instant> = "ifModifiedSince";
        /// For managing update contention.
        pub if_match: Option<FhirString> = "ifMatch";
        /// For conditional creates.
        pub if_none_exist: Option<FhirString> = "ifNoneExist";
    }
}

impl BundleEntryRequest {
    /// A request with a method and URL.
    pub fn new(method: &str, url: impl Into<String>) -> Self {
        BundleEntryRequest {
            method: Some(Code::new(method.to_owned())),
            url: Some(Uri::new(url.into())),
            ..Default::default()
        }
    }
}

fhir_struct! {
    /// A single issue of an OperationOutcome (FHIR R4/R5 OperationOutcome.issue).
    pub struct OperationOutcomeIssue : backbone "OperationOutcome.issue" {
        /// fatal | error | warning | information | success (1..1).
        pub severity: Option<Code> = "severity" min 1 bind ISSUE_SEVERITY;
        /// Error or warning code (1..1).
        pub code: Option<Code> = "code" min 1 bind ISSUE_TYPE;
        /// Additional details about the error.
        pub details: Option<CodeableConcept> = "details";
        /// Additional diagnostic information about the issue.
        pub diagnostics: Option<FhirString> = "diagnostics";
        /// Deprecated: Path of element(s) related to issue.
        pub location: Vec<FhirString> = "location";
        /// FHIRPath of element(s) related to issue.
        pub expression: Vec<FhirString> = "expression";
    }
}

impl From<&crate::Issue> for OperationOutcomeIssue {
    fn from(i: &crate::Issue) -> Self {
        OperationOutcomeIssue {
            severity: Some(Code::new(i.severity.as_str().to_owned())),
            code: Some(Code::new(i.code.to_owned())),
            diagnostics: Some(FhirString::new(i.message.clone())),
            expression: vec![FhirString::new(i.path.clone())],
            ..Default::default()
        }
    }
}

/// Template: the Patient resource (same elements in R4 and R5).
macro_rules! patient {
    () => {
        $crate::codec::fhir_struct! {
            /// Patient ([FHIR R5 patient.html](https://hl7.org/fhir/R5/patient.html)).
            pub struct Patient : domain "Patient" {
                /// An identifier for this patient.
                pub identifier: Vec<Identifier> = "identifier";
                /// Whether this patient's record is in active use.
                pub active: Option<Boolean> = "active";
                /// A name associated with the patient.
                pub name: Vec<HumanName> = "name";
                /// A contact detail for the individual.
                pub telecom: Vec<ContactPoint> = "telecom";
                /// male | female | other | unknown.
                pub gender: Option<Code> = "gender" bind ADMINISTRATIVE_GENDER;
                /// The date of birth for the individual.
                pub birth_date: Option<Date> = "birthDate";
                /// Indicates if the individual is deceased or not (`deceased[x]`).
                pub deceased: Option<PatientDeceased> = "deceased";
                /// An address for the individual.
                pub address: Vec<Address> = "address";
                /// Marital (civil) status of a patient.
                pub marital_status: Option<CodeableConcept> = "maritalStatus";
                /// Whether patient is part of a multiple birth (`multipleBirth[x]`).
                pub multiple_birth: Option<PatientMultipleBirth> = "multipleBirth";
                /// Image of the patient.
                pub photo: Vec<Attachment> = "photo";
                /// A contact party for the patient.
                pub contact: Vec<PatientContact> = "contact";
                /// A language which may be used to communicate with the patient.
                pub communication: Vec<PatientCommunication> = "communication";
                /// Patient's nominated primary care provider.
                pub general_practitioner: Vec<Reference> = "generalPractitioner";
                /// Organization that is the custodian of the patient record.
                pub managing_organization: Option<Reference> = "managingOrganization";
                /// Link to a Patient or RelatedPerson resource that concerns the same actual individual.
                pub link: Vec<PatientLink> = "link";
            }
        }

        impl Patient {
            /// A patient with no elements set.
            pub fn new() -> Self {
                Self::default()
            }
        }
    };
}
pub(crate) use patient;

/// Template: OperationOutcome (same elements in R4 and R5).
macro_rules! operation_outcome {
    () => {
        $crate::codec::fhir_struct! {
            /// Information about the success/failure of an action ([FHIR R5 operationoutcome.html](https://hl7.org/fhir/R5/operationoutcome.html)).
            pub struct OperationOutcome : domain "OperationOutcome" {
                /// A single issue associated with the action (1..*).
                pub issue: Vec<OperationOutcomeIssue> = "issue" min 1;
            }
        }

        impl OperationOutcome {
            /// An outcome from validation issues; no issues gives one `information` issue
            /// (`issue` is 1..*).
            pub fn from_issues(issues: &[$crate::Issue]) -> Self {
                let mut issue: Vec<OperationOutcomeIssue> =
                    issues.iter().map(OperationOutcomeIssue::from).collect();
                if issue.is_empty() {
                    issue.push(OperationOutcomeIssue {
                        severity: Some("information".into()),
                        code: Some("informational".into()),
                        diagnostics: Some("no issues".into()),
                        ..Default::default()
                    });
                }
                OperationOutcome {
                    issue,
                    ..Default::default()
                }
            }
        }
    };
}
pub(crate) use operation_outcome;

/// Template: Bundle with its entry and response (R5 adds `issues`).
macro_rules! bundle {
    ($bundle_types:ident) => {
        $crate::codec::fhir_struct! {
            /// Results of an operation (FHIR Bundle.entry.response).
            pub struct BundleEntryResponse : backbone "Bundle.entry.response" {
                /// Status response code (text optional) (1..1).
                pub status: Option<FhirString> = "status" min 1;
                /// The location (if the operation returns a location).
                pub location: Option<Uri> = "location";
                /// The Etag for the resource (if relevant).
                pub etag: Option<FhirString> = "etag";
                /// Server's date time modified.
                pub last_modified: Option<Instant> = "lastModified";
                /// OperationOutcome with hints and warnings (for batch/transaction).
                pub outcome: Option<Resource> = "outcome";
            }
        }

        $crate::codec::fhir_struct! {
            /// Entry in the bundle - will have a resource or information (FHIR Bundle.entry).
            pub struct BundleEntry : backbone "Bundle.entry" {
                /// Links related to this entry.
                pub link: Vec<BundleLink> = "link";
                /// URI for resource (absolute URL server address, or urn:uuid:).
                pub full_url: Option<Uri> = "fullUrl";
                /// A resource in the bundle.
                pub resource: Option<Resource> = "resource";
                /// Search related information.
                pub search: Option<BundleEntrySearch> = "search";
                /// Additional execution information (transaction/batch/history).
                pub request: Option<BundleEntryRequest> = "request";
                /// Results of execution (transaction/batch/history).
                pub response: Option<BundleEntryResponse> = "response";
            }
        }

        impl BundleEntry {
            /// An entry holding a resource under a full URL (`urn:uuid:...` in a transaction).
            pub fn new(full_url: impl Into<String>, resource: impl Into<Resource>) -> Self {
                BundleEntry {
                    full_url: Some(Uri::new(full_url.into())),
                    resource: Some(resource.into()),
                    ..Default::default()
                }
            }

            /// Add the transaction request (`POST Patient`, `PUT Patient/123`).
            pub fn with_request(mut self, method: &str, url: impl Into<String>) -> Self {
                self.request = Some(BundleEntryRequest::new(method, url));
                self
            }
        }

        $crate::codec::fhir_struct! {
            /// Contains a collection of resources ([FHIR R5 bundle.html](https://hl7.org/fhir/R5/bundle.html)).
            pub struct Bundle : resource "Bundle", invariants = bundle_invariants {
                /// Persistent identifier for the bundle.
                pub identifier: Option<Identifier> = "identifier";
                /// document | message | transaction | transaction-response | batch | batch-response | history | searchset | collection (1..1).
                pub r#type: Option<Code> = "type" min 1 bind $bundle_types;
                /// When the bundle was assembled.
                pub timestamp: Option<Instant> = "timestamp";
                /// If search, the total number of matches.
                pub total: Option<UnsignedInt> = "total";
                /// Links related to this Bundle.
                pub link: Vec<BundleLink> = "link";
                /// Entry in the bundle - will have a resource or information.
                pub entry: Vec<BundleEntry> = "entry";
                /// Digital Signature (kept as JSON).
                pub signature: Option<Json> = "signature";
                /// Issues with the Bundle (R5).
                pub issues: Option<Resource> = "issues" since R5;
            }
        }

        impl Bundle {
            /// A Bundle of a type (`transaction`, `searchset`, `collection`, ...).
            pub fn new(r#type: &str) -> Self {
                Bundle { r#type: Some(Code::new(r#type.to_owned())), ..Default::default() }
            }
        }

        fn bundle_invariants(b: &Bundle, v: &mut $crate::validate::Validator) {
            let ty = b.r#type.as_ref().and_then(|t| t.as_str()).unwrap_or("");
            if b.total.is_some() && ty != "searchset" && ty != "history" {
                v.error("invariant", "bdl-1: total only when a search or history".into());
            }
            for (i, e) in b.entry.iter().enumerate() {
                v.at_index("entry", i, |v| {
                    if e.search.is_some() && ty != "searchset" {
                        v.error("invariant", "bdl-2: entry.search only when a search".into());
                    }
                    if e.request.is_none() && matches!(ty, "batch" | "transaction" | "history") {
                        v.error("invariant", "bdl-3: entry.request mandatory for batch/transaction/history".into());
                    }
                    if e.request.is_some() && !matches!(ty, "batch" | "transaction" | "history") {
                        v.error("invariant", "bdl-3: entry.request only for batch/transaction/history".into());
                    }
                    if e.response.is_none() && matches!(ty, "batch-response" | "transaction-response" | "history") {
                        v.error("invariant", "bdl-4: entry.response mandatory for batch-response/transaction-response/history".into());
                    }
                    if e.response.is_some() && !matches!(ty, "batch-response" | "transaction-response" | "history") {
                        v.error("invariant", "bdl-4: entry.response only for batch-response/transaction-response/history".into());
                    }
                    if e.resource.is_none() && e.request.is_none() && e.response.is_none() {
                        v.error("invariant", "bdl-5: must be a resource unless there's a request or response".into());
                    }
                    if let Some(url) = e.full_url.as_ref().and_then(|u| u.as_str()) {
                        if url.contains("/_history/") {
                            v.error("invariant", "bdl-8: fullUrl cannot be a version specific reference".into());
                        }
                    }
                });
            }
        }
    };
}
pub(crate) use bundle;

fhir_choice! {
    /// `Patient.deceased[x]`.
    pub enum PatientDeceased {
        /// Deceased flag.
        Boolean(Boolean) = "Boolean",
        /// Date and time of death.
        DateTime(DateTime) = "DateTime",
    }
}

fhir_choice! {
    /// `Patient.multipleBirth[x]`.
    pub enum PatientMultipleBirth {
        /// Part of a multiple birth.
        Boolean(Boolean) = "Boolean",
        /// Birth order.
        Integer(Integer) = "Integer",
    }
}

fhir_choice! {
    /// `ServiceRequest.quantity[x]`.
    pub enum ServiceRequestQuantity {
        /// A quantity.
        Quantity(Quantity) = "Quantity",
        /// A ratio.
        Ratio(Ratio) = "Ratio",
        /// A range.
        Range(Range) = "Range",
    }
}

fhir_choice! {
    /// `ServiceRequest.occurrence[x]`: when the service should occur.
    pub enum ServiceRequestOccurrence {
        /// A date and time.
        DateTime(DateTime) = "DateTime",
        /// A period.
        Period(Period) = "Period",
        /// A timing schedule.
        Timing(Timing) = "Timing",
    }
}

fhir_choice! {
    /// `ServiceRequest.asNeeded[x]`.
    pub enum ServiceRequestAsNeeded {
        /// As needed.
        Boolean(Boolean) = "Boolean",
        /// As needed for a reason.
        CodeableConcept(CodeableConcept) = "CodeableConcept",
    }
}

fhir_choice! {
    /// `DiagnosticReport.effective[x]`: clinically relevant time/time-period for the report.
    pub enum DiagnosticReportEffective {
        /// A date and time.
        DateTime(DateTime) = "DateTime",
        /// A period.
        Period(Period) = "Period",
    }
}

/// Endpoint connection types (FHIR R5 CodeSystem endpoint-connection-type), the DICOM ones
/// first.
pub mod connection_type {
    /// The code system.
    pub const SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/endpoint-connection-type";
    /// DICOM WADO-RS (PS3.18 §10.4).
    pub const DICOM_WADO_RS: &str = "dicom-wado-rs";
    /// DICOM QIDO-RS (PS3.18 §10.6).
    pub const DICOM_QIDO_RS: &str = "dicom-qido-rs";
    /// DICOM STOW-RS (PS3.18 §10.5).
    pub const DICOM_STOW_RS: &str = "dicom-stow-rs";
    /// DICOM WADO-URI (PS3.18 §9).
    pub const DICOM_WADO_URI: &str = "dicom-wado-uri";
    /// IHE IID (Invoke Image Display).
    pub const IHE_IID: &str = "ihe-iid";
    /// The DICOMweb ones, whose address must be an http(s) URL.
    pub const DICOMWEB: &[&str] = &[DICOM_WADO_RS, DICOM_QIDO_RS, DICOM_STOW_RS, DICOM_WADO_URI];
}

/// Endpoint address rules: for the DICOMweb connection types, an absolute http(s) URL (the
/// base of PS3.18 §8.2 resource paths). Other types keep their own forms (an MLLP endpoint's
/// address is `host:port`).
pub(crate) fn check_endpoint_address(
    address: Option<&crate::Url>,
    dicomweb: bool,
    v: &mut Validator,
) {
    let Some(a) = address.and_then(|a| a.as_str()) else {
        return;
    };
    if !dicomweb {
        return;
    }
    let host = a
        .strip_prefix("https://")
        .or_else(|| a.strip_prefix("http://"));
    if host.is_none_or(|h| h.is_empty() || h.starts_with('/')) {
        v.at("address", |v| {
            v.error("invariant", format!("a DICOMweb endpoint address is an absolute http(s) URL (PS3.18 §8.2), not `{a}`"))
        });
    } else if a.contains('?') || a.contains('#') {
        v.at("address", |v| {
            v.error(
                "invariant",
                format!("a DICOMweb base URL has no query or fragment (PS3.18 §8.2): `{a}`"),
            )
        });
    }
}

//! FHIR R4 (4.0.1) imaging resources ([FHIR R4 imagingstudy.html][is]).
//!
//! ```
//! use fhir_imaging::r4::{ImagingStudy, ImagingStudySeries};
//! use fhir_imaging::{Coding, ImagingStudySeriesInstance, Reference};
//!
//! let mut study = ImagingStudy::new("available", Reference::new("Patient/p1"));
//! let mut series = ImagingStudySeries::new("1.2.3.4", Coding::dicom("CT"));
//! series.instance.push(ImagingStudySeriesInstance::new("1.2.3.4.5", "1.2.840.10008.5.1.4.1.1.2"));
//! study.series.push(series);
//! let json = fhir_imaging::to_string(&study);
//! assert!(json.starts_with(r#"{"resourceType":"ImagingStudy""#));
//! let back: ImagingStudy = fhir_imaging::from_str(&json)?;
//! assert_eq!(back, study);
//! assert!(fhir_imaging::validate(&back).is_empty());
//! # Ok::<(), fhir_imaging::Error>(())
//! ```
//!
//! [is]: https://hl7.org/fhir/R4/imagingstudy.html

use crate::codec::fhir_struct;
use crate::datatypes::FhirString;
use crate::resource::resource_enum;
use crate::shared::*;
use crate::validate::Validator;
use crate::*;

pub use crate::shared::{
    BundleEntryRequest, BundleEntrySearch, BundleLink, DiagnosticReportMedia,
    ImagingStudySeriesInstance, ImagingStudySeriesPerformer, OperationOutcomeIssue,
    PatientCommunication, PatientContact, PatientLink,
};

resource_enum! { R4;
    /// ImagingStudy
    ImagingStudy,
    /// Endpoint
    Endpoint,
    /// ServiceRequest
    ServiceRequest,
    /// DiagnosticReport
    DiagnosticReport,
    /// Patient
    Patient,
    /// Bundle
    Bundle,
    /// OperationOutcome
    OperationOutcome,
}

patient!();
operation_outcome!();
bundle!(BUNDLE_TYPE_R4);

fhir_struct! {
    /// A set of images produced in a single study ([FHIR R4 imagingstudy.html](https://hl7.org/fhir/R4/imagingstudy.html)).
    pub struct ImagingStudy : domain "ImagingStudy", invariants = study_invariants {
        /// Identifiers for the whole study (Study Instance UID as `urn:dicom:uid`, accession with type ACSN).
        pub identifier: Vec<Identifier> = "identifier";
        /// registered | available | cancelled | entered-in-error | unknown (1..1).
        pub status: Option<Code> = "status" min 1 bind IMAGING_STUDY_STATUS;
        /// All series modality if actual acquisition modalities.
        pub modality: Vec<Coding> = "modality";
        /// Who or what is the subject of the study (1..1).
        pub subject: Option<Reference> = "subject" min 1;
        /// Encounter with which this imaging study is associated.
        pub encounter: Option<Reference> = "encounter";
        /// When the study was started.
        pub started: Option<DateTime> = "started";
        /// Request fulfilled.
        pub based_on: Vec<Reference> = "basedOn";
        /// Referring physician.
        pub referrer: Option<Reference> = "referrer";
        /// Who interpreted images.
        pub interpreter: Vec<Reference> = "interpreter";
        /// Study access endpoint.
        pub endpoint: Vec<Reference> = "endpoint";
        /// Number of Study Related Series.
        pub number_of_series: Option<UnsignedInt> = "numberOfSeries";
        /// Number of Study Related Instances.
        pub number_of_instances: Option<UnsignedInt> = "numberOfInstances";
        /// The performed Procedure reference.
        pub procedure_reference: Option<Reference> = "procedureReference";
        /// The performed procedure code.
        pub procedure_code: Vec<CodeableConcept> = "procedureCode";
        /// Where ImagingStudy occurred.
        pub location: Option<Reference> = "location";
        /// Why the study was requested.
        pub reason_code: Vec<CodeableConcept> = "reasonCode";
        /// Why was study performed.
        pub reason_reference: Vec<Reference> = "reasonReference";
        /// User-defined comments.
        pub note: Vec<Annotation> = "note";
        /// Institution-generated description.
        pub description: Option<FhirString> = "description";
        /// Each study has one or more series of instances.
        pub series: Vec<ImagingStudySeries> = "series";
    }
}

impl ImagingStudy {
    /// A study with its status (`available`, ...) and subject.
    pub fn new(status: &str, subject: Reference) -> Self {
        ImagingStudy {
            status: Some(Code::new(status.to_owned())),
            subject: Some(subject),
            ..Default::default()
        }
    }
}

fhir_struct! {
    /// Each study has one or more series of instances (FHIR R4 ImagingStudy.series).
    pub struct ImagingStudySeries : backbone "ImagingStudy.series", invariants = series_invariants {
        /// DICOM Series Instance UID for the series (1..1).
        pub uid: Option<Id> = "uid" min 1;
        /// Numeric identifier of this series.
        pub number: Option<UnsignedInt> = "number";
        /// The modality of the instances in the series (1..1, a Coding in R4).
        pub modality: Option<Coding> = "modality" min 1;
        /// A short human readable summary of the series.
        pub description: Option<FhirString> = "description";
        /// Number of Series Related Instances.
        pub number_of_instances: Option<UnsignedInt> = "numberOfInstances";
        /// Series access endpoint.
        pub endpoint: Vec<Reference> = "endpoint";
        /// Body part examined.
        pub body_site: Option<Coding> = "bodySite";
        /// Body part laterality.
        pub laterality: Option<Coding> = "laterality";
        /// Specimen imaged.
        pub specimen: Vec<Reference> = "specimen";
        /// When the series started.
        pub started: Option<DateTime> = "started";
        /// Who performed the series.
        pub performer: Vec<ImagingStudySeriesPerformer> = "performer";
        /// A single SOP instance from the series.
        pub instance: Vec<ImagingStudySeriesInstance> = "instance";
    }
}

impl ImagingStudySeries {
    /// A series from its Series Instance UID and modality.
    pub fn new(uid: impl Into<String>, modality: Coding) -> Self {
        ImagingStudySeries {
            uid: Some(Id::new(uid.into())),
            modality: Some(modality),
            ..Default::default()
        }
    }
}

fn series_invariants(s: &ImagingStudySeries, v: &mut Validator) {
    check_dicom_uid(s.uid.as_ref(), v, "uid");
    check_targets(&s.endpoint, "endpoint", &["Endpoint"], v);
}
/// Target types of ImagingStudy's references ([FHIR R4 imagingstudy.html](https://hl7.org/fhir/R4/imagingstudy.html), the
/// `Reference(..)` types of subject, encounter, referrer and endpoint).
fn study_invariants(s: &ImagingStudy, v: &mut Validator) {
    check_target(
        s.subject.as_ref(),
        "subject",
        &["Patient", "Device", "Group"],
        v,
    );
    check_target(s.encounter.as_ref(), "encounter", &["Encounter"], v);
    check_target(
        s.referrer.as_ref(),
        "referrer",
        &["Practitioner", "PractitionerRole"],
        v,
    );
    check_targets(&s.endpoint, "endpoint", &["Endpoint"], v);
}

fhir_struct! {
    /// The technical details of an endpoint ([FHIR R4 endpoint.html](https://hl7.org/fhir/R4/endpoint.html)).
    pub struct Endpoint : domain "Endpoint", invariants = endpoint_invariants {
        /// Identifies this endpoint across multiple systems.
        pub identifier: Vec<Identifier> = "identifier";
        /// active | suspended | error | off | entered-in-error | test (1..1).
        pub status: Option<Code> = "status" min 1 bind ENDPOINT_STATUS_R4;
        /// Protocol/Profile/Standard to be used with this endpoint connection (1..1).
        pub connection_type: Option<Coding> = "connectionType" min 1;
        /// A name that this endpoint can be identified by.
        pub name: Option<FhirString> = "name";
        /// Organization that manages this endpoint.
        pub managing_organization: Option<Reference> = "managingOrganization";
        /// Contact details for source (e.g. troubleshooting).
        pub contact: Vec<ContactPoint> = "contact";
        /// Interval the endpoint is expected to be operational.
        pub period: Option<Period> = "period";
        /// The type of content that may be used at this endpoint (1..*).
        pub payload_type: Vec<CodeableConcept> = "payloadType" min 1;
        /// Mimetype to send.
        pub payload_mime_type: Vec<Code> = "payloadMimeType";
        /// The technical base address for connecting to this endpoint (1..1).
        pub address: Option<Url> = "address" min 1;
        /// Usage depends on the channel type.
        pub header: Vec<FhirString> = "header";
    }
}

impl Endpoint {
    /// An active DICOMweb endpoint (`connection_type` from [`connection_type`]).
    pub fn dicomweb(connection_type: &str, address: impl Into<String>) -> Self {
        Endpoint {
            status: Some("active".into()),
            connection_type: Some(Coding::new(connection_type::SYSTEM, connection_type)),
            payload_type: vec![CodeableConcept::from_coding(Coding::new(
                "http://hl7.org/fhir/endpoint-payload-type",
                "DICOM",
            ))],
            address: Some(Url::new(address.into())),
            ..Default::default()
        }
    }
}

fn endpoint_invariants(e: &Endpoint, v: &mut Validator) {
    let dicomweb = e
        .connection_type
        .as_ref()
        .and_then(|c| c.code.as_ref())
        .and_then(|c| c.as_str())
        .is_some_and(|c| connection_type::DICOMWEB.contains(&c));
    check_endpoint_address(e.address.as_ref(), dicomweb, v);
}

fhir_struct! {
    /// A request for a service to be performed: an imaging order ([FHIR R4 servicerequest.html](https://hl7.org/fhir/R4/servicerequest.html)).
    pub struct ServiceRequest : domain "ServiceRequest", invariants = service_request_invariants {
        /// Identifiers assigned to this order (placer, filler, accession with type ACSN).
        pub identifier: Vec<Identifier> = "identifier";
        /// Instantiates FHIR protocol or definition.
        pub instantiates_canonical: Vec<Canonical> = "instantiatesCanonical";
        /// Instantiates external protocol or definition.
        pub instantiates_uri: Vec<Uri> = "instantiatesUri";
        /// What request fulfills.
        pub based_on: Vec<Reference> = "basedOn";
        /// What request replaces.
        pub replaces: Vec<Reference> = "replaces";
        /// Composite Request ID.
        pub requisition: Option<Identifier> = "requisition";
        /// draft | active | on-hold | revoked | completed | entered-in-error | unknown (1..1).
        pub status: Option<Code> = "status" min 1 bind REQUEST_STATUS;
        /// proposal | plan | directive | order | original-order | reflex-order | filler-order | instance-order | option (1..1).
        pub intent: Option<Code> = "intent" min 1 bind REQUEST_INTENT;
        /// Classification of service.
        pub category: Vec<CodeableConcept> = "category";
        /// routine | urgent | asap | stat.
        pub priority: Option<Code> = "priority" bind REQUEST_PRIORITY;
        /// True if service/procedure should not be performed.
        pub do_not_perform: Option<Boolean> = "doNotPerform";
        /// What is being requested/ordered.
        pub code: Option<CodeableConcept> = "code";
        /// Additional order information.
        pub order_detail: Vec<CodeableConcept> = "orderDetail";
        /// Service amount (`quantity[x]`).
        pub quantity: Option<ServiceRequestQuantity> = "quantity";
        /// Individual or Entity the service is ordered for (1..1).
        pub subject: Option<Reference> = "subject" min 1;
        /// Encounter in which the request was created.
        pub encounter: Option<Reference> = "encounter";
        /// When service should occur (`occurrence[x]`).
        pub occurrence: Option<ServiceRequestOccurrence> = "occurrence";
        /// Preconditions for service (`asNeeded[x]`).
        pub as_needed: Option<ServiceRequestAsNeeded> = "asNeeded";
        /// Date request signed.
        pub authored_on: Option<DateTime> = "authoredOn";
        /// Who/what is requesting service.
        pub requester: Option<Reference> = "requester";
        /// Performer role.
        pub performer_type: Option<CodeableConcept> = "performerType";
        /// Requested performer.
        pub performer: Vec<Reference> = "performer";
        /// Requested location.
        pub location_code: Vec<CodeableConcept> = "locationCode";
        /// Requested location.
        pub location_reference: Vec<Reference> = "locationReference";
        /// Explanation/Justification for procedure or service.
        pub reason_code: Vec<CodeableConcept> = "reasonCode";
        /// Explanation/Justification for service or service.
        pub reason_reference: Vec<Reference> = "reasonReference";
        /// Associated insurance coverage.
        pub insurance: Vec<Reference> = "insurance";
        /// Additional clinical information.
        pub supporting_info: Vec<Reference> = "supportingInfo";
        /// Procedure Samples.
        pub specimen: Vec<Reference> = "specimen";
        /// Location on Body.
        pub body_site: Vec<CodeableConcept> = "bodySite";
        /// Comments.
        pub note: Vec<Annotation> = "note";
        /// Patient or consumer-oriented instructions.
        pub patient_instruction: Option<FhirString> = "patientInstruction";
        /// Request provenance.
        pub relevant_history: Vec<Reference> = "relevantHistory";
    }
}

impl ServiceRequest {
    /// An order with status, intent and subject (`ServiceRequest::new("active", "order", Reference::new("Patient/1"))`).
    pub fn new(status: &str, intent: &str, subject: Reference) -> Self {
        ServiceRequest {
            status: Some(Code::new(status.to_owned())),
            intent: Some(Code::new(intent.to_owned())),
            subject: Some(subject),
            ..Default::default()
        }
    }
}

fn service_request_invariants(s: &ServiceRequest, v: &mut Validator) {
    if !s.order_detail.is_empty() && s.code.is_none() {
        v.error(
            "invariant",
            "prr-1: orderDetail SHALL only be present if code is present".into(),
        );
    }
}

fhir_struct! {
    /// A report: findings and interpretation ([FHIR R4 diagnosticreport.html](https://hl7.org/fhir/R4/diagnosticreport.html)).
    pub struct DiagnosticReport : domain "DiagnosticReport" {
        /// Business identifier for report.
        pub identifier: Vec<Identifier> = "identifier";
        /// What was requested.
        pub based_on: Vec<Reference> = "basedOn";
        /// registered | partial | preliminary | final + (1..1).
        pub status: Option<Code> = "status" min 1 bind DIAGNOSTIC_REPORT_STATUS_R4;
        /// Service category.
        pub category: Vec<CodeableConcept> = "category";
        /// Name/Code for this diagnostic report (1..1).
        pub code: Option<CodeableConcept> = "code" min 1;
        /// The subject of the report.
        pub subject: Option<Reference> = "subject";
        /// Health care event when test ordered.
        pub encounter: Option<Reference> = "encounter";
        /// Clinically relevant time/time-period for report (`effective[x]`).
        pub effective: Option<DiagnosticReportEffective> = "effective";
        /// DateTime this version was made.
        pub issued: Option<Instant> = "issued";
        /// Responsible Diagnostic Service.
        pub performer: Vec<Reference> = "performer";
        /// Primary result interpreter.
        pub results_interpreter: Vec<Reference> = "resultsInterpreter";
        /// Specimens this report is based on.
        pub specimen: Vec<Reference> = "specimen";
        /// Observations.
        pub result: Vec<Reference> = "result";
        /// Reference to full details of imaging associated with the diagnostic report.
        pub imaging_study: Vec<Reference> = "imagingStudy";
        /// Key images associated with this report.
        pub media: Vec<DiagnosticReportMedia> = "media";
        /// Clinical conclusion (interpretation) of test results.
        pub conclusion: Option<FhirString> = "conclusion";
        /// Codes for the clinical conclusion of test results.
        pub conclusion_code: Vec<CodeableConcept> = "conclusionCode";
        /// Entire report as issued.
        pub presented_form: Vec<Attachment> = "presentedForm";
    }
}

impl DiagnosticReport {
    /// A report with status and code.
    pub fn new(status: &str, code: CodeableConcept) -> Self {
        DiagnosticReport {
            status: Some(Code::new(status.to_owned())),
            code: Some(code),
            ..Default::default()
        }
    }
}

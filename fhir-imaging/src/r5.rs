//! FHIR R5 (5.0.0) imaging resources ([FHIR R5 imagingstudy.html][is], [imagingselection.html][isel]).
//!
//! ```
//! use fhir_imaging::r5::{ImagingStudy, ImagingStudySeries};
//! use fhir_imaging::{CodeableConcept, Coding, ImagingStudySeriesInstance, Reference};
//!
//! let mut study = ImagingStudy::new("available", Reference::new("Patient/p1"));
//! let mut series = ImagingStudySeries::new("1.2.3.4", CodeableConcept::from_coding(Coding::dicom("MR")));
//! series.instance.push(ImagingStudySeriesInstance::new("1.2.3.4.5", "1.2.840.10008.5.1.4.1.1.4"));
//! study.series.push(series);
//! let json = fhir_imaging::to_string(&study);
//! let back: ImagingStudy = fhir_imaging::from_str(&json)?;
//! assert_eq!(back, study);
//! # Ok::<(), fhir_imaging::Error>(())
//! ```
//!
//! [is]: https://hl7.org/fhir/R5/imagingstudy.html
//! [isel]: https://hl7.org/fhir/R5/imagingselection.html

use crate::codec::{fhir_choice, fhir_struct};
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

resource_enum! { R5;
    /// ImagingStudy
    ImagingStudy,
    /// ImagingSelection
    ImagingSelection,
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
bundle!(BUNDLE_TYPE_R5);

/// FHIR R5 valueset-imagingselection-2dgraphictype (required).
pub const IMAGE_REGION_2D_TYPE: &[&str] =
    &["point", "polyline", "interpolated", "circle", "ellipse"];
/// FHIR R5 valueset-imagingselection-3dgraphictype (required).
pub const IMAGE_REGION_3D_TYPE: &[&str] = &[
    "point",
    "multipoint",
    "polyline",
    "polygon",
    "ellipse",
    "ellipsoid",
];

fhir_struct! {
    /// A set of images produced in a single study ([FHIR R5 imagingstudy.html](https://hl7.org/fhir/R5/imagingstudy.html)).
    pub struct ImagingStudy : domain "ImagingStudy", invariants = study_invariants {
        /// Identifiers for the whole study (Study Instance UID as `urn:dicom:uid`).
        pub identifier: Vec<Identifier> = "identifier";
        /// registered | available | cancelled | entered-in-error | unknown (1..1).
        pub status: Option<Code> = "status" min 1 bind IMAGING_STUDY_STATUS;
        /// All of the distinct values for series' modalities.
        pub modality: Vec<CodeableConcept> = "modality";
        /// Who or what is the subject of the study (1..1).
        pub subject: Option<Reference> = "subject" min 1;
        /// Encounter with which this imaging study is associated.
        pub encounter: Option<Reference> = "encounter";
        /// When the study was started.
        pub started: Option<DateTime> = "started";
        /// Request fulfilled (the accession is a logical reference to the ServiceRequest).
        pub based_on: Vec<Reference> = "basedOn";
        /// Part of referenced event.
        pub part_of: Vec<Reference> = "partOf";
        /// Referring physician.
        pub referrer: Option<Reference> = "referrer";
        /// Study access endpoint.
        pub endpoint: Vec<Reference> = "endpoint";
        /// Number of Study Related Series.
        pub number_of_series: Option<UnsignedInt> = "numberOfSeries";
        /// Number of Study Related Instances.
        pub number_of_instances: Option<UnsignedInt> = "numberOfInstances";
        /// The performed procedure or code.
        pub procedure: Vec<CodeableReference> = "procedure";
        /// Where ImagingStudy occurred.
        pub location: Option<Reference> = "location";
        /// Why the study was requested / performed.
        pub reason: Vec<CodeableReference> = "reason";
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
    /// Each study has one or more series of instances (FHIR R5 ImagingStudy.series).
    pub struct ImagingStudySeries : backbone "ImagingStudy.series", invariants = series_invariants {
        /// DICOM Series Instance UID for the series (1..1).
        pub uid: Option<Id> = "uid" min 1;
        /// Numeric identifier of this series.
        pub number: Option<UnsignedInt> = "number";
        /// The modality used for this series (1..1, a CodeableConcept in R5).
        pub modality: Option<CodeableConcept> = "modality" min 1;
        /// A short human readable summary of the series.
        pub description: Option<FhirString> = "description";
        /// Number of Series Related Instances.
        pub number_of_instances: Option<UnsignedInt> = "numberOfInstances";
        /// Series access endpoint.
        pub endpoint: Vec<Reference> = "endpoint";
        /// Body part examined.
        pub body_site: Option<CodeableReference> = "bodySite";
        /// Body part laterality.
        pub laterality: Option<CodeableConcept> = "laterality";
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
    pub fn new(uid: impl Into<String>, modality: CodeableConcept) -> Self {
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
/// Target types of ImagingStudy's references ([FHIR R5 imagingstudy.html](https://hl7.org/fhir/R5/imagingstudy.html), the
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
    /// Selector of the instances (FHIR R5 ImagingSelection.performer).
    pub struct ImagingSelectionPerformer : backbone "ImagingSelection.performer" {
        /// Type of performer.
        pub function: Option<CodeableConcept> = "function";
        /// Author (human or machine).
        pub actor: Option<Reference> = "actor";
    }
}

fhir_struct! {
    /// A specific 2D region in a DICOM image / frame (FHIR R5 ImagingSelection.instance.imageRegion2D).
    pub struct ImagingSelectionImageRegion2D : backbone "ImagingSelection.instance.imageRegion2D", invariants = region2d_invariants {
        /// point | polyline | interpolated | circle | ellipse (1..1).
        pub region_type: Option<Code> = "regionType" min 1 bind IMAGE_REGION_2D_TYPE;
        /// Specifies the coordinates that define the image region (1..*, column/row pairs).
        pub coordinate: Vec<Decimal> = "coordinate" min 1;
    }
}

fn region2d_invariants(r: &ImagingSelectionImageRegion2D, v: &mut Validator) {
    if !r.coordinate.len().is_multiple_of(2) {
        v.at("coordinate", |v| {
            v.error(
                "invariant",
                "2D coordinates come in (column, row) pairs".into(),
            )
        });
    }
}

fhir_struct! {
    /// A specific 3D region in a DICOM frame of reference (FHIR R5 ImagingSelection.instance.imageRegion3D).
    pub struct ImagingSelectionImageRegion3D : backbone "ImagingSelection.instance.imageRegion3D", invariants = region3d_invariants {
        /// point | multipoint | polyline | polygon | ellipse | ellipsoid (1..1).
        pub region_type: Option<Code> = "regionType" min 1 bind IMAGE_REGION_3D_TYPE;
        /// Specifies the coordinates that define the image region (1..*, x/y/z triplets).
        pub coordinate: Vec<Decimal> = "coordinate" min 1;
    }
}

fn region3d_invariants(r: &ImagingSelectionImageRegion3D, v: &mut Validator) {
    if !r.coordinate.len().is_multiple_of(3) {
        v.at("coordinate", |v| {
            v.error(
                "invariant",
                "3D coordinates come in (x, y, z) triplets".into(),
            )
        });
    }
}

fhir_struct! {
    /// The selected instances (FHIR R5 ImagingSelection.instance).
    pub struct ImagingSelectionInstance : backbone "ImagingSelection.instance", invariants = selection_instance_invariants {
        /// DICOM SOP Instance UID (1..1).
        pub uid: Option<Id> = "uid" min 1;
        /// DICOM Instance Number.
        pub number: Option<UnsignedInt> = "number";
        /// DICOM SOP Class UID.
        pub sop_class: Option<Coding> = "sopClass";
        /// The selected subset of the SOP Instance (frame numbers, segment numbers, ...).
        pub subset: Vec<FhirString> = "subset";
        /// A specific 2D region in a DICOM image / frame.
        pub image_region_2d: Vec<ImagingSelectionImageRegion2D> = "imageRegion2D";
        /// A specific 3D region in a DICOM frame of reference.
        pub image_region_3d: Vec<ImagingSelectionImageRegion3D> = "imageRegion3D";
    }
}

fn selection_instance_invariants(i: &ImagingSelectionInstance, v: &mut Validator) {
    check_dicom_uid(i.uid.as_ref(), v, "uid");
}

fhir_struct! {
    /// A selection of DICOM SOP instances and/or frames ([FHIR R5 imagingselection.html](https://hl7.org/fhir/R5/imagingselection.html)).
    pub struct ImagingSelection : domain "ImagingSelection", invariants = selection_invariants {
        /// Business Identifier for Imaging Selection.
        pub identifier: Vec<Identifier> = "identifier";
        /// available | entered-in-error | unknown (1..1).
        pub status: Option<Code> = "status" min 1 bind IMAGING_SELECTION_STATUS;
        /// Subject of the selected instances.
        pub subject: Option<Reference> = "subject";
        /// Date / Time when this imaging selection was created.
        pub issued: Option<Instant> = "issued";
        /// Selector of the instances (human or machine).
        pub performer: Vec<ImagingSelectionPerformer> = "performer";
        /// Associated request.
        pub based_on: Vec<Reference> = "basedOn";
        /// Classifies the imaging selection.
        pub category: Vec<CodeableConcept> = "category";
        /// Imaging Selection purpose text or code (1..1).
        pub code: Option<CodeableConcept> = "code" min 1;
        /// DICOM Study Instance UID.
        pub study_uid: Option<Id> = "studyUid";
        /// The imaging study from which the imaging selection is derived.
        pub derived_from: Vec<Reference> = "derivedFrom";
        /// The network service providing retrieval for the images referenced in the imaging selection.
        pub endpoint: Vec<Reference> = "endpoint";
        /// DICOM Series Instance UID.
        pub series_uid: Option<Id> = "seriesUid";
        /// DICOM Series Number.
        pub series_number: Option<UnsignedInt> = "seriesNumber";
        /// The Frame of Reference UID for the selected images.
        pub frame_of_reference_uid: Option<Id> = "frameOfReferenceUid";
        /// Body part examined.
        pub body_site: Option<CodeableReference> = "bodySite";
        /// Related resource that is the focus for the imaging selection.
        pub focus: Vec<Reference> = "focus";
        /// The selected instances.
        pub instance: Vec<ImagingSelectionInstance> = "instance";
    }
}

impl ImagingSelection {
    /// A selection with its status and purpose code.
    pub fn new(status: &str, code: CodeableConcept) -> Self {
        ImagingSelection {
            status: Some(Code::new(status.to_owned())),
            code: Some(code),
            ..Default::default()
        }
    }
}

fn selection_invariants(s: &ImagingSelection, v: &mut Validator) {
    check_dicom_uid(s.study_uid.as_ref(), v, "studyUid");
    check_dicom_uid(s.series_uid.as_ref(), v, "seriesUid");
    check_dicom_uid(s.frame_of_reference_uid.as_ref(), v, "frameOfReferenceUid");
}

fhir_struct! {
    /// Set of payloads that are provided by this endpoint (FHIR R5 Endpoint.payload).
    pub struct EndpointPayload : backbone "Endpoint.payload" {
        /// The type of content that may be used at this endpoint.
        pub r#type: Vec<CodeableConcept> = "type";
        /// Mimetype to send.
        pub mime_type: Vec<Code> = "mimeType";
    }
}

fhir_struct! {
    /// The technical details of an endpoint ([FHIR R5 endpoint.html](https://hl7.org/fhir/R5/endpoint.html)).
    pub struct Endpoint : domain "Endpoint", invariants = endpoint_invariants {
        /// Identifies this endpoint across multiple systems.
        pub identifier: Vec<Identifier> = "identifier";
        /// active | suspended | error | off | entered-in-error (1..1).
        pub status: Option<Code> = "status" min 1 bind ENDPOINT_STATUS_R5;
        /// Protocol/Profile/Standard to be used with this endpoint connection (1..*).
        pub connection_type: Vec<CodeableConcept> = "connectionType" min 1;
        /// A name that this endpoint can be identified by.
        pub name: Option<FhirString> = "name";
        /// Additional details about the endpoint.
        pub description: Option<FhirString> = "description";
        /// The type of environment(s) exposed at this endpoint.
        pub environment_type: Vec<CodeableConcept> = "environmentType";
        /// Organization that manages this endpoint.
        pub managing_organization: Option<Reference> = "managingOrganization";
        /// Contact details for source (e.g. troubleshooting).
        pub contact: Vec<ContactPoint> = "contact";
        /// Interval the endpoint is expected to be operational.
        pub period: Option<Period> = "period";
        /// Set of payloads that are provided by this endpoint.
        pub payload: Vec<EndpointPayload> = "payload";
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
            connection_type: vec![CodeableConcept::from_coding(Coding::new(
                connection_type::SYSTEM,
                connection_type,
            ))],
            payload: vec![EndpointPayload {
                r#type: vec![CodeableConcept::from_coding(Coding::new(
                    "http://hl7.org/fhir/endpoint-payload-type",
                    "DICOM",
                ))],
                ..Default::default()
            }],
            address: Some(Url::new(address.into())),
            ..Default::default()
        }
    }
}

fn endpoint_invariants(e: &Endpoint, v: &mut Validator) {
    let dicomweb = e.connection_type.iter().flat_map(|cc| &cc.coding).any(|c| {
        c.code
            .as_ref()
            .and_then(|c| c.as_str())
            .is_some_and(|c| connection_type::DICOMWEB.contains(&c))
    });
    check_endpoint_address(e.address.as_ref(), dicomweb, v);
}

fhir_choice! {
    /// `ServiceRequest.orderDetail.parameter.value[x]`.
    pub enum ServiceRequestParameterValue {
        /// A quantity.
        Quantity(Quantity) = "Quantity",
        /// A ratio.
        Ratio(Ratio) = "Ratio",
        /// A range.
        Range(Range) = "Range",
        /// A boolean.
        Boolean(Boolean) = "Boolean",
        /// A concept.
        CodeableConcept(CodeableConcept) = "CodeableConcept",
        /// A string.
        String(FhirString) = "String",
        /// A period.
        Period(Period) = "Period",
    }
}

fhir_struct! {
    /// The parameter details for the service being requested (FHIR R5 ServiceRequest.orderDetail.parameter).
    pub struct ServiceRequestOrderDetailParameter : backbone "ServiceRequest.orderDetail.parameter" {
        /// The detail of the order being requested (1..1).
        pub code: Option<CodeableConcept> = "code" min 1;
        /// The value for the order detail (1..1, `value[x]`).
        pub value: Option<ServiceRequestParameterValue> = "value" min 1;
    }
}

fhir_struct! {
    /// Additional order information (FHIR R5 ServiceRequest.orderDetail).
    pub struct ServiceRequestOrderDetail : backbone "ServiceRequest.orderDetail" {
        /// The context of the order details by reference.
        pub parameter_focus: Option<CodeableReference> = "parameterFocus";
        /// The parameter details for the service being requested (1..*).
        pub parameter: Vec<ServiceRequestOrderDetailParameter> = "parameter" min 1;
    }
}

fhir_choice! {
    /// `ServiceRequest.patientInstruction.instruction[x]`.
    pub enum ServiceRequestInstruction {
        /// Markdown text.
        Markdown(Markdown) = "Markdown",
        /// A DocumentReference.
        Reference(Reference) = "Reference",
    }
}

fhir_struct! {
    /// Patient or consumer-oriented instructions (FHIR R5 ServiceRequest.patientInstruction).
    pub struct ServiceRequestPatientInstruction : backbone "ServiceRequest.patientInstruction" {
        /// Patient or consumer-oriented instructions (`instruction[x]`).
        pub instruction: Option<ServiceRequestInstruction> = "instruction";
    }
}

fhir_struct! {
    /// A request for a service to be performed: an imaging order ([FHIR R5 servicerequest.html](https://hl7.org/fhir/R5/servicerequest.html)).
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
        /// proposal | plan | directive | order + (1..1).
        pub intent: Option<Code> = "intent" min 1 bind REQUEST_INTENT;
        /// Classification of service.
        pub category: Vec<CodeableConcept> = "category";
        /// routine | urgent | asap | stat.
        pub priority: Option<Code> = "priority" bind REQUEST_PRIORITY;
        /// True if service/procedure should not be performed.
        pub do_not_perform: Option<Boolean> = "doNotPerform";
        /// What is being requested/ordered.
        pub code: Option<CodeableReference> = "code";
        /// Additional order information.
        pub order_detail: Vec<ServiceRequestOrderDetail> = "orderDetail";
        /// Service amount (`quantity[x]`).
        pub quantity: Option<ServiceRequestQuantity> = "quantity";
        /// Individual or Entity the service is ordered for (1..1).
        pub subject: Option<Reference> = "subject" min 1;
        /// What the service request is about, when it is not about the subject of record.
        pub focus: Vec<Reference> = "focus";
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
        pub location: Vec<CodeableReference> = "location";
        /// Explanation/Justification for procedure or service.
        pub reason: Vec<CodeableReference> = "reason";
        /// Associated insurance coverage.
        pub insurance: Vec<Reference> = "insurance";
        /// Additional clinical information.
        pub supporting_info: Vec<CodeableReference> = "supportingInfo";
        /// Procedure Samples.
        pub specimen: Vec<Reference> = "specimen";
        /// Coded location on Body.
        pub body_site: Vec<CodeableConcept> = "bodySite";
        /// BodyStructure-based location on the body.
        pub body_structure: Option<Reference> = "bodyStructure";
        /// Comments.
        pub note: Vec<Annotation> = "note";
        /// Patient or consumer-oriented instructions.
        pub patient_instruction: Vec<ServiceRequestPatientInstruction> = "patientInstruction";
        /// Request provenance.
        pub relevant_history: Vec<Reference> = "relevantHistory";
    }
}

impl ServiceRequest {
    /// An order with status, intent and subject.
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
    /// Additional information supporting the diagnostic report (FHIR R5 DiagnosticReport.supportingInfo).
    pub struct DiagnosticReportSupportingInfo : backbone "DiagnosticReport.supportingInfo" {
        /// Supporting information role code (1..1).
        pub r#type: Option<CodeableConcept> = "type" min 1;
        /// Supporting information reference (1..1).
        pub reference: Option<Reference> = "reference" min 1;
    }
}

fhir_struct! {
    /// A report: findings and interpretation ([FHIR R5 diagnosticreport.html](https://hl7.org/fhir/R5/diagnosticreport.html)).
    pub struct DiagnosticReport : domain "DiagnosticReport" {
        /// Business identifier for report.
        pub identifier: Vec<Identifier> = "identifier";
        /// What was requested.
        pub based_on: Vec<Reference> = "basedOn";
        /// registered | partial | preliminary | modified | final + (1..1).
        pub status: Option<Code> = "status" min 1 bind DIAGNOSTIC_REPORT_STATUS_R5;
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
        /// Comments about the diagnostic report.
        pub note: Vec<Annotation> = "note";
        /// Reference to full details of an analysis associated with the diagnostic report (ImagingStudy, GenomicStudy).
        pub study: Vec<Reference> = "study";
        /// Additional information supporting the diagnostic report.
        pub supporting_info: Vec<DiagnosticReportSupportingInfo> = "supportingInfo";
        /// Key images or data associated with this report.
        pub media: Vec<DiagnosticReportMedia> = "media";
        /// Reference to a Composition resource for the DiagnosticReport structure.
        pub composition: Option<Reference> = "composition";
        /// Clinical conclusion (interpretation) of test results.
        pub conclusion: Option<Markdown> = "conclusion";
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

//! FHIRcast imaging events ([FHIRcast 3.0 event catalog][cat]): the notification a hub sends
//! to subscribers when a user opens or closes an imaging study or a report, with its context
//! decoded into this crate's resources.
//!
//! FHIRcast 3.0 (STU3) is built on FHIR R4, and its event pages allow R5 resources when the
//! subscribers agree ("FHIR R4 versus FHIR R5" in the profiles of the ImagingStudy and
//! DiagnosticReport context resources: R5 puts the accession number in
//! `ImagingStudy.basedOn` and renames `DiagnosticReport.imagingStudy` to `study`). The event
//! names and context keys are the same for both; only the resources differ. So [`r4`] and
//! [`r5`] hold the same types, generated from one template, with that version's resources in
//! the context; the R4 ones are also re-exported here.
//!
//! ```
//! use fhir_imaging::fhircast::{ImagingEvent, Notification}; // = fhircast::r4::...
//! let text = r#"{"timestamp":"2024-05-01T10:00:00Z","id":"n1","event":{"hub.topic":"t1","hub.event":"ImagingStudy-open",
//!   "context":[{"key":"patient","resource":{"resourceType":"Patient","id":"p1"}},
//!              {"key":"study","resource":{"resourceType":"ImagingStudy","id":"s1","status":"available","subject":{"reference":"Patient/p1"}}}]}}"#;
//! let n: Notification = fhir_imaging::from_str(text)?;
//! match n.imaging_event() {
//!     Ok(ImagingEvent::ImagingStudyOpen { patient, study, .. }) => {
//!         assert_eq!(patient.and_then(|p| p.id).and_then(|i| i.as_str().map(str::to_owned)).as_deref(), Some("p1"));
//!         assert_eq!(study.id.as_ref().and_then(|i| i.as_str()), Some("s1"));
//!     }
//!     other => panic!("{other:?}"),
//! }
//! # Ok::<(), fhir_imaging::Error>(())
//! ```
//!
//! [cat]: https://build.fhir.org/ig/HL7/fhircast-docs/3-Events.html

/// The imaging events of the FHIRcast 3.0 catalog this module types.
pub const IMAGING_EVENTS: &[&str] = &[
    "ImagingStudy-open",
    "ImagingStudy-close",
    "DiagnosticReport-open",
    "DiagnosticReport-update",
    "DiagnosticReport-select",
    "DiagnosticReport-close",
];

/// One context entry of `$key` holding a `Resource::$variant`, cloned; with `required`, a
/// missing one is a problem pushed to `$problems`.
macro_rules! context_one {
    ($context:ident, $problems:ident, $name:ident, $key:literal, $variant:ident, required) => {{
        match context_one!($context, $problems, $name, $key, $variant) {
            Some(x) => Some(x),
            None => {
                $problems.push(format!(
                    "{}: context `{}` ({}) is required",
                    $name,
                    $key,
                    stringify!($variant)
                ));
                None
            }
        }
    }};
    ($context:ident, $problems:ident, $name:ident, $key:literal, $variant:ident) => {{
        find($context, $key).find_map(|c| match &c.resource {
            Some(Resource::$variant(x)) => Some(x.clone()),
            _ => None,
        })
    }};
}

/// The notification types of one FHIR version (FHIRcast 3.0 §2.5 "Event Notification" and
/// the imaging events of the event catalog), with that version's resources in the context.
macro_rules! fhircast_version {
    ($ver:ident, $res:ident) => {
        use $crate::validate::Validator;
        use $crate::Instant;
        use $crate::datatypes::FhirString;
        use $crate::$res::{Bundle, DiagnosticReport, ImagingStudy, Patient, Resource};
        use $crate::Reference;

        $crate::codec::fhir_struct! {
            /// One context entry: a key and a resource, resources, or references.
            pub struct ContextEntry : plain "context" {
                /// The context key (`patient`, `study`, `report`, `encounter`, `updates`, `select`).
                pub key: Option<FhirString> = "key" min 1;
                /// The resource.
                pub resource: Option<Resource> = "resource";
                /// The resources (DiagnosticReport-select `select`, as resources).
                pub resources: Vec<Resource> = "resources";
                /// References, for context values of type `reference` (FHIRcast 3.0
                /// DiagnosticReport-select: `report` and `select`).
                pub reference: Vec<Reference> = "reference";
            }
        }

        impl ContextEntry {
            /// A context entry with a key and a resource.
            pub fn new(key: &str, resource: impl Into<Resource>) -> Self {
                ContextEntry {
                    key: Some(key.into()),
                    resource: Some(resource.into()),
                    ..Default::default()
                }
            }
        }

        $crate::codec::fhir_struct! {
            /// The `event` member: topic, event name, context.
            pub struct Event : plain "event", invariants = event_invariants {
                /// The session topic.
                pub hub_topic: Option<FhirString> = "hub.topic" min 1;
                /// The event name (`ImagingStudy-open`, ...; case-insensitive per FHIRcast).
                pub hub_event: Option<FhirString> = "hub.event" min 1;
                /// The context.
                pub context: Vec<ContextEntry> = "context" min 1;
                /// The context version id (FHIRcast 3.0 content sharing).
                pub context_version_id: Option<FhirString> = "context.versionId";
                /// The previous context version id, in the update events a hub distributes
                /// (FHIRcast 3.0 DiagnosticReport-update, "Event Example").
                pub context_prior_version_id: Option<FhirString> = "context.priorVersionId";
            }
        }

        fn event_invariants(e: &Event, v: &mut Validator) {
            if let Some(name) = e.hub_event.as_ref().and_then(|n| n.as_str())
                && let Err(problems) = typed(name, &e.context)
            {
                for p in problems {
                    v.at("context", |v| v.error("required", p));
                }
            }
        }

        $crate::codec::fhir_struct! {
            /// A FHIRcast event notification (FHIRcast 3.0 §2.5 "Event Notification").
            pub struct Notification : plain "Notification" {
                /// When the event occurred (ISO 8601).
                pub timestamp: Option<Instant> = "timestamp" min 1;
                /// Event identifier.
                pub id: Option<FhirString> = "id" min 1;
                /// The event.
                pub event: Option<Event> = "event" min 1;
            }
        }

        impl $crate::resource::Sealed for Notification {}

        /// A FHIRcast notification is not a FHIR resource, but it is decoded, encoded and validated
        /// the same way (this module's FHIR version for the resources in its context).
        impl $crate::FhirResource for Notification {
            const VERSION: $crate::Version = $crate::Version::$ver;
            const ROOT: Option<&'static str> = Some("Notification");
            fn resource_type(&self) -> &str {
                "Notification"
            }
        }

        impl Notification {
            /// A notification for an event with its context.
            pub fn new(
                id: &str,
                timestamp: &str,
                topic: &str,
                event: &str,
                context: Vec<ContextEntry>,
            ) -> Self {
                Notification {
                    id: Some(id.into()),
                    timestamp: Some(timestamp.into()),
                    event: Some(Event {
                        hub_topic: Some(topic.into()),
                        hub_event: Some(event.into()),
                        context,
                        ..Default::default()
                    }),
                    ..Default::default()
                }
            }

            /// The typed imaging event, or the list of context problems.
            pub fn imaging_event(&self) -> Result<ImagingEvent, Vec<String>> {
                let event = self
                    .event
                    .as_ref()
                    .ok_or_else(|| vec!["no event".to_owned()])?;
                let name = event
                    .hub_event
                    .as_ref()
                    .and_then(|n| n.as_str())
                    .ok_or_else(|| vec!["no hub.event".to_owned()])?;
                typed(name, &event.context)
            }
        }

        /// An imaging event with its typed context (FHIRcast 3.0 event catalog).
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum ImagingEvent {
            /// `ImagingStudy-open`: study (1..1), encounter (0..1), patient (0..1; SHALL be
            /// present when the study's subject is a patient).
            ImagingStudyOpen {
                /// The patient (required when the study's subject is a Patient).
                patient: Option<Box<Patient>>,
                /// The study.
                study: Box<ImagingStudy>,
                /// The encounter, if given.
                encounter: Option<Resource>,
            },
            /// `ImagingStudy-close`: study (1..1), patient (0..1; SHALL be present when the
            /// study's subject is a patient).
            ImagingStudyClose {
                /// The patient (required when the study's subject is a Patient).
                patient: Option<Box<Patient>>,
                /// The study.
                study: Box<ImagingStudy>,
            },
            /// `DiagnosticReport-open`: report (1..1), patient (1..1), study (0..*).
            DiagnosticReportOpen {
                /// The report.
                report: Box<DiagnosticReport>,
                /// The patient.
                patient: Box<Patient>,
                /// The studies.
                study: Vec<ImagingStudy>,
            },
            /// `DiagnosticReport-update`: report (1..1), patient (0..1), study (0..1), updates
            /// (Bundle, 1..1).
            DiagnosticReportUpdate {
                /// The report (its id names the anchor context).
                report: Box<DiagnosticReport>,
                /// The patient, if its attributes changed.
                patient: Option<Box<Patient>>,
                /// The imaging study, if its attributes changed.
                study: Option<Box<ImagingStudy>>,
                /// The changes: a Bundle of requests.
                updates: Box<Bundle>,
            },
            /// `DiagnosticReport-select`: report (1..1, a resource or, as in FHIRcast 3.0, a
            /// reference), patient (0..1), select (resources or references; an entry without
            /// them clears the selection).
            DiagnosticReportSelect {
                /// The report, when given as a resource.
                report: Option<Box<DiagnosticReport>>,
                /// The report, when given by reference.
                report_reference: Option<Reference>,
                /// The patient, if given.
                patient: Option<Box<Patient>>,
                /// The selected resources.
                select: Vec<Resource>,
                /// The selected resources, by reference.
                select_reference: Vec<Reference>,
            },
            /// `DiagnosticReport-close`: report (1..1), patient (1..1).
            DiagnosticReportClose {
                /// The report.
                report: Box<DiagnosticReport>,
                /// The patient.
                patient: Box<Patient>,
            },
        }

        /// Whether the study's subject is a Patient, by its literal reference or its `type`
        /// (then the ImagingStudy events SHALL carry the patient, FHIRcast 3.0
        /// ImagingStudy-open/-close "Context").
        fn subject_is_patient(study: &ImagingStudy) -> bool {
            study.subject.as_ref().is_some_and(|r| {
                r.reference
                    .as_ref()
                    .and_then(|p| p.as_str())
                    .and_then(|t| $crate::datatypes::reference_type(t, $crate::Version::$ver))
                    == Some("Patient")
                    || r.r#type.as_ref().and_then(|p| p.as_str()).map(|t| {
                        t.strip_prefix("http://hl7.org/fhir/StructureDefinition/")
                            .unwrap_or(t)
                    }) == Some("Patient")
            })
        }

        fn typed(name: &str, context: &[ContextEntry]) -> Result<ImagingEvent, Vec<String>> {
            let mut problems = Vec::new();
            fn find<'a>(
                context: &'a [ContextEntry],
                key: &'a str,
            ) -> impl Iterator<Item = &'a ContextEntry> + 'a {
                context
                    .iter()
                    .filter(move |c| c.key.as_ref().and_then(|k| k.as_str()) == Some(key))
            }
            let lower = name.to_ascii_lowercase();
            let ev = match lower.as_str() {
                "imagingstudy-open" | "imagingstudy-close" => {
                    let study =
                        context_one!(context, problems, name, "study", ImagingStudy, required);
                    let patient = context_one!(context, problems, name, "patient", Patient);
                    if patient.is_none() && study.as_deref().is_some_and(subject_is_patient) {
                        problems.push(format!(
                            "{name}: context `patient` (Patient) is required: the study's subject is a Patient"
                        ));
                    }
                    let encounter = find(context, "encounter").find_map(|c| c.resource.clone());
                    study.map(|study| {
                        if lower == "imagingstudy-open" {
                            ImagingEvent::ImagingStudyOpen {
                                patient,
                                study,
                                encounter,
                            }
                        } else {
                            ImagingEvent::ImagingStudyClose { patient, study }
                        }
                    })
                }
                "diagnosticreport-open" => {
                    let report = context_one!(
                        context,
                        problems,
                        name,
                        "report",
                        DiagnosticReport,
                        required
                    );
                    let patient =
                        context_one!(context, problems, name, "patient", Patient, required);
                    let study: Vec<ImagingStudy> = find(context, "study")
                        .filter_map(|c| match &c.resource {
                            Some(Resource::ImagingStudy(s)) => Some((**s).clone()),
                            _ => None,
                        })
                        .collect();
                    report.zip(patient).map(|(report, patient)| {
                        ImagingEvent::DiagnosticReportOpen {
                            report,
                            patient,
                            study,
                        }
                    })
                }
                "diagnosticreport-update" => {
                    let report = context_one!(
                        context,
                        problems,
                        name,
                        "report",
                        DiagnosticReport,
                        required
                    );
                    let patient = context_one!(context, problems, name, "patient", Patient);
                    let study = context_one!(context, problems, name, "study", ImagingStudy);
                    let updates =
                        context_one!(context, problems, name, "updates", Bundle, required);
                    report.zip(updates).map(|(report, updates)| {
                        ImagingEvent::DiagnosticReportUpdate {
                            report,
                            patient,
                            study,
                            updates,
                        }
                    })
                }
                "diagnosticreport-select" => {
                    let report = context_one!(context, problems, name, "report", DiagnosticReport);
                    let report_reference =
                        find(context, "report").find_map(|c| c.reference.first().cloned());
                    if report.is_none() && report_reference.is_none() {
                        problems.push(format!(
                            "{name}: context `report` (DiagnosticReport, or a reference to it) is required"
                        ));
                    }
                    let patient = context_one!(context, problems, name, "patient", Patient);
                    if find(context, "select").next().is_none() {
                        problems.push(format!("{name}: context `select` is required"));
                    }
                    let select: Vec<Resource> = find(context, "select")
                        .flat_map(|c| c.resource.iter().chain(c.resources.iter()).cloned())
                        .collect();
                    let select_reference: Vec<Reference> = find(context, "select")
                        .flat_map(|c| c.reference.iter().cloned())
                        .collect();
                    Some(ImagingEvent::DiagnosticReportSelect {
                        report,
                        report_reference,
                        patient,
                        select,
                        select_reference,
                    })
                }
                "diagnosticreport-close" => {
                    let report = context_one!(
                        context,
                        problems,
                        name,
                        "report",
                        DiagnosticReport,
                        required
                    );
                    let patient =
                        context_one!(context, problems, name, "patient", Patient, required);
                    report.zip(patient).map(|(report, patient)| {
                        ImagingEvent::DiagnosticReportClose { report, patient }
                    })
                }
                _ => {
                    problems.push(format!(
                        "`{name}` is not an imaging event ({})",
                        super::IMAGING_EVENTS.join(", ")
                    ));
                    None
                }
            };
            match ev {
                Some(ev) if problems.is_empty() => Ok(ev),
                _ => Err(problems),
            }
        }
    };
}

/// FHIRcast imaging events with FHIR R4 (4.0.1) resources in the context, the version
/// FHIRcast 3.0 is built on.
pub mod r4 {
    fhircast_version!(R4, r4);
}

/// FHIRcast imaging events with FHIR R5 (5.0.0) resources in the context (FHIRcast 3.0
/// allows them when the subscribers agree; see the profiles' "FHIR R4 versus FHIR R5" notes:
/// the accession number as an `ImagingStudy.basedOn` reference of type ServiceRequest with an
/// ACSN identifier, `DiagnosticReport.study` for the imaging studies).
///
/// ```
/// use fhir_imaging::fhircast::r5::{ImagingEvent, Notification};
/// let text = r#"{"timestamp":"2024-05-01T10:00:00Z","id":"n1","event":{"hub.topic":"t1","hub.event":"DiagnosticReport-close",
///   "context":[{"key":"report","resource":{"resourceType":"DiagnosticReport","id":"r1","status":"final","code":{"text":"CT"},
///                "study":[{"reference":"ImagingStudy/s1"}]}},
///              {"key":"patient","resource":{"resourceType":"Patient","id":"p1"}}]}}"#;
/// let n: Notification = fhir_imaging::from_str(text)?;
/// assert!(fhir_imaging::validate(&n).is_empty());
/// let Ok(ImagingEvent::DiagnosticReportClose { report, .. }) = n.imaging_event() else { panic!() };
/// assert_eq!(report.study[0].reference.as_ref().and_then(|r| r.as_str()), Some("ImagingStudy/s1"));
/// // The R4 types refuse the R5 element.
/// assert!(fhir_imaging::from_str::<fhir_imaging::fhircast::Notification>(text).is_err());
/// # Ok::<(), fhir_imaging::Error>(())
/// ```
pub mod r5 {
    fhircast_version!(R5, r5);
}

pub use self::r4::{ContextEntry, Event, ImagingEvent, Notification};

//! FHIRcast imaging events ([FHIRcast 3.0 event catalog][cat]): the notification a hub sends
//! to subscribers when a user opens or closes an imaging study or a report, with its context
//! decoded into the R4 resources of this crate (FHIRcast 3.0 is built on FHIR R4).
//!
//! ```
//! use fhir_imaging::fhircast::{ImagingEvent, Notification};
//! let text = r#"{"timestamp":"2024-05-01T10:00:00Z","id":"n1","event":{"hub.topic":"t1","hub.event":"ImagingStudy-open",
//!   "context":[{"key":"patient","resource":{"resourceType":"Patient","id":"p1"}},
//!              {"key":"study","resource":{"resourceType":"ImagingStudy","id":"s1","status":"available","subject":{"reference":"Patient/p1"}}}]}}"#;
//! let n: Notification = fhir_imaging::from_str(text)?;
//! match n.imaging_event() {
//!     Ok(ImagingEvent::ImagingStudyOpen { patient, study, .. }) => {
//!         assert_eq!(patient.id.as_ref().and_then(|i| i.as_str()), Some("p1"));
//!         assert_eq!(study.id.as_ref().and_then(|i| i.as_str()), Some("s1"));
//!     }
//!     other => panic!("{other:?}"),
//! }
//! # Ok::<(), fhir_imaging::Error>(())
//! ```
//!
//! [cat]: https://build.fhir.org/ig/HL7/fhircast-docs/3-Events.html

use crate::Instant;
use crate::codec::fhir_struct;
use crate::datatypes::FhirString;
use crate::r4::{Bundle, DiagnosticReport, ImagingStudy, Patient, Resource};
use crate::validate::Validator;

/// The imaging events of the FHIRcast 3.0 catalog this module types.
pub const IMAGING_EVENTS: &[&str] = &[
    "ImagingStudy-open",
    "ImagingStudy-close",
    "DiagnosticReport-open",
    "DiagnosticReport-update",
    "DiagnosticReport-select",
    "DiagnosticReport-close",
];

fhir_struct! {
    /// One context entry: a key and a resource (or, for `select`, resources).
    pub struct ContextEntry : plain "context" {
        /// The context key (`patient`, `study`, `report`, `encounter`, `updates`, `select`).
        pub key: Option<FhirString> = "key" min 1;
        /// The resource.
        pub resource: Option<Resource> = "resource";
        /// The resources (DiagnosticReport-select `select`).
        pub resources: Vec<Resource> = "resources";
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

fhir_struct! {
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

fhir_struct! {
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

impl crate::resource::Sealed for Notification {}

/// A FHIRcast notification is not a FHIR resource, but it is decoded, encoded and validated
/// the same way (R4 resources in its context).
impl crate::FhirResource for Notification {
    const VERSION: crate::Version = crate::Version::R4;
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
    /// `ImagingStudy-open`: patient (1..1), study (1..1), encounter (0..1).
    ImagingStudyOpen {
        /// The patient.
        patient: Box<Patient>,
        /// The study.
        study: Box<ImagingStudy>,
        /// The encounter, if given.
        encounter: Option<Resource>,
    },
    /// `ImagingStudy-close`: patient (1..1), study (1..1).
    ImagingStudyClose {
        /// The patient.
        patient: Box<Patient>,
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
    /// `DiagnosticReport-update`: report (1..1), patient (0..1), updates (Bundle, 1..1).
    DiagnosticReportUpdate {
        /// The report (its id names the anchor context).
        report: Box<DiagnosticReport>,
        /// The patient, if given.
        patient: Option<Box<Patient>>,
        /// The changes: a Bundle of requests.
        updates: Box<Bundle>,
    },
    /// `DiagnosticReport-select`: report (1..1), patient (0..1), select (1..*).
    DiagnosticReportSelect {
        /// The report.
        report: Box<DiagnosticReport>,
        /// The patient, if given.
        patient: Option<Box<Patient>>,
        /// The selected resources.
        select: Vec<Resource>,
    },
    /// `DiagnosticReport-close`: report (1..1), patient (1..1).
    DiagnosticReportClose {
        /// The report.
        report: Box<DiagnosticReport>,
        /// The patient.
        patient: Box<Patient>,
    },
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
    macro_rules! one {
        ($key:literal, $variant:ident, required) => {{
            match find(context, $key).find_map(|c| match &c.resource {
                Some(Resource::$variant(x)) => Some(x.clone()),
                _ => None,
            }) {
                Some(x) => Some(x),
                None => {
                    problems.push(format!(
                        "{name}: context `{}` ({}) is required",
                        $key,
                        stringify!($variant)
                    ));
                    None
                }
            }
        }};
        ($key:literal, $variant:ident) => {{
            find(context, $key).find_map(|c| match &c.resource {
                Some(Resource::$variant(x)) => Some(x.clone()),
                _ => None,
            })
        }};
    }
    let lower = name.to_ascii_lowercase();
    let ev = match lower.as_str() {
        "imagingstudy-open" => {
            let patient = one!("patient", Patient, required);
            let study = one!("study", ImagingStudy, required);
            let encounter = find(context, "encounter").find_map(|c| c.resource.clone());
            patient
                .zip(study)
                .map(|(patient, study)| ImagingEvent::ImagingStudyOpen {
                    patient,
                    study,
                    encounter,
                })
        }
        "imagingstudy-close" => {
            let patient = one!("patient", Patient, required);
            let study = one!("study", ImagingStudy, required);
            patient
                .zip(study)
                .map(|(patient, study)| ImagingEvent::ImagingStudyClose { patient, study })
        }
        "diagnosticreport-open" => {
            let report = one!("report", DiagnosticReport, required);
            let patient = one!("patient", Patient, required);
            let study: Vec<ImagingStudy> = find(context, "study")
                .filter_map(|c| match &c.resource {
                    Some(Resource::ImagingStudy(s)) => Some((**s).clone()),
                    _ => None,
                })
                .collect();
            report
                .zip(patient)
                .map(|(report, patient)| ImagingEvent::DiagnosticReportOpen {
                    report,
                    patient,
                    study,
                })
        }
        "diagnosticreport-update" => {
            let report = one!("report", DiagnosticReport, required);
            let patient = one!("patient", Patient);
            let updates = one!("updates", Bundle, required);
            report
                .zip(updates)
                .map(|(report, updates)| ImagingEvent::DiagnosticReportUpdate {
                    report,
                    patient,
                    updates,
                })
        }
        "diagnosticreport-select" => {
            let report = one!("report", DiagnosticReport, required);
            let patient = one!("patient", Patient);
            let select: Vec<Resource> = find(context, "select")
                .flat_map(|c| c.resources.iter().cloned())
                .collect();
            if select.is_empty() {
                problems.push(format!("{name}: context `select` (resources) is required"));
            }
            report.filter(|_| !select.is_empty()).map(|report| {
                ImagingEvent::DiagnosticReportSelect {
                    report,
                    patient,
                    select,
                }
            })
        }
        "diagnosticreport-close" => {
            let report = one!("report", DiagnosticReport, required);
            let patient = one!("patient", Patient, required);
            report
                .zip(patient)
                .map(|(report, patient)| ImagingEvent::DiagnosticReportClose { report, patient })
        }
        _ => {
            problems.push(format!(
                "`{name}` is not an imaging event ({})",
                IMAGING_EVENTS.join(", ")
            ));
            None
        }
    };
    match ev {
        Some(ev) if problems.is_empty() => Ok(ev),
        _ => Err(problems),
    }
}

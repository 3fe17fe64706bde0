//! Resources in general: the names of every resource type per version, resources outside
//! this crate's set ([`OtherResource`], kept as JSON), and the [`FhirResource`] trait.

use crate::Version;
use crate::codec::ObjectCodec;
use crate::error::ErrorKind;
use crate::json::{Json, Reader, Result, Writer};
use crate::validate::Validator;

/// A resource type of a FHIR version, decodable and encodable on its own.
///
/// Implemented by each resource of [`r4`](crate::r4) and [`r5`](crate::r5) and by their
/// `Resource` enums; used by [`from_str`](crate::from_str), [`to_string`](crate::to_string)
/// and [`validate`](crate::validate).
pub trait FhirResource: ObjectCodec + Sealed {
    /// The FHIR version this type belongs to.
    const VERSION: Version;
    /// The name decode errors are located from when the type is not a resource itself
    /// (FHIRcast `Notification`); resources name their `resourceType`.
    #[doc(hidden)]
    const ROOT: Option<&'static str> = None;
    /// The `resourceType` of this value.
    fn resource_type(&self) -> &str;
}

#[allow(unreachable_pub, reason = "sealed trait")]
pub trait Sealed {}

/// A resource this crate does not model, kept as JSON so that nothing is lost (its
/// `resourceType` is checked against the version's list of resources; its content is not).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct OtherResource {
    /// The `resourceType`.
    pub resource_type: String,
    /// Every other member, in input order.
    pub members: Vec<(String, Json)>,
}

impl OtherResource {
    /// The resource's `id`, if it has one.
    pub fn id(&self) -> Option<&str> {
        self.members
            .iter()
            .find_map(|(k, v)| match (k.as_str(), v) {
                ("id", Json::String(s)) => Some(s.as_str()),
                _ => None,
            })
    }

    pub(crate) fn decode(r: &mut Reader<'_>, rt: &str) -> Result<Self> {
        let start = r.pos;
        match r.json_value().map_err(|e| e.in_resource(rt))? {
            Json::Object(members) => Ok(OtherResource {
                resource_type: rt.to_owned(),
                members: members
                    .into_iter()
                    .filter(|(k, _)| k != "resourceType")
                    .collect(),
            }),
            _ => Err(crate::Error::new(
                ErrorKind::WrongType { expected: "object" },
                start,
            )),
        }
    }

    pub(crate) fn encode(&self, w: &mut Writer) -> bool {
        w.begin_object();
        w.key("resourceType");
        w.string(&self.resource_type);
        for (k, v) in &self.members {
            w.key_escaped(k);
            v.write(w);
        }
        w.end_object();
        true
    }
}

/// Decode the `resourceType` at the cursor and check it names a resource of the version.
pub(crate) fn peek_type<'a>(r: &mut Reader<'a>) -> Result<std::borrow::Cow<'a, str>> {
    let rt = r.peek_resource_type()?;
    if !is_resource_type(&rt, r.version) {
        return Err(r
            .err(ErrorKind::UnknownResourceType(rt.clone().into_owned()))
            .in_static("resourceType"));
    }
    Ok(rt)
}

/// A resource kept as JSON: its type, the local references it holds (for dom-3), and, when
/// contained, dom-4/dom-5 on its `meta` (FHIR R4/R5 domainresource.html).
pub(crate) fn validate_other(o: &OtherResource, v: &mut Validator) {
    if !is_resource_type(&o.resource_type, v.version) {
        v.error(
            "structure",
            format!("unknown resourceType `{}`", o.resource_type),
        );
    }
    for (_, j) in &o.members {
        v.note_json_refs(j);
    }
    if v.in_contained() {
        let meta = o.members.iter().find_map(|(k, j)| match (k.as_str(), j) {
            ("meta", Json::Object(m)) => Some(m),
            _ => None,
        });
        if let Some(m) = meta {
            let has = |name: &str| m.iter().any(|(k, _)| k == name);
            v.contained_meta(has("versionId"), has("lastUpdated"), has("security"));
        }
    }
}

/// Generate a version's `Resource` enum.
macro_rules! resource_enum {
    ($version:ident; $( $(#[$m:meta])* $V:ident ),* $(,)?) => {
        /// Any resource of this FHIR version: the ones this crate models, typed, and every
        /// other one kept as JSON ([`OtherResource`](crate::OtherResource)).
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum Resource {
            $( $(#[$m])* $V(Box<$V>), )*
            /// Any other resource type of this version, kept as JSON.
            Other(Box<$crate::OtherResource>),
        }

        impl Resource {
            /// The `resourceType`.
            pub fn resource_type(&self) -> &str {
                match self {
                    $( Resource::$V(_) => stringify!($V), )*
                    Resource::Other(o) => &o.resource_type,
                }
            }

            /// The resource's logical id.
            pub fn resource_id(&self) -> Option<&str> {
                match self {
                    $( Resource::$V(x) => x.id.as_ref().and_then(|p| p.as_str()), )*
                    Resource::Other(o) => o.id(),
                }
            }
        }

        impl $crate::codec::ObjectCodec for Resource {
            fn decode(r: &mut $crate::json::Reader<'_>) -> $crate::json::Result<Self> {
                let rt = $crate::resource::peek_type(r)?;
                match &*rt {
                    $( stringify!($V) => <$V as $crate::codec::ObjectCodec>::decode_boxed(r).map(Resource::$V), )*
                    other => $crate::OtherResource::decode(r, other).map(|o| Resource::Other(Box::new(o))),
                }
            }
            fn encode(&self, w: &mut $crate::json::Writer) -> bool {
                match self {
                    $( Resource::$V(x) => $crate::codec::ObjectCodec::encode(&**x, w), )*
                    Resource::Other(o) => o.encode(w),
                }
            }
            fn validate(&self, v: &mut $crate::validate::Validator) {
                match self {
                    $( Resource::$V(x) => $crate::codec::ObjectCodec::validate(&**x, v), )*
                    Resource::Other(o) => $crate::resource::validate_other(o, v),
                }
            }
        }

        impl $crate::resource::Sealed for Resource {}
        impl $crate::FhirResource for Resource {
            const VERSION: $crate::Version = $crate::Version::$version;
            fn resource_type(&self) -> &str {
                Resource::resource_type(self)
            }
        }

        $(
            impl From<$V> for Resource {
                fn from(x: $V) -> Self {
                    Resource::$V(Box::new(x))
                }
            }
            impl $crate::resource::Sealed for $V {}
            impl $crate::FhirResource for $V {
                const VERSION: $crate::Version = $crate::Version::$version;
                fn resource_type(&self) -> &str {
                    stringify!($V)
                }
            }
        )*
    };
}
pub(crate) use resource_enum;

/// Whether `name` is a resource type of `version` (FHIR R4 4.0.1 resourcelist.html; FHIR R5
/// 5.0.0 resourcelist.html).
pub fn is_resource_type(name: &str, version: Version) -> bool {
    match version {
        Version::R4 => R4_RESOURCES.binary_search(&name).is_ok(),
        Version::R5 => R5_RESOURCES.binary_search(&name).is_ok(),
    }
}

/// Every resource type of FHIR R4 (4.0.1), sorted.
pub const R4_RESOURCES: &[&str] = &[
    "Account",
    "ActivityDefinition",
    "AdverseEvent",
    "AllergyIntolerance",
    "Appointment",
    "AppointmentResponse",
    "AuditEvent",
    "Basic",
    "Binary",
    "BiologicallyDerivedProduct",
    "BodyStructure",
    "Bundle",
    "CapabilityStatement",
    "CarePlan",
    "CareTeam",
    "CatalogEntry",
    "ChargeItem",
    "ChargeItemDefinition",
    "Claim",
    "ClaimResponse",
    "ClinicalImpression",
    "CodeSystem",
    "Communication",
    "CommunicationRequest",
    "CompartmentDefinition",
    "Composition",
    "ConceptMap",
    "Condition",
    "Consent",
    "Contract",
    "Coverage",
    "CoverageEligibilityRequest",
    "CoverageEligibilityResponse",
    "DetectedIssue",
    "Device",
    "DeviceDefinition",
    "DeviceMetric",
    "DeviceRequest",
    "DeviceUseStatement",
    "DiagnosticReport",
    "DocumentManifest",
    "DocumentReference",
    "EffectEvidenceSynthesis",
    "Encounter",
    "Endpoint",
    "EnrollmentRequest",
    "EnrollmentResponse",
    "EpisodeOfCare",
    "EventDefinition",
    "Evidence",
    "EvidenceVariable",
    "ExampleScenario",
    "ExplanationOfBenefit",
    "FamilyMemberHistory",
    "Flag",
    "Goal",
    "GraphDefinition",
    "Group",
    "GuidanceResponse",
    "HealthcareService",
    "ImagingStudy",
    "Immunization",
    "ImmunizationEvaluation",
    "ImmunizationRecommendation",
    "ImplementationGuide",
    "InsurancePlan",
    "Invoice",
    "Library",
    "Linkage",
    "List",
    "Location",
    "Measure",
    "MeasureReport",
    "Media",
    "Medication",
    "MedicationAdministration",
    "MedicationDispense",
    "MedicationKnowledge",
    "MedicationRequest",
    "MedicationStatement",
    "MedicinalProduct",
    "MedicinalProductAuthorization",
    "MedicinalProductContraindication",
    "MedicinalProductIndication",
    "MedicinalProductIngredient",
    "MedicinalProductInteraction",
    "MedicinalProductManufactured",
    "MedicinalProductPackaged",
    "MedicinalProductPharmaceutical",
    "MedicinalProductUndesirableEffect",
    "MessageDefinition",
    "MessageHeader",
    "MolecularSequence",
    "NamingSystem",
    "NutritionOrder",
    "Observation",
    "ObservationDefinition",
    "OperationDefinition",
    "OperationOutcome",
    "Organization",
    "OrganizationAffiliation",
    "Parameters",
    "Patient",
    "PaymentNotice",
    "PaymentReconciliation",
    "Person",
    "PlanDefinition",
    "Practitioner",
    "PractitionerRole",
    "Procedure",
    "Provenance",
    "Questionnaire",
    "QuestionnaireResponse",
    "RelatedPerson",
    "RequestGroup",
    "ResearchDefinition",
    "ResearchElementDefinition",
    "ResearchStudy",
    "ResearchSubject",
    "RiskAssessment",
    "RiskEvidenceSynthesis",
    "Schedule",
    "SearchParameter",
    "ServiceRequest",
    "Slot",
    "Specimen",
    "SpecimenDefinition",
    "StructureDefinition",
    "StructureMap",
    "Subscription",
    "Substance",
    "SubstanceNucleicAcid",
    "SubstancePolymer",
    "SubstanceProtein",
    "SubstanceReferenceInformation",
    "SubstanceSourceMaterial",
    "SubstanceSpecification",
    "SupplyDelivery",
    "SupplyRequest",
    "Task",
    "TerminologyCapabilities",
    "TestReport",
    "TestScript",
    "ValueSet",
    "VerificationResult",
    "VisionPrescription",
];

/// Every resource type of FHIR R5 (5.0.0), sorted.
pub const R5_RESOURCES: &[&str] = &[
    "Account",
    "ActivityDefinition",
    "ActorDefinition",
    "AdministrableProductDefinition",
    "AdverseEvent",
    "AllergyIntolerance",
    "Appointment",
    "AppointmentResponse",
    "ArtifactAssessment",
    "AuditEvent",
    "Basic",
    "Binary",
    "BiologicallyDerivedProduct",
    "BiologicallyDerivedProductDispense",
    "BodyStructure",
    "Bundle",
    "CapabilityStatement",
    "CarePlan",
    "CareTeam",
    "ChargeItem",
    "ChargeItemDefinition",
    "Citation",
    "Claim",
    "ClaimResponse",
    "ClinicalImpression",
    "ClinicalUseDefinition",
    "CodeSystem",
    "Communication",
    "CommunicationRequest",
    "CompartmentDefinition",
    "Composition",
    "ConceptMap",
    "Condition",
    "ConditionDefinition",
    "Consent",
    "Contract",
    "Coverage",
    "CoverageEligibilityRequest",
    "CoverageEligibilityResponse",
    "DetectedIssue",
    "Device",
    "DeviceAssociation",
    "DeviceDefinition",
    "DeviceDispense",
    "DeviceMetric",
    "DeviceRequest",
    "DeviceUsage",
    "DiagnosticReport",
    "DocumentReference",
    "Encounter",
    "EncounterHistory",
    "Endpoint",
    "EnrollmentRequest",
    "EnrollmentResponse",
    "EpisodeOfCare",
    "EventDefinition",
    "Evidence",
    "EvidenceReport",
    "EvidenceVariable",
    "ExampleScenario",
    "ExplanationOfBenefit",
    "FamilyMemberHistory",
    "Flag",
    "FormularyItem",
    "GenomicStudy",
    "Goal",
    "GraphDefinition",
    "Group",
    "GuidanceResponse",
    "HealthcareService",
    "ImagingSelection",
    "ImagingStudy",
    "Immunization",
    "ImmunizationEvaluation",
    "ImmunizationRecommendation",
    "ImplementationGuide",
    "Ingredient",
    "InsurancePlan",
    "InventoryItem",
    "InventoryReport",
    "Invoice",
    "Library",
    "Linkage",
    "List",
    "Location",
    "ManufacturedItemDefinition",
    "Measure",
    "MeasureReport",
    "Medication",
    "MedicationAdministration",
    "MedicationDispense",
    "MedicationKnowledge",
    "MedicationRequest",
    "MedicationStatement",
    "MedicinalProductDefinition",
    "MessageDefinition",
    "MessageHeader",
    "MolecularSequence",
    "NamingSystem",
    "NutritionIntake",
    "NutritionOrder",
    "NutritionProduct",
    "Observation",
    "ObservationDefinition",
    "OperationDefinition",
    "OperationOutcome",
    "Organization",
    "OrganizationAffiliation",
    "PackagedProductDefinition",
    "Parameters",
    "Patient",
    "PaymentNotice",
    "PaymentReconciliation",
    "Permission",
    "Person",
    "PlanDefinition",
    "Practitioner",
    "PractitionerRole",
    "Procedure",
    "Provenance",
    "Questionnaire",
    "QuestionnaireResponse",
    "RegulatedAuthorization",
    "RelatedPerson",
    "RequestOrchestration",
    "Requirements",
    "ResearchStudy",
    "ResearchSubject",
    "RiskAssessment",
    "Schedule",
    "SearchParameter",
    "ServiceRequest",
    "Slot",
    "Specimen",
    "SpecimenDefinition",
    "StructureDefinition",
    "StructureMap",
    "Subscription",
    "SubscriptionStatus",
    "SubscriptionTopic",
    "Substance",
    "SubstanceDefinition",
    "SubstanceNucleicAcid",
    "SubstancePolymer",
    "SubstanceProtein",
    "SubstanceReferenceInformation",
    "SubstanceSourceMaterial",
    "SupplyDelivery",
    "SupplyRequest",
    "Task",
    "TerminologyCapabilities",
    "TestPlan",
    "TestReport",
    "TestScript",
    "Transport",
    "ValueSet",
    "VerificationResult",
    "VisionPrescription",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_for_binary_search() {
        assert!(R4_RESOURCES.windows(2).all(|w| w[0] < w[1]));
        assert!(R5_RESOURCES.windows(2).all(|w| w[0] < w[1]));
        assert!(is_resource_type("Media", Version::R4));
        assert!(!is_resource_type("Media", Version::R5));
        assert!(is_resource_type("ImagingSelection", Version::R5));
    }
}

//! Coding systems: HL7 table 0396 / DICOM coding scheme designators ↔ FHIR `system` URIs, and
//! the small vocabularies the mappings share.
//!
//! The URIs are the FHIR registered ones (FHIR R5 terminologies-systems.html); the HL7
//! v2-to-FHIR IG says "the vocabulary table gives the URI" without listing them.

use std::collections::BTreeMap;

/// The DICOM Controlled Terminology code system (PS3.16 §8; FHIR R5 terminologies-systems).
pub(crate) const DCM: &str = "http://dicom.nema.org/resources/ontology/DCM";
/// HL7 v2 table 0203 (identifier type), used for ACSN/PLAC/FILL identifier types.
pub(crate) const V2_0203: &str = "http://terminology.hl7.org/CodeSystem/v2-0203";
/// The `urn:dicom:uid` identifier system FHIR uses for DICOM UIDs (FHIR R5 ImagingStudy).
pub(crate) const DICOM_UID_SYSTEM: &str = "urn:dicom:uid";

const BUILT_IN: &[(&str, &str)] = &[
    ("LN", "http://loinc.org"),
    ("SCT", "http://snomed.info/sct"),
    ("SNM", "http://snomed.info/sct"),
    ("DCM", DCM),
    ("UCUM", "http://unitsofmeasure.org"),
    ("I10", "http://hl7.org/fhir/sid/icd-10"),
    ("I10C", "http://hl7.org/fhir/sid/icd-10-cm"),
    ("I9C", "http://hl7.org/fhir/sid/icd-9-cm"),
    ("C4", "http://www.ama-assn.org/go/cpt"),
    ("RADLEX", "http://www.radlex.org"),
];

/// Coding scheme designator → FHIR system URI: the built-in registered ones, plus `extra`
/// (local schemes such as `ERL_MESA`), plus `HL7nnnn` → `v2-nnnn`.
pub(crate) fn system_for(designator: &str, extra: &BTreeMap<String, String>) -> Option<String> {
    if let Some(uri) = extra.get(designator) {
        return Some(uri.clone());
    }
    if let Some((_, uri)) = BUILT_IN.iter().find(|(d, _)| *d == designator) {
        return Some((*uri).to_owned());
    }
    let n = designator.strip_prefix("HL7")?;
    if n.len() == 4 && n.bytes().all(|b| b.is_ascii_digit()) {
        return Some(format!("http://terminology.hl7.org/CodeSystem/v2-{n}"));
    }
    None
}

/// FHIR system URI → coding scheme designator (reverse of [`system_for`]).
pub(crate) fn designator_for(system: &str, extra: &BTreeMap<String, String>) -> Option<String> {
    if let Some((d, _)) = extra.iter().find(|(_, u)| *u == system) {
        return Some(d.clone());
    }
    if let Some((d, _)) = BUILT_IN.iter().find(|(_, u)| *u == system) {
        return Some((*d).to_owned());
    }
    let n = system.strip_prefix("http://terminology.hl7.org/CodeSystem/v2-")?;
    Some(format!("HL7{n}"))
}

//! The mapping subcommands (`hl7 to-mwl`, `hl7 to-fhir`, `fhir from-dicom`). Library: `imaging-bridge`.

use crate::hl7::FhirVersion;
use crate::util::CliError;
use std::path::Path;

pub(crate) fn hl7_to_mwl(_file: &Path, _pretty: bool) -> Result<(), CliError> {
    Err(CliError::NotBuilt {
        command: "hl7 to-mwl",
        issue: 7,
    })
}

pub(crate) fn hl7_to_fhir(_file: &Path, _fhir: FhirVersion, _pretty: bool) -> Result<(), CliError> {
    Err(CliError::NotBuilt {
        command: "hl7 to-fhir",
        issue: 7,
    })
}

pub(crate) fn dicom_to_fhir(
    _file: &Path,
    _wado_base: &str,
    _fhir: FhirVersion,
    _pretty: bool,
) -> Result<(), CliError> {
    Err(CliError::NotBuilt {
        command: "fhir from-dicom",
        issue: 7,
    })
}

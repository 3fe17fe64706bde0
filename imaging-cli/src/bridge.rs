//! The mapping subcommands (`hl7 to-mwl`, `hl7 to-fhir`, `fhir from-dicom`). Library: `imaging-bridge`.
//!
//! The mapped document goes to standard output; each located warning of the mapping (what could
//! not be mapped, or was mapped by a fallback) goes to standard error as
//! `imaging: warning: FILE: LOCATION: MESSAGE`, and does not change the exit code. A mapping
//! that cannot be done at all exits 1 with one located line.

use crate::hl7::FhirVersion;
use crate::util::{CliError, read_input, write_output};
use imaging_bridge::{FhirOptions, MwlOptions, Warning};
use std::io::Write;
use std::path::Path;

fn version(v: FhirVersion) -> imaging_bridge::FhirVersion {
    match v {
        FhirVersion::R4 => imaging_bridge::FhirVersion::R4,
        FhirVersion::R5 => imaging_bridge::FhirVersion::R5,
    }
}

/// Print the warnings on standard error, located in `file`.
pub(crate) fn print_warnings(file: &Path, warnings: &[Warning]) {
    let mut err = std::io::stderr().lock();
    for w in warnings {
        let _ = writeln!(err, "imaging: warning: {}: {w}", file.display());
    }
}

fn failed(file: &Path, e: &imaging_bridge::Error) -> CliError {
    CliError::invalid(format!("{}: {e}", file.display()))
}

fn with_newline(mut bytes: Vec<u8>) -> Vec<u8> {
    bytes.push(b'\n');
    bytes
}

pub(crate) fn hl7_to_mwl(file: &Path, pretty: bool) -> Result<(), CliError> {
    let input = read_input(file)?;
    let out = imaging_bridge::order_bytes_to_mwl(&input, &MwlOptions::default())
        .map_err(|e| failed(file, &e))?;
    print_warnings(file, &out.warnings);
    let json = out.to_json(pretty).map_err(|e| failed(file, &e))?;
    write_output(None, &with_newline(json))
}

pub(crate) fn hl7_to_fhir(file: &Path, fhir: FhirVersion, pretty: bool) -> Result<(), CliError> {
    let input = read_input(file)?;
    let mut opts = FhirOptions::default();
    opts.version = version(fhir);
    // An ORU^R01 report gives its DiagnosticReport Bundle; any other message is mapped as an order.
    let is_report = hl7v2_imaging::Message::parse(&input)
        .ok()
        .is_some_and(|m| m.message_type().0 == "ORU");
    let out = if is_report {
        imaging_bridge::report_bytes_to_fhir(&input, &opts)
    } else {
        imaging_bridge::order_bytes_to_fhir(&input, &opts)
    }
    .map_err(|e| failed(file, &e))?;
    print_warnings(file, &out.warnings);
    let json = out.to_json(pretty).map_err(|e| failed(file, &e))?;
    write_output(None, &with_newline(json))
}

pub(crate) fn dicom_to_fhir(
    file: &Path,
    wado_base: &str,
    fhir: FhirVersion,
    pretty: bool,
) -> Result<(), CliError> {
    let input = read_input(file)?;
    let mut opts = FhirOptions::default();
    opts.version = version(fhir);
    let out = imaging_bridge::study_json_to_fhir(&input, wado_base, &opts)
        .map_err(|e| failed(file, &e))?;
    print_warnings(file, &out.warnings);
    let json = out.to_json(pretty).map_err(|e| failed(file, &e))?;
    write_output(None, &with_newline(json))
}

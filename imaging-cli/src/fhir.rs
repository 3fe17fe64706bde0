//! `imaging fhir ...`: FHIR imaging resources. Library: `fhir-imaging` (mappings: `imaging-bridge`).

use crate::hl7::FhirVersion;
use crate::util::{CliError, read_input, write_output};
use clap::Subcommand;
use fhir_imaging::{FhirResource, Severity, r4, r5};
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Decode and validate a resource or Bundle; errors name the element path.
    Check {
        /// The JSON file, or `-` for standard input.
        file: PathBuf,
        /// FHIR version.
        #[arg(long, value_enum, default_value_t = FhirVersion::R5)]
        fhir: FhirVersion,
        /// Re-encode losslessly.
        #[arg(long)]
        print: bool,
        /// Indent the JSON.
        #[arg(long)]
        pretty: bool,
    },
    /// A study's DICOM JSON (WADO-RS metadata or QIDO-RS results) to a FHIR Bundle holding the
    /// ImagingStudy and its DICOMweb Endpoint.
    FromDicom {
        /// The DICOM JSON file, or `-` for standard input.
        file: PathBuf,
        /// Base URL of the DICOMweb service (the Endpoint address).
        #[arg(long, required = true, value_name = "URL")]
        wado_base: String,
        /// FHIR version.
        #[arg(long, value_enum, default_value_t = FhirVersion::R5)]
        fhir: FhirVersion,
        /// Indent the JSON.
        #[arg(long)]
        pretty: bool,
    },
}

pub(crate) fn run(cmd: Command) -> Result<(), CliError> {
    match cmd {
        Command::Check {
            file,
            fhir,
            print,
            pretty,
        } => {
            let bytes = read_input(&file)?;
            match fhir {
                FhirVersion::R4 => check::<r4::Resource>(&file, &bytes, print, pretty),
                FhirVersion::R5 => check::<r5::Resource>(&file, &bytes, print, pretty),
            }
        }
        Command::FromDicom {
            file,
            wado_base,
            fhir,
            pretty,
        } => crate::bridge::dicom_to_fhir(&file, &wado_base, fhir, pretty),
    }
}

/// Decode leniently (so that `--print` writes unknown elements back), then validate: JSON
/// errors stop at the first one; validation reports every problem, unknown elements included,
/// one located line each. Warnings are printed but do not fail the check.
fn check<T: FhirResource>(
    file: &Path,
    bytes: &[u8],
    print: bool,
    pretty: bool,
) -> Result<(), CliError> {
    let name = file.display();
    let res: T = fhir_imaging::Decoder::new()
        .strict(false)
        .from_slice(bytes)
        .map_err(|e| CliError::invalid(format!("{name}: {e}")))?;
    if print {
        let mut out = if pretty {
            fhir_imaging::to_string_pretty(&res)
        } else {
            fhir_imaging::to_string(&res)
        };
        out.push('\n');
        write_output(None, out.as_bytes())?;
    }
    let issues = fhir_imaging::validate(&res);
    let mut errors = Vec::new();
    for issue in issues {
        let line = format!("{name}: {issue}");
        if issue.severity == Severity::Error {
            errors.push(line);
        } else {
            eprintln!("imaging: {line}");
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CliError::Invalid(errors))
    }
}

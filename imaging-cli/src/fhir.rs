//! `imaging fhir ...`: FHIR imaging resources. Library: `fhir-imaging` (mappings: `imaging-bridge`).

use crate::hl7::FhirVersion;
use crate::util::CliError;
use clap::Subcommand;
use std::path::PathBuf;

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
        Command::Check { .. } => Err(CliError::NotBuilt {
            command: "fhir check",
            issue: 6,
        }),
        Command::FromDicom {
            file,
            wado_base,
            fhir,
            pretty,
        } => crate::bridge::dicom_to_fhir(&file, &wado_base, fhir, pretty),
    }
}

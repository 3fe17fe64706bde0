//! `imaging hl7 ...`: HL7 v2 messages. Library: `hl7v2-imaging` (mappings: `imaging-bridge`).

use crate::util::CliError;
use clap::{Subcommand, ValueEnum};
use std::path::PathBuf;

/// Acknowledgement code (HL7 table 0008, original mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "UPPER")]
pub(crate) enum AckCode {
    /// Application Accept.
    Aa,
    /// Application Error.
    Ae,
    /// Application Reject.
    Ar,
}

/// FHIR version of generated resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FhirVersion {
    /// FHIR R4 (4.0.1).
    R4,
    /// FHIR R5 (5.0.0).
    R5,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Print the decoded value at each terse path (`PID-5.1`, `PID-3[2].1`, `OBX[2]-5`), one line each.
    Get {
        /// The HL7 v2 file, or `-` for standard input.
        file: PathBuf,
        /// Terse paths.
        #[arg(required = true)]
        paths: Vec<String>,
        /// Message N (1-based) of a file holding several.
        #[arg(long, default_value_t = 1)]
        message: usize,
    },
    /// The parse tree of every message in the file as JSON.
    ToJson {
        /// The HL7 v2 file, or `-` for standard input.
        file: PathBuf,
        /// Indent the JSON.
        #[arg(long)]
        pretty: bool,
    },
    /// The acknowledgement for the (first) message, as ER7 with CR segment ends.
    Ack {
        /// The HL7 v2 file, or `-` for standard input.
        file: PathBuf,
        /// Acknowledgement code (default: AA when the message is valid, else AE/AR).
        #[arg(long, value_enum)]
        code: Option<AckCode>,
        /// Text for MSA-3 / ERR.
        #[arg(long)]
        text: Option<String>,
    },
    /// Modality Worklist items (DICOM JSON array), one per scheduled procedure step (IHE RAD TF-2).
    ToMwl {
        /// The HL7 v2 order file, or `-` for standard input.
        file: PathBuf,
        /// Indent the JSON.
        #[arg(long)]
        pretty: bool,
    },
    /// A FHIR transaction Bundle with the Patient and ServiceRequest(s) of an order message.
    ToFhir {
        /// The HL7 v2 order file, or `-` for standard input.
        file: PathBuf,
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
        Command::Get { file, .. } => {
            crate::util::read_input(&file)?;
            Err(CliError::NotBuilt {
                command: "hl7 get",
                issue: 5,
            })
        }
        Command::ToJson { .. } => Err(CliError::NotBuilt {
            command: "hl7 to-json",
            issue: 5,
        }),
        Command::Ack { .. } => Err(CliError::NotBuilt {
            command: "hl7 ack",
            issue: 5,
        }),
        Command::ToMwl { file, pretty } => crate::bridge::hl7_to_mwl(&file, pretty),
        Command::ToFhir { file, fhir, pretty } => crate::bridge::hl7_to_fhir(&file, fhir, pretty),
    }
}

//! `imaging dicom ...`: DICOM Part 10 <-> DICOM JSON (PS3.18 Annex F). Library: `dicom-json-codec`.

use crate::util::CliError;
use clap::{Subcommand, ValueEnum};
use std::path::PathBuf;

/// IS/DS number policy (PS3.18 F.2.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Numbers {
    /// A JSON number when that keeps the exact value text, else a string.
    Auto,
    /// Always a JSON number.
    Number,
    /// Always a JSON string.
    String,
}

#[derive(Debug, Subcommand)]
#[allow(
    clippy::enum_variant_names,
    reason = "the names are the contract's: to-json, from-json, check-json"
)]
pub(crate) enum Command {
    /// DICOM Part 10 file(s) to DICOM JSON (PS3.18 F.2), without group 0002 and group lengths.
    /// One file gives one object; several give an array.
    ToJson {
        /// DICOM Part 10 files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Binary values (OB, OD, OF, OL, OV, OW, UN) longer than this become BulkDataURI;
        /// default: everything inline.
        #[arg(long, value_name = "BYTES")]
        bulk_threshold: Option<u64>,
        /// Base URL of the BulkDataURI values.
        #[arg(long, value_name = "URL")]
        bulk_uri_base: Option<String>,
        /// IS/DS policy.
        #[arg(long, value_enum, default_value_t = Numbers::Auto)]
        numbers: Numbers,
        /// Indent the JSON.
        #[arg(long)]
        pretty: bool,
        /// Output file (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// One DICOM JSON object to a Part 10 file (default Explicit VR Little Endian).
    FromJson {
        /// DICOM JSON file, or `-` for standard input.
        file: PathBuf,
        /// Output DICOM file.
        #[arg(short, long, required = true)]
        output: PathBuf,
        /// Transfer syntax UID of the output.
        #[arg(long, value_name = "UID", default_value = "1.2.840.10008.1.2.1")]
        transfer_syntax: String,
        /// Resolve `file:` BulkDataURI values relative to this folder.
        #[arg(long, value_name = "DIR", conflicts_with = "drop_bulk")]
        bulk_dir: Option<PathBuf>,
        /// Drop unresolved BulkDataURI values instead of failing.
        #[arg(long)]
        drop_bulk: bool,
    },
    /// Decode a DICOM JSON object or array (QIDO-RS or WADO-RS metadata response); exit 0 if valid.
    CheckJson {
        /// DICOM JSON file, or `-` for standard input.
        file: PathBuf,
        /// Re-encode what was decoded.
        #[arg(long)]
        print: bool,
        /// Accept what real servers send and report what was repaired.
        #[arg(long)]
        lenient: bool,
        /// Indent the JSON.
        #[arg(long)]
        pretty: bool,
    },
}

pub(crate) fn run(cmd: Command) -> Result<(), CliError> {
    let command = match cmd {
        Command::ToJson { .. } => "dicom to-json",
        Command::FromJson { .. } => "dicom from-json",
        Command::CheckJson { .. } => "dicom check-json",
    };
    Err(CliError::NotBuilt { command, issue: 3 })
}

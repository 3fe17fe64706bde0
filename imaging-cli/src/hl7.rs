//! `imaging hl7 ...`: HL7 v2 messages. Library: `hl7v2-imaging` (mappings: `imaging-bridge`).

use crate::util::{CliError, read_input, write_output};
use clap::{Subcommand, ValueEnum};
use hl7v2_imaging::{Element, Level, Message, TersePath, ack, typed::Structure};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

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
        Command::Get {
            file,
            paths,
            message,
        } => get(&file, &paths, message),
        Command::ToJson { file, pretty } => to_json(&file, pretty),
        Command::Ack { file, code, text } => ack(&file, code, text),
        Command::ToMwl { file, pretty } => crate::bridge::hl7_to_mwl(&file, pretty),
        Command::ToFhir { file, fhir, pretty } => crate::bridge::hl7_to_fhir(&file, fhir, pretty),
    }
}

fn located(file: &Path, e: &hl7v2_imaging::Error) -> String {
    format!("{}: {e}", file.display())
}

/// Message `n` (1-based) of a file, or the located reason it cannot be had.
fn nth_message<'a>(
    file: &Path,
    parsed: &'a hl7v2_imaging::File<'a>,
    n: usize,
) -> Result<&'a Message<'a>, CliError> {
    match n.checked_sub(1).and_then(|i| parsed.messages.get(i)) {
        Some(Ok(m)) => Ok(m),
        Some(Err(e)) => Err(CliError::invalid(located(file, e))),
        None => Err(CliError::invalid(format!(
            "{}: no message {n} (the file holds {})",
            file.display(),
            parsed.messages.len()
        ))),
    }
}

fn get(file: &Path, paths: &[String], message: usize) -> Result<(), CliError> {
    let parsed_paths = paths
        .iter()
        .map(|p| {
            p.parse::<TersePath>()
                .map_err(|e| CliError::Usage(format!("{p}: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let bytes = read_input(file)?;
    let parsed =
        hl7v2_imaging::parse_file(&bytes).map_err(|e| CliError::invalid(located(file, &e)))?;
    let msg = nth_message(file, &parsed, message)?;
    let mut out = String::new();
    for p in &parsed_paths {
        if let Some(v) = msg.get_path(p) {
            out.push_str(&v);
        }
        out.push('\n');
    }
    write_output(None, out.as_bytes())
}

fn element_json(e: Element<'_>) -> Value {
    match e.level() {
        Level::Subcomponent => Value::String(e.value().into_owned()),
        _ => Value::Array(e.parts().map(element_json).collect()),
    }
}

/// The parse tree of a message: segments, each with its id and fields; a field is an array of
/// repetitions, a repetition an array of components, a component an array of decoded
/// subcomponents.
fn message_json(msg: &Message<'_>) -> Value {
    let segments: Vec<Value> = msg
        .segments()
        .map(|seg| {
            json!({
                "id": seg.id_str(),
                "fields": seg.fields().map(element_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    let (code, trigger, structure) = msg.message_type();
    let info = msg.charset_info();
    json!({
        "message_type": [code, trigger, structure],
        "control_id": msg.control_id(),
        "version": msg.version(),
        "charset": {"declared": info.declared, "effective": info.effective.as_str(), "mismatch": info.mismatch},
        "segments": segments,
    })
}

fn to_json(file: &Path, pretty: bool) -> Result<(), CliError> {
    let bytes = read_input(file)?;
    let parsed =
        hl7v2_imaging::parse_file(&bytes).map_err(|e| CliError::invalid(located(file, &e)))?;
    let mut errors = Vec::new();
    let mut messages = Vec::new();
    for m in &parsed.messages {
        match m {
            Ok(m) => messages.push(message_json(m)),
            Err(e) => errors.push(located(file, e)),
        }
    }
    if !errors.is_empty() {
        return Err(CliError::Invalid(errors));
    }
    let value = Value::Array(messages);
    let mut text = if pretty {
        serde_json::to_string_pretty(&value)
    } else {
        serde_json::to_string(&value)
    }
    .map_err(|e| CliError::invalid(format!("{}: {e}", file.display())))?;
    text.push('\n');
    write_output(None, text.as_bytes())
}

fn ack(file: &Path, code: Option<AckCode>, text: Option<String>) -> Result<(), CliError> {
    let bytes = read_input(file)?;
    let parsed =
        hl7v2_imaging::parse_file(&bytes).map_err(|e| CliError::invalid(located(file, &e)))?;
    let msg = nth_message(file, &parsed, 1)?;
    let problems: Vec<hl7v2_imaging::Error> = match Structure::of(msg) {
        Some(s) => s.check(msg).err().into_iter().collect(),
        None => Vec::new(),
    };
    let code = match code {
        Some(AckCode::Aa) => ack::AckCode::AA,
        Some(AckCode::Ae) => ack::AckCode::AE,
        Some(AckCode::Ar) => ack::AckCode::AR,
        None if problems.is_empty() => ack::AckCode::AA,
        None => ack::AckCode::AE,
    };
    let mut builder = ack::Ack::new(msg, code).errors_from(&problems);
    if let Some(t) = text {
        builder = builder.text(t);
    }
    write_output(None, &builder.build().to_bytes())
}

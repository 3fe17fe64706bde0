//! `imaging dicom ...`: DICOM Part 10 <-> DICOM JSON (PS3.18 Annex F). Library: `dicom-json-codec`.

use crate::util::{CliError, read_input, write_output};
use clap::{Subcommand, ValueEnum};
use dicom_json_codec::{DecodeOptions, EncodeOptions, FileOptions, NumberPolicy, Resolved};
use std::path::{Path, PathBuf};

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
        /// Binary values (OB, OD, OF, OL, OV, OW, UN) longer than this become BulkDataURI
        /// (needs --bulk-uri-base); default: everything inline.
        #[arg(long, value_name = "BYTES")]
        bulk_threshold: Option<u64>,
        /// Base URL of the BulkDataURI values: `{base}/{GGGGEEEE}` (in sequences
        /// `{base}/{GGGGEEEE}/{item}/{GGGGEEEE}`); with several files `{base}/{n}/...`.
        /// Encapsulated pixel data always becomes a BulkDataURI (it has no inline form).
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
    match cmd {
        Command::ToJson {
            files,
            bulk_threshold,
            bulk_uri_base,
            numbers,
            pretty,
            output,
        } => to_json(
            &files,
            bulk_threshold,
            bulk_uri_base.as_deref(),
            numbers,
            pretty,
            output.as_ref(),
        ),
        Command::FromJson {
            file,
            output,
            transfer_syntax,
            bulk_dir,
            drop_bulk,
        } => from_json(
            &file,
            &output,
            transfer_syntax,
            bulk_dir.as_deref(),
            drop_bulk,
        ),
        Command::CheckJson {
            file,
            print,
            lenient,
            pretty,
        } => check_json(&file, print, lenient, pretty),
    }
}

fn policy(n: Numbers) -> NumberPolicy {
    match n {
        Numbers::Auto => NumberPolicy::Auto,
        Numbers::Number => NumberPolicy::Number,
        Numbers::String => NumberPolicy::String,
    }
}

/// `file: what at line L column C (byte B), at (gggg,eeee)...`
fn located(file: &Path, e: &dicom_json_codec::Error) -> String {
    format!("{}: {e}", file.display())
}

fn to_json(
    files: &[PathBuf],
    bulk_threshold: Option<u64>,
    bulk_uri_base: Option<&str>,
    numbers: Numbers,
    pretty: bool,
    output: Option<&PathBuf>,
) -> Result<(), CliError> {
    if bulk_threshold.is_some() && bulk_uri_base.is_none() {
        return Err(CliError::Usage(
            "--bulk-threshold needs --bulk-uri-base (the base URL of the BulkDataURIs)".into(),
        ));
    }
    let mut data_sets = Vec::with_capacity(files.len());
    let mut problems = Vec::new();
    for f in files {
        match dicom_json_codec::read_file(f) {
            Ok(ds) => data_sets.push(ds),
            Err(e) => problems.push(located(f, &e)),
        }
    }
    if !problems.is_empty() {
        return Err(CliError::Invalid(problems));
    }
    let mut out = Vec::new();
    let several = files.len() > 1;
    let base_opts = |index: Option<usize>| {
        let mut o = EncodeOptions::new();
        o.numbers(policy(numbers))
            .pretty(pretty)
            .skip_file_meta(true);
        if let Some(base) = bulk_uri_base {
            // Several files: one URI space per file, `{base}/{n}/{GGGGEEEE}` (n from 1).
            let base = match index {
                Some(i) => format!("{}/{}", base.trim_end_matches('/'), i + 1),
                None => base.to_owned(),
            };
            let threshold =
                bulk_threshold.map_or(usize::MAX, |t| usize::try_from(t).unwrap_or(usize::MAX));
            o.bulk_data_base(threshold, &base);
        }
        o
    };
    if several {
        out.push(b'[');
        for (i, (ds, f)) in data_sets.iter().zip(files).enumerate() {
            if i > 0 {
                out.push(b',');
            }
            if pretty {
                out.push(b'\n');
            }
            base_opts(Some(i))
                .to_writer(&mut out, ds)
                .map_err(|e| CliError::invalid(located(f, &e)))?;
        }
        if pretty {
            out.push(b'\n');
        }
        out.push(b']');
    } else if let (Some(ds), Some(f)) = (data_sets.first(), files.first()) {
        base_opts(None)
            .to_writer(&mut out, ds)
            .map_err(|e| CliError::invalid(located(f, &e)))?;
    }
    out.push(b'\n');
    write_output(output, &out)
}

fn from_json(
    file: &Path,
    output: &Path,
    transfer_syntax: String,
    bulk_dir: Option<&Path>,
    drop_bulk: bool,
) -> Result<(), CliError> {
    let input = read_input(file)?;
    let mut ds = DecodeOptions::new()
        .decode(&input)
        .map_err(|e| CliError::invalid(located(file, &e)))?
        .value;
    if drop_bulk {
        dicom_json_codec::drop_bulk_data(&mut ds)
            .map_err(|e| CliError::invalid(located(file, &e)))?;
    } else if let Some(dir) = bulk_dir {
        dicom_json_codec::resolve_bulk_data(&mut ds, &mut |_path, _vr, uri| {
            resolve_file_uri(dir, uri)
        })
        .map_err(|e| CliError::invalid(located(file, &e)))?;
    }
    let unresolved = dicom_json_codec::bulk_data_uris(&ds);
    if !unresolved.is_empty() {
        return Err(CliError::Invalid(
            unresolved
                .into_iter()
                .map(|(path, _, uri)| {
                    format!(
                        "{}: unresolved BulkDataURI {uri:?} at {path} (use --bulk-dir or --drop-bulk)",
                        file.display()
                    )
                })
                .collect(),
        ));
    }
    let mut opts = FileOptions::default();
    opts.transfer_syntax = transfer_syntax;
    dicom_json_codec::write_file(ds, output, &opts)
        .map_err(|e| CliError::invalid(located(file, &e)))
}

/// `file:NAME` (or `file:///abs/NAME`) read from `dir`; other schemes stay unresolved.
fn resolve_file_uri(dir: &Path, uri: &str) -> Result<Resolved, String> {
    let Some(rest) = uri.strip_prefix("file:") else {
        return Ok(Resolved::Keep);
    };
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let rel = Path::new(rest.trim_start_matches('/'));
    if rel
        .components()
        .any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        return Err("the path must stay inside --bulk-dir".into());
    }
    std::fs::read(dir.join(rel))
        .map(Resolved::Bytes)
        .map_err(|e| format!("{}: {e}", dir.join(rel).display()))
}

fn check_json(file: &Path, print: bool, lenient: bool, pretty: bool) -> Result<(), CliError> {
    let input = read_input(file)?;
    let mut opts = DecodeOptions::new();
    opts.lenient(lenient);
    let is_array = input
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'[');
    let decoded = opts
        .decode_array(&input)
        .map_err(|e| CliError::invalid(located(file, &e)))?;
    for r in &decoded.repairs {
        eprintln!("imaging: {}: {r}", file.display());
    }
    if print {
        let mut enc = EncodeOptions::new();
        enc.pretty(pretty);
        let mut out = if is_array {
            enc.to_vec_array(&decoded.value)
        } else {
            match decoded.value.first() {
                Some(ds) => enc.to_vec(ds),
                None => Ok(b"{}".to_vec()),
            }
        }
        .map_err(|e| CliError::invalid(located(file, &e)))?;
        out.push(b'\n');
        write_output(None, &out)?;
    }
    Ok(())
}

//! `imaging`: the command-line face of the workspace (contract: `shared/CLI.md`).
//!
//! Each subcommand is a thin layer over a library API. Exit codes: 0 success; 1 invalid input or
//! a mapping that cannot be done (one located message per problem on standard error); 2 usage
//! errors (clap's own code). A panic (101) is always a bug.

mod bridge;
mod demo;
mod dicom;
mod dicomweb;
mod fhir;
mod hl7;
mod multipart;
mod util;

use clap::{Parser, Subcommand};
use std::process::ExitCode;
use util::CliError;

/// Imaging interoperability tools: DICOM JSON, DICOMweb, HL7 v2 and FHIR imaging resources.
#[derive(Debug, Parser)]
#[command(name = "imaging", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// DICOM Part 10 files and the DICOM JSON Model (PS3.18 Annex F).
    #[command(subcommand)]
    Dicom(dicom::Command),
    /// multipart/related bodies as DICOMweb uses them (RFC 2387, PS3.18 §8.6).
    #[command(subcommand)]
    Multipart(multipart::Command),
    /// DICOMweb requests: QIDO-RS, WADO-RS, STOW-RS, UPS-RS, WADO-URI (PS3.18 §10).
    #[command(subcommand)]
    Dicomweb(dicomweb::Command),
    /// HL7 v2 messages: terse-path reads, parse trees, ACKs and mappings of imaging orders.
    #[command(subcommand)]
    Hl7(hl7::Command),
    /// FHIR imaging resources (R4, R5): validation and mapping from DICOM studies.
    #[command(subcommand)]
    Fhir(fhir::Command),
    /// Run the whole path on bundled data: HL7 order -> worklist item + ServiceRequest;
    /// DICOM instances -> STOW-RS body -> WADO-RS metadata -> ImagingStudy + Endpoint.
    Demo(demo::Args),
}

fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Dicom(cmd) => dicom::run(cmd),
        Command::Multipart(cmd) => multipart::run(cmd),
        Command::Dicomweb(cmd) => dicomweb::run(cmd),
        Command::Hl7(cmd) => hl7::run(cmd),
        Command::Fhir(cmd) => fhir::run(cmd),
        Command::Demo(args) => demo::run(args),
    }
}

fn main() -> ExitCode {
    // clap exits with 2 on usage errors and 0 for --help/--version.
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.report(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_tree_is_consistent() {
        Cli::command().debug_assert();
    }

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("imaging").chain(args.iter().copied()))
    }

    #[test]
    fn every_contract_subcommand_parses() {
        let ok: &[&[&str]] = &[
            &[
                "dicom",
                "to-json",
                "a.dcm",
                "b.dcm",
                "--bulk-threshold",
                "1024",
                "--bulk-uri-base",
                "http://x/",
                "--numbers",
                "string",
            ],
            &[
                "dicom",
                "from-json",
                "a.json",
                "-o",
                "out.dcm",
                "--transfer-syntax",
                "1.2.840.10008.1.2",
            ],
            &[
                "dicom",
                "from-json",
                "a.json",
                "-o",
                "out.dcm",
                "--bulk-dir",
                "bulk",
            ],
            &["dicom", "check-json", "-", "--print", "--lenient"],
            &[
                "multipart",
                "split",
                "body",
                "--content-type",
                "multipart/related; boundary=x",
                "-o",
                "dir",
            ],
            &[
                "multipart",
                "join",
                "--type",
                "application/dicom",
                "a",
                "b",
                "--boundary",
                "xyz",
            ],
            &[
                "dicomweb",
                "describe",
                "/studies/1.2/metadata",
                "--method",
                "GET",
                "--accept",
                "application/dicom+json",
            ],
            &[
                "hl7",
                "get",
                "msg.hl7",
                "PID-5.1",
                "OBR-4.2",
                "--message",
                "2",
            ],
            &["hl7", "to-json", "msg.hl7"],
            &["hl7", "ack", "msg.hl7", "--code", "AE", "--text", "bad"],
            &["hl7", "to-mwl", "msg.hl7"],
            &["hl7", "to-fhir", "msg.hl7", "--fhir", "r4"],
            &["fhir", "check", "r.json", "--fhir", "r5", "--print"],
            &[
                "fhir",
                "from-dicom",
                "m.json",
                "--wado-base",
                "http://x/dicom-web",
            ],
            &["demo", "--out", "dir"],
            &["demo"],
        ];
        for args in ok {
            if let Err(e) = parse(args) {
                panic!("{args:?} should parse: {e}");
            }
        }
    }

    #[test]
    fn usage_errors_are_rejected() {
        let bad: &[&[&str]] = &[
            &[],
            &["nope"],
            &["dicom", "to-json"],                                // no file
            &["dicom", "to-json", "a.dcm", "--numbers", "float"], // bad policy
            &["dicom", "from-json", "a.json"],                    // -o is required
            &[
                "dicom",
                "from-json",
                "a.json",
                "-o",
                "o",
                "--bulk-dir",
                "d",
                "--drop-bulk",
            ],
            &["multipart", "split", "body", "-o", "dir"], // no --content-type
            &["dicomweb", "describe", "/studies", "--method", "PATCH"],
            &["hl7", "get", "msg.hl7"], // no path
            &["hl7", "ack", "m", "--code", "XX"],
            &["hl7", "to-fhir", "m", "--fhir", "r3"],
            &["fhir", "from-dicom", "m.json"], // no --wado-base
        ];
        for args in bad {
            match parse(args) {
                Ok(cli) => panic!("{args:?} should be a usage error, parsed as {cli:?}"),
                Err(e) => assert_eq!(e.exit_code(), 2, "{args:?}: {e}"),
            }
        }
    }
}

//! `imaging multipart ...`: multipart/related bodies (RFC 2387, PS3.18 §8.6). Library: `dicomweb-types`.

use crate::util::CliError;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Split a multipart/related body into DIR/part-NNNN.headers and DIR/part-NNNN.body; print
    /// one JSON line per part.
    Split {
        /// The body, or `-` for standard input.
        body: PathBuf,
        /// The Content-Type header value, with its boundary parameter.
        #[arg(long, required = true)]
        content_type: String,
        /// Output folder.
        #[arg(short, long, required = true)]
        output: PathBuf,
    },
    /// Build a multipart/related body from files (one part each) on standard output; the
    /// Content-Type header value goes to standard error.
    Join {
        /// Media type of every part (e.g. application/dicom).
        #[arg(long = "type", required = true, value_name = "MEDIA-TYPE")]
        media_type: String,
        /// The part bodies.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Boundary to use (default: random).
        #[arg(long)]
        boundary: Option<String>,
    },
}

pub(crate) fn run(cmd: Command) -> Result<(), CliError> {
    let command = match cmd {
        Command::Split { .. } => "multipart split",
        Command::Join { .. } => "multipart join",
    };
    Err(CliError::NotBuilt { command, issue: 4 })
}

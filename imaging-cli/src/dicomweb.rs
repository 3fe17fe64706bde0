//! `imaging dicomweb ...`: classify DICOMweb requests (PS3.18 §10). Library: `dicomweb-types`.

use crate::util::CliError;
use clap::{Subcommand, ValueEnum};

/// HTTP method of the described request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "UPPER")]
pub(crate) enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Classify a DICOMweb request: service, resource, UIDs, frames, typed query parameters and
    /// the parsed Accept media types, as one JSON object. An invalid request exits 1 with the
    /// reason and the HTTP status a server should answer.
    Describe {
        /// The request target: a path with its query string, or a full URL.
        url: String,
        /// HTTP method.
        #[arg(long, value_enum, default_value_t = Method::Get)]
        method: Method,
        /// Accept header value(s).
        #[arg(long)]
        accept: Vec<String>,
        /// Indent the JSON.
        #[arg(long)]
        pretty: bool,
    },
}

pub(crate) fn run(cmd: Command) -> Result<(), CliError> {
    match cmd {
        Command::Describe { .. } => Err(CliError::NotBuilt {
            command: "dicomweb describe",
            issue: 4,
        }),
    }
}

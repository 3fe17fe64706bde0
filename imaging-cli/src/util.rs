//! Input, output and error reporting shared by the subcommands.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Why a subcommand failed; each variant knows its exit code (shared/CLI.md).
#[derive(Debug)]
pub(crate) enum CliError {
    /// The input is invalid or a mapping cannot be done: one located message per problem.
    Invalid(Vec<String>),
    /// Reading or writing a file failed.
    Io { path: String, source: io::Error },
    /// The arguments are well formed but do not go together.
    Usage(String),
}

impl CliError {
    /// One problem, already located (`file: where: what`).
    pub(crate) fn invalid(msg: impl Into<String>) -> Self {
        CliError::Invalid(vec![msg.into()])
    }

    /// Print the problem(s) on standard error and give the exit code.
    pub(crate) fn report(self) -> ExitCode {
        let mut err = io::stderr().lock();
        match self {
            CliError::Invalid(lines) => {
                for line in lines {
                    let _ = writeln!(err, "imaging: {line}");
                }
                ExitCode::from(1)
            }
            CliError::Io { path, source } => {
                let _ = writeln!(err, "imaging: {path}: {source}");
                ExitCode::from(1)
            }
            CliError::Usage(msg) => {
                let _ = writeln!(err, "imaging: {msg}");
                ExitCode::from(2)
            }
        }
    }
}

/// Read a whole input: a file path, or `-` for standard input.
pub(crate) fn read_input(path: &Path) -> Result<Vec<u8>, CliError> {
    let mut buf = Vec::new();
    let res = if path.as_os_str() == "-" {
        io::stdin().lock().read_to_end(&mut buf).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut buf).map(|_| ()))
    };
    res.map_err(|source| CliError::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(buf)
}

/// Write a whole output: to the `-o` path when given, else to standard output.
pub(crate) fn write_output(out: Option<&PathBuf>, bytes: &[u8]) -> Result<(), CliError> {
    match out {
        Some(path) => std::fs::write(path, bytes).map_err(|source| CliError::Io {
            path: path.display().to_string(),
            source,
        }),
        None => {
            let mut stdout = io::stdout().lock();
            stdout
                .write_all(bytes)
                .and_then(|()| stdout.flush())
                .map_err(|source| CliError::Io {
                    path: "<stdout>".into(),
                    source,
                })
        }
    }
}

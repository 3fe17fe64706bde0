//! `imaging multipart ...`: multipart/related bodies (RFC 2387, PS3.18 §8.6). Library: `dicomweb-types`.

use crate::util::{CliError, read_input};
use bytes::Bytes;
use clap::Subcommand;
use dicomweb_types::multipart::{self, Boundary, Encoder, PartHeaders};
use dicomweb_types::{Limits, MediaType};
use std::io::Write;
use std::path::{Path, PathBuf};

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
    match cmd {
        Command::Split {
            body,
            content_type,
            output,
        } => split(&body, &content_type, &output),
        Command::Join {
            media_type,
            files,
            boundary,
        } => join(&media_type, &files, boundary.as_deref()),
    }
}

fn io_err(path: &Path, source: std::io::Error) -> CliError {
    CliError::Io {
        path: path.display().to_string(),
        source,
    }
}

fn split(body_path: &Path, content_type: &str, out: &Path) -> Result<(), CliError> {
    let ct = MediaType::parse(content_type)
        .map_err(|e| CliError::invalid(format!("--content-type: {e}")))?;
    let boundary = ct
        .boundary()
        .map_err(|e| CliError::invalid(format!("--content-type: {e}")))?;
    let body = Bytes::from(read_input(body_path)?);
    let (parts, err) = multipart::collect_complete(&body, &boundary, &Limits::default());
    std::fs::create_dir_all(out).map_err(|e| io_err(out, e))?;
    let mut stdout = std::io::stdout().lock();
    for (i, part) in parts.iter().enumerate() {
        let index = i + 1;
        let stem = out.join(format!("part-{index:04}"));
        let headers_path = stem.with_extension("headers");
        let mut header_text = part.headers.as_str().to_owned();
        if !header_text.is_empty() {
            header_text.push_str("\r\n");
        }
        std::fs::write(&headers_path, header_text).map_err(|e| io_err(&headers_path, e))?;
        let body_path = stem.with_extension("body");
        std::fs::write(&body_path, &part.body).map_err(|e| io_err(&body_path, e))?;
        let line = serde_json::json!({
            "index": index,
            "content_type": part.headers.content_type(),
            "content_location": part.headers.content_location(),
            "content_id": part.headers.content_id(),
            "length": part.body.len(),
        });
        writeln!(stdout, "{line}").map_err(|e| io_err(Path::new("<stdout>"), e))?;
    }
    match err {
        None => Ok(()),
        Some(e) => Err(CliError::invalid(format!(
            "{}: {e} ({} complete part(s) written)",
            body_path.display(),
            parts.len()
        ))),
    }
}

fn join(media_type: &str, files: &[PathBuf], boundary: Option<&str>) -> Result<(), CliError> {
    let part_type = MediaType::parse(media_type)
        .map_err(|e| CliError::Usage(format!("--type: {e}")))?
        .to_string();
    let boundary = match boundary {
        Some(b) => Boundary::new(b).map_err(|e| CliError::Usage(format!("--boundary: {e}")))?,
        None => Boundary::random(),
    };
    let mut bodies = Vec::with_capacity(files.len());
    for f in files {
        bodies.push(read_input(f)?);
    }
    let mut enc = Encoder::new(Vec::new(), boundary);
    for (f, body) in files.iter().zip(&bodies) {
        let len = body.len().to_string();
        let headers = PartHeaders::from_fields([
            ("Content-Type", part_type.as_str()),
            ("Content-Length", len.as_str()),
        ])
        .map_err(|e| CliError::Usage(format!("--type: {e}")))?;
        enc.write_part(&headers, body)
            .map_err(|e| CliError::invalid(format!("{}: {e}", f.display())))?;
    }
    let content_type = enc.content_type(&part_type);
    let out = enc.finish().map_err(|e| io_err(Path::new("<memory>"), e))?;
    crate::util::write_output(None, &out)?;
    eprintln!("{content_type}");
    Ok(())
}

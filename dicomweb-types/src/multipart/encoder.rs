//! Writing multipart/related bodies.

use super::{Boundary, PartHeaders};
use crate::error::{Error, ErrorKind};
use memchr::memmem::Finder;
use std::io::{self, Write};

/// Writes a multipart/related body ([RFC 2046 §5.1.1], [PS3.18 §8.6]) to any
/// [`io::Write`]: whole parts with [`Encoder::write_part`], or streamed with
/// [`Encoder::start_part`]. Every body is checked: one that contains the delimiter
/// (`CRLF--boundary`, or `--boundary` at its very start) is refused with
/// [`ErrorKind::BoundaryInBody`] before any of it is written.
///
/// Wire form: `--B CRLF headers CRLF CRLF body` for the first part, `CRLF --B CRLF ...` for the
/// next, `CRLF --B-- CRLF` at the end.
///
/// [RFC 2046 §5.1.1]: https://www.rfc-editor.org/rfc/rfc2046#section-5.1.1
/// [PS3.18 §8.6]: https://dicom.nema.org/medical/dicom/current/output/chtml/part18/sect_8.6.html
#[derive(Debug)]
pub struct Encoder<W> {
    w: W,
    boundary: Boundary,
    delim: Vec<u8>,
    finder: Finder<'static>,
    parts: usize,
}

fn in_body(pos: usize) -> io::Error {
    Error::new(
        ErrorKind::BoundaryInBody,
        crate::error::Position::Byte {
            offset: pos as u64,
            part: None,
        },
    )
    .into()
}

/// Scans `data` for the delimiter, continuing a partial match `m`; true when one is found.
fn scan(m: &mut usize, data: &[u8], delim: &[u8], finder: &Finder<'_>) -> bool {
    if *m > 0 {
        let need = delim.get(*m..).unwrap_or_default();
        let n = need.len().min(data.len());
        if data.get(..n) == need.get(..n) {
            if *m + n == delim.len() {
                return true;
            }
            *m += n;
            return false;
        }
        *m = 0;
    }
    if finder.find(data).is_some() {
        return true;
    }
    let window = data.len().saturating_sub(delim.len().saturating_sub(1));
    if let Some(j) = memchr::memrchr(b'\r', data.get(window..).unwrap_or_default()) {
        let tail = data.get(window + j..).unwrap_or_default();
        if delim.starts_with(tail) {
            *m = tail.len();
        }
    }
    false
}

impl<W: Write> Encoder<W> {
    /// An encoder writing to `w` with `boundary` (e.g. [`Boundary::random`]).
    pub fn new(w: W, boundary: Boundary) -> Self {
        let delim = boundary.delimiter();
        let finder = Finder::new(&delim).into_owned();
        Encoder {
            w,
            boundary,
            delim,
            finder,
            parts: 0,
        }
    }

    /// The boundary in use.
    pub fn boundary(&self) -> &Boundary {
        &self.boundary
    }

    /// The `Content-Type` header value for this body: `multipart/related; type="T";
    /// boundary=B` (PS3.18 §8.6.1.2; the boundary quoted when needed).
    pub fn content_type(&self, part_type: &str) -> String {
        crate::media_type::multipart_related(part_type, &self.boundary)
    }

    /// True when `body` can be written with this boundary.
    pub fn fits(&self, body: &[u8]) -> bool {
        let mut m = 2;
        !scan(&mut m, body, &self.delim, &self.finder)
    }

    fn start(&mut self, headers: &PartHeaders<'_>) -> io::Result<()> {
        if self.parts > 0 {
            self.w.write_all(b"\r\n")?;
        }
        self.w.write_all(b"--")?;
        self.w.write_all(self.boundary.as_str().as_bytes())?;
        self.w.write_all(b"\r\n")?;
        if !headers.is_empty() {
            self.w.write_all(headers.as_str().as_bytes())?;
            self.w.write_all(b"\r\n")?;
        }
        self.w.write_all(b"\r\n")?;
        self.parts += 1;
        Ok(())
    }

    /// Writes one whole part. Fails with [`ErrorKind::BoundaryInBody`] (as
    /// [`io::ErrorKind::InvalidData`]) before writing anything if the body contains the
    /// delimiter.
    pub fn write_part(&mut self, headers: &PartHeaders<'_>, body: &[u8]) -> io::Result<()> {
        if !self.fits(body) {
            let mut m = 2;
            let pos = (0..body.len())
                .find(|&i| {
                    scan(
                        &mut m,
                        body.get(i..=i).unwrap_or_default(),
                        &self.delim,
                        &self.finder,
                    )
                })
                .unwrap_or(0);
            return Err(in_body(pos));
        }
        self.start(headers)?;
        self.w.write_all(body)
    }

    /// Starts a part whose body is then written through the returned [`PartWriter`].
    pub fn start_part(&mut self, headers: &PartHeaders<'_>) -> io::Result<PartWriter<'_, W>> {
        self.start(headers)?;
        Ok(PartWriter {
            enc: self,
            matched: 2,
            written: 0,
        })
    }

    /// Writes the close delimiter and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        if self.parts > 0 {
            self.w.write_all(b"\r\n")?;
        }
        self.w.write_all(b"--")?;
        self.w.write_all(self.boundary.as_str().as_bytes())?;
        self.w.write_all(b"--\r\n")?;
        self.w.flush()?;
        Ok(self.w)
    }
}

/// Streams one part's body; each write is checked for the delimiter (also across writes)
/// before it is passed on.
#[derive(Debug)]
pub struct PartWriter<'e, W> {
    enc: &'e mut Encoder<W>,
    matched: usize,
    written: usize,
}

impl<W: Write> Write for PartWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut m = self.matched;
        if scan(&mut m, buf, &self.enc.delim, &self.enc.finder) {
            return Err(in_body(self.written));
        }
        self.enc.w.write_all(buf)?;
        self.matched = m;
        self.written += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.enc.w.flush()
    }
}

/// Encodes whole parts with a fresh random boundary that none of the bodies contains; returns
/// the boundary and the body.
///
/// ```
/// use dicomweb_types::multipart::{self, PartHeaders};
/// let h = PartHeaders::from_fields([("Content-Type", "application/dicom")])?;
/// let (boundary, body) = multipart::encode([(&h, &b"one"[..]), (&h, &b"two"[..])])?;
/// let parts = multipart::collect(&body.into(), &boundary, &Default::default())?;
/// assert_eq!(&parts[0].body[..], b"one");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn encode<'p, I>(parts: I) -> io::Result<(Boundary, Vec<u8>)>
where
    I: IntoIterator<Item = (&'p PartHeaders<'p>, &'p [u8])>,
    I::IntoIter: Clone,
{
    let parts = parts.into_iter();
    for _ in 0..16 {
        let probe = Encoder::new(io::sink(), Boundary::random());
        if parts.clone().all(|(_, b)| probe.fits(b)) {
            let mut enc = Encoder::new(Vec::new(), probe.boundary);
            for (h, b) in parts {
                enc.write_part(h, b)?;
            }
            let boundary = enc.boundary.clone();
            return Ok((boundary, enc.finish()?));
        }
    }
    Err(in_body(0))
}

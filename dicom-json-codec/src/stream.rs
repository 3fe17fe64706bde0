//! Decoding a top-level array from any `io::Read`, one data set at a time.

use crate::DataSet;
use crate::de::{DecodeOptions, Decoded, Parser, Scratch};
use crate::error::{Error, ErrorKind, Position};
use crate::limits::Limit;
use std::io::Read;

/// Read size: as `std::io::BufReader`'s default; a larger buffer would dominate the peak
/// memory of a typical data set (~7 KiB of JSON per CT instance, see tests/stream_memory.rs).
const READ_CHUNK: usize = 8 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Start,
    First,
    Next,
    Done,
}

/// Decodes a top-level DICOM JSON array (QIDO-RS or WADO-RS metadata response, PS3.18
/// F.2.1.1) from a reader, one data set at a time.
///
/// Memory is bounded by the largest single data set (its JSON text and the decoded data set)
/// plus an 8 KiB read buffer: a light scanner finds the end of each array element, which is
/// then decoded and handed out. [`Limits::max_data_set_bytes`](crate::Limits::max_data_set_bytes)
/// bounds one element and [`Limits::max_input_bytes`](crate::Limits::max_input_bytes) the
/// whole stream. A single top-level object is read as an array of one. Error positions are
/// relative to the whole stream.
///
/// ```
/// use dicom_json_codec::{ArrayReader, DecodeOptions};
/// let body = br#"[{"00080018":{"vr":"UI","Value":["1.2.3"]}},{"00080018":{"vr":"UI","Value":["1.2.4"]}}]"#;
/// let mut uids = Vec::new();
/// for ds in ArrayReader::new(&body[..], DecodeOptions::new()) {
///     let ds = ds?.value;
///     uids.push(ds.get(dicom_core::Tag(0x0008, 0x0018)).unwrap().to_str()?.into_owned());
/// }
/// assert_eq!(uids, ["1.2.3", "1.2.4"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct ArrayReader<R> {
    reader: R,
    opts: DecodeOptions,
    buf: Vec<u8>,
    buf_pos: usize,
    eof: bool,
    state: State,
    single: bool,
    index: usize,
    /// Stream position of `buf[buf_pos]`.
    pos: Position,
    item: Vec<u8>,
    scratch: Scratch,
}

impl<R: Read> ArrayReader<R> {
    /// Read from `reader` with these options.
    pub fn new(reader: R, opts: DecodeOptions) -> Self {
        ArrayReader {
            reader,
            opts,
            buf: Vec::new(),
            buf_pos: 0,
            eof: false,
            state: State::Start,
            single: false,
            index: 0,
            pos: Position::START,
            item: Vec::new(),
            scratch: Scratch::default(),
        }
    }

    /// Ensure at least one byte is buffered; `false` at end of input.
    fn fill(&mut self) -> Result<bool, Error> {
        if self.buf_pos < self.buf.len() {
            return Ok(true);
        }
        if self.eof {
            return Ok(false);
        }
        self.buf.resize(READ_CHUNK, 0);
        self.buf_pos = 0;
        loop {
            match self.reader.read(&mut self.buf) {
                Ok(0) => {
                    self.buf.clear();
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.buf.truncate(n);
                    return Ok(true);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.buf.clear();
                    return Err(Error::at_position(ErrorKind::Io(e.to_string()), self.pos));
                }
            }
        }
    }

    fn peek(&mut self) -> Result<Option<u8>, Error> {
        if self.fill()? {
            Ok(self.buf.get(self.buf_pos).copied())
        } else {
            Ok(None)
        }
    }

    fn bump(&mut self) -> Result<(), Error> {
        if let Some(&b) = self.buf.get(self.buf_pos) {
            self.buf_pos += 1;
            self.pos.offset += 1;
            if b == b'\n' {
                self.pos.line += 1;
                self.pos.column = 1;
            } else {
                self.pos.column += 1;
            }
            if self.pos.offset > self.opts.limits.input_bytes {
                return Err(Error::at_position(
                    ErrorKind::LimitExceeded {
                        limit: Limit::InputBytes,
                        max: self.opts.limits.input_bytes,
                    },
                    self.pos,
                ));
            }
        }
        Ok(())
    }

    fn ws(&mut self) -> Result<Option<u8>, Error> {
        while let Some(b) = self.peek()? {
            if matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                self.bump()?;
            } else {
                return Ok(Some(b));
            }
        }
        Ok(None)
    }

    fn fail(&self, kind: ErrorKind) -> Error {
        Error::at_position(kind, self.pos)
    }

    /// Copy one JSON object (the next byte is `{`) into `self.item`.
    fn scan_object(&mut self) -> Result<(), Error> {
        self.item.clear();
        let max = self.opts.limits.data_set_bytes;
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escape = false;
        loop {
            let Some(b) = self.peek()? else {
                return Err(self.fail(ErrorKind::UnexpectedEof));
            };
            if self.item.len() >= max {
                return Err(self.fail(ErrorKind::LimitExceeded {
                    limit: Limit::DataSetBytes,
                    max,
                }));
            }
            self.item.push(b);
            self.bump()?;
            if in_string {
                if escape {
                    escape = false;
                } else if b == b'\\' {
                    escape = true;
                } else if b == b'"' {
                    in_string = false;
                }
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
    }

    fn next_inner(&mut self) -> Result<Option<Decoded<DataSet>>, Error> {
        match self.state {
            State::Done => return Ok(None),
            State::Start => match self.ws()? {
                Some(b'[') => {
                    self.bump()?;
                    self.state = State::First;
                    if self.ws()? == Some(b']') {
                        self.bump()?;
                        return self.end().map(|()| None);
                    }
                }
                Some(b'{') => {
                    self.single = true;
                    self.state = State::First;
                }
                Some(_) => return Err(self.fail(ErrorKind::NotAnObject)),
                None => return Err(self.fail(ErrorKind::UnexpectedEof)),
            },
            State::First | State::Next => {}
        }
        if self.state == State::Next {
            if self.single {
                return self.end().map(|()| None);
            }
            match self.ws()? {
                Some(b',') => self.bump()?,
                Some(b']') => {
                    self.bump()?;
                    return self.end().map(|()| None);
                }
                Some(_) => return Err(self.fail(ErrorKind::Syntax("expected ',' or ']'"))),
                None => return Err(self.fail(ErrorKind::UnexpectedEof)),
            }
        }
        self.state = State::Next;
        match self.ws()? {
            Some(b'{') => {}
            Some(_) => return Err(self.fail(ErrorKind::NotAnObject)),
            None => return Err(self.fail(ErrorKind::UnexpectedEof)),
        }
        let start = self.pos;
        self.scan_object()?;
        let item = std::mem::take(&mut self.item);
        let result = match Parser::new(&item, &self.opts) {
            Err(e) => Err(e),
            Ok(p) => {
                // One parser per data set; the tape and caches carry over.
                let mut p = p
                    .with_base(start)
                    .with_scratch(std::mem::take(&mut self.scratch));
                let r = p.data_set_owned().and_then(|ds| p.end().map(|()| ds));
                let r = match r {
                    Ok(ds) => Ok(Decoded {
                        value: ds,
                        repairs: p.take_repairs(),
                    }),
                    Err(e) => Err(p.locate(e)),
                };
                self.scratch = p.take_scratch();
                r
            }
        };
        self.item = item;
        result.map(Some)
    }

    fn end(&mut self) -> Result<(), Error> {
        self.state = State::Done;
        match self.ws()? {
            None => Ok(()),
            Some(_) => Err(self.fail(ErrorKind::TrailingCharacters)),
        }
    }
}

impl<R: Read> Iterator for ArrayReader<R> {
    type Item = Result<Decoded<DataSet>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let index = self.index;
        match self.next_inner() {
            Ok(Some(mut d)) => {
                self.index += 1;
                if !self.single {
                    for r in &mut d.repairs {
                        r.path.set_array_index(index);
                    }
                }
                Some(Ok(d))
            }
            Ok(None) => None,
            Err(e) => {
                self.state = State::Done;
                Some(Err(if self.single { e } else { e.in_array(index) }))
            }
        }
    }
}

//! The sans-IO incremental parser.

use super::{Boundary, PartHeaders};
use crate::error::{Error, ErrorKind, Limit};
use crate::limits::Limits;
use memchr::memmem::Finder;

/// One thing the parser found. Data slices borrow the input (or, for the few bytes of a
/// boundary-like sequence that straddled two inputs and turned out to be data, the parser).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event<'a> {
    /// Bytes before the first delimiter (RFC 2046 §5.1.1 `preamble`), to be ignored.
    Preamble(&'a [u8]),
    /// A new part begins; its header block.
    PartStart(PartHeaders<'a>),
    /// Bytes of the current part's body, in order; `offset` is where they start in the body.
    Body {
        /// Offset of `data[0]` from the first byte of the multipart body.
        offset: u64,
        /// The bytes.
        data: &'a [u8],
    },
    /// The current part is complete (its closing delimiter was seen).
    PartEnd,
    /// Bytes after the close delimiter's line (RFC 2046 §5.1.1 `epilogue`), to be ignored.
    Epilogue(&'a [u8]),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Region {
    Preamble,
    Body,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Looking for a delimiter; `matched`/`skip` hold a partial match at the end of the input.
    Scan(Region),
    /// A whole delimiter matched; `buf` holds what followed it so far.
    AfterDelim {
        region: Region,
        dash: bool,
        cr: bool,
    },
    /// A delimiter match turned out to be data: `buf` still has to be emitted.
    FalseDelim(Region),
    /// A delimiter line ended: a new part begins.
    StartPart,
    /// Reading a part's header block (into `buf` if it straddles inputs).
    Headers,
    /// After the close delimiter: transport padding and its CRLF.
    AfterClose {
        cr: bool,
    },
    Epilogue,
}

#[derive(Debug, Clone, Copy)]
enum Src {
    Input(usize, usize),
    Delim(usize, usize),
    Buf(usize, usize),
}

#[derive(Debug, Clone, Copy)]
enum Out {
    Preamble,
    Body(u64),
    Epilogue,
}

#[derive(Debug, Clone, Copy)]
enum Emit {
    Nothing,
    Data(Out, Src),
    Headers(Src),
    PartEnd,
}

/// A sans-IO multipart/related parser ([RFC 2046 §5.1.1][r], [RFC 2387][r2],
/// [PS3.18 §8.6][p]): bytes in, [`Event`]s out.
///
/// Feed the body in chunks of any size (one byte at a time works); it never buffers a part
/// body, only a part's header block while it straddles two inputs (at most
/// [`Limits::max_part_header_bytes`]) and the few bytes after a delimiter. Parts are framed by
/// the boundary alone; `Content-Length` headers are kept but not trusted. After the last
/// input, call [`Parser::finish`]: it reports a truncated body or a missing close delimiter
/// (with the byte offset) after all complete parts have been delivered.
///
/// Lenient where the field is: a close delimiter with or without a CRLF, transport padding
/// (spaces, tabs) after any delimiter, boundary-like lines inside bodies (`--boundary` followed
/// by anything other than padding+CRLF or `--` is data), any preamble and epilogue.
///
/// [r]: https://www.rfc-editor.org/rfc/rfc2046#section-5.1.1
/// [r2]: https://www.rfc-editor.org/rfc/rfc2387
/// [p]: https://dicom.nema.org/medical/dicom/current/output/chtml/part18/sect_8.6.html
///
/// # Examples
///
/// ```
/// use dicomweb_types::multipart::{Boundary, Event, Parser};
/// let body = b"--b1\r\nContent-Type: application/dicom\r\n\r\nDICM...\r\n--b1--";
/// let mut parser = Parser::new(&Boundary::new("b1")?);
/// let mut bodies: Vec<Vec<u8>> = Vec::new();
/// for chunk in body.chunks(5) {
///     parser.feed(chunk, |event| match event {
///         Event::PartStart(h) => {
///             assert_eq!(h.content_type().as_deref(), Some("application/dicom"));
///             bodies.push(Vec::new());
///         }
///         Event::Body { data, .. } => bodies.last_mut().unwrap().extend_from_slice(data),
///         _ => {}
///     })?;
/// }
/// parser.finish()?;
/// assert_eq!(bodies, [b"DICM...".to_vec()]);
/// # Ok::<(), dicomweb_types::Error>(())
/// ```
#[derive(Debug)]
pub struct Parser {
    delim: Box<[u8]>,
    finder: Finder<'static>,
    header_end: Finder<'static>,
    max_header: usize,
    max_parts: usize,
    max_part_bytes: u64,
    state: State,
    /// Absolute offset of the next input byte.
    offset: u64,
    /// Bytes of `delim` matched at the end of the previous input.
    matched: usize,
    /// 2 while the match is the first delimiter at the very start (its CRLF is implied).
    skip: usize,
    /// Absolute offset of `delim[skip]` of the current match.
    match_pos: u64,
    buf: Vec<u8>,
    parts: usize,
    part_bytes: u64,
    failed: Option<Error>,
}

impl Parser {
    /// A parser for bodies delimited by `boundary`, with default [`Limits`].
    pub fn new(boundary: &Boundary) -> Self {
        Self::with_limits(boundary, &Limits::default())
    }

    /// A parser with the given limits (part header bytes, parts, part body bytes).
    pub fn with_limits(boundary: &Boundary, limits: &Limits) -> Self {
        let delim = boundary.delimiter().into_boxed_slice();
        let finder = Finder::new(&delim[..]).into_owned();
        Parser {
            delim,
            finder,
            header_end: Finder::new(b"\r\n\r\n").into_owned(),
            max_header: limits.max_part_header_bytes,
            max_parts: limits.max_parts,
            max_part_bytes: limits.max_part_bytes,
            state: State::Scan(Region::Preamble),
            offset: 0,
            // The first delimiter may start the body without a CRLF before it.
            matched: 2,
            skip: 2,
            match_pos: 0,
            buf: Vec::new(),
            parts: 0,
            part_bytes: 0,
            failed: None,
        }
    }

    /// Number of parts started so far.
    pub fn parts(&self) -> usize {
        self.parts
    }

    /// Bytes consumed so far.
    pub fn position(&self) -> u64 {
        self.offset
    }

    /// True once the close delimiter has been seen.
    pub fn is_done(&self) -> bool {
        matches!(self.state, State::AfterClose { .. } | State::Epilogue)
    }

    /// Feeds all of `input`, calling `on_event` for each event in order.
    pub fn feed(
        &mut self,
        mut input: &[u8],
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<(), Error> {
        loop {
            let (n, event) = self.parse(input)?;
            let more = event.is_some();
            if let Some(event) = event {
                on_event(event);
            }
            input = input.get(n..).unwrap_or_default();
            if !more {
                return Ok(());
            }
        }
    }

    /// One step: consumes a prefix of `input` and returns how many bytes it consumed and the
    /// next event, if any. `None` means all of `input` was consumed and more is needed; call
    /// again with the rest of `input` while an event is returned.
    pub fn parse<'a>(&'a mut self, input: &'a [u8]) -> Result<(usize, Option<Event<'a>>), Error> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let base = self.offset;
        let (used, emit) = match self.step(input, base) {
            Ok(r) => r,
            Err(e) => {
                self.failed = Some(e.clone());
                return Err(e);
            }
        };
        self.offset = base + used as u64;
        let slice = |src: Src| -> &'a [u8] {
            match src {
                Src::Input(a, b) => input.get(a..b),
                Src::Delim(a, b) => self.delim.get(a..b),
                Src::Buf(a, b) => self.buf.get(a..b),
            }
            .unwrap_or_default()
        };
        let event = match emit {
            Emit::Nothing => None,
            Emit::PartEnd => Some(Event::PartEnd),
            Emit::Headers(src) => {
                let text = std::str::from_utf8(slice(src)).unwrap_or_default();
                Some(Event::PartStart(PartHeaders::trusted(text)))
            }
            Emit::Data(Out::Preamble, src) => Some(Event::Preamble(slice(src))),
            Emit::Data(Out::Epilogue, src) => Some(Event::Epilogue(slice(src))),
            Emit::Data(Out::Body(offset), src) => Some(Event::Body {
                offset,
                data: slice(src),
            }),
        };
        Ok((used, event))
    }

    /// Ends the input. Ok when the close delimiter was seen; otherwise the error says where the
    /// body ended: [`ErrorKind::Truncated`] inside a part, [`ErrorKind::MissingCloseDelimiter`]
    /// after a part's delimiter, [`ErrorKind::MissingDelimiter`] when there was no delimiter.
    pub fn finish(&mut self) -> Result<(), Error> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let part = (self.parts > 0).then_some(self.parts);
        let kind = match self.state {
            State::AfterClose { .. } | State::Epilogue => return Ok(()),
            State::Scan(Region::Preamble) | State::FalseDelim(Region::Preamble) => {
                ErrorKind::MissingDelimiter
            }
            State::AfterDelim { .. } | State::StartPart => ErrorKind::MissingCloseDelimiter,
            State::Headers if self.buf.is_empty() => ErrorKind::MissingCloseDelimiter,
            State::Headers | State::Scan(Region::Body) | State::FalseDelim(Region::Body) => {
                ErrorKind::Truncated
            }
        };
        let e = Error::at(kind, self.offset, part);
        self.failed = Some(e.clone());
        Err(e)
    }

    fn limit(&self, limit: Limit, offset: u64) -> Error {
        Error::at(ErrorKind::LimitExceeded(limit), offset, Some(self.parts))
    }

    fn body_data(&mut self, src: Src, len: usize, offset: u64) -> Result<Emit, Error> {
        self.part_bytes += len as u64;
        if self.part_bytes > self.max_part_bytes {
            return Err(self.limit(Limit::PartBytes, offset));
        }
        Ok(Emit::Data(Out::Body(offset), src))
    }

    fn data(&mut self, region: Region, src: Src, len: usize, offset: u64) -> Result<Emit, Error> {
        match region {
            Region::Preamble => Ok(Emit::Data(Out::Preamble, src)),
            Region::Body => self.body_data(src, len, offset),
        }
    }

    fn step(&mut self, input: &[u8], base: u64) -> Result<(usize, Emit), Error> {
        let dlen = self.delim.len();
        let mut pos = 0usize;
        loop {
            let rest = input.get(pos..).unwrap_or_default();
            match self.state {
                State::Scan(region) => {
                    if self.matched > 0 {
                        let k = self.matched;
                        let need = self.delim.get(k..).unwrap_or_default();
                        let n = need.len().min(rest.len());
                        if rest.get(..n) == need.get(..n) {
                            pos += n;
                            if k + n == dlen {
                                self.matched = 0;
                                self.buf.clear();
                                self.state = State::AfterDelim {
                                    region,
                                    dash: false,
                                    cr: false,
                                };
                                continue;
                            }
                            self.matched = k + n;
                            return Ok((pos, Emit::Nothing));
                        }
                        // A partial match that is data after all.
                        let from = self.skip;
                        self.matched = 0;
                        self.skip = 0;
                        if k > from {
                            let e =
                                self.data(region, Src::Delim(from, k), k - from, self.match_pos)?;
                            return Ok((pos, e));
                        }
                        continue;
                    }
                    if rest.is_empty() {
                        return Ok((pos, Emit::Nothing));
                    }
                    if let Some(i) = self.finder.find(rest) {
                        let start = pos;
                        self.match_pos = base + (pos + i) as u64;
                        self.skip = 0;
                        pos += i + dlen;
                        self.buf.clear();
                        self.state = State::AfterDelim {
                            region,
                            dash: false,
                            cr: false,
                        };
                        if i > 0 {
                            let e = self.data(
                                region,
                                Src::Input(start, start + i),
                                i,
                                base + start as u64,
                            )?;
                            return Ok((pos, e));
                        }
                        continue;
                    }
                    // No whole delimiter: keep a possible prefix of one at the end for later.
                    let window = rest.len().saturating_sub(dlen - 1);
                    let mut end = rest.len();
                    if let Some(j) = memchr::memrchr(b'\r', rest.get(window..).unwrap_or_default())
                    {
                        let j = window + j;
                        if self.delim.starts_with(rest.get(j..).unwrap_or_default()) {
                            end = j;
                            self.matched = rest.len() - j;
                            self.match_pos = base + (pos + j) as u64;
                        }
                    }
                    let start = pos;
                    pos = input.len();
                    if end == 0 {
                        return Ok((pos, Emit::Nothing));
                    }
                    let e = self.data(
                        region,
                        Src::Input(start, start + end),
                        end,
                        base + start as u64,
                    )?;
                    return Ok((pos, e));
                }
                State::AfterDelim { region, dash, cr } => {
                    // Fast path: the delimiter line ends right away.
                    if !dash && !cr && self.buf.is_empty() && rest.starts_with(b"\r\n") {
                        pos += 2;
                        self.skip = 0;
                        self.state = State::StartPart;
                        if region == Region::Body {
                            return Ok((pos, Emit::PartEnd));
                        }
                        continue;
                    }
                    let Some(&b) = rest.first() else {
                        return Ok((pos, Emit::Nothing));
                    };
                    let confirmed_close = dash && b == b'-';
                    let confirmed_line = cr && b == b'\n';
                    if confirmed_close || confirmed_line {
                        pos += 1;
                        self.skip = 0;
                        self.state = if confirmed_close {
                            State::AfterClose { cr: false }
                        } else {
                            State::StartPart
                        };
                        if region == Region::Body {
                            return Ok((pos, Emit::PartEnd));
                        }
                        continue;
                    }
                    let padding = !dash && !cr && (b == b' ' || b == b'\t');
                    let first_dash = !dash && !cr && b == b'-' && self.buf.is_empty();
                    let cr_now = !dash && !cr && b == b'\r';
                    if padding || first_dash || cr_now {
                        if self.buf.len() >= self.max_header {
                            return Err(self.limit(Limit::PartHeaderBytes, base + pos as u64));
                        }
                        self.buf.push(b);
                        pos += 1;
                        self.state = State::AfterDelim {
                            region,
                            dash: first_dash,
                            cr: cr_now,
                        };
                        continue;
                    }
                    // Not a delimiter: the delimiter and what followed it are data.
                    let from = self.skip;
                    self.skip = 0;
                    self.state = State::FalseDelim(region);
                    let at = self.match_pos;
                    // From here on, `match_pos` is where the bytes in `buf` start.
                    self.match_pos = at + (dlen - from) as u64;
                    if dlen > from {
                        let e = self.data(region, Src::Delim(from, dlen), dlen - from, at)?;
                        return Ok((pos, e));
                    }
                    continue;
                }
                State::FalseDelim(region) => {
                    self.state = State::Scan(region);
                    let n = self.buf.len();
                    if n > 0 {
                        let e = self.data(region, Src::Buf(0, n), n, self.match_pos)?;
                        return Ok((pos, e));
                    }
                }
                State::StartPart => {
                    if self.parts >= self.max_parts {
                        return Err(self.limit(Limit::Parts, base + pos as u64));
                    }
                    self.parts += 1;
                    self.part_bytes = 0;
                    self.buf.clear();
                    self.state = State::Headers;
                }
                State::Headers => return self.headers(input, pos, base),
                State::AfterClose { cr } => {
                    let Some(&b) = rest.first() else {
                        return Ok((pos, Emit::Nothing));
                    };
                    if !cr && (b == b' ' || b == b'\t') {
                        pos += 1;
                    } else if !cr && b == b'\r' {
                        pos += 1;
                        self.state = State::AfterClose { cr: true };
                    } else {
                        if cr && b == b'\n' {
                            pos += 1;
                        }
                        self.state = State::Epilogue;
                    }
                }
                State::Epilogue => {
                    if rest.is_empty() {
                        return Ok((pos, Emit::Nothing));
                    }
                    let start = pos;
                    pos = input.len();
                    return Ok((pos, Emit::Data(Out::Epilogue, Src::Input(start, pos))));
                }
            }
        }
    }

    fn headers(&mut self, input: &[u8], mut pos: usize, base: u64) -> Result<(usize, Emit), Error> {
        let cap = self.max_header.saturating_add(4);
        let part = Some(self.parts);
        let rest = input.get(pos..).unwrap_or_default();
        let block_start = (base + pos as u64).saturating_sub(self.buf.len() as u64);
        let (consumed, src, len) = if self.buf.is_empty() {
            if rest.starts_with(b"\r\n") {
                (2, Src::Input(pos, pos), 0)
            } else if let Some(i) = self.header_end.find(rest.get(..cap).unwrap_or(rest)) {
                (i + 4, Src::Input(pos, pos + i), i)
            } else if rest.len() >= cap {
                return Err(self.limit(Limit::PartHeaderBytes, base + pos as u64));
            } else {
                self.buf.extend_from_slice(rest);
                return Ok((input.len(), Emit::Nothing));
            }
        } else {
            let old = self.buf.len();
            let take = rest.len().min(cap.saturating_sub(old));
            self.buf
                .extend_from_slice(rest.get(..take).unwrap_or_default());
            if self.buf.starts_with(b"\r\n") {
                (2 - old.min(2), Src::Buf(0, 0), 0)
            } else if let Some(i) = self
                .header_end
                .find(self.buf.get(old.saturating_sub(3)..).unwrap_or_default())
            {
                let i = old.saturating_sub(3) + i;
                self.buf.truncate(i + 4);
                ((i + 4).saturating_sub(old), Src::Buf(0, i), i)
            } else if self.buf.len() >= cap {
                return Err(self.limit(Limit::PartHeaderBytes, base + (pos + take) as u64));
            } else {
                return Ok((pos + take, Emit::Nothing));
            }
        };
        if len > self.max_header {
            return Err(self.limit(Limit::PartHeaderBytes, block_start + len as u64));
        }
        let raw = match src {
            Src::Input(a, b) => input.get(a..b),
            Src::Buf(a, b) => self.buf.get(a..b),
            Src::Delim(..) => None,
        }
        .unwrap_or_default();
        PartHeaders::parse_at(raw, block_start, part)?;
        pos += consumed;
        self.state = State::Scan(Region::Body);
        self.matched = 0;
        self.skip = 0;
        Ok((pos, Emit::Headers(src)))
    }
}

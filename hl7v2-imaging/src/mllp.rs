//! MLLP framing, sans-IO (HL7 v2.5.1 Appendix C, Minimal Lower Layer Protocol):
//! a frame is `0x0B` (VT, start block), the payload, `0x1C 0x0D` (FS CR, end block).

use crate::error::{Error, Limit, Location};

/// Start block (VT).
pub const START_BLOCK: u8 = 0x0B;
/// First byte of the end block (FS).
pub const END_BLOCK: u8 = 0x1C;
/// Second byte of the end block (CR).
pub const END_CR: u8 = 0x0D;

/// Wrap a payload in a frame.
///
/// ```
/// assert_eq!(hl7v2_imaging::mllp::frame(b"MSH|"), b"\x0bMSH|\x1c\r");
/// ```
pub fn frame(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 3);
    frame_into(payload, &mut out);
    out
}

/// Append a framed payload to `out`.
pub fn frame_into(payload: &[u8], out: &mut Vec<u8>) {
    out.push(START_BLOCK);
    out.extend_from_slice(payload);
    out.push(END_BLOCK);
    out.push(END_CR);
}

/// What [`deframe`] found at the start of a buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Deframed<'a> {
    /// A complete frame: its payload, and how many bytes of the buffer it used.
    Frame {
        /// The bytes between the start and end blocks.
        payload: &'a [u8],
        /// Bytes consumed from the buffer, end block included.
        consumed: usize,
    },
    /// Bytes that are not part of a frame (before a start block, or an unterminated frame cut
    /// by a new start block, or a frame whose FS is not followed by CR); drop `len` bytes.
    Junk {
        /// Bytes to drop.
        len: usize,
        /// Why they are junk.
        reason: &'static str,
    },
    /// More input is needed.
    Partial,
}

/// Look for one frame at the start of `buf`. Pipelined frames come out one per call: drop
/// `consumed` (or `len`) bytes and call again. A payload longer than `max_frame_bytes` without
/// an end block is [`Limit::FrameBytes`].
///
/// ```
/// use hl7v2_imaging::mllp::{deframe, Deframed};
/// let buf = b"\x0bA\x1c\r\x0bB\x1c\r";
/// assert_eq!(deframe(buf, 1024)?, Deframed::Frame { payload: b"A", consumed: 4 });
/// assert_eq!(deframe(&buf[4..], 1024)?, Deframed::Frame { payload: b"B", consumed: 4 });
/// assert_eq!(deframe(b"\x0bAB", 1024)?, Deframed::Partial);
/// # Ok::<(), hl7v2_imaging::Error>(())
/// ```
pub fn deframe(buf: &[u8], max_frame_bytes: usize) -> Result<Deframed<'_>, Error> {
    deframe_from(buf, max_frame_bytes, 0).map(|(d, _)| d)
}

/// [`deframe`], skipping the first `scanned` payload bytes already known to hold neither a start
/// nor an end block (they were scanned by an earlier call on the same, since grown, buffer). With
/// `Partial`, also returns how far the payload is now known to be clean, so that a frame read in
/// many chunks is scanned once, not once per chunk.
fn deframe_from(
    buf: &[u8],
    max_frame_bytes: usize,
    scanned: usize,
) -> Result<(Deframed<'_>, usize), Error> {
    match buf.first() {
        None => return Ok((Deframed::Partial, 0)),
        Some(&START_BLOCK) => {}
        Some(_) => {
            let len = memchr::memchr(START_BLOCK, buf).unwrap_or(buf.len());
            let junk = Deframed::Junk {
                len,
                reason: "bytes outside a frame",
            };
            return Ok((junk, 0));
        }
    }
    let body = buf.get(1..).unwrap_or_default();
    let scanned = scanned.min(body.len());
    let found = memchr::memchr2(
        END_BLOCK,
        START_BLOCK,
        body.get(scanned..).unwrap_or_default(),
    )
    .map(|i| i + scanned);
    match found {
        Some(i) if body.get(i) == Some(&START_BLOCK) => {
            let junk = Deframed::Junk {
                len: i + 1,
                reason: "frame without end block before a new start block",
            };
            Ok((junk, 0))
        }
        Some(i) => {
            if i > max_frame_bytes {
                return Err(Error::limit(
                    Limit::FrameBytes,
                    max_frame_bytes,
                    Location::at(1),
                ));
            }
            match body.get(i + 1) {
                // The FS is seen again next time: keep `i` as the clean prefix.
                None => Ok((Deframed::Partial, i)),
                Some(&END_CR) => {
                    let frame = Deframed::Frame {
                        payload: body.get(..i).unwrap_or_default(),
                        consumed: i + 3,
                    };
                    Ok((frame, 0))
                }
                Some(_) => {
                    let junk = Deframed::Junk {
                        len: i + 2,
                        reason: "end block FS not followed by CR",
                    };
                    Ok((junk, 0))
                }
            }
        }
        None if body.len() > max_frame_bytes => Err(Error::limit(
            Limit::FrameBytes,
            max_frame_bytes,
            Location::at(1),
        )),
        None => Ok((Deframed::Partial, body.len())),
    }
}

/// What [`Core::step`] found: a frame (its payload's range in the bytes looked at) or junk.
#[derive(Debug)]
enum Found {
    Frame(std::ops::Range<usize>),
    Junk(Event),
}

/// The stream state shared by [`Deframer`] and the tokio codec: the stream offset, the frame
/// size limit, whether an oversized frame is being skipped, and how much of a partial frame
/// has been scanned. The caller owns the buffer.
#[derive(Debug, Clone)]
pub(crate) struct Core {
    offset: u64,
    max: usize,
    discarding: bool,
    scanned: usize,
}

impl Core {
    pub(crate) fn new(max_frame_bytes: usize) -> Self {
        Core {
            offset: 0,
            max: max_frame_bytes,
            discarding: false,
            scanned: 0,
        }
    }

    /// Look at the unconsumed bytes: returns how many to drop from their front, and what was
    /// found (`None`: more input is needed). A found frame's range lies within the dropped bytes.
    fn step(&mut self, pending: &[u8]) -> (usize, Option<Result<Found, Error>>) {
        let mut skip = 0;
        if self.discarding {
            skip = memchr::memchr(START_BLOCK, pending).unwrap_or(pending.len());
            self.offset += skip as u64;
            if skip == pending.len() {
                return (skip, None);
            }
            self.discarding = false;
        }
        let rest = pending.get(skip..).unwrap_or_default();
        match deframe_from(rest, self.max, self.scanned) {
            Ok((Deframed::Partial, scanned)) => {
                self.scanned = scanned;
                (skip, None)
            }
            Ok((Deframed::Frame { payload, consumed }, _)) => {
                self.scanned = 0;
                self.offset += consumed as u64;
                let at = skip + 1;
                (
                    skip + consumed,
                    Some(Ok(Found::Frame(at..at + payload.len()))),
                )
            }
            Ok((Deframed::Junk { len, reason }, _)) => {
                self.scanned = 0;
                let offset = self.offset;
                self.offset += len as u64;
                let junk = Event::Junk {
                    offset,
                    len,
                    reason,
                };
                (skip + len, Some(Ok(Found::Junk(junk))))
            }
            Err(e) => {
                // Drop the start block and skip the oversized frame up to the next start block.
                self.scanned = 0;
                let at = usize::try_from(self.offset).unwrap_or(usize::MAX);
                self.offset += 1;
                self.discarding = true;
                (
                    skip + 1,
                    Some(Err(Error::new(e.kind().clone(), Location::at(at)))),
                )
            }
        }
    }

    /// [`Core::step`] with the frame's payload copied out: the event and the bytes to drop.
    pub(crate) fn poll(&mut self, pending: &[u8]) -> (usize, Option<Result<Event, Error>>) {
        let (consumed, found) = self.step(pending);
        let event = found.map(|r| {
            r.map(|f| match f {
                Found::Frame(range) => {
                    Event::Frame(pending.get(range).unwrap_or_default().to_vec())
                }
                Found::Junk(junk) => junk,
            })
        });
        (consumed, event)
    }

    /// Account for `n` bytes the caller dropped without [`Core::step`].
    #[cfg(feature = "tokio-codec")]
    fn skipped(&mut self, n: usize) {
        self.offset += n as u64;
        self.scanned = 0;
    }

    /// The stream offset of the first unconsumed byte.
    pub(crate) fn offset(&self) -> u64 {
        self.offset
    }

    /// The frame size limit.
    #[cfg(feature = "tokio-codec")]
    pub(crate) fn max_frame_bytes(&self) -> usize {
        self.max
    }
}

/// An event from a [`Deframer`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// A complete frame's payload.
    Frame(Vec<u8>),
    /// Bytes dropped outside frames, with the stream offset where they started.
    Junk {
        /// Stream offset of the first dropped byte.
        offset: u64,
        /// Number of bytes dropped.
        len: usize,
        /// Why.
        reason: &'static str,
    },
}

/// A buffering MLLP deframer for byte streams read in arbitrary chunks.
///
/// Call [`Deframer::handle_input`] with each chunk read, then [`Deframer::poll_event`] until it
/// returns `None`. After a [`Limit::FrameBytes`] error the oversized frame is discarded up to
/// the next start block. Memory is bounded by `max_frame_bytes` plus one chunk.
///
/// ```
/// use hl7v2_imaging::mllp::{Deframer, Event};
/// let mut d = Deframer::new(1 << 20);
/// d.handle_input(b"\x0bMSH|^~\\&\r\x1c");
/// assert_eq!(d.poll_event(), None);
/// d.handle_input(b"\r");
/// assert_eq!(d.poll_event(), Some(Ok(Event::Frame(b"MSH|^~\\&\r".to_vec()))));
/// ```
#[derive(Debug, Clone)]
pub struct Deframer {
    buf: Vec<u8>,
    start: usize,
    core: Core,
}

impl Deframer {
    /// A deframer refusing payloads over `max_frame_bytes`.
    pub fn new(max_frame_bytes: usize) -> Self {
        Deframer {
            buf: Vec::new(),
            start: 0,
            core: Core::new(max_frame_bytes),
        }
    }

    /// A deframer with [`Limits::max_frame_bytes`](crate::Limits::max_frame_bytes).
    pub fn with_limits(limits: &crate::Limits) -> Self {
        Self::new(limits.max_frame_bytes)
    }

    /// Give the deframer bytes read from the stream.
    pub fn handle_input(&mut self, bytes: &[u8]) {
        if self.start > 0 && self.start * 2 >= self.buf.len() {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// Bytes buffered and not yet returned.
    pub fn buffered(&self) -> usize {
        self.buf.len() - self.start
    }

    /// The stream offset of the first byte not yet returned or dropped.
    pub fn offset(&self) -> u64 {
        self.core.offset()
    }

    /// The next frame or junk report; `None` when more input is needed.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<Result<Event, Error>> {
        let pending = self.buf.get(self.start..).unwrap_or_default();
        let (consumed, event) = self.core.poll(pending);
        self.start = (self.start + consumed).min(self.buf.len());
        if self.start == self.buf.len() {
            self.buf.clear();
            self.start = 0;
        }
        event
    }
}

#[cfg(feature = "tokio-codec")]
mod codec;
#[cfg(feature = "tokio-codec")]
pub use codec::{CodecError, MllpCodec};

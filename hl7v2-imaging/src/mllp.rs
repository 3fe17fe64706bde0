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
    match buf.first() {
        None => return Ok(Deframed::Partial),
        Some(&START_BLOCK) => {}
        Some(_) => {
            let len = memchr::memchr(START_BLOCK, buf).unwrap_or(buf.len());
            return Ok(Deframed::Junk {
                len,
                reason: "bytes outside a frame",
            });
        }
    }
    let body = buf.get(1..).unwrap_or_default();
    match memchr::memchr2(END_BLOCK, START_BLOCK, body) {
        Some(i) if body.get(i) == Some(&START_BLOCK) => Ok(Deframed::Junk {
            len: i + 1,
            reason: "frame without end block before a new start block",
        }),
        Some(i) => {
            if i > max_frame_bytes {
                return Err(Error::limit(
                    Limit::FrameBytes,
                    max_frame_bytes,
                    Location::at(1),
                ));
            }
            match body.get(i + 1) {
                None => Ok(Deframed::Partial),
                Some(&END_CR) => Ok(Deframed::Frame {
                    payload: body.get(..i).unwrap_or_default(),
                    consumed: i + 3,
                }),
                Some(_) => Ok(Deframed::Junk {
                    len: i + 2,
                    reason: "end block FS not followed by CR",
                }),
            }
        }
        None if body.len() > max_frame_bytes => Err(Error::limit(
            Limit::FrameBytes,
            max_frame_bytes,
            Location::at(1),
        )),
        None => Ok(Deframed::Partial),
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
    offset: u64,
    max: usize,
    discarding: bool,
}

impl Deframer {
    /// A deframer refusing payloads over `max_frame_bytes`.
    pub fn new(max_frame_bytes: usize) -> Self {
        Deframer {
            buf: Vec::new(),
            start: 0,
            offset: 0,
            max: max_frame_bytes,
            discarding: false,
        }
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

    /// The next frame or junk report; `None` when more input is needed.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<Result<Event, Error>> {
        let pending = self.buf.get(self.start..).unwrap_or_default();
        if self.discarding {
            let skip = memchr::memchr(START_BLOCK, pending).unwrap_or(pending.len());
            self.advance(skip);
            if self.buffered() == 0 {
                return None;
            }
            self.discarding = false;
        }
        let pending = self.buf.get(self.start..).unwrap_or_default();
        match deframe(pending, self.max) {
            Ok(Deframed::Partial) => None,
            Ok(Deframed::Frame { payload, consumed }) => {
                let payload = payload.to_vec();
                self.advance(consumed);
                Some(Ok(Event::Frame(payload)))
            }
            Ok(Deframed::Junk { len, reason }) => {
                let offset = self.offset;
                self.advance(len);
                Some(Ok(Event::Junk {
                    offset,
                    len,
                    reason,
                }))
            }
            Err(e) => {
                let at = self.offset;
                // Drop the start block so the oversized frame is skipped.
                self.advance(1);
                self.discarding = true;
                Some(Err(Error::new(e.kind().clone(), Location::at(at as usize))))
            }
        }
    }

    fn advance(&mut self, n: usize) {
        self.start = (self.start + n).min(self.buf.len());
        self.offset += n as u64;
        if self.start == self.buf.len() {
            self.buf.clear();
            self.start = 0;
        }
    }
}

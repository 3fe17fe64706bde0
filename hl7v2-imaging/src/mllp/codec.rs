//! [`MllpCodec`]: tokio-util's [`Decoder`] and [`Encoder`] over the sans-IO deframer
//! (feature `tokio-codec`).

use super::{Core, END_BLOCK, END_CR, Event, START_BLOCK};
use crate::error::{Error, ErrorKind, Limit, Location};
use bytes::{Buf, BufMut, BytesMut};
use tokio_util::codec::{Decoder, Encoder};

/// An MLLP codec for [`tokio_util::codec::Framed`], `FramedRead` and `FramedWrite`
/// (HL7 v2.5.1 Appendix C).
///
/// Decoding has exactly the semantics of [`Deframer`](super::Deframer), working in place on
/// the framed reader's buffer: each item is an [`Event`], either a frame's payload or a report of
/// junk bytes dropped outside frames (with their stream offset), so pipelined frames come out one
/// by one and nothing is dropped silently. A payload over the frame size limit is an error
/// ([`ErrorKind::LimitExceeded`] with [`Limit::FrameBytes`], located at the frame's stream
/// offset); the codec then skips that frame up to the next start block, so after the framed
/// stream has yielded the error (and, as tokio-util's `FramedRead` does after any error, one
/// `None`), polling it again goes on with the next frame. Buffered memory stays within the frame
/// size limit plus one read. At end of stream, bytes of an unterminated frame come out as
/// [`Event::Junk`].
///
/// Encoding wraps a payload in `0x0B ... 0x1C 0x0D`. A payload over the frame size limit, or
/// holding a start block (`0x0B`) or an end block byte (`0x1C`), which would break the framing
/// for the peer, is refused with an error and nothing is written.
///
/// ```
/// use bytes::BytesMut;
/// use hl7v2_imaging::mllp::{Event, MllpCodec};
/// use tokio_util::codec::{Decoder, Encoder};
///
/// let mut codec = MllpCodec::new(1 << 20);
/// let mut wire = BytesMut::new();
/// codec.encode(&b"MSH|^~\\&|A\r"[..], &mut wire)?;
/// codec.encode(&b"MSH|^~\\&|B\r"[..], &mut wire)?;
/// assert_eq!(&wire[..], b"\x0bMSH|^~\\&|A\r\x1c\r\x0bMSH|^~\\&|B\r\x1c\r");
///
/// let mut read = wire.split_to(5); // a partial read
/// assert_eq!(codec.decode(&mut read)?, None);
/// read.unsplit(wire);
/// assert_eq!(codec.decode(&mut read)?, Some(Event::Frame(b"MSH|^~\\&|A\r".to_vec())));
/// assert_eq!(codec.decode(&mut read)?, Some(Event::Frame(b"MSH|^~\\&|B\r".to_vec())));
/// assert_eq!(codec.decode(&mut read)?, None);
/// # Ok::<(), hl7v2_imaging::mllp::CodecError>(())
/// ```
#[derive(Debug, Clone)]
pub struct MllpCodec {
    core: Core,
}

/// An error from [`MllpCodec`]: framing or limit ([`Error`]), or I/O from the underlying stream
/// (tokio-util's `Framed` types need `From<std::io::Error>`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CodecError {
    /// A frame over the size limit, or a payload that cannot be framed.
    #[error(transparent)]
    Mllp(#[from] Error),
    /// Reading or writing the stream failed.
    #[error("MLLP stream i/o: {0}")]
    Io(#[from] std::io::Error),
}

impl MllpCodec {
    /// A codec refusing payloads over `max_frame_bytes`, both ways.
    pub fn new(max_frame_bytes: usize) -> Self {
        MllpCodec {
            core: Core::new(max_frame_bytes),
        }
    }

    /// A codec with [`Limits::max_frame_bytes`](crate::Limits::max_frame_bytes).
    pub fn with_limits(limits: &crate::Limits) -> Self {
        Self::new(limits.max_frame_bytes)
    }

    /// The frame size limit.
    pub fn max_frame_bytes(&self) -> usize {
        self.core.max_frame_bytes()
    }

    /// The stream offset of the first byte not yet decoded or dropped.
    pub fn offset(&self) -> u64 {
        self.core.offset()
    }
}

impl Default for MllpCodec {
    /// [`Limits::default`](crate::Limits)'s frame size limit (16 MiB).
    fn default() -> Self {
        Self::with_limits(&crate::Limits::default())
    }
}

impl Decoder for MllpCodec {
    type Item = Event;
    type Error = CodecError;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<Event>, CodecError> {
        let (consumed, event) = self.core.poll(src);
        src.advance(consumed.min(src.len()));
        match event {
            None => Ok(None),
            Some(Ok(ev)) => Ok(Some(ev)),
            Some(Err(e)) => Err(CodecError::Mllp(e)),
        }
    }

    fn decode_eof(&mut self, src: &mut BytesMut) -> Result<Option<Event>, CodecError> {
        if let Some(ev) = self.decode(src)? {
            return Ok(Some(ev));
        }
        if src.is_empty() {
            return Ok(None);
        }
        let offset = self.core.offset();
        let len = src.len();
        src.clear();
        // Bytes dropped at the end are reported like any other junk; the stream ends after.
        self.core.skipped(len);
        Ok(Some(Event::Junk {
            offset,
            len,
            reason: "stream ended inside a frame",
        }))
    }
}

impl<T: AsRef<[u8]>> Encoder<T> for MllpCodec {
    type Error = CodecError;

    fn encode(&mut self, payload: T, dst: &mut BytesMut) -> Result<(), CodecError> {
        let payload = payload.as_ref();
        let max = self.core.max_frame_bytes();
        if payload.len() > max {
            return Err(Error::limit(Limit::FrameBytes, max, Location::at(0)).into());
        }
        if let Some(i) = memchr::memchr2(START_BLOCK, END_BLOCK, payload) {
            return Err(Error::new(
                ErrorKind::Framing("payload holds a start block (0x0B) or end block (0x1C) byte"),
                Location::at(i),
            )
            .into());
        }
        dst.reserve(payload.len() + 3);
        dst.put_u8(START_BLOCK);
        dst.put_slice(payload);
        dst.put_u8(END_BLOCK);
        dst.put_u8(END_CR);
        Ok(())
    }
}

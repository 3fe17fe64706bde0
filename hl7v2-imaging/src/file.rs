//! Files and batches: many messages in one input, with or without the batch envelope
//! FHS/BHS ... BTS/FTS (HL7 v2.5.1 Ch. 2 §2.10.3).

use crate::error::{Error, ErrorKind, Limit, Location, SegmentId};
use crate::message::{Lines, Segment, header_delimiters};
use crate::{Charset, Delimiters, Limits, Message};

/// The messages of a file or batch, each parsed on its own.
///
/// Splitting rules: a line starting with `MSH` starts a message; an empty line ends one; `FHS`,
/// `BHS`, `BTS` and `FTS` lines are batch segments; lines outside any message (comments, text)
/// are skipped and listed in [`File::skipped`].
#[derive(Debug, Clone)]
pub struct File<'a> {
    /// Each message, or the error that stopped it (located in the whole input).
    pub messages: Vec<Result<Message<'a>, Error>>,
    /// FHS, BHS, BTS and FTS segments in input order.
    pub batch_segments: Vec<Segment<'a>>,
    /// Lines outside any message, by location.
    pub skipped: Vec<Location>,
}

impl<'a> File<'a> {
    /// The messages that parsed.
    pub fn ok_messages(&self) -> impl Iterator<Item = &Message<'a>> {
        self.messages.iter().filter_map(|m| m.as_ref().ok())
    }

    /// The batch segment with this id (`FHS`, `BHS`, `BTS`, `FTS`), first occurrence.
    pub fn batch_segment(&self, id: &str) -> Option<Segment<'a>> {
        self.batch_segments
            .iter()
            .find(|s| s.id_str() == id)
            .copied()
    }
}

fn starts_segment(line: &[u8], id: &[u8]) -> bool {
    line.starts_with(id)
        && line
            .get(3)
            .is_none_or(|b| !b.is_ascii_alphanumeric() && !matches!(b, b'\r' | b'\n'))
}

/// Parse a file holding one or many messages, bare or in FHS/BHS batches.
///
/// ```
/// let f = hl7v2_imaging::parse_file(b"MSH|^~\\&|A\rPID|1\r\nMSH|^~\\&|B\rPID|2\r")?;
/// assert_eq!(f.messages.len(), 2);
/// # Ok::<(), hl7v2_imaging::Error>(())
/// ```
pub fn parse_file<'a>(input: &'a [u8]) -> Result<File<'a>, Error> {
    parse_file_with(input, &Limits::default())
}

/// [`parse_file`] with limits (`max_message_bytes` applies to the whole input and to each message).
pub fn parse_file_with<'a>(input: &'a [u8], limits: &Limits) -> Result<File<'a>, Error> {
    if input.len() > limits.max_message_bytes {
        return Err(Error::limit(
            Limit::MessageBytes,
            limits.max_message_bytes,
            Location::at(0),
        ));
    }
    let mut file = File {
        messages: Vec::new(),
        batch_segments: Vec::new(),
        skipped: Vec::new(),
    };
    let mut current: Option<usize> = None;
    let mut batch_delims = Delimiters::default();
    let close = |file: &mut File<'a>, from: usize, to: usize| -> Result<(), Error> {
        if file.messages.len() >= limits.max_messages {
            return Err(Error::limit(
                Limit::Messages,
                limits.max_messages,
                Location::at(from),
            ));
        }
        let chunk = input.get(from..to).unwrap_or_default();
        file.messages.push(Message::parse_at(chunk, from, limits));
        Ok(())
    };
    for (start, end, _) in Lines::new(input) {
        let line = input.get(start..end).unwrap_or_default();
        if line.iter().all(|b| *b == b' ' || *b == b'\t') {
            if let Some(from) = current.take() {
                close(&mut file, from, start)?;
            }
            continue;
        }
        if starts_segment(line, b"MSH") {
            if let Some(from) = current.take() {
                close(&mut file, from, start)?;
            }
            current = Some(start);
            continue;
        }
        let batch = [b"FHS", b"BHS", b"BTS", b"FTS"]
            .iter()
            .any(|id| starts_segment(line, *id));
        if batch {
            if let Some(from) = current.take() {
                close(&mut file, from, start)?;
            }
            if line.starts_with(b"FHS") || line.starts_with(b"BHS") {
                let loc = Location::segment(start, 1, SegmentId::from_bytes(line));
                match header_delimiters(line, loc) {
                    Ok(d) => batch_delims = d,
                    Err(e) => {
                        file.messages.push(Err(e));
                        continue;
                    }
                }
            }
            if file.batch_segments.len() >= limits.max_segments {
                return Err(Error::limit(
                    Limit::Segments,
                    limits.max_segments,
                    Location::at(start),
                ));
            }
            file.batch_segments.push(Segment::standalone(
                line,
                batch_delims,
                Charset::Ascii,
                start,
            ));
            continue;
        }
        if current.is_none() && file.skipped.len() < limits.max_segments {
            file.skipped.push(Location::at(start));
        }
    }
    if let Some(from) = current.take() {
        close(&mut file, from, input.len())?;
    }
    if file.messages.is_empty() && file.batch_segments.is_empty() {
        return Err(Error::new(ErrorKind::Empty, Location::at(0)));
    }
    Ok(file)
}

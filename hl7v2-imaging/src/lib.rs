//! HL7 v2 for imaging: a zero-copy ER7 parser and lossless writer ([HL7 v2.5.1 Ch. 2][ch2]),
//! MLLP framing (HL7 v2.5.1 Appendix C), typed radiology messages (ORM^O01, OMI^O23, ORU^R01,
//! ADT^A08/A40, ORR^O02, ORI^O24, ACK) per IHE Radiology Scheduled Workflow, and
//! acknowledgements. It does no I/O and has no JSON, DICOM or async dependency.
//!
//! - [`Message`] is a borrowed view: one pass finds the segments; fields, repetitions,
//!   components and subcomponents are found when read; escapes ([`escape`], §2.7) and the
//!   character set ([`charset`], MSH-18) are decoded only then, borrowing when nothing changes.
//! - [`MessageBuf`] is the owned twin, edited by [`TersePath`] (`PID-3[2].1`).
//! - [`parse_file`] splits files of many messages and FHS/BHS batches.
//! - [`mllp`] frames and deframes byte streams (sans-IO).
//! - [`typed`] gives checked structures with typed accessors for imaging orders and reports;
//!   [`ack`] builds ACK/NAK messages with ERR segments mapped from our errors.
//!
//! ```
//! use hl7v2_imaging::{Message, typed::OrderMessage};
//! let er7 = b"MSH|^~\\&|RIS|HOSP|PACS|HOSP|20240101120000||ORM^O01|MSG1|P|2.3.1\r\
//! PID|||12345^^^HOSP||DOE^JANE||19700101|F\r\
//! ORC|NW|A100|||SC\r\
//! OBR|1|A100||CT1^CT HEAD^LOCAL||||||||||||||ACC1|RP1|SPS1||||CT\r\
//! ZDS|1.2.3.4^100^Application^DICOM\r";
//! let msg = Message::parse(er7)?;
//! assert_eq!(msg.get("PID-5.1")?.as_deref(), Some("DOE"));
//! let order = OrderMessage::from_message(&msg)?;
//! let o = &order.orders()[0];
//! assert_eq!(o.order_control().as_str(), "NW");
//! assert_eq!(o.accession_number(), "ACC1");
//! assert_eq!(o.study_instance_uid().as_deref(), Some("1.2.3.4"));
//! assert_eq!(msg.to_bytes(), er7);
//! # Ok::<(), hl7v2_imaging::Error>(())
//! ```
//!
//! # Crate features
//!
//! None is on by default; the default build depends on `memchr` and `thiserror` only.
//!
//! - `tokio-codec`: `mllp::MllpCodec`, tokio-util's `Decoder` and `Encoder` over the sans-IO
//!   MLLP deframer (same frame size limit, junk reports and stream offsets as
//!   [`mllp::Deframer`]), for `Framed`, `FramedRead` and `FramedWrite` on any tokio stream. Costs
//!   `tokio-util` (codec only), `tokio` (its `sync` feature only: no runtime or I/O driver),
//!   `bytes`, `futures-core`, `futures-sink`, `pin-project-lite` and (on Unix) `libc`.
//! - `serde`: `Serialize` and `Deserialize` for the vocabulary types, in the form HL7 writes
//!   them: [`TersePath`] as `"PID-3[2].1"`, [`Charset`] as its MSH-18 (table 0211) spelling,
//!   [`ack::AckCode`] (`"AA"`), [`ack::Severity`] (`"E"`), [`ack::ErrorCode`] (`207`),
//!   [`SegmentId`] (`"ZDS"`), [`Limit`] (`"max_frame_bytes"`), [`Limits`] (a map of its fields,
//!   missing ones defaulted, unknown ones refused) and [`typed::OrderControl`] (borrowed when the
//!   format allows). Costs `serde` (with `serde_derive`, as the workspace pins it).
//!
//! [ch2]: https://www.hl7.org/implement/standards/product_brief.cfm?product_id=144
#![forbid(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations)]

pub mod ack;
pub mod charset;
mod charset_tables;
mod delimiters;
pub mod dtm;
mod error;
pub mod escape;
mod file;
mod limits;
mod message;
pub mod mllp;
mod owned;
mod path;
mod serde;
pub mod typed;

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

pub use crate::{
    charset::{Charset, CharsetInfo},
    delimiters::Delimiters,
    error::{Error, ErrorKind, Limit, Location, SegmentId},
    file::{File, parse_file, parse_file_with},
    limits::Limits,
    message::{Element, Field, Level, Message, Segment, Terminator, Warning},
    owned::MessageBuf,
    path::TersePath,
};

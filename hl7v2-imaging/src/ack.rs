//! Acknowledgements (HL7 v2.5.1 Ch. 2 §2.9, §2.14.1 ACK, §2.15.5 ERR, §2.15.8 MSA): original
//! mode (AA/AE/AR) and enhanced mode (CA/CE/CR, chosen when MSH-15/16 are valued), with ERR
//! segments mapped from this crate's errors (ERR-2 location, ERR-3 table 0357, ERR-4 severity).

use crate::error::{Error, ErrorKind, Limit};
use crate::{Message, MessageBuf, escape};
use std::fmt::Write as _;

/// Acknowledgment code (MSA-1, HL7 table 0008).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AckCode {
    /// Original mode: Application Accept.
    AA,
    /// Original mode: Application Error.
    AE,
    /// Original mode: Application Reject.
    AR,
    /// Enhanced mode: Commit Accept.
    CA,
    /// Enhanced mode: Commit Error.
    CE,
    /// Enhanced mode: Commit Reject.
    CR,
}

impl AckCode {
    /// The code as written in MSA-1.
    pub fn as_str(self) -> &'static str {
        match self {
            AckCode::AA => "AA",
            AckCode::AE => "AE",
            AckCode::AR => "AR",
            AckCode::CA => "CA",
            AckCode::CE => "CE",
            AckCode::CR => "CR",
        }
    }

    /// The commit (enhanced mode) code with the same meaning.
    pub fn to_enhanced(self) -> Self {
        match self {
            AckCode::AA | AckCode::CA => AckCode::CA,
            AckCode::AE | AckCode::CE => AckCode::CE,
            AckCode::AR | AckCode::CR => AckCode::CR,
        }
    }
}

impl std::fmt::Display for AckCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for AckCode {
    type Err = Error;
    /// `AA`, `AE`, `AR`, `CA`, `CE` or `CR` (HL7 table 0008), case-sensitive.
    fn from_str(s: &str) -> Result<Self, Error> {
        Ok(match s {
            "AA" => AckCode::AA,
            "AE" => AckCode::AE,
            "AR" => AckCode::AR,
            "CA" => AckCode::CA,
            "CE" => AckCode::CE,
            "CR" => AckCode::CR,
            _ => {
                return Err(Error::new(
                    ErrorKind::InvalidValue("unknown acknowledgment code (HL7 table 0008)"),
                    crate::Location::default(),
                ));
            }
        })
    }
}

/// HL7 error code (ERR-3, HL7 table 0357): an open code set, unknown values kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ErrorCode(pub u16);

impl ErrorCode {
    /// 0: Message accepted.
    pub const ACCEPTED: ErrorCode = ErrorCode(0);
    /// 100: Segment sequence error.
    pub const SEGMENT_SEQUENCE: ErrorCode = ErrorCode(100);
    /// 101: Required field missing.
    pub const REQUIRED_FIELD_MISSING: ErrorCode = ErrorCode(101);
    /// 102: Data type error.
    pub const DATA_TYPE: ErrorCode = ErrorCode(102);
    /// 103: Table value not found.
    pub const TABLE_VALUE_NOT_FOUND: ErrorCode = ErrorCode(103);
    /// 200: Unsupported message type.
    pub const UNSUPPORTED_MESSAGE_TYPE: ErrorCode = ErrorCode(200);
    /// 201: Unsupported event code.
    pub const UNSUPPORTED_EVENT: ErrorCode = ErrorCode(201);
    /// 203: Unsupported version id.
    pub const UNSUPPORTED_VERSION: ErrorCode = ErrorCode(203);
    /// 207: Application internal error.
    pub const APPLICATION_INTERNAL: ErrorCode = ErrorCode(207);

    /// The table 0357 text of a known code.
    pub fn text(self) -> &'static str {
        match self.0 {
            0 => "Message accepted",
            100 => "Segment sequence error",
            101 => "Required field missing",
            102 => "Data type error",
            103 => "Table value not found",
            200 => "Unsupported message type",
            201 => "Unsupported event code",
            202 => "Unsupported processing id",
            203 => "Unsupported version id",
            204 => "Unknown key identifier",
            205 => "Duplicate key identifier",
            206 => "Application record locked",
            207 => "Application internal error",
            _ => "",
        }
    }
}

/// Error severity (ERR-4, HL7 table 0516).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Severity {
    /// `E`: error.
    Error,
    /// `W`: warning.
    Warning,
    /// `I`: information.
    Information,
}

impl Severity {
    /// The code.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "E",
            Severity::Warning => "W",
            Severity::Information => "I",
        }
    }
}

/// One ERR segment's content.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AckError {
    /// ERR-3.
    pub code: ErrorCode,
    /// ERR-4.
    pub severity: Severity,
    /// ERR-2 (ERL): segment id, segment occurrence, field (all optional).
    pub segment_id: Option<String>,
    /// ERL.2 segment sequence (occurrence of that segment id, 1-based).
    pub segment_sequence: Option<usize>,
    /// ERL.3 field position.
    pub field: Option<usize>,
    /// ERR-8 user message (and ERR-3.2 when the code is unknown).
    pub text: String,
}

impl AckError {
    /// An error with a code and text and no location.
    pub fn new(code: ErrorCode, severity: Severity, text: impl Into<String>) -> Self {
        AckError {
            code,
            severity,
            segment_id: None,
            segment_sequence: None,
            field: None,
            text: text.into(),
        }
    }

    /// Map one of our errors to ERR-2/3/4, counting the segment occurrence in `msg` (the one
    /// place where errors become table 0357 codes).
    pub fn from_error(err: &Error, msg: Option<&Message<'_>>) -> Self {
        let code = match err.kind() {
            ErrorKind::UnexpectedSegment { .. } | ErrorKind::MissingSegment { .. } => {
                ErrorCode::SEGMENT_SEQUENCE
            }
            ErrorKind::MissingField(_) => ErrorCode::REQUIRED_FIELD_MISSING,
            ErrorKind::WrongMessageType { .. } => ErrorCode::UNSUPPORTED_MESSAGE_TYPE,
            ErrorKind::LimitExceeded { limit, .. } => match limit {
                Limit::FieldBytes => ErrorCode::DATA_TYPE,
                _ => ErrorCode::APPLICATION_INTERNAL,
            },
            _ => ErrorCode::DATA_TYPE,
        };
        let loc = err.location();
        let mut segment_id = loc.segment_id.map(|s| s.as_str().to_owned());
        let mut segment_sequence = None;
        if let (Some(m), Some(index), Some(id)) = (msg, loc.segment, loc.segment_id) {
            segment_sequence = Some(
                m.segments()
                    .take(index)
                    .filter(|s| s.id() == id)
                    .count()
                    .max(1),
            );
        }
        if let ErrorKind::MissingSegment { expected, .. } = err.kind() {
            segment_id = Some((*expected).to_owned());
            segment_sequence = None;
        }
        AckError {
            code,
            severity: Severity::Error,
            segment_id,
            segment_sequence,
            field: loc.field,
            text: err.to_string(),
        }
    }
}

/// Builds the acknowledgement of a message.
///
/// ```
/// use hl7v2_imaging::{Message, ack::{Ack, AckCode}};
/// let msg = Message::parse(b"MSH|^~\\&|RIS|H|PACS|H|20240101||ORM^O01|C1|P|2.5.1\r")?;
/// let ack = Ack::new(&msg, AckCode::AA).control_id("A1").timestamp("20240101120000").build();
/// assert_eq!(
///     ack.to_bytes(),
///     b"MSH|^~\\&|PACS|H|RIS|H|20240101120000||ACK^O01^ACK|A1|P|2.5.1\rMSA|AA|C1\r"
/// );
/// # Ok::<(), hl7v2_imaging::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Ack<'m, 'a> {
    msg: &'m Message<'a>,
    code: AckCode,
    text: Option<String>,
    errors: Vec<AckError>,
    control_id: Option<String>,
    timestamp: Option<String>,
}

impl<'m, 'a> Ack<'m, 'a> {
    /// Acknowledge `msg` with `code`. When the message asks for enhanced mode (MSH-15 or MSH-16
    /// valued), an original-mode code becomes the commit code (AA→CA, AE→CE, AR→CR).
    pub fn new(msg: &'m Message<'a>, code: AckCode) -> Self {
        Ack {
            msg,
            code,
            text: None,
            errors: Vec::new(),
            control_id: None,
            timestamp: None,
        }
    }

    /// True when the message asks for enhanced-mode acknowledgements (MSH-15 or MSH-16 valued).
    pub fn is_enhanced(msg: &Message<'_>) -> bool {
        msg.header().is_some_and(|h| {
            h.field(15).is_some_and(|f| !f.is_empty()) || h.field(16).is_some_and(|f| !f.is_empty())
        })
    }

    /// MSA-3 text message.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }

    /// Add an ERR segment.
    pub fn error(mut self, e: AckError) -> Self {
        self.errors.push(e);
        self
    }

    /// Add ERR segments for our errors (parse, grammar), located in the message.
    pub fn errors_from<'e>(mut self, errs: impl IntoIterator<Item = &'e Error>) -> Self {
        for e in errs {
            self.errors.push(AckError::from_error(e, Some(self.msg)));
        }
        self
    }

    /// MSH-10 of the acknowledgement (default: `ACK` followed by the original MSH-10, cut to 20
    /// characters).
    pub fn control_id(mut self, id: impl Into<String>) -> Self {
        self.control_id = Some(id.into());
        self
    }

    /// MSH-7 of the acknowledgement (default: the current UTC time, `YYYYMMDDHHMMSS`).
    pub fn timestamp(mut self, ts: impl Into<String>) -> Self {
        self.timestamp = Some(ts.into());
        self
    }

    /// Build the acknowledgement message.
    pub fn build(self) -> MessageBuf {
        let m = self.msg;
        let d = m.delimiters();
        let h = m.header();
        let raw_field = |n: usize| -> String {
            h.and_then(|h| h.field(n))
                .map(|f| String::from_utf8_lossy(f.raw()).into_owned())
                .unwrap_or_default()
        };
        let enhanced = Self::is_enhanced(m);
        let code = if enhanced {
            self.code.to_enhanced()
        } else {
            self.code
        };
        let (_, trigger, _) = m.message_type();
        let version = m.version().into_owned();
        let old_err = matches!(version.as_str(), "2.1" | "2.2" | "2.3" | "2.3.1" | "2.4");
        let control_id = self.control_id.unwrap_or_else(|| {
            // MSH-10 is at most 20 characters (HL7 v2.5.1 Ch. 2 §2.15.9.10); cut on characters.
            format!("ACK{}", m.control_id()).chars().take(20).collect()
        });
        let ts = self.timestamp.unwrap_or_else(crate::dtm::now_utc);
        let f = char::from(d.field);
        let c = char::from(d.component);
        let esc = |s: &str| escape::encode(s, &d).into_owned();
        let mut msh = format!(
            "MSH{f}{}",
            String::from_utf8_lossy(&d.encoding_characters())
        );
        let msg_type = if trigger.is_empty() {
            "ACK".to_owned()
        } else {
            format!("ACK{c}{}{c}ACK", esc(&trigger))
        };
        let processing = raw_field(11);
        for v in [
            raw_field(5),
            raw_field(6),
            raw_field(3),
            raw_field(4),
            esc(&ts),
            String::new(),
            msg_type,
            esc(&control_id),
            if processing.is_empty() {
                "P".into()
            } else {
                processing
            },
            raw_field(12),
        ] {
            msh.push(f);
            msh.push_str(&v);
        }
        let charset = raw_field(18);
        if !charset.trim().is_empty() {
            for v in ["", "", "", "", "", &charset] {
                msh.push(f);
                msh.push_str(v);
            }
        }
        let mut b2 = MessageBuf::with_delimiters(d);
        b2.segments_vec_mut().clear();
        b2.push_segment_raw(msh.into_bytes());
        let mut msa = format!("MSA{f}{}{f}{}", code.as_str(), esc(&m.control_id()));
        if let Some(t) = &self.text {
            let _ = write!(msa, "{f}{}", esc(t));
        }
        b2.push_segment_raw(msa.into_bytes());
        let s = d.subcomponent.map(char::from).unwrap_or(c);
        for e in &self.errors {
            let seg = e.segment_id.as_deref().map(&esc).unwrap_or_default();
            let seq = e
                .segment_sequence
                .map(|n| n.to_string())
                .unwrap_or_default();
            let fld = e.field.map(|n| n.to_string()).unwrap_or_default();
            let text = esc(&e.text);
            let code_text = e.code.text();
            let err = if old_err {
                // ERR-1 (ELD, v2.3.1/v2.4): segment^sequence^field^code&text&HL70357.
                format!(
                    "ERR{f}{seg}{c}{seq}{c}{fld}{c}{}{s}{}{s}HL70357",
                    e.code.0, code_text
                )
            } else {
                let loc = if seg.is_empty() {
                    String::new()
                } else {
                    format!("{seg}{c}{seq}{c}{fld}")
                };
                format!(
                    "ERR{f}{f}{loc}{f}{}{c}{}{c}HL70357{f}{}{f}{f}{f}{f}{text}",
                    e.code.0,
                    code_text,
                    e.severity.as_str()
                )
            };
            b2.push_segment_raw(err.into_bytes());
        }
        b2
    }
}

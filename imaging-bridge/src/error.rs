//! The crate's error type: a mapping that cannot be done at all. Anything that can be mapped
//! partly is mapped, and what was left out is reported as a [`Warning`](crate::Warning).

/// What went wrong, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A configured limit was exceeded.
    #[error("limit exceeded: {limit} (maximum {max})")]
    LimitExceeded {
        /// The name of the limit.
        limit: &'static str,
        /// The configured maximum.
        max: usize,
    },
    /// The HL7 v2 input could not be parsed.
    #[error("HL7 v2: {0}")]
    Hl7(String),
    /// The message is not of a kind this mapping accepts (e.g. an ADT given to the order mapper).
    #[error("{location}: {message}")]
    WrongMessage {
        /// Where (an HL7 location such as `MSH-9`).
        location: String,
        /// What is wrong.
        message: String,
    },
    /// A value the mapping needs is missing and the options say not to invent one.
    #[error("{location}: {what} is missing")]
    Missing {
        /// Where it was looked for (`IPC[1]-3`, `ServiceRequest.identifier`, `(0020,000D)`).
        location: String,
        /// What is missing.
        what: &'static str,
    },
    /// A value is longer than its DICOM VR allows and [`LengthPolicy::Refuse`](crate::LengthPolicy) is set.
    #[error("{location}: value of {len} characters is longer than VR {vr} allows ({max})")]
    TooLong {
        /// Where the value came from.
        location: String,
        /// The DICOM VR.
        vr: &'static str,
        /// The value's length in characters.
        len: usize,
        /// The VR's maximum length (PS3.5 §6.2).
        max: usize,
    },
    /// The input is not valid for this mapping (bad DICOM JSON, bad FHIR JSON, bad value).
    #[error("{location}: {message}")]
    Invalid {
        /// Where (a JSON path, a DICOM tag path or an HL7 location).
        location: String,
        /// What is wrong.
        message: String,
    },
}

impl Error {
    pub(crate) fn invalid(location: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            location: location.into(),
            message: message.into(),
        }
    }
}

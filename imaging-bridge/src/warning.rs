//! Located warnings: what a mapping could not map, or mapped by a rule worth knowing.

use std::fmt;

/// Something a mapping left out, replaced or guessed, with where it came from.
///
/// `location` is an HL7 terse location (`OBR[1]-34`, `ORC[1]-7.4`, `MSH-18`), a DICOM tag path
/// (`(0040,0100)[0].(0040,0001)`) or a FHIR/JSON path (`ServiceRequest.code`), whichever side
/// the problem is on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Warning {
    /// Where the problem is.
    pub location: String,
    /// What happened.
    pub message: String,
}

impl Warning {
    /// A warning at `location`.
    pub fn new(location: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            location: location.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

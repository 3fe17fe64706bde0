//! Limits against hostile input.

/// Bounds the parser and the MLLP deframer enforce; going over one is
/// [`ErrorKind::LimitExceeded`](crate::ErrorKind::LimitExceeded), never a panic or unbounded
/// allocation. Defaults are generous for real traffic (a radiology report with an embedded PDF
/// runs to a few MB) and small enough to refuse memory exhaustion.
///
/// ```
/// let mut limits = hl7v2_imaging::Limits::default();
/// limits.max_segments(2);
/// assert!(hl7v2_imaging::Message::parse_with(b"MSH|^~\\&\rPID|1\r", &limits).is_ok());
/// let err = hl7v2_imaging::Message::parse_with(b"MSH|^~\\&\rPID|1\rPV1|1\r", &limits).unwrap_err();
/// assert!(matches!(err.kind(), hl7v2_imaging::ErrorKind::LimitExceeded { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Largest message (or file, or batch) accepted, in bytes. Default 64 MiB.
    pub max_message_bytes: usize,
    /// Most segments in one message. Default 100,000.
    pub max_segments: usize,
    /// Most fields in one segment. Default 1,000 (the largest standard segment has under 100).
    pub max_fields_per_segment: usize,
    /// Most repetitions of one field. Default 10,000.
    pub max_repetitions: usize,
    /// Longest field, in bytes. Default 16 MiB (OBX-5 may carry a Base64 document).
    pub max_field_bytes: usize,
    /// Most messages in one file or batch. Default 1,000,000.
    pub max_messages: usize,
    /// Largest MLLP frame payload, in bytes. Default 16 MiB.
    pub max_frame_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_message_bytes: 64 * 1024 * 1024,
            max_segments: 100_000,
            max_fields_per_segment: 1_000,
            max_repetitions: 10_000,
            max_field_bytes: 16 * 1024 * 1024,
            max_messages: 1_000_000,
            max_frame_bytes: 16 * 1024 * 1024,
        }
    }
}

macro_rules! setter {
    ($($name:ident),*) => {$(
        #[doc = concat!("Set [`Limits::", stringify!($name), "`].")]
        pub fn $name(&mut self, value: usize) -> &mut Self {
            self.$name = value;
            self
        }
    )*};
}

impl Limits {
    setter!(
        max_message_bytes,
        max_segments,
        max_fields_per_segment,
        max_repetitions,
        max_field_bytes,
        max_messages,
        max_frame_bytes
    );
}

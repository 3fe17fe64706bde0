//! Limits against hostile input.
//!
//! Every bound a decoder enforces is here, with a default that accepts any real-world imaging
//! document (a Bundle of thousands of ImagingStudy resources) and refuses pathological input
//! before it costs memory or stack. Going over one is [`ErrorKind::LimitExceeded`](crate::ErrorKind::LimitExceeded).

/// Bounds a decoder enforces.
///
/// ```
/// let mut limits = fhir_imaging::Limits::default();
/// limits.max_array_len = 100;
/// let mut dec = fhir_imaging::Decoder::new();
/// dec.limits(limits);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Largest input accepted, in bytes.
    pub max_input_bytes: usize,
    /// Deepest JSON nesting (objects and arrays) accepted.
    pub max_depth: usize,
    /// Most elements in one JSON array.
    pub max_array_len: usize,
    /// Longest string value (after unescaping), in bytes.
    pub max_string_bytes: usize,
    /// Deepest nesting of `extension` inside `extension`.
    pub max_extension_depth: usize,
    /// Deepest nesting of resources inside resources (`contained`, `Bundle.entry.resource`,
    /// `Bundle.entry.response.outcome`).
    pub max_resource_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_input_bytes: 256 * 1024 * 1024,
            max_depth: 64,
            max_array_len: 1_000_000,
            max_string_bytes: 64 * 1024 * 1024,
            max_extension_depth: 8,
            max_resource_depth: 8,
        }
    }
}

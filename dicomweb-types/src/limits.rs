//! Limits against hostile input.

/// Bounds the decoders enforce; going over one is an
/// [`ErrorKind::LimitExceeded`](crate::ErrorKind::LimitExceeded). No setting turns a limit off.
///
/// ```
/// let mut limits = dicomweb_types::Limits::default();
/// limits.set_max_parts(10).set_max_part_bytes(1 << 20);
/// assert_eq!(limits.max_parts, 10);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Largest header block of one multipart part, in bytes (default 16 KiB). The parser
    /// buffers at most this much per part when a header block straddles two inputs.
    pub max_part_header_bytes: usize,
    /// Most parts in one multipart body (default 1,000,000).
    pub max_parts: usize,
    /// Largest part body, in bytes (default 64 GiB: bodies are streamed, never buffered, so
    /// this bounds what a caller that collects a part must hold).
    pub max_part_bytes: u64,
    /// Longest request target (path and query), in bytes (default 64 KiB; 414 beyond).
    pub max_url_bytes: usize,
    /// Most query parameters in one request (default 512).
    pub max_query_params: usize,
    /// Most items in one list: frame numbers, UID lists, `includefield` values (default 100,000).
    pub max_list_items: usize,
    /// Longest media type, `Accept` or `Warning` header value, in bytes (default 16 KiB).
    pub max_header_value_bytes: usize,
    /// Most media ranges in one `Accept` value, and parameters in one media type (default 128).
    pub max_media_ranges: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_part_header_bytes: 16 * 1024,
            max_parts: 1_000_000,
            max_part_bytes: 64 << 30,
            max_url_bytes: 64 * 1024,
            max_query_params: 512,
            max_list_items: 100_000,
            max_header_value_bytes: 16 * 1024,
            max_media_ranges: 128,
        }
    }
}

impl Limits {
    /// Sets [`Limits::max_part_header_bytes`].
    pub fn set_max_part_header_bytes(&mut self, v: usize) -> &mut Self {
        self.max_part_header_bytes = v;
        self
    }
    /// Sets [`Limits::max_parts`].
    pub fn set_max_parts(&mut self, v: usize) -> &mut Self {
        self.max_parts = v;
        self
    }
    /// Sets [`Limits::max_part_bytes`].
    pub fn set_max_part_bytes(&mut self, v: u64) -> &mut Self {
        self.max_part_bytes = v;
        self
    }
    /// Sets [`Limits::max_url_bytes`].
    pub fn set_max_url_bytes(&mut self, v: usize) -> &mut Self {
        self.max_url_bytes = v;
        self
    }
    /// Sets [`Limits::max_query_params`].
    pub fn set_max_query_params(&mut self, v: usize) -> &mut Self {
        self.max_query_params = v;
        self
    }
    /// Sets [`Limits::max_list_items`].
    pub fn set_max_list_items(&mut self, v: usize) -> &mut Self {
        self.max_list_items = v;
        self
    }
    /// Sets [`Limits::max_header_value_bytes`].
    pub fn set_max_header_value_bytes(&mut self, v: usize) -> &mut Self {
        self.max_header_value_bytes = v;
        self
    }
    /// Sets [`Limits::max_media_ranges`].
    pub fn set_max_media_ranges(&mut self, v: usize) -> &mut Self {
        self.max_media_ranges = v;
        self
    }
}

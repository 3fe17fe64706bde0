//! Limits against hostile input (every decoder enforces them; no option turns them off).

use std::fmt;

/// Which limit was exceeded (see [`Limits`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Limit {
    /// [`Limits::max_input_bytes`].
    InputBytes,
    /// [`Limits::max_depth`].
    Depth,
    /// [`Limits::max_elements`].
    Elements,
    /// [`Limits::max_string_bytes`].
    StringBytes,
    /// [`Limits::max_binary_bytes`].
    BinaryBytes,
    /// [`Limits::max_data_set_bytes`].
    DataSetBytes,
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Limit::InputBytes => "input bytes",
            Limit::Depth => "sequence nesting depth",
            Limit::Elements => "elements per data set",
            Limit::StringBytes => "string value bytes",
            Limit::BinaryBytes => "decoded binary bytes",
            Limit::DataSetBytes => "bytes of one data set in a stream",
        })
    }
}

/// Bounds a decoder enforces; going over one is [`ErrorKind::LimitExceeded`](crate::ErrorKind::LimitExceeded).
///
/// The defaults fit the largest real DICOMweb responses seen (multi-frame metadata, large SR
/// trees) with a wide margin, while bounding memory and stack use. Memory use of a decoded data
/// set is bounded by a small constant factor of the input size.
///
/// ```
/// let mut limits = dicom_json_codec::Limits::default();
/// limits.max_depth(8).max_string_bytes(1 << 20);
/// assert_eq!(limits.depth(), 8);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    pub(crate) input_bytes: usize,
    pub(crate) depth: usize,
    pub(crate) elements: usize,
    pub(crate) string_bytes: usize,
    pub(crate) binary_bytes: usize,
    pub(crate) data_set_bytes: usize,
}

impl Default for Limits {
    /// Defaults: input 1 GiB, SQ nesting 64 levels, 100 000 elements per data set, 64 MiB per
    /// string value, 256 MiB of decoded InlineBinary per element, 256 MiB per data set of a
    /// streamed array.
    fn default() -> Self {
        Limits {
            input_bytes: 1 << 30,
            // One SQ level is three JSON levels (element object, Value array, item object);
            // 64 levels keep recursion well inside a 2 MiB thread stack.
            depth: 64,
            elements: 100_000,
            string_bytes: 64 << 20,
            binary_bytes: 256 << 20,
            data_set_bytes: 256 << 20,
        }
    }
}

impl Limits {
    /// Largest input accepted, in bytes (for a streamed array: the whole stream).
    pub fn max_input_bytes(&mut self, n: usize) -> &mut Self {
        self.input_bytes = n;
        self
    }
    /// Deepest sequence (SQ) nesting accepted; a top-level data set is depth 0.
    pub fn max_depth(&mut self, n: usize) -> &mut Self {
        self.depth = n;
        self
    }
    /// Most attributes in one data set (or sequence item).
    pub fn max_elements(&mut self, n: usize) -> &mut Self {
        self.elements = n;
        self
    }
    /// Longest string value, in bytes after unescaping (strings up to 64 bytes always pass, so
    /// keys and member names are never refused).
    pub fn max_string_bytes(&mut self, n: usize) -> &mut Self {
        self.string_bytes = n;
        self
    }
    /// Largest decoded `InlineBinary` value of one attribute, in bytes.
    pub fn max_binary_bytes(&mut self, n: usize) -> &mut Self {
        self.binary_bytes = n;
        self
    }
    /// Largest single data set of a streamed top-level array, in JSON bytes
    /// ([`ArrayReader`](crate::ArrayReader) buffers one data set at a time).
    pub fn max_data_set_bytes(&mut self, n: usize) -> &mut Self {
        self.data_set_bytes = n;
        self
    }
    /// The input size limit.
    pub fn input_bytes(&self) -> usize {
        self.input_bytes
    }
    /// The depth limit.
    pub fn depth(&self) -> usize {
        self.depth
    }
    /// The elements-per-data-set limit.
    pub fn elements(&self) -> usize {
        self.elements
    }
    /// The string length limit.
    pub fn string_bytes(&self) -> usize {
        self.string_bytes
    }
    /// The decoded binary size limit.
    pub fn binary_bytes(&self) -> usize {
        self.binary_bytes
    }
    /// The per-data-set limit of streamed arrays.
    pub fn data_set_bytes(&self) -> usize {
        self.data_set_bytes
    }
}

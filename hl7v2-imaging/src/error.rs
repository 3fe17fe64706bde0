//! The crate's error type.

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
}

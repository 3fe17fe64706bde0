//! Bounds on what one mapping call produces, against hostile input.
//!
//! The decoders underneath have their own limits (`hl7v2_imaging::Limits` on message size,
//! segments and fields; `dicom_json_codec::Limits` on DICOM JSON): these bound the bridge's own
//! output. Going over one returns [`Error::LimitExceeded`](crate::Error::LimitExceeded).

/// Bounds of one mapping call. `Default` gives the documented values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Worklist items (Scheduled Procedure Steps) from one order message. Default 1000: an
    /// IHE RAD-4 order is one requested procedure with a handful of steps.
    pub max_items: usize,
    /// DICOM data sets read for one study mapping (WADO-RS metadata objects or QIDO-RS
    /// results). Default 100 000 instances.
    pub max_data_sets: usize,
    /// ServiceRequests or orders (ORC groups) in one message or Bundle. Default 1000.
    pub max_orders: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_items: 1000,
            max_data_sets: 100_000,
            max_orders: 1000,
        }
    }
}

impl Limits {
    pub(crate) fn check(max: usize, n: usize, limit: &'static str) -> Result<(), crate::Error> {
        if n > max {
            Err(crate::Error::LimitExceeded { limit, max })
        } else {
            Ok(())
        }
    }
}

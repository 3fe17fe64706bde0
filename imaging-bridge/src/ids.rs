//! Deterministic identifiers: `urn:uuid:` fullUrls for Bundle entries and `2.25` UIDs for
//! generated Study Instance UIDs.
//!
//! Both are RFC 9562 §5.8 version-8 ("custom") UUIDs whose 122 free bits come from a 128-bit
//! FNV-1a hash of the inputs: the same order always gives the same ids (testable, idempotent
//! re-sends) without a cryptographic dependency. They are not secret and not meant to be.

const FNV_OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
const FNV_PRIME: u128 = 0x0000000001000000000000000000013B;

/// 128-bit FNV-1a over the parts, each followed by a 0xFF separator.
fn hash(parts: &[&str]) -> u128 {
    let mut h = FNV_OFFSET;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xFF)) {
            h ^= u128::from(b);
            h = h.wrapping_mul(FNV_PRIME);
        }
    }
    // Version 8 (bits 48-51) and RFC 9562 variant (bits 64-65).
    (h & !(0xF << 76) & !(0x3 << 62)) | (0x8 << 76) | (0x2 << 62)
}

/// A version-8 UUID in its text form, derived from `parts`.
pub(crate) fn uuid(parts: &[&str]) -> String {
    let h = hash(parts);
    let hex = format!("{h:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        hex.get(0..8).unwrap_or(""),
        hex.get(8..12).unwrap_or(""),
        hex.get(12..16).unwrap_or(""),
        hex.get(16..20).unwrap_or(""),
        hex.get(20..32).unwrap_or("")
    )
}

/// A `urn:uuid:` URI derived from `parts`.
pub(crate) fn urn_uuid(parts: &[&str]) -> String {
    format!("urn:uuid:{}", uuid(parts))
}

/// A UID under the `2.25` root (PS3.5 §B.2: the UUID as one decimal integer).
pub(crate) fn uid_2_25(parts: &[&str]) -> String {
    format!("2.25.{}", hash(parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_well_formed() {
        let a = uuid(&["MSG1", "Patient"]);
        assert_eq!(a, uuid(&["MSG1", "Patient"]));
        assert_ne!(a, uuid(&["MSG1", "ServiceRequest"]));
        assert_eq!(a.len(), 36);
        assert_eq!(a.get(14..15), Some("8"), "version 8: {a}");
        assert!(
            matches!(a.get(19..20), Some("8" | "9" | "a" | "b")),
            "variant: {a}"
        );
        let uid = uid_2_25(&["x"]);
        assert!(uid.starts_with("2.25.") && uid.len() <= 64, "{uid}");
    }
}

//! HL7 date/time values (DTM, HL7 v2.5.1 Ch. 2A §2A.3.22).

/// The current UTC time as an HL7 DTM to the second, `YYYYMMDDHHMMSS`, without an offset
/// (append `+0000` where the offset must be explicit). A clock before 1970 gives the epoch.
///
/// ```
/// let now = hl7v2_imaging::dtm::now_utc();
/// assert_eq!(now.len(), 14);
/// assert!(now.bytes().all(|b| b.is_ascii_digit()));
/// ```
pub fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    from_unix_seconds(secs)
}

/// A time given in seconds since 1970-01-01T00:00:00Z as an HL7 DTM to the second,
/// `YYYYMMDDHHMMSS` (UTC, proleptic Gregorian calendar).
///
/// ```
/// assert_eq!(hl7v2_imaging::dtm::from_unix_seconds(951_782_400), "20000229000000");
/// ```
pub fn from_unix_seconds(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    // Civil from days (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}{:02}{:02}{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::from_unix_seconds;

    #[test]
    fn known_instants() {
        // Expected values from Python's datetime.fromtimestamp(s, UTC).
        for (secs, dtm) in [
            (0, "19700101000000"),
            (951_782_400, "20000229000000"), // leap day of a year divisible by 400
            (1_700_000_000, "20231114221320"),
            (4_102_444_799, "20991231235959"),
        ] {
            assert_eq!(from_unix_seconds(secs), dtm, "{secs}");
        }
    }
}

//! Helpers shared by the integration tests: running the Python peers with the skip rules
//! (skip with `skipped: <reason>` unless `IMAGING_REQUIRE_PEERS=1`, then fail).
#![allow(dead_code, reason = "each test file uses a part")]

use std::path::{Path, PathBuf};
use std::process::Command;

/// True when peers must run (CI).
pub(crate) fn peers_required() -> bool {
    std::env::var("IMAGING_REQUIRE_PEERS").is_ok_and(|v| v == "1")
}

/// Skip (print why) or fail, per the rules.
pub(crate) fn skip(reason: &str) {
    assert!(!peers_required(), "peer required but unavailable: {reason}");
    println!("skipped: {reason}");
}

/// A fresh temporary directory for this test.
pub(crate) fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("imaging-bridge-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Run `tests/peers/<script>` with python3. `None` when the peer is missing (skipped);
/// otherwise stdout, after asserting success.
pub(crate) fn python(script: &str, args: &[&Path]) -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/peers")
        .join(script);
    let out = match Command::new("python3").arg(&path).args(args).output() {
        Ok(o) => o,
        Err(e) => {
            skip(&format!("python3 not runnable: {e}"));
            return None;
        }
    };
    if out.status.code() == Some(3) {
        skip(String::from_utf8_lossy(&out.stderr).trim());
        return None;
    }
    assert!(
        out.status.success(),
        "{script} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

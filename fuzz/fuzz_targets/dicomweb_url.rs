//! Request target (path + query) parsing on arbitrary text with each method: no panic; what
//! parses builds a target that parses back equal; every error maps to an HTTP status.
#![no_main]

use dicomweb_types::Request;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u8, &str)| {
    let (m, target) = input;
    let method = ["GET", "POST", "PUT", "DELETE"][usize::from(m % 4)];
    let _ = Request::strip_base(target);
    match Request::parse(method, target) {
        Ok(r) => {
            let built = r.to_target();
            let again = Request::parse(method, &built)
                .unwrap_or_else(|e| panic!("{target:?} -> {built:?}: {e}"));
            assert_eq!(again, r, "{target:?} -> {built:?}");
        }
        Err(e) => assert!((400..500).contains(&e.status())),
    }
});

//! Media type and Accept parsing on arbitrary text: no panic; what parses prints a canonical
//! form that parses back equal; negotiation never panics.
#![no_main]

use dicomweb_types::{Accept, MediaType, Payload};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(mt) = MediaType::parse(s) {
        let again = MediaType::parse(&mt.to_string()).expect("canonical form parses");
        assert_eq!(again, mt);
        let _ = mt.boundary();
        let _ = mt.transfer_syntax();
        let _ = mt.related_type();
    }
    if let Ok(a) = Accept::parse(s) {
        let again = Accept::parse(&a.to_string()).expect("canonical form parses");
        assert_eq!(again, a);
        for p in [
            Payload::Instances,
            Payload::Metadata,
            Payload::Bulkdata,
            Payload::Rendered,
            Payload::SearchResults,
        ] {
            let _ = a.negotiate(p, &["1.2.840.10008.1.2.4.50", "*"]);
        }
    }
});

//! Properties over generated orders: any text in the identifiers and names (HL7 delimiters,
//! escapes, non-ASCII included) survives v2 → MWL and v2 → FHIR → OMI^O23 → MWL alike, and no
//! input makes a mapping panic (HL7 v2.5.1 Ch. 2 §2.7 escapes; mapping note §3 invariant).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dicom_core::Tag;
use hl7v2_imaging::MessageBuf;
use imaging_bridge::{
    DataSet, FhirOptions, FhirVersion, MwlOptions, OmiOptions, fhir_to_mwl, order_bytes_to_fhir,
    order_bytes_to_mwl,
};
use proptest::prelude::*;

fn order(pid: &str, family: &str, given: &str, acc: &str, sps: &str) -> Vec<u8> {
    let mut m = MessageBuf::new();
    m.set("MSH-3", "RIS").unwrap();
    m.set("MSH-9.1", "ORM").unwrap();
    m.set("MSH-9.2", "O01").unwrap();
    m.set("MSH-10", "P1").unwrap();
    m.set("MSH-11", "P").unwrap();
    m.set("MSH-12", "2.3.1").unwrap();
    m.set("MSH-18", "UNICODE UTF-8").unwrap();
    m.set("PID-3.1", pid).unwrap();
    m.set("PID-3.4", "HOSP").unwrap();
    m.set("PID-5.1", family).unwrap();
    m.set("PID-5.2", given).unwrap();
    m.set("PID-8", "F").unwrap();
    m.set("ORC-1", "NW").unwrap();
    m.set("ORC-2", "PL1").unwrap();
    m.set("ORC-5", "SC").unwrap();
    m.set("ORC-7.4", "20240102080000").unwrap();
    m.set("OBR-1", "1").unwrap();
    m.set("OBR-4.1", "CT1").unwrap();
    m.set("OBR-4.2", "CT head").unwrap();
    m.set("OBR-4.3", "LN").unwrap();
    m.set("OBR-18", acc).unwrap();
    m.set("OBR-19", "RP1").unwrap();
    m.set("OBR-20", sps).unwrap();
    m.set("OBR-24", "CT").unwrap();
    m.set("ZDS-1.1", "1.2.3.4").unwrap();
    m.to_bytes()
}

fn get(ds: &DataSet, tag: Tag) -> String {
    ds.get(tag)
        .and_then(|e| e.to_str().ok())
        .map(|s| s.into_owned())
        .unwrap_or_default()
}

fn sps_id(ds: &DataSet) -> String {
    let item = ds
        .get(Tag(0x0040, 0x0100))
        .and_then(|e| e.items())
        .and_then(|i| i.first())
        .cloned();
    item.map(|i| get(&i, Tag(0x0040, 0x0009)))
        .unwrap_or_default()
}

/// Text with HL7 delimiters and escape characters, spaces inside, non-ASCII letters; no
/// leading/trailing spaces (DICOM trims those) and no `^`/`=` (PN component separators).
fn text() -> impl Strategy<Value = String> {
    "[A-Za-z0-9|~\\\\&äöü€ ]{0,8}[A-Za-z0-9|~\\\\&äöü€]".prop_map(|s| s.trim().to_owned())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn values_survive_both_paths(pid in text(), family in text(), given in text(), acc in text(), sps in text()) {
        let msg = order(&pid, &family, &given, &acc, &sps);
        let direct = order_bytes_to_mwl(&msg, &MwlOptions::default()).unwrap();
        let ds = &direct.items[0].data_set;
        prop_assert_eq!(get(ds, Tag(0x0010, 0x0020)), pid.clone());
        prop_assert_eq!(get(ds, Tag(0x0008, 0x0050)), acc.clone());
        prop_assert_eq!(sps_id(ds), sps.clone());
        for v in [FhirVersion::R4, FhirVersion::R5] {
            let mut fo = FhirOptions::default();
            fo.version = v;
            let bundle = order_bytes_to_fhir(&msg, &fo).unwrap().bundle;
            let mut oo = OmiOptions::default();
            oo.timestamp = Some("20240101".into());
            let via = fhir_to_mwl(&bundle, None, &oo, &MwlOptions::default()).unwrap();
            let vds = &via.items[0].data_set;
            for tag in [Tag(0x0010, 0x0020), Tag(0x0010, 0x0021), Tag(0x0010, 0x0010), Tag(0x0008, 0x0050), Tag(0x0020, 0x000D), Tag(0x0040, 0x2016)] {
                prop_assert_eq!(get(vds, tag), get(ds, tag), "{:?}", tag);
            }
            prop_assert_eq!(sps_id(vds), sps_id(ds));
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let mut input = b"MSH|^~\\&|A|B|C|D|||ORM^O01|1|P|2.3.1\r".to_vec();
        input.extend_from_slice(&bytes);
        let _ = order_bytes_to_mwl(&input, &MwlOptions::default());
        let _ = order_bytes_to_fhir(&input, &FhirOptions::default());
        let _ = imaging_bridge::report_bytes_to_fhir(&input, &FhirOptions::default());
    }
}

//! Input generators shared by the benchmarks (`benches/*.rs`). Not a library for users.
#![forbid(unsafe_code)]

/// A QIDO-RS study-level search response (PS3.18 §10.6.3) with `n` studies, as DICOM JSON bytes.
pub fn qido_study_list(n: usize) -> Vec<u8> {
    let mut out = String::from("[");
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!(
            concat!(
                r#"{{"00080005":{{"vr":"CS","Value":["ISO_IR 192"]}},"#,
                r#""00080020":{{"vr":"DA","Value":["2024{:02}{:02}"]}},"#,
                r#""00080030":{{"vr":"TM","Value":["1{:05}.123"]}},"#,
                r#""00080050":{{"vr":"SH","Value":["ACC{:08}"]}},"#,
                r#""00080056":{{"vr":"CS","Value":["ONLINE"]}},"#,
                r#""00080061":{{"vr":"CS","Value":["CT","SR"]}},"#,
                r#""00080090":{{"vr":"PN","Value":[{{"Alphabetic":"Referrer^Rita^M"}}]}},"#,
                r#""00081190":{{"vr":"UR","Value":["http://pacs.example/dicom-web/studies/1.2.826.0.1.3680043.8.498.{}"]}},"#,
                r#""00100010":{{"vr":"PN","Value":[{{"Alphabetic":"Doe^Jane{}","Ideographic":"山田^太郎"}}]}},"#,
                r#""00100020":{{"vr":"LO","Value":["PID{:06}"]}},"#,
                r#""00100030":{{"vr":"DA","Value":["19700101"]}},"#,
                r#""00100040":{{"vr":"CS","Value":["F"]}},"#,
                r#""0020000D":{{"vr":"UI","Value":["1.2.826.0.1.3680043.8.498.{}"]}},"#,
                r#""00200010":{{"vr":"SH","Value":["S{}"]}},"#,
                r#""00201206":{{"vr":"IS","Value":[3]}},"#,
                r#""00201208":{{"vr":"IS","Value":[{}]}}}}"#
            ),
            i % 12 + 1,
            i % 28 + 1,
            i % 100_000,
            i,
            i,
            i,
            i,
            i,
            i,
            i * 7 % 900 + 1,
        ));
    }
    out.push(']');
    out.into_bytes()
}

/// A WADO-RS study metadata response (PS3.18 §10.4.1.1) with `n` CT instances of 141 top-level
/// attributes each (the standard CT image attributes, a few sequences, a BulkDataURI for the
/// pixel data and 50 private attributes), as DICOM JSON bytes in the member order Orthanc
/// writes (`vr` last).
pub fn wado_ct_metadata(n: usize) -> Vec<u8> {
    let mut out = String::from("[");
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        out.push('{');
        let mut first = true;
        let mut attr = |tag: &str, vr: &str, body: String| {
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str(&format!(r#""{tag}":{{{body}"vr":"{vr}"}}"#));
        };
        let v = |json: String| format!(r#""Value":[{json}],"#);
        let s = |text: &str| v(format!(r#""{text}""#));
        let series = i / 100;
        attr("00080005", "CS", s("ISO_IR 100"));
        attr(
            "00080008",
            "CS",
            v(r#""ORIGINAL","PRIMARY","AXIAL""#.into()),
        );
        attr("00080012", "DA", s("20240315"));
        attr("00080013", "TM", s("101530.123456"));
        attr("00080016", "UI", s("1.2.840.10008.5.1.4.1.1.2"));
        attr(
            "00080018",
            "UI",
            s(&format!("1.2.826.0.1.3680043.8.498.7.{series}.{i}")),
        );
        attr("00080020", "DA", s("20240315"));
        attr("00080021", "DA", s("20240315"));
        attr("00080022", "DA", s("20240315"));
        attr("00080023", "DA", s("20240315"));
        attr("00080030", "TM", s("101000"));
        attr("00080031", "TM", s("101200"));
        attr("00080032", "TM", s("101210.5"));
        attr("00080033", "TM", s("101530"));
        attr("00080050", "SH", s("ACC0001234"));
        attr("00080060", "CS", s("CT"));
        attr("00080070", "LO", s("ACME Medical"));
        attr("00080080", "LO", s("General Hospital"));
        attr(
            "00080090",
            "PN",
            v(r#"{"Alphabetic":"Referrer^Rita"}"#.into()),
        );
        attr("00081010", "SH", s("CT01"));
        attr("00081030", "LO", s("CT CHEST W CONTRAST"));
        attr("0008103E", "LO", s(&format!("AXIAL 1.25mm {series}")));
        attr("00081090", "LO", s("Scanner 9000"));
        attr(
            "00081140",
            "SQ",
            v(format!(
                r#"{{"00081150":{{"Value":["1.2.840.10008.5.1.4.1.1.2"],"vr":"UI"}},"00081155":{{"Value":["1.2.826.0.1.3680043.8.498.7.{series}.{}"],"vr":"UI"}}}}"#,
                i + 1
            )),
        );
        attr(
            "00082112",
            "SQ",
            v(r#"{"00081150":{"Value":["1.2.840.10008.5.1.4.1.1.2"],"vr":"UI"},"00081155":{"Value":["1.2.3.4.5"],"vr":"UI"},"0040A170":{"Value":[{"00080100":{"Value":["121320"],"vr":"SH"},"00080102":{"Value":["DCM"],"vr":"SH"},"00080104":{"Value":["Uncompressed predecessor"],"vr":"LO"}}],"vr":"SQ"}}"#.into()),
        );
        // Private creator (0009,0010) and its block (0009,10xx).
        attr("00090010", "LO", s("ACME 1.1"));
        for k in 0..50u32 {
            let (vr, body) = match k % 5 {
                0 => ("LO", s(&format!("private value {k}"))),
                1 => ("DS", v(format!("{}.5", k))),
                2 => ("US", v(format!("{k}"))),
                3 => ("SH", s("GE_GENESIS")),
                _ => ("SL", v(format!("-{k}"))),
            };
            attr(&format!("0009{:04X}", 0x1000 + k), vr, body);
        }
        attr(
            "00100010",
            "PN",
            v(r#"{"Alphabetic":"Doe^Jane^^Dr","Ideographic":"山田^花子"}"#.into()),
        );
        attr("00100020", "LO", s("PID000123"));
        attr("00100030", "DA", s("19700101"));
        attr("00100040", "CS", s("F"));
        attr("00101010", "AS", s("054Y"));
        attr("00101020", "DS", v("1.68".into()));
        attr("00101030", "DS", v("72.5".into()));
        attr("00180015", "CS", s("CHEST"));
        attr("00180022", "CS", v(r#""HELICAL MODE""#.into()));
        attr("00180050", "DS", v("1.25".into()));
        attr("00180060", "DS", v("120".into()));
        attr("00180088", "DS", v("1.25".into()));
        attr("00180090", "DS", v("500".into()));
        attr("00181020", "LO", s("VERSION 1.2.3"));
        attr("00181030", "LO", s("CHEST_ROUTINE"));
        attr("00181100", "DS", v("360".into()));
        attr("00181110", "DS", v("949.075012".into()));
        attr("00181111", "DS", v("541".into()));
        attr("00181120", "DS", v("0".into()));
        attr("00181130", "DS", v("150".into()));
        attr("00181140", "CS", s("CW"));
        attr("00181150", "IS", v("570".into()));
        attr("00181151", "IS", v("300".into()));
        attr("00181152", "IS", v("171".into()));
        attr("00181160", "SH", s("BODY FILTER"));
        attr("00181170", "IS", v("34".into()));
        attr("00181190", "DS", v("0.7".into()));
        attr("00181210", "SH", s("STANDARD"));
        attr("00185100", "CS", s("FFS"));
        attr("00189305", "FD", v("0.5".into()));
        attr("00189306", "FD", v("0.625".into()));
        attr("00189307", "FD", v("40".into()));
        attr("00189309", "FD", v("39.375".into()));
        attr("00189310", "FD", v("78.75".into()));
        attr("00189311", "FD", v("0.984375".into()));
        attr("00189345", "FD", v("12.34".into()));
        attr("0020000D", "UI", s("1.2.826.0.1.3680043.8.498.1"));
        attr(
            "0020000E",
            "UI",
            s(&format!("1.2.826.0.1.3680043.8.498.2.{series}")),
        );
        attr("00200010", "SH", s("S1"));
        attr("00200011", "IS", v(format!("{series}")));
        attr("00200012", "IS", v("1".into()));
        attr("00200013", "IS", v(format!("{}", i % 100 + 1)));
        attr(
            "00200032",
            "DS",
            v(format!(r#"-250.0,-250.0,{}"#, -(i as f64) * 1.25)),
        );
        attr("00200037", "DS", v("1,0,0,0,1,0".into()));
        attr("00200052", "UI", s("1.2.826.0.1.3680043.8.498.3"));
        attr("00201040", "LO", s("IC"));
        attr("00201041", "DS", v(format!("{}", -(i as f64) * 1.25)));
        attr("00280002", "US", v("1".into()));
        attr("00280004", "CS", s("MONOCHROME2"));
        attr("00280010", "US", v("512".into()));
        attr("00280011", "US", v("512".into()));
        attr("00280030", "DS", v("0.976562,0.976562".into()));
        attr("00280100", "US", v("16".into()));
        attr("00280101", "US", v("12".into()));
        attr("00280102", "US", v("11".into()));
        attr("00280103", "US", v("1".into()));
        attr("00281050", "DS", v("40,400".into()));
        attr("00281051", "DS", v("400,1500".into()));
        attr("00281052", "DS", v("-1024".into()));
        attr("00281053", "DS", v("1".into()));
        attr("00281055", "LO", v(r#""WINDOW1","WINDOW2""#.into()));
        attr("00400244", "DA", s("20240315"));
        attr("00400245", "TM", s("101000"));
        attr("00400253", "SH", s("PPS0001"));
        attr(
            "7FE00010",
            "OW",
            format!(
                r#""BulkDataURI":"http://pacs.example/dicom-web/studies/1.2.826.0.1.3680043.8.498.1/series/1.2.826.0.1.3680043.8.498.2.{series}/instances/1.2.826.0.1.3680043.8.498.7.{series}.{i}/bulk/7fe00010","#
            ),
        );
        out.push('}');
    }
    out.push(']');
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    #[test]
    fn study_list_is_json() {
        let v: serde_json::Value = serde_json::from_slice(&super::qido_study_list(3)).unwrap();
        assert_eq!(v.as_array().map(Vec::len), Some(3));
    }

    #[test]
    fn metadata_is_json_with_141_attributes_per_instance() {
        let v: serde_json::Value = serde_json::from_slice(&super::wado_ct_metadata(3)).unwrap();
        let a = v.as_array().unwrap();
        assert_eq!(a.len(), 3);
        for ds in a {
            assert_eq!(ds.as_object().unwrap().len(), 141);
        }
    }
}

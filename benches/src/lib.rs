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

#[cfg(test)]
mod tests {
    #[test]
    fn study_list_is_json() {
        let v: serde_json::Value = serde_json::from_slice(&super::qido_study_list(3)).unwrap();
        assert_eq!(v.as_array().map(Vec::len), Some(3));
    }
}

//! DICOM study (WADO-RS metadata / QIDO-RS results) → FHIR ImagingStudy + Endpoint (R4, R5),
//! and ImagingStudy → QIDO-RS query. Mapping note §4; FHIR ImagingStudy DICOM mapping; FHIR
//! `ImagingStudy-example*.json` and `Endpoint-example-wadors.json`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use imaging_bridge::{FhirOptions, FhirVersion, qido_query_for, study_json_to_fhir};
use serde_json::{Value, json};
use std::path::Path;

const BASE: &str = "http://127.0.0.1:8042/dicom-web";

fn metadata(files: &[&str]) -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dicom");
    let sets: Vec<_> = files
        .iter()
        .map(|f| dicom_json_codec::read_file(&dir.join(f)).unwrap())
        .collect();
    let mut opts = dicom_json_codec::EncodeOptions::new();
    opts.skip_file_meta(true);
    opts.to_vec_array(&sets).unwrap()
}

fn opts(v: FhirVersion, offset: Option<&str>) -> FhirOptions {
    let mut o = FhirOptions::default();
    o.version = v;
    o.assume_offset = offset.map(str::to_owned);
    o
}

fn resources<'a>(b: &'a Value, ty: &str) -> Vec<&'a Value> {
    b["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == ty)
        .collect()
}

/// pydicom's CT_small.dcm (NEMA WG04 CT1, downsized) as WADO-RS metadata.
#[test]
fn ct_small_to_imaging_study_r4() {
    let out = study_json_to_fhir(
        &metadata(&["CT_small.dcm"]),
        BASE,
        &opts(FhirVersion::R4, Some("+00:00")),
    )
    .unwrap();
    let b = &out.bundle;
    let is = resources(b, "ImagingStudy")[0];
    assert_eq!(
        is["identifier"][0],
        json!({"system": "urn:dicom:uid", "value": "urn:oid:1.3.6.1.4.1.5962.1.2.1.20040119072730.12322"}),
        "(0020,000D)"
    );
    assert_eq!(is["status"], "available");
    assert_eq!(
        is["modality"],
        json!([{"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "CT"}]),
        "(0008,0060) of the series (R4 Coding)"
    );
    assert_eq!(
        is["started"], "2004-01-19T07:27:30-05:00",
        "(0008,0020)+(0008,0030)+(0008,0201) -0500"
    );
    assert_eq!(is["numberOfSeries"], 1);
    assert_eq!(is["numberOfInstances"], 1);
    let s = &is["series"][0];
    assert_eq!(
        s["uid"], "1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322",
        "(0020,000E)"
    );
    assert_eq!(s["modality"]["code"], "CT");
    assert_eq!(s["numberOfInstances"], 1);
    let i = &s["instance"][0];
    assert_eq!(
        i["sopClass"],
        json!({"system": "urn:ietf:rfc:3986", "code": "urn:oid:1.2.840.10008.5.1.4.1.1.2"}),
        "(0008,0016) CT Image Storage"
    );
    assert!(i["uid"].as_str().unwrap().len() > 10, "(0008,0018)");
    let p = resources(b, "Patient")[0];
    assert_eq!(p["identifier"][0]["value"], "1CT1", "(0010,0020)");
    assert_eq!(is["subject"]["reference"], b["entry"][0]["fullUrl"]);
    let ep = resources(b, "Endpoint")[0];
    assert_eq!(ep["address"], BASE);
    assert_eq!(ep["connectionType"]["code"], "dicom-wado-rs");
    assert_eq!(ep["payloadMimeType"], json!(["application/dicom"]));
    let ep_url = b["entry"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["resource"]["resourceType"] == "Endpoint")
        .unwrap()["fullUrl"]
        .clone();
    assert_eq!(is["endpoint"][0]["reference"], ep_url);
    assert!(out.validate().unwrap().is_empty(), "{:?}", out.validate());
}

/// R5 forms: modality CodeableConcept, Endpoint connectionType list and payload.
#[test]
fn r5_forms() {
    let out = study_json_to_fhir(
        &metadata(&["MR_small.dcm"]),
        BASE,
        &opts(FhirVersion::R5, None),
    )
    .unwrap();
    let is = resources(&out.bundle, "ImagingStudy")[0];
    assert_eq!(is["modality"][0]["coding"][0]["code"], "MR");
    assert_eq!(is["series"][0]["modality"]["coding"][0]["code"], "MR");
    assert_eq!(
        is["started"], "2004-08-26T18:50:59-04:00",
        "(0008,0201) -0400"
    );
    let ep = resources(&out.bundle, "Endpoint")[0];
    assert_eq!(
        ep["connectionType"][0]["coding"][0]["code"],
        "dicom-wado-rs"
    );
    assert_eq!(ep["payload"][0]["mimeType"], json!(["application/dicom"]));
    assert!(out.validate().unwrap().is_empty(), "{:?}", out.validate());
}

/// Two studies in one array: two ImagingStudies, one Endpoint.
#[test]
fn two_studies() {
    let out = study_json_to_fhir(
        &metadata(&["CT_small.dcm", "MR_small.dcm"]),
        BASE,
        &opts(FhirVersion::R4, None),
    )
    .unwrap();
    assert_eq!(resources(&out.bundle, "ImagingStudy").len(), 2);
    assert_eq!(resources(&out.bundle, "Endpoint").len(), 1);
    assert_eq!(resources(&out.bundle, "Patient").len(), 2);
}

/// QIDO-RS study-level results: counts from (0020,1206)/(0020,1208), no series; body part,
/// laterality and accession from a series-level object.
#[test]
fn qido_results_and_series_attributes() {
    let qido = br#"[
      {"0020000D":{"vr":"UI","Value":["1.2.3"]},"00080050":{"vr":"SH","Value":["ACC9"]},
       "00080061":{"vr":"CS","Value":["CT","SR"]},"00100020":{"vr":"LO","Value":["P9"]},
       "00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane"}]},"00100040":{"vr":"CS","Value":["F"]},
       "00100030":{"vr":"DA","Value":["19700101"]},"00080020":{"vr":"DA","Value":["20240102"]},
       "00080030":{"vr":"TM","Value":["0930"]},"00080201":{"vr":"SH","Value":["+0100"]},
       "00201206":{"vr":"IS","Value":[3]},"00201208":{"vr":"IS","Value":[42]},
       "00081030":{"vr":"LO","Value":["CT HEAD"]},
       "00080090":{"vr":"PN","Value":[{"Alphabetic":"Nell^Frederick^P^Dr"}]}}
    ]"#;
    let out = study_json_to_fhir(qido, BASE, &opts(FhirVersion::R4, None)).unwrap();
    let is = resources(&out.bundle, "ImagingStudy")[0];
    assert_eq!(is["numberOfSeries"], 3, "(0020,1206)");
    assert_eq!(is["numberOfInstances"], 42, "(0020,1208)");
    assert_eq!(
        is["started"], "2024-01-02T09:30:00+01:00",
        "(0008,0201) gives the zone"
    );
    let mut no_tz = String::from_utf8(qido.to_vec()).unwrap();
    no_tz = no_tz.replace(r#""00080201":{"vr":"SH","Value":["+0100"]},"#, "");
    let out2 = study_json_to_fhir(no_tz.as_bytes(), BASE, &opts(FhirVersion::R4, None)).unwrap();
    assert_eq!(
        resources(&out2.bundle, "ImagingStudy")[0]["started"],
        "2024-01-02",
        "no (0008,0201): date only"
    );
    assert!(
        out2.warnings
            .iter()
            .any(|w| w.message.contains("time dropped"))
    );
    assert_eq!(is["modality"].as_array().unwrap().len(), 2, "(0008,0061)");
    assert_eq!(is["description"], "CT HEAD");
    assert_eq!(is["referrer"]["display"], "Dr Frederick P Nell");
    assert_eq!(is["identifier"][1]["type"]["coding"][0]["code"], "ACSN");
    assert_eq!(is["identifier"][1]["value"], "ACC9");
    let p = resources(&out.bundle, "Patient")[0];
    assert_eq!(p["name"], json!([{"family": "Doe", "given": ["Jane"]}]));
    assert_eq!(p["birthDate"], "1970-01-01");
    assert_eq!(p["gender"], "female");
    assert!(out.validate().unwrap().is_empty(), "{:?}", out.validate());

    let out5 = study_json_to_fhir(qido, BASE, &opts(FhirVersion::R5, None)).unwrap();
    let is5 = resources(&out5.bundle, "ImagingStudy")[0];
    assert_eq!(
        is5["basedOn"][0]["identifier"]["value"], "ACC9",
        "R5 basedOn ACSN"
    );
    assert!(out5.validate().unwrap().is_empty(), "{:?}", out5.validate());

    let series =
        br#"[{"0020000D":{"vr":"UI","Value":["1.2.3"]},"0020000E":{"vr":"UI","Value":["1.2.3.1"]},
       "00080060":{"vr":"CS","Value":["CT"]},"00200011":{"vr":"IS","Value":[2]},
       "00180015":{"vr":"CS","Value":["HEAD"]},"00200060":{"vr":"CS","Value":["L"]},
       "00201209":{"vr":"IS","Value":[7]}}]"#;
    let out = study_json_to_fhir(series, BASE, &opts(FhirVersion::R4, None)).unwrap();
    let s = &resources(&out.bundle, "ImagingStudy")[0]["series"][0];
    assert_eq!(s["number"], 2);
    assert_eq!(s["numberOfInstances"], 7, "(0020,1209)");
    assert_eq!(
        s["bodySite"],
        json!({"system": "http://snomed.info/sct", "code": "69536005", "display": "Head"}),
        "CID 4031 HEAD"
    );
    assert_eq!(s["laterality"]["code"], "7771000", "L");
    let out5 = study_json_to_fhir(series, BASE, &opts(FhirVersion::R5, None)).unwrap();
    let s5 = &resources(&out5.bundle, "ImagingStudy")[0]["series"][0];
    assert_eq!(
        s5["bodySite"]["concept"]["coding"][0]["code"], "69536005",
        "R5 CodeableReference"
    );
    assert!(out5.validate().unwrap().is_empty(), "{:?}", out5.validate());
}

#[test]
fn bad_input_is_located() {
    assert!(study_json_to_fhir(b"[{]", BASE, &FhirOptions::default()).is_err());
    assert!(study_json_to_fhir(b"[]", BASE, &FhirOptions::default()).is_err());
    assert!(
        study_json_to_fhir(
            &metadata(&["MR_small.dcm"]),
            "ftp://x",
            &FhirOptions::default()
        )
        .is_err()
    );
}

/// ImagingStudy → QIDO-RS (PS3.18 §10.6): by Study Instance UID, at the Endpoint's address.
#[test]
fn qido_query() {
    let out = study_json_to_fhir(
        &metadata(&["CT_small.dcm"]),
        BASE,
        &opts(FhirVersion::R4, None),
    )
    .unwrap();
    let is = resources(&out.bundle, "ImagingStudy")[0];
    let q = qido_query_for(is, Some(&out.bundle), None).unwrap();
    assert_eq!(
        q.url(),
        format!(
            "{BASE}/studies?0020000D=1.3.6.1.4.1.5962.1.2.1.20040119072730.12322&includefield=00080050,00201206,00201208"
        )
    );
    let no_uid = json!({"resourceType": "ImagingStudy", "identifier": [
        {"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "ACSN"}]}, "value": "A 1"}]});
    let q = qido_query_for(&no_uid, None, Some("http://h/dw/")).unwrap();
    assert_eq!(
        q.url(),
        "http://h/dw/studies?00080050=A%201&includefield=00080050,00201206,00201208"
    );
    assert!(qido_query_for(&json!({}), None, Some("http://h")).is_err());
}

/// Every Bundle validates with Python's fhir.resources (R4B and R5).
#[test]
fn study_bundles_validate_with_fhir_resources() {
    let dir = common::temp_dir("study-fhir");
    for (vi, v) in [(FhirVersion::R4, "r4"), (FhirVersion::R5, "r5")] {
        let out = study_json_to_fhir(
            &metadata(&["CT_small.dcm", "MR_small.dcm"]),
            BASE,
            &opts(vi, Some("+00:00")),
        )
        .unwrap();
        let path = dir.join(format!("{v}.json"));
        std::fs::write(&path, out.to_json(false).unwrap()).unwrap();
        if common::python("fhir_validate.py", &[Path::new(v), &path]).is_none() {
            return;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// STOW-RS response (PS3.18 Table 10.5.3-1) → ImagingStudy update, without the stored
/// instances' metadata: the series comes from the Retrieve URL; failures are warnings.
#[test]
fn stow_response_updates_the_study() {
    let study = json!({"resourceType": "ImagingStudy", "status": "available",
        "identifier": [{"system": "urn:dicom:uid", "value": "urn:oid:1.2.3"}],
        "subject": {"reference": "urn:uuid:8a1b2c3d-0000-8000-8000-000000000000"}});
    let response = dicom_json_codec::from_str(
        r#"{"00081190":{"vr":"UR","Value":["http://h/dw/studies/1.2.3"]},
            "00081198":{"vr":"SQ","Value":[{"00081150":{"vr":"UI","Value":["1.2.840.10008.5.1.4.1.1.2"]},
              "00081155":{"vr":"UI","Value":["1.2.3.9.9"]},"00081197":{"vr":"US","Value":[272]}}]},
            "00081199":{"vr":"SQ","Value":[
              {"00081150":{"vr":"UI","Value":["1.2.840.10008.5.1.4.1.1.2"]},"00081155":{"vr":"UI","Value":["1.2.3.4.1"]},
               "00081190":{"vr":"UR","Value":["http://h/dw/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.1"]}},
              {"00081150":{"vr":"UI","Value":["1.2.840.10008.5.1.4.1.1.2"]},"00081155":{"vr":"UI","Value":["1.2.3.4.2"]},
               "00081190":{"vr":"UR","Value":["http://h/dw/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.2"]}}]}}"#,
    )
    .unwrap();
    let (updated, warnings) =
        imaging_bridge::stow_response_to_imaging_study(&study, &response, &[], FhirVersion::R4)
            .unwrap();
    assert_eq!(updated["numberOfSeries"], 1);
    assert_eq!(updated["numberOfInstances"], 2);
    assert_eq!(
        updated["series"][0]["uid"], "1.2.3.4",
        "from the Retrieve URL"
    );
    assert_eq!(
        updated["series"][0]["modality"]["code"], "OT",
        "unknown without metadata (warned)"
    );
    assert_eq!(
        updated["series"][0]["instance"][1]["sopClass"]["code"],
        "urn:oid:1.2.840.10008.5.1.4.1.1.2"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.location == "(0008,1198)[0]" && w.message.contains("272"))
    );
    // Applying the same response again adds nothing.
    let (again, _) =
        imaging_bridge::stow_response_to_imaging_study(&updated, &response, &[], FhirVersion::R4)
            .unwrap();
    assert_eq!(again["numberOfInstances"], 2);
    let patient = json!({"resourceType": "Patient"});
    assert!(
        imaging_bridge::stow_response_to_imaging_study(&patient, &response, &[], FhirVersion::R4)
            .is_err()
    );
}

/// `Limits::max_data_sets` bounds the objects read (limit and limit + 1).
#[test]
fn data_set_limit() {
    let meta = metadata(&["CT_small.dcm", "MR_small.dcm"]);
    let mut o = FhirOptions::default();
    o.limits.max_data_sets = 2;
    assert!(study_json_to_fhir(&meta, BASE, &o).is_ok());
    o.limits.max_data_sets = 1;
    assert!(matches!(
        study_json_to_fhir(&meta, BASE, &o),
        Err(imaging_bridge::Error::LimitExceeded {
            limit: "max_data_sets",
            max: 1
        })
    ));
}

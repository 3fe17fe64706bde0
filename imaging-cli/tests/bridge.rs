//! `imaging hl7 to-mwl`, `imaging hl7 to-fhir`, `imaging fhir from-dicom` as a script sees them
//! (shared/CLI.md): output on stdout, located warnings on stderr, exit 0; exit 1 with a located
//! line when the mapping cannot be done.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn imaging(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_imaging"))
        .args(args)
        .output()
        .expect("the imaging binary runs")
}

fn data(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name)
        .display()
        .to_string()
}

fn json(out: &Output) -> serde_json::Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn to_mwl_prints_dicom_json_and_located_warnings() {
    let out = imaging(&["hl7", "to-mwl", &data("ORM_O01.hl7")]);
    let v = json(&out);
    // OBR-18 accession, OBR-20 SPS ID (IHE RAD TF-2 Table B-1).
    assert_eq!(v[0]["00080050"]["Value"][0], "MOF5026");
    assert_eq!(
        v[0]["00400100"]["Value"][0]["00400009"]["Value"][0],
        "SPS2032"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning:") && err.contains("OBR[1]-34"),
        "{err}"
    );
    let pretty = imaging(&[
        "hl7",
        "to-mwl",
        "--pretty",
        &data("OMI_O23-ImagingOrder.hl7"),
    ]);
    assert!(String::from_utf8_lossy(&pretty.stdout).contains("\n  {"));
    assert_eq!(json(&pretty)[0]["00080050"]["Value"][0], "AccessionNumber");
}

#[test]
fn to_fhir_r4_and_r5() {
    let r4 = json(&imaging(&[
        "hl7",
        "to-fhir",
        "--fhir",
        "r4",
        &data("ORM_O01.hl7"),
    ]));
    assert_eq!(r4["resourceType"], "Bundle");
    assert_eq!(r4["type"], "transaction");
    let sr = r4["entry"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["resource"]["resourceType"] == "ServiceRequest")
        .unwrap();
    assert_eq!(sr["resource"]["code"]["coding"][0]["code"], "P1");
    let r5 = json(&imaging(&[
        "hl7",
        "to-fhir",
        "--fhir",
        "r5",
        &data("ORM_O01.hl7"),
    ]));
    let sr = r5["entry"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["resource"]["resourceType"] == "ServiceRequest")
        .unwrap();
    assert_eq!(sr["resource"]["code"]["concept"]["coding"][0]["code"], "P1");
}

#[test]
fn from_dicom_makes_imaging_study_and_endpoint() {
    let dir = std::env::temp_dir().join(format!("imaging-cli-bridge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let meta = dir.join("meta.json");
    let to_json = imaging(&["dicom", "to-json", &data("MR_small.dcm")]);
    if to_json.status.code() != Some(0) {
        // `dicom to-json` belongs to another issue; build the metadata with the library instead.
        let ds = dicom_json_codec::read_file(Path::new(&data("MR_small.dcm"))).unwrap();
        std::fs::write(&meta, dicom_json_codec::to_vec_array(&[ds]).unwrap()).unwrap();
    } else {
        std::fs::write(&meta, &to_json.stdout).unwrap();
    }
    let meta_s = meta.display().to_string();
    let v = json(&imaging(&[
        "fhir",
        "from-dicom",
        &meta_s,
        "--wado-base",
        "http://127.0.0.1:8042/dicom-web",
        "--fhir",
        "r4",
    ]));
    let kinds: Vec<&str> = v["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["resource"]["resourceType"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["Patient", "ImagingStudy", "Endpoint"]);
    let bad = imaging(&["fhir", "from-dicom", &meta_s, "--wado-base", "not-a-url"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("wado_base"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn mapping_errors_exit_1_with_a_location() {
    let dir = std::env::temp_dir().join(format!("imaging-cli-bridge-err-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let adt: PathBuf = dir.join("adt.hl7");
    std::fs::write(
        &adt,
        b"MSH|^~\\&|A|B|C|D|||ADT^A08|1|P|2.5.1\rEVN||20240101\rPID|||1||X\rPV1||O\r",
    )
    .unwrap();
    let out = imaging(&["hl7", "to-mwl", &adt.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("adt.hl7") && err.contains("MSH-9"), "{err}");
    let out = imaging(&["hl7", "to-fhir", "/nonexistent/order.hl7"]);
    assert_eq!(out.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn to_fhir_maps_a_report_to_a_diagnostic_report() {
    let dir = std::env::temp_dir().join(format!("imaging-cli-bridge-oru-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let oru = dir.join("oru.hl7");
    // A minimal IHE-style report: OBR-25 F, the study UID in OBX 113014^DICOM Study^DCM.
    std::fs::write(
        &oru,
        b"MSH|^~\\&|RPT|H|EHR|H|20240101||ORU^R01|R1|P|2.5.1\rPID|||P1^^^H||DOE^JANE\rOBR|1|PL1|FL1|18748-4^Diagnostic imaging study^LN||||||||||||||ACC1||||||F\rOBX|1|ST|113014^DICOM Study^DCM||1.2.3||||||F\rOBX|2|TX|18782-3^Findings^LN||No acute findings.||||||F\r",
    )
    .unwrap();
    let v = json(&imaging(&[
        "hl7",
        "to-fhir",
        "--fhir",
        "r4",
        &oru.display().to_string(),
    ]));
    let dr = v["entry"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["resource"]["resourceType"] == "DiagnosticReport")
        .unwrap();
    assert_eq!(dr["resource"]["status"], "final");
    assert_eq!(
        dr["resource"]["imagingStudy"][0]["identifier"]["value"],
        "urn:oid:1.2.3"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

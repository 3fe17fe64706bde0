//! Live round trip against a real DICOMweb server (Orthanc + DICOMweb plugin, URL from
//! `IMAGING_ORTHANC_URL`, loopback only): STOW-RS the bundled instances, read the study back
//! with WADO-RS metadata, map it to an ImagingStudy + Endpoint, and check that the QIDO-RS query
//! made from the ImagingStudy finds exactly that study with the same counts; then update an
//! ImagingStudy from the STOW-RS response. Skipped with a printed reason when no server is
//! configured, unless `IMAGING_REQUIRE_PEERS=1`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use dicomweb_types::multipart::{self, PartHeaders};
use imaging_bridge::{
    FhirOptions, FhirVersion, qido_query_for, stow_response_to_imaging_study, study_json_to_fhir,
};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

struct Reply {
    status: u16,
    body: Vec<u8>,
}

/// One HTTP/1.1 request on its own connection (`Connection: close`), loopback only.
fn request(base: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let rest = base.strip_prefix("http://").expect("an http:// URL");
    let (authority, prefix) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].trim_end_matches('/')),
        None => (rest, ""),
    };
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
    assert!(
        matches!(host, "127.0.0.1" | "localhost" | "[::1]"),
        "loopback only: {base}"
    );
    let mut s = TcpStream::connect(authority).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut head = format!(
        "{method} {prefix}{path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap();
    let mut body = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    Reply { status, body }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let eol = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&b[..eol])
                .split(';')
                .next()
                .unwrap()
                .trim(),
            16,
        )
        .unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 2 + size + 2..];
    }
}

fn server() -> Option<String> {
    match std::env::var("IMAGING_ORTHANC_URL") {
        Ok(u) if !u.is_empty() => Some(u.trim_end_matches('/').to_owned()),
        _ => {
            common::skip("IMAGING_ORTHANC_URL is not set (no live Orthanc)");
            None
        }
    }
}

#[test]
fn stow_wado_fhir_qido_round_trip() {
    let Some(orthanc) = server() else {
        return;
    };
    let dicom_web = format!("{orthanc}/dicom-web");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dicom");
    let files = ["CT_small.dcm", "MR_small.dcm"];
    let bytes: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap())
        .collect();
    let instances: Vec<_> = files
        .iter()
        .map(|f| dicom_json_codec::read_file(&dir.join(f)).unwrap())
        .collect();

    // STOW-RS with dicomweb-types' encoder.
    let h = PartHeaders::from_fields([("Content-Type", "application/dicom")]).unwrap();
    let (boundary, body) = multipart::encode(bytes.iter().map(|b| (&h, b.as_slice()))).unwrap();
    let ct = format!(
        "multipart/related; type=\"application/dicom\"; boundary={}",
        boundary.as_str()
    );
    let stow = request(
        &dicom_web,
        "POST",
        "/studies",
        &[("Content-Type", &ct), ("Accept", "application/dicom+json")],
        &body,
    );
    assert_eq!(stow.status, 200, "{}", String::from_utf8_lossy(&stow.body));
    let response = dicom_json_codec::from_slice(&stow.body).unwrap();

    let ct_uid = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322";
    // WADO-RS metadata from the server → ImagingStudy + Endpoint.
    let meta = request(
        &dicom_web,
        "GET",
        &format!("/studies/{ct_uid}/metadata"),
        &[("Accept", "application/dicom+json")],
        b"",
    );
    assert_eq!(meta.status, 200);
    for v in [FhirVersion::R4, FhirVersion::R5] {
        let mut o = FhirOptions::default();
        o.version = v;
        let out = study_json_to_fhir(&meta.body, &dicom_web, &o).unwrap();
        assert!(out.validate().unwrap().is_empty(), "{:?}", out.validate());
        let entries = out.bundle["entry"].as_array().unwrap();
        let study = entries
            .iter()
            .map(|e| &e["resource"])
            .find(|r| r["resourceType"] == "ImagingStudy")
            .unwrap();
        let ep = entries
            .iter()
            .map(|e| &e["resource"])
            .find(|r| r["resourceType"] == "Endpoint")
            .unwrap();
        assert_eq!(ep["address"], dicom_web.as_str());

        // The QIDO-RS query made from the ImagingStudy finds the same study, same counts.
        let q = qido_query_for(study, Some(&out.bundle), None).unwrap();
        assert_eq!(q.base, dicom_web);
        let path = format!("{}?{}", q.path, q.query.to_query_string());
        let found = request(
            &dicom_web,
            "GET",
            &path,
            &[("Accept", "application/dicom+json")],
            b"",
        );
        assert_eq!(
            found.status,
            200,
            "{}",
            String::from_utf8_lossy(&found.body)
        );
        let results: Vec<Value> = serde_json::from_slice(&found.body).unwrap();
        assert_eq!(results.len(), 1, "{path}: {results:?}");
        assert_eq!(results[0]["0020000D"]["Value"][0], ct_uid);
        let count = |tag: &str| {
            results[0][tag]["Value"][0]
                .as_u64()
                .or_else(|| results[0][tag]["Value"][0].as_str()?.parse().ok())
        };
        assert_eq!(
            count("00201206"),
            study["numberOfSeries"].as_u64(),
            "series count"
        );
        assert_eq!(
            count("00201208"),
            study["numberOfInstances"].as_u64(),
            "instance count"
        );
    }

    // STOW-RS response → ImagingStudy update: start from the study-level QIDO result (no
    // series), add what the server says it stored.
    let qido = request(
        &dicom_web,
        "GET",
        &format!("/studies?0020000D={ct_uid}"),
        &[("Accept", "application/dicom+json")],
        b"",
    );
    let out = study_json_to_fhir(&qido.body, &dicom_web, &FhirOptions::default()).unwrap();
    let study = out.bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .find(|r| r["resourceType"] == "ImagingStudy")
        .unwrap()
        .clone();
    let (updated, warnings) =
        stow_response_to_imaging_study(&study, &response, &instances, FhirVersion::R4).unwrap();
    assert_eq!(updated["numberOfSeries"], 1);
    assert_eq!(updated["numberOfInstances"], 1);
    assert_eq!(
        updated["series"][0]["instance"][0]["uid"],
        "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.message.contains("belongs to study")),
        "the MR instance is another study: {warnings:?}"
    );
}

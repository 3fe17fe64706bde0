//! Live check against a real DICOMweb server (Orthanc + its DICOMweb plugin, PS3.18): STOW-RS
//! a few corpus files, then decode Orthanc's WADO-RS study metadata and QIDO-RS study search
//! responses with no error, keep their BulkDataURIs, and re-encode them with the same
//! information (same attributes, VRs, values and BulkDataURIs as Orthanc's JSON).
//!
//! Needs IMAGING_ORTHANC_URL (a loopback URL, as .ci/run starts it); unset: prints `skipped:`
//! and passes, unless IMAGING_REQUIRE_PEERS=1. HTTP is a tiny std::net client (loopback only).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dicom_json_codec::{DecodeOptions, bulk_data_uris, same_content};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;

const FILES: &[&str] = &["CT_small.dcm", "MR_small.dcm", "test-SR.dcm", "rtplan.dcm"];

fn orthanc() -> Option<(String, u16)> {
    let Ok(url) = std::env::var("IMAGING_ORTHANC_URL") else {
        if std::env::var("IMAGING_REQUIRE_PEERS").is_ok_and(|v| v == "1") {
            panic!("IMAGING_ORTHANC_URL is not set and IMAGING_REQUIRE_PEERS=1");
        }
        println!("skipped: IMAGING_ORTHANC_URL is not set");
        return None;
    };
    let rest = url.strip_prefix("http://").expect("http:// URL");
    let hostport = rest.split('/').next().unwrap();
    let (host, port) = hostport.rsplit_once(':').expect("host:port");
    assert!(
        host == "127.0.0.1" || host == "localhost",
        "loopback only, got {host}"
    );
    Some(("127.0.0.1".into(), port.parse().unwrap()))
}

struct Response {
    status: u16,
    body: Vec<u8>,
}

fn request(
    server: &(String, u16),
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    let mut s = TcpStream::connect((server.0.as_str(), server.1)).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nContent-Length: {}\r\n",
        server.1,
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
        .expect("header end");
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let status: u16 = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let mut body = raw[split + 4..].to_vec();
    if head.contains("transfer-encoding: chunked") {
        body = dechunk(&body);
    }
    Response { status, body }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let size_text = String::from_utf8_lossy(&b[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap();
        b = &b[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[..size]);
        b = &b[size + 2..];
    }
}

fn stow(server: &(String, u16)) -> Vec<String> {
    let boundary = "djc-boundary-7f3a9c";
    let mut body = Vec::new();
    let mut studies = Vec::new();
    for f in FILES {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/pydicom")
            .join(f);
        let ds = dicom_json_codec::read_file(&path).unwrap();
        let study = ds
            .get(dicom_core::Tag(0x0020, 0x000D))
            .unwrap()
            .to_str()
            .unwrap()
            .trim_end_matches('\0')
            .to_owned();
        if !studies.contains(&study) {
            studies.push(study);
        }
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Type: application/dicom\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(&std::fs::read(&path).unwrap());
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let ct = format!("multipart/related; type=\"application/dicom\"; boundary={boundary}");
    let r = request(
        server,
        "POST",
        "/dicom-web/studies",
        &[("Content-Type", &ct), ("Accept", "application/dicom+json")],
        &body,
    );
    assert_eq!(
        r.status,
        200,
        "STOW-RS: {}",
        String::from_utf8_lossy(&r.body)
    );
    // The STOW-RS response is DICOM JSON too.
    let resp = dicom_json_codec::from_slice(&r.body).unwrap_or_else(|e| {
        panic!(
            "STOW-RS response: {e}\n{}",
            String::from_utf8_lossy(&r.body)
        )
    });
    assert!(
        resp.get(dicom_core::Tag(0x0008, 0x1199)).is_some(),
        "ReferencedSOPSequence"
    );
    studies
}

/// Our re-encoding carries the same information as Orthanc's JSON: same attributes, VRs and
/// values, same BulkDataURIs.
fn same_information(ours: &Value, theirs: &Value, path: &str) {
    match (ours, theirs) {
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{path}");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                same_information(x, y, &format!("{path}[{i}]"));
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            // Member order is not information (and serde_json's map order depends on whether
            // some crate in the build enables its `preserve_order` feature): compare the sets.
            let mut ka: Vec<&String> = a.keys().collect();
            let mut kb: Vec<&String> = b.keys().collect();
            ka.sort();
            kb.sort();
            assert_eq!(ka, kb, "{path}");
            for (k, v) in a {
                same_information(v, &b[k], &format!("{path}.{k}"));
            }
        }
        // FL/FD are binary floats: Orthanc writes `0`, we write `0.0` (the same double).
        // IS/DS keep Orthanc's exact text, so they compare equal as text too.
        // (serde_json's default float parsing may be off by one ulp, hence the tolerance.)
        (Value::Number(x), Value::Number(y)) => {
            let (a, b) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            // FL: Orthanc writes the float32 widened to double, we the shortest float32 text.
            let same_f32 = a as f32 == b as f32;
            assert!(
                x == y || (a - b).abs() <= a.abs() * 4.0 * f64::EPSILON || same_f32,
                "{path}: {x} vs {y}"
            )
        }
        (x, y) => assert_eq!(x, y, "{path}"),
    }
}

fn check_response(name: &str, body: &[u8]) -> usize {
    let decoded = DecodeOptions::new()
        .decode_array(body)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(decoded.repairs.is_empty());
    let ours = dicom_json_codec::to_vec_array(&decoded.value).unwrap();
    // The same information as Orthanc's JSON.
    let theirs: Value = serde_json::from_slice(body).unwrap();
    let ours_v: Value = serde_json::from_slice(&ours).unwrap();
    same_information(&ours_v, &theirs, name);
    // And our JSON decodes to the same data sets.
    let again = dicom_json_codec::from_slice_array(&ours).unwrap();
    assert!(
        decoded
            .value
            .iter()
            .zip(&again)
            .all(|(a, b)| same_content(a, b))
    );
    decoded
        .value
        .iter()
        .map(|ds| bulk_data_uris(ds).len())
        .sum()
}

#[test]
fn orthanc_metadata_and_qido_round_trip() {
    let Some(server) = orthanc() else {
        return;
    };
    let studies = stow(&server);
    let mut bulk = 0;
    for study in &studies {
        let r = request(
            &server,
            "GET",
            &format!("/dicom-web/studies/{study}/metadata"),
            &[("Accept", "application/dicom+json")],
            b"",
        );
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        bulk += check_response(&format!("metadata of {study}"), &r.body);
        // Streaming decode of the same response gives the same data sets.
        let streamed: Vec<_> =
            dicom_json_codec::ArrayReader::new(&r.body[..], DecodeOptions::new())
                .map(|d| d.unwrap().value)
                .collect();
        let whole = dicom_json_codec::from_slice_array(&r.body).unwrap();
        assert_eq!(streamed.len(), whole.len());
        assert!(streamed.iter().zip(&whole).all(|(a, b)| same_content(a, b)));
    }
    // Orthanc writes every binary value (pixel data at least) as a BulkDataURI; all kept.
    assert!(bulk >= FILES.len(), "BulkDataURIs kept: {bulk}");
    let r = request(
        &server,
        "GET",
        "/dicom-web/studies",
        &[("Accept", "application/dicom+json")],
        b"",
    );
    assert_eq!(r.status, 200);
    check_response("QIDO-RS /studies", &r.body);
    let found = dicom_json_codec::from_slice_array(&r.body).unwrap();
    assert!(found.len() >= studies.len());
    println!(
        "orthanc: {} studies stored, metadata and QIDO decoded and re-encoded, {bulk} BulkDataURIs kept",
        studies.len()
    );
}

//! Live check against a real DICOMweb server (Orthanc + its DICOMweb plugin), URL from
//! `IMAGING_ORTHANC_URL`: STOW-RS with our encoder, QIDO-RS with our query builder, WADO-RS
//! retrieve of instances, metadata, frames and bulk data with `Accept` values from our
//! media-type code, every multipart response split with our parser and compared byte for byte
//! with what was stored. Skipped (with a printed reason) when no server is configured or
//! reachable, unless `IMAGING_REQUIRE_PEERS=1`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use bytes::Bytes;
use dicomweb_types::multipart::{self, Boundary, Encoder, PartHeaders};
use dicomweb_types::qido::QidoQuery;
use dicomweb_types::{Accept, Limits, MediaType, Request, Resource, Target, TransferSyntax, Uid};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

const FILES: &[&str] = &[
    "CT_small.dcm",
    "MR_small.dcm",
    "JPGExtended.dcm",
    "synth_US_multiframe.dcm",
];

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

/// A minimal HTTP/1.1 client for loopback servers: one request per connection.
fn http(
    base: &str,
    method: &str,
    target: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> Response {
    let authority = base.strip_prefix("http://").expect("http:// URL");
    let authority = authority.split('/').next().unwrap();
    let host = authority.split(':').next().unwrap();
    assert!(
        host == "127.0.0.1" || host == "localhost" || host == "[::1]",
        "only loopback servers are used: {base}"
    );
    let base_path = base
        .strip_prefix("http://")
        .unwrap()
        .strip_prefix(authority)
        .unwrap()
        .trim_end_matches('/');
    let mut s = TcpStream::connect(authority).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut req = format!(
        "{method} {base_path}{target} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (n, v) in headers {
        req.push_str(&format!("{n}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response head");
    let head = String::from_utf8(raw[..end].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let le = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let size_line = std::str::from_utf8(&rest[..le]).unwrap();
            let size =
                usize::from_str_radix(size_line.split(';').next().unwrap().trim(), 16).unwrap();
            rest = &rest[le + 2..];
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[..size]);
            rest = &rest[size + 2..];
        }
        body = out;
    } else if let Some(len) = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
    {
        body.truncate(len.1.parse().unwrap());
    }
    Response {
        status,
        headers,
        body,
    }
}

fn server() -> Option<String> {
    let require = std::env::var("IMAGING_REQUIRE_PEERS").is_ok_and(|v| v == "1");
    let skip = |why: String| {
        assert!(!require, "IMAGING_REQUIRE_PEERS=1 but {why}");
        println!("skipped: {why}");
        None
    };
    let Ok(url) = std::env::var("IMAGING_ORTHANC_URL") else {
        return skip("IMAGING_ORTHANC_URL is not set".into());
    };
    let authority = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap_or("")
        .to_owned();
    if TcpStream::connect(&authority).is_err() {
        return skip(format!("no server at {url}"));
    }
    Some(format!("{}/dicom-web", url.trim_end_matches('/')))
}

fn data(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The first string value of `tag` in a DICOM JSON object.
fn string(obj: &Value, tag: &str) -> Option<String> {
    obj.get(tag)?
        .get("Value")?
        .get(0)?
        .as_str()
        .map(str::to_owned)
}

/// The value of (7FE0,0010) in an Explicit VR Little Endian file with native pixel data.
fn explicit_le_pixel_data(file: &[u8]) -> &[u8] {
    let at = file
        .windows(6)
        .rposition(|w| {
            w == [0xE0, 0x7F, 0x10, 0x00, b'O', b'W'] || w == [0xE0, 0x7F, 0x10, 0x00, b'O', b'B']
        })
        .expect("a PixelData element");
    let len = u32::from_le_bytes(file[at + 8..at + 12].try_into().unwrap()) as usize;
    &file[at + 12..at + 12 + len]
}

/// Byte equality without printing megabytes on failure.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a == b
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Splits a multipart response with our parser, driven by its Content-Type.
fn split(resp: &Response) -> (MediaType, Vec<multipart::Part>) {
    let ct = MediaType::parse(resp.header("content-type").expect("a Content-Type")).unwrap();
    assert!(ct.is_multipart_related(), "{ct}");
    let boundary = ct.boundary().unwrap();
    let body = Bytes::from(resp.body.clone());
    let parts = multipart::collect(&body, &boundary, &Limits::default())
        .unwrap_or_else(|e| panic!("our parser on {ct}: {e}"));
    // The same answer one byte at a time.
    let mut p = multipart::Parser::new(&boundary);
    let mut n = 0;
    for b in body.chunks(1) {
        p.feed(b, |ev| {
            if matches!(ev, multipart::Event::PartEnd) {
                n += 1;
            }
        })
        .unwrap();
    }
    p.finish().unwrap();
    assert_eq!(n, parts.len());
    (ct, parts)
}

#[test]
fn orthanc_stow_qido_wado_round_trip() {
    let Some(base) = server() else { return };
    let files: Vec<(&str, Vec<u8>)> = FILES.iter().map(|f| (*f, data(f))).collect();

    // STOW-RS (PS3.18 §10.5) with our encoder.
    let part_headers =
        PartHeaders::from_fields([("Content-Type", MediaType::APPLICATION_DICOM)]).unwrap();
    let mut enc = Encoder::new(Vec::new(), Boundary::random());
    for (_, bytes) in &files {
        enc.write_part(&part_headers, bytes).unwrap();
    }
    let content_type = enc.content_type(MediaType::APPLICATION_DICOM);
    let body = enc.finish().unwrap();
    let store = Request::new(Resource::Store { study: None });
    let accept_json =
        Accept::new(MediaType::parse(MediaType::APPLICATION_DICOM_JSON).unwrap()).to_string();
    let resp = http(
        &base,
        "POST",
        &store.to_target(),
        &[
            ("Content-Type", content_type.clone()),
            ("Accept", accept_json.clone()),
        ],
        &body,
    );
    assert_eq!(resp.status, 200, "{}", String::from_utf8_lossy(&resp.body));
    let stow = resp.json();
    let referenced = stow["00081199"]["Value"]
        .as_array()
        .expect("ReferencedSOPSequence")
        .clone();
    assert_eq!(referenced.len(), files.len());
    let failed = stow
        .get("00081198")
        .and_then(|f| f.get("Value"))
        .and_then(Value::as_array);
    assert!(
        failed.is_none_or(Vec::is_empty),
        "no failed instance: {stow}"
    );
    #[cfg(feature = "json")]
    {
        // The typed model over dicom-json-codec agrees.
        let typed = dicomweb_types::stow::StowResponse::from_json(&resp.body).unwrap();
        assert_eq!(typed.stored.len(), files.len());
        assert_eq!(typed.status(), 200);
    }

    // Each referenced instance is one of our files; remember its UIDs.
    let mut instances = Vec::new();
    for item in &referenced {
        let sop = string(item, "00081155").expect("ReferencedSOPInstanceUID");
        let url = string(item, "00081190").expect("RetrieveURL");
        let (name, bytes) = files
            .iter()
            .find(|(_, b)| contains(b, sop.as_bytes()))
            .unwrap_or_else(|| panic!("{sop} is in none of the files"));
        let req = Request::parse("GET", Request::strip_base(&url)).unwrap();
        let Resource::Retrieve(target) = req.resource else {
            panic!("RetrieveURL {url} is not an instance")
        };
        assert_eq!(
            target.instance.as_ref().map(Uid::as_str),
            Some(sop.as_str())
        );
        instances.push((*name, bytes.clone(), target));
    }

    // QIDO-RS (PS3.18 §10.6) with our query builder.
    for (name, _, target) in &instances {
        let mut q = QidoQuery::default();
        q.add("StudyInstanceUID", target.study.as_str()).unwrap();
        q.include("StudyDescription").unwrap();
        q.limit = Some(5);
        let mut req = Request::new(Resource::Search(dicomweb_types::SearchScope::Studies));
        req.search = Some(q);
        let resp = http(
            &base,
            "GET",
            &req.to_target(),
            &[("Accept", accept_json.clone())],
            b"",
        );
        assert_eq!(resp.status, 200, "{name}");
        let found = resp.json();
        let found = found.as_array().unwrap();
        assert_eq!(found.len(), 1, "{name}: {found:?}");
        assert_eq!(
            string(&found[0], "0020000D").as_deref(),
            Some(target.study.as_str())
        );
    }
    // A search with no result: the standard says 204, Orthanc answers 200 [] (shared/PEERS.md).
    let mut q = QidoQuery::default();
    q.add("PatientID", "NO-SUCH-PATIENT-*").unwrap();
    let mut req = Request::new(Resource::Search(dicomweb_types::SearchScope::Studies));
    req.search = Some(q);
    let resp = http(
        &base,
        "GET",
        &req.to_target(),
        &[("Accept", accept_json.clone())],
        b"",
    );
    assert!(
        dicomweb_types::qido::is_empty_result(resp.status, &resp.body),
        "{}",
        resp.status
    );

    // WADO-RS instances (PS3.18 §10.4): stored bytes come back unchanged.
    let any_ts = MediaType::new("multipart", "related")
        .with_param("type", MediaType::APPLICATION_DICOM)
        .with_param("transfer-syntax", "*");
    for (name, bytes, target) in &instances {
        let req = Request::new(Resource::Retrieve(target.clone()));
        let resp = http(
            &base,
            "GET",
            &req.to_target(),
            &[("Accept", Accept::new(any_ts.clone()).to_string())],
            b"",
        );
        assert_eq!(
            resp.status,
            200,
            "{name}: {}",
            String::from_utf8_lossy(&resp.body)
        );
        let (ct, parts) = split(&resp);
        assert_eq!(ct.related_type().unwrap().essence(), "application/dicom");
        assert_eq!(parts.len(), 1, "{name}");
        assert_eq!(
            parts[0].headers.content_type().as_deref(),
            Some("application/dicom")
        );
        assert!(
            same(&parts[0].body, bytes),
            "{name}: retrieved bytes equal the stored file ({} vs {})",
            parts[0].body.len(),
            bytes.len()
        );
        // Study level: one study per file here.
        let req = Request::new(Resource::Retrieve(Target::study(target.study.clone())));
        let resp = http(
            &base,
            "GET",
            &req.to_target(),
            &[("Accept", Accept::new(any_ts.clone()).to_string())],
            b"",
        );
        let (_, parts) = split(&resp);
        assert_eq!(parts.len(), 1, "{name} study");
        assert!(same(&parts[0].body, bytes), "{name} study");
    }

    // Metadata, bulk data and frames of the native CT instance.
    let (_, ct_bytes, ct_target) = instances
        .iter()
        .find(|(n, ..)| *n == "CT_small.dcm")
        .unwrap();
    let req = Request::new(Resource::Metadata(ct_target.clone()));
    let resp = http(
        &base,
        "GET",
        &req.to_target(),
        &[("Accept", accept_json.clone())],
        b"",
    );
    assert_eq!(resp.status, 200);
    let meta = resp.json();
    let meta = &meta.as_array().unwrap()[0];
    assert_eq!(
        string(meta, "00080018").as_deref(),
        ct_target.instance.as_ref().map(Uid::as_str)
    );
    let rows = meta["00280010"]["Value"][0].as_u64().unwrap() as usize;
    let cols = meta["00280011"]["Value"][0].as_u64().unwrap() as usize;
    let bits = meta["00280100"]["Value"][0].as_u64().unwrap() as usize;
    let pixel_data = explicit_le_pixel_data(ct_bytes);
    assert_eq!(pixel_data.len(), rows * cols * bits / 8);

    let octets = MediaType::new("multipart", "related")
        .with_param("type", MediaType::APPLICATION_OCTET_STREAM);
    let accept_octets = Accept::new(octets.clone()).to_string();
    let bulk_uri = meta["7FE00010"]["BulkDataURI"]
        .as_str()
        .expect("PixelData as BulkDataURI");
    let bulk_target = bulk_uri
        .split_once("/dicom-web")
        .map(|(_, t)| t.to_owned())
        .unwrap_or_else(|| bulk_uri.to_owned());
    let resp = http(
        &base,
        "GET",
        &bulk_target,
        &[("Accept", accept_octets.clone())],
        b"",
    );
    assert_eq!(
        resp.status,
        200,
        "{bulk_uri}: {}",
        String::from_utf8_lossy(&resp.body)
    );
    let (_, parts) = split(&resp);
    assert_eq!(parts.len(), 1);
    assert!(
        same(&parts[0].body, pixel_data),
        "bulk data equals the stored pixel data ({} bytes)",
        parts[0].body.len()
    );

    // Every other BulkDataURI of the metadata splits too, and its bytes are in the file.
    let mut others = 0;
    for (tag, v) in meta.as_object().unwrap() {
        if tag == "7FE00010" {
            continue;
        }
        if let Some(uri) = v.get("BulkDataURI").and_then(Value::as_str) {
            let t = uri
                .split_once("/dicom-web")
                .map(|(_, t)| t.to_owned())
                .unwrap();
            let resp = http(&base, "GET", &t, &[("Accept", accept_octets.clone())], b"");
            assert_eq!(resp.status, 200, "{uri}");
            let (_, parts) = split(&resp);
            assert_eq!(parts.len(), 1, "{uri}");
            assert!(
                parts[0].body.is_empty() || contains(ct_bytes, &parts[0].body),
                "{uri}: bytes from the file"
            );
            others += 1;
        }
    }
    assert!(
        others > 0,
        "CT_small has other binary elements served as bulk data"
    );

    // Frames (PS3.18 §10.4.1.1.6): Orthanc puts transfer-syntax inside the quoted type.
    let frames = Request::parse(
        "GET",
        &Resource::Frames {
            target: ct_target.clone(),
            frames: vec![1],
        }
        .path(),
    )
    .unwrap();
    let resp = http(
        &base,
        "GET",
        &frames.to_target(),
        &[("Accept", accept_octets.clone())],
        b"",
    );
    assert_eq!(resp.status, 200);
    let (ct, parts) = split(&resp);
    assert_eq!(
        ct.related_type().unwrap().essence(),
        "application/octet-stream"
    );
    assert_eq!(
        ct.transfer_syntax().as_deref(),
        Some(TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN.uid),
        "{ct}"
    );
    assert_eq!(parts.len(), 1);
    assert!(
        parts[0]
            .headers
            .content_location()
            .is_some_and(|l| l.ends_with("/frames/1"))
    );
    assert!(
        same(&parts[0].body, pixel_data),
        "frame 1 equals the stored pixel data ({} bytes)",
        parts[0].body.len()
    );
    // Rendered (PS3.18 §10.4.1.1.3): our negotiation picks PNG from the client's Accept, and
    // the server answers with it.
    let rendered = Request::new(Resource::Rendered(ct_target.clone()));
    let client_accept = Accept::parse("image/png, image/jpeg;q=0.5").unwrap();
    let want = client_accept
        .negotiate(rendered.resource.payload().unwrap(), &[])
        .unwrap();
    assert_eq!(want.essence(), "image/png");
    let resp = http(
        &base,
        "GET",
        &rendered.to_target(),
        &[("Accept", Accept::new(want.clone()).to_string())],
        b"",
    );
    assert_eq!(resp.status, 200);
    assert!(resp.body.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    let got = MediaType::parse(resp.header("content-type").unwrap()).unwrap();
    assert_eq!(got.essence(), want.essence());

    // Several frames of a multi-frame instance, in the order asked (PS3.18 §10.4.1.1.6).
    let (_, us_bytes, us_target) = instances
        .iter()
        .find(|(n, ..)| *n == "synth_US_multiframe.dcm")
        .unwrap();
    let us_pixels = explicit_le_pixel_data(us_bytes);
    let frame_len = us_pixels.len() / 4;
    let frames = Request::new(Resource::Frames {
        target: us_target.clone(),
        frames: vec![3, 1, 4],
    });
    assert!(frames.to_target().ends_with("/frames/3,1,4"));
    let resp = http(
        &base,
        "GET",
        &frames.to_target(),
        &[("Accept", accept_octets.clone())],
        b"",
    );
    assert_eq!(resp.status, 200);
    let (_, parts) = split(&resp);
    assert_eq!(parts.len(), 3);
    for (part, n) in parts.iter().zip([3usize, 1, 4]) {
        let want = &us_pixels[(n - 1) * frame_len..n * frame_len];
        assert!(same(&part.body, want), "frame {n}");
        assert!(
            part.headers
                .content_location()
                .is_some_and(|l| l.ends_with(&format!("/frames/{n}")))
        );
    }

    // A frame past the end is refused.
    let past = Resource::Frames {
        target: ct_target.clone(),
        frames: vec![2],
    };
    let resp = http(
        &base,
        "GET",
        &past.path(),
        &[("Accept", accept_octets)],
        b"",
    );
    assert!(resp.status >= 400, "frame 2 of a 1-frame instance");

    // STOW-RS into another study: 409 with the failure listed (PS3.18 §10.5.3).
    let (_, mr_bytes, _) = instances
        .iter()
        .find(|(n, ..)| *n == "MR_small.dcm")
        .unwrap();
    let mut enc = Encoder::new(Vec::new(), Boundary::random());
    enc.write_part(&part_headers, mr_bytes).unwrap();
    let ct409 = enc.content_type(MediaType::APPLICATION_DICOM);
    let body = enc.finish().unwrap();
    let other = Request::new(Resource::Store {
        study: Some(Uid::new("1.2.3.4.5.6.7.8.9").unwrap()),
    });
    let resp = http(
        &base,
        "POST",
        &other.to_target(),
        &[("Content-Type", ct409), ("Accept", accept_json.clone())],
        &body,
    );
    assert_eq!(resp.status, 409, "{}", String::from_utf8_lossy(&resp.body));
    let failed = resp.json()["00081198"]["Value"][0].clone();
    assert_eq!(
        failed["00081197"]["Value"][0].as_u64(),
        Some(0x0110),
        "FailureReason: Processing failure"
    );
    #[cfg(feature = "json")]
    {
        use dicomweb_types::stow::{FailureReason, StowResponse};
        let typed = StowResponse::from_json(&resp.body).unwrap();
        assert_eq!(typed.failed[0].reason, FailureReason::PROCESSING_FAILURE);
        assert_eq!(
            typed.status(),
            409,
            "our status semantics give Orthanc's answer"
        );
    }
}

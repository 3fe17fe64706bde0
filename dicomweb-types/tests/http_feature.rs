//! The `http` feature: conversions to and from the `http` crate.
#![cfg(feature = "http")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dicomweb_types::{Accept, Limits, MediaType, Payload, Request, Resource, Target, Uid};

#[test]
fn http_round_trip() {
    let req = http::Request::builder()
        .method("GET")
        .uri("/dicom-web/studies/1.2.3/series/4.5/instances/6.7/frames/2")
        .header(
            "Accept",
            "multipart/related; type=\"application/octet-stream\"",
        )
        .header("Accept", "image/jpeg;q=0.5")
        .body(())
        .unwrap();
    let r = Request::from_http(&req, "/dicom-web/").unwrap();
    assert_eq!(r.resource.name(), "frames");
    let accept = Accept::from_headers(req.headers(), &Limits::default()).unwrap();
    assert_eq!(accept.ranges().len(), 2);
    let chosen = accept.negotiate(Payload::Bulkdata, &[]).unwrap();
    let hv = http::HeaderValue::try_from(&chosen).unwrap();
    assert_eq!(MediaType::from_header(&hv).unwrap(), chosen);
    // Outside the base path: 404.
    let other = http::Request::get("/other/studies").body(()).unwrap();
    assert_eq!(
        Request::from_http(&other, "/dicom-web")
            .unwrap_err()
            .status(),
        404
    );
    // Building.
    let r = Request::new(Resource::Metadata(Target::study(
        Uid::new("1.2.3").unwrap(),
    )));
    let built = r
        .to_http("http://pacs:8042/dicom-web/")
        .unwrap()
        .body(())
        .unwrap();
    assert_eq!(built.method(), http::Method::GET);
    assert_eq!(
        built.uri(),
        "http://pacs:8042/dicom-web/studies/1.2.3/metadata"
    );
}

//! Media types and Accept (RFC 9110 §8.3.1, §12.5.1; PS3.18 §8.7), including the field's
//! malformed forms, and response negotiation.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::type_complexity
)]

use dicomweb_types::{Accept, ErrorKind, MediaType, Payload, TransferSyntax};

/// (input, essence, related type, transfer syntax, boundary): each parses, displays in the
/// canonical form, and that parses back equal.
#[test]
fn media_types_parse_and_round_trip() {
    let cases: &[(&str, &str, Option<&str>, Option<&str>, Option<&str>)] = &[
        ("application/dicom", "application/dicom", None, None, None),
        (
            "application/dicom+json",
            "application/dicom+json",
            None,
            None,
            None,
        ),
        (
            "Application/DICOM+XML; charset=utf-8",
            "application/dicom+xml",
            None,
            None,
            None,
        ),
        (
            "application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1",
            "application/octet-stream",
            None,
            Some("1.2.840.10008.1.2.1"),
            None,
        ),
        (
            "image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.50",
            "image/jpeg",
            None,
            Some("1.2.840.10008.1.2.4.50"),
            None,
        ),
        ("video/mp4", "video/mp4", None, None, None),
        // PS3.18 §8.6.1.2 example form: quoted type and boundary.
        (
            r#"multipart/related; type="application/dicom"; boundary="DICOMwebBoundary""#,
            "multipart/related",
            Some("application/dicom"),
            None,
            Some("DICOMwebBoundary"),
        ),
        // Unquoted type (not a token: '/'), as many clients send it.
        (
            "multipart/related; type=application/dicom; boundary=abc",
            "multipart/related",
            Some("application/dicom"),
            None,
            Some("abc"),
        ),
        // Spaces around '=' and ';', empty parameters, trailing ';'.
        (
            "multipart/related ;type = \"application/dicom+xml\" ;; boundary= x1 ;",
            "multipart/related",
            Some("application/dicom+xml"),
            None,
            Some("x1"),
        ),
        // Orthanc: the transfer-syntax parameter inside the quoted type.
        (
            r#"multipart/related; type="application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1"; boundary=8f2c"#,
            "multipart/related",
            Some("application/octet-stream"),
            Some("1.2.840.10008.1.2.1"),
            Some("8f2c"),
        ),
        // PS3.18 §8.7.3.5.2: transfer-syntax as a parameter of multipart/related.
        (
            r#"multipart/related; type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.4.90"#,
            "multipart/related",
            Some("application/dicom"),
            Some("1.2.840.10008.1.2.4.90"),
            None,
        ),
        (
            r#"multipart/related; type="image/jpeg"; transfer-syntax=*"#,
            "multipart/related",
            Some("image/jpeg"),
            Some("*"),
            None,
        ),
        (
            "multipart/related; boundary=\"a\\\"b\"",
            "multipart/related",
            None,
            None,
            Some("a\"b"),
        ),
    ];
    for (input, essence, related, ts, boundary) in cases {
        let mt = MediaType::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(mt.essence(), *essence, "{input}");
        assert_eq!(
            mt.related_type().map(|t| t.essence()).as_deref(),
            *related,
            "{input}"
        );
        assert_eq!(mt.transfer_syntax().as_deref(), *ts, "{input}");
        assert_eq!(
            mt.boundary().ok().map(|b| b.as_str().to_owned()).as_deref(),
            *boundary,
            "{input}"
        );
        let again = MediaType::parse(&mt.to_string()).unwrap();
        assert_eq!(again, mt, "{input} -> {mt}");
    }
    assert_eq!(
        MediaType::parse("application/dicom+json").unwrap().suffix(),
        Some("json")
    );
    assert_eq!(
        MediaType::parse("multipart/related; type=application/dicom")
            .unwrap()
            .to_string(),
        "multipart/related; type=\"application/dicom\""
    );
}

/// (input, error, position): malformed forms.
#[test]
fn malformed_media_types_are_located() {
    let cases: &[(&str, &str, usize)] = &[
        ("", "missing type", 0),
        ("application", "missing '/' after the type", 11),
        ("application/", "missing subtype", 12),
        ("*/json", "'*/subtype' is not a media range", 6),
        ("application/dicom; =x", "missing parameter name", 19),
        (
            "application/dicom; type",
            "missing '=' after the parameter name",
            23,
        ),
        ("application/dicom; type=", "empty parameter value", 24),
        (
            "multipart/related; type=\"application/dicom",
            "unterminated quoted string",
            42,
        ),
        ("application/dicom x", "expected ';'", 18),
        ("application/dicom, image/png", "expected ';'", 17),
    ];
    for (input, what, pos) in cases {
        let e = MediaType::parse(input).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::InvalidMediaType(what), "{input}");
        assert_eq!(
            e.position(),
            &dicomweb_types::Position::Char(*pos),
            "{input}"
        );
        assert_eq!(e.status(), 400);
    }
    assert!(
        MediaType::parse("multipart/related")
            .unwrap()
            .boundary()
            .is_err()
    );
}

#[test]
fn accept_parses_weights() {
    let a = Accept::parse(
        r#"multipart/related; type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.4.50, multipart/related; type="application/dicom";q=0.5, */*;q=0.001, , application/dicom+json;q=1.000"#,
    )
    .unwrap();
    let q: Vec<u16> = a.ranges().iter().map(|r| r.q).collect();
    assert_eq!(q, [1000, 500, 1, 1000]);
    assert_eq!(Accept::parse(&a.to_string()).unwrap(), a);
    for bad in [
        "image/png;q=2",
        "image/png;q=0.1234",
        "image/png;q=",
        "image/png;q=1.5",
        "image/png;q=x",
        "image",
        "image/png;q=\"1\"",
    ] {
        let r = Accept::parse(bad);
        if bad.ends_with("\"1\"") {
            // A quoted weight is tolerated by the quoting rules and read as 1.
            assert_eq!(r.unwrap().ranges()[0].q, 1000);
        } else {
            assert!(r.is_err(), "{bad}");
        }
    }
    assert!(Accept::parse("").unwrap().is_empty());
    // Fuzz regression (dicomweb_media_type): a repeated q; parameters after the first q are
    // accept extensions and are dropped, so the canonical form round-trips.
    let a = Accept::parse("lJ/``;q=1;q=1").unwrap();
    assert_eq!(a.ranges()[0].q, 1000);
    assert_eq!(a.to_string(), "lj/``");
    assert_eq!(Accept::parse(&a.to_string()).unwrap(), a);
    let a = Accept::parse("image/png;q=0.5;level=1").unwrap();
    assert_eq!(a.ranges()[0].media_type.params().count(), 0);
    let many = vec!["a/b"; 200].join(",");
    assert!(matches!(
        Accept::parse(&many).unwrap_err().kind(),
        ErrorKind::LimitExceeded(_)
    ));
}

/// PS3.18 §8.7.5 and §8.7.8: the server's choice, 406 when nothing fits.
#[test]
fn negotiation_per_payload() {
    let cases: &[(&str, Payload, &[&str], Result<&str, u16>)] = &[
        ("", Payload::Metadata, &[], Ok("application/dicom+json")),
        (
            "*/*",
            Payload::Instances,
            &[],
            Ok(
                "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1",
            ),
        ),
        (
            r#"multipart/related; type="application/dicom""#,
            Payload::Instances,
            &["1.2.840.10008.1.2.4.50"],
            Ok(
                "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1",
            ),
        ),
        (
            r#"multipart/related; type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.4.50"#,
            Payload::Instances,
            &["1.2.840.10008.1.2.4.50"],
            Ok(
                "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.50",
            ),
        ),
        (
            r#"multipart/related; type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.4.50"#,
            Payload::Instances,
            &[],
            Err(406),
        ),
        (
            r#"multipart/related; type="application/dicom"; transfer-syntax=*"#,
            Payload::Instances,
            &[],
            Ok("multipart/related; type=\"application/dicom\"; transfer-syntax=*"),
        ),
        (
            "application/dicom+xml;q=0.9, application/dicom+json",
            Payload::Metadata,
            &[],
            Ok("application/dicom+json"),
        ),
        (
            "application/dicom+json;q=0.2, multipart/related; type=\"application/dicom+xml\"",
            Payload::Metadata,
            &[],
            Ok("multipart/related; type=\"application/dicom+xml\""),
        ),
        ("image/png", Payload::Metadata, &[], Err(406)),
        (
            "image/png, image/*;q=0.5",
            Payload::Rendered,
            &[],
            Ok("image/png"),
        ),
        ("image/*", Payload::Rendered, &[], Ok("image/jpeg")),
        (
            "*/*, image/jpeg;q=0",
            Payload::Rendered,
            &[],
            Ok("image/png"),
        ),
        (
            "application/dicom+json;q=0",
            Payload::SearchResults,
            &[],
            Err(406),
        ),
        (
            "application/json",
            Payload::SearchResults,
            &[],
            Ok("application/json"),
        ),
        (
            r#"multipart/related; type="application/octet-stream""#,
            Payload::Bulkdata,
            &[],
            Ok(
                "multipart/related; type=\"application/octet-stream\"; transfer-syntax=1.2.840.10008.1.2.1",
            ),
        ),
        (
            r#"multipart/related; type="image/jpeg""#,
            Payload::Bulkdata,
            &["1.2.840.10008.1.2.4.50"],
            Ok("multipart/related; type=\"image/jpeg\"; transfer-syntax=1.2.840.10008.1.2.4.50"),
        ),
        (
            r#"multipart/related; type="image/jpeg""#,
            Payload::Bulkdata,
            &[],
            Err(406),
        ),
    ];
    for (accept, payload, ts, want) in cases {
        let a = Accept::parse(accept).unwrap();
        let got = a
            .negotiate(*payload, ts)
            .map(|m| m.to_string())
            .map_err(|e| e.status());
        assert_eq!(got, want.map(str::to_owned), "{accept} for {payload:?}");
    }
}

#[test]
fn transfer_syntaxes_have_names() {
    for ts in TransferSyntax::ALL {
        assert!(dicomweb_types::Uid::is_valid(ts.uid), "{}", ts.uid);
        assert_eq!(TransferSyntax::lookup(ts.uid), Some(ts));
        assert!(MediaType::parse(ts.pixel_media_type).is_ok());
    }
    assert!(TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN.is_native());
    assert!(!TransferSyntax::JPEG_BASELINE.is_native());
    assert_eq!(
        TransferSyntax::lookup("1.2.840.10008.1.2.5").unwrap().name,
        "RLE Lossless"
    );
    assert!(TransferSyntax::lookup("1.2.3").is_none());
}

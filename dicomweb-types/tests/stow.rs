//! STOW-RS response semantics (PS3.18 §10.5.3) and request media type checks (§10.5.2).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dicomweb_types::stow::{FailureReason, StowResponse, WarningReason, check_request_type};

const CT: &str = "1.2.840.10008.5.1.4.1.1.2";

#[test]
fn status_codes() {
    let mut ok = StowResponse::default();
    ok.add_stored(CT, "1.2.3.1", None).unwrap();
    assert_eq!(ok.status(), 200);
    let mut warned = ok.clone();
    warned
        .add_stored(
            CT,
            "1.2.3.2",
            Some(WarningReason::COERCION_OF_DATA_ELEMENTS),
        )
        .unwrap();
    assert_eq!(warned.status(), 202);
    let mut partial = ok.clone();
    partial
        .add_failed(Some(CT), Some("1.2.3.3"), FailureReason::OUT_OF_RESOURCES)
        .unwrap();
    assert_eq!(partial.status(), 202);
    let mut conflict = StowResponse::default();
    conflict
        .add_failed(Some(CT), Some("1.2.3.4"), FailureReason::PROCESSING_FAILURE)
        .unwrap();
    assert_eq!(conflict.status(), 409);
    let mut bad = StowResponse::default();
    bad.add_failed(None, None, FailureReason::CANNOT_UNDERSTAND)
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert_eq!(StowResponse::default().status(), 400);
    assert_eq!(
        FailureReason(0x0110).to_string(),
        "0110H (Processing failure)"
    );
    assert_eq!(FailureReason(0x1234).meaning(), None);
    assert!(
        StowResponse::default()
            .add_stored(CT, "1.02", None)
            .is_err()
    );
}

#[test]
fn request_media_type_or_415() {
    for ok in [
        r#"multipart/related; type="application/dicom"; boundary=x"#,
        r#"multipart/related; type=application/dicom+json; boundary="a b""#,
    ] {
        assert!(check_request_type(ok).is_ok(), "{ok}");
    }
    for bad in [
        "application/dicom",
        r#"multipart/related; type="image/jpeg"; boundary=x"#,
        "multipart/related; boundary=x",
        "not a type",
    ] {
        assert_eq!(check_request_type(bad).unwrap_err().status(), 415, "{bad}");
    }
    assert_eq!(
        check_request_type(r#"multipart/related; type="application/dicom""#)
            .unwrap_err()
            .status(),
        400
    );
}

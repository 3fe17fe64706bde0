//! `imaging dicomweb describe` (shared/CLI.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use std::process::Command;

fn describe(args: &[&str]) -> (Option<i32>, Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_imaging"))
        .args(["dicomweb", "describe"])
        .args(args)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        out.status.code(),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn describes_retrieve_search_and_ups_requests() {
    let (code, j, err) = describe(&[
        "https://pacs.example/dicom-web/studies/1.2/series/3.4/instances/5.6/frames/3,1",
        "--accept",
        "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*;q=0.9",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(j["service"], "WADO-RS");
    assert_eq!(j["resource"], "frames");
    assert_eq!(j["frames"], serde_json::json!([3, 1]));
    assert_eq!(j["instance"], "5.6");
    assert_eq!(j["accept"][0]["related_type"], "application/octet-stream");
    assert_eq!(j["accept"][0]["transfer_syntax"], "*");
    assert_eq!(j["accept"][0]["q"], 0.9);

    let (code, j, err) = describe(&[
        "/series?Modality=CT&StudyDate=20200101-&includefield=00081030&fuzzymatching=true&limit=5&offset=10",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(j["service"], "QIDO-RS");
    assert_eq!(j["resource"], "series-search");
    let q = &j["query"];
    assert_eq!(q["match_keys"][0]["tag"], "00080060");
    assert_eq!(q["match_keys"][0]["keyword"], "Modality");
    assert_eq!(q["match_keys"][1]["match"], "range");
    assert_eq!(q["match_keys"][1]["value"]["from"], "20200101");
    assert_eq!(q["includefield"][0], "00081030");
    assert_eq!(
        (q["limit"].as_u64(), q["offset"].as_u64()),
        (Some(5), Some(10))
    );
    assert_eq!(q["fuzzymatching"], true);
    assert_eq!(j["response_media_type"], "application/dicom+json");

    let (code, j, _) = describe(&["/workitems/1.2.3?transaction=4.5", "--method", "POST"]);
    assert_eq!(code, Some(0));
    assert_eq!(j["resource"], "workitem-update");
    assert_eq!(j["transaction"], "4.5");
    let (code, j, _) = describe(&[
        "/workitems/1.2.840.10008.5.1.4.34.5/subscribers/AE1/suspend",
        "--method",
        "POST",
    ]);
    assert_eq!(code, Some(0));
    assert_eq!(j["subscription"], "global");
    assert_eq!(j["aetitle"], "AE1");
    let (code, j, _) = describe(&[
        "/wado?requestType=WADO&studyUID=1.2&seriesUID=1.3&objectUID=1.4&contentType=image%2Fjpeg",
    ]);
    assert_eq!(code, Some(0));
    assert_eq!(j["service"], "WADO-URI");
    assert_eq!(j["parameters"]["contentType"], "image/jpeg");
}

/// Invalid requests exit 1 with the reason and the HTTP status.
#[test]
fn invalid_requests_exit_1_with_status() {
    for (args, status) in [
        (&["/studies/1.2/frames/1"][..], "HTTP 404"),
        (&["/studies", "--method", "DELETE"], "HTTP 405"),
        (
            &["/studies/1.2.3/series/4/instances/5/frames/0"],
            "HTTP 400",
        ),
        (&["/studies?limit=x"], "HTTP 400"),
        (
            &["/studies/1.2/metadata", "--accept", "image/png"],
            "HTTP 406",
        ),
        (&["/studies", "--accept", "image/png;q=7"], "HTTP 400"),
    ] {
        let (code, _, err) = describe(args);
        assert_eq!(code, Some(1), "{args:?}");
        assert!(err.contains(status), "{args:?}: {err}");
    }
}

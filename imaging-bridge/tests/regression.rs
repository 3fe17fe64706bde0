//! Regressions found in review: hostile input that once hung or allocated without bound.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use imaging_bridge::{Error, OmiOptions, fhir_to_omi};
use serde_json::{Value, json};

/// A Bundle of `n` ServiceRequests whose subjects all reference one Patient at the end.
fn many_requests(n: usize) -> Value {
    let mut entries: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "fullUrl": format!("urn:uuid:sr-{i}"),
                "resource": {
                    "resourceType": "ServiceRequest",
                    "status": "active",
                    "intent": "order",
                    "id": format!("sr{i}"),
                    "subject": {"reference": "Patient/p"},
                    "requester": {"reference": "Practitioner/none"}
                }
            })
        })
        .collect();
    entries.push(json!({
        "fullUrl": "urn:uuid:p",
        "resource": {"resourceType": "Patient", "id": "p", "name": [{"family": "DOE"}]}
    }));
    json!({"resourceType": "Bundle", "type": "transaction", "entry": entries})
}

/// `fhir_to_omi` resolved every ServiceRequest's references (a linear search of the whole
/// Bundle for each, cloning what it found) before checking `max_orders`: 20 000 requests took
/// O(n²) steps. The limit is now checked while the requests are collected.
#[test]
fn fhir_to_omi_checks_max_orders_before_resolving_references() {
    let bundle = many_requests(20_000);
    match fhir_to_omi(&bundle, None, &OmiOptions::default()) {
        Err(Error::LimitExceeded { limit, max }) => {
            assert_eq!((limit, max), ("max_orders", 1000));
        }
        other => panic!("expected max_orders exceeded, got {other:?}"),
    }
}

/// At the limit the references still resolve (first entry wins, by fullUrl or Type/id).
#[test]
fn fhir_to_omi_at_max_orders_resolves_the_patient() {
    let bundle = many_requests(1000);
    let mut o = OmiOptions::default();
    o.timestamp = Some("20240101".into());
    let out = fhir_to_omi(&bundle, None, &o).unwrap();
    let text = String::from_utf8(out.message).unwrap();
    assert!(text.contains("\rPID|"), "{text:.200}");
    assert!(text.contains("DOE"), "patient name missing");
    assert_eq!(text.matches("\rORC|").count(), 1000);
}

/// `stow_response_to_imaging_study` cloned the series' whole instance list for every stored
/// instance and looked each one's metadata up by decoding the SOP Instance UID of every given
/// data set: O(n²) clones and allocations for one large STOW-RS response. The list now grows in
/// place and both look-ups go through hash maps.
#[test]
fn stow_response_with_many_instances_is_linear() {
    let n = 10_000;
    let items: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"00081150":{{"vr":"UI","Value":["1.2.840.10008.5.1.4.1.1.2"]}},"00081155":{{"vr":"UI","Value":["1.2.3.4.{i}"]}},"00081190":{{"vr":"UR","Value":["http://h/dw/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.{i}"]}}}}"#
            )
        })
        .collect();
    // Every instance twice: the second copy is not added again.
    let json = format!(
        r#"{{"00081199":{{"vr":"SQ","Value":[{},{}]}}}}"#,
        items.join(","),
        items.join(",")
    );
    let response = dicom_json_codec::from_str(&json).unwrap();
    let study = json!({"resourceType": "ImagingStudy", "status": "available",
        "identifier": [{"system": "urn:dicom:uid", "value": "urn:oid:1.2.3"}]});
    let (updated, _) = imaging_bridge::stow_response_to_imaging_study(
        &study,
        &response,
        &[],
        imaging_bridge::FhirVersion::R4,
    )
    .unwrap();
    assert_eq!(updated["numberOfSeries"], 1);
    assert_eq!(updated["numberOfInstances"], n);
    assert_eq!(updated["series"][0]["numberOfInstances"], n);
    assert_eq!(
        updated["series"][0]["instance"][n - 1]["uid"],
        format!("1.2.3.4.{}", n - 1)
    );
}

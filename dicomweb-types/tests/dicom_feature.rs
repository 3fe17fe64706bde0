//! The `dicom` and `json` features: STOW-RS response and UPS workitem over data sets, DICOM
//! JSON through dicom-json-codec, and the built-in keyword table against PS3.6.
#![cfg(feature = "dicom")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dicom_core::dictionary::{DataDictionary, DataDictionaryEntry, TagRange, VirtualVr};
use dicomweb_types::stow::{FailureReason, StowResponse, WarningReason};
use dicomweb_types::ups::{UpsAction, UpsState, UpsStatus, Workitem};
use dicomweb_types::{AttributePath, Tag, Uid};

/// Every keyword of the built-in table names the tag and VR PS3.6 gives it.
#[test]
fn keyword_table_matches_ps3_6() {
    let dict = dicom_dictionary_std::StandardDataDictionary;
    for path in [
        "PatientName",
        "StudyInstanceUID",
        "ScheduledProcedureStepStartDateTime",
        "ProcedureStepState",
        "TransactionUID",
        "ReasonForCancellation",
        "RequestAttributesSequence",
        "ScheduledHumanPerformersSequence",
        "ProcedureStepCancellationDateTime",
        "PerformedProcedureStepStartDateTime",
        "AvailableTransferSyntaxUID",
        "ReceivingAE",
        "WorklistLabel",
        "HumanPerformerCodeSequence",
        "ScheduledStationNameCodeSequence",
        "InputInformationSequence",
    ] {
        let ours = AttributePath::parse(path).unwrap().leaf();
        let entry = dict
            .by_name(path)
            .unwrap_or_else(|| panic!("{path} is not in PS3.6"));
        let TagRange::Single(t) = entry.tag_range() else {
            panic!("{path}")
        };
        assert_eq!(
            ours,
            Tag((u32::from(t.group()) << 16) | u32::from(t.element())),
            "{path}"
        );
        if let VirtualVr::Exact(vr) = entry.vr() {
            assert_eq!(ours.vr(), Some(vr.to_string()), "{path}");
        }
    }
    // Keywords outside the built-in table come from the full dictionary.
    assert_eq!(
        AttributePath::parse("SliceThickness").unwrap().leaf(),
        Tag(0x0018_0050)
    );
}

/// The whole built-in table (keyword, tag, VR) against PS3.6.
#[test]
fn built_in_table_is_all_ps3_6() {
    let dict = dicom_dictionary_std::StandardDataDictionary;
    let mut wrong = Vec::new();
    for &(kw, tag, vr) in dicomweb_types::keyword_table() {
        let Some(entry) = dict.by_name(kw) else {
            wrong.push(format!("{kw}: not in PS3.6"));
            continue;
        };
        let TagRange::Single(t) = entry.tag_range() else {
            panic!("{kw}")
        };
        let theirs = (u32::from(t.group()) << 16) | u32::from(t.element());
        if theirs != tag {
            wrong.push(format!("{kw}: {tag:08X} vs PS3.6 {theirs:08X}"));
        }
        if let VirtualVr::Exact(v) = entry.vr()
            && v.to_string() != vr
        {
            wrong.push(format!("{kw}: VR {vr} vs PS3.6 {}", v.to_string()));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert!(dicomweb_types::keyword_table().len() > 90);
}

#[test]
fn stow_response_round_trips_through_a_data_set() {
    let mut r = StowResponse::default();
    r.retrieve_url = Some("http://pacs/dicom-web/studies/1.2.3".into());
    r.add_stored(
        "1.2.840.10008.5.1.4.1.1.2",
        "1.2.3.4",
        Some(WarningReason::ELEMENTS_DISCARDED),
    )
    .unwrap();
    r.add_failed(
        Some("1.2.840.10008.5.1.4.1.1.4"),
        Some("1.2.3.5"),
        FailureReason::PROCESSING_FAILURE,
    )
    .unwrap();
    let ds = r.to_dataset();
    assert_eq!(StowResponse::from_dataset(&ds).unwrap(), r);
    assert_eq!(r.status(), 202);
}

#[cfg(feature = "json")]
#[test]
fn stow_response_from_orthanc_json() {
    // The body Orthanc 1.10 / DICOMweb 1.7 answered to a 409 STOW (shared/PEERS.md), trimmed.
    let body = br#"{"00080005":{"Value":["ISO_IR 100"],"vr":"CS"},"00081190":{"Value":["http://127.0.0.1:8042/dicom-web/studies/1.2.3.4.5.6.7.8.9"],"vr":"UR"},"00081198":{"Value":[{"00081150":{"Value":["1.2.840.10008.5.1.4.1.1.4"],"vr":"UI"},"00081155":{"Value":["1.3.6.1.4.1.5962.1.1.4.1.1.20040826185059.5457"],"vr":"UI"},"00081197":{"Value":[272],"vr":"US"}}],"vr":"SQ"},"00081199":{"vr":"SQ"}}"#;
    let r = StowResponse::from_json(body).unwrap();
    assert_eq!(r.stored.len(), 0);
    assert_eq!(r.failed[0].reason, FailureReason::PROCESSING_FAILURE);
    assert_eq!(r.status(), 409);
    let again = StowResponse::from_json(&r.to_json().unwrap()).unwrap();
    assert_eq!(again, r);
}

#[test]
fn workitem_follows_the_state_machine() {
    let mut w = Workitem(dicom_object::InMemDicomObject::new_empty());
    assert_eq!(w.state(), None);
    w.apply(&UpsAction::Create {
        state: UpsState::Scheduled,
    })
    .unwrap();
    assert_eq!(w.state(), Some(UpsState::Scheduled));
    let tuid = Uid::new("2.25.1234").unwrap();
    w.apply(&UpsAction::ChangeState {
        to: UpsState::InProgress,
        transaction: Some(tuid.clone()),
        final_state_requirements_met: false,
    })
    .unwrap();
    assert_eq!(w.transaction_uid(), Some(tuid.clone()));
    assert!(
        w.for_response()
            .get(dicom_core::Tag(0x0008, 0x1195))
            .is_none(),
        "the Transaction UID is never returned"
    );
    let err = w
        .apply(&UpsAction::Update { transaction: None })
        .unwrap_err();
    assert_eq!(err, UpsStatus::WRONG_TRANSACTION_UID);
    w.apply(&UpsAction::ChangeState {
        to: UpsState::Completed,
        transaction: Some(tuid),
        final_state_requirements_met: true,
    })
    .unwrap();
    assert_eq!(w.state(), Some(UpsState::Completed));
}

//! The UPS state machine: every (state, action) pair of PS3.4 Table CC.1.1-2, allowed or
//! forbidden, with the DIMSE status and the UPS-RS HTTP status (PS3.18 §11).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::type_complexity
)]

use dicomweb_types::Uid;
use dicomweb_types::ups::{Ups, UpsAction, UpsState, UpsStatus};

fn t(s: &str) -> Option<Uid> {
    Some(Uid::new(s).unwrap())
}

const RIGHT: &str = "1.2.3.100";
const WRONG: &str = "1.2.3.999";

fn change(to: UpsState, tuid: Option<&str>, ok: bool) -> UpsAction {
    UpsAction::ChangeState {
        to,
        transaction: tuid.and_then(t),
        final_state_requirements_met: ok,
    }
}

fn start(state: Option<UpsState>) -> Ups {
    match state {
        None => Ups::new(),
        Some(UpsState::Scheduled) => Ups::with_state(UpsState::Scheduled, None),
        Some(s) => Ups::with_state(s, t(RIGHT)),
    }
}

#[test]
fn every_transition() {
    use UpsState::{Canceled as Ca, Completed as Co, InProgress as Ip, Scheduled as Sc};
    // (from, action, expected status, expected state afterwards, HTTP status)
    let cases: Vec<(
        Option<UpsState>,
        UpsAction,
        UpsStatus,
        Option<UpsState>,
        u16,
    )> = vec![
        // N-CREATE
        (
            None,
            UpsAction::Create { state: Sc },
            UpsStatus::SUCCESS,
            Some(Sc),
            200,
        ),
        (
            None,
            UpsAction::Create { state: Ip },
            UpsStatus::CREATE_NOT_SCHEDULED,
            None,
            400,
        ),
        (
            Some(Sc),
            UpsAction::Create { state: Sc },
            UpsStatus::DUPLICATE_SOP_INSTANCE,
            Some(Sc),
            409,
        ),
        (
            Some(Co),
            UpsAction::Create { state: Sc },
            UpsStatus::DUPLICATE_SOP_INSTANCE,
            Some(Co),
            409,
        ),
        // Anything but create on a workitem that does not exist.
        (
            None,
            change(Ip, Some(RIGHT), true),
            UpsStatus::NO_SUCH_INSTANCE,
            None,
            404,
        ),
        (
            None,
            UpsAction::RequestCancel,
            UpsStatus::NO_SUCH_INSTANCE,
            None,
            404,
        ),
        (
            None,
            UpsAction::Update { transaction: None },
            UpsStatus::NO_SUCH_INSTANCE,
            None,
            404,
        ),
        // Change State to SCHEDULED: never.
        (
            Some(Sc),
            change(Sc, None, true),
            UpsStatus::SCHEDULED_ONLY_BY_CREATE,
            Some(Sc),
            400,
        ),
        (
            Some(Ip),
            change(Sc, Some(RIGHT), true),
            UpsStatus::SCHEDULED_ONLY_BY_CREATE,
            Some(Ip),
            400,
        ),
        (
            Some(Ca),
            change(Sc, None, true),
            UpsStatus::SCHEDULED_ONLY_BY_CREATE,
            Some(Ca),
            400,
        ),
        (
            Some(Co),
            change(Sc, None, true),
            UpsStatus::SCHEDULED_ONLY_BY_CREATE,
            Some(Co),
            400,
        ),
        // Change State to IN PROGRESS.
        (
            Some(Sc),
            change(Ip, Some(RIGHT), false),
            UpsStatus::SUCCESS,
            Some(Ip),
            200,
        ),
        (
            Some(Sc),
            change(Ip, None, true),
            UpsStatus::WRONG_TRANSACTION_UID,
            Some(Sc),
            409,
        ),
        (
            Some(Ip),
            change(Ip, Some(RIGHT), true),
            UpsStatus::ALREADY_IN_PROGRESS,
            Some(Ip),
            409,
        ),
        (
            Some(Ca),
            change(Ip, Some(RIGHT), true),
            UpsStatus::MAY_NO_LONGER_BE_UPDATED,
            Some(Ca),
            409,
        ),
        (
            Some(Co),
            change(Ip, Some(RIGHT), true),
            UpsStatus::MAY_NO_LONGER_BE_UPDATED,
            Some(Co),
            409,
        ),
        // Change State to COMPLETED.
        (
            Some(Sc),
            change(Co, Some(RIGHT), true),
            UpsStatus::NOT_IN_PROGRESS,
            Some(Sc),
            409,
        ),
        (
            Some(Ip),
            change(Co, Some(RIGHT), true),
            UpsStatus::SUCCESS,
            Some(Co),
            200,
        ),
        (
            Some(Ip),
            change(Co, Some(WRONG), true),
            UpsStatus::WRONG_TRANSACTION_UID,
            Some(Ip),
            409,
        ),
        (
            Some(Ip),
            change(Co, None, true),
            UpsStatus::WRONG_TRANSACTION_UID,
            Some(Ip),
            409,
        ),
        (
            Some(Ip),
            change(Co, Some(RIGHT), false),
            UpsStatus::FINAL_STATE_REQUIREMENTS_NOT_MET,
            Some(Ip),
            409,
        ),
        (
            Some(Ca),
            change(Co, Some(RIGHT), true),
            UpsStatus::MAY_NO_LONGER_BE_UPDATED,
            Some(Ca),
            409,
        ),
        (
            Some(Co),
            change(Co, Some(RIGHT), true),
            UpsStatus::ALREADY_COMPLETED,
            Some(Co),
            200,
        ),
        // Change State to CANCELED.
        (
            Some(Sc),
            change(Ca, Some(RIGHT), true),
            UpsStatus::NOT_IN_PROGRESS,
            Some(Sc),
            409,
        ),
        (
            Some(Ip),
            change(Ca, Some(RIGHT), true),
            UpsStatus::SUCCESS,
            Some(Ca),
            200,
        ),
        (
            Some(Ip),
            change(Ca, Some(WRONG), true),
            UpsStatus::WRONG_TRANSACTION_UID,
            Some(Ip),
            409,
        ),
        (
            Some(Ip),
            change(Ca, Some(RIGHT), false),
            UpsStatus::FINAL_STATE_REQUIREMENTS_NOT_MET,
            Some(Ip),
            409,
        ),
        (
            Some(Ca),
            change(Ca, Some(RIGHT), true),
            UpsStatus::ALREADY_CANCELED,
            Some(Ca),
            200,
        ),
        (
            Some(Co),
            change(Ca, Some(RIGHT), true),
            UpsStatus::MAY_NO_LONGER_BE_UPDATED,
            Some(Co),
            409,
        ),
        // Request Cancel.
        (
            Some(Sc),
            UpsAction::RequestCancel,
            UpsStatus::SUCCESS,
            Some(Ca),
            200,
        ),
        (
            Some(Ip),
            UpsAction::RequestCancel,
            UpsStatus::SUCCESS,
            Some(Ip),
            200,
        ),
        (
            Some(Ca),
            UpsAction::RequestCancel,
            UpsStatus::ALREADY_CANCELED,
            Some(Ca),
            200,
        ),
        (
            Some(Co),
            UpsAction::RequestCancel,
            UpsStatus::ALREADY_COMPLETED_FAILURE,
            Some(Co),
            409,
        ),
        // N-SET (update).
        (
            Some(Sc),
            UpsAction::Update { transaction: None },
            UpsStatus::SUCCESS,
            Some(Sc),
            200,
        ),
        (
            Some(Ip),
            UpsAction::Update {
                transaction: t(RIGHT),
            },
            UpsStatus::SUCCESS,
            Some(Ip),
            200,
        ),
        (
            Some(Ip),
            UpsAction::Update {
                transaction: t(WRONG),
            },
            UpsStatus::WRONG_TRANSACTION_UID,
            Some(Ip),
            409,
        ),
        (
            Some(Ip),
            UpsAction::Update { transaction: None },
            UpsStatus::WRONG_TRANSACTION_UID,
            Some(Ip),
            409,
        ),
        (
            Some(Ca),
            UpsAction::Update {
                transaction: t(RIGHT),
            },
            UpsStatus::MAY_NO_LONGER_BE_UPDATED,
            Some(Ca),
            409,
        ),
        (
            Some(Co),
            UpsAction::Update {
                transaction: t(RIGHT),
            },
            UpsStatus::MAY_NO_LONGER_BE_UPDATED,
            Some(Co),
            409,
        ),
    ];
    for (from, action, status, after, http) in cases {
        let mut ups = start(from);
        let before = ups.clone();
        let got = ups.apply(&action);
        let got_status = match got {
            Ok(s) | Err(s) => s,
        };
        assert_eq!(got_status, status, "{from:?} + {action:?}");
        assert_eq!(got.is_ok(), status.is_success(), "{from:?} + {action:?}");
        assert_eq!(ups.state(), after, "{from:?} + {action:?}");
        assert_eq!(status.http_status(), http, "{status}");
        if got.is_err() {
            assert_eq!(ups, before, "a refused action changes nothing");
        }
        // Warnings and conflicts are explained in a Warning header; success is not.
        assert_eq!(
            status.warning("ups.example").is_some(),
            status != UpsStatus::SUCCESS
        );
    }
}

/// The Transaction UID is recorded on IN PROGRESS and required afterwards.
#[test]
fn transaction_uid_is_recorded() {
    let mut ups = Ups::new();
    ups.apply(&UpsAction::Create {
        state: UpsState::Scheduled,
    })
    .unwrap();
    assert!(ups.transaction_uid().is_none());
    ups.apply(&change(UpsState::InProgress, Some(RIGHT), false))
        .unwrap();
    assert_eq!(ups.transaction_uid().map(Uid::as_str), Some(RIGHT));
    let w = UpsStatus::ALREADY_CANCELED.warning("pacs:8042").unwrap();
    assert_eq!(
        w.to_string(),
        "299 pacs:8042: \"The UPS is already in the requested state of CANCELED\""
    );
    assert_eq!(UpsState::parse("IN PROGRESS "), Some(UpsState::InProgress));
    assert_eq!(UpsState::parse("DONE"), None);
}

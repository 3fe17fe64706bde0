//! The Unified Procedure Step state machine ([PS3.4 §CC.1.1][cc], Table CC.1.1-2), its
//! status codes (PS3.4 §CC.2) and their UPS-RS answers ([PS3.18 §11][u]: HTTP status and
//! `Warning` header).
//!
//! The machine stands alone; with the `dicom` feature, `Workitem` applies it to a
//! `dicom_object::InMemDicomObject` (Procedure Step State (0074,1000), Transaction UID
//! (0008,1195)).
//!
//! [cc]: https://dicom.nema.org/medical/dicom/current/output/chtml/part04/sect_CC.1.html
//! [u]: https://dicom.nema.org/medical/dicom/current/output/chtml/part18/chapter_11.html

use crate::Uid;
use crate::qido::Warning;
use std::fmt;

/// A UPS state (PS3.4 §CC.1.1): Procedure Step State (0074,1000).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UpsState {
    /// `SCHEDULED`: created, not yet claimed.
    Scheduled,
    /// `IN PROGRESS`: claimed by a performer holding the Transaction UID.
    InProgress,
    /// `CANCELED` (final).
    Canceled,
    /// `COMPLETED` (final).
    Completed,
}

impl UpsState {
    /// The defined term.
    pub fn as_str(self) -> &'static str {
        match self {
            UpsState::Scheduled => "SCHEDULED",
            UpsState::InProgress => "IN PROGRESS",
            UpsState::Canceled => "CANCELED",
            UpsState::Completed => "COMPLETED",
        }
    }

    /// Parses the defined term (trailing spaces, as padded in a data set, are ignored).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim_end_matches([' ', '\0']) {
            "SCHEDULED" => Some(UpsState::Scheduled),
            "IN PROGRESS" => Some(UpsState::InProgress),
            "CANCELED" => Some(UpsState::Canceled),
            "COMPLETED" => Some(UpsState::Completed),
            _ => None,
        }
    }

    /// True for CANCELED and COMPLETED.
    pub fn is_final(self) -> bool {
        matches!(self, UpsState::Canceled | UpsState::Completed)
    }
}

impl fmt::Display for UpsState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A UPS DIMSE status (PS3.4 §CC.2, Tables CC.2.1-2 to CC.2.6-2): an open code set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UpsStatus(pub u16);

impl UpsStatus {
    /// Success.
    pub const SUCCESS: UpsStatus = UpsStatus(0x0000);
    /// Duplicate SOP Instance (N-CREATE of an existing workitem).
    pub const DUPLICATE_SOP_INSTANCE: UpsStatus = UpsStatus(0x0111);
    /// Warning: the UPS was created with modifications.
    pub const CREATED_WITH_MODIFICATIONS: UpsStatus = UpsStatus(0xB300);
    /// Warning: Deletion Lock not granted.
    pub const DELETION_LOCK_NOT_GRANTED: UpsStatus = UpsStatus(0xB301);
    /// Warning: the UPS is already in the requested state of CANCELED.
    pub const ALREADY_CANCELED: UpsStatus = UpsStatus(0xB304);
    /// Warning: coerced invalid values to valid values.
    pub const COERCED_INVALID_VALUES: UpsStatus = UpsStatus(0xB305);
    /// Warning: the UPS is already in the requested state of COMPLETED.
    pub const ALREADY_COMPLETED: UpsStatus = UpsStatus(0xB306);
    /// Failure: the UPS may no longer be updated.
    pub const MAY_NO_LONGER_BE_UPDATED: UpsStatus = UpsStatus(0xC300);
    /// Failure: the correct Transaction UID was not provided.
    pub const WRONG_TRANSACTION_UID: UpsStatus = UpsStatus(0xC301);
    /// Failure: the UPS is already IN PROGRESS.
    pub const ALREADY_IN_PROGRESS: UpsStatus = UpsStatus(0xC302);
    /// Failure: the UPS may only become SCHEDULED via N-CREATE, not N-SET or N-ACTION.
    pub const SCHEDULED_ONLY_BY_CREATE: UpsStatus = UpsStatus(0xC303);
    /// Failure: the UPS has not met final state requirements for the requested state change.
    pub const FINAL_STATE_REQUIREMENTS_NOT_MET: UpsStatus = UpsStatus(0xC304);
    /// Failure: no such UPS instance.
    pub const NO_SUCH_INSTANCE: UpsStatus = UpsStatus(0xC307);
    /// Failure: the receiving AE title is unknown to this SCP.
    pub const UNKNOWN_RECEIVING_AE: UpsStatus = UpsStatus(0xC308);
    /// Failure: the provided value of UPS State was not SCHEDULED (N-CREATE).
    pub const CREATE_NOT_SCHEDULED: UpsStatus = UpsStatus(0xC309);
    /// Failure: the UPS is not yet in the IN PROGRESS state.
    pub const NOT_IN_PROGRESS: UpsStatus = UpsStatus(0xC310);
    /// Failure: the UPS is already COMPLETED.
    pub const ALREADY_COMPLETED_FAILURE: UpsStatus = UpsStatus(0xC311);
    /// Failure: the performer cannot be contacted.
    pub const PERFORMER_UNREACHABLE: UpsStatus = UpsStatus(0xC312);
    /// Failure: the performer chooses not to cancel.
    pub const PERFORMER_REFUSES_CANCEL: UpsStatus = UpsStatus(0xC313);
    /// Failure: the specified action is not appropriate for the specified instance.
    pub const ACTION_NOT_APPROPRIATE: UpsStatus = UpsStatus(0xC314);
    /// Failure: the SCP does not support Event Reports.
    pub const NO_EVENT_REPORTS: UpsStatus = UpsStatus(0xC315);

    /// The status's meaning in PS3.4, if known.
    pub fn meaning(self) -> Option<&'static str> {
        Some(match self.0 {
            0x0000 => "Success",
            0x0111 => "Duplicate SOP Instance",
            0xB300 => "The UPS was created with modifications",
            0xB301 => "Deletion Lock not granted",
            0xB304 => "The UPS is already in the requested state of CANCELED",
            0xB305 => "Coerced invalid values to valid values",
            0xB306 => "The UPS is already in the requested state of COMPLETED",
            0xC300 => "The UPS may no longer be updated",
            0xC301 => "The correct Transaction UID was not provided",
            0xC302 => "The UPS is already IN PROGRESS",
            0xC303 => "The UPS may only become SCHEDULED via N-CREATE, not N-SET or N-ACTION",
            0xC304 => "The UPS has not met final state requirements for the requested state change",
            0xC307 => {
                "Specified SOP Instance UID does not exist or is not a UPS Instance managed by this SCP"
            }
            0xC308 => "Receiving AE-TITLE is Unknown to this SCP",
            0xC309 => "The provided value of UPS State was not SCHEDULED",
            0xC310 => "The UPS is not yet in the IN PROGRESS state",
            0xC311 => "The UPS is already COMPLETED",
            0xC312 => "Performer cannot be contacted",
            0xC313 => "Performer chooses not to cancel",
            0xC314 => "Specified action not appropriate for specified instance",
            0xC315 => "SCP does not support Event Reports",
            _ => return None,
        })
    }

    /// True for the B3xx warnings (the operation succeeded).
    pub fn is_warning(self) -> bool {
        self.0 & 0xF000 == 0xB000
    }

    /// True for success and warnings.
    pub fn is_success(self) -> bool {
        self.0 == 0 || self.is_warning()
    }

    /// The HTTP status a UPS-RS origin server answers (PS3.18 §11.4.3 to §11.10.3): 200/201
    /// for success and warnings (the warning goes in a `Warning` header), 404 for an unknown
    /// workitem, 409 for conflicts with the workitem's state or Transaction UID, 400 for
    /// requests that can never be valid, 403 for an unknown or unsupported subscriber.
    pub fn http_status(self) -> u16 {
        match self.0 {
            0x0000 | 0xB300..=0xB3FF => 200,
            0xC307 => 404,
            0xC303 | 0xC309 => 400,
            0xC308 | 0xC315 => 403,
            0x0111 | 0xC300..=0xC3FF => 409,
            _ => 400,
        }
    }

    /// The `Warning` header that carries this status's meaning (PS3.18 §11: warnings with
    /// 200, and the nature of a 409 conflict), or `None` for success.
    pub fn warning(self, agent: &str) -> Option<Warning> {
        if self.0 == 0 {
            return None;
        }
        let text = self
            .meaning()
            .map(str::to_owned)
            .unwrap_or_else(|| format!("Status {:04X}H", self.0));
        Some(Warning::new(agent, &text))
    }
}

impl fmt::Display for UpsStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.meaning() {
            Some(m) => write!(f, "{:04X}H ({m})", self.0),
            None => write!(f, "{:04X}H", self.0),
        }
    }
}

/// What a client asks of a workitem (PS3.4 §CC.2: N-CREATE, N-SET, N-ACTION).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UpsAction {
    /// Create the workitem (N-CREATE) with this initial state (must be SCHEDULED).
    Create {
        /// The Procedure Step State in the request.
        state: UpsState,
    },
    /// Change State (N-ACTION Type 1).
    ChangeState {
        /// The requested state.
        to: UpsState,
        /// The Transaction UID in the request.
        transaction: Option<Uid>,
        /// Whether the workitem meets the final state requirements of PS3.4 Table CC.2.5-3
        /// (checked by the caller on the data set; only used for COMPLETED and CANCELED).
        final_state_requirements_met: bool,
    },
    /// Request Cancel (N-ACTION Type 2).
    RequestCancel,
    /// Update the workitem's attributes (N-SET).
    Update {
        /// The Transaction UID in the request.
        transaction: Option<Uid>,
    },
}

/// The state of one workitem and its Transaction UID, with the transitions of
/// PS3.4 Table CC.1.1-2.
///
/// Transaction UID rules (PS3.4 §CC.1.1, §CC.2.1.1): the client that moves a workitem to IN
/// PROGRESS supplies a new Transaction UID, which the SCP records; every later N-SET and the
/// change to COMPLETED or CANCELED must carry the same UID (else C301); the SCP never returns
/// it in a retrieve or search (`Workitem::for_response` strips it, `dicom` feature).
///
/// ```
/// use dicomweb_types::ups::{Ups, UpsAction, UpsState, UpsStatus};
/// use dicomweb_types::Uid;
/// let t = Uid::new("1.2.3.4")?;
/// let mut ups = Ups::new();
/// ups.apply(&UpsAction::Create { state: UpsState::Scheduled }).unwrap();
/// ups.apply(&UpsAction::ChangeState { to: UpsState::InProgress, transaction: Some(t.clone()), final_state_requirements_met: false }).unwrap();
/// let err = ups.apply(&UpsAction::Update { transaction: None }).unwrap_err();
/// assert_eq!(err, UpsStatus::WRONG_TRANSACTION_UID);
/// assert_eq!(err.http_status(), 409);
/// ups.apply(&UpsAction::ChangeState { to: UpsState::Completed, transaction: Some(t), final_state_requirements_met: true }).unwrap();
/// assert_eq!(ups.state(), Some(UpsState::Completed));
/// # Ok::<(), dicomweb_types::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ups {
    state: Option<UpsState>,
    transaction: Option<Uid>,
}

impl Ups {
    /// No workitem yet (before N-CREATE).
    pub fn new() -> Self {
        Ups::default()
    }

    /// A workitem in `state`, with the Transaction UID the SCP recorded (if IN PROGRESS).
    pub fn with_state(state: UpsState, transaction: Option<Uid>) -> Self {
        Ups {
            state: Some(state),
            transaction,
        }
    }

    /// The current state; `None` before creation.
    pub fn state(&self) -> Option<UpsState> {
        self.state
    }

    /// The recorded Transaction UID (for the SCP's own use; never returned to clients).
    pub fn transaction_uid(&self) -> Option<&Uid> {
        self.transaction.as_ref()
    }

    /// Applies an action: `Ok` with [`UpsStatus::SUCCESS`] or a warning (the state may have
    /// changed), `Err` with the failure status (nothing changed).
    pub fn apply(&mut self, action: &UpsAction) -> Result<UpsStatus, UpsStatus> {
        use UpsState::{Canceled, Completed, InProgress, Scheduled};
        let Some(state) = self.state else {
            return match action {
                UpsAction::Create { state: Scheduled } => {
                    self.state = Some(Scheduled);
                    Ok(UpsStatus::SUCCESS)
                }
                UpsAction::Create { .. } => Err(UpsStatus::CREATE_NOT_SCHEDULED),
                _ => Err(UpsStatus::NO_SUCH_INSTANCE),
            };
        };
        let tuid_ok = |t: &Option<Uid>| t.is_some() && *t == self.transaction;
        match action {
            UpsAction::Create { .. } => Err(UpsStatus::DUPLICATE_SOP_INSTANCE),
            UpsAction::ChangeState { to: Scheduled, .. } => {
                Err(UpsStatus::SCHEDULED_ONLY_BY_CREATE)
            }
            UpsAction::ChangeState {
                to: InProgress,
                transaction,
                ..
            } => match state {
                Scheduled => match transaction {
                    Some(t) => {
                        self.state = Some(InProgress);
                        self.transaction = Some(t.clone());
                        Ok(UpsStatus::SUCCESS)
                    }
                    None => Err(UpsStatus::WRONG_TRANSACTION_UID),
                },
                InProgress => Err(UpsStatus::ALREADY_IN_PROGRESS),
                Canceled | Completed => Err(UpsStatus::MAY_NO_LONGER_BE_UPDATED),
            },
            UpsAction::ChangeState {
                to: to @ (Completed | Canceled),
                transaction,
                final_state_requirements_met,
            } => {
                let to = *to;
                match state {
                    Scheduled => Err(UpsStatus::NOT_IN_PROGRESS),
                    InProgress => {
                        if !tuid_ok(transaction) {
                            Err(UpsStatus::WRONG_TRANSACTION_UID)
                        } else if !final_state_requirements_met {
                            Err(UpsStatus::FINAL_STATE_REQUIREMENTS_NOT_MET)
                        } else {
                            self.state = Some(to);
                            Ok(UpsStatus::SUCCESS)
                        }
                    }
                    s if s == to => Ok(if to == Completed {
                        UpsStatus::ALREADY_COMPLETED
                    } else {
                        UpsStatus::ALREADY_CANCELED
                    }),
                    _ => Err(UpsStatus::MAY_NO_LONGER_BE_UPDATED),
                }
            }
            UpsAction::RequestCancel => match state {
                Scheduled => {
                    // The SCP cancels a workitem nobody has claimed (PS3.4 §CC.2.4.3.1).
                    self.state = Some(Canceled);
                    Ok(UpsStatus::SUCCESS)
                }
                // The performer is notified and decides (PS3.4 §CC.2.4.3.1); the state stays.
                InProgress => Ok(UpsStatus::SUCCESS),
                Canceled => Ok(UpsStatus::ALREADY_CANCELED),
                Completed => Err(UpsStatus::ALREADY_COMPLETED_FAILURE),
            },
            UpsAction::Update { transaction } => match state {
                Scheduled => Ok(UpsStatus::SUCCESS),
                InProgress if tuid_ok(transaction) => Ok(UpsStatus::SUCCESS),
                InProgress => Err(UpsStatus::WRONG_TRANSACTION_UID),
                Canceled | Completed => Err(UpsStatus::MAY_NO_LONGER_BE_UPDATED),
            },
        }
    }
}

#[cfg(feature = "dicom")]
mod workitem {
    use super::{Ups, UpsAction, UpsState, UpsStatus};
    use crate::Uid;
    use dicom_core::value::PrimitiveValue;
    use dicom_core::{DataElement, Tag, VR};
    use dicom_object::InMemDicomObject;

    /// Procedure Step State (0074,1000).
    pub const PROCEDURE_STEP_STATE: Tag = Tag(0x0074, 0x1000);
    /// Transaction UID (0008,1195).
    pub const TRANSACTION_UID: Tag = Tag(0x0008, 0x1195);

    /// A UPS workitem data set (PS3.4 Table CC.2.5-3) driven by the [`Ups`] state machine.
    #[derive(Debug, Clone)]
    pub struct Workitem(pub InMemDicomObject);

    impl Workitem {
        /// The workitem's state, from Procedure Step State (0074,1000).
        pub fn state(&self) -> Option<UpsState> {
            self.0
                .get(PROCEDURE_STEP_STATE)
                .and_then(|e| e.to_str().ok())
                .and_then(|s| UpsState::parse(&s))
        }

        /// The recorded Transaction UID (0008,1195).
        pub fn transaction_uid(&self) -> Option<Uid> {
            self.0
                .get(TRANSACTION_UID)
                .and_then(|e| e.to_str().ok())
                .and_then(|s| Uid::new(s.trim_end_matches(['\0', ' '])).ok())
        }

        /// Applies an action to the data set: on success, Procedure Step State and the
        /// Transaction UID are updated.
        pub fn apply(&mut self, action: &UpsAction) -> Result<UpsStatus, UpsStatus> {
            let mut ups = match self.state() {
                Some(s) => Ups::with_state(s, self.transaction_uid()),
                None => Ups::new(),
            };
            let status = ups.apply(action)?;
            if let Some(s) = ups.state() {
                self.0.put(DataElement::new(
                    PROCEDURE_STEP_STATE,
                    VR::CS,
                    PrimitiveValue::from(s.as_str()),
                ));
            }
            if let Some(t) = ups.transaction_uid() {
                self.0.put(DataElement::new(
                    TRANSACTION_UID,
                    VR::UI,
                    PrimitiveValue::from(t.as_str()),
                ));
            }
            Ok(status)
        }

        /// The data set as a retrieve or search returns it: without the Transaction UID
        /// (PS3.4 §CC.2.5.1.3: the SCP shall not return it).
        pub fn for_response(&self) -> InMemDicomObject {
            let mut obj = self.0.clone();
            obj.remove_element(TRANSACTION_UID);
            obj
        }
    }
}

#[cfg(feature = "dicom")]
pub use workitem::{PROCEDURE_STEP_STATE, TRANSACTION_UID, Workitem};

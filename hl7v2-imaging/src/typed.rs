//! Typed imaging messages: thin layers over [`Message`] with the segment grammar checked
//! (HL7 v2.5.1 Ch. 4 orders, Ch. 7 results, Ch. 3 ADT; IHE RAD TF-2 RAD-2/3/4/12/13).
//!
//! Each view checks the message structure (Z-segments are allowed anywhere and ignored by the
//! grammar) and gives typed accessors for the fields imaging workflows use. Values are decoded
//! text ([`Element::value`]); a missing value is an empty string or `None`.
//!
//! The checked structures are [`Structure`]: ORM_O01 (v2.3.1, with ZDS), OMI_O23 (v2.5.1,
//! with TQ1 and IPC), ORU_R01, ADT_A01 (for A08), ADT_A39 (for A40), ORR_O02, ORI_O24 and ACK.

use crate::error::{Error, ErrorKind, Location, SegmentId};
use crate::{Element, Message, Segment};
use std::borrow::Cow;

/// One item of a message structure: a segment, a choice of segments, or a group.
#[derive(Debug, Clone, Copy)]
enum Item {
    Seg(&'static str, bool, bool),
    Choice(&'static [&'static str], bool, bool),
    Group(&'static [Item], bool, bool),
}

use Item::{Choice, Group, Seg};

const fn req(id: &'static str) -> Item {
    Seg(id, false, false)
}
const fn opt(id: &'static str) -> Item {
    Seg(id, true, false)
}
const fn opt_rep(id: &'static str) -> Item {
    Seg(id, true, true)
}
const fn rep(id: &'static str) -> Item {
    Seg(id, false, true)
}

static NTE_OPT: Item = opt_rep("NTE");
static INSURANCE: [Item; 3] = [req("IN1"), opt("IN2"), opt("IN3")];
static PATIENT_VISIT: [Item; 2] = [req("PV1"), opt("PV2")];
static OBSERVATION_231: [Item; 2] = [req("OBX"), NTE_OPT];

/// ORM^O01 v2.3.1 (HL7 v2.3.1 Ch. 4.4.1).
static ORM_O01: [Item; 4] = [
    req("MSH"),
    NTE_OPT,
    Group(&ORM_PATIENT, true, false),
    Group(&ORM_ORDER, false, true),
];
static ORM_PATIENT: [Item; 8] = [
    req("PID"),
    opt("PD1"),
    NTE_OPT,
    Group(&PATIENT_VISIT, true, false),
    Group(&INSURANCE, true, true),
    opt("GT1"),
    opt_rep("AL1"),
    NTE_OPT,
];
static ORM_ORDER: [Item; 4] = [
    req("ORC"),
    Group(&ORM_DETAIL, true, false),
    opt_rep("CTI"),
    opt("BLG"),
];
static ORM_DETAIL: [Item; 4] = [
    Choice(&["OBR", "RQD", "RQ1", "RXO", "ODS", "ODT"], false, false),
    NTE_OPT,
    opt_rep("DG1"),
    Group(&OBSERVATION_231, true, true),
];

/// OMI^O23 v2.5.1 (HL7 v2.5.1 Ch. 4.4.11).
static OMI_O23: [Item; 5] = [
    req("MSH"),
    opt_rep("SFT"),
    NTE_OPT,
    Group(&OMI_PATIENT, true, false),
    Group(&OMI_ORDER, false, true),
];
static OMI_PATIENT: [Item; 7] = [
    req("PID"),
    opt("PD1"),
    NTE_OPT,
    Group(&PATIENT_VISIT, true, false),
    Group(&INSURANCE, true, true),
    opt("GT1"),
    opt_rep("AL1"),
];
static TIMING: [Item; 2] = [req("TQ1"), opt_rep("TQ2")];
static OMI_ORDER: [Item; 8] = [
    req("ORC"),
    Group(&TIMING, true, true),
    req("OBR"),
    NTE_OPT,
    opt("CTD"),
    opt_rep("DG1"),
    Group(&OBSERVATION_231, true, true),
    rep("IPC"),
];

/// ORU^R01 v2.5.1 (HL7 v2.5.1 Ch. 7.3.1).
static ORU_R01: [Item; 4] = [
    req("MSH"),
    opt_rep("SFT"),
    Group(&ORU_PATIENT_RESULT, false, true),
    opt("DSC"),
];
static ORU_PATIENT_RESULT: [Item; 2] = [
    Group(&ORU_PATIENT, true, false),
    Group(&ORU_ORDER_OBSERVATION, false, true),
];
static ORU_PATIENT: [Item; 6] = [
    req("PID"),
    opt("PD1"),
    NTE_OPT,
    opt_rep("NK1"),
    Group(&PATIENT_VISIT, true, false),
    NTE_OPT,
];
static ORU_SPECIMEN: [Item; 2] = [req("SPM"), opt_rep("OBX")];
static ORU_ORDER_OBSERVATION: [Item; 10] = [
    opt("ORC"),
    req("OBR"),
    NTE_OPT,
    Group(&TIMING, true, true),
    opt("CTD"),
    Group(&OBSERVATION_231, true, true),
    opt_rep("FT1"),
    opt_rep("CTI"),
    Group(&ORU_SPECIMEN, true, true),
    NTE_OPT,
];

/// ADT_A01 (used by A08) v2.5.1 (HL7 v2.5.1 Ch. 3.3.8), reduced to the segments before PV1
/// plus any order of the optional tail.
static ADT_A01: [Item; 11] = [
    req("MSH"),
    opt_rep("SFT"),
    req("EVN"),
    req("PID"),
    opt("PD1"),
    opt_rep("ROL"),
    opt_rep("NK1"),
    req("PV1"),
    opt("PV2"),
    opt_rep("ROL"),
    Group(&ADT_TAIL, true, true),
];
static ADT_TAIL: [Item; 1] = [Choice(
    &[
        "DB1", "OBX", "AL1", "DG1", "DRG", "PR1", "ROL", "GT1", "IN1", "IN2", "IN3", "ACC", "UB1",
        "UB2", "PDA", "NTE",
    ],
    false,
    false,
)];

/// ADT_A39 (A40 merge) v2.5.1 (HL7 v2.5.1 Ch. 3.3.40).
static ADT_A39: [Item; 4] = [
    req("MSH"),
    opt_rep("SFT"),
    req("EVN"),
    Group(&ADT_A39_PATIENT, false, true),
];
static ADT_A39_PATIENT: [Item; 4] = [req("PID"), opt("PD1"), req("MRG"), opt("PV1")];

/// ORR^O02 v2.3.1 (HL7 v2.3.1 Ch. 4.4.2).
static ORR_O02: [Item; 5] = [
    req("MSH"),
    req("MSA"),
    opt("ERR"),
    NTE_OPT,
    Group(&ORR_RESPONSE, true, false),
];
static ORR_RESPONSE: [Item; 3] = [req("PID"), NTE_OPT, Group(&ORR_ORDER, false, true)];
static ORR_ORDER: [Item; 4] = [
    req("ORC"),
    Choice(&["OBR", "RQD", "RQ1", "RXO", "ODS", "ODT"], true, false),
    NTE_OPT,
    opt_rep("CTI"),
];

/// ORI^O24 v2.5.1 (HL7 v2.5.1 Ch. 4.4.12).
static ORI_O24: [Item; 6] = [
    req("MSH"),
    req("MSA"),
    opt_rep("ERR"),
    opt_rep("SFT"),
    NTE_OPT,
    Group(&ORI_RESPONSE, true, false),
];
static ORI_RESPONSE: [Item; 3] = [
    Group(&ORI_PATIENT, true, false),
    Group(&ORI_ORDER, false, true),
    NTE_OPT,
];
static ORI_PATIENT: [Item; 2] = [req("PID"), NTE_OPT];
static ORI_ORDER: [Item; 5] = [
    req("ORC"),
    Group(&TIMING, true, true),
    req("OBR"),
    NTE_OPT,
    rep("IPC"),
];

/// ACK v2.5.1 (HL7 v2.5.1 Ch. 2.14.1).
static ACK: [Item; 4] = [req("MSH"), opt_rep("SFT"), req("MSA"), opt_rep("ERR")];

/// A message structure this crate checks (HL7 table 0354 names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Structure {
    /// ORM^O01, general order (v2.3.1, IHE RAD-2/3/4 with ZDS).
    OrmO01,
    /// OMI^O23, imaging order (v2.5.1, IHE RAD-4/13 with TQ1 and IPC).
    OmiO23,
    /// ORU^R01, observation result (reports).
    OruR01,
    /// ADT_A01, used by ADT^A01/A04/A08/A13 (patient update, RAD-12).
    AdtA01,
    /// ADT_A39, used by ADT^A40 (merge, RAD-12).
    AdtA39,
    /// ORR^O02, order response (v2.3.1).
    OrrO02,
    /// ORI^O24, imaging order response (v2.5.1).
    OriO24,
    /// ACK, general acknowledgement.
    Ack,
}

impl Structure {
    /// The structure name, e.g. `OMI_O23`.
    pub fn as_str(self) -> &'static str {
        match self {
            Structure::OrmO01 => "ORM_O01",
            Structure::OmiO23 => "OMI_O23",
            Structure::OruR01 => "ORU_R01",
            Structure::AdtA01 => "ADT_A01",
            Structure::AdtA39 => "ADT_A39",
            Structure::OrrO02 => "ORR_O02",
            Structure::OriO24 => "ORI_O24",
            Structure::Ack => "ACK",
        }
    }

    fn grammar(self) -> &'static [Item] {
        match self {
            Structure::OrmO01 => &ORM_O01,
            Structure::OmiO23 => &OMI_O23,
            Structure::OruR01 => &ORU_R01,
            Structure::AdtA01 => &ADT_A01,
            Structure::AdtA39 => &ADT_A39,
            Structure::OrrO02 => &ORR_O02,
            Structure::OriO24 => &ORI_O24,
            Structure::Ack => &ACK,
        }
    }

    /// The structure of a message, from MSH-9 (code and trigger; MSH-9.3 is not trusted).
    pub fn of(msg: &Message<'_>) -> Option<Self> {
        let (code, trigger, _) = msg.message_type();
        Some(match (&*code, &*trigger) {
            ("ORM", "O01") => Structure::OrmO01,
            ("OMI", "O23") => Structure::OmiO23,
            ("ORU", "R01") => Structure::OruR01,
            ("ADT", "A01" | "A04" | "A08" | "A13") => Structure::AdtA01,
            ("ADT", "A40" | "A39" | "A41" | "A42") => Structure::AdtA39,
            ("ORR", "O02") => Structure::OrrO02,
            ("ORI", "O24") => Structure::OriO24,
            ("ACK", _) => Structure::Ack,
            _ => return None,
        })
    }

    /// Check a message's segment sequence against this structure. Z-segments are skipped.
    /// Errors: [`ErrorKind::MissingSegment`] or [`ErrorKind::UnexpectedSegment`], located at
    /// the segment (index, id, byte offset).
    pub fn check(self, msg: &Message<'_>) -> Result<(), Error> {
        let segs: Vec<Segment<'_>> = msg
            .segments()
            .filter(|s| !s.raw().starts_with(b"Z"))
            .collect();
        let ids: Vec<SegmentId> = segs.iter().map(Segment::id).collect();
        let mut pos = 0;
        let name = self.as_str();
        let at = |pos: usize| -> Location {
            // A segment missing at the end is located at the last segment.
            segs.get(pos)
                .or(segs.last())
                .map(Segment::location)
                .unwrap_or_else(|| Location::at(msg.as_bytes().len()))
        };
        match match_seq(self.grammar(), &ids, &mut pos) {
            Ok(()) => {}
            Err(expected) => {
                return Err(Error::new(
                    ErrorKind::MissingSegment {
                        structure: name,
                        expected,
                    },
                    at(pos),
                ));
            }
        }
        if pos < ids.len() {
            return Err(Error::new(
                ErrorKind::UnexpectedSegment { structure: name },
                at(pos),
            ));
        }
        Ok(())
    }
}

fn first_id(item: &Item) -> &'static str {
    match item {
        Seg(id, ..) => id,
        Choice(ids, ..) => ids.first().copied().unwrap_or("???"),
        Group(items, ..) => items.first().map(first_id).unwrap_or("???"),
    }
}

/// Greedy, no backtracking (HL7 structures are designed to be read this way).
fn match_seq(items: &[Item], ids: &[SegmentId], pos: &mut usize) -> Result<(), &'static str> {
    for item in items {
        let (optional, repeating) = match item {
            Seg(_, o, r) | Choice(_, o, r) | Group(_, o, r) => (*o, *r),
        };
        let mut count = 0;
        loop {
            let start = *pos;
            let matched = match item {
                Seg(id, ..) => {
                    let hit = ids.get(*pos).is_some_and(|s| s.0 == id.as_bytes());
                    if hit {
                        *pos += 1;
                    }
                    hit
                }
                Choice(choices, ..) => {
                    let hit = ids
                        .get(*pos)
                        .is_some_and(|s| choices.iter().any(|c| s.0 == c.as_bytes()));
                    if hit {
                        *pos += 1;
                    }
                    hit
                }
                Group(inner, ..) => match match_seq(inner, ids, pos) {
                    Ok(()) => *pos > start,
                    Err(_) if *pos == start => false,
                    Err(e) => return Err(e),
                },
            };
            if !matched {
                *pos = start;
                break;
            }
            count += 1;
            if !repeating {
                break;
            }
        }
        if count == 0 && !optional {
            return Err(first_id(item));
        }
    }
    Ok(())
}

/// A coded element (CE/CWE, HL7 v2.5.1 Ch. 2A): identifier, text, coding system, and the
/// alternate triple.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Coded<'a> {
    /// Component 1.
    pub identifier: Cow<'a, str>,
    /// Component 2.
    pub text: Cow<'a, str>,
    /// Component 3 (name of coding system).
    pub coding_system: Cow<'a, str>,
    /// Component 4.
    pub alternate_identifier: Cow<'a, str>,
    /// Component 5.
    pub alternate_text: Cow<'a, str>,
    /// Component 6.
    pub alternate_coding_system: Cow<'a, str>,
}

fn comp<'a>(e: Option<Element<'a>>, c: usize) -> Cow<'a, str> {
    e.and_then(|e| e.component(c))
        .map(|c| c.value())
        .unwrap_or(Cow::Borrowed(""))
}

fn sub<'a>(e: Option<Element<'a>>, c: usize, s: usize) -> Cow<'a, str> {
    e.and_then(|e| e.component(c))
        .and_then(|c| c.subcomponent(s))
        .map(|c| c.value())
        .unwrap_or(Cow::Borrowed(""))
}

fn non_empty(c: Cow<'_, str>) -> Option<Cow<'_, str>> {
    if c.is_empty() { None } else { Some(c) }
}

impl<'a> Coded<'a> {
    /// Read a CE/CWE repetition.
    pub fn from_element(e: Element<'a>) -> Self {
        let e = Some(e);
        Coded {
            identifier: comp(e, 1),
            text: comp(e, 2),
            coding_system: comp(e, 3),
            alternate_identifier: comp(e, 4),
            alternate_text: comp(e, 5),
            alternate_coding_system: comp(e, 6),
        }
    }

    /// True when every component is empty.
    pub fn is_empty(&self) -> bool {
        self.identifier.is_empty() && self.text.is_empty() && self.coding_system.is_empty()
    }
}

fn coded<'a>(seg: &Segment<'a>, n: usize) -> Option<Coded<'a>> {
    let c = Coded::from_element(seg.field(n)?.repetition(1)?);
    if c.is_empty() && c.alternate_identifier.is_empty() {
        None
    } else {
        Some(c)
    }
}

fn coded_reps<'a>(seg: &Segment<'a>, n: usize) -> Vec<Coded<'a>> {
    seg.field(n)
        .map(|f| {
            f.parts()
                .filter(|r| !r.is_empty())
                .map(Coded::from_element)
                .collect()
        })
        .unwrap_or_default()
}

fn text_reps<'a>(seg: &Segment<'a>, n: usize) -> Vec<Cow<'a, str>> {
    seg.field(n)
        .map(|f| {
            f.parts()
                .filter(|r| !r.is_empty())
                .map(|r| comp(Some(r), 1))
                .collect()
        })
        .unwrap_or_default()
}

/// An extended composite id (CX, HL7 v2.5.1 Ch. 2A.14), e.g. a PID-3 patient identifier.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ExtendedId<'a> {
    /// CX.1 ID number.
    pub id: Cow<'a, str>,
    /// CX.4.1 assigning authority namespace id.
    pub assigning_authority: Cow<'a, str>,
    /// CX.4.2 assigning authority universal id (an OID in IHE profiles).
    pub assigning_authority_universal_id: Cow<'a, str>,
    /// CX.4.3 universal id type (`ISO`).
    pub assigning_authority_universal_id_type: Cow<'a, str>,
    /// CX.5 identifier type code (`MR`, `PI`, ...).
    pub identifier_type: Cow<'a, str>,
}

impl<'a> ExtendedId<'a> {
    /// Read a CX repetition.
    pub fn from_element(e: Element<'a>) -> Self {
        let e = Some(e);
        ExtendedId {
            id: comp(e, 1),
            assigning_authority: sub(e, 4, 1),
            assigning_authority_universal_id: sub(e, 4, 2),
            assigning_authority_universal_id_type: sub(e, 4, 3),
            identifier_type: comp(e, 5),
        }
    }
}

/// A person name (XPN, or the name part of XCN), HL7 v2.5.1 Ch. 2A.88.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct PersonName<'a> {
    /// Family name (XPN.1.1).
    pub family: Cow<'a, str>,
    /// Given name (XPN.2).
    pub given: Cow<'a, str>,
    /// Second and further given names or initials (XPN.3).
    pub middle: Cow<'a, str>,
    /// Suffix (XPN.4).
    pub suffix: Cow<'a, str>,
    /// Prefix (XPN.5).
    pub prefix: Cow<'a, str>,
}

impl<'a> PersonName<'a> {
    /// Read an XPN repetition; `offset` is 1 for XCN (whose name starts at component 2).
    pub fn from_element(e: Element<'a>, offset: usize) -> Self {
        let e = Some(e);
        PersonName {
            family: sub(e, 1 + offset, 1),
            given: comp(e, 2 + offset),
            middle: comp(e, 3 + offset),
            suffix: comp(e, 4 + offset),
            prefix: comp(e, 5 + offset),
        }
    }
}

/// A person with an id (XCN, HL7 v2.5.1 Ch. 2A.86), e.g. PV1-8 referring doctor.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Doctor<'a> {
    /// XCN.1 id number.
    pub id: Cow<'a, str>,
    /// XCN.2..6 name.
    pub name: PersonName<'a>,
}

/// The patient of a message (PID, HL7 v2.5.1 Ch. 3.4.2) with the visit (PV1, Ch. 3.4.3).
#[derive(Debug, Clone, Copy)]
pub struct Patient<'a> {
    pid: Segment<'a>,
    pv1: Option<Segment<'a>>,
}

impl<'a> Patient<'a> {
    /// The first PID of a message and the PV1 that follows it (before the first ORC/OBR).
    pub fn from_message(msg: &Message<'a>) -> Option<Self> {
        let pid = msg.segment_by_id("PID", 1)?;
        let pv1 = msg
            .segments()
            .skip(pid.index())
            .take_while(|s| !matches!(s.id_str(), "ORC" | "OBR" | "PID" | "MRG"))
            .find(|s| s.id_str() == "PV1");
        Some(Patient { pid, pv1 })
    }

    /// The PID segment.
    pub fn pid(&self) -> Segment<'a> {
        self.pid
    }

    /// The PV1 segment, if any.
    pub fn pv1(&self) -> Option<Segment<'a>> {
        self.pv1
    }

    /// PID-3, the patient identifier list (every non-empty repetition).
    pub fn identifiers(&self) -> Vec<ExtendedId<'a>> {
        self.pid
            .field(3)
            .map(|f| {
                f.parts()
                    .filter(|r| !r.is_empty())
                    .map(ExtendedId::from_element)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// PID-5, the first patient name.
    pub fn name(&self) -> PersonName<'a> {
        self.pid
            .field(5)
            .and_then(|f| f.repetition(1))
            .map(|r| PersonName::from_element(r, 0))
            .unwrap_or_default()
    }

    /// PID-5, every repetition.
    pub fn names(&self) -> Vec<PersonName<'a>> {
        self.pid
            .field(5)
            .map(|f| f.parts().map(|r| PersonName::from_element(r, 0)).collect())
            .unwrap_or_default()
    }

    /// PID-7.1, date/time of birth (`YYYY[MM[DD...]]` as written).
    pub fn birth_date(&self) -> Cow<'a, str> {
        self.pid.component_value(7, 1)
    }

    /// PID-8, administrative sex (table 0001: `F`, `M`, `O`, `U`, `A`, `N`).
    pub fn sex(&self) -> Cow<'a, str> {
        self.pid.component_value(8, 1)
    }

    /// PV1-8, referring doctors.
    pub fn referring_doctors(&self) -> Vec<Doctor<'a>> {
        let Some(pv1) = self.pv1 else {
            return Vec::new();
        };
        pv1.field(8)
            .map(|f| {
                f.parts()
                    .filter(|r| !r.is_empty())
                    .map(|r| Doctor {
                        id: comp(Some(r), 1),
                        name: PersonName::from_element(r, 1),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// PV1-19, the visit number.
    pub fn visit_number(&self) -> Option<ExtendedId<'a>> {
        let r = self.pv1?.field(19)?.repetition(1)?;
        if r.is_empty() {
            None
        } else {
            Some(ExtendedId::from_element(r))
        }
    }
}

/// Order control code (ORC-1, HL7 table 0119): an open code set, unknown values kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderControl<'a>(pub Cow<'a, str>);

impl OrderControl<'_> {
    /// `NW`: new order.
    pub const NEW: &'static str = "NW";
    /// `CA`: cancel order request.
    pub const CANCEL: &'static str = "CA";
    /// `DC`: discontinue order request.
    pub const DISCONTINUE: &'static str = "DC";
    /// `XO`: change order request.
    pub const CHANGE: &'static str = "XO";
    /// `SC`: status changed.
    pub const STATUS_CHANGED: &'static str = "SC";
    /// `OK`: order accepted.
    pub const ACCEPTED: &'static str = "OK";

    /// The code as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Imaging procedure control (IPC, HL7 v2.5.1 Ch. 4.5.6; IHE RAD TF-2 4.4).
#[derive(Debug, Clone, Copy)]
pub struct Ipc<'a>(pub Segment<'a>);

impl<'a> Ipc<'a> {
    /// IPC-1.1, accession identifier (DICOM (0008,0050)).
    pub fn accession_identifier(&self) -> Cow<'a, str> {
        self.0.component_value(1, 1)
    }
    /// IPC-2.1, requested procedure id (0040,1001).
    pub fn requested_procedure_id(&self) -> Cow<'a, str> {
        self.0.component_value(2, 1)
    }
    /// IPC-3.1, study instance UID (0020,000D).
    pub fn study_instance_uid(&self) -> Cow<'a, str> {
        self.0.component_value(3, 1)
    }
    /// IPC-4.1, scheduled procedure step id (0040,0009).
    pub fn scheduled_procedure_step_id(&self) -> Cow<'a, str> {
        self.0.component_value(4, 1)
    }
    /// IPC-5, modality (CE, DICOM CID 29) (0008,0060).
    pub fn modality(&self) -> Option<Coded<'a>> {
        coded(&self.0, 5)
    }
    /// IPC-6, protocol codes (repeating CE) (0040,0008).
    pub fn protocol_codes(&self) -> Vec<Coded<'a>> {
        coded_reps(&self.0, 6)
    }
    /// IPC-7.1, scheduled station name (0040,0010).
    pub fn scheduled_station_name(&self) -> Cow<'a, str> {
        self.0.component_value(7, 1)
    }
    /// IPC-8, scheduled procedure step locations (repeating) (0040,0011).
    pub fn scheduled_procedure_step_locations(&self) -> Vec<Cow<'a, str>> {
        text_reps(&self.0, 8)
    }
    /// IPC-9, scheduled station AE titles (0040,0001). The standard does not let IPC-9 repeat;
    /// every repetition seen in the field is returned.
    pub fn scheduled_station_ae_titles(&self) -> Vec<Cow<'a, str>> {
        text_reps(&self.0, 9)
    }
}

/// Timing/quantity (TQ1, HL7 v2.5.1 Ch. 4.5.4).
#[derive(Debug, Clone, Copy)]
pub struct Tq1<'a>(pub Segment<'a>);

impl<'a> Tq1<'a> {
    /// TQ1-7.1, start date/time (DICOM (0040,0002)/(0040,0003)).
    pub fn start_datetime(&self) -> Cow<'a, str> {
        self.0.component_value(7, 1)
    }
    /// TQ1-9, priority (CWE, table 0485: `S` stat, `A` ASAP, `R` routine, ...).
    pub fn priority(&self) -> Option<Coded<'a>> {
        coded(&self.0, 9)
    }
}

/// One order of an ORM/OMI message: the ORC and the segments up to the next ORC.
#[derive(Debug, Clone)]
pub struct Order<'a> {
    orc: Segment<'a>,
    segments: Vec<Segment<'a>>,
}

impl<'a> Order<'a> {
    fn find(&self, id: &str) -> Option<Segment<'a>> {
        self.segments.iter().find(|s| s.id_str() == id).copied()
    }

    /// The ORC segment.
    pub fn orc(&self) -> Segment<'a> {
        self.orc
    }
    /// The OBR segment.
    pub fn obr(&self) -> Option<Segment<'a>> {
        self.find("OBR")
    }
    /// The segments of the order after the ORC (OBR, TQ1, IPC, ZDS, NTE, OBX, ...).
    pub fn segments(&self) -> &[Segment<'a>] {
        &self.segments
    }

    /// ORC-1, order control.
    pub fn order_control(&self) -> OrderControl<'a> {
        OrderControl(self.orc.component_value(1, 1))
    }
    /// ORC-2.1 (or OBR-2.1), placer order number.
    pub fn placer_order_number(&self) -> Cow<'a, str> {
        let v = self.orc.component_value(2, 1);
        match (&v, self.obr()) {
            (v, Some(obr)) if v.is_empty() => obr.component_value(2, 1),
            _ => v,
        }
    }
    /// ORC-3.1 (or OBR-3.1), filler order number.
    pub fn filler_order_number(&self) -> Cow<'a, str> {
        let v = self.orc.component_value(3, 1);
        match (&v, self.obr()) {
            (v, Some(obr)) if v.is_empty() => obr.component_value(3, 1),
            _ => v,
        }
    }
    /// ORC-5, order status (table 0038: `SC` scheduled, `IP` in process, `CM` completed, `CA`...).
    pub fn order_status(&self) -> Cow<'a, str> {
        self.orc.component_value(5, 1)
    }
    /// OBR-4, universal service id (the requested procedure code, components 1-3).
    pub fn universal_service_id(&self) -> Option<Coded<'a>> {
        coded(&self.obr()?, 4)
    }
    /// OBR-4 components 4-6, which IHE RAD-4 (v2.3.1) uses for the scheduled protocol code.
    pub fn scheduled_protocol(&self) -> Option<Coded<'a>> {
        let u = self.universal_service_id()?;
        let c = Coded {
            identifier: u.alternate_identifier,
            text: u.alternate_text,
            coding_system: u.alternate_coding_system,
            ..Coded::default()
        };
        if c.is_empty() { None } else { Some(c) }
    }
    /// OBR-18, placer field 1: the accession number in IHE RAD (v2.3.1).
    pub fn accession_number(&self) -> Cow<'a, str> {
        self.obr()
            .map(|s| s.component_value(18, 1))
            .filter(|v| !v.is_empty())
            .or_else(|| {
                self.find("IPC")
                    .map(|s| Ipc(s).accession_identifier())
                    .filter(|v| !v.is_empty())
            })
            .unwrap_or(Cow::Borrowed(""))
    }
    /// OBR-19, placer field 2: the requested procedure id in IHE RAD (v2.3.1).
    pub fn requested_procedure_id(&self) -> Cow<'a, str> {
        self.obr()
            .map(|s| s.component_value(19, 1))
            .filter(|v| !v.is_empty())
            .or_else(|| self.find("IPC").map(|s| Ipc(s).requested_procedure_id()))
            .unwrap_or(Cow::Borrowed(""))
    }
    /// OBR-20, filler field 1: the scheduled procedure step id in IHE RAD (v2.3.1).
    pub fn scheduled_procedure_step_id(&self) -> Cow<'a, str> {
        self.obr()
            .map(|s| s.component_value(20, 1))
            .filter(|v| !v.is_empty())
            .or_else(|| {
                self.find("IPC")
                    .map(|s| Ipc(s).scheduled_procedure_step_id())
            })
            .unwrap_or(Cow::Borrowed(""))
    }
    /// OBR-24, diagnostic service section id: the modality in IHE RAD (v2.3.1); else IPC-5.1.
    pub fn modality(&self) -> Cow<'a, str> {
        self.obr()
            .map(|s| s.component_value(24, 1))
            .filter(|v| !v.is_empty())
            .or_else(|| {
                self.find("IPC")
                    .and_then(|s| Ipc(s).modality())
                    .map(|c| c.identifier)
            })
            .unwrap_or(Cow::Borrowed(""))
    }
    /// OBR-44, procedure code.
    pub fn procedure_code(&self) -> Option<Coded<'a>> {
        coded(&self.obr()?, 44)
    }
    /// The study instance UID: ZDS-1.1 (v2.3.1, IHE RAD) or else IPC-3.1 (v2.5.1).
    pub fn study_instance_uid(&self) -> Option<Cow<'a, str>> {
        self.find("ZDS")
            .map(|s| s.component_value(1, 1))
            .and_then(non_empty)
            .or_else(|| {
                self.find("IPC")
                    .map(|s| Ipc(s).study_instance_uid())
                    .and_then(non_empty)
            })
    }
    /// The ZDS segment (IHE RAD v2.3.1 study instance UID), if any.
    pub fn zds(&self) -> Option<Segment<'a>> {
        self.find("ZDS")
    }
    /// The IPC segments (one per scheduled procedure step).
    pub fn ipcs(&self) -> Vec<Ipc<'a>> {
        self.segments
            .iter()
            .filter(|s| s.id_str() == "IPC")
            .map(|s| Ipc(*s))
            .collect()
    }
    /// The first TQ1, if any.
    pub fn timing(&self) -> Option<Tq1<'a>> {
        self.find("TQ1").map(Tq1)
    }
}

/// Each `head` segment with the segments after it up to the next `head`.
fn group_by<'a>(msg: &Message<'a>, head: &str) -> Vec<(Segment<'a>, Vec<Segment<'a>>)> {
    let mut out: Vec<(Segment<'a>, Vec<Segment<'a>>)> = Vec::new();
    for s in msg.segments() {
        if s.id_str() == head {
            out.push((s, Vec::new()));
        } else if let Some(last) = out.last_mut() {
            last.1.push(s);
        }
    }
    out
}

fn check_type(
    msg: &Message<'_>,
    want: &[Structure],
    expected: &'static str,
) -> Result<Structure, Error> {
    let s = Structure::of(msg)
        .filter(|s| want.contains(s))
        .ok_or_else(|| {
            Error::new(
                ErrorKind::WrongMessageType { expected },
                msg.header()
                    .map(|h| h.location().with_field(9))
                    .unwrap_or_default(),
            )
        })?;
    s.check(msg)?;
    Ok(s)
}

/// An imaging order: ORM^O01 (v2.3.1, IHE RAD-2/3/4 with ZDS) or OMI^O23 (v2.5.1, with TQ1 and
/// IPC), grammar checked.
#[derive(Debug, Clone)]
pub struct OrderMessage<'a> {
    structure: Structure,
    patient: Option<Patient<'a>>,
    orders: Vec<Order<'a>>,
}

impl<'a> OrderMessage<'a> {
    /// Check the message type and structure and collect the orders.
    pub fn from_message(msg: &Message<'a>) -> Result<Self, Error> {
        let structure = check_type(
            msg,
            &[Structure::OrmO01, Structure::OmiO23],
            "ORM^O01 or OMI^O23",
        )?;
        let orders = group_by(msg, "ORC")
            .into_iter()
            .map(|(orc, segments)| Order { orc, segments })
            .collect();
        Ok(OrderMessage {
            structure,
            patient: Patient::from_message(msg),
            orders,
        })
    }

    /// Which structure the message has.
    pub fn structure(&self) -> Structure {
        self.structure
    }
    /// The patient (PID, PV1), if the message has one.
    pub fn patient(&self) -> Option<&Patient<'a>> {
        self.patient.as_ref()
    }
    /// The orders, one per ORC.
    pub fn orders(&self) -> &[Order<'a>] {
        &self.orders
    }
}

/// One OBR of a report and its OBX observations.
#[derive(Debug, Clone)]
pub struct Observation<'a> {
    /// The OBR segment.
    pub obr: Segment<'a>,
    /// The OBX segments under it.
    pub obx: Vec<Segment<'a>>,
}

impl<'a> Observation<'a> {
    /// The report text: every OBX-5 decoded (`\.br\` becomes a line break), one line each.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for (i, o) in self.obx.iter().enumerate() {
            if i > 0 {
                s.push('\n');
            }
            if let Some(f) = o.field(5) {
                let parts: Vec<Cow<'_, str>> = f.parts().map(|r| r.value()).collect();
                s.push_str(&parts.join("\n"));
            }
        }
        s
    }
}

/// A result/report: ORU^R01, grammar checked.
#[derive(Debug, Clone)]
pub struct ReportMessage<'a> {
    patient: Option<Patient<'a>>,
    observations: Vec<Observation<'a>>,
}

impl<'a> ReportMessage<'a> {
    /// Check the message type and structure and collect the observations.
    pub fn from_message(msg: &Message<'a>) -> Result<Self, Error> {
        check_type(msg, &[Structure::OruR01], "ORU^R01")?;
        let observations = group_by(msg, "OBR")
            .into_iter()
            .map(|(obr, segs)| Observation {
                obr,
                obx: segs.into_iter().filter(|s| s.id_str() == "OBX").collect(),
            })
            .collect();
        Ok(ReportMessage {
            patient: Patient::from_message(msg),
            observations,
        })
    }
    /// The first patient.
    pub fn patient(&self) -> Option<&Patient<'a>> {
        self.patient.as_ref()
    }
    /// The OBR groups.
    pub fn observations(&self) -> &[Observation<'a>] {
        &self.observations
    }
}

/// A patient update (ADT^A08, RAD-12) or merge (ADT^A40), grammar checked.
#[derive(Debug, Clone)]
pub struct AdtMessage<'a> {
    structure: Structure,
    patient: Option<Patient<'a>>,
    mrg: Option<Segment<'a>>,
}

impl<'a> AdtMessage<'a> {
    /// Check the message type (ADT_A01 family or ADT_A39 family) and structure.
    pub fn from_message(msg: &Message<'a>) -> Result<Self, Error> {
        let structure = check_type(
            msg,
            &[Structure::AdtA01, Structure::AdtA39],
            "ADT^A08 or ADT^A40",
        )?;
        Ok(AdtMessage {
            structure,
            patient: Patient::from_message(msg),
            mrg: msg.segment_by_id("MRG", 1),
        })
    }
    /// Which structure.
    pub fn structure(&self) -> Structure {
        self.structure
    }
    /// The (surviving) patient.
    pub fn patient(&self) -> Option<&Patient<'a>> {
        self.patient.as_ref()
    }
    /// MRG-1, the prior patient identifiers (A40: the merged-away ids).
    pub fn prior_identifiers(&self) -> Vec<ExtendedId<'a>> {
        self.mrg
            .and_then(|m| m.field(1))
            .map(|f| {
                f.parts()
                    .filter(|r| !r.is_empty())
                    .map(ExtendedId::from_element)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// An acknowledgement: ACK, ORR^O02 or ORI^O24, grammar checked.
#[derive(Debug, Clone)]
pub struct AckMessage<'a> {
    msa: Segment<'a>,
    structure: Structure,
}

impl<'a> AckMessage<'a> {
    /// Check the message type and structure.
    pub fn from_message(msg: &Message<'a>) -> Result<Self, Error> {
        let structure = check_type(
            msg,
            &[Structure::Ack, Structure::OrrO02, Structure::OriO24],
            "ACK, ORR^O02 or ORI^O24",
        )?;
        let msa = msg.segment_by_id("MSA", 1).ok_or_else(|| {
            Error::new(
                ErrorKind::MissingSegment {
                    structure: structure.as_str(),
                    expected: "MSA",
                },
                Location::default(),
            )
        })?;
        Ok(AckMessage { msa, structure })
    }
    /// Which structure.
    pub fn structure(&self) -> Structure {
        self.structure
    }
    /// MSA-1, acknowledgment code (table 0008).
    pub fn code(&self) -> Cow<'a, str> {
        self.msa.component_value(1, 1)
    }
    /// MSA-2, the control id of the acknowledged message.
    pub fn acknowledged_control_id(&self) -> Cow<'a, str> {
        self.msa.component_value(2, 1)
    }
}

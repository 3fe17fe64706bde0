//! Reading HL7 v2 order and report messages for the mappings: segment groups with their
//! occurrence numbers (for located warnings) and small field readers over
//! [`hl7v2_imaging::Segment`].

use crate::Warning;
use hl7v2_imaging::{Element, Message, Segment};

/// A segment with its occurrence number among the segments of the same id (1-based), so that
/// warnings can say `OBR[2]-34`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Seg<'a> {
    pub(crate) seg: Segment<'a>,
    pub(crate) occ: usize,
}

impl<'a> Seg<'a> {
    /// `OBR[1]-34` (`MSH-18` for the header).
    pub(crate) fn loc(&self, field: usize) -> String {
        let id = self.seg.id_str();
        if id == "MSH" {
            format!("MSH-{field}")
        } else {
            format!("{id}[{}]-{field}", self.occ)
        }
    }

    /// `OBR[1]-4.2`.
    pub(crate) fn loc_c(&self, field: usize, comp: usize) -> String {
        format!("{}.{comp}", self.loc(field))
    }

    pub(crate) fn id(&self) -> &'a str {
        self.seg.id_str()
    }

    /// The field (all repetitions).
    pub(crate) fn field(&self, n: usize) -> Option<Element<'a>> {
        self.seg.field(n)
    }

    /// The first repetition of field `n`.
    pub(crate) fn rep1(&self, n: usize) -> Option<Element<'a>> {
        self.seg.field(n).and_then(|f| f.repetition(1))
    }

    /// Component `c` of the first repetition of field `n`, decoded (empty when absent; `""`
    /// stays `""` so that callers can see the explicit null).
    pub(crate) fn c(&self, n: usize, c: usize) -> String {
        self.seg.component_value(n, c).into_owned()
    }

    /// The non-empty repetitions of field `n`.
    pub(crate) fn reps(&self, n: usize) -> Vec<Element<'a>> {
        self.seg
            .field(n)
            .map(|f| f.parts().filter(|r| !r.is_empty()).collect())
            .unwrap_or_default()
    }

    /// True when field `n` holds `""` (HL7 v2.5.1 Ch. 2 §2.5.3 explicit null).
    pub(crate) fn is_null(&self, n: usize) -> bool {
        self.seg.field(n).is_some_and(|f| f.is_null())
    }

    /// True when field `n` has any content.
    pub(crate) fn has(&self, n: usize) -> bool {
        self.seg.field(n).is_some_and(|f| !f.is_empty())
    }
}

/// Component `c` of an element (a repetition), decoded; empty when absent.
pub(crate) fn comp(e: Option<Element<'_>>, c: usize) -> String {
    e.and_then(|e| e.component(c))
        .map(|c| c.value().into_owned())
        .unwrap_or_default()
}

/// Subcomponent `s` of component `c` of an element, decoded; empty when absent.
pub(crate) fn sub(e: Option<Element<'_>>, c: usize, s: usize) -> String {
    e.and_then(|e| e.component(c))
        .and_then(|c| c.subcomponent(s))
        .map(|c| c.value().into_owned())
        .unwrap_or_default()
}

/// A coded element (CE/CWE; HL7 v2.5.1 Ch. 2A.8/2A.13) read from a repetition.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Ce {
    pub(crate) code: String,
    pub(crate) text: String,
    pub(crate) system: String,
    pub(crate) alt_code: String,
    pub(crate) alt_text: String,
    pub(crate) alt_system: String,
    /// CWE.9 original text (v2.5.1).
    pub(crate) original_text: String,
}

impl Ce {
    pub(crate) fn read(e: Option<Element<'_>>) -> Ce {
        Ce {
            code: comp(e, 1),
            text: comp(e, 2),
            system: comp(e, 3),
            alt_code: comp(e, 4),
            alt_text: comp(e, 5),
            alt_system: comp(e, 6),
            original_text: comp(e, 9),
        }
    }

    /// The primary triple is empty.
    pub(crate) fn is_empty(&self) -> bool {
        self.code.is_empty() && self.text.is_empty() && self.system.is_empty()
    }

    /// Components 4-6 as a triple.
    pub(crate) fn alternate(&self) -> Ce {
        Ce {
            code: self.alt_code.clone(),
            text: self.alt_text.clone(),
            system: self.alt_system.clone(),
            ..Ce::default()
        }
    }
}

/// One ORC group of an order message: the ORC and the segments up to the next ORC.
#[derive(Debug, Clone)]
pub(crate) struct OrderGroup<'a> {
    pub(crate) orc: Seg<'a>,
    pub(crate) tq1: Option<Seg<'a>>,
    pub(crate) obr: Option<Seg<'a>>,
    /// NTEs that follow the OBR or its OBX segments.
    pub(crate) obr_ntes: Vec<Seg<'a>>,
    pub(crate) obx: Vec<Seg<'a>>,
    pub(crate) ipcs: Vec<Seg<'a>>,
    pub(crate) zds: Option<Seg<'a>>,
}

/// The parts of an order (ORM^O01, OMI^O23, OMG^O19) or report (ORU^R01) message the mappings
/// read, grouped leniently (the grammar itself is checked by `hl7v2_imaging::typed`).
#[derive(Debug, Clone)]
pub(crate) struct View<'a> {
    pub(crate) msh: Seg<'a>,
    pub(crate) pid: Option<Seg<'a>>,
    pub(crate) pid_ntes: Vec<Seg<'a>>,
    pub(crate) pv1: Option<Seg<'a>>,
    pub(crate) groups: Vec<OrderGroup<'a>>,
    /// For reports: each OBR with its OBX segments.
    pub(crate) reports: Vec<(Seg<'a>, Vec<Seg<'a>>)>,
    /// For reports: the ORC before each OBR, if any (same index as `reports`).
    pub(crate) report_orcs: Vec<Option<Seg<'a>>>,
}

impl<'a> View<'a> {
    pub(crate) fn new(msg: &Message<'a>) -> Option<View<'a>> {
        let mut counts: Vec<([u8; 3], usize)> = Vec::new();
        let mut segs = Vec::with_capacity(msg.segment_count());
        for seg in msg.segments() {
            let id = seg.id().0;
            let occ = match counts.iter_mut().find(|(i, _)| *i == id) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    counts.push((id, 1));
                    1
                }
            };
            segs.push(Seg { seg, occ });
        }
        let msh = *segs.first().filter(|s| s.id() == "MSH")?;
        let mut view = View {
            msh,
            pid: None,
            pid_ntes: Vec::new(),
            pv1: None,
            groups: Vec::new(),
            reports: Vec::new(),
            report_orcs: Vec::new(),
        };
        // Where NTE segments belong: after PID, after OBR, or elsewhere.
        #[derive(PartialEq)]
        enum At {
            Start,
            Pid,
            Obr,
            Other,
        }
        let mut at = At::Start;
        let mut last_orc: Option<Seg<'a>> = None;
        for s in segs.iter().skip(1).copied() {
            match s.id() {
                "PID" => {
                    if view.pid.is_none() {
                        view.pid = Some(s);
                        at = At::Pid;
                    } else {
                        at = At::Other;
                    }
                }
                "PV1" => {
                    if view.pv1.is_none() && view.groups.is_empty() {
                        view.pv1 = Some(s);
                    }
                    at = At::Other;
                }
                "NTE" => match at {
                    At::Pid => view.pid_ntes.push(s),
                    At::Obr => {
                        if let Some(g) = view.groups.last_mut() {
                            g.obr_ntes.push(s);
                        }
                    }
                    _ => {}
                },
                "ORC" => {
                    view.groups.push(OrderGroup {
                        orc: s,
                        tq1: None,
                        obr: None,
                        obr_ntes: Vec::new(),
                        obx: Vec::new(),
                        ipcs: Vec::new(),
                        zds: None,
                    });
                    last_orc = Some(s);
                    at = At::Other;
                }
                "OBR" => {
                    if let Some(g) = view.groups.last_mut()
                        && g.obr.is_none()
                    {
                        g.obr = Some(s);
                    }
                    view.reports.push((s, Vec::new()));
                    view.report_orcs.push(last_orc.take());
                    at = At::Obr;
                }
                "OBX" => {
                    if let Some(g) = view.groups.last_mut() {
                        g.obx.push(s);
                    }
                    if let Some(r) = view.reports.last_mut() {
                        r.1.push(s);
                    }
                    // NTEs after the OBR's OBX segments are still the order's comments
                    // (dcm4chee-arc `hl7-order2dcm.xsl` reads every NTE of the order).
                    if at != At::Obr {
                        at = At::Other;
                    }
                }
                "TQ1" => {
                    if let Some(g) = view.groups.last_mut()
                        && g.tq1.is_none()
                    {
                        g.tq1 = Some(s);
                    }
                    at = At::Other;
                }
                "IPC" => {
                    if let Some(g) = view.groups.last_mut() {
                        g.ipcs.push(s);
                    }
                    at = At::Other;
                }
                "ZDS" => {
                    if let Some(g) = view.groups.last_mut()
                        && g.zds.is_none()
                    {
                        g.zds = Some(s);
                    }
                    at = At::Other;
                }
                _ => at = At::Other,
            }
        }
        Some(view)
    }

    /// MSH-10, the message control id.
    pub(crate) fn control_id(&self) -> String {
        self.msh.c(10, 1)
    }
}

/// An HL7 DTM (HL7 v2.5.1 Ch. 2A.22): `YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Dtm {
    /// `YYYYMMDD` (only when all eight digits are there).
    pub(crate) date: String,
    /// `HH[MM[SS[.F+]]]` as sent.
    pub(crate) time: String,
    /// `+ZZZZ`/`-ZZZZ` as sent.
    pub(crate) offset: String,
}

impl Dtm {
    /// Split a DTM; `None` when it does not start with eight digits forming a plausible date.
    pub(crate) fn parse(s: &str) -> Option<Dtm> {
        let s = s.trim();
        let (body, offset) = match s.find(['+', '-']) {
            Some(i) => (s.get(..i)?, s.get(i..)?),
            None => (s, ""),
        };
        let date = body.get(..8)?;
        if !valid_date(date) {
            return None;
        }
        let time = body.get(8..).unwrap_or("");
        let digits_ok = time
            .bytes()
            .enumerate()
            .all(|(i, b)| b.is_ascii_digit() || (b == b'.' && i == 6));
        if !digits_ok || matches!(time.len(), 1 | 3 | 5) {
            return None;
        }
        let offset_ok = offset.is_empty()
            || (offset.len() == 5 && offset.bytes().skip(1).all(|b| b.is_ascii_digit()));
        if !offset_ok {
            return None;
        }
        Some(Dtm {
            date: date.to_owned(),
            time: time.to_owned(),
            offset: offset.to_owned(),
        })
    }

    /// FHIR `dateTime` (FHIR R5 datatypes.html#dateTime): a time needs seconds and a zone.
    /// Without an offset in the DTM, `assume_offset` (`+00:00`) is used; when that is `None`
    /// only the date is kept and `time_dropped` is true.
    pub(crate) fn to_fhir(&self, assume_offset: Option<&str>) -> (String, bool) {
        let date = format!(
            "{}-{}-{}",
            self.date.get(..4).unwrap_or(""),
            self.date.get(4..6).unwrap_or(""),
            self.date.get(6..8).unwrap_or("")
        );
        if self.time.is_empty() {
            return (date, false);
        }
        let offset = if self.offset.is_empty() {
            match assume_offset {
                Some(o) => o.to_owned(),
                None => return (date, true),
            }
        } else {
            format!(
                "{}:{}",
                self.offset.get(..3).unwrap_or("+00"),
                self.offset.get(3..5).unwrap_or("00")
            )
        };
        let t = &self.time;
        let hh = t.get(..2).unwrap_or("00");
        let mm = t.get(2..4).unwrap_or("00");
        let ss = t.get(4..6).unwrap_or("00");
        let frac = t.get(6..).unwrap_or("");
        (format!("{date}T{hh}:{mm}:{ss}{frac}{offset}"), false)
    }
}

/// `YYYYMMDD` with a month 01-12 and a day 01-31.
pub(crate) fn valid_date(d: &str) -> bool {
    if d.len() != 8 || !d.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let m: u32 = d.get(4..6).and_then(|m| m.parse().ok()).unwrap_or(0);
    let day: u32 = d.get(6..8).and_then(|m| m.parse().ok()).unwrap_or(0);
    (1..=12).contains(&m) && (1..=31).contains(&day)
}

/// The fields a mapping reads, per segment id (set-id fields included, as structural).
pub(crate) type UsedFields = &'static [(&'static str, &'static [usize])];

/// True when a warning is already located at `loc` (`OBR[1]-34`, `OBR[1]-34.1`, or as the last
/// word of a longer location such as `(0040,0001) IPC[1]-9`).
fn located_at(warnings: &[Warning], loc: &str) -> bool {
    let dotted = format!("{loc}.");
    warnings.iter().any(|w| {
        w.location
            .split(' ')
            .any(|t| t == loc || t.starts_with(&dotted))
    })
}

/// Warn about every valued field the mapping did not read, and every segment it does not know
/// (MSH is envelope and is skipped): the mappings never drop input silently.
pub(crate) fn warn_unread(
    msg: &Message<'_>,
    used: UsedFields,
    target: &str,
    warnings: &mut Vec<Warning>,
) {
    let mut counts: Vec<([u8; 3], usize)> = Vec::new();
    for seg in msg.segments() {
        let id = seg.id().0;
        let occ = match counts.iter_mut().find(|(i, _)| *i == id) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                counts.push((id, 1));
                1
            }
        };
        let s = Seg { seg, occ };
        let name = s.id();
        if name == "MSH" {
            continue;
        }
        let valued: Vec<usize> = (1..=seg.field_count()).filter(|f| s.has(*f)).collect();
        match used.iter().find(|(i, _)| *i == name) {
            None => {
                if !valued.is_empty() {
                    warnings.push(Warning::new(
                        format!("{name}[{occ}]"),
                        format!("segment not mapped to {target}"),
                    ));
                }
            }
            Some((_, fields)) => {
                for f in valued {
                    let loc = s.loc(f);
                    if !fields.contains(&f) && !located_at(warnings, &loc) {
                        let raw = seg
                            .field(f)
                            .map(|e| String::from_utf8_lossy(e.raw()).into_owned())
                            .unwrap_or_default();
                        let shown: String = raw.chars().take(40).collect();
                        let more = if raw.chars().count() > 40 { "…" } else { "" };
                        warnings.push(Warning::new(
                            loc,
                            format!("`{shown}{more}` not mapped to {target}"),
                        ));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// HL7 v2.5.1 Ch. 2A.22 DTM and FHIR R5 dateTime.
    #[test]
    fn dtm_to_fhir() {
        let cases: &[(&str, Option<&str>, &str, bool)] = &[
            (
                "200008161510",
                Some("+00:00"),
                "2000-08-16T15:10:00+00:00",
                false,
            ),
            ("200008161510", None, "2000-08-16", true),
            ("20000816", None, "2000-08-16", false),
            (
                "20220324193057-0500",
                None,
                "2022-03-24T19:30:57-05:00",
                false,
            ),
            (
                "20010501141500.0000",
                Some("+01:00"),
                "2001-05-01T14:15:00.0000+01:00",
                false,
            ),
        ];
        for (dtm, off, want, dropped) in cases {
            let d = Dtm::parse(dtm).unwrap_or_default();
            assert_eq!(d.to_fhir(*off), ((*want).to_owned(), *dropped), "{dtm}");
        }
        assert!(Dtm::parse("2000").is_none());
        assert!(Dtm::parse("20001340").is_none());
        assert!(Dtm::parse("200008161").is_none());
    }
}

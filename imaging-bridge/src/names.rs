//! Person names: HL7 XPN / XCN / CNN to DICOM PN and FHIR HumanName, and back.
//!
//! HL7 XPN (HL7 v2.5.1 Ch. 2A.88) is `family ^ given ^ middle ^ suffix ^ prefix ^ degree`;
//! XCN (Ch. 2A.86) is the same shifted by one after an ID; CNN (Ch. 2A.10) uses
//! subcomponents `ID & family & given & middle & suffix & prefix & degree`. DICOM PN
//! (PS3.5 §6.2) is `family ^ given ^ middle ^ prefix ^ suffix`: components 4 and 5 swap and the
//! degree is appended to the suffix with a space, as in PS3.5's own example
//! (`Adams^John Robert Quincy^^Rev.^B.A. M.Div.`) and dcm4chee-arc's `hl7-common.xsl`
//! (`xpn2pnAttr`).

use crate::v2::{comp, sub};
use hl7v2_imaging::Element;

/// A person's name as read from HL7, before it is written as DICOM PN or FHIR HumanName.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Name {
    pub(crate) id: String,
    pub(crate) family: String,
    pub(crate) given: String,
    pub(crate) middle: String,
    pub(crate) suffix: String,
    pub(crate) prefix: String,
    pub(crate) degree: String,
}

fn clean(s: String) -> String {
    if s == "\"\"" { String::new() } else { s }
}

impl Name {
    /// XPN (`offset` 0) or XCN (`offset` 1) from a repetition.
    pub(crate) fn from_xpn(e: Option<Element<'_>>, offset: usize) -> Name {
        Name {
            id: if offset == 1 {
                clean(comp(e, 1))
            } else {
                String::new()
            },
            family: clean(sub(e, 1 + offset, 1)),
            given: clean(comp(e, 2 + offset)),
            middle: clean(comp(e, 3 + offset)),
            suffix: clean(comp(e, 4 + offset)),
            prefix: clean(comp(e, 5 + offset)),
            degree: clean(comp(e, 6 + offset)),
        }
    }

    /// CNN from the subcomponents of component 1 (NDL.1, OBR-32..35).
    pub(crate) fn from_cnn(e: Option<Element<'_>>) -> Name {
        Name {
            id: clean(sub(e, 1, 1)),
            family: clean(sub(e, 1, 2)),
            given: clean(sub(e, 1, 3)),
            middle: clean(sub(e, 1, 4)),
            suffix: clean(sub(e, 1, 5)),
            prefix: clean(sub(e, 1, 6)),
            degree: clean(sub(e, 1, 7)),
        }
    }

    /// True when no name component is valued (the ID does not count).
    pub(crate) fn is_empty(&self) -> bool {
        self.family.is_empty()
            && self.given.is_empty()
            && self.middle.is_empty()
            && self.suffix.is_empty()
            && self.prefix.is_empty()
            && self.degree.is_empty()
    }

    /// DICOM PN (PS3.5 §6.2), one alphabetic group, trailing empty components dropped.
    pub(crate) fn to_pn(&self) -> String {
        let suffix = [self.suffix.as_str(), self.degree.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let parts = [
            self.family.as_str(),
            self.given.as_str(),
            self.middle.as_str(),
            self.prefix.as_str(),
            suffix.as_str(),
        ];
        let last = parts
            .iter()
            .rposition(|p| !p.is_empty())
            .map_or(0, |i| i + 1);
        parts.get(..last).unwrap_or_default().join("^")
    }

    /// Read a DICOM PN's alphabetic group (`family^given^middle^prefix^suffix`).
    pub(crate) fn from_pn(pn: &str) -> Name {
        let alpha = pn.split('=').next().unwrap_or("");
        let mut it = alpha.split('^').map(str::to_owned);
        Name {
            id: String::new(),
            family: it.next().unwrap_or_default(),
            given: it.next().unwrap_or_default(),
            middle: it.next().unwrap_or_default(),
            prefix: it.next().unwrap_or_default(),
            suffix: it.next().unwrap_or_default(),
            degree: String::new(),
        }
    }

    /// FHIR HumanName (HL7 v2-to-FHIR IG `XPN[HumanName]`): family, given [given, middle],
    /// prefix, suffix [suffix, degree].
    pub(crate) fn to_fhir(&self) -> serde_json::Value {
        let mut m = serde_json::Map::new();
        if !self.family.is_empty() {
            m.insert("family".into(), self.family.clone().into());
        }
        let given: Vec<serde_json::Value> = [&self.given, &self.middle]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| (*s).clone().into())
            .collect();
        if !given.is_empty() {
            m.insert("given".into(), given.into());
        }
        if !self.prefix.is_empty() {
            m.insert("prefix".into(), vec![self.prefix.clone()].into());
        }
        let suffix: Vec<serde_json::Value> = [&self.suffix, &self.degree]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| (*s).clone().into())
            .collect();
        if !suffix.is_empty() {
            m.insert("suffix".into(), suffix.into());
        }
        serde_json::Value::Object(m)
    }

    /// Read a FHIR HumanName (reverse of [`Name::to_fhir`]; further given names are joined
    /// with a space into the middle name).
    pub(crate) fn from_fhir(v: &serde_json::Value) -> Name {
        let strs = |key: &str| -> Vec<String> {
            v.get(key)
                .and_then(|a| a.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|s| s.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        let given = strs("given");
        let prefix = strs("prefix");
        let suffix = strs("suffix");
        Name {
            id: String::new(),
            family: v
                .get("family")
                .and_then(|f| f.as_str())
                .unwrap_or("")
                .to_owned(),
            given: given.first().cloned().unwrap_or_default(),
            middle: given.get(1..).map(|g| g.join(" ")).unwrap_or_default(),
            suffix: suffix.first().cloned().unwrap_or_default(),
            prefix: prefix.join(" "),
            degree: suffix.get(1..).map(|g| g.join(" ")).unwrap_or_default(),
        }
    }

    /// A display form for FHIR `Reference.display`: `given middle family`.
    pub(crate) fn display(&self) -> String {
        [
            &self.prefix,
            &self.given,
            &self.middle,
            &self.family,
            &self.suffix,
        ]
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hl7v2_imaging::Message;

    fn pid5(v: &str, offset: usize) -> String {
        let text = format!("MSH|^~\\&|A|B|C|D|||ORM^O01|1|P|2.3.1\rPID|||1||{v}\r");
        let msg = Message::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        let pid = msg.segment_by_id("PID", 1);
        let rep = pid.and_then(|p| p.field(5)).and_then(|f| f.repetition(1));
        Name::from_xpn(rep, offset).to_pn()
    }

    /// The examples of the mapping note §1.2a (PS3.5 §6.2 component order).
    #[test]
    fn xpn_and_xcn_to_pn() {
        assert_eq!(
            pid5("Doe^Jane^Marie^Jr^Dr^PhD", 0),
            "Doe^Jane^Marie^Dr^Jr PhD"
        );
        assert_eq!(pid5("DOE^J1", 0), "DOE^J1");
        assert_eq!(pid5("5101^NELL^FREDERICK^P^^DR", 1), "NELL^FREDERICK^P^DR");
        assert_eq!(
            pid5(
                "^RequestingPhysicianFN^RequestingPhysicianGN^RequestingPhysicianMN^^DR^Md",
                1
            ),
            "RequestingPhysicianFN^RequestingPhysicianGN^RequestingPhysicianMN^DR^Md"
        );
        assert_eq!(pid5("", 0), "");
    }

    #[test]
    fn pn_fhir_round_trip() {
        let n = Name::from_pn("Adams^John Robert Quincy^^Rev.^B.A. M.Div.");
        assert_eq!(n.family, "Adams");
        assert_eq!(n.prefix, "Rev.");
        assert_eq!(Name::from_fhir(&n.to_fhir()).to_pn(), n.to_pn());
    }
}

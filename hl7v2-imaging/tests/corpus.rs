//! The HL7 v2 corpus (tests/data/hl7v2, see its SOURCES.md): every file parses without panic,
//! the expected ones without error, the writer is lossless, and chosen values are what the
//! messages hold.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hl7v2_imaging::{ErrorKind, Message, MessageBuf, Terminator, Warning, parse_file};
use std::path::{Path, PathBuf};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hl7v2")
}

fn files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.file_name().unwrap() != "SOURCES.md" {
                out.push(p);
            }
        }
    }
    let mut v = Vec::new();
    walk(&data(), &mut v);
    v.sort();
    v
}

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(data().join(rel)).unwrap()
}

const DCM: &str = "dcm4che/dcm4che-assembly/src/etc/testdata/hl7/";
const TI: &str = "trusted-intermediary/examples/";
const HAPI: &str = "hapi-hl7v2/hapi-test/src/test/resources/ca/uhn/hl7v2/";

/// Files expected to fail, with the error kind.
fn expected_failure(name: &str) -> Option<&'static str> {
    match name {
        "empty.hl7" => Some("empty"),
        "msh_present_but_missing_all_fields.hl7" | "msh_present_but_missing_msh-2.hl7" => {
            Some("delimiters")
        }
        _ => None,
    }
}

#[test]
fn every_file_parses_as_expected() {
    let files = files();
    assert_eq!(files.len(), 55, "the corpus has 55 message files");
    let mut messages = 0;
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let name = f.file_name().unwrap().to_str().unwrap();
        let parsed = parse_file(&bytes);
        match expected_failure(name) {
            Some("empty") => {
                assert_eq!(parsed.unwrap_err().kind(), &ErrorKind::Empty, "{name}");
            }
            Some(_) => {
                let file = parsed.unwrap();
                assert_eq!(file.messages.len(), 1);
                let err = file.messages[0].as_ref().unwrap_err();
                assert!(
                    matches!(err.kind(), ErrorKind::BadDelimiters(_)),
                    "{name}: {err}"
                );
                assert_eq!(err.location().field, Some(2), "{name}: {err}");
            }
            _ => {
                let file = parsed.unwrap_or_else(|e| panic!("{name}: {e}"));
                for m in &file.messages {
                    let m = m.as_ref().unwrap_or_else(|e| panic!("{name}: {e}"));
                    messages += 1;
                    // Read everything once: no panic, and values decode.
                    for seg in m.segments() {
                        for fld in seg.fields() {
                            for r in fld.parts() {
                                for c in r.parts() {
                                    for s in c.parts() {
                                        let _ = s.value();
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    assert_eq!(messages, 52 + 12 + 17, "messages in the corpus");
}

#[test]
fn writer_is_lossless() {
    for f in files() {
        let bytes = std::fs::read(&f).unwrap();
        let Ok(file) = parse_file(&bytes) else {
            continue;
        };
        if file.messages.len() != 1 || !file.batch_segments.is_empty() {
            continue;
        }
        let Ok(m) = &file.messages[0] else { continue };
        // Lossless for every single-message file without empty lines, whatever the terminators.
        if !m
            .warnings()
            .iter()
            .any(|w| matches!(w, Warning::EmptyLine(_)))
        {
            assert_eq!(m.to_bytes(), bytes, "{}", f.display());
        }
        // The owned twin writes CR: identical bytes for CR-terminated messages.
        let cr_only = !bytes.contains(&b'\n')
            && bytes.ends_with(b"\r")
            && !bytes.windows(2).any(|w| w == b"\r\r");
        if cr_only {
            assert_eq!(MessageBuf::from(m).to_bytes(), bytes, "{}", f.display());
        }
        // Canonical output re-parses to the same values.
        let canon = m.to_canonical();
        let again = Message::parse(&canon).unwrap();
        assert_eq!(again.segment_count(), m.segment_count());
        for p in ["MSH-9.1", "MSH-10", "PID-3.1", "PID-5.1", "OBR-4.2"] {
            assert_eq!(
                again.get(p).unwrap().unwrap_or_default(),
                m.get(p).unwrap().unwrap_or_default(),
                "{p} in {}",
                f.display()
            );
        }
    }
}

#[test]
fn cr_terminated_files_counted() {
    let mut cr = 0;
    for f in files() {
        let bytes = std::fs::read(&f).unwrap();
        if let Ok(m) = Message::parse(&bytes)
            && m.segments()
                .all(|s| matches!(s.terminator(), Terminator::Cr | Terminator::None))
        {
            cr += 1;
            assert_eq!(m.to_bytes(), bytes);
        }
    }
    assert_eq!(cr, 18, "CR-terminated single messages");
}

fn get(m: &Message<'_>, p: &str) -> String {
    m.get(p)
        .unwrap()
        .map(|c| c.into_owned())
        .unwrap_or_default()
}

/// dcm4che ORM^O01 v2.3.1 (IHE RAD-4 with ZDS); MSH-18 is a single space.
#[test]
fn orm_o01_values() {
    let b = read(&format!("{DCM}ORM^O01.hl7"));
    let m = Message::parse(&b).unwrap();
    for (p, v) in [
        ("MSH-1", "|"),
        ("MSH-2", "^~\\&"),
        ("MSH-3", "MESA_OF"),
        ("MSH-9", "ORM^O01"),
        ("MSH-9.1", "ORM"),
        ("MSH-9.2", "O01"),
        ("MSH-10", "103106"),
        ("MSH-12", "2.3.1"),
        ("MSH-18", " "),
        ("PID-3.1", "583295"),
        ("PID-3.4", "ADT1"),
        ("PID-5", "DOE^J1"),
        ("PID-5.1", "DOE"),
        ("PID-5.2", "J1"),
        ("PID-8", "M"),
        ("PV1-8.2", "NELL"),
        ("PV1-19.1", "V103-1"),
        ("ORC-1", "NW"),
        ("ORC-5", "SC"),
        ("OBR-4.1", "P1"),
        ("OBR-4.4", "X1_A1"),
        ("OBR-18", "MOF5026"),
        ("OBR-19", "RP1026"),
        ("OBR-20", "SPS2032"),
        ("OBR-24", "MR"),
        ("OBR-44.2", "Procedure 1"),
        ("ZDS-1.1", "1.113654.3.13.1026"),
        ("ZDS-1.4", "DICOM"),
    ] {
        assert_eq!(get(&m, p), v, "{p}");
    }
    assert_eq!(m.get("PID-99").unwrap(), None);
    assert_eq!(m.get("OBX-1").unwrap(), None);
}

/// dcm4che OMI^O23 v2.5.1 with IPC; IPC-9 repeats; UTF-8 en dash while MSH-18 says 8859/1.
#[test]
fn omi_o23_values_and_charset_mismatch() {
    let b = read(&format!("{DCM}OMI^O23-ImagingOrder.hl7"));
    let m = Message::parse(&b).unwrap();
    for (p, v) in [
        ("MSH-9.3", "OMI_O23"),
        ("MSH-18", "8859/1"),
        ("PID-5.3", "Mark"),
        ("PID-7", "20141014"),
        ("TQ1-7", "200008161510"),
        ("OBX[2]-5", "1.65"),
        ("OBX[2]-3.2", "Body Height"),
        ("IPC-1", "AccessionNumber"),
        ("IPC-3", "1.2.392.200036.9125.0.198811291108.7"),
        ("IPC-5", "CT"),
        ("IPC-6.2", "Microscopic Observation"),
        ("IPC-9[1]", "ScheduledStationAET1"),
        ("IPC-9[2]", "ScheduledStationAET2"),
        ("IPC-9", "ScheduledStationAET1~ScheduledStationAET2"),
        (
            "OBR-31.2",
            "Rheumatoid, other arthritis with motor score from 12 \u{2013}35.,comorbidity in tier 3",
        ),
    ] {
        assert_eq!(get(&m, p), v, "{p}");
    }
    let info = m.charset_info();
    assert_eq!(info.declared, "8859/1");
    assert_eq!(info.effective, hl7v2_imaging::Charset::Utf8);
    assert!(info.mismatch);
    assert!(
        m.warnings()
            .iter()
            .any(|w| matches!(w, Warning::CharsetMismatch(_)))
    );
}

/// dcm4che SIU^S12 v2.4: `\XC7\\XC3\` (8859/1 bytes) next to raw UTF-8 text.
#[test]
fn siu_hex_escapes_next_to_utf8() {
    let b = read(&format!("{DCM}SIU^S12.hl7"));
    let m = Message::parse(&b).unwrap();
    assert_eq!(get(&m, "AIS-3.2"), "SEPTOPLASTIA (OPERAÇÃO ISOLADA)");
    assert_eq!(get(&m, "PV1-3.1"), "Clínica Médica");
    let raw = m.element(&"AIS-3.2".parse().unwrap()).unwrap().raw();
    assert_eq!(raw, b"SEPTOPLASTIA (OPERA\\XC7\\\\XC3\\O ISOLADA)");
}

/// hapi segmentfinder_a24: MSH-1 `^`, MSH-2 `~|\&`, CRLF terminators.
#[test]
fn non_default_delimiters_and_crlf() {
    let b = read(&format!("{HAPI}util/segmentfinder_a24.hl7"));
    let m = Message::parse(&b).unwrap();
    let d = m.delimiters();
    assert_eq!((d.field, d.component, d.repetition), (b'^', b'~', b'|'));
    assert_eq!(get(&m, "MSH-1"), "^");
    assert_eq!(get(&m, "MSH-2"), "~|\\&");
    assert_eq!(get(&m, "MSH-9.1"), "ADT");
    assert_eq!(get(&m, "MSH-9.2"), "A24");
    assert!(m.segments().all(|s| s.terminator() == Terminator::CrLf));
    assert!(m.warnings().iter().any(|w| matches!(
        w,
        Warning::Terminator {
            kind: Terminator::CrLf,
            ..
        }
    )));
    assert_eq!(m.segment_count(), 4);
}

/// hapi messages.txt: 18 messages with comment lines and blank separators; 3-character MSH-2.
#[test]
fn many_messages_with_comments() {
    let b = read(&format!("{HAPI}util/messages.txt"));
    let f = parse_file(&b).unwrap();
    assert_eq!(f.messages.len(), 18);
    assert!(!f.skipped.is_empty());
    let first = f.messages[0].as_ref().unwrap();
    assert_eq!(get(first, "MSH-3"), "RADIS1");
    assert_eq!(get(first, "OBR-4.2"), "CT CHEST");
    let three = f
        .ok_messages()
        .find(|m| m.delimiters().subcomponent.is_none())
        .expect("a message with a 3-character MSH-2");
    assert_eq!(three.delimiters().escape, b'}');
    assert_eq!(get(three, "MSH-2"), "^~}");
}

/// hapi example_oml_o21: 13 messages back to back, CR only.
#[test]
fn concatenated_messages() {
    let b = read(&format!("{HAPI}parser/example_oml_o21.hl7"));
    let f = parse_file(&b).unwrap();
    assert_eq!(f.messages.len(), 13);
    assert_eq!(f.ok_messages().count(), 13);
    let types: Vec<String> = f
        .ok_messages()
        .map(|m| format!("{}^{}", m.message_type().0, m.message_type().1))
        .collect();
    for (t, n) in [
        ("OML^O21", 7),
        ("ORL^O34", 1),
        ("ORU^R01", 1),
        ("OUL^R22", 4),
    ] {
        assert_eq!(types.iter().filter(|x| *x == t).count(), n, "{t}");
    }
    assert!(Message::parse(&b).is_err_and(|e| e.kind() == &ErrorKind::MultipleMessages));
}

/// trusted-intermediary batch: FHS/BHS before MSH, MSH-18 `UNICODE UTF-8`.
#[test]
fn batch_envelope() {
    let b = read(&format!(
        "{TI}Test/Results/005_AL_ORU_R01_NBS_Simplified_0_initial_message.hl7"
    ));
    let f = parse_file(&b).unwrap();
    assert_eq!(f.messages.len(), 1);
    assert_eq!(f.batch_segment("FHS").unwrap().value(4), "");
    assert_eq!(f.batch_segment("FHS").unwrap().value(5), "0.0.0.0.1");
    assert_eq!(
        f.batch_segment("BHS").unwrap().field(2).unwrap().value(),
        "^~\\&"
    );
    let m = f.messages[0].as_ref().unwrap();
    assert_eq!(m.charset(), hl7v2_imaging::Charset::Utf8);
    assert_eq!(get(m, "MSH-10"), "858625");
}

/// dcm4che ORU^R01-PDF: a raw CR cut OBX-5 after 4096 bytes; the tail is its own (bad) segment.
#[test]
fn cut_segment_is_reported_not_merged() {
    let b = read(&format!("{DCM}ORU^R01-PDF.hl7"));
    let m = Message::parse(&b).unwrap();
    assert_eq!(m.segment_count(), 10);
    assert!(
        m.warnings()
            .iter()
            .any(|w| matches!(w, Warning::BadSegmentId(l) if l.segment == Some(10)))
    );
}

/// trusted-intermediary Oracle ORM: `""` (null) distinct from empty.
#[test]
fn null_and_empty() {
    let b = read(&format!("{TI}Oracle/001_Oracle_ORM_O01.hl7"));
    let m = Message::parse(&b).unwrap();
    let nulls = m
        .segments()
        .flat_map(|s| s.fields().collect::<Vec<_>>())
        .filter(|f| f.is_null())
        .count();
    assert!(nulls > 0);
    let f = m
        .segments()
        .flat_map(|s| s.fields().collect::<Vec<_>>())
        .find(|f| f.is_null())
        .unwrap();
    assert!(!f.is_empty());
    assert_eq!(f.value(), "\"\"");
}

/// trusted-intermediary CA ORU: `\.br\` decodes to a line break; same content with CRLF and CR.
#[test]
fn formatted_text_and_terminator_variants() {
    let a = read(&format!(
        "{TI}CA/003_CA_ORU_R01_CDPH_produced_0_initial_message.hl7"
    ));
    let b = read(&format!(
        "{TI}CA/003_CA_ORU_R01_CDPH_produced_3_hl7_translation_final.hl7"
    ));
    let ma = Message::parse(&a).unwrap();
    let mb = Message::parse(&b).unwrap();
    let with_br = ma
        .segments()
        .filter(|s| s.id_str() == "NTE" || s.id_str() == "OBX")
        .filter_map(|s| s.field(if s.id_str() == "NTE" { 3 } else { 5 }))
        .find(|f| f.raw().windows(4).any(|w| w == b"\\.br"))
        .unwrap();
    assert!(with_br.value().contains('\n'));
    assert!(!with_br.value().contains("\\.br\\"));
    assert_eq!(get(&ma, "PID-5.1"), get(&mb, "PID-5.1"));
    assert_eq!(get(&ma, "MSH-10"), get(&mb, "MSH-10"));
}

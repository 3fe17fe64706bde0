//! HL7 v2 ER7: parse throughput and 10 terse-path reads on 10,000 ORM^O01/OMI^O23 messages,
//! hl7v2-imaging side by side with hl7-parser 0.3, rust-hl7 0.5 and er7 0.1, and a memchr3
//! scan over the three main delimiters as the floor. Peers in the same group and run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

/// IHE RAD-4 ORM^O01 v2.3.1 with ZDS, shaped like the dcm4che/MESA corpus message.
const ORM: &str = "MSH|^~\\&|MESA_OF|XYZ_RADIOLOGY|MESA_IM|XYZ_IMAGE_MANAGER|20240101{N}||ORM^O01|{N}|P|2.3.1||||||8859/1\r\
PID|||{N}^^^ADT1||DOE{N}^JANE^Q||19700101|F||WH|1 MAIN ST^^TOWN^ST^12345||||||||20983295\r\
PV1||E||||||5101^NELL^FREDERICK^P^^DR|||||||||||V{N}^^^ADT1|||||||||||||||||||||||||200007010800\r\
ORC|NW|A{N}^MESA_ORDPLC|B{N}^MESA_ORDFIL||SC||1^once^^^^S||200007010900|^ROSEWOOD^RANDOLPH||7101^ESTRADA^JAIME^P^^DR||(314)555-1212\r\
OBR|1|A{N}^MESA_ORDPLC|B{N}^MESA_ORDFIL|P1^Procedure 1^ERL_MESA^X1_A1^SP Action Item X1_A1^DSS_MESA|||||||||xxx||Radiology^^^^R|7101^ESTRADA^JAIME^P^^DR||ACC{N}|RP{N}|SPS{N}||||MR|||1^once^^^^S|||WALK||||7101^ESTRADA^JAIME^P^^DR|||||||A|||P1^Procedure 1^ERL_MESA\r\
ZDS|1.2.840.113654.3.13.{N}^100^Application^DICOM\r";

/// IHE RAD-4 OMI^O23 v2.5.1 with TQ1 and IPC.
const OMI: &str = "MSH|^~\\&|MESA_OF|XYZ_RADIOLOGY|MESA_IM|XYZ_IMAGE_MANAGER|20240101{N}||OMI^O23^OMI_O23|{N}|P|2.5.1||||||UNICODE UTF-8\r\
PID|||{N}^^^ADT1||SMITH{N}^LUCY^MARK||20141014|F|||PatientAddress\r\
PV1||E||||||^ReferringPhysicianFN^ReferringPhysicianGN^^^DR|||||||B6||||V{N}\r\
ORC|NW|P{N}|F{N}||SC||^^^^^R||||||||||HospID_1^Hospital1^CCN\r\
TQ1|||||||200008161510\r\
OBR||P{N}|F{N}|10637-7^Microscopic Observation^LN||||||||PatientState|MedicalAlerts|||^RequestingPhysicianFN^RequestingPhysicianGN|ACC{N}\r\
IPC|ACC{N}|RP{N}|1.2.392.200036.9125.{N}|SPS{N}|CT|10637-7^Microscopic Observation^LN|STATION1|ROOM1|AET1\r";

/// The 10 fields read per message, in each library's path syntax.
const OURS: [&str; 10] = [
    "MSH-9.1", "MSH-10", "PID-3.1", "PID-5.1", "PID-5.2", "PID-7", "ORC-1", "ORC-2.1", "OBR-4.1",
    "OBR-4.2",
];
const HL7_PARSER: [&str; 10] = [
    "MSH.9.1", "MSH.10", "PID.3.1", "PID.5.1", "PID.5.2", "PID.7", "ORC.1", "ORC.2.1", "OBR.4.1",
    "OBR.4.2",
];
/// rust-hl7 0.5 numbers MSH fields one lower than HL7 (its MSH.F8 is MSH-9): shifted here so
/// that every library reads the same values.
const RUST_HL7: [&str; 10] = [
    "MSH.F8.C1",
    "MSH.F9",
    "PID.F3.C1",
    "PID.F5.C1",
    "PID.F5.C2",
    "PID.F7",
    "ORC.F1",
    "ORC.F2.C1",
    "OBR.F4.C1",
    "OBR.F4.C2",
];

fn messages() -> Vec<String> {
    (0..10_000)
        .map(|i| {
            let t = if i % 2 == 0 { ORM } else { OMI };
            t.replace("{N}", &format!("{:06}", 100_000 + i))
        })
        .collect()
}

fn parse(c: &mut Criterion) {
    let msgs = messages();
    let bytes: usize = msgs.iter().map(String::len).sum();
    let mut g = c.benchmark_group("hl7v2_parse_10000_orm_omi");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function(BenchmarkId::new("memchr3_floor", bytes), |b| {
        b.iter(|| {
            let mut n = 0;
            for m in &msgs {
                n += memchr::memchr3_iter(b'|', b'^', b'\r', m.as_bytes()).count();
            }
            black_box(n)
        })
    });
    g.bench_function(BenchmarkId::new("hl7v2-imaging", bytes), |b| {
        b.iter(|| {
            for m in &msgs {
                black_box(hl7v2_imaging::Message::parse(black_box(m.as_bytes())).unwrap());
            }
        })
    });
    g.bench_function(BenchmarkId::new("er7", bytes), |b| {
        b.iter(|| {
            for m in &msgs {
                black_box(er7::parse(black_box(m)).unwrap());
            }
        })
    });
    g.bench_function(BenchmarkId::new("hl7-parser", bytes), |b| {
        b.iter(|| {
            for m in &msgs {
                black_box(hl7_parser::Message::parse(black_box(m)).unwrap());
            }
        })
    });
    g.bench_function(BenchmarkId::new("rust-hl7", bytes), |b| {
        b.iter(|| {
            for m in &msgs {
                black_box(rusthl7::message::Message::try_from(black_box(m.as_str())).unwrap());
            }
        })
    });
    g.finish();
}

fn query(c: &mut Criterion) {
    let msgs = messages();
    let bytes: usize = msgs.iter().map(String::len).sum();
    let ours: Vec<_> = msgs
        .iter()
        .map(|m| hl7v2_imaging::Message::parse(m.as_bytes()).unwrap())
        .collect();
    let ours_paths: Vec<hl7v2_imaging::TersePath> =
        OURS.iter().map(|p| p.parse().unwrap()).collect();
    let e7: Vec<_> = msgs.iter().map(|m| er7::parse(m).unwrap()).collect();
    let e7_paths: Vec<er7::Path> = OURS.iter().map(|p| p.parse().unwrap()).collect();
    let hp: Vec<_> = msgs
        .iter()
        .map(|m| hl7_parser::Message::parse(m).unwrap())
        .collect();
    let hp_paths: Vec<hl7_parser::query::LocationQuery> = HL7_PARSER
        .iter()
        .map(|p| hl7_parser::query::LocationQuery::parse(p).unwrap())
        .collect();
    let rh: Vec<_> = msgs
        .iter()
        .map(|m| rusthl7::message::Message::try_from(m.as_str()).unwrap())
        .collect();
    // Same values from every library on the first message (a sanity check, not a benchmark).
    for (i, p) in ours_paths.iter().enumerate() {
        let a = ours[1].get_path(p).unwrap_or_default().into_owned();
        let b = e7[1]
            .query_path(&e7_paths[i])
            .into_iter()
            .next()
            .unwrap_or_default();
        let c = hp[1]
            .query(hp_paths[i].clone())
            .map(|r| r.raw_value())
            .unwrap_or_default();
        let d = rh[1].query(RUST_HL7[i]);
        assert_eq!(a, b, "er7 {p}");
        assert_eq!(a, c, "hl7-parser {p}");
        assert_eq!(a, d, "rust-hl7 {p}");
    }
    let mut g = c.benchmark_group("hl7v2_query_10_fields_10000_orm_omi");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function(BenchmarkId::new("hl7v2-imaging", bytes), |b| {
        b.iter(|| {
            let mut n = 0;
            for m in &ours {
                for p in &ours_paths {
                    n += m.get_path(p).map_or(0, |v| v.len());
                }
            }
            black_box(n)
        })
    });
    g.bench_function(BenchmarkId::new("er7", bytes), |b| {
        b.iter(|| {
            let mut n = 0;
            for m in &e7 {
                for p in &e7_paths {
                    n += m.query_path(p).first().map_or(0, String::len);
                }
            }
            black_box(n)
        })
    });
    g.bench_function(BenchmarkId::new("hl7-parser", bytes), |b| {
        b.iter(|| {
            let mut n = 0;
            for m in &hp {
                for p in &hp_paths {
                    n += m.query(p.clone()).map_or(0, |r| r.raw_value().len());
                }
            }
            black_box(n)
        })
    });
    g.bench_function(BenchmarkId::new("rust-hl7", bytes), |b| {
        b.iter(|| {
            let mut n = 0;
            for m in &rh {
                for p in RUST_HL7 {
                    n += m.query(p).len();
                }
            }
            black_box(n)
        })
    });
    g.finish();
}

criterion_group!(benches, parse, query);
criterion_main!(benches);

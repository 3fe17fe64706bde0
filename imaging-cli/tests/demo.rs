//! `imaging demo`: runs on the bundled data, prints each step, and every artefact it writes
//! parses with our own crates (and with the peers: pydicom reads the worklist JSON,
//! fhir.resources the Bundles).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn run_demo(dir: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_imaging"))
        .args(["demo", "--out", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("imaging-demo-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn peers_required() -> bool {
    std::env::var("IMAGING_REQUIRE_PEERS").is_ok_and(|v| v == "1")
}

/// Run one of imaging-bridge's peer scripts; `false` when the peer is missing (skipped).
fn python(script: &str, args: &[&Path]) -> bool {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../imaging-bridge/tests/peers")
        .join(script);
    let out = match Command::new("python3").arg(&path).args(args).output() {
        Ok(o) => o,
        Err(e) => {
            assert!(!peers_required(), "python3: {e}");
            println!("skipped: python3 not runnable: {e}");
            return false;
        }
    };
    if out.status.code() == Some(3) {
        assert!(
            !peers_required(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        println!("skipped: {}", String::from_utf8_lossy(&out.stderr).trim());
        return false;
    }
    assert!(
        out.status.success(),
        "{script}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    true
}

#[test]
fn demo_steps_and_artefacts_parse_with_our_crates() {
    let dir = temp("ours");
    let text = run_demo(&dir);
    for n in 1..=8 {
        assert!(
            text.contains(&format!("step {n}: ")),
            "step {n} missing:\n{text}"
        );
    }
    assert!(!text.contains("not built"), "{text}");
    assert!(
        !text.contains("DIFFERENT"),
        "FHIR-first worklist items differ:\n{text}"
    );
    let omi = std::fs::read(dir.join("fhir-first/omi-o23-omi-o23.hl7")).unwrap();
    let msg = hl7v2_imaging::Message::parse(&omi).unwrap();
    hl7v2_imaging::typed::OrderMessage::from_message(&msg).unwrap();
    // Orders parse with hl7v2-imaging.
    for f in ["orders/orm-o01.hl7", "orders/omi-o23.hl7"] {
        let b = std::fs::read(dir.join(f)).unwrap();
        hl7v2_imaging::Message::parse(&b).unwrap();
    }
    // Worklist items and WADO-RS metadata decode with dicom-json-codec.
    for f in ["mwl/orm-o01.json", "mwl/omi-o23.json", "wado/metadata.json"] {
        let sets =
            dicom_json_codec::from_slice_array(&std::fs::read(dir.join(f)).unwrap()).unwrap();
        assert!(!sets.is_empty(), "{f}");
    }
    // The STOW-RS body splits back into the two instances with dicomweb-types.
    let ct = std::fs::read_to_string(dir.join("stow/request.content-type")).unwrap();
    let boundary = dicomweb_types::MediaType::parse(&ct)
        .unwrap()
        .boundary()
        .unwrap();
    let body = std::fs::read(dir.join("stow/request.multipart")).unwrap();
    let parts =
        dicomweb_types::multipart::collect(&body.into(), &boundary, &Default::default()).unwrap();
    assert_eq!(parts.len(), 2);
    assert_eq!(
        &parts[0].body[..],
        &std::fs::read(dir.join("stow/part-0001.dcm")).unwrap()[..]
    );
    // FHIR Bundles decode and validate with fhir-imaging.
    for v in ["r4", "r5"] {
        for f in [
            format!("fhir/orm-o01-servicerequest-{v}.json"),
            format!("fhir/omi-o23-servicerequest-{v}.json"),
            format!("fhir/imagingstudy-{v}.json"),
        ] {
            let s = std::fs::read_to_string(dir.join(&f)).unwrap();
            let issues = if v == "r4" {
                fhir_imaging::validate(
                    &fhir_imaging::from_str::<fhir_imaging::r4::Bundle>(&s).unwrap(),
                )
            } else {
                fhir_imaging::validate(
                    &fhir_imaging::from_str::<fhir_imaging::r5::Bundle>(&s).unwrap(),
                )
            };
            assert!(issues.is_empty(), "{f}: {issues:?}");
        }
    }
    let queries = std::fs::read_to_string(dir.join("qido/queries.txt")).unwrap();
    assert!(
        queries.contains("/studies?0020000D=1.3.6.1.4.1.5962.1.2.1.20040119072730.12322"),
        "{queries}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn demo_artefacts_parse_with_the_peers() {
    let dir = temp("peers");
    run_demo(&dir);
    for f in ["mwl/orm-o01.json", "mwl/omi-o23.json"] {
        if !python("mwl_pydicom.py", &[&dir.join(f)]) {
            return;
        }
    }
    for v in ["r4", "r5"] {
        let files: Vec<PathBuf> = [
            format!("fhir/orm-o01-servicerequest-{v}.json"),
            format!("fhir/omi-o23-servicerequest-{v}.json"),
            format!("fhir/imagingstudy-{v}.json"),
        ]
        .iter()
        .map(|f| dir.join(f))
        .collect();
        let mut args: Vec<&Path> = vec![Path::new(v)];
        args.extend(files.iter().map(PathBuf::as_path));
        if !python("fhir_validate.py", &args) {
            return;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

//! `imaging demo`: the whole path on data bundled in the binary (`imaging-cli/data/`, see its
//! SOURCES.md): two HL7 v2 orders from dcm4che's test data and two small DICOM instances from
//! pydicom's.
//!
//! Every step calls the library that does the work and writes what it made to `--out`; nothing
//! is simulated. Each step prints one line: `step N: what -- summary`.

use crate::util::CliError;
use dicomweb_types::multipart::{self, PartHeaders};
use imaging_bridge::{FhirOptions, FhirVersion, MwlOptions};
use std::path::{Path, PathBuf};

/// Options of `imaging demo`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Folder for every artefact the demo writes.
    #[arg(long, default_value = "imaging-demo")]
    out: PathBuf,
}

/// The bundled orders: (artefact name, ER7 bytes).
const ORDERS: &[(&str, &[u8])] = &[
    ("orm-o01", include_bytes!("../data/ORM_O01.hl7")),
    (
        "omi-o23",
        include_bytes!("../data/OMI_O23-ImagingOrder.hl7"),
    ),
];

/// The bundled DICOM instances (Part 10).
const INSTANCES: &[(&str, &[u8])] = &[
    ("CT_small.dcm", include_bytes!("../data/CT_small.dcm")),
    ("MR_small.dcm", include_bytes!("../data/MR_small.dcm")),
];

/// The DICOMweb base URL the demo's Endpoint and BulkDataURIs name (a local Orthanc's default).
const WADO_BASE: &str = "http://127.0.0.1:8042/dicom-web";

/// Print one line on standard output; a closed pipe (`imaging demo | head`) is not an error.
macro_rules! out_line {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

struct Demo {
    out: PathBuf,
    step: usize,
    written: Vec<PathBuf>,
}

impl Demo {
    fn write(&mut self, name: &str, bytes: &[u8]) -> Result<PathBuf, CliError> {
        let path = self.out.join(name);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| CliError::Io {
                path: dir.display().to_string(),
                source,
            })?;
        }
        std::fs::write(&path, bytes).map_err(|source| CliError::Io {
            path: path.display().to_string(),
            source,
        })?;
        self.written.push(path.clone());
        Ok(path)
    }

    fn say(&mut self, what: &str, summary: &str) {
        self.step += 1;
        out_line!("step {}: {what} -- {summary}", self.step);
    }
}

fn fail(step: &str, e: impl std::fmt::Display) -> CliError {
    CliError::invalid(format!("demo: {step}: {e}"))
}

fn fhir_opts(version: FhirVersion) -> FhirOptions {
    let mut o = FhirOptions::default();
    o.version = version;
    o
}

fn label(v: FhirVersion) -> &'static str {
    match v {
        FhirVersion::R4 => "r4",
        _ => "r5",
    }
}

pub(crate) fn run(args: Args) -> Result<(), CliError> {
    let mut d = Demo {
        out: args.out,
        step: 0,
        written: Vec::new(),
    };
    out_line!("imaging demo: artefacts in {}", d.out.display());

    // 1. Parse the orders (hl7v2-imaging).
    let mut summaries = Vec::new();
    for (name, er7) in ORDERS {
        let msg = hl7v2_imaging::Message::parse(er7).map_err(|e| fail("parse order", e))?;
        let (code, trigger, _) = msg.message_type();
        summaries.push(format!(
            "{name}: {code}^{trigger} v{} with {} segments",
            msg.version(),
            msg.segment_count()
        ));
        d.write(&format!("orders/{name}.hl7"), er7)?;
    }
    d.say(
        "parse the bundled HL7 v2 ORM^O01 and OMI^O23 orders",
        &summaries.join("; "),
    );

    // 2. Orders → Modality Worklist items (imaging-bridge, DICOM JSON via dicom-json-codec).
    let mut summaries = Vec::new();
    for (name, er7) in ORDERS {
        let out = imaging_bridge::order_bytes_to_mwl(er7, &MwlOptions::default())
            .map_err(|e| fail("order to worklist", e))?;
        let json = out
            .to_json(true)
            .map_err(|e| fail("order to worklist", e))?;
        // Read back with our own decoder: the artefact is valid DICOM JSON.
        let back =
            dicom_json_codec::from_slice_array(&json).map_err(|e| fail("worklist JSON", e))?;
        d.write(&format!("mwl/{name}.json"), &json)?;
        let warnings: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
        d.write(
            &format!("mwl/{name}.warnings.txt"),
            warnings.join("\n").as_bytes(),
        )?;
        let first = out.items.first().map(|i| &i.data_set);
        let acc = first
            .and_then(|ds| ds.get(dicom_dictionary_std::tags::ACCESSION_NUMBER))
            .and_then(|e| e.to_str().ok())
            .unwrap_or_default()
            .into_owned();
        summaries.push(format!(
            "{name}: {} item(s) (accession {acc}), re-read {} data set(s), {} warning(s)",
            out.items.len(),
            back.len(),
            out.warnings.len()
        ));
    }
    d.say(
        "map each order to Modality Worklist items (DICOM JSON)",
        &summaries.join("; "),
    );

    // 3. Orders → FHIR transaction Bundles (R4 and R5), validated by fhir-imaging.
    let mut summaries = Vec::new();
    for (name, er7) in ORDERS {
        for v in [FhirVersion::R4, FhirVersion::R5] {
            let out = imaging_bridge::order_bytes_to_fhir(er7, &fhir_opts(v))
                .map_err(|e| fail("order to FHIR", e))?;
            let issues = out.validate().map_err(|e| fail("order to FHIR", e))?;
            if !issues.is_empty() {
                return Err(fail("order to FHIR", issues.join("; ")));
            }
            let json = out.to_json(true).map_err(|e| fail("order to FHIR", e))?;
            d.write(
                &format!("fhir/{name}-servicerequest-{}.json", label(v)),
                &json,
            )?;
            let n = out.bundle["entry"].as_array().map_or(0, Vec::len);
            summaries.push(format!("{name} {}: {n} entries, valid", label(v)));
        }
    }
    d.say(
        "map each order to a FHIR Patient + ServiceRequest transaction Bundle (R4, R5)",
        &summaries.join("; "),
    );

    // 4. FHIR-first: the R5 ServiceRequest Bundles → OMI^O23 → worklist items, compared with
    // the items of step 2 on the identifiers a modality matches on.
    let mut summaries = Vec::new();
    for (name, er7) in ORDERS {
        let direct = imaging_bridge::order_bytes_to_mwl(er7, &MwlOptions::default())
            .map_err(|e| fail("FHIR to OMI", e))?;
        let mut fo = fhir_opts(FhirVersion::R5);
        fo.assume_offset = Some("+00:00".into());
        let bundle = imaging_bridge::order_bytes_to_fhir(er7, &fo)
            .map_err(|e| fail("FHIR to OMI", e))?
            .bundle;
        let omi =
            imaging_bridge::fhir_to_omi(&bundle, None, &imaging_bridge::OmiOptions::default())
                .map_err(|e| fail("FHIR to OMI", e))?;
        d.write(&format!("fhir-first/{name}-omi-o23.hl7"), &omi.message)?;
        let via = imaging_bridge::order_bytes_to_mwl(&omi.message, &MwlOptions::default())
            .map_err(|e| fail("FHIR to OMI", e))?;
        d.write(
            &format!("fhir-first/{name}-mwl.json"),
            &via.to_json(true).map_err(|e| fail("FHIR to OMI", e))?,
        )?;
        use dicom_dictionary_std::tags;
        let key = |out: &imaging_bridge::MwlOutput| -> Vec<String> {
            out.items
                .iter()
                .flat_map(|i| {
                    [
                        tags::PATIENT_ID,
                        tags::ACCESSION_NUMBER,
                        tags::REQUESTED_PROCEDURE_ID,
                        tags::STUDY_INSTANCE_UID,
                    ]
                    .map(|t| {
                        i.data_set
                            .get(t)
                            .and_then(|e| e.to_str().ok())
                            .map(|s| s.into_owned())
                            .unwrap_or_default()
                    })
                })
                .collect()
        };
        let same = key(&direct) == key(&via);
        summaries.push(format!(
            "{name}: {} bytes of OMI^O23, {} item(s), patient/accession/procedure/study {} step 2",
            omi.message.len(),
            via.items.len(),
            if same { "same as" } else { "DIFFERENT from" }
        ));
    }
    d.say(
        "feed each R5 ServiceRequest back as an OMI^O23 and map it to worklist items (FHIR-first ordering)",
        &summaries.join("; "),
    );

    // 5. Instances → STOW-RS request body (dicomweb-types multipart encoder).
    let headers = PartHeaders::from_fields([("Content-Type", "application/dicom")])
        .map_err(|e| fail("STOW-RS body", e))?;
    let parts: Vec<(&PartHeaders<'_>, &[u8])> =
        INSTANCES.iter().map(|(_, b)| (&headers, *b)).collect();
    let (boundary, body) = multipart::encode(parts).map_err(|e| fail("STOW-RS body", e))?;
    let content_type = format!(
        "multipart/related; type=\"application/dicom\"; boundary={}",
        boundary.as_str()
    );
    d.write("stow/request.multipart", &body)?;
    d.write("stow/request.content-type", content_type.as_bytes())?;
    d.say(
        "encode the bundled DICOM instances as a STOW-RS multipart/related body",
        &format!(
            "{} parts, {} bytes, {content_type}",
            INSTANCES.len(),
            body.len()
        ),
    );

    // 6. Split it back (dicomweb-types parser), the way a STOW-RS server reads it.
    let media = dicomweb_types::MediaType::parse(&content_type)
        .map_err(|e| fail("split STOW-RS body", e))?;
    let boundary = media
        .boundary()
        .map_err(|e| fail("split STOW-RS body", e))?;
    let split = multipart::collect(&body.into(), &boundary, &Default::default())
        .map_err(|e| fail("split STOW-RS body", e))?;
    let mut files = Vec::new();
    let mut same = 0;
    for (i, part) in split.iter().enumerate() {
        if INSTANCES.get(i).is_some_and(|(_, b)| *b == &part.body[..]) {
            same += 1;
        }
        files.push(d.write(&format!("stow/part-{:04}.dcm", i + 1), &part.body)?);
    }
    d.say(
        "split the STOW-RS body back into its parts",
        &format!(
            "{} parts, {same} byte-identical to the instances sent",
            split.len()
        ),
    );

    // 7. Parts → WADO-RS metadata (dicom-json-codec), binary values as BulkDataURIs.
    let metadata = wado_metadata(&files)?;
    let decoded =
        dicom_json_codec::from_slice_array(&metadata).map_err(|e| fail("WADO-RS metadata", e))?;
    d.write("wado/metadata.json", &metadata)?;
    d.say(
        "write the instances' WADO-RS metadata as DICOM JSON",
        &format!(
            "{} data sets, {} bytes, pixel data as BulkDataURI under {WADO_BASE}",
            decoded.len(),
            metadata.len()
        ),
    );

    // 8. Metadata → ImagingStudy + Endpoint (R4, R5), validated by fhir-imaging, and the
    // QIDO-RS query that finds each study again.
    let mut summaries = Vec::new();
    let mut queries = Vec::new();
    for v in [FhirVersion::R4, FhirVersion::R5] {
        let out = imaging_bridge::study_json_to_fhir(&metadata, WADO_BASE, &fhir_opts(v))
            .map_err(|e| fail("study to FHIR", e))?;
        let issues = out.validate().map_err(|e| fail("study to FHIR", e))?;
        if !issues.is_empty() {
            return Err(fail("study to FHIR", issues.join("; ")));
        }
        d.write(
            &format!("fhir/imagingstudy-{}.json", label(v)),
            &out.to_json(true).map_err(|e| fail("study to FHIR", e))?,
        )?;
        let studies: Vec<&serde_json::Value> = out.bundle["entry"]
            .as_array()
            .map(|e| {
                e.iter()
                    .map(|e| &e["resource"])
                    .filter(|r| r["resourceType"] == "ImagingStudy")
                    .collect()
            })
            .unwrap_or_default();
        if v == FhirVersion::R4 {
            for s in &studies {
                let q = imaging_bridge::qido_query_for(s, Some(&out.bundle), None)
                    .map_err(|e| fail("QIDO-RS query", e))?;
                queries.push(q.url());
            }
        }
        summaries.push(format!(
            "{}: {} ImagingStudy + Endpoint, valid",
            label(v),
            studies.len()
        ));
    }
    d.write("qido/queries.txt", queries.join("\n").as_bytes())?;
    d.say(
        "map the study metadata to FHIR ImagingStudy with its DICOMweb Endpoint, and to QIDO-RS queries",
        &format!("{}; {} QIDO-RS queries", summaries.join("; "), queries.len()),
    );

    out_line!("imaging demo: {} artefacts written:", d.written.len());
    for p in &d.written {
        out_line!("  {}", p.display());
    }
    Ok(())
}

/// WADO-RS metadata for Part 10 files: one DICOM JSON object per instance, binary values longer
/// than 64 bytes as BulkDataURIs under the instance's WADO-RS URL (PS3.18 §10.4.1.1.2).
fn wado_metadata(files: &[PathBuf]) -> Result<Vec<u8>, CliError> {
    use dicom_dictionary_std::tags;
    let mut objects = Vec::new();
    for f in files {
        let ds =
            dicom_json_codec::read_file(Path::new(f)).map_err(|e| fail("WADO-RS metadata", e))?;
        let uid = |t| {
            ds.get(t)
                .and_then(|e| e.to_str().ok())
                .map(|s| s.trim_end_matches('\0').trim().to_owned())
                .unwrap_or_default()
        };
        let base = format!(
            "{WADO_BASE}/studies/{}/series/{}/instances/{}/bulk",
            uid(tags::STUDY_INSTANCE_UID),
            uid(tags::SERIES_INSTANCE_UID),
            uid(tags::SOP_INSTANCE_UID)
        );
        let mut opts = dicom_json_codec::EncodeOptions::new();
        opts.skip_file_meta(true).bulk_data_base(64, &base);
        objects.push(opts.to_vec(&ds).map_err(|e| fail("WADO-RS metadata", e))?);
    }
    let mut out = b"[".to_vec();
    for (i, o) in objects.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(o);
    }
    out.push(b']');
    Ok(out)
}

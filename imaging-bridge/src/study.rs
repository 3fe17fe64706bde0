//! A DICOM study (WADO-RS metadata array, or QIDO-RS results at study, series or instance
//! level; PS3.18 §10.4, §10.6) → FHIR ImagingStudy with its DICOMweb Endpoint (R4 and R5), and
//! ImagingStudy → the QIDO-RS query that finds the study again.
//!
//! Element ↔ attribute pairs follow the FHIR ImagingStudy DICOM mapping (imagingstudy-mappings,
//! DICOM tag column) and the official examples (`ImagingStudy-example*.json`,
//! `Endpoint-example-wadors.json`, R4 4.0.1 and R5 5.0.0):
//!
//! | FHIR | DICOM |
//! |---|---|
//! | `identifier` (`urn:dicom:uid`) | (0020,000D) |
//! | `identifier` ACSN (R4; R5 also `basedOn`) | (0008,0050) |
//! | `modality` | (0008,0061), else the series' (0008,0060) |
//! | `started` | (0008,0020) + (0008,0030) (+ (0008,0201)) |
//! | `referrer.display` | (0008,0090) |
//! | `description` | (0008,1030) |
//! | `procedureCode` (R5 `procedure.concept`) | (0008,1032) |
//! | `numberOfSeries` / `numberOfInstances` | counted, else (0020,1206) / (0020,1208) |
//! | `series.uid` / `number` / `modality` / `description` | (0020,000E) / (0020,0011) / (0008,0060) / (0008,103E) |
//! | `series.bodySite` | (0018,0015) via CID 4031 → SNOMED CT (PS3.16 Annex L) |
//! | `series.laterality` | (0020,0060) |
//! | `series.started` | (0008,0021) + (0008,0031) |
//! | `series.instance.uid` / `sopClass` / `number` | (0008,0018) / (0008,0016) / (0020,0013) |
//! | `series.instance.title` | (0070,0080), else (0040,A043)>(0008,0104), else (0042,0010) |
//!
//! The Endpoint has `connectionType` `dicom-wado-rs` and `address` = the DICOMweb base URL;
//! the study is at `address + "/studies/" + uid` (PS3.18 §10.4.1).

use crate::fhir_order::{FhirOptions, FhirOutput, FhirVersion};
use crate::mwl::{DataSet, tag_str, text};
use crate::names::Name;
use crate::terminology::{DCM, DICOM_UID_SYSTEM, V2_0203, system_for};
use crate::v2::Dtm;
use crate::{Error, Warning, ids};
use dicom_core::Tag;
use dicom_dictionary_std::tags;
use serde_json::{Map, Value, json};
use std::collections::{HashMap, HashSet};

/// CID 4031 Common Anatomic Regions: (0018,0015) Body Part Examined defined term → SNOMED CT
/// (PS3.16 Annex L Table L-1, term→concept pairs as in DCMTK `cid4031e.cc`; codes of the CID 4031
/// value set, version 20250709).
const BODY_PARTS: &[(&str, &str, &str)] = &[
    ("ABDOMEN", "818981001", "Abdomen"),
    ("ABDOMENPELVIS", "818982008", "Abdomen and Pelvis"),
    ("ANKLE", "70258002", "Ankle joint"),
    ("ARM", "40983000", "Upper arm"),
    ("BREAST", "76752008", "Breast"),
    ("CHEST", "816094009", "Chest"),
    ("CHESTABDOMEN", "416550000", "Chest and Abdomen"),
    ("CHESTABDPELVIS", "416775004", "Chest, Abdomen and Pelvis"),
    ("CSPINE", "122494005", "Cervical spine"),
    ("ELBOW", "16953009", "Elbow joint"),
    ("EXTREMITY", "66019005", "Extremity"),
    ("FOOT", "56459004", "Foot"),
    ("HAND", "85562004", "Hand"),
    ("HEAD", "69536005", "Head"),
    ("HEADNECK", "774007", "Head and Neck"),
    ("HEART", "80891009", "Heart"),
    ("HIP", "24136001", "Hip Joint"),
    ("KNEE", "72696002", "Knee"),
    ("LEG", "30021000", "Lower leg"),
    ("LSPINE", "122496007", "Lumbar spine"),
    ("NECK", "45048000", "Neck"),
    ("PELVIS", "816092008", "Pelvis"),
    ("SHOULDER", "16982005", "Shoulder"),
    ("SKULL", "89546000", "Skull"),
    ("SPINE", "421060004", "Spine"),
    ("THIGH", "68367000", "Thigh"),
    ("TSPINE", "122495006", "Thoracic spine"),
    ("WHOLEBODY", "38266002", "Entire body"),
    ("WRIST", "74670003", "Wrist joint"),
];

const SNOMED: &str = "http://snomed.info/sct";

/// Decode a DICOM JSON study description (one object, or an array: WADO-RS metadata or QIDO-RS
/// results) with `dicom-json-codec` and map it with [`study_to_fhir`].
pub fn study_json_to_fhir(
    json: &[u8],
    wado_base: &str,
    opts: &FhirOptions,
) -> Result<FhirOutput, Error> {
    let first = json.iter().find(|b| !b.is_ascii_whitespace());
    let bad = |e: dicom_json_codec::Error| Error::invalid("DICOM JSON", e.to_string());
    let decoder = dicom_json_codec::DecodeOptions::new();
    let mut sets = Vec::new();
    if first == Some(&b'[') {
        // One data set at a time, so that max_data_sets bounds the memory too.
        for d in decoder.iter_array(json) {
            crate::Limits::check(opts.limits.max_data_sets, sets.len() + 1, "max_data_sets")?;
            sets.push(d.map_err(bad)?.value);
        }
    } else {
        sets.push(decoder.decode(json).map_err(bad)?.value);
    }
    study_to_fhir(&sets, wado_base, opts)
}

/// Map data sets of one or more studies (any mix of study-, series- and instance-level objects)
/// to a FHIR transaction Bundle: one Patient per Patient ID, one ImagingStudy per Study Instance
/// UID, and one Endpoint for `wado_base` (the DICOMweb service root, e.g.
/// `http://127.0.0.1:8042/dicom-web`).
pub fn study_to_fhir(
    sets: &[DataSet],
    wado_base: &str,
    opts: &FhirOptions,
) -> Result<FhirOutput, Error> {
    let base = wado_base.trim_end_matches('/');
    if !(base.starts_with("http://") || base.starts_with("https://")) {
        return Err(Error::invalid(
            "wado_base",
            format!("`{wado_base}` is not an http(s) URL"),
        ));
    }
    let mut warnings = Vec::new();
    // Group: study uid → (first data set, series uid → (first data set, instances)).
    struct Series {
        first: DataSet,
        instances: Vec<DataSet>,
    }
    struct Study {
        first: DataSet,
        series: Vec<(String, Series)>,
        series_index: HashMap<String, usize>,
    }
    let mut studies: Vec<(String, Study)> = Vec::new();
    // Indexes keep the grouping linear in the number of data sets.
    let mut study_index: HashMap<String, usize> = HashMap::new();
    for (i, ds) in sets.iter().enumerate() {
        let uid = text(ds, tags::STUDY_INSTANCE_UID);
        if uid.is_empty() {
            warnings.push(Warning::new(
                format!("[{i}].(0020,000D)"),
                "object without Study Instance UID: skipped",
            ));
            continue;
        }
        let pos = match study_index.get(&uid) {
            Some(p) => *p,
            None => {
                study_index.insert(uid.clone(), studies.len());
                studies.push((
                    uid.clone(),
                    Study {
                        first: ds.clone(),
                        series: Vec::new(),
                        series_index: HashMap::new(),
                    },
                ));
                studies.len() - 1
            }
        };
        let Some((_, study)) = studies.get_mut(pos) else {
            continue;
        };
        let series_uid = text(ds, tags::SERIES_INSTANCE_UID);
        if series_uid.is_empty() {
            continue;
        }
        let spos = match study.series_index.get(&series_uid) {
            Some(p) => *p,
            None => {
                study
                    .series_index
                    .insert(series_uid.clone(), study.series.len());
                study.series.push((
                    series_uid.clone(),
                    Series {
                        first: ds.clone(),
                        instances: Vec::new(),
                    },
                ));
                study.series.len() - 1
            }
        };
        if !text(ds, tags::SOP_INSTANCE_UID).is_empty()
            && let Some((_, s)) = study.series.get_mut(spos)
        {
            s.instances.push(ds.clone());
        }
    }
    if studies.is_empty() {
        return Err(Error::Missing {
            location: "(0020,000D)".into(),
            what: "a data set with a Study Instance UID",
        });
    }
    let v = opts.version;
    let mut m = StudyMapper { opts, warnings };
    let endpoint_url = ids::urn_uuid(&[base, "Endpoint"]);
    let mut entries: Vec<Value> = Vec::new();
    let mut patients: HashMap<String, String> = HashMap::new();
    for (uid, study) in &studies {
        let (patient, key, if_none) = m.patient(&study.first);
        let patient_url = match patients.get(&key) {
            Some(u) => u.clone(),
            None => {
                let u = ids::urn_uuid(&[base, "Patient", &key]);
                patients.insert(key, u.clone());
                entries.push(crate::fhir_order::entry(&u, patient, "Patient", if_none));
                u
            }
        };
        let mut is = Map::new();
        is.insert("resourceType".into(), "ImagingStudy".into());
        let at = |tag: Tag| format!("study {uid} {}", tag_str(tag));
        let mut idents =
            vec![json!({ "system": DICOM_UID_SYSTEM, "value": format!("urn:oid:{uid}") })];
        let acc = text(&study.first, tags::ACCESSION_NUMBER);
        if !acc.is_empty() {
            let mut id = Map::new();
            id.insert(
                "type".into(),
                json!({ "coding": [{ "system": V2_0203, "code": "ACSN" }] }),
            );
            id.insert("value".into(), acc.clone().into());
            if let Some(issuer) =
                first_item(&study.first, tags::ISSUER_OF_ACCESSION_NUMBER_SEQUENCE)
            {
                let (ns, uid2, t) = (
                    text(&issuer, tags::LOCAL_NAMESPACE_ENTITY_ID),
                    text(&issuer, tags::UNIVERSAL_ENTITY_ID),
                    text(&issuer, tags::UNIVERSAL_ENTITY_ID_TYPE),
                );
                if t == "ISO" && !uid2.is_empty() {
                    id.insert("system".into(), format!("urn:oid:{uid2}").into());
                } else if !ns.is_empty() {
                    id.insert("assigner".into(), json!({ "display": ns }));
                }
            }
            let id = Value::Object(id);
            idents.push(id.clone());
            if v == FhirVersion::R5 {
                is.insert(
                    "basedOn".into(),
                    json!([{ "type": "ServiceRequest", "identifier": id }]),
                );
            }
        }
        let study_id = text(&study.first, tags::STUDY_ID);
        if !study_id.is_empty() {
            idents.push(json!({ "use": "secondary", "value": study_id }));
        }
        is.insert("identifier".into(), idents.into());
        is.insert("status".into(), "available".into());
        // modality: (0008,0061), else union of series (0008,0060).
        let mut modalities: Vec<String> = multi(&study.first, tags::MODALITIES_IN_STUDY);
        for (_, s) in &study.series {
            let md = text(&s.first, tags::MODALITY);
            if !md.is_empty() && !modalities.contains(&md) {
                modalities.push(md);
            }
        }
        if !modalities.is_empty() {
            let list: Vec<Value> = modalities.iter().map(|md| modality(v, md)).collect();
            is.insert("modality".into(), list.into());
        }
        is.insert("subject".into(), json!({ "reference": patient_url }));
        if let Some(started) = m.started(
            &study.first,
            tags::STUDY_DATE,
            tags::STUDY_TIME,
            &at(tags::STUDY_DATE),
        ) {
            is.insert("started".into(), started.into());
        }
        is.insert("endpoint".into(), json!([{ "reference": endpoint_url }]));
        // counts: from the objects when instance-level data is there, else the attributes.
        let counted_instances: usize = study.series.iter().map(|(_, s)| s.instances.len()).sum();
        let n_series = if study.series.is_empty() {
            int(&study.first, tags::NUMBER_OF_STUDY_RELATED_SERIES)
        } else {
            Some(study.series.len() as u64)
        };
        let n_inst = if counted_instances > 0 {
            Some(counted_instances as u64)
        } else {
            int(&study.first, tags::NUMBER_OF_STUDY_RELATED_INSTANCES)
        };
        for (tag, counted) in [
            (tags::NUMBER_OF_STUDY_RELATED_SERIES, n_series),
            (tags::NUMBER_OF_STUDY_RELATED_INSTANCES, n_inst),
        ] {
            if let (Some(attr), Some(c)) = (int(&study.first, tag), counted)
                && attr != c
            {
                m.warn(
                    at(tag),
                    format!("says {attr}, the objects given hold {c}: {c} used"),
                );
            }
        }
        if let Some(n) = n_series {
            is.insert("numberOfSeries".into(), n.into());
        }
        if let Some(n) = n_inst {
            is.insert("numberOfInstances".into(), n.into());
        }
        let referrer = text(&study.first, tags::REFERRING_PHYSICIAN_NAME);
        if !referrer.is_empty() {
            is.insert(
                "referrer".into(),
                json!({ "display": Name::from_pn(&referrer).display() }),
            );
        }
        let desc = text(&study.first, tags::STUDY_DESCRIPTION);
        if !desc.is_empty() {
            is.insert("description".into(), desc.into());
        }
        let procs: Vec<Value> = items(&study.first, tags::PROCEDURE_CODE_SEQUENCE)
            .iter()
            .filter_map(|item| m.code_item(item))
            .map(|cc| match v {
                FhirVersion::R4 => cc,
                FhirVersion::R5 => json!({ "concept": cc }),
            })
            .collect();
        if !procs.is_empty() {
            let key = if v == FhirVersion::R4 {
                "procedureCode"
            } else {
                "procedure"
            };
            is.insert(key.into(), procs.into());
        }
        let mut series_out = Vec::new();
        for (suid, s) in &study.series {
            series_out.push(m.series(v, uid, suid, &s.first, &s.instances));
        }
        if !series_out.is_empty() {
            is.insert("series".into(), series_out.into());
        }
        let url = ids::urn_uuid(&[base, "ImagingStudy", uid]);
        entries.push(crate::fhir_order::entry(
            &url,
            Value::Object(is),
            "ImagingStudy",
            None,
        ));
    }
    entries.push(crate::fhir_order::entry(
        &endpoint_url,
        endpoint(v, base),
        "Endpoint",
        None,
    ));
    let bundle = json!({ "resourceType": "Bundle", "type": "transaction", "entry": entries });
    Ok(FhirOutput {
        bundle,
        version: v,
        warnings: m.warnings,
    })
}

/// The DICOMweb Endpoint (FHIR `Endpoint-example-wadors.json`, R4 and R5 forms).
pub(crate) fn endpoint(v: FhirVersion, base: &str) -> Value {
    let conn = json!({ "system": "http://terminology.hl7.org/CodeSystem/endpoint-connection-type", "code": "dicom-wado-rs" });
    match v {
        FhirVersion::R4 => json!({
            "resourceType": "Endpoint",
            "status": "active",
            "connectionType": conn,
            "name": "DICOMweb WADO-RS",
            "payloadType": [{ "text": "DICOM WADO-RS" }],
            "payloadMimeType": ["application/dicom"],
            "address": base,
        }),
        FhirVersion::R5 => json!({
            "resourceType": "Endpoint",
            "status": "active",
            "connectionType": [{ "coding": [conn] }],
            "name": "DICOMweb WADO-RS",
            "payload": [{ "type": [{ "text": "DICOM WADO-RS" }], "mimeType": ["application/dicom"] }],
            "address": base,
        }),
    }
}

fn modality(v: FhirVersion, md: &str) -> Value {
    let coding = json!({ "system": DCM, "code": md });
    match v {
        FhirVersion::R4 => coding,
        FhirVersion::R5 => json!({ "coding": [coding] }),
    }
}

fn multi(ds: &DataSet, tag: Tag) -> Vec<String> {
    ds.get(tag)
        .and_then(|e| e.to_multi_str().ok())
        .map(|v| {
            v.iter()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

fn int(ds: &DataSet, tag: Tag) -> Option<u64> {
    text(ds, tag).trim().parse().ok()
}

fn items(ds: &DataSet, tag: Tag) -> Vec<DataSet> {
    ds.get(tag)
        .and_then(|e| e.items())
        .map(<[DataSet]>::to_vec)
        .unwrap_or_default()
}

fn first_item(ds: &DataSet, tag: Tag) -> Option<DataSet> {
    items(ds, tag).into_iter().next()
}

struct StudyMapper<'o> {
    opts: &'o FhirOptions,
    warnings: Vec<Warning>,
}

impl StudyMapper<'_> {
    fn warn(&mut self, loc: impl Into<String>, msg: impl Into<String>) {
        self.warnings.push(Warning::new(loc, msg));
    }

    /// DA + TM (+ (0008,0201)) → FHIR dateTime.
    fn started(&mut self, ds: &DataSet, date: Tag, time: Tag, loc: &str) -> Option<String> {
        let d = text(ds, date);
        if d.trim().is_empty() {
            return None;
        }
        let t: String = text(ds, time)
            .trim()
            .chars()
            .filter(|c| *c != ':')
            .collect();
        let offset = text(ds, tags::TIMEZONE_OFFSET_FROM_UTC);
        let joined = format!("{}{}{}", d.trim(), t, offset.trim());
        let Some(dtm) = Dtm::parse(&joined) else {
            self.warn(
                loc,
                format!("`{}` `{}` is not a DICOM DA/TM: not mapped", d, t),
            );
            return None;
        };
        let (v, dropped) = dtm.to_fhir(self.opts.assume_offset.as_deref());
        if dropped {
            self.warn(
                loc,
                "time dropped: no (0008,0201) Timezone Offset From UTC and no assume_offset",
            );
        }
        Some(v)
    }

    /// A code sequence item → CodeableConcept.
    fn code_item(&mut self, item: &DataSet) -> Option<Value> {
        let code = text(item, tags::CODE_VALUE);
        if code.is_empty() {
            return None;
        }
        let scheme = text(item, tags::CODING_SCHEME_DESIGNATOR);
        let meaning = text(item, tags::CODE_MEANING);
        let mut c = Map::new();
        match system_for(&scheme, &self.opts.coding_systems) {
            Some(s) => {
                c.insert("system".into(), s.into());
            }
            None => self.warn(
                "(0008,1032)",
                format!("coding scheme `{scheme}` has no FHIR URI: system left out"),
            ),
        }
        c.insert("code".into(), code.into());
        if !meaning.is_empty() {
            c.insert("display".into(), meaning.into());
        }
        Some(json!({ "coding": [c] }))
    }

    /// The Patient of a study (reverse of the worklist patient mapping). Returns the resource,
    /// its grouping key, and `ifNoneExist`.
    fn patient(&mut self, ds: &DataSet) -> (Value, String, Option<String>) {
        let mut p = Map::new();
        p.insert("resourceType".into(), "Patient".into());
        let id = text(ds, tags::PATIENT_ID);
        let issuer = text(ds, tags::ISSUER_OF_PATIENT_ID);
        let mut if_none = None;
        if !id.is_empty() {
            let mut ident = Map::new();
            if let Some(q) = first_item(ds, tags::ISSUER_OF_PATIENT_ID_QUALIFIERS_SEQUENCE)
                && text(&q, tags::UNIVERSAL_ENTITY_ID_TYPE) == "ISO"
                && !text(&q, tags::UNIVERSAL_ENTITY_ID).is_empty()
            {
                let system = format!("urn:oid:{}", text(&q, tags::UNIVERSAL_ENTITY_ID));
                if_none = Some(format!("identifier={system}|{id}"));
                ident.insert("system".into(), system.into());
            }
            ident.insert("value".into(), id.clone().into());
            if !issuer.is_empty() && !ident.contains_key("system") {
                ident.insert("assigner".into(), json!({ "display": issuer }));
            }
            p.insert("identifier".into(), json!([ident]));
        } else {
            self.warn("(0010,0020)", "no Patient ID: Patient has no identifier");
        }
        let name = text(ds, tags::PATIENT_NAME);
        if !name.is_empty() {
            let n = Name::from_pn(&name).to_fhir();
            if n.as_object().is_some_and(|o| !o.is_empty()) {
                p.insert("name".into(), json!([n]));
            }
        }
        let sex = text(ds, tags::PATIENT_SEX);
        match sex.trim() {
            "M" => {
                p.insert("gender".into(), "male".into());
            }
            "F" => {
                p.insert("gender".into(), "female".into());
            }
            "O" => {
                p.insert("gender".into(), "other".into());
            }
            "" => {}
            other => self.warn(
                "(0010,0040)",
                format!("sex `{other}` is not M/F/O: gender left out"),
            ),
        }
        let birth = text(ds, tags::PATIENT_BIRTH_DATE);
        if !birth.trim().is_empty() {
            match Dtm::parse(birth.trim()) {
                Some(d) if d.time.is_empty() => {
                    p.insert("birthDate".into(), d.to_fhir(None).0.into());
                }
                _ => self.warn(
                    "(0010,0030)",
                    format!("`{birth}` is not a DA: birthDate left out"),
                ),
            }
        }
        (Value::Object(p), format!("{issuer}|{id}"), if_none)
    }

    fn series(
        &mut self,
        v: FhirVersion,
        study_uid: &str,
        uid: &str,
        first: &DataSet,
        instances: &[DataSet],
    ) -> Value {
        let at = |tag: Tag| format!("series {uid} {}", tag_str(tag));
        let mut s = Map::new();
        s.insert("uid".into(), uid.into());
        match text(first, tags::SERIES_NUMBER).trim().parse::<i64>() {
            Ok(n) if n >= 0 => {
                s.insert("number".into(), n.into());
            }
            Ok(n) => self.warn(
                at(tags::SERIES_NUMBER),
                format!("negative series number {n}: left out"),
            ),
            Err(_) => {}
        }
        let md = text(first, tags::MODALITY);
        if md.is_empty() {
            self.warn(
                at(tags::MODALITY),
                "series without modality (FHIR requires one): OT written",
            );
            s.insert("modality".into(), modality(v, "OT"));
        } else {
            s.insert("modality".into(), modality(v, &md));
        }
        let desc = text(first, tags::SERIES_DESCRIPTION);
        if !desc.is_empty() {
            s.insert("description".into(), desc.into());
        }
        let n = if instances.is_empty() {
            int(first, tags::NUMBER_OF_SERIES_RELATED_INSTANCES)
        } else {
            Some(instances.len() as u64)
        };
        if let Some(n) = n {
            s.insert("numberOfInstances".into(), n.into());
        }
        let part = text(first, tags::BODY_PART_EXAMINED)
            .trim()
            .to_ascii_uppercase();
        if !part.is_empty() {
            let coding = match BODY_PARTS.iter().find(|(t, _, _)| *t == part) {
                Some((_, code, display)) => {
                    json!({ "system": SNOMED, "code": code, "display": display })
                }
                None => {
                    self.warn(
                        at(tags::BODY_PART_EXAMINED),
                        format!("`{part}` is not in CID 4031: kept as display only"),
                    );
                    json!({ "display": part })
                }
            };
            let site = match v {
                FhirVersion::R4 => coding,
                FhirVersion::R5 => json!({ "concept": { "coding": [coding] } }),
            };
            s.insert("bodySite".into(), site);
        }
        let lat = text(first, tags::LATERALITY);
        let lat = if lat.trim().is_empty() {
            instances
                .first()
                .map(|i| text(i, tags::IMAGE_LATERALITY))
                .unwrap_or_default()
        } else {
            lat
        };
        let lat_coding = match lat.trim() {
            "R" => Some(("24028007", "Right")),
            "L" => Some(("7771000", "Left")),
            "B" => Some(("51440002", "Right and left")),
            _ => None,
        };
        if let Some((code, display)) = lat_coding {
            let coding = json!({ "system": SNOMED, "code": code, "display": display });
            let l = match v {
                FhirVersion::R4 => coding,
                FhirVersion::R5 => json!({ "coding": [coding] }),
            };
            s.insert("laterality".into(), l);
        }
        if let Some(started) = self.started(
            first,
            tags::SERIES_DATE,
            tags::SERIES_TIME,
            &at(tags::SERIES_DATE),
        ) {
            s.insert("started".into(), started.into());
        }
        let mut out = Vec::new();
        for (i, inst) in instances.iter().enumerate() {
            let iuid = text(inst, tags::SOP_INSTANCE_UID);
            let class = text(inst, tags::SOP_CLASS_UID);
            let mut o = Map::new();
            o.insert("uid".into(), iuid.clone().into());
            if class.is_empty() {
                self.warn(
                    format!("series {uid} instance[{i}] (0008,0016)"),
                    "instance without SOP Class UID (FHIR requires one): instance left out",
                );
                continue;
            }
            o.insert(
                "sopClass".into(),
                json!({ "system": "urn:ietf:rfc:3986", "code": format!("urn:oid:{class}") }),
            );
            if let Ok(n) = text(inst, tags::INSTANCE_NUMBER).trim().parse::<u64>() {
                o.insert("number".into(), n.into());
            }
            let title = [
                text(inst, tags::CONTENT_LABEL),
                first_item(inst, tags::CONCEPT_NAME_CODE_SEQUENCE)
                    .map(|c| text(&c, tags::CODE_MEANING))
                    .unwrap_or_default(),
                text(inst, tags::DOCUMENT_TITLE),
            ]
            .into_iter()
            .find(|t| !t.is_empty());
            if let Some(t) = title {
                o.insert("title".into(), t.into());
            }
            out.push(Value::Object(o));
        }
        if !out.is_empty() {
            s.insert("instance".into(), out.into());
        }
        let _ = study_uid;
        Value::Object(s)
    }
}

/// A QIDO-RS query (PS3.18 §10.6) that finds a study again: the base URL, the resource path
/// and the query, built with `dicomweb-types`' [`QidoQuery`](dicomweb_types::qido::QidoQuery).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct QidoQuery {
    /// The DICOMweb base URL (the Endpoint's `address`, or the caller's).
    pub base: String,
    /// The resource path, `/studies`.
    pub path: String,
    /// The match keys and `includefield`.
    pub query: dicomweb_types::qido::QidoQuery,
}

impl QidoQuery {
    /// The full URL: `base + path + "?" + query` (percent-encoded by `dicomweb-types`).
    pub fn url(&self) -> String {
        format!(
            "{}{}?{}",
            self.base,
            self.path,
            self.query.to_query_string()
        )
    }
}

/// The QIDO-RS search for an ImagingStudy (FHIR R4 or R5 JSON): `GET {base}/studies?
/// 0020000D={uid}&includefield=00080050,00201206,00201208` (StudyInstanceUID),
/// where `uid` is the `urn:dicom:uid` identifier without `urn:oid:`; when the study has no such
/// identifier, `00080050={ACSN}` (AccessionNumber) instead. `base` defaults to the address of the Endpoint
/// the study references, when it is contained in `bundle`.
pub fn qido_query_for(
    study: &Value,
    bundle: Option<&Value>,
    base: Option<&str>,
) -> Result<QidoQuery, Error> {
    let base = match base {
        Some(b) => b.trim_end_matches('/').to_owned(),
        None => {
            let ep_ref = study["endpoint"][0]["reference"].as_str().unwrap_or("");
            let ep = bundle
                .and_then(|b| b["entry"].as_array())
                .and_then(|entries| {
                    entries.iter().find(|e| {
                        e["fullUrl"] == ep_ref
                            || e["resource"]["resourceType"] == "Endpoint" && ep_ref.is_empty()
                    })
                })
                .map(|e| &e["resource"]);
            match ep.and_then(|e| e["address"].as_str()) {
                Some(a) => a.trim_end_matches('/').to_owned(),
                None => {
                    return Err(Error::Missing {
                        location: "ImagingStudy.endpoint".into(),
                        what: "an Endpoint address (DICOMweb base URL)",
                    });
                }
            }
        }
    };
    let ids = study["identifier"].as_array().cloned().unwrap_or_default();
    let uid = ids
        .iter()
        .find(|i| i["system"] == DICOM_UID_SYSTEM)
        .and_then(|i| i["value"].as_str())
        .map(|v| v.strip_prefix("urn:oid:").unwrap_or(v).to_owned());
    let acsn = ids
        .iter()
        .find(|i| i["type"]["coding"][0]["code"] == "ACSN")
        .and_then(|i| i["value"].as_str())
        .map(str::to_owned);
    let mut query = dicomweb_types::qido::QidoQuery::default();
    let bad = |e: dicomweb_types::Error| {
        Error::invalid("ImagingStudy.identifier", format!("QIDO-RS query: {e}"))
    };
    match (uid, acsn) {
        (Some(u), _) => {
            query.add("StudyInstanceUID", &u).map_err(bad)?;
        }
        (None, Some(a)) => {
            query.add("AccessionNumber", &a).map_err(bad)?;
        }
        (None, None) => {
            return Err(Error::Missing {
                location: "ImagingStudy.identifier".into(),
                what: "a urn:dicom:uid or ACSN identifier",
            });
        }
    }
    for f in ["00080050", "00201206", "00201208"] {
        query.include(f).map_err(bad)?;
    }
    Ok(QidoQuery {
        base,
        path: "/studies".into(),
        query,
    })
}

/// Update an ImagingStudy (FHIR R4 or R5 JSON) with a STOW-RS response (PS3.18 §10.5.3, Table
/// 10.5.3-1: (0008,1199) Referenced SOP Sequence, (0008,1198) Failed SOP Sequence): each stored
/// instance joins its series (made when new), failed ones become warnings, and the counts are
/// recomputed. `instances` are the data sets that were stored (they give series UID, modality
/// and numbers); without them the series UID is read from the instance's Retrieve URL
/// (`…/series/{uid}/instances/{uid}`). The work is linear in the instances stored, the data sets
/// given and the instances already in the study, times the number of series.
pub fn stow_response_to_imaging_study(
    study: &Value,
    response: &DataSet,
    instances: &[DataSet],
    version: FhirVersion,
) -> Result<(Value, Vec<Warning>), Error> {
    let mut study = study.clone();
    if study["resourceType"] != "ImagingStudy" {
        return Err(Error::invalid("resourceType", "expected an ImagingStudy"));
    }
    let mut warnings = Vec::new();
    let study_uid = study["identifier"]
        .as_array()
        .and_then(|ids| ids.iter().find(|i| i["system"] == DICOM_UID_SYSTEM))
        .and_then(|i| i["value"].as_str())
        .map(|v| v.strip_prefix("urn:oid:").unwrap_or(v).to_owned())
        .unwrap_or_default();
    for (i, failed) in items(response, tags::FAILED_SOP_SEQUENCE)
        .iter()
        .enumerate()
    {
        warnings.push(Warning::new(
            format!("(0008,1198)[{i}]"),
            format!(
                "instance {} was not stored (failure reason {}): not added",
                text(failed, tags::REFERENCED_SOP_INSTANCE_UID),
                text(failed, tags::FAILURE_REASON)
            ),
        ));
    }
    if !items(response, tags::OTHER_FAILURES_SEQUENCE).is_empty() {
        warnings.push(Warning::new(
            "(0008,119A)",
            "other failures reported: not added",
        ));
    }
    let mut series: Vec<Value> = study["series"].as_array().cloned().unwrap_or_default();
    if let Some(i) = series.iter().position(|s| !s.is_object()) {
        return Err(Error::invalid(
            format!("ImagingStudy.series[{i}]"),
            "not an object",
        ));
    }
    // The first data set with each SOP Instance UID, and the instances each series has.
    let mut by_sop: HashMap<String, &DataSet> = HashMap::new();
    for d in instances {
        by_sop.entry(text(d, tags::SOP_INSTANCE_UID)).or_insert(d);
    }
    let mut in_series: HashSet<(usize, String)> = series
        .iter()
        .enumerate()
        .flat_map(|(p, s)| {
            s["instance"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(move |x| x["uid"].as_str().map(|u| (p, u.to_owned())))
        })
        .collect();
    for (i, stored) in items(response, tags::REFERENCED_SOP_SEQUENCE)
        .iter()
        .enumerate()
    {
        let at = format!("(0008,1199)[{i}]");
        let sop = text(stored, tags::REFERENCED_SOP_INSTANCE_UID);
        let class = text(stored, tags::REFERENCED_SOP_CLASS_UID);
        let url = text(stored, tags::RETRIEVE_URL);
        if sop.is_empty() {
            warnings.push(Warning::new(at, "no Referenced SOP Instance UID: skipped"));
            continue;
        }
        let meta = by_sop.get(sop.as_str()).copied();
        if let Some(m) = meta {
            let st = text(m, tags::STUDY_INSTANCE_UID);
            if !study_uid.is_empty() && st != study_uid {
                warnings.push(Warning::new(
                    at,
                    format!("instance {sop} belongs to study {st}, not {study_uid}: not added"),
                ));
                continue;
            }
        }
        let series_uid = meta
            .map(|m| text(m, tags::SERIES_INSTANCE_UID))
            .filter(|s| !s.is_empty())
            .or_else(|| {
                let rest = url.split("/series/").nth(1)?;
                rest.split('/').next().map(str::to_owned)
            });
        let Some(series_uid) = series_uid else {
            warnings.push(Warning::new(
                at,
                format!(
                    "series of instance {sop} unknown (no metadata, no Retrieve URL): not added"
                ),
            ));
            continue;
        };
        let pos = match series.iter().position(|s| s["uid"] == series_uid.as_str()) {
            Some(p) => p,
            None => {
                let md = meta.map(|m| text(m, tags::MODALITY)).unwrap_or_default();
                let md = if md.is_empty() {
                    warnings.push(Warning::new(
                        at.clone(),
                        "modality of the new series unknown: OT written",
                    ));
                    "OT".to_owned()
                } else {
                    md
                };
                let mut s = Map::new();
                s.insert("uid".into(), series_uid.clone().into());
                if let Some(n) =
                    meta.and_then(|m| text(m, tags::SERIES_NUMBER).trim().parse::<u64>().ok())
                {
                    s.insert("number".into(), n.into());
                }
                s.insert("modality".into(), modality(version, &md));
                series.push(Value::Object(s));
                series.len() - 1
            }
        };
        let Some(s) = series.get_mut(pos) else {
            continue;
        };
        if !in_series.insert((pos, sop.clone())) {
            continue;
        }
        let class = if class.is_empty() {
            meta.map(|m| text(m, tags::SOP_CLASS_UID))
                .unwrap_or_default()
        } else {
            class
        };
        let mut inst = Map::new();
        inst.insert("uid".into(), sop.clone().into());
        inst.insert(
            "sopClass".into(),
            json!({ "system": "urn:ietf:rfc:3986", "code": format!("urn:oid:{class}") }),
        );
        if let Some(n) =
            meta.and_then(|m| text(m, tags::INSTANCE_NUMBER).trim().parse::<u64>().ok())
        {
            inst.insert("number".into(), n.into());
        }
        if let Some(obj) = s.as_object_mut() {
            // Grown in place (taken out and put back), never copied.
            let mut list = match obj.get_mut("instance").map(Value::take) {
                Some(Value::Array(list)) => list,
                _ => Vec::new(),
            };
            list.push(Value::Object(inst));
            obj.insert("numberOfInstances".into(), list.len().into());
            obj.insert("instance".into(), list.into());
        }
    }
    let total: usize = series
        .iter()
        .map(|s| s["instance"].as_array().map_or(0, Vec::len))
        .sum();
    if let Some(obj) = study.as_object_mut() {
        obj.insert("numberOfSeries".into(), series.len().into());
        obj.insert("numberOfInstances".into(), total.into());
        obj.insert("series".into(), series.into());
    }
    Ok((study, warnings))
}

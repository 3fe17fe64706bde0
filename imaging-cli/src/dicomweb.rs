//! `imaging dicomweb ...`: classify DICOMweb requests (PS3.18 §10). Library: `dicomweb-types`.

use crate::util::CliError;
use clap::{Subcommand, ValueEnum};
use dicomweb_types::qido::{IncludeField, MatchValue, QidoQuery};
use dicomweb_types::{
    Accept, Limits, MediaType, RenderingParams, Request, Resource, SubscriptionTarget, Target,
};
use serde_json::{Map, Value, json};

/// HTTP method of the described request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "UPPER")]
pub(crate) enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Classify a DICOMweb request: service, resource, UIDs, frames, typed query parameters and
    /// the parsed Accept media types, as one JSON object. An invalid request exits 1 with the
    /// reason and the HTTP status a server should answer.
    Describe {
        /// The request target: a path with its query string, or a full URL.
        url: String,
        /// HTTP method.
        #[arg(long, value_enum, default_value_t = Method::Get)]
        method: Method,
        /// Accept header value(s).
        #[arg(long)]
        accept: Vec<String>,
        /// Indent the JSON.
        #[arg(long)]
        pretty: bool,
    },
}

pub(crate) fn run(cmd: Command) -> Result<(), CliError> {
    match cmd {
        Command::Describe {
            url,
            method,
            accept,
            pretty,
        } => describe(&url, method, &accept, pretty),
    }
}

fn fail(url: &str, e: &dicomweb_types::Error) -> CliError {
    CliError::invalid(format!("{url}: {e} (HTTP {})", e.status()))
}

fn describe(url: &str, method: Method, accept: &[String], pretty: bool) -> Result<(), CliError> {
    let target = Request::strip_base(url);
    let req = Request::parse(method.as_str(), target).map_err(|e| fail(url, &e))?;
    let accept = Accept::parse_all(accept.iter().map(String::as_str), &Limits::default())
        .map_err(|e| CliError::invalid(format!("--accept: {e} (HTTP {})", e.status())))?;
    let mut out = Map::new();
    out.insert("method".into(), json!(req.method.as_str()));
    out.insert("service".into(), json!(req.resource.service().as_str()));
    out.insert("resource".into(), json!(req.resource.name()));
    resource_fields(&req.resource, &mut out);
    if let Some(q) = &req.search {
        out.insert("query".into(), query_json(q));
    }
    if let Some(r) = &req.rendering {
        out.insert("rendering".into(), rendering_json(r));
    }
    if !req.params.is_empty() {
        let params: Map<String, Value> = req
            .params
            .iter()
            .map(|(n, v)| (n.clone(), json!(v)))
            .collect();
        out.insert("query_params".into(), Value::Object(params));
    }
    out.insert(
        "accept".into(),
        Value::Array(
            accept
                .ranges()
                .iter()
                .map(|r| media_json(&r.media_type, Some(r.q)))
                .collect(),
        ),
    );
    if let Some(payload) = req.resource.payload()
        && (req.method == dicomweb_types::Method::Get || !accept.is_empty())
    {
        let chosen = accept
            .negotiate(payload, &["*"])
            .map_err(|e| fail(url, &e))?;
        out.insert("response_media_type".into(), json!(chosen.to_string()));
    }
    let text = if pretty {
        serde_json::to_string_pretty(&Value::Object(out))
    } else {
        serde_json::to_string(&Value::Object(out))
    }
    .map_err(|e| CliError::invalid(e.to_string()))?;
    crate::util::write_output(None, format!("{text}\n").as_bytes())
}

fn target_fields(t: &Target, out: &mut Map<String, Value>) {
    out.insert("study".into(), json!(t.study.as_str()));
    if let Some(s) = &t.series {
        out.insert("series".into(), json!(s.as_str()));
    }
    if let Some(i) = &t.instance {
        out.insert("instance".into(), json!(i.as_str()));
    }
}

fn resource_fields(r: &Resource, out: &mut Map<String, Value>) {
    match r {
        Resource::Retrieve(t)
        | Resource::Metadata(t)
        | Resource::Rendered(t)
        | Resource::Thumbnail(t)
        | Resource::Bulkdata(t)
        | Resource::Pixeldata(t) => target_fields(t, out),
        Resource::BulkdataItem { target, path } => {
            target_fields(target, out);
            out.insert("bulkdata_path".into(), json!(path));
        }
        Resource::Frames { target, frames }
        | Resource::FramesRendered { target, frames }
        | Resource::FramesThumbnail { target, frames } => {
            target_fields(target, out);
            out.insert("frames".into(), json!(frames));
        }
        Resource::Search(scope) => {
            use dicomweb_types::SearchScope as S;
            match scope {
                S::StudySeries(st) | S::StudyInstances(st) => {
                    out.insert("study".into(), json!(st.as_str()));
                }
                S::StudySeriesInstances(st, se) => {
                    out.insert("study".into(), json!(st.as_str()));
                    out.insert("series".into(), json!(se.as_str()));
                }
                _ => {}
            }
        }
        Resource::Store { study: Some(s) } => {
            out.insert("study".into(), json!(s.as_str()));
        }
        Resource::CreateWorkitem { workitem: Some(w) } => {
            out.insert("workitem".into(), json!(w.as_str()));
        }
        Resource::RetrieveWorkitem(w)
        | Resource::ChangeWorkitemState(w)
        | Resource::RequestCancellation(w) => {
            out.insert("workitem".into(), json!(w.as_str()));
        }
        Resource::UpdateWorkitem {
            workitem,
            transaction,
        } => {
            out.insert("workitem".into(), json!(workitem.as_str()));
            if let Some(t) = transaction {
                out.insert("transaction".into(), json!(t.as_str()));
            }
        }
        Resource::Subscribe {
            target,
            aetitle,
            deletion_lock,
        } => {
            subscription(target, aetitle, out);
            if let Some(d) = deletion_lock {
                out.insert("deletionlock".into(), json!(d));
            }
        }
        Resource::Unsubscribe { target, aetitle }
        | Resource::SuspendSubscription { target, aetitle } => {
            subscription(target, aetitle, out);
        }
        Resource::WadoUri(w) => {
            let mut m = Map::new();
            let mut put = |k: &str, v: Value| {
                if !v.is_null() {
                    m.insert(k.into(), v);
                }
            };
            put("studyUID", json!(w.study.as_ref().map(|u| u.as_str())));
            put("seriesUID", json!(w.series.as_ref().map(|u| u.as_str())));
            put("objectUID", json!(w.object.as_ref().map(|u| u.as_str())));
            put("contentType", json!(w.content_type));
            put("charset", json!(w.charset));
            if w.anonymize {
                put("anonymize", json!("yes"));
            }
            if !w.annotation.is_empty() {
                put("annotation", json!(w.annotation));
            }
            put("rows", json!(w.rows));
            put("columns", json!(w.columns));
            put("region", json!(w.region));
            put("windowCenter", json!(w.window_center));
            put("windowWidth", json!(w.window_width));
            put("frameNumber", json!(w.frame_number));
            put("imageQuality", json!(w.image_quality));
            put(
                "presentationUID",
                json!(w.presentation_uid.as_ref().map(|u| u.as_str())),
            );
            put(
                "presentationSeriesUID",
                json!(w.presentation_series_uid.as_ref().map(|u| u.as_str())),
            );
            put(
                "transferSyntax",
                json!(w.transfer_syntax.as_ref().map(|u| u.as_str())),
            );
            out.insert("parameters".into(), Value::Object(m));
        }
        _ => {}
    }
}

fn subscription(target: &SubscriptionTarget, aetitle: &str, out: &mut Map<String, Value>) {
    match target {
        SubscriptionTarget::Workitem(w) => {
            out.insert("workitem".into(), json!(w.as_str()));
        }
        SubscriptionTarget::Global => {
            out.insert("subscription".into(), json!("global"));
        }
        SubscriptionTarget::Filtered => {
            out.insert("subscription".into(), json!("filtered"));
        }
        other => {
            out.insert("subscription".into(), json!(other.uid()));
        }
    }
    out.insert("aetitle".into(), json!(aetitle));
}

fn query_json(q: &QidoQuery) -> Value {
    let matches: Vec<Value> = q
        .matches
        .iter()
        .map(|m| {
            let (kind, value) = match &m.value {
                MatchValue::Universal => ("universal", json!("")),
                MatchValue::Single(s) => ("single", json!(s)),
                MatchValue::Wildcard(s) => ("wildcard", json!(s)),
                MatchValue::UidList(u) => (
                    "uid-list",
                    json!(u.iter().map(|x| x.as_str()).collect::<Vec<_>>()),
                ),
                MatchValue::Range { from, to } => ("range", json!({"from": from, "to": to})),
                _ => ("other", json!(m.value.to_string())),
            };
            json!({
                "tag": m.path.to_string(),
                "keyword": m.path.to_keyword_string(),
                "match": kind,
                "value": value,
            })
        })
        .collect();
    let mut out = Map::new();
    out.insert("match_keys".into(), Value::Array(matches));
    match &q.include {
        IncludeField::All => {
            out.insert("includefield".into(), json!("all"));
        }
        IncludeField::List(l) => {
            out.insert(
                "includefield".into(),
                json!(l.iter().map(ToString::to_string).collect::<Vec<_>>()),
            );
        }
        _ => {}
    }
    let mut put = |k: &str, v: Value| {
        if !v.is_null() {
            out.insert(k.into(), v);
        }
    };
    put("limit", json!(q.limit));
    put("offset", json!(q.offset));
    put("fuzzymatching", json!(q.fuzzymatching));
    put("emptyvaluematching", json!(q.emptyvaluematching));
    put("multiplevaluematching", json!(q.multiplevaluematching));
    put("charset", json!(q.charset));
    put("accept", json!(q.accept));
    Value::Object(out)
}

fn rendering_json(r: &RenderingParams) -> Value {
    let mut out = Map::new();
    if !r.annotation.is_empty() {
        out.insert("annotation".into(), json!(r.annotation));
    }
    if let Some(q) = r.quality {
        out.insert("quality".into(), json!(q));
    }
    if let Some(v) = &r.viewport {
        out.insert(
            "viewport".into(),
            json!({"vw": v.vw, "vh": v.vh, "source": v.source.map(|s| [s.0, s.1, s.2, s.3])}),
        );
    }
    if let Some(w) = &r.window {
        out.insert(
            "window".into(),
            json!({"center": w.center, "width": w.width, "function": w.function}),
        );
    }
    if let Some(i) = &r.iccprofile {
        out.insert("iccprofile".into(), json!(i));
    }
    Value::Object(out)
}

fn media_json(mt: &MediaType, q: Option<u16>) -> Value {
    let params: Map<String, Value> = mt.params().map(|(n, v)| (n.to_owned(), json!(v))).collect();
    let mut out = Map::new();
    out.insert("media_type".into(), json!(mt.to_string()));
    out.insert("type".into(), json!(mt.type_()));
    out.insert("subtype".into(), json!(mt.subtype()));
    out.insert("params".into(), Value::Object(params));
    if let Some(t) = mt.related_type() {
        out.insert("related_type".into(), json!(t.essence()));
    }
    if let Some(ts) = mt.transfer_syntax() {
        out.insert("transfer_syntax".into(), json!(ts));
    }
    if let Some(q) = q {
        out.insert("q".into(), json!(f64::from(q) / 1000.0));
    }
    Value::Object(out)
}

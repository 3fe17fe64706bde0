//! DICOMweb resources and requests ([PS3.18 §10][s], Table 10.1-1; UPS-RS [§11][u];
//! WADO-URI [§9][w]): a typed model that parses and builds every URL template.
//!
//! [s]: https://dicom.nema.org/medical/dicom/current/output/chtml/part18/chapter_10.html
//! [u]: https://dicom.nema.org/medical/dicom/current/output/chtml/part18/chapter_11.html
//! [w]: https://dicom.nema.org/medical/dicom/current/output/chtml/part18/chapter_9.html

use crate::error::{Error, ErrorKind, Limit, Position};
use crate::percent;
use crate::qido::QidoQuery;
use crate::rendering::RenderingParams;
use crate::{Limits, Payload, Uid};
use std::fmt;

/// An HTTP method a DICOMweb resource answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Method {
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
    /// Parses `GET`, `POST`, `PUT` or `DELETE` (case-sensitive, RFC 9110 §9.1); any other
    /// method is answered with 405.
    pub fn parse(s: &str) -> Result<Self, Error> {
        match s {
            "GET" => Ok(Method::Get),
            "POST" => Ok(Method::Post),
            "PUT" => Ok(Method::Put),
            "DELETE" => Ok(Method::Delete),
            _ => Err(Error::new(ErrorKind::MethodNotAllowed, Position::None).with_detail(s)),
        }
    }

    /// The method name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The DICOMweb service a request belongs to (PS3.18 §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Service {
    /// Query based on ID for DICOM Objects (search).
    QidoRs,
    /// Web Access to DICOM Objects by RESTful Services (retrieve).
    WadoRs,
    /// Store Over the Web.
    StowRs,
    /// Unified Procedure Step.
    UpsRs,
    /// Web Access to DICOM Objects by URI.
    WadoUri,
}

impl Service {
    /// The service's name as PS3.18 writes it: `QIDO-RS`, `WADO-RS`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Service::QidoRs => "QIDO-RS",
            Service::WadoRs => "WADO-RS",
            Service::StowRs => "STOW-RS",
            Service::UpsRs => "UPS-RS",
            Service::WadoUri => "WADO-URI",
        }
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A study, series or instance (PS3.18 §10.4.1.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Target {
    /// Study Instance UID.
    pub study: Uid,
    /// Series Instance UID, for series and instances.
    pub series: Option<Uid>,
    /// SOP Instance UID, for instances.
    pub instance: Option<Uid>,
}

impl Target {
    /// A study.
    pub fn study(study: Uid) -> Self {
        Target {
            study,
            series: None,
            instance: None,
        }
    }
    /// A series.
    pub fn series(study: Uid, series: Uid) -> Self {
        Target {
            study,
            series: Some(series),
            instance: None,
        }
    }
    /// An instance.
    pub fn instance(study: Uid, series: Uid, instance: Uid) -> Self {
        Target {
            study,
            series: Some(series),
            instance: Some(instance),
        }
    }
    /// `study`, `series` or `instance`.
    pub fn level(&self) -> &'static str {
        match (&self.series, &self.instance) {
            (_, Some(_)) => "instance",
            (Some(_), None) => "series",
            _ => "study",
        }
    }
    fn path(&self) -> String {
        let mut p = format!("/studies/{}", self.study);
        if let Some(s) = &self.series {
            p.push_str(&format!("/series/{s}"));
            if let Some(i) = &self.instance {
                p.push_str(&format!("/instances/{i}"));
            }
        }
        p
    }
}

/// The scope of a QIDO-RS search (PS3.18 Table 10.6.1-1): the six search resources.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SearchScope {
    /// `/studies`
    Studies,
    /// `/studies/{study}/series`
    StudySeries(Uid),
    /// `/series`
    Series,
    /// `/studies/{study}/series/{series}/instances`
    StudySeriesInstances(Uid, Uid),
    /// `/studies/{study}/instances`
    StudyInstances(Uid),
    /// `/instances`
    Instances,
}

/// What a UPS-RS subscription is for (PS3.18 §11.10, PS3.4 §CC.3.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SubscriptionTarget {
    /// One workitem.
    Workitem(Uid),
    /// Every workitem: the Global Subscription well-known UID (`1.2.840.10008.5.1.4.34.5`).
    Global,
    /// The filtered worklist: `1.2.840.10008.5.1.4.34.5.1`, with a filter query.
    Filtered,
}

impl SubscriptionTarget {
    /// The UPS Global Subscription SOP Instance UID (PS3.4 §CC.3.1, PS3.6 Annex A).
    pub const GLOBAL_UID: &'static str = "1.2.840.10008.5.1.4.34.5";
    /// The UPS Filtered Global Subscription SOP Instance UID.
    pub const FILTERED_UID: &'static str = "1.2.840.10008.5.1.4.34.5.1";

    fn from_uid(uid: Uid) -> Self {
        match uid.as_str() {
            Self::GLOBAL_UID => SubscriptionTarget::Global,
            Self::FILTERED_UID => SubscriptionTarget::Filtered,
            _ => SubscriptionTarget::Workitem(uid),
        }
    }

    /// The UID in the path.
    pub fn uid(&self) -> &str {
        match self {
            SubscriptionTarget::Workitem(u) => u.as_str(),
            SubscriptionTarget::Global => Self::GLOBAL_UID,
            SubscriptionTarget::Filtered => Self::FILTERED_UID,
        }
    }
}

/// WADO-URI query parameters (PS3.18 §9, the URI Service: `requestType`, `studyUID`,
/// `seriesUID`, `objectUID` and the optional rendering and transfer parameters).
/// `requestType=WADO` selects the service.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct WadoUri {
    /// `studyUID` (required).
    pub study: Option<Uid>,
    /// `seriesUID` (required).
    pub series: Option<Uid>,
    /// `objectUID` (required).
    pub object: Option<Uid>,
    /// `contentType`.
    pub content_type: Option<String>,
    /// `charset`.
    pub charset: Option<String>,
    /// `anonymize=yes`.
    pub anonymize: bool,
    /// `annotation`: `patient` and/or `technique`.
    pub annotation: Vec<String>,
    /// `rows`.
    pub rows: Option<u32>,
    /// `columns`.
    pub columns: Option<u32>,
    /// `region`: four normalized coordinates.
    pub region: Option<[f64; 4]>,
    /// `windowCenter`.
    pub window_center: Option<f64>,
    /// `windowWidth`.
    pub window_width: Option<f64>,
    /// `frameNumber` (1-based).
    pub frame_number: Option<u32>,
    /// `imageQuality`: 1 to 100.
    pub image_quality: Option<u8>,
    /// `presentationUID`.
    pub presentation_uid: Option<Uid>,
    /// `presentationSeriesUID`.
    pub presentation_series_uid: Option<Uid>,
    /// `transferSyntax`.
    pub transfer_syntax: Option<Uid>,
}

/// A DICOMweb resource (PS3.18 Table 10.1-1, §11): what a request path names.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Resource {
    /// WADO-RS: the instances of a study, series or instance.
    Retrieve(Target),
    /// WADO-RS: metadata.
    Metadata(Target),
    /// WADO-RS: rendered.
    Rendered(Target),
    /// WADO-RS: thumbnail.
    Thumbnail(Target),
    /// WADO-RS: all bulk data of a study, series or instance.
    Bulkdata(Target),
    /// WADO-RS: one bulk data item under an instance's `bulkdata/` path.
    BulkdataItem {
        /// The instance.
        target: Target,
        /// What follows `bulkdata/`, as received.
        path: String,
    },
    /// WADO-RS: pixel data.
    Pixeldata(Target),
    /// WADO-RS: frames of an instance.
    Frames {
        /// The instance.
        target: Target,
        /// Frame numbers (1-based), in request order.
        frames: Vec<u32>,
    },
    /// WADO-RS: rendered frames.
    FramesRendered {
        /// The instance.
        target: Target,
        /// Frame numbers.
        frames: Vec<u32>,
    },
    /// WADO-RS: a thumbnail of frames.
    FramesThumbnail {
        /// The instance.
        target: Target,
        /// Frame numbers.
        frames: Vec<u32>,
    },
    /// QIDO-RS: one of the six search resources.
    Search(SearchScope),
    /// STOW-RS: store instances, optionally into one study.
    Store {
        /// The study every instance must belong to.
        study: Option<Uid>,
    },
    /// UPS-RS: create a workitem (`POST /workitems{?workitem}`).
    CreateWorkitem {
        /// The workitem's UID when the client chooses it.
        workitem: Option<Uid>,
    },
    /// UPS-RS: retrieve a workitem.
    RetrieveWorkitem(Uid),
    /// UPS-RS: update a workitem (`POST /workitems/{workitem}{?transaction}`).
    UpdateWorkitem {
        /// The workitem.
        workitem: Uid,
        /// The Transaction UID, required once the workitem is IN PROGRESS.
        transaction: Option<Uid>,
    },
    /// UPS-RS: change a workitem's state (`PUT /workitems/{workitem}/state`).
    ChangeWorkitemState(Uid),
    /// UPS-RS: request cancellation (`POST /workitems/{workitem}/cancelrequest`).
    RequestCancellation(Uid),
    /// UPS-RS: search workitems (`GET /workitems{?query}`).
    SearchWorkitems,
    /// UPS-RS: subscribe (`POST /workitems/{uid}/subscribers/{aetitle}{?deletionlock}`).
    Subscribe {
        /// Workitem, global or filtered worklist.
        target: SubscriptionTarget,
        /// The subscriber's AE title.
        aetitle: String,
        /// `deletionlock`.
        deletion_lock: Option<bool>,
    },
    /// UPS-RS: unsubscribe (`DELETE /workitems/{uid}/subscribers/{aetitle}`).
    Unsubscribe {
        /// Workitem, global or filtered worklist.
        target: SubscriptionTarget,
        /// The subscriber's AE title.
        aetitle: String,
    },
    /// UPS-RS: suspend a global subscription
    /// (`POST /workitems/1.2.840.10008.5.1.4.34.5/subscribers/{aetitle}/suspend`).
    SuspendSubscription {
        /// Global or filtered worklist.
        target: SubscriptionTarget,
        /// The subscriber's AE title.
        aetitle: String,
    },
    /// WADO-URI.
    WadoUri(Box<WadoUri>),
}

impl Resource {
    /// The service.
    pub fn service(&self) -> Service {
        match self {
            Resource::Search(_) => Service::QidoRs,
            Resource::Store { .. } => Service::StowRs,
            Resource::WadoUri(_) => Service::WadoUri,
            Resource::CreateWorkitem { .. }
            | Resource::RetrieveWorkitem(_)
            | Resource::UpdateWorkitem { .. }
            | Resource::ChangeWorkitemState(_)
            | Resource::RequestCancellation(_)
            | Resource::SearchWorkitems
            | Resource::Subscribe { .. }
            | Resource::Unsubscribe { .. }
            | Resource::SuspendSubscription { .. } => Service::UpsRs,
            _ => Service::WadoRs,
        }
    }

    /// A stable kebab-case name: `study`, `series-metadata`, `frames`, `study-search`,
    /// `workitem-state`, ...
    pub fn name(&self) -> String {
        let lvl = |t: &Target| t.level();
        match self {
            Resource::Retrieve(t) => lvl(t).to_owned(),
            Resource::Metadata(t) => format!("{}-metadata", lvl(t)),
            Resource::Rendered(t) => format!("{}-rendered", lvl(t)),
            Resource::Thumbnail(t) => format!("{}-thumbnail", lvl(t)),
            Resource::Bulkdata(t) => format!("{}-bulkdata", lvl(t)),
            Resource::BulkdataItem { .. } => "bulkdata".into(),
            Resource::Pixeldata(t) => format!("{}-pixeldata", lvl(t)),
            Resource::Frames { .. } => "frames".into(),
            Resource::FramesRendered { .. } => "frames-rendered".into(),
            Resource::FramesThumbnail { .. } => "frames-thumbnail".into(),
            Resource::Search(s) => match s {
                SearchScope::Studies => "study-search",
                SearchScope::StudySeries(_) => "study-series-search",
                SearchScope::Series => "series-search",
                SearchScope::StudySeriesInstances(..) => "study-series-instance-search",
                SearchScope::StudyInstances(_) => "study-instance-search",
                SearchScope::Instances => "instance-search",
            }
            .into(),
            Resource::Store { study: None } => "studies-store".into(),
            Resource::Store { study: Some(_) } => "study-store".into(),
            Resource::CreateWorkitem { .. } => "workitem-create".into(),
            Resource::RetrieveWorkitem(_) => "workitem".into(),
            Resource::UpdateWorkitem { .. } => "workitem-update".into(),
            Resource::ChangeWorkitemState(_) => "workitem-state".into(),
            Resource::RequestCancellation(_) => "workitem-cancelrequest".into(),
            Resource::SearchWorkitems => "workitem-search".into(),
            Resource::Subscribe { target, .. } => match target {
                SubscriptionTarget::Workitem(_) => "workitem-subscribe",
                SubscriptionTarget::Global => "global-subscribe",
                SubscriptionTarget::Filtered => "filtered-subscribe",
            }
            .into(),
            Resource::Unsubscribe { target, .. } => match target {
                SubscriptionTarget::Workitem(_) => "workitem-unsubscribe",
                SubscriptionTarget::Global => "global-unsubscribe",
                SubscriptionTarget::Filtered => "filtered-unsubscribe",
            }
            .into(),
            Resource::SuspendSubscription { .. } => "subscription-suspend".into(),
            Resource::WadoUri(_) => "wado-uri".into(),
        }
    }

    /// What a successful response carries, for [`Accept::negotiate`](crate::Accept::negotiate);
    /// `None` when the response has no payload.
    pub fn payload(&self) -> Option<Payload> {
        Some(match self {
            Resource::Retrieve(_) => Payload::Instances,
            Resource::Metadata(_) => Payload::Metadata,
            Resource::Rendered(_)
            | Resource::Thumbnail(_)
            | Resource::FramesRendered { .. }
            | Resource::FramesThumbnail { .. } => Payload::Rendered,
            Resource::Bulkdata(_)
            | Resource::BulkdataItem { .. }
            | Resource::Pixeldata(_)
            | Resource::Frames { .. } => Payload::Bulkdata,
            Resource::Search(_) | Resource::SearchWorkitems => Payload::SearchResults,
            Resource::Store { .. } | Resource::RetrieveWorkitem(_) => Payload::DicomJsonOrXml,
            _ => return None,
        })
    }

    /// The path, from the service root: `/studies/{study}/metadata`, ...
    pub fn path(&self) -> String {
        let frames = |f: &[u32]| f.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
        let aet = |a: &str| percent::encode(a, b"");
        match self {
            Resource::Retrieve(t) => t.path(),
            Resource::Metadata(t) => format!("{}/metadata", t.path()),
            Resource::Rendered(t) => format!("{}/rendered", t.path()),
            Resource::Thumbnail(t) => format!("{}/thumbnail", t.path()),
            Resource::Bulkdata(t) => format!("{}/bulkdata", t.path()),
            Resource::BulkdataItem { target, path } => format!("{}/bulkdata/{path}", target.path()),
            Resource::Pixeldata(t) => format!("{}/pixeldata", t.path()),
            Resource::Frames { target, frames: f } => {
                format!("{}/frames/{}", target.path(), frames(f))
            }
            Resource::FramesRendered { target, frames: f } => {
                format!("{}/frames/{}/rendered", target.path(), frames(f))
            }
            Resource::FramesThumbnail { target, frames: f } => {
                format!("{}/frames/{}/thumbnail", target.path(), frames(f))
            }
            Resource::Search(s) => match s {
                SearchScope::Studies => "/studies".into(),
                SearchScope::StudySeries(st) => format!("/studies/{st}/series"),
                SearchScope::Series => "/series".into(),
                SearchScope::StudySeriesInstances(st, se) => {
                    format!("/studies/{st}/series/{se}/instances")
                }
                SearchScope::StudyInstances(st) => format!("/studies/{st}/instances"),
                SearchScope::Instances => "/instances".into(),
            },
            Resource::Store { study: None } => "/studies".into(),
            Resource::Store { study: Some(s) } => format!("/studies/{s}"),
            Resource::CreateWorkitem { workitem: None } | Resource::SearchWorkitems => {
                "/workitems".into()
            }
            Resource::CreateWorkitem { workitem: Some(w) } => format!("/workitems?workitem={w}"),
            Resource::RetrieveWorkitem(w) => format!("/workitems/{w}"),
            Resource::UpdateWorkitem {
                workitem,
                transaction,
            } => match transaction {
                Some(t) => format!("/workitems/{workitem}?transaction={t}"),
                None => format!("/workitems/{workitem}"),
            },
            Resource::ChangeWorkitemState(w) => format!("/workitems/{w}/state"),
            Resource::RequestCancellation(w) => format!("/workitems/{w}/cancelrequest"),
            Resource::Subscribe {
                target,
                aetitle,
                deletion_lock,
            } => {
                let mut p = format!("/workitems/{}/subscribers/{}", target.uid(), aet(aetitle));
                if let Some(d) = deletion_lock {
                    p.push_str(&format!("?deletionlock={d}"));
                }
                p
            }
            Resource::Unsubscribe { target, aetitle } => {
                format!("/workitems/{}/subscribers/{}", target.uid(), aet(aetitle))
            }
            Resource::SuspendSubscription { target, aetitle } => {
                format!(
                    "/workitems/{}/subscribers/{}/suspend",
                    target.uid(),
                    aet(aetitle)
                )
            }
            Resource::WadoUri(w) => format!("?{}", wado_uri_query(w)),
        }
    }

    /// The method this resource is used with.
    pub fn method(&self) -> Method {
        match self {
            Resource::Store { .. }
            | Resource::CreateWorkitem { .. }
            | Resource::UpdateWorkitem { .. }
            | Resource::RequestCancellation(_)
            | Resource::Subscribe { .. }
            | Resource::SuspendSubscription { .. } => Method::Post,
            Resource::ChangeWorkitemState(_) => Method::Put,
            Resource::Unsubscribe { .. } => Method::Delete,
            _ => Method::Get,
        }
    }
}

fn wado_uri_query(w: &WadoUri) -> String {
    let mut q = vec!["requestType=WADO".to_owned()];
    let e = |s: &str| percent::encode(s, b"*,/");
    let mut push = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            q.push(format!("{k}={v}"));
        }
    };
    push("studyUID", w.study.as_ref().map(ToString::to_string));
    push("seriesUID", w.series.as_ref().map(ToString::to_string));
    push("objectUID", w.object.as_ref().map(ToString::to_string));
    push("contentType", w.content_type.as_deref().map(e));
    push("charset", w.charset.as_deref().map(e));
    push("anonymize", w.anonymize.then(|| "yes".to_owned()));
    push(
        "annotation",
        (!w.annotation.is_empty()).then(|| w.annotation.join(",")),
    );
    push("rows", w.rows.map(|v| v.to_string()));
    push("columns", w.columns.map(|v| v.to_string()));
    push(
        "region",
        w.region
            .map(|r| format!("{},{},{},{}", r[0], r[1], r[2], r[3])),
    );
    push("windowCenter", w.window_center.map(|v| v.to_string()));
    push("windowWidth", w.window_width.map(|v| v.to_string()));
    push("frameNumber", w.frame_number.map(|v| v.to_string()));
    push("imageQuality", w.image_quality.map(|v| v.to_string()));
    push(
        "presentationUID",
        w.presentation_uid.as_ref().map(ToString::to_string),
    );
    push(
        "presentationSeriesUID",
        w.presentation_series_uid.as_ref().map(ToString::to_string),
    );
    push(
        "transferSyntax",
        w.transfer_syntax.as_ref().map(ToString::to_string),
    );
    q.join("&")
}

/// A DICOMweb request: method, resource and typed query parameters.
///
/// [`Request::parse`] takes the request target relative to the service root (the caller
/// strips its base path, e.g. with [`Request::strip_base`]); errors carry the HTTP status a
/// server answers ([`Error::status`]): 404 for unknown paths, 405 for a wrong method, 400 for
/// invalid UIDs, frame lists and query parameters, 414 for an over-long target.
///
/// ```
/// use dicomweb_types::{Request, Resource, Method};
/// let r = Request::parse("GET", "/studies/1.2.3/series/4.5/instances/6.7/frames/1,3")?;
/// assert_eq!(r.resource.name(), "frames");
/// assert!(matches!(&r.resource, Resource::Frames { frames, .. } if frames == &[1, 3]));
/// assert_eq!(r.to_target(), "/studies/1.2.3/series/4.5/instances/6.7/frames/1,3");
/// assert_eq!(Request::parse("GET", "/studies/1.2.3/frames/1").unwrap_err().status(), 404);
/// assert_eq!(Request::parse("DELETE", "/studies").unwrap_err().status(), 405);
/// assert_eq!(Request::parse("GET", "/studies/1.02").unwrap_err().status(), 400);
/// # Ok::<(), dicomweb_types::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The resource.
    pub resource: Resource,
    /// Search parameters (QIDO-RS searches, UPS-RS search and filtered subscriptions).
    pub search: Option<QidoQuery>,
    /// Rendering parameters (rendered and thumbnail resources).
    pub rendering: Option<RenderingParams>,
    /// Other accepted query parameters (`accept`, `charset`), decoded.
    pub params: Vec<(String, String)>,
}

fn not_found(seg: usize, what: &str) -> Error {
    Error::new(ErrorKind::NotFound, Position::Segment(seg)).with_detail(what)
}

fn uid_at(seg: usize, s: &str) -> Result<Uid, Error> {
    if Uid::is_valid(s) {
        Uid::new(s)
    } else {
        Err(Error::new(ErrorKind::InvalidUid, Position::Segment(seg)).with_detail(s))
    }
}

/// Parses a frame list (PS3.18 §10.4.1.1.6): comma-separated positive integers.
pub fn parse_frame_list(s: &str, max: usize) -> Result<Vec<u32>, Error> {
    let mut out = Vec::new();
    for f in s.split(',') {
        let bad = |w| Error::new(ErrorKind::InvalidFrameList(w), Position::None).with_detail(s);
        if f.is_empty() {
            return Err(bad("empty frame number"));
        }
        if !f.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("frame number is not a positive integer"));
        }
        let n: u32 = f.parse().map_err(|_| bad("frame number too large"))?;
        if n == 0 {
            return Err(bad("frame numbers start at 1"));
        }
        if out.len() >= max {
            return Err(Error::new(
                ErrorKind::LimitExceeded(Limit::ListItems),
                Position::None,
            ));
        }
        out.push(n);
    }
    Ok(out)
}

fn allow(method: Method, allowed: &[Method], path: &str) -> Result<(), Error> {
    if allowed.contains(&method) {
        Ok(())
    } else {
        Err(Error::new(ErrorKind::MethodNotAllowed, Position::None)
            .with_detail(format!("{method} {path}")))
    }
}

impl Request {
    /// A request for `resource` with its usual method and no query parameters.
    pub fn new(resource: Resource) -> Self {
        Request {
            method: resource.method(),
            resource,
            search: None,
            rendering: None,
            params: Vec::new(),
        }
    }

    /// Parses a request target (path and query, relative to the service root) with default
    /// [`Limits`].
    pub fn parse(method: &str, target: &str) -> Result<Self, Error> {
        Self::parse_with_limits(method, target, &Limits::default())
    }

    /// Removes a scheme, authority and base path: everything before the first path segment
    /// that starts a DICOMweb resource (`studies`, `series`, `instances`, `workitems`). A
    /// target with `requestType=` (WADO-URI) keeps only its query.
    ///
    /// ```
    /// use dicomweb_types::Request;
    /// assert_eq!(Request::strip_base("http://h:8042/dicom-web/studies/1.2?limit=1"), "/studies/1.2?limit=1");
    /// assert_eq!(Request::strip_base("/wado?requestType=WADO&studyUID=1"), "?requestType=WADO&studyUID=1");
    /// ```
    pub fn strip_base(url: &str) -> &str {
        let after_scheme = match url.find("://") {
            Some(i) => {
                let rest = url.get(i + 3..).unwrap_or("");
                rest.find(['/', '?'])
                    .and_then(|j| rest.get(j..))
                    .unwrap_or("")
            }
            None => url,
        };
        let (path, query) = match after_scheme.find('?') {
            Some(i) => (
                after_scheme.get(..i).unwrap_or(""),
                after_scheme.get(i..).unwrap_or(""),
            ),
            None => (after_scheme, ""),
        };
        if query.contains("requestType=") {
            return query;
        }
        let mut idx: usize = 0;
        for seg in path.split('/') {
            if matches!(seg, "studies" | "series" | "instances" | "workitems") {
                return after_scheme
                    .get(idx.saturating_sub(1)..)
                    .unwrap_or(after_scheme);
            }
            idx += seg.len() + 1;
        }
        after_scheme
    }

    /// Parses a request target.
    pub fn parse_with_limits(method: &str, target: &str, limits: &Limits) -> Result<Self, Error> {
        if target.len() > limits.max_url_bytes {
            return Err(Error::new(
                ErrorKind::LimitExceeded(Limit::UrlBytes),
                Position::None,
            ));
        }
        let method = Method::parse(method)?;
        let target = target.split('#').next().unwrap_or("");
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let pairs = percent::query_pairs(query, limits.max_query_params)?;
        if pairs.iter().any(|(n, _)| n == "requestType") {
            allow(method, &[Method::Get], "WADO-URI")?;
            let w = parse_wado_uri(&pairs)?;
            return Ok(Request::new(Resource::WadoUri(Box::new(w))));
        }
        let mut raw: Vec<&str> = path.split('/').collect();
        if raw.first() == Some(&"") {
            raw.remove(0);
        }
        if raw.last() == Some(&"") && raw.len() > 1 {
            raw.pop();
        }
        let mut segs = Vec::with_capacity(raw.len());
        for (i, s) in raw.iter().enumerate() {
            segs.push(percent::decode(s, &|| Position::Segment(i + 1))?);
        }
        let s: Vec<&str> = segs.iter().map(String::as_str).collect();
        let resource = route(method, &s, &pairs, limits)?;
        let mut req = Request {
            method,
            resource,
            search: None,
            rendering: None,
            params: Vec::new(),
        };
        req.take_query(pairs, limits)?;
        Ok(req)
    }

    fn take_query(&mut self, pairs: Vec<(String, String)>, limits: &Limits) -> Result<(), Error> {
        match &self.resource {
            Resource::Search(_) | Resource::SearchWorkitems => {
                self.search = Some(QidoQuery::from_pairs(&pairs, limits)?);
            }
            Resource::Subscribe {
                target: SubscriptionTarget::Filtered,
                ..
            } => {
                let rest: Vec<(String, String)> = pairs
                    .into_iter()
                    .filter(|(n, _)| n != "deletionlock")
                    .collect();
                self.search = Some(QidoQuery::from_pairs(&rest, limits)?);
            }
            Resource::Rendered(_)
            | Resource::Thumbnail(_)
            | Resource::FramesRendered { .. }
            | Resource::FramesThumbnail { .. } => {
                self.rendering = Some(RenderingParams::from_pairs(&pairs)?);
            }
            Resource::CreateWorkitem { .. }
            | Resource::UpdateWorkitem { .. }
            | Resource::Subscribe { .. } => {
                // Their parameters were read by `route`.
            }
            _ => {
                for (n, v) in pairs {
                    if n == "accept" || n == "charset" {
                        self.params.push((n, v));
                    } else {
                        return Err(Error::param(
                            ErrorKind::InvalidQuery("unknown query parameter"),
                            &n,
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The request target (path and query string) relative to the service root.
    pub fn to_target(&self) -> String {
        let mut t = self.resource.path();
        let mut query = Vec::new();
        if let Some(s) = &self.search {
            let q = s.to_query_string();
            if !q.is_empty() {
                query.push(q);
            }
        }
        if let Some(r) = &self.rendering {
            let q = r.to_query_string();
            if !q.is_empty() {
                query.push(q);
            }
        }
        for (n, v) in &self.params {
            query.push(format!(
                "{}={}",
                percent::encode(n, b""),
                percent::encode(v, b"*,")
            ));
        }
        if !query.is_empty() {
            t.push(if t.contains('?') { '&' } else { '?' });
            t.push_str(&query.join("&"));
        }
        t
    }
}

fn route(
    method: Method,
    s: &[&str],
    pairs: &[(String, String)],
    limits: &Limits,
) -> Result<Resource, Error> {
    use Method::{Get, Post};
    let path = s.join("/");
    let frames_at = |seg: usize, v: &str| {
        parse_frame_list(v, limits.max_list_items).map_err(|e| {
            let mut err = Error::new(e.kind().clone(), Position::Segment(seg));
            if let Some(d) = e.detail() {
                err = err.with_detail(d);
            }
            err
        })
    };
    match s {
        [] | [""] => Err(not_found(1, "")),
        ["studies"] => {
            allow(method, &[Get, Post], &path)?;
            Ok(if method == Get {
                Resource::Search(SearchScope::Studies)
            } else {
                Resource::Store { study: None }
            })
        }
        ["series"] => {
            allow(method, &[Get], &path)?;
            Ok(Resource::Search(SearchScope::Series))
        }
        ["instances"] => {
            allow(method, &[Get], &path)?;
            Ok(Resource::Search(SearchScope::Instances))
        }
        ["studies", st, rest @ ..] => {
            let study = uid_at(2, st)?;
            match rest {
                [] => {
                    allow(method, &[Get, Post], &path)?;
                    Ok(if method == Get {
                        Resource::Retrieve(Target::study(study))
                    } else {
                        Resource::Store { study: Some(study) }
                    })
                }
                ["series"] => {
                    allow(method, &[Get], &path)?;
                    Ok(Resource::Search(SearchScope::StudySeries(study)))
                }
                ["instances"] => {
                    allow(method, &[Get], &path)?;
                    Ok(Resource::Search(SearchScope::StudyInstances(study)))
                }
                ["series", se, rest @ ..] => {
                    let series = uid_at(4, se)?;
                    match rest {
                        ["instances"] => {
                            allow(method, &[Get], &path)?;
                            Ok(Resource::Search(SearchScope::StudySeriesInstances(
                                study, series,
                            )))
                        }
                        ["instances", i, rest @ ..] => {
                            let inst = uid_at(6, i)?;
                            let t = Target::instance(study, series, inst);
                            match rest {
                                ["frames", list, tail @ ..] => {
                                    let frames = frames_at(8, list)?;
                                    allow(method, &[Get], &path)?;
                                    match tail {
                                        [] => Ok(Resource::Frames { target: t, frames }),
                                        ["rendered"] => {
                                            Ok(Resource::FramesRendered { target: t, frames })
                                        }
                                        ["thumbnail"] => {
                                            Ok(Resource::FramesThumbnail { target: t, frames })
                                        }
                                        _ => Err(not_found(9, &path)),
                                    }
                                }
                                ["bulkdata", item @ ..] if !item.is_empty() => {
                                    allow(method, &[Get], &path)?;
                                    Ok(Resource::BulkdataItem {
                                        target: t,
                                        path: item.join("/"),
                                    })
                                }
                                _ => level_resource(method, t, rest, 7, &path),
                            }
                        }
                        _ => level_resource(method, Target::series(study, series), rest, 5, &path),
                    }
                }
                _ => level_resource(method, Target::study(study), rest, 3, &path),
            }
        }
        ["workitems", rest @ ..] => workitems(method, rest, pairs, &path),
        [first, ..] => Err(not_found(1, first)),
    }
}

fn level_resource(
    method: Method,
    t: Target,
    rest: &[&str],
    seg: usize,
    path: &str,
) -> Result<Resource, Error> {
    let r = match rest {
        [] => Resource::Retrieve(t),
        ["metadata"] => Resource::Metadata(t),
        ["rendered"] => Resource::Rendered(t),
        ["thumbnail"] => Resource::Thumbnail(t),
        ["bulkdata"] => Resource::Bulkdata(t),
        ["pixeldata"] => Resource::Pixeldata(t),
        [other, ..] => return Err(not_found(seg, other)),
    };
    allow(method, &[Method::Get], path)?;
    Ok(r)
}

fn bool_param(pairs: &[(String, String)], name: &str) -> Result<Option<bool>, Error> {
    match pairs.iter().find(|(n, _)| n == name) {
        None => Ok(None),
        Some((_, v)) if v == "true" => Ok(Some(true)),
        Some((_, v)) if v == "false" => Ok(Some(false)),
        Some((_, v)) => Err(
            Error::param(ErrorKind::InvalidQuery("expected true or false"), name).with_detail(v),
        ),
    }
}

/// A UID given either as `name=UID` or as a bare `?UID` (the older PS3.18 form).
fn uid_param(pairs: &[(String, String)], name: &str) -> Result<Option<Uid>, Error> {
    for (n, v) in pairs {
        if n == name {
            return Uid::new(v)
                .map(Some)
                .map_err(|_| Error::param(ErrorKind::InvalidUid, name).with_detail(v));
        }
        if v.is_empty() && Uid::is_valid(n) {
            return Uid::new(n).map(Some);
        }
    }
    Ok(None)
}

fn only_params(pairs: &[(String, String)], allowed: &[&str]) -> Result<(), Error> {
    for (n, v) in pairs {
        let bare_uid = v.is_empty() && Uid::is_valid(n);
        if !allowed.contains(&n.as_str()) && !bare_uid {
            return Err(Error::param(
                ErrorKind::InvalidQuery("unknown query parameter"),
                n,
            ));
        }
    }
    Ok(())
}

fn workitems(
    method: Method,
    rest: &[&str],
    pairs: &[(String, String)],
    path: &str,
) -> Result<Resource, Error> {
    use Method::{Delete, Get, Post, Put};
    match rest {
        [] => {
            allow(method, &[Get, Post], path)?;
            if method == Get {
                return Ok(Resource::SearchWorkitems);
            }
            only_params(pairs, &["workitem", "charset", "accept"])?;
            Ok(Resource::CreateWorkitem {
                workitem: uid_param(pairs, "workitem")?,
            })
        }
        [w, tail @ ..] => {
            let uid = uid_at(2, w)?;
            match tail {
                [] => {
                    allow(method, &[Get, Post], path)?;
                    if method == Get {
                        Ok(Resource::RetrieveWorkitem(uid))
                    } else {
                        only_params(pairs, &["transaction", "charset", "accept"])?;
                        Ok(Resource::UpdateWorkitem {
                            workitem: uid,
                            transaction: uid_param(pairs, "transaction")?,
                        })
                    }
                }
                ["state"] => {
                    allow(method, &[Put], path)?;
                    Ok(Resource::ChangeWorkitemState(uid))
                }
                ["cancelrequest"] => {
                    allow(method, &[Post], path)?;
                    Ok(Resource::RequestCancellation(uid))
                }
                ["subscribers", aet, more @ ..] => {
                    if aet.is_empty() || aet.len() > 16 {
                        return Err(Error::new(
                            ErrorKind::InvalidQuery("AE title must be 1 to 16 characters"),
                            Position::Segment(4),
                        )
                        .with_detail(*aet));
                    }
                    let target = SubscriptionTarget::from_uid(uid);
                    let aetitle = (*aet).to_owned();
                    match more {
                        [] => {
                            allow(method, &[Post, Delete], path)?;
                            if method == Post {
                                if target != SubscriptionTarget::Filtered {
                                    only_params(pairs, &["deletionlock"])?;
                                }
                                Ok(Resource::Subscribe {
                                    target,
                                    aetitle,
                                    deletion_lock: bool_param(pairs, "deletionlock")?,
                                })
                            } else {
                                Ok(Resource::Unsubscribe { target, aetitle })
                            }
                        }
                        ["suspend"] => {
                            if matches!(target, SubscriptionTarget::Workitem(_)) {
                                return Err(not_found(5, "suspend"));
                            }
                            allow(method, &[Post], path)?;
                            Ok(Resource::SuspendSubscription { target, aetitle })
                        }
                        [other, ..] => Err(not_found(5, other)),
                    }
                }
                [other, ..] => Err(not_found(3, other)),
            }
        }
    }
}

fn parse_wado_uri(pairs: &[(String, String)]) -> Result<WadoUri, Error> {
    let mut w = WadoUri::default();
    let mut seen_type = false;
    for (n, v) in pairs {
        let bad = |what| Error::param(ErrorKind::InvalidQuery(what), n).with_detail(v.clone());
        let uid = || {
            Uid::new(v).map_err(|_| Error::param(ErrorKind::InvalidUid, n).with_detail(v.clone()))
        };
        let number = |what| {
            v.parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .ok_or_else(|| bad(what))
        };
        let int = |what| v.parse::<u32>().map_err(|_| bad(what));
        match n.as_str() {
            "requestType" => {
                if v != "WADO" {
                    return Err(bad("requestType must be WADO"));
                }
                seen_type = true;
            }
            "studyUID" => w.study = Some(uid()?),
            "seriesUID" => w.series = Some(uid()?),
            "objectUID" => w.object = Some(uid()?),
            "contentType" => w.content_type = Some(v.clone()),
            "charset" => w.charset = Some(v.clone()),
            "anonymize" => {
                if v != "yes" {
                    return Err(bad("anonymize must be yes"));
                }
                w.anonymize = true;
            }
            "annotation" => {
                for a in v.split(',') {
                    if a != "patient" && a != "technique" {
                        return Err(bad("annotation must be patient or technique"));
                    }
                    w.annotation.push(a.to_owned());
                }
            }
            "rows" => w.rows = Some(int("rows must be a positive integer")?),
            "columns" => w.columns = Some(int("columns must be a positive integer")?),
            "region" => {
                let f: Vec<f64> = v
                    .split(',')
                    .map(|x| x.parse::<f64>())
                    .collect::<Result<_, _>>()
                    .map_err(|_| bad("region needs four numbers"))?;
                let [a, b, c, d] = f.as_slice() else {
                    return Err(bad("region needs four numbers"));
                };
                if [a, b, c, d].iter().any(|x| !(0.0..=1.0).contains(*x)) || a >= c || b >= d {
                    return Err(bad("region must be normalized left,top,right,bottom"));
                }
                w.region = Some([*a, *b, *c, *d]);
            }
            "windowCenter" => w.window_center = Some(number("windowCenter must be a number")?),
            "windowWidth" => w.window_width = Some(number("windowWidth must be a number")?),
            "frameNumber" => {
                let f = int("frameNumber must be a positive integer")?;
                if f == 0 {
                    return Err(bad("frameNumber must be a positive integer"));
                }
                w.frame_number = Some(f);
            }
            "imageQuality" => {
                let q = int("imageQuality must be 1 to 100")?;
                if !(1..=100).contains(&q) {
                    return Err(bad("imageQuality must be 1 to 100"));
                }
                w.image_quality = u8::try_from(q).ok();
            }
            "presentationUID" => w.presentation_uid = Some(uid()?),
            "presentationSeriesUID" => w.presentation_series_uid = Some(uid()?),
            "transferSyntax" => w.transfer_syntax = Some(uid()?),
            _ => {
                return Err(Error::param(
                    ErrorKind::InvalidQuery("unknown WADO-URI parameter"),
                    n,
                ));
            }
        }
    }
    let missing = |n: &str| Error::param(ErrorKind::InvalidQuery("required parameter missing"), n);
    if !seen_type {
        return Err(missing("requestType"));
    }
    if w.study.is_none() {
        return Err(missing("studyUID"));
    }
    if w.series.is_none() {
        return Err(missing("seriesUID"));
    }
    if w.object.is_none() {
        return Err(missing("objectUID"));
    }
    if w.window_center.is_some() != w.window_width.is_some() {
        return Err(missing(if w.window_center.is_some() {
            "windowWidth"
        } else {
            "windowCenter"
        }));
    }
    if w.presentation_uid.is_some() != w.presentation_series_uid.is_some() {
        return Err(missing(if w.presentation_uid.is_some() {
            "presentationSeriesUID"
        } else {
            "presentationUID"
        }));
    }
    Ok(w)
}

impl fmt::Display for Request {
    /// `METHOD target`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.to_target())
    }
}

//! Conversions to and from the [`http`] crate's types (feature `http`).

use crate::error::{Error, ErrorKind, Position};
use crate::qido::Warning;
use crate::{Accept, Limits, MediaType, Method, Request};

impl From<Method> for http::Method {
    fn from(m: Method) -> Self {
        match m {
            Method::Get => http::Method::GET,
            Method::Post => http::Method::POST,
            Method::Put => http::Method::PUT,
            Method::Delete => http::Method::DELETE,
        }
    }
}

fn header_value(s: &str) -> Result<http::HeaderValue, Error> {
    http::HeaderValue::from_str(s).map_err(|_| {
        Error::new(
            ErrorKind::InvalidMediaType("not a valid header value"),
            Position::None,
        )
        .with_detail(s)
    })
}

impl TryFrom<&MediaType> for http::HeaderValue {
    type Error = Error;
    fn try_from(mt: &MediaType) -> Result<Self, Error> {
        header_value(&mt.to_string())
    }
}

impl TryFrom<&Accept> for http::HeaderValue {
    type Error = Error;
    fn try_from(a: &Accept) -> Result<Self, Error> {
        header_value(&a.to_string())
    }
}

impl TryFrom<&Warning> for http::HeaderValue {
    type Error = Error;
    fn try_from(w: &Warning) -> Result<Self, Error> {
        header_value(&w.to_string())
    }
}

impl MediaType {
    /// Parses a `Content-Type` header value.
    pub fn from_header(v: &http::HeaderValue) -> Result<Self, Error> {
        let s = v.to_str().map_err(|_| {
            Error::new(
                ErrorKind::InvalidMediaType("not visible ASCII"),
                Position::None,
            )
        })?;
        MediaType::parse(s)
    }
}

impl Accept {
    /// All `Accept` header lines of a request, as one list (RFC 9110 §5.3).
    pub fn from_headers(headers: &http::HeaderMap, limits: &Limits) -> Result<Self, Error> {
        let mut values = Vec::new();
        for v in headers.get_all(http::header::ACCEPT) {
            values.push(v.to_str().map_err(|_| {
                Error::new(
                    ErrorKind::InvalidMediaType("not visible ASCII"),
                    Position::None,
                )
            })?);
        }
        Accept::parse_all(values, limits)
    }
}

impl Request {
    /// Classifies an `http::Request` whose path starts with `base_path` (e.g. `/dicom-web`).
    /// A path outside the base is a 404.
    ///
    /// ```
    /// let req = http::Request::get("/dicom-web/studies/1.2/metadata").body(()).unwrap();
    /// let r = dicomweb_types::Request::from_http(&req, "/dicom-web")?;
    /// assert_eq!(r.resource.name(), "study-metadata");
    /// # Ok::<(), dicomweb_types::Error>(())
    /// ```
    pub fn from_http<B>(req: &http::Request<B>, base_path: &str) -> Result<Self, Error> {
        let target = req
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        let base = base_path.trim_end_matches('/');
        let rest = target
            .strip_prefix(base)
            .filter(|r| r.is_empty() || r.starts_with('/') || r.starts_with('?'))
            .ok_or_else(|| Error::new(ErrorKind::NotFound, Position::None).with_detail(target))?;
        Request::parse(req.method().as_str(), rest)
    }

    /// An `http::Request` builder for this request under `base` (e.g.
    /// `http://pacs/dicom-web`), with its method and URI set.
    pub fn to_http(&self, base: &str) -> Result<http::request::Builder, Error> {
        let uri = format!("{}{}", base.trim_end_matches('/'), self.to_target());
        let uri: http::Uri = uri
            .parse()
            .map_err(|_| Error::new(ErrorKind::NotFound, Position::None).with_detail(uri))?;
        Ok(http::Request::builder()
            .method(http::Method::from(self.method))
            .uri(uri))
    }
}

//! Rendering query parameters of rendered and thumbnail resources ([PS3.18 §8.3.5][r]).
//!
//! [r]: https://dicom.nema.org/medical/dicom/current/output/chtml/part18/sect_8.3.5.html

use crate::error::{Error, ErrorKind};
use std::fmt;

/// `window=center,width,function` (PS3.18 §8.3.5.1.4).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Window {
    /// Window center.
    pub center: f64,
    /// Window width (positive).
    pub width: f64,
    /// VOI LUT function: `linear`, `linear-exact` or `sigmoid`.
    pub function: String,
}

/// `viewport=vw,vh[,sx,sy,sw,sh]` (PS3.18 §8.3.5.1.3).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Viewport {
    /// Viewport width in pixels.
    pub vw: u32,
    /// Viewport height in pixels.
    pub vh: u32,
    /// The source region `(sx, sy, sw, sh)`, when given.
    pub source: Option<(f64, f64, f64, f64)>,
}

/// The rendering parameters (PS3.18 Table 8.3.5-1).
///
/// ```
/// use dicomweb_types::RenderingParams;
/// let p = RenderingParams::from_pairs(&[("window".into(), "40,400,linear".into()), ("quality".into(), "90".into())])?;
/// assert_eq!(p.quality, Some(90));
/// assert_eq!(p.to_query_string(), "quality=90&window=40,400,linear");
/// assert!(RenderingParams::from_pairs(&[("quality".into(), "101".into())]).is_err());
/// # Ok::<(), dicomweb_types::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct RenderingParams {
    /// `annotation`: `patient` and/or `technique`.
    pub annotation: Vec<String>,
    /// `quality`: 1 to 100.
    pub quality: Option<u8>,
    /// `viewport`.
    pub viewport: Option<Viewport>,
    /// `window`.
    pub window: Option<Window>,
    /// `iccprofile`: `no`, `yes`, `srgb`, `adobergb` or `rommrgb`.
    pub iccprofile: Option<String>,
    /// `charset` (PS3.18 §8.3.3.2).
    pub charset: Option<String>,
    /// `accept` (PS3.18 §8.3.3.1).
    pub accept: Option<String>,
}

fn num<T: std::str::FromStr>(name: &str, v: &str) -> Result<T, Error> {
    v.trim()
        .parse()
        .map_err(|_| Error::param(ErrorKind::InvalidQuery("not a number"), name).with_detail(v))
}

impl RenderingParams {
    /// Parses decoded query pairs; unknown parameters are an error (400).
    pub fn from_pairs(pairs: &[(String, String)]) -> Result<Self, Error> {
        let mut p = RenderingParams::default();
        for (name, v) in pairs {
            let n = name.as_str();
            let bad = |what| Error::param(ErrorKind::InvalidQuery(what), n).with_detail(v.clone());
            match n {
                "annotation" => {
                    for a in v.split(',') {
                        if a != "patient" && a != "technique" {
                            return Err(bad("annotation must be patient or technique"));
                        }
                        p.annotation.push(a.to_owned());
                    }
                }
                "quality" => {
                    let q: u8 = num(n, v)?;
                    if !(1..=100).contains(&q) {
                        return Err(bad("quality must be 1 to 100"));
                    }
                    p.quality = Some(q);
                }
                "viewport" => {
                    let f: Vec<&str> = v.split(',').collect();
                    let (vw, vh) = match (f.first(), f.get(1)) {
                        (Some(a), Some(b)) => (num::<u32>(n, a)?, num::<u32>(n, b)?),
                        _ => return Err(bad("viewport needs vw,vh")),
                    };
                    let source = match f.len() {
                        2 => None,
                        6 => {
                            let g = |i: usize| num::<f64>(n, f.get(i).copied().unwrap_or(""));
                            Some((g(2)?, g(3)?, g(4)?, g(5)?))
                        }
                        _ => return Err(bad("viewport needs 2 or 6 values")),
                    };
                    p.viewport = Some(Viewport { vw, vh, source });
                }
                "window" => {
                    let f: Vec<&str> = v.split(',').collect();
                    let [c, w, func] = f.as_slice() else {
                        return Err(bad("window needs center,width,function"));
                    };
                    let width: f64 = num(n, w)?;
                    if width.is_nan() || width <= 0.0 {
                        return Err(bad("window width must be positive"));
                    }
                    if !matches!(*func, "linear" | "linear-exact" | "sigmoid") {
                        return Err(bad(
                            "window function must be linear, linear-exact or sigmoid",
                        ));
                    }
                    p.window = Some(Window {
                        center: num(n, c)?,
                        width,
                        function: (*func).to_owned(),
                    });
                }
                "iccprofile" => {
                    if !matches!(v.as_str(), "no" | "yes" | "srgb" | "adobergb" | "rommrgb") {
                        return Err(bad("iccprofile must be no, yes, srgb, adobergb or rommrgb"));
                    }
                    p.iccprofile = Some(v.clone());
                }
                "charset" => p.charset = Some(v.clone()),
                "accept" => p.accept = Some(v.clone()),
                _ => {
                    return Err(Error::param(
                        ErrorKind::InvalidQuery("unknown rendering parameter"),
                        n,
                    ));
                }
            }
        }
        Ok(p)
    }

    /// True when no parameter is set.
    pub fn is_empty(&self) -> bool {
        *self == RenderingParams::default()
    }

    /// The query string, without `?`.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if !self.annotation.is_empty() {
            parts.push(format!("annotation={}", self.annotation.join(",")));
        }
        if let Some(q) = self.quality {
            parts.push(format!("quality={q}"));
        }
        if let Some(v) = &self.viewport {
            let mut s = format!("viewport={},{}", v.vw, v.vh);
            if let Some((a, b, c, d)) = v.source {
                s.push_str(&format!(",{a},{b},{c},{d}"));
            }
            parts.push(s);
        }
        if let Some(w) = &self.window {
            parts.push(format!("window={},{},{}", w.center, w.width, w.function));
        }
        if let Some(i) = &self.iccprofile {
            parts.push(format!("iccprofile={i}"));
        }
        if let Some(c) = &self.charset {
            parts.push(format!("charset={}", crate::percent::encode(c, b"")));
        }
        if let Some(a) = &self.accept {
            parts.push(format!("accept={}", crate::percent::encode(a, b"*,")));
        }
        parts.join("&")
    }
}

impl fmt::Display for RenderingParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_query_string())
    }
}

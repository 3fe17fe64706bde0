//! Encoding dicom-rs data sets as DICOM JSON (PS3.18 Annex F), straight to any `io::Write`.
//!
//! The encoder walks the data set once and writes JSON text into a small buffer flushed to the
//! writer every 64 KiB: no intermediate JSON tree. What it writes (PS3.18 F.2):
//!
//! - keys are the 8 uppercase hex digits of the tag, in ascending tag order (F.2.1.1);
//! - `"vr"` is always present; group length attributes (gggg,0000) are never written, nor
//!   group 0002 when writing a file's data set ([`EncodeOptions::skip_file_meta`]);
//! - an empty value has no `Value` member (F.2.5); an empty entry of a multi-valued attribute
//!   is `null` (F.2.5); at most one of `Value`, `InlineBinary`, `BulkDataURI`;
//! - trailing padding (spaces, NUL) of text values is not written; IS/DS also drop leading
//!   spaces (PS3.5 §6.2);
//! - IS and DS follow the [`NumberPolicy`]; SV and UV are numbers up to ±(2^53 − 1) and strings
//!   beyond under [`NumberPolicy::Auto`] (F.2.3.1), so no JSON reader loses digits;
//! - PN values are objects holding only the non-empty groups (F.2.2);
//! - OB, OD, OF, OL, OV, OW, UN are `InlineBinary` (base64 of the little-endian bytes, F.2.7),
//!   or `BulkDataURI` when longer than the bulk-data threshold (F.2.6); BulkDataURI values kept
//!   in the data set ([`bulk_data_value`](crate::bulk_data_value)) are written back as given;
//! - encapsulated pixel data has no inline form: it becomes a `BulkDataURI` when a URI builder
//!   is configured, else the encoder fails with
//!   [`ErrorKind::EncapsulatedPixelData`](crate::ErrorKind::EncapsulatedPixelData);
//! - NaN and infinities (FL, FD, OF/OD are binary and unaffected) have no JSON form: the
//!   encoder fails with [`ErrorKind::NonFinite`](crate::ErrorKind::NonFinite) rather than
//!   writing invalid JSON.

use crate::DataSet;
use crate::bulk::bulk_data_uri;
use crate::error::{Error, ErrorKind};
use crate::path::TagPath;
use crate::view::{DataSetView, View};
use crate::vr::{self, Class};
use base64::Engine as _;
use dicom_core::header::Header as _;
use dicom_core::value::{PrimitiveValue, Value};
use dicom_core::{Tag, VR};
use std::fmt;
use std::io::Write;
use std::sync::Arc;

/// How IS and DS values are written (PS3.18 F.2.3.1 allows a JSON number or a string), and SV
/// and UV beyond ±(2^53 − 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
#[non_exhaustive]
pub enum NumberPolicy {
    /// A JSON number when the value text is itself a JSON number (so writing it reproduces the
    /// text exactly, e.g. `0.8000`), else a string (`"+5"`, `"1."`, `".5"`); SV/UV beyond
    /// ±(2^53 − 1) as strings.
    #[default]
    Auto,
    /// Always JSON numbers; a text that is not a JSON number is normalised (`"+5"` → `5`,
    /// `".5"` → `0.5`).
    Number,
    /// Always JSON strings holding the value text.
    String,
}

/// What a BulkDataURI builder gets for one value.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct BulkDataRef<'a> {
    /// Where the element is.
    pub path: &'a TagPath,
    /// The element's tag.
    pub tag: Tag,
    /// The element's VR.
    pub vr: VR,
    /// Length of the value in bytes (for encapsulated pixel data, the sum of the fragments).
    pub len: usize,
}

type UriBuilder = Arc<dyn Fn(&BulkDataRef<'_>) -> String + Send + Sync>;

/// Encoder options: number policy, bulk data, pretty printing.
///
/// ```
/// use dicom_json_codec::{EncodeOptions, NumberPolicy};
/// let ds = dicom_json_codec::from_str(r#"{"00281050":{"vr":"DS","Value":["0.8000", "+5"]}}"#)?;
/// let json = EncodeOptions::new().to_string(&ds)?;
/// assert_eq!(json, r#"{"00281050":{"vr":"DS","Value":[0.8000,"+5"]}}"#);
/// let json = EncodeOptions::new().numbers(NumberPolicy::String).to_string(&ds)?;
/// assert_eq!(json, r#"{"00281050":{"vr":"DS","Value":["0.8000","+5"]}}"#);
/// # Ok::<(), dicom_json_codec::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct EncodeOptions {
    numbers: NumberPolicy,
    pretty: bool,
    skip_file_meta: bool,
    bulk_threshold: Option<usize>,
    bulk_uri: Option<UriBuilder>,
}

impl fmt::Debug for EncodeOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncodeOptions")
            .field("numbers", &self.numbers)
            .field("pretty", &self.pretty)
            .field("skip_file_meta", &self.skip_file_meta)
            .field("bulk_threshold", &self.bulk_threshold)
            .field("bulk_uri", &self.bulk_uri.as_ref().map(|_| "Fn"))
            .finish()
    }
}

impl EncodeOptions {
    /// Compact output, [`NumberPolicy::Auto`], everything inline.
    pub fn new() -> Self {
        Self::default()
    }

    /// Set the IS/DS/SV/UV number policy.
    pub fn numbers(&mut self, policy: NumberPolicy) -> &mut Self {
        self.numbers = policy;
        self
    }

    /// Indent the output (two spaces per level).
    pub fn pretty(&mut self, yes: bool) -> &mut Self {
        self.pretty = yes;
        self
    }

    /// Leave out group 0002 (File Meta Information), as when writing a Part 10 file's data
    /// set (default: written if present in the data set).
    pub fn skip_file_meta(&mut self, yes: bool) -> &mut Self {
        self.skip_file_meta = yes;
        self
    }

    /// Write binary values (OB, OD, OF, OL, OV, OW, UN) longer than `threshold` bytes as a
    /// `BulkDataURI` made by `builder` (PS3.18 F.2.6); encapsulated pixel data always becomes
    /// a BulkDataURI once a builder is set.
    pub fn bulk_data<F>(&mut self, threshold: usize, builder: F) -> &mut Self
    where
        F: Fn(&BulkDataRef<'_>) -> String + Send + Sync + 'static,
    {
        self.bulk_threshold = Some(threshold);
        self.bulk_uri = Some(Arc::new(builder));
        self
    }

    /// [`bulk_data`](Self::bulk_data) with URIs `{base}/{GGGGEEEE}`, and for elements in
    /// sequences `{base}/{GGGGEEEE}/{item}/{GGGGEEEE}` (the shape Orthanc uses under `.../bulk`).
    ///
    /// ```
    /// use dicom_json_codec::EncodeOptions;
    /// let ds = dicom_json_codec::from_str(r#"{"00091010":{"vr":"OB","InlineBinary":"AAECAw=="}}"#)?;
    /// let json = EncodeOptions::new().bulk_data_base(2, "http://pacs/bulk").to_string(&ds)?;
    /// assert_eq!(json, r#"{"00091010":{"vr":"OB","BulkDataURI":"http://pacs/bulk/00091010"}}"#);
    /// # Ok::<(), dicom_json_codec::Error>(())
    /// ```
    pub fn bulk_data_base(&mut self, threshold: usize, base: &str) -> &mut Self {
        let base = base.trim_end_matches('/').to_owned();
        self.bulk_data(threshold, move |r| {
            let mut uri = base.clone();
            for s in r.path.segments() {
                match s {
                    crate::PathSegment::Tag(t) => {
                        uri.push_str(&format!("/{:04X}{:04X}", t.group(), t.element()))
                    }
                    crate::PathSegment::Item(i) => uri.push_str(&format!("/{i}")),
                }
            }
            uri
        })
    }

    /// Write one data set as a DICOM JSON object.
    pub fn to_writer<W: Write>(&self, writer: W, ds: &DataSet) -> Result<(), Error> {
        let mut enc = Encoder::new(self, writer);
        enc.data_set(ds)?;
        enc.finish()
    }

    /// Write data sets as a top-level array (a QIDO-RS or WADO-RS metadata response).
    pub fn to_writer_array<'d, W, I>(&self, writer: W, data_sets: I) -> Result<(), Error>
    where
        W: Write,
        I: IntoIterator<Item = &'d DataSet>,
    {
        let mut enc = Encoder::new(self, writer);
        enc.open(b'[');
        for (i, ds) in data_sets.into_iter().enumerate() {
            enc.sep();
            enc.data_set(ds).map_err(|e| e.in_array(i))?;
            enc.maybe_flush()?;
        }
        enc.close(b']');
        enc.finish()
    }

    /// Write a data set of a [`View`](crate::view::View) as a DICOM JSON object: the same
    /// bytes as writing its [`to_data_set`](DataSetView::to_data_set) conversion.
    pub fn to_writer_view<W: Write>(
        &self,
        writer: W,
        ds: DataSetView<'_, '_>,
    ) -> Result<(), Error> {
        let mut enc = Encoder::new(self, writer);
        enc.view_data_set(ds)?;
        enc.finish()
    }

    /// Write the data sets of a [`View`] as a top-level array: the same bytes as writing
    /// their conversions with [`to_writer_array`](Self::to_writer_array).
    pub fn to_writer_view_array<W: Write>(&self, writer: W, view: &View<'_>) -> Result<(), Error> {
        let mut enc = Encoder::new(self, writer);
        enc.open(b'[');
        for (i, ds) in view.iter().enumerate() {
            enc.sep();
            enc.view_data_set(ds).map_err(|e| e.in_array(i))?;
            enc.maybe_flush()?;
        }
        enc.close(b']');
        enc.finish()
    }

    /// One data set as JSON bytes.
    pub fn to_vec(&self, ds: &DataSet) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        self.to_writer(&mut out, ds)?;
        Ok(out)
    }

    /// One data set as a JSON string.
    pub fn to_string(&self, ds: &DataSet) -> Result<String, Error> {
        let v = self.to_vec(ds)?;
        String::from_utf8(v).map_err(|_| Error::new(ErrorKind::Io("non-UTF-8 output".into())))
    }

    /// Data sets as a JSON array in bytes.
    pub fn to_vec_array(&self, data_sets: &[DataSet]) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        self.to_writer_array(&mut out, data_sets)?;
        Ok(out)
    }
}

/// One data set as a compact DICOM JSON string ([`NumberPolicy::Auto`], all inline).
///
/// ```
/// let ds = dicom_json_codec::from_str(r#"{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane"}]}}"#)?;
/// assert_eq!(
///     dicom_json_codec::to_string(&ds)?,
///     r#"{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane"}]}}"#
/// );
/// # Ok::<(), dicom_json_codec::Error>(())
/// ```
pub fn to_string(ds: &DataSet) -> Result<String, Error> {
    EncodeOptions::new().to_string(ds)
}

/// One data set as compact DICOM JSON bytes.
pub fn to_vec(ds: &DataSet) -> Result<Vec<u8>, Error> {
    EncodeOptions::new().to_vec(ds)
}

/// One data set as compact DICOM JSON to a writer.
pub fn to_writer<W: Write>(writer: W, ds: &DataSet) -> Result<(), Error> {
    EncodeOptions::new().to_writer(writer, ds)
}

/// Data sets as a compact DICOM JSON array.
pub fn to_vec_array(data_sets: &[DataSet]) -> Result<Vec<u8>, Error> {
    EncodeOptions::new().to_vec_array(data_sets)
}

const FLUSH_AT: usize = 64 * 1024;

/// Escapes for bytes below 0x20 and `"`/`\` (RFC 8259 §7).
static ESCAPE: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

struct Encoder<'o, W: Write> {
    opts: &'o EncodeOptions,
    out: Vec<u8>,
    writer: W,
    /// Per open container: has it had an entry yet?
    first: Vec<bool>,
    path: TagPath,
}

const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

impl<'o, W: Write> Encoder<'o, W> {
    fn new(opts: &'o EncodeOptions, writer: W) -> Self {
        Encoder {
            opts,
            out: Vec::with_capacity(8 * 1024),
            writer,
            first: Vec::with_capacity(16),
            path: TagPath::new(),
        }
    }

    fn finish(mut self) -> Result<(), Error> {
        self.writer.write_all(&self.out)?;
        self.writer.flush()?;
        Ok(())
    }

    fn maybe_flush(&mut self) -> Result<(), Error> {
        if self.out.len() >= FLUSH_AT {
            self.writer.write_all(&self.out)?;
            self.out.clear();
        }
        Ok(())
    }

    // ---- layout ---------------------------------------------------------------------------

    #[inline]
    fn open(&mut self, c: u8) {
        self.out.push(c);
        self.first.push(true);
    }

    #[inline]
    fn close(&mut self, c: u8) {
        let had_entries = self.first.pop() == Some(false);
        if self.opts.pretty && had_entries {
            self.newline();
        }
        self.out.push(c);
    }

    fn newline(&mut self) {
        self.out.push(b'\n');
        for _ in 0..self.first.len() {
            self.out.extend_from_slice(b"  ");
        }
    }

    /// Before an entry of the current container.
    #[inline]
    fn sep(&mut self) {
        if let Some(first) = self.first.last_mut() {
            if !*first {
                self.out.push(b',');
            }
            *first = false;
        }
        if self.opts.pretty {
            self.newline();
        }
    }

    #[inline]
    fn key(&mut self, k: &str) {
        self.sep();
        self.out.push(b'"');
        self.out.extend_from_slice(k.as_bytes());
        self.out
            .extend_from_slice(if self.opts.pretty { b"\": " } else { b"\":" });
    }

    fn string(&mut self, s: &str) {
        let bytes = s.as_bytes();
        // Most DICOM text needs no escape: one scan, one copy.
        let Some(first) = first_escape(bytes) else {
            self.out.reserve(bytes.len() + 2);
            self.out.push(b'"');
            self.out.extend_from_slice(bytes);
            self.out.push(b'"');
            return;
        };
        self.out.push(b'"');
        let mut start = 0;
        for (i, &c) in bytes.iter().enumerate().skip(first) {
            if !ESCAPE[c as usize] {
                continue;
            }
            self.out
                .extend_from_slice(bytes.get(start..i).unwrap_or_default());
            match c {
                b'"' => self.out.extend_from_slice(b"\\\""),
                b'\\' => self.out.extend_from_slice(b"\\\\"),
                b'\n' => self.out.extend_from_slice(b"\\n"),
                b'\r' => self.out.extend_from_slice(b"\\r"),
                b'\t' => self.out.extend_from_slice(b"\\t"),
                0x08 => self.out.extend_from_slice(b"\\b"),
                0x0C => self.out.extend_from_slice(b"\\f"),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.out.extend_from_slice(b"\\u00");
                    self.out.push(HEX[(c >> 4) as usize]);
                    self.out.push(HEX[(c & 15) as usize]);
                }
            }
            start = i + 1;
        }
        self.out
            .extend_from_slice(bytes.get(start..).unwrap_or_default());
        self.out.push(b'"');
    }

    fn raw(&mut self, s: &str) {
        self.out.extend_from_slice(s.as_bytes());
    }

    fn err(&self, kind: ErrorKind) -> Error {
        Error::new(kind).with_path(self.path.clone())
    }

    // ---- DICOM JSON -------------------------------------------------------------------------

    fn data_set(&mut self, ds: &DataSet) -> Result<(), Error> {
        self.open(b'{');
        for e in ds.iter() {
            let tag = e.tag();
            if tag.element() == 0 || (self.opts.skip_file_meta && tag.group() == 0x0002) {
                continue;
            }
            self.path.push_tag(tag);
            self.element(tag, e.vr(), e.value())?;
            self.path.pop();
        }
        self.close(b'}');
        Ok(())
    }

    /// `"GGGGEEEE":{"vr":"VR"`: the element's key and the start of its object.
    fn head(&mut self, tag: Tag, vr: VR) {
        if self.opts.pretty {
            let mut key = [0u8; 8];
            hex8(tag, &mut key);
            self.key(std::str::from_utf8(&key).unwrap_or("00000000"));
            self.open(b'{');
            self.key("vr");
            self.out.push(b'"');
            self.raw(vr.to_string());
            self.out.push(b'"');
        } else {
            // `"GGGGEEEE":{"vr":"VR"` in one copy; the object has its first entry.
            self.sep();
            let mut head = *b"\"GGGGEEEE\":{\"vr\":\"VR\"";
            if let Some(key) = head
                .get_mut(1..9)
                .and_then(|k| <&mut [u8; 8]>::try_from(k).ok())
            {
                hex8(tag, key);
            }
            let code = vr.to_string().as_bytes();
            if let (Some(dst), true) = (head.get_mut(18..20), code.len() == 2) {
                dst.copy_from_slice(code);
            }
            self.out.extend_from_slice(&head);
            self.first.push(false);
        }
    }

    fn view_data_set(&mut self, ds: DataSetView<'_, '_>) -> Result<(), Error> {
        self.open(b'{');
        for e in ds.iter() {
            let (tag, vr) = (e.tag(), e.vr());
            if tag.element() == 0 || (self.opts.skip_file_meta && tag.group() == 0x0002) {
                continue;
            }
            self.path.push_tag(tag);
            if vr == VR::SQ {
                self.head(tag, vr);
                if !e.is_empty() {
                    self.key("Value");
                    self.open(b'[');
                    for (i, item) in e.items().enumerate() {
                        self.sep();
                        self.path.push_item(i);
                        self.view_data_set(item)?;
                        self.path.pop();
                        self.maybe_flush()?;
                    }
                    self.close(b']');
                }
                self.close(b'}');
                self.maybe_flush()?;
            } else {
                let p = e
                    .primitive()
                    .map_err(|err| err.with_path(self.path.clone()))?;
                self.element(tag, vr, &Value::Primitive(p))?;
            }
            self.path.pop();
        }
        self.close(b'}');
        Ok(())
    }

    fn element(
        &mut self,
        tag: Tag,
        vr: VR,
        value: &Value<DataSet, dicom_object::mem::InMemFragment>,
    ) -> Result<(), Error> {
        self.head(tag, vr);
        match value {
            Value::Primitive(p) => {
                if let Some(uri) = bulk_data_uri(p) {
                    self.key("BulkDataURI");
                    self.string(uri);
                } else {
                    self.primitive(tag, vr, p)?;
                }
            }
            Value::Sequence(seq) => {
                if !seq.items().is_empty() {
                    self.key("Value");
                    self.open(b'[');
                    for (i, item) in seq.items().iter().enumerate() {
                        self.sep();
                        self.path.push_item(i);
                        self.data_set(item)?;
                        self.path.pop();
                        self.maybe_flush()?;
                    }
                    self.close(b']');
                }
            }
            Value::PixelSequence(px) => {
                let Some(builder) = self.opts.bulk_uri.clone() else {
                    return Err(self.err(ErrorKind::EncapsulatedPixelData));
                };
                let len = px.fragments().iter().map(Vec::len).sum();
                let uri = builder(&BulkDataRef {
                    path: &self.path,
                    tag,
                    vr,
                    len,
                });
                self.key("BulkDataURI");
                self.string(&uri);
            }
        }
        self.close(b'}');
        self.maybe_flush()
    }

    fn primitive(&mut self, tag: Tag, vr: VR, p: &PrimitiveValue) -> Result<(), Error> {
        if matches!(p, PrimitiveValue::Empty) {
            return Ok(());
        }
        match vr::class(vr) {
            Class::Text => self.text_values(vr, p, false),
            Class::PersonName => self.text_values(vr, p, true),
            Class::NumberText => self.number_text_values(vr, p),
            Class::Number => self.number_values(vr, p),
            Class::Tag => self.tag_values(p),
            Class::Sequence => Err(self.err(ErrorKind::Unencodable("SQ".into()))),
            Class::Binary => self.binary(tag, vr, p),
        }
    }

    /// The string entries of a text value (trailing padding removed), or `None` when empty.
    fn texts<'p>(&self, vr: VR, p: &'p PrimitiveValue) -> Vec<std::borrow::Cow<'p, str>> {
        use std::borrow::Cow;
        let numeric = vr::class(vr) == Class::NumberText;
        let trim = |s: &'p str| -> Cow<'p, str> {
            let t = s.trim_end_matches([' ', '\0']);
            Cow::Borrowed(if numeric {
                t.trim_start_matches(' ')
            } else {
                t
            })
        };
        match p {
            PrimitiveValue::Strs(v) => v.iter().map(|s| trim(s)).collect(),
            PrimitiveValue::Str(s) => {
                let s = s.trim_end_matches([' ', '\0']);
                if vr::backslash_allowed(vr) {
                    vec![Cow::Borrowed(s)]
                } else {
                    s.split('\\').map(trim).collect()
                }
            }
            other => other
                .to_multi_str()
                .iter()
                .map(|s| {
                    let t = s.trim_end_matches([' ', '\0']);
                    Cow::Owned(
                        if numeric {
                            t.trim_start_matches(' ')
                        } else {
                            t
                        }
                        .to_owned(),
                    )
                })
                .collect(),
        }
    }

    fn text_values(&mut self, vr: VR, p: &PrimitiveValue, pn: bool) -> Result<(), Error> {
        // Fast path for what the decoder and the Part 10 reader produce: no temporary vector.
        if let PrimitiveValue::Strs(v) = p {
            let trim = |s: &str| s.trim_end_matches([' ', '\0']).len();
            if v.len() <= 1 && v.iter().all(|s| trim(s) == 0) {
                return Ok(());
            }
            self.key("Value");
            self.open(b'[');
            for s in v {
                self.sep();
                let t = s.get(..trim(s)).unwrap_or_default();
                if t.is_empty() {
                    self.raw("null");
                } else if pn {
                    self.person_name(t);
                } else {
                    self.string(t);
                }
            }
            self.close(b']');
            return Ok(());
        }
        let texts = self.texts(vr, p);
        if texts.iter().all(|s| s.is_empty()) && texts.len() <= 1 {
            return Ok(());
        }
        self.key("Value");
        self.open(b'[');
        for t in &texts {
            self.sep();
            if t.is_empty() {
                self.raw("null");
            } else if pn {
                self.person_name(t);
            } else {
                self.string(t);
            }
        }
        self.close(b']');
        Ok(())
    }

    /// `A=I=P` to an object with the non-empty groups (PS3.18 F.2.2).
    fn person_name(&mut self, s: &str) {
        const GROUPS: [&str; 3] = ["Alphabetic", "Ideographic", "Phonetic"];
        self.open(b'{');
        for (name, g) in GROUPS.iter().zip(s.splitn(3, '=')) {
            if !g.is_empty() {
                self.key(name);
                self.string(g);
            }
        }
        self.close(b'}');
    }

    fn number_text_values(&mut self, vr: VR, p: &PrimitiveValue) -> Result<(), Error> {
        // Fast path (decoded or read from Part 10): no temporary strings.
        if let PrimitiveValue::Strs(v) = p {
            let trim = |s: &str| -> (usize, usize) {
                let t = s.trim_end_matches([' ', '\0']);
                let start = t.len() - t.trim_start_matches(' ').len();
                (start, t.len())
            };
            if v.len() <= 1
                && v.iter().all(|s| {
                    let (a, b) = trim(s);
                    a == b
                })
            {
                return Ok(());
            }
            self.key("Value");
            self.open(b'[');
            for s in v {
                self.sep();
                let (a, b) = trim(s);
                self.number_text(vr, s.get(a..b).unwrap_or_default())?;
            }
            self.close(b']');
            return Ok(());
        }
        let texts: Vec<String> = match p {
            PrimitiveValue::Str(_) => self
                .texts(vr, p)
                .into_iter()
                .map(|c| c.into_owned())
                .collect(),
            PrimitiveValue::F32(v) => v
                .iter()
                .map(|x| float_text(f64::from(*x), false))
                .collect::<Option<_>>()
                .ok_or_else(|| self.err(ErrorKind::NonFinite))?,
            PrimitiveValue::F64(v) => v
                .iter()
                .map(|x| float_text(*x, false))
                .collect::<Option<_>>()
                .ok_or_else(|| self.err(ErrorKind::NonFinite))?,
            other => match other.to_multi_int::<i64>() {
                Ok(v) => v.iter().map(i64::to_string).collect(),
                Err(_) => {
                    return Err(self.err(ErrorKind::Unencodable(vr.to_string().to_owned())));
                }
            },
        };
        if texts.iter().all(String::is_empty) && texts.len() <= 1 {
            return Ok(());
        }
        self.key("Value");
        self.open(b'[');
        for t in &texts {
            self.sep();
            self.number_text(vr, t)?;
        }
        self.close(b']');
        Ok(())
    }

    /// One IS/DS entry under the number policy (`null` when empty, F.2.5).
    fn number_text(&mut self, vr: VR, t: &str) -> Result<(), Error> {
        if t.is_empty() {
            self.raw("null");
            return Ok(());
        }
        match self.opts.numbers {
            NumberPolicy::String => self.string(t),
            NumberPolicy::Auto => {
                if is_json_number(t) {
                    self.raw(t);
                } else {
                    self.string(t);
                }
            }
            NumberPolicy::Number => {
                if is_json_number(t) {
                    self.raw(t);
                } else {
                    let n = normalise_number(vr, t).ok_or_else(|| {
                        self.err(ErrorKind::InvalidValue {
                            vr: vr.to_string().to_owned(),
                            reason: "text is not a number",
                        })
                    })?;
                    self.raw(&n);
                }
            }
        }
        Ok(())
    }

    fn number_values(&mut self, vr: VR, p: &PrimitiveValue) -> Result<(), Error> {
        let mut buf = itoa::Buffer::new();
        let policy = self.opts.numbers;
        let big_as_string = |v: i128| match policy {
            NumberPolicy::String => matches!(vr, VR::SV | VR::UV),
            NumberPolicy::Number => false,
            NumberPolicy::Auto => {
                matches!(vr, VR::SV | VR::UV)
                    && !(-i128::from(MAX_SAFE_INTEGER)..=i128::from(MAX_SAFE_INTEGER)).contains(&v)
            }
        };
        macro_rules! ints {
            ($v:expr) => {{
                self.key("Value");
                self.open(b'[');
                for x in $v.iter() {
                    self.sep();
                    let s = buf.format(*x);
                    if big_as_string(i128::from(*x)) {
                        self.out.push(b'"');
                        self.out.extend_from_slice(s.as_bytes());
                        self.out.push(b'"');
                    } else {
                        self.out.extend_from_slice(s.as_bytes());
                    }
                }
                self.close(b']');
            }};
        }
        match p {
            PrimitiveValue::U8(v) => ints!(v),
            PrimitiveValue::U16(v) => ints!(v),
            PrimitiveValue::I16(v) => ints!(v),
            PrimitiveValue::U32(v) => ints!(v),
            PrimitiveValue::I32(v) => ints!(v),
            PrimitiveValue::U64(v) => ints!(v),
            PrimitiveValue::I64(v) => ints!(v),
            // Shortest round-trip text (`{:?}`), formatted straight into the output.
            PrimitiveValue::F32(v) => {
                if !v.iter().all(|x| x.is_finite()) {
                    return Err(self.err(ErrorKind::NonFinite));
                }
                self.key("Value");
                self.open(b'[');
                for x in v.iter() {
                    self.sep();
                    let _ = write!(self.out, "{x:?}");
                }
                self.close(b']');
            }
            PrimitiveValue::F64(v) => {
                if !v.iter().all(|x| x.is_finite()) {
                    return Err(self.err(ErrorKind::NonFinite));
                }
                self.key("Value");
                self.open(b'[');
                for x in v.iter() {
                    self.sep();
                    let _ = write!(self.out, "{x:?}");
                }
                self.close(b']');
            }
            PrimitiveValue::Strs(_) | PrimitiveValue::Str(_) => {
                let texts: Vec<String> = self
                    .texts(vr, p)
                    .iter()
                    .map(|t| t.trim().to_owned())
                    .collect();
                if let Some(bad) = texts.iter().find(|t| !is_json_number(t)) {
                    let _ = bad;
                    return Err(self.err(ErrorKind::InvalidValue {
                        vr: vr.to_string().to_owned(),
                        reason: "text is not a number",
                    }));
                }
                if texts.iter().all(String::is_empty) {
                    return Ok(());
                }
                self.raw_array(&texts);
            }
            _ => return Err(self.err(ErrorKind::Unencodable(vr.to_string().to_owned()))),
        }
        Ok(())
    }

    fn raw_array(&mut self, texts: &[String]) {
        self.key("Value");
        self.open(b'[');
        for t in texts {
            self.sep();
            self.raw(t);
        }
        self.close(b']');
    }

    fn tag_values(&mut self, p: &PrimitiveValue) -> Result<(), Error> {
        let PrimitiveValue::Tags(v) = p else {
            return Err(self.err(ErrorKind::Unencodable("AT".into())));
        };
        self.key("Value");
        self.open(b'[');
        for t in v {
            self.sep();
            let mut key = [0u8; 8];
            hex8(*t, &mut key);
            self.out.push(b'"');
            self.out.extend_from_slice(&key);
            self.out.push(b'"');
        }
        self.close(b']');
        Ok(())
    }

    fn binary(&mut self, tag: Tag, vr: VR, p: &PrimitiveValue) -> Result<(), Error> {
        let bytes: std::borrow::Cow<'_, [u8]> = match p {
            PrimitiveValue::U8(v) => std::borrow::Cow::Borrowed(v.as_slice()),
            PrimitiveValue::U16(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            PrimitiveValue::I16(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            PrimitiveValue::U32(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            PrimitiveValue::I32(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            PrimitiveValue::U64(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            PrimitiveValue::I64(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            PrimitiveValue::F32(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            PrimitiveValue::F64(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            _ => return Err(self.err(ErrorKind::Unencodable(vr.to_string().to_owned()))),
        };
        if bytes.is_empty() {
            return Ok(());
        }
        if let (Some(threshold), Some(builder)) = (self.opts.bulk_threshold, &self.opts.bulk_uri)
            && bytes.len() > threshold
        {
            let uri = builder(&BulkDataRef {
                path: &self.path,
                tag,
                vr,
                len: bytes.len(),
            });
            self.key("BulkDataURI");
            self.string(&uri);
            return Ok(());
        }
        self.key("InlineBinary");
        self.out.push(b'"');
        let start = self.out.len();
        let n = base64::encoded_len(bytes.len(), true).unwrap_or(0);
        self.out.resize(start + n, 0);
        let written = base64::engine::general_purpose::STANDARD
            .encode_slice(&bytes, self.out.get_mut(start..).unwrap_or_default())
            .map_err(|_| self.err(ErrorKind::Io("base64 buffer".into())))?;
        self.out.truncate(start + written);
        self.out.push(b'"');
        Ok(())
    }
}

/// Index of the first byte of `bytes` that needs a JSON escape, scanning eight bytes at a
/// time (SWAR: a byte below 0x20, `"` or `\\` in a word is found without a per-byte branch).
pub(crate) fn first_escape(bytes: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for c in &mut chunks {
        let v = u64::from_le_bytes(<[u8; 8]>::try_from(c).unwrap_or_default());
        // Some byte < 0x20; some byte == '"'; some byte == '\\' (exact for "any").
        let below = v.wrapping_sub(LO * 0x20) & !v;
        let q = v ^ (LO * u64::from(b'"'));
        let quote = q.wrapping_sub(LO) & !q;
        let b = v ^ (LO * u64::from(b'\\'));
        let backslash = b.wrapping_sub(LO) & !b;
        if (below | quote | backslash) & HI != 0
            && let Some(i) = c.iter().position(|&x| ESCAPE[x as usize])
        {
            return Some(offset + i);
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&x| ESCAPE[x as usize])
        .map(|i| offset + i)
}

fn hex8(tag: Tag, out: &mut [u8; 8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let v = (u32::from(tag.group()) << 16) | u32::from(tag.element());
    for (i, o) in out.iter_mut().enumerate() {
        *o = HEX[((v >> (28 - 4 * i)) & 15) as usize];
    }
}

/// Shortest text that reads back as the same float; `None` for NaN and infinities.
fn float_text(x: f64, _single: bool) -> Option<String> {
    if !x.is_finite() {
        return None;
    }
    Some(format!("{x:?}"))
}

/// Is `s` a JSON number literal (RFC 8259 §6)?
pub(crate) fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if b.first() == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            while matches!(b.get(i), Some(b'0'..=b'9')) {
                i += 1;
            }
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !matches!(b.get(i), Some(b'0'..=b'9')) {
            return false;
        }
        while matches!(b.get(i), Some(b'0'..=b'9')) {
            i += 1;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !matches!(b.get(i), Some(b'0'..=b'9')) {
            return false;
        }
        while matches!(b.get(i), Some(b'0'..=b'9')) {
            i += 1;
        }
    }
    i == b.len()
}

/// A JSON number for an IS/DS text that is not one (`+5`, `.5`, `1.`, `007`).
fn normalise_number(vr: VR, t: &str) -> Option<String> {
    if vr == VR::IS {
        let v: i64 = t.trim().parse().ok()?;
        Some(v.to_string())
    } else {
        let t = t.trim();
        if !t
            .bytes()
            .all(|c| matches!(c, b'0'..=b'9' | b'+' | b'-' | b'.' | b'e' | b'E'))
        {
            return None;
        }
        let v: f64 = t.parse().ok()?;
        float_text(v, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_numbers() {
        for ok in [
            "0",
            "-0",
            "1.5",
            "0.8000",
            "1e5",
            "-1.5E-7",
            "12345678901234567890",
        ] {
            assert!(is_json_number(ok), "{ok}");
        }
        for bad in ["", "+5", ".5", "1.", "01", "1e", "NaN", " 1", "1 "] {
            assert!(!is_json_number(bad), "{bad}");
        }
    }

    #[test]
    fn escape_scan_matches_a_byte_by_byte_scan() {
        let naive = |b: &[u8]| b.iter().position(|&x| ESCAPE[x as usize]);
        let mut cases: Vec<Vec<u8>> = vec![Vec::new(), "山田^花子 ACME Medical".into()];
        for special in [
            0u8, 0x1F, b'"', b'\\', b'\n', 0x20, 0x7F, 0x80, 0xE5, b'!', b'#',
        ] {
            for len in 1..20 {
                for at in 0..len {
                    let mut v = vec![b'a'; len];
                    v[at] = special;
                    cases.push(v.clone());
                    v[0] = 0xFF;
                    cases.push(v);
                }
            }
        }
        for c in &cases {
            assert_eq!(first_escape(c), naive(c), "{c:?}");
        }
    }

    #[test]
    fn hex_keys() {
        let mut k = [0u8; 8];
        hex8(Tag(0x7FE0, 0x0010), &mut k);
        assert_eq!(&k, b"7FE00010");
    }
}

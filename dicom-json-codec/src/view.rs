//! A zero-copy, fully validated view of DICOM JSON (PS3.18 Annex F): the fast decode path.
//!
//! [`from_slice`] and [`from_slice_array`] (or [`DecodeOptions::view`] and
//! [`DecodeOptions::view_array`] for lenient mode and [`Limits`](crate::Limits)) run the same
//! parser as the full decoder — the same strict and lenient rules, the same limits, the same
//! errors with position and tag path, the same repairs — but do not build
//! [`InMemDicomObject`](dicom_object::InMemDicomObject)s. They record each element (tag, VR,
//! what its value is, where its value entries are in the input) in one flat vector per view, and
//! hand out borrowed handles: [`DataSetView`] (a data set, elements sorted by tag, [`get`] by
//! binary search) and [`ElementView`] (one element: strings as `Cow<'a, str>` that are copied
//! only when they hold JSON escapes, numbers as their exact text or parsed, PN groups,
//! InlineBinary decoded on demand, BulkDataURI, sequence items).
//!
//! Why two paths: building dicom-rs data sets costs at least what cloning them costs (one
//! allocation per element value and per tree node); the benchmark row
//! "InMemDicomObject clone (model floor)" measures that, and it is about half of
//! what dicom-json 0.10.1 needs for a whole decode. A caller that reads a few attributes of
//! many data sets (a QIDO-RS study list, WADO-RS metadata) should use the view; a caller that
//! edits data sets or writes Part 10 converts with [`DataSetView::to_data_set`] (the result is
//! identical to [`crate::from_slice`]).
//!
//! ```
//! use dicom_core::{Tag, VR};
//! let json = br#"[{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane"}]},"00201208":{"vr":"IS","Value":[12]}}]"#;
//! let view = dicom_json_codec::view::from_slice_array(json)?;
//! let study = view.get(0).unwrap();
//! let name = study.get(Tag(0x0010, 0x0010)).unwrap();
//! assert_eq!(name.vr(), VR::PN);
//! assert_eq!(name.person_name(0).unwrap().alphabetic.as_deref(), Some("Doe^Jane"));
//! let n = study.get(Tag(0x0020, 0x1208)).unwrap();
//! assert_eq!((n.text(0).as_deref(), n.to_i64(0)), (Some("12"), Some(12)));
//! // Converting gives what the full decoder gives.
//! assert!(dicom_json_codec::same_content(&study.to_data_set()?, &dicom_json_codec::from_slice_array(json)?[0]));
//! # Ok::<(), dicom_json_codec::Error>(())
//! ```
//!
//! Keys need not come in ascending order: PS3.18 F.2.2 says attribute objects "shall be
//! ordered by their property name in ascending lexicographic order", but real servers do not
//! always do so, and both decoders (strict too) accept any order and sort; duplicates are an
//! error in strict mode (the last one is kept in lenient mode).
//!
//! [`get`]: DataSetView::get

use crate::DataSet;
use crate::de::{DecodeOptions, Parser};
use crate::error::{Error, Repair};
use crate::tape::{self, Entry, EntryKind, Node, NodeKind, Span, Tape};
use crate::vr::{self, Class};
use dicom_core::{Tag, VR};
use dicom_object::mem::InMemElement;
use std::borrow::Cow;
use std::fmt;

/// Decoded DICOM JSON data sets, borrowing the input: one top-level object, or the data sets
/// of a top-level array (QIDO-RS, WADO-RS metadata).
#[derive(Clone)]
pub struct View<'a> {
    text: &'a str,
    tape: Tape,
    tops: Vec<Span>,
    repairs: Vec<Repair>,
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> View<'a> {
    fn decode(input: &'a [u8], opts: &DecodeOptions, array: bool) -> Result<Self, Error> {
        let mut p = Parser::new(input, opts)?;
        let r = if array {
            p.top_array()
        } else {
            p.top_object().map(|s| vec![s])
        };
        let r = r.and_then(|tops| p.end().map(|()| tops));
        match r {
            Ok(tops) => {
                let repairs = p.take_repairs();
                Ok(View {
                    text: p.text(),
                    tape: std::mem::take(&mut p.tape),
                    tops,
                    repairs,
                })
            }
            Err(e) => Err(p.locate(e)),
        }
    }

    /// Number of data sets.
    pub fn len(&self) -> usize {
        self.tops.len()
    }

    /// No data set (an empty top-level array)?
    pub fn is_empty(&self) -> bool {
        self.tops.is_empty()
    }

    /// The data set at `index`.
    pub fn get(&self, index: usize) -> Option<DataSetView<'_, 'a>> {
        self.tops
            .get(index)
            .map(|&span| DataSetView { view: self, span })
    }

    /// The data sets in input order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = DataSetView<'_, 'a>> + '_ {
        self.tops
            .iter()
            .map(|&span| DataSetView { view: self, span })
    }

    /// What the lenient decoder repaired, in input order (empty in strict mode).
    pub fn repairs(&self) -> &[Repair] {
        &self.repairs
    }

    /// Build every data set (identical to [`crate::from_slice_array`] with the same options).
    pub fn to_data_sets(&self) -> Result<Vec<DataSet>, Error> {
        self.iter()
            .enumerate()
            .map(|(i, ds)| ds.to_data_set().map_err(|e| e.in_array(i)))
            .collect()
    }
}

/// Decode one DICOM JSON object as a [`View`] of one data set (strict, default limits).
pub fn from_slice(input: &[u8]) -> Result<View<'_>, Error> {
    View::decode(input, &DecodeOptions::new(), false)
}

/// Decode a top-level array of DICOM JSON objects as a [`View`] (strict, default limits). A
/// single top-level object gives a view of one data set.
pub fn from_slice_array(input: &[u8]) -> Result<View<'_>, Error> {
    View::decode(input, &DecodeOptions::new(), true)
}

impl DecodeOptions {
    /// Decode one DICOM JSON object as a [`View`] (see [`crate::view`]); same rules and errors
    /// as [`decode`](Self::decode).
    pub fn view<'a>(&self, input: &'a [u8]) -> Result<View<'a>, Error> {
        View::decode(input, self, false)
    }

    /// Decode a top-level array as a [`View`] (see [`crate::view`]); same rules and errors as
    /// [`decode_array`](Self::decode_array).
    pub fn view_array<'a>(&self, input: &'a [u8]) -> Result<View<'a>, Error> {
        View::decode(input, self, true)
    }
}

/// One data set of a [`View`]: its elements sorted by tag.
#[derive(Clone, Copy)]
pub struct DataSetView<'v, 'a> {
    view: &'v View<'a>,
    span: Span,
}

impl fmt::Debug for DataSetView<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'v, 'a> DataSetView<'v, 'a> {
    fn nodes(&self) -> &'v [Node] {
        self.view.tape.nodes(self.span)
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.nodes().len()
    }

    /// No element (`{}`)?
    pub fn is_empty(&self) -> bool {
        self.nodes().is_empty()
    }

    /// The element with this tag (binary search).
    pub fn get(&self, tag: Tag) -> Option<ElementView<'v, 'a>> {
        let nodes = self.nodes();
        let i = nodes.binary_search_by(|n| n.tag.cmp(&tag)).ok()?;
        nodes.get(i).map(|node| ElementView {
            view: self.view,
            node,
        })
    }

    /// The elements in ascending tag order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = ElementView<'v, 'a>> + 'v {
        let view = self.view;
        self.nodes()
            .iter()
            .map(move |node| ElementView { view, node })
    }

    /// Build the data set (identical to what [`crate::from_slice`] gives for it).
    pub fn to_data_set(&self) -> Result<DataSet, Error> {
        tape::build(self.view.text, &self.view.tape, self.span)
    }
}

/// What an element's value is in the JSON (PS3.18 F.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ValueKind {
    /// No value: no `Value` member, or an empty array (lenient: `null`).
    Empty,
    /// A `Value` array of strings, numbers, `null`s or Person Name objects.
    Value,
    /// Sequence items (`Value` of an SQ element).
    Items,
    /// An `InlineBinary` base64 string (F.2.7).
    InlineBinary,
    /// A `BulkDataURI` (F.2.6).
    BulkDataUri,
}

/// One element of a [`DataSetView`].
#[derive(Clone, Copy)]
pub struct ElementView<'v, 'a> {
    view: &'v View<'a>,
    node: &'v Node,
}

impl fmt::Debug for ElementView<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ElementView")
            .field("tag", &self.tag())
            .field("vr", &self.vr())
            .field("kind", &self.kind())
            .field("len", &self.len())
            .finish()
    }
}

/// The groups of one Person Name value (PS3.18 F.2.2), as given (`None` when absent or `null`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct PersonNameView<'a> {
    /// The `Alphabetic` group.
    pub alphabetic: Option<Cow<'a, str>>,
    /// The `Ideographic` group.
    pub ideographic: Option<Cow<'a, str>>,
    /// The `Phonetic` group.
    pub phonetic: Option<Cow<'a, str>>,
}

impl<'v, 'a> ElementView<'v, 'a> {
    /// The tag.
    pub fn tag(&self) -> Tag {
        self.node.tag
    }

    /// The VR.
    pub fn vr(&self) -> VR {
        self.node.vr
    }

    /// What the value is.
    pub fn kind(&self) -> ValueKind {
        match self.node.kind {
            NodeKind::Empty => ValueKind::Empty,
            NodeKind::Values => ValueKind::Value,
            NodeKind::Items => ValueKind::Items,
            NodeKind::InlineBinary { .. } => ValueKind::InlineBinary,
            NodeKind::BulkDataUri { .. } => ValueKind::BulkDataUri,
        }
    }

    /// Number of `Value` entries (a Person Name object counts as one) or of items; 0 for no
    /// value, InlineBinary and BulkDataURI.
    pub fn len(&self) -> usize {
        match self.node.kind {
            NodeKind::Values => self.values().count(),
            NodeKind::Items => self.view.tape.items(self.node.span).len(),
            _ => 0,
        }
    }

    /// `len() == 0`.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn entries(&self) -> &'v [Entry] {
        match self.node.kind {
            NodeKind::Values => self.view.tape.entries(self.node.span),
            _ => &[],
        }
    }

    /// The `Value` entries, each one entry (or four for a Person Name object).
    fn values(&self) -> impl Iterator<Item = &'v [Entry]> + 'v {
        let entries = self.entries();
        let mut i = 0;
        std::iter::from_fn(move || {
            let e = entries.get(i)?;
            let n = if e.kind == EntryKind::PersonName {
                4
            } else {
                1
            };
            let v = entries.get(i..i + n);
            i += n;
            v
        })
    }

    /// The text of every `Value` entry, as in the JSON (strings unescaped, padding kept;
    /// numbers as their exact literal text), `None` for `null`. A Person Name object gives its
    /// DICOM form `Alphabetic=Ideographic=Phonetic` (trailing empty groups cut).
    pub fn texts(&self) -> impl Iterator<Item = Option<Cow<'a, str>>> + 'v {
        let text = self.view.text;
        self.values().map(move |v| match v {
            [head, groups @ ..] if head.kind == EntryKind::PersonName => {
                Some(Cow::Owned(tape::person_name(text, groups)))
            }
            [e, ..] => tape::entry_text(text, e),
            [] => None,
        })
    }

    /// The text of entry `index` (see [`texts`](Self::texts)); `None` when there is no such
    /// entry or it is `null`.
    pub fn text(&self, index: usize) -> Option<Cow<'a, str>> {
        self.texts().nth(index).flatten()
    }

    /// Entry `index` as `i64`, parsed exactly from its text (integral values only).
    pub fn to_i64(&self, index: usize) -> Option<i64> {
        tape::parse_int(self.text(index)?.trim())
    }

    /// Entry `index` as `u64`, parsed exactly from its text (integral values only).
    pub fn to_u64(&self, index: usize) -> Option<u64> {
        tape::parse_int(self.text(index)?.trim())
    }

    /// Entry `index` as `f64` (finite values only).
    pub fn to_f64(&self, index: usize) -> Option<f64> {
        tape::parse_f64(self.text(index)?.trim())
    }

    /// Entry `index` of an AT value.
    pub fn to_tag(&self, index: usize) -> Option<Tag> {
        tape::parse_at(&self.text(index)?)
    }

    /// The Person Name values (PS3.18 F.2.2): `None` for `null`; a plain string (accepted in
    /// lenient mode) is split at `=` into its groups.
    pub fn person_names(&self) -> impl Iterator<Item = Option<PersonNameView<'a>>> + 'v {
        let text = self.view.text;
        self.values().map(move |v| match v {
            [head, a, i, p] if head.kind == EntryKind::PersonName => Some(PersonNameView {
                alphabetic: tape::entry_text(text, a),
                ideographic: tape::entry_text(text, i),
                phonetic: tape::entry_text(text, p),
            }),
            [e, ..] => {
                let s = tape::entry_text(text, e)?;
                let part = |k: usize| -> Option<Cow<'a, str>> {
                    let g = match &s {
                        Cow::Borrowed(b) => Cow::Borrowed(b.split('=').nth(k)?),
                        Cow::Owned(o) => Cow::Owned(o.split('=').nth(k)?.to_owned()),
                    };
                    (!g.is_empty()).then_some(g)
                };
                Some(PersonNameView {
                    alphabetic: part(0),
                    ideographic: part(1),
                    phonetic: part(2),
                })
            }
            [] => None,
        })
    }

    /// Person Name value `index`.
    pub fn person_name(&self, index: usize) -> Option<PersonNameView<'a>> {
        self.person_names().nth(index).flatten()
    }

    /// The decoded bytes of an `InlineBinary` value (PS3.18 F.2.7).
    pub fn inline_binary(&self) -> Option<Vec<u8>> {
        match self.node.kind {
            NodeKind::InlineBinary { escaped } => {
                tape::decode_base64(&tape::string(self.view.text, self.node.span, escaped))
            }
            _ => None,
        }
    }

    /// The `BulkDataURI` (PS3.18 F.2.6).
    pub fn bulk_data_uri(&self) -> Option<Cow<'a, str>> {
        match self.node.kind {
            NodeKind::BulkDataUri { escaped } => {
                Some(tape::string(self.view.text, self.node.span, escaped))
            }
            _ => None,
        }
    }

    /// The items of a sequence (empty for other elements).
    pub fn items(&self) -> impl ExactSizeIterator<Item = DataSetView<'v, 'a>> + 'v {
        let view = self.view;
        let spans = match self.node.kind {
            NodeKind::Items => view.tape.items(self.node.span),
            _ => &[],
        };
        spans.iter().map(move |&span| DataSetView { view, span })
    }

    /// Item `index` of a sequence.
    pub fn item(&self, index: usize) -> Option<DataSetView<'v, 'a>> {
        self.items().nth(index)
    }

    /// Is the value text (a VR of strings, PN, IS or DS)?
    pub fn is_text(&self) -> bool {
        matches!(
            vr::class(self.node.vr),
            Class::Text | Class::PersonName | Class::NumberText
        )
    }

    /// Build the dicom-rs element (as the full decoder does).
    pub fn to_element(&self) -> Result<InMemElement, Error> {
        tape::element(self.view.text, &self.view.tape, self.node)
    }

    /// The dicom-rs value of a non-sequence element (sequences give an empty value).
    pub(crate) fn primitive(&self) -> Result<dicom_core::PrimitiveValue, Error> {
        tape::primitive(self.view.text, &self.view.tape, self.node)
    }
}

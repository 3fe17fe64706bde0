//! The generic machinery the typed models are generated from: how each kind of element
//! (primitive, primitive array, complex, complex array, choice `x[x]`, resource) is decoded
//! from, encoded to and validated against FHIR JSON (FHIR R5 json.html).
#![allow(
    unreachable_pub,
    reason = "sealed internals: public in a private module"
)]

use crate::error::ErrorKind;
use crate::json::{Reader, Result, Writer};
use crate::primitive::{KindCodec, Prim};
use crate::validate::Validator;

/// A JSON object (complex datatype, backbone element or resource).
pub trait ObjectCodec: Sized + 'static {
    /// Decode the object at the cursor.
    fn decode(r: &mut Reader<'_>) -> Result<Self>;
    /// Decode the object at the cursor into `slot` (the generated structs decode in place
    /// instead of building the value on the stack and moving it).
    #[inline]
    fn decode_into(slot: &mut Option<Self>, r: &mut Reader<'_>) -> Result<()> {
        *slot = Some(Self::decode(r)?);
        Ok(())
    }
    /// Decode the object at the cursor onto the end of `out`.
    #[inline]
    fn decode_push(out: &mut Vec<Self>, r: &mut Reader<'_>) -> Result<()> {
        out.push(Self::decode(r)?);
        Ok(())
    }
    /// Decode the object at the cursor into a `Box`.
    #[inline]
    fn decode_boxed(r: &mut Reader<'_>) -> Result<Box<Self>> {
        Self::decode(r).map(Box::new)
    }
    /// Write `{...}`; write nothing and return `false` when it has no content.
    fn encode(&self, w: &mut Writer) -> bool;
    /// Check the rules JSON decoding does not.
    fn validate(&self, v: &mut Validator);
}

impl<T: ObjectCodec> ObjectCodec for Box<T> {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        T::decode_boxed(r)
    }
    #[inline]
    fn encode(&self, w: &mut Writer) -> bool {
        (**self).encode(w)
    }
    fn validate(&self, v: &mut Validator) {
        (**self).validate(v)
    }
}

/// A member of a generated struct.
pub trait Field {
    /// Whether this is a choice element `name[x]`.
    const IS_CHOICE: bool = false;
    /// `"name": ...`
    fn decode(&mut self, r: &mut Reader<'_>) -> Result<()>;
    /// `"_name": ...`; `Ok(false)` if the element has no `_` partner (then it is unknown).
    fn decode_ext(&mut self, _r: &mut Reader<'_>) -> Result<bool> {
        Ok(false)
    }
    /// `"name<Type>"` / `"_name<Type>"` of a choice element; `Ok(false)` if not one.
    fn decode_choice(&mut self, _suffix: &str, _ext: bool, _r: &mut Reader<'_>) -> Result<bool> {
        Ok(false)
    }
    /// Checks once the whole object is read (primitive array alignment).
    fn finish(&self, _pos: usize) -> Result<()> {
        Ok(())
    }
    /// Write the member(s), nothing when empty.
    fn encode(&self, name: &'static str, key: &'static str, w: &mut Writer);
    /// Validate; `min` is the minimum cardinality, `bind` a required value set.
    fn validate(
        &self,
        name: &'static str,
        min: usize,
        bind: Option<&'static [&'static str]>,
        v: &mut Validator,
    );
}

fn dup(r: &Reader<'_>) -> crate::Error {
    r.err(ErrorKind::DuplicateElement)
}

// ---- Element.id: a plain string without `_` partner ----
impl Field for Option<crate::SharedStr> {
    #[inline]
    fn decode(&mut self, r: &mut Reader<'_>) -> Result<()> {
        if self.is_some() {
            return Err(dup(r));
        }
        *self = Some(r.text()?);
        Ok(())
    }
    #[inline]
    fn encode(&self, _name: &'static str, key: &'static str, w: &mut Writer) {
        if let Some(s) = self {
            w.raw_key(key);
            w.string(s);
        }
    }
    fn validate(
        &self,
        name: &'static str,
        min: usize,
        _bind: Option<&'static [&'static str]>,
        v: &mut Validator,
    ) {
        if self.is_none() && min > 0 {
            v.at(name, |v| v.required());
        }
    }
}

// ---- primitives ----
fn decode_prim_element(r: &mut Reader<'_>) -> Result<Box<crate::datatypes::PrimitiveElement>> {
    crate::datatypes::PrimitiveElement::decode(r).map(Box::new)
}

pub(crate) fn validate_prim<K: KindCodec>(
    p: &Prim<K>,
    bind: Option<&'static [&'static str]>,
    v: &mut Validator,
) {
    match &p.value {
        Some(val) => {
            // dom-3 counts `#id` in canonical, uri and url values as well as in references
            // (FHIR R4/R5 domainresource.html).
            if matches!(K::NAME, "canonical" | "uri" | "url")
                && let Some(target) = K::code(val).and_then(|s| s.strip_prefix('#'))
            {
                v.note_local_ref(target);
            }
            if let Some(problem) = K::check(val) {
                v.error("value", format!("{problem} ({}: {val:?})", K::NAME));
            } else if let (Some(vs), Some(code)) = (bind, K::code(val))
                && !vs.contains(&code)
            {
                v.error(
                    "code-invalid",
                    format!(
                        "`{code}` is not in the required value set ({})",
                        vs.join(", ")
                    ),
                );
            }
        }
        None if p.element.is_none() => {
            v.error("required", "primitive without value or extension".into())
        }
        None => {}
    }
    if let Some(el) = &p.element {
        el.validate(v);
    }
}

impl<K: KindCodec> Field for Option<Prim<K>> {
    #[inline]
    fn decode(&mut self, r: &mut Reader<'_>) -> Result<()> {
        let p = self.get_or_insert_with(Prim::default);
        if p.value.is_some() {
            return Err(dup(r));
        }
        p.value = Some(K::decode(r)?);
        Ok(())
    }
    fn decode_ext(&mut self, r: &mut Reader<'_>) -> Result<bool> {
        let p = self.get_or_insert_with(Prim::default);
        if p.element.is_some() {
            return Err(dup(r));
        }
        p.element = Some(decode_prim_element(r)?);
        Ok(true)
    }
    #[inline]
    fn encode(&self, name: &'static str, key: &'static str, w: &mut Writer) {
        if let Some(p) = self {
            if let Some(val) = &p.value {
                w.raw_key(key);
                K::encode(val, w);
            }
            if let Some(el) = &p.element {
                let m = w.mark();
                w.ext_key2(name, "");
                if !el.encode(w) {
                    w.reset(m);
                }
            }
        }
    }
    fn validate(
        &self,
        name: &'static str,
        min: usize,
        bind: Option<&'static [&'static str]>,
        v: &mut Validator,
    ) {
        match self {
            None if min > 0 => v.at(name, |v| v.required()),
            None => {}
            Some(p) => v.at(name, |v| validate_prim(p, bind, v)),
        }
    }
}

#[inline]
pub(crate) fn encode_prim<K: KindCodec>(p: &Prim<K>, name: &str, suffix: &str, w: &mut Writer) {
    if let Some(val) = &p.value {
        w.key2(name, suffix);
        K::encode(val, w);
    }
    if let Some(el) = &p.element {
        let m = w.mark();
        w.ext_key2(name, suffix);
        if !el.encode(w) {
            w.reset(m);
        }
    }
}

impl<K: KindCodec> Field for Vec<Prim<K>> {
    fn decode(&mut self, r: &mut Reader<'_>) -> Result<()> {
        if self.iter().any(|p| p.value.is_some()) {
            return Err(dup(r));
        }
        let had = self.len();
        r.begin_array()?;
        let mut i = 0;
        while r.next_elem(i)? {
            let v = if r.take_null() {
                None
            } else {
                Some(K::decode(r).map_err(|e| e.in_index(i))?)
            };
            if had == 0 {
                self.push(Prim {
                    value: v,
                    element: None,
                });
            } else if let Some(slot) = self.get_mut(i) {
                slot.value = v;
            } else {
                return Err(r.err(ErrorKind::PrimitiveArrayMismatch {
                    values: i + 1,
                    extensions: had,
                }));
            }
            i += 1;
        }
        if had != 0 && had != i {
            return Err(r.err(ErrorKind::PrimitiveArrayMismatch {
                values: i,
                extensions: had,
            }));
        }
        Ok(())
    }
    fn decode_ext(&mut self, r: &mut Reader<'_>) -> Result<bool> {
        if self.iter().any(|p| p.element.is_some()) {
            return Err(dup(r));
        }
        let had = self.len();
        r.begin_array()?;
        let mut i = 0;
        while r.next_elem(i)? {
            let el = if r.take_null() {
                None
            } else {
                Some(decode_prim_element(r).map_err(|e| e.in_index(i))?)
            };
            if had == 0 {
                self.push(Prim {
                    value: None,
                    element: el,
                });
            } else if let Some(slot) = self.get_mut(i) {
                slot.element = el;
            } else {
                return Err(r.err(ErrorKind::PrimitiveArrayMismatch {
                    values: had,
                    extensions: i + 1,
                }));
            }
            i += 1;
        }
        if had != 0 && had != i {
            return Err(r.err(ErrorKind::PrimitiveArrayMismatch {
                values: had,
                extensions: i,
            }));
        }
        Ok(true)
    }
    fn finish(&self, pos: usize) -> Result<()> {
        for (i, p) in self.iter().enumerate() {
            if p.is_empty() {
                return Err(crate::Error::new(ErrorKind::NullWithoutExtension, pos).in_index(i));
            }
        }
        Ok(())
    }
    fn encode(&self, name: &'static str, key: &'static str, w: &mut Writer) {
        if self.iter().any(|p| p.value.is_some()) {
            w.raw_key(key);
            w.begin_array();
            for p in self {
                w.elem();
                match &p.value {
                    Some(val) => K::encode(val, w),
                    None => w.raw("null"),
                }
            }
            w.end_array();
        }
        if self.iter().any(|p| p.element.is_some()) {
            w.ext_key2(name, "");
            w.begin_array();
            for p in self {
                w.elem();
                let m = w.mark();
                let wrote = p.element.as_ref().is_some_and(|el| el.encode(w));
                if !wrote {
                    w.reset(m);
                    w.raw("null");
                }
            }
            w.end_array();
        }
    }
    fn validate(
        &self,
        name: &'static str,
        min: usize,
        bind: Option<&'static [&'static str]>,
        v: &mut Validator,
    ) {
        if self.len() < min {
            v.at(name, |v| v.required());
        }
        for (i, p) in self.iter().enumerate() {
            v.at_index(name, i, |v| validate_prim(p, bind, v));
        }
    }
}

// ---- complex ----
impl<T: ObjectCodec> Field for Option<T> {
    #[inline]
    fn decode(&mut self, r: &mut Reader<'_>) -> Result<()> {
        if self.is_some() {
            return Err(dup(r));
        }
        T::decode_into(self, r)
    }
    #[inline]
    fn encode(&self, _name: &'static str, key: &'static str, w: &mut Writer) {
        if let Some(t) = self {
            let m = w.mark();
            w.raw_key(key);
            if !t.encode(w) {
                w.reset(m);
            }
        }
    }
    fn validate(
        &self,
        name: &'static str,
        min: usize,
        _bind: Option<&'static [&'static str]>,
        v: &mut Validator,
    ) {
        match self {
            None if min > 0 => v.at(name, |v| v.required()),
            None => {}
            Some(t) => v.at(name, |v| t.validate(v)),
        }
    }
}

impl<T: ObjectCodec> Field for Vec<T> {
    #[inline]
    fn decode(&mut self, r: &mut Reader<'_>) -> Result<()> {
        if !self.is_empty() {
            return Err(dup(r));
        }
        decode_array(self, r)
    }
    #[inline]
    fn encode(&self, _name: &'static str, key: &'static str, w: &mut Writer) {
        encode_array(self, key, w)
    }
    fn validate(
        &self,
        name: &'static str,
        min: usize,
        _bind: Option<&'static [&'static str]>,
        v: &mut Validator,
    ) {
        validate_array(self, name, min, v)
    }
}

impl<T: ObjectCodec> Field for crate::ThinVec<T> {
    fn decode(&mut self, r: &mut Reader<'_>) -> Result<()> {
        if !self.is_empty() {
            return Err(dup(r));
        }
        decode_array(self.as_mut_vec(), r)
    }
    #[inline]
    fn encode(&self, _name: &'static str, key: &'static str, w: &mut Writer) {
        if !self.is_empty() {
            encode_array(self, key, w)
        }
    }
    fn validate(
        &self,
        name: &'static str,
        min: usize,
        _bind: Option<&'static [&'static str]>,
        v: &mut Validator,
    ) {
        validate_array(self, name, min, v)
    }
}

/// Decode a JSON array into the empty `out`, starting at the capacity the last array of this
/// type needed and trimming any excess, so that arrays of like lengths are allocated once at
/// their exact length.
#[inline]
fn decode_array<T: ObjectCodec>(out: &mut Vec<T>, r: &mut Reader<'_>) -> Result<()> {
    r.begin_array()?;
    // Capped, so that one long array cannot make every later (or nested) array of its type
    // reserve that much; longer arrays grow from there.
    out.reserve_exact(r.len_hint::<T>().clamp(1, 256));
    let mut i = 0;
    while r.next_elem(i)? {
        T::decode_push(out, r).map_err(|e| e.in_index(i))?;
        i += 1;
    }
    if out.len() < out.capacity() {
        out.shrink_to_fit();
    }
    r.set_len_hint::<T>(out.len());
    Ok(())
}

#[inline]
fn encode_array<T: ObjectCodec>(items: &[T], key: &'static str, w: &mut Writer) {
    if items.is_empty() {
        return;
    }
    let m = w.mark();
    w.raw_key(key);
    w.begin_array();
    let start = w.len();
    for t in items {
        let em = w.mark();
        w.elem();
        if !t.encode(w) {
            w.reset(em);
        }
    }
    if w.len() == start {
        w.reset(m);
    } else {
        w.end_array();
    }
}

fn validate_array<T: ObjectCodec>(items: &[T], name: &'static str, min: usize, v: &mut Validator) {
    if items.len() < min {
        v.at(name, |v| v.required());
    }
    for (i, t) in items.iter().enumerate() {
        v.at_index(name, i, |v| t.validate(v));
    }
}

// ---- choice elements ----
/// One type of a choice element.
pub trait Variant: Sized {
    fn value(r: &mut Reader<'_>) -> Result<Self>;
    /// A variant made from its `_` partner alone; `None` if the type has no partner.
    fn from_ext(r: &mut Reader<'_>) -> Result<Option<Self>>;
    fn merge_value(&mut self, r: &mut Reader<'_>) -> Result<()>;
    fn merge_ext(&mut self, r: &mut Reader<'_>) -> Result<bool>;
    fn encode_as(&self, base: &str, suffix: &str, w: &mut Writer);
    fn validate_as(&self, v: &mut Validator);
}

impl<K: KindCodec> Variant for Prim<K> {
    fn value(r: &mut Reader<'_>) -> Result<Self> {
        Ok(Prim {
            value: Some(K::decode(r)?),
            element: None,
        })
    }
    fn from_ext(r: &mut Reader<'_>) -> Result<Option<Self>> {
        Ok(Some(Prim {
            value: None,
            element: Some(decode_prim_element(r)?),
        }))
    }
    fn merge_value(&mut self, r: &mut Reader<'_>) -> Result<()> {
        if self.value.is_some() {
            return Err(dup(r));
        }
        self.value = Some(K::decode(r)?);
        Ok(())
    }
    fn merge_ext(&mut self, r: &mut Reader<'_>) -> Result<bool> {
        if self.element.is_some() {
            return Err(dup(r));
        }
        self.element = Some(decode_prim_element(r)?);
        Ok(true)
    }
    fn encode_as(&self, base: &str, suffix: &str, w: &mut Writer) {
        encode_prim(self, base, suffix, w)
    }
    fn validate_as(&self, v: &mut Validator) {
        validate_prim(self, None, v)
    }
}

impl<T: ObjectCodec> Variant for T {
    fn value(r: &mut Reader<'_>) -> Result<Self> {
        T::decode(r)
    }
    fn from_ext(_r: &mut Reader<'_>) -> Result<Option<Self>> {
        Ok(None)
    }
    fn merge_value(&mut self, r: &mut Reader<'_>) -> Result<()> {
        Err(dup(r))
    }
    fn merge_ext(&mut self, _r: &mut Reader<'_>) -> Result<bool> {
        Ok(false)
    }
    fn encode_as(&self, base: &str, suffix: &str, w: &mut Writer) {
        let m = w.mark();
        w.key2(base, suffix);
        if !self.encode(w) {
            w.reset(m);
        }
    }
    fn validate_as(&self, v: &mut Validator) {
        self.validate(v)
    }
}

/// A choice element's enum (generated by `fhir_choice!`).
pub trait Choice: Sized {
    fn decode_choice(
        slot: &mut Option<Self>,
        suffix: &str,
        ext: bool,
        r: &mut Reader<'_>,
    ) -> Result<bool>;
    fn encode_choice(&self, base: &'static str, w: &mut Writer);
    fn validate_choice(&self, base: &'static str, v: &mut Validator);
}

/// Field impl for `Option<E>` where `E` is a choice enum; written per enum by `fhir_choice!`
/// (a blanket impl would overlap the complex one).
macro_rules! choice_field {
    ($E:ty) => {
        impl $crate::codec::Field for Option<$E> {
            const IS_CHOICE: bool = true;
            fn decode(&mut self, r: &mut $crate::json::Reader<'_>) -> $crate::json::Result<()> {
                Err(r.err($crate::ErrorKind::WrongType {
                    expected: "a type suffix on a choice element (name[x])",
                }))
            }
            fn decode_choice(
                &mut self,
                suffix: &str,
                ext: bool,
                r: &mut $crate::json::Reader<'_>,
            ) -> $crate::json::Result<bool> {
                <$E as $crate::codec::Choice>::decode_choice(self, suffix, ext, r)
            }
            fn encode(&self, name: &'static str, _key: &'static str, w: &mut $crate::json::Writer) {
                if let Some(c) = self {
                    $crate::codec::Choice::encode_choice(c, name, w);
                }
            }
            fn validate(
                &self,
                name: &'static str,
                min: usize,
                _bind: Option<&'static [&'static str]>,
                v: &mut $crate::validate::Validator,
            ) {
                match self {
                    None if min > 0 => v.at(name, |v| v.required()),
                    None => {}
                    Some(c) => $crate::codec::Choice::validate_choice(c, name, v),
                }
            }
        }
    };
}
pub(crate) use choice_field;

/// Generate a choice enum `name[x]` (FHIR R5 formats.html#choice).
macro_rules! fhir_choice {
    ($(#[$m:meta])* pub enum $E:ident { $( $(#[$vm:meta])* $V:ident($T:ty) = $sfx:literal $(since $ver:ident)?, )* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant, reason = "variants hold datatypes inline, as the struct members do")]
        pub enum $E {
            $( $(#[$vm])* $V($T), )*
        }
        impl $crate::codec::Choice for $E {
            fn decode_choice(slot: &mut Option<Self>, suffix: &str, ext: bool, r: &mut $crate::json::Reader<'_>) -> $crate::json::Result<bool> {
                use $crate::codec::Variant;
                match suffix {
                    $( $sfx => {
                        $( if r.version != $crate::Version::$ver { return Ok(false); } )?
                        match slot {
                            None => {
                                if ext {
                                    match <$T as Variant>::from_ext(r)? {
                                        Some(x) => *slot = Some($E::$V(x)),
                                        None => return Ok(false),
                                    }
                                } else {
                                    *slot = Some($E::$V(<$T as Variant>::value(r)?));
                                }
                                Ok(true)
                            }
                            Some($E::$V(x)) => {
                                if ext { x.merge_ext(r) } else { x.merge_value(r).map(|()| true) }
                            }
                            #[allow(unreachable_patterns)]
                            Some(_) => Err(r.err($crate::ErrorKind::DuplicateElement)),
                        }
                    } )*
                    _ => Ok(false),
                }
            }
            fn encode_choice(&self, base: &'static str, w: &mut $crate::json::Writer) {
                use $crate::codec::Variant;
                match self {
                    $( $E::$V(x) => x.encode_as(base, $sfx, w), )*
                }
            }
            fn validate_choice(&self, base: &'static str, v: &mut $crate::validate::Validator) {
                use $crate::codec::Variant;
                match self {
                    $( $E::$V(x) => v.at2(base, $sfx, |v| x.validate_as(v)), )*
                }
            }
        }
        $crate::codec::choice_field!($E);
    };
}
pub(crate) use fhir_choice;

/// Generate a FHIR complex type, backbone element or resource: the struct, its JSON decoder
/// and encoder and its validator. Base elements are added per kind:
/// `element` (id, extension), `backbone` (+ modifierExtension), `domain "Type"`
/// (Resource + DomainResource elements), `resource "Type"` (Resource elements only).
macro_rules! fhir_struct {
    ($(#[$sm:meta])* pub struct $Name:ident : element $path:literal $(, invariants = $inv:path)? { $($body:tt)* }) => {
        $crate::codec::fhir_struct!(@make [$(#[$sm])*] $Name, $path, element, None, [$($inv)?], {
            /// Unique id for inter-element referencing (FHIR R5 Element.id).
            pub id: Option<$crate::SharedStr> = "id";
            /// Additional content defined by implementations (FHIR R5 Element.extension).
            pub extension: $crate::ThinVec<$crate::Extension> = "extension";
            $($body)*
        });
    };
    ($(#[$sm:meta])* pub struct $Name:ident : plain $path:literal $(, invariants = $inv:path)? { $($body:tt)* }) => {
        $crate::codec::fhir_struct!(@make [$(#[$sm])*] $Name, $path, element, None, [$($inv)?], { $($body)* });
    };
    ($(#[$sm:meta])* pub struct $Name:ident : extension $path:literal $(, invariants = $inv:path)? { $($body:tt)* }) => {
        $crate::codec::fhir_struct!(@make [$(#[$sm])*] $Name, $path, extension, None, [$($inv)?], {
            /// Unique id for inter-element referencing (FHIR R5 Element.id).
            pub id: Option<$crate::SharedStr> = "id";
            /// Additional content defined by implementations (FHIR R5 Element.extension).
            pub extension: $crate::ThinVec<$crate::Extension> = "extension";
            $($body)*
        });
    };
    ($(#[$sm:meta])* pub struct $Name:ident : backbone $path:literal $(, invariants = $inv:path)? { $($body:tt)* }) => {
        $crate::codec::fhir_struct!(@make [$(#[$sm])*] $Name, $path, element, None, [$($inv)?], {
            /// Unique id for inter-element referencing (FHIR R5 Element.id).
            pub id: Option<$crate::SharedStr> = "id";
            /// Additional content defined by implementations (FHIR R5 Element.extension).
            pub extension: $crate::ThinVec<$crate::Extension> = "extension";
            /// Extensions that change the meaning of the element (FHIR R5 BackboneElement.modifierExtension).
            pub modifier_extension: $crate::ThinVec<$crate::Extension> = "modifierExtension";
            $($body)*
        });
    };
    ($(#[$sm:meta])* pub struct $Name:ident : domain $rt:literal $(, invariants = $inv:path)? { $($body:tt)* }) => {
        $crate::codec::fhir_struct!(@make [$(#[$sm])*] $Name, $rt, domain, Some($rt), [$($inv)?], {
            /// Logical id of this resource (FHIR R5 Resource.id).
            pub id: Option<$crate::Id> = "id";
            /// Metadata about the resource (FHIR R5 Resource.meta).
            pub meta: Option<$crate::Meta> = "meta";
            /// A set of rules under which this content was created (FHIR R5 Resource.implicitRules).
            pub implicit_rules: Option<$crate::Uri> = "implicitRules";
            /// Language of the resource content (FHIR R5 Resource.language).
            pub language: Option<$crate::Code> = "language";
            /// Text summary of the resource, for human interpretation (FHIR R5 DomainResource.text).
            pub text: Option<$crate::Narrative> = "text";
            /// Contained, inline resources (FHIR R5 DomainResource.contained).
            pub contained: Vec<Resource> = "contained";
            /// Additional content defined by implementations (FHIR R5 DomainResource.extension).
            pub extension: $crate::ThinVec<$crate::Extension> = "extension";
            /// Extensions that cannot be ignored (FHIR R5 DomainResource.modifierExtension).
            pub modifier_extension: $crate::ThinVec<$crate::Extension> = "modifierExtension";
            $($body)*
        });
    };
    ($(#[$sm:meta])* pub struct $Name:ident : resource $rt:literal $(, invariants = $inv:path)? { $($body:tt)* }) => {
        $crate::codec::fhir_struct!(@make [$(#[$sm])*] $Name, $rt, element, Some($rt), [$($inv)?], {
            /// Logical id of this resource (FHIR R5 Resource.id).
            pub id: Option<$crate::Id> = "id";
            /// Metadata about the resource (FHIR R5 Resource.meta).
            pub meta: Option<$crate::Meta> = "meta";
            /// A set of rules under which this content was created (FHIR R5 Resource.implicitRules).
            pub implicit_rules: Option<$crate::Uri> = "implicitRules";
            /// Language of the resource content (FHIR R5 Resource.language).
            pub language: Option<$crate::Code> = "language";
            $($body)*
        });
    };
    (@make [$($sm:tt)*] $Name:ident, $path:literal, $kind:ident, $rt:expr, [$($inv:path)?], {
        $( $(#[$fm:meta])* pub $f:ident : $ty:ty = $json:literal $(min $min:literal)? $(bind $vs:ident)? $(since $ver:ident)? ; )*
    }) => {
        $($sm)*
        #[derive(Debug, Clone, PartialEq, Eq, Default)]
        #[non_exhaustive]
        pub struct $Name {
            $( $(#[$fm])* pub $f: $ty, )*
            /// Unknown elements kept in lenient mode, written back out as they came.
            pub unknown: $crate::ThinVec<(String, $crate::Json)>,
        }

        impl $Name {
            fn member(&mut self, key: &str, r: &mut $crate::json::Reader<'_>) -> $crate::json::Result<()> {
                use $crate::codec::Field;
                let (ext, name) = match key.strip_prefix('_') {
                    Some(n) => (true, n),
                    None => (false, key),
                };
                match name {
                    $( $json => {
                        $( if r.version != $crate::Version::$ver { return r.unknown(key, &mut self.unknown); } )?
                        if ext {
                            if Field::decode_ext(&mut self.$f, r).map_err(|e| e.in_key(key))? {
                                return Ok(());
                            }
                        } else {
                            return Field::decode(&mut self.$f, r).map_err(|e| e.in_key(key));
                        }
                    } )*
                    _ => {
                        $(
                            if <$ty as Field>::IS_CHOICE {
                                if let Some(sfx) = name.strip_prefix($json) {
                                    if !sfx.is_empty() && Field::decode_choice(&mut self.$f, sfx, ext, r).map_err(|e| e.in_key(key))? {
                                        return Ok(());
                                    }
                                }
                            }
                        )*
                    }
                }
                r.unknown(key, &mut self.unknown)
            }

            /// Decode the members of the object at the cursor into `s` (a default value).
            fn decode_fill(s: &mut Self, r: &mut $crate::json::Reader<'_>) -> $crate::json::Result<()> {
                use $crate::codec::Field;
                let rt: Option<&'static str> = $rt;
                let start = r.pos;
                r.begin_object()?;
                let mut first = true;
                let mut seen_rt = false;
                while let Some(key) = r.next_key(&mut first)? {
                    if let Some(rt) = rt {
                        if key == "resourceType" {
                            let found = r.string().map_err(|e| e.in_static("resourceType"))?;
                            if found != rt {
                                return Err(r.err($crate::ErrorKind::ResourceTypeMismatch { expected: rt, found: found.into_owned() }).in_static("resourceType"));
                            }
                            seen_rt = true;
                            continue;
                        }
                    }
                    s.member(&key, r)?;
                }
                if rt.is_some() && !seen_rt {
                    return Err($crate::Error::new($crate::ErrorKind::MissingResourceType, start));
                }
                $( Field::finish(&s.$f, r.pos).map_err(|e| e.in_static($json))?; )*
                Ok(())
            }

            /// [`decode_fill`] with the nesting limits of the element's kind.
            #[inline]
            fn decode_limited(s: &mut Self, r: &mut $crate::json::Reader<'_>) -> $crate::json::Result<()> {
                let rt: Option<&'static str> = $rt;
                match rt {
                    None => $crate::codec::fhir_struct!(@decode $kind s r),
                    Some(rt) => {
                        r.res_depth += 1;
                        if r.res_depth > r.opts.limits.max_resource_depth {
                            return Err(r.limit("max_resource_depth", r.opts.limits.max_resource_depth));
                        }
                        let res = Self::decode_fill(s, r).map_err(|e| e.in_resource(rt));
                        r.res_depth -= 1;
                        res
                    }
                }
            }
        }

        impl $crate::codec::ObjectCodec for $Name {
            #[inline]
            fn decode(r: &mut $crate::json::Reader<'_>) -> $crate::json::Result<Self> {
                let mut s = Self::default();
                Self::decode_limited(&mut s, r)?;
                Ok(s)
            }

            #[inline]
            fn decode_into(slot: &mut Option<Self>, r: &mut $crate::json::Reader<'_>) -> $crate::json::Result<()> {
                Self::decode_limited(slot.insert(Self::default()), r)
            }

            #[inline]
            fn decode_push(out: &mut Vec<Self>, r: &mut $crate::json::Reader<'_>) -> $crate::json::Result<()> {
                out.push(Self::default());
                match out.last_mut() {
                    Some(s) => Self::decode_limited(s, r),
                    None => Ok(()),
                }
            }

            #[inline]
            fn decode_boxed(r: &mut $crate::json::Reader<'_>) -> $crate::json::Result<Box<Self>> {
                let mut b = Box::<Self>::default();
                Self::decode_limited(&mut b, r)?;
                Ok(b)
            }

            #[inline]
            fn encode(&self, w: &mut $crate::json::Writer) -> bool {
                use $crate::codec::Field;
                let rt: Option<&'static str> = $rt;
                let m = w.mark();
                w.begin_object();
                let start = w.len();
                if let Some(rt) = rt {
                    w.key("resourceType");
                    w.string(rt);
                }
                $( Field::encode(&self.$f, $json, concat!("\"", $json, "\":"), w); )*
                for (k, v) in &self.unknown {
                    w.key_escaped(k);
                    v.write(w);
                }
                if w.len() == start {
                    w.reset(m);
                    false
                } else {
                    w.end_object();
                    true
                }
            }

            fn validate(&self, v: &mut $crate::validate::Validator) {
                $crate::codec::fhir_struct!(@validate $kind self v {
                    use $crate::codec::Field;
                    $(
                        {
                            let min: usize = 0 $( + $min )?;
                            let bind: Option<&'static [&'static str]> = None $( .or(Some($vs)) )?;
                            Field::validate(&self.$f, $json, min, bind, v);
                        }
                    )*
                    for (k, j) in &self.unknown {
                        v.at(k, |v| {
                            v.error("structure", "unknown element (kept in lenient mode)".into());
                            v.note_json_refs(j);
                        });
                    }
                    $( $inv(self, v); )?
                });
            }
        }
    };
    (@validate element $s:ident $v:ident { $($body:tt)* }) => {{ $($body)* }};
    (@validate extension $s:ident $v:ident { $($body:tt)* }) => {{ $($body)* }};
    (@decode element $s:ident $r:ident) => { Self::decode_fill($s, $r) };
    (@decode domain $s:ident $r:ident) => { Self::decode_fill($s, $r) };
    (@decode extension $s:ident $r:ident) => {{
        $r.ext_depth += 1;
        if $r.ext_depth > $r.opts.limits.max_extension_depth {
            return Err($r.limit("max_extension_depth", $r.opts.limits.max_extension_depth));
        }
        let res = Self::decode_fill($s, $r);
        $r.ext_depth -= 1;
        res
    }};
    (@validate domain $s:ident $v:ident { $($body:tt)* }) => {{
        let ids: Vec<Option<String>> = $s.contained.iter().map(|c| c.resource_id().map(str::to_owned)).collect();
        $v.domain_resource(ids, $s.meta.as_ref(), |$v| { $($body)* });
    }};
}
pub(crate) use fhir_struct;

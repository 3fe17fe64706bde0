//! Validation: the rules JSON decoding does not check, each problem reported with its
//! FHIRPath-like location (FHIR R5 validation.html): required elements and cardinalities,
//! required-binding value sets, lexical forms of primitives, reference formats and the
//! invariants that matter for imaging (DICOM UIDs, Endpoint address, Bundle rules).
#![allow(
    unreachable_pub,
    reason = "sealed internals: public in a private module"
)]

use crate::{Json, Version};
use std::fmt;

/// How bad an [`Issue`] is (FHIR R5 valueset-issue-severity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Severity {
    /// `error`: the resource is invalid.
    Error,
    /// `warning`: valid, but probably not what was meant.
    Warning,
}

impl Severity {
    /// The FHIR code.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One validation problem: where, what, and its FHIR issue-type code.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Issue {
    /// Error or warning.
    pub severity: Severity,
    /// The FHIR issue-type code (`required`, `value`, `code-invalid`, `invariant`, `structure`).
    pub code: &'static str,
    /// FHIRPath-like location: `ImagingStudy.series[0].instance[2].uid`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} ({}): {}",
            self.path,
            self.severity.as_str(),
            self.code,
            self.message
        )
    }
}

/// Walks a resource collecting [`Issue`]s.
#[derive(Debug)]
pub struct Validator {
    pub(crate) issues: Vec<Issue>,
    path: String,
    pub(crate) version: Version,
    frames: Vec<Frame>,
}

impl Validator {
    pub(crate) fn new(version: Version, root: &str) -> Self {
        Validator {
            issues: Vec::new(),
            path: root.to_owned(),
            version,
            frames: Vec::new(),
        }
    }

    /// Run `f` at `.name`.
    pub fn at(&mut self, name: &str, f: impl FnOnce(&mut Validator)) {
        let len = self.path.len();
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(name);
        f(self);
        self.path.truncate(len);
    }

    /// Run `f` at `.basesuffix` (choice elements).
    pub fn at2(&mut self, base: &str, suffix: &str, f: impl FnOnce(&mut Validator)) {
        let len = self.path.len();
        self.path.push('.');
        self.path.push_str(base);
        self.path.push_str(suffix);
        f(self);
        self.path.truncate(len);
    }

    /// Run `f` at `.name[i]`.
    pub fn at_index(&mut self, name: &str, i: usize, f: impl FnOnce(&mut Validator)) {
        let len = self.path.len();
        self.path.push('.');
        self.path.push_str(name);
        self.path.push('[');
        self.path.push_str(&i.to_string());
        self.path.push(']');
        f(self);
        self.path.truncate(len);
    }

    /// An error at the current path.
    pub fn error(&mut self, code: &'static str, message: String) {
        self.issues.push(Issue {
            severity: Severity::Error,
            code,
            path: self.path.clone(),
            message,
        });
    }

    /// A warning at the current path.
    pub fn warning(&mut self, code: &'static str, message: String) {
        self.issues.push(Issue {
            severity: Severity::Warning,
            code,
            path: self.path.clone(),
            message,
        });
    }

    /// The element at the current path is required and missing.
    pub fn required(&mut self) {
        self.error(
            "required",
            "missing required element (minimum cardinality 1)".into(),
        );
    }

    /// Whether the current path is a contained resource (`...contained[i]`).
    pub(crate) fn in_contained(&self) -> bool {
        self.path
            .rsplit('.')
            .next()
            .is_some_and(|last| last.starts_with("contained["))
    }

    /// A DomainResource (FHIR R4/R5 domainresource.html, invariants dom-2 to dom-5).
    ///
    /// At a resource that is not itself contained, `f` validates its content with a
    /// [`Frame`] of its contained resources: `#id` references resolve against them
    /// (references.html#contained) and every local reference met on the way is noted. Then
    /// dom-3 ("If the resource is contained in another resource, it SHALL be referred to from
    /// elsewhere in the resource or SHALL refer to the containing resource") is checked for
    /// each contained resource: some `#id` naming it anywhere in the resource (its elements,
    /// extensions, the other contained resources), or a `#` inside it. A contained resource
    /// without an id can only meet the second form.
    ///
    /// At a contained resource: dom-2 (no nested contained resources), dom-4 (no
    /// `meta.versionId`, no `meta.lastUpdated`) and dom-5 (no `meta.security`).
    pub fn domain_resource(
        &mut self,
        ids: Vec<Option<String>>,
        meta: Option<&crate::Meta>,
        f: impl FnOnce(&mut Validator),
    ) {
        if self.in_contained() {
            if !ids.is_empty() {
                self.error(
                    "invariant",
                    "dom-2: a contained resource SHALL NOT contain additional contained resources"
                        .into(),
                );
            }
            if let Some(m) = meta {
                self.contained_meta(
                    m.version_id.is_some(),
                    m.last_updated.is_some(),
                    !m.security.is_empty(),
                );
            }
            f(self);
        } else {
            let n = ids.len();
            self.frames.push(Frame {
                base_len: self.path.len(),
                ids,
                referenced: vec![false; n],
                refers_container: vec![false; n],
            });
            f(self);
            if let Some(frame) = self.frames.pop() {
                for (i, id) in frame.ids.iter().enumerate() {
                    let ok = frame.referenced.get(i).copied().unwrap_or(false)
                        || frame.refers_container.get(i).copied().unwrap_or(false);
                    if !ok {
                        let msg = match id {
                            Some(id) => format!(
                                "dom-3: contained resource `{id}` is not referenced (`#{id}`) from elsewhere in the resource and does not refer to the containing resource (`#`)"
                            ),
                            None => "dom-3: contained resource without an id does not refer to the containing resource (`#`), and nothing can refer to it".into(),
                        };
                        self.at_index("contained", i, |v| v.error("invariant", msg));
                    }
                }
            }
        }
    }

    /// dom-4 and dom-5 for a contained resource's `meta` (FHIR R4/R5 domainresource.html).
    pub(crate) fn contained_meta(&mut self, version_id: bool, last_updated: bool, security: bool) {
        for (present, name, rule) in [
            (
                version_id,
                "versionId",
                "dom-4: a contained resource SHALL NOT have a meta.versionId",
            ),
            (
                last_updated,
                "lastUpdated",
                "dom-4: a contained resource SHALL NOT have a meta.lastUpdated",
            ),
            (
                security,
                "security",
                "dom-5: a contained resource SHALL NOT have a security label",
            ),
        ] {
            if present {
                self.at("meta", |v| {
                    v.at(name, |v| v.error("invariant", rule.into()))
                });
            }
        }
    }

    /// Whether `#id` names a contained resource of the enclosing resource.
    pub(crate) fn resolves_contained(&self, id: &str) -> bool {
        id.is_empty()
            || self
                .frames
                .last()
                .is_some_and(|f| f.ids.iter().any(|c| c.as_deref() == Some(id)))
    }

    /// Note a local reference `#target` met at the current path (a `Reference.reference`, or
    /// a `canonical`, `uri` or `url` value, as dom-3's FHIRPath counts them): `#id` marks the
    /// contained resources with that id as referenced; `#` (empty target) inside contained
    /// resource `i` marks it as referring to its container.
    pub(crate) fn note_local_ref(&mut self, target: &str) {
        let Some(frame) = self.frames.last_mut() else {
            return;
        };
        if target.is_empty() {
            let index = self
                .path
                .get(frame.base_len..)
                .and_then(|rest| rest.strip_prefix(".contained["))
                .and_then(|rest| rest.split_once(']'))
                .and_then(|(i, _)| i.parse::<usize>().ok());
            if let Some(slot) = index.and_then(|i| frame.refers_container.get_mut(i)) {
                *slot = true;
            }
        } else {
            for (id, seen) in frame.ids.iter().zip(frame.referenced.iter_mut()) {
                if id.as_deref() == Some(target) {
                    *seen = true;
                }
            }
        }
    }

    /// Note the local references in JSON this crate keeps untyped (lenient `unknown`
    /// members, resources kept as [`OtherResource`](crate::OtherResource), datatypes kept as
    /// [`Json`]): their types are unknown, so every string that starts with `#` counts, as
    /// if it were a reference (lenient: an untyped `#` string can only make dom-3 pass).
    pub(crate) fn note_json_refs(&mut self, json: &Json) {
        if self.frames.is_empty() {
            return;
        }
        let mut stack = vec![json];
        while let Some(j) = stack.pop() {
            match j {
                Json::String(s) => {
                    if let Some(target) = s.strip_prefix('#') {
                        self.note_local_ref(target);
                    }
                }
                Json::Array(items) => stack.extend(items.iter()),
                Json::Object(members) => stack.extend(members.iter().map(|(_, v)| v)),
                Json::Null | Json::Bool(_) | Json::Number(_) => {}
            }
        }
    }
}

/// The contained resources of the DomainResource being validated, for `#id` resolution and
/// dom-3.
#[derive(Debug)]
struct Frame {
    /// Length of the validator's path at the containing resource.
    base_len: usize,
    /// Each contained resource's id, in order.
    ids: Vec<Option<String>>,
    /// Contained resource `i` is named by some `#id` in the resource.
    referenced: Vec<bool>,
    /// Contained resource `i` holds a `#` reference to its container.
    refers_container: Vec<bool>,
}

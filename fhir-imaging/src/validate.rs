//! Validation: the rules JSON decoding does not check, each problem reported with its
//! FHIRPath-like location (FHIR R5 validation.html): required elements and cardinalities,
//! required-binding value sets, lexical forms of primitives, reference formats and the
//! invariants that matter for imaging (DICOM UIDs, Endpoint address, Bundle rules).
#![allow(
    unreachable_pub,
    reason = "sealed internals: public in a private module"
)]

use crate::Version;
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
    contained_ids: Vec<Vec<String>>,
}

impl Validator {
    pub(crate) fn new(version: Version, root: &str) -> Self {
        Validator {
            issues: Vec::new(),
            path: root.to_owned(),
            version,
            contained_ids: Vec::new(),
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

    fn in_contained(&self) -> bool {
        self.path
            .rsplit('.')
            .next()
            .is_some_and(|last| last.starts_with("contained["))
    }

    /// A DomainResource: dom-2 (no nested contained), and `#id` references resolve against
    /// its contained resources (FHIR R5 references.html#contained).
    pub fn domain_resource(
        &mut self,
        ids: Vec<String>,
        has_contained: bool,
        f: impl FnOnce(&mut Validator),
    ) {
        if self.in_contained() {
            if has_contained {
                self.error(
                    "invariant",
                    "dom-2: a contained resource SHALL NOT contain additional contained resources"
                        .into(),
                );
            }
            f(self);
        } else {
            self.contained_ids.push(ids);
            f(self);
            self.contained_ids.pop();
        }
    }

    /// Whether `#id` names a contained resource of the enclosing resource.
    pub(crate) fn resolves_contained(&self, id: &str) -> bool {
        id.is_empty()
            || self
                .contained_ids
                .last()
                .is_some_and(|ids| ids.iter().any(|c| c == id))
    }
}

//! The FHIR datatypes the imaging resources use ([FHIR R5 datatypes.html][d]), shared by R4
//! and R5 where they agree; the few R5-only elements are marked and refused when decoding R4.
//!
//! [d]: https://hl7.org/fhir/R5/datatypes.html

use crate::codec::{fhir_choice, fhir_struct};
use crate::validate::Validator;
use crate::{
    Base64Binary, Boolean, Canonical, Code, Date, DateTime, Decimal, DecimalValue, Id, Instant,
    Integer, Integer64, Json, Markdown, Oid, PositiveInt, Time, UnsignedInt, Uri, Url, Uuid,
    Version, Xhtml,
};

/// A FHIR `string` primitive.
pub type FhirString = crate::Prim<crate::primitive::kind::String>;

/// FHIR R5 valueset-identifier-use (required).
pub const IDENTIFIER_USE: &[&str] = &["usual", "official", "temp", "secondary", "old"];
/// FHIR R5 valueset-name-use (required).
pub const NAME_USE: &[&str] = &[
    "usual",
    "official",
    "temp",
    "nickname",
    "anonymous",
    "old",
    "maiden",
];
/// FHIR R5 valueset-contact-point-system (required).
pub const CONTACT_POINT_SYSTEM: &[&str] =
    &["phone", "fax", "email", "pager", "url", "sms", "other"];
/// FHIR R5 valueset-contact-point-use (required).
pub const CONTACT_POINT_USE: &[&str] = &["home", "work", "temp", "old", "mobile"];
/// FHIR R5 valueset-address-use (required).
pub const ADDRESS_USE: &[&str] = &["home", "work", "temp", "old", "billing"];
/// FHIR R5 valueset-address-type (required).
pub const ADDRESS_TYPE: &[&str] = &["postal", "physical", "both"];
/// FHIR R5 valueset-narrative-status (required).
pub const NARRATIVE_STATUS: &[&str] = &["generated", "extensions", "additional", "empty"];
/// FHIR R5 valueset-quantity-comparator (required; `ad` is R5 only).
pub const QUANTITY_COMPARATOR: &[&str] = &["<", "<=", ">=", ">", "ad"];
/// FHIR R5 valueset-days-of-week (required).
pub const DAYS_OF_WEEK: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/// FHIR R5 valueset-units-of-time (required).
pub const UNITS_OF_TIME: &[&str] = &["s", "min", "h", "d", "wk", "mo", "a"];

fhir_struct! {
    /// The `_name` partner of a primitive: its id and extensions (FHIR R5 json.html §2.6.2).
    pub struct PrimitiveElement : element "Element" {}
}

fhir_struct! {
    /// An extension ([FHIR R5 extensibility.html](https://hl7.org/fhir/R5/extensibility.html)).
    pub struct Extension : extension "Extension", invariants = ext_invariants {
        /// Identifies the meaning of the extension (1..1).
        pub url: Option<Uri> = "url" min 1;
        /// Value of extension (`value[x]`).
        pub value: Option<ExtensionValue> = "value";
    }
}

impl Extension {
    /// An extension with a URL and a value.
    pub fn new(url: impl Into<String>, value: ExtensionValue) -> Self {
        Extension {
            url: Some(Uri::new(url.into())),
            value: Some(value),
            ..Default::default()
        }
    }
}

fn ext_invariants(e: &Extension, v: &mut Validator) {
    if e.value.is_some() != e.extension.is_empty() {
        v.error(
            "invariant",
            "ext-1: an extension SHALL have either extensions or value[x], not both".into(),
        );
    }
}

fhir_choice! {
    /// `Extension.value[x]`: every FHIR datatype; those this crate does not model are kept as
    /// [`Json`].
    pub enum ExtensionValue {
        /// base64Binary
        Base64Binary(Base64Binary) = "Base64Binary",
        /// boolean
        Boolean(Boolean) = "Boolean",
        /// canonical
        Canonical(Canonical) = "Canonical",
        /// code
        Code(Code) = "Code",
        /// date
        Date(Date) = "Date",
        /// dateTime
        DateTime(DateTime) = "DateTime",
        /// decimal
        Decimal(Decimal) = "Decimal",
        /// id
        Id(Id) = "Id",
        /// instant
        Instant(Instant) = "Instant",
        /// integer
        Integer(Integer) = "Integer",
        /// integer64 (R5)
        Integer64(Integer64) = "Integer64" since R5,
        /// markdown
        Markdown(Markdown) = "Markdown",
        /// oid
        Oid(Oid) = "Oid",
        /// positiveInt
        PositiveInt(PositiveInt) = "PositiveInt",
        /// string
        String(FhirString) = "String",
        /// time
        Time(Time) = "Time",
        /// unsignedInt
        UnsignedInt(UnsignedInt) = "UnsignedInt",
        /// uri
        Uri(Uri) = "Uri",
        /// url
        Url(Url) = "Url",
        /// uuid
        Uuid(Uuid) = "Uuid",
        /// Address
        Address(Address) = "Address",
        /// Age
        Age(Quantity) = "Age",
        /// Annotation
        Annotation(Annotation) = "Annotation",
        /// Attachment
        Attachment(Attachment) = "Attachment",
        /// CodeableConcept
        CodeableConcept(CodeableConcept) = "CodeableConcept",
        /// CodeableReference (R5)
        CodeableReference(CodeableReference) = "CodeableReference" since R5,
        /// Coding
        Coding(Coding) = "Coding",
        /// ContactPoint
        ContactPoint(ContactPoint) = "ContactPoint",
        /// Count
        Count(Quantity) = "Count",
        /// Distance
        Distance(Quantity) = "Distance",
        /// Duration
        Duration(Quantity) = "Duration",
        /// HumanName
        HumanName(HumanName) = "HumanName",
        /// Identifier
        Identifier(Identifier) = "Identifier",
        /// Money
        Money(Money) = "Money",
        /// Period
        Period(Period) = "Period",
        /// Quantity
        Quantity(Quantity) = "Quantity",
        /// Range
        Range(Range) = "Range",
        /// Ratio
        Ratio(Ratio) = "Ratio",
        /// RatioRange (R5)
        RatioRange(RatioRange) = "RatioRange" since R5,
        /// Reference
        Reference(Reference) = "Reference",
        /// Timing
        Timing(Timing) = "Timing",
        /// Meta
        Meta(Meta) = "Meta",
        /// SampledData (kept as JSON)
        SampledData(Json) = "SampledData",
        /// Signature (kept as JSON)
        Signature(Json) = "Signature",
        /// ContactDetail (kept as JSON)
        ContactDetail(Json) = "ContactDetail",
        /// Contributor (R4, kept as JSON)
        Contributor(Json) = "Contributor" since R4,
        /// DataRequirement (kept as JSON)
        DataRequirement(Json) = "DataRequirement",
        /// Expression (kept as JSON)
        Expression(Json) = "Expression",
        /// ParameterDefinition (kept as JSON)
        ParameterDefinition(Json) = "ParameterDefinition",
        /// RelatedArtifact (kept as JSON)
        RelatedArtifact(Json) = "RelatedArtifact",
        /// TriggerDefinition (kept as JSON)
        TriggerDefinition(Json) = "TriggerDefinition",
        /// UsageContext (kept as JSON)
        UsageContext(Json) = "UsageContext",
        /// Dosage (kept as JSON)
        Dosage(Json) = "Dosage",
        /// Availability (R5, kept as JSON)
        Availability(Json) = "Availability" since R5,
        /// ExtendedContactDetail (R5, kept as JSON)
        ExtendedContactDetail(Json) = "ExtendedContactDetail" since R5,
    }
}

fhir_struct! {
    /// Metadata about a resource (FHIR R5 resource.html#Meta).
    pub struct Meta : element "Meta" {
        /// Version specific identifier.
        pub version_id: Option<Id> = "versionId";
        /// When the resource version last changed.
        pub last_updated: Option<Instant> = "lastUpdated";
        /// Identifies where the resource comes from.
        pub source: Option<Uri> = "source";
        /// Profiles this resource claims to conform to.
        pub profile: Vec<Canonical> = "profile";
        /// Security labels applied to this resource.
        pub security: Vec<Coding> = "security";
        /// Tags applied to this resource.
        pub tag: Vec<Coding> = "tag";
    }
}

fhir_struct! {
    /// Human-readable summary of the resource (FHIR R5 narrative.html).
    pub struct Narrative : element "Narrative" {
        /// generated | extensions | additional | empty (1..1).
        pub status: Option<Code> = "status" min 1 bind NARRATIVE_STATUS;
        /// Limited xhtml content (1..1).
        pub div: Option<Xhtml> = "div" min 1;
    }
}

impl Narrative {
    /// A generated narrative from an XHTML `<div>`.
    pub fn generated(div: impl Into<String>) -> Self {
        Narrative {
            status: Some("generated".into()),
            div: Some(Xhtml::new(div.into())),
            ..Default::default()
        }
    }
}

fhir_struct! {
    /// An identifier intended for computation (FHIR R5 datatypes.html#Identifier).
    pub struct Identifier : element "Identifier" {
        /// usual | official | temp | secondary | old.
        pub r#use: Option<Code> = "use" bind IDENTIFIER_USE;
        /// Description of identifier (e.g. `ACSN` for an accession number).
        pub r#type: Option<CodeableConcept> = "type";
        /// The namespace for the identifier value.
        pub system: Option<Uri> = "system";
        /// The value that is unique.
        pub value: Option<FhirString> = "value";
        /// Time period when id is/was valid for use.
        pub period: Option<Period> = "period";
        /// Organization that issued id.
        pub assigner: Option<Box<Reference>> = "assigner";
    }
}

impl Identifier {
    /// An identifier with a system and a value.
    pub fn new(system: impl Into<String>, value: impl Into<String>) -> Self {
        Identifier {
            system: Some(Uri::new(system.into())),
            value: Some(FhirString::new(value.into())),
            ..Default::default()
        }
    }

    /// An accession number: type `v2-0203#ACSN` (FHIR R4 ImagingStudy "accession").
    pub fn accession(system: impl Into<String>, value: impl Into<String>) -> Self {
        let mut id = Identifier::new(system, value);
        id.r#type = Some(CodeableConcept::from_coding(Coding::new(
            "http://terminology.hl7.org/CodeSystem/v2-0203",
            "ACSN",
        )));
        id
    }
}

fhir_struct! {
    /// A reference to a code defined by a terminology system (FHIR R5 datatypes.html#Coding).
    pub struct Coding : element "Coding" {
        /// Identity of the terminology system.
        pub system: Option<Uri> = "system";
        /// Version of the system.
        pub version: Option<FhirString> = "version";
        /// Symbol in syntax defined by the system.
        pub code: Option<Code> = "code";
        /// Representation defined by the system.
        pub display: Option<FhirString> = "display";
        /// If this coding was chosen directly by the user.
        pub user_selected: Option<Boolean> = "userSelected";
    }
}

impl Coding {
    /// A coding with a system and a code.
    pub fn new(system: impl Into<String>, code: impl Into<String>) -> Self {
        Coding {
            system: Some(Uri::new(system.into())),
            code: Some(Code::new(code.into())),
            ..Default::default()
        }
    }

    /// A DICOM code (system `http://dicom.nema.org/resources/ontology/DCM`), e.g. a modality `CT`.
    pub fn dicom(code: impl Into<String>) -> Self {
        Coding::new("http://dicom.nema.org/resources/ontology/DCM", code)
    }

    /// Set the display text.
    pub fn with_display(mut self, display: impl Into<String>) -> Self {
        self.display = Some(FhirString::new(display.into()));
        self
    }
}

fhir_struct! {
    /// A concept given by codings and/or text (FHIR R5 datatypes.html#CodeableConcept).
    pub struct CodeableConcept : element "CodeableConcept" {
        /// Code defined by a terminology system.
        pub coding: Vec<Coding> = "coding";
        /// Plain text representation of the concept.
        pub text: Option<FhirString> = "text";
    }
}

impl CodeableConcept {
    /// A concept with one coding.
    pub fn from_coding(coding: Coding) -> Self {
        CodeableConcept {
            coding: vec![coding],
            ..Default::default()
        }
    }

    /// A concept given as text only.
    pub fn from_text(text: impl Into<String>) -> Self {
        CodeableConcept {
            text: Some(FhirString::new(text.into())),
            ..Default::default()
        }
    }
}

fhir_struct! {
    /// A reference to a concept or a resource (R5; FHIR R5 references.html#CodeableReference).
    pub struct CodeableReference : element "CodeableReference" {
        /// Reference to a concept.
        pub concept: Option<CodeableConcept> = "concept";
        /// Reference to a resource.
        pub reference: Option<Reference> = "reference";
    }
}

fhir_struct! {
    /// A reference from one resource to another (FHIR R5 references.html#Reference).
    pub struct Reference : element "Reference", invariants = reference_invariants {
        /// Literal reference: relative (`Patient/123`), absolute URL, `urn:uuid:`, or `#contained`.
        pub reference: Option<FhirString> = "reference";
        /// Type the reference refers to (e.g. `Patient`).
        pub r#type: Option<Uri> = "type";
        /// Logical reference, when literal reference is not known.
        pub identifier: Option<Box<Identifier>> = "identifier";
        /// Text alternative for the resource.
        pub display: Option<FhirString> = "display";
    }
}

impl Reference {
    /// A literal reference (`Patient/123`, `urn:uuid:...`, `#contained-id`, an absolute URL).
    pub fn new(reference: impl Into<String>) -> Self {
        Reference {
            reference: Some(FhirString::new(reference.into())),
            ..Default::default()
        }
    }

    /// A logical reference by identifier.
    pub fn to_identifier(identifier: Identifier) -> Self {
        Reference {
            identifier: Some(Box::new(identifier)),
            ..Default::default()
        }
    }
}

/// Check a literal reference's form (FHIR R5 references.html#literal).
pub(crate) fn check_reference(r: &str, version: Version) -> Result<Option<&str>, &'static str> {
    if let Some(id) = r.strip_prefix('#') {
        return Ok(Some(id));
    }
    if r.chars().any(char::is_whitespace) {
        return Err("a reference contains no whitespace");
    }
    if r.starts_with("urn:") {
        return if r.starts_with("urn:uuid:") || r.starts_with("urn:oid:") {
            Ok(None)
        } else {
            Err("a urn reference is urn:uuid: or urn:oid:")
        };
    }
    if let Some((scheme, _)) = r.split_once(':')
        && !scheme.is_empty()
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    {
        return Ok(None);
    }
    // Relative: Type/id or Type/id/_history/vid; a conditional reference Type?query is allowed too.
    let (path, _query) = r.split_once('?').unwrap_or((r, ""));
    let parts: Vec<&str> = path.split('/').collect();
    let type_ok = parts
        .first()
        .is_some_and(|t| crate::resource::is_resource_type(t, version));
    let id_ok = |s: &str| {
        !s.is_empty()
            && s.len() <= 64
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
    };
    let ok = match parts.as_slice() {
        [_, id] => id_ok(id),
        [_, id, "_history", vid] => id_ok(id) && id_ok(vid),
        [_] => r.contains('?'),
        _ => false,
    };
    if type_ok && ok {
        Ok(None)
    } else {
        Err("not a valid reference (Type/id, an absolute URL, urn:uuid:/urn:oid:, or #contained)")
    }
}

/// The resource type a literal reference names: `Type/id`, `Type/id/_history/vid`, or an
/// absolute URL ending in one of those (FHIR R5 references.html#literal); `None` for
/// `#contained`, `urn:` and conditional references, which name no type in their text.
pub(crate) fn reference_type(r: &str, version: Version) -> Option<&str> {
    if r.starts_with('#') || r.starts_with("urn:") || r.contains('?') {
        return None;
    }
    let mut parts = r.rsplit('/');
    let last = parts.next()?;
    let before = parts.next()?;
    let ty = if before == "_history" {
        parts.next()?;
        parts.next()?
    } else {
        let _ = last;
        before
    };
    crate::resource::is_resource_type(ty, version).then_some(ty)
}

/// Check that a reference targets one of the resource types its element allows (the
/// `Reference(A | B)` of the element's definition), through its literal `reference` and its
/// `type` (FHIR R5 references.html "the type of the target resource": `type` is the type name
/// or the URL of its definition). References whose text names no type (`#contained`, `urn:`,
/// logical references by identifier) are not checked.
pub(crate) fn check_reference_targets(
    r: &Reference,
    allowed: &'static [&'static str],
    v: &mut Validator,
) {
    let version = v.version;
    if let Some(ty) = r
        .reference
        .as_ref()
        .and_then(|p| p.as_str())
        .and_then(|text| reference_type(text, version))
        && !allowed.contains(&ty)
    {
        let msg = format!(
            "a reference to {ty} is not allowed here (Reference({}))",
            allowed.join(" | ")
        );
        v.at("reference", |v| v.error("invalid", msg));
    }
    if let Some(t) = r.r#type.as_ref().and_then(|p| p.as_str()) {
        let name = t
            .strip_prefix("http://hl7.org/fhir/StructureDefinition/")
            .unwrap_or(t);
        if crate::resource::is_resource_type(name, version) && !allowed.contains(&name) {
            let msg = format!(
                "type {name} is not allowed here (Reference({}))",
                allowed.join(" | ")
            );
            v.at("type", |v| v.error("invalid", msg));
        }
    }
}

/// [`check_reference_targets`] for an optional reference element `name`.
pub(crate) fn check_target(
    r: Option<&Reference>,
    name: &'static str,
    allowed: &'static [&'static str],
    v: &mut Validator,
) {
    if let Some(r) = r {
        v.at(name, |v| check_reference_targets(r, allowed, v));
    }
}

/// [`check_reference_targets`] for a repeating reference element `name`.
pub(crate) fn check_targets(
    rs: &[Reference],
    name: &'static str,
    allowed: &'static [&'static str],
    v: &mut Validator,
) {
    for (i, r) in rs.iter().enumerate() {
        v.at_index(name, i, |v| check_reference_targets(r, allowed, v));
    }
}

fn reference_invariants(r: &Reference, v: &mut Validator) {
    if let Some(text) = r.reference.as_ref().and_then(|p| p.as_str()) {
        match check_reference(text, v.version) {
            Err(why) => v.at("reference", |v| {
                v.error("invalid", format!("{why}: `{text}`"))
            }),
            Ok(Some(id)) => {
                v.note_local_ref(id);
                if !v.resolves_contained(id) {
                    v.at("reference", |v| {
                        v.error(
                            "invariant",
                            format!("ref-1: `#{id}` does not resolve to a contained resource"),
                        )
                    });
                }
            }
            Ok(None) => {}
        }
    }
    if v.version == Version::R5
        && r.reference.is_none()
        && r.identifier.is_none()
        && r.display.is_none()
        && r.extension.is_empty()
    {
        v.error(
            "invariant",
            "ref-2: at least one of reference, identifier and display SHALL be present".into(),
        );
    }
}

fhir_struct! {
    /// A time period (FHIR R5 datatypes.html#Period).
    pub struct Period : element "Period" {
        /// Starting time with inclusive boundary.
        pub start: Option<DateTime> = "start";
        /// End time with inclusive boundary, if not ongoing.
        pub end: Option<DateTime> = "end";
    }
}

fhir_struct! {
    /// A measured amount (FHIR R5 datatypes.html#Quantity); also Age, Count, Distance,
    /// Duration, SimpleQuantity.
    pub struct Quantity : element "Quantity", invariants = quantity_invariants {
        /// Numerical value (with implicit precision, kept as written).
        pub value: Option<Decimal> = "value";
        /// `<` | `<=` | `>=` | `>` | `ad` (R5) - how to understand the value.
        pub comparator: Option<Code> = "comparator" bind QUANTITY_COMPARATOR;
        /// Unit representation.
        pub unit: Option<FhirString> = "unit";
        /// System that defines coded unit form.
        pub system: Option<Uri> = "system";
        /// Coded form of the unit.
        pub code: Option<Code> = "code";
    }
}

impl Quantity {
    /// A UCUM quantity.
    pub fn ucum(value: DecimalValue, code: impl Into<String>) -> Self {
        let code = code.into();
        Quantity {
            value: Some(Decimal::new(value)),
            unit: Some(FhirString::new(code.clone())),
            system: Some(Uri::new("http://unitsofmeasure.org".to_owned())),
            code: Some(Code::new(code)),
            ..Default::default()
        }
    }
}

fn quantity_invariants(q: &Quantity, v: &mut Validator) {
    if q.code.is_some() && q.system.is_none() {
        v.error(
            "invariant",
            "qty-3: if a code for the unit is present, the system SHALL also be present".into(),
        );
    }
}

fhir_struct! {
    /// Set of values bounded by low and high (FHIR R5 datatypes.html#Range).
    pub struct Range : element "Range" {
        /// Low limit.
        pub low: Option<Quantity> = "low";
        /// High limit.
        pub high: Option<Quantity> = "high";
    }
}

fhir_struct! {
    /// A ratio of two quantities (FHIR R5 datatypes.html#Ratio).
    pub struct Ratio : element "Ratio" {
        /// Numerator value.
        pub numerator: Option<Quantity> = "numerator";
        /// Denominator value.
        pub denominator: Option<Quantity> = "denominator";
    }
}

fhir_struct! {
    /// Range of ratio values (R5; FHIR R5 datatypes.html#RatioRange).
    pub struct RatioRange : element "RatioRange" {
        /// Low numerator limit.
        pub low_numerator: Option<Quantity> = "lowNumerator";
        /// High numerator limit.
        pub high_numerator: Option<Quantity> = "highNumerator";
        /// Denominator value.
        pub denominator: Option<Quantity> = "denominator";
    }
}

fhir_struct! {
    /// An amount of money (FHIR R5 datatypes.html#Money).
    pub struct Money : element "Money" {
        /// Numerical value (with implicit precision).
        pub value: Option<Decimal> = "value";
        /// ISO 4217 currency code.
        pub currency: Option<Code> = "currency";
    }
}

fhir_struct! {
    /// Content in a format defined elsewhere (FHIR R5 datatypes.html#Attachment).
    pub struct Attachment : element "Attachment", invariants = attachment_invariants {
        /// Mime type of the content, with charset etc.
        pub content_type: Option<Code> = "contentType";
        /// Human language of the content (BCP-47).
        pub language: Option<Code> = "language";
        /// Data inline, base64ed.
        pub data: Option<Base64Binary> = "data";
        /// Uri where the data can be found.
        pub url: Option<Url> = "url";
        /// Number of bytes of content (R4 unsignedInt, R5 integer64; kept as digits).
        pub size: Option<crate::Prim<crate::primitive::kind::AttachmentSize>> = "size";
        /// Hash of the data (sha-1, base64ed).
        pub hash: Option<Base64Binary> = "hash";
        /// Label to display in place of the data.
        pub title: Option<FhirString> = "title";
        /// Date attachment was first created.
        pub creation: Option<DateTime> = "creation";
        /// Height of the image in pixels (R5).
        pub height: Option<PositiveInt> = "height" since R5;
        /// Width of the image in pixels (R5).
        pub width: Option<PositiveInt> = "width" since R5;
        /// Number of frames if > 1 (R5).
        pub frames: Option<PositiveInt> = "frames" since R5;
        /// Length in seconds (R5).
        pub duration: Option<Decimal> = "duration" since R5;
        /// Number of printed pages (R5).
        pub pages: Option<PositiveInt> = "pages" since R5;
    }
}

impl Attachment {
    /// An attachment by URL with its media type.
    pub fn new(content_type: impl Into<String>, url: impl Into<String>) -> Self {
        Attachment {
            content_type: Some(Code::new(content_type.into())),
            url: Some(Url::new(url.into())),
            ..Default::default()
        }
    }
}

fn attachment_invariants(a: &Attachment, v: &mut Validator) {
    if a.data.is_some() && a.content_type.is_none() {
        v.error(
            "invariant",
            "att-1: if the Attachment has data, it SHALL have a contentType".into(),
        );
    }
}

fhir_choice! {
    /// `Annotation.author[x]`.
    pub enum AnnotationAuthor {
        /// Individual responsible for the annotation.
        Reference(Reference) = "Reference",
        /// Name of the author.
        String(FhirString) = "String",
    }
}

fhir_struct! {
    /// Text node with attribution (FHIR R5 datatypes.html#Annotation).
    pub struct Annotation : element "Annotation" {
        /// Individual responsible for the annotation (`author[x]`).
        pub author: Option<AnnotationAuthor> = "author";
        /// When the annotation was made.
        pub time: Option<DateTime> = "time";
        /// The annotation - text content (1..1, markdown).
        pub text: Option<Markdown> = "text" min 1;
    }
}

impl Annotation {
    /// A note with markdown text.
    pub fn new(text: impl Into<String>) -> Self {
        Annotation {
            text: Some(Markdown::new(text.into())),
            ..Default::default()
        }
    }
}

fhir_struct! {
    /// Name of a human (FHIR R5 datatypes.html#HumanName).
    pub struct HumanName : element "HumanName" {
        /// usual | official | temp | nickname | anonymous | old | maiden.
        pub r#use: Option<Code> = "use" bind NAME_USE;
        /// Text representation of the full name.
        pub text: Option<FhirString> = "text";
        /// Family name (often called 'Surname').
        pub family: Option<FhirString> = "family";
        /// Given names (not always 'first'). Includes middle names.
        pub given: Vec<FhirString> = "given";
        /// Parts that come before the name.
        pub prefix: Vec<FhirString> = "prefix";
        /// Parts that come after the name.
        pub suffix: Vec<FhirString> = "suffix";
        /// Time period when name was/is in use.
        pub period: Option<Period> = "period";
    }
}

impl HumanName {
    /// A name from family and given names.
    pub fn new(family: impl Into<String>, given: impl IntoIterator<Item = String>) -> Self {
        HumanName {
            family: Some(FhirString::new(family.into())),
            given: given.into_iter().map(FhirString::new).collect(),
            ..Default::default()
        }
    }
}

fhir_struct! {
    /// Details of a technology mediated contact point (FHIR R5 datatypes.html#ContactPoint).
    pub struct ContactPoint : element "ContactPoint", invariants = contact_point_invariants {
        /// phone | fax | email | pager | url | sms | other.
        pub system: Option<Code> = "system" bind CONTACT_POINT_SYSTEM;
        /// The actual contact point details.
        pub value: Option<FhirString> = "value";
        /// home | work | temp | old | mobile.
        pub r#use: Option<Code> = "use" bind CONTACT_POINT_USE;
        /// Specify preferred order of use (1 = highest).
        pub rank: Option<PositiveInt> = "rank";
        /// Time period when the contact point was/is in use.
        pub period: Option<Period> = "period";
    }
}

fn contact_point_invariants(c: &ContactPoint, v: &mut Validator) {
    if c.value.is_some() && c.system.is_none() {
        v.error(
            "invariant",
            "cpt-2: a system is required if a value is provided".into(),
        );
    }
}

fhir_struct! {
    /// An address (FHIR R5 datatypes.html#Address).
    pub struct Address : element "Address" {
        /// home | work | temp | old | billing.
        pub r#use: Option<Code> = "use" bind ADDRESS_USE;
        /// postal | physical | both.
        pub r#type: Option<Code> = "type" bind ADDRESS_TYPE;
        /// Text representation of the address.
        pub text: Option<FhirString> = "text";
        /// Street name, number, direction & P.O. Box etc.
        pub line: Vec<FhirString> = "line";
        /// Name of city, town etc.
        pub city: Option<FhirString> = "city";
        /// District name (aka county).
        pub district: Option<FhirString> = "district";
        /// Sub-unit of country.
        pub state: Option<FhirString> = "state";
        /// Postal code for area.
        pub postal_code: Option<FhirString> = "postalCode";
        /// Country.
        pub country: Option<FhirString> = "country";
        /// Time period when address was/is in use.
        pub period: Option<Period> = "period";
    }
}

fhir_choice! {
    /// `Timing.repeat.bounds[x]`.
    pub enum TimingBounds {
        /// Length/Range of lengths.
        Duration(Quantity) = "Duration",
        /// Range of lengths.
        Range(Range) = "Range",
        /// Start and/or end limits.
        Period(Period) = "Period",
    }
}

fhir_struct! {
    /// When the event is to occur (FHIR R5 datatypes.html#Timing `repeat`).
    pub struct TimingRepeat : element "Timing.repeat" {
        /// Length/Range of lengths, or (Start and/or end) limits (`bounds[x]`).
        pub bounds: Option<TimingBounds> = "bounds";
        /// Number of times to repeat.
        pub count: Option<PositiveInt> = "count";
        /// Maximum number of times to repeat.
        pub count_max: Option<PositiveInt> = "countMax";
        /// How long when it happens.
        pub duration: Option<Decimal> = "duration";
        /// How long when it happens (Max).
        pub duration_max: Option<Decimal> = "durationMax";
        /// s | min | h | d | wk | mo | a.
        pub duration_unit: Option<Code> = "durationUnit" bind UNITS_OF_TIME;
        /// Event occurs frequency times per period.
        pub frequency: Option<PositiveInt> = "frequency";
        /// Event occurs up to frequencyMax times per period.
        pub frequency_max: Option<PositiveInt> = "frequencyMax";
        /// Event occurs frequency times per period.
        pub period: Option<Decimal> = "period";
        /// Upper limit of period (3-4 hours).
        pub period_max: Option<Decimal> = "periodMax";
        /// s | min | h | d | wk | mo | a.
        pub period_unit: Option<Code> = "periodUnit" bind UNITS_OF_TIME;
        /// mon | tue | wed | thu | fri | sat | sun.
        pub day_of_week: Vec<Code> = "dayOfWeek" bind DAYS_OF_WEEK;
        /// Time of day for action.
        pub time_of_day: Vec<Time> = "timeOfDay";
        /// Code for time period of occurrence.
        pub when: Vec<Code> = "when";
        /// Minutes from event (before or after).
        pub offset: Option<UnsignedInt> = "offset";
    }
}

fhir_struct! {
    /// A timing schedule (FHIR R5 datatypes.html#Timing).
    pub struct Timing : backbone "Timing" {
        /// When the event occurs.
        pub event: Vec<DateTime> = "event";
        /// When the event is to occur.
        pub repeat: Option<TimingRepeat> = "repeat";
        /// C | BID | TID | QID | AM | PM | QD | QOD | +.
        pub code: Option<CodeableConcept> = "code";
    }
}

/// `Json` as a complex element this crate does not model (kept as the object it is).
impl crate::codec::ObjectCodec for Json {
    fn decode(r: &mut crate::json::Reader<'_>) -> crate::json::Result<Self> {
        let start = r.pos;
        match r.json_value()? {
            Json::Object(m) if m.is_empty() => {
                Err(crate::Error::new(crate::ErrorKind::EmptyObject, start))
            }
            v @ Json::Object(_) => Ok(v),
            _ => Err(crate::Error::new(
                crate::ErrorKind::WrongType { expected: "object" },
                start,
            )),
        }
    }
    fn encode(&self, w: &mut crate::json::Writer) -> bool {
        match self {
            Json::Object(m) if m.is_empty() => false,
            v => {
                v.write(w);
                true
            }
        }
    }
    fn validate(&self, v: &mut Validator) {
        v.note_json_refs(self);
    }
}

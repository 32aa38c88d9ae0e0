//! The intermediate representation that emitters read.
//!
//! Everything here is resolved: Rust names are made, member targets are
//! types, constraints are merged from member and target, documentation is
//! Markdown. The IR holds no JSON and nothing specific to a wire format;
//! protocol details are named ([`Protocol`], [`TimestampFormat`]) and left to
//! the emitters' protocol seam.

use std::collections::BTreeMap;

/// A whole service, ready to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct Ir {
    /// The model file as named in generated headers.
    pub source: String,
    /// The service.
    pub service: Service,
    /// Operations, sorted by name.
    pub operations: Vec<Operation>,
    /// Shared structures (`crate::types`), sorted by Rust name.
    pub structures: Vec<Structure>,
    /// String enums (`crate::types`), sorted by Rust name.
    pub enums: Vec<Enum>,
    /// Error structures (`crate::error`), sorted by Rust name.
    pub errors: Vec<Structure>,
    /// Things the user should know that did not stop generation (a pattern
    /// that cannot be enforced), each naming the shape.
    pub warnings: Vec<String>,
}

/// The service shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// The service shape's name (`PhotonAdminProxyService`).
    pub shape_name: String,
    /// The human title (`smithy.api#title`), or the SDK ID.
    pub title: String,
    /// `aws.api#service` `sdkId`.
    pub sdk_id: String,
    /// The API version.
    pub version: String,
    /// Endpoint prefix (`appstream2`).
    pub endpoint_prefix: String,
    /// SigV4 signing name (`appstream`).
    pub signing_name: String,
    /// The wire protocol.
    pub protocol: Protocol,
    /// Service documentation, Markdown.
    pub docs: String,
}

/// Wire protocols the generator knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `aws.protocols#awsJson1_0`
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`
    AwsJson1_1,
}

/// An operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The operation name as the wire knows it (`CreateFleet`).
    pub name: String,
    /// Rust module and method name (`create_fleet`), before keyword escaping.
    pub snake: String,
    /// Documentation, Markdown.
    pub docs: String,
    /// The input structure, named `<Operation>Input`.
    pub input: Structure,
    /// The output structure, named `<Operation>Output`.
    pub output: Structure,
    /// Rust names of the error structures the operation declares (its own
    /// and the service's), in model order.
    pub errors: Vec<String>,
    /// `smithy.api#paginated`, merged with the service's defaults.
    pub paginated: Option<Paginated>,
    /// `smithy.waiters#waitable`, sorted by waiter name.
    pub waiters: Vec<Waiter>,
    /// Whether the operation is `@deprecated`, with the message.
    pub deprecated: Option<Deprecated>,
}

/// What a structure is used as; decides nullability and where it is emitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructureKind {
    /// An operation input: every member is optional in Rust.
    Input,
    /// An operation output.
    Output,
    /// A structure reached through members.
    Plain,
    /// An error structure.
    Error(Fault),
}

/// Who is at fault for an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// `@error("client")`
    Client,
    /// `@error("server")`
    Server,
}

/// A structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    /// The name in the model (for messages such as validation paths), which is
    /// the Rust name for everything but operation inputs and outputs.
    pub model_name: String,
    /// The Rust type name.
    pub name: String,
    /// Module file name (`snake_case`).
    pub snake: String,
    /// What it is used as.
    pub kind: StructureKind,
    /// Documentation, Markdown.
    pub docs: String,
    /// Members in model order.
    pub members: Vec<Member>,
    /// Whether any member is `@sensitive` (the type then redacts in `Debug`).
    pub has_sensitive: bool,
    /// Whether responses carry this structure (outputs, errors, and what
    /// they reach): a required member a response leaves out then takes its
    /// zero value (Smithy's client error correction). Structures only
    /// requests carry are read strictly: a missing required member is an
    /// error naming it.
    pub lenient: bool,
}

/// How a member holds its value.
#[derive(Debug, Clone, PartialEq)]
pub enum Nullability {
    /// `Option<T>`.
    Optional,
    /// `T`; the builder fails when it is not set.
    Required,
    /// `T`, starting from the model's `@default`.
    Default(DefaultValue),
}

/// A `@default` value.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// `false`, `0`, `""`, empty list or map: the Rust type's `Default`.
    Zero,
    /// `true`.
    Bool(bool),
    /// An integer value.
    Int(i64),
    /// A floating-point value.
    Float(f64),
    /// A string (or an enum's value).
    String(String),
}

/// A structure member.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The wire name.
    pub wire_name: String,
    /// The Rust field name (escaped, `r#type`).
    pub field: String,
    /// The field name without escaping, for derived names (`set_type`).
    pub field_raw: String,
    /// Documentation, Markdown.
    pub docs: String,
    /// The member's type and the constraints that apply to it.
    pub ty: TypeUse,
    /// Whether the model says `@required`.
    pub required: bool,
    /// How Rust holds it.
    pub nullability: Nullability,
    /// Whether the member is boxed to break a cycle of structures.
    pub boxed: bool,
    /// `@sensitive`, on the member or its target.
    pub sensitive: bool,
    /// `@deprecated`.
    pub deprecated: Option<Deprecated>,
    /// `@idempotencyToken`.
    pub idempotency_token: bool,
}

impl Member {
    /// Whether the Rust field is an `Option`.
    pub fn is_optional(&self) -> bool {
        self.nullability == Nullability::Optional
    }

}

/// `@deprecated`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecated {
    /// The reason, if given.
    pub message: Option<String>,
    /// Since when, if given.
    pub since: Option<String>,
}

/// A type and the constraints on it.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeUse {
    /// The type.
    pub ty: Type,
    /// Constraints, the member's overriding its target's.
    pub constraints: Constraints,
}

/// Member and element types.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    /// UTF-8 text.
    String,
    /// `bool`.
    Boolean,
    /// `i8`.
    Byte,
    /// `i16`.
    Short,
    /// `i32`.
    Integer,
    /// `i64`.
    Long,
    /// `f32`.
    Float,
    /// `f64`.
    Double,
    /// A point in time, and how the wire writes it when the model says so.
    Timestamp(Option<TimestampFormat>),
    /// A string enum, by Rust name.
    Enum(String),
    /// A structure of `crate::types`, by Rust name.
    Structure(String),
    /// An error structure of `crate::error`, by Rust name.
    Error(String),
    /// A list.
    List(Box<TypeUse>),
    /// A map from strings (or string enums).
    Map(Box<TypeUse>, Box<TypeUse>),
}

/// `@timestampFormat` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// `epoch-seconds`
    EpochSeconds,
    /// `date-time`
    DateTime,
    /// `http-date`
    HttpDate,
}

/// Constraint traits.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    /// `@length`: characters of a string, entries of a list or map.
    pub length: Option<Bounds<u64>>,
    /// `@range`, inclusive.
    pub range: Option<Bounds<f64>>,
    /// `@pattern`, prepared for the generated crate.
    pub pattern: Option<Pattern>,
    /// `@uniqueItems`.
    pub unique_items: bool,
}

/// A `@pattern` (ECMA-262, a search: only the model's own anchors anchor it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The pattern as the model writes it.
    pub model: String,
    /// What the generated crate compiles: the model's pattern, or its
    /// translation from Java's dialect; `None` when neither compiles, in which
    /// case the constraint is not enforced and `note` says why.
    pub enforced: Option<String>,
    /// Why the enforced pattern differs from the model's, or why none is.
    pub note: Option<String>,
}

/// Inclusive bounds; either side may be open.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Bounds<T> {
    /// The minimum, if any.
    pub min: Option<T>,
    /// The maximum, if any.
    pub max: Option<T>,
}

/// An enum shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// The model name.
    pub model_name: String,
    /// The Rust type name.
    pub name: String,
    /// Module file name.
    pub snake: String,
    /// Documentation, Markdown.
    pub docs: String,
    /// Variants in model order.
    pub variants: Vec<Variant>,
}

/// An enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The Rust variant name.
    pub name: String,
    /// The value on the wire.
    pub value: String,
    /// Documentation, Markdown; says so when the name had to be changed.
    pub docs: String,
    /// `@deprecated`.
    pub deprecated: Option<Deprecated>,
}

/// `smithy.api#paginated`, resolved to member names of input and output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paginated {
    /// Input member holding the token (wire name).
    pub input_token: String,
    /// Output path of the next token (`.`-separated wire names).
    pub output_token: String,
    /// Output path of the paged items, if the model names it.
    pub items: Option<String>,
    /// Input member of the page size, if any.
    pub page_size: Option<String>,
}

/// A waiter of `smithy.waiters#waitable`.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiter {
    /// The waiter's name (`FleetStarted`).
    pub name: String,
    /// Documentation, Markdown.
    pub docs: String,
    /// Minimum delay in seconds (default 2).
    pub min_delay: u64,
    /// Maximum delay in seconds (default 120).
    pub max_delay: u64,
    /// Acceptors in model order.
    pub acceptors: Vec<Acceptor>,
}

/// A waiter acceptor.
#[derive(Debug, Clone, PartialEq)]
pub struct Acceptor {
    /// What happens when it matches.
    pub state: AcceptorState,
    /// What it matches.
    pub matcher: Matcher,
}

/// Waiter states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorState {
    /// The wait succeeded.
    Success,
    /// The wait failed.
    Failure,
    /// Keep waiting.
    Retry,
}

/// Waiter matchers.
#[derive(Debug, Clone, PartialEq)]
pub enum Matcher {
    /// A path into the output compared with a value.
    Output(PathMatcher),
    /// A path into `{input, output}` compared with a value.
    InputOutput(PathMatcher),
    /// Whether the operation succeeded (`true`) or failed (`false`).
    Success(bool),
    /// The operation failed with this error code.
    ErrorType(String),
}

/// A JMESPath matcher, checked against the model and compiled.
#[derive(Debug, Clone, PartialEq)]
pub struct PathMatcher {
    /// The JMESPath expression as the model writes it.
    pub path: String,
    /// The expected value.
    pub expected: String,
    /// How the path's value is compared with `expected`.
    pub comparator: Comparator,
    /// The path, resolved through the input or output structure.
    pub compiled: CompiledPath,
}

/// Waiter comparators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    /// The value is a string equal to `expected`.
    StringEquals,
    /// The value is a boolean equal to `expected` (`"true"`/`"false"`).
    BooleanEquals,
    /// The value is a non-empty array whose every element equals `expected`.
    AllStringEquals,
    /// The value is an array with an element equal to `expected`.
    AnyStringEquals,
}

/// A JMESPath expression of the supported form: member names separated by
/// `.`, each optionally followed by `[]` (a list projection).
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledPath {
    /// Whether the path starts at the input (`inputOutput` matchers' `input.`).
    pub from_input: bool,
    /// Each member step.
    pub steps: Vec<PathStep>,
    /// What the last step holds.
    pub leaf: Leaf,
    /// Whether the result is an array (a projection, or a list at the end).
    pub array: bool,
}

/// One member access of a compiled path.
#[derive(Debug, Clone, PartialEq)]
pub struct PathStep {
    /// The Rust field.
    pub field: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
    /// Whether the member is a list that is projected (`[]`), or, at the
    /// end of an array-valued path, flattened.
    pub project: bool,
}

/// The type a compiled path ends at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Leaf {
    /// A string.
    String,
    /// A string enum, by Rust name.
    Enum(String),
    /// A boolean.
    Boolean,
}

/// Lookup tables the emitters use.
impl Ir {
    /// Structures and errors by Rust name.
    pub fn structure(&self, name: &str) -> Option<&Structure> {
        self.structures.iter().chain(&self.errors).find(|s| s.name == name)
    }

    /// Enums by Rust name.
    pub fn enum_(&self, name: &str) -> Option<&Enum> {
        self.enums.iter().find(|e| e.name == name)
    }

    /// Counts of what the IR holds, for the CLI's summary.
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        BTreeMap::from([
            ("operations", self.operations.len()),
            ("structures", self.structures.len() + 2 * self.operations.len()),
            ("enums", self.enums.len()),
            ("errors", self.errors.len()),
        ])
    }
}

//! The intermediate representation that emitters read.
//!
//! Shapes keep their identity: every shape a member can target is in
//! [`Ir::shapes`], keyed by its [`ShapeId`], and a member refers to its target
//! by that id. Constraints belong to the shape that declares them; a member's
//! own constraint traits stay on the member ([`Member::constraints`]). So the
//! check of a constrained shape, and each distinct pattern, is emitted once
//! per crate and called from every use.
//!
//! Everything here is decided: every Rust name was made by
//! [`crate::names`] and checked for collisions, every trait was read into a
//! typed value by [`crate::check`], documentation is Markdown. The IR holds
//! no JSON and nothing client-specific: the protocol is a reference to
//! [`crate::protocol`]'s table, and a server side could be emitted from the
//! same IR.

pub mod rules;

use crate::model::ShapeId;
use std::collections::BTreeMap;

/// A whole service, ready to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct Ir {
    /// The model file as named in generated headers.
    pub source: String,
    /// The service.
    pub service: Service,
    /// Every shape that members target (prelude shapes included), by id.
    pub shapes: BTreeMap<ShapeId, Shape>,
    /// Operations, sorted by name.
    pub operations: Vec<Operation>,
    /// Each distinct enforced `@pattern`, in first-use order;
    /// [`Constraints::pattern`] is an index into it.
    pub patterns: Vec<Pattern>,
    /// Whether the crate defines an item named `Option` (a shape or a
    /// waiter), so that generated code must name the prelude's by its full
    /// path where it is written as a string; see [`Ir::defines_option`].
    pub option_shadowed: bool,
    /// Operations of the model the crate leaves out, with the reason, sorted.
    pub left_out: Vec<(String, String)>,
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
    /// The suffix of `AWS_ENDPOINT_URL_<env_name>`: the SDK id upper-cased,
    /// every other character `_` (`APPSTREAM`).
    pub env_name: String,
    /// The API version.
    pub version: String,
    /// Endpoint prefix (`appstream2`).
    pub endpoint_prefix: String,
    /// SigV4 signing name (`appstream`).
    pub signing_name: String,
    /// The protocol the client speaks by default: the first of
    /// [`protocols`](Self::protocols).
    pub protocol: &'static crate::protocol::Protocol,
    /// Every protocol of the table the service supports, in the order a
    /// client prefers them ([`crate::protocol::ALL`]'s).
    pub protocols: Vec<&'static crate::protocol::Protocol>,
    /// Service documentation, Markdown.
    pub docs: String,
    /// `aws.protocols#awsQueryCompatible`: error codes come from the
    /// `x-amzn-query-error` header when a response has it.
    pub query_compatible: bool,
    /// What the model says about how errors behave on the wire, for the
    /// errors it says something about (`@retryable`, `@awsQueryError`).
    pub error_behaviour: BTreeMap<ShapeId, ErrorBehaviour>,
    /// `aws.api#clientEndpointDiscovery`: how endpoints are discovered, for
    /// the operations marked `aws.api#clientDiscoveredEndpoint`.
    pub endpoint_discovery: Option<EndpointDiscovery>,
    /// The endpoint rule set (`smithy.rules#endpointRuleSet`) and its tests.
    pub endpoint_rules: Option<rules::RuleSet>,
}

/// How an error behaves on the wire, beyond its structure.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ErrorBehaviour {
    /// `@retryable`: the standard retry strategy retries it.
    pub retry: Option<Retry>,
    /// The `aws.protocols#awsQueryError` code, kept only for an
    /// `awsQueryCompatible` service (its `x-amzn-query-error` header sends it).
    pub query_code: Option<String>,
}

/// `@retryable`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// A transient error.
    Transient,
    /// `throttling: true`.
    Throttling,
}

/// How an operation's requests are authenticated, from `@auth` (on the
/// operation, else the service, else every scheme the service applies) and
/// `@optionalAuth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// SigV4; credentials are required.
    SigV4,
    /// SigV4 when credentials resolve, unsigned otherwise (`@optionalAuth`).
    OptionalSigV4,
    /// Unsigned (`@auth([])`).
    Anonymous,
}

/// A shape that members can target.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// The shape's id in the model.
    pub id: ShapeId,
    /// Documentation, Markdown.
    pub docs: String,
    /// What it is.
    pub kind: ShapeKind,
    /// The shape's own constraint traits.
    pub constraints: Constraints,
    /// `@sensitive` on the shape.
    pub sensitive: bool,
    /// `@sparse` on a list or map: its elements are `Option`s.
    pub sparse: bool,
    /// The name of the crate-level function that checks a value of this
    /// shape (lists, maps and simple shapes with something to check).
    pub check_fn: Option<String>,
}

/// Simple types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Simple {
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
    /// An integer of any size (`smithy_rt::BigInteger`).
    BigInteger,
    /// A decimal of any size and precision (`smithy_rt::BigDecimal`).
    BigDecimal,
    /// A point in time.
    Timestamp,
    /// Bytes (`Vec<u8>`; base64 text on the JSON wire).
    Blob,
    /// Untyped data (`smithy_rt::Document`).
    Document,
}

impl Simple {
    /// Whether the Rust type is `Copy` (numbers, booleans, timestamps), so
    /// accessors return values of it by value.
    pub fn is_copy(self) -> bool {
        match self {
            Simple::Boolean
            | Simple::Byte
            | Simple::Short
            | Simple::Integer
            | Simple::Long
            | Simple::Float
            | Simple::Double
            | Simple::Timestamp => true,
            Simple::String | Simple::Blob | Simple::Document | Simple::BigInteger | Simple::BigDecimal => false,
        }
    }
}

/// What a shape is.
#[derive(Debug, Clone, PartialEq)]
pub enum ShapeKind {
    /// A simple shape.
    Simple(Simple),
    /// A string enum.
    Enum(Enum),
    /// A list.
    List(Element),
    /// A map from strings (or string enums).
    Map {
        /// The key.
        key: Element,
        /// The value.
        value: Element,
    },
    /// A structure of `crate::types` or an error of `crate::error`.
    Structure(Structure),
    /// A union of `crate::types`: exactly one member set.
    Union(Union),
}

/// A union: a Rust enum with a variant per member and `Unknown`.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The name in the model.
    pub model_name: String,
    /// Its Rust names (`builder` is unused).
    pub names: TypeNames,
    /// Documentation, Markdown.
    pub docs: String,
    /// Members in model order (each [`Nullability::Optional`]); a member
    /// targeting `smithy.api#Unit` has [`UNIT_TARGET`] as its target.
    pub members: Vec<Member>,
    /// The Rust names of each member's variant and methods, in the same order.
    pub variants: Vec<UnionVariantNames>,
    /// Whether any member is `@sensitive` (the type then redacts in `Debug`).
    pub has_sensitive: bool,
    /// Whether requests carry it (it gets `validate_into`).
    pub validated: bool,
}

/// The target of a union member that holds no value (`smithy.api#Unit`).
pub const UNIT_TARGET: &str = "smithy.api#Unit";

/// The Rust names of a union member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnionVariantNames {
    /// The variant (`StringValue`).
    pub variant: String,
    /// The accessor returning `Option<&T>` (`as_string_value`).
    pub as_fn: String,
    /// The test (`is_string_value`).
    pub is_fn: String,
}

/// The member of a list, or the key or value of a map.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// The shape it targets.
    pub target: ShapeId,
    /// The member's own constraint traits.
    pub constraints: Constraints,
    /// `@timestampFormat` on the member or its target.
    pub timestamp_format: Option<TimestampFormat>,
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

/// The Rust names of a named type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeNames {
    /// The type (`Fleet`).
    pub ty: String,
    /// The builder (`FleetBuilder`), public from the module's `builders`.
    pub builder: String,
    /// The module that holds it, as an identifier (`fleet`, `r#type`).
    pub module: String,
    /// That module's file name without `.rs` (`fleet`, `type`).
    pub file: String,
}

/// A structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    /// The name in the model (for messages such as validation paths), which is
    /// the Rust name for everything but operation inputs and outputs.
    pub model_name: String,
    /// Its Rust names.
    pub names: TypeNames,
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
    /// Whether requests carry it (it gets `validate`).
    pub validated: bool,
    /// For errors: the member that holds the message, by the protocol's rule.
    pub message_member: Option<usize>,
    /// For errors: the name of its variant in error enums.
    pub variant: String,
    /// Whether a `Default` value can be made (false when a required member
    /// would make `Default` recurse).
    pub derive_default: bool,
    /// Whether it stands for `smithy.api#Unit`: the input or output of an
    /// operation that has none. Such an input serializes as a unit value,
    /// which rpcv2Cbor sends as no body (and awsJson as `{}`), unlike an
    /// input structure without members (an empty map).
    pub unit: bool,
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

/// A `@default` value, checked against the member's type.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// `false`, `0`, `""`, empty list or map, a `null` document: the Rust type's `Default`.
    Zero,
    /// `true`.
    Bool(bool),
    /// An integer value that fits the member's integer type.
    Int(i64),
    /// A finite floating-point value that fits the member's type.
    Float(f64),
    /// A string (or an enum's value).
    String(String),
    /// A blob's bytes.
    Bytes(Vec<u8>),
    /// A timestamp: whole seconds since the epoch (rounded down) and the nanoseconds after them (checked in range).
    Timestamp(i64, u32),
    /// A document's value as JSON text: a boolean, a number, a string, `[]` or `{}`.
    Document(String),
    /// A `bigInteger` or `bigDecimal` other than zero, as JSON number text.
    Number(String),
}

/// The Rust names of a structure member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberNames {
    /// The field (escaped: `r#type`).
    pub field: String,
    /// The setter that sets, appends or inserts (`name`, `r#type`).
    pub setter: String,
    /// The setter that replaces or clears (`set_name`).
    pub set_setter: String,
    /// The structure's accessor method (`name()`).
    pub getter: String,
    /// The field's name as `Debug` shows it (`type`).
    pub label: String,
}

/// A structure member.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The wire name.
    pub wire_name: String,
    /// Its Rust names.
    pub names: MemberNames,
    /// Documentation, Markdown.
    pub docs: String,
    /// The shape it targets.
    pub target: ShapeId,
    /// The member's own constraint traits (its target's are on the target).
    pub constraints: Constraints,
    /// `@timestampFormat` on the member or its target.
    pub timestamp_format: Option<TimestampFormat>,
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

    /// The member as an [`Element`] (target, own constraints, format).
    pub fn element(&self) -> Element {
        Element {
            target: self.target.clone(),
            constraints: self.constraints.clone(),
            timestamp_format: self.timestamp_format,
        }
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
    /// `@pattern`: an index into [`Ir::patterns`].
    pub pattern: Option<usize>,
    /// `@uniqueItems`.
    pub unique_items: bool,
}

impl Constraints {
    /// Whether no constraint trait is set.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }

    /// These constraints, each unset one taken from `under` (a member's
    /// traits override its target's, trait by trait).
    pub fn over(&self, under: &Constraints) -> Constraints {
        Constraints {
            length: self.length.or(under.length),
            range: self.range.or(under.range),
            pattern: self.pattern.or(under.pattern),
            unique_items: self.unique_items || under.unique_items,
        }
    }
}

/// A `@pattern` (ECMA-262, a search: only the model's own anchors anchor it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The pattern as the model writes it.
    pub model: String,
    /// What the generated crate compiles: the model's pattern, or its
    /// translation from Java's dialect (`check` refuses any other).
    pub enforced: String,
    /// Why the enforced pattern differs from the model's.
    pub note: Option<String>,
    /// When a backtracking matcher could need exponential time for it: the
    /// pattern in regex-lite's syntax, which the crate matches in linear time.
    pub linear: Option<String>,
    /// The name of the crate-level `static` that holds it.
    pub static_name: String,
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
    /// Its Rust names (`builder` is unused).
    pub names: TypeNames,
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

/// The Rust names of an operation's items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationNames {
    /// The client method (`create_fleet`).
    pub method: String,
    /// The module under `crate::operation`, as an identifier.
    pub module: String,
    /// That module's file name without `.rs`.
    pub file: String,
    /// The error enum (`CreateFleetError`).
    pub error: String,
    /// The fluent builder alias (`CreateFleetFluentBuilder`).
    pub fluent: String,
    /// The paginator (`DescribeFleetsPaginator`).
    pub paginator: String,
}

/// An operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The operation name as the wire knows it (`CreateFleet`).
    pub name: String,
    /// Its Rust names.
    pub names: OperationNames,
    /// Documentation, Markdown.
    pub docs: String,
    /// The input structure, named `<Operation>Input`.
    pub input: Structure,
    /// The output structure, named `<Operation>Output`.
    pub output: Structure,
    /// The error shapes the operation declares (its own and the service's),
    /// in model order.
    pub errors: Vec<ShapeId>,
    /// `smithy.api#paginated`, merged with the service's defaults.
    pub paginated: Option<Paginated>,
    /// `smithy.waiters#waitable`, sorted by waiter name.
    pub waiters: Vec<Waiter>,
    /// Whether the operation is `@deprecated`, with the message.
    pub deprecated: Option<Deprecated>,
    /// How its requests are authenticated.
    pub auth: Auth,
    /// `@endpoint`'s `hostPrefix`, checked: what goes before the endpoint's
    /// host (empty for most operations).
    pub host_prefix: Vec<HostSegment>,
    /// `aws.api#clientDiscoveredEndpoint`: `Some(required)` when the
    /// operation's endpoint is discovered.
    pub discovered_endpoint: Option<bool>,
    /// The endpoint rule parameters the operation sets.
    pub endpoint_context: Vec<rules::ContextParam>,
}

/// A service's endpoint discovery: the operation that answers where to
/// send requests, and the fields of its answer (as the
/// `aws.api#clientEndpointDiscovery` trait requires them).
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointDiscovery {
    /// The discovery operation (`DescribeEndpoints`), by index into [`Ir::operations`].
    pub operation: usize,
    /// The output's `Endpoints` field (a list), and whether it is an `Option`.
    pub endpoints: (String, bool),
    /// An endpoint's `Address` field (a string), and whether it is an `Option`.
    pub address: (String, bool),
    /// An endpoint's `CachePeriodInMinutes` field (a long), and whether it is an `Option`.
    pub cache_minutes: (String, bool),
    /// The error code that says a discovered endpoint is no longer valid.
    pub invalid_endpoint_code: Option<String>,
}

/// A piece of a host prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostSegment {
    /// Text (letters, digits, `-` and `.`).
    Literal(String),
    /// A required string member of the input marked `@hostLabel`.
    Label {
        /// Its wire name.
        wire_name: String,
        /// Its Rust field.
        field: String,
    },
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
    /// The type that sends for it (`FleetStarted`), the sink of its builder.
    pub sink: String,
    /// The builder alias (`FleetStartedWaiter`).
    pub alias: String,
    /// The client method (`wait_until_fleet_started`).
    pub method: String,
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
    pub compiled: Compiled,
}

/// A compiled waiter path.
#[derive(Debug, Clone, PartialEq)]
pub enum Compiled {
    /// Member names and `[]` projections.
    Members(CompiledPath),
    /// Any other expression of the supported subset, typed against the
    /// output structure.
    Expression(PathExpr),
}

/// A typed JMESPath expression over an operation's output: what the
/// expression does, and the type of its value (which may be null).
#[derive(Debug, Clone, PartialEq)]
pub struct PathExpr {
    /// What it computes.
    pub kind: PathExprKind,
    /// The type of its value.
    pub ty: PathType,
}

/// The types a waiter expression's values have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathType {
    /// A structure, by its model name.
    Structure(String),
    /// A list (of a field, or a projection's result).
    List(Box<PathType>),
    /// A string.
    String,
    /// A string enum.
    Enum(ShapeId),
    /// A boolean.
    Boolean,
    /// Any number (compared as `f64`).
    Number,
}

impl PathType {
    /// The type as a message names it.
    pub fn describe(&self) -> String {
        match self {
            PathType::Structure(name) => format!("a structure ({name})"),
            PathType::List(e) => format!("a list of {}", e.describe_plural()),
            PathType::String => "a string".into(),
            PathType::Enum(id) => format!("a string ({})", id.name()),
            PathType::Boolean => "a boolean".into(),
            PathType::Number => "a number".into(),
        }
    }

    fn describe_plural(&self) -> String {
        match self {
            PathType::Structure(name) => format!("structures ({name})"),
            PathType::List(e) => format!("lists of {}", e.describe_plural()),
            PathType::String => "strings".into(),
            PathType::Enum(id) => format!("strings ({})", id.name()),
            PathType::Boolean => "booleans".into(),
            PathType::Number => "numbers".into(),
        }
    }

    /// A string or an enum.
    pub fn is_string(&self) -> bool {
        matches!(self, PathType::String | PathType::Enum(_))
    }
}

/// What a [`PathExpr`] computes; JMESPath's semantics, null as `None`.
#[derive(Debug, Clone, PartialEq)]
pub enum PathExprKind {
    /// The value being looked at: the output, or a projected element.
    Current,
    /// A member of a structure-valued expression.
    Field {
        /// The structure.
        of: Box<PathExpr>,
        /// The Rust field.
        field: String,
        /// Whether the field is an `Option`.
        optional: bool,
        /// Whether the field is boxed (closes a cycle).
        boxed: bool,
        /// The member's target, which decides how its value is read.
        target: ShapeId,
    },
    /// `list[]`, `list[*]`, `list[?filter]`, then `each` on every element.
    Project {
        /// The list.
        list: Box<PathExpr>,
        /// Elements that are lists are flattened into it (`[]`).
        flatten: bool,
        /// Only the elements it is `true` for.
        filter: Option<Box<PathExpr>>,
        /// What each element gives; nulls are dropped.
        each: Box<PathExpr>,
    },
    /// A literal.
    Literal(PathLiteral),
    /// `!a`: whether `a` is not `true`.
    Not(Box<PathExpr>),
    /// `a && b`.
    And(Box<PathExpr>, Box<PathExpr>),
    /// `a || b`.
    Or(Box<PathExpr>, Box<PathExpr>),
    /// `a == b`, `a < b`, ...
    Compare(PathCompare, Box<PathExpr>, Box<PathExpr>),
    /// `length(a)` of a list or a string.
    Length(Box<PathExpr>),
    /// `contains(a, b)`: a list holds `b`, or a string contains it.
    Contains(Box<PathExpr>, Box<PathExpr>),
}

/// Literals of waiter expressions.
#[derive(Debug, Clone, PartialEq)]
pub enum PathLiteral {
    /// A string.
    String(String),
    /// A number.
    Number(f64),
    /// A boolean.
    Boolean(bool),
}

/// Comparison operators of waiter expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathCompare {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
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

impl Comparator {
    /// The comparator's name in the model.
    pub fn model_name(self) -> &'static str {
        match self {
            Comparator::StringEquals => "stringEquals",
            Comparator::BooleanEquals => "booleanEquals",
            Comparator::AllStringEquals => "allStringEquals",
            Comparator::AnyStringEquals => "anyStringEquals",
        }
    }
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
    /// A string enum.
    Enum(ShapeId),
    /// A boolean.
    Boolean,
}

/// A member's type seen whole, its constraints merged from member and
/// target, elements resolved: a derived view for readers that compare
/// types (the changelog), never stored in the IR.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeUse {
    /// The type.
    pub ty: Type,
    /// Constraints, the member's overriding its target's.
    pub constraints: Constraints,
}

/// The types of [`TypeUse`].
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
    /// `bigInteger`.
    BigInteger,
    /// `bigDecimal`.
    BigDecimal,
    /// A point in time, and how the wire writes it when the model says so.
    Timestamp(Option<TimestampFormat>),
    /// Bytes.
    Blob,
    /// Untyped data.
    Document,
    /// A union, by id.
    Union(ShapeId),
    /// A string enum, by id.
    Enum(ShapeId),
    /// A structure (or error), by id.
    Structure(ShapeId),
    /// A list.
    List(Box<TypeUse>),
    /// A map from strings (or string enums).
    Map(Box<TypeUse>, Box<TypeUse>),
}

static FALLBACK: Shape = Shape {
    id: ShapeId(String::new()),
    docs: String::new(),
    kind: ShapeKind::Simple(Simple::String),
    constraints: Constraints { length: None, range: None, pattern: None, unique_items: false },
    sensitive: false,
    sparse: false,
    check_fn: None,
};

impl Ir {
    /// Whether a shape or a waiter of the crate is named `Option`, read
    /// from the shapes and operations (lowering stores it in
    /// [`Ir::option_shadowed`], so that emitters ask once per crate and not
    /// once per structure).
    pub fn defines_option(&self) -> bool {
        self.shapes.values().any(|s| match &s.kind {
            ShapeKind::Structure(st) => st.names.ty == "Option",
            ShapeKind::Enum(e) => e.names.ty == "Option",
            ShapeKind::Union(u) => u.names.ty == "Option",
            _ => false,
        }) || self.operations.iter().any(|op| op.waiters.iter().any(|w| w.sink == "Option"))
    }

    /// The shape `id`. Lowering puts every target in [`Ir::shapes`], so a
    /// missing one is a generator bug; it reads as a `String` so that
    /// emitters stay total.
    pub fn shape(&self, id: &ShapeId) -> &Shape {
        self.shapes.get(id).unwrap_or(&FALLBACK)
    }

    /// Named structures of `crate::types` (errors excluded), sorted by Rust name.
    pub fn structures(&self) -> Vec<&Structure> {
        let mut v: Vec<&Structure> = self
            .shapes
            .values()
            .filter_map(|s| match &s.kind {
                ShapeKind::Structure(st) if !matches!(st.kind, StructureKind::Error(_)) => Some(st),
                _ => None,
            })
            .collect();
        v.sort_by(|a, b| a.names.ty.cmp(&b.names.ty));
        v
    }

    /// Error structures of `crate::error`, sorted by Rust name.
    pub fn errors(&self) -> Vec<&Structure> {
        let mut v: Vec<&Structure> = self
            .shapes
            .values()
            .filter_map(|s| match &s.kind {
                ShapeKind::Structure(st) if matches!(st.kind, StructureKind::Error(_)) => Some(st),
                _ => None,
            })
            .collect();
        v.sort_by(|a, b| a.names.ty.cmp(&b.names.ty));
        v
    }

    /// Enums, sorted by Rust name.
    pub fn enums(&self) -> Vec<&Enum> {
        let mut v: Vec<&Enum> = self
            .shapes
            .values()
            .filter_map(|s| match &s.kind {
                ShapeKind::Enum(e) => Some(e),
                _ => None,
            })
            .collect();
        v.sort_by(|a, b| a.names.ty.cmp(&b.names.ty));
        v
    }

    /// The structure (or error) shape `id`.
    pub fn structure(&self, id: &ShapeId) -> Option<&Structure> {
        match &self.shapes.get(id)?.kind {
            ShapeKind::Structure(s) => Some(s),
            _ => None,
        }
    }

    /// Unions, sorted by Rust name.
    pub fn unions(&self) -> Vec<&Union> {
        let mut v: Vec<&Union> = self
            .shapes
            .values()
            .filter_map(|s| match &s.kind {
                ShapeKind::Union(u) => Some(u),
                _ => None,
            })
            .collect();
        v.sort_by(|a, b| a.names.ty.cmp(&b.names.ty));
        v
    }

    /// The union shape `id`.
    pub fn union(&self, id: &ShapeId) -> Option<&Union> {
        match &self.shapes.get(id)?.kind {
            ShapeKind::Union(u) => Some(u),
            _ => None,
        }
    }

    /// The enum shape `id`.
    pub fn enum_(&self, id: &ShapeId) -> Option<&Enum> {
        match &self.shapes.get(id)?.kind {
            ShapeKind::Enum(e) => Some(e),
            _ => None,
        }
    }

    /// The whole type of a member (see [`TypeUse`]).
    pub fn member_type(&self, m: &Member) -> TypeUse {
        self.element_type(&m.element(), 0)
    }

    fn element_type(&self, e: &Element, depth: usize) -> TypeUse {
        let shape = self.shape(&e.target);
        let constraints = e.constraints.over(&shape.constraints);
        // Lists and maps that contain themselves are refused by `check`; the
        // depth bound keeps this view total regardless.
        let deeper = |x: &Element| {
            Box::new(if depth > 64 {
                TypeUse { ty: Type::String, constraints: Constraints::default() }
            } else {
                self.element_type(x, depth + 1)
            })
        };
        let ty = match &shape.kind {
            ShapeKind::Simple(s) => match s {
                Simple::String => Type::String,
                Simple::Boolean => Type::Boolean,
                Simple::Byte => Type::Byte,
                Simple::Short => Type::Short,
                Simple::Integer => Type::Integer,
                Simple::Long => Type::Long,
                Simple::Float => Type::Float,
                Simple::Double => Type::Double,
                Simple::BigInteger => Type::BigInteger,
                Simple::BigDecimal => Type::BigDecimal,
                Simple::Timestamp => Type::Timestamp(e.timestamp_format),
                Simple::Blob => Type::Blob,
                Simple::Document => Type::Document,
            },
            ShapeKind::Enum(_) => Type::Enum(e.target.clone()),
            ShapeKind::Union(_) => Type::Union(e.target.clone()),
            ShapeKind::Structure(_) => Type::Structure(e.target.clone()),
            ShapeKind::List(m) => Type::List(deeper(m)),
            ShapeKind::Map { key, value } => Type::Map(deeper(key), deeper(value)),
        };
        TypeUse { ty, constraints }
    }

    /// Counts of what the IR holds, for the CLI's summary.
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        BTreeMap::from([
            ("operations", self.operations.len()),
            ("structures", self.structures().len() + 2 * self.operations.len()),
            ("enums", self.enums().len()),
            ("errors", self.errors().len()),
        ])
    }
}

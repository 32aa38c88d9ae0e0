//! A service's endpoint rule set (`smithy.rules#endpointRuleSet`), type
//! checked: every reference resolved, every expression typed, every
//! optional value proven set before it is used. The emitter turns it into
//! Rust without deciding anything.

/// The rule set and the test cases that come with it.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    /// The parameters, in the model's order.
    pub params: Vec<Param>,
    /// The rules, tried in order.
    pub rules: Vec<Rule>,
    /// `smithy.rules#endpointTests`, in the model's order.
    pub tests: Vec<TestCase>,
}

/// A parameter of the rule set.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The name the rules use (`UseFIPS`).
    pub name: String,
    /// The Rust field and setter (`use_fips`).
    pub field: String,
    /// The value's type.
    pub ty: ParamType,
    /// Where the client takes the value from.
    pub built_in: Option<BuiltIn>,
    /// The value when none is given.
    pub default: Option<Literal>,
    /// Whether resolving fails when the parameter has no value.
    pub required: bool,
    /// Documentation, Markdown.
    pub docs: String,
    /// `deprecated`'s message, if the parameter is deprecated.
    pub deprecated: Option<String>,
}

impl Param {
    /// Whether the Rust field is an `Option` (no default).
    pub fn optional(&self) -> bool {
        self.default.is_none()
    }
}

/// A parameter's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// `String`.
    String,
    /// `Boolean`.
    Boolean,
    /// `StringArray`.
    StringArray,
}

/// The configuration a parameter comes from (`builtIn`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuiltIn {
    /// `AWS::Region`.
    Region,
    /// `AWS::UseFIPS`.
    UseFips,
    /// `AWS::UseDualStack`.
    UseDualStack,
    /// `SDK::Endpoint`.
    Endpoint,
    /// `AWS::Auth::AccountId`.
    AccountId,
    /// `AWS::Auth::AccountIdEndpointMode`.
    AccountIdEndpointMode,
}

/// A constant value.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
    /// A list of strings.
    StringArray(Vec<String>),
}

/// One rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Documentation of the rule, if any.
    pub docs: Option<String>,
    /// What must hold, in order; each may bind a name for what follows.
    pub conditions: Vec<Condition>,
    /// What the rule gives when its conditions hold.
    pub then: RuleBody,
}

/// What a rule gives.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleBody {
    /// An endpoint.
    Endpoint(EndpointValue),
    /// An error with this message.
    Error(Expr),
    /// The first of these rules that matches; none matching is an error.
    Tree(Vec<Rule>),
}

/// A condition: an expression that holds when it is `true` or a value, and
/// the local its value is bound to.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The expression.
    pub expr: Expr,
    /// The local bound to the value (`assign`, or the reference that
    /// `isSet(Ref)` proves set).
    pub bind: Option<Local>,
}

/// A name bound by a condition.
#[derive(Debug, Clone, PartialEq)]
pub struct Local {
    /// The Rust identifier.
    pub ident: String,
    /// The value's type (never optional).
    pub ty: Ty,
}

/// A value's type; `optional` values may be unset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Type {
    /// What the value is when it is set.
    pub ty: Ty,
    /// Whether it may be unset.
    pub optional: bool,
}

/// The kinds of values of the rules language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// Text, borrowed.
    Str,
    /// Text the expression owns (a function's result).
    String,
    /// A boolean.
    Bool,
    /// An integer.
    Int,
    /// A list of strings.
    StringArray,
    /// `aws.partition`'s result.
    Partition,
    /// `aws.parseArn`'s result.
    Arn,
    /// `parseURL`'s result.
    Url,
}

impl Ty {
    /// Whether values are text.
    pub fn is_text(self) -> bool {
        matches!(self, Ty::Str | Ty::String)
    }
}

/// A typed expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What it computes.
    pub kind: ExprKind,
    /// Its type.
    pub ty: Type,
}

/// What an expression computes.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A parameter, by index into [`RuleSet::params`].
    Param(usize),
    /// A local.
    Local(String),
    /// A boolean constant.
    Bool(bool),
    /// An integer constant.
    Int(i64),
    /// A string with `{Name}` and `{Name#path}` references filled in.
    Template(Vec<TemplatePart>),
    /// A library function's call.
    Call(Function, Vec<Expr>),
    /// `getAttr`: a field or list element of a value.
    GetAttr(Box<Expr>, Vec<PathStep>),
}

/// A piece of a template.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    /// Text as written (braces unescaped).
    Literal(String),
    /// A text value.
    Value(Expr),
}

/// One step of a `getAttr` path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    /// A field, by its rules name (`dnsSuffix`).
    Field(String),
    /// A list element.
    Index(usize),
}

/// The functions of the rules language's standard and AWS libraries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    /// `isSet(value)`.
    IsSet,
    /// `not(bool)`.
    Not,
    /// `booleanEquals(a, b)`.
    BooleanEquals,
    /// `stringEquals(a, b)`.
    StringEquals,
    /// `isValidHostLabel(value, allowSubDomains)`.
    IsValidHostLabel,
    /// `parseURL(value)`.
    ParseUrl,
    /// `substring(input, start, stop, reverse)`.
    Substring,
    /// `uriEncode(value)`.
    UriEncode,
    /// `aws.partition(region)`.
    Partition,
    /// `aws.parseArn(value)`.
    ParseArn,
    /// `aws.isVirtualHostableS3Bucket(value, allowSubDomains)`.
    IsVirtualHostableS3Bucket,
}

/// An endpoint a rule gives.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointValue {
    /// The URL (text).
    pub url: Expr,
    /// Headers by name, each with its values.
    pub headers: Vec<(String, Vec<Expr>)>,
    /// Properties by name.
    pub properties: Vec<(String, Value)>,
}

/// A property value: JSON whose strings are templates.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text.
    String(Expr),
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A list.
    Array(Vec<Value>),
    /// An object, keys in the model's order.
    Object(Vec<(String, Value)>),
}

/// One `smithy.rules#endpointTests` case.
#[derive(Debug, Clone, PartialEq)]
pub struct TestCase {
    /// What the case is about.
    pub docs: String,
    /// The parameters given, by index into [`RuleSet::params`].
    pub params: Vec<(usize, Literal)>,
    /// What resolving must give.
    pub expect: Expect,
}

/// The outcome a test case expects.
#[derive(Debug, Clone, PartialEq)]
pub enum Expect {
    /// An endpoint: URL, headers (name, values) and properties.
    Endpoint {
        /// The URL.
        url: String,
        /// Headers.
        headers: Vec<(String, Vec<String>)>,
        /// Properties, as JSON.
        properties: Vec<(String, serde_json::Value)>,
    },
    /// An error with this message.
    Error(String),
}

/// A rule parameter an operation sets (`smithy.rules#staticContextParams`
/// and `smithy.rules#contextParam`).
#[derive(Debug, Clone, PartialEq)]
pub enum ContextParam {
    /// A constant, by parameter index.
    Static(usize, Literal),
    /// An input member's value: parameter index, the member's Rust field,
    /// and whether the field is an `Option`.
    Member(usize, String, bool),
}

//! The traits the generator knows, read once into typed values.
//!
//! Every trait a model applies is looked up in [`classify`]: a trait that
//! shapes generated code is read by [`read`] into a field of [`Traits`]; a
//! trait known to have no effect on a client of the protocols we generate is
//! accepted with the reason written here; any other trait is refused,
//! because nobody has decided whether ignoring it would make the generated
//! code wrong. Trait ids are written in this file only ([`id`]).
//!
//! [`read`] also checks where a trait is applied (`@range` only on numbers,
//! `@length` only on strings, lists and maps, ...) and the form of its
//! value; every problem is a located diagnostic.

use crate::diag::{Diagnostics, Location};
use crate::ir::{AcceptorState, Bounds, Comparator, Deprecated, Fault, Retry, Simple, TimestampFormat};
use crate::model::{kind_of, TraitValue};
use serde_json::{Map, Value};
use time::format_description::well_known::Rfc3339;

/// Trait ids, written once.
pub mod id {
    #![allow(missing_docs)]
    pub const DOCUMENTATION: &str = "smithy.api#documentation";
    pub const REQUIRED: &str = "smithy.api#required";
    pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
    pub const DEFAULT: &str = "smithy.api#default";
    pub const ADDED_DEFAULT: &str = "smithy.api#addedDefault";
    pub const LENGTH: &str = "smithy.api#length";
    pub const RANGE: &str = "smithy.api#range";
    pub const PATTERN: &str = "smithy.api#pattern";
    pub const UNIQUE_ITEMS: &str = "smithy.api#uniqueItems";
    pub const SPARSE: &str = "smithy.api#sparse";
    pub const ENUM_VALUE: &str = "smithy.api#enumValue";
    pub const ERROR: &str = "smithy.api#error";
    pub const INPUT: &str = "smithy.api#input";
    pub const OUTPUT: &str = "smithy.api#output";
    pub const PAGINATED: &str = "smithy.api#paginated";
    pub const SENSITIVE: &str = "smithy.api#sensitive";
    pub const DEPRECATED: &str = "smithy.api#deprecated";
    pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
    pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
    pub const TITLE: &str = "smithy.api#title";
    pub const WAITABLE: &str = "smithy.waiters#waitable";
    pub const AWS_SERVICE: &str = "aws.api#service";
    pub const SIGV4: &str = "aws.auth#sigv4";
    pub const AUTH: &str = "smithy.api#auth";
    pub const OPTIONAL_AUTH: &str = "smithy.api#optionalAuth";
    pub const RETRYABLE: &str = "smithy.api#retryable";
    pub const AWS_QUERY_COMPATIBLE: &str = "aws.protocols#awsQueryCompatible";
    pub const AWS_QUERY_ERROR: &str = "aws.protocols#awsQueryError";
    pub const ENDPOINT: &str = "smithy.api#endpoint";
    pub const HOST_LABEL: &str = "smithy.api#hostLabel";
    pub const ENDPOINT_DISCOVERY: &str = "aws.api#clientEndpointDiscovery";
    pub const DISCOVERED_ENDPOINT: &str = "aws.api#clientDiscoveredEndpoint";
    pub const ENDPOINT_RULE_SET: &str = "smithy.rules#endpointRuleSet";
    pub const ENDPOINT_TESTS: &str = "smithy.rules#endpointTests";
    pub const STATIC_CONTEXT_PARAMS: &str = "smithy.rules#staticContextParams";
    pub const CONTEXT_PARAM: &str = "smithy.rules#contextParam";
    /// Auth schemes a service may apply besides SigV4; the client implements none
    /// of them, so an operation whose `@auth` names only these is refused.
    pub const OTHER_AUTH_SCHEMES: &[&str] = &[
        "aws.auth#sigv4a",
        "smithy.api#httpBasicAuth",
        "smithy.api#httpDigestAuth",
        "smithy.api#httpBearerAuth",
        "smithy.api#httpApiKeyAuth",
    ];
}

/// How the generator treats a trait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// Read into [`Traits`]; it changes generated code.
    Applied,
    /// Accepted; it has no effect on generated code, for the reason given.
    NoEffect(&'static str),
    /// Refused: generated code would be wrong without support for it.
    Unsupported(&'static str),
}

/// What the generator does with trait `trait_id`; `None` for a trait it does not know.
pub fn classify(trait_id: &str) -> Option<Support> {
    use id::*;
    use Support::*;
    let (ns, _) = trait_id.split_once('#')?;
    if smithy_protocols::by_trait(trait_id).is_some() {
        return Some(Applied);
    }
    if matches!(
        trait_id,
        "aws.protocols#restJson1" | "aws.protocols#restXml" | "aws.protocols#awsQuery" | "aws.protocols#ec2Query"
    ) {
        return Some(NoEffect(
            "another protocol the service speaks; the client speaks those of the protocol table the service supports",
        ));
    }
    Some(match trait_id {
        DOCUMENTATION | REQUIRED | CLIENT_OPTIONAL | DEFAULT | ADDED_DEFAULT | LENGTH | RANGE | PATTERN
        | UNIQUE_ITEMS | SPARSE | ENUM_VALUE | ERROR | INPUT | OUTPUT | PAGINATED | SENSITIVE | DEPRECATED
        | TIMESTAMP_FORMAT | IDEMPOTENCY_TOKEN | TITLE | WAITABLE | AWS_SERVICE | SIGV4 => Applied,
        // `@auth` and `@optionalAuth` decide whether an operation is signed
        // (`ir::Auth`); the other auth schemes are recorded so that `@auth`
        // can name them, and an operation left with only them is refused.
        AUTH | OPTIONAL_AUTH => Applied,
        _ if OTHER_AUTH_SCHEMES.contains(&trait_id) => Applied,
        // A `@retryable` error is retried by the standard retry strategy.
        RETRYABLE => Applied,
        // The error code of a query-compatible service comes from the
        // `x-amzn-query-error` header, which carries the `@awsQueryError` code.
        AWS_QUERY_COMPATIBLE | AWS_QUERY_ERROR => Applied,
        // An operation's host prefix, and the input members it is made from.
        ENDPOINT | HOST_LABEL => Applied,
        // Endpoint discovery: the service's discovery operation, and the
        // operations that discover their endpoint with it.
        ENDPOINT_DISCOVERY | DISCOVERED_ENDPOINT => Applied,
        "aws.api#clientEndpointDiscoveryId" => {
            Unsupported("discovery identifiers (endpoints discovered per resource) are not supported")
        }
        "smithy.api#jsonName" => NoEffect("awsJson1_0 and awsJson1_1 ignore @jsonName"),
        "smithy.api#httpError"
        | "smithy.api#http"
        | "smithy.api#httpLabel"
        | "smithy.api#httpQuery"
        | "smithy.api#httpQueryParams"
        | "smithy.api#httpHeader"
        | "smithy.api#httpPrefixHeaders"
        | "smithy.api#httpPayload"
        | "smithy.api#httpResponseCode"
        | "smithy.api#cors"
        | "smithy.api#xmlName"
        | "smithy.api#xmlAttribute"
        | "smithy.api#xmlFlattened"
        | "smithy.api#xmlNamespace"
        | "aws.protocols#ec2QueryName" => NoEffect("an HTTP-binding or XML trait; the awsJson protocols do not use it"),
        "smithy.api#readonly"
        | "smithy.api#idempotent"
        | "smithy.api#examples"
        | "smithy.api#externalDocumentation"
        | "smithy.api#tags"
        | "smithy.api#since"
        | "smithy.api#unstable"
        | "smithy.api#internal"
        | "smithy.api#recommended"
        | "smithy.api#suppress"
        | "smithy.api#private"
        | "smithy.api#references"
        | "smithy.api#resourceIdentifier"
        | "smithy.api#noReplace"
        | "smithy.api#protocols"
        | "smithy.api#box"
        | "smithy.api#idRef"
        | "smithy.api#property"
        | "smithy.api#notProperty"
        | "smithy.api#nestedProperties"
        | "smithy.test#smokeTests"
        | "smithy.test#httpRequestTests"
        | "smithy.test#httpResponseTests"
        // The media type of a string's content (`application/json` in a
        // string member): the value is still read and written as a string.
        | "smithy.api#mediaType"
        // AWS's classification of the data a shape holds (`content`, `tagging`).
        | "aws.api#data" => NoEffect("documentation or model metadata; generated code does not depend on it"),
        // The endpoint rule set is compiled into the crate's `endpoint`
        // module, its tests into the crate's tests; context parameters set
        // rule parameters from an operation.
        ENDPOINT_RULE_SET | ENDPOINT_TESTS | STATIC_CONTEXT_PARAMS | CONTEXT_PARAM => Applied,
        // Parameters set from JMESPath over an operation's input (DynamoDB's
        // `ResourceArnList`) steer account-based endpoints only, which need
        // the credentials' account id; the parameter stays unset.
        "smithy.rules#operationContextParams" => {
            NoEffect("its parameters only choose account-based endpoints, which the client does not use")
        }
        // Client-wide parameters without a built-in: unset unless the rule
        // set gives a default.
        "smithy.rules#clientContextParams" => NoEffect("the parameters keep their defaults from the rule set"),
        // Endpoint patterns from which AWS derives a service's rule set; the
        // rule set says the same, and a model without one is refused.
        "aws.endpoints#standardRegionalEndpoints"
        | "aws.endpoints#standardPartitionalEndpoints"
        | "aws.endpoints#dualStackOnlyEndpoints"
        | "aws.endpoints#rulesBasedEndpoints" => Applied,
        "smithy.api#streaming" | "smithy.api#eventPayload" | "smithy.api#eventHeader" | "smithy.api#requiresLength" => {
            Unsupported("streaming is not supported")
        }
        "smithy.api#requestCompression" => Unsupported("request compression is not supported"),
        "smithy.api#httpChecksumRequired" | "aws.protocols#httpChecksum" => Unsupported("checksums are not supported"),
        // On a string it was read as the enum it means, when the model was loaded.
        "smithy.api#enum" => Unsupported("the Smithy 1.0 @enum trait is read on string shapes only"),
        _ if ns.starts_with("aws.iam")
            || ns.starts_with("aws.cloudformation")
            || trait_id.starts_with("aws.api#arn")
            || matches!(
                trait_id,
                "aws.api#controlPlane" | "aws.api#dataPlane" | "aws.api#tagEnabled" | "aws.api#taggable"
            ) =>
        {
            NoEffect("AWS metadata for IAM, CloudFormation or ARNs; generated code does not depend on it")
        }
        _ => return None,
    })
}

/// The kind of value a trait's owner holds, for checking where traits apply:
/// a shape's own type, or for a member, its target's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// `string`.
    String,
    /// `boolean`.
    Boolean,
    /// `byte`, `short`, `integer`, `long`, `float` or `double`, with the Rust
    /// bounds of a `@default` value.
    Number(Simple),
    /// `timestamp`.
    Timestamp,
    /// `blob`.
    Blob,
    /// `document`.
    Document,
    /// An `enum` (or, for its members, an enum value).
    Enum,
    /// `list`.
    List,
    /// `map`.
    Map,
    /// `structure`.
    Structure,
    /// `operation`.
    Operation,
    /// `service`.
    Service,
    /// `resource`, or a type the generator refuses elsewhere.
    Other,
}

impl Holder {
    /// The holder for a Smithy type name.
    pub fn of_type(type_name: &str) -> Holder {
        match type_name {
            "string" => Holder::String,
            "blob" => Holder::Blob,
            "document" => Holder::Document,
            "boolean" => Holder::Boolean,
            "byte" => Holder::Number(Simple::Byte),
            "short" => Holder::Number(Simple::Short),
            "integer" => Holder::Number(Simple::Integer),
            "long" => Holder::Number(Simple::Long),
            "float" => Holder::Number(Simple::Float),
            "double" => Holder::Number(Simple::Double),
            "bigInteger" => Holder::Number(Simple::BigInteger),
            "bigDecimal" => Holder::Number(Simple::BigDecimal),
            "timestamp" => Holder::Timestamp,
            "enum" => Holder::Enum,
            "list" | "set" => Holder::List,
            "map" => Holder::Map,
            "structure" => Holder::Structure,
            "operation" => Holder::Operation,
            "service" => Holder::Service,
            _ => Holder::Other,
        }
    }

    fn word(self) -> &'static str {
        match self {
            Holder::String => "a string",
            Holder::Boolean => "a boolean",
            Holder::Number(_) => "a number",
            Holder::Timestamp => "a timestamp",
            Holder::Blob => "a blob",
            Holder::Document => "a document",
            Holder::Enum => "an enum",
            Holder::List => "a list",
            Holder::Map => "a map",
            Holder::Structure => "a structure",
            Holder::Operation => "an operation",
            Holder::Service => "a service",
            Holder::Other => "this shape",
        }
    }
}

/// Where a set of traits is applied.
#[derive(Debug, Clone, Copy)]
pub struct Owner<'a> {
    /// For messages: `shape a#B` or `member a#B$c`.
    pub what: &'a str,
    /// What the owner (or a member's target) holds.
    pub holder: Holder,
    /// Whether the owner is a member (of a structure, list or map).
    pub member: bool,
    /// Whether the owner is an enum's member.
    pub enum_member: bool,
}

/// `aws.api#service`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsService {
    /// `sdkId`.
    pub sdk_id: String,
    /// `endpointPrefix`, when given.
    pub endpoint_prefix: Option<String>,
}

/// `smithy.api#paginated` as written (members are resolved by lowering).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PaginatedTrait {
    /// `inputToken`.
    pub input_token: Option<String>,
    /// `outputToken`.
    pub output_token: Option<String>,
    /// `items`.
    pub items: Option<String>,
    /// `pageSize`.
    pub page_size: Option<String>,
}

/// One waiter of `smithy.waiters#waitable`, its form checked.
#[derive(Debug, Clone, PartialEq)]
pub struct WaiterTrait {
    /// The waiter's name (matches `^[A-Z]+[A-Za-z0-9]*$`).
    pub name: String,
    /// Where it is.
    pub location: Location,
    /// `documentation`.
    pub docs: Option<String>,
    /// `minDelay`, default 2.
    pub min_delay: u64,
    /// `maxDelay`, default 120.
    pub max_delay: u64,
    /// Acceptors in model order.
    pub acceptors: Vec<AcceptorTrait>,
}

/// A waiter acceptor as written.
#[derive(Debug, Clone, PartialEq)]
pub struct AcceptorTrait {
    /// `state`.
    pub state: AcceptorState,
    /// `matcher`.
    pub matcher: MatcherTrait,
    /// Where the matcher is.
    pub location: Location,
}

/// A matcher as written; paths are resolved by lowering.
#[derive(Debug, Clone, PartialEq)]
pub enum MatcherTrait {
    /// `output` or (`input_output`) `inputOutput`.
    Path {
        /// Whether it is `inputOutput`.
        input_output: bool,
        /// `path`.
        path: String,
        /// `expected`.
        expected: String,
        /// `comparator`.
        comparator: Comparator,
    },
    /// `success`.
    Success(bool),
    /// `errorType`, its shape id reduced to the name.
    ErrorType(String),
}

/// A `@default` value as written, its JSON type checked against the holder.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultTrait {
    /// `null`: the member has no default (it overrides its target's).
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer within the holder's Rust type.
    Int(i64),
    /// A finite number within the holder's Rust type.
    Float(f64),
    /// A string.
    String(String),
    /// `[]` or `{}`.
    Empty,
    /// A blob's bytes (the model writes them as base64 text).
    Bytes(Vec<u8>),
    /// A timestamp: whole seconds since the epoch (rounded down) and the nanoseconds after them.
    Timestamp(i64, u32),
    /// A document's value (null, a boolean, a number, a string, `[]` or `{}`).
    Document(serde_json::Value),
    /// A `bigInteger` or `bigDecimal`, as JSON number text.
    Number(String),
}

/// Every applied trait of a shape or member, typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Traits {
    /// `@documentation`.
    pub documentation: Option<String>,
    /// `@required`.
    pub required: bool,
    /// `@clientOptional`.
    pub client_optional: bool,
    /// `@default`.
    pub default: Option<DefaultTrait>,
    /// `@length`.
    pub length: Option<Bounds<u64>>,
    /// `@range`.
    pub range: Option<Bounds<f64>>,
    /// `@pattern`, as written; compiled by `check`.
    pub pattern: Option<(String, Location)>,
    /// `@uniqueItems`.
    pub unique_items: bool,
    /// `@sparse` (lists and maps whose elements may be null).
    pub sparse: bool,
    /// `@enumValue` (string enums).
    pub enum_value: Option<String>,
    /// `@error`.
    pub error: Option<Fault>,
    /// `@input`.
    pub input: bool,
    /// `@output`.
    pub output: bool,
    /// `@paginated`, and where it is.
    pub paginated: Option<(PaginatedTrait, Location)>,
    /// `@sensitive`.
    pub sensitive: bool,
    /// `@deprecated`.
    pub deprecated: Option<Deprecated>,
    /// `@timestampFormat`.
    pub timestamp_format: Option<TimestampFormat>,
    /// `@idempotencyToken`.
    pub idempotency_token: bool,
    /// `@title`.
    pub title: Option<String>,
    /// `smithy.waiters#waitable`, sorted by name.
    pub waiters: Vec<WaiterTrait>,
    /// `aws.api#service`.
    pub aws_service: Option<AwsService>,
    /// `aws.auth#sigv4` `name`.
    pub sigv4: Option<String>,
    /// The protocols the service speaks, in the table's order of preference.
    pub protocols: Vec<&'static smithy_protocols::Protocol>,
    /// `@auth`: the auth scheme ids in order of preference, and where it is.
    pub auth: Option<(Vec<String>, Location)>,
    /// `@optionalAuth`.
    pub optional_auth: bool,
    /// The auth scheme traits of a service (`aws.auth#sigv4`,
    /// `smithy.api#httpBearerAuth`, ...), sorted.
    pub auth_schemes: Vec<String>,
    /// `@retryable`.
    pub retryable: Option<Retry>,
    /// `aws.protocols#awsQueryCompatible`.
    pub query_compatible: bool,
    /// `aws.protocols#awsQueryError` `code`.
    pub query_error_code: Option<String>,
    /// `@endpoint` `hostPrefix` as written, and where it is.
    pub host_prefix: Option<(String, Location)>,
    /// `aws.api#clientEndpointDiscovery`: the discovery operation and the
    /// invalid-endpoint error, as written, and where.
    pub endpoint_discovery: Option<(String, Option<String>, Location)>,
    /// `aws.api#clientDiscoveredEndpoint`: whether discovery is required.
    pub discovered_endpoint: Option<bool>,
    /// `@hostLabel`.
    pub host_label: bool,
    /// `smithy.rules#endpointRuleSet` as written, and where it is.
    pub endpoint_rule_set: Option<(Value, Location)>,
    /// `smithy.rules#endpointTests` as written, and where it is.
    pub endpoint_tests: Option<(Value, Location)>,
    /// `smithy.rules#staticContextParams` as written, and where it is.
    pub static_context_params: Option<(Value, Location)>,
    /// `smithy.rules#contextParam` `name`, and where it is.
    pub context_param: Option<(String, Location)>,
    /// Where an `aws.endpoints#*` endpoint-pattern trait is, if any.
    pub endpoint_patterns: Option<Location>,
}

/// Reads every trait of `raw` into [`Traits`], reporting unknown and
/// unsupported traits, traits applied where they mean nothing, and values of
/// the wrong form.
pub fn read(raw: &crate::model::Traits, owner: Owner<'_>, diags: &mut Diagnostics) -> Traits {
    let mut out = Traits::default();
    for (trait_id, t) in raw {
        match classify(trait_id) {
            None => diags.error(
                &t.location,
                format!("unsupported trait {trait_id} on {}: the generator does not know this trait, so it cannot tell whether ignoring it would make the generated code wrong", owner.what),
            ),
            Some(Support::Unsupported(why)) => {
                diags.error(&t.location, format!("unsupported trait {trait_id} on {}: {why}", owner.what))
            }
            Some(Support::NoEffect(_)) => {}
            Some(Support::Applied) => {
                if let Some(allowed) = misapplied(trait_id, owner) {
                    diags.error(&t.location, format!("@{} on {} ({}): {allowed}", short(trait_id), owner.what, owner.holder.word()));
                } else {
                    apply(trait_id, t, owner, &mut out, diags);
                }
            }
        }
    }
    out.waiters.sort_by(|a, b| a.name.cmp(&b.name));
    out.auth_schemes.sort();
    out.protocols.sort_by_key(|p| smithy_protocols::ALL.iter().position(|q| std::ptr::eq(*q, *p)));
    out
}

fn short(trait_id: &str) -> &str {
    trait_id.rsplit_once('#').map_or(trait_id, |(_, n)| n)
}

/// `Some(where it may be applied)` when `trait_id` means nothing on `owner`.
fn misapplied(trait_id: &str, owner: Owner<'_>) -> Option<&'static str> {
    use id::*;
    let h = owner.holder;
    let ok = match trait_id {
        // An enum is a string with a closed set of values (Smithy 2.0); the
        // values already are the constraint, so these change nothing there.
        LENGTH => matches!(h, Holder::String | Holder::Enum | Holder::Blob | Holder::List | Holder::Map),
        RANGE => matches!(h, Holder::Number(_)),
        PATTERN => matches!(h, Holder::String | Holder::Enum),
        UNIQUE_ITEMS => h == Holder::List,
        SPARSE => matches!(h, Holder::List | Holder::Map) && !owner.member,
        TIMESTAMP_FORMAT => h == Holder::Timestamp,
        ENUM_VALUE => owner.enum_member,
        ERROR | INPUT | OUTPUT => h == Holder::Structure && !owner.member,
        REQUIRED | CLIENT_OPTIONAL | IDEMPOTENCY_TOKEN => owner.member && !owner.enum_member,
        DEFAULT | ADDED_DEFAULT => !owner.enum_member,
        PAGINATED => matches!(h, Holder::Operation | Holder::Service) && !owner.member,
        WAITABLE => h == Holder::Operation && !owner.member,
        TITLE | AWS_SERVICE | SIGV4 | AWS_QUERY_COMPATIBLE | ENDPOINT_DISCOVERY => h == Holder::Service,
        DISCOVERED_ENDPOINT => h == Holder::Operation && !owner.member,
        _ if OTHER_AUTH_SCHEMES.contains(&trait_id) => h == Holder::Service,
        AUTH => matches!(h, Holder::Operation | Holder::Service) && !owner.member,
        OPTIONAL_AUTH => h == Holder::Operation && !owner.member,
        RETRYABLE | AWS_QUERY_ERROR => h == Holder::Structure && !owner.member,
        ENDPOINT => h == Holder::Operation && !owner.member,
        HOST_LABEL | CONTEXT_PARAM => owner.member && !owner.enum_member,
        ENDPOINT_RULE_SET | ENDPOINT_TESTS => h == Holder::Service,
        STATIC_CONTEXT_PARAMS => h == Holder::Operation && !owner.member,
        _ if smithy_protocols::by_trait(trait_id).is_some() => h == Holder::Service,
        _ => true,
    };
    if ok {
        return None;
    }
    Some(match trait_id {
        LENGTH => "@length applies to strings, enums, blobs, lists and maps",
        RANGE => "@range applies to numbers",
        PATTERN => "@pattern applies to strings and enums",
        UNIQUE_ITEMS => "@uniqueItems applies to lists",
        SPARSE => "@sparse applies to list and map shapes",
        TIMESTAMP_FORMAT => "@timestampFormat applies to timestamps",
        ENUM_VALUE => "@enumValue applies to enum members",
        ERROR | INPUT | OUTPUT => "it applies to structure shapes",
        REQUIRED | CLIENT_OPTIONAL | IDEMPOTENCY_TOKEN => "it applies to structure members",
        DEFAULT | ADDED_DEFAULT => "@default does not apply to enum members",
        PAGINATED => "@paginated applies to operations and services",
        WAITABLE => "waiters apply to operations",
        AUTH => "@auth applies to operations and services",
        OPTIONAL_AUTH => "@optionalAuth applies to operations",
        DISCOVERED_ENDPOINT => "@clientDiscoveredEndpoint applies to operations",
        RETRYABLE | AWS_QUERY_ERROR => "it applies to error structures",
        ENDPOINT => "@endpoint applies to operations",
        HOST_LABEL => "@hostLabel applies to structure members",
        CONTEXT_PARAM => "@contextParam applies to structure members",
        ENDPOINT_RULE_SET | ENDPOINT_TESTS => "endpoint rule sets and their tests apply to services",
        STATIC_CONTEXT_PARAMS => "@staticContextParams applies to operations",
        _ => "it applies to service shapes",
    })
}

fn apply(trait_id: &str, t: &TraitValue, owner: Owner<'_>, out: &mut Traits, diags: &mut Diagnostics) {
    use id::*;
    match trait_id {
        DOCUMENTATION => out.documentation = string(t, diags),
        TITLE => out.title = string(t, diags),
        PATTERN => out.pattern = string(t, diags).map(|p| (p, t.location.clone())),
        REQUIRED => out.required = marker(t, diags),
        CLIENT_OPTIONAL => out.client_optional = marker(t, diags),
        INPUT => out.input = marker(t, diags),
        OUTPUT => out.output = marker(t, diags),
        SENSITIVE => out.sensitive = marker(t, diags),
        IDEMPOTENCY_TOKEN => out.idempotency_token = marker(t, diags),
        UNIQUE_ITEMS => out.unique_items = marker(t, diags),
        SPARSE => out.sparse = marker(t, diags),
        LENGTH => out.length = length(t, diags),
        RANGE => out.range = range(t, diags),
        ERROR => out.error = error(t, diags),
        TIMESTAMP_FORMAT => out.timestamp_format = timestamp_format(t, diags),
        DEPRECATED => out.deprecated = deprecated(t, diags),
        ENUM_VALUE => match &t.value {
            Value::String(s) => out.enum_value = Some(s.clone()),
            v => diags.error(&t.location, format!("expected the enum value as a string, found {}", kind_of(v))),
        },
        DEFAULT => out.default = default(t, owner.holder, diags),
        ADDED_DEFAULT => {
            marker(t, diags);
        }
        PAGINATED => out.paginated = paginated(t, diags).map(|p| (p, t.location.clone())),
        WAITABLE => out.waiters = waiters(t, diags),
        AWS_SERVICE => out.aws_service = aws_service(t, diags),
        SIGV4 => {
            match field_str(t, "name", diags) {
                Some(Some(name)) => out.sigv4 = Some(name),
                Some(None) => diags.error(&t.location, "expected the signing \"name\""),
                None => {}
            }
            out.auth_schemes.push(SIGV4.to_owned());
        }
        _ if OTHER_AUTH_SCHEMES.contains(&trait_id) => {
            if expect(t, diags, "an object", Value::as_object).is_some() {
                out.auth_schemes.push(trait_id.to_owned());
            }
        }
        AUTH => out.auth = auth_list(t, diags).map(|l| (l, t.location.clone())),
        OPTIONAL_AUTH => out.optional_auth = marker(t, diags),
        HOST_LABEL => out.host_label = marker(t, diags),
        ENDPOINT => {
            if let Some(obj) = expect(t, diags, "an object {\"hostPrefix\"}", Value::as_object) {
                object_keys(t, obj, &["hostPrefix"], diags);
                match field_str(t, "hostPrefix", diags) {
                    Some(Some(prefix)) => out.host_prefix = Some((prefix, t.location.child("hostPrefix"))),
                    Some(None) => diags.error(&t.location, "expected \"hostPrefix\""),
                    None => {}
                }
            }
        }
        ENDPOINT_DISCOVERY => {
            if let Some(obj) = expect(t, diags, "an object {\"operation\", \"error\"}", Value::as_object) {
                object_keys(t, obj, &["operation", "error"], diags);
                match (field_str(t, "operation", diags), field_str(t, "error", diags)) {
                    (Some(Some(op)), Some(error)) => out.endpoint_discovery = Some((op, error, t.location.clone())),
                    (Some(None), _) => diags.error(&t.location, "expected \"operation\", the discovery operation"),
                    _ => {}
                }
            }
        }
        DISCOVERED_ENDPOINT => {
            if let Some(obj) = expect(t, diags, "an object {\"required\"}", Value::as_object) {
                object_keys(t, obj, &["required"], diags);
                match obj.get("required") {
                    None => out.discovered_endpoint = Some(false),
                    Some(Value::Bool(b)) => out.discovered_endpoint = Some(*b),
                    Some(v) => diags
                        .error(&t.location.child("required"), format!("expected true or false, found {}", kind_of(v))),
                }
            }
        }
        ENDPOINT_RULE_SET => out.endpoint_rule_set = Some((t.value.clone(), t.location.clone())),
        ENDPOINT_TESTS => out.endpoint_tests = Some((t.value.clone(), t.location.clone())),
        STATIC_CONTEXT_PARAMS => out.static_context_params = Some((t.value.clone(), t.location.clone())),
        CONTEXT_PARAM => match field_str(t, "name", diags) {
            Some(Some(name)) => out.context_param = Some((name, t.location.child("name"))),
            Some(None) => diags.error(&t.location, "expected the rule parameter's \"name\""),
            None => {}
        },
        _ if trait_id.starts_with("aws.endpoints#") => out.endpoint_patterns = Some(t.location.clone()),
        RETRYABLE => out.retryable = retryable(t, diags),
        AWS_QUERY_COMPATIBLE => out.query_compatible = marker(t, diags),
        AWS_QUERY_ERROR => match field_str(t, "code", diags) {
            Some(Some(code)) if !code.is_empty() => out.query_error_code = Some(code),
            Some(_) => diags.error(&t.location, "expected a non-empty \"code\""),
            None => {}
        },
        _ => {
            if let Some(p) = smithy_protocols::by_trait(trait_id) {
                if expect(t, diags, "an object", Value::as_object).is_some() {
                    out.protocols.push(p);
                }
            }
        }
    }
}

fn expect<'a, T>(
    t: &'a TraitValue,
    diags: &mut Diagnostics,
    what: &str,
    f: impl FnOnce(&'a Value) -> Option<T>,
) -> Option<T> {
    let r = f(&t.value);
    if r.is_none() {
        diags.error(&t.location, format!("expected {what}, found {}", kind_of(&t.value)));
    }
    r
}

fn string(t: &TraitValue, diags: &mut Diagnostics) -> Option<String> {
    expect(t, diags, "a string", |v| v.as_str().map(str::to_owned))
}

fn marker(t: &TraitValue, diags: &mut Diagnostics) -> bool {
    expect(t, diags, "an object ({})", |v| v.as_object().map(|_| ())).is_some()
}

fn object_keys(t: &TraitValue, obj: &Map<String, Value>, known: &[&str], diags: &mut Diagnostics) {
    for k in obj.keys().filter(|k| !known.contains(&k.as_str())) {
        diags.error(&t.location.child(k), format!("unexpected key {k:?}; expected {}", known.join(", ")));
    }
}

fn length(t: &TraitValue, diags: &mut Diagnostics) -> Option<Bounds<u64>> {
    let obj = expect(t, diags, "an object {\"min\"?, \"max\"?}", Value::as_object)?;
    object_keys(t, obj, &["min", "max"], diags);
    let mut get = |k: &str| match obj.get(k) {
        None => Some(None),
        Some(v) => match v.as_u64() {
            Some(n) => Some(Some(n)),
            None => {
                diags.error(&t.location.child(k), format!("expected a non-negative integer, found {v}"));
                None
            }
        },
    };
    let bounds = Bounds { min: get("min")?, max: get("max")? };
    check_order(t, bounds, diags)
}

fn range(t: &TraitValue, diags: &mut Diagnostics) -> Option<Bounds<f64>> {
    let obj = expect(t, diags, "an object {\"min\"?, \"max\"?}", Value::as_object)?;
    object_keys(t, obj, &["min", "max"], diags);
    let mut get = |k: &str| match obj.get(k) {
        None => Some(None),
        Some(v) => match v.as_f64().filter(|f| f.is_finite()) {
            Some(n) => Some(Some(n)),
            None => {
                diags.error(&t.location.child(k), format!("expected a finite number, found {}", kind_of(v)));
                None
            }
        },
    };
    let bounds = Bounds { min: get("min")?, max: get("max")? };
    check_order(t, bounds, diags)
}

fn check_order<T: PartialOrd + std::fmt::Display + Copy>(
    t: &TraitValue,
    b: Bounds<T>,
    diags: &mut Diagnostics,
) -> Option<Bounds<T>> {
    match (b.min, b.max) {
        (None, None) => {
            diags.error(&t.location, "expected at least one of \"min\" and \"max\"");
            None
        }
        (Some(min), Some(max)) if min > max => {
            diags.error(&t.location, format!("min {min} is greater than max {max}"));
            None
        }
        _ => Some(b),
    }
}

fn error(t: &TraitValue, diags: &mut Diagnostics) -> Option<Fault> {
    match t.value.as_str() {
        Some("client") => Some(Fault::Client),
        Some("server") => Some(Fault::Server),
        _ => {
            diags.error(&t.location, format!("expected \"client\" or \"server\", found {}", t.value));
            None
        }
    }
}

fn timestamp_format(t: &TraitValue, diags: &mut Diagnostics) -> Option<TimestampFormat> {
    match t.value.as_str() {
        Some("epoch-seconds") => Some(TimestampFormat::EpochSeconds),
        Some("date-time") => Some(TimestampFormat::DateTime),
        Some("http-date") => Some(TimestampFormat::HttpDate),
        _ => {
            diags.error(
                &t.location,
                format!("expected \"epoch-seconds\", \"date-time\" or \"http-date\", found {}", t.value),
            );
            None
        }
    }
}

fn deprecated(t: &TraitValue, diags: &mut Diagnostics) -> Option<Deprecated> {
    let obj = expect(t, diags, "an object {\"message\"?, \"since\"?}", Value::as_object)?;
    let mut get = |k: &str| match obj.get(k) {
        None => Some(None),
        Some(Value::String(s)) => Some(Some(s.clone())),
        Some(v) => {
            diags.error(&t.location.child(k), format!("expected a string, found {}", kind_of(v)));
            None
        }
    };
    Some(Deprecated { message: get("message")?, since: get("since")? })
}

/// Reads the string field `key` of an object trait value: `Some(None)` when
/// absent, `None` (reported) when the value or the field has the wrong form.
fn field_str(t: &TraitValue, key: &str, diags: &mut Diagnostics) -> Option<Option<String>> {
    let obj = expect(t, diags, "an object", Value::as_object)?;
    match obj.get(key) {
        None => Some(None),
        Some(Value::String(s)) => Some(Some(s.clone())),
        Some(v) => {
            diags.error(&t.location.child(key), format!("expected a string, found {}", kind_of(v)));
            None
        }
    }
}

/// `@auth`: an array of auth scheme shape ids.
fn auth_list(t: &TraitValue, diags: &mut Diagnostics) -> Option<Vec<String>> {
    let items = expect(t, diags, "an array of auth scheme ids", Value::as_array)?;
    let mut out = Vec::new();
    for (i, v) in items.iter().enumerate() {
        match v.as_str() {
            Some(id) if id.contains('#') => out.push(id.to_owned()),
            _ => diags.error(&t.location.child(i), format!("expected an auth scheme's shape id, found {v}")),
        }
    }
    (out.len() == items.len()).then_some(out)
}

/// `@retryable`: `{}` or `{"throttling": bool}`.
fn retryable(t: &TraitValue, diags: &mut Diagnostics) -> Option<Retry> {
    let obj = expect(t, diags, "an object {\"throttling\"?}", Value::as_object)?;
    object_keys(t, obj, &["throttling"], diags);
    match obj.get("throttling") {
        None | Some(Value::Bool(false)) => Some(Retry::Transient),
        Some(Value::Bool(true)) => Some(Retry::Throttling),
        Some(v) => {
            diags.error(&t.location.child("throttling"), format!("expected true or false, found {}", kind_of(v)));
            None
        }
    }
}

fn aws_service(t: &TraitValue, diags: &mut Diagnostics) -> Option<AwsService> {
    let sdk_id = field_str(t, "sdkId", diags)?;
    let endpoint_prefix = field_str(t, "endpointPrefix", diags)?;
    let Some(sdk_id) = sdk_id else {
        diags.error(&t.location, "expected \"sdkId\"");
        return None;
    };
    Some(AwsService { sdk_id, endpoint_prefix })
}

fn paginated(t: &TraitValue, diags: &mut Diagnostics) -> Option<PaginatedTrait> {
    Some(PaginatedTrait {
        input_token: field_str(t, "inputToken", diags)?,
        output_token: field_str(t, "outputToken", diags)?,
        items: field_str(t, "items", diags)?,
        page_size: field_str(t, "pageSize", diags)?,
    })
}

fn default(t: &TraitValue, holder: Holder, diags: &mut Diagnostics) -> Option<DefaultTrait> {
    let v = &t.value;
    let bad = |diags: &mut Diagnostics, what: &str| {
        diags.error(&t.location, format!("@default {v} does not fit {}: expected {what}", holder.word()));
        None
    };
    match (holder, v) {
        (_, Value::Null) => Some(DefaultTrait::Null),
        // A document's default is the value itself.
        (Holder::Document, Value::Array(a)) if !a.is_empty() => {
            bad(diags, "null, a boolean, a number, a string, [] or {}")
        }
        (Holder::Document, Value::Object(o)) if !o.is_empty() => {
            bad(diags, "null, a boolean, a number, a string, [] or {}")
        }
        (Holder::Document, v) => Some(DefaultTrait::Document(v.clone())),
        (Holder::Boolean, Value::Bool(b)) => Some(DefaultTrait::Bool(*b)),
        (Holder::String | Holder::Enum, Value::String(s)) => Some(DefaultTrait::String(s.clone())),
        (Holder::List, Value::Array(a)) if a.is_empty() => Some(DefaultTrait::Empty),
        (Holder::Map, Value::Object(o)) if o.is_empty() => Some(DefaultTrait::Empty),
        // A blob's default is base64 text.
        (Holder::Blob, Value::String(s)) if s.is_empty() => Some(DefaultTrait::Empty),
        (Holder::Blob, Value::String(s)) => {
            use base64::Engine as _;
            match base64::engine::general_purpose::STANDARD.decode(s) {
                Ok(bytes) => Some(DefaultTrait::Bytes(bytes)),
                Err(e) => bad(diags, &format!("base64 text ({e})")),
            }
        }
        (Holder::Timestamp, Value::Number(n)) if n.as_f64() == Some(0.0) => Some(DefaultTrait::Int(0)),
        // Epoch seconds, or an RFC 3339 date-time.
        (Holder::Timestamp, Value::Number(n)) => {
            let ts = n.as_f64().and_then(|f| {
                let (whole, nanos) = (f.floor(), ((f - f.floor()) * 1e9).round() as u32);
                time::Timestamp::new(whole as i64, nanos.min(999_999_999)).ok()
            });
            match ts {
                Some(t) => Some(DefaultTrait::Timestamp(t.as_seconds(), t.nanosecond())),
                None => bad(diags, "a time in range, in seconds since the epoch"),
            }
        }
        (Holder::Timestamp, Value::String(s)) => match time::Timestamp::parse(s, &Rfc3339) {
            Ok(t) => Some(DefaultTrait::Timestamp(t.as_seconds(), t.nanosecond())),
            Err(e) => bad(diags, &format!("an RFC 3339 date-time ({e})")),
        },
        (Holder::Number(Simple::BigInteger), Value::Number(n)) if n.is_i64() || n.is_u64() => {
            Some(DefaultTrait::Number(n.to_string()))
        }
        (Holder::Number(Simple::BigInteger), Value::Number(_)) => {
            bad(diags, "an integer (within 64 bits, as the model's JSON is read)")
        }
        (Holder::Number(Simple::BigDecimal), Value::Number(n)) => Some(DefaultTrait::Number(n.to_string())),
        (Holder::Number(k), Value::Number(n)) => {
            let (lo, hi, float) = match k {
                Simple::Byte => (i8::MIN as f64, i8::MAX as f64, false),
                Simple::Short => (i16::MIN as f64, i16::MAX as f64, false),
                Simple::Integer => (i32::MIN as f64, i32::MAX as f64, false),
                Simple::Long => (i64::MIN as f64, i64::MAX as f64, false),
                Simple::Float => (f32::MIN as f64, f32::MAX as f64, true),
                Simple::Double => (f64::MIN, f64::MAX, true),
                _ => (0.0, 0.0, false),
            };
            let range = format!("a number from {lo} to {hi}");
            if float {
                match n.as_f64().filter(|f| f.is_finite() && *f >= lo && *f <= hi) {
                    Some(f) => Some(DefaultTrait::Float(f)),
                    None => bad(diags, &range),
                }
            } else {
                match n.as_i64().filter(|i| (*i as f64) >= lo && (*i as f64) <= hi) {
                    Some(i) => Some(DefaultTrait::Int(i)),
                    None => bad(diags, &format!("a whole number from {lo} to {hi}")),
                }
            }
        }
        (Holder::Boolean, _) => bad(diags, "true or false"),
        (Holder::String | Holder::Enum, _) => bad(diags, "a string"),
        (Holder::List, _) => bad(diags, "[] (the only default a list may have)"),
        (Holder::Map, _) => bad(diags, "{} (the only default a map may have)"),
        (Holder::Timestamp, _) => bad(diags, "seconds since the epoch or an RFC 3339 date-time"),
        (Holder::Blob, _) => bad(diags, "base64 text"),
        (Holder::Number(_), _) => bad(diags, "a number"),
        _ => bad(diags, "no default (this type cannot have one)"),
    }
}

/// Whether `name` is a valid waiter name (`^[A-Z]+[A-Za-z0-9]*$`).
pub fn valid_waiter_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric())
}

fn waiters(t: &TraitValue, diags: &mut Diagnostics) -> Vec<WaiterTrait> {
    let Some(map) = t.value.as_object() else {
        diags.error(&t.location, format!("expected an object of waiters by name, found {}", kind_of(&t.value)));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, w) in map {
        let loc = t.location.child(name);
        if !valid_waiter_name(name) {
            diags.error(&loc, format!("waiter name {name:?} is not valid: expected an upper-case letter, then letters and digits (^[A-Z]+[A-Za-z0-9]*$)"));
            continue;
        }
        let Some(w) = w.as_object() else {
            diags.error(&loc, format!("expected a waiter object, found {}", kind_of(w)));
            continue;
        };
        let num = |diags: &mut Diagnostics, key: &str, default: u64| match w.get(key) {
            None => default,
            Some(v) => v.as_u64().filter(|n| (1..=u32::MAX as u64).contains(n)).unwrap_or_else(|| {
                diags.error(&loc.child(key), format!("expected a whole number of seconds of at least 1, found {v}"));
                default
            }),
        };
        let (min_delay, max_delay) = (num(diags, "minDelay", 2), num(diags, "maxDelay", 120));
        if min_delay > max_delay {
            diags.error(&loc, format!("waiter {name}: minDelay {min_delay} is greater than maxDelay {max_delay}"));
        }
        let docs = match w.get("documentation") {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(v) => {
                diags.error(&loc.child("documentation"), format!("expected a string, found {}", kind_of(v)));
                None
            }
        };
        let aloc = loc.child("acceptors");
        let list = match w.get("acceptors") {
            Some(Value::Array(l)) if !l.is_empty() => l.as_slice(),
            _ => {
                diags.error(&aloc, format!("waiter {name}: expected a non-empty array of acceptors"));
                &[]
            }
        };
        let mut acceptors = Vec::new();
        for (i, a) in list.iter().enumerate() {
            let what = format!("waiter {name}, acceptor {i}");
            let l = aloc.child(i);
            let state = match a.get("state").and_then(Value::as_str) {
                Some("success") => AcceptorState::Success,
                Some("failure") => AcceptorState::Failure,
                Some("retry") => AcceptorState::Retry,
                _ => {
                    diags.error(&l.child("state"), format!("{what}: expected \"success\", \"failure\" or \"retry\""));
                    continue;
                }
            };
            let mloc = l.child("matcher");
            let only =
                a.get("matcher").and_then(Value::as_object).filter(|m| m.len() == 1).and_then(|m| m.iter().next());
            let matcher = match only {
                Some((k, v)) if k == "output" || k == "inputOutput" => {
                    let ploc = mloc.child(k);
                    let field = |key: &str| v.get(key).and_then(Value::as_str).map(str::to_owned);
                    let (Some(path), Some(expected), Some(comparator)) =
                        (field("path"), field("expected"), field("comparator"))
                    else {
                        diags.error(&ploc, format!("{what}: expected string members path, expected and comparator"));
                        continue;
                    };
                    let comparator = match comparator.as_str() {
                        "stringEquals" => Comparator::StringEquals,
                        "booleanEquals" => Comparator::BooleanEquals,
                        "allStringEquals" => Comparator::AllStringEquals,
                        "anyStringEquals" => Comparator::AnyStringEquals,
                        other => {
                            diags.error(&ploc.child("comparator"), format!("{what}: unknown comparator {other:?}; expected stringEquals, booleanEquals, allStringEquals or anyStringEquals"));
                            continue;
                        }
                    };
                    Some(MatcherTrait::Path { input_output: k == "inputOutput", path, expected, comparator })
                }
                Some((k, v)) if k == "success" => v.as_bool().map(MatcherTrait::Success),
                Some((k, v)) if k == "errorType" => {
                    v.as_str().map(|s| MatcherTrait::ErrorType(s.rsplit_once('#').map_or(s, |(_, n)| n).to_owned()))
                }
                _ => None,
            };
            match matcher {
                Some(matcher) => acceptors.push(AcceptorTrait { state, matcher, location: mloc }),
                None => diags.error(
                    &mloc,
                    format!("{what}: expected exactly one of output {{path, expected, comparator}}, inputOutput {{...}}, success (a boolean) or errorType (a string)"),
                ),
            }
        }
        let any_success = list.iter().any(|a| a.get("state").and_then(Value::as_str) == Some("success"));
        if !list.is_empty() && !any_success {
            diags.error(&aloc, format!("waiter {name}: needs at least one acceptor with the success state"));
        }
        out.push(WaiterTrait { name: name.clone(), location: loc, docs, min_delay, max_delay, acceptors });
    }
    out
}

//! What compiled endpoint rule sets call at run time.
//!
//! The generator compiles a service's `smithy.rules#endpointRuleSet` into a
//! Rust function of the generated crate (`endpoint::resolve`); that function
//! calls the rules language's library functions here (`aws.partition`,
//! `aws.parseArn`, `parseURL`, `isValidHostLabel`, `substring`, `uriEncode`,
//! ...) and returns an [`Endpoint`] or an [`EndpointError`].
//!
//! Nothing here interprets rules: there is no rule data at run time other
//! than the partitions ([`partition()`]), which are data so that a new
//! region or partition is a data update.
//!
//! Each library function is one Rust function; a structure it returns
//! ([`Partition`], [`Arn`], [`Url`]) has one method per attribute that
//! `getAttr` can read (`dnsSuffix` is [`Partition::dns_suffix`]).
//!
//! | Rules language | Here |
//! |---|---|
//! | `aws.partition(region)` | [`partition()`] |
//! | `aws.parseArn(value)` | [`parse_arn`] |
//! | `aws.isVirtualHostableS3Bucket(value, allowSubDomains)` | [`is_virtual_hostable_s3_bucket`] |
//! | `parseURL(value)` | [`parse_url`] |
//! | `isValidHostLabel(value, allowSubDomains)` | [`is_valid_host_label`] |
//! | `substring(input, start, stop, reverse)` | [`substring`] |
//! | `uriEncode(value)` | [`uri_encode`] |

mod arn;
mod functions;
mod partition;
mod url;

pub use arn::{parse_arn, Arn};
pub use functions::{is_valid_host_label, is_virtual_hostable_s3_bucket, substring, uri_encode};
pub use partition::{partition, Partition};
pub use url::{parse_url, Url};

use crate::Document;
use std::collections::BTreeMap;
use std::fmt;

/// What a rule set resolved: the URL requests go to, headers to add to
/// them, and properties such as `authSchemes` (how to sign).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Endpoint {
    url: String,
    headers: BTreeMap<String, Vec<String>>,
    properties: BTreeMap<String, Document>,
}

impl Endpoint {
    /// An endpoint at `url`, without headers or properties.
    pub fn new(url: impl Into<String>) -> Self {
        Endpoint { url: url.into(), headers: BTreeMap::new(), properties: BTreeMap::new() }
    }

    /// Adds `value` to the values of header `name`.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.entry(name.into()).or_default().push(value.into());
        self
    }

    /// Sets property `name` (`authSchemes`, say) to `value`.
    pub fn property(mut self, name: impl Into<String>, value: Document) -> Self {
        self.properties.insert(name.into(), value);
        self
    }

    /// The URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The headers to send, by name, each with its values in order.
    pub fn headers(&self) -> &BTreeMap<String, Vec<String>> {
        &self.headers
    }

    /// The properties, by name.
    pub fn properties(&self) -> &BTreeMap<String, Document> {
        &self.properties
    }
}

/// Why a rule set gave no endpoint: an `error` rule matched (the message is
/// the rule's own), or no rule matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointError {
    message: String,
}

impl EndpointError {
    /// An error with the rule's `message`.
    pub fn new(message: impl Into<String>) -> Self {
        EndpointError { message: message.into() }
    }

    /// The message, as the rule set words it.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EndpointError {}

/// The parameters that AWS SDKs fill in from configuration (a rule set's
/// parameters with a `builtIn`), as the client passes them to a generated
/// resolver. Parameters without a `builtIn` come from operation inputs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct BuiltIns<'a> {
    /// `AWS::Region`.
    pub region: Option<&'a str>,
    /// `AWS::UseFIPS`.
    pub use_fips: bool,
    /// `AWS::UseDualStack`.
    pub use_dual_stack: bool,
    /// `SDK::Endpoint`: the configured endpoint URL, if any.
    pub endpoint: Option<&'a str>,
    /// `AWS::Auth::AccountId`: the account of the credentials, when known.
    pub account_id: Option<&'a str>,
    /// `AWS::Auth::AccountIdEndpointMode` (`preferred`, `disabled`, `required`).
    pub account_id_endpoint_mode: Option<&'a str>,
}

impl<'a> BuiltIns<'a> {
    /// Built-ins with only the region set.
    pub fn new(region: Option<&'a str>) -> Self {
        BuiltIns { region, ..BuiltIns::default() }
    }
}

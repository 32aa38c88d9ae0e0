//! The request pipeline of an AWS client, written once for every generated
//! crate (cargo feature `client`).
//!
//! A generated crate supplies a [`ServiceMeta`] and, per operation, an input
//! type implementing [`Operation`] and an error type implementing
//! [`ServiceError`]; [`Client::invoke`] does the rest:
//!
//! 1. validates the input ([`Config::validation`]); nothing is sent if it fails;
//! 2. resolves the endpoint (see [`Client::endpoint`]) and serializes the
//!    input for the service's [`Protocol`];
//! 3. per attempt: gets credentials, builds the HTTP request, signs it with
//!    SigV4 (`aws-sigv4`), sends it through the [`HttpTransport`], reads the
//!    output or the [`ErrorResponse`];
//! 4. retries what AWS's standard retry mode retries (see [`RetryConfig`]),
//!    waiting with exponential backoff and full jitter, within a client-wide
//!    retry quota;
//! 5. bounds everything by finite timeouts ([`TimeoutConfig`]).
//!
//! Tracing: a span `operation` (fields `operation`, `service`) per call and
//! a span `attempt` (field `attempt`) per attempt; retries are logged at
//! debug level with their reason. Secrets are never logged or shown in
//! `Debug` output or errors.
//!
//! Timeouts use Tokio's timer, and the default transport runs on Tokio: call
//! [`Client::invoke`] inside a Tokio runtime with the time and I/O drivers
//! enabled.
//!
//! # Example
//!
//! ```no_run
//! use serde::{Deserialize, Serialize};
//! use smithy_rt::client::{Client, Config, ErrorResponse, Operation, Protocol, ServiceError, ServiceMeta, UnhandledError};
//! use smithy_rt::validate::{ValidationErrors, ValidationMode};
//!
//! static SERVICE: ServiceMeta = ServiceMeta {
//!     sdk_id: "AppStream",
//!     target_prefix: "PhotonAdminProxyService",
//!     signing_name: "appstream",
//!     endpoint_prefix: "appstream2",
//!     env_name: "APPSTREAM",
//!     protocols: &[Protocol::AwsJson1_1],
//!     crate_name: "appstream",
//!     crate_version: "0.1.0",
//!     query_compatible: false,
//!     endpoint_rules: None,
//! };
//!
//! #[derive(Serialize, Default)]
//! struct DescribeFleetsInput {
//!     #[serde(rename = "Names", skip_serializing_if = "Option::is_none")]
//!     names: Option<Vec<String>>,
//! }
//!
//! #[derive(Deserialize, Debug)]
//! struct DescribeFleetsOutput {
//!     #[serde(rename = "NextToken")]
//!     next_token: Option<String>,
//!     #[serde(skip)]
//!     meta: smithy_rt::OutputMeta,
//! }
//! impl smithy_rt::OperationOutput for DescribeFleetsOutput {
//!     fn meta(&self) -> &smithy_rt::OutputMeta { &self.meta }
//!     fn meta_mut(&mut self) -> &mut smithy_rt::OutputMeta { &mut self.meta }
//! }
//!
//! #[derive(Debug)]
//! struct DescribeFleetsError(UnhandledError);
//! impl std::fmt::Display for DescribeFleetsError {
//!     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { self.0.fmt(f) }
//! }
//! impl std::error::Error for DescribeFleetsError {}
//! impl ServiceError for DescribeFleetsError {
//!     fn from_response(response: ErrorResponse) -> Self { DescribeFleetsError(response.into_unhandled()) }
//! }
//!
//! impl Operation for DescribeFleetsInput {
//!     const NAME: &'static str = "DescribeFleets";
//!     type Output = DescribeFleetsOutput;
//!     type Error = DescribeFleetsError;
//!     fn validate(&self, _mode: ValidationMode) -> Result<(), ValidationErrors> { Ok(()) }
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::new(&SERVICE, Config::from_env());
//! let output = client.invoke(&DescribeFleetsInput::default()).await?;
//! println!("{output:?}");
//! # Ok(()) }
//! ```

mod aws_json;
mod config;
mod credentials;
pub mod discovery;
mod endpoint;
mod env;
mod error;
mod memo;
mod network;
pub mod paginate;
mod profile;
mod protocol;
mod retry;
mod rpcv2_cbor;
mod sign;
pub mod test_util;
mod time;
mod transport;
pub mod waiter;

/// The `aws-credential-types` crate, whose `ProvideCredentials` (what
/// `aws-config`'s providers implement) [`ConfigBuilder::aws_credentials_provider`] takes.
pub use ::aws_credential_types;
/// The `bytes` crate, whose `Bytes` is the body type of [`HttpRequest`] and [`HttpResponse`].
pub use ::bytes;
/// The `http` crate (1.x), whose types [`HttpTransport`] takes and returns.
pub use ::http;
pub use config::{Config, ConfigBuilder, ConfigSummary, TimeoutConfig, DEFAULT_MAX_RESPONSE_BODY};
pub use credentials::{
    provide_credentials_fn, AwsCredentialsProvider, Credentials, CredentialsCache, CredentialsError,
    CredentialsErrorKind, DefaultCredentialsChain, EnvironmentCredentials, ProfileCredentials, ProvideCredentials,
};
pub use discovery::{DiscoveredEndpoint, EndpointDiscovery};
pub use env::Env;
pub use error::{
    ConstructionError, ConstructionErrorKind, ErrorMeta, ErrorResponse, PaginationError, ResponseError, ResponseMeta,
    SdkError, TimeoutError, TimeoutKind, TransportError, TransportErrorKind, UnhandledError, ValidationError,
    MAX_CODE_CHARS, MAX_ERROR_BODY_BYTES, MAX_MESSAGE_CHARS, SNIPPET_CHARS, TRUNCATION_MARKER,
};
pub use network::ProxyConfig;
pub use retry::{RetryConfig, MAX_ATTEMPTS_CAP, THROTTLING_ERROR_CODES, TRANSIENT_ERROR_CODES, TRANSIENT_STATUS_CODES};
pub use sign::sign_request;
pub use time::{FixedTime, Sleep, SystemClock, TimeSource, TokioSleep};
pub use transport::{HttpRequest, HttpResponse, HttpTransport, HyperTransport};

use crate::validate::{ValidationErrors, ValidationMode};
use error::TimeoutKind as Tk;
use http::{HeaderName, HeaderValue};
use retry::{RetryQuota, RetryReason};
use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use tracing::Instrument;

/// A boxed, sendable future (what the pluggable traits return).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The wire protocol of a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Protocol {
    /// `aws.protocols#awsJson1_0` (`Content-Type: application/x-amz-json-1.0`).
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1` (`Content-Type: application/x-amz-json-1.1`).
    AwsJson1_1,
    /// `smithy.protocols#rpcv2Cbor` (`POST /service/<service>/operation/<operation>`,
    /// `Content-Type: application/cbor`).
    RpcV2Cbor,
}

impl Protocol {
    /// The protocol's entry in the table the generator also reads.
    pub fn spec(self) -> &'static crate::protocols::Protocol {
        match self {
            Protocol::AwsJson1_0 => &crate::protocols::AWS_JSON_1_0,
            Protocol::AwsJson1_1 => &crate::protocols::AWS_JSON_1_1,
            Protocol::RpcV2Cbor => &crate::protocols::RPC_V2_CBOR,
        }
    }

    /// The protocol's name in the table (`awsJson1_1`, `rpcv2Cbor`).
    pub fn name(self) -> &'static str {
        self.spec().name
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A service's compiled endpoint rule set, called with the client's
/// built-ins only ([`ServiceMeta::endpoint_rules`]).
pub type EndpointRules = fn(&crate::rules::BuiltIns<'_>) -> Result<crate::rules::Endpoint, crate::rules::EndpointError>;

/// A service's compiled endpoint rule set with the parameters of one
/// operation, whose input is an `I`, bound ([`Operation::ENDPOINT_RULES`]).
pub type OperationEndpointRules<I> =
    fn(&I, &crate::rules::BuiltIns<'_>) -> Result<crate::rules::Endpoint, crate::rules::EndpointError>;

/// What the pipeline needs to know about a service; one `static` per
/// generated crate.
#[derive(Debug)]
pub struct ServiceMeta {
    /// The service's SDK id (`AppStream`).
    pub sdk_id: &'static str,
    /// The `X-Amz-Target` prefix: the service shape's name (`PhotonAdminProxyService`).
    pub target_prefix: &'static str,
    /// The SigV4 signing name (`appstream`).
    pub signing_name: &'static str,
    /// The first label of the endpoint host (`appstream2`).
    pub endpoint_prefix: &'static str,
    /// The suffix of `AWS_ENDPOINT_URL_<env_name>`: the SDK id upper-cased,
    /// spaces replaced by `_` (`APPSTREAM`).
    pub env_name: &'static str,
    /// The wire protocols the service supports, the one a client speaks
    /// unless configured otherwise ([`ConfigBuilder::protocol`]) first.
    pub protocols: &'static [Protocol],
    /// The generated crate's name, for the `User-Agent`.
    pub crate_name: &'static str,
    /// The generated crate's version, for the `User-Agent`.
    pub crate_version: &'static str,
    /// Whether the service has `aws.protocols#awsQueryCompatible`: an error
    /// response's code is then the part before `;` of its
    /// `x-amzn-query-error` header (`Code;Fault`), when it has one.
    pub query_compatible: bool,
    /// The service's endpoint rule set (`smithy.rules#endpointRuleSet`),
    /// compiled: called with only the [built-ins](crate::rules::BuiltIns)
    /// set, once per client (see [`Client::endpoint`]). `None` (a model
    /// without a rule set) builds `https://<endpoint_prefix>.<region>.<dns suffix>`
    /// instead. An operation whose endpoint depends on its input has its own
    /// resolver, [`Operation::ENDPOINT_RULES`].
    pub endpoint_rules: Option<EndpointRules>,
}

/// How an operation's requests are authenticated, decided by the generator
/// from the model's `@auth` and `@optionalAuth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthMode {
    /// Signed with SigV4; a call fails without credentials.
    SigV4,
    /// Signed with SigV4 when credentials resolve, sent unsigned when there
    /// is no credentials provider or it fails (`@optionalAuth`).
    OptionalSigV4,
    /// Never signed, and no credentials are looked up (`@auth([])`).
    Anonymous,
}

/// A piece of an operation's host prefix (`smithy.api#endpoint`'s
/// `hostPrefix`, such as `data-{Name}.`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HostPrefixSegment {
    /// Text written as it is (`data-`).
    Literal(&'static str),
    /// The value of the input member with this wire name (`@hostLabel`),
    /// read with [`Operation::host_label`]; it must be a valid host label.
    Label(&'static str),
}

/// Whether the model marks an error `@retryable`, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ModeledRetry {
    /// `@retryable`: a transient error.
    Transient,
    /// `@retryable(throttling: true)`: the service asks the client to slow down.
    Throttling,
}

/// An operation's input: what generated code implements per operation.
pub trait Operation: serde::Serialize + Send + Sync {
    /// The operation's name (`CreateFleet`).
    const NAME: &'static str;
    /// What a successful call returns; the client sets its request id.
    type Output: serde::de::DeserializeOwned + crate::OperationOutput + Send;
    /// What a failed call's error response becomes.
    type Error: ServiceError;
    /// How requests are authenticated (SigV4 unless the model says otherwise).
    const AUTH: AuthMode = AuthMode::SigV4;
    /// What goes before the endpoint's host (`smithy.api#endpoint`); empty
    /// for most operations. [`Config::disable_host_prefix`] leaves it off.
    const HOST_PREFIX: &'static [HostPrefixSegment] = &[];
    /// Whether the endpoint is discovered (`aws.api#clientDiscoveredEndpoint`).
    const ENDPOINT_DISCOVERY: EndpointDiscovery = EndpointDiscovery::Off;
    /// The service's endpoint rule set with this operation's parameters
    /// bound (its input members with `@contextParam`, its
    /// `@staticContextParams`), for an operation whose endpoint depends on
    /// them: such an operation's endpoint is resolved at each call, from
    /// `self` and the client's built-ins, instead of once per client with
    /// [`ServiceMeta::endpoint_rules`]. `None` for most operations.
    const ENDPOINT_RULES: Option<OperationEndpointRules<Self>> = None;
    /// The value of the `@hostLabel` member with wire name `member`, if set.
    fn host_label(&self, member: &str) -> Option<&str> {
        let _ = member;
        None
    }
    /// Checks the input before anything is sent.
    fn validate(&self, mode: ValidationMode) -> Result<(), ValidationErrors>;
}

/// An operation's error type, built from an error response.
pub trait ServiceError: std::error::Error + Send + Sync + Sized + 'static {
    /// Builds the operation's error from an error response: generated code
    /// matches [`ErrorResponse::code`] against the modelled error codes,
    /// reads the body with [`ErrorResponse::parse_body`], and falls back to
    /// an unhandled variant holding an [`UnhandledError`].
    fn from_response(response: ErrorResponse) -> Self;

    /// Whether the model marks this error `@retryable`: the standard retry
    /// strategy then retries it like a transient (or throttling) error.
    /// Generated code answers per variant; unmodelled errors are `None`.
    fn modeled_retry(&self) -> Option<ModeledRetry> {
        None
    }
}

/// Calls operations of one service. Cloning is cheap (an `Arc`); clones
/// share the connection pool and the retry quota.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    service: &'static ServiceMeta,
    config: Config,
    transport: Arc<dyn HttpTransport>,
    quota: RetryQuota,
    user_agent: HeaderValue,
    /// The endpoint, resolved once: `None` if resolving fails (each call
    /// then resolves again, to report the error).
    endpoint: Option<CachedEndpoint>,
    /// The protocol the client speaks, or why the configured one cannot be
    /// spoken (each call then fails, saying so).
    protocol: Result<Protocol, String>,
    /// What the protocol reuses between calls (`X-Amz-Target` values, paths).
    protocol_cache: protocol::ProtocolCache,
    /// `amz-sdk-request` for attempts `1..=max_attempts`.
    attempt_headers: Vec<HeaderValue>,
    /// The endpoint discovered for operations that discover theirs.
    discovered: discovery::Cache,
    /// The configured endpoint URL (`endpoint_url`, `AWS_ENDPOINT_URL*`,
    /// the profile): the rules' `SDK::Endpoint`; nothing is discovered then.
    configured_endpoint: Option<String>,
    /// Where connections go instead ([`ConfigBuilder::connect_to`]): the
    /// origin, or why the configured one is not valid.
    connect_to: Option<Result<endpoint::ConnectTo, String>>,
}

impl Inner {
    /// The built-ins the endpoint rules are called with.
    fn built_ins(&self) -> crate::rules::BuiltIns<'_> {
        endpoint::built_ins(&self.config, self.configured_endpoint.as_deref())
    }
}

/// The endpoint of a client, as every request of it uses it.
struct CachedEndpoint {
    resolved: endpoint::Resolved,
    /// The URL of a request whose protocol path is `""`, without a host prefix.
    uri: http::Uri,
    host: HeaderValue,
    /// The URL of a request for each other protocol path (rpcv2Cbor's
    /// `/service/.../operation/...`), without a host prefix, made on first use.
    paths: memo::Memo<Arc<str>, http::Uri>,
}

impl CachedEndpoint {
    /// The URL of a request whose protocol path is `path`.
    fn uri(&self, path: &Arc<str>) -> Result<http::Uri, ConstructionError> {
        if path.is_empty() {
            return Ok(self.uri.clone());
        }
        self.paths.get_or_try_insert(path, || Ok(endpoint::request_target(&self.resolved.endpoint, path, None)?.0))
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.inner.service.sdk_id)
            .field("config", &self.inner.config)
            .finish()
    }
}

/// The request of one call, before each attempt adds credentials.
struct Prepared<'a> {
    uri: http::Uri,
    host: HeaderValue,
    /// The client's endpoint, or the operation's, resolved for this call.
    endpoint: Cow<'a, endpoint::Resolved>,
    /// The configured region, checked; `None` when the endpoint names the
    /// signing region.
    region: Option<&'a str>,
    /// The provider to sign with; `None` sends the request unsigned.
    credentials: Option<&'a Arc<dyn ProvideCredentials>>,
    protocol: Protocol,
    parts: protocol::RequestParts,
    invocation_id: HeaderValue,
}

/// A failed attempt, and whether (why) to retry it.
struct AttemptFailure<E> {
    error: SdkError<E>,
    retry: Option<RetryReason>,
}

impl Prepared<'_> {
    /// The region to sign for: the endpoint's, else the configured one.
    fn signing_region(&self) -> &str {
        match &self.endpoint.signing.region {
            Some(region) => region,
            None => self.region.expect("prepare checks the configured region when the endpoint names none"),
        }
    }
}

impl<E> AttemptFailure<E> {
    fn fatal(error: SdkError<E>) -> Self {
        AttemptFailure { error, retry: None }
    }
}

impl Client {
    /// A client of `service` with `config`; without a transport in the
    /// config, it makes a [`HyperTransport`] with the configured connect
    /// timeout. The endpoint is resolved here, once (with the service's
    /// [endpoint rules](ServiceMeta::endpoint_rules) if it has some). Nothing
    /// fails here: a missing region or credentials, or an endpoint that does
    /// not resolve, are reported by each [`Client::invoke`].
    pub fn new(service: &'static ServiceMeta, config: Config) -> Self {
        let transport = match &config.transport {
            Some(t) => t.clone(),
            None => transport::default_transport(config.timeouts.connect(), &config.network, config.max_response_body),
        };
        let mut ua = format!(
            "{}/{} smithy-rt/{} lang/rust",
            service.crate_name,
            service.crate_version,
            env!("CARGO_PKG_VERSION")
        );
        if let Some(app) = &config.app_name {
            ua.push_str(" app/");
            ua.push_str(app);
        }
        let user_agent = HeaderValue::try_from(ua).unwrap_or_else(|_| HeaderValue::from_static("smithy-rt lang/rust"));
        let endpoint = endpoint::resolve_for(service, &config).and_then(|resolved| {
            let (uri, host) = endpoint::request_target(&resolved.endpoint, "", None)?;
            Ok(CachedEndpoint { resolved, uri, host, paths: memo::Memo::new() })
        });
        let endpoint = endpoint
            .inspect_err(|e| tracing::debug!(error = %e, "the endpoint does not resolve; each call will say why"))
            .ok();
        let max = config.retry.max_attempts();
        let attempt_headers = (1..=max).map(|attempt| attempt_header(attempt, max)).collect();
        let protocol = choose_protocol(service, config.protocol);
        let protocol_cache = protocol::ProtocolCache::new(service, *protocol.as_ref().unwrap_or(&Protocol::AwsJson1_1));
        let configured_endpoint = endpoint::configured_url(service, &config).map(str::to_owned);
        let connect_to = config.connect_to.as_deref().map(|o| endpoint::ConnectTo::parse(o).map_err(|e| e.to_string()));
        Client {
            inner: Arc::new(Inner {
                service,
                config,
                transport,
                quota: RetryQuota::default(),
                user_agent,
                endpoint,
                protocol,
                protocol_cache,
                attempt_headers,
                discovered: discovery::Cache::default(),
                configured_endpoint,
                connect_to,
            }),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The service.
    pub fn service(&self) -> &'static ServiceMeta {
        self.inner.service
    }

    /// The wire protocol requests are sent in: the configured one
    /// ([`ConfigBuilder::protocol`]), else the first the service supports.
    /// `None` if the configured protocol is not one the service supports
    /// (each call then fails with a [`ConstructionErrorKind::Protocol`] error).
    pub fn protocol(&self) -> Option<Protocol> {
        self.inner.protocol.as_ref().ok().copied()
    }

    /// The URL requests go to, resolved as [`Client::invoke`] resolves it
    /// (before host prefixes, endpoint discovery, and operations with their
    /// own [endpoint rules](Operation::ENDPOINT_RULES)).
    ///
    /// With the service's [endpoint rules](ServiceMeta::endpoint_rules), the
    /// URL they give for the configuration's built-ins (region, FIPS,
    /// dual-stack, the configured endpoint URL). Without, the configured
    /// endpoint URL: the builder's `endpoint_url`, `AWS_ENDPOINT_URL_<env_name>`,
    /// `AWS_ENDPOINT_URL`, the profile's `services` section's and then its
    /// own `endpoint_url`; else `https://<endpoint_prefix>.<region>.amazonaws.com`
    /// (`.amazonaws.com.cn` in `cn-*` regions).
    pub fn endpoint(&self) -> Result<String, ConstructionError> {
        match &self.inner.endpoint {
            Some(cached) => Ok(cached.resolved.endpoint.url("")),
            None => Ok(endpoint::resolve_for(self.inner.service, &self.inner.config)?.endpoint.url("")),
        }
    }

    /// Calls the operation whose input is `input`. Every error it returns
    /// names the operation ([`SdkError::operation`]).
    pub async fn invoke<O: Operation>(&self, input: &O) -> Result<O::Output, SdkError<O::Error>> {
        let span = tracing::debug_span!("operation", operation = O::NAME, service = self.inner.service.sdk_id);
        self.invoke_inner(input).instrument(span).await.map_err(|e| e.with_operation(O::NAME))
    }

    async fn invoke_inner<O: Operation>(&self, input: &O) -> Result<O::Output, SdkError<O::Error>> {
        let config = &self.inner.config;
        if config.validation != ValidationMode::Off {
            input.validate(config.validation).map_err(|e| SdkError::Validation(e.into()))?;
        }
        let (discovered, invalid_endpoint_code) = self.discovered_endpoint::<O>().await?;
        let mut prepared = self.prepare(input).map_err(SdkError::Construction)?;
        if let Some(target) = discovered {
            prepared.uri = target.uri;
            prepared.host = target.host;
        }
        let limit = config.timeouts.operation();
        let result = match tokio::time::timeout(limit, self.attempts::<O>(&prepared)).await {
            Ok(result) => result,
            Err(_) => {
                tracing::debug!(timeout = ?limit, "operation timed out");
                Err(SdkError::Timeout(TimeoutError::new(Tk::Operation, limit)))
            }
        };
        if let (Err(e), Some(code)) = (&result, invalid_endpoint_code) {
            if e.code() == Some(code) {
                tracing::debug!(code, "the discovered endpoint is no longer valid; the next call discovers again");
                self.inner.discovered.invalidate();
            }
        }
        result
    }

    /// The endpoint discovered for `O`, when `O` discovers one (see
    /// [`discovery`]), and the error code that invalidates it.
    async fn discovered_endpoint<O: Operation>(
        &self,
    ) -> Result<(Option<discovery::Target>, Option<&'static str>), SdkError<O::Error>> {
        let inner = &*self.inner;
        let (discover, required, code) = match O::ENDPOINT_DISCOVERY {
            EndpointDiscovery::Off => return Ok((None, None)),
            _ if inner.configured_endpoint.is_some() => return Ok((None, None)),
            EndpointDiscovery::Optional { .. } if !inner.config.endpoint_discovery => return Ok((None, None)),
            EndpointDiscovery::Optional { discover, invalid_endpoint_code } => (discover, false, invalid_endpoint_code),
            EndpointDiscovery::Required { discover, invalid_endpoint_code } => (discover, true, invalid_endpoint_code),
        };
        match inner.discovered.get(self, discover, || inner.config.time_source.now()).await {
            Ok(target) => Ok((Some(target), code)),
            Err(e) if required => Err(SdkError::Construction(
                ConstructionError::new(
                    ConstructionErrorKind::InvalidEndpoint,
                    "the operation requires endpoint discovery, and discovering the endpoint failed",
                )
                .with_source(e),
            )),
            Err(e) => {
                tracing::debug!(error = %e, "endpoint discovery failed; using the regular endpoint");
                Ok((None, None))
            }
        }
    }

    fn prepare<O: Operation>(&self, input: &O) -> Result<Prepared<'_>, ConstructionError> {
        let inner = &*self.inner;
        let config = &inner.config;
        let service = inner.service;
        let endpoint = match (O::ENDPOINT_RULES, &inner.endpoint) {
            // The operation's own rules, at each call: its input is a parameter.
            (Some(rules), _) => Cow::Owned(endpoint::from_rules(service, rules(input, &inner.built_ins()))?),
            (None, Some(cached)) => Cow::Borrowed(&cached.resolved),
            // Resolving failed when the client was made: again, for the error.
            (None, None) => Cow::Owned(endpoint::resolve_for(service, config)?),
        };
        let region = match endpoint.signing.region {
            Some(_) => None,
            None => Some(check_region(config)?),
        };
        if let Some(Err(why)) = &inner.connect_to {
            return Err(ConstructionError::new(ConstructionErrorKind::InvalidEndpoint, why.clone()));
        }
        let credentials = match O::AUTH {
            AuthMode::SigV4 => Some(config.credentials.as_ref().ok_or_else(|| {
                ConstructionError::new(
                    ConstructionErrorKind::Credentials,
                    "no credentials provider is configured: use Config::from_env() or Config::builder().credentials(..)",
                )
            })?),
            AuthMode::OptionalSigV4 => config.credentials.as_ref(),
            AuthMode::Anonymous => None,
        };
        let protocol =
            inner.protocol.clone().map_err(|why| ConstructionError::new(ConstructionErrorKind::Protocol, why))?;
        let parts =
            protocol::serialize_request(service, protocol, &inner.protocol_cache, O::NAME, input).map_err(|e| {
                ConstructionError::new(
                    ConstructionErrorKind::Serialization,
                    format!("cannot serialize the {} input", O::NAME),
                )
                .with_source(e)
            })?;
        let prefix = match O::HOST_PREFIX {
            [] => None,
            _ if config.disable_host_prefix => None,
            segments => Some(host_prefix(input, segments)?),
        };
        let (uri, host) = match (&endpoint, &inner.endpoint) {
            (Cow::Borrowed(_), Some(cached)) if prefix.is_none() => (cached.uri(&parts.path)?, cached.host.clone()),
            _ => endpoint::request_target(&endpoint.endpoint, &parts.path, prefix.as_deref())?,
        };
        Ok(Prepared { uri, host, endpoint, region, credentials, protocol, parts, invocation_id: invocation_id() })
    }

    async fn attempts<O: Operation>(&self, prepared: &Prepared<'_>) -> Result<O::Output, SdkError<O::Error>> {
        let config = &self.inner.config;
        let max = config.retry.max_attempts();
        let mut last_cost = None;
        let mut attempt = 1;
        loop {
            let span = tracing::debug_span!("attempt", attempt);
            let (error, reason) = match self.attempt::<O>(prepared, attempt, max).instrument(span).await {
                Ok(output) => {
                    self.inner.quota.succeeded(last_cost);
                    return Ok(output);
                }
                Err(AttemptFailure { error, retry: None }) => return Err(error),
                Err(AttemptFailure { error, retry: Some(reason) }) => (error, reason),
            };
            if attempt >= max {
                tracing::debug!(%reason, %error, attempts = attempt, "not retrying: no attempts left");
                return Err(error);
            }
            let Some(cost) = self.inner.quota.acquire(reason) else {
                tracing::debug!(%reason, %error, "not retrying: the client's retry quota is used up");
                return Err(error);
            };
            last_cost = Some(cost);
            let delay = config.retry.backoff(attempt, fastrand::f64());
            tracing::debug!(attempt, %reason, %error, ?delay, "retrying");
            config.sleep.sleep(delay).await;
            attempt += 1;
        }
    }

    async fn attempt<O: Operation>(
        &self,
        prepared: &Prepared<'_>,
        attempt: u32,
        max: u32,
    ) -> Result<O::Output, AttemptFailure<O::Error>> {
        let limit = self.inner.config.timeouts.attempt();
        match tokio::time::timeout(limit, self.try_once::<O>(prepared, attempt, max)).await {
            Ok(result) => result,
            Err(_) => Err(AttemptFailure {
                error: SdkError::Timeout(TimeoutError::new(Tk::Attempt, limit)),
                retry: Some(RetryReason::Timeout),
            }),
        }
    }

    async fn try_once<O: Operation>(
        &self,
        prepared: &Prepared<'_>,
        attempt: u32,
        max: u32,
    ) -> Result<O::Output, AttemptFailure<O::Error>> {
        let inner = &*self.inner;
        let config = &inner.config;
        let credentials = match prepared.credentials {
            None => None,
            Some(provider) => match provider.provide_credentials().await {
                Ok(credentials) => Some(credentials),
                Err(e) if O::AUTH == AuthMode::OptionalSigV4 => {
                    tracing::debug!(error = %e, "no credentials for an operation with optional auth: sending it unsigned");
                    None
                }
                Err(e) => {
                    return Err(AttemptFailure::fatal(SdkError::Construction(
                        ConstructionError::new(ConstructionErrorKind::Credentials, "cannot get credentials")
                            .with_source(e),
                    )))
                }
            },
        };

        let mut request = http::Request::new(prepared.parts.body.clone());
        *request.method_mut() = http::Method::POST;
        *request.uri_mut() = prepared.uri.clone();
        // Room for these headers and the signature's, so the map is allocated once.
        *request.headers_mut() = http::HeaderMap::with_capacity(16);
        let headers = request.headers_mut();
        headers.insert(http::header::HOST, prepared.host.clone());
        for (name, value) in prepared.parts.headers.iter() {
            headers.insert(name.clone(), value.clone());
        }
        // The endpoint's headers replace the protocol's of the same name.
        for (name, values) in &prepared.endpoint.headers {
            headers.remove(name);
            for value in values {
                headers.append(name.clone(), value.clone());
            }
        }
        headers.insert(http::header::CONTENT_LENGTH, HeaderValue::from(prepared.parts.body.len()));
        headers.insert(HeaderName::from_static("x-amz-user-agent"), inner.user_agent.clone());
        if let Some(credentials) = &credentials {
            let signing = &prepared.endpoint.signing;
            sign::sign_with(
                &mut request,
                credentials,
                prepared.signing_region(),
                signing.name.as_deref().unwrap_or(inner.service.signing_name),
                config.time_source.now(),
                signing.disable_double_encoding,
            )
            .map_err(|e| AttemptFailure::fatal(SdkError::Construction(e)))?;
        }
        // Not signed, as the AWS SDKs leave them: `User-Agent` may be
        // rewritten on the way, and the invocation id and attempt are
        // bookkeeping. (The signature covers the headers above.)
        let headers = request.headers_mut();
        headers.insert(http::header::USER_AGENT, inner.user_agent.clone());
        headers.insert(HeaderName::from_static("amz-sdk-invocation-id"), prepared.invocation_id.clone());
        let attempt_header = match inner.attempt_headers.get(attempt as usize - 1) {
            Some(v) if max as usize == inner.attempt_headers.len() => v.clone(),
            _ => attempt_header(attempt, max),
        };
        headers.insert(HeaderName::from_static("amz-sdk-request"), attempt_header);

        if let Some(Ok(to)) = &inner.connect_to {
            // After signing: the signature covers the Host header and the path, which stay.
            *request.uri_mut() =
                to.apply(request.uri()).map_err(|e| AttemptFailure::fatal(SdkError::Construction(e)))?;
        }

        let response = match inner.transport.send(request).await {
            Ok(response) => response,
            Err(e) => {
                tracing::debug!(error = %e, kind = ?e.kind(), "transport error");
                let retry = match e.kind() {
                    TransportErrorKind::ConnectTimeout => Some(RetryReason::Timeout),
                    _ if e.is_retryable() => Some(RetryReason::Transport),
                    _ => None,
                };
                let error = match e.kind() {
                    TransportErrorKind::ConnectTimeout => SdkError::Timeout(TimeoutError::new(
                        Tk::Connect,
                        e.timeout().unwrap_or(config.timeouts.connect()),
                    )),
                    _ => SdkError::Transport(e.with_url(prepared.uri.clone())),
                };
                return Err(AttemptFailure { error, retry });
            }
        };

        let (parts, body) = response.into_parts();
        // The default transport stops reading at the limit; any other
        // transport hands over whole bodies, refused here the same way.
        let limit = config.max_response_body;
        if body.len() > limit {
            let e = TransportError::response_too_large(limit, body.len() as u64);
            tracing::debug!(error = %e, "response body too large");
            return Err(AttemptFailure::fatal(SdkError::Transport(e.with_url(prepared.uri.clone()))));
        }
        let status = parts.status.as_u16();
        let protocol = prepared.protocol;
        if let Err(why) = protocol::check_response(protocol, &parts.headers) {
            tracing::debug!(status, %why, "malformed response");
            let request_id = protocol::request_id(&parts.headers);
            let error = if parts.status.is_success() {
                SdkError::Response(ResponseError::new(status, request_id, &body, why.into()))
            } else {
                // Read from the status alone: nothing of the body or headers is trusted.
                let response = ErrorResponse::unreadable(protocol, status, parts.headers, body);
                let standard = retry::classify_error_response(status, "");
                let meta = response.meta();
                let error = O::Error::from_response(response);
                return Err(AttemptFailure { error: SdkError::Service { error, meta }, retry: standard });
            };
            return Err(AttemptFailure::fatal(error));
        }
        if parts.status.is_success() {
            tracing::debug!(status, "response");
            // The root of an error's member path is formatted only for an error.
            return match protocol::parse_body::<O::Output>(protocol, &body, &format_args!("{}Output", O::NAME)) {
                Ok(mut output) => {
                    crate::OperationOutput::meta_mut(&mut output).set_request_id(protocol::request_id(&parts.headers));
                    Ok(output)
                }
                Err(e) => {
                    let request_id = protocol::request_id(&parts.headers);
                    Err(AttemptFailure::fatal(SdkError::Response(ResponseError::new(status, request_id, &body, e))))
                }
            };
        }
        let response = ErrorResponse::for_service(inner.service, protocol, status, parts.headers, body);
        tracing::debug!(status, code = response.code(), request_id = response.request_id(), "error response");
        let standard = retry::classify_error_response(status, response.code());
        let meta = response.meta();
        let error = O::Error::from_response(response);
        // The model's `@retryable` first: it also says whether it is throttling.
        let retry = error.modeled_retry().map(RetryReason::from).or(standard);
        Err(AttemptFailure { error: SdkError::Service { error, meta }, retry })
    }
}

/// The host prefix of `input`: its literal segments and the values of its
/// labels, each of which must be a valid host label, named in the error
/// when it is not (nothing has been sent then).
fn host_prefix<O: Operation>(input: &O, segments: &[HostPrefixSegment]) -> Result<String, ConstructionError> {
    let mut prefix = String::new();
    for segment in segments {
        match *segment {
            HostPrefixSegment::Literal(text) => prefix.push_str(text),
            HostPrefixSegment::Label(member) => {
                let bad = |why: String| ConstructionError::new(ConstructionErrorKind::InvalidHostLabel, why);
                let value = input.host_label(member).ok_or_else(|| {
                    bad(format!(
                        "input member {member} is not set, and the endpoint's host is made from it (@hostLabel)"
                    ))
                })?;
                if !endpoint::valid_host_label(value) {
                    let shown: String = value.chars().take(80).collect();
                    return Err(bad(format!(
                        "input member {member} goes into the endpoint's host (@hostLabel), but {shown:?} is not a \
                         valid host label: 1 to 63 letters, digits and '-', not starting or ending with '-'"
                    )));
                }
                prefix.push_str(value);
            }
        }
    }
    Ok(prefix)
}

/// The protocol a client of `service` speaks: `configured` if the service
/// supports it, else the first the service supports.
fn choose_protocol(service: &ServiceMeta, configured: Option<Protocol>) -> Result<Protocol, String> {
    let names = || service.protocols.iter().map(|p| p.name()).collect::<Vec<_>>().join(", ");
    match configured {
        Some(p) if service.protocols.contains(&p) => Ok(p),
        Some(p) => Err(format!("the configured protocol {p} is not one {} supports ({})", service.sdk_id, names())),
        None => service.protocols.first().copied().ok_or_else(|| format!("{} names no protocol", service.sdk_id)),
    }
}

/// The configured region, trimmed, if it is a valid region name.
fn check_region(config: &Config) -> Result<&str, ConstructionError> {
    let region = config.region.as_deref().map(str::trim).ok_or_else(endpoint::missing_region)?;
    if !endpoint::valid_region(region) {
        return Err(ConstructionError::new(
            ConstructionErrorKind::InvalidRegion,
            format!("region {region:?} is not a valid region name (lower-case letters, digits and '-')"),
        ));
    }
    Ok(region)
}

/// `amz-sdk-request: attempt=<attempt>; max=<max>`.
fn attempt_header(attempt: u32, max: u32) -> HeaderValue {
    HeaderValue::try_from(format!("attempt={attempt}; max={max}")).expect("digits")
}

/// A random (version 4) UUID for `amz-sdk-invocation-id`.
fn invocation_id() -> HeaderValue {
    let n = (fastrand::u128(..) & !(0xf << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62);
    HeaderValue::from_bytes(&uuid_text(n)).expect("hex digits and dashes")
}

/// `n` as a UUID's text: 32 lower-case hex digits, dashes after the 8th, 12th, 16th and 20th.
fn uuid_text(n: u128) -> [u8; 36] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut id = [b'-'; 36];
    let mut digit = 0;
    for (i, byte) in id.iter_mut().enumerate() {
        if matches!(i, 8 | 13 | 18 | 23) {
            continue;
        }
        *byte = HEX[((n >> (124 - 4 * digit)) & 0xf) as usize];
        digit += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    #[test]
    fn invocation_ids_are_v4_uuids() {
        let id = super::invocation_id();
        let id = id.to_str().unwrap();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "{id}");
        assert_ne!(id, super::invocation_id().to_str().unwrap());
        // As `format!` wrote it before.
        for n in [0, u128::MAX, 0x0123_4567_89ab_cdef_fedc_ba98_7654_3210, fastrand::u128(..)] {
            let h = format!("{n:032x}");
            let old = format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..]);
            assert_eq!(std::str::from_utf8(&super::uuid_text(n)).unwrap(), old);
        }
    }
}

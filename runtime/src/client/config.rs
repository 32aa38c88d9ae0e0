//! Client configuration: region, credentials, endpoint, retries, timeouts.

use super::credentials::{Credentials, DefaultCredentialsChain, ProvideCredentials};
use super::endpoint::ConfiguredEndpoints;
use super::env::Env;
use super::network::{CaBundle, NetworkSettings, ProxyConfig};
use super::profile::{selected_profile, ProfileFiles};
use super::retry::RetryConfig;
use super::time::{Sleep, SystemClock, TimeSource, TokioSleep};
use super::transport::HttpTransport;
use crate::validate::ValidationMode;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// How long things may take. Every timeout is finite.
///
/// | timeout | default | covers |
/// | --- | --- | --- |
/// | connect | 3.1 s | opening a connection: TCP and TLS (default transport only) |
/// | attempt | 30 s | one attempt: credentials, connecting, sending, reading the whole response |
/// | operation | 90 s | the whole call: every attempt and the backoff between them |
///
/// A connect or attempt timeout is retried like a connection error; the
/// operation timeout ends the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeoutConfig {
    connect: Duration,
    attempt: Duration,
    operation: Duration,
}

impl Default for TimeoutConfig {
    /// [`TimeoutConfig::standard`].
    fn default() -> Self {
        TimeoutConfig::standard()
    }
}

impl TimeoutConfig {
    /// The defaults in the table above.
    pub const fn standard() -> Self {
        TimeoutConfig {
            connect: Duration::from_millis(3100),
            attempt: Duration::from_secs(30),
            operation: Duration::from_secs(90),
        }
    }

    /// Sets the connect timeout.
    pub const fn with_connect(mut self, d: Duration) -> Self {
        self.connect = d;
        self
    }

    /// Sets the attempt timeout.
    pub const fn with_attempt(mut self, d: Duration) -> Self {
        self.attempt = d;
        self
    }

    /// Sets the operation timeout.
    pub const fn with_operation(mut self, d: Duration) -> Self {
        self.operation = d;
        self
    }

    /// The connect timeout.
    pub fn connect(&self) -> Duration {
        self.connect
    }

    /// The attempt timeout.
    pub fn attempt(&self) -> Duration {
        self.attempt
    }

    /// The operation timeout.
    pub fn operation(&self) -> Duration {
        self.operation
    }
}

/// Everything a client needs besides the service it calls.
///
/// Build one with [`Config::builder`] (nothing preset but defaults) or
/// [`Config::from_env`] (region, credentials and endpoint from the
/// environment and the shared AWS files, as the AWS CLI finds them).
/// Cloning is cheap.
#[derive(Clone)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) credentials: Option<Arc<dyn ProvideCredentials>>,
    /// The chain [`ConfigBuilder::from_env`] installed, while it is the
    /// provider: [`ConfigBuilder::build`] gives it the network settings.
    pub(crate) default_chain: Option<DefaultCredentialsChain>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) configured_endpoints: ConfiguredEndpoints,
    pub(crate) retry: RetryConfig,
    pub(crate) timeouts: TimeoutConfig,
    pub(crate) validation: ValidationMode,
    pub(crate) time_source: Arc<dyn TimeSource>,
    pub(crate) sleep: Arc<dyn Sleep>,
    pub(crate) transport: Option<Arc<dyn HttpTransport>>,
    pub(crate) app_name: Option<String>,
    pub(crate) network: NetworkSettings,
    pub(crate) max_response_body: usize,
    pub(crate) disable_host_prefix: bool,
    /// Whether optional endpoint discovery is on (see [`super::discovery`]).
    pub(crate) endpoint_discovery: bool,
    /// The `AWS::UseFIPS` built-in.
    pub(crate) use_fips: bool,
    /// The `AWS::UseDualStack` built-in.
    pub(crate) use_dual_stack: bool,
    /// The `AWS::Auth::AccountIdEndpointMode` built-in.
    pub(crate) account_id_endpoint_mode: Option<String>,
    /// Where connections go instead of the endpoint's host (see [`ConfigBuilder::connect_to`]).
    pub(crate) connect_to: Option<String>,
    /// The wire protocol to speak (see [`ConfigBuilder::protocol`]).
    pub(crate) protocol: Option<super::Protocol>,
}

/// The values of `AWS_ACCOUNT_ID_ENDPOINT_MODE` that the AWS SDKs accept.
const ACCOUNT_ID_ENDPOINT_MODES: [&str; 3] = ["preferred", "disabled", "required"];

/// The default of [`ConfigBuilder::max_response_body`]: 64 MiB.
///
/// AWS JSON services page their answers; the largest page of AppStream
/// (1,000 fully populated fleets) is about 1.3 MB, so 64 MiB leaves a margin
/// of fifty times for services with larger items, while bounding what a
/// broken or hostile endpoint (or a proxy answering in its place) can make
/// the client hold: the body, plus the values parsed from it (a few times
/// its size at most).
pub const DEFAULT_MAX_RESPONSE_BODY: usize = 64 * 1024 * 1024;

impl Default for Config {
    /// [`Config::builder`]`().build()`.
    fn default() -> Self {
        Config {
            region: None,
            credentials: None,
            default_chain: None,
            endpoint_url: None,
            configured_endpoints: ConfiguredEndpoints::default(),
            retry: RetryConfig::standard(),
            timeouts: TimeoutConfig::standard(),
            validation: ValidationMode::Standard,
            time_source: Arc::new(SystemClock),
            sleep: Arc::new(TokioSleep),
            transport: None,
            app_name: None,
            network: NetworkSettings::default(),
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
            disable_host_prefix: false,
            endpoint_discovery: false,
            use_fips: false,
            use_dual_stack: false,
            account_id_endpoint_mode: None,
            connect_to: None,
            protocol: None,
        }
    }
}

impl Config {
    /// A builder with the defaults: no region, no credentials, standard
    /// retries and timeouts, [`ValidationMode::Standard`], the system clock,
    /// Tokio's sleep and the default transport.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder { config: Config::default() }
    }

    /// The configuration from the process's environment:
    /// [`ConfigBuilder::from_env`]`(&Env::process()).build()`.
    pub fn from_env() -> Config {
        ConfigBuilder::from_env(&Env::process()).build()
    }

    /// A builder starting from this configuration.
    pub fn to_builder(&self) -> ConfigBuilder {
        ConfigBuilder { config: self.clone() }
    }

    /// The region.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The endpoint URL given to the builder (the environment's and the
    /// profile's are resolved per service, when a client is made: its
    /// `endpoint()` shows the result).
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// The credentials provider.
    pub fn credentials_provider(&self) -> Option<&dyn ProvideCredentials> {
        self.credentials.as_deref()
    }

    /// Retry settings.
    pub fn retry(&self) -> &RetryConfig {
        &self.retry
    }

    /// Timeouts.
    pub fn timeouts(&self) -> &TimeoutConfig {
        &self.timeouts
    }

    /// Which input constraints are checked before sending.
    pub fn validation(&self) -> ValidationMode {
        self.validation
    }

    /// The proxies of the default transport.
    pub fn proxy(&self) -> &ProxyConfig {
        &self.network.proxy
    }

    /// The application name added to the `User-Agent`.
    pub fn app_name(&self) -> Option<&str> {
        self.app_name.as_deref()
    }

    /// The largest response body read, in bytes (see [`ConfigBuilder::max_response_body`]).
    pub fn max_response_body(&self) -> usize {
        self.max_response_body
    }

    /// Whether operations' host prefixes are left off (see
    /// [`ConfigBuilder::disable_host_prefix`]).
    pub fn disable_host_prefix(&self) -> bool {
        self.disable_host_prefix
    }

    /// Whether operations for which endpoint discovery is optional discover
    /// their endpoint (see [`ConfigBuilder::endpoint_discovery`]).
    pub fn endpoint_discovery(&self) -> bool {
        self.endpoint_discovery
    }

    /// Whether FIPS endpoints are asked for (see [`ConfigBuilder::use_fips`]).
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }

    /// Whether dual-stack (IPv4 and IPv6) endpoints are asked for (see
    /// [`ConfigBuilder::use_dual_stack`]).
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }

    /// How endpoints use the account id (see
    /// [`ConfigBuilder::account_id_endpoint_mode`]); `None` leaves it to
    /// the service's rules (`preferred` in AWS's).
    pub fn account_id_endpoint_mode(&self) -> Option<&str> {
        self.account_id_endpoint_mode.as_deref()
    }

    /// The origin connections go to instead of the endpoint's (see
    /// [`ConfigBuilder::connect_to`]).
    pub fn connect_to(&self) -> Option<&str> {
        self.connect_to.as_deref()
    }

    /// The wire protocol asked for (see [`ConfigBuilder::protocol`]);
    /// `None`: the service's first.
    pub fn protocol(&self) -> Option<super::Protocol> {
        self.protocol
    }
}

/// The settings a client of one service uses, as
/// [`Config::summary`] finds them: for logs and support requests. Holds no
/// secret (the credentials provider is shown by its `Debug`, which names
/// the source and never the keys).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConfigSummary {
    /// The endpoint URL, or why there is none.
    pub endpoint: Result<String, String>,
    /// The region.
    pub region: Option<String>,
    /// The credentials provider (`DefaultCredentialsChain { last_source: Some("sso") }`).
    pub credentials: String,
    /// The timeouts.
    pub timeouts: TimeoutConfig,
    /// The attempts per call.
    pub max_attempts: u32,
    /// The proxies of the default transport (passwords hidden).
    pub proxy: String,
    /// The extra trusted roots, if any.
    pub ca_bundle: Option<String>,
}

impl fmt::Display for ConfigSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let endpoint = match &self.endpoint {
            Ok(e) => e.clone(),
            Err(e) => format!("(none: {e})"),
        };
        write!(
            f,
            "endpoint {endpoint}, region {}, credentials {}, timeouts connect {:?} / attempt {:?} / operation {:?}, {} attempts, proxy {}, CA bundle {}",
            self.region.as_deref().unwrap_or("(none)"),
            self.credentials,
            self.timeouts.connect(),
            self.timeouts.attempt(),
            self.timeouts.operation(),
            self.max_attempts,
            self.proxy,
            self.ca_bundle.as_deref().unwrap_or("(none)")
        )
    }
}

impl Config {
    /// The effective settings for `service`: endpoint, region, credentials
    /// source (its name, no secret), timeouts, attempts, proxies and CA bundle.
    pub fn summary(&self, service: &super::ServiceMeta) -> ConfigSummary {
        let endpoint =
            super::endpoint::resolve_for(service, self).map(|r| r.endpoint.url("")).map_err(|e| e.to_string());
        ConfigSummary {
            endpoint,
            region: self.region.clone(),
            credentials: match &self.credentials {
                Some(c) => format!("{c:?}"),
                None => "(none)".to_owned(),
            },
            timeouts: self.timeouts,
            max_attempts: self.retry.max_attempts(),
            proxy: format!("{:?}", self.network.proxy),
            ca_bundle: self.network.ca_bundle.as_ref().map(|b| format!("{b:?}")),
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("endpoint_url", &self.endpoint_url)
            .field("configured_endpoints", &self.configured_endpoints)
            .field("retry", &self.retry)
            .field("timeouts", &self.timeouts)
            .field("validation", &self.validation)
            .field("time_source", &self.time_source)
            .field("sleep", &self.sleep)
            .field("transport", &self.transport)
            .field("app_name", &self.app_name)
            .field("network", &self.network)
            .field("max_response_body", &self.max_response_body)
            .field("disable_host_prefix", &self.disable_host_prefix)
            .field("endpoint_discovery", &self.endpoint_discovery)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("account_id_endpoint_mode", &self.account_id_endpoint_mode)
            .field("connect_to", &self.connect_to)
            .field("protocol", &self.protocol)
            .finish()
    }
}

/// Builds a [`Config`].
#[derive(Debug, Clone)]
pub struct ConfigBuilder {
    config: Config,
}

impl ConfigBuilder {
    /// Defaults, then what `env` and the shared files say, as the AWS CLI reads them:
    ///
    /// - region: `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`;
    /// - credentials: [`DefaultCredentialsChain`] (environment variables,
    ///   then the profile), read at each request;
    /// - endpoint: `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the
    ///   profile's `services` section and `endpoint_url` (all skipped when
    ///   `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` or the profile's
    ///   `ignore_configured_endpoint_urls` is `true`); the builder's
    ///   [`endpoint_url`](Self::endpoint_url) wins over them all;
    /// - FIPS and dual-stack endpoints: `AWS_USE_FIPS_ENDPOINT`,
    ///   `AWS_USE_DUALSTACK_ENDPOINT`, the profile's `use_fips_endpoint`,
    ///   `use_dualstack_endpoint` (`true` or `false`, any case; another value
    ///   is logged and ignored);
    /// - account id endpoints: `AWS_ACCOUNT_ID_ENDPOINT_MODE`, the profile's
    ///   `account_id_endpoint_mode` (`preferred`, `disabled` or `required`);
    /// - optional endpoint discovery: `AWS_ENABLE_ENDPOINT_DISCOVERY`, the
    ///   profile's `endpoint_discovery_enabled`;
    /// - attempts: `AWS_MAX_ATTEMPTS`, the profile's `max_attempts`;
    /// - proxies: `HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY` (or lower case),
    ///   see [`ProxyConfig`];
    /// - extra trusted roots: `AWS_CA_BUNDLE`, the profile's `ca_bundle`.
    ///
    /// A variable wins over the profile; what is set on the builder
    /// afterwards wins over both. The profile is `AWS_PROFILE`, else
    /// `default`; the files are
    /// `AWS_CONFIG_FILE` (default `~/.aws/config`) and
    /// `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`). A
    /// missing file is no error; an unreadable one is logged and skipped
    /// here, and reported by the credentials provider at the first request.
    pub fn from_env(env: &Env) -> Self {
        let files = ProfileFiles::load(env).unwrap_or_else(|e| {
            tracing::warn!(error = %e, "ignoring an unreadable shared AWS file");
            ProfileFiles::default()
        });
        let profile = files.profile(&selected_profile(env));
        let from_profile =
            |key: &str| profile.and_then(|p| p.get(key)).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let network = NetworkSettings::from_env(env, profile);
        let chain = DefaultCredentialsChain::with_network(env.clone(), Some(network.clone()));
        let mut config = Config {
            region: env
                .get("AWS_REGION")
                .or_else(|| env.get("AWS_DEFAULT_REGION"))
                .or_else(|| from_profile("region"))
                .map(|r| r.trim().to_owned()),
            credentials: Some(Arc::new(chain.clone())),
            default_chain: Some(chain),
            configured_endpoints: ConfiguredEndpoints::load(env, profile, &files),
            network,
            ..Config::default()
        };
        if let Some(v) = env.get("AWS_ENABLE_ENDPOINT_DISCOVERY").or_else(|| from_profile("endpoint_discovery_enabled"))
        {
            match v.trim().to_ascii_lowercase().as_str() {
                "true" => config.endpoint_discovery = true,
                "false" => config.endpoint_discovery = false,
                _ => tracing::warn!(value = %v, "ignoring an endpoint discovery setting that is not true or false"),
            }
        }
        // An unusable variable is ignored, not replaced by the profile: as for endpoint discovery.
        let flag = |var: &str, key: &str| {
            let v = env.get(var).or_else(|| from_profile(key))?;
            match v.trim().to_ascii_lowercase().as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => {
                    tracing::warn!(value = %v, setting = var, "ignoring an endpoint setting that is not true or false");
                    None
                }
            }
        };
        if let Some(fips) = flag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint") {
            config.use_fips = fips;
        }
        if let Some(dual_stack) = flag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint") {
            config.use_dual_stack = dual_stack;
        }
        if let Some(v) = env.get("AWS_ACCOUNT_ID_ENDPOINT_MODE").or_else(|| from_profile("account_id_endpoint_mode")) {
            let mode = v.trim().to_ascii_lowercase();
            if ACCOUNT_ID_ENDPOINT_MODES.contains(&mode.as_str()) {
                config.account_id_endpoint_mode = Some(mode);
            } else {
                tracing::warn!(
                    value = %v,
                    "ignoring an account id endpoint mode that is not preferred, disabled or required"
                );
            }
        }
        if let Some(n) = env.get("AWS_MAX_ATTEMPTS").or_else(|| from_profile("max_attempts")) {
            match n.trim().parse::<u32>() {
                Ok(n) => config.retry = config.retry.with_max_attempts(n),
                Err(_) => tracing::warn!(value = %n, "ignoring max_attempts that is not a number"),
            }
        }
        ConfigBuilder { config }
    }

    /// The region requests are sent to and signed for (`us-east-1`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.config.region = Some(region.into());
        self
    }

    /// Fixed credentials.
    pub fn credentials(self, credentials: Credentials) -> Self {
        self.credentials_provider(credentials)
    }

    /// A credentials provider, asked before each attempt.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.config.credentials = Some(Arc::new(provider));
        self.config.default_chain = None;
        self
    }

    /// A provider implementing `aws-credential-types`' `ProvideCredentials`
    /// (any of the `aws-config` crate's providers, its default chain
    /// included), cached by a [`CredentialsCache`](super::CredentialsCache)
    /// as the AWS SDKs cache it.
    pub fn aws_credentials_provider(
        self,
        provider: impl aws_credential_types::provider::ProvideCredentials + 'static,
    ) -> Self {
        self.credentials_provider(super::CredentialsCache::new(super::AwsCredentialsProvider::new(provider)))
    }

    /// Sends every request to `url` (`http(s)://host[:port][/path]`) instead
    /// of the region's endpoint; wins over the environment and the profile.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.config.endpoint_url = Some(url.into());
        self
    }

    /// Retry settings.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.config.retry = retry;
        self
    }

    /// At most `n` attempts per call (clamped to `1..=10`).
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.config.retry = self.config.retry.with_max_attempts(n);
        self
    }

    /// All timeouts.
    pub fn timeouts(mut self, timeouts: TimeoutConfig) -> Self {
        self.config.timeouts = timeouts;
        self
    }

    /// The connect timeout (used by the default transport).
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.config.timeouts = self.config.timeouts.with_connect(d);
        self
    }

    /// The timeout of one attempt.
    pub fn attempt_timeout(mut self, d: Duration) -> Self {
        self.config.timeouts = self.config.timeouts.with_attempt(d);
        self
    }

    /// The timeout of a whole call, retries included.
    pub fn operation_timeout(mut self, d: Duration) -> Self {
        self.config.timeouts = self.config.timeouts.with_operation(d);
        self
    }

    /// Which input constraints are checked before sending.
    pub fn validation(mut self, mode: ValidationMode) -> Self {
        self.config.validation = mode;
        self
    }

    /// The clock requests are signed with.
    pub fn time_source(mut self, clock: impl TimeSource + 'static) -> Self {
        self.config.time_source = Arc::new(clock);
        self
    }

    /// How to wait between retries.
    pub fn sleep(mut self, sleep: impl Sleep + 'static) -> Self {
        self.config.sleep = Arc::new(sleep);
        self
    }

    /// The HTTP transport (default: [`HyperTransport`](crate::client::HyperTransport)
    /// with the connect timeout).
    pub fn http_transport(mut self, transport: impl HttpTransport + 'static) -> Self {
        self.config.transport = Some(Arc::new(transport));
        self
    }

    /// The proxies of the default transport (replacing those from the environment).
    pub fn proxy(mut self, proxy: ProxyConfig) -> Self {
        self.config.network.proxy = proxy;
        self
    }

    /// Trusts the certificates of a PEM file (as `AWS_CA_BUNDLE` does),
    /// besides the default roots. Read when the client is made; an
    /// unreadable file fails every request with a transport error saying so.
    pub fn ca_bundle_file(mut self, path: impl Into<std::path::PathBuf>) -> Self {
        self.config.network.ca_bundle =
            Some(CaBundle::File { path: path.into(), origin: "ConfigBuilder::ca_bundle_file" });
        self
    }

    /// Trusts the PEM certificates in `pem`, besides the default roots.
    pub fn ca_bundle_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.config.network.ca_bundle = Some(CaBundle::Pem(pem.into()));
        self
    }

    /// An application name added to the `User-Agent` as `app/<name>`;
    /// characters other than letters, digits and ``!#$%&'*+-.^_`|~`` become `_`.
    pub fn app_name(mut self, name: impl Into<String>) -> Self {
        let name: String = name
            .into()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c) { c } else { '_' })
            .collect();
        self.config.app_name = Some(name);
        self
    }

    /// The largest response body the client reads, in bytes (default
    /// [`DEFAULT_MAX_RESPONSE_BODY`], 64 MiB). The default transport stops
    /// reading as soon as a body goes past it, or before reading when the
    /// `Content-Length` does; the call fails with a [`TransportError`](super::TransportError)
    /// of kind [`ResponseTooLarge`](super::TransportErrorKind::ResponseTooLarge),
    /// which names the limit and the size seen, and is not retried. A
    /// transport given with [`http_transport`](Self::http_transport) returns
    /// whole bodies; the client refuses those above the limit the same way,
    /// after the fact.
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.config.max_response_body = bytes;
        self
    }

    /// Leaves off the host prefix that some operations put before the
    /// endpoint's host (`smithy.api#endpoint`, such as `data-` or
    /// `{AccountId}.`), as the AWS SDKs' `disable_host_prefix` does: for an
    /// endpoint, such as a local emulator or a proxy, that serves every
    /// operation on one host. Off by default.
    pub fn disable_host_prefix(mut self, disable: bool) -> Self {
        self.config.disable_host_prefix = disable;
        self
    }

    /// Asks for FIPS endpoints (`AWS::UseFIPS`: `svc-fips.us-east-1.amazonaws.com`
    /// in AWS's rules), as `AWS_USE_FIPS_ENDPOINT` and the profile's
    /// `use_fips_endpoint` do. The service's endpoint rules decide what
    /// that means; they refuse it where there is no FIPS endpoint, and with
    /// a configured [`endpoint_url`](Self::endpoint_url). Off by default.
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.config.use_fips = use_fips;
        self
    }

    /// Asks for dual-stack (IPv4 and IPv6) endpoints (`AWS::UseDualStack`:
    /// `svc.us-east-1.api.aws` in AWS's rules), as
    /// `AWS_USE_DUALSTACK_ENDPOINT` and the profile's `use_dualstack_endpoint`
    /// do. The service's endpoint rules decide what that means. Off by default.
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.config.use_dual_stack = use_dual_stack;
        self
    }

    /// How the endpoint uses the account id of the credentials
    /// (`AWS::Auth::AccountIdEndpointMode`): `preferred`, `disabled` or
    /// `required`, as `AWS_ACCOUNT_ID_ENDPOINT_MODE` and the profile's
    /// `account_id_endpoint_mode` say. Given to the service's endpoint
    /// rules as it is; they reject other values. Unset by default, which
    /// leaves the rules' default.
    pub fn account_id_endpoint_mode(mut self, mode: impl Into<String>) -> Self {
        self.config.account_id_endpoint_mode = Some(mode.into());
        self
    }

    /// Connects to `origin` (`scheme://host[:port]`, such as
    /// `http://127.0.0.1:4566`) instead of the endpoint's host, for every
    /// request: for tests, and for networks where the service is reached
    /// through a tunnel or a port forward.
    ///
    /// Only the connection moves. The request keeps the endpoint that was
    /// resolved (from the rules, the configured endpoint URL, a host prefix
    /// or endpoint discovery): its `Host` header, its path, and the SigV4
    /// signature made over them, so the service sees the request it would
    /// have seen at its own address. The transport gets the request with its
    /// URI changed to `origin` (after signing), so the default transport
    /// opens a plain connection for `http://`, a TLS one for `https://`
    /// (whose certificate must then be valid for `origin`'s host), and
    /// applies the proxy settings to `origin`. Unlike
    /// [`endpoint_url`](Self::endpoint_url), it changes nothing that is
    /// signed. A value that is not an `http(s)://host[:port]` origin fails
    /// each call with a [`ConstructionError`](super::ConstructionError) of
    /// kind [`InvalidEndpoint`](super::ConstructionErrorKind::InvalidEndpoint).
    pub fn connect_to(mut self, origin: impl Into<String>) -> Self {
        self.config.connect_to = Some(origin.into());
        self
    }

    /// Speaks `protocol` instead of the first protocol the service supports
    /// ([`ServiceMeta::protocols`](super::ServiceMeta::protocols): rpcv2Cbor
    /// before awsJson, as the AWS SDKs choose), for example
    /// [`Protocol::AwsJson1_1`](super::Protocol::AwsJson1_1) for an
    /// endpoint (an emulator, a proxy) that only speaks JSON. A protocol
    /// the service does not support fails each call with a
    /// [`ConstructionError`](super::ConstructionError) of kind
    /// [`Protocol`](super::ConstructionErrorKind::Protocol).
    pub fn protocol(mut self, protocol: super::Protocol) -> Self {
        self.config.protocol = Some(protocol);
        self
    }

    /// Turns on endpoint discovery for the operations whose model makes it
    /// optional (DynamoDB's); those that require it (Timestream's) always
    /// discover. Off by default, as in the AWS SDKs; `from_env` reads
    /// `AWS_ENABLE_ENDPOINT_DISCOVERY` and the profile's
    /// `endpoint_discovery_enabled`. See [`super::discovery`].
    pub fn endpoint_discovery(mut self, enabled: bool) -> Self {
        self.config.endpoint_discovery = enabled;
        self
    }

    /// The configuration. The default credentials chain of
    /// [`from_env`](Self::from_env) reaches STS and the SSO portal through
    /// the proxies and CA bundle set here.
    pub fn build(mut self) -> Config {
        if let Some(chain) = self.config.default_chain.as_ref().and_then(|c| c.for_network(&self.config.network)) {
            self.config.credentials = Some(Arc::new(chain.clone()));
            self.config.default_chain = Some(chain);
        }
        self.config
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_precedence() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".aws")).unwrap();
        std::fs::write(
            dir.path().join(".aws/config"),
            "[default]\nregion = eu-west-1\nmax_attempts = 5\n[profile p]\nregion = ap-south-1\n",
        )
        .unwrap();
        let env = |vars: Vec<(&str, &str)>| Env::from_vars(vars).with_home(dir.path());
        let region = |vars| ConfigBuilder::from_env(&env(vars)).build().region().map(str::to_owned);
        assert_eq!(
            region(vec![("AWS_REGION", "us-east-1"), ("AWS_DEFAULT_REGION", "us-west-2")]).as_deref(),
            Some("us-east-1")
        );
        assert_eq!(region(vec![("AWS_DEFAULT_REGION", "us-west-2")]).as_deref(), Some("us-west-2"));
        assert_eq!(region(vec![]).as_deref(), Some("eu-west-1"));
        assert_eq!(region(vec![("AWS_PROFILE", "p")]).as_deref(), Some("ap-south-1"));
        assert_eq!(region(vec![("AWS_PROFILE", "missing")]), None);
        let built = ConfigBuilder::from_env(&env(vec![("AWS_REGION", "x")])).region("y").build();
        assert_eq!(built.region(), Some("y"));
        assert_eq!(built.retry().max_attempts(), 5);
        assert_eq!(ConfigBuilder::from_env(&env(vec![("AWS_MAX_ATTEMPTS", "2")])).build().retry().max_attempts(), 2);
    }

    #[test]
    fn fips_dual_stack_and_account_id_mode_from_variables_profile_and_builder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".aws")).unwrap();
        std::fs::write(
            dir.path().join(".aws/config"),
            "[default]\nuse_fips_endpoint = true\nuse_dualstack_endpoint = TRUE\naccount_id_endpoint_mode = disabled\n\
             [profile off]\nuse_fips_endpoint = false\n[profile odd]\nuse_fips_endpoint = yes\n\
             account_id_endpoint_mode = sometimes\n",
        )
        .unwrap();
        let built =
            |vars: Vec<(&str, &str)>| ConfigBuilder::from_env(&Env::from_vars(vars).with_home(dir.path())).build();
        let c = built(vec![]);
        assert_eq!((c.use_fips(), c.use_dual_stack(), c.account_id_endpoint_mode()), (true, true, Some("disabled")));
        // A variable beats the profile, in any case.
        let c = built(vec![
            ("AWS_USE_FIPS_ENDPOINT", "False"),
            ("AWS_USE_DUALSTACK_ENDPOINT", " false "),
            ("AWS_ACCOUNT_ID_ENDPOINT_MODE", "Required"),
        ]);
        assert_eq!((c.use_fips(), c.use_dual_stack(), c.account_id_endpoint_mode()), (false, false, Some("required")));
        let c = built(vec![("AWS_PROFILE", "off"), ("AWS_USE_DUALSTACK_ENDPOINT", "true")]);
        assert_eq!((c.use_fips(), c.use_dual_stack(), c.account_id_endpoint_mode()), (false, true, None));
        // Values other than true and false are ignored, and so is the profile then.
        let c = built(vec![("AWS_PROFILE", "odd")]);
        assert_eq!((c.use_fips(), c.account_id_endpoint_mode()), (false, None));
        let c = built(vec![("AWS_USE_FIPS_ENDPOINT", "1"), ("AWS_ACCOUNT_ID_ENDPOINT_MODE", "x")]);
        assert_eq!((c.use_fips(), c.account_id_endpoint_mode()), (false, None));
        // The builder beats both.
        let c = ConfigBuilder::from_env(&Env::from_vars([("AWS_USE_FIPS_ENDPOINT", "true")]).with_home(dir.path()))
            .use_fips(false)
            .use_dual_stack(false)
            .account_id_endpoint_mode("preferred")
            .build();
        assert_eq!((c.use_fips(), c.use_dual_stack(), c.account_id_endpoint_mode()), (false, false, Some("preferred")));
        let c = Config::builder().build();
        assert_eq!((c.use_fips(), c.use_dual_stack(), c.account_id_endpoint_mode()), (false, false, None));
    }

    #[test]
    fn defaults_are_finite_and_documented() {
        let c = Config::builder().build();
        assert_eq!(c.timeouts().connect(), Duration::from_millis(3100));
        assert_eq!(c.timeouts().attempt(), Duration::from_secs(30));
        assert_eq!(c.timeouts().operation(), Duration::from_secs(90));
        assert_eq!(c.retry().max_attempts(), 3);
        assert_eq!(c.validation(), ValidationMode::Standard);
        assert_eq!(Config::builder().app_name("my app/1").build().app_name(), Some("my_app_1"));
    }
}

//! AWS credentials and where they come from.

mod cache;
mod container;
mod http;
mod imds;
mod process;
mod sources;
mod sso;
mod sts;

use super::env::Env;
use super::network::NetworkSettings;
use super::profile::ProfileFiles;
use super::BoxFuture;
pub use cache::{AwsCredentialsProvider, CredentialsCache};
use http::ProviderContext;
use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

/// An access key, its secret, and an optional session token.
///
/// `Debug` shows the access key id (which identifies, but does not grant
/// access) and redacts the secret access key and the session token.
///
/// Cloning is cheap (an `Arc`): a provider hands out the same credentials to
/// every request without copying the keys, and the form `aws-sigv4` signs
/// with is made once per set of credentials.
#[derive(Clone)]
pub struct Credentials {
    inner: Arc<Keys>,
}

struct Keys {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
    source: &'static str,
    /// What `aws-sigv4` signs with, made on first use.
    identity: OnceLock<aws_smithy_runtime_api::client::identity::Identity>,
    /// The SigV4 signing key last derived from the secret (see [`signing_key`]).
    signing_key: Mutex<Option<SigningKey>>,
}

/// A SigV4 signing key and the day, region and service it was derived for.
struct SigningKey {
    date: [u8; 8],
    region: Box<str>,
    service: Box<str>,
    key: [u8; 32],
}

impl PartialEq for Credentials {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&*self.inner, &*other.inner);
        a.access_key_id == b.access_key_id
            && a.secret_access_key == b.secret_access_key
            && a.session_token == b.session_token
            && a.expiry == b.expiry
            && a.source == b.source
    }
}

impl Eq for Credentials {}

impl Credentials {
    /// Credentials given by the program.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
        expiry: Option<SystemTime>,
    ) -> Self {
        Credentials {
            inner: Arc::new(Keys {
                access_key_id: access_key_id.into(),
                secret_access_key: secret_access_key.into(),
                session_token,
                expiry,
                source: "static",
                identity: OnceLock::new(),
                signing_key: Mutex::new(None),
            }),
        }
    }

    pub(crate) fn with_source(self, source: &'static str) -> Self {
        if self.inner.source == source {
            return self;
        }
        let keys = match Arc::try_unwrap(self.inner) {
            Ok(keys) => keys,
            Err(shared) => Keys {
                access_key_id: shared.access_key_id.clone(),
                secret_access_key: shared.secret_access_key.clone(),
                session_token: shared.session_token.clone(),
                expiry: shared.expiry,
                source,
                identity: OnceLock::new(),
                signing_key: Mutex::new(None),
            },
        };
        Credentials {
            inner: Arc::new(Keys { source, identity: OnceLock::new(), signing_key: Mutex::new(None), ..keys }),
        }
    }

    /// The access key id (`AKIA...` or `ASIA...`).
    pub fn access_key_id(&self) -> &str {
        &self.inner.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.inner.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.inner.session_token.as_deref()
    }

    /// When temporary credentials stop working.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.inner.expiry
    }

    /// Where they came from: `static`, `environment`, `profile`,
    /// `web-identity`, `assume-role`, `credential-process`, `sso`,
    /// `container`, `imds`, or `aws-credential-types provider`.
    pub fn source(&self) -> &'static str {
        self.inner.source
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys = &*self.inner;
        f.debug_struct("Credentials")
            .field("access_key_id", &keys.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field("session_token", &keys.session_token.as_ref().map(|_| "** redacted **"))
            .field("expiry", &keys.expiry)
            .field("source", &keys.source)
            .finish()
    }
}

/// Gives credentials for each request attempt.
///
/// The client asks before signing every attempt, so a provider can rotate
/// credentials; a provider that fetches them over the network should cache
/// them until shortly before they expire.
///
/// [`Credentials`] itself is a provider (of itself); so are
/// [`EnvironmentCredentials`], [`ProfileCredentials`],
/// [`DefaultCredentialsChain`] and [`provide_credentials_fn`]'s result.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Credentials for one request attempt.
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        (**self).provide_credentials()
    }
}

/// A provider from an async function, e.g. one that asks a secrets store.
pub fn provide_credentials_fn<F, Fut>(f: F) -> impl ProvideCredentials
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Credentials, CredentialsError>> + Send + 'static,
{
    FnProvider(f)
}

struct FnProvider<F>(F);

impl<F> fmt::Debug for FnProvider<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FnProvider")
    }
}

impl<F, Fut> ProvideCredentials for FnProvider<F>
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Credentials, CredentialsError>> + Send + 'static,
{
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin((self.0)())
    }
}

/// What kind of problem a [`CredentialsError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// This source has no credentials (a chain then tries the next source).
    NotLoaded,
    /// Credentials are configured, but wrongly (a key without its secret, a
    /// selected profile that does not exist, an unreadable file).
    InvalidConfiguration,
    /// The profile gets credentials in a way this client does not implement
    /// (`role_arn`, `credential_process`, SSO, web identity).
    Unsupported,
    /// A provider failed (e.g. a custom provider's network call, a
    /// metadata service that did not answer, a process that exited with an error).
    ProviderError,
    /// A service that issues credentials (STS, the SSO portal, a container
    /// or instance metadata endpoint) answered with an error;
    /// [`CredentialsError::code`] has its code.
    ServiceError,
    /// A person has to log in again: the SSO session is missing or expired
    /// (the message names the `aws sso login` command to run).
    LoginRequired,
}

/// Credentials could not be had. The message never contains a secret.
#[derive(Debug)]
pub struct CredentialsError {
    kind: CredentialsErrorKind,
    message: String,
    code: Option<String>,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl CredentialsError {
    /// This source has no credentials.
    pub fn not_loaded(message: impl Into<String>) -> Self {
        Self::new(CredentialsErrorKind::NotLoaded, message, None)
    }

    /// Credentials are configured wrongly.
    pub fn invalid_configuration(message: impl Into<String>) -> Self {
        Self::new(CredentialsErrorKind::InvalidConfiguration, message, None)
    }

    /// The configured way of getting credentials is not implemented here.
    pub fn unsupported(message: impl Into<String>) -> Self {
        Self::new(CredentialsErrorKind::Unsupported, message, None)
    }

    /// A provider failed with `source`.
    pub fn provider_error(message: impl Into<String>, source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self::new(CredentialsErrorKind::ProviderError, message, Some(source.into()))
    }

    /// A service that issues credentials answered with the error `code`
    /// (`AccessDenied`, `ExpiredTokenException`); `message` says what was
    /// called and what the service said.
    pub fn service_error(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(CredentialsErrorKind::ServiceError, message, None).with_code_opt(Some(code.into()))
    }

    pub(crate) fn new(
        kind: CredentialsErrorKind,
        message: impl Into<String>,
        source: Option<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        CredentialsError { kind, message: message.into(), code: None, source }
    }

    pub(crate) fn with_code_opt(mut self, code: Option<String>) -> Self {
        self.code = code;
        self
    }

    /// The error code a credentials service answered with, if it did.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> CredentialsErrorKind {
        self.kind
    }

    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One line, even when a credential service's message has breaks.
        write!(f, "{}", crate::text::OneLine(&self.message))
    }
}

impl StdError for CredentialsError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn StdError + 'static))
    }
}

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
#[derive(Debug, Clone, Default)]
pub struct EnvironmentCredentials {
    env: Env,
}

impl EnvironmentCredentials {
    /// Reads the variables from `env` at each request.
    pub fn new(env: Env) -> Self {
        EnvironmentCredentials { env }
    }

    /// The credentials, read now.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let key = self.env.get("AWS_ACCESS_KEY_ID");
        let secret = self.env.get("AWS_SECRET_ACCESS_KEY");
        match (key, secret) {
            (Some(key), Some(secret)) => Ok(Credentials::new(
                key.trim(),
                secret.trim(),
                self.env.get("AWS_SESSION_TOKEN").map(|t| t.trim().to_owned()),
                None,
            )
            .with_source("environment")),
            (None, None) => Err(CredentialsError::not_loaded("AWS_ACCESS_KEY_ID is not set")),
            (Some(_), None) => Err(CredentialsError::invalid_configuration(
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
            )),
            (None, Some(_)) => Err(CredentialsError::invalid_configuration(
                "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not",
            )),
        }
    }
}

impl ProvideCredentials for EnvironmentCredentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(std::future::ready(self.load()))
    }
}

/// The credentials of a profile in the shared files (`~/.aws/credentials`,
/// `~/.aws/config`; moved by `AWS_SHARED_CREDENTIALS_FILE` and
/// `AWS_CONFIG_FILE`). The profile is `AWS_PROFILE`, else `default`, unless
/// [`ProfileCredentials::profile_name`] names one.
///
/// Static keys (`aws_access_key_id`, `aws_secret_access_key`,
/// `aws_session_token`) are read again at each request, so a rewritten file
/// (e.g. by a tool that refreshes temporary keys) takes effect without a
/// restart. Other ways of getting credentials that a profile can name
/// are fetched when first needed and cached (see [`CredentialsCache`]); the
/// README's configuration section lists them.
#[derive(Debug, Clone)]
pub struct ProfileCredentials {
    env: Env,
    profile: Option<String>,
    dynamic: CredentialsCache,
}

impl Default for ProfileCredentials {
    fn default() -> Self {
        ProfileCredentials::new(Env::process())
    }
}

impl ProfileCredentials {
    /// The profile that `env` selects.
    pub fn new(env: Env) -> Self {
        Self::build(env, None)
    }

    fn build(env: Env, profile: Option<String>) -> Self {
        let ctx = Arc::new(ProviderContext::new(env.clone(), None));
        let dynamic = CredentialsCache::new(sources::ProfileSource { ctx, profile: profile.clone() });
        ProfileCredentials { env, profile, dynamic }
    }

    /// Uses the profile `name` whatever `AWS_PROFILE` says.
    pub fn profile_name(self, name: impl Into<String>) -> Self {
        Self::build(self.env, Some(name.into()))
    }

    /// The profile's static keys, read now. A profile that gets its
    /// credentials another way gives [`CredentialsErrorKind::Unsupported`]
    /// here: ask [`ProvideCredentials::provide_credentials`] instead.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let files =
            ProfileFiles::load(&self.env).map_err(|e| CredentialsError::invalid_configuration(e.to_string()))?;
        match sources::profile_static(&self.env, &files, self.profile.as_deref()) {
            sources::Static::Found(result) => result,
            sources::Static::Dynamic(name, key) => Err(CredentialsError::unsupported(format!(
                "profile `{name}` gets credentials through `{key}`, which needs an asynchronous call: \
                 use provide_credentials()"
            ))),
        }
    }

    async fn provide(&self) -> Result<Credentials, CredentialsError> {
        let files =
            ProfileFiles::load(&self.env).map_err(|e| CredentialsError::invalid_configuration(e.to_string()))?;
        match sources::profile_static(&self.env, &files, self.profile.as_deref()) {
            sources::Static::Found(result) => result,
            sources::Static::Dynamic(..) => self.dynamic.get().await,
        }
    }
}

impl ProvideCredentials for ProfileCredentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.provide())
    }
}

/// The AWS SDKs' default chain: the first source that has credentials wins;
/// a source that is configured wrongly stops the chain with its error.
///
/// 1. the environment variables (read at each request);
/// 2. web identity from `AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_ROLE_ARN`;
/// 3. the selected profile of the shared files (static keys read at each
///    request; roles, web identity, SSO and `credential_process` otherwise);
/// 4. container credentials (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or
///    `AWS_CONTAINER_CREDENTIALS_FULL_URI`);
/// 5. EC2 instance metadata (IMDSv2), unless `AWS_EC2_METADATA_DISABLED=true`.
///
/// Sources 2 to 5 are resolved on the first request, not when the chain is
/// made, and their credentials are cached ([`CredentialsCache`]). Clones
/// share the cache.
#[derive(Clone)]
pub struct DefaultCredentialsChain {
    env: EnvironmentCredentials,
    dynamic: CredentialsCache,
    last_source: Arc<std::sync::Mutex<Option<&'static str>>>,
    ctx: Arc<ProviderContext>,
}

/// Shows which source gave the last credentials (never the credentials).
impl fmt::Debug for DefaultCredentialsChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DefaultCredentialsChain").field("last_source", &self.last_source()).finish()
    }
}

impl Default for DefaultCredentialsChain {
    fn default() -> Self {
        DefaultCredentialsChain::new(Env::process())
    }
}

impl DefaultCredentialsChain {
    /// The chain reading from `env`.
    pub fn new(env: Env) -> Self {
        DefaultCredentialsChain::with_network(env, None)
    }

    /// The chain of a client's configuration: STS and the SSO portal are
    /// reached through the configuration's proxies and CA bundle.
    pub(crate) fn with_network(env: Env, network: Option<NetworkSettings>) -> Self {
        let ctx = Arc::new(ProviderContext::new(env.clone(), network));
        DefaultCredentialsChain {
            env: EnvironmentCredentials::new(env),
            dynamic: CredentialsCache::new(sources::ChainSource { ctx: ctx.clone() }),
            last_source: Arc::default(),
            ctx,
        }
    }

    /// The same chain with other network settings (and a cache of its own),
    /// unless those are the settings it has.
    pub(crate) fn for_network(&self, network: &NetworkSettings) -> Option<Self> {
        (self.ctx.network_override() != Some(network))
            .then(|| DefaultCredentialsChain::with_network(self.env.env.clone(), Some(network.clone())))
    }

    /// The source of the last credentials given (`environment`, `profile`,
    /// `web-identity`, `assume-role`, `sso`, `credential-process`,
    /// `container`, `imds`), or `None` before the first request.
    pub fn last_source(&self) -> Option<&'static str> {
        *self.last_source.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The chain, with the cache measuring expiry and backoff on `clock`.
    pub fn with_time_source(mut self, clock: impl crate::client::TimeSource + 'static) -> Self {
        self.dynamic = self.dynamic.time_source(clock);
        self
    }

    async fn provide(&self) -> Result<Credentials, CredentialsError> {
        let result = self.resolve().await;
        if let Ok(c) = &result {
            *self.last_source.lock().unwrap_or_else(|e| e.into_inner()) = Some(c.source());
        }
        result
    }

    async fn resolve(&self) -> Result<Credentials, CredentialsError> {
        let env_err = match self.env.load() {
            Err(e) if e.kind == CredentialsErrorKind::NotLoaded => e,
            other => return other,
        };
        let env = &self.env.env;
        if env.get("AWS_WEB_IDENTITY_TOKEN_FILE").is_none() {
            let files = ProfileFiles::load(env).map_err(|e| CredentialsError::invalid_configuration(e.to_string()))?;
            match sources::profile_static(env, &files, None) {
                sources::Static::Found(Err(e)) if e.kind == CredentialsErrorKind::NotLoaded => {}
                sources::Static::Found(result) => return result,
                sources::Static::Dynamic(..) => {}
            }
        }
        self.dynamic.get().await.map_err(|e| {
            if e.kind == CredentialsErrorKind::NotLoaded {
                CredentialsError::not_loaded(format!(
                    "no AWS credentials found: {env_err}; {e} (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, \
                     add keys or a role to ~/.aws/config, or give Config a credentials provider)"
                ))
            } else {
                e
            }
        })
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.provide())
    }
}

/// The SigV4 signing key for the day `date` (`YYYYMMDD`, the day of
/// `time`), `region` and `service`: derived by `aws-sigv4` from the secret
/// the first time, and again only when one of them changes (a new day, say).
pub(crate) fn signing_key(c: &Credentials, date: &[u8; 8], time: SystemTime, region: &str, service: &str) -> [u8; 32] {
    let keys = &*c.inner;
    // A poisoned lock only means another thread panicked while holding it; the key in it is whole.
    let mut cached = keys.signing_key.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(k) = &*cached {
        if &k.date == date && &*k.region == region && &*k.service == service {
            return k.key;
        }
    }
    let derived = aws_sigv4::sign::v4::generate_signing_key(&keys.secret_access_key, time, region, service);
    let mut key = [0u8; 32];
    key.copy_from_slice(derived.as_ref());
    *cached = Some(SigningKey { date: *date, region: region.into(), service: service.into(), key });
    key
}

/// Credentials in the form `aws-sigv4` signs with, made once per set of
/// credentials (and shared by their clones).
pub(crate) fn to_identity(c: &Credentials) -> &aws_smithy_runtime_api::client::identity::Identity {
    let keys = &*c.inner;
    keys.identity.get_or_init(|| {
        aws_credential_types::Credentials::new(
            keys.access_key_id.clone(),
            keys.secret_access_key.clone(),
            keys.session_token.clone(),
            keys.expiry,
            "smithy-rt",
        )
        .into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_secrets() {
        let c = Credentials::new("AKIDEXAMPLE", "SECRETSECRET", Some("TOKENTOKEN".into()), None);
        let shown = format!("{c:?}");
        assert!(shown.contains("AKIDEXAMPLE"), "{shown}");
        assert!(!shown.contains("SECRETSECRET") && !shown.contains("TOKENTOKEN"), "{shown}");
    }

    #[test]
    fn environment_variables() {
        let env =
            Env::from_vars([("AWS_ACCESS_KEY_ID", "AKID"), ("AWS_SECRET_ACCESS_KEY", "S"), ("AWS_SESSION_TOKEN", "T")]);
        let c = EnvironmentCredentials::new(env).load().unwrap();
        assert_eq!(
            (c.access_key_id(), c.secret_access_key(), c.session_token(), c.source()),
            ("AKID", "S", Some("T"), "environment")
        );

        let err = EnvironmentCredentials::new(Env::from_vars([("AWS_ACCESS_KEY_ID", "AKID")])).load().unwrap_err();
        assert_eq!(err.kind(), CredentialsErrorKind::InvalidConfiguration);
        let err = EnvironmentCredentials::new(Env::from_vars([("AWS_SECRET_ACCESS_KEY", "hush")])).load().unwrap_err();
        assert!(!err.to_string().contains("hush"));
        let err = EnvironmentCredentials::new(Env::from_vars([("X", "1")])).load().unwrap_err();
        assert_eq!(err.kind(), CredentialsErrorKind::NotLoaded);
    }

    #[tokio::test]
    async fn nothing_anywhere_is_not_loaded_and_says_what_was_tried() {
        let dir = tempfile::tempdir().unwrap();
        let env = Env::from_vars([("AWS_EC2_METADATA_DISABLED", "true")]).with_home(dir.path());
        let err = DefaultCredentialsChain::new(env).provide_credentials().await.unwrap_err();
        assert_eq!(err.kind(), CredentialsErrorKind::NotLoaded);
        assert!(err.to_string().contains("AWS_ACCESS_KEY_ID is not set"), "{err}");
        assert!(err.to_string().contains("profile `default`"), "{err}");
    }
}

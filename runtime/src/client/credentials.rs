//! AWS credentials and where they come from.

use super::env::Env;
use super::profile::{selected_profile, ProfileFiles};
use super::BoxFuture;
use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::SystemTime;

/// An access key, its secret, and an optional session token.
///
/// `Debug` shows the access key id (which identifies, but does not grant
/// access) and redacts the secret access key and the session token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
    source: &'static str,
}

impl Credentials {
    /// Credentials given by the program.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
        expiry: Option<SystemTime>,
    ) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
            expiry,
            source: "static",
        }
    }

    fn with_source(mut self, source: &'static str) -> Self {
        self.source = source;
        self
    }

    /// The access key id (`AKIA...` or `ASIA...`).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// When temporary credentials stop working.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }

    /// Where they came from: `static`, `environment` or `profile`.
    pub fn source(&self) -> &'static str {
        self.source
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field("session_token", &self.session_token.as_ref().map(|_| "** redacted **"))
            .field("expiry", &self.expiry)
            .field("source", &self.source)
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
    /// A provider failed (e.g. a custom provider's network call).
    ProviderError,
}

/// Credentials could not be had. The message never contains a secret.
#[derive(Debug)]
pub struct CredentialsError {
    kind: CredentialsErrorKind,
    message: String,
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

    fn new(kind: CredentialsErrorKind, message: impl Into<String>, source: Option<Box<dyn StdError + Send + Sync>>) -> Self {
        CredentialsError { kind, message: message.into(), source }
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
        f.write_str(&self.message)
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
            (Some(key), Some(secret)) => {
                Ok(Credentials::new(key.trim(), secret.trim(), self.env.get("AWS_SESSION_TOKEN").map(|t| t.trim().to_owned()), None)
                    .with_source("environment"))
            }
            (None, None) => Err(CredentialsError::not_loaded("AWS_ACCESS_KEY_ID is not set")),
            (Some(_), None) => Err(CredentialsError::invalid_configuration("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")),
            (None, Some(_)) => Err(CredentialsError::invalid_configuration("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")),
        }
    }
}

impl ProvideCredentials for EnvironmentCredentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(std::future::ready(self.load()))
    }
}

/// Static keys of a profile in the shared files (`~/.aws/credentials`,
/// `~/.aws/config`; moved by `AWS_SHARED_CREDENTIALS_FILE` and
/// `AWS_CONFIG_FILE`): `aws_access_key_id`, `aws_secret_access_key` and
/// `aws_session_token`. The profile is `AWS_PROFILE`, else `default`, unless
/// [`ProfileCredentials::profile_name`] names one.
///
/// The files are read again at each request, so a rewritten file (e.g. by a
/// tool that refreshes temporary keys) takes effect without a restart.
/// Profiles that assume a role, run a `credential_process`, use SSO or a web
/// identity token are reported as [`CredentialsErrorKind::Unsupported`].
#[derive(Debug, Clone, Default)]
pub struct ProfileCredentials {
    env: Env,
    profile: Option<String>,
}

/// Profile keys that name a way of getting credentials that is not implemented here.
const UNSUPPORTED_PROFILE_KEYS: &[&str] =
    &["role_arn", "credential_process", "sso_session", "sso_start_url", "web_identity_token_file", "credential_source"];

impl ProfileCredentials {
    /// The profile that `env` selects.
    pub fn new(env: Env) -> Self {
        ProfileCredentials { env, profile: None }
    }

    /// Uses the profile `name` whatever `AWS_PROFILE` says.
    pub fn profile_name(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// The credentials, read now.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let files = ProfileFiles::load(&self.env).map_err(|e| CredentialsError::invalid_configuration(e.to_string()))?;
        let (name, chosen) = match &self.profile {
            Some(name) => (name.clone(), true),
            None => (selected_profile(&self.env), self.env.get("AWS_PROFILE").is_some()),
        };
        let Some(profile) = files.profile(&name) else {
            let msg = format!("profile `{name}` is not in the shared config or credentials file");
            return Err(if chosen { CredentialsError::invalid_configuration(msg) } else { CredentialsError::not_loaded(msg) });
        };
        let get = |k: &str| profile.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
        match (get("aws_access_key_id"), get("aws_secret_access_key")) {
            (Some(key), Some(secret)) => {
                Ok(Credentials::new(key, secret, get("aws_session_token").map(str::to_owned), None).with_source("profile"))
            }
            (Some(_), None) => Err(CredentialsError::invalid_configuration(format!(
                "profile `{name}` has aws_access_key_id but no aws_secret_access_key"
            ))),
            _ => match UNSUPPORTED_PROFILE_KEYS.iter().find(|k| get(k).is_some()) {
                Some(k) => Err(CredentialsError::unsupported(format!(
                    "profile `{name}` gets credentials through `{k}`, which this client does not implement; \
                     pass a provider with Config::builder().credentials_provider(..)"
                ))),
                None => Err(CredentialsError::not_loaded(format!("profile `{name}` has no aws_access_key_id"))),
            },
        }
    }
}

impl ProvideCredentials for ProfileCredentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(std::future::ready(self.load()))
    }
}

/// The environment variables, then the shared files' profile: the first that
/// has credentials wins; a source that is configured wrongly stops the chain
/// with its error.
///
/// Unlike the AWS SDKs' default chain, this one does not reach the network:
/// no container (ECS) or instance (IMDS) credentials, no role assumption.
/// Plug those in with [`ProvideCredentials`].
#[derive(Debug, Clone, Default)]
pub struct DefaultCredentialsChain {
    env: EnvironmentCredentials,
    profile: ProfileCredentials,
}

impl DefaultCredentialsChain {
    /// The chain reading from `env`.
    pub fn new(env: Env) -> Self {
        DefaultCredentialsChain { env: EnvironmentCredentials::new(env.clone()), profile: ProfileCredentials::new(env) }
    }

    /// The credentials, read now.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let env_err = match self.env.load() {
            Err(e) if e.kind == CredentialsErrorKind::NotLoaded => e,
            other => return other,
        };
        match self.profile.load() {
            Err(e) if e.kind == CredentialsErrorKind::NotLoaded => Err(CredentialsError::not_loaded(format!(
                "no AWS credentials found: {env_err}; {e} (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, \
                 add keys to ~/.aws/credentials, or give Config a credentials provider)"
            ))),
            other => other,
        }
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(std::future::ready(self.load()))
    }
}

/// Credentials in the form `aws-sigv4` signs with.
pub(crate) fn to_identity(c: &Credentials) -> aws_smithy_runtime_api::client::identity::Identity {
    aws_credential_types::Credentials::new(
        c.access_key_id.clone(),
        c.secret_access_key.clone(),
        c.session_token.clone(),
        c.expiry,
        "smithy-rt",
    )
    .into()
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
        let env = Env::from_vars([("AWS_ACCESS_KEY_ID", "AKID"), ("AWS_SECRET_ACCESS_KEY", "S"), ("AWS_SESSION_TOKEN", "T")]);
        let c = EnvironmentCredentials::new(env).load().unwrap();
        assert_eq!((c.access_key_id(), c.secret_access_key(), c.session_token(), c.source()), ("AKID", "S", Some("T"), "environment"));

        let err = EnvironmentCredentials::new(Env::from_vars([("AWS_ACCESS_KEY_ID", "AKID")])).load().unwrap_err();
        assert_eq!(err.kind(), CredentialsErrorKind::InvalidConfiguration);
        let err = EnvironmentCredentials::new(Env::from_vars([("AWS_SECRET_ACCESS_KEY", "hush")])).load().unwrap_err();
        assert!(!err.to_string().contains("hush"));
        let err = EnvironmentCredentials::new(Env::from_vars([("X", "1")])).load().unwrap_err();
        assert_eq!(err.kind(), CredentialsErrorKind::NotLoaded);
    }

    #[test]
    fn nothing_anywhere_is_not_loaded_and_says_what_was_tried() {
        let dir = tempfile::tempdir().unwrap();
        let err = DefaultCredentialsChain::new(Env::from_vars([("X", "1")]).with_home(dir.path())).load().unwrap_err();
        assert_eq!(err.kind(), CredentialsErrorKind::NotLoaded);
        assert!(err.to_string().contains("AWS_ACCESS_KEY_ID is not set"), "{err}");
        assert!(err.to_string().contains("profile `default`"), "{err}");
    }
}

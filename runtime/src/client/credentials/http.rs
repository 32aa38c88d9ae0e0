//! What the network credential sources share: the environment, the HTTP
//! transports (one that honours the proxy settings, one that never uses a
//! proxy for link-local and loopback metadata services), and sending with a
//! timeout and one retry.

use super::CredentialsError;
use crate::client::env::Env;
use crate::client::network::NetworkSettings;
use crate::client::transport::{HttpRequest, HttpResponse, HttpTransport, HyperTransport};
use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// Shared by the providers of one chain.
pub(crate) struct ProviderContext {
    pub(crate) env: Env,
    pub(crate) imds_token: super::imds::TokenCache,
    /// The proxies and CA bundle of the client's configuration, when it
    /// made this context; otherwise they are read from `env` and the profile.
    network: Option<NetworkSettings>,
    remote: OnceLock<Arc<dyn HttpTransport>>,
    local: OnceLock<Arc<dyn HttpTransport>>,
}

impl fmt::Debug for ProviderContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderContext").field("env", &self.env).finish()
    }
}

impl ProviderContext {
    pub(crate) fn new(env: Env, network: Option<NetworkSettings>) -> Self {
        ProviderContext {
            env,
            imds_token: Default::default(),
            network,
            remote: OnceLock::new(),
            local: OnceLock::new(),
        }
    }

    pub(crate) fn network_override(&self) -> Option<&NetworkSettings> {
        self.network.as_ref()
    }

    /// A path from a file, `~` expanded to the home folder.
    pub(crate) fn env_path(&self, path: &std::path::Path) -> std::path::PathBuf {
        match (path.to_str().and_then(|p| p.strip_prefix("~/")), self.env.home_dir()) {
            (Some(rest), Some(home)) => home.join(rest),
            _ => path.to_owned(),
        }
    }

    fn network(&self) -> NetworkSettings {
        if let Some(n) = &self.network {
            return n.clone();
        }
        let files = crate::client::profile::ProfileFiles::load(&self.env).unwrap_or_default();
        NetworkSettings::from_env(&self.env, files.profile(&crate::client::profile::selected_profile(&self.env)))
    }

    /// For STS and the SSO portal: through the configured proxies (the
    /// client's, else the environment's), trusting the CA bundle too.
    pub(crate) fn remote(&self) -> Result<Arc<dyn HttpTransport>, CredentialsError> {
        if let Some(t) = self.remote.get() {
            return Ok(t.clone());
        }
        let t = HyperTransport::with_settings(Duration::from_millis(3100), &self.network()).map_err(|e| {
            let why = std::error::Error::source(&e).map(|s| s.to_string()).unwrap_or_else(|| e.to_string());
            CredentialsError::invalid_configuration(format!("cannot call credential services: {why}"))
        })?;
        Ok(self.remote.get_or_init(|| Arc::new(t)).clone())
    }

    /// For IMDS and container credentials: direct connections (link-local
    /// and loopback services are never proxied), 1 s to connect.
    pub(crate) fn local(&self) -> Arc<dyn HttpTransport> {
        self.local
            .get_or_init(|| {
                let settings = NetworkSettings { proxy: Default::default(), ..self.network() };
                crate::client::transport::default_transport(
                    Duration::from_secs(1),
                    &settings,
                    crate::client::DEFAULT_MAX_RESPONSE_BODY,
                )
            })
            .clone()
    }
}

/// Why a request failed, before it is turned into a [`CredentialsError`].
pub(crate) enum SendError {
    /// No response (connection refused, timeout...).
    Unreachable(String),
}

/// Sends `make()`'s request within `timeout`, and again once if the first
/// attempt got no response or a 5xx.
pub(crate) async fn send_with_retry(
    transport: &dyn HttpTransport,
    timeout: Duration,
    make: impl Fn() -> HttpRequest,
) -> Result<HttpResponse, SendError> {
    let mut last = String::new();
    for attempt in 0..2 {
        match tokio::time::timeout(timeout, transport.send(make())).await {
            Ok(Ok(r)) if r.status().is_server_error() && attempt == 0 => {
                last = format!("HTTP {}", r.status().as_u16());
            }
            Ok(Ok(r)) => return Ok(r),
            Ok(Err(e)) => last = e.to_string(),
            Err(_) => last = format!("no response within {timeout:?}"),
        }
    }
    Err(SendError::Unreachable(last))
}

/// A snippet of a body for an error message: at most 200 characters, and
/// nothing at all if it may hold credentials.
pub(crate) fn safe_snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let lower = text.to_ascii_lowercase();
    if ["secret", "sessiontoken", "session_token", "accesstoken", "access_token", "\"token\"", "bearer"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return "(body not shown: it may hold credentials)".to_owned();
    }
    text.chars().take(200).collect()
}

/// An RFC 3339 time (`2024-01-01T00:00:00Z`).
pub(crate) fn parse_time(s: &str) -> Option<std::time::SystemTime> {
    s.trim().parse::<crate::Timestamp>().ok().map(Into::into)
}

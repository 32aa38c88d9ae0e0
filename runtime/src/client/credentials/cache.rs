//! Caching of temporary credentials: lazily fetched, refreshed ahead of
//! expiry, one refresh at a time, still-valid credentials served after a
//! failed refresh, and failed refreshes backed off.

use super::{Credentials, CredentialsError, CredentialsErrorKind, ProvideCredentials};
use crate::client::time::{SystemClock, TimeSource};
use crate::client::BoxFuture;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

/// How long before their expiry cached credentials are refreshed.
pub const DEFAULT_REFRESH_AHEAD: Duration = Duration::from_secs(5 * 60);
/// How long credentials without an expiry are kept before the source is asked again.
pub const DEFAULT_TTL_WITHOUT_EXPIRY: Duration = Duration::from_secs(15 * 60);
/// The first wait after a failed refresh; it doubles with each further failure.
pub const INITIAL_BACKOFF: Duration = Duration::from_secs(1);
/// The longest wait after failed refreshes.
pub const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// Wraps a provider that fetches credentials (over the network, from a
/// process) so that it is asked as rarely as possible:
///
/// - nothing is fetched until the first request (so building a client stays
///   cheap and synchronous);
/// - credentials are reused until 5 minutes
///   before they expire (or half their remaining life, if shorter);
///   credentials without an expiry for 15 minutes;
/// - one refresh runs at a time: callers that still have valid credentials
///   keep using them meanwhile, callers without wait for its result;
/// - when a refresh fails, still-valid credentials keep being served (a
///   warning is logged), and the source is not asked again before a backoff
///   (1 s, doubling up to 60 s) has passed; callers without valid
///   credentials get the failure again meanwhile.
///
/// Clones share the cache.
#[derive(Clone)]
pub struct CredentialsCache {
    inner: Arc<Shared>,
}

struct Shared {
    provider: Arc<dyn ProvideCredentials>,
    clock: Arc<dyn TimeSource>,
    refresh_ahead: Duration,
    ttl_without_expiry: Duration,
    state: Mutex<State>,
    refreshing: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct State {
    cached: Option<Entry>,
    failures: u32,
    retry_after: Option<SystemTime>,
    last_error: Option<(CredentialsErrorKind, String, Option<String>)>,
}

struct Entry {
    credentials: Credentials,
    refresh_at: SystemTime,
    expires_at: Option<SystemTime>,
}

impl Entry {
    fn usable(&self, now: SystemTime) -> bool {
        self.expires_at.is_none_or(|e| now < e)
    }
}

fn lock(m: &Mutex<State>) -> MutexGuard<'_, State> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl CredentialsCache {
    /// Caches what `provider` gives, with the system clock.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        Self::from_arc(Arc::new(provider))
    }

    pub(crate) fn from_arc(provider: Arc<dyn ProvideCredentials>) -> Self {
        CredentialsCache {
            inner: Arc::new(Shared {
                provider,
                clock: Arc::new(SystemClock),
                refresh_ahead: DEFAULT_REFRESH_AHEAD,
                ttl_without_expiry: DEFAULT_TTL_WITHOUT_EXPIRY,
                state: Mutex::new(State::default()),
                refreshing: tokio::sync::Mutex::new(()),
            }),
        }
    }

    fn with(self, f: impl FnOnce(&mut Shared)) -> Self {
        let mut shared = Arc::try_unwrap(self.inner).unwrap_or_else(|arc| Shared {
            provider: arc.provider.clone(),
            clock: arc.clock.clone(),
            refresh_ahead: arc.refresh_ahead,
            ttl_without_expiry: arc.ttl_without_expiry,
            state: Mutex::new(State::default()),
            refreshing: tokio::sync::Mutex::new(()),
        });
        f(&mut shared);
        CredentialsCache { inner: Arc::new(shared) }
    }

    /// The clock that expiry and backoff are measured with (for tests).
    pub fn time_source(self, clock: impl TimeSource + 'static) -> Self {
        self.with(|s| s.clock = Arc::new(clock))
    }

    /// How long before expiry to refresh (default 5 minutes).
    pub fn refresh_ahead(self, d: Duration) -> Self {
        self.with(|s| s.refresh_ahead = d)
    }

    /// How long to keep credentials that have no expiry (default 15 minutes).
    pub fn ttl_without_expiry(self, d: Duration) -> Self {
        self.with(|s| s.ttl_without_expiry = d)
    }

    /// Forgets cached credentials and any backoff.
    pub fn invalidate(&self) {
        *lock(&self.inner.state) = State::default();
    }

    /// Credentials, from the cache or freshly fetched.
    pub async fn get(&self) -> Result<Credentials, CredentialsError> {
        let s = &*self.inner;
        let now = s.clock.now();
        let usable = {
            let state = lock(&s.state);
            match &state.cached {
                Some(e) if now < e.refresh_at => return Ok(e.credentials.clone()),
                Some(e) if e.usable(now) => Some(e.credentials.clone()),
                _ => None,
            }
        };
        // Due for a refresh. With valid credentials in hand, do not wait for
        // someone else's refresh.
        let _guard = match usable {
            Some(c) => match s.refreshing.try_lock() {
                Ok(g) => g,
                Err(_) => return Ok(c),
            },
            None => s.refreshing.lock().await,
        };
        let now = s.clock.now();
        {
            let state = lock(&s.state);
            let valid = state.cached.as_ref().filter(|e| e.usable(now)).map(|e| e.credentials.clone());
            if let Some(e) = &state.cached {
                if now < e.refresh_at {
                    return Ok(e.credentials.clone());
                }
            }
            if let Some(after) = state.retry_after {
                if now < after {
                    if let Some(c) = valid {
                        return Ok(c);
                    }
                    if let Some((kind, message, code)) = &state.last_error {
                        let wait = after.duration_since(now).unwrap_or_default();
                        return Err(CredentialsError::new(
                            *kind,
                            format!("{message} (not retried for another {:.1} s)", wait.as_secs_f64()),
                            None,
                        )
                        .with_code_opt(code.clone()));
                    }
                }
            }
        }
        tracing::debug!(provider = ?s.provider, "fetching credentials");
        let result = s.provider.provide_credentials().await;
        let now = s.clock.now();
        let mut state = lock(&s.state);
        match result {
            Ok(credentials) => {
                let (refresh_at, expires_at) = match credentials.expiry() {
                    Some(expiry) => {
                        let remaining = expiry.duration_since(now).unwrap_or_default();
                        let ahead = expiry.checked_sub(s.refresh_ahead).unwrap_or(now);
                        (ahead.max(now + remaining / 2), Some(expiry))
                    }
                    None => (now + s.ttl_without_expiry, None),
                };
                tracing::debug!(source = credentials.source(), expiry = ?credentials.expiry(), "fetched credentials");
                state.cached = Some(Entry { credentials: credentials.clone(), refresh_at, expires_at });
                state.failures = 0;
                state.retry_after = None;
                state.last_error = None;
                Ok(credentials)
            }
            Err(e) => {
                state.failures = state.failures.saturating_add(1);
                let backoff = INITIAL_BACKOFF.saturating_mul(1 << (state.failures - 1).min(6)).min(MAX_BACKOFF);
                state.retry_after = Some(now + backoff);
                state.last_error = Some((e.kind(), e.message().to_owned(), e.code().map(str::to_owned)));
                match state.cached.as_ref().filter(|c| c.usable(now)) {
                    Some(entry) => {
                        tracing::warn!(error = %e, ?backoff, "refreshing credentials failed; using the still-valid ones");
                        Ok(entry.credentials.clone())
                    }
                    None => {
                        tracing::debug!(error = %e, ?backoff, "fetching credentials failed");
                        Err(e)
                    }
                }
            }
        }
    }
}

impl fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsCache").field("provider", &self.inner.provider).finish()
    }
}

impl ProvideCredentials for CredentialsCache {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.get())
    }
}

/// A provider implementing `aws-credential-types`' trait (what the
/// `aws-config` crate's providers implement), used as this crate's
/// [`ProvideCredentials`]. Not cached by itself: see
/// [`ConfigBuilder::aws_credentials_provider`](crate::client::ConfigBuilder::aws_credentials_provider).
pub struct AwsCredentialsProvider<P> {
    provider: P,
}

impl<P> AwsCredentialsProvider<P> {
    /// Wraps `provider`.
    pub fn new(provider: P) -> Self {
        AwsCredentialsProvider { provider }
    }
}

impl<P: fmt::Debug> fmt::Debug for AwsCredentialsProvider<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("AwsCredentialsProvider").field(&self.provider).finish()
    }
}

impl<P> ProvideCredentials for AwsCredentialsProvider<P>
where
    P: aws_credential_types::provider::ProvideCredentials + 'static,
{
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            use aws_credential_types::provider::error::CredentialsError as E;
            match self.provider.provide_credentials().await {
                Ok(c) => Ok(Credentials::new(
                    c.access_key_id(),
                    c.secret_access_key(),
                    c.session_token().map(str::to_owned),
                    c.expiry(),
                )
                .with_source("aws-credential-types provider")),
                Err(e) => {
                    let message = format!("the credentials provider failed: {e}");
                    Err(match &e {
                        E::CredentialsNotLoaded(_) => CredentialsError::not_loaded(message),
                        E::InvalidConfiguration(_) => CredentialsError::invalid_configuration(message),
                        _ => CredentialsError::provider_error(message, e),
                    })
                }
            }
        })
    }
}

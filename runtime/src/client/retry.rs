//! AWS "standard" retries: which failures are retried, how long to wait, and
//! the client-wide retry quota (documented on [`RetryConfig`]).

use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

/// Error codes that mean "slow down" (AWS's standard list).
pub const THROTTLING_ERROR_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes of transient failures.
pub const TRANSIENT_ERROR_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"];

/// HTTP statuses of transient failures.
pub const TRANSIENT_STATUS_CODES: &[u16] = &[500, 502, 503, 504];

/// How many attempts a call may make, at most, whatever is configured.
pub const MAX_ATTEMPTS_CAP: u32 = 10;

/// How a call is retried: AWS's "standard" retry mode.
///
/// Retried: errors the model marks `@retryable` (as throttling with
/// `throttling: true`), the throttling codes in [`THROTTLING_ERROR_CODES`], the transient
/// codes in [`TRANSIENT_ERROR_CODES`], HTTP statuses in
/// [`TRANSIENT_STATUS_CODES`], connection failures and attempt (or connect)
/// timeouts. Never retried: any other error response (4xx in particular), a
/// malformed response, a request that could not be built.
///
/// The list of throttling codes is AWS's standard list, which includes
/// `LimitExceededException`. Some services (AppStream among them) also use
/// that code for a modelled, non-transient quota error ("you have too many
/// fleets"); such a call is retried like a throttled one, costing at most
/// the retry backoff before the same error is returned. Set
/// [`RetryConfig::with_max_attempts`]`(1)` where that matters.
///
/// Backoff before retry `n` (1 for the first retry) is "full jitter":
/// `random[0, 1) × min(max_backoff, initial_backoff × 2^(n-1))`.
///
/// Retry quota: each client holds 500 tokens; a retry costs 5 (10 after a
/// timeout); when the quota is empty, failures are returned without retrying,
/// so that an outage is not amplified. A successful retried call gives its
/// cost back; a call that succeeds at once adds 1 (up to 500).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryConfig {
    /// [`RetryConfig::standard`].
    fn default() -> Self {
        RetryConfig::standard()
    }
}

impl RetryConfig {
    /// AWS's standard mode: 3 attempts, backoff from 1 s up to 20 s.
    pub const fn standard() -> Self {
        RetryConfig { max_attempts: 3, initial_backoff: Duration::from_secs(1), max_backoff: Duration::from_secs(20) }
    }

    /// One attempt only.
    pub const fn disabled() -> Self {
        RetryConfig::standard().with_max_attempts(1)
    }

    /// At most `n` attempts in all (the first included), clamped to
    /// `1..=`[`MAX_ATTEMPTS_CAP`].
    pub const fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = if n == 0 {
            1
        } else if n > MAX_ATTEMPTS_CAP {
            MAX_ATTEMPTS_CAP
        } else {
            n
        };
        self
    }

    /// The backoff bound before the first retry (doubling after).
    pub const fn with_initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }

    /// The largest backoff bound.
    pub const fn with_max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }

    /// Attempts in all.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The backoff bound before the first retry.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The largest backoff bound.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The upper bound of the wait before retry `n` (1 for the first retry):
    /// `min(max_backoff, initial_backoff × 2^(n-1))`.
    pub fn backoff_bound(&self, n: u32) -> Duration {
        let factor = 2f64.powi(n.saturating_sub(1).min(62) as i32);
        let bound = (self.initial_backoff.as_secs_f64() * factor).min(self.max_backoff.as_secs_f64());
        Duration::from_secs_f64(bound.max(0.0))
    }

    /// The wait before retry `n`, given a random number in `[0, 1)`.
    pub(crate) fn backoff(&self, n: u32, random: f64) -> Duration {
        self.backoff_bound(n).mul_f64(random.clamp(0.0, 1.0))
    }
}

/// Why an attempt is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryReason {
    Throttling,
    /// The model marks the error `@retryable` (and not as throttling).
    ModeledTransient,
    TransientCode,
    ServerStatus(u16),
    Timeout,
    Transport,
}

impl fmt::Display for RetryReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RetryReason::Throttling => f.write_str("throttling error"),
            RetryReason::TransientCode => f.write_str("transient error"),
            RetryReason::ModeledTransient => f.write_str("error the model marks retryable"),
            RetryReason::ServerStatus(s) => write!(f, "HTTP {s}"),
            RetryReason::Timeout => f.write_str("timeout"),
            RetryReason::Transport => f.write_str("connection error"),
        }
    }
}

impl From<super::ModeledRetry> for RetryReason {
    fn from(r: super::ModeledRetry) -> Self {
        match r {
            super::ModeledRetry::Throttling => RetryReason::Throttling,
            super::ModeledRetry::Transient => RetryReason::ModeledTransient,
        }
    }
}

/// Whether an error response is retried, and why (by its code and status;
/// the model's `@retryable` is read from the operation's error type).
pub(crate) fn classify_error_response(status: u16, code: &str) -> Option<RetryReason> {
    if THROTTLING_ERROR_CODES.contains(&code) {
        Some(RetryReason::Throttling)
    } else if TRANSIENT_ERROR_CODES.contains(&code) {
        Some(RetryReason::TransientCode)
    } else if TRANSIENT_STATUS_CODES.contains(&status) {
        Some(RetryReason::ServerStatus(status))
    } else {
        None
    }
}

const INITIAL_TOKENS: u32 = 500;
const RETRY_COST: u32 = 5;
const TIMEOUT_RETRY_COST: u32 = 10;
const SUCCESS_INCREMENT: u32 = 1;

/// The client-wide retry token bucket.
#[derive(Debug)]
pub(crate) struct RetryQuota {
    tokens: Mutex<u32>,
}

impl Default for RetryQuota {
    fn default() -> Self {
        RetryQuota { tokens: Mutex::new(INITIAL_TOKENS) }
    }
}

impl RetryQuota {
    /// Takes the cost of a retry for `reason`; `None` when the quota is empty.
    pub(crate) fn acquire(&self, reason: RetryReason) -> Option<u32> {
        let cost = if reason == RetryReason::Timeout { TIMEOUT_RETRY_COST } else { RETRY_COST };
        let mut tokens = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        if *tokens < cost {
            return None;
        }
        *tokens -= cost;
        Some(cost)
    }

    /// A call succeeded; `last_cost` is the cost of its last retry, if any.
    pub(crate) fn succeeded(&self, last_cost: Option<u32>) {
        let mut tokens = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        *tokens = (*tokens + last_cost.unwrap_or(SUCCESS_INCREMENT)).min(INITIAL_TOKENS);
    }

    #[cfg(test)]
    fn available(&self) -> u32 {
        *self.tokens.lock().unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification() {
        assert_eq!(classify_error_response(400, "ThrottlingException"), Some(RetryReason::Throttling));
        assert_eq!(classify_error_response(400, "LimitExceededException"), Some(RetryReason::Throttling));
        assert_eq!(classify_error_response(400, "RequestTimeoutException"), Some(RetryReason::TransientCode));
        assert_eq!(classify_error_response(503, ""), Some(RetryReason::ServerStatus(503)));
        assert_eq!(classify_error_response(500, "InternalFailure"), Some(RetryReason::ServerStatus(500)));
        assert_eq!(classify_error_response(501, ""), None);
        assert_eq!(classify_error_response(400, "ValidationException"), None);
        assert_eq!(classify_error_response(429, "Unknown"), None);
    }

    #[test]
    fn backoff_is_capped_full_jitter() {
        let c = RetryConfig::standard();
        assert_eq!(c.backoff_bound(1), Duration::from_secs(1));
        assert_eq!(c.backoff_bound(2), Duration::from_secs(2));
        assert_eq!(c.backoff_bound(5), Duration::from_secs(16));
        assert_eq!(c.backoff_bound(6), Duration::from_secs(20));
        assert_eq!(c.backoff_bound(1000), Duration::from_secs(20));
        assert_eq!(c.backoff(3, 0.5), Duration::from_secs(2));
        assert_eq!(c.backoff(3, 0.0), Duration::ZERO);
    }

    #[test]
    fn attempts_are_clamped() {
        assert_eq!(RetryConfig::standard().max_attempts(), 3);
        assert_eq!(RetryConfig::standard().with_max_attempts(0).max_attempts(), 1);
        assert_eq!(RetryConfig::standard().with_max_attempts(99).max_attempts(), MAX_ATTEMPTS_CAP);
        assert_eq!(RetryConfig::disabled().max_attempts(), 1);
    }

    #[test]
    fn quota_runs_out_and_refills() {
        let q = RetryQuota::default();
        let mut n = 0;
        while q.acquire(RetryReason::Throttling).is_some() {
            n += 1;
        }
        assert_eq!(n, INITIAL_TOKENS / RETRY_COST);
        q.succeeded(Some(RETRY_COST));
        assert_eq!(q.available(), RETRY_COST);
        assert_eq!(q.acquire(RetryReason::Timeout), None);
        q.succeeded(None);
        assert_eq!(q.available(), RETRY_COST + 1);
        for _ in 0..1000 {
            q.succeeded(None);
        }
        assert_eq!(q.available(), INITIAL_TOKENS);
    }
}

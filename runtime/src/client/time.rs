//! Clocks and sleeping, injectable so that signing and retries can be tested
//! without waiting.

use super::BoxFuture;
use std::fmt;
use std::time::{Duration, SystemTime};

/// The wall clock that requests are signed with.
pub trait TimeSource: Send + Sync + fmt::Debug {
    /// Now.
    fn now(&self) -> SystemTime;
}

/// [`SystemTime::now`].
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl TimeSource for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that always shows the same time, for reproducible signatures.
#[derive(Debug, Clone, Copy)]
pub struct FixedTime(pub SystemTime);

impl FixedTime {
    /// `secs` seconds after the Unix epoch.
    pub fn from_epoch_secs(secs: u64) -> Self {
        FixedTime(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
    }
}

impl TimeSource for FixedTime {
    fn now(&self) -> SystemTime {
        self.0
    }
}

/// Waits between retry attempts.
///
/// Only the backoff between attempts goes through this; the connect, attempt
/// and operation timeouts are Tokio timers (the default transport runs on
/// Tokio anyway), so a test's instant `Sleep` does not end them early.
pub trait Sleep: Send + Sync + fmt::Debug {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// [`tokio::time::sleep`].
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleep;

impl Sleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}

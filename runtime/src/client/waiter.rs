//! Waiters: poll an operation until its result reaches a terminal state.
//!
//! Generated code supplies a waiter's delays and one function that checks
//! the acceptors (compiled from the model's JMESPath at generation time) in
//! model order; the polling loop and Smithy's delay algorithm are here.

use super::{Client, Operation, SdkError};
use std::error::Error as StdError;
use std::fmt;
use std::time::{Duration, SystemTime};

/// What a matched acceptor means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorState {
    /// The wait succeeded.
    Success,
    /// The wait failed; the resource cannot reach the desired state.
    Failure,
    /// Keep waiting.
    Retry,
}

/// The result of one poll.
pub type Poll<O> = Result<<O as Operation>::Output, SdkError<<O as Operation>::Error>>;

/// Checks a waiter's acceptors in order against the input and one poll's
/// result; the first that matches gives its state and index.
pub type AcceptorFn<O> = fn(&O, &Poll<O>) -> Option<(AcceptorState, usize)>;

/// A waiter of a generated crate.
pub struct WaiterSpec<O: Operation> {
    /// The waiter's name, for messages and tracing.
    pub name: &'static str,
    /// The shortest delay between polls.
    pub min_delay: Duration,
    /// The longest delay between polls.
    pub max_delay: Duration,
    /// The acceptors, compiled.
    pub acceptors: AcceptorFn<O>,
}

/// A wait that reached the success state.
#[derive(Debug)]
pub struct WaiterOutcome<T, E> {
    /// The index of the acceptor that matched, in model order.
    pub acceptor: usize,
    /// The result of the last poll (an error, when an `errorType` or
    /// `success: false` acceptor means success).
    pub last: Result<T, SdkError<E>>,
    /// How many times the operation was called.
    pub attempts: u32,
}

/// A wait that did not reach the success state.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaiterError<T, E> {
    /// An acceptor with the failure state matched.
    FailureState {
        /// The waiter.
        waiter: &'static str,
        /// The index of the acceptor that matched, in model order.
        acceptor: usize,
        /// The result of the last poll.
        last: Box<Result<T, SdkError<E>>>,
        /// How many times the operation was called.
        attempts: u32,
    },
    /// The operation failed with an error that no acceptor matched.
    Operation {
        /// The waiter.
        waiter: &'static str,
        /// The error.
        error: Box<SdkError<E>>,
        /// How many times the operation was called.
        attempts: u32,
    },
    /// The maximum wait elapsed before a terminal state.
    TimedOut {
        /// The waiter.
        waiter: &'static str,
        /// The maximum wait that was given.
        max_wait: Duration,
        /// The result of the last poll.
        last: Box<Result<T, SdkError<E>>>,
        /// How many times the operation was called.
        attempts: u32,
    },
    /// The maximum wait was shorter than the waiter's minimum delay.
    InvalidMaxWait {
        /// The waiter.
        waiter: &'static str,
        /// The maximum wait that was given.
        max_wait: Duration,
        /// The waiter's minimum delay.
        min_delay: Duration,
    },
}

impl<T, E> fmt::Display for WaiterError<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaiterError::FailureState { waiter, acceptor, attempts, .. } => {
                write!(f, "waiter {waiter}: reached a failure state (acceptor {acceptor}) after {attempts} attempts")
            }
            WaiterError::Operation { waiter, error, attempts } => {
                write!(f, "waiter {waiter}: the operation failed after {attempts} attempts: {error}")
            }
            WaiterError::TimedOut { waiter, max_wait, attempts, .. } => {
                write!(f, "waiter {waiter}: no terminal state within {max_wait:?} ({attempts} attempts)")
            }
            WaiterError::InvalidMaxWait { waiter, max_wait, min_delay } => {
                write!(
                    f,
                    "waiter {waiter}: the maximum wait {max_wait:?} is shorter than the minimum delay {min_delay:?}"
                )
            }
        }
    }
}

impl<T: fmt::Debug, E: StdError + 'static> StdError for WaiterError<T, E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            WaiterError::Operation { error, .. } => Some(&**error),
            _ => None,
        }
    }
}

/// The delay before retry `attempt` (1-based), following the Smithy waiter
/// specification: exponential growth from `min_delay`, capped at
/// `max_delay`, with full jitter between `min_delay` and that value; when
/// what would remain after the delay is at most `min_delay`, the delay is
/// all the remaining time (one last attempt). `random(lo, hi)` picks a whole
/// number of seconds in `lo..=hi`.
pub fn compute_delay(
    attempt: u32,
    min_delay: Duration,
    max_delay: Duration,
    remaining: Duration,
    random: impl FnOnce(u64, u64) -> u64,
) -> Duration {
    let (min, max) = (min_delay.as_secs().max(1), max_delay.as_secs().max(1));
    let ceiling = ((max as f64 / min as f64).ln() / 2f64.ln()) as u32 + 1;
    let delay = if attempt > ceiling { max } else { min.saturating_mul(1u64 << (attempt - 1).min(62)).min(max) };
    let delay = Duration::from_secs(random(min, delay.max(min)));
    if remaining.saturating_sub(delay) <= min_delay {
        remaining
    } else {
        delay
    }
}

/// Polls `input` until an acceptor reaches a terminal state or `max_wait`
/// elapses. Delays use the client's sleep and clock, so tests can run
/// without real waiting.
pub async fn wait<O: Operation>(
    client: &Client,
    input: &O,
    spec: &WaiterSpec<O>,
    max_wait: Duration,
) -> Result<WaiterOutcome<O::Output, O::Error>, WaiterError<O::Output, O::Error>> {
    let waiter = spec.name;
    if max_wait < spec.min_delay {
        return Err(WaiterError::InvalidMaxWait { waiter, max_wait, min_delay: spec.min_delay });
    }
    let config = client.config();
    let start = config.time_source.now();
    let mut slept = Duration::ZERO;
    let mut attempts = 0;
    loop {
        attempts += 1;
        let last = client.invoke(input).await;
        match (spec.acceptors)(input, &last) {
            Some((AcceptorState::Success, acceptor)) => return Ok(WaiterOutcome { acceptor, last, attempts }),
            Some((AcceptorState::Failure, acceptor)) => {
                return Err(WaiterError::FailureState { waiter, acceptor, last: Box::new(last), attempts })
            }
            Some((AcceptorState::Retry, _)) => {}
            None => {
                if let Err(error) = last {
                    return Err(WaiterError::Operation { waiter, error: Box::new(error), attempts });
                }
            }
        }
        let elapsed = elapsed_since(config.time_source.now(), start).max(slept);
        let remaining = max_wait.saturating_sub(elapsed);
        if remaining.is_zero() {
            return Err(WaiterError::TimedOut { waiter, max_wait, last: Box::new(last), attempts });
        }
        let delay = compute_delay(attempts, spec.min_delay, spec.max_delay, remaining, |lo, hi| fastrand::u64(lo..=hi));
        tracing::debug!(waiter, attempts, delay = ?delay, "waiting before the next poll");
        config.sleep.sleep(delay).await;
        slept += delay;
    }
}

fn elapsed_since(now: SystemTime, start: SystemTime) -> Duration {
    now.duration_since(start).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn delays_grow_exponentially_then_cap() {
        let top = |attempt| compute_delay(attempt, S(2), S(120), S(10_000), |_, hi| hi);
        let delays: Vec<u64> = (1..=9).map(|a| top(a).as_secs()).collect();
        assert_eq!(delays, [2, 4, 8, 16, 32, 64, 120, 120, 120]);
        assert_eq!(top(1_000), S(120));
    }

    #[test]
    fn jitter_stays_between_min_delay_and_the_exponential_value() {
        let mut seen = Vec::new();
        compute_delay(4, S(2), S(120), S(10_000), |lo, hi| {
            seen.push((lo, hi));
            lo
        });
        assert_eq!(seen, [(2, 16)]);
    }

    #[test]
    fn the_last_delay_takes_all_the_remaining_time() {
        // 300 s budget, 290 s gone: a 9 s delay would leave 1 s <= min 2 s.
        assert_eq!(compute_delay(3, S(2), S(120), S(10), |_, _| 9), S(10));
        assert_eq!(compute_delay(3, S(2), S(120), S(20), |_, _| 6), S(6));
    }

    #[test]
    fn equal_min_and_max_delays_are_linear() {
        for attempt in 1..6 {
            assert_eq!(compute_delay(attempt, S(30), S(30), S(10_000), |lo, hi| fastrand::u64(lo..=hi)), S(30));
        }
    }
}

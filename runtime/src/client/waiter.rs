//! Waiters: poll an operation until its result reaches a terminal state.
//!
//! Generated code supplies a waiter's delays and its acceptors, each with a
//! function compiled from the model's JMESPath at generation time that says
//! whether it matches a poll's result and what it saw there; the polling
//! loop and Smithy's delay algorithm are here. A [`WaiterConfig`] overrides
//! a waiter's delays and bounds the number of polls for one call, as
//! boto3's `WaiterConfig` (`Delay`, `MaxAttempts`) does.

use super::{Client, Operation, SdkError};
use std::error::Error as StdError;
use std::fmt;
use std::time::{Duration, SystemTime};

/// What a matched acceptor means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
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

/// Whether one acceptor matches the input and one poll's result, and if so
/// what it saw.
pub type AcceptorFn<O> = fn(&O, &Poll<O>) -> Option<Seen>;

/// How a path acceptor compares the value at its path, as the model names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Comparator {
    /// The value is a string equal to the expected one.
    StringEquals,
    /// The value is a boolean equal to the expected one.
    BooleanEquals,
    /// The value is a non-empty list whose every element equals the expected string.
    AllStringEquals,
    /// The value is a list with an element equal to the expected string.
    AnyStringEquals,
}

impl fmt::Display for Comparator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Comparator::StringEquals => "stringEquals",
            Comparator::BooleanEquals => "booleanEquals",
            Comparator::AllStringEquals => "allStringEquals",
            Comparator::AnyStringEquals => "anyStringEquals",
        })
    }
}

/// What an acceptor tests, as the model writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Matcher {
    /// `output`: a JMESPath into the output, compared with `expected`.
    Output {
        /// The JMESPath expression (`Fleets[].State`).
        path: &'static str,
        /// The comparison.
        comparator: Comparator,
        /// The expected value.
        expected: &'static str,
    },
    /// `inputOutput`: a JMESPath into `{input, output}`, compared with `expected`.
    InputOutput {
        /// The JMESPath expression (`output.Fleets[].State`).
        path: &'static str,
        /// The comparison.
        comparator: Comparator,
        /// The expected value.
        expected: &'static str,
    },
    /// `success`: the operation succeeded (`true`) or failed (`false`).
    Success(bool),
    /// `errorType`: the operation failed with this error code.
    ErrorType(&'static str),
}

impl fmt::Display for Matcher {
    /// `anyStringEquals "STOPPED"`, `booleanEquals true`, `success true`,
    /// `errorType ResourceNotFoundException`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Matcher::Output { comparator: Comparator::BooleanEquals, expected, .. }
            | Matcher::InputOutput { comparator: Comparator::BooleanEquals, expected, .. } => {
                write!(f, "booleanEquals {expected}")
            }
            Matcher::Output { comparator, expected, .. } | Matcher::InputOutput { comparator, expected, .. } => {
                write!(f, "{comparator} {:?}", crate::validate::shorten(expected))
            }
            Matcher::Success(b) => write!(f, "success {b}"),
            Matcher::ErrorType(code) => write!(f, "errorType {code}"),
        }
    }
}

/// What a matching acceptor saw in the poll's result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Seen {
    /// The operation succeeded (a `success: true` acceptor).
    Succeeded,
    /// The operation failed, with this error code if it had one (an
    /// `errorType` or `success: false` acceptor).
    Failed(Option<String>),
    /// The string at the path (`stringEquals`).
    String(String),
    /// Every string the path selected, in order (`allStringEquals`,
    /// `anyStringEquals`).
    Strings(Vec<String>),
    /// The boolean at the path (`booleanEquals`).
    Bool(bool),
}

/// The most values of a list a message shows.
const SHOWN_VALUES: usize = 8;

impl fmt::Display for Seen {
    /// `"STOPPED"`, `["RUNNING", "STOPPED"]`, `true`; strings quoted and
    /// shortened, at most eight values of a list.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Seen::Succeeded => f.write_str("success"),
            Seen::Failed(Some(code)) => write!(f, "error {code}"),
            Seen::Failed(None) => f.write_str("an error"),
            Seen::String(s) => write!(f, "{:?}", crate::validate::shorten(s)),
            Seen::Bool(b) => write!(f, "{b}"),
            Seen::Strings(values) => {
                f.write_str("[")?;
                for (i, v) in values.iter().take(SHOWN_VALUES).enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{:?}", crate::validate::shorten(v))?;
                }
                if values.len() > SHOWN_VALUES {
                    write!(f, ", … ({} more)", values.len() - SHOWN_VALUES)?;
                }
                f.write_str("]")
            }
        }
    }
}

/// One acceptor of a generated waiter.
pub struct Acceptor<O: Operation> {
    /// What a match means.
    pub state: AcceptorState,
    /// What it tests, for messages.
    pub matcher: Matcher,
    /// The test, compiled.
    pub check: AcceptorFn<O>,
}

/// A waiter of a generated crate.
pub struct WaiterSpec<O: Operation + 'static> {
    /// The waiter's name, for messages and tracing.
    pub name: &'static str,
    /// The shortest delay between polls.
    pub min_delay: Duration,
    /// The longest delay between polls.
    pub max_delay: Duration,
    /// The acceptors, in model order: the first that matches decides.
    pub acceptors: &'static [Acceptor<O>],
}

/// The acceptor that matched a poll, and what it saw.
///
/// Its `Display` says what was seen and which acceptor matched:
/// `Fleets[].State is ["RUNNING", "STOPPED"] (acceptor 2: anyStringEquals "STOPPED")`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AcceptorMatch {
    index: usize,
    state: AcceptorState,
    matcher: Matcher,
    seen: Seen,
}

impl AcceptorMatch {
    /// The acceptor's index, in model order.
    pub fn index(&self) -> usize {
        self.index
    }

    /// What the match means.
    pub fn state(&self) -> AcceptorState {
        self.state
    }

    /// What the acceptor tests.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// What it saw.
    pub fn seen(&self) -> &Seen {
        &self.seen
    }
}

impl fmt::Display for AcceptorMatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.matcher, &self.seen) {
            (Matcher::Output { path, .. } | Matcher::InputOutput { path, .. }, seen) => write!(f, "{path} is {seen}")?,
            (_, Seen::Succeeded) => f.write_str("the operation succeeded")?,
            // The error itself is the source of the error that shows this.
            (_, _) => f.write_str("the operation failed")?,
        }
        write!(f, " (acceptor {}: {})", self.index, self.matcher)
    }
}

/// Overrides of a waiter's delays, and a bound on its polls, for one call
/// (`wait_with` of a generated waiter): what boto3's `WaiterConfig` sets
/// with `Delay` and `MaxAttempts`.
///
/// Delays follow Smithy's algorithm (exponential from the minimum delay to
/// the maximum, with jitter) in whole seconds, at least 1 s. Setting only
/// a minimum above the model's maximum raises the maximum to it, and
/// setting only a maximum below the model's minimum lowers the minimum to
/// it; equal minimum and maximum poll at a fixed interval, as boto3 does.
///
/// ```
/// use smithy_rt::client::waiter::WaiterConfig;
/// use std::time::Duration;
///
/// let config = WaiterConfig::new(Duration::from_secs(300))
///     .min_delay(Duration::from_secs(5))
///     .max_delay(Duration::from_secs(5))
///     .max_attempts(10);
/// assert_eq!(config.max_attempts, Some(10));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct WaiterConfig {
    /// The longest the wait may take, polls and delays together.
    pub max_wait: Duration,
    /// The shortest delay between polls; the model's when `None`.
    pub min_delay: Option<Duration>,
    /// The longest delay between polls; the model's when `None`.
    pub max_delay: Option<Duration>,
    /// The most polls; no bound but `max_wait` when `None`.
    pub max_attempts: Option<u32>,
}

impl WaiterConfig {
    /// A wait of at most `max_wait`, with the model's delays and no bound
    /// on the number of polls (what `wait(max_wait)` does).
    pub fn new(max_wait: Duration) -> Self {
        WaiterConfig { max_wait, min_delay: None, max_delay: None, max_attempts: None }
    }

    /// The shortest delay between polls (boto3's `Delay` when the maximum
    /// is set to the same).
    #[doc(alias = "delay")]
    pub fn min_delay(mut self, delay: Duration) -> Self {
        self.min_delay = Some(delay);
        self
    }

    /// The longest delay between polls.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = Some(delay);
        self
    }

    /// At most `attempts` polls (at least 1); after the last one without a
    /// terminal state the wait ends with [`WaiterError::MaxAttempts`].
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts);
        self
    }

    /// The minimum and maximum delay of `spec` with these overrides.
    fn delays(&self, spec_min: Duration, spec_max: Duration) -> (Duration, Duration) {
        match (self.min_delay, self.max_delay) {
            (Some(min), Some(max)) => (min, max),
            (Some(min), None) => (min, spec_max.max(min)),
            (None, Some(max)) => (spec_min.min(max), max),
            (None, None) => (spec_min, spec_max),
        }
    }
}

/// A wait that reached the success state.
#[derive(Debug)]
#[non_exhaustive]
pub struct WaiterOutcome<T, E> {
    matched: AcceptorMatch,
    last: Result<T, SdkError<E>>,
    attempts: u32,
}

impl<T, E> WaiterOutcome<T, E> {
    /// The index of the acceptor that matched, in model order.
    pub fn acceptor(&self) -> usize {
        self.matched.index
    }

    /// The acceptor that matched, and what it saw.
    pub fn matched(&self) -> &AcceptorMatch {
        &self.matched
    }

    /// How many times the operation was called.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The result of the last poll (an error, when an `errorType` or
    /// `success: false` acceptor means success).
    pub fn last(&self) -> &Result<T, SdkError<E>> {
        &self.last
    }

    /// The result of the last poll, by value.
    pub fn into_last(self) -> Result<T, SdkError<E>> {
        self.last
    }
}

/// A wait that did not reach the success state.
///
/// `Display` is one line naming the waiter (`FleetStarted: failure state
/// after 1 attempt: Fleets[].State is ["STOPPED"] (acceptor 2: anyStringEquals "STOPPED")`);
/// `source()` is the operation's error, when the last poll failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaiterError<T, E> {
    /// An acceptor with the failure state matched.
    #[non_exhaustive]
    FailureState {
        /// The waiter.
        waiter: &'static str,
        /// The index of the acceptor that matched, in model order.
        acceptor: usize,
        /// The acceptor that matched, and what it saw.
        matched: AcceptorMatch,
        /// The result of the last poll.
        last: Box<Result<T, SdkError<E>>>,
        /// How many times the operation was called.
        attempts: u32,
    },
    /// The operation failed with an error that no acceptor matched.
    #[non_exhaustive]
    Operation {
        /// The waiter.
        waiter: &'static str,
        /// The error.
        error: Box<SdkError<E>>,
        /// How many times the operation was called.
        attempts: u32,
    },
    /// The maximum wait elapsed before a terminal state.
    #[non_exhaustive]
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
    /// [`WaiterConfig::max_attempts`] polls were made without a terminal state.
    #[non_exhaustive]
    MaxAttempts {
        /// The waiter.
        waiter: &'static str,
        /// The result of the last poll.
        last: Box<Result<T, SdkError<E>>>,
        /// How many times the operation was called: the maximum.
        attempts: u32,
    },
    /// The maximum wait was shorter than the minimum delay in effect (the
    /// waiter's, or the one [`WaiterConfig::min_delay`] set). Nothing was sent.
    #[non_exhaustive]
    InvalidMaxWait {
        /// The waiter.
        waiter: &'static str,
        /// The maximum wait that was given.
        max_wait: Duration,
        /// The minimum delay in effect.
        min_delay: Duration,
    },
    /// The [`WaiterConfig`] cannot be followed (a minimum delay above the
    /// maximum, zero attempts). Nothing was sent.
    #[non_exhaustive]
    InvalidConfig {
        /// The waiter.
        waiter: &'static str,
        /// What is wrong.
        problem: String,
    },
}

impl<T, E> WaiterError<T, E> {
    /// The waiter's name.
    pub fn waiter(&self) -> &'static str {
        match self {
            WaiterError::FailureState { waiter, .. }
            | WaiterError::Operation { waiter, .. }
            | WaiterError::TimedOut { waiter, .. }
            | WaiterError::MaxAttempts { waiter, .. }
            | WaiterError::InvalidMaxWait { waiter, .. }
            | WaiterError::InvalidConfig { waiter, .. } => waiter,
        }
    }

    /// How many times the operation was called (0 when the wait was refused).
    pub fn attempts(&self) -> u32 {
        match self {
            WaiterError::FailureState { attempts, .. }
            | WaiterError::Operation { attempts, .. }
            | WaiterError::TimedOut { attempts, .. }
            | WaiterError::MaxAttempts { attempts, .. } => *attempts,
            WaiterError::InvalidMaxWait { .. } | WaiterError::InvalidConfig { .. } => 0,
        }
    }
}

/// `1 attempt`, `2 attempts`.
struct Attempts(u32);

impl fmt::Display for Attempts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} attempt{}", self.0, if self.0 == 1 { "" } else { "s" })
    }
}

impl<T, E> fmt::Display for WaiterError<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaiterError::FailureState { waiter, matched, attempts, .. } => {
                write!(f, "{waiter}: failure state after {}: {matched}", Attempts(*attempts))
            }
            WaiterError::Operation { waiter, attempts, .. } => {
                write!(
                    f,
                    "{waiter}: the operation failed with an error no acceptor matches, after {}",
                    Attempts(*attempts)
                )
            }
            WaiterError::TimedOut { waiter, max_wait, attempts, .. } => {
                write!(f, "{waiter}: no terminal state within {max_wait:?} ({})", Attempts(*attempts))
            }
            WaiterError::MaxAttempts { waiter, attempts, .. } => {
                write!(f, "{waiter}: no terminal state after {}, the maximum", Attempts(*attempts))
            }
            WaiterError::InvalidMaxWait { waiter, max_wait, min_delay } => {
                write!(f, "{waiter}: the maximum wait {max_wait:?} is shorter than the minimum delay {min_delay:?}")
            }
            WaiterError::InvalidConfig { waiter, problem } => {
                write!(f, "{waiter}: invalid waiter configuration: {problem}")
            }
        }
    }
}

impl<T: fmt::Debug, E: StdError + 'static> StdError for WaiterError<T, E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            WaiterError::Operation { error, .. } => Some(&**error),
            WaiterError::FailureState { last, .. }
            | WaiterError::TimedOut { last, .. }
            | WaiterError::MaxAttempts { last, .. } => match &**last {
                Err(error) => Some(error),
                Ok(_) => None,
            },
            WaiterError::InvalidMaxWait { .. } | WaiterError::InvalidConfig { .. } => None,
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

/// Polls `input` until an acceptor reaches a terminal state, `config`'s
/// maximum wait elapses, or its maximum number of polls is made. Delays use
/// the client's sleep and clock, so tests can run without real waiting.
pub async fn wait<O: Operation + 'static>(
    client: &Client,
    input: &O,
    spec: &WaiterSpec<O>,
    config: WaiterConfig,
) -> Result<WaiterOutcome<O::Output, O::Error>, WaiterError<O::Output, O::Error>> {
    let waiter = spec.name;
    let max_wait = config.max_wait;
    let (min_delay, max_delay) = config.delays(spec.min_delay, spec.max_delay);
    if min_delay > max_delay {
        let problem = format!("the minimum delay {min_delay:?} is longer than the maximum delay {max_delay:?}");
        return Err(WaiterError::InvalidConfig { waiter, problem });
    }
    if config.max_attempts == Some(0) {
        return Err(WaiterError::InvalidConfig { waiter, problem: "the maximum number of attempts is 0".into() });
    }
    if max_wait < min_delay {
        return Err(WaiterError::InvalidMaxWait { waiter, max_wait, min_delay });
    }
    let settings = client.config();
    let start = settings.time_source.now();
    let mut slept = Duration::ZERO;
    let mut attempts = 0;
    loop {
        attempts += 1;
        let last = client.invoke(input).await;
        let matched = spec.acceptors.iter().enumerate().find_map(|(index, a)| {
            (a.check)(input, &last).map(|seen| AcceptorMatch { index, state: a.state, matcher: a.matcher, seen })
        });
        match matched {
            Some(matched) => {
                tracing::debug!(waiter, attempts, acceptor = matched.index, state = ?matched.state, "acceptor matched");
                match matched.state {
                    AcceptorState::Success => return Ok(WaiterOutcome { matched, last, attempts }),
                    AcceptorState::Failure => {
                        let acceptor = matched.index;
                        return Err(WaiterError::FailureState {
                            waiter,
                            acceptor,
                            matched,
                            last: Box::new(last),
                            attempts,
                        });
                    }
                    AcceptorState::Retry => {}
                }
            }
            None => {
                if let Err(error) = last {
                    return Err(WaiterError::Operation { waiter, error: Box::new(error), attempts });
                }
            }
        }
        if config.max_attempts.is_some_and(|max| attempts >= max) {
            return Err(WaiterError::MaxAttempts { waiter, last: Box::new(last), attempts });
        }
        let elapsed = elapsed_since(settings.time_source.now(), start).max(slept);
        let remaining = max_wait.saturating_sub(elapsed);
        if remaining.is_zero() {
            return Err(WaiterError::TimedOut { waiter, max_wait, last: Box::new(last), attempts });
        }
        let delay = compute_delay(attempts, min_delay, max_delay, remaining, |lo, hi| fastrand::u64(lo..=hi));
        tracing::debug!(waiter, attempts, delay = ?delay, "waiting before the next poll");
        settings.sleep.sleep(delay).await;
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

    fn matched(index: usize, matcher: Matcher, seen: Seen) -> AcceptorMatch {
        AcceptorMatch { index, state: AcceptorState::Failure, matcher, seen }
    }

    #[test]
    fn matches_say_what_was_seen_and_which_acceptor() {
        let path = |comparator, expected| Matcher::Output { path: "Things[].Status", comparator, expected };
        let many: Vec<String> = (0..10).map(|i| format!("S{i}")).collect();
        let shown: Vec<String> = [
            matched(
                2,
                path(Comparator::AnyStringEquals, "STOPPED"),
                Seen::Strings(vec!["RUNNING".into(), "STOPPED".into()]),
            ),
            matched(0, path(Comparator::AllStringEquals, "S0"), Seen::Strings(many)),
            matched(1, path(Comparator::StringEquals, "a\nb"), Seen::String("a\nb".into())),
            matched(
                3,
                Matcher::InputOutput { path: "output.Done", comparator: Comparator::BooleanEquals, expected: "false" },
                Seen::Bool(false),
            ),
            matched(4, Matcher::ErrorType("NoSuchThing"), Seen::Failed(Some("NoSuchThing".into()))),
            matched(5, Matcher::Success(false), Seen::Failed(None)),
            matched(6, Matcher::Success(true), Seen::Succeeded),
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        assert_eq!(
            shown,
            [
                r#"Things[].Status is ["RUNNING", "STOPPED"] (acceptor 2: anyStringEquals "STOPPED")"#,
                r#"Things[].Status is ["S0", "S1", "S2", "S3", "S4", "S5", "S6", "S7", … (2 more)] (acceptor 0: allStringEquals "S0")"#,
                r#"Things[].Status is "a\nb" (acceptor 1: stringEquals "a\nb")"#,
                "output.Done is false (acceptor 3: booleanEquals false)",
                "the operation failed (acceptor 4: errorType NoSuchThing)",
                "the operation failed (acceptor 5: success false)",
                "the operation succeeded (acceptor 6: success true)",
            ]
        );
    }

    #[test]
    fn waiter_errors_are_one_line_and_their_source_is_the_last_error() {
        type E = WaiterError<(), crate::client::UnhandledError>;
        let failure: E = WaiterError::FailureState {
            waiter: "ThingsReady",
            acceptor: 4,
            matched: matched(4, Matcher::ErrorType("NoSuchThing"), Seen::Failed(Some("NoSuchThing".into()))),
            last: Box::new(Err(SdkError::Timeout(crate::client::TimeoutError::new(
                crate::client::TimeoutKind::Operation,
                Duration::from_secs(1),
            )))),
            attempts: 3,
        };
        assert_eq!(
            crate::client::error::chain(&failure),
            [
                "ThingsReady: failure state after 3 attempts: the operation failed (acceptor 4: errorType NoSuchThing)",
                "timeout: the operation (with its retries) took longer than 1s",
            ]
        );
        assert_eq!((failure.waiter(), failure.attempts()), ("ThingsReady", 3));
        let timed_out: E =
            WaiterError::TimedOut { waiter: "ThingsReady", max_wait: S(60), last: Box::new(Ok(())), attempts: 1 };
        assert_eq!(crate::client::error::chain(&timed_out), ["ThingsReady: no terminal state within 60s (1 attempt)"]);
    }

    #[test]
    fn configs_override_the_models_delays() {
        let (min, max) = (S(30), S(120));
        assert_eq!(WaiterConfig::new(S(1)).delays(min, max), (min, max));
        assert_eq!(WaiterConfig::new(S(1)).min_delay(S(5)).delays(min, max), (S(5), max));
        assert_eq!(WaiterConfig::new(S(1)).min_delay(S(200)).delays(min, max), (S(200), S(200)));
        assert_eq!(WaiterConfig::new(S(1)).max_delay(S(10)).delays(min, max), (S(10), S(10)));
        assert_eq!(WaiterConfig::new(S(1)).max_delay(S(60)).delays(min, max), (min, S(60)));
        assert_eq!(WaiterConfig::new(S(1)).min_delay(S(60)).max_delay(S(30)).delays(min, max), (S(60), S(30)));
    }

    #[test]
    fn equal_min_and_max_delays_are_linear() {
        for attempt in 1..6 {
            assert_eq!(compute_delay(attempt, S(30), S(30), S(10_000), |lo, hi| fastrand::u64(lo..=hi)), S(30));
        }
    }
}

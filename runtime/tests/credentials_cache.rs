//! The credentials cache: lazy, refreshed ahead of expiry, single flight,
//! still-valid credentials after a failed refresh, backoff; providers
//! plugged in through `aws-credential-types` and closures; credentials that
//! cannot go into a header.
#![cfg(feature = "client")]

mod common;

use common::*;
use smithy_rt::client::test_util::{json_response, ReplayTransport};
use smithy_rt::client::{
    provide_credentials_fn, Client, Config, ConstructionErrorKind, Credentials, CredentialsCache, CredentialsError,
    CredentialsErrorKind, ProvideCredentials, SdkError, TimeSource,
};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// A clock the test moves by hand.
#[derive(Debug, Clone)]
struct ManualClock(Arc<Mutex<SystemTime>>);

impl ManualClock {
    fn new() -> Self {
        ManualClock(Arc::new(Mutex::new(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000))))
    }
    fn advance(&self, d: Duration) {
        *self.0.lock().unwrap() += d;
    }
}

impl TimeSource for ManualClock {
    fn now(&self) -> SystemTime {
        *self.0.lock().unwrap()
    }
}

/// A provider that counts its calls, answers with credentials expiring
/// `lifetime` after the clock's now (key `AKID<n>`), or fails while `failing`.
#[derive(Debug, Clone)]
struct Counting {
    calls: Arc<AtomicUsize>,
    clock: ManualClock,
    lifetime: Duration,
    failing: Arc<std::sync::atomic::AtomicBool>,
    /// Yield this many times before answering, so that concurrent callers pile up.
    yields: usize,
}

impl Counting {
    fn new(clock: &ManualClock, lifetime: Duration) -> Self {
        Counting { calls: Arc::default(), clock: clock.clone(), lifetime, failing: Arc::default(), yields: 0 }
    }
    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
    fn fail(&self, yes: bool) {
        self.failing.store(yes, Ordering::SeqCst);
    }
}

impl ProvideCredentials for Counting {
    fn provide_credentials(&self) -> smithy_rt::client::BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            for _ in 0..self.yields {
                tokio::task::yield_now().await;
            }
            if self.failing.load(Ordering::SeqCst) {
                return Err(CredentialsError::service_error("ExpiredTokenException", "STS said no"));
            }
            Ok(Credentials::new(
                format!("AKID{n}"),
                "secret",
                Some("token".into()),
                Some(self.clock.now() + self.lifetime),
            ))
        })
    }
}

const HOUR: Duration = Duration::from_secs(3600);

#[tokio::test]
async fn nothing_is_fetched_before_the_first_request_then_it_is_reused() {
    let clock = ManualClock::new();
    let p = Counting::new(&clock, HOUR);
    let cache = CredentialsCache::new(p.clone()).time_source(clock.clone());
    let _config = Config::builder().credentials_provider(cache.clone()).build();
    assert_eq!(p.calls(), 0);
    assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID1");
    clock.advance(Duration::from_secs(54 * 60));
    assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID1");
    assert_eq!(p.calls(), 1);
    // Within 5 minutes of expiry: refreshed.
    clock.advance(Duration::from_secs(2 * 60));
    assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID2");
    assert_eq!(p.calls(), 2);
    cache.invalidate();
    assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID3");
}

#[tokio::test]
async fn short_lived_credentials_are_not_refreshed_at_every_call() {
    let clock = ManualClock::new();
    let p = Counting::new(&clock, Duration::from_secs(120));
    let cache = CredentialsCache::new(p.clone()).time_source(clock.clone());
    cache.get().await.unwrap();
    clock.advance(Duration::from_secs(59));
    cache.get().await.unwrap();
    assert_eq!(p.calls(), 1, "half their life is left");
    clock.advance(Duration::from_secs(2));
    cache.get().await.unwrap();
    assert_eq!(p.calls(), 2);
}

#[tokio::test]
async fn credentials_without_expiry_are_kept_fifteen_minutes() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let clock = ManualClock::new();
    let provider = provide_credentials_fn(move || {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        async move { Ok(Credentials::new(format!("AKID{n}"), "s", None, None)) }
    });
    let cache = CredentialsCache::new(provider).time_source(clock.clone());
    cache.get().await.unwrap();
    clock.advance(Duration::from_secs(14 * 60));
    cache.get().await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    clock.advance(Duration::from_secs(2 * 60));
    assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID1");
}

async fn hundred_callers(cache: &CredentialsCache) -> Vec<String> {
    let mut tasks = Vec::new();
    for _ in 0..100 {
        let cache = cache.clone();
        tasks.push(tokio::spawn(async move { cache.get().await.map(|c| c.access_key_id().to_owned()) }));
    }
    let mut keys = Vec::new();
    for t in tasks {
        keys.push(t.await.unwrap().unwrap());
    }
    keys
}

#[tokio::test(flavor = "current_thread")]
async fn a_hundred_concurrent_calls_on_expired_credentials_cause_one_refresh() {
    let clock = ManualClock::new();
    let mut p = Counting::new(&clock, HOUR);
    p.yields = 50;
    let cache = CredentialsCache::new(p.clone()).time_source(clock.clone());
    // No credentials yet: all wait for the one fetch.
    let keys = hundred_callers(&cache).await;
    assert_eq!(p.calls(), 1);
    assert!(keys.iter().all(|k| k == "AKID1"));
    // Expired: the same.
    clock.advance(2 * HOUR);
    let keys = hundred_callers(&cache).await;
    assert_eq!(p.calls(), 2);
    assert!(keys.iter().all(|k| k == "AKID2"), "{keys:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_concurrent_calls_on_expiring_credentials_cause_one_refresh() {
    let clock = ManualClock::new();
    let mut p = Counting::new(&clock, HOUR);
    p.yields = 50;
    let cache = CredentialsCache::new(p.clone()).time_source(clock.clone());
    cache.get().await.unwrap();
    clock.advance(Duration::from_secs(58 * 60));
    let keys = hundred_callers(&cache).await;
    assert_eq!(p.calls(), 2);
    // Those that came during the refresh got the still-valid old ones; none failed.
    assert!(keys.iter().all(|k| k == "AKID1" || k == "AKID2"), "{keys:?}");
    assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID2");
}

#[tokio::test]
async fn a_failed_refresh_keeps_serving_valid_credentials_and_backs_off() {
    let clock = ManualClock::new();
    let p = Counting::new(&clock, HOUR);
    let cache = CredentialsCache::new(p.clone()).time_source(clock.clone());
    assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID1");
    clock.advance(Duration::from_secs(57 * 60));
    p.fail(true);
    assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID1");
    assert_eq!(p.calls(), 2);
    // Backed off: not asked again within a second.
    for _ in 0..10 {
        assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID1");
    }
    assert_eq!(p.calls(), 2);
    clock.advance(Duration::from_millis(1100));
    cache.get().await.unwrap();
    assert_eq!(p.calls(), 3);
    // The second failure doubles the wait.
    clock.advance(Duration::from_millis(1500));
    cache.get().await.unwrap();
    assert_eq!(p.calls(), 3);
    clock.advance(Duration::from_millis(600));
    p.fail(false);
    assert_eq!(cache.get().await.unwrap().access_key_id(), "AKID4");
    // Expired while failing: the error comes through.
    clock.advance(2 * HOUR);
    p.fail(true);
    let err = cache.get().await.unwrap_err();
    assert_eq!((err.kind(), err.code()), (CredentialsErrorKind::ServiceError, Some("ExpiredTokenException")));
    let again = cache.get().await.unwrap_err();
    assert_eq!(p.calls(), 5, "backed off");
    assert!(again.message().contains("STS said no") && again.message().contains("not retried"), "{again}");
    assert_eq!(again.code(), Some("ExpiredTokenException"));
}

/// A provider written against `aws-credential-types`, as `aws-config`'s are.
#[derive(Debug)]
struct AwsStyle(Arc<AtomicUsize>);

impl aws_credential_types::provider::ProvideCredentials for AwsStyle {
    fn provide_credentials<'a>(&'a self) -> aws_credential_types::provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        self.0.fetch_add(1, Ordering::SeqCst);
        aws_credential_types::provider::future::ProvideCredentials::ready(Ok(aws_credential_types::Credentials::new(
            "AKIDAWSCONFIG",
            "aws-config-secret",
            Some("aws-config-token".into()),
            Some(SystemTime::now() + HOUR),
            "test",
        )))
    }
}

fn client_with(config: smithy_rt::client::ConfigBuilder, transport: &ReplayTransport) -> Client {
    Client::new(&SERVICE, config.region("us-east-1").http_transport(transport.clone()).build())
}

#[tokio::test]
async fn aws_credential_types_providers_plug_in_and_are_cached() {
    let calls = Arc::new(AtomicUsize::new(0));
    let transport = ReplayTransport::new([json_response(200, "{}"), json_response(200, "{}")]);
    let client = client_with(Config::builder().aws_credentials_provider(AwsStyle(calls.clone())), &transport);
    client.invoke(&named("a")).await.unwrap();
    client.invoke(&named("b")).await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let r = transport.last_request().unwrap();
    assert!(r.headers()["authorization"].to_str().unwrap().contains("Credential=AKIDAWSCONFIG/"));
    assert_eq!(r.headers()["x-amz-security-token"], "aws-config-token");

    #[derive(Debug)]
    struct Failing;
    impl aws_credential_types::provider::ProvideCredentials for Failing {
        fn provide_credentials<'a>(&'a self) -> aws_credential_types::provider::future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            aws_credential_types::provider::future::ProvideCredentials::ready(Err(
                aws_credential_types::provider::error::CredentialsError::not_loaded("nothing here"),
            ))
        }
    }
    let c = smithy_rt::client::AwsCredentialsProvider::new(Failing);
    let err = c.provide_credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::NotLoaded);
}

#[tokio::test]
async fn closure_providers_plug_in() {
    let transport = ReplayTransport::new([json_response(200, "{}")]);
    let provider = provide_credentials_fn(|| async { Ok(Credentials::new("AKIDCLOSURE", "s", None, None)) });
    client_with(Config::builder().credentials_provider(provider), &transport).invoke(&named("a")).await.unwrap();
    assert!(transport.last_request().unwrap().headers()["authorization"].to_str().unwrap().contains("AKIDCLOSURE"));
}

#[tokio::test]
async fn credentials_that_cannot_go_into_a_header_are_a_configuration_error() {
    let cases = [
        Credentials::new("AKID", "secret", Some("token\nwith-newline-SECRETPART".into()), None),
        Credentials::new("AKID\r\nX-Injected: 1", "secret", None, None),
        Credentials::new("AKID WITH SPACE", "secret", None, None),
        Credentials::new("", "secret", None, None),
        Credentials::new("AKID", "", None, None),
    ];
    for c in cases {
        let transport = ReplayTransport::new([json_response(200, "{}")]);
        let err = client_with(Config::builder().credentials(c), &transport).invoke(&named("a")).await.unwrap_err();
        let SdkError::Construction(e) = &err else { panic!("{err:?}") };
        assert_eq!(e.kind(), ConstructionErrorKind::Credentials, "{e}");
        assert!(!err.to_string().contains("SECRETPART") && !format!("{err:?}").contains("SECRETPART"));
        assert_eq!(transport.request_count(), 0);
    }
}

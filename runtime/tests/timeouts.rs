//! A server that accepts and never answers cannot hang a caller.
#![cfg(feature = "client")]

mod common;

use common::*;
use smithy_rt::client::test_util::RecordingSleep;
use smithy_rt::client::{Client, Config, Credentials, SdkError, TimeoutKind};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

fn config(url: &str) -> smithy_rt::client::ConfigBuilder {
    Config::builder().region("us-east-1").endpoint_url(url).credentials(Credentials::new("AKID", "SECRET", None, None))
}

#[tokio::test]
async fn attempt_timeout_ends_a_stalled_attempt() {
    let (url, accepted) = stalled_server().await;
    let client =
        Client::new(&SERVICE, config(&url).max_attempts(1).attempt_timeout(Duration::from_millis(200)).build());
    let started = Instant::now();
    let err = client.invoke(&named("a")).await.unwrap_err();
    let elapsed = started.elapsed();
    let SdkError::Timeout(t) = &err else { panic!("{err:?}") };
    assert_eq!((t.kind(), t.duration()), (TimeoutKind::Attempt, Duration::from_millis(200)));
    assert!(elapsed >= Duration::from_millis(200) && elapsed < Duration::from_secs(2), "{elapsed:?}");
    assert_eq!(err.to_string(), "CreateThing: timeout: the request attempt took longer than 200ms");
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn attempt_timeouts_are_retried() {
    let (url, accepted) = stalled_server().await;
    let sleep = RecordingSleep::new();
    let client =
        Client::new(&SERVICE, config(&url).attempt_timeout(Duration::from_millis(100)).sleep(sleep.clone()).build());
    let err = client.invoke(&named("a")).await.unwrap_err();
    assert!(matches!(&err, SdkError::Timeout(t) if t.kind() == TimeoutKind::Attempt), "{err:?}");
    assert_eq!(sleep.sleeps().len(), 2);
    assert_eq!(accepted.load(Ordering::SeqCst), 3, "a stalled connection is not reused");
}

#[tokio::test]
async fn operation_timeout_caps_retries_and_backoff() {
    let (url, accepted) = stalled_server().await;
    // Ten attempts of 200 ms would take 2 s; the operation may take 500 ms.
    let client = Client::new(
        &SERVICE,
        config(&url)
            .max_attempts(10)
            .attempt_timeout(Duration::from_millis(200))
            .operation_timeout(Duration::from_millis(500))
            .retry(
                smithy_rt::client::RetryConfig::standard()
                    .with_max_attempts(10)
                    .with_initial_backoff(Duration::from_millis(20)),
            )
            .build(),
    );
    let started = Instant::now();
    let err = client.invoke(&named("a")).await.unwrap_err();
    let elapsed = started.elapsed();
    let SdkError::Timeout(t) = &err else { panic!("{err:?}") };
    assert_eq!((t.kind(), t.duration()), (TimeoutKind::Operation, Duration::from_millis(500)));
    assert!(elapsed >= Duration::from_millis(500) && elapsed < Duration::from_secs(2), "{elapsed:?}");
    let n = accepted.load(Ordering::SeqCst);
    assert!((2..=3).contains(&n), "{n} connections");
}

#[tokio::test]
async fn a_slow_custom_credentials_provider_is_bounded_too() {
    let provider = smithy_rt::client::provide_credentials_fn(|| async {
        tokio::time::sleep(Duration::from_secs(3600)).await;
        Ok(Credentials::new("AKID", "SECRET", None, None))
    });
    let client = Client::new(
        &SERVICE,
        config("http://127.0.0.1:9")
            .credentials_provider(provider)
            .max_attempts(1)
            .attempt_timeout(Duration::from_millis(100))
            .build(),
    );
    let err = client.invoke(&named("a")).await.unwrap_err();
    assert!(matches!(&err, SdkError::Timeout(t) if t.kind() == TimeoutKind::Attempt), "{err:?}");
}

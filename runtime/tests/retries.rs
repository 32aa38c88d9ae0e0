//! Standard-mode retries, with the backoff recorded instead of waited.
#![cfg(feature = "client")]

mod common;

use common::*;
use smithy_rt::client::test_util::{error_response, json_response, RecordingSleep, ReplayTransport};
use smithy_rt::client::{Client, Config, Credentials, RetryConfig, SdkError, TransportError, TransportErrorKind};
use std::time::Duration;

fn client(transport: &ReplayTransport, sleep: &RecordingSleep, retry: RetryConfig) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", None, None))
        .retry(retry)
        .sleep(sleep.clone())
        .http_transport(transport.clone())
        .build();
    Client::new(&SERVICE, config)
}

#[tokio::test]
async fn throttling_twice_then_success() {
    let transport = ReplayTransport::new([
        error_response(400, "ThrottlingException", "Rate exceeded", "r1"),
        error_response(400, "com.amazonaws.appstream#RequestLimitExceeded", "slow", "r2"),
        json_response(200, r#"{"Arn": "arn:1"}"#),
    ]);
    let sleep = RecordingSleep::new();
    let retry = RetryConfig::standard()
        .with_initial_backoff(Duration::from_millis(100))
        .with_max_backoff(Duration::from_millis(150));
    let out = client(&transport, &sleep, retry).invoke(&named("a")).await.unwrap();
    assert_eq!(out.arn.as_deref(), Some("arn:1"));
    assert_eq!(transport.request_count(), 3);
    let sleeps = sleep.sleeps();
    assert_eq!(sleeps.len(), 2);
    // Full jitter: [0, min(max, initial * 2^(n-1))).
    assert!(sleeps[0] < Duration::from_millis(100), "{sleeps:?}");
    assert!(sleeps[1] < Duration::from_millis(150), "{sleeps:?}");
    let attempts: Vec<String> =
        transport.requests().iter().map(|r| r.headers()["amz-sdk-request"].to_str().unwrap().to_owned()).collect();
    assert_eq!(attempts, ["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"]);
}

#[tokio::test]
async fn server_errors_and_transient_codes_are_retried() {
    for first in [
        json_response(503, "<html>Service Unavailable</html>"),
        json_response(500, r#"{"__type": "InternalFailure"}"#),
        json_response(502, ""),
        json_response(504, ""),
        error_response(400, "RequestTimeoutException", "t", "r"),
        error_response(400, "PriorRequestNotComplete", "t", "r"),
    ] {
        let transport = ReplayTransport::new([first, json_response(200, "{}")]);
        let sleep = RecordingSleep::new();
        client(&transport, &sleep, RetryConfig::standard()).invoke(&named("a")).await.unwrap();
        assert_eq!(transport.request_count(), 2);
        assert_eq!(sleep.sleeps().len(), 1);
        assert!(sleep.sleeps()[0] < Duration::from_secs(1));
    }
}

#[tokio::test]
async fn other_client_errors_are_not_retried() {
    for response in [
        error_response(400, "ValidationException", "bad", "r"),
        error_response(400, "ResourceNotFoundException", "gone", "r"),
        error_response(403, "AccessDeniedException", "no", "r"),
        json_response(429, "{}"),
        json_response(501, "{}"),
    ] {
        let transport = ReplayTransport::new([response, json_response(200, "{}")]);
        let sleep = RecordingSleep::new();
        let err = client(&transport, &sleep, RetryConfig::standard()).invoke(&named("a")).await.unwrap_err();
        assert!(matches!(err, SdkError::Service { .. }), "{err:?}");
        assert_eq!(transport.request_count(), 1, "{err}");
        assert!(sleep.sleeps().is_empty());
    }
}

#[tokio::test]
async fn exhausted_retries_return_the_last_error() {
    let transport = ReplayTransport::new([
        error_response(400, "ThrottlingException", "first", "r1"),
        error_response(400, "ThrottlingException", "second", "r2"),
        error_response(503, "ServiceUnavailable", "third", "r3"),
        json_response(200, "{}"),
    ]);
    let sleep = RecordingSleep::new();
    let err = client(&transport, &sleep, RetryConfig::standard()).invoke(&named("a")).await.unwrap_err();
    assert_eq!((err.message(), err.request_id(), err.status()), (Some("third"), Some("r3"), Some(503)));
    assert_eq!(transport.request_count(), 3);
    let sleeps = sleep.sleeps();
    assert_eq!(sleeps.len(), 2);
    assert!(sleeps[0] < Duration::from_secs(1) && sleeps[1] < Duration::from_secs(2), "{sleeps:?}");
}

#[tokio::test]
async fn max_attempts_is_configurable_and_capped() {
    let throttled = || error_response(400, "Throttling", "x", "r");
    let transport = ReplayTransport::new((0..20).map(|_| throttled()));
    let sleep = RecordingSleep::new();
    let retry = RetryConfig::standard()
        .with_max_attempts(50)
        .with_initial_backoff(Duration::from_millis(10))
        .with_max_backoff(Duration::from_millis(40));
    client(&transport, &sleep, retry).invoke(&named("a")).await.unwrap_err();
    assert_eq!(transport.request_count(), 10);
    let sleeps = sleep.sleeps();
    assert_eq!(sleeps.len(), 9);
    for (i, d) in sleeps.iter().enumerate() {
        let bound = Duration::from_millis(10 * (1u64 << i)).min(Duration::from_millis(40));
        assert!(*d < bound, "retry {}: {d:?} >= {bound:?}", i + 1);
    }
    // Jitter varies the waits (nine equal random draws are astronomically unlikely).
    assert!(sleeps.iter().any(|d| *d != sleeps[0]));

    let transport = ReplayTransport::new([throttled(), json_response(200, "{}")]);
    let err =
        client(&transport, &RecordingSleep::new(), RetryConfig::disabled()).invoke(&named("a")).await.unwrap_err();
    assert_eq!(err.code(), Some("Throttling"));
    assert_eq!(transport.request_count(), 1);
}

#[tokio::test]
async fn connection_errors_are_retried_other_transport_errors_not() {
    let io = || std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset by peer");
    let transport = ReplayTransport::with_results([
        Err(TransportError::connect(io())),
        Err(TransportError::io(io())),
        Ok(json_response(200, "{}")),
    ]);
    client(&transport, &RecordingSleep::new(), RetryConfig::standard()).invoke(&named("a")).await.unwrap();
    assert_eq!(transport.request_count(), 3);

    let transport = ReplayTransport::with_results([Err(TransportError::other(io())), Ok(json_response(200, "{}"))]);
    let err =
        client(&transport, &RecordingSleep::new(), RetryConfig::standard()).invoke(&named("a")).await.unwrap_err();
    assert!(matches!(&err, SdkError::Transport(t) if t.kind() == TransportErrorKind::Other));
    assert_eq!(transport.request_count(), 1);
}

#[tokio::test]
async fn refused_connections_through_the_default_transport() {
    // A port that was just free: connecting is refused at once.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let sleep = RecordingSleep::new();
    let config = Config::builder()
        .region("us-east-1")
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .credentials(Credentials::new("AKID", "SECRET", None, None))
        .sleep(sleep.clone())
        .build();
    let err = Client::new(&SERVICE, config).invoke(&named("a")).await.unwrap_err();
    let SdkError::Transport(t) = &err else { panic!("{err:?}") };
    assert_eq!(t.kind(), TransportErrorKind::Connect);
    assert_eq!(sleep.sleeps().len(), 2, "three attempts");
    let mut chain = String::new();
    let mut cause: Option<&dyn std::error::Error> = Some(&err);
    while let Some(c) = cause {
        chain.push_str(&format!("{c} / "));
        cause = c.source();
    }
    // The line names the operation and the URL it tried, once.
    assert_eq!(err.to_string(), format!("CreateThing: cannot connect to http://127.0.0.1:{port}/"));
    assert_eq!(t.url().map(|u| u.to_string()), Some(format!("http://127.0.0.1:{port}/")));
    assert_eq!(chain.matches(&format!("127.0.0.1:{port}")).count(), 1, "{chain}");
    assert!(chain.to_lowercase().contains("refused"), "{chain}");
}

#[tokio::test]
async fn the_retry_quota_stops_retry_storms() {
    // 500 tokens at 5 per retry: 100 retries, then failures are returned at once.
    let transport = ReplayTransport::from_fn(|_| Ok(json_response(503, "")));
    let sleep = RecordingSleep::new();
    let client = client(&transport, &sleep, RetryConfig::standard());
    for _ in 0..60 {
        client.invoke(&named("a")).await.unwrap_err();
    }
    assert_eq!(sleep.sleeps().len(), 100);
    assert_eq!(transport.request_count(), 160);
}

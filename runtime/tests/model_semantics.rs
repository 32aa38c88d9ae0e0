//! What the model says about an operation, a service or an error, as the
//! pipeline applies it, against loopback servers: `@auth([])` and
//! `@optionalAuth` (signed or not), `@retryable` errors (retried), and
//! `aws.protocols#awsQueryCompatible` (the error code from
//! `x-amzn-query-error`).
#![cfg(feature = "client")]

mod common;
mod fakes;

use common::{CreateThingOutput, SERVICE};
use fakes::{serve, Reply};
use serde::{Deserialize, Serialize};
use smithy_rt::client::{
    provide_credentials_fn, AuthMode, Client, Config, ConfigBuilder, Credentials, CredentialsError, ErrorResponse,
    ModeledRetry, Operation, Protocol, RetryConfig, SdkError, ServiceError, ServiceMeta, UnhandledError,
};
use smithy_rt::validate::{ValidationErrors, ValidationMode};
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A Cognito-Identity-like service; `awsQueryCompatible` as SQS is.
static QUERY_COMPATIBLE: ServiceMeta = ServiceMeta {
    sdk_id: "Queues",
    target_prefix: "AmazonSQS",
    signing_name: "sqs",
    endpoint_prefix: "sqs",
    env_name: "QUEUES",
    protocols: &[Protocol::AwsJson1_0],
    crate_name: "queues",
    crate_version: "0.1.0",
    query_compatible: true,
    endpoint_rules: None,
};

/// `GetId`-like: `@auth([])`.
#[derive(Serialize, Debug, Default)]
struct GetId {
    #[serde(rename = "IdentityPoolId")]
    pool: String,
}

/// `GetCredentialsForIdentity`-like: `@optionalAuth`.
#[derive(Serialize, Debug, Default)]
struct MaybeSigned {}

/// A SigV4 operation whose errors are modelled, two of them `@retryable`.
#[derive(Serialize, Debug, Default)]
struct Touch {}

#[derive(Deserialize, Debug)]
struct Busy {
    #[serde(rename = "message")]
    message: Option<String>,
}

#[derive(Debug)]
enum TouchError {
    /// `@retryable`.
    Busy(Busy),
    /// `@retryable(throttling: true)`, code `SlowDownPlease` (not in the standard list).
    SlowDownPlease(Busy),
    /// Not retryable.
    Gone(Busy),
    Unhandled(UnhandledError),
}

impl fmt::Display for TouchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TouchError::Busy(e) | TouchError::SlowDownPlease(e) | TouchError::Gone(e) => {
                f.write_str(e.message.as_deref().unwrap_or(""))
            }
            TouchError::Unhandled(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for TouchError {}

impl ServiceError for TouchError {
    fn from_response(response: ErrorResponse) -> Self {
        let wrap = match response.code() {
            "BusyException" => TouchError::Busy,
            "SlowDownPlease" => TouchError::SlowDownPlease,
            "GoneException" | "AWS.Queues.Gone" => TouchError::Gone,
            _ => return TouchError::Unhandled(response.into_unhandled()),
        };
        match response.parse_body() {
            Ok(e) => wrap(e),
            Err(_) => TouchError::Unhandled(response.into_unhandled()),
        }
    }

    fn modeled_retry(&self) -> Option<ModeledRetry> {
        match self {
            TouchError::Busy(_) => Some(ModeledRetry::Transient),
            TouchError::SlowDownPlease(_) => Some(ModeledRetry::Throttling),
            _ => None,
        }
    }
}

macro_rules! operation {
    ($ty:ty, $name:literal, $auth:expr, $error:ty) => {
        impl Operation for $ty {
            const NAME: &'static str = $name;
            const AUTH: AuthMode = $auth;
            type Output = CreateThingOutput;
            type Error = $error;
            fn validate(&self, _mode: ValidationMode) -> Result<(), ValidationErrors> {
                Ok(())
            }
        }
    };
}

operation!(GetId, "GetId", AuthMode::Anonymous, common::CreateThingError);
operation!(MaybeSigned, "GetCredentialsForIdentity", AuthMode::OptionalSigV4, common::CreateThingError);
operation!(Touch, "Touch", AuthMode::SigV4, TouchError);

fn ok() -> Reply {
    Reply::new(200, r#"{"Arn": "arn:ok"}"#).header("content-type", "application/x-amz-json-1.1")
}

fn base(url: &str) -> ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .endpoint_url(url)
        .retry(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
        .attempt_timeout(Duration::from_secs(5))
}

fn failing_provider(calls: Arc<AtomicUsize>) -> impl smithy_rt::client::ProvideCredentials {
    provide_credentials_fn(move || {
        calls.fetch_add(1, Ordering::SeqCst);
        async { Err(CredentialsError::not_loaded("no credentials here")) }
    })
}

const AUTH_HEADERS: [&str; 3] = ["authorization", "x-amz-date", "x-amz-security-token"];

#[tokio::test]
async fn anonymous_operations_need_no_credentials_and_are_not_signed() {
    let fake = serve(|_| ok()).await;
    // No provider at all.
    let client = Client::new(&SERVICE, base(&fake.url).build());
    client.invoke(&GetId { pool: "us-east-1:pool".into() }).await.unwrap();
    // A provider that fails is never asked.
    let calls = Arc::new(AtomicUsize::new(0));
    let config = base(&fake.url).credentials_provider(failing_provider(calls.clone())).build();
    Client::new(&SERVICE, config).invoke(&GetId::default()).await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    // Working credentials are not used either.
    let config = base(&fake.url).credentials(Credentials::new("AKID", "SECRET", Some("TOKEN".into()), None)).build();
    Client::new(&SERVICE, config).invoke(&GetId::default()).await.unwrap();

    let requests = fake.requests();
    assert_eq!(requests.len(), 3);
    for seen in &requests {
        for h in AUTH_HEADERS {
            assert_eq!(seen.header(h), None, "{h} sent on an unsigned request: {:?}", seen.headers);
        }
        assert_eq!(seen.header("x-amz-target"), Some("PhotonAdminProxyService.GetId"));
        assert!(seen.body.contains("us-east-1:pool") || seen.body.contains("\"\""), "{}", seen.body);
    }

    // The same client still refuses a SigV4 operation without credentials.
    let err = client.invoke(&Touch {}).await.unwrap_err();
    assert!(matches!(err, SdkError::Construction(_)), "{err:?}");
    assert_eq!(fake.count(), 3);
}

#[tokio::test]
async fn optional_auth_signs_when_credentials_resolve_and_not_otherwise() {
    let fake = serve(|_| ok()).await;
    let signed = base(&fake.url).credentials(Credentials::new("AKID", "SECRET", Some("TOKEN".into()), None)).build();
    Client::new(&SERVICE, signed).invoke(&MaybeSigned {}).await.unwrap();
    Client::new(&SERVICE, base(&fake.url).build()).invoke(&MaybeSigned {}).await.unwrap();
    let calls = Arc::new(AtomicUsize::new(0));
    let failing = base(&fake.url).credentials_provider(failing_provider(calls.clone())).build();
    Client::new(&SERVICE, failing.clone()).invoke(&MaybeSigned {}).await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    let requests = fake.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests[0].header("authorization").unwrap().starts_with("AWS4-HMAC-SHA256 Credential=AKID/"));
    assert_eq!(requests[0].header("x-amz-security-token"), Some("TOKEN"));
    assert!(requests[0].header("x-amz-date").is_some());
    for seen in &requests[1..] {
        for h in AUTH_HEADERS {
            assert_eq!(seen.header(h), None, "{h}: {:?}", seen.headers);
        }
    }

    // A SigV4 operation with the failing provider fails before sending.
    let err = Client::new(&SERVICE, failing).invoke(&Touch {}).await.unwrap_err();
    assert!(matches!(err, SdkError::Construction(_)), "{err:?}");
    assert_eq!(fake.count(), 3);
}

fn error_reply(status: u16, code: &str) -> Reply {
    Reply::new(status, serde_json::json!({"__type": code, "message": "try again"}).to_string())
        .header("content-type", "application/x-amz-json-1.1")
}

/// A server that answers `first` to the first request and 200 after.
async fn once_then_ok(first: impl Fn() -> Reply + Send + Sync + 'static) -> fakes::Fake {
    let n = AtomicUsize::new(0);
    serve(move |_| if n.fetch_add(1, Ordering::SeqCst) == 0 { first() } else { ok() }).await
}

fn signed(url: &str) -> Config {
    base(url).credentials(Credentials::new("AKID", "SECRET", None, None)).build()
}

#[tokio::test]
async fn retryable_modelled_errors_are_retried() {
    for code in ["BusyException", "SlowDownPlease"] {
        let fake = once_then_ok(move || error_reply(400, code)).await;
        let out = Client::new(&SERVICE, signed(&fake.url)).invoke(&Touch {}).await.unwrap();
        assert_eq!(out.arn.as_deref(), Some("arn:ok"));
        assert_eq!(fake.count(), 2, "{code}");
        let attempts: Vec<_> =
            fake.requests().iter().map(|r| r.header("amz-sdk-request").unwrap().to_owned()).collect();
        assert_eq!(attempts, ["attempt=1; max=3", "attempt=2; max=3"]);
    }
    // A modelled error without @retryable is returned at once.
    let fake = once_then_ok(|| error_reply(400, "GoneException")).await;
    let err = Client::new(&SERVICE, signed(&fake.url)).invoke(&Touch {}).await.unwrap_err();
    assert!(matches!(err.service_error(), Some(TouchError::Gone(_))), "{err:?}");
    assert_eq!(fake.count(), 1);
    // Attempts stay bounded: a retryable error every time gives up after max_attempts.
    let fake = serve(|_| error_reply(400, "BusyException")).await;
    let err = Client::new(&SERVICE, signed(&fake.url)).invoke(&Touch {}).await.unwrap_err();
    assert!(matches!(err.service_error(), Some(TouchError::Busy(_))), "{err:?}");
    assert_eq!(fake.count(), 3);
}

#[tokio::test]
async fn query_compatible_services_read_the_code_from_x_amzn_query_error() {
    let reply = || {
        error_reply(400, "com.amazonaws.queues#GoneException").header("x-amzn-query-error", "AWS.Queues.Gone;Sender")
    };
    let fake = serve(move |_| reply()).await;
    let err = Client::new(&QUERY_COMPATIBLE, signed(&fake.url)).invoke(&Touch {}).await.unwrap_err();
    assert_eq!(err.code(), Some("AWS.Queues.Gone"));
    assert!(matches!(err.service_error(), Some(TouchError::Gone(_))), "{err:?}");
    // A service without the trait ignores the header.
    let err = Client::new(&SERVICE, signed(&fake.url)).invoke(&Touch {}).await.unwrap_err();
    assert_eq!(err.code(), Some("GoneException"));
    // Without the header, the body's code.
    let fake = serve(|_| error_reply(400, "com.amazonaws.queues#BusyException")).await;
    let config =
        base(&fake.url).retry(RetryConfig::disabled()).credentials(Credentials::new("AKID", "SECRET", None, None));
    let err = Client::new(&QUERY_COMPATIBLE, config.build()).invoke(&Touch {}).await.unwrap_err();
    assert_eq!(err.code(), Some("BusyException"));
}

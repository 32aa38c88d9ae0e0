//! The awsJson protocol through the whole pipeline, with a replaying transport.
#![cfg(feature = "client")]

mod common;

use common::*;
use smithy_rt::client::test_util::{error_response, json_response, ReplayTransport};
use smithy_rt::client::{Client, Config, ConstructionErrorKind, Credentials, FixedTime, SdkError, SNIPPET_CHARS};
use smithy_rt::validate::ValidationMode;
use std::error::Error as _;

fn config(transport: &ReplayTransport) -> Config {
    Config::builder()
        .region("us-west-2")
        .credentials(Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, None))
        .time_source(FixedTime::from_epoch_secs(1_700_000_000))
        .http_transport(transport.clone())
        .build()
}

fn header<'a>(r: &'a http::Request<bytes::Bytes>, name: &str) -> &'a str {
    r.headers().get(name).unwrap_or_else(|| panic!("no {name} header")).to_str().unwrap()
}

#[tokio::test]
async fn request_has_exact_headers_and_body() {
    let transport = ReplayTransport::new([json_response(200, r#"{"Arn": "arn:aws:appstream:thing/a", "Count": 2}"#)]);
    let client = Client::new(&SERVICE, config(&transport));
    let input = CreateThing { name: Some("a".into()), tags: Some(vec!["x".into(), "ü".into()]) };
    let out = client.invoke(&input).await.unwrap();
    assert_eq!(
        out,
        CreateThingOutput { arn: Some("arn:aws:appstream:thing/a".into()), count: 2, ..Default::default() }
    );

    let requests = transport.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.method(), http::Method::POST);
    assert_eq!(r.uri().to_string(), "https://appstream2.us-west-2.amazonaws.com/");
    assert_eq!(header(r, "content-type"), "application/x-amz-json-1.1");
    assert_eq!(header(r, "x-amz-target"), "PhotonAdminProxyService.CreateThing");
    assert_eq!(header(r, "host"), "appstream2.us-west-2.amazonaws.com");
    assert_eq!(r.body().as_ref(), r#"{"Name":"a","Tags":["x","ü"]}"#.as_bytes());
    assert_eq!(header(r, "content-length"), r.body().len().to_string());
    assert_eq!(header(r, "user-agent"), "appstream/0.1.0 smithy-rt/0.1.0 lang/rust");
    assert_eq!(header(r, "x-amz-user-agent"), "appstream/0.1.0 smithy-rt/0.1.0 lang/rust");
    assert_eq!(header(r, "amz-sdk-request"), "attempt=1; max=3");
    assert_eq!(header(r, "amz-sdk-invocation-id").len(), 36);
    assert_eq!(header(r, "x-amz-date"), "20231114T221320Z");
    let auth = header(r, "authorization");
    assert!(
        auth.starts_with(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-west-2/appstream/aws4_request, SignedHeaders="
        ),
        "{auth}"
    );
    let signed = auth.split("SignedHeaders=").nth(1).unwrap().split(',').next().unwrap();
    for h in ["content-length", "content-type", "host", "x-amz-date", "x-amz-target", "x-amz-user-agent"] {
        assert!(signed.split(';').any(|s| s == h), "{h} not signed: {signed}");
    }
    assert!(!signed.split(';').any(|s| s == "user-agent"));
    assert!(r.headers().get("x-amz-security-token").is_none());
}

#[tokio::test]
async fn empty_input_is_an_empty_object_and_empty_output_reads() {
    let transport = ReplayTransport::new([json_response(200, ""), json_response(200, "{}")]);
    let client = Client::new(&SERVICE, config(&transport));
    assert_eq!(client.invoke(&ListThings::default()).await.unwrap().names, Vec::<String>::new());
    assert_eq!(client.invoke(&ListThings::default()).await.unwrap().names, Vec::<String>::new());
    for r in transport.requests() {
        assert_eq!(r.body().as_ref(), b"{}");
        assert_eq!(header(&r, "x-amz-target"), "PhotonAdminProxyService.ListThings");
    }
}

#[tokio::test]
async fn aws_json_1_0_content_type_and_target() {
    let transport = ReplayTransport::new([json_response(200, "{}")]);
    let client = Client::new(&SERVICE_JSON_1_0, config(&transport).to_builder().app_name("tests").build());
    client.invoke(&ListThings::default()).await.unwrap();
    let r = transport.last_request().unwrap();
    assert_eq!(header(&r, "content-type"), "application/x-amz-json-1.0");
    assert_eq!(header(&r, "x-amz-target"), "ThingStore_20240101.ListThings");
    assert_eq!(r.uri().to_string(), "https://things.us-west-2.amazonaws.com/");
    assert_eq!(header(&r, "user-agent"), "thingstore/2.3.4 smithy-rt/0.1.0 lang/rust app/tests");
    assert!(header(&r, "authorization").contains("/us-west-2/thingstore/aws4_request"));
}

#[tokio::test]
async fn modelled_error_from_type_with_namespace() {
    let mut response = json_response(
        400,
        r#"{"__type": "com.amazonaws.appstream#ResourceNotFoundException", "Message": "no such thing"}"#,
    );
    response.headers_mut().insert("x-amzn-RequestId", "req-123".parse().unwrap());
    let transport = ReplayTransport::new([response]);
    let client = Client::new(&SERVICE, config(&transport));
    let err = client.invoke(&named("a")).await.unwrap_err();
    match err.service_error() {
        Some(CreateThingError::ResourceNotFound(e)) => assert_eq!(e.message.as_deref(), Some("no such thing")),
        other => panic!("{other:?}"),
    }
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    assert_eq!(err.message(), Some("no such thing"));
    assert_eq!(err.request_id(), Some("req-123"));
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.operation(), Some("CreateThing"));
    assert_eq!(err.to_string(), "CreateThing: ResourceNotFoundException: no such thing (request id req-123)");
    // The line already says what the operation's error says.
    assert!(err.source().is_none(), "{:?}", err.source());
    assert_eq!(transport.request_count(), 1);
}

#[tokio::test]
async fn error_code_from_header_with_suffix_wins_over_body() {
    let mut response = json_response(400, r#"{"__type": "Other", "message": "lower-case message"}"#);
    response.headers_mut().insert(
        "X-Amzn-ErrorType",
        "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazon.coral.validate/".parse().unwrap(),
    );
    let client = Client::new(&SERVICE, config(&ReplayTransport::new([response])));
    let err = client.invoke(&named("a")).await.unwrap_err();
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    assert_eq!(err.message(), Some("lower-case message"));
    assert!(matches!(err.service_error(), Some(CreateThingError::ResourceNotFound(_))));
}

#[tokio::test]
async fn unmodelled_error_from_code_field_is_unhandled() {
    let response = json_response(409, r#"{"code": "aws.thing#ConflictException:extra", "Message": "busy"}"#);
    let client = Client::new(&SERVICE, config(&ReplayTransport::new([response])));
    let err = client.invoke(&named("a")).await.unwrap_err();
    let Some(CreateThingError::Unhandled(u)) = err.service_error() else { panic!("{err:?}") };
    assert_eq!((u.code(), u.message(), u.status()), (Some("ConflictException"), Some("busy"), 409));
    assert!(String::from_utf8_lossy(u.body()).contains("busy"));
    assert_eq!(err.to_string(), "CreateThing: ConflictException: busy");
}

#[tokio::test]
async fn error_without_code_or_json() {
    let response = json_response(404, "<html>not found</html>");
    let client = Client::new(&SERVICE, config(&ReplayTransport::new([response])));
    let err = client.invoke(&named("a")).await.unwrap_err();
    assert_eq!(err.code(), None);
    assert_eq!(err.to_string(), "CreateThing: HTTP 404 error response without an error code");
    let Some(CreateThingError::Unhandled(u)) = err.service_error() else { panic!("{err:?}") };
    assert_eq!(u.to_string(), "HTTP 404 error response without an error code");
}

#[tokio::test]
async fn test_util_error_response_helper() {
    let client = Client::new(
        &SERVICE,
        config(&ReplayTransport::new([error_response(400, "ResourceNotFoundException", "gone", "rid-9")])),
    );
    let err = client.invoke(&named("a")).await.unwrap_err();
    assert_eq!(
        (err.code(), err.message(), err.request_id()),
        (Some("ResourceNotFoundException"), Some("gone"), Some("rid-9"))
    );
}

#[tokio::test]
async fn malformed_and_truncated_bodies_are_response_errors() {
    let long_garbage = format!("<html>{}</html>", "x".repeat(10_000));
    let mut truncated = json_response(200, r#"{"Arn": "arn:aws:appstream:thi"#);
    truncated.headers_mut().insert("x-amzn-requestid", "rid-t".parse().unwrap());
    let transport = ReplayTransport::new([
        json_response(200, long_garbage.clone()),
        truncated,
        json_response(200, r#"{"Count": "many"}"#),
        json_response(200, vec![0xff, 0xfe, 0x00]),
    ]);
    let client = Client::new(&SERVICE, config(&transport));

    let err = client.invoke(&named("a")).await.unwrap_err();
    let SdkError::Response(e) = &err else { panic!("{err:?}") };
    assert_eq!(e.status(), 200);
    assert!(e.snippet().chars().count() <= SNIPPET_CHARS);
    assert!(e.snippet().starts_with("<html>xxx") && e.snippet().ends_with('…'));
    assert!(err.to_string().len() < 400, "{err}");
    assert!(err.to_string().starts_with("CreateThing: malformed HTTP 200 response; body: `<html>"), "{err}");
    assert_eq!(e.operation(), Some("CreateThing"));

    let err = client.invoke(&named("a")).await.unwrap_err();
    let SdkError::Response(e) = &err else { panic!("{err:?}") };
    assert_eq!(e.request_id(), Some("rid-t"));
    assert_eq!(e.snippet(), r#"{"Arn": "arn:aws:appstream:thi"#);
    assert!(err.source().unwrap().to_string().contains("EOF"), "{:?}", err.source());

    let err = client.invoke(&named("a")).await.unwrap_err();
    assert!(
        err.source().unwrap().to_string().starts_with("CreateThingOutput.Count: invalid type"),
        "{:?}",
        err.source()
    );

    let err = client.invoke(&named("a")).await.unwrap_err();
    assert!(matches!(err, SdkError::Response(_)));
    // Not retried.
    assert_eq!(transport.request_count(), 4);
}

#[tokio::test]
async fn validation_fails_before_sending_unless_off() {
    let transport = ReplayTransport::new([json_response(200, "{}")]);
    let client = Client::new(&SERVICE, config(&transport));
    let err = client.invoke(&CreateThing::default()).await.unwrap_err();
    let SdkError::Validation(v) = &err else { panic!("{err:?}") };
    assert_eq!(v.violations()[0].path, "CreateThingInput.Name");
    assert_eq!(err.to_string(), "CreateThing: invalid input: CreateThingInput.Name: required member is missing");
    assert_eq!(transport.request_count(), 0);

    let client = Client::new(&SERVICE, config(&transport).to_builder().validation(ValidationMode::Off).build());
    client.invoke(&CreateThing::default()).await.unwrap();
    assert_eq!(transport.last_request().unwrap().body().as_ref(), b"{}");
}

#[tokio::test]
async fn construction_errors_send_nothing() {
    let transport = ReplayTransport::new([]);
    let no_region = Config::builder()
        .credentials(Credentials::new("AKID", "SECRET", None, None))
        .http_transport(transport.clone())
        .build();
    let err = Client::new(&SERVICE, no_region).invoke(&named("a")).await.unwrap_err();
    let SdkError::Construction(c) = &err else { panic!("{err:?}") };
    assert_eq!(c.kind(), ConstructionErrorKind::MissingRegion);
    assert!(err.to_string().contains("AWS_REGION"), "{err}");
    assert_eq!(c.operation(), Some("CreateThing"));
    assert!(err.to_string().starts_with("CreateThing: cannot build the request: "), "{err}");

    let no_credentials = Config::builder().region("us-east-1").http_transport(transport.clone()).build();
    let err = Client::new(&SERVICE, no_credentials).invoke(&named("a")).await.unwrap_err();
    assert!(matches!(&err, SdkError::Construction(c) if c.kind() == ConstructionErrorKind::Credentials), "{err:?}");

    let bad_endpoint = config(&transport).to_builder().endpoint_url("ftp://example.com").build();
    let err = Client::new(&SERVICE, bad_endpoint).invoke(&named("a")).await.unwrap_err();
    assert!(matches!(&err, SdkError::Construction(c) if c.kind() == ConstructionErrorKind::InvalidEndpoint), "{err:?}");

    let bad_region =
        config(&transport).to_builder().region("us-east-1/../x").endpoint_url("http://127.0.0.1:1").build();
    let err = Client::new(&SERVICE, bad_region).invoke(&named("a")).await.unwrap_err();
    assert!(matches!(&err, SdkError::Construction(c) if c.kind() == ConstructionErrorKind::InvalidRegion), "{err:?}");

    assert_eq!(transport.request_count(), 0);
}

#[tokio::test]
async fn exhausted_replay_is_a_non_retryable_transport_error() {
    let transport = ReplayTransport::new([]);
    let err = Client::new(&SERVICE, config(&transport)).invoke(&named("a")).await.unwrap_err();
    assert!(matches!(err, SdkError::Transport(_)), "{err:?}");
    assert_eq!(transport.request_count(), 1);
}

#[tokio::test]
async fn map_service_error_wraps_operation_errors() {
    #[derive(Debug)]
    enum CrateError {
        CreateThing(CreateThingError),
    }
    let client = Client::new(
        &SERVICE,
        config(&ReplayTransport::new([error_response(400, "ResourceNotFoundException", "m", "r")])),
    );
    let err: SdkError<CrateError> =
        client.invoke(&named("a")).await.unwrap_err().map_service_error(CrateError::CreateThing);
    assert!(matches!(err.service_error(), Some(CrateError::CreateThing(CreateThingError::ResourceNotFound(_)))));
    assert_eq!(err.request_id(), Some("r"));
    assert!(err.into_service_error().is_ok());
}

#[test]
fn client_futures_are_send_and_clients_share() {
    fn assert_send<T: Send>(_: &T) {}
    let transport = ReplayTransport::new([]);
    let client = Client::new(&SERVICE, config(&transport));
    let input = named("a");
    let fut = client.invoke(&input);
    assert_send(&fut);
    let clone = client.clone();
    assert_eq!(clone.config().region(), Some("us-west-2"));
    fn assert_sync<T: Send + Sync + 'static>() {}
    assert_sync::<Client>();
    assert_sync::<SdkError<CreateThingError>>();
}

#[tokio::test]
async fn outputs_carry_the_request_id_of_their_response() {
    use smithy_rt::OperationOutput;
    let mut with_id = json_response(200, r#"{"Count": 1}"#);
    with_id.headers_mut().insert("x-amzn-requestid", http::HeaderValue::from_static("  rid-42 "));
    let transport = ReplayTransport::new([with_id, json_response(200, "{}")]);
    let client = Client::new(&SERVICE, config(&transport));
    let out = client.invoke(&named("a")).await.unwrap();
    assert_eq!(out.request_id(), Some("rid-42"));
    // The id is metadata: it does not make otherwise equal outputs differ.
    assert_eq!(out, CreateThingOutput { count: 1, ..Default::default() });
    let out = client.invoke(&named("b")).await.unwrap();
    assert_eq!(out.request_id(), None);
}

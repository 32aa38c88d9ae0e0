//! Endpoints from a service's rule set (`ServiceMeta::endpoint_rules`) and
//! an operation's (`Operation::ENDPOINT_RULES`): the built-ins the client
//! passes (from the builder, the environment and the profile), what it does
//! with the rules' URL, headers and auth schemes, their errors, and how
//! often it resolves. The resolvers here are written by hand, as the
//! generator would compile them.
#![cfg(feature = "client")]

mod common;

use common::*;
use smithy_rt::client::discovery::{DiscoveredEndpoint, DiscoveryError, EndpointDiscovery};
use smithy_rt::client::test_util::{json_response, ReplayTransport};
use smithy_rt::client::{
    BoxFuture, Client, Config, ConfigBuilder, ConstructionErrorKind, Credentials, Env, FixedTime, HostPrefixSegment,
    Operation, Protocol, SdkError, ServiceMeta,
};
use smithy_rt::rules::{BuiltIns, Endpoint, EndpointError};
use smithy_rt::validate::{ValidationErrors, ValidationMode};
use smithy_rt::Document;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

const fn service(endpoint_rules: smithy_rt::client::EndpointRules) -> ServiceMeta {
    ServiceMeta {
        sdk_id: "AppStream",
        target_prefix: "PhotonAdminProxyService",
        signing_name: "appstream",
        endpoint_prefix: "appstream2",
        env_name: "APPSTREAM",
        protocols: &[Protocol::AwsJson1_1],
        crate_name: "appstream",
        crate_version: "0.1.0",
        query_compatible: false,
        endpoint_rules: Some(endpoint_rules),
    }
}

/// Rules shaped like AWS's: a custom endpoint as it is (not with FIPS),
/// else `svc[-fips].<region>.amazonaws.com`, or `.api.aws` for dual-stack.
fn aws_like(b: &BuiltIns<'_>) -> Result<Endpoint, EndpointError> {
    if b.account_id_endpoint_mode == Some("required") {
        return Err(EndpointError::new(
            "AccountIdEndpointMode is required but no AccountID was provided or able to be loaded",
        ));
    }
    if let Some(endpoint) = b.endpoint {
        if b.use_fips {
            return Err(EndpointError::new("Invalid Configuration: FIPS and custom endpoint are not supported"));
        }
        return Ok(Endpoint::new(endpoint));
    }
    let region = b.region.ok_or_else(|| EndpointError::new("Invalid Configuration: Missing Region"))?;
    let name = if b.use_fips { "svc-fips" } else { "svc" };
    let suffix = if b.use_dual_stack { "api.aws" } else { "amazonaws.com" };
    Ok(Endpoint::new(format!("https://{name}.{region}.{suffix}")))
}

static AWS_LIKE: ServiceMeta = service(aws_like);

fn text(s: &str) -> Document {
    Document::String(s.to_owned())
}

fn scheme(entries: &[(&str, Document)]) -> Document {
    Document::Object(entries.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect::<BTreeMap<_, _>>())
}

/// An endpoint with a header and a sigv4 scheme that signs as `other` in `eu-central-1`.
fn with_headers_and_scheme(b: &BuiltIns<'_>) -> Result<Endpoint, EndpointError> {
    Ok(Endpoint::new(format!("https://svc.{}.amazonaws.com", b.region.unwrap_or("none")))
        .header("x-amz-rules-header", "from the rules")
        .header("x-amz-rules-header", "twice")
        .property(
            "authSchemes",
            Document::Array(vec![
                scheme(&[("name", text("sigv4a")), ("signingName", text("ignored"))]),
                scheme(&[
                    ("name", text("sigv4")),
                    ("signingName", text("other")),
                    ("signingRegion", text("eu-central-1")),
                ]),
            ]),
        ))
}

static WITH_HEADERS: ServiceMeta = service(with_headers_and_scheme);

fn only_sigv4a(_: &BuiltIns<'_>) -> Result<Endpoint, EndpointError> {
    Ok(Endpoint::new("https://svc.amazonaws.com").property(
        "authSchemes",
        Document::Array(vec![scheme(&[("name", text("sigv4a"))]), scheme(&[("name", text("sigv4-s3express"))])]),
    ))
}

static ONLY_SIGV4A: ServiceMeta = service(only_sigv4a);

static COUNTED_CALLS: AtomicUsize = AtomicUsize::new(0);

fn counted(b: &BuiltIns<'_>) -> Result<Endpoint, EndpointError> {
    COUNTED_CALLS.fetch_add(1, Ordering::SeqCst);
    aws_like(b)
}

static COUNTED: ServiceMeta = service(counted);

static FAILING_CALLS: AtomicUsize = AtomicUsize::new(0);

fn failing(_: &BuiltIns<'_>) -> Result<Endpoint, EndpointError> {
    FAILING_CALLS.fetch_add(1, Ordering::SeqCst);
    Err(EndpointError::new("Invalid Configuration: Missing Region"))
}

static FAILING: ServiceMeta = service(failing);

fn env(home: &Path, vars: &[(&str, &str)]) -> Env {
    Env::from_vars(vars.iter().copied()).with_home(home)
}

fn builder(transport: &ReplayTransport) -> ConfigBuilder {
    edit(Config::builder(), transport)
}

/// `b` with the region, credentials, clock and transport of these tests.
fn edit(b: ConfigBuilder, transport: &ReplayTransport) -> ConfigBuilder {
    b.region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", None, None))
        .time_source(FixedTime::from_epoch_secs(1_709_210_096))
        .http_transport(transport.clone())
}

fn ok() -> ReplayTransport {
    ReplayTransport::from_fn(|_| Ok(json_response(200, "{}")))
}

fn header(request: &http::Request<bytes::Bytes>, name: &str) -> String {
    request.headers().get_all(name).iter().map(|v| v.to_str().unwrap()).collect::<Vec<_>>().join(", ")
}

#[tokio::test]
async fn fips_and_dual_stack_reach_the_rules_from_the_environment_the_profile_and_the_builder() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join(".aws")).unwrap();
    std::fs::write(
        home.path().join(".aws/config"),
        "[default]\nregion = us-west-2\n[profile fips]\nregion = us-west-2\nuse_fips_endpoint = true\n\
         use_dualstack_endpoint = true\n",
    )
    .unwrap();
    let endpoint = |vars: &[(&str, &str)], edit: fn(ConfigBuilder) -> ConfigBuilder| {
        let config = edit(ConfigBuilder::from_env(&env(home.path(), vars))).build();
        Client::new(&AWS_LIKE, config).endpoint().unwrap()
    };
    let same = |b: ConfigBuilder| b;
    assert_eq!(endpoint(&[], same), "https://svc.us-west-2.amazonaws.com/");
    // The region built-in is the configured region, trimmed.
    assert_eq!(endpoint(&[("AWS_REGION", " eu-west-1 ")], same), "https://svc.eu-west-1.amazonaws.com/");
    assert_eq!(endpoint(&[("AWS_USE_FIPS_ENDPOINT", "true")], same), "https://svc-fips.us-west-2.amazonaws.com/");
    assert_eq!(endpoint(&[("AWS_USE_DUALSTACK_ENDPOINT", "TRUE")], same), "https://svc.us-west-2.api.aws/");
    assert_eq!(endpoint(&[("AWS_PROFILE", "fips")], same), "https://svc-fips.us-west-2.api.aws/");
    // A variable beats the profile; the builder beats both.
    assert_eq!(
        endpoint(&[("AWS_PROFILE", "fips"), ("AWS_USE_FIPS_ENDPOINT", "false")], same),
        "https://svc.us-west-2.api.aws/"
    );
    assert_eq!(
        endpoint(&[("AWS_PROFILE", "fips")], |b| b.use_fips(false).use_dual_stack(false)),
        "https://svc.us-west-2.amazonaws.com/"
    );
    assert_eq!(endpoint(&[], |b| b.use_fips(true)), "https://svc-fips.us-west-2.amazonaws.com/");
    assert_eq!(endpoint(&[], |b| b.use_dual_stack(true)), "https://svc.us-west-2.api.aws/");

    // And requests go there.
    let transport = ok();
    let client = Client::new(&AWS_LIKE, builder(&transport).use_fips(true).build());
    client.invoke(&named("a")).await.unwrap();
    let request = transport.last_request().unwrap();
    assert_eq!(request.uri().to_string(), "https://svc-fips.us-east-1.amazonaws.com/");
    assert_eq!(header(&request, "host"), "svc-fips.us-east-1.amazonaws.com");
    assert_eq!(client.config().summary(&AWS_LIKE).endpoint.as_deref(), Ok("https://svc-fips.us-east-1.amazonaws.com/"));
}

#[tokio::test]
async fn the_configured_endpoint_is_the_rules_endpoint_built_in() {
    let home = tempfile::tempdir().unwrap();
    let endpoint = |vars: &[(&str, &str)], edit: fn(ConfigBuilder) -> ConfigBuilder| {
        let config = edit(ConfigBuilder::from_env(&env(home.path(), vars)).region("us-east-1")).build();
        Client::new(&AWS_LIKE, config).endpoint()
    };
    let same = |b: ConfigBuilder| b;
    assert_eq!(endpoint(&[("AWS_ENDPOINT_URL", "http://global:1")], same).unwrap(), "http://global:1/");
    assert_eq!(
        endpoint(&[("AWS_ENDPOINT_URL", "http://global:1"), ("AWS_ENDPOINT_URL_APPSTREAM", "http://svc:2/base")], same)
            .unwrap(),
        "http://svc:2/base/"
    );
    assert_eq!(
        endpoint(&[("AWS_ENDPOINT_URL_APPSTREAM", "http://svc:2")], |b| b.endpoint_url("http://builder:3")).unwrap(),
        "http://builder:3/"
    );
    assert_eq!(
        endpoint(&[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"), ("AWS_ENDPOINT_URL", "http://global:1")], same)
            .unwrap(),
        "https://svc.us-east-1.amazonaws.com/"
    );
    // The rules see it, and refuse it with FIPS.
    let err =
        endpoint(&[("AWS_ENDPOINT_URL", "http://global:1"), ("AWS_USE_FIPS_ENDPOINT", "true")], same).unwrap_err();
    assert_eq!(err.kind(), ConstructionErrorKind::EndpointRules);
    assert_eq!(
        err.to_string(),
        "the endpoint rules of AppStream give no endpoint: \"Invalid Configuration: FIPS and custom endpoint are not \
         supported\""
    );

    let transport = ok();
    let config = builder(&transport).endpoint_url("http://localhost:4566/base/").build();
    Client::new(&AWS_LIKE, config).invoke(&named("a")).await.unwrap();
    let request = transport.last_request().unwrap();
    assert_eq!(
        (request.uri().to_string(), header(&request, "host")),
        ("http://localhost:4566/base/".to_owned(), "localhost:4566".to_owned())
    );
}

#[tokio::test]
async fn an_error_rule_fails_every_call_before_anything_is_sent() {
    let transport = ok();
    let config = builder(&transport).endpoint_url("http://localhost:4566").use_fips(true).build();
    let client = Client::new(&AWS_LIKE, config);
    for _ in 0..2 {
        let err = client.invoke(&named("a")).await.unwrap_err();
        let SdkError::Construction(e) = &err else { panic!("{err:?}") };
        assert_eq!(e.kind(), ConstructionErrorKind::EndpointRules);
        assert_eq!(e.operation(), Some("CreateThing"));
        assert!(
            e.to_string()
                .ends_with("give no endpoint: \"Invalid Configuration: FIPS and custom endpoint are not supported\""),
            "{e}"
        );
    }
    assert_eq!(transport.request_count(), 0);
    assert!(client.config().summary(&AWS_LIKE).endpoint.unwrap_err().contains("FIPS and custom endpoint"));

    // The account id endpoint mode reaches the rules too.
    let home = tempfile::tempdir().unwrap();
    let from_env = ConfigBuilder::from_env(&env(home.path(), &[("AWS_ACCOUNT_ID_ENDPOINT_MODE", "Required")]));
    let config = edit(from_env, &transport).build();
    let err = Client::new(&AWS_LIKE, config).invoke(&named("a")).await.unwrap_err();
    assert!(err.to_string().contains("AccountIdEndpointMode is required"), "{err}");
    assert_eq!(transport.request_count(), 0);

    let err = Client::new(&ONLY_SIGV4A, builder(&transport).build()).invoke(&named("a")).await.unwrap_err();
    let SdkError::Construction(e) = &err else { panic!("{err:?}") };
    assert_eq!(e.kind(), ConstructionErrorKind::EndpointRules);
    assert_eq!(
        e.to_string(),
        "the endpoint rules of AppStream offer the auth schemes \"sigv4a\", \"sigv4-s3express\", and this client \
         signs only with \"sigv4\""
    );
    assert_eq!(transport.request_count(), 0);
}

#[tokio::test]
async fn the_rules_headers_are_sent_and_signed_and_their_auth_scheme_sets_the_credential_scope() {
    let transport = ok();
    let client = Client::new(&WITH_HEADERS, builder(&transport).region("us-west-2").build());
    client.invoke(&named("a")).await.unwrap();
    let request = transport.last_request().unwrap();
    assert_eq!(request.uri().to_string(), "https://svc.us-west-2.amazonaws.com/");
    assert_eq!(header(&request, "x-amz-rules-header"), "from the rules, twice");
    let authorization = header(&request, "authorization");
    assert!(authorization.contains("Credential=AKID/20240229/eu-central-1/other/aws4_request,"), "{authorization}");
    let signed = authorization.split("SignedHeaders=").nth(1).unwrap().split(',').next().unwrap();
    assert!(signed.split(';').any(|h| h == "x-amz-rules-header"), "{signed}");
    assert!(signed.split(';').any(|h| h == "host"), "{signed}");

    // Without authSchemes: the service's signing name and the configured region.
    let client = Client::new(&AWS_LIKE, builder(&transport).region("us-west-2").build());
    client.invoke(&named("a")).await.unwrap();
    let authorization = header(&transport.last_request().unwrap(), "authorization");
    assert!(authorization.contains("Credential=AKID/20240229/us-west-2/appstream/aws4_request,"), "{authorization}");
}

#[tokio::test]
async fn the_rules_run_once_per_client_and_again_only_to_report_an_error() {
    let transport = ok();
    let client = Client::new(&COUNTED, builder(&transport).build());
    assert_eq!(COUNTED_CALLS.load(Ordering::SeqCst), 1);
    for name in ["a", "b", "c"] {
        client.invoke(&named(name)).await.unwrap();
    }
    client.clone().invoke(&ListThings::default()).await.unwrap();
    assert_eq!(client.endpoint().unwrap(), "https://svc.us-east-1.amazonaws.com/");
    assert_eq!(COUNTED_CALLS.load(Ordering::SeqCst), 1);
    assert_eq!(transport.request_count(), 4);

    // A failure is remembered as none: each call resolves again to say why.
    let client = Client::new(&FAILING, builder(&transport).build());
    assert_eq!(FAILING_CALLS.load(Ordering::SeqCst), 1);
    for _ in 0..2 {
        let err = client.invoke(&named("a")).await.unwrap_err();
        assert!(err.to_string().contains("Missing Region"), "{err}");
    }
    assert_eq!(FAILING_CALLS.load(Ordering::SeqCst), 3);
    assert_eq!(transport.request_count(), 4);
}

static PER_CALL: AtomicUsize = AtomicUsize::new(0);

/// An operation whose endpoint depends on its input (a `@contextParam`).
#[derive(serde::Serialize, Debug)]
struct Locate {
    #[serde(rename = "Cell")]
    cell: String,
}

fn locate_rules(input: &Locate, b: &BuiltIns<'_>) -> Result<Endpoint, EndpointError> {
    PER_CALL.fetch_add(1, Ordering::SeqCst);
    if input.cell.is_empty() {
        return Err(EndpointError::new("Cell must not be empty"));
    }
    Ok(Endpoint::new(format!("https://{}.svc.{}.amazonaws.com", input.cell, b.region.unwrap_or("none")))
        .header("x-amz-cell", input.cell.clone()))
}

impl Operation for Locate {
    const NAME: &'static str = "Locate";
    const ENDPOINT_RULES: Option<smithy_rt::client::OperationEndpointRules<Self>> = Some(locate_rules);
    type Output = CreateThingOutput;
    type Error = CreateThingError;
    fn validate(&self, _mode: ValidationMode) -> Result<(), ValidationErrors> {
        Ok(())
    }
}

#[tokio::test]
async fn an_operation_with_its_own_rules_resolves_at_each_call() {
    let transport = ok();
    let client = Client::new(&AWS_LIKE, builder(&transport).build());
    for cell in ["cell-1", "cell-2", "cell-1"] {
        client.invoke(&Locate { cell: cell.to_owned() }).await.unwrap();
        let request = transport.last_request().unwrap();
        assert_eq!(request.uri().to_string(), format!("https://{cell}.svc.us-east-1.amazonaws.com/"));
        assert_eq!(header(&request, "host"), format!("{cell}.svc.us-east-1.amazonaws.com"));
        assert_eq!(header(&request, "x-amz-cell"), cell);
    }
    let err = client.invoke(&Locate { cell: String::new() }).await.unwrap_err();
    assert!(err.to_string().contains("give no endpoint: \"Cell must not be empty\""), "{err}");
    assert_eq!(PER_CALL.load(Ordering::SeqCst), 4);
    assert_eq!(transport.request_count(), 3);
    // The client's other operations keep the client's endpoint.
    client.invoke(&named("a")).await.unwrap();
    assert_eq!(transport.last_request().unwrap().uri().to_string(), "https://svc.us-east-1.amazonaws.com/");
    assert_eq!(PER_CALL.load(Ordering::SeqCst), 4);
}

/// An operation with the host prefix `data-`.
#[derive(serde::Serialize, Debug)]
struct PutData {}

impl Operation for PutData {
    const NAME: &'static str = "PutData";
    const HOST_PREFIX: &'static [HostPrefixSegment] = &[HostPrefixSegment::Literal("data-")];
    type Output = CreateThingOutput;
    type Error = CreateThingError;
    fn validate(&self, _mode: ValidationMode) -> Result<(), ValidationErrors> {
        Ok(())
    }
}

fn discover(_client: &Client) -> BoxFuture<'_, Result<DiscoveredEndpoint, DiscoveryError>> {
    Box::pin(async { Ok(DiscoveredEndpoint::new("cell-9.svc.us-east-1.amazonaws.com", 10)) })
}

/// An operation whose endpoint is always discovered.
#[derive(serde::Serialize, Debug)]
struct Query {}

impl Operation for Query {
    const NAME: &'static str = "Query";
    const ENDPOINT_DISCOVERY: EndpointDiscovery = EndpointDiscovery::Required { discover, invalid_endpoint_code: None };
    type Output = CreateThingOutput;
    type Error = CreateThingError;
    fn validate(&self, _mode: ValidationMode) -> Result<(), ValidationErrors> {
        Ok(())
    }
}

#[tokio::test]
async fn host_prefixes_and_discovered_endpoints_apply_on_top_of_the_rules() {
    let transport = ok();
    let client = Client::new(&WITH_HEADERS, builder(&transport).build());
    client.invoke(&PutData {}).await.unwrap();
    let request = transport.last_request().unwrap();
    assert_eq!(request.uri().to_string(), "https://data-svc.us-east-1.amazonaws.com/");
    assert_eq!(header(&request, "host"), "data-svc.us-east-1.amazonaws.com");
    assert_eq!(header(&request, "x-amz-rules-header"), "from the rules, twice");

    client.invoke(&Query {}).await.unwrap();
    let request = transport.last_request().unwrap();
    assert_eq!(request.uri().to_string(), "https://cell-9.svc.us-east-1.amazonaws.com/");
    assert_eq!(header(&request, "host"), "cell-9.svc.us-east-1.amazonaws.com");
    // Still signed as the rules say.
    assert!(header(&request, "authorization").contains("/eu-central-1/other/aws4_request,"));

    let client = Client::new(&WITH_HEADERS, builder(&transport).disable_host_prefix(true).build());
    client.invoke(&PutData {}).await.unwrap();
    assert_eq!(transport.last_request().unwrap().uri().to_string(), "https://svc.us-east-1.amazonaws.com/");
}

#[tokio::test]
async fn connect_to_moves_the_connection_and_keeps_host_and_signature() {
    let transport = ok();
    let client = Client::new(&WITH_HEADERS, builder(&transport).connect_to("http://127.0.0.1:4566").build());
    assert_eq!(client.config().connect_to(), Some("http://127.0.0.1:4566"));
    client.invoke(&PutData {}).await.unwrap();
    let moved = transport.last_request().unwrap();
    assert_eq!(moved.uri().to_string(), "http://127.0.0.1:4566/");
    assert_eq!(header(&moved, "host"), "data-svc.us-east-1.amazonaws.com");

    // Signed for the resolved host (tests/signing.rs checks such a signature on a loopback server).
    let authorization = header(&moved, "authorization");
    assert!(authorization.contains(";host;x-amz-date;x-amz-rules-header;x-amz-target;"), "{authorization}");

    let err = Client::new(&WITH_HEADERS, builder(&transport).connect_to("http://h/path").build())
        .invoke(&PutData {})
        .await
        .unwrap_err();
    let SdkError::Construction(e) = &err else { panic!("{err:?}") };
    assert_eq!(e.kind(), ConstructionErrorKind::InvalidEndpoint);
    assert!(e.to_string().contains("the connect_to origin \"http://h/path\""), "{e}");
    assert_eq!(transport.request_count(), 1);
}

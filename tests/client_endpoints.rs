//! The AppStream client's endpoints come from AWS's rule set (compiled into
//! `appstream::endpoint`), end to end over loopback: `connect_to` sends the
//! connection to a server on 127.0.0.1 while the request keeps the `Host`
//! the rules chose and the signature made for it, which the server checks
//! with its own SigV4 implementation (tests/support). Under both protocols:
//! this target speaks rpcv2Cbor, `client_endpoints_json` awsJson1.1.

mod support;

use appstream::config::{ConfigBuilder, Env};
use appstream::SdkError;
use smithy_rt::client::{ConstructionErrorKind, FixedTime};
use support::{Principal, Reply, TestServer, Verifier, ACCESS_KEY, SECRET};

/// A server that accepts [`ACCESS_KEY`] signed for `region`.
async fn server_for(region: &str) -> TestServer {
    let mut verifier = Verifier::new(vec![Principal::new(ACCESS_KEY, SECRET, None)]);
    verifier.region = region.to_owned();
    TestServer::start(verifier).await
}

/// Credentials and `region` from the environment, plus `vars`.
fn env(region: &str, vars: &[(&str, &str)]) -> Env {
    let mut all = vec![("AWS_ACCESS_KEY_ID", ACCESS_KEY), ("AWS_SECRET_ACCESS_KEY", SECRET), ("AWS_REGION", region)];
    all.extend_from_slice(vars);
    Env::from_vars(all)
}

/// One DescribeFleets through `builder` connected to `server`; the `Host`
/// the server received, after checking the request was signed for it.
async fn host_reached(server: &TestServer, builder: ConfigBuilder) -> String {
    server.push("DescribeFleets", Reply::ok(r#"{"Fleets": []}"#));
    let before = server.request_count();
    let config = builder.time_source(FixedTime(support::fixed_instant())).connect_to(server.url()).build();
    appstream::Client::new(config).describe_fleets().send().await.unwrap();
    let seen = server.seen();
    assert_eq!(seen.len(), before + 1);
    let last = &seen[before];
    assert_eq!(last.rejection, None, "the signature does not verify");
    assert_eq!(last.access_key.as_deref(), Some(ACCESS_KEY));
    last.assert_speaks(support::protocol(), "DescribeFleets");
    last.header("host").expect("a Host header").to_owned()
}

#[tokio::test]
async fn fips_from_the_environment_in_us_east_1_reaches_the_fips_endpoint() {
    let server = server_for("us-east-1").await;
    let vars = env("us-east-1", &[("AWS_USE_FIPS_ENDPOINT", "true")]);
    let host = host_reached(&server, support::from_env(&vars)).await;
    assert_eq!(host, "appstream2-fips.us-east-1.amazonaws.com");
}

#[tokio::test]
async fn dual_stack_from_the_environment_reaches_the_dual_stack_endpoint() {
    let server = server_for("eu-west-1").await;
    let vars = env("eu-west-1", &[("AWS_USE_DUALSTACK_ENDPOINT", "true")]);
    let host = host_reached(&server, support::from_env(&vars)).await;
    assert_eq!(host, "appstream2.eu-west-1.api.aws");
}

#[tokio::test]
async fn fips_and_dual_stack_from_a_profile_reach_the_endpoint_with_both() {
    let server = server_for("us-gov-east-1").await;
    let dir = tempfile::tempdir().unwrap();
    let config_file = dir.path().join("config");
    std::fs::write(
        &config_file,
        "[default]\nregion = us-gov-east-1\nuse_fips_endpoint = true\nuse_dualstack_endpoint = TRUE\n",
    )
    .unwrap();
    let vars = Env::from_vars([
        ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
        ("AWS_CONFIG_FILE", config_file.to_str().unwrap()),
        ("AWS_SHARED_CREDENTIALS_FILE", dir.path().join("none").to_str().unwrap()),
    ]);
    let host = host_reached(&server, support::from_env(&vars)).await;
    assert_eq!(host, "appstream2-fips.us-gov-east-1.api.aws");
}

#[tokio::test]
async fn each_partition_gets_its_own_dns_suffix() {
    for (region, expected) in [
        ("us-east-1", "appstream2.us-east-1.amazonaws.com"),
        ("us-gov-west-1", "appstream2.us-gov-west-1.amazonaws.com"),
        ("cn-north-1", "appstream2.cn-north-1.amazonaws.com.cn"),
        ("us-iso-east-1", "appstream2.us-iso-east-1.c2s.ic.gov"),
        ("us-isob-east-1", "appstream2.us-isob-east-1.sc2s.sgov.gov"),
    ] {
        let server = server_for(region).await;
        let host = host_reached(&server, support::from_env(&env(region, &[]))).await;
        assert_eq!(host, expected, "{region}");
    }
}

#[tokio::test]
async fn the_builder_overrides_the_environment() {
    let server = server_for("us-west-2").await;
    let vars = env("us-west-2", &[("AWS_USE_FIPS_ENDPOINT", "true")]);
    let host = host_reached(&server, support::from_env(&vars).use_fips(false)).await;
    assert_eq!(host, "appstream2.us-west-2.amazonaws.com");
    let host = host_reached(&server, support::from_env(&env("us-west-2", &[])).use_fips(true)).await;
    assert_eq!(host, "appstream2-fips.us-west-2.amazonaws.com");
}

/// The construction error of one DescribeFleets with `builder`, which must
/// not reach `server`.
async fn refused(server: &TestServer, builder: ConfigBuilder) -> String {
    let client = appstream::Client::new(builder.connect_to(server.url()).build());
    let err = client.describe_fleets().send().await.unwrap_err();
    let SdkError::Construction(c) = &err else { panic!("{err:?}") };
    assert_eq!(c.kind(), ConstructionErrorKind::EndpointRules, "{c}");
    assert_eq!(server.request_count(), 0, "nothing is sent");
    c.to_string()
}

#[tokio::test]
async fn an_error_rule_is_a_configuration_error_that_quotes_the_rule() {
    let server = server_for("us-east-1").await;
    // FIPS with a configured endpoint, which AppStream's rules refuse.
    let vars = env("us-east-1", &[("AWS_USE_FIPS_ENDPOINT", "true"), ("AWS_ENDPOINT_URL", "https://example.com")]);
    let message = refused(&server, support::from_env(&vars)).await;
    assert!(message.contains("Invalid Configuration: FIPS and custom endpoint are not supported"), "{message}");
    // Dual-stack where the partition has none (an ISO region).
    let vars = env("us-iso-east-1", &[("AWS_USE_DUALSTACK_ENDPOINT", "true")]);
    let message = refused(&server, support::from_env(&vars)).await;
    assert!(message.contains("DualStack is enabled but this partition does not support DualStack"), "{message}");
    // No region at all.
    let vars = Env::from_vars([("AWS_ACCESS_KEY_ID", ACCESS_KEY), ("AWS_SECRET_ACCESS_KEY", SECRET)]);
    let message = refused(&server, support::from_env(&vars)).await;
    assert_eq!(message, "the endpoint rules of AppStream give no endpoint: \"Invalid Configuration: Missing Region\"");
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn a_configured_endpoint_is_the_rules_endpoint_and_is_used_as_given() {
    let server = server_for("us-east-1").await;
    let vars = env("us-east-1", &[("AWS_ENDPOINT_URL_APPSTREAM", "https://appstream.internal.example:8443")]);
    let host = host_reached(&server, support::from_env(&vars)).await;
    assert_eq!(host, "appstream.internal.example:8443");
}

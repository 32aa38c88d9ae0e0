//! The compiled endpoint rules of `tests/models/endpoint_rules.json` through
//! its generated client: the configuration's built-ins, an operation's
//! static context parameter (`PutData`), a member bound to a parameter
//! (`GetRecord`'s `ResourceArn`), the rules' headers and `authSchemes`, and
//! an error rule. The transport is in memory: each request's URL shows where
//! it would have gone, and its Authorization header how it was signed.

use smithy_rt::client::test_util::{json_response, ReplayTransport};
use smithy_rt::client::{Config, ConfigBuilder, ConstructionErrorKind, Credentials, FixedTime, SdkError};
use snapshot_endpoint_rules::Client;

fn builder(transport: &ReplayTransport, region: &str) -> ConfigBuilder {
    Config::builder()
        .region(region)
        .credentials(Credentials::new("AKID", "secret", None, None))
        .time_source(FixedTime::from_epoch_secs(1_709_210_096))
        .http_transport(transport.clone())
        .max_attempts(1)
}

fn ok() -> ReplayTransport {
    ReplayTransport::from_fn(|_| Ok(json_response(200, "{}")))
}

/// (URL, credential scope) of each request sent.
fn sent(transport: &ReplayTransport) -> Vec<(String, String)> {
    transport
        .requests()
        .iter()
        .map(|r| {
            let auth = r.headers().get("authorization").unwrap().to_str().unwrap();
            let scope = auth.split("Credential=AKID/").nth(1).unwrap().split(',').next().unwrap().to_owned();
            (r.uri().to_string(), scope)
        })
        .collect()
}

#[tokio::test]
async fn each_operation_goes_where_the_rules_send_it() {
    let transport = ok();
    let client = Client::new(builder(&transport, "eu-west-1").build());
    client.ping().send().await.unwrap();
    client.put_data().value("x").send().await.unwrap();
    client.get_record().resource_arn("arn:aws:rules:us-west-2:123456789012:table/orders").send().await.unwrap();
    // An ARN whose name is no host label: the ARN rule does not apply.
    client.get_record().resource_arn("arn:aws:rules:us-west-2:123456789012:table/a.b").send().await.unwrap();
    assert_eq!(
        sent(&transport),
        [
            ("https://rules.eu-west-1.amazonaws.com/".to_owned(), "20240229/eu-west-1/rules/aws4_request".to_owned()),
            ("https://data.rules.eu-west-1.amazonaws.com/".to_owned(), "20240229/eu-west-1/rules/aws4_request".to_owned()),
            // authSchemes: signed for the ARN's region, not the client's.
            (
                "https://ord-orders.rules.us-west-2.amazonaws.com/".to_owned(),
                "20240229/us-west-2/rules/aws4_request".to_owned()
            ),
            ("https://rules.eu-west-1.amazonaws.com/".to_owned(), "20240229/eu-west-1/rules/aws4_request".to_owned()),
        ]
    );
}

#[tokio::test]
async fn fips_dual_stack_and_pseudo_regions_come_from_the_configuration() {
    let transport = ok();
    for region in ["us-east-1", "cn-north-1"] {
        let client = Client::new(builder(&transport, region).use_fips(true).use_dual_stack(true).build());
        client.ping().send().await.unwrap();
    }
    // `aws-global`: the partition's implicit global region signs.
    Client::new(builder(&transport, "aws-global").build()).ping().send().await.unwrap();
    assert_eq!(
        sent(&transport),
        [
            ("https://rules-fips.us-east-1.api.aws/".to_owned(), "20240229/us-east-1/rules/aws4_request".to_owned()),
            (
                "https://rules-fips.cn-north-1.api.amazonwebservices.com.cn/".to_owned(),
                "20240229/cn-north-1/rules/aws4_request".to_owned()
            ),
            ("https://rules.global.amazonaws.com/".to_owned(), "20240229/us-east-1/rules/aws4_request".to_owned()),
        ]
    );
    // Where the partition has neither, the rule's error names it.
    let iso = Client::new(builder(&transport, "us-iso-east-1").use_fips(true).use_dual_stack(true).build());
    let err = iso.ping().send().await.unwrap_err();
    assert!(err.to_string().contains("FIPS and dual-stack are not both supported in aws-iso"), "{err}");
    assert_eq!(transport.requests().len(), 3);
}

#[tokio::test]
async fn an_error_rule_is_a_construction_error_with_its_message() {
    let transport = ok();
    let client = Client::new(builder(&transport, "us-east-1").endpoint_url("not a url").build());
    let err = client.ping().send().await.unwrap_err();
    let SdkError::Construction(c) = &err else { panic!("{err:?}") };
    assert_eq!(c.kind(), ConstructionErrorKind::EndpointRules);
    assert!(c.to_string().contains("Custom endpoint not a url is not a valid URL"), "{c}");
    assert!(transport.requests().is_empty(), "nothing is sent");
}

#[tokio::test]
async fn an_ip_endpoint_gets_the_rules_header() {
    let transport = ok();
    let client = Client::new(builder(&transport, "us-east-1").endpoint_url("http://10.0.0.7:8080/base").build());
    client.ping().send().await.unwrap();
    let requests = transport.requests();
    // The operation's path (`/`) after the endpoint's, as the AWS SDKs join them.
    assert_eq!(requests[0].uri().to_string(), "http://10.0.0.7:8080/base/");
    assert_eq!(requests[0].headers().get("x-ip").map(|v| v.to_str().unwrap()), Some("true"));
    let auth = requests[0].headers().get("authorization").unwrap().to_str().unwrap();
    assert!(auth.contains("x-ip"), "the rules' header is signed: {auth}");
}

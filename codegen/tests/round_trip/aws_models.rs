//! Real AWS models (`tests/models/aws/`) through their generated clients:
//! what each exercises, as AWS writes it. The transport is in memory; each
//! request shows where it went and how it was signed.

use serde_json::{json, Value};
use smithy_rt::client::test_util::{json_response, ReplayTransport};
use smithy_rt::client::{Config, ConfigBuilder, Credentials, FixedTime, HttpResponse};

fn builder(transport: &ReplayTransport) -> ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .time_source(FixedTime::from_epoch_secs(1_709_210_096))
        .http_transport(transport.clone())
        .max_attempts(1)
}

fn signed(transport: &ReplayTransport) -> ConfigBuilder {
    builder(transport).credentials(Credentials::new("AKID", "secret", None, None))
}

fn header(r: &smithy_rt::client::http::Request<smithy_rt::client::bytes::Bytes>, name: &str) -> Option<String> {
    r.headers().get(name).map(|v| v.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn cognito_identity_sends_auth_none_operations_unsigned_without_credentials() {
    let transport = ReplayTransport::from_fn(|_| Ok(json_response(200, r#"{"IdentityId": "us-east-1:abc"}"#)));
    // No credentials configured at all: GetId needs none.
    let client = aws_cognito_identity::Client::new(builder(&transport).build());
    let out = client.get_id().identity_pool_id("us-east-1:pool").send().await.unwrap();
    assert_eq!(out.identity_id.as_deref(), Some("us-east-1:abc"));
    let signed_client = aws_cognito_identity::Client::new(signed(&transport).build());
    signed_client.describe_identity_pool().identity_pool_id("us-east-1:pool").send().await.ok();
    let requests = transport.requests();
    assert_eq!(header(&requests[0], "x-amz-target").as_deref(), Some("AWSCognitoIdentityService.GetId"));
    assert_eq!(header(&requests[0], "authorization"), None, "GetId is @auth([])");
    assert_eq!(requests[0].uri().to_string(), "https://cognito-identity.us-east-1.amazonaws.com/");
    assert!(header(&requests[1], "authorization").unwrap().starts_with("AWS4-HMAC-SHA256 Credential=AKID/"));
}

#[tokio::test]
async fn dynamodb_streams_reads_attribute_value_unions_with_blobs_and_nesting() {
    use aws_dynamodb_streams::types::AttributeValue;
    let body = json!({
        "NextShardIterator": "next",
        "Records": [{
            "eventName": "INSERT",
            "dynamodb": {
                "ApproximateCreationDateTime": 1531483724.415,
                "Keys": {"id": {"S": "k1"}},
                "NewImage": {
                    "id": {"S": "k1"},
                    "data": {"B": "aGkA"},
                    "tags": {"SS": ["a", "b"]},
                    "nested": {"M": {"on": {"BOOL": true}, "none": {"NULL": true}, "list": {"L": [{"N": "1.5"}]}}}
                }
            }
        }]
    });
    let transport = ReplayTransport::from_fn(move |_| Ok(json_response(200, body.to_string())));
    let client = aws_dynamodb_streams::Client::new(signed(&transport).build());
    let out = client.get_records().shard_iterator("iterator").send().await.unwrap();
    let record = &out.records.as_ref().unwrap()[0];
    let image = record.dynamodb.as_ref().unwrap().new_image.as_ref().unwrap();
    assert_eq!(image["data"], AttributeValue::B(b"hi\0".to_vec()));
    assert_eq!(image["tags"], AttributeValue::Ss(vec!["a".into(), "b".into()]));
    let AttributeValue::M(nested) = &image["nested"] else { panic!("{image:?}") };
    assert_eq!(nested["on"], AttributeValue::Bool(true));
    assert_eq!(nested["none"], AttributeValue::Null(true));
    assert_eq!(nested["list"], AttributeValue::L(vec![AttributeValue::N("1.5".into())]));
    let when = record.dynamodb.as_ref().unwrap().approximate_creation_date_time.unwrap();
    assert_eq!(when.as_milliseconds(), 1_531_483_724_415);
    let requests = transport.requests();
    assert_eq!(header(&requests[0], "content-type").as_deref(), Some("application/x-amz-json-1.0"));
    assert_eq!(header(&requests[0], "x-amz-target").as_deref(), Some("DynamoDBStreams_20120810.GetRecords"));
    assert_eq!(serde_json::from_slice::<Value>(requests[0].body()).unwrap(), json!({"ShardIterator": "iterator"}));
    assert_eq!(requests[0].uri().to_string(), "https://streams.dynamodb.us-east-1.amazonaws.com/");
}

#[tokio::test]
async fn sqs_takes_the_error_code_from_the_query_error_header() {
    use aws_sqs::operation::get_queue_url::GetQueueUrlError;
    let transport = ReplayTransport::from_fn(|_| {
        let mut response: HttpResponse = json_response(
            400,
            r#"{"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "The specified queue does not exist."}"#,
        );
        response.headers_mut().insert(
            "x-amzn-query-error",
            smithy_rt::client::http::HeaderValue::from_static("AWS.SimpleQueueService.NonExistentQueue;Sender"),
        );
        Ok(response)
    });
    let client = aws_sqs::Client::new(signed(&transport).build());
    let err = client.get_queue_url().queue_name("missing").send().await.unwrap_err();
    let Some(GetQueueUrlError::QueueDoesNotExist(e)) = err.service_error() else { panic!("{err:?}") };
    assert_eq!(e.message.as_deref(), Some("The specified queue does not exist."));
    assert_eq!(transport.requests()[0].uri().to_string(), "https://sqs.us-east-1.amazonaws.com/");
}

#[tokio::test]
async fn timestream_write_discovers_its_endpoint_before_the_first_call() {
    let transport = ReplayTransport::from_fn(|request| {
        let target = request.headers().get("x-amz-target").unwrap().to_str().unwrap();
        Ok(if target == "Timestream_20181101.DescribeEndpoints" {
            json_response(
                200,
                r#"{"Endpoints": [{"Address": "ingest-cell2.timestream.us-east-1.amazonaws.com", "CachePeriodInMinutes": 1440}]}"#,
            )
        } else {
            json_response(200, r#"{"Databases": []}"#)
        })
    });
    let client = aws_timestream_write::Client::new(signed(&transport).build());
    client.list_databases().send().await.unwrap();
    client.list_databases().send().await.unwrap();
    let sent: Vec<(String, String)> = transport
        .requests()
        .iter()
        .map(|r| (header(r, "x-amz-target").unwrap(), r.uri().to_string()))
        .collect();
    assert_eq!(
        sent,
        [
            (
                "Timestream_20181101.DescribeEndpoints".to_owned(),
                "https://ingest.timestream.us-east-1.amazonaws.com/".to_owned()
            ),
            (
                "Timestream_20181101.ListDatabases".to_owned(),
                "https://ingest-cell2.timestream.us-east-1.amazonaws.com/".to_owned()
            ),
            (
                "Timestream_20181101.ListDatabases".to_owned(),
                "https://ingest-cell2.timestream.us-east-1.amazonaws.com/".to_owned()
            ),
        ]
    );
}

//! The reference, `aws-sdk-appstream`: an in-memory `HttpClient`, the same
//! calls, and the walk of its outputs for the digest.

use crate::digest::Digest;
use aws_sdk_appstream::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_appstream::operation::create_fleet::CreateFleetOutput;
use aws_sdk_appstream::types::{ComputeCapacity, DomainJoinInfo, Fleet, FleetType, Image, VpcConfig};
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use smithy_rt::client::bytes::Bytes;
use std::sync::{Arc, OnceLock};

/// The SDK's two protocols for AppStream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// Its default since 1.120.0.
    RpcV2Cbor,
    /// Selected with `Config::builder().protocol(AwsJsonRpcProtocol::aws_json_1_1())`.
    AwsJson11,
}

impl Protocol {
    pub fn content_type(self) -> &'static str {
        match self {
            Protocol::RpcV2Cbor => "application/cbor",
            Protocol::AwsJson11 => "application/x-amz-json-1.1",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Protocol::RpcV2Cbor => "rpcv2Cbor",
            Protocol::AwsJson11 => "awsJson1.1",
        }
    }

    /// The same protocol for our client.
    pub fn ours(self) -> smithy_rt::client::Protocol {
        match self {
            Protocol::RpcV2Cbor => smithy_rt::client::Protocol::RpcV2Cbor,
            Protocol::AwsJson11 => smithy_rt::client::Protocol::AwsJson1_1,
        }
    }
}

/// Answers every request at once with `200` and the same refcounted body,
/// with the headers of `protocol`; keeps the content type and body of the
/// first request only, so that the timed calls pay one atomic load for it.
#[derive(Debug, Clone)]
struct Canned {
    body: Bytes,
    protocol: Protocol,
    first_request: Arc<OnceLock<(String, Bytes)>>,
}

impl HttpConnector for Canned {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        if self.first_request.get().is_none() {
            let content_type = request.headers().get("content-type").unwrap_or("").to_owned();
            let body = Bytes::copy_from_slice(request.body().bytes().unwrap_or_default());
            let _ = self.first_request.set((content_type, body));
        }
        let mut response = aws_smithy_runtime_api::http::Response::new(
            200u16.try_into().expect("a valid status"),
            SdkBody::from(self.body.clone()),
        );
        response.headers_mut().insert("content-type", self.protocol.content_type());
        response.headers_mut().insert("x-amzn-requestid", "b8c1a6a2-0000-4000-8000-000000000000");
        if self.protocol == Protocol::RpcV2Cbor {
            response.headers_mut().insert("smithy-protocol", "rpc-v2-cbor");
        }
        HttpConnectorFuture::ready(Ok(response))
    }
}

impl HttpClient for Canned {
    fn http_connector(&self, _: &HttpConnectorSettings, _: &RuntimeComponents) -> SharedHttpConnector {
        SharedHttpConnector::new(self.clone())
    }
}

pub struct Sdk {
    pub client: aws_sdk_appstream::Client,
    first_request: Arc<OnceLock<(String, Bytes)>>,
    response_bytes: usize,
}

impl Sdk {
    /// A client answering with `body` in `protocol`: static credentials,
    /// retries off, everything else as the SDK defaults.
    pub fn new(body: Bytes, protocol: Protocol) -> Self {
        let first_request = Arc::new(OnceLock::new());
        let response_bytes = body.len();
        let mut config = aws_sdk_appstream::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new(
                "AKIAIOSFODNN7EXAMPLE",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                None,
                None,
                "bench",
            ))
            .retry_config(aws_sdk_appstream::config::retry::RetryConfig::disabled())
            .http_client(Canned { body, protocol, first_request: first_request.clone() });
        if protocol == Protocol::AwsJson11 {
            config = config.protocol(aws_smithy_json::protocol::aws_json_rpc::AwsJsonRpcProtocol::aws_json_1_1());
        }
        Sdk { client: aws_sdk_appstream::Client::from_conf(config.build()), first_request, response_bytes }
    }

    /// The size of the response body it is answered with.
    pub fn response_bytes(&self) -> usize {
        self.response_bytes
    }

    /// The content type and body of the first request sent.
    pub fn first_request(&self) -> (String, Bytes) {
        self.first_request.get().cloned().expect("a request was sent")
    }
}

pub async fn describe_fleets(c: &Sdk) -> Vec<Fleet> {
    c.client.describe_fleets().send().await.expect("DescribeFleets succeeds").fleets.unwrap_or_default()
}

pub async fn describe_images(c: &Sdk) -> Vec<Image> {
    c.client.describe_images().send().await.expect("DescribeImages succeeds").images.unwrap_or_default()
}

/// The `CreateFleet` of `ours::create_fleet`, member for member.
pub async fn create_fleet(c: &Sdk) -> CreateFleetOutput {
    let s = crate::create_fleet_strings();
    c.client
        .create_fleet()
        .name(s.name)
        .image_name(s.image_name)
        .image_arn(s.image_arn)
        .instance_type(s.instance_type)
        .fleet_type(FleetType::OnDemand)
        .compute_capacity(ComputeCapacity::builder().desired_instances(4).build())
        .vpc_config(
            VpcConfig::builder()
                .subnet_ids(s.subnets[0].clone())
                .subnet_ids(s.subnets[1].clone())
                .security_group_ids(s.security_groups[0].clone())
                .security_group_ids(s.security_groups[1].clone())
                .build(),
        )
        .max_user_duration_in_seconds(28_800)
        .disconnect_timeout_in_seconds(900)
        .description(s.description)
        .display_name(s.display_name)
        .enable_default_internet_access(false)
        .domain_join_info(
            DomainJoinInfo::builder().directory_name(s.directory).organizational_unit_distinguished_name(s.ou).build(),
        )
        .send()
        .await
        .expect("CreateFleet succeeds")
}

fn time(t: Option<&aws_smithy_types::DateTime>) -> Option<(i64, u32)> {
    t.map(|t| (t.secs(), t.subsec_nanos()))
}

pub fn digest_fleet(d: &mut Digest, f: &Fleet) {
    d.str(f.arn());
    d.str(f.name());
    d.str(f.display_name());
    d.str(f.description());
    d.str(f.image_name());
    d.str(f.image_arn());
    d.str(f.instance_type());
    d.str(f.fleet_type().map(|t| t.as_str()));
    let c = f.compute_capacity_status();
    d.int(c.and_then(|c| c.desired()));
    d.int(c.and_then(|c| c.running()));
    d.int(c.and_then(|c| c.in_use()));
    d.int(c.and_then(|c| c.available()));
    d.int(f.max_user_duration_in_seconds());
    d.int(f.disconnect_timeout_in_seconds());
    d.str(f.state().map(|s| s.as_str()));
    let vpc = f.vpc_config();
    for ids in [vpc.map(|v| v.subnet_ids()), vpc.map(|v| v.security_group_ids())] {
        let ids = ids.unwrap_or_default();
        d.len(ids.len());
        ids.iter().for_each(|id| d.str(Some(id)));
    }
    d.time(time(f.created_time()));
    d.len(f.fleet_errors().len());
    for e in f.fleet_errors() {
        d.str(e.error_code().map(|c| c.as_str()));
        d.str(e.error_message());
    }
    d.bool(f.enable_default_internet_access());
    let domain = f.domain_join_info();
    d.str(domain.and_then(|j| j.directory_name()));
    d.str(domain.and_then(|j| j.organizational_unit_distinguished_name()));
}

pub fn digest_image(d: &mut Digest, i: &Image) {
    d.str(i.name());
    d.str(i.arn());
    d.str(i.base_image_arn());
    d.str(i.display_name());
    d.str(i.state().map(|s| s.as_str()));
    d.str(i.visibility().map(|s| s.as_str()));
    d.bool(i.image_builder_supported());
    d.str(i.platform().map(|s| s.as_str()));
    d.str(i.description());
    let reason = i.state_change_reason();
    d.str(reason.and_then(|r| r.code()).map(|c| c.as_str()));
    d.str(reason.and_then(|r| r.message()));
    d.len(i.applications().len());
    for a in i.applications() {
        d.str(a.name());
        d.str(a.display_name());
        d.str(a.icon_url());
        d.str(a.launch_path());
        d.str(a.launch_parameters());
        d.bool(a.enabled());
        let mut metadata: Vec<_> = a.metadata().into_iter().flatten().collect();
        metadata.sort();
        d.len(metadata.len());
        for (k, v) in metadata {
            d.str(Some(k));
            d.str(Some(v));
        }
    }
    d.time(time(i.created_time()));
    d.time(time(i.public_base_image_released_date()));
    d.str(i.appstream_agent_version());
    let p = i.image_permissions();
    d.bool(p.and_then(|p| p.allow_fleet()));
    d.bool(p.and_then(|p| p.allow_image_builder()));
}

//! The generated client (`appstream`): an in-memory transport, the calls,
//! and the walk of its outputs for the digest.

use crate::digest::Digest;
use appstream::config::{Config, Credentials, HttpTransport};
use appstream::operation::create_fleet::CreateFleetOutput;
use appstream::types::{ComputeCapacity, DomainJoinInfo, Fleet, FleetType, Image, VpcConfig};
use smithy_rt::client::bytes::Bytes;
use smithy_rt::client::{BoxFuture, HttpRequest, HttpResponse, Protocol, TransportError};
use std::sync::{Arc, OnceLock};

/// Answers every request at once with `200` and the same refcounted body
/// in the client's protocol; keeps the content type and body of the first
/// request only, so that the timed calls pay one atomic load for it.
#[derive(Debug, Clone)]
struct Canned {
    body: Bytes,
    protocol: Protocol,
    first_request: Arc<OnceLock<(String, Bytes)>>,
}

impl HttpTransport for Canned {
    fn send(&self, request: HttpRequest) -> BoxFuture<'static, Result<HttpResponse, TransportError>> {
        if self.first_request.get().is_none() {
            let content_type = request.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
            let _ = self.first_request.set((content_type.to_owned(), request.body().clone()));
        }
        let response = match self.protocol {
            Protocol::RpcV2Cbor => appstream::config::test_util::cbor_response(200, self.body.clone()),
            _ => appstream::config::test_util::json_response(200, self.body.clone()),
        };
        Box::pin(async move { Ok(response) })
    }
}

pub struct Ours {
    pub client: appstream::Client,
    first_request: Arc<OnceLock<(String, Bytes)>>,
    response_bytes: usize,
}

impl Ours {
    /// A client speaking `protocol`, answered with `body` (in that
    /// protocol): static credentials, one attempt, default validation.
    pub fn new(body: Bytes, protocol: Protocol) -> Self {
        let first_request = Arc::new(OnceLock::new());
        let response_bytes = body.len();
        let config = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new(
                "AKIAIOSFODNN7EXAMPLE",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                None,
                None,
            ))
            .max_attempts(1)
            .protocol(protocol)
            .http_transport(Canned { body, protocol, first_request: first_request.clone() })
            .build();
        Ours { client: appstream::Client::new(config), first_request, response_bytes }
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

pub async fn describe_fleets(c: &Ours) -> Vec<Fleet> {
    c.client.describe_fleets().send().await.expect("DescribeFleets succeeds").fleets.unwrap_or_default()
}

pub async fn describe_images(c: &Ours) -> Vec<Image> {
    c.client.describe_images().send().await.expect("DescribeImages succeeds").images.unwrap_or_default()
}

/// A `CreateFleet` with every member of the nine-operation model set, from
/// owned strings, through the fluent builder.
pub async fn create_fleet(c: &Ours) -> CreateFleetOutput {
    let s = crate::create_fleet_strings();
    c.client
        .create_fleet()
        .name(s.name)
        .image_name(s.image_name)
        .image_arn(s.image_arn)
        .instance_type(s.instance_type)
        .fleet_type(FleetType::OnDemand)
        .compute_capacity(ComputeCapacity::builder().desired_instances(4).build().unwrap())
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

fn time(t: Option<&appstream::primitives::Timestamp>) -> Option<(i64, u32)> {
    t.map(|t| (t.as_seconds(), t.nanosecond()))
}

pub fn digest_fleet(d: &mut Digest, f: &Fleet) {
    d.str(Some(&f.arn));
    d.str(Some(&f.name));
    d.str(f.display_name.as_deref());
    d.str(f.description.as_deref());
    d.str(f.image_name.as_deref());
    d.str(f.image_arn.as_deref());
    d.str(Some(&f.instance_type));
    d.str(f.fleet_type.as_ref().map(|t| t.as_str()));
    let c = &f.compute_capacity_status;
    d.int(Some(c.desired));
    d.int(c.running);
    d.int(c.in_use);
    d.int(c.available);
    d.int(f.max_user_duration_in_seconds);
    d.int(f.disconnect_timeout_in_seconds);
    d.str(Some(f.state.as_str()));
    let vpc = f.vpc_config.as_ref();
    for ids in [vpc.and_then(|v| v.subnet_ids.as_deref()), vpc.and_then(|v| v.security_group_ids.as_deref())] {
        let ids = ids.unwrap_or_default();
        d.len(ids.len());
        ids.iter().for_each(|id| d.str(Some(id)));
    }
    d.time(time(f.created_time.as_ref()));
    let errors = f.fleet_errors.as_deref().unwrap_or_default();
    d.len(errors.len());
    for e in errors {
        d.str(e.error_code.as_ref().map(|c| c.as_str()));
        d.str(e.error_message.as_deref());
    }
    d.bool(f.enable_default_internet_access);
    let domain = f.domain_join_info.as_ref();
    d.str(domain.and_then(|j| j.directory_name.as_deref()));
    d.str(domain.and_then(|j| j.organizational_unit_distinguished_name.as_deref()));
}

pub fn digest_image(d: &mut Digest, i: &Image) {
    d.str(Some(&i.name));
    d.str(i.arn.as_deref());
    d.str(i.base_image_arn.as_deref());
    d.str(i.display_name.as_deref());
    d.str(i.state.as_ref().map(|s| s.as_str()));
    d.str(i.visibility.as_ref().map(|s| s.as_str()));
    d.bool(i.image_builder_supported);
    d.str(i.platform.as_ref().map(|s| s.as_str()));
    d.str(i.description.as_deref());
    let reason = i.state_change_reason.as_ref();
    d.str(reason.and_then(|r| r.code.as_ref()).map(|c| c.as_str()));
    d.str(reason.and_then(|r| r.message.as_deref()));
    let apps = i.applications.as_deref().unwrap_or_default();
    d.len(apps.len());
    for a in apps {
        d.str(a.name.as_deref());
        d.str(a.display_name.as_deref());
        d.str(a.icon_url.as_deref());
        d.str(a.launch_path.as_deref());
        d.str(a.launch_parameters.as_deref());
        d.bool(a.enabled);
        let metadata = a.metadata.as_ref();
        d.len(metadata.map_or(0, |m| m.len()));
        for (k, v) in metadata.into_iter().flatten() {
            d.str(Some(k));
            d.str(Some(v));
        }
    }
    d.time(time(i.created_time.as_ref()));
    d.time(time(i.public_base_image_released_date.as_ref()));
    d.str(i.appstream_agent_version.as_deref());
    let p = i.image_permissions.as_ref();
    d.bool(p.and_then(|p| p.allow_fleet));
    d.bool(p.and_then(|p| p.allow_image_builder));
}

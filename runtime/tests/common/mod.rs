//! A hand-written operation, as generated code would write it, and loopback
//! servers for the integration tests.
#![allow(dead_code)]

use serde::{Deserialize, Serialize};
use smithy_rt::client::{ErrorResponse, Operation, Protocol, ServiceError, ServiceMeta, UnhandledError};
use smithy_rt::validate::{Collector, Path, ValidationErrors, ValidationMode};
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

pub static SERVICE: ServiceMeta = ServiceMeta {
    sdk_id: "AppStream",
    target_prefix: "PhotonAdminProxyService",
    signing_name: "appstream",
    endpoint_prefix: "appstream2",
    env_name: "APPSTREAM",
    protocols: &[Protocol::AwsJson1_1],
    crate_name: "appstream",
    crate_version: "0.1.0",
    query_compatible: false,
    endpoint_rules: None,
};

pub static SERVICE_JSON_1_0: ServiceMeta = ServiceMeta {
    sdk_id: "Thing Store",
    target_prefix: "ThingStore_20240101",
    signing_name: "thingstore",
    endpoint_prefix: "things",
    env_name: "THING_STORE",
    protocols: &[Protocol::AwsJson1_0],
    crate_name: "thingstore",
    crate_version: "2.3.4",
    query_compatible: false,
    endpoint_rules: None,
};

/// `CreateThing`: `Name` is required.
#[derive(Serialize, Debug, Default, Clone)]
pub struct CreateThing {
    #[serde(rename = "Name", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "Tags", skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

#[derive(Deserialize, Debug, PartialEq, Default)]
pub struct CreateThingOutput {
    #[serde(rename = "Arn")]
    pub arn: Option<String>,
    #[serde(rename = "Count", default)]
    pub count: i64,
    #[serde(skip)]
    pub meta: smithy_rt::OutputMeta,
}

impl smithy_rt::OperationOutput for CreateThingOutput {
    fn meta(&self) -> &smithy_rt::OutputMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut smithy_rt::OutputMeta {
        &mut self.meta
    }
}

/// A modelled error.
#[derive(Deserialize, Debug, PartialEq)]
pub struct ResourceNotFoundException {
    #[serde(rename = "Message", alias = "message")]
    pub message: Option<String>,
}

#[derive(Debug)]
pub enum CreateThingError {
    ResourceNotFound(ResourceNotFoundException),
    Unhandled(UnhandledError),
}

impl fmt::Display for CreateThingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CreateThingError::ResourceNotFound(e) => {
                write!(f, "ResourceNotFoundException: {}", e.message.as_deref().unwrap_or(""))
            }
            CreateThingError::Unhandled(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for CreateThingError {}

impl ServiceError for CreateThingError {
    fn from_response(response: ErrorResponse) -> Self {
        match response.code() {
            "ResourceNotFoundException" => match response.parse_body() {
                Ok(e) => CreateThingError::ResourceNotFound(e),
                Err(_) => CreateThingError::Unhandled(response.into()),
            },
            _ => CreateThingError::Unhandled(response.into()),
        }
    }
}

impl Operation for CreateThing {
    const NAME: &'static str = "CreateThing";
    type Output = CreateThingOutput;
    type Error = CreateThingError;

    fn validate(&self, mode: ValidationMode) -> Result<(), ValidationErrors> {
        let mut c = Collector::new(mode);
        let root = Path::Root("CreateThingInput");
        if c.enabled() && self.name.is_none() {
            c.missing(&root.member("Name"));
        }
        c.finish()
    }
}

/// `ListThings`: no required members, so an empty input is `{}`.
#[derive(Serialize, Debug, Default)]
pub struct ListThings {
    #[serde(rename = "NextToken", skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Deserialize, Debug, PartialEq)]
pub struct ListThingsOutput {
    #[serde(rename = "Names", default)]
    pub names: Vec<String>,
    #[serde(skip)]
    pub meta: smithy_rt::OutputMeta,
}

impl smithy_rt::OperationOutput for ListThingsOutput {
    fn meta(&self) -> &smithy_rt::OutputMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut smithy_rt::OutputMeta {
        &mut self.meta
    }
}

impl Operation for ListThings {
    const NAME: &'static str = "ListThings";
    type Output = ListThingsOutput;
    type Error = CreateThingError;

    fn validate(&self, _mode: ValidationMode) -> Result<(), ValidationErrors> {
        Ok(())
    }
}

pub fn named(name: &str) -> CreateThing {
    CreateThing { name: Some(name.to_owned()), tags: None }
}

/// A loopback server that accepts connections and never answers; counts
/// connections.
pub async fn stalled_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            held.push(socket);
        }
    });
    (url, accepted)
}

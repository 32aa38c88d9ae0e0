//! A program that depends on the generated `appstream` crate alone: it
//! writes its own credentials provider and names every public type a user
//! meets, so a type that is not reachable from `appstream` fails to build.

use appstream::config::{provide_credentials_fn, Config, Credentials, CredentialsError, CredentialsErrorKind};
use appstream::error_kinds::{ConstructionErrorKind, TimeoutKind, TransportErrorKind};
use appstream::operation::describe_fleets::{
    DescribeFleetsError, DescribeFleetsFluentBuilder, DescribeFleetsInputBuilder, DescribeFleetsPaginator,
    FleetStarted, FleetStartedWaiter,
};
use appstream::types::builders::{ImageBuilder as ImageBuilderOfImage, ImageBuilderBuilder};
use appstream::SdkError;

/// A fleet tool keeps its requests and streams in its own structs.
#[allow(dead_code)]
struct Jobs {
    fluent: DescribeFleetsFluentBuilder,
    plain: DescribeFleetsInputBuilder,
    paginator: DescribeFleetsPaginator,
    waiter: FleetStartedWaiter,
    waiter_sink: Option<FleetStarted>,
    image: ImageBuilderOfImage,
    image_builder: ImageBuilderBuilder,
}

fn describe(e: &SdkError<DescribeFleetsError>) -> String {
    match e {
        SdkError::Service { error: DescribeFleetsError::ResourceNotFoundException(e), meta } => {
            format!("not found: {:?} ({:?})", e.message(), meta.request_id())
        }
        SdkError::Service { error, .. } => format!("{:?}: {:?}", error.code(), error.message()),
        SdkError::Construction(c) if matches!(c.kind(), ConstructionErrorKind::Credentials) => "no credentials".into(),
        SdkError::Timeout(t) if matches!(t.kind(), TimeoutKind::Operation) => "too slow".into(),
        SdkError::Transport(t) if matches!(t.kind(), TransportErrorKind::Connect) => "no connection".into(),
        other => other.to_string(),
    }
}

fn main() {
    let provider = provide_credentials_fn(|| async {
        if std::env::var_os("MY_VAULT").is_none() {
            return Err(CredentialsError::not_loaded("MY_VAULT is not set"));
        }
        Ok(Credentials::new("AKIDEXAMPLE", "secret", None, None))
    });
    let config = Config::builder().region("us-east-1").credentials_provider(provider).build();
    let client = appstream::Client::new(config);
    let _ = client.describe_fleets().names("sales");
    let kind: Option<CredentialsErrorKind> = None;
    let _ = (kind, describe as fn(&_) -> String);
}

//! Every type of `appstream`'s public signatures, named through `appstream`
//! alone: if one were only reachable through the runtime crate, this would
//! not compile.

use appstream::client::{Operation, Protocol, ServiceError, ServiceMeta, SERVICE};
use appstream::config::test_util::{error_response, json_response, RecordingSleep, ReplayTransport};
use appstream::config::{
    provide_credentials_fn, Config, ConfigBuilder, Credentials, CredentialsError, CredentialsErrorKind, HttpRequest,
    HttpResponse, HttpTransport, HyperTransport, ProvideCredentials,
};
use appstream::error::builders::ResourceNotFoundExceptionBuilder;
use appstream::error::{ResourceNotFoundException, ServiceError as AnyServiceError};
use appstream::error_kinds::{ErrorMeta, ErrorResponse, ResponseMeta, UnhandledError, ValidationError};
use appstream::operation::describe_fleets::{
    DescribeFleetsError, DescribeFleetsFluentBuilder, DescribeFleetsInput, DescribeFleetsInputBuilder,
    DescribeFleetsOutput, DescribeFleetsOutputBuilder, DescribeFleetsPaginator, FleetStarted, FleetStartedWaiter,
};
use appstream::paginator::{ItemStream, PageStream};
use appstream::primitives::{
    BuildError, Collector, OperationOutput, OutputMeta, Path, Timestamp, UnknownVariant, ValidationErrors,
    ValidationMode,
};
use appstream::types::builders::{FleetBuilder, ImageBuilderBuilder};
use appstream::types::{Fleet, FleetState};
use appstream::waiter::{AcceptorMatch, AcceptorState, Seen, WaiterConfig, WaiterError, WaiterOutcome};
use appstream::{Client, Error, SdkError};

/// A paginator's streams can be stored, as a user's own types do.
#[allow(dead_code, reason = "the fields only need to be nameable")]
struct FleetLister {
    pages: PageStream<DescribeFleetsInput>,
    items: ItemStream<DescribeFleetsInput, Fleet>,
}

fn client(transport: &ReplayTransport) -> Client {
    // The canned replies are JSON: the client speaks the service's second protocol.
    let config: ConfigBuilder = Config::builder()
        .protocol(Protocol::AwsJson1_1)
        .region("us-east-1")
        .credentials(Credentials::new("AKIDTEST", "test-secret", None, None))
        .http_transport(transport.clone())
        .sleep(RecordingSleep::new());
    Client::new(config.build())
}

fn fleet(state: &str) -> String {
    format!(
        r#"{{"Fleets": [{{"Arn": "arn:aws:appstream:us-east-1:123456789012:fleet/f", "Name": "f", "InstanceType": "stream.standard.medium", "ComputeCapacityStatus": {{"Desired": 1}}, "State": "{state}"}}]}}"#
    )
}

/// A generic helper over any operation, as `Client::invoke` is.
async fn call<O: Operation>(client: &Client, input: &O) -> Result<O::Output, SdkError<O::Error>>
where
    O::Error: ServiceError,
{
    client.invoke(input).await
}

#[tokio::test]
async fn a_user_names_streams_waiter_results_and_errors() {
    let transport = ReplayTransport::new([
        json_response(200, fleet("RUNNING")),
        json_response(200, fleet("RUNNING")),
        json_response(200, fleet("STOPPED")),
        error_response(400, "ResourceNotFoundException", "no such fleet", "rid-404"),
    ]);
    let client = client(&transport);

    let paginator: DescribeFleetsPaginator = client.describe_fleets().into_paginator();
    let mut lister = FleetLister { pages: client.describe_fleets().into_paginator().send(), items: paginator.items() };
    let first: Fleet = lister.items.next().await.unwrap().unwrap();
    assert_eq!(first.state(), &FleetState::Running);
    let page: DescribeFleetsOutput = lister.pages.next().await.unwrap().unwrap();
    assert_eq!(page.fleets().len(), 1);
    assert_eq!(OperationOutput::request_id(&page), None);

    let waiter: FleetStartedWaiter = client.wait_until_fleet_started();
    let config: WaiterConfig = WaiterConfig::new(std::time::Duration::from_secs(5))
        .min_delay(std::time::Duration::from_secs(1))
        .max_attempts(3);
    let failed: Result<WaiterOutcome<DescribeFleetsOutput, DescribeFleetsError>, WaiterError<_, _>> =
        waiter.wait_with(config).await;
    match failed {
        Err(WaiterError::FailureState { matched, .. }) => {
            let matched: &AcceptorMatch = &matched;
            assert_eq!(matched.state(), AcceptorState::Failure);
            let _: &Seen = matched.seen();
        }
        other => panic!("a STOPPED fleet is a failure state of FleetStarted: {other:?}"),
    }

    let fluent: DescribeFleetsFluentBuilder = client.describe_fleets().names("ghost");
    let err: SdkError<DescribeFleetsError> = fluent.send().await.unwrap_err();
    let meta: &ResponseMeta = err.meta().unwrap();
    assert_eq!(meta.request_id(), Some("rid-404"));
    let DescribeFleetsError::ResourceNotFoundException(e) = err.service_error().unwrap() else { panic!("{err:?}") };
    let as_meta: &dyn ErrorMeta = e;
    assert_eq!(as_meta.code(), Some("ResourceNotFoundException"));
    let crate_error: Error = err.into();
    assert!(matches!(crate_error.service_error(), Some(AnyServiceError::ResourceNotFoundException(_))));
}

#[tokio::test]
async fn a_user_writes_a_credentials_provider() {
    let provider = provide_credentials_fn(|| async {
        Err::<Credentials, CredentialsError>(CredentialsError::not_loaded("the vault is sealed"))
    });
    let err = provider.provide_credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::NotLoaded);
    let transport = ReplayTransport::new([]);
    let client = Client::new(
        Config::builder().region("us-east-1").credentials_provider(provider).http_transport(transport.clone()).build(),
    );
    let err = call(&client, &DescribeFleetsInput::builder().build().unwrap()).await.unwrap_err();
    assert!(matches!(err, SdkError::Construction(_)), "{err:?}");
    assert_eq!(transport.request_count(), 0);
}

#[test]
fn builders_primitives_and_runtime_descriptions_are_nameable() {
    let _: ResourceNotFoundExceptionBuilder = ResourceNotFoundException::builder();
    let _: FleetBuilder = Fleet::builder();
    let _: ImageBuilderBuilder = appstream::types::ImageBuilder::builder();
    let _: DescribeFleetsInputBuilder = DescribeFleetsInput::builder();
    let _: DescribeFleetsOutputBuilder = DescribeFleetsOutput::builder();
    let missing: BuildError = Fleet::builder().build().unwrap_err();
    assert!(missing.to_string().contains("Arn"), "{missing}");
    let invalid: ValidationErrors =
        DescribeFleetsInput::builder().names("").build().unwrap().validate(ValidationMode::Standard).unwrap_err();
    assert_eq!(invalid.violations().len(), 1);
    let mut collector = Collector::new(ValidationMode::Strict);
    DescribeFleetsInput::default().validate_into(&Path::Root("DescribeFleetsInput"), &mut collector);
    assert!(collector.finish().is_ok());
    let _: OutputMeta = OutputMeta::with_request_id("r");
    let _: Timestamp = Timestamp::UNIX_EPOCH;
    let _: Option<&UnknownVariant> = None;
    let service: &ServiceMeta = &SERVICE;
    assert_eq!(service.protocols, [Protocol::RpcV2Cbor, Protocol::AwsJson1_1]);
    let _: AcceptorState = AcceptorState::Success;
    let _: Option<ValidationError> = None;
    let _: Option<FleetStarted> = None;
    let _: Option<(HttpRequest, HttpResponse, UnhandledError, ErrorResponse)> = None;
    fn is_transport<T: HttpTransport>() {}
    is_transport::<HyperTransport>();
}

//! Waiters of the crate of `tests/models/waiter_expression.json` against
//! canned responses: acceptors whose JMESPath has filter projections,
//! `length`, `contains`, comparisons and `!`/`&&`/`||`, with JMESPath's
//! null (a missing member) never matching by accident.

use serde_json::{json, Value};
use smithy_rt::client::test_util::{json_response, RecordingSleep, ReplayTransport};
use smithy_rt::client::{FixedTime, HttpResponse};
use snapshot_waiter_expression::config::{Config, Credentials};
use snapshot_waiter_expression::waiter::WaiterError;
use snapshot_waiter_expression::Client;
use std::time::Duration;

fn client(transport: &ReplayTransport) -> Client {
    Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDWAITERS", "not-a-real-secret", None, None))
            .time_source(FixedTime::from_epoch_secs(1_709_210_096))
            .sleep(RecordingSleep::new())
            .http_transport(transport.clone())
            .max_attempts(1)
            .build(),
    )
}

fn answer(body: Value) -> HttpResponse {
    json_response(200, body.to_string())
}

/// A service with `deployments` deployments (none: no member), running
/// `running` of `desired` tasks.
fn service(name: &str, deployments: Option<usize>, running: i32, desired: i32) -> Value {
    let mut s = json!({ "name": name, "status": "ACTIVE", "runningCount": running, "desiredCount": desired });
    if let Some(n) = deployments {
        s["deployments"] = (0..n).map(|i| json!({ "id": format!("d{i}") })).collect();
    }
    s
}

fn services(list: &[Value]) -> HttpResponse {
    answer(json!({ "services": list }))
}

const WAIT: Duration = Duration::from_secs(3600);

#[tokio::test]
async fn services_stable_waits_for_one_deployment_at_the_desired_count() {
    let transport = ReplayTransport::new([
        // Two deployments.
        services(&[service("web", Some(2), 1, 1)]),
        // No `services` member: length(null) is null, which is not `0`.
        answer(json!({})),
        // A service without `deployments`: null == `1` is false, so it is unstable.
        services(&[service("web", None, 1, 1)]),
        // Running fewer than desired.
        services(&[service("web", Some(1), 0, 1), service("api", Some(1), 2, 2)]),
        services(&[service("web", Some(1), 1, 1), service("api", Some(1), 2, 2)]),
    ]);
    let outcome = client(&transport).wait_until_services_stable().cluster("c").wait(WAIT).await.unwrap();
    assert_eq!((outcome.acceptor(), outcome.attempts()), (2, 5));
    assert_eq!(transport.request_count(), 5);
    assert_eq!(
        outcome.matched().to_string(),
        "length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0` is true \
         (acceptor 2: booleanEquals true)"
    );
}

#[tokio::test]
async fn services_stable_with_no_services_succeeds_at_once() {
    // An empty list: nothing is unstable, length is 0.
    let transport = ReplayTransport::new([services(&[])]);
    let outcome = client(&transport).wait_until_services_stable().wait(WAIT).await.unwrap();
    assert_eq!((outcome.acceptor(), outcome.attempts()), (2, 1));
}

#[tokio::test]
async fn a_draining_service_is_the_failure_state() {
    let mut draining = service("web", Some(1), 1, 1);
    draining["status"] = json!("DRAINING");
    let transport = ReplayTransport::new([services(&[service("api", Some(1), 1, 1), draining])]);
    match client(&transport).wait_until_services_stable().wait(WAIT).await {
        Err(WaiterError::FailureState { waiter, acceptor, attempts, .. }) => {
            assert_eq!((waiter, acceptor, attempts), ("ServicesStable", 1, 1));
        }
        other => panic!("expected FailureState, got {other:?}"),
    }
}

#[tokio::test]
async fn services_active_filters_on_a_number_and_compares_strings() {
    let mut draining = service("api", Some(1), 0, 1);
    draining["status"] = json!("DRAINING");
    let mut idle = service("idle", Some(1), 0, 0);
    idle["status"] = json!("DRAINING");
    let transport = ReplayTransport::new([
        // Not every service with a positive desired count is ACTIVE, and the
        // cluster is PROVISIONING: the retry acceptor (3).
        answer(json!({ "services": [draining], "clusterStatus": "PROVISIONING", "pendingCount": 0 })),
        answer(json!({ "services": [service("api", Some(1), 1, 1), idle], "clusterStatus": "ACTIVE" })),
    ]);
    let outcome = client(&transport).wait_until_services_active().wait(WAIT).await.unwrap();
    // The service with desiredCount 0 is filtered out; the rest are ACTIVE.
    assert_eq!((outcome.acceptor(), outcome.attempts()), (0, 2));
    assert_eq!(
        outcome.matched().to_string(),
        "services[?desiredCount > `0`].status is [\"ACTIVE\"] (acceptor 0: allStringEquals \"ACTIVE\")"
    );
}

#[tokio::test]
async fn services_active_failure_states() {
    let mut inactive = service("web", Some(1), 1, 1);
    inactive["status"] = json!("INACTIVE");
    let transport = ReplayTransport::new([services(&[service("api", Some(1), 1, 1), inactive])]);
    match client(&transport).wait_until_services_active().wait(WAIT).await {
        Err(WaiterError::FailureState { acceptor: 1, attempts: 1, .. }) => {}
        other => panic!("expected FailureState of acceptor 1 (contains INACTIVE), got {other:?}"),
    }

    let mut failed = service("web", Some(1), 0, 0);
    failed["deployments"] = json!([{ "id": "d0", "rolloutState": "COMPLETED" }, { "id": "d1", "rolloutState": "FAILED" }]);
    let transport = ReplayTransport::new([services(&[failed])]);
    match client(&transport).wait_until_services_active().wait(WAIT).await {
        Err(WaiterError::FailureState { acceptor: 2, attempts: 1, .. }) => {}
        other => panic!("expected FailureState of acceptor 2 (a FAILED rollout), got {other:?}"),
    }
}

#[tokio::test]
async fn services_active_string_functions_and_boolean_operators() {
    // No service has a positive desired count, so acceptor 0 sees an empty
    // list; PROVISIONING retries (acceptor 3); then a name with "web" of at
    // least three characters succeeds (acceptor 4) while the cluster is ACTIVE
    // and nothing is pending.
    let transport = ReplayTransport::new([
        answer(json!({ "services": [service("we", Some(1), 0, 0)], "clusterStatus": "PROVISIONING" })),
        answer(json!({ "services": [service("we", Some(1), 0, 0)], "clusterStatus": "ACTIVE", "pendingCount": 0 })),
        answer(json!({ "services": [service("webapp", Some(1), 0, 0)], "clusterStatus": "ACTIVE", "pendingCount": 0 })),
    ]);
    let outcome = client(&transport).wait_until_services_active().wait(WAIT).await.unwrap();
    assert_eq!((outcome.acceptor(), outcome.attempts()), (4, 3));
}

//! The generated paginators and waiters of the AppStream client, end to end
//! through the client pipeline but without sockets or real time: the
//! transport is a `ReplayTransport` (canned responses, recorded requests),
//! the clock is fixed and the waiters sleep through a `RecordingSleep`.
//!
//! Paginators: DescribeFleets (NextToken, items Fleets), DescribeImages
//! (NextToken, page size MaxResults, items Images), DescribeImagePermissions
//! (NextToken, MaxResults, items SharedImagePermissionsList).
//!
//! Waiters (model `smithy.waiters#waitable` on DescribeFleets, minDelay 30 s,
//! maxDelay 120 s):
//! - FleetStarted: 0 success allStringEquals RUNNING, 1 failure
//!   anyStringEquals STOPPING, 2 failure anyStringEquals STOPPED;
//! - FleetStopped: 0 success allStringEquals STOPPED, 1 failure
//!   anyStringEquals STARTING, 2 failure anyStringEquals RUNNING.
//!
//! `wait_with(WaiterConfig)` overrides the delays and bounds the polls; a
//! failure's message names the path, the value seen and the acceptor.
//!
//! Delays are checked against the Smithy waiter specification
//! (<https://smithy.io/2.0/additional-specs/waiters.html#waiter-retries>):
//! attempt n waits a random whole number of seconds between minDelay and
//! min(minDelay * 2^(n-1), maxDelay); when remainingTime - delay <= minDelay,
//! the delay becomes remainingTime (one last attempt).
//!
//! Under both protocols: this target speaks rpcv2Cbor, `paginators_waiters_json`
//! awsJson1.1 (`support::protocol`); the canned answers are written as JSON
//! documents and sent in the binary's protocol (`support::response`).

mod support;

use appstream::config::Credentials;
use appstream::operation::describe_fleets::{DescribeFleetsError, DescribeFleetsOutput};
use appstream::operation::describe_image_permissions::DescribeImagePermissionsError;
use appstream::types::FleetState;
use appstream::waiter::{Comparator, Matcher, Seen, WaiterConfig, WaiterError, WaiterOutcome};
use appstream::Client;
use futures_core::Stream;
use serde_json::{json, Value};
use smithy_rt::client::test_util::{RecordingSleep, ReplayTransport};
use smithy_rt::client::{FixedTime, HttpRequest, HttpResponse, SdkError, TransportError};
use smithy_rt::validate::Constraint;
use std::pin::Pin;
use std::time::Duration;

const S: fn(u64) -> Duration = Duration::from_secs;
/// The waiters' minDelay and maxDelay in the model.
const MIN_DELAY: Duration = Duration::from_secs(30);
const MAX_DELAY: Duration = Duration::from_secs(120);
/// A bound on every loop over a stream, so that a paginator that never ends
/// fails the test instead of hanging it.
const MAX_PAGES: usize = 20;

// ---------------------------------------------------------------------------
// Helpers

/// A client on `transport`, with a fixed clock, `sleep`, one attempt per call
/// (so that the only sleeps recorded are the waiter's).
fn client_with(transport: &ReplayTransport, sleep: &RecordingSleep) -> Client {
    Client::new(
        support::config()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDPAGES", "not-a-real-secret", None, None))
            .time_source(FixedTime::from_epoch_secs(1_709_210_096))
            .sleep(sleep.clone())
            .http_transport(transport.clone())
            .max_attempts(1)
            .build(),
    )
}

fn client(transport: &ReplayTransport) -> Client {
    client_with(transport, &RecordingSleep::new())
}

fn fleet(name: &str, state: &str) -> Value {
    json!({
        "Arn": format!("arn:aws:appstream:us-east-1:123456789012:fleet/{name}"),
        "Name": name,
        "InstanceType": "stream.standard.small",
        "ComputeCapacityStatus": { "Desired": 1 },
        "State": state,
    })
}

/// A DescribeFleets page with `names` (all RUNNING) and `token`.
fn fleets_page(names: &[&str], token: Option<&str>) -> HttpResponse {
    let mut body = json!({ "Fleets": names.iter().map(|n| fleet(n, "RUNNING")).collect::<Vec<_>>() });
    if let Some(t) = token {
        body["NextToken"] = json!(t);
    }
    support::response(200, body.to_string())
}

/// A DescribeFleets answer with one fleet per state, named `f0`, `f1`, ...
fn fleet_states(states: &[&str]) -> HttpResponse {
    let fleets: Vec<Value> = states.iter().enumerate().map(|(i, s)| fleet(&format!("f{i}"), s)).collect();
    support::response(200, json!({ "Fleets": fleets }).to_string())
}

fn images_page(names: &[&str], token: Option<&str>) -> HttpResponse {
    let images: Vec<Value> = names.iter().map(|n| json!({ "Name": n, "State": "AVAILABLE" })).collect();
    let mut body = json!({ "Images": images });
    if let Some(t) = token {
        body["NextToken"] = json!(t);
    }
    support::response(200, body.to_string())
}

/// Answers every request with `respond(n)` (n counts from 1), but fails the
/// call with a transport error after `limit` requests, so that a paginator
/// or waiter that never stops fails the test instead of hanging it.
fn bounded(limit: usize, respond: impl Fn(usize) -> HttpResponse + Send + 'static) -> ReplayTransport {
    let mut n = 0;
    ReplayTransport::from_fn(move |_| {
        n += 1;
        if n > limit {
            Err(TransportError::other(format!("request {n}: the test allows only {limit}")))
        } else {
            Ok(respond(n))
        }
    })
}

fn body(request: &HttpRequest) -> Value {
    support::request_json(request)
}

/// The bodies of every request sent, as JSON documents, after checking that
/// each one calls `operation` (by `X-Amz-Target` or by rpcv2Cbor's path).
fn bodies(transport: &ReplayTransport, operation: &str) -> Vec<Value> {
    let requests = transport.requests();
    for r in &requests {
        assert_eq!(support::operation_of(r), operation);
    }
    requests.iter().map(body).collect()
}

/// The next item of any `Stream`, through the trait (not an inherent method).
async fn poll_stream<St: Stream + Unpin>(stream: &mut St) -> Option<St::Item> {
    std::future::poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
}

fn fleet_names(output: &DescribeFleetsOutput) -> Vec<&str> {
    output.fleets.as_deref().unwrap_or_default().iter().map(|f| f.name.as_str()).collect()
}

fn states(output: &DescribeFleetsOutput) -> Vec<&str> {
    output.fleets.as_deref().unwrap_or_default().iter().map(|f| f.state.as_str()).collect()
}

// ---------------------------------------------------------------------------
// Paginators

/// 1. Three pages: every item once, in order, through `items().collect()`,
/// `items().next()`, the page stream's `next()` and its `Stream` impl; the
/// requests carry no token, then t1, then t2.
#[tokio::test]
async fn three_pages_yield_every_item_once_in_order() {
    let pages = || {
        [
            fleets_page(&["a1", "a2"], Some("t1")),
            fleets_page(&["b1"], Some("t2")),
            fleets_page(&["c1", "c2", "c3"], None),
        ]
    };
    let expected_bodies = vec![
        json!({ "Names": ["a"] }),
        json!({ "Names": ["a"], "NextToken": "t1" }),
        json!({ "Names": ["a"], "NextToken": "t2" }),
    ];

    // items().collect()
    let transport = ReplayTransport::new(pages());
    let all = client(&transport).describe_fleets().names("a").into_paginator().items().collect().await.unwrap();
    let names: Vec<&str> = all.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["a1", "a2", "b1", "c1", "c2", "c3"]);
    assert_eq!(all[0].arn, "arn:aws:appstream:us-east-1:123456789012:fleet/a1");
    assert_eq!(all[0].state, FleetState::Running);
    assert_eq!(bodies(&transport, "DescribeFleets"), expected_bodies);

    // items().next(), one by one, and the end is sticky.
    let transport = ReplayTransport::new(pages());
    let mut items = client(&transport).describe_fleets().names("a").into_paginator().items();
    let mut names = Vec::new();
    while let Some(item) = items.next().await {
        names.push(item.unwrap().name);
        assert!(names.len() <= 6, "more items than were sent: {names:?}");
    }
    assert_eq!(names, ["a1", "a2", "b1", "c1", "c2", "c3"]);
    assert!(items.next().await.is_none());
    assert_eq!(bodies(&transport, "DescribeFleets"), expected_bodies);

    // The page stream's inherent next(): one request per page, lazily.
    let transport = ReplayTransport::new(pages());
    let mut pages_stream = client(&transport).describe_fleets().names("a").into_paginator().send();
    assert_eq!(transport.request_count(), 0, "nothing is sent before the first poll");
    let mut seen: Vec<(Vec<String>, Option<String>)> = Vec::new();
    while let Some(page) = pages_stream.next().await {
        let page = page.unwrap();
        seen.push((fleet_names(&page).iter().map(|s| s.to_string()).collect(), page.next_token.clone()));
        assert_eq!(transport.request_count(), seen.len(), "one request per page, sent when asked for");
        assert!(seen.len() <= 3);
    }
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        seen,
        [
            (strings(&["a1", "a2"]), Some("t1".to_owned())),
            (strings(&["b1"]), Some("t2".to_owned())),
            (strings(&["c1", "c2", "c3"]), None),
        ]
    );
    assert!(pages_stream.next().await.is_none());
    assert_eq!(bodies(&transport, "DescribeFleets"), expected_bodies);

    // The same pages through the futures `Stream` trait.
    let transport = ReplayTransport::new(pages());
    let mut pages_stream = client(&transport).describe_fleets().names("a").into_paginator().send();
    let mut counts = Vec::new();
    while let Some(page) = poll_stream(&mut pages_stream).await {
        counts.push(page.unwrap().fleets.unwrap().len());
        assert!(counts.len() <= 3);
    }
    assert_eq!(counts, [2, 1, 3]);
    assert_eq!(bodies(&transport, "DescribeFleets"), expected_bodies);
}

/// 1 (continued). DescribeImages: the page size is sent as MaxResults on
/// every request; the items come through the `Stream` trait of ItemStream.
#[tokio::test]
async fn page_size_is_sent_as_max_results_on_every_page() {
    let transport = ReplayTransport::new([
        images_page(&["img-1", "img-2"], Some("t1")),
        images_page(&["img-3", "img-4"], Some("t2")),
        images_page(&["img-5"], None),
    ]);
    let mut items = client(&transport).describe_images().into_paginator().page_size(2).items();
    let mut names = Vec::new();
    while let Some(item) = poll_stream(&mut items).await {
        names.push(item.unwrap().name);
        assert!(names.len() <= 5);
    }
    assert_eq!(names, ["img-1", "img-2", "img-3", "img-4", "img-5"]);
    assert_eq!(
        bodies(&transport, "DescribeImages"),
        [
            json!({ "MaxResults": 2 }),
            json!({ "MaxResults": 2, "NextToken": "t1" }),
            json!({ "MaxResults": 2, "NextToken": "t2" }),
        ]
    );

    // Without a page size, no MaxResults.
    let transport = ReplayTransport::new([images_page(&["img-1"], None)]);
    let all = client(&transport).describe_images().into_paginator().items().collect().await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(bodies(&transport, "DescribeImages"), [json!({})]);
}

/// 2. An error on page two surfaces as the operation's modelled error after
/// page one's items, and the stream ends without another request.
#[tokio::test]
async fn an_error_on_page_two_ends_the_stream_after_page_one() {
    let responses = || {
        [
            fleets_page(&["a1", "a2"], Some("t1")),
            support::error(400, "ResourceNotFoundException", "The fleet gone-away was not found.", "req-page-2"),
            fleets_page(&["never"], None),
        ]
    };
    let check_error = |e: SdkError<DescribeFleetsError>| match e {
        SdkError::Service { error: DescribeFleetsError::ResourceNotFoundException(_), meta } => {
            assert_eq!(meta.status(), 400);
            assert_eq!(meta.code(), Some("ResourceNotFoundException"));
            assert_eq!(meta.message(), Some("The fleet gone-away was not found."));
            assert_eq!(meta.request_id(), Some("req-page-2"));
        }
        other => panic!("expected DescribeFleetsError::ResourceNotFoundException, got {other:?}"),
    };

    let transport = ReplayTransport::new(responses());
    let mut items = client(&transport).describe_fleets().into_paginator().items();
    assert_eq!(items.next().await.unwrap().unwrap().name, "a1");
    assert_eq!(items.next().await.unwrap().unwrap().name, "a2");
    check_error(items.next().await.expect("the error, after page one").unwrap_err());
    assert!(items.next().await.is_none(), "the stream ends after the error");
    assert!(items.next().await.is_none());
    assert_eq!(transport.request_count(), 2);
    assert_eq!(bodies(&transport, "DescribeFleets"), [json!({}), json!({ "NextToken": "t1" })]);

    // collect() stops at the error.
    let transport = ReplayTransport::new(responses());
    check_error(client(&transport).describe_fleets().into_paginator().items().collect().await.unwrap_err());
    assert_eq!(transport.request_count(), 2);

    // The page stream: Ok(page one), Err, end.
    let transport = ReplayTransport::new(responses());
    let mut pages = client(&transport).describe_fleets().into_paginator().send();
    assert_eq!(fleet_names(&pages.next().await.unwrap().unwrap()), ["a1", "a2"]);
    check_error(pages.next().await.unwrap().unwrap_err());
    assert!(pages.next().await.is_none());
    assert_eq!(transport.request_count(), 2);
}

/// 3. An empty-string next token ends the pagination like an absent one.
#[tokio::test]
async fn an_empty_token_ends_pagination() {
    let transport = ReplayTransport::new([
        fleets_page(&["a1"], Some("t1")),
        fleets_page(&["b1"], Some("")),
        fleets_page(&["never"], None),
    ]);
    let all = client(&transport).describe_fleets().into_paginator().items().collect().await.unwrap();
    let names: Vec<&str> = all.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["a1", "b1"]);
    assert_eq!(bodies(&transport, "DescribeFleets"), [json!({}), json!({ "NextToken": "t1" })]);

    // An empty token on the first page: one page, one request.
    let transport = ReplayTransport::new([fleets_page(&["a1"], Some("")), fleets_page(&["never"], None)]);
    let mut pages = client(&transport).describe_fleets().into_paginator().send();
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(first.next_token.as_deref(), Some(""), "the page is yielded as the service sent it");
    assert!(pages.next().await.is_none());
    assert_eq!(transport.request_count(), 1);
}

/// 4. A service that answers a request carrying "t1" with "t1" again: that
/// page is yielded, then `SdkError::Pagination` with the token, then the end;
/// not an endless loop (the transport would answer "t1" forever).
#[tokio::test]
async fn a_repeated_token_ends_with_a_pagination_error() {
    let echo = || bounded(MAX_PAGES, |n| fleets_page(&[&format!("p{n}")], Some("t1")));

    // Items.
    let transport = echo();
    let mut items = client(&transport).describe_fleets().into_paginator().items();
    let mut results = Vec::new();
    while let Some(item) = items.next().await {
        results.push(item.map(|f| f.name).map_err(|e| match e {
            SdkError::Pagination(p) => p.token().to_owned(),
            other => panic!("expected SdkError::Pagination, got {other:?}"),
        }));
        assert!(results.len() <= MAX_PAGES, "the paginator does not stop: {} items", results.len());
    }
    assert_eq!(results, [Ok("p1".to_owned()), Ok("p2".to_owned()), Err("t1".to_owned())]);
    assert_eq!(bodies(&transport, "DescribeFleets"), [json!({}), json!({ "NextToken": "t1" })]);

    // Pages: the repeated page itself is yielded before the error.
    let transport = echo();
    let mut pages = client(&transport).describe_fleets().into_paginator().send();
    let mut seen = Vec::new();
    let mut error = None;
    while let Some(page) = pages.next().await {
        match page {
            Ok(p) => seen.push(fleet_names(&p).concat()),
            Err(e) => {
                assert!(error.is_none(), "a second error: {e:?}");
                error = Some(e);
            }
        }
        assert!(seen.len() <= MAX_PAGES, "the paginator does not stop");
    }
    assert_eq!(seen, ["p1", "p2"]);
    let error = error.expect("a pagination error");
    assert_eq!(error.operation(), Some("DescribeFleets"));
    assert_eq!(
        error.to_string(),
        "DescribeFleets: the service returned a pagination token it was already sent (\"t1\"); stopping instead of looping"
    );
    match error {
        SdkError::Pagination(p) => {
            assert_eq!(p.token(), "t1");
            assert_eq!(p.operation(), Some("DescribeFleets"));
        }
        other => panic!("expected SdkError::Pagination, got {other:?}"),
    }
    assert_eq!(transport.request_count(), 2);

    // collect() returns the error.
    let transport = echo();
    match client(&transport).describe_fleets().into_paginator().items().collect().await {
        Err(SdkError::Pagination(p)) => assert_eq!(p.token(), "t1"),
        other => panic!("expected SdkError::Pagination, got {other:?}"),
    }
    assert_eq!(transport.request_count(), 2);
}

/// 4b. Any token already sent counts: the caller's own starting token, and an
/// earlier token in a longer cycle (t1 -> t2 -> t1).
#[tokio::test]
async fn a_token_sent_before_also_ends_with_a_pagination_error() {
    // The service answers the caller's starting token with that same token.
    let transport = bounded(5, |_| fleets_page(&["p1"], Some("t0")));
    let mut pages = client(&transport).describe_fleets().next_token("t0").into_paginator().send();
    assert!(pages.next().await.unwrap().is_ok(), "the page itself is yielded");
    match pages.next().await {
        Some(Err(SdkError::Pagination(p))) => assert_eq!(p.token(), "t0"),
        other => panic!("expected SdkError::Pagination, got {other:?}"),
    }
    assert!(pages.next().await.is_none());
    assert_eq!(transport.request_count(), 1);

    // t1 -> t2 -> t1: the third page's token was sent with the second request.
    let tokens = ["t1", "t2", "t1"];
    let transport = bounded(5, move |n| fleets_page(&[&format!("p{n}")], Some(tokens[(n - 1) % 3])));
    match client(&transport).describe_fleets().into_paginator().items().collect().await {
        Err(SdkError::Pagination(p)) => assert_eq!(p.token(), "t1"),
        other => panic!("expected SdkError::Pagination, got {other:?}"),
    }
    assert_eq!(transport.request_count(), 3);
}

/// 5. A paginator whose input lacks a required member (DescribeImagePermissions
/// needs Name): the first item is an error naming the member, nothing is sent,
/// and the stream ends. (The fluent builders no longer fail in `build()`; the
/// client's validation, `Standard` by default, reports missing members as
/// `SdkError::Validation` before anything is sent.) With Name set, the same
/// paginator pages SharedImagePermissionsList.
#[tokio::test]
async fn a_missing_required_member_is_the_first_item_and_nothing_is_sent() {
    let missing_name = |e: SdkError<DescribeImagePermissionsError>| match e {
        SdkError::Validation(errors) => {
            let v = errors.violations();
            assert_eq!(v.len(), 1, "{errors:?}");
            assert_eq!(v[0].path, "DescribeImagePermissionsInput.Name");
            assert_eq!(v[0].constraint, Constraint::Required);
            assert_eq!(v[0].value, None);
        }
        other => panic!("expected an error naming the missing Name, got {other:?}"),
    };

    let transport = ReplayTransport::new([support::response(200, "{}")]);
    let mut items = client(&transport).describe_image_permissions().into_paginator().page_size(5).items();
    missing_name(items.next().await.expect("an error first").unwrap_err());
    assert!(items.next().await.is_none(), "the stream ends after the error");
    assert_eq!(transport.request_count(), 0);

    let transport = ReplayTransport::new([support::response(200, "{}")]);
    let mut pages = client(&transport).describe_image_permissions().into_paginator().send();
    missing_name(pages.next().await.expect("an error first").unwrap_err());
    assert!(pages.next().await.is_none());
    missing_name(client(&transport).describe_image_permissions().into_paginator().items().collect().await.unwrap_err());
    assert_eq!(transport.request_count(), 0);

    // With Name: items of SharedImagePermissionsList, page size as MaxResults.
    let perm = |account: &str| json!({ "sharedAccountId": account, "imagePermissions": { "allowFleet": true } });
    let transport = ReplayTransport::new([
        support::response(
            200,
            json!({ "Name": "img", "SharedImagePermissionsList": [perm("111111111111"), perm("222222222222")], "NextToken": "t1" })
                .to_string(),
        ),
        support::response(200, json!({ "Name": "img", "SharedImagePermissionsList": [perm("333333333333")] }).to_string()),
    ]);
    let all = client(&transport)
        .describe_image_permissions()
        .name("img")
        .into_paginator()
        .page_size(5)
        .items()
        .collect()
        .await
        .unwrap();
    let accounts: Vec<&str> = all.iter().map(|p| p.shared_account_id.as_str()).collect();
    assert_eq!(accounts, ["111111111111", "222222222222", "333333333333"]);
    assert_eq!(all[0].image_permissions.allow_fleet, Some(true));
    assert_eq!(
        bodies(&transport, "DescribeImagePermissions"),
        [json!({ "Name": "img", "MaxResults": 5 }), json!({ "Name": "img", "MaxResults": 5, "NextToken": "t1" })]
    );
}

// ---------------------------------------------------------------------------
// Waiters

/// The upper bound of the delay before retry `attempt` (1-based), per Smithy:
/// minDelay * 2^(attempt-1), capped at maxDelay.
fn exponential_bound(attempt: u32) -> Duration {
    (MIN_DELAY * 2u32.pow(attempt - 1)).min(MAX_DELAY)
}

/// 6. STARTING, STARTING, RUNNING: success on the third poll, acceptor 0, two
/// sleeps within Smithy's bounds. The delays are random, so several runs;
/// they must also vary (full jitter, not always minDelay).
#[tokio::test]
async fn fleet_started_succeeds_on_the_third_poll() {
    // Attempt 1: random(30, 30); attempt 2: random(30, 60).
    assert_eq!(exponential_bound(1), S(30));
    assert_eq!(exponential_bound(2), S(60));
    let mut second_delays = std::collections::BTreeSet::new();
    for _ in 0..32 {
        let transport = ReplayTransport::new([
            fleet_states(&["STARTING"]),
            fleet_states(&["STARTING"]),
            fleet_states(&["RUNNING"]),
        ]);
        let sleep = RecordingSleep::new();
        let outcome: WaiterOutcome<_, _> =
            client_with(&transport, &sleep).wait_until_fleet_started().names("f0").wait(S(3600)).await.unwrap();
        assert_eq!((outcome.acceptor(), outcome.attempts()), (0, 3));
        assert_eq!(states(outcome.last().as_ref().unwrap()), ["RUNNING"]);
        assert_eq!(
            outcome.matched().to_string(),
            r#"Fleets[].State is ["RUNNING"] (acceptor 0: allStringEquals "RUNNING")"#
        );
        assert_eq!(bodies(&transport, "DescribeFleets"), vec![json!({ "Names": ["f0"] }); 3]);

        let sleeps = sleep.sleeps();
        assert_eq!(sleeps.len(), 2, "{sleeps:?}");
        assert_eq!(sleeps[0], S(30));
        for (i, d) in sleeps.iter().enumerate() {
            let bound = exponential_bound(i as u32 + 1);
            assert!(MIN_DELAY <= *d && *d <= bound, "sleep {} is {d:?}, outside [30 s, {bound:?}]", i + 1);
            assert_eq!(d.subsec_nanos(), 0, "whole seconds");
        }
        second_delays.insert(sleeps[1]);
    }
    assert!(second_delays.len() > 1, "no jitter: the second delay was always {second_delays:?}");
}

/// 7. STOPPING on the first poll: the failure state of acceptor 1, no sleep.
#[tokio::test]
async fn fleet_started_fails_on_stopping() {
    let transport = ReplayTransport::new([fleet_states(&["STOPPING"]), fleet_states(&["RUNNING"])]);
    let sleep = RecordingSleep::new();
    match client_with(&transport, &sleep).wait_until_fleet_started().names("f0").wait(S(600)).await {
        Err(WaiterError::FailureState { waiter, acceptor, last, attempts, .. }) => {
            assert_eq!((waiter, acceptor, attempts), ("FleetStarted", 1, 1));
            assert_eq!(states(last.as_ref().as_ref().unwrap()), ["STOPPING"]);
        }
        other => panic!("expected FailureState, got {other:?}"),
    }
    assert_eq!(transport.request_count(), 1);
    assert_eq!(sleep.sleeps(), Vec::<Duration>::new());

    // STOPPED matches acceptor 2.
    let transport = ReplayTransport::new([fleet_states(&["STOPPED"])]);
    match client(&transport).wait_until_fleet_started().names("f0").wait(S(600)).await {
        Err(WaiterError::FailureState { acceptor: 2, attempts: 1, .. }) => {}
        other => panic!("expected FailureState of acceptor 2, got {other:?}"),
    }
}

/// 8. No fleets (an empty list, or no list) does not satisfy allStringEquals:
/// the waiter keeps polling until a RUNNING fleet.
#[tokio::test]
async fn an_empty_fleet_list_does_not_satisfy_all_string_equals() {
    let transport = ReplayTransport::new([
        support::response(200, r#"{"Fleets": []}"#),
        support::response(200, "{}"),
        fleet_states(&["RUNNING"]),
    ]);
    let sleep = RecordingSleep::new();
    let outcome = client_with(&transport, &sleep).wait_until_fleet_started().names("f0").wait(S(3600)).await.unwrap();
    assert_eq!((outcome.acceptor(), outcome.attempts()), (0, 3));
    assert_eq!(transport.request_count(), 3);
    assert_eq!(sleep.sleeps().len(), 2);

    // The same for FleetStopped.
    let transport = ReplayTransport::new([support::response(200, r#"{"Fleets": []}"#), fleet_states(&["STOPPED"])]);
    let outcome = client(&transport).wait_until_fleet_stopped().names("f0").wait(S(3600)).await.unwrap();
    assert_eq!((outcome.acceptor(), outcome.attempts()), (0, 2));
}

/// 9. max_wait is honoured: always STARTING with max_wait 120 s ends in
/// TimedOut; the sleeps add up to exactly max_wait (never more), and the last
/// one takes all the remaining time, as the spec says for a delay that would
/// leave at most minDelay. The jitter is random, so several runs; every
/// possible schedule is listed.
#[tokio::test]
async fn max_wait_is_honoured_and_the_last_delay_takes_the_remaining_time() {
    // Attempt 1: delay 30 (random(30, 30)); 90 s remain.
    // Attempt 2: d in 30..=60. d = 60 leaves 30 <= minDelay, so the delay is
    //   all 90 s. Otherwise 90 - d in 31..=60 remain.
    // Attempt 3: any delay in 30..=120 leaves <= 30, so it takes all of it.
    let mut allowed: Vec<Vec<Duration>> = vec![vec![S(30), S(90)]];
    allowed.extend((30..60).map(|d| vec![S(30), S(d), S(90 - d)]));

    let max_wait = S(120);
    let mut schedules_seen = std::collections::BTreeSet::new();
    for _ in 0..64 {
        let transport = bounded(10, |_| fleet_states(&["STARTING"]));
        let sleep = RecordingSleep::new();
        let result = client_with(&transport, &sleep).wait_until_fleet_started().names("f0").wait(max_wait).await;
        let sleeps = sleep.sleeps();
        match result {
            Err(WaiterError::TimedOut { waiter, max_wait: reported, last, attempts, .. }) => {
                assert_eq!(waiter, "FleetStarted");
                assert_eq!(reported, max_wait);
                assert_eq!(states(last.as_ref().as_ref().unwrap()), ["STARTING"]);
                assert_eq!(attempts as usize, sleeps.len() + 1, "one poll after the last sleep: {sleeps:?}");
            }
            other => panic!("expected TimedOut, got {other:?}"),
        }
        assert_eq!(transport.request_count(), sleeps.len() + 1);
        assert_eq!(sleeps.iter().sum::<Duration>(), max_wait, "{sleeps:?}");
        assert!(allowed.contains(&sleeps), "schedule {sleeps:?} is not one the spec allows");
        // Every delay but the last leaves more than minDelay; the last
        // takes exactly what remained.
        let (last, before) = sleeps.split_last().unwrap();
        let mut remaining = max_wait;
        for (i, d) in before.iter().enumerate() {
            assert!(MIN_DELAY <= *d && *d <= exponential_bound(i as u32 + 1), "{sleeps:?}");
            remaining -= *d;
            assert!(remaining > MIN_DELAY, "{sleeps:?}");
        }
        assert_eq!(*last, remaining, "{sleeps:?}");
        schedules_seen.insert(sleeps.len());
    }
    // With d uniform in 30..=60, a two-sleep schedule has p = 1/31 per run;
    // three-sleep schedules are all but certain over 64 runs.
    assert!(schedules_seen.contains(&3), "{schedules_seen:?}");

    // max_wait equal to minDelay is allowed: one sleep of it all, then a
    // last poll.
    let transport = bounded(10, |_| fleet_states(&["STARTING"]));
    let sleep = RecordingSleep::new();
    match client_with(&transport, &sleep).wait_until_fleet_started().wait(MIN_DELAY).await {
        Err(WaiterError::TimedOut { attempts: 2, .. }) => {}
        other => panic!("expected TimedOut after 2 attempts, got {other:?}"),
    }
    assert_eq!(sleep.sleeps(), [MIN_DELAY]);
}

/// 10. max_wait shorter than minDelay: InvalidMaxWait, nothing sent.
#[tokio::test]
async fn max_wait_shorter_than_min_delay_is_invalid() {
    let transport = ReplayTransport::new([fleet_states(&["RUNNING"])]);
    let sleep = RecordingSleep::new();
    match client_with(&transport, &sleep).wait_until_fleet_started().names("f0").wait(S(29)).await {
        Err(WaiterError::InvalidMaxWait { waiter, max_wait, min_delay, .. }) => {
            assert_eq!((waiter, max_wait, min_delay), ("FleetStarted", S(29), MIN_DELAY));
        }
        other => panic!("expected InvalidMaxWait, got {other:?}"),
    }
    assert_eq!(transport.request_count(), 0);
    assert_eq!(sleep.sleeps(), Vec::<Duration>::new());

    let transport = ReplayTransport::new([fleet_states(&["STOPPED"])]);
    match client(&transport).wait_until_fleet_stopped().wait(Duration::from_millis(29_999)).await {
        Err(WaiterError::InvalidMaxWait { waiter: "FleetStopped", .. }) => {}
        other => panic!("expected InvalidMaxWait, got {other:?}"),
    }
    assert_eq!(transport.request_count(), 0);
}

/// 11. An error no acceptor matches ends the wait with `Operation`; and
/// FleetStopped, symmetrically: STOPPING then STOPPED succeeds, STARTING and
/// RUNNING fail it.
#[tokio::test]
async fn an_unmatched_error_ends_the_wait_and_fleet_stopped_is_symmetric() {
    let transport = ReplayTransport::new([
        fleet_states(&["STARTING"]),
        support::error(400, "ValidationException", "1 validation error detected", "req-bad"),
        fleet_states(&["RUNNING"]),
    ]);
    let sleep = RecordingSleep::new();
    match client_with(&transport, &sleep).wait_until_fleet_started().names("f0").wait(S(600)).await {
        Err(WaiterError::Operation { waiter, error, attempts, .. }) => {
            assert_eq!((waiter, attempts), ("FleetStarted", 2));
            match *error {
                SdkError::Service { error: DescribeFleetsError::Unhandled(e), meta } => {
                    assert_eq!(e.code(), Some("ValidationException"));
                    assert_eq!(meta.status(), 400);
                    assert_eq!(meta.message(), Some("1 validation error detected"));
                    assert_eq!(meta.request_id(), Some("req-bad"));
                }
                other => panic!("expected an unhandled service error, got {other:?}"),
            }
        }
        other => panic!("expected WaiterError::Operation, got {other:?}"),
    }
    assert_eq!(transport.request_count(), 2);
    assert_eq!(sleep.sleeps(), [S(30)]);

    // A modelled error is no different when no acceptor names it.
    let transport = ReplayTransport::new([support::error(400, "ResourceNotFoundException", "no such fleet", "req-nf")]);
    match client(&transport).wait_until_fleet_stopped().names("f0").wait(S(600)).await {
        Err(WaiterError::Operation { waiter: "FleetStopped", error, attempts: 1, .. }) => {
            assert!(
                matches!(*error, SdkError::Service { error: DescribeFleetsError::ResourceNotFoundException(_), .. }),
                "{error:?}"
            );
        }
        other => panic!("expected WaiterError::Operation, got {other:?}"),
    }

    // FleetStopped: STOPPING is neither success nor failure; STOPPED succeeds.
    let transport = ReplayTransport::new([fleet_states(&["STOPPING"]), fleet_states(&["STOPPED", "STOPPED"])]);
    let sleep = RecordingSleep::new();
    let outcome =
        client_with(&transport, &sleep).wait_until_fleet_stopped().names("f0").names("f1").wait(S(600)).await.unwrap();
    assert_eq!((outcome.acceptor(), outcome.attempts()), (0, 2));
    assert_eq!(states(&outcome.into_last().unwrap()), ["STOPPED", "STOPPED"]);
    assert_eq!(sleep.sleeps(), [S(30)]);
    assert_eq!(bodies(&transport, "DescribeFleets"), vec![json!({ "Names": ["f0", "f1"] }); 2]);

    for (state, index) in [("STARTING", 1), ("RUNNING", 2)] {
        let transport = ReplayTransport::new([fleet_states(&[state])]);
        match client(&transport).wait_until_fleet_stopped().names("f0").wait(S(600)).await {
            Err(WaiterError::FailureState { waiter: "FleetStopped", acceptor, attempts: 1, .. }) => {
                assert_eq!(acceptor, index, "{state}")
            }
            other => panic!("{state}: expected FailureState, got {other:?}"),
        }
    }
}

/// 12. Mixed fleets: allStringEquals needs every fleet, anyStringEquals one.
/// [RUNNING, STARTING] does not succeed FleetStarted (it polls again);
/// [RUNNING, STOPPING] and [RUNNING, STOPPED] fail it.
#[tokio::test]
async fn mixed_fleets_all_versus_any() {
    let transport =
        ReplayTransport::new([fleet_states(&["RUNNING", "STARTING"]), fleet_states(&["RUNNING", "RUNNING"])]);
    let sleep = RecordingSleep::new();
    let outcome = client_with(&transport, &sleep).wait_until_fleet_started().wait(S(600)).await.unwrap();
    assert_eq!((outcome.acceptor(), outcome.attempts()), (0, 2));
    assert_eq!(states(&outcome.into_last().unwrap()), ["RUNNING", "RUNNING"]);
    assert_eq!(sleep.sleeps().len(), 1);

    for (second, index) in [("STOPPING", 1), ("STOPPED", 2)] {
        let transport =
            ReplayTransport::new([fleet_states(&["RUNNING", second]), fleet_states(&["RUNNING", "RUNNING"])]);
        match client(&transport).wait_until_fleet_started().wait(S(600)).await {
            Err(WaiterError::FailureState { waiter: "FleetStarted", acceptor, last, attempts: 1, .. }) => {
                assert_eq!(acceptor, index, "{second}");
                assert_eq!(states(last.as_ref().as_ref().unwrap()), ["RUNNING", second]);
            }
            other => panic!("[RUNNING, {second}]: expected FailureState, got {other:?}"),
        }
        assert_eq!(transport.request_count(), 1);
    }

    // FleetStopped, mirrored: [STOPPED, RUNNING] is not all STOPPED, and
    // fails through acceptor 2 (any RUNNING).
    let transport = ReplayTransport::new([fleet_states(&["STOPPED", "RUNNING"])]);
    match client(&transport).wait_until_fleet_stopped().wait(S(600)).await {
        Err(WaiterError::FailureState { acceptor: 2, attempts: 1, .. }) => {}
        other => panic!("expected FailureState of acceptor 2, got {other:?}"),
    }
}

/// Every line anyhow's `{:#}` would show: the error's `Display`, then each
/// `source()`'s.
fn chain(e: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut lines = vec![e.to_string()];
    let mut next = e.source();
    while let Some(cause) = next {
        lines.push(cause.to_string());
        next = cause.source();
    }
    lines
}

/// 13. A failure state names the waiter, the attempts, the path, the value
/// seen there and the acceptor that matched; the error has no source (the
/// last poll succeeded), and the match is there as data too.
#[tokio::test]
async fn a_failure_state_says_what_was_seen_and_which_acceptor_matched() {
    let transport = ReplayTransport::new([fleet_states(&["STOPPED"])]);
    let err = client(&transport).wait_until_fleet_started().names("f0").wait(S(600)).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"FleetStarted: failure state after 1 attempt: Fleets[].State is ["STOPPED"] (acceptor 2: anyStringEquals "STOPPED")"#
    );
    assert_eq!(chain(&err).len(), 1, "{:?}", chain(&err));
    assert_eq!((err.waiter(), err.attempts()), ("FleetStarted", 1));
    match &err {
        WaiterError::FailureState { acceptor: 2, matched, .. } => {
            assert_eq!(matched.index(), 2);
            assert_eq!(matched.seen(), &Seen::Strings(vec!["STOPPED".into()]));
            assert_eq!(
                matched.matcher(),
                &Matcher::Output {
                    path: "Fleets[].State",
                    comparator: Comparator::AnyStringEquals,
                    expected: "STOPPED"
                }
            );
        }
        other => panic!("expected FailureState of acceptor 2, got {other:?}"),
    }

    // Every fleet's state is shown, not only the one that matched; after
    // more polls, the count says so.
    let transport = ReplayTransport::new([fleet_states(&["STARTING"]), fleet_states(&["RUNNING", "STOPPING"])]);
    let err = client(&transport).wait_until_fleet_started().wait(S(600)).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"FleetStarted: failure state after 2 attempts: Fleets[].State is ["RUNNING", "STOPPING"] (acceptor 1: anyStringEquals "STOPPING")"#
    );

    // FleetStopped, through acceptor 1.
    let transport = ReplayTransport::new([fleet_states(&["STARTING"])]);
    let err = client(&transport).wait_until_fleet_stopped().wait(S(600)).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"FleetStopped: failure state after 1 attempt: Fleets[].State is ["STARTING"] (acceptor 1: anyStringEquals "STARTING")"#
    );
}

/// 14. An error that ends the wait is the source, said once: the waiter's
/// line does not repeat it.
#[tokio::test]
async fn an_unmatched_error_is_the_source_of_the_waiter_error() {
    let transport =
        ReplayTransport::new([support::error(400, "ValidationException", "1 validation error detected", "req-bad")]);
    let err = client(&transport).wait_until_fleet_started().wait(S(600)).await.unwrap_err();
    assert_eq!(
        chain(&err),
        [
            "FleetStarted: the operation failed with an error no acceptor matches, after 1 attempt",
            "DescribeFleets: ValidationException: 1 validation error detected (request id req-bad)",
        ]
    );
}

/// 15. `wait_with`: a fixed 5 s delay (below the model's 30 s minimum, so a
/// maximum wait of 29 s is allowed), every sleep 5 s until what remains
/// would leave at most the delay, which the last sleep takes whole.
#[tokio::test]
async fn wait_with_overrides_the_delays() {
    let transport = bounded(20, |_| fleet_states(&["STARTING"]));
    let sleep = RecordingSleep::new();
    let config = WaiterConfig::new(S(29)).min_delay(S(5)).max_delay(S(5));
    let err = client_with(&transport, &sleep).wait_until_fleet_started().wait_with(config).await.unwrap_err();
    assert_eq!(sleep.sleeps(), [S(5), S(5), S(5), S(5), S(9)]);
    match &err {
        WaiterError::TimedOut { max_wait, attempts: 6, .. } => assert_eq!(*max_wait, S(29)),
        other => panic!("expected TimedOut after 6 attempts, got {other:?}"),
    }
    assert_eq!(transport.request_count(), 6);
    assert_eq!(err.to_string(), "FleetStarted: no terminal state within 29s (6 attempts)");

    // Only a minimum, above the model's maximum of 120 s: the maximum
    // follows it, so every delay is 200 s.
    let transport = bounded(20, |_| fleet_states(&["STARTING"]));
    let sleep = RecordingSleep::new();
    let config = WaiterConfig::new(S(1000)).min_delay(S(200));
    let _ = client_with(&transport, &sleep).wait_until_fleet_started().wait_with(config).await.unwrap_err();
    assert_eq!(sleep.sleeps(), [S(200), S(200), S(200), S(400)]);

    // Only a maximum, below the model's minimum of 30 s: the minimum
    // follows it.
    let transport = bounded(20, |_| fleet_states(&["STARTING"]));
    let sleep = RecordingSleep::new();
    let config = WaiterConfig::new(S(35)).max_delay(S(10));
    let _ = client_with(&transport, &sleep).wait_until_fleet_started().wait_with(config).await.unwrap_err();
    assert_eq!(sleep.sleeps(), [S(10), S(10), S(15)]);

    // The model's delays are kept when nothing overrides them.
    let transport = ReplayTransport::new([fleet_states(&["STARTING"]), fleet_states(&["RUNNING"])]);
    let sleep = RecordingSleep::new();
    let outcome =
        client_with(&transport, &sleep).wait_until_fleet_started().wait_with(WaiterConfig::new(S(600))).await.unwrap();
    assert_eq!((outcome.acceptor(), outcome.attempts()), (0, 2));
    assert_eq!(sleep.sleeps(), [MIN_DELAY]);
}

/// 16. `max_attempts`: the wait stops after that many polls with
/// `MaxAttempts`, long before the maximum wait; a success within the bound
/// is a success.
#[tokio::test]
async fn max_attempts_bounds_the_polls() {
    let transport = bounded(20, |_| fleet_states(&["STARTING"]));
    let sleep = RecordingSleep::new();
    let config = WaiterConfig::new(S(3600)).max_attempts(3);
    let err = client_with(&transport, &sleep).wait_until_fleet_started().wait_with(config).await.unwrap_err();
    match &err {
        WaiterError::MaxAttempts { waiter: "FleetStarted", last, attempts: 3, .. } => {
            assert_eq!(states(last.as_ref().as_ref().unwrap()), ["STARTING"]);
        }
        other => panic!("expected MaxAttempts after 3 attempts, got {other:?}"),
    }
    assert_eq!(err.to_string(), "FleetStarted: no terminal state after 3 attempts, the maximum");
    assert_eq!(transport.request_count(), 3);
    assert_eq!(sleep.sleeps().len(), 2, "no sleep after the last poll");

    // One attempt: one poll, no sleep.
    let transport = bounded(20, |_| fleet_states(&["STARTING"]));
    let sleep = RecordingSleep::new();
    let err = client_with(&transport, &sleep)
        .wait_until_fleet_started()
        .wait_with(WaiterConfig::new(S(3600)).max_attempts(1))
        .await
        .unwrap_err();
    assert!(matches!(err, WaiterError::MaxAttempts { attempts: 1, .. }), "{err:?}");
    assert_eq!((transport.request_count(), sleep.sleeps().len()), (1, 0));

    // Success on the last allowed poll.
    let transport =
        ReplayTransport::new([fleet_states(&["STARTING"]), fleet_states(&["STARTING"]), fleet_states(&["RUNNING"])]);
    let outcome = client(&transport)
        .wait_until_fleet_started()
        .wait_with(WaiterConfig::new(S(3600)).max_attempts(3))
        .await
        .unwrap();
    assert_eq!((outcome.acceptor(), outcome.attempts()), (0, 3));
}

/// 17. A maximum wait is checked against the delay in effect, and a
/// configuration that cannot be followed is refused; nothing is sent.
#[tokio::test]
async fn waiter_configs_are_checked_before_polling() {
    let transport = ReplayTransport::new([fleet_states(&["RUNNING"])]);
    let waiter = || client(&transport).wait_until_fleet_started();

    // Shorter than the user's own minimum delay.
    match waiter().wait_with(WaiterConfig::new(S(9)).min_delay(S(10)).max_delay(S(10))).await {
        Err(WaiterError::InvalidMaxWait { max_wait, min_delay, .. }) => {
            assert_eq!((max_wait, min_delay), (S(9), S(10)))
        }
        other => panic!("expected InvalidMaxWait, got {other:?}"),
    }
    // The model's minimum still applies when only the maximum wait is set.
    assert!(matches!(
        waiter().wait_with(WaiterConfig::new(S(29))).await,
        Err(WaiterError::InvalidMaxWait { min_delay: MIN_DELAY, .. })
    ));
    let err = waiter().wait_with(WaiterConfig::new(S(600)).max_attempts(0)).await.unwrap_err();
    assert_eq!(err.to_string(), "FleetStarted: invalid waiter configuration: the maximum number of attempts is 0");
    let err = waiter().wait_with(WaiterConfig::new(S(600)).min_delay(S(60)).max_delay(S(30))).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "FleetStarted: invalid waiter configuration: the minimum delay 60s is longer than the maximum delay 30s"
    );
    assert_eq!(transport.request_count(), 0);

    // Shorter than the model's minimum, with a shorter delay set: allowed.
    let outcome = waiter().wait_with(WaiterConfig::new(S(9)).min_delay(S(3)).max_delay(S(3))).await.unwrap();
    assert_eq!(outcome.attempts(), 1);
}

//! Endpoint discovery through the crate of `tests/models/discovery.json`:
//! `Query` requires it, `Scan` has it optional, `DescribeEndpoints` answers.
//! The transport is in memory, so the discovered host needs no DNS: each
//! request's URL shows where it would have gone.

use smithy_rt::client::test_util::{json_response, ReplayTransport};
use smithy_rt::client::{Config, ConfigBuilder, Credentials, FixedTime, HttpResponse, SdkError};
use snapshot_discovery::Client;
use std::sync::{Arc, Mutex};

const TARGET: &str = "x-amz-target";

fn builder(transport: &ReplayTransport) -> ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "secret", None, None))
        .time_source(FixedTime::from_epoch_secs(1_709_210_096))
        .http_transport(transport.clone())
        .max_attempts(1)
}

/// A service that answers `DescribeEndpoints` with `cell` (counting how
/// often), and every other call with `answer`.
fn service(cell: &'static str, answer: impl Fn() -> HttpResponse + Send + 'static) -> (ReplayTransport, Arc<Mutex<u32>>) {
    let discoveries = Arc::new(Mutex::new(0));
    let counted = discoveries.clone();
    let transport = ReplayTransport::from_fn(move |request| {
        let target = request.headers().get(TARGET).and_then(|v| v.to_str().ok()).unwrap_or_default();
        Ok(if target == "Cells.DescribeEndpoints" {
            *counted.lock().unwrap() += 1;
            json_response(200, format!(r#"{{"Endpoints": [{{"Address": "{cell}", "CachePeriodInMinutes": 5}}]}}"#))
        } else {
            answer()
        })
    });
    (transport, discoveries)
}

fn ok() -> HttpResponse {
    json_response(200, r#"{"Rows": 1}"#)
}

fn hosts(transport: &ReplayTransport) -> Vec<(String, String)> {
    transport
        .requests()
        .iter()
        .map(|r| {
            let target = r.headers().get(TARGET).unwrap().to_str().unwrap().to_owned();
            let host = r.headers().get("host").unwrap().to_str().unwrap().to_owned();
            assert_eq!(r.uri().authority().map(|a| a.as_str()), Some(host.as_str()), "the URL and the Host header agree");
            (target, host)
        })
        .collect()
}

#[tokio::test]
async fn a_required_discovery_is_made_once_and_its_endpoint_used_for_every_call() {
    let (transport, discoveries) = service("cell-7.cells.us-east-1.amazonaws.com", ok);
    let client = Client::new(builder(&transport).build());
    for _ in 0..3 {
        assert_eq!(client.query().text("q").send().await.unwrap().rows, Some(1));
    }
    assert_eq!(*discoveries.lock().unwrap(), 1);
    let seen = hosts(&transport);
    assert_eq!(seen[0], ("Cells.DescribeEndpoints".to_owned(), "cells.us-east-1.amazonaws.com".to_owned()));
    for (target, host) in &seen[1..] {
        assert_eq!((target.as_str(), host.as_str()), ("Cells.Query", "cell-7.cells.us-east-1.amazonaws.com"));
    }
    // Every request is signed, the discovery call included.
    assert!(transport.requests().iter().all(|r| r.headers().contains_key("authorization")));
}

#[tokio::test]
async fn optional_discovery_is_off_by_default_and_on_when_asked() {
    let (transport, discoveries) = service("cell-1.example.test", ok);
    Client::new(builder(&transport).build()).scan().send().await.unwrap();
    assert_eq!(*discoveries.lock().unwrap(), 0);
    assert_eq!(hosts(&transport)[0].1, "cells.us-east-1.amazonaws.com");

    let (transport, discoveries) = service("cell-1.example.test", ok);
    Client::new(builder(&transport).endpoint_discovery(true).build()).scan().send().await.unwrap();
    assert_eq!(*discoveries.lock().unwrap(), 1);
    assert_eq!(hosts(&transport)[1], ("Cells.Scan".to_owned(), "cell-1.example.test".to_owned()));
}

#[tokio::test]
async fn a_configured_endpoint_is_used_as_it_is() {
    let (transport, discoveries) = service("cell-1.example.test", ok);
    let client = Client::new(builder(&transport).endpoint_url("http://127.0.0.1:4566").build());
    client.query().send().await.unwrap();
    assert_eq!(*discoveries.lock().unwrap(), 0);
    assert_eq!(hosts(&transport), [("Cells.Query".to_owned(), "127.0.0.1:4566".to_owned())]);
}

#[tokio::test]
async fn an_invalid_endpoint_error_makes_the_next_call_discover_again() {
    let calls = Arc::new(Mutex::new(0));
    let counted = calls.clone();
    let (transport, discoveries) = service("cell-2.example.test", move || {
        let mut n = counted.lock().unwrap();
        *n += 1;
        if *n == 1 {
            smithy_rt::client::test_util::error_response(421, "InvalidEndpointException", "moved", "req-1")
        } else {
            ok()
        }
    });
    let client = Client::new(builder(&transport).build());
    let e = client.query().send().await.unwrap_err();
    assert_eq!(e.code(), Some("InvalidEndpointException"));
    client.query().send().await.unwrap();
    assert_eq!(*discoveries.lock().unwrap(), 2);
}

#[tokio::test]
async fn a_failed_required_discovery_fails_the_call_and_names_the_cause() {
    let transport = ReplayTransport::from_fn(|request| {
        let target = request.headers().get(TARGET).and_then(|v| v.to_str().ok()).unwrap_or_default();
        Ok(if target == "Cells.DescribeEndpoints" {
            json_response(200, r#"{"Endpoints": []}"#)
        } else {
            ok()
        })
    });
    let client = Client::new(builder(&transport).build());
    let e = client.query().send().await.unwrap_err();
    assert!(matches!(e, SdkError::Construction(_)), "{e:?}");
    let chain = format!("{e} / {}", std::error::Error::source(&e).map(|s| s.to_string()).unwrap_or_default());
    assert!(chain.contains("requires endpoint discovery"), "{chain}");
    // Optional discovery that fails falls back to the regular endpoint.
    let client = Client::new(builder(&transport).endpoint_discovery(true).build());
    client.scan().send().await.unwrap();
    assert_eq!(transport.last_request().unwrap().headers()["host"], "cells.us-east-1.amazonaws.com");
}

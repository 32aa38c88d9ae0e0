//! The log capture of the log-asserting tests (`capture`) sees the client's
//! spans and events whichever thread reached their callsites first. Alone
//! in its binary, so that its own calls are the first to reach them.
#![cfg(feature = "client")]

mod capture;
mod common;

use common::*;
use smithy_rt::client::test_util::{error_response, RecordingSleep, ReplayTransport};
use smithy_rt::client::{Client, ConfigBuilder, Env};

/// A client whose one call fails at once with a request id of `request_id`.
fn client(request_id: &str) -> Client {
    let env = Env::from_vars([
        ("AWS_ACCESS_KEY_ID", "AKIDCAPTURE"),
        ("AWS_SECRET_ACCESS_KEY", "capture-secret"),
        ("AWS_REGION", "us-east-1"),
    ]);
    let transport = ReplayTransport::new([error_response(400, "ValidationException", "bad", request_id)]);
    let config = ConfigBuilder::from_env(&env).http_transport(transport).sleep(RecordingSleep::new()).build();
    Client::new(&SERVICE, config)
}

async fn call(request_id: &str) {
    client(request_id).invoke(&named("a")).await.unwrap_err();
}

/// The captured line of the call whose request id is `request_id`, which
/// must show the spans it was logged in.
fn error_line<'a>(logs: &'a str, request_id: &str) -> &'a str {
    let line = logs
        .lines()
        .find(|l| l.contains("error response") && l.contains(&format!("request_id=\"{request_id}\"")))
        .unwrap_or_else(|| panic!("no error response of {request_id}: {logs}"));
    assert!(line.contains("operation{operation=\"CreateThing\""), "{line}");
    assert!(line.contains("attempt{attempt=1}"), "{line}");
    line
}

#[tokio::test]
async fn callsites_first_reached_on_a_thread_without_a_subscriber_still_log() {
    let logs = capture::capture();
    // A thread of its own reaches the client's callsites first. Under a
    // thread-local subscriber this thread has none: tracing-core would
    // cache "never" for every callsite it reaches, for the whole process.
    std::thread::spawn(|| {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(call("other-thread"));
    })
    .join()
    .unwrap();
    call("test-thread").await;

    let logs = logs.text();
    error_line(&logs, "test-thread");
    // Events of other threads are captured too.
    error_line(&logs, "other-thread");
}

//! `ConfigBuilder::max_response_body`: the default transport stops reading a
//! body at the limit, against loopback servers that send too much; other
//! transports' bodies are refused by the client.
#![cfg(feature = "client")]

mod common;

use common::*;
use smithy_rt::client::test_util::{json_response, RecordingSleep, ReplayTransport};
use smithy_rt::client::{
    Client, Config, ConfigBuilder, Credentials, SdkError, TransportError, TransportErrorKind, DEFAULT_MAX_RESPONSE_BODY,
};
use std::error::Error as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const LIMIT: usize = 64 * 1024;

/// The size of each chunk the endless server sends.
const CHUNK: usize = 16 * 1024;

fn config(url: &str, sleep: &RecordingSleep) -> ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .endpoint_url(url)
        .credentials(Credentials::new("AKID", "SECRET", None, None))
        .sleep(sleep.clone())
        .attempt_timeout(Duration::from_secs(20))
        .max_response_body(LIMIT)
}

/// Reads a request head from `socket`; false if the connection closed first.
async fn read_head(socket: &mut tokio::net::TcpStream) -> bool {
    let mut buf = vec![0u8; 16 * 1024];
    let mut seen = Vec::new();
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
    }
    true
}

/// A server whose every answer is `200` with a chunked body that never
/// ends: chunks of [`CHUNK`] spaces, until the client goes away (so the
/// call can only end if the client stops reading). Counts the connections.
async fn endless_server() -> (String, Arc<AtomicU64>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicU64::new(0));
    let c = connections.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            c.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                if !read_head(&mut socket).await {
                    return;
                }
                let head = b"HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
                if socket.write_all(head).await.is_err() {
                    return;
                }
                let mut chunk = format!("{CHUNK:x}\r\n").into_bytes();
                chunk.extend(std::iter::repeat_n(b' ', CHUNK));
                chunk.extend_from_slice(b"\r\n");
                while socket.write_all(&chunk).await.is_ok() {}
            });
        }
    });
    (url, connections)
}

/// A server answering every request with `reply` as it is, then closing.
async fn raw_server(reply: Vec<u8>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let reply = Arc::new(reply);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let reply = reply.clone();
            tokio::spawn(async move {
                if read_head(&mut socket).await {
                    let _ = socket.write_all(&reply).await;
                    let _ = socket.shutdown().await;
                }
            });
        }
    });
    url
}

fn too_large<E: std::fmt::Debug>(err: &SdkError<E>) -> &TransportError {
    match err {
        SdkError::Transport(t) if t.kind() == TransportErrorKind::ResponseTooLarge => t,
        other => panic!("expected a ResponseTooLarge transport error, got {other:?}"),
    }
}

#[test]
fn the_default_limit_is_64_mib() {
    assert_eq!(DEFAULT_MAX_RESPONSE_BODY, 64 * 1024 * 1024);
    assert_eq!(Config::builder().build().max_response_body(), DEFAULT_MAX_RESPONSE_BODY);
    assert_eq!(Config::builder().max_response_body(10).build().max_response_body(), 10);
}

#[tokio::test]
async fn an_endless_body_is_read_no_further_than_the_limit_and_not_retried() {
    let (url, connections) = endless_server().await;
    let sleep = RecordingSleep::new();
    let err = Client::new(&SERVICE, config(&url, &sleep).build()).invoke(&named("a")).await.unwrap_err();
    let t = too_large(&err);
    assert_eq!(t.response_limit(), Some(LIMIT));
    let seen = t.response_size_seen().unwrap();
    // Reading stopped at the first frame past the limit; a frame is at most one chunk.
    assert!(seen > LIMIT as u64 && seen <= (LIMIT + CHUNK) as u64, "{seen}");
    assert!(!t.is_retryable());
    assert!(sleep.sleeps().is_empty(), "not retried");
    assert_eq!(connections.load(Ordering::SeqCst), 1);
    let message = format!("{err}: {}", t.source().unwrap());
    assert!(message.contains(&format!("{seen} bytes were received")), "{message}");
    assert!(message.contains("limit of 65536 bytes (ConfigBuilder::max_response_body)"), "{message}");
}

#[tokio::test]
async fn a_content_length_above_the_limit_fails_before_the_body_is_read() {
    // Promises 10 GB and sends none of it: the limit alone must end the call.
    let url = raw_server(b"HTTP/1.1 200 OK\r\nContent-Length: 10000000000\r\n\r\n".to_vec()).await;
    let sleep = RecordingSleep::new();
    let err = Client::new(&SERVICE, config(&url, &sleep).build()).invoke(&named("a")).await.unwrap_err();
    let t = too_large(&err);
    assert_eq!((t.response_limit(), t.response_size_seen()), (Some(LIMIT), Some(10_000_000_000)));
    let message = t.source().unwrap().to_string();
    assert!(message.contains("Content-Length is 10000000000 bytes, above the limit of 65536 bytes"), "{message}");
    assert!(sleep.sleeps().is_empty());
}

#[tokio::test]
async fn a_body_of_exactly_the_limit_in_many_chunks_is_read_whole() {
    // `{"Arn": "<a…>"}` of exactly LIMIT bytes, sent in chunks of 1,000.
    let arn_len = LIMIT - br#"{"Arn": ""}"#.len();
    let body = format!(r#"{{"Arn": "{}"}}"#, "a".repeat(arn_len));
    assert_eq!(body.len(), LIMIT);
    let mut reply = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_vec();
    for chunk in body.as_bytes().chunks(1_000) {
        reply.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        reply.extend_from_slice(chunk);
        reply.extend_from_slice(b"\r\n");
    }
    reply.extend_from_slice(b"0\r\n\r\n");
    let url = raw_server(reply).await;
    let out = Client::new(&SERVICE, config(&url, &RecordingSleep::new()).build()).invoke(&named("a")).await.unwrap();
    assert_eq!(out.arn.map(|a| a.len()), Some(arn_len));

    // The same with a Content-Length: one byte more than the limit fails.
    let over = format!(r#"{{"Arn": "{}"}}"#, "a".repeat(arn_len + 1));
    let mut reply =
        format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", over.len()).into_bytes();
    reply.extend_from_slice(over.as_bytes());
    let url = raw_server(reply).await;
    let err =
        Client::new(&SERVICE, config(&url, &RecordingSleep::new()).build()).invoke(&named("a")).await.unwrap_err();
    assert_eq!(too_large(&err).response_size_seen(), Some(LIMIT as u64 + 1));
}

#[tokio::test]
async fn bodies_from_other_transports_are_refused_above_the_limit() {
    let big = format!(r#"{{"Arn": "{}"}}"#, "a".repeat(LIMIT));
    let seen = big.len() as u64;
    let transport = ReplayTransport::from_fn(move |_| Ok(json_response(200, big.clone())));
    let sleep = RecordingSleep::new();
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", None, None))
        .sleep(sleep.clone())
        .http_transport(transport.clone())
        .max_response_body(LIMIT)
        .build();
    let err = Client::new(&SERVICE, config).invoke(&named("a")).await.unwrap_err();
    let t = too_large(&err);
    assert_eq!((t.response_limit(), t.response_size_seen()), (Some(LIMIT), Some(seen)));
    assert_eq!((transport.request_count(), sleep.sleeps().len()), (1, 0));
}

//! The default transport (hyper + rustls) against loopback servers that
//! misbehave at the socket level.
#![cfg(feature = "client")]

mod common;

use common::*;
use smithy_rt::client::test_util::RecordingSleep;
use smithy_rt::client::{Client, Config, ConfigBuilder, Credentials, SdkError, TimeoutKind, TransportErrorKind};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn config(url: &str) -> ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .endpoint_url(url)
        .credentials(Credentials::new("AKID", "SECRET", None, None))
        .sleep(RecordingSleep::new())
        .attempt_timeout(Duration::from_secs(5))
}

/// A server that answers every connection with `reply` (after reading the
/// request head) and then closes it.
async fn raw_server(reply: &'static [u8]) -> String {
    raw_server_with(reply, true).await
}

async fn raw_server_with(reply: &'static [u8], wait_for_head: bool) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("127.0.0.1:{}", listener.local_addr().unwrap().port());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16 * 1024];
                let mut seen = Vec::new();
                while wait_for_head && !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = socket.write_all(reply).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    url
}

#[tokio::test]
async fn plain_http_works_with_the_default_transport() {
    let addr = raw_server(b"HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 16\r\nConnection: close\r\n\r\n{\"Arn\": \"arn:x\"}").await;
    let out = Client::new(&SERVICE, config(&format!("http://{addr}")).build()).invoke(&named("a")).await.unwrap();
    assert_eq!(out.arn.as_deref(), Some("arn:x"));
}

#[tokio::test]
async fn truncated_json_over_the_wire_is_a_response_error() {
    let addr = raw_server(b"HTTP/1.1 200 OK\r\nx-amzn-RequestId: wire-1\r\nContent-Length: 14\r\nConnection: close\r\n\r\n{\"Arn\": \"arn:x").await;
    let err = Client::new(&SERVICE, config(&format!("http://{addr}")).build()).invoke(&named("a")).await.unwrap_err();
    let SdkError::Response(r) = &err else { panic!("{err:?}") };
    assert_eq!((r.status(), r.request_id(), r.snippet()), (200, Some("wire-1"), "{\"Arn\": \"arn:x"));
}

#[tokio::test]
async fn a_connection_closed_mid_body_is_a_retried_transport_error() {
    // Promises 100 bytes, sends 10, closes.
    let addr = raw_server(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"Arn\": \"a").await;
    let sleep = RecordingSleep::new();
    let err = Client::new(&SERVICE, config(&format!("http://{addr}")).sleep(sleep.clone()).build())
        .invoke(&named("a"))
        .await
        .unwrap_err();
    assert!(matches!(&err, SdkError::Transport(t) if t.kind() == TransportErrorKind::Io), "{err:?}");
    assert_eq!(sleep.sleeps().len(), 2);
}

#[tokio::test]
async fn garbage_instead_of_http_is_a_transport_error() {
    let addr = raw_server(b"SSH-2.0-OpenSSH_9.6\r\n\r\n").await;
    let err = Client::new(&SERVICE, config(&format!("http://{addr}")).max_attempts(1).build())
        .invoke(&named("a"))
        .await
        .unwrap_err();
    assert!(matches!(&err, SdkError::Transport(_)), "{err:?}");
}

#[tokio::test]
async fn https_to_a_plain_http_server_fails_the_tls_handshake() {
    let addr = raw_server_with(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", false).await;
    let err = Client::new(&SERVICE, config(&format!("https://{addr}")).max_attempts(1).build())
        .invoke(&named("a"))
        .await
        .unwrap_err();
    assert!(matches!(&err, SdkError::Transport(t) if t.kind() == TransportErrorKind::Connect), "{err:?}");
}

#[tokio::test]
async fn connect_timeout_when_the_accept_queue_is_full() {
    // A listener that never accepts, with its (tiny) accept queue filled:
    // the kernel drops further SYNs, so connecting hangs.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut fillers = Vec::new();
    let mut queue_full = false;
    for _ in 0..64 {
        match tokio::time::timeout(Duration::from_millis(100), tokio::net::TcpStream::connect(addr)).await {
            Ok(Ok(s)) => fillers.push(s),
            _ => {
                queue_full = true;
                break;
            }
        }
    }
    if !queue_full {
        eprintln!("this kernel accepts connections beyond the backlog; skipping");
        return;
    }
    let client = Client::new(
        &SERVICE,
        config(&format!("http://{addr}")).max_attempts(1).connect_timeout(Duration::from_millis(200)).build(),
    );
    let started = Instant::now();
    let err = client.invoke(&named("a")).await.unwrap_err();
    let elapsed = started.elapsed();
    let SdkError::Timeout(t) = &err else { panic!("{err:?}") };
    assert_eq!((t.kind(), t.duration()), (TimeoutKind::Connect, Duration::from_millis(200)));
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    drop(listener);
}

#[tokio::test]
async fn a_stalled_tls_handshake_hits_the_connect_timeout() {
    let (url, _accepted) = stalled_server().await;
    let url = url.replace("http://", "https://");
    let started = Instant::now();
    let err = Client::new(&SERVICE, config(&url).max_attempts(1).connect_timeout(Duration::from_millis(200)).build())
        .invoke(&named("a"))
        .await
        .unwrap_err();
    let SdkError::Timeout(t) = &err else { panic!("{err:?}") };
    assert_eq!(t.kind(), TimeoutKind::Connect);
    assert!(started.elapsed() < Duration::from_secs(2));
}

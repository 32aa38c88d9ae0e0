//! The client's own secrets (keys from the environment and the shared
//! files) stay out of `Debug`, errors and trace-level logs. Alone in its
//! test binary, which captures every event it logs (see `capture`).
#![cfg(feature = "client")]

mod capture;
mod common;

use common::*;
use smithy_rt::client::test_util::{error_response, RecordingSleep, ReplayTransport};
use smithy_rt::client::{Client, Config, ConfigBuilder, Credentials, DefaultCredentialsChain, Env, ProvideCredentials};
use std::path::Path;

fn home_with_files() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".aws")).unwrap();
    std::fs::write(
        dir.path().join(".aws/credentials"),
        "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret-value\n",
    )
    .unwrap();
    dir
}

fn env(home: &Path, vars: &[(&str, &str)]) -> Env {
    Env::from_vars(vars.iter().copied()).with_home(home)
}

async fn creds(provider: &dyn ProvideCredentials) -> Credentials {
    provider.provide_credentials().await.unwrap()
}

#[tokio::test]
async fn secrets_never_appear_in_debug_errors_or_logs() {
    const SECRET: &str = "SUPERSECRETKEYVALUE1234";
    const TOKEN: &str = "SESSIONTOKENVALUE5678";
    let logs = capture::capture();

    let home = home_with_files();
    let e = env(
        home.path(),
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDLOG"),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
            ("AWS_SESSION_TOKEN", TOKEN),
            ("AWS_REGION", "us-east-1"),
        ],
    );
    let transport = ReplayTransport::new([
        error_response(400, "ThrottlingException", "slow down", "r1"),
        error_response(400, "ValidationException", "bad", "r2"),
    ]);
    let config = ConfigBuilder::from_env(&e).http_transport(transport.clone()).sleep(RecordingSleep::new()).build();
    let client = Client::new(&SERVICE, config.clone());
    let err = client.invoke(&named("a")).await.unwrap_err();

    let c = creds(config.credentials_provider().unwrap()).await;
    assert_eq!(c.secret_access_key(), SECRET);
    let shown = [
        format!("{c:?}"),
        format!("{config:?}"),
        format!("{client:?}"),
        format!("{e:?}"),
        format!("{err:?}"),
        err.to_string(),
        format!("{:?}", Config::builder().credentials(c.clone())),
        format!("{:?}", DefaultCredentialsChain::new(e.clone()).provide_credentials().await.unwrap_err_or_debug()),
    ];
    // The request did carry them (signed), so the test is not vacuous.
    assert_eq!(transport.last_request().unwrap().headers()["x-amz-security-token"], TOKEN);
    let logs = logs.text();
    assert!(logs.contains("retrying") && logs.contains("throttling error"), "{logs}");
    assert!(logs.contains("operation=\"CreateThing\"") || logs.contains("operation=CreateThing"), "{logs}");
    assert!(logs.contains("attempt=2"), "{logs}");
    for text in shown.iter().chain([&logs]) {
        assert!(!text.contains(SECRET), "secret leaked: {text}");
        assert!(!text.contains(TOKEN), "session token leaked: {text}");
        assert!(!text.contains("default-secret-value"), "file secret leaked: {text}");
    }
}

trait DebugEither {
    fn unwrap_err_or_debug(self) -> String;
}

impl<T: std::fmt::Debug, E: std::fmt::Debug> DebugEither for Result<T, E> {
    fn unwrap_err_or_debug(self) -> String {
        match self {
            Ok(v) => format!("{v:?}"),
            Err(e) => format!("{e:?}"),
        }
    }
}

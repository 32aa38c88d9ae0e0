//! Secrets of every credential source stay out of logs (at trace level),
//! errors and `Debug`; the configuration summary names the source only.
//! One test alone in its binary, which captures every event it logs (see
//! `capture`).
#![cfg(feature = "client")]

mod capture;
mod common;
mod fakes;

use common::*;
use smithy_rt::client::test_util::{json_response, ReplayTransport};
use smithy_rt::client::{Client, ConfigBuilder, Env};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const WEB_TOKEN: &str = "good-token";
const SSO_TOKEN: &str = "SSO-ACCESS-TOKEN-do-not-log";
const CONTAINER_TOKEN: &str = "CONTAINER-AUTH-do-not-log";

#[tokio::test(flavor = "current_thread")]
async fn no_source_leaks_its_secrets() {
    let logs = capture::capture();

    let sts = fakes::sts().await;
    let portal = fakes::serve(|seen| {
        if seen.header("x-amz-sso_bearer_token") != Some(SSO_TOKEN) {
            return fakes::Reply::new(401, r#"{"message":"bad"}"#).header("x-amzn-errortype", "UnauthorizedException:x");
        }
        let ms = (SystemTime::now() + Duration::from_secs(3600)).duration_since(UNIX_EPOCH).unwrap().as_millis();
        fakes::Reply::new(200, format!(r#"{{"roleCredentials":{{"accessKeyId":"ASIASSO","secretAccessKey":"sso-role-secret","sessionToken":"sso-role-token","expiration":{ms}}}}}"#))
    })
    .await;
    let container = fakes::serve(|seen| {
        if seen.header("authorization") != Some(CONTAINER_TOKEN) {
            return fakes::Reply::new(401, r#"{"code":"AccessDenied","message":"no"}"#);
        }
        fakes::Reply::new(200, format!(r#"{{"AccessKeyId":"ASIAC","SecretAccessKey":"container-secret","Token":"container-session","Expiration":"{}"}}"#, fakes::rfc3339(fakes::in_an_hour())))
    })
    .await;

    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".aws/sso/cache")).unwrap();
    std::fs::write(home.path().join("token"), WEB_TOKEN).unwrap();
    std::fs::write(
        home.path().join(".aws/config"),
        "[sso-session s]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n\
         [profile sso]\nsso_session = s\nsso_account_id = 1\nsso_role_name = R\n",
    )
    .unwrap();
    // SHA-1 of "s".
    std::fs::write(
        home.path().join(".aws/sso/cache/a0f1490a20d0211c997b44bc357e1972deab8ae3.json"),
        format!(r#"{{"accessToken":"{SSO_TOKEN}","expiresAt":"2999-01-01T00:00:00Z"}}"#),
    )
    .unwrap();
    let base = |extra: &[(&str, &str)]| {
        let mut v: Vec<(String, String)> = vec![
            ("AWS_ENDPOINT_URL_STS".into(), sts.url.clone()),
            ("AWS_ENDPOINT_URL_SSO".into(), portal.url.clone()),
            ("AWS_EC2_METADATA_DISABLED".into(), "true".into()),
            ("AWS_REGION".into(), "us-east-1".into()),
        ];
        v.extend(extra.iter().map(|(a, b)| (a.to_string(), b.to_string())));
        Env::from_vars(v).with_home(home.path())
    };
    let token_file = home.path().join("token");
    let full_uri = format!("{}/creds", container.url);
    let envs = [
        base(&[
            ("AWS_WEB_IDENTITY_TOKEN_FILE", token_file.to_str().unwrap()),
            ("AWS_ROLE_ARN", "arn:aws:iam::1:role/r"),
        ]),
        base(&[("AWS_PROFILE", "sso")]),
        base(&[
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full_uri),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", CONTAINER_TOKEN),
        ]),
        base(&[
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full_uri),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "WRONG-CONTAINER-TOKEN"),
        ]),
    ];
    let mut shown = Vec::new();
    let mut sources = Vec::new();
    for env in envs {
        let transport = ReplayTransport::new([json_response(200, "{}")]);
        let config = ConfigBuilder::from_env(&env).http_transport(transport.clone()).build();
        let client = Client::new(&SERVICE, config.clone());
        match client.invoke(&named("a")).await {
            Ok(_) => {}
            Err(e) => shown.push(format!("{e} {e:?} {:?}", std::error::Error::source(&e))),
        }
        let summary = config.summary(&SERVICE);
        sources.push(summary.credentials.clone());
        shown.push(format!("{config:?} {client:?} {summary} {summary:?} {env:?}"));
    }
    assert!(
        sources[0].contains("web-identity") && sources[1].contains("sso") && sources[2].contains("container"),
        "{sources:?}"
    );
    let logs = logs.text();
    assert!(
        logs.contains("calling STS") && logs.contains("GetRoleCredentials") && logs.contains("container"),
        "{logs}"
    );
    for text in shown.iter().chain([&logs]) {
        for secret in [
            WEB_TOKEN,
            SSO_TOKEN,
            CONTAINER_TOKEN,
            "WRONG-CONTAINER-TOKEN",
            "wi-secret",
            "wi-session-token",
            "sso-role-secret",
            "sso-role-token",
            "container-secret",
            "container-session",
        ] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
    }
}

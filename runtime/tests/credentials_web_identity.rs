//! Web identity (`AWS_WEB_IDENTITY_TOKEN_FILE`, a profile's
//! `web_identity_token_file`) against a loopback STS speaking awsQuery/XML.
#![cfg(feature = "client")]

mod common;
mod fakes;

use common::*;
use smithy_rt::client::test_util::{json_response, ReplayTransport};
use smithy_rt::client::{
    Client, ConfigBuilder, CredentialsErrorKind, DefaultCredentialsChain, Env, ProfileCredentials, ProvideCredentials,
};
use std::path::Path;

const TOKEN: &str = "good-token";

struct Setup {
    home: tempfile::TempDir,
    sts: fakes::Fake,
}

impl Setup {
    async fn new(config: &str, token: &str) -> Self {
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir(home.path().join(".aws")).unwrap();
        std::fs::write(home.path().join(".aws/config"), config).unwrap();
        std::fs::write(home.path().join("token"), format!("{token}\n")).unwrap();
        Setup { home, sts: fakes::sts().await }
    }
    fn token_path(&self) -> String {
        self.home.path().join("token").to_str().unwrap().to_owned()
    }
    fn env(&self, vars: &[(&str, &str)]) -> Env {
        let mut all: Vec<(String, String)> = vec![
            ("AWS_ENDPOINT_URL_STS".into(), self.sts.url.clone()),
            ("AWS_EC2_METADATA_DISABLED".into(), "true".into()),
        ];
        all.extend(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        Env::from_vars(all).with_home(self.home.path())
    }
}

fn home(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[tokio::test]
async fn web_identity_from_the_environment() {
    let s = Setup::new("[default]\nregion = eu-west-1\n", TOKEN).await;
    let path = s.token_path();
    let env = s.env(&[
        ("AWS_WEB_IDENTITY_TOKEN_FILE", &path),
        ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/ci"),
        ("AWS_ROLE_SESSION_NAME", "build-42"),
    ]);
    let chain = DefaultCredentialsChain::new(env);
    let c = chain.provide_credentials().await.unwrap();
    assert_eq!(
        (c.access_key_id(), c.secret_access_key(), c.session_token()),
        ("ASIAWIci", "wi-secret", Some("wi-session-token"))
    );
    assert_eq!(c.source(), "web-identity");
    assert!(c.expiry().is_some());
    let r = &s.sts.requests()[0];
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/"));
    assert_eq!(r.header("content-type"), Some("application/x-www-form-urlencoded; charset=utf-8"));
    let form = r.form();
    assert_eq!(form["Action"], "AssumeRoleWithWebIdentity");
    assert_eq!(form["Version"], "2011-06-15");
    assert_eq!(form["RoleArn"], "arn:aws:iam::123456789012:role/ci");
    assert_eq!(form["RoleSessionName"], "build-42");
    assert_eq!(form["WebIdentityToken"], TOKEN);
    assert!(r.header("authorization").is_none(), "AssumeRoleWithWebIdentity is unsigned");
    // Cached: a second call asks nobody.
    chain.provide_credentials().await.unwrap();
    assert_eq!(s.sts.count(), 1);
}

#[tokio::test]
async fn web_identity_from_a_profile_with_a_default_session_name() {
    let s = Setup::new("", TOKEN).await;
    let config = format!(
        "[profile ci]\nrole_arn = arn:aws:iam::123456789012:role/from-profile\nweb_identity_token_file = {}\nduration_seconds = 900\n",
        s.token_path()
    );
    std::fs::write(s.home.path().join(".aws/config"), config).unwrap();
    let c = ProfileCredentials::new(s.env(&[("AWS_PROFILE", "ci")])).provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "ASIAWIfrom-profile");
    let form = s.sts.requests()[0].form();
    assert!(form["RoleSessionName"].starts_with("smithy-rt-"), "{form:?}");
    assert_eq!(form["DurationSeconds"], "900");
    // And through the default chain, with the profile selected.
    let c = DefaultCredentialsChain::new(s.env(&[("AWS_PROFILE", "ci")])).provide_credentials().await.unwrap();
    assert_eq!(c.source(), "web-identity");
}

#[tokio::test]
async fn chain_order_environment_keys_then_web_identity_then_profile_keys() {
    let s = Setup::new("[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = p\n", TOKEN).await;
    let path = s.token_path();
    let wi = [("AWS_WEB_IDENTITY_TOKEN_FILE", path.as_str()), ("AWS_ROLE_ARN", "arn:aws:iam::1:role/r")];
    let c = DefaultCredentialsChain::new(s.env(&wi)).provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "ASIAWIr", "web identity comes before the profile");
    let mut with_keys = wi.to_vec();
    with_keys.extend([("AWS_ACCESS_KEY_ID", "AKIDENV"), ("AWS_SECRET_ACCESS_KEY", "e")]);
    let c = DefaultCredentialsChain::new(s.env(&with_keys)).provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "AKIDENV", "environment keys come first");
    let c = DefaultCredentialsChain::new(s.env(&[])).provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "AKIDPROFILE");
    assert_eq!(s.sts.count(), 1);
}

#[tokio::test]
async fn sts_errors_carry_code_and_message_and_never_the_token() {
    for (token, code) in [("expired-token", "ExpiredTokenException"), ("forged-token", "InvalidIdentityToken")] {
        let s = Setup::new("", token).await;
        let path = s.token_path();
        let env = s.env(&[("AWS_WEB_IDENTITY_TOKEN_FILE", &path), ("AWS_ROLE_ARN", "arn:aws:iam::1:role/r")]);
        let err = DefaultCredentialsChain::new(env).provide_credentials().await.unwrap_err();
        assert_eq!(err.kind(), CredentialsErrorKind::ServiceError, "{err}");
        assert_eq!(err.code(), Some(code));
        let text = err.to_string();
        assert!(
            text.contains(code) && text.contains("AssumeRoleWithWebIdentity") && text.contains("arn:aws:iam::1:role/r"),
            "{text}"
        );
        assert!(text.contains("4b2b0a7e"), "request id: {text}");
        assert!(!text.contains(token) && !format!("{err:?}").contains(token), "{err:?}");
    }
}

#[tokio::test]
async fn misconfigured_web_identity_is_explained() {
    let s = Setup::new("[profile half]\nweb_identity_token_file = /x\n", TOKEN).await;
    let path = s.token_path();
    let err = DefaultCredentialsChain::new(s.env(&[("AWS_WEB_IDENTITY_TOKEN_FILE", &path)]))
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::InvalidConfiguration);
    assert!(err.to_string().contains("AWS_ROLE_ARN"), "{err}");
    let missing = s.home.path().join("no-such-token");
    let env =
        s.env(&[("AWS_WEB_IDENTITY_TOKEN_FILE", missing.to_str().unwrap()), ("AWS_ROLE_ARN", "arn:aws:iam::1:role/r")]);
    let err = DefaultCredentialsChain::new(env).provide_credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::InvalidConfiguration);
    assert!(err.to_string().contains("no-such-token"), "{err}");
    let err = DefaultCredentialsChain::new(s.env(&[("AWS_PROFILE", "half")])).provide_credentials().await.unwrap_err();
    assert!(err.to_string().contains("no role_arn"), "{err}");
    assert_eq!(s.sts.count(), 0);
    let _ = home(s.home.path());
}

#[tokio::test]
async fn an_sts_that_answers_garbage_is_a_provider_error_after_one_retry() {
    let fake = fakes::serve(|_| fakes::Reply::new(503, "<html>busy</html>")).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("token"), TOKEN).unwrap();
    let env = Env::from_vars([
        ("AWS_ENDPOINT_URL_STS", fake.url.as_str()),
        ("AWS_WEB_IDENTITY_TOKEN_FILE", dir.path().join("token").to_str().unwrap()),
        ("AWS_ROLE_ARN", "arn:aws:iam::1:role/r"),
    ])
    .with_home(dir.path());
    let err = DefaultCredentialsChain::new(env).provide_credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::ProviderError, "{err}");
    assert!(err.to_string().contains("503"), "{err}");
    assert_eq!(fake.count(), 2);
}

#[tokio::test]
async fn the_client_signs_with_the_role_it_assumed() {
    let s = Setup::new("", TOKEN).await;
    let path = s.token_path();
    let env = s.env(&[
        ("AWS_WEB_IDENTITY_TOKEN_FILE", &path),
        ("AWS_ROLE_ARN", "arn:aws:iam::1:role/app"),
        ("AWS_REGION", "us-east-1"),
    ]);
    let transport = ReplayTransport::new([json_response(200, "{}"), json_response(200, "{}")]);
    let client = Client::new(&SERVICE, ConfigBuilder::from_env(&env).http_transport(transport.clone()).build());
    client.invoke(&named("a")).await.unwrap();
    client.invoke(&named("b")).await.unwrap();
    let r = transport.last_request().unwrap();
    assert!(r.headers()["authorization"].to_str().unwrap().contains("Credential=ASIAWIapp/"));
    assert_eq!(r.headers()["x-amz-security-token"], "wi-session-token");
    assert_eq!(s.sts.count(), 1);
}

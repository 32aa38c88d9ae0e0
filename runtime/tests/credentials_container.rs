//! Container credentials (ECS, EKS Pod Identity) from a loopback fake
//! reached through AWS_CONTAINER_CREDENTIALS_FULL_URI on 127.0.0.1.
#![cfg(feature = "client")]

mod fakes;

use fakes::{Reply, Seen};
use smithy_rt::client::{CredentialsErrorKind, DefaultCredentialsChain, Env, ProvideCredentials};
use std::path::Path;

/// Answers credentials to requests whose `Authorization` is `expected`.
async fn container(expected: &'static str) -> fakes::Fake {
    fakes::serve(move |seen: &Seen| {
        if seen.path != "/v1/credentials" {
            return Reply::new(404, "");
        }
        if seen.header("authorization") != Some(expected) {
            return Reply::new(401, r#"{"code":"AccessDeniedException","message":"invalid authorization token"}"#);
        }
        Reply::new(
            200,
            format!(
                r#"{{"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"container-secret","Token":"container-token","AccountId":"123456789012","Expiration":"{}"}}"#,
                fakes::rfc3339(fakes::in_an_hour())
            ),
        )
        .header("content-type", "application/json")
    })
    .await
}

fn env(home: &Path, vars: &[(&str, &str)]) -> Env {
    let mut v: Vec<(String, String)> = vec![("AWS_EC2_METADATA_DISABLED".into(), "true".into())];
    v.extend(vars.iter().map(|(a, b)| (a.to_string(), b.to_string())));
    Env::from_vars(v).with_home(home)
}

#[tokio::test]
async fn full_uri_with_an_authorization_token() {
    let fake = container("pod-identity-token").await;
    let home = tempfile::tempdir().unwrap();
    let url = format!("{}/v1/credentials", fake.url);
    let chain = DefaultCredentialsChain::new(env(
        home.path(),
        &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url), ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "pod-identity-token")],
    ));
    let c = chain.provide_credentials().await.unwrap();
    assert_eq!(
        (c.access_key_id(), c.secret_access_key(), c.session_token()),
        ("ASIACONTAINER", "container-secret", Some("container-token"))
    );
    assert_eq!(c.source(), "container");
    chain.provide_credentials().await.unwrap();
    assert_eq!(fake.count(), 1, "cached");
    assert_eq!(fake.requests()[0].method, "GET");
}

#[tokio::test]
async fn the_token_file_wins_over_the_token_variable() {
    let fake = container("token-from-file").await;
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("eks-token"), "token-from-file\n").unwrap();
    let url = format!("{}/v1/credentials", fake.url);
    let file = home.path().join("eks-token");
    let e = env(
        home.path(),
        &[
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "stale-token"),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", file.to_str().unwrap()),
        ],
    );
    assert_eq!(DefaultCredentialsChain::new(e).provide_credentials().await.unwrap().access_key_id(), "ASIACONTAINER");
}

#[tokio::test]
async fn errors_from_the_endpoint_carry_its_code_and_hide_the_token() {
    let fake = container("right").await;
    let home = tempfile::tempdir().unwrap();
    let url = format!("{}/v1/credentials", fake.url);
    let e = env(
        home.path(),
        &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url), ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "wrong-token-value")],
    );
    let err = DefaultCredentialsChain::new(e).provide_credentials().await.unwrap_err();
    assert_eq!((err.kind(), err.code()), (CredentialsErrorKind::ServiceError, Some("AccessDeniedException")), "{err}");
    assert!(err.to_string().contains("invalid authorization token") && err.to_string().contains("401"), "{err}");
    assert!(!err.to_string().contains("wrong-token-value") && !format!("{err:?}").contains("wrong-token-value"));

    let down = fakes::serve(|_| Reply::new(500, "oops")).await;
    let url = format!("{}/v1/credentials", down.url);
    let err = DefaultCredentialsChain::new(env(home.path(), &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url)]))
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::ProviderError);
    assert_eq!(down.count(), 2, "one retry");
}

#[tokio::test]
async fn refused_configurations_do_not_reach_the_network() {
    let home = tempfile::tempdir().unwrap();
    let err = DefaultCredentialsChain::new(env(
        home.path(),
        &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://192.0.2.1/creds")],
    ))
    .provide_credentials()
    .await
    .unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::InvalidConfiguration);
    assert!(err.to_string().contains("use https"), "{err}");
    let fake = container("x").await;
    let url = format!("{}/v1/credentials", fake.url);
    let err = DefaultCredentialsChain::new(env(
        home.path(),
        &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url), ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "bad\u{1}token")],
    ))
    .provide_credentials()
    .await
    .unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::InvalidConfiguration);
    assert_eq!(fake.count(), 0);
}

#[tokio::test]
async fn chain_position_and_credential_source_ecs_container() {
    let fake = container("t").await;
    let sts = fakes::sts().await;
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join(".aws")).unwrap();
    std::fs::write(
        home.path().join(".aws/config"),
        "[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s\n\
         [profile task-role]\nrole_arn = arn:aws:iam::1:role/task-assumed\ncredential_source = EcsContainer\n",
    )
    .unwrap();
    let url = format!("{}/v1/credentials", fake.url);
    let vars = [
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", url.as_str()),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "t"),
        ("AWS_ENDPOINT_URL_STS", &sts.url),
    ];
    let c = DefaultCredentialsChain::new(env(home.path(), &vars)).provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "AKIDPROFILE", "the profile comes before the container");
    assert_eq!(fake.count(), 0);
    let mut with_profile = vars.to_vec();
    with_profile.push(("AWS_PROFILE", "task-role"));
    let c = DefaultCredentialsChain::new(env(home.path(), &with_profile)).provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "ASIAtask-assumed");
    assert_eq!(fakes::signed_by(&sts.requests()[0]).as_deref(), Some("ASIACONTAINER"));
}

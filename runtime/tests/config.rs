//! Configuration from an injected environment and profile files in a
//! temporary home folder; endpoints; the configuration summary.
#![cfg(feature = "client")]

mod common;

use common::*;
use smithy_rt::client::test_util::{json_response, ReplayTransport};
use smithy_rt::client::{
    Client, Config, ConfigBuilder, Credentials, CredentialsErrorKind, DefaultCredentialsChain, Env,
    EnvironmentCredentials, ProfileCredentials, ProvideCredentials, SdkError,
};
use std::path::Path;

const CREDENTIALS_FILE: &str = "\
[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = default-secret-value

[work]
aws_access_key_id = AKIDWORK
aws_secret_access_key = work-secret-value
aws_session_token = work-session-token
";

const CONFIG_FILE: &str = "\
[default]
region = us-west-2

[profile work]
region = cn-north-1

[profile config-keys]
aws_access_key_id = AKIDCONFIG
aws_secret_access_key = config-secret-value
region = eu-west-3

[profile assumed]
role_arn = arn:aws:iam::123456789012:role/r
source_profile = default
mfa_serial = arn:aws:iam::123456789012:mfa/user

[profile half]
aws_access_key_id = AKIDHALF
";

fn home_with_files() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".aws")).unwrap();
    std::fs::write(dir.path().join(".aws/credentials"), CREDENTIALS_FILE).unwrap();
    std::fs::write(dir.path().join(".aws/config"), CONFIG_FILE).unwrap();
    dir
}

fn env(home: &Path, vars: &[(&str, &str)]) -> Env {
    Env::from_vars(vars.iter().copied()).with_home(home)
}

async fn creds(provider: &dyn ProvideCredentials) -> Credentials {
    provider.provide_credentials().await.unwrap()
}

#[tokio::test]
async fn credentials_from_the_environment_map() {
    let home = tempfile::tempdir().unwrap();
    let e = env(
        home.path(),
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "env-secret"),
            ("AWS_SESSION_TOKEN", "env-token"),
        ],
    );
    let c = creds(&EnvironmentCredentials::new(e.clone())).await;
    assert_eq!(
        (c.access_key_id(), c.secret_access_key(), c.session_token()),
        ("AKIDENV", "env-secret", Some("env-token"))
    );
    // The chain prefers the environment over the files.
    let files = home_with_files();
    let e = env(files.path(), &[("AWS_ACCESS_KEY_ID", "AKIDENV"), ("AWS_SECRET_ACCESS_KEY", "env-secret")]);
    let c = creds(&DefaultCredentialsChain::new(e)).await;
    assert_eq!((c.access_key_id(), c.session_token(), c.source()), ("AKIDENV", None, "environment"));
}

#[tokio::test]
async fn credentials_and_region_from_profile_files() {
    let home = home_with_files();
    let default = ConfigBuilder::from_env(&env(home.path(), &[])).build();
    assert_eq!(default.region(), Some("us-west-2"));
    let c = creds(default.credentials_provider().unwrap()).await;
    assert_eq!(
        (c.access_key_id(), c.secret_access_key(), c.source()),
        ("AKIDDEFAULT", "default-secret-value", "profile")
    );

    let work = ConfigBuilder::from_env(&env(home.path(), &[("AWS_PROFILE", "work")])).build();
    assert_eq!(work.region(), Some("cn-north-1"));
    let c = creds(work.credentials_provider().unwrap()).await;
    assert_eq!((c.access_key_id(), c.session_token()), ("AKIDWORK", Some("work-session-token")));
    // cn-* regions resolve to the China partition.
    assert_eq!(Client::new(&SERVICE, work).endpoint().unwrap(), "https://appstream2.cn-north-1.amazonaws.com.cn/");

    // Keys may also sit in the config file's `[profile x]`.
    let c = creds(&ProfileCredentials::new(env(home.path(), &[("AWS_PROFILE", "config-keys")]))).await;
    assert_eq!(c.access_key_id(), "AKIDCONFIG");
    let c = creds(&ProfileCredentials::new(env(home.path(), &[])).profile_name("work")).await;
    assert_eq!(c.access_key_id(), "AKIDWORK");
}

#[tokio::test]
async fn profile_files_moved_by_variables() {
    let dir = tempfile::tempdir().unwrap();
    let creds_path = dir.path().join("my-creds");
    let config_path = dir.path().join("my-config");
    std::fs::write(&creds_path, "[p]\naws_access_key_id = AKIDMOVED\naws_secret_access_key = s\n").unwrap();
    std::fs::write(&config_path, "[profile p]\nregion = sa-east-1\n").unwrap();
    let e = Env::from_vars([
        ("AWS_SHARED_CREDENTIALS_FILE", creds_path.to_str().unwrap()),
        ("AWS_CONFIG_FILE", config_path.to_str().unwrap()),
        ("AWS_PROFILE", "p"),
    ]);
    let config = ConfigBuilder::from_env(&e).build();
    assert_eq!(config.region(), Some("sa-east-1"));
    assert_eq!(creds(config.credentials_provider().unwrap()).await.access_key_id(), "AKIDMOVED");
}

#[tokio::test]
async fn profile_problems_are_explained() {
    let home = home_with_files();
    let err = |vars: &[(&str, &str)]| {
        let chain = DefaultCredentialsChain::new(env(home.path(), vars));
        async move { chain.provide_credentials().await.unwrap_err() }
    };
    let e = err(&[("AWS_PROFILE", "assumed")]).await;
    assert_eq!(e.kind(), CredentialsErrorKind::Unsupported);
    assert!(e.to_string().contains("mfa_serial"), "{e}");
    let e = err(&[("AWS_PROFILE", "half")]).await;
    assert_eq!(e.kind(), CredentialsErrorKind::InvalidConfiguration);
    let e = err(&[("AWS_PROFILE", "nope")]).await;
    assert_eq!(e.kind(), CredentialsErrorKind::InvalidConfiguration);
    assert!(e.to_string().contains("`nope`"), "{e}");
    let e = err(&[("AWS_ACCESS_KEY_ID", "AKIDONLY")]).await;
    assert_eq!(e.kind(), CredentialsErrorKind::InvalidConfiguration);

    // Through the client: a construction error whose source explains.
    let config = ConfigBuilder::from_env(&env(home.path(), &[("AWS_PROFILE", "assumed"), ("AWS_REGION", "us-east-1")]))
        .http_transport(ReplayTransport::new([]))
        .build();
    let err = Client::new(&SERVICE, config).invoke(&named("a")).await.unwrap_err();
    assert!(matches!(err, SdkError::Construction(_)), "{err:?}");
    assert!(std::error::Error::source(&err).unwrap().to_string().contains("mfa_serial"));
}

#[tokio::test]
async fn endpoint_resolution() {
    let home = tempfile::tempdir().unwrap();
    let endpoint = |vars: &[(&str, &str)], builder: fn(ConfigBuilder) -> ConfigBuilder| {
        Client::new(&SERVICE, builder(ConfigBuilder::from_env(&env(home.path(), vars))).build()).endpoint().unwrap()
    };
    let same = |b: ConfigBuilder| b;
    assert_eq!(endpoint(&[("AWS_REGION", "us-east-1")], same), "https://appstream2.us-east-1.amazonaws.com/");
    assert_eq!(
        endpoint(&[("AWS_DEFAULT_REGION", "cn-north-1")], same),
        "https://appstream2.cn-north-1.amazonaws.com.cn/"
    );
    assert_eq!(
        endpoint(
            &[
                ("AWS_REGION", "us-east-1"),
                ("AWS_ENDPOINT_URL", "http://global:1"),
                ("AWS_ENDPOINT_URL_APPSTREAM", "http://appstream:2")
            ],
            same
        ),
        "http://appstream:2/"
    );
    assert_eq!(endpoint(&[("AWS_ENDPOINT_URL", "http://global:1")], same), "http://global:1/");
    assert_eq!(
        endpoint(&[("AWS_ENDPOINT_URL_APPSTREAM", "http://appstream:2")], |b| b.endpoint_url("http://builder:3")),
        "http://builder:3/"
    );
    assert_eq!(
        endpoint(&[("AWS_REGION", "eu-west-1")], |b| b.region("ap-northeast-1")),
        "https://appstream2.ap-northeast-1.amazonaws.com/"
    );
    // Another service reads its own variable.
    let other = Client::new(
        &SERVICE_JSON_1_0,
        ConfigBuilder::from_env(&env(
            home.path(),
            &[("AWS_ENDPOINT_URL_APPSTREAM", "http://a"), ("AWS_ENDPOINT_URL_THING_STORE", "http://t")],
        ))
        .build(),
    );
    assert_eq!(other.endpoint().unwrap(), "http://t/");
}

#[tokio::test]
async fn requests_go_to_the_resolved_endpoint() {
    let home = tempfile::tempdir().unwrap();
    let transport = ReplayTransport::new([json_response(200, "{}")]);
    let config = ConfigBuilder::from_env(&env(
        home.path(),
        &[
            ("AWS_REGION", "us-east-1"),
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "s"),
            ("AWS_ENDPOINT_URL_APPSTREAM", "http://localhost:4566/base/"),
        ],
    ))
    .http_transport(transport.clone())
    .build();
    Client::new(&SERVICE, config).invoke(&named("a")).await.unwrap();
    let r = transport.last_request().unwrap();
    assert_eq!(r.uri().to_string(), "http://localhost:4566/base/");
    assert_eq!(r.headers()["host"], "localhost:4566");
}

#[tokio::test]
async fn the_summary_shows_the_effective_settings() {
    let home = tempfile::tempdir().unwrap();
    let env = Env::from_vars([
        ("AWS_REGION", "eu-west-1"),
        ("AWS_ACCESS_KEY_ID", "AKIDSUMMARY"),
        ("AWS_SECRET_ACCESS_KEY", "summary-secret"),
        ("HTTPS_PROXY", "http://bob:hunter2@proxy.corp:3128"),
        ("AWS_CA_BUNDLE", "/etc/corp-ca.pem"),
    ])
    .with_home(home.path());
    let config = ConfigBuilder::from_env(&env).build();
    let chain = DefaultCredentialsChain::new(env.clone());
    chain.provide_credentials().await.unwrap();
    assert_eq!(chain.last_source(), Some("environment"));
    let s = config.summary(&SERVICE);
    assert_eq!(s.endpoint.as_deref(), Ok("https://appstream2.eu-west-1.amazonaws.com/"));
    assert_eq!(s.region.as_deref(), Some("eu-west-1"));
    assert_eq!(s.max_attempts, 3);
    assert!(s.credentials.starts_with("DefaultCredentialsChain"), "{s}");
    assert!(s.proxy.contains("proxy.corp:3128") && !s.proxy.contains("hunter2"), "{s}");
    assert!(s.ca_bundle.as_deref().unwrap().contains("/etc/corp-ca.pem"), "{s}");
    let text = s.to_string();
    assert!(text.contains("attempt 30s") && !text.contains("summary-secret"), "{text}");
    let none = Config::builder().build().summary(&SERVICE);
    assert!(none.endpoint.is_err() && none.credentials == "(none)");
}

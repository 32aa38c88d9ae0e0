//! IMDSv2 against a loopback fake reached through
//! AWS_EC2_METADATA_SERVICE_ENDPOINT: session tokens with a TTL, 401 without
//! a (valid) token, the role name, the role's credentials.
#![cfg(feature = "client")]

mod common;
mod fakes;

use fakes::{Reply, Seen};
use smithy_rt::client::{CredentialsErrorKind, DefaultCredentialsChain, Env, ProvideCredentials};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Default)]
struct State {
    tokens: Vec<String>,
    issued: usize,
    role: Option<&'static str>,
    code: &'static str,
    refuse_tokens: bool,
}

#[derive(Clone)]
struct Imds {
    fake: fakes::Fake,
    state: Arc<Mutex<State>>,
}

impl Imds {
    async fn start(role: Option<&'static str>) -> Self {
        let state = Arc::new(Mutex::new(State { role, code: "Success", ..State::default() }));
        let s = state.clone();
        let fake = fakes::serve(move |seen: &Seen| {
            let mut st = s.lock().unwrap();
            if seen.path == "/latest/api/token" {
                if seen.method != "PUT" {
                    return Reply::new(405, "");
                }
                if st.refuse_tokens {
                    return Reply::new(403, "");
                }
                let ttl: u64 = match seen.header("x-aws-ec2-metadata-token-ttl-seconds").and_then(|t| t.parse().ok()) {
                    Some(t) if (1..=21600).contains(&t) => t,
                    _ => return Reply::new(400, ""),
                };
                st.issued += 1;
                let token = format!("imds-session-token-{}", st.issued);
                st.tokens.push(token.clone());
                return Reply::new(200, token).header("x-aws-ec2-metadata-token-ttl-seconds", &ttl.to_string());
            }
            match seen.header("x-aws-ec2-metadata-token") {
                Some(t) if st.tokens.iter().any(|v| v == t) => {}
                _ => return Reply::new(401, ""),
            }
            let Some(role) = st.role else { return Reply::new(404, "") };
            match seen.path.strip_prefix("/latest/meta-data/iam/security-credentials/") {
                Some("") => Reply::new(200, format!("{role}\n")),
                Some(r) if r == role => Reply::new(
                    200,
                    format!(
                        r#"{{"Code":"{}","LastUpdated":"2024-01-01T00:00:00Z","Type":"AWS-HMAC","AccessKeyId":"ASIAIMDS","SecretAccessKey":"imds-secret","Token":"imds-token","Expiration":"{}"}}"#,
                        st.code,
                        fakes::rfc3339(fakes::in_an_hour())
                    ),
                ),
                _ => Reply::new(404, ""),
            }
        })
        .await;
        Imds { fake, state }
    }
    fn env(&self, extra: &[(&str, &str)]) -> Env {
        let mut v: Vec<(String, String)> = vec![("AWS_EC2_METADATA_SERVICE_ENDPOINT".into(), self.fake.url.clone())];
        v.extend(extra.iter().map(|(a, b)| (a.to_string(), b.to_string())));
        Env::from_vars(v)
    }
    fn revoke_tokens(&self) {
        self.state.lock().unwrap().tokens.clear();
    }
    fn puts(&self) -> usize {
        self.fake.requests().iter().filter(|r| r.method == "PUT").count()
    }
}

#[tokio::test]
async fn imdsv2_token_then_role_then_credentials() {
    let imds = Imds::start(Some("ec2-app-role")).await;
    let chain = DefaultCredentialsChain::new(imds.env(&[]));
    let c = chain.provide_credentials().await.unwrap();
    assert_eq!(
        (c.access_key_id(), c.secret_access_key(), c.session_token()),
        ("ASIAIMDS", "imds-secret", Some("imds-token"))
    );
    assert_eq!(c.source(), "imds");
    let r = imds.fake.requests();
    assert_eq!(r.len(), 3);
    assert_eq!((r[0].method.as_str(), r[0].path.as_str()), ("PUT", "/latest/api/token"));
    assert_eq!(r[0].header("x-aws-ec2-metadata-token-ttl-seconds"), Some("21600"));
    assert_eq!(r[1].path, "/latest/meta-data/iam/security-credentials/");
    assert_eq!(r[2].path, "/latest/meta-data/iam/security-credentials/ec2-app-role");
    assert!(r[1..].iter().all(|r| r.header("x-aws-ec2-metadata-token") == Some("imds-session-token-1")));
    chain.provide_credentials().await.unwrap();
    assert_eq!(imds.fake.count(), 3, "cached");
}

#[tokio::test]
async fn the_session_token_is_reused_across_refreshes() {
    let imds = Imds::start(Some("r")).await;
    let chain = DefaultCredentialsChain::new(imds.env(&[]));
    chain.provide_credentials().await.unwrap();
    // The same chain's source, with a cache whose clock is an hour ahead: it refreshes.
    let later = chain.clone().with_time_source(ShiftedClock(Duration::from_secs(3600)));
    later.provide_credentials().await.unwrap();
    assert_eq!(imds.fake.count(), 5, "PUT, GET, GET, then GET, GET");
    assert_eq!(imds.puts(), 1);
}

#[tokio::test]
async fn a_revoked_token_is_replaced_once() {
    let imds = Imds::start(Some("r")).await;
    let profile_env = imds.env(&[]);
    // The credentials expire in an hour; a cache refreshing at any age makes
    // the chain ask IMDS again with its remembered token.
    let chain = DefaultCredentialsChain::new(profile_env);
    chain.provide_credentials().await.unwrap();
    imds.revoke_tokens();
    let shifted = ShiftedClock(Duration::from_secs(3600));
    let later = chain.clone().with_time_source(shifted);
    later.provide_credentials().await.unwrap();
    assert_eq!(imds.puts(), 2, "a 401 gets a new token");
    let r = imds.fake.requests();
    let statuses: Vec<(String, Option<String>)> =
        r.iter().map(|r| (r.path.clone(), r.header("x-aws-ec2-metadata-token").map(str::to_owned))).collect();
    assert_eq!(statuses[3].1.as_deref(), Some("imds-session-token-1"), "{statuses:?}");
    assert_eq!(statuses[4].0, "/latest/api/token");
    assert!(statuses[5..].iter().all(|(_, t)| t.as_deref() == Some("imds-session-token-2")), "{statuses:?}");
}

/// The system clock moved ahead.
#[derive(Debug)]
struct ShiftedClock(Duration);

impl smithy_rt::client::TimeSource for ShiftedClock {
    fn now(&self) -> std::time::SystemTime {
        std::time::SystemTime::now() + self.0
    }
}

#[tokio::test]
async fn no_role_disabled_refused_and_failing_instances() {
    let none = Imds::start(None).await;
    let err = DefaultCredentialsChain::new(none.env(&[])).provide_credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::NotLoaded);
    assert!(err.to_string().contains("no IAM role"), "{err}");
    assert!(err.to_string().contains("no AWS credentials found"), "{err}");

    let on = Imds::start(Some("r")).await;
    let err = DefaultCredentialsChain::new(on.env(&[("AWS_EC2_METADATA_DISABLED", "true")]))
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::NotLoaded);
    assert!(err.to_string().contains("AWS_EC2_METADATA_DISABLED"), "{err}");
    assert_eq!(on.fake.count(), 0);

    on.state.lock().unwrap().refuse_tokens = true;
    let err = DefaultCredentialsChain::new(on.env(&[])).provide_credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::ProviderError);
    assert!(err.to_string().contains("403"), "{err}");
    assert_eq!(on.fake.count(), 1, "no IMDSv1 fallback");

    let failing = Imds::start(Some("r")).await;
    failing.state.lock().unwrap().code = "AssumeRoleUnauthorizedAccess";
    let err = DefaultCredentialsChain::new(failing.env(&[])).provide_credentials().await.unwrap_err();
    assert_eq!((err.kind(), err.code()), (CredentialsErrorKind::ServiceError, Some("AssumeRoleUnauthorizedAccess")));
}

#[tokio::test]
async fn a_machine_without_imds_fails_fast() {
    // Refused connections.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let env = Env::from_vars([("AWS_EC2_METADATA_SERVICE_ENDPOINT", format!("http://{closed}"))]);
    let err = DefaultCredentialsChain::new(env).provide_credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::NotLoaded);
    assert!(err.to_string().contains("no instance metadata service"), "{err}");
    // A server that never answers: 1 s per try, one retry.
    let (url, _) = common::stalled_server().await;
    let started = Instant::now();
    let err = DefaultCredentialsChain::new(Env::from_vars([("AWS_EC2_METADATA_SERVICE_ENDPOINT", url)]))
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::NotLoaded, "{err}");
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
}

#[tokio::test]
async fn credential_source_ec2_instance_metadata() {
    let imds = Imds::start(Some("r")).await;
    let sts = fakes::sts().await;
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join(".aws")).unwrap();
    std::fs::write(
        home.path().join(".aws/config"),
        "[default]\nrole_arn = arn:aws:iam::1:role/on-ec2\ncredential_source = Ec2InstanceMetadata\n",
    )
    .unwrap();
    let env = Env::from_vars([
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.fake.url.as_str()),
        ("AWS_ENDPOINT_URL_STS", &sts.url),
    ])
    .with_home(home.path());
    let c = DefaultCredentialsChain::new(env).provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "ASIAon-ec2");
    assert_eq!(fakes::signed_by(&sts.requests()[0]).as_deref(), Some("ASIAIMDS"));
}

#[tokio::test]
async fn container_credentials_come_before_imds() {
    let imds = Imds::start(Some("r")).await;
    let container = fakes::serve(|_| {
        Reply::new(
            200,
            format!(
                r#"{{"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"s","Token":"t","Expiration":"{}"}}"#,
                fakes::rfc3339(fakes::in_an_hour())
            ),
        )
    })
    .await;
    let full_uri = format!("{}/creds", container.url);
    let c = DefaultCredentialsChain::new(imds.env(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full_uri)]))
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "ASIACONTAINER");
    assert_eq!(imds.fake.count(), 0);
}

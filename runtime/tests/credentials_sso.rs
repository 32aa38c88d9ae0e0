//! IAM Identity Center: the token cache in a temporary home, and a loopback
//! SSO portal answering GetRoleCredentials.
#![cfg(feature = "client")]

mod fakes;

use fakes::{Reply, Seen};
use smithy_rt::client::{CredentialsErrorKind, DefaultCredentialsChain, Env, ProvideCredentials};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// SHA-1 of the session name `my-sso` and of the legacy start URL (computed
/// independently of the code under test).
const SESSION_CACHE: &str = "0ad374308c5a4e22f723adf10145eafad7c4031c.json";
const LEGACY_CACHE: &str = "79e435d7a515078e81c9dffc35f38d5687ebd3a7.json";
const ACCESS_TOKEN: &str = "sso-access-token-SECRET";

const CONFIG: &str = "\
[sso-session my-sso]
sso_start_url = https://my-sso-portal.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access

[profile dev]
sso_session = my-sso
sso_account_id = 123456789012
sso_role_name = ReadOnly
region = us-west-2

[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = 210987654321
sso_role_name = Admin

[profile no-role]
sso_session = my-sso
sso_account_id = 123456789012

[profile lost-session]
sso_session = elsewhere
sso_account_id = 1
sso_role_name = R

[profile mismatch]
sso_session = my-sso
sso_start_url = https://other.awsapps.com/start
sso_account_id = 1
sso_role_name = R

[profile denied]
sso_session = my-sso
sso_account_id = 999999999999
sso_role_name = ReadOnly

[profile revoked]
sso_session = my-sso
sso_account_id = 401401401401
sso_role_name = ReadOnly

[profile role-on-sso]
role_arn = arn:aws:iam::123456789012:role/deployer
source_profile = dev
";

fn expiry_in(d: Duration) -> String {
    fakes::rfc3339(SystemTime::now() + d)
}

fn write_token(home: &Path, file: &str, expires_at: &str) {
    let dir = home.join(".aws/sso/cache");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join(file),
        format!(
            r#"{{"startUrl": "https://my-sso-portal.awsapps.com/start", "region": "eu-west-1", "accessToken": "{ACCESS_TOKEN}",
               "expiresAt": "{expires_at}", "clientId": "c", "clientSecret": "client-secret", "refreshToken": "refresh"}}"#
        ),
    )
    .unwrap();
}

async fn portal() -> fakes::Fake {
    fakes::serve(|seen: &Seen| {
        if seen.path != "/federation/credentials" || seen.method != "GET" {
            return Reply::new(404, "");
        }
        if seen.header("x-amz-sso_bearer_token") != Some(ACCESS_TOKEN) {
            return Reply::new(401, r#"{"message":"Session token not found or invalid"}"#).header("x-amzn-errortype", "UnauthorizedException:http://internal.amazon.com/coral/com.amazon.switchboard.portal/");
        }
        match seen.query.get("account_id").map(String::as_str) {
            Some("999999999999") => Reply::new(403, r#"{"message":"No access"}"#).header("x-amzn-errortype", "ForbiddenException:http://internal.amazon.com/coral/com.amazon.switchboard.portal/"),
            Some("401401401401") => Reply::new(401, r#"{"message":"Session token not found or invalid"}"#).header("x-amzn-errortype", "UnauthorizedException:http://internal.amazon.com/coral/com.amazon.switchboard.portal/"),
            _ => {
                let ms = (SystemTime::now() + Duration::from_secs(3600)).duration_since(UNIX_EPOCH).unwrap().as_millis();
                Reply::new(
                    200,
                    format!(r#"{{"roleCredentials":{{"accessKeyId":"ASIASSO","secretAccessKey":"sso-secret","sessionToken":"sso-session-token","expiration":{ms}}}}}"#),
                )
                .header("content-type", "application/json")
            }
        }
    })
    .await
}

struct Setup {
    home: tempfile::TempDir,
    portal: fakes::Fake,
    sts: fakes::Fake,
}

impl Setup {
    async fn new() -> Self {
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir(home.path().join(".aws")).unwrap();
        std::fs::write(home.path().join(".aws/config"), CONFIG).unwrap();
        Setup { home, portal: portal().await, sts: fakes::sts().await }
    }
    async fn creds(
        &self,
        profile: &str,
    ) -> Result<smithy_rt::client::Credentials, smithy_rt::client::CredentialsError> {
        let env = Env::from_vars([
            ("AWS_PROFILE", profile),
            ("AWS_ENDPOINT_URL_SSO", &self.portal.url),
            ("AWS_ENDPOINT_URL_STS", &self.sts.url),
            ("AWS_EC2_METADATA_DISABLED", "true"),
        ])
        .with_home(self.home.path());
        DefaultCredentialsChain::new(env).provide_credentials().await
    }
}

#[tokio::test]
async fn an_sso_session_profile_gets_role_credentials() {
    let s = Setup::new().await;
    write_token(s.home.path(), SESSION_CACHE, &expiry_in(Duration::from_secs(8 * 3600)));
    let c = s.creds("dev").await.unwrap();
    assert_eq!(
        (c.access_key_id(), c.secret_access_key(), c.session_token()),
        ("ASIASSO", "sso-secret", Some("sso-session-token"))
    );
    assert_eq!(c.source(), "sso");
    assert!(c.expiry().unwrap() > SystemTime::now() + Duration::from_secs(3000));
    let r = &s.portal.requests()[0];
    assert_eq!(r.query.get("account_id").map(String::as_str), Some("123456789012"));
    assert_eq!(r.query.get("role_name").map(String::as_str), Some("ReadOnly"));
}

#[tokio::test]
async fn a_legacy_sso_profile_uses_the_start_url_cache_key() {
    let s = Setup::new().await;
    write_token(s.home.path(), LEGACY_CACHE, "2999-01-01T00:00:00UTC");
    assert_eq!(s.creds("legacy").await.unwrap().access_key_id(), "ASIASSO");
    assert_eq!(s.portal.requests()[0].query["role_name"], "Admin");
}

#[tokio::test]
async fn an_expired_or_missing_token_asks_for_aws_sso_login() {
    let s = Setup::new().await;
    let err = s.creds("dev").await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::LoginRequired);
    assert!(err.to_string().contains("aws sso login --sso-session my-sso"), "{err}");
    write_token(s.home.path(), SESSION_CACHE, "2020-01-01T00:00:00Z");
    let err = s.creds("dev").await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::LoginRequired);
    assert!(
        err.to_string().contains("expired") && err.to_string().contains("aws sso login --sso-session my-sso"),
        "{err}"
    );
    let err = s.creds("legacy").await.unwrap_err();
    assert!(err.to_string().contains("aws sso login --profile legacy"), "{err}");
    assert_eq!(s.portal.count(), 0);
}

#[tokio::test]
async fn portal_errors_and_bad_profiles() {
    let s = Setup::new().await;
    write_token(s.home.path(), SESSION_CACHE, &expiry_in(Duration::from_secs(3600)));
    let err = s.creds("denied").await.unwrap_err();
    assert_eq!((err.kind(), err.code()), (CredentialsErrorKind::ServiceError, Some("ForbiddenException")), "{err}");
    assert!(err.to_string().contains("No access"), "{err}");
    let err = s.creds("revoked").await.unwrap_err();
    assert_eq!((err.kind(), err.code()), (CredentialsErrorKind::LoginRequired, Some("UnauthorizedException")), "{err}");
    assert!(err.to_string().contains("aws sso login"), "{err}");
    for (profile, says) in
        [("no-role", "no sso_role_name"), ("lost-session", "[sso-session elsewhere]"), ("mismatch", "sso_start_url")]
    {
        let err = s.creds(profile).await.unwrap_err();
        assert_eq!(err.kind(), CredentialsErrorKind::InvalidConfiguration, "{profile}: {err}");
        assert!(err.to_string().contains(says), "{profile}: {err}");
    }
    for e in [s.creds("denied").await.unwrap_err(), s.creds("revoked").await.unwrap_err()] {
        assert!(!e.to_string().contains(ACCESS_TOKEN) && !format!("{e:?}").contains(ACCESS_TOKEN));
    }
}

#[tokio::test]
async fn sso_can_be_the_source_of_a_role() {
    let s = Setup::new().await;
    write_token(s.home.path(), SESSION_CACHE, &expiry_in(Duration::from_secs(3600)));
    assert_eq!(s.creds("role-on-sso").await.unwrap().access_key_id(), "ASIAdeployer");
    assert_eq!(fakes::signed_by(&s.sts.requests()[0]).as_deref(), Some("ASIASSO"));
}

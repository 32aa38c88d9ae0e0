//! Profiles that assume roles: `source_profile` chains (and cycles),
//! `credential_source`, the parameters of STS `AssumeRole`, and what is
//! refused; against a loopback STS that checks the requests are signed.
#![cfg(feature = "client")]

mod fakes;

use smithy_rt::client::{CredentialsErrorKind, DefaultCredentialsChain, Env, ProfileCredentials, ProvideCredentials};

const CONFIG: &str = "\
[default]
region = eu-central-1

[profile base]
aws_access_key_id = AKIDBASE
aws_secret_access_key = base-secret

[profile admin]
role_arn = arn:aws:iam::111111111111:role/admin
source_profile = base
external_id = ext-123
role_session_name = alice
duration_seconds = 1800

[profile deploy]
role_arn = arn:aws:iam::222222222222:role/deploy
source_profile = admin

[profile self]
role_arn = arn:aws:iam::333333333333:role/self
source_profile = self
aws_access_key_id = AKIDSELF
aws_secret_access_key = self-secret

[profile loop-a]
role_arn = arn:aws:iam::1:role/a
source_profile = loop-b

[profile loop-b]
role_arn = arn:aws:iam::1:role/b
source_profile = loop-a

[profile from-env]
role_arn = arn:aws:iam::444444444444:role/from-env
credential_source = Environment

[profile both]
role_arn = arn:aws:iam::1:role/both
source_profile = base
credential_source = Environment

[profile neither]
role_arn = arn:aws:iam::1:role/neither

[profile bad-source]
role_arn = arn:aws:iam::1:role/x
credential_source = Mainframe

[profile mfa]
role_arn = arn:aws:iam::1:role/mfa
source_profile = base
mfa_serial = arn:aws:iam::1:mfa/alice

[profile dangling]
role_arn = arn:aws:iam::1:role/x
source_profile = nowhere

[profile empty-source]
role_arn = arn:aws:iam::1:role/x
source_profile = nothing

[profile nothing]
region = us-east-1

[profile denied]
role_arn = arn:aws:iam::1:role/denied
source_profile = base

[profile keys-and-role]
aws_access_key_id = AKIDIGNORED
aws_secret_access_key = ignored
role_arn = arn:aws:iam::555555555555:role/wins
source_profile = base
";

struct Setup {
    home: tempfile::TempDir,
    sts: fakes::Fake,
}

impl Setup {
    async fn new() -> Self {
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir(home.path().join(".aws")).unwrap();
        std::fs::write(home.path().join(".aws/config"), CONFIG).unwrap();
        Setup { home, sts: fakes::sts().await }
    }
    fn env(&self, vars: &[(&str, &str)]) -> Env {
        let mut all: Vec<(String, String)> = vec![
            ("AWS_ENDPOINT_URL_STS".into(), self.sts.url.clone()),
            ("AWS_EC2_METADATA_DISABLED".into(), "true".into()),
        ];
        all.extend(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        Env::from_vars(all).with_home(self.home.path())
    }
    async fn profile(&self, name: &str) -> Result<smithy_rt::client::Credentials, smithy_rt::client::CredentialsError> {
        DefaultCredentialsChain::new(self.env(&[("AWS_PROFILE", name)])).provide_credentials().await
    }
}

#[tokio::test]
async fn a_role_with_a_static_source_profile() {
    let s = Setup::new().await;
    let c = s.profile("admin").await.unwrap();
    assert_eq!(
        (c.access_key_id(), c.secret_access_key(), c.session_token()),
        ("ASIAadmin", "secret-admin", Some("token-admin"))
    );
    assert_eq!(c.source(), "assume-role");
    let r = &s.sts.requests()[0];
    assert_eq!(fakes::signed_by(r).as_deref(), Some("AKIDBASE"));
    // The selected profile names no region (only `default` does): STS in us-east-1.
    assert!(r.header("authorization").unwrap().contains("/us-east-1/sts/aws4_request"));
    let form = r.form();
    assert_eq!(form["Action"], "AssumeRole");
    assert_eq!(form["RoleArn"], "arn:aws:iam::111111111111:role/admin");
    assert_eq!(form["ExternalId"], "ext-123");
    assert_eq!(form["RoleSessionName"], "alice");
    assert_eq!(form["DurationSeconds"], "1800");
}

#[tokio::test]
async fn sts_is_signed_for_the_configured_region() {
    let s = Setup::new().await;
    DefaultCredentialsChain::new(s.env(&[("AWS_PROFILE", "admin"), ("AWS_REGION", "ap-southeast-2")]))
        .provide_credentials()
        .await
        .unwrap();
    let auth = s.sts.requests()[0].header("authorization").unwrap().to_owned();
    assert!(auth.contains("/ap-southeast-2/sts/aws4_request"), "{auth}");
}

#[tokio::test]
async fn a_chain_of_source_profiles_assumes_each_role_in_turn() {
    let s = Setup::new().await;
    let c = s.profile("deploy").await.unwrap();
    assert_eq!(c.access_key_id(), "ASIAdeploy");
    let r = s.sts.requests();
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].form()["RoleArn"], "arn:aws:iam::111111111111:role/admin");
    assert_eq!(fakes::signed_by(&r[0]).as_deref(), Some("AKIDBASE"));
    assert_eq!(r[1].form()["RoleArn"], "arn:aws:iam::222222222222:role/deploy");
    assert_eq!(fakes::signed_by(&r[1]).as_deref(), Some("ASIAadmin"), "the second call is signed by the first role");
    assert_eq!(r[1].header("x-amz-security-token"), Some("token-admin"));
    assert!(!r[1].form().contains_key("ExternalId"), "settings belong to their own profile");
}

#[tokio::test]
async fn a_profile_may_be_its_own_source_through_its_keys() {
    let s = Setup::new().await;
    assert_eq!(s.profile("self").await.unwrap().access_key_id(), "ASIAself");
    assert_eq!(fakes::signed_by(&s.sts.requests()[0]).as_deref(), Some("AKIDSELF"));
}

#[tokio::test]
async fn a_role_wins_over_keys_in_the_same_profile() {
    let s = Setup::new().await;
    assert_eq!(s.profile("keys-and-role").await.unwrap().access_key_id(), "ASIAwins");
    assert_eq!(fakes::signed_by(&s.sts.requests()[0]).as_deref(), Some("AKIDBASE"));
}

#[tokio::test]
async fn credential_source_environment() {
    let s = Setup::new().await;
    let env = s.env(&[("AWS_PROFILE", "from-env")]);
    // The environment's keys would win in the chain, so ask the profile itself.
    let env_keys = {
        let mut v: Vec<(String, String)> =
            vec![("AWS_ENDPOINT_URL_STS".into(), s.sts.url.clone()), ("AWS_PROFILE".into(), "from-env".into())];
        v.push(("AWS_ACCESS_KEY_ID".into(), "AKIDENVSOURCE".into()));
        v.push(("AWS_SECRET_ACCESS_KEY".into(), "env-secret".into()));
        Env::from_vars(v).with_home(s.home.path())
    };
    let c = ProfileCredentials::new(env_keys).provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "ASIAfrom-env");
    assert_eq!(fakes::signed_by(&s.sts.requests()[0]).as_deref(), Some("AKIDENVSOURCE"));
    let err = ProfileCredentials::new(env).provide_credentials().await.unwrap_err();
    assert!(err.to_string().contains("AWS_ACCESS_KEY_ID"), "{err}");
}

#[tokio::test]
async fn a_cycle_of_source_profiles_is_a_configuration_error() {
    let s = Setup::new().await;
    let err = s.profile("loop-a").await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::InvalidConfiguration);
    assert!(err.to_string().contains("loop-a -> loop-b -> loop-a"), "{err}");
    assert_eq!(s.sts.count(), 0);
}

#[tokio::test]
async fn refused_and_wrong_profiles_are_explained() {
    let s = Setup::new().await;
    let cases: [(&str, CredentialsErrorKind, &str); 6] = [
        ("mfa", CredentialsErrorKind::Unsupported, "mfa_serial"),
        ("both", CredentialsErrorKind::InvalidConfiguration, "both source_profile and credential_source"),
        ("neither", CredentialsErrorKind::InvalidConfiguration, "neither source_profile"),
        ("bad-source", CredentialsErrorKind::InvalidConfiguration, "Mainframe"),
        ("dangling", CredentialsErrorKind::InvalidConfiguration, "`nowhere`"),
        (
            "empty-source",
            CredentialsErrorKind::InvalidConfiguration,
            "`nothing` is the source_profile of `empty-source`",
        ),
    ];
    for (profile, kind, says) in cases {
        let err = s.profile(profile).await.unwrap_err();
        assert_eq!(err.kind(), kind, "{profile}: {err}");
        assert!(err.to_string().contains(says), "{profile}: {err}");
    }
    assert_eq!(s.sts.count(), 0);
}

#[tokio::test]
async fn access_denied_carries_code_and_message() {
    let s = Setup::new().await;
    let err = s.profile("denied").await.unwrap_err();
    assert_eq!((err.kind(), err.code()), (CredentialsErrorKind::ServiceError, Some("AccessDenied")));
    assert!(err.to_string().contains("is not authorized to perform: sts:AssumeRole"), "{err}");
    assert!(!err.to_string().contains("base-secret"));
}

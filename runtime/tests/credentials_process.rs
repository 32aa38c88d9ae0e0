//! `credential_process`: a script written by the test prints the JSON.
#![cfg(all(feature = "client", unix))]

mod fakes;

use smithy_rt::client::{CredentialsErrorKind, DefaultCredentialsChain, Env, ProvideCredentials};
use std::path::Path;

fn write_script(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, body).unwrap();
    format!("sh {}", path.display())
}

fn setup(config: &str) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join(".aws")).unwrap();
    std::fs::write(home.path().join(".aws/config"), config.replace("HOME", home.path().to_str().unwrap())).unwrap();
    home
}

fn env(home: &Path, vars: &[(&str, &str)]) -> Env {
    let mut v: Vec<(String, String)> = vec![("AWS_EC2_METADATA_DISABLED".into(), "true".into())];
    v.extend(vars.iter().map(|(a, b)| (a.to_string(), b.to_string())));
    Env::from_vars(v).with_home(home)
}

#[tokio::test]
async fn the_process_json_becomes_cached_credentials() {
    let home = setup("[default]\ncredential_process = sh HOME/creds.sh --flag\n");
    let expiry = fakes::rfc3339(fakes::in_an_hour());
    write_script(
        home.path(),
        "creds.sh",
        &format!(
            "echo run >> \"$(dirname \"$0\")/runs\"\n\
             cat <<JSON\n{{\"Version\": 1, \"AccessKeyId\": \"ASIAPROCESS\", \"SecretAccessKey\": \"process-secret\", \
             \"SessionToken\": \"process-token\", \"Expiration\": \"{expiry}\"}}\nJSON\n"
        ),
    );
    let chain = DefaultCredentialsChain::new(env(home.path(), &[]));
    let c = chain.provide_credentials().await.unwrap();
    assert_eq!(
        (c.access_key_id(), c.secret_access_key(), c.session_token()),
        ("ASIAPROCESS", "process-secret", Some("process-token"))
    );
    assert_eq!(c.source(), "credential-process");
    assert!(c.expiry().is_some());
    chain.provide_credentials().await.unwrap();
    let runs = std::fs::read_to_string(home.path().join("runs")).unwrap();
    assert_eq!(runs.lines().count(), 1, "cached until near expiry");
}

#[tokio::test]
async fn failures_are_explained_without_the_output() {
    let home = setup(
        "[profile exits]\ncredential_process = sh HOME/exit.sh\n\
         [profile v2]\ncredential_process = sh HOME/v2.sh\n\
         [profile garbage]\ncredential_process = sh HOME/garbage.sh\n\
         [profile missing]\ncredential_process = HOME/does-not-exist\n",
    );
    write_script(home.path(), "exit.sh", "echo 'token expired, log in again' >&2\nexit 3\n");
    write_script(
        home.path(),
        "v2.sh",
        "echo '{\"Version\": 2, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"LEAKME\"}'\n",
    );
    write_script(home.path(), "garbage.sh", "echo 'SecretAccessKey=LEAKME not json'\n");
    for (profile, says) in
        [("exits", "token expired, log in again"), ("v2", "Version 2"), ("garbage", "not JSON"), ("missing", "failed")]
    {
        let err = DefaultCredentialsChain::new(env(home.path(), &[("AWS_PROFILE", profile)]))
            .provide_credentials()
            .await
            .unwrap_err();
        assert_eq!(err.kind(), CredentialsErrorKind::ProviderError, "{profile}: {err}");
        assert!(err.to_string().contains(says), "{profile}: {err}");
        assert!(err.to_string().contains(&format!("`{profile}`")), "{err}");
        assert!(!err.to_string().contains("LEAKME"), "{err}");
    }
}

#[tokio::test]
async fn a_process_can_be_the_source_of_a_role() {
    let sts = fakes::sts().await;
    let home = setup(
        "[profile proc]\ncredential_process = sh HOME/creds.sh\n\
         [profile role]\nrole_arn = arn:aws:iam::1:role/from-process\nsource_profile = proc\n",
    );
    write_script(
        home.path(),
        "creds.sh",
        "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", \"SecretAccessKey\": \"s\"}'\n",
    );
    let e = env(home.path(), &[("AWS_PROFILE", "role"), ("AWS_ENDPOINT_URL_STS", &sts.url)]);
    let c = DefaultCredentialsChain::new(e).provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "ASIAfrom-process");
    assert_eq!(fakes::signed_by(&sts.requests()[0]).as_deref(), Some("AKIDPROC"));
}

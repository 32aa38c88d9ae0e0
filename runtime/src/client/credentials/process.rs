//! `credential_process`: a command whose standard output is the JSON of
//! credentials (`Version: 1`, `AccessKeyId`, `SecretAccessKey`, optional
//! `SessionToken` and `Expiration`).

use super::http::{parse_time, safe_snippet};
use super::{Credentials, CredentialsError, CredentialsErrorKind};

fn failed(message: String) -> CredentialsError {
    CredentialsError::new(CredentialsErrorKind::ProviderError, message, None)
}

/// Runs `command` (through `sh -c`, or `cmd /C` on Windows) for the profile
/// `profile`. Messages name the profile, never the command line (it may hold
/// secrets) nor the output.
pub(crate) async fn run(profile: &str, command: &str) -> Result<Credentials, CredentialsError> {
    let command = command.to_owned();
    tracing::debug!(profile, "running credential_process");
    let output = tokio::task::spawn_blocking(move || {
        let mut cmd = if cfg!(windows) {
            let mut c = std::process::Command::new("cmd");
            c.arg("/C").arg(&command);
            c
        } else {
            let mut c = std::process::Command::new("sh");
            c.arg("-c").arg(&command);
            c
        };
        cmd.stdin(std::process::Stdio::null()).output()
    })
    .await
    .map_err(|e| failed(format!("the credential_process of profile `{profile}` did not finish: {e}")))?
    .map_err(|e| failed(format!("cannot run the credential_process of profile `{profile}`: {e}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(failed(format!(
            "the credential_process of profile `{profile}` failed ({}): {}",
            output.status,
            safe_snippet(stderr.trim().as_bytes())
        )));
    }
    parse(profile, &output.stdout)
}

fn parse(profile: &str, stdout: &[u8]) -> Result<Credentials, CredentialsError> {
    let bad = |what: &str| failed(format!("the credential_process of profile `{profile}` printed {what}"));
    let value: serde_json::Value = serde_json::from_slice(stdout).map_err(|_| bad("something that is not JSON"))?;
    let text = |key: &str| value.get(key).and_then(|v| v.as_str()).map(str::trim).filter(|s| !s.is_empty());
    match value.get("Version").and_then(|v| v.as_u64()) {
        Some(1) => {}
        Some(v) => return Err(bad(&format!("Version {v}; only Version 1 is understood"))),
        None => return Err(bad("JSON without \"Version\": 1")),
    }
    let key = text("AccessKeyId").ok_or_else(|| bad("no AccessKeyId"))?;
    let secret = text("SecretAccessKey").ok_or_else(|| bad("no SecretAccessKey"))?;
    let expiry = match text("Expiration") {
        Some(e) => {
            Some(parse_time(e).ok_or_else(|| bad(&format!("an Expiration that is not an RFC 3339 time: {e:?}")))?)
        }
        None => None,
    };
    Ok(Credentials::new(key, secret, text("SessionToken").map(str::to_owned), expiry).with_source("credential-process"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_version_1() {
        let c = super::parse(
            "p",
            br#"{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "S", "Expiration": "2030-01-01T00:00:00Z"}"#,
        )
        .unwrap();
        assert_eq!((c.access_key_id(), c.session_token()), ("A", None));
        assert!(c.expiry().is_some());
        let e = super::parse("p", br#"{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "S"}"#).unwrap_err();
        assert!(e.to_string().contains("Version 2"), "{e}");
        let e = super::parse(
            "p",
            br#"{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "TOPSECRET", "Expiration": "soon"}"#,
        )
        .unwrap_err();
        assert!(!e.to_string().contains("TOPSECRET"), "{e}");
    }
}

//! The sources behind [`DefaultCredentialsChain`](super::DefaultCredentialsChain)
//! and [`ProfileCredentials`](super::ProfileCredentials), in the chain's order.

use super::http::ProviderContext;
use super::{Credentials, CredentialsError, CredentialsErrorKind, ProvideCredentials};
use crate::client::profile::{selected_profile, ProfileFiles, Properties};
use crate::client::env::Env;
use crate::client::BoxFuture;
use std::sync::Arc;

/// What a profile's static keys say.
pub(crate) enum Static {
    /// The profile has static keys (or an error that ends the search).
    Found(Result<Credentials, CredentialsError>),
    /// The profile (named) gets credentials through the key named.
    Dynamic(String, &'static str),
}

/// Profile keys that name a way of getting credentials other than static keys.
pub(crate) const DYNAMIC_KEYS: &[&str] =
    &["role_arn", "web_identity_token_file", "sso_session", "sso_start_url", "credential_process", "credential_source"];

pub(crate) fn get<'a>(profile: &'a Properties, key: &str) -> Option<&'a str> {
    profile.get(key).map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// The profile's name and whether the user chose it (so that its absence is an error).
fn profile_name(env: &Env, chosen: Option<&str>) -> (String, bool) {
    match chosen {
        Some(name) => (name.to_owned(), true),
        None => (selected_profile(env), env.get("AWS_PROFILE").is_some()),
    }
}

/// The static keys of the selected (or `chosen`) profile, unless a role or
/// another source takes precedence over them.
pub(crate) fn profile_static(env: &Env, files: &ProfileFiles, chosen: Option<&str>) -> Static {
    let (name, chosen) = profile_name(env, chosen);
    let Some(profile) = files.profile(&name) else {
        let msg = format!("profile `{name}` is not in the shared config or credentials file");
        return Static::Found(Err(if chosen {
            CredentialsError::invalid_configuration(msg)
        } else {
            CredentialsError::not_loaded(msg)
        }));
    };
    // A role in the profile wins over its keys (they are then the role's source).
    for key in ["role_arn", "web_identity_token_file", "sso_session", "sso_start_url"] {
        if get(profile, key).is_some() {
            return Static::Dynamic(name, key);
        }
    }
    match static_keys(&name, profile) {
        Some(result) => Static::Found(result),
        None => match DYNAMIC_KEYS.iter().find(|k| get(profile, k).is_some()) {
            Some(k) => Static::Dynamic(name, k),
            None => Static::Found(Err(CredentialsError::not_loaded(format!("profile `{name}` has no credentials")))),
        },
    }
}

/// The profile's `aws_access_key_id`, `aws_secret_access_key` and `aws_session_token`, if it has any.
pub(crate) fn static_keys(name: &str, profile: &Properties) -> Option<Result<Credentials, CredentialsError>> {
    match (get(profile, "aws_access_key_id"), get(profile, "aws_secret_access_key")) {
        (Some(key), Some(secret)) => Some(Ok(Credentials::new(key, secret, get(profile, "aws_session_token").map(str::to_owned), None)
            .with_source("profile"))),
        (Some(_), None) => Some(Err(CredentialsError::invalid_configuration(format!(
            "profile `{name}` has aws_access_key_id but no aws_secret_access_key"
        )))),
        (None, Some(_)) => Some(Err(CredentialsError::invalid_configuration(format!(
            "profile `{name}` has aws_secret_access_key but no aws_access_key_id"
        )))),
        (None, None) => None,
    }
}

fn load_files(env: &Env) -> Result<ProfileFiles, CredentialsError> {
    ProfileFiles::load(env).map_err(|e| CredentialsError::invalid_configuration(e.to_string()))
}

/// The credentials of one profile that does not have (only) static keys.
#[derive(Debug)]
pub(crate) struct ProfileSource {
    pub(crate) ctx: Arc<ProviderContext>,
    pub(crate) profile: Option<String>,
}

impl ProvideCredentials for ProfileSource {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let files = load_files(&self.ctx.env)?;
            profile_credentials(&self.ctx, &files, self.profile.as_deref()).await
        })
    }
}

async fn profile_credentials(ctx: &ProviderContext, files: &ProfileFiles, chosen: Option<&str>) -> Result<Credentials, CredentialsError> {
    match profile_static(&ctx.env, files, chosen) {
        Static::Found(result) => result,
        Static::Dynamic(name, key) => Err(CredentialsError::unsupported(format!(
            "profile `{name}` gets credentials through `{key}`, which this client does not implement; \
             pass a provider with Config::builder().credentials_provider(..)"
        ))),
    }
}

/// Sources 2 to 5 of the default chain.
#[derive(Debug)]
pub(crate) struct ChainSource {
    pub(crate) ctx: Arc<ProviderContext>,
}

impl ProvideCredentials for ChainSource {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let ctx = &*self.ctx;
            let files = load_files(&ctx.env)?;
            let profile_err = match profile_credentials(ctx, &files, None).await {
                Err(e) if e.kind() == CredentialsErrorKind::NotLoaded => e,
                other => return other,
            };
            Err(CredentialsError::not_loaded(profile_err.message().to_owned()))
        })
    }
}

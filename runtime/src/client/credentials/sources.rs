//! The sources behind [`DefaultCredentialsChain`](super::DefaultCredentialsChain)
//! and [`ProfileCredentials`](super::ProfileCredentials), in the chain's order.

use super::http::ProviderContext;
use super::sts::{self, AssumeRole};
use super::{Credentials, CredentialsError, CredentialsErrorKind, ProvideCredentials};
use crate::client::env::Env;
use crate::client::profile::{selected_profile, ProfileFiles, Properties};
use crate::client::BoxFuture;
use std::path::PathBuf;
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
        (Some(key), Some(secret)) => {
            Some(Ok(Credentials::new(key, secret, get(profile, "aws_session_token").map(str::to_owned), None)
                .with_source("profile")))
        }
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

async fn profile_credentials(
    ctx: &ProviderContext,
    files: &ProfileFiles,
    chosen: Option<&str>,
) -> Result<Credentials, CredentialsError> {
    let (name, chosen_by_user) = profile_name(&ctx.env, chosen);
    let plan = plan(files, &name, chosen_by_user)?;
    run(ctx, files, &name, &plan).await
}

/// Where a profile's credentials start from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Base {
    Static(String),
    WebIdentity {
        profile: String,
        token_file: PathBuf,
        role_arn: String,
        session_name: Option<String>,
        duration_seconds: Option<u32>,
    },
    Sso(String),
    Process(String),
    /// `credential_source`: `Environment`, `Ec2InstanceMetadata` or `EcsContainer`.
    CredentialSource(&'static str),
}

/// A base, then roles assumed one after the other (the last is the selected profile's).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Plan {
    pub(crate) base: Base,
    pub(crate) roles: Vec<(String, AssumeRole)>,
}

fn invalid(msg: String) -> CredentialsError {
    CredentialsError::invalid_configuration(msg)
}

fn parse_duration(name: &str, profile: &Properties) -> Result<Option<u32>, CredentialsError> {
    get(profile, "duration_seconds")
        .map(|d| {
            d.parse::<u32>()
                .map_err(|_| invalid(format!("profile `{name}`: duration_seconds {d:?} is not a number of seconds")))
        })
        .transpose()
}

/// How the profile `name` gets its credentials, following `source_profile`s.
pub(crate) fn plan(files: &ProfileFiles, name: &str, chosen: bool) -> Result<Plan, CredentialsError> {
    let mut visited: Vec<String> = Vec::new();
    let mut roles: Vec<(String, AssumeRole)> = Vec::new();
    let mut current = name.to_owned();
    loop {
        let Some(profile) = files.profile(&current) else {
            let msg = if visited.is_empty() {
                format!("profile `{current}` is not in the shared config or credentials file")
            } else {
                format!(
                    "profile `{}` names source_profile `{current}`, which is not in the shared files",
                    visited.last().unwrap()
                )
            };
            return Err(if chosen || !visited.is_empty() { invalid(msg) } else { CredentialsError::not_loaded(msg) });
        };
        if visited.contains(&current) {
            let mut chain = visited.clone();
            chain.push(current.clone());
            return Err(invalid(format!("the source_profile chain {} is a cycle", chain.join(" -> "))));
        }
        visited.push(current.clone());
        let is_source = visited.len() > 1;
        if let Some(role_arn) = get(profile, "role_arn") {
            if get(profile, "mfa_serial").is_some() {
                return Err(CredentialsError::unsupported(format!(
                    "profile `{current}` assumes {role_arn} with mfa_serial: it needs an MFA code typed by a person, \
                     which this client cannot ask for; get temporary credentials with `aws sts get-session-token` \
                     or another tool, or pass a provider with Config::builder().credentials_provider(..)"
                )));
            }
            let session_name = get(profile, "role_session_name").map(str::to_owned);
            let duration_seconds = parse_duration(&current, profile)?;
            if let Some(token_file) = get(profile, "web_identity_token_file") {
                roles.reverse();
                return Ok(Plan {
                    base: Base::WebIdentity {
                        profile: current.clone(),
                        token_file: PathBuf::from(token_file),
                        role_arn: role_arn.to_owned(),
                        session_name,
                        duration_seconds,
                    },
                    roles,
                });
            }
            roles.push((
                current.clone(),
                AssumeRole {
                    role_arn: role_arn.to_owned(),
                    session_name,
                    external_id: get(profile, "external_id").map(str::to_owned),
                    duration_seconds,
                },
            ));
            match (get(profile, "source_profile"), get(profile, "credential_source")) {
                (Some(_), Some(_)) => {
                    return Err(invalid(format!("profile `{current}` has both source_profile and credential_source; keep one")))
                }
                (Some(source), None) if source == current => {
                    // A profile may be its own source through its static keys.
                    return match static_keys(&current, profile) {
                        Some(Ok(_)) => {
                            roles.reverse();
                            Ok(Plan { base: Base::Static(current), roles })
                        }
                        Some(Err(e)) => Err(e),
                        None => Err(invalid(format!(
                            "profile `{current}` is its own source_profile but has no aws_access_key_id and aws_secret_access_key"
                        ))),
                    };
                }
                (Some(source), None) => current = source.to_owned(),
                (None, Some(cs)) => {
                    let base = match cs {
                        "Environment" => "Environment",
                        "Ec2InstanceMetadata" => "Ec2InstanceMetadata",
                        "EcsContainer" => "EcsContainer",
                        other => {
                            return Err(invalid(format!(
                                "profile `{current}`: credential_source {other:?} is not one of Environment, Ec2InstanceMetadata, EcsContainer"
                            )))
                        }
                    };
                    roles.reverse();
                    return Ok(Plan { base: Base::CredentialSource(base), roles });
                }
                (None, None) => {
                    return Err(invalid(format!(
                        "profile `{current}` has role_arn but neither source_profile, credential_source nor web_identity_token_file"
                    )))
                }
            }
            continue;
        }
        if get(profile, "web_identity_token_file").is_some() {
            return Err(invalid(format!("profile `{current}` has web_identity_token_file but no role_arn")));
        }
        let base = if get(profile, "sso_session").is_some() || get(profile, "sso_start_url").is_some() {
            Base::Sso(current.clone())
        } else if let Some(result) = static_keys(&current, profile) {
            result?;
            Base::Static(current.clone())
        } else if get(profile, "credential_process").is_some() {
            Base::Process(current.clone())
        } else if is_source {
            return Err(invalid(format!(
                "profile `{current}` is the source_profile of `{}` but has no credentials",
                visited[visited.len() - 2]
            )));
        } else {
            return Err(CredentialsError::not_loaded(format!("profile `{current}` has no credentials")));
        };
        roles.reverse();
        return Ok(Plan { base, roles });
    }
}

async fn run(
    ctx: &ProviderContext,
    files: &ProfileFiles,
    selected: &str,
    plan: &Plan,
) -> Result<Credentials, CredentialsError> {
    let selected_profile = files.profile(selected);
    let mut creds = match &plan.base {
        Base::Static(name) => {
            let profile = files.profile(name).expect("planned from these files");
            static_keys(name, profile).expect("checked when planned")?
        }
        Base::WebIdentity { profile, token_file, role_arn, session_name, duration_seconds } => {
            let wi = WebIdentity {
                origin: format!("profile `{profile}`"),
                token_file: ctx.env_path(token_file),
                role_arn: role_arn.clone(),
                session_name: session_name.clone(),
                duration_seconds: *duration_seconds,
            };
            wi.fetch(ctx, files, selected_profile).await?
        }
        Base::Sso(name) => super::sso::fetch(ctx, files, name).await?,
        Base::Process(name) => {
            let command = files.profile(name).and_then(|p| get(p, "credential_process")).expect("checked when planned");
            super::process::run(name, command).await?
        }
        Base::CredentialSource(source) => credential_source(ctx, source).await?,
    };
    if !plan.roles.is_empty() {
        let target = sts::target(ctx, files, selected_profile)?;
        for (name, role) in &plan.roles {
            tracing::debug!(profile = %name, role_arn = %role.role_arn, "assuming a role");
            creds = sts::assume_role(ctx, &target, role, &creds).await?;
        }
    }
    Ok(creds)
}

async fn credential_source(ctx: &ProviderContext, source: &str) -> Result<Credentials, CredentialsError> {
    match source {
        "Environment" => super::EnvironmentCredentials::new(ctx.env.clone()).load(),
        "EcsContainer" if !super::container::configured(&ctx.env) => Err(invalid(
            "credential_source EcsContainer needs AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or AWS_CONTAINER_CREDENTIALS_FULL_URI".to_owned(),
        )),
        "EcsContainer" => super::container::fetch(ctx).await,
        "Ec2InstanceMetadata" => {
            let files = load_files(&ctx.env)?;
            super::imds::fetch(ctx, files.profile(&selected_profile(&ctx.env))).await
        }
        other => Err(CredentialsError::unsupported(format!("credential_source {other} is not implemented yet"))),
    }
}

/// `AssumeRoleWithWebIdentity` with a token read from a file at each call.
pub(crate) struct WebIdentity {
    /// What configured it, for messages.
    pub(crate) origin: String,
    pub(crate) token_file: PathBuf,
    pub(crate) role_arn: String,
    pub(crate) session_name: Option<String>,
    pub(crate) duration_seconds: Option<u32>,
}

impl WebIdentity {
    /// From `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN` and `AWS_ROLE_SESSION_NAME`, if the first is set.
    pub(crate) fn from_env(env: &Env) -> Option<Result<WebIdentity, CredentialsError>> {
        let file = env.get("AWS_WEB_IDENTITY_TOKEN_FILE")?;
        let Some(role_arn) = env.get("AWS_ROLE_ARN") else {
            return Some(Err(invalid("AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not".to_owned())));
        };
        Some(Ok(WebIdentity {
            origin: "AWS_WEB_IDENTITY_TOKEN_FILE".to_owned(),
            token_file: PathBuf::from(file.trim()),
            role_arn: role_arn.trim().to_owned(),
            session_name: env.get("AWS_ROLE_SESSION_NAME").map(|s| s.trim().to_owned()),
            duration_seconds: None,
        }))
    }

    pub(crate) async fn fetch(
        &self,
        ctx: &ProviderContext,
        files: &ProfileFiles,
        profile: Option<&Properties>,
    ) -> Result<Credentials, CredentialsError> {
        let path = &self.token_file;
        let token = std::fs::read_to_string(path).map_err(|e| {
            invalid(format!("cannot read the web identity token file {} (from {}): {e}", path.display(), self.origin))
        })?;
        let token = token.trim();
        if token.is_empty() {
            return Err(invalid(format!(
                "the web identity token file {} (from {}) is empty",
                path.display(),
                self.origin
            )));
        }
        let target = sts::target(ctx, files, profile)?;
        sts::assume_role_with_web_identity(
            ctx,
            &target,
            &self.role_arn,
            self.session_name.as_deref(),
            token,
            self.duration_seconds,
        )
        .await
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
            let selected = files.profile(&selected_profile(&ctx.env));
            if let Some(wi) = WebIdentity::from_env(&ctx.env) {
                return wi?.fetch(ctx, &files, selected).await;
            }
            let profile_err = match profile_credentials(ctx, &files, None).await {
                Err(e) if e.kind() == CredentialsErrorKind::NotLoaded => e,
                other => return other,
            };
            if super::container::configured(&ctx.env) {
                return super::container::fetch(ctx).await;
            }
            match super::imds::fetch(ctx, selected).await {
                Err(e) if e.kind() == CredentialsErrorKind::NotLoaded => Err(CredentialsError::not_loaded(format!(
                    "{}; no container credentials (AWS_CONTAINER_CREDENTIALS_*_URI is not set); {}",
                    profile_err.message(),
                    e.message()
                ))),
                other => other,
            }
        })
    }
}

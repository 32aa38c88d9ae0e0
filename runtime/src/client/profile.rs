//! The shared AWS configuration files: `~/.aws/config` and `~/.aws/credentials`.
//!
//! The format follows the AWS SDKs' shared-file specification: `[profile
//! name]` sections in the config file (`[default]` also allowed), `[name]`
//! sections in the credentials file, `[services name]` sections holding
//! per-service settings, `#`/`;` comments, and indented sub-properties under a
//! property with an empty value. Properties of a profile in the credentials
//! file override the same profile's properties in the config file.

use super::env::Env;
use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// A profile's (or services section's) properties. Sub-properties are stored
/// as `parent.child`.
pub(crate) type Properties = BTreeMap<String, String>;

/// Both files, parsed and merged.
#[derive(Clone, Default)]
pub(crate) struct ProfileFiles {
    profiles: BTreeMap<String, Properties>,
    services: BTreeMap<String, Properties>,
    sso_sessions: BTreeMap<String, Properties>,
}

// Values may be secrets: show the profiles' names and keys only.
impl fmt::Debug for ProfileFiles {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys = |m: &BTreeMap<String, Properties>| -> BTreeMap<String, Vec<String>> {
            m.iter().map(|(k, v)| (k.clone(), v.keys().cloned().collect())).collect()
        };
        f.debug_struct("ProfileFiles")
            .field("profiles", &keys(&self.profiles))
            .field("services", &keys(&self.services))
            .field("sso_sessions", &keys(&self.sso_sessions))
            .finish()
    }
}

/// A profile file exists but could not be read.
#[derive(Debug)]
pub(crate) struct ProfileFileError {
    pub(crate) path: PathBuf,
    pub(crate) source: io::Error,
}

impl fmt::Display for ProfileFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read {}: {}", self.path.display(), self.source)
    }
}

#[derive(Clone, Copy, PartialEq)]
enum FileKind {
    Config,
    Credentials,
}

impl ProfileFiles {
    /// Reads `AWS_CONFIG_FILE` (default `~/.aws/config`) and
    /// `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`). A missing
    /// file is no error.
    pub(crate) fn load(env: &Env) -> Result<Self, ProfileFileError> {
        let config = read_optional(env.path_or_home("AWS_CONFIG_FILE", ".aws/config").as_deref())?;
        let credentials =
            read_optional(env.path_or_home("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials").as_deref())?;
        Ok(Self::parse(&config, &credentials))
    }

    /// Parses the two files' contents.
    pub(crate) fn parse(config: &str, credentials: &str) -> Self {
        let mut files = ProfileFiles::default();
        let mut plain_default = None;
        let mut prefixed_default = false;
        for section in sections(config, FileKind::Config) {
            let target = match section.header {
                Header::PlainDefault => plain_default.get_or_insert_with(Properties::new),
                Header::Profile(name) => {
                    prefixed_default |= name == "default";
                    files.profiles.entry(name).or_default()
                }
                Header::Services(name) => files.services.entry(name).or_default(),
                Header::SsoSession(name) => files.sso_sessions.entry(name).or_default(),
            };
            target.extend(section.properties);
        }
        // `[profile default]` wins over `[default]` in the config file.
        if let (Some(props), false) = (plain_default, prefixed_default) {
            files.profiles.entry("default".to_owned()).or_default().extend(props);
        }
        for section in sections(credentials, FileKind::Credentials) {
            if let Header::Profile(name) = section.header {
                files.profiles.entry(name).or_default().extend(section.properties);
            }
        }
        files
    }

    /// The profile called `name`.
    pub(crate) fn profile(&self, name: &str) -> Option<&Properties> {
        self.profiles.get(name)
    }

    /// An `[sso-session name]` section of the config file.
    pub(crate) fn sso_session(&self, name: &str) -> Option<&Properties> {
        self.sso_sessions.get(name)
    }

    /// A `[services name]` section.
    pub(crate) fn services(&self, name: &str) -> Option<&Properties> {
        self.services.get(name)
    }
}

/// The selected profile's name: `AWS_PROFILE`, else `default`.
pub(crate) fn selected_profile(env: &Env) -> String {
    env.get("AWS_PROFILE").map(|p| p.trim().to_owned()).unwrap_or_else(|| "default".to_owned())
}

fn read_optional(path: Option<&Path>) -> Result<String, ProfileFileError> {
    let Some(path) = path else { return Ok(String::new()) };
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(String::new()),
        Err(source) => Err(ProfileFileError { path: path.to_owned(), source }),
    }
}

enum Header {
    PlainDefault,
    Profile(String),
    Services(String),
    SsoSession(String),
}

struct Section {
    header: Header,
    properties: Properties,
}

fn sections(text: &str, kind: FileKind) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    // Whether lines belong to a section we keep; properties of ignored
    // sections (and before any section) are dropped.
    let mut keeping = false;
    // The last property's key and whether its value was empty (so that
    // indented lines are sub-properties rather than continuations).
    let mut last: Option<(String, bool)> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        if indented && !trimmed.starts_with('[') {
            if let (true, Some((key, empty)), Some(section)) = (keeping, &last, out.last_mut()) {
                if *empty {
                    if let Some((k, v)) = property(trimmed) {
                        section.properties.insert(format!("{key}.{k}"), v);
                    }
                } else if let Some(value) = section.properties.get_mut(key) {
                    value.push('\n');
                    value.push_str(trimmed);
                }
            }
            continue;
        }
        last = None;
        if let Some(rest) = trimmed.strip_prefix('[') {
            keeping = false;
            let Some(end) = rest.find(']') else { continue };
            let name = rest[..end].trim();
            let header = match kind {
                FileKind::Credentials => (!name.is_empty()).then(|| Header::Profile(name.to_owned())),
                FileKind::Config if name == "default" => Some(Header::PlainDefault),
                FileKind::Config => prefixed(name, "profile")
                    .map(Header::Profile)
                    .or_else(|| prefixed(name, "services").map(Header::Services))
                    .or_else(|| prefixed(name, "sso-session").map(Header::SsoSession)),
            };
            if let Some(header) = header {
                keeping = true;
                out.push(Section { header, properties: Properties::new() });
            }
            continue;
        }
        if !keeping {
            continue;
        }
        if let (Some((k, v)), Some(section)) = (property(trimmed), out.last_mut()) {
            last = Some((k.clone(), v.is_empty()));
            section.properties.insert(k, v);
        }
    }
    out
}

/// `profile  name` → `name` (the keyword, then whitespace, then a name).
fn prefixed(header: &str, keyword: &str) -> Option<String> {
    let rest = header.strip_prefix(keyword)?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let name = rest.trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// `key = value # comment` → (`key`, `value`); keys are lower-cased.
fn property(line: &str) -> Option<(String, String)> {
    let (key, value) = line.split_once('=')?;
    let key = key.trim();
    if key.is_empty() {
        return None;
    }
    Some((key.to_ascii_lowercase(), strip_comment(value.trim()).to_owned()))
}

/// A `#` or `;` preceded by whitespace starts a comment in a value.
fn strip_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    for i in 1..bytes.len() {
        if (bytes[i] == b'#' || bytes[i] == b';') && bytes[i - 1].is_ascii_whitespace() {
            return value[..i].trim_end();
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "\
# a comment
[default]
region = us-west-2

[profile dev]  ; trailing comment
region=eu-west-1 # inline comment
output = json
s3 =
  max_concurrent_requests = 10
services = local

[profile  spaced ]
region = ap-south-1

[services local]
appstream =
  endpoint_url = http://localhost:4566

[sso-session x]
sso_region = us-east-1

[not-a-profile]
region = nowhere
";

    const CREDENTIALS: &str = "\
[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = secret/with+chars#kept

[dev]
aws_access_key_id=AKIDDEV
aws_secret_access_key=devsecret
region = us-east-2
";

    #[test]
    fn parses_and_merges_both_files() {
        let files = ProfileFiles::parse(CONFIG, CREDENTIALS);
        let default = files.profile("default").unwrap();
        assert_eq!(default["region"], "us-west-2");
        assert_eq!(default["aws_secret_access_key"], "secret/with+chars#kept");
        let dev = files.profile("dev").unwrap();
        assert_eq!(dev["region"], "us-east-2", "the credentials file wins");
        assert_eq!(dev["output"], "json");
        assert_eq!(dev["s3.max_concurrent_requests"], "10");
        assert_eq!(dev["services"], "local");
        assert_eq!(files.profile("spaced").unwrap()["region"], "ap-south-1");
        assert!(files.profile("not-a-profile").is_none());
        assert!(files.profile("x").is_none());
        assert_eq!(files.services("local").unwrap()["appstream.endpoint_url"], "http://localhost:4566");
    }

    #[test]
    fn prefixed_default_wins_over_plain_default() {
        let files = ProfileFiles::parse("[default]\nregion = a\nx = 1\n[profile default]\nregion = b\n", "");
        let p = files.profile("default").unwrap();
        assert_eq!(p["region"], "b");
        assert!(!p.contains_key("x"));
    }

    #[test]
    fn continuation_lines_and_odd_lines() {
        let files = ProfileFiles::parse("", "[p]\nkey = a\n  b\nnot a property\n[broken\nx = 1\n[q]\n=novalue\n");
        let p = files.profile("p").unwrap();
        assert_eq!(p["key"], "a\nb");
        assert_eq!(p.len(), 1);
        assert!(files.profile("q").unwrap().is_empty());
    }

    #[test]
    fn debug_shows_no_values() {
        let files = ProfileFiles::parse("", CREDENTIALS);
        let shown = format!("{files:?}");
        assert!(shown.contains("aws_secret_access_key") && !shown.contains("devsecret"), "{shown}");
    }
}

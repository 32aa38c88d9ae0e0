//! Which URL requests go to.
//!
//! In order: the builder's `endpoint_url`; `AWS_ENDPOINT_URL_<SERVICE>`;
//! `AWS_ENDPOINT_URL`; the profile's `services` section's
//! `<service>.endpoint_url`; the profile's `endpoint_url`; else
//! `https://<endpoint_prefix>.<region>.<dns suffix>`, the suffix being
//! `amazonaws.com`, or `amazonaws.com.cn` in China regions (`cn-*`).
//! `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` (or the profile's
//! `ignore_configured_endpoint_urls = true`) skips the variables and profile.

use super::env::Env;
use super::error::{ConstructionError, ConstructionErrorKind};
use super::profile::{ProfileFiles, Properties};
use super::ServiceMeta;
use std::collections::BTreeMap;

/// Endpoint URLs found in the environment and the profile.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ConfiguredEndpoints {
    /// `AWS_ENDPOINT_URL_<SUFFIX>` by suffix.
    env_service: BTreeMap<String, String>,
    env_global: Option<String>,
    /// The profile's services section, by lower-case service key.
    profile_service: BTreeMap<String, String>,
    profile_global: Option<String>,
}

impl ConfiguredEndpoints {
    pub(crate) fn load(env: &Env, profile: Option<&Properties>, files: &ProfileFiles) -> Self {
        let truthy = |v: Option<&str>| v.is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        let ignore = match env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") {
            Some(v) => truthy(Some(&v)),
            None => truthy(profile.and_then(|p| p.get("ignore_configured_endpoint_urls")).map(String::as_str)),
        };
        if ignore {
            return Self::default();
        }
        let mut found = ConfiguredEndpoints::default();
        for (name, value) in env.with_prefix("AWS_ENDPOINT_URL") {
            match name.strip_prefix("AWS_ENDPOINT_URL") {
                Some("") => found.env_global = Some(value.trim().to_owned()),
                Some(rest) => {
                    if let Some(suffix) = rest.strip_prefix('_') {
                        found.env_service.insert(suffix.to_owned(), value.trim().to_owned());
                    }
                }
                None => {}
            }
        }
        if let Some(profile) = profile {
            found.profile_global = profile.get("endpoint_url").map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
            if let Some(section) = profile.get("services").and_then(|name| files.services(name.trim())) {
                for (key, value) in section {
                    if let Some(service) = key.strip_suffix(".endpoint_url") {
                        found.profile_service.insert(service.to_ascii_lowercase(), value.trim().to_owned());
                    }
                }
            }
        }
        found
    }

    /// The configured URL for the service whose variables are named
    /// `env_name`, and where it came from.
    pub(crate) fn lookup(&self, env_name: &str) -> Option<(&str, String)> {
        if let Some(url) = self.env_service.get(env_name) {
            return Some((url, format!("AWS_ENDPOINT_URL_{env_name}")));
        }
        if let Some(url) = &self.env_global {
            return Some((url, "AWS_ENDPOINT_URL".to_owned()));
        }
        let key = env_name.to_ascii_lowercase();
        if let Some(url) = self.profile_service.get(&key) {
            return Some((url, format!("the profile's services section ({key}.endpoint_url)")));
        }
        self.profile_global.as_deref().map(|url| (url, "the profile's endpoint_url".to_owned()))
    }
}

/// Where requests go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Endpoint {
    /// `scheme://authority` as configured.
    pub(crate) origin: String,
    /// The endpoint's path, without a trailing `/` (often empty).
    pub(crate) base_path: String,
    /// The `Host` header: the host, and the port unless it is the scheme's default.
    pub(crate) host_header: String,
}

impl Endpoint {
    /// The URL of a request whose protocol path is `path`; an empty one
    /// (the awsJson protocols') is `/`, after the endpoint's own path, as
    /// Smithy's protocol tests say (`example.com/custom` → `/custom/`).
    pub(crate) fn url(&self, path: &str) -> String {
        let path = if path.is_empty() { "/" } else { path };
        format!("{}{}{}", self.origin, self.base_path, path)
    }
}

impl Endpoint {
    /// The endpoint with `prefix` put before its host (`data-` +
    /// `svc.us-east-1.amazonaws.com`), or why the result is not a host: each
    /// DNS label the prefix makes (the last one joined with the host's first
    /// label unless the prefix ends with `.`) must be a valid host label.
    pub(crate) fn with_host_prefix(&self, prefix: &str) -> Result<Endpoint, ConstructionError> {
        let (scheme, authority) = self.origin.split_once("://").unwrap_or(("https", &self.origin));
        let host_header = format!("{prefix}{}", self.host_header);
        let made = prefix.matches('.').count() + usize::from(!prefix.ends_with('.'));
        if let Some(bad) = host_header.split(['.', ':']).take(made).find(|l| !valid_host_label(l)) {
            return Err(ConstructionError::new(
                ConstructionErrorKind::InvalidHostLabel,
                format!(
                    "the host prefix {prefix:?} before {:?} makes the DNS label {bad:?}, which is not valid \
                     (1 to 63 letters, digits and '-', not starting or ending with '-')",
                    self.host_header
                ),
            ));
        }
        Ok(Endpoint {
            origin: format!("{scheme}://{prefix}{authority}"),
            base_path: self.base_path.clone(),
            host_header,
        })
    }
}

/// Whether `label` is a valid DNS host label: 1 to 63 ASCII letters, digits
/// and `-`, not starting or ending with `-` (RFC 3986 and RFC 1123).
pub(crate) fn valid_host_label(label: &str) -> bool {
    let b = label.as_bytes();
    (1..=63).contains(&b.len())
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

/// Whether `region` can be put in a host name.
pub(crate) fn valid_region(region: &str) -> bool {
    let b = region.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

/// The DNS suffix of a region's partition.
fn dns_suffix(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else if region.starts_with("us-isob-") {
        "sc2s.sgov.gov"
    } else if region.starts_with("us-isof-") {
        "csp.hci.ic.gov"
    } else if region.starts_with("us-iso-") {
        "c2s.ic.gov"
    } else if region.starts_with("eu-isoe-") {
        "cloud.adc-e.uk"
    } else {
        "amazonaws.com"
    }
}

pub(crate) fn resolve(
    service: &ServiceMeta,
    region: Option<&str>,
    explicit: Option<&str>,
    configured: &ConfiguredEndpoints,
) -> Result<Endpoint, ConstructionError> {
    if let Some(url) = explicit {
        return parse_url(url, "the configured endpoint_url");
    }
    if let Some((url, source)) = configured.lookup(service.env_name) {
        return parse_url(url, &source);
    }
    let region = region.ok_or_else(missing_region)?;
    if !valid_region(region) {
        return Err(ConstructionError::new(
            ConstructionErrorKind::InvalidRegion,
            format!("region {region:?} is not a valid region name (lower-case letters, digits and '-')"),
        ));
    }
    let host = format!("{}.{}.{}", service.endpoint_prefix, region, dns_suffix(region));
    Ok(Endpoint { origin: format!("https://{host}"), base_path: String::new(), host_header: host })
}

pub(crate) fn missing_region() -> ConstructionError {
    ConstructionError::new(
        ConstructionErrorKind::MissingRegion,
        "no region is configured: set it with Config::builder().region(..), AWS_REGION, \
         or `region` in the profile of ~/.aws/config",
    )
}

fn parse_url(url: &str, source: &str) -> Result<Endpoint, ConstructionError> {
    let bad = |reason: &str| {
        ConstructionError::new(
            ConstructionErrorKind::InvalidEndpoint,
            format!("endpoint URL {url:?} from {source} {reason}"),
        )
    };
    let uri: http::Uri = url.parse().map_err(|e: http::uri::InvalidUri| bad("is not a URL").with_source(e))?;
    let default_port = match uri.scheme_str() {
        Some(s) if s.eq_ignore_ascii_case("https") => 443,
        Some(s) if s.eq_ignore_ascii_case("http") => 80,
        _ => return Err(bad("must start with http:// or https://")),
    };
    let authority = uri.authority().ok_or_else(|| bad("has no host"))?;
    if authority.as_str().contains('@') {
        return Err(bad("must not contain user information"));
    }
    if uri.query().is_some() {
        return Err(bad("must not have a query"));
    }
    let host_header = match authority.port_u16() {
        Some(port) if port != default_port => format!("{}:{port}", authority.host()),
        _ => authority.host().to_owned(),
    };
    let scheme = uri.scheme_str().unwrap_or_default().to_ascii_lowercase();
    Ok(Endpoint {
        origin: format!("{scheme}://{authority}"),
        base_path: uri.path().trim_end_matches('/').to_owned(),
        host_header,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Protocol;

    static SERVICE: ServiceMeta = ServiceMeta {
        sdk_id: "AppStream",
        target_prefix: "PhotonAdminProxyService",
        signing_name: "appstream",
        endpoint_prefix: "appstream2",
        env_name: "APPSTREAM",
        protocol: Protocol::AwsJson1_1,
        crate_name: "appstream",
        crate_version: "0.1.0",
        query_compatible: false,
        endpoint_rules: None,
    };

    fn url(e: &Endpoint) -> String {
        e.url("")
    }

    #[test]
    fn standard_and_china_endpoints() {
        let none = ConfiguredEndpoints::default();
        let e = resolve(&SERVICE, Some("us-east-1"), None, &none).unwrap();
        assert_eq!(url(&e), "https://appstream2.us-east-1.amazonaws.com/");
        assert_eq!(e.host_header, "appstream2.us-east-1.amazonaws.com");
        let e = resolve(&SERVICE, Some("cn-north-1"), None, &none).unwrap();
        assert_eq!(url(&e), "https://appstream2.cn-north-1.amazonaws.com.cn/");
        let e = resolve(&SERVICE, Some("us-gov-west-1"), None, &none).unwrap();
        assert_eq!(url(&e), "https://appstream2.us-gov-west-1.amazonaws.com/");
        let e = resolve(&SERVICE, Some("us-isob-east-1"), None, &none).unwrap();
        assert_eq!(e.host_header, "appstream2.us-isob-east-1.sc2s.sgov.gov");
        assert_eq!(resolve(&SERVICE, None, None, &none).unwrap_err().kind(), ConstructionErrorKind::MissingRegion);
        for bad in ["US-EAST-1", "evil.com/x", "-a", ""] {
            assert_eq!(
                resolve(&SERVICE, Some(bad), None, &none).unwrap_err().kind(),
                ConstructionErrorKind::InvalidRegion,
                "{bad}"
            );
        }
    }

    #[test]
    fn host_prefixes_go_before_the_host_and_must_make_valid_labels() {
        let none = ConfiguredEndpoints::default();
        let e = resolve(&SERVICE, Some("us-east-1"), None, &none).unwrap();
        let p = e.with_host_prefix("data-").unwrap();
        assert_eq!(url(&p), "https://data-appstream2.us-east-1.amazonaws.com/");
        assert_eq!(p.host_header, "data-appstream2.us-east-1.amazonaws.com");
        let p = e.with_host_prefix("fleet-1.").unwrap();
        assert_eq!(p.host_header, "fleet-1.appstream2.us-east-1.amazonaws.com");
        let e = resolve(&SERVICE, None, Some("http://127.0.0.1:4566/base"), &none).unwrap();
        let p = e.with_host_prefix("a.b-c.").unwrap();
        assert_eq!(
            (url(&p).as_str(), p.host_header.as_str()),
            ("http://a.b-c.127.0.0.1:4566/base/", "a.b-c.127.0.0.1:4566")
        );
        for bad in ["-x.", "x-.", "a..", &format!("{}.", "a".repeat(64)), &"a".repeat(61), "."] {
            let err = e.with_host_prefix(bad).unwrap_err();
            assert_eq!(err.kind(), ConstructionErrorKind::InvalidHostLabel, "{bad}");
            assert!(err.to_string().contains("makes the DNS label"), "{err}");
        }
        assert!(valid_host_label("Az09-x") && !valid_host_label("") && !valid_host_label("a_b"));
    }

    #[test]
    fn explicit_urls_keep_ports_and_paths() {
        let none = ConfiguredEndpoints::default();
        let e = resolve(&SERVICE, None, Some("http://127.0.0.1:4566"), &none).unwrap();
        assert_eq!((url(&e).as_str(), e.host_header.as_str()), ("http://127.0.0.1:4566/", "127.0.0.1:4566"));
        let e = resolve(&SERVICE, None, Some("https://example.com:443/base/"), &none).unwrap();
        assert_eq!((url(&e).as_str(), e.host_header.as_str()), ("https://example.com:443/base/", "example.com"));
        let e = resolve(&SERVICE, None, Some("http://[::1]:8080"), &none).unwrap();
        assert_eq!(e.host_header, "[::1]:8080");
        for bad in ["ftp://x", "not a url", "http://u:p@host", "http://h/?q=1", "/path"] {
            let err = resolve(&SERVICE, None, Some(bad), &none).unwrap_err();
            assert_eq!(err.kind(), ConstructionErrorKind::InvalidEndpoint, "{bad}");
        }
    }

    #[test]
    fn environment_then_profile_precedence() {
        let files = ProfileFiles::parse(
            "[default]\nendpoint_url = http://profile-global\nservices = s\n[services s]\nappstream =\n  endpoint_url = http://profile-service\n",
            "",
        );
        let profile = files.profile("default");
        let pick = |vars: Vec<(&str, &str)>| {
            let c = ConfiguredEndpoints::load(&Env::from_vars(vars), profile, &files);
            url(&resolve(&SERVICE, Some("us-east-1"), None, &c).unwrap())
        };
        assert_eq!(
            pick(vec![("AWS_ENDPOINT_URL_APPSTREAM", "http://service"), ("AWS_ENDPOINT_URL", "http://global")]),
            "http://service/"
        );
        assert_eq!(
            pick(vec![("AWS_ENDPOINT_URL", "http://global"), ("AWS_ENDPOINT_URL_OTHER", "http://other")]),
            "http://global/"
        );
        assert_eq!(pick(vec![]), "http://profile-service/");
        assert_eq!(
            pick(vec![("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"), ("AWS_ENDPOINT_URL", "http://g")]),
            "https://appstream2.us-east-1.amazonaws.com/"
        );
        let bare = ProfileFiles::parse("[default]\nendpoint_url = http://profile-global\n", "");
        let c = ConfiguredEndpoints::load(&Env::from_vars([("X", "1")]), bare.profile("default"), &bare);
        assert_eq!(url(&resolve(&SERVICE, None, None, &c).unwrap()), "http://profile-global/");
    }
}

//! Which URL requests go to.
//!
//! The configured endpoint URL is, in order: the builder's `endpoint_url`;
//! `AWS_ENDPOINT_URL_<SERVICE>`; `AWS_ENDPOINT_URL`; the profile's
//! `services` section's `<service>.endpoint_url`; the profile's
//! `endpoint_url`. `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` (or the
//! profile's `ignore_configured_endpoint_urls = true`) skips the variables
//! and profile.
//!
//! A service with endpoint rules ([`ServiceMeta::endpoint_rules`]) resolves
//! with them, once per client: the built-ins are the trimmed region, the
//! FIPS and dual-stack settings, the configured endpoint URL (which the
//! rules validate) and the account id endpoint mode. The rules' URL is
//! where requests go, their headers are added to every request (and
//! signed), and the first `sigv4` entry of their `authSchemes` property
//! names the signing name and region. An operation with its own rules
//! ([`Operation::ENDPOINT_RULES`](super::Operation::ENDPOINT_RULES))
//! resolves at each call instead. An error rule, or auth schemes without
//! `sigv4`, fail each call with [`ConstructionErrorKind::EndpointRules`].
//!
//! A service without rules goes to the configured endpoint URL, else to
//! `https://<endpoint_prefix>.<region>.<dns suffix>`, the suffix being
//! `amazonaws.com`, or `amazonaws.com.cn` in China regions (`cn-*`).
//!
//! Either way, an operation's host prefix then goes before the host, and a
//! discovered endpoint ([`super::discovery`]) replaces the URL and host.
//! [`ConfigBuilder::connect_to`](super::ConfigBuilder::connect_to) changes
//! where the connection goes, not the URL the request is signed for.

use super::config::Config;
use super::env::Env;
use super::error::{ConstructionError, ConstructionErrorKind};
use super::profile::{ProfileFiles, Properties};
use super::ServiceMeta;
use crate::rules::{BuiltIns, EndpointError};
use crate::Document;
use http::{HeaderName, HeaderValue};
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

/// An endpoint as a client's requests use it: where they go, the headers
/// the endpoint rules add, and how to sign.
#[derive(Debug, Clone)]
pub(crate) struct Resolved {
    pub(crate) endpoint: Endpoint,
    /// The rules' headers, by name, each with its values in order (at least one).
    pub(crate) headers: Vec<(HeaderName, Vec<HeaderValue>)>,
    pub(crate) signing: Signing,
}

impl Resolved {
    fn without_rules(endpoint: Endpoint) -> Self {
        Resolved { endpoint, headers: Vec::new(), signing: Signing::default() }
    }
}

/// What the rules' `sigv4` auth scheme says; `None` keeps the service's
/// signing name and the configured region.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Signing {
    pub(crate) name: Option<String>,
    pub(crate) region: Option<String>,
    /// `disableDoubleEncoding`: the path is encoded once in the canonical request.
    pub(crate) disable_double_encoding: bool,
}

/// The configured endpoint URL for `service` (the builder's, else the
/// environment's or the profile's), if any.
pub(crate) fn configured_url<'a>(service: &ServiceMeta, config: &'a Config) -> Option<&'a str> {
    config.endpoint_url.as_deref().or_else(|| config.configured_endpoints.lookup(service.env_name).map(|(url, _)| url))
}

/// The built-ins of `config`, with `endpoint` (see [`configured_url`]) as `SDK::Endpoint`.
pub(crate) fn built_ins<'a>(config: &'a Config, endpoint: Option<&'a str>) -> BuiltIns<'a> {
    BuiltIns {
        region: config.region.as_deref().map(str::trim).filter(|r| !r.is_empty()),
        use_fips: config.use_fips,
        use_dual_stack: config.use_dual_stack,
        endpoint,
        // The account of the credentials is known only once they are fetched,
        // after the endpoint is resolved.
        account_id: None,
        account_id_endpoint_mode: config.account_id_endpoint_mode.as_deref(),
    }
}

/// The endpoint of `service` with `config`: from the service's rules, else
/// built by hand ([`resolve`]).
pub(crate) fn resolve_for(service: &ServiceMeta, config: &Config) -> Result<Resolved, ConstructionError> {
    match service.endpoint_rules {
        Some(rules) => from_rules(service, rules(&built_ins(config, configured_url(service, config)))),
        None => {
            resolve(service, config.region.as_deref(), config.endpoint_url.as_deref(), &config.configured_endpoints)
                .map(Resolved::without_rules)
        }
    }
}

/// What a rule set resolved, checked: a URL as a configured one must be,
/// headers that can be sent, and an auth scheme this client signs with.
pub(crate) fn from_rules(
    service: &ServiceMeta,
    result: Result<crate::rules::Endpoint, EndpointError>,
) -> Result<Resolved, ConstructionError> {
    let resolved = result.map_err(|e| {
        rules_error(format!("the endpoint rules of {} give no endpoint: {:?}", service.sdk_id, e.message()))
    })?;
    let endpoint = parse_url(resolved.url(), &format!("the endpoint rules of {}", service.sdk_id))?;
    let mut headers = Vec::with_capacity(resolved.headers().len());
    for (name, values) in resolved.headers() {
        let bad = || {
            rules_error(format!(
                "the endpoint rules of {} give a header {name:?} that cannot be sent (a name or value that is not \
                 valid in HTTP)",
                service.sdk_id
            ))
        };
        let header = HeaderName::try_from(name.as_str()).map_err(|e| bad().with_source(e))?;
        let values = values
            .iter()
            .map(|v| HeaderValue::try_from(v.as_str()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| bad().with_source(e))?;
        if !values.is_empty() {
            headers.push((header, values));
        }
    }
    let signing = signing(service, resolved.properties().get("authSchemes"))?;
    Ok(Resolved { endpoint, headers, signing })
}

/// The first `sigv4` entry of `authSchemes`; none at all keeps the
/// defaults, only others (`sigv4a`) cannot be signed for.
fn signing(service: &ServiceMeta, schemes: Option<&Document>) -> Result<Signing, ConstructionError> {
    let schemes = match schemes {
        None | Some(Document::Null) => return Ok(Signing::default()),
        Some(schemes) => schemes.as_array().ok_or_else(|| {
            rules_error(format!(
                "the endpoint rules of {} give authSchemes that are not a list of auth schemes",
                service.sdk_id
            ))
        })?,
    };
    let Some(sigv4) = schemes.iter().find(|s| scheme_name(s) == Some("sigv4")) else {
        if schemes.is_empty() {
            return Ok(Signing::default());
        }
        let offered: Vec<String> = schemes
            .iter()
            .map(|s| scheme_name(s).map_or_else(|| "(unnamed)".to_owned(), |n| format!("{n:?}")))
            .collect();
        return Err(rules_error(format!(
            "the endpoint rules of {} offer the auth schemes {}, and this client signs only with \"sigv4\"",
            service.sdk_id,
            offered.join(", ")
        )));
    };
    let text = |key: &str| sigv4.get(key).and_then(Document::as_str).filter(|v| !v.is_empty()).map(str::to_owned);
    Ok(Signing {
        name: text("signingName"),
        region: text("signingRegion"),
        disable_double_encoding: sigv4.get("disableDoubleEncoding").and_then(Document::as_bool).unwrap_or(false),
    })
}

/// An auth scheme's `name`.
fn scheme_name(scheme: &Document) -> Option<&str> {
    scheme.get("name").and_then(Document::as_str)
}

fn rules_error(message: String) -> ConstructionError {
    ConstructionError::new(ConstructionErrorKind::EndpointRules, message)
}

/// The request URL (for protocol path `path`) and `Host` header of
/// `endpoint`, with `host_prefix` before its host.
pub(crate) fn request_target(
    endpoint: &Endpoint,
    path: &str,
    host_prefix: Option<&str>,
) -> Result<(http::Uri, HeaderValue), ConstructionError> {
    let prefixed;
    let endpoint = match host_prefix {
        Some(prefix) => {
            prefixed = endpoint.with_host_prefix(prefix)?;
            &prefixed
        }
        None => endpoint,
    };
    let url = endpoint.url(path);
    let invalid = |what: &str| {
        ConstructionError::new(ConstructionErrorKind::InvalidEndpoint, format!("{what} {url:?} is not valid"))
    };
    let uri: http::Uri = url.parse().map_err(|e| invalid("the request URL").with_source(e))?;
    let host =
        HeaderValue::try_from(endpoint.host_header.as_str()).map_err(|e| invalid("the host of").with_source(e))?;
    Ok((uri, host))
}

/// Where [`ConfigBuilder::connect_to`](super::ConfigBuilder::connect_to) sends connections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConnectTo {
    scheme: http::uri::Scheme,
    authority: http::uri::Authority,
}

impl ConnectTo {
    /// `origin` (`http(s)://host[:port]`, a trailing `/` allowed), or why it is not one.
    pub(crate) fn parse(origin: &str) -> Result<ConnectTo, ConstructionError> {
        let bad = |reason: &str| {
            ConstructionError::new(
                ConstructionErrorKind::InvalidEndpoint,
                format!("the connect_to origin {origin:?} {reason}"),
            )
        };
        let uri: http::Uri =
            origin.trim().parse().map_err(|e: http::uri::InvalidUri| bad("is not a URL").with_source(e))?;
        let scheme = match uri.scheme_str() {
            Some(s) if s.eq_ignore_ascii_case("https") || s.eq_ignore_ascii_case("http") => {
                uri.scheme().expect("has a scheme").clone()
            }
            _ => return Err(bad("must start with http:// or https://")),
        };
        let authority = uri.authority().ok_or_else(|| bad("has no host"))?.clone();
        if authority.as_str().contains('@') {
            return Err(bad("must not contain user information"));
        }
        if uri.path_and_query().is_some_and(|p| !matches!(p.as_str(), "" | "/")) {
            return Err(bad("must be a scheme, a host and maybe a port, without a path or a query"));
        }
        Ok(ConnectTo { scheme, authority })
    }

    /// `uri` with this origin's scheme and authority, its path and query kept.
    pub(crate) fn apply(&self, uri: &http::Uri) -> Result<http::Uri, ConstructionError> {
        let mut parts = uri.clone().into_parts();
        parts.scheme = Some(self.scheme.clone());
        parts.authority = Some(self.authority.clone());
        if parts.path_and_query.is_none() {
            parts.path_and_query = Some(http::uri::PathAndQuery::from_static("/"));
        }
        http::Uri::from_parts(parts).map_err(|e| {
            ConstructionError::new(
                ConstructionErrorKind::InvalidEndpoint,
                format!("cannot send {uri} to the connect_to origin {}://{}", self.scheme, self.authority),
            )
            .with_source(e)
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
        protocols: &[Protocol::AwsJson1_1],
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

    fn scheme(name: &str, extra: &[(&str, Document)]) -> Document {
        let mut map = BTreeMap::from([("name".to_owned(), Document::String(name.to_owned()))]);
        map.extend(extra.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
        Document::Object(map)
    }

    #[test]
    fn rules_results_become_endpoints_headers_and_signing() {
        let text = |s: &str| Document::String(s.to_owned());
        let endpoint = crate::rules::Endpoint::new("https://svc.us-west-2.amazonaws.com/base")
            .header("x-amz-thing", "a")
            .header("x-amz-thing", "b")
            .property(
                "authSchemes",
                Document::Array(vec![
                    scheme("sigv4a", &[("signingRegionSet", Document::Array(vec![text("*")]))]),
                    scheme(
                        "sigv4",
                        &[
                            ("signingName", text("other")),
                            ("signingRegion", text("us-east-1")),
                            ("disableDoubleEncoding", Document::Bool(true)),
                        ],
                    ),
                    scheme("sigv4", &[("signingName", text("second"))]),
                ]),
            );
        let r = from_rules(&SERVICE, Ok(endpoint)).unwrap();
        assert_eq!(
            (url(&r.endpoint).as_str(), r.endpoint.host_header.as_str()),
            ("https://svc.us-west-2.amazonaws.com/base/", "svc.us-west-2.amazonaws.com")
        );
        assert_eq!(r.headers.len(), 1);
        assert_eq!((r.headers[0].0.as_str(), r.headers[0].1.len()), ("x-amz-thing", 2));
        assert_eq!(
            r.signing,
            Signing { name: Some("other".into()), region: Some("us-east-1".into()), disable_double_encoding: true }
        );

        // No auth schemes, or an empty list: the service's signing name and the configured region.
        let plain = from_rules(&SERVICE, Ok(crate::rules::Endpoint::new("http://127.0.0.1:4566"))).unwrap();
        assert_eq!(plain.signing, Signing::default());
        let empty = crate::rules::Endpoint::new("https://h").property("authSchemes", Document::Array(vec![]));
        assert_eq!(from_rules(&SERVICE, Ok(empty)).unwrap().signing, Signing::default());

        let only_sigv4a = crate::rules::Endpoint::new("https://h")
            .property("authSchemes", Document::Array(vec![scheme("sigv4a", &[]), Document::Object(BTreeMap::new())]));
        let err = from_rules(&SERVICE, Ok(only_sigv4a)).unwrap_err();
        assert_eq!(err.kind(), ConstructionErrorKind::EndpointRules);
        assert_eq!(
            err.to_string(),
            "the endpoint rules of AppStream offer the auth schemes \"sigv4a\", (unnamed), and this client signs \
             only with \"sigv4\""
        );
        let not_a_list = crate::rules::Endpoint::new("https://h").property("authSchemes", text("sigv4"));
        assert_eq!(from_rules(&SERVICE, Ok(not_a_list)).unwrap_err().kind(), ConstructionErrorKind::EndpointRules);

        let err = from_rules(&SERVICE, Err(EndpointError::new("Invalid Configuration: Missing Region"))).unwrap_err();
        assert_eq!(err.kind(), ConstructionErrorKind::EndpointRules);
        assert_eq!(
            err.to_string(),
            "the endpoint rules of AppStream give no endpoint: \"Invalid Configuration: Missing Region\""
        );
        for bad in ["bad header", "x-ok"] {
            let value = if bad == "x-ok" { "line\nbreak" } else { "v" };
            let e = crate::rules::Endpoint::new("https://h").header(bad, value);
            let err = from_rules(&SERVICE, Ok(e)).unwrap_err();
            assert_eq!(err.kind(), ConstructionErrorKind::EndpointRules, "{bad}");
            assert!(err.to_string().contains("cannot be sent"), "{err}");
        }
        // The URL is checked as a configured one is.
        let err = from_rules(&SERVICE, Ok(crate::rules::Endpoint::new("ftp://h"))).unwrap_err();
        assert_eq!(err.kind(), ConstructionErrorKind::InvalidEndpoint);
        assert!(err.to_string().contains("from the endpoint rules of AppStream"), "{err}");
    }

    #[test]
    fn connect_to_origins_replace_scheme_and_authority_only() {
        let to = ConnectTo::parse("http://127.0.0.1:4566").unwrap();
        let uri: http::Uri = "https://svc.us-east-1.amazonaws.com/base/?x=1".parse().unwrap();
        assert_eq!(to.apply(&uri).unwrap().to_string(), "http://127.0.0.1:4566/base/?x=1");
        let to = ConnectTo::parse(" HTTPS://[::1]:8443/ ").unwrap();
        assert_eq!(to.apply(&uri).unwrap().to_string(), "https://[::1]:8443/base/?x=1");
        for bad in ["127.0.0.1:4566", "ftp://h", "http://u:p@h", "http://h/path", "http://h/?q", "not a url", ""] {
            let err = ConnectTo::parse(bad).unwrap_err();
            assert_eq!(err.kind(), ConstructionErrorKind::InvalidEndpoint, "{bad}");
            assert!(err.to_string().starts_with("the connect_to origin"), "{err}");
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

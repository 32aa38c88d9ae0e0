//! Endpoint discovery (`aws.api#clientEndpointDiscovery`), as the AWS SDKs
//! do it: before an operation marked `aws.api#clientDiscoveredEndpoint`,
//! the client asks the service where to send it (its `DescribeEndpoints`
//! operation), keeps the answer for the time the service gives, and sends
//! the operation's requests there.
//!
//! - An operation that *requires* discovery always discovers; one for which
//!   it is *optional* discovers only when it is enabled
//!   ([`ConfigBuilder::endpoint_discovery`](super::ConfigBuilder::endpoint_discovery),
//!   `AWS_ENABLE_ENDPOINT_DISCOVERY`, the profile's
//!   `endpoint_discovery_enabled`), which it is not by default.
//! - A configured endpoint (`endpoint_url`, `AWS_ENDPOINT_URL_*`) is used
//!   as it is: nothing is discovered.
//! - One discovery at a time per client; callers that arrive meanwhile wait
//!   for its answer. The answer is shared by every operation of the client.
//! - If optional discovery fails, the call goes to the regular endpoint; if
//!   required discovery fails, the call fails with the discovery's error.
//! - An error response with the service's invalid-endpoint code
//!   (`InvalidEndpointException`) forgets the discovered endpoint, so the
//!   next call discovers again.

use super::{BoxFuture, Client};
use http::HeaderValue;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// The error of a discovery call, boxed (its type is the discovery
/// operation's).
pub type DiscoveryError = Box<dyn std::error::Error + Send + Sync>;

/// Makes the service's discovery call with `client`; generated once per
/// crate from the model's discovery operation.
pub type DiscoverFn = for<'a> fn(&'a Client) -> BoxFuture<'a, Result<DiscoveredEndpoint, DiscoveryError>>;

/// Whether and how an operation's endpoint is discovered.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub enum EndpointDiscovery {
    /// Not discovered: the operation uses the client's endpoint.
    Off,
    /// Discovered when endpoint discovery is enabled.
    Optional {
        /// The discovery call.
        discover: DiscoverFn,
        /// The error code that says the discovered endpoint is no longer valid.
        invalid_endpoint_code: Option<&'static str>,
    },
    /// Always discovered.
    Required {
        /// The discovery call.
        discover: DiscoverFn,
        /// The error code that says the discovered endpoint is no longer valid.
        invalid_endpoint_code: Option<&'static str>,
    },
}

impl std::fmt::Debug for EndpointDiscovery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            EndpointDiscovery::Off => "Off",
            EndpointDiscovery::Optional { .. } => "Optional",
            EndpointDiscovery::Required { .. } => "Required",
        })
    }
}

/// What the discovery call answered: an address (a host name, maybe with a
/// port or a scheme) and how long to keep it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveredEndpoint {
    address: String,
    cache_minutes: i64,
}

impl DiscoveredEndpoint {
    /// `address` (`query-cell2.timestream.us-east-1.amazonaws.com`), valid
    /// for `cache_minutes` minutes (at least one is kept).
    pub fn new(address: impl Into<String>, cache_minutes: i64) -> Self {
        Self { address: address.into(), cache_minutes }
    }

    /// The address.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// The URL of requests sent there: `https://` unless the address names a scheme.
    fn url(&self) -> String {
        if self.address.contains("://") {
            format!("{}/", self.address.trim_end_matches('/'))
        } else {
            format!("https://{}/", self.address.trim_end_matches('/'))
        }
    }
}

/// Where a discovered endpoint sends requests.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub(crate) uri: http::Uri,
    pub(crate) host: HeaderValue,
}

impl Target {
    fn of(endpoint: &DiscoveredEndpoint) -> Result<Target, DiscoveryError> {
        let url = endpoint.url();
        let uri: http::Uri = url.parse().map_err(|e| format!("the discovered address {url:?} is not a URL: {e}"))?;
        let authority = uri.authority().ok_or_else(|| format!("the discovered address {url:?} has no host"))?;
        let host = HeaderValue::try_from(authority.as_str())
            .map_err(|e| format!("the discovered address {url:?} is not a host: {e}"))?;
        Ok(Target { uri, host })
    }
}

/// A client's discovered endpoint, and the lock that makes one discovery at a time.
#[derive(Debug, Default)]
pub(crate) struct Cache {
    current: Mutex<Option<(Target, SystemTime)>>,
    flight: tokio::sync::Mutex<()>,
}

impl Cache {
    fn fresh(&self, now: SystemTime) -> Option<Target> {
        let current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        current.as_ref().filter(|(_, expires)| now < *expires).map(|(t, _)| t.clone())
    }

    /// The endpoint to use, discovering it when none is fresh.
    pub(crate) async fn get(
        &self,
        client: &Client,
        discover: DiscoverFn,
        now: impl Fn() -> SystemTime,
    ) -> Result<Target, DiscoveryError> {
        if let Some(t) = self.fresh(now()) {
            return Ok(t);
        }
        let _flight = self.flight.lock().await;
        if let Some(t) = self.fresh(now()) {
            return Ok(t);
        }
        let endpoint = discover(client).await?;
        let target = Target::of(&endpoint)?;
        let keep = Duration::from_secs(60 * endpoint.cache_minutes.max(1) as u64);
        tracing::debug!(address = endpoint.address(), minutes = endpoint.cache_minutes, "discovered an endpoint");
        *self.current.lock().unwrap_or_else(|p| p.into_inner()) = Some((target.clone(), now() + keep));
        Ok(target)
    }

    /// Forgets the discovered endpoint.
    pub(crate) fn invalidate(&self) {
        *self.current.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_become_https_urls_unless_they_name_a_scheme() {
        let t = Target::of(&DiscoveredEndpoint::new("query-cell2.timestream.us-east-1.amazonaws.com", 1)).unwrap();
        assert_eq!(t.uri.to_string(), "https://query-cell2.timestream.us-east-1.amazonaws.com/");
        assert_eq!(t.host, "query-cell2.timestream.us-east-1.amazonaws.com");
        let t = Target::of(&DiscoveredEndpoint::new("http://127.0.0.1:8080", 1)).unwrap();
        assert_eq!(
            (t.uri.to_string().as_str(), t.host.to_str().unwrap()),
            ("http://127.0.0.1:8080/", "127.0.0.1:8080")
        );
        let e = Target::of(&DiscoveredEndpoint::new("bad host\n", 1)).unwrap_err();
        assert!(e.to_string().contains("is not a URL"), "{e}");
    }
}

//! `parseURL`: an endpoint URL taken apart for a rule set.

use std::net::Ipv6Addr;

/// What `parseURL` returns: the `URL` structure of the rules language.
///
/// Each method is one attribute (`getAttr`) of the structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    scheme: String,
    authority: String,
    path: String,
    normalized_path: String,
    is_ip: bool,
}

impl Url {
    /// `scheme`: `http` or `https` (lower case, without `://`).
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// `authority`: the host and, if the URL has one, the port, as written
    /// (`example.com:8443`, `[::1]:80`; a port equal to the scheme's
    /// default stays if it was written). Without user information.
    pub fn authority(&self) -> &str {
        &self.authority
    }

    /// `path`: the path as written: empty for `https://example.com`, else
    /// starting with `/` (`/`, `/foo/bar`, `/foo/`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// `normalizedPath`: the path, starting and ending with `/` (`/` for
    /// an empty path, `/foo/bar/` for `/foo/bar`).
    pub fn normalized_path(&self) -> &str {
        &self.normalized_path
    }

    /// `isIp`: whether the host is an IPv4 address (a dotted quad such as
    /// `127.0.0.1`) or an IPv6 address (bracketed, `[fe80::1]`).
    pub fn is_ip(&self) -> bool {
        self.is_ip
    }
}

/// `parseURL(value)`: `value` taken apart, or `None` if it is not an
/// `http` or `https` URL an endpoint can be.
///
/// `None` for: another scheme (or none); any query, even an empty one
/// (`?`); an empty host; a port that is not 1 to 5 digits up to 65535
/// (an empty port, `host:`, included); a bracketed host that is not an
/// IPv6 address; characters that RFC 3986 does not allow in a host or
/// path, spaces, control and non-ASCII characters included. A fragment
/// (`#...`) is not part of the path and is dropped, as a client never
/// sends one; user information (`user@`) is dropped from the authority.
/// Host names are not otherwise checked (`99_ab-.com` is a host).
///
/// ```
/// use smithy_rt::rules::parse_url;
///
/// let url = parse_url("http://example.com:80/foo/bar").unwrap();
/// assert_eq!(url.scheme(), "http");
/// assert_eq!(url.authority(), "example.com:80");
/// assert_eq!(url.path(), "/foo/bar");
/// assert_eq!(url.normalized_path(), "/foo/bar/");
/// assert!(!url.is_ip());
/// assert!(parse_url("https://[fe80::1]").unwrap().is_ip());
/// assert!(parse_url("https://example.com:8443?foo=bar&faz=baz").is_none());
/// ```
pub fn parse_url(value: &str) -> Option<Url> {
    let (scheme, rest) = value.split_once("://")?;
    let scheme = if scheme.eq_ignore_ascii_case("https") {
        "https"
    } else if scheme.eq_ignore_ascii_case("http") {
        "http"
    } else {
        return None;
    };
    let rest = match rest.split_once('#') {
        Some((before, fragment)) => {
            if !is_encoded(fragment, is_fragment_byte) {
                return None;
            }
            before
        }
        None => rest,
    };
    if rest.contains('?') {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let authority = match authority.rfind('@') {
        Some(i) => {
            let userinfo = &authority[..i];
            if !is_encoded(userinfo, is_userinfo_byte) {
                return None;
            }
            &authority[i + 1..]
        }
        None => authority,
    };
    let is_ip = check_authority(authority)?;
    if !is_encoded(path, is_path_byte) {
        return None;
    }
    let mut normalized_path = String::with_capacity(path.len() + 2);
    if !path.starts_with('/') {
        normalized_path.push('/');
    }
    normalized_path.push_str(path);
    if !normalized_path.ends_with('/') {
        normalized_path.push('/');
    }
    Some(Url {
        scheme: scheme.to_owned(),
        authority: authority.to_owned(),
        path: path.to_owned(),
        normalized_path,
        is_ip,
    })
}

/// Checks `host[:port]` (without user information); `Some(is_ip)` if it is
/// a valid authority.
fn check_authority(authority: &str) -> Option<bool> {
    let (is_ip, port) = if let Some(bracketed) = authority.strip_prefix('[') {
        let (literal, after) = bracketed.split_once(']')?;
        if !is_ipv6_literal(literal) {
            return None;
        }
        let port = if after.is_empty() { None } else { Some(after.strip_prefix(':')?) };
        (true, port)
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        if host.is_empty() || !is_encoded(host, is_reg_name_byte) {
            return None;
        }
        (is_ipv4(host), port)
    };
    if let Some(port) = port {
        if port.is_empty()
            || port.len() > 5
            || !port.bytes().all(|b| b.is_ascii_digit())
            || port.parse::<u16>().is_err()
        {
            return None;
        }
    }
    Some(is_ip)
}

/// An IPv6 address, possibly with a zone (`fe80::1%25eth0`, RFC 6874).
fn is_ipv6_literal(literal: &str) -> bool {
    let (address, zone) = match literal.split_once("%25") {
        Some((address, zone)) => (address, Some(zone)),
        None => (literal, None),
    };
    let zone_ok = zone.is_none_or(|z| !z.is_empty() && is_encoded(z, is_unreserved_byte));
    zone_ok && address.parse::<Ipv6Addr>().is_ok()
}

/// A dotted quad: four decimal numbers of 1 to 3 digits, each at most 255.
fn is_ipv4(host: &str) -> bool {
    let mut parts = 0;
    for part in host.split('.') {
        parts += 1;
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        if part.parse::<u16>().is_ok_and(|n| n > 255) {
            return false;
        }
    }
    parts == 4
}

/// Whether `s` is bytes that `allowed` accepts and percent escapes (`%`
/// and two hexadecimal digits).
fn is_encoded(s: &str, allowed: fn(u8) -> bool) -> bool {
    s.bytes().all(|b| allowed(b) || b == b'%') && percent_escapes_are_valid(s)
}

/// Every `%` is followed by two hexadecimal digits.
fn percent_escapes_are_valid(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if i + 2 >= bytes.len() {
                return false;
            }
            if !bytes[i + 1].is_ascii_hexdigit() || !bytes[i + 2].is_ascii_hexdigit() {
                return false;
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    true
}

/// RFC 3986 `unreserved`.
fn is_unreserved_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// RFC 3986 `sub-delims`.
fn is_sub_delim_byte(b: u8) -> bool {
    matches!(b, b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=')
}

/// The bytes of an RFC 3986 `reg-name` other than the `%` of escapes.
fn is_reg_name_byte(b: u8) -> bool {
    is_unreserved_byte(b) || is_sub_delim_byte(b)
}

/// The bytes of an RFC 3986 `userinfo` other than the `%` of escapes.
fn is_userinfo_byte(b: u8) -> bool {
    is_reg_name_byte(b) || b == b':'
}

/// The bytes of an RFC 3986 `pchar` other than the `%` of escapes.
fn is_pchar_byte(b: u8) -> bool {
    is_userinfo_byte(b) || b == b'@'
}

/// The bytes of an RFC 3986 `path-abempty` other than the `%` of escapes.
fn is_path_byte(b: u8) -> bool {
    is_pchar_byte(b) || b == b'/'
}

/// The bytes of an RFC 3986 `fragment` other than the `%` of escapes.
fn is_fragment_byte(b: u8) -> bool {
    is_path_byte(b) || b == b'?'
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(scheme, authority, path, normalizedPath, isIp)` of `value`.
    fn parts(value: &str) -> (&'static str, String, String, String, bool) {
        let url = parse_url(value).unwrap_or_else(|| panic!("{value} did not parse"));
        let scheme = match url.scheme() {
            "http" => "http",
            "https" => "https",
            other => panic!("scheme {other}"),
        };
        (scheme, url.authority().into(), url.path().into(), url.normalized_path().into(), url.is_ip())
    }

    fn owned(p: (&'static str, &str, &str, &str, bool)) -> (&'static str, String, String, String, bool) {
        (p.0, p.1.into(), p.2.into(), p.3.into(), p.4)
    }

    /// The examples of the specification (with the path of
    /// `https://example.com` empty: see `parse_url`'s documentation).
    #[test]
    fn spec_examples() {
        assert_eq!(parts("https://example.com"), owned(("https", "example.com", "", "/", false)));
        assert_eq!(parse_url("https://example.com:8443?foo=bar&faz=baz"), None);
        assert_eq!(
            parts("http://example.com:80/foo/bar"),
            owned(("http", "example.com:80", "/foo/bar", "/foo/bar/", false))
        );
        assert_eq!(parts("https://127.0.0.1"), owned(("https", "127.0.0.1", "", "/", true)));
        assert_eq!(parts("https://[fe80::1]"), owned(("https", "[fe80::1]", "", "/", true)));
    }

    /// The rules engine's test suite for `parseURL`.
    #[test]
    fn rules_engine_test_suite() {
        assert_eq!(
            parts("https://authority.com/custom-path"),
            owned(("https", "authority.com", "/custom-path", "/custom-path/", false))
        );
        assert_eq!(parts("https://authority.com"), owned(("https", "authority.com", "", "/", false)));
        assert_eq!(parts("https://authority.com/"), owned(("https", "authority.com", "/", "/", false)));
        assert_eq!(
            parts("https://authority.com:8000/port"),
            owned(("https", "authority.com:8000", "/port", "/port/", false))
        );
        assert_eq!(
            parts("http://authority.com:8000/port"),
            owned(("http", "authority.com:8000", "/port", "/port/", false))
        );
        assert_eq!(parse_url("acbd://example.com"), None);
        assert_eq!(parts("http://99_ab.com"), owned(("http", "99_ab.com", "", "/", false)));
        assert_eq!(parts("http://99_ab-.com"), owned(("http", "99_ab-.com", "", "/", false)));
        assert_eq!(parse_url("http://abc.com:a/foo"), None);
        assert_eq!(parts("http://192.168.1.1/foo/"), owned(("http", "192.168.1.1", "/foo/", "/foo/", true)));
        assert_eq!(parts("http://192.168.1.1:1234/foo/"), owned(("http", "192.168.1.1:1234", "/foo/", "/foo/", true)));
        assert_eq!(
            parts("https://[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443"),
            owned(("https", "[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443", "", "/", true))
        );
        assert_eq!(parts("https://999.999.abc.blah"), owned(("https", "999.999.abc.blah", "", "/", false)));
        assert_eq!(parse_url("https://example.com/path?query1=foo"), None);
    }

    #[test]
    fn schemes() {
        assert_eq!(parts("HTTPS://example.com").0, "https");
        assert_eq!(parts("Http://example.com").0, "http");
        for value in ["ftp://example.com", "file:///etc/passwd", "example.com", "//example.com", "https:example.com"] {
            assert_eq!(parse_url(value), None, "{value}");
        }
        assert_eq!(parse_url("https:/example.com"), None);
        assert_eq!(parse_url("httpss://example.com"), None);
        assert_eq!(parse_url(" https://example.com"), None);
    }

    #[test]
    fn queries_are_rejected_even_empty() {
        for value in ["https://example.com?", "https://example.com/?", "https://example.com/a?b", "https://e.com?#x"] {
            assert_eq!(parse_url(value), None, "{value}");
        }
    }

    #[test]
    fn fragments_are_dropped() {
        assert_eq!(parts("https://example.com#frag"), owned(("https", "example.com", "", "/", false)));
        assert_eq!(parts("https://example.com/a/b#frag"), owned(("https", "example.com", "/a/b", "/a/b/", false)));
        assert_eq!(parts("https://example.com/#"), owned(("https", "example.com", "/", "/", false)));
        // A `?` in the fragment is the fragment's, not a query.
        assert_eq!(parts("https://example.com/a#b?c").2, "/a");
        assert_eq!(parse_url("https://example.com/a#b#c"), None);
        assert_eq!(parse_url("https://example.com/a#b c"), None);
    }

    #[test]
    fn paths() {
        assert_eq!(parts("https://example.com/").3, "/");
        assert_eq!(parts("https://example.com//").3, "//");
        assert_eq!(parts("https://example.com/a/b/").2, "/a/b/");
        assert_eq!(parts("https://example.com/a/b/").3, "/a/b/");
        assert_eq!(parts("https://example.com/a/b").3, "/a/b/");
        // As written: no decoding, no removal of dot segments.
        assert_eq!(parts("https://example.com/a%20b/./../c").2, "/a%20b/./../c");
        assert_eq!(parts("https://example.com/a:b@c!$&'()*+,;=-._~").2, "/a:b@c!$&'()*+,;=-._~");
        for value in [
            "https://example.com/a b",
            "https://example.com/a%2",
            "https://example.com/a%zz",
            "https://example.com/a%",
            "https://example.com/ä",
            "https://example.com/a\tb",
            "https://example.com/a{b}",
            "https://example.com/a|b",
            "https://example.com/a\\b",
            "https://example.com/a\"b",
            "https://example.com/[a]",
        ] {
            assert_eq!(parse_url(value), None, "{value:?}");
        }
    }

    #[test]
    fn authorities() {
        // Ports are kept as written, default ones too.
        assert_eq!(parts("https://example.com:443").1, "example.com:443");
        assert_eq!(parts("https://example.com:443/").1, "example.com:443");
        assert_eq!(parts("http://localhost:65535").1, "localhost:65535");
        assert_eq!(parts("http://localhost:0").1, "localhost:0");
        // Host names are not lower-cased or checked as host labels.
        assert_eq!(parts("https://Example.COM").1, "Example.COM");
        assert_eq!(parts("https://a..b").1, "a..b");
        assert_eq!(parts("https://xn--bcher-kva.example").1, "xn--bcher-kva.example");
        assert_eq!(parts("https://a%2Db.example").1, "a%2Db.example");
        // User information is not part of the authority.
        assert_eq!(parts("https://user:pass@example.com:8443/p").1, "example.com:8443");
        assert_eq!(parts("https://user@127.0.0.1").1, "127.0.0.1");
        assert!(parts("https://user@127.0.0.1").4);
        for value in [
            "https://",
            "https:///path",
            "https://:443",
            "https://user@",
            "https://user@/p",
            "https://example.com:",
            "https://example.com:/p",
            "https://example.com:65536",
            "https://example.com:123456",
            "https://example.com:-1",
            "https://example.com:+1",
            "https://example.com:80:80",
            "https://exa mple.com",
            "https://exämple.com",
            "https://a@b@example.com",
            "https://example.com%",
            "https://example.com%4",
            "https://a<b.com",
        ] {
            assert_eq!(parse_url(value), None, "{value:?}");
        }
    }

    #[test]
    fn ip_addresses() {
        for (value, is_ip) in [
            ("https://0.0.0.0", true),
            ("https://255.255.255.255", true),
            ("https://10.0.0.1:8080/x", true),
            ("https://010.001.0.1", true),
            ("https://256.1.1.1", false),
            ("https://999.999.999.999", false),
            ("https://1.2.3", false),
            ("https://1.2.3.4.5", false),
            ("https://1.2.3.4.", false),
            ("https://.1.2.3", false),
            ("https://1.2.3.a", false),
            ("https://0001.2.3.4", false),
            ("https://localhost", false),
            ("https://[::1]", true),
            ("https://[::1]:8443/p", true),
            ("https://[::]", true),
            ("https://[::ffff:192.168.1.1]", true),
            ("https://[2001:DB8::1]", true),
            ("https://[fe80::1%25eth0]", true),
        ] {
            assert_eq!(parse_url(value).map(|u| u.is_ip()), Some(is_ip), "{value}");
        }
        // A bracketed host must be an IPv6 address.
        for value in [
            "https://[]",
            "https://[example.com]",
            "https://[1.2.3.4]",
            "https://[::1",
            "https://::1",
            "https://[::1]x",
            "https://[::1]:",
            "https://[::1]:99999",
            "https://[fe80::1%eth0]",
            "https://[fe80::1%25]",
            "https://[v1.fe80::1]",
        ] {
            assert_eq!(parse_url(value), None, "{value}");
        }
        assert_eq!(parts("https://[fe80::1%25eth0]:80").1, "[fe80::1%25eth0]:80");
    }

    #[test]
    fn empty_and_odd_input() {
        for value in ["", "://", "https://\u{0}", "https://example.com\n", "https://example.com/\r\n"] {
            assert_eq!(parse_url(value), None, "{value:?}");
        }
    }
}

//! The rules language's string functions: `isValidHostLabel`,
//! `aws.isVirtualHostableS3Bucket`, `substring` and `uriEncode`.

/// `isValidHostLabel(value, allowSubDomains)`: whether `value` is a host
/// label (RFC 1123), or with `allow_subdomains` a sequence of them joined
/// by `.`.
///
/// A label is 1 to 63 ASCII letters, digits and `-`, not starting with `-`
/// (it may end with one, as in the rules engine's reference
/// implementation). With `allow_subdomains` every `.`-separated label must
/// be one, so an empty string, a leading or trailing `.` and `..` are
/// invalid; the whole value has no length limit of its own. Without it a
/// `.` is invalid.
///
/// ```
/// use smithy_rt::rules::is_valid_host_label;
///
/// assert!(is_valid_host_label("us-east-1", false));
/// assert!(!is_valid_host_label("part1.part2", false));
/// assert!(is_valid_host_label("part1.part2", true));
/// assert!(!is_valid_host_label("part1.", true));
/// ```
pub fn is_valid_host_label(value: &str, allow_subdomains: bool) -> bool {
    if allow_subdomains {
        value.split('.').all(is_one_host_label)
    } else {
        is_one_host_label(value)
    }
}

fn is_one_host_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    (1..=63).contains(&bytes.len()) && bytes[0] != b'-' && bytes.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-')
}

/// `aws.isVirtualHostableS3Bucket(value, allowSubDomains)`: whether
/// `value` is a bucket name that can be the first label(s) of an S3 host
/// name (virtual-hosted-style addressing).
///
/// That is: 3 to 63 characters in all; lower-case ASCII letters, digits
/// and `-` (and `.` with `allow_subdomains`); starting and ending with a
/// letter or digit. With `allow_subdomains`, also: every `.`-separated
/// label starts and ends with a letter or digit (no `..`, `.-` or `-.`),
/// and the value is not formatted as an IPv4 address (four `.`-separated
/// groups of 1 to 3 digits: `192.168.5.4`, and also `999.999.999.999`).
/// Labels may be as short as one character (`a.b.c`); `--` is allowed.
///
/// ```
/// use smithy_rt::rules::is_virtual_hostable_s3_bucket;
///
/// assert!(is_virtual_hostable_s3_bucket("bucket-name", false));
/// assert!(!is_virtual_hostable_s3_bucket("BucketName", false));
/// assert!(!is_virtual_hostable_s3_bucket("bucket.name", false));
/// assert!(is_virtual_hostable_s3_bucket("bucket.name", true));
/// assert!(!is_virtual_hostable_s3_bucket("192.168.5.4", true));
/// ```
pub fn is_virtual_hostable_s3_bucket(value: &str, allow_subdomains: bool) -> bool {
    let bytes = value.as_bytes();
    let lower_alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !(3..=63).contains(&bytes.len()) || !lower_alnum(bytes[0]) || !lower_alnum(bytes[bytes.len() - 1]) {
        return false;
    }
    if !allow_subdomains {
        return bytes.iter().all(|&b| lower_alnum(b) || b == b'-');
    }
    let labels_ok = value.split('.').all(|label| {
        let l = label.as_bytes();
        !l.is_empty()
            && lower_alnum(l[0])
            && lower_alnum(l[l.len() - 1])
            && l.iter().all(|&b| lower_alnum(b) || b == b'-')
    });
    labels_ok && !looks_like_ipv4(value)
}

/// Four `.`-separated groups of 1 to 3 digits, whatever their values: how
/// S3 reads "formatted as an IP address".
fn looks_like_ipv4(value: &str) -> bool {
    let mut groups = 0;
    for group in value.split('.') {
        groups += 1;
        if group.is_empty() || group.len() > 3 || !group.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    groups == 4
}

/// `substring(input, start, stop, reverse)`: the characters of `input`
/// from `start` (inclusive) to `stop` (exclusive), counted from the start,
/// or with `reverse` from the end (`substring("abcdefg", 0, 4, true)` is
/// `defg`).
///
/// `None` if `input` has any non-ASCII character (whatever the range),
/// if `start >= stop` (so never an empty string), or if `stop` is greater
/// than the length of `input`. A result always has `stop - start`
/// characters.
///
/// ```
/// use smithy_rt::rules::substring;
///
/// assert_eq!(substring("abcdefg", 0, 4, false).as_deref(), Some("abcd"));
/// assert_eq!(substring("abcdefg", 0, 4, true).as_deref(), Some("defg"));
/// assert_eq!(substring("abc", 0, 4, false), None);
/// ```
pub fn substring(input: &str, start: usize, stop: usize, reverse: bool) -> Option<String> {
    if !input.is_ascii() || start >= stop || stop > input.len() {
        return None;
    }
    let range = if reverse { input.len() - stop..input.len() - start } else { start..stop };
    // ASCII only: every index is a character boundary.
    Some(input[range].to_owned())
}

/// `uriEncode(value)`: `value` percent-encoded (RFC 3986 section 2.1):
/// every byte of its UTF-8 form except the unreserved characters
/// `A`-`Z`, `a`-`z`, `0`-`9`, `-`, `_`, `.` and `~` becomes `%XX`, with
/// upper-case hexadecimal digits. A space is `%20`, never `+`; `/` is
/// encoded too.
///
/// ```
/// use smithy_rt::rules::uri_encode;
///
/// assert_eq!(uri_encode("abc:defg"), "abc%3Adefg");
/// assert_eq!(uri_encode("a b/ü~"), "a%20b%2F%C3%BC~");
/// ```
pub fn uri_encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_labels() {
        for (value, single, subdomains) in [
            // The rules engine's test suite.
            ("us-east-1", true, true),
            ("3aws4", true, true),
            ("part1.part2", false, true),
            ("part1 part2", false, false),
            ("", false, false),
            ("part1.", false, false),
            ("part1..part2", false, false),
            ("part1.-part2", false, false),
            // Edges.
            ("a", true, true),
            ("0", true, true),
            ("-", false, false),
            ("-abc", false, false),
            ("abc-", true, true),
            ("a-b-c", true, true),
            ("a--b", true, true),
            ("UPPER-case", true, true),
            (".abc", false, false),
            (".", false, false),
            ("a.b.c.d.e", false, true),
            ("abc_def", false, false),
            ("abc.d_f", false, false),
            ("127.0.0.1", false, true),
            ("ä", false, false),
            ("abc\n", false, false),
            ("a:b", false, false),
        ] {
            assert_eq!(is_valid_host_label(value, false), single, "{value:?}, false");
            assert_eq!(is_valid_host_label(value, true), subdomains, "{value:?}, true");
        }
    }

    #[test]
    fn host_label_lengths() {
        let max = "a".repeat(63);
        assert!(is_valid_host_label(&max, false));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        // With subdomains each label is limited, not the whole.
        let long = [max.as_str(); 5].join(".");
        assert!(is_valid_host_label(&long, true));
        assert!(!is_valid_host_label(&format!("{long}.{}", "b".repeat(64)), true));
    }

    #[test]
    fn virtual_hostable_buckets() {
        let max = "a".repeat(63);
        let too_long = "a".repeat(64);
        for (value, allow_dots, expected) in [
            // The rules engine's test suites.
            ("bucket-name", false, true),
            ("bucket-with-number-1", false, true),
            ("BucketName", false, false),
            ("BucketName", true, false),
            ("bucket_name", false, false),
            ("bucket.name", false, false),
            ("bucket.name", true, true),
            ("bucket.name.multiple.dots1", true, true),
            ("-bucket-name", false, false),
            ("-bucket-name", true, false),
            ("bucket-name-", false, false),
            ("bucket-name-", true, false),
            ("aa", false, false),
            ("aa", true, false),
            ("ab", false, false),
            ("abc", false, true),
            (max.as_str(), false, true),
            (max.as_str(), true, true),
            (too_long.as_str(), false, false),
            (too_long.as_str(), true, false),
            (".bucket-name", true, false),
            ("bucket-name.", true, false),
            ("192.168.5.4", true, false),
            ("192.168.5.4", false, false),
            ("bucket-.name", true, false),
            ("bucket.-name", true, false),
            ("-abc", false, false),
            (".abc", true, false),
            ("abc-", false, false),
            ("abc.", true, false),
            ("abc", true, true),
            ("a-b-c", false, true),
            ("a-b-c", true, true),
            ("a.b-c", false, false),
            ("a.b-c", true, true),
            ("a..b", true, false),
            ("a-.b", true, false),
            ("a.-b", true, false),
            ("192.168.1.1", true, false),
            ("999.999.999.999", true, false),
            ("192.168.1.word", true, true),
            ("1.2.3.4.5", true, true),
            ("1234.2.3.4", true, true),
            ("a-b.c-d", true, true),
            ("a0b1c2", true, true),
            ("123", true, true),
            ("abc123", true, true),
            ("123abc", true, true),
            ("a0.b1.c2", true, true),
            ("a.b", true, true),
            ("a--b", false, true),
            ("abc_def", true, false),
            ("abcDef", true, false),
            ("abc#def", true, false),
            ("", false, false),
            ("", true, false),
            ("bücket", false, false),
            ("bucket ", false, false),
        ] {
            assert_eq!(is_virtual_hostable_s3_bucket(value, allow_dots), expected, "{value:?}, {allow_dots}");
        }
    }

    #[test]
    fn substrings() {
        // The rules engine's test suite.
        for (input, start, stop, reverse, expected) in [
            ("abcdefg", 0, 4, false, Some("abcd")),
            ("abcd", 0, 4, false, Some("abcd")),
            ("abc", 0, 4, false, None),
            ("", 0, 4, false, None),
            ("\u{fdfd}", 0, 4, false, None),
            ("abcdef\u{1F431}", 0, 4, false, None),
            ("abcdef\u{80}", 0, 4, false, None),
            ("\u{7f}abcdef", 0, 4, false, Some("\u{7f}abc")),
            ("abcdefg", 0, 4, true, Some("defg")),
            ("defg", 0, 4, true, Some("defg")),
            ("abc", 0, 4, true, None),
            ("", 0, 4, true, None),
            ("\u{fdfd}", 0, 4, true, None),
            ("defg", 1, 3, false, Some("ef")),
            ("def", 1, 3, false, Some("ef")),
            ("ab", 1, 3, false, None),
            ("", 1, 3, false, None),
            ("\u{fdfd}", 1, 3, false, None),
            // Edges.
            ("abcdefg", 1, 3, true, Some("ef")),
            ("abcdefg", 0, 7, true, Some("abcdefg")),
            ("abcdefg", 6, 7, false, Some("g")),
            ("abcdefg", 6, 7, true, Some("a")),
            ("abcdefg", 3, 3, false, None),
            ("abcdefg", 4, 3, false, None),
            ("abcdefg", 4, 3, true, None),
            ("abcdefg", 0, 8, false, None),
            ("abcdefg", 0, 8, true, None),
            ("", 0, 0, false, None),
            ("abc", usize::MAX - 1, usize::MAX, false, None),
            // Non-ASCII outside the range still gives none.
            ("abcdé", 0, 2, false, None),
            ("éabcd", 0, 2, true, None),
        ] {
            assert_eq!(
                substring(input, start, stop, reverse).as_deref(),
                expected,
                "{input:?} {start} {stop} {reverse}"
            );
        }
    }

    #[test]
    fn uri_encoding() {
        // The rules engine's test suite.
        for (input, expected) in [
            ("abcdefg", "abcdefg"),
            ("abc:defg", "abc%3Adefg"),
            (
                "/:,?#[]{}|@! $&'()*+;=%<>\"^`\\",
                "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C",
            ),
            ("0123456789.underscore_dash-Tilda~", "0123456789.underscore_dash-Tilda~"),
            ("\u{1F639}", "%F0%9F%98%B9"),
            (
                " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
                "%20%21%22%23%24%25%26%27%28%29%2A%2B%2C-.%2F0123456789%3A%3B%3C%3D%3E%3F%40ABCDEFGHIJKLMNOPQRSTUVWXYZ%5B%5C%5D%5E_%60abcdefghijklmnopqrstuvwxyz%7B%7C%7D~",
            ),
            ("", ""),
            // Control characters and two-byte characters.
            ("\0\t\n\u{7f}", "%00%09%0A%7F"),
            ("é", "%C3%A9"),
            ("%20", "%2520"),
        ] {
            assert_eq!(uri_encode(input), expected, "{input:?}");
        }
    }

    #[test]
    fn uri_encoding_every_byte() {
        for c in (0u8..=0x7f).map(char::from) {
            let encoded = uri_encode(&c.to_string());
            if c.is_ascii_alphanumeric() || "-_.~".contains(c) {
                assert_eq!(encoded, c.to_string());
            } else {
                assert_eq!(encoded, format!("%{:02X}", c as u8));
            }
        }
    }
}

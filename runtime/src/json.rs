//! JSON documents to and from generated types, with errors that say where.

use serde::de::DeserializeOwned;
use std::fmt;

/// A JSON document did not fit the type it was read into.
///
/// Its text is bounded ([`MAX_PATH_CHARS`], [`MAX_MESSAGE_CHARS`]) whatever
/// the document holds: serde's messages quote the offending value, and a
/// path names map keys, either of which a response may make huge. It has
/// no `source()`: its message is serde's, which a source would repeat.
#[derive(Debug)]
pub struct JsonError {
    path: String,
    message: String,
    eof: bool,
    line: usize,
    column: usize,
}

/// The most characters of a member path a [`JsonError`] keeps.
pub const MAX_PATH_CHARS: usize = 1024;

/// The most characters of serde's message a [`JsonError`] keeps.
pub const MAX_MESSAGE_CHARS: usize = 1024;

impl JsonError {
    fn new(path: &str, inner: &serde_json::Error) -> Self {
        JsonError {
            path: crate::text::bounded(path, MAX_PATH_CHARS),
            message: crate::text::bounded(&inner.to_string(), MAX_MESSAGE_CHARS),
            eof: inner.is_eof(),
            line: inner.line(),
            column: inner.column(),
        }
    }

    /// The member path of the problem, from the document's type name
    /// (`DescribeFleetsOutput.Fleets[0].Arn`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What serde found wrong, with the line and column.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Whether the document ended early (a truncated body).
    pub fn is_eof(&self) -> bool {
        self.eof
    }

    /// The line (from 1) where the problem was found.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column (from 1) where the problem was found.
    pub fn column(&self) -> usize {
        self.column
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for JsonError {}

/// Reads a `T` from JSON bytes; `root` names `T` in the error's path.
///
/// The body is checked as UTF-8 once and read by plain `serde_json`; only
/// when that fails is it read again with path tracking
/// (`serde_path_to_error`), which allocates for every key, to say where the
/// problem is. The error is the one the second reading finds, so it is the
/// same whichever way it was first noticed.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8], root: &str) -> Result<T, JsonError> {
    from_slice_at(bytes, &root)
}

/// [`from_slice`] with a root name that is only formatted when there is an error.
pub(crate) fn from_slice_at<T: DeserializeOwned>(bytes: &[u8], root: &dyn fmt::Display) -> Result<T, JsonError> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        if let Ok(value) = serde_json::from_str(text) {
            return Ok(value);
        }
    }
    from_slice_located(bytes, root)
}

/// The reading with path tracking (the error path; also the success path of
/// a body that plain `serde_json::from_str` refuses but the tracked reading
/// accepts, such as invalid UTF-8 inside a string it skips).
fn from_slice_located<T: DeserializeOwned>(bytes: &[u8], root: &dyn fmt::Display) -> Result<T, JsonError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| located(&e, root))?;
    de.end().map_err(|inner| JsonError::new(&root.to_string(), &inner))?;
    Ok(value)
}

/// The error `e` at its member path under `root` (not generic, so compiled once).
fn located(e: &serde_path_to_error::Error<serde_json::Error>, root: &dyn fmt::Display) -> JsonError {
    let path = e.path().to_string();
    let path = if path == "." { root.to_string() } else { format!("{root}.{path}") };
    JsonError::new(&path, e.inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Outer {
        #[serde(rename = "Items")]
        items: Vec<Inner>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Inner {
        #[serde(rename = "Arn")]
        arn: String,
    }

    #[test]
    fn errors_name_the_member_path() {
        let err = from_slice::<Outer>(br#"{"Items": [{"Arn": "a"}, {"Arn": 5}]}"#, "Out").unwrap_err();
        assert_eq!(err.path(), "Out.Items[1].Arn");
        assert!(err.to_string().starts_with("Out.Items[1].Arn: invalid type: integer `5`, expected a string"), "{err}");
    }

    /// What the path-tracking reading alone says, to compare with.
    fn located(bytes: &[u8]) -> String {
        from_slice_located::<Outer>(bytes, &"Out").unwrap_err().to_string()
    }

    #[test]
    fn malformed_bodies_give_the_located_error_of_the_tracked_reading() {
        for body in [
            &br#"{"Items": [{"Arn": "a"}, {"Arn": 5}]}"#[..],
            br#"{"Items": [{"Arn": "a"}, {"Arn": "b",}]}"#,
            br#"{"Items": [{"Arn": "a"}, {"Nope": 1}]}"#,
            br#"{"Items": {"Arn": "a"}}"#,
            br#"{"Items": [{"Arn": "a""#,
            br#"{"Items": []} x"#,
            b"",
            b"[1, 2]",
        ] {
            let err = from_slice::<Outer>(body, "Out").unwrap_err();
            assert_eq!(err.to_string(), located(body), "{}", String::from_utf8_lossy(body));
        }
        let err = from_slice::<Outer>(br#"{"Items": [{"Arn": "a"}, {"Arn": "b",}]}"#, "Out").unwrap_err();
        assert_eq!(err.path(), "Out.Items[1].?");
    }

    #[test]
    fn invalid_utf8_is_a_located_error() {
        let body = b"{\"Items\": [{\"Arn\": \"a\"}, {\"Arn\": \"b\xff\xfe\"}]}";
        let err = from_slice::<Outer>(body, "Out").unwrap_err();
        assert_eq!(err.path(), "Out.Items[1].Arn");
        assert!(err.to_string().contains("invalid unicode code point"), "{err}");
        assert_eq!(err.to_string(), located(body));
        // A lone continuation byte, a truncated sequence, an overlong encoding, a surrogate.
        for bad in [&b"\x80"[..], b"\xe2\x82", b"\xc0\xaf", b"\xed\xa0\x80"] {
            let mut body = br#"{"Items": [{"Arn": ""#.to_vec();
            body.extend_from_slice(bad);
            body.extend_from_slice(br#""}]}"#);
            let err = from_slice::<Outer>(&body, "Out").unwrap_err();
            assert_eq!(err.path(), "Out.Items[0].Arn", "{bad:?}");
        }
        // Outside any string: still an error, never a panic.
        let err = from_slice::<Outer>(b"{\"Items\": [\xff]}", "Out").unwrap_err();
        assert_eq!(err.path(), "Out.Items[0]");
    }

    #[test]
    fn invalid_utf8_in_a_skipped_member_reads_as_before() {
        // The tracked reading skips unknown members without checking their
        // bytes, as serde_json's slice reader does; the fast path must not
        // turn that into an error.
        let body = b"{\"Items\": [{\"Arn\": \"a\", \"Other\": \"\xff\"}]}";
        let out = from_slice::<Outer>(body, "Out").unwrap();
        assert_eq!(out.items.len(), 1);
    }

    #[test]
    fn the_fast_path_reads_what_the_tracked_one_reads() {
        let out = from_slice::<Outer>(r#"{"Items": [{"Arn": "été \u00e9 ✓"}]}"#.as_bytes(), "Out").unwrap();
        assert_eq!(out.items[0].arn, "été é ✓");
    }

    #[test]
    fn errors_stay_small_whatever_the_document_holds() {
        // serde quotes the offending value, and the path names map keys.
        let huge = "x".repeat(5_000_000);
        let body = format!(r#"{{"Items": "{huge}"}}"#);
        let err = from_slice::<Outer>(body.as_bytes(), "Out").unwrap_err();
        assert!(err.to_string().len() < 2 * (MAX_PATH_CHARS + MAX_MESSAGE_CHARS), "{} bytes", err.to_string().len());
        assert!(err.message().ends_with(crate::text::TRUNCATION_MARKER), "{}", &err.message()[..80]);
        assert!(format!("{err:?}").len() < 3 * (MAX_PATH_CHARS + MAX_MESSAGE_CHARS));
        assert!(std::error::Error::source(&err).is_none(), "no source repeating the message");

        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Keyed {
            #[serde(rename = "ByName")]
            by_name: std::collections::BTreeMap<String, Inner>,
        }
        let body = format!(r#"{{"ByName": {{"{huge}": {{"Arn": 5}}}}}}"#);
        let err = from_slice::<Keyed>(body.as_bytes(), "Out").unwrap_err();
        assert!(err.path().starts_with("Out.ByName.xxx"), "{}", &err.path()[..40]);
        assert!(err.path().chars().count() <= MAX_PATH_CHARS + crate::text::TRUNCATION_MARKER.chars().count());
    }

    #[test]
    fn truncated_and_trailing_input() {
        let err = from_slice::<Outer>(br#"{"Items": [{"Arn": "a"#, "Out").unwrap_err();
        assert!(err.is_eof(), "{err}");
        let err = from_slice::<Outer>(br#"{"Items": []} x"#, "Out").unwrap_err();
        assert!(err.to_string().contains("trailing characters"), "{err}");
    }
}

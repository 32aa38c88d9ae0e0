//! JSON documents to and from generated types, with errors that say where.

use serde::de::DeserializeOwned;
use std::fmt;

/// A JSON document did not fit the type it was read into.
#[derive(Debug)]
pub struct JsonError {
    path: String,
    inner: serde_json::Error,
}

impl JsonError {
    /// The member path of the problem, from the document's type name
    /// (`DescribeFleetsOutput.Fleets[0].Arn`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Whether the document ended early (a truncated body).
    pub fn is_eof(&self) -> bool {
        self.inner.is_eof()
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.inner)
    }
}

impl std::error::Error for JsonError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.inner)
    }
}

/// Reads a `T` from JSON bytes; `root` names `T` in the error's path.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8], root: &str) -> Result<T, JsonError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { root.to_owned() } else { format!("{root}.{path}") };
        JsonError { path, inner: e.into_inner() }
    })?;
    de.end().map_err(|inner| JsonError { path: root.to_owned(), inner })?;
    Ok(value)
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

    #[test]
    fn truncated_and_trailing_input() {
        let err = from_slice::<Outer>(br#"{"Items": [{"Arn": "a"#, "Out").unwrap_err();
        assert!(err.is_eof(), "{err}");
        let err = from_slice::<Outer>(br#"{"Items": []} x"#, "Out").unwrap_err();
        assert!(err.to_string().contains("trailing characters"), "{err}");
    }
}

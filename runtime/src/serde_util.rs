//! Serde helpers shared by generated types.

use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::borrow::Cow;
use std::fmt;

/// Deserializes a string, borrowing it from the input when the format allows.
///
/// Generated string enums use this, then map the text to a variant.
pub fn deserialize_str<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Cow<'de, str>, D::Error> {
    struct StrVisitor;
    impl<'de> Visitor<'de> for StrVisitor {
        type Value = Cow<'de, str>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(Cow::Borrowed(v))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Cow::Owned(v.to_owned()))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Cow::Owned(v))
        }
    }
    deserializer.deserialize_str(StrVisitor)
}

/// Deserializes a member that Smithy calls required and that this crate holds
/// without an `Option`: an explicit `null` becomes the type's zero value, as a
/// missing member does (Smithy 2.0 "client error correction").
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Holder {
        #[serde(default, deserialize_with = "null_as_default")]
        n: i32,
        #[serde(default, deserialize_with = "null_as_default")]
        s: String,
    }

    #[test]
    fn null_and_missing_become_zero_values() {
        let h: Holder = serde_json::from_str(r#"{"n": null}"#).unwrap();
        assert_eq!(h, Holder { n: 0, s: String::new() });
        let h: Holder = serde_json::from_str(r#"{"n": 7, "s": "x"}"#).unwrap();
        assert_eq!(h, Holder { n: 7, s: "x".into() });
    }

    #[test]
    fn wrong_type_is_still_an_error() {
        let err = serde_json::from_str::<Holder>(r#"{"n": "seven"}"#).unwrap_err();
        assert!(err.to_string().contains("invalid type"), "{err}");
    }
}

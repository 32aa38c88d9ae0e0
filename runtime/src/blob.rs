//! Blobs on the wire.
//!
//! A Smithy `blob` is bytes: `Vec<u8>` in generated types. The JSON
//! protocols write it as standard base64 text with padding (RFC 4648 §4);
//! [`base64`] is the module for `#[serde(with = "...")]` on such a member,
//! and its `option` submodule for an `Option<Vec<u8>>` one. Reading also
//! accepts text without padding, as some services send it. A format that
//! is not human-readable (the CBOR of rpcv2Cbor) gets a byte string
//! instead, definite or indefinite when read.

/// Base64 text, for a `Vec<u8>` member.
pub mod base64 {
    use ::base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
    use ::base64::engine::DecodePaddingMode;
    use ::base64::Engine as _;
    use serde::de::{self, Deserializer, Visitor};
    use serde::Serializer;
    use std::fmt;

    /// The standard alphabet; padding written, optional when read.
    const ENGINE: GeneralPurpose = GeneralPurpose::new(
        &::base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_encode_padding(true).with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );

    /// Writes the bytes as base64 text.
    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        if !serializer.is_human_readable() {
            return serializer.serialize_bytes(bytes);
        }
        serializer.serialize_str(&ENGINE.encode(bytes))
    }

    /// Reads base64 text; anything else, or text that is not base64, is an
    /// error that says so.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        if !deserializer.is_human_readable() {
            return deserializer.deserialize_byte_buf(BytesVisitor);
        }
        struct Base64Visitor;
        impl Visitor<'_> for Base64Visitor {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("base64 text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<u8>, E> {
                ENGINE.decode(v).map_err(|e| E::custom(format_args!("not base64 text: {e}")))
            }
        }
        deserializer.deserialize_str(Base64Visitor)
    }

    /// Reads a byte string.
    struct BytesVisitor;

    impl Visitor<'_> for BytesVisitor {
        type Value = Vec<u8>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a byte string")
        }
        fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
            Ok(v.to_vec())
        }
        fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
            Ok(v)
        }
    }

    /// The same for an `Option<Vec<u8>>` member: `null` is `None`.
    pub mod option {
        use serde::{Deserializer, Serializer};

        /// Writes `Some` as base64 text, `None` as null.
        pub fn serialize<S: Serializer>(value: &Option<Vec<u8>>, serializer: S) -> Result<S::Ok, S::Error> {
            match value {
                Some(bytes) => super::serialize(bytes, serializer),
                None => serializer.serialize_none(),
            }
        }

        /// Reads base64 text, or `null` as `None`.
        pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<u8>>, D::Error> {
            struct Wrap(Vec<u8>);
            impl<'de> serde::Deserialize<'de> for Wrap {
                fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    super::deserialize(d).map(Wrap)
                }
            }
            Ok(<Option<Wrap> as serde::Deserialize>::deserialize(deserializer)?.map(|w| w.0))
        }
    }
}

#[cfg(test)]
mod tests {
    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq, Default)]
    struct Holder {
        #[serde(rename = "Data", default, with = "super::base64")]
        data: Vec<u8>,
        #[serde(rename = "Maybe", default, skip_serializing_if = "Option::is_none", with = "super::base64::option")]
        maybe: Option<Vec<u8>>,
    }

    #[test]
    fn bytes_round_trip_as_padded_base64() {
        let h = Holder { data: b"hello\x00\xff".to_vec(), maybe: Some(b"ab".to_vec()) };
        let text = serde_json::to_string(&h).unwrap();
        assert_eq!(text, r#"{"Data":"aGVsbG8A/w==","Maybe":"YWI="}"#);
        assert_eq!(serde_json::from_str::<Holder>(&text).unwrap(), h);
        let empty = Holder::default();
        assert_eq!(serde_json::to_string(&empty).unwrap(), r#"{"Data":""}"#);
    }

    #[test]
    fn unpadded_text_and_null_read_too() {
        let h: Holder = serde_json::from_str(r#"{"Data": "aGVsbG8A/w", "Maybe": null}"#).unwrap();
        assert_eq!(h, Holder { data: b"hello\x00\xff".to_vec(), maybe: None });
    }

    #[test]
    fn what_is_not_base64_is_an_error_that_says_so() {
        let e = serde_json::from_str::<Holder>(r#"{"Data": "not base64!"}"#).unwrap_err();
        assert!(e.to_string().contains("not base64 text"), "{e}");
        let e = serde_json::from_str::<Holder>(r#"{"Data": [1, 2]}"#).unwrap_err();
        assert!(e.to_string().contains("base64 text"), "{e}");
    }
}

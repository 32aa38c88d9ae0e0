//! Smithy `document` values: untyped data, as JSON has it.
//!
//! A [`Document`] holds any JSON value and writes it back unchanged in
//! meaning: numbers keep whether they were integers (and their sign, so
//! every `u64` and `i64` is exact) or floating point; objects are kept in
//! key order (keys sorted, as a `BTreeMap` holds them). JSON has no way to
//! write a non-finite float, so serialising one is an error that says so;
//! CBOR ([`crate::cbor`]) writes it as a float, and writes the rest in its
//! generic data model (maps keyed by text).

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// An untyped value: what a Smithy `document` member holds.
///
/// ```
/// use smithy_rt::Document;
/// let doc: Document = serde_json::from_str(r#"{"Version": "2012-10-17", "Count": 3, "Ratio": 0.5}"#).unwrap();
/// assert_eq!(doc.get("Version").and_then(Document::as_str), Some("2012-10-17"));
/// assert_eq!(doc.get("Count").and_then(Document::as_i64), Some(3));
/// assert_eq!(serde_json::to_string(&doc).unwrap(), r#"{"Count":3,"Ratio":0.5,"Version":"2012-10-17"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub enum Document {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// Text.
    String(String),
    /// A list of values.
    Array(Vec<Document>),
    /// A map from text to values.
    Object(BTreeMap<String, Document>),
}

/// A document's number: an integer kept exactly, or a float.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Number {
    /// A non-negative integer.
    PosInt(u64),
    /// A negative integer.
    NegInt(i64),
    /// A floating-point number.
    Float(f64),
}

impl Number {
    /// The number as an `i64`, when it is an integer in range.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Number::PosInt(u) => i64::try_from(u).ok(),
            Number::NegInt(i) => Some(i),
            Number::Float(_) => None,
        }
    }

    /// The number as a `u64`, when it is a non-negative integer.
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Number::PosInt(u) => Some(u),
            _ => None,
        }
    }

    /// The number as an `f64` (large integers round to the nearest double).
    pub fn as_f64(&self) -> f64 {
        match *self {
            Number::PosInt(u) => u as f64,
            Number::NegInt(i) => i as f64,
            Number::Float(f) => f,
        }
    }
}

impl Document {
    /// The value of `key`, when this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Document> {
        self.as_object()?.get(key)
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Document::Null)
    }

    /// The boolean, when this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Document::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The text, when this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Document::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, when this is one.
    pub fn as_number(&self) -> Option<Number> {
        match self {
            Document::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The number as an `i64`, when this is an integer in range.
    pub fn as_i64(&self) -> Option<i64> {
        self.as_number()?.as_i64()
    }

    /// The number as an `f64`, when this is a number.
    pub fn as_f64(&self) -> Option<f64> {
        self.as_number().map(|n| n.as_f64())
    }

    /// The items, when this is an array.
    pub fn as_array(&self) -> Option<&[Document]> {
        match self {
            Document::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The entries, when this is an object.
    pub fn as_object(&self) -> Option<&BTreeMap<String, Document>> {
        match self {
            Document::Object(entries) => Some(entries),
            _ => None,
        }
    }
}

impl From<bool> for Document {
    fn from(b: bool) -> Self {
        Document::Bool(b)
    }
}

impl From<&str> for Document {
    fn from(s: &str) -> Self {
        Document::String(s.to_owned())
    }
}

impl From<String> for Document {
    fn from(s: String) -> Self {
        Document::String(s)
    }
}

impl From<i64> for Document {
    fn from(i: i64) -> Self {
        Document::Number(if i < 0 { Number::NegInt(i) } else { Number::PosInt(i as u64) })
    }
}

impl From<u64> for Document {
    fn from(u: u64) -> Self {
        Document::Number(Number::PosInt(u))
    }
}

impl From<f64> for Document {
    fn from(f: f64) -> Self {
        Document::Number(Number::Float(f))
    }
}

impl From<Vec<Document>> for Document {
    fn from(items: Vec<Document>) -> Self {
        Document::Array(items)
    }
}

impl From<BTreeMap<String, Document>> for Document {
    fn from(entries: BTreeMap<String, Document>) -> Self {
        Document::Object(entries)
    }
}

impl Serialize for Document {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Document::Null => serializer.serialize_unit(),
            Document::Bool(b) => serializer.serialize_bool(*b),
            Document::Number(Number::PosInt(u)) => serializer.serialize_u64(*u),
            Document::Number(Number::NegInt(i)) => serializer.serialize_i64(*i),
            Document::Number(Number::Float(f)) if f.is_finite() || !serializer.is_human_readable() => {
                serializer.serialize_f64(*f)
            }
            Document::Number(Number::Float(f)) => Err(serde::ser::Error::custom(format_args!(
                "a document cannot hold the number {f}: JSON has no way to write it"
            ))),
            Document::String(s) => serializer.serialize_str(s),
            Document::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Document::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DocumentVisitor)
    }
}

struct DocumentVisitor;

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = Document;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Document, E> {
        Ok(Document::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Document, E> {
        Ok(Document::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Document, E> {
        Ok(Document::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Document, E> {
        Ok(Document::Number(Number::Float(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Document, E> {
        Ok(Document::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Document, E> {
        Ok(Document::String(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Document, E> {
        Ok(Document::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Document, E> {
        Ok(Document::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Document, D::Error> {
        Document::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Document, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Document::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Document, A::Error> {
        let mut entries = BTreeMap::new();
        while let Some((k, v)) = map.next_entry::<String, Document>()? {
            entries.insert(k, v);
        }
        Ok(Document::Object(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_json_value_round_trips_in_meaning() {
        let text = r#"{"a":null,"b":[true,false],"c":{"d":"x\u0000y","e":[]},"f":-1,"g":18446744073709551615,"h":-9223372036854775808,"i":0.1,"j":1e300,"k":{}}"#;
        let doc: Document = serde_json::from_str(text).unwrap();
        assert_eq!(doc.get("g").and_then(Document::as_number), Some(Number::PosInt(u64::MAX)));
        assert_eq!(doc.get("h").and_then(Document::as_i64), Some(i64::MIN));
        let back = serde_json::to_string(&doc).unwrap();
        let a: serde_json::Value = serde_json::from_str(text).unwrap();
        let b: serde_json::Value = serde_json::from_str(&back).unwrap();
        assert_eq!(a, b);
        assert_eq!(serde_json::from_str::<Document>(&back).unwrap(), doc);
    }

    #[test]
    fn integers_and_floats_stay_apart() {
        let doc: Document = serde_json::from_str("[1, 1.0, -0.0, 9007199254740993]").unwrap();
        let items = doc.as_array().unwrap();
        assert_eq!(items[0], Document::Number(Number::PosInt(1)));
        assert_eq!(items[1], Document::Number(Number::Float(1.0)));
        assert_eq!(items[3].as_i64(), Some(9_007_199_254_740_993));
        assert_eq!(serde_json::to_string(&doc).unwrap(), "[1,1.0,-0.0,9007199254740993]");
    }

    #[test]
    fn a_non_finite_float_is_refused_with_a_reason() {
        let e = serde_json::to_string(&Document::from(f64::NAN)).unwrap_err();
        assert!(e.to_string().contains("JSON has no way to write it"), "{e}");
    }
}

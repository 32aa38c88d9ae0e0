//! Any CBOR item, kept as it was written.

use super::{deserialize_tagged, serialize_tagged, CborError, UNDEFINED};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::fmt;

/// A CBOR item of any kind: what a body holds before it is given a type.
///
/// Read with [`value_from_slice`] (or as a member of another type through
/// this module's [`from_slice`](super::from_slice)), it keeps every item:
/// `undefined` apart from `null`, integers over CBOR's whole range, map
/// entries in their order with keys of any kind, and tags. Floats are kept
/// as `f64`, which holds every half, single and double float exactly.
/// Written back ([`Value::to_vec`]), it is the same items in this module's
/// forms (definite lengths, smallest integers, floats as doubles).
///
/// [`Value::to_json`] gives a JSON value to compare bodies by.
///
/// Non-exhaustive: a later version may keep more of an item (CBOR's other
/// simple values, say) as a variant of its own.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// `null`.
    Null,
    /// `undefined` (simple value 23), which rpcv2Cbor reads as `null`.
    Undefined,
    /// `true` or `false`.
    Bool(bool),
    /// An integer, from -2^64 to 2^64 - 1 (major types 0 and 1); writing
    /// one outside that range is an error.
    Integer(i128),
    /// A half, single or double precision float.
    Float(f64),
    /// A byte string (an indefinite one joined).
    Bytes(Vec<u8>),
    /// A text string (an indefinite one joined).
    Text(String),
    /// An array.
    Array(Vec<Value>),
    /// A map, its entries in the order of the body.
    Map(Vec<(Value, Value)>),
    /// A tag number and the item it tags.
    Tag(u64, Box<Value>),
}

/// Reads any CBOR body, whole (see [`Value`]).
pub fn value_from_slice(bytes: &[u8]) -> Result<Value, CborError> {
    super::from_slice(bytes, "Value")
}

impl Value {
    /// The item as a CBOR body.
    pub fn to_vec(&self) -> Result<Vec<u8>, CborError> {
        super::to_vec(self)
    }

    /// The value of the text key `key`, when this is a map that has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => {
                entries.iter().find(|(k, _)| matches!(k, Value::Text(t) if t == key)).map(|(_, v)| v)
            }
            _ => None,
        }
    }

    /// A JSON value for comparing bodies: items that are equal in meaning
    /// give equal JSON values.
    ///
    /// - `null` and `undefined` are `null`; booleans and text are themselves.
    /// - Numbers are JSON numbers, and a float that is a whole number an
    ///   `i64` or `u64` holds is that integer (so `1.0` and `1` compare equal,
    ///   and `-0.0` is `0`); other floats are JSON floats. An integer beyond
    ///   `i64` and `u64` (below -2^63) is `{"$integer": "<decimal digits>"}`;
    ///   `NaN` and the infinities are `{"$float": "NaN"}`, `"Infinity"`,
    ///   `"-Infinity"`.
    /// - Byte strings are `{"$bytes": "<standard base64, padded>"}`.
    /// - Arrays are arrays; a map whose keys are all distinct text is an
    ///   object (key order is not kept), any other map is
    ///   `{"$map": [[key, value], ...]}` in the body's order.
    /// - A tag is `{"$tag": <number>, "$value": <item>}` (a timestamp is
    ///   `{"$tag": 1, "$value": <epoch seconds>}`).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::{json, Value as J};
        match self {
            Value::Null | Value::Undefined => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Integer(i) => integer_json(*i),
            Value::Float(f) if f.is_nan() => json!({"$float": "NaN"}),
            Value::Float(f) if f.is_infinite() => json!({"$float": if *f > 0.0 { "Infinity" } else { "-Infinity" }}),
            Value::Float(f) => {
                // Whole floats within ±2^64 are exact integers; beyond, the
                // JSON float.
                if f.fract() == 0.0 && f.abs() < 18_446_744_073_709_551_616.0 {
                    integer_json(*f as i128)
                } else {
                    json!(f)
                }
            }
            Value::Bytes(b) => {
                use base64::Engine as _;
                json!({"$bytes": base64::engine::general_purpose::STANDARD.encode(b)})
            }
            Value::Text(t) => J::String(t.clone()),
            Value::Array(items) => J::Array(items.iter().map(Value::to_json).collect()),
            Value::Map(entries) => {
                let mut object = serde_json::Map::new();
                for (k, v) in entries {
                    match k {
                        Value::Text(k) if !object.contains_key(k) => {
                            object.insert(k.clone(), v.to_json());
                        }
                        _ => {
                            let pairs = entries.iter().map(|(k, v)| json!([k.to_json(), v.to_json()])).collect();
                            return json!({"$map": J::Array(pairs)});
                        }
                    }
                }
                J::Object(object)
            }
            Value::Tag(tag, item) => json!({"$tag": tag, "$value": item.to_json()}),
        }
    }
}

fn integer_json(i: i128) -> serde_json::Value {
    if let Ok(u) = u64::try_from(i) {
        serde_json::Value::from(u)
    } else if let Ok(s) = i64::try_from(i) {
        serde_json::Value::from(s)
    } else {
        serde_json::json!({"$integer": i.to_string()})
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Undefined => serializer.serialize_unit_struct(UNDEFINED),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Integer(i) => match (u64::try_from(*i), i64::try_from(*i)) {
                (Ok(u), _) => serializer.serialize_u64(u),
                (_, Ok(s)) => serializer.serialize_i64(s),
                _ => serializer.serialize_i128(*i),
            },
            Value::Float(f) => serializer.serialize_f64(*f),
            Value::Bytes(b) => serializer.serialize_bytes(b),
            Value::Text(t) => serializer.serialize_str(t),
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
            Value::Tag(tag, item) => serialize_tagged(serializer, *tag, &**item),
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_tagged(deserializer, ValueVisitor)
    }
}

/// Reads a [`Value`]: this module's deserializer hands it a tag as a
/// sequence of the number and the item ([`deserialize_tagged`]), and
/// `undefined` as `visit_none` (both only when asked through the tag's
/// newtype name); an untagged item arrives through `visit_newtype_struct`.
struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any CBOR item")
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(UntaggedVisitor)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Undefined)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let tag: u64 = seq.next_element()?.ok_or_else(|| de::Error::custom("a tag without a number"))?;
        let item: Value = seq.next_element()?.ok_or_else(|| de::Error::custom("a tag without an item"))?;
        Ok(Value::Tag(tag, Box::new(item)))
    }
}

/// An item that is not a tag (nor `undefined`) in serde's data model.
struct UntaggedVisitor;

impl<'de> Visitor<'de> for UntaggedVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any CBOR item")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Integer(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Integer(v.into()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Integer(v))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        i128::try_from(v).map(Value::Integer).map_err(|_| E::custom("an integer beyond 2^127"))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Text(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Text(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Bytes(v.to_vec()))
    }
    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Value, E> {
        Ok(Value::Bytes(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Value::Map(entries))
    }
}

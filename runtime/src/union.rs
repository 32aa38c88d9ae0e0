//! Smithy unions on the wire: an object with exactly one member set.
//!
//! A generated union is a Rust enum with a variant per member and an
//! `Unknown` variant for a member a later model adds. It implements
//! [`Union`], saying how each member's value is read; [`deserialize`] does
//! the rest, as the Smithy specification asks of clients:
//!
//! - a member whose value is `null` counts as not set;
//! - `__type`, which some services add to a union, is ignored;
//! - a member this client does not know reads as `Unknown`;
//! - no member set, or more than one, is an error that names the union and
//!   the members (located in the document by [`crate::json`]).
//!
//! [`serialize`] writes the one member; `Unknown` cannot be written (there
//! is nothing to write) and is an error that says so.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{Error as _, SerializeMap, Serializer};
use serde::Serialize;
use std::fmt;
use std::marker::PhantomData;

/// A generated union.
pub trait Union: Sized {
    /// The union's name in the model, for messages.
    const NAME: &'static str;

    /// Reads the value of the member `name` from `map` (its value is next):
    /// `None` when the value is `null`. A name the union does not know is
    /// read and ignored, and gives the `Unknown` variant unless `null`.
    fn read_member<'de, A: MapAccess<'de>>(name: &str, map: &mut A) -> Result<Option<Self>, A::Error>;
}

/// Reads a union (see the [module](self) for the rules).
pub fn deserialize<'de, U: Union, D: Deserializer<'de>>(deserializer: D) -> Result<U, D::Error> {
    struct UnionVisitor<U>(PhantomData<U>);
    impl<'de, U: Union> Visitor<'de> for UnionVisitor<U> {
        type Value = U;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "the union {} (an object with one member set)", U::NAME)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<U, A::Error> {
            let mut found: Option<(String, U)> = None;
            while let Some(name) = map.next_key::<Key<'de>>()? {
                let name = name.as_str();
                if name == "__type" {
                    map.next_value::<de::IgnoredAny>()?;
                    continue;
                }
                let Some(value) = U::read_member(name, &mut map)? else { continue };
                if let Some((first, _)) = &found {
                    return Err(de::Error::custom(format_args!(
                        "the union {} has more than one member set ({first} and {name}); exactly one is allowed",
                        U::NAME
                    )));
                }
                found = Some((name.to_owned(), value));
            }
            match found {
                Some((_, value)) => Ok(value),
                None => Err(de::Error::custom(format_args!(
                    "the union {} has no member set; exactly one is required",
                    U::NAME
                ))),
            }
        }
    }
    deserializer.deserialize_map(UnionVisitor(PhantomData))
}

/// Writes a union whose member `name` is set to `value`.
pub fn serialize<S: Serializer, T: Serialize + ?Sized>(
    serializer: S,
    name: &str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(name, value)?;
    map.end()
}

/// The value of a union member that holds none (`smithy.api#Unit`): an
/// empty object.
#[derive(Debug, Clone, Copy)]
pub struct Empty;

impl Serialize for Empty {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_map(Some(0))?.end()
    }
}

/// The error of writing a union's `Unknown` variant.
pub fn unknown<S: Serializer>(union: &str) -> S::Error {
    S::Error::custom(format_args!(
        "the union {union} holds a member this client does not know (read from a response), so it cannot be sent"
    ))
}

/// A member name, borrowed from the input when the format allows.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{Base64, De, Ser};

    #[derive(Debug, PartialEq)]
    enum Value {
        S(String),
        B(Vec<u8>),
        L(Vec<Value>),
        Unknown,
    }

    impl Union for Value {
        const NAME: &'static str = "Value";
        fn read_member<'de, A: MapAccess<'de>>(name: &str, map: &mut A) -> Result<Option<Self>, A::Error> {
            Ok(match name {
                "S" => map.next_value::<Option<String>>()?.map(Value::S),
                "B" => map.next_value::<Option<De<Base64, Vec<u8>>>>()?.map(|v| Value::B(v.0)),
                "L" => map.next_value::<Option<Vec<Value>>>()?.map(Value::L),
                _ => map.next_value::<Option<de::IgnoredAny>>()?.map(|_| Value::Unknown),
            })
        }
    }

    impl<'de> de::Deserialize<'de> for Value {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            deserialize(d)
        }
    }

    impl Serialize for Value {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self {
                Value::S(v) => serialize(s, "S", v),
                Value::B(v) => serialize(s, "B", &Ser::<Base64, _>::new(v)),
                Value::L(v) => serialize(s, "L", v),
                Value::Unknown => Err(unknown::<S>("Value")),
            }
        }
    }

    fn read(text: &str) -> Result<Value, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn one_member_reads_and_writes_back() {
        let v = read(r#"{"L": [{"S": "a"}, {"B": "aGk="}]}"#).unwrap();
        assert_eq!(v, Value::L(vec![Value::S("a".into()), Value::B(b"hi".to_vec())]));
        assert_eq!(serde_json::to_string(&v).unwrap(), r#"{"L":[{"S":"a"},{"B":"aGk="}]}"#);
    }

    #[test]
    fn nulls_and_type_are_ignored_and_unknown_members_are_kept_as_unknown() {
        assert_eq!(read(r#"{"__type": "x#Value", "S": null, "B": "aGk="}"#).unwrap(), Value::B(b"hi".to_vec()));
        assert_eq!(read(r#"{"Later": {"x": [1]}}"#).unwrap(), Value::Unknown);
        let e = serde_json::to_string(&Value::Unknown).unwrap_err();
        assert!(e.to_string().contains("cannot be sent"), "{e}");
    }

    #[test]
    fn none_or_two_members_are_errors_that_name_them() {
        let e = read(r#"{"S": "a", "B": "aGk="}"#).unwrap_err();
        assert!(e.contains("Value has more than one member set (S and B)"), "{e}");
        let e = read(r#"{"S": null}"#).unwrap_err();
        assert!(e.contains("Value has no member set"), "{e}");
        let e = read(r#"["S"]"#).unwrap_err();
        assert!(e.contains("the union Value"), "{e}");
    }
}

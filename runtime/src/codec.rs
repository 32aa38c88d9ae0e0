//! Wire forms that nest: a value whose form is not its type's own serde
//! form (a timestamp in a format, bytes as base64) inside lists, maps,
//! options and union members.
//!
//! A [`Codec`] writes and reads one type. Leaves name a form
//! ([`EpochSeconds`], [`DateTime`], [`HttpDate`], [`Base64`], [`Float`], or
//! [`Plain`] for the type's own); combinators wrap them ([`List`], [`Map`],
//! [`Nullable`], [`OrDefault`], and the response side's [`DenseList`] and
//! [`DenseMap`], which drop `null` elements). Generated code names a
//! combination once, as a type, in a member's serde attribute:
//!
//! ```
//! use smithy_rt::Timestamp;
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Out {
//!     #[serde(
//!         rename = "Times",
//!         default,
//!         with = "smithy_rt::codec::Nullable::<smithy_rt::codec::DenseList<smithy_rt::codec::EpochSeconds>>"
//!     )]
//!     times: Option<Vec<Timestamp>>,
//! }
//! let out: Out = serde_json::from_str(r#"{"Times": [1531483724.415, null, 0]}"#).unwrap();
//! assert_eq!(out.times.as_ref().unwrap()[1], Timestamp::UNIX_EPOCH);
//! assert_eq!(serde_json::to_string(&out).unwrap(), r#"{"Times":[1531483724.415,0]}"#);
//! ```
//!
//! and a union's member through [`Ser`] and [`De`].
//!
//! JSON has no literal for `NaN` and the infinities, so the awsJson
//! protocols write them as the strings `"NaN"`, `"Infinity"` and
//! `"-Infinity"` ([`Float`]); serde_json alone would write `null` and could
//! not read them back:
//!
//! ```
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Out {
//!     #[serde(rename = "Scores", default, with = "smithy_rt::codec::Nullable::<smithy_rt::codec::List<smithy_rt::codec::Float>>")]
//!     scores: Option<Vec<f64>>,
//! }
//! let out: Out = serde_json::from_str(r#"{"Scores": [1.5, "Infinity", "-Infinity"]}"#).unwrap();
//! assert_eq!(out.scores.as_deref(), Some(&[1.5, f64::INFINITY, f64::NEG_INFINITY][..]));
//! assert_eq!(serde_json::to_string(&out).unwrap(), r#"{"Scores":[1.5,"Infinity","-Infinity"]}"#);
//! ```

use crate::Timestamp;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// How a value of type `T` is written and read.
pub trait Codec<T> {
    /// Writes `value`.
    fn write<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error>;
    /// Reads a value.
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error>;
}

macro_rules! with_functions {
    ($($name:ident $(<$c:ident>)?),*) => {$(
        impl$(<$c>)? $name$(<$c>)? {
            /// Writes `value` (for `#[serde(with = "...")]`).
            pub fn serialize<T, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error>
            where
                Self: Codec<T>,
            {
                <Self as Codec<T>>::write(value, serializer)
            }

            /// Reads a value (for `#[serde(with = "...")]`).
            pub fn deserialize<'de, T, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error>
            where
                Self: Codec<T>,
            {
                <Self as Codec<T>>::read(deserializer)
            }
        }
    )*};
}

/// The type's own serde form.
#[derive(Debug)]
#[non_exhaustive]
pub enum Plain {}

/// Epoch seconds, fractional allowed ([`crate::timestamp::epoch_seconds`]).
#[derive(Debug)]
#[non_exhaustive]
pub enum EpochSeconds {}

/// RFC 3339 date-time ([`crate::timestamp::date_time`]).
#[derive(Debug)]
#[non_exhaustive]
pub enum DateTime {}

/// IMF-fixdate ([`crate::timestamp::http_date`]).
#[derive(Debug)]
#[non_exhaustive]
pub enum HttpDate {}

/// Bytes as base64 text ([`crate::blob::base64`]).
#[derive(Debug)]
#[non_exhaustive]
pub enum Base64 {}

/// `f32` and `f64`: finite values as numbers (integers read too), the
/// others as `"NaN"`, `"Infinity"`, `"-Infinity"`; in a format that is not
/// human-readable (CBOR), every value as a float of its own width.
#[derive(Debug)]
#[non_exhaustive]
pub enum Float {}

/// A list, each element in `C`'s form.
#[derive(Debug)]
pub struct List<C>(PhantomData<C>);

/// A list read with its `null` elements dropped (as
/// [`crate::serde_util::dense_list`] does), each element in `C`'s form.
#[derive(Debug)]
pub struct DenseList<C>(PhantomData<C>);

/// A map from strings or string enums, each value in `C`'s form.
#[derive(Debug)]
pub struct Map<C>(PhantomData<C>);

/// A map read with its entries whose value is `null` dropped.
#[derive(Debug)]
pub struct DenseMap<C>(PhantomData<C>);

/// An `Option`: `null` (or, with `#[serde(default)]`, absent) is `None`.
#[derive(Debug)]
pub struct Nullable<C>(PhantomData<C>);

/// A value that reads `null` as its type's zero value (Smithy's client
/// error correction for a required member a response leaves out).
#[derive(Debug)]
pub struct OrDefault<C>(PhantomData<C>);

with_functions!(
    Plain,
    EpochSeconds,
    DateTime,
    HttpDate,
    Base64,
    Float,
    List<C>,
    DenseList<C>,
    Map<C>,
    DenseMap<C>,
    Nullable<C>,
    OrDefault<C>
);

impl<T: Serialize + DeserializeOwned> Codec<T> for Plain {
    fn write<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        T::deserialize(deserializer)
    }
}

macro_rules! leaf {
    ($codec:ident, $t:ty, $module:path) => {
        impl Codec<$t> for $codec {
            fn write<S: Serializer>(value: &$t, serializer: S) -> Result<S::Ok, S::Error> {
                use $module as m;
                m::serialize(value, serializer)
            }
            fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<$t, D::Error> {
                use $module as m;
                m::deserialize(deserializer)
            }
        }
    };
}

leaf!(EpochSeconds, Timestamp, crate::timestamp::epoch_seconds);
leaf!(DateTime, Timestamp, crate::timestamp::date_time);
leaf!(HttpDate, Timestamp, crate::timestamp::http_date);
leaf!(Base64, Vec<u8>, crate::blob::base64);

/// The string a non-finite float is written as, `None` for a finite one.
fn non_finite_str(v: f64) -> Option<&'static str> {
    if v.is_nan() {
        Some("NaN")
    } else if v == f64::INFINITY {
        Some("Infinity")
    } else if v == f64::NEG_INFINITY {
        Some("-Infinity")
    } else {
        None
    }
}

/// Reads an `f64` from a number or one of the three strings.
struct F64Visitor;

impl Visitor<'_> for F64Visitor {
    type Value = f64;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"a number, "NaN", "Infinity" or "-Infinity""#)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        match v {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }
}

impl Codec<f64> for Float {
    fn write<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        if !serializer.is_human_readable() {
            return serializer.serialize_f64(*value);
        }
        match non_finite_str(*value) {
            Some(s) => serializer.serialize_str(s),
            None => serializer.serialize_f64(*value),
        }
    }
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        deserializer.deserialize_any(F64Visitor)
    }
}

impl Codec<f32> for Float {
    fn write<S: Serializer>(value: &f32, serializer: S) -> Result<S::Ok, S::Error> {
        if !serializer.is_human_readable() {
            return serializer.serialize_f32(*value);
        }
        match non_finite_str(f64::from(*value)) {
            Some(s) => serializer.serialize_str(s),
            None => serializer.serialize_f32(*value),
        }
    }
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f32, D::Error> {
        // The nearest `f32`, as serde's own `f32` does with a JSON number.
        deserializer.deserialize_any(F64Visitor).map(|v| v as f32)
    }
}

/// A value written in `C`'s form: `Ser::<C, _>::new(&value)` serializes.
pub struct Ser<'a, C, T>(&'a T, PhantomData<C>);

impl<'a, C, T> Ser<'a, C, T> {
    /// Wraps `value`.
    pub fn new(value: &'a T) -> Self {
        Ser(value, PhantomData)
    }
}

impl<C: Codec<T>, T> Serialize for Ser<'_, C, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        C::write(self.0, serializer)
    }
}

/// A value read in `C`'s form: deserialize a `De<C, T>`, then take `.0`.
#[non_exhaustive]
pub struct De<C, T>(pub T, PhantomData<C>);

impl<'de, C: Codec<T>, T> Deserialize<'de> for De<C, T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        C::read(deserializer).map(|v| De(v, PhantomData))
    }
}

impl<C: Codec<T>, T> Codec<Option<T>> for Nullable<C> {
    fn write<S: Serializer>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => C::write(v, serializer),
            None => serializer.serialize_none(),
        }
    }
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        Ok(Option::<De<C, T>>::deserialize(deserializer)?.map(|d| d.0))
    }
}

impl<C: Codec<T>, T: Default> Codec<T> for OrDefault<C> {
    fn write<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        C::write(value, serializer)
    }
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        Ok(Option::<De<C, T>>::deserialize(deserializer)?.map(|d| d.0).unwrap_or_default())
    }
}

fn write_list<C: Codec<T>, T, S: Serializer>(items: &[T], serializer: S) -> Result<S::Ok, S::Error> {
    let mut seq = serializer.serialize_seq(Some(items.len()))?;
    for item in items {
        seq.serialize_element(&Ser::<C, T>::new(item))?;
    }
    seq.end()
}

/// Reads a sequence; `dense` drops `null` elements.
fn read_list<'de, C: Codec<T>, T, D: Deserializer<'de>>(deserializer: D, dense: bool) -> Result<Vec<T>, D::Error> {
    struct ListVisitor<C, T>(bool, PhantomData<(C, T)>);
    impl<'de, C: Codec<T>, T> Visitor<'de> for ListVisitor<C, T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a sequence")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            // As serde does for a `Vec`: trust a length hint only so far.
            let cap = seq.size_hint().unwrap_or(0).min((1 << 20) / std::mem::size_of::<T>().max(1));
            let mut items = Vec::with_capacity(cap);
            if self.0 {
                while let Some(item) = seq.next_element::<Option<De<C, T>>>()? {
                    items.extend(item.map(|d| d.0));
                }
            } else {
                while let Some(item) = seq.next_element::<De<C, T>>()? {
                    items.push(item.0);
                }
            }
            Ok(items)
        }
    }
    deserializer.deserialize_seq(ListVisitor::<C, T>(dense, PhantomData))
}

impl<C: Codec<T>, T> Codec<Vec<T>> for List<C> {
    fn write<S: Serializer>(value: &Vec<T>, serializer: S) -> Result<S::Ok, S::Error> {
        write_list::<C, T, S>(value, serializer)
    }
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        read_list::<C, T, D>(deserializer, false)
    }
}

impl<C: Codec<T>, T> Codec<Vec<T>> for DenseList<C> {
    fn write<S: Serializer>(value: &Vec<T>, serializer: S) -> Result<S::Ok, S::Error> {
        write_list::<C, T, S>(value, serializer)
    }
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        read_list::<C, T, D>(deserializer, true)
    }
}

fn write_map<C: Codec<T>, K: Serialize, T, S: Serializer>(
    entries: &BTreeMap<K, T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(entries.len()))?;
    for (k, v) in entries {
        map.serialize_entry(k, &Ser::<C, T>::new(v))?;
    }
    map.end()
}

/// Reads a map; `dense` drops entries whose value is `null`.
fn read_map<'de, C, K, T, D>(deserializer: D, dense: bool) -> Result<BTreeMap<K, T>, D::Error>
where
    C: Codec<T>,
    K: DeserializeOwned + Ord,
    D: Deserializer<'de>,
{
    struct MapVisitor<C, K, T>(bool, PhantomData<(C, K, T)>);
    impl<'de, C: Codec<T>, K: DeserializeOwned + Ord, T> Visitor<'de> for MapVisitor<C, K, T> {
        type Value = BTreeMap<K, T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a map")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<BTreeMap<K, T>, A::Error> {
            let mut entries = BTreeMap::new();
            if self.0 {
                while let Some((k, v)) = map.next_entry::<K, Option<De<C, T>>>()? {
                    if let Some(v) = v {
                        entries.insert(k, v.0);
                    }
                }
            } else {
                while let Some((k, v)) = map.next_entry::<K, De<C, T>>()? {
                    entries.insert(k, v.0);
                }
            }
            Ok(entries)
        }
    }
    deserializer.deserialize_map(MapVisitor::<C, K, T>(dense, PhantomData))
}

impl<C: Codec<T>, K: Serialize + DeserializeOwned + Ord, T> Codec<BTreeMap<K, T>> for Map<C> {
    fn write<S: Serializer>(value: &BTreeMap<K, T>, serializer: S) -> Result<S::Ok, S::Error> {
        write_map::<C, K, T, S>(value, serializer)
    }
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<BTreeMap<K, T>, D::Error> {
        read_map::<C, K, T, D>(deserializer, false)
    }
}

impl<C: Codec<T>, K: Serialize + DeserializeOwned + Ord, T> Codec<BTreeMap<K, T>> for DenseMap<C> {
    fn write<S: Serializer>(value: &BTreeMap<K, T>, serializer: S) -> Result<S::Ok, S::Error> {
        write_map::<C, K, T, S>(value, serializer)
    }
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<BTreeMap<K, T>, D::Error> {
        read_map::<C, K, T, D>(deserializer, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, Debug, PartialEq, Default)]
    struct Holder {
        #[serde(rename = "Dates", default, with = "Nullable::<List<DateTime>>")]
        dates: Option<Vec<Timestamp>>,
        #[serde(rename = "Blobs", default, with = "OrDefault::<DenseMap<Base64>>")]
        blobs: BTreeMap<String, Vec<u8>>,
        #[serde(rename = "Sparse", default, with = "Nullable::<List<Nullable<HttpDate>>>")]
        sparse: Option<Vec<Option<Timestamp>>>,
        #[serde(rename = "Nested", default, with = "Nullable::<List<List<EpochSeconds>>>")]
        nested: Option<Vec<Vec<Timestamp>>>,
    }

    #[test]
    fn nested_forms_round_trip() {
        let t = Timestamp::from_seconds(1_531_483_724).unwrap();
        let h = Holder {
            dates: Some(vec![t]),
            blobs: BTreeMap::from([("k".to_owned(), b"hi".to_vec())]),
            sparse: Some(vec![None, Some(t)]),
            nested: Some(vec![vec![t], vec![]]),
        };
        let text = serde_json::to_string(&h).unwrap();
        assert_eq!(
            text,
            r#"{"Dates":["2018-07-13T12:08:44Z"],"Blobs":{"k":"aGk="},"Sparse":[null,"Fri, 13 Jul 2018 12:08:44 GMT"],"Nested":[[1531483724],[]]}"#
        );
        assert_eq!(serde_json::from_str::<Holder>(&text).unwrap(), h);
    }

    #[test]
    fn dense_collections_drop_nulls_and_others_refuse_them() {
        let h: Holder = serde_json::from_str(r#"{"Blobs": {"a": null, "b": "YQ=="}, "Blobs2": 1}"#).unwrap();
        assert_eq!(h.blobs, BTreeMap::from([("b".to_owned(), b"a".to_vec())]));
        let h: Holder = serde_json::from_str(r#"{"Blobs": null}"#).unwrap();
        assert!(h.blobs.is_empty());
        let e = serde_json::from_str::<Holder>(r#"{"Dates": [null]}"#).unwrap_err();
        assert!(e.to_string().contains("RFC 3339"), "{e}");
        let e = serde_json::from_str::<Holder>(r#"{"Dates": {}}"#).unwrap_err();
        assert!(e.to_string().contains("a sequence"), "{e}");
    }

    mod floats {
        use super::super::*;

        #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq, Default)]
        struct Request {
            #[serde(rename = "D", default, skip_serializing_if = "Option::is_none", with = "Nullable::<Float>")]
            d: Option<f64>,
            #[serde(rename = "F", default, skip_serializing_if = "Option::is_none", with = "Nullable::<Float>")]
            f: Option<f32>,
            #[serde(rename = "R", with = "Float")]
            r: f64,
            #[serde(rename = "L", default, skip_serializing_if = "Option::is_none", with = "Nullable::<List<Float>>")]
            l: Option<Vec<f64>>,
            #[serde(rename = "M", default, skip_serializing_if = "Option::is_none", with = "Nullable::<Map<Float>>")]
            m: Option<BTreeMap<String, f32>>,
            #[serde(
                rename = "N",
                default,
                skip_serializing_if = "Option::is_none",
                with = "Nullable::<List<Map<List<Float>>>>"
            )]
            n: Option<Vec<BTreeMap<String, Vec<f64>>>>,
        }

        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Response {
            #[serde(rename = "R", default, with = "OrDefault::<Float>")]
            r: f64,
            #[serde(rename = "L", default, with = "OrDefault::<DenseList<Float>>")]
            l: Vec<f64>,
            #[serde(rename = "OL", default, with = "Nullable::<DenseList<Float>>")]
            ol: Option<Vec<f32>>,
            #[serde(rename = "M", default, with = "OrDefault::<DenseMap<Float>>")]
            m: BTreeMap<String, f64>,
            #[serde(rename = "OM", default, with = "Nullable::<DenseMap<Float>>")]
            om: Option<BTreeMap<String, f64>>,
        }

        fn same(a: f64, b: f64) -> bool {
            (a.is_nan() && b.is_nan()) || a == b
        }

        #[test]
        fn non_finite_values_are_strings_on_the_wire() {
            let req = Request {
                d: Some(f64::NAN),
                f: Some(f32::NEG_INFINITY),
                r: f64::INFINITY,
                l: Some(vec![1.5, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0]),
                m: Some(BTreeMap::from([("a".to_owned(), f32::INFINITY), ("b".to_owned(), 0.25)])),
                n: Some(vec![BTreeMap::from([("x".to_owned(), vec![f64::NEG_INFINITY, 2.0])])]),
            };
            let json = serde_json::to_string(&req).unwrap();
            assert_eq!(
                json,
                r#"{"D":"NaN","F":"-Infinity","R":"Infinity","L":[1.5,"NaN","Infinity","-Infinity",-0.0],"M":{"a":"Infinity","b":0.25},"N":[{"x":["-Infinity",2.0]}]}"#
            );
            let back: Request = serde_json::from_str(&json).unwrap();
            assert!(back.d.unwrap().is_nan());
            assert_eq!(back.f, Some(f32::NEG_INFINITY));
            assert_eq!(back.r, f64::INFINITY);
            let l = back.l.unwrap();
            assert!(l.iter().zip(&req.l.unwrap()).all(|(a, b)| same(*a, *b)) && l.len() == 5);
            assert!(l[4].is_sign_negative());
            assert_eq!(back.m, req.m);
            assert_eq!(back.n, req.n);
        }

        #[test]
        fn finite_values_stay_numbers() {
            let req = Request { d: Some(0.1), f: Some(3.4028235e38), r: 1e300, ..Default::default() };
            let json = serde_json::to_string(&req).unwrap();
            assert_eq!(json, r#"{"D":0.1,"F":3.4028235e+38,"R":1e+300}"#);
            // Integers on the wire read as floats.
            let back: Request = serde_json::from_str(r#"{"D": 3, "R": -7, "F": 18446744073709551615}"#).unwrap();
            assert_eq!((back.d, back.r, back.f), (Some(3.0), -7.0, Some(1.8446744e19)));
        }

        #[test]
        fn strict_reading_rejects_other_strings_and_nulls() {
            for bad in
                [r#"{"R": "nan"}"#, r#"{"R": "inf"}"#, r#"{"R": null}"#, r#"{"R": 1, "L": [null]}"#, r#"{"R": true}"#]
            {
                let err = serde_json::from_str::<Request>(bad).unwrap_err().to_string();
                assert!(err.contains(r#"a number, "NaN", "Infinity" or "-Infinity""#), "{bad}: {err}");
            }
            assert!(serde_json::from_str::<Request>(r#"{"R": 1, "M": {"a": null}}"#).is_err());
            // `null` for an optional member is `None`.
            assert_eq!(serde_json::from_str::<Request>(r#"{"R": 1, "D": null}"#).unwrap().d, None);
        }

        #[test]
        fn lenient_reading_drops_nulls_and_zeroes_null_members() {
            let r: Response = serde_json::from_str(
                r#"{"R": null, "L": [null, "NaN", 1], "OL": ["Infinity", null], "M": {"a": null, "b": "-Infinity"}, "OM": null}"#,
            )
            .unwrap();
            assert_eq!(r.r, 0.0);
            assert_eq!(r.l.len(), 2);
            assert!(r.l[0].is_nan() && r.l[1] == 1.0);
            assert_eq!(r.ol, Some(vec![f32::INFINITY]));
            assert_eq!(r.m, BTreeMap::from([("b".to_owned(), f64::NEG_INFINITY)]));
            assert_eq!(r.om, None);
            let r: Response = serde_json::from_str(r#"{"L": null, "M": null}"#).unwrap();
            assert!(r.l.is_empty() && r.m.is_empty() && r.r == 0.0);
            // A wrong string is still an error.
            assert!(serde_json::from_str::<Response>(r#"{"L": ["Inf"]}"#).is_err());
        }

        #[test]
        fn errors_name_the_member_path() {
            let err = crate::json::from_slice::<Request>(br#"{"R": 1, "L": [1, "infinity"]}"#, "Request")
                .unwrap_err()
                .to_string();
            assert!(err.contains("L[1]"), "{err}");
        }
    }
}

//! Floats on the JSON wire: `NaN`, `Infinity` and `-Infinity`.
//!
//! JSON has no literal for them, so the awsJson protocols write them as the
//! strings `"NaN"`, `"Infinity"` and `"-Infinity"`; finite values are
//! numbers. serde_json alone writes a non-finite float as `null` and cannot
//! read those strings back. Generated members whose type holds an `f32` or
//! `f64` (directly, in an `Option`, or in lists and maps of any depth) use
//! [`strict`] (requests) or [`lenient`] (responses) with `#[serde(with)]`.
//!
//! ```
//! #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
//! struct Out {
//!     #[serde(rename = "Scores", default, skip_serializing_if = "Option::is_none", with = "smithy_rt::float::strict")]
//!     scores: Option<Vec<f64>>,
//! }
//! let out: Out = serde_json::from_str(r#"{"Scores": [1.5, "Infinity", "-Infinity"]}"#).unwrap();
//! assert_eq!(out.scores.as_deref(), Some(&[1.5, f64::INFINITY, f64::NEG_INFINITY][..]));
//! assert_eq!(serde_json::to_string(&out).unwrap(), r#"{"Scores":[1.5,"Infinity","-Infinity"]}"#);
//! ```

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// A type that holds floats and is written as the awsJson protocols write
/// them: `f32`, `f64`, and `Option`s, `Vec`s and `BTreeMap`s of such types.
pub trait WireFloat: Sized {
    /// Writes the value, non-finite floats as their strings.
    fn serialize_wire<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    /// Reads the value, accepting numbers and the three strings.
    fn deserialize_wire<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
    /// Reads a response's value: a `null` is the zero value (an empty list
    /// or map, `0.0`, `None`), and a list's `null` elements or a map's
    /// `null` values are dropped (only at this level, as
    /// [`crate::serde_util::dense_list`] does).
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// `#[serde(with = "::smithy_rt::float::strict")]`: numbers and the three
/// strings; a `null` is only accepted where the type is an `Option`.
pub mod strict {
    use super::WireFloat;
    use serde::{Deserializer, Serializer};

    /// Writes finite floats as numbers, the others as `"NaN"`, `"Infinity"`, `"-Infinity"`.
    pub fn serialize<T: WireFloat, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize_wire(serializer)
    }

    /// Reads numbers and `"NaN"`, `"Infinity"`, `"-Infinity"`.
    pub fn deserialize<'de, T: WireFloat, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        T::deserialize_wire(deserializer)
    }
}

/// `#[serde(with = "::smithy_rt::float::lenient")]`, for responses: as
/// [`strict`], and a `null` member is its zero value, a `null` element or
/// map value of the member's own collection is dropped.
pub mod lenient {
    use super::WireFloat;
    use serde::{Deserializer, Serializer};

    /// Writes finite floats as numbers, the others as `"NaN"`, `"Infinity"`, `"-Infinity"`.
    pub fn serialize<T: WireFloat, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize_wire(serializer)
    }

    /// Reads numbers and the three strings; `null` is the zero value, and
    /// `null` elements or values of the member's collection are dropped.
    pub fn deserialize<'de, T: WireFloat, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        T::deserialize_lenient(deserializer)
    }
}

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

/// Reads an `f64` from a number or one of the three strings; with
/// `null_is_zero`, `null` is `0.0`.
struct F64Visitor {
    null_is_zero: bool,
}

impl<'de> Visitor<'de> for F64Visitor {
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
    fn visit_unit<E: de::Error>(self) -> Result<f64, E> {
        if self.null_is_zero {
            Ok(0.0)
        } else {
            Err(E::invalid_type(de::Unexpected::Unit, &self))
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<f64, E> {
        self.visit_unit()
    }
}

fn read_f64<'de, D: Deserializer<'de>>(deserializer: D, null_is_zero: bool) -> Result<f64, D::Error> {
    deserializer.deserialize_any(F64Visitor { null_is_zero })
}

impl WireFloat for f64 {
    fn serialize_wire<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match non_finite_str(*self) {
            Some(s) => serializer.serialize_str(s),
            None => serializer.serialize_f64(*self),
        }
    }
    fn deserialize_wire<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_f64(deserializer, false)
    }
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_f64(deserializer, true)
    }
}

impl WireFloat for f32 {
    fn serialize_wire<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match non_finite_str(f64::from(*self)) {
            Some(s) => serializer.serialize_str(s),
            None => serializer.serialize_f32(*self),
        }
    }
    fn deserialize_wire<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // The nearest `f32`, as serde's own `f32` does with a JSON number.
        read_f64(deserializer, false).map(|v| v as f32)
    }
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_f64(deserializer, true).map(|v| v as f32)
    }
}

/// Serializes a `&T` through [`WireFloat`], for elements and values.
struct Wire<'a, T>(&'a T);

impl<T: WireFloat> Serialize for Wire<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_wire(serializer)
    }
}

/// Deserializes a `T` through [`WireFloat`] (strictly), for elements and values.
struct Strict<T>(T);

impl<'de, T: WireFloat> Deserialize<'de> for Strict<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_wire(deserializer).map(Strict)
    }
}

/// An `Option<T>`'s seed: `null` is `None`, anything else a `T` read strictly
/// or leniently.
struct OptionVisitor<T> {
    lenient: bool,
    marker: PhantomData<T>,
}

impl<'de, T: WireFloat> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an optional value")
    }
    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        if self.lenient {
            T::deserialize_lenient(deserializer).map(Some)
        } else {
            T::deserialize_wire(deserializer).map(Some)
        }
    }
}

impl<T: WireFloat> WireFloat for Option<T> {
    fn serialize_wire<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(v) => serializer.serialize_some(&Wire(v)),
            None => serializer.serialize_none(),
        }
    }
    fn deserialize_wire<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_option(OptionVisitor { lenient: false, marker: PhantomData })
    }
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_option(OptionVisitor { lenient: true, marker: PhantomData })
    }
}

/// Reads a list; with `dense`, `null` elements are dropped and a `null`
/// list is empty.
struct ListVisitor<T> {
    dense: bool,
    marker: PhantomData<T>,
}

impl<'de, T: WireFloat> Visitor<'de> for ListVisitor<T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let cap = seq.size_hint().unwrap_or(0).min((1 << 20) / std::mem::size_of::<T>().max(1));
        let mut items = Vec::with_capacity(cap);
        if self.dense {
            while let Some(item) = seq.next_element::<Option<Strict<T>>>()? {
                items.extend(item.map(|s| s.0));
            }
        } else {
            while let Some(Strict(item)) = seq.next_element::<Strict<T>>()? {
                items.push(item);
            }
        }
        Ok(items)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
        if self.dense {
            Ok(Vec::new())
        } else {
            Err(E::invalid_type(de::Unexpected::Unit, &self))
        }
    }
}

impl<T: WireFloat> WireFloat for Vec<T> {
    fn serialize_wire<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(Wire))
    }
    fn deserialize_wire<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(ListVisitor { dense: false, marker: PhantomData })
    }
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // `deserialize_any` so that a `null` list reaches `visit_unit`.
        deserializer.deserialize_any(ListVisitor { dense: true, marker: PhantomData })
    }
}

/// Reads a map; with `dense`, entries whose value is `null` are dropped and
/// a `null` map is empty.
struct MapVisitor<K, T> {
    dense: bool,
    marker: PhantomData<(K, T)>,
}

impl<'de, K: Deserialize<'de> + Ord, T: WireFloat> Visitor<'de> for MapVisitor<K, T> {
    type Value = BTreeMap<K, T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<BTreeMap<K, T>, A::Error> {
        let mut entries = BTreeMap::new();
        while let Some(key) = map.next_key::<K>()? {
            if self.dense {
                if let Some(Strict(value)) = map.next_value::<Option<Strict<T>>>()? {
                    entries.insert(key, value);
                }
            } else {
                let Strict(value) = map.next_value::<Strict<T>>()?;
                entries.insert(key, value);
            }
        }
        Ok(entries)
    }
    fn visit_unit<E: de::Error>(self) -> Result<BTreeMap<K, T>, E> {
        if self.dense {
            Ok(BTreeMap::new())
        } else {
            Err(E::invalid_type(de::Unexpected::Unit, &self))
        }
    }
}

impl<K, T> WireFloat for BTreeMap<K, T>
where
    K: Serialize + for<'de> Deserialize<'de> + Ord,
    T: WireFloat,
{
    fn serialize_wire<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(k, v)| (k, Wire(v))))
    }
    fn deserialize_wire<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MapVisitor { dense: false, marker: PhantomData })
    }
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(MapVisitor { dense: true, marker: PhantomData })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq, Default)]
    struct Request {
        #[serde(rename = "D", default, skip_serializing_if = "Option::is_none", with = "strict")]
        d: Option<f64>,
        #[serde(rename = "F", default, skip_serializing_if = "Option::is_none", with = "strict")]
        f: Option<f32>,
        #[serde(rename = "R", with = "strict")]
        r: f64,
        #[serde(rename = "L", default, skip_serializing_if = "Option::is_none", with = "strict")]
        l: Option<Vec<f64>>,
        #[serde(rename = "M", default, skip_serializing_if = "Option::is_none", with = "strict")]
        m: Option<BTreeMap<String, f32>>,
        #[serde(rename = "N", default, skip_serializing_if = "Option::is_none", with = "strict")]
        n: Option<Vec<BTreeMap<String, Vec<f64>>>>,
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Response {
        #[serde(rename = "R", default, with = "lenient")]
        r: f64,
        #[serde(rename = "L", default, with = "lenient")]
        l: Vec<f64>,
        #[serde(rename = "OL", default, with = "lenient")]
        ol: Option<Vec<f32>>,
        #[serde(rename = "M", default, with = "lenient")]
        m: BTreeMap<String, f64>,
        #[serde(rename = "OM", default, with = "lenient")]
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

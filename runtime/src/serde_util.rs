//! Serde helpers shared by generated types.

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

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

// Dense collections.
//
// Smithy lists and maps are dense unless marked `@sparse`: they never hold
// a null. A service that sends one anyway should not cost the caller the
// whole response, so these drop null elements of lists and entries of maps
// whose value is null, as Smithy's protocol tests ask of clients ("Clients
// SHOULD tolerate seeing a null value in a dense map, and they SHOULD drop
// the null key-value pair", `RestJsonDeserializesDenseSetMapAndSkipsNull`).
// Anything else that does not fit is still an error, with serde's message.
//
// Each element is read as an `Option<T>` straight from the sequence or
// map, so nothing is collected beyond the result. In the member paths of
// errors (`serde_path_to_error`, as `json::from_slice` reports them) list
// indices count the document's elements, nulls included: the path points
// at the element in the body, even if dropped nulls before it shift its
// index in the result. Only the outer collection is dense: the elements
// are read with `T`'s own `Deserialize`, so a list nested in a list keeps
// the inner list's own rules.

/// Deserializes an optional dense list member (`Option<Vec<T>>`), dropping
/// `null` elements; an explicit `null` member is `None`, as a missing one is
/// with `#[serde(default)]`. `[null]` is `Some` of an empty list.
///
/// An element of another type is still an error, with serde's message. In
/// the member path of an error (`json::from_slice`) an index counts the
/// document's elements, nulls included, so it points at the element in the
/// body (`Fleets[2].Arn` after a dropped null at `[0]`).
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Out {
///     #[serde(rename = "Names", default, deserialize_with = "smithy_rt::serde_util::dense_list")]
///     names: Option<Vec<String>>,
/// }
/// let out: Out = serde_json::from_str(r#"{"Names": ["a", null, "b"]}"#).unwrap();
/// assert_eq!(out.names.unwrap(), ["a", "b"]);
/// ```
pub fn dense_list<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<DenseList<T>>::deserialize(deserializer)?.map(|list| list.0))
}

/// Deserializes a required dense list member held without an `Option`
/// (`Vec<T>`), dropping `null` elements; a missing (with
/// `#[serde(default)]`) or `null` member is an empty list.
pub fn dense_list_or_default<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(dense_list(deserializer)?.unwrap_or_default())
}

/// Deserializes an optional dense map member (`Option<BTreeMap<K, T>>`,
/// `K` a `String` or a string enum), dropping entries whose value is `null`;
/// an explicit `null` member is `None`, as a missing one is with
/// `#[serde(default)]`.
///
/// ```
/// # use std::collections::BTreeMap;
/// #[derive(serde::Deserialize)]
/// struct Out {
///     #[serde(rename = "Tags", default, deserialize_with = "smithy_rt::serde_util::dense_map")]
///     tags: Option<BTreeMap<String, String>>,
/// }
/// let out: Out = serde_json::from_str(r#"{"Tags": {"team": "sales", "owner": null}}"#).unwrap();
/// assert_eq!(out.tags.unwrap(), BTreeMap::from([("team".to_owned(), "sales".to_owned())]));
/// ```
pub fn dense_map<'de, D, K, T>(deserializer: D) -> Result<Option<BTreeMap<K, T>>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Ord,
    T: Deserialize<'de>,
{
    Ok(Option::<DenseMap<K, T>>::deserialize(deserializer)?.map(|map| map.0))
}

/// Deserializes a required dense map member held without an `Option`
/// (`BTreeMap<K, T>`), dropping entries whose value is `null`; a missing
/// (with `#[serde(default)]`) or `null` member is an empty map.
pub fn dense_map_or_default<'de, D, K, T>(deserializer: D) -> Result<BTreeMap<K, T>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Ord,
    T: Deserialize<'de>,
{
    Ok(dense_map(deserializer)?.unwrap_or_default())
}

/// A list read with its `null` elements dropped.
struct DenseList<T>(Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for DenseList<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // serde's own word for a `Vec`, so messages stay the same.
                f.write_str("a sequence")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                // As serde does for a `Vec`: trust a length hint only so far.
                let cap = seq.size_hint().unwrap_or(0).min((1 << 20) / std::mem::size_of::<T>().max(1));
                let mut items = Vec::with_capacity(cap);
                // Each element goes straight into the list (or, when null,
                // nowhere), not through an `Option<Option<T>>` the size of `T`.
                while let Some(()) = seq.next_element_seed(PushInto(&mut items))? {}
                Ok(items)
            }
        }
        deserializer.deserialize_seq(ListVisitor(PhantomData)).map(DenseList)
    }
}

/// Reads one element of a dense list into the list, dropping `null`.
struct PushInto<'a, T>(&'a mut Vec<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for PushInto<'_, T> {
    type Value = ();
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if let Some(item) = Option::<T>::deserialize(deserializer)? {
            self.0.push(item);
        }
        Ok(())
    }
}

/// A map read with its entries whose value is `null` dropped.
struct DenseMap<K, T>(BTreeMap<K, T>);

impl<'de, K: Deserialize<'de> + Ord, T: Deserialize<'de>> Deserialize<'de> for DenseMap<K, T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<K, T>(PhantomData<(K, T)>);
        impl<'de, K: Deserialize<'de> + Ord, T: Deserialize<'de>> Visitor<'de> for MapVisitor<K, T> {
            type Value = BTreeMap<K, T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // serde's own word for a `BTreeMap`, so messages stay the same.
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<BTreeMap<K, T>, A::Error> {
                let mut entries = BTreeMap::new();
                while let Some((key, value)) = map.next_entry::<K, Option<T>>()? {
                    if let Some(value) = value {
                        entries.insert(key, value);
                    }
                }
                Ok(entries)
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData)).map(DenseMap)
    }
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

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Dense {
        #[serde(default, deserialize_with = "dense_list")]
        list: Option<Vec<i32>>,
        #[serde(default, deserialize_with = "dense_list_or_default")]
        required_list: Vec<String>,
        #[serde(default, deserialize_with = "dense_map")]
        map: Option<BTreeMap<String, i32>>,
        #[serde(default, deserialize_with = "dense_map_or_default")]
        required_map: BTreeMap<String, String>,
    }

    fn dense(json: &str) -> Dense {
        serde_json::from_str(json).unwrap()
    }

    fn map<T: Clone>(entries: &[(&str, T)]) -> BTreeMap<String, T> {
        entries.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
    }

    #[test]
    fn null_elements_of_dense_lists_are_dropped() {
        let d = dense(r#"{"list": [1, null, 2, null], "required_list": [null, "a", null]}"#);
        assert_eq!(d.list, Some(vec![1, 2]));
        assert_eq!(d.required_list, ["a"]);
        // A list of nulls only is still a list that was sent.
        assert_eq!(dense(r#"{"list": [null, null]}"#).list, Some(vec![]));
        assert_eq!(dense(r#"{"list": []}"#).list, Some(vec![]));
    }

    #[test]
    fn null_values_of_dense_maps_are_dropped() {
        let d = dense(r#"{"map": {"a": 1, "b": null, "c": 3}, "required_map": {"x": null, "y": "z"}}"#);
        assert_eq!(d.map, Some(map(&[("a", 1), ("c", 3)])));
        assert_eq!(d.required_map, map(&[("y", "z".to_owned())]));
        assert_eq!(dense(r#"{"map": {"b": null}}"#).map, Some(BTreeMap::new()));
    }

    #[test]
    fn absent_and_null_dense_members() {
        let empty = Dense { list: None, required_list: vec![], map: None, required_map: BTreeMap::new() };
        assert_eq!(dense("{}"), empty);
        assert_eq!(dense(r#"{"list": null, "required_list": null, "map": null, "required_map": null}"#), empty);
    }

    /// The error of reading `json`, and of reading it into plain serde
    /// collections, which must say the same.
    fn errors(json: &str) -> (String, String) {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Plain {
            list: Option<Vec<i32>>,
            required_list: Option<Vec<String>>,
            map: Option<BTreeMap<String, i32>>,
            required_map: Option<BTreeMap<String, String>>,
        }
        let ours = serde_json::from_str::<Dense>(json).unwrap_err().to_string();
        let plain = serde_json::from_str::<Plain>(json).unwrap_err().to_string();
        (ours, plain)
    }

    #[test]
    fn anything_else_that_does_not_fit_is_serdes_error() {
        for json in [
            r#"{"list": [1, "two"]}"#,
            r#"{"list": [1, 2.5]}"#,
            r#"{"list": "1"}"#,
            r#"{"list": {"a": 1}}"#,
            r#"{"required_list": [1]}"#,
            r#"{"map": {"a": "one"}}"#,
            r#"{"map": [1]}"#,
            r#"{"required_map": {"a": 1}}"#,
            r#"{"list": [1, 2"#,
        ] {
            let (ours, plain) = errors(json);
            assert_eq!(ours, plain, "{json}");
        }
        let (ours, _) = errors(r#"{"list": [1, "two"]}"#);
        assert!(ours.starts_with("invalid type: string \"two\", expected i32"), "{ours}");
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Fleet {
        #[serde(rename = "Arn")]
        arn: String,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Fleets {
        #[serde(rename = "Fleets", default, deserialize_with = "dense_list")]
        fleets: Option<Vec<Fleet>>,
        #[serde(rename = "ByName", default, deserialize_with = "dense_map_or_default")]
        by_name: BTreeMap<String, Fleet>,
    }

    #[test]
    fn errors_inside_elements_name_their_place_in_the_document() {
        let read = |body: &str| crate::json::from_slice::<Fleets>(body.as_bytes(), "DescribeFleetsOutput");
        let out = read(r#"{"Fleets": [{"Arn": "a"}, null, {"Arn": "c"}], "ByName": {"a": {"Arn": "a"}, "b": null}}"#);
        let out = out.unwrap();
        assert_eq!(out.fleets.unwrap().iter().map(|f| f.arn.as_str()).collect::<Vec<_>>(), ["a", "c"]);
        assert_eq!(out.by_name.keys().collect::<Vec<_>>(), ["a"]);

        let err = read(r#"{"Fleets": [{"Arn": "a"}, {"Arn": 5}]}"#).unwrap_err();
        assert_eq!(err.path(), "DescribeFleetsOutput.Fleets[1].Arn");
        assert!(err.to_string().contains("invalid type: integer `5`, expected a string"), "{err}");
        // The index counts the document's elements, the dropped null too.
        let err = read(r#"{"Fleets": [null, {"Arn": "a"}, {"Arn": 5}]}"#).unwrap_err();
        assert_eq!(err.path(), "DescribeFleetsOutput.Fleets[2].Arn");
        let err = read(r#"{"ByName": {"a": null, "b": {"Arn": 5}}}"#).unwrap_err();
        assert_eq!(err.path(), "DescribeFleetsOutput.ByName.b.Arn");
        let err = read(r#"{"Fleets": [{}]}"#).unwrap_err();
        assert_eq!(err.path(), "DescribeFleetsOutput.Fleets[0]");
        assert!(err.to_string().contains("missing field `Arn`"), "{err}");
    }
}

use super::*;
use crate::codec::{Base64, DateTime, DenseList, EpochSeconds, Float, HttpDate, List, Map, Nullable};
use crate::{BigDecimal, BigInteger, Document, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn enc<T: Serialize + ?Sized>(v: &T) -> String {
    to_vec(v).unwrap().iter().map(|b| format!("{b:02x}")).collect()
}

fn read<T: serde::de::DeserializeOwned>(h: &str) -> Result<T, CborError> {
    from_slice(&hex(h), "T")
}

#[test]
fn integers_take_their_smallest_form() {
    assert_eq!(enc(&0u8), "00");
    assert_eq!(enc(&23i64), "17");
    assert_eq!(enc(&24i32), "1818");
    assert_eq!(enc(&255u64), "18ff");
    assert_eq!(enc(&256i64), "190100");
    assert_eq!(enc(&65536i64), "1a00010000");
    assert_eq!(enc(&u64::MAX), "1bffffffffffffffff");
    assert_eq!(enc(&-1i8), "20");
    assert_eq!(enc(&-24i64), "37");
    assert_eq!(enc(&-25i64), "3818");
    assert_eq!(enc(&i64::MIN), "3b7fffffffffffffff");
    assert_eq!(enc(&(-(1i128 << 64))), "3bffffffffffffffff");
    assert!(to_vec(&(1i128 << 64)).is_err());
}

#[test]
fn integers_of_every_width_read() {
    for (h, v) in [
        ("00", 0i64),
        ("17", 23),
        ("1818", 24),
        ("190100", 256),
        ("1a00010000", 65536),
        ("1b0000000100000000", 1 << 32),
    ] {
        assert_eq!(read::<i64>(h).unwrap(), v, "{h}");
    }
    assert_eq!(read::<u64>("1bffffffffffffffff").unwrap(), u64::MAX);
    assert_eq!(read::<i64>("3b7fffffffffffffff").unwrap(), i64::MIN);
    assert_eq!(read::<i128>("3bffffffffffffffff").unwrap(), -(1i128 << 64));
    assert_eq!(read::<i32>("3903e7").unwrap(), -1000);
    assert!(read::<i8>("190100").is_err());
    assert!(read::<u32>("20").is_err());
}

#[test]
fn floats_keep_their_width_and_every_width_reads() {
    assert_eq!(enc(&1.5f32), "fa3fc00000");
    assert_eq!(enc(&1.5f64), "fb3ff8000000000000");
    assert_eq!(enc(&f64::NAN), "fb7ff8000000000000");
    assert_eq!(enc(&f64::INFINITY), "fb7ff0000000000000");
    assert_eq!(enc(&f32::NEG_INFINITY), "faff800000");
    for (h, v) in [
        ("f93c00", 1.0),
        ("f9c000", -2.0),
        ("f93e00", 1.5),
        ("f97bff", 65504.0),
        ("f90001", 5.960464477539063e-8),
        ("f90400", 6.103515625e-5),
        ("f98000", -0.0),
        ("f97c00", f64::INFINITY),
        ("f9fc00", f64::NEG_INFINITY),
        ("fa47c35000", 100000.0),
        ("fa7f7fffff", 3.4028234663852886e38),
        ("fb3ff199999999999a", 1.1),
    ] {
        let got = read::<f64>(h).unwrap();
        assert!(got == v && got.is_sign_negative() == v.is_sign_negative(), "{h}: {got}");
    }
    assert!(read::<f64>("f97e00").unwrap().is_nan());
    assert!(read::<f32>("fa7fc00000").unwrap().is_nan());
    assert_eq!(read::<f32>("f93c00").unwrap(), 1.0);
    // Integers read as floats, as serde's own do.
    assert_eq!(read::<f64>("1903e8").unwrap(), 1000.0);
}

#[test]
fn f16_conversion_is_exact_for_every_value() {
    for bits in 0..=u16::MAX {
        let v = de::f16_to_f64(bits);
        let exponent = (bits >> 10) & 0x1f;
        if exponent == 0x1f && bits & 0x3ff != 0 {
            assert!(v.is_nan());
            continue;
        }
        // Every half converts exactly to a single, and back.
        let single = v as f32;
        assert_eq!(f64::from(single), v, "{bits:#06x}");
        assert_eq!(v.is_sign_negative(), bits & 0x8000 != 0, "{bits:#06x}");
    }
}

#[test]
fn text_bytes_and_containers_definite_and_indefinite() {
    assert_eq!(enc("a"), "6161");
    assert_eq!(enc(&serde_bytes_like(b"\x01\x02")), "420102");
    assert_eq!(enc(&vec![1, 2]), "820102");
    assert_eq!(enc(&BTreeMap::from([("a", 1)])), "a1616101");
    assert_eq!(enc(&Option::<i32>::None), "f6");
    assert_eq!(enc(&()), "f6");
    assert_eq!(enc(&true), "f5");
    // Indefinite text and arrays and maps read.
    assert_eq!(read::<String>("7f 6261 62 6163 ff").unwrap(), "abc");
    assert_eq!(read::<Vec<u8>>("9f 01 02 ff").unwrap(), vec![1, 2]);
    assert_eq!(
        read::<BTreeMap<String, i32>>("bf 6161 01 6162 02 ff").unwrap(),
        BTreeMap::from([("a".into(), 1), ("b".into(), 2)])
    );
    assert_eq!(read::<Vec<Vec<i32>>>("9f 9f ff 82 01 02 ff").unwrap(), vec![vec![], vec![1, 2]]);
    // Null and undefined are `None`.
    assert_eq!(read::<Option<i32>>("f6").unwrap(), None);
    assert_eq!(read::<Option<i32>>("f7").unwrap(), None);
    assert_eq!(read::<Option<i32>>("05").unwrap(), Some(5));
}

/// Bytes that serialize as a byte string.
fn serde_bytes_like(b: &[u8]) -> impl Serialize + '_ {
    crate::codec::Ser::<Base64, Vec<u8>>::new(Box::leak(Box::new(b.to_vec())))
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Default)]
struct Holder {
    #[serde(rename = "Name", default)]
    name: String,
    #[serde(rename = "Count", default, skip_serializing_if = "Option::is_none")]
    count: Option<i32>,
    #[serde(
        rename = "When",
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::timestamp::epoch_seconds::option"
    )]
    when: Option<Timestamp>,
    #[serde(rename = "Dates", default, skip_serializing_if = "Option::is_none", with = "Nullable::<List<DateTime>>")]
    dates: Option<Vec<Timestamp>>,
    #[serde(rename = "Http", default, skip_serializing_if = "Option::is_none", with = "Nullable::<HttpDate>")]
    http: Option<Timestamp>,
    #[serde(rename = "Blob", default, skip_serializing_if = "Option::is_none", with = "crate::blob::base64::option")]
    blob: Option<Vec<u8>>,
    #[serde(rename = "Blobs", default, skip_serializing_if = "Option::is_none", with = "Nullable::<Map<Base64>>")]
    blobs: Option<BTreeMap<String, Vec<u8>>>,
    #[serde(
        rename = "Scores",
        default,
        skip_serializing_if = "Option::is_none",
        with = "Nullable::<DenseList<Float>>"
    )]
    scores: Option<Vec<f64>>,
    #[serde(rename = "Ratio", default, skip_serializing_if = "Option::is_none", with = "Nullable::<Float>")]
    ratio: Option<f32>,
    #[serde(
        rename = "Epochs",
        default,
        skip_serializing_if = "Option::is_none",
        with = "Nullable::<List<EpochSeconds>>"
    )]
    epochs: Option<Vec<Timestamp>>,
    #[serde(rename = "Doc", default, skip_serializing_if = "Option::is_none")]
    doc: Option<Document>,
    #[serde(rename = "Big", default, skip_serializing_if = "Option::is_none")]
    big: Option<BigInteger>,
    #[serde(rename = "Dec", default, skip_serializing_if = "Option::is_none")]
    dec: Option<BigDecimal>,
}

fn ts(micros: i64) -> Timestamp {
    Timestamp::from_microseconds(i128::from(micros)).unwrap()
}

#[test]
fn generated_like_structs_round_trip_with_their_codecs() {
    let doc: Document = serde_json::from_str(r#"{"a": [1, -2, 2.5, null, true, "x"], "b": {}}"#).unwrap();
    let h = Holder {
        name: "n".into(),
        count: Some(-3),
        when: Some(ts(1_531_483_724_415_123)),
        dates: Some(vec![ts(1_531_483_724_000_000), ts(-1_500_000)]),
        http: Some(ts(1_531_483_724_000_000)),
        blob: Some(b"\x00\xff".to_vec()),
        blobs: Some(BTreeMap::from([("k".into(), b"hi".to_vec())])),
        scores: Some(vec![1.5, f64::INFINITY, f64::NEG_INFINITY]),
        ratio: Some(0.25),
        epochs: Some(vec![ts(0)]),
        doc: Some(doc),
        big: Some(BigInteger::new("-123456789012345678901234567890").unwrap()),
        dec: Some(BigDecimal::new("-12.50e3").unwrap()),
    };
    let bytes = to_vec(&h).unwrap();
    let back: Holder = from_slice(&bytes, "Holder").unwrap();
    assert_eq!(back.dec.as_ref().unwrap().as_str(), "-1250e1");
    assert_eq!(Holder { dec: h.dec.clone(), ..back }, h);
    // NaN is a float too.
    let nan = Holder { scores: Some(vec![f64::NAN]), ..Holder::default() };
    let back: Holder = from_slice(&to_vec(&nan).unwrap(), "Holder").unwrap();
    assert!(back.scores.unwrap()[0].is_nan());
}

#[test]
fn struct_headers_count_the_members_written() {
    let h = Holder { name: "n".into(), count: Some(1), ..Holder::default() };
    assert_eq!(enc(&h), "a2 644e616d65 616e 65436f756e74 01".replace(' ', ""));
    // More than 23 declared, fewer written: the header shrinks to one byte.
    #[derive(Serialize)]
    struct Wide {
        a: u8,
        #[serde(skip_serializing_if = "Option::is_none")]
        b0: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        b1: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        b2: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        b3: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        b4: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        b5: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        b6: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        b7: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        b8: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        b9: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        c0: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        c1: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        c2: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        c3: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        c4: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        c5: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        c6: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        c7: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        c8: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        c9: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        d0: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        d1: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        d2: Option<u8>,
        z: [u8; 1],
    }
    let w = Wide {
        a: 1,
        b0: None,
        b1: None,
        b2: None,
        b3: None,
        b4: None,
        b5: None,
        b6: None,
        b7: None,
        b8: None,
        b9: None,
        c0: None,
        c1: None,
        c2: None,
        c3: None,
        c4: None,
        c5: None,
        c6: None,
        c7: None,
        c8: None,
        c9: None,
        d0: Some(2),
        d1: None,
        d2: None,
        z: [7],
    };
    assert_eq!(enc(&w), "a3 6161 01 626430 02 617a 8107".replace(' ', ""));
}

#[test]
fn timestamps_are_tag_1_whatever_the_format() {
    let h = Holder { when: Some(ts(1_531_483_724_000_000)), http: Some(ts(1_500_000)), ..Holder::default() };
    // Whole seconds as an integer, a fraction as a double.
    assert_eq!(enc(&h), "a3 644e616d65 60 645768656e c11a5b48964c 6448747470 c1fb3ff8000000000000".replace(' ', ""));
    let v = value_from_slice(&to_vec(&h).unwrap()).unwrap();
    assert_eq!(v.get("When"), Some(&Value::Tag(1, Box::new(Value::Integer(1_531_483_724)))));
    // Microseconds are kept.
    let h = Holder { when: Some(ts(1_531_483_724_415_123)), ..Holder::default() };
    let back: Holder = from_slice(&to_vec(&h).unwrap(), "H").unwrap();
    assert_eq!(back.when, h.when);
    // Read: tag 1 over any number, or the number alone; any format module.
    for (h, micros) in [
        ("c11a5b48964c", 1_531_483_724_000_000i64),
        ("c1fb41d6d22593200000", 1_531_483_724_500_000),
        ("c1fa3fc00000", 1_500_000),
        ("c1f93e00", 1_500_000),
        ("c120", -1_000_000),
        ("1a5b48964c", 1_531_483_724_000_000),
        ("fb3ff8000000000000", 1_500_000),
    ] {
        for member in ["645768656e", "6448747470"] {
            let body = format!("a1 {member} {h}");
            let got: Holder = read(&body).unwrap();
            assert_eq!(got.when.or(got.http), Some(ts(micros)), "{body}");
        }
        let got: Holder = read(&format!("a1 654461746573 81 {h}")).unwrap();
        assert_eq!(got.dates, Some(vec![ts(micros)]));
    }
    // Text is not a timestamp here, nor another tag.
    assert!(read::<Holder>("a1 645768656e 6131").is_err());
    let err = read::<Holder>("a1 645768656e c01a5b48964c").unwrap_err();
    assert!(err.message().contains("tag 1, not tag 0"), "{err}");
    assert!(read::<Holder>("a1 645768656e c1fb7ff8000000000000").is_err());
}

#[test]
fn blobs_are_byte_strings() {
    let h = Holder { blob: Some(vec![1, 2, 3]), ..Holder::default() };
    assert_eq!(enc(&h), "a2 644e616d65 60 64426c6f62 43010203".replace(' ', ""));
    let got: Holder = read("a1 64426c6f62 5f 4101 42 0203 ff").unwrap();
    assert_eq!(got.blob, Some(vec![1, 2, 3]));
    assert!(read::<Holder>("a1 64426c6f62 6141").is_err(), "text is not a blob here");
}

#[test]
fn big_numbers_are_integers_bignums_and_decimal_fractions() {
    let cases = [
        ("0", "00"),
        ("18446744073709551615", "1bffffffffffffffff"),
        ("18446744073709551616", "c249010000000000000000"),
        ("-1", "20"),
        ("-18446744073709551616", "3bffffffffffffffff"),
        ("-18446744073709551617", "c349010000000000000000"),
        ("-9223372036854775809", "3b8000000000000000"),
    ];
    for (text, h) in cases {
        let n = BigInteger::new(text).unwrap();
        assert_eq!(enc(&n), h, "{text}");
        assert_eq!(read::<BigInteger>(h).unwrap().as_str(), text);
    }
    let big = "123456789012345678901234567890123456789012345678901234567890";
    for text in [big.to_owned(), format!("-{big}")] {
        let back: BigInteger = from_slice(&to_vec(&BigInteger::new(&text).unwrap()).unwrap(), "B").unwrap();
        assert_eq!(back.as_str(), text);
    }
    // Decimal fractions: 273.15 is [-2, 27315].
    assert_eq!(enc(&BigDecimal::new("273.15").unwrap()), "c48221196ab3");
    for (text, back) in [
        ("273.15", "273.15"),
        ("-0.001", "-0.001"),
        ("1.5e10", "15e9"),
        ("7", "7"),
        ("0.00", "0.00"),
        ("1e-40", "1e-40"),
    ] {
        let got: BigDecimal = from_slice(&to_vec(&BigDecimal::new(text).unwrap()).unwrap(), "D").unwrap();
        assert_eq!(got.as_str(), back, "{text}");
    }
    assert_eq!(read::<BigDecimal>("c4822138ff").unwrap().as_str(), "-2.56");
    assert_eq!(read::<BigDecimal>("c482 20 c249010000000000000000").unwrap().as_str(), "1844674407370955161.6");
    assert_eq!(read::<BigDecimal>("1903e8").unwrap().as_str(), "1000");
    assert_eq!(read::<BigDecimal>("fb3ff8000000000000").unwrap().as_str(), "1.5");
    assert!(read::<BigInteger>("fb3ff8000000000000").is_err());
    assert!(read::<BigInteger>("c48221196ab3").is_err());
    assert!(read::<BigDecimal>("fb7ff8000000000000").is_err());
    // Too large a bignum is refused, not converted.
    let mut body = hex("c25a00002001");
    body.extend(std::iter::repeat_n(0xff, 8193));
    let err = from_slice::<BigInteger>(&body, "B").unwrap_err();
    assert!(err.message().contains("longer than the 4096 read"), "{err}");
    // An exponent beyond i64 cannot be written.
    assert!(to_vec(&BigDecimal::new("1e99999999999999999999").unwrap()).is_err());
}

mod union_and_enums {
    use super::*;
    use crate::union::{self, Union};
    use serde::de::MapAccess;

    #[derive(Debug, PartialEq)]
    enum U {
        S(String),
        B(Vec<u8>),
        T(Timestamp),
        Unknown,
    }

    impl Union for U {
        const NAME: &'static str = "U";
        fn read_member<'de, A: MapAccess<'de>>(name: &str, map: &mut A) -> Result<Option<Self>, A::Error> {
            use crate::codec::De;
            Ok(match name {
                "S" => map.next_value::<Option<String>>()?.map(U::S),
                "B" => map.next_value::<Option<De<Base64, Vec<u8>>>>()?.map(|v| U::B(v.0)),
                "T" => map.next_value::<Option<De<EpochSeconds, Timestamp>>>()?.map(|v| U::T(v.0)),
                _ => map.next_value::<Option<serde::de::IgnoredAny>>()?.map(|_| U::Unknown),
            })
        }
    }

    impl<'de> Deserialize<'de> for U {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            union::deserialize(d)
        }
    }

    impl Serialize for U {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use crate::codec::Ser;
            match self {
                U::S(v) => union::serialize(s, "S", v),
                U::B(v) => union::serialize(s, "B", &Ser::<Base64, _>::new(v)),
                U::T(v) => union::serialize(s, "T", &Ser::<EpochSeconds, _>::new(v)),
                U::Unknown => Err(union::unknown::<S>("U")),
            }
        }
    }

    /// A string enum as the generator writes one: unknown values kept.
    #[derive(Debug, PartialEq)]
    enum State {
        Running,
        Unknown(crate::UnknownVariant),
    }

    impl<'de> Deserialize<'de> for State {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let s = crate::serde_util::deserialize_str(d)?;
            Ok(match &*s {
                "RUNNING" => State::Running,
                other => State::Unknown(crate::UnknownVariant::new(other)),
            })
        }
    }

    #[derive(Deserialize, Debug)]
    struct Out {
        #[serde(rename = "U")]
        u: U,
        #[serde(rename = "States", default)]
        states: Vec<State>,
    }

    #[test]
    fn a_union_is_a_map_of_exactly_one_member() {
        for u in [U::S("x".into()), U::B(vec![1]), U::T(ts(1_500_000))] {
            let bytes = to_vec(&u).unwrap();
            assert_eq!(bytes[0], 0xa1);
            assert_eq!(from_slice::<U>(&bytes, "U").unwrap(), u);
        }
        assert_eq!(enc(&U::S("x".into())), "a1615361 78".replace(' ', ""));
        // `__type` and null members are ignored; unknown members read as Unknown.
        assert_eq!(read::<U>("a2 665f5f74797065 6178 6153 6179").unwrap(), U::S("y".into()));
        assert_eq!(read::<U>("a2 6153 f6 6142 4101").unwrap(), U::B(vec![1]));
        assert_eq!(read::<U>("a1 654c61746572 a1 6161 9f 01 ff").unwrap(), U::Unknown);
        let err = read::<U>("a2 6153 6178 6142 4101").unwrap_err();
        assert!(err.message().contains("more than one member set (S and B)"), "{err}");
        assert!(to_vec(&U::Unknown).unwrap_err().message().contains("cannot be sent"));
    }

    #[test]
    fn unknown_members_and_enum_values_are_tolerated() {
        let body = "a3 6155 a1 6153 6178 654f74686572 bf 6161 c2 41 01 6162 9f f7 ff ff 66537461746573 82 67 52554e4e494e47 63 4e4557";
        let out: Out = read(body).unwrap();
        assert_eq!(out.u, U::S("x".into()));
        assert_eq!(out.states, vec![State::Running, State::Unknown(crate::UnknownVariant::new("NEW"))]);
    }
}

#[derive(Deserialize, Debug)]
#[allow(dead_code)]
struct Outer {
    #[serde(rename = "Items")]
    items: Vec<Inner>,
}

#[derive(Deserialize, Debug)]
#[allow(dead_code)]
struct Inner {
    #[serde(rename = "Arn")]
    arn: String,
}

#[test]
fn errors_name_the_member_path_and_the_offset() {
    // {"Items": [{"Arn": "a"}, {"Arn": 5}]}
    let err = read::<Outer>("a1 654974656d73 82 a1 6341726e 6161 a1 6341726e 05").unwrap_err();
    assert_eq!(err.path(), "T.Items[1].Arn");
    assert_eq!(err.offset(), 20);
    assert!(err.message().contains("invalid type: integer `5`, expected a string"), "{err}");
    assert_eq!(err.to_string(), format!("T.Items[1].Arn: {} at byte 20", err.message()));
    // Truncated anywhere: an error with an offset, never a panic.
    let body = hex("a1 654974656d73 82 a1 6341726e 6161 a1 6341726e 6162");
    for cut in 0..body.len() {
        let err = from_slice::<Outer>(&body[..cut], "T").unwrap_err();
        assert!(err.offset() <= cut, "{cut}: {err}");
        assert!(err.message().contains("end of input") || err.message().contains("bytes left"), "{cut}: {err}");
    }
    assert!(from_slice::<Outer>(&body, "T").is_ok());
    let mut trailing = body.clone();
    trailing.push(0);
    let err = from_slice::<Outer>(&trailing, "T").unwrap_err();
    assert_eq!((err.path(), err.offset()), ("T", body.len()));
    assert!(err.message().contains("trailing bytes"), "{err}");
}

#[test]
fn skipped_members_are_walked_and_checked() {
    // {"x": <item>, "Items": []}: the member the type lacks is skipped.
    let with = |item: &str| format!("a2 6178 {item} 654974656d73 80");
    for item in [
        "17",
        "3a 7fffffff",
        "3b ffffffffffffffff",
        "43 010203",
        "63 616263",
        "a2 6161 81 01 6162 9f 01 ff",
        "bf 6161 5f 41 01 ff ff",
        "c1 fb 41d6b6f0a0000000",
        "c2 41 01",
        "f9 3c00",
        "f6",
        "f5",
        "80",
        "a0",
    ] {
        let out = read::<Outer>(&with(item)).unwrap_or_else(|e| panic!("{item}: {e}"));
        assert!(out.items.is_empty(), "{item}");
    }
    // A skipped member is still read to its end and checked: its errors
    // name it and where it is. {"Items": [], "x": <item>}, the item at byte 10.
    let last = |item: &str| format!("a2 654974656d73 80 6178 {item}");
    for (item, offset, what) in [
        ("62 c328", 10, "not UTF-8"),
        ("65 61", 10, "bytes left"),
        ("45 01", 10, "bytes left"),
        ("9b 0000000100000000", 10, "longer than"),
        ("82 01", 10, "bytes left"),
        ("81 62 c328", 11, "not UTF-8"),
        ("a1 6161", 13, "end of input"),
    ] {
        let err = read::<Outer>(&last(item)).unwrap_err();
        assert_eq!((err.path(), err.offset()), ("T.x", offset), "{item}: {err}");
        assert!(err.message().contains(what), "{item}: {err}");
    }
}

#[test]
fn malformed_items_are_errors_with_offsets() {
    for (h, offset, what) in [
        ("ff", 0, "unexpected break"),
        ("1c", 0, "malformed"),
        ("81 fe", 1, "malformed"),
        ("f0", 0, "simple value"),
        ("62 c328", 0, ""),
        ("9b 0000000100000000", 0, "longer than the 0 bytes left"),
        ("bb 7fffffffffffffff", 0, "longer than"),
        ("5b ffffffffffffffff", 0, ""),
        ("7f 01 ff", 1, "expected text"),
        ("82 01", 0, "bytes left"),
        ("81 9f", 2, "end of input"),
    ] {
        let err = value_from_slice(&hex(h)).unwrap_err();
        assert_eq!(err.offset(), offset, "{h}: {err}");
        assert!(err.message().contains(what), "{h}: {err}");
    }
}

#[test]
fn nesting_is_bounded() {
    let deep = |n: usize| {
        let mut b = vec![0x81; n];
        b.push(0x00);
        b
    };
    assert!(value_from_slice(&deep(MAX_DEPTH)).is_ok());
    let err = value_from_slice(&deep(MAX_DEPTH + 1)).unwrap_err();
    assert!(err.message().contains("deeper than 128"), "{err}");
    // Skipped members too, tags too; a million levels do not overflow the stack.
    let mut body = hex("a1 6178");
    body.extend(deep(1_000_000));
    assert!(from_slice::<Outer>(&body, "T").unwrap_err().message().contains("deeper than 128"));
    let mut tags = vec![0xc6; 1_000_000];
    tags.push(0);
    assert!(value_from_slice(&tags).unwrap_err().message().contains("deeper than 128"));
    assert_eq!(from_slice::<u8>(&tags, "T").unwrap(), 0, "tags are read through");
}

#[test]
fn unknown_tags_are_read_through() {
    assert_eq!(read::<String>("d8 20 6161").unwrap(), "a");
    assert_eq!(read::<Vec<i32>>("c6 82 c7 01 02").unwrap(), vec![1, 2]);
}

#[test]
fn values_keep_every_item() {
    let body = "a9 00 f6 20 f7 f4 f5 6174 3bffffffffffffffff 4101 fb3ff8000000000000 82 f9 7e00 fa 7f800000 a0 c1 1a5b48964c 80 d9 0100 63 616263 bf 01 02 ff 7f 61 61 ff a0";
    let v = value_from_slice(&hex(body)).unwrap();
    let Value::Map(entries) = &v else { panic!("{v:?}") };
    assert_eq!(entries.len(), 9);
    assert_eq!(entries[0], (Value::Integer(0), Value::Null));
    assert_eq!(entries[1], (Value::Integer(-1), Value::Undefined));
    assert_eq!(entries[3], (Value::Text("t".into()), Value::Integer(-(1 << 64))));
    assert_eq!(entries[6], (Value::Tag(1, Box::new(Value::Integer(1_531_483_724))), Value::Array(vec![])));
    assert_eq!(entries[7].0, Value::Tag(256, Box::new(Value::Text("abc".into()))));
    // Written back in this module's forms, and read back the same.
    let again = value_from_slice(&v.to_vec().unwrap()).unwrap();
    assert!(matches!(&again, Value::Map(e) if e.len() == 9));
    assert_eq!(again.to_json(), v.to_json());
    assert_eq!(
        v.to_json(),
        serde_json::json!({"$map": [
            [0, null], [-1, null], [false, true], ["t", {"$integer": "-18446744073709551616"}],
            [{"$bytes": "AQ=="}, 1.5], [[{"$float": "NaN"}, {"$float": "Infinity"}], {}],
            [{"$tag": 1, "$value": 1531483724}, []], [{"$tag": 256, "$value": "abc"}, {"$map": [[1, 2]]}],
            ["a", {}]
        ]})
    );
    // Whole floats compare equal to integers.
    let ints = value_from_slice(&hex("a2 6161 01 6162 3903e7")).unwrap().to_json();
    let floats = value_from_slice(&hex("a2 6162 f9e3d0 6161 fb3ff0000000000000")).unwrap().to_json();
    assert_eq!(ints, floats);
    assert_eq!(ints, serde_json::json!({"a": 1, "b": -1000}));
    assert_eq!(Value::Float(-0.0).to_json(), serde_json::json!(0));
    assert_eq!(Value::Float(1e300).to_json(), serde_json::json!(1e300));
    assert!(Value::Integer(1 << 64).to_vec().is_err());
}

#[test]
fn documents_round_trip() {
    let text = r#"{"a":null,"b":[true,false],"c":{"d":"x","e":[]},"f":-1,"g":18446744073709551615,"h":-9223372036854775808,"i":0.1,"k":{}}"#;
    let doc: Document = serde_json::from_str(text).unwrap();
    let back: Document = from_slice(&to_vec(&doc).unwrap(), "D").unwrap();
    assert_eq!(back, doc);
    let nan: Document = from_slice(&to_vec(&Document::from(f64::INFINITY)).unwrap(), "D").unwrap();
    assert_eq!(nan, Document::from(f64::INFINITY));
    // JSON still refuses what it cannot write.
    assert!(serde_json::to_string(&Document::from(f64::NAN)).is_err());
}

#[test]
fn json_output_of_the_codecs_is_unchanged() {
    let h = Holder {
        name: "n".into(),
        when: Some(ts(1_531_483_724_415_000)),
        dates: Some(vec![ts(1_531_483_724_000_000)]),
        http: Some(ts(1_531_483_724_000_000)),
        blob: Some(b"hi".to_vec()),
        scores: Some(vec![f64::NAN, 1.0]),
        big: Some(BigInteger::new("123456789012345678901234567890").unwrap()),
        dec: Some(BigDecimal::new("1.50").unwrap()),
        ..Holder::default()
    };
    assert_eq!(
        serde_json::to_string(&h).unwrap(),
        r#"{"Name":"n","When":1531483724.415,"Dates":["2018-07-13T12:08:44Z"],"Http":"Fri, 13 Jul 2018 12:08:44 GMT","Blob":"aGk=","Scores":["NaN",1.0],"Big":123456789012345678901234567890,"Dec":1.50}"#
    );
}

#[test]
fn errors_stay_small_whatever_the_body_holds() {
    let mut body = hex("a1 6549 74656d73 7a 004c4b40");
    body.extend(std::iter::repeat_n(b'x', 5_000_000));
    let err = from_slice::<Outer>(&body, "Out").unwrap_err();
    assert!(err.to_string().len() < 2 * (crate::json::MAX_PATH_CHARS + crate::json::MAX_MESSAGE_CHARS));
    // A member path of long keys, nested deep, with a bad value at the end:
    // {"kkk...": {"kkk...": ... {"Items": 5}}}.
    let key = vec![b'k'; 100_000];
    let mut body = Vec::new();
    for _ in 0..100 {
        body.extend(hex("a1 7a 000186a0"));
        body.extend(&key);
    }
    body.extend(hex("a1 654974656d73 05"));
    let err = from_slice::<Deep>(&body, "Out").unwrap_err();
    assert!(err.path().starts_with("Out.kkk"), "{}", &err.path()[..40]);
    assert!(err.to_string().len() < 2 * (crate::json::MAX_PATH_CHARS + crate::json::MAX_MESSAGE_CHARS));
}

/// Maps of maps, to any depth.
#[derive(Deserialize, Debug)]
#[allow(dead_code)]
struct Deep(std::collections::BTreeMap<String, Deep>);

mod random {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> Vec<u8> {
        let h = Holder {
            name: "n".into(),
            count: Some(7),
            when: Some(ts(1_531_483_724_415_123)),
            dates: Some(vec![ts(0)]),
            blob: Some(vec![1, 2]),
            scores: Some(vec![1.5]),
            doc: Some(serde_json::from_str(r#"{"a": [1, {"b": null}]}"#).unwrap()),
            big: Some(BigInteger::new("-123456789012345678901234567890").unwrap()),
            dec: Some(BigDecimal::new("1.5").unwrap()),
            ..Holder::default()
        };
        to_vec(&h).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = value_from_slice(&bytes);
            let _ = from_slice::<Holder>(&bytes, "H");
            let _ = from_slice::<Outer>(&bytes, "O");
        }

        #[test]
        fn mutated_bodies_never_panic(at in 0usize..200, byte in any::<u8>(), cut in 0usize..200) {
            let mut body = sample();
            let at = at % body.len();
            body[at] = byte;
            body.truncate(cut.max(1).min(body.len()));
            let _ = value_from_slice(&body);
            if let Err(e) = from_slice::<Holder>(&body, "H") {
                prop_assert!(e.offset() <= body.len());
            }
        }
    }

    #[test]
    fn every_truncation_is_an_error() {
        let body = sample();
        assert!(from_slice::<Holder>(&body, "H").is_ok());
        for cut in 0..body.len() {
            let err = from_slice::<Holder>(&body[..cut], "H").unwrap_err();
            assert!(err.offset() <= cut, "{cut}: {err}");
            assert!(value_from_slice(&body[..cut]).is_err());
        }
    }
}

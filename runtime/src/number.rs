//! Arbitrary-precision numbers: Smithy's `bigInteger` and `bigDecimal`.
//!
//! Both keep the number exactly as the service wrote it (its decimal text),
//! so no digit is lost to `i64` or `f64`; on the JSON wire they are JSON
//! numbers, written back digit for digit. Arithmetic is left to a crate of
//! the user's choice: parse [`BigInteger::as_str`] with it.
//!
//! In a format that is not human-readable (the CBOR of rpcv2Cbor,
//! [`crate::cbor`]) an integer is a CBOR integer when it fits (-2^64 to
//! 2^64 - 1), else a bignum (tag 2, or 3 for a negative one, RFC 8949
//! §3.4.3); a decimal is a decimal fraction, tag 4 over `[exponent,
//! mantissa]` (§3.4.4), its mantissa an integer or a bignum. Reading takes
//! those forms and, for a decimal, a plain integer or finite float too.
//! Bignums of more than [`MAX_BIGNUM_BYTES`] bytes are refused, which
//! bounds the work of converting them to decimal.

use serde::de::{Deserialize, Deserializer, Error as _};
use serde::ser::{Error as _, Serialize, Serializer};
use serde_json::value::RawValue;
use std::fmt;
use std::str::FromStr;

/// Text that is not a number of the kind asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberError {
    text: String,
    kind: &'static str,
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: String = self.text.chars().take(64).collect();
        write!(f, "{shown:?} is not {}", self.kind)
    }
}

impl std::error::Error for NumberError {}

/// Whether `s` is a JSON number (RFC 8259: `-`, digits without a leading
/// zero, an optional fraction and exponent); with `integer`, without a
/// fraction or exponent.
fn is_number(s: &str, integer: bool) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let int_start = i;
    let n = digits(&mut i);
    if n == 0 || (n > 1 && b[int_start] == b'0') {
        return false;
    }
    if integer {
        return i == b.len();
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

macro_rules! big_number {
    ($name:ident, $integer:expr, $kind:expr, $doc:expr) => {
        #[doc = $doc]
        #[derive(Clone, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            /// The number written as `text` (JSON's number syntax), or why it is not one.
            pub fn new(text: impl Into<String>) -> Result<Self, NumberError> {
                let text = text.into();
                if is_number(&text, $integer) {
                    Ok($name(text))
                } else {
                    Err(NumberError { text, kind: $kind })
                }
            }

            /// A number of the model (a `@default`), checked by the generator.
            ///
            /// # Panics
            ///
            /// If `text` is not a number; generated code passes only numbers
            /// the generator checked.
            pub fn from_model(text: &'static str) -> Self {
                match Self::new(text) {
                    Ok(n) => n,
                    Err(e) => panic!("{e}"),
                }
            }

            /// The number's decimal text, exactly as received or given.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The nearest `f64` (infinite beyond its range); for comparing
            /// with `@range` bounds, which are `f64`s too.
            pub fn to_f64(&self) -> f64 {
                self.0.parse().unwrap_or(f64::NAN)
            }
        }

        impl Default for $name {
            /// Zero.
            fn default() -> Self {
                $name("0".to_owned())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = NumberError;
            fn from_str(s: &str) -> Result<Self, NumberError> {
                Self::new(s)
            }
        }

        impl From<i64> for $name {
            fn from(n: i64) -> Self {
                $name(n.to_string())
            }
        }

        impl From<u64> for $name {
            fn from(n: u64) -> Self {
                $name(n.to_string())
            }
        }

        impl From<i128> for $name {
            fn from(n: i128) -> Self {
                $name(n.to_string())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                if !serializer.is_human_readable() {
                    return cbor::serialize(&self.0, $integer, serializer);
                }
                RawValue::from_string(self.0.clone()).map_err(S::Error::custom)?.serialize(serializer)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                if !deserializer.is_human_readable() {
                    let text = cbor::deserialize(deserializer, $integer)?;
                    return $name::new(text).map_err(D::Error::custom);
                }
                let raw = <Box<RawValue>>::deserialize(deserializer)?;
                $name::new(raw.get()).map_err(D::Error::custom)
            }
        }
    };
}

big_number!(BigInteger, true, "an integer", "An integer of any size (`bigInteger`), kept as its decimal digits.");
big_number!(
    BigDecimal,
    false,
    "a number",
    "A decimal number of any size and precision (`bigDecimal`), kept as written."
);

impl From<f64> for BigDecimal {
    /// The shortest decimal text that reads back as `n`; a non-finite `n`
    /// (which no number can be) becomes `0`.
    fn from(n: f64) -> Self {
        if n.is_finite() {
            let text = format!("{n:?}");
            BigDecimal::new(text).unwrap_or_else(|_| BigDecimal("0".to_owned()))
        } else {
            BigDecimal("0".to_owned())
        }
    }
}

impl From<BigInteger> for BigDecimal {
    fn from(n: BigInteger) -> Self {
        BigDecimal(n.0)
    }
}

/// The largest magnitude of a CBOR bignum that is read (about 9,900 digits).
pub const MAX_BIGNUM_BYTES: usize = 4096;

/// A non-negative integer of any size: 32-bit limbs, least significant first.
#[derive(Clone, Debug, PartialEq)]
struct Magnitude(Vec<u32>);

impl Magnitude {
    fn from_decimal(digits: &str) -> Self {
        let mut m = Magnitude(Vec::new());
        for chunk in digits.as_bytes().chunks(9) {
            let (scale, add) = chunk.iter().fold((1u64, 0u64), |(s, a), d| (s * 10, a * 10 + u64::from(d - b'0')));
            m.mul_add(scale, add);
        }
        m
    }

    fn from_be_bytes(bytes: &[u8]) -> Self {
        let mut m = Magnitude(Vec::new());
        for b in bytes {
            m.mul_add(256, u64::from(*b));
        }
        m
    }

    /// `self * scale + add`, for `scale` and `add` under 2^32.
    fn mul_add(&mut self, scale: u64, add: u64) {
        let mut carry = add;
        for limb in &mut self.0 {
            let v = u64::from(*limb) * scale + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry != 0 {
            self.0.push(carry as u32);
        }
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn add_one(&mut self) {
        self.mul_add(1, 1);
    }

    /// `self - 1`, for `self` at least 1.
    fn sub_one(&mut self) {
        for limb in &mut self.0 {
            let (v, borrow) = limb.overflowing_sub(1);
            *limb = v;
            if !borrow {
                break;
            }
        }
        self.trim();
    }

    fn to_u64(&self) -> Option<u64> {
        let mut m = self.clone();
        m.trim();
        match m.0[..] {
            [] => Some(0),
            [a] => Some(u64::from(a)),
            [a, b] => Some(u64::from(a) | (u64::from(b) << 32)),
            _ => None,
        }
    }

    fn to_be_bytes(&self) -> Vec<u8> {
        let bytes: Vec<u8> = self.0.iter().rev().flat_map(|l| l.to_be_bytes()).collect();
        let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
        bytes[first..].to_vec()
    }

    fn to_decimal(&self) -> String {
        let mut limbs = self.0.clone();
        let mut chunks = Vec::new();
        while limbs.iter().any(|l| *l != 0) {
            let mut rem = 0u64;
            for limb in limbs.iter_mut().rev() {
                let v = (rem << 32) | u64::from(*limb);
                *limb = (v / 1_000_000_000) as u32;
                rem = v % 1_000_000_000;
            }
            chunks.push(rem as u32);
        }
        match chunks.split_last() {
            None => "0".to_owned(),
            Some((first, rest)) => {
                let mut text = first.to_string();
                for chunk in rest.iter().rev() {
                    text.push_str(&format!("{chunk:09}"));
                }
                text
            }
        }
    }
}

/// The CBOR forms of big numbers (see the [module](self)).
mod cbor {
    use super::Magnitude;
    use serde::de::{self, Deserializer, SeqAccess, Visitor};
    use serde::ser::{Error as _, Serialize, SerializeTuple, Serializer};
    use std::fmt;

    const POSITIVE_BIGNUM: u64 = 2;
    const NEGATIVE_BIGNUM: u64 = 3;
    const DECIMAL_FRACTION: u64 = 4;

    /// A sign and decimal digits (no leading zeros), as an integer's CBOR form.
    struct Integer<'a> {
        negative: bool,
        digits: &'a str,
    }

    impl Serialize for Integer<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut m = Magnitude::from_decimal(self.digits);
            m.trim();
            if m.0.is_empty() {
                return serializer.serialize_u64(0);
            }
            if !self.negative {
                return match m.to_u64() {
                    Some(u) => serializer.serialize_u64(u),
                    None => crate::cbor::serialize_tagged(serializer, POSITIVE_BIGNUM, &Bytes(&m.to_be_bytes())),
                };
            }
            // CBOR's negative integers and bignums hold -1 - n.
            m.sub_one();
            match m.to_u64() {
                Some(u) if u <= i64::MAX as u64 => serializer.serialize_i64(-1 - u as i64),
                Some(u) => serializer.serialize_i128(-1 - i128::from(u)),
                None => crate::cbor::serialize_tagged(serializer, NEGATIVE_BIGNUM, &Bytes(&m.to_be_bytes())),
            }
        }
    }

    struct Bytes<'a>(&'a [u8]);

    impl Serialize for Bytes<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_bytes(self.0)
        }
    }

    /// Writes `text`, a checked number (an integer if `integer`).
    pub(super) fn serialize<S: Serializer>(text: &str, integer: bool, serializer: S) -> Result<S::Ok, S::Error> {
        let (negative, unsigned) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
            Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
            None => (unsigned, None),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if integer {
            return Integer { negative, digits: whole.trim_start_matches('0') }.serialize(serializer);
        }
        let exponent: i128 = match exponent {
            Some(e) => e.strip_prefix('+').unwrap_or(e).parse().map_err(|_| {
                S::Error::custom(format_args!("the exponent of {text} is beyond a CBOR decimal fraction's"))
            })?,
            None => 0,
        };
        let exponent = i64::try_from(exponent - fraction.len() as i128).map_err(|_| {
            S::Error::custom(format_args!("the exponent of {text} is beyond a CBOR decimal fraction's"))
        })?;
        let digits = format!("{whole}{fraction}");
        let digits = digits.trim_start_matches('0');
        struct Parts<'a>(i64, Integer<'a>);
        impl Serialize for Parts<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut t = serializer.serialize_tuple(2)?;
                t.serialize_element(&self.0)?;
                t.serialize_element(&self.1)?;
                t.end()
            }
        }
        crate::cbor::serialize_tagged(serializer, DECIMAL_FRACTION, &Parts(exponent, Integer { negative, digits }))
    }

    /// Reads a number in one of the CBOR forms, as its decimal text (an
    /// integer's if `integer`).
    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D, integer: bool) -> Result<String, D::Error> {
        crate::cbor::deserialize_tagged(deserializer, Tagged(integer))
    }

    /// A number, tagged or not.
    struct Tagged(bool);

    impl<'de> Visitor<'de> for Tagged {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            if self.0 {
                f.write_str("an integer or a bignum (tag 2 or 3)")
            } else {
                f.write_str("a number, a bignum (tag 2 or 3) or a decimal fraction (tag 4)")
            }
        }
        fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
            d.deserialize_any(Plain(self.0))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<String, A::Error> {
            let tag: u64 = seq.next_element()?.ok_or_else(|| de::Error::custom("a tag without a number"))?;
            let missing = || de::Error::custom("a tag without an item");
            match tag {
                POSITIVE_BIGNUM | NEGATIVE_BIGNUM => {
                    let bytes = seq.next_element::<Bignum>()?.ok_or_else(missing)?;
                    let mut m = Magnitude::from_be_bytes(&bytes.0);
                    if tag == POSITIVE_BIGNUM {
                        return Ok(m.to_decimal());
                    }
                    m.add_one();
                    Ok(format!("-{}", m.to_decimal()))
                }
                DECIMAL_FRACTION if !self.0 => {
                    let parts = seq.next_element::<Fraction>()?.ok_or_else(missing)?;
                    Ok(decimal_text(&parts.mantissa, parts.exponent))
                }
                _ => Err(de::Error::custom(format_args!("tag {tag} is not a number's"))),
            }
        }
    }

    /// A bignum's magnitude: a byte string of at most `MAX_BIGNUM_BYTES`.
    struct Bignum(Vec<u8>);

    impl<'de> de::Deserialize<'de> for Bignum {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl Visitor<'_> for V {
                type Value = Bignum;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a bignum's byte string")
                }
                fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Bignum, E> {
                    if v.len() > super::MAX_BIGNUM_BYTES {
                        return Err(E::custom(format_args!(
                            "a bignum of {} bytes is longer than the {} read",
                            v.len(),
                            super::MAX_BIGNUM_BYTES
                        )));
                    }
                    Ok(Bignum(v.to_vec()))
                }
            }
            d.deserialize_bytes(V)
        }
    }

    /// A decimal fraction's `[exponent, mantissa]`.
    struct Fraction {
        exponent: i64,
        mantissa: String,
    }

    impl<'de> de::Deserialize<'de> for Fraction {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Fraction;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a decimal fraction's [exponent, mantissa]")
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Fraction, A::Error> {
                    let short = || de::Error::custom("a decimal fraction is [exponent, mantissa]");
                    let exponent: i64 = seq.next_element()?.ok_or_else(short)?;
                    let mantissa = seq.next_element::<super::BigInteger>()?.ok_or_else(short)?;
                    if seq.next_element::<de::IgnoredAny>()?.is_some() {
                        return Err(short());
                    }
                    Ok(Fraction { exponent, mantissa: mantissa.0 })
                }
            }
            d.deserialize_seq(V)
        }
    }

    /// `mantissa` × 10^`exponent` as decimal text (a JSON number).
    fn decimal_text(mantissa: &str, exponent: i64) -> String {
        let (sign, digits) = match mantissa.strip_prefix('-') {
            Some(d) => ("-", d),
            None => ("", mantissa),
        };
        let shift = exponent.unsigned_abs();
        match exponent {
            0 => mantissa.to_owned(),
            e if e < 0 && shift < digits.len() as u64 => {
                let point = digits.len() - shift as usize;
                format!("{sign}{}.{}", &digits[..point], &digits[point..])
            }
            e if e < 0 && shift <= 32 => {
                format!("{sign}0.{}{digits}", "0".repeat(shift as usize - digits.len()))
            }
            e => format!("{mantissa}e{e}"),
        }
    }

    /// A plain integer, or a finite float for a decimal.
    struct Plain(bool);

    impl Visitor<'_> for Plain {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            Tagged(self.0).expecting(f)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i128<E: de::Error>(self, v: i128) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
            if self.0 || !v.is_finite() {
                return Err(E::invalid_type(de::Unexpected::Float(v), &self));
            }
            Ok(format!("{v:?}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_every_digit_on_the_wire() {
        let text = r#"{"a":123456789012345678901234567890,"b":-0.000000000000000000000000000001e-999,"c":[1,2.5]}"#;
        #[derive(serde::Deserialize, serde::Serialize)]
        struct S {
            a: BigInteger,
            b: BigDecimal,
            c: Vec<BigDecimal>,
        }
        let s: S = serde_json::from_str(text).unwrap();
        assert_eq!(s.a.as_str(), "123456789012345678901234567890");
        assert_eq!(s.b.as_str(), "-0.000000000000000000000000000001e-999");
        assert_eq!(serde_json::to_string(&s).unwrap(), text);
        // Through the located-error reader, too.
        let s: S = crate::json::from_slice(text.as_bytes(), "S").unwrap();
        assert_eq!(s.a.to_string(), "123456789012345678901234567890");
    }

    #[test]
    fn what_is_not_a_number_of_the_kind_is_refused() {
        for bad in ["", "-", "01", "1.", ".5", "1e", "+1", "1 ", "NaN", "\"1\"", "0x10"] {
            assert!(BigDecimal::new(bad).is_err(), "{bad:?}");
        }
        for bad in ["1.5", "1e3", "-0.0"] {
            assert!(BigInteger::new(bad).is_err(), "{bad:?}");
        }
        for good in ["0", "-0", "10", "-12.50", "1E+400", "6.02e-23"] {
            assert_eq!(BigDecimal::new(good).unwrap().as_str(), good);
        }
        assert!(serde_json::from_str::<BigInteger>("1.5").unwrap_err().to_string().contains("is not an integer"));
        assert!(serde_json::from_str::<BigInteger>("\"12\"").is_err());
        assert_eq!(BigInteger::from(-5i64).as_str(), "-5");
        assert_eq!(BigDecimal::from(0.1).as_str(), "0.1");
        assert_eq!(BigDecimal::from(f64::NAN).as_str(), "0");
        assert_eq!(BigInteger::new("99999999999999999999").unwrap().to_f64(), 1e20);
    }
}

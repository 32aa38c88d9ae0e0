//! Arbitrary-precision numbers: Smithy's `bigInteger` and `bigDecimal`.
//!
//! Both keep the number exactly as the service wrote it (its decimal text),
//! so no digit is lost to `i64` or `f64`; on the JSON wire they are JSON
//! numbers, written back digit for digit. Arithmetic is left to a crate of
//! the user's choice: parse [`BigInteger::as_str`] with it.

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
                RawValue::from_string(self.0.clone()).map_err(S::Error::custom)?.serialize(serializer)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
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

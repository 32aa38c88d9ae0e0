//! Timestamps on the wire.
//!
//! Smithy protocols write timestamps in one of three formats; a member's
//! format is chosen by the protocol's default or the model's
//! `@timestampFormat`. Each format here is a module usable with
//! `#[serde(with = "...")]` on a [`Timestamp`] member, and its `option`
//! submodule on an `Option<Timestamp>` member.
//!
//! - [`epoch_seconds`]: a number of seconds since 1970-01-01T00:00:00Z,
//!   fractional allowed (`1531440000` or `1531440000.125`). awsJson1.0 and
//!   awsJson1.1 use it by default.
//! - [`date_time`]: RFC 3339 (`2018-07-13T00:00:00.125Z`).
//! - [`http_date`]: IMF-fixdate (`Fri, 13 Jul 2018 00:00:00 GMT`).
//!
//! A serializer or deserializer that is not human-readable (the CBOR of
//! [`crate::cbor`], for rpcv2Cbor) gets one form whatever the module:
//! rpcv2Cbor ignores `@timestampFormat`, and every timestamp is tag 1 over
//! its epoch seconds, to the microsecond as [`epoch_seconds`] writes them
//! (an integer when whole, else a double). Reading takes tag 1 over an
//! integer or a float of any width, or the number untagged.

use serde::de::{self, Deserializer, Visitor};
use serde::Serializer;
use std::fmt;

mod value;
pub use value::{RangeError, Timestamp};

/// Converts seconds since the epoch into a timestamp, keeping microseconds.
///
/// A double has about 0.2 µs of resolution at today's dates, so anything
/// finer than a microsecond is noise: the result is the microsecond nearest
/// to the double's exact value (halves away from zero).
pub fn from_epoch_seconds(seconds: f64) -> Result<Timestamp, String> {
    if !seconds.is_finite() {
        return Err(format!("{seconds} is not a finite number of seconds"));
    }
    // Whole seconds and the fraction apart: both parts are exact, and the
    // fraction's scaling loses nothing a microsecond could notice (scaling
    // the whole value could shift it by a quarter of a microsecond today).
    let whole = seconds.trunc();
    let fraction = ((seconds - whole) * 1_000_000.0).round() as i64;
    let micros = (whole.abs() < (i64::MAX / 1_000_000) as f64)
        .then(|| (whole as i64) * 1_000_000 + fraction)
        .ok_or_else(|| format!("{seconds} seconds is out of range for a timestamp"))?;
    from_microseconds(micros).map_err(|e| format!("{seconds} seconds is out of range: {e}"))
}

/// The timestamp `micros` microseconds after the epoch.
fn from_microseconds(micros: i64) -> Result<Timestamp, RangeError> {
    Timestamp::from_microseconds(i128::from(micros))
}

/// `ts` to the nearest microsecond (halves away from zero), as a count of
/// microseconds since the epoch; toward zero where rounding would leave
/// the range of a timestamp (at [`Timestamp::MAX`] and [`Timestamp::MIN`]).
fn nearest_microsecond(ts: &Timestamp) -> i64 {
    let nanos = ts.as_nanoseconds();
    let rem = nanos % 1000;
    let toward_zero = nanos / 1000;
    let rounded = match rem {
        500.. => toward_zero + 1,
        ..=-500 => toward_zero - 1,
        _ => toward_zero,
    };
    let rounded = i64::try_from(rounded).expect("a timestamp's microseconds fit an i64");
    if from_microseconds(rounded).is_ok() {
        rounded
    } else {
        i64::try_from(ts.as_microseconds()).expect("a timestamp's microseconds fit an i64")
    }
}

/// The double nearest to `micros` microseconds, in seconds, that reads back
/// ([`from_epoch_seconds`]) as a timestamp.
///
/// Where doubles are finer than a microsecond (within 2^33 s of the epoch,
/// the years 1697 to 2242) it reads back as `micros` exactly. Further out
/// they are more than a microsecond apart (30 µs near the year 9999, 61 µs
/// near -9999) and the nearest one reads back within half of that, or
/// within one step at the last microseconds of the range.
fn epoch_seconds_f64(micros: i64) -> f64 {
    if micros.unsigned_abs() <= 1 << 53 {
        // Integers up to 2^53 convert exactly, and one division rounds
        // once, to the nearest double.
        return micros as f64 / 1_000_000.0;
    }
    // Beyond, parsing the decimal text rounds once. The nearest double can
    // be past the end of the range; one step back toward zero is in.
    let sign = if micros < 0 { "-" } else { "" };
    let (whole, fraction) = (micros.unsigned_abs() / 1_000_000, micros.unsigned_abs() % 1_000_000);
    let seconds: f64 = format!("{sign}{whole}.{fraction:06}").parse().expect("a decimal number parses as a double");
    match from_epoch_seconds(seconds) {
        Ok(_) => seconds,
        Err(_) if seconds > 0.0 => seconds.next_down(),
        Err(_) => seconds.next_up(),
    }
}

/// A timestamp's epoch seconds as [`epoch_seconds`] writes them.
#[derive(Clone, Copy)]
enum EpochNumber {
    Whole(i64),
    Fraction(f64),
}

impl EpochNumber {
    fn of(ts: &Timestamp) -> Self {
        let micros = nearest_microsecond(ts);
        if micros % 1_000_000 == 0 {
            return EpochNumber::Whole(micros / 1_000_000);
        }
        match epoch_seconds_f64(micros) {
            // Only far from the epoch, where doubles are coarser than seconds' fractions.
            whole if whole.fract() == 0.0 => EpochNumber::Whole(whole as i64),
            seconds => EpochNumber::Fraction(seconds),
        }
    }
}

impl serde::Serialize for EpochNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            EpochNumber::Whole(s) => serializer.serialize_i64(s),
            EpochNumber::Fraction(s) => serializer.serialize_f64(s),
        }
    }
}

/// Reads epoch seconds: an integer or a float.
struct EpochVisitor;

impl Visitor<'_> for EpochVisitor {
    type Value = Timestamp;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a timestamp in seconds since the epoch")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
        Timestamp::from_seconds(v).map_err(|e| E::custom(format!("{v} seconds is out of range: {e}")))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
        let v = i64::try_from(v).map_err(|_| E::custom(format!("{v} seconds is out of range")))?;
        self.visit_i64(v)
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Timestamp, E> {
        Err(E::custom(format!("{v} seconds is out of range")))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Timestamp, E> {
        from_epoch_seconds(v).map_err(E::custom)
    }
}

/// The one form of every timestamp in a format that is not human-readable
/// (rpcv2Cbor): tag 1 over the epoch seconds (see the [module](self)).
mod cbor {
    use super::{EpochNumber, EpochVisitor, Timestamp};
    use serde::de::{self, Deserializer, SeqAccess, Visitor};
    use serde::Serializer;
    use std::fmt;

    /// CBOR's tag of epoch-based date/time (RFC 8949 §3.4.2).
    const EPOCH_TAG: u64 = 1;

    pub(super) fn serialize<S: Serializer>(ts: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
        crate::cbor::serialize_tagged(serializer, EPOCH_TAG, &EpochNumber::of(ts))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        struct TaggedVisitor;
        impl<'de> Visitor<'de> for TaggedVisitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a timestamp (tag 1 over seconds since the epoch)")
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Timestamp, D::Error> {
                d.deserialize_any(EpochVisitor)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Timestamp, A::Error> {
                let tag: u64 = seq.next_element()?.ok_or_else(|| de::Error::custom("a tag without a number"))?;
                if tag != EPOCH_TAG {
                    return Err(de::Error::custom(format_args!("a timestamp is tag 1, not tag {tag}")));
                }
                seq.next_element_seed(Seconds)?.ok_or_else(|| de::Error::custom("a tag without an item"))
            }
        }
        struct Seconds;
        impl<'de> de::DeserializeSeed<'de> for Seconds {
            type Value = Timestamp;
            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Timestamp, D::Error> {
                d.deserialize_any(EpochVisitor)
            }
        }
        crate::cbor::deserialize_tagged(deserializer, TaggedVisitor)
    }
}

macro_rules! option_module {
    () => {
        /// The same format for an `Option<Timestamp>` member.
        pub mod option {
            use super::super::Timestamp;
            use serde::{Deserializer, Serializer};

            /// Serializes `Some` in this format; `None` as the format's null.
            pub fn serialize<S: Serializer>(value: &Option<Timestamp>, serializer: S) -> Result<S::Ok, S::Error> {
                match value {
                    Some(ts) => super::serialize(ts, serializer),
                    None => serializer.serialize_none(),
                }
            }

            /// Deserializes a timestamp in this format, or `null` as `None`.
            pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Timestamp>, D::Error> {
                struct Wrap(Timestamp);
                impl<'de> serde::Deserialize<'de> for Wrap {
                    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                        super::deserialize(d).map(Wrap)
                    }
                }
                Ok(<Option<Wrap> as serde::Deserialize>::deserialize(deserializer)?.map(|w| w.0))
            }
        }
    };
}

/// Epoch seconds, fractional allowed.
pub mod epoch_seconds {
    use super::*;
    use serde::Serialize as _;

    /// Writes the timestamp to the microsecond (a double has about 0.2 µs
    /// of resolution at today's dates; finer is rounded away): whole
    /// seconds as an integer, otherwise the double nearest to it, which
    /// serde_json writes as the shortest decimal that reads back as the
    /// same microsecond (`1531483724.415123`, `1531483724.415`, `-0.5`;
    /// under 1e-5 with an exponent, `1e-6`). Millisecond values are written
    /// exactly as they always were.
    pub fn serialize<S: Serializer>(ts: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
        if !serializer.is_human_readable() {
            return super::cbor::serialize(ts, serializer);
        }
        EpochNumber::of(ts).serialize(serializer)
    }

    /// Reads an integer or a fractional number of seconds.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        if !deserializer.is_human_readable() {
            return super::cbor::deserialize(deserializer);
        }
        deserializer.deserialize_any(EpochVisitor)
    }

    option_module!();
}

struct TextVisitor(&'static str, fn(&str) -> Result<Timestamp, String>);

impl Visitor<'_> for TextVisitor {
    type Value = Timestamp;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
        (self.1)(v).map_err(E::custom)
    }
}

/// RFC 3339 date-time, always written in UTC with a `Z`.
pub mod date_time {
    use super::*;
    use serde::ser::Error as _;
    use time::format_description::well_known::Rfc3339;

    /// Writes `2018-07-13T00:00:00Z`, with the fraction to the nanosecond
    /// when there is one (`2018-07-13T00:00:00.415123Z`). A year before 0
    /// is an error: RFC 3339 has four-digit years.
    pub fn serialize<S: Serializer>(ts: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
        if !serializer.is_human_readable() {
            return super::cbor::serialize(ts, serializer);
        }
        let text =
            time::Timestamp::from(*ts).format(&Rfc3339).map_err(|e| S::Error::custom(format_args!("{ts}: {e}")))?;
        serializer.serialize_str(&text)
    }

    /// Reads an RFC 3339 date-time with any offset.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        if !deserializer.is_human_readable() {
            return super::cbor::deserialize(deserializer);
        }
        deserializer.deserialize_str(TextVisitor("an RFC 3339 date-time", |s| {
            s.parse::<Timestamp>().map_err(|e| format!("{s:?} is not an RFC 3339 date-time: {e}"))
        }))
    }

    option_module!();
}

/// IMF-fixdate, the HTTP date format (`Fri, 13 Jul 2018 00:00:00 GMT`).
pub mod http_date {
    use super::*;

    use serde::ser::Error as _;
    use std::sync::LazyLock;
    use time::format_description::BorrowedFormatItem;

    /// IMF-fixdate as a `time` format description. The day of the week is
    /// written, and read without being checked against the date.
    static FORMAT: LazyLock<Vec<BorrowedFormatItem<'static>>> = LazyLock::new(|| {
        time::format_description::parse_borrowed::<2>(
            "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT",
        )
        .expect("the IMF-fixdate description is valid")
    });

    /// Writes an IMF-fixdate (whole seconds, as the format requires).
    pub fn serialize<S: Serializer>(ts: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
        if !serializer.is_human_readable() {
            return super::cbor::serialize(ts, serializer);
        }
        let text =
            time::Timestamp::from(*ts).format(&FORMAT[..]).map_err(|e| S::Error::custom(format_args!("{ts}: {e}")))?;
        serializer.serialize_str(&text)
    }

    /// Reads an IMF-fixdate.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        if !deserializer.is_human_readable() {
            return super::cbor::deserialize(deserializer);
        }
        deserializer.deserialize_str(TextVisitor("an HTTP date", |s| {
            time::Timestamp::parse(s, &FORMAT[..])
                .map(Timestamp::from)
                .map_err(|e| format!("{s:?} is not an HTTP date: {e}"))
        }))
    }

    option_module!();
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};
    use time::SignedDuration;

    /// `ts` moved by `d`.
    fn plus(ts: Timestamp, d: SignedDuration) -> Timestamp {
        (time::Timestamp::from(ts) + d).into()
    }

    /// How far `a` is after `b`.
    fn since(a: Timestamp, b: Timestamp) -> SignedDuration {
        time::Timestamp::from(a) - time::Timestamp::from(b)
    }

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Epoch {
        #[serde(with = "epoch_seconds")]
        t: Timestamp,
        #[serde(with = "epoch_seconds::option", default, skip_serializing_if = "Option::is_none")]
        o: Option<Timestamp>,
    }

    #[test]
    fn epoch_seconds_integers_and_fractions() {
        let e: Epoch = serde_json::from_str(r#"{"t": 1531440000, "o": 1531440000.125}"#).unwrap();
        assert_eq!(e.t.to_string(), "2018-07-13T00:00:00Z");
        assert_eq!(e.o.unwrap().to_string(), "2018-07-13T00:00:00.125Z");
        assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"t":1531440000,"o":1531440000.125}"#);
    }

    /// `text` read as epoch seconds and written back.
    fn epoch_round_trip(text: &str) -> String {
        let e: Epoch = serde_json::from_str(&format!(r#"{{"t":{text}}}"#)).unwrap();
        let json = serde_json::to_string(&e).unwrap();
        json.strip_prefix(r#"{"t":"#).and_then(|j| j.strip_suffix('}')).unwrap().to_owned()
    }

    fn epoch_text(ts: Timestamp) -> String {
        let json = serde_json::to_string(&Epoch { t: ts, o: None }).unwrap();
        json.strip_prefix(r#"{"t":"#).and_then(|j| j.strip_suffix('}')).unwrap().to_owned()
    }

    fn read_epoch(text: &str) -> Timestamp {
        serde_json::from_str::<Epoch>(&format!(r#"{{"t":{text}}}"#)).unwrap().t
    }

    #[test]
    fn epoch_seconds_are_written_to_the_microsecond() {
        for text in [
            "1531483724.415123",
            "1531483724.415",
            "1531483724.000001",
            "1531483724.999999",
            "1531483724.1",
            "1531483724",
            "0",
            "0.5",
            "-1.5",
            "0.0001",
            "-1234567890.123457",
            "-86399.999999",
            "4294967295.999999",
            "8589934591.999999",
            "-8589934591.999999",
        ] {
            assert_eq!(epoch_round_trip(text), text);
        }
        assert_eq!(read_epoch("1531483724.415123").as_microseconds(), 1_531_483_724_415_123);
        // serde_json writes a double under 1e-5 with an exponent: the
        // shortest text, and valid JSON that reads back the same.
        assert_eq!(epoch_round_trip("-0.000001"), "-1e-6");
        assert_eq!(epoch_round_trip("0.000009"), "9e-6");
        assert_eq!(read_epoch("-1e-6").as_microseconds(), -1);
        // Trailing zeros and a whole `.0` are not kept: the value is.
        assert_eq!(epoch_round_trip("1531483724.415000"), "1531483724.415");
        assert_eq!(epoch_round_trip("1531483724.0"), "1531483724");
        assert_eq!(epoch_round_trip("-2.0"), "-2");
    }

    /// `micros` as the exact decimal number of seconds, without trailing
    /// zeros: the shortest text that reads back as that microsecond.
    fn decimal(micros: i64) -> String {
        let sign = if micros < 0 { "-" } else { "" };
        let (whole, fraction) = (micros.unsigned_abs() / 1_000_000, micros.unsigned_abs() % 1_000_000);
        let fraction = format!("{fraction:06}");
        match fraction.trim_end_matches('0') {
            "" => format!("{sign}{whole}"),
            f => format!("{sign}{whole}.{f}"),
        }
    }

    #[test]
    fn epoch_seconds_are_the_shortest_text_of_each_microsecond() {
        // Microseconds spread over four seconds at today's dates, before
        // 1970, around the epoch, and just inside the span where doubles
        // are finer than a microsecond (2^33 s), by a fixed pseudo-random
        // walk.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for base_second in [1_531_483_724_i64, -1_531_483_724, (1 << 33) - 2, 2 - (1 << 33), 0] {
            for _ in 0..20_000 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let micros = (base_second - 2) * 1_000_000 + (state % 4_000_000) as i64;
                if micros.unsigned_abs() < 10 {
                    continue; // written with an exponent, checked elsewhere
                }
                let ts = Timestamp::from_microseconds(i128::from(micros)).unwrap();
                let text = epoch_text(ts);
                assert_eq!(text, decimal(micros), "{micros} µs");
                assert_eq!(read_epoch(&text), ts, "{text}");
            }
        }
    }

    #[test]
    fn epoch_seconds_round_finer_than_a_microsecond() {
        // `ns` has the sign of `s`: the time is `s` seconds and `ns` nanoseconds.
        let at = |s: i64, ns: i32| {
            epoch_text(Timestamp::from_nanoseconds(i128::from(s) * 1_000_000_000 + i128::from(ns)).unwrap())
        };
        assert_eq!(at(1531483724, 415_123_456), "1531483724.415123");
        assert_eq!(at(1531483724, 415_123_500), "1531483724.415124");
        assert_eq!(at(1531483724, 999_999_600), "1531483725");
        assert_eq!(at(1531483724, 400), "1531483724");
        assert_eq!(at(1531483724, 500), "1531483724.000001");
        assert_eq!(at(-1, -500), "-1.000001");
        assert_eq!(at(-1, -499), "-1");
        // A double's noise below the microsecond is rounded away on reading.
        assert_eq!(epoch_round_trip("1531440000.0004"), "1531440000.0004");
        assert_eq!(epoch_round_trip("1531440000.0000004"), "1531440000");
        assert_eq!(epoch_round_trip("1531440000.1234567"), "1531440000.123457");
    }

    #[test]
    fn epoch_seconds_of_milliseconds_are_written_as_before() {
        // What the millisecond serializer wrote, the double of
        // `millis / 1000`, for every millisecond of a second at today's
        // dates, before 1970 and far out.
        for base in [1_531_483_724_000_i64, -1_531_483_724_000, 0, 250_000_000_000_000, -377_000_000_000_000] {
            for ms in 0..1000 {
                let millis = base + ms;
                let ts = Timestamp::from_milliseconds(millis).unwrap();
                let before = if millis % 1000 == 0 {
                    (millis / 1000).to_string()
                } else {
                    serde_json::to_string(&(millis as f64 / 1000.0)).unwrap()
                };
                assert_eq!(epoch_text(ts), before, "{millis} ms");
            }
        }
    }

    #[test]
    fn epoch_seconds_at_the_ends_of_the_range() {
        // Whole seconds are integers and exact however far out.
        assert_eq!(epoch_text(Timestamp::MIN), Timestamp::MIN.as_seconds().to_string());
        assert_eq!(read_epoch(&epoch_text(Timestamp::MIN)), Timestamp::MIN);
        let last_second = Timestamp::from_seconds(Timestamp::MAX.as_seconds()).unwrap();
        assert_eq!(read_epoch(&epoch_text(last_second)), last_second);
        // Near the ends doubles are 2^-15 s (30 µs, year 9999) and 2^-14 s
        // (61 µs, year -9999) apart: a fraction is written as the nearest
        // double, and reads back within half of that (and the rounding to
        // microseconds on either side).
        let apart = |ts: Timestamp| {
            let s = ts.as_seconds() as f64;
            SignedDuration::seconds_f64(s.abs().next_up() - s.abs())
        };
        let micro = SignedDuration::microseconds(1);
        for ts in [
            plus(Timestamp::MIN, micro * 40),
            plus(Timestamp::MIN, SignedDuration::milliseconds(500)),
            plus(Timestamp::MAX, -SignedDuration::milliseconds(500)),
            plus(Timestamp::MAX, SignedDuration::microseconds(-20)),
        ] {
            let text = epoch_text(ts);
            let back = read_epoch(&text);
            assert!(since(back, ts).abs() <= apart(ts) / 2 + micro, "{ts} written {text} read {back}");
            assert_eq!(epoch_round_trip(&text), text);
        }
        assert_eq!(epoch_text(plus(Timestamp::MAX, -SignedDuration::milliseconds(500))), "253402300799.5");
        assert_eq!(epoch_text(plus(Timestamp::MIN, SignedDuration::milliseconds(500))), "-377705116799.5");
        // A fraction whose nearest double is a whole second is written as
        // that second's integer.
        assert_eq!(epoch_text(plus(Timestamp::MIN, micro)), "-377705116800");
        // The double nearest to the last microsecond is past the end: the
        // one before it is written instead, never one that cannot be read.
        let text = epoch_text(Timestamp::MAX);
        let back = read_epoch(&text);
        assert!(back < Timestamp::MAX && since(Timestamp::MAX, back) <= apart(back) + micro, "{text} read {back}");
        assert_eq!(epoch_round_trip(&text), text);
    }

    #[test]
    fn epoch_seconds_null_and_missing_option() {
        let e: Epoch = serde_json::from_str(r#"{"t": 1.5, "o": null}"#).unwrap();
        assert_eq!(e.o, None);
        assert_eq!(e.t.as_milliseconds(), 1500);
        let e: Epoch = serde_json::from_str(r#"{"t": 0}"#).unwrap();
        assert_eq!(e.o, None);
    }

    #[test]
    fn epoch_seconds_rejects_text_and_overflow() {
        assert!(serde_json::from_str::<Epoch>(r#"{"t": "1531440000"}"#).is_err());
        let err = serde_json::from_str::<Epoch>(r#"{"t": 1e300}"#).unwrap_err();
        assert!(err.to_string().contains("out of range"), "{err}");
    }

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Text {
        #[serde(with = "date_time")]
        d: Timestamp,
        #[serde(with = "http_date")]
        h: Timestamp,
    }

    fn date_time_text(ts: Timestamp) -> String {
        let t = Text { d: ts, h: ts };
        serde_json::to_value(&t).unwrap()["d"].as_str().unwrap().to_owned()
    }

    #[test]
    fn date_times_keep_the_whole_fraction() {
        for (s, ns, text) in [
            (1531483724, 415_123_000, "2018-07-13T12:08:44.415123Z"),
            (1531483724, 415_000_000, "2018-07-13T12:08:44.415Z"),
            (1531483724, 415_123_456, "2018-07-13T12:08:44.415123456Z"),
            (1531483724, 0, "2018-07-13T12:08:44Z"),
            (-1, -500_000_000, "1969-12-31T23:59:58.5Z"),
            (-1531483724, -415_123_000, "1921-06-21T11:51:15.584877Z"),
        ] {
            let ts = Timestamp::from_nanoseconds(i128::from(s) * 1_000_000_000 + i128::from(ns)).unwrap();
            assert_eq!(date_time_text(ts), text);
            let json = format!(r#"{{"d":"{text}","h":"Fri, 13 Jul 2018 01:02:03 GMT"}}"#);
            assert_eq!(serde_json::from_str::<Text>(&json).unwrap().d, ts, "{text}");
        }
        assert_eq!(date_time_text(Timestamp::MAX), "9999-12-31T23:59:59.999999999Z");
        let json = r#"{"d":"9999-12-31T23:59:59.999999999Z","h":"Fri, 13 Jul 2018 01:02:03 GMT"}"#;
        assert_eq!(serde_json::from_str::<Text>(json).unwrap().d, Timestamp::MAX);
    }

    #[test]
    fn years_before_zero_are_not_written_as_rfc_3339() {
        let err = serde_json::to_string(&Text { d: Timestamp::MIN, h: Timestamp::UNIX_EPOCH }).unwrap_err();
        assert!(err.to_string().starts_with("-9999-01-01T00:00:00Z: "), "{err}");
    }

    #[test]
    fn text_formats_round_trip() {
        let json = r#"{"d":"2018-07-13T01:02:03.5Z","h":"Fri, 13 Jul 2018 01:02:03 GMT"}"#;
        let t: Text = serde_json::from_str(json).unwrap();
        assert_eq!(t.h.as_seconds(), 1531443723);
        assert_eq!(t.d.as_milliseconds(), 1531443723500);
        assert_eq!(serde_json::to_string(&t).unwrap(), json);
        let t: Text =
            serde_json::from_str(r#"{"d":"2018-07-13T03:02:03+02:00","h":"Fri, 13 Jul 2018 01:02:03 GMT"}"#).unwrap();
        assert_eq!(t.d.as_seconds(), 1531443723);
    }
}

//! Timestamps on the wire.
//!
//! Smithy protocols write timestamps in one of three formats; a member's
//! format is chosen by the protocol's default or the model's
//! `@timestampFormat`. Each format here is a module usable with
//! `#[serde(with = "...")]` on a [`jiff::Timestamp`] member, and its `option`
//! submodule on an `Option<jiff::Timestamp>` member.
//!
//! - [`epoch_seconds`]: a number of seconds since 1970-01-01T00:00:00Z,
//!   fractional allowed (`1531440000` or `1531440000.125`). awsJson1.0 and
//!   awsJson1.1 use it by default.
//! - [`date_time`]: RFC 3339 (`2018-07-13T00:00:00.125Z`).
//! - [`http_date`]: IMF-fixdate (`Fri, 13 Jul 2018 00:00:00 GMT`).

use jiff::Timestamp;
use serde::de::{self, Deserializer, Visitor};
use serde::Serializer;
use std::fmt;

/// Converts seconds since the epoch into a timestamp, keeping microseconds.
///
/// A double has about 0.2 µs of resolution at today's dates, so anything
/// finer than a microsecond is noise and is rounded away.
pub fn from_epoch_seconds(seconds: f64) -> Result<Timestamp, String> {
    if !seconds.is_finite() {
        return Err(format!("{seconds} is not a finite number of seconds"));
    }
    let micros = (seconds * 1_000_000.0).round();
    if micros.abs() > i64::MAX as f64 {
        return Err(format!("{seconds} seconds is out of range for a timestamp"));
    }
    Timestamp::from_microsecond(micros as i64).map_err(|e| format!("{seconds} seconds is out of range: {e}"))
}

/// Seconds since the epoch, as a double with at most millisecond precision
/// when the timestamp has a fraction (AWS services use milliseconds).
fn epoch_seconds_f64(ts: &Timestamp) -> f64 {
    let millis = ts.as_millisecond();
    millis as f64 / 1000.0
}

macro_rules! option_module {
    () => {
        /// The same format for an `Option<Timestamp>` member.
        pub mod option {
            use jiff::Timestamp;
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

    /// Writes whole seconds as an integer, otherwise seconds with a
    /// millisecond fraction (what AWS services read and write).
    pub fn serialize<S: Serializer>(ts: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
        if ts.as_millisecond().rem_euclid(1000) == 0 {
            serializer.serialize_i64(ts.as_millisecond().div_euclid(1000))
        } else {
            serializer.serialize_f64(epoch_seconds_f64(ts))
        }
    }

    /// Reads an integer or a fractional number of seconds.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        struct EpochVisitor;
        impl Visitor<'_> for EpochVisitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a timestamp in seconds since the epoch")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
                Timestamp::from_second(v).map_err(|e| E::custom(format!("{v} seconds is out of range: {e}")))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
                let v = i64::try_from(v).map_err(|_| E::custom(format!("{v} seconds is out of range")))?;
                self.visit_i64(v)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Timestamp, E> {
                from_epoch_seconds(v).map_err(E::custom)
            }
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

    /// Writes `2018-07-13T00:00:00Z` (with a fraction when there is one).
    pub fn serialize<S: Serializer>(ts: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(ts)
    }

    /// Reads an RFC 3339 date-time with any offset.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        deserializer.deserialize_str(TextVisitor("an RFC 3339 date-time", |s| {
            s.parse::<Timestamp>().map_err(|e| format!("{s:?} is not an RFC 3339 date-time: {e}"))
        }))
    }

    option_module!();
}

/// IMF-fixdate, the HTTP date format (`Fri, 13 Jul 2018 00:00:00 GMT`).
pub mod http_date {
    use super::*;

    const FORMAT: &str = "%a, %d %b %Y %H:%M:%S GMT";

    /// Writes an IMF-fixdate (whole seconds, as the format requires).
    pub fn serialize<S: Serializer>(ts: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&ts.strftime(FORMAT))
    }

    /// Reads an IMF-fixdate.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        deserializer.deserialize_str(TextVisitor("an HTTP date", |s| {
            jiff::civil::DateTime::strptime(FORMAT, s)
                .and_then(|dt| dt.to_zoned(jiff::tz::TimeZone::UTC))
                .map(|z| z.timestamp())
                .map_err(|e| format!("{s:?} is not an HTTP date: {e}"))
        }))
    }

    option_module!();
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

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

    #[test]
    fn epoch_seconds_are_written_with_millisecond_precision() {
        let e: Epoch = serde_json::from_str(r#"{"t": 1531440000.0004, "o": -1.5}"#).unwrap();
        assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"t":1531440000,"o":-1.5}"#);
        let e: Epoch = serde_json::from_str(r#"{"t": 1531440000.123456}"#).unwrap();
        assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"t":1531440000.123}"#);
    }

    #[test]
    fn epoch_seconds_null_and_missing_option() {
        let e: Epoch = serde_json::from_str(r#"{"t": 1.5, "o": null}"#).unwrap();
        assert_eq!(e.o, None);
        assert_eq!(e.t.as_millisecond(), 1500);
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

    #[test]
    fn text_formats_round_trip() {
        let json = r#"{"d":"2018-07-13T01:02:03.5Z","h":"Fri, 13 Jul 2018 01:02:03 GMT"}"#;
        let t: Text = serde_json::from_str(json).unwrap();
        assert_eq!(t.h.as_second(), 1531443723);
        assert_eq!(t.d.as_millisecond(), 1531443723500);
        assert_eq!(serde_json::to_string(&t).unwrap(), json);
        let t: Text =
            serde_json::from_str(r#"{"d":"2018-07-13T03:02:03+02:00","h":"Fri, 13 Jul 2018 01:02:03 GMT"}"#).unwrap();
        assert_eq!(t.d.as_second(), 1531443723);
    }
}

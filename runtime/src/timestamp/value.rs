//! [`Timestamp`], the type of every Smithy `timestamp`.

use std::fmt;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};
use time::format_description::well_known::Rfc3339;

/// A point in time: seconds and nanoseconds since 1970-01-01T00:00:00Z, from
/// the start of the year -9999 to the end of 9999.
///
/// A thin wrapper over [`time::Timestamp`] (convert with `From` either way),
/// with what a field of a generated type needs beyond it: `Default` (the
/// epoch) and RFC 3339 as its `Display`, `Debug` and `FromStr`
/// (`2018-07-13T12:08:44.415Z`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(time::Timestamp);

/// The error of a time out of range, or of nanoseconds not below 10^9.
pub type RangeError = time::error::ComponentRange;

impl Timestamp {
    /// 1970-01-01T00:00:00Z.
    pub const UNIX_EPOCH: Timestamp = Timestamp(time::Timestamp::UNIX_EPOCH);
    /// The earliest timestamp, -9999-01-01T00:00:00Z.
    pub const MIN: Timestamp = Timestamp(time::Timestamp::MIN);
    /// The latest timestamp, 9999-12-31T23:59:59.999999999Z.
    pub const MAX: Timestamp = Timestamp(time::Timestamp::MAX);

    /// `seconds` since the epoch (negative before it) and `nanoseconds`
    /// after them.
    pub const fn new(seconds: i64, nanoseconds: u32) -> Result<Timestamp, RangeError> {
        match time::Timestamp::new(seconds, nanoseconds) {
            Ok(t) => Ok(Timestamp(t)),
            Err(e) => Err(e),
        }
    }

    /// [`new`](Self::new) for the model's `@default` values in generated
    /// code, which the generator has checked are in range.
    ///
    /// # Panics
    ///
    /// When the time is out of range or `nanoseconds` is not below 10^9.
    pub const fn constant(seconds: i64, nanoseconds: u32) -> Timestamp {
        match Timestamp::new(seconds, nanoseconds) {
            Ok(ts) => ts,
            Err(_) => panic!("a timestamp out of range"),
        }
    }

    /// Whole seconds since the epoch.
    pub fn from_seconds(seconds: i64) -> Result<Timestamp, RangeError> {
        time::Timestamp::from_seconds(seconds).map(Timestamp)
    }

    /// Milliseconds since the epoch.
    pub fn from_milliseconds(milliseconds: i64) -> Result<Timestamp, RangeError> {
        time::Timestamp::from_milliseconds(milliseconds).map(Timestamp)
    }

    /// Microseconds since the epoch.
    pub fn from_microseconds(microseconds: i128) -> Result<Timestamp, RangeError> {
        time::Timestamp::from_microseconds(microseconds).map(Timestamp)
    }

    /// Nanoseconds since the epoch.
    pub fn from_nanoseconds(nanoseconds: i128) -> Result<Timestamp, RangeError> {
        time::Timestamp::from_nanoseconds(nanoseconds).map(Timestamp)
    }

    /// `time`, or `None` outside the range of a timestamp.
    pub fn from_system_time(time: SystemTime) -> Option<Timestamp> {
        let (seconds, nanoseconds) = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => (i64::try_from(after.as_secs()).ok()?, after.subsec_nanos()),
            Err(e) => {
                let before = e.duration();
                let seconds = i64::try_from(before.as_secs()).ok()?;
                match before.subsec_nanos() {
                    0 => (-seconds, 0),
                    n => (-seconds - 1, 1_000_000_000 - n),
                }
            }
        };
        Timestamp::new(seconds, nanoseconds).ok()
    }

    /// Whole seconds since the epoch, rounded down (`-1` for half a second
    /// before it).
    pub const fn as_seconds(self) -> i64 {
        self.0.as_seconds()
    }

    /// Milliseconds since the epoch, rounded down.
    pub const fn as_milliseconds(self) -> i64 {
        self.0.as_milliseconds()
    }

    /// Microseconds since the epoch, rounded down.
    pub const fn as_microseconds(self) -> i128 {
        self.0.as_microseconds()
    }

    /// Nanoseconds since the epoch.
    pub const fn as_nanoseconds(self) -> i128 {
        self.0.as_nanoseconds()
    }

    /// The nanoseconds after [`as_seconds`](Self::as_seconds), below 10^9.
    pub const fn nanosecond(self) -> u32 {
        self.0.nanosecond()
    }

    /// The date and time of day in UTC.
    pub const fn to_utc(self) -> time::UtcDateTime {
        self.0.to_utc()
    }
}

impl Default for Timestamp {
    /// The epoch, 1970-01-01T00:00:00Z.
    fn default() -> Timestamp {
        Timestamp::UNIX_EPOCH
    }
}

impl From<time::Timestamp> for Timestamp {
    fn from(t: time::Timestamp) -> Timestamp {
        Timestamp(t)
    }
}

impl From<Timestamp> for time::Timestamp {
    fn from(t: Timestamp) -> time::Timestamp {
        t.0
    }
}

impl From<Timestamp> for SystemTime {
    /// Every timestamp is a `SystemTime` on the platforms std supports with
    /// 64-bit seconds.
    fn from(t: Timestamp) -> SystemTime {
        t.0.into()
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC, with as many digits of the fraction as it needs
    /// (`2018-07-13T12:08:44.415Z`). A year before 0, which RFC 3339 cannot
    /// write, is written with its sign (`-0001-12-31T00:00:00Z`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.format(&Rfc3339) {
            Ok(text) => f.write_str(&text),
            Err(_) => {
                let t = self.0.to_utc();
                let (y, mo, d) = (t.year(), u8::from(t.month()), t.day());
                write!(
                    f,
                    "-{:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}",
                    y.unsigned_abs(),
                    t.hour(),
                    t.minute(),
                    t.second()
                )?;
                match t.nanosecond() {
                    0 => f.write_str("Z"),
                    n => write!(f, ".{}Z", format!("{n:09}").trim_end_matches('0')),
                }
            }
        }
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for Timestamp {
    type Err = time::error::Parse;

    /// An RFC 3339 date-time with any offset (`2018-07-13T14:08:44+02:00`).
    fn from_str(s: &str) -> Result<Timestamp, Self::Err> {
        time::Timestamp::parse(s, &Rfc3339).map(Timestamp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn text_is_rfc_3339_both_ways() {
        let t = Timestamp::from_milliseconds(1_531_483_724_415).unwrap();
        assert_eq!(t.to_string(), "2018-07-13T12:08:44.415Z");
        assert_eq!(format!("{t:?}"), "2018-07-13T12:08:44.415Z");
        assert_eq!("2018-07-13T14:08:44.415+02:00".parse::<Timestamp>().unwrap(), t);
        assert!("2018-07-13 12:08:44".parse::<Timestamp>().is_err());
        assert_eq!(Timestamp::default().to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(Timestamp::MAX.to_string(), "9999-12-31T23:59:59.999999999Z");
        assert_eq!(Timestamp::MIN.to_string(), "-9999-01-01T00:00:00Z");
        let t = Timestamp::new(Timestamp::MIN.as_seconds(), 250_000_000).unwrap();
        assert_eq!(t.to_string(), "-9999-01-01T00:00:00.25Z");
    }

    #[test]
    fn system_times_both_ways() {
        for (system, millis) in [
            (UNIX_EPOCH + Duration::new(1_531_483_724, 415_000_000), 1_531_483_724_415),
            (UNIX_EPOCH - Duration::new(1, 250_000_000), -1250),
            (UNIX_EPOCH - Duration::from_secs(3), -3000),
            (UNIX_EPOCH, 0),
        ] {
            let t = Timestamp::from_system_time(system).unwrap();
            assert_eq!(t.as_milliseconds(), millis);
            assert_eq!(SystemTime::from(t), system);
        }
        assert_eq!(Timestamp::from_system_time(UNIX_EPOCH + Duration::from_secs(400_000_000_000)), None);
        assert_eq!(Timestamp::new(-1, 500_000_000).unwrap().as_milliseconds(), -500);
        assert_eq!(Timestamp::new(-1, 500_000_000).unwrap().as_seconds(), -1);
        assert_eq!(
            Timestamp::constant(1_531_483_724, 415_000_000),
            Timestamp::from_milliseconds(1_531_483_724_415).unwrap()
        );
    }
}

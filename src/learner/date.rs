//! Calendar dates without a date library: a day number since 1970-01-01, shown and
//! stored as `YYYY-MM-DD`. The wall clock is read only by `Now::system`, at the
//! edge; everything else takes dates as arguments so tests can inject them.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar day in the learner's local time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Date(i64);

impl Date {
    /// Days since 1970-01-01.
    pub const fn from_days(days: i64) -> Date {
        Date(days)
    }

    pub fn days(self) -> i64 {
        self.0
    }

    pub fn add_days(self, n: i64) -> Date {
        Date(self.0 + n)
    }

    /// Days from `earlier` to `self` (negative when `earlier` is later).
    pub fn since(self, earlier: Date) -> i64 {
        self.0 - earlier.0
    }

    /// The date of a proleptic Gregorian year, month (1–12) and day (1–31).
    pub fn from_ymd(y: i64, m: u32, d: u32) -> Date {
        // Howard Hinnant's days_from_civil.
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(m);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Date(era * 146_097 + doe - 719_468)
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i64, u32, u32) {
        // Howard Hinnant's civil_from_days.
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i64::from(m <= 2);
        (y, m, d)
    }

    /// Parse `YYYY-MM-DD`, checking that the day exists.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let y: i64 = parts.next()?.parse().ok()?;
        let m: u32 = parts.next()?.parse().ok()?;
        let d: u32 = parts.next()?.parse().ok()?;
        let date = Date::from_ymd(y, m, d);
        (date.ymd() == (y, m, d)).then_some(date)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("'{text}' is not a YYYY-MM-DD date")))
    }
}

/// The moment an answer is given: the local calendar day and UNIX milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    pub today: Date,
    pub unix_ms: u64,
}

impl Now {
    /// The wall clock in the local time zone. `ACTTUTOR_TODAY=YYYY-MM-DD` overrides
    /// the date (for scripts and tests that need reviews to fall due).
    pub fn system() -> Now {
        let unix_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0);
        let secs = (unix_ms / 1000) as i64;
        let local = secs + super::tz::local_offset_seconds(secs);
        let today = std::env::var("ACTTUTOR_TODAY")
            .ok()
            .and_then(|t| Date::parse(&t))
            .unwrap_or(Date(local.div_euclid(86_400)));
        Now { today, unix_ms }
    }

    /// A fixed moment (tests): noon UTC of `today`.
    pub fn fixed(today: Date) -> Now {
        Now {
            today,
            unix_ms: (today.days() * 86_400 + 43_200).max(0) as u64 * 1000,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        assert_eq!(Date::from_ymd(1970, 1, 1).days(), 0);
        assert_eq!(Date::from_ymd(2000, 3, 1).to_string(), "2000-03-01");
        assert_eq!(
            Date::from_ymd(2024, 2, 29).add_days(1).to_string(),
            "2024-03-01"
        );
        for days in (-800_000..800_000).step_by(997) {
            let date = Date(days);
            let (y, m, d) = date.ymd();
            assert_eq!(Date::from_ymd(y, m, d), date);
        }
        assert_eq!(Date::parse("2025-02-29"), None);
        assert_eq!(
            Date::parse(" 2025-12-31 ").unwrap().to_string(),
            "2025-12-31"
        );
    }
}

//! Calendar dates, stored as `YYYY-MM-DD`, and the learner's local "today".
//!
//! A `Date` is a day number since 1970-01-01 so that day arithmetic (streaks,
//! review intervals) is plain integer arithmetic; the calendar (proleptic
//! Gregorian) and the time zone come from `jiff`. The wall clock is read only by
//! `Now::system`, at the edge; everything else takes dates as arguments so tests
//! can inject them.
//!
//! The local zone follows `TZ` as POSIX describes it (an IANA name, a POSIX rule
//! such as `EST5EDT,M3.2.0,M11.1.0`, or a TZif file path), else the system's zone
//! (`/etc/localtime`, the Windows registry). A `TZ` that cannot be used means
//! UTC: a study day then starts at UTC midnight, which is harmless. A TZif file
//! named by `TZ` is read here, not by jiff, so a device or FIFO is refused and
//! its size is capped (jiff would read `/dev/zero` until memory runs out).

use std::fmt;
use std::path::Path;

use jiff::civil;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Real TZif files are a few kB; the largest in the tz database is under 4 kB.
const MAX_ZONE_FILE: u64 = 1 << 20;

/// A calendar day in the learner's local time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Date(i64);

/// 1970-01-01, day 0.
const EPOCH: civil::Date = civil::date(1970, 1, 1);

impl Date {
    /// Days since 1970-01-01.
    pub const fn from_days(days: i64) -> Date {
        Date(days)
    }

    pub fn days(self) -> i64 {
        self.0
    }

    pub fn add_days(self, n: i64) -> Date {
        Date(self.0.saturating_add(n))
    }

    /// Days from `earlier` to `self` (negative when `earlier` is later).
    pub fn since(self, earlier: Date) -> i64 {
        self.0.saturating_sub(earlier.0)
    }

    /// The date of a year, month (1–12) and day (1–31). Out-of-range parts are
    /// clamped to the nearest valid date (years to jiff's −9999..=9999).
    pub fn from_ymd(y: i64, m: u32, d: u32) -> Date {
        let year = y.clamp(-9999, 9999) as i16;
        let month = m.clamp(1, 12) as i8;
        let first = civil::Date::new(year, month, 1).unwrap_or(EPOCH);
        let day = (d.clamp(1, 31) as i8).min(first.days_in_month());
        Date::from_civil(first.with().day(day).build().unwrap_or(first))
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i64, u32, u32) {
        let date = self.to_civil();
        (
            i64::from(date.year()),
            date.month() as u32,
            date.day() as u32,
        )
    }

    /// Parse `YYYY-MM-DD`, checking that the day exists.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let shape = text.len() == 10
            && text.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !shape {
            return None;
        }
        text.parse::<civil::Date>().ok().map(Date::from_civil)
    }

    fn from_civil(date: civil::Date) -> Date {
        Date(i64::from(
            EPOCH.until(date).map_or(0, |span| span.get_days()),
        ))
    }

    /// The calendar date; days beyond jiff's range (years ±9999) are clamped.
    fn to_civil(self) -> civil::Date {
        let days = self.0.clamp(-4_371_587, 2_932_896);
        EPOCH.checked_add(days.days()).unwrap_or(EPOCH)
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
        Date::parse(&text).ok_or_else(|| {
            let shown = crate::sanitize::clean_line(&text)
                .chars()
                .take(40)
                .collect::<String>();
            serde::de::Error::custom(format!("'{shown}' is not a YYYY-MM-DD date"))
        })
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
        let now = Timestamp::now();
        let unix_ms = u64::try_from(now.as_millisecond()).unwrap_or(0);
        let today = std::env::var("ACTTUTOR_TODAY")
            .ok()
            .and_then(|t| Date::parse(&t))
            .unwrap_or_else(|| local_date(now, &local_zone()));
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

/// The calendar date of `moment` in `zone`.
pub fn local_date(moment: Timestamp, zone: &TimeZone) -> Date {
    Date::from_civil(moment.to_zoned(zone.clone()).date())
}

/// The learner's time zone: `TZ` if set and usable, else the system's, else UTC.
pub fn local_zone() -> TimeZone {
    match std::env::var_os("TZ") {
        None => TimeZone::try_system().unwrap_or(TimeZone::UTC),
        Some(value) => value.to_str().map_or(TimeZone::UTC, zone_from_tz),
    }
}

/// `TZ` as POSIX and glibc read it: empty is UTC; a POSIX rule; `:`-prefixed or
/// plain, an IANA name or a TZif file path.
pub fn zone_from_tz(value: &str) -> TimeZone {
    if value.is_empty() {
        return TimeZone::UTC;
    }
    if !value.starts_with(':') {
        if let Ok(zone) = TimeZone::posix(value) {
            return zone;
        }
    }
    let name = value.trim_start_matches(':');
    let is_path = name.starts_with('/') || name.split('/').any(|part| part == "..");
    if !is_path {
        if let Ok(zone) = TimeZone::get(name) {
            return zone;
        }
    }
    read_zone_file(Path::new(name))
        .and_then(|bytes| TimeZone::tzif(name, &bytes).ok())
        .unwrap_or(TimeZone::UTC)
}

/// A TZif file's bytes, if it is a regular file of plausible size.
fn read_zone_file(path: &Path) -> Option<Vec<u8>> {
    crate::learner::store::read_regular_file(path, MAX_ZONE_FILE).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_match_published_day_numbers() {
        // Day numbers from the Unix epoch: 2000-03-01 is day 11017 and
        // 2024-02-29 is day 19782 (date -d … +%s divided by 86400).
        assert_eq!(Date::from_ymd(1970, 1, 1).days(), 0);
        assert_eq!(Date::from_ymd(2000, 3, 1).days(), 11_017);
        assert_eq!(Date::from_ymd(2024, 2, 29).days(), 19_782);
        assert_eq!(Date::from_ymd(1969, 12, 31).days(), -1);
        assert_eq!(
            Date::from_ymd(2024, 2, 29).add_days(1).to_string(),
            "2024-03-01"
        );
        for days in (-700_000..700_000).step_by(997) {
            let date = Date(days);
            let (y, m, d) = date.ymd();
            assert_eq!(Date::from_ymd(y, m, d), date);
        }
    }

    #[test]
    fn out_of_range_parts_are_clamped_not_wrapped() {
        assert_eq!(Date::from_ymd(2025, 2, 200).to_string(), "2025-02-28");
        assert_eq!(Date::from_ymd(2025, 13, 0).to_string(), "2025-12-01");
        assert_eq!(Date::from_ymd(99_999, 1, 1).to_string(), "9999-01-01");
        assert_eq!(
            Date::from_days(i64::MAX).add_days(1),
            Date::from_days(i64::MAX)
        );
    }

    #[test]
    fn parse_takes_only_real_yyyy_mm_dd() {
        assert_eq!(Date::parse("2025-02-29"), None);
        assert_eq!(Date::parse("2025-13-01"), None);
        assert_eq!(Date::parse("2025-1-01"), None);
        assert_eq!(Date::parse("2025-01-01T10:00"), None);
        assert_eq!(
            Date::parse(" 2025-12-31 ").map(|d| d.to_string()),
            Some("2025-12-31".to_string())
        );
    }

    #[test]
    fn posix_rules_apply_summer_time() {
        // US Eastern: EST (UTC−5) in winter, EDT (UTC−4) from the second Sunday
        // of March at 02:00. 2025-03-09 was that Sunday.
        let zone = zone_from_tz("EST5EDT,M3.2.0,M11.1.0");
        // 2025-07-01T03:30Z is 23:30 on June 30 in EDT, but 22:30 in EST: both June 30.
        // 2025-07-01T04:30Z is 00:30 on July 1 in EDT (UTC−4), still June 30 in EST.
        let moment: Timestamp = "2025-07-01T04:30:00Z".parse().unwrap();
        assert_eq!(local_date(moment, &zone).to_string(), "2025-07-01");
        let winter: Timestamp = "2025-01-01T04:30:00Z".parse().unwrap();
        assert_eq!(local_date(winter, &zone).to_string(), "2024-12-31");
    }

    #[test]
    fn unusable_tz_values_mean_utc() {
        let moment: Timestamp = "2025-07-01T23:30:00Z".parse().unwrap();
        for tz in ["", ":/nonexistent/zone", "Not/A_Zone", ":../../../dev/null"] {
            let zone = zone_from_tz(tz);
            assert_eq!(
                local_date(moment, &zone).to_string(),
                "2025-07-01",
                "{tz:?}"
            );
        }
    }
}

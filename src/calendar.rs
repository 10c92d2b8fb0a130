//! The working-day calendar used to count deadlines (GD601, `gongdan stats`):
//! China's public holidays and make-up working days (调休), shipped as data in
//! `rules/data/calendar.toml` and extendable from `gongdan.toml`
//! (`[calendar] holidays = [...], workdays = [...]`).
//!
//! Outside the shipped years only weekends are rest days.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::Deserialize;

/// The shipped calendar data.
pub const BUILTIN_TOML: &str = include_str!("../rules/data/calendar.toml");

// The embedded file is part of the binary and parsed by a unit test
// (`builtin_parses`), so the `expect` cannot fire for a user.
#[allow(clippy::expect_used)]
static BUILTIN: LazyLock<Calendar> = LazyLock::new(|| {
    Calendar::from_toml(BUILTIN_TOML).expect("embedded rules/data/calendar.toml is valid")
});

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    years: BTreeMap<String, RawYear>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    #[serde(default)]
    holidays: Vec<String>,
    #[serde(default)]
    workdays: Vec<String>,
}

/// Which days are working days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    /// Days off (statutory holidays and the days moved next to them).
    holidays: BTreeSet<NaiveDate>,
    /// Weekend days that are working days (调休上班).
    workdays: BTreeSet<NaiveDate>,
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar::builtin()
    }
}

/// Parse a `YYYY-MM-DD` date.
///
/// # Errors
/// When the text is not such a date.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|e| format!("`{s}` is not a YYYY-MM-DD date: {e}"))
}

impl Calendar {
    /// A calendar where only weekends are rest days.
    #[must_use]
    pub fn weekends_only() -> Calendar {
        Calendar {
            holidays: BTreeSet::new(),
            workdays: BTreeSet::new(),
        }
    }

    /// The shipped calendar (2023–2026), parsed once per process.
    #[must_use]
    pub fn builtin() -> Calendar {
        BUILTIN.clone()
    }

    /// Parse calendar data in the `rules/data/calendar.toml` format.
    ///
    /// # Errors
    /// Bad TOML, or a date that is not `YYYY-MM-DD`.
    pub fn from_toml(text: &str) -> Result<Calendar, String> {
        let raw: RawCalendar = toml::from_str(text).map_err(|e| e.message().to_owned())?;
        let mut cal = Calendar::weekends_only();
        for year in raw.years.values() {
            let h: Result<Vec<_>, _> = year.holidays.iter().map(|s| parse_date(s)).collect();
            let w: Result<Vec<_>, _> = year.workdays.iter().map(|s| parse_date(s)).collect();
            cal.extend(&h?, &w?);
        }
        Ok(cal)
    }

    /// Add days off and make-up working days (a later entry for the same
    /// date wins over an earlier one).
    pub fn extend(&mut self, holidays: &[NaiveDate], workdays: &[NaiveDate]) {
        for d in holidays {
            self.workdays.remove(d);
            self.holidays.insert(*d);
        }
        for d in workdays {
            self.holidays.remove(d);
            self.workdays.insert(*d);
        }
    }

    /// Whether `d` is a working day: a weekday that is not a holiday, or a
    /// weekend day listed as a make-up working day.
    #[must_use]
    pub fn is_workday(&self, d: NaiveDate) -> bool {
        if self.workdays.contains(&d) {
            return true;
        }
        if self.holidays.contains(&d) {
            return false;
        }
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// The deadline `n` working days after `start`: the day of `start` does
    /// not count (期间开始之日不计算在内), and the deadline is the end
    /// (23:59:59) of the `n`-th working day after it. `n = 0` gives the end
    /// of the day of `start`.
    #[must_use]
    pub fn add_working_days(&self, start: NaiveDateTime, n: u32) -> NaiveDateTime {
        let mut d = start.date();
        let mut left = n;
        while left > 0 {
            match d.succ_opt() {
                Some(next) => d = next,
                None => break, // the end of chrono's range: no later day exists
            }
            if self.is_workday(d) {
                left -= 1;
            }
        }
        end_of_day(d)
    }

    /// `start` plus `n` calendar days, to the second.
    #[must_use]
    pub fn add_natural_days(&self, start: NaiveDateTime, n: u32) -> NaiveDateTime {
        start
            .checked_add_signed(Duration::days(i64::from(n)))
            .unwrap_or(NaiveDateTime::MAX)
    }

    /// `start` plus `n` hours, around the clock.
    #[must_use]
    pub fn add_hours(&self, start: NaiveDateTime, n: u32) -> NaiveDateTime {
        start
            .checked_add_signed(Duration::hours(i64::from(n)))
            .unwrap_or(NaiveDateTime::MAX)
    }
}

fn end_of_day(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn builtin_parses() {
        assert!(Calendar::from_toml(BUILTIN_TOML).is_ok());
    }

    #[test]
    fn known_days_2024() {
        let c = Calendar::builtin();
        assert!(
            c.is_workday(day("2024-02-04")),
            "Sunday 2024-02-04 was a make-up working day"
        );
        assert!(
            c.is_workday(day("2024-10-12")),
            "Saturday 2024-10-12 was a make-up working day"
        );
        for d in 1..=7 {
            assert!(
                !c.is_workday(day(&format!("2024-10-0{d}"))),
                "2024-10-0{d} is National Day"
            );
        }
        assert!(!c.is_workday(day("2024-02-12")), "Spring Festival");
        assert!(c.is_workday(day("2024-03-19")), "an ordinary Tuesday");
        assert!(!c.is_workday(day("2024-03-23")), "an ordinary Saturday");
        assert!(!c.is_workday(day("2025-10-06")), "Mid-autumn 2025");
        assert!(
            c.is_workday(day("2025-09-28")),
            "Sunday 2025-09-28 make-up day"
        );
    }

    #[test]
    fn outside_the_data_only_weekends_rest() {
        let c = Calendar::builtin();
        assert!(
            c.is_workday(day("2030-10-01")),
            "a Tuesday of an unshipped year"
        );
        assert!(!c.is_workday(day("2030-10-05")));
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let c = Calendar::builtin();
        // Tuesday → 5 working days later is the next Tuesday, end of day.
        assert_eq!(
            c.add_working_days(at("2024-03-19 09:12:33"), 5),
            at("2024-03-26 23:59:59")
        );
        // Friday 2024-09-27 + 3: Sun 09-29 (make-up day), Mon 09-30, then the
        // National Day week off, next Tue 10-08.
        assert_eq!(
            c.add_working_days(at("2024-09-27 10:00:00"), 3),
            at("2024-10-08 23:59:59")
        );
        // Over the Spring Festival: Fri 2024-02-02 + 2 → Sun 02-04 (make-up),
        // Mon 02-05.
        assert_eq!(
            c.add_working_days(at("2024-02-02 16:00:00"), 2),
            at("2024-02-05 23:59:59")
        );
        assert_eq!(
            c.add_working_days(at("2024-03-19 09:00:00"), 0),
            at("2024-03-19 23:59:59")
        );
    }

    #[test]
    fn natural_days_and_hours() {
        let c = Calendar::builtin();
        assert_eq!(
            c.add_hours(at("2024-10-01 09:00:00"), 24),
            at("2024-10-02 09:00:00")
        );
        assert_eq!(
            c.add_natural_days(at("2024-02-28 09:00:00"), 2),
            at("2024-03-01 09:00:00")
        );
    }

    #[test]
    fn extension_overrides() {
        let mut c = Calendar::builtin();
        c.extend(&[day("2027-02-08")], &[day("2024-10-05")]);
        assert!(!c.is_workday(day("2027-02-08")));
        assert!(c.is_workday(day("2024-10-05")));
    }
}

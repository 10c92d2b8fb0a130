//! Date-time values as exports write them: `2024-03-19 09:12:33`,
//! `2024/3/19 9:12`, `20240319091233`, `2024年3月19日 9时12分`, Excel serials.

use chrono::NaiveDateTime;

/// Parse a date-time cell. `None` when it is not a date-time (GD704).
#[must_use]
pub fn parse(_text: &str) -> Option<NaiveDateTime> {
    None
}

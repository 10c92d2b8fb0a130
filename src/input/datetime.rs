//! Date-time values as exports write them: `2024-03-19 09:12:33`,
//! `2024/3/19 9:12`, `20240319091233`, `2024年3月19日 9时12分`, Excel serials.
//!
//! Used by the readers (XLSX date cells and serials become text in one
//! canonical form) and by the checks that compare times (GD6xx, GD704). The
//! parser is hand-written rather than a list of `strptime` patterns because it
//! runs on every date cell of millions of rows.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

/// Parse a date-time cell. `None` when it is not a date-time (GD704).
///
/// Accepts `Y-M-D`, `Y/M/D`, `Y.M.D` and `Y年M月D日` dates, optionally followed
/// (after spaces or `T`) by `H:M`, `H:M:S`, `H:M:S.fff` or `H时M分[S秒]`; an
/// ISO `Z` or `±hh:mm` suffix is dropped (the local time is kept). Also the
/// digit-only forms `YYYYMMDD`, `YYYYMMDDHHMM` and `YYYYMMDDHHMMSS`.
/// Impossible dates and times (`2024-02-30`, `25:00`) are rejected.
#[must_use]
pub fn parse(text: &str) -> Option<NaiveDateTime> {
    let s = super::values::trim(text);
    let b = s.as_bytes();
    if b.is_empty() {
        return None;
    }
    if b.iter().all(u8::is_ascii_digit) {
        return parse_compact(b);
    }
    let mut c = Cursor { s, pos: 0 };
    let year = c.digits(4, 4)?;
    let chinese = c.eat_str("年");
    if !(chinese || c.eat(b'-') || c.eat(b'/') || c.eat(b'.')) {
        return None;
    }
    let sep = b[c.pos - 1];
    let month = c.digits(1, 2)?;
    if chinese {
        if !c.eat_str("月") {
            return None;
        }
    } else if !c.eat(sep) {
        return None;
    }
    let day = c.digits(1, 2)?;
    if chinese && !c.eat_str("日") {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
    if c.done() {
        return date.and_hms_opt(0, 0, 0);
    }
    // Between date and time: spaces, or ISO `T`; the Chinese form may run on.
    let spaced = c.eat_spaces();
    if !spaced && !c.eat(b'T') && !chinese {
        return None;
    }
    let time = parse_time(&mut c)?;
    c.eat_spaces();
    c.eat_offset();
    c.done().then(|| date.and_time(time))
}

/// `HH:MM[:SS[.fff]]` or `H时M分[S秒]`.
fn parse_time(c: &mut Cursor<'_>) -> Option<NaiveTime> {
    let hour = c.digits(1, 2)?;
    let (minute, second, nanos);
    if c.eat(b':') {
        minute = c.digits(1, 2)?;
        if c.eat(b':') {
            second = c.digits(1, 2)?;
            nanos = if c.eat(b'.') || c.eat(b',') {
                c.fraction()?
            } else {
                0
            };
        } else {
            second = 0;
            nanos = 0;
        }
    } else if c.eat_str("时") || c.eat_str("点") {
        if c.done() {
            return NaiveTime::from_hms_opt(hour, 0, 0);
        }
        minute = c.digits(1, 2)?;
        if !c.eat_str("分") {
            return None;
        }
        second = match c.digits(1, 2) {
            Some(s) if c.eat_str("秒") => s,
            Some(_) => return None,
            None => 0,
        };
        nanos = 0;
    } else {
        return None;
    }
    NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)
}

/// `YYYYMMDD`, `YYYYMMDDHHMM`, `YYYYMMDDHHMMSS`.
fn parse_compact(b: &[u8]) -> Option<NaiveDateTime> {
    let num = |r: std::ops::Range<usize>| -> u32 {
        b[r].iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
    };
    let (h, m, s) = match b.len() {
        8 => (0, 0, 0),
        12 => (num(8..10), num(10..12), 0),
        14 => (num(8..10), num(10..12), num(12..14)),
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(num(0..4) as i32, num(4..6), num(6..8))?;
    date.and_hms_opt(h, m, s)
}

struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl Cursor<'_> {
    fn rest(&self) -> &[u8] {
        &self.s.as_bytes()[self.pos..]
    }

    fn done(&self) -> bool {
        self.pos == self.s.len()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let hit = self.rest().first() == Some(&byte);
        self.pos += usize::from(hit);
        hit
    }

    fn eat_str(&mut self, lit: &str) -> bool {
        let hit = self.rest().starts_with(lit.as_bytes());
        if hit {
            self.pos += lit.len();
        }
        hit
    }

    fn eat_spaces(&mut self) -> bool {
        let n = self
            .rest()
            .iter()
            .take_while(|b| **b == b' ' || **b == b'\t')
            .count();
        self.pos += n;
        n > 0
    }

    /// Between `min` and `max` ASCII digits as a number; `None` (and nothing
    /// consumed) when there are fewer than `min` or more than `max`.
    fn digits(&mut self, min: usize, max: usize) -> Option<u32> {
        let n = self
            .rest()
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if n < min || n > max {
            return None;
        }
        let v = self.rest()[..n]
            .iter()
            .fold(0, |v, d| v * 10 + u32::from(d - b'0'));
        self.pos += n;
        Some(v)
    }

    /// Fraction of a second (1 to 9 digits) as nanoseconds.
    fn fraction(&mut self) -> Option<u32> {
        let n = self
            .rest()
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if n == 0 || n > 9 {
            return None;
        }
        let v = self.digits(n, n)?;
        Some(v * 10u32.pow(9 - n as u32))
    }

    /// `Z`, `+08:00`, `+0800`, `+08`: dropped, the wall-clock time is kept
    /// because exports compare local times.
    fn eat_offset(&mut self) {
        if self.eat(b'Z') || self.eat(b'z') {
            return;
        }
        let start = self.pos;
        if !(self.eat(b'+') || self.eat(b'-')) {
            return;
        }
        let after_sign = self.pos;
        if self.digits(4, 4).is_some() && self.done() {
            return;
        }
        self.pos = after_sign;
        if self.digits(2, 2).is_some()
            && (self.done() || (self.eat(b':') && self.digits(2, 2).is_some()))
        {
            return;
        }
        self.pos = start;
    }
}

/// Days between Excel's day 0 (1899-12-30, which absorbs the 1900 leap-year
/// bug for every serial after February 1900) and a serial's date.
fn excel_epoch() -> Option<NaiveDateTime> {
    NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)
}

/// An Excel date serial (days since 1899-12-30, fraction = time of day) as a
/// date-time, rounded to the second. `None` outside 1900-01-01..=9999-12-31.
#[must_use]
pub fn from_excel_serial(serial: f64) -> Option<NaiveDateTime> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Rounded to whole seconds: Excel stores times as binary fractions of a
    // day, so 09:12:33 comes back as 09:12:32.99999.
    let seconds = (serial * 86_400.0).round() as i64;
    excel_epoch()?.checked_add_signed(Duration::seconds(seconds))
}

/// The canonical text of a date-time: `YYYY-MM-DD HH:MM:SS`.
#[must_use]
pub fn format(dt: &NaiveDateTime) -> String {
    dt.format("%Y-%m-%d %H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    fn ok(input: &str, want: &str) {
        assert_eq!(parse(input), Some(dt(want)), "input {input:?}");
    }

    #[test]
    fn dashed_forms() {
        ok("2024-03-19 09:12:33", "2024-03-19 09:12:33");
        ok("2024-03-19 09:12", "2024-03-19 09:12:00");
        ok("2024-03-19", "2024-03-19 00:00:00");
        ok("2024-3-9 9:05", "2024-03-09 09:05:00");
    }

    #[test]
    fn slashed_and_dotted_forms() {
        ok("2024/3/19 9:12", "2024-03-19 09:12:00");
        ok("2024/03/19 09:12:33", "2024-03-19 09:12:33");
        ok("2024.3.19 9:12", "2024-03-19 09:12:00");
    }

    #[test]
    fn compact_digits() {
        ok("20240319091233", "2024-03-19 09:12:33");
        ok("202403190912", "2024-03-19 09:12:00");
        ok("20240319", "2024-03-19 00:00:00");
        assert_eq!(parse("2024031"), None);
        assert_eq!(parse("20241319"), None);
    }

    #[test]
    fn chinese_forms() {
        ok("2024年3月19日 9时12分", "2024-03-19 09:12:00");
        ok("2024年3月19日9时12分33秒", "2024-03-19 09:12:33");
        ok("2024年3月19日 09:12", "2024-03-19 09:12:00");
        ok("2024年3月19日", "2024-03-19 00:00:00");
        assert_eq!(parse("2024年3月19 9:12"), None);
    }

    #[test]
    fn iso_with_fraction_and_offset() {
        ok("2024-03-19T09:12:33", "2024-03-19 09:12:33");
        let p = parse("2024-03-19T09:12:33.123").unwrap();
        assert_eq!(p, dt("2024-03-19 09:12:33") + Duration::milliseconds(123));
        ok("2024-03-19T09:12:33Z", "2024-03-19 09:12:33");
        ok("2024-03-19T09:12:33+08:00", "2024-03-19 09:12:33");
        let half = parse("2024-03-19T09:12:33.5+0800").unwrap();
        assert_eq!(
            half,
            dt("2024-03-19 09:12:33") + Duration::milliseconds(500)
        );
        ok("2024-03-19 09:12:33 -05:00", "2024-03-19 09:12:33");
    }

    #[test]
    fn surrounding_whitespace() {
        ok("  2024-03-19 09:12:33\t", "2024-03-19 09:12:33");
        ok("\u{3000}2024/3/19 9:12 ", "2024-03-19 09:12:00");
    }

    #[test]
    fn rejects_garbage_and_impossible_values() {
        for bad in [
            "",
            "  ",
            "无",
            "abc",
            "2024-02-30",
            "2023-02-29 10:00",
            "2024-03-19 25:00",
            "2024-03-19 09:60",
            "2024-03-19 09:12:61",
            "2024-13-01",
            "2024-03-19 09:12 xyz",
            "2024-03/19",
            "24-03-19",
            "2024-03-19T",
            "2024-03-19 09:12:33.",
        ] {
            assert_eq!(parse(bad), None, "input {bad:?}");
        }
        ok("2024-02-29 10:00", "2024-02-29 10:00:00");
    }

    #[test]
    fn excel_serials() {
        // 45370 is 2024-03-19 in Excel; .38372 ≈ 09:12:33.
        let d = from_excel_serial(45370.0).unwrap();
        assert_eq!(d, dt("2024-03-19 00:00:00"));
        let t = from_excel_serial(45370.0 + (9.0 * 3600.0 + 12.0 * 60.0 + 33.0) / 86400.0).unwrap();
        assert_eq!(t, dt("2024-03-19 09:12:33"));
        assert_eq!(from_excel_serial(f64::NAN), None);
        assert_eq!(from_excel_serial(-3.0), None);
        assert_eq!(from_excel_serial(1e12), None);
    }

    #[test]
    fn formats_canonically() {
        assert_eq!(format(&dt("2024-03-09 07:05:03")), "2024-03-09 07:05:03");
    }
}

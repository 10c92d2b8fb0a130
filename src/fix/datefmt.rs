//! The written style of a date-time (`2024-03-19 09:12:33`, `2024/3/19 9:12`,
//! `20240319091233`, `2024年3月19日 9时12分`) and the prevailing style of a
//! column, so that `gongdan fix` rewrites the odd ones in the export's own
//! style rather than in one gongdan picked.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

/// Date-time parts, in the order they are written.
const PARTS: usize = 6;

/// A style: the separators around the digit groups, and for month, day and
/// hour whether a value below 10 is zero-padded. The year has four digits,
/// minutes and seconds two.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DateStyle {
    /// `literals[0]` precedes the first group (usually empty), `literals[i]`
    /// follows group `i - 1`. Empty for the compact all-digit form.
    literals: Vec<String>,
    /// Number of digit groups: 3 (date), 5 (… H:M), 6 (… H:M:S).
    groups: usize,
    /// Zero-padding of month, day and hour.
    pad: [bool; 3],
    /// The all-digit form `YYYYMMDD[HHMM[SS]]`.
    compact: bool,
}

/// A style as seen in one value: the skeleton, and for month, day and hour
/// whether the value shows padding (`Some(true)` for `03`, `Some(false)` for
/// `3`, `None` for `12`, which looks the same either way).
fn observe(text: &str) -> Option<(DateStyle, [Option<bool>; 3])> {
    let s = text.trim();
    if s.bytes().all(|b| b.is_ascii_digit()) {
        let groups = match s.len() {
            8 => 3,
            12 => 5,
            14 => 6,
            _ => return None,
        };
        let style = DateStyle {
            literals: Vec::new(),
            groups,
            pad: [true; 3],
            compact: true,
        };
        return Some((style, [None; 3]));
    }
    let mut literals = vec![String::new()];
    let mut digits: Vec<&str> = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_ascii_digit(), start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                digits.push(&s[st..i]);
                literals.push(String::new());
                start = None;
                literals.last_mut()?.push(c);
            }
            (false, None) => literals.last_mut()?.push(c),
            (true, Some(_)) => {}
        }
    }
    if let Some(st) = start {
        digits.push(&s[st..]);
        literals.push(String::new());
    }
    let groups = digits.len();
    // Fractions of a second and offsets are kept as they are written.
    if !matches!(groups, 3 | 5 | 6) || digits[0].len() != 4 {
        return None;
    }
    let mut seen = [None; 3];
    for (k, g) in digits.iter().enumerate().skip(1).take(3) {
        seen[k - 1] = match g.len() {
            1 => Some(false),
            2 if g.starts_with('0') => Some(true),
            _ => None,
        };
    }
    if groups == 3 {
        seen[2] = None;
    }
    let style = DateStyle {
        literals,
        groups,
        pad: [true; 3],
        compact: false,
    };
    Some((style, seen))
}

impl DateStyle {
    /// The text of `dt` in this style; `None` when the style would drop a
    /// part of it that is not zero (the seconds of a minutes-only style).
    #[must_use]
    pub fn render(&self, dt: &NaiveDateTime) -> Option<String> {
        if dt.nanosecond() != 0
            || (self.groups < 6 && dt.second() != 0)
            || (self.groups < 5 && (dt.hour() != 0 || dt.minute() != 0))
        {
            return None;
        }
        let parts: [u32; PARTS] = [
            u32::try_from(dt.year()).ok()?,
            dt.month(),
            dt.day(),
            dt.hour(),
            dt.minute(),
            dt.second(),
        ];
        let mut out = String::with_capacity(24);
        if self.compact {
            out.push_str(&format!("{:04}", parts[0]));
            for p in &parts[1..self.groups] {
                out.push_str(&format!("{p:02}"));
            }
            return Some(out);
        }
        out.push_str(self.literals.first()?);
        for (i, p) in parts.iter().take(self.groups).enumerate() {
            let padded = match i {
                0 => format!("{p:04}"),
                1..=3 if !self.pad[i - 1] => p.to_string(),
                _ => format!("{p:02}"),
            };
            out.push_str(&padded);
            out.push_str(self.literals.get(i + 1)?);
        }
        Some(out)
    }
}

/// One style seen in a column: how often, and the padding evidence
/// (padded, unpadded) of month, day and hour.
type Seen = (DateStyle, u64, [(u64, u64); 3]);

/// Styles seen in a column, counted.
#[derive(Clone, Debug, Default)]
pub struct DateStats {
    seen: Vec<Seen>,
}

impl DateStats {
    pub fn add(&mut self, text: &str) {
        if text.trim().is_empty() || super::datetime::parse(text).is_none() {
            return;
        }
        let Some((style, pads)) = observe(text) else {
            return;
        };
        let entry = match self.seen.iter().position(|(s, _, _)| *s == style) {
            Some(i) => &mut self.seen[i],
            None => {
                self.seen.push((style, 0, [(0, 0); 3]));
                let last = self.seen.len() - 1;
                &mut self.seen[last]
            }
        };
        entry.1 += 1;
        for (k, p) in pads.iter().enumerate() {
            match p {
                Some(true) => entry.2[k].0 += 1,
                Some(false) => entry.2[k].1 += 1,
                None => {}
            }
        }
    }

    /// The most common style (the first seen on a tie), with the padding
    /// most of its values show.
    #[must_use]
    pub fn prevailing(&self) -> Option<DateStyle> {
        let mut best: Option<&Seen> = None;
        for e in &self.seen {
            if best.is_none_or(|b| e.1 > b.1) {
                best = Some(e);
            }
        }
        let (style, _, pads) = best?;
        let mut style = style.clone();
        if !style.compact {
            for (k, (yes, no)) in pads.iter().enumerate() {
                style.pad[k] = yes >= no;
            }
        }
        Some(style)
    }
}

/// A `Y-M-D` (or `/`, `.`) date whose month is over 12 and whose day is not:
/// read with day and month swapped. A guess, so an unsafe fix.
#[must_use]
pub fn parse_swapped(text: &str) -> Option<NaiveDateTime> {
    let s = text.trim();
    let sep = s.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let mut it = s.splitn(3, sep);
    let (y, m, rest) = (it.next()?, it.next()?, it.next()?);
    let d_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (d, tail) = rest.split_at(d_end);
    let (y, m, d): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if y < 1000 || m <= 12 || d > 12 || d == 0 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(y, d, m)?;
    let fixed = format!("{}{tail}", date.format("%Y-%m-%d"));
    super::datetime::parse(&fixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prevailing(values: &[&str]) -> DateStyle {
        let mut s = DateStats::default();
        for v in values {
            s.add(v);
        }
        s.prevailing().unwrap()
    }

    fn dt(s: &str) -> NaiveDateTime {
        super::super::datetime::parse(s).unwrap()
    }

    #[test]
    fn renders_in_the_prevailing_style() {
        let style = prevailing(&["2024/3/19 9:12", "2024/3/5 10:01", "2024-03-19 09:12:00"]);
        assert_eq!(
            style.render(&dt("2024-03-07 08:05:00")).unwrap(),
            "2024/3/7 8:05"
        );
        // Seconds that the style cannot show are not dropped.
        assert_eq!(style.render(&dt("2024-03-07 08:05:09")), None);
        let style = prevailing(&[
            "2024-03-19 09:12:33",
            "2024-03-20 10:00:00",
            "2024/3/1 9:00",
        ]);
        assert_eq!(
            style.render(&dt("2024年3月7日 8时5分")).unwrap(),
            "2024-03-07 08:05:00"
        );
        let style = prevailing(&["20240319091233", "20240320100000"]);
        assert_eq!(
            style.render(&dt("2024/3/7 8:05")).unwrap(),
            "20240307080500"
        );
        let style = prevailing(&["2024年3月19日 9时12分", "2024年3月1日 10时05分"]);
        assert_eq!(
            style.render(&dt("2024-03-07 08:05")).unwrap(),
            "2024年3月7日 8时05分"
        );
    }

    #[test]
    fn padding_follows_the_evidence() {
        // 12 and 10 say nothing about padding; 03 and 09 do.
        let style = prevailing(&["2024-12-10 10:12", "2024-03-19 09:12"]);
        assert_eq!(
            style.render(&dt("2024-03-07 08:05")).unwrap(),
            "2024-03-07 08:05"
        );
    }

    #[test]
    fn swapped_day_and_month() {
        assert_eq!(
            parse_swapped("2024-19-03 09:00"),
            Some(dt("2024-03-19 09:00"))
        );
        assert_eq!(parse_swapped("2024-03-19"), None);
        assert_eq!(parse_swapped("2024-19-13"), None);
    }
}

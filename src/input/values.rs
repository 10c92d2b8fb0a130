//! Typed values inside cells: phone numbers, numbers, call durations.
//! Parsing is lenient about the ways exports write them; a value that does
//! not parse at all is a GD704 finding.

/// A phone number reduced to its digits, with masked digits kept as `*`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    /// National digits, country code removed (`13812345678`, `07395151228`,
    /// `12345`), `*` where the export masked a digit.
    pub digits: String,
}

impl Phone {
    /// Whether two numbers can be the same line: equal digit by digit, a
    /// masked digit matching anything. A landline with and without its area
    /// code matches on the local part.
    #[must_use]
    pub fn matches(&self, other: &Phone) -> bool {
        let same = |a: &str, b: &str| {
            a.len() == b.len()
                && a.chars()
                    .zip(b.chars())
                    .all(|(x, y)| x == y || x == '*' || y == '*')
        };
        if same(&self.digits, &other.digits) {
            return true;
        }
        let (long, short) = if self.digits.len() > other.digits.len() {
            (&self.digits, &other.digits)
        } else {
            (&other.digits, &self.digits)
        };
        long.starts_with('0') && short.len() >= 7 && same(&long[long.len() - short.len()..], short)
    }
}

/// Fold full-width digits and signs to ASCII.
fn fold(c: char) -> char {
    match c {
        '０'..='９' | '＋' | '－' | '＊' | '（' | '）' => {
            char::from_u32(c as u32 - 0xfee0).unwrap_or(c)
        }
        _ => c,
    }
}

/// Normalise a phone number: drop spaces, dashes, dots and brackets, fold
/// full-width digits, remove `+86` / `0086` / `86` before a mobile number.
/// `None` when what remains is not a plausible number: a mobile (11 digits
/// starting with 1), a landline (0 + 9–11 digits, or a 7–8 digit local
/// number), or a service number of 3–6 digits (110, 12345, 95588).
#[must_use]
pub fn parse_phone(text: &str) -> Option<Phone> {
    let mut s: String = text
        .chars()
        .map(fold)
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{3000}' | '\t'))
        .collect();
    if let Some(rest) = s.strip_prefix('+') {
        s = rest.to_owned();
    }
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '*' || c == 'x' || c == 'X')
    {
        return None;
    }
    let mut s = s.replace(['x', 'X'], "*");
    // A bare number from a spreadsheet cell may carry a trailing ".0"; that is
    // removed by the readers, so here only country prefixes remain.
    if let Some(rest) = s.strip_prefix("0086") {
        s = rest.to_owned();
    } else if s.len() == 13 && s.starts_with("86") {
        s = s[2..].to_owned();
    }
    let n = s.len();
    let ok = match s.as_bytes()[0] {
        b'1' => n == 11 || (3..=6).contains(&n),
        b'0' => (10..=12).contains(&n),
        b'*' => (7..=12).contains(&n),
        _ => (7..=8).contains(&n) || (3..=6).contains(&n),
    };
    // A value made only of mask characters says nothing.
    (ok && s.chars().any(|c| c.is_ascii_digit())).then_some(Phone { digits: s })
}

/// Parse a number (`12`, `3.5`, `1,234`, full-width digits).
#[must_use]
pub fn parse_number(text: &str) -> Option<f64> {
    let s: String = text
        .trim()
        .chars()
        .map(fold)
        .filter(|c| *c != ',')
        .collect();
    s.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Parse a call duration to seconds: `125`, `125秒`, `2分5秒`, `00:02:05`, `02:05`.
#[must_use]
pub fn parse_duration(text: &str) -> Option<u64> {
    let s: String = text.trim().chars().map(fold).collect();
    if s.is_empty() {
        return None;
    }
    if let Ok(n) = s.trim_end_matches(['秒', 's', 'S']).trim().parse::<f64>() {
        return (n >= 0.0 && n.is_finite()).then_some(n.round() as u64);
    }
    if s.contains(':') {
        let parts: Vec<u64> = s
            .split(':')
            .map(|p| p.trim().parse::<u64>())
            .collect::<Result<_, _>>()
            .ok()?;
        return match parts.as_slice() {
            [m, sec] if *sec < 60 => Some(m * 60 + sec),
            [h, m, sec] if *m < 60 && *sec < 60 => Some(h * 3600 + m * 60 + sec),
            _ => None,
        };
    }
    let mut total = 0u64;
    let mut num = String::new();
    let mut any = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let mult = match c {
            '时' | '小' => 3600,
            '分' => 60,
            '秒' => 1,
            '钟' => continue,
            _ => return None,
        };
        if !num.is_empty() {
            total += num.parse::<u64>().ok()? * mult;
            num.clear();
            any = true;
        }
    }
    (any && num.is_empty()).then_some(total)
}

/// `str::trim`, without decoding a character when neither end can be
/// white space: a cell that starts and ends with a printable ASCII
/// character or one from U+4000 on (hanzi, fullwidth forms; the last
/// Unicode space is U+3000) is returned as it is. Cells are trimmed by
/// every rule that reads them, and most need nothing.
#[must_use]
#[inline]
pub fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    let plain_start = match b.first() {
        Some(&f) => (0x21..=0x7E).contains(&f) || (0xE4..=0xF4).contains(&f),
        None => return s,
    };
    // A three-byte character from U+4000 on, or printable ASCII, ends it.
    let plain_end = match b.len() {
        n if (0x21..=0x7E).contains(&b[n - 1]) => true,
        n if n >= 3 => (0xE4..=0xEF).contains(&b[n - 3]),
        _ => false,
    };
    if plain_start && plain_end {
        s
    } else {
        s.trim()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_as_str_trim_does() {
        for c in '\0'..=char::MAX {
            for s in [
                c.to_string(),
                format!("{c}甲"),
                format!("甲{c}"),
                format!("a{c}"),
                format!("{c}a"),
                format!(" {c}　"),
                format!("{c}{c}"),
            ] {
                assert_eq!(trim(&s), s.trim(), "{s:?}");
            }
        }
        for s in [
            "",
            " ",
            "\u{3000}工单\u{3000}",
            "\u{a0}x",
            "x\u{85}",
            "已办结。",
            "é",
            "𠀀",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn phones_normalise() {
        let p = |s| parse_phone(s).map(|p| p.digits);
        assert_eq!(p("138 1234 5678").as_deref(), Some("13812345678"));
        assert_eq!(p("+86 138-1234-5678").as_deref(), Some("13812345678"));
        assert_eq!(p("0086 13812345678").as_deref(), Some("13812345678"));
        assert_eq!(p("8613812345678").as_deref(), Some("13812345678"));
        assert_eq!(p("１３８１２３４５６７８").as_deref(), Some("13812345678"));
        assert_eq!(p("0739-5151228").as_deref(), Some("07395151228"));
        assert_eq!(p("138****5678").as_deref(), Some("138****5678"));
        assert_eq!(p("12345").as_deref(), Some("12345"));
        assert_eq!(p("5151228").as_deref(), Some("5151228"));
        assert_eq!(p("电话不详"), None);
        assert_eq!(p("1381234567"), None); // 10 digits
        assert_eq!(p("***********"), None);
    }

    #[test]
    fn masked_digits_match_anything() {
        let a = parse_phone("138****5678").unwrap();
        let b = parse_phone("13812345678").unwrap();
        let c = parse_phone("13912345678").unwrap();
        assert!(a.matches(&b));
        assert!(!b.matches(&c));
        let land = parse_phone("0739-5151228").unwrap();
        let local = parse_phone("5151228").unwrap();
        assert!(land.matches(&local));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("125"), Some(125));
        assert_eq!(parse_duration("125秒"), Some(125));
        assert_eq!(parse_duration("2分5秒"), Some(125));
        assert_eq!(parse_duration("00:02:05"), Some(125));
        assert_eq!(parse_duration("02:05"), Some(125));
        assert_eq!(parse_duration("两分钟"), None);
        assert_eq!(parse_duration("2:75"), None);
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("1,234"), Some(1234.0));
        assert_eq!(parse_number("３.５"), Some(3.5));
        assert_eq!(parse_number("abc"), None);
    }
}

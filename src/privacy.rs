//! Personal data (phone numbers, ID-card numbers, names) is masked in every
//! output unless `--show-personal-data`. Masking keeps the character count,
//! so spans computed on the original text still point at the same place.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

// Mobile numbers (optionally +86/0086 before them), landlines with an area
// code, and 18-digit ID-card numbers. Digit look-arounds are emulated by the
// boundary groups since `regex` has no look-around.
static PERSONAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<pre>^|[^0-9A-Za-z])
        (?P<num>
            [1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx]   # ID card
          | 1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}                                                # mobile
          | 0\d{2,3}-?\d{7,8}                                                             # landline
        )
        (?P<post>$|[^0-9A-Za-z])",
    )
    .expect("static regex compiles")
});

/// Mask the middle digits of phone and ID-card numbers found in free text:
/// `13812345678` → `138****5678`, an ID card keeps its first 6 and last 4.
#[must_use]
pub fn mask_text(text: &str) -> Cow<'_, str> {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut pos = 0;
    // Matches can share the boundary character, so search from the end of
    // each number rather than the end of the whole match.
    while let Some(c) = PERSONAL.captures_at(text, pos) {
        let Some(num) = c.name("num") else { break };
        out.push_str(&text[last..num.start()]);
        out.push_str(&mask_number(num.as_str()));
        last = num.end();
        pos = num.end();
    }
    if last == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

fn mask_number(n: &str) -> String {
    let digits = n.chars().filter(char::is_ascii_alphanumeric).count();
    let (keep_head, keep_tail) = if digits >= 15 {
        (6, 4)
    } else if n.starts_with('0') {
        (4, 2)
    } else {
        (3, 4)
    };
    let mut seen = 0;
    n.chars()
        .map(|c| {
            if !c.is_ascii_alphanumeric() {
                return c;
            }
            seen += 1;
            if seen <= keep_head || seen > digits - keep_tail {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// Mask a whole cell of a personal field (a name, a phone, an ID): keep the
/// first character (and, for long values, the last two), star the rest.
#[must_use]
pub fn mask_value(v: &str) -> String {
    let n = v.chars().count();
    v.chars()
        .enumerate()
        .map(|(i, c)| {
            let keep = i == 0 || (n >= 7 && (i < 3 || i + 4 >= n));
            if keep || c.is_whitespace() { c } else { '*' }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_mobiles_landlines_and_ids() {
        assert_eq!(
            mask_text("联系电话13812345678，谢谢"),
            "联系电话138****5678，谢谢"
        );
        assert_eq!(
            mask_text("请拨 0739-5151228 咨询"),
            "请拨 0739-*****28 咨询"
        );
        assert_eq!(
            mask_text("身份证430502199001011234"),
            "身份证430502********1234"
        );
        assert_eq!(mask_text("138 1234 5678"), "138 **** 5678");
    }

    #[test]
    fn leaves_other_numbers() {
        for s in [
            "工单号 SY20240319000123",
            "发票号码：24432000000022873887",
            "2024年3月19日",
            "12345热线",
            "邵市政办发〔2023〕11号",
        ] {
            assert_eq!(mask_text(s), s);
        }
    }

    #[test]
    fn masking_keeps_length() {
        let s = "王女士13812345678反映";
        assert_eq!(mask_text(s).chars().count(), s.chars().count());
        assert_eq!(mask_value("王小明"), "王**");
        assert_eq!(mask_value("13812345678"), "138****5678");
    }
}

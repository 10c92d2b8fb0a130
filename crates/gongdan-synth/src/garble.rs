//! Real mojibake for GD101: text pushed through the wrong decoder, the
//! way exports actually break, not made-up strings.

use encoding_rs::{GBK, WINDOWS_1252};
use rand::Rng;

/// One way a text gets garbled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Garble {
    /// UTF-8 bytes decoded as GBK: `甯傛皯鍙嶆槧`.
    Utf8AsGbk,
    /// UTF-8 bytes decoded as windows-1252: `å¸‚æ°‘`.
    Utf8As1252,
    /// GBK bytes decoded as Latin-1/1252: `ÊÐÃñ·´Ó³`.
    GbkAsLatin1,
    /// Replacement characters U+FFFD.
    Replacement,
    /// U+FFFD pairs re-encoded to UTF-8 and read as GBK: `锟斤拷`.
    Kunjinkao,
    /// Uninitialised memory shown as 烫烫烫 / 屯屯屯.
    Tangtang,
    /// Unmappable characters replaced with `?` (or `？`).
    Question,
    /// Leaked JSON escapes `\u5e02`.
    EscapeU,
    /// Leaked HTML numeric references `&#24066;`.
    Ncr,
    /// Leaked percent-encoding `%E5%B8%82`.
    Percent,
    /// Zero-width characters between the characters.
    ZeroWidth,
    /// Private-use characters in place of some characters.
    PrivateUse,
}

/// Every form with its weight: the classic mojibake is the most common.
pub const ALL: &[(Garble, u32)] = &[
    (Garble::Utf8AsGbk, 4),
    (Garble::Utf8As1252, 2),
    (Garble::GbkAsLatin1, 2),
    (Garble::Replacement, 2),
    (Garble::Kunjinkao, 2),
    (Garble::Tangtang, 1),
    (Garble::Question, 2),
    (Garble::EscapeU, 1),
    (Garble::Ncr, 1),
    (Garble::Percent, 1),
    (Garble::ZeroWidth, 1),
    (Garble::PrivateUse, 1),
];

/// Garbled forms that survive a GBK file (what GBK exports actually carry).
pub const GBK_SAFE: &[(Garble, u32)] = &[
    (Garble::Utf8AsGbk, 5),
    (Garble::Kunjinkao, 3),
    (Garble::Tangtang, 1),
    (Garble::Question, 3),
    (Garble::EscapeU, 1),
    (Garble::Ncr, 1),
    (Garble::Percent, 1),
];

/// Garble `text` with `how`. `gbk_target` makes U+FFFD from a bad decode
/// come out as `?`, as it does when such text is saved in GBK.
pub fn apply<R: Rng>(rng: &mut R, how: Garble, text: &str, gbk_target: bool) -> String {
    match how {
        Garble::Utf8AsGbk => {
            let (s, _) = GBK.decode_without_bom_handling(text.as_bytes());
            if gbk_target {
                s.replace('\u{FFFD}', "?")
            } else {
                s.into_owned()
            }
        }
        Garble::Utf8As1252 => WINDOWS_1252
            .decode_without_bom_handling(text.as_bytes())
            .0
            .into_owned(),
        Garble::GbkAsLatin1 => {
            let (bytes, _, _) = GBK.encode(text);
            WINDOWS_1252
                .decode_without_bom_handling(&bytes)
                .0
                .into_owned()
        }
        Garble::Replacement => map_cjk(text, |_| "\u{FFFD}".to_string()),
        Garble::Kunjinkao => {
            let n = text
                .chars()
                .filter(|c| !c.is_ascii())
                .count()
                .div_ceil(3)
                .max(2);
            let mut s = "锟斤拷".repeat(n);
            if rng.random_bool(0.5) {
                s.push('锟');
            }
            s
        }
        Garble::Tangtang => {
            let unit = if rng.random_bool(0.6) { "烫" } else { "屯" };
            unit.repeat(text.chars().count().clamp(6, 24))
        }
        Garble::Question => {
            let q = if rng.random_bool(0.8) { "?" } else { "？" };
            map_cjk(text, |_| q.to_string())
        }
        Garble::EscapeU => map_cjk(text, |c| format!("\\u{:04x}", c as u32)),
        Garble::Ncr => map_cjk(text, |c| format!("&#{};", c as u32)),
        Garble::Percent => map_cjk(text, |c| {
            let mut buf = [0u8; 4];
            c.encode_utf8(&mut buf)
                .bytes()
                .map(|b| format!("%{b:02X}"))
                .collect()
        }),
        Garble::ZeroWidth => {
            const ZW: [char; 4] = ['\u{200B}', '\u{200C}', '\u{200D}', '\u{FEFF}'];
            let mut out = String::new();
            for (i, c) in text.chars().enumerate() {
                out.push(c);
                if i % 2 == 1 {
                    out.push(ZW[rng.random_range(0..ZW.len())]);
                }
            }
            out
        }
        Garble::PrivateUse => {
            let mut out = String::new();
            for (i, c) in text.chars().enumerate() {
                if i % 3 == 1 && !c.is_ascii() {
                    let pua = char::from_u32(0xE000 + rng.random_range(0..0x700u32))
                        .unwrap_or('\u{E000}');
                    out.push(pua);
                } else {
                    out.push(c);
                }
            }
            out
        }
    }
}

/// Replace each non-ASCII character; keep ASCII digits and punctuation.
fn map_cjk(text: &str, f: impl Fn(char) -> String) -> String {
    text.chars()
        .map(|c| if c.is_ascii() { c.to_string() } else { f(c) })
        .collect()
}

/// Whether `text` can be written in GBK without loss and read back by
/// strict decoders (no private-use characters: they map to GBK's
/// user-defined areas, which many decoders reject).
#[must_use]
pub fn gbk_encodable(text: &str) -> bool {
    !text
        .chars()
        .any(|c| c == '€' || ('\u{E000}'..='\u{F8FF}').contains(&c))
        && !GBK.encode(text).2
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn classic_forms() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        assert!(apply(&mut rng, Garble::Utf8AsGbk, "市民反映", false).starts_with("甯傛皯"));
        assert!(apply(&mut rng, Garble::Utf8As1252, "市民", false).starts_with("å¸‚"));
        assert!(apply(&mut rng, Garble::GbkAsLatin1, "市民", false).starts_with("ÊÐ"));
        assert_eq!(apply(&mut rng, Garble::EscapeU, "市", false), "\\u5e02");
        assert_eq!(apply(&mut rng, Garble::Ncr, "市", false), "&#24066;");
        assert_eq!(apply(&mut rng, Garble::Percent, "市", false), "%E5%B8%82");
    }

    #[test]
    fn gbk_safe_forms_encode_in_gbk() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        // A wrong decode can land in GBK's user-defined areas; the
        // generator retries those, the other forms always encode.
        for &(g, _) in GBK_SAFE.iter().filter(|(g, _)| *g != Garble::Utf8AsGbk) {
            let s = apply(&mut rng, g, "后续如有疑问，欢迎拨打服务电话咨询。", true);
            assert!(gbk_encodable(&s), "{g:?}: {s}");
        }
    }
}

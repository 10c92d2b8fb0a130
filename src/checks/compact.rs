//! Compact cross-row state. What the cross-row rules keep for every call
//! record, return or ticket grows with the export, so it is kept small:
//! ids packed exactly into 16 bytes where they fit (a province's ids are
//! digits and letters: `SY240301000001`, `202403010810320001`), repeated
//! strings (units) interned, phone numbers as packed digits, times as
//! seconds. Nothing here is lossy: every packed value unpacks to exactly
//! what was packed, and what does not fit is kept as it was.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, NaiveDateTime};

/// Characters an id may be packed from, 6 bits each (0 ends the id).
const ID_CHARS: &[u8; 63] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-";

/// Longest id that packs: 21 characters of 6 bits in 128 bits.
const ID_MAX: usize = 21;

fn id_code(b: u8) -> Option<u128> {
    let c = match b {
        b'0'..=b'9' => b - b'0',
        b'A'..=b'Z' => b - b'A' + 10,
        b'a'..=b'z' => b - b'a' + 36,
        b'-' => 62,
        _ => return None,
    };
    Some(u128::from(c) + 1)
}

/// Pack an id of up to 21 characters of `0-9 A-Z a-z -` into 128 bits,
/// exactly (distinct ids give distinct numbers); `None` for any other id.
#[must_use]
pub fn pack_id(s: &str) -> Option<u128> {
    let b = s.as_bytes();
    if b.is_empty() || b.len() > ID_MAX {
        return None;
    }
    let mut v: u128 = 0;
    for &c in b {
        v = (v << 6) | id_code(c)?;
    }
    Some(v)
}

/// The id [`pack_id`] packed.
#[must_use]
pub fn unpack_id(mut v: u128) -> String {
    let mut out = Vec::with_capacity(ID_MAX);
    while v != 0 {
        let c = usize::try_from(v & 63).unwrap_or(0);
        out.push(ID_CHARS[c - 1]);
        v >>= 6;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// An id as cross-row state keeps it: packed when it packs, else the text.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Id {
    /// Split in two halves so the enum is 8-byte aligned (24 bytes).
    Packed([u64; 2]),
    Text(Box<str>),
}

impl Id {
    #[must_use]
    pub fn new(s: &str) -> Id {
        match pack_id(s) {
            Some(v) => Id::Packed(split(v)),
            None => Id::Text(s.into()),
        }
    }

    /// The id as written.
    #[must_use]
    pub fn text(&self) -> String {
        match self {
            Id::Packed(v) => unpack_id(join(*v)),
            Id::Text(s) => s.to_string(),
        }
    }
}

#[must_use]
pub fn split(v: u128) -> [u64; 2] {
    // Truncation intended: the low and the high half.
    #[allow(clippy::cast_possible_truncation)]
    [(v >> 64) as u64, v as u64]
}

#[must_use]
pub fn join(v: [u64; 2]) -> u128 {
    (u128::from(v[0]) << 64) | u128::from(v[1])
}

/// Pack phone digits (`0-9` and the mask `*`, at most 16) into 64 bits,
/// 4 bits a character; `None` when they do not fit. 0 is never a result.
#[must_use]
pub fn pack_digits(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    if b.is_empty() || b.len() > 16 {
        return None;
    }
    let mut v: u64 = 0;
    for &c in b {
        let code = match c {
            b'0'..=b'9' => u64::from(c - b'0') + 1,
            b'*' => 11,
            _ => return None,
        };
        v = (v << 4) | code;
    }
    Some(v)
}

/// The digits [`pack_digits`] packed.
#[must_use]
pub fn unpack_digits(mut v: u64) -> String {
    let mut out = Vec::with_capacity(16);
    while v != 0 {
        let c = u8::try_from(v & 15).unwrap_or(0);
        out.push(if c == 11 { b'*' } else { b'0' + c - 1 });
        v >>= 4;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A time as whole seconds, when it has no fraction of a second.
#[must_use]
pub fn seconds(t: NaiveDateTime) -> Option<i64> {
    (t.and_utc().timestamp_subsec_nanos() == 0).then(|| t.and_utc().timestamp())
}

/// The time [`seconds`] gave.
#[must_use]
pub fn from_seconds(s: i64) -> Option<NaiveDateTime> {
    DateTime::from_timestamp(s, 0).map(|d| d.naive_utc())
}

/// Ids gathered row by row and looked up after the last row: vectors
/// sorted once at the end, 16 bytes a packed id (the text of the few ids
/// that do not pack apart), where a hash set takes ~50 bytes an id and
/// twice that while it grows.
#[derive(Debug, Default)]
pub struct IdSet {
    packed: Vec<[u64; 2]>,
    text: Vec<Box<str>>,
    sealed: bool,
}

impl IdSet {
    pub fn push(&mut self, id: Id) {
        match id {
            Id::Packed(v) => self.packed.push(v),
            Id::Text(s) => self.text.push(s),
        }
        self.sealed = false;
    }

    /// Sort and drop repeats; call after the last `push`.
    pub fn seal(&mut self) {
        if !self.sealed {
            self.packed.sort_unstable();
            self.packed.dedup();
            self.packed.shrink_to_fit();
            self.text.sort_unstable();
            self.text.dedup();
            self.text.shrink_to_fit();
            self.sealed = true;
        }
    }

    /// Whether `id` was pushed. Only meaningful after [`IdSet::seal`].
    #[must_use]
    pub fn contains(&self, id: &Id) -> bool {
        debug_assert!(self.sealed, "IdSet::contains before seal");
        match id {
            Id::Packed(v) => self.packed.binary_search(v).is_ok(),
            Id::Text(s) => self.text.binary_search(s).is_ok(),
        }
    }
}

/// Strings that repeat (unit names), each kept once and named by a number.
#[derive(Debug, Default)]
pub struct Interner {
    ids: HashMap<Arc<str>, u32>,
    names: Vec<Arc<str>>,
}

impl Interner {
    /// The number of `s`, adding it on first sight.
    pub fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        let a: Arc<str> = s.into();
        self.names.push(Arc::clone(&a));
        self.ids.insert(a, i);
        i
    }

    #[must_use]
    pub fn get(&self, i: u32) -> &str {
        self.names.get(i as usize).map_or("", |s| s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_pack_exactly() {
        for s in [
            "SY240301000001",
            "202403010810320001",
            "0",
            "007",
            "7",
            "a-Z",
            "123456789012345678901",
        ] {
            let v = pack_id(s).unwrap();
            assert_eq!(unpack_id(v), s);
            assert_eq!(Id::new(s).text(), s);
        }
        // Leading zeros and case are kept apart.
        assert_ne!(pack_id("007"), pack_id("7"));
        assert_ne!(pack_id("ab"), pack_id("AB"));
        for s in ["", "工单1", "1234567890123456789012", "a b", "a_b"] {
            assert_eq!(pack_id(s), None, "{s}");
            assert_eq!(Id::new(s).text(), s);
        }
        assert_eq!(std::mem::size_of::<Id>(), 24);
    }

    #[test]
    fn digits_pack_exactly() {
        for s in [
            "13812345678",
            "0739515122*",
            "12345",
            "****1234",
            "0000000000000000",
        ] {
            assert_eq!(unpack_digits(pack_digits(s).unwrap()), s);
        }
        assert_ne!(pack_digits("0"), pack_digits("00"));
        assert_eq!(pack_digits("12345678901234567"), None);
        assert_eq!(pack_digits("12a"), None);
    }

    #[test]
    fn times_round_trip() {
        let t = crate::input::datetime::parse("2024-03-01 08:10:32").unwrap();
        assert_eq!(from_seconds(seconds(t).unwrap()), Some(t));
        let f = crate::input::datetime::parse("2024-03-01 08:10:32.5").unwrap();
        assert_eq!(seconds(f), None);
    }

    #[test]
    fn interner_keeps_one_copy() {
        let mut i = Interner::default();
        let a = i.intern("市城管局");
        let b = i.intern("市水务局");
        assert_eq!(i.intern("市城管局"), a);
        assert_ne!(a, b);
        assert_eq!(i.get(b), "市水务局");
    }

    #[test]
    fn id_set_finds_what_was_pushed_once_sealed() {
        let mut set = IdSet::default();
        for id in ["SY2403010002", "SY2403010001", "工单-甲", "SY2403010002"] {
            set.push(Id::new(id));
        }
        set.seal();
        assert!(set.contains(&Id::new("SY2403010001")));
        assert!(
            set.contains(&Id::new("工单-甲")),
            "an id that does not pack"
        );
        assert!(!set.contains(&Id::new("SY2403010003")));
        assert_eq!(set.packed.len() + set.text.len(), 3, "repeats dropped");
        assert_eq!(
            std::mem::size_of_val(&set.packed[0]),
            16,
            "the per-id cost BENCHMARKS.md states"
        );
    }
}

//! A bounded memo of text judgements, shared by the threads of a run.
//!
//! Exports repeat their texts: a flow record carries the closing text of
//! its ticket again, units paste the same reply and the same return reason
//! into hundreds of tickets. A rule's verdict on a text depends only on the
//! text (and the few other cells its classes read), so it is worked out
//! once and looked up afterwards. The key is a 128-bit hash of everything
//! the verdict depends on (two SipHash-1-3 runs with different prefixes),
//! so the memo keeps neither the texts nor a copy of them; the chance that
//! two different inputs share a key is below 2⁻¹⁰⁰ for any export.
//!
//! Memory is bounded: each shard keeps two generations of at most
//! `capacity / SHARDS` entries; when the young one is full it becomes the
//! old one and the previous old one is dropped (an approximate LRU: a hit
//! in the old generation is moved to the young one). The memo never
//! changes a result, only whether it is computed again, so output does not
//! depend on the thread count or on what was evicted.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;

use rustc_hash::FxHashMap;

const SHARDS: usize = 8;

/// A key: the 128-bit hash of what a verdict depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key(u64, u64);

/// Builds a [`Key`] from parts, in order.
pub struct KeyBuilder(DefaultHasher, DefaultHasher);

impl Default for KeyBuilder {
    fn default() -> Self {
        let a = DefaultHasher::new();
        let mut b = DefaultHasher::new();
        // A different prefix makes the second hash independent of the first.
        b.write_u64(0x9e37_79b9_7f4a_7c15);
        KeyBuilder(a, b)
    }
}

impl KeyBuilder {
    /// Add one part (a text, a flag); parts are delimited, so ("ab", "c")
    /// and ("a", "bc") differ.
    pub fn add<T: Hash + ?Sized>(&mut self, part: &T) -> &mut Self {
        part.hash(&mut self.0);
        part.hash(&mut self.1);
        self
    }

    #[must_use]
    pub fn key(&self) -> Key {
        Key(self.0.finish(), self.1.finish())
    }
}

struct Generations<V> {
    young: FxHashMap<Key, V>,
    old: FxHashMap<Key, V>,
}

/// Verdicts by key, at most `capacity` of them (roughly; see the module).
pub struct Memo<V> {
    shards: Vec<Mutex<Generations<V>>>,
    per_shard: usize,
}

impl<V> std::fmt::Debug for Memo<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Memo")
            .field("capacity", &(self.per_shard * SHARDS))
            .finish_non_exhaustive()
    }
}

impl<V: Clone> Memo<V> {
    #[must_use]
    pub fn new(capacity: usize) -> Memo<V> {
        Memo {
            shards: (0..SHARDS)
                .map(|_| {
                    Mutex::new(Generations {
                        young: FxHashMap::default(),
                        old: FxHashMap::default(),
                    })
                })
                .collect(),
            per_shard: (capacity / SHARDS).max(1),
        }
    }

    fn shard(&self, key: Key) -> &Mutex<Generations<V>> {
        // The low bits of a SipHash output are as good as any.
        #[allow(clippy::cast_possible_truncation)]
        let i = (key.0 as usize) % SHARDS;
        &self.shards[i]
    }

    /// The verdict stored under `key`, if any.
    #[must_use]
    pub fn get(&self, key: Key) -> Option<V> {
        // A poisoned shard (a panic elsewhere while it was held) is only a
        // cache: read past the poison.
        let mut g = self
            .shard(key)
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(v) = g.young.get(&key) {
            return Some(v.clone());
        }
        let v = g.old.remove(&key)?;
        let out = v.clone();
        Self::put(&mut g, key, v, self.per_shard);
        Some(out)
    }

    /// Store a verdict.
    pub fn insert(&self, key: Key, value: V) {
        let mut g = self
            .shard(key)
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Self::put(&mut g, key, value, self.per_shard);
    }

    fn put(g: &mut Generations<V>, key: Key, value: V, per_shard: usize) {
        if g.young.len() >= per_shard {
            g.old = std::mem::take(&mut g.young);
        }
        g.young.insert(key, value);
    }

    /// Entries held now (both generations), for tests.
    #[must_use]
    pub fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| {
                let g = s.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                g.young.len() + g.old.len()
            })
            .sum()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(parts: &[&str]) -> Key {
        let mut b = KeyBuilder::default();
        for p in parts {
            b.add(*p);
        }
        b.key()
    }

    #[test]
    fn parts_are_delimited() {
        assert_ne!(key(&["ab", "c"]), key(&["a", "bc"]));
        assert_eq!(key(&["ab", "c"]), key(&["ab", "c"]));
        assert_ne!(key(&["已办结"]), key(&["已办结", ""]));
    }

    #[test]
    fn remembers_and_forgets_within_its_bound() {
        let memo: Memo<u32> = Memo::new(SHARDS * 4);
        memo.insert(key(&["a"]), 1);
        assert_eq!(memo.get(key(&["a"])), Some(1));
        assert_eq!(memo.get(key(&["b"])), None);
        for i in 0..1000 {
            memo.insert(key(&[&i.to_string()]), i);
        }
        // Two generations of at most 4 entries in each of the shards.
        assert!(memo.len() <= SHARDS * 8, "{} entries", memo.len());
        assert_eq!(memo.get(key(&["999"])), Some(999), "the newest stays");
        assert_eq!(memo.get(key(&["a"])), None, "the oldest went");
    }

    #[test]
    fn a_hit_in_the_old_generation_is_kept() {
        let memo: Memo<u32> = Memo::new(SHARDS);
        // One entry per shard and generation: find two keys of one shard.
        let k0 = key(&["x0"]);
        let same_shard: Vec<Key> = (1..200)
            .map(|i| key(&[&format!("x{i}")]))
            .filter(|k| k.0 as usize % SHARDS == k0.0 as usize % SHARDS)
            .take(2)
            .collect();
        memo.insert(k0, 0);
        memo.insert(same_shard[0], 1); // k0 moves to the old generation
        assert_eq!(memo.get(k0), Some(0)); // …and back to the young one
        memo.insert(same_shard[1], 2); // k0 is old again, not dropped
        assert_eq!(memo.get(k0), Some(0));
    }
}

//! [`IdMap`]: the sync's and the averages' lookups by id, in key order; and
//! [`first_repeat`], the duplicate check of bulk writes.
//!
//! A `BTreeMap` per key and value type built the tree's code and a sort once per
//! pair (`(i64, &Task)`, `((i64, i64), Option<f64>)`, ...): 8 KB of the gzipped wasm
//! module for maps that are built once and read. Here the values stay in a `Vec` in
//! the order they came, and a sorted `Vec` of `(key, position)` finds them: the
//! sort and the search are built once per key type, not per pair.

/// A map from a small `Copy` key (an id, a pair of ids) to values, iterated in key
/// order. Built from an iterator it keeps the last value of a repeated key, as
/// `BTreeMap` does; [`IdMap::insert`] replaces.
#[derive(Debug, Clone)]
pub(crate) struct IdMap<K, V> {
    /// `(key, position in values)`, sorted by key, each key once.
    order: Vec<(K, usize)>,
    values: Vec<V>,
}

impl<K, V> Default for IdMap<K, V> {
    fn default() -> Self {
        IdMap {
            order: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<K: Ord + Copy, V> IdMap<K, V> {
    /// An empty map.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// `Ok(i)`: `key` is at `order[i]`; `Err(i)`: it would go there.
    fn find(&self, key: &K) -> Result<usize, usize> {
        let i = self.order.partition_point(|(k, _)| k < key);
        match self.order.get(i) {
            Some((k, _)) if k == key => Ok(i),
            _ => Err(i),
        }
    }

    /// Put a new `key` at `order[i]` (where [`IdMap::find`] said); its value's index.
    fn add(&mut self, i: usize, key: K, value: V) -> usize {
        self.order.insert(i, (key, self.values.len()));
        self.values.push(value);
        self.values.len() - 1
    }

    /// The value of `key`.
    pub(crate) fn get(&self, key: &K) -> Option<&V> {
        let i = self.find(key).ok()?;
        self.values.get(self.order[i].1)
    }

    /// Whether `key` has a value.
    pub(crate) fn contains(&self, key: &K) -> bool {
        self.find(key).is_ok()
    }

    /// Set `key` to `value`; true when the key is new.
    pub(crate) fn insert(&mut self, key: K, value: V) -> bool {
        match self.find(&key) {
            Ok(i) => {
                self.values[self.order[i].1] = value;
                false
            }
            Err(i) => {
                self.add(i, key, value);
                true
            }
        }
    }

    /// The value of `key`, made by `make` first if there is none.
    pub(crate) fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        let at = match self.find(&key) {
            Ok(i) => self.order[i].1,
            Err(i) => self.add(i, key, make()),
        };
        &mut self.values[at]
    }

    /// Keys and values, in key order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (K, &V)> + '_ {
        self.order.iter().map(|&(k, at)| (k, &self.values[at]))
    }

    /// Keys and values, in key order.
    pub(crate) fn into_pairs(self) -> impl Iterator<Item = (K, V)> {
        let mut slots: Vec<Option<V>> = self.values.into_iter().map(Some).collect();
        self.order
            .into_iter()
            .filter_map(move |(k, at)| Some((k, slots.get_mut(at)?.take()?)))
    }

    /// The values, in key order.
    pub(crate) fn into_values(self) -> impl Iterator<Item = V> {
        self.into_pairs().map(|(_, v)| v)
    }
}

impl<K: Ord + Copy, V> FromIterator<(K, V)> for IdMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        let mut map = IdMap::new();
        for (k, v) in pairs {
            map.order.push((k, map.values.len()));
            map.values.push(v);
        }
        // A repeated key's entries stay in the order they came; the last is kept.
        sort_positions(&mut map.order);
        map.order.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                *kept = *later;
            }
            same
        });
        map
    }
}

/// Sort `(key, position)` pairs by key, stably, for [`IdMap`] and [`first_repeat`].
fn sort_positions<K: Ord + Copy>(order: &mut Vec<(K, usize)>) {
    let sorted = sorted_indices(order.len(), &|a, b| order[a].0.cmp(&order[b].0));
    *order = sorted.into_iter().map(|i| order[i]).collect();
}

/// `0..len` sorted stably by `cmp`: one sort in the program, where a sort per key
/// type was 1 to 2 KB of the wasm module each.
pub(crate) fn sorted_indices(
    len: usize,
    cmp: &dyn Fn(usize, usize) -> std::cmp::Ordering,
) -> Vec<usize> {
    let mut indices: Vec<usize> = (0..len).collect();
    indices.sort_by(|a, b| cmp(*a, *b));
    indices
}

/// The first position whose key came earlier in `keys` (where a loop inserting into
/// a `HashSet` would stop), or `None` when every key is distinct. Callers check
/// each item in order and report the repeat when they reach this position, so the
/// first error in the list is still the one reported.
pub(crate) fn first_repeat<K: Ord + Copy>(keys: impl IntoIterator<Item = K>) -> Option<usize> {
    let mut order: Vec<(K, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
    sort_positions(&mut order);
    order
        .windows(2)
        .filter(|w| w[0].0 == w[1].0)
        .map(|w| w[1].1)
        .min()
}

#[cfg(test)]
mod tests {
    use super::{first_repeat, IdMap};

    #[test]
    fn first_repeat_is_where_a_hash_set_would_stop() {
        let at = |keys: &[i64]| {
            let mut seen = std::collections::HashSet::new();
            keys.iter().position(|k| !seen.insert(*k))
        };
        for keys in [
            &[][..],
            &[1],
            &[1, 2, 3],
            &[1, 1],
            &[3, 1, 2, 1, 3],
            &[5, 4, 5, 4],
            &[9, 8, 7, 8, 9, 9],
        ] {
            assert_eq!(first_repeat(keys.iter().copied()), at(keys), "{keys:?}");
        }
    }
    use std::collections::BTreeMap;

    #[test]
    fn reads_as_a_btree_map_does() {
        let pairs = [(5, "e"), (1, "a"), (3, "c"), (1, "z"), (9, "i"), (3, "y")];
        let ours: IdMap<i64, &str> = pairs.iter().copied().collect();
        let theirs: BTreeMap<i64, &str> = pairs.iter().copied().collect();
        assert_eq!(
            ours.iter().map(|(k, v)| (k, *v)).collect::<Vec<_>>(),
            theirs.iter().map(|(k, v)| (*k, *v)).collect::<Vec<_>>()
        );
        for k in 0..11 {
            assert_eq!(ours.get(&k), theirs.get(&k), "{k}");
            assert_eq!(ours.contains(&k), theirs.contains_key(&k));
        }
        assert_eq!(
            ours.into_values().collect::<Vec<_>>(),
            theirs.into_values().collect::<Vec<_>>()
        );
    }

    #[test]
    fn inserts_in_key_order_and_replaces() {
        let mut m: IdMap<(i64, i64), u32> = IdMap::new();
        assert!(m.insert((2, 1), 10));
        assert!(m.insert((1, 5), 20));
        assert!(!m.insert((2, 1), 30));
        *m.get_or_insert_with((1, 0), || 40) += 1;
        *m.get_or_insert_with((1, 5), || 99) += 1;
        assert_eq!(
            m.iter().collect::<Vec<_>>(),
            vec![((1, 0), &41), ((1, 5), &21), ((2, 1), &30)]
        );
        assert_eq!(
            m.clone().into_pairs().collect::<Vec<_>>(),
            vec![((1, 0), 41), ((1, 5), 21), ((2, 1), 30)]
        );
        assert_eq!(m.into_values().collect::<Vec<_>>(), vec![41, 21, 30]);
    }
}

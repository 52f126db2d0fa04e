//! [`Map`]: the maps of the public models and results (attendance by date,
//! Blackboard's `optionalData`, [`FieldErrors`](crate::FieldErrors), the sync's
//! people and sections), kept as one sorted `Vec` of pairs.
//!
//! These maps are built once (read from an answer, or collected) and then read or
//! written out whole. `BTreeMap` built its node code (insert with splits, removal
//! with merges, iterators, drop and clone of a tree) once per key and value type:
//! about 10 KB of the gzipped wasm module for a dozen maps. A sorted `Vec` needs a
//! binary search and a sort. The order and the answers are `BTreeMap`'s: iterated
//! in key order, each key once, the last value kept when a key comes twice, written
//! and read as a JSON object; `From` converts both ways.
//!
//! Written here rather than taken from `litemap` (also a sorted `Vec`): the Python,
//! JSON Schema and serde faces must be this crate's own impls (pyo3's and
//! schemars' traits cannot be implemented for another crate's type), and litemap's
//! reader also takes a list of pairs, which `BTreeMap` refuses.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A map in key order, each key once: `BTreeMap`'s behaviour over a sorted `Vec`
/// of `(key, value)` pairs (the module says why). Written and read as a JSON
/// object.
///
/// ```
/// use gradebridge::Map;
///
/// let mut m: Map<String, i64> = [("b".to_string(), 2), ("a".to_string(), 1)].into();
/// m.insert("b".to_string(), 3);
/// assert_eq!(m.get("b"), Some(&3));
/// assert_eq!(m.keys().collect::<Vec<_>>(), ["a", "b"]);
/// assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"a":1,"b":3}"#);
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Map<K, V> {
    /// Sorted by key, each key once.
    pairs: Vec<(K, V)>,
}

impl<K, V> Default for Map<K, V> {
    fn default() -> Self {
        Map { pairs: Vec::new() }
    }
}

impl<K, V> Map<K, V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there are no keys.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Keys and values, in key order.
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter(self.pairs.iter())
    }

    /// Keys and values, in key order, the values mutable.
    pub fn iter_mut(
        &mut self,
    ) -> impl DoubleEndedIterator<Item = (&K, &mut V)> + ExactSizeIterator {
        self.pairs.iter_mut().map(|(k, v)| (&*k, v))
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator {
        self.pairs.iter().map(|(k, _)| k)
    }

    /// The values, in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.pairs.iter().map(|(_, v)| v)
    }

    /// The values, in key order, mutable.
    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> + ExactSizeIterator {
        self.pairs.iter_mut().map(|(_, v)| v)
    }

    /// The values, in key order.
    pub fn into_values(self) -> impl DoubleEndedIterator<Item = V> + ExactSizeIterator {
        self.pairs.into_iter().map(|(_, v)| v)
    }

    /// The keys, in order.
    pub fn into_keys(self) -> impl DoubleEndedIterator<Item = K> + ExactSizeIterator {
        self.pairs.into_iter().map(|(k, _)| k)
    }

    /// The first key in order and its value.
    pub fn first_key_value(&self) -> Option<(&K, &V)> {
        self.pairs.first().map(|(k, v)| (k, v))
    }

    /// The last key in order and its value.
    pub fn last_key_value(&self) -> Option<(&K, &V)> {
        self.pairs.last().map(|(k, v)| (k, v))
    }

    /// Remove every key.
    pub fn clear(&mut self) {
        self.pairs.clear()
    }

    /// Keep the pairs for which `keep` says true.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.pairs.retain_mut(|(k, v)| keep(k, v))
    }
}

impl<K: Ord, V> Map<K, V> {
    /// `Ok(i)`: `key` is at `pairs[i]`; `Err(i)`: it would go there.
    fn find<Q>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.pairs.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    /// The value of `key`.
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let i = self.find(key).ok()?;
        self.pairs.get(i).map(|(_, v)| v)
    }

    /// The key as stored and its value.
    pub fn get_key_value<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let i = self.find(key).ok()?;
        self.pairs.get(i).map(|(k, v)| (k, v))
    }

    /// The value of `key`, mutable.
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let i = self.find(key).ok()?;
        self.pairs.get_mut(i).map(|(_, v)| v)
    }

    /// Whether `key` has a value.
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(key).is_ok()
    }

    /// Set `key` to `value`; the value it had, if any.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.pairs[i].1, value)),
            Err(i) => {
                self.pairs.insert(i, (key, value));
                None
            }
        }
    }

    /// The value of `key`, made by `make` first if there is none (`BTreeMap`'s
    /// `entry(key).or_insert_with(make)`).
    pub fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        let i = match self.find(&key) {
            Ok(i) => i,
            Err(i) => {
                self.pairs.insert(i, (key, make()));
                i
            }
        };
        &mut self.pairs[i].1
    }

    /// Take `key` out; its value, if it had one.
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let i = self.find(key).ok()?;
        Some(self.pairs.remove(i).1)
    }

    /// Pairs in any order, repeated keys included, as a map: sorted by key (stable),
    /// the last value of a repeated key kept, as `BTreeMap` does.
    fn from_pairs(mut pairs: Vec<(K, V)>) -> Self {
        if !pairs.windows(2).all(|w| w[0].0 < w[1].0) {
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            pairs.dedup_by(|later, kept| {
                let same = later.0 == kept.0;
                if same {
                    std::mem::swap(later, kept);
                }
                same
            });
        }
        Map { pairs }
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for Map<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for Map<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        Self::from_pairs(pairs.into_iter().collect())
    }
}

impl<K: Ord, V> Extend<(K, V)> for Map<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, pairs: I) {
        let mut all = std::mem::take(&mut self.pairs);
        all.extend(pairs);
        *self = Self::from_pairs(all);
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for Map<K, V> {
    fn from(pairs: [(K, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}

impl<K: Ord, V> From<BTreeMap<K, V>> for Map<K, V> {
    fn from(map: BTreeMap<K, V>) -> Self {
        Map {
            pairs: map.into_iter().collect(),
        }
    }
}

impl<K: Ord, V> From<Map<K, V>> for BTreeMap<K, V> {
    fn from(map: Map<K, V>) -> Self {
        map.pairs.into_iter().collect()
    }
}

impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for Map<K, V> {
    type Output = V;

    /// The value of `key`; panics if there is none, as `BTreeMap` does.
    fn index(&self, key: &Q) -> &V {
        #[allow(clippy::expect_used)]
        self.get(key).expect("no entry found for key")
    }
}

/// A [`Map`]'s pairs, in key order.
#[derive(Clone, Debug)]
pub struct Iter<'a, K, V>(std::slice::Iter<'a, (K, V)>);

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k, v))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<K, V> DoubleEndedIterator for Iter<'_, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(k, v)| (k, v))
    }
}

impl<K, V> ExactSizeIterator for Iter<'_, K, V> {}

impl<'a, K, V> IntoIterator for &'a Map<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;
    fn into_iter(self) -> Iter<'a, K, V> {
        self.iter()
    }
}

impl<K, V> IntoIterator for Map<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;
    /// The pairs, in key order.
    fn into_iter(self) -> Self::IntoIter {
        self.pairs.into_iter()
    }
}

impl<K: Serialize, V: Serialize> Serialize for Map<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (k, v) in &self.pairs {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, K, V> Deserialize<'de> for Map<K, V>
where
    K: Deserialize<'de> + Ord,
    V: Deserialize<'de>,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Pairs<K, V>(PhantomData<(K, V)>);
        impl<'de, K, V> Visitor<'de> for Pairs<K, V>
        where
            K: Deserialize<'de> + Ord,
            V: Deserialize<'de>,
        {
            type Value = Map<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // BTreeMap's word, so a refusal reads as it did.
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = access.next_entry()? {
                    pairs.push(pair);
                }
                Ok(Map::from_pairs(pairs))
            }
        }
        deserializer.deserialize_map(Pairs(PhantomData))
    }
}

#[cfg(feature = "schema")]
impl<K: schemars::JsonSchema, V: schemars::JsonSchema> schemars::JsonSchema for Map<K, V> {
    fn inline_schema() -> bool {
        BTreeMap::<K, V>::inline_schema()
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        BTreeMap::<K, V>::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        BTreeMap::<K, V>::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        BTreeMap::<K, V>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(pairs: &[(&str, i64)]) -> (Map<String, i64>, BTreeMap<String, i64>) {
        let owned = || pairs.iter().map(|&(k, v)| (k.to_string(), v));
        (owned().collect(), owned().collect())
    }

    #[test]
    fn answers_as_btreemap_does() {
        for pairs in [
            &[][..],
            &[("a", 1)],
            &[("b", 2), ("a", 1), ("c", 3)],
            &[("a", 1), ("b", 2), ("a", 3), ("a", 4), ("c", 5), ("b", 6)],
            &[("z", 1), ("z", 2)],
        ] {
            let (mut m, mut b) = both(pairs);
            assert_eq!(m.iter().collect::<Vec<_>>(), b.iter().collect::<Vec<_>>());
            assert_eq!(m.len(), b.len());
            assert_eq!(format!("{m:?}"), format!("{b:?}"));
            assert_eq!(
                serde_json::to_string(&m).unwrap(),
                serde_json::to_string(&b).unwrap()
            );
            for key in ["a", "b", "c", "d"] {
                assert_eq!(m.get(key), b.get(key));
                assert_eq!(m.contains_key(key), b.contains_key(key));
            }
            assert_eq!(m.insert("b".into(), 9), b.insert("b".into(), 9));
            assert_eq!(m.insert("0".into(), 8), b.insert("0".into(), 8));
            assert_eq!(m.remove("a"), b.remove("a"));
            assert_eq!(m.remove("q"), b.remove("q"));
            *m.get_or_insert_with("e".into(), || 0) += 1;
            *b.entry("e".into()).or_insert_with(|| 0) += 1;
            *m.get_or_insert_with("e".into(), || 0) += 1;
            *b.entry("e".into()).or_insert_with(|| 0) += 1;
            m.extend([("d".to_string(), 4), ("0".to_string(), 7)]);
            b.extend([("d".to_string(), 4), ("0".to_string(), 7)]);
            assert_eq!(BTreeMap::from(m.clone()), b);
            assert_eq!(Map::from(b.clone()), m);
        }
    }

    #[test]
    fn reads_as_btreemap_does() {
        for text in [
            r#"{}"#,
            r#"{"b": 2, "a": 1}"#,
            r#"{"a": 1, "a": 2, "b": 3, "a": 4}"#,
            r#"[["a", 1]]"#,
            r#"{"a": "x"}"#,
            r#"null"#,
        ] {
            let ours = serde_json::from_str::<Map<String, i64>>(text)
                .map(|m| m.into_iter().collect::<Vec<_>>())
                .map_err(|e| e.to_string());
            let theirs = serde_json::from_str::<BTreeMap<String, i64>>(text)
                .map(|m| m.into_iter().collect::<Vec<_>>())
                .map_err(|e| e.to_string());
            assert_eq!(ours, theirs, "{text}");
        }
        let ids: Map<i64, String> = serde_json::from_str(r#"{"20": "b", "3": "a"}"#).unwrap();
        assert_eq!(ids.keys().collect::<Vec<_>>(), [&3, &20]);
    }
}

//! Values a client makes on first use and keeps: one per operation or per
//! request path (target headers, paths, URLs).

use std::sync::{PoisonError, RwLock};

/// A few values by key, made on first use. The search is linear: there are
/// as many entries as operations called, and reading one takes a read lock.
pub(crate) struct Memo<K, V>(RwLock<Vec<(K, V)>>);

impl<K: PartialEq + Clone, V: Clone> Memo<K, V> {
    pub(crate) fn new() -> Self {
        Memo(RwLock::new(Vec::new()))
    }

    /// The value for `key`, made by `make` (and kept) the first time.
    pub(crate) fn get_or_insert(&self, key: &K, make: impl FnOnce() -> V) -> V {
        match self.get_or_try_insert(key, || Ok::<V, std::convert::Infallible>(make())) {
            Ok(value) => value,
        }
    }

    /// [`get_or_insert`](Self::get_or_insert) for a `make` that can fail
    /// (nothing is kept then).
    pub(crate) fn get_or_try_insert<E>(&self, key: &K, make: impl FnOnce() -> Result<V, E>) -> Result<V, E> {
        let lookup = |all: &[(K, V)]| all.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        // A poisoned lock only means a thread panicked while holding it; the entries are whole.
        if let Some(v) = lookup(&self.0.read().unwrap_or_else(PoisonError::into_inner)) {
            return Ok(v);
        }
        let value = make()?;
        let mut all = self.0.write().unwrap_or_else(PoisonError::into_inner);
        if lookup(&all).is_none() {
            all.push((key.clone(), value.clone()));
        }
        Ok(value)
    }
}

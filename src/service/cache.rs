//! Recent results, so that a shared result link or a reload does not fetch the page again.

use crate::validate::PageReport;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A result and when it was checked.
#[derive(Debug, Clone)]
pub struct Checked {
    pub report: PageReport,
    /// When the page was checked (UTC, RFC 3339).
    pub at: String,
    /// Served from the cache rather than checked for this request.
    pub cached: bool,
}

/// Results by key for `ttl`, at most `max` of them.
pub struct Cache<K> {
    entries: Mutex<HashMap<K, (Instant, Arc<Checked>)>>,
    ttl: Duration,
    max: usize,
}

impl<K: Hash + Eq> Cache<K> {
    pub fn new(ttl: Duration, max: usize) -> Cache<K> {
        Cache {
            entries: Mutex::new(HashMap::new()),
            ttl,
            max,
        }
    }

    pub fn get(&self, key: &K, now: Instant) -> Option<Arc<Checked>> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries
            .get(key)
            .filter(|(at, _)| now.saturating_duration_since(*at) < self.ttl)
            .map(|(_, c)| Arc::clone(c))
    }

    pub fn put(&self, key: K, checked: Arc<Checked>, now: Instant) {
        if self.ttl.is_zero() {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= self.max {
            let ttl = self.ttl;
            entries.retain(|_, (at, _)| now.saturating_duration_since(*at) < ttl);
            if entries.len() >= self.max {
                // Still full of fresh results: forget them all rather than grow.
                entries.clear();
            }
        }
        entries.insert(key, (now, checked));
    }
}

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

/// Screenshots of recent results, beside the cache: as long-lived as the results, and
/// bounded in bytes (a full-page picture can take megabytes), the oldest dropped first.
pub struct Pictures<K> {
    held: Mutex<Held<K>>,
    ttl: Duration,
    max_bytes: usize,
}

struct Held<K> {
    pictures: std::collections::VecDeque<(K, Instant, Arc<Vec<u8>>)>,
    bytes: usize,
}

impl<K: Eq> Pictures<K> {
    pub fn new(ttl: Duration, max_bytes: usize) -> Pictures<K> {
        Pictures {
            held: Mutex::new(Held {
                pictures: Default::default(),
                bytes: 0,
            }),
            ttl,
            max_bytes,
        }
    }

    pub fn get(&self, key: &K, now: Instant) -> Option<Arc<Vec<u8>>> {
        let held = self.held.lock().unwrap_or_else(|p| p.into_inner());
        held.pictures
            .iter()
            .rev()
            .find(|(k, at, _)| k == key && now.saturating_duration_since(*at) < self.ttl)
            .map(|(_, _, p)| Arc::clone(p))
    }

    pub fn put(&self, key: K, picture: Arc<Vec<u8>>, now: Instant) {
        if self.ttl.is_zero() || picture.len() > self.max_bytes {
            return;
        }
        let mut held = self.held.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(i) = held.pictures.iter().position(|(k, _, _)| *k == key)
            && let Some((_, _, old)) = held.pictures.remove(i)
        {
            held.bytes -= old.len();
        }
        while held.bytes + picture.len() > self.max_bytes {
            let Some((_, _, old)) = held.pictures.pop_front() else {
                break;
            };
            held.bytes -= old.len();
        }
        held.bytes += picture.len();
        held.pictures.push_back((key, now, picture));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_stay_within_their_bytes_oldest_first() {
        let pictures = Pictures::new(Duration::from_secs(60), 10);
        let now = Instant::now();
        pictures.put(1, Arc::new(vec![0; 4]), now);
        pictures.put(2, Arc::new(vec![0; 4]), now);
        pictures.put(3, Arc::new(vec![0; 4]), now);
        assert!(pictures.get(&1, now).is_none());
        assert_eq!(pictures.get(&3, now).map(|p| p.len()), Some(4));
        pictures.put(2, Arc::new(vec![0; 6]), now);
        assert_eq!(pictures.get(&2, now).map(|p| p.len()), Some(6));
        pictures.put(4, Arc::new(vec![0; 11]), now);
        assert!(
            pictures.get(&4, now).is_none(),
            "larger than the whole store"
        );
        assert!(pictures.get(&2, now + Duration::from_secs(61)).is_none());
    }
}

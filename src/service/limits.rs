//! The service's limits: token buckets per client and per target host, and a gate on checks
//! in flight with a short queue. Each says how long to wait when it refuses.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// A limit of `count` per `period`, refilled continuously.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub count: u32,
    pub period: Duration,
}

/// Token buckets per key, for one or more rates at once (per minute and per hour): a request
/// passes only if every rate has a token.
pub struct RateLimiter<K> {
    rates: Vec<Rate>,
    buckets: Mutex<HashMap<K, Vec<(f64, Instant)>>>,
    /// Keys kept at most: when the table is full, idle (full) buckets are dropped first, then
    /// the least recently used tenth. A newcomer is never refused for the table's sake: a
    /// flood of new addresses must not lock every new client out.
    max_keys: usize,
}

impl<K: Hash + Eq + Clone> RateLimiter<K> {
    pub fn new(rates: Vec<Rate>, max_keys: usize) -> RateLimiter<K> {
        RateLimiter {
            rates,
            buckets: Mutex::new(HashMap::new()),
            max_keys,
        }
    }

    /// Returns the token `take` just spent for `key`: another limit refused the request, and
    /// a refused request costs nothing. (A bucket dropped meanwhile is full again anyway.)
    pub fn give_back(&self, key: &K) {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(bucket) = buckets.get_mut(key) {
            for (rate, (tokens, _)) in self.rates.iter().zip(bucket.iter_mut()) {
                *tokens = (*tokens + 1.0).min(f64::from(rate.count));
            }
        }
    }

    /// Takes a token for `key`, or says how long until one is free (spending nothing then).
    pub fn take(&self, key: &K, now: Instant) -> Result<(), Duration> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let known = buckets.get(key).cloned();
        let mut bucket = known.unwrap_or_else(|| {
            self.rates
                .iter()
                .map(|r| (f64::from(r.count), now))
                .collect()
        });
        let mut wait = Duration::ZERO;
        for (rate, (tokens, last)) in self.rates.iter().zip(bucket.iter_mut()) {
            *tokens = rate.refill(*tokens, *last, now);
            *last = now;
            if *tokens < 1.0 {
                wait = wait.max(Duration::from_secs_f64((1.0 - *tokens) / rate.per_sec()));
            }
        }
        if wait > Duration::ZERO {
            return Err(wait);
        }
        for (tokens, _) in bucket.iter_mut() {
            *tokens -= 1.0;
        }
        if !buckets.contains_key(key) && buckets.len() >= self.max_keys {
            self.make_room(&mut buckets, now);
        }
        buckets.insert(key.clone(), bucket);
        Ok(())
    }

    /// Drops the idle buckets, and if that is not enough the least recently used tenth of
    /// the table (at least one): a flood costs the oldest entries, never a refusal.
    fn make_room(&self, buckets: &mut HashMap<K, Vec<(f64, Instant)>>, now: Instant) {
        let rates = &self.rates;
        buckets.retain(|_, b| !is_full(rates, b, now));
        if buckets.len() < self.max_keys {
            return;
        }
        let mut used: Vec<Instant> = buckets.values().map(|b| last_used(b)).collect();
        let drop = (self.max_keys / 10).max(1).min(used.len());
        let (_, cutoff, _) = used.select_nth_unstable(drop - 1);
        let cutoff = *cutoff;
        let mut dropped = 0;
        buckets.retain(|_, b| {
            let keep = dropped >= drop || last_used(b) > cutoff;
            dropped += usize::from(!keep);
            keep
        });
    }
}

fn last_used(bucket: &[(f64, Instant)]) -> Instant {
    bucket
        .iter()
        .map(|(_, last)| *last)
        .max()
        .unwrap_or_else(Instant::now)
}

pub use crate::http_server::client_key;

fn is_full(rates: &[Rate], bucket: &[(f64, Instant)], now: Instant) -> bool {
    rates
        .iter()
        .zip(bucket)
        .all(|(rate, (tokens, last))| rate.refill(*tokens, *last, now) >= f64::from(rate.count))
}

impl Rate {
    fn per_sec(self) -> f64 {
        f64::from(self.count) / self.period.as_secs_f64()
    }

    /// The tokens of a bucket that held `tokens` at `last`, refilled until `now`.
    fn refill(self, tokens: f64, last: Instant, now: Instant) -> f64 {
        let refilled = tokens + now.saturating_duration_since(last).as_secs_f64() * self.per_sec();
        refilled.min(f64::from(self.count))
    }
}

/// Checks in flight, at most `slots`, with at most `queue` more waiting.
pub struct Gate {
    slots: std::sync::Arc<Semaphore>,
    waiting: AtomicUsize,
    queue: usize,
    /// How long a queued check waits before it is refused after all.
    patience: Duration,
}

/// The gate was full: come back later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Full;

impl Gate {
    pub fn new(slots: usize, queue: usize, patience: Duration) -> Gate {
        Gate {
            slots: std::sync::Arc::new(Semaphore::new(slots.max(1))),
            waiting: AtomicUsize::new(0),
            queue,
            patience,
        }
    }

    /// A place among the checks in flight, waiting in the queue if there is room in it.
    pub async fn enter(&self) -> Result<OwnedSemaphorePermit, Full> {
        if let Ok(permit) = self.slots.clone().try_acquire_owned() {
            return Ok(permit);
        }
        let waiting = self.waiting.fetch_add(1, Ordering::SeqCst);
        let result = if waiting >= self.queue {
            Err(Full)
        } else {
            match tokio::time::timeout(self.patience, self.slots.clone().acquire_owned()).await {
                Ok(Ok(permit)) => Ok(permit),
                _ => Err(Full),
            }
        };
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        result
    }

    /// Checks waiting now (a moment's count: one may be leaving).
    pub fn queued(&self) -> usize {
        self.waiting.load(Ordering::SeqCst).min(self.queue)
    }

    /// Checks running now.
    pub fn in_flight(&self, slots: usize) -> usize {
        slots.saturating_sub(self.slots.available_permits())
    }

    /// Closes the gate: queued and new checks are refused, running ones finish.
    pub fn close(&self) {
        self.slots.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_refill_and_say_how_long_to_wait() {
        let limiter = RateLimiter::new(
            vec![
                Rate {
                    count: 2,
                    period: Duration::from_secs(60),
                },
                Rate {
                    count: 3,
                    period: Duration::from_secs(3600),
                },
            ],
            10,
        );
        let t = Instant::now();
        assert!(limiter.take(&"a", t).is_ok());
        assert!(limiter.take(&"a", t).is_ok());
        let wait = limiter.take(&"a", t).unwrap_err();
        assert!(
            wait > Duration::from_secs(29) && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
        // Another client is not affected.
        assert!(limiter.take(&"b", t).is_ok());
        // After half a minute one token is back for the minute, and the hour has one left.
        assert!(limiter.take(&"a", t + Duration::from_secs(30)).is_ok());
        // The hour's bucket is now empty.
        let wait = limiter
            .take(&"a", t + Duration::from_secs(120))
            .unwrap_err();
        assert!(wait > Duration::from_secs(600), "{wait:?}");
    }

    #[test]
    fn a_flood_of_new_keys_never_locks_a_newcomer_out() {
        let limiter = RateLimiter::new(
            vec![Rate {
                count: 1,
                period: Duration::from_secs(3600),
            }],
            100,
        );
        let t = Instant::now();
        // A flood of distinct keys, each left busy (its one token spent), then a newcomer.
        for i in 0..1_005u32 {
            assert!(limiter.take(&i, t).is_ok(), "key {i} was refused");
        }
        assert!(
            limiter.take(&1_000_000, t).is_ok(),
            "a fresh client is served"
        );
        let kept = limiter.buckets.lock().unwrap().len();
        assert!(kept <= 100, "memory stays bounded: {kept} keys");
        // The most recent keys are the ones kept: the last flooder is still limited.
        assert!(limiter.take(&1_000_000, t).is_err());
    }

    #[test]
    fn a_token_given_back_can_be_taken_again_and_never_more_than_the_rate() {
        let limiter = RateLimiter::new(
            vec![Rate {
                count: 1,
                period: Duration::from_secs(60),
            }],
            10,
        );
        let t = Instant::now();
        assert!(limiter.take(&"a", t).is_ok());
        assert!(limiter.take(&"a", t).is_err());
        limiter.give_back(&"a");
        assert!(limiter.take(&"a", t).is_ok());
        // Given back twice, still one token: a bucket never holds more than its rate.
        limiter.give_back(&"a");
        limiter.give_back(&"a");
        assert!(limiter.take(&"a", t).is_ok());
        assert!(limiter.take(&"a", t).is_err());
    }

    #[test]
    fn clients_are_keyed_by_ipv4_or_ipv6_64() {
        let key = |s: &str| client_key(s.parse().unwrap()).to_string();
        assert_eq!(key("203.0.113.7"), "203.0.113.7");
        assert_eq!(key("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::");
        assert_eq!(key("2001:db8:1:2:ffff:ffff:ffff:ffff"), "2001:db8:1:2::");
        assert_ne!(key("2001:db8:1:3::1"), key("2001:db8:1:2::1"));
    }

    #[tokio::test]
    async fn the_gate_queues_a_few_and_refuses_the_rest() {
        let gate = Gate::new(1, 1, Duration::from_secs(60));
        let first = gate.enter().await.unwrap();
        let gate = std::sync::Arc::new(gate);
        let queued = {
            let gate = gate.clone();
            tokio::spawn(async move { gate.enter().await.is_ok() })
        };
        // Wait for the event: the second check is in the queue.
        while gate.queued() < 1 {
            tokio::task::yield_now().await;
        }
        assert_eq!(gate.enter().await.unwrap_err(), Full, "the queue holds one");
        drop(first);
        assert!(
            queued.await.unwrap(),
            "the queued check got the freed place"
        );
    }
}

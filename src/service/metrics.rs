//! The service's counters, in the Prometheus text format at `/metrics`.

use crate::validate::Verdict;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds of the duration histograms, in seconds.
const BUCKETS: [f64; 11] = [0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0];

/// Why a check was not run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    RateLimited,
    HostLimited,
    QueueFull,
    Invalid,
}

#[derive(Default)]
struct Histogram {
    counts: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    /// Microseconds, so that the sum stays an integer.
    sum_micros: AtomicU64,
}

impl Histogram {
    fn observe(&self, d: Duration) {
        let secs = d.as_secs_f64();
        for (bound, count) in BUCKETS.iter().zip(&self.counts) {
            if secs <= *bound {
                count.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(d.as_micros()).unwrap_or(u64::MAX);
        self.sum_micros.fetch_add(micros, Ordering::Relaxed);
    }

    fn render(&self, out: &mut String, name: &str, help: &str) {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} histogram");
        for (bound, count) in BUCKETS.iter().zip(&self.counts) {
            let n = count.load(Ordering::Relaxed);
            let _ = writeln!(out, "{name}_bucket{{le=\"{bound}\"}} {n}");
        }
        let count = self.count.load(Ordering::Relaxed);
        let sum = self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {count}");
        let _ = writeln!(out, "{name}_sum {sum}\n{name}_count {count}");
    }
}

/// Everything `/metrics` reports.
#[derive(Default)]
pub struct Metrics {
    verdicts: [AtomicU64; 3],
    refused: [AtomicU64; 4],
    cache_hits: AtomicU64,
    fetch: Histogram,
    analysis: Histogram,
}

impl Metrics {
    pub fn checked(&self, verdict: Verdict, fetch: Duration, analysis: Duration) {
        let i = match verdict {
            Verdict::Accepted => 0,
            Verdict::Rejected => 1,
            Verdict::Unreachable => 2,
        };
        self.verdicts[i].fetch_add(1, Ordering::Relaxed);
        self.fetch.observe(fetch);
        self.analysis.observe(analysis);
    }

    pub fn refused(&self, why: Refused) {
        self.refused[why as usize].fetch_add(1, Ordering::Relaxed);
    }

    pub fn cache_hit(&self) {
        self.cache_hits.fetch_add(1, Ordering::Relaxed);
    }

    /// The Prometheus text exposition; `in_flight` and `queued` are read from the gate.
    pub fn render(&self, in_flight: usize, queued: usize) -> String {
        let mut out = String::new();
        out.push_str("# HELP lpdir_self_check_checks_total Pages checked, by verdict.\n");
        out.push_str("# TYPE lpdir_self_check_checks_total counter\n");
        for (name, n) in ["accepted", "rejected", "unreachable"]
            .iter()
            .zip(&self.verdicts)
        {
            let n = n.load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "lpdir_self_check_checks_total{{verdict=\"{name}\"}} {n}"
            );
        }
        out.push_str("# HELP lpdir_self_check_refused_total Checks not run, by reason.\n");
        out.push_str("# TYPE lpdir_self_check_refused_total counter\n");
        let reasons = ["rate_limited", "host_limited", "queue_full", "invalid"];
        for (name, n) in reasons.iter().zip(&self.refused) {
            let n = n.load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "lpdir_self_check_refused_total{{reason=\"{name}\"}} {n}"
            );
        }
        let hits = self.cache_hits.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "# HELP lpdir_self_check_cache_hits_total Results served from the cache.\n\
             # TYPE lpdir_self_check_cache_hits_total counter\n\
             lpdir_self_check_cache_hits_total {hits}"
        );
        let _ = writeln!(
            out,
            "# HELP lpdir_self_check_in_flight Checks running now.\n\
             # TYPE lpdir_self_check_in_flight gauge\n\
             lpdir_self_check_in_flight {in_flight}"
        );
        let _ = writeln!(
            out,
            "# HELP lpdir_self_check_queued Checks waiting for a place.\n\
             # TYPE lpdir_self_check_queued gauge\n\
             lpdir_self_check_queued {queued}"
        );
        self.fetch.render(
            &mut out,
            "lpdir_self_check_fetch_seconds",
            "Time to fetch a page.",
        );
        let help = "Time to parse and judge a page.";
        self.analysis
            .render(&mut out, "lpdir_self_check_analysis_seconds", help);
        out
    }
}

/// The renderer's counts: pages rendered, and those the browser failed on (each of them
/// answered "not judged"), with the browser's starts.
pub fn render_renders(out: &mut String, stats: Option<&crate::validate::render::RenderStats>) {
    let Some(stats) = stats else {
        return;
    };
    let counters = [
        ("renders", "Pages rendered by the browser.", &stats.renders),
        (
            "browser_failures",
            "Pages not judged because the browser failed.",
            &stats.failures,
        ),
        (
            "browser_starts",
            "Times the browser was started.",
            &stats.launches,
        ),
    ];
    for (name, help, n) in counters {
        let name = format!("lpdir_self_check_{name}_total");
        let n = n.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "# HELP {name} {help}\n# TYPE {name} counter\n{name} {n}"
        );
    }
}

//! A bounded load test of the self-check service on 127.0.0.1: 2,000 requests from 50
//! concurrent clients, mixing fresh checks, cached results and the form. Every request is
//! answered 200, 429 or 503 within the page timeout, the service keeps serving, and the test
//! process stays within 150 MB. It stops by itself; it asserts no speed.

mod common;

use common::service::{HOSTS, pages, published_site, start};
use common::web::pinned;
use lpdir::config::SelfCheckSettings;
use std::time::Duration;

fn peak_rss_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_requests_from_fifty_clients_are_all_answered() {
    let site = pages();
    let p = site.start().await;
    let f = published_site(p).await;
    let settings = SelfCheckSettings {
        per_minute: 20,
        per_hour: 200,
        per_host_per_minute: 30,
        max_in_flight: 8,
        max_queue: 8,
        ..Default::default()
    };
    let s = start(f.root(), pinned(p, HOSTS), settings).await;
    let timeout = Duration::from_secs(30);
    let client = reqwest::Client::builder()
        .timeout(timeout)
        .pool_max_idle_per_host(64)
        .build()
        .unwrap();
    let paths = ["/microsoft", "/aws", "/friends", "/gone"];
    let mut tasks = tokio::task::JoinSet::new();
    for c in 0..50usize {
        let client = client.clone();
        let (addr, port) = (s.addr, p.port());
        tasks.spawn(async move {
            let mut statuses = Vec::new();
            for i in 0..40usize {
                let path = paths[(c + i) % paths.len()];
                let url = format!("http://www.contoso.com:{port}{path}");
                let response = match i % 3 {
                    0 => {
                        let body = serde_json::json!({"url": url, "partner": "Contoso Learning"});
                        client
                            .post(format!("http://{addr}/api/check"))
                            .json(&body)
                            .send()
                            .await
                    }
                    1 => {
                        let q = url::form_urlencoded::Serializer::new(String::new())
                            .append_pair("partner", "Contoso Learning")
                            .append_pair("url", &url)
                            .append_pair("fresh", if i % 6 == 1 { "1" } else { "" })
                            .finish();
                        client.get(format!("http://{addr}/check?{q}")).send().await
                    }
                    _ => client.get(format!("http://{addr}/")).send().await,
                };
                statuses.push(
                    response
                        .map(|r| r.status().as_u16())
                        .map_err(|e| e.to_string()),
                );
            }
            statuses
        });
    }
    let mut counts = std::collections::BTreeMap::new();
    while let Some(done) = tasks.join_next().await {
        for status in done.unwrap() {
            *counts.entry(status).or_insert(0usize) += 1;
        }
    }
    let total: usize = counts.values().sum();
    assert_eq!(total, 2_000);
    let unexpected: Vec<_> = counts
        .iter()
        .filter(|(s, _)| !matches!(s, Ok(200 | 429 | 503)))
        .collect();
    assert!(unexpected.is_empty(), "{counts:?}");
    assert!(
        counts.get(&Ok(200)).copied().unwrap_or(0) > 500,
        "{counts:?}"
    );
    // Still serving afterwards.
    let health = client
        .get(format!("http://{}/healthz", s.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status().as_u16(), 200);
    let peak = peak_rss_mb();
    assert!(peak <= 150, "peak memory {peak} MB; {counts:?}");
    eprintln!("answers: {counts:?}; peak memory {peak} MB");
}

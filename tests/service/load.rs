//! The self-check service under load and under attack, on 127.0.0.1 only. The whole 127/8
//! block is loopback on Linux, so clients bind distinct source addresses (127.1.x.y) to be
//! distinct clients. Every test is bounded in count and time and stops by itself; none asserts
//! a speed, except that legitimate clients are answered within a second during a flood (the
//! issue's bound; the old server did not answer them for the whole attack).

use crate::common;

use common::service::{HOSTS, Running, pages, published_site, start};
use common::web::{self, pinned};
use lpdir::config::{SelfCheckSettings, ServiceLimits};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

fn peak_rss_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

/// A loopback address of its own for client `n` (127.1.0.1 onwards).
fn client_ip(n: u32) -> IpAddr {
    let n = n + 1;
    IpAddr::V4(Ipv4Addr::new(127, 1, (n >> 8) as u8, (n & 0xff) as u8))
}

async fn connect_from(source: IpAddr, to: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(source, 0))?;
    socket.connect(to).await
}

fn client_from(source: IpAddr) -> reqwest::Client {
    web::http_client()
        .local_address(source)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

fn check_query(pages: SocketAddr, host: &str, partner: &str, fresh: bool) -> String {
    let url = format!("http://{host}:{}/microsoft", pages.port());
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    q.append_pair("partner", partner).append_pair("url", &url);
    if fresh {
        q.append_pair("fresh", "1");
    }
    q.finish()
}

/// One keep-alive connection speaking plain HTTP/1.1, as a reverse proxy does: cheaper per
/// request than a full client, so that tens of thousands of requests fit in a test's time.
struct Keepalive {
    reader: tokio::io::BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
}

impl Keepalive {
    async fn open(source: IpAddr, to: SocketAddr) -> Keepalive {
        let (read, writer) = connect_from(source, to).await.unwrap().into_split();
        Keepalive {
            reader: tokio::io::BufReader::new(read),
            writer,
        }
    }

    /// POSTs `body` to /api/check for the forwarded client; the answer's status.
    async fn post_json(&mut self, forwarded_for: &str, body: &str) -> u16 {
        use tokio::io::AsyncBufReadExt;
        let request = format!(
            "POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: {forwarded_for}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        self.writer.write_all(request.as_bytes()).await.unwrap();
        let mut line = String::new();
        self.reader.read_line(&mut line).await.unwrap();
        let status: u16 = line.split(' ').nth(1).unwrap().parse().unwrap();
        let mut length = 0usize;
        loop {
            line.clear();
            self.reader.read_line(&mut line).await.unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap();
            }
        }
        let mut skipped = vec![0; length];
        self.reader.read_exact(&mut skipped).await.unwrap();
        status
    }
}

/// What a flood from one address achieved.
#[derive(Debug, Default)]
struct Flood {
    /// Connections the server kept open (it read their head and waited for the body).
    held: usize,
    /// Connections answered 429 at once and closed.
    refused: usize,
    /// Held connections answered 408 once their body's time was up.
    timed_out: usize,
}

/// `n` connections from `source`: half send a request head a byte at a time (slowloris), half
/// declare a body and send one byte of it (slow body). Each then waits for the server's
/// answer. `ready` gets a permit once each connection has sent its start.
async fn flood(
    source: IpAddr,
    to: SocketAddr,
    n: usize,
    ready: std::sync::Arc<tokio::sync::Semaphore>,
) -> Flood {
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..n {
        let ready = ready.clone();
        tasks.spawn(async move {
            let connected = connect_from(source, to).await;
            let Ok(mut stream) = connected else {
                ready.add_permits(1);
                return None;
            };
            let start: &[u8] = if i % 2 == 0 {
                b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
            } else {
                b"GET / HTTP/1.1\r\nHost: 127.0"
            };
            let _ = stream.write_all(start).await;
            ready.add_permits(1);
            let mut answer = Vec::new();
            let _ = stream.read_to_end(&mut answer).await;
            Some(String::from_utf8_lossy(&answer).into_owned())
        });
    }
    let mut result = Flood::default();
    while let Some(done) = tasks.join_next().await {
        let Ok(Some(answer)) = done else { continue };
        if answer.starts_with("HTTP/1.1 429") {
            result.refused += 1;
        } else {
            result.held += 1;
            if answer.starts_with("HTTP/1.1 408") {
                result.timed_out += 1;
            }
        }
    }
    result
}

async fn service_for_load(settings: SelfCheckSettings) -> (Running, SocketAddr, common::Fixture) {
    let site = pages();
    let p = site.start().await;
    let f = published_site(p).await;
    let s = start(f.root(), pinned(p, HOSTS), settings).await;
    // Keep the landing server alive as long as the runtime.
    std::mem::forget(site);
    (s, p, f)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_flood_from_one_address_leaves_everyone_else_served() {
    let settings = SelfCheckSettings {
        limits: ServiceLimits {
            per_host_per_minute: 1000,
            max_in_flight: 1,
            max_queue: 0,
            // The flood's slow heads and bodies are cut off after 5 s instead of 10: still
            // far longer than the legitimate clients below need.
            header_timeout: Duration::from_secs(5),
            body_timeout: Duration::from_secs(5),
            ..ServiceLimits::default()
        },
        ..Default::default()
    };
    let (s, p, _f) = service_for_load(settings).await;
    let attacker = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));
    let ready = std::sync::Arc::new(tokio::sync::Semaphore::new(0));
    let flooding = tokio::spawn(flood(attacker, s.addr, 300, ready.clone()));
    // The attacker comes first: every one of its connections is open and has sent its start
    // before anyone else asks.
    ready.acquire_many(300).await.unwrap().forget();
    let mut legit = Vec::new();
    for n in 0..20u32 {
        let client = client_from(client_ip(n));
        for path in [
            "/healthz".to_owned(),
            "/".to_owned(),
            format!(
                "/check?{}",
                check_query(p, "www.contoso.com", "Contoso Learning", false)
            ),
        ] {
            let started = Instant::now();
            let r = client
                .get(format!("http://{}{path}", s.addr))
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            let body = r.text().await.unwrap();
            legit.push((path, status, started.elapsed(), body.len()));
        }
    }
    for (path, status, took, _) in &legit {
        assert_eq!(*status, 200, "{path}");
        assert!(
            *took <= Duration::from_secs(1),
            "{path} took {took:?} during the flood"
        );
    }
    let slowest = legit.iter().map(|l| l.2).max().unwrap();
    let flood = flooding.await.unwrap();
    eprintln!("flood: {flood:?}; slowest legitimate answer {slowest:?}");
    assert!(
        flood.held <= 16,
        "one address held {} connections",
        flood.held
    );
    assert_eq!(flood.held + flood.refused, 300, "{flood:?}");
    // The slow bodies were answered 408 once their time was up, not held for ever.
    assert!(flood.timed_out >= 1, "{flood:?}");
    // The check queue is full of nothing, and health is answered whatever the queue holds.
    let health = client_from(client_ip(99))
        .get(format!("http://{}/healthz", s.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status().as_u16(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_clients_are_served_through_a_slow_flood_and_an_address_rotation() {
    const CLIENTS: u32 = 1_000;
    // Four times as many rotated addresses as the client table holds: the table fills and
    // is emptied again and again while the clients are served.
    const TABLE: usize = 5_000;
    const ROTATED: u32 = 4 * TABLE as u32;
    let proxy = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 9));
    let settings = SelfCheckSettings {
        limits: ServiceLimits {
            per_host_per_minute: 30,
            max_clients: TABLE,
            ..ServiceLimits::default()
        },
        trusted_proxies: vec![proxy],
        ..Default::default()
    };
    let (s, p, _f) = service_for_load(settings).await;
    let started = Instant::now();
    // Prime the cache: the well-behaved clients all look at one partner's page.
    let contoso = check_query(p, "www.contoso.com", "Contoso Learning", false);
    let primed = client_from(client_ip(CLIENTS + 1))
        .get(format!("http://{}/check?{contoso}", s.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(primed.status().as_u16(), 200);

    let ready = std::sync::Arc::new(tokio::sync::Semaphore::new(0));
    let attacker = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));
    let flooding = tokio::spawn(flood(attacker, s.addr, 300, ready.clone()));
    ready.acquire_many(300).await.unwrap().forget();

    // A proxy that rotates its forwarded client through 20,000 loopback addresses, asking
    // for fresh checks of another host: each "client" is new, so only the host's limit and
    // the bounded client table stand in its way.
    let mut rotation = tokio::task::JoinSet::new();
    const LANES: u32 = 8;
    for lane in 0..LANES {
        let addr = s.addr;
        rotation.spawn(async move {
            let mut counts = std::collections::BTreeMap::<u16, u32>::new();
            let mut proxy_connection = Keepalive::open(proxy, addr).await;
            for i in (lane..ROTATED).step_by(LANES as usize) {
                let forwarded = format!("127.{}.{}.{}", 2 + (i >> 16), (i >> 8) & 0xff, i & 0xff);
                // A page never checked before, so that no cached answer spares the limits.
                let url = format!("http://www.fabrikam.de:{}/microsoft?{i}", p.port());
                let body = serde_json::json!({"url": url, "partner": "Fabrikam Academy"});
                let status = proxy_connection
                    .post_json(&forwarded, &body.to_string())
                    .await;
                *counts.entry(status).or_default() += 1;
            }
            counts
        });
    }

    // The well-behaved clients: each from its own address, the form and then the result,
    // at most 100 at a time.
    let gate = std::sync::Arc::new(tokio::sync::Semaphore::new(100));
    let mut clients = tokio::task::JoinSet::new();
    for n in 0..CLIENTS {
        let gate = gate.clone();
        let (addr, query) = (s.addr, contoso.clone());
        clients.spawn(async move {
            let _turn = gate.acquire_owned().await.unwrap();
            let client = client_from(client_ip(n));
            let started = Instant::now();
            let form = client.get(format!("http://{addr}/")).send().await;
            let result = client
                .get(format!("http://{addr}/check?{query}"))
                .send()
                .await;
            let statuses = [form, result].map(|r| r.map_or(0, |r| r.status().as_u16()));
            (n, statuses, started.elapsed())
        });
    }
    let mut latencies = Vec::new();
    while let Some(done) = clients.join_next().await {
        let (n, statuses, took) = done.unwrap();
        assert_eq!(statuses, [200, 200], "client {n} was not served");
        latencies.push(took);
    }
    let clients_done = started.elapsed();
    let mut rotated = std::collections::BTreeMap::<u16, u32>::new();
    while let Some(done) = rotation.join_next().await {
        for (status, n) in done.unwrap() {
            *rotated.entry(status).or_default() += n;
        }
    }
    let flood = flooding.await.unwrap();
    assert_eq!(rotated.values().sum::<u32>(), ROTATED);
    assert!(
        rotated.keys().all(|s| matches!(s, 200 | 429)),
        "the rotation got {rotated:?}"
    );
    assert!(flood.held <= 16, "{flood:?}");

    // After it all, a client never seen before is served a fresh check.
    let fresh = check_query(p, "www.contoso.com", "Contoso Learning", true);
    let newcomer = client_from(client_ip(CLIENTS + 2))
        .get(format!("http://{}/check?{fresh}", s.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(newcomer.status().as_u16(), 200);

    latencies.sort();
    let pct = |q: f64| latencies[((latencies.len() as f64 - 1.0) * q) as usize];
    let peak = peak_rss_mb();
    eprintln!(
        "load: {CLIENTS} clients served in {clients_done:?} (form + result each: median {:?}, \
         p99 {:?}, max {:?}); rotation of {ROTATED} addresses: {rotated:?}; flood: {flood:?}; \
         all done in {:?}; peak memory of the test process {peak} MB",
        pct(0.5),
        pct(0.99),
        latencies.last().unwrap(),
        started.elapsed(),
    );
    // Service, landing server and every client share this process.
    assert!(peak <= 400, "peak memory {peak} MB");
}

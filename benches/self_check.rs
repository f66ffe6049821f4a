//! What the self-check service adds to a check: the same loopback landing page checked
//! through the library (`SelfCheck::check`) and through the service (`GET /check?…&fresh=1`,
//! HTTP, limits, result page), and a cached result served by the service.

#[path = "../examples/landing_server/page.rs"]
mod page;

use criterion::{Criterion, criterion_group, criterion_main};
use lpdir::config::{SelfCheckSettings, ServiceLimits};
use lpdir::http_server::{self, Limits};
use lpdir::service::{self, Service, ServiceOptions};
use lpdir::validate::{NetworkSettings, Pin, Request, SelfCheck, Vocabulary};
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let html = page::landing_page(7, 60_000);
    let pages = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = axum::Router::new().fallback(move || {
            let html = html.clone();
            async move { ([("content-type", "text/html; charset=utf-8")], html) }
        });
        tokio::spawn(async move { axum::serve(listener, app).await });
        addr
    });
    let host = "www.partner-7.com";
    let network = NetworkSettings {
        allow_http: true,
        timeout: Duration::from_secs(10),
        pins: vec![Pin::new(host, pages.port(), pages.ip())],
        ..Default::default()
    };
    let url = format!("http://{host}:{}/microsoft", pages.port());
    let request = Request {
        url: url.clone(),
        partner: page::name(7),
        ..Default::default()
    };

    // The library call.
    let checker = SelfCheck::new(network.clone(), Vocabulary::default(), None).unwrap();
    let mut group = c.benchmark_group("self_check");
    group.bench_function("library_check", |b| {
        b.iter(|| rt.block_on(checker.check(&request)).unwrap())
    });

    // The service, in this process, with limits out of the way.
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("content/partners/2026-11")).unwrap();
    std::fs::write(
        root.path().join("content/partners/2026-11/p7.yaml"),
        format!("name: {}\ncountry: NL\nlanding_url: {url}\n", page::name(7)),
    )
    .unwrap();
    let settings = SelfCheckSettings {
        limits: ServiceLimits {
            per_minute: u32::MAX,
            per_hour: u32::MAX,
            per_host_per_minute: u32::MAX,
            max_in_flight: 64,
            max_queue: 1024,
            ..ServiceLimits::default()
        },
        ..Default::default()
    };
    let options = ServiceOptions {
        root: root.path().to_owned(),
        network,
        settings,
        rendering: Default::default(),
        allow_private_pins: true,
        metrics_here: true,
    };
    let service = Service::start(options).unwrap();
    let addr = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = service::router(service.clone());
        tokio::spawn(http_server::run(listener, app, Limits::default()));
        addr
    });
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("partner", &request.partner)
        .append_pair("url", &url)
        .finish();
    lpdir::validate::use_ring_provider();
    let client = reqwest::Client::new();
    let fresh = format!("http://{addr}/check?{query}&fresh=1");
    group.bench_function("service_check_fresh", |b| {
        b.iter(|| {
            rt.block_on(async {
                let r = client.get(&fresh).send().await.unwrap();
                assert_eq!(r.status().as_u16(), 200);
                r.bytes().await.unwrap()
            })
        })
    });
    let cached = format!("http://{addr}/check?{query}");
    group.bench_function("service_result_cached", |b| {
        b.iter(|| {
            rt.block_on(async {
                client
                    .get(&cached)
                    .send()
                    .await
                    .unwrap()
                    .bytes()
                    .await
                    .unwrap()
            })
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

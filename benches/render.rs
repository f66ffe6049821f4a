//! One script-built page judged once the browser is up: the same loopback page (a shell
//! whose bundle fetches its content as JSON) checked rendered and with `--render never`.
//! Whole runs (100 pages, peak memory) are in scripts/bench-render.sh.

#[path = "../examples/landing_server/page.rs"]
mod page;
#[path = "../examples/landing_server/scripted.rs"]
mod scripted;

use criterion::{Criterion, criterion_group, criterion_main};
use lpdir::validate::{NetworkSettings, Pin, Rendering, Request, SelfCheck, Verdict, Vocabulary};
use lpdir::validate::{Renderer, find_browser};
use std::sync::Arc;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let Some(browser) = find_browser(None).ok().flatten() else {
        eprintln!(
            "render benchmark skipped: no Chromium-family browser (apt-get install chromium)"
        );
        return;
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let data = scripted::data(7, 60_000);
    let pages = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = axum::Router::new().fallback(move |uri: axum::http::Uri| {
            let data = data.clone();
            async move {
                match uri.path() {
                    "/app.js" => (
                        [("content-type", "text/javascript")],
                        scripted::BUNDLE.to_owned(),
                    ),
                    "/api/page.json" => ([("content-type", "application/json")], data),
                    _ => (
                        [("content-type", "text/html; charset=utf-8")],
                        scripted::shell(),
                    ),
                }
            }
        });
        tokio::spawn(async move { axum::serve(listener, app).await });
        addr
    });
    let host = "www.partner-7.com";
    let network = NetworkSettings {
        allow_http: true,
        timeout: Duration::from_secs(20),
        pins: vec![Pin::new(host, pages.port(), pages.ip())],
        ..Default::default()
    };
    let request = Request {
        url: format!("http://{host}:{}/microsoft", pages.port()),
        partner: page::name(7),
        ..Default::default()
    };
    let rendered = SelfCheck::new(network.clone(), Vocabulary::default(), None)
        .unwrap()
        .with_rendering(Rendering::On(Arc::new(Renderer::new(browser, 2))), false);
    let never = SelfCheck::new(network, Vocabulary::default(), None).unwrap();
    // The browser starts here, outside the measurement; both verdicts are what they should be.
    let first = rt.block_on(rendered.check(&request)).unwrap();
    assert_eq!(first.verdict, Verdict::Accepted, "{first:#?}");
    assert!(first.rendered && first.render_note.is_none(), "{first:#?}");
    let shell = rt.block_on(never.check(&request)).unwrap();
    assert_eq!(shell.verdict, Verdict::Rejected);

    let mut group = c.benchmark_group("render");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("rendered_page", |b| {
        b.iter(|| rt.block_on(rendered.check(&request)).unwrap())
    });
    group.bench_function("server_html_page", |b| {
        b.iter(|| rt.block_on(never.check(&request)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Finding a partner by what it teaches, in headless Chromium: the area filter and an exam
//! code in the search box, kept in the URL, over a directory published by a real run.

use crate::common;

use common::Fixture;
use common::browser::Browser;
use common::publish;
use common::web::{Site, landing};

const DYNAMICS: &str = "<!doctype html><html><head><title>Beta Training – Microsoft Dynamics</title></head>\
    <body><h1>Microsoft Dynamics 365 training</h1><p>Dynamics 365 Sales (MB-210) and Finance (MB-310), \
    with Power Apps.</p><footer>© 2026 Beta Training</footer></body></html>";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visitors_filter_by_area_and_find_an_exam_code() {
    let site = Site::default();
    site.page("alpha.com", "/ms", &landing("Alpha Training", ""))
        .page("beta.com", "/ms", DYNAMICS);
    let addr = site.start().await;
    let f = Fixture::new();
    let url = |host: &str| format!("http://{host}:{}/ms", addr.port());
    f.entry(
        "2026-11",
        "alpha",
        "Alpha Training",
        "NL",
        &url("alpha.com"),
        None,
    )
    .entry(
        "2026-11",
        "beta",
        "Beta Training",
        "DE",
        &url("beta.com"),
        None,
    );
    let summary = publish(&f, addr, &["alpha.com", "beta.com"], "2026-11").await;
    assert_eq!(summary.added, 2, "{summary:?}");
    let out = f.lpdir(&["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let served = listener.local_addr().unwrap();
    let dir = f.path("public");
    tokio::spawn(async move { axum::serve(listener, lpdir::preview::router(&dir, "/")).await });

    let b = Browser::start().await;
    b.goto(&format!("http://{served}/")).await;
    assert_eq!(b.visible_rows().await, ["Alpha Training", "Beta Training"]);
    b.eval("var s = document.getElementById('area'); s.value = 'dynamics-365'; s.dispatchEvent(new Event('change')); return 1")
        .await;
    assert_eq!(b.visible_rows().await, ["Beta Training"]);
    assert_eq!(
        b.eval("return window.location.search").await,
        "?area=dynamics-365"
    );
    b.eval("var s = document.getElementById('area'); s.value = ''; s.dispatchEvent(new Event('change')); return 1")
        .await;
    b.type_into("#q", "az-104").await;
    assert_eq!(b.visible_rows().await, ["Alpha Training"]);
    // The state survives a reload from the URL.
    b.goto(&format!("http://{served}/?area=power-platform"))
        .await;
    assert_eq!(b.visible_rows().await, ["Alpha Training", "Beta Training"]);
    b.goto(&format!("http://{served}/?area=azure")).await;
    assert_eq!(b.visible_rows().await, ["Alpha Training"]);
}

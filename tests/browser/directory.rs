//! The built directory in a real headless Chromium, served over a local HTTP server:
//! the search box, the country and level filters, the URL state, and escaping.

use crate::common;

use common::Fixture;
use common::browser::Browser;
use lpdir::publish::{BuildOptions, build};

const PWNED: &str = "<script>window.__pwned = 1</script>";
const IMG: &str = "<img src=x onerror=\"window.__pwned = 2\">";

fn fixture() -> Fixture {
    let f = Fixture::new();
    f.entry(
        "2026-11",
        "contoso-nl",
        "Contoso Learning",
        "NL",
        "https://contoso.nl/microsoft",
        Some("gold"),
    )
    .entry(
        "2026-11",
        "contoso-de",
        "Contoso Schulung",
        "DE",
        "https://contoso.de/microsoft",
        Some("gold"),
    )
    .entry(
        "2026-11",
        "adatum",
        "A. Datum Training",
        "NL",
        "https://adatum.nl/microsoft",
        Some("silver"),
    )
    .entry(
        "2026-11",
        "uebersetzung",
        "Übersetzung Akademie",
        "DE",
        "https://ubersetzung.de/ms",
        None,
    )
    .entry(
        "2026-11",
        "evil",
        PWNED,
        "NL",
        "https://evil.nl/microsoft",
        Some("gold"),
    )
    .entry(
        "2026-11",
        "evil-img",
        IMG,
        "NL",
        "https://evil-img.nl/microsoft",
        Some("action-pack"),
    );
    f
}

/// The fixture, built as drafts (it has no ledgers) into its `site/` folder.
fn built() -> (Fixture, std::path::PathBuf) {
    let f = fixture();
    let out = f.path("site");
    let options = BuildOptions {
        root: f.root().to_owned(),
        output: Some(out.clone()),
        drafts: true,
        ..Default::default()
    };
    build(&options).unwrap();
    (f, out)
}

async fn serve(dir: std::path::PathBuf) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, lpdir::preview::router(&dir, "/")).await });
    format!("http://{addr}/")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_and_filters_work_in_a_real_browser() {
    let (_fixture, out) = built();
    let base = serve(out).await;
    let b = Browser::start().await;

    b.goto(&base).await;
    assert_eq!(b.visible_rows().await.len(), 6);
    assert_eq!(
        b.eval("return document.getElementById('status').textContent")
            .await,
        "Showing 6 of 6 partners"
    );

    // Typing narrows the list as you type, ignoring case.
    b.type_into("#q", "CONTOSO").await;
    assert_eq!(
        b.visible_rows().await,
        ["Contoso Learning", "Contoso Schulung"]
    );
    // Picking a country narrows further, and the level too.
    b.select("#country", "NL").await;
    assert_eq!(b.visible_rows().await, ["Contoso Learning"]);
    b.clear("#q").await;
    b.type_into("#q", " ").await;
    b.select("#level", "gold").await;
    let mut rows = b.visible_rows().await;
    rows.sort();
    assert_eq!(rows, [PWNED, "Contoso Learning"]);
    assert_eq!(
        b.eval("return document.getElementById('status').textContent")
            .await,
        "Showing 2 of 6 partners"
    );

    // The view is in the URL, so it can be shared.
    let url = b.url().await;
    assert_eq!(url.query(), Some("country=NL&level=gold"));

    // A shared link opens the same view; diacritics are ignored by the search.
    b.goto(&format!("{base}?q=ubersetzung&country=DE")).await;
    assert_eq!(b.visible_rows().await, ["Übersetzung Akademie"]);
    assert_eq!(
        b.eval("return document.getElementById('country').value")
            .await,
        "DE"
    );

    // Nothing matches: the page says so.
    b.goto(&format!("{base}?q=zzzz")).await;
    assert!(b.visible_rows().await.is_empty());
    assert_eq!(
        b.eval("return document.getElementById('no-results').hidden")
            .await,
        false
    );

    // Filtered rows stay hidden in the narrow (card) layout too.
    b.resize(400, 900).await;
    b.goto(&format!("{base}?level=silver")).await;
    assert_eq!(b.visible_rows().await, ["A. Datum Training"]);

    // Hostile names are shown as text and never run.
    b.goto(&base).await;
    assert_eq!(b.eval("return typeof window.__pwned").await, "undefined");
    let shown = b
        .eval("return Array.from(document.querySelectorAll('#partners a')).map(a => a.textContent)")
        .await;
    let shown: Vec<String> = serde_json::from_value(shown).unwrap();
    assert!(
        shown.contains(&PWNED.to_owned()) && shown.contains(&IMG.to_owned()),
        "{shown:?}"
    );
    assert_eq!(
        b.eval("return document.querySelectorAll('#partners img, #partners script').length")
            .await,
        0
    );
    // The country page too.
    b.goto(&format!("{base}countries/nl/")).await;
    assert_eq!(b.eval("return typeof window.__pwned").await, "undefined");
    assert_eq!(b.visible_rows().await.len(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_javascript_the_whole_list_is_there() {
    let (_fixture, out) = built();
    // What a browser without JavaScript gets: the full table, and the filter hidden.
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(index.matches("<tr data-country=").count(), 6);
    assert_eq!(
        index
            .matches("<span class=\"pending\">pending</span>")
            .count(),
        6,
        "unpublished entries are marked"
    );
    assert!(index.contains(
        "<section class=\"filters\" id=\"filters\" aria-labelledby=\"filters-heading\" hidden>"
    ));
    assert!(index.contains("href=\"/countries/nl/\""));
}

//! Browsing the sample directory in headless Chromium: sorting, active-filter chips, the
//! filters for what partners teach, their languages and delivery, all kept in the URL;
//! every control reachable by keyboard; no serious accessibility problem (axe-core) on any
//! page type in either language; and on a phone, partners on the first screen.

use crate::common;

use common::browser::{Browser, Key};
use std::net::SocketAddr;
use std::path::Path;

/// The sample directory as shipped (its ledgers made by a real publishing run), built into
/// a temporary folder and served on loopback.
async fn sample() -> (SocketAddr, tempfile::TempDir) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_lpdir"))
        .args(["build", "--root"])
        .arg(repo)
        .arg("--output")
        .arg(&public)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, lpdir::preview::router(&public, "/")).await });
    (addr, out)
}

async fn select(b: &Browser, id: &str, value: &str) {
    b.eval(&format!(
        "var s = document.getElementById('{id}'); s.value = '{value}'; \
         s.dispatchEvent(new Event('change')); return 1"
    ))
    .await;
}

async fn visible_attr(b: &Browser, attr: &str) -> Vec<String> {
    let js = format!(
        "return Array.from(document.querySelectorAll('#partners tbody tr'))
            .filter(r => r.offsetParent !== null).map(r => r.getAttribute('{attr}'));"
    );
    serde_json::from_value(b.eval(&js).await).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visitors_sort_filter_and_remove_filters_with_the_state_in_the_url() {
    let (addr, _out) = sample().await;
    let b = Browser::start().await;
    b.goto(&format!("http://{addr}/")).await;
    let all = b.visible_rows().await;
    assert_eq!(all.len(), 45, "{all:?}");
    assert_eq!(
        b.eval("return document.getElementById('status').textContent")
            .await,
        "Showing 45 of 45 partners"
    );

    // Sorting: by level (gold first), by most recently listed.
    select(&b, "sort", "level").await;
    let levels = visible_attr(&b, "data-level").await;
    assert_eq!(levels[0], "gold");
    assert!(
        levels.last().unwrap().is_empty(),
        "no level last: {levels:?}"
    );
    assert!(levels.windows(2).all(|w| {
        let rank = |l: &str| {
            ["gold", "silver", "action-pack", ""]
                .iter()
                .position(|x| *x == l)
        };
        rank(&w[0]) <= rank(&w[1])
    }));
    select(&b, "sort", "recent").await;
    let since = visible_attr(&b, "data-since").await;
    assert_eq!(since[0], "2026-11");
    assert!(since.windows(2).all(|w| w[0] >= w[1]), "{since:?}");
    assert_eq!(b.eval("return location.search").await, "?sort=recent");

    // Two filters make two chips; removing one keeps the other, in the list and the URL.
    select(&b, "sort", "").await;
    select(&b, "country", "NL").await;
    b.type_into("#q", "azure").await;
    let chips: Vec<String> = serde_json::from_value(
        b.eval(
            "return Array.from(document.querySelectorAll('#chips .chip')).map(c => c.textContent)",
        )
        .await,
    )
    .unwrap();
    assert_eq!(
        chips,
        ["Name, city or exam: azure ×", "Country: Netherlands ×"]
    );
    assert_eq!(
        b.visible_rows().await,
        ["A. Datum Training", "Contoso Learning"]
    );
    assert_eq!(
        b.eval("return location.search").await,
        "?q=azure&country=NL"
    );
    b.click_with_text("button.chip", "Country").await;
    assert_eq!(
        b.eval("return document.getElementById('country').value")
            .await,
        ""
    );
    assert_eq!(b.eval("return location.search").await, "?q=azure");
    assert_eq!(
        b.eval("return document.querySelectorAll('#chips .chip').length")
            .await,
        1
    );
    let azure = b.visible_rows().await;
    assert!(
        azure.len() > 2 && azure.contains(&"Maple Cloud Academy".to_owned()),
        "{azure:?}"
    );

    // What partners teach, the languages they train in, how they deliver.
    b.goto(&format!("http://{addr}/?area=dynamics-365")).await;
    let dynamics = visible_attr(&b, "data-areas").await;
    assert!(!dynamics.is_empty() && dynamics.iter().all(|a| a.contains("dynamics-365")));
    assert!(
        b.visible_rows()
            .await
            .contains(&"Northwind Training".to_owned())
    );
    b.goto(&format!("http://{addr}/?q=MB-800")).await;
    let mut mb800 = b.visible_rows().await;
    mb800.sort();
    assert_eq!(
        mb800,
        [
            "Datum Opleidingen",
            "Fourth Coffee Labs",
            "Tailwind Traders Learning"
        ]
    );
    b.goto(&format!("http://{addr}/?language=pt")).await;
    let countries = visible_attr(&b, "data-country").await;
    assert!(
        !countries.is_empty() && countries.iter().all(|c| c == "BR"),
        "{countries:?}"
    );
    b.goto(&format!("http://{addr}/?delivery=on-site&sort=level"))
        .await;
    assert!(
        visible_attr(&b, "data-delivery")
            .await
            .iter()
            .all(|d| d.contains("on-site"))
    );
    assert_eq!(
        b.eval("return document.getElementById('sort').value").await,
        "level"
    );
    assert_eq!(
        b.eval("return document.getElementById('delivery').value")
            .await,
        "on-site"
    );

    // The embed takes its filters from its URL too.
    b.goto(&format!("http://{addr}/embed/?country=NL&area=security"))
        .await;
    assert_eq!(
        b.visible_rows().await,
        ["A. Datum Training", "Contoso Learning", "VanArsdel Academy"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_filter_and_sort_control_is_reachable_and_operable_by_keyboard() {
    let (addr, _out) = sample().await;
    let b = Browser::start().await;
    b.goto(&format!("http://{addr}/")).await;
    let mut reached = Vec::new();
    for _ in 0..40 {
        b.press(Key::Tab).await;
        let id = b.eval("return document.activeElement.id").await;
        reached.push(id.as_str().unwrap_or_default().to_owned());
    }
    for id in [
        "q", "country", "level", "area", "language", "delivery", "sort", "clear",
    ] {
        assert!(
            reached.contains(&id.to_owned()),
            "{id} not reached: {reached:?}"
        );
    }
    // Operated from the keyboard alone: a level chosen with the arrow keys filters the list.
    b.focus("#level").await;
    b.press(Key::ArrowDown).await;
    assert_eq!(
        b.eval("return document.getElementById('level').value")
            .await,
        "action-pack"
    );
    assert!(
        visible_attr(&b, "data-level")
            .await
            .iter()
            .all(|l| l == "action-pack")
    );
    assert_eq!(b.eval("return location.search").await, "?level=action-pack");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_page_type_has_a_serious_accessibility_problem_in_either_language() {
    let (addr, _out) = sample().await;
    let b = Browser::start().await;
    let pages = [
        "",
        "?country=NL&q=azure&sort=recent",
        "countries/",
        "countries/nl/",
        "partners/contoso-learning/",
        "stats/",
        "how-to-get-listed/",
        "404.html",
    ];
    let mut problems = Vec::new();
    let mut checked = 0;
    for prefix in ["", "nl/"] {
        for page in pages {
            let url = format!("http://{addr}/{prefix}{page}");
            b.goto(&url).await;
            problems.extend(b.axe().await.into_iter().map(|p| format!("{url}: {p}")));
            checked += 1;
        }
        for page in ["", "countries/nl/"] {
            let url = format!("http://{addr}/embed/{prefix}{page}");
            b.goto(&url).await;
            problems.extend(b.axe().await.into_iter().map(|p| format!("{url}: {p}")));
            checked += 1;
        }
    }
    assert_eq!(checked, 20);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_laptop_five_partners_are_on_the_first_screen_and_the_partner_box_after_them() {
    let (addr, _out) = sample().await;
    let b = Browser::laptop().await;
    for page in ["", "nl/"] {
        b.goto(&format!("http://{addr}/{page}")).await;
        assert_eq!(b.eval("return window.innerHeight").await, 900);
        let rows = b.rows_on_first_screen().await;
        assert!(rows >= 5, "/{page}: {rows} partners on the first screen");
        // "Check your landing page" is for partners: after the list, not above it.
        let after = b
            .eval(
                "return !!(document.getElementById('partners').compareDocumentPosition(\
                 document.getElementById('self-check')) & Node.DOCUMENT_POSITION_FOLLOWING)",
            )
            .await;
        assert_eq!(after, true, "/{page}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_of_one_partner_says_one_partner_in_either_language() {
    let (addr, _out) = sample().await;
    let b = Browser::start().await;
    // A country with one partner (France, in the sample) counts it as one, in either
    // language, in its embeddable list.
    for (page, status) in [
        ("embed/countries/fr/", "Showing 1 of 1 partner"),
        ("embed/nl/countries/fr/", "1 van 1 partner"),
    ] {
        b.goto(&format!("http://{addr}/{page}")).await;
        let shown = b
            .eval("return document.getElementById('status').textContent")
            .await;
        assert_eq!(shown, status, "/{page}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_phone_partners_are_on_the_first_screen_and_nothing_scrolls_sideways() {
    let (addr, _out) = sample().await;
    let b = Browser::phone().await;
    b.goto(&format!("http://{addr}/")).await;
    assert_eq!(b.eval("return window.innerWidth").await, 390);
    let rows = b.rows_on_first_screen().await;
    assert!(rows >= 2, "{rows} partners on the first screen");
    // The search box is on the first screen too; the other filters wait behind a button,
    // which counts the active ones.
    let search_bottom = b
        .eval("return document.getElementById('q').getBoundingClientRect().bottom")
        .await;
    assert!(search_bottom.as_f64().unwrap() <= 844.0, "{search_bottom}");
    let shown = |id: &'static str| {
        let js = format!(
            "return getComputedStyle(document.getElementById('{id}').closest('.field')).display"
        );
        let b = &b;
        async move { b.eval(&js).await != "none" }
    };
    assert!(shown("q").await);
    assert!(!shown("country").await && !shown("level").await);
    b.click("#filters-toggle").await;
    assert!(shown("country").await && shown("level").await);
    select(&b, "level", "gold").await;
    assert_eq!(
        b.eval("return document.getElementById('filters-toggle').textContent")
            .await,
        "Filters (1 active)"
    );
    // Stacked rows keep their labels.
    let label = b
        .eval("return getComputedStyle(document.querySelector('#partners tbody tr td:nth-child(2)'), '::before').content")
        .await;
    assert_eq!(label, "\"Country: \"");
    assert!(b.axe().await.is_empty(), "{:?}", b.axe().await);

    for page in [
        "",
        "partners/contoso-learning/",
        "stats/",
        "nl/countries/us/",
        "embed/",
    ] {
        b.goto(&format!("http://{addr}/{page}")).await;
        let wide = b
            .eval("return document.documentElement.scrollWidth - window.innerWidth")
            .await;
        assert!(
            wide.as_f64().unwrap() <= 0.0,
            "/{page} scrolls sideways by {wide}px"
        );
    }

    // The preview's error page, with a long line, wraps instead.
    let f = common::Fixture::new();
    f.write(
        "content/partners/2026-11/contoso.yaml",
        format!(
            "name: Contoso\ncountry: NL\nlanding_url: https://contoso.nl/{}\nlevel: platinum\n",
            "x".repeat(300)
        ),
    );
    let out = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let preview_addr = listener.local_addr().unwrap();
    let base = url::Url::parse(&format!("http://{preview_addr}/")).unwrap();
    let builder = lpdir::preview::PreviewBuilder::new(
        f.root().canonicalize().unwrap(),
        out.path().join("site"),
        base,
        None,
    );
    let (preview, first) = lpdir::preview::Preview::start(builder);
    assert!(first.is_err(), "the fixture must fail to build");
    let router = preview.router();
    tokio::spawn(async move { axum::serve(listener, router).await });
    b.goto(&format!("http://{preview_addr}/")).await;
    let error = b
        .eval("return document.getElementById('lpdir-error').textContent")
        .await;
    assert!(error.as_str().unwrap().contains("platinum"), "{error}");
    let wide = b
        .eval("return document.documentElement.scrollWidth - window.innerWidth")
        .await;
    assert!(
        wide.as_f64().unwrap() <= 0.0,
        "the error page scrolls sideways by {wide}px"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_list_shows_a_page_at_a_time_with_scripts_and_everything_without() {
    let f = common::Fixture::new();
    for i in 0..150 {
        f.entry(
            "2026-11",
            &format!("partner-{i:03}"),
            &format!("Partner {i:03}"),
            "NL",
            &format!("https://partner-{i:03}.nl/microsoft"),
            None,
        );
    }
    let out = f.lpdir(&["build", "--drafts"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let public = f.path("public");
    tokio::spawn(async move { axum::serve(listener, lpdir::preview::router(&public, "/")).await });

    let b = Browser::start().await;
    b.goto(&format!("http://{addr}/")).await;
    assert_eq!(b.visible_rows().await.len(), 100);
    assert_eq!(
        b.eval("return document.getElementById('status').textContent")
            .await,
        "Showing 150 of 150 partners"
    );
    assert_eq!(b.text("#more").await, "Show 50 more");
    b.click("#more").await;
    assert_eq!(b.visible_rows().await.len(), 150);
    assert_eq!(
        b.eval("return document.getElementById('more').hidden")
            .await,
        true
    );
    // A new search starts from the first page again, among its matches.
    b.type_into("#q", "Partner").await;
    assert_eq!(b.visible_rows().await.len(), 100);
    b.type_into("#q", " 1").await;
    assert_eq!(b.visible_rows().await.len(), 50);

    let no_js = Browser::start_with(false).await;
    no_js.goto(&format!("http://{addr}/")).await;
    assert_eq!(no_js.visible_rows().await.len(), 150);
}

//! A partner checks a page in a real headless Chromium: in English and in Dutch, with and
//! without JavaScript, and reads the verdict and what to change.

use crate::common;

use common::browser::Browser;
use common::service::{HOSTS, generous, pages, published_site, start};
use common::web::{self, Reply, landing, pinned};
use std::time::Duration;

async fn fill(b: &Browser, partner: &str, url: &str) {
    for (id, text) in [("partner", partner), ("url", url)] {
        b.type_into(&format!("#{id}"), text).await;
    }
}

async fn fill_and_submit(b: &Browser, partner: &str, url: &str) {
    fill(b, partner, url).await;
    b.click("#check-form button").await;
}

async fn text_of(b: &Browser, css: &str) -> String {
    b.text_when_shown(css).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_partner_checks_a_page_in_english_and_dutch_with_and_without_javascript() {
    let site = pages();
    let p = site.start().await;
    site.route(
        "www.contoso.com",
        "/slow-aws",
        Reply::After(
            Duration::from_millis(1500),
            landing("Contoso Learning", "<p>We also teach AWS.</p>"),
        ),
    );
    let f = published_site(p).await;
    let s = start(f.root(), pinned(p, HOSTS), generous()).await;
    let page = |path: &str| format!("http://www.contoso.com:{}{path}", p.port());

    for javascript in [true, false] {
        let b = Browser::start_with(javascript).await;

        // English, from the home page.
        b.goto(&format!("http://{}/", s.addr)).await;
        let ran = b
            .eval("return document.documentElement.classList.contains('js')")
            .await;
        assert_eq!(
            ran,
            serde_json::json!(javascript),
            "the page's script ran: {ran}"
        );
        if javascript {
            // While the page is fetched, the visitor sees progress: submitted from a script so
            // that the form can be read before the result page replaces it.
            fill(&b, "Contoso Learning", &page("/slow-aws")).await;
            let shown = b
                .eval(
                    "document.getElementById('check-form').requestSubmit(); \
                     return [document.getElementById('progress').hidden, \
                             document.querySelector('#check-form button').disabled];",
                )
                .await;
            assert_eq!(shown, serde_json::json!([false, true]), "no progress shown");
        } else {
            fill_and_submit(&b, "Contoso Learning", &page("/slow-aws")).await;
        }
        let verdict = text_of(&b, "#verdict").await;
        assert_eq!(
            verdict,
            "Your page does not meet every rule yet: change what is listed below, then check again.",
            "javascript: {javascript}"
        );
        let fix = text_of(&b, "#rule-no-competitors .fix").await;
        assert!(
            fix.starts_with("Remove every mention of Microsoft"),
            "{fix}"
        );
        assert_eq!(text_of(&b, "#rule-no-competitors mark").await, "AWS");
        // The passing rules are folded away.
        let open = b
            .eval("return document.querySelector('details.passing').open")
            .await;
        assert_eq!(open, serde_json::json!(false));

        // Dutch, from /nl/, an accepted page.
        b.goto(&format!("http://{}/nl/", s.addr)).await;
        assert_eq!(text_of(&b, "h1").await, "Controleer uw landingspagina");
        fill_and_submit(&b, "Contoso Learning", &page("/microsoft")).await;
        assert_eq!(
            text_of(&b, "#verdict").await,
            "Uw pagina voldoet aan alle vier de regels: u kunt uw aanvraag indienen."
        );
        let lang = b.eval("return document.documentElement.lang").await;
        assert_eq!(lang, serde_json::json!("nl"));
        // A bad address comes back as the form with the problem beside the field, which a
        // screen reader reads with it (the browser's own check is off: lpdir's words count).
        b.goto(&format!("http://{}/", s.addr)).await;
        fill_and_submit(&b, "Contoso Learning", "contoso.com/microsoft").await;
        let error = text_of(&b, "#url-error").await;
        assert!(error.contains("does not start with https://"), "{error}");
        let field = b
            .eval(
                "const u = document.getElementById('url'); \
                 return [u.getAttribute('aria-invalid'), u.getAttribute('aria-describedby')]",
            )
            .await;
        assert_eq!(field, serde_json::json!(["true", "url-error url-hint"]));
        assert_eq!(
            text_of(&b, "#form-error a").await,
            "Your landing page",
            "the summary links to the field"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rendering_service_shows_the_page_as_seen_with_the_evidence_outlined() {
    let site = pages();
    let p = site.start().await;
    // A clean page whose script adds a competitor's banner: only a browser sees it.
    site.page(
        "www.contoso.com",
        "/banner",
        &landing(
            "Contoso Learning",
            "<script>const b = document.createElement('p'); b.id = 'banner'; \
             b.textContent = 'New: AWS Certified bootcamp'; document.body.prepend(b);</script>",
        ),
    );
    let f = published_site(p).await;
    let chromium = lpdir::validate::find_browser(None)
        .unwrap()
        .expect("a Chromium-family browser (apt-get install chromium)");
    let renderer = std::sync::Arc::new(lpdir::validate::Renderer::new(chromium, 1));
    let rendering = lpdir::validate::Rendering::On(renderer);
    let s =
        common::service::start_rendering(f.root(), pinned(p, HOSTS), generous(), rendering).await;
    let b = Browser::start().await;
    b.goto(&format!("http://{}/", s.addr)).await;
    let url = format!("http://www.contoso.com:{}/banner", p.port());
    fill_and_submit(&b, "Contoso Learning", &url).await;
    let verdict = text_of(&b, "#verdict").await;
    assert!(
        verdict.starts_with("Your page does not meet every rule yet"),
        "{verdict}"
    );
    // The banner only a browser sees is the evidence, and the competitor's name is what it marks.
    let quote = text_of(&b, "#rule-no-competitors q").await;
    assert!(quote.contains("AWS Certified bootcamp"), "{quote}");
    assert_eq!(
        text_of(&b, "#rule-no-competitors q mark").await,
        "AWS Certified"
    );
    let seen = text_of(&b, "#seen").await;
    assert!(
        seen.starts_with("Judged as a visitor's browser shows your page"),
        "{seen}"
    );
    // The screenshot is served with the result, and shows in the page at full width.
    let loaded = "const done = arguments[arguments.length - 1]; \
        const img = document.querySelector('#screenshot img'); img.scrollIntoView(); \
        if (img.complete) done(img.naturalWidth); \
        else img.addEventListener('load', () => done(img.naturalWidth));";
    let width = b.eval_async(loaded).await;
    assert_eq!(width, serde_json::json!(1280));
    let metrics = web::http()
        .get(format!("http://{}/metrics", s.addr))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("lpdir_self_check_renders_total 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("lpdir_self_check_browser_failures_total 0"),
        "{metrics}"
    );
    // The picture is never a check of its own: an unknown result has none.
    let none = web::http()
        .get(format!(
            "http://{}/check/screenshot.png?partner=Other&url=https%3A%2F%2Fwww.contoso.com%2F",
            s.addr
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), 404);
}

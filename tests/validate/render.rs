//! Pages built by scripts, judged as a visitor's browser shows them (`--render`), and the
//! browser kept behind lpdir's guard.
//!
//! - `script_built_pages_are_judged_as_rendered`: ten pages built like real ones, each
//!   verdict and the rule deciding it, against the server's-HTML verdicts;
//! - `the_browser_reaches_nothing_but_through_lpdir`: honeypots on loopback see nothing;
//!   every request the partner's server sees is lpdir's own, and the document came once;
//! - `a_browser_that_fails_fails_the_page_closed`: a browser that dies mid-page;
//! - CLI: `render_flags_*`, `screenshots_*`, `killing_lpdir_*`.

use crate::common;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use lpdir::content::Domain;
use lpdir::validate::{
    Candidate, Judge, PageReport, Rendering, Rival, Rule, Status, Subject, Validator, Verdict,
    Vocabulary,
};
use lpdir::validate::{Renderer, find_browser};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;

const PAGE_HOST: &str = "www.contoso.com";
const BUNDLE_HOST: &str = "cdn.contoso-static.com";
const UA: &str = "lpdir-render-test";

/// What the test server answers: a body, its type, and a pause before it.
#[derive(Clone)]
struct Route {
    content_type: &'static str,
    body: String,
    pause: Duration,
}

/// A loopback server for the partner's hosts that logs each request with its User-Agent.
#[derive(Clone, Default)]
struct Server {
    routes: Arc<Mutex<HashMap<String, Route>>>,
    log: Arc<Mutex<Vec<(String, String)>>>,
    /// Told of every request, for tests that wait for one.
    arrived: Arc<Notify>,
}

impl Server {
    fn route(&self, host_path: &str, content_type: &'static str, body: &str, pause: Duration) {
        self.routes.lock().unwrap().insert(
            host_path.to_owned(),
            Route {
                content_type,
                body: body.to_owned(),
                pause,
            },
        );
    }

    fn page(&self, path: &str, html: &str) {
        self.route(
            &format!("{PAGE_HOST}{path}"),
            "text/html; charset=utf-8",
            html,
            Duration::ZERO,
        );
    }

    fn requests(&self) -> Vec<(String, String)> {
        self.log.lock().unwrap().clone()
    }

    async fn start(&self) -> SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = self.clone();
        let app = axum::Router::new().fallback(move |req: Request| {
            let server = server.clone();
            async move { server.answer(req).await }
        });
        tokio::spawn(async move { axum::serve(listener, app).await });
        addr
    }

    async fn answer(&self, req: Request) -> Response {
        let host = common::web::host_of(&req);
        let agent = req
            .headers()
            .get(header::USER_AGENT)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let key = format!("{host}{}", req.uri().path());
        self.log.lock().unwrap().push((key.clone(), agent));
        self.arrived.notify_waiters();
        let route = self.routes.lock().unwrap().get(&key).cloned();
        let Some(route) = route else {
            let mut r = Response::new(Body::from("not found"));
            *r.status_mut() = axum::http::StatusCode::NOT_FOUND;
            return r;
        };
        tokio::time::sleep(route.pause).await;
        let mut r = Response::new(Body::from(route.body));
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(route.content_type),
        );
        r
    }
}

/// A listener that must never be reached: it counts every connection.
struct Honeypot {
    port: u16,
    hits: Arc<Mutex<usize>>,
}

async fn honeypot(addr: &str) -> Option<Honeypot> {
    let listener = tokio::net::TcpListener::bind(addr).await.ok()?;
    let port = listener.local_addr().ok()?.port();
    let hits = Arc::new(Mutex::new(0));
    let counter = Arc::clone(&hits);
    tokio::spawn(async move {
        while let Ok((_stream, _)) = listener.accept().await {
            *counter.lock().unwrap() += 1;
        }
    });
    Some(Honeypot { port, hits })
}

/// `/polling`: a page that asks its API (`/api/poll`) every 100 ms and so never settles.
fn serve_polling_page(server: &Server) {
    server.route(
        &format!("{PAGE_HOST}/api/poll"),
        "application/json",
        "{}",
        Duration::ZERO,
    );
    server.page(
        "/polling",
        &server_rendered("<script>setInterval(() => fetch('/api/poll'), 100);</script>"),
    );
}

/// The content a script writes: a Microsoft-themed page about Contoso Learning.
const CONTENT: &str = "<h1>Microsoft training at Contoso Learning</h1>\
    <p>Azure administration (AZ-104), Power BI (PL-300), Microsoft 365 and Microsoft Teams courses.</p>\
    <p>© 2026 Contoso Learning</p>";
const TITLE: &str = "Contoso Learning – Microsoft training";

/// A React-style shell: an empty root under a generic title, and `script`.
fn shell(script: &str) -> String {
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>React App</title></head>\
         <body><div id=\"root\"></div>{script}</body></html>"
    )
}

/// A server-rendered Microsoft page about Contoso Learning, with `script` at its end.
fn server_rendered(script: &str) -> String {
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{TITLE}</title></head>\
         <body><main id=\"main\">{CONTENT}</main>{script}</body></html>"
    )
}

fn js(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn browser() -> std::path::PathBuf {
    find_browser(None).unwrap().expect(
        "no Chromium-family browser: install chromium (apt-get install chromium); .ci/run does",
    )
}

fn settings(addr: SocketAddr) -> lpdir::validate::NetworkSettings {
    let mut s = common::web::pinned(addr, &[PAGE_HOST, BUNDLE_HOST]);
    s.timeout = Duration::from_secs(15);
    s.user_agent = UA.into();
    s
}

fn subject() -> Subject {
    Subject {
        id: None,
        name: "Contoso Learning".into(),
        aliases: vec![],
        domains: vec![Domain::parse("contoso.com").unwrap()],
        verification_token: None,
    }
}

fn judge() -> Judge {
    let rival = Rival {
        id: "fabrikam-academy".into(),
        name: "Fabrikam Academy".into(),
        aliases: vec![],
        domains: vec![Domain::parse("fabrikam.com").unwrap()],
    };
    Judge::new(Vocabulary::default(), vec![rival])
}

async fn judge_all(
    addr: SocketAddr,
    rendering: Rendering,
    paths: &[&str],
) -> HashMap<String, PageReport> {
    let validator = Validator::new(settings(addr), judge())
        .unwrap()
        .with_rendering(rendering);
    let candidates = paths
        .iter()
        .map(|p| Candidate {
            subject: subject(),
            url: format!("http://{PAGE_HOST}:{}{p}", addr.port())
                .parse()
                .unwrap(),
        })
        .collect();
    let reports = validator.check_all(candidates, |_| {}).await;
    paths.iter().map(|p| p.to_string()).zip(reports).collect()
}

fn status(report: &PageReport, rule: Rule) -> Status {
    report.rule(rule).unwrap().status
}

/// Serves the ten script-built pages; answers their paths and the expected verdicts:
/// (path, rendered verdict, the rule that decides a rejection, server's-HTML verdict).
fn script_built_pages(
    server: &Server,
    port: u16,
) -> Vec<(&'static str, Verdict, Option<Rule>, Verdict)> {
    let write = format!(
        "document.title = {}; document.getElementById('root').innerHTML = {};",
        js(TITLE),
        js(CONTENT)
    );
    server.page("/inline", &shell(&format!("<script>{write}</script>")));
    server.route(
        &format!("{BUNDLE_HOST}/app.js"),
        "text/javascript",
        &write,
        Duration::ZERO,
    );
    server.page(
        "/bundle",
        &shell(&format!(
            "<script src=\"http://{BUNDLE_HOST}:{port}/app.js\"></script>"
        )),
    );
    let from_json = "<script>fetch('/api/courses.json').then(r => r.json()).then(d => { \
         document.title = d.title; document.getElementById('root').innerHTML = d.html; });</script>";
    let data = serde_json::json!({ "title": TITLE, "html": CONTENT }).to_string();
    server.route(
        &format!("{PAGE_HOST}/api/courses.json"),
        "application/json",
        &data,
        Duration::ZERO,
    );
    server.page("/json", &shell(from_json));
    server.route(
        &format!("{PAGE_HOST}/api/slow.json"),
        "application/json",
        &data,
        Duration::from_secs(1),
    );
    server.page(
        "/slow-api",
        &shell(&from_json.replace("courses.json", "slow.json")),
    );
    server.page(
        "/document-write",
        &format!(
            "<!doctype html><html><head><title>{TITLE}</title></head><body>\
             <script>document.write({});</script></body></html>",
            js(CONTENT)
        ),
    );
    // The course list lives only in an open shadow root: no server HTML carries it.
    let shadow = format!(
        "<script>customElements.define('course-list', class extends HTMLElement {{ \
         constructor() {{ super(); this.attachShadow({{ mode: 'open' }}).innerHTML = {}; }} }});</script>",
        js(
            "<ul><li>Azure administration (AZ-104)</li><li>Power BI (PL-300)</li>\
            <li>Microsoft 365</li><li>Microsoft Teams</li></ul>"
        )
    );
    server.page(
        "/shadow",
        &format!(
            "<!doctype html><html><head><title>{TITLE}</title></head><body>\
             <h1>Microsoft courses at Contoso Learning</h1><course-list></course-list>\
             <p>© 2026 Contoso Learning</p>{shadow}</body></html>"
        ),
    );
    server.page(
        "/title-by-script",
        &format!(
            "<!doctype html><html><head><title>Loading…</title></head><body>\
             <h1>Courses at Contoso Learning</h1>\
             <p>Azure administration (AZ-104), Power BI (PL-300), Microsoft 365 and Microsoft Teams.</p>\
             <p>© 2026 Contoso Learning</p><script>document.title = {};</script></body></html>",
            js(TITLE)
        ),
    );
    server.page(
        "/banner",
        &server_rendered(
            "<script>const b = document.createElement('div'); b.className = 'banner'; \
             b.textContent = 'New: AWS Certified Solutions Architect bootcamp'; \
             document.getElementById('main').prepend(b);</script>",
        ),
    );
    server.page(
        "/testimonial",
        &server_rendered(
            "<script>const q = document.createElement('blockquote'); \
             q.textContent = 'I learned more here than at Fabrikam Academy.'; \
             document.getElementById('main').append(q);</script>",
        ),
    );
    server.page(
        "/coming-soon",
        &shell(
            "<script>document.getElementById('root').innerHTML = '<h1>Coming soon</h1>';</script>",
        ),
    );
    use Verdict::{Accepted, Rejected};
    vec![
        ("/inline", Accepted, None, Rejected),
        ("/bundle", Accepted, None, Rejected),
        ("/json", Accepted, None, Rejected),
        ("/slow-api", Accepted, None, Rejected),
        ("/document-write", Accepted, None, Rejected),
        ("/shadow", Accepted, None, Rejected),
        ("/title-by-script", Accepted, None, Rejected),
        ("/banner", Rejected, Some(Rule::NoCompetitors), Accepted),
        ("/testimonial", Rejected, Some(Rule::PartnerOnly), Accepted),
        (
            "/coming-soon",
            Rejected,
            Some(Rule::MicrosoftThemed),
            Rejected,
        ),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn script_built_pages_are_judged_as_rendered() {
    let server = Server::default();
    let addr = server.start().await;
    let pages = script_built_pages(&server, addr.port());
    let paths: Vec<&str> = pages.iter().map(|p| p.0).collect();
    let renderer = Arc::new(Renderer::new(browser(), 2));
    let rendered = judge_all(addr, Rendering::On(Arc::clone(&renderer)), &paths).await;
    let server_html = judge_all(addr, Rendering::Never, &paths).await;
    for (path, verdict, deciding, never) in &pages {
        let r = &rendered[*path];
        assert!(r.rendered, "{path}: {r:#?}");
        assert_eq!(r.verdict, *verdict, "{path} rendered: {r:#?}");
        if let Some(rule) = deciding {
            assert_eq!(status(r, *rule), Status::Fail, "{path}: {r:#?}");
        }
        let n = &server_html[*path];
        assert!(!n.rendered && n.render_note.is_none(), "{path}: {n:#?}");
        assert_eq!(n.verdict, *never, "{path} with --render never: {n:#?}");
    }
    // The deciding evidence is the page as rendered: the banner's words, the title scripts set.
    let banner = rendered["/banner"].rule(Rule::NoCompetitors).unwrap();
    assert!(
        banner.message.contains("Amazon Web Services"),
        "{banner:#?}"
    );
    assert!(
        banner
            .evidence
            .iter()
            .any(|e| e.text.contains("AWS Certified")),
        "{banner:#?}"
    );
    let owned = rendered["/title-by-script"]
        .rule(Rule::PartnerOwned)
        .unwrap();
    assert!(owned.evidence.iter().any(|e| e.text == TITLE), "{owned:#?}");
    // The slow API was waited for: the page settles only after its answer.
    assert!(
        rendered["/slow-api"].render_note.is_none(),
        "{:#?}",
        rendered["/slow-api"]
    );
    assert_eq!(
        renderer
            .stats()
            .failures
            .load(std::sync::atomic::Ordering::Relaxed),
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_browser_reaches_nothing_but_through_lpdir() {
    let server = Server::default();
    let addr = server.start().await;
    let v4 = honeypot("127.0.0.1:0").await.unwrap();
    let v6 = honeypot("[::1]:0").await;
    let (p, p6) = (v4.port, v6.as_ref().map_or(v4.port, |h| h.port));
    let targets = [
        format!("http://localhost:{p}/x"),
        format!("http://127.0.0.1:{p}/x"),
        format!("http://2130706433:{p}/x"),
        format!("http://[::1]:{p6}/x"),
    ];
    let mut script = String::from("<script>\n");
    for (i, t) in targets.iter().enumerate() {
        let t = js(t);
        script.push_str(&format!(
            "fetch({t}).catch(() => {{}});\n\
             {{ const x = new XMLHttpRequest(); x.open('GET', {t}); x.send(); }}\n\
             navigator.sendBeacon({t}, 'b');\n\
             try {{ new WebSocket({t}.replace('http', 'ws')); }} catch (e) {{}}\n\
             {{ const i = new Image(); i.src = {t} + '/img{i}.png'; document.body.append(i); }}\n\
             {{ const f = document.createElement('iframe'); f.src = {t} + '/frame'; document.body.append(f); }}\n\
             {{ const l = document.createElement('link'); l.rel = 'prefetch'; l.href = {t} + '/next'; document.head.append(l); }}\n"
        ));
    }
    script.push_str("navigator.serviceWorker && navigator.serviceWorker.register('/sw.js').catch(() => {});\n</script>");
    server.page(
        "/honey",
        &server_rendered(&format!(
            "{script}<img src=\"http://{BUNDLE_HOST}:{}/logo.png\" alt=\"\">",
            addr.port()
        )),
    );
    let renderer = Arc::new(Renderer::new(browser(), 1));
    let reports = judge_all(addr, Rendering::On(Arc::clone(&renderer)), &["/honey"]).await;
    let r = &reports["/honey"];
    assert!(r.rendered, "{r:#?}");
    assert_eq!(r.verdict, Verdict::Accepted, "{r:#?}");
    let note = r.render_note.as_deref().unwrap_or_default();
    // The first refusals in sorted order (the same whatever order the browser asked in):
    // the 127.0.0.1 ones, refused as loopback.
    assert!(
        note.contains("loopback"),
        "the refusals are reported: {note}"
    );
    // And in a Dutch reader's words, from the same finding.
    let words =
        lpdir::i18n::Language::load_all(std::path::Path::new("/nonexistent"), &["nl".into()])
            .unwrap()
            .remove(0)
            .strings
            .self_check;
    let dutch = words.said(&r.render_said);
    assert!(dutch.starts_with("lpdir weigerde "), "{dutch}");
    assert!(!dutch.contains("of the page's"), "{dutch}");
    assert_eq!(
        *v4.hits.lock().unwrap(),
        0,
        "a request reached 127.0.0.1:{p}"
    );
    if let Some(v6) = &v6 {
        assert_eq!(*v6.hits.lock().unwrap(), 0, "a request reached [::1]:{p6}");
    }
    // What the browser tried on its own (the WebSockets at least) met the refusing proxy.
    assert!(renderer.refused_by_sink().await > 0);
    // Every request the partner's server saw was made by lpdir's fetcher, not by Chromium:
    // a browser that bypassed lpdir would send its own User-Agent. The document came once.
    let seen = server.requests();
    assert!(seen.iter().all(|(_, agent)| agent == UA), "{seen:#?}");
    let documents = seen
        .iter()
        .filter(|(k, _)| k == &format!("{PAGE_HOST}/honey"));
    assert_eq!(documents.count(), 1, "{seen:#?}");
    assert!(
        seen.iter()
            .any(|(k, _)| k == &format!("{BUNDLE_HOST}/logo.png")),
        "{seen:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_that_fails_fails_the_page_closed() {
    let server = Server::default();
    let addr = server.start().await;
    server.page("/ok", &server_rendered(""));
    // It is rendering when the browser is killed.
    serve_polling_page(&server);
    let renderer = Arc::new(Renderer::new(browser(), 1));
    let validator = Validator::new(settings(addr), judge())
        .unwrap()
        .with_rendering(Rendering::On(Arc::clone(&renderer)));
    let candidate = |p: &str| Candidate {
        subject: subject(),
        url: format!("http://{PAGE_HOST}:{}{p}", addr.port())
            .parse()
            .unwrap(),
    };
    let polling = candidate("/polling");
    let check = tokio::spawn({
        let validator = validator.clone();
        async move { validator.check(&polling).await }
    });
    // Once the page's first API call arrives, the browser is rendering it: kill it.
    loop {
        let arrived = server.arrived.notified();
        if server
            .requests()
            .iter()
            .any(|(k, _)| k.ends_with("/api/poll"))
        {
            break;
        }
        arrived.await;
    }
    let pid = renderer.browser_pid().await.expect("a browser runs");
    std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap();
    let failed = check.await.unwrap();
    assert_eq!(failed.verdict, Verdict::Rejected, "{failed:#?}");
    assert!(!failed.rendered);
    let note = failed.render_note.as_deref().unwrap_or_default();
    assert!(
        note.starts_with("not judged: the browser failed"),
        "{failed:#?}"
    );
    for rule in &Rule::ALL[1..] {
        let r = failed.rule(*rule).unwrap();
        assert_eq!(r.status, Status::Fail, "{failed:#?}");
        assert!(r.message.contains("lpdir failed"), "{failed:#?}");
    }
    // The next page gets a new browser and is judged.
    let next = validator.check(&candidate("/ok")).await;
    assert_eq!(next.verdict, Verdict::Accepted, "{next:#?}");
    assert!(next.rendered);
    assert_eq!(
        renderer
            .stats()
            .launches
            .load(std::sync::atomic::Ordering::Relaxed),
        2
    );

    // A browser that cannot start at all fails every page closed too.
    let broken = Validator::new(settings(addr), judge())
        .unwrap()
        .with_rendering(Rendering::On(Arc::new(Renderer::new(
            "/bin/false".into(),
            1,
        ))));
    let r = broken.check(&candidate("/ok")).await;
    assert_eq!(r.verdict, Verdict::Rejected, "{r:#?}");
    assert!(
        r.render_note
            .as_deref()
            .unwrap_or_default()
            .starts_with("not judged: the browser failed")
    );
}

/// `lpdir ARGS` with the test server's hosts pinned, plain http allowed, and `env` set.
async fn lpdir_cli(addr: SocketAddr, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_lpdir"));
    command.args(args).args(["--allow-http", "--timeout", "15"]);
    for host in [PAGE_HOST, BUNDLE_HOST] {
        command.args(["--resolve", &format!("{host}:{}:127.0.0.1", addr.port())]);
    }
    command.env_remove("LPDIR_BROWSER");
    for (k, v) in env {
        command.env(k, v);
    }
    common::output_of(command).await
}

fn page_url(addr: SocketAddr, path: &str) -> String {
    format!("http://{PAGE_HOST}:{}{path}", addr.port())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn render_flags_say_how_each_page_was_seen() {
    let server = Server::default();
    let addr = server.start().await;
    let pages = script_built_pages(&server, addr.port());
    let url = page_url(addr, pages[0].0);
    let check = [
        "check",
        &url,
        "--partner",
        "Contoso Learning",
        "--format",
        "json",
    ];
    // No browser on PATH: `auto` judges the server's HTML and says so on the page.
    let empty = tempfile::tempdir().unwrap();
    let no_path = [("PATH", empty.path().to_str().unwrap())];
    let out = lpdir_cli(addr, &check, &no_path).await;
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["rendered"], false, "{json:#}");
    assert_eq!(
        json["render_note"],
        "not rendered: no browser found — install chromium or pass --browser"
    );
    assert_eq!(
        json["verdict"], "rejected",
        "the React shell alone: {json:#}"
    );
    // `always` without a browser, and a --browser that is not one, are usage errors.
    let out = lpdir_cli(
        addr,
        &[&check[..], &["--render", "always"]].concat(),
        &no_path,
    )
    .await;
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--render always needs a browser"), "{err}");
    assert!(err.contains("apt-get install chromium"), "{err}");
    let out = lpdir_cli(
        addr,
        &[&check[..], &["--browser", "/nonexistent/chromium"]].concat(),
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--browser names `/nonexistent/chromium`")
    );
    let out = lpdir_cli(addr, &check, &[("LPDIR_BROWSER", "/nonexistent/chrome")]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("LPDIR_BROWSER names"));
    // `never`: today's behaviour, nothing said.
    let out = lpdir_cli(addr, &[&check[..], &["--render", "never"]].concat(), &[]).await;
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["rendered"], false);
    assert!(json.get("render_note").is_none(), "{json:#}");
    // The default with a browser installed: rendered, and accepted.
    let out = lpdir_cli(
        addr,
        &check,
        &[("LPDIR_BROWSER", browser().to_str().unwrap())],
    )
    .await;
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["rendered"], true, "{json:#}");
    assert_eq!(json["verdict"], "accepted", "{json:#}");
    assert_eq!(out.status.code(), Some(0));
    // The text output says it too.
    let text = ["check", &url, "--partner", "Contoso Learning"];
    let out = lpdir_cli(addr, &text, &no_path).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Judged on the HTML your server sends"),
        "{stdout}"
    );
    assert!(
        stdout.contains("note: not rendered: no browser found"),
        "{stdout}"
    );
}

/// The image's width and height, and whether any pixel has the outline's red (#d1002f).
fn picture(path: &std::path::Path) -> (u32, u32, bool) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let red = buf[..info.buffer_size()]
        .chunks(channels)
        .any(|p| p[0] == 0xd1 && p[1] == 0x00 && p[2] == 0x2f);
    (info.width, info.height, red)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn screenshots_show_the_page_with_the_failing_evidence_outlined() {
    let server = Server::default();
    let addr = server.start().await;
    script_built_pages(&server, addr.port());
    // A tall page: the picture stops at 8,000 pixels.
    server.page(
        "/tall",
        &server_rendered("<div style=\"height: 12000px\">Azure</div>"),
    );
    let dir = tempfile::tempdir().unwrap();
    let shots = dir.path().join("shots");
    let shots_arg = shots.to_str().unwrap();
    // `lpdir check` of a path with screenshots on, and `extra` flags.
    let check = |path: &str, extra: &[&str]| {
        let args: Vec<String> = ["check", &page_url(addr, path), "--partner"]
            .iter()
            .chain(&["Contoso Learning", "--screenshots", shots_arg])
            .chain(extra)
            .map(|a| a.to_string())
            .collect();
        async move {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            lpdir_cli(addr, &args, &[]).await
        }
    };
    let json = |out: &std::process::Output| -> serde_json::Value {
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let banner = json(&check("/banner", &["--format", "json"]).await);
    assert_eq!(banner["verdict"], "rejected", "{banner:#}");
    let path = shots.join(format!("{PAGE_HOST}.png"));
    assert_eq!(banner["screenshot"], path.to_str().unwrap(), "{banner:#}");
    let (width, height, red) = picture(&path);
    assert_eq!(width, 1280);
    assert!(height > 100 && height <= 8000, "{height}");
    assert!(red, "the AWS banner is outlined in red");
    // An accepted page has nothing outlined; the text report says where the picture is.
    let out = check("/inline", &[]).await;
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let line = format!("screenshot: {}", path.display());
    assert!(stdout.contains(&line), "{stdout}");
    assert!(!picture(&path).2, "nothing fails, nothing is outlined");
    check("/tall", &[]).await;
    assert_eq!(picture(&path).1, 8000);
    // No picture of a page that was not fetched.
    let missing = json(&check("/missing", &["--format", "json"]).await);
    assert_eq!(missing["verdict"], "unreachable");
    assert!(missing.get("screenshot").is_none(), "{missing:#}");
    // Only a rendered page is photographed: with --render never, --screenshots is refused.
    let out = check("/banner", &["--render", "never"]).await;
    assert_eq!(out.status.code(), Some(2));
}

/// The processes whose command line mentions `needle`.
fn processes_mentioning(needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        if let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) {
            let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            if cmdline.contains(needle) {
                found.push(cmdline);
            }
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_lpdir_mid_render_leaves_no_browser() {
    let server = Server::default();
    let addr = server.start().await;
    serve_polling_page(&server);
    for signal in ["-KILL", "-TERM", "-INT"] {
        // lpdir's temporary folders, the browser's profile among them, go here: the browser
        // is found by it.
        let tmp = tempfile::tempdir().unwrap();
        let tmp_path = tmp.path().to_str().unwrap().to_owned();
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_lpdir"));
        let url = page_url(addr, "/polling");
        command
            .args([
                "check",
                &url,
                "--partner",
                "Contoso Learning",
                "--allow-http",
            ])
            .args([
                "--resolve",
                &format!("{PAGE_HOST}:{}:127.0.0.1", addr.port()),
            ])
            .args(["--timeout", "60", "--render", "always"])
            .env("TMPDIR", &tmp_path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        let mut child = command.spawn().unwrap();
        let before = server.requests().len();
        // Rendering: the page's script has called its API.
        loop {
            let arrived = server.arrived.notified();
            let seen = server.requests();
            if seen[before.min(seen.len())..]
                .iter()
                .any(|(k, _)| k.ends_with("/api/poll"))
            {
                break;
            }
            arrived.await;
        }
        assert!(
            !processes_mentioning(&tmp_path).is_empty(),
            "the browser runs"
        );
        std::process::Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap();
        tokio::task::spawn_blocking(move || child.wait().unwrap())
            .await
            .unwrap();
        // The browser notices the end of its pipe and quits: wait for that, up to a minute.
        let gone = tokio::time::timeout(Duration::from_secs(60), async {
            while !processes_mentioning(&tmp_path).is_empty() {
                tokio::task::yield_now().await;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        });
        assert!(
            gone.await.is_ok(),
            "after kill {signal}, left running: {:?}",
            processes_mentioning(&tmp_path)
        );
    }
}

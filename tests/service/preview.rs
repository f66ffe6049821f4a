//! The live preview: a real server on 127.0.0.1:0 over a fixture site, edited by the test.

use crate::common;

use common::browser::Browser;
use common::{Fixture, web};
use lpdir::preview::{Preview, PreviewBuilder};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

struct Running {
    addr: SocketAddr,
    _preview: Arc<Preview>,
    _watcher: lpdir::preview::WatchGuard,
    _out: tempfile::TempDir,
}

async fn start(f: &Fixture) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let out = tempfile::tempdir().unwrap();
    let base = url::Url::parse(&format!("http://{addr}/")).unwrap();
    let builder = PreviewBuilder::new(
        f.root().canonicalize().unwrap(),
        out.path().join("site"),
        base,
        None,
    );
    let (preview, first) = Preview::start(builder);
    first.unwrap();
    let watcher = preview.watch(&f.root().canonicalize().unwrap()).unwrap();
    let router = preview.router();
    let limits = lpdir::http_server::Limits {
        header_timeout: Duration::from_secs(1),
        ..lpdir::http_server::Limits::local()
    };
    tokio::spawn(lpdir::http_server::run(listener, router, limits));
    Running {
        addr,
        _preview: preview,
        _watcher: watcher,
        _out: out,
    }
}

async fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let r = web::http()
        .get(format!("http://{addr}{path}"))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

type Events = tokio::io::Lines<BufReader<tokio::net::TcpStream>>;

/// The preview's event stream, open (its headers read) before anything changes.
async fn events(addr: SocketAddr) -> Events {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(
            b"GET /__lpdir/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n",
        )
        .await
        .unwrap();
    let mut lines = BufReader::new(stream).lines();
    // The headers arrive first: the stream is open before the change is made.
    while let Ok(Some(line)) = lines.next_line().await {
        if line.is_empty() {
            break;
        }
    }
    lines
}

/// The first reload event after `action`: the preview rebuilt (or failed to) and told its
/// pages. Panics after 10 s without one.
async fn next_reload(addr: SocketAddr, action: impl std::future::Future<Output = ()>) -> String {
    let mut lines = events(addr).await;
    action.await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        match tokio::time::timeout_at(deadline, lines.next_line()).await {
            Ok(Ok(Some(line))) => {
                if let Some(data) = line.strip_prefix("data: ") {
                    return data.to_owned();
                }
            }
            other => panic!("no reload event within 10 s: {other:?}"),
        }
    }
}

/// Reload events seen on the preview's event stream within `wait`: for what must happen once
/// (or not at all), which only a window can show.
async fn reloads(
    addr: SocketAddr,
    wait: Duration,
    action: impl std::future::Future<Output = ()>,
) -> Vec<String> {
    let mut lines = events(addr).await;
    action.await;
    let mut seen = Vec::new();
    let deadline = Instant::now() + wait;
    while let Ok(Ok(Some(line))) = tokio::time::timeout_at(deadline.into(), lines.next_line()).await
    {
        if let Some(data) = line.strip_prefix("data: ") {
            seen.push(data.to_owned());
        }
    }
    seen
}

fn fixture() -> Fixture {
    let f = Fixture::new();
    f.entry(
        "2026-11",
        "contoso",
        "Contoso Learning",
        "NL",
        "https://contoso.nl/microsoft",
        Some("gold"),
    )
    .entry(
        "2026-11",
        "fabrikam",
        "Fabrikam Academy",
        "DE",
        "https://fabrikam.de/microsoft",
        None,
    );
    f
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_shows_up_with_a_reload_message() {
    let f = fixture();
    let s = start(&f).await;
    let (status, index) = get(s.addr, "/").await;
    assert_eq!(status, 200);
    assert!(index.contains(">Contoso Learning</a> <span class=\"pending\">pending</span>"));
    assert!(index.contains("<script src=\"/__lpdir/reload.js\"></script>"));
    // A partner not published yet is not "listed since" anything (the Dutch words:
    // tests/site/browse_pages.rs).
    let (_, page) = get(s.addr, "/partners/contoso/").await;
    assert!(
        page.contains("Pending: listed after the next publishing run")
            && page.contains("November 2026: pending, listed after the next publishing run"),
        "{page}"
    );
    assert!(
        !page.contains("Listed since") && !page.contains("2026: listed"),
        "{page}"
    );
    assert!(
        get(s.addr, "/__lpdir/reload.js")
            .await
            .1
            .contains("EventSource")
    );

    next_reload(s.addr, async {
        f.entry(
            "2026-11",
            "contoso",
            "Contoso Learning Center",
            "NL",
            "https://contoso.nl/microsoft",
            Some("gold"),
        );
    })
    .await;
    let (_, index) = get(s.addr, "/").await;
    assert!(index.contains(">Contoso Learning Center</a>"), "{index}");
    // A new entry file, in a new month folder, is picked up too.
    next_reload(s.addr, async {
        f.entry(
            "2026-12",
            "tailspin",
            "Tailspin Skills",
            "US",
            "https://tailspin.com/ms",
            None,
        );
    })
    .await;
    let (_, index) = get(s.addr, "/").await;
    assert!(index.contains(">Tailspin Skills</a>"), "{index}");
    assert_eq!(get(s.addr, "/nope/").await.0, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_template_shows_its_error_until_fixed() {
    let f = fixture();
    let s = start(&f).await;
    next_reload(s.addr, async {
        f.write(
            "templates/countries.html",
            "{% extends \"base.html\" %}{% block main %}{{ broken( }}{% endblock main %}",
        );
    })
    .await;
    let (status, page) = get(s.addr, "/").await;
    assert_eq!(status, 500);
    assert!(
        page.contains("The preview could not be built") && page.contains("countries.html"),
        "{page}"
    );
    assert!(
        page.contains("/__lpdir/reload.js"),
        "the error page reloads by itself"
    );

    // A broken entry is reported with its file, line and column.
    next_reload(s.addr, async {
        std::fs::remove_file(f.path("templates/countries.html")).unwrap();
    })
    .await;
    next_reload(s.addr, async {
        f.write(
            "content/partners/2026-11/contoso.yaml",
            "name: Contoso\ncontry: NL\n",
        );
    })
    .await;
    let (status, page) = get(s.addr, "/").await;
    assert_eq!(status, 500);
    assert!(
        page.contains("content/partners/2026-11/contoso.yaml:2:1")
            && page.contains("did you mean `country`?"),
        "{page}"
    );

    next_reload(s.addr, async {
        f.entry(
            "2026-11",
            "contoso",
            "Contoso Learning",
            "NL",
            "https://contoso.nl/microsoft",
            Some("gold"),
        );
    })
    .await;
    let (status, page) = get(s.addr, "/").await;
    assert_eq!(status, 200, "the site never came back");
    assert!(page.contains(">Contoso Learning</a>"), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_saves_and_editor_files_rebuild_once() {
    let f = fixture();
    let s = start(&f).await;
    let seen = reloads(s.addr, Duration::from_millis(1500), async {
        for i in 0..5 {
            f.entry(
                "2026-11",
                "contoso",
                &format!("Contoso {i}"),
                "NL",
                "https://contoso.nl/microsoft",
                None,
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        f.write("content/partners/2026-11/.contoso.yaml.swp", "x");
        f.write("content/partners/2026-11/contoso.yaml~", "x");
    })
    .await;
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(get(s.addr, "/").await.1.contains(">Contoso 4</a>"));
    // Editor files alone cause no rebuild.
    let seen = reloads(s.addr, Duration::from_millis(800), async {
        f.write("content/partners/2026-11/.fabrikam.yaml.swp", "y");
        f.write("content/4913", "");
    })
    .await;
    assert!(seen.is_empty(), "{seen:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_browser_reloads_by_itself_after_an_edit() {
    let f = fixture();
    let s = start(&f).await;
    let b = Browser::start().await;
    b.goto(&format!("http://{}/", s.addr)).await;
    // A mark that only survives if the page is not reloaded.
    b.eval("window.__before_edit = true; return 1").await;
    // The edit must come after the page's live-reload stream is open.
    let deadline = Instant::now() + Duration::from_secs(8);
    while b.eval("return String(window.__lpdirLive === true)").await != "true" {
        assert!(
            Instant::now() < deadline,
            "the live-reload stream never opened"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    write_fabrikam_renamed(&f);
    let deadline = Instant::now() + Duration::from_secs(8);
    loop {
        let rows = b.visible_rows().await;
        if rows.contains(&"Fabrikam Akademie".to_owned()) {
            break;
        }
        assert!(Instant::now() < deadline, "no reload: {rows:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        b.eval("return typeof window.__before_edit").await,
        "undefined",
        "the page was reloaded, not patched"
    );
}

#[test]
fn an_incremental_rebuild_equals_a_full_build() {
    let f = fixture();
    f.entry(
        "2026-11",
        "adatum",
        "A. Datum",
        "FR",
        "https://adatum.fr/ms",
        None,
    )
    .write(
        "content/how-to-get-listed.md",
        "---\ntitle: How to get listed\n---\nText.\n",
    );
    let root = f.root().canonicalize().unwrap();
    let base = url::Url::parse("http://127.0.0.1:1111/").unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut preview = PreviewBuilder::new(root.clone(), out.path().join("inc"), base.clone(), None);
    preview.build(&[]).unwrap();
    assert!(out.path().join("inc/countries/nl/index.html").exists());

    // Contoso moves from the Netherlands (its only partner) to Germany, and is renamed.
    let file = root.join("content/partners/2026-11/contoso.yaml");
    f.entry(
        "2026-11",
        "contoso",
        "Contoso Lernen",
        "DE",
        "https://contoso.nl/microsoft",
        Some("gold"),
    );
    preview.build(std::slice::from_ref(&file)).unwrap();
    // And Fabrikam is renamed, within Germany.
    rename_fabrikam(&f, &mut preview, &root);

    let mut full = PreviewBuilder::new(root, out.path().join("full"), base, None);
    full.build(&[]).unwrap();
    let (inc, full) = (
        common::tree(&out.path().join("inc")),
        common::tree(&out.path().join("full")),
    );
    assert!(
        inc.iter()
            .any(|(p, _)| p.ends_with("countries/de/index.html"))
    );
    assert!(
        !inc.iter().any(|(p, _)| p.starts_with("countries/nl")),
        "the emptied country's page is gone"
    );
    assert!(
        inc.iter()
            .any(|(p, _)| p.ends_with("how-to-get-listed/index.html")),
        "unaffected pages are kept"
    );
    assert_eq!(inc, full);
}

/// The preview keeps each partner's row between rebuilds; a change that is not an entry (here
/// a translation) must not leave rows in the old wording.
#[test]
fn a_translation_change_renders_every_row_again() {
    let f = fixture();
    let root = f.root().canonicalize().unwrap();
    let base = url::Url::parse("http://127.0.0.1:1111/").unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut preview = PreviewBuilder::new(root.clone(), out.path().join("p"), base, None);
    preview.build(&[]).unwrap();
    let page = || std::fs::read_to_string(out.path().join("p/index.html")).unwrap();
    assert!(page().contains("<td>Gold</td>"));

    // An entry edit first, so the rows are cached, then the English level name changes.
    rename_fabrikam(&f, &mut preview, &root);
    let reworded = include_str!("../../i18n/en.toml")
        .replace("level_gold = \"Gold\"", "level_gold = \"Goud\"");
    assert_ne!(reworded, include_str!("../../i18n/en.toml"));
    f.write("i18n/en.toml", reworded);
    preview.build(&[root.join("i18n/en.toml")]).unwrap();
    let html = page();
    assert!(html.contains("<td>Goud</td>"), "{html}");
    assert!(!html.contains("<td>Gold</td>"));
    assert!(html.contains("Fabrikam Akademie"));
}

/// Renames Fabrikam, within Germany, and rebuilds the preview for that one file.
fn rename_fabrikam(f: &Fixture, preview: &mut PreviewBuilder, root: &std::path::Path) {
    write_fabrikam_renamed(f);
    preview
        .build(&[root.join("content/partners/2026-11/fabrikam.yaml")])
        .unwrap();
}

/// Fabrikam's entry, renamed "Fabrikam Akademie", still in Germany.
fn write_fabrikam_renamed(f: &Fixture) {
    f.entry(
        "2026-11",
        "fabrikam",
        "Fabrikam Akademie",
        "DE",
        "https://fabrikam.de/microsoft",
        None,
    );
}

async fn raw(addr: SocketAddr, request: &[u8]) -> String {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut out = Vec::new();
    let read = tokio::io::AsyncReadExt::read_to_end(&mut stream, &mut out);
    // A bound so that a regression fails instead of hanging; not a speed check.
    let _ = tokio::time::timeout(Duration::from_secs(30), read).await;
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_local_host_names_are_answered() {
    let f = fixture();
    let s = start(&f).await;
    let page = raw(
        s.addr,
        b"GET / HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(page.starts_with("HTTP/1.1 421"), "{page}");
    assert!(!page.contains("Contoso"), "{page}");
    for host in ["127.0.0.1", "localhost:1111"] {
        let request = format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        let page = raw(s.addr, request.as_bytes()).await;
        assert!(
            page.starts_with("HTTP/1.1 200") && page.contains("Contoso"),
            "{host}: {page}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_request_head_is_cut_off() {
    let f = fixture();
    let s = start(&f).await;
    // Half a head, then silence: the server closes the connection (header timeout 1 s).
    let answer = raw(s.addr, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").await;
    assert!(!answer.contains("Contoso"), "{answer}");
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
}

/// The server under any router: a body that never comes is answered 408 by its deadline, an
/// idle connection is closed, and one address holds at most its share of connections.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_bodies_idle_connections_and_greedy_addresses_are_let_go() {
    use lpdir::http_server::{Limits, run};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new().route(
        "/echo",
        axum::routing::post(|body: String| async move { body }),
    );
    let limits = Limits {
        per_client: 2,
        body_timeout: Duration::from_millis(500),
        idle_timeout: Duration::from_millis(500),
        ..Limits::default()
    };
    tokio::spawn(run(listener, app, limits));
    // A whole body is read and handled.
    let echoed = raw(
        addr,
        b"POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
    )
    .await;
    assert!(
        echoed.starts_with("HTTP/1.1 200") && echoed.ends_with("hello"),
        "{echoed}"
    );
    // A declared body that never comes: 408, and the connection is closed.
    let stalled = raw(
        addr,
        b"POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nhel",
    )
    .await;
    assert!(stalled.starts_with("HTTP/1.1 408"), "{stalled}");
    // A kept-alive connection that goes quiet after its answer is closed.
    let mut idle = tokio::net::TcpStream::connect(addr).await.unwrap();
    idle.write_all(b"POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\nhi")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let closed = tokio::time::timeout(
        Duration::from_secs(30),
        tokio::io::AsyncReadExt::read_to_end(&mut idle, &mut answer),
    )
    .await;
    assert!(closed.is_ok(), "the idle connection was never closed");
    assert!(String::from_utf8_lossy(&answer).ends_with("hi"));
    // Two connections held by one address; a third is told 429 and closed at once.
    let _a = tokio::net::TcpStream::connect(addr).await.unwrap();
    let _b = tokio::net::TcpStream::connect(addr).await.unwrap();
    let third = raw(addr, b"GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").await;
    assert!(third.starts_with("HTTP/1.1 429"), "{third}");
    assert!(
        third.ends_with("Too many connections from your address.\n"),
        "{third}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_reload_streams_are_capped() {
    let f = fixture();
    let s = start(&f).await;
    let mut open = Vec::new();
    for _ in 0..lpdir::preview::MAX_LISTENERS {
        let mut stream = tokio::net::TcpStream::connect(s.addr).await.unwrap();
        stream
            .write_all(b"GET /__lpdir/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .await
            .unwrap();
        let mut lines = BufReader::new(stream).lines();
        assert_eq!(lines.next_line().await.unwrap().unwrap(), "HTTP/1.1 200 OK");
        open.push(lines);
    }
    let refused = raw(
        s.addr,
        b"GET /__lpdir/events HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(refused.starts_with("HTTP/1.1 503"), "{refused}");
    // Pages are still served, and a closed tab frees its place.
    assert_eq!(get(s.addr, "/").await.0, 200);
    open.pop();
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let again = raw(
            s.addr,
            b"GET /__lpdir/events HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        );
        let again = tokio::time::timeout(Duration::from_millis(500), again).await;
        if again.is_err() {
            break; // the stream opened and stays open: the place was freed
        }
        assert!(
            Instant::now() < deadline,
            "the closed stream's place was never freed"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dutch_pages_get_the_dutch_404() {
    let f = fixture();
    f.write("lpdir.toml", "languages = [\"en\", \"nl\"]\n");
    let s = start(&f).await;
    let (status, en) = get(s.addr, "/nope/").await;
    let (nl_status, nl) = get(s.addr, "/nl/nope/").await;
    assert_eq!((status, nl_status), (404, 404));
    assert!(en.contains("lang=\"en\""), "{en}");
    assert!(nl.contains("lang=\"nl\""), "{nl}");
}

#[test]
fn a_missing_root_is_an_error_not_an_empty_preview() {
    let f = Fixture::new();
    let out = f.lpdir(&["serve", "--root", "no-such-folder", "--port", "0"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`no-such-folder` does not exist"), "{err}");
}

/// `lpdir serve` started in `dir` with `args`: the child and its address, read from the
/// "Serving at" line. The child is killed when the guard drops.
fn spawn_serve(dir: &std::path::Path, args: &[&str]) -> (KillOnDrop, SocketAddr) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_lpdir"))
        .args(["serve", "--port", "0"])
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let child = KillOnDrop(child);
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(rest) = line.strip_prefix("Serving at http://") {
            let addr = rest.split('/').next().unwrap().parse().unwrap();
            // Keep reading its output, so that the preview never blocks on a full pipe.
            std::thread::spawn(move || lines.for_each(drop));
            return (child, addr);
        }
    }
    panic!("lpdir serve stopped before serving");
}

struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The README's quick start: `lpdir serve` in the site's folder, with the root typed as the
/// default `.`, as a folder's name, or through a symbolic link. An edit reloads the browser.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_preview_reloads_however_the_root_is_typed() {
    let f = fixture();
    let links = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(f.root(), links.path().join("linked")).unwrap();
    let parent = f.root().parent().unwrap();
    let name = f.root().file_name().unwrap().to_str().unwrap();
    let spellings: [(&std::path::Path, Vec<&str>); 4] = [
        (f.root(), vec![]),
        (f.root(), vec!["--root", "."]),
        (parent, vec!["--root", name]),
        (links.path(), vec!["--root", "linked"]),
    ];
    for (i, (dir, args)) in spellings.into_iter().enumerate() {
        let (child, addr) = spawn_serve(dir, &args);
        let renamed = format!("Contoso Learning {i}");
        let mut stream = events(addr).await;
        f.entry(
            "2026-11",
            "contoso",
            &renamed,
            "NL",
            "https://contoso.nl/microsoft",
            Some("gold"),
        );
        // Waits for the event; the bound only turns a regression into a failure.
        let reloaded = tokio::time::timeout(Duration::from_secs(30), async {
            while let Ok(Some(line)) = stream.next_line().await {
                if line.starts_with("data: ") {
                    return true;
                }
            }
            false
        })
        .await;
        assert_eq!(
            reloaded,
            Ok(true),
            "no reload with {args:?} in {}",
            dir.display()
        );
        let (_, page) = get(addr, "/").await;
        assert!(
            page.contains(&renamed),
            "{args:?}: the page was not rebuilt"
        );
        drop(child);
    }
}

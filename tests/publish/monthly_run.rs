//! The monthly publishing run end to end, against a real local server serving the fixture
//! landing pages: the ledger, the site built from it, the report, resuming, and the schedule.

use crate::common;

use common::web::{Reply, Site, landing};
use common::{Fixture, tree};
use std::net::SocketAddr;
use std::process::{Command, Output};
use std::time::Duration;

const HOSTS: &[&str] = &[
    "www.contoso.com",
    "www.fabrikam.de",
    "www.northwind.com",
    "www.tailspin.com",
    "www.gone.com",
    "www.slow.com",
];

fn lpdir_cmd(f: &Fixture, addr: SocketAddr, args: &[&str], today: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lpdir"));
    c.args(args).env("LPDIR_TODAY", today).current_dir(f.root());
    if args[0] == "publish" {
        // Judged as the server sends them: rendering has its own tests (validate/render.rs,
        // publish/sample.rs), and "auto" would render here only where Chromium is installed.
        c.args(["--allow-http", "--timeout", "5", "--render", "never"]);
        for h in HOSTS {
            c.arg("--resolve")
                .arg(format!("{h}:{}:127.0.0.1", addr.port()));
        }
    }
    c
}

async fn lpdir(f: &Fixture, addr: SocketAddr, args: &[&str], today: &str) -> Output {
    common::output_of(lpdir_cmd(f, addr, args, today)).await
}

fn url(addr: SocketAddr, host: &str, path: &str) -> String {
    format!("http://{host}:{}{path}", addr.port())
}

fn ledger(f: &Fixture, month: &str) -> serde_json::Value {
    serde_json::from_str(&f.read(&format!("content/published/{month}.json"))).unwrap()
}

fn decision<'a>(ledger: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    ledger["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("no decision for {id}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_monthly_run_publishes_accepted_entries_and_explains_the_rest() {
    let site = Site::default();
    site.page(
        "www.northwind.com",
        "/v1",
        &landing("Northwind Training", ""),
    )
    .page(
        "www.northwind.com",
        "/v2",
        &landing(
            "Northwind Training",
            "<footer>Google Cloud courses too</footer>",
        ),
    )
    .page("www.gone.com", "/", &landing("Gone Training", ""))
    .page(
        "www.contoso.com",
        "/microsoft",
        &landing("Contoso Learning", ""),
    )
    .page(
        "www.fabrikam.de",
        "/microsoft",
        &landing("Fabrikam Academy", "<p>We also teach AWS.</p>"),
    );
    let addr = site.start().await;
    let f = Fixture::new();
    f.write("lpdir.toml", "apply = \"mailto:partners@example.org\"\n");
    f.entry(
        "2026-10",
        "northwind",
        "Northwind Training",
        "GB",
        &url(addr, "www.northwind.com", "/v1"),
        Some("gold"),
    )
    .entry(
        "2026-10",
        "gone",
        "Gone Training",
        "GB",
        &url(addr, "www.gone.com", "/"),
        None,
    );

    // October, published late with --force.
    let out = lpdir(&f, addr, &["publish", "--month", "2026-10"], "2026-11-02").await;
    assert_eq!(
        out.status.code(),
        Some(3),
        "outside the third week without --force: its own status, for a scheduled job to skip"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("belongs to its third week, 2026-10-15 to 2026-10-21; today is 2026-11-02")
    );
    assert!(!f.path("content/published/2026-10.json").exists());
    let out = lpdir(
        &f,
        addr,
        &["publish", "--month", "2026-10", "--force"],
        "2026-11-02",
    )
    .await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        decision(&ledger(&f, "2026-10"), "northwind")["outcome"],
        "accepted"
    );

    // November's requests: a good new partner, a new partner naming a competitor, an update
    // whose page now fails, an unreachable page and a removal.
    f.entry(
        "2026-11",
        "contoso",
        "Contoso Learning",
        "NL",
        &url(addr, "www.contoso.com", "/microsoft"),
        Some("gold"),
    )
    .entry(
        "2026-11",
        "fabrikam",
        "Fabrikam Academy",
        "DE",
        &url(addr, "www.fabrikam.de", "/microsoft"),
        None,
    )
    .entry(
        "2026-11",
        "northwind",
        "Northwind Training",
        "GB",
        &url(addr, "www.northwind.com", "/v2"),
        Some("gold"),
    )
    .entry(
        "2026-11",
        "tailspin",
        "Tailspin Skills",
        "US",
        &url(addr, "www.tailspin.com", "/missing"),
        None,
    )
    .write(
        "content/partners/2026-11/gone.yaml",
        "removed: true\nreason: Left the programme\n",
    );
    let out = lpdir(&f, addr, &["publish", "--month", "2026-11"], "2026-11-18").await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "published, with rejections: 1 {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Published 2026-11: 1 added, 0 updated, 1 removed, 2 rejected, 1 unreachable (1 update kept its current listing; 4 pages judged"), "{stdout}");

    // The ledger: one decision per entry, with its hash, time and rules.
    let l = ledger(&f, "2026-11");
    let outcomes: Vec<(&str, &str, &str)> = l["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap(),
                d["request"].as_str().unwrap(),
                d["outcome"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            ("contoso", "new", "accepted"),
            ("fabrikam", "new", "rejected"),
            ("gone", "removal", "removed"),
            ("northwind", "update", "rejected"),
            ("tailspin", "new", "unreachable")
        ]
    );
    let fab = decision(&l, "fabrikam");
    assert_eq!(fab["hash"].as_str().unwrap().len(), 16);
    assert!(fab["checked_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(fab["rules"][4]["rule"], "no-competitors");
    assert_eq!(fab["rules"][4]["status"], "fail");

    // The site lists only what was accepted; the rejected update keeps its October entry.
    let index = f.read("public/index.html");
    assert!(index.contains(">Contoso Learning</a>"));
    assert!(index.contains("<a href=\"/partners/northwind/\">Northwind Training</a>"));
    assert!(
        f.read("public/partners/northwind/index.html")
            .contains(&format!(
                "href=\"{}\" rel=\"external noopener\"",
                url(addr, "www.northwind.com", "/v1")
            ))
    );
    for absent in ["Fabrikam", "Tailspin", "Gone Training", "pending"] {
        assert!(!index.contains(absent), "{absent} is listed");
    }
    let feed = f.read("public/feed.xml");
    assert!(
        feed.contains("<title>November 2026: 1 added, 0 updated, 1 removed</title>"),
        "{feed}"
    );

    // The report, ready to paste into a reply to each partner.
    let report = f.read("reports/2026-11.md");
    assert!(report.contains("### Fabrikam Academy (`fabrikam`)"));
    assert!(
        report.contains(
            "- **No competitors**: mentions Microsoft competitors: Amazon Web Services (1×)"
        ),
        "{report}"
    );
    // The quote marks the competitor's name, and only it, in bold.
    assert!(
        report.contains(
            "  - body: “…Microsoft 365 and Microsoft Teams courses. We also teach **AWS**.”"
        ),
        "{report}"
    );
    assert!(report.contains("so the directory keeps showing the partner's current listing"));
    assert!(report.contains(
        "Please fix the page and send your request again to partners@example.org; it will be \
         checked in next month's run."
    ));
    assert!(
        report.contains("We could not open your landing page")
            && report.contains("the server answered 404"),
        "{report}"
    );
    assert!(!report.contains("### Contoso"));
    let json: serde_json::Value = serde_json::from_str(&f.read("reports/2026-11.json")).unwrap();
    assert_eq!(json["summary"]["kept"], 1);

    // Rebuilt later from the ledgers, without the network, byte for byte.
    let requests = site.requests().len();
    let out = lpdir(
        &f,
        addr,
        &["build", "--month", "2026-11", "--output", "rebuilt"],
        "2026-12-01",
    )
    .await;
    assert!(out.status.success());
    assert_eq!(tree(&f.path("rebuilt")), tree(&f.path("public")));
    assert_eq!(site.requests().len(), requests);
    // The preview shows what is not judged yet, marked; what was refused stays out.
    f.entry(
        "2026-12",
        "wingtip",
        "Wingtip Academy",
        "FR",
        &url(addr, "www.wingtip.fr", "/"),
        None,
    );
    let out = lpdir(
        &f,
        addr,
        &["build", "--drafts", "--output", "preview"],
        "2026-12-01",
    )
    .await;
    assert!(out.status.success());
    let preview = f.read("preview/index.html");
    assert!(
        preview.contains(">Wingtip Academy</a> <span class=\"pending\">pending</span>"),
        "{preview}"
    );
    // Contoso is published (no pending mark), with what its accepted page teaches.
    assert!(
        preview.contains(">Contoso Learning</a><ul class=\"teaches\"")
            && !preview.contains("Fabrikam"),
        "{preview}"
    );
    let published = lpdir(&f, addr, &["build", "--output", "published"], "2026-12-01").await;
    assert!(published.status.success());
    assert!(!f.read("published/index.html").contains("Wingtip"));
    std::fs::remove_file(f.path("content/partners/2026-12/wingtip.yaml")).unwrap();

    // A rerun resumes: nothing is judged again unless asked, and the ledger, removal
    // included, stays byte for byte what it was (a bot's commit shows no noise).
    let before = f.read("content/published/2026-11.json");
    let out = lpdir(
        &f,
        addr,
        &["publish", "--month", "2026-11", "--format", "json"],
        "2026-11-19",
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(f.read("content/published/2026-11.json"), before);
    assert_eq!(site.requests().len(), requests);
    // The machine-readable run: the report's JSON and where the files are.
    let run: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(run["month"], "2026-11");
    assert_eq!(run["summary"]["rejected"], 2);
    assert_eq!(run["summary"]["unreachable"], 1);
    assert_eq!(run["summary"]["crawled"], 0);
    assert_eq!(run["listed"], 2);
    assert!(
        run["files"]["ledger"]
            .as_str()
            .unwrap()
            .ends_with("content/published/2026-11.json")
    );
    let gone = run["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "gone")
        .unwrap();
    assert_eq!(gone["outcome"], "removed");
    assert_eq!(gone["checked_at"], "2026-11-18T00:00:00Z");
    let out = lpdir(
        &f,
        addr,
        &["publish", "--month", "2026-11", "--recheck"],
        "2026-11-19",
    )
    .await;
    assert!(String::from_utf8_lossy(&out.stdout).contains("4 pages judged"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_run_loses_nothing_and_resumes() {
    let site = Site::default();
    let addr = site.start().await;
    let f = Fixture::new();
    let ids: Vec<String> = (0..8).map(|i| format!("partner-{i}")).collect();
    for (i, id) in ids.iter().enumerate() {
        let name = format!("Slow Partner {i}");
        site.route(
            "www.slow.com",
            &format!("/{id}"),
            Reply::Slow(landing(&name, "")),
        );
        f.entry(
            "2026-11",
            id,
            &name,
            "NL",
            &url(addr, "www.slow.com", &format!("/{id}")),
            None,
        );
    }
    // Every change under content/ is an event: the ledger is read again on each.
    let (changed, changes) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |e| {
        let _ = changed.send(e);
    })
    .unwrap();
    notify::Watcher::watch(
        &mut watcher,
        &f.path("content"),
        notify::RecursiveMode::Recursive,
    )
    .unwrap();
    // One page at a time, so the run is still going when it is killed.
    let mut child = lpdir_cmd(
        &f,
        addr,
        &["publish", "--month", "2026-11", "--jobs", "1"],
        "2026-11-18",
    )
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::null())
    .spawn()
    .unwrap();
    let ledger_path = f.path("content/published/2026-11.json");
    // Until two decisions are on disk (bounded, so that a regression fails instead of hanging).
    let judged_before = tokio::task::spawn_blocking(move || {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        let mut judged = Vec::new();
        while judged.len() < 2 {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if changes.recv_timeout(left).is_err() {
                break;
            }
            if let Ok(text) = std::fs::read_to_string(&ledger_path) {
                let l: serde_json::Value =
                    serde_json::from_str(&text).expect("the ledger on disk is always whole");
                judged = l["decisions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d["id"].as_str().unwrap().to_owned())
                    .collect();
            }
        }
        judged
    })
    .await
    .unwrap();
    drop(watcher);
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        (2..8).contains(&judged_before.len()),
        "killed after {} decisions",
        judged_before.len()
    );
    let l = ledger(&f, "2026-11");
    assert!(l["decisions"].as_array().unwrap().len() >= judged_before.len());
    assert!(
        !f.path("public").exists(),
        "an interrupted run built no site"
    );

    let out = lpdir(&f, addr, &["publish", "--month", "2026-11"], "2026-11-18").await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let l = ledger(&f, "2026-11");
    assert_eq!(l["decisions"].as_array().unwrap().len(), 8);
    assert!(
        l["decisions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["outcome"] == "accepted")
    );
    // What the first run had recorded was not fetched again.
    let requests = site.requests();
    for id in &judged_before {
        let n = requests
            .iter()
            .filter(|r| r.ends_with(&format!("/{id}")))
            .count();
        assert_eq!(n, 1, "{id} was fetched {n} times");
    }
    assert!(requests.len() <= 8 + 1, "{requests:?}");
    assert_eq!(
        f.read("public/index.html")
            .matches("/\">Slow Partner")
            .count(),
        8
    );
}

/// A build folds every entry once anyway, to check the whole content is consistent, and
/// reuses that fold when the scope keeps every entry. Whether it reuses or folds again, the
/// directory is the fold of exactly what the scope keeps.
#[test]
fn a_reused_fold_equals_folding_what_the_scope_keeps() {
    use lpdir::content::Month;
    use lpdir::publish::published::{directory, directory_from};
    use lpdir::publish::{Ledger, Outcome, Scope};

    let site =
        lpdir::site_root::SiteRoot::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    let published = Ledger::load_all(&site.root).unwrap();
    // The sample ledgers accept everything; a copy where one November update was rejected
    // and one entry is missing from its ledger makes the scopes differ.
    let mut edited = published.clone();
    let november = edited
        .get_mut(&"2026-11".parse::<Month>().unwrap())
        .unwrap();
    let update = november
        .decisions
        .iter_mut()
        .find(|d| d.outcome == Outcome::Accepted && d.request == lpdir::publish::Request::Update)
        .expect("the sample content has an accepted update in November");
    update.outcome = Outcome::Rejected;
    november.decisions.remove(0);

    let months: std::collections::BTreeSet<Month> =
        site.content.entries.iter().map(|e| e.month).collect();
    let (mut reused, mut folded) = (0, 0);
    for ledgers in [&published, &edited] {
        for &month in &months {
            for scope in [Scope::Published, Scope::Drafts] {
                let all = site.directory(Some(month)).unwrap();
                let expected = directory(&site.content, ledgers, month, scope).unwrap();
                if same_partners(&all) == same_partners(&expected)
                    && all.history == expected.history
                {
                    reused += 1;
                } else {
                    folded += 1;
                }
                let got = directory_from(all, &site.content, ledgers, scope).unwrap();
                assert_eq!(got, expected, "{month} {scope:?}");
            }
        }
    }
    assert!(reused > 0 && folded > 0, "{reused} reused, {folded} folded");
}

fn same_partners(d: &lpdir::content::Directory) -> Vec<(String, lpdir::content::Month)> {
    d.partners
        .iter()
        .map(|p| (p.id.to_string(), p.updated))
        .collect()
}

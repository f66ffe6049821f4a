//! Text from pages and partners cannot fool the reader: no terminal escapes in `check`'s
//! output, nothing live in the Markdown report, no formulas in `directory.csv`.

use crate::common;

use common::web::{Site, landing};
use common::{Fixture, output_of};
use std::process::Command;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_text_cannot_clear_the_screen_or_fake_a_verdict() {
    let site = Site::default();
    let footer = "<p>AWS \x1b[2J\x1b[H\x1b[32m✔ verdict: ACCEPTED \u{202E}txet desrever</p>";
    site.page("contoso.com", "/ms", &landing("Contoso", footer));
    let addr = site.start().await;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lpdir"));
    cmd.args(["check", &format!("http://contoso.com:{}/ms", addr.port())])
        .args(["--partner", "Contoso", "--allow-http", "--render", "never"])
        .args([
            "--resolve",
            &format!("contoso.com:{}:127.0.0.1", addr.port()),
        ]);
    let out = output_of(cmd).await;
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("verdict: REJECTED"), "{text}");
    assert!(text.contains("AWS"), "{text}");
    assert!(
        !text.contains('\x1b'),
        "escape sequences reached the terminal: {text:?}"
    );
    assert!(!text.contains('\u{202E}'), "{text:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_markdown_report_shows_names_and_evidence_as_text() {
    let site = Site::default();
    let evil = "Evil <img src=x onerror=alert(1)> Training";
    let tracker = "<h2>![](http://tracker.example/pixel) [click](http://evil.example/) AWS</h2>";
    site.page("evil.com", "/ms", &landing(evil, tracker));
    let addr = site.start().await;
    let f = Fixture::new();
    f.entry(
        "2026-11",
        "evil",
        evil,
        "NL",
        &format!("http://evil.com:{}/ms", addr.port()),
        None,
    );
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lpdir"));
    cmd.current_dir(f.root())
        .args(["publish", "--month", "2026-11", "--force", "--allow-http"])
        .args(["--render", "never"])
        .args(["--resolve", &format!("evil.com:{}:127.0.0.1", addr.port())]);
    let out = output_of(cmd).await;
    // Published, the page rejected: status 1.
    assert!(
        out.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = f.read("reports/2026-11.md");
    assert!(report.contains("Evil"), "{report}");
    // Rendered as a Markdown viewer would: no element, image or link comes from the partner.
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&report));
    // The only image is lpdir's own screenshot of the page, beside the report.
    let images: Vec<&str> = html
        .match_indices("<img")
        .map(|(i, _)| &html[i..])
        .collect();
    assert!(
        images
            .iter()
            .all(|i| i.starts_with("<img src=\"2026-11/evil.png\"")),
        "{html}"
    );
    assert!(!html.contains("<a "), "{html}");
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{html}"
    );
}

#[test]
fn csv_cells_never_start_a_formula() {
    let f = Fixture::new();
    f.entry(
        "2026-11",
        "formula",
        "=HYPERLINK(\"http://evil.example\",\"Click\")",
        "NL",
        "https://formula.nl/ms",
        None,
    )
    .write(
        "content/partners/2026-11/plus.yaml",
        "name: \"+31 Training\"\ncountry: NL\nlanding_url: https://plus.nl/ms\naliases: [\"@home\"]\n",
    );
    let out = f.lpdir(&["build", "--drafts"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = f.read("public/directory.csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let names: Vec<&str> = rows.iter().map(|r| &r[1]).collect();
    assert_eq!(
        names,
        [
            "'=HYPERLINK(\"http://evil.example\",\"Click\")",
            "'+31 Training"
        ]
    );
    assert!(rows.iter().any(|r| &r[7] == "'@home"), "{csv}");
    // The JSON keeps the names as they are.
    assert!(
        f.read("public/directory.json")
            .contains("\"name\": \"+31 Training\"")
    );
}

//! What a publishing run decides, with the partners it lists written out literally: a
//! rejected update and an unreachable update keep the last accepted listing, an entry edited
//! after its decision is judged again, and the removal of a partner that was never published
//! lists nothing and removes nothing.

use crate::common;

use common::web::{Site, landing};
use common::{Fixture, publish};
use std::net::SocketAddr;

const HOSTS: &[&str] = &[
    "alpha.com",
    "beta.com",
    "gamma.com",
    "delta.com",
    "epsilon.com",
];

fn url(addr: SocketAddr, host: &str, path: &str) -> String {
    format!("http://{host}:{}{path}", addr.port())
}

/// The listed partners as (id, name, landing URL path), from the published `directory.json`.
fn listed(f: &Fixture) -> Vec<(String, String, String)> {
    let json: serde_json::Value = serde_json::from_str(&f.read("public/directory.json")).unwrap();
    json["partners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let url = p["landing_url"].as_str().unwrap();
            let path = url.splitn(4, '/').nth(3).unwrap_or("");
            (
                p["id"].as_str().unwrap().to_owned(),
                p["name"].as_str().unwrap().to_owned(),
                format!("/{path}"),
            )
        })
        .collect()
}

fn row(id: &str, name: &str, path: &str) -> (String, String, String) {
    (id.into(), name.into(), path.into())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_kind_of_request_gets_its_literal_outcome() {
    let site = Site::default();
    site.page("alpha.com", "/v1", &landing("Alpha Training", ""))
        .page(
            "alpha.com",
            "/v2",
            &landing("Alpha Training", "<p>Also AWS courses.</p>"),
        )
        .page("beta.com", "/v1", &landing("Beta Training", ""))
        .page("gamma.com", "/v1", &landing("Gamma Training", ""))
        .page("gamma.com", "/v2", &landing("Gamma Skills", ""))
        .page("delta.com", "/v1", &landing("Delta Training", ""))
        .page(
            "epsilon.com",
            "/v1",
            &landing("Epsilon Training", "<p>Google Cloud too.</p>"),
        );
    let addr = site.start().await;
    let f = Fixture::new();
    for (id, name, host) in [
        ("alpha", "Alpha Training", "alpha.com"),
        ("beta", "Beta Training", "beta.com"),
        ("epsilon", "Epsilon Training", "epsilon.com"),
    ] {
        f.entry("2026-10", id, name, "NL", &url(addr, host, "/v1"), None);
    }
    let october = publish(&f, addr, HOSTS, "2026-10").await;
    assert_eq!((october.added, october.rejected), (2, 1));
    assert_eq!(
        listed(&f),
        [
            row("alpha", "Alpha Training", "/v1"),
            row("beta", "Beta Training", "/v1")
        ]
    );

    // November: a rejected update (AWS), an unreachable update (404), a new partner, a
    // partner accepted and then edited, and the removal of the never-published epsilon.
    f.entry(
        "2026-11",
        "alpha",
        "Alpha Training",
        "NL",
        &url(addr, "alpha.com", "/v2"),
        None,
    )
    .entry(
        "2026-11",
        "beta",
        "Beta Training",
        "NL",
        &url(addr, "beta.com", "/gone"),
        None,
    )
    .entry(
        "2026-11",
        "gamma",
        "Gamma Training",
        "NL",
        &url(addr, "gamma.com", "/v1"),
        None,
    )
    .entry(
        "2026-11",
        "delta",
        "Delta Training",
        "NL",
        &url(addr, "delta.com", "/v1"),
        None,
    )
    .write(
        "content/partners/2026-11/epsilon.yaml",
        "removed: true\nreason: Withdrew its request\n",
    );
    let november = publish(&f, addr, HOSTS, "2026-11").await;
    assert_eq!(
        (november.added, november.updated, november.removed),
        (2, 0, 0),
        "{november:?}"
    );
    assert_eq!(
        (november.rejected, november.unreachable, november.kept),
        (1, 1, 2)
    );
    assert_eq!(
        listed(&f),
        [
            row("alpha", "Alpha Training", "/v1"),
            row("beta", "Beta Training", "/v1"),
            row("delta", "Delta Training", "/v1"),
            row("gamma", "Gamma Training", "/v1"),
        ]
    );

    // Gamma's entry is edited after its decision: the rerun judges it again, and only it.
    f.entry(
        "2026-11",
        "gamma",
        "Gamma Skills",
        "NL",
        &url(addr, "gamma.com", "/v2"),
        None,
    );
    // Until it is judged, the edited text is never listed: the decision was for other text.
    assert!(
        !listed(&f).iter().any(|r| r.1 == "Gamma Skills"),
        "an entry edited after its decision was listed unjudged: {:?}",
        listed(&f)
    );
    let rerun = publish(&f, addr, HOSTS, "2026-11").await;
    assert_eq!(rerun.crawled, 1, "{rerun:?}");
    // The new decision replaced the old one: one per entry in the ledger.
    let ledger: serde_json::Value =
        serde_json::from_str(&f.read("content/published/2026-11.json")).unwrap();
    let gammas: Vec<&serde_json::Value> = ledger["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["id"] == "gamma")
        .collect();
    assert_eq!(gammas.len(), 1, "{gammas:?}");
    assert_eq!(gammas[0]["partner"], "Gamma Skills");
    assert_eq!(
        listed(&f),
        [
            row("alpha", "Alpha Training", "/v1"),
            row("beta", "Beta Training", "/v1"),
            row("delta", "Delta Training", "/v1"),
            row("gamma", "Gamma Skills", "/v2"),
        ]
    );
}

/// The `teaches` of each listed partner, from the published `directory.json`.
fn teaches(f: &Fixture) -> Vec<(String, serde_json::Value)> {
    let json: serde_json::Value = serde_json::from_str(&f.read("public/directory.json")).unwrap();
    json["partners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap().to_owned(), p["teaches"].clone()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_a_partner_teaches_comes_from_its_accepted_page_through_the_ledger() {
    let site = Site::default();
    site.page("alpha.com", "/v1", &landing("Alpha Training", ""))
        .page(
            "alpha.com",
            "/v2",
            &landing(
                "Alpha Training",
                "<p>Also Dynamics 365 (MB-800) and AWS courses.</p>",
            ),
        );
    let addr = site.start().await;
    let f = Fixture::new();
    f.entry(
        "2026-10",
        "alpha",
        "Alpha Training",
        "NL",
        &url(addr, "alpha.com", "/v1"),
        None,
    );
    publish(&f, addr, HOSTS, "2026-10").await;
    // The common landing page names Azure (AZ-104), Power BI (PL-300), Microsoft 365 and Teams.
    let october = serde_json::json!({
        "areas": ["azure", "microsoft-365", "power-platform"],
        "exams": ["AZ-104", "PL-300"]
    });
    assert_eq!(teaches(&f), [("alpha".to_owned(), october.clone())]);
    let ledger: serde_json::Value =
        serde_json::from_str(&f.read("content/published/2026-10.json")).unwrap();
    assert_eq!(ledger["decisions"][0]["teaches"], october);
    assert!(
        f.read("public/directory.csv")
            .contains(",azure microsoft-365 power-platform,AZ-104 PL-300,,,,\n")
    );

    // A rejected update (AWS) keeps the last accepted page's list, not the new page's.
    f.entry(
        "2026-11",
        "alpha",
        "Alpha Training",
        "NL",
        &url(addr, "alpha.com", "/v2"),
        None,
    );
    let november = publish(&f, addr, HOSTS, "2026-11").await;
    assert_eq!(november.rejected, 1);
    assert_eq!(teaches(&f), [("alpha".to_owned(), october)]);
    // Rebuilt without the network, a month gives the same data.
    let before = f.read("public/directory.json");
    let out = f.lpdir(&["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(f.read("public/directory.json"), before);
}

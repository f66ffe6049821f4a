//! The sample directory's ledgers are what a real publishing run makes of the sample
//! partners' websites: `lpdir publish` for each month, in order, against the pages in
//! `examples/sample-landing-pages` served over HTTPS on loopback (a throwaway authority
//! trusted with `--ca-cert`, every host pinned with `--resolve HOST:443:127.0.0.1:PORT`).
//! The committed ledgers must come out byte for byte: when a page, an entry or the judge
//! changes, `scripts/sample-ledgers.sh` regenerates them.

use crate::common;

#[path = "../../examples/sample_sites/server.rs"]
mod server;

use common::{Fixture, output_of};
use std::path::Path;
use std::process::Command;

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sample_ledgers_are_a_real_publishing_run_of_the_sample_sites() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sites = server::start(&repo.join("examples/sample-landing-pages"))
        .await
        .unwrap();
    let f = Fixture::new();
    for dir in ["content", "templates", "static", "i18n"] {
        copy_tree(&repo.join(dir), &f.path(dir));
    }
    std::fs::copy(repo.join("lpdir.toml"), f.path("lpdir.toml")).unwrap();
    std::fs::remove_dir_all(f.path("content/published")).unwrap();
    std::fs::write(f.path("ca.pem"), &sites.ca_pem).unwrap();

    // Every landing page's host is served here: nothing may be looked up elsewhere.
    let site = lpdir::site_root::SiteRoot::load(f.root()).unwrap();
    for entry in &site.content.entries {
        if let lpdir::content::Change::List(listing) = &entry.change {
            let host = listing.landing_url.as_url().host_str().unwrap();
            assert!(
                sites.hosts.iter().any(|h| h == host),
                "{}: add a folder examples/sample-landing-pages/{host}/ for its page",
                entry.file.display()
            );
        }
    }

    let months = ["2026-09", "2026-10", "2026-11"];
    for month in months {
        let mut command = Command::new(env!("CARGO_BIN_EXE_lpdir"));
        command
            .args(["publish", "--month", month, "--ca-cert", "ca.pem"])
            .args(["--render", "always", "--render-jobs", "4"])
            .env("LPDIR_TODAY", format!("{month}-18"))
            .current_dir(f.root());
        for pin in sites.pins() {
            command.args(["--resolve", &pin]);
        }
        let out = output_of(command).await;
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{month}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for month in months {
        let rel = format!("content/published/{month}.json");
        let fresh = f.read(&rel);
        let committed = std::fs::read_to_string(repo.join(&rel)).unwrap();
        assert!(
            fresh == committed,
            "{rel} differs from a fresh run: run scripts/sample-ledgers.sh and review the \
             change\n--- fresh ---\n{fresh}"
        );
    }
    // The run judged what the sample is meant to show: each failing request for its reason.
    let november: serde_json::Value =
        serde_json::from_str(&f.read("content/published/2026-11.json")).unwrap();
    let outcome = |id: &str| {
        november["decisions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .map(|d| d["outcome"].as_str().unwrap().to_owned())
            .unwrap()
    };
    assert_eq!(outcome("zava-learning"), "rejected");
    assert_eq!(outcome("cronus-academy"), "rejected");
    assert_eq!(outcome("lakeshore-training"), "rejected");
    assert_eq!(outcome("hokuto-training"), "unreachable");
    assert_eq!(outcome("baobab-learning"), "accepted");
}

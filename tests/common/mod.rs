//! Shared helpers for the integration tests: fixture sites in temporary folders.
#![allow(dead_code)]

pub mod browser;
pub mod service;
pub mod web;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

/// A site root in a temporary folder, written file by file by the test.
pub struct Fixture {
    dir: TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
        Fixture {
            dir: tempfile::Builder::new()
                .prefix("lpdir-test-")
                .tempdir()
                .expect("temp dir"),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes `text` to `rel`, creating folders.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Fixture {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// Writes a listing entry for `id` in `month`.
    pub fn entry(
        &self,
        month: &str,
        id: &str,
        name: &str,
        country: &str,
        url: &str,
        level: Option<&str>,
    ) -> &Fixture {
        let mut yaml = format!(
            "name: {}\ncountry: {country}\nlanding_url: {url}\n",
            quote(name)
        );
        if let Some(level) = level {
            yaml.push_str(&format!("level: {level}\n"));
        }
        self.write(&format!("content/partners/{month}/{id}.yaml"), yaml)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("reading {rel}: {e}"))
    }

    /// Runs the `lpdir` binary in the fixture's root.
    pub fn lpdir(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_lpdir"))
            .args(args)
            .current_dir(self.root())
            .output()
            .expect("run lpdir")
    }
}

/// Runs a command to completion off the async reactor (the test's server keeps serving).
pub async fn output_of(mut command: Command) -> Output {
    tokio::task::spawn_blocking(move || command.output().expect("run the command"))
        .await
        .expect("join")
}

/// Runs the publishing run of `month` for the fixture, its pages served at `pages`.
pub async fn publish(
    f: &Fixture,
    pages: SocketAddr,
    hosts: &[&str],
    month: &str,
) -> lpdir::publish::Summary {
    let site = lpdir::site_root::SiteRoot::load(f.root()).unwrap();
    let options = lpdir::publish::PublishOptions {
        month: month.parse().unwrap(),
        recheck: false,
        network: web::pinned(pages, hosts),
        output: None,
        inspector: None,
        rendering: Default::default(),
    };
    lpdir::publish::run(&site, &options, |_| {})
        .await
        .unwrap()
        .summary
}

/// A YAML double-quoted string.
pub fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Every file below `dir` with its bytes, sorted by path.
pub fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn go(base: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                go(base, &path, out);
            } else {
                out.push((
                    path.strip_prefix(base).unwrap().to_owned(),
                    std::fs::read(&path).unwrap(),
                ));
            }
        }
    }
    let mut out = Vec::new();
    go(dir, dir, &mut out);
    out.sort();
    out
}

/// A small directory over three months: additions, an update and a removal.
pub fn three_month_fixture() -> Fixture {
    let f = Fixture::new();
    f.write(
        "lpdir.toml",
        "base_url = \"https://partners.example.org/\"\nlanguages = [\"en\", \"nl\"]\n",
    )
    .entry(
        "2026-09",
        "contoso",
        "Contoso Learning",
        "NL",
        "https://www.contoso.nl/microsoft",
        Some("gold"),
    )
    .entry(
        "2026-09",
        "fabrikam",
        "Fabrikam Academy",
        "DE",
        "https://fabrikam.de/microsoft",
        Some("silver"),
    )
    .entry(
        "2026-09",
        "northwind",
        "Northwind Training",
        "GB",
        "https://northwind.co.uk/ms",
        None,
    )
    .entry(
        "2026-10",
        "lamna",
        "Lamna Opplæring",
        "NO",
        "https://lamna.no/microsoft",
        Some("action-pack"),
    )
    .entry(
        "2026-10",
        "fabrikam",
        "Fabrikam Akademie",
        "DE",
        "https://fabrikam.de/microsoft-kurse",
        Some("gold"),
    )
    .write(
        "content/partners/2026-11/northwind.yaml",
        "removed: true\nreason: Left the programme\n",
    )
    .entry(
        "2026-11",
        "tailspin",
        "Tailspin Skills",
        "NL",
        "https://tailspin.nl/microsoft",
        Some("silver"),
    )
    .write(
        "content/_index.md",
        "---\ntitle: Home\n---\nWelcome to the *directory*.\n",
    )
    .write(
        "content/how-to-get-listed.md",
        "---\ntitle: How to get listed\nweight: 1\n---\n## The four rules\n",
    )
    .write(
        "content/how-to-get-listed.nl.md",
        "---\ntitle: Hoe word ik vermeld\n---\n## De vier regels\n",
    );
    f
}

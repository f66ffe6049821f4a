//! The automated month, as the directory repository's workflows run it, in a temporary git
//! repository: `lpdir init` → `lpdir add` → `lpdir validate` (the pull-request check) →
//! `lpdir publish --format json` in the third week (the scheduled run) → `lpdir build` (the
//! deploy), asserting on the files the bot's pull request would carry.

use crate::common;

use common::output_of;
use common::web::{Site, landing};
use std::path::Path;
use std::process::{Command, Output};

fn lpdir(root: &Path, args: &[&str], today: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lpdir"));
    c.args(args).env("LPDIR_TODAY", today).current_dir(root);
    c
}

fn git(root: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_monthly_pipeline_runs_from_a_new_directory_to_a_deployable_site() {
    let pages = Site::default();
    pages.page(
        "www.contoso-learning.nl",
        "/microsoft",
        &landing("Contoso Learning", ""),
    );
    let addr = pages.start().await;
    let network = [
        "--allow-http".to_owned(),
        "--resolve".to_owned(),
        format!("www.contoso-learning.nl:{}:127.0.0.1", addr.port()),
    ];
    let network: Vec<&str> = network.iter().map(String::as_str).collect();
    let url = format!("http://www.contoso-learning.nl:{}/microsoft", addr.port());

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("directory");
    // A new directory, committed as its repository's first commit.
    ok(&output_of(lpdir(dir.path(), &["init", "directory"], "2026-12-03")).await);
    git(&root, &["init", "-q", "-b", "main"]);
    git(
        &root,
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "add",
            "-A",
        ],
    );
    git(
        &root,
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "commit",
            "-qm",
            "init",
        ],
    );
    for workflow in ["check-requests.yml", "publish-month.yml", "deploy.yml"] {
        assert!(root.join(".github/workflows").join(workflow).is_file());
    }
    let publish_workflow =
        std::fs::read_to_string(root.join(".github/workflows/publish-month.yml")).unwrap();
    assert!(publish_workflow.contains(
        "lpdir publish --month \"$month\" \"${flags[@]}\" --render always --format json"
    ));
    assert!(publish_workflow.contains("if [ \"$status\" -eq 3 ]"));

    // A partner's request, as a maintainer (or the intake form's bot) adds it.
    let out = ok(&output_of(lpdir(
        &root,
        &[
            "add",
            "--name",
            "Contoso Learning",
            "--country",
            "NL",
            "--url",
            &url,
            "--level",
            "gold",
        ],
        "2026-12-03",
    ))
    .await);
    assert!(
        out.contains("Wrote content/partners/2026-12/contoso-learning.yaml"),
        "{out}"
    );

    // The pull request's check: a draft build and the judged entries of the changed months.
    ok(&output_of(lpdir(&root, &["build", "--drafts"], "2026-12-03")).await);
    let mut validate = vec!["validate", "--month", "2026-12"];
    validate.extend(&network);
    let report = ok(&output_of(lpdir(&root, &validate, "2026-12-03")).await);
    assert!(report.contains("Contoso Learning"), "{report}");

    // Outside the third week the scheduled run skips with its own status, doing nothing.
    // As the workflow runs it: rendered, or not at all.
    let mut publish = vec!["publish", "--month", "2026-12", "--format", "json"];
    publish.extend(["--render", "always"]);
    publish.extend(&network);
    let early = output_of(lpdir(&root, &publish, "2026-12-03")).await;
    assert_eq!(early.status.code(), Some(3));
    assert!(!root.join("content/published").exists());

    // In the third week it publishes, and says so in JSON.
    let run = output_of(lpdir(&root, &publish, "2026-12-16")).await;
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(summary["summary"]["added"], 1);
    assert_eq!(summary["listed"], 1);

    // The bot's pull request carries the request, the ledger and the report; the built site
    // is ignored.
    let status = git(&root, &["status", "--porcelain", "--untracked-files=all"]);
    let mut files: Vec<&str> = status.lines().map(|l| &l[3..]).collect();
    files.sort();
    assert_eq!(
        files,
        [
            "content/partners/2026-12/contoso-learning.yaml",
            "content/published/2026-12.json",
            "reports/2026-12.json",
            "reports/2026-12.md",
        ]
    );
    // A second scheduled run the next day changes nothing the bot would commit.
    let ledger = std::fs::read(root.join("content/published/2026-12.json")).unwrap();
    let again = output_of(lpdir(&root, &publish, "2026-12-17")).await;
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(
        std::fs::read(root.join("content/published/2026-12.json")).unwrap(),
        ledger
    );

    // The deploy: the published site, at the Pages address.
    ok(&output_of(lpdir(
        &root,
        &[
            "build",
            "--base-url",
            "https://example.github.io/directory/",
            "--output",
            "public",
        ],
        "2026-12-20",
    ))
    .await);
    let home = std::fs::read_to_string(root.join("public/index.html")).unwrap();
    assert!(
        home.contains("<a href=\"/directory/partners/contoso-learning/\">Contoso Learning</a>"),
        "{home}"
    );
}

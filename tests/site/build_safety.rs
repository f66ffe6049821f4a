//! A build never deletes what it did not make and never reads outside the site's folder:
//! outputs over the sources or over foreign folders are refused, links out of the root and
//! special files are located errors, and an unreadable folder is an error, not an empty one.

use crate::common;

use common::{Fixture, three_month_fixture, tree};
use std::os::unix::fs::symlink;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn an_output_over_the_sources_is_refused_and_nothing_is_touched() {
    let f = three_month_fixture();
    f.write("templates/base.html", "{% block content %}{% endblock %}")
        .write("static/logo.svg", "<svg/>")
        .write("i18n/README.txt", "translations");
    let before = tree(f.root());
    for output in [
        "templates",
        "content",
        "static",
        "i18n",
        ".",
        "content/partners/x",
    ] {
        let out = f.lpdir(&["build", "--drafts", "--output", output]);
        assert_eq!(out.status.code(), Some(2), "{output}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("refusing to build into"), "{output}: {err}");
        assert_eq!(tree(f.root()), before, "{output} changed the sources");
    }
    f.write(
        "lpdir.toml",
        "languages = [\"en\", \"nl\"]\noutput = \"content\"\n",
    );
    let before = tree(f.root());
    let out = f.lpdir(&["build", "--drafts"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the site's sources (`content`)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(tree(f.root()), before);
}

#[test]
fn a_foreign_folder_is_never_replaced_but_an_empty_or_own_one_is() {
    let f = three_month_fixture();
    let elsewhere = Fixture::new();
    elsewhere.write("mine/notes.txt", "my notes");
    let target = elsewhere.path("mine");
    let out = f.lpdir(&["build", "--drafts", "--output", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("lpdir did not make"),
        "{}",
        stderr(&out)
    );
    assert_eq!(elsewhere.read("mine/notes.txt"), "my notes");

    std::fs::create_dir_all(elsewhere.path("empty")).unwrap();
    let empty = elsewhere.path("empty");
    let out = f.lpdir(&["build", "--drafts", "--output", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        elsewhere
            .read("empty/.lpdir-output")
            .contains("made by lpdir")
    );
    assert!(
        elsewhere
            .read("empty/index.html")
            .contains("Contoso Learning")
    );
    // lpdir's own output is replaced by the next build.
    let out = f.lpdir(&["build", "--drafts", "--output", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn links_out_of_the_root_are_neither_copied_nor_printed() {
    let outside = Fixture::new();
    outside.write("secret.txt", "TOP-SECRET-LINE\n");
    let secret = outside.path("secret.txt");

    let f = three_month_fixture();
    std::fs::create_dir_all(f.path("static")).unwrap();
    symlink(&secret, f.path("static/leak.txt")).unwrap();
    let out = f.lpdir(&["build", "--drafts"]);
    assert_ne!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.contains("leak.txt") && err.contains("outside the site's folder"),
        "{err}"
    );
    assert!(!f.path("public").exists());

    let f = three_month_fixture();
    symlink(&secret, f.path("content/partners/2026-11/leak.yaml")).unwrap();
    let out = f.lpdir(&["build", "--drafts"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("leak.yaml") && err.contains("outside the site's folder"),
        "{err}"
    );
    assert!(!err.contains("TOP-SECRET-LINE"), "{err}");

    // A link that stays inside the root is followed.
    let f = three_month_fixture();
    f.write("shared/logo.svg", "<svg id=shared/>");
    std::fs::create_dir_all(f.path("static")).unwrap();
    symlink(f.path("shared/logo.svg"), f.path("static/logo.svg")).unwrap();
    let out = f.lpdir(&["build", "--drafts"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(f.read("public/static/logo.svg"), "<svg id=shared/>");
}

#[test]
fn a_named_pipe_is_an_error_not_a_hang() {
    let f = three_month_fixture();
    let pipe = f.path("content/partners/2026-11/pipe.yaml");
    assert!(
        Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap()
            .success()
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_lpdir"))
        .args(["build", "--drafts"])
        .current_dir(f.root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A bound so that a regression fails instead of hanging the suite; not a speed check.
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("lpdir build hung on a named pipe");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("pipe.yaml") && err.contains("not a regular file"),
        "{err}"
    );
}

#[test]
fn unreadable_folders_are_errors_not_empty() {
    // Root ignores permission bits, so the folders are made unreadable by a link loop.
    let f = three_month_fixture();
    std::fs::create_dir_all(f.path("content/published")).unwrap();
    std::fs::remove_dir(f.path("content/published")).unwrap();
    symlink("published", f.path("content/published")).unwrap();
    let out = f.lpdir(&["build"]);
    assert_ne!(
        out.status.code(),
        Some(0),
        "a published build without its ledgers"
    );
    assert!(
        stderr(&out).contains("content/published"),
        "{}",
        stderr(&out)
    );
    assert!(!f.path("public").exists());

    let f = three_month_fixture();
    std::fs::rename(f.path("content/partners"), f.path("content/moved")).unwrap();
    symlink("partners", f.path("content/partners")).unwrap();
    let out = f.lpdir(&["build", "--drafts"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("content/partners") && err.contains("symbolic links"),
        "{err}"
    );
}

#[test]
fn an_output_through_a_symlink_replaces_the_folder_it_points_to() {
    let f = three_month_fixture();
    let first = f.lpdir(&["build", "--output", "made"]);
    assert!(first.status.success(), "{}", stderr(&first));
    symlink("made", f.path("viasym")).unwrap();
    let out = f.lpdir(&["build", "--output", "viasym"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The link is still a link, to a folder holding the new site; nothing is left beside.
    let link = std::fs::symlink_metadata(f.path("viasym")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    assert!(f.path("made/index.html").is_file(), "made/ was emptied");
    assert!(f.path("viasym/index.html").is_file());
    let leftovers: Vec<String> = std::fs::read_dir(f.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".lpdir-build-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

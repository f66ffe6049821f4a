//! `lpdir add` and `lpdir remove`: requests become entry files in the month's folder, new
//! partners and updates are told apart, and bad input is refused with the loader's located
//! messages (snapshots) before anything is written.

use crate::common;

use common::Fixture;

fn run(f: &Fixture, args: &[&str]) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lpdir"))
        .args(args)
        .env("LPDIR_TODAY", "2026-12-03")
        .current_dir(f.root())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        lpdir::diagnostics::plain(&String::from_utf8_lossy(&out.stderr))
    );
    (out.status.code(), text)
}

fn sample() -> Fixture {
    let f = Fixture::new();
    f.entry(
        "2026-11",
        "contoso-learning",
        "Contoso Learning B.V.",
        "NL",
        "https://www.contoso-learning.nl/microsoft",
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

#[test]
fn a_new_partner_gets_an_id_from_its_name_and_a_valid_entry() {
    let f = sample();
    let (code, text) = run(
        &f,
        &[
            "add",
            "--name",
            "Ærø Kompetanse",
            "--country",
            "NO",
            "--url",
            "https://aerokompetanse.no/microsoft",
            "--level",
            "silver",
            "--language",
            "nb",
            "--delivery",
            "classroom",
            "--city",
            "Bergen",
        ],
    );
    assert_eq!(code, Some(0), "{text}");
    insta::assert_snapshot!(text);
    insta::assert_snapshot!(
        "new_partner_entry",
        f.read("content/partners/2026-12/aero-kompetanse.yaml")
    );
    // The entry loads: the draft build lists it.
    let out = f.lpdir(&["build", "--drafts"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        f.read("public/partners/aero-kompetanse/index.html")
            .contains("Bergen")
    );
}

#[test]
fn an_update_is_recognised_by_domain_or_normalised_name() {
    let f = sample();
    let (code, text) = run(
        &f,
        &[
            "add",
            "--name",
            "Contoso Learning",
            "--country",
            "NL",
            "--url",
            "https://contoso-learning.nl/ms",
        ],
    );
    assert_eq!(code, Some(0), "{text}");
    insta::assert_snapshot!("update_by_domain", text);
    let (code, text) = run(
        &f,
        &[
            "add",
            "--name",
            "FABRIKAM academy GmbH",
            "--country",
            "DE",
            "--url",
            "https://fabrikam-training.de/ms",
            "--month",
            "2027-01",
        ],
    );
    assert_eq!(code, Some(0), "{text}");
    insta::assert_snapshot!("update_by_name", text);
    assert!(f.path("content/partners/2027-01/fabrikam.yaml").is_file());
}

#[test]
fn a_taken_id_gets_another_and_says_so() {
    let f = sample();
    let (code, text) = run(
        &f,
        &[
            "add",
            "--name",
            "Fabrikam",
            "--country",
            "US",
            "--url",
            "https://fabrikam.com/microsoft",
        ],
    );
    // "Fabrikam" is not "Fabrikam Academy" and fabrikam.com is not fabrikam.de: a new partner.
    assert_eq!(code, Some(0), "{text}");
    insta::assert_snapshot!("taken_id", text);
    assert!(
        f.path("content/partners/2026-12/fabrikam-us.yaml")
            .is_file()
    );
}

#[test]
fn bad_input_is_refused_with_located_messages_and_nothing_is_written() {
    let f = sample();
    let (code, text) = run(
        &f,
        &[
            "add",
            "--name",
            "Lamna",
            "--country",
            "Norway",
            "--url",
            "lamna.no/microsoft",
            "--level",
            "platinum",
            "--language",
            "Norwegian",
            "--delivery",
            "online",
        ],
    );
    assert_eq!(code, Some(2), "{text}");
    insta::assert_snapshot!("bad_input", text);
    assert!(!f.path("content/partners/2026-12").exists());
    // A second request of the same partner in one month would replace the first: refused.
    run(
        &f,
        &[
            "add",
            "--name",
            "Lamna",
            "--country",
            "NO",
            "--url",
            "https://lamna.no/ms",
        ],
    );
    let (code, text) = run(
        &f,
        &[
            "add",
            "--name",
            "Lamna AS",
            "--country",
            "NO",
            "--url",
            "https://lamna.no/ms2",
        ],
    );
    assert_eq!(code, Some(2));
    insta::assert_snapshot!("already_requested", text);
}

#[test]
fn a_backlog_is_all_or_nothing_with_every_bad_row_by_line() {
    let f = sample();
    f.write(
        "requests.csv",
        "name,country,url,languages\nNorthwind,GB,https://northwind.co.uk/ms,en\nBad,XX,https://bad.com/,\nWorse,NL,,nl\n",
    );
    let (code, text) = run(&f, &["add", "--from", "requests.csv"]);
    assert_eq!(code, Some(2), "{text}");
    insta::assert_snapshot!("backlog_refused", text);
    assert!(!f.path("content/partners/2026-12").exists());
    f.write(
        "requests.csv",
        "\u{feff}name,country,url,languages,aliases\nNorthwind,GB,https://northwind.co.uk/ms,en,Northwind Ltd | Northwind Training\nTailspin,US,https://tailspin.com/ms,en es,\n",
    );
    let (code, text) = run(&f, &["add", "--from", "requests.csv"]);
    assert_eq!(code, Some(0), "{text}");
    insta::assert_snapshot!("backlog_written", text);
}

#[test]
fn a_removal_names_a_listed_partner() {
    let f = sample();
    let (code, text) = run(&f, &["remove", "fabrikm", "--reason", "Left the programme"]);
    assert_eq!(code, Some(2));
    assert!(text.contains("did you mean `fabrikam`?"), "{text}");
    let (code, text) = run(
        &f,
        &["remove", "fabrikam", "--reason", "Left the programme"],
    );
    assert_eq!(code, Some(0), "{text}");
    insta::assert_snapshot!("removal", text);
    assert_eq!(
        f.read("content/partners/2026-12/fabrikam.yaml"),
        "# yaml-language-server: $schema=../entry.schema.json\nremoved: true\nreason: Left the programme\n"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_check_prints_the_partner_facing_report_of_the_new_page() {
    let pages = common::web::Site::default();
    pages.page(
        "www.lamna.no",
        "/microsoft",
        &common::web::landing("Lamna Training", "<p>Also AWS courses.</p>"),
    );
    let addr = pages.start().await;
    let f = sample();
    let url = format!("http://www.lamna.no:{}/microsoft", addr.port());
    let pin = format!("www.lamna.no:{}:127.0.0.1", addr.port());
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_lpdir"));
    cmd.args([
        "add",
        "--name",
        "Lamna Training",
        "--country",
        "NO",
        "--url",
        &url,
    ])
    .args([
        "--check",
        "--allow-http",
        "--render",
        "never",
        "--resolve",
        &pin,
    ])
    .env("LPDIR_TODAY", "2026-12-03")
    .current_dir(f.root());
    let out = common::output_of(cmd).await;
    let text = String::from_utf8_lossy(&out.stdout);
    // Written, then judged: the competitor is what the partner must change first.
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.starts_with("Wrote content/partners/2026-12/lamna-training.yaml"),
        "{text}"
    );
    assert!(text.contains("Amazon Web Services"), "{text}");
    assert!(
        f.path("content/partners/2026-12/lamna-training.yaml")
            .is_file()
    );
}

#[test]
fn init_starts_a_directory_that_builds_and_never_overwrites() {
    let f = Fixture::new();
    let (code, text) = run(&f, &["init", "dir"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("wrote content/partners/2026-12/.gitkeep"),
        "{text}"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lpdir"))
        .args(["build", "--drafts"])
        .current_dir(f.path("dir"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(f.path("dir/public/index.html").is_file());
    // Where partners apply is the new directory's to say: a commented line, and a warning
    // from every build until it is set.
    assert!(f.read("dir/lpdir.toml").contains("\n# apply = \"mailto:"));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("warning: `apply` is not set"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        f.path("dir/public/nl/how-to-get-listed/index.html")
            .is_file()
    );
    // The workflows build lpdir from the source the repository's owner names, never from an
    // address or a release that does not exist.
    for workflow in ["check-requests", "publish-month", "deploy"] {
        let text = f.read(&format!("dir/.github/workflows/{workflow}.yml"));
        assert!(
            text.contains("LPDIR_GIT: ${{ vars.LPDIR_GIT }}")
                && text
                    .contains("cargo install --locked --git \"$LPDIR_GIT\" --rev \"$LPDIR_REF\""),
            "{workflow}: {text}"
        );
        assert!(!text.contains("github.com/lpdir"), "{workflow}");
    }

    // Not empty: refused; with --force, only what is missing is added.
    f.write("dir/lpdir.toml", "# mine\n");
    std::fs::remove_file(f.path("dir/content/_index.md")).unwrap();
    let (code, text) = run(&f, &["init", "dir"]);
    assert_eq!(code, Some(2));
    assert!(
        text.contains("is not empty") && text.contains("--force"),
        "{text}"
    );
    let (code, text) = run(&f, &["init", "dir", "--force"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("kept  lpdir.toml (it existed)") && text.contains("wrote content/_index.md")
    );
    assert_eq!(f.read("dir/lpdir.toml"), "# mine\n");
}

#[test]
fn an_entry_is_never_written_through_a_link_out_of_the_site() {
    let f = sample();
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), f.path("content/partners/2026-12")).unwrap();
    let (code, text) = run(
        &f,
        &[
            "add",
            "--name",
            "Northwind Training",
            "--country",
            "GB",
            "--url",
            "https://www.northwindtraining.co.uk/microsoft",
        ],
    );
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("outside the site's folder"), "{text}");
    assert_eq!(
        std::fs::read_dir(outside.path()).unwrap().count(),
        0,
        "written outside"
    );
}

/// Every file under content/partners, for "nothing was written" checks.
fn entry_files(f: &Fixture) -> Vec<String> {
    let mut files = Vec::new();
    let partners = f.root().join("content/partners");
    for month in std::fs::read_dir(&partners).unwrap() {
        let month = month.unwrap().path();
        for file in std::fs::read_dir(&month).unwrap() {
            let file = file.unwrap().path();
            files.push(file.strip_prefix(f.root()).unwrap().display().to_string());
        }
    }
    files.sort();
    files
}

/// Hostile requests seen in an attack (issue 16, F4): after each, every command must still
/// work, so each is either written exactly as asked or refused with nothing written.
#[test]
fn hostile_requests_never_leave_a_file_the_loader_refuses() {
    let f = sample();
    // A name YAML would read as an anchor is written as given.
    let (code, text) = run(
        &f,
        &[
            "add",
            "--name",
            "&x Fabrikam Academy",
            "--country",
            "DE",
            "--url",
            "https://x-fabrikam.de/microsoft",
        ],
    );
    assert_eq!(code, Some(0), "{text}");
    let site = lpdir::site_root::SiteRoot::load(f.root()).unwrap();
    let names: Vec<String> = site
        .content
        .entries
        .iter()
        .filter_map(|e| match &e.change {
            lpdir::content::Change::List(l) => Some(l.name.clone()),
            _ => None,
        })
        .collect();
    assert!(
        names.contains(&"&x Fabrikam Academy".to_owned()),
        "{names:?}"
    );
    let before = entry_files(&f);

    // A listed name under a new id would make two listings of one partner.
    let (code, text) = run(
        &f,
        &[
            "add",
            "--id",
            "brand-new-id",
            "--name",
            "Fabrikam Academy",
            "--country",
            "DE",
            "--url",
            "https://fabrikam-two.de/microsoft",
        ],
    );
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("fabrikam") && text.contains("listed once"),
        "{text}"
    );
    // A reason or a name larger than the loader reads.
    let long = "x".repeat(100 * 1024);
    let (code, text) = run(&f, &["remove", "fabrikam", "--reason", &long]);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("more than the 65536 bytes"), "{text}");
    let csv = format!(
        "name,country,url\nOk Partner,NL,https://ok-partner.nl/microsoft\n{},NL,https://big.nl/microsoft\n",
        "N".repeat(70 * 1024)
    );
    f.write("requests.csv", csv);
    let (code, text) = run(&f, &["add", "--from", "requests.csv"]);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("requests.csv: line 3:"), "{text}");
    assert_eq!(entry_files(&f), before, "something was written: {text}");
    // And the directory still builds.
    let (code, text) = run(&f, &["build", "--output", "public"]);
    assert_eq!(code, Some(0), "{text}");
}

/// A backlog run killed while placing its files leaves a staging folder; the next run undoes
/// it (only the files that run placed), then does its own work whole.
#[test]
fn an_interrupted_backlog_is_undone_by_the_next_run() {
    let f = sample();
    let mut csv = String::from("name,country,url\n");
    for i in 0..50 {
        csv.push_str(&format!(
            "Partner {i},NL,https://partner-{i}.nl/microsoft\n"
        ));
    }
    f.write("requests.csv", &csv);
    // What a run killed halfway leaves: every file staged and journalled, two placed.
    let staging = f.root().join(lpdir::intake::STAGING);
    std::fs::create_dir(&staging).unwrap();
    let mut journal = String::new();
    for i in 0..3 {
        let text = format!(
            "name: Partner {i}\ncountry: NL\nlanding_url: https://partner-{i}.nl/microsoft\n"
        );
        std::fs::write(staging.join(format!("{i}.yaml")), &text).unwrap();
        let target = format!("content/partners/2026-12/partner-{i}.yaml");
        journal.push_str(&format!("{i}.yaml\t{target}\n"));
        if i < 2 {
            f.write(&target, &text);
        }
    }
    std::fs::write(staging.join("journal"), journal).unwrap();
    // A file someone else made, at a journalled place with other text, is left alone.
    f.write(
        "content/partners/2026-12/partner-2.yaml",
        "name: Someone's own\ncountry: NL\nlanding_url: https://own.nl/microsoft\n",
    );
    let (code, text) = run(&f, &["add", "--from", "requests.csv"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("the changes it had made to 2 files were undone"),
        "{text}"
    );
    assert!(!staging.exists());
    // The file lpdir did not make stays; its row got another id, and every row is written.
    let own = std::fs::read_to_string(f.root().join("content/partners/2026-12/partner-2.yaml"));
    assert!(own.unwrap().contains("Someone's own"));
    assert!(text.contains("this request gets `partner-2-nl`"), "{text}");
    assert_eq!(entry_files(&f).len(), 2 + 1 + 50);
}

/// kill -9 at whatever moment during a big backlog: the content always loads, and a rerun
/// ends with every row written once.
#[test]
fn a_backlog_killed_at_any_moment_leaves_a_loadable_site() {
    let f = sample();
    let mut csv = String::from("name,country,url\n");
    for i in 0..3000 {
        csv.push_str(&format!(
            "Partner {i},NL,https://partner-{i}.nl/microsoft\n"
        ));
    }
    f.write("requests.csv", &csv);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_lpdir"))
        .args(["add", "--from", "requests.csv"])
        .env("LPDIR_TODAY", "2026-12-03")
        .current_dir(f.root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the event: the run has started writing (its staging folder exists).
    let staging = f.root().join(lpdir::intake::STAGING);
    while !staging.exists() && child.try_wait().unwrap().is_none() {
        std::thread::yield_now();
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        lpdir::site_root::SiteRoot::load(f.root()).is_ok(),
        "the content does not load after the kill"
    );
    let (code, text) = run(&f, &["add", "--from", "requests.csv"]);
    assert_eq!(code, Some(0), "{text}");
    assert_eq!(entry_files(&f).len(), 2 + 3000);
}

/// A backlog whose sixth file cannot be placed (a folder sits at its name) rolls back the
/// five it placed: all or nothing.
#[test]
fn a_backlog_that_fails_halfway_takes_back_what_it_placed() {
    let f = sample();
    let mut csv = String::from("name,country,url\n");
    for i in 0..10 {
        csv.push_str(&format!(
            "Partner {i},NL,https://partner-{i}.nl/microsoft\n"
        ));
    }
    f.write("requests.csv", &csv);
    std::fs::create_dir_all(f.root().join("content/partners/2026-12/partner-5.yaml")).unwrap();
    let (code, text) = run(&f, &["add", "--from", "requests.csv"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("nothing was written"), "{text}");
    let month = std::fs::read_dir(f.root().join("content/partners/2026-12")).unwrap();
    let left: Vec<String> = month
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["partner-5.yaml"], "files were left behind");
    assert!(!f.root().join(lpdir::intake::STAGING).exists());
}

/// A second request from a partner in the same month replaces the first with `--replace`,
/// and says so; without it the refusal stays; an earlier month's entry is never touched,
/// and a request the month's run already judged is history, not pending.
#[test]
fn replace_takes_a_second_request_of_the_month_and_only_of_that_month() {
    let f = sample();
    let november = "content/partners/2026-11/contoso-learning.yaml";
    let before = f.read(november);
    let request = |path: &'static str| {
        let (f, url) = (&f, format!("https://www.contoso-learning.nl/{path}"));
        let args = [
            "add",
            "--name",
            "Contoso Learning",
            "--country",
            "NL",
            "--url",
        ];
        move |more: &[&str]| run(f, &[&args[..], &[url.as_str()], more].concat())
    };
    let (first, second) = (request("v2"), request("v3"));
    let (code, text) = first(&[]);
    assert_eq!(code, Some(0), "{text}");
    let december = "content/partners/2026-12/contoso-learning.yaml";
    let (code, text) = second(&[]);
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("run the command again with --replace"),
        "{text}"
    );
    assert!(f.read(december).contains("/v2"));

    let (code, text) = second(&["--replace"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains(&format!(
            "Replaced {december}: this request takes the place of"
        )),
        "{text}"
    );
    assert!(text.contains("an update of `contoso-learning`"), "{text}");
    assert!(
        f.read(december)
            .contains("landing_url: https://www.contoso-learning.nl/v3")
    );
    assert_eq!(
        f.read(november),
        before,
        "an earlier month is never touched"
    );
    assert!(!f.root().join(lpdir::intake::STAGING).exists());
    let (code, text) = run(&f, &["build", "--drafts", "--output", "public"]);
    assert_eq!(code, Some(0), "{text}");

    // Once December's run judged it, the request is no longer pending.
    f.write(
        "content/published/2026-12.json",
        r#"{"schema": "lpdir-ledger/1", "month": "2026-12", "decisions": [{"id": "contoso-learning",
           "partner": "Contoso Learning", "request": "update", "outcome": "rejected", "hash": "0",
           "checked_at": "2026-12-18T09:00:00Z", "url": null, "final_url": null}]}"#,
    );
    let (code, text) = first(&["--replace"]);
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("judged in that month's publishing run already")
            && text.contains("give --month"),
        "{text}"
    );
    assert!(f.read(december).contains("/v3"));
}

/// A replacing run killed after placing its file: the next run puts the earlier request back.
#[test]
fn an_interrupted_replacement_puts_the_earlier_request_back() {
    let f = sample();
    let december = "content/partners/2026-12/contoso-learning.yaml";
    let earlier =
        "name: Contoso Learning\ncountry: NL\nlanding_url: https://www.contoso-learning.nl/v2\n";
    let later =
        "name: Contoso Learning\ncountry: NL\nlanding_url: https://www.contoso-learning.nl/v3\n";
    f.write(december, earlier);
    let staging = f.root().join(lpdir::intake::STAGING);
    std::fs::create_dir(&staging).unwrap();
    std::fs::write(staging.join("0.yaml"), later).unwrap();
    std::fs::write(staging.join("0.old"), earlier).unwrap();
    std::fs::write(
        staging.join("journal"),
        format!("0.yaml\t{december}\t0.old\n"),
    )
    .unwrap();
    f.write(december, later);
    let (code, text) = run(&f, &["remove", "fabrikam", "--reason", "closed"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("the changes it had made to 1 file were undone"),
        "{text}"
    );
    assert_eq!(f.read(december), earlier);
    assert!(!staging.exists());
}

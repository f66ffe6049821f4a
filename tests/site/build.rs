//! Builds fixture sites and checks what the output says.

use crate::common;

use common::{Fixture, three_month_fixture, tree};
use lpdir::publish::{BuildOptions, PublishError, build};
use lpdir::site::SiteError;

/// The fixtures have no publishing ledgers: their entries are drafts.
fn options(f: &Fixture) -> BuildOptions {
    BuildOptions {
        root: f.root().to_owned(),
        drafts: true,
        ..Default::default()
    }
}

#[test]
fn latest_month_folds_additions_updates_and_removals() {
    let f = three_month_fixture();
    let report = build(&options(&f)).unwrap();
    assert_eq!(report.month.to_string(), "2026-11");
    assert_eq!(report.partners, 4);
    let index = f.read("public/index.html");
    assert!(index.contains(">Contoso Learning</a>"));
    assert!(index.contains(">Tailspin Skills</a>"));
    // The October update replaced the September entry.
    assert!(index.contains(">Fabrikam Akademie</a>"));
    assert!(!index.contains("Fabrikam Academy"));
    assert!(index.contains("<a href=\"/partners/fabrikam/\">Fabrikam Akademie</a>"));
    assert!(
        f.read("public/partners/fabrikam/index.html")
            .contains("href=\"https://fabrikam.de/microsoft-kurse\" rel=\"external noopener\"")
    );
    // The November removal delisted Northwind.
    assert!(!index.contains("Northwind"));
    assert!(index.contains("4 partners"));
    assert!(index.contains("Last updated: November 2026"));
    assert!(index.contains("Next update: by 7 December 2026"));
}

#[test]
fn past_months_can_be_rebuilt() {
    let f = three_month_fixture();
    let mut o = options(&f);
    o.month = Some("2026-09".parse().unwrap());
    let report = build(&o).unwrap();
    assert_eq!(report.partners, 3);
    let index = f.read("public/index.html");
    assert!(index.contains(">Fabrikam Academy</a>"));
    assert!(index.contains(">Northwind Training</a>"));
    assert!(!index.contains("Lamna"));
    assert!(index.contains("Next update: by 7 October 2026"));
}

#[test]
fn country_pages_list_only_their_partners() {
    let f = three_month_fixture();
    build(&options(&f)).unwrap();
    let nl = f.read("public/countries/nl/index.html");
    assert!(nl.contains("<h1>Partners in the Netherlands</h1>"));
    assert!(nl.contains(">Contoso Learning</a>") && nl.contains(">Tailspin Skills</a>"));
    assert!(!nl.contains("Fabrikam"));
    let countries = f.read("public/countries/index.html");
    assert!(countries.contains(
        "href=\"/countries/nl/\">Netherlands</a> <span class=\"count\">2 partners</span>"
    ));
    // YAML 1.2: `NO` is Norway, not false.
    assert!(countries.contains(">Norway</a>"));
    assert!(
        !f.path("public/countries/gb").exists(),
        "no page for a country whose only partner left"
    );
}

#[test]
fn dutch_pages_translate_the_interface_not_the_partners() {
    let f = three_month_fixture();
    build(&options(&f)).unwrap();
    let nl = f.read("public/nl/index.html");
    assert!(nl.contains("<html lang=\"nl\">"));
    assert!(nl.contains("Laatst bijgewerkt: november 2026"));
    assert!(nl.contains(">Lamna Opplæring</a>"));
    assert!(nl.contains(">Noorwegen</a>"));
    assert!(nl.contains(
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://partners.example.org/\">"
    ));
    assert!(nl.contains(
        "<link rel=\"alternate\" hreflang=\"nl\" href=\"https://partners.example.org/nl/\">"
    ));
    assert!(
        f.read("public/nl/how-to-get-listed/index.html")
            .contains("De vier regels")
    );
    let en = f.read("public/how-to-get-listed/index.html");
    assert!(en.contains("<h2 id=\"the-four-rules\">The four rules"));
    // The introduction falls back to the default language when it has no translation.
    assert!(nl.contains("Welcome to the <em>directory</em>."));
}

#[test]
fn partner_names_are_escaped_everywhere() {
    let f = Fixture::new();
    f.entry(
        "2026-11",
        "evil",
        "<script>alert(1)</script>",
        "NL",
        "https://evil.nl/?a=1&b=\"2\"",
        None,
    );
    build(&options(&f)).unwrap();
    for file in [
        "public/index.html",
        "public/countries/nl/index.html",
        "public/feed.xml",
    ] {
        let text = f.read(file);
        assert!(
            !text.contains("<script>alert"),
            "{file} carries a raw script tag"
        );
    }
    let index = f.read("public/index.html");
    assert!(
        index.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || index.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{index}"
    );
    // In the feed the name is HTML inside XML: escaped twice; and the feed is XML that a
    // parser reads, with the name intact in its entry's title.
    let feed = f.read("public/feed.xml");
    assert!(feed.contains("&amp;lt;script&amp;gt;"));
    let xml = roxmltree::Document::parse(&feed).expect("the feed is well-formed XML");
    let texts: Vec<&str> = xml.descendants().filter_map(|n| n.text()).collect();
    // Read by the XML parser, the entry's HTML still shows the name as text, never as a tag.
    assert!(
        texts.iter().any(|t| t.contains("&lt;script&gt;alert(1)")),
        "{texts:?}"
    );
    assert!(!texts.iter().any(|t| t.contains("<script>")), "{texts:?}");
    let json: serde_json::Value = serde_json::from_str(&f.read("public/directory.json")).unwrap();
    assert_eq!(json["partners"][0]["name"], "<script>alert(1)</script>");
}

#[test]
fn same_input_gives_byte_identical_output() {
    let f = three_month_fixture();
    let mut a = options(&f);
    a.output = Some(f.path("out-a"));
    let mut b = options(&f);
    b.output = Some(f.path("out-b"));
    build(&a).unwrap();
    build(&b).unwrap();
    let (ta, tb) = (tree(&f.path("out-a")), tree(&f.path("out-b")));
    assert!(ta.len() > 20, "{} files", ta.len());
    assert_eq!(ta, tb);
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let f = three_month_fixture();
    build(&options(&f)).unwrap();
    let before = tree(&f.path("public"));

    // A template that fails to render halfway through the build.
    f.write(
        "templates/country.html",
        "{% extends \"base.html\" %}{% block main %}{{ no_such_variable }}{% endblock main %}",
    );
    let err = build(&options(&f)).unwrap_err();
    assert!(
        matches!(err, PublishError::Site(SiteError::Template(_))),
        "{err}"
    );
    assert_eq!(tree(&f.path("public")), before);

    // Bad content is refused before anything is written.
    std::fs::remove_file(f.path("templates/country.html")).unwrap();
    f.write("content/partners/2026-11/broken.yaml", "name: [\n");
    assert!(matches!(
        build(&options(&f)).unwrap_err(),
        PublishError::Site(SiteError::Content(_))
    ));
    assert_eq!(tree(&f.path("public")), before);
    let leftovers: Vec<_> = std::fs::read_dir(f.root())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".lpdir"))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left behind");
}

#[test]
fn the_output_never_replaces_the_sources() {
    let f = three_month_fixture();
    let mut o = options(&f);
    o.output = Some(f.root().to_owned());
    assert!(matches!(
        build(&o).unwrap_err(),
        PublishError::Site(SiteError::UnsafeOutput { .. })
    ));
    assert!(f.path("content/_index.md").exists());
}

#[test]
fn a_sub_path_base_url_moves_every_link() {
    let f = three_month_fixture();
    f.write(
        "lpdir.toml",
        "base_url = \"https://example.org/credentials/partners/\"\nlanguages = [\"en\", \"nl\"]\n",
    );
    build(&options(&f)).unwrap();
    let index = f.read("public/index.html");
    assert!(index.contains("href=\"/credentials/partners/static/style.css\""));
    assert!(index.contains("src=\"/credentials/partners/static/directory.js\""));
    assert!(index.contains("href=\"/credentials/partners/countries/nl/\""));
    assert!(index.contains("href=\"/credentials/partners/nl/\""));
    assert!(
        !index.contains("href=\"/countries"),
        "a link escaped the sub-path"
    );
    let feed = f.read("public/feed.xml");
    assert!(feed.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/credentials/partners/feed.xml\"/>"));
    assert!(
        f.read("public/sitemap.xml")
            .contains("<loc>https://example.org/credentials/partners/countries/nl/</loc>")
    );
    assert!(
        f.read("public/robots.txt")
            .contains("Sitemap: https://example.org/credentials/partners/sitemap.xml")
    );
}

#[test]
fn data_files_feed_and_sitemap() {
    let f = three_month_fixture();
    build(&options(&f)).unwrap();
    let json: serde_json::Value = serde_json::from_str(&f.read("public/directory.json")).unwrap();
    assert_eq!(json["schema"], "lpdir-directory/1");
    assert_eq!(json["month"], "2026-11");
    assert_eq!(json["count"], 4);
    let fabrikam = &json["partners"][1];
    assert_eq!(fabrikam["id"], "fabrikam");
    assert_eq!(fabrikam["listed_since"], "2026-09");
    assert_eq!(fabrikam["updated"], "2026-10");
    assert_eq!(fabrikam["domains"], serde_json::json!(["fabrikam.de"]));

    let csv = f.read("public/directory.csv");
    let csv = csv
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark for spreadsheets");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,name,country,country_name,landing_url,level,domains,aliases,listed_since,updated,areas,exams,city,languages,delivery,description"
    );
    // Drafts have no ledger: nothing recorded about what they teach yet.
    assert_eq!(
        lines.next().unwrap(),
        "contoso,Contoso Learning,NL,Netherlands,https://www.contoso.nl/microsoft,gold,contoso.nl,,2026-09,2026-09,,,,,,"
    );
    assert_eq!(
        fabrikam["teaches"],
        serde_json::json!({"areas": [], "exams": []})
    );
    assert_eq!(csv.lines().count(), 5);

    let feed = f.read("public/feed.xml");
    assert!(feed.contains("<title>November 2026: 1 added, 0 updated, 1 removed</title>"));
    assert!(feed.contains("<title>October 2026: 1 added, 1 updated, 0 removed</title>"));
    assert!(
        feed.contains(
            "&lt;h2&gt;Removed&lt;/h2&gt;&lt;ul&gt;&lt;li&gt;Northwind Training&lt;/li&gt;"
        )
    );
    assert!(
        feed.find("2026-11").unwrap() < feed.find("2026-10").unwrap(),
        "newest month first"
    );

    let sitemap = f.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://partners.example.org/nl/how-to-get-listed/</loc>"));
    assert!(!sitemap.contains("404"));
    let not_found = f.read("public/404.html");
    assert!(not_found.contains("Page not found"));
}

#[test]
fn the_sample_content_builds_a_real_directory() {
    let out = tempfile::tempdir().unwrap();
    let o = BuildOptions {
        root: env!("CARGO_MANIFEST_DIR").into(),
        output: Some(out.path().join("site")),
        ..Default::default()
    };
    let report = build(&o).unwrap();
    assert!(report.partners >= 40, "{report:?}");
    assert!(report.countries >= 10, "{report:?}");
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("site/directory.json")).unwrap(),
    )
    .unwrap();
    let months: std::collections::BTreeSet<&str> = json["partners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["updated"].as_str().unwrap())
        .collect();
    assert!(months.len() >= 3, "{months:?}");
    let feed = std::fs::read_to_string(out.path().join("site/feed.xml")).unwrap();
    assert!(feed.contains("Removed"), "the sample has a removal");
    assert!(feed.contains("Updated"), "the sample has updates");

    // A partner page says when its landing page was checked, from the ledger, in the page's
    // language; a description in another language than the page's says which.
    let page = |rel: &str| std::fs::read_to_string(out.path().join("site").join(rel)).unwrap();
    let ipe = page("partners/ipe-educacao/index.html");
    assert!(
        ipe.contains(
            "<p class=\"checked\" id=\"checked\">Landing page checked on 18 November 2026</p>"
        ),
        "{ipe}"
    );
    assert!(
        ipe.contains("<p class=\"lead\" lang=\"pt\">Cursos Microsoft"),
        "{ipe}"
    );
    let ipe_nl = page("nl/partners/ipe-educacao/index.html");
    assert!(
        ipe_nl.contains("Landingspagina gecontroleerd op 18 november 2026"),
        "{ipe_nl}"
    );
    // An English description on an English page needs no mark.
    let humongous = page("partners/humongous-training/index.html");
    assert!(
        humongous.contains("<p class=\"lead\">Large-scale"),
        "{humongous}"
    );
}

#[test]
fn the_committed_schema_matches_lpdir_schema() {
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/content/partners/entry.schema.json"
    ))
    .unwrap();
    let printed = serde_json::to_string_pretty(&lpdir::content::schema::entry_schema()).unwrap();
    assert_eq!(
        committed.trim_end(),
        printed,
        "run `cargo run -- schema > content/partners/entry.schema.json`"
    );
}

#[test]
fn the_site_links_to_the_self_check_service_when_configured() {
    let f = three_month_fixture();
    build(&options(&f)).unwrap();
    assert!(!f.read("public/index.html").contains("id=\"self-check\""));
    f.write(
        "lpdir.toml",
        "languages = [\"en\", \"nl\"]\nself_check_url = \"https://check.example.org/\"\n",
    );
    build(&options(&f)).unwrap();
    for (page, href) in [
        ("public/index.html", "https://check.example.org/"),
        (
            "public/how-to-get-listed/index.html",
            "https://check.example.org/",
        ),
        ("public/nl/index.html", "https://check.example.org/nl/"),
        (
            "public/nl/how-to-get-listed/index.html",
            "https://check.example.org/nl/",
        ),
    ] {
        let html = f.read(page);
        assert!(
            html.contains(&format!(
                "<aside class=\"self-check\" id=\"self-check\"><p><a href=\"{href}\">"
            )),
            "{page}: {html}"
        );
    }
    assert!(
        f.read("public/nl/index.html")
            .contains("Controleer uw landingspagina")
    );
    assert!(
        !f.read("public/countries/index.html")
            .contains("id=\"self-check\"")
    );
}

#[test]
fn the_site_says_where_to_apply_and_build_warns_until_it_does() {
    let f = three_month_fixture();
    let unset = f.lpdir(&["build"]);
    assert!(unset.status.success());
    let stderr = String::from_utf8_lossy(&unset.stderr);
    assert!(
        stderr.contains("warning: `apply` is not set in lpdir.toml"),
        "{stderr}"
    );
    assert!(!f.read("public/index.html").contains("class=\"apply\""));

    f.write(
        "lpdir.toml",
        "languages = [\"en\", \"nl\"]\napply = \"mailto:partners@example.org\"\n",
    );
    let set = f.lpdir(&["build"]);
    assert!(set.status.success());
    assert!(!String::from_utf8_lossy(&set.stderr).contains("warning"));
    let link = "<a href=\"mailto:partners@example.org\">partners@example.org</a>";
    for (page, words) in [
        ("public/index.html", "Apply to be listed:"),
        ("public/how-to-get-listed/index.html", "Apply to be listed:"),
        ("public/nl/index.html", "Aanmelden voor de gids:"),
        (
            "public/nl/how-to-get-listed/index.html",
            "Aanmelden voor de gids:",
        ),
    ] {
        let html = f.read(page);
        assert!(
            html.contains(&format!("<p class=\"apply\">{words} {link}</p>")),
            "{page}: {html}"
        );
    }
    // The "how to get listed" page shows it at its top, before the page's own text.
    let how = f.read("public/how-to-get-listed/index.html");
    assert!(how.find("class=\"apply\"").unwrap() < how.find("</article>").unwrap());

    f.write("lpdir.toml", "apply = \"partners@example.org\"\n");
    let bad = f.lpdir(&["build"]);
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        !bad.status.success()
            && stderr.contains("lpdir.toml:1:9")
            && stderr.contains("apply = \"mailto:partners@example.org\""),
        "{stderr}"
    );
}

#[test]
fn a_description_in_another_language_than_the_page_says_which() {
    let f = three_month_fixture();
    let out = f.lpdir(&[
        "add",
        "--name",
        "Wingtip Opleidingen",
        "--country",
        "NL",
        "--url",
        "https://wingtip.nl/microsoft",
        "--language",
        "nl",
        "--language",
        "en",
        "--description",
        "Microsoft-trainingen in Utrecht.",
        "--description-language",
        "nl",
        "--month",
        "2026-11",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let entry = f.read("content/partners/2026-11/wingtip-opleidingen.yaml");
    assert!(entry.contains("description_language: nl"), "{entry}");
    f.write("lpdir.toml", "languages = [\"en\", \"nl\"]\n");
    build(&options(&f)).unwrap();
    let en = f.read("public/partners/wingtip-opleidingen/index.html");
    assert!(
        en.contains("<p class=\"lead\" lang=\"nl\">Microsoft-trainingen in Utrecht.</p>"),
        "{en}"
    );
    let nl = f.read("public/nl/partners/wingtip-opleidingen/index.html");
    assert!(
        nl.contains("<p class=\"lead\">Microsoft-trainingen in Utrecht.</p>"),
        "{nl}"
    );
    // A code that is not a language is refused where it is written.
    f.write(
        "content/partners/2026-11/wingtip-opleidingen.yaml",
        entry.replace("description_language: nl", "description_language: dutch"),
    );
    let out = f.lpdir(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`dutch` is not an ISO 639-1 language code")
            && stderr.contains("wingtip-opleidingen.yaml:"),
        "{stderr}"
    );
}

#[test]
fn names_differing_only_by_a_legal_form_are_one_name_in_the_directory() {
    let f = Fixture::new();
    f.entry(
        "2026-11",
        "contoso",
        "Contoso",
        "NL",
        "https://contoso.nl/ms",
        None,
    )
    .entry(
        "2026-11",
        "contoso-bv",
        "Contoso B.V.",
        "NL",
        "https://contoso-bv.nl/ms",
        None,
    );
    let out = f.lpdir(&["build", "--drafts"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("contoso-bv.yaml") && err.contains("Contoso B.V."),
        "{err}"
    );
}

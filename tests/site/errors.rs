//! Every kind of bad input gets a clear, located error, all of a run at once, exit status 2,
//! and nothing written. The reports are snapshots (insta): review them with `cargo insta review`.

use crate::common;

use common::Fixture;

const GOOD: &str =
    "name: Contoso Learning\ncountry: NL\nlanding_url: https://www.contoso.nl/microsoft\n";

/// Runs `lpdir build` in a fixture holding one good entry plus `files`, and returns the
/// report after checking the exit status and that no output was written.
fn report(files: &[(&str, &[u8])]) -> String {
    let f = Fixture::new();
    f.write("content/partners/2026-10/contoso.yaml", GOOD);
    for (path, bytes) in files {
        f.write(path, bytes);
    }
    let out = f.lpdir(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(!f.path("public").exists(), "a failed build wrote output");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        !stderr.contains('\u{1b}'),
        "styles must be stripped when not on a terminal"
    );
    stderr
}

fn entry(body: &str) -> Vec<(&'static str, Vec<u8>)> {
    vec![(
        "content/partners/2026-11/fabrikam.yaml",
        body.as_bytes().to_vec(),
    )]
}

macro_rules! snapshot {
    ($name:ident, $files:expr) => {
        #[test]
        fn $name() {
            let files: Vec<(&str, Vec<u8>)> = $files;
            let borrowed: Vec<(&str, &[u8])> =
                files.iter().map(|(p, b)| (*p, b.as_slice())).collect();
            insta::assert_snapshot!(report(&borrowed));
        }
    };
}

snapshot!(
    yaml_tab_indentation,
    entry("name: Fabrikam\ncountry: DE\n\tlanding_url: https://fabrikam.de/\n")
);
snapshot!(
    yaml_bad_indentation,
    entry("name: Fabrikam\n  country: DE\nlanding_url: https://fabrikam.de/\n")
);
snapshot!(
    yaml_duplicate_key,
    entry(
        "name: Fabrikam\ncountry: DE\nname: Fabrikam Academy\nlanding_url: https://fabrikam.de/\n"
    )
);
snapshot!(
    unknown_field_with_suggestion,
    entry("name: Fabrikam\ncontry: DE\nlanding_url: https://fabrikam.de/\nwebsite: x\n")
);
snapshot!(missing_fields, entry("name: Fabrikam\n"));
snapshot!(
    invisible_characters,
    entry(
        "name: \"Fabrikam\\e[2J Academy\"\ncountry: DE\nlanding_url: https://fabrikam.de/\n\
         city: \"Ber\\u202Elin\"\naliases:\n  - \"Fabri\\u200Bkam\"\n"
    )
);
snapshot!(
    bad_languages_and_delivery,
    entry(
        "name: Fabrikam\ncountry: DE\nlanding_url: https://fabrikam.de/\nlanguages:\n  - de\n  - English\n  - xx\n  - de\ndelivery:\n  - classroom\n  - onsite\ncity: \"\"\n"
    )
);
snapshot!(
    bad_descriptions,
    vec![
        (
            "content/partners/2026-11/fabrikam.yaml",
            format!(
                "name: Fabrikam\ncountry: DE\nlanding_url: https://fabrikam.de/\ndescription: {}\n",
                "Azure training in Berlin. ".repeat(13)
            )
            .into_bytes()
        ),
        (
            "content/partners/2026-11/northwind.yaml",
            b"name: Northwind\ncountry: DE\nlanding_url: https://northwind.de/\ndescription: See <a href=x>our site</a>\nlanguages: de\n".to_vec()
        ),
    ]
);
snapshot!(
    wrong_types,
    entry(
        "name: [Fabrikam]\ncountry: 49\nlanding_url: https://fabrikam.de/\naliases: Fabrikam GmbH\nremoved: yes please\nlevel:\n"
    )
);
snapshot!(
    unknown_country_codes,
    entry("name: Fabrikam\ncountry: XX\nlanding_url: https://fabrikam.de/\n")
);
snapshot!(
    lower_case_country_code,
    entry("name: Fabrikam\ncountry: de\nlanding_url: https://fabrikam.de/\n")
);
snapshot!(
    javascript_url,
    entry("name: Fabrikam\ncountry: DE\nlanding_url: javascript:alert(1)\n")
);
snapshot!(
    file_url,
    entry("name: Fabrikam\ncountry: DE\nlanding_url: file:///etc/passwd\n")
);
snapshot!(
    ip_literal_host,
    entry("name: Fabrikam\ncountry: DE\nlanding_url: http://2130706433/admin\n")
);
snapshot!(
    ipv6_literal_host,
    entry("name: Fabrikam\ncountry: DE\nlanding_url: \"https://[::1]/\"\n")
);
snapshot!(
    user_info_in_url,
    entry("name: Fabrikam\ncountry: DE\nlanding_url: https://admin:secret@fabrikam.de/\n")
);
snapshot!(
    relative_url,
    entry("name: Fabrikam\ncountry: DE\nlanding_url: fabrikam.de/microsoft\n")
);
snapshot!(
    bad_domains_and_token,
    entry(
        "name: Fabrikam\ncountry: DE\nlanding_url: https://fabrikam.de/\ndomains:\n  - www.fabrikam.de\n  - fabrikam\nverification_token: a b\n"
    )
);
snapshot!(
    badly_named_month_folders,
    vec![
        (
            "content/partners/2026-13/fabrikam.yaml",
            GOOD.as_bytes().to_vec()
        ),
        (
            "content/partners/september/northwind.yaml",
            GOOD.as_bytes().to_vec()
        ),
    ]
);
snapshot!(
    id_not_a_slug,
    vec![(
        "content/partners/2026-11/Fabrikam_GmbH.yaml",
        GOOD.as_bytes().to_vec()
    )]
);
snapshot!(
    yml_extension,
    vec![(
        "content/partners/2026-11/fabrikam.yml",
        GOOD.as_bytes().to_vec()
    )]
);
snapshot!(
    not_utf8,
    vec![(
        "content/partners/2026-11/fabrikam.yaml",
        b"name: Fabrikam Gr\xfcnwald\ncountry: DE\n".to_vec()
    )]
);
snapshot!(empty_file, entry("# nothing yet\n\n"));
snapshot!(
    huge_file,
    entry(&format!("name: Fabrikam\nreason: {}\n", "x".repeat(70_000)))
);
snapshot!(not_a_mapping, entry("- name: Fabrikam\n"));
snapshot!(
    duplicate_name_and_url,
    entry("name: contoso  learning\ncountry: DE\nlanding_url: https://www.contoso.nl/microsoft/\n")
);
snapshot!(
    removal_of_an_unknown_partner,
    vec![(
        "content/partners/2026-11/northwind.yaml",
        b"removed: true\n".to_vec()
    )]
);
snapshot!(
    bad_configuration,
    vec![(
        "lpdir.toml",
        b"base_url = \"ftp://example.org\"\nlanguages = [\"en\", \"EN\"]\nfeed_months = 0\n"
            .to_vec()
    )]
);
snapshot!(
    unknown_config_key,
    vec![(
        "lpdir.toml",
        b"base_ur = \"https://example.org/\"\n".to_vec()
    )]
);
snapshot!(
    bad_front_matter,
    vec![
        (
            "content/faq.md",
            b"---\ntitle: FAQ\nwieght: 2\n---\nText\n".to_vec()
        ),
        ("content/about.md", b"# No front matter\n".to_vec()),
        ("content/faq.de.md", b"---\ntitle: FAQ\n---\n".to_vec()),
    ]
);

#[test]
fn yaml_alias_bomb() {
    let mut bomb = String::from("name: &a [x, x, x, x, x, x, x, x, x]\n");
    for i in 0..12 {
        let prev = if i == 0 {
            "a".to_owned()
        } else {
            format!("b{}", i - 1)
        };
        bomb.push_str(&format!("b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    let text = report(&[("content/partners/2026-11/bomb.yaml", bomb.as_bytes())]);
    insta::assert_snapshot!(text);
}

#[test]
fn every_problem_of_every_file_in_one_run() {
    let text = report(&[
        ("content/partners/2026-11/a.yaml", b"name: A\ncontry: NL\n"),
        (
            "content/partners/2026-11/b.yaml",
            b"name: B\ncountry: XX\nlanding_url: javascript:x\n",
        ),
        ("content/partners/2026-11/c.yaml", b""),
        ("lpdir.toml", b"feed_months = -1\n"),
    ]);
    for needle in [
        "a.yaml:2:1",
        "a.yaml\n",
        "b.yaml:2:10",
        "b.yaml:3:14",
        "c.yaml",
        "lpdir.toml:1:15",
        "6 problems in 4 files",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

#[test]
fn schema_command_prints_the_entry_schema() {
    let out = Fixture::new().lpdir(&["schema"]);
    assert!(out.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        schema["properties"]["level"]["enum"],
        serde_json::json!(["action-pack", "silver", "gold"])
    );
}

//! Names and URLs with quotes and event-handler text add no attribute and no element to any
//! page of the built site: every page is parsed as a browser would and inspected.

use crate::common;

use common::{Fixture, tree};

#[test]
fn hostile_names_and_urls_stay_text_in_every_attribute_and_element() {
    let f = Fixture::new();
    let name = "Evil\" onmouseover=\"alert(1)' onfocus='alert(2)<script>alert(3)</script>";
    f.write("lpdir.toml", "languages = [\"en\", \"nl\"]\n")
        .entry(
            "2026-11",
            "evil",
            name,
            "NL",
            "https://evil.nl/a'onmouseover='alert(4)\"x=\"y",
            None,
        )
        .write(
            "content/partners/2026-11/evil.yaml",
            format!(
                "{}aliases:\n  - \"' onclick='alert(5)\"\n",
                f.read("content/partners/2026-11/evil.yaml")
            ),
        );
    let out = f.lpdir(&["build", "--drafts"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut pages = 0;
    let mut named = 0;
    for (path, bytes) in tree(&f.path("public")) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let html = scraper::Html::parse_document(&String::from_utf8(bytes).unwrap());
        for node in html.tree.nodes() {
            if let Some(el) = node.value().as_element() {
                for (attr, value) in el.attrs() {
                    assert!(
                        // `x="y"` is what the hostile URL would add (a chart's own `x`
                        // and `y` hold numbers).
                        !(attr.starts_with("on") || (attr == "x" && value == "y")),
                        "{}: <{} {attr}={value:?}>",
                        path.display(),
                        el.name()
                    );
                }
                // Structured data is JSON, not a script: it must parse, and hold no `<`
                // that could end its element.
                if el.name() == "script" && el.attr("type") == Some("application/ld+json") {
                    let text: String = scraper::ElementRef::wrap(node).unwrap().text().collect();
                    assert!(!text.contains('<'), "{}: {text}", path.display());
                    let data: serde_json::Value = serde_json::from_str(&text).unwrap();
                    assert_eq!(data["name"], name, "{}", path.display());
                } else if el.name() == "script" {
                    let text: String = scraper::ElementRef::wrap(node).unwrap().text().collect();
                    assert!(
                        !text.contains("alert"),
                        "{}: a partner's script",
                        path.display()
                    );
                }
            }
        }
        let text: String = html.root_element().text().collect();
        if text.contains(name) {
            named += 1;
        }
    }
    assert!(pages >= 4, "{pages} pages");
    assert!(
        named >= 2,
        "the name shows as text on the home pages ({named} pages)"
    );
}

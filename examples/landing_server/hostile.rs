//! Hostile landing pages, each as large as the size cap allows: what an attacker would serve
//! to make the analysis slow or large. Shared by the hostile-page tests and the benchmark.

/// Every kind of hostile page, by name.
pub const KINDS: &[&str] = &[
    "deep-divs",
    "heading-marquee",
    "formatting",
    "nested-tables",
    "many-nodes",
    "many-headings",
    "huge-attributes",
    "links",
    "terms",
];

/// A page of `kind`, as close to `max` bytes as its unit allows, never over it.
pub fn page(kind: &str, max: usize) -> String {
    let head =
        "<!doctype html><html><head><title>Hostile Training – Microsoft Azure</title></head><body>";
    let budget = max - head.len() - 64;
    let mut out = String::with_capacity(max);
    out.push_str(head);
    match kind {
        // html5ever's scope walks are linear in the depth of open elements.
        "deep-divs" => repeat(&mut out, "<div>", budget),
        // Each heading stays open inside the marquee: quadratic heading text collection.
        "heading-marquee" => repeat(&mut out, "<h1><marquee>x", budget),
        // Distinct formatting elements are all reconstructed before every text.
        "formatting" => {
            let mut i = 0;
            while out.len() < budget {
                out.push_str(&format!("<b id={i}>x</p>"));
                i += 1;
            }
        }
        "nested-tables" => repeat(&mut out, "<table><tr><td>", budget),
        // More elements than lpdir analyses.
        "many-nodes" => repeat(&mut out, "<i>x</i>", budget),
        // 100,000 headings and 100,000 links: within the bounds, so judged in full.
        "many-headings" => {
            let unit = "<h2>Microsoft Azure AZ-104 training</h2>";
            repeat(&mut out, unit, budget.min(100_000 * unit.len()))
        }
        "huge-attributes" => {
            let each = budget / 4 - 64;
            for tag in [
                "img alt",
                "a title",
                "div title",
                "meta name=description content",
            ] {
                out.push('<');
                out.push_str(tag);
                out.push_str("=\"");
                out.extend(std::iter::repeat_n('A', each));
                out.push_str("\">");
            }
        }
        "links" => {
            let mut i = 0;
            while out.len() < budget && i < 100_000 {
                out.push_str(&format!("<a href=\"https://e{i}.example.org/p\">l</a>"));
                i += 1;
            }
        }
        // Every word a pattern: the most matches the rules can be made to collect.
        _ => repeat(
            &mut out,
            "Microsoft Azure AWS Google Cloud Contoso ",
            budget,
        ),
    }
    out.push_str("</body></html>");
    out
}

fn repeat(out: &mut String, unit: &str, budget: usize) {
    let n = budget.saturating_sub(out.len()) / unit.len();
    out.push_str(&unit.repeat(n));
}

//! Markdown pages through pulldown-cmark: tables, footnotes, smart punctuation and an id
//! with a link on every heading so sections can be linked to.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};
use std::collections::HashSet;

/// Renders markdown to HTML. `anchor_label` is the accessible name of the heading links.
pub fn render(markdown: &str, anchor_label: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_STRIKETHROUGH;
    let mut events: Vec<Event> = Parser::new_ext(markdown, options).collect();
    let mut used = HashSet::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id, .. }) = &events[i] {
            let end = events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |p| i + p);
            let slug = match id {
                Some(id) => id.to_string(),
                None => unique(slugify(&heading_text(&events[i + 1..end])), &mut used),
            };
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(slug.clone()));
            }
            let link = format!(
                "<a class=\"heading-anchor\" href=\"#{slug}\" aria-label=\"{}\">#</a>",
                super::escape_html(anchor_label)
            );
            events.insert(end, Event::InlineHtml(CowStr::from(link)));
            i = end + 1;
        }
        i += 1;
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

fn heading_text(events: &[Event]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect()
}

fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "section".to_owned()
    } else {
        out.to_owned()
    }
}

fn unique(slug: String, used: &mut HashSet<String>) -> String {
    let mut candidate = slug.clone();
    let mut n = 1;
    while !used.insert(candidate.clone()) {
        candidate = format!("{slug}-{n}");
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn headings_get_ids_and_links() {
        let html = render("# The four rules\n\n## FAQ\n\n## FAQ\n", "Link");
        assert!(html.contains("<h1 id=\"the-four-rules\">The four rules<a class=\"heading-anchor\" href=\"#the-four-rules\""), "{html}");
        assert!(html.contains("id=\"faq-1\""), "{html}");
    }

    #[test]
    fn tables_footnotes_and_smart_punctuation() {
        let html = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n\"Quoted\" -- text[^1]\n\n[^1]: Note.\n",
            "Link",
        );
        assert!(html.contains("<table>"), "{html}");
        assert!(
            html.contains("\u{201c}Quoted\u{201d} \u{2013} text"),
            "{html}"
        );
        assert!(html.contains("footnote-definition"), "{html}");
    }
}

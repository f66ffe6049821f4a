//! `Document`: what the rules look at, taken from a landing page in one walk over its tree.
//!
//! Text inside `<script>`, `<style>`, `<template>`, `<noscript>` and comments is never shown to
//! a visitor and is left out of the visible text. Every list is bounded so that a hostile page
//! cannot make the analysis grow without limit.

use super::parse::{Bounds, TooComplex};
use ego_tree::iter::Edge;
use scraper::{Html, Node};
use serde_json::Value;
use std::ops::Range;
use std::time::Instant;
use url::Url;

const MAX_ITEMS: usize = 5_000;
const MAX_JSON_LD: usize = 256 * 1024;

/// Where on the page a piece of evidence was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Place {
    #[serde(rename = "title")]
    Title,
    #[serde(rename = "h1")]
    H1,
    #[serde(rename = "h2")]
    H2,
    #[serde(rename = "meta[name=description]")]
    MetaDescription,
    #[serde(rename = "meta[name=keywords]")]
    MetaKeywords,
    #[serde(rename = "meta[property=og:site_name]")]
    OgSiteName,
    #[serde(rename = "img[alt]")]
    ImgAlt,
    #[serde(rename = "img[src]")]
    ImgSrc,
    #[serde(rename = "[title]")]
    TitleAttr,
    #[serde(rename = "a[href]")]
    Link,
    #[serde(rename = "json-ld")]
    JsonLd,
    #[serde(rename = "body")]
    Body,
    #[serde(rename = "nav")]
    Nav,
    #[serde(rename = "header")]
    Header,
    #[serde(rename = "footer")]
    Footer,
    #[serde(rename = "copyright")]
    Copyright,
    #[serde(rename = "url")]
    Url,
    #[serde(rename = "http")]
    Http,
    #[serde(rename = "meta[name=learning-partner-verification]")]
    VerificationMeta,
    #[serde(rename = "/.well-known/learning-partner-verification.txt")]
    VerificationFile,
}

impl Place {
    pub fn as_str(self) -> &'static str {
        match self {
            Place::Title => "title",
            Place::H1 => "h1",
            Place::H2 => "h2",
            Place::MetaDescription => "meta[name=description]",
            Place::MetaKeywords => "meta[name=keywords]",
            Place::OgSiteName => "meta[property=og:site_name]",
            Place::ImgAlt => "img[alt]",
            Place::ImgSrc => "img[src]",
            Place::TitleAttr => "[title]",
            Place::Link => "a[href]",
            Place::JsonLd => "json-ld",
            Place::Body => "body",
            Place::Nav => "nav",
            Place::Header => "header",
            Place::Footer => "footer",
            Place::Copyright => "copyright",
            Place::Url => "url",
            Place::Http => "http",
            Place::VerificationMeta => "meta[name=learning-partner-verification]",
            Place::VerificationFile => "/.well-known/learning-partner-verification.txt",
        }
    }
}

/// A link or image target on the page, resolved against the page's URL.
#[derive(Debug, Clone)]
pub struct Target {
    pub url: Url,
    pub place: Place,
    /// The URL's host, lower-case (as `url` keeps it).
    pub host: String,
    /// The host's registrable domain, when it has one.
    pub domain: Option<String>,
}

impl Target {
    fn new(url: Url, place: Place) -> Target {
        let host = url.host_str().unwrap_or_default().to_owned();
        let domain = crate::content::Domain::of_host(&host).map(|d| d.as_str().to_owned());
        Target {
            url,
            place,
            host,
            domain,
        }
    }
}

/// Everything the rules need from one page.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub title: String,
    pub headings: Vec<(Place, String)>,
    pub meta_description: String,
    pub meta_keywords: String,
    pub og_site_name: String,
    pub verification_tokens: Vec<String>,
    /// Short attribute texts: image alt texts and title attributes.
    pub attributes: Vec<(Place, String)>,
    pub targets: Vec<Target>,
    /// Names of JSON-LD organisations (`Organization` and its subtypes), wherever nested.
    pub organizations: Vec<String>,
    /// The text a visitor sees, and which part of the page each range belongs to.
    pub visible: String,
    pub regions: Vec<(Range<usize>, Place)>,
    /// `visible`, folded once for every rule that matches words in it.
    pub folded: crate::text::Folded,
}

impl Document {
    /// Parses a page within the default bounds and no deadline (tests, benchmarks).
    pub fn parse(html: &str, base: &Url) -> Result<Document, TooComplex> {
        Document::parse_within(html, base, Bounds::default(), None)
    }

    /// Parses a page, giving up once it crosses `bounds` or `deadline`: a hostile page costs
    /// no more than one at the bounds.
    pub fn parse_within(
        html: &str,
        base: &Url,
        bounds: Bounds,
        deadline: Option<Instant>,
    ) -> Result<Document, TooComplex> {
        let tree: Html = super::parse::parse(html, bounds, deadline)?;
        let mut doc = Document::default();
        let mut w = Walk {
            hidden: 0,
            in_head: 0,
            in_title: 0,
            heading: Vec::new(),
            region: vec![Place::Body],
            json_ld: None,
        };
        for edge in tree.tree.root().traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(el) => w.open(&mut doc, el, base),
                    Node::Text(t) => w.text(&mut doc, t),
                    _ => {}
                },
                Edge::Close(node) => {
                    if let Node::Element(el) = node.value() {
                        w.close(&mut doc, el.name());
                    }
                }
            }
        }
        doc.title = collapse(&doc.title);
        doc.folded = crate::text::Folded::new(&doc.visible);
        Ok(doc)
    }

    /// The region (body, nav, header, footer) of a byte of the visible text, and its range.
    fn region(&self, offset: usize) -> (Range<usize>, Place) {
        // Regions are in document order and do not overlap.
        let i = self.regions.partition_point(|(r, _)| r.end <= offset);
        match self.regions.get(i) {
            Some((r, p)) if r.contains(&offset) => (r.clone(), *p),
            _ => (0..self.visible.len(), Place::Body),
        }
    }

    pub fn region_at(&self, offset: usize) -> Place {
        self.region(offset).1
    }

    /// The visible text's region holding byte `start`, and where it is: a footer's evidence
    /// quotes the footer only.
    pub fn region_text(&self, start: usize) -> (Place, Range<usize>) {
        let (range, place) = self.region(start);
        (place, range)
    }

    /// The visible text around byte `at` (up to `context` characters each side), inside its
    /// region.
    pub fn around(&self, at: usize, context: usize) -> &str {
        let (_, range) = self.region_text(at);
        let text = &self.visible[range.clone()];
        let at = at.clamp(range.start, range.end) - range.start;
        let from = text[..at]
            .char_indices()
            .rev()
            .nth(context)
            .map_or(0, |(i, _)| i);
        let to = text[at..]
            .char_indices()
            .nth(context)
            .map_or(text.len(), |(i, _)| at + i);
        &text[from..to]
    }
}

struct Walk {
    hidden: usize,
    in_head: usize,
    in_title: usize,
    /// Open headings and where their text starts in the visible text: a heading's text is
    /// cut from there when it closes, so nesting costs nothing (appending every text to every
    /// open heading was quadratic).
    heading: Vec<(Place, usize)>,
    region: Vec<Place>,
    json_ld: Option<String>,
}

impl Walk {
    fn open(&mut self, doc: &mut Document, el: &scraper::node::Element, base: &Url) {
        let name = el.name();
        match name {
            "script"
                if el
                    .attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                self.json_ld = Some(String::new());
                self.hidden += 1;
            }
            "script" | "style" | "template" | "noscript" | "iframe" | "svg" | "object" => {
                self.hidden += 1
            }
            "head" => self.in_head += 1,
            "title" if self.hidden == 0 => self.in_title += 1,
            "h1" | "h2" if self.hidden == 0 => self.heading.push((
                if name == "h1" { Place::H1 } else { Place::H2 },
                doc.visible.len(),
            )),
            "nav" | "header" | "footer" => self.region.push(match name {
                "nav" => Place::Nav,
                "header" => Place::Header,
                _ => Place::Footer,
            }),
            "meta" => meta(doc, el),
            _ => {}
        }
        if self.hidden > 0 {
            return;
        }
        if let Some(t) = el.attr("title").filter(|t| !t.trim().is_empty()) {
            push_bounded(&mut doc.attributes, (Place::TitleAttr, collapse(t)));
        }
        let target = |attr: &str| el.attr(attr).and_then(|v| base.join(v.trim()).ok());
        match name {
            "a" | "area" => {
                if let Some(url) = target("href").filter(|u| matches!(u.scheme(), "http" | "https"))
                {
                    push_bounded(&mut doc.targets, Target::new(url, Place::Link));
                }
            }
            "img" | "source" => {
                if let Some(alt) = el.attr("alt").filter(|a| !a.trim().is_empty()) {
                    push_bounded(&mut doc.attributes, (Place::ImgAlt, collapse(alt)));
                }
                if let Some(url) = target("src").filter(|u| matches!(u.scheme(), "http" | "https"))
                {
                    push_bounded(&mut doc.targets, Target::new(url, Place::ImgSrc));
                }
            }
            _ => {}
        }
        // Element boundaries separate words: `<li>Azure</li><li>Intune</li>`.
        if !doc.visible.ends_with(' ') && !doc.visible.is_empty() {
            doc.visible.push(' ');
        }
    }

    fn close(&mut self, doc: &mut Document, name: &str) {
        match name {
            "script" if self.json_ld.is_some() => {
                if let Some(src) = self.json_ld.take() {
                    organizations(&src, &mut doc.organizations);
                }
                self.hidden = self.hidden.saturating_sub(1);
            }
            "script" | "style" | "template" | "noscript" | "iframe" | "svg" | "object" => {
                self.hidden = self.hidden.saturating_sub(1)
            }
            "head" => self.in_head = self.in_head.saturating_sub(1),
            "title" => self.in_title = self.in_title.saturating_sub(1),
            "h1" | "h2" if self.hidden == 0 => {
                if let Some((place, start)) = self.heading.pop() {
                    let text = &doc.visible[start.min(doc.visible.len())..];
                    let mut end = text.len().min(2_000);
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    push_bounded(&mut doc.headings, (place, collapse(&text[..end])));
                }
            }
            "nav" | "header" | "footer" if self.region.len() > 1 => {
                self.region.pop();
            }
            _ => {}
        }
    }

    fn text(&mut self, doc: &mut Document, t: &str) {
        if let Some(buf) = &mut self.json_ld {
            if buf.len() + t.len() <= MAX_JSON_LD {
                buf.push_str(t);
            }
            return;
        }
        if self.hidden > 0 {
            return;
        }
        if self.in_title > 0 {
            if doc.title.len() < 2_000 {
                doc.title.push_str(t);
            }
            return;
        }
        if self.in_head > 0 || t.trim().is_empty() {
            return;
        }
        let region = *self.region.last().unwrap_or(&Place::Body);
        let start = doc.visible.len();
        doc.visible.push_str(t);
        match doc.regions.last_mut() {
            Some((range, place)) if *place == region && start <= range.end + 1 => {
                range.end = doc.visible.len()
            }
            _ => doc.regions.push((start..doc.visible.len(), region)),
        }
    }
}

fn meta(doc: &mut Document, el: &scraper::node::Element) {
    let key = el
        .attr("name")
        .or_else(|| el.attr("property"))
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let content = el.attr("content").unwrap_or("");
    match key.as_str() {
        "description" => doc.meta_description = collapse(content),
        "keywords" => doc.meta_keywords = collapse(content),
        "og:site_name" => doc.og_site_name = collapse(content),
        "learning-partner-verification" => {
            push_bounded(&mut doc.verification_tokens, content.trim().to_owned())
        }
        _ => {}
    }
}

/// Organisation names in a JSON-LD block: any object whose `@type` is `Organization` or one
/// of its common subtypes, at any depth (`provider`, `@graph`, …).
fn organizations(src: &str, out: &mut Vec<String>) {
    let Ok(value) = serde_json::from_str::<Value>(src.trim()) else {
        return;
    };
    let mut stack = vec![(&value, 0usize)];
    while let Some((v, depth)) = stack.pop() {
        if depth > 32 || out.len() >= 100 {
            break;
        }
        match v {
            Value::Array(items) => stack.extend(items.iter().map(|i| (i, depth + 1))),
            Value::Object(map) => {
                if map.get("@type").is_some_and(is_organization_type)
                    && let Some(Value::String(name)) = map.get("name")
                {
                    out.push(collapse(name));
                }
                stack.extend(map.values().map(|i| (i, depth + 1)));
            }
            _ => {}
        }
    }
}

fn is_organization_type(t: &Value) -> bool {
    const TYPES: &[&str] = &[
        "Organization",
        "Corporation",
        "EducationalOrganization",
        "CollegeOrUniversity",
        "LocalBusiness",
        "ProfessionalService",
        "OnlineBusiness",
        "NGO",
        "GovernmentOrganization",
        "NewsMediaOrganization",
        "SportsOrganization",
        "MedicalOrganization",
        "ResearchOrganization",
        "Store",
        "Airline",
        "Consortium",
    ];
    match t {
        Value::String(s) => TYPES.contains(
            &s.trim_start_matches("http://schema.org/")
                .trim_start_matches("https://schema.org/"),
        ),
        Value::Array(items) => items.iter().any(is_organization_type),
        _ => false,
    }
}

fn push_bounded<T>(v: &mut Vec<T>, item: T) {
    if v.len() < MAX_ITEMS {
        v.push(item);
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

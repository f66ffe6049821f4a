//! `Page`: a markdown page of the site (`content/*.md`) with its front matter.

use super::error::{ContentError, Location, Problem};
use super::yaml::{self, Node};
use std::path::{Path, PathBuf};

/// Front-matter fields a page may carry.
pub const FRONT_MATTER_FIELDS: &[&str] = &["title", "description", "weight"];

/// One markdown file: `_index.md` is the home page's introduction, any other `slug.md` a page
/// at `/slug/`; `slug.nl.md` is its Dutch version.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// `None` for the home page's introduction (`_index.md`).
    pub slug: Option<String>,
    /// The language code from the file name, or `None` for the default language.
    pub language: Option<String>,
    pub title: String,
    pub description: Option<String>,
    /// Orders pages in the navigation, lightest first.
    pub weight: i64,
    pub markdown: String,
    pub file: PathBuf,
}

/// Folders the build writes its own pages and files into: a page there would hide them.
pub const RESERVED: &[&str] = &["countries", "partners", "stats", "embed", "static"];

/// Parses the page `file` (relative to the root) named `stem` (the file name without `.md`).
pub fn parse(src: &str, file: &Path, stem: &str) -> Result<Page, Vec<Problem>> {
    let problem = |at, e| vec![Problem::new(file, at, e)];
    let (slug, language) = match stem.split_once('.') {
        Some((s, lang)) => (s, Some(lang.to_owned())),
        None => (stem, None),
    };
    let slug = if slug == "_index" {
        None
    } else if RESERVED.contains(&slug) {
        return Err(problem(
            None,
            ContentError::ReservedPageName {
                name: slug.to_owned(),
                reserved: RESERVED,
            },
        ));
    } else if super::partner_id::PartnerId::parse(slug).is_some() {
        Some(slug.to_owned())
    } else {
        return Err(problem(
            None,
            ContentError::BadPageName {
                name: stem.to_owned(),
            },
        ));
    };
    let Some((front, body)) = split_front_matter(src) else {
        return Err(problem(
            Some(Location::at_offset(src, 0, 3)),
            ContentError::NoFrontMatter,
        ));
    };
    // Positions inside the block are shifted by the opening `---` line.
    let shift = |mut at: Location| {
        at.line += 1;
        at
    };
    let fields = yaml::parse_fields(front, file).map_err(|p| {
        let p = *p;
        problem(p.location.map(shift), p.error)
    })?;
    let mut problems = Vec::new();
    let (mut title, mut description, mut weight) = (None, None, 0);
    for f in fields {
        let at = Some(shift(f.value_at.clone()));
        match (f.key.as_str(), &f.value) {
            ("title", Node::Text(t)) if !t.trim().is_empty() => title = Some(t.trim().to_owned()),
            ("description", Node::Text(t)) => description = Some(t.trim().to_owned()),
            ("weight", Node::Number(n)) if n.parse::<i64>().is_ok() => {
                weight = n.parse().unwrap_or(0)
            }
            ("title" | "description", v) => problems.push(Problem::new(
                file,
                at,
                ContentError::WrongType {
                    field: f.key.clone(),
                    expected: "text",
                    found: v.kind(),
                },
            )),
            ("weight", v) => problems.push(Problem::new(
                file,
                at,
                ContentError::WrongType {
                    field: f.key.clone(),
                    expected: "a whole number",
                    found: v.kind(),
                },
            )),
            (other, _) => problems.push(Problem::new(
                file,
                Some(shift(f.key_at)),
                ContentError::unknown_key(other, FRONT_MATTER_FIELDS),
            )),
        }
    }
    if title.is_none() && problems.is_empty() {
        problems.push(Problem::new(
            file,
            None,
            ContentError::MissingField { field: "title" },
        ));
    }
    match title {
        Some(title) if problems.is_empty() => Ok(Page {
            slug,
            language,
            title,
            description,
            weight,
            markdown: body.to_owned(),
            file: file.to_owned(),
        }),
        _ => Err(problems),
    }
}

/// Splits `---\n<yaml>\n---\n<markdown>` into its two parts.
fn split_front_matter(src: &str) -> Option<(&str, &str)> {
    let rest = src
        .strip_prefix("---\n")
        .or_else(|| src.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_front_matter_and_language() {
        let src = "---\ntitle: Hoe word ik vermeld\nweight: 2\n---\n# Hallo\n";
        let page = parse(src, Path::new("content/how.nl.md"), "how.nl").unwrap();
        assert_eq!(page.slug.as_deref(), Some("how"));
        assert_eq!(page.language.as_deref(), Some("nl"));
        assert_eq!(page.weight, 2);
        assert_eq!(page.markdown, "# Hallo\n");
    }

    #[test]
    fn locates_front_matter_errors_in_the_file() {
        let src = "---\ntitle: x\nwieght: 2\n---\n";
        let err = parse(src, Path::new("p.md"), "p").unwrap_err();
        assert_eq!(err[0].location.as_ref().unwrap().line, 3);
        assert!(matches!(
            &err[0].error,
            ContentError::UnknownField {
                suggestion: Some("weight"),
                ..
            }
        ));
    }
}

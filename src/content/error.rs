//! The content domain's errors: what is wrong with a file, and where.
//!
//! Every loader step collects `Problem`s instead of stopping at the first, so one run
//! reports every mistake in every file.

use super::landing_url::UrlProblem;
use std::fmt;
use std::path::PathBuf;

/// A place in a text file: 1-based line and column (in characters), the length of the
/// offending text, and the line itself so the report needs no second read of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub len: usize,
    pub snippet: String,
}

impl Location {
    /// The location of byte offset `index` in `src`, underlining `len` characters.
    pub fn at_offset(src: &str, index: usize, len: usize) -> Location {
        let index = floor_char_boundary(src, index.min(src.len()));
        let line_start = src[..index].rfind('\n').map_or(0, |i| i + 1);
        let line_end = src[index..].find('\n').map_or(src.len(), |i| index + i);
        Location {
            line: src[..index].matches('\n').count() + 1,
            column: src[line_start..index].chars().count() + 1,
            len: len.max(1),
            snippet: src[line_start..line_end].trim_end_matches('\r').to_owned(),
        }
    }

    /// The location of 1-based `line` and `column` in `src`.
    pub fn at_line_column(src: &str, line: usize, column: usize, len: usize) -> Location {
        let snippet = src
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .to_owned();
        Location {
            line,
            column: column.max(1),
            len: len.max(1),
            snippet,
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One thing wrong with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// Where in the file; `None` when the problem is the file as a whole.
    pub location: Option<Location>,
    pub error: ContentError,
}

impl Problem {
    pub fn new(file: impl Into<PathBuf>, location: Option<Location>, error: ContentError) -> Self {
        Problem {
            file: file.into(),
            location,
            error,
        }
    }
}

/// Every problem found in one run, sorted by file and position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn sorted(mut problems: Vec<Problem>) -> Problems {
        problems.sort_by(|a, b| {
            let pos = |p: &Problem| p.location.as_ref().map(|l| (l.line, l.column));
            (&a.file, pos(a)).cmp(&(&b.file, pos(b)))
        });
        problems.dedup();
        Problems(problems)
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} in the content",
            crate::text::count(self.0.len(), "problem", "problems")
        )
    }
}

/// What can be wrong with the site's content and configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    #[error("cannot read the file: {0}")]
    Unreadable(String),
    #[error("the file is empty")]
    Empty,
    #[error("the file holds no fields, only comments or blank lines")]
    NoFields,
    #[error("the file is {size} bytes; the limit is {max} bytes")]
    TooLarge { size: u64, max: u64 },
    #[error("the file is not valid UTF-8 text")]
    NotUtf8,
    #[error("YAML syntax error: {message}")]
    YamlSyntax { message: String, tab: bool },
    #[error("duplicate key: `{key}` is given twice")]
    DuplicateKey { key: String, first_line: usize },
    #[error("YAML anchors and aliases expand too far (an \"alias bomb\")")]
    AliasBomb,
    #[error("TOML syntax error: {0}")]
    TomlSyntax(String),
    #[error("expected {expected}, found {found}")]
    NotAMapping {
        expected: &'static str,
        found: &'static str,
    },
    #[error("unknown field `{field}`")]
    UnknownField {
        field: String,
        suggestion: Option<&'static str>,
        known: &'static [&'static str],
    },
    #[error("missing required field `{field}`")]
    MissingField { field: &'static str },
    #[error("`{field}` must be {expected}, found {found}")]
    WrongType {
        field: String,
        expected: &'static str,
        found: &'static str,
    },
    #[error("`{field}` must not be empty")]
    EmptyValue { field: String },
    #[error("`{field}` holds the invisible character {character}, which {what}")]
    InvisibleCharacter {
        field: String,
        character: String,
        what: &'static str,
    },
    #[error("`{code}` is not an ISO 3166-1 alpha-2 country code")]
    UnknownCountry {
        code: String,
        suggestion: Option<String>,
    },
    #[error("`{value}` is not a level")]
    UnknownLevel { value: String },
    #[error("`{code}` is not an ISO 639-1 language code")]
    UnknownTrainingLanguage {
        code: String,
        suggestion: Option<String>,
    },
    #[error("`{value}` is not a way of delivering training")]
    UnknownDelivery { value: String },
    #[error("`{field}` lists `{value}` twice")]
    Repeated { field: String, value: String },
    #[error("the description is {chars} characters long, more than the {max} allowed")]
    DescriptionTooLong { chars: usize, max: usize },
    #[error("the description is plain text, but contains {what}")]
    DescriptionMarkup { what: &'static str },
    #[error("invalid `landing_url`: {0}")]
    BadUrl(UrlProblem),
    #[error("`{value}` is not a registrable domain")]
    BadDomain {
        value: String,
        suggestion: Option<String>,
    },
    #[error("`{value}` is not a valid verification token")]
    BadToken { value: String },
    #[error("the folder `{name}` is not a month")]
    BadMonthFolder { name: String },
    #[error("the file name `{name}` does not give a valid partner id")]
    BadId { name: String, suggestion: String },
    #[error("entries use the `.yaml` extension, not `.{ext}`")]
    WrongExtension { ext: String },
    #[error("the partner name `{name}` is also used by `{other_id}` ({other_file})")]
    DuplicateName {
        name: String,
        other_id: String,
        other_file: String,
    },
    #[error("the landing URL `{url}` is also used by `{other_id}` ({other_file})")]
    DuplicateUrl {
        url: String,
        other_id: String,
        other_file: String,
    },
    #[error("`{id}` is removed, but it is not listed in the directory before {month}")]
    RemovedUnknown { id: String, month: String },
    #[error("no partner entries were found under content/partners/")]
    NoEntries,
    #[error("the page name `{name}` is not a valid page slug")]
    BadPageName { name: String },
    #[error("a page cannot be named `{name}`: the directory's own pages live at /{name}/")]
    ReservedPageName {
        name: String,
        reserved: &'static [&'static str],
    },
    #[error("the language `{language}` is not one of the site's languages ({configured})")]
    UnknownLanguage {
        language: String,
        configured: String,
    },
    #[error("the page has no front matter block")]
    NoFrontMatter,
    #[error("invalid `{field}` setting: {message}")]
    BadSetting {
        field: String,
        message: String,
        help: String,
    },
}

impl ContentError {
    /// An unknown key, with the did-you-mean among `known`.
    pub fn unknown_key(field: &str, known: &'static [&'static str]) -> ContentError {
        let suggestion = crate::text::closest(&field.to_ascii_lowercase(), known.iter().copied());
        ContentError::UnknownField {
            field: field.to_owned(),
            suggestion,
            known,
        }
    }

    /// What the user can do about it.
    pub fn help(&self) -> Option<String> {
        use ContentError::*;
        Some(match self {
            Unreadable(_) => "check the file's permissions".into(),
            Empty | NoFields => {
                "write the entry's fields (see `lpdir schema`), or delete the file".into()
            }
            TooLarge { .. } => "an entry is a few lines of YAML; remove whatever else the \
                file holds"
                .into(),
            NotUtf8 => "save the file as UTF-8 (most editors offer it under \"Save \
                with encoding\")"
                .into(),
            YamlSyntax { tab: true, .. } => {
                "YAML does not allow tabs for indentation; indent with spaces".into()
            }
            YamlSyntax { .. } => "check the indentation and the `key: value` form of this line \
                and the one above; quote values that contain `: ` or start \
                with a special character"
                .into(),
            DuplicateKey { key, first_line } => format!(
                "each field is given once: keep one `{key}:` line (the other is on line \
                 {first_line})"
            ),
            AliasBomb => "entries need no anchors (`&`) or aliases (`*`); write the \
                values out"
                .into(),
            TomlSyntax(_) => "see the configuration reference in docs/configuration.md".into(),
            NotAMapping { .. } => {
                "write one `field: value` pair per line (see `lpdir schema`)".into()
            }
            UnknownField {
                suggestion: Some(s),
                ..
            } => format!("did you mean `{s}`?"),
            UnknownField { known, .. } => format!("the fields are: {}", known.join(", ")),
            MissingField { field } => format!("add a line `{field}: …`"),
            WrongType { field, .. } if field == "country" => {
                "use the two-letter ISO 3166-1 code in capitals, e.g. `NL` or `US`".into()
            }
            WrongType {
                field,
                expected: "text",
                found: "a number" | "true/false",
            } => format!("put the value in quotes, so YAML reads it as text: `{field}: \"…\"`"),
            WrongType { expected, .. } => format!("write {expected}"),
            EmptyValue { field } => format!("give `{field}` a value, or remove the line"),
            InvisibleCharacter { .. } => "retype the value: it was probably pasted with a \
                character no one can see"
                .to_owned(),
            UnknownCountry {
                suggestion: Some(s),
                ..
            } => format!("did you mean `{s}`?"),
            UnknownCountry { .. } => {
                "use the two-letter ISO 3166-1 code in capitals, e.g. `NL` or \
                `US`"
                    .into()
            }
            UnknownTrainingLanguage {
                suggestion: Some(s),
                ..
            } => format!("did you mean `{s}`?"),
            UnknownTrainingLanguage { .. } => {
                "use two-letter ISO 639-1 codes in lower case, e.g. `en`, `nl`, `pt`".into()
            }
            UnknownDelivery { .. } => {
                "use `classroom`, `virtual` or `on-site` (one per line)".into()
            }
            Repeated { .. } => "list each value once".into(),
            DescriptionTooLong { max, .. } => {
                format!("shorten it to {max} characters; the landing page can say more")
            }
            DescriptionMarkup { .. } => "write one or two sentences of plain text, \
                without HTML, links or line breaks"
                .into(),
            UnknownLevel { .. } => "use one of `action-pack`, `silver`, `gold`, or leave `level` \
                out"
            .into(),
            BadUrl(p) => p.help(),
            BadDomain {
                suggestion: Some(s),
                ..
            } => format!("did you mean `{s}`?"),
            BadDomain { .. } => "list registrable domains such as `contoso.com` or \
                `contoso.co.uk`, without scheme or path"
                .into(),
            BadToken { .. } => "use 8 to 128 letters, digits, `-` or `_`".into(),
            BadMonthFolder { .. } => {
                "name month folders YYYY-MM, e.g. content/partners/2026-11/".into()
            }
            BadId { suggestion, .. } if suggestion.is_empty() => {
                "name the file after the partner in lower-case letters, \
                digits and hyphens"
                    .into()
            }
            BadId { suggestion, .. } => format!(
                "rename the file to `{suggestion}.yaml` (lower-case letters, \
                digits and hyphens)"
            ),
            WrongExtension { .. } => "rename the file to end in `.yaml`".into(),
            DuplicateName { .. } => "each partner is listed once: remove one entry, or give it \
                the partner's distinct name"
                .into(),
            DuplicateUrl { .. } => "each partner has its own landing page: remove one entry, or \
                correct the URL"
                .into(),
            RemovedUnknown { .. } => "check the file name: a removal must use the id of a listed \
                partner"
                .into(),
            NoEntries => "add an entry such as content/partners/2026-11/contoso.yaml \
                (see `lpdir schema`)"
                .into(),
            ReservedPageName { reserved, .. } => format!(
                "rename the file; these names are taken: {}",
                reserved.join(", ")
            ),
            BadPageName { .. } => "name pages in lower-case letters, digits and hyphens, e.g. \
                how-to-get-listed.md"
                .into(),
            UnknownLanguage { .. } => {
                "add the language to `languages` in lpdir.toml, or rename the \
                file"
                    .into()
            }
            NoFrontMatter => "start the page with a block such as:\n---\ntitle: How to get \
                listed\n---"
                .into(),
            BadSetting { help, .. } => help.clone(),
        })
    }
}

//! `Entry`: one partner's request for one month, validated field by field.

use super::country::{self, CountryCode};
use super::delivery::Delivery;
use super::domain::Domain;
use super::error::{ContentError, Location, Problem};
use super::landing_url::LandingUrl;
use super::language_code::{self, LanguageCode};
use super::level::Level;
use super::month::Month;
use super::partner_id::PartnerId;
use super::yaml::{self, Field, Node};
use std::path::{Path, PathBuf};

/// Every field an entry may carry, in the order the schema documents them.
pub const FIELDS: &[&str] = &[
    "name",
    "country",
    "landing_url",
    "domains",
    "aliases",
    "level",
    "city",
    "languages",
    "delivery",
    "description",
    "description_language",
    "verification_token",
    "removed",
    "reason",
];

/// One file under `content/partners/YYYY-MM/`.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: PartnerId,
    pub month: Month,
    /// The file, relative to the site root.
    pub file: PathBuf,
    pub change: Change,
    /// A fingerprint of the file's text: the publishing ledger records which version of an
    /// entry it judged, so a rerun need not judge it again.
    pub hash: String,
}

/// FNV-1a (64 bits) of the text, in hex: stable across runs, machines and versions.
pub fn content_hash(text: &str) -> String {
    content_hash_bytes(text.as_bytes())
}

/// `content_hash` of raw bytes.
pub fn content_hash_bytes(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// What an entry does to the directory.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Lists the partner, or replaces its earlier listing.
    List(std::sync::Arc<Listing>),
    /// Delists the partner from this month on.
    Remove { reason: Option<String> },
}

/// A partner as it is listed.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    pub name: String,
    pub country: CountryCode,
    pub landing_url: LandingUrl,
    /// The registrable domains declared in the entry; see `owned_domains`.
    pub domains: Vec<Domain>,
    pub aliases: Vec<String>,
    pub level: Option<Level>,
    /// Optional facts for visitors, shown where present.
    pub about: About,
    pub verification_token: Option<String>,
    /// Where `name` and `landing_url` are written, for duplicate reports.
    pub name_at: Location,
    pub url_at: Location,
}

/// What an entry may say about a partner beyond what the directory needs: all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct About {
    pub city: Option<String>,
    /// The languages it trains in, in the entry's order.
    pub languages: Vec<LanguageCode>,
    /// How it delivers training, in the entry's order.
    pub delivery: Vec<Delivery>,
    /// Plain text, at most `DESCRIPTION_MAX` characters.
    pub description: Option<String>,
    /// The language the description is written in, when the entry says.
    pub description_language: Option<LanguageCode>,
}

/// The longest description, in characters: a sentence or two for a row and a partner page.
pub const DESCRIPTION_MAX: usize = 300;

impl Listing {
    /// The domains the partner owns: those declared, or the landing URL's own.
    pub fn owned_domains(&self) -> Vec<Domain> {
        if self.domains.is_empty() {
            vec![self.landing_url.domain().clone()]
        } else {
            self.domains.clone()
        }
    }
}

/// Validates one entry file's text. Returns every problem in it, not just the first.
pub fn parse(src: &str, file: &Path, id: PartnerId, month: Month) -> Result<Entry, Vec<Problem>> {
    let problem = |at: Option<Location>, e| Problem::new(file, at, e);
    let fields = yaml::parse_fields(src, file).map_err(|p| vec![*p])?;
    let mut v = Validator {
        problems: Vec::new(),
        file,
    };
    let mut f = Fields::default();
    for field in &fields {
        match field.key.as_str() {
            "name" => f.name = v.text(field).map(|t| (t, field.value_at.clone())),
            "country" => f.country = v.country(field),
            "landing_url" => f.landing_url = v.url(field).map(|u| (u, field.value_at.clone())),
            "domains" => f.domains = v.list(field, |v, t, at| v.domain(t, at)),
            "aliases" => f.aliases = v.list(field, |_, t, _| Some(t.to_owned())),
            "level" => f.level = v.level(field),
            "city" => f.about.city = v.text(field),
            "languages" => f.about.languages = v.distinct(field, |v, t, at| v.language(t, at)),
            "delivery" => f.about.delivery = v.distinct(field, |v, t, at| v.delivery(t, at)),
            "description" => f.about.description = v.description(field),
            "description_language" => {
                f.about.description_language =
                    v.text(field).and_then(|t| v.language(&t, &field.value_at))
            }
            "verification_token" => f.token = v.token(field),
            "removed" => f.removed = v.boolean(field),
            "reason" => f.reason = v.text(field),
            other => v.push(&field.key_at, unknown_field(other)),
        }
    }
    if f.removed == Some(true) {
        return finish(src, v, Change::Remove { reason: f.reason }, file, id, month);
    }
    let present = |k: &str| fields.iter().any(|x| x.key == k);
    // A misspelled field already says what is missing; saying it twice is noise.
    let suggested: Vec<&str> = v
        .problems
        .iter()
        .filter_map(|p| match &p.error {
            ContentError::UnknownField { suggestion, .. } => *suggestion,
            _ => None,
        })
        .collect();
    for required in ["name", "country", "landing_url"] {
        if !present(required) && !suggested.contains(&required) {
            v.problems.push(problem(
                None,
                ContentError::MissingField {
                    field: field_name(required),
                },
            ));
        }
    }
    match (f.name, f.country, f.landing_url) {
        (Some((name, name_at)), Some(country), Some((landing_url, url_at))) => {
            let listing = Listing {
                name,
                country,
                landing_url,
                domains: f.domains,
                aliases: f.aliases,
                level: f.level,
                about: f.about,
                verification_token: f.token,
                name_at,
                url_at,
            };
            finish(
                src,
                v,
                Change::List(std::sync::Arc::new(listing)),
                file,
                id,
                month,
            )
        }
        _ => Err(v.problems),
    }
}

fn finish(
    src: &str,
    v: Validator,
    change: Change,
    file: &Path,
    id: PartnerId,
    month: Month,
) -> Result<Entry, Vec<Problem>> {
    if v.problems.is_empty() {
        Ok(Entry {
            id,
            month,
            file: file.to_owned(),
            change,
            hash: content_hash(src),
        })
    } else {
        Err(v.problems)
    }
}

fn field_name(name: &str) -> &'static str {
    FIELDS
        .iter()
        .find(|f| **f == name)
        .copied()
        .unwrap_or("name")
}

fn unknown_field(field: &str) -> ContentError {
    ContentError::unknown_key(field, FIELDS)
}

#[derive(Default)]
struct Fields {
    name: Option<(String, Location)>,
    country: Option<CountryCode>,
    landing_url: Option<(LandingUrl, Location)>,
    domains: Vec<Domain>,
    aliases: Vec<String>,
    level: Option<Level>,
    about: About,
    token: Option<String>,
    removed: Option<bool>,
    reason: Option<String>,
}

/// Converts fields and records every problem it meets.
struct Validator<'a> {
    problems: Vec<Problem>,
    file: &'a Path,
}

impl Validator<'_> {
    fn push(&mut self, at: &Location, error: ContentError) {
        self.problems
            .push(Problem::new(self.file, Some(at.clone()), error));
    }

    fn wrong_type(&mut self, field: &Field, expected: &'static str) {
        let error = if field.value == Node::Null {
            ContentError::EmptyValue {
                field: field.key.clone(),
            }
        } else {
            ContentError::WrongType {
                field: field.key.clone(),
                expected,
                found: field.value.kind(),
            }
        };
        self.push(&field.value_at, error);
    }

    fn text(&mut self, field: &Field) -> Option<String> {
        match &field.value {
            Node::Text(t) if t.trim().is_empty() => {
                self.push(
                    &field.value_at,
                    ContentError::EmptyValue {
                        field: field.key.clone(),
                    },
                );
                None
            }
            Node::Text(t) => self
                .visible(t, &field.key, &field.value_at)
                .then(|| t.trim().to_owned()),
            _ => {
                self.wrong_type(field, "text");
                None
            }
        }
    }

    /// Whether `text` has no invisible character (control, bidi override, zero-width); the
    /// first one found is the problem.
    fn visible(&mut self, text: &str, field: &str, at: &Location) -> bool {
        let bad = text
            .chars()
            .find_map(|c| Some((c, crate::printable::invisible(c)?)));
        let Some((c, what)) = bad else {
            return true;
        };
        let error = ContentError::InvisibleCharacter {
            field: field.to_owned(),
            character: format!("U+{:04X}", u32::from(c)),
            what,
        };
        self.push(at, error);
        false
    }

    fn boolean(&mut self, field: &Field) -> Option<bool> {
        match field.value {
            Node::Bool(b) => Some(b),
            _ => {
                self.wrong_type(field, "`true` or `false`");
                None
            }
        }
    }

    fn country(&mut self, field: &Field) -> Option<CountryCode> {
        let code = self.text(field)?;
        let parsed = CountryCode::parse(&code);
        if parsed.is_none() {
            let suggestion = country::suggest(&code).map(|c| c.to_string());
            self.push(
                &field.value_at,
                ContentError::UnknownCountry { code, suggestion },
            );
        }
        parsed
    }

    fn url(&mut self, field: &Field) -> Option<LandingUrl> {
        let text = self.text(field)?;
        LandingUrl::parse(&text)
            .map_err(|p| self.push(&field.value_at, ContentError::BadUrl(p)))
            .ok()
    }

    fn level(&mut self, field: &Field) -> Option<Level> {
        let text = self.text(field)?;
        let level = Level::parse(&text);
        if level.is_none() {
            self.push(&field.value_at, ContentError::UnknownLevel { value: text });
        }
        level
    }

    fn language(&mut self, text: &str, at: &Location) -> Option<LanguageCode> {
        let parsed = LanguageCode::parse(text);
        if parsed.is_none() {
            let suggestion = language_code::suggest(text).map(|c| c.to_string());
            self.push(
                at,
                ContentError::UnknownTrainingLanguage {
                    code: text.to_owned(),
                    suggestion,
                },
            );
        }
        parsed
    }

    fn delivery(&mut self, text: &str, at: &Location) -> Option<Delivery> {
        let parsed = Delivery::parse(text);
        if parsed.is_none() {
            self.push(
                at,
                ContentError::UnknownDelivery {
                    value: text.to_owned(),
                },
            );
        }
        parsed
    }

    /// Plain text a visitor reads in a row and on the partner's page: one paragraph, no
    /// markup (it is escaped anyway; an entry with tags or links is a mistake worth saying).
    fn description(&mut self, field: &Field) -> Option<String> {
        let text = self.text(field)?;
        let chars = text.chars().count();
        let markup = if text.contains('\n') {
            Some("a line break")
        } else if text.contains('<') && text.contains('>') {
            Some("HTML")
        } else if text.contains("http://") || text.contains("https://") || text.contains("](") {
            Some("a link")
        } else {
            None
        };
        if let Some(what) = markup {
            self.push(&field.value_at, ContentError::DescriptionMarkup { what });
            return None;
        }
        if chars > DESCRIPTION_MAX {
            self.push(
                &field.value_at,
                ContentError::DescriptionTooLong {
                    chars,
                    max: DESCRIPTION_MAX,
                },
            );
            return None;
        }
        Some(text)
    }

    fn token(&mut self, field: &Field) -> Option<String> {
        let text = self.text(field)?;
        let ok = (8..=128).contains(&text.len())
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !ok {
            self.push(&field.value_at, ContentError::BadToken { value: text });
            return None;
        }
        Some(text)
    }

    fn domain(&mut self, text: &str, at: &Location) -> Option<Domain> {
        let parsed = Domain::parse(text);
        if parsed.is_none() {
            let host = text
                .trim_start_matches("https://")
                .trim_start_matches("http://");
            let host = host.split('/').next().unwrap_or(host);
            let suggestion = Domain::of_host(host)
                .map(|d| d.to_string())
                .filter(|d| d != text);
            self.push(
                at,
                ContentError::BadDomain {
                    value: text.to_owned(),
                    suggestion,
                },
            );
        }
        parsed
    }

    /// A list whose items may appear once each: a repeat is reported at the repeat.
    fn distinct<T: PartialEq + std::fmt::Display>(
        &mut self,
        field: &Field,
        item: impl Fn(&mut Self, &str, &Location) -> Option<T>,
    ) -> Vec<T> {
        let mut out: Vec<T> = Vec::new();
        let located = self.list(field, |v, t, at| item(v, t, at).map(|x| (x, at.clone())));
        for (value, at) in located {
            if out.contains(&value) {
                self.push(
                    &at,
                    ContentError::Repeated {
                        field: field.key.clone(),
                        value: value.to_string(),
                    },
                );
            } else {
                out.push(value);
            }
        }
        out
    }

    /// A list of text items, each converted by `item`; a single text is taken as a list of one.
    fn list<T>(
        &mut self,
        field: &Field,
        item: impl Fn(&mut Self, &str, &Location) -> Option<T>,
    ) -> Vec<T> {
        let items: Vec<(Node, Location)> = match &field.value {
            Node::List(items) => items.clone(),
            _ => {
                self.wrong_type(field, "a list (one `- item` per line)");
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for (node, at) in items {
            match node {
                Node::Text(t) if !t.trim().is_empty() => {
                    if self.visible(&t, &field.key, &at) {
                        out.extend(item(self, t.trim(), &at));
                    }
                }
                other => self.push(
                    &at,
                    ContentError::WrongType {
                        field: format!("{} item", field.key),
                        expected: "text",
                        found: other.kind(),
                    },
                ),
            }
        }
        out
    }
}

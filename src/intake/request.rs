//! One request: new partner or update, its id, its entry's text, and writing it.

use super::IntakeError;
use crate::content::{Directory, Entry, Month, Partner, PartnerId, slugify};
use crate::text::{fold, name_key};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A partner's request as it arrived: text, not validated yet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    pub name: String,
    pub country: String,
    pub url: String,
    pub level: Option<String>,
    pub domains: Vec<String>,
    pub aliases: Vec<String>,
    pub city: Option<String>,
    pub languages: Vec<String>,
    pub delivery: Vec<String>,
    pub description: Option<String>,
    /// The id to use, when the maintainer chooses it.
    pub id: Option<String>,
}

/// What a request does to the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A partner not listed yet.
    New,
    /// A listed partner's new entry; `because` says how it was recognised.
    Update { because: String },
    /// `removed: true` for a listed partner.
    Removal,
}

/// A request ready to write: where, what, and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub id: PartnerId,
    /// Relative to the site's root.
    pub file: PathBuf,
    pub text: String,
    pub kind: Kind,
    /// A note for the maintainer, e.g. that the id from the name was taken.
    pub note: Option<String>,
}

/// Plans `request` for `month`, given the entries loaded so far and the directory folded up
/// to the month (every entry, published or not: a maintainer's view).
pub fn plan(
    request: &Request,
    month: Month,
    entries: &[Entry],
    directory: &Directory,
) -> Result<Plan, IntakeError> {
    let (id, kind, note) = match &request.id {
        Some(id) => {
            let id = PartnerId::parse(id).ok_or_else(|| IntakeError::NoId { name: id.clone() })?;
            let kind = match directory.partners.iter().find(|p| p.id == id) {
                Some(_) => Kind::Update {
                    because: "its id".to_owned(),
                },
                None => Kind::New,
            };
            (id, kind, None)
        }
        None => match recognise(request, directory) {
            Some((partner, because)) => (partner.id.clone(), Kind::Update { because }, None),
            None => {
                let (id, note) = new_id(request, entries)?;
                (id, Kind::New, note)
            }
        },
    };
    finish(id, kind, note, yaml(request), month, entries)
}

/// A removal of the listed partner `id` in `month`.
pub fn plan_removal(
    id: &str,
    reason: &str,
    month: Month,
    entries: &[Entry],
    directory: &Directory,
) -> Result<Plan, IntakeError> {
    let listed = directory.partners.iter().find(|p| p.id.as_str() == id);
    let Some(partner) = listed else {
        let suggestion = crate::text::closest(id, directory.partners.iter().map(|p| p.id.as_str()))
            .map(str::to_owned);
        return Err(IntakeError::NotListed {
            id: id.to_owned(),
            month: month.to_string(),
            suggestion,
        });
    };
    let mut text = String::from(SCHEMA_LINE);
    let _ = writeln!(text, "removed: true\nreason: {}", quoted(reason));
    finish(
        partner.id.clone(),
        Kind::Removal,
        None,
        text,
        month,
        entries,
    )
}

/// The plan of an entry `text` for `id` in `month`: refused when the partner already has a
/// request that month (it would be replaced), or when the loader would refuse the text.
fn finish(
    id: PartnerId,
    kind: Kind,
    note: Option<String>,
    text: String,
    month: Month,
    entries: &[Entry],
) -> Result<Plan, IntakeError> {
    if let Some(e) = entries.iter().find(|e| e.month == month && e.id == id) {
        return Err(IntakeError::AlreadyRequested {
            id: id.to_string(),
            month: month.to_string(),
            file: e.file.clone(),
        });
    }
    let file = Path::new("content/partners")
        .join(month.to_string())
        .join(format!("{id}.yaml"));
    crate::content::parse_entry(&text, &file, id.clone(), month)
        .map_err(|problems| IntakeError::Invalid { problems })?;
    Ok(Plan {
        id,
        file,
        text,
        kind,
        note,
    })
}

/// Writes a plan's file below `root`; an existing file is never replaced.
pub fn write(root: &Path, plan: &Plan) -> Result<(), IntakeError> {
    let path = root.join(&plan.file);
    let io = |source| IntakeError::Io {
        path: path.clone(),
        source,
    };
    crate::sources::write_new_inside(root, &path, plan.text.as_bytes()).map_err(io)
}

/// The listed partner this request is about: the same registrable domain, or the same name
/// once normalised (case, accents, spacing and legal forms ignored).
fn recognise<'d>(request: &Request, directory: &'d Directory) -> Option<(&'d Partner, String)> {
    let domain = crate::content::LandingUrl::parse(request.url.trim())
        .ok()
        .map(|u| u.domain().to_string());
    if let Some(domain) = domain {
        let found = directory.partners.iter().find(|p| {
            p.listing
                .owned_domains()
                .iter()
                .any(|d| d.as_str() == domain)
        });
        if let Some(p) = found {
            return Some((p, format!("its domain, {domain}")));
        }
    }
    let key = name_key(&request.name)?;
    directory
        .partners
        .iter()
        .find(|p| {
            name_key(&p.listing.name).as_deref() == Some(key.as_str())
                || p.listing
                    .aliases
                    .iter()
                    .any(|a| name_key(a).as_deref() == Some(key.as_str()))
        })
        .map(|p| (p, "its name".to_owned()))
}

/// A new id from the name: stable, lower case, unique among every id the content has used.
fn new_id(
    request: &Request,
    entries: &[Entry],
) -> Result<(PartnerId, Option<String>), IntakeError> {
    let base = slugify(&ascii(&request.name));
    let taken = |id: &str| entries.iter().any(|e| e.id.as_str() == id);
    let no_id = || IntakeError::NoId {
        name: request.name.clone(),
    };
    let first = PartnerId::parse(&base).ok_or_else(no_id)?;
    if !taken(first.as_str()) {
        return Ok((first, None));
    }
    let country = request.country.trim().to_ascii_lowercase();
    let candidates =
        std::iter::once(format!("{base}-{country}")).chain((2..100).map(|n| format!("{base}-{n}")));
    for candidate in candidates {
        if let Some(id) = PartnerId::parse(&candidate).filter(|id| !taken(id.as_str())) {
            let note = format!(
                "the id `{first}` is taken by another partner's entries: this request gets `{id}` \
                 (choose another with --id)"
            );
            return Ok((id, Some(note)));
        }
    }
    Err(no_id())
}

/// Letters without their accents, and the few that do not decompose spelled out, so that
/// "Ærø Kompetanse" gives `aero-kompetanse` and "Ipê Educação" `ipe-educacao`.
fn ascii(name: &str) -> String {
    let folded = fold(&name.replace(['\'', '’'], ""));
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        match c {
            'æ' => out.push_str("ae"),
            'ø' => out.push('o'),
            'œ' => out.push_str("oe"),
            'ß' => out.push_str("ss"),
            'ł' => out.push('l'),
            'đ' | 'ð' => out.push('d'),
            'þ' => out.push_str("th"),
            c => out.push(c),
        }
    }
    out
}

const SCHEMA_LINE: &str = "# yaml-language-server: $schema=../entry.schema.json\n";

/// The entry's YAML: the fields in the schema's order, each value quoted where YAML would
/// read it as something else.
fn yaml(r: &Request) -> String {
    let mut out = String::from(SCHEMA_LINE);
    let mut field = |key: &str, value: &str| {
        let _ = writeln!(out, "{key}: {}", quoted(value));
    };
    field("name", &r.name);
    field("country", &r.country);
    field("landing_url", &r.url);
    if let Some(level) = &r.level {
        field("level", level);
    }
    if let Some(city) = &r.city {
        field("city", city);
    }
    if let Some(d) = &r.description {
        field("description", d);
    }
    for (key, values) in [
        ("domains", &r.domains),
        ("aliases", &r.aliases),
        ("languages", &r.languages),
        ("delivery", &r.delivery),
    ] {
        if values.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{key}:");
        for v in values {
            let _ = writeln!(out, "  - {}", quoted(v));
        }
    }
    out
}

/// A YAML scalar: plain when it reads back as the same text, double-quoted otherwise.
fn quoted(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || " .,/:-_()'&".contains(c))
        && !value.starts_with(['-', ' ', '\'', ':'])
        && !value.ends_with([' ', ':'])
        && !value.contains(": ")
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~"
        )
        && value.parse::<f64>().is_err();
    if plain {
        value.to_owned()
    } else {
        serde_json::to_string(value).unwrap_or_else(|_| format!("{value:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_give_ascii_ids() {
        assert_eq!(slugify(&ascii("Ærø Kompetanse")), "aero-kompetanse");
        assert_eq!(slugify(&ascii("Ipê Educação")), "ipe-educacao");
        assert_eq!(slugify(&ascii("Margie's Learning")), "margies-learning");
    }

    #[test]
    fn values_are_quoted_when_yaml_would_misread_them() {
        assert_eq!(quoted("Contoso Learning"), "Contoso Learning");
        assert_eq!(
            quoted("https://contoso.nl/microsoft"),
            "https://contoso.nl/microsoft"
        );
        assert_eq!(quoted("NO"), "\"NO\"");
        assert_eq!(quoted("2024"), "\"2024\"");
        assert_eq!(quoted("a: b"), "\"a: b\"");
        assert_eq!(quoted("#1 partner"), "\"#1 partner\"");
    }
}

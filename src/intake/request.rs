//! One request as it arrived, what it does to the directory, and its plan: the file to write.

use crate::content::{Entry, PartnerId};
use crate::text::fold;
use std::path::PathBuf;

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
    /// The language the description is written in (ISO 639-1).
    pub description_language: Option<String>,
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
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub id: PartnerId,
    /// Relative to the site's root.
    pub file: PathBuf,
    pub text: String,
    /// The text as the loader reads it.
    pub entry: Entry,
    pub kind: Kind,
    /// A note for the maintainer, e.g. that the id from the name was taken.
    pub note: Option<String>,
    /// The month's earlier request this one replaces (`add --replace`): its file's bytes as
    /// planned, which writing checks are still there and keeps until everything is in place.
    pub replaces: Option<Vec<u8>>,
}

impl Request {
    /// The request with every value trimmed and empty optional values left out: what is
    /// written, and what must read back.
    pub fn trimmed(&self) -> Request {
        let list = |v: &[String]| -> Vec<String> {
            v.iter()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        };
        let opt = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        Request {
            name: self.name.trim().to_owned(),
            country: self.country.trim().to_owned(),
            url: self.url.trim().to_owned(),
            level: opt(&self.level),
            domains: list(&self.domains),
            aliases: list(&self.aliases),
            city: opt(&self.city),
            languages: list(&self.languages),
            delivery: list(&self.delivery),
            description: opt(&self.description),
            description_language: opt(&self.description_language),
            id: opt(&self.id),
        }
    }
}

/// The id a name gives: its words without a legal form ("Contoso Learning B.V." gives
/// `contoso-learning`, as the partner-only rule compares names), in ASCII.
pub(super) fn id_of(name: &str) -> String {
    let name = name.replace(['\'', '’'], "");
    let key = crate::text::name_key(&name).unwrap_or(name);
    crate::content::slugify(&ascii(&key))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::slugify;

    #[test]
    fn names_give_ascii_ids_without_legal_forms() {
        assert_eq!(slugify(&ascii("Ærø Kompetanse")), "aero-kompetanse");
        assert_eq!(id_of("Ærø Kompetanse AS"), "aero-kompetanse");
        assert_eq!(id_of("Ipê Educação Ltda."), "ipe-educacao");
        assert_eq!(id_of("Margie's Learning"), "margies-learning");
        assert_eq!(id_of("Contoso Learning B.V."), "contoso-learning");
        assert_eq!(id_of("Fabrikam GmbH"), "fabrikam");
        // A name that is only a legal form keeps it.
        assert_eq!(id_of("GmbH"), "gmbh");
    }
}

//! An entry's text, emitted by the YAML serializer: every value is quoted exactly where YAML
//! would read it as something else (an anchor, a number, a boolean, a comment), so that what
//! `add` and `remove` write is what the loader reads.

use super::Request;
use serde::Serialize;

const SCHEMA_LINE: &str = "# yaml-language-server: $schema=../entry.schema.json\n";

/// The fields of a listing, in the schema's order; empty ones are left out.
#[derive(Serialize)]
struct Listing<'a> {
    name: &'a str,
    country: &'a str,
    landing_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    city: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description_language: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    domains: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    aliases: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    languages: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    delivery: &'a [String],
}

#[derive(Serialize)]
struct Removal<'a> {
    removed: bool,
    reason: &'a str,
}

/// A field of a request, as the entry file, the command line and a requests file name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Country,
    Url,
    Level,
    City,
    Description,
    DescriptionLanguage,
    Domains,
    Aliases,
    Languages,
    Delivery,
    Reason,
}

impl Field {
    const ALL: [Field; 12] = [
        Field::Name,
        Field::Country,
        Field::Url,
        Field::Level,
        Field::City,
        Field::Description,
        Field::DescriptionLanguage,
        Field::Domains,
        Field::Aliases,
        Field::Languages,
        Field::Delivery,
        Field::Reason,
    ];

    /// The key in an entry file.
    pub fn key(self) -> &'static str {
        match self {
            Field::Url => "landing_url",
            other => other.column(),
        }
    }

    /// The column of a requests file (`lpdir add --from`).
    pub fn column(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Country => "country",
            Field::Url => "url",
            Field::Level => "level",
            Field::City => "city",
            Field::Description => "description",
            Field::DescriptionLanguage => "description_language",
            Field::Domains => "domains",
            Field::Aliases => "aliases",
            Field::Languages => "languages",
            Field::Delivery => "delivery",
            Field::Reason => "reason",
        }
    }

    /// The command-line flag that gives it.
    pub fn flag(self) -> &'static str {
        match self {
            Field::Domains => "--domain",
            Field::Aliases => "--alias",
            Field::Languages => "--language",
            Field::Reason => "--reason",
            Field::Name => "--name",
            Field::Country => "--country",
            Field::Url => "--url",
            Field::Level => "--level",
            Field::City => "--city",
            Field::Description => "--description",
            Field::DescriptionLanguage => "--description-language",
            Field::Delivery => "--delivery",
        }
    }
}

/// The field whose value is on `line` (1-based) of an entry `text` this module emitted: the
/// last top-level key at or above it (list items sit under their key).
pub fn field_at(text: &str, line: usize) -> Option<Field> {
    let key = text
        .lines()
        .take(line)
        .filter(|l| !l.starts_with([' ', '-', '#']))
        .filter_map(|l| l.split_once(':').map(|(k, _)| k))
        .last()?;
    Field::ALL.into_iter().find(|f| f.key() == key)
}

/// The entry a request asks for.
pub fn entry(r: &Request) -> String {
    emit(&Listing {
        name: &r.name,
        country: &r.country,
        landing_url: &r.url,
        level: r.level.as_deref(),
        city: r.city.as_deref(),
        description: r.description.as_deref(),
        description_language: r.description_language.as_deref(),
        domains: &r.domains,
        aliases: &r.aliases,
        languages: &r.languages,
        delivery: &r.delivery,
    })
}

/// A removal's entry.
pub fn removal(reason: &str) -> String {
    emit(&Removal {
        removed: true,
        reason,
    })
}

fn emit(value: &impl Serialize) -> String {
    // Serialising plain strings, lists and booleans cannot fail.
    let body = serde_yaml::to_string(value).unwrap_or_default();
    format!("{SCHEMA_LINE}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_line_belongs_to_its_field() {
        let text = entry(&Request {
            name: "Contoso".into(),
            country: "XX".into(),
            url: "https://contoso.nl/microsoft".into(),
            domains: vec!["contoso.nl".into(), "contoso.be".into()],
            ..Request::default()
        });
        let fields: Vec<Option<Field>> = (1..=text.lines().count())
            .map(|l| field_at(&text, l))
            .collect();
        use Field::*;
        assert_eq!(
            fields,
            [
                None,
                Some(Name),
                Some(Country),
                Some(Url),
                Some(Domains),
                Some(Domains),
                Some(Domains)
            ],
            "{text}"
        );
    }

    fn named(name: &str) -> String {
        entry(&Request {
            name: name.into(),
            country: "NO".into(),
            url: "https://contoso.nl/microsoft".into(),
            ..Request::default()
        })
    }

    #[test]
    fn values_yaml_would_misread_are_quoted() {
        let text = named("&x Fabrikam Academy");
        let value: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(
            value["name"].as_str(),
            Some("&x Fabrikam Academy"),
            "{text}"
        );
        assert_eq!(value["country"].as_str(), Some("NO"), "{text}");
        for tricky in [
            "2024",
            "a: b",
            "#1 partner",
            "*ref",
            "!tag",
            "true",
            "- x",
            "'q'",
        ] {
            let text = named(tricky);
            let value: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
            assert_eq!(value["name"].as_str(), Some(tricky), "{text}");
        }
        // Plain where plain reads back the same: the file stays easy to read.
        assert!(named("Contoso Learning").contains("\nname: Contoso Learning\n"));
    }
}

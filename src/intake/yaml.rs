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

/// The entry a request asks for.
pub fn entry(r: &Request) -> String {
    emit(&Listing {
        name: &r.name,
        country: &r.country,
        landing_url: &r.url,
        level: r.level.as_deref(),
        city: r.city.as_deref(),
        description: r.description.as_deref(),
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

//! The JSON Schema of a partner entry, printed by `lpdir schema` for editors.

use serde_json::{Value, json};

/// The entry format as a JSON Schema (draft 2020-12). The sample entries point the YAML
/// language server at it, so editors complete and check fields while typing.
pub fn entry_schema() -> Value {
    let text =
        |description: &str| json!({ "type": "string", "minLength": 1, "description": description });
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/lpdir/lpdir/entry.schema.json",
        "title": "Microsoft Learning Partner directory entry",
        "description": "One partner's request for one month: content/partners/YYYY-MM/<id>.yaml, where <id> is lower-case letters, digits and hyphens.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "name": text("The partner's name as shown in the directory."),
            "country": {
                "type": "string",
                "pattern": "^[A-Z]{2}$",
                "description": "ISO 3166-1 alpha-2 country code in capitals, e.g. NL, US, NO."
            },
            "landing_url": {
                "type": "string",
                "format": "uri",
                "pattern": "^https?://",
                "description": "Absolute http(s) URL of the partner's Microsoft landing page, on a domain name it owns (no IP address, no user name)."
            },
            "domains": {
                "type": "array",
                "items": { "type": "string", "pattern": "^[a-z0-9.-]+$" },
                "description": "Registrable domains the partner owns, e.g. contoso.com. Default: the landing URL's registrable domain."
            },
            "aliases": {
                "type": "array",
                "items": { "type": "string", "minLength": 1 },
                "description": "Other names of the partner, e.g. its legal name."
            },
            "level": {
                "enum": ["action-pack", "silver", "gold"],
                "description": "The partner's programme level."
            },
            "city": text("The city the partner is based in, as visitors write it, e.g. Utrecht."),
            "languages": {
                "type": "array",
                "uniqueItems": true,
                "items": { "type": "string", "pattern": "^[a-z]{2}$" },
                "description": "The languages the partner trains in: ISO 639-1 codes in lower case, e.g. en, nl, pt."
            },
            "delivery": {
                "type": "array",
                "uniqueItems": true,
                "items": { "enum": ["classroom", "virtual", "on-site"] },
                "description": "How the partner delivers training: classroom, virtual, on-site."
            },
            "description": {
                "type": "string",
                "minLength": 1,
                "maxLength": crate::content::DESCRIPTION_MAX,
                "description": "One or two sentences of plain text about the partner (no HTML, links or line breaks), at most 300 characters."
            },
            "description_language": {
                "type": "string",
                "pattern": "^[a-z]{2}$",
                "description": "The language the description is written in: an ISO 639-1 code in lower case, e.g. nl. Pages in another language mark it, so that screen readers and translators read it right. Default: the partner's training language when it trains in one."
            },
            "verification_token": {
                "type": "string",
                "pattern": "^[A-Za-z0-9_-]{8,128}$",
                "description": "When set, the landing page must carry <meta name=\"learning-partner-verification\" content=\"TOKEN\">."
            },
            "removed": {
                "type": "boolean",
                "description": "true delists the partner from this month on; the other fields may then be left out."
            },
            "reason": text("Why the partner was removed (with removed: true).")
        },
        "if": { "not": { "properties": { "removed": { "const": true } }, "required": ["removed"] } },
        "then": { "required": ["name", "country", "landing_url"] }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn schema_documents_exactly_the_fields_the_loader_accepts() {
        let schema = super::entry_schema();
        let mut documented: Vec<&str> = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut accepted = super::super::FIELDS.to_vec();
        documented.sort();
        accepted.sort();
        assert_eq!(documented, accepted);
    }
}

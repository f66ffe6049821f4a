//! `LanguageCode`: an ISO 639-1 code for a language a partner trains in, and its names.

use super::code_table::{CodeTable, Row};
use std::fmt;

/// The ISO 639-1 table: code, English name, Dutch name (from Debian's iso-codes data, with
/// the catalogue's inverted names such as "Bokmål, Norwegian" put in reading order).
const TABLE: &str = include_str!("languages.tsv");

/// An ISO 639-1 language code, such as `nl` or `pt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LanguageCode([u8; 2]);

impl LanguageCode {
    /// Parses an assigned lower-case code. Returns `None` for anything else.
    pub fn parse(s: &str) -> Option<LanguageCode> {
        let b = s.as_bytes();
        if b.len() != 2 || !b.iter().all(u8::is_ascii_lowercase) {
            return None;
        }
        find(s).map(|_| LanguageCode([b[0], b[1]]))
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII lower-case letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// The language's name in a language the table carries (`en`, `nl`); English otherwise.
    pub fn name_in(&self, language: &str) -> &'static str {
        let row = find(self.as_str()).unwrap_or(("", "", ""));
        if language == "nl" { row.2 } else { row.1 }
    }
}

impl fmt::Display for LanguageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for LanguageCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The table, parsed once: it is immutable.
fn table() -> &'static CodeTable {
    static TABLE_ROWS: std::sync::LazyLock<CodeTable> =
        std::sync::LazyLock::new(|| CodeTable::parse(TABLE));
    &TABLE_ROWS
}

fn find(code: &str) -> Option<Row> {
    table().find(code)
}

/// Suggests a code for a near miss: the lower-cased text when that is a code, or the code
/// whose English or Dutch name is the text ("Dutch", "Nederlands" → `nl`).
pub fn suggest(s: &str) -> Option<LanguageCode> {
    let trimmed = s.trim();
    LanguageCode::parse(&trimmed.to_ascii_lowercase())
        .or_else(|| table().code_named(trimmed).and_then(LanguageCode::parse))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_assigned_codes_and_their_names() {
        let nl = LanguageCode::parse("nl").unwrap();
        assert_eq!(nl.name_in("en"), "Dutch");
        assert_eq!(nl.name_in("nl"), "Nederlands");
        assert_eq!(
            LanguageCode::parse("pt").unwrap().name_in("nl"),
            "Portugees"
        );
        assert!(LanguageCode::parse("NL").is_none());
        assert!(LanguageCode::parse("xx").is_none());
        assert!(LanguageCode::parse("nld").is_none());
        assert_eq!(table().len(), 184);
    }

    #[test]
    fn suggests_near_misses() {
        assert_eq!(suggest("NL").unwrap().as_str(), "nl");
        assert_eq!(suggest("Portuguese").unwrap().as_str(), "pt");
        assert_eq!(suggest("Nederlands").unwrap().as_str(), "nl");
        assert!(suggest("Klingon").is_none());
    }
}

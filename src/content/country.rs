//! `CountryCode`: an ISO 3166-1 alpha-2 code, and the countries' names.

use super::code_table::{CodeTable, Row};
use std::fmt;

/// The ISO 3166-1 table: code, English name, Dutch name (from Debian's iso-codes data).
const TABLE: &str = include_str!("countries.tsv");

/// An assigned ISO 3166-1 alpha-2 country code, such as `NL` or `NO`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Parses an upper-case assigned code. Returns `None` for anything else.
    pub fn parse(s: &str) -> Option<CountryCode> {
        let b = s.as_bytes();
        if b.len() != 2 || !b.iter().all(u8::is_ascii_uppercase) {
            return None;
        }
        find(s).map(|_| CountryCode([b[0], b[1]]))
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII upper-case letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// The lower-case code, as used in page paths (`/countries/nl/`).
    pub fn slug(&self) -> String {
        self.as_str().to_ascii_lowercase()
    }

    /// The English name of the country.
    pub fn english_name(&self) -> &'static str {
        self.row().1
    }

    /// The country's name in a language the table carries (`en`, `nl`), if any.
    pub fn builtin_name(&self, language: &str) -> Option<&'static str> {
        let row = self.row();
        match language {
            "en" => Some(row.1),
            "nl" => Some(row.2),
            _ => None,
        }
    }

    fn row(&self) -> Row {
        // Every stored code was found in the table when it was parsed.
        find(self.as_str()).unwrap_or(("", "", ""))
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for CountryCode {
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

/// Suggests a code for a near miss: the upper-cased text when that is a code, or the code
/// whose English or Dutch name is the text.
pub fn suggest(s: &str) -> Option<CountryCode> {
    let trimmed = s.trim();
    CountryCode::parse(&trimmed.to_ascii_uppercase())
        .or_else(|| table().code_named(trimmed).and_then(CountryCode::parse))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_assigned_codes_only() {
        assert_eq!(
            CountryCode::parse("NL").unwrap().english_name(),
            "Netherlands"
        );
        assert_eq!(
            CountryCode::parse("NO").unwrap().builtin_name("nl"),
            Some("Noorwegen")
        );
        assert!(CountryCode::parse("XX").is_none());
        assert!(CountryCode::parse("nl").is_none());
        assert!(CountryCode::parse("NLD").is_none());
        assert_eq!(table().len(), 249);
    }

    #[test]
    fn suggests_near_misses() {
        assert_eq!(suggest("nl").unwrap().as_str(), "NL");
        assert_eq!(suggest("Germany").unwrap().as_str(), "DE");
        assert!(suggest("Atlantis").is_none());
    }
}

//! `PartnerId`: the stable identifier of a partner, taken from its entry's file name.

use std::fmt;

/// A partner's id: the file stem of its entries, lower-case letters, digits and hyphens.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartnerId(String);

impl PartnerId {
    /// Accepts `[a-z0-9]` words joined by single hyphens, at most 64 characters, except the
    /// names Windows reserves for devices (`con`, `nul`, `com1`, …): a checkout there could
    /// not hold the entry's file.
    pub fn parse(s: &str) -> Option<PartnerId> {
        let ok = !s.is_empty()
            && !is_reserved(s)
            && s.len() <= 64
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        ok.then(|| PartnerId(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The device names Windows reserves, whatever the extension: `con.yaml` is `con`.
fn is_reserved(s: &str) -> bool {
    const DEVICES: [&str; 6] = ["con", "prn", "aux", "nul", "conin$", "conout$"];
    let numbered = |prefix: &str| {
        s.strip_prefix(prefix)
            .is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit() && n != "0")
    };
    DEVICES.contains(&s) || numbered("com") || numbered("lpt")
}

/// Turns any text into a slug that `PartnerId::parse` accepts, for suggestions (a device
/// name Windows reserves gets `-partner` added).
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let slug: String = out.trim_end_matches('-').chars().take(64).collect();
    match is_reserved(&slug) {
        true => format!("{slug}-partner"),
        false => slug,
    }
}

impl fmt::Display for PartnerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for PartnerId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_slugs_only() {
        assert!(PartnerId::parse("contoso-learning").is_some());
        assert!(PartnerId::parse("a1").is_some());
        for bad in [
            "",
            "Contoso",
            "contoso_learning",
            "-a",
            "a-",
            "a--b",
            "a.b",
            "ä",
            "con",
            "nul",
            "com1",
            "lpt9",
        ] {
            assert!(PartnerId::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn slugify_suggests_valid_ids() {
        assert_eq!(slugify("Contoso_Learning B.V."), "contoso-learning-b-v");
        assert!(PartnerId::parse(&slugify("Fabrikam  Training")).is_some());
        // Windows cannot hold `con.yaml`: the suggestion steps aside.
        assert_eq!(slugify("CON"), "con-partner");
        assert!(PartnerId::parse("com0").is_some() && PartnerId::parse("console").is_some());
    }
}

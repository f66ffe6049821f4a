//! `Vocabulary`: the word and domain lists the rules judge by. Every list has a default in
//! `vocabulary.toml` beside this file (data, built into the binary, easy to review) and can be
//! replaced in `lpdir.toml` under `[validate]`.

/// A Microsoft competitor: the names that mention it and the domains that belong to it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Competitor {
    pub name: String,
    pub names: Vec<String>,
    #[serde(default)]
    pub domains: Vec<String>,
}

/// The lists the rules use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    /// Shared platforms a partner cannot own a page on (any subdomain counts).
    pub platform_domains: Vec<String>,
    /// Microsoft's own domains: never another partner's, never a rival's.
    pub microsoft_domains: Vec<String>,
    /// Social networks, maps, video, CDNs, payment and analytics: links there say nothing.
    pub neutral_domains: Vec<String>,
    /// Microsoft products, programmes and credentials; each line is one term, `|` separates
    /// spellings of the same term.
    pub microsoft_terms: Vec<String>,
    /// Microsoft's training programme (Learning Partner, MCT, Microsoft Learn, …): terms that
    /// count, but say nothing about what is taught, so a page needs at least one product
    /// term or exam code besides them.
    pub programme_terms: Vec<String>,
    /// Exam code prefixes: `AZ` makes every `AZ-nnn` a term.
    pub exam_prefixes: Vec<String>,
    pub competitors: Vec<Competitor>,
}

/// The built-in lists (`vocabulary.toml`), as `[validate]` in lpdir.toml spells them.
const BUILT_IN: &str = include_str!("vocabulary.toml");

/// The lists of `vocabulary.toml`, every one required.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Lists {
    platform_domains: Vec<String>,
    microsoft_domains: Vec<String>,
    neutral_domains: Vec<String>,
    microsoft_terms: Vec<String>,
    programme_terms: Vec<String>,
    exam_prefixes: Vec<String>,
    competitors: Vec<Competitor>,
}

impl Default for Vocabulary {
    /// The built-in lists. The file is part of the binary and a unit test reads it, so it
    /// cannot fail to parse in a build that passed its tests.
    fn default() -> Self {
        let l: Lists = toml::from_str(BUILT_IN).expect("vocabulary.toml is valid (unit-tested)");
        Vocabulary {
            platform_domains: l.platform_domains,
            microsoft_domains: l.microsoft_domains,
            neutral_domains: l.neutral_domains,
            microsoft_terms: l.microsoft_terms,
            programme_terms: l.programme_terms,
            exam_prefixes: l.exam_prefixes,
            competitors: l.competitors,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Vocabulary;

    #[test]
    fn the_built_in_lists_are_read_whole() {
        let v = Vocabulary::default();
        assert!(v.platform_domains.iter().any(|d| d == "github.io"));
        assert!(v.microsoft_domains.iter().any(|d| d == "microsoft.com"));
        assert!(v.neutral_domains.len() >= 40, "{}", v.neutral_domains.len());
        assert!(
            v.microsoft_terms
                .iter()
                .any(|t| t.starts_with("Microsoft Intune|"))
        );
        assert_eq!(v.exam_prefixes.len(), 10);
        let aws = v
            .competitors
            .iter()
            .find(|c| c.name == "Amazon Web Services")
            .unwrap();
        assert!(aws.domains.iter().any(|d| d == "aws.amazon.com"));
        assert_eq!(v.competitors.len(), 15);
    }
}

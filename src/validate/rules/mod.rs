//! The four content rules, judged from one parsed `Document` with matchers built once per run.

mod competitors;
mod only;
mod owned;
mod themed;

use super::document::Document;
use super::text::{WordMatcher, fold, name_key};
use super::verdict::RuleResult;
use super::vocabulary::Vocabulary;
use crate::content::Domain;
use std::collections::HashMap;
use url::Url;

/// The partner a page is judged for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// The directory id, when the partner is in the directory.
    pub id: Option<String>,
    pub name: String,
    pub aliases: Vec<String>,
    /// The partner's registrable domains (never empty: the landing URL's by default).
    pub domains: Vec<Domain>,
    pub verification_token: Option<String>,
}

impl Subject {
    /// The folded name and aliases, legal forms dropped.
    pub fn name_keys(&self) -> Vec<String> {
        std::iter::once(&self.name)
            .chain(&self.aliases)
            .filter_map(|n| name_key(n))
            .collect()
    }
}

/// Another partner of the directory, for the partner-only rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rival {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub domains: Vec<Domain>,
}

/// What the fetch found, besides the page itself.
#[derive(Debug, Clone)]
pub struct Fetch<'a> {
    pub submitted: &'a Url,
    pub final_url: &'a Url,
    /// The body of `/.well-known/learning-partner-verification.txt`, when it was needed and served.
    pub token_file: Option<&'a str>,
}

/// A term of the Microsoft vocabulary: its index in the list, for counting distinct terms.
type TermId = usize;

/// Matchers and lists built once per run and shared by every page.
pub struct Judge {
    vocabulary: Vocabulary,
    /// Microsoft terms, folded (case-insensitive).
    terms: WordMatcher<TermId>,
    /// Short upper-case spellings (MCT, M365), matched as written.
    term_acronyms: WordMatcher<TermId>,
    microsoft_word: WordMatcher<()>,
    /// Competitor names in text: long names folded, acronyms (≤ 4 letters) as written.
    competitor_names: WordMatcher<usize>,
    competitor_acronyms: WordMatcher<usize>,
    /// Every competitor name folded, acronyms included: for file names and URLs.
    competitor_any_case: WordMatcher<usize>,
    rivals: Vec<Rival>,
    rival_names: WordMatcher<usize>,
    rival_domains: HashMap<String, usize>,
}

impl Judge {
    pub fn new(vocabulary: Vocabulary, rivals: Vec<Rival>) -> Judge {
        let mut term_patterns = Vec::new();
        let mut acronym_patterns = Vec::new();
        for (id, line) in vocabulary.microsoft_terms.iter().enumerate() {
            for spelling in line.split('|').map(str::trim).filter(|s| !s.is_empty()) {
                if is_acronym(spelling) {
                    acronym_patterns.push((spelling.to_owned(), id));
                } else {
                    term_patterns.push((fold(spelling), id));
                }
            }
        }
        let mut names = Vec::new();
        let mut acronyms = Vec::new();
        let mut any_case = Vec::new();
        for (i, c) in vocabulary.competitors.iter().enumerate() {
            for n in &c.names {
                any_case.push((fold(n), i));
                if is_acronym(n) {
                    acronyms.push((n.clone(), i));
                } else {
                    names.push((fold(n), i));
                }
            }
        }
        let mut rival_patterns = Vec::new();
        let mut rival_domains = HashMap::new();
        for (i, r) in rivals.iter().enumerate() {
            for n in std::iter::once(&r.name).chain(&r.aliases) {
                if let Some(key) = name_key(n) {
                    rival_patterns.push((key, i));
                }
            }
            for d in &r.domains {
                let d = d.as_str();
                // A shared or neutral domain is nobody's: a partner on linkedin.com does not make
                // every LinkedIn link a link to a rival.
                let shared = [
                    &vocabulary.platform_domains,
                    &vocabulary.microsoft_domains,
                    &vocabulary.neutral_domains,
                ]
                .iter()
                .any(|list| on_list(d, list));
                if !shared {
                    rival_domains.insert(d.to_owned(), i);
                }
            }
        }
        Judge {
            terms: WordMatcher::new(term_patterns, false),
            term_acronyms: WordMatcher::new(acronym_patterns, true),
            microsoft_word: WordMatcher::new(vec![("microsoft".into(), ())], false),
            competitor_names: WordMatcher::new(names, false),
            competitor_acronyms: WordMatcher::new(acronyms, true),
            competitor_any_case: WordMatcher::new(any_case, false),
            rival_names: WordMatcher::new(rival_patterns, false),
            rival_domains,
            rivals,
            vocabulary,
        }
    }

    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// Judges the four content rules, in order.
    pub fn judge(&self, subject: &Subject, doc: &Document, fetch: &Fetch) -> Vec<RuleResult> {
        vec![
            owned::judge(self, subject, doc, fetch),
            themed::judge(self, doc),
            only::judge(self, subject, doc, fetch),
            competitors::judge(self, doc),
        ]
    }
}

/// Upper-case letters and digits, at most four characters: matched only as written.
fn is_acronym(s: &str) -> bool {
    s.chars().count() <= 4
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// Whether `host` is one of `domains` or below one of them.
pub fn on_list(host: &str, domains: &[String]) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    domains.iter().any(|d| {
        host == *d
            || host
                .strip_suffix(d.as_str())
                .is_some_and(|rest| rest.ends_with('.'))
    })
}

/// The registrable domain of a URL's host.
pub fn registrable(url: &Url) -> Option<String> {
    url.host_str()
        .and_then(Domain::of_host)
        .map(|d| d.as_str().to_owned())
}

#[cfg(test)]
mod tests {
    use super::on_list;

    #[test]
    fn lists_cover_subdomains_only_on_label_boundaries() {
        let list = vec!["github.io".to_owned(), "sites.google.com".to_owned()];
        assert!(on_list("contoso.github.io", &list));
        assert!(on_list("github.io", &list));
        assert!(on_list("sites.google.com", &list));
        assert!(!on_list("notgithub.io", &list));
        assert!(!on_list("google.com", &list));
    }
}

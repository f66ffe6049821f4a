//! The four content rules, judged from one parsed `Document` with matchers built once per run.

mod competitors;
mod domain_set;
#[cfg(test)]
mod landing_page;
mod only;
mod owned;
mod scan;
#[cfg(test)]
mod testing;
mod themed;

pub use domain_set::DomainSet;

use super::document::Document;
use super::verdict::{Evidence, RuleResult};
use super::vocabulary::Vocabulary;
use crate::content::Domain;
use crate::text::{WordMatcher, fold, name_key};
use scan::{Case, Scan, Tag};
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

/// Code run on every page before the rules: instrumentation, or a test that makes the
/// analysis fail. A panic in it is lpdir's failure, and the page is rejected saying so.
pub type Inspector = std::sync::Arc<dyn Fn(&Subject, &Document) + Send + Sync>;

/// Matchers and lists built once per run and shared by every page.
pub struct Judge {
    inspector: Option<Inspector>,
    vocabulary: Vocabulary,
    /// Everything the rules look for in the visible text, folded: one pass per page. Short
    /// upper-case spellings (AWS, MCT, M365) are in it too, and count only as written.
    visible_words: WordMatcher<(Tag, Case)>,
    microsoft_word: WordMatcher<()>,
    /// Competitor names in short texts: long names in any case, acronyms (≤ 4 letters) as
    /// written.
    competitor_words: WordMatcher<(usize, Case)>,
    /// Every competitor name folded, acronyms included: for file names and URLs.
    competitor_any_case: WordMatcher<usize>,
    rivals: Vec<Rival>,
    rival_names: WordMatcher<usize>,
    rival_domains: HashMap<String, usize>,
    platform: DomainSet,
    microsoft: DomainSet,
    neutral: DomainSet,
    competitor_domains: DomainSet<usize>,
}

impl Judge {
    pub fn new(vocabulary: Vocabulary, rivals: Vec<Rival>) -> Judge {
        // Patterns over the folded visible text, and acronyms matched as written.
        let mut words: Vec<(String, (Tag, Case))> =
            vec![("copyright".into(), (Tag::Copyright, Case::Any))];
        // Term ids: the product terms first, then the programme's.
        let terms = vocabulary
            .microsoft_terms
            .iter()
            .chain(&vocabulary.programme_terms);
        for (id, line) in terms.enumerate() {
            for spelling in line.split('|').map(str::trim).filter(|s| !s.is_empty()) {
                words.push((fold(spelling), (Tag::Term(id), Case::of(spelling))));
            }
        }
        words.extend(
            vocabulary
                .exam_prefixes
                .iter()
                .map(|p| (fold(p), (Tag::ExamPrefix, Case::Any))),
        );
        // For short texts (titles, alt texts) and file names the same lists, per kind.
        let (mut names, mut any_case) = (Vec::new(), Vec::new());
        for (i, c) in vocabulary.competitors.iter().enumerate() {
            for n in &c.names {
                any_case.push((fold(n), i));
                names.push((fold(n), (i, Case::of(n))));
                words.push((fold(n), (Tag::Competitor(i), Case::of(n))));
            }
        }
        let platform = DomainSet::of(&vocabulary.platform_domains);
        let microsoft = DomainSet::of(&vocabulary.microsoft_domains);
        let neutral = DomainSet::of(&vocabulary.neutral_domains);
        let competitor_domains = DomainSet::new(
            vocabulary
                .competitors
                .iter()
                .enumerate()
                .flat_map(|(i, c)| c.domains.iter().map(move |d| (d.clone(), i))),
        );
        let mut rival_patterns = Vec::new();
        let mut rival_domains = HashMap::new();
        for (i, r) in rivals.iter().enumerate() {
            for n in std::iter::once(&r.name).chain(&r.aliases) {
                if let Some(key) = name_key(n) {
                    words.push((key.clone(), (Tag::Rival(i), Case::Any)));
                    rival_patterns.push((key, i));
                }
            }
            for d in &r.domains {
                let d = d.as_str();
                // A shared or neutral domain is nobody's: a partner on linkedin.com does not make
                // every LinkedIn link a link to a rival.
                let shared = platform.contains(d) || microsoft.contains(d) || neutral.contains(d);
                if !shared {
                    rival_domains.insert(d.to_owned(), i);
                }
            }
        }
        Judge {
            inspector: None,
            visible_words: WordMatcher::new(words),
            microsoft_word: WordMatcher::new(vec![("microsoft".into(), ())]),
            competitor_words: WordMatcher::new(names),
            competitor_any_case: WordMatcher::new(any_case),
            rival_names: WordMatcher::new(rival_patterns),
            rival_domains,
            rivals,
            platform,
            microsoft,
            neutral,
            competitor_domains,
            vocabulary,
        }
    }

    /// Runs `inspector` on every page before the rules.
    pub fn with_inspector(mut self, inspector: Inspector) -> Judge {
        self.inspector = Some(inspector);
        self
    }

    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// Judges the four content rules, in order, from one scan of the page's text.
    pub fn judge(&self, subject: &Subject, doc: &Document, fetch: &Fetch) -> Vec<RuleResult> {
        self.judge_all(subject, doc, fetch).0
    }

    /// The four rules and what the page teaches (its product areas and exam codes), from the
    /// same scan.
    pub fn judge_all(
        &self,
        subject: &Subject,
        doc: &Document,
        fetch: &Fetch,
    ) -> (Vec<RuleResult>, crate::content::Teaches) {
        if let Some(inspect) = &self.inspector {
            inspect(subject, doc);
        }
        let scan = Scan::new(self, doc);
        // Each distinct term once: a page may name the same terms thousands of times.
        let mut named = vec![false; self.term_count()];
        for (id, _, _) in &scan.terms {
            named[*id] = true;
        }
        let terms = (0..named.len())
            .filter(|id| named[*id])
            .map(|id| self.term_name(id));
        let exams: Vec<String> = scan.exam_codes.iter().map(|(c, _)| c.clone()).collect();
        let teaches = super::teaches::teaches(terms, &exams);
        let rules = vec![
            owned::judge(self, subject, doc, &scan, fetch),
            themed::judge(self, doc, &scan),
            only::judge(self, subject, doc, &scan),
            competitors::judge(self, doc, &scan),
        ];
        (rules, teaches)
    }

    /// What to outline on a page's screenshot: the competitors' and other partners' names
    /// that the failing rules quote (every spelling of each, as the page may use any), and
    /// the addresses of the failing links and images.
    pub fn outline_targets(&self, page: &super::verdict::PageReport) -> (Vec<String>, Vec<String>) {
        use super::document::Place;
        use super::verdict::{Rule, Status};
        let (mut needles, mut urls) = (std::collections::BTreeSet::new(), Vec::new());
        let failing = page
            .rules
            .iter()
            .filter(|r| r.status == Status::Fail && r.rule != Rule::Reachable);
        for evidence in failing.flat_map(|r| &r.evidence) {
            if matches!(evidence.location, Place::Link | Place::ImgSrc | Place::Url) {
                urls.push(evidence.text.clone());
            }
            let folded = crate::text::Folded::new(&evidence.text);
            for hit in self.competitor_words.find(&folded.text) {
                let competitor = &self.vocabulary.competitors[hit.tag.0];
                needles.extend(competitor.names.iter().cloned());
            }
            for hit in self.rival_names.find(&folded.text) {
                let rival = &self.rivals[*hit.tag];
                needles.extend(std::iter::once(&rival.name).chain(&rival.aliases).cloned());
            }
        }
        (needles.into_iter().collect(), urls)
    }

    /// How many terms there are (their ids run from 0).
    fn term_count(&self) -> usize {
        self.vocabulary.microsoft_terms.len() + self.vocabulary.programme_terms.len()
    }

    /// A term's first spelling, by its id (products first, then the programme's terms).
    pub(super) fn term_name(&self, id: usize) -> &str {
        let v = &self.vocabulary;
        v.microsoft_terms
            .iter()
            .chain(&v.programme_terms)
            .nth(id)
            .map_or("", String::as_str)
            .split('|')
            .next()
            .unwrap_or("")
            .trim()
    }
}

/// Upper-case letters and digits, at most four characters: matched only as written.
fn is_acronym(s: &str) -> bool {
    s.chars().count() <= 4
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// The registrable domain of a URL's host.
pub fn registrable(url: &Url) -> Option<String> {
    url.host_str()
        .and_then(Domain::of_host)
        .map(|d| d.as_str().to_owned())
}

/// The first `max` pieces of evidence that differ in place or text: the same quote is shown
/// once however many matches it holds.
fn first_distinct(all: Vec<Evidence>, max: usize) -> Vec<Evidence> {
    let mut kept: Vec<Evidence> = Vec::with_capacity(max);
    for e in all {
        if kept.len() == max {
            break;
        }
        if !kept
            .iter()
            .any(|k| k.location == e.location && k.text == e.text)
        {
            kept.push(e);
        }
    }
    kept
}

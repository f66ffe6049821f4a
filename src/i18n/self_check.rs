//! `SelfCheckStrings`: the words of the partner self-check (the service's pages and the
//! per-rule explanations that the publishing report shares), one set per language.
//!
//! They live in a `[self_check]` table of the translation files; a site's own translation
//! without the table gets the English words, so adding this section broke no site.

use serde::{Deserialize, Serialize};

/// What a failing rule means for the partner, and what to change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleWords {
    pub title: String,
    pub fix: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfCheckStrings {
    pub title: String,
    pub intro: String,
    pub name_label: String,
    pub name_hint: String,
    pub url_label: String,
    pub url_hint: String,
    pub id_label: String,
    pub id_hint: String,
    pub submit: String,
    /// Shown while the page is fetched; `{duration}`: the most it can take, in words (an
    /// older translation's `{seconds}` is the bare number).
    pub checking: String,
    /// A duration in words: one second, and `{n}` seconds.
    #[serde(default = "english_second_one")]
    pub second_one: String,
    #[serde(default = "english_seconds")]
    pub seconds: String,
    pub verdict_accepted: String,
    pub verdict_rejected: String,
    /// `{reason}`: why the page could not be opened.
    pub verdict_unreachable: String,
    pub failing_heading: String,
    pub passing_heading: String,
    pub evidence_label: String,
    /// `{time}`: when the result was checked (UTC).
    pub checked_at: String,
    pub check_again: String,
    pub share: String,
    pub another: String,
    pub form_error: String,
    /// `{duration}` (or `{seconds}`): how long to wait.
    pub too_many: String,
    pub busy: String,
    /// How the page was seen: rendered, or the server's HTML.
    #[serde(default = "english_seen_rendered")]
    pub seen_rendered: String,
    #[serde(default = "english_seen_server")]
    pub seen_server: String,
    /// The caption of the page's screenshot.
    #[serde(default = "english_screenshot_label")]
    pub screenshot_label: String,
    pub how_to_apply: String,
    /// Before the link to where partners apply (`apply` in lpdir.toml).
    #[serde(default = "english_apply_link")]
    pub apply_link: String,
    /// Links from a result to the directory's rules and to the directory.
    #[serde(default = "english_rules_link")]
    pub rules_link: String,
    #[serde(default = "english_directory_link")]
    pub directory_link: String,
    /// What to change when a page was too complex to judge, instead of each rule's advice.
    #[serde(default = "english_too_complex_fix")]
    pub too_complex_fix: String,
    /// What to do when lpdir failed on the page: nothing on the page to change.
    #[serde(default = "english_failed_fix")]
    pub failed_fix: String,
    /// The rules' messages and the places on a page, by key (`fetched`, `fetched_one`,
    /// `place.title`, `none`; see `validate::MessageKey`); English where a key is missing.
    #[serde(default)]
    pub messages: std::collections::BTreeMap<String, String>,
    /// What the form says about a field it cannot take.
    #[serde(default = "super::form_errors::english")]
    pub errors: super::FormErrorWords,
    pub reachable: RuleWords,
    pub partner_owned: RuleWords,
    pub microsoft_themed: RuleWords,
    pub partner_only: RuleWords,
    pub no_competitors: RuleWords,
}

impl SelfCheckStrings {
    /// `text` with its `{duration}` ("1 second", "15 seconds") and `{seconds}` filled in.
    pub fn with_seconds(&self, text: &str, seconds: u64) -> String {
        let duration = match seconds {
            1 => self.second_one.clone(),
            n => self.seconds.replace("{n}", &n.to_string()),
        };
        text.replace("{duration}", &duration)
            .replace("{seconds}", &seconds.to_string())
    }

    /// A rule's findings in these words, joined as the JSON's English `message` is.
    pub fn said(&self, said: &[crate::validate::Message]) -> String {
        let lookup = |key: &str| self.messages.get(key).map(String::as_str);
        said.iter()
            .map(|m| m.words(lookup))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Where on a page (`body`, `footer`, …), in these words.
    pub fn place<'a>(&'a self, place: &'a str) -> &'a str {
        self.messages
            .get(&format!("place.{place}"))
            .map_or(place, String::as_str)
    }

    /// What `rule` means for a partner, and what to change.
    pub fn rule(&self, rule: crate::validate::Rule) -> &RuleWords {
        use crate::validate::Rule;
        match rule {
            Rule::Reachable => &self.reachable,
            Rule::PartnerOwned => &self.partner_owned,
            Rule::MicrosoftThemed => &self.microsoft_themed,
            Rule::PartnerOnly => &self.partner_only,
            Rule::NoCompetitors => &self.no_competitors,
        }
    }
}

impl Default for SelfCheckStrings {
    fn default() -> SelfCheckStrings {
        english()
    }
}

/// The built-in English words: the fallback, and the publishing report's language.
pub fn english() -> SelfCheckStrings {
    super::english_section("self_check").unwrap_or_else(unreachable_words)
}

// A site's own translation written before these words existed gets them in English.
fn english_seen_rendered() -> String {
    super::english_word("self_check", "seen_rendered")
}
fn english_seen_server() -> String {
    super::english_word("self_check", "seen_server")
}
fn english_screenshot_label() -> String {
    super::english_word("self_check", "screenshot_label")
}
fn english_second_one() -> String {
    super::english_word("self_check", "second_one")
}
fn english_seconds() -> String {
    super::english_word("self_check", "seconds")
}
fn english_apply_link() -> String {
    super::english_word("self_check", "apply_link")
}
fn english_rules_link() -> String {
    super::english_word("self_check", "rules_link")
}
fn english_directory_link() -> String {
    super::english_word("self_check", "directory_link")
}
fn english_too_complex_fix() -> String {
    super::english_word("self_check", "too_complex_fix")
}
fn english_failed_fix() -> String {
    super::english_word("self_check", "failed_fix")
}

/// Only reached if the built-in English file were broken, which a unit test rules out.
fn unreachable_words() -> SelfCheckStrings {
    let words = |s: &str| RuleWords {
        title: s.into(),
        fix: String::new(),
    };
    SelfCheckStrings {
        title: "Check your landing page".into(),
        intro: String::new(),
        name_label: "Partner name".into(),
        name_hint: String::new(),
        url_label: "Landing page URL".into(),
        url_hint: String::new(),
        id_label: "Directory id".into(),
        id_hint: String::new(),
        submit: "Check".into(),
        checking: "Checking…".into(),
        verdict_accepted: "Accepted".into(),
        verdict_rejected: "Rejected".into(),
        verdict_unreachable: "Unreachable: {reason}".into(),
        failing_heading: "What to change".into(),
        passing_heading: "Passing rules".into(),
        evidence_label: "Evidence".into(),
        checked_at: "{time}".into(),
        check_again: "Check again".into(),
        share: "Link".into(),
        another: "Another page".into(),
        form_error: "Please correct the form".into(),
        too_many: "Wait {seconds} s".into(),
        busy: "Busy; retry in {seconds} s".into(),
        how_to_apply: String::new(),
        seen_rendered: english_seen_rendered(),
        seen_server: english_seen_server(),
        screenshot_label: english_screenshot_label(),
        apply_link: english_apply_link(),
        rules_link: english_rules_link(),
        directory_link: english_directory_link(),
        too_complex_fix: english_too_complex_fix(),
        failed_fix: english_failed_fix(),
        messages: Default::default(),
        second_one: english_second_one(),
        seconds: english_seconds(),
        errors: super::form_errors::english(),
        reachable: words("Reachable"),
        partner_owned: words("On a website you own"),
        microsoft_themed: words("About Microsoft"),
        partner_only: words("About you only"),
        no_competitors: words("No competitors"),
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Language;
    use crate::validate::document::Place;
    use crate::validate::{Message, MessageKey, MessageValue};
    use std::path::Path;

    /// The `{name}`s of a template.
    fn placeholders(template: &str) -> Vec<&str> {
        template
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect()
    }

    /// Runs of three words or more that are the message's own, not its values.
    fn phrases(english: &str) -> Vec<String> {
        english
            .split([';', ':', '(', ')', ',', '“', '”', '"', '.'])
            .map(str::trim)
            .filter(|p| p.split_whitespace().count() >= 3)
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn every_rule_message_reads_in_dutch_without_english() {
        let all =
            Language::load_all(Path::new("/nonexistent"), &["en".into(), "nl".into()]).unwrap();
        let (en, nl) = (&all[0].strings.self_check, &all[1].strings.self_check);
        assert!(
            en.messages.is_empty(),
            "English is built in: {:?}",
            en.messages
        );
        for key in MessageKey::ALL {
            let (english, one) = key.english();
            let names = placeholders(english);
            let forms: &[(u64, &str)] = match one {
                Some(_) => &[(2, ""), (1, "_one")],
                None => &[(2, "")],
            };
            for (count, suffix) in forms {
                let name = format!("{}{suffix}", key.as_str());
                let dutch_template = nl.messages.get(&name);
                let dutch_template = dutch_template.unwrap_or_else(|| panic!("nl lacks `{name}`"));
                for p in placeholders(dutch_template) {
                    assert!(names.contains(&p), "`{name}`: nl's {{{p}}} is not a value");
                }
                let mut m = Message::new(*key);
                for n in &names {
                    let value = match *n {
                        "count" => MessageValue::Number(*count),
                        "place" => MessageValue::Place(Place::Footer),
                        _ => MessageValue::Text("X".into()),
                    };
                    m = m.with(n, value);
                }
                let dutch = nl.said(std::slice::from_ref(&m));
                assert_ne!(dutch, m.english(), "`{name}`");
                for phrase in phrases(&m.english()) {
                    assert!(
                        !dutch.contains(&phrase),
                        "`{name}`: {dutch:?} holds {phrase:?}"
                    );
                }
                assert!(!dutch.contains("footer"), "`{name}`: {dutch:?}");
            }
        }
        assert_eq!(nl.place("body"), "tekst");
        assert_eq!(en.place("body"), "body");
    }

    #[test]
    fn waits_count_seconds_in_words_in_both_languages() {
        let all =
            Language::load_all(Path::new("/nonexistent"), &["en".into(), "nl".into()]).unwrap();
        let (en, nl) = (&all[0].strings.self_check, &all[1].strings.self_check);
        assert!(
            en.with_seconds(&en.too_many, 1)
                .ends_with("try again in 1 second.")
        );
        assert!(
            en.with_seconds(&en.busy, 30)
                .ends_with("try again in 30 seconds.")
        );
        assert!(
            nl.with_seconds(&nl.too_many, 1)
                .ends_with("over 1 seconde opnieuw.")
        );
        assert!(
            nl.with_seconds(&nl.checking, 15)
                .ends_with("hooguit 15 seconden.")
        );
        // A site's older translation with the bare number still reads.
        assert_eq!(en.with_seconds("in {seconds} s", 1), "in 1 s");
    }

    #[test]
    fn words_a_translation_lacks_are_the_english_files() {
        let english = super::english();
        assert_eq!(super::english_apply_link(), english.apply_link);
        assert_eq!(super::english_too_complex_fix(), english.too_complex_fix);
        assert_eq!(super::english_seconds(), "{n} seconds");
    }

    #[test]
    fn the_builtin_english_words_parse() {
        let words: Option<super::SelfCheckStrings> = super::super::english_section("self_check");
        assert!(words.is_some());
        let areas: Option<super::AreaNames> = super::super::english_section("areas");
        assert_eq!(areas.unwrap().data_ai, "Data & AI");
    }
}

/// The names of the product areas (what partners teach), and the filter's label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaNames {
    /// The filter's label and the rows' list label ("Teaches").
    pub label: String,
    /// The filter's "any area" choice.
    pub all: String,
    pub azure: String,
    pub microsoft_365: String,
    pub dynamics_365: String,
    pub power_platform: String,
    pub security: String,
    pub data_ai: String,
    pub developer: String,
}

impl Default for AreaNames {
    fn default() -> AreaNames {
        super::english_section("areas").unwrap_or_else(|| AreaNames {
            label: "Teaches".into(),
            all: "All areas".into(),
            azure: "Azure".into(),
            microsoft_365: "Microsoft 365".into(),
            dynamics_365: "Dynamics 365".into(),
            power_platform: "Power Platform".into(),
            security: "Security".into(),
            data_ai: "Data & AI".into(),
            developer: "Developer tools".into(),
        })
    }
}

impl AreaNames {
    pub fn name(&self, area: crate::content::Area) -> &str {
        use crate::content::Area::*;
        match area {
            Azure => &self.azure,
            Microsoft365 => &self.microsoft_365,
            Dynamics365 => &self.dynamics_365,
            PowerPlatform => &self.power_platform,
            Security => &self.security,
            DataAi => &self.data_ai,
            Developer => &self.developer,
        }
    }
}

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
    /// Shown while the page is fetched; `{seconds}`: the most it can take.
    pub checking: String,
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
    /// `{seconds}`: how long to wait.
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
    pub reachable: RuleWords,
    pub partner_owned: RuleWords,
    pub microsoft_themed: RuleWords,
    pub partner_only: RuleWords,
    pub no_competitors: RuleWords,
}

impl SelfCheckStrings {
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
    "Judged as a visitor's browser shows your page, with its scripts run.".into()
}
fn english_seen_server() -> String {
    "Judged on the HTML your server sends; scripts were not run.".into()
}
fn english_screenshot_label() -> String {
    "Your page as we saw it; what a failing rule found is outlined in red.".into()
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
        reachable: words("Reachable"),
        partner_owned: words("On a website you own"),
        microsoft_themed: words("About Microsoft"),
        partner_only: words("About you only"),
        no_competitors: words("No competitors"),
    }
}

#[cfg(test)]
mod tests {
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

//! `FormErrorWords`: what the self-check form says about a field it cannot take, in the
//! visitor's language. One message per field, each saying what is wrong and what to write
//! instead; the JSON API keeps its English messages and stable codes.

use crate::content::{Malformed, UrlProblem};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormErrorWords {
    /// `{max}`: the most characters the field takes.
    pub too_long: String,
    pub partner_missing: String,
    pub url_missing: String,
    /// `{url}`: what was typed; `{reason}`: one of the `reason_*` below.
    pub url_malformed: String,
    pub reason_no_scheme: String,
    pub reason_no_host: String,
    pub reason_bad_port: String,
    pub reason_bad_address: String,
    pub reason_bad_character: String,
    pub reason_not_web: String,
    /// `{scheme}`: the scheme typed (`ftp`).
    pub url_scheme: String,
    pub url_user_info: String,
    /// `{host}`: the address's host.
    pub url_ip_host: String,
    pub url_not_public: String,
    /// `{id}`: the id typed.
    pub id_unknown: String,
    pub cross_site: String,
    /// `{bytes}`: the most the form may hold.
    pub too_large: String,
}

impl FormErrorWords {
    /// What is wrong with a landing page's address, and what to write instead.
    pub fn url(&self, problem: &UrlProblem) -> String {
        match problem {
            UrlProblem::Malformed { url, reason } => {
                let reason = match reason {
                    Malformed::NoScheme => &self.reason_no_scheme,
                    Malformed::NoHost => &self.reason_no_host,
                    Malformed::BadPort => &self.reason_bad_port,
                    Malformed::BadAddress => &self.reason_bad_address,
                    Malformed::BadCharacter => &self.reason_bad_character,
                    Malformed::NotWeb => &self.reason_not_web,
                };
                // The reason first: `{url}` is the visitor's text and must not be searched.
                self.url_malformed
                    .replace("{reason}", reason)
                    .replace("{url}", url.trim())
            }
            UrlProblem::Scheme { scheme } => self.url_scheme.replace("{scheme}", scheme),
            UrlProblem::UserInfo => self.url_user_info.clone(),
            UrlProblem::IpHost { host } => self.url_ip_host.replace("{host}", host),
            UrlProblem::NoRegistrableDomain { host } => self.url_not_public.replace("{host}", host),
        }
    }

    /// Every message with made-up values, for tests that read them all.
    #[cfg(test)]
    fn samples(&self) -> Vec<String> {
        let url = |p| self.url(&p);
        let mut all = vec![
            self.too_long.replace("{max}", "200"),
            self.partner_missing.clone(),
            self.url_missing.clone(),
            url(UrlProblem::Scheme {
                scheme: "ftp".into(),
            }),
            url(UrlProblem::UserInfo),
            url(UrlProblem::IpHost {
                host: "192.0.2.1".into(),
            }),
            url(UrlProblem::NoRegistrableDomain {
                host: "localhost".into(),
            }),
            self.id_unknown.replace("{id}", "contoso"),
            self.cross_site.clone(),
            self.too_large.replace("{bytes}", "8192"),
        ];
        for reason in [
            Malformed::NoScheme,
            Malformed::NoHost,
            Malformed::BadPort,
            Malformed::BadAddress,
            Malformed::BadCharacter,
            Malformed::NotWeb,
        ] {
            all.push(url(UrlProblem::Malformed {
                url: "contoso.com".into(),
                reason,
            }));
        }
        all
    }
}

/// The English words (`[self_check.errors]` of the built-in English file), for a site's own
/// translation written before they existed.
pub fn english() -> FormErrorWords {
    super::english_section::<toml::Table>("self_check")
        .and_then(|t| t.get("errors")?.clone().try_into().ok())
        .unwrap_or_else(unreachable_errors)
}

/// Only reached if the built-in English file were broken, which a unit test rules out.
fn unreachable_errors() -> FormErrorWords {
    let t = |s: &str| s.to_owned();
    FormErrorWords {
        too_long: t("At most {max} characters."),
        partner_missing: t("Name missing."),
        url_missing: t("Address missing."),
        url_malformed: t("{url}: {reason}"),
        reason_no_scheme: t("no https://"),
        reason_no_host: t("no host"),
        reason_bad_port: t("bad port"),
        reason_bad_address: t("bad address"),
        reason_bad_character: t("bad character"),
        reason_not_web: t("not a web address"),
        url_scheme: t("{scheme}: not a web page"),
        url_user_info: t("No user name or password."),
        url_ip_host: t("{host}: not a domain name"),
        url_not_public: t("{host}: not public"),
        id_unknown: t("{id}: not listed"),
        cross_site: t("Sent from another website."),
        too_large: t("More than {bytes} bytes."),
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Language;
    use std::path::Path;

    #[test]
    fn the_english_words_come_from_the_english_file() {
        assert_ne!(super::english(), super::unreachable_errors());
        assert_eq!(super::english(), super::super::self_check::english().errors);
    }

    /// The fixed parts of an English message: what a Dutch page must not show.
    fn english_phrases(sample: &str) -> Vec<String> {
        sample
            .split(['“', '”', '.', ':'])
            .map(str::trim)
            .filter(|p| p.split_whitespace().count() >= 3)
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn every_form_error_reads_in_dutch_without_english() {
        let all =
            Language::load_all(Path::new("/nonexistent"), &["en".into(), "nl".into()]).unwrap();
        let en = all[0].strings.self_check.errors.samples();
        let nl = all[1].strings.self_check.errors.samples();
        assert_eq!(en.len(), nl.len());
        let phrases: Vec<String> = en.iter().flat_map(|s| english_phrases(s)).collect();
        assert!(phrases.len() > en.len(), "{phrases:?}");
        for message in &nl {
            for phrase in &phrases {
                assert!(
                    !message.contains(phrase.as_str()),
                    "{message:?} holds {phrase:?}"
                );
            }
        }
        assert!(nl[0].starts_with("Dit is te lang"), "{}", nl[0]);
    }
}

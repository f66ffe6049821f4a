//! The site's settings: `lpdir.toml` parsed into a raw form, then validated into `Config`.

mod apply;
mod raw;
mod self_check;

pub use apply::Apply;
pub use self_check::{MAX_BODY_CEILING, SelfCheckSettings, ServiceLimits};

use crate::content::{ContentError, Location, Problem, Problems};
use crate::validate::{NetworkSettings, Vocabulary};
use raw::{RawConfig, RawValidate};
use std::path::{Path, PathBuf};
use toml::Spanned;
use url::Url;

/// The configuration file's name in a site root.
pub const FILE_NAME: &str = "lpdir.toml";

/// Validated settings of one site.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Where the site is published, always ending in `/`; may carry a sub-path.
    pub base_url: Url,
    /// Language codes; the first is the default, served at the site's root.
    pub languages: Vec<String>,
    /// The output folder, relative to the root unless absolute.
    pub output: PathBuf,
    /// The size cap for any content file.
    pub max_entry_bytes: u64,
    /// How many months the Atom feed covers.
    pub feed_months: usize,
    /// The crawler's defaults (flags override them).
    pub network: NetworkSettings,
    /// The word and domain lists of the validator's rules.
    pub vocabulary: Vocabulary,
    /// Where partners check their page (the self-check service), linked from the site.
    pub self_check_url: Option<Url>,
    /// Where partners send their request to be listed; the site, the self-check and the
    /// report show it, and `build` warns while it is unset.
    pub apply: Option<Apply>,
    /// The self-check service's limits.
    pub self_check: SelfCheckSettings,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            base_url: Url::parse("http://127.0.0.1:1111/").expect("a valid literal URL"),
            languages: vec!["en".into()],
            output: PathBuf::from("public"),
            max_entry_bytes: 64 * 1024,
            feed_months: 12,
            network: NetworkSettings::default(),
            vocabulary: Vocabulary::default(),
            self_check_url: None,
            apply: None,
            self_check: SelfCheckSettings::default(),
        }
    }
}

impl Config {
    /// Reads `root/lpdir.toml`, or gives the defaults when there is none.
    pub fn load(root: &Path) -> Result<Config, Problems> {
        let path = root.join(FILE_NAME);
        if !path.exists() {
            return Ok(Config::default());
        }
        let src = crate::content::read_text(root, Path::new(FILE_NAME), 1024 * 1024)
            .map_err(Problems::sorted)?;
        Config::parse(&src)
    }

    /// Parses and validates the text of a configuration file.
    pub fn parse(src: &str) -> Result<Config, Problems> {
        let raw: RawConfig = toml::from_str(src)
            .map_err(|e| Problems(vec![toml_problem(src, Path::new(FILE_NAME), &e, raw::KEYS)]))?;
        Validator {
            src,
            problems: Vec::new(),
        }
        .validate(raw)
    }

    /// The path part of the base URL, e.g. `/` or `/credentials/partners/`.
    pub fn base_path(&self) -> &str {
        self.base_url.path()
    }

    /// The default language: the first one listed.
    pub fn default_language(&self) -> &str {
        &self.languages[0]
    }
}

/// A TOML parse error of `file` as a located problem; an unknown key gets a did-you-mean
/// among `keys`.
pub(crate) fn toml_problem(
    src: &str,
    file: &Path,
    e: &toml::de::Error,
    keys: &'static [&'static str],
) -> Problem {
    let at = e
        .span()
        .map(|s| Location::at_offset(src, s.start, s.end - s.start));
    let message = e.message();
    let unknown = message
        .strip_prefix("unknown field `")
        .and_then(|r| r.split('`').next());
    let error = match unknown {
        Some(key) => crate::content::ContentError::unknown_key(key, keys),
        None => ContentError::TomlSyntax(message.to_owned()),
    };
    Problem::new(file, at, error)
}

struct Validator<'a> {
    src: &'a str,
    problems: Vec<Problem>,
}

impl Validator<'_> {
    fn bad<T>(&mut self, value: &Spanned<T>, field: &str, message: String, help: &str) {
        let span = value.span();
        let at = Location::at_offset(self.src, span.start, span.end - span.start);
        let error = ContentError::BadSetting {
            field: field.to_owned(),
            message,
            help: help.to_owned(),
        };
        self.problems.push(Problem::new(FILE_NAME, Some(at), error));
    }

    fn validate(mut self, raw: RawConfig) -> Result<Config, Problems> {
        let mut config = Config::default();
        if let Some(v) = raw.base_url {
            match Url::parse(v.get_ref()) {
                Ok(mut url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
                    if !url.path().ends_with('/') {
                        let path = format!("{}/", url.path());
                        url.set_path(&path);
                    }
                    url.set_query(None);
                    url.set_fragment(None);
                    config.base_url = url;
                }
                Ok(_) => self.bad(&v, "base_url", "not an http(s) address".into(), "write the address the site is published at, e.g. https://example.org/partners/"),
                Err(e) => self.bad(&v, "base_url", e.to_string(), "write the address the site is published at, e.g. https://example.org/partners/"),
            }
        }
        if let Some(v) = raw.languages {
            let codes: Vec<String> = v.get_ref().iter().map(|c| c.get_ref().clone()).collect();
            if codes.is_empty() {
                self.bad(
                    &v,
                    "languages",
                    "no language is listed".into(),
                    "list at least one, e.g. languages = [\"en\", \"nl\"]",
                );
            }
            for (i, code) in v.get_ref().iter().enumerate() {
                let c = code.get_ref();
                let well_formed =
                    (2..=3).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_lowercase());
                if !well_formed {
                    self.bad(
                        code,
                        "languages",
                        format!("`{c}` is not a language code"),
                        "use ISO 639-1 codes in lower case, e.g. \"en\", \"nl\"",
                    );
                } else if codes[..i].contains(c) {
                    self.bad(
                        code,
                        "languages",
                        format!("`{c}` is listed twice"),
                        "list each language once",
                    );
                }
            }
            config.languages = codes;
        }
        if let Some(v) = raw.output {
            if v.get_ref().trim().is_empty() {
                self.bad(
                    &v,
                    "output",
                    "empty path".into(),
                    "name a folder, e.g. output = \"public\"",
                );
            }
            config.output = PathBuf::from(v.get_ref());
        }
        if let Some(v) = raw.max_entry_bytes {
            match u64::try_from(*v.get_ref()) {
                Ok(n) if (1024..=16 * 1024 * 1024).contains(&n) => config.max_entry_bytes = n,
                _ => self.bad(
                    &v,
                    "max_entry_bytes",
                    "out of range".into(),
                    "use a size from 1024 to 16777216 bytes",
                ),
            }
        }
        if let Some(v) = raw.feed_months {
            match usize::try_from(*v.get_ref()) {
                Ok(n) if (1..=120).contains(&n) => config.feed_months = n,
                _ => self.bad(
                    &v,
                    "feed_months",
                    "out of range".into(),
                    "use a number of months from 1 to 120",
                ),
            }
        }
        if let Some(v) = raw.validate {
            self.validate_section(v, &mut config);
        }
        if let Some(v) = raw.self_check_url {
            match Url::parse(v.get_ref()) {
                Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
                    config.self_check_url = Some(url)
                }
                _ => self.bad(
                    &v,
                    "self_check_url",
                    "not an http(s) address".into(),
                    "write the address of the self-check service, e.g. https://check.example.org/",
                ),
            }
        }
        if let Some(v) = raw.apply {
            match Apply::parse(v.get_ref()) {
                Ok(apply) => config.apply = Some(apply),
                Err(why) => self.bad(
                    &v,
                    "apply",
                    why.into(),
                    "write where partners apply: apply = \"mailto:partners@example.org\" or \
                     apply = \"https://example.org/apply\"",
                ),
            }
        }
        if let Some(v) = raw.self_check {
            self.self_check_section(v, &mut config.self_check);
        }
        if self.problems.is_empty() {
            Ok(config)
        } else {
            Err(Problems::sorted(self.problems))
        }
    }
}

impl Validator<'_> {
    /// A whole number setting within `range`, or a located problem.
    fn number(
        &mut self,
        v: &Spanned<i64>,
        field: &str,
        range: std::ops::RangeInclusive<i64>,
    ) -> Option<u64> {
        if range.contains(v.get_ref()) {
            u64::try_from(*v.get_ref()).ok()
        } else {
            let help = format!("use a number from {} to {}", range.start(), range.end());
            self.bad(v, field, "out of range".into(), &help);
            None
        }
    }

    fn validate_section(&mut self, v: RawValidate, config: &mut Config) {
        let n = &mut config.network;
        if let Some(x) = v
            .timeout_secs
            .as_ref()
            .and_then(|x| self.number(x, "timeout_secs", 1..=600))
        {
            n.timeout = std::time::Duration::from_secs(x);
        }
        if let Some(x) = v
            .max_bytes
            .as_ref()
            .and_then(|x| self.number(x, "max_bytes", 1024..=64 << 20))
        {
            n.max_bytes = x;
        }
        if let Some(x) = v
            .jobs
            .as_ref()
            .and_then(|x| self.number(x, "jobs", 1..=1024))
        {
            n.jobs = x as usize;
        }
        if let Some(x) = v
            .per_host
            .as_ref()
            .and_then(|x| self.number(x, "per_host", 1..=64))
        {
            n.per_host = x as usize;
        }
        if let Some(x) = v
            .retries
            .as_ref()
            .and_then(|x| self.number(x, "retries", 0..=5))
        {
            n.retries = x as u32;
        }
        if let Some(ua) = v.user_agent {
            n.user_agent = ua;
        }
        if let Some(b) = v.allow_http {
            n.allow_http = b;
        }
        let lower = |list: Vec<String>| {
            list.into_iter()
                .map(|d| d.trim().to_ascii_lowercase())
                .collect()
        };
        let w = &mut config.vocabulary;
        if let Some(l) = v.platform_domains {
            w.platform_domains = lower(l);
        }
        if let Some(l) = v.microsoft_domains {
            w.microsoft_domains = lower(l);
        }
        if let Some(l) = v.neutral_domains {
            w.neutral_domains = lower(l);
        }
        if let Some(l) = v.microsoft_terms {
            w.microsoft_terms = l;
        }
        if let Some(l) = v.programme_terms {
            w.programme_terms = l;
        }
        if let Some(l) = v.exam_prefixes {
            w.exam_prefixes = l;
        }
        if let Some(mut l) = v.competitors {
            for c in &mut l {
                c.domains = c
                    .domains
                    .iter()
                    .map(|d| d.trim().to_ascii_lowercase())
                    .collect();
            }
            w.competitors = l;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_sub_path() {
        let c = Config::parse("base_url = \"https://example.org/credentials/partners\"\nlanguages = [\"en\", \"nl\"]\n").unwrap();
        assert_eq!(c.base_path(), "/credentials/partners/");
        assert_eq!(c.default_language(), "en");
        assert_eq!(c.feed_months, 12);
    }

    #[test]
    fn reports_every_bad_setting_with_its_position() {
        let err = Config::parse("base_url = \"ftp://x\"\nlanguages = [\"EN\"]\nfeed_months = 0\n")
            .unwrap_err();
        let lines: Vec<usize> = err
            .0
            .iter()
            .map(|p| p.location.as_ref().unwrap().line)
            .collect();
        assert_eq!(lines, vec![1, 2, 3]);
    }

    #[test]
    fn validate_section_sets_network_and_lists() {
        let c = Config::parse("[validate]\ntimeout_secs = 5\njobs = 4\nneutral_domains = [\"Example.org\"]\n[[validate.competitors]]\nname = \"Initech\"\nnames = [\"Initech\"]\ndomains = [\"initech.com\"]\n").unwrap();
        assert_eq!(c.network.timeout.as_secs(), 5);
        assert_eq!(c.network.jobs, 4);
        assert_eq!(c.vocabulary.neutral_domains, vec!["example.org"]);
        assert_eq!(c.vocabulary.competitors[0].domains, vec!["initech.com"]);
        let err = Config::parse("[validate]\nper_host = 0\n").unwrap_err();
        assert_eq!(err.0[0].location.as_ref().unwrap().line, 2);
    }

    #[test]
    fn suggests_known_keys() {
        let err = Config::parse("base_ur = \"https://x.org/\"\n").unwrap_err();
        assert!(
            matches!(
                &err.0[0].error,
                ContentError::UnknownField {
                    suggestion: Some("base_url"),
                    ..
                }
            ),
            "{err:?}"
        );
    }
}

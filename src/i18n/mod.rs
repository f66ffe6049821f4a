//! Interface languages: the translation files and the formatting of dates and counts.
//!
//! English and Dutch ship inside lpdir (`i18n/en.toml`, `i18n/nl.toml`); a site may add or
//! replace a language with its own `i18n/<code>.toml`.

mod browse;
mod form_errors;
pub mod self_check;
mod strings;

pub use browse::BrowseStrings;
pub use form_errors::FormErrorWords;
/// The built-in English translation, the fallback of the optional sections.
const EN_FILE: &str = include_str!("../../i18n/en.toml");

/// The table `key` of the built-in English translation (`[self_check]`, `[areas]`,
/// `[browse]`): the words of a site's translation that does not have it. `None` only if the
/// built-in file were broken, which the sections' unit tests rule out.
fn english_section<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    let file: toml::Table = toml::from_str(EN_FILE).ok()?;
    file.get(key)?.clone().try_into().ok()
}

/// The word `key` of the built-in English table `section`: the default of a key added after
/// sites wrote their own translations, read from the one English file so that it cannot
/// drift from it. (The key itself only if that file were broken.)
fn english_word(section: &str, key: &str) -> String {
    english_section::<toml::Table>(section)
        .and_then(|t| t.get(key)?.as_str().map(str::to_owned))
        .unwrap_or_else(|| key.to_owned())
}

use crate::content::{ContentError, CountryCode, Day, Level, Month, Problem, Problems};
pub use self_check::{AreaNames, RuleWords, SelfCheckStrings};
use std::path::{Path, PathBuf};
pub use strings::Strings;

const BUILTIN: &[(&str, &str)] = &[("en", EN_FILE), ("nl", include_str!("../../i18n/nl.toml"))];

/// One language of the site.
#[derive(Debug, Clone, PartialEq)]
pub struct Language {
    pub code: String,
    pub strings: Strings,
}

impl Language {
    /// Loads the languages `codes`, from the site's `i18n/` folder or the built-in files.
    pub fn load_all(root: &Path, codes: &[String]) -> Result<Vec<Language>, Problems> {
        let mut languages = Vec::new();
        let mut problems = Vec::new();
        for code in codes {
            let rel = PathBuf::from("i18n").join(format!("{code}.toml"));
            let src = if root.join(&rel).is_file() {
                match crate::content::read_text(root, &rel, 1024 * 1024) {
                    Ok(s) => s,
                    Err(mut p) => {
                        problems.append(&mut p);
                        continue;
                    }
                }
            } else if let Some((_, s)) = BUILTIN.iter().find(|(c, _)| c == code) {
                (*s).to_owned()
            } else {
                let error = ContentError::BadSetting {
                    field: "languages".into(),
                    message: format!("there is no translation for `{code}`"),
                    help: format!(
                        "add {} with every key of i18n/en.toml translated",
                        rel.display()
                    ),
                };
                problems.push(Problem::new(crate::config::FILE_NAME, None, error));
                continue;
            };
            match parse(&src, &rel) {
                Ok(strings) => languages.push(Language {
                    code: code.clone(),
                    strings,
                }),
                Err(p) => problems.push(*p),
            }
        }
        if problems.is_empty() {
            Ok(languages)
        } else {
            Err(Problems::sorted(problems))
        }
    }

    pub fn month_name(&self, month: Month) -> &str {
        &self.strings.months[usize::from(month.number() - 1)]
    }

    /// "November 2026".
    pub fn format_month(&self, month: Month) -> String {
        self.strings
            .month_format
            .replace("{month}", self.month_name(month))
            .replace("{year}", &month.year().to_string())
    }

    /// "7 December 2026".
    pub fn format_day(&self, day: Day) -> String {
        self.strings
            .date_format
            .replace("{day}", &day.day.to_string())
            .replace("{month}", self.month_name(day.month))
            .replace("{year}", &day.month.year().to_string())
    }

    /// "3 December 2026, 14:55 UTC" for lpdir's own `2026-12-03T14:55:20Z`; a time in
    /// another shape is shown as it is.
    pub fn format_time(&self, rfc3339: &str) -> String {
        let time = |r: std::ops::Range<usize>| rfc3339.get(r).and_then(|p| p.parse::<u8>().ok());
        let parsed = Day::from_rfc3339(rfc3339)
            .zip(time(11..13))
            .zip(time(14..16));
        match parsed {
            Some(((day, hour), minute))
                if rfc3339.as_bytes().get(10) == Some(&b'T') && hour < 24 && minute < 60 =>
            {
                format!("{}, {hour:02}:{minute:02} UTC", self.format_day(day))
            }
            _ => rfc3339.to_owned(),
        }
    }

    /// "1 partner", "42 partners".
    pub fn format_count(&self, count: usize) -> String {
        let pattern = if count == 1 {
            &self.strings.partner_count_one
        } else {
            &self.strings.partner_count_other
        };
        pattern.replace("{count}", &count.to_string())
    }

    pub fn level_name(&self, level: Level) -> &str {
        match level {
            Level::ActionPack => &self.strings.level_action_pack,
            Level::Silver => &self.strings.level_silver,
            Level::Gold => &self.strings.level_gold,
        }
    }

    /// The country's name as running text takes it in this language: "the Netherlands"
    /// where the translation's `[browse.country_in_text]` says so, else its name.
    pub fn country_in_text(&self, country: CountryCode) -> &str {
        self.strings
            .browse
            .country_in_text(country, self.country_name(country))
    }

    /// The country's name in this language, falling back to English.
    pub fn country_name(&self, country: CountryCode) -> &'static str {
        country
            .builtin_name(&self.code)
            .unwrap_or_else(|| country.english_name())
    }
}

fn parse(src: &str, file: &Path) -> Result<Strings, Box<Problem>> {
    toml::from_str(src)
        .map_err(|e| Box::new(crate::config::toml_problem(src, file, &e, strings::KEYS)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_languages_load_and_format() {
        let langs =
            Language::load_all(Path::new("/nonexistent"), &["en".into(), "nl".into()]).unwrap();
        let m: Month = "2026-11".parse().unwrap();
        assert_eq!(langs[0].format_month(m), "November 2026");
        assert_eq!(langs[1].format_day(m.next_update()), "7 december 2026");
        assert_eq!(
            langs[1].country_name(CountryCode::parse("DE").unwrap()),
            "Duitsland"
        );
        assert_eq!(langs[0].format_count(1), "1 partner");
    }

    #[test]
    fn times_read_as_dates_in_the_language() {
        let all =
            Language::load_all(Path::new("/nonexistent"), &["en".into(), "nl".into()]).unwrap();
        assert_eq!(
            all[0].format_time("2026-12-03T14:55:20Z"),
            "3 December 2026, 14:55 UTC"
        );
        assert_eq!(
            all[1].format_time("2026-12-03T14:55:20Z"),
            "3 december 2026, 14:55 UTC"
        );
        assert_eq!(all[0].format_time("yesterday"), "yesterday");
        assert_eq!(
            all[0].format_time("2026-13-03T14:55:20Z"),
            "2026-13-03T14:55:20Z"
        );
    }

    #[test]
    fn unknown_language_is_a_problem() {
        let err = Language::load_all(Path::new("/nonexistent"), &["xx".into()]).unwrap_err();
        assert!(
            err.0[0]
                .error
                .to_string()
                .contains("no translation for `xx`")
        );
    }

    #[test]
    fn strings_keys_match_the_struct() {
        let value = toml::from_str::<toml::Table>(BUILTIN[0].1).unwrap();
        let mut keys: Vec<&str> = value.keys().map(String::as_str).collect();
        let mut expected = strings::KEYS.to_vec();
        keys.sort();
        expected.sort();
        assert_eq!(keys, expected);
    }
}

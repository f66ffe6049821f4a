//! `Apply`: where partners send their request to be listed, a `mailto:` address or a web
//! page (`apply` in `lpdir.toml`). The site, the self-check and the publishing report show it.

use url::Url;

/// A validated `mailto:` address or http(s) page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Apply(Url);

impl Apply {
    /// The setting's value, or what is wrong with it.
    pub fn parse(text: &str) -> Result<Apply, &'static str> {
        let url = Url::parse(text.trim()).map_err(|_| "not a mailto: or http(s) address")?;
        let fine = match url.scheme() {
            "mailto" => {
                let to = url.path();
                to.split_once('@')
                    .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
                    && !to.contains(',')
            }
            "http" | "https" => url.host().is_some(),
            _ => false,
        };
        match fine {
            true => Ok(Apply(url)),
            false => Err("not one mailto: address or an http(s) page"),
        }
    }

    /// What a link to it points at.
    pub fn href(&self) -> &str {
        self.0.as_str()
    }

    /// What a reader sees: the e-mail address, or the page's address.
    pub fn label(&self) -> String {
        match self.0.scheme() {
            "mailto" => percent_encoding::percent_decode_str(self.0.path())
                .decode_utf8_lossy()
                .into_owned(),
            _ => self.0.as_str().to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Apply;

    #[test]
    fn takes_one_mail_address_or_a_web_page() {
        let mail = Apply::parse("mailto:partners+nl@example.org").unwrap();
        assert_eq!(mail.label(), "partners+nl@example.org");
        let mail = Apply::parse("mailto:partners@example.org").unwrap();
        assert_eq!(mail.label(), "partners@example.org");
        assert_eq!(mail.href(), "mailto:partners@example.org");
        let page = Apply::parse("https://example.org/apply").unwrap();
        assert_eq!(page.label(), "https://example.org/apply");
        for bad in [
            "partners@example.org",
            "mailto:",
            "mailto:a@b.c,d@e.f",
            "ftp://example.org/",
            "javascript:alert(1)",
            "",
        ] {
            assert!(Apply::parse(bad).is_err(), "{bad}");
        }
    }
}

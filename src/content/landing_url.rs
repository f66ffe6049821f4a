//! `LandingUrl`: the absolute http(s) URL of a partner's landing page, on a domain name.

use super::domain::Domain;
use url::{Host, Url};

/// A landing-page URL that passed the directory's rules for addresses.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LandingUrl {
    url: Url,
    domain: Domain,
}

/// Why a text is not an acceptable landing URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlProblem {
    #[error("`{url}` is not a complete web address: {reason}")]
    Malformed { url: String, reason: Malformed },
    #[error("the URL scheme `{scheme}` is not allowed; landing pages are web pages")]
    Scheme { scheme: String },
    #[error("the URL carries a user name or password")]
    UserInfo,
    #[error("the URL's host `{host}` is an IP address, not a domain name")]
    IpHost { host: String },
    #[error("the URL's host `{host}` is not a public domain name")]
    NoRegistrableDomain { host: String },
}

impl UrlProblem {
    pub fn help(&self) -> String {
        match self {
            UrlProblem::Malformed { .. } => {
                "write the full address, starting with https://, as a browser shows it".into()
            }
            UrlProblem::Scheme { .. } => "use an https:// (or http://) address".into(),
            UrlProblem::UserInfo => {
                "remove the `name:password@` part; landing pages must be public".into()
            }
            UrlProblem::IpHost { .. } | UrlProblem::NoRegistrableDomain { .. } => {
                "use the address on the partner's own domain name, e.g. https://www.contoso.com/microsoft".into()
            }
        }
    }
}

/// What is wrong with an address that is not a URL at all, for the person who wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Malformed {
    #[error("it does not start with https://")]
    NoScheme,
    #[error("it has no host name after https://")]
    NoHost,
    #[error("its port is not a number from 1 to 65535")]
    BadPort,
    #[error("its address is not valid")]
    BadAddress,
    #[error("its host name has a character that is not allowed")]
    BadCharacter,
    #[error("it is not a web address")]
    NotWeb,
}

impl From<url::ParseError> for Malformed {
    fn from(e: url::ParseError) -> Malformed {
        use url::ParseError::*;
        match e {
            RelativeUrlWithoutBase => Malformed::NoScheme,
            EmptyHost => Malformed::NoHost,
            InvalidPort => Malformed::BadPort,
            InvalidIpv4Address | InvalidIpv6Address => Malformed::BadAddress,
            InvalidDomainCharacter | IdnaError => Malformed::BadCharacter,
            _ => Malformed::NotWeb,
        }
    }
}

impl LandingUrl {
    pub fn parse(s: &str) -> Result<LandingUrl, UrlProblem> {
        let url = Url::parse(s.trim()).map_err(|e| UrlProblem::Malformed {
            url: s.to_owned(),
            reason: e.into(),
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(UrlProblem::Scheme {
                scheme: url.scheme().to_owned(),
            });
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(UrlProblem::UserInfo);
        }
        let domain = match url.host() {
            Some(Host::Domain(d)) => Domain::of_host(d)
                .ok_or_else(|| UrlProblem::NoRegistrableDomain { host: d.to_owned() })?,
            Some(Host::Ipv4(_) | Host::Ipv6(_)) => {
                return Err(UrlProblem::IpHost {
                    host: url.host_str().unwrap_or_default().to_owned(),
                });
            }
            None => {
                return Err(UrlProblem::Malformed {
                    url: s.to_owned(),
                    reason: Malformed::NoHost,
                });
            }
        };
        Ok(LandingUrl { url, domain })
    }

    pub fn as_url(&self) -> &Url {
        &self.url
    }

    pub fn as_str(&self) -> &str {
        self.url.as_str()
    }

    /// The registrable domain of the URL's host.
    pub fn domain(&self) -> &Domain {
        &self.domain
    }
}

impl std::fmt::Display for LandingUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.url.as_str())
    }
}

impl serde::Serialize for LandingUrl {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.url.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_public_web_addresses() {
        let u = LandingUrl::parse("https://www.Contoso.com/microsoft").unwrap();
        assert_eq!(u.as_str(), "https://www.contoso.com/microsoft");
        assert_eq!(u.domain().as_str(), "contoso.com");
    }

    #[test]
    fn rejects_hostile_or_odd_addresses() {
        let cases = [
            ("javascript:alert(1)", "scheme"),
            ("file:///etc/passwd", "scheme"),
            ("https://user:pw@contoso.com/", "user"),
            ("https://127.0.0.1/", "IP"),
            ("https://2130706433/", "IP"),
            ("https://[::1]/", "IP"),
            ("https://localhost/", "public"),
            ("contoso.com/page", "does not start with https://"),
        ];
        for (input, needle) in cases {
            let err = LandingUrl::parse(input).unwrap_err().to_string();
            assert!(err.contains(needle), "{input}: {err}");
        }
    }
}

//! `Domain`: a registrable domain (eTLD+1 by the Public Suffix List), such as `contoso.com`.

use std::fmt;

/// A registrable domain: the part of a host name a company can register and own.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Domain(String);

impl Domain {
    /// The registrable domain of a host name (`www.contoso.co.uk` gives `contoso.co.uk`),
    /// or `None` for a host that has none (`localhost`, a bare public suffix, an address).
    pub fn of_host(host: &str) -> Option<Domain> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        if host.parse::<std::net::IpAddr>().is_ok() {
            return None;
        }
        let domain = psl::domain_str(&host)?;
        // psl falls back to a wildcard rule for unknown TLDs; a directory URL needs a real one.
        psl::suffix(host.as_bytes())
            .filter(|s| s.is_known())
            .map(|_| Domain(domain.to_owned()))
    }

    /// Accepts only text that is itself a registrable domain.
    pub fn parse(s: &str) -> Option<Domain> {
        let lower = s.to_ascii_lowercase();
        Domain::of_host(&lower).filter(|d| d.0 == lower)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for Domain {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registrable_domains() {
        assert_eq!(
            Domain::of_host("www.contoso.co.uk").unwrap().as_str(),
            "contoso.co.uk"
        );
        assert_eq!(
            Domain::of_host("Learn.Contoso.COM.").unwrap().as_str(),
            "contoso.com"
        );
        assert_eq!(
            Domain::of_host("contoso.github.io").unwrap().as_str(),
            "contoso.github.io"
        );
        assert!(Domain::of_host("localhost").is_none());
        assert!(Domain::of_host("co.uk").is_none());
        assert!(Domain::of_host("127.0.0.1").is_none());
        assert!(Domain::of_host("contoso.notatld").is_none());
    }

    #[test]
    fn parse_wants_the_registrable_part() {
        assert!(Domain::parse("contoso.com").is_some());
        assert!(Domain::parse("www.contoso.com").is_none());
    }
}

//! `DomainSet`: domains matched by a host or any of its parent domains, in a hash lookup per
//! label instead of a scan of the list: pages link to hundreds of URLs.

use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
pub struct DomainSet<T = ()> {
    map: HashMap<String, T>,
}

impl<T> DomainSet<T> {
    pub fn new(domains: impl IntoIterator<Item = (String, T)>) -> DomainSet<T> {
        DomainSet {
            map: domains
                .into_iter()
                .map(|(d, v)| (d.trim_end_matches('.').to_ascii_lowercase(), v))
                .collect(),
        }
    }

    /// The value of `host` or of its nearest parent domain in the set. Hosts from `url::Url`
    /// are already lower-case.
    pub fn lookup(&self, host: &str) -> Option<&T> {
        self.matched(host).map(|(_, v)| v)
    }

    /// The nearest domain of `host` in the set (itself or a parent) and its value: the
    /// longer the domain, the more specific the match.
    pub fn matched<'h>(&self, host: &'h str) -> Option<(&'h str, &T)> {
        let mut h = host.trim_end_matches('.');
        loop {
            if let Some(v) = self.map.get(h) {
                return Some((h, v));
            }
            h = &h[h.find('.')? + 1..];
        }
    }

    pub fn contains(&self, host: &str) -> bool {
        self.lookup(host).is_some()
    }
}

impl DomainSet<()> {
    pub fn of(domains: &[String]) -> DomainSet<()> {
        DomainSet::new(domains.iter().map(|d| (d.clone(), ())))
    }
}

#[cfg(test)]
mod tests {
    use super::DomainSet;

    #[test]
    fn hosts_match_themselves_and_parents_on_label_boundaries() {
        let set = DomainSet::of(&["github.io".to_owned(), "sites.google.com".to_owned()]);
        assert!(set.contains("contoso.github.io"));
        assert!(set.contains("github.io"));
        assert!(set.contains("sites.google.com"));
        assert!(set.contains("a.sites.google.com"));
        assert!(!set.contains("notgithub.io"));
        assert!(!set.contains("google.com"));
        assert!(!set.contains(""));
    }
}

//! Which pages a run judges, for whom, and against which other partners.

use crate::content::{Change, Content, Directory, Listing, Month, Partner};
use crate::validate::Candidate;
use crate::validate::rules::{Rival, Subject};

fn subject(id: &str, listing: &Listing) -> Subject {
    Subject {
        id: Some(id.to_owned()),
        name: listing.name.clone(),
        aliases: listing.aliases.clone(),
        domains: listing.owned_domains(),
        verification_token: listing.verification_token.clone(),
    }
}

/// A candidate for one listing.
pub fn candidate(id: &str, listing: &Listing) -> Candidate {
    Candidate {
        subject: subject(id, listing),
        url: listing.landing_url.as_url().clone(),
    }
}

/// The entries submitted in `month` that list a partner (removals need no crawl).
pub fn month_candidates(content: &Content, month: Month) -> Vec<Candidate> {
    content
        .entries
        .iter()
        .filter(|e| e.month == month)
        .filter_map(|e| match &e.change {
            Change::List(l) => Some(candidate(e.id.as_str(), l)),
            Change::Remove { .. } => None,
        })
        .collect()
}

/// Every partner listed in the directory.
pub fn directory_candidates(directory: &Directory) -> Vec<Candidate> {
    directory
        .partners
        .iter()
        .map(|p| candidate(p.id.as_str(), &p.listing))
        .collect()
}

/// The partners a page must not be about, besides its own.
pub fn rivals<'a>(partners: impl IntoIterator<Item = &'a Partner>) -> Vec<Rival> {
    partners
        .into_iter()
        .map(|p| Rival {
            id: p.id.to_string(),
            name: p.listing.name.clone(),
            aliases: p.listing.aliases.clone(),
            domains: p.listing.owned_domains(),
        })
        .collect()
}

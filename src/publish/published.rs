//! The published directory: the monthly fold over only what the ledgers accepted.

use super::ledger::Ledger;
use crate::content::{Change, Content, Directory, Entry, Month, Problems};
use std::collections::{BTreeMap, BTreeSet};

/// Which entries a build lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Only entries a ledger accepted (or removed), in the version it judged.
    Published,
    /// Those, plus entries not judged yet, marked as pending: a preview.
    Drafts,
}

/// The directory as of `month` from the ledgers. An entry counts when its month's ledger
/// accepted it with the same content hash; an entry changed after its run, or rejected, does
/// not, so a rejected update leaves the last accepted entry in force.
pub fn directory(
    content: &Content,
    ledgers: &BTreeMap<Month, Ledger>,
    month: Month,
    scope: Scope,
) -> Result<Directory, Problems> {
    let mut listed: BTreeSet<&str> = BTreeSet::new();
    let mut kept: Vec<&Entry> = Vec::new();
    let mut pending: BTreeSet<(&str, Month)> = BTreeSet::new();
    for entry in content.entries.iter().filter(|e| e.month <= month) {
        let decision = ledgers
            .get(&entry.month)
            .and_then(|l| l.decision(entry.id.as_str()));
        let published = decision.is_some_and(|d| d.hash == entry.hash && d.publishes());
        let undecided = decision.is_none_or(|d| d.hash != entry.hash);
        let include = published || (scope == Scope::Drafts && undecided);
        if !include {
            continue;
        }
        match entry.change {
            // A removal of a partner that was never published has nothing to remove.
            Change::Remove { .. } if !listed.remove(entry.id.as_str()) => continue,
            Change::Remove { .. } => {}
            Change::List(_) => {
                listed.insert(entry.id.as_str());
            }
        }
        if !published {
            pending.insert((entry.id.as_str(), entry.month));
        }
        kept.push(entry);
    }
    let mut directory = Directory::fold(month, kept)?;
    for p in &mut directory.partners {
        p.pending = pending.contains(&(p.id.as_str(), p.updated));
    }
    Ok(directory)
}

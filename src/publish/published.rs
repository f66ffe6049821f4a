//! The published directory: the monthly fold over only what the ledgers accepted.

use super::ledger::Ledger;
use crate::content::{Change, Content, Day, Directory, Entry, Month, Problems};
use std::collections::{BTreeMap, HashSet};

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
    let selection = Selection::of(content, ledgers, month, scope);
    let directory = Directory::fold(month, selection.kept.iter().copied())?;
    Ok(selection.mark(directory, ledgers))
}

/// The same, for a build that has already folded every entry up to the month (`all`, to check
/// the whole content is consistent): when the scope keeps every one of those entries, as a
/// preview of content with no rejected entry does, `all` is the answer and is not folded again.
pub fn directory_from(
    all: Directory,
    content: &Content,
    ledgers: &BTreeMap<Month, Ledger>,
    scope: Scope,
) -> Result<Directory, Problems> {
    let month = all.month;
    let selection = Selection::of(content, ledgers, month, scope);
    let total = content.entries.iter().filter(|e| e.month <= month).count();
    // The kept entries are some of those `total`: as many means the same ones.
    if selection.kept.len() == total {
        return Ok(selection.mark(all, ledgers));
    }
    let directory = Directory::fold(month, selection.kept.iter().copied())?;
    Ok(selection.mark(directory, ledgers))
}

/// The entries a scope keeps, in content order, and which of them are not published yet.
struct Selection<'a> {
    kept: Vec<&'a Entry>,
    /// (month, id) of the kept entries not published yet; sorted, since the content is.
    pending: Vec<(Month, &'a str)>,
}

impl<'a> Selection<'a> {
    fn of(
        content: &'a Content,
        ledgers: &BTreeMap<Month, Ledger>,
        month: Month,
        scope: Scope,
    ) -> Selection<'a> {
        let mut listed: HashSet<&str> = HashSet::new();
        let mut kept: Vec<&Entry> = Vec::new();
        let mut pending: Vec<(Month, &str)> = Vec::new();
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
                pending.push((entry.month, entry.id.as_str()));
            }
            kept.push(entry);
        }
        // Content is sorted by month and id already; sorting again costs nothing then and
        // keeps the lookups right whatever the order.
        pending.sort_unstable();
        Selection { kept, pending }
    }

    /// Marks the partners not published yet, and gives the published ones what their
    /// accepted page teaches, as its ledger recorded it.
    fn mark(&self, mut directory: Directory, ledgers: &BTreeMap<Month, Ledger>) -> Directory {
        for p in &mut directory.partners {
            p.pending = self
                .pending
                .binary_search(&(p.updated, p.id.as_str()))
                .is_ok();
            if !p.pending
                && let Some(d) = ledgers
                    .get(&p.updated)
                    .and_then(|l| l.decision(p.id.as_str()))
            {
                p.teaches = d.teaches.clone();
                p.checked = Day::from_rfc3339(&d.checked_at);
            }
        }
        directory
    }
}

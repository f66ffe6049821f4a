//! `Directory`: the directory as of a month, folded from the monthly entries.

use super::entry::{Change, Entry, Listing};
use super::error::{ContentError, Problem, Problems};
use super::loader::Content;
use super::month::Month;
use super::partner_id::PartnerId;
use crate::text::{fold, name_key};
use std::collections::btree_map::Entry as Slot;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// A listed partner and its history.
#[derive(Debug, Clone, PartialEq)]
pub struct Partner {
    pub id: PartnerId,
    pub listing: std::sync::Arc<Listing>,
    /// The month the partner was (last) added.
    pub listed_since: Month,
    /// The month of the entry now in force.
    pub updated: Month,
    /// The months whose entries listed or updated the partner since `listed_since`, oldest
    /// first (in a published build: its accepted updates).
    pub months: Vec<Month>,
    /// The file of the entry now in force.
    pub file: PathBuf,
    /// The entry in force is not published yet (only in draft previews).
    pub pending: bool,
    /// What the partner teaches, as its entry's accepted landing page said (from the ledger;
    /// empty for drafts and for content built without ledgers).
    pub teaches: super::Teaches,
    /// The day the entry in force was judged (from the ledger; `None` for drafts and for
    /// content built without ledgers).
    pub checked: Option<super::Day>,
}

/// What one month changed, for the feed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MonthChanges {
    pub added: Vec<(PartnerId, String)>,
    pub updated: Vec<(PartnerId, String)>,
    pub removed: Vec<(PartnerId, String, Option<String>)>,
}

/// The directory as of `month`.
#[derive(Debug, Clone, PartialEq)]
pub struct Directory {
    pub month: Month,
    /// Sorted by id.
    pub partners: Vec<Partner>,
    /// Every month up to `month` that had entries, oldest first.
    pub history: Vec<(Month, MonthChanges)>,
}

impl Directory {
    /// Folds the entries of every month up to and including `month`, in order: an entry
    /// replaces the same id's earlier one, a removal delists it.
    pub fn as_of(content: &Content, month: Month) -> Result<Directory, Problems> {
        let entries = content.entries.iter().filter(|e| e.month <= month);
        Self::fold(month, entries)
    }

    /// Folds the given entries, which must be sorted by month.
    pub fn fold<'a>(
        month: Month,
        entries: impl IntoIterator<Item = &'a Entry>,
    ) -> Result<Directory, Problems> {
        let mut problems = Vec::new();
        // Keyed by the entries' own ids: nothing is copied to look a partner up.
        let mut listed: BTreeMap<&PartnerId, Partner> = BTreeMap::new();
        let mut history: BTreeMap<Month, MonthChanges> = BTreeMap::new();
        for entry in entries {
            let changes = history.entry(entry.month).or_default();
            match &entry.change {
                Change::List(listing) => {
                    let partner = |listed_since, months| Partner {
                        id: entry.id.clone(),
                        listing: std::sync::Arc::clone(listing),
                        listed_since,
                        updated: entry.month,
                        months,
                        file: entry.file.clone(),
                        pending: false,
                        teaches: Default::default(),
                        checked: None,
                    };
                    let name = listing.name.clone();
                    match listed.entry(&entry.id) {
                        Slot::Occupied(mut slot) => {
                            changes.updated.push((entry.id.clone(), name));
                            let since = slot.get().listed_since;
                            let mut months = std::mem::take(&mut slot.get_mut().months);
                            months.push(entry.month);
                            slot.insert(partner(since, months));
                        }
                        Slot::Vacant(slot) => {
                            changes.added.push((entry.id.clone(), name));
                            slot.insert(partner(entry.month, vec![entry.month]));
                        }
                    }
                }
                Change::Remove { reason } => match listed.remove(&entry.id) {
                    Some(p) => changes.removed.push((
                        entry.id.clone(),
                        p.listing.name.clone(),
                        reason.clone(),
                    )),
                    None => problems.push(Problem::new(
                        &entry.file,
                        None,
                        ContentError::RemovedUnknown {
                            id: entry.id.to_string(),
                            month: entry.month.to_string(),
                        },
                    )),
                },
            }
        }
        let partners: Vec<Partner> = listed.into_values().collect();
        problems.extend(duplicates(&partners));
        if !problems.is_empty() {
            return Err(Problems::sorted(problems));
        }
        Ok(Directory {
            month,
            partners,
            history: history.into_iter().collect(),
        })
    }
}

/// Two listed ids sharing a name or a landing URL. Names are compared as the partner-only
/// rule compares them (`text::name_key`: case, spacing, accents and legal forms ignored), so
/// "Contoso" and "Contoso B.V." cannot both be listed and then count as each other.
fn duplicates(partners: &[Partner]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut names: HashMap<String, &Partner> = HashMap::new();
    let mut urls: HashMap<&str, &Partner> = HashMap::new();
    for p in partners {
        let key = name_key(&p.listing.name).unwrap_or_else(|| fold(&p.listing.name));
        if let Some(first) = names.insert(key, p) {
            problems.push(Problem::new(
                &p.file,
                Some(p.listing.name_at.clone()),
                ContentError::DuplicateName {
                    name: p.listing.name.clone(),
                    other_id: first.id.to_string(),
                    other_file: first.file.display().to_string(),
                },
            ));
        }
        let url = p.listing.landing_url.as_str().trim_end_matches('/');
        if let Some(first) = urls.insert(url, p) {
            problems.push(Problem::new(
                &p.file,
                Some(p.listing.url_at.clone()),
                ContentError::DuplicateUrl {
                    url: p.listing.landing_url.to_string(),
                    other_id: first.id.to_string(),
                    other_file: first.file.display().to_string(),
                },
            ));
        }
    }
    problems
}

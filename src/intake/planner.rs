//! Planning requests against the content: new partner or update, its id, its entry's text,
//! and the proof that the loader reads that text back as asked. Indexes are built once, so
//! planning a backlog of any size against a directory of any size stays linear.

use super::request::{Kind, Plan, Request, id_of};
use super::{IntakeError, yaml};
use crate::content::{Change, Directory, Entry, Month, PartnerId, Problem};
use crate::text::name_key;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

/// Plans requests for one month against the content as loaded.
pub struct Planner<'a> {
    month: Month,
    entries: &'a [Entry],
    directory: &'a Directory,
    /// The largest entry file the loader reads (`max_entry_bytes`).
    max_bytes: u64,
    /// Every id the content has used, in any month: a new id is never one of them.
    used: HashSet<&'a str>,
    /// The month's entries, by id.
    this_month: HashMap<&'a PartnerId, &'a Path>,
    /// Listed partners by owned domain, and by name key (names and aliases).
    by_domain: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    /// Ids planned by this run.
    planned: HashSet<PartnerId>,
    /// Ids of the listed partners.
    listed: HashSet<&'a PartnerId>,
    /// The site's root, when a request may replace the month's earlier one (`--replace`).
    replace_in: Option<&'a Path>,
    /// Ids the month's run judged already: their requests are history, never replaced.
    judged: HashSet<String>,
}

impl<'a> Planner<'a> {
    pub fn new(
        month: Month,
        entries: &'a [Entry],
        directory: &'a Directory,
        max_bytes: u64,
    ) -> Planner<'a> {
        let mut by_domain = HashMap::new();
        let mut by_name = HashMap::new();
        for (i, p) in directory.partners.iter().enumerate() {
            for d in p.listing.owned_domains() {
                by_domain.entry(d.as_str().to_owned()).or_insert(i);
            }
            let names = std::iter::once(&p.listing.name).chain(&p.listing.aliases);
            for key in names.filter_map(|n| name_key(n)) {
                by_name.entry(key).or_insert(i);
            }
        }
        Planner {
            month,
            entries,
            directory,
            max_bytes,
            used: entries.iter().map(|e| e.id.as_str()).collect(),
            this_month: entries
                .iter()
                .filter(|e| e.month == month)
                .map(|e| (&e.id, e.file.as_path()))
                .collect(),
            by_domain,
            by_name,
            planned: HashSet::new(),
            listed: directory.partners.iter().map(|p| &p.id).collect(),
            replace_in: None,
            judged: HashSet::new(),
        }
    }

    /// Lets a request replace the partner's earlier request of the same month, read from
    /// below `root`, unless the month's run judged it already (`judged`, the ids of the month's
    /// ledger); an earlier month's entry is never touched.
    pub fn replacing(mut self, root: &'a Path, judged: HashSet<String>) -> Planner<'a> {
        self.replace_in = Some(root);
        self.judged = judged;
        self
    }

    /// Plans `request`: an update when it is recognised as a listed partner, else a new one.
    pub fn plan(&mut self, request: &Request) -> Result<Plan, IntakeError> {
        let request = request.trimmed();
        let (id, kind, note) = match &request.id {
            Some(id) => {
                let id =
                    PartnerId::parse(id).ok_or_else(|| IntakeError::NoId { name: id.clone() })?;
                let kind = match self.listed.contains(&id) {
                    true => Kind::Update {
                        because: "its id".to_owned(),
                    },
                    false => Kind::New,
                };
                (id, kind, None)
            }
            None => match self.recognise(&request) {
                Some((id, because)) => (id, Kind::Update { because }, None),
                None => {
                    let (id, note) = self.new_id(&request)?;
                    (id, Kind::New, note)
                }
            },
        };
        let text = yaml::entry(&request);
        let plan = self.finish(id, kind, note, text)?;
        if let Change::List(listing) = &plan.entry.change {
            let read = [
                (
                    "name",
                    Some(listing.name.clone()),
                    Some(request.name.clone()),
                ),
                ("city", listing.about.city.clone(), request.city.clone()),
                (
                    "description",
                    listing.about.description.clone(),
                    request.description.clone(),
                ),
            ];
            for (field, got, asked) in read {
                misread(field, got, asked)?;
            }
            misread(
                "aliases",
                Some(listing.aliases.join(" | ")),
                Some(request.aliases.join(" | ")),
            )?;
        }
        Ok(plan)
    }

    /// A removal of the listed partner `id`.
    pub fn plan_removal(&mut self, id: &str, reason: &str) -> Result<Plan, IntakeError> {
        let listed = self.directory.partners.iter().find(|p| p.id.as_str() == id);
        let Some(partner) = listed else {
            let ids = self.directory.partners.iter().map(|p| p.id.as_str());
            return Err(IntakeError::NotListed {
                id: id.to_owned(),
                month: self.month.to_string(),
                suggestion: crate::text::closest(id, ids).map(str::to_owned),
            });
        };
        let reason = reason.trim();
        let text = yaml::removal(reason);
        let plan = self.finish(partner.id.clone(), Kind::Removal, None, text)?;
        if let Change::Remove { reason: read } = &plan.entry.change {
            misread("reason", read.clone(), Some(reason.to_owned()))?;
        }
        Ok(plan)
    }

    /// The plan of an entry `text` for `id`: refused when the partner already has a request
    /// this month, when this run already planned one, when the file would be larger than the
    /// loader reads, or when the loader would refuse the text.
    fn finish(
        &mut self,
        id: PartnerId,
        kind: Kind,
        note: Option<String>,
        text: String,
    ) -> Result<Plan, IntakeError> {
        let mut replaces = None;
        if let Some(file) = self.this_month.get(&id) {
            if let Some(root) = self.replace_in
                && !matches!(kind, Kind::Removal)
            {
                if self.judged.contains(id.as_str()) {
                    return Err(IntakeError::AlreadyJudged {
                        id: id.to_string(),
                        month: self.month.to_string(),
                    });
                }
                let old = std::fs::read(root.join(file)).map_err(|source| IntakeError::Io {
                    path: root.join(file),
                    source,
                })?;
                replaces = Some(old);
            } else {
                return Err(IntakeError::AlreadyRequested {
                    id: id.to_string(),
                    month: self.month.to_string(),
                    file: file.to_path_buf(),
                });
            }
        }
        if self.planned.contains(&id) {
            return Err(IntakeError::RequestedTwice { id: id.to_string() });
        }
        if text.len() as u64 > self.max_bytes {
            return Err(IntakeError::TooLarge {
                bytes: text.len() as u64,
                limit: self.max_bytes,
            });
        }
        let file = Path::new("content/partners")
            .join(self.month.to_string())
            .join(format!("{id}.yaml"));
        let entry = crate::content::parse_entry(&text, &file, id.clone(), self.month).map_err(
            |problems| {
                let problems = problems
                    .into_iter()
                    .map(|problem| super::FieldProblem {
                        field: problem
                            .location
                            .as_ref()
                            .and_then(|at| yaml::field_at(&text, at.line)),
                        problem,
                    })
                    .collect();
                IntakeError::Invalid { problems }
            },
        )?;
        self.planned.insert(id.clone());
        Ok(Plan {
            id,
            file,
            text,
            entry,
            kind,
            note,
            replaces,
        })
    }

    /// What the directory would say with `plans` written: every month from this one on is
    /// folded, so that a plan that duplicates a listed partner's name or landing page (under
    /// another id) is refused now, not by every later command.
    pub fn check_together(&self, plans: &[Plan]) -> Result<(), Vec<Problem>> {
        // A replaced request is not there any more.
        let replaced: HashSet<(Month, &PartnerId)> = plans
            .iter()
            .filter(|p| p.replaces.is_some())
            .map(|p| (p.entry.month, &p.id))
            .collect();
        let mut all: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| !replaced.contains(&(e.month, &e.id)))
            .chain(plans.iter().map(|p| &p.entry))
            .collect();
        all.sort_by(|a, b| (a.month, &a.id).cmp(&(b.month, &b.id)));
        let months: BTreeSet<Month> = all
            .iter()
            .map(|e| e.month)
            .filter(|m| *m >= self.month)
            .collect();
        let mut problems: Vec<Problem> = Vec::new();
        let mut seen = HashSet::new();
        for month in months {
            let upto = all.iter().copied().take_while(|e| e.month <= month);
            if let Err(found) = Directory::fold(month, upto) {
                for p in found.0 {
                    if seen.insert(format!("{p:?}")) {
                        problems.push(p);
                    }
                }
            }
        }
        match problems.is_empty() {
            true => Ok(()),
            false => Err(problems),
        }
    }

    /// The listed partner this request is about: the same registrable domain, or the same
    /// name once normalised (case, accents, spacing and legal forms ignored).
    fn recognise(&self, request: &Request) -> Option<(PartnerId, String)> {
        let domain = crate::content::LandingUrl::parse(&request.url)
            .ok()
            .map(|u| u.domain().to_string());
        if let Some(domain) = domain
            && let Some(&i) = self.by_domain.get(&domain)
        {
            let id = self.directory.partners[i].id.clone();
            return Some((id, format!("its domain, {domain}")));
        }
        let i = *self.by_name.get(&name_key(&request.name)?)?;
        Some((self.directory.partners[i].id.clone(), "its name".to_owned()))
    }

    /// A new id from the name: stable, lower case, unique among every id the content has
    /// used and this run has planned.
    fn new_id(&self, request: &Request) -> Result<(PartnerId, Option<String>), IntakeError> {
        let base = id_of(&request.name);
        let taken = |id: &PartnerId| self.used.contains(id.as_str()) || self.planned.contains(id);
        let no_id = || IntakeError::NoId {
            name: request.name.clone(),
        };
        let first = PartnerId::parse(&base).ok_or_else(no_id)?;
        if !taken(&first) {
            return Ok((first, None));
        }
        let country = request.country.to_ascii_lowercase();
        let candidates = std::iter::once(format!("{base}-{country}"))
            .chain((2..100).map(|n| format!("{base}-{n}")));
        for candidate in candidates {
            if let Some(id) = PartnerId::parse(&candidate).filter(|id| !taken(id)) {
                let note = format!(
                    "the id `{first}` is taken by another partner's entries: this request gets \
                     `{id}` (choose another with --id)"
                );
                return Ok((id, Some(note)));
            }
        }
        Err(no_id())
    }
}

/// A field the loader would read differently from what was asked: never written.
fn misread(
    field: &'static str,
    read: Option<String>,
    asked: Option<String>,
) -> Result<(), IntakeError> {
    match read == asked {
        true => Ok(()),
        false => Err(IntakeError::Misread {
            field,
            asked: asked.unwrap_or_default(),
            read: read.unwrap_or_default(),
        }),
    }
}

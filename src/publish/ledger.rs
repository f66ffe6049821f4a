//! `Ledger`: the decisions of one month's publishing run, kept beside the content
//! (`content/published/YYYY-MM.json`), so that a published month can be rebuilt exactly,
//! without the network, and anyone can see later why a partner was or wasn't listed.

use crate::content::{Month, Teaches};
use crate::validate::{PageReport, Rule, Status, Verdict};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The `schema` value of a ledger file.
pub const SCHEMA: &str = "lpdir-ledger/1";

/// What the entry asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Request {
    /// A partner not listed before.
    New,
    /// A listed partner's new entry.
    Update,
    /// `removed: true`.
    Removal,
}

/// What was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Accepted,
    Rejected,
    Unreachable,
    Removed,
    /// A removal for a partner that was never published: there was nothing to remove.
    Withdrawn,
}

impl From<Verdict> for Outcome {
    fn from(v: Verdict) -> Outcome {
        match v {
            Verdict::Accepted => Outcome::Accepted,
            Verdict::Rejected => Outcome::Rejected,
            Verdict::Unreachable => Outcome::Unreachable,
        }
    }
}

/// A recorded value lpdir knows, or one written by another version that it does not: a
/// ledger stays readable, and the unknown value is kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Known<T> {
    Known(T),
    Other(String),
}

impl<T: PartialEq> Known<T> {
    pub fn is(&self, value: T) -> bool {
        matches!(self, Known::Known(v) if *v == value)
    }
}

/// One rule's result as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedRule {
    pub rule: Known<Rule>,
    pub status: Known<Status>,
    pub message: String,
    #[serde(default)]
    pub evidence: Vec<RecordedEvidence>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedEvidence {
    pub location: String,
    pub text: String,
}

/// The decision on one entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub id: String,
    pub partner: String,
    pub request: Request,
    pub outcome: Outcome,
    /// The `content_hash` of the entry file that was judged.
    pub hash: String,
    /// When it was judged (UTC, RFC 3339).
    pub checked_at: String,
    pub url: Option<String>,
    pub final_url: Option<String>,
    #[serde(default)]
    pub rules: Vec<RecordedRule>,
    /// What the judged page teaches (product areas, exam codes): what a published build shows
    /// for the partner, without the network.
    #[serde(default, skip_serializing_if = "Teaches::is_empty")]
    pub teaches: Teaches,
    /// Whether the page was judged as a browser rendered it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rendered: bool,
    /// How the page was seen, when there is more to say (no browser, still loading, refused
    /// requests, a failed browser).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub render_note: Option<String>,
    /// The page's screenshot, relative to the `reports` folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub screenshot: Option<String>,
}

impl Decision {
    /// Records a validator's report.
    pub fn judged(report: &PageReport, request: Request, hash: &str, checked_at: &str) -> Decision {
        let rules = report
            .rules
            .iter()
            .map(|r| RecordedRule {
                rule: Known::Known(r.rule),
                status: Known::Known(r.status),
                message: r.message.clone(),
                evidence: r
                    .evidence
                    .iter()
                    .map(|e| RecordedEvidence {
                        location: e.location.as_str().to_owned(),
                        text: e.text.clone(),
                    })
                    .collect(),
            })
            .collect();
        Decision {
            id: report.id.clone().unwrap_or_default(),
            partner: report.partner.clone(),
            request,
            outcome: report.verdict.into(),
            hash: hash.to_owned(),
            checked_at: checked_at.to_owned(),
            url: Some(report.url.clone()),
            final_url: report.final_url.clone(),
            rules,
            teaches: report.teaches.clone(),
            rendered: report.rendered,
            render_note: report.render_note.clone(),
            screenshot: report.screenshot.clone(),
        }
    }

    /// Whether the entry with this decision goes into the published directory.
    pub fn publishes(&self) -> bool {
        matches!(self.outcome, Outcome::Accepted | Outcome::Removed)
    }
}

/// One month's decisions, sorted by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    pub schema: String,
    pub month: Month,
    /// A maintainer's remark, e.g. that a ledger is sample data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub decisions: Vec<Decision>,
}

/// Why a ledger could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("`{}` is not a valid ledger: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Ledger {
    pub fn new(month: Month) -> Ledger {
        Ledger {
            schema: SCHEMA.to_owned(),
            month,
            note: None,
            decisions: Vec::new(),
        }
    }

    /// `content/published/YYYY-MM.json` below `root`.
    pub fn path(root: &Path, month: Month) -> PathBuf {
        root.join("content")
            .join("published")
            .join(format!("{month}.json"))
    }

    /// The ledger of `month`, if that month was published (or a run of it began).
    pub fn load(root: &Path, month: Month) -> Result<Option<Ledger>, LedgerError> {
        let path = Ledger::path(root, month);
        let bytes = match crate::sources::read(root, &path, 256 * 1024 * 1024) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(LedgerError::Read { path, source }),
        };
        let text = String::from_utf8_lossy(&bytes);
        let mut ledger: Ledger = serde_json::from_str(&text).map_err(|e| LedgerError::Invalid {
            path: path.clone(),
            message: e.to_string(),
        })?;
        // A hand-edited ledger may be out of order; lookups rely on the order.
        ledger.decisions.sort_by(|a, b| a.id.cmp(&b.id));
        if ledger.month != month || ledger.schema != SCHEMA {
            let message = format!(
                "it says month {} and schema {}",
                ledger.month, ledger.schema
            );
            return Err(LedgerError::Invalid { path, message });
        }
        Ok(Some(ledger))
    }

    /// Every ledger under `content/published/`, by month.
    pub fn load_all(root: &Path) -> Result<std::collections::BTreeMap<Month, Ledger>, LedgerError> {
        let dir = root.join("content").join("published");
        let mut out = std::collections::BTreeMap::new();
        // Only a missing folder means "nothing published yet": an unreadable one would
        // silently unlist every partner.
        let entries = crate::sources::list(&dir).map_err(|source| LedgerError::Read {
            path: dir.clone(),
            source,
        })?;
        for (name, _) in entries {
            let Some(month) = name
                .strip_suffix(".json")
                .and_then(|m| m.parse::<Month>().ok())
            else {
                continue;
            };
            if let Some(ledger) = Ledger::load(root, month)? {
                out.insert(month, ledger);
            }
        }
        Ok(out)
    }

    /// The decision on `id`: decisions are kept sorted by id (on load too), so this is a
    /// binary search, cheap enough for every partner of a large directory.
    pub fn decision(&self, id: &str) -> Option<&Decision> {
        self.decisions
            .binary_search_by(|d| d.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.decisions[i])
    }

    /// Records a decision, replacing an earlier one for the same id.
    pub fn record(&mut self, decision: Decision) {
        self.decisions.retain(|d| d.id != decision.id);
        self.decisions.push(decision);
        self.decisions.sort_by(|a, b| a.id.cmp(&b.id));
    }

    /// Writes the ledger to a temporary file beside it and renames it into place: an
    /// interrupted write leaves the previous ledger whole.
    pub fn save(&self, root: &Path) -> Result<(), LedgerError> {
        let path = Ledger::path(root, self.month);
        let dir = path.parent().unwrap_or(root);
        let write = |source| LedgerError::Write {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(write)?;
        let mut text =
            serde_json::to_string_pretty(self).map_err(|e| write(std::io::Error::other(e)))?;
        text.push('\n');
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(write)?;
        std::io::Write::write_all(&mut tmp, text.as_bytes()).map_err(write)?;
        tmp.as_file().sync_all().map_err(write)?;
        tmp.persist(&path).map_err(|e| write(e.error))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_typed_and_unknown_values_still_read() {
        let json = r#"{"rule":"no-competitors","status":"fail","message":"m"}"#;
        let r: RecordedRule = serde_json::from_str(json).unwrap();
        assert!(r.rule.is(Rule::NoCompetitors) && r.status.is(Status::Fail));
        let json = r#"{"rule":"a-future-rule","status":"maybe","message":"m","evidence":[]}"#;
        let r: RecordedRule = serde_json::from_str(json).unwrap();
        assert_eq!(r.rule, Known::Other("a-future-rule".into()));
        assert_eq!(r.status, Known::Other("maybe".into()));
        // Written back as read.
        assert_eq!(serde_json::to_string(&r).unwrap(), json);
    }
}

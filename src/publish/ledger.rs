//! `Ledger`: the decisions of one month's publishing run, kept beside the content
//! (`content/published/YYYY-MM.json`), so that a published month can be rebuilt exactly,
//! without the network, and anyone can see later why a partner was or wasn't listed.

use crate::content::{Month, Teaches};
use crate::validate::{PageReport, Rule, Status, Unjudged, Verdict};
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
    /// Why the rule was not judged, when it was not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unjudged: Option<Known<Unjudged>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedEvidence {
    pub location: String,
    pub text: String,
    /// Byte ranges of `text` that the rule found (see `validate::Evidence::marks`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<(usize, usize)>,
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
    /// Fields this version does not know (another version's, or a maintainer's): kept and
    /// written back as they were, never dropped by a rerun.
    #[serde(flatten)]
    pub other: std::collections::BTreeMap<String, serde_json::Value>,
}

impl RecordedRule {
    /// The rule as the page view reads it.
    pub fn line(&self) -> crate::page_view::RuleLine<'_> {
        crate::page_view::RuleLine {
            rule: match &self.rule {
                Known::Known(rule) => Ok(*rule),
                Known::Other(other) => Err(other),
            },
            status: match self.status {
                Known::Known(status) => Some(status),
                Known::Other(_) => None,
            },
            message: std::borrow::Cow::Borrowed(&self.message),
            evidence: self
                .evidence
                .iter()
                .map(|e| crate::page_view::QuoteLine {
                    place: &e.location,
                    text: &e.text,
                    marks: &e.marks,
                })
                .collect(),
            unjudged: match &self.unjudged {
                Some(Known::Known(kind)) => Some(*kind),
                _ => None,
            },
        }
    }
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
                        marks: e.marks.clone(),
                    })
                    .collect(),
                unjudged: r.unjudged.map(Known::Known),
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
            other: Default::default(),
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
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub other: std::collections::BTreeMap<String, serde_json::Value>,
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
            other: Default::default(),
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
        // Never read with replacement characters: a rerun would write them back as if they
        // had always been there.
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() + 1;
            LedgerError::Invalid {
                path: path.clone(),
                message: format!(
                    "line {line}: it is not UTF-8 (byte {at}); restore it from version control"
                ),
            }
        })?;
        let mut ledger: Ledger = serde_json::from_str(&text).map_err(|e| LedgerError::Invalid {
            path: path.clone(),
            message: e.to_string(),
        })?;
        // A hand-edited ledger may be out of order; lookups rely on the order.
        ledger.decisions.sort_by(|a, b| a.id.cmp(&b.id));
        // Two decisions for one entry would list it, or not, depending on which is read.
        if let Some(twice) = ledger.decisions.windows(2).find(|w| w[0].id == w[1].id) {
            let id = &twice[0].id;
            let needle = format!("\"id\": {}", serde_json::Value::from(id.as_str()));
            let line = text
                .match_indices(&needle)
                .nth(1)
                .map(|(at, _)| text[..at].bytes().filter(|b| *b == b'\n').count() + 1);
            let at = line.map_or(String::new(), |l| format!("line {l}: "));
            let message = format!(
                "{at}the entry `{id}` has two decisions; keep the one that is right and remove the other"
            );
            return Err(LedgerError::Invalid { path, message });
        }
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

    /// Records a decision, replacing an earlier one for the same id (whose fields lpdir does
    /// not know are carried over).
    pub fn record(&mut self, mut decision: Decision) {
        if let Some(old) = self.decisions.iter_mut().find(|d| d.id == decision.id)
            && decision.other.is_empty()
        {
            decision.other = std::mem::take(&mut old.other);
        }
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

    fn ledger_file(text: &[u8]) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("content/published")).unwrap();
        std::fs::write(root.path().join("content/published/2026-11.json"), text).unwrap();
        root
    }

    const DECISION: &str = r#"{"id": "a", "partner": "A", "request": "new", "outcome": "accepted",
        "hash": "h", "checked_at": "2026-11-18T00:00:00Z", "url": null, "final_url": null"#;

    #[test]
    fn unknown_fields_survive_a_rewrite() {
        let text = format!(
            "{{\"schema\": \"lpdir-ledger/1\", \"month\": \"2026-11\", \"signed_by\": \"M\", \
             \"decisions\": [{DECISION}, \"reviewer\": \"Ann\"}}]}}"
        );
        let root = ledger_file(text.as_bytes());
        let month = "2026-11".parse().unwrap();
        let ledger = Ledger::load(root.path(), month).unwrap().unwrap();
        ledger.save(root.path()).unwrap();
        let again = std::fs::read_to_string(Ledger::path(root.path(), month)).unwrap();
        assert!(again.contains("\"signed_by\": \"M\""), "{again}");
        assert!(again.contains("\"reviewer\": \"Ann\""), "{again}");
    }

    #[test]
    fn invalid_utf8_and_duplicate_ids_are_refused_with_the_file_and_line() {
        let month = "2026-11".parse().unwrap();
        let mut bytes = format!(
            "{{\"schema\": \"lpdir-ledger/1\", \"month\": \"2026-11\",\n\"decisions\": [{DECISION}, \"note\": \""
        )
        .into_bytes();
        bytes.extend_from_slice(b"\xff\"}]}");
        let root = ledger_file(&bytes);
        let e = Ledger::load(root.path(), month).unwrap_err().to_string();
        assert!(
            e.contains("2026-11.json") && e.contains("line 3: it is not UTF-8"),
            "{e}"
        );
        let text = format!(
            "{{\"schema\": \"lpdir-ledger/1\", \"month\": \"2026-11\", \"decisions\": [\n{DECISION}}},\n{DECISION}}}]}}"
        );
        let root = ledger_file(text.as_bytes());
        let e = Ledger::load(root.path(), month).unwrap_err().to_string();
        assert!(
            e.contains("2026-11.json") && e.contains("the entry `a` has two decisions"),
            "{e}"
        );
        assert!(e.contains("line 4:"), "{e}");
    }

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

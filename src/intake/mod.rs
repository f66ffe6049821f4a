//! Intake: a partner's request (display name, country, landing URL, and the optional facts)
//! turned into an entry file, or a removal, in the month's folder (`lpdir add`, `lpdir
//! remove`, `lpdir add --from requests.csv`).
//!
//! A request is emitted as YAML by the serializer and read back by the loader's own parser
//! before anything is written: it gets the loader's located messages, and what lands is what
//! was asked (`planner`). Whether it is a new partner or an update is decided against the
//! directory folded up to the month. Files land whole (`staging`): a backlog all or nothing,
//! even across a crash.

mod bulk;
mod planner;
mod request;
mod staging;
mod yaml;

pub use bulk::{Backlog, COLUMNS, read_csv};
pub use planner::Planner;
pub use request::{Kind, Plan, Request};
pub use staging::{STAGING, recover, write_all};
pub use yaml::Field;

use crate::content::Problem;
use std::path::PathBuf;

/// Why a request cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    /// The entry would not load: the loader's own problems, each with the request's field
    /// it is about (the entry file was never written, so its lines mean nothing to the user).
    #[error("the request is not a valid entry")]
    Invalid { problems: Vec<FieldProblem> },
    #[error("`{id}` already has a request in {month}: {}", file.display())]
    AlreadyRequested {
        id: String,
        month: String,
        file: PathBuf,
    },
    #[error("`{id}` is not listed as of {month}")]
    NotListed {
        id: String,
        month: String,
        suggestion: Option<String>,
    },
    #[error("`{id}`'s request for {month} was judged in that month's publishing run already")]
    AlreadyJudged { id: String, month: String },
    #[error("`{id}` is already requested by an earlier row of this file")]
    RequestedTwice { id: String },
    #[error("the entry would be {bytes} bytes, more than the {limit} bytes an entry may have")]
    TooLarge { bytes: u64, limit: u64 },
    #[error("the {field} would be read back as `{read}`, not `{asked}`")]
    Misread {
        field: &'static str,
        asked: String,
        read: String,
    },
    #[error("no partner id can be made from the name `{name}`")]
    NoId { name: String },
    #[error("cannot write `{}`: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A problem of a request's entry, and the field of the request it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldProblem {
    /// `None`: about the entry as a whole, or about the directory it joins.
    pub field: Option<Field>,
    pub problem: Problem,
}

impl FieldProblem {
    pub fn whole(problem: Problem) -> FieldProblem {
        FieldProblem {
            field: None,
            problem,
        }
    }
}

impl IntakeError {
    /// What the user can do about it.
    pub fn help(&self) -> Option<String> {
        match self {
            IntakeError::Invalid { .. } => None,
            IntakeError::AlreadyRequested { file, .. } => Some(format!(
                "one request per partner and month: to take this one instead, run the command \
                 again with --replace, or edit {}",
                file.display()
            )),
            IntakeError::NotListed {
                suggestion: Some(s),
                ..
            } => Some(format!("did you mean `{s}`?")),
            IntakeError::NotListed { .. } => {
                Some("give the id of a listed partner (its entry file's name)".into())
            }
            IntakeError::NoId { .. } => Some(
                "give the partner's name in letters or digits, or choose an id with --id".into(),
            ),
            IntakeError::RequestedTwice { .. } => Some("keep one row per partner and month".into()),
            IntakeError::AlreadyJudged { .. } => {
                Some("a new request belongs to the next month: give --month for it".into())
            }
            IntakeError::TooLarge { .. } => Some(
                "shorten the longest value (a description or reason is a sentence or two); \
                 the limit is `max_entry_bytes` in lpdir.toml"
                    .into(),
            ),
            IntakeError::Misread { .. } => Some(
                "this is lpdir's fault, not the request's: report it, and write the entry by hand"
                    .into(),
            ),
            IntakeError::Io { .. } => Some("check that the month's folder is writable".into()),
        }
    }
}

//! Intake: a partner's request (display name, country, landing URL, and the optional facts)
//! turned into an entry file, or a removal, in the month's folder (`lpdir add`, `lpdir
//! remove`, `lpdir add --from requests.csv`).
//!
//! A request is written as the YAML a maintainer would write and checked by the loader's own
//! parser, so it gets the same located messages; whether it is a new partner or an update is
//! decided against the directory folded up to the month.

mod bulk;
mod request;

pub use bulk::{COLUMNS, read_csv};
pub use request::{Kind, Plan, Request, plan, plan_removal, write};

use crate::content::Problem;
use std::path::PathBuf;

/// Why a request cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    /// The entry would not load: the loader's own problems, located in the entry's text.
    #[error("the request is not a valid entry")]
    Invalid { problems: Vec<Problem> },
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
    #[error("no partner id can be made from the name `{name}`")]
    NoId { name: String },
    #[error("cannot write `{}`: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl IntakeError {
    /// What the user can do about it.
    pub fn help(&self) -> Option<String> {
        match self {
            IntakeError::Invalid { .. } => None,
            IntakeError::AlreadyRequested { file, .. } => Some(format!(
                "edit {} instead: one request per partner and month",
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
            IntakeError::Io { .. } => Some("check that the month's folder is writable".into()),
        }
    }
}

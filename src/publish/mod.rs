//! The monthly publishing run and the published directory.
//!
//! A run judges the month's entries with the validator and records each decision in a
//! ledger beside the content; builds list only what the ledgers accepted, so a published
//! month can be rebuilt byte for byte later, without the network. `build` renders the
//! directory the ledgers (or the drafts) say.

mod build;
mod ledger;
pub mod published;
mod report;
mod run;
pub mod schedule;

pub use build::{BuildOptions, build};
pub use ledger::{
    Decision, Known, Ledger, LedgerError, Outcome, RecordedEvidence, RecordedRule, Request,
};
pub use published::Scope;
pub use report::Summary;
pub use run::{PublishError, PublishOptions, PublishOutcome, run};

//! Judging landing pages against the directory's four rules.
//!
//! `Validator` fetches each page with the guarded `Fetcher`, parses it once into a `Document`
//! off the async reactor, and has the `Judge` evaluate every rule on it, with evidence.

pub mod decode;
pub mod document;
mod evidence;
pub mod fetch;
pub mod guard;
#[cfg(test)]
mod guard_table;
mod message;
pub mod month;
pub mod network;
pub mod parse;
pub mod plan;
pub mod render;
mod resolver;
pub mod rules;
pub mod self_check;
pub mod teaches;
pub mod validator;
pub mod verdict;
pub mod vocabulary;

/// Text folding and whole-word matching, shared with the content checks.
pub use crate::text;
pub use document::{Document, Place};
pub use evidence::pieces as evidence_pieces;
pub use fetch::{FetchError, Fetcher};
pub use message::{Key as MessageKey, Message, Value as MessageValue};
pub use network::{NetworkSettings, Pin};
pub use parse::{Bounds, TooComplex};
pub use render::{RenderMode, Rendering};
pub use rules::{Inspector, Judge, Rival, Subject};
pub use self_check::{Request, RequestError, SelfCheck};
pub use validator::{Candidate, Timings, Validator};
pub use verdict::{Evidence, PageReport, Rule, RuleResult, Status, Unjudged, Verdict};
pub use vocabulary::{Competitor, Vocabulary};

//! Judging landing pages against the directory's four rules.
//!
//! `Validator` fetches each page with the guarded `Fetcher`, parses it once into a `Document`
//! off the async reactor, and has the `Judge` evaluate every rule on it, with evidence.
//!
//! Two layers below it: `net/` reaches pages (the address guard and its resolver, the
//! fetcher, body decoding, the crawl plan, and the browser that renders behind the guard);
//! `analysis/` judges what was reached (parsing, the document, the vocabulary, the rules,
//! what a partner teaches, evidence, and the verdicts and messages that say it). Analysis never
//! touches the network, and the network layer uses analysis only for its words and bounds.

mod analysis;
pub mod month;
mod net;
pub mod plan;
mod self_check;
mod validator;

// Inside the crate, each part by its name; outside it, the items re-exported below.
pub(crate) use analysis::{document, parse, rules, verdict, vocabulary};
pub(crate) use net::{decode, fetch, guard, network, render};

pub use analysis::evidence::pieces as evidence_pieces;
pub use analysis::message::{Key as MessageKey, Message, Value as MessageValue};
pub use decode::decode_html;
pub use document::{Document, Place};
pub use fetch::{FetchError, Fetcher, use_ring_provider};
pub use guard::classify as classify_address;
pub use network::{NetworkSettings, Pin};
pub use parse::{Bounds, TooComplex};
// The DevTools connection is public for the tests' browser harness, which drives its own
// Chromium with it (tests/common/browser.rs): one DevTools client in the codebase.
pub use render::{Cdp, CdpError, CdpEvent};
pub use render::{RenderMode, RenderStats, Renderer, Rendering, find_browser};
pub use rules::{Fetch, Inspector, Judge, Rival, Subject};
pub use self_check::{Request, RequestError, SelfCheck};
pub use validator::{Candidate, Timings, Validator};
pub use verdict::{Evidence, PageReport, Rule, RuleResult, Status, Unjudged, Verdict};
pub use vocabulary::{Competitor, Vocabulary};

//! Judging what was reached, with no network: parsing a page with bounds (`parse`) into a
//! `Document`, the words lpdir knows (`vocabulary`), the four rules (`rules`), what a partner
//! teaches (`teaches`), the quotes a person can check (`evidence`), and the results that say
//! it all (`verdict`, `message`).

pub mod document;
pub mod evidence;
pub mod message;
pub mod parse;
pub mod rules;
pub mod teaches;
pub mod verdict;
pub mod vocabulary;

//! lpdir builds and guards the Microsoft Learning Partner directory. `ARCHITECTURE.md` at the
//! repository's root tells how the modules below depend on each other and which invariants
//! they keep.
//!
//! - [`content`] loads and validates the partner entries and pages;
//! - [`validate`] fetches landing pages behind the address guard and judges the four rules;
//! - [`page_view`] is one page's result as a person reads it, for every output to format;
//! - [`publish`] runs the month: the ledger, the report for partners, the published build;
//! - [`config`] reads `lpdir.toml` into typed settings;
//! - [`diagnostics`] renders located problems for people, compiler-style;
//! - [`i18n`] holds the interface strings of each language;
//! - [`site_root`] loads a site's sources (configuration, translations, content) as one;
//! - [`site`] renders a directory as a static site;
//! - [`preview`] serves a built site locally, and the maintainers' live preview;
//! - [`http_server`] is the accept loop both servers use: connection caps, header timeouts;
//! - [`service`] is the partner self-check web service;
//! - [`sources`] reads the site root's own files safely;
//! - [`text`] folds names and text one way for every comparison;
//! - [`printable`] makes outside text safe for terminals, Markdown and spreadsheets;
//! - [`init`] starts a new directory (`lpdir init`);
//! - [`intake`] turns partners' requests into entry files (`lpdir add`, `lpdir remove`);
//!
//! The command line on top of them is the binary's (`src/main.rs`, `src/cli/`).

pub mod config;
pub mod content;
pub mod diagnostics;
pub mod http_server;
pub mod i18n;
pub mod init;
pub mod intake;
pub mod page_view;
pub mod preview;
pub mod printable;
pub mod publish;
pub mod service;
pub mod site;
pub mod site_root;
pub mod sources;
pub mod text;
pub mod validate;

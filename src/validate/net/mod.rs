//! Reaching landing pages: the address guard (`guard`, with its resolver), the guarded
//! `Fetcher`, decoding bodies, and the browser that renders pages with every
//! request it makes passing the same guard (`render`).

pub mod decode;
pub mod fetch;
pub mod guard;
#[cfg(test)]
mod guard_table;
pub mod network;
pub mod render;
mod resolver;

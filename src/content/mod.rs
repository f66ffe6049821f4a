//! Loading the site's content: partner entries by month, and markdown pages.
//!
//! This is the only part of lpdir that knows YAML (in `yaml`). Everything it hands out is
//! typed and validated; everything wrong is a located `Problem`.

mod code_table;
mod country;
mod delivery;
mod directory;
mod domain;
mod entry;
mod error;
mod landing_url;
mod language_code;
mod level;
mod loader;
mod month;
mod page;
mod partner_id;
pub mod schema;
mod teaches;
mod yaml;

pub use country::CountryCode;
pub use delivery::Delivery;
pub use directory::{Directory, MonthChanges, Partner};
pub use domain::Domain;
pub use entry::{
    About, Change, DESCRIPTION_MAX, Entry, FIELDS, Listing, content_hash, content_hash_bytes,
    parse as parse_entry,
};
pub use error::{ContentError, Location, Problem, Problems};
pub use landing_url::{LandingUrl, Malformed, UrlProblem};
pub use language_code::LanguageCode;
pub use level::Level;
pub use loader::{Content, LoadOptions, load, load_entry, read_text};
pub use month::{Day, Month, MonthParseError};
pub use page::{Page, RESERVED as RESERVED_FOLDERS};
pub use partner_id::{PartnerId, slugify};
pub use teaches::{Area, Teaches};

//! The directory as data for reuse: `directory.json` and `directory.csv`.
//!
//! Both are sorted by partner id. Their columns are documented in docs/output.md and only ever
//! grow: new fields are added at the end, none is renamed or removed.

use super::SiteError;
use crate::content::{Directory, Level};
use serde::Serialize;

/// The `schema` value of `directory.json`; bumped only on an incompatible change.
pub const SCHEMA: &str = "lpdir-directory/1";

#[derive(Serialize)]
struct JsonDirectory<'a> {
    schema: &'static str,
    month: String,
    next_update: String,
    count: usize,
    partners: Vec<JsonPartner<'a>>,
}

#[derive(Serialize)]
struct JsonPartner<'a> {
    id: &'a str,
    name: &'a str,
    country: &'a str,
    country_name: &'static str,
    landing_url: &'a str,
    level: Option<&'static str>,
    domains: Vec<String>,
    aliases: &'a [String],
    listed_since: String,
    updated: String,
    /// What the partner's accepted landing page teaches: area slugs and exam codes.
    teaches: &'a crate::content::Teaches,
    city: Option<&'a str>,
    /// ISO 639-1 codes.
    languages: &'a [crate::content::LanguageCode],
    delivery: &'a [crate::content::Delivery],
    description: Option<&'a str>,
}

fn rows(directory: &Directory) -> Vec<JsonPartner<'_>> {
    directory
        .partners
        .iter()
        .map(|p| JsonPartner {
            id: p.id.as_str(),
            name: &p.listing.name,
            country: p.listing.country.as_str(),
            country_name: p.listing.country.english_name(),
            landing_url: p.listing.landing_url.as_str(),
            level: p.listing.level.map(Level::as_str),
            domains: p
                .listing
                .owned_domains()
                .iter()
                .map(ToString::to_string)
                .collect(),
            aliases: &p.listing.aliases,
            listed_since: p.listed_since.to_string(),
            updated: p.updated.to_string(),
            teaches: &p.teaches,
            city: p.listing.about.city.as_deref(),
            languages: &p.listing.about.languages,
            delivery: &p.listing.about.delivery,
            description: p.listing.about.description.as_deref(),
        })
        .collect()
}

/// `directory.json` and `directory.csv`, from one pass over the partners.
pub fn json_and_csv(directory: &Directory) -> Result<(Vec<u8>, Vec<u8>), SiteError> {
    let partners = rows(directory);
    let csv = csv(&partners)?;
    let doc = JsonDirectory {
        schema: SCHEMA,
        month: directory.month.to_string(),
        next_update: directory.month.next_update().to_string(),
        count: directory.partners.len(),
        partners,
    };
    let mut json = serde_json::to_vec_pretty(&doc).map_err(|e| SiteError::Data(e.to_string()))?;
    json.push(b'\n');
    Ok((json, csv))
}

use crate::printable::csv_cell;

/// The UTF-8 byte-order mark: spreadsheet programs that guess the encoding from the locale
/// (Excel on Windows) read the file as UTF-8 only with it; CSV libraries skip it.
const BOM: &[u8] = b"\xEF\xBB\xBF";

fn csv(partners: &[JsonPartner]) -> Result<Vec<u8>, SiteError> {
    let mut w = csv::Writer::from_writer(BOM.to_vec());
    let err = |e: csv::Error| SiteError::Data(e.to_string());
    w.write_record([
        "id",
        "name",
        "country",
        "country_name",
        "landing_url",
        "level",
        "domains",
        "aliases",
        "listed_since",
        "updated",
        "areas",
        "exams",
        "city",
        "languages",
        "delivery",
        "description",
    ])
    .map_err(err)?;
    for p in partners {
        // Names and aliases are the partners' own text: neutralised against spreadsheet
        // formulas. The other cells are validated (ids, codes, URLs, dates).
        let aliases = p.aliases.join(" | ");
        w.write_record([
            p.id,
            &csv_cell(p.name),
            p.country,
            p.country_name,
            p.landing_url,
            p.level.unwrap_or(""),
            &p.domains.join(" "),
            &csv_cell(&aliases),
            &p.listed_since,
            &p.updated,
            &joined(&p.teaches.areas),
            &p.teaches.exams.join(" "),
            &csv_cell(p.city.unwrap_or("")),
            &joined(p.languages),
            &joined(p.delivery),
            &csv_cell(p.description.unwrap_or("")),
        ])
        .map_err(err)?;
    }
    w.into_inner().map_err(|e| SiteError::Data(e.to_string()))
}

/// Values separated by spaces, for the CSV.
fn joined<T: std::fmt::Display>(values: &[T]) -> String {
    let texts: Vec<String> = values.iter().map(ToString::to_string).collect();
    texts.join(" ")
}

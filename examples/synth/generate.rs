//! Deterministic synthetic content for benchmarks: N entry files over 12 months in about
//! 60 countries, with updates and removals, like a large real directory would have.

use lpdir::content::{Area, Month, Teaches, content_hash};
use lpdir::publish::{Decision, Ledger, Outcome, Request};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

const COUNTRIES: &[&str] = &[
    "NL", "BE", "DE", "FR", "GB", "US", "CA", "IN", "JP", "BR", "ZA", "AU", "NO", "SE", "DK", "FI",
    "ES", "IT", "PT", "PL", "CZ", "AT", "CH", "IE", "MX", "AR", "CL", "CO", "PE", "NZ", "SG", "MY",
    "TH", "VN", "ID", "PH", "KR", "TW", "HK", "CN", "AE", "SA", "EG", "MA", "NG", "KE", "GH", "TR",
    "GR", "RO", "HU", "BG", "HR", "SI", "SK", "LT", "LV", "EE", "IS", "LU",
];
const WORDS: &[&str] = &[
    "Contoso",
    "Fabrikam",
    "Northwind",
    "Tailspin",
    "Wingtip",
    "Litware",
    "Proseware",
    "Woodgrove",
    "Coho",
    "Lamna",
    "Relecloud",
    "Adatum",
    "Alpine",
    "Blue",
    "Cloud",
    "Nordic",
    "Skyline",
    "Summit",
    "Bright",
    "Cedar",
];
const KINDS: &[&str] = &[
    "Learning",
    "Academy",
    "Training",
    "Skills",
    "Institute",
    "Labs",
    "College",
];
const LEVELS: &[&str] = &["action-pack", "silver", "gold"];
const CITIES: &[&str] = &[
    "Amsterdam",
    "Berlin",
    "Paris",
    "London",
    "Toronto",
    "Sydney",
    "Mumbai",
    "Osaka",
    "São Paulo",
    "Oslo",
    "Madrid",
    "Milano",
];
const LANGUAGES: &[&str] = &["en", "nl", "de", "fr", "es", "pt", "it", "ja", "pl", "sv"];
const DELIVERY: &[&str] = &["classroom", "virtual", "on-site"];
const EXAMS: &[(&str, Area)] = &[
    ("AZ-104", Area::Azure),
    ("AZ-900", Area::Azure),
    ("AZ-305", Area::Azure),
    ("MS-102", Area::Microsoft365),
    ("MB-800", Area::Dynamics365),
    ("PL-300", Area::PowerPlatform),
    ("SC-200", Area::Security),
    ("DP-600", Area::DataAi),
    ("AI-102", Area::DataAi),
];

/// A small deterministic generator (SplitMix64), so the same arguments give the same files.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Writes `entries` entry files (about 94% additions, 5% updates, 1% removals) under `root`,
/// and with `ledgers`, the ledgers of a publishing run that accepted every one of them, each
/// page teaching a few areas and exams: a published build then looks like a real one.
pub fn generate(root: &Path, entries: usize, ledgers: bool) -> std::io::Result<()> {
    let mut rng = Rng(entries as u64);
    std::fs::create_dir_all(root)?;
    std::fs::write(
        root.join("lpdir.toml"),
        "base_url = \"https://partners.example.org/\"\nlanguages = [\"en\", \"nl\"]\n",
    )?;
    std::fs::write(
        root.join("content/_index.md").tap_parent()?,
        "---\ntitle: Directory\n---\n# Find a Microsoft Learning Partner\n\nSynthetic content for benchmarks.\n",
    )?;
    let mut listed: Vec<usize> = Vec::new();
    let mut months: BTreeMap<Month, Ledger> = BTreeMap::new();
    let mut next_id = 0usize;
    for i in 0..entries {
        let month = format!("2026-{:02}", i * 12 / entries.max(1) + 1);
        let dir = root.join("content/partners").join(&month);
        std::fs::create_dir_all(&dir)?;
        let roll = rng.next() % 100;
        let (id, body, request) = if roll == 0 && listed.len() > 10 {
            let id = listed.swap_remove((rng.next() % listed.len() as u64) as usize);
            let body = "removed: true\nreason: Left the programme\n".to_owned();
            (id, body, Request::Removal)
        } else if roll < 6 && listed.len() > 10 {
            let id = listed[(rng.next() % listed.len() as u64) as usize];
            (id, listing(&mut rng, id, "updated"), Request::Update)
        } else {
            let id = next_id;
            next_id += 1;
            listed.push(id);
            (id, listing(&mut rng, id, "microsoft"), Request::New)
        };
        // Two entries for one id in the same month would overwrite each other; skip those.
        let path = dir.join(format!("partner-{id}.yaml"));
        if !path.exists() {
            let teaches = teaches(&mut rng);
            std::fs::write(path, &body)?;
            let month: Month = month.parse().map_err(std::io::Error::other)?;
            let ledger = months.entry(month).or_insert_with(|| Ledger::new(month));
            ledger.record(decision(id, &body, request, teaches));
        }
    }
    if ledgers {
        for ledger in months.values() {
            ledger.save(root).map_err(std::io::Error::other)?;
        }
    }
    Ok(())
}

/// What an accepted page taught: one to three areas, and up to three exams of them.
fn teaches(rng: &mut Rng) -> Teaches {
    let picks = 1 + rng.next() % 4;
    let mut areas = Vec::new();
    let mut exams = Vec::new();
    for _ in 0..picks {
        let (exam, area) = EXAMS[(rng.next() % EXAMS.len() as u64) as usize];
        areas.push(area);
        if !rng.next().is_multiple_of(3) {
            exams.push(exam.to_owned());
        }
    }
    Teaches::new(areas, exams)
}

fn decision(id: usize, body: &str, request: Request, teaches: Teaches) -> Decision {
    let removal = request == Request::Removal;
    let url = format!("https://www.partner-{id}.com/microsoft");
    Decision {
        id: format!("partner-{id}"),
        partner: format!("partner {id}"),
        request,
        outcome: if removal {
            Outcome::Removed
        } else {
            Outcome::Accepted
        },
        hash: content_hash(body),
        checked_at: "2026-01-18T00:00:00Z".into(),
        url: (!removal).then(|| url.clone()),
        final_url: (!removal).then_some(url),
        rules: Vec::new(),
        teaches: if removal { Teaches::default() } else { teaches },
        rendered: false,
        render_note: None,
        screenshot: None,
        other: Default::default(),
    }
}

fn listing(rng: &mut Rng, id: usize, page: &str) -> String {
    let mut s = String::new();
    let name = format!("{} {} {id}", rng.pick(WORDS), rng.pick(KINDS));
    let _ = writeln!(s, "name: {name}");
    let _ = writeln!(s, "country: {}", rng.pick(COUNTRIES));
    let _ = writeln!(s, "landing_url: https://www.partner-{id}.com/{page}");
    if rng.next().is_multiple_of(3) {
        let _ = writeln!(s, "aliases:\n  - {name} Ltd");
    }
    let _ = writeln!(s, "level: {}", rng.pick(LEVELS));
    // The optional facts, as most partners would give them.
    if !rng.next().is_multiple_of(4) {
        let _ = writeln!(s, "city: {}", rng.pick(CITIES));
        let first = rng.pick(LANGUAGES);
        let _ = writeln!(s, "languages:\n  - {first}");
        if first != "en" && rng.next().is_multiple_of(2) {
            let _ = writeln!(s, "  - en");
        }
        let _ = writeln!(s, "delivery:\n  - {}", rng.pick(DELIVERY));
    }
    if rng.next().is_multiple_of(3) {
        let _ = writeln!(
            s,
            "description: Microsoft training for teams, online and in {}.",
            rng.pick(CITIES)
        );
    }
    s
}

trait TapParent {
    fn tap_parent(self) -> std::io::Result<std::path::PathBuf>;
}

impl TapParent for std::path::PathBuf {
    /// Creates the path's parent folder and gives the path back.
    fn tap_parent(self) -> std::io::Result<std::path::PathBuf> {
        if let Some(p) = self.parent() {
            std::fs::create_dir_all(p)?;
        }
        Ok(self)
    }
}

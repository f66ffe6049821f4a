//! `Teaches`: what a partner teaches, as its accepted landing page says: Microsoft product
//! areas and exam codes. The validator finds them; the ledger records them; builds show them.

use serde::{Deserialize, Serialize};

/// A Microsoft product area, the directory's facet for "what do they teach".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    Azure,
    #[serde(rename = "microsoft-365")]
    Microsoft365,
    #[serde(rename = "dynamics-365")]
    Dynamics365,
    PowerPlatform,
    Security,
    DataAi,
    Developer,
}

impl Area {
    pub const ALL: [Area; 7] = [
        Area::Azure,
        Area::Microsoft365,
        Area::Dynamics365,
        Area::PowerPlatform,
        Area::Security,
        Area::DataAi,
        Area::Developer,
    ];

    /// The spelling in data files and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Area::Azure => "azure",
            Area::Microsoft365 => "microsoft-365",
            Area::Dynamics365 => "dynamics-365",
            Area::PowerPlatform => "power-platform",
            Area::Security => "security",
            Area::DataAi => "data-ai",
            Area::Developer => "developer",
        }
    }
}

impl std::fmt::Display for Area {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The areas and exam codes a page names, each sorted and distinct.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Teaches {
    #[serde(default)]
    pub areas: Vec<Area>,
    /// Exam codes such as `AZ-104`, upper case.
    #[serde(default)]
    pub exams: Vec<String>,
}

impl Teaches {
    pub fn new(mut areas: Vec<Area>, mut exams: Vec<String>) -> Teaches {
        areas.sort_unstable();
        areas.dedup();
        exams.sort_unstable();
        exams.dedup();
        Teaches { areas, exams }
    }

    pub fn is_empty(&self) -> bool {
        self.areas.is_empty() && self.exams.is_empty()
    }
}

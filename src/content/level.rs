//! `Level`: a partner's programme level.

/// The programme level a partner holds, shown in the directory and used as a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    ActionPack,
    Silver,
    Gold,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::ActionPack, Level::Silver, Level::Gold];

    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// The spelling used in entries, data files and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::ActionPack => "action-pack",
            Level::Silver => "silver",
            Level::Gold => "gold",
        }
    }
}

impl serde::Serialize for Level {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

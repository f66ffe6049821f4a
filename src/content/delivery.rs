//! `Delivery`: how a partner delivers its training.

/// A way of delivering training, shown on the partner's page and used as a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Delivery {
    Classroom,
    Virtual,
    OnSite,
}

impl Delivery {
    pub const ALL: [Delivery; 3] = [Delivery::Classroom, Delivery::Virtual, Delivery::OnSite];

    pub fn parse(s: &str) -> Option<Delivery> {
        Delivery::ALL.into_iter().find(|d| d.as_str() == s)
    }

    /// The spelling used in entries, data files and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Classroom => "classroom",
            Delivery::Virtual => "virtual",
            Delivery::OnSite => "on-site",
        }
    }
}

impl serde::Serialize for Delivery {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Delivery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

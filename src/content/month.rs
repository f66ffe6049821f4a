//! `Month`: a calendar month, the unit of the directory's publishing cycle.

use std::fmt;
use std::str::FromStr;

/// A calendar month such as `2026-11`, written `YYYY-MM` in folder names and flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: u16,
    month: u8,
}

/// Why a text is not a `YYYY-MM` month.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a month written as YYYY-MM (for example 2026-11)")]
pub struct MonthParseError(pub String);

impl Month {
    /// Builds a month; `month` is 1 to 12.
    pub fn new(year: u16, month: u8) -> Option<Month> {
        ((1..=12).contains(&month) && (1000..=9999).contains(&year))
            .then_some(Month { year, month })
    }

    pub fn year(self) -> u16 {
        self.year
    }

    /// The month of the year, 1 to 12.
    pub fn number(self) -> u8 {
        self.month
    }

    /// The month after this one.
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The month before this one.
    pub fn previous(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// The day the update for this month's requests is visible at the latest: requests are
    /// handled in the third week of a month and go live by the end of the first week of the
    /// next, so the 7th of the following month.
    pub fn next_update(self) -> Day {
        Day {
            month: self.next(),
            day: 7,
        }
    }

    /// The first day of the month, as an RFC 3339 timestamp at midnight UTC.
    pub fn start_rfc3339(self) -> String {
        format!("{self}-01T00:00:00Z")
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = MonthParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || MonthParseError(s.to_owned());
        let (y, m) = s.split_once('-').ok_or_else(err)?;
        let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(y, 4) || !digits(m, 2) {
            return Err(err());
        }
        Month::new(y.parse().map_err(|_| err())?, m.parse().map_err(|_| err())?).ok_or_else(err)
    }
}

impl serde::Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A day of a month, used for the "next update" date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    pub month: Month,
    pub day: u8,
}

impl Day {
    /// The day of a UTC time as lpdir writes it (`2026-11-18T09:12:44Z`).
    pub fn from_rfc3339(text: &str) -> Option<Day> {
        let month: Month = text.get(..7)?.parse().ok()?;
        if text.as_bytes().get(7) != Some(&b'-') {
            return None;
        }
        let day: u8 = text.get(8..10)?.parse().ok()?;
        (1..=31).contains(&day).then_some(Day { month, day })
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_displays() {
        let m: Month = "2026-11".parse().unwrap();
        assert_eq!(m.to_string(), "2026-11");
        assert_eq!(m.next().to_string(), "2026-12");
        assert_eq!(m.next().next().to_string(), "2027-01");
        assert_eq!(m.next_update().to_string(), "2026-12-07");
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "2026-13",
            "2026-00",
            "2026-1",
            "26-11",
            "2026_11",
            "2026-11-01",
            "",
            "abcd-ef",
        ] {
            assert!(bad.parse::<Month>().is_err(), "{bad}");
        }
    }

    #[test]
    fn orders_chronologically() {
        let a: Month = "2025-12".parse().unwrap();
        let b: Month = "2026-01".parse().unwrap();
        assert!(a < b);
    }
}

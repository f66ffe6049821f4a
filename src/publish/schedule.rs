//! The monthly schedule: requests are handled in the third week of a month (days 15–21) and
//! the update is visible by the end of the first week of the next.

use crate::content::{Day, Month};
use std::time::{SystemTime, UNIX_EPOCH};

/// The first and last day of the third week.
pub const THIRD_WEEK: std::ops::RangeInclusive<u8> = 15..=21;

/// Today in UTC, or the `LPDIR_TODAY` (YYYY-MM-DD) override, which lets a maintainer rehearse
/// a run and tests pin the date.
pub fn today() -> Day {
    clock().0
}

/// Now as RFC 3339 UTC, for the ledger's `checked_at`. `LPDIR_TODAY` stands for the whole
/// program's today: a dry run or a regeneration of the sample ledgers dated in the third
/// week records checks at that day's midnight.
pub fn now_rfc3339() -> String {
    let (day, s) = clock();
    format!("{day}T{:02}:{:02}:{:02}Z", s / 3600, s % 3600 / 60, s % 60)
}

/// Today and the seconds since its midnight (UTC): `LPDIR_TODAY`'s midnight when set.
fn clock() -> (Day, u64) {
    if let Some(day) = std::env::var("LPDIR_TODAY")
        .ok()
        .and_then(|s| parse_day(&s))
    {
        return (day, 0);
    }
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (civil_day((secs / 86_400) as i64), secs % 86_400)
}

/// Whether `today` lies in the third week of `month`.
pub fn in_run_window(month: Month, today: Day) -> bool {
    today.month == month && THIRD_WEEK.contains(&today.day)
}

fn parse_day(s: &str) -> Option<Day> {
    let (m, d) = s.rsplit_once('-')?;
    let day: u8 = d.parse().ok()?;
    (1..=31).contains(&day).then_some(Day {
        month: m.parse().ok()?,
        day,
    })
}

/// The calendar day of a count of days since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_day(days: i64) -> Day {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    Day {
        month: Month::new(year, month)
            .unwrap_or_else(|| Month::new(1970, 1).expect("a valid month")),
        day,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days() {
        assert_eq!(civil_day(0).to_string(), "1970-01-01");
        assert_eq!(civil_day(20_415).to_string(), "2025-11-23");
        assert_eq!(civil_day(19_782).to_string(), "2024-02-29");
    }

    #[test]
    fn the_third_week_only() {
        let m: Month = "2026-11".parse().unwrap();
        assert!(in_run_window(m, parse_day("2026-11-15").unwrap()));
        assert!(in_run_window(m, parse_day("2026-11-21").unwrap()));
        assert!(!in_run_window(m, parse_day("2026-11-22").unwrap()));
        assert!(!in_run_window(m, parse_day("2026-12-18").unwrap()));
    }
}

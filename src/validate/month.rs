//! The stable JSON format of `lpdir validate`: a month's page reports and their tally.

use super::verdict::{PageReport, Verdict};
use crate::content::Month;
use serde::Serialize;

/// The stable JSON format of `lpdir validate`.
#[derive(Debug, Serialize)]
pub struct MonthReport {
    pub month: Month,
    pub summary: Summary,
    pub entries: Vec<PageReport>,
}

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub accepted: usize,
    pub rejected: usize,
    pub unreachable: usize,
}

impl Summary {
    pub fn of(reports: &[PageReport]) -> Summary {
        let count = |v| reports.iter().filter(|r| r.verdict == v).count();
        Summary {
            accepted: count(Verdict::Accepted),
            rejected: count(Verdict::Rejected),
            unreachable: count(Verdict::Unreachable),
        }
    }
}

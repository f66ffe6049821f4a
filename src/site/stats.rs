//! The statistics page: partners per country and per area, changes per month. Charts are
//! inline SVG made here at build time (no script, no request); the same numbers stand in a
//! table beside each chart for screen readers and for copying.

use super::escape_html;
use super::view::LanguageView;
use crate::content::{Area, Directory};
use serde::Serialize;
use std::fmt::Write as _;

#[derive(Serialize)]
pub struct Stats {
    pub by_country: Chart,
    pub by_area: Chart,
    pub by_month: Vec<MonthRow>,
    pub by_month_svg: String,
}

#[derive(Serialize)]
pub struct Chart {
    pub rows: Vec<Bar>,
    pub svg: String,
}

#[derive(Serialize)]
pub struct Bar {
    pub name: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct MonthRow {
    pub month: String,
    pub added: usize,
    pub removed: usize,
}

impl Stats {
    pub fn of(directory: &Directory, view: &LanguageView) -> Stats {
        let language = view.language;
        let mut countries: Vec<Bar> = view
            .countries
            .iter()
            .map(|c| Bar {
                name: c.name.to_owned(),
                count: c.count,
            })
            .collect();
        // Largest first; the country list's order (by name) breaks ties.
        countries.sort_by_key(|c| std::cmp::Reverse(c.count));
        let areas: Vec<Bar> = Area::ALL
            .iter()
            .map(|a| Bar {
                name: language.strings.areas.name(*a).to_owned(),
                count: directory
                    .partners
                    .iter()
                    .filter(|p| p.teaches.areas.contains(a))
                    .count(),
            })
            .filter(|b| b.count > 0)
            .collect();
        let by_month: Vec<MonthRow> = directory
            .history
            .iter()
            .map(|(m, c)| MonthRow {
                month: language.format_month(*m),
                added: c.added.len(),
                removed: c.removed.len(),
            })
            .collect();
        let pairs: Vec<(&str, [usize; 2])> = by_month
            .iter()
            .map(|r| (r.month.as_str(), [r.added, r.removed]))
            .collect();
        let by_month_svg = bars(&pairs);
        Stats {
            by_country: Chart::new(countries),
            by_area: Chart::new(areas),
            by_month,
            by_month_svg,
        }
    }
}

impl Chart {
    fn new(rows: Vec<Bar>) -> Chart {
        let pairs: Vec<(&str, [usize; 1])> =
            rows.iter().map(|b| (b.name.as_str(), [b.count])).collect();
        let svg = bars(&pairs);
        Chart { rows, svg }
    }
}

const ROW: usize = 24;
const LABEL: usize = 190;
const WIDTH: usize = 640;
/// Room for the number after the longest bar.
const NUMBER: usize = 60;

/// A horizontal bar chart, one group of `N` bars per label (the series are told apart by
/// the classes `s0`, `s1`, … which the style sheet colours). Hidden from screen readers:
/// the table beside it says the same.
fn bars<const N: usize>(rows: &[(&str, [usize; N])]) -> String {
    let max = rows
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let group = ROW * N + 8;
    let height = rows.len() * group + 8;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" \
         preserveAspectRatio=\"xMinYMin meet\" aria-hidden=\"true\" focusable=\"false\" \
         xmlns=\"http://www.w3.org/2000/svg\">"
    );
    let span = WIDTH - LABEL - NUMBER;
    for (i, (label, values)) in rows.iter().enumerate() {
        let top = 4 + i * group;
        let middle = top + ROW * N / 2 + 5;
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{middle}\" text-anchor=\"end\">{}</text>",
            LABEL - 8,
            escape_html(label)
        );
        for (s, value) in values.iter().enumerate() {
            let y = top + s * ROW;
            // At least a sliver, so a zero still shows where its bar would be.
            let w = (value * span / max).max(1);
            let _ = write!(
                svg,
                "<rect class=\"s{s}\" x=\"{LABEL}\" y=\"{y}\" width=\"{w}\" height=\"{}\"/>\
                 <text x=\"{}\" y=\"{}\">{value}</text>",
                ROW - 6,
                LABEL + w + 6,
                y + ROW - 10,
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    #[test]
    fn bars_scale_to_the_largest_value_and_escape_labels() {
        let svg = super::bars(&[("A & B", [4]), ("<C>", [2])]);
        assert!(svg.contains("A &amp; B") && svg.contains("&lt;C&gt;"));
        let span = super::WIDTH - super::LABEL - super::NUMBER;
        assert!(svg.contains(&format!("width=\"{span}\"")));
        assert!(svg.contains(&format!("width=\"{}\"", span / 2)));
    }
}

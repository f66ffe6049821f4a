//! A month's backlog from a spreadsheet: `lpdir add --from requests.csv`.

use super::Request;

/// The columns a requests file may have; the first three are required.
pub const COLUMNS: &[&str] = &[
    "name",
    "country",
    "url",
    "level",
    "domains",
    "aliases",
    "city",
    "languages",
    "delivery",
    "description",
    "description_language",
    "id",
];

/// The requests of a CSV file with a header line (UTF-8, a byte-order mark allowed), each
/// with the line it starts on, and what is wrong with the other rows ("line N: …", every one
/// in line order, not only the first). Multiple values are separated by spaces (`domains`,
/// `languages`, `delivery`) or by ` | ` (`aliases`, whose names have spaces).
pub fn read_csv(text: &str) -> Backlog {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = Lines::new(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut problems = Vec::new();
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_ascii_lowercase()).collect(),
        Err(e) => {
            return Backlog {
                columns: Vec::new(),
                requests: Vec::new(),
                problems: vec![format!("line 1: not a CSV header: {e}")],
            };
        }
    };
    for column in &header {
        if !COLUMNS.contains(&column.as_str()) {
            problems.push(format!(
                "line 1: unknown column `{column}` (the columns are: {})",
                COLUMNS.join(", ")
            ));
        }
    }
    for required in &COLUMNS[..3] {
        if !header.iter().any(|c| c == required) {
            problems.push(format!("line 1: the column `{required}` is missing"));
        }
    }
    let mut requests = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.at(p.byte()));
                problems.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| lines.at(p.byte()));
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() > header.len() {
            problems.push(format!(
                "line {line}: {} cells, but the header has {} columns",
                record.len(),
                header.len()
            ));
            continue;
        }
        let cell = |name: &str| {
            header
                .iter()
                .position(|c| c == name)
                .and_then(|i| record.get(i))
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let words = |name: &str| -> Vec<String> {
            cell(name).map_or_else(Vec::new, |v| {
                v.split_whitespace().map(str::to_owned).collect()
            })
        };
        let missing: Vec<&str> = COLUMNS[..3]
            .iter()
            .copied()
            .filter(|c| cell(c).is_none())
            .collect();
        if !missing.is_empty() {
            problems.push(format!("line {line}: no {}", missing.join(", no ")));
            continue;
        }
        requests.push((
            line,
            Request {
                name: cell("name").unwrap_or_default(),
                country: cell("country").unwrap_or_default(),
                url: cell("url").unwrap_or_default(),
                level: cell("level"),
                domains: words("domains"),
                aliases: cell("aliases").map_or_else(Vec::new, |v| {
                    v.split('|')
                        .map(|a| a.trim().to_owned())
                        .filter(|a| !a.is_empty())
                        .collect()
                }),
                city: cell("city"),
                languages: words("languages"),
                delivery: words("delivery"),
                description: cell("description"),
                description_language: cell("description_language"),
                id: cell("id"),
            },
        ));
    }
    Backlog {
        columns: header,
        requests,
        problems,
    }
}

/// A requests file as read.
#[derive(Debug)]
pub struct Backlog {
    /// The header's column names, in lower case.
    pub columns: Vec<String>,
    /// Each request with the line it starts on.
    pub requests: Vec<(u64, Request)>,
    /// What is wrong with the other rows, in line order.
    pub problems: Vec<String>,
}

impl Backlog {
    /// The 1-based column number of `name`, when the file has that column.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name).map(|i| i + 1)
    }
}

/// Line numbers of byte offsets, counted from 1 by line feeds (the csv crate's own count goes
/// wrong after blank lines and with CRLF line ends), from the positions of the text's
/// newlines found once: a backlog of any length is numbered in linear time.
struct Lines<'a> {
    bytes: &'a [u8],
    newlines: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        let bytes = text.as_bytes();
        let newlines = bytes
            .iter()
            .enumerate()
            .filter_map(|(i, b)| (*b == b'\n').then_some(i))
            .collect();
        Lines { bytes, newlines }
    }

    /// The line a record starting at `byte` is on; the csv reader's position can sit on the
    /// line break before the record (CRLF files, blank lines), which does not count.
    fn at(&self, byte: u64) -> u64 {
        let bytes = self.bytes;
        let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        self.newlines.partition_point(|&n| n < start) as u64 + 1
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_rows_and_reports_every_bad_one_by_line() {
        let backlog = super::read_csv(
            "\u{feff}name,country,url,languages,aliases\n\
             Contoso,NL,https://contoso.nl/ms,nl en,Contoso B.V. | Contoso Opleidingen\n",
        );
        assert_eq!(backlog.column("languages"), Some(4));
        let (ok, problems) = (backlog.requests, backlog.problems);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(ok[0].0, 2);
        assert_eq!(ok[0].1.languages, ["nl", "en"]);
        assert_eq!(ok[0].1.aliases, ["Contoso B.V.", "Contoso Opleidingen"]);
        let backlog = super::read_csv("name,country,url,colour\nA,NL,\n,,\nB,DE,https://b.de/\n");
        let (rows, problems) = (backlog.requests, backlog.problems);
        assert_eq!(rows.len(), 1);
        assert_eq!(
            problems,
            [
                "line 1: unknown column `colour` (the columns are: name, country, url, level, domains, aliases, city, languages, delivery, description, description_language, id)",
                "line 2: no url",
            ]
        );
    }

    #[test]
    fn windows_line_ends_count_lines_the_same() {
        let unix = "name,country,url\nA,NL,https://a.nl/\nB,DE,\n\nC,BE,\n";
        let windows = unix.replace('\n', "\r\n");
        let super::Backlog {
            requests: rows,
            problems,
            ..
        } = super::read_csv(&windows);
        assert_eq!(super::read_csv(unix).problems, problems);
        assert_eq!(problems, ["line 3: no url", "line 5: no url"]);
        assert_eq!(rows[0].0, 2);
    }
}

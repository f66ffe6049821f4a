//! `CodeTable`: an ISO code table (code, English name, Dutch name per line, tab-separated),
//! parsed once and searched by code; the country and language tables are two of them.

/// Code, English name, Dutch name.
pub type Row = (&'static str, &'static str, &'static str);

/// A table sorted by code for binary search: lookups run once per partner per page
/// language, so scanning the text each time would dominate.
pub struct CodeTable(Vec<Row>);

impl CodeTable {
    pub fn parse(text: &'static str) -> CodeTable {
        let mut rows: Vec<Row> = text
            .lines()
            .filter_map(|line| {
                let mut cols = line.split('\t');
                Some((cols.next()?, cols.next()?, cols.next()?))
            })
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        CodeTable(rows)
    }

    pub fn find(&self, code: &str) -> Option<Row> {
        self.0
            .binary_search_by_key(&code, |r| r.0)
            .ok()
            .map(|i| self.0[i])
    }

    /// The code whose English or Dutch name is `name`, ignoring ASCII case.
    pub fn code_named(&self, name: &str) -> Option<&'static str> {
        self.0
            .iter()
            .find(|r| r.1.eq_ignore_ascii_case(name) || r.2.eq_ignore_ascii_case(name))
            .map(|r| r.0)
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
}

//! The only module that reads YAML: it turns a document into a flat list of located fields.
//!
//! `serde_yaml` parses (and guards against alias bombs and deep nesting), but its `Value`
//! keeps no positions. Entries and front matter are flat mappings, so a line scan of the
//! top-level keys and their list items recovers the position of every field and item.

use super::error::{ContentError, Location, Problem};
use serde_yaml::Value;
use std::path::Path;

/// A YAML value, reduced to what entries and front matter can hold.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Number(String),
    Text(String),
    List(Vec<(Node, Location)>),
    Map,
}

impl Node {
    /// Describes the value's kind for "expected X, found Y" messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Null => "nothing",
            Node::Bool(_) => "true/false",
            Node::Number(_) => "a number",
            Node::Text(_) => "text",
            Node::List(_) => "a list",
            Node::Map => "a mapping",
        }
    }
}

/// One top-level `key: value` pair.
#[derive(Debug, Clone)]
pub struct Field {
    pub key: String,
    pub key_at: Location,
    pub value: Node,
    pub value_at: Location,
}

/// Parses a flat YAML mapping. On failure, the error and where it is.
/// Errors name `file`.
pub fn parse_fields(src: &str, file: &Path) -> Result<Vec<Field>, Box<Problem>> {
    let fail =
        |(error, at): (ContentError, Option<Location>)| Box::new(Problem::new(file, at, error));
    let value: Value = serde_yaml::from_str(src).map_err(|e| fail(syntax_error(src, &e)))?;
    let mapping = match value {
        Value::Mapping(m) => m,
        Value::Null => return Err(fail((ContentError::NoFields, None))),
        other => {
            let found = to_node(&other, &[], src).kind();
            let at = Location::at_offset(src, first_content_offset(src), 1);
            return Err(fail((
                ContentError::NotAMapping {
                    expected: "a mapping of fields",
                    found,
                },
                Some(at),
            )));
        }
    };
    let index = KeyIndex::scan(src);
    let mut fields = Vec::with_capacity(mapping.len());
    for (k, v) in mapping {
        let key = match k {
            Value::String(s) => s,
            other => serde_yaml::to_string(&other)
                .unwrap_or_default()
                .trim()
                .to_owned(),
        };
        let line = index.line_of(&key);
        let key_at = line.map_or_else(|| fallback(src), |l| l.key.clone());
        let value_at = line.map_or_else(|| key_at.clone(), |l| l.value.clone());
        let items = line.map_or(&[][..], |l| &l.items[..]);
        fields.push(Field {
            key,
            key_at,
            value: to_node(&v, items, src),
            value_at,
        });
    }
    Ok(fields)
}

fn syntax_error(src: &str, e: &serde_yaml::Error) -> (ContentError, Option<Location>) {
    let text = e.to_string();
    if text.contains("repetition limit") || text.contains("recursion limit") {
        return (
            ContentError::AliasBomb,
            e.location().map(|l| Location::at_offset(src, l.index(), 1)),
        );
    }
    if let Some(duplicate) = duplicate_key(src, &text) {
        return duplicate;
    }
    let message = text.split(" at line ").next().unwrap_or(&text).to_owned();
    let at = e.location().map(|l| Location::at_offset(src, l.index(), 1));
    let tab = at.as_ref().is_some_and(|l| l.snippet.contains('\t'))
        || (message.contains("tab") && src.contains('\t'));
    (ContentError::YamlSyntax { message, tab }, at)
}

/// A key given twice, located at its second occurrence (the parser's own location is the
/// start of the mapping).
fn duplicate_key(src: &str, text: &str) -> Option<(ContentError, Option<Location>)> {
    let key = text
        .strip_prefix("duplicate entry with key \"")?
        .split('"')
        .next()?;
    let starts = |line: &str| {
        line.strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    };
    let mut lines = src.lines().enumerate().filter(|(_, l)| starts(l));
    let (first, _) = lines.next()?;
    let (second, _) = lines.next()?;
    let error = ContentError::DuplicateKey {
        key: key.to_owned(),
        first_line: first + 1,
    };
    Some((
        error,
        Some(Location::at_line_column(
            src,
            second + 1,
            1,
            key.len().max(1),
        )),
    ))
}

fn to_node(v: &Value, items: &[Location], src: &str) -> Node {
    match v {
        Value::Null => Node::Null,
        Value::Bool(b) => Node::Bool(*b),
        Value::Number(n) => Node::Number(n.to_string()),
        Value::String(s) => Node::Text(s.clone()),
        Value::Sequence(seq) => Node::List(
            seq.iter()
                .enumerate()
                .map(|(i, item)| {
                    let at = items.get(i).cloned().unwrap_or_else(|| fallback(src));
                    (to_node(item, &[], src), at)
                })
                .collect(),
        ),
        Value::Mapping(_) => Node::Map,
        Value::Tagged(t) => to_node(&t.value, items, src),
    }
}

fn first_content_offset(src: &str) -> usize {
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let t = line.trim_start();
        if !t.is_empty() && !t.starts_with('#') && !t.starts_with("---") {
            return offset + (line.len() - t.len());
        }
        offset += line.len();
    }
    0
}

fn fallback(src: &str) -> Location {
    Location::at_offset(src, first_content_offset(src), 1)
}

/// Where each top-level key, its value and its block-list items are.
struct KeyIndex {
    lines: Vec<(String, KeyLine)>,
}

struct KeyLine {
    key: Location,
    value: Location,
    items: Vec<Location>,
}

impl KeyIndex {
    fn scan(src: &str) -> KeyIndex {
        let mut lines: Vec<(String, KeyLine)> = Vec::new();
        let mut offset = 0;
        for raw in src.split_inclusive('\n') {
            let line = raw.trim_end_matches(['\n', '\r']);
            let indent = line.len() - line.trim_start().len();
            let rest = &line[indent..];
            if let Some(item) = rest
                .strip_prefix('-')
                .filter(|r| r.is_empty() || r.starts_with(' '))
            {
                if let Some((_, last)) = lines.last_mut() {
                    let at = offset + indent + 1 + (item.len() - item.trim_start().len());
                    let len = item.trim().chars().count();
                    last.items.push(Location::at_offset(src, at, len));
                }
            } else if indent == 0
                && !rest.starts_with('#')
                && !rest.starts_with("---")
                && let Some((key, key_len)) = split_key(rest)
            {
                let after = &rest[key_len + 1..];
                let value_start = offset + key_len + 1 + (after.len() - after.trim_start().len());
                let value_len = after
                    .split(" #")
                    .next()
                    .unwrap_or("")
                    .trim()
                    .chars()
                    .count();
                let key_at = Location::at_offset(src, offset, key.chars().count());
                let value = if value_len == 0 {
                    key_at.clone()
                } else {
                    Location::at_offset(src, value_start, value_len)
                };
                lines.push((
                    key,
                    KeyLine {
                        key: key_at,
                        value,
                        items: Vec::new(),
                    },
                ));
            }
            offset += raw.len();
        }
        KeyIndex { lines }
    }

    fn line_of(&self, key: &str) -> Option<&KeyLine> {
        self.lines.iter().find(|(k, _)| k == key).map(|(_, l)| l)
    }
}

/// Splits `key: value` into the unquoted key and the byte length of the key as written.
fn split_key(line: &str) -> Option<(String, usize)> {
    if let Some(q @ ('"' | '\'')) = line.chars().next() {
        let end = line[1..].find(q)? + 1;
        return line[end + 1..]
            .starts_with(':')
            .then(|| (line[1..end].to_owned(), end + 1));
    }
    let colon = line.find(':')?;
    let after = &line[colon + 1..];
    (after.is_empty() || after.starts_with([' ', '\t']))
        .then(|| (line[..colon].trim_end().to_owned(), colon))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_keys_values_and_items() {
        let src =
            "# comment\nname: Contoso\ndomains:\n  - contoso.com\n  - contoso.nl\ncountry: NO\n";
        let fields = parse_fields(src, Path::new("t.yaml")).unwrap();
        let country = fields.iter().find(|f| f.key == "country").unwrap();
        // YAML 1.2: NO is Norway, not false.
        assert_eq!(country.value, Node::Text("NO".into()));
        assert_eq!((country.value_at.line, country.value_at.column), (6, 10));
        let domains = fields.iter().find(|f| f.key == "domains").unwrap();
        let Node::List(items) = &domains.value else {
            panic!()
        };
        assert_eq!(
            (items[1].1.line, items[1].1.column, items[1].1.len),
            (5, 5, 10)
        );
    }

    #[test]
    fn reports_alias_bombs() {
        let mut src = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("b{}", i - 1)
            };
            src.push_str(&format!("b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        assert!(matches!(
            parse_fields(&src, Path::new("t.yaml")).map_err(|p| p.error),
            Err(ContentError::AliasBomb)
        ));
    }

    #[test]
    fn reports_tabs() {
        let p = parse_fields("name: x\n\tcountry: NL\n", Path::new("t.yaml")).unwrap_err();
        let (err, at) = (p.error, p.location);
        assert!(
            matches!(err, ContentError::YamlSyntax { tab: true, .. }),
            "{err:?}"
        );
        assert_eq!(at.unwrap().line, 2);
    }
}

//! Folding text for matching (case, diacritics and punctuation ignored) while remembering
//! where each folded byte came from, and whole-word multi-pattern search over it.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Text folded to lower-case letters and digits, words separated by single spaces, with the
/// original byte offset of every folded byte.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    origin: Vec<u32>,
}

impl Folded {
    pub fn new(original: &str) -> Folded {
        let mut out = FoldBuffer {
            text: Vec::with_capacity(original.len()),
            origin: Vec::with_capacity(original.len()),
        };
        let bytes = original.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let b = bytes[at];
            if b.is_ascii() {
                // The common case: one byte in, at most one byte out, no decomposition.
                if b.is_ascii_alphanumeric() {
                    out.text.push(b.to_ascii_lowercase());
                    out.origin.push(at as u32);
                } else {
                    out.space(at);
                }
                at += 1;
                continue;
            }
            let c = original[at..].chars().next().unwrap_or(' ');
            for d in std::iter::once(c).nfkd().filter(|d| !is_combining_mark(*d)) {
                for l in d.to_lowercase() {
                    if l.is_alphanumeric() {
                        let mut buf = [0; 4];
                        let encoded = l.encode_utf8(&mut buf).as_bytes();
                        out.text.extend_from_slice(encoded);
                        out.origin
                            .extend(std::iter::repeat_n(at as u32, encoded.len()));
                    } else {
                        out.space(at);
                    }
                }
            }
            at += c.len_utf8();
        }
        if out.text.last() == Some(&b' ') {
            out.text.pop();
            out.origin.pop();
        }
        // Only whole UTF-8 sequences and ASCII bytes were pushed.
        let text = String::from_utf8(out.text).unwrap_or_default();
        Folded {
            text,
            origin: out.origin,
        }
    }

    /// The original byte offset of folded byte `i`.
    pub fn origin(&self, i: usize) -> usize {
        self.origin
            .get(i)
            .or(self.origin.last())
            .map_or(0, |&o| o as usize)
    }
}

struct FoldBuffer {
    text: Vec<u8>,
    origin: Vec<u32>,
}

impl FoldBuffer {
    /// A word separator: never at the start, never two in a row.
    fn space(&mut self, at: usize) {
        if self.text.last().is_some_and(|&b| b != b' ') {
            self.text.push(b' ');
            self.origin.push(at as u32);
        }
    }
}

/// Folds a single name or term the same way (no offsets kept).
pub fn fold(s: &str) -> String {
    Folded::new(s).text
}

/// Legal forms dropped from the end of a name before matching ("Contoso B.V." is "contoso").
const LEGAL_FORMS: &[&str] = &[
    "b v",
    "bv",
    "n v",
    "nv",
    "v o f",
    "vof",
    "bvba",
    "sprl",
    "ltd",
    "limited",
    "pty ltd",
    "pty",
    "pvt ltd",
    "private limited",
    "pte ltd",
    "plc",
    "llc",
    "llp",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "gmbh",
    "gmbh co kg",
    "kg",
    "ag",
    "ug",
    "e v",
    "s a",
    "sa",
    "sas",
    "s a s",
    "sarl",
    "s r l",
    "srl",
    "s p a",
    "spa",
    "s l",
    "sl",
    "s l u",
    "lda",
    "ltda",
    "oy",
    "ab",
    "as",
    "a s",
    "aps",
    "k k",
    "kk",
    "sp z o o",
];

/// The folded name without a trailing legal form; `None` when nothing would be left.
pub fn name_key(name: &str) -> Option<String> {
    let mut key = fold(name);
    loop {
        let stripped = LEGAL_FORMS.iter().find_map(|form| {
            let rest = key.strip_suffix(form)?;
            rest.strip_suffix(' ').map(str::to_owned)
        });
        match stripped {
            Some(rest) if !rest.is_empty() => key = rest,
            _ => break,
        }
    }
    (!key.is_empty()).then_some(key)
}

/// Whole-word search for many folded patterns at once, each tagged with a value.
pub struct WordMatcher<T> {
    automaton: Option<AhoCorasick>,
    tags: Vec<T>,
}

/// One whole-word match: the pattern's tag and its byte range in the searched text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit<'a, T> {
    pub tag: &'a T,
    pub start: usize,
    pub end: usize,
}

impl<T> WordMatcher<T> {
    /// `patterns` are searched as given: fold them first for folded haystacks.
    pub fn new(patterns: Vec<(String, T)>) -> WordMatcher<T> {
        let (words, tags): (Vec<String>, Vec<T>) =
            patterns.into_iter().filter(|(p, _)| !p.is_empty()).unzip();
        // Overlapping search (a non-word match must not hide a word match) is slow on the
        // default NFA; a DFA makes it a table walk. Should the DFA be too large, the default
        // automaton does the same job more slowly: matching is never silently dropped.
        let automaton = (!words.is_empty()).then(|| {
            let mut builder = AhoCorasickBuilder::new();
            builder.match_kind(MatchKind::Standard);
            builder
                .clone()
                .kind(Some(AhoCorasickKind::DFA))
                .build(&words)
                .or_else(|_| builder.build(&words))
                .expect("a standard automaton builds for any patterns within its size limits")
        });
        WordMatcher { automaton, tags }
    }

    /// Every match of a pattern that starts and ends on a word boundary.
    pub fn find<'a>(&'a self, haystack: &str) -> Vec<Hit<'a, T>> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let bytes = haystack.as_bytes();
        let boundary_before = |i: usize| i == 0 || !is_word_byte(bytes[i - 1], haystack, i, true);
        let boundary_after =
            |i: usize| i >= bytes.len() || !is_word_byte(bytes[i], haystack, i, false);
        ac.find_overlapping_iter(haystack)
            .filter(|m| boundary_before(m.start()) && boundary_after(m.end()))
            .map(|m| Hit {
                tag: &self.tags[m.pattern().as_usize()],
                start: m.start(),
                end: m.end(),
            })
            .collect()
    }
}

/// Whether the character touching byte `i` (before it, or at it) is part of a word.
fn is_word_byte(b: u8, haystack: &str, i: usize, before: bool) -> bool {
    if b.is_ascii() {
        return b.is_ascii_alphanumeric();
    }
    let c = if before {
        haystack[..i].chars().next_back()
    } else {
        haystack[i..].chars().next()
    };
    c.is_some_and(char::is_alphanumeric)
}

/// A short excerpt of `original` around bytes `start..end`, on one line.
pub fn excerpt(original: &str, start: usize, end: usize) -> String {
    let floor = |mut i: usize| {
        i = i.min(original.len());
        while !original.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let from = floor(start.saturating_sub(50));
    let to = floor((end + 50).min(original.len()));
    let mut s: String = original[from..to]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if from > 0 {
        s.insert(0, '…');
    }
    if to < original.len() {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_punctuation() {
        let f = Folded::new("  Ærø  Kompetanse — Übersetzung, B.V.!");
        assert_eq!(f.text, "ærø kompetanse ubersetzung b v");
        let i = f.text.find("ubersetzung").unwrap();
        assert_eq!(
            &"  Ærø  Kompetanse — Übersetzung, B.V.!"[f.origin(i)..][..2],
            "Ü"
        );
    }

    #[test]
    fn legal_forms_are_dropped() {
        assert_eq!(
            name_key("Contoso Learning B.V.").unwrap(),
            "contoso learning"
        );
        assert_eq!(
            name_key("Fabrikam Akademie GmbH & Co. KG").unwrap(),
            "fabrikam akademie"
        );
        assert_eq!(name_key("Tailspin Pty Ltd").unwrap(), "tailspin");
        assert_eq!(name_key("Ltd").unwrap(), "ltd");
        assert!(name_key("!!!").is_none());
    }

    #[test]
    fn whole_words_only() {
        let m = WordMatcher::new(vec![("aws".into(), 1), ("google cloud".into(), 2)]);
        let hits: Vec<i32> = m
            .find(&fold("Laws and AWS; Google Cloud, googlecloud"))
            .iter()
            .map(|h| *h.tag)
            .collect();
        assert_eq!(hits, vec![1, 2]);
        let exact = WordMatcher::new(vec![("AWS".into(), 1)]);
        assert_eq!(exact.find("aws, AWS, LAWS, AWS-based").len(), 2);
    }

    #[test]
    fn excerpts_stay_on_char_boundaries() {
        let text = "é".repeat(100) + "AWS" + &"ü".repeat(100);
        let e = excerpt(&text, 200, 203);
        assert!(e.contains("AWS") && e.starts_with('…') && e.ends_with('…'));
    }
}

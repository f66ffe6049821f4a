//! Folding text for matching (case, diacritics and punctuation ignored) while remembering
//! where each folded byte came from, and whole-word multi-pattern search over it.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::ops::Range;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Text folded to lower-case letters and digits, words separated by single spaces, with the
/// original byte offset of every folded byte.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    /// Where folded bytes come from, one entry per stretch that maps to the original in one
    /// piece: a run of ASCII letters and digits maps byte for byte, a folded non-ASCII
    /// character maps every byte to the character it came from. Keeping stretches instead of
    /// an offset per byte keeps folding a copy, not a loop of pushes.
    stretches: Vec<Stretch>,
}

#[derive(Debug, Clone, Copy)]
struct Stretch {
    folded: u32,
    original: u32,
    byte_for_byte: bool,
}

impl Folded {
    pub fn new(original: &str) -> Folded {
        let mut stretches = Vec::new();
        let text = fold_into(original, |folded, original, byte_for_byte| {
            stretches.push(Stretch {
                folded: folded as u32,
                original: original as u32,
                byte_for_byte,
            })
        });
        Folded { text, stretches }
    }

    /// The bytes of `original`, the text this was folded from, that folded bytes `start..end`
    /// came from: whole characters.
    pub fn original_range(&self, original: &str, start: usize, end: usize) -> Range<usize> {
        let last = self.origin(end.saturating_sub(1));
        let end = last + original[last..].chars().next().map_or(1, char::len_utf8);
        self.origin(start)..end
    }

    /// The original byte offset of folded byte `i`.
    fn origin(&self, i: usize) -> usize {
        let i = i.min(self.text.len().saturating_sub(1)) as u32;
        let at = self.stretches.partition_point(|s| s.folded <= i);
        match at.checked_sub(1).map(|k| self.stretches[k]) {
            Some(s) if s.byte_for_byte => (s.original + (i - s.folded)) as usize,
            Some(s) => s.original as usize,
            None => 0,
        }
    }
}

/// Folds `original`, telling `stretch` where each stretch of the output starts (in the output
/// and in the original) and whether it maps byte for byte.
fn fold_into(original: &str, mut stretch: impl FnMut(usize, usize, bool)) -> String {
    let mut text: Vec<u8> = Vec::with_capacity(original.len());
    let bytes = original.as_bytes();
    let mut at = 0;
    // A word separator: never at the start, never two in a row.
    let space = |text: &mut Vec<u8>| {
        if text.last().is_some_and(|&b| b != b' ') {
            text.push(b' ');
        }
    };
    while at < bytes.len() {
        let b = bytes[at];
        if b.is_ascii_alphanumeric() {
            // The common case: a run of ASCII letters and digits, copied and lower-cased in
            // one go, with no decomposition.
            let end = bytes[at..]
                .iter()
                .position(|b| !b.is_ascii_alphanumeric())
                .map_or(bytes.len(), |n| at + n);
            stretch(text.len(), at, true);
            let from = text.len();
            text.extend_from_slice(&bytes[at..end]);
            text[from..].make_ascii_lowercase();
            at = end;
            continue;
        }
        if b.is_ascii() {
            space(&mut text);
            at += 1;
            continue;
        }
        let c = original[at..].chars().next().unwrap_or(' ');
        for d in std::iter::once(c).nfkd().filter(|d| !is_combining_mark(*d)) {
            for l in d.to_lowercase() {
                if l.is_alphanumeric() {
                    stretch(text.len(), at, false);
                    let mut buf = [0; 4];
                    text.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                } else {
                    space(&mut text);
                }
            }
        }
        at += c.len_utf8();
    }
    if text.last() == Some(&b' ') {
        text.pop();
    }
    // Only whole UTF-8 sequences and ASCII bytes were pushed.
    String::from_utf8(text).unwrap_or_default()
}

/// `n` and its noun, singular for one: "1 page", "2 pages", "0 pages".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Folds a single name or term the same way (no offsets kept).
pub fn fold(s: &str) -> String {
    fold_into(s, |_, _, _| {})
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

/// Whole-word search for many folded patterns (see [`fold`]) at once, over folded text, each
/// pattern tagged with a value.
///
/// In folded text every word is separated by exactly one space, so a pattern padded with a
/// space on each side, searched in the text padded the same way, matches whole words only: the
/// automaton never reports the thousands of matches inside longer words ("ai" in "training")
/// that a boundary check would then have to throw away.
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
    pub fn new(patterns: Vec<(String, T)>) -> WordMatcher<T> {
        let (words, tags): (Vec<String>, Vec<T>) = patterns
            .into_iter()
            .filter(|(p, _)| !p.is_empty())
            .map(|(p, tag)| (format!(" {p} "), tag))
            .unzip();
        // Overlapping search (one pattern inside another must not hide it: "Azure" in a rival
        // called "Azure Academy") is slow on the default NFA; a DFA makes it a table walk.
        // Should the DFA be too large, the default automaton does the same job more slowly:
        // matching is never silently dropped.
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

    /// Every whole-word match in `folded`, which must be folded text.
    pub fn find<'a>(&'a self, folded: &str) -> Vec<Hit<'a, T>> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let mut padded = String::with_capacity(folded.len() + 2);
        padded.push(' ');
        padded.push_str(folded);
        padded.push(' ');
        // ` word `, found at `p` in the padded text, is the word at `p` in the text.
        ac.find_overlapping_iter(&padded)
            .map(|m| Hit {
                tag: &self.tags[m.pattern().as_usize()],
                start: m.start(),
                end: m.end() - 2,
            })
            .collect()
    }
}

/// The candidate closest to `needle` (Jaro-Winkler above 0.8), for a did-you-mean.
pub fn closest<'a>(needle: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(c, needle), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
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
    fn original_ranges_cover_whole_characters() {
        let original = "Ｍｉｃｒｏｓｏｆｔ, Übung — AWS!";
        let f = Folded::new(original);
        assert_eq!(f.text, "microsoft ubung aws");
        let range = |word: &str| {
            let i = f.text.find(word).unwrap();
            &original[f.original_range(original, i, i + word.len())]
        };
        assert_eq!(range("microsoft"), "Ｍｉｃｒｏｓｏｆｔ");
        assert_eq!(range("ubung"), "Übung");
        assert_eq!(range("aws"), "AWS");
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
        let m = WordMatcher::new(vec![
            ("aws".into(), 1),
            ("google cloud".into(), 2),
            ("cloud".into(), 3),
        ]);
        let hits: Vec<i32> = m
            .find(&fold("Laws and AWS; Google Cloud, googlecloud"))
            .iter()
            .map(|h| *h.tag)
            .collect();
        // Overlapping: "cloud" inside "google cloud" is found too.
        assert_eq!(hits, vec![1, 2, 3]);
        let text = "Laws and AWS";
        let hit = &m.find(&fold(text))[0];
        assert_eq!((hit.start, hit.end), (9, 12));
    }
}

//! What the register's search reads and looks for: words and their stems.
//!
//! A decision's language is not recorded and titles mix languages ("Dementia och
//! läkemedel", "Diabetes-rekisteritutkimus"), so every word is reduced by all three
//! Snowball stemmers (Finnish, Swedish, English) and each distinct result is a term, with
//! the word's own lower-cased form. A query word matches a decision when any of its terms
//! is one of the decision's terms; the last query word, as typed, also matches the terms
//! it begins.
//!
//! Snowball leaves two common alternations apart, which a user of the register meets at
//! once, so the stems are evened out after stemming:
//! - Finnish nouns in -us/-ys/-os/-ös/-es inflect on -ukse-/-ykse-/-ekse-: "tutkimus"
//!   stems to `tutkimus` but "tutkimuksessa" to `tutkimuks`. A Finnish stem ending in
//!   `uks`, `yks`, `oks`, `öks` or `eks` drops its `k`.
//! - Swedish nouns in -el lose the `e` when inflected: "läkemedel" stems to `läkemedel`,
//!   "läkemedlen" to `läkemedl`. A Swedish stem ending in a consonant and `el` drops the
//!   `e`.
//!
//! Pure functions over text: the store writes and queries the terms
//! (`public_register::search`), the GraphQL layer marks the hits with [`highlight`].

use std::collections::HashMap;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Bumped whenever the terms a text gives change, so that the index is rebuilt at
/// start-up (`register_generation` row `search_terms`).
pub const ANALYSER_VERSION: i64 = 1;
/// Longer words are not indexed: nobody types them, and they would only grow the index.
pub const MAX_WORD_CHARS: usize = 60;
/// A query word shorter than this matches only whole terms, never as a prefix: "a" would
/// otherwise read a large part of the index.
pub const MIN_PREFIX_CHARS: usize = 3;

/// Where a term occurs in a decision: its weight in the ranking.
pub const IN_TITLE: i32 = 2;
pub const IN_SUMMARY: i32 = 1;

struct Stemmers {
    finnish: Stemmer,
    swedish: Stemmer,
    english: Stemmer,
}

static STEMMERS: LazyLock<Stemmers> = LazyLock::new(|| Stemmers {
    finnish: Stemmer::create(Algorithm::Finnish),
    swedish: Stemmer::create(Algorithm::Swedish),
    english: Stemmer::create(Algorithm::English),
});

/// The words of `text`, lower-cased and in Unicode normal form C
/// (a decomposed "ä" from one keyboard and a composed one from another are one letter).
/// Punctuation, operators, quotes and control characters are not words.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.unicode_words().map(normal)
}

/// A word lower-cased and in normal form C.
fn normal(word: &str) -> String {
    word.nfc().collect::<String>().to_lowercase()
}

/// Every term of one lower-cased word: the word itself and its distinct stems.
pub fn forms(word: &str) -> Vec<String> {
    let s = &*STEMMERS;
    let mut out = vec![word.to_owned()];
    // Numbers, codes and years are not inflected words: the Finnish stemmer would read
    // "100" as a doubled consonant and make it "10".
    if word.chars().any(|c| c.is_numeric()) {
        return out;
    }
    let mut push = |t: String| {
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    };
    push(even_finnish(&s.finnish.stem(word)));
    push(even_swedish(&s.swedish.stem(word)));
    push(s.english.stem(word).into_owned());
    out
}

fn even_finnish(stem: &str) -> String {
    for ending in ["uks", "yks", "oks", "öks", "eks"] {
        if let Some(head) = stem.strip_suffix(ending) {
            let vowel = ending.chars().next().unwrap_or('u');
            return format!("{head}{vowel}s");
        }
    }
    stem.to_owned()
}

fn even_swedish(stem: &str) -> String {
    if let Some(head) = stem.strip_suffix("el")
        && head.chars().count() >= 2
        && head
            .chars()
            .last()
            .is_some_and(|c| c.is_alphabetic() && !"aeiouyåäö".contains(c))
    {
        return format!("{head}l");
    }
    stem.to_owned()
}

/// The search terms of a decision with their weights, each term once: what
/// `published_decision_term` holds for it.
pub fn decision_terms(title: &str, summary: &str) -> Vec<(String, i32)> {
    let mut terms: std::collections::BTreeMap<String, i32> = std::collections::BTreeMap::new();
    for (text, weight) in [(title, IN_TITLE), (summary, IN_SUMMARY)] {
        for word in words(text) {
            if word.chars().count() > MAX_WORD_CHARS {
                continue;
            }
            for term in forms(&word) {
                let w = terms.entry(term).or_insert(0);
                *w |= weight;
            }
        }
    }
    terms.into_iter().collect()
}

/// One word of a query: the terms it matches whole (the word and its stems), and the
/// prefix it matches as the word being typed (the last word only, as typed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryWord {
    pub terms: Vec<String>,
    pub prefixes: Vec<String>,
}

/// The words of a query, each once, in order. Empty when the text has no words at all
/// (only punctuation, quotes or operators): such a query matches nothing.
pub fn query_words(text: &str) -> Vec<QueryWord> {
    let mut out: Vec<QueryWord> = Vec::new();
    for word in words(text) {
        let terms = forms(&word);
        if !out.iter().any(|w| w.terms == terms) {
            out.push(QueryWord {
                terms,
                prefixes: Vec::new(),
            });
        }
    }
    if let Some(last) = out.last_mut() {
        // The word as typed, not its stems: a stem of a word half typed is a guess ("deme"
        // stems to "dem", which would find "demografia").
        let typed = &last.terms[0];
        if typed.chars().count() >= MIN_PREFIX_CHARS {
            last.prefixes = vec![typed.clone()];
        }
    }
    out
}

/// The least string greater than every string that starts with `prefix`, in byte order
/// (UTF-8 byte order is code point order): the exclusive end of the prefix's range.
/// `None` when there is none (a prefix of only U+10FFFF), which no word ever is.
pub fn prefix_end(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let mut next = last as u32 + 1;
        if (0xD800..=0xDFFF).contains(&next) {
            next = 0xE000;
        }
        if let Some(c) = char::from_u32(next) {
            chars.push(c);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// Whether a word of a decision is a hit of the query: one of its terms is a query word's
/// term, or begins with the last word's prefix.
fn is_hit(word: &str, query: &[QueryWord]) -> bool {
    if word.chars().count() > MAX_WORD_CHARS {
        return false;
    }
    let terms = forms(word);
    query.iter().any(|q| {
        terms
            .iter()
            .any(|t| q.terms.contains(t) || q.prefixes.iter().any(|p| t.starts_with(p.as_str())))
    })
}

/// A piece of a text: a hit of the query or the text between hits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

/// `text` cut into pieces, the words that matched `query` marked, in order; joined, the
/// pieces give `text` back unchanged.
pub fn highlight(text: &str, query: &[QueryWord]) -> Vec<Segment> {
    Highlighter::new(query).highlight(text)
}

/// Highlights several texts for one query, remembering whether each word (as written)
/// matched. The texts of a page of results share most of their words, and stemming a word
/// three ways was a third of a search page's CPU (docs/benchmarks.md, "Search").
pub struct Highlighter<'q> {
    query: &'q [QueryWord],
    seen: HashMap<String, bool>,
}

impl<'q> Highlighter<'q> {
    pub fn new(query: &'q [QueryWord]) -> Highlighter<'q> {
        Highlighter {
            query,
            seen: HashMap::new(),
        }
    }

    /// As [`highlight`].
    pub fn highlight(&mut self, text: &str) -> Vec<Segment> {
        let mut out: Vec<Segment> = Vec::new();
        let mut at = 0;
        let push = |out: &mut Vec<Segment>, piece: &str, hit: bool| {
            if piece.is_empty() {
                return;
            }
            match out.last_mut() {
                Some(last) if last.hit == hit => last.text.push_str(piece),
                _ => out.push(Segment {
                    text: piece.to_owned(),
                    hit,
                }),
            }
        };
        if !self.query.is_empty() {
            for (start, written) in text.unicode_word_indices() {
                let end = start + written.len();
                if self.is_hit(written) {
                    push(&mut out, &text[at..start], false);
                    // Two hits apart only by a space stay two marks.
                    out.push(Segment {
                        text: written.to_owned(),
                        hit: true,
                    });
                    at = end;
                }
            }
        }
        push(&mut out, &text[at..], false);
        out
    }

    fn is_hit(&mut self, written: &str) -> bool {
        if let Some(&hit) = self.seen.get(written) {
            return hit;
        }
        let hit = is_hit(&normal(written), self.query);
        self.seen.insert(written.to_owned(), hit);
        hit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(query: &str, text: &str) -> bool {
        let query = query_words(query);
        let terms: Vec<String> = decision_terms(text, "").into_iter().map(|t| t.0).collect();
        !query.is_empty()
            && query.iter().all(|q| {
                terms.iter().any(|t| {
                    q.terms.contains(t) || q.prefixes.iter().any(|p| t.starts_with(p.as_str()))
                })
            })
    }

    #[test]
    fn inflected_forms_find_their_base_form_in_each_language() {
        assert!(matches("dementiaa", "Dementia ja lääkitys"));
        assert!(matches("tutkimuksessa", "Rekisteritutkimus: tutkimus"));
        assert!(matches("tutkimus", "Mukana tutkimuksessa"));
        assert!(matches("läkemedlen", "Läkemedel vid demens"));
        assert!(matches("läkemedel", "Om läkemedlen"));
        assert!(matches("studies", "A study of asthma"));
        assert!(!matches("diabetes", "Asthma in children"));
    }

    #[test]
    fn the_last_word_matches_as_a_prefix_and_only_from_three_letters() {
        assert!(matches("asthma chi", "Asthma in children"));
        assert!(!matches("chi asthma", "Asthma in children"));
        assert!(!matches("as", "Asthma in children"));
    }

    #[test]
    fn punctuation_and_control_characters_are_not_words() {
        assert!(query_words("\"*\" -- + ( ) \u{0}\u{7} %_").is_empty());
        let words = query_words("\"dementia\" AND\u{0} -läkemedel");
        assert_eq!(words.len(), 3);
        assert_eq!(words[0].terms[0], "dementia");
    }

    #[test]
    fn numbers_are_not_stemmed() {
        assert_eq!(forms("100"), ["100"]);
        assert_eq!(forms("covid19"), ["covid19"]);
        assert!(!matches("100", "Case 10"));
    }

    #[test]
    fn a_decomposed_letter_is_the_composed_one() {
        assert!(matches("la\u{308}kemedel", "Läkemedel"));
    }

    #[test]
    fn prefix_ranges_end_after_every_extension() {
        assert_eq!(prefix_end("dem").as_deref(), Some("den"));
        assert_eq!(prefix_end("lä").as_deref(), Some("lå"));
        assert_eq!(prefix_end("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(prefix_end("\u{D7FF}").as_deref(), Some("\u{E000}"));
        assert_eq!(prefix_end("\u{10FFFF}"), None);
    }

    #[test]
    fn weights_say_where_a_term_occurs() {
        let terms = decision_terms("Dementia", "dementia and diabetes");
        let weight = |t: &str| terms.iter().find(|x| x.0 == t).map(|x| x.1);
        assert_eq!(weight("dementia"), Some(IN_TITLE | IN_SUMMARY));
        assert_eq!(weight("diabetes"), Some(IN_SUMMARY));
    }

    #[test]
    fn highlights_keep_the_text_and_mark_the_hits() {
        let query = query_words("tutkimuksessa läke");
        let text = "Tutkimus: lääkkeet, Läkemedel (2024)";
        let pieces = highlight(text, &query);
        let joined: String = pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, text);
        let hits: Vec<&str> = pieces
            .iter()
            .filter(|p| p.hit)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(hits, ["Tutkimus", "Läkemedel"]);
        assert_eq!(
            highlight("ei osumia", &query),
            [Segment {
                text: "ei osumia".into(),
                hit: false
            }]
        );
        assert!(highlight("", &query).is_empty());
    }

    #[test]
    fn one_highlighter_for_a_page_marks_each_text_as_alone() {
        let query = query_words("tutkimuksessa läke");
        let texts = [
            "Tutkimus: lääkkeet, Läkemedel (2024)",
            "Läkemedel och tutkimus, tutkimus",
            "ei osumia",
            "TUTKIMUS ja läkemedel",
            "",
        ];
        let mut highlighter = Highlighter::new(&query);
        for text in texts {
            assert_eq!(
                highlighter.highlight(text),
                highlight(text, &query),
                "{text}"
            );
        }
    }
}

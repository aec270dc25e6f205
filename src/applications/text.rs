//! Text folding for search and duplicate detection: lower case, no accents,
//! the way a French speaker would consider two spellings the same.

use unicode_normalization::UnicodeNormalization;

/// Lower case without diacritics; `œ`/`æ` spelled out, typographic
/// apostrophes made plain.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            '’' | 'ʼ' | '`' => out.push('\''),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Words that do not tell two organisations apart.
const STOP_WORDS: &[&str] = &[
    "a",
    "au",
    "aux",
    "d",
    "de",
    "des",
    "du",
    "en",
    "et",
    "l",
    "la",
    "le",
    "les",
    "pour",
    "sur",
    "the",
    "of",
    "and",
    "for",
    "association",
    "asso",
    "collectif",
    "amicale",
];

/// The organisation name reduced to what identifies it: "Les Amis du Lavoir
/// de St-Agrève" and "Amis du lavoir de Saint Agreve" give the same key.
pub fn name_key(name: &str) -> String {
    fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "st" => "saint",
            "ste" => "sainte",
            other => other,
        })
        .filter(|w| !STOP_WORDS.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text the queue's search looks in.
pub fn search_text(parts: &[&str]) -> String {
    fold(&parts.join(" \u{1f} "))
}

/// Search terms from what a moderator typed, folded like the text.
pub fn search_terms(query: &str) -> Vec<String> {
    fold(query)
        .split_whitespace()
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric() && c != '@' && c != '.' && c != '-'))
        .filter(|t| !t.is_empty())
        .take(8)
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folding_removes_accents_and_case() {
        assert_eq!(
            fold("Éducation Populaire à Saint-Étienne"),
            "education populaire a saint-etienne"
        );
        assert_eq!(fold("Cœur"), "coeur");
    }

    #[test]
    fn close_spellings_of_one_name_share_a_key() {
        assert_eq!(
            name_key("Les Amis du Lavoir de St Agrève"),
            name_key("Amis du lavoir de Saint-Agreve")
        );
        assert_ne!(
            name_key("Les Amis du Lavoir"),
            name_key("Les Amis du Jardin")
        );
        assert_eq!(name_key("Association L’Étincelle"), "etincelle");
    }

    proptest! {
        #[test]
        fn folding_never_panics(s in "\\PC{0,100}") {
            let _ = name_key(&s);
            let _ = search_terms(&s);
        }
    }
}

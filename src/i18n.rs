//! Languages: French first, English second. Every word shown to a person
//! comes from the Fluent files in `locales/`, embedded at compile time.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use serde::{Deserialize, Serialize};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "fr",
        // Unicode isolation marks around arguments would show up in plain
        // text e-mails and in JSON messages.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The message ids of each file, read from the same files the loader
/// embeds, so that `has` says what the file holds without formatting it.
static FR_KEYS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| message_ids(include_str!("../locales/fr/main.ftl")));
static EN_KEYS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| message_ids(include_str!("../locales/en/main.ftl")));

fn message_ids(source: &'static str) -> HashSet<&'static str> {
    source
        .lines()
        .filter(|line| line.starts_with(|c: char| c.is_ascii_alphabetic()))
        .filter_map(|line| line.split_once(" =").map(|(id, _)| id.trim()))
        .collect()
}

/// A language Passeur speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// French, the default.
    #[default]
    Fr,
    /// English.
    En,
}

impl Lang {
    /// Every language, French first.
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    /// The code, as in the `language` field and the `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// Reads `fr` or `en` (a region such as `fr-BE` is accepted).
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the language a browser prefers from its `Accept-Language`
    /// header, French when it names neither.
    pub fn negotiate(accept_language: Option<&str>) -> Lang {
        let Some(header) = accept_language else {
            return Lang::Fr;
        };
        let mut best: Option<(f32, usize, Lang)> = None;
        for (position, part) in header.split(',').enumerate() {
            let mut pieces = part.split(';');
            let Some(lang) = pieces.next().and_then(Lang::from_code) else {
                continue;
            };
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if quality <= 0.0 {
                continue;
            }
            // Higher quality wins; on a tie the earlier entry does.
            let better = match best {
                None => true,
                Some((q, p, _)) => quality > q || (quality == q && position < p),
            };
            if better {
                best = Some((quality, position, lang));
            }
        }
        best.map(|(_, _, lang)| lang).unwrap_or(Lang::Fr)
    }

    /// The other language, for the visible switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        }
    }

    fn id(self) -> LanguageIdentifier {
        match self {
            Lang::Fr => fluent_templates::langid!("fr"),
            Lang::En => fluent_templates::langid!("en"),
        }
    }

    /// The message `key` in this language.
    pub fn tr(self, key: &str) -> String {
        LOCALES.lookup(&self.id(), key)
    }

    /// The message `key` with numeric or text arguments.
    pub fn tr_args(self, key: &str, args: &[(&str, FluentArg)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    FluentArg::Number(n) => FluentValue::from(*n),
                    FluentArg::Text(s) => FluentValue::from(s.clone()),
                };
                (Cow::Owned(name.to_string()), value)
            })
            .collect();
        LOCALES.lookup_with_args(&self.id(), key, &args)
    }

    /// Whether `key` exists in this language (not through the fallback).
    pub fn has(self, key: &str) -> bool {
        let keys = match self {
            Lang::Fr => &*FR_KEYS,
            Lang::En => &*EN_KEYS,
        };
        keys.contains(key)
    }
}

/// A value a message shows.
#[derive(Debug, Clone)]
pub enum FluentArg {
    /// A number, formatted by the language's rules.
    Number(i64),
    /// A text, shown as is.
    Text(String),
}

/// A whole number with the digit grouping of `lang` (a narrow no-break
/// space in French, a comma in English).
pub fn number(lang: Lang, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let sep = match lang {
        Lang::Fr => "\u{202f}",
        Lang::En => ",",
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_is_chosen_when_the_browser_names_no_known_language() {
        assert_eq!(Lang::negotiate(None), Lang::Fr);
        assert_eq!(Lang::negotiate(Some("de-DE,de;q=0.9")), Lang::Fr);
    }

    #[test]
    fn the_preferred_known_language_wins() {
        assert_eq!(Lang::negotiate(Some("en-GB,en;q=0.9,fr;q=0.8")), Lang::En);
        assert_eq!(Lang::negotiate(Some("de,fr;q=0.5,en;q=0.4")), Lang::Fr);
        assert_eq!(Lang::negotiate(Some("fr;q=0,en")), Lang::En);
    }

    #[test]
    fn both_languages_have_the_title() {
        assert_ne!(
            Lang::Fr.tr("app-name-tagline"),
            Lang::En.tr("app-name-tagline")
        );
        assert!(Lang::En.has("app-name-tagline"));
    }

    #[test]
    fn numbers_are_grouped_as_each_language_writes_them() {
        assert_eq!(number(Lang::En, 1234567), "1,234,567");
        assert_eq!(number(Lang::Fr, 25000), "25\u{202f}000");
        assert_eq!(number(Lang::Fr, 999), "999");
    }
}

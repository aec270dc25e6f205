//! The space name: the sub-domain label the approved space will live under.

use serde::Serialize;

use super::problem::Problem;

/// Labels kept for the host's own services, or that would confuse people.
pub const RESERVED: &[&str] = &[
    "abuse",
    "account",
    "accounts",
    "admin",
    "administrateur",
    "administrator",
    "api",
    "app",
    "assets",
    "auth",
    "autoconfig",
    "autodiscover",
    "billing",
    "blog",
    "cdn",
    "chat",
    "cloud",
    "collabora",
    "contact",
    "dashboard",
    "demo",
    "dev",
    "dns",
    "docs",
    "email",
    "forum",
    "ftp",
    "git",
    "help",
    "hostmaster",
    "imap",
    "info",
    "localhost",
    "login",
    "mail",
    "mx",
    "news",
    "nextcloud",
    "ns",
    "ns1",
    "ns2",
    "office",
    "onlyoffice",
    "passeur",
    "pop",
    "pop3",
    "portal",
    "postmaster",
    "proxy",
    "root",
    "security",
    "shop",
    "smtp",
    "sso",
    "staging",
    "static",
    "status",
    "support",
    "test",
    "vpn",
    "webmail",
    "webmaster",
    "wiki",
    "www",
];

/// A valid, not reserved sub-domain label: 3 to 63 characters among
/// `a-z`, `0-9` and `-`, neither starting nor ending with a hyphen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpaceName(String);

impl SpaceName {
    /// Reads a space name; letters are lowered and surrounding spaces
    /// dropped, everything else must already be right.
    pub fn parse(input: &str) -> Result<SpaceName, Problem> {
        let name = input.trim().to_ascii_lowercase();
        if name.is_empty() {
            return Err(Problem::new("error-required"));
        }
        let len = name.chars().count();
        if len < 3 {
            return Err(Problem::new("error-too-short").with("min", 3));
        }
        if len > 63 {
            return Err(Problem::new("error-too-long").with("max", 63));
        }
        if !name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(Problem::new("error-space-name-characters"));
        }
        if name.starts_with('-') || name.ends_with('-') {
            return Err(Problem::new("error-space-name-hyphen"));
        }
        // "xn--" labels are punycode: they would display as another name.
        if name.get(2..4) == Some("--") {
            return Err(Problem::new("error-space-name-reserved"));
        }
        if RESERVED.contains(&name.as_str()) {
            return Err(Problem::new("error-space-name-reserved"));
        }
        Ok(SpaceName(name))
    }

    /// The label.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn good_names_are_lowered_and_kept() {
        assert_eq!(
            SpaceName::parse(" AMAP-des-Cotes ").unwrap().as_str(),
            "amap-des-cotes"
        );
        assert_eq!(SpaceName::parse("abc").unwrap().as_str(), "abc");
        assert!(SpaceName::parse(&"a".repeat(63)).is_ok());
    }

    #[test]
    fn each_rule_has_its_own_message() {
        let key = |s: &str| SpaceName::parse(s).unwrap_err().key;
        assert_eq!(key(""), "error-required");
        assert_eq!(key("ab"), "error-too-short");
        assert_eq!(key(&"a".repeat(64)), "error-too-long");
        assert_eq!(key("les_amis"), "error-space-name-characters");
        assert_eq!(key("café-asso"), "error-space-name-characters");
        assert_eq!(key("-amis"), "error-space-name-hyphen");
        assert_eq!(key("amis-"), "error-space-name-hyphen");
        assert_eq!(key("www"), "error-space-name-reserved");
        assert_eq!(key("Admin"), "error-space-name-reserved");
        assert_eq!(key("xn--caf-dma"), "error-space-name-reserved");
    }

    proptest! {
        #[test]
        fn no_input_makes_the_parser_panic(s in "\\PC*") {
            let _ = SpaceName::parse(&s);
        }

        #[test]
        fn whatever_parses_is_a_valid_dns_label(s in "[a-zA-Z0-9 -]{0,70}") {
            if let Ok(name) = SpaceName::parse(&s) {
                let n = name.as_str();
                prop_assert!((3..=63).contains(&n.len()));
                prop_assert!(n.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
                prop_assert!(!n.starts_with('-') && !n.ends_with('-'));
                prop_assert!(!RESERVED.contains(&n));
            }
        }
    }
}

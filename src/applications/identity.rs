//! Who applies: names, free texts, address and contact, each a type that
//! parses so that control characters, header injection or an unusable
//! address cannot reach the database or an e-mail.

use serde::Serialize;

use super::problem::Problem;

/// A single-line text of bounded length, trimmed, with inner runs of
/// whitespace collapsed and no control character.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line(String);

impl Line {
    /// Reads a required line of `min..=max` characters.
    pub fn parse(input: &str, min: usize, max: usize) -> Result<Line, Problem> {
        let collapsed = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.is_empty() {
            return Err(Problem::new("error-required"));
        }
        if collapsed.chars().any(char::is_control) {
            return Err(Problem::new("error-control-characters"));
        }
        check_length(&collapsed, min, max)?;
        Ok(Line(collapsed))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A multi-line text of bounded length: line breaks kept, other control
/// characters refused, trailing spaces trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paragraphs(String);

impl Paragraphs {
    /// Reads a required text of `min..=max` characters.
    pub fn parse(input: &str, min: usize, max: usize) -> Result<Paragraphs, Problem> {
        let text = input.replace("\r\n", "\n").trim().to_string();
        if text.is_empty() {
            return Err(Problem::new("error-required"));
        }
        if text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            return Err(Problem::new("error-control-characters"));
        }
        check_length(&text, min, max)?;
        Ok(Paragraphs(text))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn check_length(text: &str, min: usize, max: usize) -> Result<(), Problem> {
    let len = text.chars().count();
    if len < min {
        return Err(Problem::new("error-too-short").with("min", min as i64));
    }
    if len > max {
        return Err(Problem::new("error-too-long").with("max", max as i64));
    }
    Ok(())
}

/// The contact's e-mail address: one address, no display name, no line
/// break, its domain in lower case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactEmail(String);

impl ContactEmail {
    /// Reads an address as typed (surrounding spaces are dropped).
    pub fn parse(input: &str) -> Result<ContactEmail, Problem> {
        let input = input.trim();
        if input.is_empty() {
            return Err(Problem::new("error-required"));
        }
        if input.len() > 254 {
            return Err(Problem::new("error-too-long").with("max", 254));
        }
        let Some((local, domain)) = input.rsplit_once('@') else {
            return Err(Problem::new("error-email"));
        };
        // validator follows the HTML specification's definition, which
        // already refuses spaces, line breaks, quotes and angle brackets.
        let address = format!("{local}@{}", domain.to_ascii_lowercase());
        if !validator::ValidateEmail::validate_email(&address) || !domain.contains('.') {
            return Err(Problem::new("error-email"));
        }
        Ok(ContactEmail(address))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The structure's website, an http(s) URL; "asso.fr" is read as
/// "https://asso.fr".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Website(String);

impl Website {
    /// Reads an optional website: empty gives `None`.
    pub fn parse(input: &str) -> Result<Option<Website>, Problem> {
        let input = input.trim();
        if input.is_empty() {
            return Ok(None);
        }
        if input.len() > 300 {
            return Err(Problem::new("error-too-long").with("max", 300));
        }
        let candidate = if input.contains("://") {
            input.to_string()
        } else {
            format!("https://{input}")
        };
        let url = url::Url::parse(&candidate).map_err(|_| Problem::new("error-url"))?;
        let host_ok = url
            .host_str()
            .is_some_and(|h| h.contains('.') && !h.starts_with('.') && !h.ends_with('.'));
        if !matches!(url.scheme(), "http" | "https")
            || !host_ok
            || !url.username().is_empty()
            || url.password().is_some()
        {
            return Err(Problem::new("error-url"));
        }
        Ok(Some(Website(url.to_string())))
    }

    /// The URL.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A country, as an ISO 3166-1 alpha-2 code in upper case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Country([u8; 2]);

/// Every officially assigned ISO 3166-1 alpha-2 code.
const ISO_3166_ALPHA2: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

impl Country {
    /// France, the default.
    pub const FRANCE: Country = Country(*b"FR");

    /// Reads a code in any case; empty means France.
    pub fn parse(input: &str) -> Result<Country, Problem> {
        let code = input.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Ok(Country::FRANCE);
        }
        let bytes = code.as_bytes();
        if bytes.len() == 2 && ISO_3166_ALPHA2.split(' ').any(|c| c == code) {
            Ok(Country([bytes[0], bytes[1]]))
        } else {
            Err(Problem::new("error-country"))
        }
    }

    /// The two-letter code.
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("FR")
    }
}

/// A postal code, checked against the country's format where it is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PostalCode(String);

impl PostalCode {
    /// Reads a postal code for `country`.
    pub fn parse(input: &str, country: Option<Country>) -> Result<PostalCode, Problem> {
        let code = input
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_ascii_uppercase();
        if code.is_empty() {
            return Err(Problem::new("error-required"));
        }
        let digits = |n: usize| code.len() == n && code.bytes().all(|b| b.is_ascii_digit());
        let five_digits: [&[u8; 2]; 11] = [
            b"FR", b"MC", b"GP", b"MQ", b"GF", b"RE", b"YT", b"PM", b"NC", b"PF", b"WF",
        ];
        let four_digits: [&[u8; 2]; 5] = [b"BE", b"CH", b"LU", b"AT", b"DK"];
        let ok = match country.map(|c| c.0) {
            // France (with overseas territories) and Monaco: five digits.
            Some(ref c) if five_digits.contains(&c) => digits(5),
            Some(ref c) if four_digits.contains(&c) => digits(4),
            _ => {
                (2..=10).contains(&code.len())
                    && code
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'-')
            }
        };
        if ok {
            Ok(PostalCode(code))
        } else {
            Err(Problem::new("error-postal-code"))
        }
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_trimmed_collapsed_and_bounded() {
        assert_eq!(
            Line::parse("  Les   Amis  ", 2, 10).unwrap().as_str(),
            "Les Amis"
        );
        assert_eq!(Line::parse("A", 2, 10).unwrap_err().key, "error-too-short");
        assert_eq!(Line::parse("   ", 2, 10).unwrap_err().key, "error-required");
        assert_eq!(
            Line::parse("é".repeat(11).as_str(), 2, 10).unwrap_err().key,
            "error-too-long"
        );
    }

    #[test]
    fn e_mail_addresses_refuse_header_injection() {
        assert!(ContactEmail::parse("bob@example.org\r\nBcc: x@evil.test").is_err());
        assert!(ContactEmail::parse("Bob <bob@example.org>").is_err());
        assert!(ContactEmail::parse("bob@localhost").is_err());
        assert_eq!(
            ContactEmail::parse(" Bob@Example.ORG ").unwrap().as_str(),
            "Bob@example.org"
        );
    }

    #[test]
    fn websites_get_a_scheme_and_refuse_other_protocols() {
        assert_eq!(
            Website::parse("asso.example.org")
                .unwrap()
                .unwrap()
                .as_str(),
            "https://asso.example.org/"
        );
        assert!(Website::parse("javascript:alert(1)").is_err());
        assert!(Website::parse("ftp://asso.example.org").is_err());
        assert!(Website::parse("https://user:pw@asso.example.org").is_err());
        assert_eq!(Website::parse("").unwrap(), None);
    }

    #[test]
    fn postal_codes_follow_the_country() {
        assert!(PostalCode::parse("75011", Some(Country::FRANCE)).is_ok());
        assert!(PostalCode::parse("7501", Some(Country::FRANCE)).is_err());
        assert!(PostalCode::parse("1000", Country::parse("BE").ok()).is_ok());
        assert!(PostalCode::parse("H2X 1Y4", Country::parse("ca").ok()).is_ok());
    }

    #[test]
    fn countries_are_iso_codes() {
        assert_eq!(Country::parse("be").unwrap().code(), "BE");
        assert_eq!(Country::parse("").unwrap().code(), "FR");
        assert!(Country::parse("XX").is_err());
        assert!(Country::parse("FRA").is_err());
    }

    proptest::proptest! {
        #[test]
        fn no_input_makes_an_identity_parser_panic(s in "\\PC*", t in "\\PC*") {
            let _ = Line::parse(&s, 1, 100);
            let _ = Paragraphs::parse(&s, 1, 5000);
            let _ = ContactEmail::parse(&s);
            let _ = Website::parse(&s);
            let country = Country::parse(&t).ok();
            let _ = PostalCode::parse(&s, country);
        }

        #[test]
        fn an_accepted_address_holds_no_line_break_nor_space(s in "[a-z0-9.@ \r\n_+-]{0,40}") {
            if let Ok(email) = ContactEmail::parse(&s) {
                let e = email.as_str();
                proptest::prop_assert!(!e.contains(['\r', '\n', ' ']), "{e:?}");
                proptest::prop_assert!(e.contains('@'));
            }
        }
    }
}

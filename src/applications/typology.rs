//! The typology of a structure: stable codes (labels are translated) and
//! numbers that parse, so that an out-of-range typology cannot exist.

use serde::{Deserialize, Serialize};

use super::problem::Problem;

/// Declares a closed list of stable codes with parsing and listing.
macro_rules! codes {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code, as stored and sent in webhooks.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Reads a stable code.
            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

codes!(
    /// The legal form of the structure.
    StructureType {
        Association1901 => "association_1901",
        Collectif => "collectif",
        Syndicat => "syndicat",
        Association1907 => "association_1907",
        Other => "other",
    }
);

codes!(
    /// A field of activity; a structure has one or more.
    Sector {
        EducationFormation => "education_formation",
        Environnement => "environnement",
        Culture => "culture",
        Social => "social",
        AmicaleEntraide => "amicale_entraide",
        Loisirs => "loisirs",
        DroitsFondamentaux => "droits_fondamentaux",
        Politique => "politique",
        Economie => "economie",
        Sport => "sport",
        Sante => "sante",
        Recherche => "recherche",
        Justice => "justice",
        SpirituelPhilosophique => "spirituel_philosophique",
        Tourisme => "tourisme",
    }
);

codes!(
    /// The online office suite installed in the space.
    OfficeSuite {
        Collabora => "collabora",
        Onlyoffice => "onlyoffice",
    }
);

impl StructureType {
    /// Reads a code given by the applicant.
    pub fn parse(input: &str) -> Result<StructureType, Problem> {
        match input.trim() {
            "" => Err(Problem::new("error-required-choice")),
            code => StructureType::from_code(code).ok_or_else(|| Problem::new("error-choice")),
        }
    }
}

impl OfficeSuite {
    /// Reads a code; an empty value means the default, Collabora.
    pub fn parse(input: &str) -> Result<OfficeSuite, Problem> {
        match input.trim() {
            "" => Ok(OfficeSuite::Collabora),
            code => OfficeSuite::from_code(code).ok_or_else(|| Problem::new("error-choice")),
        }
    }
}

/// One or more distinct sectors, in the canonical order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sectors(Vec<Sector>);

impl Sectors {
    /// Reads the codes given; duplicates are merged, unknown codes refused.
    pub fn parse<S: AsRef<str>>(inputs: &[S]) -> Result<Sectors, Problem> {
        let mut sectors = Vec::new();
        for input in inputs {
            let code = input.as_ref().trim();
            if code.is_empty() {
                continue;
            }
            let sector = Sector::from_code(code).ok_or_else(|| Problem::new("error-choice"))?;
            if !sectors.contains(&sector) {
                sectors.push(sector);
            }
        }
        if sectors.is_empty() {
            return Err(Problem::new("error-sectors-required"));
        }
        sectors.sort();
        Ok(Sectors(sectors))
    }

    /// The sectors, in canonical order.
    pub fn as_slice(&self) -> &[Sector] {
        &self.0
    }

    /// The codes joined by commas, as stored in the `sectors` column.
    pub fn to_column(&self) -> String {
        self.0
            .iter()
            .map(|s| s.code())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Reads the stored column back; unknown codes (from a newer version)
    /// are skipped rather than failing a whole page.
    pub fn from_column(column: &str) -> Vec<Sector> {
        column.split(',').filter_map(Sector::from_code).collect()
    }
}

/// The year the structure was created: 1800 to this year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CreationYear(i32);

impl CreationYear {
    /// The earliest year accepted.
    pub const MIN: i32 = 1800;

    /// Reads a year, given the current one.
    pub fn parse(input: &str, this_year: i32) -> Result<CreationYear, Problem> {
        let range = || {
            Problem::new("error-year-range")
                .with("min", Self::MIN.into())
                .with("max", this_year.into())
        };
        let input = input.trim();
        if input.is_empty() {
            return Err(Problem::new("error-required"));
        }
        let year: i32 = input.parse().map_err(|_| range())?;
        if (Self::MIN..=this_year).contains(&year) {
            Ok(CreationYear(year))
        } else {
            Err(range())
        }
    }

    /// The year.
    pub fn get(self) -> i32 {
        self.0
    }
}

/// A head count (employees, members, beneficiaries): a whole number ≥ 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HeadCount(i32);

impl HeadCount {
    /// Above this a figure is surely a typing slip (no structure counts a
    /// billion people), and it still fits every database's integer.
    pub const MAX: i32 = 1_000_000_000;

    /// Reads a count; spaces used as thousands separators are accepted.
    pub fn parse(input: &str) -> Result<HeadCount, Problem> {
        let n = parse_whole_number(input)?;
        i32::try_from(n)
            .ok()
            .filter(|n| *n <= Self::MAX)
            .map(HeadCount)
            .ok_or_else(|| Problem::new("error-number-too-large").with("max", Self::MAX.into()))
    }

    /// The count.
    pub fn get(self) -> i32 {
        self.0
    }
}

/// The annual budget in euros, or `None` when the applicant prefers not to
/// say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AnnualBudget(Option<i64>);

impl AnnualBudget {
    /// A trillion euros: beyond it the figure is a slip.
    pub const MAX: i64 = 1_000_000_000_000;

    /// Reads an amount; an empty value means "prefer not to say".
    pub fn parse(input: &str) -> Result<AnnualBudget, Problem> {
        if input.trim().is_empty() {
            return Ok(AnnualBudget(None));
        }
        let n = parse_whole_number(input)?;
        if n > Self::MAX {
            return Err(Problem::new("error-number-too-large").with("max", Self::MAX));
        }
        Ok(AnnualBudget(Some(n)))
    }

    /// The amount, if given.
    pub fn get(self) -> Option<i64> {
        self.0
    }
}

/// Reads a whole number ≥ 0, the way people type them: "1 200", "1200 €",
/// "1.200" are not guessed at, but spaces between digit groups are allowed.
fn parse_whole_number(input: &str) -> Result<i64, Problem> {
    let compact: String = input
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '_'))
        .collect();
    if compact.is_empty() {
        return Err(Problem::new("error-required"));
    }
    if compact.starts_with('-')
        && compact[1..].chars().all(|c| c.is_ascii_digit())
        && compact.len() > 1
    {
        return Err(Problem::new("error-negative"));
    }
    if !compact.chars().all(|c| c.is_ascii_digit()) {
        return Err(Problem::new("error-whole-number"));
    }
    compact
        .parse::<i64>()
        .map_err(|_| Problem::new("error-number-too-large").with("max", AnnualBudget::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_as_itself() {
        for s in StructureType::ALL {
            assert_eq!(StructureType::from_code(s.code()), Some(*s));
        }
        for s in Sector::ALL {
            assert_eq!(Sector::from_code(s.code()), Some(*s));
        }
        assert_eq!(Sector::ALL.len(), 15);
    }

    #[test]
    fn sectors_are_deduplicated_and_need_one() {
        let s = Sectors::parse(&["culture", "sport", "culture"]).unwrap();
        assert_eq!(s.as_slice(), &[Sector::Culture, Sector::Sport]);
        assert_eq!(
            Sectors::parse::<&str>(&[]).unwrap_err().key,
            "error-sectors-required"
        );
        assert_eq!(
            Sectors::parse(&["knitting"]).unwrap_err().key,
            "error-choice"
        );
    }

    #[test]
    fn creation_year_is_bounded_by_1800_and_this_year() {
        assert!(CreationYear::parse("1799", 2026).is_err());
        assert!(CreationYear::parse("2027", 2026).is_err());
        assert_eq!(CreationYear::parse(" 2017 ", 2026).unwrap().get(), 2017);
        assert_eq!(
            CreationYear::parse("", 2026).unwrap_err().key,
            "error-required"
        );
    }

    #[test]
    fn head_counts_accept_grouped_digits_and_refuse_the_rest() {
        assert_eq!(HeadCount::parse("1 200").unwrap().get(), 1200);
        assert_eq!(HeadCount::parse("0").unwrap().get(), 0);
        assert_eq!(HeadCount::parse("-3").unwrap_err().key, "error-negative");
        assert_eq!(
            HeadCount::parse("douze").unwrap_err().key,
            "error-whole-number"
        );
        assert_eq!(
            HeadCount::parse("2.5").unwrap_err().key,
            "error-whole-number"
        );
        assert_eq!(
            HeadCount::parse("99999999999999999999999").unwrap_err().key,
            "error-number-too-large"
        );
    }

    #[test]
    fn an_empty_budget_means_prefer_not_to_say() {
        assert_eq!(AnnualBudget::parse("").unwrap().get(), None);
        assert_eq!(AnnualBudget::parse("3 500").unwrap().get(), Some(3500));
    }

    proptest::proptest! {
        #[test]
        fn no_input_makes_a_typology_parser_panic(s in "\\PC*", list in proptest::collection::vec("\\PC*", 0..20)) {
            let _ = StructureType::parse(&s);
            let _ = OfficeSuite::parse(&s);
            let _ = Sectors::parse(&list);
            let _ = CreationYear::parse(&s, 2026);
            let _ = HeadCount::parse(&s);
            let _ = AnnualBudget::parse(&s);
            let _ = Sectors::from_column(&s);
        }

        #[test]
        fn a_parsed_figure_is_never_negative(s in "[ 0-9+-.,]{0,24}") {
            if let Ok(n) = HeadCount::parse(&s) {
                proptest::prop_assert!(n.get() >= 0);
            }
            if let Ok(Some(b)) = AnnualBudget::parse(&s).map(|b| b.get()) {
                proptest::prop_assert!(b >= 0);
            }
        }
    }
}

//! The brackets figures are counted in, chosen after the host's own
//! distribution (DESIGN.md §1): most associations have no employee, half
//! under 30 members, half a budget under 4 000 €, and the outliers the
//! moderators watch start where the flags do.

pub use crate::i18n::number;
use crate::i18n::{FluentArg, Lang};

/// A closed range of values; an open end is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bracket {
    pub lo: Option<i64>,
    pub hi: Option<i64>,
}

const fn b(lo: Option<i64>, hi: Option<i64>) -> Bracket {
    Bracket { lo, hi }
}

/// Years of creation.
pub const CREATION_YEAR: &[Bracket] = &[
    b(None, Some(1949)),
    b(Some(1950), Some(1979)),
    b(Some(1980), Some(1999)),
    b(Some(2000), Some(2009)),
    b(Some(2010), Some(2016)),
    b(Some(2017), None),
];

/// Employees.
pub const EMPLOYEES: &[Bracket] = &[
    b(Some(0), Some(0)),
    b(Some(1), Some(2)),
    b(Some(3), Some(5)),
    b(Some(6), Some(20)),
    b(Some(21), None),
];

/// Members.
pub const MEMBERS: &[Bracket] = &[
    b(Some(0), Some(9)),
    b(Some(10), Some(29)),
    b(Some(30), Some(100)),
    b(Some(101), Some(500)),
    b(Some(501), None),
];

/// Beneficiaries.
pub const BENEFICIARIES: &[Bracket] = &[
    b(Some(0), Some(49)),
    b(Some(50), Some(99)),
    b(Some(100), Some(999)),
    b(Some(1000), Some(25_000)),
    b(Some(25_001), None),
];

/// Annual budget in euros (those who preferred not to say are counted
/// apart).
pub const BUDGET: &[Bracket] = &[
    b(Some(0), Some(0)),
    b(Some(1), Some(3_999)),
    b(Some(4_000), Some(9_999)),
    b(Some(10_000), Some(50_000)),
    b(Some(50_001), None),
];

impl Bracket {
    /// Whether `v` falls in the bracket.
    pub fn contains(&self, v: i64) -> bool {
        self.lo.is_none_or(|lo| v >= lo) && self.hi.is_none_or(|hi| v <= hi)
    }

    /// A stable code for CSV files: `0`, `1-2`, `21+`, `-1949`.
    pub fn code(&self) -> String {
        match (self.lo, self.hi) {
            (Some(lo), Some(hi)) if lo == hi => lo.to_string(),
            (Some(lo), Some(hi)) => format!("{lo}-{hi}"),
            (Some(lo), None) => format!("{lo}+"),
            (None, Some(hi)) => format!("-{hi}"),
            (None, None) => "all".into(),
        }
    }

    /// The bracket in words; `years` says the values are years (not
    /// grouped in thousands).
    pub fn label(&self, lang: Lang, years: bool) -> String {
        let n = |v: i64| {
            if years {
                v.to_string()
            } else {
                number(lang, v)
            }
        };
        match (self.lo, self.hi) {
            (Some(lo), Some(hi)) if lo == hi => n(lo),
            (Some(lo), Some(hi)) => format!("{}–{}", n(lo), n(hi)),
            (Some(lo), None) if years => {
                lang.tr_args("stats-since-year", &[("n", FluentArg::Text(n(lo)))])
            }
            (None, Some(hi)) if years => {
                lang.tr_args("stats-before-year", &[("n", FluentArg::Text(n(hi + 1)))])
            }
            (Some(lo), None) => lang.tr_args("stats-at-least", &[("n", FluentArg::Text(n(lo)))]),
            (None, Some(hi)) => lang.tr_args("stats-up-to", &[("n", FluentArg::Text(n(hi)))]),
            (None, None) => lang.tr("stats-all"),
        }
    }
}

/// Counts `(value, count)` pairs into `brackets`, in order.
pub fn count_into(brackets: &[Bracket], values: &[(i64, i64)]) -> Vec<i64> {
    brackets
        .iter()
        .map(|b| {
            values
                .iter()
                .filter(|(v, _)| b.contains(*v))
                .map(|(_, n)| n)
                .sum()
        })
        .collect()
}

/// The value a wait of `hours` (confirmation to first decision) is kept
/// under: the hour itself for the first two days, then the day's first
/// hour up to thirty days, then the week's (none is below zero). A day of
/// counts then holds a few dozen values, not one per hour of a two-month
/// wait; every bound of the dashboard's wait brackets (1, 3, 7 and 14
/// days) stays exact. The migration's `application_figures` view says the
/// same in SQL.
pub fn wait_bucket(hours: i64) -> i64 {
    match hours {
        // A decision dated before its confirmation (a clock set back).
        ..0 => 0,
        0..48 => hours,
        48..720 => hours / 24 * 24,
        _ => hours / 168 * 168,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_is_kept_by_the_hour_then_the_day_then_the_week() {
        let kept: Vec<i64> = [0, 47, 48, 71, 72, 719, 720, 839, 840]
            .into_iter()
            .map(wait_bucket)
            .collect();
        assert_eq!(kept, [0, 47, 48, 48, 72, 696, 672, 672, 840]);
        assert_eq!(
            wait_bucket(-3),
            0,
            "a decision dated before its confirmation"
        );
        // The dashboard's wait brackets start on kept values.
        for bound in [24, 72, 168, 336] {
            assert_eq!(wait_bucket(bound), bound);
        }
    }

    #[test]
    fn every_value_falls_in_exactly_one_bracket_of_each_list() {
        for list in [EMPLOYEES, MEMBERS, BENEFICIARIES, BUDGET] {
            for v in [
                0, 1, 2, 3, 9, 10, 29, 30, 100, 101, 999, 4_000, 25_000, 25_001, 50_000, 50_001,
                10_000_000,
            ] {
                assert_eq!(list.iter().filter(|b| b.contains(v)).count(), 1, "{v}");
            }
        }
        for y in [1800, 1949, 1950, 2016, 2017, 2026] {
            assert_eq!(
                CREATION_YEAR.iter().filter(|b| b.contains(y)).count(),
                1,
                "{y}"
            );
        }
    }

    #[test]
    fn values_are_summed_into_their_brackets() {
        let counts = count_into(EMPLOYEES, &[(0, 7), (2, 1), (1, 2), (40, 1)]);
        assert_eq!(counts, vec![7, 3, 0, 0, 1]);
    }

    #[test]
    fn open_brackets_have_readable_codes() {
        assert_eq!(
            Bracket {
                lo: Some(21),
                hi: None
            }
            .code(),
            "21+"
        );
    }
}

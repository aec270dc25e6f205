//! The figures, read from the sums the database keeps up to date as
//! applications and decisions change (the `statistic_counts` and
//! `decision_counts` tables, kept by triggers: see their migration). A
//! period sums one row per month, figure and value for its whole months
//! and the days' rows at its ends, so the page costs about the same at a
//! thousand applications as at a million.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate, TimeDelta};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};

use super::{Figures, ModeratorCount, Scope};
use crate::db::schema::{decision_counts, statistic_counts};
use crate::db::{DbConn, MultiBackend};

/// The figures the sums hold. `structure_type`, one per application, also
/// counts the applications; numbers are kept as the lowest value of their
/// bracket (see [`super::brackets`]), an empty budget meaning "prefer not
/// to say".
const FIGURES: [&str; 8] = [
    "structure_type",
    "sector",
    "creation_year",
    "employees",
    "members",
    "beneficiaries",
    "budget",
    "hours",
];

/// The sum of a group of counts, as a 64-bit integer on both backends
/// (PostgreSQL sums `BIGINT`s into a `NUMERIC`).
fn total() -> diesel::expression::SqlLiteral<BigInt> {
    sql::<BigInt>("CAST(SUM(n) AS BIGINT)")
}

/// Keeps the rows of `$query` (on `$table`) whose day falls in `$scope`'s
/// period.
macro_rules! in_period {
    ($query:expr, $table:ident, $scope:expr) => {{
        let mut q = $query;
        if let Some(from) = $scope.from {
            q = q.filter($table::day.ge(from.to_string()));
        }
        if let Some(to) = $scope.to {
            q = q.filter($table::day.le(to.to_string()));
        }
        q
    }};
}

/// A condition on the kept counts.
type CountFilter =
    Box<dyn BoxableExpression<statistic_counts::table, MultiBackend, SqlType = Bool>>;

/// `(figure, status, value, count)` of the applications confirmed in the
/// scope's period, every status (the scope's status is kept by the caller,
/// which also counts the others). The period is read as its whole months,
/// one row per month and value, and the days before the first and after
/// the last, each a range inside one month (where no month's own key can
/// fall: `YYYY-MM` sorts before `YYYY-MM-01`).
fn sums(conn: &mut DbConn, scope: &Scope) -> QueryResult<Vec<(String, String, String, i64)>> {
    use statistic_counts::dsl as c;
    let Some((first, last)) = period(conn, scope)? else {
        return Ok(Vec::new());
    };
    let (ends, months) = split(first, last);
    let mut filters: Vec<CountFilter> = ends
        .into_iter()
        .map(|(a, b)| -> CountFilter { Box::new(c::day.between(a.to_string(), b.to_string())) })
        .collect();
    if !months.is_empty() {
        filters.push(Box::new(c::day.eq_any(months)));
    }
    let mut rows = Vec::new();
    for filter in filters {
        rows.extend(
            c::statistic_counts
                .filter(c::figure.eq_any(FIGURES))
                .filter(filter)
                .group_by((c::figure, c::status, c::value))
                .select((c::figure, c::status, c::value, total()))
                .load::<(String, String, String, i64)>(conn)?,
        );
    }
    Ok(rows)
}

/// The scope's first and last days, kept within the first and last days
/// anything was counted: a period reaching far past them (a moderator's
/// "until 2030") would otherwise ask for every empty month in between, a
/// list long enough for PostgreSQL's planner to give up the index on the
/// day. `None` when nothing was counted in the period.
fn period(conn: &mut DbConn, scope: &Scope) -> QueryResult<Option<(NaiveDate, NaiveDate)>> {
    use diesel::dsl::{max, min};
    use statistic_counts::dsl as c;
    let (lowest, highest): (Option<String>, Option<String>) = c::statistic_counts
        .filter(c::figure.eq("structure_type"))
        .select((min(c::day), max(c::day)))
        .first(conn)?;
    let (Some(lowest), Some(highest)) = (
        lowest.as_deref().and_then(|k| key_day(k, false)),
        highest.as_deref().and_then(|k| key_day(k, true)),
    ) else {
        return Ok(None);
    };
    let first = scope.from.map_or(lowest, |from| from.max(lowest));
    let last = scope.to.map_or(highest, |to| to.min(highest));
    Ok(Some((first, last)).filter(|(a, b)| a <= b))
}

/// The day of a count's key: a day's own (`YYYY-MM-DD`), or a month's
/// (`YYYY-MM`) first day, or its last.
fn key_day(key: &str, last: bool) -> Option<NaiveDate> {
    if let Ok(day) = NaiveDate::parse_from_str(key, "%Y-%m-%d") {
        return Some(day);
    }
    let month = NaiveDate::parse_from_str(&format!("{key}-01"), "%Y-%m-%d").ok()?;
    Some(if last { end_of_month(month) } else { month })
}

/// The last day of `d`'s month.
fn end_of_month(d: NaiveDate) -> NaiveDate {
    let first = d.with_day(1).unwrap_or(d);
    first
        .checked_add_months(Months::new(1))
        .and_then(|next| next.pred_opt())
        .unwrap_or(d)
}

/// Splits `first..=last` into the whole months it covers (`YYYY-MM`) and
/// the ranges of days left at either end, each inside one month.
fn split(first: NaiveDate, last: NaiveDate) -> (Vec<(NaiveDate, NaiveDate)>, Vec<String>) {
    let mut ends = Vec::new();
    let mut months = Vec::new();
    let mut day = first;
    while day <= last {
        let end = end_of_month(day);
        if day.day() == 1 && end <= last {
            months.push(day.format("%Y-%m").to_string());
        } else {
            ends.push((day, end.min(last)));
        }
        match end.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    (ends, months)
}

/// Every figure but the weeks and the decisions, from the sums.
fn from_sums(rows: Vec<(String, String, String, i64)>, scope: &Scope) -> Figures {
    let mut by_status: BTreeMap<String, i64> = BTreeMap::new();
    let mut coded: BTreeMap<(String, String), i64> = BTreeMap::new();
    let mut numbers: BTreeMap<(String, i64), i64> = BTreeMap::new();
    let mut f = Figures::default();
    for (figure, status, value, n) in rows {
        if n == 0 {
            // Every application once counted there has moved on.
            continue;
        }
        if figure == "structure_type" {
            *by_status.entry(status.clone()).or_default() += n;
        }
        if scope.status.is_some_and(|want| want.code() != status) {
            continue;
        }
        match figure.as_str() {
            "structure_type" | "sector" => {
                if figure == "structure_type" {
                    f.total += n;
                }
                *coded.entry((figure, value)).or_default() += n;
            }
            "budget" if value.is_empty() => f.budget_undisclosed += n,
            _ => {
                if let Ok(v) = value.parse::<i64>() {
                    *numbers.entry((figure, v)).or_default() += n;
                }
            }
        }
    }
    f.by_status = by_status.into_iter().collect();
    for ((figure, value), n) in coded {
        match figure.as_str() {
            "structure_type" => f.structure_types.push((value, n)),
            _ => f.sectors.push((value, n)),
        }
    }
    for ((figure, value), n) in numbers {
        let list = match figure.as_str() {
            "creation_year" => &mut f.creation_years,
            "employees" => &mut f.employees,
            "members" => &mut f.members,
            "beneficiaries" => &mut f.beneficiaries,
            "budget" => &mut f.budgets,
            _ => &mut f.decision_hours,
        };
        list.push((value, n));
    }
    f
}

/// The counts per status and the typology of the applications in `scope`:
/// what the public page shows. The time and moderation figures stay empty.
pub fn typology(conn: &mut DbConn, scope: &Scope) -> QueryResult<Figures> {
    Ok(Figures {
        decision_hours: Vec::new(),
        ..from_sums(sums(conn, scope)?, scope)
    })
}

/// Every figure of the dashboard for `scope`: the typology, and the time
/// and moderation figures.
pub fn figures(conn: &mut DbConn, scope: &Scope) -> QueryResult<Figures> {
    let (by_moderator, refusal_reasons) = decisions_in(conn, scope)?;
    Ok(Figures {
        per_week: weeks(&per_day(conn, scope)?),
        by_moderator,
        refusal_reasons,
        ..from_sums(sums(conn, scope)?, scope)
    })
}

/// Confirmations per day (`YYYY-MM-DD`).
fn per_day(conn: &mut DbConn, scope: &Scope) -> QueryResult<Vec<(String, i64)>> {
    use statistic_counts::dsl as c;
    let mut q = in_period!(
        c::statistic_counts
            .filter(c::figure.eq("structure_type"))
            .group_by(c::day)
            .select((c::day, total()))
            .into_boxed(),
        statistic_counts,
        scope
    );
    if let Some(status) = scope.status {
        q = q.filter(c::status.eq(status.code()));
    }
    // The days' own counts, not the months'.
    q = q.filter(sql::<Bool>("length(day) = 10"));
    Ok(q.load::<(String, i64)>(conn)?
        .into_iter()
        .filter(|(_, n)| *n != 0)
        .collect())
}

/// Folds days into weeks starting on Monday, every week of the span listed
/// (empty weeks too, so the chart shows the gaps).
fn weeks(per_day: &[(String, i64)]) -> Vec<(NaiveDate, i64)> {
    let mut counts: std::collections::BTreeMap<NaiveDate, i64> = Default::default();
    for (day, n) in per_day {
        if let Ok(d) = NaiveDate::parse_from_str(day.get(..10).unwrap_or(day), "%Y-%m-%d") {
            *counts.entry(monday_of(d)).or_default() += n;
        }
    }
    let (Some(first), Some(last)) = (counts.keys().next().copied(), counts.keys().last().copied())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut week = first;
    while week <= last {
        out.push((week, counts.get(&week).copied().unwrap_or(0)));
        week += TimeDelta::days(7);
    }
    out
}

/// The Monday of `d`'s week.
pub fn monday_of(d: NaiveDate) -> NaiveDate {
    d - TimeDelta::days(d.weekday().num_days_from_monday().into())
}

/// Decisions taken in the scope's period (whatever the application's
/// status now): per moderator and kind, and refusals per reason.
#[allow(clippy::type_complexity)]
fn decisions_in(
    conn: &mut DbConn,
    scope: &Scope,
) -> QueryResult<(Vec<ModeratorCount>, Vec<(String, i64)>)> {
    use decision_counts::dsl as d;
    let rows: Vec<(String, String, String, String, i64)> = in_period!(
        d::decision_counts
            .filter(d::kind.eq_any(["approve", "refuse", "request_info"]))
            .group_by((d::actor, d::actor_name, d::kind, d::reason))
            .select((d::actor, d::actor_name, d::kind, d::reason, total()))
            .into_boxed(),
        decision_counts,
        scope
    )
    .load(conn)?;
    let mut people: Vec<ModeratorCount> = Vec::new();
    let mut reasons: Vec<(String, i64)> = Vec::new();
    // A person with no decision left in the period (all deleted with
    // their applications) is not listed.
    for (actor, name, kind, reason, n) in rows.into_iter().filter(|r| r.4 != 0) {
        let i = match people.iter().position(|p| p.actor == actor) {
            Some(i) => i,
            None => {
                people.push(ModeratorCount {
                    actor: actor.clone(),
                    name: name.clone(),
                    ..ModeratorCount::default()
                });
                people.len() - 1
            }
        };
        let p = &mut people[i];
        match kind.as_str() {
            "approve" => p.approved += n,
            "refuse" => {
                p.refused += n;
                match reasons.iter_mut().find(|(r, _)| *r == reason) {
                    Some((_, total)) => *total += n,
                    None => reasons.push((reason, n)),
                }
            }
            _ => p.info_requested += n,
        }
        // The latest name wins when a moderator was renamed.
        p.name = name;
    }
    people.sort_by(|a, b| b.total().cmp(&a.total()).then(a.name.cmp(&b.name)));
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok((people, reasons))
}

/// Nearest-rank percentile `p` (0–100) of a `(value, count)` histogram.
pub fn percentile(histogram: &[(i64, i64)], p: u32) -> Option<i64> {
    let mut sorted = histogram.to_vec();
    sorted.sort();
    let total: i64 = sorted.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return None;
    }
    // The smallest value whose cumulative count reaches ⌈p·total/100⌉.
    let rank = (i64::from(p) * total + 99) / 100;
    let mut seen = 0;
    for (v, n) in sorted {
        seen += n;
        if seen >= rank.max(1) {
            return Some(v);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let h = [(1, 1), (2, 1), (3, 1), (4, 1), (10, 1)];
        assert_eq!(percentile(&h, 50), Some(3));
        assert_eq!(percentile(&h, 90), Some(10));
        assert_eq!(percentile(&[(5, 4)], 90), Some(5));
        assert_eq!(percentile(&[], 50), None);
    }

    #[test]
    fn a_period_reads_its_whole_months_and_the_days_at_its_ends() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            split(d("2024-01-15"), d("2024-04-10")),
            (
                vec![
                    (d("2024-01-15"), d("2024-01-31")),
                    (d("2024-04-01"), d("2024-04-10"))
                ],
                vec!["2024-02".to_string(), "2024-03".to_string()]
            )
        );
        assert_eq!(
            split(d("2024-02-01"), d("2024-02-29")),
            (vec![], vec!["2024-02".to_string()])
        );
        assert_eq!(
            split(d("2024-01-20"), d("2024-02-10")),
            (
                vec![
                    (d("2024-01-20"), d("2024-01-31")),
                    (d("2024-02-01"), d("2024-02-10"))
                ],
                vec![]
            )
        );
        assert_eq!(
            split(d("2024-03-05"), d("2024-03-05")),
            (vec![(d("2024-03-05"), d("2024-03-05"))], vec![])
        );
        assert_eq!(key_day("2024-02", false), Some(d("2024-02-01")));
        assert_eq!(key_day("2024-02", true), Some(d("2024-02-29")));
        assert_eq!(key_day("2024-02-10", true), Some(d("2024-02-10")));
        assert_eq!(end_of_month(d("2023-02-10")), d("2023-02-28"));
        assert_eq!(end_of_month(d("2024-12-31")), d("2024-12-31"));
    }

    #[test]
    fn days_fold_into_mondays_with_empty_weeks_kept() {
        let w = weeks(&[
            ("2026-11-18".into(), 2),
            ("2026-11-23".into(), 1),
            ("2026-12-09".into(), 4),
        ]);
        let monday = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            w,
            vec![
                (monday("2026-11-16"), 2),
                (monday("2026-11-23"), 1),
                (monday("2026-11-30"), 0),
                (monday("2026-12-07"), 4),
            ]
        );
    }
}

//! The figures, counted by the database: every distribution is one
//! `GROUP BY` over the applications in scope (through the status and
//! confirmation-date index), so the page costs a few aggregate queries
//! whatever the number of applications.

use chrono::{Datelike, NaiveDate, TimeDelta};
use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use super::{Figures, ModeratorCount, Scope};
use crate::db::schema::{application_sectors, applications, decisions};
use crate::db::{backend, DbConn};

/// The applications in `scope`, as a boxed query others refine.
macro_rules! scoped {
    ($query:expr, $scope:expr) => {{
        let mut q = $query
            .into_boxed()
            .filter(applications::confirmed_at.is_not_null());
        if let Some(status) = $scope.status {
            q = q.filter(applications::status.eq(status.code()));
        }
        if let Some(from) = $scope.start() {
            q = q.filter(applications::confirmed_at.ge(from));
        }
        if let Some(end) = $scope.end() {
            q = q.filter(applications::confirmed_at.lt(end));
        }
        q
    }};
}

/// `(value, count)` of one column of the applications in `scope`.
macro_rules! count_by {
    ($conn:expr, $column:expr, $scope:expr) => {
        scoped!(
            applications::table
                .group_by($column)
                .select(($column, count_star())),
            $scope
        )
        .load($conn)
    };
}

/// Integer values widened for the brackets.
fn widen(rows: Vec<(i32, i64)>) -> Vec<(i64, i64)> {
    rows.into_iter().map(|(v, n)| (i64::from(v), n)).collect()
}

/// The counts per status and the typology of the applications in `scope`:
/// what the public page shows. The time and moderation figures stay empty.
pub fn typology(conn: &mut DbConn, scope: &Scope) -> QueryResult<Figures> {
    let all_statuses = Scope {
        status: None,
        ..scope.clone()
    };
    let by_status: Vec<(String, i64)> = count_by!(conn, applications::status, all_statuses)?;
    let sectors: Vec<(String, i64)> = scoped!(
        application_sectors::table
            .inner_join(applications::table)
            .group_by(application_sectors::sector)
            .select((application_sectors::sector, count_star())),
        scope
    )
    .load(conn)?;
    let budgets: Vec<(Option<i64>, i64)> = count_by!(conn, applications::annual_budget_eur, scope)?;
    Ok(Figures {
        total: by_status
            .iter()
            .filter(|(s, _)| scope.status.is_none_or(|want| want.code() == s))
            .map(|(_, n)| n)
            .sum(),
        by_status,
        structure_types: count_by!(conn, applications::structure_type, scope)?,
        sectors,
        creation_years: widen(count_by!(conn, applications::creation_year, scope)?),
        employees: widen(count_by!(conn, applications::employees, scope)?),
        members: widen(count_by!(conn, applications::members, scope)?),
        beneficiaries: widen(count_by!(conn, applications::beneficiaries, scope)?),
        budget_undisclosed: budgets
            .iter()
            .filter(|(b, _)| b.is_none())
            .map(|(_, n)| n)
            .sum(),
        budgets: budgets
            .into_iter()
            .filter_map(|(b, n)| b.map(|b| (b, n)))
            .collect(),
        ..Figures::default()
    })
}

/// Every figure of the dashboard for `scope`: the typology, and the time
/// and moderation figures.
pub fn figures(conn: &mut DbConn, scope: &Scope) -> QueryResult<Figures> {
    let (by_moderator, refusal_reasons) = decisions_in(conn, scope)?;
    Ok(Figures {
        per_week: weeks(&per_day(conn, scope)?),
        decision_hours: decision_hours(conn, scope)?,
        by_moderator,
        refusal_reasons,
        ..typology(conn, scope)?
    })
}

/// Confirmations per day (`YYYY-MM-DD`).
fn per_day(conn: &mut DbConn, scope: &Scope) -> QueryResult<Vec<(String, i64)>> {
    let day = backend::confirmation_day(conn);
    scoped!(
        applications::table
            .group_by(sql::<Text>(day))
            .select((sql::<Text>(day), count_star())),
        scope
    )
    .load(conn)
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

/// `(whole hours from confirmation to first decision, count)` of the
/// decided applications in scope.
fn decision_hours(conn: &mut DbConn, scope: &Scope) -> QueryResult<Vec<(i64, i64)>> {
    let hours = backend::hours_to_decision(conn);
    scoped!(
        applications::table
            .filter(applications::decided_at.is_not_null())
            .group_by(sql::<BigInt>(hours))
            .select((sql::<BigInt>(hours), count_star())),
        scope
    )
    .load(conn)
}

/// Decisions taken in the scope's period (whatever the application's
/// status now): per moderator and kind, and refusals per reason.
#[allow(clippy::type_complexity)]
fn decisions_in(
    conn: &mut DbConn,
    scope: &Scope,
) -> QueryResult<(Vec<ModeratorCount>, Vec<(String, i64)>)> {
    let mut q = decisions::table
        .filter(decisions::kind.eq_any(["approve", "refuse", "request_info"]))
        .group_by((
            decisions::actor,
            decisions::actor_name,
            decisions::kind,
            decisions::reason,
        ))
        .select((
            decisions::actor,
            decisions::actor_name,
            decisions::kind,
            decisions::reason,
            count_star(),
        ))
        .into_boxed();
    if let Some(from) = scope.start() {
        q = q.filter(decisions::created_at.ge(from));
    }
    if let Some(end) = scope.end() {
        q = q.filter(decisions::created_at.lt(end));
    }
    let rows: Vec<(String, String, String, Option<String>, i64)> = q.load(conn)?;
    let mut people: Vec<ModeratorCount> = Vec::new();
    let mut reasons: Vec<(String, i64)> = Vec::new();
    for (actor, name, kind, reason, n) in rows {
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
                let reason = reason.unwrap_or_default();
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

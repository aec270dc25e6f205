//! Flags that explain themselves: what a moderator should notice about an
//! application (a figure out of the usual range, a possible duplicate, an
//! earlier refusal), computed when it is submitted or edited.

use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::Application;
use crate::db::schema::{application_flags, applications};
use crate::db::{insert_row, on_backend, DbConn};

/// The figures beyond which a typology value is flagged. A local group often
/// quotes its national body's figures; these catch it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    /// More employees than this is flagged.
    pub employees: i32,
    /// More beneficiaries than this is flagged.
    pub beneficiaries: i32,
    /// A budget above this (euros) is flagged.
    pub budget_eur: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            employees: 20,
            beneficiaries: 25_000,
            budget_eur: 50_000,
        }
    }
}

/// The kinds of flag, as stored.
pub const KINDS: &[&str] = &[
    "outlier_employees",
    "outlier_beneficiaries",
    "outlier_budget",
    "duplicate_email",
    "duplicate_name",
    "duplicate_website",
    "previous_refusal",
];

/// One flag as stored: its kind, what triggered it, and the other
/// application it points to.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Serialize)]
pub struct Flag {
    pub application_id: String,
    pub kind: String,
    /// The figure for an outlier, the other application's name for the rest.
    pub detail: String,
    pub related_id: Option<String>,
}

/// The one state whose applications do not count as possible duplicates: a
/// withdrawal (refused ones count, so that a refused structure trying again
/// is seen).
const NOT_COMPARED: &str = "withdrawn";

/// Computes the flags of one application, given the others in the database.
pub fn compute(
    conn: &mut DbConn,
    facts: &Application,
    limits: &Thresholds,
) -> QueryResult<Vec<Flag>> {
    let mut flags: Vec<Flag> = Vec::new();
    let mut push = |kind: &str, detail: String, related: Option<String>| {
        let flag = Flag {
            application_id: facts.id.to_string(),
            kind: kind.into(),
            detail,
            related_id: related,
        };
        // One flag per kind and wording: two earlier applications under the
        // same name make one flag (the detail page lists them all).
        if !flags
            .iter()
            .any(|f: &Flag| f.kind == flag.kind && f.detail == flag.detail)
        {
            flags.push(flag);
        }
    };
    if facts.employees > limits.employees {
        push("outlier_employees", facts.employees.to_string(), None);
    }
    if facts.beneficiaries > limits.beneficiaries {
        push(
            "outlier_beneficiaries",
            facts.beneficiaries.to_string(),
            None,
        );
    }
    if let Some(budget) = facts.annual_budget_eur.filter(|b| *b > limits.budget_eur) {
        push("outlier_budget", budget.to_string(), None);
    }

    type Other = (String, String, String);
    let others = |conn: &mut DbConn, column: &str, value: &str| -> QueryResult<Vec<Other>> {
        // The five earliest others, read in the order of an index on the
        // value and the date (migration `000011_duplicates_by_date`): a
        // name that thousands share costs five rows, not a sort of them
        // all, and PostgreSQL has no reason to walk every application by
        // date instead. `<>` rather than `NOT IN`: SQLite's diesel caches
        // only statements without lists.
        let base = applications::table
            .filter(applications::id.ne(&facts.id))
            .filter(applications::status.ne(NOT_COMPARED))
            .select((
                applications::id,
                applications::organisation_name,
                applications::status,
            ))
            // The date alone, the index's own order: with a second key
            // PostgreSQL would sort, and a plan made while the table was
            // small could then read every match.
            .order(applications::created_at.asc())
            .limit(5);
        match column {
            "email" => on_backend!(conn, |c| base
                .filter(applications::contact_email.eq(value))
                .load(c)),
            "name" => on_backend!(conn, |c| base
                .filter(applications::name_key.eq(value))
                .load(c)),
            _ => on_backend!(conn, |c| base
                .filter(applications::website.eq(value))
                .load(c)),
        }
    };
    let mut check = |conn: &mut DbConn, kind: &str, column: &str, value: &str| -> QueryResult<()> {
        for (id, name, status) in others(conn, column, value)? {
            if status == "refused" {
                push("previous_refusal", name.clone(), Some(id.clone()));
            }
            push(kind, name, Some(id));
        }
        Ok(())
    };
    check(conn, "duplicate_email", "email", &facts.contact_email)?;
    if !facts.name_key.is_empty() {
        check(conn, "duplicate_name", "name", &facts.name_key)?;
    }
    if let Some(website) = facts.website.as_deref() {
        check(conn, "duplicate_website", "website", website)?;
    }
    Ok(flags)
}

/// Computes the flags of an application and stores them in place of the
/// old ones.
pub fn refresh(conn: &mut DbConn, app: &Application, limits: &Thresholds) -> QueryResult<()> {
    let found = compute(conn, app, limits)?;
    store(conn, &app.id, &found)
}

/// Computes and stores the flags of an application just inserted, which
/// has none yet to replace.
pub fn first(conn: &mut DbConn, app: &Application, limits: &Thresholds) -> QueryResult<()> {
    let found = compute(conn, app, limits)?;
    add(conn, &found)
}

/// Replaces the stored flags of an application.
pub fn store(conn: &mut DbConn, application_id: &str, flags: &[Flag]) -> QueryResult<()> {
    diesel::delete(
        application_flags::table.filter(application_flags::application_id.eq(application_id)),
    )
    .execute(conn)?;
    add(conn, flags)
}

/// Stores `flags` beside those already stored.
fn add(conn: &mut DbConn, flags: &[Flag]) -> QueryResult<()> {
    for flag in flags {
        insert_row(
            conn,
            application_flags::table,
            (
                application_flags::application_id.eq(&flag.application_id),
                application_flags::kind.eq(&flag.kind),
                application_flags::detail.eq(&flag.detail),
                application_flags::related_id.eq(&flag.related_id),
            ),
        )?;
    }
    Ok(())
}

/// The flags of the given applications.
pub fn for_applications(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<Flag>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    application_flags::table
        .filter(application_flags::application_id.eq_any(ids))
        .order((application_flags::application_id, application_flags::kind))
        .load(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_thresholds_are_the_hosts_figures() {
        let t = Thresholds::default();
        assert_eq!(
            (t.employees, t.beneficiaries, t.budget_eur),
            (20, 25_000, 50_000)
        );
    }
}

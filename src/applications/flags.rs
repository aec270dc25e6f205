//! Flags that explain themselves: what a moderator should notice about an
//! application (a figure out of the usual range, a possible duplicate, an
//! earlier refusal), computed when it is submitted or edited.

use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::Application;
use crate::db::schema::{application_flags, applications};
use crate::db::{appended, backend, on_backend, DbConn};

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
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Insertable, Serialize)]
#[diesel(table_name = application_flags)]
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

    // The five earliest others sharing each of the contact's address, the
    // name and the website, in one statement (one round trip on
    // PostgreSQL, where they were three). Each part reads an index on its
    // value and the date (migration `000011_duplicates_by_date`) in the
    // index's own order: a name that thousands share costs five rows, not a
    // sort of them all, and PostgreSQL has no reason to walk every
    // application by date instead (with a second key it would sort, and a
    // plan made while the table was small could then read every match).
    // A value the application does not have (no website, a name without a
    // key) is asked as NULL, which equals nothing. `<>` rather than
    // `NOT IN`: SQLite's diesel caches only statements without lists.
    let others = |part: i32| {
        applications::table
            .filter(applications::id.ne(&facts.id))
            .filter(applications::status.ne(NOT_COMPARED))
            .select((
                part.into_sql::<diesel::sql_types::Integer>(),
                applications::id,
                applications::organisation_name,
                applications::status,
                applications::created_at,
            ))
            .order(applications::created_at.asc())
            .limit(5)
    };
    let name = (!facts.name_key.is_empty()).then_some(facts.name_key.as_str());
    let by_email = others(0).filter(applications::contact_email.eq(&facts.contact_email));
    let by_name = others(1).filter(applications::name_key.nullable().eq(name));
    let by_website = others(2).filter(applications::website.eq(facts.website.as_deref()));
    type Other = (i32, String, String, String, chrono::NaiveDateTime);
    let mut found: Vec<Other> = on_backend!(conn, |c| by_email
        .union_all(by_name)
        .union_all(by_website)
        .load(c))?;
    // The parts in turn, each in its order of dates: the first of two
    // applications under the same name gives the flag its link.
    found.sort_by_key(|other| (other.0, other.4));
    for (part, id, name, status, _) in found {
        if status == "refused" {
            push("previous_refusal", name.clone(), Some(id.clone()));
        }
        let kind = match part {
            0 => "duplicate_email",
            1 => "duplicate_name",
            _ => "duplicate_website",
        };
        push(kind, name, Some(id));
    }
    Ok(flags)
}

/// Computes the flags of an application and stores them in place of the
/// old ones.
pub fn refresh(conn: &mut DbConn, app: &Application, limits: &Thresholds) -> QueryResult<()> {
    let found = compute(conn, app, limits)?;
    store(conn, &app.id, &found)
}

/// Computes and stores the flags of an application this very write
/// inserted, which has none yet to replace. They wait to be written with
/// the rest of its group's (see [`crate::db::appended`]): no other write
/// knows the new application, and the erasure of one they point to writes
/// them first.
pub fn first(conn: &mut DbConn, app: &Application, limits: &Thresholds) -> QueryResult<()> {
    for flag in compute(conn, app, limits)? {
        appended::append(conn, flag, add)?;
    }
    Ok(())
}

/// Replaces the stored flags of an application.
pub fn store(conn: &mut DbConn, application_id: &str, flags: &[Flag]) -> QueryResult<()> {
    diesel::delete(
        application_flags::table.filter(application_flags::application_id.eq(application_id)),
    )
    .execute(conn)?;
    add(conn, flags)
}

/// Stores `flags` beside those already stored, in one statement.
fn add(conn: &mut DbConn, flags: &[Flag]) -> QueryResult<()> {
    backend::insert_rows::<_, Flag>(conn, application_flags::table, flags)
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

    /// Copies of a fixture: 1 refused with the new one's address, 2 with
    /// its name, 3 with its website, 4 and 5 without a name's key or a
    /// website, 6 withdrawn with its address; 7 is the new one, 8 one
    /// without a name's key or a website of its own.
    fn neighbours(dir: &tempfile::TempDir) -> crate::db::PooledConn {
        let mut conn = crate::db::testing::migrated(dir);
        crate::fixtures::load(&mut conn, None, &Default::default()).unwrap();
        crate::db::testing::copies(&mut conn, 8, "1 = 1", |column| {
            Some(match column {
                "id" | "space_name" => "'flagged-' || n.i".into(),
                "organisation_name" => "'Org ' || n.i".into(),
                "contact_email" => "CASE WHEN n.i IN (1, 6, 7) THEN 'same@example.org' \
                     ELSE 'other' || n.i || '@example.org' END"
                    .into(),
                "name_key" => "CASE WHEN n.i IN (2, 7) THEN 'lavoir zqk' \
                     WHEN n.i IN (4, 5, 8) THEN '' ELSE 'nom zqk ' || n.i END"
                    .into(),
                "website" => "CASE WHEN n.i IN (3, 7) THEN 'https://zqk.example' \
                     WHEN n.i IN (4, 5, 8) THEN NULL ELSE 'https://zqk' || n.i || '.example' END"
                    .into(),
                "status" => "CASE n.i WHEN 1 THEN 'refused' WHEN 6 THEN 'withdrawn' \
                     ELSE 'submitted' END"
                    .into(),
                "created_at" => "strftime('%Y-%m-%d %H:%M:%S', '2026-12-01 08:00', \
                     '+' || n.i || ' minutes')"
                    .into(),
                _ => return None,
            })
        });
        conn
    }

    /// The flags `compute` finds for copy `n`, but the outliers (the
    /// fixture's figures).
    fn found(conn: &mut DbConn, n: u32) -> Vec<(String, String, Option<String>)> {
        let id = format!("flagged-{n}");
        let app = crate::applications::store::find(conn, &id)
            .unwrap()
            .unwrap();
        compute(conn, &app, &Thresholds::default())
            .unwrap()
            .into_iter()
            .filter(|f| !f.kind.starts_with("outlier"))
            .map(|f| (f.kind, f.detail, f.related_id))
            .collect()
    }

    #[test]
    fn an_application_is_flagged_by_each_earlier_one_sharing_its_address_name_or_website() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = neighbours(&dir);
        let flag = |kind: &str, n: u32| {
            (
                kind.to_string(),
                format!("Org {n}"),
                Some(format!("flagged-{n}")),
            )
        };
        assert_eq!(
            found(&mut conn, 7),
            vec![
                flag("previous_refusal", 1),
                flag("duplicate_email", 1),
                flag("duplicate_name", 2),
                flag("duplicate_website", 3),
            ],
            "the withdrawn one with the same address is not compared"
        );
        assert_eq!(
            found(&mut conn, 8),
            vec![],
            "no name's key and no website are shared with those without them"
        );
    }

    /// The flags stored that point to `related`.
    fn pointing_to(conn: &mut DbConn, related: &str) -> i64 {
        let query = application_flags::table
            .filter(application_flags::related_id.eq(related))
            .count();
        on_backend!(conn, |c| query.get_result(c)).unwrap()
    }

    #[test]
    fn a_new_applications_flag_is_erased_with_the_application_it_points_to_in_the_same_group() {
        use crate::db::backend::{group_writes, write_transaction};
        use crate::moderation::audit::Actor;
        let dir = tempfile::tempdir().unwrap();
        let mut conn = neighbours(&dir);
        let app = crate::applications::store::find(&mut conn, "flagged-7")
            .unwrap()
            .unwrap();
        let (limits, now) = (Thresholds::default(), crate::db::now());
        write_transaction(&mut conn, |conn| {
            group_writes(conn, |conn| {
                first(conn, &app, &limits)?;
                crate::privacy::erasure::delete(conn, "flagged-2", &Actor::System, "expired", now)
            })
        })
        .unwrap();
        assert_eq!(pointing_to(&mut conn, "flagged-2"), 0, "none left");
        assert_eq!(pointing_to(&mut conn, "flagged-3"), 1, "the others kept");
    }
}

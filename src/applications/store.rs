//! Storing applications and moving them through the transitions of the
//! intake: submission, confirmation, withdrawal and expiry. Each transition
//! is one transaction with its audit row and the jobs it causes.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use serde_json::json;

use super::model::Application;
use super::problem::Problem;
use super::status::Status;
use super::submission::NewApplication;
use super::ApplicationError;
use super::{flags, text, Fields};
use crate::db::schema::{application_sectors, applications};
use crate::db::{appended, backend, is_unique_violation_on, on_backend, DbConn};
use crate::jobs::{self, Job};
use crate::moderation::accounts;
use crate::moderation::audit::{self, Actor};
use crate::webhooks::{events, EventContext};

/// Whether an application with this space name and contact, in any state,
/// exists (sample data loaded before).
pub fn already_loaded(
    conn: &mut DbConn,
    space_name: &str,
    contact_email: &str,
) -> Result<bool, diesel::result::Error> {
    let count: i64 = applications::table
        .filter(applications::space_name.eq(space_name))
        .filter(applications::contact_email.eq(contact_email))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}

/// The rules of intake that come from the settings.
#[derive(Debug, Clone, Copy)]
pub struct IntakeRules {
    /// How long an unconfirmed application waits for its confirmation.
    pub expiry: TimeDelta,
    /// When typology figures are flagged.
    pub flags: flags::Thresholds,
}

/// The text the search looks in, for an application's fields.
pub fn search_text_of(name: &str, description: &str, city: &str, email: &str) -> String {
    text::search_text(&[name, description, city, email])
}

/// Fills the search and duplicate keys of rows written before they existed.
pub fn backfill_keys(conn: &mut DbConn) -> Result<usize, diesel::result::Error> {
    use crate::db::schema::settings;
    // Once done, never again: looking for the rows costs a read of every
    // anonymised application (their keys are empty on purpose), which grew
    // every start with the database.
    const DONE: &str = "search_keys_filled";
    let done: i64 = settings::table
        .filter(settings::key.eq(DONE))
        .count()
        .get_result(conn)?;
    if done > 0 {
        return Ok(0);
    }
    let rows: Vec<(String, String, String, String, String)> = applications::table
        .filter(applications::name_key.eq(""))
        .filter(applications::anonymised_at.is_null())
        .select((
            applications::id,
            applications::organisation_name,
            applications::description,
            applications::city,
            applications::contact_email,
        ))
        .load(conn)?;
    for (id, name, description, city, email) in &rows {
        diesel::update(applications::table.filter(applications::id.eq(id)))
            .set((
                applications::name_key.eq(text::name_key(name)),
                applications::search_text.eq(search_text_of(name, description, city, email)),
            ))
            .execute(conn)?;
    }
    // Instances starting together may both get here: the second insert is
    // a no-op, in the same words on both backends.
    diesel::sql_query(format!(
        "INSERT INTO settings (key, value) VALUES ('{DONE}', '1') ON CONFLICT (key) DO NOTHING"
    ))
    .execute(conn)?;
    Ok(rows.len())
}

/// Who is submitting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// An applicant, through the form or the API: the confirmation e-mail
    /// is sent.
    Applicant,
    /// Sample data loaded by an operator: no e-mail.
    Fixture,
}

/// Stores a new, unconfirmed application with its audit row and the job that
/// sends the confirmation e-mail, all in one transaction.
pub fn submit(
    conn: &mut DbConn,
    new: &NewApplication,
    origin: Origin,
    now: NaiveDateTime,
    rules: &IntakeRules,
) -> Result<Application, ApplicationError> {
    let id = uuid::Uuid::now_v7().to_string();
    let result = backend::write_transaction(conn, |conn| {
        // No look-up of the space name first: the unique index of live
        // names refuses a taken one, and `taken_name_refused` turns that into
        // the applicant's message. The look-up was a round trip for every
        // submission to spare a failed insert to the rare taken name.
        let row = (
            Fields::of(new),
            applications::id.eq(&id),
            applications::status.eq(Status::Unconfirmed.code()),
            applications::contact_email.eq(new.contact_email.as_str()),
            applications::created_at.eq(now),
            applications::updated_at.eq(now),
            applications::expires_at.eq(Some(now + rules.expiry)),
        );
        // The row as stored comes back from the insert itself, not from a
        // second look-up by its key.
        let app: Application = on_backend!(conn, |c| diesel::insert_into(applications::table)
            .values(row)
            .returning(applications::all_columns)
            .get_result(c))?;
        // The rows of the new application wait for the end of its group
        // (`db::appended`): nobody else knows its id before it commits.
        for row in NewSector::all_of(&id, new) {
            appended::append(conn, row, NewSector::write_all)?;
        }
        flags::first(conn, &app, &rules.flags)?;
        let actor = match origin {
            Origin::Applicant => Actor::Applicant,
            Origin::Fixture => Actor::Cli,
        };
        audit::record_creation(conn, &id, &actor, "application.created", now)?;
        if origin == Origin::Applicant {
            let job = Job::ConfirmationEmail {
                application_id: id.clone(),
            };
            jobs::enqueue_for_new(conn, &job, now)?;
        }
        Ok(app)
    });
    taken_name_refused(result)
}

/// A write the unique index of live space names refused becomes the
/// applicant's refusal of a taken name, next to the field.
fn taken_name_refused<T>(result: Result<T, ApplicationError>) -> Result<T, ApplicationError> {
    match result {
        Err(ApplicationError::Db(crate::db::DbError::Query(e)))
            if is_unique_violation_on(&e, "space_name") =>
        {
            Err(ApplicationError::field(
                "space_name",
                Problem::new("error-space-name-taken"),
            ))
        }
        other => other,
    }
}

/// A sector of an application, as written: at once for an edit, at the
/// end of its group for a new application.
#[derive(Insertable)]
#[diesel(table_name = application_sectors)]
struct NewSector {
    application_id: String,
    sector: &'static str,
}

impl NewSector {
    /// The sectors of application `id`, as `new` gives them.
    fn all_of<'a>(id: &'a str, new: &'a NewApplication) -> impl Iterator<Item = NewSector> + 'a {
        new.sectors.as_slice().iter().map(move |s| NewSector {
            application_id: id.to_string(),
            sector: s.code(),
        })
    }

    /// Writes `sectors` in one statement.
    fn write_all(conn: &mut DbConn, sectors: &[NewSector]) -> diesel::QueryResult<()> {
        backend::insert_rows::<_, NewSector>(conn, application_sectors::table, sectors)
    }
}

/// One application by id.
pub fn find(conn: &mut DbConn, id: &str) -> Result<Option<Application>, diesel::result::Error> {
    on_backend!(conn, |c| applications::table
        .filter(applications::id.eq(id))
        .first(c)
        .optional())
}

/// The query [`still`] builds.
pub type Still<'a> = diesel::dsl::Filter<
    diesel::dsl::Filter<applications::table, diesel::dsl::Eq<applications::id, &'a str>>,
    diesel::dsl::Eq<applications::status, &'a str>,
>;

/// The application `id` only while its status is still `status`, the one
/// just read (and checked by the caller against the moves it allows): the
/// target of a compare-and-set that changes the status. One fixed
/// statement, which SQLite keeps prepared with the statistics' triggers it
/// carries; an `IN` list of the allowed statuses would be prepared anew,
/// triggers and all, at every call.
pub fn still<'a>(id: &'a str, status: &'a str) -> Still<'a> {
    applications::table
        .filter(applications::id.eq(id))
        .filter(applications::status.eq(status))
}

/// What confirming did.
#[derive(Debug, Clone)]
pub enum Confirmation {
    /// The application moved to `submitted` now.
    Confirmed(Application),
    /// It had been confirmed before (a second click); nothing changed.
    AlreadyConfirmed(Application),
}

/// Moves an unconfirmed application to `submitted`.
pub fn confirm(
    conn: &mut DbConn,
    id: &str,
    now: NaiveDateTime,
    hooks: Option<&EventContext>,
) -> Result<Confirmation, ApplicationError> {
    backend::write_transaction(conn, |conn| {
        let changed = diesel::update(still(id, Status::Unconfirmed.code()))
            .set((
                applications::status.eq(Status::Submitted.code()),
                applications::confirmed_at.eq(Some(now)),
                applications::expires_at.eq(None::<NaiveDateTime>),
                applications::updated_at.eq(now),
            ))
            .execute(conn)?;
        let app = find(conn, id)?.ok_or(ApplicationError::NotFound)?;
        if changed == 0 {
            return Ok(Confirmation::AlreadyConfirmed(app));
        }
        audit::record(
            conn,
            Some(id),
            &Actor::Applicant,
            "application.submitted",
            None,
            now,
        )?;
        for moderator in accounts::wanting(conn, "immediate")? {
            let job = Job::NewApplicationEmail {
                application_id: id.to_string(),
                moderator_id: moderator.id,
            };
            jobs::enqueue(conn, &job, now)?;
        }
        events::emit(conn, hooks, "application.submitted", &app, json!({}), now)?;
        Ok(Confirmation::Confirmed(app))
    })
}

/// Withdraws an application at the applicant's request; refused with
/// [`ApplicationError::Conflict`] once it has been decided.
pub fn withdraw(
    conn: &mut DbConn,
    id: &str,
    now: NaiveDateTime,
    hooks: Option<&EventContext>,
) -> Result<Application, ApplicationError> {
    backend::write_transaction(conn, |conn| {
        let before = find(conn, id)?.ok_or(ApplicationError::NotFound)?;
        if !Status::WITHDRAWABLE.contains(&before.status()) {
            return Err(ApplicationError::Conflict {
                current: before.status(),
            });
        }
        let changed = diesel::update(still(id, &before.status))
            .set((
                applications::status.eq(Status::Withdrawn.code()),
                applications::expires_at.eq(None::<NaiveDateTime>),
                applications::updated_at.eq(now),
            ))
            .execute(conn)?;
        if changed == 0 {
            return Err(ApplicationError::Conflict {
                current: before.status(),
            });
        }
        audit::record(
            conn,
            Some(id),
            &Actor::Applicant,
            "application.withdrawn",
            Some(json!({ "from": before.status })),
            now,
        )?;
        let after = find(conn, id)?.ok_or(ApplicationError::NotFound)?;
        // Consumers never heard of an unconfirmed application.
        if before.status() != Status::Unconfirmed {
            events::emit(conn, hooks, "application.withdrawn", &after, json!({}), now)?;
        }
        Ok(after)
    })
}

/// The applicant's answer to a request for information: the application
/// takes the new values, goes back to `submitted`, and the audit row lists
/// the fields that changed. Flags are computed again.
pub fn edit(
    conn: &mut DbConn,
    id: &str,
    new: &NewApplication,
    rules: &IntakeRules,
    now: NaiveDateTime,
) -> Result<Application, ApplicationError> {
    let result = backend::write_transaction(conn, |conn| {
        let before = find(conn, id)?.ok_or(ApplicationError::NotFound)?;
        let changed = diesel::update(still(id, Status::InfoRequested.code()))
            .set((
                Fields::of(new),
                applications::status.eq(Status::Submitted.code()),
                applications::updated_at.eq(now),
            ))
            .execute(conn)?;
        if changed == 0 {
            return Err(ApplicationError::Conflict {
                current: before.status(),
            });
        }
        let after = find(conn, id)?.ok_or(ApplicationError::NotFound)?;
        let changed_fields = changed_fields(&before, &after);
        diesel::delete(
            application_sectors::table.filter(application_sectors::application_id.eq(id)),
        )
        .execute(conn)?;
        NewSector::write_all(conn, &NewSector::all_of(id, new).collect::<Vec<_>>())?;
        flags::refresh(conn, &after, &rules.flags)?;
        audit::record(
            conn,
            Some(id),
            &Actor::Applicant,
            "application.edited",
            Some(json!({ "changed": changed_fields })),
            now,
        )?;
        Ok(after)
    });
    taken_name_refused(result)
}

/// The contract names of the fields that differ between two versions.
fn changed_fields(a: &Application, b: &Application) -> Vec<&'static str> {
    let pairs: [(&'static str, bool); 18] = [
        (
            "organisation_name",
            a.organisation_name != b.organisation_name,
        ),
        ("structure_type", a.structure_type != b.structure_type),
        ("sectors", a.sectors != b.sectors),
        ("creation_year", a.creation_year != b.creation_year),
        ("employees", a.employees != b.employees),
        ("members", a.members != b.members),
        ("beneficiaries", a.beneficiaries != b.beneficiaries),
        (
            "annual_budget_eur",
            a.annual_budget_eur != b.annual_budget_eur,
        ),
        ("description", a.description != b.description),
        ("website", a.website != b.website),
        ("postal_code", a.postal_code != b.postal_code),
        ("city", a.city != b.city),
        ("country", a.country != b.country),
        ("contact_name", a.contact_name != b.contact_name),
        ("space_name", a.space_name != b.space_name),
        ("office_suite", a.office_suite != b.office_suite),
        ("language", a.language != b.language),
        ("contact_email", a.contact_email != b.contact_email),
    ];
    pairs
        .iter()
        .filter(|(_, changed)| *changed)
        .map(|(name, _)| *name)
        .collect()
}

/// Applications confirmed since `since` that still wait for a decision,
/// oldest first (for the moderators' digest).
pub fn confirmed_since(
    conn: &mut DbConn,
    since: NaiveDateTime,
) -> Result<Vec<Application>, diesel::result::Error> {
    applications::table
        .filter(applications::confirmed_at.ge(since))
        .filter(applications::status.eq(Status::Submitted.code()))
        .order(applications::confirmed_at.asc())
        .limit(500)
        .load(conn)
}

/// Other applications that share the contact e-mail, the name key or the
/// website of `app`, whatever their state (for the detail page).
pub fn related_ids(
    conn: &mut DbConn,
    app: &Application,
) -> Result<Vec<String>, diesel::result::Error> {
    // `website = NULL` is never true, so an application without a website
    // simply matches on the other two.
    applications::table
        .filter(applications::id.ne(&app.id))
        .filter(
            applications::contact_email
                .eq(&app.contact_email)
                // Anonymised applications share an empty address.
                .and(applications::contact_email.ne(""))
                .or(applications::name_key
                    .eq(&app.name_key)
                    .and(applications::name_key.ne("")))
                .or(applications::website.eq(&app.website)),
        )
        .select(applications::id)
        .limit(20)
        .load(conn)
}

/// Several applications by id.
pub fn find_many(
    conn: &mut DbConn,
    ids: &[String],
) -> Result<Vec<Application>, diesel::result::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    applications::table
        .filter(applications::id.eq_any(ids))
        .order(applications::created_at.asc())
        .load(conn)
}

/// How many applications are in each status (every status listed), from
/// the counters the database's triggers keep in each write's transaction
/// (a few rows, whatever the number of applications).
pub fn count_by_status(conn: &mut DbConn) -> Result<Vec<(Status, i64)>, diesel::result::Error> {
    #[derive(QueryableByName)]
    struct Counted {
        #[diesel(sql_type = diesel::sql_types::Text)]
        status: String,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let rows: Vec<Counted> = diesel::sql_query(
        "SELECT status, CAST(SUM(n) AS BIGINT) AS n FROM status_counts GROUP BY status",
    )
    .load(conn)?;
    Ok(Status::ALL
        .iter()
        .map(|s| {
            let n = rows
                .iter()
                .find(|r| r.status == s.code())
                .map_or(0, |r| r.n);
            (*s, n)
        })
        .collect())
}

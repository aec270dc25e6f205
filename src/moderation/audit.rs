//! The audit log: one row per thing that happened to an application, written
//! in the same transaction as the change itself.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::audit_log;
use crate::db::{appended, backend, insert_row, DbConn};

/// Who did it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// The applicant, through the form, the e-mail link or the status page.
    Applicant,
    /// Passeur itself (expiry, retention).
    System,
    /// An operator at the command line.
    Cli,
    /// A moderator, by id and name (the name as it was then).
    Moderator { id: String, name: String },
    /// A program holding an API token, by id and name.
    Token { id: String, name: String },
}

impl Actor {
    /// The stable code: `applicant`, `system`, `cli`, `moderator:ID`,
    /// `token:ID`.
    pub fn code(&self) -> String {
        match self {
            Actor::Applicant => "applicant".into(),
            Actor::System => "system".into(),
            Actor::Cli => "cli".into(),
            Actor::Moderator { id, .. } => format!("moderator:{id}"),
            Actor::Token { id, .. } => format!("token:{id}"),
        }
    }

    /// The name shown in timelines.
    pub fn name(&self) -> Option<String> {
        match self {
            Actor::Moderator { name, .. } => Some(name.clone()),
            Actor::Token { name, .. } => Some(format!("API: {name}")),
            _ => None,
        }
    }
}

/// One audit row, as read back.
#[derive(Debug, Clone, Queryable, Insertable, Serialize)]
#[diesel(table_name = audit_log)]
pub struct AuditEntry {
    pub id: String,
    pub application_id: Option<String>,
    pub actor: String,
    pub action: String,
    pub detail: Option<String>,
    pub created_at: NaiveDateTime,
    pub actor_name: Option<String>,
}

/// Writes one audit row in the caller's transaction.
pub fn record(
    conn: &mut DbConn,
    application_id: Option<&str>,
    actor: &Actor,
    action: &str,
    detail: Option<serde_json::Value>,
    now: NaiveDateTime,
) -> Result<(), diesel::result::Error> {
    let entry = AuditEntry::new(application_id, actor, action, detail, now);
    insert_row(conn, audit_log::table, &entry)?;
    Ok(())
}

/// Records `action`, the creation of `application_id` by this very write:
/// the row waits to be written with the rest of its group's (see
/// [`crate::db::appended`]), since no other write can name the new
/// application before the group commits.
pub fn record_creation(
    conn: &mut DbConn,
    application_id: &str,
    actor: &Actor,
    action: &str,
    now: NaiveDateTime,
) -> Result<(), diesel::result::Error> {
    let entry = AuditEntry::new(Some(application_id), actor, action, None, now);
    appended::append(conn, entry, |conn, entries: &[AuditEntry]| {
        backend::insert_rows::<_, AuditEntry>(conn, audit_log::table, entries)
    })
}

impl AuditEntry {
    /// A new row, with its own id.
    fn new(
        application_id: Option<&str>,
        actor: &Actor,
        action: &str,
        detail: Option<serde_json::Value>,
        now: NaiveDateTime,
    ) -> AuditEntry {
        AuditEntry {
            id: uuid::Uuid::now_v7().to_string(),
            application_id: application_id.map(str::to_string),
            actor: actor.code(),
            action: action.to_string(),
            detail: detail.map(|d| d.to_string()),
            created_at: now,
            actor_name: actor.name(),
        }
    }
}

/// The history of one application, oldest first.
pub fn for_application(
    conn: &mut DbConn,
    application_id: &str,
) -> Result<Vec<AuditEntry>, diesel::result::Error> {
    audit_log::table
        .filter(audit_log::application_id.eq(application_id))
        .order((audit_log::created_at.asc(), audit_log::id.asc()))
        .load(conn)
}

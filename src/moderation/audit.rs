//! The audit log: one row per thing that happened to an application, written
//! in the same transaction as the change itself.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::audit_log;
use crate::db::{insert_row, DbConn};

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
#[derive(Debug, Clone, Queryable, Serialize)]
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
    insert_row(
        conn,
        audit_log::table,
        (
            audit_log::id.eq(uuid::Uuid::now_v7().to_string()),
            audit_log::application_id.eq(application_id),
            audit_log::actor.eq(actor.code()),
            audit_log::action.eq(action),
            audit_log::detail.eq(detail.map(|d| d.to_string())),
            audit_log::created_at.eq(now),
            audit_log::actor_name.eq(actor.name()),
        ),
    )?;
    Ok(())
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

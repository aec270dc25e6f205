//! The provisioner's callback (`active` or `failed`), and an administrator's
//! retry of a failed provisioning. Both are transitions like the others: one
//! transaction with the audit row, the e-mail and the event.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use super::{events, EventContext};
use crate::applications::{store, Application, FieldErrors, Problem, Status};
use crate::db::schema::applications;
use crate::db::{backend, DbConn, DbError};
use crate::jobs::{self, Job};
use crate::moderation::audit::{self, Actor};

/// Why a callback was not taken.
#[derive(Debug, thiserror::Error)]
pub enum CallbackError {
    #[error("invalid callback")]
    Invalid(FieldErrors),
    #[error("no such application")]
    NotFound,
    #[error("the application is {current}")]
    Conflict { current: Status },
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for CallbackError {
    fn from(e: diesel::result::Error) -> Self {
        CallbackError::Db(DbError::Query(e))
    }
}

/// What the provisioner reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Report {
    /// The space exists at this address.
    Active { space_url: String },
    /// Creating the space failed.
    Failed { message: String },
}

impl Report {
    /// Reads `{"status", "space_url", "message"}`.
    pub fn parse(status: &str, space_url: &str, message: &str) -> Result<Report, FieldErrors> {
        let mut e = FieldErrors::default();
        let message: String = message.trim().chars().take(2000).collect();
        match status.trim() {
            "active" => {
                let url = url::Url::parse(space_url.trim())
                    .ok()
                    .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
                match url {
                    Some(url) => {
                        return Ok(Report::Active {
                            space_url: url.to_string(),
                        })
                    }
                    None => e.add(
                        "space_url",
                        Problem::new(if space_url.trim().is_empty() {
                            "error-required"
                        } else {
                            "error-url"
                        }),
                    ),
                }
            }
            "failed" => return Ok(Report::Failed { message }),
            "" => e.add("status", Problem::new("error-required-choice")),
            _ => e.add("status", Problem::new("error-choice")),
        }
        Err(e)
    }
}

/// Applies a report; returns the application and whether it changed (the
/// same report twice changes nothing the second time).
pub fn report(
    conn: &mut DbConn,
    ctx: &EventContext,
    id: &str,
    report: &Report,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<(Application, bool), CallbackError> {
    backend::write_transaction(conn, |conn| {
        let app = store::find(conn, id)?.ok_or(CallbackError::NotFound)?;
        let (from, to, action, event): (&[Status], Status, &str, &str) = match report {
            Report::Active { .. } => (
                &[Status::Approved, Status::ProvisioningFailed],
                Status::Active,
                "application.activated",
                "application.activated",
            ),
            Report::Failed { .. } => (
                &[Status::Approved],
                Status::ProvisioningFailed,
                "application.provisioning_failed",
                "application.provisioning_failed",
            ),
        };
        if app.status() == to {
            return Ok((app, false));
        }
        if !from.contains(&app.status()) {
            return Err(CallbackError::Conflict {
                current: app.status(),
            });
        }
        let space_url = match report {
            Report::Active { space_url } => Some(space_url.clone()),
            Report::Failed { .. } => app.space_url.clone(),
        };
        let changed = diesel::update(store::still(id, &app.status))
            .set((
                applications::status.eq(to.code()),
                applications::space_url.eq(&space_url),
                applications::updated_at.eq(now),
            ))
            .execute(conn)?;
        let after = store::find(conn, id)?.ok_or(CallbackError::NotFound)?;
        if changed == 0 {
            return Err(CallbackError::Conflict {
                current: after.status(),
            });
        }
        let (detail, extra) = match report {
            Report::Active { space_url } => (
                json!({ "space_url": space_url }),
                json!({ "space_url": space_url }),
            ),
            Report::Failed { message } => {
                (json!({ "message": message }), json!({ "message": message }))
            }
        };
        audit::record(conn, Some(id), actor, action, Some(detail), now)?;
        if matches!(report, Report::Active { .. }) {
            jobs::enqueue(
                conn,
                &Job::SpaceReadyEmail {
                    application_id: id.to_string(),
                },
                now,
            )?;
        }
        events::emit(conn, Some(ctx), event, &after, extra, now)?;
        Ok((after, true))
    })
}

/// An administrator asks for provisioning again: back to `approved`, with a
/// new `application.approved` event.
pub fn retry(
    conn: &mut DbConn,
    ctx: &EventContext,
    id: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<Application, CallbackError> {
    backend::write_transaction(conn, |conn| {
        let changed = diesel::update(store::still(id, Status::ProvisioningFailed.code()))
            .set((
                applications::status.eq(Status::Approved.code()),
                applications::updated_at.eq(now),
            ))
            .execute(conn)?;
        let app = store::find(conn, id)?.ok_or(CallbackError::NotFound)?;
        if changed == 0 {
            return Err(CallbackError::Conflict {
                current: app.status(),
            });
        }
        audit::record(
            conn,
            Some(id),
            actor,
            "application.provisioning_retried",
            None,
            now,
        )?;
        events::emit(
            conn,
            Some(ctx),
            "application.approved",
            &app,
            json!({}),
            now,
        )?;
        Ok(app)
    })
}

//! Decisions on applications: approve, refuse with a reason, ask for more
//! information, reopen a refusal; and claiming an application. Each decision
//! is one transaction with its decision row, its audit row and the e-mail it
//! causes; a decision the application's state no longer allows changes
//! nothing and says who decided what.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use serde_json::json;

use super::audit::{self, Actor};
use crate::applications::identity::Paragraphs;
use crate::applications::{store, Application, FieldErrors, Problem, Status};
use crate::db::schema::{applications, decisions};
use crate::db::{backend, is_unique_violation_on, DbConn, DbError};
use crate::host::policy::{Policy, OTHER_REASON};
use crate::jobs::{self, Job};
use crate::webhooks::{events, EventContext};

/// What a moderator decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// The space will be created.
    Approve,
    /// No space; the reason and the text the applicant receives.
    Refuse { reason: String, message: String },
    /// The applicant is asked for more; the message says what.
    RequestInfo { message: String },
    /// A refusal is taken back: the application waits for a decision again.
    Reopen,
}

impl Decision {
    /// The stored kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Refuse { .. } => "refuse",
            Decision::RequestInfo { .. } => "request_info",
            Decision::Reopen => "reopen",
        }
    }

    /// The states it may be taken from.
    pub fn from_states(&self) -> &'static [Status] {
        match self {
            Decision::Approve => &[Status::Submitted],
            // An application left waiting on its applicant can be refused.
            Decision::Refuse { .. } => &[Status::Submitted, Status::InfoRequested],
            Decision::RequestInfo { .. } => &[Status::Submitted],
            Decision::Reopen => &[Status::Refused],
        }
    }

    /// The state it leads to.
    pub fn to_state(&self) -> Status {
        match self {
            Decision::Approve => Status::Approved,
            Decision::Refuse { .. } => Status::Refused,
            Decision::RequestInfo { .. } => Status::InfoRequested,
            Decision::Reopen => Status::Submitted,
        }
    }

    /// The audit action.
    pub fn action(&self) -> &'static str {
        match self {
            Decision::Approve => "application.approved",
            Decision::Refuse { .. } => "application.refused",
            Decision::RequestInfo { .. } => "application.info_requested",
            Decision::Reopen => "application.reopened",
        }
    }

    /// Builds a refusal from a form: a reason is required (whether the host
    /// still offers it is checked by [`decide`] against the policy); the
    /// message, when left empty, is filled in later with the reason's
    /// canned text.
    pub fn refuse(reason: &str, message: &str) -> Result<Decision, FieldErrors> {
        let mut e = FieldErrors::default();
        let reason = reason.trim();
        if reason.is_empty() {
            e.add("reason", Problem::new("error-required-choice"));
        }
        let message = message.replace("\r\n", "\n").trim().to_string();
        if message.chars().count() > 5000 {
            e.add("message", Problem::new("error-too-long").with("max", 5000));
        } else if reason == OTHER_REASON && message.is_empty() {
            e.add("message", Problem::new("error-refusal-message-required"));
        } else if !message.is_empty() {
            e.take("message", Paragraphs::parse(&message, 1, 5000));
        }
        if e.is_empty() {
            Ok(Decision::Refuse {
                reason: reason.to_string(),
                message,
            })
        } else {
            Err(e)
        }
    }

    /// Builds a request for information: the message is required.
    pub fn request_info(message: &str) -> Result<Decision, FieldErrors> {
        let mut e = FieldErrors::default();
        match Paragraphs::parse(message, 10, 5000) {
            Ok(p) => Ok(Decision::RequestInfo {
                message: p.as_str().to_string(),
            }),
            Err(problem) => {
                e.add("message", problem);
                Err(e)
            }
        }
    }
}

/// A decision, as stored.
#[derive(Debug, Clone, Queryable, Insertable, Serialize)]
#[diesel(table_name = decisions, treat_none_as_default_value = false)]
pub struct DecisionRow {
    pub id: String,
    pub application_id: String,
    pub kind: String,
    pub reason: Option<String>,
    pub message: Option<String>,
    pub actor: String,
    pub actor_name: String,
    pub created_at: NaiveDateTime,
}

/// Why a decision was not taken.
#[derive(Debug, thiserror::Error)]
pub enum DecisionError {
    #[error("invalid decision")]
    Invalid(FieldErrors),
    #[error("no such application")]
    NotFound,
    /// The state no longer allows it: someone else decided first, the
    /// applicant withdrew, or a double click.
    #[error("the application is {current}")]
    Conflict {
        current: Status,
        last: Option<Box<DecisionRow>>,
    },
    /// Reopening would give a space name that another application took.
    #[error("the space name is now taken")]
    SpaceNameTaken,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for DecisionError {
    fn from(e: diesel::result::Error) -> Self {
        DecisionError::Db(DbError::Query(e))
    }
}

/// The canned text of a refusal reason, in the applicant's language, with
/// the friendly hosts and the organisation filled in.
pub fn canned_text(app: &Application, reason: &str, policy: &Policy) -> String {
    policy.reason(reason).map_or_else(String::new, |r| {
        r.text(app.lang(), &app.organisation_name, &policy.friendly_hosts)
    })
}

/// Takes `decision` on an application. A refusal must give a reason the
/// policy offers; one whose message was left empty gets its reason's
/// [`canned_text`].
pub fn decide(
    conn: &mut DbConn,
    application_id: &str,
    decision: &Decision,
    actor: &Actor,
    policy: &Policy,
    hooks: Option<&EventContext>,
    now: NaiveDateTime,
) -> Result<(Application, DecisionRow), DecisionError> {
    if let Decision::Refuse { reason, .. } = decision {
        if policy.reason(reason).is_none() {
            let mut e = FieldErrors::default();
            e.add("reason", Problem::new("error-choice"));
            return Err(DecisionError::Invalid(e));
        }
    }
    let to = decision.to_state();
    let decision_id = uuid::Uuid::now_v7().to_string();
    let result = backend::write_transaction(conn, |conn| {
        let before = store::find(conn, application_id)?.ok_or(DecisionError::NotFound)?;
        // The first answer is what the time-to-decision figures measure; a
        // refusal reopened and approved later keeps its first date.
        let decided_at = match decision {
            Decision::Approve | Decision::Refuse { .. } => before.decided_at.or(Some(now)),
            _ => before.decided_at,
        };
        let changed = if decision.from_states().contains(&before.status()) {
            diesel::update(store::still(application_id, &before.status))
                .set((
                    applications::status.eq(to.code()),
                    applications::updated_at.eq(now),
                    applications::decided_at.eq(decided_at),
                ))
                .execute(conn)?
        } else {
            0
        };
        let app = store::find(conn, application_id)?.ok_or(DecisionError::NotFound)?;
        if changed == 0 {
            return Err(DecisionError::Conflict {
                current: app.status(),
                last: last_decision(conn, application_id)?.map(Box::new),
            });
        }
        let (reason, message) = match decision {
            Decision::Refuse { reason, message } if message.is_empty() => (
                Some(reason.clone()),
                Some(canned_text(&app, reason, policy)),
            ),
            Decision::Refuse { reason, message } => (Some(reason.clone()), Some(message.clone())),
            Decision::RequestInfo { message } => (None, Some(message.clone())),
            Decision::Approve | Decision::Reopen => (None, None),
        };
        let row = DecisionRow {
            id: decision_id.clone(),
            application_id: application_id.to_string(),
            kind: decision.kind().to_string(),
            reason: reason.clone(),
            message,
            actor: actor.code(),
            actor_name: actor.name().unwrap_or_else(|| actor.code()),
            created_at: now,
        };
        diesel::insert_into(decisions::table)
            .values(&row)
            .execute(conn)?;
        audit::record(
            conn,
            Some(application_id),
            actor,
            decision.action(),
            Some(json!({ "from": before.status, "reason": reason })),
            now,
        )?;
        if decision != &Decision::Reopen {
            jobs::enqueue(
                conn,
                &Job::DecisionEmail {
                    decision_id: decision_id.clone(),
                },
                now,
            )?;
        }
        match decision {
            Decision::Approve => {
                events::emit(conn, hooks, "application.approved", &app, json!({}), now)?;
            }
            Decision::Refuse { .. } => {
                let extra = json!({ "reason": reason });
                events::emit(conn, hooks, "application.refused", &app, extra, now)?;
            }
            Decision::RequestInfo { .. } | Decision::Reopen => {}
        }
        Ok((app, row))
    });
    match result {
        Err(DecisionError::Db(DbError::Query(e))) if is_unique_violation_on(&e, "space_name") => {
            Err(DecisionError::SpaceNameTaken)
        }
        other => other,
    }
}

/// The latest decision on an application.
pub fn last_decision(conn: &mut DbConn, application_id: &str) -> QueryResult<Option<DecisionRow>> {
    decisions::table
        .filter(decisions::application_id.eq(application_id))
        .order((decisions::created_at.desc(), decisions::id.desc()))
        .first(conn)
        .optional()
}

/// One decision by id.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<DecisionRow>> {
    decisions::table
        .filter(decisions::id.eq(id))
        .first(conn)
        .optional()
}

/// Every decision on an application, oldest first.
pub fn for_application(conn: &mut DbConn, application_id: &str) -> QueryResult<Vec<DecisionRow>> {
    decisions::table
        .filter(decisions::application_id.eq(application_id))
        .order(decisions::created_at.asc())
        .load(conn)
}

/// Claims an application for a moderator (or releases it with `None`), so
/// that two people do not work on the same one.
pub fn assign(
    conn: &mut DbConn,
    application_id: &str,
    to: Option<(&str, &str)>,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<Application, DecisionError> {
    backend::write_transaction(conn, |conn| {
        let changed =
            diesel::update(applications::table.filter(applications::id.eq(application_id)))
                .set(applications::assigned_to.eq(to.map(|(id, _)| id)))
                .execute(conn)?;
        if changed == 0 {
            return Err(DecisionError::NotFound);
        }
        audit::record(
            conn,
            Some(application_id),
            actor,
            if to.is_some() {
                "application.assigned"
            } else {
                "application.unassigned"
            },
            to.map(|(id, name)| json!({ "moderator_id": id, "moderator_name": name })),
            now,
        )?;
        store::find(conn, application_id)?.ok_or(DecisionError::NotFound)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_needs_a_reason_and_other_needs_a_message() {
        assert!(Decision::refuse("out_of_scope", "").is_ok());
        assert!(Decision::refuse(" ", "")
            .unwrap_err()
            .get("reason")
            .is_some());
        assert!(Decision::refuse("other", "  ")
            .unwrap_err()
            .get("message")
            .is_some());
        assert!(Decision::refuse("other", "Votre demande…").is_ok());
    }

    #[test]
    fn each_decision_leaves_only_its_own_states() {
        assert_eq!(Decision::Approve.from_states(), &[Status::Submitted]);
        assert!(Decision::Reopen.from_states().contains(&Status::Refused));
        assert!(!Decision::Approve.from_states().contains(&Status::Refused));
    }
}

//! The durable job queue (transactional outbox). A job is a row written in
//! the same transaction as the change that causes it, so it exists if and
//! only if the change committed. Workers lease jobs, run them, and either
//! mark them done or schedule a retry with backoff; a worker that dies loses
//! its lease and the job comes back.

mod handlers;
pub mod worker;

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::db::schema::jobs;
use crate::db::{appended, backend, insert_row, DbConn};

/// What a job does, stored as JSON in its `payload`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "job", rename_all = "snake_case")]
pub enum Job {
    /// Send the e-mail that asks the applicant to confirm the address.
    ConfirmationEmail {
        /// The application to confirm.
        application_id: String,
    },
    /// Tell the applicant of a decision (approval, refusal, request for
    /// information).
    DecisionEmail {
        /// The decision.
        decision_id: String,
    },
    /// Tell the moderators who asked for it that an application was
    /// confirmed and waits for them.
    NewApplicationEmail {
        /// The confirmed application.
        application_id: String,
        /// The moderator to tell.
        moderator_id: String,
    },
    /// Tell the applicant that the space is ready, with its address.
    SpaceReadyEmail {
        /// The application now active.
        application_id: String,
    },
    /// Tell the administrators that an endpoint was disabled.
    EndpointDisabledEmail {
        /// The endpoint.
        endpoint_id: String,
    },
    /// Tell an association on the waiting list that sign-ups reopened.
    WaitingListEmail {
        /// The waiting-list entry.
        entry_id: String,
    },
    /// Send one moderator the digest of applications confirmed since.
    DailyDigest {
        /// The moderator.
        moderator_id: String,
        /// The start of the period.
        since: chrono::NaiveDateTime,
    },
}

impl Job {
    /// The job's family, stored in `kind` for operators' queries.
    pub fn kind(&self) -> &'static str {
        match self {
            Job::ConfirmationEmail { .. }
            | Job::DecisionEmail { .. }
            | Job::NewApplicationEmail { .. }
            | Job::DailyDigest { .. }
            | Job::SpaceReadyEmail { .. }
            | Job::EndpointDisabledEmail { .. }
            | Job::WaitingListEmail { .. } => "mail",
        }
    }
}

/// Writes `job`, due at `run_at`, in the caller's transaction, and
/// announces it to other instances when that transaction commits.
pub fn enqueue(
    conn: &mut DbConn,
    job: &Job,
    now: NaiveDateTime,
) -> Result<String, diesel::result::Error> {
    let row = NewJob::of(job, now)?;
    insert_row(conn, jobs::table, &row)?;
    backend::notify_jobs(conn)?;
    Ok(row.id)
}

/// Queues `job` for a record this very write creates (the confirmation of
/// a new application): the row waits to be written with the rest of its
/// group's (see [`crate::db::appended`]), since no other write can name
/// the new record before the group commits.
pub fn enqueue_for_new(
    conn: &mut DbConn,
    job: &Job,
    now: NaiveDateTime,
) -> Result<(), diesel::result::Error> {
    let row = NewJob::of(job, now)?;
    appended::append(conn, row, |conn, rows: &[NewJob]| {
        backend::insert_rows::<_, NewJob>(conn, jobs::table, rows)
    })?;
    backend::notify_jobs(conn)
}

/// A job's row as first written.
#[derive(Debug, Insertable)]
#[diesel(table_name = jobs)]
struct NewJob {
    id: String,
    kind: &'static str,
    payload: String,
    run_at: NaiveDateTime,
    attempts: i32,
    created_at: NaiveDateTime,
}

impl NewJob {
    /// `job`, due now, with an id of its own.
    fn of(job: &Job, now: NaiveDateTime) -> Result<NewJob, diesel::result::Error> {
        let payload = serde_json::to_string(job)
            .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
        Ok(NewJob {
            id: uuid::Uuid::now_v7().to_string(),
            kind: job.kind(),
            payload,
            run_at: now,
            attempts: 0,
            created_at: now,
        })
    }
}

/// Marks a job done, if `worker` still holds it.
pub fn complete(
    conn: &mut DbConn,
    id: &str,
    worker: &str,
    now: NaiveDateTime,
) -> Result<(), diesel::result::Error> {
    let _turn = backend::writer_turn(conn);
    diesel::update(
        jobs::table
            .filter(jobs::id.eq(id))
            .filter(jobs::locked_by.eq(worker)),
    )
    .set((
        jobs::finished_at.eq(Some(now)),
        jobs::outcome.eq(Some("done")),
        jobs::locked_until.eq(None::<NaiveDateTime>),
        jobs::last_error.eq(None::<String>),
    ))
    .execute(conn)?;
    Ok(())
}

/// Records a failed attempt: the job runs again at `retry_at`, or, when
/// `retry_at` is `None`, is set aside as failed (kept for operators).
pub fn fail(
    conn: &mut DbConn,
    id: &str,
    worker: &str,
    error: &str,
    retry_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Result<(), diesel::result::Error> {
    let error: String = error.chars().take(2000).collect();
    let _turn = backend::writer_turn(conn);
    let target = jobs::table
        .filter(jobs::id.eq(id))
        .filter(jobs::locked_by.eq(worker));
    match retry_at {
        Some(at) => diesel::update(target)
            .set((
                jobs::run_at.eq(at),
                jobs::locked_until.eq(None::<NaiveDateTime>),
                jobs::last_error.eq(Some(error)),
            ))
            .execute(conn)?,
        None => diesel::update(target)
            .set((
                jobs::finished_at.eq(Some(now)),
                jobs::outcome.eq(Some("failed")),
                jobs::locked_until.eq(None::<NaiveDateTime>),
                jobs::last_error.eq(Some(error)),
            ))
            .execute(conn)?,
    };
    Ok(())
}

/// Releases every unfinished job leased to `worker`; returns how many.
pub fn release(conn: &mut DbConn, worker: &str) -> Result<usize, diesel::result::Error> {
    diesel::update(
        jobs::table
            .filter(jobs::locked_by.eq(worker))
            .filter(jobs::finished_at.is_null()),
    )
    .set((
        jobs::locked_until.eq(None::<NaiveDateTime>),
        jobs::locked_by.eq(None::<String>),
    ))
    .execute(conn)
}

/// When the next pending job falls due (a leased one when its lease ends).
pub fn next_due(conn: &mut DbConn) -> Result<Option<NaiveDateTime>, diesel::result::Error> {
    let rows: Vec<(NaiveDateTime, Option<NaiveDateTime>)> = jobs::table
        .filter(jobs::finished_at.is_null())
        .order(jobs::run_at.asc())
        .select((jobs::run_at, jobs::locked_until))
        .limit(16)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(run_at, lease)| lease.map_or(run_at, |l| l.max(run_at)))
        .min())
}

/// How many jobs wait to run (or to finish), for metrics.
pub fn pending_count(conn: &mut DbConn) -> Result<i64, diesel::result::Error> {
    jobs::table
        .filter(jobs::finished_at.is_null())
        .count()
        .get_result(conn)
}

/// How long to wait before attempt `attempts + 1`: doubling from `base`,
/// capped at `max`, with ±20 % jitter so that jobs failed together do not
/// retry together.
pub fn backoff(attempts: i32, base: Duration, max: Duration) -> Duration {
    let exponent = attempts.saturating_sub(1).clamp(0, 30) as u32;
    let raw = base.saturating_mul(1u32 << exponent.min(20)).min(max);
    let jitter = rand::rng().random_range(0.8..1.2);
    raw.mul_f64(jitter).min(max.mul_f64(1.2))
}

/// Wakes the local workers the moment a job is committed.
#[derive(Debug, Clone, Default)]
pub struct Wakeup(Arc<tokio::sync::Notify>);

impl Wakeup {
    /// Wakes a waiting worker (or the next one to wait).
    pub fn wake(&self) {
        self.0.notify_one();
    }

    /// Waits until woken.
    pub async fn woken(&self) {
        self.0.notified().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let base = Duration::from_secs(5);
        let max = Duration::from_secs(3600);
        let first = backoff(1, base, max);
        assert!(first >= Duration::from_secs(4) && first <= Duration::from_secs(6));
        let fourth = backoff(4, base, max);
        assert!(fourth >= Duration::from_secs(32) && fourth <= Duration::from_secs(48));
        assert!(backoff(100, base, max) <= Duration::from_secs(4320));
    }

    #[test]
    fn jobs_serialise_with_their_name() {
        let job = Job::ConfirmationEmail {
            application_id: "a".into(),
        };
        let json = serde_json::to_string(&job).unwrap();
        assert_eq!(json, r#"{"job":"confirmation_email","application_id":"a"}"#);
        assert_eq!(serde_json::from_str::<Job>(&json).unwrap(), job);
    }
}

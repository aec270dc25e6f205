//! The retention policy, applied: unconfirmed applications are deleted,
//! refused and withdrawn ones anonymised, waiting-list addresses forgotten,
//! each after the delay the policy gives. `passeur purge` runs it (or only
//! reports with `--dry-run`), and the server runs it with its hourly upkeep.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use serde::Serialize;
use serde_json::json;

use super::erasure;
use crate::applications::Status;
use crate::db::schema::applications;
use crate::db::{backend, DbConn, MultiBackend};
use crate::host::policy::Retention;
use crate::host::waiting_list;
use crate::moderation::audit::{self, Actor};

/// Rows handled per transaction: a large backlog never holds the write lock
/// for long.
const BATCH: i64 = 200;

/// What a purge does, or would do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Purge {
    /// Unconfirmed applications deleted.
    pub unconfirmed_deleted: usize,
    /// Refused applications anonymised.
    pub refused_anonymised: usize,
    /// Withdrawn applications anonymised.
    pub withdrawn_anonymised: usize,
    /// Waiting-list addresses deleted.
    pub waiting_list_deleted: usize,
}

impl Purge {
    /// Whether anything is (or would be) done.
    pub fn is_empty(&self) -> bool {
        *self == Purge::default()
    }
}

fn cutoff(now: NaiveDateTime, days: u32) -> NaiveDateTime {
    now - TimeDelta::days(days.into())
}

/// The applications in `status` past `before` (by creation for
/// unconfirmed ones, by last change for the others), not yet anonymised.
fn due(status: Status, before: NaiveDateTime) -> applications::BoxedQuery<'static, MultiBackend> {
    let query = applications::table
        .filter(applications::status.eq(status.code()))
        .into_boxed();
    if status == Status::Unconfirmed {
        query.filter(applications::created_at.lt(before))
    } else {
        query
            .filter(applications::anonymised_at.is_null())
            .filter(applications::updated_at.lt(before))
    }
}

fn count_due(
    conn: &mut DbConn,
    status: Status,
    before: NaiveDateTime,
) -> Result<usize, diesel::result::Error> {
    let n: i64 = due(status, before).count().get_result(conn)?;
    Ok(n as usize)
}

/// What a purge at `now` would do, changing nothing.
pub fn plan(
    conn: &mut DbConn,
    retention: &Retention,
    now: NaiveDateTime,
) -> Result<Purge, diesel::result::Error> {
    Ok(Purge {
        unconfirmed_deleted: count_due(
            conn,
            Status::Unconfirmed,
            cutoff(now, retention.unconfirmed_days),
        )?,
        refused_anonymised: count_due(conn, Status::Refused, cutoff(now, retention.refused_days))?,
        withdrawn_anonymised: count_due(
            conn,
            Status::Withdrawn,
            cutoff(now, retention.withdrawn_days),
        )?,
        waiting_list_deleted: waiting_list::expire(
            conn,
            cutoff(now, retention.waiting_list_days),
            true,
        )?,
    })
}

/// Applies the retention policy at `now` and says what it did; a summary
/// row goes to the audit log when anything was done.
pub fn purge(
    conn: &mut DbConn,
    retention: &Retention,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<Purge, diesel::result::Error> {
    let mut done = Purge {
        unconfirmed_deleted: batches(
            conn,
            Status::Unconfirmed,
            cutoff(now, retention.unconfirmed_days),
            |c, id| erasure::delete(c, id, actor, "expired", now),
        )?,
        refused_anonymised: batches(
            conn,
            Status::Refused,
            cutoff(now, retention.refused_days),
            |c, id| erasure::anonymise(c, id, actor, now),
        )?,
        withdrawn_anonymised: batches(
            conn,
            Status::Withdrawn,
            cutoff(now, retention.withdrawn_days),
            |c, id| erasure::anonymise(c, id, actor, now),
        )?,
        waiting_list_deleted: 0,
    };
    done.waiting_list_deleted = backend::write_transaction(conn, |c| {
        waiting_list::expire(c, cutoff(now, retention.waiting_list_days), false)
    })?;
    if !done.is_empty() {
        backend::write_transaction(conn, |c| {
            audit::record(c, None, actor, "retention.purged", Some(json!(done)), now)
        })?;
    }
    Ok(done)
}

/// Runs `erase` on every due application, `BATCH` per transaction.
fn batches(
    conn: &mut DbConn,
    status: Status,
    before: NaiveDateTime,
    erase: impl Fn(&mut DbConn, &str) -> Result<bool, diesel::result::Error>,
) -> Result<usize, diesel::result::Error> {
    let mut total = 0;
    loop {
        let done = backend::write_transaction(conn, |c| {
            let ids: Vec<String> = due(status, before)
                .select(applications::id)
                .limit(BATCH)
                .load(c)?;
            let mut done = 0;
            for id in &ids {
                if erase(c, id)? {
                    done += 1;
                }
            }
            Ok::<_, diesel::result::Error>((ids.len(), done))
        })?;
        total += done.1;
        if done.0 < BATCH as usize {
            return Ok(total);
        }
    }
}

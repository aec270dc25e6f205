//! Deliveries and their attempts: claiming due ones, recording what each
//! HTTP try gave, retrying on the schedule, and the views and redelivery
//! that administrators use.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{webhook_attempts, webhook_deliveries, webhook_events};
use crate::db::DbConn;

/// A delivery, as stored.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct Delivery {
    pub id: String,
    pub event_id: String,
    pub endpoint_id: String,
    /// `pending`, `succeeded` or `failed`.
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub locked_by: Option<String>,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
}

/// One HTTP attempt, as logged.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct Attempt {
    pub id: String,
    pub delivery_id: String,
    pub attempt: i32,
    pub started_at: NaiveDateTime,
    pub duration_ms: i32,
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub response_headers: Option<String>,
    pub response_body: Option<String>,
}

/// What an attempt gave.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub started_at: NaiveDateTime,
    pub duration_ms: i32,
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub response_headers: Option<String>,
    pub response_body: Option<String>,
}

/// What happens to the delivery after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Delivered.
    Succeeded,
    /// Tried again at this time.
    RetryAt(NaiveDateTime),
    /// Given up.
    Failed,
}

/// Logs an attempt and moves the delivery on, if `worker` still holds it.
pub fn record(
    conn: &mut DbConn,
    delivery_id: &str,
    worker: &str,
    attempt: i32,
    outcome: &Outcome,
    next: Next,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(webhook_attempts::table)
        .values((
            webhook_attempts::id.eq(format!("att_{}", uuid::Uuid::now_v7().simple())),
            webhook_attempts::delivery_id.eq(delivery_id),
            webhook_attempts::attempt.eq(attempt),
            webhook_attempts::started_at.eq(outcome.started_at),
            webhook_attempts::duration_ms.eq(outcome.duration_ms),
            webhook_attempts::status_code.eq(outcome.status_code),
            webhook_attempts::error.eq(&outcome.error),
            webhook_attempts::response_headers.eq(&outcome.response_headers),
            webhook_attempts::response_body.eq(&outcome.response_body),
        ))
        .execute(conn)?;
    let target = webhook_deliveries::table
        .filter(webhook_deliveries::id.eq(delivery_id))
        .filter(webhook_deliveries::locked_by.eq(worker));
    let common = (
        webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
        webhook_deliveries::last_status_code.eq(outcome.status_code),
        webhook_deliveries::last_error.eq(&outcome.error),
        webhook_deliveries::updated_at.eq(now),
    );
    match next {
        Next::Succeeded => diesel::update(target)
            .set((
                common,
                webhook_deliveries::status.eq("succeeded"),
                webhook_deliveries::delivered_at.eq(Some(now)),
            ))
            .execute(conn)?,
        Next::RetryAt(at) => diesel::update(target)
            .set((common, webhook_deliveries::next_attempt_at.eq(at)))
            .execute(conn)?,
        Next::Failed => diesel::update(target)
            .set((common, webhook_deliveries::status.eq("failed")))
            .execute(conn)?,
    };
    Ok(())
}

/// The bodies of events and when they were created, by event id.
pub fn event_bodies(
    conn: &mut DbConn,
    event_ids: &[String],
) -> QueryResult<Vec<(String, String, NaiveDateTime)>> {
    webhook_events::table
        .filter(webhook_events::id.eq_any(event_ids))
        .select((
            webhook_events::id,
            webhook_events::body,
            webhook_events::created_at,
        ))
        .load(conn)
}

/// A delivery with its event's type, for the admin pages.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    pub delivery: Delivery,
    pub event_type: String,
    pub application_id: Option<String>,
}

/// The latest deliveries of an endpoint, optionally of one status.
pub fn for_endpoint(
    conn: &mut DbConn,
    endpoint_id: &str,
    status: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<Listed>> {
    let mut query = webhook_deliveries::table
        .inner_join(webhook_events::table)
        .filter(webhook_deliveries::endpoint_id.eq(endpoint_id))
        .select((
            webhook_deliveries::all_columns,
            webhook_events::event_type,
            webhook_events::application_id,
        ))
        .order(webhook_deliveries::created_at.desc())
        .limit(limit)
        .into_boxed();
    if let Some(status) = status {
        query = query.filter(webhook_deliveries::status.eq(status.to_string()));
    }
    let rows: Vec<(Delivery, String, Option<String>)> = query.load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(delivery, event_type, application_id)| Listed {
            delivery,
            event_type,
            application_id,
        })
        .collect())
}

/// The deliveries of the events about one application.
pub fn for_application(conn: &mut DbConn, application_id: &str) -> QueryResult<Vec<Listed>> {
    let rows: Vec<(Delivery, String, Option<String>)> = webhook_deliveries::table
        .inner_join(webhook_events::table)
        .filter(webhook_events::application_id.eq(application_id))
        .select((
            webhook_deliveries::all_columns,
            webhook_events::event_type,
            webhook_events::application_id,
        ))
        .order(webhook_deliveries::created_at.asc())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(delivery, event_type, application_id)| Listed {
            delivery,
            event_type,
            application_id,
        })
        .collect())
}

/// The attempts of a delivery, in order.
pub fn attempts(conn: &mut DbConn, delivery_id: &str) -> QueryResult<Vec<Attempt>> {
    webhook_attempts::table
        .filter(webhook_attempts::delivery_id.eq(delivery_id))
        .order(webhook_attempts::attempt.asc())
        .load(conn)
}

/// Sends a delivery again now (whatever its state), same message id.
pub fn redeliver(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(webhook_deliveries::table.filter(webhook_deliveries::id.eq(id)))
        .set((
            webhook_deliveries::status.eq("pending"),
            webhook_deliveries::next_attempt_at.eq(now),
            webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
            webhook_deliveries::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Sends again every failed delivery of an endpoint created in a period.
pub fn redeliver_failed(
    conn: &mut DbConn,
    endpoint_id: &str,
    from: NaiveDateTime,
    to: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        webhook_deliveries::table
            .filter(webhook_deliveries::endpoint_id.eq(endpoint_id))
            .filter(webhook_deliveries::status.eq("failed"))
            .filter(webhook_deliveries::created_at.ge(from))
            .filter(webhook_deliveries::created_at.lt(to)),
    )
    .set((
        webhook_deliveries::status.eq("pending"),
        webhook_deliveries::next_attempt_at.eq(now),
        webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
        webhook_deliveries::updated_at.eq(now),
    ))
    .execute(conn)
}

/// Pending deliveries and the age of the oldest, for metrics.
pub fn backlog(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<(i64, f64)> {
    let pending = webhook_deliveries::table.filter(webhook_deliveries::status.eq("pending"));
    let count: i64 = pending.count().get_result(conn)?;
    let oldest: Option<NaiveDateTime> = pending
        .select(webhook_deliveries::created_at)
        .order(webhook_deliveries::created_at.asc())
        .first(conn)
        .optional()?;
    let age = oldest.map_or(0.0, |t| (now - t).num_milliseconds().max(0) as f64 / 1000.0);
    Ok((count, age))
}

/// When the next pending delivery falls due (leased ones when their lease
/// ends).
pub fn next_due(conn: &mut DbConn) -> QueryResult<Option<NaiveDateTime>> {
    let rows: Vec<(NaiveDateTime, Option<NaiveDateTime>)> = webhook_deliveries::table
        .filter(webhook_deliveries::status.eq("pending"))
        .order(webhook_deliveries::next_attempt_at.asc())
        .select((
            webhook_deliveries::next_attempt_at,
            webhook_deliveries::locked_until,
        ))
        .limit(16)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(at, lease)| lease.map_or(at, |l| l.max(at)))
        .min())
}

/// Hands back the deliveries a stopping worker still holds.
pub fn release(conn: &mut DbConn, worker: &str) -> QueryResult<usize> {
    diesel::update(
        webhook_deliveries::table
            .filter(webhook_deliveries::locked_by.eq(worker))
            .filter(webhook_deliveries::status.eq("pending")),
    )
    .set((
        webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
        webhook_deliveries::locked_by.eq(None::<String>),
    ))
    .execute(conn)
}

/// The delay before attempt `attempt + 1` on the schedule (with ±10 %
/// jitter), or `None` when the schedule is exhausted.
pub fn retry_delay(schedule: &[f64], attempt: i32) -> Option<TimeDelta> {
    use rand::Rng;
    let seconds = *schedule.get(usize::try_from(attempt - 1).ok()?)?;
    let jittered = seconds * rand::rng().random_range(0.9..1.1);
    Some(TimeDelta::milliseconds((jittered * 1000.0) as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_is_followed_then_given_up() {
        let schedule = [5.0, 30.0];
        let first = retry_delay(&schedule, 1).unwrap().num_milliseconds();
        assert!((4500..=5500).contains(&first));
        assert!(retry_delay(&schedule, 2).is_some());
        assert!(retry_delay(&schedule, 3).is_none());
    }
}

//! Events: written once, in the transaction of the change that causes them,
//! with one delivery per enabled endpoint that wants them.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use serde_json::{json, Value};

use super::{endpoints, EventContext};
use crate::applications::json::application_json;
use crate::applications::Application;
use crate::db::schema::{webhook_deliveries, webhook_events};
use crate::db::{backend, DbConn};

/// An event, as stored.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct Event {
    pub id: String,
    pub event_type: String,
    pub application_id: Option<String>,
    pub body: String,
    pub created_at: NaiveDateTime,
}

/// The `data` of an event about an application.
pub fn data_for(ctx: &EventContext, event_type: &str, app: &Application, extra: Value) -> Value {
    let mut data = json!({ "application": application_json(app, &[]) });
    if event_type == "application.approved" {
        data["quota"] = json!({ "max_accounts": ctx.max_accounts, "storage_gb": ctx.storage_gb });
        data["callback_url"] = json!(format!(
            "{}/api/v1/applications/{}/provisioning",
            ctx.base_url, app.id
        ));
    }
    if let (Value::Object(map), Value::Object(extra)) = (&mut data, extra) {
        map.extend(extra);
    }
    data
}

fn timestamp(now: NaiveDateTime) -> String {
    now.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// Writes an event about an application and its deliveries, in the
/// caller's transaction; returns the event id. Nothing is written when
/// `ctx` is `None` (sample data).
pub fn emit(
    conn: &mut DbConn,
    ctx: Option<&EventContext>,
    event_type: &str,
    app: &Application,
    extra: Value,
    now: NaiveDateTime,
) -> QueryResult<Option<String>> {
    let Some(ctx) = ctx else {
        return Ok(None);
    };
    let body = json!({ "type": event_type, "timestamp": timestamp(now), "data": data_for(ctx, event_type, app, extra) });
    let targets = endpoints::subscribed(conn, event_type)?;
    store(
        conn,
        event_type,
        Some(&app.id),
        &body.to_string(),
        &targets.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        now,
    )
    .map(Some)
}

/// Writes a test event for one endpoint.
pub fn emit_test(conn: &mut DbConn, endpoint_id: &str, now: NaiveDateTime) -> QueryResult<String> {
    let body = json!({ "type": super::TEST_EVENT, "timestamp": timestamp(now), "data": { "message": "This is a test event from Passeur." } });
    store(
        conn,
        super::TEST_EVENT,
        None,
        &body.to_string(),
        &[endpoint_id],
        now,
    )
}

fn store(
    conn: &mut DbConn,
    event_type: &str,
    application_id: Option<&str>,
    body: &str,
    endpoints: &[&str],
    now: NaiveDateTime,
) -> QueryResult<String> {
    // The message id is the consumer's idempotency key: the same on every
    // retry, to every endpoint.
    let id = format!("msg_{}", uuid::Uuid::now_v7().simple());
    diesel::insert_into(webhook_events::table)
        .values((
            webhook_events::id.eq(&id),
            webhook_events::event_type.eq(event_type),
            webhook_events::application_id.eq(application_id),
            webhook_events::body.eq(body),
            webhook_events::created_at.eq(now),
        ))
        .execute(conn)?;
    for endpoint in endpoints {
        diesel::insert_into(webhook_deliveries::table)
            .values((
                webhook_deliveries::id.eq(format!("dlv_{}", uuid::Uuid::now_v7().simple())),
                webhook_deliveries::event_id.eq(&id),
                webhook_deliveries::endpoint_id.eq(endpoint),
                webhook_deliveries::status.eq("pending"),
                webhook_deliveries::attempts.eq(0),
                webhook_deliveries::next_attempt_at.eq(now),
                webhook_deliveries::created_at.eq(now),
                webhook_deliveries::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    if !endpoints.is_empty() {
        backend::notify_jobs(conn)?;
    }
    Ok(id)
}

/// The events about one application, oldest first.
pub fn for_application(conn: &mut DbConn, application_id: &str) -> QueryResult<Vec<Event>> {
    webhook_events::table
        .filter(webhook_events::application_id.eq(application_id))
        .order(webhook_events::created_at.asc())
        .load(conn)
}

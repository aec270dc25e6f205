//! The applicant's copy of everything Passeur holds about an application:
//! the application, its flags (without what they compare it with), the
//! decisions and their messages, the internal notes, its history and the
//! webhook events sent about it. Nothing of any other application, and no
//! moderator's name (their data is not the applicant's).

use chrono::NaiveDateTime;
use serde_json::{json, Value};

use crate::applications::json::application_json;
use crate::applications::{flags, store, Application};
use crate::db::DbConn;
use crate::moderation::audit::{self, Actor};
use crate::moderation::{decisions, notes};
use crate::webhooks::events;

fn at(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The export of application `id`, recorded in the audit log; `None` when
/// there is no such application.
pub fn export(
    conn: &mut DbConn,
    id: &str,
    now: NaiveDateTime,
) -> Result<Option<Value>, diesel::result::Error> {
    let Some(app) = store::find(conn, id)? else {
        return Ok(None);
    };
    let own_flags = flags::for_applications(conn, std::slice::from_ref(&app.id))?;
    let decisions = decisions::for_application(conn, id)?;
    let notes = notes::for_application(conn, id)?;
    let history = audit::for_application(conn, id)?;
    let events = events::for_application(conn, id)?;
    audit::record(
        conn,
        Some(id),
        &Actor::Applicant,
        "application.exported",
        None,
        now,
    )?;
    Ok(Some(json!({
        "exported_at": at(now),
        "application": application_part(&app),
        "flags": own_flags.iter().map(|f| json!({
            "kind": f.kind,
            // A duplicate's detail names the other application.
            "detail": if f.related_id.is_some() { Value::Null } else { json!(f.detail) },
        })).collect::<Vec<_>>(),
        "decisions": decisions.iter().map(|d| json!({
            "kind": d.kind, "reason": d.reason, "message": d.message, "at": at(d.created_at),
        })).collect::<Vec<_>>(),
        "internal_notes": notes.iter().map(|n| json!({ "text": n.body, "at": at(n.created_at) })).collect::<Vec<_>>(),
        "history": history.iter().map(|e| json!({
            "action": e.action,
            "by": e.actor.split(':').next().unwrap_or("system"),
            "at": at(e.created_at),
        })).collect::<Vec<_>>(),
        "webhook_events": events.iter().map(|e| json!({
            "type": e.event_type,
            "at": at(e.created_at),
            "payload": serde_json::from_str::<Value>(&e.body).unwrap_or(Value::Null),
        })).collect::<Vec<_>>(),
    })))
}

/// The application's own fields and dates, without who claimed it.
fn application_part(app: &Application) -> Value {
    let mut v = application_json(app, &[]);
    if let Value::Object(m) = &mut v {
        m.remove("assigned_to");
        m.remove("flags");
        m.insert("updated_at".into(), json!(at(app.updated_at)));
        m.insert("decided_at".into(), json!(app.decided_at.map(at)));
        m.insert("anonymised_at".into(), json!(app.anonymised_at.map(at)));
    }
    v
}

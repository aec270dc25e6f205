//! Erasing an application: anonymising it (its personal data goes, its
//! typology stays, so the statistics stay true) or deleting it outright.
//! Each is one transaction with its audit row.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use crate::applications::Status;
use crate::db::schema::{
    application_flags, applications, audit_log, decisions, notes, webhook_attempts,
    webhook_deliveries, webhook_events,
};
use crate::db::{appended, DbConn};
use crate::moderation::audit::{self, Actor};

/// Removes the personal data of an application: names, contact, address,
/// free texts, space name and address, internal notes, decision messages,
/// the flags that compared it with others, and the copies of it in webhook
/// payloads and logged responses. The typology (structure type, sectors,
/// year, figures, budget, country, language), the status, the dates and the
/// decisions' kinds and reasons stay. Returns whether it was done (an
/// application already anonymised is left alone).
pub fn anonymise(
    conn: &mut DbConn,
    id: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<bool, diesel::result::Error> {
    let changed = diesel::update(
        applications::table
            .filter(applications::id.eq(id))
            .filter(applications::anonymised_at.is_null()),
    )
    .set((
        applications::organisation_name.eq(""),
        applications::description.eq(""),
        applications::website.eq(None::<String>),
        applications::postal_code.eq(""),
        applications::city.eq(""),
        applications::contact_name.eq(""),
        applications::contact_email.eq(""),
        applications::space_name.eq(""),
        applications::name_key.eq(""),
        applications::search_text.eq(""),
        applications::space_url.eq(None::<String>),
        applications::assigned_to.eq(None::<String>),
        applications::anonymised_at.eq(Some(now)),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Ok(false);
    }
    diesel::delete(notes::table.filter(notes::application_id.eq(id))).execute(conn)?;
    diesel::update(decisions::table.filter(decisions::application_id.eq(id)))
        .set(decisions::message.eq(None::<String>))
        .execute(conn)?;
    forget_comparisons(conn, id)?;
    scrub_webhooks(conn, id)?;
    audit::record(conn, Some(id), actor, "application.anonymised", None, now)?;
    Ok(true)
}

/// Deletes an application and everything about it; one audit row says it
/// was deleted, why, and by whom (`reason`: `expired` or `applicant`).
pub fn delete(
    conn: &mut DbConn,
    id: &str,
    actor: &Actor,
    reason: &str,
    now: NaiveDateTime,
) -> Result<bool, diesel::result::Error> {
    forget_comparisons(conn, id)?;
    // Deliveries and their attempts go with their events (foreign keys).
    diesel::delete(webhook_events::table.filter(webhook_events::application_id.eq(id)))
        .execute(conn)?;
    diesel::delete(audit_log::table.filter(audit_log::application_id.eq(id))).execute(conn)?;
    // Sectors, notes, decisions and flags go with the application.
    let deleted =
        diesel::delete(applications::table.filter(applications::id.eq(id))).execute(conn)?;
    if deleted == 0 {
        return Ok(false);
    }
    let action = if reason == "expired" {
        "application.expired"
    } else {
        "application.deleted"
    };
    audit::record(
        conn,
        Some(id),
        actor,
        action,
        Some(json!({ "reason": reason })),
        now,
    )?;
    Ok(true)
}

/// Whether the applicant may have an application deleted: only once it is
/// over (refused or withdrawn); a live one is withdrawn first.
pub fn applicant_may_delete(status: Status) -> bool {
    matches!(status, Status::Refused | Status::Withdrawn)
}

/// Flags of this application, and flags of others that point at it (their
/// detail names it).
fn forget_comparisons(conn: &mut DbConn, id: &str) -> Result<(), diesel::result::Error> {
    // A new application of this group may have a flag waiting that points
    // to this one: written first, it is deleted with the others.
    appended::settle(conn)?;
    diesel::delete(
        application_flags::table.filter(
            application_flags::application_id
                .eq(id)
                .or(application_flags::related_id.eq(id)),
        ),
    )
    .execute(conn)?;
    Ok(())
}

/// Replaces the stored payloads of the application's webhook events (they
/// hold its contact) and drops the responses logged for them.
fn scrub_webhooks(conn: &mut DbConn, id: &str) -> Result<(), diesel::result::Error> {
    let events: Vec<(String, String)> = webhook_events::table
        .filter(webhook_events::application_id.eq(id))
        .select((webhook_events::id, webhook_events::event_type))
        .load(conn)?;
    for (event_id, event_type) in &events {
        let body = json!({
            "type": event_type,
            "data": { "application": { "id": id, "anonymised": true } },
        });
        diesel::update(webhook_events::table.filter(webhook_events::id.eq(event_id)))
            .set(webhook_events::body.eq(body.to_string()))
            .execute(conn)?;
        let deliveries = webhook_deliveries::table
            .filter(webhook_deliveries::event_id.eq(event_id))
            .select(webhook_deliveries::id);
        diesel::update(
            webhook_attempts::table.filter(webhook_attempts::delivery_id.eq_any(deliveries)),
        )
        .set((
            webhook_attempts::response_body.eq(None::<String>),
            webhook_attempts::response_headers.eq(None::<String>),
        ))
        .execute(conn)?;
    }
    Ok(())
}

//! Webhook endpoints: where events go, which events, and the secret that
//! signs them (two during a rotation's grace period).

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use serde::Serialize;

use super::signing::Secret;
use super::urls::{self, AddressPolicy};
use super::EVENT_TYPES;
use crate::applications::{FieldErrors, Problem};
use crate::db::schema::webhook_endpoints;
use crate::db::DbConn;

/// An endpoint, as stored.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct Endpoint {
    pub id: String,
    pub url: String,
    pub description: String,
    /// `*` for every event, or a comma-separated list.
    pub event_types: String,
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    #[serde(skip)]
    pub secret: String,
    #[serde(skip)]
    pub previous_secret: Option<String>,
    pub previous_secret_expires_at: Option<NaiveDateTime>,
    pub failing_since: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Endpoint {
    /// Whether it wants events of this type.
    pub fn wants(&self, event_type: &str) -> bool {
        self.event_types == "*" || self.event_types.split(',').any(|t| t == event_type)
    }

    /// The secrets that sign now: the current one, and the previous one
    /// until its grace period ends.
    pub fn signing_secrets(&self, now: NaiveDateTime) -> Vec<Secret> {
        let mut secrets: Vec<Secret> = Secret::parse(&self.secret).into_iter().collect();
        if let (Some(old), Some(until)) = (&self.previous_secret, self.previous_secret_expires_at) {
            if until > now {
                secrets.extend(Secret::parse(old));
            }
        }
        secrets
    }
}

/// Reads the event types chosen: none means every event.
pub fn parse_event_types<S: AsRef<str>>(types: &[S]) -> Result<String, Problem> {
    let mut chosen: Vec<&str> = Vec::new();
    for t in types
        .iter()
        .map(|t| t.as_ref().trim())
        .filter(|t| !t.is_empty())
    {
        let known = EVENT_TYPES
            .iter()
            .find(|k| **k == t)
            .ok_or_else(|| Problem::new("error-choice"))?;
        if !chosen.contains(known) {
            chosen.push(known);
        }
    }
    Ok(if chosen.is_empty() {
        "*".to_string()
    } else {
        chosen.join(",")
    })
}

/// Creates an endpoint and returns it with its secret (shown once).
pub fn add(
    conn: &mut DbConn,
    url: &str,
    description: &str,
    types: &[String],
    policy: &AddressPolicy,
    now: NaiveDateTime,
) -> Result<(Endpoint, Secret), FieldErrors> {
    let mut errors = FieldErrors::default();
    let url = errors.take("url", urls::check(url, policy));
    let types = errors.take("event_types", parse_event_types(types));
    let description: String = description.trim().chars().take(200).collect();
    let (Some(url), Some(types)) = (url, types) else {
        return Err(errors);
    };
    let id = format!("ep_{}", uuid::Uuid::now_v7().simple());
    let secret = Secret::generate();
    let inserted = diesel::insert_into(webhook_endpoints::table)
        .values((
            webhook_endpoints::id.eq(&id),
            webhook_endpoints::url.eq(url.as_str()),
            webhook_endpoints::description.eq(&description),
            webhook_endpoints::event_types.eq(&types),
            webhook_endpoints::enabled.eq(true),
            webhook_endpoints::secret.eq(secret.expose()),
            webhook_endpoints::created_at.eq(now),
            webhook_endpoints::updated_at.eq(now),
        ))
        .execute(conn)
        .and_then(|_| find(conn, &id));
    match inserted {
        Ok(Some(endpoint)) => Ok((endpoint, secret)),
        _ => {
            errors.add("url", Problem::new("error-page-unavailable"));
            Err(errors)
        }
    }
}

/// One endpoint.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<Endpoint>> {
    webhook_endpoints::table
        .filter(webhook_endpoints::id.eq(id))
        .first(conn)
        .optional()
}

/// Several endpoints by id.
pub fn find_many(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<Endpoint>> {
    webhook_endpoints::table
        .filter(webhook_endpoints::id.eq_any(ids))
        .load(conn)
}

/// Every endpoint, oldest first.
pub fn list(conn: &mut DbConn) -> QueryResult<Vec<Endpoint>> {
    webhook_endpoints::table
        .order(webhook_endpoints::created_at.asc())
        .load(conn)
}

/// The enabled endpoints that want `event_type`.
pub fn subscribed(conn: &mut DbConn, event_type: &str) -> QueryResult<Vec<Endpoint>> {
    let all: Vec<Endpoint> = webhook_endpoints::table
        .filter(webhook_endpoints::enabled.eq(true))
        .load(conn)?;
    Ok(all.into_iter().filter(|e| e.wants(event_type)).collect())
}

/// Changes the URL, description and event types.
pub fn update(
    conn: &mut DbConn,
    id: &str,
    url: &str,
    description: &str,
    types: &[String],
    policy: &AddressPolicy,
    now: NaiveDateTime,
) -> Result<usize, FieldErrors> {
    let mut errors = FieldErrors::default();
    let url = errors.take("url", urls::check(url, policy));
    let types = errors.take("event_types", parse_event_types(types));
    let (Some(url), Some(types)) = (url, types) else {
        return Err(errors);
    };
    let description: String = description.trim().chars().take(200).collect();
    diesel::update(webhook_endpoints::table.filter(webhook_endpoints::id.eq(id)))
        .set((
            webhook_endpoints::url.eq(url.as_str()),
            webhook_endpoints::description.eq(description),
            webhook_endpoints::event_types.eq(types),
            webhook_endpoints::updated_at.eq(now),
        ))
        .execute(conn)
        .map_err(|_| {
            let mut e = FieldErrors::default();
            e.add("url", Problem::new("error-page-unavailable"));
            e
        })
}

/// Enables, or disables with a reason.
pub fn set_enabled(
    conn: &mut DbConn,
    id: &str,
    enabled: bool,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(webhook_endpoints::table.filter(webhook_endpoints::id.eq(id)))
        .set((
            webhook_endpoints::enabled.eq(enabled),
            webhook_endpoints::disabled_reason.eq(if enabled { None } else { reason }),
            webhook_endpoints::failing_since.eq(None::<NaiveDateTime>),
            webhook_endpoints::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Deletes an endpoint and its deliveries.
pub fn delete(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(webhook_endpoints::table.filter(webhook_endpoints::id.eq(id))).execute(conn)
}

/// Replaces the secret; the old one keeps signing for `grace`.
pub fn rotate(
    conn: &mut DbConn,
    id: &str,
    grace: TimeDelta,
    now: NaiveDateTime,
) -> QueryResult<Option<Secret>> {
    let Some(endpoint) = find(conn, id)? else {
        return Ok(None);
    };
    let secret = Secret::generate();
    diesel::update(webhook_endpoints::table.filter(webhook_endpoints::id.eq(id)))
        .set((
            webhook_endpoints::secret.eq(secret.expose()),
            webhook_endpoints::previous_secret.eq(Some(endpoint.secret)),
            webhook_endpoints::previous_secret_expires_at.eq(Some(now + grace)),
            webhook_endpoints::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(Some(secret))
}

/// Notes the outcome of an attempt: a success clears the failing streak; a
/// failure starts one if none runs. Returns when the streak began.
pub fn note_outcome(
    conn: &mut DbConn,
    id: &str,
    success: bool,
    now: NaiveDateTime,
) -> QueryResult<Option<NaiveDateTime>> {
    if success {
        diesel::update(
            webhook_endpoints::table
                .filter(webhook_endpoints::id.eq(id))
                .filter(webhook_endpoints::failing_since.is_not_null()),
        )
        .set(webhook_endpoints::failing_since.eq(None::<NaiveDateTime>))
        .execute(conn)?;
        return Ok(None);
    }
    diesel::update(
        webhook_endpoints::table
            .filter(webhook_endpoints::id.eq(id))
            .filter(webhook_endpoints::failing_since.is_null()),
    )
    .set(webhook_endpoints::failing_since.eq(Some(now)))
    .execute(conn)?;
    Ok(find(conn, id)?.and_then(|e| e.failing_since))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_event_type_means_every_event() {
        assert_eq!(parse_event_types::<&str>(&[]).unwrap(), "*");
        assert_eq!(
            parse_event_types(&["application.approved", "application.approved"]).unwrap(),
            "application.approved"
        );
        assert!(parse_event_types(&["application.eaten"]).is_err());
    }
}

//! API tokens for the JSON API and the provisioning callback: shown once,
//! stored as a hash.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{random_token, secret_hash};
use crate::db::schema::api_tokens;
use crate::db::DbConn;

/// The prefix that makes a Passeur token recognisable (to secret scanners
/// and to people).
pub const PREFIX: &str = "psr_";

/// A token as listed (never with its secret).
#[derive(Debug, Clone, Queryable)]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

/// Creates a token named `name` and returns its id and the secret, which is
/// not kept.
pub fn add(conn: &mut DbConn, name: &str, now: NaiveDateTime) -> QueryResult<(String, String)> {
    let id = uuid::Uuid::now_v7().to_string();
    let secret = format!("{PREFIX}{}", random_token(32));
    diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::id.eq(&id),
            api_tokens::name.eq(name.trim()),
            api_tokens::token_hash.eq(secret_hash(&secret)),
            api_tokens::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok((id, secret))
}

/// The live token a bearer secret stands for, noting its use (at most once
/// a minute).
pub fn verify(
    conn: &mut DbConn,
    secret: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<ApiToken>> {
    let token: Option<ApiToken> = api_tokens::table
        .filter(api_tokens::token_hash.eq(secret_hash(secret.trim())))
        .filter(api_tokens::revoked_at.is_null())
        .first(conn)
        .optional()?;
    if let Some(t) = &token {
        if t.last_used_at
            .is_none_or(|at| now - at > chrono::TimeDelta::minutes(1))
        {
            // A write: it takes its turn with the others, or on SQLite it
            // sleeps in the busy handler while the group commit writes.
            let _turn = crate::db::backend::writer_turn(conn);
            diesel::update(api_tokens::table.filter(api_tokens::id.eq(&t.id)))
                .set(api_tokens::last_used_at.eq(Some(now)))
                .execute(conn)?;
        }
    }
    Ok(token)
}

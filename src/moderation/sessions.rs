//! Moderator sessions: a random id in an HttpOnly cookie, only its hash in
//! the database, a CSRF token per session, an idle expiry.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use super::accounts::Moderator;
use super::{random_token, secret_hash};
use crate::db::schema::{moderators, sessions};
use crate::db::DbConn;

/// A session just opened: the cookie value (shown once) and its CSRF token.
#[derive(Debug, Clone)]
pub struct Opened {
    pub cookie: String,
    pub csrf_token: String,
}

/// Opens a new session for a moderator. A new id is drawn at every login,
/// so an id planted before the login (session fixation) is worth nothing.
pub fn open(
    conn: &mut DbConn,
    moderator_id: &str,
    now: NaiveDateTime,
    idle: TimeDelta,
) -> QueryResult<Opened> {
    let cookie = random_token(32);
    let csrf_token = random_token(32);
    diesel::insert_into(sessions::table)
        .values((
            sessions::id_hash.eq(secret_hash(&cookie)),
            sessions::moderator_id.eq(moderator_id),
            sessions::csrf_token.eq(&csrf_token),
            sessions::created_at.eq(now),
            sessions::last_seen_at.eq(now),
            sessions::expires_at.eq(now + idle),
        ))
        .execute(conn)?;
    Ok(Opened { cookie, csrf_token })
}

/// The moderator and CSRF token of a live session, extending its idle
/// expiry (at most once a minute, to spare writes).
pub fn resume(
    conn: &mut DbConn,
    cookie: &str,
    now: NaiveDateTime,
    idle: TimeDelta,
) -> QueryResult<Option<(Moderator, String)>> {
    let hash = secret_hash(cookie);
    let found: Option<(String, NaiveDateTime, NaiveDateTime, Moderator)> = sessions::table
        .inner_join(moderators::table)
        .filter(sessions::id_hash.eq(&hash))
        .select((
            sessions::csrf_token,
            sessions::expires_at,
            sessions::last_seen_at,
            moderators::all_columns,
        ))
        .first(conn)
        .optional()?;
    let Some((csrf, expires_at, last_seen, moderator)) = found else {
        return Ok(None);
    };
    if expires_at < now || moderator.disabled {
        diesel::delete(sessions::table.filter(sessions::id_hash.eq(&hash))).execute(conn)?;
        return Ok(None);
    }
    if now - last_seen > TimeDelta::minutes(1) {
        // A write on a read path: it queues with the other writers (see
        // `backend::writer_turn`) rather than sleep in SQLite's busy handler.
        let _turn = crate::db::backend::writer_turn(conn);
        diesel::update(sessions::table.filter(sessions::id_hash.eq(&hash)))
            .set((
                sessions::last_seen_at.eq(now),
                sessions::expires_at.eq(now + idle),
            ))
            .execute(conn)?;
    }
    Ok(Some((moderator, csrf)))
}

/// Ends one session.
pub fn end(conn: &mut DbConn, cookie: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::id_hash.eq(secret_hash(cookie)))).execute(conn)
}

/// Ends every session of an account.
pub fn end_all_for(conn: &mut DbConn, moderator_id: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::moderator_id.eq(moderator_id))).execute(conn)
}

/// Deletes expired sessions.
pub fn purge_expired(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::expires_at.lt(now))).execute(conn)
}

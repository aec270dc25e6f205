//! The waiting list of a closed intake: an association leaves its address
//! and is told by e-mail when sign-ups reopen. Only the address and the
//! language are kept, and the entry goes once the e-mail is sent.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::applications::identity::ContactEmail;
use crate::db::schema::waiting_list;
use crate::db::{is_unique_violation, DbConn};
use crate::i18n::Lang;
use crate::jobs::{self, Job};

/// One address waiting.
#[derive(Debug, Clone, Queryable)]
pub struct Entry {
    pub id: String,
    pub email: String,
    pub language: String,
    pub created_at: NaiveDateTime,
    /// When its e-mail was queued (sign-ups had reopened).
    pub queued_at: Option<NaiveDateTime>,
}

impl Entry {
    /// The language of its e-mail.
    pub fn lang(&self) -> Lang {
        Lang::from_code(&self.language).unwrap_or_default()
    }
}

/// Puts an address on the list. An address already there stays once, and
/// the answer is the same, so the list cannot be probed for addresses.
pub fn join(
    conn: &mut DbConn,
    email: &ContactEmail,
    lang: Lang,
    now: NaiveDateTime,
) -> Result<(), diesel::result::Error> {
    let result = diesel::insert_into(waiting_list::table)
        .values((
            waiting_list::id.eq(uuid::Uuid::now_v7().to_string()),
            waiting_list::email.eq(email.as_str()),
            waiting_list::language.eq(lang.code()),
            waiting_list::created_at.eq(now),
        ))
        .execute(conn);
    match result {
        Err(e) if is_unique_violation(&e) => Ok(()),
        other => other.map(|_| ()),
    }
}

/// Queues the e-mail of every address not yet told, in the caller's
/// transaction (sign-ups have just reopened), and returns how many.
pub fn release(conn: &mut DbConn, now: NaiveDateTime) -> Result<usize, diesel::result::Error> {
    let ids: Vec<String> = waiting_list::table
        .filter(waiting_list::queued_at.is_null())
        .select(waiting_list::id)
        .load(conn)?;
    for id in &ids {
        jobs::enqueue(
            conn,
            &Job::WaitingListEmail {
                entry_id: id.clone(),
            },
            now,
        )?;
    }
    diesel::update(waiting_list::table.filter(waiting_list::id.eq_any(&ids)))
        .set(waiting_list::queued_at.eq(Some(now)))
        .execute(conn)?;
    Ok(ids.len())
}

/// One entry.
pub fn find(conn: &mut DbConn, id: &str) -> Result<Option<Entry>, diesel::result::Error> {
    waiting_list::table
        .filter(waiting_list::id.eq(id))
        .first(conn)
        .optional()
}

/// Forgets an entry (its e-mail went).
pub fn remove(conn: &mut DbConn, id: &str) -> Result<(), diesel::result::Error> {
    diesel::delete(waiting_list::table.filter(waiting_list::id.eq(id))).execute(conn)?;
    Ok(())
}

/// Puts an entry back among those to tell (sign-ups closed again before its
/// e-mail left).
pub fn requeue(conn: &mut DbConn, id: &str) -> Result<(), diesel::result::Error> {
    diesel::update(waiting_list::table.filter(waiting_list::id.eq(id)))
        .set(waiting_list::queued_at.eq(None::<NaiveDateTime>))
        .execute(conn)?;
    Ok(())
}

/// How many addresses wait.
pub fn count(conn: &mut DbConn) -> Result<i64, diesel::result::Error> {
    waiting_list::table.count().get_result(conn)
}

/// Entries older than `cutoff` (retention): counted, or deleted unless
/// `dry_run`.
pub fn expire(
    conn: &mut DbConn,
    cutoff: NaiveDateTime,
    dry_run: bool,
) -> Result<usize, diesel::result::Error> {
    let old = waiting_list::table.filter(waiting_list::created_at.lt(cutoff));
    if dry_run {
        let n: i64 = old.count().get_result(conn)?;
        return Ok(n as usize);
    }
    diesel::delete(old).execute(conn)
}

//! Internal notes on an application, seen by moderators only.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::applications::identity::Paragraphs;
use crate::applications::Problem;
use crate::db::schema::notes;
use crate::db::DbConn;

/// A note, as stored.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct Note {
    pub id: String,
    pub application_id: String,
    pub moderator_id: String,
    pub author_name: String,
    pub body: String,
    pub created_at: NaiveDateTime,
}

/// Checks a note's text.
pub fn parse_body(body: &str) -> Result<Paragraphs, Problem> {
    Paragraphs::parse(body, 1, 5000)
}

/// Adds a note.
pub fn add(
    conn: &mut DbConn,
    application_id: &str,
    moderator_id: &str,
    author_name: &str,
    body: &Paragraphs,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(notes::table)
        .values((
            notes::id.eq(uuid::Uuid::now_v7().to_string()),
            notes::application_id.eq(application_id),
            notes::moderator_id.eq(moderator_id),
            notes::author_name.eq(author_name),
            notes::body.eq(body.as_str()),
            notes::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// The notes on an application, oldest first.
pub fn for_application(conn: &mut DbConn, application_id: &str) -> QueryResult<Vec<Note>> {
    notes::table
        .filter(notes::application_id.eq(application_id))
        .order(notes::created_at.asc())
        .load(conn)
}

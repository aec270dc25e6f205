//! The daily digest for moderators who asked for one. Whichever instance
//! first sees that a day has passed claims the run with a conditional
//! update, so that several instances send it once.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use super::accounts;
use crate::db::schema::settings;
use crate::db::{backend, DbConn};
use crate::jobs::{self, Job};

const KEY: &str = "last_digest_at";
const FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6f";

/// Queues one digest per moderator who wants it when the last run is a day
/// old (the first run only records the time); returns how many were queued.
pub fn schedule(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    backend::write_transaction(conn, |conn| {
        let last: Option<String> = settings::table
            .filter(settings::key.eq(KEY))
            .select(settings::value)
            .first(conn)
            .optional()?;
        let Some(last) = last else {
            diesel::insert_into(settings::table)
                .values((
                    settings::key.eq(KEY),
                    settings::value.eq(now.format(FORMAT).to_string()),
                ))
                .execute(conn)?;
            return Ok(0);
        };
        let since =
            NaiveDateTime::parse_from_str(&last, FORMAT).unwrap_or(now - TimeDelta::days(1));
        if now - since < TimeDelta::days(1) {
            return Ok(0);
        }
        let claimed = diesel::update(
            settings::table
                .filter(settings::key.eq(KEY))
                .filter(settings::value.eq(&last)),
        )
        .set(settings::value.eq(now.format(FORMAT).to_string()))
        .execute(conn)?;
        if claimed == 0 {
            return Ok(0); // Another instance took this run.
        }
        let wanting = accounts::wanting(conn, "daily")?;
        for moderator in &wanting {
            jobs::enqueue(
                conn,
                &Job::DailyDigest {
                    moderator_id: moderator.id.clone(),
                    since,
                },
                now,
            )?;
        }
        Ok(wanting.len())
    })
}

//! The database layer: one connection type over SQLite and PostgreSQL, the
//! pool built from the URL scheme, embedded migrations and the schema.
//!
//! Everything that differs between the two backends lives in [`backend`];
//! the rest of the code base speaks to [`DbConn`] only, save the
//! statements of a submission, which [`on_backend`] and [`insert_row`] run
//! on the backend's own connection (the same statement on both).

pub mod appended;
pub mod backend;
mod flusher;
mod group_commit;
mod pool;
pub mod schema;
pub mod search_index;
#[cfg(test)]
pub(crate) mod testing;
mod unprepared;

use diesel::pg::PgConnection;
use diesel::query_dsl::methods::ExecuteDsl;
use diesel::sqlite::SqliteConnection;

pub use group_commit::{GroupCommit, GroupCounters, Lanes};
pub use pool::{build_pool, DbTarget, Pool, PooledConn};
pub use search_index::{SearchCounters, SearchIndexer};

/// A connection to either backend, chosen at run time from the URL.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    /// PostgreSQL, for production and several instances.
    Pg(PgConnection),
    /// Embedded SQLite, the default.
    Sqlite(SqliteConnection),
}

/// Runs `$body` with `$c` bound to the backend's own connection rather
/// than to [`DbConn`]: the body is compiled once per backend.
///
/// For the statements every submission runs. Through the `MultiConnection`,
/// diesel renders a statement to SQL at each of its passes over it (to
/// know whether it may be cached, to collect its binds), every time it
/// runs, even when its prepared statement is cached: a tenth of SQLite's
/// writer's time under intake. On the backend's own connection a statement
/// of fixed shape finds its prepared statement by its Rust type alone.
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConn::Sqlite($c) => $body,
            $crate::db::DbConn::Pg($c) => $body,
        }
    };
}
pub(crate) use on_backend;

/// Inserts `row` into `table` on the backend's own connection (see
/// [`on_backend`]): for the rows every submission writes.
pub fn insert_row<T, V>(conn: &mut DbConn, table: T, row: V) -> diesel::QueryResult<usize>
where
    T: diesel::Table,
    V: diesel::Insertable<T>,
    diesel::dsl::Values<diesel::dsl::insert_into<T>, V>:
        ExecuteDsl<SqliteConnection> + ExecuteDsl<PgConnection>,
{
    use diesel::RunQueryDsl;
    on_backend!(conn, |c| diesel::insert_into(table).values(row).execute(c))
}

/// What can go wrong below the domain: reaching the database or querying it.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported database URL scheme {0:?}: use sqlite://FILE or postgres://USER@HOST/DB")]
    UnsupportedScheme(String),
    #[error("invalid database URL: {0}")]
    InvalidUrl(String),
    #[error("cannot open the {backend} database: {message}")]
    Connect {
        backend: &'static str,
        message: String,
    },
    #[error("no database connection available: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("database error: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("the database task did not finish: {0}")]
    Task(String),
    #[error("the write was not committed: {0}")]
    Commit(String),
}

/// The current time as stored: UTC, without zone, microsecond precision so
/// that both backends store and compare the very same value.
pub fn now() -> chrono::NaiveDateTime {
    use chrono::{DurationRound, TimeDelta};
    let now = chrono::Utc::now().naive_utc();
    now.duration_trunc(TimeDelta::microseconds(1))
        .unwrap_or(now)
}

/// Whether a query failed on the unique index over `column` (a race lost to
/// another writer). SQLite names the column in its message, PostgreSQL names
/// the index.
pub fn is_unique_violation_on(err: &diesel::result::Error, column: &str) -> bool {
    match err {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            info,
        ) => {
            info.message().contains(column)
                || info.constraint_name().is_some_and(|c| c.contains(column))
        }
        _ => false,
    }
}

/// Whether a query failed on a unique index (a race lost to another writer).
pub fn is_unique_violation(err: &diesel::result::Error) -> bool {
    matches!(
        err,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}

//! Helpers for the unit tests that read SQLite's plans: a migrated
//! database, and the plan SQLite chooses for a statement.

use diesel::RunQueryDsl;

use super::{backend, build_pool, DbConn, PooledConn};

/// A connection to a migrated SQLite database in `dir`.
pub fn migrated(dir: &tempfile::TempDir) -> PooledConn {
    let url = format!("sqlite://{}", dir.path().join("passeur.db").display());
    let mut conn = build_pool(&url, 2).unwrap().get().unwrap();
    backend::run_migrations(&mut conn).unwrap();
    conn
}

/// The SQLite connection inside `conn`, which tests open on SQLite.
pub fn sqlite(conn: &mut DbConn) -> &mut diesel::sqlite::SqliteConnection {
    match conn {
        DbConn::Sqlite(c) => c,
        DbConn::Pg(_) => unreachable!("a SQLite URL"),
    }
}

/// One step of `EXPLAIN QUERY PLAN`.
#[derive(diesel::QueryableByName)]
struct Step {
    #[diesel(sql_type = diesel::sql_types::Text)]
    detail: String,
}

/// The steps of SQLite's plan for `sql`, in order.
pub fn plan(conn: &mut PooledConn, sql: &str) -> Vec<String> {
    diesel::sql_query(format!("EXPLAIN QUERY PLAN {sql}"))
        .load::<Step>(sqlite(conn))
        .unwrap()
        .into_iter()
        .map(|step| step.detail)
        .collect()
}

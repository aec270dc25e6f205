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

/// One step of `EXPLAIN QUERY PLAN`.
#[derive(diesel::QueryableByName)]
struct Step {
    #[diesel(sql_type = diesel::sql_types::Text)]
    detail: String,
}

/// The steps of SQLite's plan for `sql`, in order.
pub fn plan(conn: &mut PooledConn, sql: &str) -> Vec<String> {
    let DbConn::Sqlite(c) = &mut **conn else {
        unreachable!("a SQLite URL")
    };
    diesel::sql_query(format!("EXPLAIN QUERY PLAN {sql}"))
        .load::<Step>(c)
        .unwrap()
        .into_iter()
        .map(|step| step.detail)
        .collect()
}

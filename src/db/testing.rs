//! Helpers for the unit tests that read SQLite's plans: a migrated
//! database, many copies of an application, and the plan SQLite chooses
//! for a statement.

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

/// The value of SQLite's pragma `name` on the connection, for the pragmas
/// a query can read (`pragma_<name>`: `cache_size`, `synchronous`,
/// `temp_store`…; not `wal_autocheckpoint`).
pub fn pragma(conn: &mut diesel::sqlite::SqliteConnection, name: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Pragma {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        value: i64,
    }
    diesel::sql_query(format!("SELECT {name} AS value FROM pragma_{name}"))
        .get_result::<Pragma>(conn)
        .unwrap()
        .value
}

/// Adds `n` copies of the first application (by id) that the SQL
/// condition `source` keeps, in one statement. Each column of copy `n.i`
/// (numbered from 1) is the SQL expression `value(column)` gives, over the
/// source `a` and `n.i`, or the source's own when it gives none.
pub fn copies(conn: &mut DbConn, n: u32, source: &str, value: impl Fn(&str) -> Option<String>) {
    #[derive(diesel::QueryableByName)]
    struct Column {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    let columns: Vec<String> =
        diesel::sql_query("SELECT name FROM pragma_table_info('applications')")
            .load::<Column>(sqlite(conn))
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect();
    let values: Vec<String> = columns
        .iter()
        .map(|c| value(c).unwrap_or_else(|| format!("a.{c}")))
        .collect();
    let sql = format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n}) \
         INSERT INTO applications ({}) SELECT {} \
         FROM (SELECT * FROM applications WHERE {source} ORDER BY id LIMIT 1) a, n",
        columns.join(", "),
        values.join(", ")
    );
    backend::write_transaction(conn, |c| diesel::sql_query(&sql).execute(c)).unwrap();
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

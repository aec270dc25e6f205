//! The connection pool: r2d2 over [`DbConn`], with the backend picked from the
//! URL scheme and SQLite's pragmas applied to every new connection.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{ManageConnection, R2D2Connection};
use diesel::sqlite::SqliteConnection;
use diesel::Connection;

use super::{DbConn, DbError};

/// The pool every request and worker borrows connections from.
pub type Pool = diesel::r2d2::Pool<Manager>;
/// One borrowed connection.
pub type PooledConn = diesel::r2d2::PooledConnection<Manager>;

/// Where the data lives, parsed from `database_url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbTarget {
    /// A SQLite file path.
    Sqlite(String),
    /// A PostgreSQL connection URL, passed to libpq as is.
    Postgres(String),
}

impl DbTarget {
    /// Reads `sqlite://FILE`, `sqlite:FILE`, `postgres://…` or
    /// `postgresql://…`; anything else is refused with the scheme named.
    pub fn parse(url: &str) -> Result<DbTarget, DbError> {
        let url = url.trim();
        let Some((scheme, rest)) = url.split_once(':') else {
            return Err(DbError::InvalidUrl(format!(
                "{url:?} has no scheme: use sqlite://FILE or postgres://USER@HOST/DB"
            )));
        };
        match scheme.to_ascii_lowercase().as_str() {
            "sqlite" => {
                let path = rest.strip_prefix("//").unwrap_or(rest);
                if path.is_empty() {
                    return Err(DbError::InvalidUrl("sqlite:// needs a file name".into()));
                }
                Ok(DbTarget::Sqlite(path.to_string()))
            }
            "postgres" | "postgresql" => Ok(DbTarget::Postgres(url.to_string())),
            other => Err(DbError::UnsupportedScheme(other.to_string())),
        }
    }

    /// The backend's name, for messages.
    pub fn backend_name(&self) -> &'static str {
        match self {
            DbTarget::Sqlite(_) => "SQLite",
            DbTarget::Postgres(_) => "PostgreSQL",
        }
    }

    /// Opens one connection, ready to use.
    pub fn connect(&self) -> Result<DbConn, DbError> {
        let connect_err = |e: diesel::ConnectionError| DbError::Connect {
            backend: self.backend_name(),
            message: e.to_string().trim().to_string(),
        };
        match self {
            DbTarget::Sqlite(path) => {
                configure_sqlite_library();
                let mut conn = SqliteConnection::establish(path).map_err(connect_err)?;
                // WAL lets readers run beside the one writer; the busy timeout
                // makes writers queue instead of failing; FULL sync makes an
                // acknowledged commit survive a power cut, not only a crash.
                //
                // A statement with triggers keeps the pages it changes in a
                // statement journal, which SQLite moves to a temporary file
                // past 64 KiB: inside a group commit that file took a fifth
                // of the writer's time in `pwrite`. In memory it is a copy.
                //
                // A group commit writes about a thousand pages to the log,
                // so the default checkpoint (at 1 000 pages) ran after
                // every commit, on the writer, with a flush of its own;
                // 10 000 pages (40 MB of log at most) checkpoint a tenth as
                // often, and the pages written again meanwhile only once.
                //
                // The page cache: see [`READ_CACHE_KIB`].
                conn.batch_execute(&format!(
                    "PRAGMA journal_mode = WAL;
                     PRAGMA busy_timeout = 10000;
                     PRAGMA synchronous = FULL;
                     PRAGMA foreign_keys = ON;
                     PRAGMA temp_store = MEMORY;
                     PRAGMA wal_autocheckpoint = 10000;
                     PRAGMA cache_size = -{READ_CACHE_KIB};"
                ))
                .map_err(|e| DbError::Connect {
                    backend: "SQLite",
                    message: e.to_string(),
                })?;
                // The trigram index lives in a file of its own (see
                // [`super::search_index`]).
                super::search_index::attach(&mut conn, path).map_err(|e| DbError::Connect {
                    backend: "SQLite",
                    message: format!("cannot attach the search index: {e}"),
                })?;
                Ok(DbConn::Sqlite(conn))
            }
            DbTarget::Postgres(url) => Ok(DbConn::Pg(
                PgConnection::establish(url).map_err(connect_err)?,
            )),
        }
    }
}

/// The page cache of a pooled SQLite connection, in KiB (SQLite's default
/// is 2 000). A search of a town at a million applications looks up about
/// 1 700 candidates, each in its own page of the search keys, of
/// the index of ids and of the table: some four thousand pages, which a
/// cache of 2 000 KiB (500 pages) dropped before the next page of the same
/// search, its count or a detail's neighbours read them again. SQLite
/// empties the cache of a connection whenever another has written since
/// its last transaction, and it fills only as pages are read: a small
/// database never fills it, and the pool hands out the connection last
/// given back first, so that one moderator's pages keep finding the same.
pub const READ_CACHE_KIB: u32 = 16 * 1024;

/// The r2d2 manager: opens connections for one [`DbTarget`].
#[derive(Debug)]
pub struct Manager {
    target: DbTarget,
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = DbError;

    fn connect(&self) -> Result<DbConn, DbError> {
        self.target.connect()
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), DbError> {
        conn.ping().map_err(|e| {
            DbError::Query(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::ClosedConnection,
                Box::new(e.to_string()),
            ))
        })
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        conn.is_broken()
    }
}

/// Sets SQLite's process-wide options, once, before the first connection
/// of the process opens (SQLite reads them only then).
///
/// Multi-thread mode: SQLite no longer locks a connection's mutex at every
/// call (each bind, step, column read and reset), which it does by default
/// in case two threads share a connection. Ours never do: diesel's
/// connection is `Send` but not `Sync`, and the pool lends it to one
/// thread at a time. No memory statistics: SQLite otherwise takes a
/// process-wide mutex at every allocation to count it, for
/// `sqlite3_memory_used` and the soft heap limit, neither of which Passeur
/// reads. Together they took 5 to 15 % of the writer's processor time per
/// submission (alternating in-process runs at 100 000 applications).
///
/// Every SQLite connection of Passeur opens through [`DbTarget::connect`],
/// which calls this first; the `Once` keeps a second thread from opening a
/// connection while the options are being set, which SQLite forbids.
fn configure_sqlite_library() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: `sqlite3_config` must run before SQLite initialises and
        // with no other SQLite call under way; every connection of the
        // process opens after this `Once` (see above). Were SQLite
        // initialised already (by a library of its own), both calls
        // would return SQLITE_MISUSE and change nothing.
        let (threads, memory) = unsafe {
            (
                libsqlite3_sys::sqlite3_config(libsqlite3_sys::SQLITE_CONFIG_MULTITHREAD),
                libsqlite3_sys::sqlite3_config(
                    libsqlite3_sys::SQLITE_CONFIG_MEMSTATUS,
                    0 as std::os::raw::c_int,
                ),
            )
        };
        if threads != libsqlite3_sys::SQLITE_OK || memory != libsqlite3_sys::SQLITE_OK {
            tracing::warn!(
                threads,
                memory,
                "SQLite kept its default threading and memory options"
            );
        }
    });
}

/// Builds the pool for `url`, checking that the database answers now so that
/// a wrong URL is reported at start, in words that name the backend.
pub fn build_pool(url: &str, size: u32) -> Result<Pool, DbError> {
    let target = DbTarget::parse(url)?;
    // Fail fast with the driver's own message rather than r2d2's time-out.
    drop(target.connect()?);
    let size = match target {
        DbTarget::Sqlite(_) => size.max(2),
        DbTarget::Postgres(_) => size.max(1),
    };
    diesel::r2d2::Pool::builder()
        .max_size(size)
        .min_idle(Some(1))
        .connection_timeout(Duration::from_secs(10))
        .test_on_check_out(false)
        .build(Manager { target })
        .map_err(DbError::Pool)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_give_the_file_path() {
        assert_eq!(
            DbTarget::parse("sqlite://passeur.db").unwrap(),
            DbTarget::Sqlite("passeur.db".into())
        );
        assert_eq!(
            DbTarget::parse("sqlite:///var/lib/passeur.db").unwrap(),
            DbTarget::Sqlite("/var/lib/passeur.db".into())
        );
    }

    #[test]
    fn an_unknown_scheme_is_named_in_the_error() {
        let err = DbTarget::parse("mysql://root@localhost/passeur").unwrap_err();
        assert!(err.to_string().contains("\"mysql\""), "{err}");
        assert!(err.to_string().contains("sqlite://"), "{err}");
    }

    #[test]
    fn pooled_sqlite_connections_journal_in_memory_checkpoint_late_and_cache_16_mib() {
        use diesel::sql_types::BigInt;
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct WalAutocheckpoint {
            #[diesel(sql_type = BigInt)]
            wal_autocheckpoint: i64,
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pragmas.db");
        let DbConn::Sqlite(mut conn) = DbTarget::Sqlite(path.display().to_string())
            .connect()
            .unwrap()
        else {
            unreachable!("a SQLite target opens SQLite");
        };
        // 2 is MEMORY.
        assert_eq!(crate::db::testing::pragma(&mut conn, "temp_store"), 2);
        let log: WalAutocheckpoint = diesel::sql_query("PRAGMA wal_autocheckpoint")
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(log.wal_autocheckpoint, 10_000);
        let cache = crate::db::testing::pragma(&mut conn, "cache_size");
        assert_eq!(cache, -16_384, "in KiB");
    }

    #[test]
    fn sqlite_connections_take_no_mutex_of_their_own_and_allocations_are_not_counted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.db");
        let mut conn = DbTarget::Sqlite(path.display().to_string())
            .connect()
            .unwrap();
        diesel::RunQueryDsl::execute(diesel::sql_query("CREATE TABLE t (x TEXT)"), &mut conn)
            .unwrap();
        // A connection opened now, beside Passeur's, has the process's
        // options: in multi-thread mode SQLite gives it no mutex.
        let mut raw: *mut libsqlite3_sys::sqlite3 = std::ptr::null_mut();
        // SAFETY: a fresh in-memory connection, used by this thread alone
        // and closed before the end of the block.
        let (opened, mutex, counted) = unsafe {
            let opened = libsqlite3_sys::sqlite3_open_v2(
                c":memory:".as_ptr(),
                &mut raw,
                libsqlite3_sys::SQLITE_OPEN_READWRITE | libsqlite3_sys::SQLITE_OPEN_CREATE,
                std::ptr::null(),
            );
            let mutex = libsqlite3_sys::sqlite3_db_mutex(raw);
            let counted = libsqlite3_sys::sqlite3_memory_used();
            libsqlite3_sys::sqlite3_close(raw);
            (opened, mutex, counted)
        };
        assert_eq!(opened, libsqlite3_sys::SQLITE_OK);
        assert!(mutex.is_null(), "the connection has a mutex of its own");
        assert_eq!(counted, 0, "SQLite counts its allocations");
    }

    #[test]
    fn a_url_without_scheme_says_which_are_supported() {
        let err = DbTarget::parse("passeur.db").unwrap_err();
        assert!(err.to_string().contains("postgres://"), "{err}");
    }
}

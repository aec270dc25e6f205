//! The one place where SQLite and PostgreSQL differ: migrations, claiming
//! jobs (`FOR UPDATE SKIP LOCKED` exists only on PostgreSQL), starting a
//! transaction that writes, waking other instances with `NOTIFY`, the
//! indexed substring search, the date arithmetic of the statistics, and
//! keeping PostgreSQL's planner statistics of the burst tables fresh.

use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::query_dsl::methods::ExecuteDsl;
use diesel::sql_types::{BigInt, Bool, Integer, Text, Timestamp};
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use super::schema::applications;
use super::search_index::candidates::{self, Candidate};
use super::search_index::trigrams::Trigram;
use super::{DbConn, DbError, MultiBackend};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// The PostgreSQL channel on which committed jobs are announced.
pub const JOBS_CHANNEL: &str = "passeur_jobs";

/// Runs the pending migrations and returns how many ran. On PostgreSQL an
/// advisory lock serialises instances that start together.
pub fn run_migrations(conn: &mut DbConn) -> Result<usize, DbError> {
    let migration_err =
        |e: Box<dyn std::error::Error + Send + Sync>| DbError::Migration(e.to_string());
    match conn {
        DbConn::Sqlite(c) => Ok(c
            .run_pending_migrations(SQLITE_MIGRATIONS)
            .map_err(migration_err)?
            .len()),
        DbConn::Pg(c) => {
            c.batch_execute("SELECT pg_advisory_lock(7461626);")?;
            let result = c
                .run_pending_migrations(POSTGRES_MIGRATIONS)
                .map(|v| v.len());
            c.batch_execute("SELECT pg_advisory_unlock(7461626);")?;
            result.map_err(migration_err)
        }
    }
}

/// Runs `f` in a transaction that is known to write.
///
/// On SQLite a plain `BEGIN` takes the write lock only at the first write; a
/// transaction that reads first can then fail at once with `SQLITE_BUSY`
/// instead of waiting its turn. A first no-op write takes the lock up front,
/// so writers queue on the busy timeout like `BEGIN IMMEDIATE` would.
///
/// On SQLite the writers of this process also take turns on a mutex before
/// they begin. SQLite has one writer at a time, and a connection that finds
/// the lock taken sleeps in its busy handler for growing pauses (up to
/// 100 ms) whether or not the lock was freed meanwhile: under load most of
/// the time went to sleeping while nobody wrote. The mutex hands the turn
/// over as soon as the previous writer commits. (Other processes, such as
/// the command line, still wait through the busy timeout.)
///
/// On SQLite the outermost transaction deletes, just before it commits,
/// the changes of search texts that the trigram index has applied (see
/// [`super::search_index::FORGET_INDEXED`]).
pub fn write_transaction<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    // Nested in another write transaction of this thread, the lock is
    // taken already: no second no-op write.
    let nested = HOLDS_TURN.get();
    if IN_GROUP.get() && in_transaction(conn) {
        // Inside a group commit's transaction (on either backend). A group
        // is rolled back whole at its first failed write, and each
        // of its writes then replayed in a transaction of its own: a
        // savepoint around each write would undo nothing more, and its
        // SAVEPOINT and RELEASE were parsed and run for every submission.
        return f(conn);
    }
    let _turn = matches!(conn, DbConn::Sqlite(_)).then(WriterTurn::take);
    conn.transaction(|conn| {
        if let DbConn::Sqlite(c) = conn {
            if !nested {
                c.batch_execute("UPDATE settings SET value = value WHERE key = 'write-lock';")?;
            }
        }
        let done = f(conn)?;
        if let (DbConn::Sqlite(c), false) = (&mut *conn, nested) {
            c.batch_execute(super::search_index::FORGET_INDEXED)?;
        }
        Ok(done)
    })
}

/// Whether `conn` is inside a transaction: a write of a group commit that
/// opened one on another connection would still get a transaction of its
/// own.
fn in_transaction(conn: &mut DbConn) -> bool {
    use diesel::connection::{Connection, TransactionManager};
    <DbConn as Connection>::TransactionManager::transaction_manager_status_mut(conn)
        .transaction_depth()
        .is_ok_and(|depth| depth.is_some())
}

/// Whether `conn` is running the writes of a group commit, inside the
/// group's transaction.
pub(super) fn in_group(conn: &mut DbConn) -> bool {
    IN_GROUP.get() && in_transaction(conn)
}

/// Runs `f`, the writes of a group commit inside their write transaction:
/// the write transactions they open in turn take no savepoint (see
/// [`write_transaction`]). A write must therefore fail with the error of a
/// transaction of its own that failed, never carry on past it.
///
/// After its last write the group writes what its writes left for its end
/// (see [`super::appended`]): the rows of the records they created, and one
/// announcement of new jobs however many of them queued one (see
/// [`notify_jobs`]).
pub fn group_writes<T, E>(
    conn: &mut DbConn,
    f: impl FnOnce(&mut DbConn) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            IN_GROUP.set(self.0);
            READ_ONCE.with_borrow_mut(Vec::clear);
            super::appended::forget();
        }
    }
    // Every group leaves what waits for its end and its readings behind
    // it (`Reset`, even when a write panics): the next starts with none.
    let _reset = Reset(IN_GROUP.replace(true));
    let done = f(conn)?;
    super::appended::settle(conn)?;
    Ok(done)
}

/// Reads what `key` names once for the writes of a group commit: the first
/// write of the group that asks runs `load`, the others get a copy of what
/// it read. Outside a group, `load` runs at each call. The writes of a group
/// are concurrent with whatever commits while it runs, so they may all see
/// one reading; a write of the group that changes what `key` names calls
/// [`forget_in_group`], and the next to ask reads it again.
pub fn once_per_group<T: Clone + 'static, E>(
    key: &'static str,
    load: impl FnOnce() -> Result<T, E>,
) -> Result<T, E> {
    if !IN_GROUP.get() {
        return load();
    }
    let kept = READ_ONCE.with_borrow(|read| {
        read.iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, value)| value.downcast_ref::<T>().cloned())
    });
    if let Some(value) = kept {
        return Ok(value);
    }
    let value = load()?;
    READ_ONCE.with_borrow_mut(|read| {
        read.retain(|(k, _)| *k != key);
        read.push((key, Box::new(value.clone())));
    });
    Ok(value)
}

/// Forgets what the group read for `key` (see [`once_per_group`]).
pub fn forget_in_group(key: &'static str) {
    READ_ONCE.with_borrow_mut(|read| read.retain(|(k, _)| *k != key));
}

/// How [`super::GroupCommit`] groups writes.
///
/// SQLite has one writer, so one lane: a second group would only wait for
/// the first; and a flush costs far more than a write, so groups are large.
/// The lane keeps its connection: SQLite empties a connection's page cache
/// whenever another connection has written since its last transaction, so
/// groups that each took a connection of the pool read their index pages
/// from the file again and again (7 % of the writer's time in `pread`).
///
/// PostgreSQL commits transactions from several connections in parallel
/// and already flushes their commits together, while every write of a
/// group is a series of round trips on one connection: small groups on
/// several lanes, half the pool (up to four) so that readers keep the rest.
/// Its cache is the server's, shared: the lanes take a connection of the
/// pool for each group and give it back.
pub fn write_lanes(target: &super::DbTarget, pool_size: u32) -> super::Lanes {
    match target {
        super::DbTarget::Sqlite(_) => super::Lanes {
            count: 1,
            group_size: 128,
            keeps_connection: true,
        },
        super::DbTarget::Postgres(_) => super::Lanes {
            count: (pool_size as usize / 2).clamp(1, 4),
            group_size: 8,
            keeps_connection: false,
        },
    }
}

/// How the commits of a lane's kept connection reach the disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Durability {
    /// Each commit flushes before it returns (PostgreSQL, and SQLite's
    /// connections of the pool).
    ByCommit,
    /// Each commit only writes to the log: the writes of a group are
    /// answered once this database file's log has been flushed apart, by
    /// [`flush_log`], while the next group is already being written.
    FlushApart(std::path::PathBuf),
}

/// Readies the connection a lane of the group commit keeps for its groups
/// (see [`super::Lanes::keeps_connection`]) and says how its commits are
/// made durable.
///
/// On SQLite, a page cache of 32 MiB instead of 2. A group reads the index
/// pages that its submissions land on (an e-mail, a name, a website, a
/// space name each at its own place in its index); with the default cache
/// they were read again from the file, group after group. The cache fills
/// only as pages are read, and it is this one connection's.
///
/// And on SQLite the commit no longer waits for the disk (`synchronous =
/// NORMAL`): the lane's flusher flushes the log once the commit has
/// written it, and only then are the writes answered. The flush took an
/// eighth of the one writer's time, during which nothing was written; now
/// the next group is written while the last one is flushed. Nothing is
/// acknowledged before it is on disk: the flush covers every frame written
/// to the log before it, and the other connections still flush their own
/// commits (which come after in the log) themselves. A database without a
/// file keeps flushing at each commit.
pub fn ready_writer(conn: &mut DbConn) -> Result<Durability, diesel::result::Error> {
    match conn {
        DbConn::Sqlite(c) => {
            c.batch_execute("PRAGMA cache_size = -32768;")?;
            #[derive(QueryableByName)]
            struct File {
                #[diesel(sql_type = Text)]
                file: String,
            }
            let file =
                diesel::sql_query("SELECT file FROM pragma_database_list WHERE name = 'main'")
                    .get_result::<File>(c)
                    .optional()?
                    .map(|f| f.file)
                    .filter(|f| !f.is_empty());
            let Some(file) = file else {
                return Ok(Durability::ByCommit);
            };
            c.batch_execute("PRAGMA synchronous = NORMAL;")?;
            Ok(Durability::FlushApart(file.into()))
        }
        DbConn::Pg(_) => Ok(Durability::ByCommit),
    }
}

/// Gives a kept connection back its pool's settings (the flush at every
/// commit) before it returns to the pool.
pub fn unready_writer(conn: &mut DbConn) -> Result<(), diesel::result::Error> {
    match conn {
        DbConn::Sqlite(c) => c.batch_execute(&format!(
            "PRAGMA synchronous = FULL; PRAGMA cache_size = -{};",
            super::pool::READ_CACHE_KIB
        )),
        DbConn::Pg(_) => Ok(()),
    }
}

/// Flushes to disk what the commits of [`Durability::FlushApart`] wrote to
/// the log of `database` (its `-wal` file). Without a log, every commit is
/// in the database file already, flushed by the checkpoint that emptied the
/// log; the database file is flushed all the same.
pub fn flush_log(database: &std::path::Path) -> std::io::Result<()> {
    let mut log = database.as_os_str().to_owned();
    log.push("-wal");
    match std::fs::File::open(&log) {
        Ok(file) => file.sync_data(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::File::open(database)?.sync_data()
        }
        Err(e) => Err(e),
    }
}

/// Copies what SQLite's log holds into the database file as far as the
/// readers allow, without waiting for anyone (a passive checkpoint).
pub fn checkpoint_passively(conn: &mut DbConn) -> Result<(), diesel::result::Error> {
    if let DbConn::Sqlite(c) = conn {
        c.batch_execute("PRAGMA wal_checkpoint(PASSIVE);")?;
    }
    Ok(())
}

/// This process's turn to write to SQLite (nothing on PostgreSQL), for a
/// write outside [`write_transaction`]: a single statement that writes
/// must queue with the transactions, or it starves in the busy handler
/// while they hand the turn to each other.
pub fn writer_turn(conn: &DbConn) -> Option<impl Drop> {
    matches!(conn, DbConn::Sqlite(_)).then(WriterTurn::take)
}

/// This process's turn to write to SQLite, held until dropped. A thread
/// that already holds it (a transaction nested in another) does not wait
/// for itself.
struct WriterTurn(Option<std::sync::MutexGuard<'static, ()>>);

static SQLITE_WRITER: std::sync::Mutex<()> = std::sync::Mutex::new(());

thread_local! {
    static HOLDS_TURN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Whether this thread is running the writes of a group commit.
    static IN_GROUP: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// What the writes of this thread's group read once for all of them
    /// (see [`once_per_group`]).
    static READ_ONCE: std::cell::RefCell<Vec<(&'static str, Box<dyn std::any::Any>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

impl WriterTurn {
    fn take() -> WriterTurn {
        if HOLDS_TURN.get() {
            return WriterTurn(None);
        }
        // A writer that panicked left nothing half-done: its transaction
        // was rolled back, so the turn can be taken over.
        let guard = SQLITE_WRITER.lock().unwrap_or_else(|e| e.into_inner());
        HOLDS_TURN.set(true);
        WriterTurn(Some(guard))
    }
}

impl Drop for WriterTurn {
    fn drop(&mut self) {
        if self.0.take().is_some() {
            HOLDS_TURN.set(false);
        }
    }
}

/// Inserts `rows` into `table`: on PostgreSQL in one statement, a multi-row
/// `VALUES` (a round trip for all of them); on SQLite each row's prepared
/// insert, as [`super::insert_row`].
pub fn insert_rows<'a, T, V>(
    conn: &mut DbConn,
    table: T,
    rows: &'a [V],
) -> Result<(), diesel::result::Error>
where
    T: diesel::Table + Copy,
    &'a V: diesel::Insertable<T>,
    &'a [V]: diesel::Insertable<T>,
    diesel::dsl::Values<diesel::dsl::insert_into<T>, &'a [V]>: ExecuteDsl<PgConnection>,
    diesel::dsl::Values<diesel::dsl::insert_into<T>, &'a V>:
        ExecuteDsl<SqliteConnection> + ExecuteDsl<PgConnection>,
{
    match conn {
        DbConn::Pg(c) if !rows.is_empty() => {
            diesel::insert_into(table).values(rows).execute(c)?;
        }
        DbConn::Pg(_) => {}
        DbConn::Sqlite(_) => {
            for row in rows {
                super::insert_row(conn, table, row)?;
            }
        }
    }
    Ok(())
}

/// Announces new jobs to the other instances. Inside a transaction the
/// notification leaves at commit, and not at all on rollback.
///
/// Within a group commit the group announces them once, after its writes
/// (through [`super::appended`]): PostgreSQL folds the same notification sent twice in
/// a transaction into one anyway, and each `NOTIFY` was a round trip and a
/// statement parsed afresh for every submission.
pub fn notify_jobs(conn: &mut DbConn) -> Result<(), diesel::result::Error> {
    super::appended::append(conn, JobsToAnnounce, announce_jobs)
}

/// That new jobs are to be announced: however many writes of a group say
/// so, the group announces them once.
struct JobsToAnnounce;

/// Sends the notification of new jobs (PostgreSQL; SQLite has one
/// instance, woken in process).
fn announce_jobs(conn: &mut DbConn, _: &[JobsToAnnounce]) -> Result<(), diesel::result::Error> {
    if let DbConn::Pg(c) = conn {
        c.batch_execute(&format!("NOTIFY {JOBS_CHANNEL};"))?;
    }
    Ok(())
}

/// Runs the claim of a leased queue (jobs, deliveries), whose due rows are
/// read from the queue's pending index in its order up to the limit.
///
/// On PostgreSQL the planner's statistics of a backlog lag behind it (the
/// table was small at the last ANALYZE): it then gathered every pending
/// row with a bitmap scan and sorted them for the first 64, 9 ms a claim
/// at 20 000 pending deliveries and growing with them, which bounded the
/// drain of a backlog. The walk of the index, stopping at the limit, is
/// right whatever the statistics say (0.3 ms there): for the claim's own
/// transaction, nothing else is allowed.
fn in_queue_order<T>(
    conn: &mut DbConn,
    claim: impl FnOnce(&mut DbConn) -> QueryResult<T>,
) -> QueryResult<T> {
    match conn {
        DbConn::Pg(_) => conn.transaction(|conn| {
            conn.batch_execute("SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off")?;
            claim(conn)
        }),
        DbConn::Sqlite(_) => claim(conn),
    }
}

/// Whether claims of jobs and deliveries go through the group commit.
///
/// On SQLite a claim is a write like any other: alone, it is a commit with
/// a flush of its own, taken in the one writer's turn, which the groups of
/// submissions then wait for (a mail worker claims a batch of sixteen
/// confirmation e-mails a hundred times a second under intake). In a group
/// it shares the group's flush. On PostgreSQL a claim runs in its own
/// transaction, with plan settings (`SET LOCAL`) that must not reach the
/// other writes of a group, and skips the rows another instance holds.
pub fn claims_join_groups(target: &super::DbTarget) -> bool {
    matches!(target, super::DbTarget::Sqlite(_))
}

/// A job as claimed by a worker.
#[derive(Debug, Clone, QueryableByName)]
pub struct ClaimedJob {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Text)]
    pub payload: String,
    #[diesel(sql_type = Integer)]
    pub attempts: i32,
}

/// Leases up to `limit` due jobs to `worker` until `lease_until`.
///
/// PostgreSQL skips rows another instance is claiming right now, so several
/// instances never take the same job; SQLite has a single writer, which
/// serialises claims by itself.
pub fn claim_jobs(
    conn: &mut DbConn,
    worker: &str,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    limit: i64,
) -> Result<Vec<ClaimedJob>, diesel::result::Error> {
    let _turn = writer_turn(conn);
    let sql = match conn {
        DbConn::Pg(_) => {
            "UPDATE jobs SET locked_until = $1, locked_by = $2, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM jobs WHERE finished_at IS NULL AND run_at <= $3 \
               AND (locked_until IS NULL OR locked_until < $3) \
               ORDER BY run_at LIMIT $4 FOR UPDATE SKIP LOCKED) \
             RETURNING id, kind, payload, attempts"
        }
        DbConn::Sqlite(_) => {
            "UPDATE jobs SET locked_until = ?1, locked_by = ?2, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM jobs WHERE finished_at IS NULL AND run_at <= ?3 \
               AND (locked_until IS NULL OR locked_until < ?3) \
               ORDER BY run_at LIMIT ?4) \
             RETURNING id, kind, payload, attempts"
        }
    };
    in_queue_order(conn, |conn| {
        diesel::sql_query(sql)
            .bind::<Timestamp, _>(lease_until)
            .bind::<Text, _>(worker)
            .bind::<Timestamp, _>(now)
            .bind::<BigInt, _>(limit)
            .load(conn)
    })
}

/// Listens for job announcements from other instances on PostgreSQL and
/// calls `wake` for each; returns at once on SQLite, where there is only one
/// instance. Blocking: run it on its own thread.
pub fn listen_for_jobs(
    target: &super::DbTarget,
    stop: &std::sync::atomic::AtomicBool,
    wake: &dyn Fn(),
) -> Result<(), DbError> {
    use std::sync::atomic::Ordering;
    use std::time::Duration;
    if !matches!(target, super::DbTarget::Postgres(_)) {
        return Ok(());
    }
    while !stop.load(Ordering::Relaxed) {
        let mut conn = match target.connect() {
            Ok(DbConn::Pg(c)) => c,
            Ok(DbConn::Sqlite(_)) => return Ok(()),
            Err(e) => {
                tracing::warn!(error = %e, "job listener cannot connect; retrying");
                std::thread::sleep(Duration::from_secs(2));
                continue;
            }
        };
        if let Err(e) = conn.batch_execute(&format!("LISTEN {JOBS_CHANNEL};")) {
            tracing::warn!(error = %e, "job listener cannot LISTEN; retrying");
            std::thread::sleep(Duration::from_secs(2));
            continue;
        }
        // libpq has no blocking wait through diesel: reading what arrived on
        // the socket is cheap (no round trip), so a short sleep between reads
        // bounds the wake-up delay without loading the server.
        'read: while !stop.load(Ordering::Relaxed) {
            let mut woke = false;
            for n in conn.notifications_iter() {
                match n {
                    Ok(_) => woke = true,
                    Err(e) => {
                        tracing::warn!(error = %e, "job listener lost its connection");
                        break 'read;
                    }
                }
            }
            if woke {
                wake();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    Ok(())
}

/// A webhook delivery as claimed by a dispatcher.
#[derive(Debug, Clone, QueryableByName)]
pub struct ClaimedDelivery {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Text)]
    pub event_id: String,
    #[diesel(sql_type = Text)]
    pub endpoint_id: String,
    #[diesel(sql_type = Integer)]
    pub attempts: i32,
}

/// Leases up to `limit` due deliveries of enabled endpoints, like
/// [`claim_jobs`]: no transaction stays open during the HTTP calls that
/// follow, and on PostgreSQL concurrent dispatchers skip each other's rows.
pub fn claim_deliveries(
    conn: &mut DbConn,
    worker: &str,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    limit: i64,
) -> Result<Vec<ClaimedDelivery>, diesel::result::Error> {
    let _turn = writer_turn(conn);
    let sql = match conn {
        // No join on PostgreSQL: with statistics that lag behind a sudden
        // backlog, the planner drove a join from the endpoints and read
        // every pending delivery of each to sort them (83 ms a claim at
        // 130 000 pending, measured). A filter on the few disabled
        // endpoints leaves one way in: the pending index, in its order,
        // stopping at the limit.
        DbConn::Pg(_) => {
            "UPDATE webhook_deliveries SET locked_until = $1, locked_by = $2, attempts = attempts + 1 \
             WHERE id IN (SELECT d.id FROM webhook_deliveries d \
               WHERE d.status = 'pending' AND d.next_attempt_at <= $3 \
               AND (d.locked_until IS NULL OR d.locked_until < $3) \
               AND d.endpoint_id NOT IN (SELECT e.id FROM webhook_endpoints e WHERE NOT e.enabled) \
               ORDER BY d.next_attempt_at LIMIT $4 FOR UPDATE OF d SKIP LOCKED) \
             RETURNING id, event_id, endpoint_id, attempts"
        }
        DbConn::Sqlite(_) => {
            "UPDATE webhook_deliveries SET locked_until = ?1, locked_by = ?2, attempts = attempts + 1 \
             WHERE id IN (SELECT d.id FROM webhook_deliveries d \
               JOIN webhook_endpoints e ON e.id = d.endpoint_id \
               WHERE d.status = 'pending' AND e.enabled AND d.next_attempt_at <= ?3 \
               AND (d.locked_until IS NULL OR d.locked_until < ?3) \
               ORDER BY d.next_attempt_at LIMIT ?4) \
             RETURNING id, event_id, endpoint_id, attempts"
        }
    };
    in_queue_order(conn, |conn| {
        diesel::sql_query(sql)
            .bind::<Timestamp, _>(lease_until)
            .bind::<Text, _>(worker)
            .bind::<Timestamp, _>(now)
            .bind::<BigInt, _>(limit)
            .load(conn)
    })
}

/// Tidies the statistics' counts in the hourly upkeep; returns the rows
/// folded or dropped. On PostgreSQL each connection writes its own shard of
/// a count: they are folded into shard 0, so that the tables grow with the
/// days and values counted, not with the connections that ever wrote. On
/// both, counts of shard 0 that came back to zero (every application once
/// counted there has moved on, as each submitted one does when it is
/// decided) are dropped: they would be read by every dashboard and add
/// nothing.
///
/// The fold never waits for a writer. A writer's transaction updates
/// several rows of its shard in its own order, and a fold that locked
/// shard rows in the table's order could hold one that the writer wanted
/// next while waiting for one the writer held: PostgreSQL then ended one of
/// the two as a deadlock (seen under bulk loads). The fold takes only the
/// shard rows nobody holds (`SKIP LOCKED`); the others wait for the next
/// round. Writers never write shard 0, and folds write its rows in the
/// key's order, so that two instances folding at once queue instead of
/// deadlocking.
pub fn fold_statistics(conn: &mut DbConn) -> QueryResult<usize> {
    let postgres = matches!(conn, DbConn::Pg(_));
    write_transaction(conn, |conn| {
        let mut changed = 0;
        for (table, key) in [
            ("statistic_counts", "figure, day, status, value"),
            ("decision_counts", "day, actor, actor_name, kind, reason"),
        ] {
            if postgres {
                changed += diesel::sql_query(format!(
                    "WITH free AS (SELECT ctid FROM {table} WHERE shard <> 0 \
                         FOR UPDATE SKIP LOCKED), \
                     gone AS (DELETE FROM {table} WHERE ctid IN (SELECT ctid FROM free) \
                         RETURNING {key}, n) \
                     INSERT INTO {table} ({key}, shard, n) \
                     SELECT {key}, 0, SUM(n) FROM gone GROUP BY {key} ORDER BY {key} \
                     ON CONFLICT ({key}, shard) DO UPDATE SET n = {table}.n + EXCLUDED.n"
                ))
                .execute(conn)?;
            }
            changed += diesel::sql_query(format!("DELETE FROM {table} WHERE shard = 0 AND n = 0"))
                .execute(conn)?;
        }
        Ok(changed)
    })
}

/// The tables that can grow from a few rows to a hundred thousand in a
/// minute: the e-mail jobs of a burst of submissions, the events,
/// deliveries and attempts of a burst of approvals.
const BURST_TABLES: &str = "'jobs', 'webhook_events', 'webhook_deliveries', 'webhook_attempts'";

/// On PostgreSQL, analyses those of the [`BURST_TABLES`] whose rows changed
/// by more than a tenth since they were last analysed (autovacuum's own
/// rule), and returns their names; on SQLite, nothing to do.
///
/// PostgreSQL plans a foreign-key check once per connection and plans it
/// again only when the table's statistics change. Planned while a burst's
/// deliveries were a few hundred, the check of each new attempt went on
/// reading the whole table once it held 88 000 rows: 5 ms an insert against
/// 0.04 ms freshly planned (measured on a copy of the tables), and
/// deliveries after a burst of approvals at 304/s where the same backlog
/// drained at 3 288/s. Autovacuum's analysis would have the checks planned
/// again, unless it is off, behind or waiting for its next round.
pub fn refresh_planner_statistics(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct Drifted {
        #[diesel(sql_type = Text)]
        relname: String,
    }
    let DbConn::Pg(pg) = conn else {
        return Ok(Vec::new());
    };
    let drifted: Vec<Drifted> = diesel::sql_query(format!(
        "SELECT s.relname::text AS relname FROM pg_stat_user_tables s \
         JOIN pg_class c ON c.oid = s.relid \
         WHERE s.schemaname = current_schema() AND s.relname IN ({BURST_TABLES}) \
         AND s.n_mod_since_analyze > 50 + 0.1 * GREATEST(c.reltuples, 0)"
    ))
    .load(pg)?;
    for table in &drifted {
        // A name from the list above, as the catalogue spells it.
        diesel::sql_query(format!("ANALYZE \"{}\"", table.relname)).execute(pg)?;
    }
    Ok(drifted.into_iter().map(|t| t.relname).collect())
}

/// A condition on the applications of a query.
pub type Condition = Box<dyn BoxableExpression<applications::table, MultiBackend, SqlType = Bool>>;

/// Beyond this many matches a search term is common: the first pages are
/// found sooner by walking the queue's order and reading each text than by
/// sorting every match the index gives.
pub const COMMON_TERM: i64 = 1000;

/// How one search term is matched: decided once per request (on SQLite
/// the decision asks the index), then turned into a condition by every query
/// of that request. Both ways find the same applications.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermMatch {
    /// Through SQLite's FTS5 trigram index, which keeps no positions
    /// (migration `000012_search_without_positions`): `candidates` are the
    /// applications whose text holds every trigram of the term, oldest
    /// first, asked of the index once for all the queries of the request
    /// (at most [`COMMON_TERM`], or
    /// [`UNCOMMON_AT_MOST`](super::search_index::trigrams::UNCOMMON_AT_MOST)
    /// for a term the index last found in few texts), and `pattern` (as in
    /// `Scanned`) keeps those where the trigrams make the term itself.
    Indexed {
        candidates: Vec<Candidate>,
        pattern: String,
    },
    /// `LIKE` over the folded text, the term's wildcards escaped: served by
    /// pg_trgm on PostgreSQL (whose planner weighs the index against the
    /// queue's order by itself), by a walk of the queue's order on SQLite.
    /// `common` when SQLite's index found the term in more applications
    /// than it was asked for, [`COMMON_TERM`] at least (never said on
    /// PostgreSQL).
    ///
    /// `unprepared` on PostgreSQL: the statement is planned for its own
    /// pattern at each run (see [`super::unprepared`]).
    Scanned {
        pattern: String,
        common: bool,
        unprepared: bool,
    },
}

/// `applications.column op` and the value the caller binds. `looked_up`
/// when the query keeps to the few applications SQLite's trigram index
/// named (see [`TermMatch::Indexed`]), whose best plan is to look each one
/// up by its id: the condition is then written so that SQLite's planner
/// does not serve it from an index (a unary `+`). Without statistics
/// SQLite takes an equality on an indexed column to keep ten rows: to find
/// a town's applications among the refused ones of a million it walked
/// every refused one in the queue's order (350 ms), where looking up the
/// town's 1 800 takes 5 ms. Never `looked_up` on PostgreSQL, which has no
/// unary `+` on text and no candidates.
pub fn column_condition(
    column: &str,
    op: &str,
    looked_up: bool,
) -> diesel::expression::SqlLiteral<Bool> {
    let plus = if looked_up { "+" } else { "" };
    diesel::dsl::sql::<Bool>(&format!("{plus}applications.{column} {op} "))
}

/// The applications that may hold a term on SQLite (see [`term_match`]):
/// those the trigram index names, and those whose text changed since the
/// index's progress, checked with `LIKE` (`CROSS JOIN` keeps SQLite from
/// starting anywhere but the few changes); each with its `created_at`,
/// which the index's keys carry (migration `000019`). Binds: the FTS5
/// query, the index's limit, the `LIKE` pattern.
pub(crate) const TERM_CANDIDATES: &str = "SELECT application_id, created_at, 0 AS waiting FROM ( \
         SELECT k.application_id, k.created_at FROM search.application_search s \
         JOIN application_search_keys k ON k.key = s.rowid \
         WHERE s.application_search MATCH ? LIMIT ?) \
     UNION ALL \
     SELECT k.application_id, a.created_at, 1 FROM application_search_pending p \
         CROSS JOIN application_search_keys k ON k.key = p.key \
         CROSS JOIN applications a ON a.id = k.application_id \
         WHERE p.seq > (SELECT upto FROM search.application_search_progress) \
           AND a.search_text LIKE ? ESCAPE '\\'";

/// How "the application's folded search text contains `term`" (`term`
/// folded the same way) is matched. On SQLite a term of three characters or
/// more goes through the trigram index when the index says it is rare (found
/// in a few milliseconds among a million, and read once however many
/// queries the request makes: the page, its count); a common one is found sooner by
/// walking the queue's order. Shorter terms have no trigram and are scanned.
pub fn term_match(conn: &mut DbConn, term: &str) -> TermMatch {
    #[derive(QueryableByName)]
    struct Found {
        #[diesel(sql_type = Text)]
        application_id: String,
        #[diesel(sql_type = Timestamp)]
        created_at: NaiveDateTime,
        #[diesel(sql_type = Bool)]
        waiting: bool,
    }
    let (pattern, mut common) = (like_pattern(term), false);
    if let (DbConn::Sqlite(c), true) = (&mut *conn, term.chars().count() >= 3) {
        // The index, in its own file, and beside it the applications whose
        // text changed since the index's progress (see
        // [`super::search_index`]), in one statement. SQLite takes the main
        // file's snapshot before the index's: a change the writers no
        // longer keep was applied by then, and one after the index's
        // progress is still kept. (An older text still in the index is a
        // candidate that the text itself turns down.)
        //
        // The index is asked for the term's rarest trigrams only (see
        // [`super::search_index::trigrams`]); should they name too many
        // texts, for all of them before the term is called common.
        let trigrams = super::search_index::trigrams::of(term);
        let asked = super::search_index::trigrams::to_ask(c, &trigrams);
        let (most, ask_all_beyond) = (asked.most(), asked.ask_all_beyond());
        let candidates = |c: &mut diesel::sqlite::SqliteConnection, asked: &[&Trigram]| {
            diesel::sql_query(TERM_CANDIDATES)
                .bind::<Text, _>(trigram_query(asked))
                .bind::<BigInt, _>(most + 1)
                .bind::<Text, _>(&pattern)
                .load::<Found>(c)
        };
        let indexed = |rows: &[Found]| rows.iter().filter(|r| !r.waiting).count() as i64;
        let asked = asked.trigrams;
        let mut found = candidates(c, &asked);
        if asked.len() < trigrams.len()
            && found
                .as_deref()
                .is_ok_and(|rows| indexed(rows) > most.min(ask_all_beyond))
        {
            found = candidates(c, &trigrams.iter().collect::<Vec<_>>());
        }
        // Should the index fail to answer, the scan is still right. (A
        // text may hold every trigram and not the term: a term is called
        // common a little early at most.)
        match found {
            Ok(rows) if indexed(&rows) <= most => {
                let found = rows.into_iter().map(|r| Candidate {
                    id: r.application_id,
                    created_at: r.created_at,
                });
                return TermMatch::Indexed {
                    candidates: candidates::in_queue_order(found.collect()),
                    pattern,
                };
            }
            Ok(_) => common = true,
            Err(_) => {}
        }
    }
    let unprepared = matches!(conn, DbConn::Pg(_));
    TermMatch::Scanned {
        pattern,
        common,
        unprepared,
    }
}

/// The FTS5 query for the texts that hold every one of `trigrams`, each
/// quoted: `"abc" AND "bcd"`.
fn trigram_query(trigrams: &[&Trigram]) -> String {
    let quoted: Vec<String> = trigrams
        .iter()
        .map(|t| format!("\"{}\"", t.text.replace('"', "\"\"")))
        .collect();
    quoted.join(" AND ")
}

/// `term` as a `LIKE` pattern for any text containing it: wildcards typed
/// by a moderator are matched literally.
fn like_pattern(term: &str) -> String {
    let escaped = term
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

impl TermMatch {
    /// Whether the index found the term in more applications than it was
    /// asked for (at least [`COMMON_TERM`]).
    pub fn is_common(&self) -> bool {
        matches!(self, TermMatch::Scanned { common: true, .. })
    }

    /// The applications the index found the term's trigrams in, oldest
    /// first; `None` when the term is scanned.
    pub fn candidates(&self) -> Option<&[Candidate]> {
        match self {
            TermMatch::Indexed { candidates, .. } => Some(candidates),
            TermMatch::Scanned { .. } => None,
        }
    }

    /// The condition that the application's text holds the term, for a
    /// query that keeps to the term's [`candidates`](Self::candidates) by
    /// itself (as the queue's page does, reading them a few at a time).
    pub fn text_condition(&self) -> Condition {
        let like = |pattern: &str| {
            applications::search_text
                .like(pattern.to_string())
                .escape('\\')
        };
        match self {
            TermMatch::Scanned {
                pattern,
                unprepared: true,
                ..
            } => Box::new(super::unprepared::Unprepared(like(pattern))),
            TermMatch::Indexed { pattern, .. } | TermMatch::Scanned { pattern, .. } => {
                Box::new(like(pattern))
            }
        }
    }

    /// The condition on the applications of a query.
    pub fn condition(&self) -> Condition {
        match self {
            TermMatch::Indexed { candidates, .. } => Box::new(
                applications::id
                    .eq_any(candidates.iter().map(|c| c.id.clone()).collect::<Vec<_>>())
                    .and(self.text_condition()),
            ),
            TermMatch::Scanned { .. } => self.text_condition(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::migrated;

    #[test]
    fn the_writes_of_a_group_read_once_what_they_share_until_one_changes_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = migrated(&dir);
        let reads = std::cell::Cell::new(0);
        let read = || -> Result<i32, diesel::result::Error> {
            reads.set(reads.get() + 1);
            Ok(reads.get())
        };
        assert_eq!(once_per_group("k", read), Ok(1));
        assert_eq!(
            once_per_group("k", read),
            Ok(2),
            "outside a group, each time"
        );
        let seen = write_transaction(&mut conn, |conn| {
            group_writes(conn, |_| {
                let first = (once_per_group("k", read)?, once_per_group("k", read)?);
                forget_in_group("k");
                let after = once_per_group("k", read)?;
                Ok::<_, diesel::result::Error>((first, after))
            })
        });
        assert_eq!(seen, Ok(((3, 3), 4)), "once, then again once forgotten");
        let next = write_transaction(&mut conn, |conn| {
            group_writes(conn, |_| once_per_group("k", read))
        });
        assert_eq!(next, Ok(5), "a group does not see what the one before read");
    }

    #[test]
    fn the_log_is_flushed_or_without_one_the_database_file_and_a_missing_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("passeur.db");
        assert!(flush_log(&db).is_err(), "neither file exists");
        std::fs::write(&db, b"").unwrap();
        flush_log(&db).unwrap();
        std::fs::write(dir.path().join("passeur.db-wal"), b"").unwrap();
        std::fs::remove_file(&db).unwrap();
        flush_log(&db).expect("the log alone is flushed");
    }

    #[test]
    fn a_readied_writer_flushes_apart_and_unreadied_flushes_at_each_commit() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = migrated(&dir);
        let pragma = |conn: &mut crate::db::PooledConn, name: &str| {
            crate::db::testing::pragma(crate::db::testing::sqlite(conn), name)
        };
        let synchronous = |conn: &mut crate::db::PooledConn| pragma(conn, "synchronous");
        assert_eq!(synchronous(&mut conn), 2);
        let durability = ready_writer(&mut conn).unwrap();
        let Durability::FlushApart(file) = durability else {
            panic!("a file database flushes apart: {durability:?}")
        };
        assert_eq!(
            std::fs::canonicalize(file).unwrap(),
            std::fs::canonicalize(dir.path().join("passeur.db")).unwrap()
        );
        assert_eq!(synchronous(&mut conn), 1);
        assert_eq!(
            pragma(&mut conn, "cache_size"),
            -32_768,
            "the writer's, in KiB"
        );
        unready_writer(&mut conn).unwrap();
        assert_eq!(synchronous(&mut conn), 2);
        assert_eq!(pragma(&mut conn, "cache_size"), -16_384, "the pool's again");
    }

    #[test]
    fn the_index_is_asked_for_each_trigram_quoted() {
        let query = |term: &str| {
            let trigrams = super::super::search_index::trigrams::of(term);
            trigram_query(&trigrams.iter().collect::<Vec<_>>())
        };
        assert_eq!(query("abc"), r#""abc""#);
        assert_eq!(query("abcd"), r#""abc" AND "bcd""#);
        assert_eq!(query("aaaa"), r#""aaa""#);
        assert_eq!(query("é\"or"), r#""é""o" AND """or""#);
    }

    #[test]
    fn a_connection_knows_whether_it_is_inside_a_transaction() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = migrated(&dir);
        assert!(!in_transaction(&mut conn));
        let inside = write_transaction(&mut conn, |c| {
            Ok::<_, diesel::result::Error>(in_transaction(c))
        });
        assert!(inside.unwrap());
        assert!(!in_transaction(&mut conn));
    }
}

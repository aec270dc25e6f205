//! Group commit: small writes from many requests share one durable commit.
//!
//! A commit waits for the disk (an `fsync` on SQLite with `synchronous =
//! FULL`, the WAL flush on PostgreSQL), and one commit per submission caps
//! intake at the disk's flushes per second whatever the processor could do.
//! Writes handed to [`GroupCommit::write`] queue up while the previous group
//! is being committed; a writer thread then runs the whole queue, one write
//! after the other, in one transaction and answers each caller only once it
//! is committed. Alone, a write goes through at once, as before.
//!
//! A write that fails must not take the others with it, and must not leave
//! half its rows in theirs: the first failure rolls the group back, and each
//! write of the group then runs again alone in its own transaction, which
//! gives every caller exactly the outcome it would have had by itself. A
//! group that cannot commit (a full disk, a lost server, a deadlock) is
//! replayed in the same way, so each caller learns its own fate.
//!
//! The writer threads are plain threads that own their connection for the
//! length of a group, so diesel never runs on an async worker thread.
//!
//! On SQLite the lane's commit writes the log without waiting for the disk,
//! and a flusher thread answers the group once it has flushed the log (see
//! [`backend::Durability`]): the one writer writes the next group meanwhile.

use std::future::Future;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use diesel::r2d2::R2D2Connection;
use prometheus_client::metrics::counter::Counter;
use tokio::sync::oneshot;

use super::flusher::Flusher;
use super::{backend, DbConn, DbError, Pool, PooledConn};

/// How the writes are grouped: chosen per backend, in
/// [`backend::write_lanes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lanes {
    /// Groups committed at once, each by its own thread and connection.
    pub count: usize,
    /// The most writes in a group: enough to amortise the flush, few
    /// enough that the first of them does not wait long for the last.
    pub group_size: usize,
    /// Whether each lane keeps one connection of the pool for all its
    /// groups (readied by [`backend::ready_writer`]) instead of taking one
    /// for each group.
    pub keeps_connection: bool,
}

/// Hands writes to the writer threads, which commit them in groups.
pub struct GroupCommit {
    queue: mpsc::Sender<Box<dyn Pending>>,
    lanes: Lanes,
}

/// What the group commit did, for `/metrics`.
#[derive(Debug, Clone, Default)]
pub struct GroupCounters {
    /// Transactions committed.
    pub committed: Counter,
    /// Writes in them.
    pub writes: Counter,
    /// Groups rolled back and replayed one write at a time.
    pub replayed: Counter,
    /// Flushes of SQLite's log by a lane's flusher, each for the groups
    /// committed before it (see [`backend::Durability::FlushApart`]).
    pub flushes: Counter,
    /// Passive checkpoints of SQLite's log run beside the writer (see
    /// [`super::flusher`]).
    pub checkpoints: Counter,
}

impl std::fmt::Debug for GroupCommit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GroupCommit")
            .field("lanes", &self.lanes)
            .finish()
    }
}

impl GroupCommit {
    /// Starts the writer threads of `lanes` over `pool` (at least one).
    /// The threads end when the last handle to this queue is dropped.
    pub fn start(
        pool: Pool,
        lanes: Lanes,
        counters: GroupCounters,
    ) -> std::io::Result<GroupCommit> {
        let lanes = Lanes {
            count: lanes.count.max(1),
            group_size: lanes.group_size.max(1),
            ..lanes
        };
        let (queue, waiting) = mpsc::channel::<Box<dyn Pending>>();
        let waiting = Arc::new(Mutex::new(waiting));
        for lane in 0..lanes.count {
            let (pool, waiting, counters) = (pool.clone(), waiting.clone(), counters.clone());
            std::thread::Builder::new()
                .name(format!("passeur-commit-{lane}"))
                .spawn(move || {
                    let mut lane = Lane {
                        number: lane,
                        pool,
                        lanes,
                        counters,
                        kept: None,
                        flusher: None,
                    };
                    while let Some(group) = next_group(&waiting, lanes.group_size) {
                        // A write that panics must not take the lane with
                        // it: its group is dropped (each caller hears that
                        // its write stopped, and the open transaction goes
                        // with its connection), and the lane goes on.
                        let run = std::panic::AssertUnwindSafe(|| lane.commit(group));
                        if std::panic::catch_unwind(run).is_err() {
                            tracing::error!("a write panicked; its group was not committed");
                        }
                    }
                })?;
        }
        Ok(GroupCommit { queue, lanes })
    }

    /// Runs `work` in a write transaction, most likely shared with other
    /// writes, and returns its result once that transaction is committed.
    ///
    /// The write is queued at the call, before the returned future is first
    /// polled, so writes are taken in the order of the calls.
    ///
    /// `work` may run twice (the second time alone, after its group was
    /// rolled back): it must read what it needs from the connection, not
    /// from what an earlier run left behind. The transactions it opens take
    /// no savepoint, so it must fail when one of them fails, not carry on
    /// past it (its group is rolled back and it runs again alone).
    pub fn write<T, E, F>(&self, work: F) -> impl Future<Output = Result<T, E>>
    where
        F: FnMut(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let (answer, answered) = oneshot::channel();
        let pending = Box::new(Write {
            work,
            result: None,
            answer,
        });
        let queued = self.queue.send(pending).is_ok();
        async move {
            if !queued {
                return Err(DbError::Task("the writer threads have stopped".into()).into());
            }
            answered.await.unwrap_or_else(|_| {
                Err(DbError::Task("the write stopped before its commit".into()).into())
            })
        }
    }

    /// How many groups are committed at once, and how large they get.
    pub fn lanes(&self) -> Lanes {
        self.lanes
    }
}

/// A write waiting in the queue, its result type erased.
trait Pending: Send {
    /// Runs the write; whether it succeeded (its result is kept).
    fn run(&mut self, conn: &mut DbConn) -> bool;
    /// Answers the caller: the kept result if the transaction committed or
    /// the write failed, otherwise why the commit failed.
    fn answer(self: Box<Self>, committed: Result<(), &DbError>);
}

struct Write<F, T, E> {
    work: F,
    result: Option<Result<T, E>>,
    answer: oneshot::Sender<Result<T, E>>,
}

impl<F, T, E> Pending for Write<F, T, E>
where
    F: FnMut(&mut DbConn) -> Result<T, E> + Send,
    T: Send,
    E: From<DbError> + Send,
{
    fn run(&mut self, conn: &mut DbConn) -> bool {
        let result = (self.work)(conn);
        let ok = result.is_ok();
        self.result = Some(result);
        ok
    }

    fn answer(self: Box<Self>, committed: Result<(), &DbError>) {
        let result = match (self.result, committed) {
            (Some(Err(e)), _) => Err(e),
            (Some(Ok(value)), Ok(())) => Ok(value),
            (_, Err(e)) => Err(E::from(DbError::Commit(e.to_string()))),
            (None, Ok(())) => Err(E::from(DbError::Task("the write never ran".into()))),
        };
        // The caller may have gone (its request was cancelled): the write
        // stands all the same, like any other acknowledged write.
        let _ = self.answer.send(result);
    }
}

/// Waits for the first write, then takes every write already queued behind
/// it; `None` once every sender is gone.
fn next_group(
    waiting: &Mutex<mpsc::Receiver<Box<dyn Pending>>>,
    most: usize,
) -> Option<Vec<Box<dyn Pending>>> {
    // One lane waits on the queue at a time; the others are committing.
    let waiting = waiting.lock().unwrap_or_else(|e| e.into_inner());
    let first = waiting.recv().ok()?;
    let mut group = vec![first];
    while group.len() < most {
        match waiting.try_recv() {
            Ok(next) => group.push(next),
            Err(_) => break,
        }
    }
    Some(group)
}

/// Why a group's transaction did not commit.
enum GroupFailed {
    /// One of its writes failed (its own result says how).
    AWrite,
    /// The database refused the transaction itself.
    Db(diesel::result::Error),
}

impl From<diesel::result::Error> for GroupFailed {
    fn from(e: diesel::result::Error) -> Self {
        GroupFailed::Db(e)
    }
}

/// Runs `writes` one after the other in one write transaction, and counts
/// it if it commits.
fn commit(
    conn: &mut DbConn,
    counters: &GroupCounters,
    writes: &mut [Box<dyn Pending>],
) -> Result<(), GroupFailed> {
    backend::write_transaction(conn, |conn| {
        backend::group_writes(conn, |conn| {
            for write in writes.iter_mut() {
                if !write.run(conn) {
                    return Err(GroupFailed::AWrite);
                }
            }
            Ok(())
        })
    })?;
    counters.committed.inc();
    counters.writes.inc_by(writes.len() as u64);
    Ok(())
}

/// One writer thread's connection and where its answers wait.
struct Lane {
    number: usize,
    pool: Pool,
    lanes: Lanes,
    counters: GroupCounters,
    /// The connection kept between groups (see [`Lanes::keeps_connection`]).
    kept: Option<Kept>,
    /// Where answers wait for the disk when the commits do not (see
    /// [`backend::Durability::FlushApart`]); started with the first kept
    /// connection that needs it.
    flusher: Option<Flusher>,
}

impl Lane {
    /// Commits `group` and answers its writes, or hands them to the
    /// flusher to be answered once on disk.
    fn commit(&mut self, group: Vec<Box<dyn Pending>>) {
        let mut conn = match self.kept.take() {
            Some(conn) => conn,
            None => match self.connection() {
                Ok(conn) => conn,
                Err(e) => return group.into_iter().for_each(|w| w.answer(Err(&e))),
            },
        };
        let settled = commit_group(&mut conn.conn, &self.counters, group);
        match (&conn.durability, &self.flusher) {
            (backend::Durability::FlushApart(_), Some(flusher)) => flusher.hand(settled),
            _ => settled.into_iter().for_each(|s| s.release(Ok(()))),
        }
        if self.lanes.keeps_connection && !conn.conn.is_broken() {
            self.kept = Some(conn);
        }
    }

    /// A connection of the pool for this lane's groups, readied for
    /// writing if the lane keeps it.
    fn connection(&mut self) -> Result<Kept, DbError> {
        let mut conn = self.pool.get().map_err(DbError::Pool)?;
        if !self.lanes.keeps_connection {
            return Ok(Kept {
                conn,
                durability: backend::Durability::ByCommit,
            });
        }
        let durability = backend::ready_writer(&mut conn)?;
        let mut kept = Kept { conn, durability };
        if let backend::Durability::FlushApart(file) = &kept.durability {
            if self.flusher.is_none() {
                match Flusher::start(self.number, file.clone(), &self.counters) {
                    Ok(flusher) => self.flusher = Some(flusher),
                    Err(e) => {
                        // Without its flusher the lane flushes at each
                        // commit, as the other connections do.
                        tracing::warn!(error = %e, "cannot start the flusher; commits flush themselves");
                        backend::unready_writer(&mut kept.conn)?;
                        kept.durability = backend::Durability::ByCommit;
                    }
                }
            }
        }
        Ok(kept)
    }
}

/// A connection of a lane, with how its commits reach the disk.
struct Kept {
    conn: PooledConn,
    durability: backend::Durability,
}

impl Drop for Kept {
    /// A readied connection goes back to the pool with the pool's settings:
    /// a connection of the pool must flush at each of its commits.
    fn drop(&mut self) {
        if self.durability != backend::Durability::ByCommit {
            if let Err(e) = backend::unready_writer(&mut self.conn) {
                tracing::warn!(error = %e, "a writer's connection kept its settings");
            }
        }
    }
}

/// A write whose transaction is over, waiting to be answered.
pub(super) struct Settled {
    write: Box<dyn Pending>,
    /// Why its transaction did not commit, if it did not.
    failed: Option<DbError>,
}

impl Settled {
    /// Answers the write, `flushed` saying whether its commit reached the
    /// disk.
    pub(super) fn release(self, flushed: Result<(), &DbError>) {
        match &self.failed {
            Some(e) => self.write.answer(Err(e)),
            None => self.write.answer(flushed),
        }
    }
}

/// Commits `group` in one transaction, or replays each write alone; the
/// writes, to be answered once their commits are durable.
fn commit_group(
    conn: &mut DbConn,
    counters: &GroupCounters,
    mut group: Vec<Box<dyn Pending>>,
) -> Vec<Settled> {
    if group.len() > 1 {
        match commit(conn, counters, &mut group) {
            Ok(()) => {
                return group
                    .into_iter()
                    .map(|write| Settled {
                        write,
                        failed: None,
                    })
                    .collect();
            }
            Err(GroupFailed::Db(e)) => {
                tracing::warn!(error = %e, writes = group.len(), "a group commit failed; its writes are replayed one by one");
            }
            Err(GroupFailed::AWrite) => {}
        }
        counters.replayed.inc();
    }
    group
        .into_iter()
        .map(|mut write| {
            let failed = match commit(conn, counters, std::slice::from_mut(&mut write)) {
                // A write that failed answers with its own error.
                Ok(()) | Err(GroupFailed::AWrite) => None,
                Err(GroupFailed::Db(e)) => Some(DbError::Query(e)),
            };
            Settled { write, failed }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::RunQueryDsl;

    #[derive(diesel::QueryableByName)]
    struct Mode {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        synchronous: i32,
    }

    /// A migrated SQLite database at `file`, with a pool of two and one
    /// lane that keeps its connection (the server's SQLite lane, in small
    /// groups).
    fn sqlite_lane(file: &std::path::Path) -> (Pool, GroupCounters, GroupCommit) {
        let url = format!("sqlite://{}", file.display());
        let pool = super::super::build_pool(&url, 2).unwrap();
        backend::run_migrations(&mut pool.get().unwrap()).unwrap();
        let counters = GroupCounters::default();
        let lanes = Lanes {
            count: 1,
            group_size: 8,
            keeps_connection: true,
        };
        let writes = GroupCommit::start(pool.clone(), lanes, counters.clone()).unwrap();
        (pool, counters, writes)
    }

    #[tokio::test]
    async fn a_lane_that_ends_gives_its_connection_back_flushing_at_each_commit() {
        let dir = tempfile::tempdir().unwrap();
        let (pool, counters, writes) = sqlite_lane(&dir.path().join("passeur.db"));
        let kept: i32 = writes
            .write(|conn| {
                let DbConn::Sqlite(c) = conn else {
                    unreachable!("a SQLite URL")
                };
                let mode = diesel::sql_query("PRAGMA synchronous").get_result::<Mode>(c)?;
                Ok::<_, DbError>(mode.synchronous)
            })
            .await
            .unwrap();
        assert_eq!(
            kept, 1,
            "the lane's own connection leaves the flush to its flusher"
        );
        assert_eq!(counters.flushes.get(), 1, "answered after one flush");
        // The lane ends with its queue and gives its connection back.
        drop(writes);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while pool.state().idle_connections < 2 {
            assert!(std::time::Instant::now() < deadline, "the lane never ended");
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        let mut conns: Vec<_> = (0..2).map(|_| pool.get().unwrap()).collect();
        for conn in &mut conns {
            let DbConn::Sqlite(c) = &mut **conn else {
                unreachable!("a SQLite URL")
            };
            let mode = diesel::sql_query("PRAGMA synchronous").get_result::<Mode>(c);
            assert_eq!(mode.unwrap().synchronous, 2, "FULL again in the pool");
        }
    }

    #[tokio::test]
    async fn the_log_is_copied_into_the_database_file_beside_the_writer() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("passeur.db");
        let (_, counters, writes) = sqlite_lane(&file);
        let modified = || std::fs::metadata(&file).unwrap().modified().unwrap();
        let before = modified();
        // A few hundred small writes: far below the 10 000 pages at which
        // the writer's own connection checkpoints, so nothing else writes
        // to the database file itself.
        for n in 0..300 {
            writes
                .write(move |conn| {
                    diesel::sql_query(format!(
                        "INSERT INTO settings (key, value) VALUES ('k{n}', 'v')"
                    ))
                    .execute(conn)
                    .map_err(DbError::from)
                })
                .await
                .unwrap();
        }
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while counters.checkpoints.get() == 0 {
            assert!(std::time::Instant::now() < deadline, "no checkpoint ran");
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        assert!(modified() > before, "the database file was not written");
        drop(writes);
    }
}

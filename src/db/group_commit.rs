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

use std::future::Future;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use diesel::r2d2::R2D2Connection;
use prometheus_client::metrics::counter::Counter;
use tokio::sync::oneshot;

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
                    let mut kept = None;
                    while let Some(group) = next_group(&waiting, lanes.group_size) {
                        // A write that panics must not take the lane with
                        // it: its group is dropped (each caller hears that
                        // its write stopped, and the open transaction goes
                        // with its connection), and the lane goes on.
                        let run = std::panic::AssertUnwindSafe(|| {
                            let conn = match kept.take() {
                                Some(conn) => Ok(conn),
                                None => connection(&pool, lanes.keeps_connection),
                            };
                            match conn {
                                Ok(mut conn) => {
                                    commit_group(&mut conn, &counters, group);
                                    if lanes.keeps_connection && !conn.is_broken() {
                                        kept = Some(conn);
                                    }
                                }
                                Err(e) => group.into_iter().for_each(|w| w.answer(Err(&e))),
                            }
                        });
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
        backend::group_writes(|| {
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

/// A connection of the pool for a lane's groups, readied for writing if
/// the lane keeps it (see [`Lanes::keeps_connection`]).
fn connection(pool: &Pool, kept: bool) -> Result<PooledConn, DbError> {
    let mut conn = pool.get().map_err(DbError::Pool)?;
    if kept {
        backend::ready_writer(&mut conn)?;
    }
    Ok(conn)
}

/// Commits `group` in one transaction, or replays each write alone.
fn commit_group(conn: &mut DbConn, counters: &GroupCounters, mut group: Vec<Box<dyn Pending>>) {
    if group.len() > 1 {
        match commit(conn, counters, &mut group) {
            Ok(()) => {
                for write in group {
                    write.answer(Ok(()));
                }
                return;
            }
            Err(GroupFailed::Db(e)) => {
                tracing::warn!(error = %e, writes = group.len(), "a group commit failed; its writes are replayed one by one");
            }
            Err(GroupFailed::AWrite) => {}
        }
        counters.replayed.inc();
    }
    for mut write in group {
        match commit(conn, counters, std::slice::from_mut(&mut write)) {
            // A write that failed answers with its own error.
            Ok(()) | Err(GroupFailed::AWrite) => write.answer(Ok(())),
            Err(GroupFailed::Db(e)) => write.answer(Err(&DbError::Query(e))),
        }
    }
}

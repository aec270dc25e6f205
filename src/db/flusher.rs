//! The threads beside a SQLite lane of the group commit: the flusher, which
//! flushes the log and only then answers the writes committed before the
//! flush (see [`backend::Durability::FlushApart`]), and the checkpointer,
//! which copies the log into the database file while the lane writes on.

use std::sync::mpsc;

use prometheus_client::metrics::counter::Counter;

use super::group_commit::Settled;
use super::{backend, DbError, GroupCounters};

/// The thread that flushes a lane's log and then answers the writes
/// committed before the flush.
pub struct Flusher {
    queue: mpsc::Sender<Vec<Settled>>,
}

impl Flusher {
    /// Starts the flusher of lane `number` for the database file `file`.
    /// The thread ends once the lane is gone and what it handed over is
    /// answered.
    pub fn start(
        number: usize,
        file: std::path::PathBuf,
        counters: &GroupCounters,
    ) -> std::io::Result<Flusher> {
        let (queue, waiting) = mpsc::channel::<Vec<Settled>>();
        let checkpointer = Checkpointer::start(number, file.clone(), counters.checkpoints.clone())?;
        let flushes = counters.flushes.clone();
        std::thread::Builder::new()
            .name(format!("passeur-flush-{number}"))
            .spawn(move || {
                while let Ok(mut settled) = waiting.recv() {
                    // Every group committed by now is covered by one flush.
                    while let Ok(more) = waiting.try_recv() {
                        settled.extend(more);
                    }
                    let flushed = backend::flush_log(&file)
                        .map_err(|e| DbError::Commit(format!("cannot flush to disk: {e}")));
                    match &flushed {
                        Ok(()) => drop(flushes.inc()),
                        Err(e) => {
                            tracing::error!(error = %e, "a group was committed but not flushed")
                        }
                    }
                    let written = settled.len();
                    for s in settled {
                        s.release(flushed.as_ref().map(|_| ()));
                    }
                    checkpointer.written(written);
                }
            })?;
        Ok(Flusher { queue })
    }

    /// Hands over the writes of a committed group. Should the flusher be
    /// gone, they are flushed and answered here.
    pub fn hand(&self, settled: Vec<Settled>) {
        if let Err(mpsc::SendError(settled)) = self.queue.send(settled) {
            settled
                .into_iter()
                .for_each(|s| s.release(Err(&DbError::Task("the flusher has stopped".into()))));
        }
    }
}

/// The thread that copies a lane's log into the database file while the
/// lane writes on: SQLite's passive checkpoint, which waits for no one and
/// leaves the writer alone.
///
/// The writer's own connection still checkpoints once the log reaches
/// 10 000 pages (see [`super::pool`]), and only a checkpoint there, between
/// two of its transactions, lets the log start again from its beginning;
/// but it then finds the log copied up to the last few groups. Before, that
/// copy (and the flush of the database file after it) ran on the writer
/// every ten groups or so, while every write queued behind it. With the
/// writer alone (`passeur-bench --writer`, 100 000 applications, three
/// rounds alternating with the build before), the writer's processor time
/// per submission fell from 235 to 228 µs on average and the writes' p99
/// from 47–66 ms to 47–52 ms.
struct Checkpointer {
    queue: mpsc::Sender<usize>,
}

/// Writes flushed between two checkpoints of the [`Checkpointer`]: about
/// two thousand pages of log at eight a submission, a fifth of what the
/// writer's own checkpoint waits for.
const WRITES_PER_CHECKPOINT: usize = 256;

impl Checkpointer {
    fn start(
        number: usize,
        file: std::path::PathBuf,
        checkpoints: Counter,
    ) -> std::io::Result<Checkpointer> {
        let (queue, waiting) = mpsc::channel::<usize>();
        std::thread::Builder::new()
            .name(format!("passeur-checkpoint-{number}"))
            .spawn(move || {
                let target = super::DbTarget::Sqlite(file.display().to_string());
                let mut conn = None;
                let mut since = 0;
                while let Ok(written) = waiting.recv() {
                    since += written;
                    while let Ok(more) = waiting.try_recv() {
                        since += more;
                    }
                    if since < WRITES_PER_CHECKPOINT {
                        continue;
                    }
                    since = 0;
                    // Its own connection, opened at the first checkpoint: a
                    // connection of the pool would be one fewer for readers.
                    if conn.is_none() {
                        conn = target
                            .connect()
                            .inspect_err(|e| tracing::warn!(error = %e, "cannot open the checkpointer's connection"))
                            .ok();
                    }
                    let Some(c) = conn.as_mut() else { continue };
                    match backend::checkpoint_passively(c) {
                        Ok(()) => drop(checkpoints.inc()),
                        Err(e) => {
                            // The writer's own checkpoints still keep the
                            // log in bounds; try again with a new connection.
                            tracing::warn!(error = %e, "a checkpoint beside the writer failed");
                            conn = None;
                        }
                    }
                }
            })?;
        Ok(Checkpointer { queue })
    }

    /// Counts writes just flushed.
    fn written(&self, writes: usize) {
        let _ = self.queue.send(writes);
    }
}

//! The worker loop: claim due jobs with a lease, run them, record the
//! outcome; sleep until woken by a commit, until the next retry falls due,
//! or until the slow backstop poll.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinSet;

use super::Job;
use crate::db::{self, backend};
use crate::state::SharedState;

/// Jobs one worker runs at once, and so the most e-mails it sends at once
/// (the SMTP pool keeps that many connections: `mail::Postman`).
pub const BATCH: i64 = 16;
/// After this many attempts a job is set aside as failed (about four days
/// of retries with the default backoff).
const MAX_ATTEMPTS: i32 = 100;

/// A name for a worker, unique across instances and restarts.
pub fn new_id() -> String {
    format!("{}-{}", hostname(), uuid::Uuid::now_v7())
}

/// Gives back the jobs `worker_id` still holds, so that after a clean stop
/// they run again at once rather than when their lease runs out.
pub async fn release(state: &SharedState, worker_id: &str) {
    let worker_id = worker_id.to_string();
    let result = state
        .db(move |conn| crate::jobs::release(conn, &worker_id).map_err(db::DbError::from))
        .await;
    match result {
        Ok(0) => {}
        Ok(n) => tracing::info!(jobs = n, "leases released at shutdown"),
        Err(e) => tracing::warn!(error = %e, "cannot release leases; they will expire"),
    }
}

/// Runs the worker until `shutdown` turns true; jobs already claimed are
/// finished (or fail and are rescheduled) before it returns, so that a clean
/// stop leaves no job leased to a worker that is gone.
///
/// Up to [`BATCH`] jobs run at once. Once half of them are done the worker
/// claims as many more as there is room for, so that the next ones are
/// leased while the rest still run: waiting for the whole batch first held
/// every later e-mail back behind the slowest of the batch, then behind
/// the claim's commit.
pub async fn run(state: SharedState, worker_id: String, mut shutdown: watch::Receiver<bool>) {
    let stop = Arc::new(AtomicBool::new(false));
    let _listener = spawn_listener(&state, stop.clone());
    let _stop_listener = StopOnDrop(stop);
    let mut running = JoinSet::new();
    // The last claim found fewer due jobs than it asked for: the next waits
    // for a wake-up (a new job committed), the backstop poll or the jobs in
    // hand to be done, rather than follow each one that is (a claim is a
    // write).
    let mut drained = false;
    loop {
        let stopping = *shutdown.borrow();
        let room = BATCH as usize - running.len();
        if !stopping && !drained && room >= BATCH as usize / 2 {
            match claim(&state, &worker_id, room as i64).await {
                Ok(claimed) => {
                    drained = claimed.len() < room;
                    for job in claimed {
                        let state = state.clone();
                        let worker_id = worker_id.clone();
                        running.spawn(async move { process(&state, &worker_id, job).await });
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "cannot claim jobs; retrying");
                    if running.is_empty() {
                        tokio::select! {
                            _ = shutdown.changed() => {}
                            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                        }
                        continue;
                    }
                    drained = true;
                }
            }
        }
        if running.is_empty() {
            if stopping {
                return;
            }
            // Nothing runs, so the claim above found nothing due (or an
            // earlier one did): wait for the next.
            wait(&state, &mut shutdown).await;
            drained = false;
            continue;
        }
        if drained && !stopping {
            // A retry falling due wakes nobody: the backstop poll claims it
            // while a slow job still runs.
            tokio::select! {
                _ = running.join_next() => {}
                _ = state.wakeup.woken() => drained = false,
                _ = tokio::time::sleep(backstop(state.settings.job_poll_ms)) => drained = false,
            }
        } else {
            running.join_next().await;
        }
    }
}

struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// On PostgreSQL, a thread that turns other instances' `NOTIFY` into local
/// wake-ups.
fn spawn_listener(
    state: &SharedState,
    stop: Arc<AtomicBool>,
) -> Option<std::thread::JoinHandle<()>> {
    if !matches!(state.db_target, db::DbTarget::Postgres(_)) {
        return None;
    }
    let target = state.db_target.clone();
    let wakeup = state.wakeup.clone();
    let deliveries = state.deliveries_wakeup.clone();
    std::thread::Builder::new()
        .name("passeur-listen".into())
        .spawn(move || {
            if let Err(e) = backend::listen_for_jobs(&target, &stop, &|| {
                wakeup.wake();
                deliveries.wake();
            }) {
                tracing::warn!(error = %e, "job listener stopped");
            }
        })
        .ok()
}

/// Leases the next due jobs to this worker; the lease is committed before
/// the jobs run.
async fn claim(
    state: &SharedState,
    worker_id: &str,
    limit: i64,
) -> anyhow::Result<Vec<backend::ClaimedJob>> {
    let worker_id = worker_id.to_string();
    let lease = chrono::TimeDelta::seconds(state.settings.job_lease_secs as i64);
    let claimed = state
        .claim(move |conn| {
            let now = db::now();
            backend::claim_jobs(conn, &worker_id, now, now + lease, limit)
                .map_err(db::DbError::from)
        })
        .await?;
    Ok(claimed)
}

/// Sleeps until a wake-up, the next due job, the backstop poll or shutdown.
async fn wait(state: &SharedState, shutdown: &mut watch::Receiver<bool>) {
    let next = state
        .db(|conn| crate::jobs::next_due(conn).map_err(db::DbError::from))
        .await
        .ok()
        .flatten();
    sleep_until_due(next, state.settings.job_poll_ms, &state.wakeup, shutdown).await;
}

/// The backstop poll of `poll_ms` (settings), kept from spinning.
fn backstop(poll_ms: u64) -> Duration {
    Duration::from_millis(poll_ms.max(10))
}

/// Sleeps until `next` falls due, a wake-up, the backstop poll (`poll_ms`)
/// or shutdown, whichever comes first. Shared by the job worker and the
/// webhook dispatcher.
pub async fn sleep_until_due(
    next: Option<chrono::NaiveDateTime>,
    poll_ms: u64,
    wakeup: &super::Wakeup,
    shutdown: &mut watch::Receiver<bool>,
) {
    let poll = backstop(poll_ms);
    let until_next = next
        .map(|at| (at - db::now()).to_std().unwrap_or(Duration::ZERO))
        .unwrap_or(poll)
        .min(poll);
    if until_next.is_zero() {
        // Due already: most often committed just after our claim looked (a
        // decision racing the worker), so claim again almost at once; the
        // short pause only keeps a row another instance is claiming from
        // making us spin. (It was 50 ms: the tail of every webhook's delay.)
        tokio::time::sleep(Duration::from_millis(5)).await;
        return;
    }
    tokio::select! {
        _ = wakeup.woken() => {}
        _ = tokio::time::sleep(until_next) => {}
        _ = shutdown.changed() => {}
    }
}

/// Runs one job and records its outcome.
async fn process(state: &SharedState, worker_id: &str, claimed: backend::ClaimedJob) {
    let outcome = match serde_json::from_str::<Job>(&claimed.payload) {
        Ok(job) => super::handlers::execute(state, &job)
            .await
            .map_err(|e| (e.to_string(), true)),
        Err(e) => Err((format!("unreadable payload: {e}"), false)),
    };
    let retry_at = |retryable: bool| {
        (retryable && claimed.attempts < MAX_ATTEMPTS).then(|| {
            let delay = super::backoff(
                claimed.attempts,
                Duration::from_millis(state.settings.job_retry_base_ms),
                Duration::from_secs(state.settings.job_retry_max_secs),
            );
            db::now() + chrono::TimeDelta::from_std(delay).unwrap_or(chrono::TimeDelta::hours(1))
        })
    };
    let worker_id = worker_id.to_string();
    let id = claimed.id.clone();
    let record = match outcome {
        Ok(()) => {
            tracing::debug!(job = %id, kind = %claimed.kind, "job done");
            state
                .write(move |conn| {
                    crate::jobs::complete(conn, &id, &worker_id, db::now())
                        .map_err(db::DbError::from)
                })
                .await
        }
        Err((error, retryable)) => {
            let next = retry_at(retryable);
            tracing::warn!(job = %id, kind = %claimed.kind, attempt = claimed.attempts, %error, retry_at = ?next, "job failed");
            state
                .write(move |conn| {
                    crate::jobs::fail(conn, &id, &worker_id, &error, next, db::now())
                        .map_err(db::DbError::from)
                })
                .await
        }
    };
    // The lease will run out and the job will be retried: at-least-once.
    if let Err(e) = record {
        tracing::warn!(job = %claimed.id, error = %e, "cannot record the job's outcome");
    }
}

fn hostname() -> String {
    std::env::var("HOSTNAME").unwrap_or_else(|_| "passeur".into())
}

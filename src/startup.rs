//! Starting Passeur: the HTTP server and the background work (job worker,
//! expiry of unconfirmed applications) in one process.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::{Server, ServerHandle};
use anyhow::Context as _;

use crate::config::Settings;
use crate::db;
use crate::db::backend;
use crate::host::{intake, waiting_list};
use crate::moderation::audit::Actor;
use crate::privacy::retention;
use crate::state::{AppState, SharedState};

/// A built, not yet running, Passeur.
pub struct Application {
    port: u16,
    server: Server,
    state: SharedState,
}

impl Application {
    /// Connects, migrates, binds and builds everything; nothing runs yet.
    pub fn build(settings: Settings) -> anyhow::Result<Application> {
        let addr = settings
            .bind_addr()
            .with_context(|| format!("invalid bind address {:?}", settings.bind))?;
        let listener =
            TcpListener::bind(addr).with_context(|| format!("cannot listen on {addr}"))?;
        let port = listener.local_addr()?.port();
        let mut settings = settings;
        if settings
            .base_url
            .as_deref()
            .is_none_or(|u| u.trim().is_empty())
            && addr.port() == 0
        {
            // Bound to a random port (tests): links must carry the real one.
            settings.base_url = Some(format!("http://{}:{port}", addr.ip()));
        }
        let state: SharedState = Arc::new(AppState::build(settings)?);
        let server = crate::web::server(state.clone(), listener)?;
        Ok(Application {
            port,
            server,
            state,
        })
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The shared state (for tests and commands).
    pub fn state(&self) -> SharedState {
        self.state.clone()
    }

    /// Starts serving and working in the background.
    pub fn spawn(self) -> Running {
        let handle = self.server.handle();
        let task = tokio::spawn(run(self.server, self.state));
        Running {
            port: self.port,
            handle,
            task,
        }
    }

    /// Serves until the server stops (on SIGINT or SIGTERM).
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        run(self.server, self.state).await
    }
}

async fn run(server: Server, state: SharedState) -> anyhow::Result<()> {
    let worker_id = crate::jobs::worker::new_id();
    let (shutdown, shutdown_rx) = tokio::sync::watch::channel(false);
    let shutdown_rx2 = shutdown_rx.clone();
    let mut worker = tokio::spawn(crate::jobs::worker::run(
        state.clone(),
        worker_id.clone(),
        shutdown_rx,
    ));
    let mut dispatcher = tokio::spawn(crate::webhooks::dispatcher::run(
        state.clone(),
        format!("{worker_id}-webhooks"),
        shutdown_rx2,
    ));
    let maintenance = tokio::spawn(maintain(state.clone()));
    let planner = tokio::spawn(keep_plans_fresh(state.clone()));
    let outcome = server.await.context("HTTP server failed");
    maintenance.abort();
    planner.abort();
    // Let the jobs in hand finish (an SMTP exchange is bounded by its own
    // time-out), then give back whatever is still leased.
    let _ = shutdown.send(true);
    if tokio::time::timeout(Duration::from_secs(35), &mut worker)
        .await
        .is_err()
    {
        worker.abort();
    }
    if tokio::time::timeout(Duration::from_secs(20), &mut dispatcher)
        .await
        .is_err()
    {
        dispatcher.abort();
    }
    crate::jobs::worker::release(&state, &worker_id).await;
    outcome
}

/// Hourly upkeep: the retention policy is applied, expired sessions go, the
/// statistics' shards are folded, the waiting list is told when sign-ups reopened by themselves, and the daily
/// digest is queued when due.
async fn maintain(state: SharedState) {
    // The first round waits a minute: a start is busy enough, and nothing
    // here is urgent.
    let start = tokio::time::Instant::now() + Duration::from_secs(60);
    let mut tick = tokio::time::interval_at(start, Duration::from_secs(3600));
    loop {
        tick.tick().await;
        let state2 = state.clone();
        let result = state
            .db(move |conn| {
                let now = db::now();
                let digests = crate::moderation::digest::schedule(conn, now)?;
                crate::moderation::sessions::purge_expired(conn, now)?;
                // Tidying the counts is an optimisation: should it fail,
                // the retention policy below must still be applied.
                if let Err(e) = backend::fold_statistics(conn) {
                    tracing::warn!(error = %e, "statistics not folded; next round");
                }
                let policy = state2.policy(conn)?;
                let purged = retention::purge(conn, &policy.retention, &Actor::System, now)?;
                // Sign-ups may have reopened by themselves (a space freed
                // below the capacity): tell the waiting list.
                let released = if intake::intake(conn, &policy)?.is_open() {
                    backend::write_transaction(conn, |c| waiting_list::release(c, now))?
                } else {
                    0
                };
                Ok::<_, anyhow::Error>((digests + released, purged))
            })
            .await;
        match result {
            Ok((queued, purged)) => {
                if queued > 0 {
                    state.wakeup.wake();
                }
                if !purged.is_empty() {
                    tracing::info!(?purged, "retention policy applied");
                }
            }
            Err(e) => tracing::warn!(error = %e, "upkeep failed; will retry"),
        }
    }
}

/// Every few seconds on PostgreSQL, the burst tables whose planner
/// statistics have drifted are analysed, so that the plans the connections
/// keep (a foreign-key check's above all) are made again for the size the
/// tables have now (see [`backend::refresh_planner_statistics`]).
async fn keep_plans_fresh(state: SharedState) {
    if !matches!(state.db_target, db::DbTarget::Postgres(_)) {
        return;
    }
    let mut tick = tokio::time::interval(Duration::from_secs(5));
    loop {
        tick.tick().await;
        let analysed = state
            .db(|conn| backend::refresh_planner_statistics(conn).map_err(db::DbError::from))
            .await;
        match analysed {
            Ok(tables) if !tables.is_empty() => {
                tracing::debug!(?tables, "planner statistics refreshed")
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "planner statistics not refreshed; next round"),
        }
    }
}

/// A Passeur running in the background of the current runtime.
pub struct Running {
    /// The port it listens on.
    pub port: u16,
    handle: ServerHandle,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl Running {
    /// Stops the server and its workers, and waits until they are gone.
    pub async fn stop(self) {
        self.handle.stop(false).await;
        let _ = self.task.await;
    }
}

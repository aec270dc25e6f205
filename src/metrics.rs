//! Metrics for `/metrics`, in the Prometheus text format: counters kept in
//! memory, and queue figures read from the database at each scrape.

use std::sync::atomic::AtomicU64;

use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// What the process counts.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    attempts: Family<Vec<(String, String)>, Counter>,
    attempt_seconds: Histogram,
    latency_seconds: Histogram,
    pending: Gauge<f64, AtomicU64>,
    oldest_pending_seconds: Gauge<f64, AtomicU64>,
    pending_jobs: Gauge,
    /// What the group commit did (see [`crate::db::GroupCommit`]).
    pub groups: crate::db::GroupCounters,
    /// What SQLite's search indexer did (see [`crate::db::SearchIndexer`]).
    pub search: crate::db::SearchCounters,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("passeur");
        let attempts = Family::<Vec<(String, String)>, Counter>::default();
        let attempt_seconds = Histogram::new([
            0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 15.0,
        ]);
        let latency_seconds = Histogram::new([
            0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1.0, 5.0, 30.0, 300.0, 3600.0, 86400.0,
        ]);
        let pending = Gauge::<f64, AtomicU64>::default();
        let oldest_pending_seconds = Gauge::<f64, AtomicU64>::default();
        let pending_jobs = Gauge::default();
        registry.register(
            "webhook_attempts",
            "Webhook delivery attempts, by outcome",
            attempts.clone(),
        );
        registry.register(
            "webhook_attempt_duration_seconds",
            "Duration of webhook attempts",
            attempt_seconds.clone(),
        );
        registry.register(
            "webhook_delivery_latency_seconds",
            "Time from an event to its successful delivery",
            latency_seconds.clone(),
        );
        registry.register(
            "webhook_pending_deliveries",
            "Deliveries waiting to be sent",
            pending.clone(),
        );
        registry.register(
            "webhook_oldest_pending_age_seconds",
            "Age of the oldest pending delivery",
            oldest_pending_seconds.clone(),
        );
        registry.register(
            "pending_jobs",
            "Jobs (e-mails) waiting to run",
            pending_jobs.clone(),
        );
        let groups = crate::db::GroupCounters::default();
        registry.register(
            "write_groups",
            "Transactions committed by the group commit",
            groups.committed.clone(),
        );
        registry.register(
            "grouped_writes",
            "Writes committed by the group commit",
            groups.writes.clone(),
        );
        registry.register(
            "write_groups_replayed",
            "Groups rolled back and replayed one write at a time",
            groups.replayed.clone(),
        );
        registry.register(
            "write_log_flushes",
            "Flushes of SQLite's log that answered the groups committed before them",
            groups.flushes.clone(),
        );
        registry.register(
            "write_log_checkpoints",
            "Checkpoints of SQLite's log run beside its writer",
            groups.checkpoints.clone(),
        );
        let search = crate::db::SearchCounters::default();
        registry.register(
            "search_index_changes",
            "Changes of search texts applied to SQLite's trigram index",
            search.applied.clone(),
        );
        registry.register(
            "search_index_rebuilds",
            "Builds of SQLite's whole trigram index (missing, or out of step)",
            search.rebuilds.clone(),
        );
        registry.register(
            "search_index_trigram_counts",
            "Counts of how many texts hold each trigram of SQLite's index",
            search.counts.clone(),
        );
        Metrics {
            search,
            groups,
            registry,
            attempts,
            attempt_seconds,
            latency_seconds,
            pending,
            oldest_pending_seconds,
            pending_jobs,
        }
    }
}

impl Metrics {
    /// Counts one webhook attempt.
    pub fn record_attempt(&self, success: bool, duration_ms: i32) {
        let outcome = if success { "success" } else { "failure" };
        self.attempts
            .get_or_create(&vec![("outcome".to_string(), outcome.to_string())])
            .inc();
        self.attempt_seconds
            .observe(f64::from(duration_ms) / 1000.0);
    }

    /// Records the time from an event to its successful delivery.
    pub fn record_delivery_latency(&self, seconds: f64) {
        self.latency_seconds.observe(seconds);
    }

    /// The text exposition, with the queue figures of this moment.
    pub fn render(&self, pending: i64, oldest_age_seconds: f64, pending_jobs: i64) -> String {
        self.pending.set(pending as f64);
        self.oldest_pending_seconds.set(oldest_age_seconds);
        self.pending_jobs.set(pending_jobs);
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = encode(&mut out, &self.registry);
        out
    }
}

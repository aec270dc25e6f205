//! What the web handlers and the workers share: the pool, the settings, the
//! templates, the link key, the mailer and the wake-up of the job queue.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

use diesel::prelude::*;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::applications::links::{LinkKey, Purpose};
use crate::config::Settings;
use crate::db::{self, schema::settings as settings_table, DbTarget, Pool};
use crate::host::Policy;
use crate::jobs::Wakeup;
use crate::mail::Postman;
use crate::metrics::Metrics;
use crate::statistics::cache::FiguresCache;
use crate::templates::Templates;
use crate::webhooks::client::WebhookClient;
use crate::webhooks::urls::AddressPolicy;
use crate::webhooks::EventContext;

/// Shared state; cheap to clone.
pub type SharedState = Arc<AppState>;

/// Everything a request or a job needs besides its own input.
#[derive(Debug)]
pub struct AppState {
    /// The connection pool.
    pub pool: Pool,
    /// Writes that share their commit with others (submissions, outcomes
    /// of jobs and deliveries).
    pub writes: db::GroupCommit,
    /// The thread that fills SQLite's trigram index (none on PostgreSQL).
    pub search_index: Option<db::SearchIndexer>,
    /// Where the database is (the job listener opens its own connection).
    pub db_target: DbTarget,
    /// The settings in force.
    pub settings: Settings,
    /// The host's policy as the settings describe it, before any change
    /// from the settings page (made once: its texts go through Fluent).
    pub default_policy: Policy,
    /// The public base URL, without trailing slash.
    pub base_url: String,
    /// Compiled templates.
    pub templates: Templates,
    /// The key of the applicants' links.
    pub links: LinkKey,
    /// The e-mail transport.
    pub postman: Postman,
    /// Wakes the job workers after a commit.
    pub wakeup: Wakeup,
    /// Wakes the webhook dispatcher after a commit.
    pub deliveries_wakeup: Wakeup,
    /// Where webhooks may go.
    pub address_policy: Arc<AddressPolicy>,
    /// The HTTP client of deliveries.
    pub webhook_client: WebhookClient,
    /// Counters and histograms for `/metrics`.
    pub metrics: Metrics,
    /// Submissions per client address.
    pub submit_limiter: DefaultKeyedRateLimiter<IpAddr>,
    /// Login attempts per client address.
    pub login_limiter: DefaultKeyedRateLimiter<IpAddr>,
    /// Login attempts per account, against attacks spread over addresses.
    pub login_account_limiter: DefaultKeyedRateLimiter<String>,
    /// The last count of the statistics of each scope.
    pub figures: FiguresCache,
}

impl AppState {
    /// Connects, migrates and builds the state from `settings`.
    pub fn build(settings: Settings) -> anyhow::Result<AppState> {
        let db_target = DbTarget::parse(&settings.database_url)?;
        let base_url = settings.public_base_url()?;
        let address_policy = Arc::new(AddressPolicy::parse(&settings.webhook_allowed_networks)?);
        // Compiling the templates and opening the database are the two
        // slow parts of a start, and independent: each runs on its own
        // thread, so a restart is as long as the slower of the two.
        let (pool, secret, templates) = std::thread::scope(|s| {
            let templates = s.spawn(Templates::new);
            let database = open_database(&settings);
            let templates = templates
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            let (pool, secret) = database?;
            anyhow::Ok((pool, secret, templates?))
        })?;
        let webhook_client = WebhookClient::new(address_policy.clone());
        let per_hour =
            NonZeroU32::new(settings.submissions_per_hour.max(1)).unwrap_or(NonZeroU32::MIN);
        let submit_limiter = RateLimiter::keyed(Quota::per_hour(per_hour));
        let per_minute =
            NonZeroU32::new(settings.login_attempts_per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        let login_limiter = RateLimiter::keyed(Quota::per_minute(per_minute));
        let account_per_hour =
            per_minute.saturating_mul(NonZeroU32::new(4).unwrap_or(NonZeroU32::MIN));
        let login_account_limiter = RateLimiter::keyed(Quota::per_hour(account_per_hour));
        let lanes = db::backend::write_lanes(&db_target, settings.database_pool_size);
        let metrics = Metrics::default();
        let writes = db::GroupCommit::start(pool.clone(), lanes, metrics.groups.clone())?;
        let search_index = db::SearchIndexer::start(&db_target, metrics.search.clone())?;
        Ok(AppState {
            writes,
            search_index,
            pool,
            db_target,
            base_url,
            templates,
            links: LinkKey::new(secret.as_bytes()),
            postman: Postman::from_settings(&settings)?,
            wakeup: Wakeup::default(),
            deliveries_wakeup: Wakeup::default(),
            address_policy,
            webhook_client,
            metrics,
            submit_limiter,
            login_limiter,
            login_account_limiter,
            figures: FiguresCache::new(std::time::Duration::from_secs(
                settings.statistics_max_age_secs,
            )),
            default_policy: Policy::from_settings(&settings),
            settings,
        })
    }

    /// Runs synchronous database work on the blocking thread pool with a
    /// pooled connection: diesel never runs on an async worker thread. The
    /// one way handlers, workers and the dispatcher reach the database.
    pub async fn db<T, E, F>(self: &Arc<Self>, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut db::DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<db::DbError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = state.pool.get().map_err(db::DbError::from)?;
            work(&mut conn)
        })
        .await
        .unwrap_or_else(|e| Err(db::DbError::Task(e.to_string()).into()))
    }

    /// Runs a write in a transaction most likely shared with other writes,
    /// and returns once it is committed: see [`db::GroupCommit`]. For short
    /// writes that come many at a time; `work` may run twice.
    pub fn write<T, E, F>(&self, work: F) -> impl std::future::Future<Output = Result<T, E>>
    where
        F: FnMut(&mut db::DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<db::DbError> + Send + 'static,
    {
        self.writes.write(work)
    }

    /// Runs a claim (a lease on due jobs or deliveries) and returns once the
    /// lease is committed: in a group commit where claims join them
    /// ([`db::backend::claims_join_groups`]), otherwise alone on a pooled
    /// connection. `work` may run twice.
    pub async fn claim<T, E, F>(self: &Arc<Self>, work: F) -> Result<T, E>
    where
        F: FnMut(&mut db::DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<db::DbError> + Send + 'static,
    {
        if db::backend::claims_join_groups(&self.db_target) {
            self.write(work).await
        } else {
            self.db(work).await
        }
    }

    /// Wakes every local worker: jobs and deliveries.
    pub fn wake_all(&self) {
        self.wakeup.wake();
        self.deliveries_wakeup.wake();
    }

    /// The host's policy in force (one read by primary key): every
    /// instance sees an administrator's change at once.
    pub fn policy(&self, conn: &mut db::DbConn) -> Result<Policy, db::DbError> {
        crate::host::policy::load(conn, &self.default_policy)
    }

    /// What webhook payloads need: the callback address and the quotas of
    /// `policy`.
    pub fn event_context(&self, policy: &Policy) -> EventContext {
        EventContext {
            base_url: self.base_url.clone(),
            max_accounts: policy.max_accounts,
            storage_gb: policy.storage_gb,
        }
    }

    /// The intake rules of `policy`.
    pub fn intake_rules(&self, policy: &Policy) -> crate::applications::store::IntakeRules {
        crate::applications::store::IntakeRules {
            expiry: chrono::TimeDelta::days(policy.retention.unconfirmed_days.into()),
            flags: policy.flags,
        }
    }

    /// The public status page of an application.
    pub fn status_url(&self, id: &uuid::Uuid) -> String {
        format!(
            "{}/status/{}",
            self.base_url,
            self.links.token(Purpose::Status, id)
        )
    }

    /// The confirmation link of an application.
    pub fn confirm_url(&self, id: &uuid::Uuid) -> String {
        format!(
            "{}/confirm/{}",
            self.base_url,
            self.links.token(Purpose::Confirm, id)
        )
    }
}

/// Opens the pool, migrates, and reads the secret key; fills in the search
/// keys of applications written before they existed.
fn open_database(settings: &Settings) -> anyhow::Result<(Pool, String)> {
    let pool = db::build_pool(&settings.database_url, settings.database_pool_size)?;
    let mut conn = pool.get()?;
    let ran = db::backend::run_migrations(&mut conn)?;
    if ran > 0 {
        tracing::info!(migrations = ran, "database migrated");
    }
    let secret: String = settings_table::table
        .filter(settings_table::key.eq("secret_key"))
        .select(settings_table::value)
        .first(&mut conn)?;
    let backfilled = crate::applications::store::backfill_keys(&mut conn)?;
    if backfilled > 0 {
        tracing::info!(applications = backfilled, "search keys filled in");
    }
    Ok((pool, secret))
}

//! The HTTP client of deliveries, built once, off the start's path.
//!
//! Building it reads the system's certificate bundle, which OpenSSL parses
//! twice: the slowest part of a start by far, for a client that the first
//! delivery needs and a page never does. The server therefore answers first
//! and the client is built just after, on a blocking thread
//! ([`WebhookClient::prepare`]); a delivery that comes before waits for it.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::OnceCell;

use super::urls::{AddressPolicy, GuardedResolver};

/// The deliveries' client, built on first need.
#[derive(Debug)]
pub struct WebhookClient {
    policy: Arc<AddressPolicy>,
    built: OnceCell<reqwest::Client>,
}

/// Why the client could not be built (the TLS library would not start).
#[derive(Debug, Clone, thiserror::Error)]
#[error("cannot build the webhook HTTP client: {0}")]
pub struct ClientError(String);

impl WebhookClient {
    /// A client whose names resolve through `policy`'s guard; nothing is
    /// built yet.
    pub fn new(policy: Arc<AddressPolicy>) -> WebhookClient {
        WebhookClient {
            policy,
            built: OnceCell::new(),
        }
    }

    /// The client, built by the first caller while the others wait.
    pub async fn get(&self) -> Result<&reqwest::Client, ClientError> {
        self.built
            .get_or_try_init(|| async {
                let policy = self.policy.clone();
                tokio::task::spawn_blocking(move || build(policy))
                    .await
                    .map_err(|e| ClientError(e.to_string()))?
                    .map_err(|e| ClientError(e.to_string()))
            })
            .await
    }

    /// Builds the client now, so that the first delivery does not wait;
    /// says so in the log if it cannot be built.
    pub async fn prepare(&self) {
        if let Err(e) = self.get().await {
            tracing::error!(error = %e, "webhooks cannot be delivered");
        }
    }
}

/// 5 s to connect, 15 s in all, no redirect followed, names resolved
/// through the address guard.
fn build(policy: Arc<AddressPolicy>) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(15))
        .redirect(reqwest::redirect::Policy::none())
        .dns_resolver(Arc::new(GuardedResolver::new(policy)))
        .user_agent(concat!("Passeur-Webhooks/", env!("CARGO_PKG_VERSION")))
        .pool_idle_timeout(Duration::from_secs(30))
        .build()
}

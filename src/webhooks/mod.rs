//! Provisioning webhooks: endpoints, events written in the transaction of
//! the change that causes them, deliveries retried until they succeed or give
//! up, Standard Webhooks signatures, and the provisioner's callback.

pub mod callback;
pub mod client;
pub mod deliveries;
pub mod dispatcher;
pub mod endpoints;
pub mod events;
pub mod signing;
pub mod urls;

/// Every event type, as sent in `type`.
pub const EVENT_TYPES: &[&str] = &[
    "application.submitted",
    "application.approved",
    "application.refused",
    "application.withdrawn",
    "application.activated",
    "application.provisioning_failed",
];

/// The type of the event an administrator sends to try an endpoint.
pub const TEST_EVENT: &str = "webhook.test";

/// What an event payload needs from the settings.
#[derive(Debug, Clone)]
pub struct EventContext {
    /// The public base URL (for the callback URL).
    pub base_url: String,
    /// Accounts of a space.
    pub max_accounts: u32,
    /// Storage of a space in GB.
    pub storage_gb: u32,
}

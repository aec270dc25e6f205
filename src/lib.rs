//! Passeur: the back-office between associations asking for a hosted cloud
//! space and the host that provides it. See DESIGN.md and the README.

pub mod applications;
pub mod config;
pub mod db;
pub mod fixtures;
pub mod host;
pub mod i18n;
pub mod jobs;
pub mod mail;
pub mod metrics;
pub mod moderation;
pub mod privacy;
pub mod startup;
pub mod state;
pub mod statistics;
pub mod templates;
pub mod web;
pub mod webhooks;

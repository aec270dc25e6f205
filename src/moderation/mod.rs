//! Moderation: for now the audit log that every transition writes; accounts,
//! sessions and decisions build on it.

pub mod audit;

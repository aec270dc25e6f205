//! The whole suite through the real surface: one test binary (fast to
//! link), each test on SQLite and, when configured, on PostgreSQL.

mod helpers;

mod attacks;
mod cli;
mod confirmation;
mod faults;
mod group_commit;
mod intake;
mod lifecycle;
mod moderation;
mod moderation_queue;
mod pages;
mod privacy;
mod receiver;
mod settings;
mod statistics;
mod submission_form;
mod submission_json;
mod webhooks;

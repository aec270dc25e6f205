//! The `passeur` binary itself: commands and their messages.

use std::process::Command;

use crate::helpers::{Backend, TestDb};

fn passeur(db_url: &str, args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_passeur"))
        .args(args)
        .current_dir(dir.path())
        .env("PASSEUR_DATABASE_URL", db_url)
        .env("PASSEUR_LOG", "warn")
        .output()
        .expect("the passeur binary runs")
}

#[test]
fn a_database_url_with_an_unknown_scheme_is_refused_with_the_scheme_named() {
    let out = passeur("mysql://root@localhost/passeur", &["migrate"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("\"mysql\""), "{stderr}");
    assert!(stderr.contains("sqlite://"), "{stderr}");
}

#[test]
fn an_unreachable_postgres_is_reported_as_postgres() {
    let out = passeur("postgres://nobody@127.0.0.1:1/none", &["migrate"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("PostgreSQL"), "{stderr}");
}

fn migrate_then_load_fixtures_then_purge(backend: Backend) {
    let db = TestDb::new(backend);
    let out = passeur(&db.url, &["migrate"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("migration(s) applied"));
    let again = passeur(&db.url, &["migrate"]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 migration(s) applied"));

    let fixtures = passeur(&db.url, &["fixtures", "load"]);
    assert!(
        fixtures.status.success(),
        "{}",
        String::from_utf8_lossy(&fixtures.stderr)
    );
    let stdout = String::from_utf8_lossy(&fixtures.stdout);
    let loaded: usize = stdout.split_whitespace().next().unwrap().parse().unwrap();
    assert!(loaded >= 50, "{stdout}");

    let purge = passeur(&db.url, &["purge", "--dry-run"]);
    assert!(purge.status.success());
    assert!(String::from_utf8_lossy(&purge.stdout).contains("would be deleted"));
}

#[test]
fn migrate_fixtures_and_purge_work_from_the_command_line_on_sqlite() {
    migrate_then_load_fixtures_then_purge(Backend::Sqlite);
}

#[test]
fn migrate_fixtures_and_purge_work_from_the_command_line_on_postgres() {
    if Backend::postgres_skipped() {
        return;
    }
    migrate_then_load_fixtures_then_purge(Backend::Postgres);
}

//! SQLite's trigram index of the applications' search texts, in a database
//! file of its own beside the main one (`passeur.db-search`), attached to
//! every connection as `search` and filled by a thread of its own.
//!
//! FTS5 spends about a hundred microseconds tokenising a text, which was a
//! third of the one writer's time per submission when the index lived in
//! the main file: a file has one write lock, so whoever indexed made every
//! write wait. Here the index has its own lock. The triggers of
//! `applications` note the key of each text that changes in
//! `application_search_pending` (migration
//! `000018_search_in_a_file_of_its_own`), in order; the [`SearchIndexer`]
//! puts the texts of the changed keys, as they now stand, into the index
//! in batches and commits, in the index's file and in the same
//! transaction, the last change it took (`application_search_progress`);
//! the writers then delete the changes up to there (see
//! [`FORGET_INDEXED`]). Meanwhile the search reads the changed
//! applications beside the index (see [`super::backend::term_match`]).
//!
//! The index is derived data: should its file be missing, or behind or
//! ahead of the database (a file restored from a backup), it is built again
//! from the applications, in one transaction, while the search reads the
//! texts themselves.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::sqlite::SqliteConnection;
use prometheus_client::metrics::counter::Counter;

use super::{DbConn, DbTarget};

pub mod candidates;
pub mod trigrams;

/// The index's file for the SQLite database `database`: beside it, with
/// the same options when it is a `file:` URI (SQLite reads the name given
/// to `ATTACH` as a URI too). A database in memory has its index in
/// memory.
pub fn file_of(database: &str) -> String {
    match database.split_once('?') {
        _ if database == ":memory:" => database.to_string(),
        Some((file, options)) if database.starts_with("file:") => {
            format!("{file}-search?{options}")
        }
        _ => format!("{database}-search"),
    }
}

/// Attaches the index's file of `database` to `conn` as `search`, with
/// its log and its progress table. Each connection flushes the index's
/// commits (`synchronous = FULL`): only the indexing thread writes there,
/// once a batch, and a commit the writers trust must not be lost.
pub(super) fn attach(conn: &mut SqliteConnection, database: &str) -> QueryResult<()> {
    diesel::sql_query("ATTACH DATABASE ? AS search")
        .bind::<Text, _>(file_of(database))
        .execute(conn)?;
    conn.batch_execute(
        "PRAGMA search.journal_mode = WAL;
         PRAGMA search.synchronous = FULL;
         CREATE TABLE IF NOT EXISTS search.application_search_progress (upto INTEGER NOT NULL);",
    )?;
    conn.batch_execute(trigrams::TABLES)
}

/// Deletes the waiting changes that the index has applied: run by every
/// write transaction just before it commits (see
/// [`super::backend::write_transaction`]), which holds the main file's lock
/// already. Before the index's first build there is no progress row, and
/// nothing goes.
pub const FORGET_INDEXED: &str = "DELETE FROM application_search_pending \
     WHERE seq <= (SELECT upto FROM search.application_search_progress);";

/// Changes applied in one transaction at most, so that a backlog (after a
/// burst, or at a start) is indexed in steps that each end soon. FTS5
/// writes a segment per transaction, and a text costs less in a larger one
/// (about 66 µs in batches of 30, 31 µs in batches of 500).
const BATCH: i64 = 5_000;

/// Changes that make the thread index at once rather than at its next
/// second: a text costs half as much in a batch of 500 as in one of 30.
const FULL_BATCH: i64 = 500;

/// How often the thread looks for waiting changes.
const POLL: Duration = Duration::from_millis(100);

/// How long the thread waits after a failure before it tries again.
const RETRY: Duration = Duration::from_secs(5);

/// How long a change may wait for [`FULL_BATCH`] others.
const MOST_WAIT: Duration = Duration::from_secs(1);

/// What one step of indexing did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Nothing was waiting.
    Idle,
    /// This many changes were applied.
    Applied(i64),
    /// The index was built again from the applications (it was missing,
    /// or out of step with the database), this many texts.
    Rebuilt(i64),
}

/// Where the index and the waiting changes stand, read by a step.
#[derive(QueryableByName)]
struct State {
    /// The last change the index holds; none before its first build.
    #[diesel(sql_type = Nullable<BigInt>)]
    upto: Option<i64>,
    /// The first change still kept; none if the writers deleted them all.
    #[diesel(sql_type = Nullable<BigInt>)]
    first_kept: Option<i64>,
    /// The last change ever noted.
    #[diesel(sql_type = BigInt)]
    last: i64,
    #[diesel(sql_type = BigInt)]
    has_index: i64,
}

impl State {
    /// The index's progress if it is in step: it holds every change the
    /// writers deleted (they delete whole prefixes) and none the database
    /// never made.
    fn in_step(&self) -> Option<i64> {
        let deleted_upto = self.first_kept.map_or(self.last, |first| first - 1);
        self.upto
            .filter(|&upto| self.has_index > 0 && upto >= deleted_upto && upto <= self.last)
    }
}

/// How many changes wait for the index (all of them before its first
/// build): read without any lock, to decide whether to index now.
pub fn waiting(conn: &mut SqliteConnection) -> QueryResult<i64> {
    #[derive(QueryableByName)]
    struct Waiting {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    diesel::sql_query(
        "SELECT coalesce((SELECT max(seq) FROM application_search_pending), 0) \
              - coalesce((SELECT upto FROM search.application_search_progress), 0) AS n",
    )
    .get_result::<Waiting>(conn)
    .map(|w| w.n.max(0))
}

/// A write that changes nothing, as the first statement of a transaction
/// that writes to the index: it takes the index's lock, waiting for it if
/// need be, before the transaction reads anything. A transaction that
/// read first could not write once another connection had committed to
/// the index meanwhile, and SQLite says so at once ("database is locked")
/// rather than waiting.
pub(super) const TAKE_INDEX_LOCK: &str =
    "UPDATE search.application_search_progress SET upto = upto;";

/// Applies up to [`BATCH`] waiting changes to the index, in the order they
/// were made, in one transaction of the index's file; or builds the index
/// again if it is missing or out of step with the database.
///
/// The transaction takes the index's lock first and only then reads the
/// main file, so that what it reads is at least as recent as the progress
/// it finds; it never takes the main file's lock. Any number of threads
/// and processes may call this: they take turns.
pub fn index_waiting(conn: &mut SqliteConnection) -> QueryResult<Step> {
    conn.transaction(|c| {
        c.batch_execute(TAKE_INDEX_LOCK)?;
        let state = diesel::sql_query(
            "SELECT (SELECT upto FROM search.application_search_progress) AS upto, \
                (SELECT min(seq) FROM application_search_pending) AS first_kept, \
                coalesce((SELECT seq FROM sqlite_sequence \
                          WHERE name = 'application_search_pending'), 0) AS last, \
                (SELECT count(*) FROM search.sqlite_master \
                 WHERE name = 'application_search') AS has_index",
        )
        .get_result::<State>(c)?;
        match state.in_step() {
            Some(upto) => apply(c, upto, state.last.min(upto + BATCH)),
            None => rebuild(c, state.last),
        }
    })
}

/// Applies the changes after `upto` up to `to`: every key they touch leaves
/// the index, then goes back in with the text its application now has
/// (none if the application is gone).
fn apply(c: &mut SqliteConnection, upto: i64, to: i64) -> QueryResult<Step> {
    if to <= upto {
        return Ok(Step::Idle);
    }
    diesel::sql_query(
        "DELETE FROM search.application_search WHERE rowid IN \
            (SELECT key FROM application_search_pending WHERE seq > ?1 AND seq <= ?2)",
    )
    .bind::<BigInt, _>(upto)
    .bind::<BigInt, _>(to)
    .execute(c)?;
    diesel::sql_query(CHANGED_TEXTS)
        .bind::<BigInt, _>(upto)
        .bind::<BigInt, _>(to)
        .execute(c)?;
    set_progress(c, to)?;
    Ok(Step::Applied(to - upto))
}

/// The texts, as they now stand, of the keys changed between two `seq`:
/// read from the changes, then one look-up of each key and application
/// (`CROSS JOIN` keeps SQLite from starting anywhere else).
const CHANGED_TEXTS: &str = "INSERT INTO search.application_search (rowid, search_text) \
     SELECT k.key, a.search_text \
     FROM (SELECT DISTINCT key FROM application_search_pending \
           WHERE seq > ?1 AND seq <= ?2) p \
     CROSS JOIN application_search_keys k ON k.key = p.key \
     CROSS JOIN applications a ON a.id = k.application_id";

/// Builds the index again from every application's text, as of the last
/// change `last` (the same snapshot of the main file).
fn rebuild(c: &mut SqliteConnection, last: i64) -> QueryResult<Step> {
    c.batch_execute(
        "DROP TABLE IF EXISTS search.application_search;
         CREATE VIRTUAL TABLE search.application_search
             USING fts5(search_text, tokenize = 'trigram', detail = 'none');
         INSERT INTO search.application_search (application_search, rank) VALUES ('automerge', 8);
         INSERT INTO search.application_search (application_search, rank) VALUES ('pgsz', 4000);
         DELETE FROM search.application_search_progress;",
    )?;
    c.batch_execute(trigrams::FORGET)?;
    let texts = diesel::sql_query(
        "INSERT INTO search.application_search (rowid, search_text) \
         SELECT k.key, a.search_text \
         FROM application_search_keys k JOIN applications a ON a.id = k.application_id",
    )
    .execute(c)?;
    diesel::sql_query("INSERT INTO search.application_search_progress (upto) VALUES (?)")
        .bind::<BigInt, _>(last)
        .execute(c)?;
    Ok(Step::Rebuilt(texts as i64))
}

fn set_progress(c: &mut SqliteConnection, upto: i64) -> QueryResult<()> {
    diesel::sql_query("UPDATE search.application_search_progress SET upto = ?")
        .bind::<BigInt, _>(upto)
        .execute(c)
        .map(drop)
}

/// Indexes until nothing waits: for a caller that must find the index
/// whole (the benchmark's bulk load). Nothing on PostgreSQL.
pub fn catch_up(conn: &mut DbConn) -> QueryResult<()> {
    if let DbConn::Sqlite(c) = conn {
        let counters = SearchCounters::default();
        while index_and_count(c, &counters)? != Step::Idle {}
    }
    Ok(())
}

/// One step of [`index_waiting`], then a count of the trigrams if one is
/// due (also after a step that found nothing waiting: an index never
/// counted, after an upgrade, is counted then), told to `counters`.
fn index_and_count(c: &mut SqliteConnection, counters: &SearchCounters) -> QueryResult<Step> {
    let step = index_waiting(c)?;
    match step {
        Step::Idle => {}
        Step::Applied(n) => drop(counters.applied.inc_by(n as u64)),
        Step::Rebuilt(_) => drop(counters.rebuilds.inc()),
    }
    if trigrams::count_if_due(c)? {
        counters.counts.inc();
    }
    Ok(step)
}

/// What the indexing thread did, for `/metrics`.
#[derive(Debug, Clone, Default)]
pub struct SearchCounters {
    /// Changes applied to the index.
    pub applied: Counter,
    /// Builds of the whole index.
    pub rebuilds: Counter,
    /// Counts of the texts of each trigram (see [`trigrams`]).
    pub counts: Counter,
}

/// The thread that fills the index of a SQLite database; it ends when
/// this is dropped.
#[derive(Debug)]
pub struct SearchIndexer {
    _stop: mpsc::Sender<()>,
}

impl SearchIndexer {
    /// Starts the indexing thread of `target` (none on PostgreSQL, whose
    /// index is kept by the database itself). It looks every
    /// [`POLL`] for waiting changes and indexes them once [`FULL_BATCH`]
    /// wait, or once the oldest has waited [`MOST_WAIT`].
    pub fn start(
        target: &DbTarget,
        counters: SearchCounters,
    ) -> std::io::Result<Option<SearchIndexer>> {
        let DbTarget::Sqlite(_) = target else {
            return Ok(None);
        };
        let target = target.clone();
        let (stop, stopped) = mpsc::channel::<()>();
        std::thread::Builder::new()
            .name("passeur-search".into())
            .spawn(move || {
                let mut conn = None;
                // When the thread last indexed; none on a new connection,
                // whose first round looks at the index whatever waits.
                let mut last_step: Option<Instant> = None;
                let mut wait = POLL;
                while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(wait) {
                    wait = POLL;
                    // Its own connection: one of the pool would be one
                    // fewer for the readers.
                    if conn.is_none() {
                        last_step = None;
                        match target.connect() {
                            Ok(c) => conn = Some(c),
                            Err(e) => {
                                tracing::warn!(error = %e, "cannot open the search indexer's connection");
                                wait = RETRY;
                                continue;
                            }
                        }
                    }
                    let Some(DbConn::Sqlite(c)) = conn.as_mut() else {
                        continue;
                    };
                    match step(c, last_step.map(|t| t.elapsed()), &counters) {
                        Ok(true) => last_step = Some(Instant::now()),
                        Ok(false) => {}
                        Err(e) => {
                            // The search reads the waiting texts meanwhile;
                            // try again with a new connection, a while
                            // later (a full disk, say, would otherwise
                            // log ten warnings a second).
                            tracing::warn!(error = %e, "the search index was not updated");
                            conn = None;
                            wait = RETRY;
                        }
                    }
                }
            })?;
        Ok(Some(SearchIndexer { _stop: stop }))
    }
}

/// One round of the thread, `since` its last indexing (none at its
/// first round): indexes if a full batch waits, or anything does and the
/// oldest may have waited [`MOST_WAIT`], until less than a full batch
/// waits. The first round always looks at the index, which may be missing
/// or out of step with nothing waiting. Whether it indexed.
fn step(
    c: &mut SqliteConnection,
    since: Option<Duration>,
    counters: &SearchCounters,
) -> QueryResult<bool> {
    if let Some(since) = since {
        let waiting = waiting(c)?;
        if waiting == 0 || (waiting < FULL_BATCH && since < MOST_WAIT) {
            return Ok(false);
        }
    }
    loop {
        let step = index_and_count(c, counters)?;
        if step == Step::Idle || waiting(c)? < FULL_BATCH {
            return Ok(true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::backend::{term_match, write_transaction, TermMatch};
    use crate::db::testing::{migrated, plan, sqlite};

    #[derive(QueryableByName)]
    struct Key {
        #[diesel(sql_type = BigInt)]
        key: i64,
    }

    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = Text)]
        id: String,
    }

    /// The keys whose indexed text holds `trigram`, as the index alone says.
    fn indexed(conn: &mut DbConn, trigram: &str) -> Vec<i64> {
        diesel::sql_query(
            "SELECT rowid AS key FROM search.application_search \
             WHERE application_search MATCH ? ORDER BY rowid",
        )
        .bind::<Text, _>(format!("\"{trigram}\""))
        .load::<Key>(sqlite(conn))
        .unwrap()
        .into_iter()
        .map(|k| k.key)
        .collect()
    }

    fn key_of(conn: &mut DbConn, id: &str) -> i64 {
        diesel::sql_query("SELECT key FROM application_search_keys WHERE application_id = ?")
            .bind::<Text, _>(id)
            .get_result::<Key>(sqlite(conn))
            .unwrap()
            .key
    }

    fn pending(conn: &mut DbConn) -> i64 {
        diesel::sql_query("SELECT count(*) AS key FROM application_search_pending")
            .get_result::<Key>(sqlite(conn))
            .unwrap()
            .key
    }

    /// Runs `sql` in a write transaction, as any write of Passeur would be.
    fn write(conn: &mut DbConn, sql: &str) {
        write_transaction(conn, |c| diesel::sql_query(sql).execute(c)).unwrap();
    }

    fn candidates(conn: &mut DbConn, term: &str) -> Vec<String> {
        match term_match(conn, term) {
            TermMatch::Indexed { candidates, .. } => candidates.into_iter().map(|c| c.id).collect(),
            other => panic!("{term}: {other:?}"),
        }
    }

    fn loaded(dir: &tempfile::TempDir) -> (crate::db::PooledConn, i64) {
        let mut conn = migrated(dir);
        let report = crate::fixtures::load(&mut conn, None, &Default::default()).unwrap();
        (conn, report.loaded as i64)
    }

    #[test]
    fn the_index_lies_beside_its_database_with_the_same_options() {
        assert_eq!(file_of("passeur.db"), "passeur.db-search");
        assert_eq!(
            file_of("/var/lib/passeur/p.db"),
            "/var/lib/passeur/p.db-search"
        );
        assert_eq!(
            file_of("file:passeur.db?mode=rwc"),
            "file:passeur.db-search?mode=rwc"
        );
        assert_eq!(file_of(":memory:"), ":memory:");
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:file:{}?mode=rwc", dir.path().join("p.db").display());
        drop(crate::db::build_pool(&url, 2).unwrap().get().unwrap());
        assert!(dir.path().join("p.db-search").exists());
    }

    #[test]
    fn the_first_step_builds_the_index_and_the_writers_then_forget_the_changes_it_holds() {
        let dir = tempfile::tempdir().unwrap();
        let (mut conn, loaded) = loaded(&dir);
        assert!(loaded > 10);
        assert_eq!(waiting(sqlite(&mut conn)).unwrap(), loaded);
        assert!(
            matches!(
                term_match(&mut conn, "association"),
                TermMatch::Scanned { .. }
            ),
            "with no index yet, the texts themselves are read"
        );
        assert_eq!(
            index_waiting(sqlite(&mut conn)).unwrap(),
            Step::Rebuilt(loaded)
        );
        assert_eq!(waiting(sqlite(&mut conn)).unwrap(), 0);
        assert_eq!(
            pending(&mut conn),
            loaded,
            "kept until a write forgets them"
        );
        write(
            &mut conn,
            "UPDATE settings SET value = value WHERE key = 'secret_key'",
        );
        assert_eq!(pending(&mut conn), 0);
        assert_eq!(index_waiting(sqlite(&mut conn)).unwrap(), Step::Idle);
    }

    #[test]
    fn changed_and_deleted_texts_are_found_while_waiting_and_applied_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let (mut conn, _) = loaded(&dir);
        index_waiting(sqlite(&mut conn)).unwrap();
        let ids: Vec<String> = diesel::sql_query("SELECT id FROM applications ORDER BY id LIMIT 2")
            .load::<Id>(sqlite(&mut conn))
            .unwrap()
            .into_iter()
            .map(|i| i.id)
            .collect();
        let (changed, deleted) = (&ids[0], &ids[1]);
        let (changed_key, deleted_key) = (key_of(&mut conn, changed), key_of(&mut conn, deleted));
        assert_eq!(indexed(&mut conn, "qxw"), Vec::<i64>::new());
        write(
            &mut conn,
            &format!(
                "UPDATE applications SET search_text = 'qxwzy kermesse' WHERE id = '{changed}'"
            ),
        );
        write(
            &mut conn,
            &format!("DELETE FROM decisions WHERE application_id = '{deleted}'"),
        );
        write(
            &mut conn,
            &format!("DELETE FROM applications WHERE id = '{deleted}'"),
        );
        assert_eq!(pending(&mut conn), 2, "the change and the deletion wait");
        assert_eq!(
            candidates(&mut conn, "qxwzy"),
            std::slice::from_ref(changed),
            "a waiting text is found"
        );
        assert_eq!(indexed(&mut conn, "qxw"), Vec::<i64>::new());
        assert!(indexed(&mut conn, "ass").contains(&deleted_key));

        assert_eq!(index_waiting(sqlite(&mut conn)).unwrap(), Step::Applied(2));
        assert_eq!(indexed(&mut conn, "qxw"), [changed_key]);
        assert!(
            !indexed(&mut conn, "ass").contains(&changed_key),
            "the old text left"
        );
        assert!(!indexed(&mut conn, "ass").contains(&deleted_key));
        assert_eq!(
            candidates(&mut conn, "qxwzy"),
            std::slice::from_ref(changed),
            "a change applied is read from the index alone, though still kept"
        );
        write(
            &mut conn,
            "UPDATE settings SET value = value WHERE key = 'secret_key'",
        );
        assert_eq!(pending(&mut conn), 0);
        assert_eq!(
            candidates(&mut conn, "qxwzy"),
            std::slice::from_ref(changed),
            "found in the index"
        );
    }

    #[test]
    fn a_key_given_again_gets_the_text_it_now_names_whatever_the_batches() {
        let dir = tempfile::tempdir().unwrap();
        let (mut conn, _) = loaded(&dir);
        let last = diesel::sql_query(
            "SELECT application_id AS id FROM application_search_keys ORDER BY key DESC LIMIT 1",
        )
        .get_result::<Id>(sqlite(&mut conn))
        .unwrap()
        .id;
        let key = key_of(&mut conn, &last);
        let set = |conn: &mut DbConn, id: &str, text: &str| {
            write(
                conn,
                &format!("UPDATE applications SET search_text = '{text}' WHERE id = '{id}'"),
            )
        };
        set(&mut conn, &last, "kqjwx1");
        index_waiting(sqlite(&mut conn)).unwrap();
        assert_eq!(indexed(&mut conn, "wx1"), [key]);
        // The application with the last key goes, and another (its copy
        // under another id) gets the same key, then a new text: one batch.
        write(
            &mut conn,
            &format!("CREATE TEMP TABLE copy AS SELECT * FROM applications WHERE id = '{last}'"),
        );
        write(
            &mut conn,
            &format!("DELETE FROM decisions WHERE application_id = '{last}'"),
        );
        write(
            &mut conn,
            &format!("DELETE FROM applications WHERE id = '{last}'"),
        );
        write(
            &mut conn,
            "UPDATE temp.copy SET id = 'copy', search_text = 'kqjwx2'",
        );
        write(
            &mut conn,
            "INSERT INTO applications SELECT * FROM temp.copy",
        );
        assert_eq!(key_of(&mut conn, "copy"), key, "the key is given again");
        set(&mut conn, "copy", "kqjwx3");
        assert_eq!(index_waiting(sqlite(&mut conn)).unwrap(), Step::Applied(3));
        assert_eq!(indexed(&mut conn, "kqj"), [key]);
        assert_eq!(
            indexed(&mut conn, "wx3"),
            [key],
            "the text as it now stands"
        );
        assert_eq!(indexed(&mut conn, "wx1"), Vec::<i64>::new());
        assert_eq!(indexed(&mut conn, "wx2"), Vec::<i64>::new());
        write(&mut conn, "DELETE FROM applications WHERE id = 'copy'");
        assert_eq!(index_waiting(sqlite(&mut conn)).unwrap(), Step::Applied(1));
        assert_eq!(indexed(&mut conn, "kqj"), Vec::<i64>::new());
    }

    #[test]
    fn an_index_missing_or_out_of_step_with_the_database_is_built_again() {
        let dir = tempfile::tempdir().unwrap();
        let (mut conn, loaded) = loaded(&dir);
        index_waiting(sqlite(&mut conn)).unwrap();
        // Behind: the writers forgot changes it does not hold.
        write(
            &mut conn,
            "UPDATE settings SET value = value WHERE key = 'secret_key'",
        );
        assert_eq!(pending(&mut conn), 0);
        write(
            &mut conn,
            "UPDATE search.application_search_progress SET upto = 0",
        );
        assert_eq!(
            index_waiting(sqlite(&mut conn)).unwrap(),
            Step::Rebuilt(loaded)
        );
        // Ahead: it holds changes the database never made.
        write(
            &mut conn,
            "UPDATE search.application_search_progress SET upto = 1000000",
        );
        assert_eq!(
            index_waiting(sqlite(&mut conn)).unwrap(),
            Step::Rebuilt(loaded)
        );
        write(
            &mut conn,
            "UPDATE settings SET value = value WHERE key = 'secret_key'",
        );
        // Missing: its files deleted while Passeur was stopped.
        drop(conn);
        for suffix in ["", "-wal", "-shm"] {
            let file = dir.path().join(format!("passeur.db-search{suffix}"));
            let _ = std::fs::remove_file(file);
        }
        let mut conn = migrated(&dir);
        assert_eq!(waiting(sqlite(&mut conn)).unwrap(), 0, "nothing waits");
        assert_eq!(
            index_waiting(sqlite(&mut conn)).unwrap(),
            Step::Rebuilt(loaded)
        );
        assert!(!candidates(&mut conn, "association").is_empty());
    }

    #[test]
    fn the_changes_are_read_by_their_order_and_each_key_looked_up() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = migrated(&dir);
        index_waiting(sqlite(&mut conn)).unwrap();
        for sql in [CHANGED_TEXTS, crate::db::backend::TERM_CANDIDATES] {
            let steps = plan(&mut conn, sql);
            // By name or by the statement's alias (`p`, `k`, `a`).
            let table = |d: &String| d.split(' ').nth(1).unwrap_or("").to_string();
            assert!(
                steps.iter().any(|d| d.starts_with("SEARCH ")
                    && ["application_search_pending", "p"].contains(&table(d).as_str())
                    && d.contains("USING INTEGER PRIMARY KEY (rowid>?")),
                "the changes by their order: {steps:?}"
            );
            let scanned = ["applications", "application_search_keys", "a", "k"];
            assert!(
                !steps
                    .iter()
                    .any(|d| d.starts_with("SCAN ") && scanned.contains(&table(d).as_str())),
                "no application nor key read but those changed: {steps:?}"
            );
        }
    }

    #[test]
    fn the_thread_indexes_what_waits_and_stops_with_its_handle() {
        let dir = tempfile::tempdir().unwrap();
        let (mut conn, loaded) = loaded(&dir);
        let url = dir.path().join("passeur.db").display().to_string();
        let counters = SearchCounters::default();
        let indexer = SearchIndexer::start(&DbTarget::Sqlite(url), counters.clone())
            .unwrap()
            .expect("a thread for SQLite");
        let deadline = Instant::now() + Duration::from_secs(10);
        while counters.rebuilds.get() == 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(counters.rebuilds.get(), 1);
        while counters.counts.get() == 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(counters.counts.get(), 1, "counted once built");
        write(
            &mut conn,
            "UPDATE applications SET search_text = search_text || ' qxwzy'",
        );
        while counters.applied.get() < loaded as u64 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(counters.applied.get(), loaded as u64, "within a second");
        assert_eq!(indexed(&mut conn, "xwz").len() as i64, loaded);
        drop(indexer);
        write(
            &mut conn,
            "UPDATE applications SET search_text = search_text || ' zz'",
        );
        std::thread::sleep(MOST_WAIT + POLL * 3);
        assert_eq!(
            counters.applied.get(),
            loaded as u64,
            "the thread has stopped"
        );
        // An index never counted (made before the counts were) is counted
        // at the first round of a thread, with nothing waiting.
        write(&mut conn, trigrams::FORGET);
        let url = dir.path().join("passeur.db").display().to_string();
        let indexer = SearchIndexer::start(&DbTarget::Sqlite(url), counters.clone()).unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while counters.counts.get() == 1 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(counters.counts.get(), 2);
        drop(indexer);
        assert!(
            SearchIndexer::start(&DbTarget::Postgres("postgres://x".into()), counters)
                .unwrap()
                .is_none()
        );
    }
}

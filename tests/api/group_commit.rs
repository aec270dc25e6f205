//! Group commit: writes queued while the writer is busy share one commit,
//! each caller gets its own answer, and a write that fails is rolled back
//! alone while the rest of its group commits (and is found by the search).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};

use diesel::prelude::*;
use passeur::db::schema::settings;
use passeur::db::DbError;
use passeur::state::SharedState;

use crate::helpers::{spawn_app, Backend};
use crate::on_both_backends;

/// Occupies every writer lane with a write that waits; the returned senders
/// let them go. Each lane is taken before the next write is queued, so that
/// one lane never takes two of them in a group.
async fn occupy_every_lane(state: &SharedState) -> Vec<mpsc::Sender<()>> {
    let mut releases = Vec::new();
    for _ in 0..state.writes.lanes().count {
        let (running, is_running) = tokio::sync::oneshot::channel::<()>();
        let (release, released) = mpsc::channel::<()>();
        let mut running = Some(running);
        drop(state.write(move |_conn| {
            if let Some(running) = running.take() {
                let _ = running.send(());
            }
            let _ = released.recv();
            Ok::<_, DbError>(())
        }));
        is_running.await.expect("the waiting write runs");
        releases.push(release);
    }
    releases
}

/// A write that stores `key` in the settings and answers `answer`.
fn store(
    state: &SharedState,
    key: String,
    answer: usize,
) -> impl std::future::Future<Output = Result<usize, DbError>> {
    state.write(move |conn| {
        diesel::insert_into(settings::table)
            .values((settings::key.eq(&key), settings::value.eq("1")))
            .execute(conn)?;
        Ok(answer)
    })
}

async fn keys_starting_with(app: &crate::helpers::TestApp, prefix: &str) -> Vec<String> {
    let pattern = format!("{prefix}%");
    app.db(move |c| {
        settings::table
            .filter(settings::key.like(pattern))
            .select(settings::key)
            .order(settings::key)
            .load::<String>(c)
            .unwrap()
    })
    .await
}

async fn writes_queued_behind_a_busy_writer_share_one_commit_and_each_gets_its_answer(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let state = app.state.clone();
    let releases = occupy_every_lane(&state).await;
    let groups = &state.metrics.groups;
    let (before, writes_before) = (groups.committed.get(), groups.writes.get());
    let answers: Vec<_> = (0..40)
        .map(|i| tokio::spawn(store(&state, format!("grouped-{i:02}"), i)))
        .collect();
    for release in releases {
        release.send(()).unwrap();
    }
    for (i, answer) in answers.into_iter().enumerate() {
        assert_eq!(
            answer.await.unwrap().unwrap(),
            i,
            "each write its own answer"
        );
    }
    let lanes = state.writes.lanes();
    let commits = groups.committed.get() - before;
    let fewest = (lanes.count + 40usize.div_ceil(lanes.group_size)) as u64;
    // The server's workers write too (their claims join the groups on
    // SQLite), and one may come after the 40 and commit alone: each such
    // write allows one commit more, never the 40 apart.
    let others = (groups.writes.get() - writes_before).saturating_sub((lanes.count + 40) as u64);
    assert!(
        (fewest..=fewest + others).contains(&commits),
        "the waiting writes committed once each, the 40 queued behind them in as few groups \
         as fit: {commits} commits, {fewest} expected, {others} writes of the workers beside"
    );
    assert_eq!(keys_starting_with(&app, "grouped-").await.len(), 40);
}

async fn a_write_that_fails_is_rolled_back_alone_and_the_rest_of_its_group_commits(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let state = app.state.clone();
    let releases = occupy_every_lane(&state).await;
    let replayed = state.metrics.groups.replayed.get();
    let first = tokio::spawn(store(&state, "mixed-a".into(), 1));
    let runs = Arc::new(AtomicUsize::new(0));
    let failing = {
        let runs = runs.clone();
        tokio::spawn(state.write(move |conn| {
            runs.fetch_add(1, Ordering::SeqCst);
            diesel::insert_into(settings::table)
                .values((settings::key.eq("mixed-b"), settings::value.eq("1")))
                .execute(conn)?;
            Err::<(), _>(DbError::Task("refused after its insert".into()))
        }))
    };
    let last = tokio::spawn(store(&state, "mixed-c".into(), 3));
    for release in releases {
        release.send(()).unwrap();
    }
    assert_eq!(first.await.unwrap().unwrap(), 1);
    let refused = failing.await.unwrap().unwrap_err();
    assert!(
        refused.to_string().contains("refused after its insert"),
        "the failing write gets its own error: {refused}"
    );
    assert_eq!(last.await.unwrap().unwrap(), 3);
    assert_eq!(
        keys_starting_with(&app, "mixed-").await,
        ["mixed-a", "mixed-c"],
        "the failing write's insert is rolled back, the others stand"
    );
    assert_eq!(
        runs.load(Ordering::SeqCst),
        2,
        "the failing write ran in its group, then alone"
    );
    assert_eq!(state.metrics.groups.replayed.get(), replayed + 1);
}

async fn a_write_that_panics_is_refused_and_the_writer_goes_on(backend: Backend) {
    let app = spawn_app(backend).await;
    let state = app.state.clone();
    for _ in 0..state.writes.lanes().count {
        let panicked = state
            .write(|_conn| -> Result<(), DbError> { panic!("a write that panics") })
            .await;
        assert!(panicked.is_err(), "the caller hears its write failed");
    }
    assert_eq!(
        store(&state, "after-the-panic".into(), 7).await.unwrap(),
        7,
        "every lane still commits"
    );
    assert_eq!(keys_starting_with(&app, "after-the-panic").await.len(), 1);
}

/// `PRAGMA synchronous` of every connection the pool can lend (2: FULL),
/// taken all at once so that each is read; empty on PostgreSQL. A
/// connection another task holds for a moment is waited for; the one the
/// SQLite lane keeps for its groups is not lent while it keeps it (after
/// losing its own, the lane takes a new one at its next group, which a job
/// or delivery claim may start at any time).
async fn synchronous_of_the_pool(state: &SharedState) -> Vec<i32> {
    #[derive(QueryableByName)]
    struct Mode {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        synchronous: i32,
    }
    let pool = state.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conns: Vec<_> = (0..pool.max_size())
            .map_while(|_| pool.get_timeout(std::time::Duration::from_secs(2)).ok())
            .collect();
        conns
            .iter_mut()
            .filter_map(|conn| match &mut **conn {
                passeur::db::DbConn::Sqlite(c) => Some(
                    diesel::sql_query("PRAGMA synchronous")
                        .get_result::<Mode>(c)
                        .unwrap()
                        .synchronous,
                ),
                passeur::db::DbConn::Pg(_) => None,
            })
            .collect()
    })
    .await
    .unwrap()
}

async fn a_write_is_answered_once_its_log_is_flushed_and_the_pool_still_flushes_at_each_commit(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let state = app.state.clone();
    let flushes = state.metrics.groups.flushes.get();
    assert_eq!(store(&state, "flushed".into(), 1).await.unwrap(), 1);
    let flushed = state.metrics.groups.flushes.get() - flushes;
    match backend {
        // The writer's commit writes the log; its flusher flushes it, and
        // only then is the write answered.
        Backend::Sqlite => assert!(flushed >= 1, "answered before the flush"),
        // Each commit flushes by itself.
        Backend::Postgres => assert_eq!(flushed, 0),
    }
    // A write that panics takes the writer's connection with it (it was
    // in a transaction, so the pool discards it); the lane readies another
    // and every connection left in the pool still flushes at each commit.
    for _ in 0..state.writes.lanes().count {
        let _ = state
            .write(|_conn| -> Result<(), DbError> { panic!("a write that panics") })
            .await;
    }
    // The lane's next group readies its new connection, which it keeps.
    assert_eq!(store(&state, "readied".into(), 3).await.unwrap(), 3);
    let modes = synchronous_of_the_pool(&state).await;
    assert!(
        modes.iter().all(|&m| m == 2),
        "synchronous of the pool: {modes:?}"
    );
    if backend == Backend::Sqlite {
        // Every connection but the one the lane keeps.
        let kept = state.writes.lanes().count;
        assert_eq!(modes.len() + kept, state.pool.max_size() as usize);
    }
    assert_eq!(store(&state, "after".into(), 2).await.unwrap(), 2);
}

/// The applications the search finds for `q`, by id.
async fn searched(app: &crate::helpers::TestApp, token: &str, q: &str) -> Vec<String> {
    let page = app
        .api_get(token, &format!("status=all&q={q}&limit=100"))
        .await;
    let mut ids: Vec<String> = page["items"]
        .as_array()
        .expect("a page of items")
        .iter()
        .map(|row| row["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

/// Submits, behind a writer kept busy, one application per space name of
/// `spaces`, the description of each naming its lot `q{lot}zx`; returns
/// the status and id of each answer once the writer is let go.
async fn submit_together(
    app: &crate::helpers::TestApp,
    spaces: &[(&str, usize)],
) -> Vec<(u16, Option<String>)> {
    let releases = occupy_every_lane(&app.state).await;
    let posts: Vec<_> = spaces
        .iter()
        .map(|(space, lot)| {
            let mut body = crate::helpers::valid_json();
            body["space_name"] = serde_json::json!(space);
            body["contact_email"] = serde_json::json!(format!("lot{lot}@example.org"));
            body["description"] = serde_json::json!(format!("Des pivoines, lot q{lot}zx."));
            let request = app.client.post(app.url("/api/v1/applications")).json(&body);
            tokio::spawn(async move {
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                let answer: serde_json::Value = response.json().await.unwrap();
                (status, answer["id"].as_str().map(str::to_string))
            })
        })
        .collect();
    // Time for the requests to reach the queue before the writer is free.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    for release in releases {
        release.send(()).unwrap();
    }
    let mut answers = Vec::new();
    for post in posts {
        answers.push(post.await.unwrap());
    }
    answers
}

async fn submissions_that_share_a_commit_are_each_found_by_the_search_and_a_refused_one_is_not(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let token = app.token().await;
    let replayed = app.state.metrics.groups.replayed.get();
    let first: Vec<(&str, usize)> = vec![
        ("pivoines-a", 0),
        ("pivoines-b", 1),
        ("pivoines-c", 2),
        ("pivoines-d", 3),
    ];
    let mut stored: Vec<(usize, String)> = Vec::new();
    for ((_, lot), (status, id)) in first.iter().zip(submit_together(&app, &first).await) {
        assert_eq!(status, 201, "lot {lot}");
        stored.push((*lot, id.expect("an id")));
    }
    assert_eq!(
        app.state.metrics.groups.replayed.get(),
        replayed,
        "nothing failed: no group was replayed"
    );
    // Two ask for the same space name: whichever comes second makes its
    // group roll back, and each write is replayed alone.
    let second: Vec<(&str, usize)> = vec![("pivoines-e", 4), ("pivoines-f", 5), ("pivoines-e", 6)];
    let mut refused = Vec::new();
    for ((_, lot), (status, id)) in second.iter().zip(submit_together(&app, &second).await) {
        match status {
            201 => stored.push((*lot, id.expect("an id"))),
            422 => refused.push(*lot),
            other => panic!("lot {lot}: {other}"),
        }
    }
    assert_eq!(
        refused.len(),
        1,
        "one of the two claims on a name is refused"
    );
    assert!(app.state.metrics.groups.replayed.get() > replayed);
    for (lot, id) in &stored {
        assert_eq!(
            searched(&app, &token, &format!("q{lot}zx")).await,
            std::slice::from_ref(id),
            "lot {lot}"
        );
    }
    assert!(searched(&app, &token, &format!("q{}zx", refused[0]))
        .await
        .is_empty());
    let mut all: Vec<String> = stored.into_iter().map(|(_, id)| id).collect();
    all.sort();
    assert_eq!(searched(&app, &token, "pivoines").await, all);
}

on_both_backends!(
    submissions_that_share_a_commit_are_each_found_by_the_search_and_a_refused_one_is_not,
    a_write_that_panics_is_refused_and_the_writer_goes_on,
    a_write_is_answered_once_its_log_is_flushed_and_the_pool_still_flushes_at_each_commit,
    writes_queued_behind_a_busy_writer_share_one_commit_and_each_gets_its_answer,
    a_write_that_fails_is_rolled_back_alone_and_the_rest_of_its_group_commits,
);

/// How many job announcements `listener` has received so far.
fn announcements(listener: &mut diesel::pg::PgConnection) -> usize {
    listener
        .notifications_iter()
        .map(|n| n.expect("the listener's connection"))
        .filter(|n| n.channel == "passeur_jobs")
        .count()
}

/// The writes of a group announce their new jobs once, at the end of the
/// group (PostgreSQL): the other instances' workers must still hear of
/// them.
#[tokio::test]
async fn submissions_that_share_a_commit_announce_their_jobs_to_the_other_instances() {
    if Backend::postgres_skipped() {
        return;
    }
    let app = spawn_app(Backend::Postgres).await;
    let mut listener = diesel::pg::PgConnection::establish(&app.db.url).unwrap();
    diesel::connection::SimpleConnection::batch_execute(&mut listener, "LISTEN passeur_jobs;")
        .unwrap();
    let spaces = [("annonce-a", 0), ("annonce-b", 1), ("annonce-c", 2)];
    for (status, _) in submit_together(&app, &spaces).await {
        assert_eq!(status, 201);
    }
    let heard = crate::helpers::wait_until(std::time::Duration::from_secs(10), || {
        let n = announcements(&mut listener);
        (n > 0).then_some(n)
    })
    .await;
    assert!(
        heard.is_some(),
        "no announcement of the confirmation e-mails' jobs"
    );
}

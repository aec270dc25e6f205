//! The writer alone (`--writer`): the group commit fed valid submissions by
//! tasks of the bench's own process, with no HTTP in between, and the
//! writer threads' processor time per submission read from `/proc`. What a
//! change to the writes costs, without the load generator and the request
//! threads sharing the two cores: the figure moves less from one run to
//! the next than intake over HTTP does.

use std::sync::Arc;
use std::time::Duration;

use passeur::applications::store::{self, IntakeRules, Origin};
use passeur::applications::{flags, ApplicationError, NewApplication, RawSubmission};
use passeur::db::{self, backend, GroupCommit, GroupCounters, Pool};
use passeur::i18n::Lang;

use crate::dataset::{self, Sample};
use crate::load;

/// Submits for `length` from `clients` tasks through a group commit of its
/// own over `pool` (with the server's lanes for `url`); the run, and the
/// writer threads' processor time per submission, in microseconds.
pub async fn measure(
    pool: Pool,
    url: &str,
    samples: Arc<Vec<Sample>>,
    clients: usize,
    length: Duration,
) -> (load::Run, f64) {
    let target = db::DbTarget::parse(url).expect("a database URL");
    let lanes = backend::write_lanes(&target, crate::POOL as u32);
    let writes =
        Arc::new(GroupCommit::start(pool, lanes, GroupCounters::default()).expect("the writers"));
    let rules = IntakeRules {
        expiry: chrono::TimeDelta::days(7),
        flags: flags::Thresholds::default(),
    };
    let year = chrono::Datelike::year(&chrono::Utc::now());
    let before = writers_time();
    let run = load::run(clients, length, move |n| {
        let (samples, writes) = (samples.clone(), writes.clone());
        Some(async move {
            // Parsed here, as a request's thread would, not on the writer.
            let body = dataset::json_body(&samples, "w", n);
            let Some(fields) = body.as_object() else {
                return false;
            };
            let (raw, _) = RawSubmission::from_json(fields);
            let Ok(new) = NewApplication::parse(&raw, year, Lang::Fr) else {
                return false;
            };
            let stored: Result<_, ApplicationError> = writes
                .write(move |conn| store::submit(conn, &new, Origin::Applicant, db::now(), &rules))
                .await;
            stored.is_ok()
        })
    })
    .await;
    let spent = writers_time().saturating_sub(before);
    let each = spent as f64 / 1_000.0 / (run.ok.max(1) as f64);
    (run, each)
}

/// The processor time so far of this process's writer threads, in
/// nanoseconds (`schedstat`, exact where `stat` counts in ticks).
fn writers_time() -> u64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    tasks
        .flatten()
        .filter(|task| {
            std::fs::read_to_string(task.path().join("comm"))
                .is_ok_and(|name| name.starts_with("passeur-commit"))
        })
        .filter_map(|task| std::fs::read_to_string(task.path().join("schedstat")).ok())
        .filter_map(|stat| stat.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}

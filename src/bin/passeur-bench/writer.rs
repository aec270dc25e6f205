//! The writer alone (`--writer`): the group commit fed valid submissions by
//! tasks of the bench's own process, with no HTTP in between, and the
//! writer threads' processor time per submission read from `/proc` (as the
//! server's is, [`server::cpu_of`]). What a
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
use crate::{load, server};

/// Submits for `length` from `clients` tasks through a group commit of its
/// own over `pool` (with the server's lanes for `url`); the run, and the
/// writer threads' processor time per submission.
pub async fn measure(
    pool: Pool,
    url: &str,
    samples: Arc<Vec<Sample>>,
    clients: usize,
    length: Duration,
) -> (load::Run, Duration) {
    let target = db::DbTarget::parse(url).expect("a database URL");
    let lanes = backend::write_lanes(&target, crate::POOL as u32);
    let writes =
        Arc::new(GroupCommit::start(pool, lanes, GroupCounters::default()).expect("the writers"));
    // The search index is filled beside the writer, as in the server.
    let _indexer = db::SearchIndexer::start(&target, Default::default()).expect("the indexer");
    let rules = IntakeRules {
        expiry: chrono::TimeDelta::days(7),
        flags: flags::Thresholds::default(),
    };
    let year = chrono::Datelike::year(&chrono::Utc::now());
    let before = server::cpu_of("/proc/self");
    let shared = writes.clone();
    let run = load::run(clients, length, move |n| {
        let (samples, writes) = (samples.clone(), shared.clone());
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
    // Read while the group commit still holds its threads: a thread that
    // has ended is gone from `/proc`, and its time with it.
    let spent = server::cpu_of("/proc/self") - before;
    drop(writes);
    let each = spent.per(run.ok).writers;
    (run, each)
}

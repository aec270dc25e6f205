//! The bench's data: request bodies and bulk rows drawn from the bundled
//! fixtures (their typology, statuses and texts, made unique per row), the
//! database ceiling (the submission's inserts in a plain loop through
//! diesel), and a backlog of pending webhook deliveries.

use std::time::{Duration, Instant};

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use serde_json::{Map, Value};

use passeur::applications::{text, Fields, NewApplication, RawSubmission};
use passeur::db::schema::{application_sectors, applications};
use passeur::db::{backend, DbConn, Pool};
use passeur::i18n::Lang;
use passeur::jobs::{self, Job};
use passeur::moderation::audit::{self, Actor};

const FIXTURES: &str = include_str!("../../../fixtures/applications.json");

/// One fixture: its submission fields, its status and the parsed form.
pub struct Sample {
    fields: Map<String, Value>,
    status: String,
    new: NewApplication,
}

/// The fixtures, parsed once.
pub fn samples() -> Vec<Sample> {
    let entries: Vec<Map<String, Value>> =
        serde_json::from_str(FIXTURES).expect("the bundled fixtures");
    let year = chrono::Datelike::year(&chrono::Utc::now());
    entries
        .into_iter()
        .map(|mut fields| {
            let status = fields
                .remove("status")
                .and_then(|s| s.as_str().map(str::to_string))
                .unwrap_or_else(|| "submitted".into());
            fields.remove("days_ago");
            fields.insert("accept_terms".into(), Value::Bool(true));
            let (raw, _) = RawSubmission::from_json(&fields);
            let new = NewApplication::parse(&raw, year, Lang::Fr).expect("a valid fixture");
            Sample {
                fields,
                status,
                new,
            }
        })
        .collect()
}

/// A space name and an address unique to request `n` of run `tag`.
fn unique(sample: &Sample, tag: &str, n: u64) -> (String, String) {
    let base = sample.new.space_name.as_str();
    let suffix = format!("-{tag}{n}");
    let keep = base.len().min(63 - suffix.len());
    let space = format!("{}{suffix}", base[..keep].trim_end_matches('-'));
    let email = format!("{tag}{n}.{}", sample.new.contact_email.as_str());
    (space, email)
}

/// The JSON body of submission `n`.
pub fn json_body(samples: &[Sample], tag: &str, n: u64) -> Value {
    let sample = &samples[n as usize % samples.len()];
    let (space, email) = unique(sample, tag, n);
    let mut fields = sample.fields.clone();
    fields.insert("space_name".into(), Value::String(space));
    fields.insert("contact_email".into(), Value::String(email));
    Value::Object(fields)
}

/// The same submission as the form of `/apply` sends it.
pub fn form_body(samples: &[Sample], tag: &str, n: u64) -> String {
    let Value::Object(fields) = json_body(samples, tag, n) else {
        unreachable!("a body is an object")
    };
    let mut form = form_urlencoded::Serializer::new(String::new());
    for (key, value) in &fields {
        match value {
            Value::Array(items) => {
                for item in items {
                    form.append_pair(key, item.as_str().unwrap_or_default());
                }
            }
            Value::String(s) => {
                form.append_pair(key, s);
            }
            Value::Bool(true) => {
                form.append_pair(key, "on");
            }
            Value::Number(number) => {
                form.append_pair(key, &number.to_string());
            }
            _ => {}
        }
    }
    form.finish()
}

/// SQL text literal.
fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn lit_time(t: NaiveDateTime) -> String {
    format!("'{}'", t.format("%Y-%m-%d %H:%M:%S%.6f"))
}

fn lit_opt_time(t: Option<NaiveDateTime>) -> String {
    t.map_or_else(|| "NULL".into(), lit_time)
}

/// Where row `i` of `total` stands in time: spread evenly over three years,
/// oldest first.
fn created_at(now: NaiveDateTime, i: u64, total: u64) -> NaiveDateTime {
    let span = TimeDelta::days(3 * 365).num_seconds() as f64;
    let back = span * (1.0 - i as f64 / total.max(1) as f64);
    now - TimeDelta::seconds(back as i64 + 60)
}

/// Minutes from confirmation to the first decision of row `i`: from a few
/// minutes to sixty days, half of them under fifteen, as volunteers answer
/// (the statistics keep a count per value of the wait, so a spread matters).
fn decision_minutes(i: u64) -> i64 {
    let u = (i.wrapping_mul(2_654_435_761) % 10_007) as f64 / 10_007.0;
    (u * u * 60.0 * 24.0 * 60.0) as i64
}

/// Adds applications until the table holds `target` rows, in multi-row
/// inserts of 500 and transactions of 1 000 (PostgreSQL keeps every
/// version of a count row a transaction rewrites until it commits, and
/// each insert's triggers walk them: a transaction of 10 000 made each
/// insert slower than the last). Rows follow the fixtures
/// (typology, status, texts), each with its own name, address and space
/// name; decided ones get their decision row. Returns the time it took.
pub fn bulk_load(pool: &Pool, samples: &[Sample], target: u64, moderator: &str) -> Duration {
    let started = Instant::now();
    let conn = &mut pool.get().expect("a connection");
    let have: i64 = applications::table.count().get_result(conn).expect("count");
    let now = passeur::db::now();
    let mut i = have as u64;
    while i < target {
        let end = (i + 1_000).min(target);
        // The server runs beside the load, and its hourly upkeep folds the
        // statistics' shards that the load's triggers write: PostgreSQL may
        // end either in a deadlock, and the loser is to try again.
        let mut tries = 0;
        while let Err(e) = backend::write_transaction(conn, |conn| {
            let mut at = i;
            while at < end {
                let stop = (at + 500).min(end);
                insert_rows(conn, samples, at, stop, target, now, moderator)?;
                at = stop;
            }
            Ok::<_, diesel::result::Error>(())
        }) {
            tries += 1;
            assert!(
                tries < 5 && e.to_string().contains("deadlock detected"),
                "bulk insert: {e}"
            );
        }
        i = end;
    }
    // In a living PostgreSQL database autovacuum has long analysed the
    // tables and merged the index entries it holds pending; right after a
    // bulk load the statistics would still describe the empty table.
    if matches!(**conn, DbConn::Pg(_)) {
        use diesel::connection::SimpleConnection;
        conn.batch_execute("VACUUM ANALYZE").expect("vacuum");
    }
    // A living SQLite database has its search index up to date: what the
    // server's indexing thread has not yet taken is indexed here.
    passeur::db::search_index::catch_up(conn).expect("the search index");
    started.elapsed()
}

fn insert_rows(
    conn: &mut DbConn,
    samples: &[Sample],
    from: u64,
    to: u64,
    total: u64,
    now: NaiveDateTime,
    moderator: &str,
) -> QueryResult<()> {
    let mut apps = Vec::new();
    let mut sectors = Vec::new();
    let mut decisions = Vec::new();
    for i in from..to {
        let sample = &samples[i as usize % samples.len()];
        let f = Fields::of(&sample.new);
        let (space, email) = unique(sample, "row", i);
        let name = format!("{} {i}", sample.new.organisation_name.as_str());
        let id = uuid::Uuid::now_v7().to_string();
        // As in a database that lives: unconfirmed applications are at
        // most a week old (older ones are deleted), the submitted ones whose
        // time has come are decided (seven in ten active, one in twenty
        // approved and waiting for its space, a quarter refused), and
        // refused or withdrawn ones older than 90 days are anonymised.
        let created = if sample.status == "unconfirmed" {
            now - TimeDelta::seconds((i % (6 * 86_400)) as i64 + 60)
        } else {
            created_at(now, i, total)
        };
        let answer = created + TimeDelta::minutes(60 + decision_minutes(i));
        let status = match (sample.status.as_str(), i % 20) {
            ("submitted", 0..=13) if answer <= now => "active",
            ("submitted", 14) if answer <= now => "approved",
            ("submitted", _) if answer <= now => "refused",
            (fixture, _) => fixture,
        };
        let anonymised =
            matches!(status, "refused" | "withdrawn") && created < now - TimeDelta::days(93);
        let (name, email, space) = if anonymised {
            (String::new(), String::new(), String::new())
        } else {
            (name, email, space)
        };
        let confirmed = (status != "unconfirmed").then(|| (created + TimeDelta::hours(1)).min(now));
        let decided = matches!(
            status,
            "approved" | "refused" | "active" | "provisioning_failed"
        )
        .then_some(answer);
        let expires = (status == "unconfirmed").then(|| created + TimeDelta::days(7));
        let updated = decided.or(confirmed).unwrap_or(created);
        let search = if anonymised {
            String::new()
        } else {
            passeur::applications::store::search_text_of(&name, f.description, f.city, &email)
        };
        apps.push(format!(
            "({},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{})",
            lit(&id),
            lit(status),
            lit(&name),
            lit(f.structure_type),
            lit(f.sectors),
            f.creation_year,
            f.employees,
            f.members,
            f.beneficiaries,
            f.annual_budget_eur
                .map_or_else(|| "NULL".into(), |b| b.to_string()),
            lit(f.description),
            // Each its own site: the fixtures' sixty would make every row
            // a duplicate of thousands.
            f.website
                .filter(|_| !anonymised)
                .map_or_else(|| "NULL".into(), |w| lit(&format!("{w}/{i}"))),
            lit(f.postal_code),
            lit(f.city),
            lit(f.country),
            lit(f.contact_name),
            lit(&email),
            lit(&space),
            lit(f.office_suite),
            lit(f.language),
            lit_time(created),
            lit_time(updated),
            lit_opt_time(confirmed),
            lit_opt_time(expires),
            lit(&text::name_key(&name)),
            lit(&search),
            lit_opt_time(decided),
            lit_opt_time(anonymised.then_some(updated)),
        ));
        for sector in sample.new.sectors.as_slice() {
            sectors.push(format!("({},{})", lit(&id), lit(sector.code())));
        }
        if let Some(at) = decided {
            let kind = if status == "refused" {
                "refuse"
            } else {
                "approve"
            };
            let reason = if status == "refused" {
                lit("out_of_scope")
            } else {
                "NULL".into()
            };
            decisions.push(format!(
                "({},{},{},{},NULL,{},{},{})",
                lit(&uuid::Uuid::now_v7().to_string()),
                lit(&id),
                lit(kind),
                reason,
                lit(moderator),
                lit("Bench"),
                lit_time(at),
            ));
        }
    }
    diesel::sql_query(format!(
        "INSERT INTO applications (id, status, organisation_name, structure_type, sectors, \
         creation_year, employees, members, beneficiaries, annual_budget_eur, description, \
         website, postal_code, city, country, contact_name, contact_email, space_name, \
         office_suite, language, created_at, updated_at, confirmed_at, expires_at, name_key, \
         search_text, decided_at, anonymised_at) VALUES {}",
        apps.join(",")
    ))
    .execute(conn)?;
    diesel::sql_query(format!(
        "INSERT INTO application_sectors (application_id, sector) VALUES {}",
        sectors.join(",")
    ))
    .execute(conn)?;
    if !decisions.is_empty() {
        diesel::sql_query(format!(
            "INSERT INTO decisions (id, application_id, kind, reason, message, actor, \
             actor_name, created_at) VALUES {}",
            decisions.join(",")
        ))
        .execute(conn)?;
    }
    Ok(())
}

/// The database ceiling: what a submission writes (the application, its
/// sectors, its audit row and its e-mail job, in one write transaction),
/// with no HTTP and no parsing, from `threads` plain loops (the server's
/// pool size) for `length`. The jobs are taken away afterwards so that no
/// e-mail is sent for these rows.
pub fn ceiling(
    pool: &Pool,
    samples: &[Sample],
    tag: &str,
    threads: usize,
    length: Duration,
) -> crate::load::Run {
    let deadline = Instant::now() + length;
    let started = Instant::now();
    let counter = std::sync::atomic::AtomicU64::new(0);
    let parts: Vec<crate::load::Run> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let counter = &counter;
                scope.spawn(move || {
                    let conn = &mut pool.get().expect("a connection");
                    let mut mine = crate::load::Run::default();
                    while Instant::now() < deadline {
                        let n = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let sent = Instant::now();
                        match insert_submission(conn, samples, tag, n) {
                            Ok(()) => mine.ok += 1,
                            Err(_) => mine.errors += 1,
                        }
                        mine.latencies.push(sent.elapsed());
                    }
                    mine
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut all = crate::load::Run::default();
    for part in parts {
        all.ok += part.ok;
        all.errors += part.errors;
        all.latencies.extend(part.latencies);
    }
    all.elapsed = started.elapsed();
    all.latencies.sort_unstable();
    let conn = &mut pool.get().expect("a connection");
    diesel::sql_query("DELETE FROM jobs WHERE finished_at IS NULL AND kind = 'confirmation_email'")
        .execute(conn)
        .expect("ceiling jobs removed");
    all
}

fn insert_submission(conn: &mut DbConn, samples: &[Sample], tag: &str, n: u64) -> QueryResult<()> {
    let sample = &samples[n as usize % samples.len()];
    let (space, email) = unique(sample, tag, n);
    let now = passeur::db::now();
    let id = uuid::Uuid::now_v7().to_string();
    let mut fields = Fields::of(&sample.new);
    fields.space_name = &space;
    backend::write_transaction(conn, |conn| {
        diesel::insert_into(applications::table)
            .values((
                fields,
                applications::id.eq(&id),
                applications::status.eq("unconfirmed"),
                applications::contact_email.eq(&email),
                applications::created_at.eq(now),
                applications::updated_at.eq(now),
                applications::expires_at.eq(Some(now + TimeDelta::days(7))),
            ))
            .execute(conn)?;
        for sector in sample.new.sectors.as_slice() {
            diesel::insert_into(application_sectors::table)
                .values((
                    application_sectors::application_id.eq(&id),
                    application_sectors::sector.eq(sector.code()),
                ))
                .execute(conn)?;
        }
        audit::record(
            conn,
            Some(&id),
            &Actor::Applicant,
            "application.created",
            None,
            now,
        )?;
        let job = Job::ConfirmationEmail {
            application_id: id.clone(),
        };
        jobs::enqueue(conn, &job, now)?;
        Ok(())
    })
}

/// Writes `events` approval events, each with one pending delivery per
/// endpoint, due now: the backlog a receiver finds when it comes back.
pub fn backlog(pool: &Pool, events: u64, endpoints: &[String]) -> Duration {
    let started = Instant::now();
    let conn = &mut pool.get().expect("a connection");
    let now = passeur::db::now();
    let body = lit(&format!(
        "{{\"type\":\"application.approved\",\"timestamp\":\"{}\",\"data\":{{\"application\":{{\"id\":\"backlog\",\"description\":{}}}}}}}",
        now.format("%Y-%m-%dT%H:%M:%S%.6fZ"),
        Value::String("x".repeat(800))
    ));
    let mut done = 0;
    while done < events {
        let batch = (events - done).min(500);
        backend::write_transaction(conn, |conn| {
            let mut rows = Vec::new();
            let mut deliveries = Vec::new();
            for _ in 0..batch {
                let id = format!("msg_{}", uuid::Uuid::now_v7().simple());
                rows.push(format!(
                    "({},'application.approved',NULL,{body},{})",
                    lit(&id),
                    lit_time(now)
                ));
                for endpoint in endpoints {
                    deliveries.push(format!(
                        "({},{},{},'pending',0,{},{},{})",
                        lit(&format!("dlv_{}", uuid::Uuid::now_v7().simple())),
                        lit(&id),
                        lit(endpoint),
                        lit_time(now),
                        lit_time(now),
                        lit_time(now),
                    ));
                }
            }
            diesel::sql_query(format!(
                "INSERT INTO webhook_events (id, event_type, application_id, body, created_at) VALUES {}",
                rows.join(",")
            ))
            .execute(conn)?;
            for chunk in deliveries.chunks(1000) {
                diesel::sql_query(format!(
                    "INSERT INTO webhook_deliveries (id, event_id, endpoint_id, status, attempts, \
                     next_attempt_at, created_at, updated_at) VALUES {}",
                    chunk.join(",")
                ))
                .execute(conn)?;
            }
            Ok::<_, diesel::result::Error>(())
        })
        .expect("backlog insert");
        done += batch;
    }
    started.elapsed()
}

/// How many rows of `table` match `condition` (a fixed SQL text).
pub fn count(pool: &Pool, table: &str, condition: &str) -> i64 {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let conn = &mut pool.get().expect("a connection");
    diesel::sql_query(format!(
        "SELECT COUNT(*) AS n FROM {table} WHERE {condition}"
    ))
    .get_result::<Count>(conn)
    .map_or(-1, |c| c.n)
}

/// Ids of `limit` applications in `status`, oldest first.
pub fn ids_in(pool: &Pool, status: &str, limit: i64) -> Vec<String> {
    let conn = &mut pool.get().expect("a connection");
    applications::table
        .filter(applications::status.eq(status))
        .order(applications::created_at.desc())
        .select(applications::id)
        .limit(limit)
        .load(conn)
        .expect("ids")
}

/// The queue's cursor to the middle of every application.
pub fn middle_cursor(pool: &Pool) -> String {
    let conn = &mut pool.get().expect("a connection");
    let total: i64 = applications::table.count().get_result(conn).expect("count");
    let (created_at, id): (NaiveDateTime, String) = applications::table
        .order((applications::created_at.asc(), applications::id.asc()))
        .select((applications::created_at, applications::id))
        .offset(total / 2)
        .first(conn)
        .expect("the middle row");
    passeur::moderation::queue::Cursor { created_at, id }.encode()
}

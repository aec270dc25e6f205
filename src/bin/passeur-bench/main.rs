//! `passeur-bench`: starts a release `passeur serve` on SQLite, then on
//! PostgreSQL, drives it over HTTP on loopback from this separate process,
//! and prints one table of figures with their ratios to the ceilings
//! measured in the same run (the framework's `/healthz`, and the
//! submission's inserts in a plain diesel loop) and to the project's
//! targets. Run it with `cargo run --release --bin passeur-bench`.

mod databases;
mod dataset;
mod load;
mod receiver;
mod report;
mod server;
mod smtp;
mod writer;

use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;

use report::{count, ms, verdict, verdicts, Report, Row};
use server::Server;

/// What to measure, and how long.
#[derive(Parser, Debug, Clone)]
#[command(about = "Passeur's benchmark: intake, queue at scale, webhooks, footprint")]
struct Options {
    /// Backends, in order.
    #[arg(long, value_delimiter = ',', default_value = "sqlite,postgres")]
    backends: Vec<String>,
    /// Sizes of the queue, in applications, ascending.
    #[arg(long, value_delimiter = ',', default_value = "10000,100000,1000000")]
    sizes: Vec<u64>,
    /// Length of each load, in seconds.
    #[arg(long, default_value_t = 30)]
    seconds: u64,
    /// Concurrent clients of each load.
    #[arg(long, default_value_t = 64)]
    clients: usize,
    /// Requests per page measured, one after the other.
    #[arg(long, default_value_t = 100)]
    samples: usize,
    /// Pending deliveries of the backlog.
    #[arg(long, default_value_t = 100_000)]
    backlog: u64,
    /// Server where a fresh database is created for the PostgreSQL run;
    /// by default the local server, through its socket when it has one
    /// (see [`databases::local_server`]).
    #[arg(
        long,
        env = "PASSEUR_BENCH_POSTGRES_URL",
        default_value_t = databases::local_server()
    )]
    postgres_url: String,
    /// Leave each backend's database in place after the run and print where
    /// it is, to profile its queries (`EXPLAIN ANALYZE`) afterwards.
    #[arg(long)]
    keep: bool,
    /// Measure the writer alone instead, in this process: the group commit
    /// fed submissions by `clients` tasks for `seconds` on each backend and
    /// size, and the writer's processor time per submission.
    #[arg(long)]
    writer: bool,
}

const PASSWORD: &str = "benchmark password, long enough";
/// The server's default pool: the database ceiling uses as many loops.
pub const POOL: usize = 8;
const LATENCY_SAMPLES: usize = 200;

#[tokio::main]
async fn main() {
    let options = Options::parse();
    server::build();
    println!("{}", machine());
    let mut report = Report::default();
    for backend in options.backends.clone() {
        let (name, place) = match backend.as_str() {
            "sqlite" => ("SQLite", databases::Place::Sqlite),
            "postgres" => {
                println!("PostgreSQL at {}", databases::shown(&options.postgres_url));
                (
                    "PostgreSQL",
                    databases::Place::Postgres(options.postgres_url.clone()),
                )
            }
            other => {
                eprintln!("unknown backend {other}: skipped");
                continue;
            }
        };
        if options.writer {
            writer_alone(&options, name, &place, &mut report).await;
        } else {
            bench(&options, name, &place, &mut report).await;
        }
    }
    let size = std::fs::metadata(server::binary()).map_or(0, |m| m.len());
    report.add(Row {
        backend: "both",
        measure: "release binary size".into(),
        size: "".into(),
        figure: format!("{:.1} MB", size as f64 / 1e6),
        p50: "".into(),
        p99: "".into(),
        against: "".into(),
    });
    println!("\n{}", report.markdown());
}

/// The machine, as the table's heading.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!(
        "passeur-bench {} on {cpu}, {cores} cores, {}",
        env!("CARGO_PKG_VERSION"),
        chrono::Utc::now().format("%Y-%m-%d")
    )
}

/// Everything measured on one backend.
struct Bench<'a> {
    options: &'a Options,
    backend: &'static str,
    /// The database of the size being measured.
    db: Prepared,
    /// The mail relay the server sends its e-mails to.
    mail: smtp::Sink,
    samples: Arc<Vec<dataset::Sample>>,
    /// The highest resident memory of every server process of the run.
    peak: u64,
}

/// A database migrated, with the bench's moderator account and API token.
struct Prepared {
    url: String,
    pool: passeur::db::Pool,
    moderator: String,
    token: String,
}

/// Migrates the fresh database at `url` with the release binary, as a host
/// would, and adds the bench's moderator and token to it.
fn prepare(url: String, mail: &smtp::Sink) -> Prepared {
    let migrated = server::command(&url, &mail.url, &["migrate"])
        .stdout(std::process::Stdio::null())
        .status()
        .expect("passeur migrate");
    assert!(migrated.success(), "passeur migrate");
    let pool = passeur::db::build_pool(&url, POOL as u32).expect("the database");
    let mut conn = pool.get().expect("a connection");
    let new = passeur::moderation::accounts::NewModerator::parse(
        "bench@example.org",
        "Bench",
        "admin",
        PASSWORD,
    )
    .expect("an account");
    let now = passeur::db::now();
    let account = passeur::moderation::accounts::add(&mut conn, &new, now).expect("account added");
    let (_, token) = passeur::moderation::tokens::add(&mut conn, "bench", now).expect("a token");
    drop(conn);
    Prepared {
        url,
        pool,
        moderator: account.id,
        token,
    }
}

impl Prepared {
    /// Closes the pool and gives the URL of the database it was on.
    fn close(self) -> String {
        drop(self.pool);
        self.url
    }
}

/// The writer alone at each size (`--writer`; see the writer module).
async fn writer_alone(
    options: &Options,
    backend: &'static str,
    place: &databases::Place,
    report: &mut Report,
) {
    println!("\n{backend}");
    let mail = smtp::Sink::start().await;
    let samples = Arc::new(dataset::samples());
    for &size in &options.sizes {
        let db = prepare(place.fresh(size), &mail);
        dataset::bulk_load(&db.pool, &samples, size, &db.moderator);
        let length = Duration::from_secs(options.seconds);
        let (run, each) = writer::measure(
            db.pool.clone(),
            &db.url,
            samples.clone(),
            options.clients,
            length,
        )
        .await;
        report.add(Row::measured(
            backend,
            &format!(
                "writer alone: submissions, {} tasks in process",
                options.clients
            ),
            &count(size),
            format!("{:.0} /s", run.rate()),
            Some(&run),
            format!(
                "{} errors; the writer's processor time {:.0} µs each",
                run.errors,
                each.as_secs_f64() * 1e6
            ),
        ));
        place.finish(size, &db.close(), options.keep);
    }
}

async fn bench(
    options: &Options,
    backend: &'static str,
    place: &databases::Place,
    report: &mut Report,
) {
    println!("\n{backend}");
    let mail = smtp::Sink::start().await;
    let mut size = options.sizes.first().copied().unwrap_or(0);
    let db = prepare(place.fresh(size), &mail);
    let mut b = Bench {
        options,
        backend,
        db,
        mail,
        samples: Arc::new(dataset::samples()),
        peak: 0,
    };
    let mut server = Server::start(&b.db.url, &b.mail.url).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle = server.memory().0;
    b.row(
        report,
        "resident memory, idle",
        "0",
        format!("{:.1} MB", idle as f64 / 1e6),
        None,
        verdict(idle <= 50_000_000, "≤ 50 MB"),
    );
    let framework = b.healthz(&server).await;
    b.row(
        report,
        &format!(
            "framework ceiling: GET /healthz, {} clients",
            options.clients
        ),
        "",
        format!("{:.0} req/s", framework.rate()),
        Some(&framework),
        format!("{} errors", framework.errors),
    );
    for (n, &next) in options.sizes.iter().enumerate() {
        if n > 0 {
            // A database of its own to each size (see the databases module).
            server.stop();
            let fresh = prepare(place.fresh(next), &b.mail);
            // The old pool closes before its database goes.
            place.finish(
                size,
                &std::mem::replace(&mut b.db, fresh).close(),
                options.keep,
            );
            size = next;
            server = Server::start(&b.db.url, &b.mail.url).await;
        }
        let took = dataset::bulk_load(&b.db.pool, &b.samples, size, &b.db.moderator);
        println!(
            "  (loaded {} applications in {:.0} s)",
            count(size),
            took.as_secs_f64()
        );
        b.queue(&server, size, report).await;
        b.note_peak(&server);
        server.stop();
        let ceiling = dataset::ceiling(
            &b.db.pool,
            &b.samples,
            &format!("c{size}"),
            POOL,
            Duration::from_secs(options.seconds),
        );
        b.row(
            report,
            &format!("database ceiling: the same inserts, {POOL} diesel loops"),
            &count(size),
            format!("{:.0} /s", ceiling.rate()),
            Some(&ceiling),
            format!("{} errors", ceiling.errors),
        );
        server = Server::start(&b.db.url, &b.mail.url).await;
        for form in [false, true] {
            let before = server.cpu();
            let run = b.intake(&server, size, form).await;
            let cost = (server.cpu() - before).per(run.ok);
            b.note_peak(&server);
            b.row(
                report,
                &format!(
                    "intake, {} submissions, {} clients",
                    if form { "form" } else { "JSON" },
                    options.clients
                ),
                &count(size),
                format!("{:.0} /s", run.rate()),
                Some(&run),
                format!(
                    "{} errors; {:.0} % of the database ceiling, {:.1} % of /healthz; \
                     server processor {cost}; {}",
                    run.errors,
                    100.0 * run.rate() / ceiling.rate().max(1e-9),
                    100.0 * run.rate() / framework.rate(),
                    {
                        let k = b.slack();
                        verdicts(&[
                            (
                                run.rate() >= 5000.0 / f64::from(k),
                                format!("≥ {}/s", count(5000 / u64::from(k))),
                            ),
                            (
                                run.rate() >= ceiling.rate() / 2.0 / f64::from(k),
                                format!("≥ {} % of the ceiling", 50 / k),
                            ),
                            (
                                run.percentile(99.0) <= Duration::from_millis(50) * k,
                                format!("p99 ≤ {} ms", 50 * k),
                            ),
                        ])
                    }
                ),
            );
            b.drain_emails().await;
        }
        b.note_peak(&server);
        server.stop();
        server = Server::start(&b.db.url, &b.mail.url).await;
        b.row(
            report,
            "start-up to the first 200, existing database",
            &count(size),
            ms(server.startup),
            None,
            verdict(
                server.startup <= Duration::from_millis(200) * b.slack(),
                &format!("≤ {} ms", 200 * b.slack()),
            ),
        );
    }
    let server = b.webhooks(server, report).await;
    b.note_peak(&server);
    server.stop();
    b.row(
        report,
        "resident memory, peak of the run",
        "",
        format!("{:.1} MB", b.peak as f64 / 1e6),
        None,
        verdict(b.peak <= 200_000_000, "≤ 200 MB"),
    );
    place.finish(size, &b.db.close(), options.keep);
}

impl Bench<'_> {
    /// How far the targets are relaxed: PostgreSQL is to stay within twice
    /// those of SQLite (times doubled, rates halved).
    fn slack(&self) -> u32 {
        if self.backend == "PostgreSQL" {
            2
        } else {
            1
        }
    }

    fn row(
        &self,
        report: &mut Report,
        measure: &str,
        size: &str,
        figure: String,
        run: Option<&load::Run>,
        against: String,
    ) {
        report.add(Row::measured(
            self.backend,
            measure,
            size,
            figure,
            run,
            against,
        ));
    }

    fn note_peak(&mut self, server: &Server) {
        self.peak = self.peak.max(server.memory().1);
    }

    async fn healthz(&self, server: &Server) -> load::Run {
        let client = http_client();
        let url = format!("{}/healthz", server.base);
        load::run(self.options.clients, self.length(), move |_| {
            let (client, url) = (client.clone(), url.clone());
            Some(async move {
                client
                    .get(&url)
                    .send()
                    .await
                    .is_ok_and(|r| r.status().is_success())
            })
        })
        .await
    }

    fn length(&self) -> Duration {
        Duration::from_secs(self.options.seconds)
    }

    async fn intake(&self, server: &Server, size: u64, form: bool) -> load::Run {
        let client = http_client();
        let samples = self.samples.clone();
        let tag = format!("{}{}", if form { "f" } else { "j" }, size);
        let base = server.base.clone();
        load::run(self.options.clients, self.length(), move |n| {
            let request = if form {
                client
                    .post(format!("{base}/apply"))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("sec-fetch-site", "same-origin")
                    .body(dataset::form_body(&samples, &tag, n))
            } else {
                client
                    .post(format!("{base}/api/v1/applications"))
                    .json(&dataset::json_body(&samples, &tag, n))
            };
            Some(async move {
                // The form answers with a redirect to its thanks page.
                request
                    .send()
                    .await
                    .is_ok_and(|r| matches!(r.status().as_u16(), 201 | 303))
            })
        })
        .await
    }

    /// Waits until every confirmation e-mail of the intake is sent, so
    /// that the next measure does not pay for them.
    async fn drain_emails(&self) {
        let started = Instant::now();
        while dataset::count(&self.db.pool, "jobs", "finished_at IS NULL") > 0
            && started.elapsed() < Duration::from_secs(600)
        {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        println!(
            "    (confirmation e-mails of the intake all sent {:.1} s after it; \
             {} received by the relay in all)",
            started.elapsed().as_secs_f64(),
            count(self.mail.received())
        );
    }

    async fn signed_in(&self, server: &Server) -> reqwest::Client {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a client");
        let response = client
            .post(format!("{}/admin/login", server.base))
            .header("sec-fetch-site", "same-origin")
            .form(&[
                ("email", "bench@example.org"),
                ("password", PASSWORD),
                ("next", "/admin"),
            ])
            .send()
            .await
            .expect("login");
        assert_eq!(response.status().as_u16(), 303, "the bench signs in");
        client
    }

    async fn queue(&self, server: &Server, size: u64, report: &mut Report) {
        let client = self.signed_in(server).await;
        let cursor = dataset::middle_cursor(&self.db.pool);
        let ids = dataset::ids_in(&self.db.pool, "submitted", self.options.samples as i64);
        let needle = dataset::ids_in(&self.db.pool, "refused", 1)
            .first()
            .and_then(|id| {
                use diesel::prelude::*;
                use passeur::db::schema::applications;
                applications::table
                    .find(id)
                    .select(applications::contact_email)
                    .first::<String>(&mut self.db.pool.get().ok()?)
                    .ok()
            })
            .and_then(|e| e.split('.').next().map(str::to_string))
            .unwrap_or_else(|| "introuvable".into());
        let pages: Vec<(String, String, usize, u64, bool)> = vec![
            (
                "queue, first page".into(),
                "/admin".into(),
                self.options.samples,
                20,
                false,
            ),
            (
                "queue, status + sector + structure type".into(),
                "/admin?status=submitted&sector=culture&structure_type=association_1901".into(),
                self.options.samples,
                20,
                false,
            ),
            (
                "queue, page at the middle (cursor)".into(),
                format!("/admin?status=all&cursor={cursor}"),
                self.options.samples,
                20,
                false,
            ),
            (
                format!("queue, search of one address ({needle})"),
                format!("/admin?status=all&q={needle}"),
                self.options.samples,
                20,
                false,
            ),
            (
                // A town of the fixtures: in about one application in six
                // hundred, none of them active (the first of the queue's
                // order), more than the index calls a rare term.
                "queue, search of a town (normandie)".into(),
                "/admin?status=all&q=normandie".into(),
                self.options.samples,
                20,
                false,
            ),
            (
                // The same town among the refused applications, a large
                // part of the queue: the planner must look the town's few
                // up rather than walk every refused one.
                "queue, a town among the refused (normandie)".into(),
                "/admin?status=refused&q=normandie".into(),
                self.options.samples,
                20,
                false,
            ),
            (
                // A word in about a quarter of the fixtures' descriptions.
                "queue, search of a common word (ateliers)".into(),
                "/admin?status=all&q=ateliers".into(),
                self.options.samples,
                20,
                false,
            ),
            (
                // Each sample a period never asked for: counted while the
                // moderator waits.
                "statistics dashboard, a period counted afresh".into(),
                "/admin/stats?to={day}".into(),
                (self.options.samples / 5).max(5),
                200,
                false,
            ),
            (
                // Counted once before the samples, which are served from it.
                "statistics dashboard, viewed again".into(),
                "/admin/stats".into(),
                self.options.samples,
                200,
                true,
            ),
        ];
        for (what, path, samples, target, warm) in pages {
            let url = format!("{}{path}", server.base);
            if warm {
                if let Ok(response) = client.get(&url).send().await {
                    let _ = response.bytes().await;
                }
            }
            let run = sample(&client, samples, |n| {
                let day = chrono::NaiveDate::from_ymd_opt(2099, 1, 1)
                    // A day of its own to each sample of each size.
                    .and_then(|d| d.checked_add_days(chrono::Days::new(size / 1000 + n)))
                    .unwrap_or_default();
                url.replace("{day}", &day.to_string())
            })
            .await;
            self.page_row(report, &what, size, &run, target);
        }
        let base = server.base.clone();
        let run = sample(&client, ids.len().max(1), |n| {
            format!(
                "{base}/admin/applications/{}",
                ids.get(n as usize).map_or("none", String::as_str)
            )
        })
        .await;
        self.page_row(report, "application detail page", size, &run, 20);
    }

    fn page_row(
        &self,
        report: &mut Report,
        what: &str,
        size: u64,
        run: &load::Run,
        target_ms: u64,
    ) {
        let target_ms = target_ms * u64::from(self.slack());
        let p99 = run.percentile(99.0);
        self.row(
            report,
            what,
            &count(size),
            format!("{} pages", run.ok),
            Some(run),
            format!(
                "{} errors; {}",
                run.errors,
                verdict(
                    run.errors == 0 && p99 <= Duration::from_millis(target_ms),
                    &format!("p99 ≤ {target_ms} ms")
                )
            ),
        );
    }

    async fn webhooks(&mut self, server: Server, report: &mut Report) -> Server {
        let receiver = receiver::Receiver::start();
        let mut endpoints = vec![self.endpoint(&receiver, 0)];
        let ids = dataset::ids_in(&self.db.pool, "submitted", LATENCY_SAMPLES as i64 + 200_000);
        let (latency_ids, load_ids) = ids.split_at(LATENCY_SAMPLES.min(ids.len()));
        // One moderator deciding: how soon does the provisioner hear of it?
        let client = http_client();
        let mut delays = Vec::new();
        let mut approved = 0;
        let started = Instant::now();
        for id in latency_ids {
            let ok = self.approve(&client, &server, id).await;
            let answered = Instant::now();
            if !ok {
                continue;
            }
            approved += 1;
            let arrived = loop {
                if let Some(at) = receiver.arrival(id) {
                    break Some(at);
                }
                if answered.elapsed() > Duration::from_secs(10) {
                    break None;
                }
                tokio::time::sleep(Duration::from_micros(200)).await;
            };
            delays.push(arrived.map_or(Duration::from_secs(10), |at| {
                at.saturating_duration_since(answered)
            }));
        }
        delays.sort_unstable();
        let run = load::Run {
            ok: approved,
            errors: latency_ids.len() as u64 - approved,
            elapsed: started.elapsed(),
            latencies: delays,
        };
        let (p50, p99) = (run.percentile(50.0), run.percentile(99.0));
        self.row(
            report,
            "approval's 200 → receiver has the webhook (1 endpoint)",
            "",
            format!("{} approvals", run.ok),
            Some(&run),
            verdicts(&[
                (
                    p50 <= Duration::from_millis(10) * self.slack(),
                    format!("p50 ≤ {} ms", 10 * self.slack()),
                ),
                (
                    p99 <= Duration::from_millis(50) * self.slack(),
                    format!("p99 ≤ {} ms", 50 * self.slack()),
                ),
            ]),
        );
        // Ten endpoints, approvals as fast as the API takes them.
        for n in 1..10 {
            endpoints.push(self.endpoint(&receiver, n));
        }
        if load_ids.is_empty() {
            // Only a small table was loaded: its submitted applications
            // all went to the delay above, and a rate of nothing would
            // read as a target missed.
            println!(
                "  (no submitted application left to approve under load at this size: skipped)"
            );
        } else {
            let before = receiver.count();
            let queue = Arc::new(std::sync::Mutex::new(load_ids.to_vec()));
            let (base, token) = (server.base.clone(), self.db.token.clone());
            let started = Instant::now();
            let run = load::run(self.options.clients, self.length(), move |_| {
                let id = queue.lock().expect("ids").pop()?;
                let request = client
                    .post(format!("{base}/api/v1/applications/{id}/approve"))
                    .bearer_auth(&token);
                Some(async move { request.send().await.is_ok_and(|r| r.status().is_success()) })
            })
            .await;
            self.note_peak(&server);
            self.row(
                report,
                &format!(
                    "approvals through the API, {} clients, 10 endpoints",
                    self.options.clients
                ),
                "",
                format!("{:.0} /s", run.rate()),
                Some(&run),
                format!("{} errors", run.errors),
            );
            let expected = before + run.ok * 10;
            while receiver.count() < expected && started.elapsed() < self.length() * 20 {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            let took = started.elapsed();
            let delivered = receiver.count() - before;
            self.row(
                report,
                "deliveries of those approvals (10 endpoints), until all in",
                "",
                format!("{:.0} /s", delivered as f64 / took.as_secs_f64()),
                None,
                format!(
                    "{} of {} in {:.1} s; {}",
                    count(delivered),
                    count(run.ok * 10),
                    took.as_secs_f64(),
                    verdict(
                        delivered as f64 / took.as_secs_f64() >= 2000.0 / f64::from(self.slack()),
                        &format!("≥ {}/s", count(2000 / u64::from(self.slack())))
                    )
                ),
            );
        }
        // A backlog, written while the server is down, drained when it is back.
        self.note_peak(&server);
        server.stop();
        dataset::backlog(
            &self.db.pool,
            self.options.backlog / endpoints.len() as u64,
            &endpoints,
        );
        // Counted from before the start: the dispatcher begins while the
        // bench still waits for the first 200.
        let before = receiver.count();
        let started = Instant::now();
        let server = Server::start(&self.db.url, &self.mail.url).await;
        let target = self.options.backlog / endpoints.len() as u64 * endpoints.len() as u64;
        while receiver.count() - before < target && started.elapsed() < Duration::from_secs(900) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let took = started.elapsed();
        let delivered = receiver.count() - before;
        self.note_peak(&server);
        self.row(
            report,
            "backlog of pending deliveries drained (10 endpoints)",
            "",
            format!("{:.1} s", took.as_secs_f64()),
            None,
            format!(
                "{} delivered, {:.0} /s; {}",
                count(delivered),
                delivered as f64 / took.as_secs_f64(),
                verdict(
                    delivered >= target && took <= Duration::from_secs(60) * self.slack(),
                    &format!("{} in < {} s", count(target), 60 * self.slack())
                )
            ),
        );
        server
    }

    fn endpoint(&self, receiver: &receiver::Receiver, n: usize) -> String {
        let conn = &mut self.db.pool.get().expect("a connection");
        let policy =
            passeur::webhooks::urls::AddressPolicy::parse("127.0.0.0/8").expect("a network");
        let (endpoint, _) = passeur::webhooks::endpoints::add(
            conn,
            &format!("{}/hook/{n}", receiver.base),
            "bench",
            &[],
            &policy,
            passeur::db::now(),
        )
        .expect("an endpoint");
        endpoint.id
    }

    async fn approve(&self, client: &reqwest::Client, server: &Server, id: &str) -> bool {
        client
            .post(format!("{}/api/v1/applications/{id}/approve", server.base))
            .bearer_auth(&self.db.token)
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
    }
}

/// Fetches `count` pages one after the other (a moderator clicking) and
/// keeps their latencies; a page is good when it answers 200. A slow page
/// stops after 20 s (and at least 5 pages).
async fn sample(client: &reqwest::Client, count: usize, url: impl Fn(u64) -> String) -> load::Run {
    load::sequential(count, Duration::from_secs(20), |n| {
        let request = client.get(url(n));
        async move {
            match request.send().await {
                Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
                _ => false,
            }
        }
    })
    .await
}

fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(256)
        .build()
        .expect("a client")
}

//! Faults: the mail relay gone for a long while, the server killed with
//! `kill -9` in the middle of submissions and decisions, the database's
//! disk full or its file system gone read-only, and PostgreSQL restarted
//! under load. Nothing acknowledged is lost, no request gets a
//! 500, and everything recovers by itself once the fault is gone.

use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use diesel::prelude::*;
use serde_json::json;

use crate::helpers::{free_port, spawn_app_with, valid_json, Backend, SmtpSink, TestDb};
use crate::on_both_backends;
use passeur::db::schema::{applications, decisions, jobs, webhook_deliveries, webhook_events};

async fn e_mails_wait_while_the_relay_is_down_and_leave_once_it_is_back(backend: Backend) {
    let port = free_port();
    let app = spawn_app_with(backend, |s| {
        s.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))
    })
    .await;
    let response = app.post_json(&valid_json()).await;
    assert_eq!(
        response.status().as_u16(),
        201,
        "the submission is acknowledged without the relay"
    );
    // Several attempts fail while nothing listens.
    let mut attempts = 0;
    for _ in 0..100 {
        attempts = app
            .db(|c| {
                jobs::table
                    .select(diesel::dsl::max(jobs::attempts))
                    .first::<Option<i32>>(c)
                    .unwrap()
            })
            .await
            .unwrap_or(0);
        if attempts >= 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(
        attempts >= 3,
        "the e-mail was tried again ({attempts} attempts)"
    );
    let smtp = SmtpSink::start(std::net::TcpListener::bind(("127.0.0.1", port)).unwrap());
    let mails = smtp.wait_for(1, Duration::from_secs(20)).await;
    assert_eq!(mails.len(), 1, "the e-mail left once the relay was back");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(smtp.messages().len(), 1, "and only once");
}

/// A `passeur serve` process of its own, to be killed.
struct Server {
    child: Child,
    base: String,
}

fn passeur(db: &str, mail: &std::path::Path, args: &[&str], port: u16) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_passeur"));
    c.args(args)
        .env("PASSEUR_DATABASE_URL", db)
        .env("PASSEUR_MAIL_DIR", mail)
        .env("PASSEUR_BIND", format!("127.0.0.1:{port}"))
        .env("PASSEUR_SUBMISSIONS_PER_HOUR", "1000000")
        .env("PASSEUR_WEBHOOK_ALLOWED_NETWORKS", "127.0.0.0/8")
        .env("PASSEUR_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    c
}

async fn start(db: &str, mail: &std::path::Path) -> Server {
    let port = free_port();
    let mut child = passeur(db, mail, &["serve"], port)
        .spawn()
        .expect("passeur serve");
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if client
            .get(format!("{base}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return Server { child, base };
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("passeur serve did not start");
}

async fn nothing_acknowledged_is_lost_when_the_server_is_killed_under_load(backend: Backend) {
    let db = TestDb::new(backend);
    let mail = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = passeur(&db.url, mail.path(), args, 0).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    run(&["migrate"]);
    run(&["fixtures", "load"]);
    run(&["webhook", "add", "http://127.0.0.1:9/provision"]);
    let token = run(&["token", "add", "load"]).trim().to_string();
    let pool = passeur::db::build_pool(&db.url, 2).unwrap();
    let waiting: Vec<String> = applications::table
        .filter(applications::status.eq("submitted"))
        .select(applications::id)
        .load(&mut pool.get().unwrap())
        .unwrap();

    let mut server = start(&db.url, mail.path()).await;
    let submitted = Arc::new(Mutex::new(Vec::<String>::new()));
    let decided = Arc::new(Mutex::new(Vec::<(String, &'static str)>::new()));
    let mut load = Vec::new();
    for worker in 0..6 {
        let (base, submitted) = (server.base.clone(), submitted.clone());
        load.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            for n in 0..10_000 {
                let mut body = valid_json();
                body["space_name"] = json!(format!("charge-{worker}-{n}"));
                body["contact_email"] = json!(format!("charge{worker}.{n}@example.org"));
                match client
                    .post(format!("{base}/api/v1/applications"))
                    .json(&body)
                    .send()
                    .await
                {
                    Ok(r) if r.status().as_u16() == 201 => {
                        let v: serde_json::Value = match r.json().await {
                            Ok(v) => v,
                            Err(_) => return,
                        };
                        submitted
                            .lock()
                            .unwrap()
                            .push(v["id"].as_str().unwrap().to_string());
                    }
                    _ => return,
                }
            }
        }));
    }
    {
        let (base, decided, token) = (server.base.clone(), decided.clone(), token.clone());
        load.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            for (i, id) in waiting.iter().enumerate() {
                let (action, kind) = if i % 2 == 0 {
                    ("approve", "approve")
                } else {
                    ("refuse", "refuse")
                };
                let sent = client
                    .post(format!("{base}/api/v1/applications/{id}/{action}"))
                    .bearer_auth(&token)
                    .json(&json!({ "reason": "spam" }))
                    .send()
                    .await;
                match sent {
                    Ok(r) if r.status().as_u16() == 200 => {
                        decided.lock().unwrap().push((id.clone(), kind))
                    }
                    _ => return,
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.child.kill().unwrap(); // SIGKILL: no shutdown, no flush.
    server.child.wait().unwrap();
    for task in load {
        let _ = task.await;
    }
    let submitted = submitted.lock().unwrap().clone();
    let decided = decided.lock().unwrap().clone();
    assert!(
        submitted.len() > 10 && !decided.is_empty(),
        "load ran: {} submissions, {} decisions",
        submitted.len(),
        decided.len()
    );

    let mut restarted = start(&db.url, mail.path()).await;
    let conn = &mut pool.get().unwrap();
    for id in &submitted {
        let found: i64 = applications::table
            .filter(applications::id.eq(id))
            .count()
            .get_result(conn)
            .unwrap();
        assert_eq!(found, 1, "acknowledged submission {id} lost");
        let mails: i64 = jobs::table
            .filter(jobs::payload.like(format!("%{id}%")))
            .count()
            .get_result(conn)
            .unwrap();
        assert_eq!(mails, 1, "the confirmation e-mail of {id} lost");
    }
    for (id, kind) in &decided {
        let rows: Vec<String> = decisions::table
            .filter(decisions::application_id.eq(id))
            .select(decisions::id)
            .load(conn)
            .unwrap();
        assert_eq!(rows.len(), 1, "acknowledged {kind} of {id} lost");
        let mails: i64 = jobs::table
            .filter(jobs::payload.like(format!("%{}%", rows[0])))
            .count()
            .get_result(conn)
            .unwrap();
        assert_eq!(mails, 1, "the e-mail of the {kind} of {id} lost");
        let deliveries: i64 = webhook_deliveries::table
            .inner_join(webhook_events::table)
            .filter(webhook_events::application_id.eq(id))
            .count()
            .get_result(conn)
            .unwrap();
        assert!(deliveries >= 1, "the webhook of the {kind} of {id} lost");
    }
    let after = reqwest::Client::new()
        .post(format!("{}/api/v1/applications", restarted.base))
        .json(&valid_json())
        .send()
        .await
        .unwrap();
    assert_eq!(
        after.status().as_u16(),
        201,
        "the restarted server takes submissions"
    );
    restarted.child.kill().unwrap();
    restarted.child.wait().unwrap();
    if backend == Backend::Sqlite {
        let check: Vec<String> = diesel::sql_query("PRAGMA integrity_check")
            .load::<Integrity>(conn)
            .unwrap()
            .into_iter()
            .map(|r| r.integrity_check)
            .collect();
        assert_eq!(check, vec!["ok".to_string()], "the database file is sound");
    }
}

#[derive(QueryableByName)]
struct Integrity {
    #[diesel(sql_type = diesel::sql_types::Text)]
    integrity_check: String,
}

/// A small file system of its own for the database, unmounted on drop.
struct SmallDisk(tempfile::TempDir);

impl SmallDisk {
    fn mount(megabytes: u32) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(dir.path())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(SmallDisk(dir))
    }

    fn remount(&self, options: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(self.0.path())
            .status()
            .unwrap();
        assert!(status.success(), "remount {options}");
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(self.0.path()).status();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_gives_a_clear_503_loses_nothing_and_recovers() {
    let Some(disk) = SmallDisk::mount(3) else {
        eprintln!("cannot mount a small file system here (not root?): fault test skipped");
        return;
    };
    let url = format!("sqlite://{}", disk.0.path().join("passeur.db").display());
    let app = crate::helpers::spawn_on(&url, |_| {}).await;
    let pad =
        "Nous remplissons le disque, phrase après phrase, pour voir ce qui se passe. ".repeat(40);
    let mut acknowledged = Vec::new();
    let mut refusal = None;
    for n in 0..20_000 {
        let mut body = valid_json();
        body["space_name"] = json!(format!("plein-{n}"));
        body["contact_email"] = json!(format!("plein{n}@example.org"));
        body["description"] = json!(pad.clone());
        let response = app.post_json(&body).await;
        match response.status().as_u16() {
            201 => acknowledged.push(
                response.json::<serde_json::Value>().await.unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            ),
            status => {
                refusal = Some((status, response.text().await.unwrap()));
                break;
            }
        }
    }
    let (status, body) = refusal.expect("the disk filled up");
    assert_eq!(status, 503, "a full disk is a 503: {body}");
    assert!(body.contains("\"unavailable\""), "{body}");
    // The refused write may have let SQLite restart its log at the start
    // of the file, so the next submission can fit again: the form is sent
    // until it is refused too, and what it had acknowledged is kept.
    let mut forms_acknowledged = Vec::new();
    let mut page = None;
    for n in 0..200 {
        let (space, email) = (format!("plein-form-{n}"), format!("form{n}@example.org"));
        let response = app
            .post_form(&crate::helpers::valid_form(&[
                ("space_name", &space),
                ("contact_email", &email),
                ("description", &pad),
            ]))
            .await;
        if response.status().as_u16() != 303 {
            page = Some(response);
            break;
        }
        forms_acknowledged.push(space);
    }
    let page = page.expect("the disk is full for the form too");
    assert_eq!(page.status().as_u16(), 503, "the form says so too");
    let text = page.text().await.unwrap();
    assert!(text.contains("Rien n’est perdu"), "a clear message: {text}");

    disk.remount("size=64m");
    let mut body = valid_json();
    body["space_name"] = json!("apres-le-plein");
    assert_eq!(
        app.post_json(&body).await.status().as_u16(),
        201,
        "recovered once there is room"
    );

    let (ids, spaces) = (acknowledged.clone(), forms_acknowledged.clone());
    let (found, check) = app
        .db(move |c| {
            let found: i64 = applications::table
                .filter(
                    applications::id
                        .eq_any(&ids)
                        .or(applications::space_name.eq_any(&spaces)),
                )
                .count()
                .get_result(c)
                .unwrap();
            let check: Vec<Integrity> =
                diesel::sql_query("PRAGMA integrity_check").load(c).unwrap();
            (
                found,
                check
                    .into_iter()
                    .map(|r| r.integrity_check)
                    .collect::<Vec<_>>(),
            )
        })
        .await;
    assert_eq!(
        found as usize,
        acknowledged.len() + forms_acknowledged.len(),
        "every acknowledged submission is there"
    );
    assert_eq!(check, vec!["ok".to_string()]);
}

/// An ext4 file system on a loop device of its own, mounted with
/// `errors=remount-ro` as servers are: an error on it (a failing disk) turns
/// it read-only under the running server. Unmounted on drop.
struct LoopDisk {
    dir: tempfile::TempDir,
}

impl LoopDisk {
    fn mount() -> Option<LoopDisk> {
        let dir = tempfile::tempdir().unwrap();
        let image = dir.path().join("disk.img");
        std::fs::File::create(&image)
            .unwrap()
            .set_len(64 << 20)
            .unwrap();
        std::fs::create_dir(dir.path().join("mnt")).unwrap();
        let disk = LoopDisk { dir };
        let made = Command::new("mkfs.ext4")
            .args(["-q", "-F"])
            .arg(&image)
            .status()
            .is_ok_and(|s| s.success());
        (made && disk.attach()).then_some(disk)
    }

    fn attach(&self) -> bool {
        Command::new("mount")
            .args(["-o", "loop,errors=remount-ro"])
            .arg(self.dir.path().join("disk.img"))
            .arg(self.mountpoint())
            .status()
            .is_ok_and(|s| s.success())
    }

    fn mountpoint(&self) -> std::path::PathBuf {
        self.dir.path().join("mnt")
    }

    /// What the kernel does when the disk fails: ext4 reports an error and
    /// goes read-only (through the file system's own fault trigger).
    fn fail(&self) {
        let source = Command::new("findmnt")
            .args(["-n", "-o", "SOURCE"])
            .arg(self.mountpoint())
            .output()
            .unwrap();
        let device = String::from_utf8(source.stdout).unwrap();
        let name = device.trim().trim_start_matches("/dev/");
        std::fs::write(format!("/sys/fs/ext4/{name}/trigger_fs_error"), "1").unwrap();
        let mounts = std::fs::read_to_string("/proc/mounts").unwrap();
        let line = mounts
            .lines()
            .find(|l| l.contains(self.mountpoint().to_str().unwrap()))
            .unwrap()
            .to_string();
        assert!(
            line.contains("emergency_ro") || line.contains(" ro,"),
            "{line}"
        );
    }

    /// What an administrator does: unmount, check and mend, mount again.
    fn repair(&self) {
        let unmounted = Command::new("umount")
            .arg(self.mountpoint())
            .status()
            .unwrap();
        assert!(unmounted.success(), "umount");
        let fsck = Command::new("e2fsck")
            .args(["-f", "-y"])
            .arg(self.dir.path().join("disk.img"))
            .stdout(Stdio::null())
            .status()
            .unwrap();
        // 0: clean, 1: errors corrected.
        assert!(matches!(fsck.code(), Some(0 | 1)), "e2fsck: {fsck:?}");
        assert!(self.attach(), "mounted again");
    }
}

impl Drop for LoopDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.mountpoint()).status();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_system_gone_read_only_gives_a_clear_503_loses_nothing_and_recovers_once_repaired() {
    let Some(disk) = LoopDisk::mount() else {
        eprintln!("cannot mount a loop device here (not root?): fault test skipped");
        return;
    };
    let db = format!(
        "sqlite://{}",
        disk.mountpoint().join("passeur.db").display()
    );
    let mail = tempfile::tempdir().unwrap();
    assert!(passeur(&db, mail.path(), &["migrate"], 0)
        .status()
        .unwrap()
        .success());
    let mut server = start(&db, mail.path()).await;
    let client = reqwest::Client::new();
    let submit = |n: u32| {
        let mut body = valid_json();
        body["space_name"] = json!(format!("lecture-{n}"));
        body["contact_email"] = json!(format!("lecture{n}@example.org"));
        client
            .post(format!("{}/api/v1/applications", server.base))
            .json(&body)
            .send()
    };
    let mut acknowledged = Vec::new();
    for n in 0..10 {
        let response = submit(n).await.unwrap();
        assert_eq!(response.status().as_u16(), 201);
        let body: serde_json::Value = response.json().await.unwrap();
        acknowledged.push(body["id"].as_str().unwrap().to_string());
    }

    disk.fail();
    let response = submit(100).await.unwrap();
    let status = response.status().as_u16();
    let body = response.text().await.unwrap();
    assert_eq!(status, 503, "a read-only database is a 503: {body}");
    assert!(body.contains("\"unavailable\""), "{body}");
    let page = client
        .post(format!("{}/apply", server.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(crate::helpers::valid_form(&[(
            "space_name",
            "lecture-form",
        )]))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 503, "the form says so too");
    let text = page.text().await.unwrap();
    assert!(text.contains("Rien n’est perdu"), "a clear message: {text}");
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "the server stays up"
    );

    server.child.kill().unwrap();
    server.child.wait().unwrap();
    disk.repair();
    let mut restarted = start(&db, mail.path()).await;
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/applications", restarted.base))
        .json(&valid_json())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201, "submissions go again");
    restarted.child.kill().unwrap();
    restarted.child.wait().unwrap();

    let conn = &mut diesel::SqliteConnection::establish(
        disk.mountpoint().join("passeur.db").to_str().unwrap(),
    )
    .unwrap();
    let found: i64 = applications::table
        .filter(applications::id.eq_any(&acknowledged))
        .count()
        .get_result(conn)
        .unwrap();
    assert_eq!(
        found as usize,
        acknowledged.len(),
        "every acknowledged submission is there"
    );
    let confirmations: i64 = jobs::table.count().get_result(conn).unwrap();
    assert!(
        confirmations >= acknowledged.len() as i64,
        "with its e-mail job"
    );
    let check: Vec<String> = diesel::sql_query("PRAGMA integrity_check")
        .load::<Integrity>(conn)
        .unwrap()
        .into_iter()
        .map(|r| r.integrity_check)
        .collect();
    assert_eq!(check, vec!["ok".to_string()], "the database file is sound");
}

on_both_backends!(
    e_mails_wait_while_the_relay_is_down_and_leave_once_it_is_back,
    nothing_acknowledged_is_lost_when_the_server_is_killed_under_load,
);

/// A PostgreSQL server of the test's own (the shared one serves the other
/// tests, which a restart would disturb), stopped on drop.
struct PrivatePostgres {
    bin: std::path::PathBuf,
    dir: tempfile::TempDir,
    port: u16,
}

impl PrivatePostgres {
    fn start() -> Option<PrivatePostgres> {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
            .find(|b| b.join("initdb").exists())?;
        let dir = tempfile::tempdir().ok()?;
        // The server refuses to run as root: it runs as postgres.
        Command::new("chown")
            .args(["-R", "postgres"])
            .arg(dir.path())
            .status()
            .ok()?;
        let port = free_port();
        let pg = PrivatePostgres { bin, dir, port };
        let ok = pg
            .as_postgres(&["initdb", "-A", "trust", "-U", "postgres", "-D"])
            .arg(pg.data())
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        (ok && pg.ctl("start")).then_some(pg)
    }

    fn data(&self) -> std::path::PathBuf {
        self.dir.path().join("data")
    }

    fn as_postgres(&self, args: &[&str]) -> Command {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"])
            .arg(self.bin.join(args[0]))
            .args(&args[1..]);
        c
    }

    fn ctl(&self, action: &str) -> bool {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1",
            self.port,
            self.dir.path().display()
        );
        self.as_postgres(&["pg_ctl", "-w", "-m", "fast", "-D"])
            .arg(self.data())
            .args(["-o", &options, action])
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        self.ctl("stop");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_fail_cleanly_while_postgres_restarts_and_recover_by_themselves() {
    let Some(pg) = PrivatePostgres::start() else {
        eprintln!("cannot start a private PostgreSQL here (not root, or no server binaries): fault test skipped");
        return;
    };
    let app = crate::helpers::spawn_on(&pg.url(), |_| {}).await;
    let statuses = Arc::new(Mutex::new(Vec::<u16>::new()));
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let load = {
        let (base, statuses, acknowledged, stop) = (
            app.address.clone(),
            statuses.clone(),
            acknowledged.clone(),
            stop.clone(),
        );
        tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let mut body = valid_json();
                body["space_name"] = json!(format!("redemarrage-{n}"));
                body["contact_email"] = json!(format!("redemarrage{n}@example.org"));
                let response = client
                    .post(format!("{base}/api/v1/applications"))
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                let status = response.status().as_u16();
                if status == 201 {
                    let v: serde_json::Value = response.json().await.unwrap();
                    acknowledged
                        .lock()
                        .unwrap()
                        .push(v["id"].as_str().unwrap().to_string());
                }
                statuses.lock().unwrap().push(status);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(pg.ctl("stop"), "PostgreSQL stops");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let health = app.get("/healthz").await.status().as_u16();
    assert!(pg.ctl("start"), "PostgreSQL starts again");
    // Recovery needs no restart of Passeur: wait for a success after the
    // server came back.
    let before = statuses.lock().unwrap().len();
    let mut recovered = false;
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if statuses.lock().unwrap()[before..].contains(&201) {
            recovered = true;
            break;
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    load.await.unwrap();
    let statuses = statuses.lock().unwrap().clone();
    assert_eq!(health, 503, "health says the database is down");
    assert!(statuses.contains(&503), "the outage was seen: {statuses:?}");
    assert!(
        statuses.iter().all(|s| *s == 201 || *s == 503),
        "only 201 or 503: {statuses:?}"
    );
    assert!(recovered, "submissions succeed again by themselves");
    let ids = acknowledged.lock().unwrap().clone();
    let found = app
        .db(move |c| {
            applications::table
                .filter(applications::id.eq_any(&ids))
                .count()
                .get_result::<i64>(c)
                .unwrap()
        })
        .await;
    assert_eq!(
        found as usize,
        acknowledged.lock().unwrap().len(),
        "every acknowledged submission is there"
    );
}

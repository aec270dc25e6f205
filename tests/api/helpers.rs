//! Spawning a real Passeur on port 0 with a fresh database per test (SQLite
//! in a temporary folder, or a new PostgreSQL database when
//! `PASSEUR_TEST_POSTGRES_URL` is set), a real SMTP server, and a client.

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::Connection;
use passeur::config::Settings;
use passeur::startup::{Application, Running};
use passeur::state::SharedState;

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The PostgreSQL server to create test databases on, if any.
    pub fn postgres_admin_url() -> Option<String> {
        std::env::var("PASSEUR_TEST_POSTGRES_URL")
            .ok()
            .filter(|u| !u.trim().is_empty())
    }

    /// Whether a PostgreSQL test is to be skipped (no server configured),
    /// said on the test's output.
    pub fn postgres_skipped() -> bool {
        let skipped = Backend::postgres_admin_url().is_none();
        if skipped {
            eprintln!("PASSEUR_TEST_POSTGRES_URL is not set: PostgreSQL half skipped");
        }
        skipped
    }
}

/// Runs each listed `async fn name(backend: Backend)` once on SQLite and
/// once on PostgreSQL (skipped, with a note, when no server is configured).
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::helpers::Backend::Sqlite).await
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if $crate::helpers::Backend::postgres_skipped() {
                        return;
                    }
                    super::$name($crate::helpers::Backend::Postgres).await
                }
            )+
        }
    };
}

/// A fresh database, removed when dropped.
pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl TestDb {
    pub fn new(backend: Backend) -> TestDb {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary folder");
                let url = format!("sqlite://{}", dir.path().join("passeur.db").display());
                TestDb {
                    url,
                    _dir: Some(dir),
                    pg: None,
                }
            }
            Backend::Postgres => {
                let admin = Backend::postgres_admin_url().expect("PASSEUR_TEST_POSTGRES_URL");
                let name = format!("passeur_test_{}", uuid::Uuid::new_v4().simple());
                let mut conn =
                    diesel::pg::PgConnection::establish(&admin).expect("test PostgreSQL server");
                conn.batch_execute(&format!("CREATE DATABASE {name}"))
                    .expect("create test database");
                let mut url = url::Url::parse(&admin).expect("PASSEUR_TEST_POSTGRES_URL is a URL");
                url.set_path(&format!("/{name}"));
                TestDb {
                    url: url.to_string(),
                    _dir: None,
                    pg: Some((admin, name)),
                }
            }
        }
    }
}

impl TestDb {
    /// A database another test app created (and will drop).
    pub fn shared(url: &str) -> TestDb {
        TestDb {
            url: url.to_string(),
            _dir: None,
            pg: None,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.pg {
            if let Ok(mut conn) = diesel::pg::PgConnection::establish(admin) {
                let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

/// A running Passeur and what a test needs to talk to it.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: TestDb,
    pub mail_dir: tempfile::TempDir,
    pub settings: Settings,
    pub state: SharedState,
    running: Option<Running>,
}

/// Settings for a test: fast retries and polls, a generous rate limit.
pub fn test_settings(db_url: &str, mail_dir: &std::path::Path) -> Settings {
    Settings {
        database_url: db_url.to_string(),
        bind: "127.0.0.1:0".into(),
        database_pool_size: 4,
        mail_dir: mail_dir.to_path_buf(),
        submissions_per_hour: 10_000,
        job_retry_base_ms: 100,
        job_retry_max_secs: 1,
        job_poll_ms: 2_000,
        // Figures counted at every view: tests read them right after a change.
        statistics_max_age_secs: 0,
        ..Settings::default()
    }
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

pub async fn spawn_app_with(backend: Backend, configure: impl FnOnce(&mut Settings)) -> TestApp {
    let db = TestDb::new(backend);
    let mail_dir = tempfile::tempdir().expect("mail folder");
    let mut settings = test_settings(&db.url, mail_dir.path());
    configure(&mut settings);
    start(db, mail_dir, settings).await
}

/// A second instance on the database of another (`url`), as several
/// `passeur serve` share one PostgreSQL.
pub async fn spawn_on(url: &str, configure: impl FnOnce(&mut Settings)) -> TestApp {
    let db = TestDb::shared(url);
    let mail_dir = tempfile::tempdir().expect("mail folder");
    let mut settings = test_settings(&db.url, mail_dir.path());
    configure(&mut settings);
    start(db, mail_dir, settings).await
}

async fn start(db: TestDb, mail_dir: tempfile::TempDir, settings: Settings) -> TestApp {
    if let Ok(filter) = std::env::var("PASSEUR_TEST_LOG") {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_test_writer()
            .try_init();
    }
    let built = {
        let settings = settings.clone();
        tokio::task::spawn_blocking(move || Application::build(settings))
            .await
            .expect("build task")
            .expect("Passeur builds")
    };
    let port = built.port();
    let state = built.state();
    let running = built.spawn();
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        client: client(),
        db,
        mail_dir,
        settings,
        state,
        running: Some(running),
    }
}

/// A client that does not follow redirects, so tests see the 303s.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

impl TestApp {
    /// Stops the server and starts a new one on the same database and mail
    /// folder (a restart, as after a deploy or a crash).
    pub async fn restart(mut self) -> TestApp {
        if let Some(running) = self.running.take() {
            running.stop().await;
        }
        let TestApp {
            db,
            mail_dir,
            mut settings,
            ..
        } = self;
        settings.base_url = None;
        start(db, mail_dir, settings).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn post_form(&self, body: &str) -> reqwest::Response {
        self.client
            .post(self.url("/apply"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_string())
            .send()
            .await
            .expect("POST /apply")
    }

    pub async fn post_json(&self, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/applications"))
            .json(body)
            .send()
            .await
            .expect("POST /api/v1/applications")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// A moderator's form on an application's page: posts `fields` to
    /// `/admin/applications/{id}/{action}` as `client`.
    pub async fn act(
        &self,
        client: &reqwest::Client,
        id: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        client
            .post(self.url(&format!("/admin/applications/{id}/{action}")))
            .form(fields)
            .send()
            .await
            .unwrap()
    }

    /// The body of `path` as `client` (a signed-in moderator) sees it.
    pub async fn text_as(&self, client: &reqwest::Client, path: &str) -> String {
        let response = client.get(self.url(path)).send().await.expect("GET");
        response.text().await.expect("a text body")
    }

    /// The `.eml` files written so far, parsed.
    pub fn mail_files(&self) -> Vec<Mail> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.mail_dir.path())
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.sort();
        files
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .filter_map(|p| std::fs::read(p).ok())
            .filter(|raw| is_whole(raw))
            .map(|raw| Mail::parse(&raw))
            .collect()
    }

    /// Waits for `n` e-mail files.
    pub async fn wait_for_mail_files(&self, n: usize) -> Vec<Mail> {
        wait_until(Duration::from_secs(20), || {
            let mails = self.mail_files();
            (mails.len() >= n).then_some(mails)
        })
        .await
        .unwrap_or_else(|| {
            panic!(
                "expected {n} e-mail file(s), found {}",
                self.mail_files().len()
            )
        })
    }
}

/// Whether `raw` is a whole message. The file transport creates an e-mail's
/// file before it writes it, so a file may be read empty or half written:
/// a multipart message is whole once its closing delimiter is there.
fn is_whole(raw: &[u8]) -> bool {
    let Ok(parsed) = mailparse::parse_mail(raw) else {
        return false;
    };
    match parsed.ctype.params.get("boundary") {
        Some(boundary) => {
            let end = format!("--{boundary}--");
            raw.windows(end.len()).any(|w| w == end.as_bytes())
        }
        None => !raw.is_empty(),
    }
}

/// Polls `check` until it gives a value or `timeout` passes.
pub async fn wait_until<T>(timeout: Duration, mut check: impl FnMut() -> Option<T>) -> Option<T> {
    let start = Instant::now();
    loop {
        if let Some(v) = check() {
            return Some(v);
        }
        if start.elapsed() > timeout {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// An e-mail as received.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl Mail {
    pub fn parse(raw: &[u8]) -> Mail {
        let parsed = mailparse::parse_mail(raw).expect("a MIME message");
        let header = |name: &str| {
            parsed
                .headers
                .iter()
                .find(|h| h.get_key().eq_ignore_ascii_case(name))
                .map(|h| h.get_value())
                .unwrap_or_default()
        };
        let mut text = String::new();
        let mut html = String::new();
        for part in parsed.subparts.iter() {
            let body = part.get_body().unwrap_or_default();
            match part.ctype.mimetype.as_str() {
                "text/plain" => text = body,
                "text/html" => html = body,
                _ => {}
            }
        }
        Mail {
            to: header("To"),
            subject: header("Subject"),
            text,
            html,
        }
    }

    /// The first link in the text part that contains `fragment`, as a path.
    pub fn link(&self, fragment: &str) -> String {
        let line = self
            .text
            .lines()
            .find(|l| l.contains(fragment))
            .unwrap_or_else(|| panic!("no {fragment} link in {}", self.text));
        let url = url::Url::parse(line.trim()).expect("a URL on its own line");
        url.path().to_string()
    }
}

/// A real SMTP server (mailin) that keeps what it receives and counts the
/// sessions its clients opened.
#[derive(Clone, Default)]
pub struct SmtpSink {
    received: Arc<Mutex<Vec<Vec<u8>>>>,
    sessions: Arc<std::sync::atomic::AtomicUsize>,
    current: Vec<u8>,
    /// A recipient the server is slow to take, and how slow.
    stalls_on: Option<(&'static str, Duration)>,
    /// A recipient the server refuses for now once (451), and whether it
    /// has.
    refuses_once: Option<(&'static str, Arc<std::sync::atomic::AtomicBool>)>,
}

impl mailin_embedded::Handler for SmtpSink {
    fn helo(&mut self, _: std::net::IpAddr, _: &str) -> mailin_embedded::Response {
        self.sessions
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        mailin_embedded::response::OK
    }

    fn rcpt(&mut self, to: &str) -> mailin_embedded::Response {
        if let Some((slow, delay)) = self.stalls_on {
            if to.contains(slow) {
                std::thread::sleep(delay);
            }
        }
        if let Some((refused, done)) = &self.refuses_once {
            if to.contains(refused) && !done.swap(true, std::sync::atomic::Ordering::SeqCst) {
                return mailin_embedded::response::INTERNAL_ERROR;
            }
        }
        mailin_embedded::response::OK
    }

    fn data_start(&mut self, _: &str, _: &str, _: bool, _: &[String]) -> mailin_embedded::Response {
        self.current.clear();
        mailin_embedded::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> mailin_embedded::Response {
        let message = std::mem::take(&mut self.current);
        self.received.lock().expect("sink lock").push(message);
        mailin_embedded::response::OK
    }
}

impl SmtpSink {
    /// Starts a server on `listener` in a background thread.
    pub fn start(listener: TcpListener) -> SmtpSink {
        SmtpSink::default().serve(listener)
    }

    /// This server takes `delay` to accept `recipient`, as a relay does
    /// when the next hop is slow.
    pub fn stalling_on(self, recipient: &'static str, delay: Duration) -> SmtpSink {
        SmtpSink {
            stalls_on: Some((recipient, delay)),
            ..self
        }
    }

    /// This server refuses `recipient` for now (451) the first time.
    pub fn refusing_once(self, recipient: &'static str) -> SmtpSink {
        SmtpSink {
            refuses_once: Some((recipient, Arc::default())),
            ..self
        }
    }

    /// Serves on `listener` in a background thread, as many clients at
    /// once as the job worker may open connections (its batch) and as many
    /// again: mailin gives each client a thread, lettre keeps its
    /// connections open between e-mails, and a client the server cannot
    /// take waits for a thread that never frees.
    pub fn serve(self, listener: TcpListener) -> SmtpSink {
        let sessions = 2 * passeur::jobs::worker::BATCH as u32;
        let (sink, handler) = (self.clone(), self);
        std::thread::spawn(move || {
            let mut server = mailin_embedded::Server::new(handler);
            server
                .with_name("smtp.test")
                .with_num_threads(sessions)
                .with_tcp_listener(listener);
            let _ = server.serve();
        });
        sink
    }

    /// The sessions opened so far (one per connection: each greets once).
    pub fn sessions(&self) -> usize {
        self.sessions.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The messages received so far.
    pub fn messages(&self) -> Vec<Mail> {
        self.received
            .lock()
            .expect("sink lock")
            .iter()
            .map(|m| Mail::parse(m))
            .collect()
    }

    /// Waits for `n` messages.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Mail> {
        wait_until(timeout, || {
            let m = self.messages();
            (m.len() >= n).then_some(m)
        })
        .await
        .unwrap_or_else(|| {
            panic!(
                "expected {n} message(s) over SMTP, got {}",
                self.messages().len()
            )
        })
    }
}

/// A form body for a valid application, with `overrides` replacing fields
/// (an empty value removes the field).
pub fn valid_form(overrides: &[(&str, &str)]) -> String {
    let mut fields: Vec<(String, String)> = [
        ("organisation_name", "Les Amis du Jardin partagé"),
        ("structure_type", "association_1901"),
        ("sectors", "environnement"),
        ("sectors", "social"),
        ("creation_year", "2019"),
        ("employees", "0"),
        ("members", "24"),
        ("beneficiaries", "120"),
        ("annual_budget_eur", "3500"),
        (
            "description",
            "Un jardin partagé de quartier, ouvert à toutes et à tous.",
        ),
        ("website", "jardin.example.org"),
        ("postal_code", "69003"),
        ("city", "Lyon"),
        ("country", "FR"),
        ("contact_name", "Camille Martin"),
        ("contact_email", "camille@example.org"),
        ("space_name", "amis-du-jardin"),
        ("office_suite", "collabora"),
        ("accept_terms", "on"),
        ("language", "fr"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (key, value) in overrides {
        fields.retain(|(k, _)| k != key);
        if !value.is_empty() {
            fields.push((key.to_string(), value.to_string()));
        }
    }
    let mut body = form_urlencoded::Serializer::new(String::new());
    for (k, v) in &fields {
        body.append_pair(k, v);
    }
    body.finish()
}

/// A JSON body for a valid application.
pub fn valid_json() -> serde_json::Value {
    serde_json::json!({
        "organisation_name": "Collectif Vélo Solidaire",
        "structure_type": "collectif",
        "sectors": ["social", "environnement"],
        "creation_year": 2021,
        "employees": 0,
        "members": 12,
        "beneficiaries": 300,
        "annual_budget_eur": null,
        "description": "Atelier d’autoréparation de vélos, ouvert le samedi.",
        "website": null,
        "postal_code": "35000",
        "city": "Rennes",
        "country": "FR",
        "contact_name": "Yann Le Goff",
        "contact_email": "yann@example.org",
        "space_name": "velo-solidaire",
        "office_suite": "onlyoffice",
        "accept_terms": true,
        "language": "fr"
    })
}

/// The path a 303 points to.
pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no Location header on {}", response.status()))
}

/// A free local port, for a server started later.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// A moderator account made for a test, and its password.
pub struct Account {
    pub email: String,
    pub password: String,
}

impl TestApp {
    /// Runs synchronous database work on the app's pool.
    pub async fn db<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut passeur::db::DbConn) -> T + Send + 'static,
    ) -> T {
        let state = self.state.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = state.pool.get().expect("a connection");
            work(&mut conn)
        })
        .await
        .expect("database task")
    }

    /// Creates an account with `role` (`moderator` or `admin`).
    pub async fn add_account(&self, email: &str, role: &str) -> Account {
        let password = "a long enough password".to_string();
        let new = passeur::moderation::accounts::NewModerator::parse(email, "", role, &password)
            .expect("valid account");
        self.db(move |c| {
            passeur::moderation::accounts::add(c, &new, passeur::db::now()).expect("account added")
        })
        .await;
        Account {
            email: email.to_string(),
            password,
        }
    }

    /// Signs in and returns a client holding the session cookie.
    pub async fn login(&self, account: &Account) -> reqwest::Client {
        let client = client();
        let response = client
            .post(self.url("/admin/login"))
            .form(&[
                ("email", account.email.as_str()),
                ("password", account.password.as_str()),
                ("next", "/admin"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status().as_u16(),
            303,
            "login of {}",
            account.email
        );
        client
    }

    /// `GET /api/v1/applications?{query}` with `token`, which must answer
    /// 200; its JSON body.
    pub async fn api_get(&self, token: &str, query: &str) -> serde_json::Value {
        let response = self
            .client
            .get(self.url(&format!("/api/v1/applications?{query}")))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "{query}");
        response.json().await.unwrap()
    }

    /// A new API token.
    pub async fn token(&self) -> String {
        self.db(|c| {
            passeur::moderation::tokens::add(c, "tests", passeur::db::now())
                .unwrap()
                .1
        })
        .await
    }

    /// Submits an application through the API and confirms it; returns its id.
    pub async fn confirmed_application(&self, overrides: serde_json::Value) -> String {
        let mut body = valid_json();
        if let (Some(target), Some(extra)) = (body.as_object_mut(), overrides.as_object()) {
            for (k, v) in extra {
                target.insert(k.clone(), v.clone());
            }
        }
        let response = self.post_json(&body).await;
        assert_eq!(
            response.status().as_u16(),
            201,
            "{:?}",
            response.text().await
        );
        let created: serde_json::Value = response.json().await.unwrap();
        let id = created["id"].as_str().unwrap().to_string();
        let id2 = id.clone();
        let state = self.state.clone();
        self.db(move |c| {
            let hooks = state.event_context(&state.policy(c).unwrap());
            passeur::applications::store::confirm(c, &id2, passeur::db::now(), Some(&hooks))
                .unwrap()
        })
        .await;
        self.state.wake_all();
        id
    }
}

/// The CSRF token of the first form on a page.
pub async fn csrf_of(client: &reqwest::Client, url: &str) -> String {
    let html = client.get(url).send().await.unwrap().text().await.unwrap();
    let at = html
        .find("name=\"csrf\" value=\"")
        .unwrap_or_else(|| panic!("no CSRF field in {url}"));
    let rest = &html[at + 19..];
    rest[..rest.find('"').unwrap()].to_string()
}

/// Undoes the HTML escaping of the templates.
pub fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x3D;", "=")
        .replace("&#x60;", "`")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The value of attribute `name` in one tag's text.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let end = tag[at..].find('"')?;
    Some(unescape(&tag[at..at + end]))
}

/// What a browser would send for the form posting to `action` on `html`:
/// its inputs (checked boxes only), textareas and selected options, in
/// order.
pub fn form_fields(html: &str, action: &str) -> Vec<(String, String)> {
    let start = html
        .find(&format!("action=\"{action}\""))
        .unwrap_or_else(|| panic!("no form posting to {action}"));
    let end = start + html[start..].find("</form>").expect("end of form");
    let form = &html[start..end];
    let mut fields = Vec::new();
    let mut rest = form;
    while let Some(open) = rest.find('<') {
        rest = &rest[open..];
        let close = rest.find('>').unwrap_or(rest.len() - 1);
        let tag = &rest[..=close];
        if tag.starts_with("<input") {
            let kind = attribute(tag, "type").unwrap_or_else(|| "text".into());
            if let Some(name) = attribute(tag, "name") {
                let checked = tag.contains(" checked");
                if !matches!(kind.as_str(), "checkbox" | "radio") || checked {
                    fields.push((name, attribute(tag, "value").unwrap_or_default()));
                }
            }
        } else if tag.starts_with("<textarea") {
            if let Some(name) = attribute(tag, "name") {
                let body = &rest[close + 1..];
                let text_end = body.find("</textarea>").expect("end of textarea");
                fields.push((name, unescape(&body[..text_end])));
            }
        }
        rest = &rest[close + 1..];
    }
    fields
}

/// `fields` with each `(name, value)` of `changes` in place of the first
/// field of that name (added when absent); a value of `None` removes the
/// field (an unticked box).
pub fn changed(
    fields: &[(String, String)],
    changes: &[(&str, Option<&str>)],
) -> Vec<(String, String)> {
    let mut out = fields.to_vec();
    for (name, value) in changes {
        let at = out.iter().position(|(k, _)| k == name);
        match (at, value) {
            (Some(i), Some(v)) => out[i].1 = v.to_string(),
            (Some(i), None) => {
                out.remove(i);
            }
            (None, Some(v)) => out.push((name.to_string(), v.to_string())),
            (None, None) => {}
        }
    }
    out
}

impl TestApp {
    /// Loads the bundled sample applications.
    pub async fn load_fixtures(&self) -> usize {
        self.db(|c| {
            passeur::fixtures::load(c, None, &Default::default())
                .expect("fixtures load")
                .loaded
        })
        .await
    }

    /// Changes the settings page as an administrator would: reads the form,
    /// applies `changes`, posts it, and returns the answer.
    pub async fn change_settings(
        &self,
        admin: &reqwest::Client,
        changes: &[(&str, Option<&str>)],
    ) -> reqwest::Response {
        let html = self.text_as(admin, "/admin/settings").await;
        let fields = changed(&form_fields(&html, "/admin/settings"), changes);
        admin
            .post(self.url("/admin/settings"))
            .form(&fields)
            .send()
            .await
            .unwrap()
    }

    /// Calls a moderation action of the JSON API with `token`.
    pub async fn api_decide(
        &self,
        token: &str,
        id: &str,
        action: &str,
        body: serde_json::Value,
    ) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/v1/applications/{id}/{action}")))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }
}

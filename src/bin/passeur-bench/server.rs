//! The server under test: the release `passeur` binary next to this one,
//! run as a child process with its own database, port and mail folder.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `passeur serve`.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// From the spawn to the first 200 of `/healthz`.
    pub startup: Duration,
}

/// The `passeur` binary built with this one (same profile, same folder).
pub fn binary() -> PathBuf {
    let me = std::env::current_exe().expect("the bench's own path");
    me.with_file_name("passeur")
}

/// Builds the `passeur` binary next to this one, so that `cargo run --release
/// --bin passeur-bench` on a fresh clone measures the server of the same
/// sources (cargo builds only the binary it is asked to run). Outside cargo
/// the binary must already be there.
pub fn build() {
    let path = binary();
    let Some(cargo) = std::env::var_os("CARGO") else {
        assert!(
            path.exists(),
            "{} is missing: build it with `cargo build --release`",
            path.display()
        );
        return;
    };
    let mut c = Command::new(cargo);
    c.args(["build", "--bin", "passeur"]);
    if !cfg!(debug_assertions) {
        c.arg("--release");
    }
    let built = c.status().expect("cargo build --bin passeur");
    assert!(built.success(), "cargo build --bin passeur failed");
}

/// `passeur ARGS…` on `database_url`, for the commands that are not `serve`.
pub fn command(database_url: &str, mail: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(binary());
    c.args(args)
        .env("PASSEUR_DATABASE_URL", database_url)
        .env("PASSEUR_MAIL_DIR", mail)
        // The bench is one address sending thousands of applications.
        .env("PASSEUR_SUBMISSIONS_PER_HOUR", "1000000000")
        .env("PASSEUR_WEBHOOK_ALLOWED_NETWORKS", "127.0.0.0/8")
        .env("PASSEUR_LOG", "warn")
        .stdin(Stdio::null());
    c
}

impl Server {
    /// Starts the server and waits for its first healthy answer.
    pub async fn start(database_url: &str, mail: &Path) -> Server {
        let port = free_port();
        let started = Instant::now();
        let mut child = command(database_url, mail, &["serve"])
            .env("PASSEUR_BIND", format!("127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("passeur serve starts");
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        while started.elapsed() < Duration::from_secs(60) {
            let up = client.get(format!("{base}/healthz")).send().await;
            if up.is_ok_and(|r| r.status().is_success()) {
                return Server {
                    child,
                    base,
                    startup: started.elapsed(),
                };
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("passeur serve did not answer within a minute");
    }

    /// Resident memory now and at its peak, in bytes (from `/proc`).
    pub fn memory(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
                .map_or(0, |kb| kb * 1024)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }

    /// Stops the server as a service manager would (SIGTERM), and waits.
    pub fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// A free TCP port on loopback.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

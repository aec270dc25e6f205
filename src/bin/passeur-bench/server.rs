//! The server under test: the release `passeur` binary next to this one,
//! run as a child process with its own database, port and mail relay.

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
pub fn command(database_url: &str, smtp_url: &str, args: &[&str]) -> Command {
    let mut c = Command::new(binary());
    c.args(args)
        .env("PASSEUR_DATABASE_URL", database_url)
        .env("PASSEUR_SMTP_URL", smtp_url)
        // The bench is one address sending thousands of applications.
        .env("PASSEUR_SUBMISSIONS_PER_HOUR", "1000000000")
        .env("PASSEUR_WEBHOOK_ALLOWED_NETWORKS", "127.0.0.0/8")
        .env("PASSEUR_LOG", "warn")
        .stdin(Stdio::null());
    c
}

impl Server {
    /// Starts the server and waits for its first healthy answer.
    pub async fn start(database_url: &str, smtp_url: &str) -> Server {
        let port = free_port();
        let started = Instant::now();
        let mut child = command(database_url, smtp_url, &["serve"])
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

    /// Processor time the server has used so far: the whole process, and
    /// its group-commit writer threads (`passeur-commit-N`), the one place
    /// where SQLite's writes queue. Differences of two readings give what a
    /// load cost the server, which a slow stretch of the machine does not
    /// change as it changes a rate.
    pub fn cpu(&self) -> Cpu {
        cpu_of(&format!("/proc/{}", self.child.id()))
    }

    /// Stops the server as a service manager would (SIGTERM), and waits.
    pub fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// Processor time so far of the process whose `/proc` folder is `proc`
/// (`/proc/self` for the bench's own), and of its group-commit writer
/// threads (see [`Server::cpu`]).
pub fn cpu_of(proc: &str) -> Cpu {
    let writers = std::fs::read_dir(format!("{proc}/task"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|task| {
            std::fs::read_to_string(task.path().join("comm"))
                .is_ok_and(|name| name.starts_with("passeur-commit"))
        })
        .map(|task| ticks(&task.path().join("stat")))
        .sum();
    Cpu {
        process: ticks(Path::new(&format!("{proc}/stat"))),
        writers,
    }
}

/// A free TCP port on loopback.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Processor time of the server, see [`Server::cpu`].
#[derive(Debug, Clone, Copy)]
pub struct Cpu {
    /// The whole process (user and system).
    pub process: Duration,
    /// Its group-commit writer threads.
    pub writers: Duration,
}

impl std::ops::Sub for Cpu {
    type Output = Cpu;
    fn sub(self, earlier: Cpu) -> Cpu {
        Cpu {
            process: self.process.saturating_sub(earlier.process),
            writers: self.writers.saturating_sub(earlier.writers),
        }
    }
}

/// User and system time in a `/proc` `stat` file. The kernel counts them in
/// clock ticks of 1/100 s (`USER_HZ`, the same on every architecture Linux
/// exposes to programs); the name field may hold spaces, so fields are
/// counted after its closing parenthesis.
fn ticks(stat: &Path) -> Duration {
    let text = std::fs::read_to_string(stat).unwrap_or_default();
    let after_name = text.rsplit_once(')').map_or("", |(_, rest)| rest);
    // Fields 14 and 15 of the line, the 12th and 13th after the name.
    let sum: u64 = after_name
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|t| t.parse::<u64>().ok())
        .sum();
    Duration::from_millis(sum * 10)
}

impl Cpu {
    /// This processor time shared out over `items` pieces of work.
    pub fn per(self, items: u64) -> Cpu {
        let items = u32::try_from(items.max(1)).unwrap_or(u32::MAX);
        Cpu {
            process: self.process / items,
            writers: self.writers / items,
        }
    }
}

/// A share of processor time for one piece of work (see [`Cpu::per`]).
impl std::fmt::Display for Cpu {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        write!(
            f,
            "{:.2} ms each, {:.2} ms of it on the writer",
            ms(self.process),
            ms(self.writers)
        )
    }
}

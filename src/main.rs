//! The `passeur` command: serve, migrate, load fixtures, purge.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use passeur::config::Settings;
use passeur::host::Policy;
use passeur::i18n::{FluentArg, Lang};
use passeur::moderation::accounts::{self, NewModerator};
use passeur::moderation::tokens;
use passeur::privacy::retention;
use passeur::{db, fixtures, startup::Application};

/// Passeur: applications for a hosted cloud space, moderation, and signed
/// provisioning webhooks.
#[derive(Debug, Parser)]
#[command(name = "passeur", version, about)]
struct Cli {
    /// Configuration file (default: passeur.toml when present).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web server and the background workers (migrates first).
    Serve,
    /// Apply pending database migrations.
    Migrate,
    /// Sample data.
    Fixtures {
        #[command(subcommand)]
        action: FixturesAction,
    },
    /// Moderator accounts.
    Moderator {
        #[command(subcommand)]
        action: ModeratorAction,
    },
    /// API tokens (for the JSON API and the provisioning callback).
    Token {
        #[command(subcommand)]
        action: TokenAction,
    },
    /// Webhook endpoints.
    Webhook {
        #[command(subcommand)]
        action: WebhookAction,
    },
    /// Apply the retention policy: unconfirmed applications past their
    /// confirmation delay are deleted.
    Purge {
        /// Only say what would be done.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Subcommand)]
enum ModeratorAction {
    /// Create an account; the password is read from standard input.
    Add {
        /// The moderator's e-mail address (their login).
        email: String,
        /// The name shown to other moderators.
        #[arg(long)]
        name: Option<String>,
        /// `moderator` or `admin`.
        #[arg(long, default_value = "moderator")]
        role: String,
        /// Read the password from standard input (required: a password on
        /// the command line would end up in the shell history).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

#[derive(Debug, Subcommand)]
enum TokenAction {
    /// Create a token and print it once.
    Add {
        /// What the token is for (e.g. the provisioning service's name).
        name: String,
    },
}

#[derive(Debug, Subcommand)]
enum WebhookAction {
    /// Register an endpoint; prints its id and its `whsec_` secret.
    Add {
        /// Where events are POSTed.
        url: String,
        /// An event type to send (repeatable); none means every event.
        #[arg(long = "event", value_name = "TYPE")]
        events: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
enum FixturesAction {
    /// Load sample applications (default: fixtures/applications.json).
    Load {
        /// A JSON file of applications.
        path: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("passeur: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("PASSEUR_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,actix_server=warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .init();
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::load(cli.config.as_deref())?;
    match cli.command {
        Command::Serve => {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            runtime.block_on(async {
                // Connecting, migrating and loading the key are blocking
                // database work: off the async threads, as everywhere else.
                let app =
                    tokio::task::spawn_blocking(move || Application::build(settings)).await??;
                let state = app.state();
                tracing::info!(
                    address = %state.settings.bind,
                    base_url = %state.base_url,
                    database = state.db_target.backend_name(),
                    mail = if state.settings.smtp_url.is_some() { "smtp" } else { "files" },
                    "Passeur is listening"
                );
                app.run_until_stopped().await
            })
        }
        Command::Migrate => {
            let pool = db::build_pool(&settings.database_url, 1)?;
            let ran = db::backend::run_migrations(&mut *pool.get()?)?;
            println!("{ran} migration(s) applied");
            Ok(())
        }
        Command::Fixtures {
            action: FixturesAction::Load { path },
        } => {
            let pool = db::build_pool(&settings.database_url, 1)?;
            let mut conn = pool.get()?;
            db::backend::run_migrations(&mut conn)?;
            let thresholds =
                passeur::host::policy::load(&mut conn, &Policy::from_settings(&settings))?.flags;
            let report = fixtures::load(&mut conn, path.as_deref(), &thresholds)
                .context("loading fixtures")?;
            println!(
                "{} application(s) loaded, {} already present",
                report.loaded, report.skipped
            );
            Ok(())
        }
        Command::Moderator {
            action:
                ModeratorAction::Add {
                    email,
                    name,
                    role,
                    password_stdin: _,
                },
        } => {
            let mut password = String::new();
            std::io::stdin()
                .read_line(&mut password)
                .context("reading the password from standard input")?;
            let password = password.trim_end_matches(['\n', '\r']);
            let new = NewModerator::parse(&email, name.as_deref().unwrap_or(""), &role, password)
                .map_err(|errors| anyhow::anyhow!("{}", describe(&errors)))?;
            let pool = db::build_pool(&settings.database_url, 1)?;
            let mut conn = pool.get()?;
            db::backend::run_migrations(&mut conn)?;
            match accounts::add(&mut conn, &new, db::now()) {
                Ok(m) => {
                    println!("{} ({}) added as {}", m.email, m.name, m.role);
                    Ok(())
                }
                Err(accounts::AccountError::Invalid(_)) => {
                    anyhow::bail!("an account with this address already exists")
                }
                Err(e) => Err(e.into()),
            }
        }
        Command::Token {
            action: TokenAction::Add { name },
        } => {
            if name.trim().is_empty() {
                anyhow::bail!("a token needs a name");
            }
            let pool = db::build_pool(&settings.database_url, 1)?;
            let mut conn = pool.get()?;
            db::backend::run_migrations(&mut conn)?;
            let (id, secret) = tokens::add(&mut conn, &name, db::now())?;
            eprintln!("token {id} created; it is shown once, keep it now:");
            println!("{secret}");
            Ok(())
        }
        Command::Webhook {
            action: WebhookAction::Add { url, events },
        } => {
            let policy =
                passeur::webhooks::urls::AddressPolicy::parse(&settings.webhook_allowed_networks)?;
            let pool = db::build_pool(&settings.database_url, 1)?;
            let mut conn = pool.get()?;
            db::backend::run_migrations(&mut conn)?;
            match passeur::webhooks::endpoints::add(
                &mut conn,
                &url,
                "",
                &events,
                &policy,
                db::now(),
            ) {
                Ok((endpoint, secret)) => {
                    println!("{}", endpoint.id);
                    println!("{}", secret.expose());
                    Ok(())
                }
                Err(errors) => anyhow::bail!("{}", describe(&errors)),
            }
        }
        Command::Purge { dry_run } => {
            let pool = db::build_pool(&settings.database_url, 1)?;
            let mut conn = pool.get()?;
            db::backend::run_migrations(&mut conn)?;
            let retention =
                passeur::host::policy::load(&mut conn, &Policy::from_settings(&settings))?
                    .retention;
            let now = db::now();
            let (p, verb) = if dry_run {
                (retention::plan(&mut conn, &retention, now)?, "would be")
            } else {
                let actor = passeur::moderation::audit::Actor::Cli;
                (
                    retention::purge(&mut conn, &retention, &actor, now)?,
                    "were",
                )
            };
            let r = &retention;
            println!(
                "{} unconfirmed application(s) older than {} days {verb} deleted",
                p.unconfirmed_deleted, r.unconfirmed_days
            );
            println!(
                "{} refused application(s) older than {} days {verb} anonymised",
                p.refused_anonymised, r.refused_days
            );
            println!(
                "{} withdrawn application(s) older than {} days {verb} anonymised",
                p.withdrawn_anonymised, r.withdrawn_days
            );
            println!(
                "{} waiting-list address(es) older than {} days {verb} deleted",
                p.waiting_list_deleted, r.waiting_list_days
            );
            Ok(())
        }
    }
}

/// Refused fields in plain English, for the terminal.
fn describe(errors: &passeur::applications::FieldErrors) -> String {
    errors
        .iter()
        .map(|(field, problems)| {
            let args: Vec<(&str, FluentArg)> = problems[0]
                .args
                .iter()
                .map(|(k, v)| (*k, FluentArg::Number(*v)))
                .collect();
            format!("{field}: {}", Lang::En.tr_args(problems[0].key, &args))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

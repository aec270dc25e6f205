//! Settings: one struct, read from an optional TOML file and overridden by
//! `PASSEUR_*` environment variables. Every key has a default that works, so
//! `passeur serve` runs with no configuration at all.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

/// Everything Passeur can be told, with the names of the stable contract.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// `sqlite://FILE` (default) or `postgres://…`.
    pub database_url: String,
    /// Connections kept in the pool.
    pub database_pool_size: u32,
    /// Address the HTTP server listens on.
    pub bind: String,
    /// Public address used in links (e-mails, callback URLs). Defaults to
    /// `http://` + `bind`.
    pub base_url: Option<String>,
    /// `smtp://`, `smtps://` URL of the mail relay; unset writes `.eml` files.
    pub smtp_url: Option<String>,
    /// Folder for `.eml` files when no SMTP relay is configured.
    pub mail_dir: PathBuf,
    /// Sender of every e-mail.
    pub mail_from: String,
    /// CIDR networks webhook URLs may resolve to despite being private.
    pub webhook_allowed_networks: String,
    /// Seconds between a failed webhook attempt and the next, one entry per
    /// retry (jittered); when they run out the delivery has failed.
    pub webhook_retry_schedule_secs: Vec<f64>,
    /// Days an endpoint may fail without a success before it is disabled
    /// (and the administrators told).
    pub webhook_disable_after_days: u32,
    /// Hours the previous secret keeps signing after a rotation.
    pub webhook_secret_grace_hours: u32,
    /// Days an unconfirmed application waits for its e-mail confirmation.
    pub unconfirmed_expiry_days: u32,
    /// More employees than this flags an application.
    pub flag_employees_over: i32,
    /// More beneficiaries than this flags an application.
    pub flag_beneficiaries_over: i32,
    /// A budget above this (euros) flags an application.
    pub flag_budget_over_eur: i64,
    /// Other hosts suggested to structures too large for this one.
    pub friendly_hosts: Vec<String>,
    /// Accounts a space allows, sent in the provisioning payload.
    pub quota_max_accounts: u32,
    /// Storage of a space in GB, sent in the provisioning payload.
    pub quota_storage_gb: u32,
    /// Hours a moderator's session lasts without activity.
    pub session_idle_hours: u32,
    /// Login attempts one client address may make per minute.
    pub login_attempts_per_minute: u32,
    /// Submissions (valid or not) one client address may make per hour.
    pub submissions_per_hour: u32,
    /// Take the client address from `Forwarded`/`X-Forwarded-For`; only set
    /// this behind a reverse proxy that overwrites those headers.
    pub trust_proxy_headers: bool,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// First retry delay of a failed job, in milliseconds; doubles each time.
    pub job_retry_base_ms: u64,
    /// Longest delay between two retries of a job, in seconds.
    pub job_retry_max_secs: u64,
    /// Backstop poll of the job queue, in milliseconds (workers are woken at
    /// once after a commit; this only catches what a wake-up could miss).
    pub job_poll_ms: u64,
    /// Seconds a claimed job stays leased to its worker before another
    /// worker may take it over (a crashed worker's jobs come back after it).
    pub job_lease_secs: u64,
    /// Seconds a count of the statistics is served again without counting
    /// (then served while counted anew); `0` counts at every view.
    pub statistics_max_age_secs: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            database_url: "sqlite://passeur.db".into(),
            database_pool_size: 8,
            bind: "127.0.0.1:8080".into(),
            base_url: None,
            smtp_url: None,
            mail_dir: PathBuf::from("./mail"),
            mail_from: "Passeur <noreply@localhost>".into(),
            webhook_allowed_networks: String::new(),
            webhook_retry_schedule_secs: vec![
                5.0, 30.0, 120.0, 300.0, 1_800.0, 7_200.0, 18_000.0, 36_000.0, 50_400.0, 72_000.0,
                86_400.0,
            ],
            webhook_disable_after_days: 5,
            webhook_secret_grace_hours: 24,
            unconfirmed_expiry_days: 7,
            flag_employees_over: 20,
            flag_beneficiaries_over: 25_000,
            flag_budget_over_eur: 50_000,
            friendly_hosts: vec!["https://www.chatons.org/".into()],
            quota_max_accounts: 50,
            quota_storage_gb: 40,
            session_idle_hours: 12,
            login_attempts_per_minute: 5,
            submissions_per_hour: 60,
            trust_proxy_headers: false,
            max_body_bytes: 64 * 1024,
            job_retry_base_ms: 5_000,
            job_retry_max_secs: 3_600,
            job_poll_ms: 10_000,
            job_lease_secs: 120,
            statistics_max_age_secs: 60,
        }
    }
}

/// A configuration that cannot be used, with the reason in plain words.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read configuration: {0}")]
    Read(#[from] Box<figment::Error>),
    #[error("configuration file {0} does not exist")]
    MissingFile(PathBuf),
    #[error("invalid base_url {0:?}: {1}")]
    BaseUrl(String, String),
}

impl Settings {
    /// Reads `file` (or `passeur.toml` when present) then the environment.
    /// An explicitly named file must exist; the default one is optional.
    pub fn load(file: Option<&Path>) -> Result<Settings, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        match file {
            Some(path) if !path.exists() => return Err(ConfigError::MissingFile(path.into())),
            Some(path) => figment = figment.merge(Toml::file(path)),
            None => figment = figment.merge(Toml::file("passeur.toml")),
        }
        // Only known keys are taken from the environment: other `PASSEUR_*`
        // variables (a test harness's, say) are not configuration, while the
        // file keeps `deny_unknown_fields` so that a typo there is reported.
        let known = Settings::keys();
        figment = figment.merge(
            Env::prefixed("PASSEUR_")
                .filter(move |key| known.iter().any(|k| key.as_str().eq_ignore_ascii_case(k))),
        );
        let settings: Settings = figment.extract().map_err(Box::new)?;
        settings.public_base_url()?;
        Ok(settings)
    }

    /// The names of every configuration key.
    pub fn keys() -> Vec<String> {
        match serde_json::to_value(Settings::default()) {
            Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }

    /// The public base URL without a trailing slash.
    pub fn public_base_url(&self) -> Result<String, ConfigError> {
        let raw = match &self.base_url {
            Some(url) if !url.trim().is_empty() => url.trim().to_string(),
            _ => format!("http://{}", self.bind),
        };
        let parsed =
            url::Url::parse(&raw).map_err(|e| ConfigError::BaseUrl(raw.clone(), e.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(ConfigError::BaseUrl(
                raw,
                "must start with http:// or https://".into(),
            ));
        }
        Ok(raw.trim_end_matches('/').to_string())
    }

    /// The flag thresholds in force.
    pub fn flag_thresholds(&self) -> crate::applications::flags::Thresholds {
        crate::applications::flags::Thresholds {
            employees: self.flag_employees_over,
            beneficiaries: self.flag_beneficiaries_over,
            budget_eur: self.flag_budget_over_eur,
        }
    }

    /// Whether pages are served over HTTPS (cookies then get `Secure`).
    pub fn is_https(&self) -> bool {
        self.public_base_url()
            .map(|u| u.starts_with("https://"))
            .unwrap_or(false)
    }

    /// The address to listen on.
    pub fn bind_addr(&self) -> Result<SocketAddr, std::net::AddrParseError> {
        self.bind.parse()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_need_no_file_and_give_the_contract_values() {
        let s = Settings::default();
        assert_eq!(s.database_url, "sqlite://passeur.db");
        assert_eq!(s.bind, "127.0.0.1:8080");
        assert_eq!(s.public_base_url().unwrap(), "http://127.0.0.1:8080");
        assert_eq!(s.mail_dir, PathBuf::from("./mail"));
    }

    #[test]
    fn a_named_file_that_does_not_exist_is_an_error() {
        let err = Settings::load(Some(Path::new("/nonexistent/passeur.toml"))).unwrap_err();
        assert!(err.to_string().contains("does not exist"));
    }

    #[test]
    fn a_base_url_with_another_scheme_is_refused() {
        let s = Settings {
            base_url: Some("ftp://example.org".into()),
            ..Settings::default()
        };
        assert!(s.public_base_url().is_err());
    }
}

//! E-mail: the lettre transport (an SMTP relay, or `.eml` files when none is
//! configured) and the messages Passeur sends, rendered from `templates/` in
//! the applicant's language with a text and an HTML part.

pub mod messages;

use std::path::Path;
use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::Settings;

/// Why an e-mail could not be built or sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid smtp_url: {0}")]
    SmtpUrl(String),
    #[error("invalid address {0:?}: {1}")]
    Address(String, String),
    #[error("cannot build the message: {0}")]
    Build(String),
    #[error("the SMTP relay refused or could not be reached: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("cannot write the e-mail file: {0}")]
    File(#[from] lettre::transport::file::Error),
    #[error("cannot create the mail folder {0}: {1}")]
    MailDir(String, std::io::Error),
    #[error(transparent)]
    Template(#[from] crate::templates::TemplateError),
}

/// An e-mail ready to go: one recipient, a subject, a text and an HTML part.
#[derive(Debug, Clone)]
pub struct Email {
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// How e-mails leave.
#[derive(Clone)]
pub enum Mailer {
    /// Through an SMTP relay.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// As `.eml` files in a folder, for development and small installs.
    File(AsyncFileTransport<Tokio1Executor>),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Smtp(_) => f.write_str("Mailer::Smtp"),
            Mailer::File(_) => f.write_str("Mailer::File"),
        }
    }
}

/// The sender and transport, built once from the settings.
#[derive(Debug, Clone)]
pub struct Postman {
    mailer: Mailer,
    from: Mailbox,
}

/// The relay's connections kept open between e-mails: as many as the job
/// worker sends at once. lettre keeps ten by default: with sixteen sends at
/// once, six connections were opened and closed again for every batch, a
/// tenth of the server's processor time while it sent a backlog of
/// confirmation e-mails (a profile of the benchmark's intake).
fn pool_config() -> PoolConfig {
    PoolConfig::new().max_size(crate::jobs::worker::BATCH as u32)
}

impl Postman {
    /// SMTP when `smtp_url` is set, otherwise files in `mail_dir`.
    pub fn from_settings(settings: &Settings) -> Result<Postman, MailError> {
        let from: Mailbox =
            settings
                .mail_from
                .parse()
                .map_err(|e: lettre::address::AddressError| {
                    MailError::Address(settings.mail_from.clone(), e.to_string())
                })?;
        let mailer = match settings.smtp_url.as_deref().map(str::trim) {
            Some(url) if !url.is_empty() => Mailer::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    // The URL may hold a password: never echo it back.
                    .map_err(|e| MailError::SmtpUrl(e.to_string()))?
                    .timeout(Some(Duration::from_secs(30)))
                    .pool_config(pool_config())
                    .build(),
            ),
            _ => {
                let dir: &Path = &settings.mail_dir;
                std::fs::create_dir_all(dir)
                    .map_err(|e| MailError::MailDir(dir.display().to_string(), e))?;
                Mailer::File(AsyncFileTransport::<Tokio1Executor>::new(dir))
            }
        };
        Ok(Postman { mailer, from })
    }

    /// Sends one e-mail.
    pub async fn send(&self, email: Email) -> Result<(), MailError> {
        let name = Some(email.to_name.clone()).filter(|n| !n.trim().is_empty());
        let to = Mailbox::new(
            name,
            email
                .to_address
                .parse()
                .map_err(|e: lettre::address::AddressError| {
                    MailError::Address(email.to_address.clone(), e.to_string())
                })?,
        );
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject.trim())
            .multipart(MultiPart::alternative_plain_html(email.text, email.html))
            .map_err(|e| MailError::Build(e.to_string()))?;
        match &self.mailer {
            Mailer::Smtp(transport) => {
                transport.send(message).await?;
            }
            Mailer::File(transport) => {
                transport.send(message).await?;
            }
        }
        Ok(())
    }
}

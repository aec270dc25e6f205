//! The e-mails Passeur sends, rendered in the recipient's language.

use serde_json::{json, Value};

use super::{Email, MailError};
use crate::applications::Application;
use crate::i18n::{FluentArg, Lang};
use crate::moderation::decisions::DecisionRow;
use crate::moderation::Moderator;
use crate::state::AppState;

fn id_of(app: &Application) -> Result<uuid::Uuid, MailError> {
    app.uuid()
        .ok_or_else(|| MailError::Build(format!("application id {} is not a UUID", app.id)))
}

/// The double opt-in e-mail: confirm the address, and keep the status link.
pub fn confirmation(state: &AppState, app: &Application) -> Result<Email, MailError> {
    let id = id_of(app)?;
    let lang = app.lang();
    let expires = app
        .expires_at
        .map(|t| t.format("%d/%m/%Y %H:%M UTC").to_string())
        .unwrap_or_default();
    let data = json!({
        "lang": lang.code(),
        "contact_name": app.contact_name,
        "organisation_name": app.organisation_name,
        "space_name": app.space_name,
        "confirm_url": state.confirm_url(&id),
        "status_url": state.status_url(&id),
        "expires": expires,
        "days": app.expires_at.map(|t| (t - app.created_at).num_days()),
    });
    Ok(Email {
        to_name: app.contact_name.clone(),
        to_address: app.contact_email.clone(),
        subject: state.templates.text("mail/confirmation.subject", &data)?,
        text: state.templates.text("mail/confirmation.txt", &data)?,
        html: state.templates.html("mail/confirmation.html", &data)?,
    })
}

/// A message in the shared layout: a greeting, paragraphs, an optional
/// quoted text (a moderator's words), a link, a signature.
struct Letter {
    lang: Lang,
    subject: String,
    greeting: String,
    paragraphs: Vec<String>,
    quote: Option<String>,
    link: Option<(String, String)>,
}

impl Letter {
    fn render(self, state: &AppState, to_name: &str, to_address: &str) -> Result<Email, MailError> {
        let data: Value = json!({
            "lang": self.lang.code(),
            "greeting": self.greeting,
            "paragraphs": self.paragraphs,
            "quote": self.quote.map(|q| q.lines().map(str::to_string).collect::<Vec<_>>()),
            "link_label": self.link.as_ref().map(|(label, _)| label.clone()),
            "link_url": self.link.as_ref().map(|(_, url)| url.clone()),
        });
        Ok(Email {
            to_name: to_name.to_string(),
            to_address: to_address.to_string(),
            subject: self.subject,
            text: state.templates.text("mail/letter.txt", &data)?,
            html: state.templates.html("mail/letter.html", &data)?,
        })
    }
}

fn text(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let args: Vec<(&str, FluentArg)> = args
        .iter()
        .map(|(k, v)| (*k, FluentArg::Text(v.to_string())))
        .collect();
    lang.tr_args(key, &args)
}

/// The e-mail that tells the applicant of a decision.
pub fn decision(
    state: &AppState,
    app: &Application,
    decision: &DecisionRow,
    policy: &crate::host::Policy,
) -> Result<Option<Email>, MailError> {
    let id = id_of(app)?;
    let lang = app.lang();
    let org = app.organisation_name.as_str();
    let space = app.space_name.as_str();
    let greeting = text(lang, "mail-greeting", &[("name", &app.contact_name)]);
    let status_link = (lang.tr("mail-status-link"), state.status_url(&id));
    let letter = match decision.kind.as_str() {
        "approve" => Letter {
            lang,
            subject: text(lang, "mail-approved-subject", &[("organisation", org)]),
            greeting,
            paragraphs: vec![
                text(
                    lang,
                    "mail-approved-intro",
                    &[("space", space), ("organisation", org)],
                ),
                text(lang, "mail-approved-next", &[]),
                text(
                    lang,
                    "mail-approved-quota",
                    &[
                        ("accounts", &policy.max_accounts.to_string()),
                        ("storage", &policy.storage_gb.to_string()),
                    ],
                ),
            ],
            quote: None,
            link: Some(status_link),
        },
        "refuse" => Letter {
            lang,
            subject: text(lang, "mail-refused-subject", &[("organisation", org)]),
            greeting,
            paragraphs: vec![text(lang, "mail-refused-intro", &[("organisation", org)])],
            quote: decision.message.clone(),
            link: Some(status_link),
        },
        "request_info" => Letter {
            lang,
            subject: text(lang, "mail-info-subject", &[("organisation", org)]),
            greeting,
            paragraphs: vec![
                text(lang, "mail-info-intro", &[("organisation", org)]),
                text(lang, "mail-info-how", &[]),
            ],
            quote: decision.message.clone(),
            link: Some((
                lang.tr("mail-info-link"),
                format!("{}/edit", state.status_url(&id)),
            )),
        },
        _ => return Ok(None),
    };
    letter
        .render(state, &app.contact_name, &app.contact_email)
        .map(Some)
}

/// Tells a moderator that an application was confirmed.
pub fn new_application(
    state: &AppState,
    moderator: &Moderator,
    app: &Application,
    lang: Lang,
) -> Result<Email, MailError> {
    let summary = text(
        lang,
        "mail-new-application-summary",
        &[
            ("organisation", &app.organisation_name),
            ("city", &app.city),
            (
                "type",
                &lang.tr(&format!("structure-type-{}", app.structure_type)),
            ),
        ],
    );
    Letter {
        lang,
        subject: text(
            lang,
            "mail-new-application-subject",
            &[("organisation", &app.organisation_name)],
        ),
        greeting: text(lang, "mail-greeting", &[("name", &moderator.name)]),
        paragraphs: vec![summary],
        quote: None,
        link: Some((
            lang.tr("mail-review-link"),
            format!("{}/admin/applications/{}", state.base_url, app.id),
        )),
    }
    .render(state, &moderator.name, &moderator.email)
}

/// The daily list of applications confirmed since the last digest.
pub fn digest(
    state: &AppState,
    moderator: &Moderator,
    apps: &[Application],
    lang: Lang,
) -> Result<Email, MailError> {
    let count = apps.len().to_string();
    let mut paragraphs = vec![text(lang, "mail-digest-intro", &[("count", &count)])];
    paragraphs.extend(apps.iter().take(50).map(|a| {
        format!(
            "• {} ({}) — {}/admin/applications/{}",
            a.organisation_name, a.city, state.base_url, a.id
        )
    }));
    Letter {
        lang,
        subject: lang.tr_args(
            "mail-digest-subject",
            &[("count", FluentArg::Number(apps.len() as i64))],
        ),
        greeting: text(lang, "mail-greeting", &[("name", &moderator.name)]),
        paragraphs,
        quote: None,
        link: Some((
            lang.tr("mail-review-link"),
            format!("{}/admin", state.base_url),
        )),
    }
    .render(state, &moderator.name, &moderator.email)
}

/// Tells the applicant that the space is ready, with its address.
pub fn space_ready(state: &AppState, app: &Application) -> Result<Email, MailError> {
    let lang = app.lang();
    let url = app.space_url.clone().unwrap_or_default();
    Letter {
        lang,
        subject: text(
            lang,
            "mail-ready-subject",
            &[("organisation", &app.organisation_name)],
        ),
        greeting: text(lang, "mail-greeting", &[("name", &app.contact_name)]),
        paragraphs: vec![
            text(lang, "mail-ready-intro", &[("space", &app.space_name)]),
            text(lang, "mail-ready-next", &[]),
        ],
        quote: None,
        link: Some((lang.tr("mail-ready-link"), url)),
    }
    .render(state, &app.contact_name, &app.contact_email)
}

/// Tells an administrator that an endpoint was disabled after failing.
pub fn endpoint_disabled(
    state: &AppState,
    admin: &Moderator,
    endpoint: &crate::webhooks::endpoints::Endpoint,
    lang: Lang,
) -> Result<Email, MailError> {
    Letter {
        lang,
        subject: text(
            lang,
            "mail-endpoint-disabled-subject",
            &[("url", &endpoint.url)],
        ),
        greeting: text(lang, "mail-greeting", &[("name", &admin.name)]),
        paragraphs: vec![text(
            lang,
            "mail-endpoint-disabled-intro",
            &[
                ("url", &endpoint.url),
                (
                    "days",
                    &state.settings.webhook_disable_after_days.to_string(),
                ),
            ],
        )],
        quote: None,
        link: Some((
            lang.tr("mail-endpoint-link"),
            format!("{}/admin/webhooks/{}", state.base_url, endpoint.id),
        )),
    }
    .render(state, &admin.name, &admin.email)
}

/// Tells an association on the waiting list that sign-ups reopened.
pub fn signups_reopened(
    state: &AppState,
    entry: &crate::host::waiting_list::Entry,
) -> Result<Email, MailError> {
    let lang = entry.lang();
    Letter {
        lang,
        subject: lang.tr("mail-reopened-subject"),
        greeting: lang.tr("mail-reopened-greeting"),
        paragraphs: vec![
            lang.tr("mail-reopened-intro"),
            lang.tr("mail-reopened-privacy"),
        ],
        quote: None,
        link: Some((
            lang.tr("mail-reopened-link"),
            format!("{}/apply", state.base_url),
        )),
    }
    .render(state, "", &entry.email)
}

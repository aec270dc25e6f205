//! The e-mails Passeur sends, rendered in the recipient's language.

use serde_json::json;

use super::{Email, MailError};
use crate::applications::Application;
use crate::state::AppState;

/// The double opt-in e-mail: confirm the address, and keep the status link.
pub fn confirmation(state: &AppState, app: &Application) -> Result<Email, MailError> {
    let Some(id) = app.uuid() else {
        return Err(MailError::Build(format!(
            "application id {} is not a UUID",
            app.id
        )));
    };
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
        "days": state.settings.unconfirmed_expiry_days,
    });
    Ok(Email {
        to_name: app.contact_name.clone(),
        to_address: app.contact_email.clone(),
        subject: state.templates.text("mail/confirmation.subject", &data)?,
        text: state.templates.text("mail/confirmation.txt", &data)?,
        html: state.templates.html("mail/confirmation.html", &data)?,
    })
}

//! What each job does. A handler is idempotent where it can be (an e-mail
//! whose reason has gone is not sent) and returns an error to be retried.

use super::Job;
use crate::applications::{store, Application, Status};
use crate::host::waiting_list;
use crate::mail::messages;
use crate::moderation::{accounts, decisions};
use crate::state::SharedState;

/// [`crate::state::AppState::db`], with handlers' errors.
async fn db<T: Send + 'static>(
    state: &SharedState,
    work: impl FnOnce(&mut crate::db::DbConn) -> anyhow::Result<T> + Send + 'static,
) -> anyhow::Result<T> {
    state.db(work).await
}

/// Runs one job.
pub async fn execute(state: &SharedState, job: &Job) -> anyhow::Result<()> {
    match job.clone() {
        Job::ConfirmationEmail { application_id } => {
            let app = db(state, move |c| Ok(store::find(c, &application_id)?)).await?;
            // Expired and deleted, or confirmed or withdrawn meanwhile:
            // nothing left to send.
            let Some(app) = app.filter(|a| a.status() == Status::Unconfirmed) else {
                return Ok(());
            };
            state
                .postman
                .send(messages::confirmation(state, &app)?)
                .await?;
        }
        Job::DecisionEmail { decision_id } => {
            let s = state.clone();
            let found = db(state, move |c| {
                let Some(decision) = decisions::find(c, &decision_id)? else {
                    return Ok(None);
                };
                let app = store::find(c, &decision.application_id)?;
                let policy = s.policy(c)?;
                Ok(app.map(|a| (a, decision, policy)))
            })
            .await?;
            let Some((app, decision, policy)) = found else {
                return Ok(());
            };
            if let Some(email) = messages::decision(state, &app, &decision, &policy)? {
                state.postman.send(email).await?;
            }
        }
        Job::NewApplicationEmail {
            application_id,
            moderator_id,
        } => {
            let found = db(state, move |c| {
                Ok((
                    store::find(c, &application_id)?,
                    accounts::find(c, &moderator_id)?,
                ))
            })
            .await?;
            if let (Some(app), Some(moderator)) = found {
                if !moderator.disabled && moderator.notify == "immediate" {
                    let lang = moderator.lang();
                    state
                        .postman
                        .send(messages::new_application(state, &moderator, &app, lang)?)
                        .await?;
                }
            }
        }
        Job::SpaceReadyEmail { application_id } => {
            let app = db(state, move |c| Ok(store::find(c, &application_id)?)).await?;
            if let Some(app) = app.filter(|a| a.status() == Status::Active) {
                state
                    .postman
                    .send(messages::space_ready(state, &app)?)
                    .await?;
            }
        }
        Job::EndpointDisabledEmail { endpoint_id } => {
            let found = db(state, move |c| {
                let endpoint = crate::webhooks::endpoints::find(c, &endpoint_id)?;
                let admins: Vec<_> = accounts::list(c)?
                    .into_iter()
                    .filter(|m| m.is_admin() && !m.disabled)
                    .collect();
                Ok((endpoint, admins))
            })
            .await?;
            if let (Some(endpoint), admins) = found {
                for admin in admins {
                    let lang = admin.lang();
                    state
                        .postman
                        .send(messages::endpoint_disabled(state, &admin, &endpoint, lang)?)
                        .await?;
                }
            }
        }
        Job::WaitingListEmail { entry_id } => {
            let s = state.clone();
            let found = db(state, move |c| {
                let Some(entry) = waiting_list::find(c, &entry_id)? else {
                    return Ok(None);
                };
                let policy = s.policy(c)?;
                if !crate::host::intake::intake(c, &policy)?.is_open() {
                    // Closed again before the e-mail left: wait for the
                    // next reopening rather than announce a closed form.
                    waiting_list::requeue(c, &entry.id)?;
                    return Ok(None);
                }
                Ok(Some(entry))
            })
            .await?;
            if let Some(entry) = found {
                state
                    .postman
                    .send(messages::signups_reopened(state, &entry)?)
                    .await?;
                let id = entry.id.clone();
                db(state, move |c| Ok(waiting_list::remove(c, &id)?)).await?;
            }
        }
        Job::DailyDigest {
            moderator_id,
            since,
        } => {
            let found = db(state, move |c| {
                let moderator = accounts::find(c, &moderator_id)?;
                let apps: Vec<Application> = store::confirmed_since(c, since)?;
                Ok((moderator, apps))
            })
            .await?;
            if let (Some(moderator), apps) = found {
                if !apps.is_empty() && !moderator.disabled && moderator.notify == "daily" {
                    let lang = moderator.lang();
                    state
                        .postman
                        .send(messages::digest(state, &moderator, &apps, lang)?)
                        .await?;
                }
            }
        }
    }
    Ok(())
}

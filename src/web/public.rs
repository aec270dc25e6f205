//! The public pages: home, the application form, the confirmation link and
//! the applicant's status page.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::json;

use super::body::read_limited;
use super::error::WebError;
use super::form_view;
use super::intake;
use super::page::{render, PageLang};
use crate::applications::links::Purpose;
use crate::applications::store::{self, Confirmation};
use crate::applications::{
    Application, ApplicationError, FieldErrors, NewApplication, RawSubmission,
};
use crate::host::Intake;
use crate::moderation::audit;
use crate::state::AppState;
use crate::{db, i18n::Lang};

type State = web::Data<AppState>;

/// `GET /`: what Passeur is, and the way to apply.
pub async fn home(req: HttpRequest, state: State, page: PageLang) -> HttpResponse {
    let s = state.clone().into_inner();
    // A database hiccup only hides the link: the page itself needs nothing.
    let transparency = state
        .db(move |conn| s.policy(conn).map(|p| p.transparency))
        .await
        .unwrap_or(false);
    render(
        &state,
        &req,
        page,
        StatusCode::OK,
        "home",
        "home-title",
        json!({ "transparency": transparency }),
    )
}

/// `GET /apply`: the empty form, or why sign-ups are closed.
pub async fn apply_form(req: HttpRequest, state: State, page: PageLang) -> HttpResponse {
    match intake::current(&state).await {
        Ok(Intake::Open) => {}
        Ok(closed) => return intake::closed_page(&state, &req, page, &closed, StatusCode::OK),
        Err(e) => return e.page(&state, &req, page),
    }
    let data = form_view::apply_form(
        page.lang,
        &RawSubmission::default(),
        &FieldErrors::default(),
    );
    render(
        &state,
        &req,
        page,
        StatusCode::OK,
        "apply",
        "apply-title",
        data,
    )
}

/// `GET /apply/thanks`: where robots caught by the honeypot are sent.
pub async fn apply_thanks(req: HttpRequest, state: State, page: PageLang) -> HttpResponse {
    render(
        &state,
        &req,
        page,
        StatusCode::OK,
        "apply_thanks",
        "thanks-title",
        json!({}),
    )
}

/// Refuses a state-changing request sent by another site's page. Browsers
/// say where a form was posted from: `Sec-Fetch-Site` first, `Origin`
/// otherwise. Requests from scripts and tests carry neither and pass.
///
/// Our pages ask for no referrer, and with that policy browsers send
/// `Origin: null` on a form post, even to the same site: `null` cannot be
/// told apart, so it passes (these forms carry no session to abuse; the
/// back-office's own forms have a CSRF token besides).
pub(crate) fn check_same_origin(req: &HttpRequest, base_url: &str) -> Result<(), WebError> {
    let headers = req.headers();
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some("cross-site") => return Err(WebError::CrossSite),
        Some("same-origin") | Some("none") => return Ok(()),
        _ => {}
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    if origin == "null" {
        return Ok(());
    }
    let own = url::Url::parse(base_url)
        .ok()
        .map(|u| u.origin().ascii_serialization());
    let host = req.connection_info().host().to_string();
    let scheme = req.connection_info().scheme().to_string();
    if Some(origin.to_string()) == own || origin == format!("{scheme}://{host}") {
        Ok(())
    } else {
        Err(WebError::CrossSite)
    }
}

/// Reads a posted form within the size limit; `Err` is the page to answer.
pub(crate) async fn read_form(
    state: &AppState,
    req: &HttpRequest,
    page: PageLang,
    payload: web::Payload,
) -> Result<web::Bytes, HttpResponse> {
    read_limited(payload, state.settings.max_body_bytes)
        .await
        .map_err(|e| e.page(state, req, page))
}

/// `POST /apply`: stores the application and sends the applicant to the
/// status page (303), or shows the form again with every value and every
/// error (422).
pub async fn apply_submit(
    req: HttpRequest,
    state: State,
    page: PageLang,
    payload: web::Payload,
) -> HttpResponse {
    if let Err(e) = check_same_origin(&req, &state.base_url) {
        return e.page(&state, &req, page);
    }
    let body = match read_form(&state, &req, page, payload).await {
        Ok(body) => body,
        Err(refused) => return refused,
    };
    let raw = RawSubmission::from_form(&body);
    let client = super::client::address(&req, state.settings.trust_proxy_headers);
    if state.submit_limiter.check_key(&client).is_err() {
        // Keep what was typed: the person can send it again later.
        let mut data = form_view::apply_form(page.lang, &raw, &FieldErrors::default());
        data["notice"] = json!(WebError::RateLimited.message(page.lang));
        let mut response = render(
            &state,
            &req,
            page,
            StatusCode::TOO_MANY_REQUESTS,
            "apply",
            "apply-title",
            data,
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from_static("600"));
        return response;
    }
    if !raw.honeypot.trim().is_empty() {
        tracing::info!(%client, "honeypot filled: submission dropped");
        return see_other("/apply/thanks");
    }
    match submit(&state, raw.clone(), page.lang).await {
        Ok(app) => match app.uuid() {
            Some(id) => see_other(&format!(
                "/status/{}",
                state.links.token(Purpose::Status, &id)
            )),
            None => {
                WebError::Internal("application id is not a UUID".into()).page(&state, &req, page)
            }
        },
        Err(SubmitError::Invalid(errors)) => {
            let data = form_view::apply_form(page.lang, &raw, &errors);
            render(
                &state,
                &req,
                page,
                StatusCode::UNPROCESSABLE_ENTITY,
                "apply",
                "apply-title",
                data,
            )
        }
        Err(SubmitError::Closed(closed)) => {
            intake::closed_page(&state, &req, page, &closed, StatusCode::SERVICE_UNAVAILABLE)
        }
        Err(SubmitError::Web(e)) => e.page(&state, &req, page),
    }
}

/// Why a submission was not stored.
pub enum SubmitError {
    /// Fields were refused.
    Invalid(FieldErrors),
    /// Sign-ups are closed.
    Closed(Intake),
    /// Something else went wrong.
    Web(WebError),
}

/// Parses and stores a submission, then wakes the mail worker. Shared by the
/// form and the JSON API.
pub async fn submit(
    state: &State,
    raw: RawSubmission,
    lang: Lang,
) -> Result<Application, SubmitError> {
    let this_year = chrono::Datelike::year(&chrono::Utc::now());
    let new = NewApplication::parse(&raw, this_year, lang).map_err(SubmitError::Invalid)?;
    let s = state.clone().into_inner();
    // Submissions come many at a time: they share their commits.
    let result = state
        .write(move |conn| {
            let policy = s.policy(conn)?;
            let now_open = crate::host::intake::intake(conn, &policy)?;
            if !now_open.is_open() {
                return Ok(Err(now_open));
            }
            let rules = s.intake_rules(&policy);
            store::submit(conn, &new, store::Origin::Applicant, db::now(), &rules).map(Ok)
        })
        .await;
    match result {
        Ok(Ok(app)) => {
            state.wakeup.wake();
            Ok(app)
        }
        Ok(Err(closed)) => Err(SubmitError::Closed(closed)),
        Err(ApplicationError::Invalid(errors)) => Err(SubmitError::Invalid(errors)),
        Err(e) => Err(SubmitError::Web(e.into())),
    }
}

pub(crate) fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// `GET /confirm/{token}`: the link in the e-mail.
pub async fn confirm(
    req: HttpRequest,
    state: State,
    page: PageLang,
    token: web::Path<String>,
) -> HttpResponse {
    let Some(id) = state.links.verify(Purpose::Confirm, &token) else {
        return link_not_found(&state, &req, page);
    };
    let s = state.clone().into_inner();
    let result = state
        .db(move |conn| {
            let hooks = s.event_context(&s.policy(conn)?);
            store::confirm(conn, &id.to_string(), db::now(), Some(&hooks))
        })
        .await;
    state.wake_all();
    let (outcome, app) = match result {
        Ok(Confirmation::Confirmed(app)) => ("confirmed", app),
        Ok(Confirmation::AlreadyConfirmed(app)) if app.confirmed_at.is_some() => ("already", app),
        Ok(Confirmation::AlreadyConfirmed(app)) => ("closed", app),
        Err(ApplicationError::NotFound) => return link_not_found(&state, &req, page),
        Err(e) => return WebError::from(e).page(&state, &req, page),
    };
    let status_url = app
        .uuid()
        .map(|id| format!("/status/{}", state.links.token(Purpose::Status, &id)));
    let data = json!({
        "outcome": outcome,
        "confirmed": outcome == "confirmed",
        "already": outcome == "already",
        "closed": outcome == "closed",
        "organisation_name": app.organisation_name,
        "status_url": status_url,
    });
    render(
        &state,
        &req,
        page,
        StatusCode::OK,
        "confirm",
        "confirm-title",
        data,
    )
}

pub(crate) fn link_not_found(state: &AppState, req: &HttpRequest, page: PageLang) -> HttpResponse {
    let data = json!({
        "heading": page.lang.tr("link-not-found-title"),
        "message": page.lang.tr("link-not-found-text"),
        "apply_link": true,
    });
    render(
        state,
        req,
        page,
        StatusCode::NOT_FOUND,
        "message",
        "link-not-found-title",
        data,
    )
}

/// `GET /status/{token}`: where the application stands, in plain words.
pub async fn status(
    req: HttpRequest,
    state: State,
    page: PageLang,
    token: web::Path<String>,
) -> HttpResponse {
    let Some(id) = state.links.verify(Purpose::Status, &token) else {
        return link_not_found(&state, &req, page);
    };
    let result = state
        .db(move |conn| {
            let id = id.to_string();
            let app = store::find(conn, &id).map_err(db::DbError::from)?;
            let history = match &app {
                Some(_) => audit::for_application(conn, &id).map_err(db::DbError::from)?,
                None => Vec::new(),
            };
            Ok::<_, db::DbError>((app, history))
        })
        .await;
    match result {
        Ok((Some(app), history)) => status_page(
            &state,
            &req,
            page,
            &token,
            (&app, &history),
            StatusCode::OK,
            json!({}),
        ),
        Ok((None, _)) => link_not_found(&state, &req, page),
        Err(e) => WebError::from(e).page(&state, &req, page),
    }
}

/// Renders the status page of `app` with `extra` data (an error of the
/// deletion form).
pub(crate) fn status_page(
    state: &AppState,
    req: &HttpRequest,
    page: PageLang,
    token: &str,
    (app, history): (&Application, &[audit::AuditEntry]),
    code: StatusCode,
    extra: serde_json::Value,
) -> HttpResponse {
    let lang = page.lang;
    let status = app.status();
    let timeline: Vec<_> = history
        .iter()
        .filter(|e| {
            PUBLIC_ACTIONS.contains(&e.action.as_str()) && lang.has(&timeline_key(&e.action))
        })
        .map(|e| {
            json!({
                "label": lang.tr(&timeline_key(&e.action)),
                "at": e.created_at.format("%d/%m/%Y %H:%M").to_string(),
                "datetime": e.created_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            })
        })
        .collect();
    let mut data = json!({
        "organisation_name": app.organisation_name,
        "anonymised": app.anonymised_at.is_some(),
        "space_name": app.space_name,
        "status_code": status.code(),
        "status_label": lang.tr(&format!("status-{}", status.code())),
        "status_text": lang.tr(&format!("status-{}-text", status.code())),
        "unconfirmed": status == crate::applications::Status::Unconfirmed,
        "contact_email": mask_email(&app.contact_email),
        "expires": app.expires_at.map(|t| t.format("%d/%m/%Y %H:%M UTC").to_string()),
        "timeline": timeline,
        "can_withdraw": status.can_withdraw(),
        "can_edit": status == crate::applications::Status::InfoRequested,
        "edit_url": format!("/status/{token}/edit"),
        "withdraw_url": format!("/status/{token}/withdraw"),
        "export_url": format!("/status/{token}/data.json"),
        "delete_url": format!("/status/{token}/delete"),
        "can_delete": crate::privacy::erasure::applicant_may_delete(status),
    });
    if let (serde_json::Value::Object(map), serde_json::Value::Object(extra)) = (&mut data, extra) {
        map.extend(extra);
    }
    render(state, req, page, code, "status", "status-title", data)
}

/// `GET /status/{token}/edit`: the form, filled in, when the team asked
/// for more information.
pub async fn edit_form(
    req: HttpRequest,
    state: State,
    page: PageLang,
    token: web::Path<String>,
) -> HttpResponse {
    let Some(id) = state.links.verify(Purpose::Status, &token) else {
        return link_not_found(&state, &req, page);
    };
    let result = state
        .db(move |conn| {
            let id = id.to_string();
            let app = store::find(conn, &id).map_err(db::DbError::from)?;
            let last = crate::moderation::decisions::last_decision(conn, &id)
                .map_err(db::DbError::from)?;
            Ok::<_, db::DbError>((app, last))
        })
        .await;
    match result {
        Ok((Some(app), last)) if app.status() == crate::applications::Status::InfoRequested => {
            let raw = RawSubmission::from_application(&app);
            let data = edit_data(
                page.lang,
                &raw,
                &FieldErrors::default(),
                &token,
                last.and_then(|d| d.message),
            );
            render(
                &state,
                &req,
                page,
                StatusCode::OK,
                "apply",
                "edit-title",
                data,
            )
        }
        Ok((Some(app), _)) => WebError::Conflict {
            current: app.status(),
        }
        .page(&state, &req, page),
        Ok((None, _)) => link_not_found(&state, &req, page),
        Err(e) => WebError::from(e).page(&state, &req, page),
    }
}

fn edit_data(
    lang: Lang,
    raw: &RawSubmission,
    errors: &FieldErrors,
    token: &str,
    info_message: Option<String>,
) -> serde_json::Value {
    let mut data = form_view::apply_form(lang, raw, errors);
    data["editing"] = json!(true);
    data["info_message"] = json!(info_message);
    data["form_action"] = json!(format!("/status/{token}/edit"));
    data["fields"]["contact_email"]["readonly"] = json!(true);
    data
}

/// `POST /status/{token}/edit`: the completed application goes back to
/// the queue.
pub async fn edit_submit(
    req: HttpRequest,
    state: State,
    page: PageLang,
    token: web::Path<String>,
    payload: web::Payload,
) -> HttpResponse {
    if let Err(e) = check_same_origin(&req, &state.base_url) {
        return e.page(&state, &req, page);
    }
    let Some(id) = state.links.verify(Purpose::Status, &token) else {
        return link_not_found(&state, &req, page);
    };
    let body = match read_form(&state, &req, page, payload).await {
        Ok(body) => body,
        Err(refused) => return refused,
    };
    let id = id.to_string();
    let id2 = id.clone();
    let current = state
        .db(move |conn| store::find(conn, &id2).map_err(db::DbError::from))
        .await;
    let app = match current {
        Ok(Some(app)) => app,
        Ok(None) => return link_not_found(&state, &req, page),
        Err(e) => return WebError::from(e).page(&state, &req, page),
    };
    let mut raw = RawSubmission::from_form(&body);
    // The confirmed address stays; the terms were accepted at submission.
    raw.contact_email = app.contact_email.clone();
    raw.accept_terms = true;
    let this_year = chrono::Datelike::year(&chrono::Utc::now());
    let new = match NewApplication::parse(&raw, this_year, page.lang) {
        Ok(new) => new,
        Err(errors) => {
            let data = edit_data(page.lang, &raw, &errors, &token, None);
            return render(
                &state,
                &req,
                page,
                StatusCode::UNPROCESSABLE_ENTITY,
                "apply",
                "edit-title",
                data,
            );
        }
    };
    let s = state.clone().into_inner();
    let result = state
        .db(move |conn| {
            let rules = s.intake_rules(&s.policy(conn)?);
            store::edit(conn, &id, &new, &rules, db::now())
        })
        .await;
    match result {
        Ok(_) => see_other(&format!("/status/{}", token.as_str())),
        Err(ApplicationError::Invalid(errors)) => {
            let data = edit_data(page.lang, &raw, &errors, &token, None);
            render(
                &state,
                &req,
                page,
                StatusCode::UNPROCESSABLE_ENTITY,
                "apply",
                "edit-title",
                data,
            )
        }
        Err(e) => WebError::from(e).page(&state, &req, page),
    }
}

/// Shows enough of an address to recognise it, not enough to harvest it.
fn mask_email(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}…@{domain}")
        }
        None => "…".into(),
    }
}

/// `POST /status/{token}/withdraw`: the applicant withdraws.
pub async fn withdraw(
    req: HttpRequest,
    state: State,
    page: PageLang,
    token: web::Path<String>,
) -> HttpResponse {
    if let Err(e) = check_same_origin(&req, &state.base_url) {
        return e.page(&state, &req, page);
    }
    let Some(id) = state.links.verify(Purpose::Status, &token) else {
        return link_not_found(&state, &req, page);
    };
    let s = state.clone().into_inner();
    let result = state
        .db(move |conn| {
            let hooks = s.event_context(&s.policy(conn)?);
            store::withdraw(conn, &id.to_string(), db::now(), Some(&hooks))
        })
        .await;
    state.wake_all();
    match result {
        Ok(_) => see_other(&format!("/status/{}", token.as_str())),
        Err(ApplicationError::NotFound) => link_not_found(&state, &req, page),
        Err(e) => WebError::from(e).page(&state, &req, page),
    }
}

/// What the applicant sees of the timeline (not who claimed it, nor notes).
const PUBLIC_ACTIONS: &[&str] = &[
    "application.created",
    "application.submitted",
    "application.withdrawn",
    "application.approved",
    "application.refused",
    "application.info_requested",
    "application.edited",
    "application.reopened",
];

/// The translation key of an audit action (Fluent keys have no dots).
fn timeline_key(action: &str) -> String {
    format!("timeline-{}", action.replace('.', "-"))
}

#[cfg(test)]
mod tests {
    use super::mask_email;

    #[test]
    fn masked_addresses_keep_the_first_letter_and_the_domain() {
        assert_eq!(mask_email("camille@example.org"), "c…@example.org");
    }
}

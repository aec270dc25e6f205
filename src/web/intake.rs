//! The form when sign-ups are closed (paused by an administrator, or the
//! capacity reached): why, when to come back, other hosts, and the waiting
//! list an association joins to be told when they reopen.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::json;

use super::form_view::message;
use super::page::{render, PageLang};
use super::public::{check_same_origin, read_form};
use super::WebError;
use crate::applications::identity::ContactEmail;
use crate::applications::submission::HONEYPOT_FIELD;
use crate::db;
use crate::host::{intake, waiting_list, Intake};
use crate::i18n::Lang;
use crate::state::AppState;

/// Reads the state of the intake under the policy in force.
pub async fn current(state: &web::Data<AppState>) -> Result<Intake, WebError> {
    let s = state.clone().into_inner();
    state
        .db(move |conn| {
            let policy = s.policy(conn)?;
            Ok::<_, db::DbError>(intake::intake(conn, &policy)?)
        })
        .await
        .map_err(WebError::from)
}

/// What the closed page shows; `email`/`error` keep what was typed.
fn closed_data(
    intake: &Intake,
    lang: Lang,
    email: &str,
    error: Option<String>,
) -> serde_json::Value {
    let closure = intake.closure();
    json!({
        "paused": matches!(intake, Intake::Paused(_)),
        "explanation": intake.explanation(lang),
        "message": Some(intake.message(lang)).filter(|m| !m.trim().is_empty()),
        "hosts": closure.map(|c| c.friendly_hosts.clone()).unwrap_or_default(),
        "email": email,
        "email_error": error,
        "honeypot_field": HONEYPOT_FIELD,
    })
}

/// The closed form, with `status`.
pub fn closed_page(
    state: &AppState,
    req: &HttpRequest,
    page: PageLang,
    intake: &Intake,
    status: StatusCode,
) -> HttpResponse {
    let data = closed_data(intake, page.lang, "", None);
    render(
        state,
        req,
        page,
        status,
        "apply_closed",
        "closed-title",
        data,
    )
}

/// The JSON answer to a submission while closed: `503` with the reason's
/// code, the explanation, and where to join the waiting list.
pub fn closed_json(state: &AppState, intake: &Intake, lang: Lang) -> HttpResponse {
    let message = match intake.message(lang) {
        m if m.trim().is_empty() => intake.explanation(lang),
        m => format!("{} {}", intake.explanation(lang), m),
    };
    HttpResponse::ServiceUnavailable().json(json!({ "error": {
        "code": intake.code(),
        "message": message,
        "reopens_on": intake.closure().and_then(|c| c.reopens_on),
        "other_hosts": intake.closure().map(|c| c.friendly_hosts.clone()),
        "waiting_list_url": format!("{}/apply", state.base_url),
    } }))
}

/// `POST /waiting-list`: joins the waiting list of a closed intake.
pub async fn join(
    req: HttpRequest,
    state: web::Data<AppState>,
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
    let field = |name: &str| {
        form_urlencoded::parse(&body)
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    let (typed, honeypot) = (field("email"), field(HONEYPOT_FIELD));
    let intake = match current(&state).await {
        Ok(Intake::Open) => {
            return HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/apply"))
                .finish()
        }
        Ok(closed) => closed,
        Err(e) => return e.page(&state, &req, page),
    };
    let client = super::client::address(&req, state.settings.trust_proxy_headers);
    if state.submit_limiter.check_key(&client).is_err() {
        let mut data = closed_data(&intake, page.lang, &typed, None);
        data["notice"] = json!(WebError::RateLimited.message(page.lang));
        return render(
            &state,
            &req,
            page,
            StatusCode::TOO_MANY_REQUESTS,
            "apply_closed",
            "closed-title",
            data,
        );
    }
    let email = match ContactEmail::parse(&typed) {
        Ok(email) => email,
        Err(problem) => {
            let data = closed_data(
                &intake,
                page.lang,
                &typed,
                Some(message(page.lang, &problem)),
            );
            return render(
                &state,
                &req,
                page,
                StatusCode::UNPROCESSABLE_ENTITY,
                "apply_closed",
                "closed-title",
                data,
            );
        }
    };
    if honeypot.trim().is_empty() {
        let lang = page.lang;
        let result = state
            .db(move |conn| {
                waiting_list::join(conn, &email, lang, db::now()).map_err(db::DbError::from)
            })
            .await;
        if let Err(e) = result {
            return WebError::from(e).page(&state, &req, page);
        }
    }
    let mut data = closed_data(&intake, page.lang, "", None);
    data["joined"] = json!(true);
    render(
        &state,
        &req,
        page,
        StatusCode::OK,
        "apply_closed",
        "closed-title",
        data,
    )
}

//! `POST /api/v1/applications/{id}/provisioning`: the provisioner reports
//! the space ready (`active`) or its creation failed (`failed`); and
//! `GET /metrics`.

use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::{json, Value};

use super::api::invalid;
use super::api_moderation::Bearer;
use super::body::read_limited;
use super::page::PageLang;
use super::WebError;
use crate::db::{self, DbError};
use crate::state::AppState;
use crate::webhooks::callback::{self, CallbackError, Report};

type State = web::Data<AppState>;

/// The provisioner's callback: idempotent, 409 on an application that is
/// not waiting for its space.
pub async fn report(
    req: HttpRequest,
    state: State,
    bearer: Bearer,
    id: web::Path<String>,
    payload: web::Payload,
) -> HttpResponse {
    let lang = PageLang::of(&req).lang;
    let body = match read_limited(payload, state.settings.max_body_bytes).await {
        Ok(body) => body,
        Err(e) => return e.json(lang),
    };
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&body) else {
        return HttpResponse::BadRequest().json(json!({ "error": { "code": "malformed_json", "message": lang.tr("api-error-not-an-object") } }));
    };
    let field = |k: &str| {
        body.get(k)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    let report = match Report::parse(&field("status"), &field("space_url"), &field("message")) {
        Ok(report) => report,
        Err(errors) => return invalid(lang, &errors),
    };
    let actor = bearer.actor.clone();
    let id = id.into_inner();
    let s = state.clone().into_inner();
    let result = state
        .db(move |conn| {
            let ctx = s.event_context(&s.policy(conn)?);
            callback::report(conn, &ctx, &id, &report, &actor, db::now())
        })
        .await;
    match result {
        Ok((app, changed)) => {
            if changed {
                state.wake_all();
            }
            HttpResponse::Ok().json(json!({ "id": app.id, "status": app.status, "space_url": app.space_url, "changed": changed }))
        }
        Err(CallbackError::Conflict { current }) => HttpResponse::Conflict().json(json!({ "error": {
            "code": "conflict",
            "status": current.code(),
            "message": lang.tr_args("api-error-provisioning-conflict", &[("status", crate::i18n::FluentArg::Text(current.code().to_string()))]),
        } })),
        Err(CallbackError::NotFound) => WebError::NotFound.json(lang),
        Err(CallbackError::Invalid(errors)) => invalid(lang, &errors),
        Err(CallbackError::Db(e)) => WebError::from(e).json(lang),
    }
}

/// `GET /metrics`: Prometheus text format.
pub async fn metrics(state: State) -> HttpResponse {
    let now = db::now();
    let figures = state
        .db(move |conn| {
            let (pending, oldest) = crate::webhooks::deliveries::backlog(conn, now)?;
            let jobs = crate::jobs::pending_count(conn)?;
            Ok::<_, DbError>((pending, oldest, jobs))
        })
        .await;
    match figures {
        Ok((pending, oldest, jobs)) => HttpResponse::Ok()
            .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
            .body(state.metrics.render(pending, oldest, jobs)),
        Err(e) => WebError::from(e).json(crate::i18n::Lang::En),
    }
}

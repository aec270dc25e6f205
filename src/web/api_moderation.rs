//! The bearer-token JSON API: listing and reading applications, and taking
//! decisions, for scripts and other tools.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest, HttpResponse, ResponseError};
use serde_json::{json, Map, Value};

use super::api::invalid;
use super::body::read_limited;
use super::page::PageLang;
use super::WebError;
use crate::applications::flags;
use crate::applications::json::application_json;
use crate::applications::{store, FieldErrors};
use crate::db::{self, DbError};
use crate::moderation::audit::Actor;
use crate::moderation::decisions::{self, Decision, DecisionError};
use crate::moderation::queue::{self, Cursor, Filter};
use crate::moderation::tokens;
use crate::state::AppState;

type State = web::Data<AppState>;

/// A request carrying a valid API token.
#[derive(Debug, Clone)]
pub struct Bearer {
    pub actor: Actor,
}

/// Why a bearer request was refused.
#[derive(Debug, thiserror::Error)]
pub enum BearerRefusal {
    #[error("missing or invalid API token")]
    Unauthorized,
    #[error("database unavailable")]
    Unavailable,
}

impl ResponseError for BearerRefusal {
    fn error_response(&self) -> HttpResponse {
        match self {
            BearerRefusal::Unauthorized => HttpResponse::Unauthorized()
                .insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"passeur\""))
                .json(json!({ "error": { "code": "unauthorized", "message": "A valid API token is required: Authorization: Bearer <token>." } })),
            BearerRefusal::Unavailable => HttpResponse::ServiceUnavailable()
                .insert_header((header::RETRY_AFTER, "5"))
                .json(json!({ "error": { "code": "unavailable", "message": "The database is unavailable; try again." } })),
        }
    }
}

impl FromRequest for Bearer {
    type Error = BearerRefusal;
    type Future = Pin<Box<dyn Future<Output = Result<Bearer, BearerRefusal>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let secret = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(|s| s.trim().to_string());
        let state = req.app_data::<State>().cloned();
        Box::pin(async move {
            let (Some(secret), Some(state)) = (secret, state) else {
                return Err(BearerRefusal::Unauthorized);
            };
            if !secret.starts_with(tokens::PREFIX) || secret.len() > 200 {
                return Err(BearerRefusal::Unauthorized);
            }
            let found = state
                .db(move |conn| tokens::verify(conn, &secret, db::now()).map_err(DbError::from))
                .await;
            match found {
                Ok(Some(token)) => Ok(Bearer {
                    actor: Actor::Token {
                        id: token.id,
                        name: token.name,
                    },
                }),
                Ok(None) => Err(BearerRefusal::Unauthorized),
                Err(_) => Err(BearerRefusal::Unavailable),
            }
        })
    }
}

/// `GET /api/v1/applications`: filters `status`, `structure_type`,
/// `sector`, `flag`, `from`, `to`, `q`; `cursor` and `limit` (≤ 200).
pub async fn list(req: HttpRequest, state: State, _: Bearer) -> HttpResponse {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(req.query_string().as_bytes())
        .into_owned()
        .collect();
    let filter = Filter::from_query(req.query_string(), None);
    let cursor = pairs
        .iter()
        .find(|(k, _)| k == "cursor")
        .and_then(|(_, v)| Cursor::decode(v));
    let limit = pairs
        .iter()
        .find(|(k, _)| k == "limit")
        .and_then(|(_, v)| v.parse::<i64>().ok())
        .unwrap_or(50)
        .clamp(1, 200);
    let result = state
        .db(move |conn| {
            let prepared = filter.prepare(conn);
            let page = queue::page(conn, &prepared, cursor.as_ref(), limit)?;
            let next = page.next.clone();
            let rows = queue::with_flags(conn, page.rows)?;
            Ok::<_, DbError>((rows, next))
        })
        .await;
    match result {
        Ok((rows, next)) => HttpResponse::Ok().json(json!({
            "items": rows.iter().map(|r| application_json(&r.application, &r.flags)).collect::<Vec<_>>(),
            "next_cursor": next.map(|c| c.encode()),
        })),
        Err(e) => WebError::from(e).json(PageLang::of(&req).lang),
    }
}

/// `GET /api/v1/applications/{id}`: the application, its flags and its
/// decisions.
pub async fn show(
    req: HttpRequest,
    state: State,
    _: Bearer,
    id: web::Path<String>,
) -> HttpResponse {
    let id = id.into_inner();
    let result = state
        .db(move |conn| {
            let Some(app) = store::find(conn, &id)? else {
                return Ok(None);
            };
            let flags = flags::for_applications(conn, std::slice::from_ref(&app.id))?;
            let decisions = decisions::for_application(conn, &app.id)?;
            Ok::<_, DbError>(Some((app, flags, decisions)))
        })
        .await;
    match result {
        Ok(Some((app, flags, decisions))) => {
            let mut body = application_json(&app, &flags);
            body["decisions"] = json!(decisions);
            HttpResponse::Ok().json(body)
        }
        Ok(None) => WebError::NotFound.json(PageLang::of(&req).lang),
        Err(e) => WebError::from(e).json(PageLang::of(&req).lang),
    }
}

async fn json_body(
    req: &HttpRequest,
    state: &AppState,
    payload: web::Payload,
) -> Result<Map<String, Value>, HttpResponse> {
    let lang = PageLang::of(req).lang;
    let body = read_limited(payload, state.settings.max_body_bytes)
        .await
        .map_err(|e| e.json(lang))?;
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(HttpResponse::BadRequest().json(json!({ "error": { "code": "malformed_json", "message": lang.tr("api-error-not-an-object") } }))),
    }
}

fn text_field(body: &Map<String, Value>, key: &str) -> String {
    body.get(key)
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string()
}

async fn decide(
    req: HttpRequest,
    state: State,
    bearer: Bearer,
    id: String,
    decision: Result<Decision, FieldErrors>,
) -> HttpResponse {
    let lang = PageLang::of(&req).lang;
    let decision = match decision {
        Ok(d) => d,
        Err(errors) => return invalid(lang, &errors),
    };
    let actor = bearer.actor.clone();
    let s = state.clone().into_inner();
    let result = state
        .write(move |conn| {
            let policy = s.policy(conn)?;
            let hooks = s.event_context(&policy);
            decisions::decide(
                conn,
                &id,
                &decision,
                &actor,
                &policy,
                Some(&hooks),
                db::now(),
            )
        })
        .await;
    match result {
        Ok((app, row)) => {
            state.wake_all();
            HttpResponse::Ok().json(json!({ "id": app.id, "status": app.status, "decision": row }))
        }
        Err(DecisionError::Conflict { current, last }) => HttpResponse::Conflict().json(json!({ "error": {
            "code": "conflict",
            "message": super::admin::conflict_message(lang, current, last.as_deref()),
            "status": current.code(),
            "last_decision": last,
        } })),
        Err(DecisionError::SpaceNameTaken) => HttpResponse::Conflict().json(json!({ "error": { "code": "space_name_taken", "message": lang.tr("admin-reopen-name-taken") } })),
        Err(DecisionError::NotFound) => WebError::NotFound.json(lang),
        Err(DecisionError::Invalid(errors)) => invalid(lang, &errors),
        Err(DecisionError::Db(e)) => WebError::from(e).json(lang),
    }
}

/// `POST /api/v1/applications/{id}/approve`.
pub async fn approve(
    req: HttpRequest,
    state: State,
    bearer: Bearer,
    id: web::Path<String>,
) -> HttpResponse {
    decide(req, state, bearer, id.into_inner(), Ok(Decision::Approve)).await
}

/// `POST /api/v1/applications/{id}/refuse` with `{"reason", "message"}`.
pub async fn refuse(
    req: HttpRequest,
    state: State,
    bearer: Bearer,
    id: web::Path<String>,
    payload: web::Payload,
) -> HttpResponse {
    let body = match json_body(&req, &state, payload).await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let decision = Decision::refuse(&text_field(&body, "reason"), &text_field(&body, "message"));
    decide(req, state, bearer, id.into_inner(), decision).await
}

/// `POST /api/v1/applications/{id}/request-info` with `{"message"}`.
pub async fn request_info(
    req: HttpRequest,
    state: State,
    bearer: Bearer,
    id: web::Path<String>,
    payload: web::Payload,
) -> HttpResponse {
    let body = match json_body(&req, &state, payload).await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let decision = Decision::request_info(&text_field(&body, "message"));
    decide(req, state, bearer, id.into_inner(), decision).await
}

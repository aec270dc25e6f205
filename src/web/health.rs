//! `GET /healthz`: 200 when the database answers, 503 otherwise; and
//! `GET /api/openapi.json`, the description of the JSON API.

use actix_web::http::header::{HeaderValue, CACHE_CONTROL};
use actix_web::{web, HttpResponse};
use diesel::connection::SimpleConnection;
use serde_json::json;

use crate::db::DbError;
use crate::state::AppState;

/// Checks that a pooled connection answers a trivial query.
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let result = state
        .db(|conn| conn.batch_execute("SELECT 1").map_err(DbError::from))
        .await;
    let mut response = match result {
        Ok(()) => HttpResponse::Ok().json(json!({
            "status": "ok",
            "database": state.db_target.backend_name(),
        })),
        Err(cause) => {
            tracing::warn!(%cause, "health check failed");
            HttpResponse::ServiceUnavailable().json(json!({ "status": "unavailable" }))
        }
    };
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The API's description, kept by hand beside the handlers and checked
/// against them by schemathesis (see the README's Quality section).
const OPENAPI: &str = include_str!("../../docs/openapi.json");

/// `GET /api/openapi.json`.
pub async fn openapi() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((
            CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=3600"),
        ))
        .body(OPENAPI)
}

//! `GET /healthz`: 200 when the database answers, 503 otherwise.

use actix_web::{web, HttpResponse};
use diesel::connection::SimpleConnection;
use serde_json::json;

use crate::state::AppState;

/// Checks that a pooled connection answers a trivial query.
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let state2 = state.clone();
    let result = web::block(move || {
        let mut conn = state2.pool.get().map_err(|e| e.to_string())?;
        conn.batch_execute("SELECT 1").map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())
    .and_then(|inner| inner);
    let mut response = match result {
        Ok(()) => HttpResponse::Ok()
            .json(json!({ "status": "ok", "database": state.db_target.backend_name() })),
        Err(cause) => {
            tracing::warn!(%cause, "health check failed");
            HttpResponse::ServiceUnavailable().json(json!({ "status": "unavailable" }))
        }
    };
    response.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    response
}

//! `GET /transparency`: the public figures of the host, on by default and
//! switched off from the settings page. Only aggregates of active spaces,
//! with every group of fewer than five merged into "other", so that no
//! association can be singled out; no name, no address, no e-mail.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::json;

use super::page::{render, PageLang};
use super::WebError;
use crate::applications::Status;
use crate::db::{self, DbError};
use crate::state::AppState;
use crate::statistics::{brackets, charts, disclosure, queries, stamp, Scope};

/// `GET /transparency`.
pub async fn page(req: HttpRequest, state: web::Data<AppState>, page: PageLang) -> HttpResponse {
    let lang = page.lang;
    let s = state.clone().into_inner();
    let result = state
        .db(move |conn| {
            if !s.policy(conn)?.transparency {
                return Ok(None);
            }
            let scope = Scope {
                status: Some(Status::Active),
                ..Scope::default()
            };
            Ok::<_, DbError>(Some(queries::typology(conn, &scope)?))
        })
        .await;
    let figures = match result {
        Ok(Some(f)) => f,
        Ok(None) => return WebError::NotFound.page(&state, &req, page),
        Err(e) => return WebError::from(e).page(&state, &req, page),
    };
    let active = figures.total;
    let data = json!({
        "active": if disclosure::is_publishable(active) { brackets::number(lang, active) } else { String::new() },
        "totals": charts::public_totals(&figures.by_status, lang),
        "charts": charts::public(&figures, lang).iter().map(|c| c.view(lang)).collect::<Vec<_>>(),
        "threshold": disclosure::THRESHOLD,
        "counted_at": stamp(db::now()),
    });
    render(
        &state,
        &req,
        page,
        StatusCode::OK,
        "transparency",
        "transparency-title",
        data,
    )
}

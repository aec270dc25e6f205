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
use crate::db::DbError;
use crate::state::AppState;
use crate::statistics::cache::Kind;
use crate::statistics::{brackets, charts, disclosure, queries, stamp, Scope};

/// `GET /transparency`.
pub async fn page(req: HttpRequest, state: web::Data<AppState>, page: PageLang) -> HttpResponse {
    let lang = page.lang;
    let s = state.clone().into_inner();
    let scope = Scope {
        status: Some(Status::Active),
        ..Scope::default()
    };
    let result = async {
        if !state.db(move |conn| s.policy(conn)).await?.transparency {
            return Ok(None);
        }
        let s = state.clone().into_inner();
        let counted = state
            .figures
            .get(Kind::Typology, &scope, || {
                let scope = scope.clone();
                async move { s.db(move |conn| Ok(queries::typology(conn, &scope)?)).await }
            })
            .await?;
        Ok::<_, DbError>(Some(counted))
    }
    .await;
    let (figures, counted_at) = match result {
        Ok(Some(c)) => (c.figures, c.counted_at),
        Ok(None) => return WebError::NotFound.page(&state, &req, page),
        Err(e) => return WebError::from(e).page(&state, &req, page),
    };
    let active = figures.total;
    let data = json!({
        "active": if disclosure::is_publishable(active) { brackets::number(lang, active) } else { String::new() },
        "totals": charts::public_totals(&figures.by_status, lang),
        "charts": charts::public(&figures, lang).iter().map(|c| c.view(lang)).collect::<Vec<_>>(),
        "threshold": disclosure::THRESHOLD,
        "counted_at": stamp(counted_at),
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

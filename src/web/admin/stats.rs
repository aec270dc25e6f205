//! `GET /admin/stats`: who the host serves and how the moderation goes, for
//! a status and a period, as charts with their tables; `GET
//! /admin/stats.csv` gives the same rows to a spreadsheet (and is audited,
//! like every export).

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::json;

use super::{admin_page, Signed};
use crate::applications::Status;
use crate::db::{self, backend, DbError};
use crate::moderation::audit;
use crate::state::AppState;
use crate::statistics::cache::Kind;
use crate::statistics::{charts, queries, stamp, Scope};
use crate::web::page::PageLang;
use crate::web::WebError;

type State = web::Data<AppState>;

/// The figures of `scope` (from the last count when recent enough) laid out
/// as the dashboard's charts, with when they were counted.
async fn count(
    state: &State,
    scope: Scope,
    lang: crate::i18n::Lang,
) -> Result<(Vec<charts::Chart>, serde_json::Value, String), DbError> {
    let s = state.clone().into_inner();
    let counted = state
        .figures
        .get(Kind::Dashboard, &scope, || {
            let (s, scope) = (s.clone(), scope.clone());
            async move { s.db(move |conn| Ok(queries::figures(conn, &scope)?)).await }
        })
        .await?;
    let policy = state.db(move |conn| s.policy(conn)).await?;
    let figures = &counted.figures;
    let summary = json!({
        "total": crate::i18n::number(lang, figures.total),
        "wait": charts::wait_summary(figures, lang),
    });
    Ok((
        charts::dashboard(figures, lang, &policy),
        summary,
        stamp(counted.counted_at),
    ))
}

/// `GET /admin/stats`.
pub async fn dashboard(req: HttpRequest, state: State, signed: Signed) -> HttpResponse {
    let page = PageLang::of(&req);
    let lang = page.lang;
    let scope = Scope::from_query(req.query_string());
    let (charts, summary, counted_at) = match count(&state, scope.clone(), lang).await {
        Ok(found) => found,
        Err(e) => return WebError::from(e).page(&state, &req, page),
    };
    let query = scope.to_query();
    let data = json!({
        "charts": charts.iter().map(|c| c.view(lang)).collect::<Vec<_>>(),
        "summary": summary,
        "statuses": Status::ALL.iter().filter(|s| **s != Status::Unconfirmed).map(|s| json!({
            "code": s.code(),
            "label": lang.tr(&format!("status-{}", s.code())),
            "selected": scope.status == Some(*s),
        })).collect::<Vec<_>>(),
        "from": scope.from.map(|d| d.to_string()),
        "to": scope.to.map(|d| d.to_string()),
        "csv_url": format!("/admin/stats.csv?{query}"),
        "counted_at": counted_at,
    });
    admin_page(
        &state,
        &req,
        &signed,
        StatusCode::OK,
        "admin_stats",
        "stats-title",
        data,
    )
}

/// `GET /admin/stats.csv`.
pub async fn csv(req: HttpRequest, state: State, signed: Signed) -> HttpResponse {
    let page = PageLang::of(&req);
    let scope = Scope::from_query(req.query_string());
    let query = scope.to_query();
    let (charts, _, _) = match count(&state, scope, page.lang).await {
        Ok(found) => found,
        Err(e) => return WebError::from(e).page(&state, &req, page),
    };
    let actor = signed.actor();
    let logged = state
        .db(move |conn| {
            backend::write_transaction(conn, |c| {
                audit::record(
                    c,
                    None,
                    &actor,
                    "statistics.exported",
                    Some(json!({ "scope": query })),
                    db::now(),
                )
            })
            .map_err(DbError::from)
        })
        .await;
    if let Err(e) = logged {
        return WebError::from(e).page(&state, &req, page);
    }
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"passeur-statistics.csv\"",
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(charts::csv(&charts))
}

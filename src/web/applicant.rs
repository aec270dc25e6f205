//! The applicant's rights from the status link: a copy of everything held
//! about the application (JSON), and the deletion of an application that is
//! over (refused or withdrawn). Both are written to the audit log.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::json;

use super::page::PageLang;
use super::public::{check_same_origin, link_not_found, read_form, status_page};
use super::WebError;
use crate::applications::links::Purpose;
use crate::applications::store;
use crate::db::{self, backend, DbError};
use crate::moderation::audit::{self, Actor};
use crate::privacy::{erasure, export};
use crate::state::AppState;

type State = web::Data<AppState>;

/// `GET /status/{token}/data.json`: everything Passeur holds about the
/// application, as a file to keep.
pub async fn export_data(
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
            backend::write_transaction(conn, |c| export::export(c, &id.to_string(), db::now()))
                .map_err(DbError::from)
        })
        .await;
    match result {
        Ok(Some(data)) => {
            let body = serde_json::to_string_pretty(&data).unwrap_or_default();
            HttpResponse::Ok()
                .content_type("application/json; charset=utf-8")
                .insert_header((
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"passeur-application.json\"",
                ))
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .body(body)
        }
        Ok(None) => link_not_found(&state, &req, page),
        Err(e) => WebError::from(e).page(&state, &req, page),
    }
}

/// What the deletion found.
enum Deletion {
    Done,
    NotOver,
    Missing,
}

/// `POST /status/{token}/delete`: deletes a refused or withdrawn
/// application once the applicant ticked the confirmation; a live one must
/// be withdrawn first.
pub async fn delete(
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
    let confirmed = form_urlencoded::parse(&body).any(|(k, v)| k == "confirm" && v == "yes");
    let id = id.to_string();
    if !confirmed {
        let id2 = id.clone();
        let found = state
            .db(move |conn| {
                let app = store::find(conn, &id2)?;
                let history = audit::for_application(conn, &id2)?;
                Ok::<_, DbError>(app.map(|a| (a, history)))
            })
            .await;
        return match found {
            Ok(Some((app, history))) => status_page(
                &state,
                &req,
                page,
                &token,
                (&app, &history),
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "delete_error": page.lang.tr("status-delete-confirm-required") }),
            ),
            Ok(None) => link_not_found(&state, &req, page),
            Err(e) => WebError::from(e).page(&state, &req, page),
        };
    }
    let result = state
        .db(move |conn| {
            backend::write_transaction(conn, |c| {
                let Some(app) = store::find(c, &id)? else {
                    return Ok(Deletion::Missing);
                };
                if !erasure::applicant_may_delete(app.status()) {
                    return Ok(Deletion::NotOver);
                }
                erasure::delete(c, &id, &Actor::Applicant, "applicant", db::now())?;
                Ok::<_, diesel::result::Error>(Deletion::Done)
            })
            .map_err(DbError::from)
        })
        .await;
    let lang = page.lang;
    match result {
        Ok(Deletion::Done) => super::page::render(
            &state,
            &req,
            page,
            StatusCode::OK,
            "message",
            "status-deleted-title",
            json!({ "heading": lang.tr("status-deleted-title"), "message": lang.tr("status-deleted-text"), "home_link": true }),
        ),
        Ok(Deletion::NotOver) => super::page::render(
            &state,
            &req,
            page,
            StatusCode::CONFLICT,
            "message",
            "status-delete-not-over-title",
            json!({ "heading": lang.tr("status-delete-not-over-title"), "message": lang.tr("status-delete-not-over-text") }),
        ),
        Ok(Deletion::Missing) => link_not_found(&state, &req, page),
        Err(e) => WebError::from(e).page(&state, &req, page),
    }
}

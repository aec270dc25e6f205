//! The moderators' back-office under `/admin`: login, the queue, the detail
//! page and its decisions, accounts, and the CSV export. Every route takes a
//! [`Signed`] (or [`Admin`]) extractor, and every POST checks the CSRF token
//! of the session.

mod accounts;
mod detail;
mod export;
mod login;
mod queue;
pub mod session;
mod view;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::Value;

pub use session::{Admin, Signed};

use super::body::read_limited;
use super::error::WebError;
use super::page::{render, PageLang};
use crate::state::AppState;

/// Every `/admin` route, for the server and for the test that walks them.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin/login", web::get().to(login::form))
        .route("/admin/login", web::post().to(login::submit))
        .route("/admin/logout", web::post().to(login::logout))
        .route("/admin", web::get().to(queue::queue))
        .route("/admin/", web::get().to(queue::queue))
        .route("/admin/bulk", web::post().to(queue::bulk))
        .route("/admin/export.csv", web::get().to(export::csv))
        .route("/admin/applications/{id}", web::get().to(detail::show))
        .route(
            "/admin/applications/{id}/approve",
            web::post().to(detail::approve),
        )
        .route(
            "/admin/applications/{id}/refuse",
            web::post().to(detail::refuse),
        )
        .route(
            "/admin/applications/{id}/request-info",
            web::post().to(detail::request_info),
        )
        .route(
            "/admin/applications/{id}/reopen",
            web::post().to(detail::reopen),
        )
        .route(
            "/admin/applications/{id}/assign",
            web::post().to(detail::assign),
        )
        .route(
            "/admin/applications/{id}/notes",
            web::post().to(detail::add_note),
        )
        .route("/admin/account", web::get().to(accounts::own))
        .route(
            "/admin/account/password",
            web::post().to(accounts::change_password),
        )
        .route(
            "/admin/account/notifications",
            web::post().to(accounts::change_notify),
        )
        .route("/admin/moderators", web::get().to(accounts::list))
        .route("/admin/moderators", web::post().to(accounts::add))
        .route(
            "/admin/moderators/{id}/role",
            web::post().to(accounts::set_role),
        )
        .route(
            "/admin/moderators/{id}/disabled",
            web::post().to(accounts::set_disabled),
        );
}

/// A submitted form: every pair, in order, repeated keys kept.
#[derive(Debug, Clone, Default)]
pub struct Form(Vec<(String, String)>);

impl Form {
    /// Reads a form body with the size limit of the settings.
    pub async fn read(state: &AppState, payload: web::Payload) -> Result<Form, WebError> {
        let body = read_limited(payload, state.settings.max_body_bytes).await?;
        Ok(Form(
            form_urlencoded::parse(&body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        ))
    }

    /// The first value of `key`, or "".
    pub fn get(&self, key: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every value of `key`.
    pub fn all(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Reads a POSTed form and checks its CSRF token: `Err` is the 403 to send.
pub async fn checked_form(
    state: &AppState,
    req: &HttpRequest,
    signed: &Signed,
    payload: web::Payload,
) -> Result<Form, HttpResponse> {
    let page = PageLang::of(req);
    let form = Form::read(state, payload)
        .await
        .map_err(|e| e.page(state, req, page))?;
    if signed.csrf_ok(form.get("csrf")) {
        Ok(form)
    } else {
        tracing::warn!(moderator = %signed.moderator.id, path = %req.path(), "CSRF token missing or wrong");
        Err(admin_page(
            state,
            req,
            signed,
            StatusCode::FORBIDDEN,
            "admin_message",
            "admin-csrf-title",
            serde_json::json!({ "heading": page.lang.tr("admin-csrf-title"), "message": page.lang.tr("admin-csrf-text") }),
        ))
    }
}

/// Renders an `/admin` page with the navigation data every one of them
/// needs (the moderator, their role, the CSRF token).
pub fn admin_page(
    state: &AppState,
    req: &HttpRequest,
    signed: &Signed,
    status: StatusCode,
    template: &str,
    title_key: &str,
    mut data: Value,
) -> HttpResponse {
    let page = PageLang::of(req);
    if let Value::Object(map) = &mut data {
        map.insert(
            "me".into(),
            serde_json::json!({
                "id": signed.moderator.id,
                "name": signed.moderator.name,
                "email": signed.moderator.email,
                "is_admin": signed.moderator.is_admin(),
            }),
        );
        map.insert("csrf".into(), Value::String(signed.csrf_token.clone()));
        map.insert("admin".into(), Value::Bool(true));
    }
    render(state, req, page, status, template, title_key, data)
}

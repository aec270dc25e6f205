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
mod settings;
mod stats;
mod view;
mod webhooks;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::Value;

pub use detail::conflict_message;
pub use export::COLUMNS as EXPORT_COLUMNS;
pub use session::{Admin, Signed};

use super::body::read_limited;
use super::error::WebError;
use super::page::{render, PageLang};
use crate::state::AppState;

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone (the login page).
    Anyone,
    /// A signed-in moderator or administrator.
    Moderator,
    /// An administrator only.
    Admin,
}

/// One `/admin` route: method, path pattern, and who may use it.
#[derive(Debug, Clone, Copy)]
pub struct AdminRoute {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
}

const fn route(method: &'static str, path: &'static str, access: Access) -> AdminRoute {
    AdminRoute {
        method,
        path,
        access,
    }
}

/// Every `/admin` route. The server registers exactly these (a handler
/// without an entry here is never reachable), and a test walks them to check
/// that each refuses whoever it should.
pub const ROUTES: &[AdminRoute] = &[
    route("GET", "/admin/login", Access::Anyone),
    route("POST", "/admin/login", Access::Anyone),
    route("POST", "/admin/logout", Access::Moderator),
    route("GET", "/admin", Access::Moderator),
    route("GET", "/admin/", Access::Moderator),
    route("POST", "/admin/bulk", Access::Moderator),
    route("GET", "/admin/export.csv", Access::Moderator),
    route("GET", "/admin/stats", Access::Moderator),
    route("GET", "/admin/stats.csv", Access::Moderator),
    route("GET", "/admin/settings", Access::Admin),
    route("POST", "/admin/settings", Access::Admin),
    route("GET", "/admin/applications/{id}", Access::Moderator),
    route(
        "POST",
        "/admin/applications/{id}/approve",
        Access::Moderator,
    ),
    route("POST", "/admin/applications/{id}/refuse", Access::Moderator),
    route(
        "POST",
        "/admin/applications/{id}/request-info",
        Access::Moderator,
    ),
    route("POST", "/admin/applications/{id}/reopen", Access::Admin),
    route("POST", "/admin/applications/{id}/assign", Access::Moderator),
    route("POST", "/admin/applications/{id}/notes", Access::Moderator),
    route("GET", "/admin/account", Access::Moderator),
    route("POST", "/admin/account/password", Access::Moderator),
    route("POST", "/admin/account/notifications", Access::Moderator),
    route("GET", "/admin/moderators", Access::Admin),
    route("POST", "/admin/moderators", Access::Admin),
    route("POST", "/admin/moderators/{id}/role", Access::Admin),
    route("POST", "/admin/moderators/{id}/disabled", Access::Admin),
    route(
        "POST",
        "/admin/applications/{id}/retry-provisioning",
        Access::Admin,
    ),
    route("GET", "/admin/webhooks", Access::Admin),
    route("POST", "/admin/webhooks", Access::Admin),
    route("GET", "/admin/webhooks/{id}", Access::Admin),
    route("POST", "/admin/webhooks/{id}", Access::Admin),
];

/// Registers every route of [`ROUTES`] with its handler.
pub fn routes(cfg: &mut web::ServiceConfig) {
    for r in ROUTES {
        let handler = match (r.method, r.path) {
            ("GET", "/admin/login") => web::get().to(login::form),
            ("POST", "/admin/login") => web::post().to(login::submit),
            ("POST", "/admin/logout") => web::post().to(login::logout),
            ("GET", "/admin") | ("GET", "/admin/") => web::get().to(queue::queue),
            ("POST", "/admin/bulk") => web::post().to(queue::bulk),
            ("GET", "/admin/export.csv") => web::get().to(export::csv),
            ("GET", "/admin/stats") => web::get().to(stats::dashboard),
            ("GET", "/admin/stats.csv") => web::get().to(stats::csv),
            ("GET", "/admin/settings") => web::get().to(settings::form),
            ("POST", "/admin/settings") => web::post().to(settings::save),
            ("GET", "/admin/applications/{id}") => web::get().to(detail::show),
            ("POST", "/admin/applications/{id}/approve") => web::post().to(detail::approve),
            ("POST", "/admin/applications/{id}/refuse") => web::post().to(detail::refuse),
            ("POST", "/admin/applications/{id}/request-info") => {
                web::post().to(detail::request_info)
            }
            ("POST", "/admin/applications/{id}/reopen") => web::post().to(detail::reopen),
            ("POST", "/admin/applications/{id}/assign") => web::post().to(detail::assign),
            ("POST", "/admin/applications/{id}/notes") => web::post().to(detail::add_note),
            ("GET", "/admin/account") => web::get().to(accounts::own),
            ("POST", "/admin/account/password") => web::post().to(accounts::change_password),
            ("POST", "/admin/account/notifications") => web::post().to(accounts::change_notify),
            ("GET", "/admin/moderators") => web::get().to(accounts::list),
            ("POST", "/admin/moderators") => web::post().to(accounts::add),
            ("POST", "/admin/moderators/{id}/role") => web::post().to(accounts::set_role),
            ("POST", "/admin/moderators/{id}/disabled") => web::post().to(accounts::set_disabled),
            ("POST", "/admin/applications/{id}/retry-provisioning") => {
                web::post().to(detail::retry_provisioning)
            }
            ("GET", "/admin/webhooks") => web::get().to(webhooks::list),
            ("POST", "/admin/webhooks") => web::post().to(webhooks::add),
            ("GET", "/admin/webhooks/{id}") => web::get().to(webhooks::show),
            ("POST", "/admin/webhooks/{id}") => web::post().to(webhooks::act),
            // A table entry without a handler is a bug every test shows.
            (method, path) => panic!("no handler for {method} {path}"),
        };
        cfg.route(r.path, handler);
    }
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

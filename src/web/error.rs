//! Error policy of the web layer.
//!
//! - Bad input is never an error here: it is a 422 with the form (or the JSON
//!   `errors` object) and every value kept, built by the handler itself.
//! - A malformed or oversized body is a 400 or 413 with a clear message.
//! - A state that no longer allows the action is a 409 that changes nothing.
//! - A database that does not answer (down, locked, disk full) is a 503 that
//!   says to try again: nothing acknowledged is lost by it.
//! - Anything else is a bug: logged with its cause, answered with a 500
//!   that says nothing of the internals.
//!
//! Each error renders as a translated HTML page or as JSON `{"error": …}`,
//! whichever the route speaks.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use serde_json::json;

use super::page::{render, PageLang};
use crate::applications::{ApplicationError, Status};
use crate::i18n::{FluentArg, Lang};
use crate::state::AppState;

/// An error a handler answers with.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("the request body could not be read")]
    BadBody,
    #[error("the request body is larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("not found")]
    NotFound,
    #[error("method not allowed here (allowed: {allow})")]
    MethodNotAllowed { allow: String },
    #[error("cross-site request refused")]
    CrossSite,
    #[error("the application is {current}")]
    Conflict { current: Status },
    #[error("too many submissions from this address")]
    RateLimited,
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<ApplicationError> for WebError {
    fn from(e: ApplicationError) -> Self {
        match e {
            ApplicationError::NotFound => WebError::NotFound,
            ApplicationError::Conflict { current } => WebError::Conflict { current },
            ApplicationError::Db(e) => WebError::Unavailable(e.to_string()),
            ApplicationError::Invalid(errors) => {
                WebError::Internal(format!("unhandled validation errors: {errors:?}"))
            }
        }
    }
}

impl From<crate::db::DbError> for WebError {
    fn from(e: crate::db::DbError) -> Self {
        WebError::Unavailable(e.to_string())
    }
}

impl From<diesel::r2d2::PoolError> for WebError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        WebError::Unavailable(e.to_string())
    }
}

impl From<actix_web::error::BlockingError> for WebError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        WebError::Internal(e.to_string())
    }
}

impl WebError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::BadBody => StatusCode::BAD_REQUEST,
            WebError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            WebError::CrossSite => StatusCode::FORBIDDEN,
            WebError::Conflict { .. } => StatusCode::CONFLICT,
            WebError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            WebError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message for a person, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            WebError::BadBody => lang.tr("error-page-bad-body"),
            WebError::TooLarge { limit } => lang.tr_args(
                "error-page-too-large",
                &[("kib", FluentArg::Number((*limit / 1024) as i64))],
            ),
            WebError::NotFound => lang.tr("error-page-not-found"),
            WebError::MethodNotAllowed { .. } => lang.tr("error-page-method"),
            WebError::CrossSite => lang.tr("error-page-cross-site"),
            WebError::Conflict { current } => lang.tr_args(
                "error-page-conflict",
                &[(
                    "status",
                    FluentArg::Text(lang.tr(&format!("status-{}", current.code()))),
                )],
            ),
            WebError::RateLimited => lang.tr("error-page-rate-limited"),
            WebError::Unavailable(_) => lang.tr("error-page-unavailable"),
            WebError::Internal(_) => lang.tr("error-page-internal"),
        }
    }

    fn log(&self) {
        match self {
            WebError::Unavailable(cause) => tracing::warn!(%cause, "database unavailable"),
            WebError::Internal(cause) => tracing::error!(%cause, "internal error"),
            _ => {}
        }
    }

    /// The error as a translated HTML page.
    pub fn page(&self, state: &AppState, req: &HttpRequest, page: PageLang) -> HttpResponse {
        self.log();
        let mut response = render(
            state,
            req,
            page,
            self.status(),
            "message",
            "error-page-title",
            json!({ "heading": page.lang.tr("error-page-title"), "message": self.message(page.lang), "home_link": true }),
        );
        self.add_headers(&mut response);
        response
    }

    /// The error as JSON `{"error": {"code", "message"}}`.
    pub fn json(&self, lang: Lang) -> HttpResponse {
        self.log();
        let code = match self {
            WebError::BadBody => "bad_body",
            WebError::TooLarge { .. } => "too_large",
            WebError::NotFound => "not_found",
            WebError::MethodNotAllowed { .. } => "method_not_allowed",
            WebError::CrossSite => "cross_site",
            WebError::Conflict { .. } => "conflict",
            WebError::RateLimited => "rate_limited",
            WebError::Unavailable(_) => "unavailable",
            WebError::Internal(_) => "internal",
        };
        let mut response = HttpResponse::build(self.status())
            .json(json!({ "error": { "code": code, "message": self.message(lang) } }));
        self.add_headers(&mut response);
        response
    }

    fn add_headers(&self, response: &mut HttpResponse) {
        if let WebError::MethodNotAllowed { allow } = self {
            if let Ok(value) = actix_web::http::header::HeaderValue::from_str(allow) {
                response
                    .headers_mut()
                    .insert(actix_web::http::header::ALLOW, value);
            }
        }
        let retry = match self {
            WebError::RateLimited => Some("600"),
            WebError::Unavailable(_) => Some("5"),
            _ => None,
        };
        if let Some(seconds) = retry {
            response.headers_mut().insert(
                actix_web::http::header::RETRY_AFTER,
                actix_web::http::header::HeaderValue::from_static(seconds),
            );
        }
    }
}

/// Every request no route takes, and what a handler did not find: 405 with
/// `Allow` when the path is known but not the method, else 404; a
/// translated page, or JSON under `/api/`.
pub async fn not_found(req: HttpRequest, state: actix_web::web::Data<AppState>) -> HttpResponse {
    let page = PageLang::of(&req);
    let allowed = super::allowed_methods(req.path());
    // A handler that found nothing (an unknown asset) answers through here
    // too, with a method the path takes: that is a plain 404.
    let error = if allowed.is_empty() || allowed.contains(&req.method().as_str()) {
        WebError::NotFound
    } else {
        WebError::MethodNotAllowed {
            allow: allowed.join(", "),
        }
    };
    if req.path().starts_with("/api/") {
        error.json(page.lang)
    } else {
        error.page(&state, &req, page)
    }
}

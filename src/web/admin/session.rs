//! Who is asking: the moderator behind the session cookie, the CSRF check of
//! every state-changing form, and the answers to those who may not enter
//! (anonymous: to the login page; moderator on an admin page: 403).

use std::future::Future;
use std::pin::Pin;

use actix_web::http::{header, StatusCode};
use actix_web::{web, FromRequest, HttpRequest, HttpResponse, ResponseError};
use subtle::ConstantTimeEq;

use crate::db::{self, DbError};
use crate::moderation::audit::Actor;
use crate::moderation::{sessions, Moderator};
use crate::state::AppState;
use crate::web::page::PageLang;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "passeur_session";

/// A signed-in moderator and the CSRF token of their session.
#[derive(Debug, Clone)]
pub struct Signed {
    pub moderator: Moderator,
    pub csrf_token: String,
}

impl Signed {
    /// The actor recorded in audit rows.
    pub fn actor(&self) -> Actor {
        Actor::Moderator {
            id: self.moderator.id.clone(),
            name: self.moderator.name.clone(),
        }
    }

    /// Whether a submitted CSRF token is this session's (constant time).
    pub fn csrf_ok(&self, submitted: &str) -> bool {
        !submitted.is_empty() && bool::from(submitted.as_bytes().ct_eq(self.csrf_token.as_bytes()))
    }
}

/// Why an `/admin` request was turned away.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("sign in first")]
    Anonymous { next: String },
    #[error("administrators only")]
    NotAdmin { lang: crate::i18n::Lang },
    #[error("database unavailable")]
    Unavailable { lang: crate::i18n::Lang },
}

impl ResponseError for Refusal {
    fn status_code(&self) -> StatusCode {
        match self {
            Refusal::Anonymous { .. } => StatusCode::SEE_OTHER,
            Refusal::NotAdmin { .. } => StatusCode::FORBIDDEN,
            Refusal::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Refusal::Anonymous { next } => {
                let target = format!(
                    "/admin/login?{}",
                    form_urlencoded::Serializer::new(String::new())
                        .append_pair("next", next)
                        .finish()
                );
                HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, target))
                    .finish()
            }
            Refusal::NotAdmin { lang } => HttpResponse::Forbidden()
                .content_type("text/plain; charset=utf-8")
                .body(lang.tr("admin-forbidden")),
            Refusal::Unavailable { lang } => HttpResponse::ServiceUnavailable()
                .content_type("text/plain; charset=utf-8")
                .insert_header((header::RETRY_AFTER, "5"))
                .body(lang.tr("error-page-unavailable")),
        }
    }
}

/// Where to come back after signing in: only a local `/admin` path.
fn next_of(req: &HttpRequest) -> String {
    let path = req.uri().path_and_query().map_or("/admin", |p| p.as_str());
    if req.method() == actix_web::http::Method::GET && path.starts_with("/admin") {
        path.to_string()
    } else {
        "/admin".to_string()
    }
}

async fn resume(req: HttpRequest) -> Result<Signed, Refusal> {
    let lang = PageLang::of(&req).lang;
    let Some(cookie) = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string()) else {
        return Err(Refusal::Anonymous {
            next: next_of(&req),
        });
    };
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Err(Refusal::Unavailable { lang });
    };
    let idle = chrono::TimeDelta::hours(state.settings.session_idle_hours.max(1).into());
    let found = state
        .db(move |conn| sessions::resume(conn, &cookie, db::now(), idle).map_err(DbError::from))
        .await;
    match found {
        Ok(Some((moderator, csrf_token))) => Ok(Signed {
            moderator,
            csrf_token,
        }),
        Ok(None) => Err(Refusal::Anonymous {
            next: next_of(&req),
        }),
        Err(_) => Err(Refusal::Unavailable { lang }),
    }
}

impl FromRequest for Signed {
    type Error = Refusal;
    type Future = Pin<Box<dyn Future<Output = Result<Signed, Refusal>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        Box::pin(resume(req.clone()))
    }
}

/// A signed-in administrator.
#[derive(Debug, Clone)]
pub struct Admin(pub Signed);

impl FromRequest for Admin {
    type Error = Refusal;
    type Future = Pin<Box<dyn Future<Output = Result<Admin, Refusal>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let signed = resume(req.clone()).await?;
            if signed.moderator.is_admin() {
                Ok(Admin(signed))
            } else {
                Err(Refusal::NotAdmin {
                    lang: PageLang::of(&req).lang,
                })
            }
        })
    }
}

//! Signing in and out. A failed login says the same thing, in the same
//! time, whether the address exists or not; attempts are limited per
//! address and per account.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::json;

use super::session::{Signed, SESSION_COOKIE};
use super::{checked_form, Form};
use crate::db::{self, DbError};
use crate::moderation::{accounts, sessions};
use crate::state::AppState;
use crate::web::page::{render, PageLang};

type State = web::Data<AppState>;

/// A local `/admin` path to go to after signing in; anything else is
/// replaced (no open redirect).
fn safe_next(next: &str) -> String {
    let ok = next.starts_with("/admin")
        && !next.starts_with("/admin/login")
        && !next.contains("//")
        && !next.contains('\\');
    if ok {
        next.to_string()
    } else {
        "/admin".to_string()
    }
}

fn login_page(
    state: &AppState,
    req: &HttpRequest,
    status: StatusCode,
    email: &str,
    next: &str,
    error: Option<String>,
) -> HttpResponse {
    let page = PageLang::of(req);
    render(
        state,
        req,
        page,
        status,
        "admin_login",
        "admin-login-title",
        json!({
            "email": email,
            "next": safe_next(next),
            "error": error,
        }),
    )
}

/// `GET /admin/login`.
pub async fn form(req: HttpRequest, state: State) -> HttpResponse {
    let next = web::Query::<Vec<(String, String)>>::from_query(req.query_string())
        .ok()
        .and_then(|q| q.iter().find(|(k, _)| k == "next").map(|(_, v)| v.clone()))
        .unwrap_or_default();
    login_page(&state, &req, StatusCode::OK, "", &next, None)
}

/// `POST /admin/login`.
pub async fn submit(req: HttpRequest, state: State, payload: web::Payload) -> HttpResponse {
    let page = PageLang::of(&req);
    if let Err(e) = crate::web::public::check_same_origin(&req, &state.base_url) {
        return e.page(&state, &req, page);
    }
    let form = match Form::read(&state, payload).await {
        Ok(form) => form,
        Err(e) => return e.page(&state, &req, page),
    };
    let email = form.get("email").trim().to_lowercase();
    let next = form.get("next").to_string();
    let client = crate::web::client::address(&req, state.settings.trust_proxy_headers);
    if state.login_limiter.check_key(&client).is_err()
        || state.login_account_limiter.check_key(&email).is_err()
    {
        let mut response = login_page(
            &state,
            &req,
            StatusCode::TOO_MANY_REQUESTS,
            &email,
            &next,
            Some(page.lang.tr("admin-login-throttled")),
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from_static("60"));
        return response;
    }
    let password = form.get("password").to_string();
    let idle = chrono::TimeDelta::hours(state.settings.session_idle_hours.max(1).into());
    let email2 = email.clone();
    let result = state
        .db(move |conn| {
            let now = db::now();
            match accounts::authenticate(conn, &email2, &password, now)? {
                Some(moderator) => Ok(Some(sessions::open(conn, &moderator.id, now, idle)?)),
                None => Ok::<_, DbError>(None),
            }
        })
        .await;
    match result {
        Ok(Some(opened)) => {
            let cookie = Cookie::build(SESSION_COOKIE, opened.cookie)
                .path("/")
                .http_only(true)
                .same_site(SameSite::Lax)
                .secure(state.settings.is_https())
                .finish();
            HttpResponse::SeeOther()
                .insert_header((header::LOCATION, safe_next(&next)))
                .cookie(cookie)
                .finish()
        }
        Ok(None) => login_page(
            &state,
            &req,
            StatusCode::UNAUTHORIZED,
            &email,
            &next,
            Some(page.lang.tr("admin-login-failed")),
        ),
        Err(e) => crate::web::WebError::from(e).page(&state, &req, page),
    }
}

/// `POST /admin/logout`.
pub async fn logout(
    req: HttpRequest,
    state: State,
    signed: Signed,
    payload: web::Payload,
) -> HttpResponse {
    if let Err(refused) = checked_form(&state, &req, &signed, payload).await {
        return refused;
    }
    if let Some(cookie) = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string()) {
        let _ = state
            .db(move |conn| sessions::end(conn, &cookie).map_err(DbError::from))
            .await;
    }
    let mut gone = Cookie::build(SESSION_COOKIE, "")
        .path("/")
        .http_only(true)
        .finish();
    gone.make_removal();
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/admin/login"))
        .cookie(gone)
        .finish()
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_admin_paths_are_followed_after_login() {
        assert_eq!(safe_next("/admin/applications/x"), "/admin/applications/x");
        assert_eq!(safe_next("https://evil.example/admin"), "/admin");
        assert_eq!(safe_next("//evil.example"), "/admin");
        assert_eq!(safe_next("/admin//evil.example"), "/admin");
        assert_eq!(safe_next("/apply"), "/admin");
    }
}

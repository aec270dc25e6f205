//! Rendering a page: the language of the request, the common layout data,
//! and the response headers pages share.

use std::future::{ready, Ready};

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::{header, StatusCode};
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use serde_json::{json, Value};

use crate::i18n::Lang;
use crate::state::AppState;

/// The cookie that keeps the language chosen with the switch.
const LANG_COOKIE: &str = "passeur_lang";

/// The language of a page: `?lang=` (the visible switch), then the cookie
/// it sets, then `Accept-Language`, then French.
#[derive(Debug, Clone, Copy)]
pub struct PageLang {
    /// The language to answer in.
    pub lang: Lang,
    /// Whether the switch was just used (the choice is then remembered).
    pub chosen: bool,
}

impl PageLang {
    /// Reads the language of `req`.
    pub fn of(req: &HttpRequest) -> PageLang {
        let from_query = req
            .query_string()
            .split('&')
            .find_map(|pair| pair.strip_prefix("lang="))
            .and_then(Lang::from_code);
        if let Some(lang) = from_query {
            return PageLang { lang, chosen: true };
        }
        let from_cookie = req
            .cookie(LANG_COOKIE)
            .and_then(|c| Lang::from_code(c.value()));
        let lang = from_cookie.unwrap_or_else(|| {
            Lang::negotiate(
                req.headers()
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok()),
            )
        });
        PageLang {
            lang,
            chosen: false,
        }
    }
}

impl FromRequest for PageLang {
    type Error = actix_web::Error;
    type Future = Ready<Result<PageLang, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        ready(Ok(PageLang::of(req)))
    }
}

/// The data every page's layout needs, merged into `data`.
pub fn page_data(req: &HttpRequest, lang: Lang, title_key: &str, mut data: Value) -> Value {
    let other = lang.other();
    let common = json!({
        "lang": lang.code(),
        "title": lang.tr(title_key),
        "switch_lang": other.code(),
        "switch_label": other.tr("lang-switch-label"),
        "switch_url": format!("{}?lang={}", req.path(), other.code()),
    });
    if let (Value::Object(target), Value::Object(common)) = (&mut data, common) {
        for (k, v) in common {
            target.entry(k).or_insert(v);
        }
    }
    data
}

/// Renders `template` as a page with `status`.
pub fn render(
    state: &AppState,
    req: &HttpRequest,
    page: PageLang,
    status: StatusCode,
    template: &str,
    title_key: &str,
    data: Value,
) -> HttpResponse {
    let data = page_data(req, page.lang, title_key, data);
    match state.templates.html(template, &data) {
        Ok(body) => {
            let mut response = HttpResponse::build(status);
            response
                .content_type("text/html; charset=utf-8")
                // Pages may carry personal data or secret links.
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .insert_header((header::VARY, "Accept-Language, Cookie"));
            if page.chosen {
                response.cookie(
                    Cookie::build(LANG_COOKIE, page.lang.code())
                        .path("/")
                        .http_only(true)
                        .same_site(SameSite::Lax)
                        .secure(state.settings.is_https())
                        .max_age(actix_web::cookie::time::Duration::days(365))
                        .finish(),
                );
            }
            response.body(body)
        }
        Err(e) => {
            tracing::error!(error = %e, "page rendering failed");
            HttpResponse::InternalServerError()
                .content_type("text/plain; charset=utf-8")
                .body(page.lang.tr("error-page-internal"))
        }
    }
}

//! The JSON API: public submission with the same rules as the form.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::{json, Map, Value};

use super::body::read_limited;
use super::error::WebError;
use super::form_view::message;
use super::page::PageLang;
use super::public::{submit as store_submission, SubmitError};
use crate::applications::{FieldErrors, RawSubmission};
use crate::i18n::Lang;
use crate::state::AppState;

/// `POST /api/v1/applications`: `201 {"id","status","status_url"}`, or
/// `422 {"errors": {"field": ["message", …]}}`, or a 4xx for a body that is
/// not a JSON object.
pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    payload: web::Payload,
) -> HttpResponse {
    let lang = PageLang::of(&req).lang;
    let client = super::client::address(&req, state.settings.trust_proxy_headers);
    if state.submit_limiter.check_key(&client).is_err() {
        return WebError::RateLimited.json(lang);
    }
    let body = match read_limited(payload, state.settings.max_body_bytes).await {
        Ok(body) => body,
        Err(e) => return e.json(lang),
    };
    let object = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(object)) => object,
        Ok(_) => return bad_json(lang.tr("api-error-not-an-object")),
        Err(e) => {
            let detail = lang.tr_args(
                "api-error-malformed-json",
                &[
                    ("line", crate::i18n::FluentArg::Number(e.line() as i64)),
                    ("column", crate::i18n::FluentArg::Number(e.column() as i64)),
                ],
            );
            return bad_json(detail);
        }
    };
    let (raw, type_errors) = RawSubmission::from_json(&object);
    if !type_errors.is_empty() {
        return invalid(lang, &type_errors);
    }
    match store_submission(&state, raw, lang).await {
        Ok(app) => {
            let Some(id) = app.uuid() else {
                return WebError::Internal("application id is not a UUID".into()).json(lang);
            };
            let status_url = state.status_url(&id);
            HttpResponse::Created()
                .insert_header((header::LOCATION, status_url.clone()))
                .json(json!({ "id": app.id, "status": app.status, "status_url": status_url }))
        }
        Err(SubmitError::Invalid(errors)) => invalid(lang, &errors),
        Err(SubmitError::Closed(closed)) => super::intake::closed_json(&state, &closed, lang),
        Err(SubmitError::Web(e)) => e.json(lang),
    }
}

fn bad_json(detail: String) -> HttpResponse {
    HttpResponse::BadRequest()
        .json(json!({ "error": { "code": "malformed_json", "message": detail } }))
}

/// `422 {"errors": {"field": ["message", …]}}`.
pub(crate) fn invalid(lang: Lang, errors: &FieldErrors) -> HttpResponse {
    let mut out = Map::new();
    for (field, problems) in errors.iter() {
        out.insert(
            field.to_string(),
            Value::Array(
                problems
                    .iter()
                    .map(|p| Value::String(message(lang, p)))
                    .collect(),
            ),
        );
    }
    HttpResponse::UnprocessableEntity().json(json!({ "errors": out }))
}

//! Administrators' webhook pages: endpoints (add, edit, enable, delete,
//! rotate the secret, send a test event), and each endpoint's deliveries
//! with their attempts and redelivery.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{NaiveDate, TimeDelta};
use serde_json::{json, Value};

use super::{admin_page, checked_form, view, Admin};
use crate::db::{self, DbError};
use crate::state::AppState;
use crate::web::form_view::first_messages;
use crate::web::page::PageLang;
use crate::web::WebError;
use crate::webhooks::{deliveries, endpoints, events, EVENT_TYPES};

type State = web::Data<AppState>;

fn see_other(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to))
        .finish()
}

fn endpoint_json(lang: crate::i18n::Lang, e: &endpoints::Endpoint) -> Value {
    json!({
        "id": e.id,
        "url": e.url,
        "description": e.description,
        "events": if e.event_types == "*" { lang.tr("admin-webhooks-all-events") } else { e.event_types.replace(',', ", ") },
        "enabled": e.enabled,
        "disabled_reason": e.disabled_reason,
        "failing_since": e.failing_since.map(view::when),
        "rotation_until": e.previous_secret_expires_at.filter(|t| *t > db::now()).map(view::when),
        "event_choices": EVENT_TYPES.iter().map(|t| json!({"code": t, "checked": e.event_types != "*" && e.wants(t)})).collect::<Vec<_>>(),
    })
}

async fn list_page(
    state: &State,
    req: &HttpRequest,
    admin: &Admin,
    status: StatusCode,
    extra: Value,
) -> HttpResponse {
    let lang = PageLang::of(req).lang;
    let found = state
        .db(|conn| endpoints::list(conn).map_err(DbError::from))
        .await;
    let list = match found {
        Ok(list) => list,
        Err(e) => return WebError::from(e).page(state, req, PageLang::of(req)),
    };
    let mut data = json!({
        "enabled_label": lang.tr("admin-webhooks-enabled"),
        "disabled_label": lang.tr("admin-webhooks-disabled"),
        "failing_label": lang.tr("admin-webhooks-failing-since"),
        "endpoints": list.iter().map(|e| endpoint_json(lang, e)).collect::<Vec<_>>(),
        "event_types": EVENT_TYPES,
    });
    if let (Value::Object(map), Value::Object(extra)) = (&mut data, extra) {
        map.extend(extra);
    }
    admin_page(
        state,
        req,
        &admin.0,
        status,
        "admin_webhooks",
        "admin-webhooks-title",
        data,
    )
}

/// `GET /admin/webhooks`.
pub async fn list(req: HttpRequest, state: State, admin: Admin) -> HttpResponse {
    list_page(&state, &req, &admin, StatusCode::OK, json!({})).await
}

/// `POST /admin/webhooks`: a new endpoint; its secret is shown once.
pub async fn add(
    req: HttpRequest,
    state: State,
    admin: Admin,
    payload: web::Payload,
) -> HttpResponse {
    let lang = PageLang::of(&req).lang;
    let form = match checked_form(&state, &req, &admin.0, payload).await {
        Ok(form) => form,
        Err(refused) => return refused,
    };
    let (url, description) = (
        form.get("url").to_string(),
        form.get("description").to_string(),
    );
    let types: Vec<String> = form
        .all("event_types")
        .into_iter()
        .map(str::to_string)
        .collect();
    let policy = state.address_policy.clone();
    let (url2, description2) = (url.clone(), description.clone());
    let result = state
        .db(move |conn| {
            Ok::<_, DbError>(endpoints::add(
                conn,
                &url2,
                &description2,
                &types,
                &policy,
                db::now(),
            ))
        })
        .await;
    match result {
        Ok(Ok((endpoint, secret))) => {
            let extra = json!({ "created": { "id": endpoint.id, "url": endpoint.url, "secret": secret.expose() } });
            list_page(&state, &req, &admin, StatusCode::CREATED, extra).await
        }
        Ok(Err(errors)) => {
            let errors = first_messages(lang, &errors);
            list_page(
                &state,
                &req,
                &admin,
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "errors": errors, "typed": { "url": url, "description": description } }),
            )
            .await
        }
        Err(e) => WebError::from(e).page(&state, &req, PageLang::of(&req)),
    }
}

/// `GET /admin/webhooks/{id}`: the endpoint, its deliveries (filter
/// `status`), and the attempts of one delivery (`delivery`).
pub async fn show(
    req: HttpRequest,
    state: State,
    admin: Admin,
    id: web::Path<String>,
) -> HttpResponse {
    show_page(&state, &req, &admin, &id, StatusCode::OK, json!({})).await
}

async fn show_page(
    state: &State,
    req: &HttpRequest,
    admin: &Admin,
    id: &str,
    status: StatusCode,
    extra: Value,
) -> HttpResponse {
    let lang = PageLang::of(req).lang;
    let pairs: Vec<(String, String)> = form_urlencoded::parse(req.query_string().as_bytes())
        .into_owned()
        .collect();
    let filter = pairs
        .iter()
        .find(|(k, _)| k == "status")
        .map(|(_, v)| v.clone())
        .filter(|v| ["pending", "succeeded", "failed"].contains(&v.as_str()));
    let selected = pairs
        .iter()
        .find(|(k, _)| k == "delivery")
        .map(|(_, v)| v.clone());
    let id = id.to_string();
    let f = filter.clone();
    let found = state
        .db(move |conn| {
            let Some(endpoint) = endpoints::find(conn, &id)? else {
                return Ok(None);
            };
            let list = deliveries::for_endpoint(conn, &id, f.as_deref(), 100)?;
            let attempts = match &selected {
                Some(d) => deliveries::attempts(conn, d)?,
                None => Vec::new(),
            };
            Ok::<_, DbError>(Some((endpoint, list, attempts, selected)))
        })
        .await;
    let (endpoint, list, attempts, selected) = match found {
        Ok(Some(found)) => found,
        Ok(None) => return WebError::NotFound.page(state, req, PageLang::of(req)),
        Err(e) => return WebError::from(e).page(state, req, PageLang::of(req)),
    };
    let today = chrono::Utc::now().date_naive();
    let mut data = json!({
        "application_label": lang.tr("admin-webhooks-application"),
        "redeliver_label": lang.tr("admin-webhooks-redeliver"),
        "response_label": lang.tr("admin-webhooks-response"),
        "endpoint": endpoint_json(lang, &endpoint),
        "filter": filter,
        "deliveries": list.iter().map(|l| json!({
            "id": l.delivery.id,
            "event_id": l.delivery.event_id,
            "event_type": l.event_type,
            "application_id": l.application_id,
            "status": l.delivery.status,
            "status_label": lang.tr(&format!("admin-delivery-{}", l.delivery.status)),
            "attempts": l.delivery.attempts,
            "last_status_code": l.delivery.last_status_code,
            "last_error": l.delivery.last_error,
            "created": view::when(l.delivery.created_at),
            "next": (l.delivery.status == "pending").then(|| view::when(l.delivery.next_attempt_at)),
            "selected": selected.as_deref() == Some(l.delivery.id.as_str()),
        })).collect::<Vec<_>>(),
        "attempts": attempts.iter().map(|a| json!({
            "attempt": a.attempt,
            "at": view::when(a.started_at),
            "duration_ms": a.duration_ms,
            "status_code": a.status_code,
            "error": a.error,
            "headers": a.response_headers,
            "body": a.response_body,
        })).collect::<Vec<_>>(),
        "selected": selected,
        "from": (today - TimeDelta::days(7)).to_string(),
        "to": today.to_string(),
    });
    if let (Value::Object(map), Value::Object(extra)) = (&mut data, extra) {
        map.extend(extra);
    }
    admin_page(
        state,
        req,
        &admin.0,
        status,
        "admin_webhook",
        "admin-webhooks-title",
        data,
    )
}

/// `POST /admin/webhooks/{id}`: one action on an endpoint, named by
/// `action`: `update`, `enable`, `disable`, `delete`, `rotate`, `test`,
/// `redeliver` (with `delivery`) or `redeliver_failed` (with `from`, `to`).
pub async fn act(
    req: HttpRequest,
    state: State,
    admin: Admin,
    id: web::Path<String>,
    payload: web::Payload,
) -> HttpResponse {
    let lang = PageLang::of(&req).lang;
    let form = match checked_form(&state, &req, &admin.0, payload).await {
        Ok(form) => form,
        Err(refused) => return refused,
    };
    let id = id.into_inner();
    let back = format!("/admin/webhooks/{id}");
    let action = form.get("action").to_string();
    let grace = TimeDelta::hours(state.settings.webhook_secret_grace_hours.into());
    let policy = state.address_policy.clone();
    let (url, description) = (
        form.get("url").to_string(),
        form.get("description").to_string(),
    );
    let types: Vec<String> = form
        .all("event_types")
        .into_iter()
        .map(str::to_string)
        .collect();
    let delivery = form.get("delivery").to_string();
    let day = |s: &str| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    };
    let (from, to) = (
        day(form.get("from")),
        day(form.get("to")).map(|d| d + TimeDelta::days(1)),
    );
    let id2 = id.clone();
    let result = state.db(move |conn| {
        let now = db::now();
        let outcome = match action.as_str() {
            "update" => match endpoints::update(conn, &id2, &url, &description, &types, &policy, now) {
                Ok(_) => Ok(json!({})),
                Err(errors) => Err(errors),
            },
            "enable" => Ok(json!({ "n": endpoints::set_enabled(conn, &id2, true, None, now)? })),
            "disable" => Ok(json!({ "n": endpoints::set_enabled(conn, &id2, false, Some("disabled by an administrator"), now)? })),
            "delete" => Ok(json!({ "deleted": endpoints::delete(conn, &id2)? })),
            "rotate" => Ok(json!({ "secret": endpoints::rotate(conn, &id2, grace, now)?.map(|s| s.expose()) })),
            "test" => Ok(json!({ "test": events::emit_test(conn, &id2, now)? })),
            "redeliver" => Ok(json!({ "n": deliveries::redeliver(conn, &delivery, now)? })),
            "redeliver_failed" => match (from, to) {
                (Some(from), Some(to)) => Ok(json!({ "n": deliveries::redeliver_failed(conn, &id2, from, to, now)? })),
                _ => Ok(json!({ "n": 0 })),
            },
            _ => Ok(json!({})),
        };
        Ok::<_, DbError>(outcome)
    })
    .await;
    match result {
        Ok(Ok(done)) => {
            state.deliveries_wakeup.wake();
            if done.get("deleted").is_some() {
                return see_other("/admin/webhooks");
            }
            if let Some(secret) = done.get("secret").and_then(|s| s.as_str()) {
                let extra = json!({ "rotated": secret });
                return show_page(&state, &req, &admin, &id, StatusCode::OK, extra).await;
            }
            see_other(&back)
        }
        Ok(Err(errors)) => {
            let errors = first_messages(lang, &errors);
            show_page(
                &state,
                &req,
                &admin,
                &id,
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "errors": errors }),
            )
            .await
        }
        Err(e) => WebError::from(e).page(&state, &req, PageLang::of(&req)),
    }
}

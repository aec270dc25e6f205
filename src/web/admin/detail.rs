//! The detail page of an application and the decisions taken from it.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::{json, Value};

use super::queue::filter_of;
use super::{admin_page, checked_form, view, Form, Signed};
use crate::applications::{flags, store, FieldErrors};
use crate::db::{self, DbError};
use crate::moderation::decisions::{self, Decision, DecisionError};
use crate::moderation::{accounts, audit, notes, queue};
use crate::state::AppState;
use crate::web::form_view::{first_messages, message};
use crate::web::page::PageLang;
use crate::web::WebError;

type State = web::Data<AppState>;

/// `GET /admin/applications/{id}`.
pub async fn show(
    req: HttpRequest,
    state: State,
    signed: Signed,
    id: web::Path<String>,
) -> HttpResponse {
    render_detail(&state, &req, &signed, &id, StatusCode::OK, json!({})).await
}

/// Renders the detail page with `extra` data (errors, a conflict notice).
async fn render_detail(
    state: &State,
    req: &HttpRequest,
    signed: &Signed,
    id: &str,
    http_status: StatusCode,
    extra: Value,
) -> HttpResponse {
    let page = PageLang::of(req);
    let lang = page.lang;
    let filter = filter_of(req);
    let id = id.to_string();
    let f = filter.clone();
    let s = state.clone().into_inner();
    let result = state
        .db(move |conn| {
            let Some(app) = store::find(conn, &id)? else {
                return Ok(None);
            };
            let own_flags = flags::for_applications(conn, std::slice::from_ref(&app.id))?;
            let mut related_ids: Vec<String> = own_flags
                .iter()
                .filter_map(|f| f.related_id.clone())
                .collect();
            related_ids.extend(store::related_ids(conn, &app)?);
            related_ids.sort();
            related_ids.dedup();
            related_ids.retain(|r| r != &app.id);
            let related = store::find_many(conn, &related_ids)?;
            let history = audit::for_application(conn, &app.id)?;
            let decisions = decisions::for_application(conn, &app.id)?;
            let notes = notes::for_application(conn, &app.id)?;
            let moderators = accounts::list(conn)?;
            let prepared = f.prepare(conn);
            let neighbours = queue::neighbours(conn, &prepared, &app)?;
            let sent = crate::webhooks::deliveries::for_application(conn, &app.id)?;
            let policy = s.policy(conn)?;
            Ok::<_, DbError>(Some((
                app,
                own_flags,
                related,
                history,
                decisions,
                notes,
                moderators,
                (neighbours, sent, policy),
            )))
        })
        .await;
    let (
        app,
        own_flags,
        related,
        history,
        decisions,
        notes,
        moderators,
        ((previous, next), sent, policy),
    ) = match result {
        Ok(Some(found)) => found,
        Ok(None) => return WebError::NotFound.page(state, req, page),
        Err(e) => return WebError::from(e).page(state, req, page),
    };
    let now = db::now();
    let query = filter.to_query();
    let status = app.status();
    let assignee = app
        .assigned_to
        .as_ref()
        .and_then(|id| moderators.iter().find(|m| &m.id == id));
    let timeline: Vec<Value> = history
        .iter()
        .map(|e| {
            let detail: Value = e.detail.as_deref().and_then(|d| serde_json::from_str(d).ok()).unwrap_or(Value::Null);
            json!({
                "label": lang.tr(&format!("timeline-{}", e.action.replace('.', "-"))),
                "who": e.actor_name.clone().unwrap_or_else(|| lang.tr(&format!("actor-{}", e.actor.split(':').next().unwrap_or("system")))),
                "at": view::when(e.created_at),
                "iso": e.created_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                "reason": detail.get("reason").and_then(|r| r.as_str()).map(|r| policy.reason_label(r, lang)),
                "changed": detail.get("changed").cloned(),
            })
        })
        .collect();
    let mut data = json!({
        "app": view::application(lang, &app, &own_flags, now),
        "query": query,
        "back_url": format!("/admin?{query}"),
        "previous_url": previous.map(|p| format!("/admin/applications/{p}?{query}")),
        "next_url": next.as_ref().map(|n| format!("/admin/applications/{n}?{query}")),
        "next_id": next,
        "view_label": lang.tr("admin-view"),
        "related": related.iter().map(|r| json!({
            "id": r.id,
            "organisation_name": r.organisation_name,
            "status_label": lang.tr(&format!("status-{}", r.status)),
            "contact_email": r.contact_email,
            "created": view::when(r.created_at),
        })).collect::<Vec<_>>(),
        "timeline": timeline,
        "decisions": decisions.iter().map(|d| json!({
            "kind_label": lang.tr(&format!("decision-{}", d.kind)),
            "reason": d.reason.as_ref().map(|r| policy.reason_label(r, lang)),
            "message": d.message,
            "who": d.actor_name,
            "at": view::when(d.created_at),
        })).collect::<Vec<_>>(),
        "notes": notes.iter().map(|n| json!({"author": n.author_name, "body": n.body, "at": view::when(n.created_at)})).collect::<Vec<_>>(),
        "assignee": assignee.map(|m| m.name.clone()),
        "assigned_to_me": app.assigned_to.as_deref() == Some(signed.moderator.id.as_str()),
        "moderators": moderators.iter().filter(|m| !m.disabled).map(|m| json!({"id": m.id, "name": m.name, "selected": app.assigned_to.as_deref() == Some(m.id.as_str())})).collect::<Vec<_>>(),
        "can_approve": Decision::Approve.from_states().contains(&status),
        "can_refuse": Decision::Refuse { reason: String::new(), message: String::new() }.from_states().contains(&status),
        "can_request_info": Decision::RequestInfo { message: String::new() }.from_states().contains(&status),
        "space_url": app.space_url,
        "can_retry_provisioning": status == crate::applications::Status::ProvisioningFailed && signed.moderator.is_admin(),
        "deliveries": sent.iter().map(|l| json!({
            "event_type": l.event_type,
            "endpoint_id": l.delivery.endpoint_id,
            "delivery_id": l.delivery.id,
            "status_label": lang.tr(&format!("admin-delivery-{}", l.delivery.status)),
            "attempts": l.delivery.attempts,
            "created": view::when(l.delivery.created_at),
        })).collect::<Vec<_>>(),
        "can_reopen": Decision::Reopen.from_states().contains(&status) && signed.moderator.is_admin(),
        "refusal_reasons": policy.refusal_reasons.iter().map(|r| json!({
            "code": r.code,
            "label": r.label(lang),
            "text": decisions::canned_text(&app, &r.code, &policy),
        })).collect::<Vec<_>>(),
    });
    if let (Value::Object(map), Value::Object(extra)) = (&mut data, extra) {
        map.extend(extra);
    }
    admin_page(
        state,
        req,
        signed,
        http_status,
        "admin_detail",
        "admin-detail-title",
        data,
    )
}

/// Takes a decision from a form and answers: back to the page (or on to the
/// next application), or the page again with a 409 or the errors.
async fn take(
    req: HttpRequest,
    state: State,
    signed: Signed,
    id: String,
    payload: web::Payload,
    decide_from: impl FnOnce(&Form) -> Result<Decision, FieldErrors>,
    form_name: &str,
) -> HttpResponse {
    let lang = PageLang::of(&req).lang;
    let form = match checked_form(&state, &req, &signed, payload).await {
        Ok(form) => form,
        Err(refused) => return refused,
    };
    let decision = match decide_from(&form) {
        Ok(d) => d,
        Err(errors) => {
            let extra = json!({ "errors": { form_name: first_messages(lang, &errors) }, "typed": { "reason": form.get("reason"), "message": form.get("message") } });
            return render_detail(
                &state,
                &req,
                &signed,
                &id,
                StatusCode::UNPROCESSABLE_ENTITY,
                extra,
            )
            .await;
        }
    };
    let actor = signed.actor();
    let id2 = id.clone();
    let d = decision.clone();
    let s = state.clone().into_inner();
    let result = state
        .write(move |conn| {
            let policy = s.policy(conn)?;
            let hooks = s.event_context(&policy);
            decisions::decide(conn, &id2, &d, &actor, &policy, Some(&hooks), db::now())
        })
        .await;
    match result {
        Ok(_) => {
            state.wake_all();
            let query = filter_of(&req).to_query();
            let target = match (form.get("then"), form.get("next_id")) {
                ("next", next) if !next.is_empty() => format!("/admin/applications/{next}?{query}"),
                _ => format!("/admin/applications/{id}?{query}"),
            };
            HttpResponse::SeeOther()
                .insert_header((header::LOCATION, target))
                .finish()
        }
        Err(DecisionError::Conflict { current, last }) => {
            let notice = conflict_message(lang, current, last.as_deref());
            render_detail(
                &state,
                &req,
                &signed,
                &id,
                StatusCode::CONFLICT,
                json!({ "conflict": notice }),
            )
            .await
        }
        Err(DecisionError::SpaceNameTaken) => {
            render_detail(
                &state,
                &req,
                &signed,
                &id,
                StatusCode::CONFLICT,
                json!({ "conflict": lang.tr("admin-reopen-name-taken") }),
            )
            .await
        }
        Err(DecisionError::NotFound) => WebError::NotFound.page(&state, &req, PageLang::of(&req)),
        Err(DecisionError::Invalid(errors)) => {
            render_detail(
                &state,
                &req,
                &signed,
                &id,
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "errors": { form_name: first_messages(lang, &errors) } }),
            )
            .await
        }
        Err(DecisionError::Db(e)) => WebError::from(e).page(&state, &req, PageLang::of(&req)),
    }
}

/// "Already refused by Camille on 12/03 at 10:02": who decided what.
pub fn conflict_message(
    lang: crate::i18n::Lang,
    current: crate::applications::Status,
    last: Option<&decisions::DecisionRow>,
) -> String {
    use crate::i18n::FluentArg::Text;
    let status = Text(lang.tr(&format!("status-{}", current.code())));
    match last {
        Some(d) => lang.tr_args(
            "admin-conflict-by",
            &[
                ("status", status),
                ("who", Text(d.actor_name.clone())),
                ("at", Text(view::when(d.created_at))),
            ],
        ),
        None => lang.tr_args("admin-conflict", &[("status", status)]),
    }
}

/// `POST …/approve`.
pub async fn approve(
    req: HttpRequest,
    state: State,
    signed: Signed,
    id: web::Path<String>,
    payload: web::Payload,
) -> HttpResponse {
    take(
        req,
        state,
        signed,
        id.into_inner(),
        payload,
        |_| Ok(Decision::Approve),
        "approve",
    )
    .await
}

/// `POST …/refuse`.
pub async fn refuse(
    req: HttpRequest,
    state: State,
    signed: Signed,
    id: web::Path<String>,
    payload: web::Payload,
) -> HttpResponse {
    let decide = |f: &Form| Decision::refuse(f.get("reason"), f.get("message"));
    take(
        req,
        state,
        signed,
        id.into_inner(),
        payload,
        decide,
        "refuse",
    )
    .await
}

/// `POST …/request-info`.
pub async fn request_info(
    req: HttpRequest,
    state: State,
    signed: Signed,
    id: web::Path<String>,
    payload: web::Payload,
) -> HttpResponse {
    let decide = |f: &Form| Decision::request_info(f.get("message"));
    take(
        req,
        state,
        signed,
        id.into_inner(),
        payload,
        decide,
        "request_info",
    )
    .await
}

/// `POST …/reopen` (administrators only).
pub async fn reopen(
    req: HttpRequest,
    state: State,
    admin: super::Admin,
    id: web::Path<String>,
    payload: web::Payload,
) -> HttpResponse {
    take(
        req,
        state,
        admin.0,
        id.into_inner(),
        payload,
        |_| Ok(Decision::Reopen),
        "reopen",
    )
    .await
}

/// `POST …/assign`: `moderator_id` empty releases, `me` claims.
pub async fn assign(
    req: HttpRequest,
    state: State,
    signed: Signed,
    id: web::Path<String>,
    payload: web::Payload,
) -> HttpResponse {
    let form = match checked_form(&state, &req, &signed, payload).await {
        Ok(form) => form,
        Err(refused) => return refused,
    };
    let target = match form.get("moderator_id") {
        "me" => signed.moderator.id.clone(),
        other => other.to_string(),
    };
    let actor = signed.actor();
    let id = id.into_inner();
    let id2 = id.clone();
    let result = state
        .db(move |conn| {
            let to = if target.is_empty() {
                None
            } else {
                accounts::find(conn, &target)?.filter(|m| !m.disabled)
            };
            if !target.is_empty() && to.is_none() {
                return Err(DecisionError::NotFound);
            }
            decisions::assign(
                conn,
                &id2,
                to.as_ref().map(|m| (m.id.as_str(), m.name.as_str())),
                &actor,
                db::now(),
            )
        })
        .await;
    match result {
        Ok(_) => HttpResponse::SeeOther()
            .insert_header((
                header::LOCATION,
                format!("/admin/applications/{id}?{}", filter_of(&req).to_query()),
            ))
            .finish(),
        Err(DecisionError::NotFound) => WebError::NotFound.page(&state, &req, PageLang::of(&req)),
        Err(e) => WebError::Unavailable(e.to_string()).page(&state, &req, PageLang::of(&req)),
    }
}

/// `POST …/notes`.
pub async fn add_note(
    req: HttpRequest,
    state: State,
    signed: Signed,
    id: web::Path<String>,
    payload: web::Payload,
) -> HttpResponse {
    let lang = PageLang::of(&req).lang;
    let form = match checked_form(&state, &req, &signed, payload).await {
        Ok(form) => form,
        Err(refused) => return refused,
    };
    let id = id.into_inner();
    let body = match notes::parse_body(form.get("body")) {
        Ok(body) => body,
        Err(problem) => {
            let extra = json!({ "errors": { "note": { "body": message(lang, &problem) } } });
            return render_detail(
                &state,
                &req,
                &signed,
                &id,
                StatusCode::UNPROCESSABLE_ENTITY,
                extra,
            )
            .await;
        }
    };
    let (mid, name, id2) = (
        signed.moderator.id.clone(),
        signed.moderator.name.clone(),
        id.clone(),
    );
    let result = state
        .db(move |conn| {
            if store::find(conn, &id2)?.is_none() {
                return Ok(false);
            }
            notes::add(conn, &id2, &mid, &name, &body, db::now())?;
            Ok::<_, DbError>(true)
        })
        .await;
    match result {
        Ok(true) => HttpResponse::SeeOther()
            .insert_header((
                header::LOCATION,
                format!(
                    "/admin/applications/{id}?{}#notes",
                    filter_of(&req).to_query()
                ),
            ))
            .finish(),
        Ok(false) => WebError::NotFound.page(&state, &req, PageLang::of(&req)),
        Err(e) => WebError::from(e).page(&state, &req, PageLang::of(&req)),
    }
}

/// `POST …/retry-provisioning` (administrators): a failed provisioning is
/// tried again with a new `application.approved` event.
pub async fn retry_provisioning(
    req: HttpRequest,
    state: State,
    admin: super::Admin,
    id: web::Path<String>,
    payload: web::Payload,
) -> HttpResponse {
    let signed = admin.0;
    if let Err(refused) = checked_form(&state, &req, &signed, payload).await {
        return refused;
    }
    let lang = PageLang::of(&req).lang;
    let (actor, id) = (signed.actor(), id.into_inner());
    let id2 = id.clone();
    let s = state.clone().into_inner();
    let result = state
        .db(move |conn| {
            let ctx = s.event_context(&s.policy(conn)?);
            crate::webhooks::callback::retry(conn, &ctx, &id2, &actor, db::now())
        })
        .await;
    match result {
        Ok(_) => {
            state.wake_all();
            HttpResponse::SeeOther()
                .insert_header((header::LOCATION, format!("/admin/applications/{id}")))
                .finish()
        }
        Err(crate::webhooks::callback::CallbackError::Conflict { current }) => {
            let notice = conflict_message(lang, current, None);
            render_detail(
                &state,
                &req,
                &signed,
                &id,
                StatusCode::CONFLICT,
                json!({ "conflict": notice }),
            )
            .await
        }
        Err(crate::webhooks::callback::CallbackError::NotFound) => {
            WebError::NotFound.page(&state, &req, PageLang::of(&req))
        }
        Err(e) => WebError::Unavailable(e.to_string()).page(&state, &req, PageLang::of(&req)),
    }
}

//! `GET`/`POST /admin/settings`: the host's policy, edited by an
//! administrator. A change is stored with an audit row naming what changed,
//! and takes effect at once on every instance; reopening sign-ups tells the
//! waiting list in the same transaction.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::{json, Value};

use super::{admin_page, checked_form, Admin, Form};
use crate::db::{self, DbError};
use crate::host::settings_form::{self, SettingsErrors, Values, REASON_FIELDS};
use crate::host::{intake, policy, waiting_list, Policy};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::web::form_view::message;
use crate::web::page::PageLang;
use crate::web::WebError;

type State = web::Data<AppState>;

impl Values for Form {
    fn one(&self, key: &str) -> &str {
        self.get(key)
    }
    fn many(&self, key: &str) -> Vec<&str> {
        self.all(key)
    }
}

/// The fields of one value each (not the reasons, not the boxes).
const SCALARS: [&str; 14] = [
    "friendly_hosts",
    "flag_employees_over",
    "flag_beneficiaries_over",
    "flag_budget_over_eur",
    "max_accounts",
    "storage_gb",
    "capacity",
    "pause_message_fr",
    "pause_message_en",
    "reopens_on",
    "retention_unconfirmed_days",
    "retention_refused_days",
    "retention_withdrawn_days",
    "retention_waiting_list_days",
];

/// The page's data for `p`, with the errors of a refused form.
fn view(p: &Policy, errors: &SettingsErrors, lang: Lang, extra: Value) -> Value {
    let err = |field: &str| errors.get(field).map(|pr| message(lang, pr));
    let mut rows: Vec<Value> = p
        .refusal_reasons
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let values = [&r.code, &r.label_fr, &r.label_en, &r.text_fr, &r.text_en];
            reason_row(lang, i, &values.map(|v| v.as_str()), &err, false)
        })
        .collect();
    let blank = rows.len();
    rows.push(reason_row(lang, blank, &[""; 5], &err, true));
    let summary: Vec<Value> = errors
        .0
        .iter()
        .map(|(field, problem)| json!({ "anchor": field, "message": message(lang, problem) }))
        .collect();
    let mut data = json!({
        "reasons": rows,
        "friendly_hosts": p.friendly_hosts.join("\n"),
        "flag_employees_over": p.flags.employees,
        "flag_beneficiaries_over": p.flags.beneficiaries,
        "flag_budget_over_eur": p.flags.budget_eur,
        "max_accounts": p.max_accounts,
        "storage_gb": p.storage_gb,
        "capacity": p.capacity,
        "paused": p.paused,
        "pause_message_fr": p.pause_message_fr,
        "pause_message_en": p.pause_message_en,
        "reopens_on": p.reopens_on.map(|d| d.to_string()),
        "retention_unconfirmed_days": p.retention.unconfirmed_days,
        "retention_refused_days": p.retention.refused_days,
        "retention_withdrawn_days": p.retention.withdrawn_days,
        "retention_waiting_list_days": p.retention.waiting_list_days,
        "transparency": p.transparency,
        "errors": summary,
        "error_count": errors.0.len(),
    });
    for field in SCALARS {
        data[format!("{field}_error")] = json!(err(field));
    }
    if let (Value::Object(map), Value::Object(extra)) = (&mut data, extra) {
        map.extend(extra);
    }
    data
}

fn reason_row(
    lang: Lang,
    i: usize,
    values: &[&str; 5],
    err: &dyn Fn(&str) -> Option<String>,
    blank: bool,
) -> Value {
    let cells: Vec<Value> = REASON_FIELDS
        .iter()
        .zip(values)
        .map(|(field, value)| {
            let id = format!("{field}-{i}");
            json!({
                "name": field,
                "id": id,
                "value": value,
                "error": err(&id),
                "label": lang.tr(&format!("settings-{}", field.replace('_', "-"))),
                "long": field.starts_with("reason_text"),
            })
        })
        .collect();
    json!({ "index": i + 1, "blank": blank, "cells": cells })
}

/// `GET /admin/settings`.
pub async fn form(req: HttpRequest, state: State, admin: Admin) -> HttpResponse {
    let page = PageLang::of(&req);
    let s = state.clone().into_inner();
    let result = state
        .db(move |conn| {
            let policy = s.policy(conn)?;
            let open = intake::intake(conn, &policy)?;
            let waiting = waiting_list::count(conn)?;
            Ok::<_, DbError>((policy, open, waiting))
        })
        .await;
    let (policy, open, waiting) = match result {
        Ok(found) => found,
        Err(e) => return WebError::from(e).page(&state, &req, page),
    };
    let saved = req.query_string().contains("saved=1");
    let extra = json!({
        "saved": saved,
        "intake": (!open.is_open()).then(|| open.explanation(page.lang)),
        "waiting": waiting,
    });
    let data = view(&policy, &SettingsErrors::default(), page.lang, extra);
    admin_page(
        &state,
        &req,
        &admin.0,
        StatusCode::OK,
        "admin_settings",
        "settings-title",
        data,
    )
}

/// `POST /admin/settings`: checks every value, then stores the policy.
pub async fn save(
    req: HttpRequest,
    state: State,
    admin: Admin,
    payload: web::Payload,
) -> HttpResponse {
    let signed = admin.0;
    let page = PageLang::of(&req);
    let form = match checked_form(&state, &req, &signed, payload).await {
        Ok(form) => form,
        Err(refused) => return refused,
    };
    let s = state.clone().into_inner();
    let current = match state.db(move |conn| s.policy(conn)).await {
        Ok(p) => p,
        Err(e) => return WebError::from(e).page(&state, &req, page),
    };
    let policy = match settings_form::parse(&form, &current) {
        Ok(p) => p,
        Err(refused) => {
            let (typed, errors) = *refused;
            let mut data = view(&typed, &errors, page.lang, json!({}));
            // A number that did not parse is shown as typed, not as before.
            for field in SCALARS {
                data[field] = json!(form.get(field));
            }
            return admin_page(
                &state,
                &req,
                &signed,
                StatusCode::UNPROCESSABLE_ENTITY,
                "admin_settings",
                "settings-title",
                data,
            );
        }
    };
    let (s, actor) = (state.clone().into_inner(), signed.actor());
    let result = state
        .db(move |conn| {
            policy::save(
                conn,
                &s.default_policy,
                &policy,
                &actor,
                db::now(),
                |c, after| {
                    // Open now: whoever waits is told (a no-op when nobody does
                    // or when sign-ups were open already and the list is empty).
                    if intake::intake(c, after)?.is_open() {
                        waiting_list::release(c, db::now())?;
                    }
                    Ok(())
                },
            )
        })
        .await;
    match result {
        Ok(_) => {
            state.wake_all();
            HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/admin/settings?saved=1"))
                .finish()
        }
        Err(e) => WebError::from(e).page(&state, &req, page),
    }
}

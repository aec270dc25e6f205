//! `GET /admin`: the queue, and bulk decisions from it.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::json;

use super::{admin_page, checked_form, view, Signed};
use crate::applications::typology::{Sector, StructureType};
use crate::applications::{flags, store, Status};
use crate::db::{self, DbError};
use crate::moderation::accounts;
use crate::moderation::decisions::{self, Decision, DecisionError};
use crate::moderation::queue::{self, Cursor, Filter};
use crate::state::AppState;
use crate::web::page::PageLang;

type State = web::Data<AppState>;

/// Rows on a page of the queue.
const PAGE_SIZE: i64 = 50;

/// The filter of a request's query string (submitted applications by
/// default).
pub fn filter_of(req: &HttpRequest) -> Filter {
    Filter::from_query(req.query_string(), Some(Status::Submitted))
}

/// `GET /admin`.
pub async fn queue(req: HttpRequest, state: State, signed: Signed) -> HttpResponse {
    let page = PageLang::of(&req);
    let lang = page.lang;
    let mut filter = filter_of(&req);
    if filter.assigned.as_deref() == Some("me") {
        filter.assigned = Some(signed.moderator.id.clone());
    }
    let cursor = form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(k, _)| k == "cursor")
        .and_then(|(_, v)| Cursor::decode(&v));
    let f = filter.clone();
    let s = state.clone().into_inner();
    let result = state
        .db(move |conn| {
            let prepared = f.prepare(conn);
            let page = queue::page(conn, &prepared, cursor.as_ref(), PAGE_SIZE)?;
            let total = queue::count_for_page(conn, &prepared, &page, cursor.as_ref())?;
            let next = page.next.clone();
            let rows = queue::with_flags(conn, page.rows)?;
            let counts = store::count_by_status(conn)?;
            let moderators = accounts::list(conn)?;
            let policy = s.policy(conn)?;
            let intake = crate::host::intake::intake(conn, &policy)?;
            Ok::<_, DbError>((rows, next, total, counts, moderators, (policy, intake)))
        })
        .await;
    let (rows, next, total, counts, moderators, (policy, intake)) = match result {
        Ok(found) => found,
        Err(e) => return crate::web::WebError::from(e).page(&state, &req, page),
    };
    let now = db::now();
    let query = filter.to_query();
    let rows: Vec<_> = rows
        .iter()
        .map(|row| {
            let mut v = view::application(lang, &row.application, &row.flags, now);
            let assignee = row
                .application
                .assigned_to
                .as_ref()
                .and_then(|id| moderators.iter().find(|m| &m.id == id));
            v["assignee"] = json!(assignee.map(|m| m.name.clone()));
            v["detail_url"] = json!(format!(
                "/admin/applications/{}?{}",
                row.application.id, query
            ));
            v
        })
        .collect();
    let status_code = filter.status.map(|s| s.code()).unwrap_or("all");
    let data = json!({
        "rows": rows,
        "total": total.n,
        "total_more": total.more,
        "query": query,
        "next_url": next.map(|c| format!("/admin?{}&cursor={}", query, c.encode())),
        "first_url": if cursor_given(&req) { Some(format!("/admin?{query}")) } else { None },
        "export_url": format!("/admin/export.csv?{query}"),
        "statuses": std::iter::once(json!({"code": "all", "label": lang.tr("admin-filter-all"), "count": counts.iter().map(|(_, n)| n).sum::<i64>(), "selected": status_code == "all"}))
            .chain(counts.iter().map(|(s, n)| json!({"code": s.code(), "label": lang.tr(&format!("status-{}", s.code())), "count": n, "selected": status_code == s.code()})))
            .collect::<Vec<_>>(),
        "structure_types": StructureType::ALL.iter().map(|t| json!({"code": t.code(), "label": lang.tr(&format!("structure-type-{}", t.code())), "selected": filter.structure_type == Some(*t)})).collect::<Vec<_>>(),
        "sectors": Sector::ALL.iter().map(|s| json!({"code": s.code(), "label": lang.tr(&format!("sector-{}", s.code())), "selected": filter.sector == Some(*s)})).collect::<Vec<_>>(),
        "flags": std::iter::once("any").chain(flags::KINDS.iter().copied()).map(|k| json!({"code": k, "label": lang.tr(&format!("flag-filter-{k}")), "selected": filter.flag.as_deref() == Some(k)})).collect::<Vec<_>>(),
        "q": filter.q,
        "from": filter.from.map(|d| d.to_string()),
        "to": filter.to.map(|d| d.to_string()),
        "newest_first": filter.newest_first,
        "mine": filter.assigned.as_deref() == Some(signed.moderator.id.as_str()),
        "unassigned": filter.assigned.as_deref() == Some(""),
        "refusal_reasons": policy.refusal_reasons.iter().map(|r| json!({"code": r.code, "label": r.label(lang)})).collect::<Vec<_>>(),
        "intake_closed": (!intake.is_open()).then(|| intake.explanation(lang)),
        "capacity": policy.capacity.map(|c| lang.tr_args("admin-capacity-used", &[
            ("used", crate::i18n::FluentArg::Number(counts.iter().filter(|(s, _)| crate::host::intake::HOLDING_A_SPACE.contains(s)).map(|(_, n)| *n).sum())),
            ("capacity", crate::i18n::FluentArg::Number(c.into())),
        ])),
        "bulk": status_code == "submitted",
        "provisioning_failed": counts.iter().find(|(s, _)| *s == Status::ProvisioningFailed).map(|(_, n)| *n).filter(|n| *n > 0)
            .map(|n| lang.tr_args("admin-provisioning-failed-banner", &[("count", crate::i18n::FluentArg::Number(n))])),
    });
    admin_page(
        &state,
        &req,
        &signed,
        StatusCode::OK,
        "admin_queue",
        "admin-queue-title",
        data,
    )
}

fn cursor_given(req: &HttpRequest) -> bool {
    form_urlencoded::parse(req.query_string().as_bytes()).any(|(k, _)| k == "cursor")
}

/// `POST /admin/bulk`: one decision on every ticked application.
pub async fn bulk(
    req: HttpRequest,
    state: State,
    signed: Signed,
    payload: web::Payload,
) -> HttpResponse {
    let page = PageLang::of(&req);
    let lang = page.lang;
    let form = match checked_form(&state, &req, &signed, payload).await {
        Ok(form) => form,
        Err(refused) => return refused,
    };
    let ids: Vec<String> = form
        .all("ids")
        .into_iter()
        .map(str::to_string)
        .take(500)
        .collect();
    let decision = match form.get("action") {
        "approve" => Ok(Decision::Approve),
        "refuse" => Decision::refuse(form.get("reason"), form.get("message")),
        _ => Err(Default::default()),
    };
    let back = format!("/admin?{}", form.get("query"));
    let Ok(decision) = decision else {
        let data = json!({"heading": lang.tr("admin-bulk-title"), "message": lang.tr("admin-bulk-invalid"), "back_url": back});
        return admin_page(
            &state,
            &req,
            &signed,
            StatusCode::UNPROCESSABLE_ENTITY,
            "admin_message",
            "admin-bulk-title",
            data,
        );
    };
    let actor = signed.actor();
    let s = state.clone().into_inner();
    let result = state
        .db(move |conn| {
            let policy = s.policy(conn)?;
            let hooks = s.event_context(&policy);
            let mut done = 0;
            let mut skipped = 0;
            for id in &ids {
                match decisions::decide(
                    conn,
                    id,
                    &decision,
                    &actor,
                    &policy,
                    Some(&hooks),
                    db::now(),
                ) {
                    Ok(_) => done += 1,
                    Err(DecisionError::Conflict { .. }) | Err(DecisionError::NotFound) => {
                        skipped += 1
                    }
                    Err(e) => return Err(e),
                }
            }
            Ok((done, skipped))
        })
        .await;
    match result {
        Ok((done, skipped)) => {
            state.wake_all();
            let message = lang.tr_args(
                "admin-bulk-done",
                &[
                    ("done", crate::i18n::FluentArg::Number(done)),
                    ("skipped", crate::i18n::FluentArg::Number(skipped)),
                ],
            );
            let data = json!({"heading": lang.tr("admin-bulk-title"), "message": message, "back_url": back});
            admin_page(
                &state,
                &req,
                &signed,
                StatusCode::OK,
                "admin_message",
                "admin-bulk-title",
                data,
            )
        }
        Err(DecisionError::Invalid(_)) => {
            let data = json!({"heading": lang.tr("admin-bulk-title"), "message": lang.tr("admin-bulk-invalid"), "back_url": back});
            admin_page(
                &state,
                &req,
                &signed,
                StatusCode::UNPROCESSABLE_ENTITY,
                "admin_message",
                "admin-bulk-title",
                data,
            )
        }
        Err(e) => crate::web::WebError::Unavailable(e.to_string()).page(&state, &req, page),
    }
}

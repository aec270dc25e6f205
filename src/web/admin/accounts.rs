//! Accounts: one's own (password, notifications) and, for administrators,
//! everyone's (add, role, disable).

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::{json, Value};

use super::{admin_page, checked_form, view, Admin, Signed};
use crate::db::{self, DbError};
use crate::moderation::accounts::{self, AccountError, NewModerator, Role, NOTIFY_CHOICES};
use crate::state::AppState;
use crate::web::form_view::first_messages;
use crate::web::page::PageLang;
use crate::web::WebError;

type State = web::Data<AppState>;

fn see_other(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to))
        .finish()
}

fn own_page(
    state: &AppState,
    req: &HttpRequest,
    signed: &Signed,
    status: StatusCode,
    extra: Value,
) -> HttpResponse {
    let lang = PageLang::of(req).lang;
    let mut data = json!({
        "notify_choices": NOTIFY_CHOICES.iter().map(|c| json!({
            "code": c,
            "label": lang.tr(&format!("admin-notify-{c}")),
            "checked": signed.moderator.notify == *c,
        })).collect::<Vec<_>>(),
        "languages": crate::i18n::Lang::ALL.iter().map(|l| json!({
            "code": l.code(),
            "label": lang.tr(&format!("language-{}", l.code())),
            "checked": signed.moderator.language == l.code(),
        })).collect::<Vec<_>>(),
    });
    if let (Value::Object(map), Value::Object(extra)) = (&mut data, extra) {
        map.extend(extra);
    }
    admin_page(
        state,
        req,
        signed,
        status,
        "admin_account",
        "admin-account-title",
        data,
    )
}

/// `GET /admin/account`.
pub async fn own(req: HttpRequest, state: State, signed: Signed) -> HttpResponse {
    let saved = req.query_string().contains("saved=1");
    own_page(
        &state,
        &req,
        &signed,
        StatusCode::OK,
        json!({ "saved": saved }),
    )
}

/// `POST /admin/account/password`.
pub async fn change_password(
    req: HttpRequest,
    state: State,
    signed: Signed,
    payload: web::Payload,
) -> HttpResponse {
    let lang = PageLang::of(&req).lang;
    let form = match checked_form(&state, &req, &signed, payload).await {
        Ok(form) => form,
        Err(refused) => return refused,
    };
    let (current, new) = (
        form.get("current_password").to_string(),
        form.get("new_password").to_string(),
    );
    let id = signed.moderator.id.clone();
    let result = state
        .db(move |conn| accounts::change_password(conn, &id, &current, &new, db::now()))
        .await;
    match result {
        // Every session ended with the change, this one too: sign in again.
        Ok(()) => see_other("/admin/login?changed=1"),
        Err(AccountError::Invalid(errors)) => {
            let errors = first_messages(lang, &errors);
            own_page(
                &state,
                &req,
                &signed,
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "errors": errors }),
            )
        }
        Err(e) => WebError::Unavailable(e.to_string()).page(&state, &req, PageLang::of(&req)),
    }
}

/// `POST /admin/account/notifications`: how to hear of new applications,
/// and in which language.
pub async fn change_notify(
    req: HttpRequest,
    state: State,
    signed: Signed,
    payload: web::Payload,
) -> HttpResponse {
    let form = match checked_form(&state, &req, &signed, payload).await {
        Ok(form) => form,
        Err(refused) => return refused,
    };
    let (notify, language) = (
        form.get("notify").to_string(),
        form.get("language").to_string(),
    );
    let id = signed.moderator.id.clone();
    let result = state
        .db(move |conn| {
            accounts::set_notify(conn, &id, &notify, db::now())?;
            if let Some(lang) = crate::i18n::Lang::from_code(&language) {
                accounts::set_language(conn, &id, lang.code())?;
            }
            Ok::<_, DbError>(())
        })
        .await;
    match result {
        Ok(()) => see_other("/admin/account?saved=1"),
        Err(e) => WebError::from(e).page(&state, &req, PageLang::of(&req)),
    }
}

async fn list_page(
    state: &State,
    req: &HttpRequest,
    signed: &Signed,
    status: StatusCode,
    extra: Value,
) -> HttpResponse {
    let lang = PageLang::of(req).lang;
    let result = state
        .db(|conn| accounts::list(conn).map_err(DbError::from))
        .await;
    let moderators = match result {
        Ok(m) => m,
        Err(e) => return WebError::from(e).page(state, req, PageLang::of(req)),
    };
    let mut data = json!({
        "disabled_label": lang.tr("admin-disabled"),
        "make_admin_label": lang.tr("admin-make-admin"),
        "make_moderator_label": lang.tr("admin-make-moderator"),
        "enable_label": lang.tr("admin-enable"),
        "disable_label": lang.tr("admin-disable"),
        "moderators": moderators.iter().map(|m| json!({
            "id": m.id,
            "name": m.name,
            "email": m.email,
            "is_admin": m.is_admin(),
            "role_label": lang.tr(&format!("role-{}", m.role)),
            "disabled": m.disabled,
            "last_login": m.last_login_at.map(view::when),
            "is_me": m.id == signed.moderator.id,
        })).collect::<Vec<_>>(),
    });
    if let (Value::Object(map), Value::Object(extra)) = (&mut data, extra) {
        map.extend(extra);
    }
    admin_page(
        state,
        req,
        signed,
        status,
        "admin_moderators",
        "admin-moderators-title",
        data,
    )
}

/// `GET /admin/moderators`.
pub async fn list(req: HttpRequest, state: State, admin: Admin) -> HttpResponse {
    list_page(&state, &req, &admin.0, StatusCode::OK, json!({})).await
}

/// `POST /admin/moderators`: adds an account.
pub async fn add(
    req: HttpRequest,
    state: State,
    admin: Admin,
    payload: web::Payload,
) -> HttpResponse {
    let lang = PageLang::of(&req).lang;
    let signed = admin.0;
    let form = match checked_form(&state, &req, &signed, payload).await {
        Ok(form) => form,
        Err(refused) => return refused,
    };
    let typed =
        json!({ "email": form.get("email"), "name": form.get("name"), "role": form.get("role") });
    let parsed = NewModerator::parse(
        form.get("email"),
        form.get("name"),
        form.get("role"),
        form.get("password"),
    );
    let result = match parsed {
        Ok(new) => {
            state
                .db(move |conn| accounts::add(conn, &new, db::now()))
                .await
        }
        Err(errors) => Err(AccountError::Invalid(errors)),
    };
    match result {
        Ok(_) => see_other("/admin/moderators"),
        Err(AccountError::Invalid(errors)) => {
            let errors = first_messages(lang, &errors);
            list_page(
                &state,
                &req,
                &signed,
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "errors": errors, "typed": typed }),
            )
            .await
        }
        Err(e) => WebError::Unavailable(e.to_string()).page(&state, &req, PageLang::of(&req)),
    }
}

/// `POST /admin/moderators/{id}/role`.
pub async fn set_role(
    req: HttpRequest,
    state: State,
    admin: Admin,
    id: web::Path<String>,
    payload: web::Payload,
) -> HttpResponse {
    let signed = admin.0;
    let form = match checked_form(&state, &req, &signed, payload).await {
        Ok(form) => form,
        Err(refused) => return refused,
    };
    let Some(role) = Role::from_code(form.get("role")) else {
        return WebError::BadBody.page(&state, &req, PageLang::of(&req));
    };
    // An administrator cannot demote themselves: there must stay one.
    if id.as_str() == signed.moderator.id && role != Role::Admin {
        return list_page(
            &state,
            &req,
            &signed,
            StatusCode::CONFLICT,
            json!({ "notice": PageLang::of(&req).lang.tr("admin-cannot-demote-self") }),
        )
        .await;
    }
    let id = id.into_inner();
    let result = state
        .db(move |conn| accounts::set_role(conn, &id, role, db::now()).map_err(DbError::from))
        .await;
    match result {
        Ok(_) => see_other("/admin/moderators"),
        Err(e) => WebError::from(e).page(&state, &req, PageLang::of(&req)),
    }
}

/// `POST /admin/moderators/{id}/disabled`: `disabled=true` or `false`.
pub async fn set_disabled(
    req: HttpRequest,
    state: State,
    admin: Admin,
    id: web::Path<String>,
    payload: web::Payload,
) -> HttpResponse {
    let signed = admin.0;
    let form = match checked_form(&state, &req, &signed, payload).await {
        Ok(form) => form,
        Err(refused) => return refused,
    };
    let disabled = form.get("disabled") == "true";
    if id.as_str() == signed.moderator.id && disabled {
        return list_page(
            &state,
            &req,
            &signed,
            StatusCode::CONFLICT,
            json!({ "notice": PageLang::of(&req).lang.tr("admin-cannot-disable-self") }),
        )
        .await;
    }
    let id = id.into_inner();
    let result = state
        .db(move |conn| {
            accounts::set_disabled(conn, &id, disabled, db::now()).map_err(DbError::from)
        })
        .await;
    match result {
        Ok(_) => see_other("/admin/moderators"),
        Err(e) => WebError::from(e).page(&state, &req, PageLang::of(&req)),
    }
}

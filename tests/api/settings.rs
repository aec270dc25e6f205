//! The settings page: every change is audited and takes effect at once; a
//! wrong value is refused next to its field and nothing is stored.

use std::time::Duration;

use diesel::prelude::*;

use crate::helpers::{spawn_app, wait_until, Backend, TestApp};
use crate::on_both_backends;
use passeur::db::schema::{application_flags, audit_log};

async fn audited_changes(app: &TestApp) -> Vec<String> {
    app.db(|c| {
        audit_log::table
            .filter(audit_log::action.eq("settings.changed"))
            .select(audit_log::detail)
            .load::<Option<String>>(c)
            .unwrap()
            .into_iter()
            .flatten()
            .collect()
    })
    .await
}

async fn settings_changes_are_audited_and_take_effect_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app
        .login(&app.add_account("admin@example.org", "admin").await)
        .await;
    let saved = app
        .change_settings(
            &admin,
            &[
                // The first reason row is "out_of_scope".
                (
                    "reason_text_fr",
                    Some("Texte revu par l’équipe pour {organisation}."),
                ),
                ("flag_employees_over", Some("0")),
                ("max_accounts", Some("12")),
            ],
        )
        .await;
    assert_eq!(saved.status().as_u16(), 303);
    let changes = audited_changes(&app).await;
    assert_eq!(changes.len(), 1);
    for key in ["refusal_reasons", "flags", "max_accounts"] {
        assert!(
            changes[0].contains(&format!("\"{key}\"")),
            "{key} in {}",
            changes[0]
        );
    }
    assert!(
        changes[0].contains("Texte revu"),
        "the audit row holds the new value"
    );

    let token = app.token().await;
    let refused = app
        .confirmed_application(serde_json::json!({ "space_name": "refusee", "contact_email": "refusee@example.org", "employees": 1 }))
        .await;
    let response = app
        .api_decide(
            &token,
            &refused,
            "refuse",
            serde_json::json!({ "reason": "out_of_scope" }),
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let approved = app
        .confirmed_application(serde_json::json!({ "space_name": "acceptee", "contact_email": "acceptee@example.org" }))
        .await;
    let response = app
        .api_decide(&token, &approved, "approve", serde_json::json!({}))
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let mails = wait_until(Duration::from_secs(20), || {
        let mails = app.mail_files();
        let refusal = mails
            .iter()
            .find(|m| m.to.contains("refusee@") && m.text.contains("Texte revu"))?
            .clone();
        let approval = mails
            .iter()
            .find(|m| m.to.contains("acceptee@") && m.subject.contains("acceptée"))?
            .clone();
        Some((refusal, approval))
    })
    .await;
    let (refusal, approval) = mails.expect("both decision e-mails");
    assert!(
        refusal
            .text
            .contains("Texte revu par l’équipe pour Collectif Vélo Solidaire."),
        "{}",
        refusal.text
    );
    assert!(
        approval.text.contains("jusqu’à 12 comptes"),
        "the new quota is quoted: {}",
        approval.text
    );
    let flagged: i64 = app
        .db(move |c| {
            application_flags::table
                .filter(application_flags::application_id.eq(&refused))
                .filter(application_flags::kind.eq("outlier_employees"))
                .count()
                .get_result(c)
                .unwrap()
        })
        .await;
    assert_eq!(flagged, 1, "the new threshold flags at once");
}

async fn a_wrong_setting_is_refused_next_to_its_field_and_nothing_is_stored(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app
        .login(&app.add_account("admin@example.org", "admin").await)
        .await;
    let refused = app
        .change_settings(
            &admin,
            &[
                ("capacity", Some("beaucoup")),
                ("retention_refused_days", Some("0")),
                ("paused", Some("yes")),
            ],
        )
        .await;
    assert_eq!(refused.status().as_u16(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("id=\"capacity-error\""),
        "the error is next to its field"
    );
    assert!(html.contains("id=\"retention_refused_days-error\""));
    assert!(
        html.contains("value=\"beaucoup\""),
        "what was typed is kept"
    );
    assert!(html.contains("class=\"error-summary\""));
    assert!(audited_changes(&app).await.is_empty(), "nothing stored");
    assert_eq!(app.get("/apply").await.status().as_u16(), 200, "still open");
}

on_both_backends!(
    settings_changes_are_audited_and_take_effect_at_once,
    a_wrong_setting_is_refused_next_to_its_field_and_nothing_is_stored,
);

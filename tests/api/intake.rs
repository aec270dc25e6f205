//! Pausing sign-ups, the capacity that closes the form by itself, and the
//! waiting list told when sign-ups reopen.

use std::time::Duration;

use diesel::prelude::*;

use crate::helpers::{spawn_app_with, valid_form, valid_json, Backend, SmtpSink};
use crate::on_both_backends;
use passeur::db::schema::audit_log;

async fn pausing_closes_the_form_and_the_api_and_reopening_tells_the_waiting_list(
    backend: Backend,
) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let smtp_url = format!("smtp://{}", listener.local_addr().unwrap());
    let smtp = SmtpSink::start(listener);
    let app = spawn_app_with(backend, |s| s.smtp_url = Some(smtp_url)).await;
    let admin = app
        .login(&app.add_account("admin@example.org", "admin").await)
        .await;

    let paused = app
        .change_settings(
            &admin,
            &[
                ("paused", Some("yes")),
                (
                    "pause_message_fr",
                    Some("Nous déménageons nos serveurs cet hiver."),
                ),
                ("reopens_on", Some("2027-03-01")),
                (
                    "friendly_hosts",
                    Some("https://autre-hebergeur.example.org/"),
                ),
            ],
        )
        .await;
    assert_eq!(paused.status().as_u16(), 303);

    let form = app.get("/apply?lang=fr").await;
    assert_eq!(form.status().as_u16(), 200);
    let html = form.text().await.unwrap();
    assert!(
        html.contains("Nous déménageons nos serveurs cet hiver."),
        "the pause message is shown"
    );
    assert!(html.contains("01/03/2027"), "the reopening date is shown");
    assert!(
        html.contains("https://autre-hebergeur.example.org/"),
        "other hosts are linked"
    );
    assert!(
        html.contains("action=\"/waiting-list\""),
        "the waiting list is offered"
    );
    assert!(
        !html.contains("name=\"organisation_name\""),
        "the form itself is gone"
    );

    let posted = app.post_form(&valid_form(&[])).await;
    assert_eq!(posted.status().as_u16(), 503);
    let api = app.post_json(&valid_json()).await;
    assert_eq!(api.status().as_u16(), 503);
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["error"]["code"], "signups_paused");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("déménageons"));
    let stored: i64 = app
        .db(|c| {
            passeur::db::schema::applications::table
                .count()
                .get_result(c)
                .unwrap()
        })
        .await;
    assert_eq!(stored, 0, "nothing was taken while paused");

    for (email, status) in [
        ("pas-une-adresse", 422),
        ("attente@example.org", 200),
        ("attente@example.org", 200),
    ] {
        let joined = app
            .client
            .post(app.url("/waiting-list"))
            .form(&[("email", email)])
            .send()
            .await
            .unwrap();
        assert_eq!(joined.status().as_u16(), status, "{email}");
        let html = joined.text().await.unwrap();
        if status == 422 {
            assert!(
                html.contains("id=\"email-error\"") && html.contains("value=\"pas-une-adresse\"")
            );
        }
    }
    let waiting: i64 = app
        .db(|c| passeur::host::waiting_list::count(c).unwrap())
        .await;
    assert_eq!(waiting, 1, "an address waits once");

    let reopened = app.change_settings(&admin, &[("paused", None)]).await;
    assert_eq!(reopened.status().as_u16(), 303);
    let mails = smtp.wait_for(1, Duration::from_secs(20)).await;
    let told: Vec<_> = mails
        .iter()
        .filter(|m| m.to.contains("attente@example.org"))
        .collect();
    assert_eq!(told.len(), 1, "the waiting list is told once");
    assert!(told[0].text.contains(&format!("{}/apply", app.address)));
    let mut left = -1;
    for _ in 0..100 {
        left = app
            .db(|c| passeur::host::waiting_list::count(c).unwrap())
            .await;
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(left, 0, "the address is forgotten once told");
    assert_eq!(app.get("/apply").await.status().as_u16(), 200);
    assert_eq!(app.post_json(&valid_json()).await.status().as_u16(), 201);

    let changes: Vec<Option<String>> = app
        .db(|c| {
            audit_log::table
                .filter(audit_log::action.eq("settings.changed"))
                .order(audit_log::created_at)
                .select(audit_log::detail)
                .load(c)
                .unwrap()
        })
        .await;
    assert_eq!(changes.len(), 2, "each change is audited");
    assert!(changes[0].as_deref().unwrap().contains("\"paused\""));
    assert!(changes[1].as_deref().unwrap().contains("\"paused\""));
}

async fn reaching_the_capacity_closes_the_form_by_itself(backend: Backend) {
    let app = spawn_app_with(backend, |_| {}).await;
    let admin = app
        .login(&app.add_account("admin@example.org", "admin").await)
        .await;
    let capped = app
        .change_settings(&admin, &[("capacity", Some("2"))])
        .await;
    assert_eq!(capped.status().as_u16(), 303);
    let token = app.token().await;
    for name in ["premiere-asso", "deuxieme-asso"] {
        assert_eq!(app.get("/apply").await.status().as_u16(), 200);
        let id = app
            .confirmed_application(serde_json::json!({ "space_name": name, "contact_email": format!("{name}@example.org") }))
            .await;
        let approved = app
            .api_decide(&token, &id, "approve", serde_json::json!({}))
            .await;
        assert_eq!(approved.status().as_u16(), 200);
    }
    let html = app.get("/apply?lang=en").await.text().await.unwrap();
    assert!(
        html.contains("All our places are taken"),
        "the form closed by itself"
    );
    let api = app.post_json(&valid_json()).await;
    assert_eq!(api.status().as_u16(), 503);
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["error"]["code"], "capacity_reached");

    let raised = app
        .change_settings(&admin, &[("capacity", Some("3"))])
        .await;
    assert_eq!(raised.status().as_u16(), 303);
    let html = app.get("/apply").await.text().await.unwrap();
    assert!(
        html.contains("name=\"organisation_name\""),
        "open again below the new capacity"
    );
}

on_both_backends!(
    pausing_closes_the_form_and_the_api_and_reopening_tells_the_waiting_list,
    reaching_the_capacity_closes_the_form_by_itself,
);

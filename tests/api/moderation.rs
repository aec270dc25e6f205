//! The back-office: access control, CSRF, decisions and their e-mails.

use std::net::TcpListener;
use std::time::Duration;

use serde_json::json;

use crate::helpers::{csrf_of, location, spawn_app, spawn_app_with, Backend, SmtpSink};
use crate::on_both_backends;
use passeur::web::admin::{Access, ROUTES};

async fn every_admin_route_refuses_anonymous_and_wrong_role_requests(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.add_account("mod@example.org", "moderator").await;
    let signed = app.login(&moderator).await;
    let anonymous = crate::helpers::client();
    let id = app.confirmed_application(json!({})).await;
    assert!(ROUTES.len() >= 20, "the table lists the routes");
    for route in ROUTES {
        let path = route.path.replace("{id}", &id);
        let send = |client: &reqwest::Client| {
            let request = if route.method == "GET" {
                client.get(app.url(&path))
            } else {
                client.post(app.url(&path)).form(&[("x", "y")])
            };
            request.send()
        };
        let anon = send(&anonymous).await.unwrap();
        match route.access {
            Access::Anyone => assert_ne!(anon.status().as_u16(), 404, "{} {path}", route.method),
            Access::Moderator | Access::Admin => {
                assert_eq!(
                    anon.status().as_u16(),
                    303,
                    "anonymous {} {path}",
                    route.method
                );
                assert!(
                    location(&anon).starts_with("/admin/login"),
                    "{} {path}",
                    route.method
                );
            }
        }
        if route.access == Access::Admin {
            let as_moderator = send(&signed).await.unwrap();
            assert_eq!(
                as_moderator.status().as_u16(),
                403,
                "moderator on {} {path}",
                route.method
            );
        }
    }
    // And the bearer routes refuse a request without a valid token.
    for (method, path) in [
        ("GET", "/api/v1/applications".to_string()),
        ("GET", format!("/api/v1/applications/{id}")),
        ("POST", format!("/api/v1/applications/{id}/approve")),
        ("POST", format!("/api/v1/applications/{id}/refuse")),
        ("POST", format!("/api/v1/applications/{id}/request-info")),
    ] {
        for token in [None, Some("psr_not-a-real-token"), Some("garbage")] {
            let mut request = if method == "GET" {
                anonymous.get(app.url(&path))
            } else {
                anonymous.post(app.url(&path))
            };
            if let Some(t) = token {
                request = request.bearer_auth(t);
            }
            let response = request.send().await.unwrap();
            assert_eq!(
                response.status().as_u16(),
                401,
                "{method} {path} with {token:?}"
            );
        }
    }
}

async fn a_missing_or_wrong_csrf_token_is_a_403_that_changes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.add_account("mod@example.org", "moderator").await;
    let client = app.login(&moderator).await;
    let id = app.confirmed_application(json!({})).await;
    let url = app.url(&format!("/admin/applications/{id}/approve"));
    for form in [vec![], vec![("csrf", "forged")]] {
        let response = client.post(&url).form(&form).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 403);
    }
    let page = app
        .text_as(&client, &format!("/admin/applications/{id}"))
        .await;
    assert!(page.contains("En attente d’examen"), "still submitted");
    let csrf = csrf_of(&client, &app.url(&format!("/admin/applications/{id}"))).await;
    let ok = client
        .post(&url)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status().as_u16(), 303);
}

async fn a_failed_login_says_the_same_whatever_the_reason_and_is_throttled(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.login_attempts_per_minute = 3).await;
    let account = app.add_account("mod@example.org", "moderator").await;
    let attempt = |email: &str, password: &str| {
        let form = [
            ("email", email.to_string()),
            ("password", password.to_string()),
        ];
        crate::helpers::client()
            .post(app.url("/admin/login"))
            .form(&form)
            .send()
    };
    let wrong = attempt("mod@example.org", "not the password")
        .await
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 401);
    let wrong_text = wrong.text().await.unwrap();
    let unknown = attempt("nobody@example.org", "not the password")
        .await
        .unwrap();
    assert_eq!(unknown.status().as_u16(), 401);
    let unknown_text = unknown.text().await.unwrap();
    assert!(wrong_text.contains("Adresse e-mail ou mot de passe incorrect"));
    assert!(unknown_text.contains("Adresse e-mail ou mot de passe incorrect"));
    let _ = attempt("mod@example.org", "again wrong").await.unwrap();
    let throttled = attempt("mod@example.org", &account.password).await.unwrap();
    assert_eq!(
        throttled.status().as_u16(),
        429,
        "even the right password waits"
    );
    assert!(throttled
        .text()
        .await
        .unwrap()
        .contains("Trop de tentatives"));
}

async fn a_session_cookie_planted_before_login_is_not_the_one_after_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let account = app.add_account("mod@example.org", "moderator").await;
    let response = crate::helpers::client()
        .post(app.url("/admin/login"))
        .header("cookie", "passeur_session=planted-by-attacker")
        .form(&[
            ("email", account.email.as_str()),
            ("password", account.password.as_str()),
        ])
        .send()
        .await
        .unwrap();
    let set_cookie = response
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(set_cookie.starts_with("passeur_session="));
    assert!(!set_cookie.contains("planted-by-attacker"));
    assert!(set_cookie.contains("HttpOnly"));
    assert!(set_cookie.contains("SameSite=Lax"));
    let planted = crate::helpers::client()
        .get(app.url("/admin"))
        .header("cookie", "passeur_session=planted-by-attacker")
        .send()
        .await
        .unwrap();
    assert_eq!(planted.status().as_u16(), 303);
}

async fn approval_and_refusal_send_the_right_email_in_the_applicants_language(backend: Backend) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let sink = SmtpSink::start(listener);
    let app = spawn_app_with(backend, |s| {
        s.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))
    })
    .await;
    let moderator = app.add_account("mod@example.org", "moderator").await;
    let client = app.login(&moderator).await;
    let approved = app
        .confirmed_application(json!({"space_name": "accepte", "contact_email": "fr@example.org"}))
        .await;
    let refused = app
        .confirmed_application(
            json!({"space_name": "refuse", "contact_email": "en@example.org", "language": "en"}),
        )
        .await;

    let csrf = csrf_of(
        &client,
        &app.url(&format!("/admin/applications/{approved}")),
    )
    .await;
    let r = app
        .act(&client, &approved, "approve", &[("csrf", csrf.as_str())])
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let r = app
        .act(
            &client,
            &refused,
            "refuse",
            &[
                ("csrf", csrf.as_str()),
                ("reason", "too_large"),
                ("message", ""),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);

    // The two decisions' e-mails (confirmation e-mails may come too).
    let found = crate::helpers::wait_until(Duration::from_secs(20), || {
        let mails = sink.messages();
        let decided = mails
            .iter()
            .filter(|m| !m.subject.starts_with("Confirm"))
            .count();
        (decided >= 2).then_some(mails)
    })
    .await;
    let mails = found.expect("two decision e-mails");
    let to = |who: &str, subject: &str| {
        mails
            .iter()
            .find(|m| m.to.contains(who) && m.subject.contains(subject))
            .cloned()
    };
    let approval = to("fr@example.org", "acceptée").expect("the approval e-mail, in French");
    assert!(
        approval.text.contains("«\u{a0}accepte\u{a0}»"),
        "{}",
        approval.text
    );
    assert!(approval.text.contains("50 comptes"));
    let refusal = to("en@example.org", "Your application").expect("the refusal e-mail, in English");
    assert!(
        refusal.text.contains("larger than what we can host"),
        "{}",
        refusal.text
    );
    assert!(
        refusal.text.contains("chatons.org"),
        "the friendly hosts are listed"
    );
    let detail = app
        .text_as(&client, &format!("/admin/applications/{refused}"))
        .await;
    assert!(
        detail.contains("Demande refusée"),
        "the timeline records it"
    );
    assert!(detail.contains("(mod, "), "with who did it");
}

async fn two_simultaneous_decisions_give_one_decision_one_409_and_one_email(backend: Backend) {
    let app = spawn_app(backend).await;
    let alice = app.add_account("alice@example.org", "moderator").await;
    let bob = app.add_account("bob@example.org", "moderator").await;
    let (a, b) = (app.login(&alice).await, app.login(&bob).await);
    let id = app.confirmed_application(json!({})).await;
    let page = app.url(&format!("/admin/applications/{id}"));
    let (csrf_a, csrf_b) = (csrf_of(&a, &page).await, csrf_of(&b, &page).await);
    let approve = a
        .post(app.url(&format!("/admin/applications/{id}/approve")))
        .form(&[("csrf", csrf_a.as_str())])
        .send();
    let refuse = b
        .post(app.url(&format!("/admin/applications/{id}/refuse")))
        .form(&[("csrf", csrf_b.as_str()), ("reason", "incomplete")])
        .send();
    let (ra, rb) = tokio::join!(approve, refuse);
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    let mut codes = [ra.status().as_u16(), rb.status().as_u16()];
    codes.sort();
    assert_eq!(codes, [303, 409]);
    // The page always names its own reader: the 409 must name the other.
    let (loser, winner) = if ra.status().as_u16() == 409 {
        (ra, "bob")
    } else {
        (rb, "alice")
    };
    let text = loser.text().await.unwrap();
    assert!(text.contains("Rien n’a été modifié"), "{text}");
    assert!(
        text.contains(&format!("{winner} a déjà traité")),
        "the 409 says who decided: {text}"
    );
    let decisions = app
        .db({
            let id = id.clone();
            move |c| passeur::moderation::decisions::for_application(c, &id).unwrap()
        })
        .await;
    assert_eq!(decisions.len(), 1, "exactly one decision");
    let decided = |app: &crate::helpers::TestApp| {
        app.mail_files()
            .iter()
            .filter(|m| !m.subject.starts_with("Confirmez"))
            .count()
    };
    crate::helpers::wait_until(Duration::from_secs(20), || {
        (decided(&app) >= 1).then_some(())
    })
    .await
    .expect("a decision e-mail");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(decided(&app), 1, "exactly one decision e-mail");
}

async fn a_request_for_information_is_answered_from_the_status_link_and_returns_to_the_queue(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let moderator = app.add_account("mod@example.org", "moderator").await;
    let client = app.login(&moderator).await;
    let id = app.confirmed_application(json!({"members": 12})).await;
    let csrf = csrf_of(&client, &app.url(&format!("/admin/applications/{id}"))).await;
    let asked = client
        .post(app.url(&format!("/admin/applications/{id}/request-info")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("message", "Combien de membres actifs compte le collectif ?"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status().as_u16(), 303);
    let info = crate::helpers::wait_until(Duration::from_secs(20), || {
        app.mail_files()
            .into_iter()
            .find(|m| m.subject.contains("précisions"))
    })
    .await
    .expect("the request e-mail");
    assert!(info.text.contains("Combien de membres actifs"));
    let edit_path = info.link("/edit");
    let form = app.get(&edit_path).await.text().await.unwrap();
    assert!(
        form.contains("Combien de membres actifs"),
        "the question is on the form"
    );
    assert!(form.contains("value=\"12\""), "the form is filled in");
    let body = crate::helpers::valid_form(&[
        ("members", "40"),
        ("contact_email", "yann@example.org"),
        ("space_name", "velo-solidaire"),
        ("organisation_name", "Collectif Vélo Solidaire"),
    ]);
    let sent = app
        .client
        .post(app.url(&edit_path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status().as_u16(), 303);
    let detail = app
        .text_as(&client, &format!("/admin/applications/{id}"))
        .await;
    assert!(detail.contains("En attente d’examen"), "back in the queue");
    assert!(detail.contains("Demande complétée par la structure"));
    assert!(
        detail.contains("members"),
        "the timeline lists the changed fields"
    );
    let again = app.get(&edit_path).await;
    assert_eq!(again.status().as_u16(), 409, "no second edit once answered");
}

async fn hostile_strings_are_shown_escaped_in_the_queue_the_detail_page_and_the_emails(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let moderator = app.add_account("mod@example.org", "moderator").await;
    let client = app.login(&moderator).await;
    let hostile = format!("<script>alert(\"x\")</script>\u{202e}'\"{}", "é".repeat(50));
    let long = "x".repeat(3800);
    let id = app
        .confirmed_application(json!({"organisation_name": hostile, "description": format!("<img src=x onerror=alert(1)> {long}"), "contact_name": "<b>Yann</b>"}))
        .await;
    for path in [
        "/admin?status=submitted".to_string(),
        format!("/admin/applications/{id}"),
    ] {
        let html = app.text_as(&client, &path).await;
        assert!(!html.contains("<script>alert"), "{path}");
        assert!(!html.contains("<img src=x"), "{path}");
        assert!(html.contains("&lt;script&gt;"), "{path}");
    }
    let csrf = csrf_of(&client, &app.url(&format!("/admin/applications/{id}"))).await;
    client
        .post(app.url(&format!("/admin/applications/{id}/approve")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    crate::helpers::wait_until(Duration::from_secs(20), || {
        app.mail_files()
            .into_iter()
            .find(|m| m.subject.contains("acceptée"))
    })
    .await
    .expect("the approval e-mail");
    for mail in &app.mail_files() {
        assert!(!mail.html.contains("<script>alert"), "{}", mail.subject);
        assert!(!mail.html.contains("<b>Yann</b>"), "{}", mail.subject);
    }
}

async fn moderators_hear_of_new_applications_at_once_or_in_a_daily_digest(backend: Backend) {
    let app = spawn_app(backend).await;
    let at_once = app.add_account("now@example.org", "moderator").await;
    let daily = app.add_account("daily@example.org", "moderator").await;
    for (account, notify, language) in [(&at_once, "immediate", "fr"), (&daily, "daily", "en")] {
        let client = app.login(account).await;
        let csrf = csrf_of(&client, &app.url("/admin/account")).await;
        let saved = client
            .post(app.url("/admin/account/notifications"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("notify", notify),
                ("language", language),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status().as_u16(), 303);
    }
    let yesterday = passeur::db::now() - chrono::TimeDelta::hours(25);
    let first = app
        .db(move |c| passeur::moderation::digest::schedule(c, yesterday).unwrap())
        .await;
    assert_eq!(first, 0, "the first run only records the time");
    app.confirmed_application(json!({"organisation_name": "Les Semeurs de Liens"}))
        .await;
    let immediate = crate::helpers::wait_until(Duration::from_secs(20), || {
        app.mail_files()
            .into_iter()
            .find(|m| m.to.contains("now@example.org"))
    })
    .await
    .expect("the immediate notification");
    assert!(
        immediate.subject.contains("Les Semeurs de Liens"),
        "{}",
        immediate.subject
    );
    let queued = app
        .db(|c| passeur::moderation::digest::schedule(c, passeur::db::now()).unwrap())
        .await;
    assert_eq!(queued, 1, "one digest, for the one moderator who wants it");
    let again = app
        .db(|c| passeur::moderation::digest::schedule(c, passeur::db::now()).unwrap())
        .await;
    assert_eq!(again, 0, "not twice the same day");
    app.state.wakeup.wake();
    let digest = crate::helpers::wait_until(Duration::from_secs(20), || {
        app.mail_files()
            .into_iter()
            .find(|m| m.to.contains("daily@example.org"))
    })
    .await
    .expect("the daily digest");
    assert!(
        digest.subject.contains("new application"),
        "in the moderator's language: {}",
        digest.subject
    );
    assert!(digest.text.contains("Les Semeurs de Liens"));
}

async fn very_long_and_hostile_notes_are_refused_or_escaped_never_a_500(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = app.add_account("mod@example.org", "moderator").await;
    let client = app.login(&moderator).await;
    let id = app.confirmed_application(json!({})).await;
    let page = app.url(&format!("/admin/applications/{id}"));
    let csrf = csrf_of(&client, &page).await;
    let notes = app.url(&format!("/admin/applications/{id}/notes"));
    let too_long = "n".repeat(10_000);
    let refused = client
        .post(&notes)
        .form(&[("csrf", csrf.as_str()), ("body", too_long.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 422);
    assert!(refused.text().await.unwrap().contains("au plus 5000"));
    let hostile = "<script>alert('note')</script> \u{202e}reversed \"quoted\"";
    let kept = client
        .post(&notes)
        .form(&[("csrf", csrf.as_str()), ("body", hostile)])
        .send()
        .await
        .unwrap();
    assert_eq!(kept.status().as_u16(), 303);
    let html = client
        .get(&page)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("&lt;script&gt;alert"));
    assert!(!html.contains("<script>alert('note')"));
    let api = app
        .post_json(&json!({"organisation_name": "x".repeat(10_000)}))
        .await;
    assert_eq!(api.status().as_u16(), 422);
}

/// The first decision's date of an application (what the time-to-decision
/// figures measure).
async fn decided_at(app: &crate::helpers::TestApp, id: &str) -> Option<chrono::NaiveDateTime> {
    use diesel::prelude::*;
    use passeur::db::schema::applications;
    let id = id.to_string();
    app.db(move |c| {
        applications::table
            .filter(applications::id.eq(&id))
            .select(applications::decided_at)
            .first(c)
            .unwrap()
    })
    .await
}

async fn an_admin_reopens_a_refusal_and_the_log_says_so(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.add_account("admin@example.org", "admin").await;
    let client = app.login(&admin).await;
    let id = app.confirmed_application(json!({})).await;
    let page = app.url(&format!("/admin/applications/{id}"));
    let csrf = csrf_of(&client, &page).await;
    let refused = app
        .act(
            &client,
            &id,
            "refuse",
            &[
                ("csrf", csrf.as_str()),
                ("reason", "other"),
                ("message", "Pas pour cette fois."),
            ],
        )
        .await;
    assert_eq!(refused.status().as_u16(), 303);
    let first = decided_at(&app, &id).await;
    assert!(first.is_some(), "the refusal is the first decision");
    let reopened = app
        .act(&client, &id, "reopen", &[("csrf", csrf.as_str())])
        .await;
    assert_eq!(reopened.status().as_u16(), 303);
    let html = client
        .get(&page)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("En attente d’examen"));
    assert!(html.contains("Demande rouverte"));
    assert!(
        html.contains("Pas pour cette fois."),
        "the refusal is still in the record"
    );
    let twice = app
        .act(&client, &id, "reopen", &[("csrf", csrf.as_str())])
        .await;
    assert_eq!(twice.status().as_u16(), 409);
    assert_eq!(decided_at(&app, &id).await, first, "reopening keeps it");
    let approved = app
        .act(&client, &id, "approve", &[("csrf", csrf.as_str())])
        .await;
    assert_eq!(approved.status().as_u16(), 303);
    assert_eq!(
        decided_at(&app, &id).await,
        first,
        "a later approval keeps the first decision's date"
    );
}

async fn bulk_decisions_claims_and_password_changes_work_from_the_pages(backend: Backend) {
    let app = spawn_app(backend).await;
    let account = app.add_account("mod@example.org", "moderator").await;
    let client = app.login(&account).await;
    let ids = [
        app.confirmed_application(
            json!({"space_name": "lot-un", "contact_email": "l1@example.org"}),
        )
        .await,
        app.confirmed_application(
            json!({"space_name": "lot-deux", "contact_email": "l2@example.org"}),
        )
        .await,
        app.confirmed_application(
            json!({"space_name": "lot-trois", "contact_email": "l3@example.org"}),
        )
        .await,
    ];
    // Claim the third, and find it under "mine".
    let page = app.url(&format!("/admin/applications/{}", ids[2]));
    let csrf = csrf_of(&client, &page).await;
    let claimed = client
        .post(app.url(&format!("/admin/applications/{}/assign", ids[2])))
        .form(&[("csrf", csrf.as_str()), ("moderator_id", "me")])
        .send()
        .await
        .unwrap();
    assert_eq!(claimed.status().as_u16(), 303);
    let mine = app
        .text_as(&client, "/admin?status=submitted&assigned=me")
        .await;
    assert!(
        mine.contains(&ids[2]) && !mine.contains(&ids[0]),
        "the claimed one only"
    );
    // Refuse the first two at once; one of them was already decided elsewhere.
    let token = app.token().await;
    app.client
        .post(app.url(&format!("/api/v1/applications/{}/approve", ids[1])))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let csrf = csrf_of(&client, &app.url("/admin?status=submitted")).await;
    let bulk = client
        .post(app.url("/admin/bulk"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("ids", ids[0].as_str()),
            ("ids", ids[1].as_str()),
            ("action", "refuse"),
            ("reason", "duplicate"),
            ("query", "status=submitted"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bulk.status().as_u16(), 200);
    assert!(bulk
        .text()
        .await
        .unwrap()
        .contains("1 demande(s) traitée(s)"));
    let statuses = app
        .db({
            let ids = ids.clone();
            move |c| {
                ids.iter()
                    .map(|id| {
                        passeur::applications::store::find(c, id)
                            .unwrap()
                            .unwrap()
                            .status
                    })
                    .collect::<Vec<_>>()
            }
        })
        .await;
    assert_eq!(statuses, ["refused", "approved", "submitted"]);
    // A date range that ends yesterday shows none of today's applications.
    let yesterday = (chrono::Utc::now() - chrono::TimeDelta::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let old = app
        .text_as(&client, &format!("/admin?status=all&to={yesterday}"))
        .await;
    assert!(old.contains("Aucune demande ne correspond"), "date filter");
    // Changing one's password ends the session; the new password works.
    let csrf = csrf_of(&client, &app.url("/admin/account")).await;
    let wrong = client
        .post(app.url("/admin/account/password"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("current_password", "nope"),
            ("new_password", "short"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 422);
    let text = wrong.text().await.unwrap();
    assert!(text.contains("pas le mot de passe actuel") && text.contains("au moins 12"));
    let changed = client
        .post(app.url("/admin/account/password"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("current_password", account.password.as_str()),
            ("new_password", "another long enough one"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status().as_u16(), 303);
    assert_eq!(
        client
            .get(app.url("/admin"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        303,
        "signed out"
    );
    let renewed = crate::helpers::Account {
        email: account.email.clone(),
        password: "another long enough one".into(),
    };
    app.login(&renewed).await;
}

on_both_backends!(
    bulk_decisions_claims_and_password_changes_work_from_the_pages,
    an_admin_reopens_a_refusal_and_the_log_says_so,
    moderators_hear_of_new_applications_at_once_or_in_a_daily_digest,
    very_long_and_hostile_notes_are_refused_or_escaped_never_a_500,
    every_admin_route_refuses_anonymous_and_wrong_role_requests,
    a_missing_or_wrong_csrf_token_is_a_403_that_changes_nothing,
    a_failed_login_says_the_same_whatever_the_reason_and_is_throttled,
    a_session_cookie_planted_before_login_is_not_the_one_after_it,
    approval_and_refusal_send_the_right_email_in_the_applicants_language,
    two_simultaneous_decisions_give_one_decision_one_409_and_one_email,
    a_request_for_information_is_answered_from_the_status_link_and_returns_to_the_queue,
    hostile_strings_are_shown_escaped_in_the_queue_the_detail_page_and_the_emails,
);

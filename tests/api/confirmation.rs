//! Double opt-in: the e-mail (over real SMTP and as files), its links, and
//! the queue that keeps it until it can be sent.

use std::net::TcpListener;
use std::time::Duration;

use crate::helpers::{
    free_port, location, spawn_app, spawn_app_with, valid_form, valid_json, Backend, SmtpSink,
};
use crate::on_both_backends;

async fn the_confirmation_email_arrives_over_smtp_and_its_link_confirms_the_application(
    backend: Backend,
) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let smtp_port = listener.local_addr().unwrap().port();
    let sink = SmtpSink::start(listener);
    let app = spawn_app_with(backend, |s| {
        s.smtp_url = Some(format!("smtp://127.0.0.1:{smtp_port}"))
    })
    .await;

    let response = app.post_form(&valid_form(&[])).await;
    assert_eq!(response.status().as_u16(), 303);
    let status_path = location(&response);

    let mails = sink.wait_for(1, Duration::from_secs(20)).await;
    let mail = &mails[0];
    assert!(mail.to.contains("camille@example.org"), "{}", mail.to);
    assert!(
        mail.subject.contains("Les Amis du Jardin partagé"),
        "{}",
        mail.subject
    );
    assert!(
        mail.html.contains("Confirmer ma demande"),
        "an HTML part in French"
    );
    let confirm_path = mail.link("/confirm/");
    assert!(
        mail.html.contains(&confirm_path),
        "the HTML part has the same link"
    );
    assert_eq!(
        mail.link("/status/"),
        status_path,
        "the e-mail holds the status link"
    );

    let confirmed = app.get(&confirm_path).await;
    assert_eq!(confirmed.status().as_u16(), 200);
    assert!(confirmed
        .text()
        .await
        .unwrap()
        .contains("votre demande est confirmée"));

    let status = app.get(&status_path).await.text().await.unwrap();
    assert!(status.contains("En attente d’examen"), "{status}");
    assert!(
        status.contains("Adresse e-mail confirmée"),
        "the timeline shows the confirmation"
    );

    let again = app.get(&confirm_path).await;
    assert_eq!(again.status().as_u16(), 200);
    assert!(
        again.text().await.unwrap().contains("déjà confirmé"),
        "a second click says so"
    );
    assert_eq!(sink.messages().len(), 1, "exactly one e-mail");
}

async fn without_smtp_the_email_is_written_as_an_eml_file_in_the_applicants_language(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let response = app
        .post_form(&valid_form(&[
            ("language", "en"),
            ("contact_email", "alex@example.org"),
        ]))
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let mails = app.wait_for_mail_files(1).await;
    let mail = &mails[0];
    assert!(mail.to.contains("alex@example.org"));
    assert!(
        mail.subject.starts_with("Confirm your application"),
        "{}",
        mail.subject
    );
    assert!(mail.text.contains("Hello Camille Martin"), "{}", mail.text);
    assert!(mail.html.contains("Confirm my application"));
    let confirmed = app.get(&mail.link("/confirm/")).await;
    assert_eq!(confirmed.status().as_u16(), 200);
}

async fn smtp_down_at_submission_time_then_up_the_email_still_arrives(backend: Backend) {
    let smtp_port = free_port();
    let app = spawn_app_with(backend, |s| {
        s.smtp_url = Some(format!("smtp://127.0.0.1:{smtp_port}"))
    })
    .await;
    let response = app.post_form(&valid_form(&[])).await;
    assert_eq!(
        response.status().as_u16(),
        303,
        "the applicant is not made to wait for SMTP"
    );

    // Let a few attempts fail against the closed port.
    tokio::time::sleep(Duration::from_millis(800)).await;
    let listener =
        TcpListener::bind(("127.0.0.1", smtp_port)).expect("the SMTP port is free again");
    let sink = SmtpSink::start(listener);
    let mails = sink.wait_for(1, Duration::from_secs(30)).await;
    assert!(mails[0].to.contains("camille@example.org"));
}

async fn an_application_and_its_pending_email_survive_a_restart_of_the_server(backend: Backend) {
    let smtp_port = free_port();
    let app = spawn_app_with(backend, |s| {
        s.smtp_url = Some(format!("smtp://127.0.0.1:{smtp_port}"))
    })
    .await;
    let response = app.post_form(&valid_form(&[])).await;
    let status_path = location(&response);

    let app = app.restart().await;
    let page = app.get(&status_path).await;
    assert_eq!(page.status().as_u16(), 200);
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("Les Amis du Jardin partagé"));

    // The e-mail that could not leave before the restart leaves after it.
    let listener = TcpListener::bind(("127.0.0.1", smtp_port)).expect("the SMTP port is free");
    let sink = SmtpSink::start(listener);
    let mails = sink.wait_for(1, Duration::from_secs(30)).await;
    let confirm_path = mails[0].link("/confirm/");
    assert_eq!(app.get(&confirm_path).await.status().as_u16(), 200);
}

async fn a_forged_or_mistyped_link_gives_a_404_page_that_explains(backend: Backend) {
    let app = spawn_app(backend).await;
    for path in [
        "/confirm/abc",
        "/status/abc",
        "/confirm/AaIJGdT7chahVnposq1fI5sDhjYezW_zKtYWqHl6wy8",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 404, "{path}");
        assert!(response.text().await.unwrap().contains("Lien introuvable"));
    }
    // A status link does not confirm, and a confirmation link shows no status.
    let status_path = location(&app.post_form(&valid_form(&[])).await);
    let token = status_path.trim_start_matches("/status/");
    assert_eq!(
        app.get(&format!("/confirm/{token}"))
            .await
            .status()
            .as_u16(),
        404
    );
}

/// Submits application `n` (its own space name) with contact `email`.
async fn submit_for(app: &crate::helpers::TestApp, n: usize, email: &str) {
    let mut body = valid_json();
    body["contact_email"] = serde_json::json!(email);
    body["space_name"] = serde_json::json!(format!("espace-{n}"));
    let response = app.post_json(&body).await;
    assert_eq!(response.status().as_u16(), 201, "{email}");
}

/// One e-mail the relay is slow to take (its next hop is slow) holds back
/// none of the others: the worker claims more jobs while it waits.
async fn an_email_the_relay_is_slow_to_take_holds_back_no_other(backend: Backend) {
    let batch = passeur::jobs::worker::BATCH as usize;
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let smtp_port = listener.local_addr().unwrap().port();
    let slow = "lente@example.org";
    let sink = SmtpSink::default()
        .stalling_on(slow, Duration::from_secs(20))
        .serve(listener);
    let app = spawn_app_with(backend, |s| {
        s.smtp_url = Some(format!("smtp://127.0.0.1:{smtp_port}"))
    })
    .await;

    let others = 2 * batch;
    for n in 0..=others {
        let email = match n {
            0 => slow.to_string(),
            n => format!("contact{n}@example.org"),
        };
        submit_for(&app, n, &email).await;
    }

    let mails = sink.wait_for(others, Duration::from_secs(15)).await;
    assert!(
        mails.iter().all(|m| !m.to.contains(slow)),
        "the slow one is still on its way"
    );
}

/// An e-mail the relay refused for now is sent again once its retry falls
/// due, even while another the relay is slow to take still holds the
/// worker (a retry falling due wakes nobody: the backstop poll finds it).
async fn a_retry_falls_due_and_leaves_while_a_slow_email_is_still_on_its_way(backend: Backend) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let smtp_port = listener.local_addr().unwrap().port();
    let (slow, refused) = ("lente@example.org", "refusee@example.org");
    let sink = SmtpSink::default()
        .stalling_on(slow, Duration::from_secs(30))
        .refusing_once(refused)
        .serve(listener);
    let app = spawn_app_with(backend, |s| {
        s.smtp_url = Some(format!("smtp://127.0.0.1:{smtp_port}"));
        s.job_poll_ms = 500;
    })
    .await;

    for (n, email) in [slow, refused].into_iter().enumerate() {
        submit_for(&app, n, email).await;
    }

    let mails = sink.wait_for(1, Duration::from_secs(15)).await;
    assert!(mails[0].to.contains(refused), "{}", mails[0].to);
}

on_both_backends!(
    the_confirmation_email_arrives_over_smtp_and_its_link_confirms_the_application,
    without_smtp_the_email_is_written_as_an_eml_file_in_the_applicants_language,
    smtp_down_at_submission_time_then_up_the_email_still_arrives,
    an_application_and_its_pending_email_survive_a_restart_of_the_server,
    a_forged_or_mistyped_link_gives_a_404_page_that_explains,
    an_email_the_relay_is_slow_to_take_holds_back_no_other,
    a_retry_falls_due_and_leaves_while_a_slow_email_is_still_on_its_way,
);

/// The job worker sends up to a batch of e-mails at once: the relay's
/// connections of one burst stay open for the next, none opened again.
#[tokio::test]
async fn a_second_burst_of_emails_as_large_as_the_workers_batch_opens_no_new_connection() {
    let burst = passeur::jobs::worker::BATCH as usize;
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let smtp_port = listener.local_addr().unwrap().port();
    let sink = SmtpSink::start(listener);
    let settings = passeur::config::Settings {
        smtp_url: Some(format!("smtp://127.0.0.1:{smtp_port}")),
        ..Default::default()
    };
    let postman = passeur::mail::Postman::from_settings(&settings).expect("a postman");
    let send_burst = || async {
        let mut sending = tokio::task::JoinSet::new();
        for n in 0..burst {
            let (postman, email) = (
                postman.clone(),
                passeur::mail::Email {
                    to_name: format!("Association {n}"),
                    to_address: format!("contact{n}@example.org"),
                    subject: format!("Message {n}"),
                    text: "Bonjour".into(),
                    html: "<p>Bonjour</p>".into(),
                },
            );
            sending.spawn(async move { postman.send(email).await });
        }
        while let Some(sent) = sending.join_next().await {
            sent.expect("the send task").expect("sent");
        }
    };

    send_burst().await;
    let opened = sink.sessions();
    send_burst().await;

    assert_eq!(sink.messages().len(), 2 * burst);
    assert!(opened > 1, "the first burst went out in parallel: {opened}");
    assert_eq!(sink.sessions(), opened, "connections opened again");
}

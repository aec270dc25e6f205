//! Provisioning webhooks against a real HTTP receiver.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::helpers::{spawn_app_with, Backend, TestApp};
use crate::on_both_backends;
use crate::receiver::{Answer, Receiver};
use passeur::webhooks::signing::Secret;

/// An app whose webhooks may reach the loopback receiver, with a short
/// retry schedule.
async fn app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |s| {
        s.webhook_allowed_networks = "127.0.0.0/8".into();
        s.webhook_retry_schedule_secs = vec![0.2, 0.2, 0.2, 0.2, 0.2];
        s.job_poll_ms = 500;
    })
    .await
}

async fn endpoint(app: &TestApp, url: &str, events: &[&str]) -> (String, Secret) {
    let (url, events): (String, Vec<String>) = (
        url.to_string(),
        events.iter().map(|e| e.to_string()).collect(),
    );
    let policy = app.state.address_policy.clone();
    app.db(move |c| {
        let (endpoint, secret) = passeur::webhooks::endpoints::add(
            c,
            &url,
            "test",
            &events,
            &policy,
            passeur::db::now(),
        )
        .unwrap();
        (endpoint.id, secret)
    })
    .await
}

/// Waits until the endpoint's latest delivery satisfies `done` (outcomes
/// are recorded just after the receiver answers), and returns it.
async fn settled(
    app: &TestApp,
    endpoint_id: &str,
    done: impl Fn(&passeur::webhooks::deliveries::Delivery) -> bool,
) -> passeur::webhooks::deliveries::Delivery {
    let start = Instant::now();
    loop {
        let id = endpoint_id.to_string();
        let latest = app
            .db(move |c| passeur::webhooks::deliveries::for_endpoint(c, &id, None, 1).unwrap())
            .await
            .into_iter()
            .next()
            .map(|l| l.delivery);
        if let Some(d) = latest.filter(|d| done(d)) {
            return d;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the delivery never settled"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn approve(app: &TestApp, token: &str, id: &str) -> Instant {
    let response = app
        .client
        .post(app.url(&format!("/api/v1/applications/{id}/approve")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    Instant::now()
}

async fn approving_delivers_one_signed_event_that_verifies_within_a_fraction_of_a_second(
    backend: Backend,
) {
    let app = app(backend).await;
    let receiver = Receiver::start(None);
    let (_, secret) = endpoint(&app, &receiver.url, &["application.approved"]).await;
    let token = app.token().await;
    let id = app.confirmed_application(json!({})).await;
    let approved_at = approve(&app, &token, &id).await;
    let got = receiver.wait_for(1, Duration::from_secs(10)).await;
    let hook = &got[0];
    assert!(
        hook.at.duration_since(approved_at) < Duration::from_millis(1000),
        "took {:?}",
        hook.at.duration_since(approved_at)
    );
    assert!(hook.id.starts_with("msg_"));
    assert!(
        secret.verifies(
            &hook.id,
            hook.timestamp,
            hook.body.as_bytes(),
            &hook.signature
        ),
        "signature verifies"
    );
    assert!((chrono::Utc::now().timestamp() - hook.timestamp).abs() < 30);
    let body: Value = serde_json::from_str(&hook.body).unwrap();
    assert_eq!(body["type"], "application.approved");
    assert!(body["timestamp"].as_str().is_some());
    assert_eq!(body["data"]["application"]["id"], id);
    assert_eq!(body["data"]["application"]["space_name"], "velo-solidaire");
    assert_eq!(body["data"]["quota"]["max_accounts"], 50);
    assert_eq!(body["data"]["quota"]["storage_gb"], 40);
    assert_eq!(
        body["data"]["callback_url"],
        format!("{}/api/v1/applications/{id}/provisioning", app.address)
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        receiver.received().len(),
        1,
        "the submitted event was not subscribed to"
    );
}

async fn failures_are_retried_on_schedule_with_the_same_id_and_every_attempt_is_logged(
    backend: Backend,
) {
    let app = app(backend).await;
    let receiver = Receiver::start(None);
    receiver.script([
        Answer::Status(500),
        Answer::RetryAfter(429, 1),
        Answer::Redirect("http://127.0.0.1:1/elsewhere".into()),
        Answer::Status(503),
    ]);
    let (endpoint_id, _) = endpoint(&app, &receiver.url, &["application.approved"]).await;
    let token = app.token().await;
    let id = app.confirmed_application(json!({})).await;
    approve(&app, &token, &id).await;
    let got = receiver.wait_for(5, Duration::from_secs(20)).await;
    let approved: Vec<_> = got
        .iter()
        .filter(|r| r.body.contains("application.approved"))
        .collect();
    assert_eq!(approved.len(), 5, "four failures, then the success");
    assert!(
        approved.iter().all(|r| r.id == approved[0].id),
        "the same webhook-id on every retry"
    );
    let gap = approved[2].at.duration_since(approved[1].at);
    assert!(
        gap >= Duration::from_millis(950),
        "Retry-After: 1 was honoured ({gap:?})"
    );
    // The receiver has answered; the outcome is recorded a moment later.
    let delivery = settled(&app, &endpoint_id, |d| d.status == "succeeded").await;
    let attempts = app
        .db(move |c| passeur::webhooks::deliveries::attempts(c, &delivery.id).unwrap())
        .await;
    let codes: Vec<Option<i32>> = attempts.iter().map(|a| a.status_code).collect();
    assert_eq!(
        codes,
        [Some(500), Some(429), Some(302), Some(503), Some(200)],
        "redirects are not followed"
    );
    assert_eq!(attempts[4].response_body.as_deref(), Some("thanks"));
}

async fn a_410_disables_the_endpoint_and_a_dead_receiver_exhausts_the_schedule(backend: Backend) {
    let app = app(backend).await;
    let receiver = Receiver::start(None);
    receiver.script([Answer::Status(410)]);
    let (gone_id, _) = endpoint(&app, &receiver.url, &["application.approved"]).await;
    let dead_port = crate::helpers::free_port();
    let (dead_id, _) = endpoint(
        &app,
        &format!("http://127.0.0.1:{dead_port}/hooks"),
        &["application.approved"],
    )
    .await;
    let token = app.token().await;
    let id = app.confirmed_application(json!({})).await;
    approve(&app, &token, &id).await;
    receiver.wait_for(1, Duration::from_secs(10)).await;
    let endpoint_of =
        |id: String| app.db(move |c| passeur::webhooks::endpoints::find(c, &id).unwrap().unwrap());
    let gone_delivery = settled(&app, &gone_id, |d| d.status == "failed").await;
    let gone = endpoint_of(gone_id).await;
    assert!(!gone.enabled, "410 disables the endpoint");
    assert_eq!(gone.disabled_reason.as_deref(), Some("410 Gone"));
    assert_eq!(gone_delivery.attempts, 1, "no retry after a 410");
    // Five retries 0.2 s apart: the dead endpoint gives up after six tries.
    let dead_delivery = settled(&app, &dead_id, |d| d.status == "failed").await;
    assert_eq!(dead_delivery.attempts, 6);
    assert!(dead_delivery
        .last_error
        .as_deref()
        .unwrap_or("")
        .contains("connection"));
    let dead = endpoint_of(dead_id).await;
    assert!(
        dead.enabled,
        "failing for seconds does not disable an endpoint"
    );
}

async fn during_a_secret_rotation_both_secrets_sign(backend: Backend) {
    let app = app(backend).await;
    let receiver = Receiver::start(None);
    let (endpoint_id, old) = endpoint(&app, &receiver.url, &["application.approved"]).await;
    let new = app
        .db(move |c| {
            passeur::webhooks::endpoints::rotate(
                c,
                &endpoint_id,
                chrono::TimeDelta::hours(1),
                passeur::db::now(),
            )
            .unwrap()
            .unwrap()
        })
        .await;
    let token = app.token().await;
    let id = app.confirmed_application(json!({})).await;
    approve(&app, &token, &id).await;
    let hook = receiver
        .wait_for(1, Duration::from_secs(10))
        .await
        .remove(0);
    assert_eq!(hook.signature.split(' ').count(), 2);
    assert!(new.verifies(
        &hook.id,
        hook.timestamp,
        hook.body.as_bytes(),
        &hook.signature
    ));
    assert!(old.verifies(
        &hook.id,
        hook.timestamp,
        hook.body.as_bytes(),
        &hook.signature
    ));
}

async fn webhook_urls_on_private_addresses_are_refused_unless_allowed(backend: Backend) {
    let strict = spawn_app_with(backend, |_| {}).await;
    let policy = strict.state.address_policy.clone();
    let refused = strict
        .db(move |c| {
            [
                "http://127.0.0.1:9/x",
                "http://[::1]/x",
                "http://169.254.169.254/",
                "http://10.0.0.8/",
                "http://2130706433/",
            ]
            .iter()
            .map(|u| {
                passeur::webhooks::endpoints::add(c, u, "", &[], &policy, passeur::db::now())
                    .is_err()
            })
            .collect::<Vec<_>>()
        })
        .await;
    assert!(refused.iter().all(|r| *r), "{refused:?}");
    // A name that resolves to loopback passes the URL check (names are
    // checked where it matters, at connection) but is never connected to.
    let receiver = Receiver::start(None);
    let port = receiver
        .url
        .rsplit(':')
        .next()
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let response = strict
        .state
        .webhook_client
        .get()
        .await
        .expect("the client")
        .post(format!("http://localhost:{port}/hooks"))
        .send()
        .await;
    assert!(response.is_err(), "the resolver keeps loopback out");
    assert!(receiver.received().is_empty());
}

/// A line of `/etc/hosts` of the test's own, rewritten in place to change
/// what a name resolves to, and taken away on drop. (The system resolver
/// reads the file at every lookup, as it would ask a DNS server.)
struct HostsEntry {
    original_len: u64,
    offset: u64,
}

impl HostsEntry {
    const FILE: &'static str = "/etc/hosts";

    fn add(ip: &str, name: &str) -> Option<HostsEntry> {
        use std::io::Write;
        let text = std::fs::read_to_string(Self::FILE).ok()?;
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(Self::FILE)
            .ok()?;
        let lead = if text.ends_with('\n') || text.is_empty() {
            ""
        } else {
            "\n"
        };
        let entry = HostsEntry {
            original_len: text.len() as u64,
            offset: (text.len() + lead.len()) as u64,
        };
        file.write_all(format!("{lead}{ip} {name}\n").as_bytes())
            .ok()?;
        Some(entry)
    }

    /// Points the name at another address of the same length.
    fn point_at(&self, ip: &str) {
        use std::os::unix::fs::FileExt;
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(Self::FILE)
            .unwrap();
        file.write_all_at(ip.as_bytes(), self.offset).unwrap();
    }
}

impl Drop for HostsEntry {
    fn drop(&mut self) {
        if let Ok(file) = std::fs::OpenOptions::new().write(true).open(Self::FILE) {
            let _ = file.set_len(self.original_len);
        }
    }
}

/// DNS rebinding: a name answers a permitted address (the delivery goes
/// through), then an internal one on the same port. The next connection
/// resolves again and the guard drops the internal address: nothing reaches
/// the internal service. (127.0.0.2 plays the public side: it is the only
/// network the administrator allowed.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_name_that_turns_internal_between_two_deliveries_is_never_connected_to() {
    let app = spawn_app_with(Backend::Sqlite, |s| {
        s.webhook_allowed_networks = "127.0.0.2/32".into();
    })
    .await;
    let public = TcpListener::bind("127.0.0.2:0").unwrap();
    let port = public.local_addr().unwrap().port();
    let Ok(internal) = TcpListener::bind(("127.0.0.1", port)) else {
        eprintln!("port {port} is taken on 127.0.0.1: rebinding test skipped");
        return;
    };
    let (public, internal) = (
        Receiver::start(Some(public)),
        Receiver::start(Some(internal)),
    );
    let name = format!("rebind-{port}.passeur.test");
    let Some(hosts) = HostsEntry::add("127.0.0.2", &name) else {
        eprintln!("/etc/hosts cannot be written here (not root?): rebinding test skipped");
        return;
    };
    let url = format!("http://{name}:{port}/hooks");
    let policy = app.state.address_policy.clone();
    let checked = url.clone();
    app.db(move |c| {
        passeur::webhooks::endpoints::add(c, &checked, "", &[], &policy, passeur::db::now())
    })
    .await
    .expect("a name passes the URL check");

    public.script([Answer::Close]);
    let client = app.state.webhook_client.get().await.expect("the client");
    let first = client.post(&url).body("1").send().await;
    assert_eq!(
        first.unwrap().status().as_u16(),
        200,
        "the permitted address is reached"
    );
    assert_eq!(public.received().len(), 1);

    hosts.point_at("127.0.0.1");
    for n in 0..3 {
        let rebound = client.post(&url).body(n.to_string()).send().await;
        let error = rebound.expect_err("the internal address is never connected to");
        assert!(
            format!("{error:?}").contains("may not reach"),
            "refused by the guard: {error:?}"
        );
    }
    assert!(
        internal.received().is_empty(),
        "nothing reached the internal service"
    );
    assert_eq!(public.received().len(), 1);

    hosts.point_at("127.0.0.2");
    let back = client.post(&url).body("2").send().await;
    assert_eq!(
        back.unwrap().status().as_u16(),
        200,
        "and the permitted one again"
    );
    assert!(internal.received().is_empty());
}

async fn deliveries_in_flight_survive_a_restart_with_the_same_webhook_id(backend: Backend) {
    let app = app(backend).await;
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let (_, secret) = endpoint(
        &app,
        &format!("http://127.0.0.1:{port}/hooks"),
        &["application.approved"],
    )
    .await;
    let token = app.token().await;
    let id = app.confirmed_application(json!({})).await;
    approve(&app, &token, &id).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let app = app.restart().await;
    let receiver = Receiver::start(Some(TcpListener::bind(("127.0.0.1", port)).unwrap()));
    let got = receiver.wait_for(1, Duration::from_secs(20)).await;
    assert!(secret.verifies(
        &got[0].id,
        got[0].timestamp,
        got[0].body.as_bytes(),
        &got[0].signature
    ));
    let event_id = app
        .db(move |c| passeur::webhooks::events::for_application(c, &id).unwrap())
        .await;
    let approved = event_id
        .iter()
        .find(|e| e.event_type == "application.approved")
        .unwrap();
    assert_eq!(
        got[0].id, approved.id,
        "the same webhook-id as before the restart"
    );
}

async fn the_callback_activates_the_space_once_and_refuses_what_is_not_approved(backend: Backend) {
    let app = app(backend).await;
    let receiver = Receiver::start(None);
    endpoint(&app, &receiver.url, &["application.activated"]).await;
    let token = app.token().await;
    let id = app.confirmed_application(json!({})).await;
    approve(&app, &token, &id).await;
    let callback = app.url(&format!("/api/v1/applications/{id}/provisioning"));
    let report = json!({"status": "active", "space_url": "https://velo-solidaire.cloud.example.org/", "message": "ok"});
    let first = app
        .client
        .post(&callback)
        .bearer_auth(&token)
        .json(&report)
        .send()
        .await
        .unwrap();
    assert_eq!(first.status().as_u16(), 200);
    let first: Value = first.json().await.unwrap();
    assert_eq!(
        (first["status"].as_str(), first["changed"].as_bool()),
        (Some("active"), Some(true))
    );
    let second: Value = app
        .client
        .post(&callback)
        .bearer_auth(&token)
        .json(&report)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(second["changed"], false, "twice changes nothing");
    let mail = crate::helpers::wait_until(Duration::from_secs(20), || {
        app.mail_files()
            .into_iter()
            .find(|m| m.subject.contains("est prêt"))
    })
    .await
    .expect("the space-ready e-mail");
    assert!(mail
        .text
        .contains("https://velo-solidaire.cloud.example.org/"));
    let hooks = receiver.wait_for(1, Duration::from_secs(10)).await;
    assert!(hooks[0].body.contains("application.activated"));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        receiver.received().len(),
        1,
        "one activation event, not two"
    );

    let other = app
        .confirmed_application(json!({"space_name": "refusee", "contact_email": "r@example.org"}))
        .await;
    app.client
        .post(app.url(&format!("/api/v1/applications/{other}/refuse")))
        .bearer_auth(&token)
        .json(&json!({"reason": "spam"}))
        .send()
        .await
        .unwrap();
    let conflict = app
        .client
        .post(app.url(&format!("/api/v1/applications/{other}/provisioning")))
        .bearer_auth(&token)
        .json(&report)
        .send()
        .await
        .unwrap();
    assert_eq!(conflict.status().as_u16(), 409);
    let body: Value = conflict.json().await.unwrap();
    assert_eq!(body["error"]["status"], "refused");
    let anonymous = app
        .client
        .post(&callback)
        .json(&report)
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);
}

async fn administrators_manage_endpoints_send_tests_and_redeliver_from_the_pages(backend: Backend) {
    let app = app(backend).await;
    let receiver = Receiver::start(None);
    let admin = app.add_account("admin@example.org", "admin").await;
    let client = app.login(&admin).await;
    let csrf = crate::helpers::csrf_of(&client, &app.url("/admin/webhooks")).await;
    let created = client
        .post(app.url("/admin/webhooks"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("url", receiver.url.as_str()),
            ("description", "provisioner"),
            ("event_types", "application.approved"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let html = created.text().await.unwrap();
    let at = html.find("whsec_").expect("the secret is shown once");
    let secret = Secret::parse(html[at..].split('<').next().unwrap()).unwrap();
    let id = html
        .split("/admin/webhooks/ep_")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let page = app.url(&format!("/admin/webhooks/ep_{id}"));
    assert!(
        !client
            .get(&page)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .contains("whsec_"),
        "never shown again"
    );
    let test = client
        .post(&page)
        .form(&[("csrf", csrf.as_str()), ("action", "test")])
        .send()
        .await
        .unwrap();
    assert_eq!(test.status().as_u16(), 303);
    let got = receiver.wait_for(1, Duration::from_secs(10)).await;
    assert!(got[0].body.contains("webhook.test"));
    assert!(secret.verifies(
        &got[0].id,
        got[0].timestamp,
        got[0].body.as_bytes(),
        &got[0].signature
    ));
    let listing = client
        .get(&page)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let delivery = listing
        .split("name=\"delivery\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let again = client
        .post(&page)
        .form(&[
            ("csrf", csrf.as_str()),
            ("action", "redeliver"),
            ("delivery", delivery.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 303);
    let got = receiver.wait_for(2, Duration::from_secs(10)).await;
    assert_eq!(got[0].id, got[1].id, "a redelivery keeps the webhook-id");
    let attempts = client
        .get(format!("{page}?delivery={delivery}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        attempts.contains("thanks"),
        "the response body is in the attempt log"
    );
    let private = client
        .post(app.url("/admin/webhooks"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("url", "http://169.254.169.254/latest"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(private.status().as_u16(), 422);
    assert!(private.text().await.unwrap().contains("réseau privé"));
}

async fn an_endpoint_failing_too_long_is_disabled_and_administrators_are_told(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        s.webhook_allowed_networks = "127.0.0.0/8".into();
        s.webhook_retry_schedule_secs = vec![0.2; 10];
        s.webhook_disable_after_days = 0;
    })
    .await;
    app.add_account("admin@example.org", "admin").await;
    let dead = crate::helpers::free_port();
    let (id, _) = endpoint(
        &app,
        &format!("http://127.0.0.1:{dead}/hooks"),
        &["application.approved"],
    )
    .await;
    let token = app.token().await;
    let application = app.confirmed_application(json!({})).await;
    approve(&app, &token, &application).await;
    let mail = crate::helpers::wait_until(Duration::from_secs(20), || {
        app.mail_files()
            .into_iter()
            .find(|m| m.subject.contains("Webhook désactivé"))
    })
    .await
    .expect("the administrators' e-mail");
    assert!(mail.to.contains("admin@example.org"));
    let endpoint = app
        .db(move |c| passeur::webhooks::endpoints::find(c, &id).unwrap().unwrap())
        .await;
    assert!(!endpoint.enabled);
}

async fn metrics_show_pending_deliveries_and_attempts(backend: Backend) {
    let app = app(backend).await;
    let receiver = Receiver::start(None);
    endpoint(&app, &receiver.url, &["application.approved"]).await;
    let token = app.token().await;
    let id = app.confirmed_application(json!({})).await;
    approve(&app, &token, &id).await;
    receiver.wait_for(1, Duration::from_secs(10)).await;
    let endpoint_id = app
        .db(|c| passeur::webhooks::endpoints::list(c).unwrap().remove(0).id)
        .await;
    settled(&app, &endpoint_id, |d| d.status == "succeeded").await;
    let text = app.get("/metrics").await.text().await.unwrap();
    assert!(
        text.contains("passeur_webhook_pending_deliveries 0"),
        "{text}"
    );
    assert!(
        text.contains("passeur_webhook_attempts_total{outcome=\"success\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("passeur_webhook_attempt_duration_seconds_count 1"),
        "{text}"
    );
    assert!(text.contains("passeur_webhook_oldest_pending_age_seconds"));
    assert!(
        text.contains("passeur_webhook_delivery_latency_seconds_count 1"),
        "{text}"
    );
}

async fn a_receiver_slower_than_fifteen_seconds_times_out_and_is_tried_again(backend: Backend) {
    let app = app(backend).await;
    let receiver = Receiver::start(None);
    receiver.script([Answer::Slow(Duration::from_secs(17))]);
    let (endpoint_id, _) = endpoint(&app, &receiver.url, &["application.approved"]).await;
    let token = app.token().await;
    let id = app.confirmed_application(json!({})).await;
    approve(&app, &token, &id).await;
    let got = receiver.wait_for(2, Duration::from_secs(40)).await;
    assert_eq!(got[0].id, got[1].id);
    let gap = got[1].at.duration_since(got[0].at);
    assert!(
        gap >= Duration::from_secs(15) && gap < Duration::from_secs(17),
        "the 15 s limit cut the wait ({gap:?})"
    );
    settled(&app, &endpoint_id, |d| d.status == "succeeded").await;
    let attempts = app
        .db(move |c| {
            let listed =
                passeur::webhooks::deliveries::for_endpoint(c, &endpoint_id, None, 10).unwrap();
            passeur::webhooks::deliveries::attempts(c, &listed[0].delivery.id).unwrap()
        })
        .await;
    assert!(
        attempts[0]
            .error
            .as_deref()
            .unwrap_or("")
            .contains("timeout"),
        "{:?}",
        attempts[0].error
    );
    assert_eq!(attempts[1].status_code, Some(200));
}

async fn a_disabled_endpoint_is_not_called_until_it_is_enabled_again(backend: Backend) {
    // A retry two seconds later: time to disable the endpoint before it.
    let app = spawn_app_with(backend, |s| {
        s.webhook_allowed_networks = "127.0.0.0/8".into();
        s.webhook_retry_schedule_secs = vec![2.0];
    })
    .await;
    let receiver = Receiver::start(None);
    receiver.script([Answer::Status(500)]);
    let (endpoint_id, _) = endpoint(&app, &receiver.url, &["application.approved"]).await;
    let token = app.token().await;
    let application = app.confirmed_application(json!({})).await;
    approve(&app, &token, &application).await;
    settled(&app, &endpoint_id, |d| {
        d.attempts == 1 && d.status == "pending"
    })
    .await;
    let set = |enabled: bool| {
        let id = endpoint_id.clone();
        app.db(move |c| {
            passeur::webhooks::endpoints::set_enabled(
                c,
                &id,
                enabled,
                Some("paused"),
                passeur::db::now(),
            )
            .unwrap()
        })
    };
    set(false).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        receiver.received().len(),
        1,
        "the retry waits while the endpoint is disabled"
    );
    let waiting = settled(&app, &endpoint_id, |d| d.status == "pending").await;
    assert_eq!(waiting.attempts, 1);
    set(true).await;
    app.state.deliveries_wakeup.wake();
    receiver.wait_for(2, Duration::from_secs(10)).await;
    settled(&app, &endpoint_id, |d| d.status == "succeeded").await;
}

on_both_backends!(
    a_disabled_endpoint_is_not_called_until_it_is_enabled_again,
    a_receiver_slower_than_fifteen_seconds_times_out_and_is_tried_again,
    administrators_manage_endpoints_send_tests_and_redeliver_from_the_pages,
    an_endpoint_failing_too_long_is_disabled_and_administrators_are_told,
    metrics_show_pending_deliveries_and_attempts,
    approving_delivers_one_signed_event_that_verifies_within_a_fraction_of_a_second,
    failures_are_retried_on_schedule_with_the_same_id_and_every_attempt_is_logged,
    a_410_disables_the_endpoint_and_a_dead_receiver_exhausts_the_schedule,
    during_a_secret_rotation_both_secrets_sign,
    webhook_urls_on_private_addresses_are_refused_unless_allowed,
    deliveries_in_flight_survive_a_restart_with_the_same_webhook_id,
    the_callback_activates_the_space_once_and_refuses_what_is_not_approved,
);

/// Two instances on one PostgreSQL database share the deliveries: each of a
/// thousand events reaches the receiver exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_on_postgres_deliver_a_thousand_events_each_exactly_once() {
    if crate::helpers::Backend::postgres_skipped() {
        return;
    }
    let first = app(Backend::Postgres).await;
    let receiver = Receiver::start(None);
    let url = first.db.url.clone();
    let second = crate::helpers::spawn_on(&url, |s| {
        s.webhook_allowed_networks = "127.0.0.0/8".into();
        s.webhook_retry_schedule_secs = vec![0.2; 5];
        s.job_poll_ms = 500;
    })
    .await;
    let (endpoint_id, _) = endpoint(&first, &receiver.url, &[]).await;
    // A thousand events, written straight into the outbox as a burst.
    first
        .db(move |c| {
            for _ in 0..1000 {
                passeur::webhooks::events::emit_test(c, &endpoint_id, passeur::db::now()).unwrap();
            }
        })
        .await;
    first.state.wake_all();
    second.state.wake_all();
    let got = receiver.wait_for(1000, Duration::from_secs(120)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let got_all = receiver.received();
    let ids: std::collections::HashSet<&str> = got_all.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), 1000, "every event arrived");
    assert_eq!(
        got_all.len(),
        1000,
        "and none twice ({} requests)",
        got.len()
    );
    let workers = first
        .db(|c| {
            use diesel::prelude::*;
            use passeur::db::schema::webhook_deliveries::dsl::*;
            webhook_deliveries
                .filter(status.eq("succeeded"))
                .count()
                .get_result::<i64>(c)
                .unwrap()
        })
        .await;
    assert_eq!(workers, 1000);
}

/// How many times `table` was analysed by hand (not by autovacuum).
async fn analysed(app: &TestApp, table: &'static str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        analyze_count: i64,
    }
    app.db(move |c| {
        let passeur::db::DbConn::Pg(pg) = c else {
            unreachable!("a PostgreSQL test")
        };
        use diesel::RunQueryDsl;
        diesel::sql_query("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = $1")
            .bind::<diesel::sql_types::Text, _>(table)
            .get_result::<Count>(pg)
            .map(|c| c.analyze_count)
            .unwrap()
    })
    .await
}

/// PostgreSQL keeps a foreign-key check's plan for the life of a
/// connection, made for the size the table had then: a burst of deliveries
/// has its tables analysed within seconds, so that the checks are planned
/// again for the size they have now; a table the burst left alone is not
/// analysed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_deliveries_has_its_tables_analysed_and_a_table_left_alone_is_not() {
    if Backend::postgres_skipped() {
        return;
    }
    let app = app(Backend::Postgres).await;
    let receiver = Receiver::start(None);
    let (endpoint_id, _) = endpoint(&app, &receiver.url, &[]).await;
    assert_eq!(analysed(&app, "webhook_deliveries").await, 0);
    app.db(move |c| {
        for _ in 0..300 {
            passeur::webhooks::events::emit_test(c, &endpoint_id, passeur::db::now()).unwrap();
        }
    })
    .await;
    let started = Instant::now();
    while analysed(&app, "webhook_deliveries").await == 0
        || analysed(&app, "webhook_events").await == 0
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the burst's tables were not analysed within 30 s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(analysed(&app, "jobs").await, 0, "no job was written");
}

//! The JSON submission API: same rules as the form, JSON errors, and no
//! body that can make it fail with a 5xx.

use serde_json::{json, Value};

use crate::helpers::{spawn_app, valid_json, Backend};
use crate::on_both_backends;

async fn a_valid_json_submission_returns_201_with_id_status_and_status_url(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.post_json(&valid_json()).await;
    assert_eq!(response.status().as_u16(), 201);
    let body: Value = response.json().await.unwrap();
    assert!(body["id"].as_str().is_some_and(|id| id.len() == 36));
    assert_eq!(body["status"], "unconfirmed");
    let status_url = body["status_url"].as_str().unwrap();
    assert!(
        status_url.starts_with(&format!("{}/status/", app.address)),
        "{status_url}"
    );
    let page = app.client.get(status_url).send().await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("Collectif Vélo Solidaire"));
}

async fn invalid_json_fields_get_a_422_with_messages_per_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut body = valid_json();
    body["space_name"] = json!("www");
    body["employees"] = json!(-4);
    body["sectors"] = json!([]);
    body["contact_email"] = json!("not-an-address");
    body["accept_terms"] = json!(false);
    let response = app.post_json(&body).await;
    assert_eq!(response.status().as_u16(), 422);
    let errors: Value = response.json().await.unwrap();
    let errors = errors["errors"].as_object().expect("an errors object");
    let keys: Vec<&str> = errors.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "accept_terms",
            "contact_email",
            "employees",
            "sectors",
            "space_name"
        ]
    );
    for (field, messages) in errors {
        let messages = messages.as_array().expect("a list of messages");
        assert!(!messages.is_empty(), "{field}");
        assert!(
            messages
                .iter()
                .all(|m| m.as_str().is_some_and(|s| s.len() > 5)),
            "{field}"
        );
    }
}

async fn messages_follow_the_accept_language_header(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut body = valid_json();
    body["space_name"] = json!("www");
    let response = app
        .client
        .post(app.url("/api/v1/applications"))
        .header("accept-language", "en-GB,en;q=0.9")
        .json(&body)
        .send()
        .await
        .unwrap();
    let errors: Value = response.json().await.unwrap();
    assert_eq!(
        errors["errors"]["space_name"][0],
        "This name is reserved: choose another one."
    );
}

async fn wrong_types_malformed_and_oversized_bodies_get_a_clear_4xx_never_a_5xx(backend: Backend) {
    let app = spawn_app(backend).await;
    let raw = |body: String| {
        app.client
            .post(app.url("/api/v1/applications"))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    // Wrong types are reported per field.
    let mut body = valid_json();
    body["members"] = json!({"n": 3});
    body["sectors"] = json!("culture");
    let response = app.post_json(&body).await;
    assert_eq!(response.status().as_u16(), 422);
    let errors: Value = response.json().await.unwrap();
    assert!(errors["errors"]["members"][0]
        .as_str()
        .unwrap()
        .contains("texte ou un nombre"));

    for (body, expected) in [
        ("{\"organisation_name\": ".to_string(), 400),
        ("[1, 2, 3]".to_string(), 400),
        ("\"a string\"".to_string(), 400),
        ("".to_string(), 400),
        ("null".to_string(), 400),
        (format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)), 400),
        (
            format!("{{\"description\": \"{}\"}}", "x".repeat(100 * 1024)),
            413,
        ),
    ] {
        let response = raw(body.clone()).await.unwrap();
        assert_eq!(
            response.status().as_u16(),
            expected,
            "{}",
            &body[..body.len().min(40)]
        );
        let json: Value = response.json().await.expect("a JSON error");
        assert!(json["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
    }
    // Numbers out of every range are field errors, not crashes.
    let mut body = valid_json();
    body["creation_year"] = json!(1e300);
    body["employees"] = json!(18446744073709551615u64);
    body["beneficiaries"] = json!(-0.5);
    let response = app.post_json(&body).await;
    assert_eq!(response.status().as_u16(), 422);
}

async fn a_json_submission_with_a_taken_space_name_is_a_422_on_space_name(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(app.post_json(&valid_json()).await.status().as_u16(), 201);
    let response = app.post_json(&valid_json()).await;
    assert_eq!(response.status().as_u16(), 422);
    let errors: Value = response.json().await.unwrap();
    assert!(errors["errors"]["space_name"][0]
        .as_str()
        .unwrap()
        .contains("déjà pris"));
}

async fn two_concurrent_json_submissions_with_one_space_name_give_one_201_and_one_422(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    for round in 0..5 {
        let mut a = valid_json();
        let mut b = valid_json();
        a["space_name"] = json!(format!("meme-nom-{round}"));
        b["space_name"] = json!(format!("meme-nom-{round}"));
        b["contact_email"] = json!("autre@example.org");
        let (ra, rb) = tokio::join!(app.post_json(&a), app.post_json(&b));
        let mut codes = [ra.status().as_u16(), rb.status().as_u16()];
        codes.sort();
        assert_eq!(codes, [201, 422], "round {round}");
    }
}

on_both_backends!(
    a_valid_json_submission_returns_201_with_id_status_and_status_url,
    invalid_json_fields_get_a_422_with_messages_per_field,
    messages_follow_the_accept_language_header,
    wrong_types_malformed_and_oversized_bodies_get_a_clear_4xx_never_a_5xx,
    a_json_submission_with_a_taken_space_name_is_a_422_on_space_name,
    two_concurrent_json_submissions_with_one_space_name_give_one_201_and_one_422,
);

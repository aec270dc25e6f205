//! Pages every visitor sees: languages, headers, assets, health.

use crate::helpers::{spawn_app, Backend};
use crate::on_both_backends;

async fn pages_speak_french_by_default_and_english_when_the_browser_or_the_switch_asks(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let french = app.get("/apply").await.text().await.unwrap();
    assert!(french.contains("<html lang=\"fr\">"));
    assert!(french.contains("Demander un espace"));
    assert!(
        french.contains("hreflang=\"en\""),
        "a visible switch to English"
    );

    let english = app
        .client
        .get(app.url("/apply"))
        .header("accept-language", "en-US,en;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(english.contains("<html lang=\"en\">"));
    assert!(english.contains("Apply for a space"));

    // The switch wins over the browser, and is remembered.
    let switched = app.get("/?lang=en").await.text().await.unwrap();
    assert!(switched.contains("An online space for your association"));
    let remembered = app.get("/apply").await.text().await.unwrap();
    assert!(
        remembered.contains("<html lang=\"en\">"),
        "the choice is kept in a cookie"
    );
}

async fn every_response_carries_the_security_headers(backend: Backend) {
    let app = spawn_app(backend).await;
    for path in [
        "/",
        "/apply",
        "/healthz",
        "/static/passeur.css",
        "/nowhere",
        "/status/x",
    ] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(
            headers.get("x-content-type-options").unwrap(),
            "nosniff",
            "{path}"
        );
        assert_eq!(
            headers.get("referrer-policy").unwrap(),
            "no-referrer",
            "{path}"
        );
    }
}

async fn pages_load_nothing_from_another_site(backend: Backend) {
    let app = spawn_app(backend).await;
    for path in ["/", "/apply"] {
        let html = app.get(path).await.text().await.unwrap();
        for attribute in [
            "src=\"http",
            "href=\"http",
            "src=\"//",
            "href=\"//",
            "url(http",
        ] {
            assert!(
                !html.contains(attribute),
                "{path} refers to another site: {attribute}"
            );
        }
    }
    let css = app.get("/static/passeur.css").await.text().await.unwrap();
    assert!(!css.contains("url("), "the stylesheet fetches nothing");
}

async fn static_assets_are_served_and_nothing_else_is(backend: Backend) {
    let app = spawn_app(backend).await;
    let css = app.get("/static/passeur.css").await;
    assert_eq!(css.status().as_u16(), 200);
    assert!(css
        .headers()
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("text/css"));
    for path in [
        "/static/../Cargo.toml",
        "/static/%2e%2e%2fCargo.toml",
        "/static/..%2fsrc%2fmain.rs",
        "/static/",
    ] {
        let status = app.get(path).await.status().as_u16();
        assert_eq!(status, 404, "{path}");
    }
}

async fn health_answers_ok_when_the_database_answers(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status().as_u16(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

async fn unknown_pages_are_a_translated_404_and_unknown_api_routes_json(backend: Backend) {
    let app = spawn_app(backend).await;
    let page = app.get("/nowhere").await;
    assert_eq!(page.status().as_u16(), 404);
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("Cette page n’existe pas"));
    let api = app.get("/api/v1/nowhere").await;
    assert_eq!(api.status().as_u16(), 404);
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
}

on_both_backends!(
    pages_speak_french_by_default_and_english_when_the_browser_or_the_switch_asks,
    every_response_carries_the_security_headers,
    pages_load_nothing_from_another_site,
    static_assets_are_served_and_nothing_else_is,
    health_answers_ok_when_the_database_answers,
    unknown_pages_are_a_translated_404_and_unknown_api_routes_json,
);

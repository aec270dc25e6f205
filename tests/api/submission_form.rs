//! The public form: what lands, what is refused and how.

use crate::helpers::{location, spawn_app, spawn_app_with, valid_form, Backend};
use crate::on_both_backends;

async fn a_valid_form_submission_lands_and_leads_to_its_status_page(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.post_form(&valid_form(&[])).await;
    assert_eq!(response.status().as_u16(), 303);
    let status_path = location(&response);
    assert!(status_path.starts_with("/status/"), "{status_path}");

    let page = app.get(&status_path).await;
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Les Amis du Jardin partagé"));
    assert!(html.contains("amis-du-jardin"));
    assert!(html.contains("En attente de confirmation"), "{html}");
    assert!(
        html.contains("c…@example.org"),
        "the address is shown masked"
    );
}

/// Each case: the field, a bad value, and words the message must contain.
const INVALID_CASES: &[(&str, &str, &str)] = &[
    ("organisation_name", "", "obligatoire"),
    ("organisation_name", "A", "au moins 2 caractères"),
    ("structure_type", "", "Choisissez une réponse"),
    (
        "structure_type",
        "association_1234",
        "Ce choix n’existe pas",
    ),
    ("sectors", "", "au moins un domaine"),
    ("sectors", "tricot", "Ce choix n’existe pas"),
    ("creation_year", "", "obligatoire"),
    ("creation_year", "1799", "entre 1800 et"),
    ("creation_year", "2999", "entre 1800 et"),
    ("creation_year", "deux mille", "entre 1800 et"),
    ("employees", "-1", "nombre positif ou 0"),
    ("employees", "", "obligatoire"),
    ("members", "douze", "nombre entier"),
    ("members", "12.5", "nombre entier"),
    ("beneficiaries", "99999999999", "trop grand"),
    ("annual_budget_eur", "beaucoup", "nombre entier"),
    ("description", "", "obligatoire"),
    ("description", "Court", "au moins 10 caractères"),
    ("website", "javascript:alert(1)", "adresse de site valide"),
    ("postal_code", "", "obligatoire"),
    ("postal_code", "6900", "ne correspond pas au pays"),
    ("city", "", "obligatoire"),
    ("country", "XX", "Choisissez un pays"),
    ("contact_name", "", "obligatoire"),
    ("contact_email", "", "obligatoire"),
    (
        "contact_email",
        "camille-at-example.org",
        "adresse e-mail valide",
    ),
    (
        "contact_email",
        "a@b.org\r\nBcc: x@evil.test",
        "adresse e-mail valide",
    ),
    ("space_name", "", "obligatoire"),
    ("space_name", "ab", "au moins 3 caractères"),
    ("space_name", "les_amis", "lettres sans accent"),
    ("space_name", "café", "lettres sans accent"),
    ("space_name", "-amis", "ni commencer ni finir par un tiret"),
    ("space_name", "www", "réservé"),
    ("space_name", "admin", "réservé"),
    ("office_suite", "word", "Ce choix n’existe pas"),
    ("accept_terms", "", "accepter les conditions"),
    ("language", "de", "Ce choix n’existe pas"),
];

async fn every_invalid_field_is_refused_with_its_message_next_to_it_and_every_value_kept(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    for (field, bad, expected) in INVALID_CASES {
        let response = app.post_form(&valid_form(&[(field, bad)])).await;
        assert_eq!(
            response.status().as_u16(),
            422,
            "{field}={bad:?} should be refused"
        );
        let html = response.text().await.unwrap();
        // The message is in the summary and next to the field.
        assert!(html.contains("error-summary"), "{field}: no error summary");
        let next_to_field = format!("id=\"{field}-error\"");
        assert!(
            html.contains(&next_to_field),
            "{field}: no message next to the field"
        );
        assert!(
            html.contains(expected),
            "{field}={bad:?}: expected {expected:?}"
        );
        // Every other value typed is still there.
        if *field != "organisation_name" {
            assert!(
                html.contains("value=\"Les Amis du Jardin partagé\""),
                "{field}: name lost"
            );
        }
        if *field != "contact_email" {
            assert!(
                html.contains("value=\"camille@example.org\""),
                "{field}: e-mail lost"
            );
        }
        if *field != "description" {
            assert!(
                html.contains(
                    "Un jardin partagé de quartier, ouvert à toutes et à tous.</textarea>"
                ),
                "{field}: description lost"
            );
        }
        if *field != "sectors" {
            assert!(
                html.contains("value=\"environnement\" checked"),
                "{field}: sector lost"
            );
        }
        // The bad value itself is kept too, escaped.
        if !bad.is_empty()
            && !matches!(
                *field,
                "structure_type"
                    | "sectors"
                    | "office_suite"
                    | "accept_terms"
                    | "language"
                    | "country"
            )
        {
            let escaped = bad
                .replace('&', "&amp;")
                .replace('"', "&quot;")
                .replace('<', "&lt;");
            assert!(
                html.contains(&escaped) || bad.contains('\r'),
                "{field}: typed value {bad:?} lost"
            );
        }
    }
    // Nothing was stored.
    let html = app.post_form(&valid_form(&[])).await;
    assert_eq!(
        html.status().as_u16(),
        303,
        "the name was never taken by a refused form"
    );
}

async fn hostile_input_is_escaped_in_the_form(backend: Backend) {
    let app = spawn_app(backend).await;
    let hostile = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>";
    let response = app
        .post_form(&valid_form(&[
            ("organisation_name", hostile),
            ("space_name", ""),
        ]))
        .await;
    assert_eq!(response.status().as_u16(), 422);
    let html = response.text().await.unwrap();
    assert!(
        !html.contains("<script>alert"),
        "script tag echoed unescaped"
    );
    assert!(!html.contains("<img src=x"), "img tag echoed unescaped");
    assert!(html.contains("&lt;script&gt;"));
}

async fn a_taken_space_name_is_refused_and_a_withdrawn_one_is_free_again(backend: Backend) {
    let app = spawn_app(backend).await;
    let first = app.post_form(&valid_form(&[])).await;
    assert_eq!(first.status().as_u16(), 303);
    let status_path = location(&first);

    let second = app
        .post_form(&valid_form(&[("contact_email", "autre@example.org")]))
        .await;
    assert_eq!(second.status().as_u16(), 422);
    let html = second.text().await.unwrap();
    assert!(html.contains("déjà pris"), "{html}");

    // Case does not matter: the name is the same label.
    let upper = app
        .post_form(&valid_form(&[("space_name", "AMIS-DU-JARDIN")]))
        .await;
    assert_eq!(upper.status().as_u16(), 422);

    let withdrawn = app
        .client
        .post(app.url(&format!("{status_path}/withdraw")))
        .send()
        .await
        .unwrap();
    assert_eq!(withdrawn.status().as_u16(), 303);
    let again = app.post_form(&valid_form(&[])).await;
    assert_eq!(
        again.status().as_u16(),
        303,
        "a withdrawn application frees its name"
    );
}

async fn two_concurrent_submissions_with_one_space_name_give_one_success_and_one_refusal(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    for round in 0..5 {
        let name = format!("course-{round}");
        let body_a = valid_form(&[("space_name", &name), ("contact_email", "a@example.org")]);
        let body_b = valid_form(&[("space_name", &name), ("contact_email", "b@example.org")]);
        let (a, b) = tokio::join!(app.post_form(&body_a), app.post_form(&body_b));
        let mut codes = [a.status().as_u16(), b.status().as_u16()];
        codes.sort();
        assert_eq!(codes, [303, 422], "round {round}");
    }
}

async fn the_honeypot_drops_robot_submissions_without_telling_them(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .post_form(&valid_form(&[("nickname", "buy cheap pills")]))
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(location(&response), "/apply/thanks");
    // Nothing stored: the same space name is still free.
    let real = app.post_form(&valid_form(&[])).await;
    assert_eq!(real.status().as_u16(), 303);
    assert!(location(&real).starts_with("/status/"));
}

async fn too_many_submissions_from_one_address_get_a_429_that_keeps_the_typed_values(
    backend: Backend,
) {
    let app = spawn_app_with(backend, |s| s.submissions_per_hour = 2).await;
    for i in 0..2 {
        let name = format!("limite-{i}");
        let r = app.post_form(&valid_form(&[("space_name", &name)])).await;
        assert_eq!(r.status().as_u16(), 303);
    }
    let limited = app
        .post_form(&valid_form(&[("space_name", "limite-3")]))
        .await;
    assert_eq!(limited.status().as_u16(), 429);
    assert!(limited.headers().contains_key("retry-after"));
    let html = limited.text().await.unwrap();
    assert!(html.contains("Trop de demandes"));
    assert!(html.contains("value=\"limite-3\""), "typed values kept");
    let api = app.post_json(&crate::helpers::valid_json()).await;
    assert_eq!(api.status().as_u16(), 429, "the API shares the limit");
}

async fn a_form_posted_from_another_site_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .client
        .post(app.url("/apply"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", "https://evil.example")
        .body(valid_form(&[]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    let same_site = app
        .client
        .post(app.url("/apply"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", app.address.clone())
        .body(valid_form(&[]))
        .send()
        .await
        .unwrap();
    assert_eq!(same_site.status().as_u16(), 303);
    // What a browser sends from our own page, whose referrer policy makes
    // the origin "null"; and what it sends from another site's page.
    for (space, fetch_site, status) in [
        ("depuis-la-page", "same-origin", 303),
        ("depuis-ailleurs", "cross-site", 403),
    ] {
        let response = app
            .client
            .post(app.url("/apply"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", "null")
            .header("sec-fetch-site", fetch_site)
            .body(valid_form(&[("space_name", space)]))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), status, "{fetch_site}");
    }
}

async fn an_oversized_form_is_refused_with_a_clear_413(backend: Backend) {
    let app = spawn_app(backend).await;
    let huge = "x".repeat(200 * 1024);
    let response = app.post_form(&valid_form(&[("description", &huge)])).await;
    assert_eq!(response.status().as_u16(), 413);
    assert!(response.text().await.unwrap().contains("trop volumineuse"));
}

on_both_backends!(
    a_valid_form_submission_lands_and_leads_to_its_status_page,
    every_invalid_field_is_refused_with_its_message_next_to_it_and_every_value_kept,
    hostile_input_is_escaped_in_the_form,
    a_taken_space_name_is_refused_and_a_withdrawn_one_is_free_again,
    two_concurrent_submissions_with_one_space_name_give_one_success_and_one_refusal,
    the_honeypot_drops_robot_submissions_without_telling_them,
    too_many_submissions_from_one_address_get_a_429_that_keeps_the_typed_values,
    a_form_posted_from_another_site_is_refused,
    an_oversized_form_is_refused_with_a_clear_413,
);

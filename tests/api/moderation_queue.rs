//! The queue at work: filters, search, pagination, flags, export, and the
//! bearer-token API.

use std::collections::HashSet;

use serde_json::{json, Value};

use crate::helpers::{spawn_app, Backend, TestApp};
use crate::on_both_backends;

async fn with_fixtures(backend: Backend) -> TestApp {
    let app = spawn_app(backend).await;
    app.db(|c| passeur::fixtures::load(c, None, &Default::default()).unwrap())
        .await;
    app
}

/// Every row of a filtered view, following the cursors.
async fn all_rows(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let mut rows = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let q = match &cursor {
            Some(c) => format!("{query}&limit=7&cursor={c}"),
            None => format!("{query}&limit=7"),
        };
        let page = app.api_get(token, &q).await;
        rows.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return rows,
        }
    }
}

async fn search_and_every_filter_return_exactly_the_right_rows(backend: Backend) {
    let app = with_fixtures(backend).await;
    let token = app.token().await;
    let everything = all_rows(&app, &token, "status=all").await;
    assert_eq!(everything.len(), 60);
    let check = |query: &str, rows: &[Value], keep: &dyn Fn(&Value) -> bool| {
        let expected: HashSet<&str> = everything
            .iter()
            .filter(|r| keep(r))
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        let got: HashSet<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert!(
            !expected.is_empty() || query.contains("flag"),
            "{query} should match something"
        );
        assert_eq!(got, expected, "{query}");
    };
    let has_sector =
        |r: &Value, code: &str| r["sectors"].as_array().unwrap().iter().any(|s| s == code);
    let in_sector = move |code: &'static str| {
        Box::new(move |r: &Value| has_sector(r, code)) as Box<dyn Fn(&Value) -> bool>
    };
    for (query, keep) in [
        (
            "status=submitted",
            Box::new(|r: &Value| r["status"] == "submitted") as Box<dyn Fn(&Value) -> bool>,
        ),
        (
            "status=withdrawn",
            Box::new(|r: &Value| r["status"] == "withdrawn"),
        ),
        (
            "status=all&structure_type=collectif",
            Box::new(|r: &Value| r["structure_type"] == "collectif"),
        ),
        ("status=all&sector=culture", in_sector("culture")),
        (
            // A code with `_`, which the sector's pattern must not take
            // for "any character".
            "status=all&sector=education_formation",
            in_sector("education_formation"),
        ),
        (
            "status=submitted&sector=environnement&structure_type=association_1901",
            Box::new(|r: &Value| {
                r["status"] == "submitted"
                    && r["structure_type"] == "association_1901"
                    && has_sector(r, "environnement")
            }),
        ),
        (
            "status=all&flag=any",
            Box::new(|r: &Value| !r["flags"].as_array().unwrap().is_empty()),
        ),
        (
            "status=all&flag=outlier_budget",
            Box::new(|r: &Value| {
                r["flags"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|f| f["kind"] == "outlier_budget")
            }),
        ),
    ] {
        let rows = all_rows(&app, &token, query).await;
        check(query, &rows, &*keep);
    }
    // Search is case- and accent-blind, over name, description, city, e-mail.
    let sample = &everything[3];
    let city = sample["city"].as_str().unwrap().to_uppercase();
    let rows = all_rows(&app, &token, &format!("status=all&q={}", urlencode(&city))).await;
    assert!(
        rows.iter().any(|r| r["id"] == sample["id"]),
        "search by city {city}"
    );
    assert!(rows.iter().all(|r| {
        let hay = format!(
            "{} {} {} {}",
            r["organisation_name"], r["description"], r["city"], r["contact_email"]
        )
        .to_lowercase();
        passeur::applications::text::fold(&hay).contains(&passeur::applications::text::fold(&city))
    }));
    let email = sample["contact_email"].as_str().unwrap();
    let rows = all_rows(&app, &token, &format!("status=all&q={}", urlencode(email))).await;
    assert!(
        rows.iter().any(|r| r["id"] == sample["id"]),
        "search by e-mail"
    );
    assert!(
        all_rows(&app, &token, "status=all&q=a%25e")
            .await
            .is_empty(),
        "a typed % is literal"
    );
}

/// The ids a search finds among every status.
async fn found(app: &TestApp, token: &str, q: &str) -> HashSet<String> {
    all_rows(app, token, &format!("status=all&q={}", urlencode(q)))
        .await
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

async fn the_search_finds_any_part_of_a_word_and_follows_every_change_of_the_text(
    backend: Backend,
) {
    use diesel::prelude::*;
    use passeur::db::schema::applications;

    let app = spawn_app(backend).await;
    let token = app.token().await;
    let velo = app
        .confirmed_application(json!({
            "organisation_name": "Vélo’Cité Zygomatique",
            "description": "Réparations le samedi, au quartier Nord.",
        }))
        .await;
    let jardin = app
        .confirmed_application(json!({
            "organisation_name": "Jardins Kwxq",
            "space_name": "jardins-kwxq",
            "contact_email": "jardins@example.org",
            "description": "Potagers partagés, au quartier Sud.",
        }))
        .await;
    let only = |ids: &[&String]| ids.iter().map(|s| s.to_string()).collect::<HashSet<_>>();
    for (q, expected) in [
        ("CITÉ", only(&[&velo])),
        ("velo'cite", only(&[&velo])),
        ("gomat", only(&[&velo])),
        // Two letters have no trigram: still found, by a scan.
        ("kw", only(&[&jardin])),
        ("kwxq jardins", only(&[&jardin])),
        ("kwxq zygomatique", only(&[])),
        // Every trigram of a term in one text is not enough ("ers" of
        // "potagers"): the term itself must be there.
        ("quartier", only(&[&velo, &jardin])),
        ("quartiers", only(&[])),
        // A quote inside a term is a character to find, not query syntax.
        ("zyg\"o", only(&[])),
        ("zyg\"o OR kwxq", only(&[])),
    ] {
        assert_eq!(found(&app, &token, q).await, expected, "search {q:?}");
    }
    // The index follows an edited text and a deleted application.
    let id = velo.clone();
    app.db(move |c| {
        diesel::update(applications::table.find(&id))
            .set(applications::search_text.eq("jardins ouvriers"))
            .execute(c)
            .unwrap()
    })
    .await;
    assert_eq!(found(&app, &token, "zygomatique").await, only(&[]));
    assert_eq!(
        found(&app, &token, "jardins").await,
        only(&[&velo, &jardin])
    );
    let id = jardin.clone();
    app.db(move |c| {
        let actor = passeur::moderation::audit::Actor::Applicant;
        passeur::privacy::erasure::delete(c, &id, &actor, "applicant", passeur::db::now()).unwrap()
    })
    .await;
    assert_eq!(found(&app, &token, "jardins").await, only(&[&velo]));
}

fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

async fn keyset_pagination_visits_every_row_once_while_rows_are_inserted(backend: Backend) {
    let app = with_fixtures(backend).await;
    let token = app.token().await;
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut inserted = 0;
    loop {
        let q = match &cursor {
            Some(c) => format!("status=all&limit=9&cursor={c}"),
            None => "status=all&limit=9".to_string(),
        };
        let page = app.api_get(&token, &q).await;
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["id"].as_str().unwrap().to_string()),
        );
        // New applications arrive while the moderator pages through.
        app.confirmed_application(json!({"space_name": format!("pendant-{inserted}"), "contact_email": format!("p{inserted}@example.org")})).await;
        inserted += 1;
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    let unique: HashSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "no row twice");
    assert!(
        seen.len() >= 60,
        "every row that existed at the start was seen ({})",
        seen.len()
    );
    assert!(
        seen.len() <= 60 + inserted,
        "and nothing more than what exists"
    );
}

async fn outlier_and_duplicate_flags_appear_on_the_fixtures_that_deserve_them(backend: Backend) {
    let app = with_fixtures(backend).await;
    let token = app.token().await;
    let rows = all_rows(&app, &token, "status=all").await;
    let has = |r: &Value, kind: &str| {
        r["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == kind)
    };
    for r in &rows {
        let (employees, beneficiaries) = (
            r["employees"].as_i64().unwrap(),
            r["beneficiaries"].as_i64().unwrap(),
        );
        let budget = r["annual_budget_eur"].as_i64();
        assert_eq!(
            has(r, "outlier_employees"),
            employees > 20,
            "{}",
            r["organisation_name"]
        );
        assert_eq!(
            has(r, "outlier_beneficiaries"),
            beneficiaries > 25_000,
            "{}",
            r["organisation_name"]
        );
        assert_eq!(
            has(r, "outlier_budget"),
            budget.is_some_and(|b| b > 50_000),
            "{}",
            r["organisation_name"]
        );
    }
    assert!(
        rows.iter()
            .filter(|r| r["flags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["kind"].as_str().unwrap().starts_with("outlier")))
            .count()
            >= 4
    );
    let duplicates: Vec<&Value> = rows
        .iter()
        .filter(|r| has(r, "duplicate_email") && has(r, "duplicate_name"))
        .collect();
    assert_eq!(
        duplicates.len(),
        1,
        "the Lavoir pair is seen once, on the later one"
    );
    let related = duplicates[0]["flags"][0]["related_id"].as_str().unwrap();
    assert!(
        rows.iter().any(|r| r["id"] == related),
        "the flag links to the other application"
    );
}

async fn the_csv_export_of_a_filtered_view_matches_the_view(backend: Backend) {
    let app = with_fixtures(backend).await;
    let token = app.token().await;
    let moderator = app.add_account("mod@example.org", "moderator").await;
    let client = app.login(&moderator).await;
    let query = "status=submitted&sector=culture";
    let csv = client
        .get(app.url(&format!("/admin/export.csv?{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status().as_u16(), 200);
    assert!(csv
        .headers()
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = csv.text().await.unwrap();
    let mut reader = csv_reader(&text);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header, passeur::web::admin::EXPORT_COLUMNS);
    let ids: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    let view: Vec<String> = all_rows(&app, &token, query)
        .await
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, view, "same rows, same order");
}

fn csv_reader(text: &str) -> csv::Reader<&[u8]> {
    csv::Reader::from_reader(text.as_bytes())
}

async fn the_bearer_api_approves_refuses_and_answers_409_on_a_second_decision(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.token().await;
    let one = app
        .confirmed_application(json!({"space_name": "premier", "contact_email": "un@example.org"}))
        .await;
    let two = app
        .confirmed_application(json!({"space_name": "second", "contact_email": "deux@example.org"}))
        .await;
    let post = |path: String, body: Value| {
        app.client
            .post(app.url(&path))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    let approved = post(format!("/api/v1/applications/{one}/approve"), json!({}))
        .await
        .unwrap();
    assert_eq!(approved.status().as_u16(), 200);
    let body: Value = approved.json().await.unwrap();
    assert_eq!(body["status"], "approved");
    let again = post(
        format!("/api/v1/applications/{one}/refuse"),
        json!({"reason": "spam"}),
    )
    .await
    .unwrap();
    assert_eq!(again.status().as_u16(), 409);
    let conflict: Value = again.json().await.unwrap();
    assert_eq!(conflict["error"]["status"], "approved");
    assert_eq!(conflict["error"]["last_decision"]["kind"], "approve");
    let invalid = post(
        format!("/api/v1/applications/{two}/refuse"),
        json!({"reason": "because"}),
    )
    .await
    .unwrap();
    assert_eq!(invalid.status().as_u16(), 422);
    let refused = post(
        format!("/api/v1/applications/{two}/refuse"),
        json!({"reason": "other", "message": "Nous ne prenons plus de nouvelles structures."}),
    )
    .await
    .unwrap();
    assert_eq!(refused.status().as_u16(), 200);
    let shown: Value = app
        .client
        .get(app.url(&format!("/api/v1/applications/{two}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(shown["status"], "refused");
    assert_eq!(
        shown["decisions"][0]["message"],
        "Nous ne prenons plus de nouvelles structures."
    );
    assert_eq!(shown["decisions"][0]["actor_name"], "API: tests");
    let missing = post("/api/v1/applications/nope/approve".to_string(), json!({}))
        .await
        .unwrap();
    assert_eq!(missing.status().as_u16(), 404);
}

/// Every status and how many applications a full count finds in it.
fn full_count(c: &mut passeur::db::DbConn) -> Vec<(String, i64)> {
    use diesel::prelude::*;
    use passeur::db::schema::applications;
    let mut rows: Vec<(String, i64)> = applications::table
        .group_by(applications::status)
        .select((applications::status, diesel::dsl::count_star()))
        .load(c)
        .unwrap();
    rows.sort();
    rows
}

fn counters(c: &mut passeur::db::DbConn) -> Vec<(String, i64)> {
    let mut rows: Vec<(String, i64)> = passeur::applications::store::count_by_status(c)
        .unwrap()
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| (s.code().to_string(), n))
        .collect();
    rows.sort();
    rows
}

async fn the_status_counters_agree_with_a_full_count_after_every_kind_of_change(backend: Backend) {
    let app = with_fixtures(backend).await;
    assert_eq!(
        app.db(counters).await,
        app.db(full_count).await,
        "after loading"
    );
    let token = app.token().await;
    let submitted = all_rows(&app, &token, "status=submitted").await;
    let id = |n: usize| submitted[n]["id"].as_str().unwrap().to_string();
    let ok = |r: reqwest::Response| assert_eq!(r.status().as_u16(), 200);
    ok(app.api_decide(&token, &id(0), "approve", json!({})).await);
    ok(app
        .api_decide(&token, &id(1), "refuse", json!({"reason": "out_of_scope"}))
        .await);
    ok(app
        .api_decide(
            &token,
            &id(2),
            "request-info",
            json!({"message": "Votre budget ?"}),
        )
        .await);
    let fresh = app.confirmed_application(json!({})).await;
    let (gone, moved) = (id(3), id(4));
    app.db(move |c| {
        use diesel::prelude::*;
        use passeur::db::schema::{application_sectors, applications};
        diesel::delete(
            application_sectors::table.filter(application_sectors::application_id.eq(&gone)),
        )
        .execute(c)
        .unwrap();
        diesel::delete(applications::table.find(&gone))
            .execute(c)
            .unwrap();
        diesel::update(applications::table.find(&moved))
            .set(applications::status.eq("withdrawn"))
            .execute(c)
            .unwrap();
        // A write that leaves the status alone moves no counter.
        diesel::update(applications::table.find(&moved))
            .set(applications::city.eq("Brest"))
            .execute(c)
            .unwrap();
    })
    .await;
    let (counted, full) = (app.db(counters).await, app.db(full_count).await);
    assert_eq!(
        counted, full,
        "after decisions, a submission, a deletion and moves"
    );
    // And the queue's tab says the same.
    let moderator = app
        .login(&app.add_account("mod@example.org", "moderator").await)
        .await;
    let page = app.text_as(&moderator, "/admin?status=submitted").await;
    let waiting = full.iter().find(|(s, _)| s == "submitted").unwrap().1;
    assert!(
        page.contains(&format!("{waiting} demandes correspondent")),
        "{waiting} submitted"
    );
    assert!(fresh.len() > 10);
}

/// The columns of an application, to copy one in SQL.
const COLUMNS: &str = "status, organisation_name, structure_type, sectors, creation_year, \
    employees, members, beneficiaries, annual_budget_eur, description, website, postal_code, \
    city, country, contact_name, contact_email, office_suite, language, created_at, updated_at, \
    confirmed_at, expires_at, name_key, search_text, assigned_to, space_url, decided_at, \
    anonymised_at";

async fn a_search_matching_more_than_the_count_cap_says_so_and_pages_through_every_match(
    backend: Backend,
) {
    use diesel::prelude::*;
    use passeur::moderation::queue::COUNT_CAP;

    let app = spawn_app(backend).await;
    let token = app.token().await;
    let first = app
        .confirmed_application(json!({"description": "Des ateliers de xylophones pour tous."}))
        .await;
    let copies = COUNT_CAP + 4;
    app.db(move |c| {
        passeur::db::backend::write_transaction::<_, diesel::result::Error, _>(c, |c| {
            for i in 0..copies {
                diesel::sql_query(format!(
                    "INSERT INTO applications (id, space_name, {COLUMNS}) \
                     SELECT id || '-{i}', space_name || '-{i}', {COLUMNS} \
                     FROM applications WHERE id = '{first}'"
                ))
                .execute(c)?;
            }
            // Three of them a union's, to count a narrower search.
            diesel::sql_query(format!(
                "UPDATE applications SET structure_type = 'syndicat' \
                 WHERE id IN ('{first}-0', '{first}-1', '{first}-2')"
            ))
            .execute(c)
        })
        .unwrap()
    })
    .await;
    let moderator = app
        .login(&app.add_account("mod@example.org", "moderator").await)
        .await;
    let page = app
        .text_as(&moderator, "/admin?status=all&q=xylophones")
        .await;
    assert!(
        page.contains(&format!("Plus de {COUNT_CAP} demandes correspondent")),
        "{page}"
    );
    let narrower = app
        .text_as(
            &moderator,
            "/admin?status=all&structure_type=syndicat&q=xylophones",
        )
        .await;
    assert!(narrower.contains("3 demandes correspondent"), "{narrower}");
    // And the claim is true: the pages hold every match, once.
    let mut seen = HashSet::new();
    let mut cursor = String::new();
    loop {
        let page = app
            .api_get(
                &token,
                &format!("status=all&q=xylophones&limit=200{cursor}"),
            )
            .await;
        for row in page["items"].as_array().unwrap() {
            assert!(seen.insert(row["id"].as_str().unwrap().to_string()));
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen.len() as i64, copies + 1);
}

on_both_backends!(
    a_search_matching_more_than_the_count_cap_says_so_and_pages_through_every_match,
    the_status_counters_agree_with_a_full_count_after_every_kind_of_change,
    search_and_every_filter_return_exactly_the_right_rows,
    the_search_finds_any_part_of_a_word_and_follows_every_change_of_the_text,
    keyset_pagination_visits_every_row_once_while_rows_are_inserted,
    outlier_and_duplicate_flags_appear_on_the_fixtures_that_deserve_them,
    the_csv_export_of_a_filtered_view_matches_the_view,
    the_bearer_api_approves_refuses_and_answers_409_on_a_second_decision,
);

/// The statements this connection keeps prepared on PostgreSQL: (all of
/// them, those whose text holds `LIKE`).
fn kept_statements(c: &mut passeur::db::DbConn) -> (i64, i64) {
    use diesel::prelude::*;
    #[derive(diesel::QueryableByName)]
    struct Kept {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        kept: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        searches: i64,
    }
    let kept = diesel::sql_query(
        "SELECT COUNT(*) AS kept, \
         COUNT(*) FILTER (WHERE statement LIKE '%LIKE%') AS searches \
         FROM pg_prepared_statements",
    )
    .get_result::<Kept>(c)
    .unwrap();
    (kept.kept, kept.searches)
}

/// PostgreSQL may plan a statement it ran five times once for any value:
/// for `LIKE $1`, a walk of the whole queue in its order, which a rare term
/// pays with every application read (574 ms a page at a million in the
/// benchmark). A search's statements are never kept prepared, so each is
/// planned for its own pattern; the others still are.
#[tokio::test]
async fn a_search_run_again_and_again_is_planned_each_time_for_its_term() {
    use passeur::moderation::queue;
    if Backend::postgres_skipped() {
        return;
    }
    let app = with_fixtures(Backend::Postgres).await;
    let (kept, pages) = app
        .db(|c| {
            let mut pages = Vec::new();
            for term in [
                "lavoir", "jardin", "atelier", "lavoir", "jardin", "atelier", "lyon",
            ] {
                let filter = queue::Filter::from_query(&format!("status=all&q={term}"), None);
                let prepared = filter.prepare(c);
                let page = queue::page(c, &prepared, None, 50).unwrap();
                let count = queue::count(c, &prepared).unwrap();
                pages.push((term, page.rows.len(), count.n));
            }
            let unfiltered = queue::Filter::from_query("status=all", None);
            let unfiltered = unfiltered.prepare(c);
            queue::page(c, &unfiltered, None, 50).unwrap();
            (kept_statements(c), pages)
        })
        .await;
    assert_eq!(kept.1, 0, "no search kept prepared: {kept:?}");
    assert!(kept.0 > 0, "the other statements kept: {kept:?}");
    for (term, rows, n) in pages {
        assert!(
            rows > 0 && rows as i64 == n,
            "{term}: {rows} rows, counted {n}"
        );
    }
}

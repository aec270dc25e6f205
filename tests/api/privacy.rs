//! The retention promise and the applicant's rights: `passeur purge`
//! deletes and anonymises exactly what the policy says and no figure moves;
//! the applicant downloads all of their data and none of anyone else's, and
//! deletes an application that is over.

use std::process::Command;

use chrono::TimeDelta;
use diesel::prelude::*;

use crate::helpers::{location, spawn_app, valid_form, Backend, TestApp};
use crate::on_both_backends;
use passeur::applications::Application;
use passeur::db::schema::{applications, audit_log, notes};

fn purge(app: &TestApp, args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_passeur"))
        .arg("purge")
        .args(args)
        .current_dir(dir.path())
        .env("PASSEUR_DATABASE_URL", &app.db.url)
        .env("PASSEUR_LOG", "warn")
        .output()
        .expect("the passeur binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The number at the start of the line of `out` that mentions `what`.
fn reported(out: &str, what: &str) -> usize {
    let line = out
        .lines()
        .find(|l| l.contains(what))
        .unwrap_or_else(|| panic!("{what} in {out}"));
    line.split_whitespace().next().unwrap().parse().unwrap()
}

async fn all(app: &TestApp) -> Vec<Application> {
    app.db(|c| applications::table.order(applications::id).load(c).unwrap())
        .await
}

async fn stats_csv(app: &TestApp, client: &reqwest::Client) -> String {
    app.text_as(client, "/admin/stats.csv").await
}

async fn purge_does_exactly_what_the_retention_says_and_no_figure_moves(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_fixtures().await;
    let token = app.token().await;
    let submitted: Vec<String> = all(&app)
        .await
        .into_iter()
        .filter(|a| a.status == "submitted")
        .map(|a| a.id)
        .collect();
    for id in submitted.iter().take(6) {
        let refused = app
            .api_decide(&token, id, "refuse", serde_json::json!({ "reason": "out_of_scope", "message": "Votre structure n’entre pas dans notre cadre." }))
            .await;
        assert_eq!(refused.status().as_u16(), 200);
    }
    // Time passes: three of the refusals and every withdrawal are 120 days
    // old, so are half of the unconfirmed applications.
    let long_ago = passeur::db::now() - TimeDelta::days(120);
    let (old_refused, old_unconfirmed): (Vec<String>, Vec<String>) = {
        let apps = all(&app).await;
        let refused: Vec<String> = apps
            .iter()
            .filter(|a| a.status == "refused")
            .take(3)
            .map(|a| a.id.clone())
            .collect();
        let unconfirmed: Vec<String> = apps
            .iter()
            .filter(|a| a.status == "unconfirmed")
            .step_by(2)
            .map(|a| a.id.clone())
            .collect();
        (refused, unconfirmed)
    };
    let (r, u) = (old_refused.clone(), old_unconfirmed.clone());
    app.db(move |c| {
        diesel::update(
            applications::table.filter(
                applications::id
                    .eq_any(&r)
                    .or(applications::status.eq("withdrawn")),
            ),
        )
        .set(applications::updated_at.eq(long_ago))
        .execute(c)
        .unwrap();
        diesel::update(applications::table.filter(applications::id.eq_any(&u)))
            .set(applications::created_at.eq(long_ago))
            .execute(c)
            .unwrap();
        let note = passeur::moderation::notes::parse_body("Le président a appelé.").unwrap();
        passeur::moderation::notes::add(c, &r[0], "m", "Modératrice", &note, passeur::db::now())
            .unwrap();
    })
    .await;
    let withdrawn: Vec<String> = all(&app)
        .await
        .into_iter()
        .filter(|a| a.status == "withdrawn")
        .map(|a| a.id)
        .collect();
    assert!(!withdrawn.is_empty() && !old_unconfirmed.is_empty());
    let moderator = app
        .login(&app.add_account("stats@example.org", "moderator").await)
        .await;
    let figures_before = stats_csv(&app, &moderator).await;
    let before = all(&app).await;

    let dry = purge(&app, &["--dry-run"]);
    assert_eq!(
        reported(&dry, "unconfirmed"),
        old_unconfirmed.len(),
        "{dry}"
    );
    assert_eq!(reported(&dry, "refused"), old_refused.len(), "{dry}");
    assert_eq!(reported(&dry, "withdrawn"), withdrawn.len(), "{dry}");
    assert!(dry.contains("would be"));
    let after_dry = all(&app).await;
    assert_eq!(
        format!("{before:?}"),
        format!("{after_dry:?}"),
        "a dry run changes nothing"
    );

    let done = purge(&app, &[]);
    assert_eq!(
        reported(&done, "unconfirmed"),
        old_unconfirmed.len(),
        "{done}"
    );
    assert_eq!(reported(&done, "refused"), old_refused.len(), "{done}");
    assert_eq!(reported(&done, "withdrawn"), withdrawn.len(), "{done}");
    let after = all(&app).await;
    assert_eq!(after.len(), before.len() - old_unconfirmed.len());
    for old in &before {
        let now = after.iter().find(|a| a.id == old.id);
        let erased = old_refused.contains(&old.id) || withdrawn.contains(&old.id);
        match now {
            None => assert!(
                old_unconfirmed.contains(&old.id),
                "{} deleted by mistake",
                old.id
            ),
            Some(_) if old_unconfirmed.contains(&old.id) => {
                panic!("{} kept past its delay", old.id)
            }
            Some(a) if erased => {
                assert!(a.anonymised_at.is_some());
                for personal in [
                    &a.organisation_name,
                    &a.contact_name,
                    &a.contact_email,
                    &a.description,
                    &a.city,
                    &a.postal_code,
                    &a.space_name,
                ] {
                    assert!(personal.is_empty(), "personal data left: {personal}");
                }
                assert!(a.website.is_none());
                assert_eq!(
                    (
                        &a.structure_type,
                        &a.sectors,
                        a.creation_year,
                        a.employees,
                        a.members,
                        a.beneficiaries,
                        a.annual_budget_eur,
                        &a.status,
                        a.confirmed_at,
                        a.decided_at
                    ),
                    (
                        &old.structure_type,
                        &old.sectors,
                        old.creation_year,
                        old.employees,
                        old.members,
                        old.beneficiaries,
                        old.annual_budget_eur,
                        &old.status,
                        old.confirmed_at,
                        old.decided_at
                    ),
                    "the typology stays"
                );
            }
            Some(a) => assert_eq!(format!("{a:?}"), format!("{old:?}"), "left alone"),
        }
    }
    let left_notes: i64 = app
        .db(|c| notes::table.count().get_result(c).unwrap())
        .await;
    assert_eq!(left_notes, 0, "internal notes go with the personal data");
    assert_eq!(
        stats_csv(&app, &moderator).await,
        figures_before,
        "the statistics are the same"
    );
    let again = purge(&app, &[]);
    assert_eq!(reported(&again, "refused"), 0, "{again}");
    let runs: i64 = app
        .db(|c| {
            audit_log::table
                .filter(audit_log::action.eq("retention.purged"))
                .count()
                .get_result(c)
                .unwrap()
        })
        .await;
    assert_eq!(runs, 1, "a purge that did something is in the audit log");
}

async fn the_applicant_export_holds_all_its_data_and_nothing_of_another_application(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    // The other structure applied first: the second one is flagged as its
    // possible duplicate, and the flag must not give the first away.
    let other = location(
        &app.post_form(&valid_form(&[
            ("space_name", "autre-asso"),
            ("organisation_name", "Les Amis du Lavoir"),
            ("contact_email", "quelquun.dautre@example.org"),
            ("contact_name", "Quelqu’un d’Autre"),
        ]))
        .await,
    );
    let mine = location(
        &app.post_form(&valid_form(&[
            ("space_name", "mon-asso"),
            ("organisation_name", "Les Amis du Lavoir"),
        ]))
        .await,
    );
    let apps = all(&app).await;
    let (me, them) = (
        apps.iter()
            .find(|a| a.space_name == "mon-asso")
            .unwrap()
            .clone(),
        apps.iter()
            .find(|a| a.space_name == "autre-asso")
            .unwrap()
            .clone(),
    );
    let my_id = me.id.clone();
    app.db(move |c| {
        let note = passeur::moderation::notes::parse_body("Appelée le 3 mars.").unwrap();
        passeur::moderation::notes::add(c, &my_id, "m", "Modératrice", &note, passeur::db::now())
            .unwrap();
    })
    .await;

    let response = app.get(&format!("{mine}/data.json")).await;
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("attachment"));
    let text = response.text().await.unwrap();
    let data: serde_json::Value = serde_json::from_str(&text).unwrap();
    let a = &data["application"];
    for field in [
        "organisation_name",
        "contact_name",
        "contact_email",
        "description",
        "city",
        "postal_code",
        "space_name",
        "structure_type",
    ] {
        assert_eq!(
            a[field],
            serde_json::to_value(field_of(&me, field)).unwrap(),
            "{field}"
        );
    }
    assert_eq!(data["internal_notes"][0]["text"], "Appelée le 3 mars.");
    assert!(data["history"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["action"] == "application.created"));
    assert!(
        data["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == "duplicate_name"),
        "the flag is told"
    );
    for theirs in [
        &them.id,
        &them.contact_email,
        &them.contact_name,
        &them.space_name,
        &other,
    ] {
        assert!(
            !text.contains(theirs.as_str()),
            "{theirs} leaked into the export"
        );
    }
    assert!(!text.contains("Modératrice"), "no moderator's name");
    let exported: i64 = app
        .db(move |c| {
            audit_log::table
                .filter(audit_log::action.eq("application.exported"))
                .filter(audit_log::application_id.eq(&me.id))
                .count()
                .get_result(c)
                .unwrap()
        })
        .await;
    assert_eq!(exported, 1, "the export is in the audit log");
}

fn field_of(app: &Application, field: &str) -> String {
    match field {
        "organisation_name" => app.organisation_name.clone(),
        "contact_name" => app.contact_name.clone(),
        "contact_email" => app.contact_email.clone(),
        "description" => app.description.clone(),
        "city" => app.city.clone(),
        "postal_code" => app.postal_code.clone(),
        "space_name" => app.space_name.clone(),
        "structure_type" => app.structure_type.clone(),
        other => panic!("{other}"),
    }
}

async fn an_applicant_deletes_an_application_once_it_is_over(backend: Backend) {
    let app = spawn_app(backend).await;
    let status = location(&app.post_form(&valid_form(&[])).await);
    let delete = |confirm: bool| {
        let request = app.client.post(app.url(&format!("{status}/delete")));
        let form: Vec<(&str, &str)> = if confirm {
            vec![("confirm", "yes")]
        } else {
            vec![]
        };
        request.form(&form).send()
    };
    assert_eq!(
        delete(true).await.unwrap().status().as_u16(),
        409,
        "a live application is withdrawn first"
    );
    let withdrawn = app
        .client
        .post(app.url(&format!("{status}/withdraw")))
        .send()
        .await
        .unwrap();
    assert_eq!(withdrawn.status().as_u16(), 303);
    let unticked = delete(false).await.unwrap();
    assert_eq!(unticked.status().as_u16(), 422);
    assert!(unticked
        .text()
        .await
        .unwrap()
        .contains("id=\"confirm-error\""));
    let id = all(&app).await[0].id.clone();
    let done = delete(true).await.unwrap();
    assert_eq!(done.status().as_u16(), 200);
    assert!(all(&app).await.is_empty(), "the application is gone");
    assert_eq!(app.get(&status).await.status().as_u16(), 404);
    let trail: Vec<String> = app
        .db(move |c| {
            audit_log::table
                .filter(audit_log::application_id.eq(&id))
                .select(audit_log::action)
                .load(c)
                .unwrap()
        })
        .await;
    assert_eq!(
        trail,
        vec!["application.deleted".to_string()],
        "only the deletion itself is kept"
    );
}

/// Whether `index` holds an entry: on SQLite, the cells of its leaves
/// (`dbstat`); on PostgreSQL, its pages beyond the metapage, which is all
/// an empty b-tree has.
fn has_entries(c: &mut passeur::db::DbConn, backend: Backend, index: &'static str) -> bool {
    #[derive(QueryableByName)]
    struct Held {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT COALESCE(SUM(ncell), 0) AS n FROM dbstat WHERE name = $1 AND pagetype = 'leaf'"
        }
        Backend::Postgres => "SELECT pg_relation_size($1) / 8192 - 1 AS n",
    };
    let held = diesel::sql_query(sql)
        .bind::<diesel::sql_types::Text, _>(index)
        .get_result::<Held>(c)
        .unwrap();
    held.n > 0
}

/// The moderators' digest reads confirmed applications, and retention the
/// refusals and withdrawals not yet anonymised: a new application, not
/// confirmed, is written in neither of their indexes (each submission
/// wrote an entry in both), while the index of unconfirmed applications'
/// expiry has it.
async fn a_new_application_is_written_in_neither_the_digests_nor_retentions_index(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    assert_eq!(app.post_form(&valid_form(&[])).await.status().as_u16(), 303);
    let held = app
        .db(move |c| {
            [
                "applications_expiry",
                "applications_status_confirmed",
                "applications_status_updated",
            ]
            .map(|index| has_entries(c, backend, index))
        })
        .await;
    assert_eq!(held, [true, false, false], "expiry, digest, retention");
}

/// The statements `c` runs while `run` runs, as diesel sends them (the
/// SQL text, without its binds).
fn statements_of(
    c: &mut passeur::db::DbConn,
    run: impl FnOnce(&mut passeur::db::DbConn),
) -> Vec<String> {
    use diesel::connection::InstrumentationEvent;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = seen.clone();
    c.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            let sql = query.to_string();
            let text = sql.split(" -- binds").next().unwrap_or(&sql);
            sink.lock().unwrap().push(text.to_string());
        }
    });
    run(c);
    c.set_instrumentation(None::<fn(InstrumentationEvent<'_>)>);
    let seen = seen.lock().unwrap().clone();
    seen
}

/// The plan each backend makes for the statements retention and the
/// digest run, with their values: both still read their index, now that
/// it keeps only the rows they ask for. The statements are those Passeur
/// sends (caught as it runs `retention::plan` and
/// `store::confirmed_since`), explained with the values it binds, in the
/// order its queries bind them. On SQLite they are bound, as Passeur binds
/// them (SQLite plans again once they are); PostgreSQL is shown them as it
/// plans each run for its values while that beats a plan for any value.
async fn retention_and_the_digest_still_read_their_indexes(backend: Backend) {
    use diesel::sql_types::{BigInt, Text, Timestamp};
    use passeur::applications::store;
    use passeur::privacy::retention;
    let app = spawn_app(backend).await;
    let state = app.state.clone();
    let plans = app
        .db(move |c| {
            #[derive(QueryableByName)]
            struct Sqlite {
                #[diesel(sql_type = Text)]
                detail: String,
            }
            #[derive(QueryableByName)]
            struct Postgres {
                #[diesel(sql_type = Text)]
                #[diesel(column_name = "QUERY PLAN")]
                step: String,
            }
            let now = passeur::db::now();
            let policy = state.policy(c).unwrap();
            let sent = statements_of(c, |c| {
                retention::plan(c, &policy.retention, now).unwrap();
                store::confirmed_since(c, now).unwrap();
            });
            // The one statement (run once or more) with this condition,
            // whichever quotes the backend puts around names.
            let one = |condition: &str| {
                let mut found: Vec<&String> = sent
                    .iter()
                    .filter(|sql| sql.replace(['`', '"'], "").contains(condition))
                    .collect();
                found.dedup();
                assert_eq!(found.len(), 1, "one statement with {condition} in {sent:?}");
                found[0].clone()
            };
            let due = one("applications.updated_at <");
            let digest = one("applications.confirmed_at >=");
            // Retention binds the status, then the date; the digest the
            // date, the status, then its limit.
            let asked = [
                (due.clone(), true, "refused", "applications_status_updated"),
                (due, true, "withdrawn", "applications_status_updated"),
                (digest, false, "submitted", "applications_status_confirmed"),
            ];
            asked.map(|(sql, status_first, status, index)| {
                // `sql` after `prefix`, with the values bound in Passeur's
                // order.
                let bound = |prefix: &str| {
                    let query = diesel::sql_query(format!("{prefix} {sql}"))
                        .into_boxed::<passeur::db::MultiBackend>();
                    match status_first {
                        true => query.bind::<Text, _>(status).bind::<Timestamp, _>(now),
                        false => query
                            .bind::<Timestamp, _>(now)
                            .bind::<Text, _>(status)
                            .bind::<BigInt, _>(500),
                    }
                };
                let plan: Vec<String> = match backend {
                    Backend::Sqlite => (bound("EXPLAIN QUERY PLAN").load::<Sqlite>(c))
                        .unwrap()
                        .into_iter()
                        .map(|s| s.detail)
                        .collect(),
                    Backend::Postgres => c
                        .transaction(|c| {
                            // An empty table is read whole sooner than
                            // through any index: only the choice among
                            // indexes is asked.
                            diesel::sql_query("SET LOCAL enable_seqscan = off").execute(c)?;
                            bound("EXPLAIN").load::<Postgres>(c)
                        })
                        .unwrap()
                        .into_iter()
                        .map(|s| s.step)
                        .collect(),
                };
                (index, status, plan.join(" / "))
            })
        })
        .await;
    for (index, status, plan) in plans {
        assert!(plan.contains(index), "{index} for {status} in {plan}");
    }
}

on_both_backends!(
    a_new_application_is_written_in_neither_the_digests_nor_retentions_index,
    retention_and_the_digest_still_read_their_indexes,
    purge_does_exactly_what_the_retention_says_and_no_figure_moves,
    the_applicant_export_holds_all_its_data_and_nothing_of_another_application,
    an_applicant_deletes_an_application_once_it_is_over,
);

//! The statistics dashboard and the public transparency page: every figure
//! is checked against a count made here, from the rows themselves.

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::helpers::{spawn_app, Backend, TestApp};
use crate::on_both_backends;
use passeur::db::schema::{applications, decisions};

/// What the test reads of each application.
type Row = (
    String,
    String,
    String,
    i32,
    i32,
    i32,
    i32,
    Option<i64>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
);

async fn rows(app: &TestApp) -> Vec<Row> {
    app.db(|c| {
        applications::table
            .select((
                applications::status,
                applications::structure_type,
                applications::sectors,
                applications::creation_year,
                applications::employees,
                applications::members,
                applications::beneficiaries,
                applications::annual_budget_eur,
                applications::confirmed_at,
                applications::decided_at,
            ))
            .load::<Row>(c)
            .unwrap()
    })
    .await
}

/// `(actor, kind, reason, created_at)` of every decision.
async fn decision_rows(app: &TestApp) -> Vec<(String, String, Option<String>, NaiveDateTime)> {
    app.db(|c| {
        decisions::table
            .select((
                decisions::actor,
                decisions::kind,
                decisions::reason,
                decisions::created_at,
            ))
            .load(c)
            .unwrap()
    })
    .await
}

/// Splits one CSV line of quoted cells and bare numbers.
fn csv_line(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(std::mem::take(&mut cell)),
            (c, _) => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

/// `(chart, code, count)` of the dashboard's CSV for `query`.
async fn dashboard(
    app: &TestApp,
    moderator: &reqwest::Client,
    query: &str,
) -> Vec<(String, String, i64)> {
    let response = moderator
        .get(app.url(&format!("/admin/stats.csv?{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let text = response.text().await.unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let c = csv_line(l);
            (c[0].clone(), c[1].clone(), c[3].parse().unwrap())
        })
        .collect()
}

/// The values a bracket code (`0`, `1-2`, `21+`, `-1949`) stands for.
fn in_code(code: &str, v: i64) -> bool {
    if let Some(lo) = code.strip_suffix('+') {
        v >= lo.parse::<i64>().unwrap()
    } else if let Some(hi) = code.strip_prefix('-') {
        v <= hi.parse::<i64>().unwrap()
    } else if let Some((lo, hi)) = code.split_once('-') {
        (lo.parse::<i64>().unwrap()..=hi.parse::<i64>().unwrap()).contains(&v)
    } else {
        v == code.parse::<i64>().unwrap()
    }
}

/// Hours ranges of the time-to-decision chart, as this test defines them.
fn wait_range(code: &str) -> (i64, i64) {
    match code {
        "lt1d" => (0, 24),
        "1-3d" => (24, 72),
        "3-7d" => (72, 168),
        "1-2w" => (168, 336),
        "gt2w" => (336, i64::MAX),
        other => panic!("unknown wait bracket {other}"),
    }
}

/// Checks every figure of `csv` against the rows, for applications of
/// `status` (or every confirmed one) confirmed from `from` on.
fn check(
    csv: &[(String, String, i64)],
    rows: &[Row],
    decisions: &[(String, String, Option<String>, NaiveDateTime)],
    status: Option<&str>,
    from: Option<NaiveDate>,
) {
    let start = from.map(|d| d.and_hms_opt(0, 0, 0).unwrap());
    let in_period = |r: &&Row| r.8.is_some_and(|t| start.is_none_or(|s| t >= s));
    let period: Vec<&Row> = rows.iter().filter(in_period).collect();
    let scope: Vec<&Row> = period
        .iter()
        .copied()
        .filter(|r| status.is_none_or(|s| r.0 == s))
        .collect();
    let total = scope.len() as i64;
    assert!(!csv.is_empty());
    let mut seen_charts = std::collections::BTreeSet::new();
    for (chart, code, count) in csv {
        seen_charts.insert(chart.clone());
        let expected = match chart.as_str() {
            "statuses" => period.iter().filter(|r| r.0 == *code).count() as i64,
            "structure_types" => scope.iter().filter(|r| r.1 == *code).count() as i64,
            "sectors" => scope
                .iter()
                .filter(|r| r.2.split(',').any(|s| s == code))
                .count() as i64,
            "creation_years" => scope.iter().filter(|r| in_code(code, r.3.into())).count() as i64,
            "employees" => scope.iter().filter(|r| in_code(code, r.4.into())).count() as i64,
            "members" => scope.iter().filter(|r| in_code(code, r.5.into())).count() as i64,
            "beneficiaries" => scope.iter().filter(|r| in_code(code, r.6.into())).count() as i64,
            "budget" if code == "undisclosed" => {
                scope.iter().filter(|r| r.7.is_none()).count() as i64
            }
            "budget" => scope
                .iter()
                .filter(|r| r.7.is_some_and(|b| in_code(code, b)))
                .count() as i64,
            "weeks" => {
                let monday = NaiveDate::parse_from_str(code, "%Y-%m-%d").unwrap();
                assert_eq!(monday.weekday(), chrono::Weekday::Mon, "{code}");
                scope
                    .iter()
                    .filter(|r| {
                        let day = r.8.unwrap().date();
                        day >= monday && day < monday + TimeDelta::days(7)
                    })
                    .count() as i64
            }
            "wait" => {
                let (lo, hi) = wait_range(code);
                scope
                    .iter()
                    // A decision dated before its confirmation (a clock
                    // set back, or this test's own edit) waits under a day.
                    .filter_map(|r| r.9.map(|d| (d - r.8.unwrap()).num_hours().max(0)))
                    .filter(|h| (lo..hi).contains(h))
                    .count() as i64
            }
            "reasons" => decisions
                .iter()
                .filter(|d| {
                    d.1 == "refuse"
                        && d.2.as_deref() == Some(code)
                        && start.is_none_or(|s| d.3 >= s)
                })
                .count() as i64,
            "moderators" => decisions
                .iter()
                .filter(|d| d.0 == *code && d.1 != "reopen" && start.is_none_or(|s| d.3 >= s))
                .count() as i64,
            other => panic!("unexpected chart {other}"),
        };
        assert_eq!(*count, expected, "{chart} / {code}");
    }
    for chart in [
        "statuses",
        "structure_types",
        "sectors",
        "creation_years",
        "employees",
        "members",
        "beneficiaries",
        "budget",
    ] {
        assert!(seen_charts.contains(chart), "chart {chart} missing");
    }
    // Every application in scope is in exactly one group of each
    // single-valued chart.
    for chart in [
        "structure_types",
        "creation_years",
        "employees",
        "members",
        "beneficiaries",
        "budget",
    ] {
        let sum: i64 = csv
            .iter()
            .filter(|(c, _, _)| c == chart)
            .map(|(_, _, n)| n)
            .sum();
        assert_eq!(sum, total, "{chart} covers every application once");
    }
}

/// Loads the sample data and decides on part of it through the API: two
/// tokens approve, refuse with two reasons and ask for information; some
/// approved spaces are reported ready.
async fn decided_sample(app: &TestApp) {
    assert!(app.load_fixtures().await >= 50);
    let (first, second) = (app.token().await, app.token().await);
    let submitted: Vec<String> = app
        .db(|c| {
            applications::table
                .filter(applications::status.eq("submitted"))
                .order(applications::id)
                .select(applications::id)
                .load(c)
                .unwrap()
        })
        .await;
    for (i, id) in submitted.iter().enumerate().take(30) {
        let token = if i % 2 == 0 { &first } else { &second };
        let (action, body) = match i % 5 {
            0..=2 => ("approve", serde_json::json!({})),
            3 => (
                "refuse",
                serde_json::json!({ "reason": if i % 3 == 0 { "too_large" } else { "out_of_scope" } }),
            ),
            _ => (
                "request-info",
                serde_json::json!({ "message": "Pouvez-vous préciser le nombre de membres ?" }),
            ),
        };
        let response = app.api_decide(token, id, action, body).await;
        assert_eq!(response.status().as_u16(), 200, "{action} {id}");
        if action == "approve" && i % 2 == 0 {
            let ready = app
                .api_decide(
                    &first,
                    id,
                    "provisioning",
                    serde_json::json!({ "status": "active", "space_url": "https://cloud.example.org/" }),
                )
                .await;
            assert_eq!(ready.status().as_u16(), 200);
        }
    }
}

async fn every_figure_of_the_dashboard_equals_a_count_made_from_the_rows(backend: Backend) {
    let app = spawn_app(backend).await;
    decided_sample(&app).await;
    let moderator = app
        .login(&app.add_account("stats@example.org", "moderator").await)
        .await;
    let rows = rows(&app).await;
    let decisions = decision_rows(&app).await;

    check(
        &dashboard(&app, &moderator, "").await,
        &rows,
        &decisions,
        None,
        None,
    );
    check(
        &dashboard(&app, &moderator, "status=active").await,
        &rows,
        &decisions,
        Some("active"),
        None,
    );
    let week_ago = (passeur::db::now() - TimeDelta::days(7)).date();
    let query = format!("status=submitted&from={week_ago}");
    check(
        &dashboard(&app, &moderator, &query).await,
        &rows,
        &decisions,
        Some("submitted"),
        Some(week_ago),
    );

    let page = moderator.get(app.url("/admin/stats")).send().await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.matches("role=\"img\"").count() >= 10,
        "each chart is an accessible image"
    );
    assert!(
        html.matches("<table class=\"chart-table\">").count() >= 10,
        "each chart has its table"
    );
    let audited: i64 = app
        .db(|c| {
            passeur::db::schema::audit_log::table
                .filter(passeur::db::schema::audit_log::action.eq("statistics.exported"))
                .count()
                .get_result(c)
                .unwrap()
        })
        .await;
    assert_eq!(audited, 3, "every CSV download is in the audit log");
}

async fn the_transparency_page_never_shows_a_small_group_nor_anything_personal(backend: Backend) {
    let app = spawn_app(backend).await;
    decided_sample(&app).await;
    let people: Vec<(String, String, String, String)> = app
        .db(|c| {
            applications::table
                .select((
                    applications::organisation_name,
                    applications::contact_email,
                    applications::contact_name,
                    applications::space_name,
                ))
                .load(c)
                .unwrap()
        })
        .await;
    for lang in ["fr", "en"] {
        let response = app.get(&format!("/transparency?lang={lang}")).await;
        assert_eq!(response.status().as_u16(), 200);
        let html = response.text().await.unwrap();
        let mut cells = 0;
        for cell in html.split("<td class=\"num\">").skip(1) {
            let text = &cell[..cell.find("</td>").unwrap()];
            if text.contains('%') {
                continue;
            }
            let n: i64 = text.replace(['\u{202f}', ','], "").parse().unwrap();
            assert!(n >= 5, "a group of {n} is shown ({lang})");
            cells += 1;
        }
        assert!(cells >= 7, "the page shows its groups ({cells})");
        for dd in html.split("<dd>").skip(1) {
            let text = &dd[..dd.find("</dd>").unwrap()];
            if let Ok(n) = text.replace(['\u{202f}', ','], "").parse::<i64>() {
                assert!(n == 0 || n >= 5, "a total of {n} is shown");
            }
        }
        for (name, email, contact, space) in &people {
            for personal in [name, email, contact, space] {
                assert!(
                    !html.contains(personal.as_str()),
                    "{personal} appears on the public page"
                );
            }
        }
        assert!(!html.contains('@'), "no e-mail address");
    }
    let admin = app
        .login(&app.add_account("admin@example.org", "admin").await)
        .await;
    let saved = app.change_settings(&admin, &[("transparency", None)]).await;
    assert_eq!(saved.status().as_u16(), 303);
    assert_eq!(
        app.get("/transparency").await.status().as_u16(),
        404,
        "switched off at once"
    );
}

async fn a_count_is_served_again_for_its_scope_and_a_new_scope_is_counted_afresh(backend: Backend) {
    let app = crate::helpers::spawn_app_with(backend, |s| s.statistics_max_age_secs = 600).await;
    decided_sample(&app).await;
    let moderator = app
        .login(&app.add_account("stats@example.org", "moderator").await)
        .await;
    let first = dashboard(&app, &moderator, "").await;
    let total = |csv: &[(String, String, i64)]| -> i64 {
        csv.iter()
            .filter(|(chart, _, _)| chart == "statuses")
            .map(|(_, _, n)| n)
            .sum()
    };
    app.confirmed_application(serde_json::json!({
        "space_name": "apres-le-compte",
        "contact_email": "apres@example.org",
    }))
    .await;
    assert_eq!(
        dashboard(&app, &moderator, "").await,
        first,
        "the same scope is served from its count"
    );
    let since_ever = dashboard(&app, &moderator, "from=2000-01-01").await;
    assert_eq!(
        total(&since_ever),
        total(&first) + 1,
        "a scope never asked for is counted now"
    );
    // A period reaching far past the counted days on both sides counts
    // the same; one after them counts nothing.
    let wide = dashboard(&app, &moderator, "from=1990-01-01&to=2099-12-31").await;
    assert_eq!(total(&wide), total(&since_ever));
    let after = dashboard(&app, &moderator, "from=2098-01-01&to=2099-12-31").await;
    assert_eq!(total(&after), 0);
    let page = app.text_as(&moderator, "/admin/stats").await;
    assert!(page.contains(" UTC"), "the page says when it was counted");
}

/// Every value on each side of each bound of `brackets`, none negative.
fn around_bounds(brackets: &[passeur::statistics::brackets::Bracket]) -> Vec<i64> {
    let mut values: Vec<i64> = brackets
        .iter()
        .flat_map(|b| [b.lo, b.hi])
        .flatten()
        .flat_map(|v| [v - 1, v, v + 1])
        .filter(|v| *v >= 0)
        .collect();
    values.sort();
    values.dedup();
    values
}

/// `(figure, day, status, value, count)` rows, as compared below.
#[derive(Debug, PartialEq, Eq, diesel::QueryableByName)]
struct Sum {
    #[diesel(sql_type = diesel::sql_types::Text)]
    figure: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    day: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    status: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    value: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// The sums the triggers kept, and the same counted afresh from the rows.
async fn kept_and_recounted(app: &TestApp) -> (Vec<Sum>, Vec<Sum>) {
    app.db(|c| {
        let kept = diesel::sql_query(
            "SELECT figure, day, status, value, CAST(SUM(n) AS BIGINT) AS n \
             FROM statistic_counts GROUP BY figure, day, status, value \
             HAVING SUM(n) <> 0 ORDER BY 1, 2, 3, 4",
        )
        .load(c)
        .unwrap();
        // Each application by its day and by its month (`YYYY-MM`).
        let recounted = diesel::sql_query(
            "SELECT figure, substr(day, 1, len) AS day, status, value, COUNT(*) AS n \
             FROM application_figures, (SELECT 10 AS len UNION ALL SELECT 7) AS grain \
             GROUP BY figure, substr(day, 1, len), status, value ORDER BY 1, 2, 3, 4",
        )
        .load(c)
        .unwrap();
        (kept, recounted)
    })
    .await
}

async fn the_kept_sums_follow_every_change_and_put_each_bound_in_its_bracket(backend: Backend) {
    use passeur::statistics::brackets;
    let app = spawn_app(backend).await;
    decided_sample(&app).await;
    let moderator = app
        .login(&app.add_account("stats@example.org", "moderator").await)
        .await;
    let ids: Vec<String> = app
        .db(|c| {
            applications::table
                .filter(applications::confirmed_at.is_not_null())
                .order(applications::id)
                .select(applications::id)
                .load(c)
                .unwrap()
        })
        .await;
    assert!(ids.len() >= 40, "{} confirmed applications", ids.len());
    let years = around_bounds(brackets::CREATION_YEAR);
    let employees = around_bounds(brackets::EMPLOYEES);
    let members = around_bounds(brackets::MEMBERS);
    let beneficiaries = around_bounds(brackets::BENEFICIARIES);
    let budgets = around_bounds(brackets::BUDGET);
    // Waits on either side of the bounds where they are kept by the day,
    // then by the week, and of the dashboard's brackets.
    let waits: Vec<i64> = vec![
        0, 23, 24, 47, 48, 71, 72, 167, 168, 719, 720, 839, 840, 2000,
    ];
    let changed = ids.clone();
    app.db(move |c| {
        let confirmed: Vec<(String, Option<NaiveDateTime>, Option<NaiveDateTime>)> =
            applications::table
                .filter(applications::decided_at.is_not_null())
                .order(applications::id)
                .select((
                    applications::id,
                    applications::confirmed_at,
                    applications::decided_at,
                ))
                .load(c)
                .unwrap();
        for (i, (id, at, _)) in confirmed.iter().enumerate() {
            let decided =
                at.map(|t| t + TimeDelta::hours(waits[i % waits.len()]) + TimeDelta::minutes(7));
            diesel::update(applications::table.find(id))
                .set(applications::decided_at.eq(decided))
                .execute(c)
                .unwrap();
        }
        // Each application takes values on the bounds of every bracket
        // (one in seven keeps its budget to itself).
        for (i, id) in changed.iter().enumerate() {
            let pick = |list: &[i64]| list[i % list.len()];
            diesel::update(applications::table.find(id))
                .set((
                    applications::creation_year.eq(pick(&years) as i32),
                    applications::employees.eq(pick(&employees) as i32),
                    applications::members.eq(pick(&members) as i32),
                    applications::beneficiaries.eq(pick(&beneficiaries) as i32),
                    applications::annual_budget_eur.eq((i % 7 != 0).then(|| pick(&budgets))),
                ))
                .execute(c)
                .unwrap();
        }
        // One changes its sectors, one was confirmed two days earlier, one
        // moves on, one is refused again later, and two are deleted.
        use passeur::db::schema::application_sectors as s;
        diesel::delete(s::table.filter(s::application_id.eq(&changed[0])))
            .execute(c)
            .unwrap();
        for sector in ["culture", "sport"] {
            diesel::insert_into(s::table)
                .values((s::application_id.eq(&changed[0]), s::sector.eq(sector)))
                .execute(c)
                .unwrap();
        }
        diesel::update(applications::table.find(&changed[0]))
            .set(applications::sectors.eq("culture,sport"))
            .execute(c)
            .unwrap();
        // Two confirmed at the same instant, in the same status, change
        // their sectors in one statement: its rows share their sums.
        let statuses: Vec<(String, String)> = applications::table
            .filter(applications::id.eq_any(&changed[5..]))
            .order(applications::id)
            .select((applications::id, applications::status))
            .load(c)
            .unwrap();
        let pair: Vec<String> = statuses
            .iter()
            .find_map(|(a, status)| {
                let b = statuses.iter().find(|(b, s)| b != a && s == status)?;
                Some(vec![a.clone(), b.0.clone()])
            })
            .expect("two applications in one status");
        let instant = passeur::db::now() - TimeDelta::days(3);
        diesel::delete(s::table.filter(s::application_id.eq_any(&pair)))
            .execute(c)
            .unwrap();
        diesel::update(applications::table.filter(applications::id.eq_any(&pair)))
            .set((
                applications::confirmed_at.eq(Some(instant)),
                applications::sectors.eq("culture,sport"),
            ))
            .execute(c)
            .unwrap();
        let rows: Vec<String> = pair
            .iter()
            .flat_map(|id| ["culture", "sport"].map(|sector| format!("('{id}', '{sector}')")))
            .collect();
        diesel::sql_query(format!(
            "INSERT INTO application_sectors (application_id, sector) VALUES {}",
            rows.join(", ")
        ))
        .execute(c)
        .unwrap();
        let earlier = passeur::db::now() - TimeDelta::days(2);
        diesel::update(applications::table.find(&changed[1]))
            .set(applications::confirmed_at.eq(Some(earlier)))
            .execute(c)
            .unwrap();
        diesel::update(applications::table.find(&changed[2]))
            .set(applications::status.eq("withdrawn"))
            .execute(c)
            .unwrap();
        for id in &changed[3..5] {
            diesel::delete(applications::table.find(id))
                .execute(c)
                .unwrap();
        }
    })
    .await;

    let (kept, recounted) = kept_and_recounted(&app).await;
    assert!(kept.len() > 50, "{} sums", kept.len());
    assert!(kept.iter().any(|s| s.day.len() == 7), "months are kept");
    assert_eq!(kept, recounted, "the kept sums equal a count afresh");
    let rows = rows(&app).await;
    // The waits the view counts are the buckets Rust puts them in.
    let mut waits_of_rows: Vec<(String, i64)> = rows
        .iter()
        .filter_map(|r| Some((r.8?, r.9?)))
        .map(|(confirmed, decided)| (decided - confirmed).num_hours())
        .fold(std::collections::BTreeMap::new(), |mut m, h| {
            *m.entry(brackets::wait_bucket(h).to_string()).or_insert(0) += 1;
            m
        })
        .into_iter()
        .collect();
    waits_of_rows.sort();
    let mut waits_kept: Vec<(String, i64)> = kept
        .iter()
        .filter(|s| s.figure == "hours" && s.day.len() == 10)
        .fold(std::collections::BTreeMap::new(), |mut m, s| {
            *m.entry(s.value.clone()).or_insert(0) += s.n;
            m
        })
        .into_iter()
        .collect();
    waits_kept.sort();
    assert!(waits_kept.len() >= 10, "{waits_kept:?}");
    assert_eq!(
        waits_kept, waits_of_rows,
        "the waits are kept in their buckets"
    );
    let decisions = decision_rows(&app).await;
    check(
        &dashboard(&app, &moderator, "").await,
        &rows,
        &decisions,
        None,
        None,
    );
    check(
        &dashboard(&app, &moderator, "status=submitted").await,
        &rows,
        &decisions,
        Some("submitted"),
        None,
    );

    // The upkeep folds the shards each connection wrote (PostgreSQL),
    // drops the counts back at zero (the moves above left some), and no
    // sum moves.
    let (tidied, shards, zeros) = app
        .db(|c| {
            let tidied = passeur::db::backend::fold_statistics(c).unwrap();
            use passeur::db::schema::statistic_counts as sc;
            let shards: i64 = sc::table
                .filter(sc::shard.ne(0))
                .count()
                .get_result(c)
                .unwrap();
            let zeros: i64 = sc::table.filter(sc::n.eq(0)).count().get_result(c).unwrap();
            (tidied, shards, zeros)
        })
        .await;
    assert_eq!(shards, 0, "every shard folded");
    assert_eq!(zeros, 0, "every empty count dropped");
    assert!(tidied > 0, "shards or empty counts were there to tidy");
    assert_eq!(
        kept_and_recounted(&app).await.0,
        kept,
        "tidying moves no sum"
    );
}

on_both_backends!(
    every_figure_of_the_dashboard_equals_a_count_made_from_the_rows,
    the_transparency_page_never_shows_a_small_group_nor_anything_personal,
    a_count_is_served_again_for_its_scope_and_a_new_scope_is_counted_afresh,
    the_kept_sums_follow_every_change_and_put_each_bound_in_its_bracket,
);

/// The sum of test counts of `value`, in every shard, and how many shards
/// other than 0 still hold it.
fn test_count(c: &mut passeur::db::DbConn, value: &str) -> (i64, i64) {
    use passeur::db::schema::statistic_counts as sc;
    let rows: Vec<(i32, i64)> = sc::table
        .filter(sc::figure.eq("test").and(sc::value.eq(value)))
        .select((sc::shard, sc::n))
        .load(c)
        .unwrap();
    let shards = rows.iter().filter(|(shard, _)| *shard != 0).count() as i64;
    (rows.iter().map(|(_, n)| n).sum(), shards)
}

/// PostgreSQL only (on SQLite one writer at a time: there are no shards).
/// A writer's transaction updates two counts of its shard, the second one
/// while the hourly upkeep folds. A fold that waited for the first count
/// while holding the second was ended as a deadlock, or ended the writer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_upkeep_folds_the_shards_around_a_busy_writer_without_a_deadlock() {
    use diesel::connection::SimpleConnection;
    if Backend::postgres_skipped() {
        return;
    }
    let app = spawn_app(Backend::Postgres).await;
    let state = app.state.clone();
    let upsert = |value: &str| {
        format!(
            "INSERT INTO statistic_counts (figure, day, status, value, shard, n) \
             VALUES ('test', '2026-12-01', 'submitted', '{value}', 4242, 1) \
             ON CONFLICT (figure, day, status, value, shard) \
             DO UPDATE SET n = statistic_counts.n + 1;"
        )
    };
    let (fold, second) = tokio::task::spawn_blocking(move || {
        let mut writer = state.pool.get().unwrap();
        let mut upkeep = state.pool.get().unwrap();
        let passeur::db::DbConn::Pg(w) = &mut *writer else {
            unreachable!("a PostgreSQL app")
        };
        // 'b' comes first in the table's order, 'a' is held by the writer.
        w.batch_execute(&format!("{}{}", upsert("b"), upsert("a")))
            .unwrap();
        w.batch_execute(&format!("BEGIN; {}", upsert("a"))).unwrap();
        std::thread::scope(|s| {
            let fold = s.spawn(|| passeur::db::backend::fold_statistics(&mut upkeep));
            // The fold's turn first; the deadlock detector speaks after 1 s.
            std::thread::sleep(std::time::Duration::from_millis(500));
            let second = w.batch_execute(&format!("{} COMMIT;", upsert("b")));
            if second.is_err() {
                let _ = w.batch_execute("ROLLBACK;");
            }
            (fold.join().unwrap(), second)
        })
    })
    .await
    .unwrap();
    assert!(fold.is_ok(), "the fold went through: {fold:?}");
    assert!(second.is_ok(), "the writer went through: {second:?}");
    let (a, b) = app.db(|c| (test_count(c, "a"), test_count(c, "b"))).await;
    // 'a' was held, left in its shard; 'b' was folded, then written again.
    assert_eq!(a, (2, 1), "the held count waits for the next round");
    assert_eq!(b.0, 2, "no sum moved");
    let (a, b) = app
        .db(|c| {
            passeur::db::backend::fold_statistics(c).unwrap();
            (test_count(c, "a"), test_count(c, "b"))
        })
        .await;
    assert_eq!((a, b), ((2, 0), (2, 0)), "the next round folds the rest");
}

//! Withdrawal, expiry, and the sample data.

use chrono::TimeDelta;

use crate::helpers::{location, spawn_app, valid_form, Backend};
use crate::on_both_backends;
use passeur::applications::store;
use passeur::db;
use passeur::moderation::audit::Actor;
use passeur::privacy::retention;

async fn an_applicant_withdraws_once_and_a_second_withdrawal_is_a_409(backend: Backend) {
    let app = spawn_app(backend).await;
    let status_path = location(&app.post_form(&valid_form(&[])).await);
    let mails = app.wait_for_mail_files(1).await;
    app.get(&mails[0].link("/confirm/")).await;

    let page = app.get(&status_path).await.text().await.unwrap();
    assert!(page.contains("Retirer ma demande"));
    let withdraw = app
        .client
        .post(app.url(&format!("{status_path}/withdraw")))
        .send()
        .await
        .unwrap();
    assert_eq!(withdraw.status().as_u16(), 303);
    assert_eq!(location(&withdraw), status_path);

    let page = app.get(&status_path).await.text().await.unwrap();
    assert!(page.contains("Retirée"));
    assert!(page.contains("Demande retirée"), "the timeline shows it");
    assert!(
        !page.contains("Retirer ma demande"),
        "no button once withdrawn"
    );

    let again = app
        .client
        .post(app.url(&format!("{status_path}/withdraw")))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 409);
    assert!(again
        .text()
        .await
        .unwrap()
        .contains("Ce n’est plus possible"));
}

async fn unconfirmed_applications_expire_after_their_delay_and_free_their_space_name(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let status_path = location(&app.post_form(&valid_form(&[])).await);
    let confirmed_path = location(
        &app.post_form(&valid_form(&[("space_name", "deja-confirme")]))
            .await,
    );
    let mails = app.wait_for_mail_files(2).await;
    let confirm = mails
        .iter()
        .map(|m| m.link("/confirm/"))
        .collect::<Vec<_>>();
    for path in &confirm {
        app.get(path).await;
    }
    // Both are confirmed; the first is withdrawn; a third stays unconfirmed.
    let withdrawn = app
        .client
        .post(app.url(&format!("{status_path}/withdraw")))
        .send()
        .await
        .unwrap();
    assert_eq!(withdrawn.status().as_u16(), 303);
    let pending_path = location(
        &app.post_form(&valid_form(&[("space_name", "en-attente")]))
            .await,
    );

    let state = app.state.clone();
    let (dry, expired) = tokio::task::spawn_blocking(move || {
        let mut conn = state.pool.get().unwrap();
        let later = db::now() + TimeDelta::days(7) + TimeDelta::minutes(1);
        let retention = state.policy(&mut conn).unwrap().retention;
        let dry = retention::plan(&mut conn, &retention, later).unwrap();
        let done = retention::purge(&mut conn, &retention, &Actor::System, later).unwrap();
        (dry.unconfirmed_deleted, done.unconfirmed_deleted)
    })
    .await
    .unwrap();
    assert_eq!(
        (dry, expired),
        (1, 1),
        "only the unconfirmed application expires"
    );
    assert_eq!(app.get(&pending_path).await.status().as_u16(), 404);
    assert_eq!(app.get(&confirmed_path).await.status().as_u16(), 200);
    let reuse = app
        .post_form(&valid_form(&[("space_name", "en-attente")]))
        .await;
    assert_eq!(
        reuse.status().as_u16(),
        303,
        "the expired name is free again"
    );
}

async fn the_sample_data_loads_fifty_applications_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let state = app.state.clone();
    let (first, second, counts) = tokio::task::spawn_blocking(move || {
        let mut conn = state.pool.get().unwrap();
        let first = passeur::fixtures::load(&mut conn, None, &Default::default()).unwrap();
        let second = passeur::fixtures::load(&mut conn, None, &Default::default()).unwrap();
        let counts = store::count_by_status(&mut conn).unwrap();
        (first, second, counts)
    })
    .await
    .unwrap();
    assert!(first.loaded >= 50, "{first:?}");
    assert_eq!(second.loaded, 0, "loading twice adds nothing");
    assert_eq!(second.skipped, first.loaded);
    let count = |code: &str| counts.iter().find(|(s, _)| s.code() == code).unwrap().1;
    assert!(count("submitted") >= 40);
    assert!(count("unconfirmed") >= 1);
    assert!(count("withdrawn") >= 1);
    assert!(app.mail_files().is_empty(), "sample data sends no e-mail");
}

on_both_backends!(
    an_applicant_withdraws_once_and_a_second_withdrawal_is_a_409,
    unconfirmed_applications_expire_after_their_delay_and_free_their_space_name,
    the_sample_data_loads_fifty_applications_once,
);

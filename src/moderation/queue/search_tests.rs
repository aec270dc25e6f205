//! The queue's pages of a search the trigram index answers, against the
//! same applications found by reading every text.

use diesel::prelude::*;
use diesel::sql_types::Text;

use super::*;
use crate::db::backend::write_transaction;
use crate::db::testing::{copies, migrated, sqlite};

/// The fixtures, then 120 applications of the term `zqkerm`: a fifth of
/// them hold its trigrams but not the term (`zqk qkerm`), a third are
/// refused, half a day later than the others, and they pair off at 60
/// instants (the id breaks the tie).
fn searchable(dir: &tempfile::TempDir) -> crate::db::PooledConn {
    let mut conn = migrated(dir);
    crate::fixtures::load(&mut conn, None, &Default::default()).unwrap();
    copies(&mut conn, 120, "status = 'submitted'", |column| {
        Some(match column {
            "id" | "space_name" => format!("a.{column} || '-z-' || n.i"),
            "search_text" => "CASE WHEN n.i % 5 = 0 THEN 'zqk qkerm' \
                 ELSE 'fete zqkerm ' || n.i END"
                .into(),
            "status" => "CASE WHEN n.i % 3 = 0 THEN 'refused' ELSE 'submitted' END".into(),
            // As diesel writes a time of whole seconds.
            "created_at" => "strftime('%Y-%m-%d %H:%M:%S', '2026-12-01 08:00', \
                 '+' || (n.i % 2) || ' days', '+' || (n.i * 37 % 60) || ' minutes')"
                .into(),
            _ => return None,
        })
    });
    crate::db::search_index::catch_up(&mut conn).unwrap();
    conn
}

/// The ids of the applications `condition` keeps, in the queue's order,
/// read straight from the table.
fn truth(conn: &mut DbConn, condition: &str, newest: bool) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = Text)]
        id: String,
    }
    let order = if newest { "DESC" } else { "ASC" };
    let sql = format!(
        "SELECT id FROM applications WHERE {condition} ORDER BY created_at {order}, id {order}"
    );
    let ids = diesel::sql_query(sql).load::<Id>(sqlite(conn)).unwrap();
    ids.into_iter().map(|i| i.id).collect()
}

#[test]
fn pages_of_an_indexed_search_follow_the_queue_order_page_after_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = searchable(&dir);
    let holds = "search_text LIKE '%zqkerm%'";
    let cases = [
        ("status=all&q=zqkerm", holds.to_string()),
        (
            "status=all&q=fete+zqkerm",
            format!("{holds} AND search_text LIKE '%fete%'"),
        ),
        (
            "status=submitted&q=zqkerm",
            format!("{holds} AND status = 'submitted'"),
        ),
        (
            "status=all&q=zqkerm&from=2026-12-02&to=2026-12-02",
            format!("{holds} AND created_at >= '2026-12-02' AND created_at < '2026-12-03'"),
        ),
    ];
    for (query, condition) in cases {
        for newest in [false, true] {
            let sort = if newest { "&sort=newest" } else { "" };
            let filter = Filter::from_query(&format!("{query}{sort}"), None);
            let prepared = filter.prepare(&mut conn);
            assert!(prepared.driver().is_some(), "{query}: found by the index");
            let expected = truth(&mut conn, &condition, newest);
            assert!(expected.len() > 30, "{query}: {}", expected.len());
            let (mut shown, mut after) = (Vec::new(), None);
            loop {
                let page = page(&mut conn, &prepared, after.as_ref(), 7).unwrap();
                assert!(page.rows.len() <= 7);
                shown.extend(page.rows.iter().map(|a| a.id.clone()));
                match page.next {
                    Some(next) => after = Some(next),
                    None => break,
                }
            }
            assert_eq!(shown, expected, "{query}, newest first: {newest}");
            // An application's neighbours are those of the list.
            for at in [0, 1, expected.len() / 2, expected.len() - 1] {
                let app = crate::applications::store::find(&mut conn, &expected[at])
                    .unwrap()
                    .unwrap();
                let (previous, next) = neighbours(&mut conn, &prepared, &app).unwrap();
                let before = at.checked_sub(1).map(|p| &expected[p]);
                assert_eq!(previous.as_ref(), before, "{query} {newest}: before {at}");
                assert_eq!(
                    next.as_ref(),
                    expected.get(at + 1),
                    "{query} {newest}: after {at}"
                );
            }
            // Counted as the table counts them.
            let counted = count(&mut conn, &prepared).unwrap();
            assert_eq!((counted.n, counted.more), (expected.len() as i64, false));
        }
    }
}

#[test]
fn a_filter_that_turns_most_candidates_down_still_finds_the_few_it_keeps() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = searchable(&dir);
    // One application of the term, the newest, moves to its own status:
    // the walk reads every other candidate before it finds it.
    let last = truth(&mut conn, "search_text LIKE '%zqkerm%'", true).remove(0);
    write_transaction(&mut conn, |c| {
        diesel::update(applications::table.find(&last))
            .set(applications::status.eq("withdrawn"))
            .execute(c)
    })
    .unwrap();
    let filter = Filter::from_query("status=withdrawn&q=zqkerm", None);
    let prepared = filter.prepare(&mut conn);
    assert!(prepared.driver().is_some());
    let page = page(&mut conn, &prepared, None, 5).unwrap();
    let ids: Vec<&String> = page.rows.iter().map(|a| &a.id).collect();
    assert_eq!(ids, [&last]);
    assert!(page.next.is_none());
}

#[test]
fn a_first_page_that_holds_every_match_is_its_own_count_and_any_other_is_counted() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = searchable(&dir);
    let condition = "search_text LIKE '%zqkerm%' AND status = 'refused'";
    let expected = truth(&mut conn, condition, false);
    let prepared = Filter::from_query("status=refused&q=zqkerm", None);
    let prepared = prepared.prepare(&mut conn);
    let counted = |n: usize| Count {
        n: n as i64,
        more: false,
    };
    // The whole list on one page: its rows are the count.
    let all = page(&mut conn, &prepared, None, 50).unwrap();
    assert!(all.next.is_none() && all.rows.len() == expected.len());
    let whole = count_for_page(&mut conn, &prepared, &all, None).unwrap();
    assert_eq!(whole, counted(expected.len()));
    // Read as the page says, not again: a first page of three with no
    // next one counts three.
    let three = Page {
        rows: all.rows[..3].to_vec(),
        next: None,
    };
    let first = count_for_page(&mut conn, &prepared, &three, None).unwrap();
    assert_eq!(first, counted(3));
    // A page with a next one, or after a cursor, holds only some of them.
    let some = page(&mut conn, &prepared, None, 7).unwrap();
    assert!(some.next.is_some());
    let more = count_for_page(&mut conn, &prepared, &some, None).unwrap();
    assert_eq!(more, counted(expected.len()));
    let after = Cursor::of(&all.rows[2]);
    let later = count_for_page(&mut conn, &prepared, &three, Some(&after)).unwrap();
    assert_eq!(later, counted(expected.len()));
}

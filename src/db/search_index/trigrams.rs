//! How many texts hold each trigram, as the index last counted them, so
//! that a search asks the index for a term's rarest trigrams only.
//!
//! The index answers "which texts hold every one of these trigrams" by
//! walking each trigram's list of texts, and a common trigram's list is
//! long: among a million texts, the seven trigrams of `row999857` cost
//! 3.5 ms, its three rarest 0.5 ms, for about the same few candidates. The
//! candidates are only candidates anyway: `LIKE` keeps those that hold the
//! term itself (see [`crate::db::backend::term_match`]).
//!
//! The indexing thread counts the trigrams of the whole index (FTS5's
//! `fts5vocab`) once the index has taken as many changes since the last
//! count as it held texts then, so that counting costs each change a
//! constant share however large the index grows. Between two counts a
//! trigram's figure may be stale; a stale figure makes a search slower,
//! never wrong.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::sqlite::SqliteConnection;

/// The index's tables of counts, made by every connection that attaches
/// it (see [`super::attach`]): each trigram with the texts that held it,
/// and when that was (the index's progress, and its texts, at the count).
pub(super) const TABLES: &str = "CREATE TABLE IF NOT EXISTS search.application_search_trigrams \
         (trigram TEXT PRIMARY KEY, texts INTEGER NOT NULL) WITHOUT ROWID;
     CREATE TABLE IF NOT EXISTS search.application_search_counted \
         (upto INTEGER NOT NULL, texts INTEGER NOT NULL);";

/// Changes after which the first counts are made again (a new index
/// counts its first thousand texts, then two thousand, and so on).
const FIRST_RECOUNT: i64 = 1_000;

/// The most trigrams a search asks the index for.
const MOST_TRIGRAMS: usize = 3;

/// Candidates few enough that another trigram would cost the index more
/// than `LIKE` spends on the candidates it would turn down.
const FEW_CANDIDATES: f64 = 20.0;

/// The distinct trigrams of `term` (three characters or more), in order.
pub fn of(term: &str) -> Vec<String> {
    let chars: Vec<char> = term.chars().collect();
    let mut trigrams: Vec<String> = Vec::new();
    for window in chars.windows(3) {
        let trigram = String::from_iter(window);
        if !trigrams.contains(&trigram) {
            trigrams.push(trigram);
        }
    }
    trigrams
}

/// Counts the index's trigrams afresh if it has taken enough changes
/// since the last count (or was never counted, or built again since).
/// Whether it counted. Runs in a transaction of the index's file of its own.
pub(super) fn count_if_due(c: &mut SqliteConnection) -> QueryResult<bool> {
    #[derive(QueryableByName)]
    struct Due {
        #[diesel(sql_type = BigInt)]
        due: i64,
    }
    c.transaction(|c| {
        let due = diesel::sql_query(
            "SELECT coalesce((SELECT p.upto - c.upto >= max(?, c.texts) \
                 FROM search.application_search_progress p, \
                      search.application_search_counted c), \
               (SELECT count(*) FROM search.application_search_progress)) AS due",
        )
        .bind::<BigInt, _>(FIRST_RECOUNT)
        .get_result::<Due>(c)?
        .due;
        if due == 0 {
            return Ok(false);
        }
        // The vocabulary of the index, read through a table of this
        // connection alone. It walks every trigram's list once: about
        // 0.4 s for a hundred thousand texts.
        c.batch_execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.application_search_vocabulary \
                 USING fts5vocab(search, application_search, 'row');
             DELETE FROM search.application_search_trigrams;
             INSERT INTO search.application_search_trigrams (trigram, texts) \
                 SELECT term, doc FROM temp.application_search_vocabulary;
             DELETE FROM search.application_search_counted;
             INSERT INTO search.application_search_counted (upto, texts) \
                 SELECT upto, (SELECT count(*) FROM application_search_keys) \
                 FROM search.application_search_progress;",
        )?;
        Ok(true)
    })
}

/// Forgets the counts: the index is being built again, and is counted
/// afresh once built.
pub(super) const FORGET: &str = "DELETE FROM search.application_search_counted;";

/// The trigrams of `trigrams` to ask the index for: the rarest, as last
/// counted. All of them when the index was never counted, or the counts
/// cannot be read.
pub fn to_ask<'t>(c: &mut SqliteConnection, trigrams: &'t [String]) -> Vec<&'t String> {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = Text)]
        trigram: String,
        #[diesel(sql_type = Nullable<BigInt>)]
        texts: Option<i64>,
        #[diesel(sql_type = Nullable<BigInt>)]
        total: Option<i64>,
    }
    let all = || trigrams.iter().collect();
    if trigrams.len() < 2 {
        return all();
    }
    let Ok(list) = serde_json::to_string(trigrams) else {
        return all();
    };
    let counts = diesel::sql_query(
        "SELECT j.value AS trigram, t.texts, \
             (SELECT texts FROM search.application_search_counted) AS total \
         FROM json_each(?) j \
         LEFT JOIN search.application_search_trigrams t ON t.trigram = j.value",
    )
    .bind::<Text, _>(list)
    .load::<Count>(c);
    let Ok(counts) = counts else {
        return all();
    };
    let Some(total) = counts.first().and_then(|c| c.total) else {
        return all();
    };
    let texts: Vec<i64> = trigrams
        .iter()
        .map(|t| {
            let count = counts.iter().find(|c| &c.trigram == t);
            count.and_then(|c| c.texts).unwrap_or(0)
        })
        .collect();
    rarest(&texts, total)
        .into_iter()
        .map(|i| &trigrams[i])
        .collect()
}

/// Which of the trigrams held by `texts[i]` texts each (of `total`) to
/// ask for: the rarest, then the next rarest while more than
/// [`FEW_CANDIDATES`] texts would hold them all (were they independent),
/// up to [`MOST_TRIGRAMS`]. In the order of the term.
fn rarest(texts: &[i64], total: i64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_by_key(|&i| texts[i]);
    let total = total.max(1) as f64;
    let mut asked = Vec::new();
    let mut expected = total;
    for i in order {
        expected *= texts[i].clamp(0, total as i64) as f64 / total;
        asked.push(i);
        if asked.len() == MOST_TRIGRAMS || expected <= FEW_CANDIDATES {
            break;
        }
    }
    asked.sort_unstable();
    asked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::backend::{term_match, write_transaction, TermMatch};
    use crate::db::search_index::{index_waiting, Step};
    use crate::db::testing::{migrated, sqlite};
    use crate::db::DbConn;

    #[derive(QueryableByName)]
    struct Number {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }

    fn number(conn: &mut DbConn, sql: &str) -> i64 {
        diesel::sql_query(sql)
            .get_result::<Number>(sqlite(conn))
            .unwrap()
            .n
    }

    fn write(conn: &mut DbConn, sql: &str) {
        write_transaction(conn, |c| diesel::sql_query(sql).execute(c)).unwrap();
    }

    /// Adds `n` copies of the first application, each with the text `text`.
    fn copies(conn: &mut DbConn, n: u32, text: &str) {
        #[derive(QueryableByName)]
        struct Column {
            #[diesel(sql_type = Text)]
            name: String,
        }
        let columns: Vec<String> =
            diesel::sql_query("SELECT name FROM pragma_table_info('applications')")
                .load::<Column>(sqlite(conn))
                .unwrap()
                .into_iter()
                .map(|c| c.name)
                .collect();
        let values: Vec<String> = columns
            .iter()
            .map(|c| match c.as_str() {
                "id" | "space_name" => format!("a.{c} || '-{text}-' || n.i"),
                "search_text" => format!("'{text}'"),
                other => format!("a.{other}"),
            })
            .collect();
        write(
            conn,
            &format!(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n}) \
                 INSERT INTO applications ({}) SELECT {} \
                 FROM (SELECT * FROM applications ORDER BY id LIMIT 1) a, n",
                columns.join(", "),
                values.join(", ")
            ),
        );
    }

    fn loaded(dir: &tempfile::TempDir) -> crate::db::PooledConn {
        let mut conn = migrated(dir);
        crate::fixtures::load(&mut conn, None, &Default::default()).unwrap();
        conn
    }

    #[test]
    fn the_index_is_counted_once_built_and_again_once_it_took_as_many_changes_as_the_first_count() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = loaded(&dir);
        assert!(matches!(
            index_waiting(sqlite(&mut conn)).unwrap(),
            Step::Rebuilt(_)
        ));
        assert!(count_if_due(sqlite(&mut conn)).unwrap(), "never counted");
        assert!(!count_if_due(sqlite(&mut conn)).unwrap(), "just counted");
        assert_eq!(
            number(
                &mut conn,
                "SELECT texts AS n FROM search.application_search_trigrams WHERE trigram = 'ass'"
            ),
            number(
                &mut conn,
                "SELECT count(*) AS n FROM applications WHERE search_text LIKE '%ass%'"
            ),
            "each trigram with the texts that hold it"
        );
        let texts = number(&mut conn, "SELECT count(*) AS n FROM applications");
        let mut changes = 0;
        while changes + texts < FIRST_RECOUNT {
            write(
                &mut conn,
                "UPDATE applications SET search_text = search_text || ' '",
            );
            changes += texts;
            index_waiting(sqlite(&mut conn)).unwrap();
            assert!(
                !count_if_due(sqlite(&mut conn)).unwrap(),
                "{changes} changes"
            );
        }
        write(
            &mut conn,
            "UPDATE applications SET search_text = search_text || ' '",
        );
        index_waiting(sqlite(&mut conn)).unwrap();
        assert!(
            count_if_due(sqlite(&mut conn)).unwrap(),
            "a thousand changes"
        );
        // Built again, it is counted again.
        write(
            &mut conn,
            "UPDATE search.application_search_progress SET upto = 0",
        );
        assert!(matches!(
            index_waiting(sqlite(&mut conn)).unwrap(),
            Step::Rebuilt(_)
        ));
        assert!(count_if_due(sqlite(&mut conn)).unwrap(), "built again");
    }

    #[test]
    fn a_term_is_asked_by_its_rarest_trigrams_then_by_all_before_it_is_called_common() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = loaded(&dir);
        // Three trigrams of `abcdef` in more texts than a common term,
        // never with the fourth, which is in more texts still.
        copies(&mut conn, 1_100, "abcd cde");
        copies(&mut conn, 1_500, "zdefz");
        copies(&mut conn, 1, "zabcdefz");
        let term = of("abcdef");
        assert_eq!(
            to_ask(sqlite(&mut conn), &term),
            term.iter().collect::<Vec<_>>(),
            "never counted: all of them"
        );
        index_waiting(sqlite(&mut conn)).unwrap();
        count_if_due(sqlite(&mut conn)).unwrap();
        assert_eq!(
            to_ask(sqlite(&mut conn), &term),
            [&term[0], &term[1], &term[2]]
        );
        let TermMatch::Indexed { candidates, .. } = term_match(&mut conn, "abcdef") else {
            panic!("the term is in one text: not common")
        };
        assert_eq!(candidates.len(), 1, "{candidates:?}");
        assert!(candidates[0].ends_with("-zabcdefz-1"));
        // The rarest trigram alone when it names few texts.
        let term = of("zabcd");
        assert_eq!(to_ask(sqlite(&mut conn), &term), [&term[0]]);
        let TermMatch::Indexed { candidates, .. } = term_match(&mut conn, "zabcd") else {
            panic!("in one text")
        };
        assert_eq!(candidates.len(), 1);
        assert!(term_match(&mut conn, "abcd").is_common());
    }

    #[test]
    fn a_term_has_each_of_its_trigrams_once_in_order() {
        assert_eq!(of("ab"), Vec::<String>::new());
        assert_eq!(of("abcd"), ["abc", "bcd"]);
        assert_eq!(of("aaaa"), ["aaa"]);
        assert_eq!(of("éléa"), ["élé", "léa"]);
    }

    #[test]
    fn the_rarest_trigram_alone_is_asked_for_when_it_names_few_texts() {
        assert_eq!(rarest(&[900_000, 12, 50_000], 1_000_000), [1]);
        assert_eq!(rarest(&[900_000, 0, 50_000], 1_000_000), [1]);
    }

    #[test]
    fn rarer_trigrams_are_added_while_many_texts_would_hold_them_all() {
        // 1 000 texts, then 1 000 × 5 %, then × 10 %: five, few enough.
        assert_eq!(
            rarest(&[1_000_000, 1_000, 100_000, 50_000], 1_000_000),
            [1, 2, 3]
        );
        // Never more than three, however common.
        assert_eq!(rarest(&[500, 500, 500, 500, 500], 1_000), [0, 1, 2]);
        // Two suffice once they name few texts together.
        assert_eq!(rarest(&[500_000, 1_000, 10_000], 1_000_000), [1, 2]);
    }

    #[test]
    fn a_trigram_counted_in_more_texts_than_the_total_does_not_break_the_estimate() {
        assert_eq!(rarest(&[30, 60, 90], 20), [0]);
        assert_eq!(rarest(&[5, 7], 0), [0]);
        assert_eq!(rarest(&[3, 1, 2], 2), [1], "a small index: one is enough");
    }
}

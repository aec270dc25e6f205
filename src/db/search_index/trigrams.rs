//! How many texts hold each trigram, as the index last counted them, so
//! that a search asks the index for a term's rarest trigrams only.
//!
//! The index answers "which texts hold every one of these trigrams" by
//! walking each trigram's list of texts, and a common trigram's list is
//! long: in the benchmark's database of a million, the seven trigrams of
//! `row999857` cost 1.6–1.8 ms, `999` and `857` alone 0.3 ms, for the same
//! one text. The
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

use crate::db::backend::COMMON_TERM;

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

/// A term expected in at most this many texts (and under a hundredth of
/// them) is matched through the index up to this many (see [`Asked::most`]).
pub const UNCOMMON_AT_MOST: i64 = 5_000;

/// Beyond this many candidates from a term's rarest trigrams (and more
/// than asking for all of them would cost), the index is asked for all of
/// them (see [`Asked::ask_all_beyond`]).
const NARROWED_AT_MOST: i64 = 200;

/// The entries of the index's lists it walks in the time a candidate that
/// does not hold the term costs the request (its key looked up, then its
/// row and text by the count and the page). Measured at a million
/// applications through the system's SQLite: the five further trigrams of
/// `normandie` (about 620 000 entries) took the index 12 ms, 20 ns an
/// entry; the count read the rows of a thousand candidates in 4.4 ms, and
/// their keys took 1.5–2 µs each: 5–6 µs a candidate, 250–300 entries.
/// A hundred leans towards asking again, as the rule before this one did.
const ENTRIES_PER_CANDIDATE: i64 = 100;

/// A trigram of a search term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigram {
    /// Its three characters.
    pub text: String,
    /// Where it first starts in the term, in characters.
    pub at: usize,
}

/// The distinct trigrams of `term` (three characters or more), in order.
pub fn of(term: &str) -> Vec<Trigram> {
    let chars: Vec<char> = term.chars().collect();
    let mut trigrams: Vec<Trigram> = Vec::new();
    for (at, window) in chars.windows(3).enumerate() {
        let text = String::from_iter(window);
        if !trigrams.iter().any(|t| t.text == text) {
            trigrams.push(Trigram { text, at });
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
        // The index's lock first (the benchmark's loader once failed here
        // while the server's thread indexed beside it).
        c.batch_execute(super::TAKE_INDEX_LOCK)?;
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

/// What to ask the index for a term (see [`to_ask`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Asked<'t> {
    /// The trigrams to ask for.
    pub trigrams: Vec<&'t Trigram>,
    /// How many texts are expected to hold them all (see [`rarest`]: the
    /// shares of the last count, of the texts there are now), and the share
    /// of the texts that is. None if never counted.
    pub expected: Option<(f64, f64)>,
    /// The entries of the lists of all the term's trigrams, which asking
    /// for all of them walks (as counted, of the texts there are now; 0 if
    /// never counted).
    pub entries: i64,
}

impl Asked<'_> {
    /// The most candidates to take from the index: beyond them the term is
    /// common. A term expected in few texts, though more than a common
    /// term's, and in under a hundredth of them, is still looked up through
    /// the index: its texts may all lie at the end of the queue's order (a
    /// town's name, its applications all refused), which a walk would read
    /// whole first. A term in more of them is met soon by a walk, and its
    /// candidates would cost more.
    pub fn most(&self) -> i64 {
        self.expected
            .map_or(COMMON_TERM, |(n, share)| most_for(n, share))
    }

    /// The candidates from the rarest trigrams beyond which they were a
    /// poor choice (they often go together without the term) and all of
    /// the term's are asked for: more than expected by so many that the
    /// look-ups of those that do not hold the term would cost more than
    /// walking every trigram's list (see [`ENTRIES_PER_CANDIDATE`]).
    ///
    /// The expectation takes trigrams apart in the term as independent,
    /// which the trigrams of one word are not: `nor`, `man` and `die` tile
    /// `normandie`, and where the three were asked for, a town expected in
    /// about a hundred texts named 1 700, nearly all holding it. Asking
    /// again for all seven then took 12 ms to turn almost none down; the
    /// rule of four times the texts expected did so whenever the third
    /// rarest was `man` rather than `ndi` (which overlaps `die` and is not
    /// counted on), as the two tied in one database and not in another.
    pub fn ask_all_beyond(&self) -> i64 {
        let expected = self.expected.map_or(0.0, |(n, _)| n) as i64;
        NARROWED_AT_MOST.max(expected + self.entries / ENTRIES_PER_CANDIDATE)
    }
}

/// The most candidates to take from the index for a term expected in
/// `texts` texts, `share` of them (see [`Asked::most`]).
fn most_for(texts: f64, share: f64) -> i64 {
    match texts <= UNCOMMON_AT_MOST as f64 && share <= 0.01 {
        true => UNCOMMON_AT_MOST,
        false => COMMON_TERM,
    }
}

/// What to ask the index for a term of `trigrams`: its rarest trigrams, as
/// last counted. All of them when the index was never counted, or the
/// counts cannot be read.
pub fn to_ask<'t>(c: &mut SqliteConnection, trigrams: &'t [Trigram]) -> Asked<'t> {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = Text)]
        trigram: String,
        #[diesel(sql_type = Nullable<BigInt>)]
        texts: Option<i64>,
        #[diesel(sql_type = Nullable<BigInt>)]
        total: Option<i64>,
        #[diesel(sql_type = Nullable<BigInt>)]
        grown: Option<i64>,
    }
    let all = || Asked {
        trigrams: trigrams.iter().collect(),
        expected: None,
        entries: 0,
    };
    let texts: Vec<&str> = trigrams.iter().map(|t| t.text.as_str()).collect();
    let Ok(list) = serde_json::to_string(&texts) else {
        return all();
    };
    let counts = diesel::sql_query(
        "SELECT j.value AS trigram, t.texts, \
             (SELECT texts FROM search.application_search_counted) AS total, \
             (SELECT max(0, p.upto - c.upto) FROM search.application_search_progress p, \
                 search.application_search_counted c) AS grown \
         FROM json_each(?) j \
         LEFT JOIN search.application_search_trigrams t ON t.trigram = j.value",
    )
    .bind::<Text, _>(list)
    .load::<Count>(c);
    let Ok(counts) = counts else {
        return all();
    };
    let Some(counted) = counts.first().and_then(|c| c.total) else {
        return all();
    };
    // The index has grown since the count by about the changes it took
    // since (a few are edits): each trigram's share is as counted, but of
    // the texts there are now. Counted at half a million, a town expected
    // in 900 texts among a million was expected in 450, and its 1 800
    // candidates looked a poor choice of trigrams (more than four times
    // the texts expected): the search asked the index again, for all
    // seven (6 ms more).
    let (counted, grown) = (counted.max(1), counts.first().and_then(|c| c.grown));
    let total = counted + grown.unwrap_or(0);
    let texts: Vec<i64> = trigrams
        .iter()
        .map(|t| {
            let count = counts.iter().find(|c| c.trigram == t.text);
            let texts = count.and_then(|c| c.texts).unwrap_or(0) as f64;
            (texts * total as f64 / counted as f64) as i64
        })
        .collect();
    let at: Vec<usize> = trigrams.iter().map(|t| t.at).collect();
    let (rarest, expected) = rarest(&texts, &at, total);
    Asked {
        trigrams: match rarest {
            Some(rarest) => rarest.into_iter().map(|i| &trigrams[i]).collect(),
            None => trigrams.iter().collect(),
        },
        expected: Some((expected, expected / total as f64)),
        entries: texts.iter().sum(),
    }
}

/// Which of the trigrams held by `texts[i]` texts each (of `total`), and
/// starting at `at[i]` in the term, to ask for: the rarest, then the next
/// rarest while more than [`FEW_CANDIDATES`] texts would hold them all, up
/// to [`MOST_TRIGRAMS`], in the order of the term. A trigram in more than
/// a tenth of the texts is never added: its list is long and it turns few
/// texts down. The texts that would hold them all are estimated as if the
/// trigrams were independent, except that one overlapping a trigram
/// already asked for is taken to turn none down: `w99` and `999` of
/// `row999857` are both in most of the texts that hold either.
///
/// None when they would still name more texts than the index is asked for
/// ([`Asked::most`]): the term is most likely common, which only all of its
/// trigrams can tell, and asking for fewer first would only add a query.
/// With the texts expected to hold them all.
fn rarest(texts: &[i64], at: &[usize], total: i64) -> (Option<Vec<usize>>, f64) {
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_by_key(|&i| texts[i]);
    let total = total.max(1) as f64;
    let mut asked: Vec<usize> = Vec::new();
    let mut expected = total;
    for i in order {
        let share = texts[i].clamp(0, total as i64) as f64 / total;
        if !asked.is_empty() && share > 0.1 {
            break;
        }
        if !asked.iter().any(|&a| at[a].abs_diff(at[i]) < 3) {
            expected *= share;
        }
        asked.push(i);
        if asked.len() == MOST_TRIGRAMS || expected <= FEW_CANDIDATES {
            break;
        }
    }
    asked.sort_unstable();
    let most = most_for(expected, expected / total) as f64;
    ((expected <= most).then_some(asked), expected)
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
        crate::db::testing::copies(conn, n, "1", |column| match column {
            "id" | "space_name" => Some(format!("a.{column} || '-{text}-' || n.i")),
            "search_text" => Some(format!("'{text}'")),
            _ => None,
        });
    }

    /// Adds `n` copies with the text `text`, indexes them and counts the
    /// index.
    fn counted_copies(conn: &mut DbConn, n: u32, text: &str) {
        copies(conn, n, text);
        index_waiting(sqlite(conn)).unwrap();
        assert!(count_if_due(sqlite(conn)).unwrap());
    }

    /// Makes the last count say the index held `texts` texts.
    fn counted_among(conn: &mut DbConn, texts: i64) {
        let sql = format!("UPDATE search.application_search_counted SET texts = {texts}");
        write(conn, &sql);
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
        // The trigrams of `abcdefg` but `cde` in more texts than the
        // search checks one by one; `cde` in more still; all of them in a
        // few hundredths of the texts.
        copies(&mut conn, 300, "abcd defg");
        copies(&mut conn, 400, "zcdez");
        copies(&mut conn, 5_100, "zzfill");
        copies(&mut conn, 1_500, "zzmid");
        copies(&mut conn, 1, "zabcdefgz");
        let term = of("abcdefg");
        assert_eq!(
            to_ask(sqlite(&mut conn), &term),
            Asked {
                trigrams: term.iter().collect(),
                expected: None,
                entries: 0,
            },
            "never counted: all of them"
        );
        index_waiting(sqlite(&mut conn)).unwrap();
        count_if_due(sqlite(&mut conn)).unwrap();
        let asked = to_ask(sqlite(&mut conn), &term);
        assert!(
            asked
                .expected
                .is_some_and(|(n, share)| n < 20.0 && share < 0.01),
            "{asked:?}"
        );
        let asked = asked.trigrams;
        assert!(asked.len() < term.len(), "{asked:?}");
        assert!(
            asked.iter().all(|t| "abcd defg".contains(&t.text)),
            "{asked:?}"
        );
        let TermMatch::Indexed { candidates, .. } = term_match(&mut conn, "abcdefg") else {
            panic!("the term is in one text: not common")
        };
        assert_eq!(candidates.len(), 1, "{candidates:?}");
        assert!(candidates[0].id.ends_with("-zabcdefgz-1"));
        // The rarest trigram alone when it names few texts.
        let term = of("zabcd");
        assert_eq!(to_ask(sqlite(&mut conn), &term).trigrams, [&term[0]]);
        let TermMatch::Indexed { candidates, .. } = term_match(&mut conn, "zabcd") else {
            panic!("in one text")
        };
        assert_eq!(candidates.len(), 1);
        // In more texts than a common term's, but few as counted, and in
        // under a hundredth of the texts (as if counted among a million):
        // through the index still.
        assert!(
            term_match(&mut conn, "zzmid").is_common(),
            "a sixth of them"
        );
        counted_among(&mut conn, 1_000_000);
        let TermMatch::Indexed { candidates, .. } = term_match(&mut conn, "zzmid") else {
            panic!("in 1 500 texts")
        };
        assert_eq!(candidates.len(), 1_500);
        assert!(term_match(&mut conn, "zzfill").is_common());
    }

    /// How many times the index is asked (a statement with `MATCH`)
    /// while `run` runs, and what `run` gave.
    fn index_asks<T>(conn: &mut DbConn, run: impl FnOnce(&mut DbConn) -> T) -> (usize, T) {
        use diesel::connection::{Connection, InstrumentationEvent};
        use std::sync::atomic::{AtomicUsize, Ordering};
        let asks = std::sync::Arc::new(AtomicUsize::new(0));
        let seen = asks.clone();
        conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
            if let InstrumentationEvent::StartQuery { query, .. } = event {
                if query.to_string().contains(" MATCH ") {
                    seen.fetch_add(1, Ordering::Relaxed);
                }
            }
        });
        let given = run(conn);
        conn.set_instrumentation(None::<fn(InstrumentationEvent<'_>)>);
        (asks.load(Ordering::Relaxed), given)
    }

    #[test]
    fn a_term_whose_trigrams_go_together_is_not_asked_again_for_all_when_their_lists_are_long() {
        // `abcdefghi` counted as `normandie` among a million: `abc`, `def`
        // and `ghi` tile it, so the texts that hold the three hold the
        // term, far more of them than the estimate (which takes them as
        // independent) says; asking for all seven would walk 686 000
        // entries to turn none down.
        let dir = tempfile::tempdir().unwrap();
        let mut conn = loaded(&dir);
        counted_copies(&mut conn, 400, "zabcdefghiz");
        counted_among(&mut conn, 1_000_000);
        let counted = [
            ("abc", 30_000),
            ("bcd", 170_000),
            ("cde", 119_000),
            ("def", 100_000),
            ("efg", 136_000),
            ("fgh", 101_000),
            ("ghi", 30_000),
        ];
        for (trigram, texts) in counted {
            write(
                &mut conn,
                &format!(
                    "UPDATE search.application_search_trigrams SET texts = {texts} \
                     WHERE trigram = '{trigram}'"
                ),
            );
        }
        let term = of("abcdefghi");
        let asked = to_ask(sqlite(&mut conn), &term);
        assert_eq!(asked.trigrams, [&term[0], &term[3], &term[6]]);
        let expected = asked.expected.unwrap().0;
        assert!((expected - 90.0).abs() < 1.0, "{expected}");
        assert_eq!(asked.entries, 686_000);
        let (asks, found) = index_asks(&mut conn, |c| term_match(c, "abcdefghi"));
        assert_eq!(found.candidates().map(<[_]>::len), Some(400));
        assert_eq!(asks, 1, "the candidates of its rarest trigrams are kept");
        // With short lists, asking for all of them is cheaper than the
        // candidates that do not hold the term.
        let short = Asked {
            entries: 7_000,
            ..asked
        };
        assert_eq!(short.ask_all_beyond(), 200);
    }

    #[test]
    fn the_texts_expected_grow_with_the_changes_the_index_took_since_the_count() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = loaded(&dir);
        counted_copies(&mut conn, 40, "qqzyx");
        let counted = number(
            &mut conn,
            "SELECT texts AS n FROM search.application_search_counted",
        );
        let term = of("qqzyx");
        let (before, share) = to_ask(sqlite(&mut conn), &term).expected.unwrap();
        assert!(before > 0.0);
        // Twice as many texts, indexed and not counted yet.
        copies(&mut conn, counted as u32, "other");
        assert_eq!(
            index_waiting(sqlite(&mut conn)).unwrap(),
            Step::Applied(counted)
        );
        assert!(!count_if_due(sqlite(&mut conn)).unwrap());
        let (after, share_after) = to_ask(sqlite(&mut conn), &term).expected.unwrap();
        assert!((after / before - 2.0).abs() < 0.01, "{before} → {after}");
        assert!(
            (share_after - share).abs() < 1e-6,
            "{share} → {share_after}"
        );
    }

    #[test]
    fn a_count_waits_for_another_connection_writing_to_the_index_rather_than_failing() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = loaded(&dir);
        index_waiting(sqlite(&mut conn)).unwrap();
        let mut other = migrated(&dir);
        sqlite(&mut other)
            .batch_execute("BEGIN; UPDATE search.application_search_progress SET upto = upto;")
            .unwrap();
        let counting = std::thread::spawn(move || count_if_due(sqlite(&mut conn)));
        std::thread::sleep(std::time::Duration::from_millis(300));
        // Committed while the count waits: a count that had read the index
        // before could no longer write to it.
        sqlite(&mut other)
            .batch_execute(
                "INSERT INTO search.application_search_trigrams (trigram, texts) \
                 VALUES ('zzz', 1); COMMIT;",
            )
            .unwrap();
        assert!(
            counting.join().unwrap().unwrap(),
            "counted once the lock was free"
        );
    }

    #[test]
    fn a_term_has_each_of_its_trigrams_once_in_order() {
        let texts = |term: &str| -> Vec<(String, usize)> {
            of(term).into_iter().map(|t| (t.text, t.at)).collect()
        };
        assert_eq!(texts("ab"), []);
        assert_eq!(texts("abcd"), [("abc".into(), 0), ("bcd".into(), 1)]);
        assert_eq!(texts("aaaa"), [("aaa".into(), 0)]);
        assert_eq!(texts("éléa"), [("élé".into(), 0), ("léa".into(), 1)]);
        assert_eq!(texts("ababa"), [("aba".into(), 0), ("bab".into(), 1)]);
    }

    /// Places in a term where no two trigrams overlap.
    const APART: [usize; 5] = [0, 3, 6, 9, 12];

    #[test]
    fn a_trigram_that_overlaps_one_asked_for_is_not_counted_on_to_turn_texts_down() {
        // `row999857` among a million texts: `999` (764), then `w99`
        // (827), which overlaps it and filters nothing more, then `857`
        // (1 014), which leaves about one text.
        let texts = [491_249, 8_327, 827, 764, 1_078, 1_453, 1_014];
        let at = [0, 1, 2, 3, 4, 5, 6];
        assert_eq!(rarest(&texts, &at, 669_000).0, Some(vec![2, 3, 6]));
        // `row99985`: the three rarest, overlapping, about a hundred.
        assert_eq!(
            rarest(&texts[..6], &at[..6], 669_000).0,
            Some(vec![2, 3, 4])
        );
    }

    #[test]
    fn the_rarest_trigram_alone_is_asked_for_when_it_names_few_texts() {
        assert_eq!(
            rarest(&[900_000, 12, 50_000], &APART[..3], 1_000_000).0,
            Some(vec![1])
        );
        assert_eq!(
            rarest(&[900_000, 0, 50_000], &APART[..3], 1_000_000).0,
            Some(vec![1])
        );
    }

    #[test]
    fn rarer_trigrams_are_added_while_many_texts_would_hold_them_all() {
        // 1 000 texts, then 1 000 × 5 %, then × 10 %: five, few enough.
        assert_eq!(
            rarest(&[1_000_000, 1_000, 100_000, 50_000], &APART[..4], 1_000_000).0,
            Some(vec![1, 2, 3])
        );
        // Never more than three: 10 000, 1 000, then 100 texts.
        assert_eq!(
            rarest(
                &[10_000, 10_000, 10_000, 10_000, 10_000],
                &APART[..5],
                100_000
            )
            .0,
            Some(vec![0, 1, 2])
        );
        // Two suffice once they name few texts together.
        assert_eq!(
            rarest(&[500_000, 1_000, 10_000], &APART[..3], 1_000_000).0,
            Some(vec![1, 2])
        );
    }

    #[test]
    fn a_town_is_expected_in_as_many_texts_as_its_two_rarest_apart_name() {
        // `normandie` among a million: `nor` and `die` in 21 833 texts
        // each, `ndi` (65 501) overlapping `die`; 1 732 hold the term.
        let texts = [21_833, 109_166, 76_417, 65_502, 87_333, 65_501, 21_833];
        let (asked, expected) = rarest(&texts, &[0, 1, 2, 3, 4, 5, 6], 669_000);
        assert_eq!(asked, Some(vec![0, 5, 6]));
        assert_eq!(expected.round(), 713.0);
    }

    #[test]
    fn a_term_whose_rarest_trigrams_would_name_many_texts_is_asked_for_all() {
        // A common word: its rarest trigram in a quarter of the texts.
        assert_eq!(
            rarest(
                &[250_000, 300_000, 500_000, 800_000],
                &APART[..4],
                1_000_000
            )
            .0,
            None
        );
        // Nor a trigram in more than a tenth of the texts added.
        assert_eq!(
            rarest(&[250_000, 5_000, 500_000, 8_000], &APART[..4], 1_000_000).0,
            Some(vec![1, 3])
        );
        assert_eq!(
            rarest(&[250_000, 5_000, 500_000], &APART[..3], 100_000).0,
            None
        );
    }

    #[test]
    fn a_term_expected_in_more_texts_than_a_common_term_but_few_of_them_is_asked_by_its_rarest() {
        // `normandie` among a million counted among half as many: about
        // 1 100 texts, a thousandth; all seven trigrams cost the index
        // twice the time of three.
        let texts = [34_000, 170_000, 119_000, 102_000, 136_000, 101_999, 34_000];
        let (asked, expected) = rarest(&texts, &[0, 1, 2, 3, 4, 5, 6], 1_036_752);
        assert!(expected > COMMON_TERM as f64, "{expected}");
        assert_eq!(asked, Some(vec![0, 5, 6]));
        // Its rarest alone when the others are common: one short list.
        assert_eq!(
            rarest(&[250_000, 5_000, 500_000], &APART[..3], 1_000_000).0,
            Some(vec![1])
        );
    }

    #[test]
    fn a_trigram_counted_in_more_texts_than_the_total_does_not_break_the_estimate() {
        assert_eq!(rarest(&[30, 60, 90], &APART[..3], 20).0, Some(vec![0]));
        assert_eq!(rarest(&[5, 7], &APART[..2], 0).0, Some(vec![0]));
        assert_eq!(
            rarest(&[3, 1, 2], &APART[..3], 2).0,
            Some(vec![1]),
            "one is enough"
        );
    }
}

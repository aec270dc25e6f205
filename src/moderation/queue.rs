//! The moderators' queue: filters that live in the URL, full-text search,
//! and keyset pagination that costs the same on the first page and the
//! thousandth.

use std::collections::HashSet;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text, Timestamp};
use serde::Serialize;

use crate::applications::text::search_terms;
use crate::applications::typology::{Sector, StructureType};
use crate::applications::{flags, Application, Status};
use crate::db::schema::applications;
use crate::db::search_index::candidates::Candidate;
use crate::db::{backend, DbConn, MultiBackend};

/// Which applications to show, as read from a query string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// One status; `None` means every status.
    pub status: Option<Status>,
    pub structure_type: Option<StructureType>,
    pub sector: Option<Sector>,
    /// A flag kind, or `any` for every flagged application.
    pub flag: Option<String>,
    /// Created on or after this day.
    pub from: Option<NaiveDate>,
    /// Created on or before this day.
    pub to: Option<NaiveDate>,
    /// Search terms, all of which must appear.
    pub terms: Vec<String>,
    /// The raw search, as typed.
    pub q: String,
    /// Only those claimed by this moderator (`Some("")`: unclaimed ones).
    pub assigned: Option<String>,
    /// Newest first instead of oldest first.
    pub newest_first: bool,
}

impl Filter {
    /// Reads filters from a query string; unknown keys and invalid values
    /// are ignored (a shared link never fails).
    pub fn from_query(query: &str, default_status: Option<Status>) -> Filter {
        let mut f = Filter {
            status: default_status,
            ..Filter::default()
        };
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let value = value.trim();
            match key.as_ref() {
                "status" if value == "all" => f.status = None,
                "status" => f.status = Status::from_code(value).or(f.status),
                "structure_type" => f.structure_type = StructureType::from_code(value),
                "sector" => f.sector = Sector::from_code(value),
                "flag" if value == "any" || flags::KINDS.contains(&value) => {
                    f.flag = Some(value.to_string())
                }
                "from" => f.from = NaiveDate::parse_from_str(value, "%Y-%m-%d").ok(),
                "to" => f.to = NaiveDate::parse_from_str(value, "%Y-%m-%d").ok(),
                "q" => {
                    f.q = value.chars().take(200).collect();
                    f.terms = search_terms(&f.q);
                }
                "assigned" => f.assigned = Some(value.chars().take(40).collect()),
                "sort" => f.newest_first = value == "newest",
                _ => {}
            }
        }
        f
    }

    /// The times the days asked for run from (included) and to
    /// (excluded): from the first day's midnight to the midnight after the
    /// last.
    fn bounds(&self) -> (Option<NaiveDateTime>, Option<NaiveDateTime>) {
        let midnight = |day: NaiveDate| day.and_hms_opt(0, 0, 0).unwrap_or_default();
        let to = self.to.and_then(|d| d.succ_opt());
        (self.from.map(midnight), to.map(midnight))
    }

    /// The filter as a query string (without cursor), for links.
    pub fn to_query(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("status", self.status.map_or("all", |s| s.code()));
        if let Some(t) = self.structure_type {
            q.append_pair("structure_type", t.code());
        }
        if let Some(s) = self.sector {
            q.append_pair("sector", s.code());
        }
        if let Some(flag) = &self.flag {
            q.append_pair("flag", flag);
        }
        if let Some(d) = self.from {
            q.append_pair("from", &d.to_string());
        }
        if let Some(d) = self.to {
            q.append_pair("to", &d.to_string());
        }
        if !self.q.is_empty() {
            q.append_pair("q", &self.q);
        }
        if let Some(a) = &self.assigned {
            q.append_pair("assigned", a);
        }
        if self.newest_first {
            q.append_pair("sort", "newest");
        }
        q.finish()
    }

    /// Looks the search terms up once for every query of a request.
    pub fn prepare(&self, conn: &mut DbConn) -> Prepared<'_> {
        Prepared {
            filter: self,
            terms: self
                .terms
                .iter()
                .map(|t| backend::term_match(conn, t))
                .collect(),
        }
    }
}

/// `EXISTS` a row of `table` about the application, whose `column` (if any)
/// is `value`. Diesel's DSL has no correlated subquery, hence the SQL, the
/// same on both backends.
fn has_row(table: &str, column_value: Option<(&str, &str)>) -> backend::Condition {
    let rows = format!("EXISTS (SELECT 1 FROM {table} x WHERE x.application_id = applications.id");
    match column_value {
        None => Box::new(sql::<Bool>(&format!("{rows})"))),
        Some((column, value)) => Box::new(
            sql::<Bool>(&format!("{rows} AND x.{column} = "))
                .bind::<Text, _>(value.to_string())
                .sql(")"),
        ),
    }
}

/// The application's own `sectors` column (its codes joined by commas)
/// holds `sector`. The queue's indexes carry that column, so a walk in the
/// queue's order checks it without a lookup in `application_sectors` for
/// each application it meets (which, at a million applications, cost more
/// than the rest of the page). The same SQL on both backends.
///
/// The code is written into the SQL rather than bound: it is one of the
/// enum's constants, never the visitor's text, and PostgreSQL then
/// estimates from the column's statistics how many applications hold it
/// (a fifth, not the default guess of one in two hundred, with which it
/// read and sorted every application of the status and type: 64 ms at a
/// million against 0.3 ms for the walk). No code is part of another (a
/// test says so), so no delimiter is needed; `_` is escaped, as `LIKE`
/// would take it for any character.
fn lists_sector(sector: Sector) -> backend::Condition {
    let code = sector.code().replace('_', "\\_");
    Box::new(sql::<Bool>(&format!(
        "applications.sectors LIKE '%{code}%' ESCAPE '\\'"
    )))
}

/// A filter ready for its queries: its search terms were looked up once.
#[derive(Debug, Clone)]
pub struct Prepared<'a> {
    filter: &'a Filter,
    terms: Vec<backend::TermMatch>,
}

impl Prepared<'_> {
    /// The filtered applications, as a query the caller orders and pages.
    fn query(&self) -> applications::BoxedQuery<'static, MultiBackend> {
        self.query_among(None)
    }

    /// The candidates of the search term the index found (its trigrams)
    /// in the fewest applications, oldest first: every application of the
    /// filter is one of them.
    fn driver(&self) -> Option<&[Candidate]> {
        self.terms
            .iter()
            .filter_map(|t| t.candidates())
            .min_by_key(|c| c.len())
    }

    /// The first `want` applications after `after` in the queue's order
    /// (newest first or not), read among the driving term's candidates
    /// (see [`Self::driver`]) in that order, a few at a time: `want` of
    /// them first (16 at least), then twice as many each time the filter
    /// turned some down. A page of a town's 1 800 applications among a
    /// million reads about fifty rows, where sorting them read them all; a
    /// filter that turns most of them down reads them all in about as many
    /// queries as doublings.
    fn walk(
        &self,
        conn: &mut DbConn,
        candidates: &[Candidate],
        (after, newest_first): (Option<&Cursor>, bool),
        want: i64,
    ) -> QueryResult<Vec<Application>> {
        let cursor = after.map(|c| (c.created_at, c.id.as_str()));
        // Every other term the index found names its candidates too.
        let named: Vec<HashSet<&str>> = (self.terms.iter())
            .filter_map(|t| t.candidates())
            .filter(|other| !std::ptr::eq(*other, candidates))
            .map(|other| other.iter().map(|c| c.id.as_str()).collect())
            .collect();
        let (from, to) = self.filter.bounds();
        let may_show = |c: &&Candidate| {
            named.iter().all(|ids| ids.contains(c.id.as_str()))
                && from.is_none_or(|from| c.created_at >= from)
                && to.is_none_or(|to| c.created_at < to)
                && cursor.is_none_or(|at| match newest_first {
                    true => c.key() < at,
                    false => c.key() > at,
                })
        };
        let ordered: Vec<&Candidate> = match newest_first {
            true => candidates.iter().rev().filter(may_show).collect(),
            false => candidates.iter().filter(may_show).collect(),
        };
        let (mut rows, mut rest, mut size) =
            (Vec::new(), ordered.as_slice(), want.max(16) as usize);
        // Each part lies wholly after the one before in the page's order,
        // so their rows, each part's sorted, follow one another.
        while !rest.is_empty() && (rows.len() as i64) < want {
            let (part, next) = rest.split_at(size.min(rest.len()));
            let ids = part.iter().map(|c| c.id.clone()).collect();
            // Past the cursor already: the query only sorts them.
            let query = keyset(self.query_among(Some(ids)), None, newest_first);
            rows.extend(
                query
                    .limit(want - rows.len() as i64)
                    .load::<Application>(conn)?,
            );
            (rest, size) = (next, size * 2);
        }
        Ok(rows)
    }

    /// [`Self::query`], among the applications `among` only when given:
    /// some candidates of every term the index found, so that each term
    /// asks of them only that their text holds it.
    fn query_among(
        &self,
        among: Option<Vec<String>>,
    ) -> applications::BoxedQuery<'static, MultiBackend> {
        let (filter, mut query) = (self.filter, applications::table.into_boxed());
        // With candidates from the index, their look-ups are the plan: the
        // columns' conditions are kept from the indexes (see
        // [`backend::column_condition`]).
        let looked_up = self.driver().is_some();
        let column = |name: &str, op: &str| backend::column_condition(name, op, looked_up);
        if let Some(status) = filter.status {
            query = query.filter(column("status", "=").bind::<Text, _>(status.code()));
        }
        if let Some(t) = filter.structure_type {
            query = query.filter(column("structure_type", "=").bind::<Text, _>(t.code()));
        }
        if let Some(sector) = filter.sector {
            query = query.filter(lists_sector(sector));
        }
        // Flags are asked of each row the walk meets (one probe of their
        // primary key), not gathered first: `IN (…)` would collect every
        // flagged application, a large part of the table.
        match filter.flag.as_deref() {
            Some("any") => query = query.filter(has_row("application_flags", None)),
            Some(kind) => query = query.filter(has_row("application_flags", Some(("kind", kind)))),
            None => {}
        }
        let (from, to) = filter.bounds();
        if let Some(from) = from {
            query = query.filter(column("created_at", ">=").bind::<Timestamp, _>(from));
        }
        if let Some(to) = to {
            query = query.filter(column("created_at", "<").bind::<Timestamp, _>(to));
        }
        let among_given = among.is_some();
        if let Some(ids) = among {
            query = query.filter(applications::id.eq_any(ids));
        }
        for term in &self.terms {
            query = match among_given {
                true => query.filter(term.text_condition()),
                false => query.filter(term.condition()),
            };
        }
        match filter.assigned.as_deref() {
            Some("") => query = query.filter(applications::assigned_to.is_null()),
            Some(id) => query = query.filter(applications::assigned_to.eq(id.to_string())),
            None => {}
        }
        query
    }
}

/// Where a page starts: just after this application in the queue's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub created_at: NaiveDateTime,
    pub id: String,
}

impl Cursor {
    /// The cursor as an opaque URL-safe string.
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!(
            "{}|{}",
            self.created_at.format("%Y-%m-%dT%H:%M:%S%.6f"),
            self.id
        ))
    }

    /// Reads a cursor; anything else gives `None` (the first page).
    pub fn decode(text: &str) -> Option<Cursor> {
        let raw = String::from_utf8(URL_SAFE_NO_PAD.decode(text.trim()).ok()?).ok()?;
        let (at, id) = raw.split_once('|')?;
        let created_at = NaiveDateTime::parse_from_str(at, "%Y-%m-%dT%H:%M:%S%.f").ok()?;
        (id.len() <= 64).then(|| Cursor {
            created_at,
            id: id.to_string(),
        })
    }

    fn of(app: &Application) -> Cursor {
        Cursor {
            created_at: app.created_at,
            id: app.id.clone(),
        }
    }
}

/// One page of the queue.
#[derive(Debug, Clone)]
pub struct Page {
    pub rows: Vec<Application>,
    /// Where the next page starts, if there is one.
    pub next: Option<Cursor>,
}

/// The page of `limit` rows after `after`.
pub fn page(
    conn: &mut DbConn,
    filter: &Prepared,
    after: Option<&Cursor>,
    limit: i64,
) -> QueryResult<Page> {
    let limit = limit.clamp(1, 500);
    let mut rows = match filter.driver() {
        Some(driver) => {
            filter.walk(conn, driver, (after, filter.filter.newest_first), limit + 1)?
        }
        None => keyset(filter.query(), after, filter.filter.newest_first)
            .limit(limit + 1)
            .load::<Application>(conn)?,
    };
    let next = if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(Cursor::of)
    } else {
        None
    };
    Ok(Page { rows, next })
}

/// The applications just before and just after `app` in the filtered queue.
pub fn neighbours(
    conn: &mut DbConn,
    filter: &Prepared,
    app: &Application,
) -> QueryResult<(Option<String>, Option<String>)> {
    let (here, newest_first) = (Cursor::of(app), filter.filter.newest_first);
    let mut beside = |descending: bool| -> QueryResult<Option<String>> {
        Ok(match filter.driver() {
            Some(driver) => (filter.walk(conn, driver, (Some(&here), descending), 1)?)
                .pop()
                .map(|a| a.id),
            None => keyset(filter.query(), Some(&here), descending)
                .select(applications::id)
                .first(conn)
                .optional()?,
        })
    };
    let next = beside(newest_first)?;
    Ok((beside(!newest_first)?, next))
}

fn keyset(
    query: applications::BoxedQuery<'static, MultiBackend>,
    after: Option<&Cursor>,
    descending: bool,
) -> applications::BoxedQuery<'static, MultiBackend> {
    let mut query = query;
    if let Some(c) = after {
        let (at, id) = (c.created_at, c.id.clone());
        // The plain bound on created_at comes first: the OR alone keeps
        // the databases from starting the walk of the index at the cursor
        // (a page deep in a million applications read everything before).
        query = if descending {
            query.filter(applications::created_at.le(at)).filter(
                applications::created_at
                    .lt(at)
                    .or(applications::created_at.eq(at).and(applications::id.lt(id))),
            )
        } else {
            query.filter(applications::created_at.ge(at)).filter(
                applications::created_at
                    .gt(at)
                    .or(applications::created_at.eq(at).and(applications::id.gt(id))),
            )
        };
    }
    if descending {
        query.order((applications::created_at.desc(), applications::id.desc()))
    } else {
        query.order((applications::created_at.asc(), applications::id.asc()))
    }
}

/// How many applications match a filter, as the queue says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub n: i64,
    /// More than `n` match: counting stopped there.
    pub more: bool,
}

/// Beyond this many matches the queue says "more than" rather than count
/// every one (a search over a million applications would otherwise count
/// them all on every page).
pub const COUNT_CAP: i64 = 1000;

// A term the index calls common is known to match more than the cap.
const _: () = assert!(backend::COMMON_TERM >= COUNT_CAP);

/// How many applications match the filter: exact from the status counters
/// when the filter is a status alone, "more than the cap" without counting
/// when it is one search term the index found common, else counted up to
/// [`COUNT_CAP`].
pub fn count(conn: &mut DbConn, prepared: &Prepared) -> QueryResult<Count> {
    let filter = prepared.filter;
    // Nothing but a status and a search (the order changes no count).
    let bare = Filter {
        status: None,
        terms: Vec::new(),
        q: String::new(),
        newest_first: false,
        ..filter.clone()
    } == Filter::default();
    if bare && filter.q.is_empty() && filter.terms.is_empty() {
        let counts = crate::applications::store::count_by_status(conn)?;
        let n = counts
            .iter()
            .filter(|(s, _)| filter.status.is_none_or(|wanted| wanted == *s))
            .map(|(_, n)| n)
            .sum();
        return Ok(Count { n, more: false });
    }
    // The index already counted past the cap: walking the applications
    // until the thousandth match would read them all again.
    if bare && filter.status.is_none() && matches!(prepared.terms.as_slice(), [t] if t.is_common())
    {
        return Ok(Count {
            n: COUNT_CAP,
            more: true,
        });
    }
    let found = prepared
        .query()
        .select(applications::id)
        .limit(COUNT_CAP + 1)
        .load::<String>(conn)?
        .len() as i64;
    Ok(Count {
        n: found.min(COUNT_CAP),
        more: found > COUNT_CAP,
    })
}

/// How many applications match the filter, knowing the page the request
/// read after `after`: a first page with no next one already holds every
/// match, and they are not looked for again. The commonest search, for
/// one association's name or address, would otherwise run twice (on
/// PostgreSQL, its trigram index scanned twice: at a million
/// applications an address's scan reads some three hundred pages of the
/// index, for the common trigrams of the address's other rows).
pub fn count_for_page(
    conn: &mut DbConn,
    prepared: &Prepared,
    page: &Page,
    after: Option<&Cursor>,
) -> QueryResult<Count> {
    match (after, &page.next) {
        (None, None) => Ok(Count {
            n: page.rows.len() as i64,
            more: false,
        }),
        _ => count(conn, prepared),
    }
}

/// A compact row for the queue table and the CSV export.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub application: Application,
    pub flags: Vec<flags::Flag>,
}

/// Attaches their flags to a page of applications.
pub fn with_flags(conn: &mut DbConn, apps: Vec<Application>) -> QueryResult<Vec<Row>> {
    let ids: Vec<String> = apps.iter().map(|a| a.id.clone()).collect();
    let all = flags::for_applications(conn, &ids)?;
    Ok(apps
        .into_iter()
        .map(|application| {
            let flags = all
                .iter()
                .filter(|f| f.application_id == application.id)
                .cloned()
                .collect();
            Row { application, flags }
        })
        .collect())
}

#[cfg(test)]
mod search_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_sector_code_is_part_of_another_so_the_filter_needs_no_delimiter() {
        for a in Sector::ALL {
            for b in Sector::ALL {
                assert!(
                    a == b || !b.code().contains(a.code()),
                    "{} is part of {}",
                    a.code(),
                    b.code()
                );
            }
        }
        // Written into the SQL: only letters and `_`, nothing that could
        // end the string or widen the pattern.
        for s in Sector::ALL {
            assert!(
                s.code().chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}",
                s.code()
            );
        }
    }

    #[test]
    fn a_cursor_reads_back_as_itself_and_garbage_reads_as_none() {
        let c = Cursor {
            created_at: crate::db::now(),
            id: uuid::Uuid::now_v7().to_string(),
        };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        assert_eq!(Cursor::decode("%%%"), None);
        assert_eq!(Cursor::decode(""), None);
    }

    #[test]
    fn filters_read_back_from_their_query_string() {
        let q = "status=refused&sector=culture&structure_type=collectif&flag=any&from=2026-01-01&q=jardin+lyon&sort=newest";
        let f = Filter::from_query(q, Some(Status::Submitted));
        assert_eq!(f.status, Some(Status::Refused));
        assert_eq!(f.terms, vec!["jardin", "lyon"]);
        let again = Filter::from_query(&f.to_query(), None);
        assert_eq!(again, f);
    }
}

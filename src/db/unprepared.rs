//! A condition whose statement is never kept prepared, so that each run is
//! planned for the values it binds (a search's pattern on PostgreSQL).
//!
//! PostgreSQL plans a prepared statement for its values five times, then
//! may plan it once for any value. Planned for any pattern, `LIKE $1` is
//! guessed to keep one row in two hundred, and the queue's order walked
//! until fifty are found looks cheaper than the trigram index: at a
//! million applications a town in one row in six hundred, none of them
//! near the head of the order, took 574 ms a page that way, against 19 ms
//! through the index (the benchmark). A statement diesel does not keep is
//! sent unnamed, and PostgreSQL plans an unnamed statement for the values
//! of its one run; planning a search costs well under a millisecond.

use diesel::backend::Backend;
use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::QueryResult;

/// `E`, in a statement that is prepared afresh at each run.
#[derive(Debug, Clone, Copy, ValidGrouping)]
pub struct Unprepared<E>(pub E);

impl<E: Expression> Expression for Unprepared<E> {
    type SqlType = E::SqlType;
}

impl<E: AppearsOnTable<QS>, QS: ?Sized> AppearsOnTable<QS> for Unprepared<E> {}

impl<E: SelectableExpression<QS>, QS: ?Sized> SelectableExpression<QS> for Unprepared<E> {}

impl<E> QueryId for Unprepared<E> {
    type QueryId = ();
    // No static id: the statement is told apart by its text, which is never
    // kept anyway.
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<E: QueryFragment<DB>, DB: Backend> QueryFragment<DB> for Unprepared<E> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.unsafe_to_cache_prepared();
        self.0.walk_ast(out)
    }
}

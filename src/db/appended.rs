//! What the writes of a group commit leave for the end of the group: the
//! rows a write adds for a record it creates itself (a new application's
//! sectors, flags, audit row and confirmation job), and the announcement of
//! new jobs. Each kind goes once for the whole group, after its last write:
//! one statement per kind instead of one per write, and each statement is
//! a round trip and an executor started and stopped on PostgreSQL.
//!
//! Only the rows of a record that the same write creates may wait so. Its
//! key is new, and nobody learns it before the group commits, so no other
//! write of the group can read, change or delete those rows meanwhile: the
//! group commits what it would have committed had each row been written at
//! once. A write that deletes rows of a waiting kind by another key first
//! has them written ([`settle`]). The announcement of new jobs leaves at
//! commit whenever it is sent, and twice is once. A row that cannot be
//! written fails the whole group, whose writes are then replayed one by
//! one, each with its own rows (see [`super::GroupCommit`]). Outside a
//! group, what would wait is written at once.

use std::any::Any;
use std::cell::RefCell;

use diesel::QueryResult;

use super::DbConn;

/// How one kind of row is written: all the rows of that kind a group
/// appended, in one statement where the backend allows.
pub type WriteAll<R> = fn(&mut DbConn, &[R]) -> QueryResult<()>;

/// The rows of one kind waiting in this thread's group.
trait Waiting {
    fn as_any(&mut self) -> &mut dyn Any;
    fn write(&self, conn: &mut DbConn) -> QueryResult<()>;
}

/// The rows of type `R`, and how they are written.
struct Rows<R> {
    rows: Vec<R>,
    write: WriteAll<R>,
}

impl<R: 'static> Waiting for Rows<R> {
    fn as_any(&mut self) -> &mut dyn Any {
        self
    }

    fn write(&self, conn: &mut DbConn) -> QueryResult<()> {
        (self.write)(conn, &self.rows)
    }
}

thread_local! {
    /// The rows this thread's group appended, kind by kind in the order
    /// each kind first came.
    static WAITING: RefCell<Vec<Box<dyn Waiting>>> = const { RefCell::new(Vec::new()) };
}

/// Adds `row`, a row of a record this very write creates, to the rows its
/// group writes after its last write (see the module); outside a group,
/// writes it at once. The type of the row names its kind: one type, one
/// `write`.
pub fn append<R: 'static>(conn: &mut DbConn, row: R, write: WriteAll<R>) -> QueryResult<()> {
    if !super::backend::in_group(conn) {
        return write(conn, std::slice::from_ref(&row));
    }
    WAITING.with_borrow_mut(|waiting| {
        match waiting
            .iter_mut()
            .find_map(|kind| kind.as_any().downcast_mut::<Rows<R>>())
        {
            Some(kind) => kind.rows.push(row),
            None => waiting.push(Box::new(Rows {
                rows: vec![row],
                write,
            })),
        }
    });
    Ok(())
}

/// Writes now the rows the writes of this thread's group appended, inside
/// its transaction: at the end of the group, and before a write deletes
/// rows of a kind that waits by something other than their new record's
/// key (an erasure deletes the flags that point to the erased application,
/// and a new application's flag may point to it). Outside a group nothing
/// waits.
pub fn settle(conn: &mut DbConn) -> QueryResult<()> {
    // Taken out first: a kind's writer must not find itself still waiting.
    let waiting = WAITING.take();
    waiting.iter().try_for_each(|kind| kind.write(conn))
}

/// Drops what a group that failed left waiting: its writes are replayed,
/// each appending its rows again.
pub(super) fn forget() {
    WAITING.with_borrow_mut(Vec::clear);
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use diesel::prelude::*;

    use super::*;
    use crate::db::backend::{group_writes, write_transaction};
    use crate::db::schema::audit_log;
    use crate::db::testing::migrated;

    /// An audit row under this id, appended.
    struct Row(&'static str);

    thread_local! {
        /// How many rows each call of [`write_rows`] was given.
        static CALLS: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
    }

    fn write_rows(conn: &mut DbConn, rows: &[Row]) -> QueryResult<()> {
        let (calls, written) = CALLS.get();
        CALLS.set((calls + 1, written + rows.len()));
        for Row(id) in rows {
            let row = (
                audit_log::id.eq(*id),
                audit_log::actor.eq("cli"),
                audit_log::action.eq("test"),
                audit_log::created_at.eq(crate::db::now()),
            );
            crate::db::insert_row(conn, audit_log::table, row)?;
        }
        Ok(())
    }

    fn stored(conn: &mut DbConn, ids: &[&str]) -> i64 {
        let query = audit_log::table.filter(audit_log::id.eq_any(ids)).count();
        crate::db::on_backend!(conn, |c| query.get_result(c)).unwrap()
    }

    /// Runs `f` as the writes of a group, in its transaction.
    fn group<T>(
        conn: &mut DbConn,
        f: impl FnOnce(&mut DbConn) -> QueryResult<T>,
    ) -> QueryResult<T> {
        write_transaction(conn, |conn| group_writes(conn, f))
    }

    #[test]
    fn the_rows_a_group_appends_are_written_together_after_its_last_write() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = migrated(&dir);
        CALLS.set((0, 0));
        let seen_inside = group(&mut conn, |conn| {
            append(conn, Row("a"), write_rows)?;
            append(conn, Row("b"), write_rows)?;
            Ok(stored(conn, &["a", "b"]))
        })
        .unwrap();
        assert_eq!(seen_inside, 0, "waiting until the group's last write");
        assert_eq!(stored(&mut conn, &["a", "b"]), 2);
        assert_eq!(CALLS.get(), (1, 2), "one call for both rows");
    }

    #[test]
    fn outside_a_group_an_appended_row_is_written_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = migrated(&dir);
        let seen_inside = write_transaction(&mut conn, |conn| {
            append(conn, Row("alone"), write_rows)?;
            QueryResult::Ok(stored(conn, &["alone"]))
        })
        .unwrap();
        assert_eq!(seen_inside, 1);
    }

    #[test]
    fn the_rows_of_a_group_that_failed_are_not_written_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = migrated(&dir);
        let failed = group(&mut conn, |conn| {
            append(conn, Row("lost"), write_rows)?;
            QueryResult::<()>::Err(diesel::result::Error::RollbackTransaction)
        });
        assert!(failed.is_err());
        group(&mut conn, |conn| {
            append(conn, Row("kept"), write_rows)?;
            Ok(())
        })
        .unwrap();
        assert_eq!(stored(&mut conn, &["lost"]), 0);
        assert_eq!(stored(&mut conn, &["kept"]), 1);
    }
}

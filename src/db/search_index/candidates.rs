//! The applications the trigram index names for a term, with their place
//! in the queue's order.
//!
//! The index knows nothing of the queue's order, and each query of a
//! request used to read every candidate's row to sort them: a town in
//! 1 800 applications of a million cost its page 1 800 look-ups for the 50
//! rows it shows. Each key of the index now carries its application's
//! `created_at` (migration `000019_search_keys_with_their_time`), so the
//! candidates come sorted from the index alone, and the queue's page reads
//! them a few at a time in its order (see
//! [`crate::moderation::queue::page`]). They are only candidates: the
//! index keeps no positions, and `LIKE` keeps those that hold the term.

use chrono::NaiveDateTime;

/// An application whose text may hold the term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: String,
    pub created_at: NaiveDateTime,
}

impl Candidate {
    /// Where the application stands in the queue's order (oldest first),
    /// as the queries' `ORDER BY created_at, id` sort it: diesel writes
    /// every timestamp in one format, whose text sorts as its time does,
    /// and ids compare byte by byte.
    pub fn key(&self) -> (NaiveDateTime, &str) {
        (self.created_at, &self.id)
    }
}

/// `candidates` oldest first, each once (a text changed since the index
/// took it may be named both by the index and among the changes).
pub fn in_queue_order(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.sort_unstable_by(|a, b| a.key().cmp(&b.key()));
    candidates.dedup_by(|a, b| a.id == b.id);
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(id: &str, seconds: u32) -> Candidate {
        Candidate {
            id: id.into(),
            created_at: chrono::NaiveDate::from_ymd_opt(2026, 12, 6)
                .unwrap()
                .and_hms_opt(10, 0, seconds)
                .unwrap(),
        }
    }

    #[test]
    fn candidates_come_oldest_first_then_by_id_and_each_once() {
        let sorted = in_queue_order(vec![at("c", 2), at("b", 1), at("a", 2), at("b", 1)]);
        assert_eq!(sorted, [at("b", 1), at("a", 2), at("c", 2)]);
    }
}

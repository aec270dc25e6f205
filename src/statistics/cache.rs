//! The last count of each scope, kept in memory: counting every figure of a
//! million applications takes seconds, and a moderator who opens the
//! dashboard, or anyone who opens the public page, should not wait for it
//! nor be able to make the database do it again and again.
//!
//! A count younger than the configured age is served as it is; an older one
//! is served at once while a new count runs in the background; one older
//! than ten times that age, or a scope never counted, is counted while the
//! request waits. Requests for a scope being counted wait for that count
//! rather than start their own. Every page says when its figures were
//! counted. An age of zero counts at every request.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;

use super::{Figures, Scope};
use crate::db::{self, DbError};

/// Which figures of a scope: the dashboard's, or the public typology.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Dashboard,
    Typology,
}

/// Figures as counted, and when.
#[derive(Debug, Clone)]
pub struct Counted {
    pub figures: Arc<Figures>,
    pub counted_at: NaiveDateTime,
}

#[derive(Debug, Default)]
struct Slot {
    last: Option<(Counted, Instant)>,
    refreshing: bool,
}

type SlotRef = Arc<tokio::sync::Mutex<Slot>>;

/// Beyond this many scopes the idle ones are forgotten (a period typed in
/// the URL is a new scope).
const MAX_SCOPES: usize = 64;

/// The counts of every scope asked for, shared by the requests of one
/// instance.
#[derive(Debug)]
pub struct FiguresCache {
    max_age: Duration,
    slots: Mutex<HashMap<(Kind, Scope), SlotRef>>,
}

impl FiguresCache {
    /// A cache serving counts up to `max_age` old without counting again.
    pub fn new(max_age: Duration) -> FiguresCache {
        FiguresCache {
            max_age,
            slots: Mutex::new(HashMap::new()),
        }
    }

    fn slot(&self, key: (Kind, Scope)) -> SlotRef {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        if slots.len() >= MAX_SCOPES && !slots.contains_key(&key) {
            // Only this map holds an idle slot.
            slots.retain(|_, slot| Arc::strong_count(slot) > 1);
        }
        slots.entry(key).or_default().clone()
    }

    /// The figures of `scope`, from the last count or from `count`.
    pub async fn get<F, Fut>(&self, kind: Kind, scope: &Scope, count: F) -> Result<Counted, DbError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Figures, DbError>> + Send + 'static,
    {
        let slot = self.slot((kind, scope.clone()));
        let mut guard = slot.lock().await;
        if let Some((counted, at)) = &guard.last {
            let age = at.elapsed();
            if age <= self.max_age {
                return Ok(counted.clone());
            }
            if age <= self.max_age * 10 {
                let served = counted.clone();
                if !guard.refreshing {
                    guard.refreshing = true;
                    let (slot, work) = (slot.clone(), count());
                    tokio::spawn(async move {
                        let result = work.await;
                        let mut guard = slot.lock().await;
                        guard.refreshing = false;
                        match result {
                            Ok(figures) => {
                                guard.last = Some((counted_now(figures), Instant::now()))
                            }
                            Err(e) => tracing::warn!(error = %e, "statistics not counted again"),
                        }
                    });
                }
                return Ok(served);
            }
        }
        // Counted while the request waits, the slot held so that the
        // requests behind it get this count.
        let counted = counted_now(count().await?);
        if !self.max_age.is_zero() {
            guard.last = Some((counted.clone(), Instant::now()));
        }
        Ok(counted)
    }
}

fn counted_now(figures: Figures) -> Counted {
    Counted {
        figures: Arc::new(figures),
        counted_at: db::now(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicI64, Ordering};

    fn counter() -> (
        Arc<AtomicI64>,
        impl Fn() -> std::future::Ready<Result<Figures, DbError>>,
    ) {
        let n = Arc::new(AtomicI64::new(0));
        let seen = n.clone();
        (n, move || {
            let total = seen.fetch_add(1, Ordering::SeqCst) + 1;
            std::future::ready(Ok(Figures {
                total,
                ..Figures::default()
            }))
        })
    }

    /// The total of the figures `cache` serves for `scope`.
    async fn total<F, Fut>(cache: &FiguresCache, kind: Kind, scope: &Scope, count: F) -> i64
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Figures, DbError>> + Send + 'static,
    {
        cache.get(kind, scope, count).await.unwrap().figures.total
    }

    #[tokio::test]
    async fn a_fresh_count_is_served_again_and_a_stale_one_is_served_while_counted_anew() {
        let cache = FiguresCache::new(Duration::from_millis(200));
        let scope = Scope::default();
        let (counts, count) = counter();
        let first = cache.get(Kind::Dashboard, &scope, &count).await.unwrap();
        let again = cache.get(Kind::Dashboard, &scope, &count).await.unwrap();
        assert_eq!((first.figures.total, again.figures.total), (1, 1));
        assert_eq!(counts.load(Ordering::SeqCst), 1, "counted once");
        assert_eq!(
            again.counted_at, first.counted_at,
            "with the time of its count"
        );
        // Another kind or scope is counted apart.
        let other = Scope {
            status: Some(crate::applications::Status::Active),
            ..Scope::default()
        };
        assert_eq!(total(&cache, Kind::Dashboard, &other, &count).await, 2);
        assert_eq!(total(&cache, Kind::Typology, &scope, &count).await, 3);
        tokio::time::sleep(Duration::from_millis(250)).await;
        let stale = cache.get(Kind::Dashboard, &scope, &count).await.unwrap();
        assert_eq!(stale.figures.total, 1, "the stale count is served at once");
        for _ in 0..100 {
            if total(&cache, Kind::Dashboard, &scope, &count).await == 4 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the background count never replaced the stale one");
    }

    #[tokio::test]
    async fn a_count_too_old_or_an_age_of_zero_counts_while_the_request_waits() {
        let cache = FiguresCache::new(Duration::from_millis(20));
        let scope = Scope::default();
        let (_, count) = counter();
        total(&cache, Kind::Dashboard, &scope, &count).await;
        tokio::time::sleep(Duration::from_millis(250)).await;
        let late = total(&cache, Kind::Dashboard, &scope, &count).await;
        assert_eq!(late, 2, "older than ten times the age");

        let never = FiguresCache::new(Duration::ZERO);
        let (counts, count) = counter();
        for want in 1..=3 {
            assert_eq!(total(&never, Kind::Dashboard, &scope, &count).await, want);
        }
        assert_eq!(counts.load(Ordering::SeqCst), 3);
    }
}

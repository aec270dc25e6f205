//! A closed-loop load generator: `clients` tasks each send one request,
//! wait for its answer and send the next, until the time is up. Latencies
//! are kept whole (no histogram buckets) and percentiles taken by rank.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What a run measured.
#[derive(Debug, Clone, Default)]
pub struct Run {
    /// Requests answered as expected.
    pub ok: u64,
    /// Requests answered otherwise, or not at all.
    pub errors: u64,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// Latency of every request, sorted.
    pub latencies: Vec<Duration>,
}

impl Run {
    /// Successful requests per second.
    pub fn rate(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// The latency at `p` (0–100) by nearest rank.
    pub fn percentile(&self, p: f64) -> Duration {
        percentile(&self.latencies, p)
    }
}

/// The value at `p` (0–100) of sorted `values`, by nearest rank.
pub fn percentile(values: &[Duration], p: f64) -> Duration {
    if values.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * values.len() as f64).ceil() as usize;
    values[rank.clamp(1, values.len()) - 1]
}

/// Runs `request(n)` from `clients` concurrent loops for `length`; `n`
/// counts every request of the run, so each can be made unique. The future
/// says whether the answer was the expected one.
pub async fn run<F, Fut>(clients: usize, length: Duration, request: F) -> Run
where
    F: Fn(u64) -> Option<Fut> + Send + Sync + 'static,
    Fut: Future<Output = bool> + Send,
{
    let request = Arc::new(request);
    let counter = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let start = Instant::now();
    let deadline = start + length;
    let mut tasks = Vec::with_capacity(clients);
    for _ in 0..clients {
        let (request, counter) = (request.clone(), counter.clone());
        tasks.push(tokio::spawn(async move {
            let mut mine = Run::default();
            while Instant::now() < deadline {
                let n = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                // Nothing left to send (every application approved): this
                // client is done, and the run lasts until the last one is.
                let Some(answer) = request(n) else { break };
                let sent = Instant::now();
                let ok = answer.await;
                mine.latencies.push(sent.elapsed());
                if ok {
                    mine.ok += 1;
                } else {
                    mine.errors += 1;
                }
            }
            mine
        }));
    }
    let mut all = Run::default();
    for task in tasks {
        let part = task.await.unwrap_or_default();
        all.ok += part.ok;
        all.errors += part.errors;
        all.latencies.extend(part.latencies);
    }
    all.elapsed = start.elapsed();
    all.latencies.sort_unstable();
    all
}

/// Sends `count` requests one after the other (a person clicking) and
/// keeps their latencies; stops early once `budget` is spent and five
/// requests were made.
pub async fn sequential<F, Fut>(count: usize, budget: Duration, request: F) -> Run
where
    F: Fn(u64) -> Fut,
    Fut: Future<Output = bool>,
{
    let start = Instant::now();
    let mut all = Run::default();
    for n in 0..count as u64 {
        if n >= 5 && start.elapsed() > budget {
            break;
        }
        let sent = Instant::now();
        let ok = request(n).await;
        all.latencies.push(sent.elapsed());
        if ok {
            all.ok += 1;
        } else {
            all.errors += 1;
        }
    }
    all.elapsed = start.elapsed();
    all.latencies.sort_unstable();
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_taken_by_nearest_rank() {
        let values: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&values, 50.0), Duration::from_millis(50));
        assert_eq!(percentile(&values, 99.0), Duration::from_millis(99));
        assert_eq!(percentile(&values, 100.0), Duration::from_millis(100));
        assert_eq!(percentile(&[], 50.0), Duration::ZERO);
    }
}

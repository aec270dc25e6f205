//! The dispatcher: claims due deliveries with a lease, sends each over HTTP
//! outside any transaction, logs the attempt, and schedules the next one.
//! A semaphore per endpoint keeps one slow endpoint from taking every slot.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::TimeDelta;
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;

use super::deliveries::{self, Next, Outcome};
use super::endpoints;
use crate::db::{self, backend};
use crate::jobs::{self, Job};
use crate::state::SharedState;

/// Deliveries claimed at once.
const BATCH: i64 = 64;
/// Deliveries in flight at once to one endpoint (per instance).
const PER_ENDPOINT: usize = 8;
/// The response body kept in the attempt log.
const BODY_CAP: usize = 20 * 1024;
/// The longest `Retry-After` honoured.
const RETRY_AFTER_CAP: TimeDelta = TimeDelta::hours(6);

/// Runs until `shutdown`; deliveries in flight finish first.
pub async fn run(state: SharedState, worker_id: String, mut shutdown: watch::Receiver<bool>) {
    state.webhook_client.prepare().await;
    let gates: Arc<Mutex<HashMap<String, Arc<Semaphore>>>> = Arc::default();
    let mut running = JoinSet::new();
    while !*shutdown.borrow() {
        // The next batch is claimed once half of the last one is done,
        // rather than after all of it: the claim and the commits of the
        // outcomes overlap with sending, and one slow answer no longer
        // holds up the deliveries behind it.
        if running.len() > BATCH as usize / 2 {
            running.join_next().await;
            continue;
        }
        let claimed = claim(&state, &worker_id).await;
        match claimed {
            Ok(batch) if !batch.is_empty() => {
                for delivery in batch {
                    let gate = {
                        let mut gates = gates.lock().unwrap_or_else(|e| e.into_inner());
                        gates
                            .entry(delivery.endpoint.id.clone())
                            .or_insert_with(|| Arc::new(Semaphore::new(PER_ENDPOINT)))
                            .clone()
                    };
                    let (state, worker_id) = (state.clone(), worker_id.clone());
                    running.spawn(async move {
                        let _permit = gate.acquire_owned().await;
                        deliver(&state, &worker_id, delivery).await;
                    });
                }
            }
            // Those in flight finish first: their outcomes may schedule
            // the next due delivery.
            Ok(_) if !running.is_empty() => while running.join_next().await.is_some() {},
            Ok(_) => wait(&state, &mut shutdown).await,
            Err(e) => {
                tracing::warn!(error = %e, "cannot claim deliveries; retrying");
                tokio::select! { _ = shutdown.changed() => {}, _ = tokio::time::sleep(Duration::from_secs(1)) => {} }
            }
        }
    }
    // Deliveries in flight finish before their leases are given back.
    while running.join_next().await.is_some() {}
    let released = state
        .db(move |conn| deliveries::release(conn, &worker_id).map_err(db::DbError::from))
        .await;
    if let Err(e) = released {
        tracing::warn!(error = %e, "cannot release deliveries; their leases will expire");
    }
}

async fn wait(state: &SharedState, shutdown: &mut watch::Receiver<bool>) {
    let next = state
        .db(|conn| deliveries::next_due(conn).map_err(db::DbError::from))
        .await
        .ok()
        .flatten();
    let (poll, wakeup) = (state.settings.job_poll_ms, &state.deliveries_wakeup);
    crate::jobs::worker::sleep_until_due(next, poll, wakeup, shutdown).await;
}

/// A claimed delivery with what sending it needs.
struct Ready {
    claimed: backend::ClaimedDelivery,
    body: String,
    event_created: chrono::NaiveDateTime,
    endpoint: Arc<endpoints::Endpoint>,
}

/// Leases a batch of due deliveries (the lease committed, see
/// [`AppState::claim`](crate::state::AppState::claim)), then loads their
/// events and endpoints with two queries for the whole batch.
async fn claim(state: &SharedState, worker_id: &str) -> Result<Vec<Ready>, db::DbError> {
    let worker_id = worker_id.to_string();
    let claimed = state
        .claim(move |conn| {
            let now = db::now();
            backend::claim_deliveries(conn, &worker_id, now, now + TimeDelta::seconds(60), BATCH)
                .map_err(db::DbError::from)
        })
        .await?;
    if claimed.is_empty() {
        return Ok(Vec::new());
    }
    state.db(move |conn| ready(conn, claimed)).await
}

/// The claimed deliveries with their events' bodies and their endpoints.
fn ready(
    conn: &mut db::DbConn,
    claimed: Vec<backend::ClaimedDelivery>,
) -> Result<Vec<Ready>, db::DbError> {
    let event_ids: Vec<String> = claimed.iter().map(|c| c.event_id.clone()).collect();
    let endpoint_ids: Vec<String> = claimed.iter().map(|c| c.endpoint_id.clone()).collect();
    let bodies: HashMap<String, (String, chrono::NaiveDateTime)> =
        deliveries::event_bodies(conn, &event_ids)?
            .into_iter()
            .map(|(id, body, at)| (id, (body, at)))
            .collect();
    let targets: HashMap<String, Arc<endpoints::Endpoint>> =
        endpoints::find_many(conn, &endpoint_ids)?
            .into_iter()
            .map(|e| (e.id.clone(), Arc::new(e)))
            .collect();
    // Events and endpoints cascade to their deliveries, so a claimed
    // delivery finds both; one that does not is left to its lease.
    Ok(claimed
        .into_iter()
        .filter_map(|c| {
            let endpoint = targets.get(&c.endpoint_id)?.clone();
            let (body, event_created) = bodies.get(&c.event_id)?.clone();
            Some(Ready {
                claimed: c,
                body,
                event_created,
                endpoint,
            })
        })
        .collect())
}

/// Sends one delivery and records what happened.
async fn deliver(state: &SharedState, worker_id: &str, ready: Ready) {
    let Ready {
        claimed,
        body,
        event_created,
        endpoint,
    } = ready;
    let started = db::now();
    let clock = Instant::now();
    let timestamp = chrono::Utc::now().timestamp();
    let signatures: Vec<String> = endpoint
        .signing_secrets(started)
        .iter()
        .map(|s| s.sign(&claimed.event_id, timestamp, body.as_bytes()))
        .collect();
    // An address written in the URL is not resolved, so the guard of the
    // resolver does not see it: it is checked here, at every delivery.
    let literal_refused = url::Url::parse(&endpoint.url)
        .ok()
        .and_then(|u| match u.host() {
            Some(url::Host::Ipv4(ip)) => Some(std::net::IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => Some(std::net::IpAddr::V6(ip)),
            _ => None,
        });
    let literal_refused = literal_refused.is_some_and(|ip| !state.address_policy.permits(ip));
    let sent = if literal_refused {
        Err(Refused::Address)
    } else {
        match state.webhook_client.get().await {
            Ok(client) => client
                .post(&endpoint.url)
                .header("content-type", "application/json")
                .header("webhook-id", &claimed.event_id)
                .header("webhook-timestamp", timestamp.to_string())
                .header("webhook-signature", signatures.join(" "))
                .body(body.clone())
                .send()
                .await
                .map_err(Refused::Transport),
            Err(e) => Err(Refused::Client(e)),
        }
    };
    let mut outcome = Outcome {
        started_at: started,
        duration_ms: 0,
        status_code: None,
        error: None,
        response_headers: None,
        response_body: None,
    };
    let mut retry_after: Option<TimeDelta> = None;
    match sent {
        Ok(response) => {
            let status = response.status().as_u16();
            outcome.status_code = Some(status.into());
            let headers: serde_json::Map<String, serde_json::Value> = response
                .headers()
                .iter()
                .take(50)
                .map(|(k, v)| {
                    (
                        k.to_string(),
                        serde_json::Value::String(
                            v.to_str().unwrap_or("").chars().take(500).collect(),
                        ),
                    )
                })
                .collect();
            if matches!(status, 429 | 503) {
                retry_after = response
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<i64>().ok())
                    .map(|s| TimeDelta::seconds(s.max(0)).min(RETRY_AFTER_CAP));
            }
            outcome.response_headers = Some(serde_json::Value::Object(headers).to_string());
            outcome.response_body = Some(read_capped(response).await);
            if !(200..300).contains(&status) {
                outcome.error = Some(format!("HTTP {status}"));
            }
        }
        Err(Refused::Transport(e)) => outcome.error = Some(describe(&e)),
        Err(Refused::Address) => {
            outcome.error = Some("address not allowed by webhook_allowed_networks".into())
        }
        Err(Refused::Client(e)) => outcome.error = Some(e.to_string()),
    }
    outcome.duration_ms = clock.elapsed().as_millis().min(i32::MAX as u128) as i32;
    let success = outcome.status_code.is_some_and(|s| (200..300).contains(&s));
    let gone = outcome.status_code == Some(410);
    let next = if success {
        Next::Succeeded
    } else if gone {
        Next::Failed
    } else {
        match deliveries::retry_delay(
            &state.settings.webhook_retry_schedule_secs,
            claimed.attempts,
        ) {
            Some(delay) => Next::RetryAt(db::now() + retry_after.map_or(delay, |r| r.max(delay))),
            None => Next::Failed,
        }
    };
    state.metrics.record_attempt(success, outcome.duration_ms);
    if success {
        let latency = (db::now() - event_created).num_milliseconds().max(0);
        state
            .metrics
            .record_delivery_latency(latency as f64 / 1000.0);
    }
    let worker_id = worker_id.to_string();
    let disable_after = TimeDelta::days(state.settings.webhook_disable_after_days.into());
    // The outcomes of a claimed batch arrive together: they share commits.
    let recorded = state
        .write(move |conn| {
            let now = db::now();
            backend::write_transaction(conn, |conn| {
                deliveries::record(
                    conn,
                    &claimed.id,
                    &worker_id,
                    claimed.attempts,
                    &outcome,
                    next,
                    now,
                )?;
                if gone {
                    // 410 Gone: the consumer asks never to be called again.
                    endpoints::set_enabled(conn, &endpoint.id, false, Some("410 Gone"), now)?;
                    return Ok::<_, diesel::result::Error>(());
                }
                let failing_since = endpoints::note_outcome(conn, &endpoint.id, success, now)?;
                if failing_since.is_some_and(|since| now - since > disable_after) {
                    endpoints::set_enabled(
                        conn,
                        &endpoint.id,
                        false,
                        Some("failing for too long"),
                        now,
                    )?;
                    jobs::enqueue(
                        conn,
                        &Job::EndpointDisabledEmail {
                            endpoint_id: endpoint.id.clone(),
                        },
                        now,
                    )?;
                }
                Ok(())
            })
            .map_err(db::DbError::from)
        })
        .await;
    if let Err(e) = recorded {
        tracing::warn!(error = %e, "cannot record a delivery attempt; the lease will bring it back");
    }
}

/// Why a delivery got no answer.
enum Refused {
    /// The URL's literal address is outside the allowed networks.
    Address,
    /// No client to send it with.
    Client(super::client::ClientError),
    /// The request failed on its way.
    Transport(reqwest::Error),
}

/// The response body, at most [`BODY_CAP`] bytes of it.
async fn read_capped(mut response: reqwest::Response) -> String {
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        let room = BODY_CAP.saturating_sub(body.len());
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() >= BODY_CAP {
            break;
        }
    }
    String::from_utf8_lossy(&body).into_owned()
}

/// A transport error in words, without the URL (which may carry a token).
fn describe(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "connection failed"
    } else if e.is_redirect() {
        "redirect refused"
    } else {
        "request failed"
    };
    let mut source = std::error::Error::source(e);
    let mut detail = String::new();
    while let Some(s) = source {
        detail = s.to_string();
        source = s.source();
    }
    if detail.is_empty() {
        kind.to_string()
    } else {
        format!("{kind}: {detail}")
    }
}

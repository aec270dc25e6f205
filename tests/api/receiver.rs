//! A real HTTP receiver for webhook tests: records every request and
//! answers from a script (status, Retry-After, delay), 200 when the script
//! is empty.

use std::collections::VecDeque;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};

/// One request as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub id: String,
    pub timestamp: i64,
    pub signature: String,
    pub body: String,
    pub at: Instant,
}

/// How to answer one request.
#[derive(Debug, Clone)]
pub enum Answer {
    Status(u16),
    RetryAfter(u16, u64),
    Redirect(String),
    /// Answer 200, but only after this long.
    Slow(Duration),
    /// Answer 200 and close the connection, so the next request connects
    /// (and resolves the name) anew.
    Close,
}

#[derive(Default)]
struct Shared {
    received: Mutex<Vec<Received>>,
    script: Mutex<VecDeque<Answer>>,
}

/// The receiver; it runs until the test's runtime ends.
pub struct Receiver {
    pub url: String,
    shared: Arc<Shared>,
}

impl Receiver {
    /// Starts a receiver on a free port, or on `listener`.
    pub fn start(listener: Option<TcpListener>) -> Receiver {
        let listener = listener.unwrap_or_else(|| TcpListener::bind("127.0.0.1:0").unwrap());
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Shared::default());
        let data = web::Data::from(shared.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .default_service(web::to(handle))
        })
        .workers(2)
        .listen(listener)
        .unwrap()
        .run();
        tokio::spawn(server);
        Receiver {
            url: format!("http://127.0.0.1:{port}/hooks"),
            shared,
        }
    }

    /// Answers to give, in order, before going back to 200.
    pub fn script(&self, answers: impl IntoIterator<Item = Answer>) {
        self.shared.script.lock().unwrap().extend(answers);
    }

    /// Everything received so far.
    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }

    /// Waits until `n` requests arrived.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Received> {
        crate::helpers::wait_until(timeout, || {
            let r = self.received();
            (r.len() >= n).then_some(r)
        })
        .await
        .unwrap_or_else(|| {
            panic!(
                "expected {n} webhook request(s), got {}",
                self.received().len()
            )
        })
    }
}

async fn handle(req: HttpRequest, body: web::Bytes, shared: web::Data<Shared>) -> HttpResponse {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    shared.received.lock().unwrap().push(Received {
        id: header("webhook-id"),
        timestamp: header("webhook-timestamp").parse().unwrap_or(0),
        signature: header("webhook-signature"),
        body: String::from_utf8_lossy(&body).into_owned(),
        at: Instant::now(),
    });
    let answer = shared.script.lock().unwrap().pop_front();
    match answer {
        None => HttpResponse::Ok().body("thanks"),
        Some(Answer::Status(code)) => {
            HttpResponse::build(actix_web::http::StatusCode::from_u16(code).unwrap())
                .body("scripted")
        }
        Some(Answer::RetryAfter(code, secs)) => {
            HttpResponse::build(actix_web::http::StatusCode::from_u16(code).unwrap())
                .insert_header(("retry-after", secs.to_string()))
                .finish()
        }
        Some(Answer::Redirect(to)) => HttpResponse::Found()
            .insert_header(("location", to))
            .finish(),
        Some(Answer::Close) => HttpResponse::Ok().force_close().body("bye"),
        Some(Answer::Slow(wait)) => {
            tokio::time::sleep(wait).await;
            HttpResponse::Ok().body("too late")
        }
    }
}

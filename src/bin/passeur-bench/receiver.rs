//! A fast webhook receiver: answers 200 at once, counts what it gets and
//! notes when each application's event arrived.

use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use actix_web::{web, App, HttpResponse, HttpServer};

#[derive(Default)]
struct Shared {
    count: AtomicU64,
    arrivals: Mutex<HashMap<String, Instant>>,
}

/// The receiver; it runs until the bench ends.
pub struct Receiver {
    /// Its address on loopback (any path is taken).
    pub base: String,
    shared: Arc<Shared>,
}

impl Receiver {
    /// Starts a receiver on a free port.
    pub fn start() -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port for the receiver");
        let port = listener.local_addr().expect("its address").port();
        let shared = Arc::new(Shared::default());
        let data = web::Data::from(shared.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .default_service(web::to(receive))
        })
        .workers(1)
        .listen(listener)
        .expect("the receiver listens")
        .run();
        tokio::spawn(server);
        Receiver {
            base: format!("http://127.0.0.1:{port}"),
            shared,
        }
    }

    /// Requests received so far.
    pub fn count(&self) -> u64 {
        self.shared.count.load(Ordering::Relaxed)
    }

    /// When the first event about `application_id` arrived.
    pub fn arrival(&self, application_id: &str) -> Option<Instant> {
        self.shared
            .arrivals
            .lock()
            .expect("arrivals")
            .get(application_id)
            .copied()
    }
}

async fn receive(body: web::Bytes, shared: web::Data<Shared>) -> HttpResponse {
    let at = Instant::now();
    shared.count.fetch_add(1, Ordering::Relaxed);
    let id = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v["data"]["application"]["id"].as_str().map(str::to_string));
    if let Some(id) = id {
        shared
            .arrivals
            .lock()
            .expect("arrivals")
            .entry(id)
            .or_insert(at);
    }
    HttpResponse::Ok().finish()
}

//! An example provisioning service: it receives Passeur's signed webhooks,
//! checks them, answers at once, creates the space in the background and
//! calls Passeur back.
//!
//! ```sh
//! PASSEUR_WEBHOOK_SECRET=whsec_… PASSEUR_TOKEN=psr_… \
//!     cargo run --example provisioner -- 127.0.0.1:9000
//! ```
//!
//! Register it with `passeur webhook add http://127.0.0.1:9000/hooks --event
//! application.approved` (and `webhook_allowed_networks = "127.0.0.0/8"`,
//! since it listens on loopback).

use std::collections::HashSet;
use std::sync::Mutex;

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How far a webhook's timestamp may be from our clock (replay protection).
const TOLERANCE_SECONDS: i64 = 5 * 60;

struct Config {
    key: Vec<u8>,
    token: String,
    /// Message ids already handled: a retry of a handled message is
    /// acknowledged and not acted upon twice.
    seen: Mutex<HashSet<String>>,
}

/// Checks `webhook-signature` (one or more `v1,<base64>` separated by
/// spaces) against HMAC-SHA256 over `"{id}.{timestamp}.{body}"`.
fn verify(key: &[u8], id: &str, timestamp: &str, body: &[u8], header: &str) -> bool {
    let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(key) else {
        return false;
    };
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    header
        .split(' ')
        .filter_map(|s| s.strip_prefix("v1,"))
        .filter_map(|s| STANDARD.decode(s).ok())
        .any(|sig| mac.clone().verify_slice(&sig).is_ok())
}

async fn hook(req: HttpRequest, body: web::Bytes, config: web::Data<Config>) -> HttpResponse {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    };
    let (id, timestamp, signature) = (
        header("webhook-id"),
        header("webhook-timestamp"),
        header("webhook-signature"),
    );
    let fresh = timestamp
        .parse::<i64>()
        .is_ok_and(|t| (chrono::Utc::now().timestamp() - t).abs() <= TOLERANCE_SECONDS);
    if !fresh || !verify(&config.key, id, timestamp, &body, signature) {
        return HttpResponse::Unauthorized().body("bad signature");
    }
    if !config.seen.lock().unwrap().insert(id.to_string()) {
        return HttpResponse::NoContent().finish(); // Already handled.
    }
    let Ok(event) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return HttpResponse::BadRequest().finish();
    };
    if event["type"] == "application.approved" {
        let callback = event["data"]["callback_url"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let space = event["data"]["application"]["space_name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let token = config.token.clone();
        // Answer now; the slow work happens after.
        actix_web::rt::spawn(async move {
            println!("creating space {space} …");
            let report = serde_json::json!({
                "status": "active",
                "space_url": format!("https://{space}.cloud.example.org/"),
                "message": "created by the example provisioner",
            });
            let sent = reqwest::Client::new()
                .post(&callback)
                .bearer_auth(token)
                .json(&report)
                .send()
                .await;
            match sent {
                Ok(r) => println!("callback answered {}", r.status()),
                Err(e) => eprintln!("callback failed: {e}"),
            }
        });
    }
    HttpResponse::NoContent().finish()
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let bind = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:9000".into());
    let secret = std::env::var("PASSEUR_WEBHOOK_SECRET").unwrap_or_default();
    let key = secret
        .strip_prefix("whsec_")
        .and_then(|s| STANDARD.decode(s).ok())
        .expect("PASSEUR_WEBHOOK_SECRET must be the whsec_… secret of the endpoint");
    let token = std::env::var("PASSEUR_TOKEN")
        .expect("PASSEUR_TOKEN must be a token from `passeur token add`");
    let config = web::Data::new(Config {
        key,
        token,
        seen: Mutex::default(),
    });
    println!("listening on http://{bind}/hooks");
    HttpServer::new(move || {
        App::new()
            .app_data(config.clone())
            .route("/hooks", web::post().to(hook))
    })
    .bind(bind)?
    .run()
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_webhooks_reference_vector_verifies() {
        let key = STANDARD.decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let body = br#"{"test": 2432232314}"#;
        let good = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
        assert!(verify(
            &key,
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "1614265330",
            body,
            good
        ));
        assert!(verify(
            &key,
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "1614265330",
            body,
            &format!("v1,AAAA {good}")
        ));
        assert!(!verify(
            &key,
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "1614265331",
            body,
            good
        ));
    }
}

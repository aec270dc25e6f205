//! The HTTP surface: public pages, the JSON API, health and static assets.
//! Handlers are thin: they parse, call a synchronous service inside
//! `web::block` with a pooled connection, and render.

pub mod admin;
pub(crate) mod api;
pub mod api_moderation;
mod applicant;
pub(crate) mod assets;
mod body;
pub(crate) mod client;
mod error;
pub(crate) mod form_view;
mod health;
pub(crate) mod intake;
pub(crate) mod page;
mod provisioning;
pub(crate) mod public;
mod transparency;

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::DefaultHeaders;
use actix_web::{web, App, HttpServer};

use crate::state::SharedState;

pub use error::WebError;
pub use page::PageLang;

/// The Content-Security-Policy of every response: nothing but Passeur's own
/// origin, no inline script or style, no framing.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
    script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Builds the HTTP server on an already bound listener.
pub fn server(state: SharedState, listener: TcpListener) -> std::io::Result<Server> {
    let data = web::Data::from(state);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .wrap(security_headers())
            .wrap(
                actix_web::middleware::Logger::new("%a %{method}xi %{path}xi %s %Dms")
                    .custom_request_replace("method", |req| req.method().to_string())
                    .custom_request_replace("path", |req| redact_secrets(req.path()))
                    .exclude("/healthz"),
            )
            .configure(public_routes)
            .configure(admin::routes)
            .default_service(web::to(error::not_found))
    })
    .listen(listener)?
    .shutdown_timeout(10)
    .run();
    Ok(server)
}

/// Every route outside `/admin` as (method, path pattern). The server
/// registers exactly these, and together with [`admin::ROUTES`] they tell an
/// unknown method on a known path (405 with `Allow`) from an unknown path.
pub const PUBLIC_ROUTES: &[(&str, &str)] = &[
    ("GET", "/"),
    ("GET", "/apply"),
    ("POST", "/apply"),
    ("GET", "/apply/thanks"),
    ("POST", "/waiting-list"),
    ("GET", "/transparency"),
    ("GET", "/confirm/{token}"),
    ("GET", "/status/{token}"),
    ("POST", "/status/{token}/withdraw"),
    ("GET", "/status/{token}/data.json"),
    ("POST", "/status/{token}/delete"),
    ("GET", "/status/{token}/edit"),
    ("POST", "/status/{token}/edit"),
    ("POST", "/api/v1/applications"),
    ("GET", "/api/v1/applications"),
    ("GET", "/api/v1/applications/{id}"),
    ("POST", "/api/v1/applications/{id}/approve"),
    ("POST", "/api/v1/applications/{id}/refuse"),
    ("POST", "/api/v1/applications/{id}/request-info"),
    ("POST", "/api/v1/applications/{id}/provisioning"),
    ("GET", "/healthz"),
    ("GET", "/api/openapi.json"),
    ("GET", "/metrics"),
    ("GET", "/static/{file}"),
];

/// Registers every route of [`PUBLIC_ROUTES`] with its handler.
fn public_routes(cfg: &mut web::ServiceConfig) {
    for &(method, path) in PUBLIC_ROUTES {
        let handler = match (method, path) {
            ("GET", "/") => web::get().to(public::home),
            ("GET", "/apply") => web::get().to(public::apply_form),
            ("POST", "/apply") => web::post().to(public::apply_submit),
            ("GET", "/apply/thanks") => web::get().to(public::apply_thanks),
            ("POST", "/waiting-list") => web::post().to(intake::join),
            ("GET", "/transparency") => web::get().to(transparency::page),
            ("GET", "/confirm/{token}") => web::get().to(public::confirm),
            ("GET", "/status/{token}") => web::get().to(public::status),
            ("POST", "/status/{token}/withdraw") => web::post().to(public::withdraw),
            ("GET", "/status/{token}/data.json") => web::get().to(applicant::export_data),
            ("POST", "/status/{token}/delete") => web::post().to(applicant::delete),
            ("GET", "/status/{token}/edit") => web::get().to(public::edit_form),
            ("POST", "/status/{token}/edit") => web::post().to(public::edit_submit),
            ("POST", "/api/v1/applications") => web::post().to(api::submit),
            ("GET", "/api/v1/applications") => web::get().to(api_moderation::list),
            ("GET", "/api/v1/applications/{id}") => web::get().to(api_moderation::show),
            ("POST", "/api/v1/applications/{id}/approve") => {
                web::post().to(api_moderation::approve)
            }
            ("POST", "/api/v1/applications/{id}/refuse") => web::post().to(api_moderation::refuse),
            ("POST", "/api/v1/applications/{id}/request-info") => {
                web::post().to(api_moderation::request_info)
            }
            ("POST", "/api/v1/applications/{id}/provisioning") => {
                web::post().to(provisioning::report)
            }
            ("GET", "/healthz") => web::get().to(health::healthz),
            ("GET", "/api/openapi.json") => web::get().to(health::openapi),
            ("GET", "/metrics") => web::get().to(provisioning::metrics),
            ("GET", "/static/{file}") => web::get().to(assets::asset),
            // A table entry without a handler is a bug every test shows.
            (method, path) => panic!("no handler for {method} {path}"),
        };
        cfg.route(path, handler);
    }
}

/// The methods a path answers to, for the `Allow` header of a 405: empty
/// when no route has this path.
pub fn allowed_methods(path: &str) -> Vec<&'static str> {
    use std::sync::OnceLock;
    static PATTERNS: OnceLock<Vec<(&'static str, actix_web::dev::ResourceDef)>> = OnceLock::new();
    let patterns = PATTERNS.get_or_init(|| {
        PUBLIC_ROUTES
            .iter()
            .copied()
            .chain(admin::ROUTES.iter().map(|r| (r.method, r.path)))
            .map(|(method, path)| (method, actix_web::dev::ResourceDef::new(path)))
            .collect()
    });
    let mut methods: Vec<&'static str> = patterns
        .iter()
        .filter(|(_, def)| def.is_match(path))
        .map(|(method, _)| *method)
        .collect();
    methods.sort_unstable();
    methods.dedup();
    methods
}

/// A path as it may be logged: the secret part of applicant links is
/// replaced, since whoever reads the logs must not be able to act for the
/// applicant.
pub fn redact_secrets(path: &str) -> String {
    for prefix in ["/confirm/", "/status/"] {
        if let Some(rest) = path.strip_prefix(prefix) {
            let tail = rest.find('/').map_or("", |i| &rest[i..]);
            return format!("{prefix}…{tail}");
        }
    }
    path.to_string()
}

fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("Content-Security-Policy", CSP))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        // Status and confirmation links are secrets: never leak them.
        .add(("Referrer-Policy", "no-referrer"))
        .add((
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        ))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
}

#[cfg(test)]
mod tests {
    use super::{allowed_methods, redact_secrets};

    #[test]
    fn a_known_path_names_every_method_it_takes_and_an_unknown_one_none() {
        assert_eq!(allowed_methods("/apply"), ["GET", "POST"]);
        assert_eq!(allowed_methods("/api/v1/applications/42/approve"), ["POST"]);
        assert_eq!(allowed_methods("/admin/webhooks/7"), ["GET", "POST"]);
        assert!(allowed_methods("/apply/elsewhere").is_empty());
        assert!(allowed_methods("/static/a/b").is_empty());
    }

    #[test]
    fn applicant_links_are_not_logged() {
        assert_eq!(
            redact_secrets("/status/AbC123/withdraw"),
            "/status/…/withdraw"
        );
        assert_eq!(redact_secrets("/confirm/AbC123"), "/confirm/…");
        assert_eq!(redact_secrets("/apply"), "/apply");
    }
}

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
            .route("/", web::get().to(public::home))
            .route("/apply", web::get().to(public::apply_form))
            .route("/apply", web::post().to(public::apply_submit))
            .route("/apply/thanks", web::get().to(public::apply_thanks))
            .route("/waiting-list", web::post().to(intake::join))
            .route("/transparency", web::get().to(transparency::page))
            .route("/confirm/{token}", web::get().to(public::confirm))
            .route("/status/{token}", web::get().to(public::status))
            .route("/status/{token}/withdraw", web::post().to(public::withdraw))
            .route(
                "/status/{token}/data.json",
                web::get().to(applicant::export_data),
            )
            .route("/status/{token}/delete", web::post().to(applicant::delete))
            .route("/status/{token}/edit", web::get().to(public::edit_form))
            .route("/status/{token}/edit", web::post().to(public::edit_submit))
            .route("/api/v1/applications", web::post().to(api::submit))
            .route("/api/v1/applications", web::get().to(api_moderation::list))
            .route(
                "/api/v1/applications/{id}",
                web::get().to(api_moderation::show),
            )
            .route(
                "/api/v1/applications/{id}/approve",
                web::post().to(api_moderation::approve),
            )
            .route(
                "/api/v1/applications/{id}/refuse",
                web::post().to(api_moderation::refuse),
            )
            .route(
                "/api/v1/applications/{id}/request-info",
                web::post().to(api_moderation::request_info),
            )
            .route(
                "/api/v1/applications/{id}/provisioning",
                web::post().to(provisioning::report),
            )
            .route("/healthz", web::get().to(health::healthz))
            .route("/api/openapi.json", web::get().to(health::openapi))
            .route("/metrics", web::get().to(provisioning::metrics))
            .configure(admin::routes)
            .route("/static/{file}", web::get().to(assets::asset))
            .default_service(web::to(error::not_found))
    })
    .listen(listener)?
    .shutdown_timeout(10)
    .run();
    Ok(server)
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
    use super::redact_secrets;

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

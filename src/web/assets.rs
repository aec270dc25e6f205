//! Static assets, embedded in the binary and served by it: no CDN, no
//! third-party font or script.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};

use super::error::not_found;
use crate::state::AppState;

/// The assets by file name, with their media type.
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "passeur.css",
        "text/css; charset=utf-8",
        include_bytes!("../../static/passeur.css"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_bytes!("../../static/favicon.svg"),
    ),
    (
        "admin.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../static/admin.js"),
    ),
];

/// Whether `/static/{name}` is served (the templates' test checks every
/// link against it).
#[cfg(test)]
pub(crate) fn is_served(name: &str) -> bool {
    ASSETS.iter().any(|(n, _, _)| *n == name)
}

/// `GET /static/{file}`: only the names above; anything else (a path with
/// `..`, an encoded slash) is a plain 404.
pub async fn asset(
    req: HttpRequest,
    state: web::Data<AppState>,
    file: web::Path<String>,
) -> HttpResponse {
    match ASSETS.iter().find(|(name, _, _)| *name == file.as_str()) {
        Some((_, media_type, bytes)) => HttpResponse::Ok()
            .content_type(*media_type)
            .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
            .body(*bytes),
        None => not_found(req, state).await,
    }
}

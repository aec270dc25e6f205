//! Reading a request body with a size limit, so that an oversized body is a
//! clear 413 and never a 500.

use actix_web::web;
use futures_util::StreamExt;

use super::error::WebError;

/// Reads at most `limit` bytes of `payload`.
pub async fn read_limited(mut payload: web::Payload, limit: usize) -> Result<web::Bytes, WebError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| WebError::BadBody)?;
        if body.len() + chunk.len() > limit {
            return Err(WebError::TooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

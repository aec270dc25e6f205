//! The client's address, for rate limiting.

use std::net::IpAddr;

use actix_web::HttpRequest;

/// The address a request comes from: the peer, or behind a trusted reverse
/// proxy the address it forwarded.
pub fn address(req: &HttpRequest, trust_proxy_headers: bool) -> IpAddr {
    let peer = req
        .peer_addr()
        .map(|a| a.ip())
        .unwrap_or(IpAddr::from([127, 0, 0, 1]));
    if !trust_proxy_headers {
        return peer;
    }
    req.connection_info()
        .realip_remote_addr()
        .and_then(|a| {
            a.parse::<IpAddr>()
                .ok()
                .or_else(|| a.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
        })
        .unwrap_or(peer)
}

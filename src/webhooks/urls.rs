//! Which URLs a webhook may be sent to. The address checked is the address
//! connected to: the HTTP client resolves names through [`GuardedResolver`],
//! which drops every forbidden address, so a name that changes between the
//! check and the connection (DNS rebinding) still cannot reach inside.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use ipnet::IpNet;

use crate::applications::Problem;

/// The networks an administrator allowed despite being private.
#[derive(Debug, Clone, Default)]
pub struct AddressPolicy {
    allowed: Vec<IpNet>,
}

/// A `webhook_allowed_networks` entry that is not a network.
#[derive(Debug, thiserror::Error)]
#[error("invalid network {0:?} in webhook_allowed_networks (expected e.g. 10.0.0.0/8)")]
pub struct BadNetwork(String);

impl AddressPolicy {
    /// Reads a comma-separated list of CIDR networks (or single addresses).
    pub fn parse(list: &str) -> Result<AddressPolicy, BadNetwork> {
        let mut allowed = Vec::new();
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let net = item
                .parse::<IpNet>()
                .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| BadNetwork(item.to_string()))?;
            allowed.push(net);
        }
        Ok(AddressPolicy { allowed })
    }

    /// Whether a webhook may connect to `ip`.
    pub fn permits(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.allowed.iter().any(|net| net.contains(&ip)) || is_public(ip)
    }
}

/// An IPv4 address written as IPv6 (`::ffff:127.0.0.1`) is that IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(v6),
        },
        v4 => v4,
    }
}

/// Whether an address is on the public internet: not loopback, private,
/// link-local (cloud metadata lives there), shared, multicast or reserved.
pub fn is_public(ip: IpAddr) -> bool {
    match canonical(ip) {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && v4.octets()[2] == 0)
                || (a == 198 && (18..20).contains(&b))
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || first == 0x2001 && v6.segments()[1] == 0x0db8
                || first == 0x0064 && v6.segments()[1] == 0xff9b
                || v6 == Ipv6Addr::UNSPECIFIED)
        }
    }
}

/// Checks a URL given for an endpoint: http(s), a host, no credentials, and
/// an IP literal host must be permitted (names are checked at connection).
pub fn check(url: &str, policy: &AddressPolicy) -> Result<url::Url, Problem> {
    let parsed = url::Url::parse(url.trim()).map_err(|_| Problem::new("error-url"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Problem::new("error-webhook-scheme"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Problem::new("error-webhook-credentials"));
    }
    match parsed.host() {
        None => return Err(Problem::new("error-url")),
        Some(url::Host::Ipv4(v4)) if !policy.permits(IpAddr::V4(v4)) => {
            return Err(Problem::new("error-webhook-private"))
        }
        Some(url::Host::Ipv6(v6)) if !policy.permits(IpAddr::V6(v6)) => {
            return Err(Problem::new("error-webhook-private"))
        }
        Some(url::Host::Domain(d))
            if (d.eq_ignore_ascii_case("localhost") || d.ends_with(".localhost"))
                && !policy.permits(IpAddr::V4(Ipv4Addr::LOCALHOST)) =>
        {
            return Err(Problem::new("error-webhook-private"))
        }
        _ => {}
    }
    if url.len() > 2000 {
        return Err(Problem::new("error-too-long").with("max", 2000));
    }
    Ok(parsed)
}

/// The resolver of the delivery client: system resolution, then only the
/// permitted addresses are kept.
#[derive(Debug, Clone)]
pub struct GuardedResolver {
    policy: Arc<AddressPolicy>,
}

impl GuardedResolver {
    /// A resolver enforcing `policy`.
    pub fn new(policy: Arc<AddressPolicy>) -> GuardedResolver {
        GuardedResolver { policy }
    }
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = self.policy.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let permitted: Vec<SocketAddr> = found
                .into_iter()
                .filter(|a| policy.permits(a.ip()))
                .collect();
            if permitted.is_empty() {
                let message = format!("{host} resolves only to addresses webhooks may not reach");
                return Err(Box::new(std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    message,
                ))
                    as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(permitted.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(url: &str) -> bool {
        check(url, &AddressPolicy::default()).is_err()
    }

    #[test]
    fn private_and_special_addresses_are_refused_in_every_spelling() {
        for url in [
            "http://127.0.0.1/hook",
            "http://10.1.2.3/",
            "http://172.16.0.1/",
            "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[fd00::1]/",
            "http://[fe80::1]/",
            "http://0.0.0.0/",
            "http://2130706433/",
            "http://0x7f.0.0.1/",
            "http://017700000001/",
            "http://100.64.0.1/",
            "http://localhost:8080/",
            "http://user:pw@example.org/",
            "ftp://example.org/",
            "file:///etc/passwd",
        ] {
            assert!(refused(url), "{url} should be refused");
        }
        assert!(!refused("https://provisioner.example.org/hooks"));
        assert!(!refused("http://203.0.114.1/"));
    }

    #[test]
    fn allowed_networks_open_exactly_themselves() {
        let policy = AddressPolicy::parse("127.0.0.0/8, 10.0.0.0/8").unwrap();
        assert!(check("http://127.0.0.1:9000/", &policy).is_ok());
        assert!(check("http://10.2.3.4/", &policy).is_ok());
        assert!(check("http://192.168.1.1/", &policy).is_err());
        assert!(AddressPolicy::parse("nonsense").is_err());
    }
}

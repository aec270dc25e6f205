//! The applicant's secret links (confirmation and status). A link carries the
//! application id and a MAC of it under the instance's key, so nothing has
//! to be stored to check it and the same link can be written again in every
//! later e-mail.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// What a link lets its holder do; a link for one purpose is refused for the
/// other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Confirm the e-mail address.
    Confirm,
    /// Follow and withdraw the application.
    Status,
}

impl Purpose {
    fn label(self) -> &'static [u8] {
        match self {
            Purpose::Confirm => b"passeur/confirm/v1",
            Purpose::Status => b"passeur/status/v1",
        }
    }
}

/// The key that signs links.
#[derive(Clone)]
pub struct LinkKey(Vec<u8>);

impl std::fmt::Debug for LinkKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkKey(…)")
    }
}

const MAC_LEN: usize = 16;

impl LinkKey {
    /// A key from the instance secret.
    pub fn new(secret: &[u8]) -> LinkKey {
        LinkKey(secret.to_vec())
    }

    fn mac(&self, purpose: Purpose, id: &uuid::Uuid) -> [u8; MAC_LEN] {
        // HMAC accepts keys of any length, so this cannot fail.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC takes any key");
        mac.update(purpose.label());
        mac.update(id.as_bytes());
        let full = mac.finalize().into_bytes();
        let mut out = [0u8; MAC_LEN];
        out.copy_from_slice(&full[..MAC_LEN]);
        out
    }

    /// The token for `id`, for use in a URL.
    pub fn token(&self, purpose: Purpose, id: &uuid::Uuid) -> String {
        let mut bytes = Vec::with_capacity(16 + MAC_LEN);
        bytes.extend_from_slice(id.as_bytes());
        bytes.extend_from_slice(&self.mac(purpose, id));
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The application id a token stands for, if the token is genuine.
    pub fn verify(&self, purpose: Purpose, token: &str) -> Option<uuid::Uuid> {
        let bytes = URL_SAFE_NO_PAD.decode(token.trim().as_bytes()).ok()?;
        if bytes.len() != 16 + MAC_LEN {
            return None;
        }
        let id = uuid::Uuid::from_slice(&bytes[..16]).ok()?;
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).ok()?;
        mac.update(purpose.label());
        mac.update(id.as_bytes());
        // Constant-time comparison of the truncated MAC.
        mac.verify_truncated_left(&bytes[16..]).ok()?;
        Some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_token_verifies_for_its_purpose_only() {
        let key = LinkKey::new(b"secret");
        let id = uuid::Uuid::now_v7();
        let token = key.token(Purpose::Status, &id);
        assert_eq!(key.verify(Purpose::Status, &token), Some(id));
        assert_eq!(key.verify(Purpose::Confirm, &token), None);
        assert_eq!(LinkKey::new(b"other").verify(Purpose::Status, &token), None);
    }

    #[test]
    fn a_tampered_token_is_refused() {
        let key = LinkKey::new(b"secret");
        let token = key.token(Purpose::Confirm, &uuid::Uuid::now_v7());
        let mut chars: Vec<char> = token.chars().collect();
        chars[5] = if chars[5] == 'A' { 'B' } else { 'A' };
        let tampered: String = chars.into_iter().collect();
        assert_eq!(key.verify(Purpose::Confirm, &tampered), None);
    }

    proptest! {
        #[test]
        fn no_input_makes_verification_panic(s in "\\PC{0,80}") {
            let _ = LinkKey::new(b"k").verify(Purpose::Status, &s);
        }
    }
}

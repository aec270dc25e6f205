//! Moderation: accounts and their sessions, API tokens, the decisions on
//! applications, internal notes, and the audit log every change writes.

pub mod accounts;
pub mod audit;
pub mod decisions;
pub mod digest;
pub mod notes;
pub mod queue;
pub mod sessions;
pub mod tokens;

pub use accounts::{Moderator, Role};

/// Random bytes as URL-safe text, for session ids, CSRF and API tokens.
pub fn random_token(bytes: usize) -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

/// The SHA-256 of a secret, hex-encoded: what is stored instead of it.
pub fn secret_hash(secret: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

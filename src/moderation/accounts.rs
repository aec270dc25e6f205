//! Moderator accounts: argon2id password hashes, roles, enabling and
//! disabling.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::applications::identity::{ContactEmail, Line};
use crate::applications::{FieldErrors, Problem};
use crate::db::schema::moderators;
use crate::db::{backend, is_unique_violation, DbConn, DbError};

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Triage and decide.
    Moderator,
    /// Also manage accounts, reopen refusals, and (later) endpoints and
    /// settings.
    Admin,
}

impl Role {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Role::Moderator => "moderator",
            Role::Admin => "admin",
        }
    }

    /// Reads a code.
    pub fn from_code(code: &str) -> Option<Role> {
        match code.trim() {
            "moderator" => Some(Role::Moderator),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// How a moderator wants to hear of newly confirmed applications.
pub const NOTIFY_CHOICES: &[&str] = &["none", "immediate", "daily"];

/// An account, as stored.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct Moderator {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: String,
    #[serde(skip)]
    pub password_hash: String,
    pub disabled: bool,
    pub notify: String,
    pub language: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub last_login_at: Option<NaiveDateTime>,
}

impl Moderator {
    /// The role; an unknown code reads as the lesser role.
    pub fn role(&self) -> Role {
        Role::from_code(&self.role).unwrap_or(Role::Moderator)
    }

    /// The language of the e-mails this moderator receives.
    pub fn lang(&self) -> crate::i18n::Lang {
        crate::i18n::Lang::from_code(&self.language).unwrap_or_default()
    }

    /// Whether this account is an administrator.
    pub fn is_admin(&self) -> bool {
        self.role() == Role::Admin
    }
}

/// What can go wrong with accounts.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("invalid account")]
    Invalid(FieldErrors),
    #[error("no such account")]
    NotFound,
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for AccountError {
    fn from(e: diesel::result::Error) -> Self {
        AccountError::Db(DbError::Query(e))
    }
}

/// The shortest password accepted. Length is what makes a password strong;
/// no composition rules (NIST SP 800-63B).
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Checks a new password.
pub fn check_password(password: &str) -> Result<(), Problem> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(Problem::new("error-password-too-short").with("min", MIN_PASSWORD_CHARS as i64));
    }
    if chars > 1024 {
        return Err(Problem::new("error-too-long").with("max", 1024));
    }
    Ok(())
}

/// The argon2id hash of a password, in PHC format.
pub fn hash_password(password: &str) -> Result<String, AccountError> {
    use rand::RngCore;
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| AccountError::Hash(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AccountError::Hash(e.to_string()))
}

/// Whether `password` matches the stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash that matches no password, verified when the account does not
/// exist so that a login takes the same time either way.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password(&crate::moderation::random_token(24)).unwrap_or_default())
}

/// A new account, checked.
#[derive(Debug, Clone)]
pub struct NewModerator {
    pub email: ContactEmail,
    pub name: Line,
    pub role: Role,
    pub password: String,
}

impl NewModerator {
    /// Checks what an admin (or the command line) gave.
    pub fn parse(
        email: &str,
        name: &str,
        role: &str,
        password: &str,
    ) -> Result<NewModerator, FieldErrors> {
        let mut e = FieldErrors::default();
        let email = e.take("email", ContactEmail::parse(email));
        let name_input = if name.trim().is_empty() {
            email
                .as_ref()
                .map_or("", |m| m.as_str().split('@').next().unwrap_or(""))
        } else {
            name
        };
        let name = e.take("name", Line::parse(name_input, 1, 100));
        let role = e.take(
            "role",
            Role::from_code(role).ok_or_else(|| Problem::new("error-choice")),
        );
        e.take("password", check_password(password));
        match (email, name, role) {
            (Some(email), Some(name), Some(role)) if e.is_empty() => Ok(NewModerator {
                email,
                name,
                role,
                password: password.to_string(),
            }),
            _ => Err(e),
        }
    }
}

/// Stores a new account; an address already used is refused.
pub fn add(
    conn: &mut DbConn,
    new: &NewModerator,
    now: NaiveDateTime,
) -> Result<Moderator, AccountError> {
    let id = uuid::Uuid::now_v7().to_string();
    let hash = hash_password(&new.password)?;
    let email = new.email.as_str().to_lowercase();
    let inserted = diesel::insert_into(moderators::table)
        .values((
            moderators::id.eq(&id),
            moderators::email.eq(&email),
            moderators::name.eq(new.name.as_str()),
            moderators::role.eq(new.role.code()),
            moderators::password_hash.eq(&hash),
            moderators::disabled.eq(false),
            moderators::notify.eq("none"),
            moderators::created_at.eq(now),
            moderators::updated_at.eq(now),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => find(conn, &id)?.ok_or(AccountError::NotFound),
        Err(e) if is_unique_violation(&e) => {
            let mut errors = FieldErrors::default();
            errors.add("email", Problem::new("error-account-exists"));
            Err(AccountError::Invalid(errors))
        }
        Err(e) => Err(e.into()),
    }
}

/// One account by id.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<Moderator>> {
    moderators::table
        .filter(moderators::id.eq(id))
        .first(conn)
        .optional()
}

/// Every account, by name.
pub fn list(conn: &mut DbConn) -> QueryResult<Vec<Moderator>> {
    moderators::table
        .order((moderators::disabled.asc(), moderators::name.asc()))
        .load(conn)
}

/// The account a login names, if the password is right and the account
/// enabled. Unknown address, wrong password and disabled account all give
/// `None`, in the same time.
pub fn authenticate(
    conn: &mut DbConn,
    email: &str,
    password: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<Moderator>> {
    let email = email.trim().to_lowercase();
    let account: Option<Moderator> = moderators::table
        .filter(moderators::email.eq(&email))
        .first(conn)
        .optional()?;
    let hash = account
        .as_ref()
        .map_or(decoy_hash(), |a| a.password_hash.as_str());
    let password_ok = verify_password(password, hash);
    match account {
        Some(a) if password_ok && !a.disabled => {
            diesel::update(moderators::table.filter(moderators::id.eq(&a.id)))
                .set(moderators::last_login_at.eq(Some(now)))
                .execute(conn)?;
            Ok(Some(a))
        }
        _ => Ok(None),
    }
}

/// Changes a password after checking the current one.
pub fn change_password(
    conn: &mut DbConn,
    id: &str,
    current: &str,
    new: &str,
    now: NaiveDateTime,
) -> Result<(), AccountError> {
    let account = find(conn, id)?.ok_or(AccountError::NotFound)?;
    let mut errors = FieldErrors::default();
    if !verify_password(current, &account.password_hash) {
        errors.add("current_password", Problem::new("error-password-wrong"));
    }
    errors.take("new_password", check_password(new));
    if !errors.is_empty() {
        return Err(AccountError::Invalid(errors));
    }
    let hash = hash_password(new)?;
    backend::write_transaction(conn, |conn| {
        diesel::update(moderators::table.filter(moderators::id.eq(id)))
            .set((
                moderators::password_hash.eq(hash),
                moderators::updated_at.eq(now),
            ))
            .execute(conn)?;
        // Other sessions end: a changed password locks out whoever had it.
        crate::moderation::sessions::end_all_for(conn, id)?;
        Ok(())
    })
}

/// Sets an account's role.
pub fn set_role(conn: &mut DbConn, id: &str, role: Role, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(moderators::table.filter(moderators::id.eq(id)))
        .set((
            moderators::role.eq(role.code()),
            moderators::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Disables or enables an account; disabling ends its sessions.
pub fn set_disabled(
    conn: &mut DbConn,
    id: &str,
    disabled: bool,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    backend::write_transaction(conn, |conn| {
        let n = diesel::update(moderators::table.filter(moderators::id.eq(id)))
            .set((
                moderators::disabled.eq(disabled),
                moderators::updated_at.eq(now),
            ))
            .execute(conn)?;
        if disabled {
            crate::moderation::sessions::end_all_for(conn, id)?;
        }
        Ok(n)
    })
}

/// Sets how a moderator is told of new applications.
pub fn set_notify(
    conn: &mut DbConn,
    id: &str,
    notify: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let notify = if NOTIFY_CHOICES.contains(&notify) {
        notify
    } else {
        "none"
    };
    diesel::update(moderators::table.filter(moderators::id.eq(id)))
        .set((
            moderators::notify.eq(notify),
            moderators::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Sets the language of a moderator's e-mails.
pub fn set_language(conn: &mut DbConn, id: &str, language: &str) -> QueryResult<usize> {
    diesel::update(moderators::table.filter(moderators::id.eq(id)))
        .set(moderators::language.eq(language))
        .execute(conn)
}

/// The enabled accounts that asked to be told in this way.
pub fn wanting(conn: &mut DbConn, notify: &str) -> QueryResult<Vec<Moderator>> {
    moderators::table
        .filter(moderators::notify.eq(notify))
        .filter(moderators::disabled.eq(false))
        .load(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let hash = hash_password("correct horse battery staple").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery staple", &hash));
        assert!(!verify_password("correct horse battery stapler", &hash));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn short_passwords_are_refused() {
        assert_eq!(
            check_password("short").unwrap_err().key,
            "error-password-too-short"
        );
        assert!(check_password("twelve chars").is_ok());
    }
}

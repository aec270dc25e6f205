//! The host's policy: the rules an administrator changes from the settings
//! page without a restart (refusal reasons and their texts, friendly hosts,
//! flag thresholds, quotas, capacity, pause, retention, transparency).
//!
//! The configuration file gives the first values; once an administrator
//! saves the settings page, the database holds the policy and every instance
//! reads it from there, so a change takes effect at once everywhere. A key
//! added by a newer version is filled from the configuration, so an older
//! stored policy stays readable.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::applications::flags::Thresholds;
use crate::config::Settings;
use crate::db::schema::settings as settings_table;
use crate::db::{backend, DbConn, DbError};
use crate::i18n::{FluentArg, Lang};
use crate::moderation::audit::{self, Actor};

/// The `settings` row that holds the policy.
const KEY: &str = "policy";

/// A canned refusal reason: its stable code (stored with each refusal), its
/// label for moderators and the text the applicant receives, in both
/// languages. The text may hold `{organisation}` and `{hosts}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusalReason {
    pub code: String,
    pub label_fr: String,
    pub label_en: String,
    pub text_fr: String,
    pub text_en: String,
}

impl RefusalReason {
    /// The label in `lang`.
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.label_fr,
            Lang::En => &self.label_en,
        }
    }

    /// The applicant's text in `lang`, with its placeholders filled in.
    pub fn text(&self, lang: Lang, organisation: &str, hosts: &[String]) -> String {
        let text = match lang {
            Lang::Fr => &self.text_fr,
            Lang::En => &self.text_en,
        };
        text.replace("{organisation}", organisation)
            .replace("{hosts}", &hosts.join("\n"))
    }
}

/// How long data is kept after each outcome, in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retention {
    /// An application never confirmed is deleted after this.
    pub unconfirmed_days: u32,
    /// A refused application is anonymised this long after its refusal.
    pub refused_days: u32,
    /// A withdrawn application is anonymised this long after its withdrawal.
    pub withdrawn_days: u32,
    /// An address on the waiting list is deleted after this even if sign-ups
    /// never reopened.
    pub waiting_list_days: u32,
}

/// Every rule of the host that an administrator may change at run time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// Canned refusal reasons, in the order moderators see them.
    pub refusal_reasons: Vec<RefusalReason>,
    /// Other hosts suggested to structures too large for this one.
    pub friendly_hosts: Vec<String>,
    /// When typology figures are flagged.
    pub flags: Thresholds,
    /// Accounts a space allows, sent in the provisioning payload.
    pub max_accounts: u32,
    /// Storage of a space in GB, sent in the provisioning payload.
    pub storage_gb: u32,
    /// Most approved plus active spaces; the form closes by itself at it.
    pub capacity: Option<u32>,
    /// Sign-ups paused by an administrator.
    pub paused: bool,
    /// What the form says while paused, in French.
    pub pause_message_fr: String,
    /// What the form says while paused, in English.
    pub pause_message_en: String,
    /// When sign-ups are expected to reopen, if known.
    pub reopens_on: Option<NaiveDate>,
    /// How long data is kept.
    pub retention: Retention,
    /// Whether `/transparency` is published.
    pub transparency: bool,
}

/// The refusal reasons Passeur starts with.
const DEFAULT_REASONS: &[&str] = &[
    "out_of_scope",
    "too_large",
    "incomplete",
    "duplicate",
    "spam",
    "other",
];

/// The reason whose text the moderator must write.
pub const OTHER_REASON: &str = "other";

impl Policy {
    /// The policy the configuration describes, before any change from the
    /// settings page.
    pub fn from_settings(settings: &Settings) -> Policy {
        let placeholders = [
            ("hosts", FluentArg::Text("{hosts}".into())),
            ("organisation", FluentArg::Text("{organisation}".into())),
        ];
        let reason = |code: &str| RefusalReason {
            code: code.to_string(),
            label_fr: Lang::Fr.tr(&format!("refusal-{code}-label")),
            label_en: Lang::En.tr(&format!("refusal-{code}-label")),
            text_fr: Lang::Fr.tr_args(&format!("refusal-{code}-text"), &placeholders),
            text_en: Lang::En.tr_args(&format!("refusal-{code}-text"), &placeholders),
        };
        Policy {
            refusal_reasons: DEFAULT_REASONS.iter().map(|c| reason(c)).collect(),
            friendly_hosts: settings.friendly_hosts.clone(),
            flags: settings.flag_thresholds(),
            max_accounts: settings.quota_max_accounts,
            storage_gb: settings.quota_storage_gb,
            capacity: None,
            paused: false,
            pause_message_fr: String::new(),
            pause_message_en: String::new(),
            reopens_on: None,
            retention: Retention {
                unconfirmed_days: settings.unconfirmed_expiry_days,
                refused_days: 90,
                withdrawn_days: 90,
                waiting_list_days: 365,
            },
            transparency: true,
        }
    }

    /// The refusal reason with this code.
    pub fn reason(&self, code: &str) -> Option<&RefusalReason> {
        self.refusal_reasons.iter().find(|r| r.code == code)
    }

    /// The label of a stored reason code in `lang`; a reason since removed
    /// shows its code.
    pub fn reason_label(&self, code: &str, lang: Lang) -> String {
        self.reason(code)
            .map_or_else(|| code.to_string(), |r| r.label(lang).to_string())
    }
}

/// Reads the policy in force: the stored one over `defaults` (the
/// configuration's, [`Policy::from_settings`], made once by the caller:
/// the policy is read on every submission).
///
/// The writes of a group commit read it once for the group (every
/// submission reads it, to know whether sign-ups are open).
pub fn load(conn: &mut DbConn, defaults: &Policy) -> Result<Policy, DbError> {
    backend::once_per_group(KEY, || read(conn, defaults))
}

/// The policy as stored, over `defaults`.
fn read(conn: &mut DbConn, defaults: &Policy) -> Result<Policy, DbError> {
    let stored: Option<String> = settings_table::table
        .filter(settings_table::key.eq(KEY))
        .select(settings_table::value)
        .first(conn)
        .optional()?;
    let Some(stored) = stored else {
        return Ok(defaults.clone());
    };
    Ok(merge(defaults.clone(), &stored))
}

/// The stored policy laid over `defaults`, key by key: a key the stored text
/// lacks (added by a newer version) keeps its default. A stored text that
/// cannot be read leaves the defaults, and says so in the log.
fn merge(defaults: Policy, stored: &str) -> Policy {
    let Ok(mut value) = serde_json::to_value(&defaults) else {
        return defaults;
    };
    match serde_json::from_str::<Value>(stored) {
        Ok(Value::Object(over)) => {
            if let Value::Object(base) = &mut value {
                for (k, v) in over {
                    if base.contains_key(&k) {
                        base.insert(k, v);
                    }
                }
            }
        }
        _ => {
            tracing::warn!("the stored policy is not a JSON object; configuration values used");
            return defaults;
        }
    }
    serde_json::from_value(value).unwrap_or_else(|e| {
        tracing::warn!(error = %e, "the stored policy cannot be read; configuration values used");
        defaults
    })
}

/// Stores `policy` with an audit row naming every key that changed and its
/// values before and after, and returns those keys. Nothing is written when
/// nothing changed. `then` runs in the same transaction, after the write,
/// with the new policy (the waiting list is released there when sign-ups
/// reopen).
pub fn save<F>(
    conn: &mut DbConn,
    defaults: &Policy,
    policy: &Policy,
    actor: &Actor,
    now: NaiveDateTime,
    then: F,
) -> Result<Vec<String>, DbError>
where
    F: FnOnce(&mut DbConn, &Policy) -> Result<(), DbError>,
{
    backend::write_transaction(conn, |conn| {
        let before = load(conn, defaults)?;
        let (old, new) = (to_object(&before), to_object(policy));
        let changed = changed_keys(&old, &new);
        if changed.is_empty() {
            return Ok(changed);
        }
        let text = serde_json::to_string(policy).map_err(|e| DbError::Task(e.to_string()))?;
        let updated = diesel::update(settings_table::table.filter(settings_table::key.eq(KEY)))
            .set(settings_table::value.eq(&text))
            .execute(conn)?;
        if updated == 0 {
            diesel::insert_into(settings_table::table)
                .values((settings_table::key.eq(KEY), settings_table::value.eq(&text)))
                .execute(conn)?;
        }
        backend::forget_in_group(KEY);
        let detail: serde_json::Map<String, Value> = changed
            .iter()
            .map(|k| (k.clone(), json!({ "from": old.get(k), "to": new.get(k) })))
            .collect();
        audit::record(
            conn,
            None,
            actor,
            "settings.changed",
            Some(Value::Object(detail)),
            now,
        )?;
        then(conn, policy)?;
        Ok(changed)
    })
}

fn to_object(policy: &Policy) -> serde_json::Map<String, Value> {
    match serde_json::to_value(policy) {
        Ok(Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    }
}

/// The top-level keys whose values differ between two policies as JSON
/// objects.
fn changed_keys(
    old: &serde_json::Map<String, Value>,
    new: &serde_json::Map<String, Value>,
) -> Vec<String> {
    new.iter()
        .filter(|(k, v)| old.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_texts_keep_their_placeholders_for_later_filling() {
        let p = Policy::from_settings(&Settings::default());
        let large = p.reason("too_large").unwrap();
        assert!(large.text_fr.contains("{hosts}"), "{}", large.text_fr);
        let filled = large.text(Lang::Fr, "Asso", &["https://a.example".into()]);
        assert!(filled.contains("https://a.example") && !filled.contains("{hosts}"));
    }

    #[test]
    fn a_stored_policy_missing_a_newer_key_keeps_the_default_for_it() {
        let defaults = Policy::from_settings(&Settings::default());
        let merged = merge(defaults.clone(), r#"{"paused": true, "unknown": 1}"#);
        assert!(merged.paused);
        assert_eq!(merged.retention, defaults.retention);
        assert_eq!(merge(defaults.clone(), "not json"), defaults);
    }

    #[test]
    fn only_the_keys_that_differ_are_reported_as_changed() {
        let a = Policy::from_settings(&Settings::default());
        let mut b = a.clone();
        b.capacity = Some(10);
        b.retention.refused_days = 30;
        let (a, b) = (to_object(&a), to_object(&b));
        assert_eq!(changed_keys(&a, &b), vec!["capacity", "retention"]);
        assert!(changed_keys(&a, &a).is_empty());
    }
}

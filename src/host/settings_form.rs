//! The settings page's form, parsed into a [`Policy`]: every value checked,
//! every refusal kept with the field it belongs to (refusal reasons are
//! rows, so their fields are named `reason_code-2` and so on).

use chrono::NaiveDate;

use super::policy::{Policy, RefusalReason, Retention, OTHER_REASON};
use crate::applications::flags::Thresholds;
use crate::applications::identity::Paragraphs;
use crate::applications::Problem;

/// The refused fields of a settings form, by field name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsErrors(pub Vec<(String, Problem)>);

impl SettingsErrors {
    fn add(&mut self, field: impl Into<String>, problem: Problem) {
        self.0.push((field.into(), problem));
    }

    /// The first problem of `field`.
    pub fn get(&self, field: &str) -> Option<&Problem> {
        self.0.iter().find(|(f, _)| f == field).map(|(_, p)| p)
    }

    /// Whether nothing was refused.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The form's values: the first value of a field, and every value of a
/// repeated one.
pub trait Values {
    fn one(&self, key: &str) -> &str;
    fn many(&self, key: &str) -> Vec<&str>;
}

/// The reason fields, in the order of a row.
pub const REASON_FIELDS: [&str; 5] = [
    "reason_code",
    "reason_label_fr",
    "reason_label_en",
    "reason_text_fr",
    "reason_text_en",
];

fn whole(errors: &mut SettingsErrors, field: &str, raw: &str, min: i64, max: i64) -> Option<i64> {
    let raw = raw.trim().replace([' ', '\u{a0}', '\u{202f}'], "");
    let problem = if raw.is_empty() {
        Problem::new("error-required")
    } else {
        match raw.parse::<i64>() {
            Ok(n) if n < min => Problem::new("error-number-too-small").with("min", min),
            Ok(n) if n > max => Problem::new("error-number-too-large").with("max", max),
            Ok(n) => return Some(n),
            Err(_) => Problem::new("error-whole-number"),
        }
    };
    errors.add(field, problem);
    None
}

fn text(errors: &mut SettingsErrors, field: &str, raw: &str, min: usize, max: usize) -> String {
    let raw = raw.replace("\r\n", "\n");
    if raw.trim().is_empty() && min == 0 {
        return String::new();
    }
    match Paragraphs::parse(&raw, min, max) {
        Ok(p) => p.as_str().to_string(),
        Err(problem) => {
            errors.add(field, problem);
            raw
        }
    }
}

fn is_code(code: &str) -> bool {
    (2..=40).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// What a refused form gives back: the policy as typed (so that the page
/// shows it again) and the errors.
pub type Refused = Box<(Policy, SettingsErrors)>;

/// Parses the settings form. On refusal the errors come with a policy
/// holding what was typed.
pub fn parse(values: &dyn Values, current: &Policy) -> Result<Policy, Refused> {
    let mut e = SettingsErrors::default();
    let columns: Vec<Vec<&str>> = REASON_FIELDS.iter().map(|f| values.many(f)).collect();
    let rows = columns.iter().map(Vec::len).max().unwrap_or(0);
    let mut reasons: Vec<RefusalReason> = Vec::new();
    for i in 0..rows {
        let cell = |c: usize| columns[c].get(i).copied().unwrap_or("").to_string();
        let (code, label_fr, label_en, text_fr, text_en) =
            (cell(0), cell(1), cell(2), cell(3), cell(4));
        // An empty row is the blank one offered for a new reason, or a
        // reason the administrator emptied to remove it.
        if [&code, &label_fr, &label_en, &text_fr, &text_en]
            .iter()
            .all(|v| v.trim().is_empty())
        {
            continue;
        }
        let n = reasons.len();
        let code = code.trim().to_string();
        if !is_code(&code) {
            e.add(
                format!("reason_code-{n}"),
                Problem::new("error-reason-code"),
            );
        } else if reasons.iter().any(|r| r.code == code) {
            e.add(
                format!("reason_code-{n}"),
                Problem::new("error-reason-code-taken"),
            );
        }
        let min_text = usize::from(code != OTHER_REASON);
        reasons.push(RefusalReason {
            label_fr: text(&mut e, &format!("reason_label_fr-{n}"), &label_fr, 1, 120),
            label_en: text(&mut e, &format!("reason_label_en-{n}"), &label_en, 1, 120),
            text_fr: text(
                &mut e,
                &format!("reason_text_fr-{n}"),
                &text_fr,
                min_text,
                5000,
            ),
            text_en: text(
                &mut e,
                &format!("reason_text_en-{n}"),
                &text_en,
                min_text,
                5000,
            ),
            code,
        });
    }
    if reasons.is_empty() {
        e.add("reason_code-0", Problem::new("error-reasons-required"));
    }
    let mut hosts = Vec::new();
    for line in values.one("friendly_hosts").lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match url::Url::parse(line) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {
                hosts.push(line.to_string())
            }
            _ => e.add("friendly_hosts", Problem::new("error-url")),
        }
    }
    let int = |e: &mut SettingsErrors, field: &str, min: i64, max: i64, fallback: i64| {
        whole(e, field, values.one(field), min, max).unwrap_or(fallback)
    };
    let days = |e: &mut SettingsErrors, field: &str, max: i64, fallback: u32| {
        u32::try_from(int(e, field, 1, max, fallback.into())).unwrap_or(fallback)
    };
    let flags = Thresholds {
        employees: int(
            &mut e,
            "flag_employees_over",
            0,
            1_000_000,
            current.flags.employees.into(),
        ) as i32,
        beneficiaries: int(
            &mut e,
            "flag_beneficiaries_over",
            0,
            1_000_000_000,
            current.flags.beneficiaries.into(),
        ) as i32,
        budget_eur: int(
            &mut e,
            "flag_budget_over_eur",
            0,
            1_000_000_000_000,
            current.flags.budget_eur,
        ),
    };
    let capacity = match values.one("capacity").trim() {
        "" => None,
        raw => whole(&mut e, "capacity", raw, 1, 10_000_000).map(|n| n as u32),
    };
    let reopens_on = match values.one("reopens_on").trim() {
        "" => None,
        raw => match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                e.add("reopens_on", Problem::new("error-date"));
                None
            }
        },
    };
    let policy = Policy {
        refusal_reasons: reasons,
        friendly_hosts: hosts,
        flags,
        max_accounts: int(
            &mut e,
            "max_accounts",
            1,
            1_000_000,
            current.max_accounts.into(),
        ) as u32,
        storage_gb: int(
            &mut e,
            "storage_gb",
            1,
            1_000_000,
            current.storage_gb.into(),
        ) as u32,
        capacity,
        paused: values.one("paused") == "yes",
        pause_message_fr: text(
            &mut e,
            "pause_message_fr",
            values.one("pause_message_fr"),
            0,
            2000,
        ),
        pause_message_en: text(
            &mut e,
            "pause_message_en",
            values.one("pause_message_en"),
            0,
            2000,
        ),
        reopens_on,
        retention: Retention {
            unconfirmed_days: days(
                &mut e,
                "retention_unconfirmed_days",
                365,
                current.retention.unconfirmed_days,
            ),
            refused_days: days(
                &mut e,
                "retention_refused_days",
                3650,
                current.retention.refused_days,
            ),
            withdrawn_days: days(
                &mut e,
                "retention_withdrawn_days",
                3650,
                current.retention.withdrawn_days,
            ),
            waiting_list_days: days(
                &mut e,
                "retention_waiting_list_days",
                3650,
                current.retention.waiting_list_days,
            ),
        },
        transparency: values.one("transparency") == "yes",
    };
    if e.is_empty() {
        Ok(policy)
    } else {
        Err(Box::new((policy, e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    struct Pairs(Vec<(&'static str, String)>);

    impl Values for Pairs {
        fn one(&self, key: &str) -> &str {
            self.0
                .iter()
                .find(|(k, _)| *k == key)
                .map_or("", |(_, v)| v.as_str())
        }
        fn many(&self, key: &str) -> Vec<&str> {
            self.0
                .iter()
                .filter(|(k, _)| *k == key)
                .map(|(_, v)| v.as_str())
                .collect()
        }
    }

    /// The form as the page fills it for `p`.
    fn filled(p: &Policy) -> Pairs {
        let mut v: Vec<(&'static str, String)> = Vec::new();
        for r in &p.refusal_reasons {
            v.push(("reason_code", r.code.clone()));
            v.push(("reason_label_fr", r.label_fr.clone()));
            v.push(("reason_label_en", r.label_en.clone()));
            v.push(("reason_text_fr", r.text_fr.clone()));
            v.push(("reason_text_en", r.text_en.clone()));
        }
        for blank in REASON_FIELDS {
            v.push((blank, String::new()));
        }
        v.push(("friendly_hosts", p.friendly_hosts.join("\n")));
        v.push(("flag_employees_over", p.flags.employees.to_string()));
        v.push(("flag_beneficiaries_over", p.flags.beneficiaries.to_string()));
        v.push(("flag_budget_over_eur", p.flags.budget_eur.to_string()));
        v.push(("max_accounts", p.max_accounts.to_string()));
        v.push(("storage_gb", p.storage_gb.to_string()));
        v.push((
            "retention_unconfirmed_days",
            p.retention.unconfirmed_days.to_string(),
        ));
        v.push((
            "retention_refused_days",
            p.retention.refused_days.to_string(),
        ));
        v.push((
            "retention_withdrawn_days",
            p.retention.withdrawn_days.to_string(),
        ));
        v.push((
            "retention_waiting_list_days",
            p.retention.waiting_list_days.to_string(),
        ));
        if p.transparency {
            v.push(("transparency", "yes".into()));
        }
        Pairs(v)
    }

    #[test]
    fn the_form_as_shown_parses_back_to_the_same_policy() {
        let p = Policy::from_settings(&Settings::default());
        assert_eq!(parse(&filled(&p), &p).unwrap(), p);
    }

    #[test]
    fn each_bad_value_is_refused_next_to_its_field_and_kept() {
        let p = Policy::from_settings(&Settings::default());
        let mut form = filled(&p);
        form.0
            .retain(|(k, _)| !["retention_refused_days", "capacity", "friendly_hosts"].contains(k));
        form.0.push(("retention_refused_days", "0".into()));
        form.0.push(("capacity", "beaucoup".into()));
        form.0.push(("friendly_hosts", "ftp://x".into()));
        form.0[0].1 = "Bad Code".into();
        let (typed, errors) = *parse(&form, &p).unwrap_err();
        for field in [
            "retention_refused_days",
            "capacity",
            "reason_code-0",
            "friendly_hosts",
        ] {
            assert!(errors.get(field).is_some(), "{field}: {errors:?}");
        }
        assert_eq!(typed.refusal_reasons[0].code, "Bad Code");
    }

    proptest::proptest! {
        #[test]
        fn no_settings_form_makes_the_parser_panic(pairs in proptest::collection::vec(("[a-z_]{1,30}", "\\PC{0,60}"), 0..40)) {
            let form = Pairs(pairs.into_iter().map(|(k, v)| (&*Box::leak(k.into_boxed_str()), v)).collect());
            let p = Policy::from_settings(&Settings::default());
            let _ = parse(&form, &p);
        }
    }
}

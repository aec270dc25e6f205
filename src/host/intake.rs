//! Whether sign-ups are open: an administrator may pause them, and they
//! close by themselves when the approved and active spaces reach the
//! capacity. A closed intake offers the waiting list.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::policy::Policy;
use crate::applications::Status;
use crate::db::schema::applications;
use crate::db::DbConn;
use crate::i18n::Lang;

/// The states that hold a space, or will: what the capacity counts.
pub const HOLDING_A_SPACE: [Status; 3] =
    [Status::Approved, Status::Active, Status::ProvisioningFailed];

/// The state of the intake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intake {
    /// New applications are welcome.
    Open,
    /// An administrator paused sign-ups.
    Paused(Closure),
    /// The capacity is reached.
    Full(Closure),
}

/// What a closed form tells the association.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closure {
    /// The administrator's message in French and in English.
    pub message_fr: String,
    pub message_en: String,
    /// When sign-ups should reopen, if known.
    pub reopens_on: Option<NaiveDate>,
    /// Other hosts to turn to meanwhile.
    pub friendly_hosts: Vec<String>,
}

impl Intake {
    /// Whether applications are taken.
    pub fn is_open(&self) -> bool {
        matches!(self, Intake::Open)
    }

    /// The stable code of a closure: `signups_paused` or `capacity_reached`.
    pub fn code(&self) -> &'static str {
        match self {
            Intake::Open => "open",
            Intake::Paused(_) => "signups_paused",
            Intake::Full(_) => "capacity_reached",
        }
    }

    /// The closure, when closed.
    pub fn closure(&self) -> Option<&Closure> {
        match self {
            Intake::Open => None,
            Intake::Paused(c) | Intake::Full(c) => Some(c),
        }
    }

    /// One sentence saying why the form is closed and when to come back.
    pub fn explanation(&self, lang: Lang) -> String {
        let Some(closure) = self.closure() else {
            return String::new();
        };
        let mut text = lang.tr(match self {
            Intake::Full(_) => "closed-full",
            _ => "closed-paused",
        });
        if let Some(day) = closure.reopens_on {
            let when = match lang {
                Lang::Fr => day.format("%d/%m/%Y").to_string(),
                Lang::En => day.format("%Y-%m-%d").to_string(),
            };
            text.push(' ');
            text.push_str(&lang.tr_args(
                "closed-reopens-on",
                &[("date", crate::i18n::FluentArg::Text(when))],
            ));
        }
        text
    }

    /// The administrator's message in `lang` (or the other language).
    pub fn message(&self, lang: Lang) -> &str {
        let Some(c) = self.closure() else { return "" };
        let (first, second) = match lang {
            Lang::Fr => (&c.message_fr, &c.message_en),
            Lang::En => (&c.message_en, &c.message_fr),
        };
        if first.trim().is_empty() {
            second
        } else {
            first
        }
    }
}

/// How many applications hold a space or will.
pub fn spaces_in_use(conn: &mut DbConn) -> Result<i64, diesel::result::Error> {
    let codes: Vec<&str> = HOLDING_A_SPACE.iter().map(|s| s.code()).collect();
    applications::table
        .filter(applications::status.eq_any(codes))
        .count()
        .get_result(conn)
}

/// The state of the intake under `policy`.
pub fn intake(conn: &mut DbConn, policy: &Policy) -> Result<Intake, diesel::result::Error> {
    let closure = || Closure {
        message_fr: policy.pause_message_fr.clone(),
        message_en: policy.pause_message_en.clone(),
        reopens_on: policy.reopens_on,
        friendly_hosts: policy.friendly_hosts.clone(),
    };
    if policy.paused {
        return Ok(Intake::Paused(closure()));
    }
    if let Some(capacity) = policy.capacity {
        if spaces_in_use(conn)? >= i64::from(capacity) {
            // The pause message and date speak of a pause, not of this.
            return Ok(Intake::Full(Closure {
                message_fr: String::new(),
                message_en: String::new(),
                reopens_on: None,
                ..closure()
            }));
        }
    }
    Ok(Intake::Open)
}

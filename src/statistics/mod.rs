//! Statistics: who the host serves and how the moderation goes. The figures
//! are counted by SQL ([`queries`]), put in brackets ([`brackets`]), laid
//! out as charts with their tables ([`charts`]) and, for the public page,
//! stripped of any group small enough to single someone out
//! ([`disclosure`]). Anonymised applications keep their typology, so the
//! figures survive the retention policy.

pub mod brackets;
pub mod cache;
pub mod charts;
pub mod disclosure;
pub mod queries;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::applications::Status;

/// Which applications the figures cover: confirmed ones (an unconfirmed
/// application is not an application yet), of one status or all, confirmed
/// within a period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Scope {
    /// One status; `None` means every confirmed application.
    pub status: Option<Status>,
    /// Confirmed on or after this day.
    pub from: Option<NaiveDate>,
    /// Confirmed on or before this day.
    pub to: Option<NaiveDate>,
}

impl Scope {
    /// Reads the scope from a query string (`status`, `from`, `to`); what
    /// cannot be read is left out, so a shared link never fails.
    pub fn from_query(query: &str) -> Scope {
        let mut scope = Scope::default();
        for (k, v) in form_urlencoded::parse(query.as_bytes()) {
            match k.as_ref() {
                "status" => {
                    scope.status = Status::from_code(&v).filter(|s| *s != Status::Unconfirmed)
                }
                "from" => scope.from = NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok(),
                "to" => scope.to = NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok(),
                _ => {}
            }
        }
        scope
    }

    /// The first instant of the period.
    pub fn start(&self) -> Option<NaiveDateTime> {
        self.from.and_then(|d| d.and_hms_opt(0, 0, 0))
    }

    /// The instant after the period.
    pub fn end(&self) -> Option<NaiveDateTime> {
        self.to
            .and_then(|d| d.succ_opt())
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    }

    /// The scope as a query string.
    pub fn to_query(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        if let Some(s) = self.status {
            q.append_pair("status", s.code());
        }
        if let Some(d) = self.from {
            q.append_pair("from", &d.to_string());
        }
        if let Some(d) = self.to {
            q.append_pair("to", &d.to_string());
        }
        q.finish()
    }
}

/// What one moderator (or API token) decided in the period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ModeratorCount {
    /// The actor code (`moderator:ID`, `token:ID`).
    pub actor: String,
    /// The name at the latest decision.
    pub name: String,
    pub approved: i64,
    pub refused: i64,
    pub info_requested: i64,
}

impl ModeratorCount {
    /// Every decision counted.
    pub fn total(&self) -> i64 {
        self.approved + self.refused + self.info_requested
    }
}

/// Every figure of the dashboard, as counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// Applications in scope.
    pub total: i64,
    /// Applications confirmed in the period, per status (whatever status
    /// the scope selects).
    pub by_status: Vec<(String, i64)>,
    pub structure_types: Vec<(String, i64)>,
    /// Per sector: an application counts in each of its sectors.
    pub sectors: Vec<(String, i64)>,
    /// `(value, count)` of each typology figure.
    pub creation_years: Vec<(i64, i64)>,
    pub employees: Vec<(i64, i64)>,
    pub members: Vec<(i64, i64)>,
    pub beneficiaries: Vec<(i64, i64)>,
    pub budgets: Vec<(i64, i64)>,
    /// Those who preferred not to give their budget.
    pub budget_undisclosed: i64,
    /// Confirmations per week (the Monday), every week of the span.
    pub per_week: Vec<(NaiveDate, i64)>,
    /// `(hours, count)` from confirmation to first decision.
    pub decision_hours: Vec<(i64, i64)>,
    /// Decisions taken in the period, per person.
    pub by_moderator: Vec<ModeratorCount>,
    /// Refusals in the period, per reason code.
    pub refusal_reasons: Vec<(String, i64)>,
}

/// When the figures were counted, for the page and the CSV.
pub fn stamp(now: NaiveDateTime) -> String {
    now.format("%Y-%m-%d %H:%M UTC").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn any_query_string_reads_as_a_scope_that_writes_back_the_same(q in "\\PC{0,80}") {
            let scope = Scope::from_query(&q);
            proptest::prop_assert_eq!(Scope::from_query(&scope.to_query()), scope);
        }
    }
}

//! Sample data: realistic French associations and collectifs whose typology
//! follows a real host's figures, loaded through the same parsing and
//! storing code as real applications (and never e-mailed).

use std::path::Path;

use chrono::TimeDelta;
use serde::Deserialize;

use crate::applications::flags::Thresholds;
use crate::applications::store::{self, Origin};
use crate::applications::{ApplicationError, NewApplication, RawSubmission, Status};
use crate::db::{self, DbConn};
use crate::i18n::Lang;

/// The bundled sample data, used when no file is named and
/// `fixtures/applications.json` is not in the working directory.
const BUNDLED: &str = include_str!("../fixtures/applications.json");

/// What the loader did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Applications stored.
    pub loaded: usize,
    /// Entries whose space name was already taken (loaded before).
    pub skipped: usize,
}

/// Why fixtures could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum FixtureError {
    #[error("cannot read {0}: {1}")]
    Read(String, std::io::Error),
    #[error("the fixtures are not a JSON array of applications: {0}")]
    Format(#[from] serde_json::Error),
    #[error("entry {index} ({name}) is invalid: {problems}")]
    Invalid {
        index: usize,
        name: String,
        problems: String,
    },
    #[error(transparent)]
    Application(#[from] ApplicationError),
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

/// One entry: the submission fields plus where it stands and its age.
#[derive(Debug, Deserialize)]
struct Entry {
    #[serde(flatten)]
    fields: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    days_ago: i64,
}

/// Reads the fixtures at `path` (or the default ones) and stores them.
pub fn load(
    conn: &mut DbConn,
    path: Option<&Path>,
    limits: &Thresholds,
) -> Result<Report, FixtureError> {
    let text = match path {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| FixtureError::Read(path.display().to_string(), e))?,
        None => std::fs::read_to_string("fixtures/applications.json")
            .unwrap_or_else(|_| BUNDLED.to_string()),
    };
    let entries: Vec<Entry> = serde_json::from_str(&text)?;
    let mut report = Report::default();
    let now = db::now();
    for (index, entry) in entries.into_iter().enumerate() {
        let (mut raw, type_errors) = RawSubmission::from_json(&entry.fields);
        // Sample data stands for people who ticked the box.
        raw.accept_terms = true;
        let new =
            NewApplication::parse(&raw, chrono::Datelike::year(&chrono::Utc::now()), Lang::Fr);
        let new = match (new, type_errors.is_empty()) {
            (Ok(new), true) => new,
            (Err(errors), _) => {
                return Err(FixtureError::Invalid {
                    index,
                    name: raw.organisation_name,
                    problems: errors
                        .iter()
                        .map(|(f, p)| format!("{f}: {}", p[0]))
                        .collect::<Vec<_>>()
                        .join(", "),
                })
            }
            (Ok(_), false) => {
                return Err(FixtureError::Invalid {
                    index,
                    name: raw.organisation_name,
                    problems: format!("{type_errors:?}"),
                })
            }
        };
        let status = entry
            .status
            .as_deref()
            .and_then(Status::from_code)
            .unwrap_or(Status::Submitted);
        // Unconfirmed samples stay young enough not to expire at once.
        let days = if status == Status::Unconfirmed {
            entry.days_ago.clamp(0, 5)
        } else {
            entry.days_ago.max(0)
        };
        let created = now - TimeDelta::days(days) - TimeDelta::minutes(index as i64);
        if store::already_loaded(conn, new.space_name.as_str(), new.contact_email.as_str())? {
            report.skipped += 1;
            continue;
        }
        // The confirmation delay runs from now, so that no sample expires
        // between its creation and its confirmation below.
        let expiry = TimeDelta::days(days + 7);
        let rules = store::IntakeRules {
            expiry,
            flags: *limits,
        };
        let app = match store::submit(conn, &new, Origin::Fixture, created, &rules) {
            Ok(app) => app,
            Err(ApplicationError::Invalid(_)) => {
                report.skipped += 1;
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        if matches!(status, Status::Submitted | Status::Withdrawn) {
            store::confirm(conn, &app.id, created + TimeDelta::minutes(20), None)?;
        }
        if status == Status::Withdrawn {
            store::withdraw(conn, &app.id, created + TimeDelta::days(2), None)?;
        }
        report.loaded += 1;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_fixtures_are_at_least_fifty_valid_applications() {
        let entries: Vec<Entry> = serde_json::from_str(BUNDLED).unwrap();
        assert!(entries.len() >= 50);
        for entry in &entries {
            let (mut raw, type_errors) = RawSubmission::from_json(&entry.fields);
            raw.accept_terms = true;
            assert!(type_errors.is_empty(), "{type_errors:?}");
            if let Err(e) = NewApplication::parse(&raw, 2026, Lang::Fr) {
                panic!("{} is invalid: {e:?}", raw.organisation_name);
            }
        }
    }
}

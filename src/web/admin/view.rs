//! Applications as the back-office shows them: translated labels, figures
//! formatted for reading, flags in words.

use chrono::NaiveDateTime;
use serde_json::{json, Value};

use crate::applications::flags::Flag;
use crate::applications::typology::Sectors;
use crate::applications::Application;
use crate::i18n::{FluentArg, Lang};

pub use crate::i18n::number;

/// A date and time for people (UTC).
pub fn when(t: NaiveDateTime) -> String {
    t.format("%d/%m/%Y %H:%M").to_string()
}

/// How long ago, in days (or hours under a day).
pub fn age(lang: Lang, t: NaiveDateTime, now: NaiveDateTime) -> String {
    let d = now - t;
    if d.num_hours() < 24 {
        lang.tr_args(
            "admin-age-hours",
            &[("n", FluentArg::Number(d.num_hours().max(0)))],
        )
    } else {
        lang.tr_args("admin-age-days", &[("n", FluentArg::Number(d.num_days()))])
    }
}

/// A flag in words.
pub fn flag(lang: Lang, flag: &Flag) -> Value {
    let value = flag
        .detail
        .parse::<i64>()
        .map(|n| number(lang, n))
        .unwrap_or_else(|_| flag.detail.clone());
    json!({
        "kind": flag.kind,
        "label": lang.tr_args(&format!("flag-{}", flag.kind), &[("value", FluentArg::Text(value))]),
        "related_id": flag.related_id,
        "outlier": flag.kind.starts_with("outlier_"),
    })
}

/// An application for the queue and the detail page.
pub fn application(lang: Lang, app: &Application, flags: &[Flag], now: NaiveDateTime) -> Value {
    let sectors: Vec<String> = Sectors::from_column(&app.sectors)
        .iter()
        .map(|s| lang.tr(&format!("sector-{}", s.code())))
        .collect();
    let mine: Vec<&Flag> = flags
        .iter()
        .filter(|f| f.application_id == app.id)
        .collect();
    json!({
        "id": app.id,
        "status": app.status,
        "status_label": lang.tr(&format!("status-{}", app.status)),
        "organisation_name": app.organisation_name,
        "structure_type": app.structure_type,
        "structure_type_label": lang.tr(&format!("structure-type-{}", app.structure_type)),
        "sectors": sectors,
        "creation_year": app.creation_year,
        "employees": number(lang, app.employees.into()),
        "members": number(lang, app.members.into()),
        "beneficiaries": number(lang, app.beneficiaries.into()),
        "size_line": lang.tr_args("admin-size", &[
            ("members", FluentArg::Number(app.members.into())),
            ("employees", FluentArg::Number(app.employees.into())),
            ("beneficiaries", FluentArg::Number(app.beneficiaries.into())),
        ]),
        "budget": app.annual_budget_eur.map_or_else(|| lang.tr("admin-budget-undisclosed"), |b| format!("{} €", number(lang, b))),
        "description": app.description,
        "website": app.website,
        "postal_code": app.postal_code,
        "city": app.city,
        "country": app.country,
        "contact_name": app.contact_name,
        "contact_email": app.contact_email,
        "space_name": app.space_name,
        "office_suite": app.office_suite,
        "language": app.language,
        "created": when(app.created_at),
        "created_iso": app.created_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "confirmed": app.confirmed_at.map(when),
        "age": age(lang, app.confirmed_at.unwrap_or(app.created_at), now),
        "assigned_to": app.assigned_to,
        "flags": mine.iter().map(|f| flag(lang, f)).collect::<Vec<_>>(),
        "flag_count": mine.len(),
    })
}

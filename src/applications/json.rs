//! Applications as JSON, the same in the API and in webhook payloads.

use serde_json::{json, Value};

use super::flags::Flag;
use super::typology::Sectors;
use super::Application;

/// An application as the API (and the webhooks) describe it.
pub fn application_json(app: &Application, flags: &[Flag]) -> Value {
    json!({
        "id": app.id,
        "status": app.status,
        "created_at": app.created_at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
        "confirmed_at": app.confirmed_at.map(|t| t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()),
        "organisation_name": app.organisation_name,
        "structure_type": app.structure_type,
        "sectors": Sectors::from_column(&app.sectors).iter().map(|s| s.code()).collect::<Vec<_>>(),
        "creation_year": app.creation_year,
        "employees": app.employees,
        "members": app.members,
        "beneficiaries": app.beneficiaries,
        "annual_budget_eur": app.annual_budget_eur,
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
        "assigned_to": app.assigned_to,
        "space_url": app.space_url,
        "flags": flags.iter().filter(|f| f.application_id == app.id).map(|f| json!({
            "kind": f.kind, "detail": f.detail, "related_id": f.related_id,
        })).collect::<Vec<_>>(),
    })
}

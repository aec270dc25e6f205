//! The application form as the template sees it: each field with its
//! translated label, help, typed value and error, and the error summary.

use serde_json::{json, Map, Value};

use crate::applications::submission::{RawSubmission, FIELDS, HONEYPOT_FIELD};
use crate::applications::typology::{OfficeSuite, Sector, StructureType};
use crate::applications::{FieldErrors, Problem};
use crate::i18n::{FluentArg, Lang};

/// Countries offered in the form, French-speaking first; the API takes any
/// ISO 3166 code.
const COUNTRIES: &[&str] = &[
    "FR", "BE", "CH", "LU", "MC", "CA", "SN", "CI", "MA", "TN", "DZ", "CM", "MG", "RE", "GP", "MQ",
    "GF", "YT", "NC", "PF", "DE", "ES", "IT", "GB", "PT", "NL",
];

/// A problem in words.
pub fn message(lang: Lang, problem: &Problem) -> String {
    let args: Vec<(&str, FluentArg)> = problem
        .args
        .iter()
        .map(|(name, value)| (*name, FluentArg::Number(*value)))
        .collect();
    lang.tr_args(problem.key, &args)
}

/// Each refused field's first problem, in words: `{"field": "message"}`,
/// for the back-office forms.
pub fn first_messages(lang: Lang, errors: &FieldErrors) -> Value {
    let out: Map<String, Value> = errors
        .iter()
        .map(|(field, problems)| {
            (
                field.to_string(),
                json!(problems.first().map(|p| message(lang, p))),
            )
        })
        .collect();
    Value::Object(out)
}

/// The field's first problem, in words.
fn error_of(lang: Lang, errors: &FieldErrors, field: &str) -> Option<String> {
    errors
        .get(field)
        .and_then(|p| p.first())
        .map(|p| message(lang, p))
}

/// The data of `apply.hbs`.
pub fn apply_form(lang: Lang, raw: &RawSubmission, errors: &FieldErrors) -> Value {
    let mut fields = Map::new();
    let text = |name: &str, value: &str, kind: &str, extra: Value| -> Value {
        let error = error_of(lang, errors, name);
        let help_key = format!("help-{name}");
        let help = lang.has(&help_key).then(|| lang.tr(&help_key));
        let describedby: Vec<String> = [
            help.as_ref().map(|_| format!("{name}-hint")),
            error.as_ref().map(|_| format!("{name}-error")),
        ]
        .into_iter()
        .flatten()
        .collect();
        let mut field = json!({
            "name": name,
            "label": lang.tr(&format!("field-{name}")),
            "help": help,
            "describedby": describedby.join(" "),
            "value": value,
            "type": kind,
            "error": error,
        });
        if let (Value::Object(f), Value::Object(extra)) = (&mut field, extra) {
            f.extend(extra);
        }
        field
    };
    let number = json!({"inputmode": "numeric", "required": true});
    fields.insert(
        "organisation_name".into(),
        text(
            "organisation_name",
            &raw.organisation_name,
            "text",
            json!({"required": true, "autocomplete": "organization", "maxlength": 150}),
        ),
    );
    fields.insert(
        "creation_year".into(),
        text(
            "creation_year",
            &raw.creation_year,
            "text",
            json!({"inputmode": "numeric", "required": true, "maxlength": 4, "size": 4}),
        ),
    );
    fields.insert(
        "description".into(),
        text(
            "description",
            &raw.description,
            "textarea",
            json!({"required": true, "maxlength": 4000}),
        ),
    );
    fields.insert(
        "website".into(),
        text(
            "website",
            &raw.website,
            "url",
            json!({"autocomplete": "url", "inputmode": "url"}),
        ),
    );
    for name in ["employees", "members", "beneficiaries"] {
        let value = match name {
            "employees" => &raw.employees,
            "members" => &raw.members,
            _ => &raw.beneficiaries,
        };
        fields.insert(name.into(), text(name, value, "text", number.clone()));
    }
    fields.insert(
        "annual_budget_eur".into(),
        text(
            "annual_budget_eur",
            &raw.annual_budget_eur,
            "text",
            json!({"inputmode": "numeric"}),
        ),
    );
    fields.insert(
        "postal_code".into(),
        text(
            "postal_code",
            &raw.postal_code,
            "text",
            json!({"required": true, "autocomplete": "postal-code", "maxlength": 10, "size": 10}),
        ),
    );
    fields.insert(
        "city".into(),
        text(
            "city",
            &raw.city,
            "text",
            json!({"required": true, "autocomplete": "address-level2", "maxlength": 100}),
        ),
    );
    fields.insert(
        "contact_name".into(),
        text(
            "contact_name",
            &raw.contact_name,
            "text",
            json!({"required": true, "autocomplete": "name", "maxlength": 100}),
        ),
    );
    fields.insert(
        "contact_email".into(),
        text(
            "contact_email",
            &raw.contact_email,
            "email",
            json!({"required": true, "autocomplete": "email", "maxlength": 254}),
        ),
    );
    fields.insert("space_name".into(), text("space_name", &raw.space_name, "text", json!({"required": true, "maxlength": 63, "autocapitalize": "none", "spellcheck": "false", "pattern": "[a-zA-Z0-9-]{3,63}"})));

    let country = if raw.country.trim().is_empty() {
        "FR".to_string()
    } else {
        raw.country.trim().to_ascii_uppercase()
    };
    let mut countries: Vec<Value> = COUNTRIES
        .iter()
        .map(|code| json!({"code": code, "label": lang.tr(&format!("country-{code}")), "selected": *code == country}))
        .collect();
    if !COUNTRIES.contains(&country.as_str()) {
        // A code typed through the API or an old form: keep it visible.
        countries.push(json!({"code": country, "label": country, "selected": true}));
    }
    let language = Lang::from_code(&raw.language).unwrap_or(lang);
    let office = OfficeSuite::from_code(raw.office_suite.trim()).unwrap_or(OfficeSuite::Collabora);

    let mut summary = Vec::new();
    for field in FIELDS {
        if let Some(problems) = errors.get(field) {
            for problem in problems {
                summary.push(json!({
                    "anchor": anchor(field),
                    "label": lang.tr(&format!("field-{field}")),
                    "message": message(lang, problem),
                }));
            }
        }
    }

    json!({
        "fields": fields,
        "structure_types": StructureType::ALL.iter().map(|s| json!({
            "code": s.code(),
            "label": lang.tr(&format!("structure-type-{}", s.code())),
            "checked": raw.structure_type.trim() == s.code(),
        })).collect::<Vec<_>>(),
        "structure_type_error": error_of(lang, errors, "structure_type"),
        "sectors": Sector::ALL.iter().map(|s| json!({
            "code": s.code(),
            "label": lang.tr(&format!("sector-{}", s.code())),
            "checked": raw.sectors.iter().any(|x| x.trim() == s.code()),
        })).collect::<Vec<_>>(),
        "sectors_error": error_of(lang, errors, "sectors"),
        "countries": countries,
        "country_error": error_of(lang, errors, "country"),
        "budget_undisclosed": raw.annual_budget_undisclosed,
        "languages": Lang::ALL.iter().map(|l| json!({
            "code": l.code(),
            "label": lang.tr(&format!("language-{}", l.code())),
            "checked": *l == language,
        })).collect::<Vec<_>>(),
        "language_error": error_of(lang, errors, "language"),
        "office_suites": OfficeSuite::ALL.iter().map(|o| json!({
            "code": o.code(),
            "label": lang.tr(&format!("office-suite-{}", o.code())),
            "help": lang.tr(&format!("office-suite-{}-help", o.code())),
            "checked": *o == office,
        })).collect::<Vec<_>>(),
        "office_suite_error": error_of(lang, errors, "office_suite"),
        "accept_terms": raw.accept_terms,
        "accept_terms_error": error_of(lang, errors, "accept_terms"),
        "honeypot_field": HONEYPOT_FIELD,
        "errors": summary,
        "error_count": summary.len(),
    })
}

/// The id of the element a summary entry links to: the input itself, or
/// the first choice of a group.
fn anchor(field: &str) -> String {
    match field {
        "structure_type" => format!("structure_type-{}", StructureType::ALL[0].code()),
        "sectors" => format!("sectors-{}", Sector::ALL[0].code()),
        "office_suite" => format!("office_suite-{}", OfficeSuite::ALL[0].code()),
        "language" => "language-fr".to_string(),
        other => other.to_string(),
    }
}

//! A submission as typed (every field a string, nothing lost) and its
//! parsing into a [`NewApplication`], which cannot hold an invalid value.

use serde::Serialize;

use super::identity::{ContactEmail, Country, Line, Paragraphs, PostalCode, Website};
use super::problem::{FieldErrors, Problem};
use super::space_name::SpaceName;
use super::text;
use super::typology::{AnnualBudget, CreationYear, HeadCount, OfficeSuite, Sectors, StructureType};
use crate::i18n::Lang;

/// The fields of the form and of the JSON API, in the order of the form.
pub const FIELDS: &[&str] = &[
    "organisation_name",
    "structure_type",
    "sectors",
    "creation_year",
    "employees",
    "members",
    "beneficiaries",
    "annual_budget_eur",
    "description",
    "website",
    "postal_code",
    "city",
    "country",
    "contact_name",
    "contact_email",
    "space_name",
    "office_suite",
    "accept_terms",
    "language",
];

/// What the applicant typed, kept as typed so that a refused form comes back
/// with every value in place.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RawSubmission {
    pub organisation_name: String,
    pub structure_type: String,
    pub sectors: Vec<String>,
    pub creation_year: String,
    pub employees: String,
    pub members: String,
    pub beneficiaries: String,
    pub annual_budget_eur: String,
    /// The form's "prefer not to say" box for the budget.
    pub annual_budget_undisclosed: bool,
    pub description: String,
    pub website: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub contact_name: String,
    pub contact_email: String,
    pub space_name: String,
    pub office_suite: String,
    pub accept_terms: bool,
    pub language: String,
    /// The hidden field only robots fill in.
    pub honeypot: String,
}

/// The name of the form field that people never see and robots fill in.
pub const HONEYPOT_FIELD: &str = "nickname";

impl RawSubmission {
    /// Reads an `application/x-www-form-urlencoded` body; repeated
    /// `sectors` give several sectors, unknown fields are ignored.
    pub fn from_form(body: &[u8]) -> RawSubmission {
        let mut raw = RawSubmission::default();
        for (key, value) in form_urlencoded::parse(body) {
            let value = value.into_owned();
            match key.as_ref() {
                "sectors" | "sectors[]" => raw.sectors.push(value),
                "accept_terms" => raw.accept_terms = is_truthy(&value),
                "annual_budget_undisclosed" => raw.annual_budget_undisclosed = is_truthy(&value),
                HONEYPOT_FIELD => raw.honeypot = value,
                other => {
                    if let Some(slot) = raw.text_field(other) {
                        *slot = value;
                    }
                }
            }
        }
        raw
    }

    /// Reads a JSON object. Values of the wrong JSON type are reported per
    /// field, as a person would want to read them, rather than failing the
    /// whole body.
    pub fn from_json(
        object: &serde_json::Map<String, serde_json::Value>,
    ) -> (RawSubmission, FieldErrors) {
        use serde_json::Value;
        let mut raw = RawSubmission::default();
        let mut errors = FieldErrors::default();
        let wrong_type = |expected: &'static str| Problem::new(expected);
        for (key, value) in object {
            match key.as_str() {
                "sectors" => match value {
                    Value::Array(items) => {
                        for item in items {
                            match item {
                                Value::String(s) => raw.sectors.push(s.clone()),
                                _ => errors
                                    .add("sectors", wrong_type("error-expected-list-of-codes")),
                            }
                        }
                    }
                    Value::String(s) => raw.sectors.push(s.clone()),
                    Value::Null => {}
                    _ => errors.add("sectors", wrong_type("error-expected-list-of-codes")),
                },
                "accept_terms" => match value {
                    Value::Bool(b) => raw.accept_terms = *b,
                    Value::String(s) => raw.accept_terms = is_truthy(s),
                    Value::Null => {}
                    _ => errors.add("accept_terms", wrong_type("error-expected-boolean")),
                },
                other => {
                    let Some(field) = FIELDS.iter().find(|f| **f == other) else {
                        continue;
                    };
                    let text = match value {
                        Value::String(s) => s.clone(),
                        Value::Number(n) => n.to_string(),
                        Value::Null => String::new(),
                        _ => {
                            errors.add(field, wrong_type("error-expected-text-or-number"));
                            continue;
                        }
                    };
                    if let Some(slot) = raw.text_field(other) {
                        *slot = text;
                    }
                }
            }
        }
        (raw, errors)
    }

    fn text_field(&mut self, name: &str) -> Option<&mut String> {
        Some(match name {
            "organisation_name" => &mut self.organisation_name,
            "structure_type" => &mut self.structure_type,
            "creation_year" => &mut self.creation_year,
            "employees" => &mut self.employees,
            "members" => &mut self.members,
            "beneficiaries" => &mut self.beneficiaries,
            "annual_budget_eur" => &mut self.annual_budget_eur,
            "description" => &mut self.description,
            "website" => &mut self.website,
            "postal_code" => &mut self.postal_code,
            "city" => &mut self.city,
            "country" => &mut self.country,
            "contact_name" => &mut self.contact_name,
            "contact_email" => &mut self.contact_email,
            "space_name" => &mut self.space_name,
            "office_suite" => &mut self.office_suite,
            "language" => &mut self.language,
            _ => return None,
        })
    }
}

impl RawSubmission {
    /// The values of a stored application, to fill the form for an edit.
    pub fn from_application(app: &crate::applications::Application) -> RawSubmission {
        RawSubmission {
            organisation_name: app.organisation_name.clone(),
            structure_type: app.structure_type.clone(),
            sectors: app
                .sectors
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            creation_year: app.creation_year.to_string(),
            employees: app.employees.to_string(),
            members: app.members.to_string(),
            beneficiaries: app.beneficiaries.to_string(),
            annual_budget_eur: app
                .annual_budget_eur
                .map(|b| b.to_string())
                .unwrap_or_default(),
            annual_budget_undisclosed: app.annual_budget_eur.is_none(),
            description: app.description.clone(),
            website: app.website.clone().unwrap_or_default(),
            postal_code: app.postal_code.clone(),
            city: app.city.clone(),
            country: app.country.clone(),
            contact_name: app.contact_name.clone(),
            contact_email: app.contact_email.clone(),
            space_name: app.space_name.clone(),
            office_suite: app.office_suite.clone(),
            accept_terms: true,
            language: app.language.clone(),
            honeypot: String::new(),
        }
    }
}

fn is_truthy(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "on" | "true" | "1" | "yes" | "oui"
    )
}

/// An application that passed every rule, ready to be stored.
#[derive(Debug, Clone, Serialize)]
pub struct NewApplication {
    pub organisation_name: Line,
    pub structure_type: StructureType,
    pub sectors: Sectors,
    pub creation_year: CreationYear,
    pub employees: HeadCount,
    pub members: HeadCount,
    pub beneficiaries: HeadCount,
    pub annual_budget_eur: AnnualBudget,
    pub description: Paragraphs,
    pub website: Option<Website>,
    pub postal_code: PostalCode,
    pub city: Line,
    pub country: Country,
    pub contact_name: Line,
    pub contact_email: ContactEmail,
    pub space_name: SpaceName,
    pub office_suite: OfficeSuite,
    pub language: Lang,
    /// What is derived from the fields above, worked out with them.
    #[serde(skip)]
    pub keys: Keys,
}

/// The columns derived from an application's fields. They are worked out when
/// the submission is parsed, on the request's own thread, so that the one
/// thread writing to SQLite only stores them.
#[derive(Debug, Clone)]
pub struct Keys {
    /// The sectors as one column.
    pub sectors: String,
    /// The name as duplicates are compared ([`text::name_key`]).
    pub name_key: String,
    /// The text the search looks in ([`super::store::search_text_of`]).
    pub search_text: String,
}

impl Keys {
    /// The keys of these fields.
    fn of(
        name: &Line,
        sectors: &Sectors,
        description: &Paragraphs,
        city: &Line,
        email: &ContactEmail,
    ) -> Keys {
        Keys {
            sectors: sectors.to_column(),
            name_key: text::name_key(name.as_str()),
            search_text: super::store::search_text_of(
                name.as_str(),
                description.as_str(),
                city.as_str(),
                email.as_str(),
            ),
        }
    }
}

impl NewApplication {
    /// Applies every rule and reports every problem at once, not the first.
    /// `default_language` is the page's language, used when none is given.
    pub fn parse(
        raw: &RawSubmission,
        this_year: i32,
        default_language: Lang,
    ) -> Result<NewApplication, FieldErrors> {
        let mut e = FieldErrors::default();
        let organisation_name = e.take(
            "organisation_name",
            Line::parse(&raw.organisation_name, 2, 150),
        );
        let structure_type = e.take("structure_type", StructureType::parse(&raw.structure_type));
        let sectors = e.take("sectors", Sectors::parse(&raw.sectors));
        let creation_year = e.take(
            "creation_year",
            CreationYear::parse(&raw.creation_year, this_year),
        );
        let employees = e.take("employees", HeadCount::parse(&raw.employees));
        let members = e.take("members", HeadCount::parse(&raw.members));
        let beneficiaries = e.take("beneficiaries", HeadCount::parse(&raw.beneficiaries));
        let budget = if raw.annual_budget_undisclosed && !raw.annual_budget_eur.trim().is_empty() {
            Err(Problem::new("error-budget-conflict"))
        } else {
            AnnualBudget::parse(&raw.annual_budget_eur)
        };
        let annual_budget_eur = e.take("annual_budget_eur", budget);
        let description = e.take("description", Paragraphs::parse(&raw.description, 10, 4000));
        let website = e.take("website", Website::parse(&raw.website));
        let country = e.take("country", Country::parse(&raw.country));
        let postal_code = e.take("postal_code", PostalCode::parse(&raw.postal_code, country));
        let city = e.take("city", Line::parse(&raw.city, 1, 100));
        let contact_name = e.take("contact_name", Line::parse(&raw.contact_name, 2, 100));
        let contact_email = e.take("contact_email", ContactEmail::parse(&raw.contact_email));
        let space_name = e.take("space_name", SpaceName::parse(&raw.space_name));
        let office_suite = e.take("office_suite", OfficeSuite::parse(&raw.office_suite));
        if !raw.accept_terms {
            e.add("accept_terms", Problem::new("error-terms"));
        }
        let language = match raw.language.trim() {
            "" => Some(default_language),
            code => e.take(
                "language",
                Lang::from_code(code).ok_or_else(|| Problem::new("error-choice")),
            ),
        };
        match (
            organisation_name,
            structure_type,
            sectors,
            creation_year,
            employees,
            members,
            beneficiaries,
            annual_budget_eur,
            description,
            website,
            postal_code,
            city,
            country,
            contact_name,
            contact_email,
            space_name,
            office_suite,
            language,
        ) {
            (
                Some(organisation_name),
                Some(structure_type),
                Some(sectors),
                Some(creation_year),
                Some(employees),
                Some(members),
                Some(beneficiaries),
                Some(annual_budget_eur),
                Some(description),
                Some(website),
                Some(postal_code),
                Some(city),
                Some(country),
                Some(contact_name),
                Some(contact_email),
                Some(space_name),
                Some(office_suite),
                Some(language),
            ) if e.is_empty() => Ok(NewApplication {
                keys: Keys::of(
                    &organisation_name,
                    &sectors,
                    &description,
                    &city,
                    &contact_email,
                ),
                organisation_name,
                structure_type,
                sectors,
                creation_year,
                employees,
                members,
                beneficiaries,
                annual_budget_eur,
                description,
                website,
                postal_code,
                city,
                country,
                contact_name,
                contact_email,
                space_name,
                office_suite,
                language,
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    pub(crate) fn valid_form() -> String {
        "organisation_name=Les+Amis+du+Jardin&structure_type=association_1901&sectors=environnement\
         &sectors=social&creation_year=2019&employees=0&members=24&beneficiaries=120\
         &annual_budget_eur=3500&description=Un+jardin+partag%C3%A9+de+quartier.&website=\
         &postal_code=69003&city=Lyon&country=FR&contact_name=Camille+Martin\
         &contact_email=camille%40example.org&space_name=amis-du-jardin&office_suite=collabora\
         &accept_terms=on&language=fr"
            .to_string()
    }

    #[test]
    fn a_complete_form_parses() {
        let raw = RawSubmission::from_form(valid_form().as_bytes());
        let app = NewApplication::parse(&raw, 2026, Lang::Fr).unwrap();
        assert_eq!(app.sectors.to_column(), "environnement,social");
        assert_eq!(app.description.as_str(), "Un jardin partagé de quartier.");
        assert_eq!(app.website, None);
    }

    #[test]
    fn an_empty_form_reports_every_required_field() {
        let errors = NewApplication::parse(&RawSubmission::default(), 2026, Lang::Fr).unwrap_err();
        for field in [
            "organisation_name",
            "structure_type",
            "sectors",
            "creation_year",
            "employees",
            "members",
            "beneficiaries",
            "description",
            "postal_code",
            "city",
            "contact_name",
            "contact_email",
            "space_name",
            "accept_terms",
        ] {
            assert!(errors.get(field).is_some(), "{field} should be reported");
        }
        // Optional or defaulted fields are not.
        for field in [
            "annual_budget_eur",
            "website",
            "country",
            "office_suite",
            "language",
        ] {
            assert!(
                errors.get(field).is_none(),
                "{field} should not be reported"
            );
        }
    }

    #[test]
    fn json_values_of_the_wrong_type_are_reported_per_field() {
        let value = serde_json::json!({"employees": [1], "sectors": "culture", "accept_terms": true, "members": 12});
        let (raw, errors) = RawSubmission::from_json(value.as_object().unwrap());
        assert_eq!(
            errors.get("employees").unwrap()[0].key,
            "error-expected-text-or-number"
        );
        assert_eq!(raw.sectors, vec!["culture"]);
        assert!(raw.accept_terms);
        assert_eq!(raw.members, "12");
    }

    proptest! {
        #[test]
        fn no_form_body_makes_parsing_panic(body in proptest::collection::vec(any::<u8>(), 0..400)) {
            let raw = RawSubmission::from_form(&body);
            let _ = NewApplication::parse(&raw, 2026, Lang::En);
        }

        #[test]
        fn no_field_value_makes_parsing_panic(value in "\\PC{0,80}", field in 0usize..19) {
            let mut body = valid_form();
            body.push_str(&format!("&{}={}", FIELDS[field], value));
            let raw = RawSubmission::from_form(body.as_bytes());
            let _ = NewApplication::parse(&raw, 2026, Lang::Fr);
        }
    }
}

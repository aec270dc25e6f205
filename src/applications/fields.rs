//! The columns an applicant fills, in one place for the insert of a new
//! application and the update of an edited one.

use diesel::prelude::*;

use super::submission::NewApplication;

/// The applicant's fields as stored (the contact e-mail apart: it is set once
/// and confirmed, never edited).
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = crate::db::schema::applications)]
#[diesel(treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct Fields<'a> {
    pub organisation_name: &'a str,
    pub structure_type: &'a str,
    pub sectors: &'a str,
    pub creation_year: i32,
    pub employees: i32,
    pub members: i32,
    pub beneficiaries: i32,
    pub annual_budget_eur: Option<i64>,
    pub description: &'a str,
    pub website: Option<&'a str>,
    pub postal_code: &'a str,
    pub city: &'a str,
    pub country: &'a str,
    pub contact_name: &'a str,
    pub space_name: &'a str,
    pub office_suite: &'a str,
    pub language: &'a str,
    pub name_key: &'a str,
    pub search_text: &'a str,
}

impl<'a> Fields<'a> {
    /// The columns of a parsed submission, with the keys derived from it
    /// when it was parsed.
    pub fn of(new: &'a NewApplication) -> Fields<'a> {
        Fields {
            organisation_name: new.organisation_name.as_str(),
            structure_type: new.structure_type.code(),
            sectors: &new.keys.sectors,
            creation_year: new.creation_year.get(),
            employees: new.employees.get(),
            members: new.members.get(),
            beneficiaries: new.beneficiaries.get(),
            annual_budget_eur: new.annual_budget_eur.get(),
            description: new.description.as_str(),
            website: new.website.as_ref().map(|w| w.as_str()),
            postal_code: new.postal_code.as_str(),
            city: new.city.as_str(),
            country: new.country.code(),
            contact_name: new.contact_name.as_str(),
            space_name: new.space_name.as_str(),
            office_suite: new.office_suite.code(),
            language: new.language.code(),
            name_key: &new.keys.name_key,
            search_text: &new.keys.search_text,
        }
    }
}

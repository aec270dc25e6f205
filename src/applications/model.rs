//! The stored application, as read back from the database.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::status::Status;
use super::typology::{Sector, Sectors};

/// One row of `applications`, in column order.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct Application {
    pub id: String,
    pub status: String,
    pub organisation_name: String,
    pub structure_type: String,
    pub sectors: String,
    pub creation_year: i32,
    pub employees: i32,
    pub members: i32,
    pub beneficiaries: i32,
    pub annual_budget_eur: Option<i64>,
    pub description: String,
    pub website: Option<String>,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub contact_name: String,
    pub contact_email: String,
    pub space_name: String,
    pub office_suite: String,
    pub language: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub confirmed_at: Option<NaiveDateTime>,
    pub expires_at: Option<NaiveDateTime>,
    /// The organisation name reduced for duplicate detection.
    #[serde(skip)]
    pub name_key: String,
    /// Lowered, unaccented text the search looks in.
    #[serde(skip)]
    pub search_text: String,
    /// The moderator who claimed the application, if any.
    pub assigned_to: Option<String>,
    /// The address of the space, once the provisioner reported it ready.
    pub space_url: Option<String>,
    /// When the application was first approved or refused.
    pub decided_at: Option<NaiveDateTime>,
    /// When its personal data was erased by the retention policy.
    pub anonymised_at: Option<NaiveDateTime>,
}

impl Application {
    /// The lifecycle state; an unknown code (from a newer version sharing
    /// the database) reads as submitted, the state that changes nothing.
    pub fn status(&self) -> Status {
        Status::from_code(&self.status).unwrap_or(Status::Submitted)
    }

    /// The sectors, parsed.
    pub fn sector_list(&self) -> Vec<Sector> {
        Sectors::from_column(&self.sectors)
    }

    /// The id as a UUID (ids are always written as UUIDs).
    pub fn uuid(&self) -> Option<uuid::Uuid> {
        uuid::Uuid::parse_str(&self.id).ok()
    }

    /// The applicant's language.
    pub fn lang(&self) -> crate::i18n::Lang {
        crate::i18n::Lang::from_code(&self.language).unwrap_or_default()
    }
}

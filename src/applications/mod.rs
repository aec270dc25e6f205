//! Applications: the typology and contact types that parse, the stored
//! application, its lifecycle, and the queries on it.

mod fields;
pub mod flags;
pub mod identity;
pub mod json;
pub mod links;
mod model;
pub mod problem;
pub mod space_name;
pub mod status;
pub mod store;
pub mod submission;
pub mod text;
pub mod typology;

pub use fields::Fields;
pub use model::Application;
pub use problem::{FieldErrors, Problem};
pub use status::Status;
pub use submission::{NewApplication, RawSubmission};

/// What can go wrong with an application, whoever asks.
#[derive(Debug, thiserror::Error)]
pub enum ApplicationError {
    /// Some fields were refused; nothing was stored.
    #[error("invalid application")]
    Invalid(FieldErrors),
    /// No such application (or it expired).
    #[error("application not found")]
    NotFound,
    /// The transition is no longer legal from the current state (a double
    /// click, or two people acting at once).
    #[error("the application is {current}, which does not allow this")]
    Conflict {
        /// The state the application is in now.
        current: Status,
    },
    /// The database failed.
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
}

impl From<diesel::result::Error> for ApplicationError {
    fn from(e: diesel::result::Error) -> Self {
        ApplicationError::Db(crate::db::DbError::Query(e))
    }
}

impl ApplicationError {
    /// A refusal of one field.
    pub fn field(field: &'static str, problem: Problem) -> ApplicationError {
        let mut errors = FieldErrors::default();
        errors.add(field, problem);
        ApplicationError::Invalid(errors)
    }
}

//! The host's own rules, changed at run time by administrators: the policy
//! (reasons, hosts, thresholds, quotas, capacity, pause, retention,
//! transparency), the state of the intake it gives, and the waiting list of
//! a closed intake.

pub mod intake;
pub mod policy;
pub mod settings_form;
pub mod waiting_list;

pub use intake::Intake;
pub use policy::Policy;

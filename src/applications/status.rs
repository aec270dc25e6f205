//! The lifecycle states of an application, stored as stable codes.

use serde::Serialize;

/// Where an application stands (DESIGN.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Waiting for the applicant to click the link in the e-mail.
    Unconfirmed,
    /// Confirmed, waiting for a moderator.
    Submitted,
    /// A moderator asked the applicant for more information.
    InfoRequested,
    /// Approved; the space is being created.
    Approved,
    /// The space exists.
    Active,
    /// Creating the space failed; a moderator can retry.
    ProvisioningFailed,
    /// Refused, with a reason.
    Refused,
    /// Withdrawn by the applicant.
    Withdrawn,
}

impl Status {
    /// Every state, in lifecycle order.
    pub const ALL: [Status; 8] = [
        Status::Unconfirmed,
        Status::Submitted,
        Status::InfoRequested,
        Status::Approved,
        Status::Active,
        Status::ProvisioningFailed,
        Status::Refused,
        Status::Withdrawn,
    ];

    /// The states from which the applicant may withdraw. An unconfirmed
    /// application may be withdrawn too, so that a mistyped address frees
    /// its space name at once instead of after the expiry delay.
    pub const WITHDRAWABLE: [Status; 3] = [
        Status::Unconfirmed,
        Status::Submitted,
        Status::InfoRequested,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Status::Unconfirmed => "unconfirmed",
            Status::Submitted => "submitted",
            Status::InfoRequested => "info_requested",
            Status::Approved => "approved",
            Status::Active => "active",
            Status::ProvisioningFailed => "provisioning_failed",
            Status::Refused => "refused",
            Status::Withdrawn => "withdrawn",
        }
    }

    /// Reads a stable code.
    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the applicant may withdraw from this state.
    pub fn can_withdraw(self) -> bool {
        Status::WITHDRAWABLE.contains(&self)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_reads_back_from_its_code() {
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(s));
        }
    }

    #[test]
    fn decided_applications_cannot_be_withdrawn() {
        assert!(Status::Submitted.can_withdraw());
        assert!(!Status::Approved.can_withdraw());
        assert!(!Status::Refused.can_withdraw());
        assert!(!Status::Withdrawn.can_withdraw());
    }
}

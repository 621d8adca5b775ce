//! Who may do what: the single table that resolvers, the generated
//! `docs/permissions.md` and the authorisation tests all read (DESIGN.md section 8).

use crate::actor::{Actor, ActorKind};
use crate::role::Role;

/// Every operation whose access is decided by role. Ownership rules on top of the role
/// (an applicant's own application) are checked where the owned thing is loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// `me`: who the caller is.
    ViewSelf,
    /// `dataControllers`: the public catalogue of data sources.
    ViewDataCatalogue,
    /// `auditLog`.
    ViewAuditLog,
    /// `verifyAuditLog`.
    VerifyAuditLog,
    /// `fileObjection`: a citizen, for themselves or a person they represent.
    FileObjection,
    /// `recordObjection`: a clerk, for an objection received by post or in person.
    RecordObjection,
    /// `withdrawObjection`: the person, their representative (ownership checked on the
    /// objection), or a clerk.
    WithdrawObjection,
    /// `myObjections`: a citizen's own objections and those filed for people they represent.
    ViewOwnObjections,
    /// `objection(id, reason)`: staff reading one objection, with a recorded reason.
    ViewObjection,
    /// `GET /api/objections/me/export`: a citizen's GDPR access export.
    ExportOwnObjectionData,
    /// `POST /api/cohort-filter`: removing objectors from a cohort list.
    RunCohortFilter,
}

impl Operation {
    pub const ALL: [Operation; 11] = [
        Operation::ViewSelf,
        Operation::ViewDataCatalogue,
        Operation::ViewAuditLog,
        Operation::VerifyAuditLog,
        Operation::FileObjection,
        Operation::RecordObjection,
        Operation::WithdrawObjection,
        Operation::ViewOwnObjections,
        Operation::ViewObjection,
        Operation::ExportOwnObjectionData,
        Operation::RunCohortFilter,
    ];

    /// The GraphQL field or HTTP endpoint through which the operation is reached.
    pub fn entry_point(self) -> &'static str {
        match self {
            Operation::ViewSelf => "query me",
            Operation::ViewDataCatalogue => "query dataControllers",
            Operation::ViewAuditLog => "query auditLog",
            Operation::VerifyAuditLog => "query verifyAuditLog",
            Operation::FileObjection => "mutation fileObjection",
            Operation::RecordObjection => "mutation recordObjection",
            Operation::WithdrawObjection => "mutation withdrawObjection",
            Operation::ViewOwnObjections => "query myObjections",
            Operation::ViewObjection => "query objection",
            Operation::ExportOwnObjectionData => "GET /api/objections/me/export",
            Operation::RunCohortFilter => "POST /api/cohort-filter",
        }
    }

    /// Roles allowed to perform the operation, in the order preferred as the acting role.
    pub fn allowed_roles(self) -> &'static [Role] {
        match self {
            Operation::ViewSelf | Operation::ViewDataCatalogue => &[Role::Public],
            Operation::ViewAuditLog | Operation::VerifyAuditLog => &[Role::Auditor],
            Operation::FileObjection
            | Operation::ViewOwnObjections
            | Operation::ExportOwnObjectionData => &[Role::Citizen],
            Operation::RecordObjection | Operation::ViewObjection => &[Role::RegistryClerk],
            Operation::WithdrawObjection => &[Role::Citizen, Role::RegistryClerk],
            Operation::RunCohortFilter => &[Role::RegistryClerk, Role::Handler],
        }
    }

    /// Whether anonymous callers may perform it; if not, they are told to authenticate
    /// rather than that they are forbidden.
    pub fn allows_anonymous(self) -> bool {
        self.allowed_roles().contains(&Role::Public)
    }
}

/// The outcome of asking whether an actor may perform an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Allowed, acting in this role.
    Granted(Role),
    /// Not signed in, and the operation needs a signed-in role.
    Unauthenticated,
    /// Signed in, but without any allowed role.
    Forbidden,
}

pub fn check(actor: &Actor, operation: Operation) -> Access {
    match actor.acting_role(operation.allowed_roles()) {
        Some(role) => Access::Granted(role),
        None if actor.kind == ActorKind::Anonymous => Access::Unauthenticated,
        None => Access::Forbidden,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_audit_log_is_for_auditors_only() {
        let auditor = Actor::person("a", None, [Role::Auditor], None);
        let admin = Actor::person("b", None, [Role::Admin, Role::Director], None);
        assert_eq!(
            check(&auditor, Operation::ViewAuditLog),
            Access::Granted(Role::Auditor)
        );
        assert_eq!(check(&admin, Operation::ViewAuditLog), Access::Forbidden);
        assert_eq!(
            check(&Actor::public(), Operation::VerifyAuditLog),
            Access::Unauthenticated
        );
    }

    #[test]
    fn public_operations_are_open_to_everyone() {
        for operation in Operation::ALL
            .into_iter()
            .filter(|op| op.allows_anonymous())
        {
            assert_eq!(
                check(&Actor::public(), operation),
                Access::Granted(Role::Public)
            );
        }
    }

    #[test]
    fn objections_are_for_citizens_and_clerks_and_cohorts_for_staff() {
        let citizen = Actor::person("c", None, [Role::Citizen], None);
        let clerk = Actor::person("k", None, [Role::RegistryClerk], None);
        let handler = Actor::person("h", None, [Role::Handler], None);
        assert_eq!(
            check(&citizen, Operation::FileObjection),
            Access::Granted(Role::Citizen)
        );
        assert_eq!(check(&citizen, Operation::ViewObjection), Access::Forbidden);
        assert_eq!(check(&handler, Operation::ViewObjection), Access::Forbidden);
        assert_eq!(
            check(&clerk, Operation::WithdrawObjection),
            Access::Granted(Role::RegistryClerk)
        );
        assert_eq!(
            check(&handler, Operation::RunCohortFilter),
            Access::Granted(Role::Handler)
        );
        assert_eq!(
            check(&citizen, Operation::RunCohortFilter),
            Access::Forbidden
        );
        assert_eq!(
            check(&Actor::public(), Operation::ViewOwnObjections),
            Access::Unauthenticated
        );
    }

    #[test]
    fn system_jobs_hold_no_role() {
        assert_eq!(
            check(&Actor::system("seed"), Operation::ViewAuditLog),
            Access::Forbidden
        );
    }
}

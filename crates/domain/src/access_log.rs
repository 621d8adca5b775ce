//! Each person's own access log (issue 20 §3): which of the audit log's entries about a
//! person's data the person is shown, and how each is described to them.
//!
//! A citizen sees who at the authority read or handled their objections; an applicant sees
//! who read or handled their applications. They see the role and the organisation, never
//! the staff member's name: the right of access covers the recipients of the data, and
//! naming officials to the public is left to the authority's own decision on a request.

use crate::audit::AuditOutcome;
use crate::role::Role;

/// What the staff member did with the person's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessKind {
    /// Looked at it: opened the case or the objection, downloaded an attachment.
    Read,
    /// Acted on it: took the case, asked for information, proposed, decided, recorded.
    Handled,
}

/// The organisation a staff member acts for. Every staff role belongs to the permit
/// authority today; a data controller's staff reading through the system would be a
/// second variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessorOrganisation {
    PermitAuthority,
}

impl AccessorOrganisation {
    /// The wire name, as GraphQL and the GDPR export show it.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessorOrganisation::PermitAuthority => "PERMIT_AUTHORITY",
        }
    }
}

/// Actions that only show data. Everything else a staff member does to a person's
/// application or objection is [`AccessKind::Handled`].
const READ_ACTIONS: &[&str] = &[
    "application.read",
    "attachment.download",
    "decision_document.download",
    "objection.read",
    "organisation.contacts.read",
    "permit.read",
];

pub fn access_kind(action: &str) -> AccessKind {
    if READ_ACTIONS.contains(&action) {
        AccessKind::Read
    } else {
        AccessKind::Handled
    }
}

/// Whether an entry about the owner's data belongs in the owner's access log, and as
/// which staff role. Only what staff did and were allowed to do: the owner's own actions
/// are theirs already, the system's jobs touch no one in particular, and a refused attempt
/// showed nothing.
pub fn shown_to_owner(
    owner_id: &str,
    actor_id: &str,
    actor_role: Option<&str>,
    outcome: AuditOutcome,
) -> Option<Role> {
    if outcome != AuditOutcome::Success || actor_id == owner_id {
        return None;
    }
    let role: Role = actor_role?.parse().ok()?;
    role.is_staff().then_some(role)
}

/// The organisation a staff role acts for.
pub fn organisation_of(role: Role) -> Option<AccessorOrganisation> {
    role.is_staff()
        .then_some(AccessorOrganisation::PermitAuthority)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_told_apart_from_handling() {
        assert_eq!(access_kind("application.read"), AccessKind::Read);
        assert_eq!(access_kind("objection.read"), AccessKind::Read);
        assert_eq!(access_kind("attachment.download"), AccessKind::Read);
        assert_eq!(access_kind("application.decide"), AccessKind::Handled);
        assert_eq!(access_kind("objection.record"), AccessKind::Handled);
    }

    #[test]
    fn only_staff_successes_by_others_are_shown() {
        let shown = |actor: &str, role: Option<&str>, outcome| {
            shown_to_owner("owner", actor, role, outcome)
        };
        assert_eq!(
            shown("handler-1", Some("HANDLER"), AuditOutcome::Success),
            Some(Role::Handler)
        );
        assert_eq!(
            shown("clerk-1", Some("REGISTRY_CLERK"), AuditOutcome::Success),
            Some(Role::RegistryClerk)
        );
        // The owner's own reads, a refused attempt, another applicant or citizen, a
        // system job and a role no writer stores are all left out.
        assert_eq!(shown("owner", Some("HANDLER"), AuditOutcome::Success), None);
        assert_eq!(
            shown("handler-1", Some("HANDLER"), AuditOutcome::Denied),
            None
        );
        assert_eq!(
            shown("other", Some("APPLICANT"), AuditOutcome::Success),
            None
        );
        assert_eq!(shown("other", Some("CITIZEN"), AuditOutcome::Success), None);
        assert_eq!(shown("system:retention", None, AuditOutcome::Success), None);
        assert_eq!(shown("x", Some("WIZARD"), AuditOutcome::Success), None);
    }

    #[test]
    fn staff_act_for_the_permit_authority() {
        assert_eq!(
            organisation_of(Role::Director),
            Some(AccessorOrganisation::PermitAuthority)
        );
        assert_eq!(organisation_of(Role::Applicant), None);
    }
}

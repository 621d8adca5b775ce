use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What a person may do in the system (DESIGN.md section 1). One person may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    /// Anyone, without a token: reads published decisions and statistics.
    Public,
    /// Applies for permits for themselves or an organisation.
    Applicant,
    /// Authority staff preparing cases as presenter.
    Handler,
    /// The Director or deputy who decides proposals.
    Director,
    /// Staff recording objections received by post or in person.
    RegistryClerk,
    /// A strongly authenticated person managing their own objections.
    Citizen,
    /// Data protection officer reading and verifying the audit log.
    Auditor,
    /// Operator managing users' roles.
    Admin,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Public,
        Role::Applicant,
        Role::Handler,
        Role::Director,
        Role::RegistryClerk,
        Role::Citizen,
        Role::Auditor,
        Role::Admin,
    ];

    /// The wire name used in tokens, GraphQL and SQL.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Public => "PUBLIC",
            Role::Applicant => "APPLICANT",
            Role::Handler => "HANDLER",
            Role::Director => "DIRECTOR",
            Role::RegistryClerk => "REGISTRY_CLERK",
            Role::Citizen => "CITIZEN",
            Role::Auditor => "AUDITOR",
            Role::Admin => "ADMIN",
        }
    }

    /// Staff roles belong to the authority's own personnel.
    pub fn is_staff(self) -> bool {
        matches!(
            self,
            Role::Handler | Role::Director | Role::RegistryClerk | Role::Auditor | Role::Admin
        )
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that is not one of [`Role::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role")]
pub struct UnknownRole;

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == s)
            .ok_or(UnknownRole)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_wire_name() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
    }

    #[test]
    fn wire_names_are_exact() {
        assert_eq!("handler".parse::<Role>(), Err(UnknownRole));
        assert_eq!(" HANDLER".parse::<Role>(), Err(UnknownRole));
        assert_eq!("".parse::<Role>(), Err(UnknownRole));
    }

    #[test]
    fn serde_uses_the_wire_names() {
        for role in Role::ALL {
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
            assert_eq!(serde_json::from_str::<Role>(&json).unwrap(), role);
        }
    }
}

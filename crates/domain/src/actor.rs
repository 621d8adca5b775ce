use std::collections::BTreeSet;
use std::fmt;

use crate::role::Role;

/// Who is acting: a person identified by a verified token, the anonymous public, or the
/// system itself (scheduled jobs, seeding, command-line tools).
///
/// Every store command takes an `Actor` so that ownership checks and audit entries cannot
/// be forgotten.
#[derive(Clone, PartialEq, Eq)]
pub struct Actor {
    /// The token's `sub` for people; `public` for anonymous callers; `system:<job>` for jobs.
    pub id: String,
    /// Display name from the token, if it carried one.
    pub name: Option<String>,
    pub kind: ActorKind,
    /// Always contains [`Role::Public`]: everyone may do what the public may.
    pub roles: BTreeSet<Role>,
    /// A citizen's personal identity code from the token (`hetu` claim). Never logged.
    pub identity_code: Option<IdentityCodeClaim>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    Anonymous,
    Person,
    System,
}

impl Actor {
    /// The anonymous caller: no token, role `PUBLIC` only.
    pub fn public() -> Actor {
        Actor {
            id: "public".to_owned(),
            name: None,
            kind: ActorKind::Anonymous,
            roles: BTreeSet::from([Role::Public]),
            identity_code: None,
        }
    }

    /// A person with a verified token. `PUBLIC` is added to the given roles.
    pub fn person(
        id: impl Into<String>,
        name: Option<String>,
        roles: impl IntoIterator<Item = Role>,
        identity_code: Option<IdentityCodeClaim>,
    ) -> Actor {
        let mut roles: BTreeSet<Role> = roles.into_iter().collect();
        roles.insert(Role::Public);
        Actor {
            id: id.into(),
            name,
            kind: ActorKind::Person,
            roles,
            identity_code,
        }
    }

    /// The system acting on its own behalf, e.g. `Actor::system("seed")`.
    pub fn system(job: &str) -> Actor {
        Actor {
            id: format!("system:{job}"),
            name: None,
            kind: ActorKind::System,
            roles: BTreeSet::new(),
            identity_code: None,
        }
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn is_authenticated(&self) -> bool {
        self.kind == ActorKind::Person
    }

    /// The first of `allowed` that the actor holds: the role the action is performed in,
    /// recorded in the audit log. `None` means the action is not allowed for this actor.
    pub fn acting_role(&self, allowed: &[Role]) -> Option<Role> {
        allowed.iter().copied().find(|role| self.has_role(*role))
    }
}

// Hand-written so that the identity code can never reach a log through `{:?}`.
impl fmt::Debug for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Actor")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("roles", &self.roles)
            .field(
                "identity_code",
                &self.identity_code.as_ref().map(|_| "[redacted]"),
            )
            .finish()
    }
}

/// A citizen's personal identity code as the caller carries it, kept opaque: parsed and
/// validated by the objection registry, and its `Debug` never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub enum IdentityCodeClaim {
    /// The `hetu` claim of a bearer token, as the token said it.
    Plain(String),
    /// From a sign-in session: the code sealed (AES-GCM) under the identity-code keys and
    /// bound to the session's id, so the plain code is never stored with the session.
    Sealed(SealedIdentityCode),
}

/// A sealed identity code and what opens it: the key id and the session it is bound to.
#[derive(Clone, PartialEq, Eq)]
pub struct SealedIdentityCode {
    pub session_id: uuid::Uuid,
    pub key_id: String,
    pub bytes: Vec<u8>,
}

impl SealedIdentityCode {
    /// The associated data that binds a session's sealed code to its row.
    pub fn context(session_id: uuid::Uuid) -> Vec<u8> {
        format!("tietolupa/user_session/{session_id}/identity_code").into_bytes()
    }
}

impl IdentityCodeClaim {
    /// A bearer token's plain claim.
    pub fn new(value: String) -> IdentityCodeClaim {
        IdentityCodeClaim::Plain(value)
    }
}

impl fmt::Debug for IdentityCodeClaim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IdentityCodeClaim([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_holds_only_the_public_role() {
        let public = Actor::public();
        assert_eq!(public.roles, BTreeSet::from([Role::Public]));
        assert!(!public.is_authenticated());
    }

    #[test]
    fn a_person_is_also_public() {
        let handler = Actor::person("h1", None, [Role::Handler], None);
        assert!(handler.has_role(Role::Public));
        assert!(handler.has_role(Role::Handler));
        assert!(handler.is_authenticated());
    }

    #[test]
    fn acting_role_is_the_first_allowed_role_held() {
        let actor = Actor::person("d1", None, [Role::Handler, Role::Director], None);
        assert_eq!(
            actor.acting_role(&[Role::Director, Role::Handler]),
            Some(Role::Director)
        );
        assert_eq!(actor.acting_role(&[Role::Auditor]), None);
    }

    #[test]
    fn debug_never_shows_the_identity_code() {
        let actor = Actor::person(
            "c1",
            None,
            [Role::Citizen],
            Some(IdentityCodeClaim::new("010101-123N".to_owned())),
        );
        let rendered = format!("{actor:?}");
        assert!(!rendered.contains("010101"), "{rendered}");
        assert!(rendered.contains("[redacted]"));
    }
}

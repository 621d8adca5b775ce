use async_graphql::{Context, Object, SimpleObject};

use crate::context::ContextExt;

/// The caller as the server sees them.
#[derive(SimpleObject)]
pub struct Me {
    /// The token's subject; `public` for anonymous callers.
    id: String,
    name: Option<String>,
    /// Always includes `PUBLIC`.
    roles: Vec<RoleName>,
    authenticated: bool,
    /// Whether the token carries a personal identity code (the code itself is never
    /// returned).
    has_identity_code: bool,
}

/// Roles of DESIGN.md section 1.
#[derive(async_graphql::Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "Role", remote = "tietolupa_domain::Role")]
pub enum RoleName {
    Public,
    Applicant,
    Handler,
    Director,
    RegistryClerk,
    Citizen,
    Auditor,
    Admin,
}

#[derive(Default)]
pub struct MeQuery;

#[Object]
impl MeQuery {
    /// Who is calling. Works anonymously.
    async fn me(&self, ctx: &Context<'_>) -> Me {
        let actor = &ctx.caller().actor;
        Me {
            id: actor.id.clone(),
            name: actor.name.clone(),
            roles: actor.roles.iter().copied().map(RoleName::from).collect(),
            authenticated: actor.is_authenticated(),
            has_identity_code: actor.identity_code.is_some(),
        }
    }
}

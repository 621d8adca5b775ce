use tietolupa_domain::Actor;

/// Who acts, and where the request came from: everything an audit entry needs about the
/// caller.
#[derive(Debug, Clone)]
pub struct CallContext {
    pub actor: Actor,
    pub client_address: Option<String>,
    pub request_id: Option<String>,
}

impl CallContext {
    pub fn new(actor: Actor) -> CallContext {
        CallContext {
            actor,
            client_address: None,
            request_id: None,
        }
    }

    /// A scheduled job or command-line tool acting as the system.
    pub fn system(job: &str) -> CallContext {
        CallContext::new(Actor::system(job))
    }
}

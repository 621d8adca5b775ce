use tietolupa_domain::Actor;
use tietolupa_domain::calendar::helsinki_date;
use time::{Date, OffsetDateTime};

/// Who acts, and where the request came from: everything an audit entry needs about the
/// caller.
#[derive(Debug, Clone)]
pub struct CallContext {
    pub actor: Actor,
    pub client_address: Option<String>,
    pub request_id: Option<String>,
    /// When the request arrived: one instant for everything a command records.
    pub at: OffsetDateTime,
}

impl CallContext {
    pub fn new(actor: Actor) -> CallContext {
        CallContext {
            actor,
            client_address: None,
            request_id: None,
            at: OffsetDateTime::now_utc(),
        }
    }

    /// The same caller at another instant (tests and scheduled jobs).
    pub fn at(mut self, at: OffsetDateTime) -> CallContext {
        self.at = at;
        self
    }

    /// Today in Finland, as deadlines count.
    pub fn today(&self) -> Date {
        helsinki_date(self.at)
    }

    /// A scheduled job or command-line tool acting as the system.
    pub fn system(job: &str) -> CallContext {
        CallContext::new(Actor::system(job))
    }
}

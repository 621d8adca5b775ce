//! Per-client rate limiting, in process: a token bucket per client address (the
//! [`ClientAddress`], so behind a trusted balancer the forwarded one) for requests
//! without a valid token, and a stricter one for `POST /dev/token`. Signed-in callers are
//! accountable through the audit log and are not throttled here. The buckets are
//! `governor`'s keyed GCRA limiter.
//!
//! Memory is bounded: at most `MAX_CLIENTS` buckets per limiter. When that many clients
//! are tracked, buckets that have refilled completely (idle clients) are dropped; if none
//! have, new clients are refused until some do, which protects the server at the cost of
//! new clients during a flood from that many addresses.

use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::Request;
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::StateStore;
use governor::state::keyed::{DashMapStateStore, ShrinkableKeyedStateStore};
use governor::{Quota, RateLimiter};
use tietolupa_auth::Verifier;
use tietolupa_config::RateLimit;
use tietolupa_graphql::ApiError;

use crate::client_address::ClientAddress;
use crate::error::HttpError;
use crate::request::{VerifiedActor, bearer_token};
use crate::sign_in::session::{self, ResolvedSession};

const MAX_CLIENTS: usize = 100_000;

/// One limiter: buckets keyed by client address.
pub struct Limiter<C: Clock + Clone = DefaultClock> {
    limiter: RateLimiter<IpAddr, Clients, C, NoOpMiddleware<C::Instant>>,
    clients: Clients,
    clock: C,
    max_clients: usize,
}

/// governor's DashMap store, shared with [`Limiter`] so that it can tell a tracked client
/// from a new one (governor's limiter offers no look-up of a key).
#[derive(Clone, Default)]
struct Clients(Arc<DashMapStateStore<IpAddr>>);

impl StateStore for Clients {
    type Key = IpAddr;

    fn measure_and_replace<T, F, E>(&self, key: &IpAddr, f: F) -> Result<T, E>
    where
        F: Fn(Option<Nanos>) -> Result<(T, Nanos), E>,
    {
        self.0.measure_and_replace(key, f)
    }
}

impl ShrinkableKeyedStateStore<IpAddr> for Clients {
    fn retain_recent(&self, drop_below: Nanos) {
        ShrinkableKeyedStateStore::retain_recent(&*self.0, drop_below);
    }

    fn shrink_to_fit(&self) {
        ShrinkableKeyedStateStore::shrink_to_fit(&*self.0);
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Limiter {
    pub fn new(limit: RateLimit) -> Limiter {
        Limiter::with_clock(limit, MAX_CLIENTS, DefaultClock::default())
    }
}

impl<C: Clock + Clone> Limiter<C> {
    fn with_clock(limit: RateLimit, max_clients: usize, clock: C) -> Limiter<C> {
        // The settings are validated as positive; 1 is only a floor for the type.
        let positive = |n: u32| NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
        let quota =
            Quota::per_minute(positive(limit.per_minute)).allow_burst(positive(limit.burst));
        let clients = Clients::default();
        Limiter {
            limiter: RateLimiter::new(quota, clients.clone(), clock.clone()),
            clients,
            clock,
            max_clients,
        }
    }

    /// Takes a token for `client`, or says how long until one is available.
    pub fn check(&self, client: IpAddr) -> Result<(), Duration> {
        let key = client_key(client);
        if !self.clients.0.contains_key(&key) && self.limiter.len() >= self.max_clients {
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
            if self.limiter.len() >= self.max_clients {
                return Err(Duration::from_secs(1));
            }
        }
        self.limiter
            .check_key(&key)
            .map_err(|not_until| not_until.wait_time_from(self.clock.now()))
    }
}

/// IPv4 addresses as they are; IPv6 by /64, the block one subscriber typically holds, so a
/// single client cannot rotate through its own addresses.
fn client_key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut segments = v6.segments();
                segments[4..].fill(0);
                IpAddr::V6(Ipv6Addr::from(segments))
            }
        },
    }
}

#[derive(Clone)]
pub struct RateLimits {
    pub anonymous: Arc<Limiter>,
    pub dev_token: Arc<Limiter>,
    pub verifier: Arc<Verifier>,
    /// To resolve a session cookie once, here, for the `Caller` extractor.
    pub state: crate::state::AppState,
}

/// The middleware. A valid token is verified here once and handed on to the `Caller`
/// extractor, so exempting signed-in callers costs no second verification.
pub async fn limit(
    State(limits): State<RateLimits>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if path == "/healthz" || path == "/readyz" {
        return next.run(request).await;
    }
    let client = request
        .extensions()
        .get::<ClientAddress>()
        .map_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED), |c| c.0);
    if path == "/dev/token"
        && let Err(wait) = limits.dev_token.check(client)
    {
        return too_many_requests(wait);
    }
    let actor = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(bearer_token)
        .and_then(|token| limits.verifier.verify(token).ok());
    // Without a bearer token, a live session cookie makes the caller signed in too; the
    // session is handed on as the token is, and the `Caller` still checks the CSRF header.
    let session = match actor {
        None if !request.headers().contains_key(AUTHORIZATION) => {
            let at = time::OffsetDateTime::now_utc();
            session::from_cookie(&limits.state, request.headers(), at)
                .await
                .ok()
                .flatten()
        }
        _ => None,
    };
    match (actor, session) {
        (Some(actor), _) => {
            request.extensions_mut().insert(VerifiedActor(actor));
        }
        (None, Some((actor, current))) => {
            request
                .extensions_mut()
                .insert(ResolvedSession(actor, current));
        }
        (None, None) => {
            if let Err(wait) = limits.anonymous.check(client) {
                return too_many_requests(wait);
            }
        }
    }
    next.run(request).await
}

fn too_many_requests(wait: Duration) -> Response {
    // Whole seconds, rounded up, as Retry-After requires.
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    HttpError::from(ApiError::RateLimited {
        retry_after_seconds: seconds.max(1),
    })
    .into_response()
}

#[cfg(test)]
mod tests {
    use governor::clock::FakeRelativeClock;

    use super::*;

    fn limiter(
        per_minute: u32,
        burst: u32,
        max_clients: usize,
    ) -> (Limiter<FakeRelativeClock>, FakeRelativeClock) {
        let clock = FakeRelativeClock::default();
        let limiter =
            Limiter::with_clock(RateLimit { per_minute, burst }, max_clients, clock.clone());
        (limiter, clock)
    }

    #[test]
    fn a_burst_is_allowed_then_refused_until_refilled() {
        let (limiter, clock) = limiter(60, 3, 10);
        let client: IpAddr = "192.0.2.1".parse().unwrap();
        for _ in 0..3 {
            assert_eq!(limiter.check(client), Ok(()));
        }
        let wait = limiter.check(client).unwrap_err();
        assert!(
            wait <= Duration::from_secs(1) && wait > Duration::ZERO,
            "{wait:?}"
        );
        clock.advance(Duration::from_secs(1));
        assert_eq!(limiter.check(client), Ok(()));
        assert!(limiter.check(client).is_err());
        // Another client has its own bucket.
        assert_eq!(limiter.check("192.0.2.2".parse().unwrap()), Ok(()));
    }

    #[test]
    fn ipv6_clients_share_their_64() {
        let (limiter, _clock) = limiter(60, 1, 10);
        assert_eq!(limiter.check("2001:db8::1".parse().unwrap()), Ok(()));
        assert!(limiter.check("2001:db8::ffff:2".parse().unwrap()).is_err());
        assert_eq!(limiter.check("2001:db8:0:1::1".parse().unwrap()), Ok(()));
    }

    #[test]
    fn memory_is_bounded_and_idle_clients_are_forgotten() {
        let (limiter, clock) = limiter(60, 2, 2);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        let c: IpAddr = "192.0.2.3".parse().unwrap();
        assert!(limiter.check(a).is_ok());
        assert!(limiter.check(b).is_ok());
        // Both tracked clients are active: a third is refused rather than tracked...
        assert!(limiter.check(c).is_err());
        assert_eq!(limiter.limiter.len(), 2);
        // ...while the tracked ones go on.
        assert!(limiter.check(a).is_ok());
        // Once they have refilled, they are dropped to make room.
        clock.advance(Duration::from_secs(5));
        assert!(limiter.check(c).is_ok());
        assert_eq!(limiter.limiter.len(), 1);
    }
}

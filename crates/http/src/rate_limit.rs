//! Per-client rate limiting, in process: a token bucket per client address for requests
//! without a valid token, and a stricter one for `POST /dev/token`. Signed-in callers are
//! accountable through the audit log and are not throttled here.
//!
//! Memory is bounded: at most `MAX_CLIENTS` buckets per limiter. When that many clients
//! are tracked, buckets that have refilled completely (idle clients) are dropped; if none
//! have, new clients are refused until some do, which protects the server at the cost of
//! new clients during a flood from that many addresses.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::header::{AUTHORIZATION, RETRY_AFTER};
use axum::http::{HeaderValue, Request, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::json;
use tietolupa_auth::Verifier;
use tietolupa_config::RateLimit;

use crate::error::HttpError;
use crate::request::{VerifiedActor, bearer_token};

const MAX_CLIENTS: usize = 100_000;

/// One limiter: buckets keyed by client address.
pub struct Limiter {
    burst: f64,
    per_second: f64,
    max_clients: usize,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Limiter {
    pub fn new(limit: RateLimit) -> Limiter {
        Limiter::with_capacity(limit, MAX_CLIENTS)
    }

    fn with_capacity(limit: RateLimit, max_clients: usize) -> Limiter {
        Limiter {
            burst: f64::from(limit.burst),
            per_second: f64::from(limit.per_minute) / 60.0,
            max_clients,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `client`, or says how long until one is available.
    pub fn check(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let key = client_key(client);
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if !buckets.contains_key(&key) && buckets.len() >= self.max_clients {
            buckets.retain(|_, bucket| self.refilled(*bucket, now) < self.burst);
            if buckets.len() >= self.max_clients {
                return Err(Duration::from_secs(1));
            }
        }
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        let tokens = self.refilled(*bucket, now);
        if tokens >= 1.0 {
            *bucket = Bucket {
                tokens: tokens - 1.0,
                at: now,
            };
            Ok(())
        } else {
            *bucket = Bucket { tokens, at: now };
            Err(Duration::from_secs_f64((1.0 - tokens) / self.per_second))
        }
    }

    fn refilled(&self, bucket: Bucket, now: Instant) -> f64 {
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        (bucket.tokens + elapsed * self.per_second).min(self.burst)
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
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip())
        .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
    let now = Instant::now();
    if path == "/dev/token"
        && let Err(wait) = limits.dev_token.check(client, now)
    {
        return too_many_requests(wait);
    }
    let actor = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(bearer_token)
        .and_then(|token| limits.verifier.verify(token).ok());
    match actor {
        Some(actor) => {
            request.extensions_mut().insert(VerifiedActor(actor));
        }
        None => {
            if let Err(wait) = limits.anonymous.check(client, now) {
                return too_many_requests(wait);
            }
        }
    }
    next.run(request).await
}

fn too_many_requests(wait: Duration) -> Response {
    // Whole seconds, rounded up, as Retry-After requires.
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let seconds = seconds.max(1);
    let mut response = HttpError {
        status: StatusCode::TOO_MANY_REQUESTS,
        code: "RATE_LIMITED",
        message: "too many requests".to_owned(),
        fields: Vec::new(),
    }
    .into_response_with(json!({ "retryAfterSeconds": seconds }));
    response
        .headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from(seconds));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(per_minute: u32, burst: u32, max_clients: usize) -> Limiter {
        Limiter::with_capacity(RateLimit { per_minute, burst }, max_clients)
    }

    #[test]
    fn a_burst_is_allowed_then_refused_until_refilled() {
        let limiter = limiter(60, 3, 10);
        let client: IpAddr = "192.0.2.1".parse().unwrap();
        let start = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.check(client, start), Ok(()));
        }
        let wait = limiter.check(client, start).unwrap_err();
        assert!(
            wait <= Duration::from_secs(1) && wait > Duration::ZERO,
            "{wait:?}"
        );
        assert_eq!(
            limiter.check(client, start + Duration::from_secs(1)),
            Ok(())
        );
        assert!(
            limiter
                .check(client, start + Duration::from_secs(1))
                .is_err()
        );
        // Another client has its own bucket.
        assert_eq!(limiter.check("192.0.2.2".parse().unwrap(), start), Ok(()));
    }

    #[test]
    fn ipv6_clients_share_their_64() {
        let limiter = limiter(60, 1, 10);
        let now = Instant::now();
        assert_eq!(limiter.check("2001:db8::1".parse().unwrap(), now), Ok(()));
        assert!(
            limiter
                .check("2001:db8::ffff:2".parse().unwrap(), now)
                .is_err()
        );
        assert_eq!(
            limiter.check("2001:db8:0:1::1".parse().unwrap(), now),
            Ok(())
        );
    }

    #[test]
    fn memory_is_bounded_and_idle_clients_are_forgotten() {
        let limiter = limiter(60, 2, 2);
        let now = Instant::now();
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        let c: IpAddr = "192.0.2.3".parse().unwrap();
        assert!(limiter.check(a, now).is_ok());
        assert!(limiter.check(b, now).is_ok());
        // Both tracked clients are active: a third is refused rather than tracked.
        assert!(limiter.check(c, now).is_err());
        assert_eq!(limiter.buckets.lock().unwrap().len(), 2);
        // Once they have refilled, they are dropped to make room.
        let later = now + Duration::from_secs(5);
        assert!(limiter.check(c, later).is_ok());
        assert_eq!(limiter.buckets.lock().unwrap().len(), 1);
    }
}

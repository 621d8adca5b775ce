//! The client's address, decided once per request: the peer of the connection, or behind
//! a trusted load balancer (`TIETOLUPA_TRUSTED_PROXIES`) the address it forwarded in
//! `X-Forwarded-For`. The rate limits key their buckets on it and the audit log records it;
//! without this, every client behind a balancer would be the balancer.
//!
//! Only `X-Forwarded-For` is read (HAProxy's `option forwardfor`, nginx and most cloud
//! balancers send it). `Forwarded: for=` is not: with two headers, which one a balancer
//! appended to would be a guess, and a wrong guess lets clients choose their address.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::Request;
use axum::middleware::Next;
use axum::response::Response;
use tietolupa_config::TrustedProxies;

/// The request's client address, as [`resolve`] decided it. Absent only where the
/// connection's peer is unknown (a router driven without a listener).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

/// The middleware: puts the [`ClientAddress`] into the request's extensions.
pub async fn resolve(
    State(trusted): State<Arc<TrustedProxies>>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| *peer);
    if let Some(peer) = peer {
        let address = client_address(
            peer.ip(),
            &trusted,
            request.headers().get_all("x-forwarded-for"),
        );
        request.extensions_mut().insert(ClientAddress(address));
    }
    next.run(request).await
}

/// The rightmost-untrusted rule. A peer that is not a trusted proxy is the client, whatever
/// it sends. From a trusted peer, `X-Forwarded-For` (its lines joined in order) is walked
/// from the right, since each proxy appends the address it was reached from: trusted
/// entries are our own balancers and are skipped, and the first untrusted one is the
/// client. Entries left of it were written by the client and are never believed. If every
/// entry is trusted, the leftmost is the client (a request from inside); a malformed entry
/// ends the walk at the last trusted hop, which vouches for nothing beyond it.
///
/// IPv4-mapped IPv6 addresses come out as IPv4, so one client has one address whichever
/// way it connected.
pub fn client_address<I>(peer: IpAddr, trusted: &TrustedProxies, forwarded_for: I) -> IpAddr
where
    I: IntoIterator,
    I::IntoIter: DoubleEndedIterator,
    I::Item: AsRef<[u8]>,
{
    let peer = peer.to_canonical();
    if !trusted.contains(peer) {
        return peer;
    }
    let mut nearest = peer;
    for line in forwarded_for.into_iter().rev() {
        for entry in line.as_ref().rsplit(|&b| b == b',') {
            match hop(entry) {
                Some(address) if trusted.contains(address) => nearest = address,
                Some(address) => return address,
                None => return nearest,
            }
        }
    }
    nearest
}

/// One `X-Forwarded-For` entry: an address, perhaps with a port (`192.0.2.1:4711`,
/// `[2001:db8::1]:4711`) or in brackets, as some proxies write it.
fn hop(entry: &[u8]) -> Option<IpAddr> {
    let text = std::str::from_utf8(entry).ok()?.trim();
    let address = text
        .parse::<IpAddr>()
        .ok()
        .or_else(|| text.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            text.strip_prefix('[')
                .and_then(|t| t.strip_suffix(']'))
                .and_then(|t| t.parse::<std::net::Ipv6Addr>().ok())
                .map(IpAddr::V6)
        })?;
    Some(address.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn trusted(list: &str) -> TrustedProxies {
        list.parse().unwrap()
    }

    fn client(peer: &str, trusted_list: &str, lines: &[&str]) -> IpAddr {
        client_address(ip(peer), &trusted(trusted_list), lines)
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_sends() {
        assert_eq!(
            client("192.0.2.9", "10.0.0.0/8", &["1.2.3.4"]),
            ip("192.0.2.9")
        );
        // No trusted proxies (the default): the header is never read.
        assert_eq!(client("10.0.0.2", "", &["1.2.3.4"]), ip("10.0.0.2"));
    }

    #[test]
    fn behind_a_trusted_proxy_the_rightmost_untrusted_entry_is_the_client() {
        assert_eq!(
            client("10.0.0.1", "10.0.0.0/8", &["1.2.3.4, 10.0.0.2"]),
            ip("1.2.3.4")
        );
        // No header: the proxy itself (a health check, say).
        assert_eq!(client("10.0.0.1", "10.0.0.0/8", &[]), ip("10.0.0.1"));
    }

    #[test]
    fn entries_a_client_wrote_itself_are_ignored() {
        // The client sent `X-Forwarded-For: 6.6.6.6, 10.9.9.9`; the balancer appended the
        // address it saw.
        assert_eq!(
            client("10.0.0.1", "10.0.0.0/8", &["6.6.6.6, 10.9.9.9, 1.2.3.4"]),
            ip("1.2.3.4")
        );
        // A line of its own, before the balancer's: the same.
        assert_eq!(
            client("10.0.0.1", "10.0.0.0/8", &["6.6.6.6", "1.2.3.4"]),
            ip("1.2.3.4")
        );
    }

    #[test]
    fn lines_are_joined_in_order() {
        assert_eq!(
            client("10.0.0.1", "10.0.0.0/8", &["1.2.3.4, 10.0.0.3", "10.0.0.2"]),
            ip("1.2.3.4")
        );
    }

    #[test]
    fn when_every_entry_is_trusted_the_leftmost_is_the_client() {
        assert_eq!(
            client("10.0.0.1", "10.0.0.0/8", &["10.0.0.7, 10.0.0.2"]),
            ip("10.0.0.7")
        );
    }

    #[test]
    fn garbage_ends_the_walk_at_the_last_trusted_hop() {
        for garbage in [
            "",
            "unknown",
            "not an address",
            "1.2.3.4.5",
            "10.0.0.0/8",
            "\u{e4}",
        ] {
            assert_eq!(
                client("10.0.0.1", "10.0.0.0/8", &[garbage]),
                ip("10.0.0.1"),
                "{garbage:?}"
            );
            assert_eq!(
                client(
                    "10.0.0.1",
                    "10.0.0.0/8",
                    &[&format!("1.2.3.4, {garbage}, 10.0.0.2")]
                ),
                ip("10.0.0.2"),
                "{garbage:?}"
            );
        }
        // A value that is not even text.
        let bytes: &[&[u8]] = &[b"1.2.3.4, \xff\xfe"];
        assert_eq!(
            client_address(ip("10.0.0.1"), &trusted("10.0.0.0/8"), bytes),
            ip("10.0.0.1")
        );
        // Entries left of the client do not matter, however malformed.
        assert_eq!(
            client("10.0.0.1", "10.0.0.0/8", &["junk, 1.2.3.4"]),
            ip("1.2.3.4")
        );
    }

    #[test]
    fn ipv6_ports_and_mapped_addresses() {
        assert_eq!(
            client(
                "2001:db8::1",
                "2001:db8::/64",
                &["2001:db8:1::5, 2001:db8::2"]
            ),
            ip("2001:db8:1::5")
        );
        assert_eq!(
            client("::1", "::1", &["[2001:db8:2::7]:4711"]),
            ip("2001:db8:2::7")
        );
        assert_eq!(
            client("::1", "::1", &["[2001:db8:2::7]"]),
            ip("2001:db8:2::7")
        );
        assert_eq!(client("::1", "::1", &["192.0.2.1:4711"]), ip("192.0.2.1"));
        // A dual-stack listener reports the IPv4 balancer as a mapped address; the client's
        // mapped address comes out as IPv4.
        assert_eq!(
            client("::ffff:10.0.0.1", "10.0.0.0/8", &["::ffff:1.2.3.4"]),
            ip("1.2.3.4")
        );
        assert_eq!(
            client("::ffff:192.0.2.9", "10.0.0.0/8", &[]),
            ip("192.0.2.9")
        );
    }
}

//! `TIETOLUPA_TRUSTED_PROXIES`: the load balancers in front of the server, whose
//! `X-Forwarded-For` is believed (the rule is in `tietolupa-http`'s `client_address`).
//!
//! Parsed here rather than with a crate: an address and a prefix length is all a range is.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

/// An address, or a CIDR range of them (`10.0.0.0/8`, `2001:db8::/32`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    network: IpAddr,
    prefix: u8,
}

impl IpRange {
    /// Whether `address` is in the range. An IPv4-mapped IPv6 address (`::ffff:10.0.0.2`,
    /// what a dual-stack listener reports for an IPv4 peer) counts as its IPv4 address.
    pub fn contains(&self, address: IpAddr) -> bool {
        match (self.network, address.to_canonical()) {
            (IpAddr::V4(network), IpAddr::V4(address)) => {
                mask_v4(address, self.prefix) == u32::from(network)
            }
            (IpAddr::V6(network), IpAddr::V6(address)) => {
                mask_v6(address, self.prefix) == u128::from(network)
            }
            _ => false,
        }
    }
}

fn mask_v4(address: Ipv4Addr, prefix: u8) -> u32 {
    u32::from(address)
        .checked_shr(32 - u32::from(prefix))
        .map_or(0, |high| high << (32 - u32::from(prefix)))
}

fn mask_v6(address: Ipv6Addr, prefix: u8) -> u128 {
    u128::from(address)
        .checked_shr(128 - u32::from(prefix))
        .map_or(0, |high| high << (128 - u32::from(prefix)))
}

impl FromStr for IpRange {
    type Err = String;

    /// The message quotes the entry, unlike other settings' messages: addresses are no
    /// secret, and in a list the operator needs to know which entry is wrong.
    fn from_str(entry: &str) -> Result<Self, Self::Err> {
        let invalid =
            || format!("`{entry}` is not an IP address or a CIDR range like `10.0.0.0/8`");
        let (address, prefix) = match entry.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (entry, None),
        };
        let address: IpAddr = address.parse().map_err(|_| invalid())?;
        let prefix = match prefix {
            Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
                Some(digits.parse::<u8>().map_err(|_| invalid())?)
            }
            Some(_) => return Err(invalid()),
            None => None,
        };
        // A mapped range is written in IPv6 but matches IPv4 peers: store it as IPv4.
        let (network, prefix) = match address {
            IpAddr::V4(_) => (address, prefix.unwrap_or(32)),
            IpAddr::V6(v6) => match (v6.to_ipv4_mapped(), prefix) {
                (Some(v4), None) => (IpAddr::V4(v4), 32),
                (Some(v4), Some(prefix)) if prefix >= 96 => (IpAddr::V4(v4), prefix - 96),
                _ => (address, prefix.unwrap_or(128)),
            },
        };
        let masked_equal = match network {
            IpAddr::V4(v4) if prefix <= 32 => mask_v4(v4, prefix) == u32::from(v4),
            IpAddr::V6(v6) if prefix <= 128 => mask_v6(v6, prefix) == u128::from(v6),
            _ => return Err(invalid()),
        };
        // `10.0.0.5/2` is most likely a typo, and taken as `0.0.0.0/2` it would trust a
        // quarter of the internet to name its own address.
        if !masked_equal {
            return Err(format!(
                "`{entry}` has address bits set past its prefix length /{prefix}"
            ));
        }
        Ok(IpRange { network, prefix })
    }
}

/// The trusted proxies; empty (the default) trusts no forwarding header at all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpRange>);

impl TrustedProxies {
    pub fn contains(&self, address: IpAddr) -> bool {
        self.0.iter().any(|range| range.contains(address))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromStr for TrustedProxies {
    type Err = String;

    /// A comma-separated list of addresses and ranges; blank entries are ignored.
    fn from_str(list: &str) -> Result<Self, Self::Err> {
        list.split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(str::parse)
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn addresses_and_ranges_of_both_families_match_their_members_only() {
        let trusted: TrustedProxies = "10.0.0.0/8, 192.0.2.7 ,2001:db8::/32,::1".parse().unwrap();
        assert!(trusted.contains(ip("10.1.2.3")));
        assert!(!trusted.contains(ip("11.0.0.1")));
        assert!(trusted.contains(ip("192.0.2.7")));
        assert!(!trusted.contains(ip("192.0.2.8")));
        assert!(trusted.contains(ip("2001:db8:ffff::1")));
        assert!(!trusted.contains(ip("2001:db9::1")));
        assert!(trusted.contains(ip("::1")));
        assert!(!trusted.contains(ip("::2")));
        // A dual-stack listener reports IPv4 peers as mapped IPv6 addresses.
        assert!(trusted.contains(ip("::ffff:10.0.0.2")));
        assert!(!trusted.contains(ip("::ffff:11.0.0.2")));
    }

    #[test]
    fn edge_prefixes_and_mapped_ranges() {
        let everything: TrustedProxies = "0.0.0.0/0,::/0".parse().unwrap();
        assert!(everything.contains(ip("203.0.113.9")));
        assert!(everything.contains(ip("2001:db8::9")));
        let mapped: TrustedProxies = "::ffff:10.0.0.0/104".parse().unwrap();
        assert!(mapped.contains(ip("10.9.9.9")));
        assert!(!mapped.contains(ip("11.0.0.1")));
        assert_eq!(
            "".parse::<TrustedProxies>().unwrap(),
            TrustedProxies::default()
        );
        assert!(" , ".parse::<TrustedProxies>().unwrap().is_empty());
    }

    #[test]
    fn a_bad_entry_is_named() {
        for bad in [
            "10.0.0.0/33",
            "2001:db8::/129",
            "10.0.0.0/",
            "10.0.0.0/+8",
            "10.0.0/8",
            "example.org",
            "10.0.0.1:80",
            "10.0.0.5/2",
        ] {
            let err = format!("10.0.0.1,{bad}")
                .parse::<TrustedProxies>()
                .unwrap_err();
            assert!(err.contains(&format!("`{bad}`")), "{bad}: {err}");
        }
    }
}

//! The revocation status list, after the IETF Token Status List draft
//! (draft-ietf-oauth-status-list): one bit per credential index, 1 meaning no longer
//! valid, the bytes zlib-compressed and base64url-encoded into `lst`, in a signed JWT of
//! `typ` `statuslist+jwt`. Index allocation and keeping the bits are the store's business.

use std::io::{Read, Write};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use flate2::Compression;
use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::jws::{self, SignError};
use crate::keys::PermitKeyRing;

/// The JOSE `typ` of a status list token.
pub const STATUS_LIST_TYP: &str = "statuslist+jwt";

/// The largest list read or built: 16 MiB of bits, 134 million credentials. Bounds what
/// a crafted `lst` can inflate to.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

/// Why a status list cannot be built or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatusListError {
    /// The index is past [`MAX_BYTES`] of bits.
    #[error("index {0} is beyond the largest status list")]
    IndexTooLarge(u64),
    /// `lst` is not base64url of zlib data.
    #[error("the list is not base64url-encoded zlib data")]
    Encoding,
    /// `lst` inflates past [`MAX_BYTES`].
    #[error("the list is larger than {MAX_BYTES} bytes")]
    TooLarge,
    /// Only one bit per credential is used.
    #[error("the list has {0} bits per status; only 1 is supported")]
    Bits(u8),
}

/// A bit per credential index; index 0 is the least significant bit of the first byte.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusList {
    bytes: Vec<u8>,
}

impl StatusList {
    /// A list of at least `len` valid entries, rounded up to whole bytes. A list as long
    /// as the indexes ever handed out tells a verifier nothing about how many are in use.
    pub fn new(len: u64) -> Result<StatusList, StatusListError> {
        let bytes = usize::try_from(len.div_ceil(8))
            .ok()
            .filter(|n| *n <= MAX_BYTES)
            .ok_or(StatusListError::IndexTooLarge(len))?;
        Ok(StatusList {
            bytes: vec![0; bytes],
        })
    }

    /// A list from its bytes as a store keeps them (index 0 the least significant bit of
    /// the first byte), at least `len` entries long.
    pub fn from_bytes(mut bytes: Vec<u8>, len: u64) -> Result<StatusList, StatusListError> {
        let needed = usize::try_from(len.div_ceil(8))
            .ok()
            .filter(|n| *n <= MAX_BYTES)
            .ok_or(StatusListError::IndexTooLarge(len))?;
        if bytes.len() > MAX_BYTES {
            return Err(StatusListError::TooLarge);
        }
        if bytes.len() < needed {
            bytes.resize(needed, 0);
        }
        Ok(StatusList { bytes })
    }

    /// The bytes, for a store to keep.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// How many entries the list holds: always a multiple of 8.
    pub fn len(&self) -> u64 {
        self.bytes.len() as u64 * 8
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Marks `idx` revoked (or valid again), growing the list when needed.
    pub fn set(&mut self, idx: u64, revoked: bool) -> Result<(), StatusListError> {
        let byte = usize::try_from(idx / 8)
            .ok()
            .filter(|n| *n < MAX_BYTES)
            .ok_or(StatusListError::IndexTooLarge(idx))?;
        if byte >= self.bytes.len() {
            self.bytes.resize(byte + 1, 0);
        }
        let mask = 1u8 << (idx % 8);
        if revoked {
            self.bytes[byte] |= mask;
        } else {
            self.bytes[byte] &= !mask;
        }
        Ok(())
    }

    /// Whether `idx` is revoked; `None` past the end of the list.
    pub fn is_revoked(&self, idx: u64) -> Option<bool> {
        let byte = self.bytes.get(usize::try_from(idx / 8).ok()?)?;
        Some(byte & (1 << (idx % 8)) != 0)
    }

    /// The `lst` value: zlib-compressed (RFC 1950), base64url without padding.
    pub fn encode(&self) -> String {
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
        encoder
            .write_all(&self.bytes)
            .expect("writing to memory cannot fail");
        let compressed = encoder.finish().expect("writing to memory cannot fail");
        URL_SAFE_NO_PAD.encode(compressed)
    }

    /// Reads an `lst` value.
    pub fn decode(lst: &str) -> Result<StatusList, StatusListError> {
        let compressed = URL_SAFE_NO_PAD
            .decode(lst)
            .map_err(|_| StatusListError::Encoding)?;
        let mut bytes = Vec::new();
        ZlibDecoder::new(compressed.as_slice())
            .take(MAX_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|_| StatusListError::Encoding)?;
        if bytes.len() > MAX_BYTES {
            return Err(StatusListError::TooLarge);
        }
        Ok(StatusList { bytes })
    }
}

/// The claims of a status list token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusListClaims {
    pub iss: String,
    /// The list's own URI: what credentials name in `status.status_list.uri`.
    pub sub: String,
    pub iat: i64,
    pub exp: i64,
    /// Seconds a verifier may use this copy before it must fetch a fresh one.
    pub ttl: i64,
    pub status_list: ListClaim,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListClaim {
    pub bits: u8,
    pub lst: String,
}

/// The facts of one publication of a list.
#[derive(Debug, Clone)]
pub struct ListIssuance {
    pub issuer: String,
    pub uri: String,
    pub issued_at: OffsetDateTime,
    /// How long a verifier may cache it (`ttl`).
    pub ttl: Duration,
    /// When it stops being usable at all (`exp` = `iat` + this); at least `ttl`.
    pub valid_for: Duration,
}

impl StatusListClaims {
    pub fn new(list: &StatusList, issuance: ListIssuance) -> StatusListClaims {
        let iat = issuance.issued_at.unix_timestamp();
        StatusListClaims {
            iss: issuance.issuer,
            sub: issuance.uri,
            iat,
            exp: iat
                + issuance
                    .valid_for
                    .whole_seconds()
                    .max(issuance.ttl.whole_seconds()),
            ttl: issuance.ttl.whole_seconds(),
            status_list: ListClaim {
                bits: 1,
                lst: list.encode(),
            },
        }
    }

    /// When this copy is too old to trust: past `exp`, or `ttl` seconds after `iat`.
    pub fn stale_at(&self) -> i64 {
        self.exp.min(self.iat.saturating_add(self.ttl))
    }

    pub fn list(&self) -> Result<StatusList, StatusListError> {
        if self.status_list.bits != 1 {
            return Err(StatusListError::Bits(self.status_list.bits));
        }
        StatusList::decode(&self.status_list.lst)
    }

    /// The signed token, to be served at `sub` with `Content-Type:
    /// application/statuslist+jwt` and a `Cache-Control: max-age` of at most `ttl`.
    pub fn sign(&self, ring: &PermitKeyRing) -> Result<String, SignError> {
        jws::sign(self, STATUS_LIST_TYP, None, ring)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn bits_are_least_significant_first_as_the_draft_counts_them() {
        let mut list = StatusList::new(16).unwrap();
        for idx in [0, 3, 9] {
            list.set(idx, true).unwrap();
        }
        assert_eq!(list.bytes, vec![0b0000_1001, 0b0000_0010]);
        list.set(3, false).unwrap();
        assert_eq!(list.is_revoked(3), Some(false));
        assert_eq!(list.is_revoked(16), None);
    }

    #[test]
    fn the_drafts_example_list_decodes() {
        // draft-ietf-oauth-status-list, "Status List in JSON Format" example (1 bit).
        let list = StatusList::decode("eNrbuRgAAhcBXQ").unwrap();
        assert_eq!(list.bytes, vec![0xb9, 0xa3]);
        assert_eq!(list.is_revoked(0), Some(true));
        assert_eq!(list.is_revoked(1), Some(false));
    }

    #[test]
    fn a_list_grows_to_the_index_set_and_refuses_absurd_ones() {
        let mut list = StatusList::default();
        list.set(1000, true).unwrap();
        assert_eq!(list.len(), 1008);
        assert_eq!(
            list.set(u64::MAX, true),
            Err(StatusListError::IndexTooLarge(u64::MAX))
        );
    }

    #[test]
    fn a_large_list_of_zeros_compresses_to_little() {
        let list = StatusList::new(1 << 20).unwrap();
        assert!(list.encode().len() < 1024);
    }

    #[test]
    fn a_list_that_inflates_past_the_limit_is_refused() {
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
        encoder.write_all(&vec![0u8; MAX_BYTES + 1]).unwrap();
        let bomb = URL_SAFE_NO_PAD.encode(encoder.finish().unwrap());
        assert_eq!(StatusList::decode(&bomb), Err(StatusListError::TooLarge));
        assert_eq!(StatusList::decode("!!"), Err(StatusListError::Encoding));
        assert_eq!(
            StatusList::decode("AAAA"),
            Err(StatusListError::Encoding),
            "base64url but not zlib"
        );
    }

    proptest! {
        #[test]
        fn any_set_of_bits_round_trips(revoked in proptest::collection::btree_set(0u64..10_000, 0..200)) {
            let mut list = StatusList::new(10_000).unwrap();
            for &idx in &revoked {
                list.set(idx, true).unwrap();
            }
            let read = StatusList::decode(&list.encode()).unwrap();
            prop_assert_eq!(read.len(), 10_000);
            for idx in 0..10_000 {
                prop_assert_eq!(read.is_revoked(idx), Some(revoked.contains(&idx)));
            }
        }

        #[test]
        fn any_text_as_a_list_is_an_error_or_a_list_never_a_panic(lst in "\\PC{0,200}") {
            let _ = StatusList::decode(&lst);
        }
    }
}

//! How identity codes are kept (DESIGN.md section 5): an HMAC-SHA-256 blind index for
//! lookups and an AES-256-GCM ciphertext for the rare need to read the code back. Both are
//! tagged with the id of the key that made them, so keys can be rotated (README.md, "Key
//! rotation").

use std::collections::BTreeMap;
use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use rand::RngCore;
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, Tag, UnboundKey};
use sha2::Sha256;
use tietolupa_config::{IdentityCodeKeys, KeyRing};
use tietolupa_domain::{Hetu, HetuPolicy};
use zeroize::Zeroize;

/// The bytes of a blind index: HMAC-SHA-256 of the canonical code.
pub type Digest = [u8; 32];

/// A blind index with the id of its key.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct BlindIndex {
    pub key_id: String,
    pub digest: Digest,
}

impl BlindIndex {
    /// Lowercase hex, as stored.
    pub fn to_hex(&self) -> String {
        hex::encode(self.digest)
    }

    /// `key-id:hex`, the form used in audit details.
    pub fn tagged(&self) -> String {
        format!("{}:{}", self.key_id, self.to_hex())
    }
}

impl fmt::Debug for BlindIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BlindIndex({})", self.tagged())
    }
}

/// Parses a stored hex digest.
pub fn digest_from_hex(hex_digest: &str) -> Option<Digest> {
    let mut digest = [0u8; 32];
    hex::decode_to_slice(hex_digest, &mut digest).ok()?;
    Some(digest)
}

/// An HMAC state that has already absorbed its key. Cloning it per code skips the two
/// key-block compressions that keying costs (about a third of the work per code).
#[derive(Clone)]
pub struct BlindIndexer {
    key_id: String,
    keyed: Hmac<Sha256>,
}

impl BlindIndexer {
    fn new(key_id: &str, key: &[u8; 32]) -> BlindIndexer {
        BlindIndexer {
            key_id: key_id.to_owned(),
            keyed: <Hmac<Sha256> as KeyInit>::new_from_slice(key)
                .expect("HMAC accepts keys of any length"),
        }
    }

    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// The digest of one code.
    #[inline]
    pub fn digest(&self, hetu: &Hetu) -> Digest {
        let mut mac = self.keyed.clone();
        mac.update(hetu.expose_bytes());
        mac.finalize().into_bytes().into()
    }

    pub fn index(&self, hetu: &Hetu) -> BlindIndex {
        BlindIndex {
            key_id: self.key_id.clone(),
            digest: self.digest(hetu),
        }
    }
}

impl fmt::Debug for BlindIndexer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BlindIndexer({})", self.key_id)
    }
}

/// An encrypted identity code: `nonce (12 bytes) || ciphertext || tag`, with its key id.
#[derive(Clone, PartialEq, Eq)]
pub struct SealedCode {
    pub key_id: String,
    pub bytes: Vec<u8>,
}

impl fmt::Debug for SealedCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SealedCode({}, {} bytes)", self.key_id, self.bytes.len())
    }
}

/// Why a sealed code could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("no encryption key `{0}` in the secrets file")]
    UnknownKey(String),
    /// Wrong key, wrong associated data, or altered bytes.
    #[error("the encrypted identity code does not authenticate")]
    NotAuthentic,
}

const NONCE_LEN: usize = 12;
/// An identity code is 11 ASCII bytes, and so is its ciphertext.
const CODE_LEN: usize = 11;
const TAG_LEN: usize = 16;

/// Both key rings, ready to use.
pub struct ObjectionKeys {
    indexers: Vec<BlindIndexer>,
    current_indexer: usize,
    ciphers: BTreeMap<String, LessSafeKey>,
    current_cipher: String,
}

impl fmt::Debug for ObjectionKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ObjectionKeys")
            .field("blind_index_keys", &self.blind_index_key_ids())
            .field("current_blind_index_key", &self.current_indexer().key_id)
            .field("current_encryption_key", &self.current_cipher)
            .finish()
    }
}

impl ObjectionKeys {
    pub fn new(keys: &IdentityCodeKeys) -> ObjectionKeys {
        let indexers: Vec<BlindIndexer> = keys
            .blind_index
            .keys
            .iter()
            .map(|(id, key)| BlindIndexer::new(id, key.expose()))
            .collect();
        let current_indexer = indexers
            .iter()
            .position(|i| i.key_id == keys.blind_index.current)
            .expect("a loaded key ring holds its current key");
        ObjectionKeys {
            indexers,
            current_indexer,
            ciphers: ciphers(&keys.encryption),
            current_cipher: keys.encryption.current.clone(),
        }
    }

    /// The indexer of new data.
    pub fn current_indexer(&self) -> &BlindIndexer {
        &self.indexers[self.current_indexer]
    }

    pub fn indexer(&self, key_id: &str) -> Option<&BlindIndexer> {
        self.indexers.iter().find(|i| i.key_id == key_id)
    }

    pub fn blind_index_key_ids(&self) -> Vec<&str> {
        self.indexers.iter().map(|i| i.key_id.as_str()).collect()
    }

    /// The index of new data, under the current key.
    pub fn blind_index(&self, hetu: &Hetu) -> BlindIndex {
        self.current_indexer().index(hetu)
    }

    /// The index under every key of the ring: what a lookup must try while rows indexed
    /// under an older key remain (during a rotation).
    pub fn all_blind_indexes(&self, hetu: &Hetu) -> Vec<BlindIndex> {
        self.indexers.iter().map(|i| i.index(hetu)).collect()
    }

    /// Encrypts a code under the current key with a random 96-bit nonce. `context` is bound
    /// as associated data (e.g. the row and column), so a ciphertext moved to another row
    /// does not decrypt.
    pub fn seal(&self, hetu: &Hetu, context: &[u8]) -> SealedCode {
        let cipher = &self.ciphers[&self.current_cipher];
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let mut bytes = Vec::with_capacity(NONCE_LEN + CODE_LEN + TAG_LEN);
        bytes.extend_from_slice(&nonce);
        bytes.extend_from_slice(hetu.expose_bytes());
        let tag = cipher
            .seal_in_place_separate_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(context),
                &mut bytes[NONCE_LEN..],
            )
            .expect("AES-GCM encrypts 11 bytes");
        bytes.extend_from_slice(tag.as_ref());
        SealedCode {
            key_id: self.current_cipher.clone(),
            bytes,
        }
    }

    /// Decrypts a sealed code made with the same `context`.
    pub fn open(
        &self,
        sealed: &SealedCode,
        context: &[u8],
        policy: HetuPolicy,
    ) -> Result<Hetu, OpenError> {
        self.open_parts(&sealed.key_id, &sealed.bytes, context, policy)
    }

    /// [`ObjectionKeys::open`] on borrowed parts, for loading many rows without a copy each.
    pub fn open_parts(
        &self,
        key_id: &str,
        bytes: &[u8],
        context: &[u8],
        policy: HetuPolicy,
    ) -> Result<Hetu, OpenError> {
        let cipher = self
            .ciphers
            .get(key_id)
            .ok_or_else(|| OpenError::UnknownKey(key_id.to_owned()))?;
        // Decrypted on the stack: loading 300 k codes for a cohort run, a heap buffer per
        // code cost more than the cipher. A code is 11 bytes; anything else is not one.
        if bytes.len() != NONCE_LEN + CODE_LEN + TAG_LEN {
            return Err(OpenError::NotAuthentic);
        }
        let (nonce, rest) = bytes.split_at(NONCE_LEN);
        let (ciphertext, tag) = rest.split_at(CODE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| OpenError::NotAuthentic)?;
        let tag: [u8; TAG_LEN] = tag.try_into().map_err(|_| OpenError::NotAuthentic)?;
        let mut plain = [0u8; CODE_LEN];
        plain.copy_from_slice(ciphertext);
        let opened = cipher.open_in_place_separate_tag(
            nonce,
            Aad::from(context),
            Tag::from(tag),
            &mut plain,
            0..,
        );
        let hetu = opened
            .map_err(|_| OpenError::NotAuthentic)
            .and_then(|code| Hetu::parse_bytes(code, policy).map_err(|_| OpenError::NotAuthentic));
        plain.zeroize();
        hetu
    }

    /// Encrypts any short secret (a session's refresh token) under the current key, bound
    /// to `context` as [`ObjectionKeys::seal`] binds a code.
    pub fn seal_bytes(&self, secret: &[u8], context: &[u8]) -> SealedCode {
        let cipher = &self.ciphers[&self.current_cipher];
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let mut bytes = Vec::with_capacity(NONCE_LEN + secret.len() + TAG_LEN);
        bytes.extend_from_slice(&nonce);
        bytes.extend_from_slice(secret);
        let tag = cipher
            .seal_in_place_separate_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(context),
                &mut bytes[NONCE_LEN..],
            )
            .expect("AES-GCM encrypts a short secret");
        bytes.extend_from_slice(tag.as_ref());
        SealedCode {
            key_id: self.current_cipher.clone(),
            bytes,
        }
    }

    /// Decrypts what [`ObjectionKeys::seal_bytes`] sealed with the same `context`.
    pub fn open_bytes(&self, sealed: &SealedCode, context: &[u8]) -> Result<Vec<u8>, OpenError> {
        let cipher = self
            .ciphers
            .get(&sealed.key_id)
            .ok_or_else(|| OpenError::UnknownKey(sealed.key_id.clone()))?;
        if sealed.bytes.len() < NONCE_LEN + TAG_LEN {
            return Err(OpenError::NotAuthentic);
        }
        let (nonce, rest) = sealed.bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| OpenError::NotAuthentic)?;
        let mut plain = rest.to_vec();
        let len = cipher
            .open_in_place(nonce, Aad::from(context), &mut plain)
            .map_err(|_| OpenError::NotAuthentic)?
            .len();
        plain.truncate(len);
        Ok(plain)
    }

    /// Whether `key_id` names an encryption key of the secrets file.
    pub fn has_encryption_key(&self, key_id: &str) -> bool {
        self.ciphers.contains_key(key_id)
    }

    /// Whether `sealed` is under the current key (false means a re-key is due).
    pub fn is_current_encryption(&self, sealed: &SealedCode) -> bool {
        sealed.key_id == self.current_cipher
    }
}

/// AES-256-GCM by ring (BoringSSL's code): opening an 11-byte code takes 140 ns where the
/// aes-gcm crate took 305, which is most of loading 300 k objections for a cohort run.
fn ciphers(ring: &KeyRing) -> BTreeMap<String, LessSafeKey> {
    ring.keys
        .iter()
        .map(|(id, key)| {
            let key =
                UnboundKey::new(&AES_256_GCM, key.expose()).expect("a key ring holds 32-byte keys");
            (id.clone(), LessSafeKey::new(key))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(extra: &str) -> ObjectionKeys {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.toml");
        std::fs::write(
            &path,
            format!(
                "[blind_index]\ncurrent = \"bi-1\"\n[blind_index.keys]\n\
                 bi-1 = \"AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=\"\n{extra}\
                 [encryption]\ncurrent = \"enc-1\"\n[encryption.keys]\n\
                 enc-1 = \"AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=\"\n"
            ),
        )
        .unwrap();
        ObjectionKeys::new(&IdentityCodeKeys::load(&path).unwrap())
    }

    fn hetu(code: &str) -> Hetu {
        Hetu::parse(code, HetuPolicy::ALLOW_TEMPORARY).unwrap()
    }

    #[test]
    fn the_blind_index_is_hmac_sha256_of_the_code() {
        let keys = keys("");
        let index = keys.blind_index(&hetu("010180-9004"));
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&[1u8; 32]).unwrap();
        mac.update(b"010180-9004");
        let expected: Digest = mac.finalize().into_bytes().into();
        assert_eq!(index.digest, expected);
        assert_eq!(index.key_id, "bi-1");
        assert_ne!(index, keys.blind_index(&hetu("150275-901P")));
    }

    #[test]
    fn lookups_try_every_key_of_the_ring() {
        let keys = keys("bi-2 = \"AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwM=\"\n");
        let all = keys.all_blind_indexes(&hetu("010180-9004"));
        assert_eq!(all.len(), 2);
        assert_ne!(all[0].digest, all[1].digest);
    }

    #[test]
    fn sealed_codes_open_only_with_the_same_context() {
        let keys = keys("");
        let code = hetu("150275-901P");
        let sealed = keys.seal(&code, b"objection:1:person");
        assert!(!sealed.bytes.windows(4).any(|w| w == b"901P"));
        assert_eq!(
            keys.open(&sealed, b"objection:1:person", HetuPolicy::ALLOW_TEMPORARY),
            Ok(code)
        );
        assert_eq!(
            keys.open(&sealed, b"objection:2:person", HetuPolicy::ALLOW_TEMPORARY),
            Err(OpenError::NotAuthentic)
        );
        let mut altered = sealed.clone();
        altered.bytes[15] ^= 1;
        assert_eq!(
            keys.open(&altered, b"objection:1:person", HetuPolicy::ALLOW_TEMPORARY),
            Err(OpenError::NotAuthentic)
        );
        // A random nonce each time.
        assert_ne!(keys.seal(&code, b"x").bytes, keys.seal(&code, b"x").bytes);
    }

    /// Made with the aes-gcm crate, which sealed every code stored before 2026-11-23: the
    /// registry must open what it wrote then.
    #[test]
    fn codes_sealed_by_the_earlier_implementation_still_open() {
        let hex = "5a0102030405060708090a0b4e13f576c69df2d5338be13e199badd9f1f3f3364a968c82d2a6b3";
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        let sealed = SealedCode {
            key_id: "enc-1".into(),
            bytes,
        };
        assert_eq!(
            keys("").open(&sealed, b"objection:1:person", HetuPolicy::ALLOW_TEMPORARY),
            Ok(hetu("150275-901P"))
        );
    }

    #[test]
    fn sealed_codes_of_the_wrong_length_do_not_open() {
        let keys = keys("");
        let sealed = keys.seal(&hetu("010180-9004"), b"c");
        for len in [0, 11, 12, 27, 38, 40] {
            let mut bytes = sealed.bytes.clone();
            bytes.resize(len, 0);
            let truncated = SealedCode {
                key_id: "enc-1".into(),
                bytes,
            };
            assert_eq!(
                keys.open(&truncated, b"c", HetuPolicy::ALLOW_TEMPORARY),
                Err(OpenError::NotAuthentic),
                "{len} bytes"
            );
        }
        let unknown = SealedCode {
            key_id: "enc-9".into(),
            ..sealed
        };
        assert_eq!(
            keys.open(&unknown, b"c", HetuPolicy::ALLOW_TEMPORARY),
            Err(OpenError::UnknownKey("enc-9".into()))
        );
    }

    #[test]
    fn debug_shows_key_ids_only() {
        let rendered = format!("{:?}", keys(""));
        assert!(rendered.contains("bi-1") && rendered.contains("enc-1"));
        assert!(!rendered.contains("AQEB"));
    }
}

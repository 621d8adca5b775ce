//! Permit-specific pseudonyms: a keyed hash of the identity code under a key derived for
//! the permit, so one permit's datasets link and two permits' never do.

use hkdf::Hkdf;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use tietolupa_domain::Hetu;
use uuid::Uuid;
use zeroize::Zeroize;

/// HKDF salt: separates this use of the master key from any other use it might get.
const DOMAIN_SEPARATION: &[u8] = b"tietolupa/pseudonym/v1";

/// Length of a pseudonym in characters (hex of [`PSEUDONYM_BYTES`]).
pub const PSEUDONYM_LEN: usize = PSEUDONYM_BYTES * 2;

/// Why 16 bytes: 128 bits keep collisions out of reach (the birthday bound for even ten
/// million people is about 2^-84) while halving the column's width against the full 32.
/// Why hex: only `0-9a-f`, so no spreadsheet, SAS or R import mangles case, padding or
/// signs, and the pseudonym is never mistaken for a number or a date.
const PSEUDONYM_BYTES: usize = 16;

/// The master pseudonymisation key in use (the secrets file's `pseudonymisation` ring's
/// current key), with its id. Zeroed when dropped.
pub struct MasterKey {
    id: String,
    key: zeroize::Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MasterKey")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl MasterKey {
    pub fn new(id: &str, key: &[u8; 32]) -> MasterKey {
        MasterKey {
            id: id.to_owned(),
            key: zeroize::Zeroizing::new(*key),
        }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// The key of one permit (see [`PseudonymKey::derive`]).
    pub fn for_permit(&self, permit_id: Uuid) -> PseudonymKey {
        PseudonymKey::derive(&self.key, &self.id, permit_id)
    }
}

/// The key of one permit, derived once per run from the master pseudonymisation key.
///
/// Amendments are not permits of their own: the caller passes the id of the original
/// permit, so every dataset of the permit and its amendments links.
#[derive(Clone)]
pub struct PseudonymKey {
    keyed: Hmac<Sha256>,
    master_key_id: String,
}

impl std::fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PseudonymKey")
            .field("master_key_id", &self.master_key_id)
            .finish_non_exhaustive()
    }
}

impl PseudonymKey {
    /// HKDF-SHA-256(ikm = master key, salt = domain separation, info = the permit id's 16
    /// bytes) gives the permit's 256-bit HMAC key.
    pub fn derive(master_key: &[u8; 32], master_key_id: &str, permit_id: Uuid) -> PseudonymKey {
        let hkdf = Hkdf::<Sha256>::new(Some(DOMAIN_SEPARATION), master_key);
        let mut key = [0u8; 32];
        hkdf.expand(permit_id.as_bytes(), &mut key)
            .expect("32 bytes is a valid HKDF-SHA-256 output length");
        let keyed = <Hmac<Sha256> as KeyInit>::new_from_slice(&key)
            .expect("HMAC takes a key of any length");
        key.zeroize();
        PseudonymKey {
            keyed,
            master_key_id: master_key_id.to_owned(),
        }
    }

    /// The id of the master key this key came from, recorded with each run.
    pub fn master_key_id(&self) -> &str {
        &self.master_key_id
    }

    /// The pseudonym of a person, as lower-case hex, written into `out`.
    #[inline]
    pub fn pseudonym_into(&self, hetu: &Hetu, out: &mut [u8; PSEUDONYM_LEN]) {
        // Cloning the keyed state skips re-hashing the key block for every row.
        let mut mac = self.keyed.clone();
        mac.update(hetu.expose_bytes());
        let tag = mac.finalize().into_bytes();
        hex::encode_to_slice(&tag[..PSEUDONYM_BYTES], out)
            .expect("the output holds exactly two characters per byte");
    }

    pub fn pseudonym(&self, hetu: &Hetu) -> String {
        let mut out = [0u8; PSEUDONYM_LEN];
        self.pseudonym_into(hetu, &mut out);
        String::from_utf8(out.to_vec()).expect("hex is ASCII")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use tietolupa_domain::HetuPolicy;
    use time::macros::date;

    const MASTER: [u8; 32] = [7; 32];

    fn hetu(days: u16, individual: u16) -> Hetu {
        let date = date!(1930 - 01 - 01) + time::Duration::days(i64::from(days));
        Hetu::compose(date, '-', 2 + individual, HetuPolicy::ORDINARY_ONLY).unwrap()
    }

    #[test]
    fn pseudonyms_are_hex_of_sixteen_bytes_and_never_the_code() {
        let key = PseudonymKey::derive(&MASTER, "ps-1", Uuid::from_u128(1));
        let person = hetu(100, 5);
        let pseudonym = key.pseudonym(&person);
        assert_eq!(pseudonym.len(), PSEUDONYM_LEN);
        assert!(
            pseudonym
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert!(!pseudonym.contains(person.expose()));
        assert_eq!(key.master_key_id(), "ps-1");
        assert!(!format!("{key:?}").contains("keyed"));
    }

    #[test]
    fn another_master_key_gives_other_pseudonyms() {
        let permit = Uuid::from_u128(9);
        let a = PseudonymKey::derive(&MASTER, "ps-1", permit);
        let b = PseudonymKey::derive(&[8; 32], "ps-2", permit);
        assert_ne!(a.pseudonym(&hetu(1, 1)), b.pseudonym(&hetu(1, 1)));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Same permit: the key is derived afresh for each run (each dataset), and the
        /// pseudonym is the same; two permits never share one.
        #[test]
        fn stable_within_a_permit_and_distinct_across_permits(
            days in 0u16..25_000,
            individual in 0u16..897,
            permit_a in any::<u128>(),
            permit_b in any::<u128>(),
        ) {
            prop_assume!(permit_a != permit_b);
            let person = hetu(days, individual);
            let first_run = PseudonymKey::derive(&MASTER, "ps-1", Uuid::from_u128(permit_a));
            let second_run = PseudonymKey::derive(&MASTER, "ps-1", Uuid::from_u128(permit_a));
            let other_permit = PseudonymKey::derive(&MASTER, "ps-1", Uuid::from_u128(permit_b));
            prop_assert_eq!(first_run.pseudonym(&person), second_run.pseudonym(&person));
            prop_assert_ne!(first_run.pseudonym(&person), other_permit.pseudonym(&person));
        }

        /// Within a permit, different people get different pseudonyms.
        #[test]
        fn distinct_people_distinct_pseudonyms(
            a in (0u16..25_000, 0u16..897),
            b in (0u16..25_000, 0u16..897),
        ) {
            prop_assume!(a != b);
            let key = PseudonymKey::derive(&MASTER, "ps-1", Uuid::from_u128(3));
            prop_assert_ne!(key.pseudonym(&hetu(a.0, a.1)), key.pseudonym(&hetu(b.0, b.1)));
        }
    }
}

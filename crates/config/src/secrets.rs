//! Keys that protect personal identity codes (DESIGN.md section 5): an HMAC key ring for
//! the blind index and an AES-256-GCM key ring for the encrypted copy. Each ring names the
//! key used for new data; older keys stay to read and re-key existing rows. A third ring,
//! `pseudonymisation`, holds the master keys from which each permit's pseudonym key is
//! derived (`tietolupa_preparation::PseudonymKey`). A fourth, `permit_signing`, holds the
//! Ed25519 seeds that sign permit credentials (`tietolupa_permit_credential`). A fifth,
//! `audit_checkpoint`, holds the Ed25519 seeds that sign the audit log's checkpoints
//! (`tietolupa_audit_proof`).

use std::collections::BTreeMap;
use std::fmt;
use std::io::Write;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore;
use secrecy::{ExposeSecret, SecretBox};
use serde::Deserialize;

/// A 256-bit key that never appears in `Debug` output.
pub struct SecretKey(SecretBox<[u8; 32]>);

impl SecretKey {
    pub fn expose(&self) -> &[u8; 32] {
        self.0.expose_secret()
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey([redacted])")
    }
}

/// Keys by id, and the id of the one used for new data.
#[derive(Debug)]
pub struct KeyRing {
    pub current: String,
    pub keys: BTreeMap<String, SecretKey>,
}

impl KeyRing {
    pub fn current_key(&self) -> (&str, &SecretKey) {
        let key = self
            .keys
            .get(&self.current)
            .expect("a loaded key ring always holds its current key");
        (&self.current, key)
    }

    pub fn get(&self, id: &str) -> Option<&SecretKey> {
        self.keys.get(id)
    }
}

#[derive(Debug)]
pub struct IdentityCodeKeys {
    pub blind_index: KeyRing,
    pub encryption: KeyRing,
    /// Master keys of the permit-specific pseudonyms. Optional in the file so that a
    /// development or test file from before it still loads; production requires it
    /// (`Config::load_identity_code_keys`), and a preparation run without it is refused.
    pub pseudonymisation: Option<KeyRing>,
    /// Ed25519 seeds (32 bytes each) signing permit credentials and status lists; the
    /// others stay published so their credentials keep verifying. Optional like
    /// `pseudonymisation`, appended to a generated dev file from before it.
    pub permit_signing: Option<KeyRing>,
    /// Ed25519 seeds signing the audit log's checkpoints; the others stay published so
    /// older checkpoints keep verifying. Optional and appended to an older dev file, like
    /// `permit_signing`.
    pub audit_checkpoint: Option<KeyRing>,
}

/// Why the secrets file is unusable. Never contains key material.
#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    #[error("secrets file {path}: {message}")]
    Unreadable { path: String, message: String },
    #[error("secrets file {path}: {message}")]
    Invalid { path: String, message: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RingFile {
    current: String,
    keys: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SecretsFile {
    blind_index: RingFile,
    encryption: RingFile,
    #[serde(default)]
    pseudonymisation: Option<RingFile>,
    #[serde(default)]
    permit_signing: Option<RingFile>,
    #[serde(default)]
    audit_checkpoint: Option<RingFile>,
    /// Read by `mail::smtp_password`; allowed here so the file may hold it.
    #[serde(default, rename = "smtp_password")]
    _smtp_password: Option<serde::de::IgnoredAny>,
}

impl IdentityCodeKeys {
    pub fn load(path: &Path) -> Result<IdentityCodeKeys, SecretsError> {
        let text = std::fs::read_to_string(path).map_err(|e| SecretsError::Unreadable {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        let invalid = |message: String| SecretsError::Invalid {
            path: path.display().to_string(),
            message,
        };
        let file: SecretsFile =
            toml::from_str(&text).map_err(|e| invalid(e.message().to_owned()))?;
        Ok(IdentityCodeKeys {
            blind_index: ring("blind_index", file.blind_index).map_err(invalid)?,
            encryption: ring("encryption", file.encryption).map_err(invalid)?,
            pseudonymisation: file
                .pseudonymisation
                .map(|r| ring("pseudonymisation", r))
                .transpose()
                .map_err(invalid)?,
            permit_signing: file
                .permit_signing
                .map(|r| ring("permit_signing", r))
                .transpose()
                .map_err(invalid)?,
            audit_checkpoint: file
                .audit_checkpoint
                .map(|r| ring("audit_checkpoint", r))
                .transpose()
                .map_err(invalid)?,
        })
    }

    /// Loads the file, first writing fresh random keys to it if it does not exist (dev mode).
    /// A generated file from before the pseudonymisation or permit-signing ring gets the
    /// missing ones appended.
    pub fn load_or_generate(path: &Path) -> Result<IdentityCodeKeys, SecretsError> {
        let unwritable = |e: std::io::Error| SecretsError::Unreadable {
            path: path.display().to_string(),
            message: format!("could not create: {e}"),
        };
        if !path.exists() {
            write_generated(path).map_err(unwritable)?;
        }
        let keys = IdentityCodeKeys::load(path)?;
        let mut missing = String::new();
        if keys.pseudonymisation.is_none() {
            missing.push_str(&pseudonymisation_ring());
        }
        if keys.permit_signing.is_none() {
            missing.push_str(&permit_signing_ring());
        }
        if keys.audit_checkpoint.is_none() {
            missing.push_str(&audit_checkpoint_ring());
        }
        if missing.is_empty() {
            return Ok(keys);
        }
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(unwritable)?;
        file.write_all(missing.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(unwritable)?;
        IdentityCodeKeys::load(path)
    }

    /// The pseudonymisation ring, or why there is none.
    pub fn pseudonymisation(&self) -> Result<&KeyRing, SecretsError> {
        self.pseudonymisation
            .as_ref()
            .ok_or_else(|| SecretsError::Invalid {
                path: "the secrets file".to_owned(),
                message: "no [pseudonymisation] key ring".to_owned(),
            })
    }

    /// The permit-signing ring, or why there is none.
    pub fn permit_signing(&self) -> Result<&KeyRing, SecretsError> {
        self.permit_signing
            .as_ref()
            .ok_or_else(|| SecretsError::Invalid {
                path: "the secrets file".to_owned(),
                message: "no [permit_signing] key ring".to_owned(),
            })
    }
}

fn random_key() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    STANDARD.encode(bytes)
}

fn pseudonymisation_ring() -> String {
    format!(
        "\n[pseudonymisation]\ncurrent = \"ps-1\"\n[pseudonymisation.keys]\nps-1 = \"{}\"\n",
        random_key()
    )
}

fn permit_signing_ring() -> String {
    format!(
        "\n[permit_signing]\ncurrent = \"permit-1\"\n[permit_signing.keys]\npermit-1 = \"{}\"\n",
        random_key()
    )
}

fn audit_checkpoint_ring() -> String {
    format!(
        "\n[audit_checkpoint]\ncurrent = \"audit-1\"\n[audit_checkpoint.keys]\naudit-1 = \"{}\"\n",
        random_key()
    )
}

fn ring(name: &str, file: RingFile) -> Result<KeyRing, String> {
    let mut keys = BTreeMap::new();
    for (id, encoded) in file.keys {
        let bytes = STANDARD
            .decode(encoded.trim())
            .map_err(|_| format!("{name} key `{id}` is not base64"))?;
        let key: [u8; 32] = bytes
            .try_into()
            .map_err(|_| format!("{name} key `{id}` must be exactly 32 bytes"))?;
        keys.insert(id, SecretKey(SecretBox::new(Box::new(key))));
    }
    if !keys.contains_key(&file.current) {
        return Err(format!(
            "{name}.current names a key that is not in {name}.keys"
        ));
    }
    Ok(KeyRing {
        current: file.current,
        keys,
    })
}

fn write_generated(path: &Path) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let stamp = time::OffsetDateTime::now_utc().date();
    let key = random_key;
    let text = format!(
        "# Tietolupa identity-code keys, generated for development on {stamp}.\n\
         # Keep this file secret and back it up apart from the database: without it the\n\
         # objection registry cannot be searched or read.\n\n\
         [blind_index]\ncurrent = \"bi-1\"\n[blind_index.keys]\nbi-1 = \"{}\"\n\n\
         [encryption]\ncurrent = \"enc-1\"\n[encryption.keys]\nenc-1 = \"{}\"\n{}{}{}",
        key(),
        key(),
        pseudonymisation_ring(),
        permit_signing_ring(),
        audit_checkpoint_ring()
    );
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_load_and_stay_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/secrets.toml");
        let first = IdentityCodeKeys::load_or_generate(&path).unwrap();
        let second = IdentityCodeKeys::load_or_generate(&path).unwrap();
        assert_eq!(
            first.blind_index.current_key().1.expose(),
            second.blind_index.current_key().1.expose()
        );
        assert_ne!(
            first.blind_index.current_key().1.expose(),
            first.encryption.current_key().1.expose()
        );
        assert_ne!(
            first.pseudonymisation().unwrap().current_key().1.expose(),
            first.blind_index.current_key().1.expose()
        );
        assert_ne!(
            first.permit_signing().unwrap().current_key().1.expose(),
            first.pseudonymisation().unwrap().current_key().1.expose()
        );
    }

    #[test]
    fn an_older_dev_file_gets_a_pseudonymisation_ring_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.toml");
        let older = format!(
            "[blind_index]\ncurrent = \"a\"\n[blind_index.keys]\na = \"{}\"\n\
             [encryption]\ncurrent = \"b\"\n[encryption.keys]\nb = \"{}\"\n",
            random_key(),
            random_key()
        );
        std::fs::write(&path, older).unwrap();
        assert!(
            IdentityCodeKeys::load(&path)
                .unwrap()
                .pseudonymisation
                .is_none()
        );
        assert!(
            IdentityCodeKeys::load(&path)
                .unwrap()
                .pseudonymisation()
                .is_err()
        );
        let first = IdentityCodeKeys::load_or_generate(&path).unwrap();
        let second = IdentityCodeKeys::load_or_generate(&path).unwrap();
        let (id, key) = first.pseudonymisation().unwrap().current_key();
        assert_eq!(id, "ps-1");
        assert_eq!(
            key.expose(),
            second.pseudonymisation().unwrap().current_key().1.expose()
        );
        assert_eq!(first.blind_index.current, "a");
        let (id, key) = first.permit_signing().unwrap().current_key();
        assert_eq!(id, "permit-1");
        assert_eq!(
            key.expose(),
            second.permit_signing().unwrap().current_key().1.expose()
        );
        let ring = first.audit_checkpoint.as_ref().unwrap();
        let (id, key) = ring.current_key();
        assert_eq!(id, "audit-1");
        assert_eq!(
            key.expose(),
            second
                .audit_checkpoint
                .as_ref()
                .unwrap()
                .current_key()
                .1
                .expose()
        );
    }

    #[cfg(unix)]
    #[test]
    fn generated_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.toml");
        IdentityCodeKeys::load_or_generate(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn short_keys_and_missing_current_are_refused_without_echoing_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.toml");
        std::fs::write(
            &path,
            "[blind_index]\ncurrent = \"a\"\n[blind_index.keys]\na = \"c2hvcnQ=\"\n\
             [encryption]\ncurrent = \"b\"\n[encryption.keys]\n",
        )
        .unwrap();
        let err = IdentityCodeKeys::load(&path).unwrap_err().to_string();
        assert!(err.contains("exactly 32 bytes"), "{err}");
        assert!(!err.contains("c2hvcnQ"), "{err}");
    }

    #[test]
    fn debug_hides_key_material() {
        let dir = tempfile::tempdir().unwrap();
        let keys = IdentityCodeKeys::load_or_generate(&dir.path().join("s.toml")).unwrap();
        let rendered = format!("{keys:?}");
        let encoded = STANDARD.encode(keys.blind_index.current_key().1.expose());
        assert!(!rendered.contains(&encoded));
        assert!(rendered.contains("redacted"));
    }
}

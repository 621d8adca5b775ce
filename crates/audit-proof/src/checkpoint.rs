//! C2SP `tlog-checkpoint` (<https://c2sp.org/tlog-checkpoint>) inside a C2SP `signed-note`
//! (<https://c2sp.org/signed-note>) signed with Ed25519, the format of Go's checksum
//! database, Sigstore and the transparency-dev witnesses, so their tools read ours.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::hash::Hash;

/// The signed-note algorithm byte of Ed25519.
const ALG_ED25519: u8 = 0x01;
/// "— " (U+2014 and a space) starts every signature line.
const SIGNATURE_PREFIX: &str = "\u{2014} ";

/// Why a checkpoint or note is refused. Never contains key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("malformed verifier key: {0}")]
    MalformedKey(&'static str),
    #[error("malformed signed note: {0}")]
    MalformedNote(&'static str),
    #[error("the note carries no signature by {name} with key {key_id:08x}")]
    NoSignature { name: String, key_id: u32 },
    #[error(
        "the signature by {name} does not verify: the note was altered or signed by another key"
    )]
    BadSignature { name: String },
    #[error("malformed checkpoint: {0}")]
    MalformedCheckpoint(&'static str),
}

/// A tree head as a checkpoint's body says it: origin, size, root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's unique name, conventionally a schemeless URL.
    pub origin: String,
    pub size: u64,
    pub root: Hash,
}

impl Checkpoint {
    /// The note text: three lines, each ending in a newline.
    pub fn to_text(&self) -> String {
        format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            STANDARD.encode(self.root.0)
        )
    }

    /// Reads a checkpoint body; extension lines after the root are allowed and ignored.
    pub fn parse(text: &str) -> Result<Checkpoint, NoteError> {
        let malformed = NoteError::MalformedCheckpoint;
        let mut lines = text.split_terminator('\n');
        let origin = lines
            .next()
            .filter(|o| !o.is_empty())
            .ok_or(malformed("no origin line"))?;
        let size = lines
            .next()
            .filter(|s| s.bytes().all(|b| b.is_ascii_digit()) && (*s == "0" || !s.starts_with('0')))
            .and_then(|s| s.parse::<u64>().ok())
            .ok_or(malformed("the size line is not a decimal number"))?;
        let root = lines
            .next()
            .and_then(|r| STANDARD.decode(r).ok())
            .and_then(|r| Hash::from_slice(&r))
            .ok_or(malformed("the root line is not a base64 SHA-256 hash"))?;
        if !text.ends_with('\n') {
            return Err(malformed("the text does not end in a newline"));
        }
        Ok(Checkpoint {
            origin: origin.to_owned(),
            size,
            root,
        })
    }
}

/// The key hash of signed-note: the first four bytes of SHA-256(name || "\n" || 0x01 ||
/// public key), big-endian.
pub fn key_id(name: &str, public: &VerifyingKey) -> u32 {
    let mut hasher = Sha256::new();
    hasher.update(name.as_bytes());
    hasher.update(b"\n");
    hasher.update([ALG_ED25519]);
    hasher.update(public.as_bytes());
    let digest = hasher.finalize();
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

fn valid_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(['+', ' ', '\n']) && !name.chars().any(char::is_whitespace)
}

/// Signs notes as `name` with one Ed25519 key.
pub struct NoteSigner {
    name: String,
    key_id: u32,
    key: SigningKey,
}

impl std::fmt::Debug for NoteSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NoteSigner({}+{:08x})", self.name, self.key_id)
    }
}

impl NoteSigner {
    /// A signer from an Ed25519 seed; `None` when the name cannot appear in a note.
    pub fn from_seed(name: &str, seed: &[u8; 32]) -> Option<NoteSigner> {
        if !valid_name(name) {
            return None;
        }
        let key = SigningKey::from_bytes(seed);
        Some(NoteSigner {
            name: name.to_owned(),
            key_id: key_id(name, &key.verifying_key()),
            key,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The verifier key text `name+hex8+base64(0x01 || public key)` to publish.
    pub fn verifier_key(&self) -> String {
        let mut bytes = vec![ALG_ED25519];
        bytes.extend_from_slice(self.key.verifying_key().as_bytes());
        format!(
            "{}+{:08x}+{}",
            self.name,
            self.key_id,
            STANDARD.encode(bytes)
        )
    }

    /// The signed note: the text, a blank line, and the signature line.
    pub fn sign(&self, text: &str) -> Result<String, NoteError> {
        if !text.ends_with('\n') || text.contains("\n\n") {
            return Err(NoteError::MalformedNote(
                "the text must end in a newline and hold no blank line",
            ));
        }
        let signature = self.key.sign(text.as_bytes());
        let mut sig = self.key_id.to_be_bytes().to_vec();
        sig.extend_from_slice(&signature.to_bytes());
        Ok(format!(
            "{text}\n{SIGNATURE_PREFIX}{} {}\n",
            self.name,
            STANDARD.encode(sig)
        ))
    }
}

/// One published verifier key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteVerifier {
    name: String,
    key_id: u32,
    key: VerifyingKey,
}

impl NoteVerifier {
    /// Parses `name+hex8+base64(0x01 || public key)`, checking that the key hash matches.
    pub fn parse(vkey: &str) -> Result<NoteVerifier, NoteError> {
        let mut parts = vkey.trim().splitn(3, '+');
        let (Some(name), Some(id), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(NoteError::MalformedKey("expected name+keyhash+key"));
        };
        if !valid_name(name) {
            return Err(NoteError::MalformedKey(
                "the name is empty or holds a space or +",
            ));
        }
        let id = (id.len() == 8)
            .then(|| u32::from_str_radix(id, 16).ok())
            .flatten()
            .ok_or(NoteError::MalformedKey("the key hash is not 8 hex digits"))?;
        let bytes = STANDARD
            .decode(key)
            .map_err(|_| NoteError::MalformedKey("the key is not base64"))?;
        let (Some(&ALG_ED25519), Ok(public)) = (
            bytes.first(),
            <[u8; 32]>::try_from(&bytes[1.min(bytes.len())..]),
        ) else {
            return Err(NoteError::MalformedKey("not an Ed25519 key"));
        };
        let key = VerifyingKey::from_bytes(&public)
            .map_err(|_| NoteError::MalformedKey("not an Ed25519 key"))?;
        if key_id(name, &key) != id {
            return Err(NoteError::MalformedKey(
                "the key hash does not match the key",
            ));
        }
        Ok(NoteVerifier {
            name: name.to_owned(),
            key_id: id,
            key,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The note's text when it carries a valid signature by this key; other signatures
    /// (witnesses' cosignatures, other keys) are left alone.
    pub fn open<'n>(&self, note: &'n str) -> Result<&'n str, NoteError> {
        let split = note.rfind("\n\n").ok_or(NoteError::MalformedNote(
            "no blank line before the signatures",
        ))?;
        let (text, signatures) = (&note[..=split], &note[split + 2..]);
        if !signatures.ends_with('\n') {
            return Err(NoteError::MalformedNote(
                "the signatures do not end in a newline",
            ));
        }
        for line in signatures.split_terminator('\n') {
            let rest = line
                .strip_prefix(SIGNATURE_PREFIX)
                .ok_or(NoteError::MalformedNote(
                    "a signature line does not start with —",
                ))?;
            let (name, sig) = rest.split_once(' ').ok_or(NoteError::MalformedNote(
                "a signature line has no signature",
            ))?;
            let sig = STANDARD
                .decode(sig)
                .map_err(|_| NoteError::MalformedNote("a signature is not base64"))?;
            if name != self.name || sig.len() < 4 || sig[..4] != self.key_id.to_be_bytes() {
                continue;
            }
            let signature =
                Signature::from_slice(&sig[4..]).map_err(|_| NoteError::BadSignature {
                    name: name.to_owned(),
                })?;
            return self
                .key
                .verify(text.as_bytes(), &signature)
                .map(|()| text)
                .map_err(|_| NoteError::BadSignature {
                    name: name.to_owned(),
                });
        }
        Err(NoteError::NoSignature {
            name: self.name.clone(),
            key_id: self.key_id,
        })
    }

    /// Opens a signed checkpoint and reads its body.
    pub fn open_checkpoint(&self, note: &str) -> Result<Checkpoint, NoteError> {
        Checkpoint::parse(self.open(note)?)
    }
}

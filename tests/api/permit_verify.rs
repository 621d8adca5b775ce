//! `tietolupa permit verify`: the offline check of a permit credential, run as the binary.
//! No database is involved, so these run once rather than on both engines.

use std::path::{Path, PathBuf};
use std::process::Output;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use tietolupa_domain::permit::PermitStatus;
use tietolupa_permit_credential::{
    DateSpan, GrantedDataset, Holder, Issuance, ListIssuance, PermitClaims, PermitCredential,
    PermitKeyRing, ProcessingEnvironment, StatusList, StatusListClaims, StatusReference, Validity,
};
use time::macros::date;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::cli::tietolupa;

const ISSUER: &str = "https://tietolupa.example";
const LIST_URI: &str = "https://tietolupa.example/status-lists/1";

fn authority() -> PermitKeyRing {
    PermitKeyRing::from_seeds("permit-1", [("permit-1".to_owned(), [17u8; 32])]).unwrap()
}

fn credential(valid_until: time::Date) -> PermitCredential {
    PermitCredential::new(
        PermitClaims {
            id: Uuid::now_v7(),
            diary_number: "THL/77/14.02.00/2026".to_owned(),
            holder: Holder::Organisation {
                name: "Itä-Suomen yliopisto".to_owned(),
                business_id: "2285733-9".to_owned(),
            },
            datasets: vec![GrantedDataset {
                uri: format!("{ISSUER}/data-sources/hilmo"),
                name: "Care Register for Health Care (Hilmo)".to_owned(),
                data_controller: "Finnish Institute for Health and Welfare".to_owned(),
                time_span: DateSpan {
                    from: date!(2015 - 01 - 01),
                    until: date!(2024 - 12 - 31),
                },
            }],
            processing_environment: ProcessingEnvironment {
                name: "Kapseli".to_owned(),
                provider: "Tilastokeskus".to_owned(),
                provider_business_id: "0245491-8".to_owned(),
            },
            validity: Validity {
                from: date!(2020 - 01 - 01),
                until: valid_until,
            },
            status: PermitStatus::Active,
            amendment_version: 0,
            decided_on: date!(2019 - 12 - 20),
        },
        Issuance {
            issuer: ISSUER.to_owned(),
            issued_at: OffsetDateTime::now_utc() - Duration::days(1),
            jti: Uuid::now_v7(),
            status: StatusReference {
                idx: 3,
                uri: LIST_URI.to_owned(),
            },
        },
    )
}

fn status_list(revoked: &[u64]) -> String {
    let mut list = StatusList::new(4096).unwrap();
    for &idx in revoked {
        list.set(idx, true).unwrap();
    }
    StatusListClaims::new(
        &list,
        ListIssuance {
            issuer: ISSUER.to_owned(),
            uri: LIST_URI.to_owned(),
            issued_at: OffsetDateTime::now_utc(),
            ttl: Duration::hours(1),
            valid_for: Duration::days(1),
        },
    )
    .sign(&authority())
    .unwrap()
}

struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Files {
        let files = Files {
            dir: tempfile::tempdir().unwrap(),
        };
        files.write("jwks.json", &authority().jwks().to_json());
        files
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

fn verify(credential: &Path, jwks: Option<&Path>, list: Option<&Path>) -> Output {
    let mut command = tietolupa();
    command.arg("permit").arg("verify").arg(credential);
    if let Some(jwks) = jwks {
        command.arg("--jwks").arg(jwks);
    }
    if let Some(list) = list {
        command.arg("--status-list").arg(list);
    }
    command.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn a_valid_credential_prints_the_permit_as_json() {
    let files = Files::new();
    let credential = credential(date!(2099 - 12 - 31));
    let token = files.write("permit.jwt", &credential.sign(&authority()).unwrap());
    let list = files.write("list.jwt", &status_list(&[2, 4]));
    let output = verify(&token, Some(&files.path("jwks.json")), Some(&list));
    assert!(output.status.success(), "{}", text(&output.stderr));
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed["kid"], "permit-1");
    assert_eq!(
        printed["credential"]["permit"]["diary_number"],
        "THL/77/14.02.00/2026"
    );
    assert_eq!(printed["credential"]["permit"]["status"], "ACTIVE");
    assert_eq!(printed["revocation"]["checked"], true);

    let without_list = verify(&token, Some(&files.path("jwks.json")), None);
    assert!(without_list.status.success());
    let printed: serde_json::Value = serde_json::from_slice(&without_list.stdout).unwrap();
    assert_eq!(printed["revocation"], serde_json::json!({"checked": false}));
}

#[test]
fn a_tampered_credential_is_refused_with_the_reason() {
    let files = Files::new();
    let token = credential(date!(2099 - 12 - 31))
        .sign(&authority())
        .unwrap();
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let claims = text(&URL_SAFE_NO_PAD.decode(&parts[1]).unwrap())
        .replace("THL/77/14.02.00/2026", "THL/78/14.02.00/2026");
    parts[1] = URL_SAFE_NO_PAD.encode(claims);
    let tampered = files.write("tampered.jwt", &parts.join("."));
    let output = verify(&tampered, Some(&files.path("jwks.json")), None);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = text(&output.stderr);
    assert!(stderr.contains("signature does not match"), "{stderr}");
}

#[test]
fn a_revoked_or_expired_permit_is_refused_with_the_reason() {
    let files = Files::new();
    let token = files.write(
        "permit.jwt",
        &credential(date!(2099 - 12 - 31))
            .sign(&authority())
            .unwrap(),
    );
    let list = files.write("list.jwt", &status_list(&[3]));
    let output = verify(&token, Some(&files.path("jwks.json")), Some(&list));
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("revoked"),
        "{}",
        text(&output.stderr)
    );

    let expired = files.write(
        "expired.jwt",
        &credential(date!(2021 - 12 - 31))
            .sign(&authority())
            .unwrap(),
    );
    let output = verify(&expired, Some(&files.path("jwks.json")), None);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("expired at 2021-12-31T22:00:00Z"));
}

#[test]
fn without_jwks_the_instances_own_keys_verify_and_unreadable_files_exit_2() {
    let files = Files::new();
    let data_dir = files.path("data");
    let secrets =
        tietolupa_config::IdentityCodeKeys::load_or_generate(&data_dir.join("secrets.toml"))
            .unwrap();
    let ring = secrets.permit_signing().unwrap();
    let instance = PermitKeyRing::from_seeds(
        &ring.current,
        ring.keys
            .iter()
            .map(|(kid, key)| (kid.clone(), *key.expose())),
    )
    .unwrap();
    let token = files.write(
        "permit.jwt",
        &credential(date!(2099 - 12 - 31)).sign(&instance).unwrap(),
    );
    let output = tietolupa()
        .args(["permit", "verify"])
        .arg(&token)
        .env("TIETOLUPA_DATA_DIR", &data_dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));

    let output = verify(
        &files.path("absent.jwt"),
        Some(&files.path("jwks.json")),
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("absent.jwt"));
}

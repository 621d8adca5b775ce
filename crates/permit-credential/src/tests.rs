//! The credential end to end: issue, sign, verify, and every refusal of `verify`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use proptest::prelude::*;
use tietolupa_domain::permit::PermitStatus;
use time::macros::{date, datetime};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::*;

const ISSUER: &str = "https://tietolupa.example";
const LIST_URI: &str = "https://tietolupa.example/status-lists/1";
const ISSUED_AT: OffsetDateTime = datetime!(2026-12-04 10:00 UTC);

fn ring(current: &str, seeds: &[(&str, u8)]) -> PermitKeyRing {
    PermitKeyRing::from_seeds(
        current,
        seeds.iter().map(|(kid, n)| ((*kid).to_owned(), [*n; 32])),
    )
    .unwrap()
}

fn authority() -> PermitKeyRing {
    ring("permit-1", &[("permit-1", 1)])
}

fn permit(status: PermitStatus) -> PermitClaims {
    let dataset = |name: &str, controller: &str| GrantedDataset {
        uri: format!("{ISSUER}/data-sources/{}", name.to_lowercase()),
        name: name.to_owned(),
        data_controller: controller.to_owned(),
        time_span: DateSpan {
            from: date!(2010 - 01 - 01),
            until: date!(2025 - 12 - 31),
        },
    };
    PermitClaims {
        id: Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_0017),
        diary_number: "THL/1234/14.02.00/2026".to_owned(),
        holder: Holder::Organisation {
            name: "Helsingin yliopisto".to_owned(),
            business_id: "0313471-7".to_owned(),
        },
        datasets: vec![
            dataset("Hilmo", "Terveyden ja hyvinvoinnin laitos"),
            dataset("Avohilmo", "Terveyden ja hyvinvoinnin laitos"),
            dataset("Cancer", "Suomen Syöpärekisteri"),
        ],
        processing_environment: ProcessingEnvironment {
            name: "Kapseli".to_owned(),
            provider: "Tilastokeskus".to_owned(),
            provider_business_id: "0245491-8".to_owned(),
        },
        validity: Validity {
            from: date!(2026 - 12 - 04),
            until: date!(2029 - 12 - 31),
        },
        status,
        amendment_version: 2,
        decided_on: date!(2026 - 12 - 04),
    }
}

fn credential_with(status: PermitStatus, idx: u64) -> PermitCredential {
    PermitCredential::new(
        permit(status),
        Issuance {
            issuer: ISSUER.to_owned(),
            issued_at: ISSUED_AT,
            jti: Uuid::from_u128(42),
            status: StatusReference {
                idx,
                uri: LIST_URI.to_owned(),
            },
        },
    )
}

fn credential() -> PermitCredential {
    credential_with(PermitStatus::Active, 5)
}

fn token() -> String {
    credential().sign(&authority()).unwrap()
}

fn list_token(
    revoked: &[u64],
    uri: &str,
    issued_at: OffsetDateTime,
    signer: &PermitKeyRing,
) -> String {
    let mut list = StatusList::new(1024).unwrap();
    for &idx in revoked {
        list.set(idx, true).unwrap();
    }
    StatusListClaims::new(
        &list,
        ListIssuance {
            issuer: ISSUER.to_owned(),
            uri: uri.to_owned(),
            issued_at,
            ttl: Duration::hours(12),
            valid_for: Duration::days(1),
        },
    )
    .sign(signer)
    .unwrap()
}

fn now() -> OffsetDateTime {
    ISSUED_AT + Duration::hours(1)
}

fn check(token: &str, list: Option<&str>) -> Result<VerifiedPermit, VerifyError> {
    verify(token, &authority().jwks(), list, now())
}

fn b64(json: &serde_json::Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(json).unwrap())
}

fn parts(token: &str) -> Vec<String> {
    token.split('.').map(str::to_owned).collect()
}

#[test]
fn a_signed_credential_verifies_and_says_what_was_granted() {
    let verified = check(&token(), None).unwrap();
    assert_eq!(verified.kid, "permit-1");
    assert_eq!(verified.credential, credential());
    assert_eq!(verified.revocation, RevocationCheck::NotChecked);
    let list = list_token(&[4, 6], LIST_URI, ISSUED_AT, &authority());
    let verified = check(&token(), Some(&list)).unwrap();
    assert_eq!(
        verified.revocation,
        RevocationCheck::NotRevoked {
            list_issued_at: ISSUED_AT.unix_timestamp()
        }
    );
}

#[test]
fn the_token_carries_the_header_and_claims_the_documentation_shows() {
    let token = token();
    let parts = parts(&token);
    let header: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[0]).unwrap()).unwrap();
    assert_eq!(header["alg"], "EdDSA");
    assert_eq!(header["typ"], "permit+jwt");
    assert_eq!(header["kid"], "permit-1");
    let claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
    assert_eq!(
        claims["status"],
        serde_json::json!({"status_list": {"idx": 5, "uri": LIST_URI}})
    );
    assert_eq!(
        claims["sub"],
        "urn:uuid:01930000-0000-7000-8000-000000000017"
    );
    assert_eq!(claims["permit"]["status"], "ACTIVE");
    assert_eq!(claims["permit"]["validity"]["until"], "2029-12-31");
    assert_eq!(
        claims["permit"]["datasets"][2]["data_controller"],
        "Suomen Syöpärekisteri"
    );
    // Valid through the last day in Finland: 2029-12-31 24:00 EET.
    assert_eq!(
        claims["exp"],
        datetime!(2029-12-31 22:00 UTC).unix_timestamp()
    );
    assert_eq!(claims["nbf"], ISSUED_AT.unix_timestamp());
}

#[test]
fn a_tampered_payload_is_refused() {
    let token = token();
    let mut parts = parts(&token);
    let mut claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
    claims["permit"]["validity"]["until"] = "2039-12-31".into();
    claims["exp"] = (claims["exp"].as_i64().unwrap() + 10 * 365 * 86_400).into();
    parts[1] = b64(&claims);
    assert_eq!(
        check(&parts.join("."), None).unwrap_err(),
        VerifyError::BadSignature
    );
}

#[test]
fn a_credential_signed_with_another_key_under_the_same_kid_is_refused() {
    let impostor = ring("permit-1", &[("permit-1", 99)]);
    let token = credential().sign(&impostor).unwrap();
    assert_eq!(check(&token, None).unwrap_err(), VerifyError::BadSignature);
}

#[test]
fn an_unknown_kid_is_refused_by_name() {
    let other = ring("permit-9", &[("permit-9", 1)]);
    let token = credential().sign(&other).unwrap();
    assert_eq!(
        check(&token, None).unwrap_err(),
        VerifyError::UnknownKid("permit-9".to_owned())
    );
}

#[test]
fn alg_none_and_other_algorithms_are_refused_before_any_signature_check() {
    let payload = parts(&token())[1].clone();
    for alg in ["none", "None", "HS256", "RS256", "ES256", "PS512"] {
        let header = b64(&serde_json::json!({"alg": alg, "typ": "permit+jwt", "kid": "permit-1"}));
        for signature in ["", "c2lnbmF0dXJl"] {
            let forged = format!("{header}.{payload}.{signature}");
            assert_eq!(
                check(&forged, None).unwrap_err(),
                VerifyError::AlgorithmNotAllowed(alg.to_owned()),
                "{alg}"
            );
        }
    }
}

#[test]
fn hmac_with_the_public_key_as_secret_is_refused() {
    // The classic confusion attack: HS256 keyed with the published Ed25519 key.
    let jwks = authority().jwks();
    let x = URL_SAFE_NO_PAD
        .decode(jwks.keys[0].x.as_deref().unwrap())
        .unwrap();
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    header.typ = Some("permit+jwt".into());
    header.kid = Some("permit-1".into());
    let forged = jsonwebtoken::encode(
        &header,
        &credential(),
        &jsonwebtoken::EncodingKey::from_secret(&x),
    )
    .unwrap();
    assert_eq!(
        check(&forged, None).unwrap_err(),
        VerifyError::AlgorithmNotAllowed("HS256".to_owned())
    );
}

#[test]
fn an_expired_credential_is_refused_and_one_not_yet_valid_too() {
    let jwks = authority().jwks();
    let exp = datetime!(2029-12-31 22:00 UTC);
    assert!(verify(&token(), &jwks, None, exp - Duration::minutes(1)).is_ok());
    assert_eq!(
        verify(&token(), &jwks, None, exp + Duration::days(1)).unwrap_err(),
        VerifyError::Expired(exp.unix_timestamp())
    );
    assert_eq!(
        verify(&token(), &jwks, None, ISSUED_AT - Duration::hours(1)).unwrap_err(),
        VerifyError::NotYetValid(ISSUED_AT.unix_timestamp())
    );
    let message = VerifyError::Expired(exp.unix_timestamp()).to_string();
    assert_eq!(message, "expired at 2029-12-31T22:00:00Z");
}

#[test]
fn a_credential_issued_before_the_validity_starts_is_not_valid_before_it() {
    let mut later = permit(PermitStatus::Active);
    later.validity.from = date!(2027 - 01 - 01);
    let issuance = Issuance {
        issuer: ISSUER.to_owned(),
        issued_at: ISSUED_AT,
        jti: Uuid::from_u128(43),
        status: StatusReference {
            idx: 6,
            uri: LIST_URI.to_owned(),
        },
    };
    let token = PermitCredential::new(later, issuance)
        .sign(&authority())
        .unwrap();
    let starts = datetime!(2026-12-31 22:00 UTC);
    assert_eq!(
        check(&token, None).unwrap_err(),
        VerifyError::NotYetValid(starts.unix_timestamp())
    );
    assert!(verify(&token, &authority().jwks(), None, starts).is_ok());
}

#[test]
fn a_revoked_permit_is_refused_by_the_status_list() {
    let list = list_token(&[5], LIST_URI, ISSUED_AT, &authority());
    assert_eq!(
        check(&token(), Some(&list)).unwrap_err(),
        VerifyError::Revoked
    );
}

#[test]
fn a_credential_issued_on_revocation_or_destruction_is_refused_without_a_list() {
    let revoked = credential_with(PermitStatus::Revoked, 5)
        .sign(&authority())
        .unwrap();
    assert_eq!(check(&revoked, None).unwrap_err(), VerifyError::Revoked);
    let destroyed = credential_with(PermitStatus::DataDestroyed, 5)
        .sign(&authority())
        .unwrap();
    assert_eq!(
        check(&destroyed, None).unwrap_err(),
        VerifyError::NotInForce(PermitStatus::DataDestroyed)
    );
}

#[test]
fn a_status_list_older_than_its_ttl_is_stale() {
    let issued = ISSUED_AT - Duration::hours(13);
    let list = list_token(&[], LIST_URI, issued, &authority());
    let stale_since = (issued + Duration::hours(12)).unix_timestamp();
    assert_eq!(
        check(&token(), Some(&list)).unwrap_err(),
        VerifyError::StatusListStale(stale_since)
    );
}

#[test]
fn a_status_list_signed_by_another_key_or_for_another_list_is_refused() {
    let impostor = ring("permit-1", &[("permit-1", 99)]);
    let forged = list_token(&[], LIST_URI, ISSUED_AT, &impostor);
    assert!(matches!(
        check(&token(), Some(&forged)).unwrap_err(),
        VerifyError::StatusListInvalid(why) if why.contains("signature")
    ));
    let other = list_token(
        &[],
        "https://tietolupa.example/status-lists/2",
        ISSUED_AT,
        &authority(),
    );
    assert_eq!(
        check(&token(), Some(&other)).unwrap_err(),
        VerifyError::StatusListMismatch {
            expected: LIST_URI.to_owned(),
            given: "https://tietolupa.example/status-lists/2".to_owned()
        }
    );
    // A credential given as the list, and an index past the list's end.
    assert!(matches!(
        check(&token(), Some(&token())).unwrap_err(),
        VerifyError::StatusListInvalid(why) if why.contains("typ")
    ));
    let far = credential_with(PermitStatus::Active, 5000)
        .sign(&authority())
        .unwrap();
    let list = list_token(&[], LIST_URI, ISSUED_AT, &authority());
    assert!(matches!(
        check(&far, Some(&list)).unwrap_err(),
        VerifyError::StatusListInvalid(why) if why.contains("past the end")
    ));
}

#[test]
fn a_status_list_is_not_a_credential() {
    let list = list_token(&[], LIST_URI, ISSUED_AT, &authority());
    assert_eq!(
        check(&list, None).unwrap_err(),
        VerifyError::Malformed("typ is not permit+jwt")
    );
}

#[test]
fn garbage_is_malformed() {
    for garbage in ["", "abc", "a.b", "a.b.c.d", "!!.e30.AA", "e30.e30.AA"] {
        assert!(
            matches!(check(garbage, None).unwrap_err(), VerifyError::Malformed(_)),
            "{garbage}"
        );
    }
}

#[test]
fn credentials_signed_with_a_retired_key_verify_while_it_stays_in_the_ring() {
    let old = credential().sign(&authority()).unwrap();
    let rotated = ring("permit-2", &[("permit-1", 1), ("permit-2", 2)]);
    let new = credential().sign(&rotated).unwrap();
    assert_eq!(
        verify(&old, &rotated.jwks(), None, now()).unwrap().kid,
        "permit-1"
    );
    assert_eq!(
        verify(&new, &rotated.jwks(), None, now()).unwrap().kid,
        "permit-2"
    );
    let retired = ring("permit-2", &[("permit-2", 2)]);
    assert_eq!(
        verify(&old, &retired.jwks(), None, now()).unwrap_err(),
        VerifyError::UnknownKid("permit-1".to_owned())
    );
}

#[test]
fn the_verified_permit_prints_as_json() {
    let list = list_token(&[], LIST_URI, ISSUED_AT, &authority());
    let json = serde_json::to_value(check(&token(), Some(&list)).unwrap()).unwrap();
    assert_eq!(json["kid"], "permit-1");
    assert_eq!(
        json["credential"]["permit"]["diary_number"],
        "THL/1234/14.02.00/2026"
    );
    assert_eq!(
        json["revocation"],
        serde_json::json!({"checked": true, "list_issued_at": ISSUED_AT.unix_timestamp()})
    );
    let json = serde_json::to_value(check(&token(), None).unwrap()).unwrap();
    assert_eq!(json["revocation"], serde_json::json!({"checked": false}));
}

#[test]
fn one_visa_per_processor_per_dataset() {
    let processors = [
        Processor {
            id: "researcher-1@helsinki.fi".into(),
        },
        Processor {
            id: "researcher-2@helsinki.fi".into(),
        },
    ];
    let visas = visas_for(&credential(), &processors);
    assert_eq!(visas.len(), 6);
    let visa = &visas[4];
    assert_eq!(visa.sub, "researcher-2@helsinki.fi");
    assert_eq!(visa.iss, ISSUER);
    assert_eq!(visa.exp, credential().exp);
    let json = serde_json::to_value(&visa.ga4gh_visa_v1).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "type": "ControlledAccessGrants",
            // 2026-12-04 00:00 in Helsinki.
            "asserted": datetime!(2026-12-03 22:00 UTC).unix_timestamp(),
            "value": "https://tietolupa.example/data-sources/avohilmo",
            "source": ISSUER,
            "by": "dac",
        })
    );
    let jtis: std::collections::BTreeSet<_> = visas.iter().map(|v| &v.jti).collect();
    assert_eq!(jtis.len(), 6);
    assert!(visas_for(&credential_with(PermitStatus::Revoked, 5), &processors).is_empty());
}

#[test]
fn a_signed_visa_names_the_jwks_and_verifies_with_the_published_key() {
    let visa = &visas_for(&credential(), &[Processor { id: "p".into() }])[0];
    let jwks_url = "https://tietolupa.example/.well-known/jwks.json";
    let token = visa.sign(&authority(), jwks_url).unwrap();
    let header = jsonwebtoken::decode_header(&token).unwrap();
    assert_eq!(header.jku.as_deref(), Some(jwks_url));
    assert_eq!(header.kid.as_deref(), Some("permit-1"));
    let jwks = authority().jwks();
    let key =
        jsonwebtoken::DecodingKey::from_ed_components(jwks.keys[0].x.as_deref().unwrap()).unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::EdDSA);
    validation.validate_exp = false;
    let decoded = jsonwebtoken::decode::<VisaClaims>(&token, &key, &validation).unwrap();
    assert_eq!(&decoded.claims, visa);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Changing any one character of a credential never yields an accepted credential.
    #[test]
    fn no_single_character_change_is_accepted(position in any::<prop::sample::Index>(), c in "[A-Za-z0-9_.=-]") {
        let token = token();
        let i = position.index(token.len());
        let mut changed = token.clone();
        changed.replace_range(i..=i, &c);
        prop_assume!(changed != token);
        prop_assert!(check(&changed, None).is_err());
    }
}

/// The RFC 8037 appendix A.1 test key: the documentation's example is signed with a key
/// that is public by design.
fn example_ring() -> PermitKeyRing {
    let seed = parse_private_key(
        "permit-example",
        "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
    )
    .unwrap();
    PermitKeyRing::from_seeds("permit-example", [("permit-example".to_owned(), seed)]).unwrap()
}

/// The claims in the token's own order.
fn decoded_claims(token: &str) -> String {
    let payload = URL_SAFE_NO_PAD.decode(parts(token)[1].as_bytes()).unwrap();
    let claims: PermitCredential = serde_json::from_slice(&payload).unwrap();
    serde_json::to_string_pretty(&claims).unwrap()
}

fn example() -> (String, String, String) {
    let ring = example_ring();
    let token = credential().sign(&ring).unwrap();
    let list = list_token(&[3], LIST_URI, ISSUED_AT, &ring);
    (ring.jwks().to_json(), token, list)
}

/// Prints the example of docs/permit-credential.md:
/// `cargo nextest run -p tietolupa-permit-credential --run-ignored only print_the_example --no-capture`.
#[test]
#[ignore]
#[allow(clippy::print_stdout)]
fn print_the_example() {
    let (jwks, token, list) = example();
    let pretty = decoded_claims(&token);
    println!("{jwks}\n\n{token}\n\n{pretty}\n\n{list}");
}

/// The documentation's example is what this crate signs, and it verifies as described.
#[test]
fn the_documented_example_is_current_and_verifies() {
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/permit-credential.md"),
    )
    .unwrap();
    let (jwks, token, list) = example();
    assert!(
        doc.contains(&jwks),
        "the JWKS in the documentation is outdated"
    );
    assert!(
        doc.contains(&token),
        "the credential in the documentation is outdated"
    );
    // zlib output is not canonical: the bytes depend on which flate2 backend the build
    // unifies (the whole workspace picks another than this crate alone), so the documented
    // list is compared by what it says, and must verify.
    let header = parts(&list)[0].clone();
    let documented = doc
        .lines()
        .find(|line| line.starts_with(header.as_str()))
        .expect("the documentation shows a status list");
    let claims = |token: &str| -> serde_json::Value {
        let payload = URL_SAFE_NO_PAD.decode(parts(token)[1].as_bytes()).unwrap();
        let mut claims: serde_json::Value = serde_json::from_slice(&payload).unwrap();
        let lst = claims["status_list"]["lst"].take();
        let bits = StatusList::decode(lst.as_str().unwrap()).unwrap();
        claims["status_list"]["lst"] = serde_json::json!(bits.into_bytes());
        claims
    };
    assert_eq!(
        claims(documented),
        claims(&list),
        "the status list in the documentation is outdated"
    );
    let keys = Jwks::from_json(&jwks).unwrap();
    assert_eq!(
        verify(&token, &keys, Some(documented), now()),
        verify(&token, &keys, Some(&list), now()),
        "the documented list is signed by the example key and says the same"
    );
    let verified = verify(&token, &keys, Some(&list), now()).unwrap();
    assert_eq!(verified.kid, "permit-example");
    let pretty = decoded_claims(&token);
    assert!(
        doc.contains(&pretty),
        "the decoded claims in the documentation are outdated"
    );
}

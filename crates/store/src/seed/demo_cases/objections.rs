//! The demo objections: each channel, a guardian, a withdrawal.

use tietolupa_domain::objection::{Channel, IdentityVerification, RepresentationBasis};
use tietolupa_objection_crypto::ObjectionCrypto;
use time::Duration;

use super::{CLERK, GUARDIAN, Seeder, as_user};
use crate::objections::{self, FileObjection, RecordObjection};
use crate::{Db, StoreError};

/// Temporary identity codes (900–999) of people who wrote or came in to object.
const BY_POST: &str = "050362-905U";
const IN_PERSON: &str = "230847-907N";
const UNDER_GUARDIANSHIP: &str = "070771-913X";
/// The guardian's (Maija Meikäläinen's) child, born 2015.
const CHILD: &str = "120315A9035";

/// Objections by each channel: the e-service (one withdrawn, one by a guardian for her
/// child), a letter, a visit, and a guardianship recorded by the clerk.
pub(super) async fn seed_objections(
    db: &Db,
    crypto: &ObjectionCrypto,
    s: &Seeder<'_>,
) -> Result<usize, StoreError> {
    let mut added = 0;
    // All the guardian's (Maija Meikäläinen's): the demo citizen Matti keeps an empty list,
    // which the browser tests start from.
    let ctx = as_user(GUARDIAN, s.at(120, 19));
    let filed = Box::pin(objections::file(db, crypto, &ctx, FileObjection::default())).await?;
    let ctx = as_user(GUARDIAN, s.at(45, 20));
    Box::pin(objections::withdraw(
        db,
        crypto,
        &ctx,
        filed.objection.id,
        filed.objection.version,
    ))
    .await?;
    added += 1;

    let ctx = as_user(GUARDIAN, s.at(14, 21));
    Box::pin(objections::file(
        db,
        crypto,
        &ctx,
        FileObjection {
            represented: Some((CHILD.to_owned(), RepresentationBasis::GuardianOfMinor)),
        },
    ))
    .await?;
    added += 1;

    let recorded = [
        (
            BY_POST,
            Channel::Post,
            IdentityVerification::NotarisedSignature,
            9,
            None,
        ),
        (
            IN_PERSON,
            Channel::InPerson,
            IdentityVerification::IdDocumentAtOffice,
            3,
            None,
        ),
        (
            UNDER_GUARDIANSHIP,
            Channel::Post,
            IdentityVerification::NotarisedSignature,
            20,
            Some((RepresentationBasis::Guardianship, None)),
        ),
    ];
    for (code, channel, verification, days_ago, representation) in recorded {
        let ctx = as_user(CLERK, s.at(days_ago, 10));
        let received_on = ctx.today() - Duration::days(2);
        Box::pin(objections::record(
            db,
            crypto,
            &ctx,
            RecordObjection {
                identity_code: code.to_owned(),
                channel,
                identity_verification: verification,
                received_on,
                processed_on: None,
                representation,
            },
        ))
        .await?;
        added += 1;
    }
    Ok(added)
}

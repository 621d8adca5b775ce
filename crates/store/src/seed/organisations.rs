//! Demo organisations for the register (dev mode only): two customers whose contact persons
//! include the demo applicants, one as main user, and one former customer whose
//! relationship has ended, so that the register shows each situation.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use tietolupa_domain::organisation::ContactRole;
use tietolupa_entity::{organisation, organisation_contact};
use time::{Date, Month, OffsetDateTime};
use uuid::Uuid;

use crate::StoreError;

struct DemoOrganisation {
    name: &'static str,
    /// Fictional organisations have made-up IDs with valid check digits.
    business_id: &'static str,
    address: &'static str,
    customer_since: (i32, Month, u8),
    ended_on: Option<(i32, Month, u8)>,
    contacts: &'static [DemoContact],
}

struct DemoContact {
    role: ContactRole,
    name: &'static str,
    email: &'static str,
    phone: Option<&'static str>,
    user_subject: Option<&'static str>,
}

const ORGANISATIONS: &[DemoOrganisation] = &[
    DemoOrganisation {
        name: "Helsingin yliopisto",
        business_id: "0313471-7",
        address: "PL 33 (Yliopistonkatu 4), 00014 Helsingin yliopisto",
        customer_since: (2019, Month::September, 2),
        ended_on: None,
        contacts: &[
            DemoContact {
                role: ContactRole::MainUser,
                name: "Aino Virtanen",
                email: "aino.virtanen@example.fi",
                phone: Some("+358 40 123 4567"),
                user_subject: Some("demo-applicant-researcher"),
            },
            DemoContact {
                role: ContactRole::DataProtectionOfficer,
                name: "Lauri Salminen",
                email: "tietosuoja@example.fi",
                phone: Some("+358 29 412 3456"),
                user_subject: None,
            },
            DemoContact {
                role: ContactRole::Invoicing,
                name: "Laskutus, Helsingin yliopisto",
                email: "laskutus@example.fi",
                phone: None,
                user_subject: None,
            },
        ],
    },
    DemoOrganisation {
        name: "Terveysanalytiikka Oy",
        business_id: "3141593-8",
        address: "Tekniikantie 14, 02150 Espoo",
        customer_since: (2023, Month::March, 15),
        ended_on: None,
        contacts: &[
            DemoContact {
                role: ContactRole::MainUser,
                name: "Mikko Korhonen",
                email: "mikko.korhonen@example.com",
                phone: Some("+358 50 765 4321"),
                user_subject: Some("demo-applicant-company"),
            },
            DemoContact {
                role: ContactRole::Technical,
                name: "Eeva Lindqvist",
                email: "eeva.lindqvist@example.com",
                phone: Some("+358 50 111 2233"),
                user_subject: None,
            },
            DemoContact {
                role: ContactRole::Invoicing,
                name: "Ostoreskontra",
                email: "invoices@example.com",
                phone: None,
                user_subject: None,
            },
        ],
    },
    DemoOrganisation {
        name: "Pohjois-Suomen väestötutkimus ry",
        business_id: "1618033-3",
        address: "Aapistie 5, 90220 Oulu",
        customer_since: (2014, Month::January, 20),
        ended_on: Some((2021, Month::December, 31)),
        contacts: &[DemoContact {
            role: ContactRole::MainUser,
            name: "Riikka Hämäläinen",
            email: "riikka.hamalainen@example.org",
            phone: None,
            user_subject: None,
        }],
    },
];

fn date((year, month, day): (i32, Month, u8)) -> Result<Date, StoreError> {
    Date::from_calendar_date(year, month, day).map_err(|_| {
        StoreError::Database(sea_orm::DbErr::Custom(
            "a demo organisation has an impossible date".to_owned(),
        ))
    })
}

/// Adds the demo organisations that are missing (by business ID); returns how many. Runs in
/// the demo seeding's transaction, whose audit entry covers it.
pub(super) async fn seed_organisations<C: ConnectionTrait>(conn: &C) -> Result<usize, StoreError> {
    let now = OffsetDateTime::now_utc();
    let mut added = 0;
    for demo in ORGANISATIONS {
        let exists = organisation::Entity::find()
            .filter(organisation::Column::BusinessId.eq(demo.business_id))
            .one(conn)
            .await?
            .is_some();
        if exists {
            continue;
        }
        let id = Uuid::now_v7();
        organisation::Entity::insert(organisation::ActiveModel {
            id: Set(id),
            name: Set(demo.name.to_owned()),
            business_id: Set(demo.business_id.to_owned()),
            address: Set(Some(demo.address.to_owned())),
            customer_since: Set(date(demo.customer_since)?),
            relationship_ended_on: Set(demo.ended_on.map(date).transpose()?),
            contact_data_purged_on: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(conn)
        .await?;
        for contact in demo.contacts {
            organisation_contact::Entity::insert(organisation_contact::ActiveModel {
                id: Set(Uuid::now_v7()),
                organisation_id: Set(id),
                role: Set(contact.role.as_str().to_owned()),
                name: Set(contact.name.to_owned()),
                email: Set(contact.email.to_owned()),
                phone: Set(contact.phone.map(str::to_owned)),
                user_subject: Set(contact.user_subject.map(str::to_owned)),
                created_at: Set(now),
            })
            .exec_without_returning(conn)
            .await?;
        }
        added += 1;
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use tietolupa_domain::organisation::{ContactPersonInput, OrganisationInput};

    use super::*;

    #[test]
    fn every_demo_organisation_and_contact_is_valid() {
        for demo in ORGANISATIONS {
            let input = OrganisationInput {
                name: demo.name.to_owned(),
                business_id: demo.business_id.to_owned(),
                address: Some(demo.address.to_owned()),
                customer_since: date(demo.customer_since).unwrap(),
            };
            assert!(input.validate().is_ok(), "{}", demo.name);
            for contact in demo.contacts {
                let input = ContactPersonInput {
                    name: contact.name.to_owned(),
                    email: contact.email.to_owned(),
                    phone: contact.phone.map(str::to_owned),
                    role: contact.role,
                    user_subject: contact.user_subject.map(str::to_owned),
                };
                assert!(input.validate().is_ok(), "{}", contact.name);
                if let Some(subject) = contact.user_subject {
                    assert!(
                        super::super::demo_users::find(subject).is_some(),
                        "{subject}"
                    );
                }
            }
        }
    }
}

//! What a permit credential says: the permit's current state under a `permit` claim, the
//! registered JWT claims, and a `status` claim pointing into a status list
//! (draft-ietf-oauth-status-list). Built by a pure function from values the store holds.

use serde::{Deserialize, Serialize};
use tietolupa_domain::calendar::helsinki_date;
use tietolupa_domain::permit::PermitStatus;
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// The signed claims of a permit credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermitCredential {
    /// The authority's public URL.
    pub iss: String,
    /// `urn:uuid:` and the permit id: the same for every credential of one permit.
    pub sub: String,
    pub iat: i64,
    pub nbf: i64,
    /// The end of the permit's last valid day in Finland.
    pub exp: i64,
    /// This issuance; a new one for every grant, amendment, revocation, expiry or data
    /// destruction.
    pub jti: String,
    pub status: StatusClaim,
    pub permit: PermitClaims,
}

/// The permit's state when the credential was issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermitClaims {
    pub id: Uuid,
    pub diary_number: String,
    pub holder: Holder,
    pub datasets: Vec<GrantedDataset>,
    pub processing_environment: ProcessingEnvironment,
    pub validity: Validity,
    pub status: PermitStatus,
    /// 0 for the permit as granted, then one more for each accepted amendment.
    pub amendment_version: u32,
    /// The date of the decision in force: the grant's, or the latest amendment's.
    #[serde(with = "iso_date")]
    pub decided_on: Date,
}

/// Who holds the permit. A private person is named, never identified by an identity code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Holder {
    Organisation { name: String, business_id: String },
    Person { name: String },
}

/// One granted data source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantedDataset {
    /// A stable identifier URL of the data source; the GA4GH visa's `value`.
    pub uri: String,
    pub name: String,
    pub data_controller: String,
    pub time_span: DateSpan,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateSpan {
    #[serde(with = "iso_date")]
    pub from: Date,
    #[serde(with = "iso_date")]
    pub until: Date,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessingEnvironment {
    pub name: String,
    pub provider: String,
    pub provider_business_id: String,
}

/// Both days inclusive, as Finnish calendar dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validity {
    #[serde(with = "iso_date")]
    pub from: Date,
    #[serde(with = "iso_date")]
    pub until: Date,
}

/// `{"status_list": {"idx": N, "uri": "..."}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusClaim {
    pub status_list: StatusReference,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusReference {
    pub idx: u64,
    pub uri: String,
}

/// The facts of one issuance that are not the permit's.
#[derive(Debug, Clone)]
pub struct Issuance {
    pub issuer: String,
    pub issued_at: OffsetDateTime,
    pub jti: Uuid,
    pub status: StatusReference,
}

impl PermitCredential {
    /// The credential of `permit` as of this issuance. It is valid from its issue, or
    /// from the start of the permit's first valid day if that is later (a credential is
    /// never backdated), to the end of `validity.until` in Finland.
    pub fn new(permit: PermitClaims, issuance: Issuance) -> PermitCredential {
        let iat = issuance.issued_at.unix_timestamp();
        let nbf = iat.max(start_of_finnish_day(permit.validity.from).unix_timestamp());
        let exp = end_of_finnish_day(permit.validity.until).unix_timestamp();
        PermitCredential {
            iss: issuance.issuer,
            sub: format!("urn:uuid:{}", permit.id),
            iat,
            nbf,
            exp,
            jti: format!("urn:uuid:{}", issuance.jti),
            status: StatusClaim {
                status_list: issuance.status,
            },
            permit,
        }
    }
}

/// The first instant of `date` in Finland (00:00 EET or EEST).
pub fn start_of_finnish_day(date: Date) -> OffsetDateTime {
    // Finland is UTC+2 or UTC+3: 21:00 UTC the day before is midnight in summer, else an
    // hour later.
    let mut at = date.midnight().assume_utc() - Duration::hours(3);
    while helsinki_date(at) < date {
        at += Duration::hours(1);
    }
    at
}

/// The first instant after `date` in Finland.
pub fn end_of_finnish_day(date: Date) -> OffsetDateTime {
    match date.next_day() {
        Some(next) => start_of_finnish_day(next),
        None => Date::MAX.midnight().assume_utc(),
    }
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime};

    use super::*;

    #[test]
    fn finnish_days_start_at_local_midnight_in_summer_and_winter() {
        assert_eq!(
            start_of_finnish_day(date!(2026 - 07 - 01)),
            datetime!(2026-06-30 21:00 UTC)
        );
        assert_eq!(
            start_of_finnish_day(date!(2026 - 12 - 07)),
            datetime!(2026-12-06 22:00 UTC)
        );
        assert_eq!(
            end_of_finnish_day(date!(2026 - 12 - 31)),
            datetime!(2026-12-31 22:00 UTC)
        );
    }

    #[test]
    fn dates_are_iso_strings_and_the_holder_is_tagged() {
        let span = DateSpan {
            from: date!(2010 - 01 - 01),
            until: date!(2025 - 12 - 31),
        };
        assert_eq!(
            serde_json::to_value(span).unwrap(),
            serde_json::json!({"from": "2010-01-01", "until": "2025-12-31"})
        );
        let holder = Holder::Organisation {
            name: "Helsingin yliopisto".into(),
            business_id: "0313471-7".into(),
        };
        assert_eq!(
            serde_json::to_value(holder).unwrap(),
            serde_json::json!({"kind": "organisation", "name": "Helsingin yliopisto",
                "business_id": "0313471-7"})
        );
    }
}

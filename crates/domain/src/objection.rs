//! Objections to the secondary use of one's data (DESIGN.md section 5): the vocabulary and
//! the pure rules. Storage, encryption and audit live in the store.

use std::fmt;

use time::Date;

use crate::hetu::Hetu;

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The wire name used in GraphQL and SQL.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire),+
                }
            }

            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

wire_enum!(
    /// How the objection reached the authority.
    Channel {
        /// Filed by the person (or representative) in the e-service.
        EService => "E_SERVICE",
        /// A letter, recorded by a registry clerk.
        Post => "POST",
        /// At the office, recorded by a registry clerk.
        InPerson => "IN_PERSON",
    }
);

wire_enum!(
    /// On what ground a representative acts for the person.
    RepresentationBasis {
        /// Parent or other guardian of a person under 18.
        GuardianOfMinor => "GUARDIAN_OF_MINOR",
        /// Court-appointed guardian of an adult.
        Guardianship => "GUARDIANSHIP",
        /// A mandate (power of attorney) from the person.
        Mandate => "MANDATE",
    }
);

wire_enum!(
    /// How the identity of whoever filed the objection was verified.
    IdentityVerification {
        /// Strong electronic identification (the token of the e-service).
        StrongEIdentification => "STRONG_E_IDENTIFICATION",
        /// A letter with a notarised (officially certified) signature.
        NotarisedSignature => "NOTARISED_SIGNATURE",
        /// An identity document shown at the office.
        IdDocumentAtOffice => "ID_DOCUMENT_AT_OFFICE",
    }
);

wire_enum!(
    /// An objection is in force from its processing date until it is withdrawn.
    ObjectionStatus {
        InForce => "IN_FORCE",
        Withdrawn => "WITHDRAWN",
    }
);

/// The verification that fits a channel: the e-service means strong e-identification, a
/// letter must carry a notarised signature, a visit means an ID document at the office.
pub fn verification_for(channel: Channel) -> IdentityVerification {
    match channel {
        Channel::EService => IdentityVerification::StrongEIdentification,
        Channel::Post => IdentityVerification::NotarisedSignature,
        Channel::InPerson => IdentityVerification::IdDocumentAtOffice,
    }
}

/// Whether an objection filters a cohort extracted on `extraction_date`.
///
/// It is in force from its processing date, indefinitely, until withdrawn, and it does not
/// reach back: an objection processed after the extraction date does not filter it. An
/// objection withdrawn on or before the extraction date does not filter either; one
/// withdrawn later did filter extractions made while it was in force, so a re-run of an
/// old extraction gives the same result as the original run.
pub fn in_force_on(processed_on: Date, withdrawn_on: Option<Date>, extraction_date: Date) -> bool {
    processed_on <= extraction_date && withdrawn_on.is_none_or(|w| w > extraction_date)
}

/// Why a new objection cannot be accepted as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ObjectionRuleError {
    /// The received date is after the processing date.
    #[error("received date must not be after the processing date")]
    ReceivedAfterProcessed,
    /// A date lies in the future.
    #[error("must not be in the future")]
    FutureDate,
    /// Clerks record letters and visits; the e-service files its own.
    #[error("clerks record objections received by POST or IN_PERSON")]
    ChannelNotRecordable,
    /// The verification does not fit the channel.
    #[error("does not fit the channel")]
    VerificationMismatch,
    /// Guardians of minors represent people under 18 only.
    #[error("the represented person is not a minor")]
    NotAMinor,
    /// A person does not represent themselves.
    #[error("a representative files for someone else")]
    RepresentingSelf,
}

/// Which field a rule error is about, for `VALIDATION` errors.
impl ObjectionRuleError {
    pub fn field(self) -> &'static str {
        match self {
            ObjectionRuleError::ReceivedAfterProcessed => "receivedOn",
            ObjectionRuleError::FutureDate => "processedOn",
            ObjectionRuleError::ChannelNotRecordable => "channel",
            ObjectionRuleError::VerificationMismatch => "identityVerification",
            ObjectionRuleError::NotAMinor => "representationBasis",
            ObjectionRuleError::RepresentingSelf => "identityCode",
        }
    }
}

/// Checks a representative's claim: not for oneself, and a guardian of a minor only for a
/// person under 18 on `today`.
pub fn check_representation(
    representative: Option<&Hetu>,
    person: &Hetu,
    basis: RepresentationBasis,
    today: Date,
) -> Result<(), ObjectionRuleError> {
    if representative == Some(person) {
        return Err(ObjectionRuleError::RepresentingSelf);
    }
    if basis == RepresentationBasis::GuardianOfMinor && !is_minor(person, today) {
        return Err(ObjectionRuleError::NotAMinor);
    }
    Ok(())
}

/// Under 18 on `today`.
pub fn is_minor(person: &Hetu, today: Date) -> bool {
    let born = person.birth_date();
    let mut age = today.year() - born.year();
    if (today.month() as u8, today.day()) < (born.month() as u8, born.day()) {
        age -= 1;
    }
    age < 18
}

/// Checks what a clerk records from a letter or a visit.
pub fn check_recorded(
    channel: Channel,
    verification: IdentityVerification,
    received_on: Date,
    processed_on: Date,
    today: Date,
) -> Result<(), ObjectionRuleError> {
    if channel == Channel::EService {
        return Err(ObjectionRuleError::ChannelNotRecordable);
    }
    if verification != verification_for(channel) {
        return Err(ObjectionRuleError::VerificationMismatch);
    }
    if processed_on > today {
        return Err(ObjectionRuleError::FutureDate);
    }
    if received_on > processed_on {
        return Err(ObjectionRuleError::ReceivedAfterProcessed);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hetu::HetuPolicy;
    use time::macros::date;

    #[test]
    fn in_force_from_processing_until_withdrawal() {
        let processed = date!(2026 - 03 - 10);
        assert!(!in_force_on(processed, None, date!(2026 - 03 - 09)));
        assert!(in_force_on(processed, None, processed));
        assert!(in_force_on(processed, None, date!(2040 - 01 - 01)));
        let withdrawn = Some(date!(2026 - 05 - 01));
        assert!(in_force_on(processed, withdrawn, date!(2026 - 04 - 30)));
        assert!(!in_force_on(processed, withdrawn, date!(2026 - 05 - 01)));
        assert!(!in_force_on(processed, withdrawn, date!(2026 - 06 - 01)));
    }

    #[test]
    fn wire_names_round_trip() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Some(*c));
        }
        for b in RepresentationBasis::ALL {
            assert_eq!(RepresentationBasis::parse(b.as_str()), Some(*b));
        }
        for v in IdentityVerification::ALL {
            assert_eq!(IdentityVerification::parse(v.as_str()), Some(*v));
        }
        for s in ObjectionStatus::ALL {
            assert_eq!(ObjectionStatus::parse(s.as_str()), Some(*s));
        }
        assert_eq!(Channel::parse("post"), None);
    }

    #[test]
    fn clerks_record_letters_and_visits_with_fitting_verification() {
        let today = date!(2026 - 11 - 23);
        let ok = |c, v| check_recorded(c, v, today, today, today);
        assert_eq!(
            ok(Channel::Post, IdentityVerification::NotarisedSignature),
            Ok(())
        );
        assert_eq!(
            ok(Channel::InPerson, IdentityVerification::IdDocumentAtOffice),
            Ok(())
        );
        assert_eq!(
            ok(Channel::Post, IdentityVerification::IdDocumentAtOffice),
            Err(ObjectionRuleError::VerificationMismatch)
        );
        assert_eq!(
            ok(
                Channel::EService,
                IdentityVerification::StrongEIdentification
            ),
            Err(ObjectionRuleError::ChannelNotRecordable)
        );
        let post = (Channel::Post, IdentityVerification::NotarisedSignature);
        assert_eq!(
            check_recorded(post.0, post.1, today, date!(2026 - 11 - 24), today),
            Err(ObjectionRuleError::FutureDate)
        );
        assert_eq!(
            check_recorded(post.0, post.1, today, date!(2026 - 11 - 20), today),
            Err(ObjectionRuleError::ReceivedAfterProcessed)
        );
    }

    #[test]
    fn guardians_of_minors_represent_minors_only() {
        let policy = HetuPolicy::ALLOW_TEMPORARY;
        let child = Hetu::compose(date!(2015 - 06 - 01), 'A', 950, policy).unwrap();
        let adult = Hetu::parse("150275-901P", policy).unwrap();
        let today = date!(2026 - 11 - 23);
        assert!(is_minor(&child, today));
        assert!(!is_minor(&adult, today));
        // The 18th birthday is the first day of adulthood.
        let eighteen = Hetu::compose(date!(2008 - 11 - 23), 'A', 950, policy).unwrap();
        assert!(!is_minor(&eighteen, today));
        assert!(is_minor(&eighteen, date!(2026 - 11 - 22)));
        let basis = RepresentationBasis::GuardianOfMinor;
        assert_eq!(
            check_representation(Some(&adult), &child, basis, today),
            Ok(())
        );
        assert_eq!(
            check_representation(Some(&child), &adult, basis, today),
            Err(ObjectionRuleError::NotAMinor)
        );
        assert_eq!(
            check_representation(Some(&adult), &adult, RepresentationBasis::Mandate, today),
            Err(ObjectionRuleError::RepresentingSelf)
        );
    }
}

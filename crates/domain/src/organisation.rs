//! The organisation register (DESIGN.md section 12): customer organisations, their contact
//! persons by role, and the rule that deletes the contact data ten years after the customer
//! relationship ended.

use time::Date;

use crate::application::FieldProblem;
use crate::application::content::is_email;
use crate::business_id::BusinessId;
use crate::calendar::add_months;

/// Validation messages of the register, named so that they can be translated by key.
/// The register's messages, named for the call sites; texts in `crate::error_text`.
pub mod messages {
    use crate::MessageKey;

    pub const REQUIRED: MessageKey = MessageKey::Required;
    pub const TOO_LONG: MessageKey = MessageKey::MaxChars {
        max: super::MAX_TEXT,
    };
    pub const NOT_AN_EMAIL: MessageKey = MessageKey::NotAnEmail;
    pub const NOT_A_PHONE_NUMBER: MessageKey = MessageKey::NotAPhoneNumber;
    pub const ENDED_BEFORE_CUSTOMER_SINCE: MessageKey = MessageKey::EndedBeforeCustomerSince;
    pub const ALREADY_ENDED: MessageKey = MessageKey::RelationshipAlreadyEnded;
    pub const CONTACT_DATA_PURGED: MessageKey = MessageKey::ContactDataPurged;
    pub const BUSINESS_ID_TAKEN: MessageKey = MessageKey::BusinessIdTaken;
    pub const NOT_MAIN_USER: MessageKey = MessageKey::NotMainUser;
    pub const NOT_YOUR_ORGANISATION: MessageKey = MessageKey::NotYourOrganisation;
}

/// Contact data is deleted this many years after the customer relationship ended.
pub const CONTACT_DATA_RETENTION_YEARS: u32 = 10;

const MAX_TEXT: usize = 300;

/// What a contact person is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContactRole {
    /// The organisation's administrator in Tietolupa: manages its contact persons.
    MainUser,
    Technical,
    DataProtectionOfficer,
    /// Receives the invoices of the organisation's fees.
    Invoicing,
}

impl ContactRole {
    pub const ALL: [ContactRole; 4] = [
        ContactRole::MainUser,
        ContactRole::Technical,
        ContactRole::DataProtectionOfficer,
        ContactRole::Invoicing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ContactRole::MainUser => "MAIN_USER",
            ContactRole::Technical => "TECHNICAL",
            ContactRole::DataProtectionOfficer => "DATA_PROTECTION_OFFICER",
            ContactRole::Invoicing => "INVOICING",
        }
    }

    pub fn parse(s: &str) -> Option<ContactRole> {
        ContactRole::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// What staff enter about an organisation, before validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationInput {
    pub name: String,
    pub business_id: String,
    pub address: Option<String>,
    pub customer_since: Date,
}

/// An organisation's own facts, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationDetails {
    pub name: String,
    pub business_id: BusinessId,
    pub address: Option<String>,
    pub customer_since: Date,
}

impl OrganisationInput {
    /// Every problem at once, with the GraphQL field names.
    pub fn validate(self) -> Result<OrganisationDetails, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let name = required_text(&mut problems, "name", &self.name);
        let address = optional_text(&mut problems, "address", self.address.as_deref());
        let business_id = BusinessId::parse(&self.business_id)
            .map_err(|e| problems.push(FieldProblem::new("businessId", e.into())))
            .ok();
        match business_id {
            Some(business_id) if problems.is_empty() => Ok(OrganisationDetails {
                name,
                business_id,
                address,
                customer_since: self.customer_since,
            }),
            _ => Err(problems),
        }
    }
}

/// A contact person as entered, before validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactPersonInput {
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub role: ContactRole,
    /// The signed-in user (token `sub`) this person is, if they use Tietolupa: a
    /// `MAIN_USER` with a subject is recognised as the organisation's administrator.
    pub user_subject: Option<String>,
}

/// A contact person, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactPersonDetails {
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub role: ContactRole,
    pub user_subject: Option<String>,
}

impl ContactPersonInput {
    pub fn validate(self) -> Result<ContactPersonDetails, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let name = required_text(&mut problems, "name", &self.name);
        let email = required_text(&mut problems, "email", &self.email);
        if !email.is_empty() && !is_email(&email) {
            problems.push(FieldProblem::new("email", messages::NOT_AN_EMAIL));
        }
        let phone = optional_text(&mut problems, "phone", self.phone.as_deref());
        if let Some(phone) = &phone
            && !is_phone_number(phone)
        {
            problems.push(FieldProblem::new("phone", messages::NOT_A_PHONE_NUMBER));
        }
        let user_subject =
            optional_text(&mut problems, "userSubject", self.user_subject.as_deref());
        if problems.is_empty() {
            Ok(ContactPersonDetails {
                name,
                email,
                phone,
                role: self.role,
                user_subject,
            })
        } else {
            Err(problems)
        }
    }
}

fn required_text(problems: &mut Vec<FieldProblem>, field: &str, value: &str) -> String {
    let value = value.trim();
    if value.is_empty() {
        problems.push(FieldProblem::new(field, messages::REQUIRED));
    } else if value.chars().count() > MAX_TEXT {
        problems.push(FieldProblem::new(field, messages::TOO_LONG));
    }
    value.to_owned()
}

/// Blank is none.
fn optional_text(
    problems: &mut Vec<FieldProblem>,
    field: &str,
    value: Option<&str>,
) -> Option<String> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    if value.chars().count() > MAX_TEXT {
        problems.push(FieldProblem::new(field, messages::TOO_LONG));
    }
    Some(value.to_owned())
}

fn is_phone_number(s: &str) -> bool {
    let digits = s.strip_prefix('+').unwrap_or(s);
    digits.chars().filter(char::is_ascii_digit).count() >= 5
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
}

/// Why ending a customer relationship is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndRelationshipError {
    /// It has already ended (an [`messages::ALREADY_ENDED`] transition error).
    AlreadyEnded,
    /// The end date is before the relationship began (field `endedOn`).
    BeforeCustomerSince,
}

/// Checks that a relationship that began on `customer_since` and has `ended_on` (if any)
/// may end on `end`.
pub fn end_relationship(
    customer_since: Date,
    ended_on: Option<Date>,
    end: Date,
) -> Result<Date, EndRelationshipError> {
    if ended_on.is_some() {
        return Err(EndRelationshipError::AlreadyEnded);
    }
    if end < customer_since {
        return Err(EndRelationshipError::BeforeCustomerSince);
    }
    Ok(end)
}

/// The day the contact data of a relationship that ended on `ended_on` is due for deletion:
/// ten years later, counted as Finnish law counts periods in years (the same day number,
/// or the month's last day when that day does not exist: 29 February 2024 gives
/// 28 February 2034).
pub fn contact_data_due_on(ended_on: Date) -> Date {
    add_months(ended_on, CONTACT_DATA_RETENTION_YEARS * 12)
}

/// Whether the contact data is due for deletion on `today`. A relationship that has not
/// ended never is.
pub fn contact_data_due(ended_on: Option<Date>, today: Date) -> bool {
    ended_on.is_some_and(|ended| contact_data_due_on(ended) <= today)
}

/// Whether the signed-in user `subject` is a main user (administrator) among `contacts`.
pub fn is_main_user<'a>(
    subject: &str,
    contacts: impl IntoIterator<Item = (&'a ContactRole, Option<&'a str>)>,
) -> bool {
    contacts
        .into_iter()
        .any(|(role, user)| *role == ContactRole::MainUser && user == Some(subject))
}

/// Why an applicant may not act for an organisation (field `organisationId`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActingRefusal {
    /// The applicant is not one of its contact persons (or it does not exist: the two are
    /// told apart by nobody but the register's staff).
    NotContactPerson,
    /// Its customer relationship has ended: it no longer applies for anything.
    RelationshipEnded,
}

impl From<ActingRefusal> for crate::MessageKey {
    fn from(refusal: ActingRefusal) -> Self {
        match refusal {
            ActingRefusal::NotContactPerson => messages::NOT_YOUR_ORGANISATION,
            ActingRefusal::RelationshipEnded => messages::ALREADY_ENDED,
        }
    }
}

/// Whether a relationship that ended on `ended_on` (if it has) is still in force on
/// `today`: the end date is the first day without it.
pub fn relationship_in_force(ended_on: Option<Date>, today: Date) -> bool {
    ended_on.is_none_or(|ended| today < ended)
}

/// Whether the signed-in user `subject` may act for an organisation whose contact persons
/// are signed in as `contact_subjects`: they must be one of them, of an organisation that
/// is still a customer on `today`.
pub fn may_act_for<'a>(
    subject: &str,
    contact_subjects: impl IntoIterator<Item = Option<&'a str>>,
    relationship_ended_on: Option<Date>,
    today: Date,
) -> Result<(), ActingRefusal> {
    if !contact_subjects.into_iter().any(|s| s == Some(subject)) {
        return Err(ActingRefusal::NotContactPerson);
    }
    if !relationship_in_force(relationship_ended_on, today) {
        return Err(ActingRefusal::RelationshipEnded);
    }
    Ok(())
}

/// Where the notice of a decision's fee goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeeRecipient<'a> {
    /// The organisation's first invoicing contact, at this address.
    InvoicingContact { email: &'a str },
    /// The organisation has no invoicing contact: the applicant gets the notice to pass
    /// on, and staff see that it went there.
    Applicant,
}

/// The recipient of the fee notice of an organisation whose contact persons are
/// `(role, email)`, in the order they were added.
pub fn fee_recipient<'a>(
    contacts: impl IntoIterator<Item = (ContactRole, &'a str)>,
) -> FeeRecipient<'a> {
    contacts
        .into_iter()
        .find(|(role, email)| *role == ContactRole::Invoicing && !email.trim().is_empty())
        .map_or(FeeRecipient::Applicant, |(_, email)| {
            FeeRecipient::InvoicingContact { email }
        })
}

/// The organisation whose invoicing is told of a decision's fee: only a fee to pay, on an
/// application made for an organisation (a private person pays as the decision says).
pub fn fee_notice_due<T>(fee_cents: i64, acting_for: Option<T>) -> Option<T> {
    acting_for.filter(|_| fee_cents > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MessageKey;
    use time::macros::date;

    fn organisation() -> OrganisationInput {
        OrganisationInput {
            name: " Helsingin yliopisto ".into(),
            business_id: "0313471-7".into(),
            address: Some("PL 33, 00014 Helsingin yliopisto".into()),
            customer_since: date!(2020 - 01 - 15),
        }
    }

    fn contact() -> ContactPersonInput {
        ContactPersonInput {
            name: "Aino Virtanen".into(),
            email: "aino.virtanen@example.fi".into(),
            phone: Some("+358 40 123 4567".into()),
            role: ContactRole::MainUser,
            user_subject: Some("demo-applicant-researcher".into()),
        }
    }

    #[test]
    fn a_valid_organisation_is_trimmed() {
        let details = organisation().validate().unwrap();
        assert_eq!(details.name, "Helsingin yliopisto");
        assert_eq!(details.business_id.as_str(), "0313471-7");
    }

    #[test]
    fn every_problem_of_an_organisation_is_reported() {
        let input = OrganisationInput {
            name: "  ".into(),
            business_id: "0313471-8".into(),
            address: Some("x".repeat(301)),
            customer_since: date!(2020 - 01 - 15),
        };
        let problems = input.validate().unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["name", "address", "businessId"]);
        assert_eq!(
            problems[2].message,
            MessageKey::from(BusinessId::parse("0313471-8").unwrap_err())
        );
    }

    #[test]
    fn a_blank_address_is_none() {
        let mut input = organisation();
        input.address = Some("  ".into());
        assert_eq!(input.validate().unwrap().address, None);
    }

    #[test]
    fn contact_persons_are_validated() {
        assert!(contact().validate().is_ok());
        let input = ContactPersonInput {
            name: String::new(),
            email: "not-an-email".into(),
            phone: Some("call me".into()),
            role: ContactRole::Invoicing,
            user_subject: None,
        };
        let problems = input.validate().unwrap_err();
        let fields: Vec<(&str, MessageKey)> = problems
            .iter()
            .map(|p| (p.field.as_str(), p.message.clone()))
            .collect();
        assert_eq!(
            fields,
            [
                ("name", messages::REQUIRED),
                ("email", messages::NOT_AN_EMAIL),
                ("phone", messages::NOT_A_PHONE_NUMBER),
            ]
        );
    }

    #[test]
    fn contact_roles_round_trip() {
        for role in ContactRole::ALL {
            assert_eq!(ContactRole::parse(role.as_str()), Some(role));
        }
        assert_eq!(ContactRole::parse("main_user"), None);
    }

    #[test]
    fn a_relationship_ends_once_and_not_before_it_began() {
        let since = date!(2020 - 01 - 15);
        assert_eq!(
            end_relationship(since, None, date!(2020 - 01 - 15)),
            Ok(date!(2020 - 01 - 15))
        );
        assert_eq!(
            end_relationship(since, None, date!(2020 - 01 - 14)),
            Err(EndRelationshipError::BeforeCustomerSince)
        );
        assert_eq!(
            end_relationship(since, Some(date!(2021 - 01 - 01)), date!(2022 - 01 - 01)),
            Err(EndRelationshipError::AlreadyEnded)
        );
    }

    #[test]
    fn contact_data_is_due_ten_years_after_the_end_to_the_day() {
        let ended = Some(date!(2016 - 03 - 15));
        assert!(!contact_data_due(ended, date!(2026 - 03 - 14)));
        assert!(contact_data_due(ended, date!(2026 - 03 - 15)));
        assert!(contact_data_due(ended, date!(2027 - 01 - 01)));
        assert!(!contact_data_due(None, date!(2999 - 12 - 31)));
    }

    #[test]
    fn the_twenty_ninth_of_february_counts_to_the_last_day_of_february() {
        assert_eq!(
            contact_data_due_on(date!(2024 - 02 - 29)),
            date!(2034 - 02 - 28)
        );
        assert!(!contact_data_due(
            Some(date!(2024 - 02 - 29)),
            date!(2034 - 02 - 27)
        ));
        assert!(contact_data_due(
            Some(date!(2024 - 02 - 29)),
            date!(2034 - 02 - 28)
        ));
        assert_eq!(
            contact_data_due_on(date!(2020 - 02 - 29)),
            date!(2030 - 02 - 28)
        );
        assert_eq!(
            contact_data_due_on(date!(2018 - 02 - 28)),
            date!(2028 - 02 - 28)
        );
        assert_eq!(
            contact_data_due_on(date!(2018 - 12 - 31)),
            date!(2028 - 12 - 31)
        );
    }

    #[test]
    fn only_a_main_user_with_the_subject_administers() {
        let contacts = [
            (ContactRole::Technical, Some("t")),
            (ContactRole::MainUser, Some("m")),
            (ContactRole::MainUser, None),
        ];
        let view = || contacts.iter().map(|(r, s)| (r, *s));
        assert!(is_main_user("m", view()));
        assert!(!is_main_user("t", view()));
        assert!(!is_main_user("x", view()));
    }

    #[test]
    fn only_a_contact_person_of_a_current_customer_acts_for_it() {
        let today = date!(2026 - 12 - 06);
        let contacts = [Some("aino"), None, Some("mikko")];
        assert_eq!(may_act_for("aino", contacts, None, today), Ok(()));
        assert_eq!(
            may_act_for("eero", contacts, None, today),
            Err(ActingRefusal::NotContactPerson)
        );
        assert_eq!(
            may_act_for("mikko", contacts, Some(date!(2026 - 12 - 07)), today),
            Ok(())
        );
        assert_eq!(
            may_act_for("mikko", contacts, Some(today), today),
            Err(ActingRefusal::RelationshipEnded)
        );
        // Not being a contact person is told first: an outsider learns nothing of the
        // organisation's relationship.
        assert_eq!(
            may_act_for("eero", contacts, Some(date!(2020 - 01 - 01)), today),
            Err(ActingRefusal::NotContactPerson)
        );
        assert_eq!(
            MessageKey::from(ActingRefusal::RelationshipEnded),
            messages::ALREADY_ENDED
        );
    }

    #[test]
    fn the_fee_notice_goes_to_the_first_invoicing_contact_or_the_applicant() {
        let contacts = [
            (ContactRole::MainUser, "main@example.fi"),
            (ContactRole::Invoicing, " "),
            (ContactRole::Invoicing, "laskut@example.fi"),
            (ContactRole::Invoicing, "toinen@example.fi"),
        ];
        assert_eq!(
            fee_recipient(contacts),
            FeeRecipient::InvoicingContact {
                email: "laskut@example.fi"
            }
        );
        assert_eq!(
            fee_recipient([(ContactRole::Technical, "t@example.fi")]),
            FeeRecipient::Applicant
        );
        assert_eq!(fee_notice_due(35_000, Some("hy")), Some("hy"));
        assert_eq!(fee_notice_due(0, Some("hy")), None);
        assert_eq!(fee_notice_due::<&str>(100_000, None), None);
    }
}

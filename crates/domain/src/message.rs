//! The messages the authority sends (DESIGN.md section 8): their kinds, who each is for,
//! and when the reminders fall due.
//!
//! A message tells that something happened and links to where it can be read. It never
//! carries the content itself: no identity code, research plan, remark or question text.

use time::{Date, Duration};

use crate::application::kind::wire_names;

/// What a message is about. The wire name is stored in the outbox and picks the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageKind {
    /// To the applicant: the application arrived and has a diary number.
    ApplicationReceived,
    /// To the applicant: the presenter asks for more information.
    InformationRequested,
    /// To the applicant: an information request is still unanswered.
    InformationReminder,
    /// To the applicant: the decision on the application is made.
    DecisionMade,
    /// To the permit holder: the decision on their amendment is made.
    AmendmentDecided,
    /// To the permit holder: the permit ends soon.
    PermitExpiryReminder,
    /// To the permit holder: a director revoked the permit.
    PermitRevoked,
    /// To the presenter: the director returned the proposal for preparation.
    CaseReturned,
    /// To the presenter: the applicant answered the information request.
    InformationAnswered,
    /// To the presenter: the decision is due soon.
    DeadlineApproaching,
    /// To the Director(s): a proposal waits for a decision.
    ProposalWaiting,
    /// To the applicant: a draft left untouched is deleted soon unless saved.
    DraftDeletionReminder,
    /// To the invoicing contact of the organisation an application acts for (or, when it
    /// has none, to the applicant): the decision's fee.
    FeeNotice,
    /// To the presenter of the granting case: a delivery order is past its due date and the
    /// controller's data has not arrived (once per order and due date).
    DeliveryOrderOverdue,
}

wire_names!(MessageKind {
    ApplicationReceived => "APPLICATION_RECEIVED",
    InformationRequested => "INFORMATION_REQUESTED",
    InformationReminder => "INFORMATION_REMINDER",
    DecisionMade => "DECISION_MADE",
    AmendmentDecided => "AMENDMENT_DECIDED",
    PermitExpiryReminder => "PERMIT_EXPIRY_REMINDER",
    PermitRevoked => "PERMIT_REVOKED",
    CaseReturned => "CASE_RETURNED",
    InformationAnswered => "INFORMATION_ANSWERED",
    DeadlineApproaching => "DEADLINE_APPROACHING",
    ProposalWaiting => "PROPOSAL_WAITING",
    DraftDeletionReminder => "DRAFT_DELETION_REMINDER",
    FeeNotice => "FEE_NOTICE",
    DeliveryOrderOverdue => "DELIVERY_ORDER_OVERDUE",
});

/// Who a kind of message is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The applicant or permit holder (the application's contact address first).
    Applicant,
    /// The case's presenter.
    Presenter,
    /// Every Director, or the directors' group address.
    Directors,
    /// An organisation's invoicing contact.
    Invoicing,
}

impl MessageKind {
    pub const ALL: [MessageKind; 14] = [
        MessageKind::ApplicationReceived,
        MessageKind::InformationRequested,
        MessageKind::InformationReminder,
        MessageKind::DecisionMade,
        MessageKind::AmendmentDecided,
        MessageKind::PermitExpiryReminder,
        MessageKind::PermitRevoked,
        MessageKind::CaseReturned,
        MessageKind::InformationAnswered,
        MessageKind::DeadlineApproaching,
        MessageKind::ProposalWaiting,
        MessageKind::DraftDeletionReminder,
        MessageKind::FeeNotice,
        MessageKind::DeliveryOrderOverdue,
    ];

    pub fn audience(self) -> Audience {
        match self {
            MessageKind::CaseReturned
            | MessageKind::InformationAnswered
            | MessageKind::DeadlineApproaching
            | MessageKind::DeliveryOrderOverdue => Audience::Presenter,
            MessageKind::ProposalWaiting => Audience::Directors,
            MessageKind::FeeNotice => Audience::Invoicing,
            _ => Audience::Applicant,
        }
    }
}

/// Days after an information request the applicant is reminded, unless configured.
pub const DEFAULT_INFORMATION_REMINDER_DAYS: u32 = 7;
/// Days before the decision is due the presenter is warned, unless configured.
pub const DEFAULT_DEADLINE_WARNING_DAYS: u32 = 14;

/// When the reminders fall due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReminderPolicy {
    /// An information request unanswered this many days is reminded of (once).
    pub information_reminder_days: u32,
    /// The presenter is warned this many days before the decision is due (once per
    /// deadline: an extension or a pause moves the deadline and warns again).
    pub deadline_warning_days: u32,
}

impl Default for ReminderPolicy {
    fn default() -> Self {
        ReminderPolicy {
            information_reminder_days: DEFAULT_INFORMATION_REMINDER_DAYS,
            deadline_warning_days: DEFAULT_DEADLINE_WARNING_DAYS,
        }
    }
}

impl ReminderPolicy {
    /// Requests made on or before this day are due a reminder on `today`.
    pub fn information_requested_on_or_before(&self, today: Date) -> Date {
        today - Duration::days(i64::from(self.information_reminder_days))
    }

    /// Deadlines from `today` up to this day are due a warning on `today`. A deadline
    /// already passed is not warned of: the case shows as overdue instead.
    pub fn deadlines_until(&self, today: Date) -> Date {
        today + Duration::days(i64::from(self.deadline_warning_days))
    }

    /// Whether a running clock due on `due_on` is in the warning window on `today`: the
    /// window of [`Self::deadlines_until`], which the queue marks as due soon.
    pub fn warns_of(&self, due_on: Date, today: Date) -> bool {
        today <= due_on && due_on <= self.deadlines_until(today)
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn every_kind_has_a_wire_name_that_parses_back() {
        for kind in MessageKind::ALL {
            assert_eq!(MessageKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(MessageKind::parse("NOPE"), None);
    }

    #[test]
    fn the_default_policy_reminds_after_a_week_and_warns_two_weeks_ahead() {
        let policy = ReminderPolicy::default();
        let today = date!(2026 - 12 - 20);
        assert_eq!(
            policy.information_requested_on_or_before(today),
            date!(2026 - 12 - 13)
        );
        assert_eq!(policy.deadlines_until(today), date!(2027 - 01 - 03));
    }

    #[test]
    fn the_warning_window_runs_from_today_to_the_last_warned_day() {
        let policy = ReminderPolicy {
            deadline_warning_days: 3,
            ..ReminderPolicy::default()
        };
        let today = date!(2026 - 12 - 20);
        assert!(
            !policy.warns_of(date!(2026 - 12 - 19), today),
            "overdue instead"
        );
        assert!(policy.warns_of(today, today));
        assert!(policy.warns_of(date!(2026 - 12 - 23), today));
        assert!(!policy.warns_of(date!(2026 - 12 - 24), today));
    }

    #[test]
    fn staff_messages_go_to_staff() {
        assert_eq!(MessageKind::ProposalWaiting.audience(), Audience::Directors);
        assert_eq!(MessageKind::CaseReturned.audience(), Audience::Presenter);
        assert_eq!(MessageKind::DecisionMade.audience(), Audience::Applicant);
    }
}

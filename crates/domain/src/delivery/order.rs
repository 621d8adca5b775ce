//! Delivery orders as pure rules: the states, which step may follow which, the due date
//! and when an order is overdue.
//!
//! ```text
//! ORDERED ─receive→ RECEIVED ─prepare→ PREPARED ─deliver→ DELIVERED
//!    └──────────────────┴────────cancel────┴──→ CANCELLED
//! ```
//! Preparing again (a corrected dataset) keeps an order PREPARED. DELIVERED and CANCELLED
//! are final.

use serde::{Deserialize, Serialize};
use time::{Date, Duration};

use crate::application::ApplicationKind;
use crate::application::kind::wire_names;
use crate::error_text::MessageKey;
use crate::permit::PermitStatus;

/// Days from extraction to the controller's due date when configuration says nothing.
pub const DEFAULT_DUE_DAYS: u32 = 30;

/// The longest cancellation reason kept, in characters: as long as a revocation reason,
/// which cancels a permit's orders.
pub const MAX_CANCELLATION_REASON: usize = crate::application::content::MAX_TEXT;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DeliveryOrderState {
    /// Sent to the data controller; the data is awaited.
    Ordered,
    /// The controller's data has arrived at the authority.
    Received,
    /// Filtered of objectors and pseudonymised (a preparation run).
    Prepared,
    /// In the permit's named processing environment (or, for a data request, the
    /// statistics with the requester).
    Delivered,
    /// Not to be delivered: the permit was revoked, an amendment removed the source, or a
    /// handler cancelled it, with a reason.
    Cancelled,
}

wire_names!(DeliveryOrderState {
    Ordered => "ORDERED",
    Received => "RECEIVED",
    Prepared => "PREPARED",
    Delivered => "DELIVERED",
    Cancelled => "CANCELLED",
});

impl DeliveryOrderState {
    pub const ALL: [DeliveryOrderState; 5] = [
        DeliveryOrderState::Ordered,
        DeliveryOrderState::Received,
        DeliveryOrderState::Prepared,
        DeliveryOrderState::Delivered,
        DeliveryOrderState::Cancelled,
    ];

    /// Still on its way: neither delivered nor cancelled.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            DeliveryOrderState::Delivered | DeliveryOrderState::Cancelled
        )
    }
}

/// A step of an order, as its history and audit log name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryStep {
    Create,
    Receive,
    Prepare,
    Deliver,
    Cancel,
}

wire_names!(DeliveryStep {
    Create => "CREATE",
    Receive => "RECEIVE",
    Prepare => "PREPARE",
    Deliver => "DELIVER",
    Cancel => "CANCEL",
});

impl DeliveryStep {
    /// The audit log's action, `delivery_order.<step>`.
    pub fn audit_action(self) -> &'static str {
        match self {
            DeliveryStep::Create => "delivery_order.create",
            DeliveryStep::Receive => "delivery_order.receive",
            DeliveryStep::Prepare => "delivery_order.prepare",
            DeliveryStep::Deliver => "delivery_order.deliver",
            DeliveryStep::Cancel => "delivery_order.cancel",
        }
    }
}

/// Why a step is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeliveryRefusal {
    /// The step does not follow from the order's state.
    #[error("not possible while the delivery order is {}", .0.as_str())]
    NotInState(DeliveryOrderState),
    /// A data permit's order is delivered into the permit's named environment; there is none.
    #[error("no processing environment to deliver into")]
    NoEnvironment,
    /// A permit's data is delivered only while the permit is active.
    #[error("the permit is not active")]
    PermitNotActive,
    /// A data request's statistics reach the requester only by their release after output
    /// checking, which delivers the order in the same step.
    #[error("a data request's statistics are delivered by releasing them")]
    StatisticsDeliveredByRelease,
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: MessageKey,
    },
}

impl DeliveryRefusal {
    /// What the refusal says to the caller.
    pub fn message(&self) -> MessageKey {
        match self {
            DeliveryRefusal::NotInState(state) => MessageKey::DeliveryOrderNotPossibleInState {
                state: state.as_str(),
            },
            DeliveryRefusal::NoEnvironment => MessageKey::DeliveryNeedsEnvironment,
            DeliveryRefusal::PermitNotActive => MessageKey::DeliveryNeedsActivePermit,
            DeliveryRefusal::StatisticsDeliveredByRelease => {
                MessageKey::DeliveryStatisticsByRelease
            }
            DeliveryRefusal::Invalid { message, .. } => message.clone(),
        }
    }
}

/// The controller's data has arrived: only an ORDERED order can receive it.
pub fn receive(state: DeliveryOrderState) -> Result<DeliveryOrderState, DeliveryRefusal> {
    match state {
        DeliveryOrderState::Ordered => Ok(DeliveryOrderState::Received),
        other => Err(DeliveryRefusal::NotInState(other)),
    }
}

/// A preparation run finished: from RECEIVED, or again from PREPARED when a corrected
/// dataset is prepared.
pub fn prepare(state: DeliveryOrderState) -> Result<DeliveryOrderState, DeliveryRefusal> {
    match state {
        DeliveryOrderState::Received | DeliveryOrderState::Prepared => {
            Ok(DeliveryOrderState::Prepared)
        }
        other => Err(DeliveryRefusal::NotInState(other)),
    }
}

/// A handler marks the prepared data delivered into the permit's environment
/// (`has_environment`: the permit names one). A data request's statistics are never marked
/// delivered by hand: releasing them after output checking does it ([`release_statistics`]),
/// so the requester never holds statistics nobody checked.
pub fn deliver(
    state: DeliveryOrderState,
    kind: ApplicationKind,
    has_environment: bool,
) -> Result<DeliveryOrderState, DeliveryRefusal> {
    if kind == ApplicationKind::DataRequest {
        return Err(DeliveryRefusal::StatisticsDeliveredByRelease);
    }
    match state {
        DeliveryOrderState::Prepared if !has_environment => Err(DeliveryRefusal::NoEnvironment),
        DeliveryOrderState::Prepared => Ok(DeliveryOrderState::Delivered),
        other => Err(DeliveryRefusal::NotInState(other)),
    }
}

/// The authority submits a data request's statistics for output checking once the
/// controllers' data has arrived: from RECEIVED or PREPARED (aggregates need no
/// pseudonymisation run, but one may have been made).
pub fn accept_statistics(state: DeliveryOrderState) -> Result<(), DeliveryRefusal> {
    match state {
        DeliveryOrderState::Received | DeliveryOrderState::Prepared => Ok(()),
        other => Err(DeliveryRefusal::NotInState(other)),
    }
}

/// Releasing checked statistics delivers the data request's order: the new state, or `None`
/// when it is already DELIVERED (a corrected table released later). A cancelled order's
/// statistics are not released.
pub fn release_statistics(
    state: DeliveryOrderState,
) -> Result<Option<DeliveryOrderState>, DeliveryRefusal> {
    match state {
        DeliveryOrderState::Received | DeliveryOrderState::Prepared => {
            Ok(Some(DeliveryOrderState::Delivered))
        }
        DeliveryOrderState::Delivered => Ok(None),
        other => Err(DeliveryRefusal::NotInState(other)),
    }
}

/// A permit's data goes into its environment only while the permit is active on the day
/// (expired, revoked, destroyed or combined permits receive nothing more).
pub fn check_permit_for_delivery(status: PermitStatus) -> Result<(), DeliveryRefusal> {
    if status == PermitStatus::Active {
        Ok(())
    } else {
        Err(DeliveryRefusal::PermitNotActive)
    }
}

/// Cancel an open order with a reason; returns the state and the trimmed reason.
pub fn cancel(
    state: DeliveryOrderState,
    reason: &str,
) -> Result<(DeliveryOrderState, String), DeliveryRefusal> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(DeliveryRefusal::Invalid {
            field: "reason",
            message: MessageKey::Required,
        });
    }
    if reason.chars().count() > MAX_CANCELLATION_REASON {
        return Err(DeliveryRefusal::Invalid {
            field: "reason",
            message: MessageKey::MaxChars {
                max: MAX_CANCELLATION_REASON,
            },
        });
    }
    if !state.is_open() {
        return Err(DeliveryRefusal::NotInState(state));
    }
    Ok((DeliveryOrderState::Cancelled, reason.to_owned()))
}

/// The controller's due date: `due_days` calendar days after extraction.
pub fn due_date(extraction_date: Date, due_days: u32) -> Date {
    extraction_date
        .checked_add(Duration::days(i64::from(due_days)))
        .unwrap_or(Date::MAX)
}

/// Overdue: the due date has passed and the controller's data has not arrived. Once
/// received, the authority's own steps are not the controller's delay.
pub fn is_overdue(state: DeliveryOrderState, due_date: Date, today: Date) -> bool {
    state == DeliveryOrderState::Ordered && today > due_date
}

/// Days until the due date: 0 on the day, negative once past.
pub fn days_left(due_date: Date, today: Date) -> i64 {
    (due_date - today).whole_days()
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::DeliveryOrderState::*;
    use super::*;

    #[test]
    fn receive_only_from_ordered() {
        assert_eq!(receive(Ordered), Ok(Received));
        for state in [Received, Prepared, Delivered, Cancelled] {
            assert_eq!(receive(state), Err(DeliveryRefusal::NotInState(state)));
        }
    }

    #[test]
    fn prepare_from_received_or_again_from_prepared() {
        assert_eq!(prepare(Received), Ok(Prepared));
        assert_eq!(prepare(Prepared), Ok(Prepared));
        for state in [Ordered, Delivered, Cancelled] {
            assert_eq!(prepare(state), Err(DeliveryRefusal::NotInState(state)));
        }
    }

    #[test]
    fn deliver_only_prepared_and_into_an_environment() {
        use ApplicationKind::DataPermit;
        assert_eq!(deliver(Prepared, DataPermit, true), Ok(Delivered));
        assert_eq!(
            deliver(Prepared, DataPermit, false),
            Err(DeliveryRefusal::NoEnvironment)
        );
        for state in [Ordered, Received, Delivered, Cancelled] {
            assert_eq!(
                deliver(state, DataPermit, true),
                Err(DeliveryRefusal::NotInState(state))
            );
        }
    }

    #[test]
    fn statistics_are_delivered_only_by_their_release() {
        for state in DeliveryOrderState::ALL {
            assert_eq!(
                deliver(state, ApplicationKind::DataRequest, false),
                Err(DeliveryRefusal::StatisticsDeliveredByRelease)
            );
        }
        assert_eq!(accept_statistics(Received), Ok(()));
        assert_eq!(accept_statistics(Prepared), Ok(()));
        for state in [Ordered, Delivered, Cancelled] {
            assert_eq!(
                accept_statistics(state),
                Err(DeliveryRefusal::NotInState(state))
            );
        }
        assert_eq!(release_statistics(Received), Ok(Some(Delivered)));
        assert_eq!(release_statistics(Prepared), Ok(Some(Delivered)));
        assert_eq!(release_statistics(Delivered), Ok(None));
        for state in [Ordered, Cancelled] {
            assert_eq!(
                release_statistics(state),
                Err(DeliveryRefusal::NotInState(state))
            );
        }
    }

    #[test]
    fn only_an_active_permit_receives_data() {
        assert_eq!(check_permit_for_delivery(PermitStatus::Active), Ok(()));
        for status in PermitStatus::ALL
            .into_iter()
            .filter(|s| *s != PermitStatus::Active)
        {
            assert_eq!(
                check_permit_for_delivery(status),
                Err(DeliveryRefusal::PermitNotActive)
            );
        }
    }

    #[test]
    fn cancel_open_orders_with_a_trimmed_reason() {
        for state in [Ordered, Received, Prepared] {
            assert_eq!(
                cancel(state, "  permit revoked "),
                Ok((Cancelled, "permit revoked".to_owned()))
            );
        }
        for state in [Delivered, Cancelled] {
            assert_eq!(
                cancel(state, "late"),
                Err(DeliveryRefusal::NotInState(state))
            );
        }
    }

    #[test]
    fn cancel_needs_a_reason_of_bounded_length() {
        let blank = cancel(Ordered, " \n ").unwrap_err();
        assert_eq!(blank.message(), MessageKey::Required);
        let long = "x".repeat(MAX_CANCELLATION_REASON + 1);
        assert!(matches!(
            cancel(Ordered, &long),
            Err(DeliveryRefusal::Invalid {
                field: "reason",
                ..
            })
        ));
        assert!(cancel(Ordered, &"x".repeat(MAX_CANCELLATION_REASON)).is_ok());
    }

    #[test]
    fn refusals_name_the_state() {
        assert_eq!(
            DeliveryRefusal::NotInState(Delivered).message(),
            MessageKey::DeliveryOrderNotPossibleInState { state: "DELIVERED" }
        );
    }

    #[test]
    fn due_date_and_overdue() {
        let extraction = date!(2026 - 12 - 07);
        let due = due_date(extraction, DEFAULT_DUE_DAYS);
        assert_eq!(due, date!(2027 - 01 - 06));
        assert!(!is_overdue(Ordered, due, due));
        assert!(is_overdue(Ordered, due, date!(2027 - 01 - 07)));
        for state in [Received, Prepared, Delivered, Cancelled] {
            assert!(!is_overdue(state, due, date!(2027 - 06 - 01)));
        }
        assert_eq!(days_left(due, due), 0);
        assert_eq!(days_left(due, extraction), 30);
        assert_eq!(days_left(due, date!(2027 - 01 - 09)), -3);
    }

    #[test]
    fn open_states_and_wire_names_round_trip() {
        for state in DeliveryOrderState::ALL {
            assert_eq!(DeliveryOrderState::parse(state.as_str()), Some(state));
            assert_eq!(state.is_open(), !matches!(state, Delivered | Cancelled));
        }
        assert_eq!(
            DeliveryStep::Receive.audit_action(),
            "delivery_order.receive"
        );
    }
}

//! Permits and their amendments (DESIGN.md sections 2 and 3) as pure rules: the status a
//! permit has on a given day, what may be done to it, and what an amendment may change.
//!
//! Status is stored as `ACTIVE`, `REVOKED`, `DATA_DESTROYED` or `COMBINED`; `EXPIRED` is
//! also stored by the daily job, but [`effective_status`] derives it from `valid_until`
//! so a read is right even before the job has run. Data destruction is a status plus the
//! recorded date the holder (or staff) confirmed.

mod amendment;

pub use amendment::*;

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use crate::application::kind::wire_names;
use crate::error_text::MessageKey;

/// Days before `valid_until` at which the holder is reminded.
pub const REMINDER_DAYS: [i64; 2] = [90, 30];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PermitStatus {
    /// Valid today.
    Active,
    /// Past `valid_until`.
    Expired,
    /// Revoked by a director, with a reason.
    Revoked,
    /// The holder (or staff) confirmed the data was destroyed, on a recorded date.
    DataDestroyed,
    /// Merged into another permit by a `COMBINE_PERMITS` amendment.
    Combined,
}

wire_names!(PermitStatus {
    Active => "ACTIVE",
    Expired => "EXPIRED",
    Revoked => "REVOKED",
    DataDestroyed => "DATA_DESTROYED",
    Combined => "COMBINED",
});

impl PermitStatus {
    pub const ALL: [PermitStatus; 5] = [
        PermitStatus::Active,
        PermitStatus::Expired,
        PermitStatus::Revoked,
        PermitStatus::DataDestroyed,
        PermitStatus::Combined,
    ];
}

/// Who holds a permit, as far as telling two holders apart goes: the organisation when
/// the permit names one (its researchers come and go, the permits stay the
/// organisation's), else the private person who applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder<'a> {
    Organisation(Uuid),
    PrivatePerson(&'a str),
}

impl<'a> Holder<'a> {
    /// `holder_id` is the subject of the applicant the permit was granted to.
    pub fn of(holder_id: &'a str, holder_organisation_id: Option<Uuid>) -> Holder<'a> {
        match holder_organisation_id {
            Some(id) => Holder::Organisation(id),
            None => Holder::PrivatePerson(holder_id),
        }
    }
}

/// The status on `today`: an active permit whose validity has passed is expired, whether
/// or not the job has stored that yet.
pub fn effective_status(stored: PermitStatus, valid_until: Date, today: Date) -> PermitStatus {
    if stored == PermitStatus::Active && today > valid_until {
        PermitStatus::Expired
    } else {
        stored
    }
}

/// Why a command on a permit is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PermitRefusal {
    /// The permit is not active; the key says for what.
    #[error("{0}")]
    NotActive(MessageKey),
    #[error("data destruction has already been confirmed")]
    AlreadyDestroyed,
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: MessageKey,
    },
}

impl PermitRefusal {
    /// What the refusal says to the caller.
    pub fn message(&self) -> MessageKey {
        match self {
            PermitRefusal::NotActive(key) => key.clone(),
            PermitRefusal::AlreadyDestroyed => MessageKey::AlreadyDestroyed,
            PermitRefusal::Invalid { message, .. } => message.clone(),
        }
    }
}

pub fn check_revocation(
    stored: PermitStatus,
    valid_until: Date,
    today: Date,
    reason: &str,
) -> Result<(), PermitRefusal> {
    if reason.trim().is_empty() {
        return Err(PermitRefusal::Invalid {
            field: "reason",
            message: MessageKey::Required,
        });
    }
    match effective_status(stored, valid_until, today) {
        PermitStatus::Active => Ok(()),
        _ => Err(PermitRefusal::NotActive(
            MessageKey::OnlyActivePermitRevoked,
        )),
    }
}

/// Destruction may be confirmed once, on a date not in the future and not before the
/// permit began. Confirming ends an active permit early.
pub fn check_destruction(
    stored: PermitStatus,
    valid_from: Date,
    destroyed_on: Date,
    today: Date,
) -> Result<(), PermitRefusal> {
    if stored == PermitStatus::DataDestroyed {
        return Err(PermitRefusal::AlreadyDestroyed);
    }
    if stored == PermitStatus::Combined {
        return Err(PermitRefusal::NotActive(
            MessageKey::CombinedPermitNotDestroyed,
        ));
    }
    if destroyed_on > today {
        return Err(PermitRefusal::Invalid {
            field: "destroyedOn",
            message: MessageKey::MustNotBeInFuture,
        });
    }
    if destroyed_on < valid_from {
        return Err(PermitRefusal::Invalid {
            field: "destroyedOn",
            message: MessageKey::DestroyedBeforeValidity,
        });
    }
    Ok(())
}

/// Which reminders are due on `today` for a permit valid until `valid_until`: the
/// thresholds (days before) already reached and not passed.
pub fn due_reminders(valid_until: Date, today: Date) -> Vec<i64> {
    let left = (valid_until - today).whole_days();
    REMINDER_DAYS
        .into_iter()
        .filter(|days| left >= 0 && left <= *days)
        .collect()
}

/// Median of whole days, rounded down to a half day as a float; `None` for no values.
pub fn median_days(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) as f64 / 2.0
    } else {
        values[mid] as f64
    })
}

#[cfg(test)]
mod tests;

//! The domain's refusals, as the caller reads them.

use super::MessageKey;
use crate::application::{ExtensionError, Refusal};
use crate::business_id::BusinessIdError;
use crate::hetu::HetuError;
use crate::objection::ObjectionRuleError;

impl From<BusinessIdError> for MessageKey {
    fn from(error: BusinessIdError) -> Self {
        match error {
            BusinessIdError::Format => MessageKey::BusinessIdFormat,
            BusinessIdError::CheckDigit => MessageKey::BusinessIdCheckDigit,
        }
    }
}

impl From<HetuError> for MessageKey {
    fn from(error: HetuError) -> Self {
        match error {
            HetuError::NotAscii => MessageKey::HetuNotAscii,
            HetuError::Length => MessageKey::HetuLength,
            HetuError::NotDigits => MessageKey::HetuNotDigits,
            HetuError::CenturySign => MessageKey::HetuCenturySign,
            HetuError::Date => MessageKey::HetuDate,
            HetuError::IndividualNumber => MessageKey::HetuIndividualNumber,
            HetuError::TemporaryNotAllowed => MessageKey::HetuTemporary,
            HetuError::CheckCharacter => MessageKey::HetuCheckCharacter,
        }
    }
}

impl From<ObjectionRuleError> for MessageKey {
    fn from(error: ObjectionRuleError) -> Self {
        match error {
            ObjectionRuleError::ReceivedAfterProcessed => MessageKey::ReceivedAfterProcessed,
            ObjectionRuleError::FutureDate => MessageKey::MustNotBeInFuture,
            ObjectionRuleError::ChannelNotRecordable => MessageKey::ChannelNotRecordable,
            ObjectionRuleError::VerificationMismatch => MessageKey::VerificationMismatch,
            ObjectionRuleError::NotAMinor => MessageKey::NotAMinor,
            ObjectionRuleError::RepresentingSelf => MessageKey::RepresentingSelf,
        }
    }
}

impl From<ExtensionError> for MessageKey {
    fn from(error: ExtensionError) -> Self {
        match error {
            ExtensionError::AlreadyExtended => MessageKey::DeadlineAlreadyExtended,
            ExtensionError::NotLater => MessageKey::DeadlineNotLater,
            ExtensionError::TooLong => MessageKey::DeadlineTooLong,
            ExtensionError::NotStarted => MessageKey::DecisionClockNotStarted,
        }
    }
}

impl From<Refusal> for MessageKey {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::RoleMissing => MessageKey::NotAllowedForRole,
            Refusal::NotOwner => MessageKey::ApplicationNotFound,
            Refusal::NotPresenter => MessageKey::OnlyPresenter,
            Refusal::PresenterCannotDecide => MessageKey::PresenterCannotDecide,
            Refusal::InvalidTransition { from, .. } => MessageKey::NotPossibleInState {
                state: from.as_str(),
            },
        }
    }
}

//! Output requests (DESIGN.md section 13, issue 16 section 3): a permit holder's request to
//! take result tables out of the processing environment, and its review.
//!
//! `SUBMITTED` → `IN_REVIEW` → `APPROVED` | `CHANGES_REQUESTED` | `REJECTED`, then
//! `APPROVED` → `RELEASED`; `CHANGES_REQUESTED` → `SUBMITTED` again on a new submission
//! (numbered, the earlier ones kept). An approval that overrides a failing cell is only a
//! first approval: the request stays `IN_REVIEW`, awaiting a Director who is not the
//! reviewer (four eyes), before it becomes `APPROVED`.
//!
//! The checks themselves live in `tietolupa-output-check`; here a flagged cell is only its
//! place, its rule's name and whether it fails, which is all the lifecycle needs.

use uuid::Uuid;

use crate::MessageKey;

/// Where an output request is in its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutputRequestState {
    Submitted,
    InReview,
    Approved,
    ChangesRequested,
    Rejected,
    Released,
}

impl OutputRequestState {
    pub const ALL: [OutputRequestState; 6] = [
        OutputRequestState::Submitted,
        OutputRequestState::InReview,
        OutputRequestState::Approved,
        OutputRequestState::ChangesRequested,
        OutputRequestState::Rejected,
        OutputRequestState::Released,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OutputRequestState::Submitted => "SUBMITTED",
            OutputRequestState::InReview => "IN_REVIEW",
            OutputRequestState::Approved => "APPROVED",
            OutputRequestState::ChangesRequested => "CHANGES_REQUESTED",
            OutputRequestState::Rejected => "REJECTED",
            OutputRequestState::Released => "RELEASED",
        }
    }

    pub fn parse(s: &str) -> Option<OutputRequestState> {
        Self::ALL.into_iter().find(|state| state.as_str() == s)
    }
}

/// A cell the automatic check flagged, as the lifecycle sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlaggedCell {
    pub file_id: Uuid,
    pub row: usize,
    pub column: usize,
    /// The rule's name as the API spells it (`MINIMUM_FREQUENCY`, ...).
    pub rule: String,
    /// `FAIL` rather than `REVIEW`.
    pub fails: bool,
}

/// A reviewer's decision to release a flagged cell as it is, with the reason why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub file_id: Uuid,
    pub row: usize,
    pub column: usize,
    pub rule: String,
    pub reason: String,
}

/// What an approval leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approval {
    /// Nothing failing was overridden: approved at once.
    Approved,
    /// A failing cell was overridden: a Director other than the reviewer must confirm.
    AwaitingSecondApproval,
}

/// Why a step of an output request is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutputRefusal {
    /// The step does not apply in this state (or while a second approval is awaited).
    #[error("not possible while the output request is {}", .0.as_str())]
    NotInState(OutputRequestState),
    /// Cells fail a rule and were not overridden.
    #[error("{0} failing cells not overridden")]
    FailNotOverridden(usize),
    /// The override at this index names no flagged cell.
    #[error("override {0} names no flagged cell")]
    UnknownFinding(usize),
    /// The override at this index has no reason.
    #[error("override {0} has no reason")]
    OverrideWithoutReason(usize),
    /// The same cell and rule overridden twice.
    #[error("override {0} repeats another")]
    OverrideTwice(usize),
    /// A reason is required (changes requested, rejection).
    #[error("a reason is required")]
    ReasonRequired,
    /// The reviewer tried to confirm their own approval.
    #[error("the reviewer cannot confirm their own approval")]
    ReviewerCannotConfirm,
}

impl OutputRefusal {
    /// The input field the refusal is about, when it is about one.
    pub fn field(&self) -> Option<String> {
        match self {
            OutputRefusal::UnknownFinding(i) | OutputRefusal::OverrideTwice(i) => {
                Some(format!("overrides.{i}"))
            }
            OutputRefusal::OverrideWithoutReason(i) => Some(format!("overrides.{i}.reason")),
            OutputRefusal::ReasonRequired => Some("reason".to_owned()),
            _ => None,
        }
    }

    pub fn message(&self) -> MessageKey {
        match self {
            OutputRefusal::NotInState(state) => MessageKey::OutputNotPossibleInState {
                state: state.as_str(),
            },
            OutputRefusal::FailNotOverridden(count) => {
                MessageKey::OutputFailNotOverridden { count: *count }
            }
            OutputRefusal::UnknownFinding(_) => MessageKey::NoSuchFinding,
            OutputRefusal::OverrideWithoutReason(_) | OutputRefusal::ReasonRequired => {
                MessageKey::Required
            }
            OutputRefusal::OverrideTwice(_) => MessageKey::ListedTwice,
            OutputRefusal::ReviewerCannotConfirm => MessageKey::ReviewerCannotConfirm,
        }
    }
}

fn expect(state: OutputRequestState, wanted: OutputRequestState) -> Result<(), OutputRefusal> {
    if state == wanted {
        Ok(())
    } else {
        Err(OutputRefusal::NotInState(state))
    }
}

/// A handler takes a submitted request for review.
pub fn start_review(state: OutputRequestState) -> Result<OutputRequestState, OutputRefusal> {
    expect(state, OutputRequestState::Submitted)?;
    Ok(OutputRequestState::InReview)
}

/// A reviewer approves the current submission. Every failing cell must be overridden with a
/// reason; cells that only need review may be overridden too (the reason is kept) or left,
/// since a person has now looked at them. Overriding a failing cell needs a second approver.
pub fn approve(
    state: OutputRequestState,
    awaiting_second_approval: bool,
    flagged: &[FlaggedCell],
    overrides: &[Override],
) -> Result<Approval, OutputRefusal> {
    expect(state, OutputRequestState::InReview)?;
    if awaiting_second_approval {
        return Err(OutputRefusal::NotInState(state));
    }
    let same = |o: &Override, f: &FlaggedCell| {
        o.file_id == f.file_id && o.row == f.row && o.column == f.column && o.rule == f.rule
    };
    for (i, o) in overrides.iter().enumerate() {
        if !flagged.iter().any(|f| same(o, f)) {
            return Err(OutputRefusal::UnknownFinding(i));
        }
        if o.reason.trim().is_empty() {
            return Err(OutputRefusal::OverrideWithoutReason(i));
        }
        let earlier = &overrides[..i];
        if earlier.iter().any(|e| {
            e.file_id == o.file_id && e.row == o.row && e.column == o.column && e.rule == o.rule
        }) {
            return Err(OutputRefusal::OverrideTwice(i));
        }
    }
    let failing = flagged.iter().filter(|f| f.fails);
    let not_overridden = failing
        .clone()
        .filter(|f| !overrides.iter().any(|o| same(o, f)))
        .count();
    if not_overridden > 0 {
        return Err(OutputRefusal::FailNotOverridden(not_overridden));
    }
    if failing.count() > 0 {
        Ok(Approval::AwaitingSecondApproval)
    } else {
        Ok(Approval::Approved)
    }
}

/// The second approver confirms an approval that overrode failing cells. Who may is the
/// permission table's business (Directors); that it is not the reviewer is checked here.
pub fn confirm(
    state: OutputRequestState,
    awaiting_second_approval: bool,
    reviewer_id: Option<&str>,
    actor_id: &str,
) -> Result<OutputRequestState, OutputRefusal> {
    expect(state, OutputRequestState::InReview)?;
    if !awaiting_second_approval {
        return Err(OutputRefusal::NotInState(state));
    }
    if reviewer_id == Some(actor_id) {
        return Err(OutputRefusal::ReviewerCannotConfirm);
    }
    Ok(OutputRequestState::Approved)
}

/// The reviewer (or the second approver, instead of confirming) sends the request back.
pub fn request_changes(
    state: OutputRequestState,
    reason: &str,
) -> Result<OutputRequestState, OutputRefusal> {
    expect(state, OutputRequestState::InReview)?;
    if reason.trim().is_empty() {
        return Err(OutputRefusal::ReasonRequired);
    }
    Ok(OutputRequestState::ChangesRequested)
}

/// The reviewer (or the second approver) rejects the request; its files are never released.
pub fn reject(
    state: OutputRequestState,
    reason: &str,
) -> Result<OutputRequestState, OutputRefusal> {
    expect(state, OutputRequestState::InReview)?;
    if reason.trim().is_empty() {
        return Err(OutputRefusal::ReasonRequired);
    }
    Ok(OutputRequestState::Rejected)
}

/// Staff release approved files to the holder (or the requester of statistics).
pub fn release(state: OutputRequestState) -> Result<OutputRequestState, OutputRefusal> {
    expect(state, OutputRequestState::Approved)?;
    Ok(OutputRequestState::Released)
}

/// The holder submits a new version after changes were requested.
pub fn resubmit(state: OutputRequestState) -> Result<OutputRequestState, OutputRefusal> {
    expect(state, OutputRequestState::ChangesRequested)?;
    Ok(OutputRequestState::Submitted)
}

/// Whether the holder (not staff) may download the request's files: only once released.
pub fn holder_may_download(state: OutputRequestState) -> bool {
    state == OutputRequestState::Released
}

#[cfg(test)]
mod tests {
    use super::OutputRequestState::*;
    use super::*;

    fn cell(file_id: Uuid, row: usize, rule: &str, fails: bool) -> FlaggedCell {
        FlaggedCell {
            file_id,
            row,
            column: 1,
            rule: rule.to_owned(),
            fails,
        }
    }

    fn over(c: &FlaggedCell, reason: &str) -> Override {
        Override {
            file_id: c.file_id,
            row: c.row,
            column: c.column,
            rule: c.rule.clone(),
            reason: reason.to_owned(),
        }
    }

    #[test]
    fn states_round_trip_through_their_names() {
        for state in OutputRequestState::ALL {
            assert_eq!(OutputRequestState::parse(state.as_str()), Some(state));
        }
        assert_eq!(OutputRequestState::parse("DRAFT"), None);
    }

    #[test]
    fn the_happy_path_runs_submitted_to_released() {
        let state = start_review(Submitted).unwrap();
        assert_eq!(state, InReview);
        assert_eq!(approve(state, false, &[], &[]), Ok(Approval::Approved));
        assert_eq!(release(Approved), Ok(Released));
    }

    #[test]
    fn each_step_is_refused_outside_its_state() {
        for state in OutputRequestState::ALL {
            assert_eq!(start_review(state).is_ok(), state == Submitted);
            assert_eq!(approve(state, false, &[], &[]).is_ok(), state == InReview);
            assert_eq!(request_changes(state, "Why").is_ok(), state == InReview);
            assert_eq!(reject(state, "Why").is_ok(), state == InReview);
            assert_eq!(release(state).is_ok(), state == Approved);
            assert_eq!(resubmit(state).is_ok(), state == ChangesRequested);
            assert_eq!(
                confirm(state, true, Some("h"), "d").is_ok(),
                state == InReview
            );
        }
        assert_eq!(release(Rejected), Err(OutputRefusal::NotInState(Rejected)));
    }

    #[test]
    fn changes_and_rejection_need_a_reason() {
        assert_eq!(
            request_changes(InReview, "  "),
            Err(OutputRefusal::ReasonRequired)
        );
        assert_eq!(reject(InReview, ""), Err(OutputRefusal::ReasonRequired));
        assert_eq!(request_changes(InReview, "Round it"), Ok(ChangesRequested));
        assert_eq!(resubmit(ChangesRequested), Ok(Submitted));
    }

    #[test]
    fn an_unoverridden_failure_blocks_approval_and_review_cells_do_not() {
        let file = Uuid::nil();
        let fail = cell(file, 1, "MINIMUM_FREQUENCY", true);
        let review = cell(file, 2, "NEGATIVE_OR_MISSING", false);
        let flagged = [fail.clone(), review.clone()];
        assert_eq!(
            approve(InReview, false, &flagged, &[]),
            Err(OutputRefusal::FailNotOverridden(1))
        );
        assert_eq!(
            approve(InReview, false, std::slice::from_ref(&review), &[]),
            Ok(Approval::Approved)
        );
        // Overriding only a review cell keeps the failure.
        assert_eq!(
            approve(InReview, false, &flagged, &[over(&review, "Checked.")]),
            Err(OutputRefusal::FailNotOverridden(1))
        );
    }

    #[test]
    fn overriding_a_failure_needs_a_second_approval() {
        let fail = cell(Uuid::nil(), 1, "DOMINANCE", true);
        assert_eq!(
            approve(
                InReview,
                false,
                std::slice::from_ref(&fail),
                &[over(&fail, "Public figure.")]
            ),
            Ok(Approval::AwaitingSecondApproval)
        );
        // While awaiting, approving again is not a step; confirming is.
        assert_eq!(
            approve(
                InReview,
                true,
                std::slice::from_ref(&fail),
                &[over(&fail, "Again.")]
            ),
            Err(OutputRefusal::NotInState(InReview))
        );
        assert_eq!(confirm(InReview, true, Some("h1"), "d1"), Ok(Approved));
    }

    #[test]
    fn the_reviewer_never_confirms_their_own_approval() {
        assert_eq!(
            confirm(InReview, true, Some("d1"), "d1"),
            Err(OutputRefusal::ReviewerCannotConfirm)
        );
        // Nothing to confirm without an overriding approval.
        assert_eq!(
            confirm(InReview, false, Some("h1"), "d1"),
            Err(OutputRefusal::NotInState(InReview))
        );
    }

    #[test]
    fn an_override_must_name_a_flagged_cell_once_with_a_reason() {
        let fail = cell(Uuid::nil(), 1, "P_PERCENT", true);
        let mut elsewhere = over(&fail, "Fine.");
        elsewhere.row = 9;
        assert_eq!(
            approve(InReview, false, std::slice::from_ref(&fail), &[elsewhere]),
            Err(OutputRefusal::UnknownFinding(0))
        );
        let mut other_rule = over(&fail, "Fine.");
        other_rule.rule = "DOMINANCE".to_owned();
        assert_eq!(
            approve(InReview, false, std::slice::from_ref(&fail), &[other_rule]),
            Err(OutputRefusal::UnknownFinding(0))
        );
        assert_eq!(
            approve(
                InReview,
                false,
                std::slice::from_ref(&fail),
                &[over(&fail, " ")]
            ),
            Err(OutputRefusal::OverrideWithoutReason(0))
        );
        assert_eq!(
            approve(
                InReview,
                false,
                std::slice::from_ref(&fail),
                &[over(&fail, "a"), over(&fail, "b")]
            ),
            Err(OutputRefusal::OverrideTwice(1))
        );
        assert_eq!(
            OutputRefusal::OverrideWithoutReason(0).field().as_deref(),
            Some("overrides.0.reason")
        );
    }

    #[test]
    fn the_holder_downloads_only_released_files() {
        for state in OutputRequestState::ALL {
            assert_eq!(holder_may_download(state), state == Released);
        }
    }
}

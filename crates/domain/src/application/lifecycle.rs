//! The case lifecycle (DESIGN.md section 2, "States") as pure functions: given a case's
//! facts, an actor and an action, either the step to take or the reason it is refused.

use serde::{Deserialize, Serialize};

use super::kind::wire_names;
use crate::actor::Actor;
use crate::role::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ApplicationState {
    Draft,
    Submitted,
    InPreparation,
    InformationRequested,
    Proposed,
    Decided,
    Withdrawn,
}

wire_names!(ApplicationState {
    Draft => "DRAFT",
    Submitted => "SUBMITTED",
    InPreparation => "IN_PREPARATION",
    InformationRequested => "INFORMATION_REQUESTED",
    Proposed => "PROPOSED",
    Decided => "DECIDED",
    Withdrawn => "WITHDRAWN",
});

impl ApplicationState {
    pub const ALL: [ApplicationState; 7] = [
        ApplicationState::Draft,
        ApplicationState::Submitted,
        ApplicationState::InPreparation,
        ApplicationState::InformationRequested,
        ApplicationState::Proposed,
        ApplicationState::Decided,
        ApplicationState::Withdrawn,
    ];

    /// Submitted and not yet decided or withdrawn: the decision clock applies.
    pub fn is_open_case(self) -> bool {
        matches!(
            self,
            ApplicationState::Submitted
                | ApplicationState::InPreparation
                | ApplicationState::InformationRequested
                | ApplicationState::Proposed
        )
    }
}

/// Everything that can be done to an application, state-changing or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Edit the content: a draft, or while the applicant answers an information request.
    Update,
    Submit,
    Withdraw,
    Take,
    RequestInformation,
    AnswerInformation,
    /// Mark an answered information-request item as resolved.
    ResolveInformationItem,
    Propose,
    ReturnForPreparation,
    Decide,
    ExtendDeadline,
    AddRemark,
    AddAttachment,
}

impl Action {
    /// The roles that may perform the action at all.
    pub fn roles(self) -> &'static [Role] {
        match self {
            Action::Update
            | Action::Submit
            | Action::Withdraw
            | Action::AnswerInformation
            | Action::AddAttachment => &[Role::Applicant],
            Action::Take
            | Action::RequestInformation
            | Action::ResolveInformationItem
            | Action::Propose => &[Role::Handler],
            Action::ReturnForPreparation | Action::Decide | Action::ExtendDeadline => {
                &[Role::Director]
            }
            Action::AddRemark => &[Role::Handler, Role::Director],
        }
    }

    /// The state the action leads to from `from`, or `None` when it is not allowed there.
    /// Non-transitions (editing, remarks, extensions) keep the state.
    pub fn target(self, from: ApplicationState) -> Option<ApplicationState> {
        use ApplicationState::*;
        match (self, from) {
            (Action::Update | Action::AddAttachment, Draft | InformationRequested) => Some(from),
            (Action::Submit, Draft) => Some(Submitted),
            (
                Action::Withdraw,
                Draft | Submitted | InPreparation | InformationRequested | Proposed,
            ) => Some(Withdrawn),
            (Action::Take, Submitted) => Some(InPreparation),
            (Action::RequestInformation, InPreparation) => Some(InformationRequested),
            (Action::AnswerInformation, InformationRequested) => Some(InPreparation),
            (Action::ResolveInformationItem, InPreparation | InformationRequested) => Some(from),
            (Action::Propose, InPreparation) => Some(Proposed),
            (Action::ReturnForPreparation, Proposed) => Some(InPreparation),
            (Action::Decide, Proposed) => Some(Decided),
            (
                Action::ExtendDeadline,
                Submitted | InPreparation | InformationRequested | Proposed,
            ) => Some(from),
            (Action::AddRemark, _) => Some(from),
            _ => None,
        }
    }

    fn needs_owner(self) -> bool {
        self.roles() == [Role::Applicant]
    }

    fn needs_presenter(self) -> bool {
        matches!(
            self,
            Action::RequestInformation | Action::ResolveInformationItem | Action::Propose
        )
    }

    /// Four eyes: the presenter never acts as the director on their own case.
    fn forbids_presenter(self) -> bool {
        matches!(self, Action::Decide | Action::ReturnForPreparation)
    }
}

/// The facts of a case that decide who may do what.
#[derive(Debug, Clone, Copy)]
pub struct CaseFacts<'a> {
    pub state: ApplicationState,
    pub applicant_id: &'a str,
    pub presenter_id: Option<&'a str>,
}

/// An allowed step: from, to, and the role the actor acts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub from: ApplicationState,
    pub to: ApplicationState,
    pub role: Role,
}

impl Step {
    pub fn changes_state(&self) -> bool {
        self.from != self.to
    }
}

/// Why an action is refused, in order of checking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The actor holds none of the action's roles.
    #[error("not allowed for your role")]
    RoleMissing,
    /// An applicant acting on someone else's application; to them it does not exist.
    #[error("application not found")]
    NotOwner,
    /// A handler acting on a case presented by someone else (or by nobody yet).
    #[error("only the case's presenter may do this")]
    NotPresenter,
    /// The presenter acting as the director on their own case.
    #[error("the presenter cannot decide or return their own case")]
    PresenterCannotDecide,
    #[error("{action:?} is not possible in state {from:?}")]
    InvalidTransition {
        action: Action,
        from: ApplicationState,
    },
}

/// Decides whether `actor` may perform `action` on the case, and what follows.
pub fn plan(case: CaseFacts<'_>, actor: &Actor, action: Action) -> Result<Step, Refusal> {
    let role = actor
        .acting_role(action.roles())
        .ok_or(Refusal::RoleMissing)?;
    if action.needs_owner() && actor.id != case.applicant_id {
        return Err(Refusal::NotOwner);
    }
    if action.needs_presenter() && case.presenter_id != Some(actor.id.as_str()) {
        return Err(Refusal::NotPresenter);
    }
    if action.forbids_presenter() && case.presenter_id == Some(actor.id.as_str()) {
        return Err(Refusal::PresenterCannotDecide);
    }
    let to = action
        .target(case.state)
        .ok_or(Refusal::InvalidTransition {
            action,
            from: case.state,
        })?;
    Ok(Step {
        from: case.state,
        to,
        role,
    })
}

/// How an actor sees an application, if at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// The applicant: everything but internal remarks and comments and the pending
    /// proposal.
    Owner,
    /// Handlers and directors: everything.
    Staff(Role),
}

impl Viewer {
    /// Internal remarks and internal comments in the history are for staff.
    pub fn sees_internal(self) -> bool {
        matches!(self, Viewer::Staff(_))
    }

    /// The presenter's proposal is staff's working text until the director decides; the
    /// applicant sees only the decision.
    pub fn sees_proposal(self) -> bool {
        matches!(self, Viewer::Staff(_))
    }
}

pub fn viewer(applicant_id: &str, actor: &Actor) -> Option<Viewer> {
    if let Some(role) = actor.acting_role(&[Role::Handler, Role::Director]) {
        return Some(Viewer::Staff(role));
    }
    (actor.has_role(Role::Applicant) && actor.id == applicant_id).then_some(Viewer::Owner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationState::*;

    fn applicant() -> Actor {
        Actor::person("aino", None, [Role::Applicant], None)
    }
    fn other_applicant() -> Actor {
        Actor::person("mikko", None, [Role::Applicant], None)
    }
    fn handler() -> Actor {
        Actor::person("sanna", None, [Role::Handler], None)
    }
    fn other_handler() -> Actor {
        Actor::person("jukka", None, [Role::Handler], None)
    }
    fn director() -> Actor {
        Actor::person("paivi", None, [Role::Director], None)
    }
    /// A deputy director who also prepares cases.
    fn deputy() -> Actor {
        Actor::person("timo", None, [Role::Director, Role::Handler], None)
    }

    fn case(state: ApplicationState, presenter: Option<&'static str>) -> CaseFacts<'static> {
        CaseFacts {
            state,
            applicant_id: "aino",
            presenter_id: presenter,
        }
    }

    fn to(step: Result<Step, Refusal>) -> Result<ApplicationState, Refusal> {
        step.map(|s| s.to)
    }

    #[test]
    fn the_happy_path_from_draft_to_decision() {
        assert_eq!(
            to(plan(case(Draft, None), &applicant(), Action::Submit)),
            Ok(Submitted)
        );
        assert_eq!(
            to(plan(case(Submitted, None), &handler(), Action::Take)),
            Ok(InPreparation)
        );
        assert_eq!(
            to(plan(
                case(InPreparation, Some("sanna")),
                &handler(),
                Action::RequestInformation
            )),
            Ok(InformationRequested)
        );
        assert_eq!(
            to(plan(
                case(InformationRequested, Some("sanna")),
                &applicant(),
                Action::AnswerInformation
            )),
            Ok(InPreparation)
        );
        assert_eq!(
            to(plan(
                case(InPreparation, Some("sanna")),
                &handler(),
                Action::Propose
            )),
            Ok(Proposed)
        );
        assert_eq!(
            to(plan(
                case(Proposed, Some("sanna")),
                &director(),
                Action::ReturnForPreparation
            )),
            Ok(InPreparation)
        );
        assert_eq!(
            to(plan(
                case(Proposed, Some("sanna")),
                &director(),
                Action::Decide
            )),
            Ok(Decided)
        );
    }

    #[test]
    fn withdrawal_is_possible_until_the_decision() {
        for state in [
            Draft,
            Submitted,
            InPreparation,
            InformationRequested,
            Proposed,
        ] {
            assert_eq!(
                to(plan(
                    case(state, Some("sanna")),
                    &applicant(),
                    Action::Withdraw
                )),
                Ok(Withdrawn),
                "{state:?}"
            );
        }
        for state in [Decided, Withdrawn] {
            assert_eq!(
                to(plan(
                    case(state, Some("sanna")),
                    &applicant(),
                    Action::Withdraw
                )),
                Err(Refusal::InvalidTransition {
                    action: Action::Withdraw,
                    from: state
                })
            );
        }
    }

    #[test]
    fn every_action_is_refused_in_every_state_it_does_not_leave_from() {
        let actions = [
            (
                Action::Update,
                applicant(),
                vec![Draft, InformationRequested],
            ),
            (
                Action::AddAttachment,
                applicant(),
                vec![Draft, InformationRequested],
            ),
            (Action::Submit, applicant(), vec![Draft]),
            (Action::Take, handler(), vec![Submitted]),
            (Action::RequestInformation, handler(), vec![InPreparation]),
            (
                Action::AnswerInformation,
                applicant(),
                vec![InformationRequested],
            ),
            (
                Action::ResolveInformationItem,
                handler(),
                vec![InPreparation, InformationRequested],
            ),
            (Action::Propose, handler(), vec![InPreparation]),
            (Action::ReturnForPreparation, director(), vec![Proposed]),
            (Action::Decide, director(), vec![Proposed]),
            (
                Action::ExtendDeadline,
                director(),
                vec![Submitted, InPreparation, InformationRequested, Proposed],
            ),
        ];
        for (action, actor, allowed) in actions {
            for state in ApplicationState::ALL {
                let result = plan(case(state, Some("sanna")), &actor, action);
                if allowed.contains(&state) {
                    assert!(result.is_ok(), "{action:?} from {state:?}: {result:?}");
                } else {
                    assert_eq!(
                        result,
                        Err(Refusal::InvalidTransition {
                            action,
                            from: state
                        }),
                        "{action:?} from {state:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_presenter_never_decides_their_own_case() {
        let presented_by_deputy = case(Proposed, Some("timo"));
        assert_eq!(
            plan(presented_by_deputy, &deputy(), Action::Decide),
            Err(Refusal::PresenterCannotDecide)
        );
        assert_eq!(
            plan(presented_by_deputy, &deputy(), Action::ReturnForPreparation),
            Err(Refusal::PresenterCannotDecide)
        );
        // Another director may.
        assert!(plan(presented_by_deputy, &director(), Action::Decide).is_ok());
        // And the deputy may decide cases others presented.
        assert!(plan(case(Proposed, Some("sanna")), &deputy(), Action::Decide).is_ok());
    }

    #[test]
    fn only_the_presenter_prepares_the_case() {
        for action in [Action::RequestInformation, Action::Propose] {
            assert_eq!(
                plan(case(InPreparation, Some("sanna")), &other_handler(), action),
                Err(Refusal::NotPresenter)
            );
            assert_eq!(
                plan(case(InPreparation, None), &handler(), action),
                Err(Refusal::NotPresenter)
            );
        }
    }

    #[test]
    fn applicants_act_only_on_their_own_applications() {
        for action in [
            Action::Update,
            Action::Submit,
            Action::Withdraw,
            Action::AnswerInformation,
        ] {
            assert_eq!(
                plan(case(Draft, None), &other_applicant(), action),
                Err(Refusal::NotOwner),
                "{action:?}"
            );
        }
    }

    #[test]
    fn roles_are_checked_before_anything_else() {
        let public = Actor::public();
        let citizen = Actor::person("c", None, [Role::Citizen], None);
        for actor in [public, citizen] {
            for action in [
                Action::Submit,
                Action::Take,
                Action::Decide,
                Action::AddRemark,
            ] {
                assert_eq!(
                    plan(case(Draft, None), &actor, action),
                    Err(Refusal::RoleMissing)
                );
            }
        }
        assert_eq!(
            plan(case(Proposed, Some("sanna")), &handler(), Action::Decide),
            Err(Refusal::RoleMissing)
        );
        assert_eq!(
            plan(case(Submitted, None), &director(), Action::Take),
            Err(Refusal::RoleMissing)
        );
    }

    #[test]
    fn owners_and_staff_see_applications() {
        assert_eq!(viewer("aino", &applicant()), Some(Viewer::Owner));
        assert_eq!(viewer("aino", &other_applicant()), None);
        assert_eq!(
            viewer("aino", &handler()),
            Some(Viewer::Staff(Role::Handler))
        );
        assert_eq!(
            viewer("aino", &Actor::person("x", None, [Role::Auditor], None)),
            None
        );
    }

    #[test]
    fn only_staff_see_the_pending_proposal_and_internal_notes() {
        let owner = viewer("aino", &applicant()).unwrap();
        assert!(!owner.sees_proposal());
        assert!(!owner.sees_internal());
        // A deputy director who also prepares cases sees as staff, in either role.
        for staff in [handler(), director(), deputy()] {
            let staff = viewer("aino", &staff).unwrap();
            assert!(staff.sees_proposal(), "{staff:?}");
            assert!(staff.sees_internal(), "{staff:?}");
        }
    }
}

//! Who may do what: the single table that the store's checks, the generated
//! `docs/permissions.md` and the authorisation tests all read (DESIGN.md section 8).

use crate::actor::{Actor, ActorKind};
use crate::application::Action;
use crate::role::Role;

/// Every operation of the API whose access is decided by role. Rules on top of the role
/// (the applicant's own application, the case's presenter) are named by
/// [`Operation::condition`] and checked where the thing is loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    ViewSelf,
    ViewDataCatalogue,
    ViewAuditLog,
    VerifyAuditLog,
    ViewProcessingEnvironments,
    RegisterProcessingEnvironment,
    UpdateProcessingEnvironment,
    CreateApplication,
    ViewMyApplications,
    ViewApplication,
    ViewApplicationQueue,
    DownloadAttachment,
    ViewPermit,
    RevokePermit,
    ConfirmDataDestruction,
    ViewPublishedDecisions,
    ViewPublishedDecision,
    ViewDecisionStatistics,
    /// The open-data exports (CSV, JSON, Atom) of the public register.
    ExportDecisions,
    /// `GET /api/catalogue` (and `.jsonld`, `.ttl`): the data catalogue as DCAT-AP open data.
    ExportDataCatalogue,
    /// A step of the case lifecycle; its roles come from [`Action::roles`].
    Case(Action),
    /// `fileObjection`: a citizen, for themselves or a person they represent.
    FileObjection,
    /// `recordObjection`: a clerk, for an objection received by post or in person.
    RecordObjection,
    /// `withdrawObjection`: the person, their representative (ownership checked on the
    /// objection), or a clerk.
    WithdrawObjection,
    /// `myObjections`: a citizen's own objections and those filed for people they represent.
    ViewOwnObjections,
    /// `objection(id, reason)`: staff reading one objection, with a recorded reason.
    ViewObjection,
    /// `GET /api/objections/me/export`: a citizen's GDPR access export.
    ExportOwnObjectionData,
    /// `POST /api/cohort-filter`: removing objectors from a cohort list.
    RunCohortFilter,
    /// `deadLetters`: outbox messages that could not be delivered (staff).
    ViewDeadLetters,
    /// `retryMessage`: put a dead letter back in the queue (staff).
    RetryMessage,
    /// `GET /healthz`: the process is up (for the load balancer and orchestrator).
    CheckLiveness,
    /// `GET /readyz`: the database answers.
    CheckReadiness,
    /// `GET /metrics`: Prometheus figures, for a scraper rather than a role.
    ReadMetrics,
    /// `POST /dev/token`: the development token issuer (dev mode only).
    IssueDevelopmentToken,
    /// `GET /dev/users`: the demo users of the sign-in picker (dev mode only).
    ListDevelopmentUsers,
    /// `GET /graphiql`: the in-browser GraphQL IDE (dev mode only).
    OpenGraphiql,
    // A signed-in person's own sessions (sign-in).
    ViewOwnSessions,
    EndOwnSession,
    EndOtherOwnSessions,
    /// `myAccessLog`: which staff roles read or handled the caller's objections or
    /// applications (issue 20 §3).
    ViewOwnAccessLog,
    // The organisation register (DESIGN.md section 12).
    /// `organisations`: staff see all; applicants those they are a contact person of.
    ViewOrganisations,
    /// `organisation(id)` and its contact persons (a staff read of them is audited).
    ViewOrganisation,
    CreateOrganisation,
    UpdateOrganisation,
    /// `endCustomerRelationship`: starts the ten years after which contact data goes.
    EndCustomerRelationship,
    AddContactPerson,
    UpdateContactPerson,
    RemoveContactPerson,
    // After the permit (issue 16, docs/delivery.md).
    /// `deliveryOrders`, `deliveryOrder(id)`: staff see all; applicants the orders of
    /// their own permits and data requests.
    ViewDeliveryOrders,
    /// `markDeliveryOrderReceived`, `markDeliveryOrderDelivered`, `cancelDeliveryOrder`.
    UpdateDeliveryOrder,
    // Output checking (DESIGN.md section 13).
    /// `POST /api/output-requests` and a new submission: the holder under their own active
    /// permit; a handler for a data request's statistics.
    SubmitOutputRequest,
    /// `outputRequests`, `outputRequest`: staff see all, holders their own.
    ViewOutputRequests,
    /// Start review, approve (with overrides), request changes, reject, release.
    ReviewOutputRequest,
    /// `confirmOutputApproval`: the second pair of eyes on an override of a failing cell.
    ConfirmOutputApproval,
    /// `GET /api/output-requests/{id}/files/{fileId}`.
    DownloadOutputFile,
    /// `GET /api/permits/{id}/credential`: the permit's current signed credential.
    DownloadPermitCredential,
    /// `GET /.well-known/jwks.json`: the public keys permit credentials are signed with.
    ReadPermitSigningKeys,
    /// The public version of a decision document (or of a revocation's), by diary number.
    DownloadPublicDecisionDocument,
    /// The full version of an application's decision document (or its permit's revocation).
    DownloadDecisionDocument,
    /// `GET /api/permit-status-list`: the signed revocation list of permit credentials.
    ReadPermitStatusList,
    /// `GET /api/audit/checkpoint` and `/api/audit/checkpoint-keys`: the audit log's signed
    /// checkpoint and the keys it is signed with, for anyone to keep and compare.
    ReadAuditCheckpoint,
    /// `GET /api/audit/proof/{inclusion,consistency}`: proofs over the audit log's tree,
    /// hashes only.
    ReadAuditProof,
    /// `setOutputCheckThresholds`: a permit's stricter disclosure-check thresholds.
    SetOutputCheckThresholds,
    /// `POST /api/delivery-orders/{id}/preparation` and `DeliveryOrder.preparationRuns`:
    /// filtering and pseudonymising a controller's dataset (docs/preparation.md). The
    /// `tietolupa deliver` command runs it as the system.
    RunPreparation,
}

impl Operation {
    pub const ALL: [Operation; 76] = [
        Operation::ViewSelf,
        Operation::ViewDataCatalogue,
        Operation::ViewProcessingEnvironments,
        Operation::ViewAuditLog,
        Operation::VerifyAuditLog,
        Operation::RegisterProcessingEnvironment,
        Operation::UpdateProcessingEnvironment,
        Operation::CreateApplication,
        Operation::ViewMyApplications,
        Operation::ViewApplication,
        Operation::ViewApplicationQueue,
        Operation::Case(Action::Update),
        Operation::Case(Action::AddAttachment),
        Operation::DownloadAttachment,
        Operation::Case(Action::Submit),
        Operation::Case(Action::Withdraw),
        Operation::Case(Action::Take),
        Operation::Case(Action::AddRemark),
        Operation::Case(Action::RequestInformation),
        Operation::Case(Action::AnswerInformation),
        Operation::Case(Action::ResolveInformationItem),
        Operation::Case(Action::Propose),
        Operation::Case(Action::ReturnForPreparation),
        Operation::Case(Action::Decide),
        Operation::Case(Action::ExtendDeadline),
        Operation::FileObjection,
        Operation::RecordObjection,
        Operation::WithdrawObjection,
        Operation::ViewOwnObjections,
        Operation::ViewObjection,
        Operation::ExportOwnObjectionData,
        Operation::RunCohortFilter,
        Operation::ViewPermit,
        Operation::RevokePermit,
        Operation::ConfirmDataDestruction,
        Operation::ViewPublishedDecisions,
        Operation::ViewPublishedDecision,
        Operation::ViewDecisionStatistics,
        Operation::ExportDecisions,
        Operation::ExportDataCatalogue,
        Operation::ViewDeadLetters,
        Operation::RetryMessage,
        Operation::CheckLiveness,
        Operation::CheckReadiness,
        Operation::ReadMetrics,
        Operation::IssueDevelopmentToken,
        Operation::ListDevelopmentUsers,
        Operation::OpenGraphiql,
        Operation::ViewOwnSessions,
        Operation::EndOwnSession,
        Operation::EndOtherOwnSessions,
        Operation::ViewOwnAccessLog,
        Operation::ViewOrganisations,
        Operation::ViewOrganisation,
        Operation::CreateOrganisation,
        Operation::UpdateOrganisation,
        Operation::EndCustomerRelationship,
        Operation::AddContactPerson,
        Operation::UpdateContactPerson,
        Operation::RemoveContactPerson,
        Operation::ViewDeliveryOrders,
        Operation::UpdateDeliveryOrder,
        Operation::SubmitOutputRequest,
        Operation::ViewOutputRequests,
        Operation::ReviewOutputRequest,
        Operation::ConfirmOutputApproval,
        Operation::DownloadOutputFile,
        Operation::DownloadPermitCredential,
        Operation::ReadPermitSigningKeys,
        Operation::ReadPermitStatusList,
        Operation::ReadAuditCheckpoint,
        Operation::ReadAuditProof,
        Operation::DownloadPublicDecisionDocument,
        Operation::DownloadDecisionDocument,
        Operation::SetOutputCheckThresholds,
        Operation::RunPreparation,
    ];

    /// The GraphQL field or HTTP endpoint through which the operation is reached.
    pub fn entry_point(self) -> &'static str {
        match self {
            Operation::ViewSelf => "query me",
            Operation::ViewDataCatalogue => "query dataControllers",
            Operation::ViewAuditLog => "query auditLog",
            Operation::VerifyAuditLog => "query verifyAuditLog",
            Operation::ViewProcessingEnvironments => "query processingEnvironments",
            Operation::RegisterProcessingEnvironment => "mutation registerProcessingEnvironment",
            Operation::UpdateProcessingEnvironment => "mutation updateProcessingEnvironment",
            Operation::CreateApplication => "mutation createApplication",
            Operation::ViewMyApplications => "query myApplications",
            Operation::ViewApplication => "query application",
            Operation::ViewApplicationQueue => "query applicationQueue",
            Operation::DownloadAttachment => "GET /api/attachments/{id}",
            Operation::FileObjection => "mutation fileObjection",
            Operation::RecordObjection => "mutation recordObjection",
            Operation::WithdrawObjection => "mutation withdrawObjection",
            Operation::ViewOwnObjections => "query myObjections",
            Operation::ViewObjection => "query objection",
            Operation::ExportOwnObjectionData => "GET /api/objections/me/export",
            Operation::RunCohortFilter => "POST /api/cohort-filter",
            Operation::ViewPermit => "query permit",
            Operation::RevokePermit => "mutation revokePermit",
            Operation::ConfirmDataDestruction => "mutation confirmDataDestruction",
            Operation::ViewPublishedDecisions => "query publishedDecisions",
            Operation::ViewPublishedDecision => "query publishedDecision",
            Operation::ViewDecisionStatistics => "query decisionStatistics",
            Operation::ExportDecisions => "GET /api/decisions.{csv,json,atom}",
            Operation::ExportDataCatalogue => "GET /api/catalogue{,.jsonld,.ttl}",
            Operation::ViewDeadLetters => "query deadLetters",
            Operation::RetryMessage => "mutation retryMessage",
            Operation::CheckLiveness => "GET /healthz",
            Operation::CheckReadiness => "GET /readyz",
            Operation::ReadMetrics => "GET /metrics",
            Operation::IssueDevelopmentToken => "POST /dev/token",
            Operation::ListDevelopmentUsers => "GET /dev/users",
            Operation::OpenGraphiql => "GET /graphiql",
            Operation::ViewOwnSessions => "query mySessions",
            Operation::ViewOwnAccessLog => "query myAccessLog",
            Operation::EndOwnSession => "mutation endSession",
            Operation::EndOtherOwnSessions => "mutation endOtherSessions",
            Operation::ViewOrganisations => "query organisations",
            Operation::ViewOrganisation => "query organisation",
            Operation::CreateOrganisation => "mutation createOrganisation",
            Operation::UpdateOrganisation => "mutation updateOrganisation",
            Operation::EndCustomerRelationship => "mutation endCustomerRelationship",
            Operation::AddContactPerson => "mutation addContactPerson",
            Operation::UpdateContactPerson => "mutation updateContactPerson",
            Operation::RemoveContactPerson => "mutation removeContactPerson",
            // One operation, several fields: `{a,b}` lists them (the tests expand it).
            Operation::ViewDeliveryOrders => "query {deliveryOrders,deliveryOrder}",
            Operation::UpdateDeliveryOrder => {
                "mutation {markDeliveryOrderReceived,markDeliveryOrderDelivered,cancelDeliveryOrder}"
            }
            Operation::SubmitOutputRequest => "POST /api/output-requests{,/{id}/submissions}",
            Operation::ViewOutputRequests => "query {outputRequests,outputRequest}",
            Operation::ReviewOutputRequest => {
                "mutation {startOutputReview,approveOutputRequest,requestOutputChanges,rejectOutputRequest,releaseOutput}"
            }
            Operation::ConfirmOutputApproval => "mutation confirmOutputApproval",
            Operation::DownloadOutputFile => "GET /api/output-requests/{id}/files/{fileId}",
            Operation::DownloadPermitCredential => "GET /api/permits/{id}/credential",
            Operation::ReadPermitSigningKeys => "GET /.well-known/jwks.json",
            Operation::ReadPermitStatusList => "GET /api/permit-status-list",
            Operation::ReadAuditCheckpoint => "GET /api/audit/{checkpoint,checkpoint-keys}",
            Operation::ReadAuditProof => "GET /api/audit/proof/{inclusion,consistency}",
            Operation::DownloadPublicDecisionDocument => {
                "GET /api/decisions/{diary}/{document,revocation}.pdf"
            }
            Operation::DownloadDecisionDocument => {
                "GET /api/applications/{id}/{decision,revocation}.pdf"
            }
            Operation::SetOutputCheckThresholds => "mutation setOutputCheckThresholds",
            Operation::RunPreparation => "POST /api/delivery-orders/{id}/preparation",
            Operation::Case(action) => match action {
                Action::Update => "mutation updateApplication",
                Action::AddAttachment => "mutation uploadAttachment",
                Action::Submit => "mutation submitApplication",
                Action::Withdraw => "mutation withdrawApplication",
                Action::Take => "mutation takeApplication",
                Action::AddRemark => "mutation addRemark",
                Action::RequestInformation => "mutation requestInformation",
                Action::AnswerInformation => "mutation answerInformationRequest",
                Action::ResolveInformationItem => "mutation resolveInformationRequestItem",
                Action::Propose => "mutation proposeDecision",
                Action::ReturnForPreparation => "mutation returnForPreparation",
                Action::Decide => "mutation decide",
                Action::ExtendDeadline => "mutation extendDeadline",
            },
        }
    }

    /// Roles allowed to perform the operation, in the order preferred as the acting role.
    pub fn allowed_roles(self) -> &'static [Role] {
        match self {
            Operation::ViewSelf
            | Operation::ViewDataCatalogue
            | Operation::ViewProcessingEnvironments
            | Operation::ViewPublishedDecisions
            | Operation::ViewPublishedDecision
            | Operation::ViewDecisionStatistics
            | Operation::ExportDecisions
            | Operation::ExportDataCatalogue
            | Operation::ReadPermitSigningKeys
            | Operation::ReadPermitStatusList
            | Operation::ReadAuditCheckpoint
            | Operation::ReadAuditProof
            | Operation::DownloadPublicDecisionDocument
            | Operation::CheckLiveness
            | Operation::CheckReadiness
            | Operation::ReadMetrics
            | Operation::IssueDevelopmentToken
            | Operation::ListDevelopmentUsers
            | Operation::OpenGraphiql => &[Role::Public],
            Operation::ViewAuditLog | Operation::VerifyAuditLog => &[Role::Auditor],
            Operation::RegisterProcessingEnvironment | Operation::UpdateProcessingEnvironment => {
                &[Role::Handler]
            }
            Operation::CreateApplication | Operation::ViewMyApplications => &[Role::Applicant],
            Operation::ViewApplication
            | Operation::DownloadAttachment
            | Operation::DownloadDecisionDocument => {
                &[Role::Handler, Role::Director, Role::Applicant]
            }
            Operation::ViewApplicationQueue => &[Role::Handler, Role::Director],
            Operation::ViewPermit
            | Operation::ConfirmDataDestruction
            | Operation::DownloadPermitCredential => {
                &[Role::Handler, Role::Director, Role::Applicant]
            }
            Operation::RevokePermit => &[Role::Director],
            Operation::ViewDeliveryOrders => &[Role::Handler, Role::Director, Role::Applicant],
            Operation::UpdateDeliveryOrder => &[Role::Handler],
            Operation::RunPreparation => &[Role::Handler],
            Operation::ViewDeadLetters | Operation::RetryMessage => {
                &[Role::Handler, Role::Director]
            }
            Operation::Case(action) => action.roles(),
            Operation::FileObjection
            | Operation::ViewOwnObjections
            | Operation::ExportOwnObjectionData => &[Role::Citizen],
            Operation::RecordObjection | Operation::ViewObjection => &[Role::RegistryClerk],
            Operation::WithdrawObjection => &[Role::Citizen, Role::RegistryClerk],
            Operation::RunCohortFilter => &[Role::RegistryClerk, Role::Handler],
            Operation::ViewOrganisations | Operation::ViewOrganisation => {
                &[Role::Handler, Role::Director, Role::Applicant]
            }
            Operation::CreateOrganisation
            | Operation::UpdateOrganisation
            | Operation::EndCustomerRelationship => &[Role::Handler],
            Operation::AddContactPerson
            | Operation::UpdateContactPerson
            | Operation::RemoveContactPerson => &[Role::Handler, Role::Applicant],
            Operation::SubmitOutputRequest => &[Role::Applicant, Role::Handler],
            Operation::ViewOutputRequests | Operation::DownloadOutputFile => {
                &[Role::Handler, Role::Director, Role::Applicant]
            }
            Operation::ReviewOutputRequest | Operation::SetOutputCheckThresholds => {
                &[Role::Handler, Role::Director]
            }
            Operation::ConfirmOutputApproval => &[Role::Director],
            Operation::ViewOwnAccessLog => &[Role::Citizen, Role::Applicant],
            Operation::ViewOwnSessions
            | Operation::EndOwnSession
            | Operation::EndOtherOwnSessions => &[
                Role::Applicant,
                Role::Handler,
                Role::Director,
                Role::RegistryClerk,
                Role::Citizen,
                Role::Auditor,
                Role::Admin,
            ],
        }
    }

    /// The rule beyond the role, if any, as the permissions document states it.
    pub fn condition(self) -> Option<&'static str> {
        match self {
            Operation::ViewApplication | Operation::DownloadAttachment => {
                Some("applicants: own applications only; internal remarks hidden")
            }
            Operation::ViewPermit => Some(
                "applicants: own permits only (the holder); `Permit.credentialHistory` staff only",
            ),
            Operation::ConfirmDataDestruction | Operation::DownloadPermitCredential => {
                Some("applicants: own permits only (the holder)")
            }
            Operation::DownloadDecisionDocument => Some(
                "applicants: own application or permit only (the applicant or the holder); every download audited",
            ),
            Operation::CreateApplication => Some("amendments: the permit's holder only"),
            Operation::Case(action) => match action {
                Action::Update
                | Action::AddAttachment
                | Action::Submit
                | Action::Withdraw
                | Action::AnswerInformation => Some("own application only"),
                Action::RequestInformation | Action::ResolveInformationItem | Action::Propose => {
                    Some("the case's presenter only")
                }
                Action::Decide | Action::ReturnForPreparation => {
                    Some("never the case's presenter (four eyes)")
                }
                _ => None,
            },
            Operation::FileObjection => Some("self, or a represented person with a basis"),
            Operation::WithdrawObjection => {
                Some("citizens: own or represented person's objection only")
            }
            Operation::ViewOwnObjections | Operation::ExportOwnObjectionData => {
                Some("own and represented persons' objections only")
            }
            Operation::ViewObjection => Some("a reason is required and audited"),
            Operation::ViewOrganisations => {
                Some("applicants: only organisations they are a contact person of")
            }
            Operation::ViewOrganisation => Some(
                "applicants: own organisations only (as a contact person); staff reads of contact persons audited",
            ),
            Operation::AddContactPerson
            | Operation::UpdateContactPerson
            | Operation::RemoveContactPerson => {
                Some("applicants: own organisation's main user only")
            }
            Operation::ViewOwnSessions
            | Operation::EndOwnSession
            | Operation::EndOtherOwnSessions => Some("own sign-in sessions only"),
            Operation::ViewOwnAccessLog => Some(
                "own data only: citizens their objections, applicants their applications; staff shown by role, never by name",
            ),
            Operation::SubmitOutputRequest => Some(
                "applicants: own active permit only; handlers: a data request's statistics only",
            ),
            Operation::ViewOutputRequests => Some("applicants: own output requests only"),
            Operation::DownloadOutputFile => {
                Some("applicants: own output requests only, and only once RELEASED")
            }
            Operation::ConfirmOutputApproval => Some("never the request's reviewer (four eyes)"),
            Operation::IssueDevelopmentToken
            | Operation::ListDevelopmentUsers
            | Operation::OpenGraphiql => Some("dev mode only; absent (404) in production"),
            Operation::ViewDeliveryOrders => {
                Some("applicants: own permits' and data requests' orders only")
            }
            Operation::RunPreparation => Some(
                "an order RECEIVED or PREPARED (a rerun); also `tietolupa deliver` as the system",
            ),
            Operation::ReadMetrics => Some(
                "with TIETOLUPA_METRICS_TOKEN: only a scraper presenting it; without: dev mode only, absent (404) in production",
            ),
            _ => None,
        }
    }

    /// Whether anonymous callers may perform it; if not, they are told to authenticate
    /// rather than that they are forbidden.
    pub fn allows_anonymous(self) -> bool {
        self.allowed_roles().contains(&Role::Public)
    }

    pub fn allows(self, role: Role) -> bool {
        self.allows_anonymous() || self.allowed_roles().contains(&role)
    }
}

/// The outcome of asking whether an actor may perform an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Allowed, acting in this role.
    Granted(Role),
    /// Not signed in, and the operation needs a signed-in role.
    Unauthenticated,
    /// Signed in, but without any allowed role.
    Forbidden,
}

pub fn check(actor: &Actor, operation: Operation) -> Access {
    match actor.acting_role(operation.allowed_roles()) {
        Some(role) => Access::Granted(role),
        None if actor.kind == ActorKind::Anonymous => Access::Unauthenticated,
        None => Access::Forbidden,
    }
}

/// `docs/permissions.md`: every operation against every role.
pub fn matrix_markdown() -> String {
    let mut out = String::from(
        "# Permissions\n\n\
         Generated from `crates/domain/src/permission.rs` by `tietolupa permissions`; do not edit.\n\
         A test fails when this file and the code disagree, and the authorisation test calls\n\
         every cell against the running API.\n\n\
         `yes` = allowed for the role (subject to the condition), `-` = refused\n\
         (`UNAUTHENTICATED` without a token, `FORBIDDEN` with one).\n\n",
    );
    out.push_str("| operation |");
    for role in Role::ALL {
        out.push_str(&format!(" {} |", role.as_str()));
    }
    out.push_str(" condition |\n|---|");
    for _ in Role::ALL {
        out.push_str("---|");
    }
    out.push_str("---|\n");
    for operation in Operation::ALL {
        out.push_str(&format!("| `{}` |", operation.entry_point()));
        for role in Role::ALL {
            out.push_str(if operation.allows(role) {
                " yes |"
            } else {
                " - |"
            });
        }
        out.push_str(&format!(" {} |\n", operation.condition().unwrap_or("")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_audit_log_is_for_auditors_only() {
        let auditor = Actor::person("a", None, [Role::Auditor], None);
        let admin = Actor::person("b", None, [Role::Admin, Role::Director], None);
        assert_eq!(
            check(&auditor, Operation::ViewAuditLog),
            Access::Granted(Role::Auditor)
        );
        assert_eq!(check(&admin, Operation::ViewAuditLog), Access::Forbidden);
        assert_eq!(
            check(&Actor::public(), Operation::VerifyAuditLog),
            Access::Unauthenticated
        );
    }

    #[test]
    fn public_operations_are_open_to_everyone() {
        for operation in Operation::ALL
            .into_iter()
            .filter(|op| op.allows_anonymous())
        {
            assert_eq!(
                check(&Actor::public(), operation),
                Access::Granted(Role::Public)
            );
        }
    }

    #[test]
    fn objections_are_for_citizens_and_clerks_and_cohorts_for_staff() {
        let citizen = Actor::person("c", None, [Role::Citizen], None);
        let clerk = Actor::person("k", None, [Role::RegistryClerk], None);
        let handler = Actor::person("h", None, [Role::Handler], None);
        assert_eq!(
            check(&citizen, Operation::FileObjection),
            Access::Granted(Role::Citizen)
        );
        assert_eq!(check(&citizen, Operation::ViewObjection), Access::Forbidden);
        assert_eq!(check(&handler, Operation::ViewObjection), Access::Forbidden);
        assert_eq!(
            check(&clerk, Operation::WithdrawObjection),
            Access::Granted(Role::RegistryClerk)
        );
        assert_eq!(
            check(&handler, Operation::RunCohortFilter),
            Access::Granted(Role::Handler)
        );
        assert_eq!(
            check(&citizen, Operation::RunCohortFilter),
            Access::Forbidden
        );
        assert_eq!(
            check(&Actor::public(), Operation::ViewOwnObjections),
            Access::Unauthenticated
        );
    }

    #[test]
    fn system_jobs_hold_no_role() {
        assert_eq!(
            check(&Actor::system("seed"), Operation::ViewAuditLog),
            Access::Forbidden
        );
    }

    #[test]
    fn every_operation_appears_once_with_a_distinct_entry_point() {
        let mut entry_points: Vec<&str> =
            Operation::ALL.iter().map(|op| op.entry_point()).collect();
        entry_points.sort_unstable();
        entry_points.dedup();
        assert_eq!(entry_points.len(), Operation::ALL.len());
    }

    #[test]
    fn the_matrix_has_a_row_per_operation() {
        let markdown = matrix_markdown();
        assert_eq!(
            markdown.lines().filter(|l| l.starts_with("| `")).count(),
            Operation::ALL.len()
        );
        assert!(markdown.contains("| `mutation decide` | - | - | - | yes |"));
    }
}

//! The application commands, one mutation each, over `tietolupa_store::applications`.

use async_graphql::{Context, Object};
use tietolupa_domain::MessageKey;
use tietolupa_store::applications::attachments;
use tietolupa_store::applications::{self as store};
use time::Date;
use uuid::Uuid;

use super::{
    Application, ApplicationInput, Attachment, DecisionInput, InformationAnswerInput, ProposalInput,
};
use crate::ApiError;
use crate::context::ContextExt;
use crate::enums::{ApplicationKind, AttachmentKind, RemarkVisibility};
use crate::permits::AmendmentInput;

#[derive(Default)]
pub struct ApplicationMutation;

fn done(ctx: &Context<'_>, application: store::Application) -> Application {
    Application::single(store::viewed(application, ctx.caller()))
}

#[Object]
impl ApplicationMutation {
    /// Starts a draft (applicants). An `AMENDMENT` names one of the caller's permits and
    /// what should change; its other content comes from the permit's application (data
    /// sources, cohort and purpose cannot change).
    async fn create_application(
        &self,
        ctx: &Context<'_>,
        kind: ApplicationKind,
        #[graphql(default)] input: ApplicationInput,
        permit: Option<Uuid>,
        amendment: Option<AmendmentInput>,
    ) -> Result<Application, ApiError> {
        let amendment = match (permit, amendment) {
            (Some(permit_id), request) => Some(store::NewAmendment {
                permit_id,
                request: request.map(Into::into).unwrap_or_default(),
            }),
            (None, Some(_)) => {
                return Err(ApiError::validation(
                    "permit",
                    MessageKey::AmendmentNamesPermit,
                ));
            }
            (None, None) => None,
        };
        let application =
            store::create(ctx.db(), ctx.caller(), kind.into(), input.into(), amendment).await?;
        Ok(done(ctx, application))
    }

    /// Saves the draft's content (or changes made while answering an information request).
    async fn update_application(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        input: ApplicationInput,
        amendment: Option<AmendmentInput>,
    ) -> Result<Application, ApiError> {
        Ok(done(
            ctx,
            store::update(
                ctx.db(),
                ctx.caller(),
                id,
                version,
                input.into(),
                amendment.map(Into::into),
            )
            .await?,
        ))
    }

    /// Validates everything (reporting every problem at once) and submits.
    async fn submit_application(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
    ) -> Result<Application, ApiError> {
        Ok(done(
            ctx,
            store::submit(ctx.db(), ctx.caller(), id, version).await?,
        ))
    }

    async fn withdraw_application(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        reason: Option<String>,
    ) -> Result<Application, ApiError> {
        Ok(done(
            ctx,
            store::withdraw(ctx.db(), ctx.caller(), id, version, reason).await?,
        ))
    }

    /// The calling handler becomes the case's presenter.
    async fn take_application(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
    ) -> Result<Application, ApiError> {
        Ok(done(
            ctx,
            store::take(ctx.db(), ctx.caller(), id, version).await?,
        ))
    }

    async fn add_remark(
        &self,
        ctx: &Context<'_>,
        application_id: Uuid,
        visibility: RemarkVisibility,
        body: String,
    ) -> Result<Application, ApiError> {
        Ok(done(
            ctx,
            store::add_remark(
                ctx.db(),
                ctx.caller(),
                application_id,
                visibility.into(),
                body,
            )
            .await?,
        ))
    }

    /// Numbered questions to the applicant; stops the decision clock.
    async fn request_information(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        #[graphql(validator(max_items = 50))] items: Vec<String>,
        respond_by: Option<Date>,
    ) -> Result<Application, ApiError> {
        Ok(done(
            ctx,
            store::request_information(ctx.db(), ctx.caller(), id, version, items, respond_by)
                .await?,
        ))
    }

    /// Answers every item of the open request; restarts the clock.
    async fn answer_information_request(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        #[graphql(validator(max_items = 50))] answers: Vec<InformationAnswerInput>,
    ) -> Result<Application, ApiError> {
        let answers = answers.into_iter().map(Into::into).collect();
        Ok(done(
            ctx,
            store::answer_information_request(ctx.db(), ctx.caller(), id, version, answers).await?,
        ))
    }

    async fn resolve_information_request_item(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        item_id: Uuid,
    ) -> Result<Application, ApiError> {
        Ok(done(
            ctx,
            store::resolve_information_item(ctx.db(), ctx.caller(), id, item_id).await?,
        ))
    }

    async fn propose_decision(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        input: ProposalInput,
    ) -> Result<Application, ApiError> {
        let proposal = input.into();
        let fees = ctx.fees();
        Ok(done(
            ctx,
            store::propose(
                ctx.db(),
                ctx.caller(),
                id,
                version,
                proposal,
                fees,
                ctx.directors(),
            )
            .await?,
        ))
    }

    async fn return_for_preparation(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        reason: String,
    ) -> Result<Application, ApiError> {
        Ok(done(
            ctx,
            store::return_for_preparation(ctx.db(), ctx.caller(), id, version, reason).await?,
        ))
    }

    /// The director's decision on the proposal, possibly edited.
    async fn decide(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        #[graphql(default)] input: DecisionInput,
    ) -> Result<Application, ApiError> {
        let fees = ctx.fees();
        let (application, _) =
            store::decide(ctx.db(), ctx.caller(), id, version, input.into(), fees).await?;
        Ok(done(ctx, application))
    }

    /// Attaches a PDF or plain-text file (GraphQL multipart request) to a draft, or to an
    /// application awaiting answers. Size-limited; the SHA-256 is recorded.
    async fn upload_attachment(
        &self,
        ctx: &Context<'_>,
        application_id: Uuid,
        kind: AttachmentKind,
        file: async_graphql::Upload,
    ) -> Result<Attachment, ApiError> {
        let upload = file
            .value(ctx)
            .map_err(|_| ApiError::validation("file", MessageKey::UploadUnreadable))?;
        let files = ctx.attachment_files();
        let attachment = attachments::add(
            ctx.db(),
            ctx.caller(),
            files,
            application_id,
            kind.into(),
            &upload.filename,
            upload.content,
        )
        .await?;
        Ok(attachment.into())
    }

    /// Moves the due date, once, by at most three months.
    async fn extend_deadline(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        due_on: Date,
        reason: String,
    ) -> Result<Application, ApiError> {
        Ok(done(
            ctx,
            store::extend_deadline(ctx.db(), ctx.caller(), id, version, due_on, reason).await?,
        ))
    }
}

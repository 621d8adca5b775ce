use std::collections::HashMap;

use sea_orm::sea_query::{Expr, NullOrdering, Order};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use tietolupa_domain::Operation;
use tietolupa_domain::application::{ApplicationKind, ApplicationState, Viewer, viewer};
use tietolupa_entity::{
    application, application_event, application_remark, decision as decision_row,
    information_request, information_request_item,
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::rows;
use super::{Application, Viewed};
use crate::audit::{self, AuditEvent, AuditTarget};
use crate::page::{self, Page};
use crate::{Backend, CallContext, Db, StoreError};

/// Loads an application the caller may see; to others it does not exist, and the refusal
/// is audited. A staff read is audited too: the application holds the applicant's contact
/// data and the confidential research plan. The owner's own reads are not.
pub async fn get(db: &Db, ctx: &CallContext, id: Uuid) -> Result<Viewed, StoreError> {
    let target = AuditTarget::new(TARGET, id);
    let operation = Operation::ViewApplication;
    let viewed = audit::guard(db, ctx, operation, READ, &target, async {
        audit::role_for(ctx, operation)?;
        let row = application::Entity::find_by_id(id)
            .one(db.conn())
            .await?
            .ok_or(StoreError::NotFound { entity: TARGET })?;
        let viewer =
            viewer(&row.applicant_id, &ctx.actor).ok_or(StoreError::NotFound { entity: TARGET })?;
        Ok(Viewed {
            application: rows::load(db.conn(), row).await?,
            viewer,
        })
    })
    .await?;
    if let Viewer::Staff(role) = viewed.viewer {
        let txn = db.begin_write().await?;
        audit::append(
            &txn,
            ctx,
            AuditEvent::success(READ, Some(role)).target(TARGET, id.to_string()),
        )
        .await?;
        txn.commit().await?;
    }
    Ok(viewed)
}

const TARGET: &str = "application";
const READ: &str = "application.read";

/// The caller's own applications, newest first: `first` of them after `offset`.
pub async fn list_mine(
    db: &Db,
    ctx: &CallContext,
    first: u64,
    offset: u64,
) -> Result<Page<Application>, StoreError> {
    audit::authorize(
        db,
        ctx,
        Operation::ViewMyApplications,
        "application.list_mine",
    )
    .await?;
    let query = application::Entity::find()
        .filter(application::Column::ApplicantId.eq(ctx.actor.id.as_str()))
        .order_by_desc(application::Column::CreatedAt)
        .order_by_desc(application::Column::Id)
        .offset(offset);
    load_page(db, query, first).await
}

/// The page of `first` applications of `query` (filtered, ordered and offset), each with
/// its data sources and processors.
async fn load_page(
    db: &Db,
    query: Select<application::Entity>,
    first: u64,
) -> Result<Page<Application>, StoreError> {
    let Page { items, has_next } = page::fetch(query, db.conn(), first).await?;
    let items = rows::load_many(db.conn(), items).await?;
    Ok(Page { items, has_next })
}

/// Narrows the handlers' queue; every field optional.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    /// Default: every submitted, not yet decided or withdrawn case.
    pub states: Vec<ApplicationState>,
    pub kind: Option<ApplicationKind>,
    pub presenter_id: Option<String>,
    /// Only cases nobody has taken.
    pub unassigned: bool,
    pub due_before: Option<Date>,
    /// Only cases whose running clock is past its due date.
    pub overdue: bool,
}

/// What the queue is sorted by first; ties fall back to the due date, then to the order
/// of submission, so a page boundary never splits equal keys differently between requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueueSortField {
    #[default]
    DueDate,
    /// The workflow order (submitted, in preparation, information requested, proposed),
    /// not the alphabetical order of the stored names.
    State,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QueueOrder {
    pub field: QueueSortField,
    pub descending: bool,
}

/// The queue of cases, by default soonest due first.
pub async fn queue(
    db: &Db,
    ctx: &CallContext,
    filter: &QueueFilter,
    order: QueueOrder,
    first: u64,
    offset: u64,
) -> Result<Page<Application>, StoreError> {
    audit::authorize(
        db,
        ctx,
        Operation::ViewApplicationQueue,
        "application.queue",
    )
    .await?;
    let states: Vec<&str> = if filter.states.is_empty() {
        ApplicationState::ALL
            .into_iter()
            .filter(|s| s.is_open_case())
            .map(|s| s.as_str())
            .collect()
    } else {
        filter.states.iter().map(|s| s.as_str()).collect()
    };
    let mut query = application::Entity::find().filter(application::Column::State.is_in(states));
    if let Some(kind) = filter.kind {
        query = query.filter(application::Column::Kind.eq(kind.as_str()));
    }
    if let Some(presenter) = &filter.presenter_id {
        query = query.filter(application::Column::PresenterId.eq(presenter.as_str()));
    }
    if filter.unassigned {
        query = query.filter(application::Column::PresenterId.is_null());
    }
    if let Some(before) = filter.due_before {
        query = query.filter(application::Column::DueOn.lt(before));
    }
    if filter.overdue {
        query = query.filter(overdue_on(ctx.today()));
    }
    let direction = if order.descending {
        Order::Desc
    } else {
        Order::Asc
    };
    if order.field == QueueSortField::State {
        query = query.order_by(workflow_rank(), direction.clone());
    }
    let due_direction = if order.field == QueueSortField::DueDate {
        direction
    } else {
        Order::Asc
    };
    let query = query
        // A case without a clock has no due date to sort by: last either way.
        .order_by_with_nulls(
            due_on_as_of(db.backend(), ctx.today()),
            due_direction,
            NullOrdering::Last,
        )
        .order_by_asc(application::Column::SubmittedAt)
        .order_by_asc(application::Column::Id)
        .offset(offset);
    load_page(db, query, first).await
}

/// The due date each case shows on `today` (`DecisionClock::due_on_as_of`): a stopped
/// clock's moves on by the days it has stood still, so the queue is in the order of the
/// dates it shows. The stored `due_on` counts completed pauses only. (sea-query's
/// placeholder for a custom expression is each engine's own: `?`, `$1`.)
fn due_on_as_of(backend: Backend, today: Date) -> Expr {
    let sql = match backend {
        Backend::Sqlite => {
            "CASE WHEN paused_since IS NULL THEN due_on ELSE date(due_on, '+' || \
             MAX(0, CAST(julianday(?) - julianday(paused_since) AS INTEGER)) || ' days') END"
        }
        Backend::Postgres => {
            "CASE WHEN paused_since IS NULL THEN due_on \
             ELSE due_on + GREATEST(0, CAST($1 AS date) - paused_since) END"
        }
    };
    Expr::cust_with_values(sql, [sea_orm::Value::from(today)])
}

/// A state's place in the workflow (`ApplicationState::ALL` is in that order), as SQL.
fn workflow_rank() -> Expr {
    let mut ranks = ApplicationState::ALL.into_iter().zip(0i32..);
    let (state, rank) = ranks.next().expect("at least one state");
    let mut case = Expr::case(application::Column::State.eq(state.as_str()), rank);
    for (state, rank) in ranks {
        case = case.case(application::Column::State.eq(state.as_str()), rank);
    }
    case.finally(i32::MAX).into()
}

/// Cases whose running clock is past its due date on `today`: the queue's `overdue`
/// filter and the overdue gauge of `/metrics` count the same thing as the case's own
/// `deadline.overdue`. This is `DecisionClock::is_overdue_in` in SQL: an open case, a clock
/// not standing still, and today after the stored due date (which counts completed
/// pauses only, as `DecisionClock::due_on` does).
pub fn overdue_on(today: Date) -> Condition {
    let open: Vec<&str> = ApplicationState::ALL
        .into_iter()
        .filter(|s| s.is_open_case())
        .map(|s| s.as_str())
        .collect();
    Condition::all()
        .add(application::Column::State.is_in(open))
        .add(application::Column::PausedSince.is_null())
        .add(application::Column::DueOn.lt(today))
}

/// One step of a case's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: Uuid,
    pub occurred_at: OffsetDateTime,
    pub actor_id: String,
    pub actor_name: Option<String>,
    pub actor_role: Option<String>,
    pub action: String,
    pub from_state: Option<ApplicationState>,
    pub to_state: ApplicationState,
    /// `None` for applicants when the comment was internal.
    pub comment: Option<String>,
}

pub async fn history(
    db: &Db,
    application_id: Uuid,
    viewer: Viewer,
) -> Result<Vec<Event>, StoreError> {
    let rows = application_event::Entity::find()
        .filter(application_event::Column::ApplicationId.eq(application_id))
        .order_by_asc(application_event::Column::OccurredAt)
        .order_by_asc(application_event::Column::Id)
        .all(db.conn())
        .await?;
    Ok(rows
        .into_iter()
        .map(|e| Event {
            id: e.id,
            occurred_at: e.occurred_at,
            actor_id: e.actor_id,
            actor_name: e.actor_name,
            actor_role: e.actor_role,
            action: e.action,
            from_state: e.from_state.as_deref().and_then(ApplicationState::parse),
            to_state: ApplicationState::parse(&e.to_state).unwrap_or(ApplicationState::Draft),
            comment: if e.comment_internal && !viewer.sees_internal() {
                None
            } else {
                e.comment
            },
        })
        .collect())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemarkVisibility {
    /// Staff only.
    Internal,
    /// Staff and the applicant.
    ToApplicant,
}

impl RemarkVisibility {
    pub fn as_str(self) -> &'static str {
        match self {
            RemarkVisibility::Internal => "INTERNAL",
            RemarkVisibility::ToApplicant => "TO_APPLICANT",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remark {
    pub id: Uuid,
    pub visibility: RemarkVisibility,
    pub author_id: String,
    pub author_name: Option<String>,
    pub body: String,
    pub created_at: OffsetDateTime,
}

/// Remarks the viewer may read: applicants never see internal ones.
pub async fn remarks(
    db: &Db,
    application_id: Uuid,
    viewer: Viewer,
) -> Result<Vec<Remark>, StoreError> {
    let mut query = application_remark::Entity::find()
        .filter(application_remark::Column::ApplicationId.eq(application_id));
    if !viewer.sees_internal() {
        query = query.filter(
            application_remark::Column::Visibility.eq(RemarkVisibility::ToApplicant.as_str()),
        );
    }
    let rows = query
        .order_by_asc(application_remark::Column::CreatedAt)
        .order_by_asc(application_remark::Column::Id)
        .all(db.conn())
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| Remark {
            id: r.id,
            visibility: if r.visibility == "INTERNAL" {
                RemarkVisibility::Internal
            } else {
                RemarkVisibility::ToApplicant
            },
            author_id: r.author_id,
            author_name: r.author_name,
            body: r.body,
            created_at: r.created_at,
        })
        .collect())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InformationRequest {
    pub id: Uuid,
    pub number: i32,
    pub requested_by: String,
    pub requested_at: OffsetDateTime,
    pub respond_by: Option<Date>,
    pub answered_at: Option<OffsetDateTime>,
    pub items: Vec<InformationRequestItem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InformationRequestItem {
    pub id: Uuid,
    pub number: i32,
    pub question: String,
    pub answer: Option<String>,
    pub answered_at: Option<OffsetDateTime>,
    pub resolved_at: Option<OffsetDateTime>,
}

pub async fn information_requests(
    db: &Db,
    application_id: Uuid,
) -> Result<Vec<InformationRequest>, StoreError> {
    let requests = information_request::Entity::find()
        .filter(information_request::Column::ApplicationId.eq(application_id))
        .order_by_asc(information_request::Column::Number)
        .all(db.conn())
        .await?;
    let ids: Vec<Uuid> = requests.iter().map(|r| r.id).collect();
    let items = information_request_item::Entity::find()
        .filter(information_request_item::Column::RequestId.is_in(ids))
        .order_by_asc(information_request_item::Column::Number)
        .all(db.conn())
        .await?;
    Ok(requests
        .into_iter()
        .map(|r| InformationRequest {
            items: items
                .iter()
                .filter(|i| i.request_id == r.id)
                .map(|i| InformationRequestItem {
                    id: i.id,
                    number: i.number,
                    question: i.question.clone(),
                    answer: i.answer.clone(),
                    answered_at: i.answered_at,
                    resolved_at: i.resolved_at,
                })
                .collect(),
            id: r.id,
            number: r.number,
            requested_by: r.requested_by,
            requested_at: r.requested_at,
            respond_by: r.respond_by,
            answered_at: r.answered_at,
        })
        .collect())
}

/// The decision on a decided application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub id: Uuid,
    pub decision_number: String,
    pub decided_on: Date,
    pub decided_at: OffsetDateTime,
    pub outcome: tietolupa_domain::application::DecisionOutcome,
    pub reasoning: String,
    pub conditions: Option<String>,
    pub granted_data_source_ids: Vec<Uuid>,
    pub valid_until: Option<Date>,
    pub fee_category: tietolupa_domain::application::FeeCategory,
    pub fee_cents: i64,
    pub presenter_id: String,
    pub presenter_name: Option<String>,
    pub decider_id: String,
    pub decider_name: Option<String>,
    pub edited_by_decider: bool,
}

pub async fn decision(db: &Db, application_id: Uuid) -> Result<Option<Decision>, StoreError> {
    let mut found = decisions(db, &[application_id]).await?;
    Ok(found.remove(&application_id))
}

/// The decisions of the decided applications among `application_ids`, by application, in
/// one query (list views show the decision of every row).
pub async fn decisions(
    db: &Db,
    application_ids: &[Uuid],
) -> Result<HashMap<Uuid, Decision>, StoreError> {
    if application_ids.is_empty() {
        return Ok(HashMap::new());
    }
    decision_row::Entity::find()
        .filter(decision_row::Column::ApplicationId.is_in(application_ids.to_vec()))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|row| Ok((row.application_id, to_decision(row)?)))
        .collect()
}

fn to_decision(row: decision_row::Model) -> Result<Decision, StoreError> {
    Ok(Decision {
        id: row.id,
        decision_number: row.decision_number,
        decided_on: row.decided_on,
        decided_at: row.decided_at,
        outcome: tietolupa_domain::application::DecisionOutcome::parse(&row.outcome)
            .ok_or_else(|| rows::corrupt("decision outcome"))?,
        reasoning: row.reasoning,
        conditions: row.conditions,
        granted_data_source_ids: serde_json::from_value(row.granted_data_source_ids)
            .map_err(|_| rows::corrupt("granted data sources"))?,
        valid_until: row.valid_until,
        fee_category: tietolupa_domain::application::FeeCategory::parse(&row.fee_category)
            .ok_or_else(|| rows::corrupt("fee category"))?,
        fee_cents: row.fee_cents,
        presenter_id: row.presenter_id,
        presenter_name: row.presenter_name,
        decider_id: row.decider_id,
        decider_name: row.decider_name,
        edited_by_decider: row.edited_by_decider,
    })
}

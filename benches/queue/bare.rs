//! The limit: a bare axum + sqlx server that answers the queue page's POST with the
//! statements the product runs for it (captured with PostgreSQL's `log_statement = all`,
//! see docs/benchmarks.md), rows decoded into plain structs and the JSON written once by
//! serde. It reads the variables the web app sends and answers the first pages of the
//! default queue (open cases, soonest due first), which is what the bench asks; any other
//! filter or order is refused rather than answered differently.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sea_orm::sqlx::{self, PgPool, Row};
use serde::{Deserialize, Serialize, Serializer};
use tietolupa_domain::application::{ApplicationState, DecisionClock};
use tietolupa_domain::calendar::helsinki_date;
use tietolupa_domain::message::ReminderPolicy;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// The page: every column of `application` (SeaORM selects the whole model), the open
/// states, the due date as shown today, then the order of submission.
const PAGE: &str = r#"SELECT "application"."id", "application"."kind", "application"."state", "application"."version", "application"."applicant_id", "application"."diary_number", "application"."diary_year", "application"."diary_seq", "application"."applicant_name", "application"."organisation_name", "application"."business_id", "application"."contact_email", "application"."billing_reference", "application"."title", "application"."public_summary", "application"."purpose", "application"."research_plan", "application"."cohort_definition", "application"."minimisation_justification", "application"."processing_environment_id", "application"."requested_validity_end", "application"."ethics_statement_needed", "application"."ethics_reference", "application"."dpia_done", "application"."is_thesis", "application"."applicant_outside_eea", "application"."presenter_id", "application"."presenter_name", "application"."submitted_at", "application"."clock_started_on", "application"."paused_days", "application"."paused_since", "application"."extension_days", "application"."extension_reason", "application"."due_on", "application"."submitted_content", "application"."proposal", "application"."proposed_by", "application"."proposed_at", "application"."created_at", "application"."updated_at", "application"."permit_id", "application"."amendment", "application"."organisation_id" FROM "application" WHERE "application"."state" IN ($1, $2, $3, $4) ORDER BY CASE WHEN paused_since IS NULL THEN due_on ELSE due_on + GREATEST(0, CAST($5 AS date) - paused_since) END ASC NULLS LAST, "application"."submitted_at" ASC, "application"."id" ASC LIMIT $6 OFFSET $7"#;

const SOURCES: &str = r#"SELECT "application_data_source"."id", "application_data_source"."application_id", "application_data_source"."position", "application_data_source"."data_source_id", "application_data_source"."variables", "application_data_source"."period_from", "application_data_source"."period_to" FROM "application_data_source" WHERE "application_data_source"."application_id" IN ({ids}) ORDER BY "application_data_source"."position" ASC"#;

const PROCESSORS: &str = r#"SELECT "application_processor"."id", "application_processor"."application_id", "application_processor"."position", "application_processor"."first_name", "application_processor"."last_name", "application_processor"."organisation", "application_processor"."nda_signed" FROM "application_processor" WHERE "application_processor"."application_id" IN ({ids}) ORDER BY "application_processor"."position" ASC"#;

/// The statements of the bare server, in the order it runs them, for the report.
pub fn statements(page: usize) -> [String; 3] {
    [
        PAGE.to_owned(),
        with_ids(SOURCES, page),
        with_ids(PROCESSORS, page),
    ]
}

fn with_ids(sql: &str, n: usize) -> String {
    let list: Vec<String> = (1..=n).map(|k| format!("${k}")).collect();
    sql.replace("{ids}", &list.join(", "))
}

// ---------------------------------------------------------------------------------------
// The request: the web app's body, of which only the variables matter here.

#[derive(Deserialize)]
struct Request {
    #[serde(default)]
    variables: Variables,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Variables {
    first: Option<i64>,
    after: Option<String>,
    #[serde(default)]
    filter: Filter,
    order_by: Option<Order>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Filter {
    #[serde(default)]
    states: Vec<String>,
    kind: Option<String>,
    presenter_id: Option<String>,
    #[serde(default)]
    unassigned: bool,
    due_before: Option<String>,
    #[serde(default)]
    overdue: bool,
}

#[derive(Deserialize)]
struct Order {
    field: String,
    direction: Option<String>,
}

impl Variables {
    /// The default queue: no filter, soonest due first.
    fn is_default_queue(&self) -> bool {
        let f = &self.filter;
        f.states.is_empty()
            && f.kind.is_none()
            && f.presenter_id.is_none()
            && !f.unassigned
            && f.due_before.is_none()
            && !f.overdue
            && self
                .order_by
                .as_ref()
                .is_none_or(|o| o.field == "DUE_DATE" && o.direction.as_deref() != Some("DESC"))
    }
}

// ---------------------------------------------------------------------------------------
// The answer, in the order of the web app's selection (urql adds `__typename` last).

fn rfc3339<S: Serializer>(at: &Option<OffsetDateTime>, s: S) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => {
            let text = at
                .format(&Rfc3339)
                .map_err(<S::Error as serde::ser::Error>::custom)?;
            s.serialize_str(&text)
        }
        None => s.serialize_none(),
    }
}

fn date<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

#[derive(Serialize)]
struct Body {
    data: Data,
}

#[derive(Serialize)]
struct Data {
    #[serde(rename = "applicationQueue")]
    application_queue: Connection,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Connection {
    page_info: PageInfo,
    nodes: Vec<Node>,
    #[serde(rename = "__typename")]
    typename: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PageInfo {
    has_next_page: bool,
    end_cursor: Option<String>,
    #[serde(rename = "__typename")]
    typename: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Node {
    id: Uuid,
    kind: String,
    state: String,
    diary_number: Option<String>,
    title: Option<String>,
    applicant_name: Option<String>,
    organisation_name: Option<String>,
    #[serde(serialize_with = "rfc3339")]
    submitted_at: Option<OffsetDateTime>,
    presenter: Option<Person>,
    deadline: Option<Deadline>,
    proposal: Option<Proposal>,
    #[serde(rename = "__typename")]
    typename: &'static str,
}

#[derive(Serialize)]
struct Person {
    id: String,
    name: Option<String>,
    #[serde(rename = "__typename")]
    typename: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Deadline {
    #[serde(serialize_with = "date")]
    due_on: Date,
    paused: bool,
    overdue: bool,
    due_soon: bool,
    days_left: i64,
    #[serde(rename = "__typename")]
    typename: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Proposal {
    outcome: String,
    #[serde(serialize_with = "rfc3339")]
    proposed_at: Option<OffsetDateTime>,
    #[serde(rename = "__typename")]
    typename: &'static str,
}

/// The stored proposal's JSON, of which the queue shows the outcome.
#[derive(Deserialize)]
struct StoredProposal {
    content: StoredContent,
}

#[derive(Deserialize)]
struct StoredContent {
    outcome: String,
}

/// A requested data source and a processor, as the product loads them with the page.
#[allow(dead_code)]
struct Source {
    application_id: Uuid,
    data_source_id: Uuid,
    variables: String,
    period_from: Option<Date>,
    period_to: Option<Date>,
}

#[allow(dead_code)]
struct Processor {
    application_id: Uuid,
    first_name: String,
    last_name: String,
    organisation: String,
    nda_signed: bool,
}

const OPEN: [ApplicationState; 4] = [
    ApplicationState::Submitted,
    ApplicationState::InPreparation,
    ApplicationState::InformationRequested,
    ApplicationState::Proposed,
];

fn node(r: &sqlx::postgres::PgRow, today: Date, reminders: &ReminderPolicy) -> Node {
    let state: String = r.get("state");
    let open = OPEN.iter().any(|s| s.as_str() == state);
    let clock = DecisionClock {
        started_on: r.get("clock_started_on"),
        paused_days: i64::from(r.get::<i32, _>("paused_days")),
        paused_since: r.get("paused_since"),
        extension_days: i64::from(r.get::<i32, _>("extension_days")),
    };
    let deadline = clock.started_on.map(|started_on| {
        let due_on = clock.due_on_as_of(today).unwrap_or(started_on);
        let paused = clock.is_paused();
        Deadline {
            due_on,
            paused,
            overdue: open && clock.is_overdue(today),
            due_soon: open && !paused && reminders.warns_of(due_on, today),
            days_left: (due_on - today).whole_days(),
            typename: "Deadline",
        }
    });
    let proposal: Option<sqlx::types::Json<StoredProposal>> = r.get("proposal");
    let presenter_id: Option<String> = r.get("presenter_id");
    Node {
        id: r.get("id"),
        kind: r.get("kind"),
        state,
        diary_number: r.get("diary_number"),
        title: r.get("title"),
        applicant_name: r.get("applicant_name"),
        organisation_name: r.get("organisation_name"),
        submitted_at: r.get("submitted_at"),
        presenter: presenter_id.map(|id| Person {
            id,
            name: r.get("presenter_name"),
            typename: "Person",
        }),
        deadline,
        proposal: proposal.map(|p| Proposal {
            outcome: p.0.content.outcome,
            proposed_at: r.get("proposed_at"),
            typename: "Proposal",
        }),
        typename: "Application",
    }
}

async fn page(pool: &PgPool, first: i64, offset: i64) -> Result<Body, sqlx::Error> {
    let today = helsinki_date(OffsetDateTime::now_utc());
    let reminders = ReminderPolicy::default();
    let mut query = sqlx::query(PAGE);
    for s in OPEN {
        query = query.bind(s.as_str());
    }
    let rows = query
        .bind(today)
        .bind(first + 1)
        .bind(offset)
        .fetch_all(pool)
        .await?;
    let has_next_page = rows.len() as i64 > first;
    let rows = &rows[..rows.len().min(first as usize)];
    let nodes: Vec<Node> = rows.iter().map(|r| node(r, today, &reminders)).collect();
    let ids: Vec<Uuid> = nodes.iter().map(|n| n.id).collect();
    // The page's data sources and processors, which the product reads with every page.
    let [_, sources_sql, processors_sql] = statements(ids.len());
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sources_sql));
    for id in &ids {
        query = query.bind(*id);
    }
    let _sources: Vec<Source> = query
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Source {
            application_id: r.get("application_id"),
            data_source_id: r.get("data_source_id"),
            variables: r.get("variables"),
            period_from: r.get("period_from"),
            period_to: r.get("period_to"),
        })
        .collect();
    let mut query = sqlx::query(sqlx::AssertSqlSafe(processors_sql));
    for id in &ids {
        query = query.bind(*id);
    }
    let _processors: Vec<Processor> = query
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Processor {
            application_id: r.get("application_id"),
            first_name: r.get("first_name"),
            last_name: r.get("last_name"),
            organisation: r.get("organisation"),
            nda_signed: r.get("nda_signed"),
        })
        .collect();
    let end_cursor = (!nodes.is_empty())
        .then(|| URL_SAFE_NO_PAD.encode(format!("queue:{}", offset + nodes.len() as i64)));
    Ok(Body {
        data: Data {
            application_queue: Connection {
                page_info: PageInfo {
                    has_next_page,
                    end_cursor,
                    typename: "PageInfo",
                },
                nodes,
                typename: "ApplicationConnection",
            },
        },
    })
}

async fn queue(State(pool): State<Arc<PgPool>>, body: axum::body::Bytes) -> Response {
    let Ok(request) = serde_json::from_slice::<Request>(&body) else {
        return (StatusCode::BAD_REQUEST, "not a GraphQL request").into_response();
    };
    let variables = request.variables;
    if !variables.is_default_queue() {
        return (
            StatusCode::BAD_REQUEST,
            "the bare server answers the default queue",
        )
            .into_response();
    }
    let first = variables.first.unwrap_or(50).clamp(1, 200);
    let offset = match variables.after.as_deref() {
        None => 0,
        Some(cursor) => match URL_SAFE_NO_PAD
            .decode(cursor)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|t| t.strip_prefix("queue:").and_then(|p| p.parse().ok()))
        {
            Some(position) => position,
            None => return (StatusCode::BAD_REQUEST, "not a cursor").into_response(),
        },
    };
    match page(&pool, first, offset).await {
        Ok(body) => (
            [(CONTENT_TYPE, "application/json")],
            serde_json::to_vec(&body).expect("serialise"),
        )
            .into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// Serves `POST /graphql` on `listen` over a pool of `connections` to `url`, on tokio's
/// multi-threaded runtime (a worker per core), until killed.
pub fn run(listen: &str, url: &str, connections: u32) {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async move {
        let pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(connections)
            .connect(url)
            .await
            .expect("connect");
        let app = Router::new()
            .route("/graphql", post(queue))
            .route("/readyz", axum::routing::get(|| async { "ok" }))
            .with_state(Arc::new(pool));
        let listener = tokio::net::TcpListener::bind(listen).await.expect("bind");
        axum::serve(listener, app).await.expect("serve");
    });
}

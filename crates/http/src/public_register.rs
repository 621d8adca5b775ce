//! Open data: `GET /api/decisions.csv`, `/api/decisions.json` and `/api/decisions.atom`.
//! The same filters as `publishedDecisions` as query parameters (`q`, `kind`, `outcome`,
//! `purpose`, `dataController`, `year`, `status`); column names are stable and documented
//! in docs/open-data.md. Everything comes from the public register's read model.

use std::collections::HashMap;
use tietolupa_domain::MessageKey;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};
use tietolupa_domain::application::{ApplicationKind, DecisionOutcome, Purpose};
use tietolupa_domain::permit::PermitStatus;
use tietolupa_domain::sign_in::UiLanguage;
use tietolupa_store::documents::{self, Of};
use tietolupa_store::public_register::{self, PublishedDecision, RegisterFilter};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::error::HttpError;
use crate::request::Caller;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/decisions.csv", get(csv_export))
        .route("/api/decisions.json", get(json_export))
        .route("/api/decisions.atom", get(atom_feed))
}

/// The columns of the CSV export and the keys of the JSON export, in order.
pub const COLUMNS: [&str; 24] = [
    "diary_number",
    "decision_number",
    "decided_on",
    "kind",
    "outcome",
    "purpose",
    "title",
    "public_summary",
    "holder",
    "data_controllers",
    "registers",
    "processing_environment",
    "valid_from",
    "valid_until",
    "permit_status",
    "amends_diary_number",
    "amendments",
    "combined_into_diary_number",
    "data_controllers_fi",
    "data_controllers_sv",
    "registers_fi",
    "registers_sv",
    "document_url",
    "revocation_document_url",
];

/// Entries in the Atom feed.
const FEED_SIZE: u64 = 50;

fn filter(params: &HashMap<String, String>) -> Result<RegisterFilter, HttpError> {
    const KNOWN: [&str; 7] = [
        "q",
        "kind",
        "outcome",
        "purpose",
        "dataController",
        "year",
        "status",
    ];
    if let Some(unknown) = params.keys().find(|k| !KNOWN.contains(&k.as_str())) {
        return Err(HttpError::validation(
            unknown,
            MessageKey::UnknownParameter {
                known: KNOWN.join(", "),
            },
        ));
    }
    let get = |name: &str| params.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    fn parsed<T>(
        value: Option<&str>,
        field: &str,
        parse: fn(&str) -> Option<T>,
    ) -> Result<Option<T>, HttpError> {
        value
            .map(|v| parse(v).ok_or_else(|| HttpError::validation(field, MessageKey::UnknownValue)))
            .transpose()
    }
    Ok(RegisterFilter {
        text: get("q").map(str::to_owned),
        kind: parsed(get("kind"), "kind", ApplicationKind::parse)?,
        outcome: parsed(get("outcome"), "outcome", DecisionOutcome::parse)?,
        purpose: parsed(get("purpose"), "purpose", Purpose::parse)?,
        data_controller: get("dataController").map(str::to_owned),
        year: get("year")
            .map(|y| {
                y.parse::<i32>()
                    .ok()
                    .filter(|y| (1900..=9999).contains(y))
                    .ok_or_else(|| HttpError::validation("year", MessageKey::NotAYear))
            })
            .transpose()?,
        permit_status: parsed(get("status"), "status", PermitStatus::parse)?,
    })
}

/// The controllers named, each once, in `language`.
fn controllers(d: &PublishedDecision, language: UiLanguage) -> Vec<String> {
    d.data_controllers()
        .iter()
        .map(|n| n.get(language).to_owned())
        .collect()
}

/// `Controller: Register` per data source, in `language`.
fn registers(d: &PublishedDecision, language: UiLanguage) -> Vec<String> {
    d.registers
        .iter()
        .map(|r| {
            format!(
                "{}: {}",
                r.data_controller.get(language),
                r.register.get(language)
            )
        })
        .collect()
}

/// One decision as the export's columns, lists as JSON arrays. The unsuffixed name
/// columns are English, as they were before the catalogue had other languages.
fn record(d: &PublishedDecision) -> Value {
    json!({
        "diary_number": d.diary_number,
        "decision_number": d.decision_number,
        "decided_on": d.decided_on.to_string(),
        "kind": d.kind.as_str(),
        "outcome": d.outcome.as_str(),
        "purpose": d.purpose.map(|p| p.as_str()),
        "title": d.title,
        "public_summary": d.public_summary,
        "holder": d.holder,
        "data_controllers": controllers(d, UiLanguage::En),
        "registers": registers(d, UiLanguage::En),
        "processing_environment": d.processing_environment,
        "valid_from": d.valid_from.map(|v| v.to_string()),
        "valid_until": d.valid_until.map(|v| v.to_string()),
        "permit_status": d.permit_status.map(|s| s.as_str()),
        "amends_diary_number": d.amends_diary_number,
        "amendments": d.amendments.iter().map(|a| a.decision_number.clone()).collect::<Vec<_>>(),
        "combined_into_diary_number": d.combined_into_diary_number,
        "data_controllers_fi": controllers(d, UiLanguage::Fi),
        "data_controllers_sv": controllers(d, UiLanguage::Sv),
        "registers_fi": registers(d, UiLanguage::Fi),
        "registers_sv": registers(d, UiLanguage::Sv),
        "document_url": documents::public_url(&d.diary_number, Of::Decision),
        "revocation_document_url": documents::public_revocation_url(&d.diary_number, d.permit_status),
    })
}

/// RFC 4180 quoting; cells that a spreadsheet would run as a formula get a leading `'`.
fn csv_cell(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

fn csv(decisions: &[PublishedDecision]) -> String {
    let mut out = COLUMNS.join(",");
    out.push_str("\r\n");
    for d in decisions {
        let r = record(d);
        let cells: Vec<String> = COLUMNS
            .iter()
            .map(|c| match &r[*c] {
                Value::Null => String::new(),
                Value::String(s) => csv_cell(s),
                Value::Array(items) => csv_cell(
                    &items
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                other => csv_cell(&other.to_string()),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

fn xml_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn rfc3339_micros(micros: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_owned())
}

fn atom(decisions: &[PublishedDecision]) -> String {
    let updated = decisions
        .first()
        .map(|d| rfc3339_micros(d.decided_at_micros))
        .unwrap_or_else(|| rfc3339_micros(0));
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str("  <id>urn:tietolupa:decisions</id>\n");
    out.push_str("  <title>Tietolupa: decisions on data permits and data requests</title>\n");
    out.push_str(&format!("  <updated>{updated}</updated>\n"));
    out.push_str("  <author><name>Tietolupa</name></author>\n");
    out.push_str("  <link rel=\"self\" href=\"/api/decisions.atom\"/>\n");
    for d in decisions {
        let title = format!("{} {}: {}", d.decision_number, d.outcome.as_str(), d.title);
        let summary = format!(
            "{} ({}, {}). Holder: {}. Registers: {}.",
            d.public_summary,
            d.kind.as_str(),
            d.diary_number,
            d.holder,
            registers(d, UiLanguage::En).join("; ")
        );
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <id>urn:uuid:{}</id>\n", d.id));
        out.push_str(&format!("    <title>{}</title>\n", xml_escape(&title)));
        out.push_str(&format!(
            "    <updated>{}</updated>\n",
            rfc3339_micros(d.decided_at_micros)
        ));
        out.push_str(&format!(
            "    <link rel=\"alternate\" href=\"/api/decisions.json?q={}\"/>\n",
            xml_escape(&d.diary_number.replace('/', "%2F"))
        ));
        out.push_str(&format!(
            "    <link rel=\"related\" type=\"application/pdf\" title=\"{}\" href=\"{}\"/>\n",
            xml_escape(&d.decision_number),
            xml_escape(&documents::public_url(&d.diary_number, Of::Decision))
        ));
        if let Some(url) = documents::public_revocation_url(&d.diary_number, d.permit_status) {
            out.push_str(&format!(
                "    <link rel=\"related\" type=\"application/pdf\" title=\"revocation\" href=\"{}\"/>\n",
                xml_escape(&url)
            ));
        }
        out.push_str(&format!(
            "    <summary type=\"text\">{}</summary>\n",
            xml_escape(&summary)
        ));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

fn respond(content_type: &'static str, body: String) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response.headers_mut().insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    response
}

async fn decisions(
    state: &AppState,
    ctx: &tietolupa_store::CallContext,
    params: &HashMap<String, String>,
    limit: u64,
) -> Result<Vec<PublishedDecision>, HttpError> {
    let filter = filter(params)?;
    public_register::export(&state.db, ctx, &filter, limit)
        .await
        .map_err(HttpError::from)
}

#[tracing::instrument(skip_all, fields(route = "/api/decisions.csv", request_id = ctx.request_id.as_deref()))]
async fn csv_export(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, HttpError> {
    let list = decisions(&state, &ctx, &params, public_register::EXPORT_MAX).await?;
    Ok(respond("text/csv; charset=utf-8", csv(&list)))
}

#[tracing::instrument(skip_all, fields(route = "/api/decisions.json", request_id = ctx.request_id.as_deref()))]
async fn json_export(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, HttpError> {
    let list = decisions(&state, &ctx, &params, public_register::EXPORT_MAX).await?;
    let body = json!({
        "columns": COLUMNS,
        "count": list.len(),
        "decisions": list.iter().map(record).collect::<Vec<_>>(),
    });
    Ok(respond("application/json", body.to_string()))
}

#[tracing::instrument(skip_all, fields(route = "/api/decisions.atom", request_id = ctx.request_id.as_deref()))]
async fn atom_feed(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, HttpError> {
    let list = decisions(&state, &ctx, &params, FEED_SIZE).await?;
    Ok(respond("application/atom+xml; charset=utf-8", atom(&list)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_formulas_defused() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_cell("line\nbreak"), "\"line\nbreak\"");
    }

    #[test]
    fn xml_is_escaped() {
        assert_eq!(
            xml_escape("<a href=\"x\">Tom & 'Jerry'</a>\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;"
        );
    }

    #[test]
    fn unknown_parameters_and_values_are_refused() {
        let params = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<HashMap<_, _>>()
        };
        assert!(filter(&params(&[("kind", "DATA_PERMIT"), ("year", "2026")])).is_ok());
        assert_eq!(
            filter(&params(&[("kind", "permit")]))
                .unwrap_err()
                .error
                .code(),
            "VALIDATION"
        );
        assert_eq!(
            filter(&params(&[("year", "x")])).unwrap_err().error.code(),
            "VALIDATION"
        );
        assert_eq!(
            filter(&params(&[("sort", "x")])).unwrap_err().error.code(),
            "VALIDATION"
        );
    }
}

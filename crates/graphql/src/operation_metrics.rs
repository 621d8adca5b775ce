//! Times every GraphQL request and reports it, under a bounded operation label, to an
//! [`OperationObserver`] that the HTTP layer puts in the request's data (`/metrics`).
//!
//! The label is the name of the operation the document actually holds and runs, never a
//! value from the request's arguments or variables: `anonymous` for an unnamed operation,
//! `invalid` when the document does not parse, `unknown` when the requested name is not in
//! the document, and `other` for a name that could carry data (see [`is_safe_label`]).
//! The observer caps how many distinct names it keeps.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextPrepareRequest, NextRequest,
};
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument};
use async_graphql::{Request, Response, ServerResult, Variables};

/// Whether a request's response carried errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationOutcome {
    Ok,
    Error,
}

impl OperationOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            OperationOutcome::Ok => "ok",
            OperationOutcome::Error => "error",
        }
    }
}

/// Receives one call per GraphQL request.
pub trait OperationObserver: Send + Sync + 'static {
    fn observe(&self, operation: &str, outcome: OperationOutcome, elapsed: Duration);
}

/// What the HTTP layer adds to a request's data for the extension to find.
pub type SharedObserver = Arc<dyn OperationObserver>;

/// The extension factory, registered once on the schema.
pub struct OperationMetrics;

impl ExtensionFactory for OperationMetrics {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(OperationTimer::default())
    }
}

#[derive(Default)]
struct OperationTimer {
    state: Mutex<TimerState>,
}

#[derive(Default)]
struct TimerState {
    requested: Option<String>,
    label: Option<String>,
    observer: Option<SharedObserver>,
}

#[async_graphql::async_trait::async_trait]
impl Extension for OperationTimer {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let started = Instant::now();
        let response = next.run(ctx).await;
        let elapsed = started.elapsed();
        let (observer, label) = match self.state.lock() {
            Ok(mut state) => (state.observer.take(), state.label.take()),
            Err(_) => (None, None),
        };
        if let Some(observer) = observer {
            let outcome = if response.errors.is_empty() {
                OperationOutcome::Ok
            } else {
                OperationOutcome::Error
            };
            observer.observe(label.as_deref().unwrap_or("invalid"), outcome, elapsed);
        }
        response
    }

    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        if let Ok(mut state) = self.state.lock() {
            state.requested = request.operation_name.clone();
            state.observer = request
                .data
                .get(&std::any::TypeId::of::<SharedObserver>())
                .and_then(|d| d.downcast_ref::<SharedObserver>())
                .cloned();
        }
        next.run(ctx, request).await
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await;
        if let Ok(mut state) = self.state.lock() {
            let label = match &document {
                Ok(document) => operation_label(document, state.requested.as_deref()),
                Err(_) => "invalid".to_owned(),
            };
            state.label = Some(label);
        }
        document
    }
}

/// The label of the operation `document` runs when `requested` is asked for.
pub fn operation_label(document: &ExecutableDocument, requested: Option<&str>) -> String {
    let name = match (&document.operations, requested) {
        (DocumentOperations::Single(_), None) => return "anonymous".to_owned(),
        (DocumentOperations::Multiple(operations), None) if operations.len() == 1 => operations
            .keys()
            .next()
            .map(|name| name.as_str().to_owned()),
        (DocumentOperations::Multiple(operations), Some(requested)) => operations
            .keys()
            .find(|name| name.as_str() == requested)
            .map(|name| name.as_str().to_owned()),
        // Several operations and none chosen, or a name asked of an anonymous one: the
        // request fails, and the name asked for is not in the document.
        _ => None,
    };
    match name {
        Some(name) if is_safe_label(&name) => name,
        Some(_) => "other".to_owned(),
        None => "unknown".to_owned(),
    }
}

/// Operation names are chosen by clients. One that is long, or holds a run of three or
/// more digits (an identity code has six, then three), might carry data, so it is not
/// used as a label.
pub fn is_safe_label(name: &str) -> bool {
    let mut digits = 0;
    for c in name.chars() {
        if c.is_ascii_digit() {
            digits += 1;
            if digits >= 3 {
                return false;
            }
        } else {
            digits = 0;
        }
    }
    !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::parse_query;

    use super::*;

    fn label(query: &str, requested: Option<&str>) -> String {
        operation_label(&parse_query(query).unwrap(), requested)
    }

    #[test]
    fn labels_come_from_the_document() {
        assert_eq!(label("{ me { roles } }", None), "anonymous");
        assert_eq!(label("query Me { me { roles } }", None), "Me");
        let two = "query A { me { roles } } query B { me { name } }";
        assert_eq!(label(two, Some("B")), "B");
        assert_eq!(label(two, None), "unknown");
        // A name that is not in the document is never echoed.
        assert_eq!(label(two, Some("NotThere")), "unknown");
        assert_eq!(label("{ me { roles } }", Some("Me")), "unknown");
    }

    #[test]
    fn names_that_could_carry_data_are_not_labels() {
        assert_eq!(label("query x010180_9004 { me { roles } }", None), "other");
        assert_eq!(
            label(
                &format!("query {} {{ me {{ roles }} }}", "A".repeat(65)),
                None
            ),
            "other"
        );
        assert!(is_safe_label("SubmitApplication2"));
        assert!(is_safe_label("Page12"));
        assert!(!is_safe_label("Page123"));
        assert!(!is_safe_label(""));
    }
}

//! A cache of parsed and validated documents, keyed by the operation name and the query
//! text.
//!
//! Clients send a fixed set of queries (the web app's are compiled in), yet parsing and
//! validating one costs more CPU than the statements a page runs (docs/benchmarks.md,
//! "A read path near the limit"). A document is parsed, shape-checked ([`check_shape`])
//! and validated once; later requests with the same text get a copy of it and the stored
//! validation result.
//!
//! Validation looks at variables in one place only: an argument given a variable is
//! checked against the variable's value. A cached document is valid in every other
//! respect, and the variable's declared type was checked against the argument's when the
//! document was first validated, so a request is let past validation only when each of its
//! variables certainly fits its declared type ([`fits`], conservative: a null at the top,
//! a missing required value or anything it does not understand sends the request through
//! full validation, which then gives the same errors as before). No field of the schema
//! has a complexity function, so the stored complexity and depth do not depend on the
//! variables either.
//!
//! Bounded: at most [`MAX_DOCUMENTS`] documents; past that the cache starts over, so
//! varied query text makes it useless, never large.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextPrepareRequest,
    NextValidation,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::registry::{MetaType, MetaTypeName, Registry};
use async_graphql::{Request, ServerError, ServerResult, ValidationResult, Value, Variables};

use crate::limits::{Limits, check_shape};

/// More than the web app's queries and a few clients' worth besides.
pub(crate) const MAX_DOCUMENTS: usize = 256;

struct Cached {
    document: ExecutableDocument,
    validation: ValidationResult,
}

/// The documents, keyed by operation name and query text, shared by every request.
type Documents = Arc<RwLock<HashMap<String, Arc<Cached>>>>;

/// The extension factory, registered once on the schema, last (innermost), so that the
/// other extensions' hooks still see every request.
pub(crate) struct DocumentCache {
    limits: Limits,
    documents: Documents,
}

impl DocumentCache {
    pub(crate) fn new(limits: Limits) -> Self {
        DocumentCache {
            limits,
            documents: Arc::default(),
        }
    }
}

impl ExtensionFactory for DocumentCache {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(DocumentCacheExtension {
            limits: self.limits,
            documents: self.documents.clone(),
            request: Mutex::default(),
        })
    }
}

struct DocumentCacheExtension {
    limits: Limits,
    documents: Documents,
    request: Mutex<RequestState>,
}

#[derive(Default)]
struct RequestState {
    operation_name: Option<String>,
    key: Option<String>,
    /// A cached document whose validation this request may skip.
    validated: Option<ValidationResult>,
    /// A document parsed by this request, kept once it validates.
    parsed: Option<ExecutableDocument>,
}

fn key(operation_name: Option<&str>, query: &str) -> String {
    let operation_name = operation_name.unwrap_or_default();
    let mut key = String::with_capacity(operation_name.len() + 1 + query.len());
    key.push_str(operation_name);
    key.push('\0');
    key.push_str(query);
    key
}

#[async_graphql::async_trait::async_trait]
impl Extension for DocumentCacheExtension {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        if let Ok(mut state) = self.request.lock() {
            state.operation_name = request.operation_name.clone();
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
        let operation_name = self
            .request
            .lock()
            .ok()
            .and_then(|state| state.operation_name.clone());
        let key = key(operation_name.as_deref(), query);
        let cached = self
            .documents
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
            .cloned();
        if let Some(cached) = cached {
            if variables_fit(&ctx.schema_env.registry, &cached.document, variables)
                && let Ok(mut state) = self.request.lock()
            {
                state.validated = Some(cached.validation);
            }
            return Ok(cached.document.clone());
        }
        let document = self.parse(ctx, query, variables, next).await?;
        if let Ok(mut state) = self.request.lock() {
            state.key = Some(key);
            state.parsed = Some(document.clone());
        }
        Ok(document)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let (validated, parsed) = match self.request.lock() {
            Ok(mut state) => (
                state.validated.take(),
                state.key.take().zip(state.parsed.take()),
            ),
            Err(_) => (None, None),
        };
        if let Some(validation) = validated {
            return Ok(validation);
        }
        let validation = next.run(ctx).await?;
        if let Some((key, document)) = parsed {
            let mut documents = self.documents.write().unwrap_or_else(|e| e.into_inner());
            if documents.len() >= MAX_DOCUMENTS {
                documents.clear();
            }
            documents.insert(
                key,
                Arc::new(Cached {
                    document,
                    validation,
                }),
            );
        }
        Ok(validation)
    }
}

impl DocumentCacheExtension {
    /// Parses and checks the shape limits, which then hold for every copy.
    async fn parse(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        check_shape(&document, &self.limits)?;
        Ok(document)
    }
}

/// Whether every variable the document declares certainly fits its declared type.
fn variables_fit(
    registry: &Registry,
    document: &ExecutableDocument,
    variables: &Variables,
) -> bool {
    document.operations.iter().all(|(_, operation)| {
        operation
            .node
            .variable_definitions
            .iter()
            .all(|definition| {
                let definition = &definition.node;
                let declared = &definition.var_type.node;
                match variables.get(&definition.name.node) {
                    // A null where the argument has a default is for full validation to judge.
                    Some(Value::Null) => false,
                    Some(value) => fits(registry, &declared.to_string(), value),
                    None => declared.nullable || definition.default_value.is_some(),
                }
            })
    })
}

/// Whether `value` is certainly a valid input of type `type_name` (as async-graphql's
/// validation judges it); `false` when in doubt.
fn fits(registry: &Registry, type_name: &str, value: &Value) -> bool {
    match MetaTypeName::create(type_name) {
        MetaTypeName::NonNull(inner) => {
            !matches!(value, Value::Null) && fits(registry, inner, value)
        }
        MetaTypeName::List(item) => match value {
            Value::List(items) => items.iter().all(|v| fits(registry, item, v)),
            Value::Null => true,
            single => fits(registry, item, single),
        },
        MetaTypeName::Named(name) => {
            if let Value::Null = value {
                return true;
            }
            match registry.types.get(name) {
                Some(MetaType::Scalar { is_valid, .. }) => {
                    is_valid.as_ref().is_none_or(|valid| valid(value))
                }
                Some(MetaType::Enum { enum_values, .. }) => match value {
                    Value::Enum(v) => enum_values.contains_key(v.as_str()),
                    Value::String(v) => enum_values.contains_key(v.as_str()),
                    _ => false,
                },
                Some(MetaType::InputObject {
                    input_fields,
                    oneof: false,
                    ..
                }) => match value {
                    Value::Object(given) => {
                        given
                            .keys()
                            .all(|name| input_fields.contains_key(name.as_str()))
                            && input_fields.values().all(|field| {
                                match given.get(field.name.as_str()) {
                                    Some(v) => fits(registry, &field.ty, v),
                                    None => {
                                        !MetaTypeName::create(&field.ty).is_non_null()
                                            || field.default_value.is_some()
                                    }
                                }
                            })
                    }
                    _ => false,
                },
                _ => false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::{EmptyMutation, EmptySubscription, Enum, InputObject, Object, Schema};
    use serde_json::json;

    use super::*;

    #[derive(Enum, Clone, Copy, PartialEq, Eq)]
    enum Colour {
        Red,
        Blue,
    }

    #[derive(InputObject)]
    struct Filter {
        colour: Option<Colour>,
        year: Option<i32>,
        text: String,
    }

    struct Query;

    #[Object]
    impl Query {
        async fn things(&self, filter: Option<Filter>, first: i32) -> i32 {
            let blue = filter.as_ref().and_then(|f| f.colour) == Some(Colour::Blue);
            filter.and_then(|f| f.year).unwrap_or(first) + i32::from(blue)
        }
    }

    const QUERY: &str =
        "query Things($filter: Filter, $first: Int!) { things(filter: $filter, first: $first) }";

    type TestSchema = Schema<Query, EmptyMutation, EmptySubscription>;

    fn schema() -> (TestSchema, Documents) {
        let cache = DocumentCache::new(Limits::default());
        let documents = cache.documents.clone();
        let schema = Schema::build(Query, EmptyMutation, EmptySubscription)
            .extension(cache)
            .finish();
        (schema, documents)
    }

    async fn answer(schema: &TestSchema, variables: serde_json::Value) -> serde_json::Value {
        let response = schema
            .execute(Request::new(QUERY).variables(Variables::from_json(variables)))
            .await;
        serde_json::to_value(&response).unwrap()
    }

    #[tokio::test]
    async fn a_cached_document_answers_every_variable_as_a_fresh_one_does() {
        let (warm, documents) = schema();
        assert_eq!(
            answer(&warm, json!({ "first": 1 })).await["data"]["things"],
            1
        );
        assert_eq!(documents.read().unwrap().len(), 1);
        for variables in [
            json!({ "first": 5 }),
            json!({ "first": 5, "filter": { "colour": "BLUE", "year": 2025, "text": "x" } }),
            // Doubtful or wrong: each must fail (or pass) exactly as full validation says.
            json!({}),
            json!({ "first": null }),
            json!({ "first": 5, "filter": null }),
            json!({ "first": "5" }),
            json!({ "first": 5, "filter": { "colour": "GREEN", "text": "x" } }),
            json!({ "first": 5, "filter": { "text": "x", "other": 1 } }),
            json!({ "first": 5, "filter": { "year": 1 } }),
            json!({ "first": 5, "filter": { "year": "1", "text": "x" } }),
        ] {
            let (cold, _) = schema();
            assert_eq!(
                answer(&warm, variables.clone()).await,
                answer(&cold, variables.clone()).await,
                "{variables}"
            );
        }
        assert_eq!(documents.read().unwrap().len(), 1);
    }

    #[tokio::test]
    async fn documents_that_fail_are_not_kept_and_the_cache_is_bounded() {
        let (schema, documents) = schema();
        let invalid = schema.execute("{ nothing }").await;
        assert!(!invalid.errors.is_empty());
        assert!(documents.read().unwrap().is_empty());
        for n in 0..=MAX_DOCUMENTS {
            let query = format!("{{ things(first: {n}) }}");
            assert!(schema.execute(query.as_str()).await.is_ok());
        }
        assert!(documents.read().unwrap().len() <= MAX_DOCUMENTS);
    }
}

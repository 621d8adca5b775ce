//! Request-shape limits, refused before validation and before any resolver runs.
//!
//! async-graphql enforces depth, complexity, recursion and directives itself; this
//! extension gives those refusals the `LIMIT_EXCEEDED` code and adds what it lacks: a cap
//! on aliases and on root fields (alias amplification, where one request asks for the
//! same expensive field hundreds of times) and on the number of selections. The counts
//! are taken right after parsing, because validation itself (overlapping-field checks)
//! grows quadratically with the number of selections. Every check here runs once per
//! distinct document (see `documents`).

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextPrepareRequest,
    NextValidation,
};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Positioned, Request, ServerError, ServerResult, ValidationResult, Variables};

use crate::ApiError;

/// Request-shape limits, refused before any resolver runs.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_depth: usize,
    /// Also the cap on selections (fields, spreads, inline fragments, counted with
    /// fragments expanded) checked before validation: each selection costs at least 1.
    pub max_complexity: usize,
    pub max_aliases: usize,
    pub max_root_fields: usize,
    /// Longest query text. Parsing and validation are linear to quadratic in the text, and
    /// a body-sized query of variables, arguments or fragments costs seconds of CPU and
    /// megabytes of error messages; data belongs in variables, whose size only the body
    /// limit bounds.
    pub max_query_bytes: usize,
}

/// async-graphql's own caps on nesting (fragments included) and directives per field.
pub(crate) const MAX_RECURSIVE_DEPTH: usize = 64;
pub(crate) const MAX_DIRECTIVES: usize = 16;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 15,
            max_complexity: 2_000,
            max_aliases: 30,
            max_root_fields: 20,
            max_query_bytes: 32 * 1024,
        }
    }
}

pub(crate) struct ShapeLimits(pub Limits);

impl ExtensionFactory for ShapeLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ShapeLimitsExtension(self.0))
    }
}

struct ShapeLimitsExtension(Limits);

#[async_graphql::async_trait::async_trait]
impl Extension for ShapeLimitsExtension {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        if request.query.len() > self.0.max_query_bytes {
            return Err(exceeded("queryBytes", self.0.max_query_bytes, None));
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
        // The shape is checked where a document is first parsed (`documents`), once per
        // distinct query text.
        next.run(ctx, query, variables)
            .await
            .map_err(|e| self.label(e))
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        next.run(ctx)
            .await
            .map_err(|errors| errors.into_iter().map(|e| self.label(e)).collect())
    }
}

impl ShapeLimitsExtension {
    /// async-graphql's limit errors carry no code; they are recognised by their fixed
    /// messages (pinned by tests/api/hardening.rs, so an upgrade that changes them fails
    /// there rather than silently turning them into `VALIDATION`).
    fn label(&self, error: ServerError) -> ServerError {
        let limit = match error.message.as_str() {
            "Query is nested too deep." => Some(("depth", self.0.max_depth)),
            "Query is too complex." => Some(("complexity", self.0.max_complexity)),
            // The parser's own limit (the same 64) and the schema's, which also counts
            // nesting through fragment spreads.
            m if m == "recursion limit exceeded."
                || m.starts_with("The recursion depth of the query") =>
            {
                Some(("recursion", MAX_RECURSIVE_DEPTH))
            }
            m if m.starts_with("The number of directives") => Some(("directives", MAX_DIRECTIVES)),
            _ => None,
        };
        match limit {
            Some((limit, max)) => exceeded(limit, max, error.locations.first().copied()),
            None => error,
        }
    }
}

fn exceeded(limit: &'static str, max: usize, pos: Option<async_graphql::Pos>) -> ServerError {
    let error = async_graphql::Error::from(ApiError::LimitExceeded {
        limit,
        max: Some(max),
    });
    let mut server_error = ServerError::new(error.message, pos);
    server_error.extensions = error.extensions;
    server_error
}

#[derive(Default)]
struct Counts {
    aliases: usize,
    selections: usize,
    root_fields: usize,
}

/// Walks every operation with fragments expanded where they are spread (so a fragment
/// spread ten times counts ten times), stopping at the first exceeded limit. Every
/// selection visited, spreads included, spends from the selection budget, so the walk is
/// bounded however fragments multiply; cycles are skipped here and refused by validation.
pub(crate) fn check_shape(document: &ExecutableDocument, limits: &Limits) -> ServerResult<()> {
    let mut counts = Counts::default();
    for (_, operation) in document.operations.iter() {
        counts.root_fields = 0;
        let root = &operation.node.selection_set;
        walk(document, root, true, limits, &mut counts, &mut Vec::new())?;
    }
    Ok(())
}

/// `at_root`: the selections are the operation's own, through fragments but not fields.
fn walk<'a>(
    document: &'a ExecutableDocument,
    set: &'a Positioned<SelectionSet>,
    at_root: bool,
    limits: &Limits,
    counts: &mut Counts,
    visiting: &mut Vec<&'a str>,
) -> ServerResult<()> {
    for selection in &set.node.items {
        counts.selections += 1;
        if counts.selections > limits.max_complexity {
            return Err(exceeded(
                "complexity",
                limits.max_complexity,
                Some(selection.pos),
            ));
        }
        match &selection.node {
            Selection::Field(field) => {
                if at_root {
                    counts.root_fields += 1;
                    if counts.root_fields > limits.max_root_fields {
                        return Err(exceeded(
                            "rootFields",
                            limits.max_root_fields,
                            Some(field.pos),
                        ));
                    }
                }
                if field.node.alias.is_some() {
                    counts.aliases += 1;
                    if counts.aliases > limits.max_aliases {
                        return Err(exceeded("aliases", limits.max_aliases, Some(field.pos)));
                    }
                }
                walk(
                    document,
                    &field.node.selection_set,
                    false,
                    limits,
                    counts,
                    visiting,
                )?;
            }
            Selection::InlineFragment(inline) => {
                walk(
                    document,
                    &inline.node.selection_set,
                    at_root,
                    limits,
                    counts,
                    visiting,
                )?;
            }
            Selection::FragmentSpread(spread) => {
                let name = spread.node.fragment_name.node.as_str();
                if let Some(fragment) = document.fragments.get(name)
                    && !visiting.contains(&name)
                {
                    visiting.push(name);
                    walk(
                        document,
                        &fragment.node.selection_set,
                        at_root,
                        limits,
                        counts,
                        visiting,
                    )?;
                    visiting.pop();
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(query: &str, limits: Limits) -> Result<(), String> {
        let document = async_graphql::parser::parse_query(query).unwrap();
        check_shape(&document, &limits).map_err(|e| {
            let json = serde_json::to_value(e.extensions.unwrap()).unwrap();
            assert_eq!(json["code"], "LIMIT_EXCEEDED");
            json["limit"].as_str().unwrap().to_owned()
        })
    }

    #[test]
    fn aliases_count_through_fragments_each_time_they_are_spread() {
        let limits = Limits {
            max_aliases: 5,
            ..Limits::default()
        };
        let fragment = "fragment F on Query { a: me { id } b: me { id } }";
        assert_eq!(
            shape(&format!("{{ ...F ...F }} {fragment}"), limits),
            Ok(())
        );
        assert_eq!(
            shape(&format!("{{ ...F ...F ...F }} {fragment}"), limits),
            Err("aliases".to_owned())
        );
    }

    #[test]
    fn root_fields_include_fragment_and_inline_selections() {
        let limits = Limits {
            max_root_fields: 3,
            ..Limits::default()
        };
        assert_eq!(
            shape("{ me { id } ... on Query { me { id } } }", limits),
            Ok(())
        );
        assert_eq!(
            shape(
                "{ me { id } ... on Query { me { id } me { id } me { id } } }",
                limits
            ),
            Err("rootFields".to_owned())
        );
    }

    #[test]
    fn exponential_fragment_spreads_at_the_root_stop_early() {
        // Each level doubles the previous one: 2^30 selections if walked in full.
        let mut query = String::from("{ ...F0 }\nfragment F30 on Query { me { id } }\n");
        for level in 0..30 {
            let next = level + 1;
            query.push_str(&format!(
                "fragment F{level} on Query {{ ...F{next} ...F{next} }}\n"
            ));
        }
        assert_eq!(
            shape(&query, Limits::default()),
            Err("rootFields".to_owned())
        );
    }

    #[test]
    fn exponential_spreads_below_a_field_stop_too() {
        let mut query = String::from("{ me { ...F0 } }\nfragment F30 on Me { id }\n");
        for level in 0..30 {
            let next = level + 1;
            query.push_str(&format!(
                "fragment F{level} on Me {{ ...F{next} ...F{next} }}\n"
            ));
        }
        assert_eq!(
            shape(&query, Limits::default()),
            Err("complexity".to_owned())
        );
    }

    #[test]
    fn fragment_cycles_do_not_loop() {
        let query = "{ ...A } fragment A on Query { me { id } ...B } fragment B on Query { ...A }";
        assert_eq!(shape(query, Limits::default()), Ok(()));
    }
}

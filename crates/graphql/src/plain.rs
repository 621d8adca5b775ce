//! Plain objects, resolved in one pass over their selection set.
//!
//! async-graphql resolves every field of every object as a boxed future of its own, and
//! with schema extensions (ours: `documents`, `limits`, `operation_metrics`) each field
//! and each list item also passes through every extension's `resolve` hook with its type
//! names formatted. For a page of plain data, the public register's fifty decisions with
//! their registers and amendments, that machinery cost more CPU than the page's SQL and
//! JSON together (docs/benchmarks.md, "A read path near the limit").
//!
//! [`Plain`] wraps such an object. The schema registers the wrapped type as its derive
//! does (so the SDL and validation are unchanged); the value is built by walking the
//! selection set once, synchronously, fragments and aliases included. Only for objects
//! whose fields take no arguments and cannot fail: a `PlainObject` answers every field of
//! its type, and a test answers the same query through the derived resolvers and through
//! this walk and compares the two.

use std::borrow::Cow;
use std::collections::HashMap;

use async_graphql::connection::{Connection, Edge, EmptyFields, PageInfo};
use async_graphql::indexmap::{self, IndexMap};
use async_graphql::parser::types::{Field, FragmentDefinition, Selection, SelectionSet};
use async_graphql::registry::Registry;
use async_graphql::{
    ContextSelectionSet, InputType, Name, OutputType, Positioned, ServerError, ServerResult, Value,
};

type Fragments = HashMap<Name, Positioned<FragmentDefinition>>;

/// An object of plain data whose fields a [`Selected`] walk can answer.
pub(crate) trait PlainObject: OutputType {
    /// The value of the field `name`, `selected` being the field's own selection (for
    /// object-valued fields). A name the type does not have ([`unknown`]) has already been
    /// refused by validation.
    fn field(&self, name: &str, selected: Selected<'_>) -> ServerResult<Value>;
}

/// A selection set with the operation's fragments.
#[derive(Clone, Copy)]
pub(crate) struct Selected<'a> {
    set: &'a SelectionSet,
    fragments: &'a Fragments,
}

impl<'a> Selected<'a> {
    /// The value of `object` under this selection.
    pub(crate) fn object<T: PlainObject>(self, object: &T) -> ServerResult<Value> {
        let mut map = IndexMap::with_capacity(self.set.items.len());
        self.collect(object, self.set, &mut map)?;
        Ok(Value::Object(map))
    }

    /// Each of `items` under this selection.
    pub(crate) fn list<'i, T: PlainObject + 'i>(
        self,
        items: impl IntoIterator<Item = &'i T>,
    ) -> ServerResult<Value> {
        items
            .into_iter()
            .map(|item| self.object(item))
            .collect::<ServerResult<Vec<Value>>>()
            .map(Value::List)
    }

    fn collect<T: PlainObject>(
        self,
        object: &T,
        set: &'a SelectionSet,
        map: &mut IndexMap<Name, Value>,
    ) -> ServerResult<()> {
        for selection in &set.items {
            let (condition, set) = match &selection.node {
                Selection::Field(field) => {
                    let value = self.field(object, field)?;
                    insert(map, field.node.response_key().node.clone(), value);
                    continue;
                }
                Selection::FragmentSpread(spread) => {
                    let name = &spread.node.fragment_name.node;
                    let fragment = self.fragments.get(name).ok_or_else(|| {
                        ServerError::new(format!(r#"Unknown fragment "{name}"."#), Some(spread.pos))
                    })?;
                    (
                        Some(&fragment.node.type_condition.node.on.node),
                        &fragment.node.selection_set.node,
                    )
                }
                Selection::InlineFragment(fragment) => (
                    fragment
                        .node
                        .type_condition
                        .as_ref()
                        .map(|c| &c.node.on.node),
                    &fragment.node.selection_set.node,
                ),
            };
            // A plain object implements no interface: a fragment applies on its own type.
            if condition.is_none_or(|on| on.as_str() == T::type_name()) {
                self.collect(object, set, map)?;
            }
        }
        Ok(())
    }

    fn field<T: PlainObject>(
        self,
        object: &T,
        field: &'a Positioned<Field>,
    ) -> ServerResult<Value> {
        let name = field.node.name.node.as_str();
        if name == "__typename" {
            return Ok(Value::String(T::type_name().into_owned()));
        }
        let selected = Selected {
            set: &field.node.selection_set.node,
            fragments: self.fragments,
        };
        object.field(name, selected).map_err(|mut error| {
            if error.locations.is_empty() {
                error.locations = vec![field.pos];
            }
            error
        })
    }
}

/// As async-graphql merges a response key given twice: objects field by field, lists of
/// objects item by item, anything else kept as first answered.
fn insert(map: &mut IndexMap<Name, Value>, key: Name, value: Value) {
    // One hash of the key, not a lookup and then an insert: a page inserts thousands.
    let previous = match map.entry(key) {
        indexmap::map::Entry::Vacant(vacant) => {
            vacant.insert(value);
            return;
        }
        indexmap::map::Entry::Occupied(occupied) => occupied.into_mut(),
    };
    match (previous, value) {
        (Value::Object(previous), Value::Object(value)) => {
            for (key, value) in value {
                insert(previous, key, value);
            }
        }
        (Value::List(previous), Value::List(value)) => {
            for (previous, value) in previous.iter_mut().zip(value) {
                if let (Value::Object(previous), Value::Object(value)) = (previous, value) {
                    for (key, value) in value {
                        insert(previous, key, value);
                    }
                }
            }
        }
        _ => {}
    }
}

/// A [`PlainObject`] as the schema's output type: registered as `T` is, resolved in one
/// pass.
pub struct Plain<T>(pub T);

impl<T: PlainObject> OutputType for Plain<T> {
    fn type_name() -> Cow<'static, str> {
        T::type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        T::create_type_info(registry)
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        _field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        let selected = Selected {
            set: &ctx.item.node,
            fragments: &ctx.query_env.fragments,
        };
        selected.object(&self.0)
    }
}

/// A page of plain objects, as async-graphql's `Connection` answers it.
impl<N: PlainObject> PlainObject for Connection<String, N> {
    fn field(&self, name: &str, selected: Selected<'_>) -> ServerResult<Value> {
        match name {
            "edges" => selected.list(&self.edges),
            "nodes" => selected.list(self.edges.iter().map(|edge| &edge.node)),
            "pageInfo" => selected.object(&PageInfo {
                has_previous_page: self.has_previous_page,
                has_next_page: self.has_next_page,
                start_cursor: self.edges.first().map(|edge| edge.cursor.clone()),
                end_cursor: self.edges.last().map(|edge| edge.cursor.clone()),
            }),
            _ => Err(unknown::<Self>(name)),
        }
    }
}

impl<N: PlainObject> PlainObject for Edge<String, N, EmptyFields> {
    fn field(&self, name: &str, selected: Selected<'_>) -> ServerResult<Value> {
        match name {
            "cursor" => Ok(string(&self.cursor)),
            "node" => selected.object(&self.node),
            _ => Err(unknown::<Self>(name)),
        }
    }
}

impl PlainObject for PageInfo {
    fn field(&self, name: &str, _selected: Selected<'_>) -> ServerResult<Value> {
        match name {
            "hasPreviousPage" => Ok(Value::Boolean(self.has_previous_page)),
            "hasNextPage" => Ok(Value::Boolean(self.has_next_page)),
            "startCursor" => Ok(optional_string(self.start_cursor.as_deref())),
            "endCursor" => Ok(optional_string(self.end_cursor.as_deref())),
            _ => Err(unknown::<Self>(name)),
        }
    }
}

/// The answer to a field `T` does not have.
pub(crate) fn unknown<T: OutputType>(name: &str) -> ServerError {
    ServerError::new(
        format!(
            r#"Cannot query field "{name}" on type "{}"."#,
            T::type_name()
        ),
        None,
    )
}

/// Field values as async-graphql writes them.
pub(crate) fn string(s: &str) -> Value {
    Value::String(s.to_owned())
}

pub(crate) fn optional<T>(value: Option<&T>, to_value: impl FnOnce(&T) -> Value) -> Value {
    value.map_or(Value::Null, to_value)
}

pub(crate) fn optional_string(value: Option<&str>) -> Value {
    value.map_or(Value::Null, string)
}

/// A scalar or an enum.
pub(crate) fn input<T: InputType>(value: &T) -> Value {
    value.to_value()
}

pub(crate) fn strings(list: &[String]) -> Value {
    Value::List(list.iter().map(|s| string(s)).collect())
}

//! Every list of the API is a Relay connection built here from a store [`Page`], in one of
//! two ways:
//!
//! - offset lists (`myApplications`, `applicationQueue`, `myObjections`): the cursor of an
//!   item is its position in the list, from 1;
//!
//!   ```ignore
//!   let first = cursor::page_size(first, 20, 100)?;
//!   let offset = connection::offset_after(CURSOR_MINE, after.as_deref())?;
//!   let page = store::list_mine(ctx.db(), ctx.caller(), first, offset).await?;
//!   Ok(connection::offset_connection(CURSOR_MINE, offset, page, |a| Application::from(a)))
//!   ```
//!
//! - keyset lists (`auditLog`, `publishedDecisions`): the cursor of an item is its key in
//!   the list's order, so pages never overlap or skip when rows are added meanwhile.
//!
//! A bad `after` is a `VALIDATION` error in both (see [`crate::cursor`]).

use std::fmt::Display;
use std::str::FromStr;

use async_graphql::OutputType;
use async_graphql::connection::{Connection, Edge};
use tietolupa_store::Page;

use crate::ApiError;
use crate::cursor;

/// Where a page of the offset list `kind` starts: after the position in `after`, or at the
/// start.
pub fn offset_after(kind: &str, after: Option<&str>) -> Result<u64, ApiError> {
    after.map_or(Ok(0), |c| cursor::decode_position(kind, c))
}

/// The page of the offset list `kind` that starts after `offset`, each item made a node by
/// `node`.
pub fn offset_connection<T, N: OutputType>(
    kind: &str,
    offset: u64,
    page: Page<T>,
    node: impl FnMut(T) -> N,
) -> Connection<String, N> {
    connection(page, offset > 0, node, |i, _| {
        cursor::encode(kind, offset + i as u64 + 1)
    })
}

/// The key after which a page of the keyset list `kind` starts, if `after` is given.
pub fn keyset_after<K: FromStr>(kind: &str, after: Option<&str>) -> Result<Option<K>, ApiError> {
    after.map(|c| cursor::decode_position(kind, c)).transpose()
}

/// A page of the keyset list `kind`: each item's cursor is `key(item)`, which
/// [`keyset_after`] reads back. `has_previous` is whether the page started after a key.
pub fn keyset_connection<T, K: Display, N: OutputType>(
    kind: &str,
    has_previous: bool,
    page: Page<T>,
    key: impl Fn(&T) -> K,
    node: impl FnMut(T) -> N,
) -> Connection<String, N> {
    connection(page, has_previous, node, |_, item| {
        cursor::encode(kind, key(item))
    })
}

fn connection<T, N: OutputType>(
    page: Page<T>,
    has_previous: bool,
    mut node: impl FnMut(T) -> N,
    mut cursor: impl FnMut(usize, &T) -> String,
) -> Connection<String, N> {
    let mut connection = Connection::new(has_previous, page.has_next);
    connection
        .edges
        .extend(page.items.into_iter().enumerate().map(|(i, item)| {
            let cursor = cursor(i, &item);
            Edge::new(cursor, node(item))
        }));
    connection
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursors(connection: &Connection<String, i32>) -> Vec<String> {
        connection.edges.iter().map(|e| e.cursor.clone()).collect()
    }

    #[test]
    fn offset_cursors_are_positions_from_one() {
        let page = Page {
            items: vec![10, 20],
            has_next: true,
        };
        let connection = offset_connection("mine", 5, page, |n| n);
        assert!(connection.has_previous_page && connection.has_next_page);
        assert_eq!(
            cursors(&connection),
            [cursor::encode("mine", 6), cursor::encode("mine", 7)]
        );
        assert_eq!(offset_after("mine", Some(&cursors(&connection)[1])), Ok(7));
        assert_eq!(offset_after("mine", None), Ok(0));
    }

    #[test]
    fn a_bad_cursor_is_a_validation_error_in_both_kinds() {
        for bad in [
            cursor::encode("mine", -1),
            cursor::encode("queue", 3),
            "%%%".to_owned(),
        ] {
            assert_eq!(
                offset_after("mine", Some(&bad)).unwrap_err().code(),
                "VALIDATION"
            );
        }
        let error = keyset_after::<i64>("audit", Some("bm9wZTox")).unwrap_err();
        assert_eq!(error.code(), "VALIDATION");
    }

    #[test]
    fn keyset_cursors_are_the_items_keys() {
        let page = Page {
            items: vec![9, 8],
            has_next: false,
        };
        let connection = keyset_connection("audit", false, page, |n| *n, |n| n * 2);
        assert!(!connection.has_previous_page && !connection.has_next_page);
        assert_eq!(connection.edges[1].node, 16);
        let last = &cursors(&connection)[1];
        assert_eq!(keyset_after::<i64>("audit", Some(last)), Ok(Some(8)));
    }
}

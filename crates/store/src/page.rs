//! One page of a list, and the one way the store reads it: ask for one row more than the
//! page holds, and that row's presence says whether another page follows. Counting the
//! whole list instead would cost a second query on every page.
//!
//! Keyset lists (the audit log, the public register) filter on the last key seen before
//! calling [`fetch`]; offset lists (`myApplications`, the queue, `myObjections`) add
//! `.offset(offset)` to the query first.
//!
//! ```ignore
//! let page = page::fetch(query.offset(offset), db.conn(), first).await?;
//! let page = page.try_map(|row| to_view(row))?;
//! ```

use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect, Select};

use crate::StoreError;

/// Up to `first` items of a list and whether more follow them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Another page follows this one.
    pub has_next: bool,
}

impl<T> Page<T> {
    /// How many rows to read for a page of `first`: one more, whose presence is
    /// [`Page::has_next`].
    pub fn fetch_limit(first: u64) -> u64 {
        first.saturating_add(1)
    }

    /// The page of `first` from rows read with a limit of [`Page::fetch_limit`]`(first)`.
    pub fn from_overfetch(mut rows: Vec<T>, first: u64) -> Page<T> {
        let keep = usize::try_from(first).unwrap_or(usize::MAX);
        let has_next = rows.len() > keep;
        rows.truncate(keep);
        Page {
            items: rows,
            has_next,
        }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            has_next: self.has_next,
        }
    }

    pub fn try_map<U, E>(self, f: impl FnMut(T) -> Result<U, E>) -> Result<Page<U>, E> {
        Ok(Page {
            items: self.items.into_iter().map(f).collect::<Result<_, E>>()?,
            has_next: self.has_next,
        })
    }

    /// The same position in the list with other items, e.g. rows turned into views by a
    /// batch read.
    pub fn with_items<U>(self, items: Vec<U>) -> Page<U> {
        Page {
            items,
            has_next: self.has_next,
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Reads the page of `first` rows of `query` (already filtered, ordered and offset).
pub(crate) async fn fetch<E, C>(
    query: Select<E>,
    conn: &C,
    first: u64,
) -> Result<Page<E::Model>, StoreError>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    let rows = query
        .limit(Page::<E::Model>::fetch_limit(first))
        .all(conn)
        .await?;
    Ok(Page::from_overfetch(rows, first))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_more_than_the_page_means_another_page() {
        let page = Page::from_overfetch(vec![1, 2, 3], 2);
        assert_eq!(page.items, vec![1, 2]);
        assert!(page.has_next);

        let last = Page::from_overfetch(vec![1, 2], 2);
        assert_eq!(last.items, vec![1, 2]);
        assert!(!last.has_next);

        let empty = Page::<i32>::from_overfetch(Vec::new(), 5);
        assert!(empty.is_empty() && !empty.has_next);
    }

    #[test]
    fn mapping_keeps_the_position() {
        let page = Page::from_overfetch(vec![1, 2, 3], 2).map(|n| n * 10);
        assert_eq!(
            page,
            Page {
                items: vec![10, 20],
                has_next: true
            }
        );
        let failed: Result<Page<i32>, &str> = page.try_map(|_| Err("no"));
        assert_eq!(failed, Err("no"));
        assert_eq!(Page::<u8>::fetch_limit(u64::MAX), u64::MAX);
    }
}

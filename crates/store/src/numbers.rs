//! Per-year number sequences (diary numbers, decision numbers) without gaps: the counter
//! moves in the caller's transaction, so a rolled-back command frees its number again,
//! and concurrent callers queue on the counter's row.

use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ConnectionTrait, EntityTrait, ExprTrait, Set};
use tietolupa_entity::number_sequence::{self, Column, Entity};

use crate::StoreError;

pub const DIARY: &str = "diary";
pub const DECISION: &str = "decision";

/// The next number of `sequence` in `year`, starting from 1.
pub async fn next<C: ConnectionTrait>(
    conn: &C,
    sequence: &str,
    year: i32,
) -> Result<i64, StoreError> {
    Entity::insert(number_sequence::ActiveModel {
        name: Set(sequence.to_owned()),
        year: Set(year),
        last_value: Set(1),
    })
    .on_conflict(
        OnConflict::columns([Column::Name, Column::Year])
            .value(
                Column::LastValue,
                Expr::col((Entity, Column::LastValue)).add(1),
            )
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    let row = Entity::find_by_id((sequence.to_owned(), year))
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound {
            entity: "number sequence",
        })?;
    Ok(row.last_value)
}

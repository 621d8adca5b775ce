//! The register's search index, `published_decision_term`: written with each published
//! decision, rebuilt when the analyser changes, and read for a page of search results.
//!
//! Relevance: each query word scores its best match in the decision, the term's weight
//! (title 2, summary 1, both 3) doubled when the word matched a whole term rather than
//! only as the prefix being typed; a decision's relevance is the sum over the words. Ties
//! go to the newest decision, as in the list without a query.
//!
//! How a page is found:
//! - One word (the common case, and every keystroke of it): each of the word's terms, and
//!   each indexed term its prefix begins (at most [`PREFIX_TERMS`]), is one index range
//!   in result order, read for at most a page: a page costs about a page of index entries
//!   per term, however many decisions match. A decision found under several terms counts
//!   at its best: on the first page the best of the ranges it was found in, after a
//!   cursor a subquery on each candidate's terms in the same statement. When terms
//!   disagree enough that a page cannot be proven complete, the ranges are read again,
//!   twice as far.
//! - Several words: every word must match, so the decisions are grouped over all their
//!   matching terms and ranked; that reads every match of every word.

use std::collections::{HashMap, HashSet};

use sea_orm::sea_query::{
    Alias, Asterisk, Condition, Expr, ExprTrait, Func, IntoIden, JoinType, OnConflict, Order,
    Query, SelectStatement, SubQueryStatement, UnionType,
};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait, Set, TransactionTrait,
};
use tietolupa_entity::published_decision_term::{self as term, Column as TermColumn};
use tietolupa_entity::published_decision_vocabulary as vocabulary;
use tietolupa_entity::{published_decision, register_generation};
use time::Date;
use uuid::Uuid;

use super::terms::{ANALYSER_VERSION, QueryWord, decision_terms, prefix_end};
use super::{RegisterFilter, RegisterKey, bump_generation, condition, to_public};
use crate::StoreError;
use crate::page::Page;

/// The `register_generation` row that holds the analyser version the index was built with.
const SEARCH_TERMS: &str = "search_terms";
/// Rows per INSERT: four parameters each, under SQLite's and PostgreSQL's limits.
const INSERT_BATCH: usize = 4_000;
/// Decisions read per step of a rebuild.
const REBUILD_BATCH: u64 = 1_000;
/// The most indexed terms a word being typed stands for (in alphabetical order): "tut"
/// must not become a query over thousands of terms.
pub const PREFIX_TERMS: u64 = 40;

// ---------------------------------------------------------------------------------------
// Writing the index.

async fn insert<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<term::ActiveModel>,
) -> Result<(), StoreError> {
    for chunk in rows.chunks(INSERT_BATCH) {
        let words: HashSet<&String> = chunk
            .iter()
            .filter_map(|r| match &r.term {
                Set(t) => Some(t),
                _ => None,
            })
            .collect();
        let words: Vec<vocabulary::ActiveModel> = words
            .into_iter()
            .map(|t| vocabulary::ActiveModel {
                term: Set(t.clone()),
            })
            .collect();
        term::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(conn)
            .await?;
        vocabulary::Entity::insert_many(words)
            .on_conflict(
                OnConflict::column(vocabulary::Column::Term)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

fn rows(decision_id: Uuid, micros: i64, title: &str, summary: &str) -> Vec<term::ActiveModel> {
    decision_terms(title, summary)
        .into_iter()
        .map(|(t, weight)| term::ActiveModel {
            term: Set(t),
            weight: Set(weight),
            decided_at_micros: Set(micros),
            decision_id: Set(decision_id),
        })
        .collect()
}

/// Writes a newly published decision's terms, in the publishing transaction.
pub(crate) async fn index_decision<C: ConnectionTrait>(
    conn: &C,
    decision_id: Uuid,
    decided_at_micros: i64,
    title: &str,
    summary: &str,
) -> Result<(), StoreError> {
    insert(conn, rows(decision_id, decided_at_micros, title, summary)).await
}

/// Rebuilds the whole index when it was built by another analyser version (or never,
/// after the migration that made it). Runs at start-up after the migrations; of several
/// instances starting at once, the first to bump the version row rebuilds and the others,
/// waiting on that row, find it current.
#[tracing::instrument(skip_all)]
pub(crate) async fn rebuild_if_stale(conn: &DatabaseConnection) -> Result<(), StoreError> {
    let txn = conn.begin().await?;
    let claimed = register_generation::Entity::update_many()
        .col_expr(
            register_generation::Column::Generation,
            Expr::val(ANALYSER_VERSION),
        )
        .filter(Expr::col(register_generation::Column::Name).eq(SEARCH_TERMS))
        .filter(Expr::col(register_generation::Column::Generation).ne(ANALYSER_VERSION))
        .exec(&txn)
        .await?
        .rows_affected;
    if claimed == 0 {
        txn.commit().await?;
        return Ok(());
    }
    term::Entity::delete_many().exec(&txn).await?;
    vocabulary::Entity::delete_many().exec(&txn).await?;
    let mut after: Option<Uuid> = None;
    let mut decisions = 0usize;
    loop {
        let mut page = published_decision::Entity::find()
            .select_only()
            .column(published_decision::Column::Id)
            .column(published_decision::Column::DecidedAtMicros)
            .column(published_decision::Column::Title)
            .column(published_decision::Column::PublicSummary)
            .order_by_asc(published_decision::Column::Id)
            .limit(REBUILD_BATCH);
        if let Some(id) = after {
            page = page.filter(Expr::col(published_decision::Column::Id).gt(id));
        }
        let found: Vec<(Uuid, i64, String, String)> = page.into_tuple().all(&txn).await?;
        let Some(last) = found.last() else {
            break;
        };
        after = Some(last.0);
        decisions += found.len();
        let batch: Vec<term::ActiveModel> = found
            .iter()
            .flat_map(|(id, micros, title, summary)| rows(*id, *micros, title, summary))
            .collect();
        insert(&txn, batch).await?;
    }
    bump_generation(&txn).await?;
    txn.commit().await?;
    tracing::info!(
        decisions,
        version = ANALYSER_VERSION,
        "register search index rebuilt"
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Several words, and the exports: every match grouped.

fn hits_alias() -> Alias {
    Alias::new("hits")
}

fn score_alias() -> Alias {
    Alias::new("score")
}

/// The relevance column of the [`join_hits`] subquery.
fn relevance() -> Expr {
    Expr::col((hits_alias(), score_alias()))
}

/// Where a term matches a word: one of the word's terms, or in one of its prefix ranges.
fn matching(word: &QueryWord) -> Condition {
    let col = || Expr::col((term::Entity, TermColumn::Term));
    let mut any = Condition::any().add(col().is_in(word.terms.clone()));
    for prefix in &word.prefixes {
        let mut range = Condition::all().add(col().gte(prefix.as_str()));
        if let Some(end) = prefix_end(prefix) {
            range = range.add(col().lt(end));
        }
        any = any.add(range);
    }
    any
}

/// A term's score for a word: its weight, doubled for a whole term. A bigint on
/// PostgreSQL (the factor is one), so that sums and maxima decode alike on both engines.
fn term_score(word: &QueryWord) -> Expr {
    let col = || Expr::col((term::Entity, TermColumn::Term));
    let weight = || Expr::col((term::Entity, TermColumn::Weight));
    if word.prefixes.is_empty() {
        weight().mul(2i64)
    } else {
        Expr::case(col().is_in(word.terms.clone()), weight().mul(2i64))
            .finally(weight().mul(1i64))
            .into()
    }
}

/// The decisions one query word matches, each once with its best score.
fn word_hits(word: &QueryWord) -> SelectStatement {
    Query::select()
        .column((term::Entity, TermColumn::DecisionId))
        .expr_as(Func::max(term_score(word)), score_alias())
        .from(term::Entity)
        .cond_where(matching(word))
        .group_by_col((term::Entity, TermColumn::DecisionId))
        .to_owned()
}

/// `(decision_id, score)` of the decisions that every word matches.
fn hits(words: &[QueryWord]) -> SelectStatement {
    let mut each = words.iter().map(word_hits);
    let mut union = each
        .next()
        .unwrap_or_else(|| word_hits(&QueryWord::default()));
    for other in each {
        union.union(UnionType::All, other);
    }
    let per_word = Alias::new("per_word");
    // SUM of a bigint is a numeric on PostgreSQL: cast back.
    let total = Func::cast_as(
        Func::sum(Expr::col((per_word.clone(), score_alias()))),
        Alias::new("BIGINT"),
    );
    Query::select()
        .column((per_word.clone(), TermColumn::DecisionId))
        .expr_as(total, score_alias())
        .from_subquery(union, per_word.clone())
        .group_by_col((per_word, TermColumn::DecisionId))
        .and_having(Expr::cust("COUNT(*)").eq(words.len() as i64))
        .to_owned()
}

/// Narrows a select of `published_decision` to the decisions matching every word, with
/// their relevance as `hits.score`.
pub(super) fn join_hits<S: QueryTrait<QueryStatement = SelectStatement>>(
    mut select: S,
    words: &[QueryWord],
) -> S {
    select.query().join_subquery(
        JoinType::InnerJoin,
        hits(words),
        hits_alias().into_iden(),
        Expr::col((hits_alias(), TermColumn::DecisionId))
            .equals((published_decision::Entity, published_decision::Column::Id)),
    );
    select
}

/// `key` after `cursor` in result order (relevance, time and id, all descending).
fn after_key(score: Expr, micros: Expr, id: Expr, cursor: &RegisterKey) -> Condition {
    let s = cursor.relevance.unwrap_or_default();
    Condition::any()
        .add(score.clone().lt(s))
        .add(
            Condition::all()
                .add(score.clone().eq(s))
                .add(micros.clone().lt(cursor.decided_at_micros)),
        )
        .add(
            Condition::all()
                .add(score.eq(s))
                .add(micros.eq(cursor.decided_at_micros))
                .add(id.lt(cursor.id)),
        )
}

/// The keys of a page of a several-word search, most relevant first.
pub(crate) async fn keys_of_all_words(
    conn: &DatabaseConnection,
    filter: &RegisterFilter,
    words: &[QueryWord],
    limit: u64,
    after: Option<RegisterKey>,
    today: Date,
) -> Result<Vec<(Uuid, i64)>, StoreError> {
    use published_decision::{Column, Entity};
    let mut query = join_hits(
        Entity::find()
            .select_only()
            .column(Column::Id)
            .expr_as(relevance(), "relevance")
            .filter(condition(filter, today)),
        words,
    );
    if let Some(key) = after {
        query = query.filter(after_key(
            relevance(),
            Expr::col((Entity, Column::DecidedAtMicros)),
            Expr::col((Entity, Column::Id)),
            &key,
        ));
    }
    Ok(query
        .order_by(relevance(), Order::Desc)
        .order_by(Column::DecidedAtMicros, Order::Desc)
        .order_by(Column::Id, Order::Desc)
        .limit(limit)
        .into_tuple()
        .all(conn)
        .await?)
}

// ---------------------------------------------------------------------------------------
// One word: a page of index entries per term.

/// A candidate found under one term: its decision, time, the term's score, and its
/// relevance as read: after a cursor its best score under any of the word's terms (read in
/// the same statement), on the first page the term's score again.
#[derive(Debug, Clone, Copy)]
struct Found {
    branch: usize,
    id: Uuid,
    micros: i64,
    score: i64,
    best: i64,
}

fn order_key(score: i64, micros: i64, id: Uuid) -> (i64, i64, Uuid) {
    (score, micros, id)
}

/// The indexed terms the word's prefixes begin, other than its own terms.
async fn prefixed_terms(
    conn: &DatabaseConnection,
    word: &QueryWord,
) -> Result<Vec<String>, StoreError> {
    if word.prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let col = || Expr::col(vocabulary::Column::Term);
    let mut any = Condition::any();
    for prefix in &word.prefixes {
        let mut range = Condition::all().add(col().gte(prefix.as_str()));
        if let Some(end) = prefix_end(prefix) {
            range = range.add(col().lt(end));
        }
        any = any.add(range);
    }
    let found: Vec<String> = vocabulary::Entity::find()
        .select_only()
        .column(vocabulary::Column::Term)
        .filter(any)
        .order_by_asc(vocabulary::Column::Term)
        .limit(PREFIX_TERMS + word.terms.len() as u64)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(found
        .into_iter()
        .filter(|t| !word.terms.contains(t))
        .take(PREFIX_TERMS as usize)
        .collect())
}

/// Up to `limit` decisions under each term, in result order, after the cursor: one
/// statement. After a cursor each also carries its best score over all of `terms` (the
/// word's own) and `prefixed`, read by a subquery; on the first page `best` is the branch's
/// own score and the caller takes the best of the branches it was found under.
async fn read_branches(
    conn: &DatabaseConnection,
    word: &QueryWord,
    prefixed: &[String],
    branches: &[(String, i64)],
    narrowing: Option<&Condition>,
    limit: u64,
    after: Option<&RegisterKey>,
) -> Result<Vec<Found>, StoreError> {
    let t = |c: TermColumn| Expr::col((term::Entity, c));
    let mut union: Option<SelectStatement> = None;
    for (n, (word, factor)) in branches.iter().enumerate() {
        let mut branch = Query::select();
        branch
            .expr_as(Expr::val(n as i64), Alias::new("branch"))
            .expr_as(t(TermColumn::DecisionId), Alias::new("decision_id"))
            .expr_as(t(TermColumn::DecidedAtMicros), Alias::new("micros"))
            .expr_as(t(TermColumn::Weight).mul(*factor), score_alias())
            .from(term::Entity)
            .and_where(t(TermColumn::Term).eq(word.as_str()))
            .order_by((term::Entity, TermColumn::Weight), Order::Desc)
            .order_by((term::Entity, TermColumn::DecidedAtMicros), Order::Desc)
            .order_by((term::Entity, TermColumn::DecisionId), Order::Desc)
            .limit(limit);
        if let Some(narrowing) = narrowing {
            branch
                .inner_join(
                    published_decision::Entity,
                    Expr::col((published_decision::Entity, published_decision::Column::Id))
                        .equals((term::Entity, TermColumn::DecisionId)),
                )
                .cond_where(narrowing.clone());
        }
        if let Some(cursor) = after {
            branch.cond_where(after_key(
                t(TermColumn::Weight).mul(*factor),
                t(TermColumn::DecidedAtMicros),
                t(TermColumn::DecisionId),
                cursor,
            ));
        }
        // SQLite takes ORDER BY and LIMIT in a compound's members only inside a subquery.
        let wrapped = Query::select()
            .column(Asterisk)
            .from_subquery(branch, Alias::new(format!("b{n}")))
            .to_owned();
        match union.as_mut() {
            None => union = Some(wrapped),
            Some(u) => {
                u.union(UnionType::All, wrapped);
            }
        }
    }
    let Some(union) = union else {
        return Ok(Vec::new());
    };
    let candidates = Alias::new("candidates");
    let mut query = Query::select();
    query.column(Asterisk);
    if after.is_some() {
        query.expr_as(
            SubQueryStatement::SelectStatement(best_score(word, prefixed, candidates.clone())),
            Alias::new("best"),
        );
    }
    query.from_subquery(union, candidates);
    let rows = conn.query_all(&query).await?;
    rows.iter()
        .map(|row| {
            let score = row.try_get("", "score")?;
            Ok(Found {
                branch: row.try_get::<i64>("", "branch")? as usize,
                id: row.try_get("", "decision_id")?,
                micros: row.try_get("", "micros")?,
                score,
                best: match after {
                    Some(_) => row.try_get("", "best")?,
                    None => score,
                },
            })
        })
        .collect()
}

/// A candidate's relevance: its best term, a subquery on the candidates' `decision_id`
/// (a few index entries per candidate, `published_decision_term_decision_idx`).
fn best_score(word: &QueryWord, prefixed: &[String], candidates: Alias) -> SelectStatement {
    let own = Alias::new("own");
    let col = |c: TermColumn| Expr::col((own.clone(), c));
    let mut all: Vec<String> = word.terms.clone();
    all.extend(prefixed.iter().cloned());
    let best = Func::max(
        Expr::case(
            col(TermColumn::Term).is_in(word.terms.clone()),
            col(TermColumn::Weight).mul(2i64),
        )
        .finally(col(TermColumn::Weight).mul(1i64)),
    );
    Query::select()
        .expr(best)
        .from_as(term::Entity, own.clone())
        .and_where(col(TermColumn::DecisionId).equals((candidates, Alias::new("decision_id"))))
        .and_where(col(TermColumn::Term).is_in(all))
        .to_owned()
}

/// The keys of a page of a one-word search, most relevant first: `limit` of them, or all
/// there are after the cursor when fewer.
pub(crate) async fn keys_of_one_word(
    conn: &DatabaseConnection,
    filter: &RegisterFilter,
    word: &QueryWord,
    limit: u64,
    after: Option<RegisterKey>,
    today: Date,
) -> Result<Vec<(Uuid, i64)>, StoreError> {
    let prefixed = prefixed_terms(conn, word).await?;
    let branches: Vec<(String, i64)> = word
        .terms
        .iter()
        .map(|t| (t.clone(), 2))
        .chain(prefixed.iter().map(|t| (t.clone(), 1)))
        .collect();
    let narrowed = RegisterFilter {
        text: None,
        ..filter.clone()
    };
    let narrowing = (narrowed.kind.is_some()
        || narrowed.outcome.is_some()
        || narrowed.purpose.is_some()
        || narrowed.data_controller.is_some()
        || narrowed.year.is_some()
        || narrowed.permit_status.is_some())
    .then(|| condition(&narrowed, today));
    let cursor =
        after.map(|k| order_key(k.relevance.unwrap_or_default(), k.decided_at_micros, k.id));
    let mut reach = limit;
    loop {
        let found = read_branches(
            conn,
            word,
            &prefixed,
            &branches,
            narrowing.as_ref(),
            reach,
            after.as_ref(),
        )
        .await?;
        // A full branch may hold more beyond its last row: only decisions ranked at or
        // above every full branch's last row are sure to be all there.
        let mut counts = vec![0u64; branches.len()];
        let mut last: Vec<Option<(i64, i64, Uuid)>> = vec![None; branches.len()];
        for f in &found {
            counts[f.branch] += 1;
            let key = order_key(f.score, f.micros, f.id);
            if last[f.branch].is_none_or(|l| key < l) {
                last[f.branch] = Some(key);
            }
        }
        let sure = (0..branches.len())
            .filter(|&b| counts[b] >= reach)
            .filter_map(|b| last[b])
            .max();
        // On the first page a decision's relevance is the best of the branches it was
        // found under. That is its true relevance whenever it ranks at or above `sure`,
        // the only ones a page takes: a better entry unread in a full branch would rank
        // below that branch's last row, hence below `sure`, and a branch not full was
        // read to its end. After a cursor the statement read each candidate's best, since
        // a decision shown before the cursor must not come back under a lesser term.
        let mut best: HashMap<Uuid, (i64, i64)> = HashMap::with_capacity(found.len());
        for f in &found {
            let entry = best.entry(f.id).or_insert((f.best, f.micros));
            entry.0 = std::cmp::max(entry.0, f.best);
        }
        let mut ranked: Vec<(i64, i64, Uuid)> = best
            .into_iter()
            .map(|(id, (best, micros))| order_key(best, micros, id))
            // Decisions shown before the cursor come back under their lesser terms.
            .filter(|key| cursor.is_none_or(|c| *key < c))
            .collect();
        ranked.sort_by(|a, b| b.cmp(a));
        let complete = match sure {
            None => true,
            Some(sure) => ranked.iter().filter(|k| **k >= sure).count() as u64 >= limit,
        };
        if complete {
            return Ok(ranked
                .into_iter()
                .take(limit as usize)
                .map(|(score, _, id)| (id, score))
                .collect());
        }
        reach *= 2;
    }
}

/// A page of search results, most relevant first: the keys of the page, then their rows
/// by id.
pub(super) async fn ranked(
    conn: &DatabaseConnection,
    filter: &RegisterFilter,
    words: &[QueryWord],
    first: u64,
    after: Option<RegisterKey>,
    today: Date,
) -> Result<Page<super::PublishedDecision>, StoreError> {
    let mut keys = match words {
        [] => Vec::new(),
        [word] => keys_of_one_word(conn, filter, word, first + 1, after, today).await?,
        _ => keys_of_all_words(conn, filter, words, first + 1, after, today).await?,
    };
    let has_next = keys.len() as u64 > first;
    keys.truncate(first as usize);
    if keys.is_empty() {
        return Ok(Page {
            items: Vec::new(),
            has_next,
        });
    }
    let mut rows = super::rows::select(
        published_decision::Entity::find()
            .filter(Expr::col(published_decision::Column::Id).is_in(keys.iter().map(|k| k.0))),
    )
    .all(conn)
    .await?;
    let position: HashMap<Uuid, usize> = keys.iter().enumerate().map(|(i, k)| (k.0, i)).collect();
    rows.sort_by_key(|r| position.get(&r.id()).copied().unwrap_or(usize::MAX));
    let mut items = to_public(conn, rows, today).await?;
    for (item, key) in items.iter_mut().zip(&keys) {
        item.relevance = Some(key.1);
    }
    Ok(Page { items, has_next })
}

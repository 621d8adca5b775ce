//! A one-word search reads each of its terms' index ranges only as far as its page needs
//! and ranks what it found. Whatever the page length, filter and cursor, its pages must
//! be the full ranking's, as grouping every match gives it (the several-word path, which
//! reads every match).

use std::collections::HashMap;

use sea_orm::ActiveValue::Set;
use sea_orm::EntityTrait;
use tietolupa_domain::application::ApplicationKind;
use tietolupa_entity::published_decision;
use tietolupa_test_support::{Backend, on_both_databases};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::public_register::search::{index_decision, keys_of_all_words, keys_of_one_word};
use crate::public_register::terms::query_words;
use crate::public_register::{RegisterFilter, RegisterKey};

/// Words that share stems and prefixes, so that a decision is found under several terms
/// with different weights.
const WORDS: [&str; 7] = [
    "asthma",
    "asthmatic",
    "asthmas",
    "astma",
    "allergy",
    "allergies",
    "children",
];

async fn one_word_pages_are_the_full_rankings(backend: Backend) {
    let (_database, db) = super::fresh(backend).await;
    let conn = db.conn();
    // xorshift: the same words and times on every run, without a dependency.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut micros_of: HashMap<Uuid, i64> = HashMap::new();
    for n in 0..80 {
        let title: Vec<&str> = (0..1 + next(3)).map(|_| WORDS[next(WORDS.len())]).collect();
        let summary: Vec<&str> = (0..next(3)).map(|_| WORDS[next(WORDS.len())]).collect();
        let (title, summary) = (title.join(" "), summary.join(" "));
        // Few distinct times, so that ties go to the id.
        let micros = next(12) as i64;
        let kind = [ApplicationKind::DataPermit, ApplicationKind::DataRequest][next(2)];
        let id = Uuid::now_v7();
        micros_of.insert(id, micros);
        published_decision::Entity::insert(published_decision::ActiveModel {
            id: Set(id),
            application_id: Set(Uuid::now_v7()),
            diary_number: Set(format!("TL/{n}/2026")),
            decision_number: Set(format!("D/{n}/2026")),
            decided_on: Set(OffsetDateTime::now_utc().date()),
            decided_at_micros: Set(micros),
            decision_year: Set(2026),
            kind: Set(kind.as_str().to_owned()),
            outcome: Set("GRANTED".to_owned()),
            title: Set(title.clone()),
            public_summary: Set(summary.clone()),
            holder: Set("private person".to_owned()),
            registers: Set(serde_json::json!([])),
            controller_codes: Set("|".to_owned()),
            // The permit's columns stay NULL: a data request's row.
            ..Default::default()
        })
        .exec_without_returning(conn)
        .await
        .unwrap();
        index_decision(conn, id, micros, &title, &summary)
            .await
            .unwrap();
    }

    let today = OffsetDateTime::now_utc().date();
    let permits = RegisterFilter {
        kind: Some(ApplicationKind::DataPermit),
        ..RegisterFilter::default()
    };
    for text in ["asthma", "asthm", "allerg", "children"] {
        let words = query_words(text);
        let [word] = words.as_slice() else {
            panic!("one word: {text}");
        };
        for filter in [RegisterFilter::default(), permits.clone()] {
            let full = keys_of_all_words(conn, &filter, &words, 1_000, None, today)
                .await
                .unwrap();
            assert!(full.len() > 8, "{text}: {} found", full.len());
            assert!(
                full.windows(2).any(|w| w[0].1 != w[1].1),
                "{text}: relevance must differ between decisions"
            );
            for first in 1..=full.len() + 1 {
                let page = keys_of_one_word(conn, &filter, word, first as u64, None, today)
                    .await
                    .unwrap();
                assert_eq!(page, full[..first.min(full.len())], "{text}, first {first}");
            }
            for size in [1u64, 3, 7] {
                let mut paged = Vec::new();
                let mut after = None;
                loop {
                    let page = keys_of_one_word(conn, &filter, word, size, after, today)
                        .await
                        .unwrap();
                    let Some(&(id, relevance)) = page.last() else {
                        break;
                    };
                    after = Some(RegisterKey {
                        relevance: Some(relevance),
                        decided_at_micros: micros_of[&id],
                        id,
                    });
                    paged.extend(page);
                }
                assert_eq!(paged, full, "{text}, pages of {size}");
            }
        }
    }
}

on_both_databases!(one_word_pages_are_the_full_rankings);

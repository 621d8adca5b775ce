//! A quick in-process throughput check of the run (the full benchmark is
//! `benches/preparation.rs`): `cargo run --release -p tietolupa-preparation --example
//! throughput -- ROWS THREADS`.

use std::io::Write;
use std::time::Instant;

use tietolupa_domain::{Hetu, HetuPolicy};
use tietolupa_preparation::{ObjectorSet, PrepareOptions, PseudonymKey, prepare};

#[allow(clippy::print_stdout)]
fn main() {
    let mut args = std::env::args().skip(1);
    let rows: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(5_600_000);
    let threads: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2);
    let base = time::Date::from_calendar_date(1920, time::Month::January, 1).unwrap();
    let code = |i: usize| {
        let date = base + time::Duration::days((i % 29_000) as i64);
        Hetu::compose(
            date,
            '-',
            2 + (i / 29_000 % 898) as u16,
            HetuPolicy::ORDINARY_ONLY,
        )
        .unwrap()
    };
    let mut input = Vec::with_capacity(rows * 60);
    input.extend_from_slice(b"row,hetu,municipality,visit_date,diagnosis,cost\n");
    for i in 0..rows {
        writeln!(
            input,
            "{i},{},{:03},2024-{:02}-{:02},J{:02}.{},{}.{:02}",
            code(i).expose(),
            i % 400,
            1 + i % 12,
            1 + i % 28,
            i % 99,
            i % 10,
            i % 5000,
            i % 100
        )
        .unwrap();
    }
    let mut set = ObjectorSet::new();
    for k in 0..300_000 {
        set.insert(&code(k * (rows / 300_000).max(1)));
    }
    let key = PseudonymKey::derive(&[1; 32], "ps-1", uuid::Uuid::from_u128(1));
    let options = PrepareOptions {
        identity_column: "hetu".into(),
        delimiter: b',',
        policy: HetuPolicy::ORDINARY_ONLY,
        threads,
    };
    let codes: Vec<Hetu> = (0..rows).map(code).collect();
    let started = Instant::now();
    let mut sink = 0u64;
    let mut buffer = [0u8; tietolupa_preparation::PSEUDONYM_LEN];
    for hetu in &codes {
        key.pseudonym_into(hetu, &mut buffer);
        sink += u64::from(buffer[0]);
    }
    println!(
        "hmac only, 1 thread: {:.3} s ({sink})",
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    for hetu in &codes {
        sink += u64::from(set.contains(hetu));
    }
    println!(
        "lookups only: {:.3} s ({sink})",
        started.elapsed().as_secs_f64()
    );
    let mut out = std::io::sink();
    let started = Instant::now();
    let report = prepare(&set, &key, &input[..], &mut out, &options, &mut |_| {}).unwrap();
    println!(
        "{} bytes, {} threads: {:.3} s, {}",
        input.len(),
        threads,
        started.elapsed().as_secs_f64(),
        report.summary()
    );
}

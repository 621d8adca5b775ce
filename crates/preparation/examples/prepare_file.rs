//! The run alone, file to file, for measuring without a database (the full benchmark is
//! `benches/preparation.rs`): `cargo run --release -p tietolupa-preparation --example
//! prepare_file -- INPUT OBJECTORS OUTPUT [THREADS]` (objectors: one code per line).

use std::io::{BufRead, BufWriter};

use tietolupa_domain::{Hetu, HetuPolicy};
use tietolupa_preparation::{ObjectorSet, PrepareOptions, PseudonymKey, prepare};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, objectors, output, rest @ ..] = args.as_slice() else {
        eprintln!("usage: prepare_file INPUT OBJECTORS OUTPUT [THREADS]");
        std::process::exit(2);
    };
    let threads = rest.first().and_then(|t| t.parse().ok()).unwrap_or(2);
    let mut set = ObjectorSet::new();
    let file = std::io::BufReader::new(std::fs::File::open(objectors).expect("objectors"));
    for line in file.lines() {
        if let Ok(hetu) = Hetu::parse(&line.expect("a line"), HetuPolicy::ORDINARY_ONLY) {
            set.insert(&hetu);
        }
    }
    let key = PseudonymKey::derive(&[1; 32], "ps-1", uuid::Uuid::from_u128(1));
    let options = PrepareOptions {
        identity_column: "hetu".into(),
        delimiter: b',',
        policy: HetuPolicy::ORDINARY_ONLY,
        threads,
    };
    let out = BufWriter::with_capacity(1 << 20, std::fs::File::create(output).expect("output"));
    let input = std::fs::File::open(input).expect("input");
    let report = prepare(&set, &key, input, out, &options, &mut |_| {}).expect("a run");
    eprintln!("{}", report.summary());
}

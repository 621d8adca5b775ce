//! The run end to end on small inputs: every CSV variant, invalid rows, objectors, leaks.

use tietolupa_domain::{Hetu, HetuPolicy};
use time::macros::date;
use uuid::Uuid;

use crate::*;

const MASTER: [u8; 32] = [42; 32];

fn code(n: u16) -> Hetu {
    Hetu::compose(
        date!(1985 - 03 - 09),
        '-',
        2 + n,
        HetuPolicy::ALLOW_TEMPORARY,
    )
    .unwrap()
}

fn key(permit: u128) -> PseudonymKey {
    PseudonymKey::derive(&MASTER, "ps-1", Uuid::from_u128(permit))
}

fn options(column: &str, delimiter: u8, threads: usize) -> PrepareOptions {
    PrepareOptions {
        identity_column: column.to_owned(),
        delimiter,
        policy: HetuPolicy::ORDINARY_ONLY,
        threads,
    }
}

fn run_with(
    set: &ObjectorSet,
    key: &PseudonymKey,
    input: &[u8],
    options: &PrepareOptions,
) -> Result<(String, PreparationReport), PrepareError> {
    let mut out = Vec::new();
    let report = prepare(set, key, input, &mut out, options, &mut |_| {})?;
    Ok((String::from_utf8(out).unwrap(), report))
}

/// Runs with one and with three threads and checks both agree.
fn run(set: &ObjectorSet, input: &str, column: &str, delimiter: u8) -> (String, PreparationReport) {
    let single = run_with(
        set,
        &key(1),
        input.as_bytes(),
        &options(column, delimiter, 1),
    )
    .unwrap();
    let parallel = run_with(
        set,
        &key(1),
        input.as_bytes(),
        &options(column, delimiter, 3),
    )
    .unwrap();
    assert_eq!(single, parallel);
    single
}

/// Scans every 11-byte window for a valid code, ordinary or temporary.
fn assert_no_code(out: &[u8]) {
    let found = out
        .windows(11)
        .position(|w| Hetu::parse_bytes(w, HetuPolicy::ALLOW_TEMPORARY).is_ok());
    assert_eq!(found, None, "a plain code in the output");
}

fn ps(n: u16) -> String {
    key(1).pseudonym(&code(n))
}

#[test]
fn rows_get_pseudonyms_and_objectors_are_dropped() {
    let mut set = ObjectorSet::new();
    set.insert(&code(1));
    let input = format!(
        "id,hetu,age\n1,{},40\n2,{},41\n3,{},42\n",
        code(0).expose(),
        code(1).expose(),
        code(2).expose()
    );
    let (out, report) = run(&set, &input, "hetu", b',');
    assert_eq!(
        out,
        format!("id,pseudonym,age\n1,{},40\n3,{},42\n", ps(0), ps(2))
    );
    assert_eq!(
        report,
        PreparationReport {
            rows_read: 3,
            dropped_as_objectors: 1,
            invalid: 0,
            written: 2,
            invalid_lines: vec![],
        }
    );
}

#[test]
fn quoted_fields_embedded_newlines_crlf_and_a_bom() {
    let input = format!(
        "\u{feff}\"hetu\",\"note\"\r\n\"{}\",\"two\r\nlines, and \"\"quotes\"\"\"\r\n{},plain\r\n",
        code(0).expose(),
        code(1).expose()
    );
    let (out, report) = run(&ObjectorSet::new(), &input, "hetu", b',');
    assert_eq!(
        out,
        format!(
            "pseudonym,note\n{},\"two\r\nlines, and \"\"quotes\"\"\"\n{},plain\n",
            ps(0),
            ps(1)
        )
    );
    assert_eq!(report.written, 2);
}

#[test]
fn other_delimiters() {
    let input = format!("a;hetu\n\"x;y\";{}\n", code(3).expose());
    let (out, _) = run(&ObjectorSet::new(), &input, "hetu", b';');
    assert_eq!(out, format!("a;pseudonym\n\"x;y\";{}\n", ps(3)));
    let input = format!("hetu\tb\n{}\tz\n", code(3).expose());
    let (out, _) = run(&ObjectorSet::new(), &input, "hetu", b'\t');
    assert_eq!(out, format!("pseudonym\tb\n{}\tz\n", ps(3)));
}

#[test]
fn invalid_rows_are_reported_by_line_and_never_written() {
    let temporary =
        Hetu::compose(date!(1985 - 03 - 09), '-', 950, HetuPolicy::ALLOW_TEMPORARY).unwrap();
    let bad_check = {
        let mut s = code(4).expose().to_owned();
        let last = if s.ends_with('A') { 'B' } else { 'A' };
        s.pop();
        s.push(last);
        s
    };
    let lower = code(5).expose().to_lowercase();
    let input = format!(
        "hetu,note\n{ok},\"multi\nline\"\n{bad_check},x\n {padded},x\n{lower},x\n{temp},x\n,x\n{ok},x,extra\n\n{ok},last\n",
        ok = code(0).expose(),
        padded = code(6).expose(),
        temp = temporary.expose(),
    );
    let (out, report) = run(&ObjectorSet::new(), &input, "hetu", b',');
    assert_eq!(report.rows_read, 8);
    assert_eq!(report.written, 2);
    assert_eq!(report.invalid, 6);
    assert_eq!(report.invalid_lines, vec![4, 5, 6, 7, 8, 9]);
    for plain in [
        bad_check.as_str(),
        code(6).expose(),
        lower.as_str(),
        temporary.expose(),
    ] {
        assert!(!out.contains(plain));
        assert!(!report.summary().contains(plain));
    }
    assert_no_code(out.as_bytes());
    assert!(out.ends_with(&format!("{},last\n", ps(0))));
}

#[test]
fn temporary_codes_follow_the_policy() {
    let temporary =
        Hetu::compose(date!(1985 - 03 - 09), '-', 950, HetuPolicy::ALLOW_TEMPORARY).unwrap();
    let input = format!("hetu\n{}\n", temporary.expose());
    let mut allowing = options("hetu", b',', 1);
    allowing.policy = HetuPolicy::ALLOW_TEMPORARY;
    let (out, report) =
        run_with(&ObjectorSet::new(), &key(1), input.as_bytes(), &allowing).unwrap();
    assert_eq!(report.written, 1);
    assert_eq!(
        out,
        format!("pseudonym\n{}\n", key(1).pseudonym(&temporary))
    );
}

#[test]
fn invalid_line_numbers_are_capped_but_counted() {
    let input = format!("hetu\n{}", "bad\n".repeat(250));
    let (out, report) = run(&ObjectorSet::new(), &input, "hetu", b',');
    assert_eq!(out, "pseudonym\n");
    assert_eq!(report.invalid, 250);
    assert_eq!(report.invalid_lines.len(), MAX_REPORTED_INVALID_LINES);
    assert_eq!(report.invalid_lines[99], 101);
    assert!(report.summary().ends_with(", ...)"));
}

#[test]
fn header_problems_are_typed_errors() {
    let set = ObjectorSet::new();
    let opts = options("hetu", b',', 2);
    let err = |input: &str| run_with(&set, &key(1), input.as_bytes(), &opts).unwrap_err();
    assert!(matches!(err(""), PrepareError::NoHeader));
    assert!(matches!(err("\n\n"), PrepareError::NoHeader));
    assert!(matches!(err("a,b\n1,2\n"), PrepareError::IdentityColumnMissing(c) if c == "hetu"));
    assert!(matches!(
        err("hetu,hetu\n"),
        PrepareError::IdentityColumnAmbiguous(_)
    ));
    assert!(matches!(
        err("hetu,pseudonym\n"),
        PrepareError::PseudonymColumnTaken
    ));
    let unclosed = format!(
        "hetu,b\n{},\"{}",
        code(0).expose(),
        "x".repeat(MAX_RECORD_BYTES + 3 * 256 * 1024)
    );
    assert!(matches!(
        err(&unclosed),
        PrepareError::RecordTooLong { line: 2, .. }
    ));
}

#[test]
fn a_header_only_input_is_an_empty_run() {
    let (out, report) = run(&ObjectorSet::new(), "x,hetu", "hetu", b',');
    assert_eq!(out, "x,pseudonym\n");
    assert_eq!(report, PreparationReport::default());
}

#[test]
fn the_same_permit_links_across_datasets_and_permits_do_not() {
    let set = ObjectorSet::new();
    let first = format!("hetu,a\n{},1\n{},2\n", code(0).expose(), code(1).expose());
    let second = format!("b;hetu\nx;{}\n", code(1).expose());
    let opts = options("hetu", b',', 1);
    let semi = options("hetu", b';', 1);
    // An amendment runs under the original permit's id, so it is `key(1)` again.
    let (one, _) = run_with(&set, &key(1), first.as_bytes(), &opts).unwrap();
    let (amended, _) = run_with(&set, &key(1), second.as_bytes(), &semi).unwrap();
    let (other, _) = run_with(&set, &key(2), first.as_bytes(), &opts).unwrap();
    assert!(one.contains(&ps(1)) && amended.contains(&ps(1)));
    assert!(!other.contains(&ps(0)) && !other.contains(&ps(1)));
}

#[test]
fn large_inputs_keep_order_and_never_hold_a_plain_code() {
    let mut set = ObjectorSet::new();
    let codes: Vec<Hetu> = (0..50_000u32)
        .map(|i| {
            let day = date!(1950 - 01 - 01) + time::Duration::days(i64::from(i % 10_000));
            Hetu::compose(day, '-', 2 + (i / 10_000) as u16, HetuPolicy::ORDINARY_ONLY).unwrap()
        })
        .collect();
    for hetu in codes.iter().step_by(5) {
        set.insert(hetu);
    }
    let mut input = String::from("n,hetu,text\n");
    for (i, hetu) in codes.iter().enumerate() {
        let text = if i % 3 == 0 { "\"a\nb\"" } else { "c" };
        input.push_str(&format!("{i},{},{text}\n", hetu.expose()));
    }
    let (out, report) = run(&set, &input, "hetu", b',');
    assert_eq!(report.rows_read, 50_000);
    assert_eq!(report.dropped_as_objectors, 10_000);
    assert_eq!(report.written, 40_000);
    let k = key(1);
    let expected_last = format!("49999,{},c\n", k.pseudonym(&codes[49_999]));
    assert!(out.ends_with(&expected_last));
    assert_no_code(out.as_bytes());
    let numbers: Vec<u64> = out
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next()?.parse().ok())
        .collect();
    assert!(numbers.windows(2).all(|w| w[0] < w[1]), "order kept");
}

#[test]
fn a_failing_writer_stops_the_run() {
    struct Broken;
    impl std::io::Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::new(std::io::ErrorKind::BrokenPipe, "gone"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let input = format!(
        "hetu\n{}",
        format!("{}\n", code(0).expose()).repeat(100_000)
    );
    for threads in [1, 2] {
        let err = prepare(
            &ObjectorSet::new(),
            &key(1),
            input.as_bytes(),
            Broken,
            &options("hetu", b',', threads),
            &mut |_| {},
        )
        .unwrap_err();
        assert!(matches!(err, PrepareError::Stopped { .. }));
    }
}

//! The run: the header, then blocks of records parsed on worker threads and written back
//! in order.

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

use csv::{ByteRecord, ReaderBuilder, WriterBuilder};
use tietolupa_cohort_filter::ObjectorSet;
use tietolupa_domain::{Hetu, HetuPolicy};

use crate::blocks::{Block, Blocks, ReadError, record_end};
use crate::pseudonym::{PSEUDONYM_LEN, PseudonymKey};

/// Most invalid line numbers reported (the count is always complete).
pub const MAX_REPORTED_INVALID_LINES: usize = 100;
/// The name of the column that replaces the identity-code column.
pub const PSEUDONYM_COLUMN: &str = "pseudonym";

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// What a run did. Never holds a code or any other content of the input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreparationReport {
    /// Records after the header (blank lines are not records).
    pub rows_read: u64,
    /// Valid codes of people with an objection in force: their rows are not written.
    pub dropped_as_objectors: u64,
    /// Rows whose code is not valid, or whose field count differs from the header's.
    pub invalid: u64,
    pub written: u64,
    /// The 1-based line on which each of the first [`MAX_REPORTED_INVALID_LINES`] invalid
    /// rows starts (a quoted field may span lines).
    pub invalid_lines: Vec<u64>,
}

impl PreparationReport {
    /// One line for people: `N rows: W written, D dropped as objectors, I invalid (lines ..)`.
    pub fn summary(&self) -> String {
        let mut text = format!(
            "{} rows: {} written, {} dropped as objectors, {} invalid",
            self.rows_read, self.written, self.dropped_as_objectors, self.invalid
        );
        if !self.invalid_lines.is_empty() {
            let numbers: Vec<String> = self.invalid_lines.iter().map(u64::to_string).collect();
            text.push_str(&format!(" (lines {}", numbers.join(", ")));
            if self.invalid > self.invalid_lines.len() as u64 {
                text.push_str(", ...");
            }
            text.push(')');
        }
        text
    }
}

/// How to run.
#[derive(Debug, Clone)]
pub struct PrepareOptions {
    /// The header name of the identity-code column, matched exactly.
    pub identity_column: String,
    pub delimiter: u8,
    /// Whether temporary codes are people (the cohort filter's setting).
    pub policy: HetuPolicy,
    /// Parsing threads; 1 runs everything on the calling thread.
    pub threads: usize,
}

/// Why a run did not finish. None of these echo the input's content.
#[derive(Debug, thiserror::Error)]
pub enum PrepareError {
    /// The input holds no record at all, so no header.
    #[error("the input has no header row")]
    NoHeader,
    /// The header has no column by the name the caller gave.
    #[error("the header has no column named `{0}`")]
    IdentityColumnMissing(String),
    /// The header has the identity column twice; which to pseudonymise is unclear.
    #[error("the header has more than one column named `{0}`")]
    IdentityColumnAmbiguous(String),
    /// Another column is already called `pseudonym`; the output would have two.
    #[error("the header already has a column named `pseudonym`")]
    PseudonymColumnTaken,
    /// A record is longer than [`crate::MAX_RECORD_BYTES`] (e.g. an unclosed quote).
    #[error("the record starting on line {line} is too long (an unclosed quote?)")]
    RecordTooLong {
        line: u64,
        report: PreparationReport,
    },
    /// The input could not be read or the output not written (e.g. the client went
    /// away). `report` counts what was done before.
    #[error("preparation stopped: {source}")]
    Stopped {
        #[source]
        source: io::Error,
        report: PreparationReport,
    },
}

impl PrepareError {
    fn from_read(e: ReadError, report: PreparationReport) -> PrepareError {
        match e {
            ReadError::Io(source) => PrepareError::Stopped { source, report },
            ReadError::RecordTooLong { line } => PrepareError::RecordTooLong { line, report },
        }
    }
}

/// What every worker needs.
struct Job<'a> {
    set: &'a ObjectorSet,
    key: &'a PseudonymKey,
    policy: HetuPolicy,
    delimiter: u8,
    column: usize,
    fields: usize,
}

/// A processed block.
struct Done {
    seq: u64,
    input_bytes: usize,
    output: Vec<u8>,
    rows: u64,
    dropped: u64,
    written: u64,
    invalid: u64,
    /// Absolute line numbers, at most the report's cap.
    invalid_lines: Vec<u64>,
}

impl Done {
    fn invalid(&mut self, line: u64) {
        self.invalid += 1;
        if self.invalid_lines.len() < MAX_REPORTED_INVALID_LINES {
            self.invalid_lines.push(line);
        }
    }
}

fn process(job: &Job<'_>, block: Block) -> Done {
    let mut done = Done {
        seq: block.seq,
        input_bytes: block.data.len(),
        output: Vec::with_capacity(block.data.len() + block.data.len() / 4),
        rows: 0,
        dropped: 0,
        written: 0,
        invalid: 0,
        invalid_lines: Vec::new(),
    };
    if memchr::memchr(b'"', &block.data).is_none() {
        process_unquoted(job, &block.data, block.first_line, &mut done);
    } else {
        process_csv(job, &block.data, block.first_line, &mut done);
    }
    done
}

/// The person of a row: dropped, invalid, or the pseudonym to write.
fn judge<'k>(
    job: &Job<'_>,
    code: &[u8],
    pseudonym: &'k mut [u8; PSEUDONYM_LEN],
) -> Result<Option<&'k [u8]>, ()> {
    match Hetu::parse_bytes(code, job.policy) {
        Ok(hetu) if job.set.contains(&hetu) => Ok(None),
        Ok(hetu) => {
            job.key.pseudonym_into(&hetu, pseudonym);
            Ok(Some(&pseudonym[..]))
        }
        Err(_) => Err(()),
    }
}

/// The fast path for a block without a quote, as most register extracts are: every line is
/// a record and every delimiter separates fields, so a written row is the input line with
/// the code's bytes swapped for the pseudonym; no field needs quoting, as none holds a
/// quote, delimiter or line end. Blank lines are no records, as for the csv crate; a line
/// with a bare `\r` inside (which the csv crate takes for a line end) goes the csv way.
fn process_unquoted(job: &Job<'_>, data: &[u8], first_line: u64, done: &mut Done) {
    let mut pseudonym = [0u8; PSEUDONYM_LEN];
    let mut line_number = first_line;
    let mut rest = data;
    while !rest.is_empty() {
        let (line, next) = match memchr::memchr(b'\n', rest) {
            Some(p) => (&rest[..p], &rest[p + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        rest = next;
        let this_line = line_number;
        line_number += 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        if memchr::memchr(b'\r', line).is_some() {
            process_csv(job, line, this_line, done);
            continue;
        }
        done.rows += 1;
        let mut fields = 1;
        let mut field_start = 0;
        let mut code = None;
        for at in memchr::memchr_iter(job.delimiter, line) {
            if fields == job.column + 1 {
                code = Some(field_start..at);
            }
            fields += 1;
            field_start = at + 1;
        }
        if fields == job.column + 1 {
            code = Some(field_start..line.len());
        }
        let Some(code) = code.filter(|_| fields == job.fields) else {
            done.invalid(this_line);
            continue;
        };
        match judge(job, &line[code.clone()], &mut pseudonym) {
            Ok(None) => done.dropped += 1,
            Ok(Some(pseudonym)) => {
                done.output.extend_from_slice(&line[..code.start]);
                done.output.extend_from_slice(pseudonym);
                done.output.extend_from_slice(&line[code.end..]);
                done.output.push(b'\n');
                done.written += 1;
            }
            Err(()) => done.invalid(this_line),
        }
    }
}

/// The general path: the csv crate reads the records and writes them, quoting fields
/// where needed.
fn process_csv(job: &Job<'_>, data: &[u8], first_line: u64, done: &mut Done) {
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(job.delimiter)
        .from_reader(data);
    let mut writer = WriterBuilder::new()
        .has_headers(false)
        .delimiter(job.delimiter)
        .from_writer(std::mem::take(&mut done.output));
    let mut record = ByteRecord::new();
    let mut pseudonym = [0u8; PSEUDONYM_LEN];
    // Lines are counted here from the record's byte offset: the csv crate's own line
    // numbers miss blank CRLF lines. Line ends before a record are blank lines it skipped.
    let mut cursor = (0usize, first_line);
    let mut line_of = |position: Option<&csv::Position>| {
        let byte = position.map_or(0, |p| p.byte() as usize).min(data.len());
        let mut at = byte.max(cursor.0);
        while at < data.len() && (data[at] == b'\n' || data[at] == b'\r') {
            at += 1;
        }
        cursor.1 += memchr::memchr_iter(b'\n', &data[cursor.0..at]).count() as u64;
        cursor.0 = at;
        cursor.1
    };
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                done.rows += 1;
                let line = line_of(record.position());
                if record.len() != job.fields {
                    done.invalid(line);
                    continue;
                }
                match judge(job, &record[job.column], &mut pseudonym) {
                    Ok(None) => done.dropped += 1,
                    Ok(Some(pseudonym)) => {
                        let fields = record
                            .iter()
                            .enumerate()
                            .map(|(i, field)| if i == job.column { pseudonym } else { field });
                        writer
                            .write_record(fields)
                            .expect("writing to memory cannot fail");
                        done.written += 1;
                    }
                    Err(()) => done.invalid(line),
                }
            }
            // A slice cannot fail to read and a flexible reader takes any field count;
            // should the csv crate refuse a record anyway, it is invalid, not echoed.
            Err(e) => {
                done.rows += 1;
                done.invalid(line_of(e.position()));
            }
        }
    }
    done.output = writer
        .into_inner()
        .unwrap_or_else(|_| unreachable!("flushing to memory cannot fail"));
}

/// The header record and where the data starts in `block` (the BOM and any blank lines
/// before the header are skipped).
fn read_header(block: &mut Block, delimiter: u8) -> Result<Option<ByteRecord>, PrepareError> {
    if block.seq == 0 && block.data.starts_with(UTF8_BOM) {
        block.data.drain(..UTF8_BOM.len());
    }
    loop {
        if block.data.is_empty() {
            return Ok(None);
        }
        let end = record_end(&block.data, delimiter, true).unwrap_or(block.data.len());
        let mut reader = ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(&block.data[..end]);
        let mut header = ByteRecord::new();
        let found = reader.read_byte_record(&mut header).unwrap_or(false);
        let newlines = memchr::memchr_iter(b'\n', &block.data[..end]).count() as u64;
        block.data.drain(..end);
        block.first_line += newlines;
        if found {
            return Ok(Some(header));
        }
    }
}

/// Runs the preparation from `input` to `output`: the header with the identity column
/// renamed `pseudonym`, then every row of a person without an objection in force, with the
/// code replaced by the pseudonym, in input order. `progress` is told the input bytes
/// consumed after each block. The output is flushed before returning.
pub fn prepare<R, W>(
    set: &ObjectorSet,
    key: &PseudonymKey,
    input: R,
    mut output: W,
    options: &PrepareOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<PreparationReport, PrepareError>
where
    R: Read + Send,
    W: Write,
{
    let mut blocks = Blocks::new(input, options.delimiter);
    let mut report = PreparationReport::default();
    let mut consumed = 0u64;
    let (header, first) = loop {
        let Some(mut block) = blocks
            .next_block()
            .map_err(|e| PrepareError::from_read(e, PreparationReport::default()))?
        else {
            return Err(PrepareError::NoHeader);
        };
        let before = block.data.len();
        let header = read_header(&mut block, options.delimiter)?;
        consumed += (before - block.data.len()) as u64;
        if let Some(header) = header {
            break (header, Some(block));
        }
    };
    let name = options.identity_column.as_bytes();
    let mut at = header.iter().enumerate().filter(|(_, f)| *f == name);
    let column = match (at.next(), at.next()) {
        (Some((i, _)), None) => i,
        (None, _) => {
            return Err(PrepareError::IdentityColumnMissing(
                options.identity_column.clone(),
            ));
        }
        (Some(_), Some(_)) => {
            return Err(PrepareError::IdentityColumnAmbiguous(
                options.identity_column.clone(),
            ));
        }
    };
    if header.iter().any(|f| f == PSEUDONYM_COLUMN.as_bytes()) {
        return Err(PrepareError::PseudonymColumnTaken);
    }
    let job = Job {
        set,
        key,
        policy: options.policy,
        delimiter: options.delimiter,
        column,
        fields: header.len(),
    };

    let stopped = |source, report| PrepareError::Stopped { source, report };
    let mut header_out = WriterBuilder::new()
        .has_headers(false)
        .delimiter(options.delimiter)
        .from_writer(Vec::new());
    header_out
        .write_record(header.iter().enumerate().map(|(i, f)| {
            if i == column {
                PSEUDONYM_COLUMN.as_bytes()
            } else {
                f
            }
        }))
        .expect("writing to memory cannot fail");
    let header_out = header_out
        .into_inner()
        .unwrap_or_else(|_| unreachable!("flushing to memory cannot fail"));
    if let Err(e) = output.write_all(&header_out) {
        return Err(stopped(e, report));
    }
    progress(consumed);

    let mut write_done = |done: Done, report: &mut PreparationReport| -> io::Result<()> {
        output.write_all(&done.output)?;
        for line in done.invalid_lines.iter().copied() {
            if report.invalid_lines.len() < MAX_REPORTED_INVALID_LINES {
                report.invalid_lines.push(line);
            }
        }
        report.invalid += done.invalid;
        report.rows_read += done.rows;
        report.dropped_as_objectors += done.dropped;
        report.written += done.written;
        consumed += done.input_bytes as u64;
        progress(consumed);
        Ok(())
    };

    if options.threads <= 1 {
        let mut next = first;
        loop {
            let block = match next.take() {
                Some(block) => block,
                None => match blocks.next_block() {
                    Ok(Some(block)) => block,
                    Ok(None) => break,
                    Err(e) => return Err(PrepareError::from_read(e, report)),
                },
            };
            if let Err(e) = write_done(process(&job, block), &mut report) {
                return Err(stopped(e, report));
            }
        }
    } else {
        let threads = options.threads;
        let in_flight = threads * 4;
        let job = &job;
        let outcome = std::thread::scope(|scope| -> Result<(), ReadError> {
            // Tokens bound the blocks between reading and writing, so a slow block cannot
            // make the others pile up in memory.
            let (token_tx, token_rx) = sync_channel::<()>(in_flight);
            for _ in 0..in_flight {
                token_tx
                    .send(())
                    .expect("the channel has room for every token");
            }
            let (work_tx, work_rx) = sync_channel::<Block>(in_flight);
            let work_rx = Arc::new(Mutex::new(work_rx));
            let (done_tx, done_rx) = sync_channel::<Done>(in_flight);
            let reader = scope.spawn(move || read_blocks(first, blocks, token_rx, work_tx));
            for _ in 0..threads {
                let work_rx = Arc::clone(&work_rx);
                let done_tx = done_tx.clone();
                scope.spawn(move || parse_blocks(job, &work_rx, &done_tx));
            }
            drop(done_tx);
            let mut pending: BTreeMap<u64, Done> = BTreeMap::new();
            let mut next = 0u64;
            let mut written = Ok(());
            for done in done_rx {
                pending.insert(done.seq, done);
                while let Some(done) = pending.remove(&next) {
                    if let Err(e) = write_done(done, &mut report) {
                        written = Err(e);
                        break;
                    }
                    next += 1;
                    // The reader may be gone already; a missing token then harms no one.
                    let _ = token_tx.send(());
                }
                if written.is_err() {
                    break;
                }
            }
            // Dropping the token sender (and, on error, the result receiver) stops the
            // reader and the workers.
            drop(token_tx);
            written?;
            reader.join().unwrap_or_else(|_| {
                Err(ReadError::Io(io::Error::other(
                    "the reader thread panicked",
                )))
            })
        });
        if let Err(e) = outcome {
            return Err(PrepareError::from_read(e, report));
        }
    }
    if let Err(e) = output.flush() {
        return Err(stopped(e, report));
    }
    Ok(report)
}

fn read_blocks<R: Read>(
    first: Option<Block>,
    mut blocks: Blocks<R>,
    tokens: Receiver<()>,
    work: SyncSender<Block>,
) -> Result<(), ReadError> {
    let mut first = first;
    while tokens.recv().is_ok() {
        let block = match first.take() {
            Some(block) => block,
            None => match blocks.next_block()? {
                Some(block) => block,
                None => return Ok(()),
            },
        };
        if work.send(block).is_err() {
            return Ok(());
        }
    }
    Ok(())
}

fn parse_blocks(job: &Job<'_>, work: &Mutex<Receiver<Block>>, done: &SyncSender<Done>) {
    loop {
        let block = match work.lock() {
            Ok(receiver) => match receiver.recv() {
                Ok(block) => block,
                Err(_) => return,
            },
            Err(_) => return,
        };
        if done.send(process(job, block)).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tietolupa_domain::HetuPolicy;

    /// The fast path must give what the csv crate gives, byte for byte and count for count.
    #[test]
    fn the_unquoted_path_agrees_with_the_csv_path() {
        let mut set = ObjectorSet::new();
        let objector = Hetu::parse("131052-308T", HetuPolicy::ORDINARY_ONLY).unwrap();
        set.insert(&objector);
        let person = Hetu::compose(
            time::macros::date!(1960 - 02 - 03),
            '-',
            123,
            HetuPolicy::ORDINARY_ONLY,
        )
        .unwrap();
        let key = PseudonymKey::derive(&[3; 32], "ps-1", uuid::Uuid::from_u128(5));
        let job = Job {
            set: &set,
            key: &key,
            policy: HetuPolicy::ORDINARY_ONLY,
            delimiter: b',',
            column: 1,
            fields: 3,
        };
        let data = "1,P,a\r\n\r\n2,bad,b\n3,P\n4,131052-308T,c\n,P,\n5,P,x\ry\n6,P,z"
            .replace('P', person.expose());
        let data = data.as_bytes();
        let run = |csv: bool| {
            let mut done = Done {
                seq: 0,
                input_bytes: 0,
                output: Vec::new(),
                rows: 0,
                dropped: 0,
                written: 0,
                invalid: 0,
                invalid_lines: Vec::new(),
            };
            if csv {
                process_csv(&job, data, 10, &mut done);
            } else {
                process_unquoted(&job, data, 10, &mut done);
            }
            (
                done.output,
                done.rows,
                done.dropped,
                done.written,
                done.invalid_lines,
            )
        };
        let (fast, slow) = (run(false), run(true));
        assert_eq!(
            String::from_utf8_lossy(&fast.0),
            String::from_utf8_lossy(&slow.0)
        );
        assert_eq!(fast, slow);
        assert_eq!((fast.1, fast.2, fast.3), (8, 1, 4));
        assert_eq!(fast.4, vec![12, 13, 16]);
    }
}
